#!/bin/bash
# A guest that panics in the middle of the plan: verdict crash, with the
# panic's title, and the log up to the panic kept.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$top/out/tests"
runs=$(mktemp -d "$top/out/tests/crash.XXXXXX")
rc=0
# oops=panic turns the expected guard-page oops into a panic.
out=$(RUNS_DIR=$runs APPEND=oops=panic ARCH=x86_64 VARIANT=kasan-vmalloc \
	TREE=series "$top/ci/run.sh" 2>&1) || rc=$?
echo "$out"
[ "$rc" != 0 ] || { echo "FAIL: a panicking guest passed"; exit 1; }
r=$(find "$runs" -mindepth 1 -maxdepth 1 -type d | head -n1)
[ "$(jq -r .verdict "$r/results.json")" = crash ] || { echo "FAIL: verdict is not crash"; exit 1; }
jq -r .verdict_reason "$r/results.json" | grep -q '^PANIC: ' || { echo "FAIL: no panic title"; exit 1; }
grep -q 'vmshadow: ok 1 test_vmalloc' "$r/console.log" || { echo "FAIL: plan did not start"; exit 1; }
rm -rf "$runs"
