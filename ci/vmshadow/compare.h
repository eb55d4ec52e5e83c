/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmshadow compare FIRST SECOND: the failures of one results.json that
 * another does not have (ci/run.sh's flaky rule).
 */
#ifndef VMSHADOW_COMPARE_H
#define VMSHADOW_COMPARE_H

int cmd_compare(int argc, char **argv);

#endif
