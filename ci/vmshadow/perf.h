/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmshadow perf: the seed's test_vmalloc table from a set of perf-plan
 * runs (ci/perf.sh), one record per arch.
 *
 * Columns: nokasan (VARIANT=nokasan, base tree), kasan (kasan, base:
 * vmalloc shadow = the shared early page), upstream (kasan-vmalloc, base)
 * and series (kasan-vmalloc, series). Modes: "1" (step test_vmalloc_1,
 * one thread) and "N" (test_vmalloc_N, nr_threads = guest CPUs; a test's
 * figure in one run is the mean of its workers' avg usec).
 *
 * Per test and column: the median over the rounds, with min, max, the
 * number of rounds and the relative spread (max - min) / median. "total"
 * is, per round, the sum of the timed tests (every test but
 * align_shift_alloc_test, which fails by design after one loop), then the
 * median of those sums.
 *
 * "step" is the step's elapsed time in get_cycles() units: per round the
 * largest "All test took workerN=C cycles" (the slowest worker), then the
 * median. With N threads under icount the vCPUs take turns on one host
 * thread, so a worker's per-test figure also counts the instructions the
 * other workers ran meanwhile and depends on which of their tests overlap
 * (the same test can be 10x apart between rounds of one kernel); the
 * step's elapsed time does not depend on that alignment.
 *
 * The record is perf.json and, on one line, a history.jsonl entry; the
 * same reader reads both back (report.c).
 */
#ifndef VMSHADOW_PERF_H
#define VMSHADOW_PERF_H

#include <stdbool.h>
#include <stdio.h>

#include "jread.h"

enum pcol { P_NOKASAN, P_KASAN, P_UPSTREAM, P_SERIES, P_NCOL };
enum pmode { M_1, M_N, M_NMODES };

#define PERF_MAX_TESTS 32
#define PERF_MAX_ROUNDS 64
#define PERF_TOTAL "total"
#define PERF_EXCLUDED "align_shift_alloc_test"
#define PERF_STEP "step"

extern const char *const pcol_name[P_NCOL];	/* JSON keys */
extern const char *const pcol_title[P_NCOL];	/* table headers */
extern const char *const pmode_name[M_NMODES];	/* "1", "N" */

/* One column of one test: a median and how far the rounds spread. */
struct pstat {
	bool have;
	double median, min, max;
	int n;
};

/* Relative spread (max - min) / median, 0 when unknown. */
double pstat_rel(const struct pstat *s);

struct ptest {
	char name[80];
	struct pstat col[P_NCOL];
};

struct pmode_data {
	int threads;			/* 0: unknown */
	int ntests;			/* the last one is "total" */
	struct ptest tests[PERF_MAX_TESTS + 1];
	struct ptest step;		/* name "step"; no column have: absent */
};

struct prec {
	char date[40], arch[40], clock[40], accel[40], base_version[40];
	char series_commit[48], upstream_commit[48], project_commit[48];
	char qemu[160], host_cpu[160], dir[512];
	long loops, rounds;
	int runs[P_NCOL];		/* usable runs per column */
	char na[P_NCOL][300];		/* why a column is n/a ("" if not) */
	char notes[600];		/* excluded runs, mixed commits, ... */
	struct pmode_data mode[M_NMODES];
};

/* The test row (or "total") of a mode, NULL if absent. */
const struct ptest *prec_test(const struct prec *r, enum pmode m, const char *name);
/* a / b of two medians, or NAN when one is missing or b is 0. */
double pratio(const struct pstat *a, const struct pstat *b);

/* One JSON record; pretty: indented (perf.json), else one line. */
void prec_write_json(FILE *f, const struct prec *r, bool pretty);
/* Read a record back. false with a message when a field is wrong. */
bool prec_from_json(struct prec *r, const struct jval *v, char *err, size_t errlen);

/* "series vs upstream: total -6.1% (1 thread), -5.5% (2 threads)" */
void prec_verdict(const struct prec *r, char *buf, size_t len);
/* The seed-style Markdown tables (both modes), headed at level hlevel. */
void prec_write_md(FILE *f, const struct prec *r, int hlevel);

/* "1146875" or "1146875.5": a median as the table shows it. */
void fmt_usec(char *buf, size_t len, double v);

/* vmshadow perf ...: the subcommand (argv[1] == "perf"). */
int cmd_perf(int argc, char **argv);

#endif
