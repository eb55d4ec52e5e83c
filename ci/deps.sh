#!/bin/bash
# ci/deps.sh [--host | TARGET...]: install, from Debian packages, whatever
# is missing for the host tools, the kernel tree (Debian's linux-source-BASE;
# none with KSRC=) and the given targets (default: every target; --host:
# none). As non-root, say exactly which apt-get command would fix it.
set -eu
. "$(dirname "$0")/lib.sh"

pkgs="make gcc git xz-utils flex bison bc libelf-dev libssl-dev cpio ccache
	shellcheck jq python3-jsonschema libjansson-dev ${VMS_EXTRA_PKGS:-}"
if [ -z "${KSRC:-}" ] && [ -f "$VMS_TOP/ci/kernels/$VMS_BASE.kernel" ]; then
	pkgs="$pkgs $(load_kernel "$VMS_BASE" && echo "$K_PACKAGE")"
fi
# node and npm run the workflow checks (make workflows): Debian's packages
# only when the commands are missing, so a node from elsewhere (one that
# bundles npm conflicts with Debian's npm package) is left alone.
command -v node >/dev/null || pkgs="$pkgs nodejs"
command -v npm >/dev/null || pkgs="$pkgs npm"
targets=("$@")
if [ "${1:-}" = --host ]; then targets=(); elif [ ${#targets[@]} = 0 ]; then mapfile -t targets < <(all_targets); fi
for t in "${targets[@]}"; do
	tp=$(load_target "$t" && echo "$T_PACKAGES") || exit 1
	pkgs="$pkgs $tp"
done
# shellcheck disable=SC2086 # word lists
missing=$(for p in $pkgs; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || echo "$p"
done | sort -u | tr '\n' ' ')
[ -z "${missing// /}" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	die "missing Debian packages: $missing" "" "sudo apt-get install -y $missing"
fi
note "installing $missing"
export DEBIAN_FRONTEND=noninteractive
log=$VMS_OUT/deps.log
mkdir -p "$VMS_OUT"
# shellcheck disable=SC2086
{ apt-get update -q && apt-get install -y -q --no-install-recommends $missing; } >"$log" 2>&1 ||
	die "apt-get install failed for: $missing" "$log" "apt-get install -y $missing"
