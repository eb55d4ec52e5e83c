#!/bin/bash
# As non-root, a missing package is named with the apt-get line that fixes it.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
command -v setpriv >/dev/null || { echo "setpriv (util-linux) missing"; exit 4; }
rc=0
out=$(VMS_EXTRA_PKGS=vmshadow-no-such-package VMS_OUT=$(mktemp -d) \
	setpriv --reuid=65534 --regid=65534 --clear-groups "$top/ci/deps.sh" x86_64 2>&1) || rc=$?
echo "$out"
[ "$rc" != 0 ] || { echo "FAIL: deps.sh succeeded"; exit 1; }
echo "$out" | grep -q "missing Debian packages: vmshadow-no-such-package" || { echo "FAIL: package not named"; exit 1; }
echo "$out" | grep -q "apt-get install -y vmshadow-no-such-package" || { echo "FAIL: no apt-get line"; exit 1; }
