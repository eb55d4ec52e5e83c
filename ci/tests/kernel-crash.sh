#!/bin/bash
# A guest that panics in the middle of the plan: verdict crash, with the
# panic's title, and the log up to the panic kept.
set -eu
. "$(dirname "$0")/lib.sh"
new_runs crash
# oops=panic turns the expected guard-page oops into a panic.
pipeline APPEND=oops=panic ARCH=x86_64 VARIANT=kasan-vmalloc TREE=series
[ "$rc" != 0 ] || fail "a panicking guest passed"
[ "$(jq -r .verdict "$r/results.json")" = crash ] || fail "verdict is not crash"
jq -r .verdict_reason "$r/results.json" | grep -q '^PANIC: ' || fail "no panic title"
grep -q 'vmshadow: ok 1 test_vmalloc' "$r/console.log" || fail "plan did not start"
pass
