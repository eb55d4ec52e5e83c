#!/bin/bash
# ci/initramfs.sh TARGET BUILDDIR OUT.cpio [PLAN]: pack the test initramfs ourselves
# (no host busybox): the static guest runner as /init, the test modules
# built with that kernel, and the kselftest programs built for the target.
# Also the tree the guest build puts in OUT/root/ (our test module, the
# upstream selftest scripts, test_vmalloc.ko for modprobe), packed at the
# same paths, and a static busybox as /bin/busybox (ci/busybox.sh) for the
# upstream scripts; without one they skip, saying why (upstream/NO_SHELL).
# PLAN=quick runs no step of its own (the KUnit suites run at boot): its
# initramfs is the runner alone, and nothing else is built for it.
set -eu
. "$(dirname "$0")/lib.sh"

target=$1 bdir=$(cd "$2" && pwd) cpio=$3 plan=${4:-}
load_target "$target"
# One guest tree per kernel build dir (out/guest/TARGET-VARIANT-TREE[-TAG]):
# the test modules and root/ are built against that kernel, so two runs of
# different variants at once never pack each other's files. Runs of the same
# build dir take turns (flock) until their initramfs is written.
guest=$VMS_OUT/guest/$(basename "$bdir")
mkdir -p "$guest"
exec 8>"$guest/.lock"
flock 8
log=$guest/build.log
command -v "$T_USER_CC" >/dev/null || die "compiler $T_USER_CC not found" "" "make deps"
gen=$bdir/usr/gen_init_cpio
[ -x "$gen" ] || die "$gen is missing (CONFIG_BLK_DEV_INITRD=y builds it)"
if [ "$plan" = quick ]; then
	make -s -C "$VMS_TOP/kselftests" runner CC="$T_USER_CC" OUT="$guest" >"$log" 2>&1 ||
		die "building the guest programs for $target failed" "$log" \
			"make -C kselftests runner CC=$T_USER_CC OUT=$guest"
	printf '%s\n' "dir /dev 0755 0 0" "nod /dev/console 0600 0 0 c 5 1" "dir /proc 0755 0 0" \
		"dir /sys 0755 0 0" "dir /tmp 0755 0 0" "file /init $guest/init 0755 0 0" >"$cpio.list"
	"$gen" "$cpio.list" >"$cpio.tmp.$$" && mv -f "$cpio.tmp.$$" "$cpio"
	echo "$cpio"
	exit 0
fi
# Where this kernel version keeps what the guest build copies.
load_kernel "$(kernel_facts_for "$(tree_version "$bdir/source")")"
make -s -C "$VMS_TOP/kselftests" TARGET="$target" CC="$T_USER_CC" OUT="$guest" \
	KDIR="$bdir" KARCH="$T_KARCH" CROSS="$T_CROSS" MM_SELFTESTS="$K_SELFTESTS_MM" >"$log" 2>&1 ||
	die "building the guest programs for $target failed" "$log" \
		"make -C kselftests TARGET=$target CC=$T_USER_CC OUT=$guest KDIR=$bdir KARCH=$T_KARCH CROSS=$T_CROSS MM_SELFTESTS=$K_SELFTESTS_MM"

busybox=$("$VMS_TOP/ci/busybox.sh" "$target" 2>"$guest/busybox.err") || busybox=
rm -f "$guest/root/kselftests/upstream/NO_SHELL"
if [ -z "$busybox" ]; then
	note "no busybox for $target: the upstream selftests will skip ($(tail -n2 "$guest/busybox.err" | tr '\n' ' '))"
	mkdir -p "$guest/root/kselftests/upstream"
	echo "no shell for $target: ci/busybox.sh failed: $(grep -m1 error: "$guest/busybox.err")" \
		>"$guest/root/kselftests/upstream/NO_SHELL"
fi

list=$cpio.list
{
	echo "dir /dev 0755 0 0"
	echo "nod /dev/console 0600 0 0 c 5 1"
	for d in /proc /sys /tmp /lib /lib/modules /kselftests; do echo "dir $d 0755 0 0"; done
	echo "file /init $guest/init 0755 0 0"
	find "$bdir/lib" -name test_vmalloc.ko | head -n1 | sed 's|^\(.*\)$|file /lib/modules/test_vmalloc.ko \1 0644 0 0|'
	[ -n "$busybox" ] && echo "dir /bin 0755 0 0" && echo "file /bin/busybox $busybox 0755 0 0"
	# OUT/kselftests/* and the OUT/root/ tree, at the same paths.
	for top in "$guest/kselftests" "$guest/root"; do
		[ -d "$top" ] || continue
		(cd "$top" && find . -mindepth 1 | LC_ALL=C sort) | while read -r rel; do
			p=${rel#.}
			[ "$top" = "$guest/kselftests" ] && p=/kselftests$p
			case "$p" in /lib|/lib/modules|/kselftests|/bin) continue ;; esac
			if [ -d "$top/$rel" ]; then
				echo "dir $p 0755 0 0"
			elif [ -f "$top/$rel" ]; then
				mode=0644; [ -x "$top/$rel" ] && mode=0755
				echo "file $p $top/${rel#./} $mode 0 0"
			fi
		done
	done
} >"$list"
grep -q test_vmalloc.ko "$list" || die "test_vmalloc.ko was not built in $bdir (CONFIG_TEST_VMALLOC=m?)"
"$gen" "$list" >"$cpio.tmp.$$" && mv -f "$cpio.tmp.$$" "$cpio"
echo "$cpio"
