#!/bin/bash
# ci/series-check.sh [TARGET...]: is the series fit to post?
#  1. git am onto a fresh base worktree (out/src/series-check);
#  2. scripts/checkpatch.pl --strict on every patch;
#  3. bisectability: x86_64 kasan-vmalloc builds at every patch prefix;
#  4. the full series builds for every target (default: all).
# Writes out/series-check/<time>/report.md (+ logs); exit 0 only if clean.
# An unknown TARGET exits 1 before anything is made; ci/series-check.sh
# --check [TARGET...]: only check them (make series-check, before deps).
set -eu
. "$(dirname "$0")/lib.sh"

check_only=
[ "${1:-}" != --check ] || { check_only=1; shift; }
check_inputs "make series-check" SERIES_TARGETS+="$*"
# The series is checked against Debian's tarball it was written for.
[ -z "${KSRC:-}" ] || die "make series-check checks the series on Debian's linux-source (BASE=); KSRC=$KSRC: make run KSRC=... TREE=series applies it to your tree"
[ -z "$check_only" ] || exit 0
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(all_targets)
dir=$VMS_OUT/series-check/$(stamp)
mkdir -p "$dir"
wt=$VMS_SRC/series-check
base=$("$VMS_TOP/ci/tree.sh" base)
ver=$(base_version)
SERIES_WT=$wt "$VMS_TOP/ci/tree.sh" series >/dev/null
mapfile -t commits < <(git -C "$wt" rev-list --reverse "v$ver..HEAD")
mapfile -t pfiles < <(sed -e 's/[[:space:]].*//' -e '/^#/d' -e '/^$/d' "$VMS_TOP/patches/series" | grep -v '^0000-')
[ ${#commits[@]} = ${#pfiles[@]} ] || die "patches/series lists ${#pfiles[@]} patches but git am made ${#commits[@]} commits"
bad=0
rows=()

# x86_64 config for prefix builds: the full series config; olddefconfig
# drops what an earlier prefix does not have yet (e.g. the KUnit option
# that a later patch adds). Nothing else changes between prefixes.
full=$("$VMS_TOP/ci/config.sh" x86_64 kasan-vmalloc series)
bdir=$VMS_OUT/build/series-check-x86_64
mkdir -p "$bdir"
export CCACHE_BASEDIR=$VMS_TOP CCACHE_NOHASHDIR=1 KBUILD_BUILD_USER=vmshadow KBUILD_BUILD_HOST=vmshadow
lockdir=${XDG_CACHE_HOME:-$HOME/.cache}/vmshadow
mkdir -p "$lockdir"

# maintainers_cover PATCH CHECKPATCH_LOG: print the verdict on a patch whose
# only checkpatch warning is FILE_PATH_CHANGES; fail unless every file the
# patch adds has a maintainer in MAINTAINERS (scripts/get_maintainer.pl, run
# in the worktree checked out at that patch, where the files exist).
maintainers_cover() {
	local f files=() who
	grep -q '^WARNING:FILE_PATH_CHANGES:' "$2" || { echo "NOT CLEAN (1 warning)"; return 1; }
	mapfile -t files < <(awk '/^--- \/dev\/null/ { getline; sub(/^\+\+\+ b\//, ""); print }' "$VMS_TOP/patches/$1")
	for f in "${files[@]}"; do
		who=$(cd "$wt" && perl scripts/get_maintainer.pl --no-git --no-git-fallback --no-rolestats -f "$f" 2>/dev/null | grep -v -e '^linux-kernel@' -e 'torvalds@' | head -n1)
		[ -n "$who" ] || { echo "NOT CLEAN (new file $f has no MAINTAINERS entry)"; return 1; }
	done
	echo "clean (FILE_PATH_CHANGES only: MAINTAINERS covers ${files[*]})"
}

for i in "${!commits[@]}"; do
	p=${pfiles[$i]} n=$((i + 1))
	git -C "$wt" checkout -q "${commits[$i]}"
	cp_log=$dir/$n-checkpatch.log
	# UNKNOWN_COMMIT_ID is ignored: the base is one commit made from
	# Debian's tarball, so no upstream commit (a backport's "commit <sha>
	# upstream.", a Fixes: tag) can be found in it.
	(cd "$base" && perl scripts/checkpatch.pl --strict --show-types --ignore UNKNOWN_COMMIT_ID "$VMS_TOP/patches/$p") >"$cp_log" 2>&1 || true
	cp_sum=$(grep -E '^total: ' "$cp_log" | tail -n1)
	case "$cp_sum" in
	"total: 0 errors, 0 warnings, 0 checks"*) cp=clean ;;
	"total: 0 errors, 1 warnings, 0 checks"*)
		# The one warning checkpatch gives every patch that adds a file
		# ("does MAINTAINERS need updating?") is answered by
		# get_maintainer.pl: clean if a MAINTAINERS entry covers each file.
		cp=$(maintainers_cover "$p" "$cp_log") || bad=1 ;;
	*) cp="NOT CLEAN (${cp_sum:-no total})"; bad=1 ;;
	esac
	cp "$full/.config" "$bdir/.config"
	b_log=$dir/$n-build-x86_64.log
	t0=$(now)
	if flock "$lockdir/build.lock" make -C "$wt" O="$bdir" ARCH=x86_64 CC="ccache gcc" olddefconfig all -j"$(nproc)" >"$b_log" 2>&1; then
		b="ok ($(( $(now) - t0 ))s)"
	else
		b="FAILED ($b_log)"; bad=1
	fi
	rows+=("| $n | $p | $cp | $b |")
	note "series-check: patch $n $p: checkpatch $cp, x86_64 build $b"
done
git -C "$wt" checkout -q "${commits[-1]}"

arows=()
for t in "${targets[@]}"; do
	if "$VMS_TOP/ci/build.sh" "$t" kasan-vmalloc series >/dev/null 2>"$dir/build-$t.err"; then
		arows+=("| $t | ok |")
	else
		arows+=("| $t | FAILED: $(grep -m1 'error:' "$dir/build-$t.err" || true) (out/build/$t-kasan-vmalloc-series/build.log) |"); bad=1
	fi
done
{
	echo "# series-check $(stamp), base v$ver, series $(git -C "$wt" rev-parse --short=12 HEAD)"
	echo
	echo "| # | patch | checkpatch --strict | x86_64 build at this prefix |"
	echo "|---|---|---|---|"
	printf '%s\n' "${rows[@]}"
	echo
	echo "| target | full series build (kasan-vmalloc) |"
	echo "|---|---|"
	printf '%s\n' "${arows[@]}"
} | atomic_write "$dir/report.md"
cat "$dir/report.md"
[ $bad = 0 ] || die "the series is not clean" "$dir/report.md" "make series-check"
