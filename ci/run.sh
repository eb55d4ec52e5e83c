#!/bin/bash
# ci/run.sh: one run = build + boot + parse of one target/variant/tree.
#   ARCH=x86_64 VARIANT=kasan-vmalloc TREE=series PLAN=smoke ci/run.sh
# Writes out/runs/<time>-<arch>-<variant>-<tree>/ (never reused): console.log,
# config, build.log, qemu.cmd, results.json, junit.xml, summary.txt,
# run.json, kcidb.json (KCIDB I/O schema v5.3: console.log + run.json; a
# second boot's retry/ gets its own) (RUNS_DIR replaces out/runs). A folder
# that still holds INCOMPLETE did not finish.
# Exit status, made for `git bisect run` (docs/your-own-tree.md): 0 if the
# verdict is pass, or flaky: a failure that passed on a second boot (said
# loudly, recorded in run.json and summary.txt); 1 a test failed or the
# kernel reported a bug; 125 the tree cannot be tested: the series does not
# apply, kconfig, the build or the guest's programs (built from the tree's
# selftests) fail, or the kernel stopped before init with no report and no
# failed test (vmshadow parse exits 3; UNTESTABLE=bad makes that 1), or
# under ci/bisect.sh a flaky verdict (the commit may be the intermittent
# regression looked for); 128 the run itself failed, not the kernel (a
# package, QEMU missing or exiting non-zero by itself, the results tool):
# git bisect run stops there instead of blaming a commit. Bad input
# (an unknown ARCH, VARIANT, TREE, PLAN, ...) exits 1 before anything is
# made (125 under ci/bisect.sh, VMS_BISECT_STEP=1: there only the tree
# changes between steps, so what is refused is that commit's tree).
# ci/run.sh --check: only check the input (make run, before deps).
set -eu
. "$(dirname "$0")/lib.sh"
[ "${VMS_BISECT_STEP:-0}" != 1 ] || VMS_DIE_RC=125

arch=${ARCH:-x86_64} variant=${VARIANT:-kasan-vmalloc} tree=${TREE:-series}
plan=${PLAN:-smoke}
check_inputs "make run" ARCH="$arch" VARIANT="$variant" TREE="$tree" PLAN="$plan" \
	CLOCK="${CLOCK:-}" BOOT_TIMEOUT="${BOOT_TIMEOUT:-}" RUN_TIMEOUT="${RUN_TIMEOUT:-}" \
	EXTRA_CONFIG="${EXTRA_CONFIG:-}" BASE="${BASE:-}" KSRC="${KSRC:-}" UNTESTABLE="${UNTESTABLE:-}"
# Smoke: every test_vmalloc test, few loops (about 10 s under TCG).
[ "$plan" = smoke ] && export TV=${TV:-test_loop_count=1000}
load_target "$arch"
# Stress (kselftests/runner/stress.c): test_vmalloc's stress mode (nr_threads
# = CPUs), each test once per round (test_repeat_count=1), four rounds (the
# leak rule: stress.c, vmshadow.rounds=), then
# fail_page_alloc; STRESS_MEM=256M: in low memory (mem=). Its kernel has the
# fault injection options (ci/configs/plan-stress.config) and so its own
# build dir, TARGET-VARIANT-TREE-stress: never the smoke kernel's.
if [ "$plan" = stress ]; then
	[ -z "${EXTRA_CONFIG:-}" ] || die "PLAN=stress brings its own EXTRA_CONFIG (ci/configs/plan-stress.config); unset EXTRA_CONFIG=$EXTRA_CONFIG"
	export EXTRA_CONFIG=$VMS_TOP/ci/configs/plan-stress.config
	export VMS_BUILD_TAG=${VMS_BUILD_TAG:+$VMS_BUILD_TAG-}stress
	if [ -n "${STRESS_MEM:-}" ]; then
		# Not full_fit_alloc_test (mask bit 1): per thread it keeps
		# 2 x fls(CPUs) x 8192 one-page areas live (128 MiB with 2
		# CPUs), more than fits in the ~157 MiB available after boot
		# with mem=256M. One thread: two threads of
		# long_busy_list_alloc_test at once (2 x 15000 live pages + their
		# shadow) ran out of memory, and with init the only task the OOM
		# killer panics ("System is deadlocked on memory"). One thread
		# peaks at ~82 MiB (measured on x86_64; kselftests/README.md).
		export TV=${TV:-test_loop_count=100,test_repeat_count=1,run_test_mask=2045}
		# (the developer's APPEND first: the runner takes the first vmshadow.*)
		APPEND="${APPEND:+$APPEND }mem=$STRESS_MEM vmshadow.threads=1"
	else
		export TV=${TV:-test_loop_count=100,test_repeat_count=1}
	fi
fi
# quick is the KUnit suites at boot and nothing else: without KUnit it
# would pass having tested nothing.
if [ "$plan" = quick ] && [ "${KUNIT:-1}" = 0 ]; then
	die "PLAN=quick is the KUnit suites only: KUNIT=0 would leave nothing to test" "" "make run PLAN=quick"
fi
[ "${1:-}" != --check ] || exit 0
repro="make run ARCH=$arch VARIANT=$variant TREE=$tree PLAN=$plan${BASE:+ BASE=$BASE}${KSRC:+ KSRC=$KSRC}"

runs=${RUNS_DIR:-$VMS_OUT/runs}	# make matrix / make perf collect runs elsewhere
mkdir -p "$runs"
name=$(stamp)-$arch-$variant-$tree
rundir=$runs/$name
n=1
until mkdir "$rundir" 2>/dev/null; do n=$((n + 1)); rundir=$runs/$name-$n; done
phase=start
# From here on, a failure that is not the kernel's is the run's own: 128.
VMS_DIE_RC=128
decided=
echo "started $(date -u +%FT%TZ) pid $$" >"$rundir/INCOMPLETE"
on_signal() {
	pkill -TERM -P $$ 2>/dev/null || true	# boot.sh stops its QEMU
	echo "interrupted in phase $phase" >>"$rundir/INCOMPLETE"
	note "interrupted; partial run kept in $rundir"
	exit 130
}
trap on_signal INT TERM HUP
# A command that failed under set -e before the verdict is the run's
# failure, not the kernel's: 128, never 1 (bad, to git bisect run).
on_exit() {
	local rc=$?
	[ "$rc" = 0 ] || [ ! -f "$rundir/INCOMPLETE" ] || echo "failed in phase $phase (exit $rc)" >>"$rundir/INCOMPLETE"
	case $rc in 0 | 125 | 128 | 130) return ;; esac
	[ -z "$decided" ] || return 0
	echo "vmshadow: error: the run failed in phase $phase (exit $rc), not the kernel; exit 128; run folder $rundir" >&2
	exit 128
}
trap on_exit EXIT

t0=$(now)
tp=$t0
progress() {
	local t
	t=$(now)
	printf 'vmshadow: %-9s %4ss (total %4ss)  %s\n' "$phase" $((t - tp)) $((t - t0)) "$1" >&2
	tp=$t
}

phase=deps
"$VMS_TOP/ci/deps.sh" "$arch" || die "the packages for $arch are missing and could not be installed (see above)" "" "make deps ARCH=$arch"
[ -x "$VMS_OUT/bin/vmshadow" ] || make -s -C "$VMS_TOP" tools >/dev/null || die "the results tool does not build" "" "make tools"
progress "ok"

# cannot_test WHAT LOG: this tree cannot be tested; exit 125 (bisect: skip).
cannot_test() {
	echo "vmshadow: CANNOT TEST ($arch $variant $tree): $1" >&2
	[ -z "${2:-}" ] || echo "vmshadow:   full log: $2" >&2
	echo "vmshadow:   reproduce: $repro" >&2
	exit 125
}

phase=tree
src=$("$VMS_TOP/ci/tree.sh" "$tree") || cannot_test "the $tree tree could not be made (see above)"
tree_use "$src"	# until the last boot: no other run rewrites it (or its build dir) meanwhile
version=$(tree_version "$src")
# The commit run.json names: the tree's HEAD; of KSRC, always the user's
# own tree (TREE=series builds a copy whose commit exists nowhere else: the
# series on it is patchset_hash).
csrc=$src
if [ -n "${KSRC:-}" ]; then csrc=$(ksrc_path) source="KSRC=$csrc"; else source="Debian linux-source-$VMS_BASE"; fi
commit=$(tree_commit "$csrc")
# A tree with uncommitted changes is not its HEAD: "-dirty" keeps it from
# passing for that commit (KCIDB's git_commit_hash takes 40 hex only).
commit_full=$(git -C "$csrc" rev-parse HEAD 2>/dev/null)${commit#"${commit%-dirty}"} || commit_full=$commit
progress "$tree tree at $commit, Linux $version ($source)"

phase=config
bdir=$("$VMS_TOP/ci/config.sh" "$arch" "$variant" "$tree" "$src") ||
	cannot_test "kconfig failed, or dropped an option a layer asks for (see above)"
cp "$bdir/.config" "$rundir/config"
progress "$bdir/.config verified"

phase=build
# VMS_PREBUILT=1 (make perf): ci/perf.sh built every kernel through build.sh
# just before its rounds; a no-op make here would only queue for the lock.
if [ "${VMS_PREBUILT:-0}" = 1 ] && [ "$bdir/$T_IMAGE" -nt "$bdir/.config" ]; then
	:
elif ! "$VMS_TOP/ci/build.sh" "$arch" "$variant" "$tree" "$src" "$bdir" >/dev/null; then
	cp "$bdir/build.log" "$rundir/build.log" 2>/dev/null || true
	cannot_test "the kernel does not build" "$rundir/build.log"
fi
cp "$bdir/build.log" "$rundir/build.log"
progress "$T_IMAGE in $(cat "$bdir/build.seconds")s of make"

phase=initramfs
# PLAN=quick packs vmshadow's runner alone, which reads nothing of the
# tree: its failure is ours (128). The other plans build the tree's
# selftests and our module against the tree: theirs can be the tree's (125).
if ! "$VMS_TOP/ci/initramfs.sh" "$arch" "$bdir" "$rundir/initramfs.cpio" "$plan" >/dev/null; then
	[ "$plan" != quick ] || die "the guest runner could not be built (see above); it does not depend on the tree" "" "$repro"
	cannot_test "the guest's programs could not be built for this tree (see above)"
fi
progress "$(du -h "$rundir/initramfs.cpio" | cut -f1)"

phase=boot
# qemu_ok DIR: QEMU itself ended well. The guest ends every boot with a
# reboot (-no-reboot: QEMU exits 0), a panic included (panic=-1); a QEMU
# that exits non-zero on its own (killed by the OOM killer, a TCG abort,
# no memory for the guest) cut the log for a reason that is not the
# kernel's: 128, never a verdict on the commit.
qemu_ok() {
	local rc
	rc=$(sed -n 's/^qemu_rc=//p' "$1/boot.env")
	[ "$(sed -n 's/^ended=//p' "$1/boot.env")" != exited ] || [ "$rc" = 0 ] ||
		die "QEMU exited $rc by itself (not the guest's reboot): the log is cut for a reason outside the kernel" "$1/console.log" "$repro"
}
ended=$(APPEND="${APPEND:-}${VMS_FIRST_BOOT_APPEND:+ $VMS_FIRST_BOOT_APPEND}" \
	"$VMS_TOP/ci/boot.sh" "$arch" "$bdir" "$rundir/initramfs.cpio" "$rundir" "$plan") ||
	die "QEMU could not boot the kernel (see above)" "$rundir/console.log" "$repro"
qemu_ok "$rundir"
progress "$ended, $(wc -l <"$rundir/console.log") lines"

phase=parse
untestable=
parse() {
	local d=$1 vrc=0
	"$VMS_OUT/bin/vmshadow" parse "$d/console.log" -o "$d/results.json" \
		--junit "$d/junit.xml" --summary "$d/summary.txt" --exit-status || vrc=$?
	[ $vrc -le 1 ] || [ $vrc = 3 ] || die "the results tool failed on $d/console.log" "" "out/bin/vmshadow parse $d/console.log"
	[ $vrc != 3 ] || [ "$d" != "$rundir" ] || untestable=1	# the first boot decides
}
parse "$rundir"
verdict=$(jq -r .verdict "$rundir/results.json")
progress "verdict $verdict"

# A failure (not a crash or hang) gets one more boot of the same kernel.
# What failed first and passed then is flaky: counted, kept, never a pass.
flaky=[]
if [ "$verdict" = fail ] && { [ "$plan" = smoke ] || [ "$plan" = stress ]; }; then
	phase=retry
	mkdir "$rundir/retry"
	"$VMS_TOP/ci/boot.sh" "$arch" "$bdir" "$rundir/initramfs.cpio" "$rundir/retry" "$plan" >/dev/null ||
		die "QEMU could not boot the kernel a second time (see above)" "$rundir/retry/console.log" "$repro"
	qemu_ok "$rundir/retry"
	parse "$rundir/retry"
	rverdict=$(jq -r .verdict "$rundir/retry/results.json")
	# What failed the first time and not the second (compare.c).
	flaky=$("$VMS_OUT/bin/vmshadow" compare "$rundir/results.json" "$rundir/retry/results.json") ||
		die "the results tool could not compare the two boots" "$rundir/retry/console.log" \
			"out/bin/vmshadow compare $rundir/results.json $rundir/retry/results.json"
	[ "$rverdict" = pass ] && verdict=flaky
	progress "second boot: $rverdict; flaky: $flaky"
	echo "$flaky" | jq -r '.[] | "flaky: \(.)"' >>"$rundir/summary.txt"
fi
tree_done	# the last boot has read the build dir: a maker may rewrite the tree now
rm -f "$rundir/initramfs.cpio"	# rebuilt in seconds; keep the folder small

# KCIDB's patchset_hash: sha256 over the sha256 of each applied patch
# (patches/series order, no cover letter, as ci/tree.sh applies them);
# "" for the base tree.
patchset_hash() {
	local s
	[ "$tree" = series ] || return 0
	if [ -n "${VMS_PATCHES:-}" ]; then s=$VMS_PATCHES/series; else
		load_kernel "$(kernel_facts_for "$version")"; s=$VMS_TOP/$K_SERIES; fi
	series_patches "$s" | while read -r p; do sha256sum "$p"; done | cut -c-64 | sha256sum | cut -c-64
}
bootval() { sed -n "s/^$1=//p" "$rundir/boot.env"; }
seconds=$(bootval seconds)
jq -n --arg arch "$arch" --arg variant "$variant" --arg tree "$tree" \
	--arg plan "$plan" --arg base_version "$version" --arg tree_commit "$commit" --arg source "$source" \
	--arg tree_commit_hash "$commit_full" --arg patchset_hash "$(patchset_hash)" \
	--arg config_sha256 "$(sha256sum "$rundir/config" | cut -c1-64)" \
	--arg compiler "$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\(.*\)"$/\1/p' "$rundir/config")" \
	--arg project_commit "$(git -C "$VMS_TOP" rev-parse --short=12 HEAD 2>/dev/null || echo none)" \
	--argjson build_seconds "$(cat "$bdir/build.seconds")" \
	--argjson boot_seconds "$seconds" --arg ended "$ended" --arg accel "$(bootval accel)" \
	--arg clock "$(bootval clock)" --arg qemu "$("$T_QEMU" --version | head -n1)" \
	--arg verdict "$verdict" --argjson flaky "$flaky" --arg repro "$repro" \
	'$ARGS.named' | atomic_write "$rundir/run.json"
# kcidb.json beside results.json, with the facts of run.json (the tool
# writes FILE.tmp.PID and renames it): in the run folder and in retry/, the
# second boot of the same kernel (run.json's facts are its own too; its
# run name, RUN/retry, keeps its test ids apart from the first boot's).
# A failure here fails the run.
kcidb() {
	local d=$1
	shift
	"$VMS_OUT/bin/vmshadow" parse "$d/console.log" -o /dev/null \
		--kcidb "$d/kcidb.json" --run-json "$rundir/run.json" "$@" ||
		die "the results tool could not write $d/kcidb.json" "" \
			"out/bin/vmshadow parse $d/console.log -o /dev/null --kcidb $d/kcidb.json --run-json $rundir/run.json${*:+ $*}"
}
kcidb "$rundir"
[ ! -d "$rundir/retry" ] || kcidb "$rundir/retry" --run-name "$(basename "$rundir")/retry"
rm -f "$rundir/INCOMPLETE"
ln -sfn "$(basename "$rundir")" "$runs/latest.tmp.$$" && mv -T "$runs/latest.tmp.$$" "$runs/latest"

cat "$rundir/summary.txt"
[ "$ended" = exited ] || echo "QEMU was killed at $ended (${seconds}s); the log is cut there."
echo "run folder: $rundir"
decided=1
if [ "$verdict" = flaky ] && [ "${VMS_BISECT_STEP:-0}" = 1 ]; then
	# A commit that failed once may be the intermittent regression looked for.
	cannot_test "flaky (failed once, passed on a second boot: $flaky): under git bisect neither good nor bad; log $rundir/console.log"
elif [ "$verdict" = flaky ]; then
	echo "vmshadow: FLAKY: failed once, passed on a second boot: $flaky; both logs in $rundir" >&2
elif [ "$verdict" != pass ] && [ -n "$untestable" ] && [ "${UNTESTABLE:-skip}" = skip ]; then
	cannot_test "the kernel stopped before init with no report and no failed test: verdict $verdict; log $rundir/console.log"
elif [ "$verdict" != pass ]; then
	echo "vmshadow: FAILED: verdict $verdict ($arch $variant $tree); log $rundir/console.log; reproduce: $repro" >&2
	exit 1
fi
