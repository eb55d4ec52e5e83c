#!/bin/bash
# Plan stress end to end (make run PLAN=stress), x86_64 kasan-vmalloc series
# in its own build dir (x86_64-kasan-vmalloc-series-stress, the options of
# ci/configs/plan-stress.config), booted with mem=256M:
#   test_vmalloc_stress               test_vmalloc, nr_threads = CPUs, repeated
#   kunit_fault_kasan_vmalloc_shadow  the KUnit suite re-run from debugfs under
#                                     fail_page_alloc (its stress threads only)
#   test_vmalloc_fault                test_vmalloc under fail_page_alloc
#                                     (test_vmalloc's own stacks only)
# Asserts: verdict pass; the three steps pass (each checks that no vmalloc
# shadow leaked: kselftests/runner/stress.c states the rule); no unexpected
# kernel report (KASAN, BUG, WARNING, Oops: only "vmalloc error" ALLOC
# reports, which the failed allocations print, are expected, in the fault
# steps); failures were really injected; the smoke kernel's build dir was
# not reconfigured. STRESS_APPEND= adds kernel parameters (e.g.
# vmshadow.break=break_purge, which must make it fail).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
runs=$(mktemp -d "$top/out/tests/stress.XXXXXX")
fail() { echo "FAIL: $*"; exit 1; }
smoke=$top/out/build/x86_64-kasan-vmalloc-series/.config
smoke_sum=$(sha256sum "$smoke" 2>/dev/null || true)

t0=$(date +%s)
rc=0
out=$(RUNS_DIR=$runs PLAN=stress APPEND="${STRESS_APPEND:-}" ARCH=x86_64 VARIANT=kasan-vmalloc \
	TREE=series "$top/ci/run.sh" 2>&1) || rc=$?
echo "$out"
echo "run took $(( $(date +%s) - t0 ))s"
r=$(find "$runs" -mindepth 1 -maxdepth 1 -type d | head -n1)
[ -n "$r" ] || fail "no run folder in $runs (exit $rc)"
[ -f "$r/results.json" ] || fail "$r has no results.json (exit $rc)"
grep -q -- '-series-stress/arch/x86/boot/bzImage' "$r/qemu.cmd" || fail "not the stress build dir's kernel: $(cat "$r/qemu.cmd")"
grep -q 'mem=256M' "$r/qemu.cmd" || fail "not booted with mem=256M"
for o in FAULT_INJECTION FAIL_PAGE_ALLOC FAULT_INJECTION_DEBUG_FS FAULT_INJECTION_STACKTRACE_FILTER \
	KUNIT_DEBUGFS KASAN_VMALLOC KASAN_VMALLOC_KUNIT_TEST; do
	grep -q "^CONFIG_$o=y" "$r/config" || fail "CONFIG_$o is not set in $r/config"
done
[ "$(sha256sum "$smoke" 2>/dev/null || true)" = "$smoke_sum" ] || fail "$smoke changed"

# The numbers, from the runner's diagnostics.
grep -E 'vmshadow: # (test_vmalloc_stress|kunit_fault|test_vmalloc_fault): ' "$r/console.log" | sed 's/^\[[^]]*\] //'
jq -r '"reports: \(.reports | length) (unexpected: \([.reports[] | select(.expected | not)] | length)), kinds: \([.reports[].kind] | group_by(.) | map("\(.[0]) \(length)") | join(", "))"' "$r/results.json"

[ "$rc" = 0 ] || fail "run exited $rc"
[ "$(jq -r .verdict "$r/results.json")" = pass ] || fail "verdict $(jq -r .verdict "$r/results.json")"
for step in test_vmalloc_stress kunit_fault_kasan_vmalloc_shadow test_vmalloc_fault; do
	jq -e --arg s "$step" '[.tests[] | select(.suite == "runner" and .name == $s and .status == "PASS")] | length == 1' \
		"$r/results.json" >/dev/null || fail "step $step did not pass: $(jq -c --arg s "$step" '.tests[] | select(.name == $s)' "$r/results.json")"
done
jq -e '[.reports[] | select(.expected | not)] | length == 0' "$r/results.json" >/dev/null ||
	fail "unexpected kernel reports: $(jq -c '[.reports[] | select(.expected | not) | .title]' "$r/results.json")"
jq -e '[.reports[] | select(.kind != "ALLOC")] | length == 0' "$r/results.json" >/dev/null ||
	fail "reports other than ALLOC: $(jq -c '[.reports[] | select(.kind != "ALLOC") | .title]' "$r/results.json")"
injected=$(sed -n 's/.*vmshadow: # kunit_fault: injected \([0-9]*\) .*/\1/p' "$r/console.log")
[ "${injected:-0}" -gt 0 ] || fail "no failure injected into the KUnit re-run"
injected=$(sed -n 's/.*vmshadow: # test_vmalloc_fault: injected \([0-9]*\) .*/\1/p' "$r/console.log")
[ "${injected:-0}" -gt 0 ] || fail "no failure injected into test_vmalloc"
echo "ok: stress plan passed; run folder $r"
rm -rf "$runs"
