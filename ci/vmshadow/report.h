/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmshadow report: the perf history (history.jsonl, one perf record per
 * line, see perf.h) over time, per arch and clock: the ratios of the
 * totals, regression flags (on the totals and per test), and the latest
 * run's table.
 *
 * Outputs: a static HTML page (inline SVG plots, no script, no network),
 * the same as Markdown, and docs/performance.md (the latest table per
 * arch).
 *
 * Reading the history and the regression rule: history.h.
 */
#ifndef VMSHADOW_REPORT_H
#define VMSHADOW_REPORT_H

#include <stdio.h>

#include "history.h"

/* One line per group for the terminal. */
void report_text(FILE *f, const struct history *h);
void report_html(FILE *f, const struct history *h, const char *generated);
void report_md(FILE *f, const struct history *h, const char *generated);
void report_doc(FILE *f, const struct history *h, const char *generated);

int cmd_report(int argc, char **argv);

#endif
