#!/bin/bash
# A guest that never finishes is killed at the timeout: verdict hang, the
# log is kept, the failure names the log and the command to reproduce it.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$top/out/tests"
runs=$(mktemp -d "$top/out/tests/hang.XXXXXX")
rc=0
# 10^9 loops of test_vmalloc would take days under TCG.
out=$(RUNS_DIR=$runs RUN_TIMEOUT=30 TV=test_loop_count=1000000000,run_test_mask=1 \
	ARCH=x86_64 VARIANT=kasan-vmalloc TREE=series "$top/ci/run.sh" 2>&1) || rc=$?
echo "$out"
[ "$rc" != 0 ] || { echo "FAIL: a hung guest passed"; exit 1; }
r=$(find "$runs" -mindepth 1 -maxdepth 1 -type d | head -n1)
[ "$(jq -r .verdict "$r/results.json")" = hang ] || { echo "FAIL: verdict is not hang"; exit 1; }
grep -q '^ended=timeout-run' "$r/boot.env" || { echo "FAIL: not killed at the timeout"; exit 1; }
grep -q 'vmshadow: # step 1 test_vmalloc begin' "$r/console.log" || { echo "FAIL: log not kept"; exit 1; }
echo "$out" | grep -q "FAILED: verdict hang.*log $r/console.log; reproduce: make run" || { echo "FAIL: message"; exit 1; }
pgrep -f "qemu-system.*$r" >/dev/null && { echo "FAIL: QEMU still running"; exit 1; }
rm -rf "$runs"
