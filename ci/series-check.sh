#!/bin/bash
# ci/series-check.sh [TARGET...]: is the series fit to post?
#  1. git am onto a fresh base worktree (out/src/series-check);
#  2. scripts/checkpatch.pl --strict on every patch;
#  3. bisectability: x86_64 kasan-vmalloc builds at every patch prefix;
#  4. the full series builds for every target (default: all).
# Writes out/series-check/<time>/report.md (+ logs); exit 0 only if clean.
set -eu
. "$(dirname "$0")/lib.sh"

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

for i in "${!commits[@]}"; do
	p=${pfiles[$i]} n=$((i + 1))
	cp_log=$dir/$n-checkpatch.log
	(cd "$base" && perl scripts/checkpatch.pl --strict "$VMS_TOP/patches/$p") >"$cp_log" 2>&1 || true
	cp_sum=$(grep -E '^total: ' "$cp_log" | tail -n1)
	case "$cp_sum" in "total: 0 errors, 0 warnings, 0 checks"*) cp=clean ;; *) cp="NOT CLEAN (${cp_sum:-no total})"; bad=1 ;; esac
	git -C "$wt" checkout -q "${commits[$i]}"
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
