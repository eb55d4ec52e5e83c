#!/bin/bash
# ci/build.sh TARGET VARIANT TREE [SRC BDIR]: configure and build one
# kernel out of tree in out/build/TARGET-VARIANT-TREE[TAG]/ (ccache,
# -j$(nproc)); log in build.log. SRC BDIR: the tree and the configured
# build folder, when the caller has them (ci/run.sh: tree.sh and
# config.sh ran once); without them, config.sh and tree.sh are asked.
# Builds are serialized machine-wide through a lock: two kernel builds at
# once on a small machine only make both slow.
set -eu
. "$(dirname "$0")/lib.sh"

target=$1 variant=$2 tree=$3
load_target "$target"
if [ $# -ge 5 ]; then
	src=$4 bdir=$5
else
	src=$("$VMS_TOP/ci/tree.sh" "$tree")
	bdir=$("$VMS_TOP/ci/config.sh" "$target" "$variant" "$tree" "$src")
fi

cc=${T_CROSS}gcc
command -v "$cc" >/dev/null || die "compiler $cc not found" "" "make deps"
if command -v ccache >/dev/null; then cc="ccache $cc"; fi
mk=(make -C "$src" O="$bdir" ARCH="$T_KARCH" CC="$cc" -j"$(nproc)")
[ -n "$T_CROSS" ] && mk+=(CROSS_COMPILE="$T_CROSS")
# Stable build identity: makes ccache hits and images repeatable.
export KBUILD_BUILD_USER=vmshadow KBUILD_BUILD_HOST=vmshadow
# The time of the tree: the tarball's, the commit's; a fixed one else.
if [ -z "${KSRC:-}" ]; then
	ts=$(stat -c %Y "$VMS_TARBALL")
else
	ts=$(git -C "$src" log -1 --format=%ct 2>/dev/null) || ts=0
fi
KBUILD_BUILD_TIMESTAMP=$(date -u -d "@$ts")
export KBUILD_BUILD_TIMESTAMP
# ccache keeps its default cache in the home directory, so another clone of
# this repo (CI) reuses it: absolute paths below the repo are hashed as
# relative ones, and the working directory is not hashed.
export CCACHE_BASEDIR=$VMS_TOP CCACHE_NOHASHDIR=1
# ccache does not rewrite the path inside -Wa,-I (arch/s390/Makefile passes
# the assembler -Wa,-I$(srctree)/arch/s390/include): hashed as it stands,
# every clone missed every s390x object (281 s of make in a warm clone,
# against 31-52 s for the other targets). ccache never hashes what the
# assembler includes, so leaving the path out loses nothing.
export CCACHE_IGNOREOPTIONS='-Wa,-I*'

# Nothing changed since the last good build (same .config, same tree with
# the same uncommitted changes, same compiler): skip make and its lock.
key=$( { cat "$bdir/.config"; tree_state "$src";
	"${T_CROSS}gcc" --version | head -n1; echo "${mk[*]}"; } | sha256sum | cut -c1-16)
if [ "$(cat "$bdir/.vmshadow-built" 2>/dev/null)" = "$key" ] && [ -f "$bdir/$T_IMAGE" ]; then
	echo "$bdir"
	exit 0
fi
rm -f "$bdir/.vmshadow-built"

lockdir=${XDG_CACHE_HOME:-$HOME/.cache}/vmshadow
mkdir -p "$lockdir"
log=$bdir/build.log
{
	flock 9
	start=$(now)
	if ! "${mk[@]}" >"$log" 2>&1; then
		grep -m5 -E 'error:|Error [0-9]' "$log" >&2 || true
		die "kernel build failed for $target-$variant-$tree" "$log" "ci/build.sh $target $variant $tree"
	fi
	echo "$(( $(now) - start ))" >"$bdir/build.seconds"
	echo "$key" >"$bdir/.vmshadow-built"
} 9>"$lockdir/build.lock"
[ -f "$bdir/$T_IMAGE" ] || die "build finished but $T_IMAGE is missing" "$log"
echo "$bdir"
