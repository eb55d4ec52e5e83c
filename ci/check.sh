#!/bin/bash
# ci/check.sh: what `make check` runs. Unit tests and linters first (fast),
# then a real x86_64 smoke run: build, boot under QEMU, parse.
set -eu
. "$(dirname "$0")/lib.sh"
cd "$VMS_TOP"
step() { echo "== check: $*" >&2; }

step "lint"
ci/lint.sh
step "results tool unit tests (plain, then ASan+UBSan)"
make -s tools-test
step "x86_64 smoke run"
make -s run ARCH=x86_64 VARIANT=kasan-vmalloc TREE=series PLAN=smoke
