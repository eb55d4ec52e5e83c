#!/bin/bash
# ci/tree.sh base|series: make sure the kernel tree exists and print its path.
#
# base:   Debian's linux-source-6.12 tarball, extracted once into out/src/linux
#         and committed as one commit tagged with its exact version (v6.12.N).
# series: a git worktree out/src/series on branch "series" = base + every
#         patch listed in patches/series, applied with git am. Re-applied only
#         when the patches change. A patch that does not apply is named with
#         its file and hunk, and the worktree is reset to base (never left
#         half-applied).
set -eu
. "$(dirname "$0")/lib.sh"

which_tree=${1:-series}
check_inputs "make run" TREE="$which_tree"	# before the base is extracted
repo=$VMS_SRC/linux
mkdir -p "$VMS_SRC"
exec 9>"$VMS_SRC/.lock"
flock 9

[ -r "$VMS_TARBALL" ] || die "kernel source $VMS_TARBALL is missing" "" "apt-get install linux-source-6.12"
tarball_id=$(stat -c '%s %Y' "$VMS_TARBALL")

if [ -d "$repo/.git" ] && [ "$(cat "$repo/.git/vmshadow-tarball" 2>/dev/null)" != "$tarball_id" ]; then
	old=$(base_version)
	note "the kernel tarball changed (was $old): extracting the new base"
	rm -rf "$VMS_SRC/series" "$repo.old"
	mv "$repo" "$repo.old"
	rm -rf "$repo.old" &
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
		ver=$(awk '/^VERSION =/{v=$3} /^PATCHLEVEL =/{p=$3} /^SUBLEVEL =/{s=$3} /^EXTRAVERSION =/{e=$3} END{print v"."p"."s e}' Makefile)
		git commit -q -m "Linux $ver as shipped by Debian linux-source-6.12"
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

# The patch list: patches/series names files relative to patches/ (arch
# patches as ../arch-*/patches/NAME). The cover letter is not applied.
pdir=${VMS_PATCHES:-$VMS_TOP/patches}	# VMS_PATCHES, SERIES_WT: for tests
patches=()
while read -r p _; do
	case "$p" in ''|'#'*) continue ;; esac
	f=$pdir/$p
	[ -f "$f" ] || die "patches/series names $p, which does not exist"
	case "$(basename "$p")" in 0000-*) continue ;; esac
	patches+=("$f")
done <"$pdir/series"

hash=$( { echo "$ver"; for f in "${patches[@]}"; do cat "$f"; done; } | sha256sum | cut -c1-12)
wt=${SERIES_WT:-$VMS_SRC/series}
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

log=$wt.apply.log
git -C "$wt" am --abort >/dev/null 2>&1 || true
git -C "$wt" checkout -q -f -B "$br" "v$ver"
git -C "$wt" clean -qfdx
: >"$log"
for f in "${patches[@]}"; do
	if ! git -C "$wt" am -q --whitespace=nowarn "$f" >>"$log" 2>&1; then
		file=$(sed -n 's/^error: patch failed: \(.*\):\([0-9]*\)$/\1 (hunk at line \2)/p' "$log" | head -n1)
		[ -n "$file" ] || file=$(sed -n 's/^error: \(.*\): does not exist in index$/\1 (file missing)/p' "$log" | head -n1)
		git -C "$wt" am --abort >/dev/null 2>&1 || true
		git -C "$wt" checkout -q -f -B "$br" "v$ver"
		git -C "$wt" clean -qfdx
		die "patch $(basename "$f") does not apply to v$ver: ${file:-see log}" \
			"$log" "make series-apply"
	fi
done
git -C "$repo" tag -f "series-$hash" "$(git -C "$wt" rev-parse HEAD)" >/dev/null
echo "$wt"
