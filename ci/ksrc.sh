#!/bin/bash
# ci/ksrc.sh base|series: the user's own kernel tree, KSRC=/path (git or
# not), for ci/tree.sh; prints the tree to build.
#
# base:   KSRC itself, as it is, uncommitted changes included. It is never
#         written to: the build is out of tree (O=, ci/config.sh), and git
#         is only asked to read (no index refresh, no lock).
# series: a copy in out/src/ksrc-HASH-series made without touching KSRC:
#         of a git tree the files a build reads (tracked ones as they are
#         in the work tree, untracked ones not ignored), of a tree outside
#         git every file, committed as one commit in a new repository. (A
#         clone --shared would write to KSRC: git refreshes the mtime of
#         every object of KSRC's that a commit in the clone writes again.) Then the series for KSRC's version X.Y
#         (ci/kernels/X.Y.kernel: K_SERIES) is applied with git am. Made
#         again only when KSRC or the patches change.
set -eu
. "$(dirname "$0")/lib.sh"

which_tree=$1
src=$(ksrc_path)
ver=$(tree_version "$src")
if [ "$which_tree" = base ]; then
	echo "$src"
	exit 0
fi

xy=$(echo "$ver" | cut -d. -f1,2)
if [ -n "${VMS_PATCHES:-}" ]; then	# tests: another series
	sfile=$VMS_PATCHES/series
else
	have=$(for k in $(known_kernels); do (load_kernel "$k" && [ -n "$K_SERIES" ] && echo "$k"); done | tr '\n' ' ')
	K_SERIES=
	[ ! -f "$VMS_TOP/ci/kernels/$xy.kernel" ] || load_kernel "$xy"
	[ -n "$K_SERIES" ] ||
		die "no series for Linux $xy (KSRC=$KSRC is $ver; series exist for: ${have% }); TREE=base builds the tree as it is" "" "make run KSRC=$KSRC TREE=base"
	sfile=$VMS_TOP/$K_SERIES
fi
mapfile -t patches < <(series_patches "$sfile")
[ ${#patches[@]} -gt 0 ] || die "$sfile lists no patch"

tag=$(tree_tag)
wt=$VMS_SRC/ksrc-${tag#-k}-series
mkdir -p "$VMS_SRC"
exec 9>"$wt.lock"
flock 9
key=$( { echo "$src"; tree_state "$src"; cat "${patches[@]}"; } | sha256sum | cut -c1-16)
if [ "$(cat "$wt.key" 2>/dev/null)" = "$key" ] && [ -z "$(git -C "$wt" status --porcelain 2>/dev/null)" ] &&
	[ "$(git -C "$wt" rev-parse -q --verify refs/tags/vmshadow-series 2>/dev/null)" = "$(git -C "$wt" rev-parse HEAD 2>/dev/null)" ]; then
	echo "$wt"
	exit 0
fi

tree_rewrite 7 "$wt"
note "copying KSRC=$KSRC ($ver) into $wt for the series"
rm -rf "$wt" "$wt.key"
mkdir -p "$wt"
if is_git_tree "$src"; then
	# What a build of KSRC reads: tracked files as they are in the work
	# tree, and untracked ones that are not ignored (deleted ones are gone).
	head=$(git -C "$src" rev-parse HEAD)
	( cd "$src" && GIT_OPTIONAL_LOCKS=0 git ls-files -z -c -o --exclude-standard |
		while IFS= read -r -d '' f; do [ ! -e "$f" ] || printf '%s\0' "$f"; done |
		tar --null --no-recursion -T - -cf - ) | tar -C "$wt" -xf -
	msg="KSRC=$src at $head, with its uncommitted changes (Linux $ver)"
else
	tar -C "$src" -cf - . | tar -C "$wt" -xf -
	msg="KSRC=$src as it was (Linux $ver)"
fi
git -C "$wt" init -q -b main
git -C "$wt" config user.name vmshadow
git -C "$wt" config user.email vmshadow@localhost
git -C "$wt" config gc.auto 0
git -C "$wt" add -A -f
git -C "$wt" commit -q --allow-empty -m "$msg"
git -C "$wt" tag ksrc
am_series "$wt" series ksrc "${patches[@]}"
git -C "$wt" tag vmshadow-series
echo "$key" | atomic_write "$wt.key"
echo "$wt"
