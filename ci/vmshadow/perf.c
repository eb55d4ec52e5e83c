// SPDX-License-Identifier: GPL-2.0
/*
 * vmshadow perf: aggregate perf-plan runs into the seed's table (see
 * perf.h), write perf.json, perf.md and one history.jsonl record.
 */
#include "perf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include "pmath.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"
#include "json.h"
#include "util.h"

const char *const pcol_name[P_NCOL] = { "nokasan", "kasan", "upstream", "series" };
const char *const pcol_title[P_NCOL] = {
	"no KASAN", "KASAN (no vmalloc shadow)", "KASAN_VMALLOC upstream", "KASAN_VMALLOC series"
};
const char *const pmode_name[M_NMODES] = { "1", "N" };

double pstat_rel(const struct pstat *s)
{
	if (!s->have || s->median <= 0)
		return 0;
	return (s->max - s->min) / s->median;
}

double pratio(const struct pstat *a, const struct pstat *b)
{
	if (!a || !b || !a->have || !b->have || b->median <= 0)
		return NAN;
	return a->median / b->median;
}

const struct ptest *prec_test(const struct prec *r, enum pmode m, const char *name)
{
	int i;

	for (i = 0; i < r->mode[m].ntests; i++)
		if (!strcmp(r->mode[m].tests[i].name, name))
			return &r->mode[m].tests[i];
	return NULL;
}

/* Whether any column of a row has a figure. */
static bool row_have(const struct ptest *t)
{
	int c;

	for (c = 0; c < P_NCOL; c++)
		if (t->col[c].have)
			return true;
	return false;
}

void fmt_usec(char *buf, size_t len, double v)
{
	if (p_fabs(v - p_round(v)) < 1e-9)
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, "%.1f", v);
}

/* ---- JSON out ---- */

static void jnumber(FILE *f, double v, const char *fmt)
{
	if (isnan(v))
		fputs("null", f);
	else
		fprintf(f, fmt, v);
}

static void jusec(FILE *f, const struct pstat *s)
{
	char b[48];

	if (!s->have) {
		fputs("null", f);
		return;
	}
	fmt_usec(b, sizeof(b), s->median);
	fputs(b, f);
}

static void write_cell(FILE *f, const struct ptest *t, const char *ind)
{
	char b1[48], b2[48];
	int c;

	fputc('{', f);
	for (c = 0; c < P_NCOL; c++) {
		fprintf(f, "%s\"%s\": ", c ? ", " : "", pcol_name[c]);
		jusec(f, &t->col[c]);
	}
	fprintf(f, ",%s\"spread\": {", ind);
	for (c = 0; c < P_NCOL; c++) {
		const struct pstat *s = &t->col[c];

		fprintf(f, "%s\"%s\": ", c ? ", " : "", pcol_name[c]);
		if (!s->have) {
			fputs("null", f);
			continue;
		}
		fmt_usec(b1, sizeof(b1), s->min);
		fmt_usec(b2, sizeof(b2), s->max);
		fprintf(f, "{\"min\": %s, \"max\": %s, \"n\": %d, \"rel\": %.5f}",
			b1, b2, s->n, pstat_rel(s));
	}
	fprintf(f, "},%s\"ratios\": {", ind);
	fputs("\"kasan_x_base\": ", f);
	jnumber(f, pratio(&t->col[P_KASAN], &t->col[P_NOKASAN]), "%.4f");
	fputs(", \"upstream_x_base\": ", f);
	jnumber(f, pratio(&t->col[P_UPSTREAM], &t->col[P_NOKASAN]), "%.4f");
	fputs(", \"series_x_base\": ", f);
	jnumber(f, pratio(&t->col[P_SERIES], &t->col[P_NOKASAN]), "%.4f");
	fputs(", \"upstream_x_kasan\": ", f);
	jnumber(f, pratio(&t->col[P_UPSTREAM], &t->col[P_KASAN]), "%.4f");
	fputs(", \"series_x_kasan\": ", f);
	jnumber(f, pratio(&t->col[P_SERIES], &t->col[P_KASAN]), "%.4f");
	fputs(", \"series_x_upstream\": ", f);
	jnumber(f, pratio(&t->col[P_SERIES], &t->col[P_UPSTREAM]), "%.4f");
	fputs("}}", f);
}

static void jfield(FILE *f, const char *nl, const char *key, const char *val)
{
	fprintf(f, "%s\"%s\": ", nl, key);
	if (val && *val)
		json_put_string(f, val);
	else
		fputs("null", f);
}

void prec_write_json(FILE *f, const struct prec *r, bool pretty)
{
	const char *nl = pretty ? ",\n  " : ", ";
	char verdict[300];
	int m, i, c;

	fputs(pretty ? "{\n  \"schema\": 1" : "{\"schema\": 1", f);
	jfield(f, nl, "kind", "vmshadow-perf");
	jfield(f, nl, "date", r->date);
	jfield(f, nl, "arch", r->arch);
	jfield(f, nl, "clock", r->clock);
	jfield(f, nl, "accel", r->accel);
	jfield(f, nl, "base_version", r->base_version);
	jfield(f, nl, "series_commit", r->series_commit);
	jfield(f, nl, "upstream_commit", r->upstream_commit);
	jfield(f, nl, "project_commit", r->project_commit);
	jfield(f, nl, "qemu", r->qemu);
	jfield(f, nl, "host_cpu", r->host_cpu);
	jfield(f, nl, "dir", r->dir);
	fprintf(f, "%s\"loops\": %ld%s\"rounds\": %ld", nl, r->loops, nl, r->rounds);
	fprintf(f, "%s\"threads\": {\"1\": %d, \"N\": %d}", nl, r->mode[M_1].threads,
		r->mode[M_N].threads);
	fprintf(f, "%s\"runs\": {", nl);
	for (c = 0; c < P_NCOL; c++)
		fprintf(f, "%s\"%s\": %d", c ? ", " : "", pcol_name[c], r->runs[c]);
	fprintf(f, "}%s\"na\": {", nl);
	for (c = 0; c < P_NCOL; c++) {
		fprintf(f, "%s\"%s\": ", c ? ", " : "", pcol_name[c]);
		if (r->na[c][0])
			json_put_string(f, r->na[c]);
		else
			fputs("null", f);
	}
	fputc('}', f);
	fprintf(f, "%s\"excluded_from_total\": {\"%s\": \"fails by design after one loop (lib/test_vmalloc.c)\"}",
		nl, PERF_EXCLUDED);
	jfield(f, nl, "notes", r->notes);
	prec_verdict(r, verdict, sizeof(verdict));
	jfield(f, nl, "verdict", verdict);
	fprintf(f, "%s\"modes\": {", nl);
	for (m = 0; m < M_NMODES; m++) {
		const struct pmode_data *md = &r->mode[m];

		fprintf(f, "%s\"%s\": {", m ? (pretty ? ",\n    " : ", ") : (pretty ? "\n    " : ""),
			pmode_name[m]);
		for (i = 0; i < md->ntests; i++) {
			fprintf(f, "%s", i ? "," : "");
			fputs(pretty ? "\n      " : (i ? " " : ""), f);
			json_put_string(f, md->tests[i].name);
			fputs(": ", f);
			write_cell(f, &md->tests[i], pretty ? "\n        " : " ");
		}
		fputs(pretty && md->ntests ? "\n    }" : "}", f);
	}
	fputs(pretty ? "\n  }" : "}", f);
	fprintf(f, "%s\"step_cycles\": {", nl);
	for (m = 0; m < M_NMODES; m++) {
		fprintf(f, "%s\"%s\": ", m ? ", " : "", pmode_name[m]);
		if (row_have(&r->mode[m].step))
			write_cell(f, &r->mode[m].step, " ");
		else
			fputs("null", f);
	}
	fputs(pretty ? "}\n}\n" : "}}\n", f);
}

/* ---- JSON in ---- */

static void copy_str(char *dst, size_t cap, const struct jval *v)
{
	const char *s = jstr(v);

	str_copy(dst, cap, s ? s : "", (size_t)-1);
}

static bool read_stat(struct pstat *s, const struct jval *median, const struct jval *spread)
{
	double v;

	memset(s, 0, sizeof(*s));
	if (!median || median->type == J_NULL)
		return true;
	if (!jnum(median, &v))
		return false;
	s->have = true;
	s->median = v;
	s->min = jnum_or(jget(spread, "min"), v);
	s->max = jnum_or(jget(spread, "max"), v);
	s->n = (int)jnum_or(jget(spread, "n"), 1);
	return true;
}

/* "step_cycles" (optional: records before it have none). */
static bool read_step_cycles(struct prec *r, const struct jval *sc, char *err, size_t errlen)
{
	int m, c;

	for (m = 0; m < M_NMODES; m++) {
		struct ptest *t = &r->mode[m].step;
		const struct jval *x = jget(sc, pmode_name[m]);

		str_copy(t->name, sizeof(t->name), PERF_STEP, (size_t)-1);
		if (!x || x->type == J_NULL)
			continue;
		for (c = 0; c < P_NCOL; c++)
			if (!read_stat(&t->col[c], jget(x, pcol_name[c]),
				       jget(jget(x, "spread"), pcol_name[c]))) {
				snprintf(err, errlen, "record %s %s: step_cycles/%s/%s is not a number",
					 r->arch, r->date, pmode_name[m], pcol_name[c]);
				return false;
			}
	}
	return true;
}

bool prec_from_json(struct prec *r, const struct jval *v, char *err, size_t errlen)
{
	const struct jval *modes, *x;
	int m, c;
	size_t i;

	memset(r, 0, sizeof(*r));
	if (!v || v->type != J_OBJ) {
		snprintf(err, errlen, "a record is not a JSON object");
		return false;
	}
	if (!jstr(jget(v, "arch"))) {
		snprintf(err, errlen, "a record has no arch");
		return false;
	}
	copy_str(r->date, sizeof(r->date), jget(v, "date"));
	copy_str(r->arch, sizeof(r->arch), jget(v, "arch"));
	copy_str(r->clock, sizeof(r->clock), jget(v, "clock"));
	copy_str(r->accel, sizeof(r->accel), jget(v, "accel"));
	copy_str(r->base_version, sizeof(r->base_version), jget(v, "base_version"));
	copy_str(r->series_commit, sizeof(r->series_commit), jget(v, "series_commit"));
	copy_str(r->upstream_commit, sizeof(r->upstream_commit), jget(v, "upstream_commit"));
	copy_str(r->project_commit, sizeof(r->project_commit), jget(v, "project_commit"));
	copy_str(r->qemu, sizeof(r->qemu), jget(v, "qemu"));
	copy_str(r->host_cpu, sizeof(r->host_cpu), jget(v, "host_cpu"));
	copy_str(r->dir, sizeof(r->dir), jget(v, "dir"));
	copy_str(r->notes, sizeof(r->notes), jget(v, "notes"));
	r->loops = (long)jnum_or(jget(v, "loops"), 0);
	r->rounds = (long)jnum_or(jget(v, "rounds"), 0);
	for (c = 0; c < P_NCOL; c++) {
		r->runs[c] = (int)jnum_or(jget(jget(v, "runs"), pcol_name[c]), 0);
		copy_str(r->na[c], sizeof(r->na[c]), jget(jget(v, "na"), pcol_name[c]));
	}
	modes = jget(v, "modes");
	if (!modes || modes->type != J_OBJ) {
		snprintf(err, errlen, "record %s %s has no modes", r->arch, r->date);
		return false;
	}
	for (m = 0; m < M_NMODES; m++) {
		struct pmode_data *md = &r->mode[m];
		const struct jval *mv = jget(modes, pmode_name[m]);
		struct ptest total;
		bool have_total = false;

		md->threads = (int)jnum_or(jget(jget(v, "threads"), pmode_name[m]), m == M_1 ? 1 : 0);
		if (!mv)
			continue;
		if (mv->type != J_OBJ) {
			snprintf(err, errlen, "record %s %s: mode %s is not an object",
				 r->arch, r->date, pmode_name[m]);
			return false;
		}
		for (i = 0; i < mv->n; i++) {
			struct ptest t;

			memset(&t, 0, sizeof(t));
			str_copy(t.name, sizeof(t.name), mv->keys[i], (size_t)-1);
			x = &mv->items[i];
			for (c = 0; c < P_NCOL; c++) {
				if (!read_stat(&t.col[c], jget(x, pcol_name[c]),
					       jget(jget(x, "spread"), pcol_name[c]))) {
					snprintf(err, errlen, "record %s %s: %s/%s/%s is not a number",
						 r->arch, r->date, pmode_name[m], t.name, pcol_name[c]);
					return false;
				}
			}
			if (!strcmp(t.name, PERF_TOTAL)) {
				total = t;
				have_total = true;
			} else if (md->ntests < PERF_MAX_TESTS) {
				md->tests[md->ntests++] = t;
			}
		}
		if (!have_total) {
			memset(&total, 0, sizeof(total));
			str_copy(total.name, sizeof(total.name), PERF_TOTAL, (size_t)-1);
		}
		md->tests[md->ntests++] = total;
	}
	return read_step_cycles(r, jget(v, "step_cycles"), err, errlen);
}

/* ---- text ---- */

void prec_verdict(const struct prec *r, char *buf, size_t len)
{
	struct strbuf b;
	int m;

	sb_init(&b, 1000);
	sb_add(&b, "series vs upstream: total");
	for (m = 0; m < M_NMODES; m++) {
		const struct ptest *t = prec_test(r, (enum pmode)m, PERF_TOTAL);
		double q = t ? pratio(&t->col[P_SERIES], &t->col[P_UPSTREAM]) : NAN;
		int th = r->mode[m].threads;

		sb_add(&b, m ? ", " : " ");
		if (isnan(q))
			sb_add(&b, "n/a");
		else
			sb_addf(&b, "%+.1f%%", (q - 1) * 100);
		if (m == M_1 || th == 1)
			sb_addf(&b, " (%d thread", th ? th : 1);
		else if (th)
			sb_addf(&b, " (%d threads", th);
		else
			sb_add(&b, " (N threads");
		if (!isnan(q))
			sb_addf(&b, ", noise %.1f%%", (pstat_rel(&t->col[P_SERIES]) +
					      pstat_rel(&t->col[P_UPSTREAM])) * 100);
		sb_add(&b, ")");
	}
	str_copy(buf, len, b.s, (size_t)-1);
	sb_free(&b);
}

static const char *clock_label(const struct prec *r, char *buf, size_t len)
{
	const char *acc = !strcmp(r->accel, "kvm") ? "QEMU KVM" : "QEMU TCG";

	if (!strcmp(r->clock, "icount"))
		snprintf(buf, len, "clock icount (%s, -icount shift=0,sleep=off: guest time counts instructions)", acc);
	else if (!strcmp(r->clock, "host"))
		snprintf(buf, len, "clock host (%s, host wall time)", acc);
	else
		snprintf(buf, len, "clock %s (%s)", r->clock[0] ? r->clock : "unknown", acc);
	return buf;
}

static void md_cell(FILE *f, const struct pstat *s, bool na)
{
	char b[48];

	if (!s->have) {
		fputs(na ? " n/a |" : " — |", f);
		return;
	}
	fmt_usec(b, sizeof(b), s->median);
	if (s->n > 1)
		fprintf(f, " %s (%.1f%%) |", b, pstat_rel(s) * 100);
	else
		fprintf(f, " %s (1 run) |", b);
}

static void md_ratio(FILE *f, double q)
{
	if (isnan(q))
		fputs(" n/a |", f);
	else
		fprintf(f, " %.2fx |", q);
}

/* The six ratio cells of a row, and the end of the row. */
static void md_ratios(FILE *f, const struct ptest *t)
{
	md_ratio(f, pratio(&t->col[P_KASAN], &t->col[P_NOKASAN]));
	md_ratio(f, pratio(&t->col[P_UPSTREAM], &t->col[P_NOKASAN]));
	md_ratio(f, pratio(&t->col[P_SERIES], &t->col[P_NOKASAN]));
	md_ratio(f, pratio(&t->col[P_UPSTREAM], &t->col[P_KASAN]));
	md_ratio(f, pratio(&t->col[P_SERIES], &t->col[P_KASAN]));
	md_ratio(f, pratio(&t->col[P_SERIES], &t->col[P_UPSTREAM]));
	fputc('\n', f);
}

static void write_step_md(FILE *f, const struct prec *r, const struct ptest *t)
{
	int c;

	fputs("| step, slowest worker (cycles) ² |", f);
	for (c = 0; c < P_NCOL; c++)
		md_cell(f, &t->col[c], r->na[c][0]);
	md_ratios(f, t);
}

static void write_mode_md(FILE *f, const struct prec *r, enum pmode m, int hlevel)
{
	const struct pmode_data *md = &r->mode[m];
	char lab[200];
	int i, c, ntimed = 0;

	for (i = 0; i < md->ntests; i++)
		ntimed += strcmp(md->tests[i].name, PERF_TOTAL) && strcmp(md->tests[i].name, PERF_EXCLUDED);
	fprintf(f, "%.*s %s, %d thread%s\n\n", hlevel + 1, "######", r->arch,
		md->threads ? md->threads : 1, md->threads == 1 || !md->threads ? "" : "s");
	fprintf(f, "%s; %ld loops; median of %ld round%s, interleaved.\n\n",
		clock_label(r, lab, sizeof(lab)), r->loops, r->rounds, r->rounds == 1 ? "" : "s");
	fputs("| test |", f);
	for (c = 0; c < P_NCOL; c++)
		fprintf(f, " %s |", pcol_title[c]);
	fputs(" KASAN x base | upstream x base | series x base | upstream x KASAN |"
	      " series x KASAN | series x upstream |\n", f);
	fputs("|---|", f);
	for (c = 0; c < P_NCOL + 6; c++)
		fputs("--:|", f);
	fputc('\n', f);
	for (i = 0; i < md->ntests; i++) {
		const struct ptest *t = &md->tests[i];
		bool total = !strcmp(t->name, PERF_TOTAL), excl = !strcmp(t->name, PERF_EXCLUDED);

		if (total)
			fprintf(f, "| **total (%d timed tests)** |", ntimed);
		else if (excl)
			fprintf(f, "| *%s* ¹ |", t->name);
		else
			fprintf(f, "| %s |", t->name);
		for (c = 0; c < P_NCOL; c++)
			md_cell(f, &t->col[c], r->na[c][0]);
		md_ratios(f, t);
	}
	if (row_have(&md->step))
		write_step_md(f, r, &md->step);
	fputc('\n', f);
}

void prec_write_md(FILE *f, const struct prec *r, int hlevel)
{
	char verdict[300];
	int c, m;

	prec_verdict(r, verdict, sizeof(verdict));
	fprintf(f, "%.*s %s\n\n", hlevel, "######", r->arch);
	fprintf(f, "**%s**\n\n", verdict);
	fprintf(f, "%s · Linux %s · upstream %s · series %s · project %s · %s · host %s",
		r->date, r->base_version[0] ? r->base_version : "?",
		r->upstream_commit[0] ? r->upstream_commit : "?",
		r->series_commit[0] ? r->series_commit : "?",
		r->project_commit[0] ? r->project_commit : "?",
		r->qemu[0] ? r->qemu : "QEMU ?", r->host_cpu[0] ? r->host_cpu : "?");
	if (r->dir[0])
		fprintf(f, " · runs in `%s`", r->dir);
	fputs("\n\n", f);
	for (m = 0; m < M_NMODES; m++)
		if (r->mode[m].ntests)
			write_mode_md(f, r, (enum pmode)m, hlevel);
	fputs("Cells: median over the rounds of test_vmalloc's avg usec per test (in"
	      " brackets the spread, (max − min) / median); with N threads a round's"
	      " figure is the mean over the workers. total: per round the sum of the"
	      " timed tests, then the median. x base: / no KASAN; x KASAN: / KASAN"
	      " without vmalloc shadow; x upstream: series / upstream.\n", f);
	fprintf(f, "¹ %s fails by design after one loop (lib/test_vmalloc.c): shown, not in the total.\n",
		PERF_EXCLUDED);
	if (row_have(&r->mode[M_1].step) || row_have(&r->mode[M_N].step))
		fputs("² the whole step (all 8 tests) in get_cycles() units: per round the slowest"
		      " worker's \"All test took\" figure, then the median. With N threads under"
		      " icount the vCPUs take turns, so a worker's per-test figure also counts the"
		      " other workers' instructions meanwhile and swings with how their tests"
		      " overlap; this row does not.\n", f);
	for (c = 0; c < P_NCOL; c++)
		if (r->na[c][0])
			fprintf(f, "n/a %s: %s.\n", pcol_name[c], r->na[c]);
	if (r->notes[0])
		fprintf(f, "Notes: %s\n", r->notes);
	fputc('\n', f);
}

/* ---- aggregation ---- */

struct series_vals {
	double v[PERF_MAX_ROUNDS];
	int n;
};

struct agg {
	char names[M_NMODES][PERF_MAX_TESTS][80];
	int ntests[M_NMODES];
	struct series_vals vals[M_NMODES][PERF_MAX_TESTS + 1][P_NCOL];	/* + total */
	struct series_vals step[M_NMODES][P_NCOL];
	int threads[M_NMODES];
	char first_commit[P_NCOL][48];
	bool mixed_commit[P_NCOL];
	bool warned[8];
};

/*
 * The row of test NAME, by the name as stored (cut to the row's size), so
 * that a long name gets one row, never two with the same key in perf.json.
 * "total" is the totals' row, never a test's: -1, as when rows run out.
 */
static int test_index(struct agg *a, enum pmode m, const char *name)
{
	char key[sizeof(a->names[0][0])];
	int i;

	str_copy(key, sizeof(key), name, (size_t)-1);
	if (!strcmp(key, PERF_TOTAL))
		return -1;
	for (i = 0; i < a->ntests[m]; i++)
		if (!strcmp(a->names[m][i], key))
			return i;
	if (a->ntests[m] >= PERF_MAX_TESTS)
		return -1;
	memcpy(a->names[m][a->ntests[m]], key, sizeof(key));
	return a->ntests[m]++;
}

static void add_val(struct series_vals *s, double v)
{
	if (s->n < PERF_MAX_ROUNDS)
		s->v[s->n++] = v;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void summarize(struct pstat *st, const struct series_vals *s)
{
	double v[PERF_MAX_ROUNDS];

	memset(st, 0, sizeof(*st));
	if (!s->n)
		return;
	memcpy(v, s->v, sizeof(double) * (size_t)s->n);
	qsort(v, (size_t)s->n, sizeof(double), cmp_double);
	st->have = true;
	st->n = s->n;
	st->min = v[0];
	st->max = v[s->n - 1];
	st->median = s->n % 2 ? v[s->n / 2] : (v[s->n / 2 - 1] + v[s->n / 2]) / 2;
}

static void note_add(struct prec *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void note_add(struct prec *r, const char *fmt, ...)
{
	char tmp[400];
	size_t len = strlen(r->notes);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	snprintf(r->notes + len, sizeof(r->notes) - len, "%s%s", len ? "; " : "", tmp);
}

static const char *orq(const char *s)
{
	return s ? s : "?";
}

static int column_of(const char *variant, const char *tree)
{
	if (!variant || !tree)
		return -1;
	if (!strcmp(variant, "nokasan") && !strcmp(tree, "base"))
		return P_NOKASAN;
	if (!strcmp(variant, "kasan") && !strcmp(tree, "base"))
		return P_KASAN;
	if (!strcmp(variant, "kasan-vmalloc") && !strcmp(tree, "base"))
		return P_UPSTREAM;
	if (!strcmp(variant, "kasan-vmalloc") && !strcmp(tree, "series"))
		return P_SERIES;
	return -1;
}

static void set_meta(char *dst, size_t cap, const char *val, const char *what,
		     struct prec *r, bool *warned)
{
	if (!val || !*val)
		return;
	if (!dst[0]) {
		str_copy(dst, cap, val, (size_t)-1);
	} else if (strcmp(dst, val) && !*warned) {
		*warned = true;
		note_add(r, "runs differ in %s (%s, %s)", what, dst, val);
	}
}

struct perf_opts {
	const char *json, *md, *history, *date, *host_cpu, *project_commit, *dir, *arch;
	const char *na[P_NCOL];
};

/* One run folder: run.json + results.json. Returns -1 on a hard error. */
/*
 * The step's elapsed cycles: its slowest worker's. Only when every worker
 * that printed figures also printed its cycles; a partial set would
 * understate the step.
 */
static void add_step_cycles(struct agg *a, int m, int col, const struct jval *cyc,
			    const char *step, int workers)
{
	double c, max = 0;
	int n = 0;
	size_t i;

	if (!cyc || cyc->type != J_ARR)
		return;
	for (i = 0; i < cyc->n; i++) {
		const struct jval *e = &cyc->items[i];
		const char *s = jstr(jget(e, "step"));

		if (!s || strcmp(s, step) || !jnum(jget(e, "cycles"), &c))
			continue;
		n++;
		if (c > max)
			max = c;
	}
	if (n && n == workers)
		add_val(&a->step[m][col], max);
}

static int add_run(struct agg *a, struct prec *r, const char *dir, const struct perf_opts *o)
{
	char *path, err[300];
	struct jval *run, *res;
	const struct jval *tv;
	const char *verdict, *plan;
	bool *warned = a->warned;
	double loops;
	int col, m;
	size_t i;

	path = path_join(dir, "run.json");
	run = jread_file(path, err, sizeof(err));
	free(path);
	if (!run) {
		fprintf(stderr, "vmshadow: %s\n", err);
		return -1;
	}
	col = column_of(jstr(jget(run, "variant")), jstr(jget(run, "tree")));
	plan = jstr(jget(run, "plan"));
	if (col < 0 || !plan || strcmp(plan, "perf")) {
		note_add(r, "%s ignored (%s %s, plan %s)", dir, orq(jstr(jget(run, "variant"))),
			 orq(jstr(jget(run, "tree"))), plan ? plan : "?");
		jfree(run);
		return 0;
	}
	if (o->arch && jstr(jget(run, "arch")) && strcmp(o->arch, jstr(jget(run, "arch")))) {
		fprintf(stderr, "vmshadow: %s is a run for %s, not %s\n", dir,
			jstr(jget(run, "arch")), o->arch);
		jfree(run);
		return -1;
	}
	set_meta(r->arch, sizeof(r->arch), jstr(jget(run, "arch")), "arch", r, &warned[0]);
	if (jstr(jget(run, "arch")) && strcmp(r->arch, jstr(jget(run, "arch")))) {
		fprintf(stderr, "vmshadow: runs of several arches (%s, %s): one perf record is one arch\n",
			r->arch, jstr(jget(run, "arch")));
		jfree(run);
		return -1;
	}
	set_meta(r->clock, sizeof(r->clock), jstr(jget(run, "clock")), "clock", r, &warned[1]);
	set_meta(r->accel, sizeof(r->accel), jstr(jget(run, "accel")), "accel", r, &warned[2]);
	set_meta(r->base_version, sizeof(r->base_version), jstr(jget(run, "base_version")),
		 "base version", r, &warned[3]);
	set_meta(r->qemu, sizeof(r->qemu), jstr(jget(run, "qemu")), "QEMU", r, &warned[4]);
	if (!o->project_commit)
		set_meta(r->project_commit, sizeof(r->project_commit),
			 jstr(jget(run, "project_commit")), "project commit", r, &warned[5]);
	if (jstr(jget(run, "tree_commit"))) {
		const char *tc = jstr(jget(run, "tree_commit"));

		if (!a->first_commit[col][0])
			str_copy(a->first_commit[col], sizeof(a->first_commit[col]), tc, (size_t)-1);
		else if (strcmp(a->first_commit[col], tc) && !a->mixed_commit[col]) {
			a->mixed_commit[col] = true;
			note_add(r, "%s runs on different tree commits (%s, %s)",
				 pcol_name[col], a->first_commit[col], tc);
		}
	}
	verdict = jstr(jget(run, "verdict"));

	path = path_join(dir, "results.json");
	res = jread_file(path, err, sizeof(err));
	free(path);
	if (!res) {
		note_add(r, "%s excluded (%s)", dir, err);
		jfree(run);
		return 0;
	}
	if (!verdict)
		verdict = jstr(jget(res, "verdict"));
	if (!verdict || strcmp(verdict, "pass")) {
		note_add(r, "%s excluded (verdict %s)", dir, verdict ? verdict : "unknown");
		goto out;
	}
	tv = jget(res, "test_vmalloc");
	if (!tv || tv->type != J_ARR) {
		note_add(r, "%s excluded (no test_vmalloc figures)", dir);
		goto out;
	}
	/* Per mode: sum and count per test (the workers of N). */
	for (m = 0; m < M_NMODES; m++) {
		const char *step = m == M_1 ? "test_vmalloc_1" : "test_vmalloc_N";
		double sum[PERF_MAX_TESTS] = { 0 }, total = 0;
		int cnt[PERF_MAX_TESTS] = { 0 }, k, workers = 0, timed = 0;
		bool complete = true;

		for (i = 0; i < tv->n; i++) {
			const struct jval *e = &tv->items[i];
			const char *s = jstr(jget(e, "step")), *t = jstr(jget(e, "test"));
			double us;

			if (!s || !t || strcmp(s, step) || !jnum(jget(e, "avg_usec"), &us))
				continue;
			k = test_index(a, (enum pmode)m, t);
			if (k < 0)
				continue;
			sum[k] += us;
			cnt[k]++;
			if (jnum(jget(e, "loops"), &loops)) {
				if (!r->loops)
					r->loops = (long)loops;
				else if ((long)loops != r->loops && !warned[6]) {
					warned[6] = true;
					note_add(r, "runs differ in loops (%ld, %.0f)", r->loops, loops);
				}
			}
		}
		for (k = 0; k < a->ntests[m]; k++) {
			if (!cnt[k]) {
				if (strcmp(a->names[m][k], PERF_EXCLUDED))
					complete = false;
				continue;
			}
			if (cnt[k] > workers)
				workers = cnt[k];
			add_val(&a->vals[m][k][col], sum[k] / cnt[k]);
			if (strcmp(a->names[m][k], PERF_EXCLUDED)) {
				total += sum[k] / cnt[k];
				timed++;
			}
		}
		if (!workers) {
			note_add(r, "%s: no %s figures", dir, step);
			continue;
		}
		if (workers > a->threads[m])
			a->threads[m] = workers;
		if (complete && timed)
			add_val(&a->vals[m][PERF_MAX_TESTS][col], total);
		else
			note_add(r, "%s: %s incomplete, not in the total", dir, step);
		add_step_cycles(a, m, col, jget(res, "test_vmalloc_cycles"), step, workers);
	}
	r->runs[col]++;
out:
	jfree(res);
	jfree(run);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* DIR with run.json, or a folder of run folders (sorted). */
static int add_path(struct agg *a, struct prec *r, const char *dir, const struct perf_opts *o)
{
	struct dirent *e;
	char **names = NULL, *path;
	size_t n = 0, i;
	int rc = 0, found = 0;
	DIR *d;

	if (is_file_in(dir, "run.json"))
		return add_run(a, r, dir, o);
	d = opendir(dir);
	if (!d) {
		fprintf(stderr, "vmshadow: cannot open %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !strcmp(e->d_name, "latest"))
			continue;
		names = xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = xstrndup(e->d_name, 255);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		path = path_join(dir, names[i]);
		if (!rc && is_file_in(path, "run.json")) {
			found++;
			rc = add_run(a, r, path, o);
		}
		free(path);
		free(names[i]);
	}
	free(names);
	if (!rc && !found) {
		fprintf(stderr, "vmshadow: %s holds no run folder (no run.json)\n", dir);
		return -1;
	}
	return rc;
}

static void finish(struct agg *a, struct prec *r, const struct perf_opts *o)
{
	int m, k, c;

	for (c = 0; c < P_NCOL; c++) {
		if (o->na[c])
			str_copy(r->na[c], sizeof(r->na[c]), o->na[c], (size_t)-1);
		if (r->runs[c] > r->rounds)
			r->rounds = r->runs[c];
	}
	str_copy(r->series_commit, sizeof(r->series_commit), a->first_commit[P_SERIES], (size_t)-1);
	str_copy(r->upstream_commit, sizeof(r->upstream_commit), a->first_commit[P_UPSTREAM], (size_t)-1);
	for (m = 0; m < M_NMODES; m++) {
		struct pmode_data *md = &r->mode[m];

		md->threads = m == M_1 ? 1 : a->threads[m];
		for (k = 0; k < a->ntests[m]; k++) {
			str_copy(md->tests[k].name, sizeof(md->tests[k].name), a->names[m][k], (size_t)-1);
			for (c = 0; c < P_NCOL; c++)
				summarize(&md->tests[k].col[c], &a->vals[m][k][c]);
		}
		if (m == M_1 && a->threads[m] > 1)
			note_add(r, "test_vmalloc_1 ran %d workers", a->threads[m]);
		str_copy(md->tests[k].name, sizeof(md->tests[k].name), PERF_TOTAL, (size_t)-1);
		for (c = 0; c < P_NCOL; c++)
			summarize(&md->tests[k].col[c], &a->vals[m][PERF_MAX_TESTS][c]);
		md->ntests = k + 1;
		str_copy(md->step.name, sizeof(md->step.name), PERF_STEP, (size_t)-1);
		for (c = 0; c < P_NCOL; c++)
			summarize(&md->step.col[c], &a->step[m][c]);
	}
}

/* ---- the command ---- */

static const char perf_usage[] =
	"usage: vmshadow perf [-o perf.json] [--md perf.md] [--history history.jsonl]\n"
	"                     [--na COLUMN=REASON]... [--arch A] [--date D]\n"
	"                     [--host-cpu S] [--project-commit C] [--dir D] RUN...\n"
	"\n"
	"RUN: a run folder (run.json + results.json of PLAN=perf) or a folder of\n"
	"them. Columns from run.json: nokasan = nokasan/base, kasan = kasan/base,\n"
	"upstream = kasan-vmalloc/base, series = kasan-vmalloc/series. Prints the\n"
	"verdict line. --history appends the record as one line (O_APPEND, one\n"
	"write, under a lock). Exit 1 when a column that is not n/a has no usable\n"
	"run; 2 on usage or I/O errors.\n";

static void perf_missing_value(const char *name)
{
	usage_fail(perf_usage, "option needs a value: %s", name);
}

static const char *optval(int argc, char **argv, int *i, const char *name)
{
	return opt_value(argc, argv, i, name, perf_missing_value);
}

static void write_json_pretty(FILE *f, const void *arg)
{
	prec_write_json(f, arg, true);
}

static void write_md(FILE *f, const void *arg)
{
	const struct prec *r = arg;

	fprintf(f, "# vmshadow perf: %s\n\n", r->arch);
	fputs("The seed's test_vmalloc table (KASAN_VMALLOC series, x86 VM,"
	      " test_vmalloc.sh) for this arch, with our series as one more column.\n\n", f);
	prec_write_md(f, r, 2);
}

int cmd_perf(int argc, char **argv)
{
	struct perf_opts o;
	struct agg *a;
	struct prec *r;
	const char *v, **paths;
	char verdict[300];
	int i, np = 0, ret = 0, c;

	memset(&o, 0, sizeof(o));
	paths = xmalloc(sizeof(*paths) * (size_t)argc);
	for (i = 2; i < argc; i++) {
		const char *arg = argv[i];

		if ((v = optval(argc, argv, &i, "-o")) || (v = optval(argc, argv, &i, "--output")))
			o.json = v;
		else if ((v = optval(argc, argv, &i, "--md")))
			o.md = v;
		else if ((v = optval(argc, argv, &i, "--history")))
			o.history = v;
		else if ((v = optval(argc, argv, &i, "--date")))
			o.date = v;
		else if ((v = optval(argc, argv, &i, "--host-cpu")))
			o.host_cpu = v;
		else if ((v = optval(argc, argv, &i, "--project-commit")))
			o.project_commit = v;
		else if ((v = optval(argc, argv, &i, "--dir")))
			o.dir = v;
		else if ((v = optval(argc, argv, &i, "--arch")))
			o.arch = v;
		else if ((v = optval(argc, argv, &i, "--na"))) {
			const char *eq = strchr(v, '=');

			for (c = 0; c < P_NCOL; c++)
				if (eq && strlen(pcol_name[c]) == (size_t)(eq - v) &&
				    !strncmp(v, pcol_name[c], (size_t)(eq - v)))
					break;
			if (c == P_NCOL || !eq[1])
				usage_fail(perf_usage, "--na wants COLUMN=REASON (nokasan, kasan, upstream, series), not %s", v);
			o.na[c] = eq + 1;
		} else if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			fputs(perf_usage, stdout);
			free(paths);
			return 0;
		} else if (arg[0] == '-' && arg[1])
			usage_fail(perf_usage, "unknown option %s", arg);
		else
			paths[np++] = arg;
	}
	if (!np)
		usage_fail(perf_usage, "perf needs at least one RUN folder");
	if ((o.json && !*o.json) || (o.md && !*o.md) || (o.history && !*o.history))
		usage_fail(perf_usage, "empty output file name");

	a = xmalloc(sizeof(*a));
	r = xmalloc(sizeof(*r));
	memset(a, 0, sizeof(*a));
	memset(r, 0, sizeof(*r));
	for (i = 0; i < np; i++)
		if (add_path(a, r, paths[i], &o) < 0) {
			ret = 2;
			goto out;
		}
	finish(a, r, &o);
	if (o.date)
		str_copy(r->date, sizeof(r->date), o.date, (size_t)-1);
	else {
		time_t t = time(NULL);
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(r->date, sizeof(r->date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	if (o.host_cpu)
		str_copy(r->host_cpu, sizeof(r->host_cpu), o.host_cpu, (size_t)-1);
	if (o.project_commit)
		str_copy(r->project_commit, sizeof(r->project_commit), o.project_commit, (size_t)-1);
	if (o.dir)
		str_copy(r->dir, sizeof(r->dir), o.dir, (size_t)-1);
	if (!r->arch[0] && o.arch)
		str_copy(r->arch, sizeof(r->arch), o.arch, (size_t)-1);
	if (!r->arch[0]) {
		fprintf(stderr, "vmshadow: no run gave an arch\n");
		ret = 2;
		goto out;
	}
	for (c = 0; c < P_NCOL; c++)
		if (!r->na[c][0] && !r->runs[c]) {
			fprintf(stderr, "vmshadow: perf: no usable %s run (%s)\n", pcol_name[c],
				r->notes[0] ? r->notes : "none given");
			ret = 1;
		}
	if ((o.json && write_file_atomic(o.json, write_json_pretty, r, WF_MKDIRS)) ||
	    (o.md && write_file_atomic(o.md, write_md, r, WF_MKDIRS))) {
		ret = 2;
		goto out;
	}
	if (o.history && ret) {
		fprintf(stderr, "vmshadow: perf: record not appended to %s (a column has no usable run)\n",
			o.history);
	} else if (o.history) {
		char *line = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&line, &len);

		prec_write_json(f, r, false);
		fclose(f);
		if (append_line_locked(o.history, line, len))
			ret = 2;
		free(line);
	}
	prec_verdict(r, verdict, sizeof(verdict));
	if (!o.json && !o.md && !o.history) {
		prec_write_json(stdout, r, true);
		fprintf(stderr, "%s: %s\n", r->arch, verdict);
	} else {
		printf("%s: %s\n", r->arch, verdict);
	}
out:
	free(a);
	free(r);
	free(paths);
	return ret;
}
