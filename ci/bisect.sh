#!/bin/bash
# ci/bisect.sh: make bisect KSRC=/your/linux GOOD=<commit> BAD=<commit>
# [ARCH= VARIANT= TREE=base PLAN=quick ...]: git bisect run of make run's
# test on your tree, without touching it: the bisection runs in a clone
# (out/src/bisect-HASH, --shared: your objects are read where they are;
# bisect only checks out, it never writes an object). Each step is
# ci/run.sh on the clone (exit 0 good, 1 bad, 125 skip, 128 stop:
# docs/your-own-tree.md). GOOD and BAD are run first: a GOOD that fails or
# a BAD that passes would make git bisect name a wrong commit with
# confidence, so the bisection is not started then.
# Writes out/bisect/<time>/: bisect.log (git bisect log), result.txt (the
# first bad commit, or why there is none), runs/ (one run folder a step,
# the endpoints' first). Exit 0 when a first bad commit was found, 1 else.
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
# Everything make run takes (UNTESTABLE, CLOCK, timeouts...), checked once
# here as make run checks it: in a step a refusal is that commit's (125).
KSRC=$src "$VMS_TOP/ci/run.sh" --check || exit 1
[ "${1:-}" != --check ] || exit 0

# endpoint NAME COMMIT WANT: run COMMIT; die unless it exits WANT.
endpoint() {
	local rc=0 log=$dir/endpoint-$1.log
	git -C "$wt" checkout -q -f --detach "$2"
	git -C "$wt" clean -qfdx
	note "checking $1=$2 first (must exit $3: $([ "$3" = 0 ] && echo pass || echo fail))"
	( cd "$wt" && "${step[@]}" ) >"$log" 2>&1 || rc=$?
	[ "$rc" = "$3" ] && return 0
	local why
	case $rc in
	0) why="passes" ;;
	1) why="fails (a test failed or the kernel reported a bug)" ;;
	125) why="cannot be tested (CANNOT TEST in the log)" ;;
	*) why="could not be run (exit $rc)" ;;
	esac
	echo "not bisected: $1=$(git -C "$wt" rev-parse --short=12 "$2") $why, so git bisect would name a wrong commit" | atomic_write "$dir/result.txt"
	die "$(cat "$dir/result.txt")" "$log" "make bisect KSRC=$KSRC GOOD=$GOOD BAD=$BAD"
}

dir=$VMS_OUT/bisect/$(stamp)
n=1
until mkdir -p "$VMS_OUT/bisect" && mkdir "$dir" 2>/dev/null; do n=$((n + 1)); dir=$VMS_OUT/bisect/$(stamp)-$n; done
p=${src#"$VMS_TOP"/}
wt=$VMS_SRC/bisect-$(printf '%s' "$p" | sha256sum | cut -c1-10)
mkdir -p "$VMS_SRC"
exec 9>"$wt.lock"
flock 9
if ! git -C "$wt" rev-parse -q --verify "$bad^{commit}" >/dev/null 2>&1; then
	rm -rf "$wt"
	note "cloning KSRC=$KSRC into $wt (--shared, nothing written to KSRC)"
	git clone -q --shared --no-checkout "$src" "$wt"
fi
git -C "$wt" bisect reset >/dev/null 2>&1 || true
note "bisect of $KSRC: good $good, bad $bad; ARCH=${ARCH:-x86_64} VARIANT=${VARIANT:-kasan-vmalloc} TREE=$TREE PLAN=$PLAN; in $dir"
mkdir "$dir/runs"
# One step: ci/run.sh on the clone, checked out at the commit to test.
step=(env KSRC="$wt" RUNS_DIR="$dir/runs" VMS_BISECT_STEP=1 "$VMS_TOP/ci/run.sh")
endpoint GOOD "$good" 0
endpoint BAD "$bad" 1
git -C "$wt" checkout -q -f --detach "$bad"
git -C "$wt" clean -qfdx
git -C "$wt" bisect start "$bad" "$good" >"$dir/bisect-start.log" 2>&1 ||
	die "git bisect start failed in $wt" "$dir/bisect-start.log"
rc=0
( cd "$wt" && git bisect run "${step[@]}" ) >"$dir/bisect-run.log" 2>&1 || rc=$?
git -C "$wt" bisect log >"$dir/bisect.log" 2>/dev/null || true
# Done when git said so; the commit is then refs/bisect/bad (whatever the
# hash length or the words of this git's version).
first=
if [ "$rc" = 0 ] && grep -q 'is the first bad commit' "$dir/bisect-run.log"; then
	first=$(git -C "$wt" rev-parse -q --verify refs/bisect/bad)
fi
git -C "$wt" bisect reset >/dev/null 2>&1 || true
if [ -n "$first" ]; then
	git -C "$wt" show -s --format='first bad commit: %H%n  %s' "$first" | atomic_write "$dir/result.txt"
	cat "$dir/result.txt"
	echo "bisect folder: $dir (bisect.log, runs/)"
	exit 0
fi
{ echo "no first bad commit found (git bisect run exit $rc)"; grep -E 'only skipped commits|cannot bisect|bisect run failed|bisect run cannot continue' "$dir/bisect-run.log" || true; } | atomic_write "$dir/result.txt"
die "$(head -n1 "$dir/result.txt")" "$dir/bisect-run.log" "make bisect KSRC=$KSRC GOOD=$GOOD BAD=$BAD"
