// SPDX-License-Identifier: GPL-2.0
/*
 * vmshadow report: the perf history (history.c reads and judges it) over
 * time, as static HTML with inline SVG, Markdown, and the
 * docs/performance.md page, and the command.
 */
#include "report.h"

#include <errno.h>
#include "pmath.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"
#include "util.h"

static const char *const rratio_color[R_NRATIOS] = {
	"#1f5fa8", "#218a3a", "#8a3fb0", "#1f5fa8", "#218a3a", "#888888",
};

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

			html_ratio(f, pratio(&t->col[rratio_cols[q][0]], &t->col[rratio_cols[q][1]]),
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
			if (rgroup_flagged(gr, i)) {
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
	const char *path = h->path;
	struct strbuf names;
	size_t cwdlen = 0;

	/* The page is committed: no absolute path of this machine in it. */
	if (getcwd(cwd, sizeof(cwd)))
		cwdlen = strlen(cwd);
	sb_init(&names, 1024);
	while (*path) {
		const char *sep = strstr(path, " + ");
		size_t n = sep ? (size_t)(sep - path) : strlen(path);

		if (cwdlen && n > cwdlen && !strncmp(path, cwd, cwdlen) && path[cwdlen] == '/') {
			path += cwdlen + 1;
			n -= cwdlen + 1;
		}
		sb_addn(&names, path, n);
		path += n;
		if (sep) {
			sb_add(&names, " + ");
			path += 3;
		}
	}
	path = names.s ? names.s : "";
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
	sb_free(&names);
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
	usage_fail(report_usage, "option needs a value: %s", name);
}

static const char *ropt(int argc, char **argv, int *i, const char *name)
{
	return opt_value(argc, argv, i, name, report_missing_value);
}

int cmd_report(int argc, char **argv)
{
	const char *html = NULL, *md = NULL, *doc = NULL, *date = NULL, *hout = NULL, *v;
	const char **hists = xmalloc((size_t)argc * sizeof(*hists));	/* fewer than argc */
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
			usage_fail(report_usage, "unknown option %s", a);
		else
			hists[nhists++] = a;
	}
	if (!nhists)
		usage_fail(report_usage, "report needs a HISTORY file");
	if ((html && !*html) || (md && !*md) || (doc && !*doc) || (hout && !*hout))
		usage_fail(report_usage, "empty output file name");
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
		free(hists);
		return 2;
	}
	free(hists);
	/*
	 * The doc page and the merged history are committed: never replace
	 * them with nothing because the histories were missing or unreadable.
	 */
	if ((doc || hout) && !h.nrecs) {
		fprintf(stderr, "vmshadow: no perf record in %s: %s not written\n", h.path,
			doc ? doc : hout);
		history_free(&h);
		return 1;
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
