#!/bin/bash
# A failure that passes on a second boot is reported as flaky: named, kept
# in run.json and summary.txt, both logs kept, never a plain pass.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$top/out/tests"
runs=$(mktemp -d "$top/out/tests/flaky.XXXXXX")
rc=0
# The first boot only gets an unparsable test_vmalloc parameter. KUNIT=0:
# this test is about the retry, and the KUnit suites' verdicts are the
# matrix's (a KUnit flake in the second boot would fail this test).
out=$(KUNIT=0 RUNS_DIR=$runs VMS_FIRST_BOOT_APPEND=vmshadow.tv=test_loop_count=notanumber \
	ARCH=x86_64 VARIANT=kasan-vmalloc TREE=series "$top/ci/run.sh" 2>&1) || rc=$?
echo "$out"
r=$(find "$runs" -mindepth 1 -maxdepth 1 -type d | head -n1)
if [ "$rc" != 0 ]; then
	# What the second boot found: the summary above is the first boot's.
	echo "second boot ($r/retry):"
	sed 's/^/  /' "$r/retry/summary.txt" 2>/dev/null || echo "  no summary.txt"
	echo "FAIL: exit $rc"
	exit 1
fi
[ "$(jq -r .verdict "$r/run.json")" = flaky ] || { echo "FAIL: verdict is not flaky"; exit 1; }
jq -e '.flaky == ["runner/test_vmalloc"]' "$r/run.json" >/dev/null || { echo "FAIL: flaky list"; exit 1; }
[ "$(jq -r .verdict "$r/retry/results.json")" = pass ] || { echo "FAIL: retry not pass"; exit 1; }
grep -q '^flaky: runner/test_vmalloc' "$r/summary.txt" || { echo "FAIL: not in summary"; exit 1; }
echo "$out" | grep -q "FLAKY:" || { echo "FAIL: not said"; exit 1; }
rm -rf "$runs"
