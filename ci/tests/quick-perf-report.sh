#!/bin/bash
# make perf-report's page, rendered by a real browser: the committed
# fixture history (two x86_64 records, the second with a 15% slower
# series) becomes a static HTML page whose DOM, after headless Chromium
# loaded it from file:// with networking off, holds the four SVG plots,
# the history and latest-run tables and the regression flags (of the
# totals and per test); and a screenshot is taken (kept in out/tests/ for
# a human to look at).
# Installs Debian's chromium when it is missing (root only; else skip).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
fixture=$top/ci/vmshadow/tests/perf/history-regression.jsonl
out=$top/out/tests/quick-perf-report
rm -rf "$out"
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! command -v chromium >/dev/null; then
	[ "$(id -u)" = 0 ] || { echo "chromium is not installed (apt-get install -y chromium) and we are not root"; exit 4; }
	echo "installing chromium"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >"$out/apt.log" 2>&1 ||
		{ tail -n5 "$out/apt.log"; echo "FAIL: apt-get install chromium failed (log $out/apt.log)"; exit 1; }
fi
make -s -C "$top/ci/vmshadow" OUT="$top/out/bin" >/dev/null
"$top/out/bin/vmshadow" report "$fixture" --html "$out/index.html" --md "$out/report.md" \
	--date 2026-11-22T00:00:00Z | tee "$out/report.txt"
grep -q "^x86_64 icount: 2 records, .*REGRESSION: series x KASAN (1 thread)" "$out/report.txt" ||
	{ echo "FAIL: the terminal summary does not flag the series"; exit 1; }

# Static and self-contained: no script, no stylesheet or image to fetch.
if grep -Eiq '<script|<link|<img|<iframe|url\(|https?://[^w]' "$out/index.html"; then
	echo "FAIL: the page refers to something outside itself"; exit 1
fi

chrome=(chromium --headless --no-sandbox --disable-gpu --disable-background-networking
	--disable-component-update --disable-sync --no-first-run --user-data-dir="$tmp/profile")
timeout 120 "${chrome[@]}" --dump-dom "file://$out/index.html" >"$out/dom.html" 2>"$out/chromium.log" ||
	{ tail -n5 "$out/chromium.log"; echo "FAIL: chromium --dump-dom failed"; exit 1; }
timeout 120 "${chrome[@]}" --screenshot="$out/screenshot.png" --window-size=1200,2000 \
	"file://$out/index.html" >>"$out/chromium.log" 2>&1 ||
	{ tail -n5 "$out/chromium.log"; echo "FAIL: chromium --screenshot failed"; exit 1; }

dom=$out/dom.html
n=$(grep -o '<svg ' "$dom" | wc -l)
[ "$n" = 4 ] || { echo "FAIL: $n SVG plots in the DOM, want 4 (two modes x two plots)"; exit 1; }
for id in plot-x86_64-icount-1-kasan plot-x86_64-icount-N-kasan plot-x86_64-icount-1-base \
	plot-x86_64-icount-N-base history-x86_64-icount latest-x86_64-1 latest-x86_64-N; do
	grep -q "id=\"$id\"" "$dom" || { echo "FAIL: no element $id in the DOM"; exit 1; }
done
[ "$(grep -o '<polyline' "$dom" | wc -l)" -ge 12 ] || { echo "FAIL: the plots have no lines"; exit 1; }
grep -q 'class="flag"' "$dom" || { echo "FAIL: no regression mark in the plots"; exit 1; }
grep -q 'class="status bad">Latest record (2026-11-21T09:00:00Z): REGRESSION' "$dom" ||
	{ echo "FAIL: the latest record is not flagged"; exit 1; }
grep -q '<td class="bad" style="text-align:left">REGRESSION: 1 thread: series x KASAN +' "$dom" ||
	{ echo "FAIL: the history table does not flag record 2"; exit 1; }
# The per-test rule: every test of record 2 is 15% slower too.
grep -q 'REGRESSION: .*series x upstream per test (1 thread): fix_size_alloc_test 0.921 ' "$dom" ||
	{ echo "FAIL: the latest record's status does not flag fix_size_alloc_test"; exit 1; }
grep -q '<td class="tn bad">fix_size_alloc_test ' "$dom" ||
	{ echo "FAIL: the latest run's table does not mark fix_size_alloc_test"; exit 1; }
grep -q '<td class="ok" style="text-align:left">ok</td>' "$dom" ||
	{ echo "FAIL: record 1 is not ok"; exit 1; }
grep -q 'Regression rule' "$dom" || { echo "FAIL: the rule is not stated"; exit 1; }
grep -q 'clock icount (QEMU TCG)' "$dom" || { echo "FAIL: the tables do not name the clock"; exit 1; }

# The screenshot: a PNG of the asked size that is not blank.
size=$(stat -c %s "$out/screenshot.png")
[ "$(head -c 8 "$out/screenshot.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
	{ echo "FAIL: the screenshot is not a PNG"; exit 1; }
wh=$(od -An -tu1 -j16 -N8 "$out/screenshot.png" | awk '{print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8}')
[ "$wh" = 1200x2000 ] || { echo "FAIL: screenshot is $wh, want 1200x2000"; exit 1; }
[ "$size" -gt 60000 ] || { echo "FAIL: the screenshot ($size bytes) looks blank"; exit 1; }
echo "ok: DOM has 4 plots, the tables and the flag; screenshot $out/screenshot.png ($size bytes)"
