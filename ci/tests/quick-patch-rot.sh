#!/bin/bash
# A patch that does not apply names the patch, the file and the hunk, and
# leaves no half-applied tree: the worktree is back at the base commit.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
wt=$top/out/src/test-rot-$$
cleanup() {
	git -C "$top/out/src/linux" worktree remove -f "$wt" >/dev/null 2>&1 || true
	git -C "$top/out/src/linux" branch -D "$(basename "$wt")" >/dev/null 2>&1 || true
	rm -rf "$tmp" "$wt" "$wt.apply.log"
}
trap cleanup EXIT
"$top/ci/tree.sh" base >/dev/null
base=$(git -C "$top/out/src/linux" rev-parse HEAD)
# Patch 1 applies (adds a file); patch 2 has a hunk whose context is wrong.
cat >"$tmp/0001-good.patch" <<'P'
From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001
From: Test <test@example.com>
Date: Wed, 25 Nov 2026 00:00:00 +0000
Subject: [PATCH 1/2] good: add a file

---
 vmshadow-test.txt | 1 +
 1 file changed, 1 insertion(+)
 create mode 100644 vmshadow-test.txt

diff --git a/vmshadow-test.txt b/vmshadow-test.txt
new file mode 100644
index 000000000000..257cc5642cb1
--- /dev/null
+++ b/vmshadow-test.txt
@@ -0,0 +1 @@
+foo
--
2.39.5
P
cat >"$tmp/0002-rotten.patch" <<'P'
From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001
From: Test <test@example.com>
Date: Wed, 25 Nov 2026 00:00:00 +0000
Subject: [PATCH 2/2] rotten: context that 6.12 does not have

---
 mm/kasan/shadow.c | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)

diff --git a/mm/kasan/shadow.c b/mm/kasan/shadow.c
--- a/mm/kasan/shadow.c
+++ b/mm/kasan/shadow.c
@@ -10,3 +10,3 @@
 this line is not in shadow.c
-nor is this one
+vmshadow
 and not this one either
--
2.39.5
P
printf '0001-good.patch\n0002-rotten.patch\n' >"$tmp/series"
rc=0
out=$(VMS_PATCHES=$tmp SERIES_WT=$wt "$top/ci/tree.sh" series 2>&1) || rc=$?
echo "$out"
[ "$rc" != 0 ] || { echo "FAIL: a rotten patch applied"; exit 1; }
echo "$out" | grep -q "0002-rotten.patch" || { echo "FAIL: patch not named"; exit 1; }
echo "$out" | grep -q "mm/kasan/shadow.c (hunk at line 10)" || { echo "FAIL: file/hunk not named"; exit 1; }
[ "$(git -C "$wt" rev-parse HEAD)" = "$base" ] || { echo "FAIL: worktree not back at base"; exit 1; }
[ ! -e "$wt/vmshadow-test.txt" ] || { echo "FAIL: patch 1 left behind"; exit 1; }
[ -z "$(git -C "$wt" status --porcelain --ignored)" ] || { echo "FAIL: worktree dirty"; exit 1; }
[ ! -d "$(git -C "$wt" rev-parse --git-dir)/rebase-apply" ] || { echo "FAIL: git am still in progress"; exit 1; }
