#!/bin/bash
# vmshadow reads KTAP as the kernel's own kunit.py does: on every log of
# tools/testing/kunit/test_data/ the counts of `vmshadow parse --counts`
# equal those of `kunit.py parse --json` (passed, failed, skipped; its
# crashed is our ERROR; its parse "errors" count nothing in ours).
#
#   bash ci/tests/quick-kunit-parity.sh [KUNIT_DIR]
#
# KUNIT_DIR is a tools/testing/kunit folder; by default the base tree's
# (out/src/linux), else the one in $VMS_TARBALL
# (/usr/src/linux-source-6.12.tar.xz), extracted once into
# out/tests/quick-kunit-parity/. kunit.py's counts are its own summary line
# ("Testing complete. Ran N tests: passed: N, ..."), read by python3 from
# the output of `kunit.py parse --json`, whose JSON must be valid too.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
self="bash ci/tests/quick-kunit-parity.sh"
command -v python3 >/dev/null || { echo "python3 is not installed (apt-get install python3)"; exit 4; }
kunit=${1:-}
if [ -z "$kunit" ] && [ -f "$top/out/src/linux/tools/testing/kunit/kunit.py" ]; then
	kunit=$top/out/src/linux/tools/testing/kunit
fi
if [ -z "$kunit" ]; then
	tarball=${VMS_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
	[ -r "$tarball" ] || { echo "no kunit folder given and $tarball is missing (apt-get install linux-source-6.12)"; exit 4; }
	# kunit.py must sit in .../tools/testing/kunit (it looks for the root).
	cache=$top/out/tests/quick-kunit-parity
	root=$cache/linux-$(stat -c '%s-%Y' "$tarball")
	kunit=$root/tools/testing/kunit
	if [ ! -f "$kunit/kunit.py" ]; then
		mkdir -p "$cache"
		tmp=$(mktemp -d "$cache/extract.XXXXXX")
		trap 'rm -rf "$tmp"' EXIT
		# The tarball's top folder (linux-source-6.12/); tar -t stops early.
		first=$(tar -tf "$tarball" | head -n1) || true
		first=${first%%/*}
		echo "extracting $first/tools/testing/kunit from $tarball"
		tar -C "$tmp" --strip-components=1 -xf "$tarball" "$first/tools/testing/kunit" ||
			{ echo "FAIL: cannot extract $first/tools/testing/kunit from $tarball"; exit 1; }
		rm -rf "$root"
		mv "$tmp" "$root"
	fi
fi
kunit=$(cd "$kunit" && pwd)
if [ ! -f "$kunit/kunit.py" ] || [ ! -d "$kunit/test_data" ]; then
	echo "FAIL: $kunit has no kunit.py and test_data/"; exit 1
fi
make -s -C "$top/ci/vmshadow" OUT="$top/out/bin" >/dev/null
vms=$top/out/bin/vmshadow

# kunit.py's summary line into "pass N fail N skip N error N".
kunit_counts() {
	python3 -c '
import json, re, sys
out = sys.stdin.read()
m = re.search(r"Testing complete\. Ran (\d+) tests?(?:: (.*))?$", out, re.M)
if not m:
    sys.exit("no summary line in the output of kunit.py")
json.loads(out[out.index("\n{") + 1:])
n = dict((k, int(v)) for k, v in re.findall(r"(passed|failed|crashed|skipped|errors): (\d+)", m.group(2) or ""))
print("pass %d fail %d skip %d error %d" % (n.get("passed", 0), n.get("failed", 0),
      n.get("skipped", 0), n.get("crashed", 0)))
'
}

total=0 agree=0 differ=()
for log in "$kunit"/test_data/*.log; do
	name=$(basename "$log")
	total=$((total + 1))
	theirs=$(python3 "$kunit/kunit.py" parse --json "$log" 2>&1 | kunit_counts) ||
		{ echo "FAIL: $name: cannot read the counts of kunit.py parse --json (reproduce: python3 $kunit/kunit.py parse --json $log)"; exit 1; }
	ours=$("$vms" parse "$log" --counts) ||
		{ echo "FAIL: $name: vmshadow parse failed (reproduce: $vms parse $log --counts)"; exit 1; }
	if [ "$theirs" = "$ours" ]; then
		agree=$((agree + 1))
		echo "agree  $name: $ours"
	else
		differ+=("$name")
		echo "DIFFER $name: kunit.py: $theirs; vmshadow: $ours"
		echo "  reproduce: python3 $kunit/kunit.py parse --json $log; $vms parse $log --counts"
	fi
done
[ "$total" -gt 0 ] || { echo "FAIL: no log in $kunit/test_data"; exit 1; }
echo "$agree of $total logs agree with kunit.py ($kunit)"
if [ "$agree" != "$total" ]; then
	echo "FAIL: vmshadow and kunit.py differ on ${differ[*]}; reproduce: $self $kunit"
	exit 1
fi
