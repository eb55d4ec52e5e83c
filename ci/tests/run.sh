#!/bin/bash
# ci/tests/run.sh GROUP: run every ci/tests/GROUP-*.sh. Each test exits 0
# (pass), 4 (skip) or anything else (fail), and says why on failure.
# Ends with the line "N passed, N failed, N skipped".
set -eu
group=$1
dir=$(cd "$(dirname "$0")" && pwd)
pass=0 fail=0 skip=0 i=0
logdir=$(cd "$dir/../.." && pwd)/out/tests/$(date -u +%Y%m%dT%H%M%SZ)-$group-$$
mkdir -p "$logdir"
for t in "$dir/$group"-*.sh; do
	i=$((i + 1))
	name=$(basename "$t" .sh)
	rc=0
	bash "$t" >"$logdir/$name.log" 2>&1 || rc=$?
	case $rc in
	0) echo "ok $i $name"; pass=$((pass + 1)) ;;
	4) echo "ok $i $name # SKIP $(tail -n1 "$logdir/$name.log")"; skip=$((skip + 1)) ;;
	*) echo "not ok $i $name # see $logdir/$name.log; reproduce: bash $t"
	   sed 's/^/#   /' "$logdir/$name.log" | tail -n 15
	   fail=$((fail + 1)) ;;
	esac
done
echo "1..$i"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
