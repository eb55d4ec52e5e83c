#!/bin/bash
# A guest that never finishes is killed at the timeout: verdict hang, the
# log is kept, the failure names the log and the command to reproduce it.
set -eu
. "$(dirname "$0")/lib.sh"
new_runs hang
# 10^9 loops of test_vmalloc would take days under TCG.
pipeline RUN_TIMEOUT=30 TV=test_loop_count=1000000000,run_test_mask=1 \
	ARCH=x86_64 VARIANT=kasan-vmalloc TREE=series
[ "$rc" != 0 ] || fail "a hung guest passed"
[ "$(jq -r .verdict "$r/results.json")" = hang ] || fail "verdict is not hang"
grep -q '^ended=timeout-run' "$r/boot.env" || fail "not killed at the timeout"
grep -q 'vmshadow: # step 1 test_vmalloc begin' "$r/console.log" || fail "log not kept"
echo "$out" | grep -q "FAILED: verdict hang.*log $r/console.log; reproduce: make run" || fail "message"
pgrep -f "qemu-system.*$r" >/dev/null && fail "QEMU still running"
pass
