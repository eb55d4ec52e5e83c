#!/bin/bash
# ci/lint.sh: shellcheck every shell script, and build the guest programs
# for the host with -Werror (they are also built per target at run time).
set -eu
. "$(dirname "$0")/lib.sh"
cd "$VMS_TOP"
mapfile -t scripts < <(find ci kselftests -name "*.sh"; [ -f .ci/run ] && echo .ci/run)
shellcheck "${scripts[@]}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make -s -C kselftests CC=gcc OUT="$tmp" >/dev/null
echo "lint: shellcheck ${#scripts[@]} scripts, guest programs build clean"
