#!/bin/bash
# kselftests/selftest-the-tests.sh [TARGET [BUILDDIR]]: prove that each of
# our kselftests fails when its condition is broken on purpose.
#
# Boots BUILDDIR (default out/build/TARGET-kasan-vmalloc-series, TARGET
# default x86_64) with the runner's plan "selftest": the test modules are
# loaded, then for every knob K listed in kselftests/tests/NAME.breaks a
# step broken_NAME_K sets /sys/kernel/debug/vmshadow_test/K, runs NAME and
# passes only if NAME fails:
#   vmap_stack_churn  break_purge   the purge does nothing: the shadow of
#                                   freed stacks stays above baseline
#   module_churn      break_unload  each load of vmshadow_churn leaks a
#                                   vmalloc area: the shadow grows
#   vmalloc_oob       break_oob     the "oob" read is in bounds: no
#                                   vmalloc-out-of-bounds report
#   stack_guard       break_guard   the module's guard reads stay inside the
#                                   stack: no fault, no report
# Output: the run folder (console.log) and one line per step; exit 0 only
# if every broken_* step passed (a step that skips, e.g. stack_guard on a
# kernel without VMAP_STACK, proves nothing and is reported as such).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/ci/lib.sh"

target=${1:-x86_64}
bdir=${2:-$VMS_OUT/build/$target-kasan-vmalloc-series}
[ -d "$bdir" ] || die "no build dir $bdir" "" "ci/build.sh $target kasan-vmalloc series"
rundir=$VMS_OUT/selftest/$(stamp)-$target
mkdir -p "$rundir"
"$top/ci/initramfs.sh" "$target" "$bdir" "$rundir/initramfs.cpio" >/dev/null
KUNIT=0 "$top/ci/boot.sh" "$target" "$bdir" "$rundir/initramfs.cpio" "$rundir" selftest >/dev/null
rm -f "$rundir/initramfs.cpio"
log=$rundir/console.log
echo "run folder: $rundir"
grep -E 'vmshadow: (not )?ok [0-9]+ ' "$log" | sed 's/^\[[^]]*\] vmshadow: //' | tr -d '\r'
grep -q 'vmshadow: runner end' "$log" || die "the guest did not finish its plan" "$log"
total=$(grep -cE 'vmshadow: (not )?ok [0-9]+ broken_' "$log" || true)
proved=$(grep -E 'vmshadow: ok [0-9]+ broken_' "$log" | grep -vc '# SKIP' || true)
echo "selftest: $proved of $total broken-on-purpose runs failed as they must"
[ "$total" -gt 0 ] || die "no broken_* step ran (no NAME.breaks packed?)" "$log"
[ "$proved" = "$total" ] || die "some test did not fail when broken (or skipped)" "$log"
