// SPDX-License-Identifier: GPL-2.0
/*
 * The perf history: reading history.jsonl files (one record per line,
 * several read as one), grouping by arch and clock, the ratios of every
 * record and the regression rule (history.h). Rendering is report.c's.
 */
#include "history.h"

#include <errno.h>
#include "pmath.h"
#include <stdlib.h>
#include <string.h>

#include "jread.h"
#include "util.h"

const char *const rratio_name[R_NRATIOS] = {
	"upstream x KASAN", "series x KASAN", "series x upstream",
	"upstream x base", "series x base", "KASAN x base",
};
/* KASAN x base is the price of KASAN itself: plotted, never flagged. */
static const bool rratio_flagged[R_NRATIOS] = { true, true, true, true, true, false };
const int rratio_cols[R_NRATIOS][2] = {
	{ P_UPSTREAM, P_KASAN }, { P_SERIES, P_KASAN }, { P_SERIES, P_UPSTREAM },
	{ P_UPSTREAM, P_NOKASAN }, { P_SERIES, P_NOKASAN }, { P_KASAN, P_NOKASAN },
};

/* ---- reading ---- */

/*
 * One line of a history: skipped when blank or already seen (the same
 * record copied into several histories counts once), parsed otherwise. A
 * line that is no record is reported with its file and line, and left out.
 */
static void history_add_line(struct history *h, const char *path, long lineno,
			     const char *p, const char *end)
{
	char err[300];
	struct jval *v;
	struct prec r;
	size_t n = (size_t)(end - p), i;

	while (n && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if (!n)
		return;
	for (i = 0; i < h->nlines; i++)
		if (strlen(h->lines[i]) == n && !memcmp(h->lines[i], p, n))
			return;
	/*
	 * Every distinct line is kept for history_write(), a line that is
	 * no record too: a merged history never loses what a newer tool
	 * wrote and this one cannot read.
	 */
	if (h->nlines == h->lines_alloc) {
		h->lines_alloc = h->lines_alloc ? h->lines_alloc * 2 : 16;
		h->lines = xrealloc(h->lines, h->lines_alloc * sizeof(*h->lines));
	}
	h->lines[h->nlines++] = xstrndup(p, n);
	v = jread(p, n, err, sizeof(err));
	if (v && prec_from_json(&r, v, err, sizeof(err))) {
		if ((size_t)h->nrecs == h->alloc) {
			h->alloc = h->alloc ? h->alloc * 2 : 16;
			h->recs = xrealloc(h->recs, h->alloc * sizeof(*h->recs));
		}
		h->recs[h->nrecs++] = r;
	} else {
		fprintf(stderr, "vmshadow: %s:%ld: record skipped: %s\n",
			path && path[0] ? path : "history", lineno, err);
		h->nbad++;
	}
	jfree(v);
}

static void history_add_text(struct history *h, const char *path, const char *text, size_t len)
{
	const char *p = text, *e = text + len;
	long lineno = 0;

	while (p < e) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		const char *end = nl ? nl : e;

		history_add_line(h, path, ++lineno, p, end);
		p = nl ? nl + 1 : e;
	}
}

void history_parse(struct history *h, const char *text, size_t len)
{
	history_add_text(h, h->path, text, len);
}

/* Add PATH's records (a missing file has none). -1 on I/O errors. */
static int history_add_file(struct history *h, const char *path)
{
	struct strbuf b;
	char buf[65536];
	size_t n;
	FILE *f;

	f = fopen(path, "rb");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		fprintf(stderr, "vmshadow: cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	sb_init(&b, (size_t)1 << 30);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		size_t i;

		for (i = 0; i < n; i++)	/* a NUL would end the strbuf early */
			if (!buf[i])
				buf[i] = ' ';
		sb_addn(&b, buf, n);
	}
	if (ferror(f)) {
		fprintf(stderr, "vmshadow: cannot read %s: %s\n", path, strerror(errno));
		fclose(f);
		sb_free(&b);
		return -1;
	}
	fclose(f);
	history_add_text(h, path, b.s ? b.s : "", b.len);
	sb_free(&b);
	return 0;
}

int history_read_all(struct history *h, const char *const *paths, int n)
{
	int i;

	memset(h, 0, sizeof(*h));
	for (i = 0; i < n; i++) {
		size_t len = strlen(h->path);

		/* the names, "A + B", for the pages that say where they come from */
		snprintf(h->path + len, sizeof(h->path) - len, "%s%s", i ? " + " : "", paths[i]);
		if (history_add_file(h, paths[i]))
			return -1;
	}
	return 0;
}

int history_read(struct history *h, const char *path)
{
	return history_read_all(h, &path, 1);
}

void history_write(FILE *f, const struct history *h)
{
	size_t i;

	for (i = 0; i < h->nlines; i++)
		fprintf(f, "%s\n", h->lines[i]);
}

static int cmp_group(const void *a, const void *b)
{
	const struct rgroup *x = a, *y = b;
	int c = strcmp(x->arch, y->arch);

	return c ? c : strcmp(x->clock, y->clock);
}

static const struct pstat *total_col(const struct prec *r, int m, int c)
{
	const struct ptest *t = prec_test(r, (enum pmode)m, PERF_TOTAL);

	return t ? &t->col[c] : NULL;
}

static void compute_point(struct rpoint *pt, const struct prec *r, int m, int k)
{
	const struct pstat *a = total_col(r, m, rratio_cols[k][0]);
	const struct pstat *b = total_col(r, m, rratio_cols[k][1]);

	memset(pt, 0, sizeof(*pt));
	pt->value = pratio(a, b);
	pt->band = isnan(pt->value) ? 0 : pstat_rel(a) + pstat_rel(b);
	pt->prev = pt->change = NAN;
}

/* Same loops and threads in mode m: the two records can be compared. */
static bool comparable(const struct prec *a, const struct prec *b, int m)
{
	return a->loops == b->loops && a->mode[m].threads == b->mode[m].threads;
}

/* Every test but the total and the one that fails by design. */
static bool timed_test(const char *name)
{
	return strcmp(name, PERF_TOTAL) && strcmp(name, PERF_EXCLUDED);
}

/* The per-test point of test NAME in record i of g, mode m, or NULL. */
static const struct rpoint *test_point(const struct rgroup *g, int i, int m, const char *name)
{
	const struct pmode_data *md = &g->recs[i]->mode[m];
	int t;

	for (t = 0; t < md->ntests; t++)
		if (!strcmp(md->tests[t].name, name))
			return &g->tpts[i][m][t];
	return NULL;
}

/*
 * The per-test rule (history.h). Its band is the totals' rule applied to
 * the test's own figures, for these reasons:
 *  - the test's own spreads, not the total's: a test's rounds spread far
 *    more than the total's, since the total sums seven tests whose jitter
 *    partly cancels (x86_64, 2 threads, the committed table: total series
 *    16.6%, fix_size_alloc_test series 147.6%, random_size_alloc_test
 *    34.9%). The total's band would flag the noise of every N-thread
 *    record; one band for all tests would be blind on the quiet ones
 *    (1 thread: most spreads under 3%).
 *  - u = spread(series) + spread(upstream): the relative width of the
 *    ratio's range over the rounds, to first order.
 *  - u_prev + u_this: twice the change at which the two records' ranges
 *    stop overlapping, as for the totals, because two or three rounds
 *    under-estimate the noise (docs/ci.md).
 *  - the floor is REPORT_TEST_FLOOR (5%), not the totals' 2%: one test
 *    repeats less closely than a sum of seven, its two or three rounds
 *    may agree by chance (spread 0.0%), and seven tests per mode are
 *    compared at once, so a flag on noise is about seven times as
 *    likely as on one total. A test that gets 5% slower while the others
 *    do not moves the total by under 1%: only this rule sees it.
 *  - one ratio, series x upstream (what the series costs over the kernel
 *    it patches; every arch has both columns, while KASAN is n/a on
 *    arm64): a slower series test moves its x KASAN and x base ratios by
 *    the same factor, and three ratios per test would triple the
 *    comparisons.
 * With N threads a test's band is often 100% or more (30% per column is
 * typical, a round that lost time slices makes 150%): there only a test
 * that gets several times slower is flagged, like fix_size_alloc_test at
 * 3.8x upstream after 0.93x, +310% against a band of 120%
 * (tests/perf/history-pertest.jsonl), while its total moved by 7%.
 */
static void analyze_tests(struct rgroup *gr, int i)
{
	const struct prec *r = gr->recs[i];
	int m, t, j;

	for (m = 0; m < M_NMODES; m++) {
		for (t = 0; t <= PERF_MAX_TESTS; t++) {
			struct rpoint *pt = &gr->tpts[i][m][t];
			const struct ptest *tt = &r->mode[m].tests[t];
			const struct pstat *a = &tt->col[rratio_cols[REPORT_TEST_RATIO][0]];
			const struct pstat *b = &tt->col[rratio_cols[REPORT_TEST_RATIO][1]];
			const struct rpoint *q = NULL;

			memset(pt, 0, sizeof(*pt));
			pt->value = pt->prev = pt->change = NAN;
			if (t >= r->mode[m].ntests || !timed_test(tt->name))
				continue;
			pt->value = pratio(a, b);
			if (isnan(pt->value))
				continue;
			pt->band = pstat_rel(a) + pstat_rel(b);
			for (j = i - 1; j >= 0; j--) {
				q = comparable(gr->recs[j], r, m) ? test_point(gr, j, m, tt->name) : NULL;
				if (q && !isnan(q->value))
					break;
			}
			if (j < 0)
				continue;
			pt->has_prev = true;
			pt->prev = q->value;
			pt->change = pt->value / pt->prev - 1;
			pt->threshold = q->band + pt->band;
			if (pt->threshold < REPORT_TEST_FLOOR)
				pt->threshold = REPORT_TEST_FLOOR;
			pt->flagged = pt->change > pt->threshold;
		}
	}
}

void history_analyze(struct history *h)
{
	int i, j, g, m, k;

	for (i = 0; i < h->nrecs; i++) {
		struct prec *r = &h->recs[i];

		for (g = 0; g < h->ngroups; g++)
			if (!strcmp(h->groups[g].arch, r->arch) && !strcmp(h->groups[g].clock, r->clock))
				break;
		if (g == h->ngroups) {
			h->groups = xrealloc(h->groups, (size_t)(g + 1) * sizeof(*h->groups));
			memset(&h->groups[g], 0, sizeof(h->groups[g]));
			str_copy(h->groups[g].arch, sizeof(h->groups[g].arch), r->arch, (size_t)-1);
			str_copy(h->groups[g].clock, sizeof(h->groups[g].clock), r->clock, (size_t)-1);
			h->ngroups++;
		}
		h->groups[g].recs = xrealloc(h->groups[g].recs,
					     (size_t)(h->groups[g].n + 1) * sizeof(*h->groups[g].recs));
		h->groups[g].recs[h->groups[g].n++] = r;
	}
	if (h->ngroups > 1)
		qsort(h->groups, (size_t)h->ngroups, sizeof(*h->groups), cmp_group);
	/* Oldest first by date; records of the same date keep the file order
	 * (histories merged from several jobs need not be in date order). */
	for (g = 0; g < h->ngroups; g++) {
		struct rgroup *gr = &h->groups[g];

		for (i = 1; i < gr->n; i++) {
			struct prec *r = gr->recs[i];

			for (j = i; j > 0 && strcmp(gr->recs[j - 1]->date, r->date) > 0; j--)
				gr->recs[j] = gr->recs[j - 1];
			gr->recs[j] = r;
		}
	}
	for (g = 0; g < h->ngroups; g++) {
		struct rgroup *gr = &h->groups[g];

		gr->pts = xmalloc((size_t)gr->n * sizeof(*gr->pts));
		gr->tpts = xmalloc((size_t)gr->n * sizeof(*gr->tpts));
		for (i = 0; i < gr->n; i++) {
			analyze_tests(gr, i);
			for (m = 0; m < M_NMODES; m++) {
				for (k = 0; k < R_NRATIOS; k++) {
					struct rpoint *pt = &gr->pts[i][m][k];

					compute_point(pt, gr->recs[i], m, k);
					if (isnan(pt->value))
						continue;
					/* The previous comparable record: same loops and threads. */
					for (j = i - 1; j >= 0; j--) {
						const struct rpoint *q = &gr->pts[j][m][k];

						if (comparable(gr->recs[j], gr->recs[i], m) && !isnan(q->value))
							break;
					}
					if (j < 0)
						continue;
					pt->has_prev = true;
					pt->prev = gr->pts[j][m][k].value;
					pt->change = pt->value / pt->prev - 1;
					pt->threshold = gr->pts[j][m][k].band + pt->band;
					if (pt->threshold < REPORT_FLOOR)
						pt->threshold = REPORT_FLOOR;
					pt->flagged = rratio_flagged[k] && pt->change > pt->threshold;
				}
			}
		}
	}
}

void history_free(struct history *h)
{
	int g;

	for (g = 0; g < h->ngroups; g++) {
		free(h->groups[g].recs);
		free(h->groups[g].pts);
		free(h->groups[g].tpts);
	}
	free(h->groups);
	free(h->recs);
	for (size_t i = 0; i < h->nlines; i++)
		free(h->lines[i]);
	free(h->lines);
	memset(h, 0, sizeof(*h));
}

bool rgroup_flagged(const struct rgroup *g, int i)
{
	int m, k, t;

	for (m = 0; m < M_NMODES; m++) {
		for (k = 0; k < R_NRATIOS; k++)
			if (g->pts[i][m][k].flagged)
				return true;
		for (t = 0; t < g->recs[i]->mode[m].ntests; t++)
			if (g->tpts[i][m][t].flagged)
				return true;
	}
	return false;
}

bool rgroup_latest_flagged(const struct rgroup *g)
{
	return g->n && rgroup_flagged(g, g->n - 1);
}
