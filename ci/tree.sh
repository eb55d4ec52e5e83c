#!/bin/bash
# ci/tree.sh base|series: make sure the kernel tree exists and print its path.
#
# base:   Debian's linux-source-BASE tarball (BASE=6.12 by default, or 6.1),
#         extracted once into out/src/linux (6.12) or out/src/linux-BASE
#         and committed as one commit tagged with its exact version (v6.12.N).
# series: a git worktree out/src/series (series-BASE) on branch "series" =
#         base + every patch listed in the series file for that version
#         (ci/kernels/BASE.kernel: K_SERIES), applied with git am. Re-applied
#         only when the patches change. A patch that does not apply is named
#         with its file and hunk, and the worktree is reset to base (never
#         left half-applied).
# With KSRC=/path (the user's own tree), ci/ksrc.sh does it instead.
set -eu
. "$(dirname "$0")/lib.sh"

which_tree=${1:-series}
check_inputs "make run" TREE="$which_tree" BASE="${BASE:-}" KSRC="${KSRC:-}"	# before the base is extracted
[ -z "${KSRC:-}" ] || exec "$VMS_TOP/ci/ksrc.sh" "$which_tree"
load_kernel "$VMS_BASE"
repo=$(base_repo)
# Before anything is made: the series file, when the series is asked for.
# It names files relative to its folder (arch patches as
# ../arch-*/patches/NAME); the cover letter is not applied.
# VMS_PATCHES (a folder with a file "series"), SERIES_WT: for tests.
if [ "$which_tree" = series ]; then
	if [ -n "${VMS_PATCHES:-}" ]; then
		sfile=$VMS_PATCHES/series
	else
		[ -n "$K_SERIES" ] || die "no series for Linux $VMS_BASE yet (ci/kernels/$VMS_BASE.kernel: K_SERIES is empty); TREE=base builds $VMS_BASE as Debian ships it" "" "make run BASE=$VMS_BASE TREE=base"
		sfile=$VMS_TOP/$K_SERIES
	fi
fi
[ -r "$VMS_TARBALL" ] || die "kernel source $VMS_TARBALL is missing" "" "apt-get install $K_PACKAGE"
mkdir -p "$VMS_SRC"
exec 9>"$VMS_SRC/.lock"
flock 9

tarball_id=$(stat -c '%s %Y' "$VMS_TARBALL")
sfx=${repo#"$VMS_SRC"/linux}	# '' or -BASE: the worktrees' names too

if [ -d "$repo/.git" ] && [ "$(cat "$repo/.git/vmshadow-tarball" 2>/dev/null)" != "$tarball_id" ]; then
	old=$(base_version)
	note "the kernel tarball changed (was $old): extracting the new base"
	tree_rewrite 6 "$repo"
	tree_rewrite 7 "$VMS_SRC/series$sfx"
	rm -rf "$VMS_SRC/series$sfx" "$repo.old"
	mv "$repo" "$repo.old"
	rm -rf "$repo.old" 6>&- 7>&- 9>&- &	# not holding our locks
fi

if [ ! -d "$repo/.git" ]; then
	tmp=$VMS_SRC/extract.$$
	rm -rf "$tmp"; mkdir -p "$tmp"
	note "extracting $VMS_TARBALL"
	tar -C "$tmp" -xf "$VMS_TARBALL"
	top=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d | head -n1)
	[ -f "$top/Makefile" ] || die "no kernel Makefile in $VMS_TARBALL"
	(
		cd "$top"
		git init -q -b main
		git config user.name vmshadow
		git config user.email vmshadow@localhost
		git config gc.auto 0
		# Debian's tarball ships a .gitignore ending in "/*": add by force.
		git add -A -f
		ver=$(tree_version .)
		git commit -q -m "Linux $ver as shipped by Debian $K_PACKAGE"
		git tag "v$ver"
		echo "$tarball_id" >.git/vmshadow-tarball
	)
	mv "$top" "$repo"
	rm -rf "$tmp"
	# Worktree metadata records absolute paths; none exist yet.
fi

ver=$(base_version)
if [ "$which_tree" = base ]; then
	echo "$repo"
	exit 0
fi

mapfile -t patches < <(series_patches "$sfile")
[ ${#patches[@]} -gt 0 ] || die "$sfile lists no patch"
hash=$( { echo "$ver"; for f in "${patches[@]}"; do cat "$f"; done; } | sha256sum | cut -c1-12)
wt=${SERIES_WT:-$VMS_SRC/series$sfx}
br=$(basename "$wt")	# the branch: "series" for the real one
if [ ! -d "$wt" ]; then
	git -C "$repo" worktree prune
	git -C "$repo" worktree add -q -f -B "$br" "$wt" "v$ver"
fi
if [ "$(git -C "$wt" rev-parse HEAD)" = "$(git -C "$repo" rev-parse -q --verify "refs/tags/series-$hash^{commit}" 2>/dev/null)" ] &&
	[ -z "$(git -C "$wt" status --porcelain)" ]; then
	echo "$wt"
	exit 0
fi

tree_rewrite 8 "$wt"
am_series "$wt" "$br" "v$ver" "${patches[@]}"
git -C "$repo" tag -f "series-$hash" "$(git -C "$wt" rev-parse HEAD)" >/dev/null
echo "$wt"
