#!/bin/bash
# A Kconfig option that cannot be set is named, and the config is refused.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
frag=$(mktemp)
trap 'rm -f "$frag"' EXIT
# KASAN_SW_TAGS exists but depends on arm64: x86_64 cannot have it.
printf 'CONFIG_KASAN_SW_TAGS=y\nCONFIG_VMSHADOW_NO_SUCH_OPTION=y\n' >"$frag"
rc=0
out=$(EXTRA_CONFIG=$frag "$top/ci/config.sh" x86_64 kasan-vmalloc base 2>&1) || rc=$?
echo "$out"
[ "$rc" != 0 ] || { echo "FAIL: config.sh accepted impossible options"; exit 1; }
for o in CONFIG_KASAN_SW_TAGS CONFIG_VMSHADOW_NO_SUCH_OPTION; do
	echo "$out" | grep -q "$o (asked" || { echo "FAIL: $o not named"; exit 1; }
done
echo "$out" | grep -q "full log:" || { echo "FAIL: no log path"; exit 1; }
echo "$out" | grep -q "reproduce:" || { echo "FAIL: no reproduce command"; exit 1; }
