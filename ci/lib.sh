#!/bin/bash
# Common helpers for the host-side scripts. Sourced, never run.
# shellcheck shell=bash

VMS_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VMS_OUT=${VMS_OUT:-$VMS_TOP/out}
VMS_TARBALL=${VMS_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
VMS_SRC=$VMS_OUT/src

# die MSG [LOG] [REPRO]: one clear failure: what, where the log is, how to
# reproduce it.
die() {
	echo "vmshadow: error: $1" >&2
	[ -n "${2:-}" ] && echo "vmshadow:   full log: $2" >&2
	[ -n "${3:-}" ] && echo "vmshadow:   reproduce: $3" >&2
	exit 1
}

note() { echo "vmshadow: $*" >&2; }

# Atomic write: content on stdin goes to FILE.tmp.PID, then rename.
atomic_write() {
	local f=$1 tmp
	tmp="$f.tmp.$$"
	cat >"$tmp" && mv -f "$tmp" "$f"
}

# target_file NAME: path of the arch data file for a target (x86_64, arm64,
# s390x, ppc32, ppc64le, ...). Arch folders are found, never listed here.
target_file() {
	local f
	for f in "$VMS_TOP"/arch-*/"$1".target; do
		[ -f "$f" ] && { echo "$f"; return 0; }
	done
	return 1
}

# all_targets: every target that has an arch data file, in a stable order.
all_targets() {
	local f
	for f in "$VMS_TOP"/arch-*/*.target; do
		[ -f "$f" ] || continue
		basename "$f" .target
	done | sort
}

# load_target NAME: source the target's data (T_* variables).
load_target() {
	local f
	f=$(target_file "$1") || die "unknown ARCH '$1' (known: $(all_targets | tr '\n' ' '))"
	T_DIR=$(dirname "$f")
	# shellcheck disable=SC1090
	. "$f"
	T_NAME=$1
}

# base_version: the exact kernel version in Debian's tarball, e.g. 6.12.117.
base_version() {
	local repo=$VMS_SRC/linux
	if [ -f "$repo/Makefile" ]; then
		awk '/^VERSION =/{v=$3} /^PATCHLEVEL =/{p=$3} /^SUBLEVEL =/{s=$3} /^EXTRAVERSION =/{e=$3} END{print v"."p"."s e}' "$repo/Makefile"
	else
		echo unknown
	fi
}

now() { date +%s; }
stamp() { date -u +%Y%m%dT%H%M%SZ; }
