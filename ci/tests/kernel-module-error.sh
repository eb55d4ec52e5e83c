#!/bin/bash
# A test module that fails to load is that step's ERROR with errno; the rest
# of the plan still runs (the guard tests pass, the end marker comes).
set -eu
. "$(dirname "$0")/lib.sh"
new_runs moderr
# An unparsable parameter value: load_module fails with EINVAL.
pipeline TV=test_loop_count=notanumber ARCH=x86_64 VARIANT=kasan-vmalloc TREE=series
[ "$rc" != 0 ] || fail "the run passed"
jq -e '.tests[] | select(.suite == "runner" and .name == "test_vmalloc" and .status == "ERROR" and (.reason | test("errno 22")))' \
	"$r/results.json" >/dev/null || fail "test_vmalloc is not ERROR with errno"
jq -e '[.tests[] | select(.suite == "runner" and (.name | startswith("lkdtm_")) and .status == "PASS")] | length == 2' \
	"$r/results.json" >/dev/null || fail "the rest of the plan did not run"
[ "$(jq -r .boot.end_marker "$r/results.json")" = true ] || fail "no end marker"
pass
