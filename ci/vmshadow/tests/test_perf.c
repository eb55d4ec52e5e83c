// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of vmshadow perf and vmshadow report (and the JSON reader
 * and file helpers under them), on the TAP harness of tests/harness.h
 * (ending with exactly one line "N passed, N failed").
 *
 *   vmshadow-perf-test PERF_FIXTURES_DIR VMSHADOW_BINARY
 *
 * Run folders are written by the tests with known figures, aggregated by
 * the real CLI, and read back; the committed histories (tests/perf/) are
 * analyzed and rendered. Every JSON output is validated by jsoncheck.h
 * (and jq when installed).
 */
#include <errno.h>
#include "pmath.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fileio.h"
#include "jread.h"
#include "perf.h"
#include "report.h"
#include "tests/jsoncheck.h"
#include "util.h"

#include "tests/harness.h"

#define CHECK_NUM(a, b) do {						\
	double a_ = (a), b_ = (b);					\
	check(p_fabs(a_ - b_) < 1e-6 * (p_fabs(b_) + 1), __FILE__, __LINE__,	\
	      "%s == %s (%.6f != %.6f)", #a, #b, a_, b_);		\
} while (0)

static char *slurp(const char *path, size_t *len)
{
	struct strbuf b;
	char buf[8192];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f)
		return NULL;
	sb_init(&b, (size_t)64 << 20);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_addn(&b, buf, n);
	fclose(f);
	if (len)
		*len = b.len;
	return sb_take(&b);
}

static bool valid_json_file(const char *path)
{
	size_t len;
	char *s = slurp(path, &len);
	bool ok = s && json_valid(s, len);

	if (ok && have("jq"))
		ok = sh("jq . '%s' >/dev/null 2>&1", path) == 0;
	free(s);
	return ok;
}

static int count_lines(const char *path)
{
	size_t len, i;
	char *s = slurp(path, &len);
	int n = 0;

	for (i = 0; s && i < len; i++)
		n += s[i] == '\n';
	free(s);
	return n;
}

/* ---- run folders ---- */

static const char *const tests8[] = {
	"fix_size_alloc_test", "full_fit_alloc_test", "long_busy_list_alloc_test",
	"random_size_alloc_test", "fix_align_alloc_test", "random_size_align_alloc_test",
	"align_shift_alloc_test", "pcpu_alloc_test",
};

/*
 * One run folder: figures = base[test] * scale, test_vmalloc_N with two
 * workers at 2x and 2x + 10.
 */
static void make_run(const char *dir, const char *variant, const char *tree, const char *verdict,
		     double scale, const char *commit)
{
	char path[600];
	FILE *f;
	size_t t;
	int w, first = 1;

	mkdir(dir, 0755);
	snprintf(path, sizeof(path), "%s/run.json", dir);
	f = fopen(path, "w");
	fprintf(f, "{\"arch\": \"x86_64\", \"variant\": \"%s\", \"tree\": \"%s\", \"plan\": \"perf\","
		" \"base_version\": \"6.12.117\", \"tree_commit\": \"%s\", \"project_commit\": \"p1\","
		" \"clock\": \"icount\", \"accel\": \"tcg\", \"qemu\": \"QEMU emulator version 7.2.22\","
		" \"verdict\": \"%s\"}\n", variant, tree, commit, verdict);
	fclose(f);
	snprintf(path, sizeof(path), "%s/results.json", dir);
	f = fopen(path, "w");
	fprintf(f, "{\"schema\": 1, \"verdict\": \"%s\", \"test_vmalloc\": [", verdict);
	for (t = 0; t < ARRAY_SIZE(tests8); t++) {
		fprintf(f, "%s{\"step\": \"test_vmalloc_1\", \"test\": \"%s\", \"passed\": 1, \"failed\": 0,"
			" \"repeat\": 1, \"loops\": 2000, \"avg_usec\": %.0f}", first ? "" : ",",
			tests8[t], (double)(t + 1) * 1000 * scale);
		first = 0;
	}
	for (w = 0; w < 2; w++)
		for (t = 0; t < ARRAY_SIZE(tests8); t++)
			fprintf(f, ",{\"step\": \"test_vmalloc_N\", \"test\": \"%s\", \"passed\": 1,"
				" \"failed\": 0, \"repeat\": 1, \"loops\": 2000, \"avg_usec\": %.0f}",
				tests8[t], (double)(t + 1) * 2000 * scale + w * 10);
	/* Elapsed cycles: one worker, then two (worker 1 the slower). */
	fprintf(f, "], \"test_vmalloc_cycles\": [{\"step\": \"test_vmalloc_1\", \"worker\": 0,"
		" \"cycles\": %.0f}, {\"step\": \"test_vmalloc_N\", \"worker\": 0, \"cycles\": %.0f},"
		" {\"step\": \"test_vmalloc_N\", \"worker\": 1, \"cycles\": %.0f}]}\n",
		1e6 * scale, 2e6 * scale, 3e6 * scale);
	fclose(f);
}

static const char *const colv[P_NCOL][2] = {
	{ "nokasan", "base" }, { "kasan", "base" }, { "kasan-vmalloc", "base" }, { "kasan-vmalloc", "series" },
};
static const double colscale[P_NCOL] = { 1, 6, 7, 6.5 };

/* ROUNDS rounds of the four columns; round r scales by (1 + r/100). */
static void make_runs(const char *dir, int rounds, bool with_kasan)
{
	char path[600];
	int r, c;

	mkdir(dir, 0755);
	for (r = 0; r < rounds; r++)
		for (c = 0; c < P_NCOL; c++) {
			if (c == P_KASAN && !with_kasan)
				continue;
			snprintf(path, sizeof(path), "%s/r%d-%d-%s-%s", dir, r, c, colv[c][0], colv[c][1]);
			make_run(path, colv[c][0], colv[c][1], "pass", colscale[c] * (1 + r / 100.0),
				 c == P_SERIES ? "s1" : "b1");
		}
}

static struct jval *read_json(const char *path)
{
	char err[300];
	struct jval *v = jread_file(path, err, sizeof(err));

	if (!v)
		printf("# %s\n", err);
	return v;
}

static void t_perf_aggregate(void)
{
	char runs[400], out[400], md[400], hist[400];
	struct jval *v;
	struct prec r;
	const struct ptest *t;
	char err[200];
	int i;

	snprintf(runs, sizeof(runs), "%s/agg", tmpdir);
	snprintf(out, sizeof(out), "%s/agg.json", tmpdir);
	snprintf(md, sizeof(md), "%s/agg.md", tmpdir);
	snprintf(hist, sizeof(hist), "%s/agg-history.jsonl", tmpdir);
	make_runs(runs, 3, true);
	CHECK_INT(sh("'%s' perf '%s' -o '%s' --md '%s' --history '%s' --date 2026-01-01T00:00:00Z"
		     " --host-cpu 'Test CPU' > '%s/agg.out'", binary, runs, out, md, hist, tmpdir), 0);
	CHECK(valid_json_file(out));
	v = read_json(out);
	CHECK(v != NULL);
	CHECK(prec_from_json(&r, v, err, sizeof(err)));
	CHECK_STR(r.arch, "x86_64");
	CHECK_STR(r.clock, "icount");
	CHECK_STR(r.base_version, "6.12.117");
	CHECK_STR(r.series_commit, "s1");
	CHECK_STR(r.upstream_commit, "b1");
	CHECK_STR(r.host_cpu, "Test CPU");
	CHECK_STR(r.date, "2026-01-01T00:00:00Z");
	CHECK_INT(r.loops, 2000);
	CHECK_INT(r.rounds, 3);
	CHECK_INT(r.mode[M_1].threads, 1);
	CHECK_INT(r.mode[M_N].threads, 2);
	for (i = 0; i < P_NCOL; i++)
		CHECK_INT(r.runs[i], 3);
	/* 8 tests + total, in the order the kernel printed them. */
	CHECK_INT(r.mode[M_1].ntests, 9);
	CHECK_STR(r.mode[M_1].tests[0].name, "fix_size_alloc_test");
	CHECK_STR(r.mode[M_1].tests[8].name, "total");
	/* Median of 1.00, 1.01, 1.02 x 3000 x 7 (full_fit, upstream). */
	t = prec_test(&r, M_1, "full_fit_alloc_test");
	CHECK(t != NULL);
	if (t) {
		CHECK_NUM(t->col[P_UPSTREAM].median, 2000 * 7 * 1.01);
		CHECK_NUM(t->col[P_UPSTREAM].min, 2000 * 7);
		CHECK_NUM(t->col[P_UPSTREAM].max, 2000 * 7 * 1.02);
		CHECK_INT(t->col[P_UPSTREAM].n, 3);
	}
	/* Total: tests 1..8 without align_shift (7): (36 - 7) * 1000. */
	t = prec_test(&r, M_1, PERF_TOTAL);
	CHECK(t && t->col[P_NOKASAN].have);
	if (t) {
		CHECK_NUM(t->col[P_NOKASAN].median, 29000 * 1.01);
		CHECK_NUM(pratio(&t->col[P_SERIES], &t->col[P_UPSTREAM]), 6.5 / 7);
		CHECK_NUM(pstat_rel(&t->col[P_NOKASAN]), 0.02 / 1.01);
	}
	/* N threads: the mean of the two workers (2x and 2x + 10). */
	t = prec_test(&r, M_N, "fix_size_alloc_test");
	CHECK(t != NULL);
	if (t)
		CHECK_NUM(t->col[P_NOKASAN].median, 2000 * 1.01 + 5);
	/* The step row: the slowest worker's cycles (3e6 x scale), not the mean. */
	CHECK_STR(r.mode[M_N].step.name, PERF_STEP);
	CHECK_NUM(r.mode[M_N].step.col[P_UPSTREAM].median, 3e6 * 7 * 1.01);
	CHECK_NUM(r.mode[M_1].step.col[P_SERIES].median, 1e6 * 6.5 * 1.01);
	CHECK_NUM(pratio(&r.mode[M_N].step.col[P_SERIES], &r.mode[M_N].step.col[P_UPSTREAM]), 6.5 / 7);
	jfree(v);
	CHECK_INT(sh("grep -q '^| step, slowest worker (cycles) ² | 3030000 (2.0%%) |' '%s'", md), 0);
	CHECK_INT(sh("grep -q '^² the whole step' '%s'", md), 0);
	/* The verdict line, in stdout and in the Markdown. */
	CHECK_INT(sh("grep -q '^x86_64: series vs upstream: total -7.1%% (1 thread, noise 4.0%%), -7.1%% (2 threads' '%s/agg.out'",
		     tmpdir), 0);
	CHECK_INT(sh("grep -q '^| \\*\\*total (7 timed tests)\\*\\* | 29290 (2.0%%) |' '%s'", md), 0);
	CHECK_INT(sh("grep -q 'align_shift_alloc_test fails by design' '%s'", md), 0);
	CHECK_INT(sh("grep -q 'clock icount (QEMU TCG' '%s'", md), 0);
	/* History: one line, valid JSON, the same record. */
	CHECK_INT(count_lines(hist), 1);
	CHECK(valid_json_file(hist));
	/* A second run appends a second line. */
	CHECK_INT(sh("'%s' perf '%s' --history '%s' >/dev/null", binary, runs, hist), 0);
	CHECK_INT(count_lines(hist), 2);
	/* No temporary file is left. */
	CHECK_INT(sh("ls '%s' | grep -q '\\.tmp\\.'", tmpdir), 1);
}

static void t_perf_even_rounds_and_na(void)
{
	char runs[400], out[400], hist[400], err[200];
	struct jval *v;
	struct prec r;
	const struct ptest *t;

	snprintf(runs, sizeof(runs), "%s/even", tmpdir);
	snprintf(out, sizeof(out), "%s/even.json", tmpdir);
	snprintf(hist, sizeof(hist), "%s/even-history.jsonl", tmpdir);
	make_runs(runs, 2, false);
	/* kasan has no run and no reason: exit 1, nothing appended. */
	CHECK_INT(sh("'%s' perf '%s' -o '%s' --history '%s' >/dev/null 2>&1", binary, runs, out, hist), 1);
	CHECK_INT(count_lines(hist), 0);
	CHECK_INT(sh("'%s' perf '%s' -o '%s' --history '%s' --na 'kasan=impossible here' >/dev/null",
		     binary, runs, out, hist), 0);
	CHECK_INT(count_lines(hist), 1);
	v = read_json(out);
	CHECK(v && prec_from_json(&r, v, err, sizeof(err)));
	CHECK_STR(r.na[P_KASAN], "impossible here");
	CHECK_INT(r.runs[P_KASAN], 0);
	t = prec_test(&r, M_1, "fix_size_alloc_test");
	CHECK(t && !t->col[P_KASAN].have);
	/* Median of two rounds: the mean of both. */
	if (t)
		CHECK_NUM(t->col[P_NOKASAN].median, 1000 * 1.005);
	CHECK(jget(jget(jget(v, "modes"), "1"), "total") != NULL);
	CHECK(jget(jget(jget(jget(v, "modes"), "1"), "total"), "kasan")->type == J_NULL);
	jfree(v);
}

static void t_perf_excluded_runs(void)
{
	char runs[400], out[400], path[500], err[200];
	struct jval *v;
	struct prec r;

	snprintf(runs, sizeof(runs), "%s/excl", tmpdir);
	snprintf(out, sizeof(out), "%s/excl.json", tmpdir);
	make_runs(runs, 2, true);
	/* A crashed series run, a smoke run and an empty folder among them. */
	snprintf(path, sizeof(path), "%s/z-crash", runs);
	make_run(path, "kasan-vmalloc", "series", "crash", 100, "s1");
	snprintf(path, sizeof(path), "%s/z-smoke", runs);
	make_run(path, "kasan-vmalloc", "series", "pass", 100, "s1");
	snprintf(path, sizeof(path), "%s/z-smoke/run.json", runs);
	CHECK_INT(sh("sed -i 's/\"perf\"/\"smoke\"/' '%s'", path), 0);
	snprintf(path, sizeof(path), "%s/z-empty", runs);
	mkdir(path, 0755);
	CHECK_INT(sh("'%s' perf '%s' -o '%s' >/dev/null", binary, runs, out), 0);
	v = read_json(out);
	CHECK(v && prec_from_json(&r, v, err, sizeof(err)));
	CHECK_INT(r.runs[P_SERIES], 2);
	CHECK(strstr(r.notes, "z-crash excluded (verdict crash)") != NULL);
	CHECK(strstr(r.notes, "z-smoke ignored") != NULL);
	jfree(v);
	/* Runs of another arch are refused. */
	CHECK_INT(sh("'%s' perf '%s' --arch arm64 -o /dev/null 2>/dev/null", binary, runs), 2);
	/* Usage errors. */
	CHECK_INT(sh("'%s' perf 2>/dev/null", binary), 2);
	CHECK_INT(sh("'%s' perf --na bogus=x '%s' 2>/dev/null", binary, runs), 2);
	CHECK_INT(sh("'%s' perf --bogus '%s' 2>/dev/null", binary, runs), 2);
	CHECK_INT(sh("'%s' perf '%s/nonexistent' 2>/dev/null", binary, tmpdir), 2);
}

/*
 * A figure for a test named "total" is not a test (the totals' row has
 * that name), and a name longer than a row holds gets one row: either
 * would write a key twice into perf.json, which the reader refuses.
 */
static void t_perf_odd_names(void)
{
	char runs[400], out[400], err[200], lng[121];
	struct jval *v;
	struct prec r;

	memset(lng, 'x', sizeof(lng) - 1);
	lng[sizeof(lng) - 1] = '\0';
	snprintf(runs, sizeof(runs), "%s/odd", tmpdir);
	snprintf(out, sizeof(out), "%s/odd.json", tmpdir);
	make_runs(runs, 2, true);
	CHECK_INT(sh("for f in '%s'/*/results.json; do sed -i 's/\"test_vmalloc\": \\[/&"
		     "{\"step\": \"test_vmalloc_1\", \"test\": \"total\", \"avg_usec\": 5},"
		     "{\"step\": \"test_vmalloc_1\", \"test\": \"%sa\", \"avg_usec\": 5},"
		     "{\"step\": \"test_vmalloc_1\", \"test\": \"%sb\", \"avg_usec\": 5},/' \"$f\"; done",
		     runs, lng, lng), 0);
	CHECK_INT(sh("grep -c '%sb' '%s'/r0-0-nokasan-base/results.json >/dev/null", lng, runs), 0);
	CHECK_INT(sh("'%s' perf '%s' -o '%s' >/dev/null", binary, runs, out), 0);
	v = read_json(out);
	CHECK(v && prec_from_json(&r, v, err, sizeof(err)));
	if (v) {
		/* 8 tests, the long name once (cut), total. */
		CHECK_INT(r.mode[M_1].ntests, 10);
		CHECK_STR(r.mode[M_1].tests[r.mode[M_1].ntests - 1].name, "total");
	}
	jfree(v);
}

/* Write a record, read it back, write it again: the same bytes. */
static void t_perf_roundtrip(void)
{
	char path[400], err[200], *a = NULL, *b = NULL;
	size_t la = 0, lb = 0;
	struct history h;
	struct prec r2;
	struct jval *v;
	FILE *f;

	snprintf(path, sizeof(path), "%s/history-arches.jsonl", fixtures);
	CHECK_INT(history_read(&h, path), 0);
	CHECK_INT(h.nrecs, 4);
	if (h.nrecs < 1)
		return;
	f = open_memstream(&a, &la);
	prec_write_json(f, &h.recs[3], false);
	fclose(f);
	CHECK(json_valid(a, la));
	v = jread(a, la, err, sizeof(err));
	CHECK(v && prec_from_json(&r2, v, err, sizeof(err)));
	f = open_memstream(&b, &lb);
	prec_write_json(f, &r2, false);
	fclose(f);
	CHECK_INT(la, lb);
	CHECK(a && b && !strcmp(a, b));
	CHECK_STR(r2.arch, "arm64");
	CHECK(r2.na[P_KASAN][0] != '\0');
	free(b);
	f = open_memstream(&b, &lb);
	prec_write_json(f, &r2, true);
	fclose(f);
	CHECK(json_valid(b, lb));
	free(a);
	free(b);
	jfree(v);
	history_free(&h);
}

/* ---- history and report ---- */

/* The per-test point of test NAME in record i of g, mode m (NULL if absent). */
static const struct rpoint *tpt(const struct rgroup *g, int i, int m, const char *name)
{
	int t;

	for (t = 0; t < g->recs[i]->mode[m].ntests; t++)
		if (!strcmp(g->recs[i]->mode[m].tests[t].name, name))
			return &g->tpts[i][m][t];
	return NULL;
}

/* How many tests of record i are flagged by the per-test rule. */
static int tests_flagged(const struct rgroup *g, int i)
{
	int m, t, n = 0;

	for (m = 0; m < M_NMODES; m++)
		for (t = 0; t < g->recs[i]->mode[m].ntests; t++)
			n += g->tpts[i][m][t].flagged;
	return n;
}

static void t_report_fixture_regression(void)
{
	char path[400];
	struct history h;
	const struct rgroup *g;

	snprintf(path, sizeof(path), "%s/history-regression.jsonl", fixtures);
	CHECK_INT(history_read(&h, path), 0);
	history_analyze(&h);
	CHECK_INT(h.nrecs, 2);
	CHECK_INT(h.nbad, 0);
	CHECK_INT(h.ngroups, 1);
	g = &h.groups[0];
	CHECK_STR(g->arch, "x86_64");
	CHECK_INT(g->n, 2);
	CHECK(!g->pts[0][M_1][R_SERIES_X_KASAN].has_prev);
	CHECK(!g->pts[0][M_1][R_SERIES_X_KASAN].flagged);
	/* The second record's series is 15% slower: flagged, upstream is not. */
	CHECK(g->pts[1][M_1][R_SERIES_X_KASAN].flagged);
	CHECK(g->pts[1][M_1][R_SERIES_X_UP].flagged);
	CHECK(g->pts[1][M_N][R_SERIES_X_UP].flagged);
	CHECK(!g->pts[1][M_1][R_UP_X_KASAN].flagged);
	CHECK(!g->pts[1][M_1][R_KASAN_X_BASE].flagged);
	CHECK(g->pts[1][M_1][R_SERIES_X_UP].change > 0.10);
	CHECK_NUM(g->pts[1][M_1][R_SERIES_X_UP].threshold, REPORT_FLOOR);
	/* Every timed test is 15% slower too: each flagged on the test floor;
	 * the total and the excluded test never by the per-test rule. */
	CHECK_INT(tests_flagged(g, 0), 0);
	CHECK_INT(tests_flagged(g, 1), 14);
	CHECK(tpt(g, 1, M_1, "fix_size_alloc_test") && tpt(g, 1, M_1, "fix_size_alloc_test")->flagged);
	if (tpt(g, 1, M_N, "pcpu_alloc_test"))
		CHECK_NUM(tpt(g, 1, M_N, "pcpu_alloc_test")->threshold, REPORT_TEST_FLOOR);
	CHECK(tpt(g, 1, M_1, PERF_TOTAL) && isnan(tpt(g, 1, M_1, PERF_TOTAL)->value));
	CHECK(tpt(g, 1, M_N, PERF_EXCLUDED) && !tpt(g, 1, M_N, PERF_EXCLUDED)->flagged);
	CHECK(rgroup_latest_flagged(g));
	history_free(&h);
}

static void t_report_arches_no_regression(void)
{
	char path[400];
	struct history h;
	const struct rgroup *g;

	snprintf(path, sizeof(path), "%s/history-arches.jsonl", fixtures);
	CHECK_INT(history_read(&h, path), 0);
	history_analyze(&h);
	CHECK_INT(h.ngroups, 2);
	g = &h.groups[0];	/* sorted: arm64 first */
	CHECK_STR(g->arch, "arm64");
	CHECK(!rgroup_latest_flagged(g));
	/* kasan n/a: no x KASAN ratio, x base and series x upstream exist. */
	CHECK(isnan(g->pts[1][M_1][R_SERIES_X_KASAN].value));
	CHECK(!isnan(g->pts[1][M_1][R_SERIES_X_UP].value));
	CHECK(g->pts[1][M_1][R_SERIES_X_UP].has_prev);
	CHECK(!isnan(g->pts[1][M_1][R_SERIES_X_BASE].value));
	CHECK_INT(tests_flagged(g, 1), 0);	/* tests moved by under 1% */
	CHECK(tpt(g, 1, M_N, "fix_size_alloc_test") && tpt(g, 1, M_N, "fix_size_alloc_test")->has_prev);
	CHECK(rgroup_latest_flagged(&h.groups[1]));
	history_free(&h);
}

/* The band: within it no flag; beyond it a flag; other loops never compared. */
static void t_report_band_rule(void)
{
	char *text = NULL, path[400];
	size_t len = 0, flen;
	struct history h;
	char *fix;
	FILE *f;
	struct strbuf b;
	const char *nl;

	snprintf(path, sizeof(path), "%s/history-regression.jsonl", fixtures);
	fix = slurp(path, &flen);
	CHECK(fix != NULL);
	if (!fix)
		return;
	/* Record 1 of the fixture, then copies of it with the series total changed. */
	nl = strchr(fix, '\n');
	sb_init(&b, (size_t)1 << 24);
	sb_addn(&b, fix, (size_t)(nl - fix) + 1);
	{
		struct jval *v;
		struct prec r;
		char err[200];
		struct ptest *t;
		int k;
		/* +1.5%: under the 2% floor; then +3% with the loops changed (no
		 * comparison); then +3% again at the same loops as the previous one
		 * (flag); then a garbage line. */
		const double f2[] = { 1.015, 1.015 * 1.03, 1.015 * 1.03 * 1.03 };
		const long loops[] = { 2000, 1000, 1000 };

		v = jread(fix, (size_t)(nl - fix), err, sizeof(err));
		CHECK(v && prec_from_json(&r, v, err, sizeof(err)));
		for (k = 0; k < 3; k++) {
			struct prec c = r;

			c.loops = loops[k];
			t = (struct ptest *)prec_test(&c, M_1, PERF_TOTAL);
			t->col[P_SERIES].median *= f2[k];
			t->col[P_SERIES].min = t->col[P_SERIES].max = t->col[P_SERIES].median;
			t->col[P_UPSTREAM].min = t->col[P_UPSTREAM].max = t->col[P_UPSTREAM].median;
			f = open_memstream(&text, &len);
			prec_write_json(f, &c, false);
			fclose(f);
			sb_add(&b, text);
			free(text);
			text = NULL;
		}
		jfree(v);
	}
	sb_add(&b, "{\"not\": \"a record\"}\nnot json at all\n\n");
	memset(&h, 0, sizeof(h));
	fprintf(stderr, "# (two 'record skipped' messages expected)\n");
	history_parse(&h, b.s, b.len);
	history_analyze(&h);
	CHECK_INT(h.nrecs, 4);
	CHECK_INT(h.nbad, 2);
	CHECK_INT(h.ngroups, 1);
	if (h.ngroups == 1 && h.groups[0].n == 4) {
		const struct rgroup *g = &h.groups[0];

		CHECK(g->pts[1][M_1][R_SERIES_X_UP].has_prev);
		CHECK(!g->pts[1][M_1][R_SERIES_X_UP].flagged);	/* +1.5% < 2% */
		CHECK(!g->pts[2][M_1][R_SERIES_X_UP].has_prev);	/* other loops */
		CHECK(g->pts[3][M_1][R_SERIES_X_UP].has_prev);
		CHECK_NUM(g->pts[3][M_1][R_SERIES_X_UP].change, 0.03);
		CHECK(g->pts[3][M_1][R_SERIES_X_UP].flagged);	/* +3% > 2% */
		CHECK(!g->pts[3][M_N][R_SERIES_X_UP].flagged);	/* N unchanged */
		/* Tests unchanged: compared (but not across loops), never flagged. */
		CHECK(tpt(g, 1, M_1, "fix_size_alloc_test") && tpt(g, 1, M_1, "fix_size_alloc_test")->has_prev);
		CHECK(tpt(g, 2, M_1, "fix_size_alloc_test") && !tpt(g, 2, M_1, "fix_size_alloc_test")->has_prev);
		CHECK(tpt(g, 3, M_1, "fix_size_alloc_test") && tpt(g, 3, M_1, "fix_size_alloc_test")->has_prev);
		CHECK_INT(tests_flagged(g, 1) + tests_flagged(g, 2) + tests_flagged(g, 3), 0);
		/* The band grows with the spreads: u = 0.1 + 0.1 each -> 20%. */
	}
	history_free(&h);
	sb_free(&b);
	free(fix);
}

/*
 * tests/perf/history-pertest.jsonl and history-pertest-noise.jsonl: record
 * 1 is record 1 of history-regression.jsonl with N-thread spreads (series
 * and upstream of every test 30%, min 0.95 and max 1.25 x the median, a
 * typical N-thread test spread in docs/performance.md; the total's series
 * 16.6% and upstream 3.1%, as x86_64's real 2-thread total there). Record
 * 2 is record 1 a day later with one change, the series' total moved by
 * the same amount in usec:
 *  - pertest: fix_size_alloc_test, 2 threads: series 3.8 x upstream (the
 *    regression of issue #18); the 2-thread total gets 7% slower.
 *  - pertest-noise: random_size_alloc_test, 2 threads: series +50%, and
 *    fix_align_alloc_test, 1 thread: series +4%.
 */
static void load_pertest(struct history *h, const char *name)
{
	char path[400];

	snprintf(path, sizeof(path), "%s/%s", fixtures, name);
	CHECK_INT(history_read(h, path), 0);
	history_analyze(h);
	CHECK_INT(h->nrecs, 2);
	CHECK_INT(h->nbad, 0);
	CHECK_INT(h->ngroups, 1);
}

/* Only fix_size_alloc_test regressed (3.8x) and the total stayed in its band: flagged. */
static void t_report_pertest_regression(void)
{
	char hist[400], html[400], md[400];
	const struct rpoint *pt, *tot;
	const struct rgroup *g;
	struct history h;
	int m, k;

	load_pertest(&h, "history-pertest.jsonl");
	if (h.ngroups != 1 || h.groups[0].n != 2) {
		history_free(&h);
		return;
	}
	g = &h.groups[0];
	/* No ratio of the totals is flagged, in either mode. */
	for (m = 0; m < M_NMODES; m++)
		for (k = 0; k < R_NRATIOS; k++)
			check(!g->pts[1][m][k].flagged, __FILE__, __LINE__, "total %s mode %s not flagged",
			      rratio_name[k], pmode_name[m]);
	tot = &g->pts[1][M_N][R_SERIES_X_UP];
	CHECK(tot->has_prev && tot->change > 0.06 && tot->change < 0.08);	/* +7% */
	CHECK(p_fabs(tot->threshold - 2 * (0.166 + 0.031)) < 1e-4);
	/* fix_size_alloc_test, 2 threads: 0.926 -> 3.800 > 30% x 4. */
	pt = tpt(g, 1, M_N, "fix_size_alloc_test");
	CHECK(pt != NULL);
	if (pt) {
		CHECK(pt->has_prev);
		CHECK_NUM(pt->value, 3.8);
		CHECK_NUM(pt->prev, 312485.5 / 337308);
		CHECK_NUM(pt->change, 3.8 / (312485.5 / 337308) - 1);
		CHECK(p_fabs(pt->band - 0.6) < 1e-4);	/* min and max are rounded to 0.5 us */
		CHECK(p_fabs(pt->threshold - 1.2) < 1e-4);
		CHECK(pt->flagged);
		CHECK(pt->change > 10 * tot->change);
	}
	/* The only flag: same test at 1 thread, and every other test, are not. */
	CHECK_INT(tests_flagged(g, 1), 1);
	CHECK(tpt(g, 1, M_1, "fix_size_alloc_test") && !tpt(g, 1, M_1, "fix_size_alloc_test")->flagged);
	CHECK(!g->tpts[0][M_N][0].has_prev);
	CHECK(rgroup_latest_flagged(g));
	history_free(&h);

	/* The CLI: the summary line, the exit status, the Markdown, the HTML. */
	snprintf(hist, sizeof(hist), "%s/history-pertest.jsonl", fixtures);
	snprintf(html, sizeof(html), "%s/pertest.html", tmpdir);
	snprintf(md, sizeof(md), "%s/pertest.md", tmpdir);
	CHECK_INT(sh("'%s' report '%s' --html '%s' --md '%s' --fail-on-regression > '%s/pertest.out'",
		     binary, hist, html, md, tmpdir), 1);
	CHECK_INT(sh("grep -qx 'x86_64 icount: 2 records, latest 2026-11-21T09:00:00Z: REGRESSION: series x upstream"
		     " per test (2 threads): fix_size_alloc_test 0.926 -> 3.800 (+310.2%% > band 120.0%%)' '%s/pertest.out'",
		     tmpdir), 0);
	CHECK_INT(sh("grep -qF '**Latest record: REGRESSION: series x upstream per test (2 threads): fix_size_alloc_test"
		     " 0.926 -> 3.800 (+310.2%% > band 120.0%%)**' '%s'", md), 0);
	CHECK_INT(sh("grep -qF '| 2 threads: per test (series x upstream) fix_size_alloc_test +310.2%% |' '%s'", md), 0);
	CHECK_INT(sh("grep -qF 'Per test: every timed test' '%s'", md), 0);
	CHECK_INT(sh("grep -qF '<p class=\"status bad\">Latest record (2026-11-21T09:00:00Z): REGRESSION: series x upstream"
		     " per test (2 threads): fix_size_alloc_test 0.926 &#8594; 3.800 (+310.2%% &gt; band 120.0%%)</p>' '%s'",
		     html), 0);
	CHECK_INT(sh("grep -qF 'REGRESSION: 2 threads: per test (series x upstream) fix_size_alloc_test +310.2%%</td>' '%s'",
		     html), 0);
	/* The latest table marks the test and its series x upstream cell, only there. */
	CHECK_INT(sh("grep -c 'class=\"tn bad\"' '%s' | grep -qx 1", html), 0);
	CHECK_INT(sh("grep -q '<td class=\"tn bad\">fix_size_alloc_test &#9888;</td>.*<td class=\"bad\">3.800 &#9888;</td></tr>' '%s'",
		     html), 0);
	CHECK_INT(sh("grep -qF '<b>Per test.</b>' '%s'", html), 0);
	/* No SVG flag: the plots are the totals'. */
	CHECK_INT(sh("grep -q 'class=\"flag\"' '%s'", html), 1);
	if (have("xmllint"))
		CHECK_INT(sh("xmllint --noout '%s'", html), 0);
}

/* Tests that move inside their own noise are not flagged. */
static void t_report_pertest_noise(void)
{
	char hist[400];
	const struct rpoint *pt;
	const struct rgroup *g;
	struct history h;

	load_pertest(&h, "history-pertest-noise.jsonl");
	if (h.ngroups != 1 || h.groups[0].n != 2) {
		history_free(&h);
		return;
	}
	g = &h.groups[0];
	/* random_size_alloc_test, 2 threads: +50%, more than the total's
	 * band, inside the test's own (30% x 4). */
	pt = tpt(g, 1, M_N, "random_size_alloc_test");
	CHECK(pt != NULL);
	if (pt) {
		CHECK(pt->has_prev);
		CHECK(p_fabs(pt->change - 0.5) < 0.001);
		CHECK(p_fabs(pt->threshold - 1.2) < 1e-4);
		CHECK(!pt->flagged);
		CHECK(pt->change > g->pts[1][M_N][R_SERIES_X_UP].threshold);
	}
	/* fix_align_alloc_test, 1 thread: +4%, spreads under 1%: the floor. */
	pt = tpt(g, 1, M_1, "fix_align_alloc_test");
	CHECK(pt != NULL);
	if (pt) {
		CHECK(pt->has_prev);
		CHECK(p_fabs(pt->change - 0.04) < 0.001);
		CHECK(pt->band < 0.01);
		CHECK_NUM(pt->threshold, REPORT_TEST_FLOOR);
		CHECK(!pt->flagged);
	}
	CHECK_INT(tests_flagged(g, 1), 0);
	CHECK(!rgroup_latest_flagged(g));
	history_free(&h);
	snprintf(hist, sizeof(hist), "%s/history-pertest-noise.jsonl", fixtures);
	CHECK_INT(sh("'%s' report '%s' --fail-on-regression > '%s/noise.out'", binary, hist, tmpdir), 0);
	CHECK_INT(sh("grep -q '^x86_64 icount: 2 records, latest 2026-11-21T09:00:00Z: no regression;' '%s/noise.out'",
		     tmpdir), 0);
}

static void t_report_outputs(void)
{
	char hist[400], html[400], md[400], doc[400];

	snprintf(hist, sizeof(hist), "%s/history-arches.jsonl", fixtures);
	snprintf(html, sizeof(html), "%s/report/sub/index.html", tmpdir);
	snprintf(md, sizeof(md), "%s/report/report.md", tmpdir);
	snprintf(doc, sizeof(doc), "%s/performance.md", tmpdir);
	CHECK_INT(sh("'%s' report '%s' --html '%s' --md '%s' --doc '%s' --date 2026-01-02T00:00:00Z > '%s/rep.out'",
		     binary, hist, html, md, doc, tmpdir), 0);
	CHECK_INT(sh("'%s' report '%s' --fail-on-regression >/dev/null", binary, hist), 1);
	/* Terminal lines: one per arch and clock. */
	CHECK_INT(sh("grep -c '' '%s/rep.out' | grep -qx 2", tmpdir), 0);
	CHECK_INT(sh("grep -q '^x86_64 icount: 2 records, latest .*REGRESSION: series x KASAN (1 thread)' '%s/rep.out'", tmpdir), 0);
	CHECK_INT(sh("grep -q '^arm64 icount: 2 records, latest .*no regression' '%s/rep.out'", tmpdir), 0);
	/* HTML: static, four plots per arch, tables, flags, no script. */
	CHECK_INT(sh("grep -c '<svg ' '%s' | grep -qx 8", html), 0);
	CHECK_INT(sh("grep -q 'id=\"plot-x86_64-icount-1-kasan\"' '%s'", html), 0);
	CHECK_INT(sh("grep -q 'id=\"history-arm64-icount\"' '%s'", html), 0);
	CHECK_INT(sh("grep -q 'id=\"latest-x86_64-N\"' '%s'", html), 0);
	CHECK_INT(sh("grep -q 'class=\"flag\"' '%s'", html), 0);
	CHECK_INT(sh("grep -q 'Regression rule' '%s'", html), 0);
	CHECK_INT(sh("grep -qi '<script\\|http://[^w]\\|https://' '%s'", html), 1);
	CHECK_INT(sh("grep -q 'impossible on arm64' '%s'", html), 0);
	if (have("xmllint"))	/* the page is well-formed XML (XHTML syntax) */
		CHECK_INT(sh("xmllint --noout '%s'", html), 0);
	/* Markdown report and the doc page. */
	CHECK_INT(sh("grep -q '^## x86_64, clock icount' '%s'", md), 0);
	CHECK_INT(sh("grep -q 'REGRESSION' '%s'", md), 0);
	/* Every test flagged: the history cell counts them, the status names each. */
	CHECK_INT(sh("grep -qF '1 thread: series x KASAN +14.9%%, series x upstream +14.8%%, series x base +14.8%%,"
		     " per test (series x upstream) 7 tests +13.8%% to +15.6%%; 2 threads: ' '%s'", md), 0);
	CHECK_INT(sh("grep -qF '; series x upstream per test (2 threads): fix_size_alloc_test 0.926 -> 1.061 (+14.6%% > band 5.0%%),"
		     " full_fit_alloc_test ' '%s/rep.out'", tmpdir), 0);
	CHECK_INT(sh("grep -q '^# Performance' '%s'", doc), 0);
	CHECK_INT(sh("grep -q 'Generated by `make perf-doc`' '%s'", doc), 0);
	CHECK_INT(sh("grep -c '^## ' '%s' | grep -qx 2", doc), 0);
	CHECK_INT(sh("grep -q '^| \\*\\*total (7 timed tests)\\*\\* |.* n/a |' '%s'", doc), 0);
	/* A missing history is an empty report, not an error. */
	CHECK_INT(sh("'%s' report '%s/none.jsonl' --html '%s/empty.html' | grep -q 'no perf records'",
		     binary, tmpdir, tmpdir), 0);
	CHECK_INT(sh("grep -q 'No perf records yet' '%s/empty.html'", tmpdir), 0);
	CHECK_INT(sh("'%s' report 2>/dev/null", binary), 2);
	/* Several histories are one (missing ones empty). */
	CHECK_INT(sh("'%s' report '%s/none.jsonl' '%s/none2.jsonl' >/dev/null", binary, tmpdir, tmpdir), 0);
}

/*
 * Histories kept in two places (the repository's, this machine's out/perf)
 * are read as one: a record in both counts once, and --history-out writes
 * the merged history that the doc page was made from.
 */
static void t_report_merge(void)
{
	char a[400], b[400], out[400], doc[400];

	snprintf(a, sizeof(a), "%s/merge-a.jsonl", tmpdir);
	snprintf(b, sizeof(b), "%s/merge-b.jsonl", tmpdir);
	snprintf(out, sizeof(out), "%s/merge-out.jsonl", tmpdir);
	snprintf(doc, sizeof(doc), "%s/merge-doc.md", tmpdir);
	/* a: the x86_64 records (and a blank line); b: every record, arm64
	 * first, one x86_64 record twice, one with a CRLF ending. */
	CHECK_INT(sh("grep '\"x86_64\"' '%s/history-arches.jsonl' >'%s' && echo >>'%s'", fixtures, a, a), 0);
	CHECK_INT(sh("{ grep '\"arm64\"' '%s/history-arches.jsonl'; grep '\"x86_64\"' '%s/history-arches.jsonl' |"
		     " head -n 1 | sed 's/$/\\r/'; cat '%s/history-arches.jsonl'; } >'%s'",
		     fixtures, fixtures, fixtures, b), 0);
	CHECK_INT(sh("'%s' report '%s' '%s' --history-out '%s' --doc '%s' --date 2026-12-05T00:00:00Z >'%s/merge.txt'",
		     binary, a, b, out, doc, tmpdir), 0);
	CHECK_INT(sh("grep -q '^x86_64 icount: 2 records' '%s/merge.txt'", tmpdir), 0);
	CHECK_INT(sh("grep -q '^arm64 icount: 2 records' '%s/merge.txt'", tmpdir), 0);
	/* The merged history: four records, a's first, then b's new ones. */
	CHECK_INT(sh("test $(wc -l <'%s') = 4", out), 0);
	/* a's records first, a's blank line not copied */
	CHECK_INT(sh("grep . '%s' >'%s.nb' && head -n 2 '%s' | cmp -s - '%s.nb'", a, a, out, a), 0);
	CHECK_INT(sh("sort '%s' >'%s.s1' && sort '%s/history-arches.jsonl' >'%s.s2' && cmp -s '%s.s1' '%s.s2'",
		     out, out, fixtures, out, out, out), 0);
	CHECK_INT(sh("grep -c '^## ' '%s' | grep -qx 2", doc), 0);
	/* Nothing read: the committed page and history are not replaced. */
	CHECK_INT(sh("'%s' report '%s/none.jsonl' --doc '%s.none' --history-out '%s.none.jsonl' 2>/dev/null",
		     binary, tmpdir, doc, out), 1);
	CHECK_INT(sh("test -e '%s.none' || test -e '%s.none.jsonl'", doc, out), 1);
	/* A line this tool cannot read stays in the merged history. */
	CHECK_INT(sh("{ cat '%s'; echo '{\"schema\": 99}'; } >'%s.bad' && '%s' report '%s.bad' "
		     "--history-out '%s.bad.out' >/dev/null 2>&1 && grep -qx '{\"schema\": 99}' '%s.bad.out' &&"
		     " test $(wc -l <'%s.bad.out') = 5", out, out, binary, out, out, out, out), 0);
	/* The page names both; the merged history alone gives the same tables. */
	CHECK_INT(sh("grep -qF 'from %s + %s on' '%s'", a, b, doc), 0);
	CHECK_INT(sh("'%s' report '%s' --doc '%s.again' --date 2026-12-05T00:00:00Z >/dev/null", binary, out, doc), 0);
	CHECK_INT(sh("grep -v 'Generated by' '%s' >'%s.1' && grep -v 'Generated by' '%s.again' >'%s.2' && cmp -s '%s.1' '%s.2'",
		     doc, doc, doc, doc, doc, doc), 0);
}

/* Many writers at once: every record whole, none lost. */
static void t_append_concurrent(void)
{
	char path[400], line[300];
	int i, k, st, procs = 8, per = 60;
	size_t len;
	char *s, *p;
	int n = 0, good = 0;

	snprintf(path, sizeof(path), "%s/concurrent.jsonl", tmpdir);
	unlink(path);
	for (i = 0; i < procs; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			for (k = 0; k < per; k++) {
				int m = snprintf(line, sizeof(line), "{\"writer\": %d, \"k\": %d, \"pad\": \"%0200d\"}\n",
						 i, k, 0);
				if (append_line_locked(path, line, (size_t)m))
					_exit(1);
			}
			_exit(0);
		}
	}
	for (i = 0; i < procs; i++) {
		CHECK(wait(&st) > 0);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	s = slurp(path, &len);
	CHECK(s != NULL);
	for (p = s; p && *p; ) {
		char *nl = strchr(p, '\n'), err[100];
		struct jval *v;

		CHECK(nl != NULL);
		if (!nl)
			break;
		v = jread(p, (size_t)(nl - p), err, sizeof(err));
		good += v != NULL;
		jfree(v);
		n++;
		p = nl + 1;
	}
	CHECK_INT(n, procs * per);
	CHECK_INT(good, procs * per);
	free(s);
	/* Not one line: refused. */
	fprintf(stderr, "# (two 'must be one line' messages expected)\n");
	CHECK_INT(append_line_locked(path, "a\nb\n", 4), -1);
	CHECK_INT(append_line_locked(path, "a", 1), -1);
}

int main(int argc, char **argv)
{
	if (harness_start(argc, argv, "tests/perf", "vmshadow-perf-test"))
		return 2;
	run("perf: medians, spreads, totals, workers, verdict, history", t_perf_aggregate);
	run("perf: even rounds, n/a column, missing column", t_perf_even_rounds_and_na);
	run("perf: failed and foreign runs are excluded; usage", t_perf_excluded_runs);
	run("perf: record JSON round trip", t_perf_roundtrip);
	run("perf: a test named total, a name too long for its row", t_perf_odd_names);
	run("report: fixture with a regression is flagged", t_report_fixture_regression);
	run("report: two arches, kasan n/a, no regression", t_report_arches_no_regression);
	run("report: noise band, floor, loops, bad lines", t_report_band_rule);
	run("report: one test 3.8x slower, total inside its band: flagged", t_report_pertest_regression);
	run("report: tests moving inside their own noise: not flagged", t_report_pertest_noise);
	run("report: several histories merged, --history-out", t_report_merge);
	run("report: HTML, Markdown, doc, exit codes", t_report_outputs);
	run("history: concurrent appends stay whole", t_append_concurrent);
	return harness_end();
}
