#!/bin/bash
# ci/boot.sh TARGET BUILDDIR INITRD RUNDIR PLAN: boot one kernel in QEMU and
# write RUNDIR/console.log, RUNDIR/qemu.cmd (the exact command) and
# RUNDIR/boot.env (how it ended: exited, or killed at a timeout).
#
# Environment: CLOCK=tcg|icount|host (icount: deterministic instruction
# clock, forces TCG), TV=test_vmalloc parameters, KUNIT=0 to keep KUnit from
# running at boot, APPEND=more kernel parameters, BOOT_TIMEOUT and
# RUN_TIMEOUT in seconds.
set -eu
. "$(dirname "$0")/lib.sh"

target=$1 bdir=$2 initrd=$3 rundir=$4 plan=$5
load_target "$target"
clock=${CLOCK:-tcg}
boot_timeout=${BOOT_TIMEOUT:-$T_BOOT_TIMEOUT}
run_timeout=${RUN_TIMEOUT:-$T_RUN_TIMEOUT}
command -v "$T_QEMU" >/dev/null || die "$T_QEMU not found" "" "make deps"
[ -f "$bdir/$T_IMAGE" ] || die "no kernel image $bdir/$T_IMAGE" "" "ci/build.sh ..."

# What the guard-page tests must see, from the kernel's own .config.
cfg=$bdir/.config
if ! grep -q '^CONFIG_VMAP_STACK=y' "$cfg"; then
	guard="skip:no+VMAP_STACK+in+this+kernel"
elif grep -q '^CONFIG_KASAN_VMALLOC=y' "$cfg" && [ -n "$T_GUARD_KASAN" ]; then
	guard="kasan:$(echo "$T_GUARD_KASAN" | tr ' ' '+')"
else
	guard=oops
fi
# APPEND (a developer's own parameters) comes first: for vmshadow.* keys the
# runner takes the first occurrence, so APPEND overrides ours.
append="console=$T_CONSOLE${APPEND:+ $APPEND} printk.devkmsg=on kasan_multi_shot panic=-1 vmshadow.plan=$plan vmshadow.guard=$guard"
[ -n "${TV:-}" ] && append="$append vmshadow.tv=$TV"
[ "${KUNIT:-1}" = 0 ] && append="$append kunit.enable=0"
[ -n "$T_CMDLINE" ] && append="$append $T_CMDLINE"
# KUnit cases known to fail on this arch (the target's notes say why): on
# the command line, so that the log itself carries them to its parser.
[ -z "${T_KUNIT_XFAIL:-}" ] || append="$append vmshadow.kunit_xfail=$(echo "$T_KUNIT_XFAIL" | tr -s ' ' ',')"

# shellcheck disable=SC2206 # T_QEMU_ARGS is a word list by design
qemu=("$T_QEMU" $T_QEMU_ARGS -smp "$T_SMP" -display none -monitor none
	-serial stdio -no-reboot -nic none
	-kernel "$bdir/$T_IMAGE" -initrd "$initrd" -append "$append")

# KVM only when a real boot proves it works (never from /dev/kvm alone).
accel=tcg
if [ "$clock" = host ] && [ "$T_KVM" = probe ] && [ -e /dev/kvm ]; then
	probe=$rundir/kvm-probe.log
	if timeout 60 "${qemu[@]/vmshadow.plan=$plan/vmshadow.plan=probe}" -accel kvm \
		</dev/null >"$probe" 2>&1 && grep -q 'vmshadow: runner end' "$probe"; then
		accel=kvm
	fi
fi
qemu+=(-accel "$accel")
[ "$clock" = icount ] && qemu+=(-icount "shift=0,sleep=off")

printf '%q ' "${qemu[@]}" >"$rundir/qemu.cmd"
echo >>"$rundir/qemu.cmd"
log=$rundir/console.log
start=$(now)
"${qemu[@]}" </dev/null >"$log" 2>&1 &
pid=$!
# Interrupted (Ctrl-C, kill): QEMU goes with us; the log stays.
trap 'kill "$pid" 2>/dev/null; echo "ended=interrupted" >"$rundir/boot.env"; exit 130' INT TERM HUP
ended=exited
while kill -0 "$pid" 2>/dev/null; do
	el=$(( $(now) - start ))
	if [ "$el" -ge "$run_timeout" ]; then
		ended=timeout-run; break
	fi
	if [ "$el" -ge "$boot_timeout" ] && ! grep -q 'vmshadow: runner 1 start' "$log"; then
		ended=timeout-boot; break
	fi
	sleep 1
done
if [ "$ended" != exited ]; then
	kill "$pid" 2>/dev/null || true
	sleep 2
	kill -9 "$pid" 2>/dev/null || true
fi
rc=0
wait "$pid" || rc=$?
cat >"$rundir/boot.env" <<EOT
ended=$ended
qemu_rc=$rc
accel=$accel
clock=$clock
seconds=$(( $(now) - start ))
EOT
echo "$ended"
