#!/bin/bash
# ci/fuzz.sh [RUNS]: fuzz the console-log parser with libFuzzer (clang,
# ASan+UBSan) for RUNS executions (default 10000000). The log, with
# libFuzzer's final stats, is kept in out/fuzz/<time>.log; crashes land in
# out/obj/vmshadow/fuzz-artifacts/. Exit non-zero on any crash.
set -eu
. "$(dirname "$0")/lib.sh"
runs=${1:-10000000}
VMS_EXTRA_PKGS="clang-14 libclang-rt-14-dev" "$VMS_TOP/ci/deps.sh" x86_64
mkdir -p "$VMS_OUT/fuzz"
log=$VMS_OUT/fuzz/$(stamp)-$runs.log
rc=0
make -C "$VMS_TOP/ci/vmshadow" fuzz RUNS="$runs" >"$log" 2>&1 || rc=$?
grep -E '^stat::(number_of_executed_units|peak_rss_mb)|^Done [0-9]+ runs' "$log" || true
# Ctrl-C or kill: libFuzzer says so and prints its stats; not a crash.
if [ "$rc" != 0 ] && grep -q 'libFuzzer: run interrupted' "$log" &&
	! grep -qE '^==[0-9]+==ERROR|^SUMMARY: ' "$log"; then
	die "the fuzzer was interrupted after $(sed -n 's/^stat::number_of_executed_units: *//p' "$log") of $runs runs, no crash" "$log" "make fuzz RUNS=$runs"
fi
[ "$rc" = 0 ] || die "the fuzzer found a crash (exit $rc)" "$log" "make fuzz RUNS=$runs"
echo "fuzz: $runs runs, no crash; log $log"
