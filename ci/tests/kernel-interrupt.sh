#!/bin/bash
# An interrupted run keeps its folder marked INCOMPLETE (saying in which
# phase), stops its QEMU, and leaves finished run folders untouched.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$top/out/tests"
runs=$(mktemp -d "$top/out/tests/intr.XXXXXX")
mkdir "$runs/finished-run" && echo keep >"$runs/finished-run/console.log"
RUNS_DIR=$runs ARCH=x86_64 VARIANT=kasan-vmalloc TREE=series "$top/ci/run.sh" >"$runs/out.txt" 2>&1 &
pid=$!
# Wait for the kernel to print (the build may first wait for the lock).
r=
for _ in $(seq 1800); do
	kill -0 "$pid" 2>/dev/null || { cat "$runs/out.txt"; echo "FAIL: the run ended before booting"; exit 1; }
	r=$(find "$runs" -mindepth 2 -maxdepth 2 -name console.log ! -path '*/finished-run/*' | head -n1)
	[ -n "$r" ] && grep -q 'Linux version' "$r" && break
	r=
	sleep 1
done
[ -n "$r" ] || { echo "FAIL: the run never reached boot"; kill "$pid"; exit 1; }
kill -TERM "$pid"
rc=0; wait "$pid" || rc=$?
cat "$runs/out.txt"
d=$(dirname "$r")
[ "$rc" = 130 ] || { echo "FAIL: exit $rc, not 130"; exit 1; }
grep -q "interrupted in phase boot" "$d/INCOMPLETE" || { echo "FAIL: INCOMPLETE does not say boot"; exit 1; }
[ "$(cat "$runs/finished-run/console.log")" = keep ] || { echo "FAIL: finished run touched"; exit 1; }
sleep 2
pgrep -f "qemu-system.*$d" >/dev/null && { echo "FAIL: QEMU still running"; exit 1; }
[ ! -e "$runs/latest" ] || { echo "FAIL: latest points at an interrupted run"; exit 1; }
rm -rf "$runs"
