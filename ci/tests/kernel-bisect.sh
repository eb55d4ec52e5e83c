#!/bin/bash
# make bisect finds a planted bad commit. A small history on top of the
# 6.12 base (out/src/bisect-fixture): a docs commit, then one that breaks
# the vmalloc shadow on purpose (__kasan_unpoison_vmalloc() unpoisons the
# whole last page, so KASAN misses an access past the end of a vmalloc()
# area: KASAN's KUnit case vmalloc_oob fails), then another docs commit.
# ci/bisect.sh with GOOD=base BAD=last, PLAN=quick, must name the planted
# commit, with a passing step and a failing one (vmalloc_oob) among its runs.
# Then with GOOD=the planted commit, which fails: it must refuse to bisect
# (git bisect would name a wrong commit), after one run, with exit 1.
set -eu
. "$(dirname "$0")/lib.sh"
base=$("$top/ci/tree.sh" base)
fx=$top/out/src/bisect-fixture	# a fixed path: its builds hit ccache in every clone
key=$(sha256sum <"$0" | cut -c1-16)
if [ "$(cat "$fx.key" 2>/dev/null)" != "$key" ] || ! git -C "$fx" rev-parse -q --verify HEAD~3 >/dev/null; then
	rm -rf "$fx" "$fx.key"
	git clone -q --shared "$base" "$fx"
	# Fixed identities and dates: the same commits in every run.
	export GIT_AUTHOR_NAME=vmshadow GIT_AUTHOR_EMAIL=vmshadow@localhost GIT_COMMITTER_NAME=vmshadow \
		GIT_COMMITTER_EMAIL=vmshadow@localhost GIT_AUTHOR_DATE=2026-01-01T00:00:00Z GIT_COMMITTER_DATE=2026-01-01T00:00:00Z
	echo "vmshadow bisect fixture: a harmless change." >>"$fx/Documentation/dev-tools/kasan.rst"
	git -C "$fx" commit -qam "docs: kasan: a harmless change (bisect fixture 1/3)"
	f=$fx/mm/kasan/shadow.c
	grep -q '^	kasan_unpoison(start, size, false);$' "$f" || fail "shadow.c no longer has the line the fixture breaks"
	sed -i 's/^	kasan_unpoison(start, size, false);$/	kasan_unpoison(start, PAGE_ALIGN(size), false);/' "$f"
	git -C "$fx" commit -qam "kasan: unpoison whole pages of a vmalloc area (bisect fixture 2/3: the bad one)"
	echo "vmshadow bisect fixture: another harmless change." >>"$fx/Documentation/dev-tools/kasan.rst"
	git -C "$fx" commit -qam "docs: kasan: another harmless change (bisect fixture 3/3)"
	echo "$key" >"$fx.key"
fi
planted=$(git -C "$fx" rev-parse HEAD~1)

rc=0
out=$(VMS_OUT=$top/out KSRC=$fx GOOD=HEAD~3 BAD=HEAD ARCH=x86_64 VARIANT=kasan-vmalloc TREE=base PLAN=quick \
	"$top/ci/bisect.sh" 2>&1) || rc=$?
echo "$out"
dir=$(echo "$out" | sed -n 's/^bisect folder: \(.*\) (bisect.log, runs\/)$/\1/p')
[ "$rc" = 0 ] || fail "make bisect found no first bad commit (exit $rc)"
[ -n "$dir" ] || fail "no bisect folder named"
[ -f "$dir/result.txt" ] || fail "no $dir/result.txt"
runs=$dir/runs	# fail() names them
head -n1 "$dir/result.txt" | grep -qx "first bad commit: $planted" ||
	fail "bisect named $(head -n1 "$dir/result.txt"), not the planted $planted"
steps=$(find "$dir/runs" -mindepth 1 -maxdepth 1 -type d | sort)	# not runs/latest
verdicts=$(for d in $steps; do jq -r .verdict "$d/results.json"; done | sort | tr '\n' ' ')
case $verdicts in *fail*pass*) ;; *) fail "the steps were not one pass and one fail at least: $verdicts" ;; esac
for d in $steps; do
	[ "$(jq -r .verdict "$d/results.json")" = fail ] || continue
	jq -r '.tests[] | select(.status == "FAIL") | .name' "$d/results.json" | grep -qx vmalloc_oob ||
		fail "a failing step did not fail vmalloc_oob: $d/results.json"
done
echo "bisect found the planted commit $planted; steps: $verdicts"
rm -rf "$dir"

rc=0
out=$(VMS_OUT=$top/out KSRC=$fx GOOD=HEAD~1 BAD=HEAD ARCH=x86_64 VARIANT=kasan-vmalloc TREE=base PLAN=quick \
	"$top/ci/bisect.sh" 2>&1) || rc=$?
echo "$out"
[ "$rc" = 1 ] || fail "make bisect with a failing GOOD exited $rc, not 1"
want="not bisected: GOOD=$(git -C "$fx" rev-parse --short=12 HEAD~1) fails"
[[ $out == *"$want"* ]] || fail "make bisect with a failing GOOD did not say '$want'"
dir=$(dirname "$(echo "$out" | sed -n 's/^vmshadow:   full log: \(.*\/endpoint-GOOD.log\)$/\1/p')")
[ "$(find "$dir/runs" -mindepth 1 -maxdepth 1 -type d | wc -l)" = 1 ] || fail "more than GOOD was run in $dir/runs"
echo "a failing GOOD was refused after one run"
rm -rf "$dir"
