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

# The keys of a target file (arch-*/NAME.target, docs/adding-an-arch.md):
# every one of TARGET_KEYS must be there, TARGET_KEYS_OPTIONAL may be.
TARGET_KEYS="T_KARCH T_CROSS T_USER_CC T_IMAGE T_QEMU T_QEMU_ARGS T_SMP T_CONSOLE \
T_CMDLINE T_KVM T_VARIANTS T_GUARD_KASAN T_BOOT_TIMEOUT T_RUN_TIMEOUT T_PACKAGES"
TARGET_KEYS_OPTIONAL="T_NA_NOTE T_KCONFIG_NA"

# read_target FILE: set the T_* variables from a target file, read as data,
# never run: each line is blank, a '# comment', or KEY=VALUE with VALUE
# a word (no quote, '#' or space in it) or "a quoted string" (no $,
# backquote or backslash in either),
# optionally followed by whitespace and a '# comment'. An unknown key, a
# key given twice, a line that is none of these or a missing key is
# refused, naming the file, the line and the key.
read_target() {
	local f=$1 line n=0 key val rest seen=" " k keys="${TARGET_KEYS//$'\n'/ } $TARGET_KEYS_OPTIONAL"
	local re_q='^(T_[A-Z0-9_]+)="([^"$`\\]*)"(.*)$' re_w='^(T_[A-Z0-9_]+)=([^"'"'"'$`\\[:space:]#]*)([[:space:]].*)?$'
	[ -r "$f" ] || die "target file $f cannot be read"
	while IFS= read -r line || [ -n "$line" ]; do
		n=$((n + 1))
		[[ $line =~ ^[[:space:]]*(#.*)?$ ]] && continue
		if [[ $line =~ $re_q ]] || [[ $line =~ $re_w ]]; then
			key=${BASH_REMATCH[1]} val=${BASH_REMATCH[2]} rest=${BASH_REMATCH[3]}
		else
			die "$f:$n: not KEY=VALUE (a word or \"a string\", no \$, backquote or backslash): $line"
		fi
		[[ $rest =~ ^([[:space:]]+#.*|[[:space:]]*)$ ]] ||
			die "$f:$n: $key: text after the value: $rest"
		[[ " $keys " == *" ${key} "* ]] || die "$f:$n: unknown key $key (known: $keys)"
		[[ $seen != *" $key "* ]] || die "$f:$n: $key is set twice"
		seen+="$key "
		printf -v "$key" '%s' "$val"
	done <"$f"
	for k in $TARGET_KEYS; do
		[[ $seen == *" $k "* ]] || die "$f: missing key $k (every target file sets: ${TARGET_KEYS//$'\n'/ })"
	done
	for k in $TARGET_KEYS_OPTIONAL; do
		[[ $seen == *" $k "* ]] || printf -v "$k" '%s' ""
	done
}

# load_target NAME: the target's data (T_* variables), read by read_target.
load_target() {
	local f
	f=$(target_file "$1") || die "unknown ARCH '$1' (known: $(all_targets | tr '\n' ' '))"
	T_DIR=$(dirname "$f")
	read_target "$f"
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

# ---- The user's inputs. Every entry point (make run, make perf, make
# matrix, ...) checks all of them with check_inputs before it makes
# anything under out/. The good values are read from the data.

# config_variants DIR: the variants that have a fragment DIR/variant-V.config.
config_variants() {
	local f
	for f in "$1"/variant-*.config; do
		[ -f "$f" ] || continue
		f=${f##*/variant-}
		echo "${f%.config}"
	done | sort
}

# runner_plans FILE: the plans of the guest runner (FILE: its runner.c,
# whose build_plan() compares the plan with each name).
runner_plans() { sed -n 's/.*strcmp(plan, "\([^"]*\)").*/\1/p' "$1" | sort; }

# arch_variants ARCH...: the variants with a fragment that every ARCH has
# (T_VARIANTS in its .target file).
arch_variants() {
	local a have
	have=$(config_variants "$VMS_TOP/ci/configs")
	for a in "$@"; do
		# shellcheck disable=SC2086 # T_VARIANTS is a word list
		have=$(load_target "$a" && printf '%s\n' $T_VARIANTS | grep -xF -e "$have") || return 0
	done
	echo "$have" | sort
}

# input_choices VAR ARCH...: the good values of VAR, one a line (none: a
# number or a file). ARCH...: the targets a VARIANT is for.
input_choices() {
	local var=$1
	shift
	case $var in
	ARCH | SERIES_TARGETS) all_targets ;;
	MATRIX_TARGETS) all_targets | sed 'p;s/$/:base/p;s/:base$/:series/' ;;
	VARIANT) arch_variants "$@" ;;
	TREE) printf '%s\n' base series ;;
	PLAN) runner_plans "$VMS_TOP/kselftests/runner/runner.c" ;;
	CLOCK) printf '%s\n' icount host tcg ;;
	FUZZER) printf '%s\n' parse jread ;;
	PERF_COLUMNS) printf '%s\n' nokasan kasan upstream series ;;
	esac
}

# input_where VAR ARCH...: what VAR takes, and where its values come from.
input_where() {
	local var=$1 c
	shift
	c=$(input_choices "$var" "$@" | grep -v : | tr '\n' ' ')
	case $var in
	ROUNDS | LOOPS | THREADS | BOOT_TIMEOUT | RUN_TIMEOUT | RUNS | JOBS) echo "$var is a positive whole number" ;;
	EXTRA_CONFIG) echo "EXTRA_CONFIG is a Kconfig fragment file that exists, or unset" ;;
	ARCH | SERIES_TARGETS) echo "$var is one of: ${c% } (arch-*/*.target)" ;;
	MATRIX_TARGETS) echo "MATRIX_TARGETS is a list of TARGET or TARGET:TREE; TARGET is one of: ${c% } (arch-*/*.target); TREE is base or series" ;;
	VARIANT) echo "VARIANT is one of: ${c% } (ci/configs/variant-*.config${1:+, T_VARIANTS of $*})" ;;
	PLAN) echo "PLAN is one of: ${c% } (the plans of kselftests/runner/runner.c)" ;;
	FUZZER) echo "FUZZER is one of: ${c% } (parse: the console-log parser, jread: the JSON reader)" ;;
	*) echo "$var is one of: ${c% }" ;;
	esac
}

# input_why VAR VALUE ARCH...: why VALUE is no good for VAR; nothing if it is.
input_why() {
	local var=$1 val=$2
	shift 2
	case $var in
	ROUNDS | LOOPS | THREADS | BOOT_TIMEOUT | RUN_TIMEOUT | RUNS | JOBS)
		case $val in *[!0-9]* | 0*) echo "is not a positive whole number" ;; esac ;;
	EXTRA_CONFIG) [ -f "$val" ] || echo "does not exist" ;;
	VARIANT) variant_why "$val" "$@" ;;
	*) input_choices "$var" | grep -qxF -- "$val" || echo "is unknown" ;;
	esac
}

# variant_why VARIANT ARCH...: why VARIANT cannot be built for every ARCH.
variant_why() {
	local v=$1 a no=()
	shift
	config_variants "$VMS_TOP/ci/configs" | grep -qxF -- "$v" || { echo "is unknown"; return; }
	for a in "$@"; do arch_variants "$a" | grep -qxF -- "$v" || no+=("$a"); done
	[ ${#no[@]} -gt 0 ] || return 0
	[ ${#no[@]} -gt 1 ] && { echo "is not available on ${no[*]}"; return; }
	(load_target "${no[0]}" && echo "is not available on ${no[0]}${T_NA_NOTE:+: $T_NA_NOTE}")
}

# input_nearest VAR VALUE ARCH...: the good value of VAR that begins with
# the most of VALUE (two characters at least; of equals, the first).
input_nearest() {
	local var=$1 val=$2 c n best='' most=1
	shift 2
	while read -r c; do
		n=0
		while [ "$n" -lt "${#c}" ] && [ "${c:n:1}" = "${val:n:1}" ]; do n=$((n + 1)); done
		[ "$n" -le "$most" ] || { most=$n best=$c; }
	done < <(input_choices "$var" "$@")
	echo "$best"
}

# input_good VAR VALUE ARCH...: a good value instead of VALUE, for a command
# that works: the nearest one, else make's default when it is good, else the
# first choice; nothing: leave VAR unset.
input_good() {
	local var=$1 v
	v=$(input_nearest "$@")
	shift 2
	[ -n "$v" ] && { echo "$v"; return; }
	case $var in
	ARCH) v=x86_64 ;; VARIANT) v=kasan-vmalloc ;; TREE) v=series ;; PLAN) v=smoke ;;
	ROUNDS) v=3 ;; LOOPS) v=2000 ;; CLOCK) v=icount ;; FUZZER) v=parse ;;
	esac
	[ -z "$v" ] || [ -z "$(input_why "$var" "$v" "$@")" ] || v=$(input_choices "$var" "$@" | head -n1)
	echo "$v"
}

# check_inputs CMD VAR=VALUE...: the inputs of entry point CMD ("make run"),
# all checked before it makes anything. VAR+=WORDS is a list, each word
# checked; an empty VALUE is unset (the default). A VARIANT must exist on
# every target named before it (ARCH, MATRIX_TARGETS; none: every target).
# Bad inputs end it (die: exit 1, as every usage error) naming each
# variable, its value and the good values, then CMD with good values
# instead: a command that works.
check_inputs() {
	local cmd=$1 spec errs=() fixed=() archs=()
	shift
	for spec in "$@"; do check_input "$spec"; done
	[ ${#errs[@]} = 0 ] || refuse "$cmd ${fixed[*]}" "${errs[@]}"
}

# check_input VAR=VALUE: check_inputs' work on one input. Adds to its errs
# (problem, good values), fixed (VAR=VALUE for the command that works) and
# archs (the targets so far), by bash's dynamic scope.
check_input() {
	local var=${1%%=*} val=${1#*=} list='' w why good words=() ok=()
	if [ "${var%+}" != "$var" ]; then
		var=${var%+} list=1
		read -ra words <<<"$val"
	elif [ -n "$val" ]; then
		words=("$val")
	fi
	[ "$var" != VARIANT ] || [ ${#archs[@]} -gt 0 ] || mapfile -t archs < <(all_targets)
	for w in "${words[@]}"; do
		good=$w why=$(input_why "$var" "$w" "${archs[@]}")
		if [ -n "$why" ]; then
			errs+=("$var '$w' $why" "$(input_where "$var" "${archs[@]}")")
			good=
			[ -n "$list" ] || good=$(input_good "$var" "$w" "${archs[@]}")
		fi
		[ -z "$good" ] || ok+=("$good")
	done
	case $var in ARCH | MATRIX_TARGETS) archs+=("${ok[@]%%:*}") ;; esac
	[ ${#ok[@]} -gt 0 ] || return 0
	if [[ "${ok[*]}" == *' '* ]]; then fixed+=("$var=\"${ok[*]}\""); else fixed+=("$var=${ok[*]}"); fi
}

# refuse COMMAND PROBLEM WHERE [PROBLEM WHERE]...: die naming each bad
# input and what it takes, and COMMAND, which works.
refuse() {
	local works=$1 msg
	shift
	msg="$1; nothing was made"$'\n'"vmshadow:   $2"
	shift 2
	while [ $# -gt 0 ]; do
		msg+=$'\n'"vmshadow:   and $1"$'\n'"vmshadow:   $2"
		shift 2
	done
	die "$msg"$'\n'"vmshadow:   this works: $works"
}
