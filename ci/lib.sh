#!/bin/bash
# Common helpers for the host-side scripts. Sourced, never run.
# shellcheck shell=bash

VMS_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VMS_OUT=${VMS_OUT:-$VMS_TOP/out}
VMS_SRC=$VMS_OUT/src
# The kernel tree of a run: Debian's linux-source-BASE tarball (BASE=6.12,
# the default, or 6.1: the facts in ci/kernels/BASE.kernel), or the user's
# own tree, KSRC=/path (ci/ksrc.sh). VMS_TARBALL: tests point it elsewhere.
VMS_BASE=${BASE:-6.12}
VMS_TARBALL=${VMS_TARBALL:-/usr/src/linux-source-$VMS_BASE.tar.xz}

# die MSG [LOG] [REPRO]: one clear failure: what, where the log is, how to
# reproduce it. Exits 1, or VMS_DIE_RC (ci/run.sh sets it where 1 would
# mean "the kernel is bad" to git bisect run).
die() {
	echo "vmshadow: error: $1" >&2
	[ -n "${2:-}" ] && echo "vmshadow:   full log: $2" >&2
	[ -n "${3:-}" ] && echo "vmshadow:   reproduce: $3" >&2
	exit "${VMS_DIE_RC:-1}"
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
TARGET_KEYS_OPTIONAL="T_NA_NOTE T_KCONFIG_NA T_KUNIT_XFAIL"

# read_target FILE: set the T_* variables from a target file (read_data).
read_target() { read_data "$1" "$TARGET_KEYS" "$TARGET_KEYS_OPTIONAL"; }

# read_data FILE KEYS OPTIONAL_KEYS: set variables from a data file, read
# as data, never run: each line is blank, a '# comment', or KEY=VALUE with
# VALUE a word (no quote, '#' or space in it) or "a quoted string" (no $,
# backquote or backslash in either),
# optionally followed by whitespace and a '# comment'. An unknown key, a
# key given twice, a line that is none of these or a missing key is
# refused, naming the file, the line and the key. Optional keys not given
# are set empty.
read_data() {
	local f=$1 req=${2//$'\n'/ } opt=$3 line n=0 key val rest seen=" " k keys
	local re_q='^([A-Z]+_[A-Z0-9_]+)="([^"$`\\]*)"(.*)$' re_w='^([A-Z]+_[A-Z0-9_]+)=([^"'"'"'$`\\[:space:]#]*)([[:space:]].*)?$'
	keys="$req $opt"
	[ -r "$f" ] || die "data file $f cannot be read"
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
	for k in $req; do
		[[ $seen == *" $k "* ]] || die "$f: missing key $k (every such file sets: $req)"
	done
	for k in $opt; do
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

# ---- Kernel trees (docs/your-own-tree.md). Facts that depend on the
# kernel version live in ci/kernels/X.Y.kernel (KEY=VALUE, read_data); a
# tree of another version takes the facts of the nearest older known one.
KERNEL_KEYS="K_PACKAGE K_SERIES K_SELFTESTS_MM"
KERNEL_KEYS_OPTIONAL="K_KCONFIG_NA"

# known_kernels: the X.Y that have a ci/kernels/X.Y.kernel, oldest first.
known_kernels() {
	local f
	for f in "$VMS_TOP"/ci/kernels/*.kernel; do
		[ -f "$f" ] || continue
		f=${f##*/}
		echo "${f%.kernel}"
	done | sort -V
}

# tree_version SRC: the exact version in a kernel tree's Makefile (6.12.117).
tree_version() {
	awk '/^VERSION =/{v=$3} /^PATCHLEVEL =/{p=$3} /^SUBLEVEL =/{s=$3} /^EXTRAVERSION =/{e=$3} END{print v"."p"."s e}' "$1/Makefile"
}

# kernel_facts_for VERSION: the X.Y whose facts serve VERSION: its own, else
# the nearest older known one; nothing (status 1) when VERSION is older
# than every known one.
kernel_facts_for() {
	local v=$1 k best=
	v=$(echo "$v" | cut -d. -f1,2)
	for k in $(known_kernels); do
		[ "$(printf '%s\n%s\n' "$k" "$v" | sort -V | head -n1)" = "$k" ] && best=$k
	done
	[ -n "$best" ] && echo "$best"
}

# load_kernel X.Y: the K_* facts of ci/kernels/X.Y.kernel.
load_kernel() {
	read_data "$VMS_TOP/ci/kernels/$1.kernel" "$KERNEL_KEYS" "$KERNEL_KEYS_OPTIONAL"
	K_NAME=$1
}

# base_repo: the git repository Debian's BASE tarball is extracted into.
# 6.12's keeps the name it had before BASE existed: ccache hashes paths
# relative to the clone, so a new name would miss every cached object.
base_repo() {
	if [ "$VMS_BASE" = 6.12 ]; then echo "$VMS_SRC/linux"; else echo "$VMS_SRC/linux-$VMS_BASE"; fi
}

# base_version: the exact kernel version of the BASE tarball, e.g. 6.12.117.
base_version() {
	local repo
	repo=$(base_repo)
	if [ -f "$repo/Makefile" ]; then tree_version "$repo"; else echo unknown; fi
}

# ksrc_path: the user's tree KSRC, absolute and without symlinks.
ksrc_path() { (cd "$KSRC" && pwd -P); }

# tree_tag: what tells this run's build folders and worktrees from those of
# other trees: '' for BASE=6.12 (the names it had before), -X.Y for
# another BASE, -k<hash of the path> for KSRC (relative to the clone when it
# is inside it, so that every clone names it alike and ccache still hits).
tree_tag() {
	local p
	if [ -n "${KSRC:-}" ]; then
		p=$(ksrc_path)
		p=${p#"$VMS_TOP"/}
		echo "-k$(printf '%s' "$p" | sha256sum | cut -c1-10)"
	elif [ "$VMS_BASE" != 6.12 ]; then
		echo "-$VMS_BASE"
	fi
}

# is_git_tree SRC: SRC is the top of a git work tree.
is_git_tree() {
	[ "$(git -C "$1" rev-parse --show-toplevel 2>/dev/null)" = "$(cd "$1" && pwd -P)" ]
}

# tree_state SRC: a digest of everything in SRC a build reads: the commit,
# and the uncommitted changes and untracked files with their contents (a
# second edit of an edited file changes it); for a tree outside git, every
# file's name, size and mtime. Git never takes a lock or refreshes the
# index here (plumbing, GIT_OPTIONAL_LOCKS=0; `git diff` refreshes it when
# a file was touched and not changed): the user's tree is read, never
# written.
tree_state() {
	local src=$1
	if is_git_tree "$src"; then
		(
			cd "$src" || exit 1
			export GIT_OPTIONAL_LOCKS=0
			git rev-parse HEAD
			git diff-index -p --binary HEAD	# plumbing: porcelain diff may write the index
			git ls-files -z --others --exclude-standard | xargs -0r sha256sum --
		) | sha256sum | cut -c1-16
	else
		find "$src" -path "$src/.git" -prune -o -type f -printf '%P %s %T@\n' | sort | sha256sum | cut -c1-16
	fi
}

# tree_commit SRC: the commit a tree is at (12 hex), with "-dirty" when it
# has changes not committed; "content-HASH" for a tree outside git.
tree_commit() {
	local src=$1 c
	if is_git_tree "$src"; then
		c=$(git -C "$src" rev-parse --short=12 HEAD)
		[ -z "$(GIT_OPTIONAL_LOCKS=0 git -C "$src" status --porcelain)" ] || c+=-dirty
		echo "$c"
	else
		echo "content-$(tree_state "$src" | cut -c1-12)"
	fi
}

# series_patches SERIES: the patch files SERIES lists (relative to its
# folder), in git am order, without the cover letter (0000-*).
series_patches() {
	local s=$1 d p
	d=$(dirname "$s")
	while read -r p _; do
		case "$p" in '' | '#'*) continue ;; esac
		[ -f "$d/$p" ] || die "$s names $p, which does not exist"
		case "$(basename "$p")" in 0000-*) continue ;; esac
		echo "$d/$p"
	done <"$s"
}

# am_series WT BRANCH REF PATCH...: reset worktree WT's BRANCH to REF and
# apply each PATCH with git am. A patch that does not apply is named with
# its file and hunk, and WT is reset to REF (never left half-applied).
am_series() {
	local wt=$1 br=$2 ref=$3 log f file
	shift 3
	log=$wt.apply.log
	git -C "$wt" am --abort >/dev/null 2>&1 || true
	git -C "$wt" checkout -q -f -B "$br" "$ref"
	git -C "$wt" clean -qfdx
	: >"$log"
	for f in "$@"; do
		if ! git -C "$wt" am -q --whitespace=nowarn "$f" >>"$log" 2>&1; then
			file=$(sed -n 's/^error: patch failed: \(.*\):\([0-9]*\)$/\1 (hunk at line \2)/p' "$log" | head -n1)
			[ -n "$file" ] || file=$(sed -n 's/^error: \(.*\): does not exist in index$/\1 (file missing)/p' "$log" | head -n1)
			git -C "$wt" am --abort >/dev/null 2>&1 || true
			git -C "$wt" checkout -q -f -B "$br" "$ref"
			git -C "$wt" clean -qfdx
			die "patch $(basename "$f") does not apply to $ref: ${file:-see log}" \
				"$log" "make series-apply"
		fi
	done
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
	BASE) known_kernels ;;
	PLAN) runner_plans "$VMS_TOP/kselftests/runner/runner.c" ;;
	CLOCK) printf '%s\n' icount host tcg ;;
	FUZZER) printf '%s\n' parse jread ;;
	UNTESTABLE) printf '%s\n' skip bad ;;
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
	KSRC) echo "KSRC is a kernel source tree (Makefile and Kconfig at its top), Linux $(known_kernels | head -n1) or newer, not configured or built in place, or unset" ;;
	BASE) echo "BASE is one of: ${c% } (ci/kernels/*.kernel: Debian's linux-source-BASE)" ;;
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
	KSRC) ksrc_why "$val" ;;
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

# A tree vmshadow made under out/src (the series worktree, a KSRC copy, the
# extracted base) is rewritten when its inputs change, and another run may
# be building from it then. Each run holds TREE.use shared from the moment
# it has the tree until its last read of it or of its build dir (the last
# boot); a maker about to rewrite TREE takes it exclusive, so it waits
# for those runs, and they for it. A run takes the lock after the maker
# printed the tree: what it builds is what it finds then, whole (a rewrite
# holds the lock to its end), and the commit it records is read under the
# lock. Trees outside out/src (KSRC) are never rewritten: nothing to hold.
# tree_use TREE: fd 5 holds TREE.use shared; tree_done lets it go.
tree_use() {
	case $1 in "$VMS_SRC"/*) ;; *) return 0 ;; esac
	exec 5>>"$1.use"
	flock -n -s 5 || { note "waiting for $1 to be made again by another run"; flock -s 5; }
}
tree_done() { exec 5>&-; }
# tree_rewrite FD TREE: FD holds TREE.use exclusive until the caller exits.
# A tree already held stays held as it is (opening its file again on
# another fd would drop the lock, and on the same fd too).
tree_rewriting=
tree_rewrite() {
	case " $tree_rewriting " in *" $2 "*) return 0 ;; esac
	tree_rewriting+=" $2"
	eval "exec $1>>\"\$2.use\""
	flock -n "$1" || { note "waiting for the runs that build from $2 to finish before making it again"; flock "$1"; }
}

# ksrc_why DIR: why DIR cannot be KSRC; nothing if it can.
ksrc_why() {
	local d=$1 v
	[ -d "$d" ] || { echo "is not a folder"; return; }
	{ [ -f "$d/Makefile" ] && [ -f "$d/Kconfig" ] && [ -d "$d/scripts/kconfig" ]; } ||
		{ echo "is not a kernel source tree (no Makefile, Kconfig and scripts/kconfig at its top)"; return; }
	# Kbuild refuses an out-of-tree build (O=) of a tree that holds these.
	if [ -e "$d/.config" ] || [ -e "$d/include/config" ] || compgen -G "$d/arch/*/include/generated" >/dev/null; then
		echo "was configured or built in place (it has .config, include/config or arch/*/include/generated; the build here is out of tree, O=, which kbuild refuses then: 'make mrproper' in it, or a clean clone)"
		return
	fi
	v=$(tree_version "$d")
	kernel_facts_for "$v" >/dev/null || { echo "is Linux $v, older than any vmshadow knows ($(known_kernels | tr '\n' ' '| sed 's/ $//'): ci/kernels/)"; return; }
	[ -z "${BASE:-}" ] || echo "names a tree, and so does BASE=$BASE: give one of them"
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
	ROUNDS) v=3 ;; LOOPS) v=2000 ;; CLOCK) v=icount ;; FUZZER) v=parse ;; BASE) v=6.12 ;;
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
