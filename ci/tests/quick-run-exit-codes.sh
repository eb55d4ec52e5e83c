#!/bin/bash
# make run's exit status (ci/run.sh), which git bisect run reads: 0 good,
# 1 bad, 125 skip, 128 stop. On a copy of the repository whose deps, tree,
# config, build, initramfs and boot scripts are stubs (no kernel is built:
# the boot "prints" a real console log from the tool's fixtures), each way
# a run can end must give its code: a failure of the run's own machinery
# (packages, QEMU) is never 1, which would blame the commit under test.
# shellcheck disable=SC2016 # the stubs' text expands in the stub, not here
set -eu
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -x "$top/out/bin/vmshadow" ] || make -s -C "$top" tools >/dev/null
fx=$top/ci/vmshadow/tests/fixtures

c=$tmp/repo
mkdir "$c"
git -C "$top" ls-files -z ci arch-* kselftests/runner patches | (cd "$top" && tar --null -T - -cf -) | tar -C "$c" -xf -
mkdir -p "$tmp/out/bin"
ln -s "$top/out/bin/vmshadow" "$tmp/out/bin/vmshadow"
# A kernel-shaped tree (tree_version reads its Makefile).
k=$tmp/linux
mkdir -p "$k"
printf 'VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 1\nEXTRAVERSION =\n' >"$k/Makefile"
mkdir -p "$tmp/old/scripts/kconfig"	# a KSRC too old for any ci/kernels/ file
printf 'VERSION = 5\nPATCHLEVEL = 15\nSUBLEVEL = 1\nEXTRAVERSION =\n' >"$tmp/old/Makefile"
: >"$tmp/old/Kconfig"
# The stubs: STUB_FAIL names the one that fails; STUB_LOG is what boots.
stub() { printf '#!/bin/bash\nset -eu\n%s\n' "$2" >"$c/ci/$1"; chmod +x "$c/ci/$1"; }
stub deps.sh '[ "${STUB_FAIL:-}" != deps ] || { echo "E: Unable to locate package qemu-system-x86" >&2; exit 100; }'
stub tree.sh '[ "${STUB_FAIL:-}" != tree ] || { echo "patch does not apply" >&2; exit 1; }; echo "$STUB_TREE"'
stub config.sh 'b=$STUB_OUT/build; mkdir -p "$b"; [ "${STUB_FAIL:-}" != config ] || exit 1
echo "CONFIG_CC_VERSION_TEXT=\"gcc (stub) 12\"" >"$b/.config"; echo "$b"'
stub build.sh 'b=$5; echo "make: *** [Makefile] Error 2" >"$b/build.log"; echo 1 >"$b/build.seconds"
[ "${STUB_FAIL:-}" != build ] || exit 2; : >"$b/arch/x86/boot/bzImage" 2>/dev/null || { mkdir -p "$b/arch/x86/boot"; : >"$b/arch/x86/boot/bzImage"; }'
stub initramfs.sh '[ "${STUB_FAIL:-}" != initramfs ] || { echo "selftests: make failed" >&2; exit 2; }; : >"$3"
[ -z "${STUB_HELD:-}" ] || ! flock -n "$STUB_TREE.use" true || { echo "the tree is not held while in use" >&2; exit 2; }'
stub boot.sh '[ "${STUB_FAIL:-}" != boot ] || { echo "vmshadow: error: qemu-system-x86_64 not found" >&2; exit 1; }
log=$STUB_LOG; case $4 in */retry) log=${STUB_RETRY_LOG:-$log} ;; esac
cp "$log" "$4/console.log"; printf "seconds=1\naccel=tcg\nclock=tcg\nended=exited\nqemu_rc=%s\n" "${STUB_QEMU_RC:-0}" >"$4/boot.env"; echo exited'
export STUB_TREE=$k STUB_OUT=$tmp/out VMS_OUT=$tmp/out ARCH=x86_64 VARIANT=kasan-vmalloc TREE=base PLAN=smoke
head -n 40 "$fx/real-x86_64-kasan-vmalloc-smoke.log" >"$tmp/early.log"

# expect CODE WHAT VAR=VALUE...: ci/run.sh (the copy's) with that
# environment exits CODE.
expect() {
	local want=$1 what=$2 rc=0 log
	shift 2
	log=$(env RUNS_DIR="$tmp/runs" "$@" "$c/ci/run.sh" 2>&1) || rc=$?
	if [ "$rc" != "$want" ]; then
		echo "$log" | tail -n 20
		fail "$what: exit $rc, not $want ($*)"
	fi
	echo "ok: $what: exit $rc"
}
expect 0 "a passing boot" STUB_LOG="$fx/x86_64-smoke-pass.log"
expect 1 "a failing test, twice" STUB_LOG="$fx/x86_64-smoke-fail.log"
expect 1 "a kernel panic" STUB_LOG="$fx/x86_64-panic.log"
expect 125 "stopped before init, nothing reported" STUB_LOG="$tmp/early.log"
expect 1 "stopped before init, UNTESTABLE=bad" STUB_LOG="$tmp/early.log" UNTESTABLE=bad
expect 125 "the tree cannot be made" STUB_FAIL=tree STUB_LOG=/dev/null
expect 125 "kconfig fails" STUB_FAIL=config STUB_LOG=/dev/null
expect 125 "the build fails" STUB_FAIL=build STUB_LOG=/dev/null
expect 125 "the guest programs do not build" STUB_FAIL=initramfs STUB_LOG=/dev/null
expect 128 "the runner alone (PLAN=quick) does not build" STUB_FAIL=initramfs PLAN=quick STUB_LOG=/dev/null
expect 128 "packages missing" STUB_FAIL=deps STUB_LOG=/dev/null
expect 128 "QEMU missing" STUB_FAIL=boot STUB_LOG=/dev/null
expect 128 "QEMU killed by itself (exit 137), log cut after init" STUB_QEMU_RC=137 STUB_LOG="$fx/x86_64-truncated.log"
expect 0 "flaky: failed, then passed" STUB_LOG="$fx/x86_64-smoke-fail.log" STUB_RETRY_LOG="$fx/x86_64-smoke-pass.log"
expect 125 "flaky under git bisect" VMS_BISECT_STEP=1 STUB_LOG="$fx/x86_64-smoke-fail.log" STUB_RETRY_LOG="$fx/x86_64-smoke-pass.log"
expect 1 "bad input" UNTESTABLE=maybe STUB_LOG=/dev/null
expect 1 "a tree older than any vmshadow knows (make run)" KSRC="$tmp/old" STUB_LOG=/dev/null
expect 125 "the same under git bisect" KSRC="$tmp/old" VMS_BISECT_STEP=1 STUB_LOG=/dev/null
# A tree vmshadow made (under out/src) is held while the run reads it.
mkdir -p "$tmp/out/src/linux"
cp "$k/Makefile" "$tmp/out/src/linux/"
expect 0 "the tree held until the initramfs" STUB_TREE="$tmp/out/src/linux" STUB_HELD=1 STUB_LOG="$fx/x86_64-smoke-pass.log"

# run.json names the user's commit for KSRC TREE=series, not the copy's.
mkdir -p "$k/scripts/kconfig" "$tmp/copy"
: >"$k/Kconfig"
cp "$k/Makefile" "$tmp/copy/"
for d in "$k" "$tmp/copy"; do
	git -C "$d" init -q -b main
	git -C "$d" add -A
	git -C "$d" -c user.name=t -c user.email=t@t commit -q -m "tree $d"
done
rm -rf "$tmp/runs"
expect 0 "KSRC TREE=series" KSRC="$k" TREE=series STUB_TREE="$tmp/copy" STUB_LOG="$fx/x86_64-smoke-pass.log"
got=$(jq -r '.tree_commit + " " + .tree_commit_hash' "$tmp/runs/latest/run.json")
[ "$got" = "$(git -C "$k" rev-parse --short=12 HEAD) $(git -C "$k" rev-parse HEAD)" ] ||
	fail "run.json of KSRC TREE=series names $got, not KSRC's HEAD ($(git -C "$k" rev-parse HEAD))"
echo "ok: run.json names KSRC's commit"
echo PASS
