#!/bin/bash
# ci/tests/lib.sh: what the tests under ci/tests share. A test sources it
# first thing after `set -eu`:
#   . "$(dirname "$0")/lib.sh"
# It sets top (the repository) and gives
#   fail MSG        print "FAIL: MSG", the run folder when there is one
#                   (its console.log is the full log), and the command that
#                   reproduces the test; exit 1;
#   new_runs NAME   a fresh folder for this test's run folders,
#                   out/tests/NAME.XXXXXX, in $runs (never shared with
#                   another run of the test);
#   pipeline VAR=VALUE...  ci/run.sh with RUNS_DIR=$runs and that
#                   environment: its output printed and kept in $out, its
#                   exit status in $rc, its run folder in $r;
#   pass            remove $runs: a failing test keeps its runs for the logs.
# shellcheck disable=SC2034 # top, out, rc: read by the test that sources this
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
runs='' r=''

fail() {
	echo "FAIL: $*"
	if [ -n "$r" ]; then
		echo "FAIL:   full log: $r/console.log"
	elif [ -n "$runs" ]; then
		echo "FAIL:   run folders: $runs"
	fi
	echo "FAIL:   reproduce: bash ci/tests/$(basename "$0")"
	exit 1
}

new_runs() {
	mkdir -p "$top/out/tests"
	runs=$(mktemp -d "$top/out/tests/$1.XXXXXX")
}

pipeline() {
	rc=0
	out=$(env RUNS_DIR="$runs" "$@" "$top/ci/run.sh" 2>&1) || rc=$?
	echo "$out"
	r=$(find "$runs" -mindepth 1 -maxdepth 1 -type d | head -n1)
}

pass() {
	rm -rf "$runs"
}
