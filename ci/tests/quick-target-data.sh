#!/bin/bash
# Target files are data: every arch-*/*.target reads with read_target, and
# a file that is not KEY=VALUE data, has an unknown or doubled key, or
# lacks a key is refused, naming the file, the line and the key. Nothing
# in a target file is ever run.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=ci/lib.sh
. "$top/ci/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for t in $(all_targets); do
	(load_target "$t"; [ -n "$T_QEMU" ] && [ -n "$T_IMAGE" ]) ||
		{ echo "FAIL: target $t does not read"; exit 1; }
done
echo "$(all_targets | wc -l) target files read"

good=$(target_file x86_64)
# refused FILE-CONTENT WANT: read_target must fail and say WANT.
refused() {
	local out rc=0
	printf '%s\n' "$1" >"$tmp/t.target"
	out=$( (read_target "$tmp/t.target") 2>&1) || rc=$?
	[ "$rc" != 0 ] || { echo "FAIL: accepted: $1"; exit 1; }
	[[ $out == *"$2"* ]] || { echo "FAIL: for '$1' wanted '$2', got: $out"; exit 1; }
	echo "refused as expected: $2"
}
refused "$(cat "$good"; echo 'T_FOO=1')" "t.target:$(( $(wc -l <"$good") + 1 )): unknown key T_FOO"
refused "$(grep -v '^T_QEMU=' "$good")" "t.target: missing key T_QEMU"
refused "$(cat "$good"; echo 'T_SMP=4')" "T_SMP is set twice"
# shellcheck disable=SC2016 # the $( is the text of the file, never expanded
refused "$(cat "$good"; echo 'T_NA_NOTE=$(touch '"$tmp"'/ran)')" "not KEY=VALUE"
refused "$(cat "$good"; echo 'T_NA_NOTE="a" b')" "T_NA_NOTE: text after the value"
refused "$(cat "$good"; echo 'echo hello')" "not KEY=VALUE"
refused "$(cat "$good"; echo "T_NA_NOTE='single quotes'")" "not KEY=VALUE"
[ ! -e "$tmp/ran" ] || { echo "FAIL: a target file ran a command"; exit 1; }
# An optional key one target sets does not leak into the next one read.
load_target ppc32
[ -n "$T_NA_NOTE" ] || { echo "FAIL: ppc32 has a T_NA_NOTE"; exit 1; }
load_target x86_64
[ -z "$T_NA_NOTE" ] || { echo "FAIL: x86_64 kept ppc32's T_NA_NOTE: $T_NA_NOTE"; exit 1; }
echo "ok"
