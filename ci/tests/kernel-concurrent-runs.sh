#!/bin/bash
# Runs at once (different ARCH or VARIANT) never share or clobber files.
# CONCURRENT_RUNS="TARGET:VARIANT:TREE ..." (default: x86_64 series and
# arm64 series, kernels make check's smoke matrix has built already, and
# x86_64 nokasan base: the same target as the first, another variant, the
# one extra and cheapest build) start together with PLAN=probe (the
# runner starts and ends: no steps). Asserts: one folder per run, named for
# it; each complete (no INCOMPLETE, verdict pass, end marker) and parseable;
# each holds only its own files (config = its build dir's .config, qemu.cmd
# boots its own image and initramfs, console.log is its kernel's, no file
# but the known ones); no file packed into one initramfs comes from a place
# another run writes (out/guest/<build dir>, the build dirs); out/ intact
# (the build dirs' .config, build stamp and image unchanged: no run
# reconfigured or rebuilt anything; no temporary file left behind).
# Each kernel is first brought up to date alone (ci/build.sh: "unchanged,
# skip make" when it is), one after the other.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${VMS_OUT:-$top/out}
specs=${CONCURRENT_RUNS:-x86_64:kasan-vmalloc:series arm64:kasan-vmalloc:series x86_64:nokasan:base}
mkdir -p "$out/tests"
runs=$(mktemp -d "$out/tests/concurrent.XXXXXX")
fail() { echo "FAIL: $*"; exit 1; }

declare -A bdir
for s in $specs; do
	IFS=: read -r a v t <<<"$s"
	bdir[$s]=$("$top/ci/build.sh" "$a" "$v" "$t") || fail "ci/build.sh $a $v $t"
done
# What must not change: per build dir, .config, build stamp, image.
state() {
	local s d
	for s in $specs; do
		d=${bdir[$s]}
		IFS=: read -r a _ _ <<<"$s"
		# shellcheck disable=SC1090
		. "$(ls "$top"/arch-*/"$a".target)"
		printf '%s %s %s %s\n' "$d" "$(sha256sum <"$d/.config" | cut -c1-16)" \
			"$(cat "$d/.vmshadow-built")" "$(stat -c '%s %Y' "$d/$T_IMAGE")"
	done
}
before=$(state)

t0=$(date +%s)
pids=()
for s in $specs; do
	IFS=: read -r a v t <<<"$s"
	# KUNIT=0: this test is about files; KUnit's verdicts are the matrix's
	# (a probe run gets no second boot, so a flaky case would fail it here).
	KUNIT=0 RUNS_DIR=$runs PLAN=probe ARCH=$a VARIANT=$v TREE=$t "$top/ci/run.sh" \
		>"$runs/$a-$v-$t.out" 2>&1 &
	pids+=($!)
done
rcs=()
for p in "${pids[@]}"; do
	rc=0; wait "$p" || rc=$?
	rcs+=("$rc")
done
echo "$(echo "$specs" | wc -w) runs at once took $(( $(date +%s) - t0 ))s"
i=0
for s in $specs; do
	IFS=: read -r a v t <<<"$s"
	cat "$runs/$a-$v-$t.out"
	[ "${rcs[$i]}" = 0 ] || fail "run $s exited ${rcs[$i]}"
	i=$((i + 1))
done

# One folder per run, each named for its run.
mapfile -t dirs < <(find "$runs" -mindepth 1 -maxdepth 1 -type d | sort)
[ "${#dirs[@]}" = "$(echo "$specs" | wc -w)" ] ||
	fail "${#dirs[@]} run folders for $(echo "$specs" | wc -w) runs: ${dirs[*]}"
declare -A rdir
for s in $specs; do
	IFS=: read -r a v t <<<"$s"
	m=$(printf '%s\n' "${dirs[@]}" | grep -E -- "-$a-$v-$t(-[0-9]+)?\$" || true)
	[ "$(echo "$m" | grep -c .)" = 1 ] || fail "no single run folder for $s: $m"
	rdir[$s]=$m
done

allowed="boot.env build.log config console.log initramfs.cpio.list junit.xml kcidb.json kvm-probe.log qemu.cmd results.json run.json summary.txt"
for s in $specs; do
	IFS=: read -r a v t <<<"$s"
	r=${rdir[$s]} d=${bdir[$s]}
	# shellcheck disable=SC1090
	. "$(ls "$top"/arch-*/"$a".target)"
	[ ! -e "$r/INCOMPLETE" ] || fail "$r is INCOMPLETE: $(cat "$r/INCOMPLETE")"
	for f in "$r"/* "$r"/.[!.]*; do
		[ -e "$f" ] || continue
		case " $allowed " in *" $(basename "$f") "*) ;; *) fail "$r holds $(basename "$f"), not a file of a run" ;; esac
	done
	jq -e --arg a "$a" --arg v "$v" --arg t "$t" \
		'.arch == $a and .variant == $v and .tree == $t and .plan == "probe" and .verdict == "pass"' \
		"$r/run.json" >/dev/null || fail "$r/run.json is not $s, plan probe, pass: $(cat "$r/run.json")"
	"$out/bin/vmshadow" parse "$r/console.log" -o "$runs/reparse.json" --exit-status ||
		fail "$r/console.log does not parse to a pass"
	jq -e '.verdict == "pass" and .boot.end_marker and .boot.plan == "probe"' "$r/results.json" \
		>/dev/null || fail "$r/results.json: not a finished probe"
	cmp -s "$r/config" "$d/.config" || fail "$r/config is not $d/.config"
	grep -qF -- "$d/$T_IMAGE" "$r/qemu.cmd" || fail "$r/qemu.cmd does not boot $d/$T_IMAGE"
	grep -qF -- "$r/initramfs.cpio" "$r/qemu.cmd" || fail "$r/qemu.cmd does not boot its own initramfs"
	grep -q "vmshadow: runner 1 start plan=probe" "$r/console.log" || fail "$r/console.log: no runner start"
	for o in $specs; do
		[ "$o" != "$s" ] || continue
		od=${bdir[$o]} or=${rdir[$o]}
		! grep -qF -- "$or" "$r/qemu.cmd" "$r/run.json" || fail "$r names the other run's folder $or"
		if [ "$od" != "$d" ]; then
			! grep -qF -- "$od/" "$r/qemu.cmd" || fail "$r/qemu.cmd boots $od"
			! cmp -s "$r/config" "$od/.config" || fail "$r/config is $od's"
		fi
	done
done

# Inputs: no file packed into one run's initramfs comes from a place that
# another run builds into. Read-only caches (busybox) may be shared.
for s in $specs; do
	for o in $specs; do
		[ "$o" != "$s" ] || continue
		shared=$(comm -12 <(awk '$1 == "file" {print $3}' "${rdir[$s]}/initramfs.cpio.list" | grep -v "^$out/guest/busybox/" | sort -u) \
			<(awk '$1 == "file" {print $3}' "${rdir[$o]}/initramfs.cpio.list" | sort -u))
		[ -z "$shared" ] || fail "runs $s and $o packed the same built files: $(echo "$shared" | head -n3 | tr '\n' ' ')"
	done
done

# out/ intact: nothing reconfigured or rebuilt, no temporary left behind.
after=$(state)
[ "$before" = "$after" ] || fail "build dirs changed:
$(diff <(echo "$before") <(echo "$after") || true)"
for s in $specs; do
	d=${bdir[$s]}
	left=$(find "$d" "$out/guest/$(basename "$d")" "$runs" -maxdepth 1 \
		\( -name 'kconfig.tmp.*' -o -name 'config.log.*' -o -name '*.tmp.*' -o -name '*.cpio.tmp*' \) 2>/dev/null)
	[ -z "$left" ] || fail "temporary files left: $left"
done
if [ ! -L "$runs/latest" ] || [ ! -d "$runs/$(readlink "$runs/latest")" ]; then
	fail "latest is not one of the runs"
fi
echo "ok: $(echo "$specs" | wc -w) runs at once, folders: ${dirs[*]##*/}"
rm -rf "$runs"
