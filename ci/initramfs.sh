#!/bin/bash
# ci/initramfs.sh TARGET BUILDDIR OUT.cpio: pack the test initramfs ourselves
# (no host busybox): the static guest runner as /init, the test modules
# built with that kernel, and the kselftest programs built for the target.
set -eu
. "$(dirname "$0")/lib.sh"

target=$1 bdir=$2 cpio=$3
load_target "$target"
guest=$VMS_OUT/guest/$target
mkdir -p "$guest"
log=$guest/build.log
command -v "$T_USER_CC" >/dev/null || die "compiler $T_USER_CC not found" "" "make deps"
make -s -C "$VMS_TOP/kselftests" TARGET="$target" CC="$T_USER_CC" OUT="$guest" \
	KDIR="$bdir" >"$log" 2>&1 ||
	die "building the guest programs for $target failed" "$log" \
		"make -C kselftests TARGET=$target CC=$T_USER_CC OUT=$guest"

list=$cpio.list
{
	echo "dir /dev 0755 0 0"
	echo "nod /dev/console 0600 0 0 c 5 1"
	for d in /proc /sys /tmp /lib /lib/modules /kselftests; do echo "dir $d 0755 0 0"; done
	echo "file /init $guest/init 0755 0 0"
	find "$bdir/lib" -name test_vmalloc.ko | head -n1 | sed 's|^\(.*\)$|file /lib/modules/test_vmalloc.ko \1 0644 0 0|'
	if [ -d "$guest/kselftests" ]; then
		for f in "$guest"/kselftests/*; do
			[ -f "$f" ] || continue
			mode=0644; [ -x "$f" ] && mode=0755
			echo "file /kselftests/$(basename "$f") $f $mode 0 0"
		done
	fi
} >"$list"
grep -q test_vmalloc.ko "$list" || die "test_vmalloc.ko was not built in $bdir (CONFIG_TEST_VMALLOC=m?)"
gen=$bdir/usr/gen_init_cpio
[ -x "$gen" ] || die "$gen is missing (CONFIG_BLK_DEV_INITRD=y builds it)"
"$gen" "$list" >"$cpio.tmp.$$" && mv -f "$cpio.tmp.$$" "$cpio"
echo "$cpio"
