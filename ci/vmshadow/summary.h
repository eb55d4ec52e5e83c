/* SPDX-License-Identifier: GPL-2.0 */
/* summary.txt: a short human-readable account of one run. */
#ifndef VMSHADOW_SUMMARY_H
#define VMSHADOW_SUMMARY_H

#include <stdio.h>

#include "results.h"

/* Lists (failing tests, unexpected reports) stop after this many. */
#define SUMMARY_MAX_ITEMS 40

void summary_write(FILE *f, const struct results *r);

#endif
