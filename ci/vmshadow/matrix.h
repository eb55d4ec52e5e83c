/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmshadow matrix DIR: one row per run folder of a `make matrix` folder
 * (ci/matrix.sh), written as DIR/summary.json and DIR/summary.md.
 */
#ifndef VMSHADOW_MATRIX_H
#define VMSHADOW_MATRIX_H

int cmd_matrix(int argc, char **argv);

#endif
