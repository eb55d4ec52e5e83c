#!/bin/bash
# KSRC= and BASE= (ci/ksrc.sh, ci/tree.sh, lib.sh): on small kernel-shaped
# trees of our making (a Makefile with a version, Kconfig, scripts/kconfig),
# no kernel built. The user's tree is never written to: its git status, its
# .git (index included) and its files are the same after; TREE=series gets
# a copy with the uncommitted changes and untracked files, the series on
# top; a second edit of an edited file is seen; bad trees are refused,
# naming why, before anything is made.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export VMS_OUT=$tmp/out
fail() { echo "FAIL: $*"; exit 1; }

# mktree DIR VERSION PATCHLEVEL: a kernel-shaped tree.
mktree() {
	mkdir -p "$1/scripts/kconfig" "$1/mm"
	printf 'VERSION = %s\nPATCHLEVEL = %s\nSUBLEVEL = 3\nEXTRAVERSION =\n' "$2" "$3" >"$1/Makefile"
	echo 'mainmenu "test"' >"$1/Kconfig"
	printf 'line one\nline two\nline three\n' >"$1/mm/shadow.c"
}
k=$tmp/linux
mktree "$k" 6 12
git -C "$k" init -q -b main
printf '*.o\n' >"$k/.gitignore"
git -C "$k" add -A
git -C "$k" -c user.name=t -c user.email=t@t commit -q -m base
# A series for this tree: one patch on mm/shadow.c.
mkdir "$tmp/p"
cat >"$tmp/p/0001-two.patch" <<'P'
From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001
From: Test <test@example.com>
Date: Wed, 25 Nov 2026 00:00:00 +0000
Subject: [PATCH] shadow: line two is the series'

---
 mm/shadow.c | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)

diff --git a/mm/shadow.c b/mm/shadow.c
--- a/mm/shadow.c
+++ b/mm/shadow.c
@@ -1,3 +1,3 @@
 line one
-line two
+line two (series)
 line three
--
2.39.5
P
printf '0000-cover.patch\n0001-two.patch\n' >"$tmp/p/series"
: >"$tmp/p/0000-cover.patch"

# The user's work in progress: an edit, a new file, a build product.
echo 'user edit' >>"$k/mm/shadow.c"
echo new >"$k/mm/new.c"
echo obj >"$k/mm/shadow.o"
# A tracked file touched, not changed: a git that refreshed the index
# (status, diff) would write .git/index here.
touch -d '1 hour ago' "$k/Kconfig"
snap() { (cd "$k" && GIT_OPTIONAL_LOCKS=0 git status --porcelain --ignored && find . -path ./.git -prune -o -type f -printf '%P %s %T@\n' | sort &&
	find .git -printf '%P %s %T@\n' | sort); }
before=$(snap)

got=$(KSRC=$k "$top/ci/tree.sh" base)
[ "$got" = "$(cd "$k" && pwd -P)" ] || fail "TREE=base with KSRC printed $got, not the tree itself"
wt=$(KSRC=$k VMS_PATCHES=$tmp/p "$top/ci/tree.sh" series)
case $wt in "$VMS_OUT"/src/ksrc-*-series) ;; *) fail "series tree $wt is not under out/src" ;; esac
[ "$(cat "$wt/mm/shadow.c")" = "$(printf 'line one\nline two (series)\nline three\nuser edit')" ] ||
	fail "series tree lacks the uncommitted edit or the patch: $(cat "$wt/mm/shadow.c")"
[ -f "$wt/mm/new.c" ] || fail "untracked file not copied"
[ ! -e "$wt/mm/shadow.o" ] || fail "an ignored file was copied"
[ "$(git -C "$wt" log -1 --format=%s)" = "shadow: line two is the series'" ] || fail "patch not committed on top"
[ "$before" = "$(snap)" ] || { diff <(echo "$before") <(snap); fail "KSRC was written to"; }

# Cached while nothing changes; a second edit of the edited file is seen.
again=$(KSRC=$k VMS_PATCHES=$tmp/p "$top/ci/tree.sh" series 2>&1)
[ "$again" = "$wt" ] || fail "unchanged KSRC copied again: $again"
. "$top/ci/lib.sh"
s1=$(tree_state "$k")
echo 'second edit' >>"$k/mm/shadow.c"
[ "$s1" != "$(tree_state "$k")" ] || fail "tree_state missed a second edit of an edited file"
KSRC=$k VMS_PATCHES=$tmp/p "$top/ci/tree.sh" series >/dev/null 2>&1
grep -q 'second edit' "$wt/mm/shadow.c" || fail "series tree not made again after KSRC changed"
[ "$(tree_commit "$k")" = "$(git -C "$k" rev-parse --short=12 HEAD)-dirty" ] || fail "tree_commit: $(tree_commit "$k")"

# A run building from the copy holds it (tree_use): making it again waits.
flock -s "$wt.use" sleep 3 &
holder=$!
sleep 0.5
echo 'third edit' >>"$k/mm/shadow.c"
t0=$(date +%s%N)
msg=$(KSRC=$k VMS_PATCHES=$tmp/p "$top/ci/tree.sh" series 2>&1 >/dev/null)
waited=$((($(date +%s%N) - t0) / 1000000))
wait "$holder"
[[ $msg == *"waiting for the runs that build from $wt to finish"* ]] || fail "the copy was made again under a running build: $msg"
[ "$waited" -ge 2000 ] || fail "tree.sh waited ${waited} ms for a run holding $wt, not until it let go"
grep -q 'third edit' "$wt/mm/shadow.c" || fail "series tree not made again after the run let go"

# Every kernel facts file reads as data, with every key.
for v in $(known_kernels); do (load_kernel "$v") || fail "ci/kernels/$v.kernel does not read"; done
[ "$(known_kernels | head -n1)" = 6.1 ] || fail "known_kernels does not start at 6.1: $(known_kernels | tr '\n' ' ')"
[ "$(kernel_facts_for 6.13.2)" = 6.12 ] || fail "kernel_facts_for 6.13.2: $(kernel_facts_for 6.13.2)"
[ "$(kernel_facts_for 6.11.0)" = 6.1 ] || fail "kernel_facts_for 6.11.0: $(kernel_facts_for 6.11.0)"

# Two trees never share a build folder: tags differ by path.
cp -a "$k" "$tmp/linux2"
[ "$(KSRC=$k tree_tag)" != "$(KSRC=$tmp/linux2 tree_tag)" ] || fail "two trees share a tree_tag"
[ "$(VMS_BASE=6.1 tree_tag)" = -6.1 ] || fail "BASE=6.1 tag"
[ -z "$(VMS_BASE=6.12 tree_tag)" ] || fail "BASE=6.12 tag"

# A tree outside git: copied, the series applied.
n=$tmp/nogit
mktree "$n" 6 12
wt2=$(KSRC=$n VMS_PATCHES=$tmp/p "$top/ci/tree.sh" series 2>/dev/null)
grep -qx 'line two (series)' "$wt2/mm/shadow.c" || fail "series not applied on a copy of a non-git tree"
case $(tree_commit "$n") in content-????????????) ;; *) fail "non-git tree_commit: $(tree_commit "$n")" ;; esac

# refused CMD_ENV... -- EXPECTED: fails, prints EXPECTED, makes nothing.
refused() {
	local want=${*: -1} out rc=0
	rm -rf "$VMS_OUT"
	out=$(env "${@:1:$#-1}" "$top/ci/tree.sh" series 2>&1) || rc=$?
	[ "$rc" = 1 ] || fail "exit $rc, not 1, for ${*:1:$#-1}: $out"
	[[ $out == *"$want"* ]] || fail "for ${*:1:$#-1}: wanted '$want' in: $out"
	[ ! -e "$VMS_OUT/src" ] || fail "something was made under out/src for ${*:1:$#-1}"
	echo "refused as it should: ${*:1:$#-1}: $want"
}
mktree "$tmp/old" 5 15
mktree "$tmp/built" 6 12; : >"$tmp/built/.config"
mktree "$tmp/gen" 6 12; mkdir -p "$tmp/gen/arch/x86/include/generated"
mktree "$tmp/v65" 6 5
refused KSRC="$tmp/old" "is Linux 5.15.3, older than any vmshadow knows"
refused KSRC="$tmp/built" "was configured or built in place"
refused KSRC="$tmp/gen" "was configured or built in place"
refused KSRC="$tmp" "is not a kernel source tree"
refused KSRC="$tmp/none" "is not a folder"
refused KSRC="$k" BASE=6.1 "names a tree, and so does BASE=6.1"
refused BASE=7.0 "BASE '7.0' is unknown"
refused KSRC="$tmp/v65" "no series for Linux 6.5 (KSRC=$tmp/v65 is 6.5.3; series exist for: 6.12)"
# BASE=6.1 with no 6.1 series: said before any tarball is read.
refused BASE=6.1 VMS_TARBALL=/nonexistent "no series for Linux 6.1 yet"
refused VMS_TARBALL=/nonexistent "kernel source /nonexistent is missing"
echo "PASS"
