/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The perf history (history.jsonl, one perf record per line, see perf.h)
 * over time, per arch and clock: the ratios of the totals and of every
 * test, and the regression flags. report.h renders it.
 *
 * Regression rule, per arch, clock and loops, per mode and tracked ratio
 * r = a / b of the totals (upstream x KASAN, series x KASAN, series x
 * upstream, and upstream/series x base): the noise band of one record is
 * u = spread(a) + spread(b), spread = (max - min) / median over its rounds.
 * A record is flagged when r got worse (larger) than in the previous
 * comparable record by more than max(REPORT_FLOOR, u_prev + u_this): twice
 * the distance at which the two records' ranges of r stop overlapping
 * ((u_prev + u_this) / 2), and never less than the floor, because two or
 * three rounds under-estimate the noise: two records of the same kernels
 * can move further apart than their half-summed bands (docs/ci.md
 * has the measurement).
 *
 * Per-test rule, for every timed test (not the total, not
 * align_shift_alloc_test) of every mode: the test's own series x upstream
 * t = series / upstream is flagged when it got larger than in the previous
 * comparable record holding that test by more than
 * max(REPORT_TEST_FLOOR, u_prev + u_this), u = spread(series) +
 * spread(upstream) of that test in that record (why this band: history.c,
 * analyze_tests()). A slower test the total hides (one test of seven,
 * whose slowdown drowns in the total's noise) is flagged by it.
 */
#ifndef VMSHADOW_HISTORY_H
#define VMSHADOW_HISTORY_H

#include <stdbool.h>
#include <stdio.h>

#include "perf.h"

#define REPORT_FLOOR 0.02
#define REPORT_TEST_FLOOR 0.05

enum rratio { R_UP_X_KASAN, R_SERIES_X_KASAN, R_SERIES_X_UP, R_UP_X_BASE,
	      R_SERIES_X_BASE, R_KASAN_X_BASE, R_NRATIOS };

extern const char *const rratio_name[R_NRATIOS];

struct rpoint {
	double value;		/* NAN when a column is missing */
	double band;		/* u of this record */
	bool has_prev;
	double prev, change;	/* change = value / prev - 1 */
	double threshold;	/* band the change is measured against */
	bool flagged;
};

/* The ratio the per-test rule tracks for every timed test. */
#define REPORT_TEST_RATIO R_SERIES_X_UP

struct rgroup {
	char arch[40], clock[40];
	int n;			/* records, oldest first */
	struct prec **recs;
	struct rpoint (*pts)[M_NMODES][R_NRATIOS];	/* [n] */
	/* [n]: REPORT_TEST_RATIO of recs[i]->mode[m].tests[t] (value NAN for
	 * the total and the excluded test, which are never flagged here) */
	struct rpoint (*tpts)[M_NMODES][PERF_MAX_TESTS + 1];
};

struct history {
	int nrecs, nbad;
	struct prec *recs;
	char **lines;		/* every distinct line read, records or not */
	size_t nlines, lines_alloc, alloc;
	int ngroups;
	struct rgroup *groups;
	char path[512];		/* the files read, "A + B" */
};

/* Read HISTORY (a missing file is an empty history). -1 on I/O errors. */
int history_read(struct history *h, const char *path);
/*
 * Read several histories as one: the records of each, in order, a line
 * already read from an earlier one (or earlier in the same file) counted
 * once. Missing files are empty. -1 on I/O errors.
 */
int history_read_all(struct history *h, const char *const *paths, int n);
/* Every distinct line read, in order: the merged history. */
void history_write(FILE *f, const struct history *h);
/* Read from memory (tests). */
void history_parse(struct history *h, const char *text, size_t len);
/* Group by arch and clock and compute ratios and flags. */
void history_analyze(struct history *h);
void history_free(struct history *h);

/* Is the latest record of g flagged (any mode, any ratio of the totals,
 * any test)? */
bool rgroup_latest_flagged(const struct rgroup *g);

/* Is record i of g flagged (any mode, any ratio of the totals, any test)? */
bool rgroup_flagged(const struct rgroup *g, int i);
/* The columns (enum pcol) of each ratio: value = col[0] / col[1]. */
extern const int rratio_cols[R_NRATIOS][2];

#endif
