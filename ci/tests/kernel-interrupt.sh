#!/bin/bash
# An interrupted run keeps its folder marked INCOMPLETE (saying in which
# phase), stops its QEMU, and leaves finished run folders untouched.
set -eu
. "$(dirname "$0")/lib.sh"
new_runs intr
mkdir "$runs/finished-run" && echo keep >"$runs/finished-run/console.log"
RUNS_DIR=$runs ARCH=x86_64 VARIANT=kasan-vmalloc TREE=series "$top/ci/run.sh" >"$runs/out.txt" 2>&1 &
pid=$!
# Wait for the kernel to print (the build may first wait for the lock).
log=
for _ in $(seq 1800); do
	kill -0 "$pid" 2>/dev/null || { cat "$runs/out.txt"; fail "the run ended before booting"; }
	log=$(find "$runs" -mindepth 2 -maxdepth 2 -name console.log ! -path '*/finished-run/*' | head -n1)
	[ -n "$log" ] && grep -q 'Linux version' "$log" && break
	log=
	sleep 1
done
[ -n "$log" ] || { kill "$pid"; fail "the run never reached boot"; }
r=$(dirname "$log")
kill -TERM "$pid"
rc=0; wait "$pid" || rc=$?
cat "$runs/out.txt"
[ "$rc" = 130 ] || fail "exit $rc, not 130"
grep -q "interrupted in phase boot" "$r/INCOMPLETE" || fail "INCOMPLETE does not say boot"
[ "$(cat "$runs/finished-run/console.log")" = keep ] || fail "finished run touched"
sleep 2
pgrep -f "qemu-system.*$r" >/dev/null && fail "QEMU still running"
[ ! -e "$runs/latest" ] || fail "latest points at an interrupted run"
pass
