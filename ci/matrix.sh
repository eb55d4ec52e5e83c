#!/bin/bash
# ci/matrix.sh [TARGET[:TREE]...]: build and run every target (default: all
# that have arch data; TREE defaults to $TREE or series), one at a time, into
# out/matrix/<time>/; then write
# summary.json and summary.md there and print the table. Exit 0 only when
# every target's verdict is pass. Bad input (a target, TREE, VARIANT, PLAN,
# ... that ci/run.sh would refuse) exits 1 before anything is made, as does
# a VARIANT that one of the targets cannot have; ci/matrix.sh --check
# [TARGET[:TREE]...]: only check it (make matrix, before building tools).
set -eu
. "$(dirname "$0")/lib.sh"

check_only=
[ "${1:-}" != --check ] || { check_only=1; shift; }
check_inputs "make matrix" MATRIX_TARGETS+="$*" TREE="${TREE:-series}" \
	VARIANT="${VARIANT:-kasan-vmalloc}" PLAN="${PLAN:-smoke}" CLOCK="${CLOCK:-}" \
	BOOT_TIMEOUT="${BOOT_TIMEOUT:-}" RUN_TIMEOUT="${RUN_TIMEOUT:-}" EXTRA_CONFIG="${EXTRA_CONFIG:-}"
[ -z "$check_only" ] || exit 0
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(all_targets)
mdir=$VMS_OUT/matrix/$(stamp)
mkdir -p "$mdir"
note "matrix: ${targets[*]} -> $mdir"
"$VMS_TOP/ci/deps.sh" "${targets[@]%%:*}"
failed=()
for spec in "${targets[@]}"; do
	t=${spec%%:*} tree=${TREE:-series}
	[ "$spec" = "$t" ] || tree=${spec#*:}
	note "matrix: === $t ($tree) ==="
	if ! RUNS_DIR=$mdir ARCH=$t TREE=$tree "$VMS_TOP/ci/run.sh"; then
		failed+=("$spec")
	fi
done
# The table: the results tool judges, as it does a run (matrix.c).
[ -x "$VMS_OUT/bin/vmshadow" ] || make -s -C "$VMS_TOP" tools >/dev/null
"$VMS_OUT/bin/vmshadow" matrix "$mdir" ||
	die "the results tool could not write the matrix summary in $mdir" "" "out/bin/vmshadow matrix $mdir"
ln -sfn "$(basename "$mdir")" "$VMS_OUT/matrix/latest.tmp.$$" && mv -T "$VMS_OUT/matrix/latest.tmp.$$" "$VMS_OUT/matrix/latest"
cat "$mdir/summary.md"
echo "matrix folder: $mdir"
if [ ${#failed[@]} -gt 0 ]; then
	echo "vmshadow: FAILED: matrix targets ${failed[*]}; see $mdir/summary.md; reproduce one: make run ARCH=${failed[0]%%:*}" >&2
	exit 1
fi
