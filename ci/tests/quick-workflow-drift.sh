#!/bin/bash
# The workflow drift check fails, naming the workflow, the job and the
# command, when a workflow asks make for a target it does not have, and
# (separately) for an ARCH the project does not have; and when an action is
# not pinned by commit. The unchanged copy passes, so each failure comes
# from its change alone.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
for c in node npm; do
	command -v "$c" >/dev/null || { echo "$c missing (make deps installs it)"; exit 4; }
done
wf=$top/.github/workflows/matrix.yml
[ -f "$wf" ] || { echo "FAIL: $wf missing"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check() { "$top/ci/workflow-check.sh" "$@"; }

cp "$wf" "$tmp/same.yml"
rc=0
out=$(check "$tmp/same.yml" 2>&1) || rc=$?
echo "$out"
[ "$rc" = 0 ] || { echo "FAIL: the unchanged copy of matrix.yml does not pass"; exit 1; }

# 1. a make target that does not exist
sed 's/make run ARCH=/make vmshadow-no-such-target ARCH=/' "$wf" >"$tmp/target.yml"
! cmp -s "$wf" "$tmp/target.yml" || { echo "FAIL: matrix.yml has no 'make run ARCH=' to change"; exit 1; }
rc=0
out=$(check "$tmp/target.yml" 2>&1) || rc=$?
echo "$out"
[ "$rc" = 1 ] || { echo "FAIL: exit $rc with a missing make target (want 1)"; exit 1; }
echo "$out" | grep "$tmp/target.yml:[0-9]*: job run \[" | grep "make vmshadow-no-such-target ARCH=" |
	grep -q "No rule to make target 'vmshadow-no-such-target'" ||
	{ echo "FAIL: the missing target is not named with its workflow, job and command"; exit 1; }

# 2. an ARCH that does not exist (first target of the matrix renamed)
first=$(sed -n 's/^ *target: \[\([^],]*\).*/\1/p' "$wf" | head -n1)
[ -n "$first" ] || { echo "FAIL: no 'target: [...]' list in matrix.yml"; exit 1; }
sed "s/^\( *target: \[\)$first/\1vmshadow-no-such-arch/" "$wf" >"$tmp/arch.yml"
rc=0
out=$(check "$tmp/arch.yml" 2>&1) || rc=$?
echo "$out"
[ "$rc" = 1 ] || { echo "FAIL: exit $rc with an unknown ARCH (want 1)"; exit 1; }
echo "$out" | grep "$tmp/arch.yml:[0-9]*: job run \[target=vmshadow-no-such-arch" |
	grep "make run ARCH=vmshadow-no-such-arch " | grep -q "ARCH=vmshadow-no-such-arch is not one this project has" ||
	{ echo "FAIL: the unknown ARCH is not named with its workflow, job and command"; exit 1; }
echo "$out" | grep -q "targets missing from matrix.target: $first" ||
	{ echo "FAIL: the target dropped from the matrix ($first) is not named"; exit 1; }
# 3. an action no longer pinned by commit
sed 's|uses: actions/cache@[0-9a-f]\{40\}.*|uses: actions/cache@v4|' "$wf" >"$tmp/pin.yml"
rc=0
out=$(check "$tmp/pin.yml" 2>&1) || rc=$?
echo "$out"
[ "$rc" = 1 ] || { echo "FAIL: exit $rc with an unpinned action (want 1)"; exit 1; }
echo "$out" | grep -q "$tmp/pin.yml:[0-9]*: actions/cache@v4: pin the action by its full 40-hex commit SHA" ||
	{ echo "FAIL: the unpinned action is not named"; exit 1; }
echo "ok: missing target, unknown ARCH and unpinned action each fail, named"
