#!/bin/bash
# ci/perf.sh [ARCH...]: make perf. The seed's test_vmalloc table per arch
# (default $ARCH, else x86_64), with our series as a fourth column.
#
# Per arch: out/perf/<time>-<arch>/ (never reused). Four kernels are built
# first, one at a time through ci/build.sh (the machine-wide lock):
#   nokasan   VARIANT=nokasan       TREE=base
#   kasan     VARIANT=kasan         TREE=base   (KASAN_VMALLOC=n; n/a, with
#                                   the target's T_NA_NOTE, where the arch
#                                   cannot have it)
#   upstream  VARIANT=kasan-vmalloc TREE=base
#   series    VARIANT=kasan-vmalloc TREE=series
# then booted in ROUNDS interleaved rounds (A B C D, A B C D, ...) with
# ci/run.sh PLAN=perf KUNIT=0 (run folders in runs/). `vmshadow perf` then
# writes perf.json and perf.md there, prints the verdict line and appends
# one record to out/perf/history.jsonl.
#
# Environment: ROUNDS (3), LOOPS (2000: test_loop_count; run_test_mask=255,
# the eight tests of bits 0..7), THREADS (nr_threads of the N-thread step;
# default the guest's CPUs), CLOCK (icount, default: -icount
# shift=0,sleep=off, deterministic guest time; host: plain TCG/KVM wall
# time; tcg), PERF_DIR (out/perf), PERF_COLUMNS (a subset, for tests),
# and ci/tree.sh's SERIES_WT/VMS_PATCHES with VMS_BUILD_TAG for an
# alternate series (ci/tests/perf-regression.sh).
# Exit 0 when every arch has its four columns and every boot passed. Bad
# input exits 1 before anything is made; ci/perf.sh --check [ARCH...]: only
# check it.
set -eu
. "$(dirname "$0")/lib.sh"

check_only=
[ "${1:-}" != --check ] || { check_only=1; shift; }	# make perf: before deps
archs=("$@")
[ ${#archs[@]} -gt 0 ] || archs=("${ARCH:-x86_64}")
rounds=${ROUNDS:-3} loops=${LOOPS:-2000} clock=${CLOCK:-icount} threads=${THREADS:-}
root=${PERF_DIR:-$VMS_OUT/perf}
columns=${PERF_COLUMNS:-nokasan kasan upstream series}
check_inputs "make perf" ARCH+="${archs[*]}" ROUNDS="$rounds" LOOPS="$loops" \
	THREADS="$threads" CLOCK="$clock" PERF_COLUMNS+="${PERF_COLUMNS:-}"
[ -z "$check_only" ] || exit 0

"$VMS_TOP/ci/deps.sh" "${archs[@]}"
make -s -C "$VMS_TOP/ci/vmshadow" OUT="$VMS_OUT/bin" >/dev/null
host_cpu=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -n1)
project=$(git -C "$VMS_TOP" rev-parse --short=12 HEAD 2>/dev/null || echo none)
tv="test_loop_count=$loops,run_test_mask=255"
append=${APPEND:-}
[ -n "$threads" ] && append="vmshadow.threads=$threads${append:+ $append}"
mkdir -p "$root"

col_variant() { case $1 in nokasan | kasan) echo "$1" ;; *) echo kasan-vmalloc ;; esac; }
col_tree() { case $1 in series) echo series ;; *) echo base ;; esac; }
# Fingerprint of what a column boots: the image and test_vmalloc.ko.
fingerprint() {
	local bdir=$1
	{
		sha256sum "$bdir/$T_IMAGE" | cut -c1-16
		find "$bdir/lib" -name test_vmalloc.ko -exec sha256sum {} + 2>/dev/null | cut -c1-16
	} | tr '\n' ' '
}

t_all=$(now)
pdir=
on_signal() {
	[ -n "$pdir" ] && echo "interrupted $(date -u +%FT%TZ)" >>"$pdir/INCOMPLETE"
	note "perf: interrupted; partial results kept in ${pdir:-nowhere}"
	exit 130
}
trap on_signal INT TERM HUP

# perf_arch ARCH: one arch, start to end. Returns 1 when something failed.
perf_arch() {
	local arch=$1 c v t bdir cols=() na=() bad=() r s rc pl=0 t0 tb
	local -A bdirs=() fps=()
	load_target "$arch"
	pdir=$root/$(stamp)-$arch
	local n=1 base=$pdir
	until mkdir "$pdir" 2>/dev/null; do n=$((n + 1)); pdir=$base-$n; done
	mkdir -p "$pdir/runs"
	echo "started $(date -u +%FT%TZ) pid $$" >"$pdir/INCOMPLETE"
	local log=$pdir/perf.log
	say() { echo "vmshadow: perf $arch: $*" | tee -a "$log" >&2; }
	say "ROUNDS=$rounds LOOPS=$loops CLOCK=$clock THREADS=${threads:-CPUs ($T_SMP)} -> $pdir"
	for c in nokasan kasan upstream series; do
		v=$(col_variant "$c")
		if [[ " $columns " != *" $c "* ]]; then
			na+=(--na "$c=not measured in this run (PERF_COLUMNS=$columns)")
		elif [[ " $T_VARIANTS " != *" $v "* ]]; then
			na+=(--na "$c=${T_NA_NOTE:-variant $v is not in T_VARIANTS of $arch}")
			say "$c: n/a: ${T_NA_NOTE:-$v not in T_VARIANTS}"
		else
			cols+=("$c")
		fi
	done

	# Build every kernel first, then boot: rounds never wait for a build.
	tb=$(now)
	: >"$pdir/kernels.txt"
	for c in "${cols[@]}"; do
		v=$(col_variant "$c") t=$(col_tree "$c") t0=$(now)
		# One retry: on this shared machine a script edited while bash reads
		# it fails with a syntax error; a real build error fails again.
		if ! bdir=$("$VMS_TOP/ci/build.sh" "$arch" "$v" "$t") &&
			! { say "build of $c ($v $t) failed; once more"; bdir=$("$VMS_TOP/ci/build.sh" "$arch" "$v" "$t"); }; then
			say "build of $c ($v $t) failed; see above"
			return 1
		fi
		bdirs[$c]=$bdir fps[$c]=$(fingerprint "$bdir")
		echo "$c $v $t $bdir ${fps[$c]}" >>"$pdir/kernels.txt"
		say "built $c ($v $t) in $(( $(now) - t0 ))s (make: $(cat "$bdir/build.seconds")s)"
	done
	say "builds took $(( $(now) - tb ))s"
	local tr
	tr=$(now)

	local -A fpboot=()
	for r in $(seq 1 "$rounds"); do
		for c in "${cols[@]}"; do
			v=$(col_variant "$c") t=$(col_tree "$c") t0=$(now) rc=0
			# What this boot runs. Another engineer's build of the same
			# folder between two boots would mix two kernels in a column.
			s=$(fingerprint "${bdirs[$c]}")
			echo "round $r $c $s" >>"$pdir/kernels.txt"
			if [ -z "${fpboot[$c]:-}" ]; then
				fpboot[$c]=$s
				[ "$s" = "${fps[$c]}" ] ||
					say "note: ${bdirs[$c]} was rebuilt (by another build) after ours, before the first boot: every round of $c runs the newer kernel"
			elif [ "$s" != "${fpboot[$c]}" ]; then
				bad+=("$c kernel rebuilt between round 1 and round $r")
				say "WARNING: ${bdirs[$c]} changed between round 1 and round $r: $c mixes two kernels"
			fi
			APPEND=$append RUNS_DIR=$pdir/runs ARCH=$arch VARIANT=$v TREE=$t PLAN=perf \
				KUNIT=0 CLOCK=$clock TV=$tv VMS_PREBUILT=1 \
				"$VMS_TOP/ci/run.sh" >>"$pdir/runs.log" 2>&1 || rc=$?
			s=$(sed -n 's/^run folder: //p' "$pdir/runs.log" | tail -n1)
			if [ "$rc" != 0 ]; then
				bad+=("round $r $c (exit $rc)")
				say "round $r/$rounds $c: FAILED (exit $rc) in $(( $(now) - t0 ))s; see $pdir/runs.log"
				[ "$rc" = 130 ] && on_signal
			else
				say "round $r/$rounds $c: $(jq -r .verdict "$s/run.json") in $(( $(now) - t0 ))s ($(basename "$s"))"
			fi
			pl=$((pl + 1))
		done
	done

	rc=0
	"$VMS_OUT/bin/vmshadow" perf "$pdir/runs" --arch "$arch" -o "$pdir/perf.json" \
		--md "$pdir/perf.md" --history "$root/history.jsonl" --host-cpu "$host_cpu" \
		--project-commit "$project" --dir "${pdir#"$VMS_TOP"/}" "${na[@]}" >"$pdir/verdict.txt" || rc=$?
	tee -a "$log" <"$pdir/verdict.txt"
	say "$pl boots in $(( $(now) - tr ))s, builds and boots $(( $(now) - tb ))s; tables in $pdir/perf.md"
	rm -f "$pdir/INCOMPLETE"
	ln -sfn "$(basename "$pdir")" "$root/latest-$arch.tmp.$$" && mv -T "$root/latest-$arch.tmp.$$" "$root/latest-$arch"
	if [ "$rc" != 0 ] || [ ${#bad[@]} -gt 0 ]; then
		say "FAILED: ${bad[*]:-vmshadow perf exit $rc}"
		return 1
	fi
}

failed=()
for a in "${archs[@]}"; do
	perf_arch "$a" || failed+=("$a")
done
note "perf: ${archs[*]} in $(( $(now) - t_all ))s; history $root/history.jsonl (make perf-report renders it)"
if [ ${#failed[@]} -gt 0 ]; then
	echo "vmshadow: FAILED: perf ${failed[*]}; see $root/latest-${failed[0]}/perf.log; reproduce: make perf ARCH=${failed[0]}" >&2
	exit 1
fi
