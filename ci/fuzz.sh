#!/bin/bash
# ci/fuzz.sh [RUNS] [JOBS] [FUZZER] (or RUNS=, JOBS=, FUZZER= in the
# environment, as make fuzz passes them): fuzz the console-log parser
# (FUZZER=parse, the default) or the JSON reader (FUZZER=jread) with
# libFuzzer (clang, ASan+UBSan) for RUNS executions (default 10000000).
# JOBS > 1 (default 1) is one libFuzzer run in fork mode with JOBS
# workers: RUNS counts executions across all of them, and the first crash
# ends the run.
# The log, with libFuzzer's stats, is kept in
# out/fuzz/<time>-<FUZZER>-<RUNS>-j<JOBS>.log; crashes land in
# out/obj/vmshadow/fuzz-artifacts/. Exit non-zero on any crash; a RUNS or
# JOBS that is no positive whole number, or an unknown FUZZER, exits 1
# before anything is made.
set -eu
. "$(dirname "$0")/lib.sh"
runs=${1:-${RUNS:-10000000}}
jobs=${2:-${JOBS:-1}}
fuzzer=${3:-${FUZZER:-parse}}
check_inputs "make fuzz" RUNS="$runs" JOBS="$jobs" FUZZER="$fuzzer"
VMS_EXTRA_PKGS="clang-14 libclang-rt-14-dev" "$VMS_TOP/ci/deps.sh" x86_64
mkdir -p "$VMS_OUT/fuzz"
log=$VMS_OUT/fuzz/$(stamp)-$fuzzer-$runs-j$jobs.log
rc=0
make -C "$VMS_TOP/ci/vmshadow" fuzz FUZZER="$fuzzer" RUNS="$runs" JOBS="$jobs" >"$log" 2>&1 || rc=$?
# Executions so far: the final stats (one process), else the last
# "#N: cov: ..." progress line of fork mode, which sums its workers.
executed() {
	n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	[ -n "$n" ] || n=$(sed -n 's/^#\([0-9][0-9]*\): cov:.*/\1/p' "$log" | tail -n 1)
	echo "${n:-0}"
}
grep -E '^stat::(number_of_executed_units|peak_rss_mb)|^Done [0-9]+ runs|^INFO: fuzzed for|oom/timeout/crash' "$log" | tail -n 3 || true
# Ctrl-C or kill: libFuzzer says so and prints its stats; not a crash.
# Fork mode says neither: its parent exits 72 ("INFO: exiting: 72") with
# no crash counted on its last progress line.
if [ "$rc" != 0 ] && { grep -q 'libFuzzer: run interrupted' "$log" ||
	{ grep -q '^INFO: exiting: ' "$log" &&
	  grep '^#[0-9]*: cov:' "$log" | tail -n 1 | grep -q 'oom/timeout/crash: 0/0/0'; }; } &&
	! grep -qE '^==[0-9]+==ERROR|^SUMMARY: ' "$log"; then
	die "the fuzzer was interrupted after $(executed) of $runs runs, no crash" "$log" "make fuzz FUZZER=$fuzzer RUNS=$runs JOBS=$jobs"
fi
[ "$rc" = 0 ] || die "the fuzzer found a crash (exit $rc) after $(executed) runs" "$log" "make fuzz FUZZER=$fuzzer RUNS=$runs JOBS=$jobs"
n=$(executed)
[ "$n" -ge "$runs" ] || die "the fuzzer stopped after $n of $runs runs without saying why" "$log" "make fuzz FUZZER=$fuzzer RUNS=$runs JOBS=$jobs"
echo "fuzz $fuzzer: $n runs ($jobs job(s)), no crash; log $log"
