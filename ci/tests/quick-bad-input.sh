#!/bin/bash
# Bad input is refused before anything is made (issue #17): make run, make
# perf and make matrix (and series-check, fuzz), and the scripts behind
# them, given a bad ARCH, VARIANT, TREE, PLAN or perf option, exit 1 (make
# says "Error 1"), name the variable and the value (and a command that
# works), and leave the out folder (VMS_OUT, a fresh temp dir each time)
# empty: no run, perf or matrix folder, no build dir, no latest link, no
# history line. Good inputs pass the same check (ci/*.sh --check), which
# makes nothing either.
# A check that comes too late must fail fast, never build or boot:
# VMS_TARBALL points nowhere (the tree stops at the missing tarball before
# any kernel is extracted or built) and make fuzz gets CLANG=false.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset ARCH VARIANT TREE PLAN CLOCK ROUNDS LOOPS THREADS PERF_COLUMNS MATRIX_TARGETS \
	EXTRA_CONFIG BOOT_TIMEOUT RUN_TIMEOUT RUNS_DIR PERF_DIR MAKEFLAGS MFLAGS MAKELEVEL
export VMS_TARBALL=$tmp/no-such-linux-source.tar.xz
failed=0

# made: what the last command left in the out folder.
made() { find "$tmp/out" -mindepth 1 -maxdepth 3 | sed "s|^$tmp/out/||" | head -n 5 | tr '\n' ' '; }

# fresh_run COMMAND...: run COMMAND with VMS_OUT a fresh, empty folder; its
# exit status in rc, its output in log.
fresh_run() {
	rm -rf "$tmp/out"
	mkdir "$tmp/out"
	rc=0
	log=$(cd "$top" && VMS_OUT=$tmp/out "$@" 2>&1) || rc=$?
}

# refused VAR VALUE COMMAND...: COMMAND fails (exit 1), names VAR and VALUE
# and a command that works, and makes nothing.
refused() {
	local var=$1 val=$2 why=
	shift 2
	fresh_run "$@"
	# exit 1, as every usage error (ci/lib.sh die); make says "Error 1", exits 2
	case $1 in
	make) grep -q '\] Error 1$' <<<"$log" || why="make does not say 'Error 1'" ;;
	*) [ "$rc" = 1 ] || why="not exit 1" ;;
	esac
	grep -qF "vmshadow: error: $var '$val'" <<<"$log" || why="${why:+$why; }no 'vmshadow: error: $var '$val'' line"
	grep -q "this works: make " <<<"$log" || why="${why:+$why; }no 'this works: make ...' line"
	[ -z "$(made)" ] || why="${why:+$why; }it made $(made)"
	report "$why" "$@"
}

# accepted COMMAND...: COMMAND (a --check of good inputs) exits 0, makes nothing.
accepted() {
	local why=
	fresh_run "$@"
	[ "$rc" = 0 ] || why="exit $rc"
	[ -z "$(made)" ] || why="${why:+$why; }it made $(made)"
	report "$why" "$@"
}

report() {
	local why=$1
	shift
	if [ -n "$why" ]; then
		echo "FAIL: $*: $why (exit $rc); output:"
		tail -n 8 <<<"$log" | sed 's/^/    /'
		failed=$((failed + 1))
	else
		echo "ok: $* (exit $rc)"
	fi
}

mk=(make --no-print-directory -C "$top")
refused ARCH x86 "${mk[@]}" run ARCH=x86
refused VARIANT kasn "${mk[@]}" run VARIANT=kasn
refused VARIANT kasan "${mk[@]}" run ARCH=arm64 VARIANT=kasan
refused TREE seris "${mk[@]}" run TREE=seris
refused PLAN smok "${mk[@]}" run PLAN=smok
refused EXTRA_CONFIG "$tmp/none.config" "${mk[@]}" run EXTRA_CONFIG="$tmp/none.config"
refused ARCH x86 "${mk[@]}" perf ARCH=x86
refused ROUNDS three "${mk[@]}" perf ROUNDS=three
refused CLOCK wall "${mk[@]}" perf CLOCK=wall
refused MATRIX_TARGETS x86 "${mk[@]}" matrix MATRIX_TARGETS="x86_64 x86"
refused MATRIX_TARGETS x86_64:seris "${mk[@]}" matrix MATRIX_TARGETS=x86_64:seris
refused TREE seris "${mk[@]}" matrix MATRIX_TARGETS=x86_64 TREE=seris
refused VARIANT kasan "${mk[@]}" matrix MATRIX_TARGETS="x86_64 arm64" VARIANT=kasan
refused PLAN smok "${mk[@]}" matrix PLAN=smok
refused SERIES_TARGETS mips "${mk[@]}" series-check SERIES_TARGETS="x86_64 mips"
refused RUNS 1e6 "${mk[@]}" fuzz RUNS=1e6 CLANG=false
refused FUZZER jrad "${mk[@]}" fuzz FUZZER=jrad CLANG=false
# The scripts themselves (what make matrix, make perf and the tests call).
refused VARIANT kasn env VARIANT=kasn ci/run.sh
refused ARCH x86 ci/perf.sh x86
refused MATRIX_TARGETS x86 ci/matrix.sh x86
# Good inputs pass the check, and the check makes nothing.
accepted env ARCH=arm64 VARIANT=nokasan TREE=base PLAN=stress ci/run.sh --check
accepted env ROUNDS=1 LOOPS=10 THREADS=2 CLOCK=host ci/perf.sh --check x86_64 s390x
accepted env VARIANT=kasan ci/matrix.sh --check x86_64 s390x:base

[ "$failed" = 0 ] || { echo "FAIL: $failed command(s) above did not refuse bad input before making anything"; exit 1; }
echo "every bad input refused before anything was made"
