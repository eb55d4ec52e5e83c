#!/bin/bash
# ci/check.sh: what `make check` runs. Fast checks first (linters, unit
# tests, failure-handling tests that need no kernel), then the real thing:
# the smoke matrix on five targets (build, boot under QEMU, parse), then
# the failure-handling tests that boot x86_64. Every step runs even when an
# earlier one failed; the last line counts them.
set -eu
. "$(dirname "$0")/lib.sh"
cd "$VMS_TOP"
passed=0 failed=0 failures=()
step() {
	local name=$1 t0 rc=0
	shift
	echo "== check: $name: $*" >&2
	t0=$(now)
	"$@" || rc=$?
	if [ $rc = 0 ]; then
		passed=$((passed + 1))
		echo "== check: $name ok ($(( $(now) - t0 ))s)" >&2
	else
		failed=$((failed + 1))
		failures+=("$name")
		echo "== check: $name FAILED (exit $rc, $(( $(now) - t0 ))s); reproduce: $*" >&2
	fi
}

step lint ci/lint.sh
step workflows make -s workflows
step tools-test make -s tools-test
step quick-tests ci/tests/run.sh quick
# The smoke matrix: every target boots the whole plan (KASAN KUnit, the
# series' kasan_vmalloc_shadow suite, test_vmalloc smoke, lkdtm guard
# pages, our kselftests) on the series tree. CHECK_TARGETS="t[:tree] ..."
# replaces the list (e.g. "ppc32:base" for the unpatched tree). arm and
# riscv64 run in make matrix and the hosted matrix only, not here: two more
# cold kernels (~5 min of make each) would take a cold .ci/run past 70 min
# (docs/ci.md).
check_targets=${CHECK_TARGETS:-x86_64:series arm64:series ppc32:series ppc64le:series s390x:series}
# shellcheck disable=SC2086 # a word list
step matrix ci/matrix.sh $check_targets
step kernel-tests ci/tests/run.sh kernel
# Plan stress on x86_64 (its own -stress kernel): test_vmalloc's stress
# mode and the KUnit suite and test_vmalloc under fail_page_alloc, in full
# memory and with mem=256M; every step checks that no shadow leaked.
step stress-tests ci/tests/run.sh stress
[ $failed = 0 ] || echo "check: failed: ${failures[*]}" >&2
echo "check: $passed passed, $failed failed"
[ $failed = 0 ]
