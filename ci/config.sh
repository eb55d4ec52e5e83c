#!/bin/bash
# ci/config.sh TARGET VARIANT TREE [SRC]: write
# out/build/TARGET-VARIANT-TREE[TAG]/.config and print that folder (TAG:
# lib.sh tree_tag, -6.1 for BASE=6.1, -kHASH for KSRC). SRC: the
# tree ci/tree.sh TREE printed, when the caller has it (ci/run.sh
# resolves it once); without it, tree.sh is asked.
#
# Layers, in order: tinyconfig, ci/configs/common.config, the arch fragment
# arch-*/TARGET.config, ci/configs/variant-VARIANT.config, the arch KASAN
# fragment arch-*/TARGET-kasan.config (when the variant enables KASAN), and
# patches/series.config (TREE=series), then $EXTRA_CONFIG if set. After olddefconfig every option a
# layer asked for is checked: Kconfig drops options whose dependencies are
# missing without a word, so each dropped one is named and the build refused.
set -eu
. "$(dirname "$0")/lib.sh"

target=$1 variant=$2 tree=$3
# Before the build dir is made:
check_inputs "make run" ARCH="$target" VARIANT="$variant" TREE="$tree" EXTRA_CONFIG="${EXTRA_CONFIG:-}" \
	BASE="${BASE:-}" KSRC="${KSRC:-}"
load_target "$target"
src=${4:-$("$VMS_TOP/ci/tree.sh" "$tree")}
facts=$(kernel_facts_for "$(tree_version "$src")") || die "$src: Linux $(tree_version "$src") is older than any vmshadow knows"
load_kernel "$facts"
na="$T_KCONFIG_NA $K_KCONFIG_NA"	# what this target, or this version, cannot have
bdir=$VMS_OUT/build/$target-$variant-$tree$(tree_tag)
# VMS_BUILD_TAG: a build of an alternate series (SERIES_WT) gets its own
# folder, TARGET-VARIANT-series-TAG, never the real one's (tests). Base
# builds are the same kernels either way and keep theirs, unless
# EXTRA_CONFIG makes them other kernels (PLAN=stress: TARGET-VARIANT-TREE-stress).
if [ -n "${VMS_BUILD_TAG:-}" ] && { [ "$tree" = series ] || [ -n "${EXTRA_CONFIG:-}" ]; }; then
	bdir=$bdir-$VMS_BUILD_TAG
fi
mkdir -p "$bdir"

vfrag=$VMS_TOP/ci/configs/variant-$variant.config

frags=("$VMS_TOP/ci/configs/common.config" "$T_DIR/$target.config" "$vfrag")
if grep -q '^CONFIG_KASAN=y' "$vfrag" && [ -f "$T_DIR/$target-kasan.config" ]; then
	frags+=("$T_DIR/$target-kasan.config")
fi
if [ "$tree" = series ] && [ -f "$VMS_TOP/patches/series.config" ]; then
	frags+=("$VMS_TOP/patches/series.config")
fi
# EXTRA_CONFIG: one more fragment, last (a developer's own options; tests).
if [ -n "${EXTRA_CONFIG:-}" ]; then
	frags+=("$EXTRA_CONFIG")
fi

mk=(make -s -C "$src" O="$bdir" ARCH="$T_KARCH")
[ -n "$T_CROSS" ] && mk+=(CROSS_COMPILE="$T_CROSS")
# Kconfig takes seconds even when nothing changed. Its inputs: the layers,
# the tree (commit and uncommitted changes), the compiler, the make line,
# what this target and version cannot have, and this script. The same inputs as the
# last verified .config, and that .config as it was written (not edited
# since, by hand or menuconfig): it stands, and kconfig is not run.
key=$( { for f in "${frags[@]}"; do echo "== $f"; cat "$f"; done
	tree_state "$src"
	"${T_CROSS}gcc" --version | head -n1; echo "${mk[*]} | $na"
	cat "$0"; } | sha256sum | cut -c1-16)
stamp_of() { echo "$key $(sha256sum <"$bdir/.config" | cut -c1-16)"; }
if [ -f "$bdir/.config" ] && [ "$(cat "$bdir/.vmshadow-config" 2>/dev/null)" = "$(stamp_of)" ]; then
	note "kconfig not run: nothing that feeds $bdir/.config changed"
	echo "$bdir"
	exit 0
fi
log=$bdir/config.log.$$	# renamed to config.log when it succeeds
work=$bdir/kconfig.tmp.$$	# per process: two runs may configure the same dir
rm -rf "$work"; mkdir -p "$work"
{
	"${mk[@]}" KCONFIG_CONFIG="$work/.config" tinyconfig
	KCONFIG_CONFIG="$work/.config" "$src/scripts/kconfig/merge_config.sh" \
		-m -O "$work" "$work/.config" "${frags[@]}"
	"${mk[@]}" KCONFIG_CONFIG="$work/.config" olddefconfig
} >"$log" 2>&1 || die "kconfig failed for $target-$variant-$tree" "$log" "ci/config.sh $target $variant $tree"

# Verify every requested value. Options the target declares it cannot have
# (T_KCONFIG_NA, e.g. VMAP_STACK on an arch without HAVE_ARCH_VMAP_STACK),
# or the kernel version does not know (K_KCONFIG_NA), are exempt from a
# layer's request, but must then really be unset.
missing=$(awk -v na_list="$na" '
	BEGIN { n = split(na_list, a, " "); for (i = 1; i <= n; i++) na["CONFIG_" a[i]] = 1 }
	FNR == 1 { frag = FILENAME; sub(".*/", "", frag) }
	FILENAME == cfg { have[$0] = 1; if (match($0, /^CONFIG_[A-Za-z0-9_]+=/)) set[substr($0, 1, RLENGTH - 1)] = $0; next }
	/^CONFIG_[A-Za-z0-9_]+=/ {
		n = $0; sub(/=.*/, "", n)
		if (n in na) next
		if (!have[$0]) printf "%s (asked %s by %s, got %s)\n", n, $0, frag, (n in set) ? set[n] : "not set"
		next }
	/^# CONFIG_[A-Za-z0-9_]+ is not set/ {
		n = $2; if (n in set && set[n] != n "=n") printf "%s (asked off by %s, got %s)\n", n, frag, set[n] }
	END { for (n in na) if (n in set && set[n] != n "=n") printf "%s (T_KCONFIG_NA or K_KCONFIG_NA says this target or version cannot have it, got %s)\n", n, set[n] }
' cfg="$work/.config" "$work/.config" "${frags[@]}")
if [ -n "$missing" ]; then
	echo "$missing" >>"$log"
	die "Kconfig dropped requested options for $target-$variant-$tree:
vmshadow:     ${missing//$'\n'/$'\n'vmshadow:     }" "$log" "ci/config.sh $target $variant $tree"
fi
# Keep the old .config (and its mtime) when nothing changed.
if ! cmp -s "$work/.config" "$bdir/.config"; then
	cp "$work/.config" "$bdir/.config.tmp.$$" && mv -f "$bdir/.config.tmp.$$" "$bdir/.config"
fi
rm -rf "$work"
mv -f "$log" "$bdir/config.log"
stamp_of >"$bdir/.vmshadow-config.tmp.$$" && mv -f "$bdir/.vmshadow-config.tmp.$$" "$bdir/.vmshadow-config"
echo "$bdir"
