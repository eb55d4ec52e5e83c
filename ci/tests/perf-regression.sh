#!/bin/bash
# A deliberately slowed series is flagged as a regression, end to end: the
# test-only patch ci/tests/perf/9001-*.patch (udelay(10) in every
# kasan_populate_vmalloc()) on top of patches/series is built as an
# alternate series (SERIES_WT=out/src/series-slow, VMS_BUILD_TAG=slow:
# out/build/ARCH-kasan-vmalloc-series-slow, never the real series' folder),
# make perf runs with it as the series column, into a history that starts
# with the real records of this arch (out/perf/history.jsonl is not
# touched), and vmshadow report must flag the series' ratios.
#
#   ci/tests/run.sh perf          (slow: one kernel build, 4 x ROUNDS boots)
#   ARCH=x86_64 ROUNDS=2 bash ci/tests/perf-regression.sh
#
# Skips (exit 4) when out/perf/history.jsonl has no record of ARCH yet:
# run make perf ARCH=... first. LOOPS and THREADS are those of the latest
# real record, so that the records are comparable.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
arch=${ARCH:-x86_64}
real=$top/out/perf/history.jsonl
[ -f "$real" ] && base=$(jq -c --arg a "$arch" 'select(.arch == $a and .clock == "icount")' "$real" | tail -n1) || base=
[ -n "$base" ] || { echo "no icount record of $arch in out/perf/history.jsonl yet: run make perf ARCH=$arch first"; exit 4; }
loops=$(echo "$base" | jq -r .loops)
threads=$(echo "$base" | jq -r '.threads.N')

demo=$top/out/tests/perf-regression/$(date -u +%Y%m%dT%H%M%SZ)-$arch
mkdir -p "$demo/patches"
jq -c --arg a "$arch" 'select(.arch == $a and .clock == "icount")' "$real" >"$demo/history.jsonl"
echo "baseline: $(wc -l <"$demo/history.jsonl") real $arch record(s), the latest of $(echo "$base" | jq -r .date)"

# The alternate series: ours, then the slowdown.
cp "$top"/patches/*.patch "$demo/patches/"
cp "$top/ci/tests/perf/9001-TEST-ONLY-kasan-slow-down-populate.patch" "$demo/patches/"
{ grep -v '^#' "$top/patches/series"; echo 9001-TEST-ONLY-kasan-slow-down-populate.patch; } >"$demo/patches/series"

rc=0
SERIES_WT=$top/out/src/series-slow VMS_PATCHES=$demo/patches VMS_BUILD_TAG=slow \
	PERF_DIR=$demo ROUNDS=${ROUNDS:-2} LOOPS=$loops THREADS=$threads CLOCK=icount \
	"$top/ci/perf.sh" "$arch" || rc=$?
[ "$rc" = 0 ] || { echo "FAIL: make perf with the slowed series failed (exit $rc); see $demo"; exit 1; }
slow=$(git -C "$top/out/src/series-slow" log -1 --format='%h %s')
echo "slowed series: $slow"
tail -n1 "$demo/history.jsonl" | jq -r .series_commit | grep -q . || { echo "FAIL: no record appended"; exit 1; }

rc=0
"$top/out/bin/vmshadow" report "$demo/history.jsonl" --html "$demo/report/index.html" \
	--md "$demo/report/report.md" --fail-on-regression >"$demo/report.txt" || rc=$?
cat "$demo/report.txt"
[ "$rc" = 1 ] || { echo "FAIL: vmshadow report --fail-on-regression exited $rc, want 1 (flagged)"; exit 1; }
# The 1-thread figures are the ones icount repeats (the N-thread ones are
# reported, but their noise may hide a 10 us slowdown): the series'
# ratios must be flagged there, upstream's must not.
for ratio in "series x upstream (1 thread)" "series x KASAN (1 thread)" "series x base (1 thread)"; do
	grep -q "REGRESSION: .*$ratio" "$demo/report.txt" || { echo "FAIL: $ratio not flagged"; exit 1; }
done
for ratio in "upstream x KASAN (1 thread)" "upstream x base (1 thread)"; do
	if grep -q "REGRESSION: .*$ratio" "$demo/report.txt"; then
		echo "FAIL: $ratio flagged, but upstream did not change"; exit 1
	fi
done
echo "ok: the slowed series is flagged; report $demo/report/index.html"
