#!/bin/bash
# ci/bisect.sh: make bisect KSRC=/your/linux GOOD=<commit> BAD=<commit>
# [ARCH= VARIANT= TREE=base PLAN=quick ...]: git bisect run of make run's
# test on your tree, without touching it: the bisection runs in a clone
# (out/src/bisect-HASH, --shared: your objects are read where they are;
# bisect only checks out, it never writes an object). Each step is
# ci/run.sh on the clone (exit 0 good, 1 bad, 125 skip: docs/your-own-tree.md).
# Writes out/bisect/<time>/: bisect.log (git bisect log), result.txt (the
# first bad commit, or why there is none), runs/ (one run folder a step).
# Exit 0 when a first bad commit was found, 1 else.
set -eu
. "$(dirname "$0")/lib.sh"

[ -n "${KSRC:-}" ] || die "make bisect needs KSRC=/path/to/your/linux (a git tree), GOOD= and BAD=" "" "make bisect KSRC=~/linux GOOD=v6.12 BAD=HEAD"
export TREE=${TREE:-base} PLAN=${PLAN:-quick}
check_inputs "make bisect" KSRC="$KSRC" TREE="$TREE" PLAN="$PLAN" ARCH="${ARCH:-}" VARIANT="${VARIANT:-}"
src=$(ksrc_path)
is_git_tree "$src" || die "make bisect needs a git tree; KSRC=$KSRC is not the top of one"
# commit_of VAR: the commit VAR (GOOD or BAD) names in KSRC.
commit_of() {
	[ -n "${!1:-}" ] || die "make bisect needs $1=<commit>" "" "make bisect KSRC=$KSRC GOOD=v6.12 BAD=HEAD"
	git -C "$src" rev-parse -q --verify "${!1}^{commit}" || die "$1=${!1} is not a commit of $KSRC"
}
good=$(commit_of GOOD)
bad=$(commit_of BAD)
git -C "$src" merge-base --is-ancestor "$good" "$bad" || die "GOOD=${GOOD:-} is not an ancestor of BAD=${BAD:-}"
[ "${1:-}" != --check ] || exit 0

dir=$VMS_OUT/bisect/$(stamp)
n=1
until mkdir -p "$VMS_OUT/bisect" && mkdir "$dir" 2>/dev/null; do n=$((n + 1)); dir=$VMS_OUT/bisect/$(stamp)-$n; done
p=${src#"$VMS_TOP"/}
wt=$VMS_SRC/bisect-$(printf '%s' "$p" | sha256sum | cut -c1-10)
exec 9>"$wt.lock"
flock 9
if ! git -C "$wt" rev-parse -q --verify "$bad^{commit}" >/dev/null 2>&1; then
	rm -rf "$wt"
	note "cloning KSRC=$KSRC into $wt (--shared, nothing written to KSRC)"
	git clone -q --shared --no-checkout "$src" "$wt"
fi
git -C "$wt" bisect reset >/dev/null 2>&1 || true
git -C "$wt" checkout -q -f --detach "$bad"
git -C "$wt" clean -qfdx
note "bisect of $KSRC: good $good, bad $bad; ARCH=${ARCH:-x86_64} VARIANT=${VARIANT:-kasan-vmalloc} TREE=$TREE PLAN=$PLAN; in $dir"
git -C "$wt" bisect start "$bad" "$good" >"$dir/bisect-start.log" 2>&1 ||
	die "git bisect start failed in $wt" "$dir/bisect-start.log"
mkdir "$dir/runs"
rc=0
( cd "$wt" && KSRC=$wt RUNS_DIR=$dir/runs git bisect run "$VMS_TOP/ci/run.sh" ) >"$dir/bisect-run.log" 2>&1 || rc=$?
git -C "$wt" bisect log >"$dir/bisect.log" 2>/dev/null || true
first=$(sed -n 's/^\([0-9a-f]\{40\}\) is the first bad commit$/\1/p' "$dir/bisect-run.log" | head -n1)
git -C "$wt" bisect reset >/dev/null 2>&1 || true
if [ -n "$first" ]; then
	git -C "$wt" show -s --format='first bad commit: %H%n  %s' "$first" | atomic_write "$dir/result.txt"
	cat "$dir/result.txt"
	echo "bisect folder: $dir (bisect.log, runs/)"
	exit 0
fi
{ echo "no first bad commit found (git bisect run exit $rc)"; grep -E 'only skipped commits|cannot bisect|bisect run failed' "$dir/bisect-run.log" || true; } | atomic_write "$dir/result.txt"
die "$(head -n1 "$dir/result.txt")" "$dir/bisect-run.log" "make bisect KSRC=$KSRC GOOD=$GOOD BAD=$BAD"
