#!/bin/bash
# A test module that fails to load is that step's ERROR with errno; the rest
# of the plan still runs (the guard tests pass, the end marker comes).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$top/out/tests"
runs=$(mktemp -d "$top/out/tests/moderr.XXXXXX")
rc=0
# An unparsable parameter value: load_module fails with EINVAL.
out=$(RUNS_DIR=$runs TV=test_loop_count=notanumber ARCH=x86_64 VARIANT=kasan-vmalloc \
	TREE=series "$top/ci/run.sh" 2>&1) || rc=$?
echo "$out"
[ "$rc" != 0 ] || { echo "FAIL: the run passed"; exit 1; }
r=$(find "$runs" -mindepth 1 -maxdepth 1 -type d | head -n1)
jq -e '.tests[] | select(.suite == "runner" and .name == "test_vmalloc" and .status == "ERROR" and (.reason | test("errno 22")))' \
	"$r/results.json" >/dev/null || { echo "FAIL: test_vmalloc is not ERROR with errno"; exit 1; }
jq -e '[.tests[] | select(.suite == "runner" and (.name | startswith("lkdtm_")) and .status == "PASS")] | length == 2' \
	"$r/results.json" >/dev/null || { echo "FAIL: the rest of the plan did not run"; exit 1; }
[ "$(jq -r .boot.end_marker "$r/results.json")" = true ] || { echo "FAIL: no end marker"; exit 1; }
rm -rf "$runs"
