#!/bin/bash
# ci/workflow-check.sh [WORKFLOW.yml...]: the drift check. Every make command
# a workflow job runs (matrix expanded) must work here: the target exists
# (make -n), ARCH/VARIANT/TREE are ones the project has; plus the security
# rules (pinned actions, permissions, concurrency). Default: the workflows
# listed in ci/workflows.list. Details: ci/workflow-check.mjs, docs/ci.md.
set -eu
. "$(dirname "$0")/lib.sh"
modules=$("$VMS_TOP/ci/node-install.sh")
VMS_NODE_MODULES=$modules exec node "$VMS_TOP/ci/workflow-check.mjs" "$@"
