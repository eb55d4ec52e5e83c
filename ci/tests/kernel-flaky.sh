#!/bin/bash
# A failure that passes on a second boot is reported as flaky: named, kept
# in run.json and summary.txt, both logs kept, never a plain pass. Both
# boots' folders have a kcidb.json valid against the schema kept in the repo
# (ci/tests/quick-kcidb-schema.sh), the same kernel (build id) with test
# ids of their own.
set -eu
. "$(dirname "$0")/lib.sh"
new_runs flaky
# The first boot only gets an unparsable test_vmalloc parameter. KUNIT=0:
# this test is about the retry, and the KUnit suites' verdicts are the
# matrix's (a KUnit flake in the second boot would fail this test).
pipeline KUNIT=0 VMS_FIRST_BOOT_APPEND=vmshadow.tv=test_loop_count=notanumber \
	ARCH=x86_64 VARIANT=kasan-vmalloc TREE=series
if [ "$rc" != 0 ]; then
	# What the second boot found: the summary above is the first boot's.
	echo "second boot ($r/retry):"
	sed 's/^/  /' "$r/retry/summary.txt" 2>/dev/null || echo "  no summary.txt"
	fail "exit $rc"
fi
[ "$(jq -r .verdict "$r/run.json")" = flaky ] || fail "verdict is not flaky"
jq -e '.flaky == ["runner/test_vmalloc"]' "$r/run.json" >/dev/null || fail "flaky list"
[ "$(jq -r .verdict "$r/retry/results.json")" = pass ] || fail "retry not pass"
grep -q '^flaky: runner/test_vmalloc' "$r/summary.txt" || fail "not in summary"
echo "$out" | grep -q "FLAKY:" || fail "not said"
for f in "$r/kcidb.json" "$r/retry/kcidb.json"; do
	[ -s "$f" ] || fail "no $f"
done
bash "$top/ci/tests/quick-kcidb-schema.sh" "$r/kcidb.json" "$r/retry/kcidb.json" ||
	fail "kcidb.json of $r or its retry/ is not valid"
jq -e -n --slurpfile a "$r/kcidb.json" --slurpfile b "$r/retry/kcidb.json" '
	[$a[0].tests[].id] as $x | [$b[0].tests[].id] as $y
	| ($y | length) > 0 and ($x - ($x - $y)) == []
	and $a[0].builds[0].id == $b[0].builds[0].id' >/dev/null ||
	fail "retry/kcidb.json: not the same build id, or test ids of the first boot's"
# Each is its own boot's: test_vmalloc failed in the first, passed in the second.
jq -e -n --slurpfile a "$r/kcidb.json" --slurpfile b "$r/retry/kcidb.json" '
	def step($k): [$k[0].tests[] | select(.path == "vmshadow.test_vmalloc") | .status];
	(step($a) | length == 1 and .[0] != "PASS") and step($b) == ["PASS"]' >/dev/null ||
	fail "kcidb.json's vmshadow.test_vmalloc is not FAIL/ERROR, or retry/kcidb.json's not PASS"
pass
