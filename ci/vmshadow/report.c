// SPDX-License-Identifier: GPL-2.0
/*
 * vmshadow report: history.jsonl over time (see report.h for the
 * regression rule), as static HTML with inline SVG, Markdown, and the
 * docs/performance.md page.
 */
#include "report.h"

#include <errno.h>
#include "pmath.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"
#include "jread.h"
#include "util.h"

const char *const rratio_name[R_NRATIOS] = {
	"upstream x KASAN", "series x KASAN", "series x upstream",
	"upstream x base", "series x base", "KASAN x base",
};
/* KASAN x base is the price of KASAN itself: plotted, never flagged. */
static const bool rratio_flagged[R_NRATIOS] = { true, true, true, true, true, false };
static const char *const rratio_color[R_NRATIOS] = {
	"#1f5fa8", "#218a3a", "#8a3fb0", "#1f5fa8", "#218a3a", "#888888",
};
static const int ratio_cols[R_NRATIOS][2] = {
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
	if (!n || strspn(p, " \t") >= n)
		return;
	for (i = 0; i < h->nlines; i++)
		if (strlen(h->lines[i]) == n && !memcmp(h->lines[i], p, n))
			return;
	v = jread(p, n, err, sizeof(err));
	if (v && prec_from_json(&r, v, err, sizeof(err))) {
		if ((size_t)h->nrecs == h->alloc) {
			h->alloc = h->alloc ? h->alloc * 2 : 16;
			h->recs = xrealloc(h->recs, h->alloc * sizeof(*h->recs));
			h->lines = xrealloc(h->lines, h->alloc * sizeof(*h->lines));
		}
		h->recs[h->nrecs++] = r;
		h->lines[h->nlines++] = xstrndup(p, n);
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
	const struct pstat *a = total_col(r, m, ratio_cols[k][0]);
	const struct pstat *b = total_col(r, m, ratio_cols[k][1]);

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
 * The per-test rule (report.h). Its band is the totals' rule applied to
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
 *    under-estimate the noise (measured on N-thread totals: 27% moved
 *    where the half sum said 19%).
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
			const struct pstat *a = &tt->col[ratio_cols[REPORT_TEST_RATIO][0]];
			const struct pstat *b = &tt->col[ratio_cols[REPORT_TEST_RATIO][1]];
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

static bool point_flagged(const struct rgroup *g, int i)
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
	return g->n && point_flagged(g, g->n - 1);
}

static const char *threads_label(const struct prec *r, int m, char *buf, size_t len)
{
	int t = r->mode[m].threads;

	if (m == M_1 || t == 1)
		snprintf(buf, len, "1 thread");
	else if (t)
		snprintf(buf, len, "%d threads", t);
	else
		snprintf(buf, len, "N threads");
	return buf;
}

/*
 * The totals' flags, then the tests' per mode: "series x KASAN (1 thread)
 * 1.03 -> 1.45 (+40.8% > band 2.0%); series x upstream per test
 * (2 threads): fix_size_alloc_test 0.926 -> 3.800 (+310.3% > band
 * 120.0%), ...". Test names are test_vmalloc's ([a-z0-9_]): nothing to
 * escape in HTML.
 */
static void flag_text(struct strbuf *b, const struct rgroup *g, int i, bool html)
{
	const struct prec *r = g->recs[i];
	const char *arrow = html ? "&#8594;" : "->", *gt = html ? "&gt;" : ">";
	int m, k, t, n;
	char tl[32];

	for (m = 0; m < M_NMODES; m++)
		for (k = 0; k < R_NRATIOS; k++) {
			const struct rpoint *pt = &g->pts[i][m][k];

			if (!pt->flagged)
				continue;
			sb_addf(b, "%s%s (%s) %.3f %s %.3f (%+.1f%% %s band %.1f%%)", b->len ? "; " : "",
				rratio_name[k], threads_label(r, m, tl, sizeof(tl)),
				pt->prev, arrow, pt->value, pt->change * 100, gt, pt->threshold * 100);
		}
	for (m = 0; m < M_NMODES; m++) {
		n = 0;
		for (t = 0; t < r->mode[m].ntests; t++) {
			const struct rpoint *pt = &g->tpts[i][m][t];

			if (!pt->flagged)
				continue;
			if (!n++)
				sb_addf(b, "%s%s per test (%s): ", b->len ? "; " : "",
					rratio_name[REPORT_TEST_RATIO], threads_label(r, m, tl, sizeof(tl)));
			else
				sb_add(b, ", ");
			sb_addf(b, "%s %.3f %s %.3f (%+.1f%% %s band %.1f%%)", r->mode[m].tests[t].name,
				pt->prev, arrow, pt->value, pt->change * 100, gt, pt->threshold * 100);
		}
	}
}

/*
 * The history tables' cell: "1 thread: series x KASAN +30.0%, series x
 * upstream +30.0%; 2 threads: per test (series x upstream)
 * fix_size_alloc_test +310.2%". More than two tests flagged in a mode
 * become "7 tests +13.8% to +15.6%" (the status line names each).
 */
static void flag_short(struct strbuf *b, const struct rgroup *g, int i)
{
	const struct prec *r = g->recs[i];
	int m, k, t, n, nt;
	double lo, hi;
	char tl[32];

	for (m = 0; m < M_NMODES; m++) {
		n = nt = 0;
		lo = INFINITY;
		hi = -INFINITY;
		for (k = 0; k < R_NRATIOS; k++) {
			const struct rpoint *pt = &g->pts[i][m][k];

			if (!pt->flagged)
				continue;
			if (!n++)
				sb_addf(b, "%s%s: ", b->len ? "; " : "",
					threads_label(r, m, tl, sizeof(tl)));
			else
				sb_add(b, ", ");
			sb_addf(b, "%s %+.1f%%", rratio_name[k], pt->change * 100);
		}
		for (t = 0; t < r->mode[m].ntests; t++) {
			const struct rpoint *pt = &g->tpts[i][m][t];

			if (!pt->flagged)
				continue;
			nt++;
			if (pt->change < lo)
				lo = pt->change;
			if (pt->change > hi)
				hi = pt->change;
		}
		if (!nt)
			continue;
		if (!n++)
			sb_addf(b, "%s%s: ", b->len ? "; " : "", threads_label(r, m, tl, sizeof(tl)));
		else
			sb_add(b, ", ");
		sb_addf(b, "per test (%s) ", rratio_name[REPORT_TEST_RATIO]);
		if (nt > 2) {
			sb_addf(b, "%d tests %+.1f%% to %+.1f%%", nt, lo * 100, hi * 100);
			continue;
		}
		for (t = 0, nt = 0; t < r->mode[m].ntests; t++)
			if (g->tpts[i][m][t].flagged)
				sb_addf(b, "%s%s %+.1f%%", nt++ ? ", " : "", r->mode[m].tests[t].name,
					g->tpts[i][m][t].change * 100);
	}
}

void report_text(FILE *f, const struct history *h)
{
	int g;

	if (!h->nrecs)
		fprintf(f, "vmshadow report: no perf records in %s yet (make perf)\n", h->path);
	for (g = 0; g < h->ngroups; g++) {
		const struct rgroup *gr = &h->groups[g];
		const struct prec *r = gr->recs[gr->n - 1];
		struct strbuf b;
		char v[300];

		sb_init(&b, 4000);
		prec_verdict(r, v, sizeof(v));
		if (rgroup_latest_flagged(gr)) {
			flag_text(&b, gr, gr->n - 1, false);
			fprintf(f, "%s %s: %d record%s, latest %s: REGRESSION: %s\n", gr->arch, gr->clock,
				gr->n, gr->n == 1 ? "" : "s", r->date, b.s);
		} else {
			fprintf(f, "%s %s: %d record%s, latest %s: no regression; %s\n", gr->arch,
				gr->clock, gr->n, gr->n == 1 ? "" : "s", r->date, v);
		}
		sb_free(&b);
	}
}

/* ---- HTML ---- */

static void html_text(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default:
			if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
				fputc(' ', f);
			else
				fputc(*s, f);
		}
	}
}

static void short_date(char *buf, size_t len, const char *date)
{
	/* 2026-11-25T10:49:33Z -> 11-25 10:49 */
	if (strlen(date) >= 16 && date[4] == '-' && date[10] == 'T')
		snprintf(buf, len, "%.5s %.5s", date + 5, date + 11);
	else
		snprintf(buf, len, "%.11s", date);
}

struct plot_line {
	const char *label, *color;
	const double *v, *band;
	const bool *flag;
	bool dashed;
};

static double nice_step(double range)
{
	double raw = range / 4, mag, f;

	if (raw <= 0)
		return 1;
	mag = p_decade(raw);
	f = raw / mag;
	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
}

#define PW 560
#define PH 270
#define PL 56
#define PR 14
#define PT 30
#define PB 62

static void svg_plot(FILE *f, const char *title, const char *id, int npts,
		     char (*xlabels)[32], const struct plot_line *lines, int nl)
{
	double lo = INFINITY, hi = -INFINITY, step, y, pad;
	int i, l, any = 0, every;
	double px[256];

	for (l = 0; l < nl; l++)
		for (i = 0; i < npts; i++) {
			double v = lines[l].v[i], b = lines[l].band[i] / 2;

			if (isnan(v))
				continue;
			any++;
			if (v * (1 - b) < lo)
				lo = v * (1 - b);
			if (v * (1 + b) > hi)
				hi = v * (1 + b);
		}
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot\" id=\"%s\" width=\"%d\" "
		"height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", id, PW, PH, PW, PH);
	html_text(f, title);
	fputs("\">\n", f);
	fprintf(f, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n", PW, PH);
	fprintf(f, "<text x=\"%d\" y=\"18\" class=\"pt\">", PL);
	html_text(f, title);
	fputs("</text>\n", f);
	if (!any) {
		fprintf(f, "<text x=\"%d\" y=\"%d\" class=\"na\">no data (a column is n/a)</text></svg>\n",
			PL + 20, PH / 2);
		return;
	}
	pad = (hi - lo) * 0.12;
	if (pad < hi * 0.01)
		pad = hi * 0.01;
	lo -= pad;
	hi += pad;
	step = nice_step(hi - lo);
	lo = p_floor(lo / step) * step;
	hi = p_ceil(hi / step) * step;
	if (lo < 0)
		lo = 0;
#define SX(i) (npts == 1 ? (PL + (PW - PL - PR) / 2.0) : PL + 20 + (double)(i) * (PW - PL - PR - 40) / (npts - 1))
#define SY(v) (PT + (hi - (v)) * (PH - PT - PB) / (hi - lo))
	/* Axes and grid. */
	for (y = lo; y <= hi + step / 1000; y += step) {
		fprintf(f, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>"
			"<text x=\"%d\" y=\"%.1f\" class=\"yl\">%.*f</text>\n", PL, PW - PR, SY(y), SY(y),
			PL - 6, SY(y) + 4, step < 0.1 ? 2 : step < 1 ? 1 : 0, y);
	}
	if (lo < 1 && hi > 1)
		fprintf(f, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"one\"/>\n",
			PL, PW - PR, SY(1.0), SY(1.0));
	fprintf(f, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" class=\"axis\"/>\n", PL, PW - PR,
		PH - PB, PH - PB);
	every = npts > 10 ? (npts + 9) / 10 : 1;
	for (i = 0; i < npts && i < 256; i++) {
		px[i] = SX(i);
		if (i % every && i != npts - 1)
			continue;
		fprintf(f, "<text x=\"%.1f\" y=\"%d\" class=\"xl\">#%d</text>"
			"<text x=\"%.1f\" y=\"%d\" class=\"xl\">", px[i], PH - PB + 15, i + 1, px[i],
			PH - PB + 28);
		html_text(f, xlabels[i]);
		fputs("</text>\n", f);
	}
	/* Lines, error bars (the record's noise band), points, flags. */
	for (l = 0; l < nl; l++) {
		const struct plot_line *pl = &lines[l];
		bool open = false;

		for (i = 0; i < npts && i < 256; i++) {
			if (isnan(pl->v[i]))
				continue;
			if (!open)
				fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"",
					pl->color, pl->dashed ? " stroke-dasharray=\"6 4\"" : "");
			fprintf(f, "%s%.1f,%.1f", open ? " " : "", px[i], SY(pl->v[i]));
			open = true;
		}
		if (open)
			fputs("\"/>\n", f);
		for (i = 0; i < npts && i < 256; i++) {
			double v = pl->v[i], b = pl->band[i] / 2;

			if (isnan(v))
				continue;
			if (b > 0)
				fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
					"stroke-width=\"1.5\"/>\n", px[i], px[i], SY(v * (1 - b)), SY(v * (1 + b)),
					pl->color);
			fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>",
				px[i], SY(v), pl->color);
			html_text(f, pl->label);
			fprintf(f, " #%d: %.3f</title></circle>\n", i + 1, v);
			if (pl->flag[i]) {
				bool right = px[i] > PW / 2;

				fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"9\" class=\"flag\"/>"
					"<text x=\"%.1f\" y=\"%.1f\" class=\"flagt\" text-anchor=\"%s\">"
					"regression</text>\n", px[i], SY(v), px[i] + (right ? -12 : 12),
					SY(v) - 10, right ? "end" : "start");
			}
		}
	}
	/* Legend under the axis labels. */
	{
		double x = PL;

		for (l = 0; l < nl; l++) {
			fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" "
				"stroke-width=\"3\"%s/><text x=\"%.1f\" y=\"%d\" class=\"lg\">", x, x + 18,
				PH - 13, PH - 13, lines[l].color,
				lines[l].dashed ? " stroke-dasharray=\"6 4\"" : "", x + 22, PH - 9);
			html_text(f, lines[l].label);
			fputs("</text>\n", f);
			x += 30 + 6.6 * (double)strlen(lines[l].label);
		}
	}
	fputs("</svg>\n", f);
#undef SX
#undef SY
}

static void group_plot(FILE *f, const struct rgroup *g, int m, bool base, const char *gid)
{
	struct plot_line lines[4];
	int nl = 0, k, i, n = g->n > 256 ? 256 : g->n;
	const struct rgroup *gg = g;
	int first = g->n - n;
	static double v[4][256], band[4][256];
	static bool flag[4][256];
	char (*xl)[32] = xmalloc((size_t)n * sizeof(*xl));
	char title[160], tl[32], id[120];
	const int kasan_ks[] = { R_UP_X_KASAN, R_SERIES_X_KASAN, R_SERIES_X_UP };
	const int base_ks[] = { R_KASAN_X_BASE, R_UP_X_BASE, R_SERIES_X_BASE };
	const int *ks = base ? base_ks : kasan_ks;

	for (i = 0; i < n; i++)
		short_date(xl[i], sizeof(xl[i]), gg->recs[first + i]->date);
	for (k = 0; k < 3; k++) {
		int r = ks[k];

		for (i = 0; i < n; i++) {
			const struct rpoint *pt = &g->pts[first + i][m][r];

			v[nl][i] = pt->value;
			band[nl][i] = pt->band;
			flag[nl][i] = pt->flagged;
		}
		lines[nl].label = rratio_name[r];
		lines[nl].color = rratio_color[r];
		lines[nl].v = v[nl];
		lines[nl].band = band[nl];
		lines[nl].flag = flag[nl];
		lines[nl].dashed = r == R_SERIES_X_UP;
		nl++;
	}
	snprintf(title, sizeof(title), "%s, %s: %s", g->arch,
		 threads_label(g->recs[g->n - 1], m, tl, sizeof(tl)),
		 base ? "total x no KASAN" : "total x KASAN, series / upstream");
	snprintf(id, sizeof(id), "plot-%s-%s-%s", gid, pmode_name[m], base ? "base" : "kasan");
	svg_plot(f, title, id, n, xl, lines, nl);
	free(xl);
}

static void html_ratio(FILE *f, double q, bool flagged)
{
	if (isnan(q))
		fputs("<td class=\"na\">n/a</td>", f);
	else if (flagged)
		fprintf(f, "<td class=\"bad\">%.3f &#9888;</td>", q);
	else
		fprintf(f, "<td>%.3f</td>", q);
}

/* tp: the per-test points of r (tpts[i][m]), flagged cells get a mark. */
static void html_latest_table(FILE *f, const struct prec *r, int m, const struct rpoint *tp)
{
	const struct pmode_data *md = &r->mode[m];
	char b[48], tl[32];
	int i, c, k;
	static const int table_ratios[] = { R_KASAN_X_BASE, R_UP_X_BASE, R_SERIES_X_BASE,
					    R_UP_X_KASAN, R_SERIES_X_KASAN, R_SERIES_X_UP };

	fprintf(f, "<table class=\"latest\" id=\"latest-%s-%s\"><caption>%s, %s, clock %s (%s), %ld loops, "
		"median of %ld rounds: test_vmalloc avg usec (spread)</caption>\n<tr><th>test</th>",
		r->arch, pmode_name[m], r->arch, threads_label(r, m, tl, sizeof(tl)), r->clock,
		!strcmp(r->accel, "kvm") ? "QEMU KVM" : "QEMU TCG", r->loops, r->rounds);
	for (c = 0; c < P_NCOL; c++) {
		fputs("<th>", f);
		html_text(f, pcol_title[c]);
		fputs("</th>", f);
	}
	for (k = 0; k < 6; k++)
		fprintf(f, "<th>%s</th>", rratio_name[table_ratios[k]]);
	fputs("</tr>\n", f);
	for (i = 0; i < md->ntests; i++) {
		const struct ptest *t = &md->tests[i];
		bool total = !strcmp(t->name, PERF_TOTAL), excl = !strcmp(t->name, PERF_EXCLUDED);

		fprintf(f, "<tr%s><td class=\"tn%s\">", total ? " class=\"total\"" : excl ? " class=\"excl\"" : "",
			tp[i].flagged ? " bad" : "");
		html_text(f, total ? "total (timed tests)" : t->name);
		if (excl)
			fputs(" &#185;", f);
		if (tp[i].flagged)
			fputs(" &#9888;", f);
		fputs("</td>", f);
		for (c = 0; c < P_NCOL; c++) {
			const struct pstat *s = &t->col[c];

			if (!s->have) {
				fputs("<td class=\"na\">n/a</td>", f);
				continue;
			}
			fmt_usec(b, sizeof(b), s->median);
			fprintf(f, "<td>%s <span class=\"sp\">(%.1f%%)</span></td>", b, pstat_rel(s) * 100);
		}
		for (k = 0; k < 6; k++) {
			int q = table_ratios[k];

			html_ratio(f, pratio(&t->col[ratio_cols[q][0]], &t->col[ratio_cols[q][1]]),
				   q == REPORT_TEST_RATIO && tp[i].flagged);
		}
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

static const char css[] =
	"body{font:14px/1.45 'DejaVu Sans',Arial,sans-serif;color:#222;margin:24px;max-width:1180px}"
	"h1{font-size:24px;margin:0 0 6px}h2{font-size:20px;margin:28px 0 6px;border-bottom:2px solid #ccc}"
	"h3{font-size:16px;margin:18px 0 6px}"
	".rule{background:#f4f6f8;border-left:4px solid #7a8da0;padding:8px 12px;margin:10px 0}"
	".ok{color:#1d6b2e;font-weight:bold}.badge-bad,.bad{color:#b00000;font-weight:bold}"
	".status{padding:6px 10px;border-radius:4px;margin:8px 0}"
	".status.ok{background:#e6f4ea}.status.bad{background:#fde7e7}"
	".plots{display:flex;flex-wrap:wrap;gap:10px}"
	"svg.plot{border:1px solid #ddd;background:#fff}"
	".pt{font-size:13px;font-weight:bold;fill:#222}.yl{font-size:11px;text-anchor:end;fill:#444}"
	".xl{font-size:10px;text-anchor:middle;fill:#444}.lg{font-size:11px;fill:#222}"
	".grid{stroke:#e5e5e5}.axis{stroke:#888}.one{stroke:#999;stroke-dasharray:3 3}"
	".flag{fill:none;stroke:#d00000;stroke-width:2.5}.flagt{font-size:11px;fill:#d00000;font-weight:bold}"
	".na{color:#999;fill:#999}"
	"table{border-collapse:collapse;margin:8px 0 14px;font-size:12.5px}"
	"td,th{border:1px solid #d5d5d5;padding:3px 5px;text-align:right}"
	"table.latest td{white-space:nowrap}table.latest{font-size:12px}table.history td:nth-child(2){white-space:nowrap}"
	"th{background:#f0f0f0}td.tn,th:first-child{text-align:left}"
	"tr.total td{font-weight:bold;background:#fafafa}tr.excl td{color:#888;font-style:italic}"
	"caption{text-align:left;font-weight:bold;padding:4px 0}.sp{color:#888;font-size:11px}"
	"nav a{margin-right:14px}code{background:#f4f4f4;padding:0 3px}";

static void html_rule(FILE *f)
{
	fprintf(f, "<div class=\"rule\"><b>Regression rule.</b> Per arch, clock and loop count, for each "
		"mode (1 thread, N threads) and ratio of the <i>totals</i> (upstream x KASAN, series x KASAN, "
		"series x upstream, upstream x base, series x base): a record's noise band is "
		"u = spread(numerator) + spread(denominator), spread = (max &#8722; min) / median over its "
		"rounds. The ratio is flagged <span class=\"bad\">regression</span> when it got larger than in "
		"the previous comparable record (same loops and threads) by more than "
		"max(%.0f%%, u<sub>previous</sub> + u<sub>this</sub>): twice the change at which the two "
		"records' ranges stop overlapping, and at least %.0f%%, because two or three rounds "
		"under-estimate the noise (icount repeats within about 1&#8211;2%%; N-thread figures far "
		"less). KASAN x base is plotted, never flagged. "
		"Error bars: the record's band u.<br/><b>Per test.</b> Every timed test's own "
		"%s ratio is flagged by the same rule on its own figures: u = spread(series) + "
		"spread(upstream) of that test, band max(%.0f%%, u<sub>previous</sub> + u<sub>this</sub>). "
		"Its own spreads, because one test's rounds spread several times more than the total's "
		"(the total sums seven tests, whose jitter partly cancels): the total's band would flag "
		"N-thread noise, while a test that got slower alone can hide inside the total's band. "
		"The floor is higher than the total's because seven tests per mode are compared at "
		"once. The flag names the test, its previous and new ratio and the band; the latest "
		"run's table marks the test &#9888;.</div>\n", REPORT_FLOOR * 100, REPORT_FLOOR * 100,
		rratio_name[REPORT_TEST_RATIO], REPORT_TEST_FLOOR * 100);
}

static void group_id(char *buf, size_t len, const struct rgroup *g)
{
	size_t i;

	snprintf(buf, len, "%s-%s", g->arch, g->clock);
	for (i = 0; buf[i]; i++)
		if (!((buf[i] >= 'a' && buf[i] <= 'z') || (buf[i] >= 'A' && buf[i] <= 'Z') ||
		      (buf[i] >= '0' && buf[i] <= '9') || buf[i] == '-' || buf[i] == '_'))
			buf[i] = '_';
}

void report_html(FILE *f, const struct history *h, const char *generated)
{
	int g, i, m, k;

	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>"
	      "<title>vmshadow performance report</title>\n<style>", f);
	fputs(css, f);
	fputs("</style></head>\n<body>\n<h1>vmshadow performance report</h1>\n<p>", f);
	fprintf(f, "Generated %s from <code>", generated);
	html_text(f, h->path);
	fprintf(f, "</code>: %d record%s", h->nrecs, h->nrecs == 1 ? "" : "s");
	if (h->nbad)
		fprintf(f, ", <span class=\"bad\">%d unreadable line%s skipped</span>", h->nbad,
			h->nbad == 1 ? "" : "s");
	fputs(". lib/test_vmalloc (<code>make perf</code>, PLAN=perf) in QEMU; figures are test_vmalloc's "
	      "avg usec in guest time (clock icount: guest time counts instructions), totals over the timed "
	      "tests. Columns: no KASAN, KASAN without vmalloc shadow, KASAN_VMALLOC upstream, "
	      "KASAN_VMALLOC with the vmshadow series. With N threads the guest CPUs take turns on one "
	      "host thread (TCG under icount), so lock contention costs whole time slices: those "
	      "figures spread far more than the 1-thread ones.</p>\n", f);
	html_rule(f);
	if (!h->nrecs)
		fputs("<p>No perf records yet: run <code>make perf</code>.</p>\n", f);
	if (h->ngroups) {
		fputs("<nav>", f);
		for (g = 0; g < h->ngroups; g++) {
			char id[100];

			group_id(id, sizeof(id), &h->groups[g]);
			fprintf(f, "<a href=\"#%s\">%s (%s)%s</a>", id, h->groups[g].arch, h->groups[g].clock,
				rgroup_latest_flagged(&h->groups[g]) ? " <span class=\"bad\">&#9888; regression</span>" : "");
		}
		fputs("</nav>\n", f);
	}
	for (g = 0; g < h->ngroups; g++) {
		const struct rgroup *gr = &h->groups[g];
		const struct prec *last = gr->recs[gr->n - 1];
		char id[100], v[300], tl[32];
		struct strbuf b;

		group_id(id, sizeof(id), gr);
		fprintf(f, "<section class=\"arch\" id=\"%s\">\n<h2>", id);
		html_text(f, gr->arch);
		fputs(" &#8212; clock ", f);
		html_text(f, gr->clock);
		fprintf(f, " (%s)</h2>\n", !strcmp(last->accel, "kvm") ? "QEMU KVM" : "QEMU TCG");
		sb_init(&b, 4000);
		if (rgroup_latest_flagged(gr)) {
			flag_text(&b, gr, gr->n - 1, true);
			fprintf(f, "<p class=\"status bad\">Latest record (%s): REGRESSION: %s</p>\n", last->date, b.s);
		} else {
			fprintf(f, "<p class=\"status ok\">Latest record (%s): no regression against %s.</p>\n",
				last->date, gr->n > 1 ? "the previous one" : "anything (first record)");
		}
		sb_free(&b);
		prec_verdict(last, v, sizeof(v));
		fputs("<p><b>", f);
		html_text(f, v);
		fputs("</b></p>\n<div class=\"plots\">\n", f);
		for (m = 0; m < M_NMODES; m++)
			group_plot(f, gr, m, false, id);
		for (m = 0; m < M_NMODES; m++)
			group_plot(f, gr, m, true, id);
		fputs("</div>\n<h3>Ratios of the totals over time</h3>\n", f);
		fprintf(f, "<table class=\"history\" id=\"history-%s\">\n<tr><th>#</th><th>date</th>"
			"<th>project</th><th>series</th><th>Linux</th><th>loops &#215; rounds</th>", id);
		for (m = 0; m < M_NMODES; m++)
			for (k = 0; k < 3; k++)
				fprintf(f, "<th>%s<br/>%s</th>", rratio_name[k],
					threads_label(last, m, tl, sizeof(tl)));
		fputs("<th>flags</th></tr>\n", f);
		for (i = 0; i < gr->n; i++) {
			const struct prec *r = gr->recs[i];

			fprintf(f, "<tr><td>%d</td><td>", i + 1);
			html_text(f, r->date);
			fputs("</td><td>", f);
			html_text(f, r->project_commit);
			fputs("</td><td>", f);
			html_text(f, r->series_commit);
			fputs("</td><td>", f);
			html_text(f, r->base_version);
			fprintf(f, "</td><td>%ld &#215; %ld</td>", r->loops, r->rounds);
			for (m = 0; m < M_NMODES; m++)
				for (k = 0; k < 3; k++)
					html_ratio(f, gr->pts[i][m][k].value, gr->pts[i][m][k].flagged);
			if (point_flagged(gr, i)) {
				sb_init(&b, 4000);
				flag_short(&b, gr, i);
				fprintf(f, "<td class=\"bad\" style=\"text-align:left\">REGRESSION: %s</td>", b.s);
				sb_free(&b);
			} else {
				fputs("<td class=\"ok\" style=\"text-align:left\">ok</td>", f);
			}
			fputs("</tr>\n", f);
		}
		fputs("</table>\n<h3>Latest run</h3>\n<p>", f);
		fprintf(f, "%s &#183; Linux %s &#183; upstream %s &#183; series %s &#183; project %s "
			"&#183; ", last->date, last->base_version, last->upstream_commit,
			last->series_commit, last->project_commit);
		html_text(f, last->qemu);
		fputs(" &#183; host ", f);
		html_text(f, last->host_cpu);
		if (last->dir[0]) {
			fputs(" &#183; runs in <code>", f);
			html_text(f, last->dir);
			fputs("</code>", f);
		}
		fputs("</p>\n", f);
		for (m = 0; m < M_NMODES; m++)
			if (last->mode[m].ntests)
				html_latest_table(f, last, m, gr->tpts[gr->n - 1][m]);
		fprintf(f, "<p class=\"na\">&#185; %s fails by design after one loop: shown, not in the "
			"total. Spread: (max &#8722; min) / median over the rounds.", PERF_EXCLUDED);
		for (k = 0; k < P_NCOL; k++)
			if (last->na[k][0]) {
				fprintf(f, " n/a %s: ", pcol_name[k]);
				html_text(f, last->na[k]);
				fputs(".", f);
			}
		if (last->notes[0]) {
			fputs(" Notes: ", f);
			html_text(f, last->notes);
		}
		fputs("</p>\n</section>\n", f);
	}
	fputs("</body></html>\n", f);
}

/* ---- Markdown ---- */

static void md_ratio(FILE *f, const struct rpoint *pt)
{
	if (isnan(pt->value))
		fputs(" n/a |", f);
	else
		fprintf(f, " %.3f%s |", pt->value, pt->flagged ? " **⚠**" : "");
}

void report_md(FILE *f, const struct history *h, const char *generated)
{
	int g, i, m, k;

	fprintf(f, "# vmshadow performance report\n\nGenerated %s from `%s`: %d records.\n\n",
		generated, h->path, h->nrecs);
	fprintf(f, "Regression rule: a ratio of the totals is flagged when it got larger than in the "
		"previous record of the same arch, clock, loops and threads by more than "
		"max(%.0f%%, u_prev + u_this), u = spread(numerator) + spread(denominator), "
		"spread = (max - min) / median over the rounds. KASAN x base is never flagged. "
		"Per test: every timed test's own %s ratio is flagged the same way on its own "
		"figures, band max(%.0f%%, u_prev + u_this), u = spread(series) + spread(upstream) of "
		"that test (a test spreads several times more than the total, and a test that got "
		"slower alone can hide inside the total's band); the flag names the test, its "
		"previous and new ratio and the band.\n\n",
		REPORT_FLOOR * 100, rratio_name[REPORT_TEST_RATIO], REPORT_TEST_FLOOR * 100);
	for (g = 0; g < h->ngroups; g++) {
		const struct rgroup *gr = &h->groups[g];
		const struct prec *last = gr->recs[gr->n - 1];
		char tl[32];
		struct strbuf b;

		fprintf(f, "## %s, clock %s\n\n", gr->arch, gr->clock);
		sb_init(&b, 4000);
		if (rgroup_latest_flagged(gr)) {
			flag_text(&b, gr, gr->n - 1, false);
			fprintf(f, "**Latest record: REGRESSION: %s**\n\n", b.s);
		} else {
			fputs("Latest record: no regression.\n\n", f);
		}
		sb_free(&b);
		fputs("| # | date | series | loops x rounds |", f);
		for (m = 0; m < M_NMODES; m++)
			for (k = 0; k < 3; k++)
				fprintf(f, " %s (%s) |", rratio_name[k], threads_label(last, m, tl, sizeof(tl)));
		fputs(" flags |\n|--:|---|---|--:|", f);
		for (k = 0; k < 6; k++)
			fputs("--:|", f);
		fputs("---|\n", f);
		for (i = 0; i < gr->n; i++) {
			const struct prec *r = gr->recs[i];

			fprintf(f, "| %d | %s | %s | %ld x %ld |", i + 1, r->date, r->series_commit,
				r->loops, r->rounds);
			for (m = 0; m < M_NMODES; m++)
				for (k = 0; k < 3; k++)
					md_ratio(f, &gr->pts[i][m][k]);
			sb_init(&b, 4000);
			flag_short(&b, gr, i);
			fprintf(f, " %s |\n", b.len ? b.s : "ok");
			sb_free(&b);
		}
		fputs("\n### Latest run\n\n", f);
		prec_write_md(f, last, 4);
	}
}

void report_doc(FILE *f, const struct history *h, const char *generated)
{
	int g;

	char cwd[1024];
	const char *path = h->path, *rel;

	/* The page is committed: no absolute path of this machine in it. */
	if (getcwd(cwd, sizeof(cwd)) && (rel = after(path, cwd)) && *rel == '/')
		path = rel + 1;
	fputs("# Performance\n\n", f);
	fprintf(f, "<!-- Generated by `make perf-doc` (vmshadow report --doc) from %s on %s."
		" Do not edit: run `make perf` and `make perf-doc` again. -->\n\n", path, generated);
	fputs("The table of the original KASAN_VMALLOC series (x86 VM, test_vmalloc.sh), per arch"
	      " and with one more column, our series: lib/test_vmalloc run by `make perf`"
	      " (`ci/perf.sh`) on four kernels — no KASAN, KASAN without vmalloc shadow (the"
	      " shadow of vmalloc space is the shared early page), KASAN_VMALLOC on Linux as"
	      " Debian ships it (upstream), and KASAN_VMALLOC with the vmshadow series — booted in"
	      " QEMU in interleaved rounds. The seed measured, for comparison, in cycles on x86:"
	      " fix_size_alloc_test 662004 / 11404956 / 19144610 (17.23x and 28.92x over baseline,"
	      " 1.68x over KASAN); in total 6.40x and 11.66x over baseline, 1.82x over KASAN, and"
	      " 2.18x over KASAN with 2 CPUs at once.\n\n", f);
	fprintf(f, "How to read it: `make perf-report` renders the whole history with regression"
		" flags (out/report/index.html): on the ratios of the totals, and on every timed"
		" test's own %s, each against a noise band from its own spreads (twice the change"
		" at which two records' ranges over the rounds stop overlapping; at least %.0f%% for"
		" a total, %.0f%% for a test, whose rounds spread more), so that one test that gets"
		" much slower is flagged even when the total moves inside its band. ",
		rratio_name[REPORT_TEST_RATIO], REPORT_FLOOR * 100, REPORT_TEST_FLOOR * 100);
	fputs("Every table names its clock: icount is QEMU TCG with"
	      " `-icount shift=0,sleep=off`, where guest time counts instructions, so figures repeat"
	      " within about 1-2% whatever the host does, but they are not the time a real CPU would"
	      " take. With N threads the guest's CPUs take turns on one host thread (TCG under"
	      " icount): a worker's per-test figure also counts what the other workers ran in the"
	      " meantime, so it swings with how their tests overlap (one worker's"
	      " fix_size_alloc_test took 10x the other's in most rounds of both kernels), and a"
	      " lock holder switched out in its critical section leaves its waiter spinning for a"
	      " time slice. N-thread cells spread far more (often 10-25% on the total, several"
	      " times that per test) and the regression band widens with them; the step row"
	      " (the slowest worker's elapsed cycles) does not depend on the overlap. Read the"
	      " 1-thread table for the cost of the code.\n\n", f);
	if (!h->ngroups)
		fputs("No perf records yet: run `make perf`.\n", f);
	for (g = 0; g < h->ngroups; g++) {
		const struct rgroup *gr = &h->groups[g];

		prec_write_md(f, gr->recs[gr->n - 1], 2);
	}
}

/* ---- the command ---- */

static const char report_usage[] =
	"usage: vmshadow report HISTORY... [--html index.html] [--md report.md]\n"
	"                       [--doc performance.md] [--history-out FILE]\n"
	"                       [--date D] [--fail-on-regression]\n"
	"\n"
	"HISTORY: history.jsonl (make perf appends to it); several are read as one,\n"
	"a record found in more than one counted once. --history-out: write that\n"
	"merged history (the records, one line each, in the order read). Writes the outputs asked\n"
	"for (atomically, creating folders) and prints one line per arch and clock.\n"
	"--fail-on-regression: exit 1 when a latest record is flagged (a ratio of\n"
	"the totals or a test's series x upstream). Exit 2 on usage or I/O errors.\n";

static void report_usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "vmshadow: %s%s%s\n", msg, arg ? " " : "", arg ? arg : "");
	fputs(report_usage, stderr);
	exit(2);
}

struct report_ctx {
	const struct history *h;
	const char *generated;
};

static void w_html(FILE *f, const void *arg)
{
	const struct report_ctx *c = arg;

	report_html(f, c->h, c->generated);
}

static void w_md(FILE *f, const void *arg)
{
	const struct report_ctx *c = arg;

	report_md(f, c->h, c->generated);
}

static void w_doc(FILE *f, const void *arg)
{
	const struct report_ctx *c = arg;

	report_doc(f, c->h, c->generated);
}

static void w_history(FILE *f, const void *arg)
{
	history_write(f, arg);
}

static void report_missing_value(const char *name)
{
	report_usage_error("option needs a value:", name);
}

static const char *ropt(int argc, char **argv, int *i, const char *name)
{
	return opt_value(argc, argv, i, name, report_missing_value);
}

int cmd_report(int argc, char **argv)
{
	const char *html = NULL, *md = NULL, *doc = NULL, *date = NULL, *hout = NULL, *v;
	const char *hists[argc];	/* the HISTORY arguments: fewer than argc */
	int nhists = 0;
	bool fail_on_reg = false;
	struct report_ctx ctx;
	struct history h;
	char gen[40];
	int i, g, ret = 0;

	for (i = 2; i < argc; i++) {
		const char *a = argv[i];

		if ((v = ropt(argc, argv, &i, "--html")))
			html = v;
		else if ((v = ropt(argc, argv, &i, "--md")))
			md = v;
		else if ((v = ropt(argc, argv, &i, "--doc")))
			doc = v;
		else if ((v = ropt(argc, argv, &i, "--date")))
			date = v;
		else if ((v = ropt(argc, argv, &i, "--history-out")))
			hout = v;
		else if (!strcmp(a, "--fail-on-regression"))
			fail_on_reg = true;
		else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(report_usage, stdout);
			return 0;
		} else if (a[0] == '-' && a[1])
			report_usage_error("unknown option", a);
		else
			hists[nhists++] = a;
	}
	if (!nhists)
		report_usage_error("report needs a HISTORY file", NULL);
	if ((html && !*html) || (md && !*md) || (doc && !*doc) || (hout && !*hout))
		report_usage_error("empty output file name", NULL);
	if (date) {
		str_copy(gen, sizeof(gen), date, (size_t)-1);
	} else {
		time_t t = time(NULL);
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(gen, sizeof(gen), "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	if (history_read_all(&h, hists, nhists)) {
		history_free(&h);
		return 2;
	}
	history_analyze(&h);
	ctx.h = &h;
	ctx.generated = gen;
	if ((html && write_file_atomic(html, w_html, &ctx, WF_MKDIRS)) ||
	    (md && write_file_atomic(md, w_md, &ctx, WF_MKDIRS)) ||
	    (doc && write_file_atomic(doc, w_doc, &ctx, WF_MKDIRS)) ||
	    (hout && write_file_atomic(hout, w_history, &h, WF_MKDIRS)))
		ret = 2;
	report_text(stdout, &h);
	if (!ret && fail_on_reg)
		for (g = 0; g < h.ngroups; g++)
			if (rgroup_latest_flagged(&h.groups[g]))
				ret = 1;
	history_free(&h);
	return ret;
}
