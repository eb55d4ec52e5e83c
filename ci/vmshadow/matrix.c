// SPDX-License-Identifier: GPL-2.0
/*
 * vmshadow matrix DIR: the summary of a `make matrix` folder. Each run
 * folder in DIR (run.json + results.json, or an INCOMPLETE one) is one
 * row: KUnit counts, test_vmalloc counts (align_shift_alloc_test fails
 * by design upstream: counted as xfail), whether the guard-page steps
 * detected their faults, VMAP_STACK from the run's config, the verdict.
 * Rows are sorted by target (then by folder name). Written atomically as
 * DIR/summary.json and DIR/summary.md.
 */
#include "matrix.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fileio.h"
#include "jread.h"
#include "json.h"
#include "util.h"

struct mrow {
	char *run, *target, *variant, *tree, *base_version;
	char *verdict, *reason;
	bool incomplete, vmap_stack;
	const struct jval *build_s, *boot_s, *init_s;	/* numbers, or NULL */
	long kpass, kfail, kskip, tvpass, tvfail, tvxfail;
	const char *guard;
	struct jval *run_json, *results;	/* owned: the numbers point into them */
};

struct matrix {
	struct mrow *rows;
	size_t n;
};

static char *dup_or_null(const char *s)
{
	return s ? xstrndup(s, strlen(s)) : NULL;
}

/* The last line of FILE that is not empty (without its newline), or "". */
static char *last_line(const char *dir, const char *name)
{
	char *p = path_join(dir, name), *line = NULL, *last = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *f = fopen(p, "r");

	free(p);
	while (f && (n = getline(&line, &cap, f)) > 0) {
		line[strcspn(line, "\n")] = '\0';
		if (!line[0])
			continue;
		free(last);
		last = xstrndup(line, strlen(line));
	}
	if (f)
		fclose(f);
	free(line);
	return last ? last : xstrndup("", 0);
}

/* A line of the run's config starts with WANT (grep '^WANT'). */
static bool config_has(const char *dir, const char *want)
{
	char *p = path_join(dir, "config"), *line = NULL;
	size_t cap = 0;
	bool found = false;
	FILE *f = fopen(p, "r");

	free(p);
	while (f && !found && getline(&line, &cap, f) > 0)
		found = !strncmp(line, want, strlen(want));
	if (f)
		fclose(f);
	free(line);
	return found;
}

static bool starts(const char *s, const char *prefix)
{
	return s && !strncmp(s, prefix, strlen(prefix));
}

/* The target of a folder named TIME-TARGET-...: what ci/run.sh names it. */
static char *target_of_name(const char *run)
{
	const char *a = strchr(run, '-'), *b;

	if (!a)
		return NULL;
	b = strchr(a + 1, '-');
	return xstrndup(a + 1, b ? (size_t)(b - a - 1) : strlen(a + 1));
}

static void row_incomplete(struct mrow *r, const char *dir, const char *why)
{
	r->incomplete = true;
	r->target = target_of_name(r->run);
	r->verdict = xstrndup("incomplete", 10);
	r->reason = why ? xstrndup(why, strlen(why)) : last_line(dir, "INCOMPLETE");
}

static void count_tests(struct mrow *r, const struct jval *tests)
{
	long g = 0, gpass = 0, gskip = 0;
	size_t i;

	for (i = 0; tests && tests->type == J_ARR && i < tests->n; i++) {
		const char *suite = jstr(jget(&tests->items[i], "suite"));
		const char *name = jstr(jget(&tests->items[i], "name"));
		const char *st = jstr(jget(&tests->items[i], "status"));

		if (!suite)
			continue;
		if (!strcmp(suite, "runner")) {
			if (starts(name, "lkdtm_STACK_GUARD")) {
				g++;
				gpass += st && !strcmp(st, "PASS");
				gskip += st && !strcmp(st, "SKIP");
			}
			continue;
		}
		if (!st)
			continue;
		if (starts(suite, "kselftest") || starts(suite, "test_vmalloc"))
			continue;
		r->kpass += !strcmp(st, "PASS");
		r->kfail += !strcmp(st, "FAIL") || !strcmp(st, "ERROR");
		r->kskip += !strcmp(st, "SKIP");
	}
	r->guard = !g ? "missing" : gpass == g ? "detected" : gskip == g ? "n/a" : "FAILED";
}

static void count_tvmalloc(struct mrow *r, const struct jval *tv)
{
	size_t i;

	for (i = 0; tv && tv->type == J_ARR && i < tv->n; i++) {
		const char *test = jstr(jget(&tv->items[i], "test"));
		double failed;

		if (!jnum(jget(&tv->items[i], "failed"), &failed))
			continue;	/* no count: neither a pass nor a failure */
		if (failed == 0)
			r->tvpass++;
		else if (starts(test, "align_shift_alloc_test"))
			r->tvxfail++;
		else
			r->tvfail++;
	}
}

static const struct jval *number(const struct jval *v)
{
	return v && v->type == J_NUM ? v : NULL;
}

static void row_read(struct mrow *r, const char *dir)
{
	char err[300], *p;

	if (!is_file_in(dir, "run.json") || !is_file_in(dir, "results.json")) {
		row_incomplete(r, dir, NULL);
		return;
	}
	p = path_join(dir, "run.json");
	r->run_json = jread_file(p, err, sizeof(err));
	free(p);
	if (r->run_json) {
		p = path_join(dir, "results.json");
		r->results = jread_file(p, err, sizeof(err));
		free(p);
	}
	if (!r->run_json || !r->results) {
		/* "run.json: line L: ...": the row already names the folder */
		const char *why = after(err, dir);

		row_incomplete(r, dir, why && *why == '/' ? why + 1 : err);
		return;
	}
	r->target = dup_or_null(jstr(jget(r->run_json, "arch")));
	r->variant = dup_or_null(jstr(jget(r->run_json, "variant")));
	r->tree = dup_or_null(jstr(jget(r->run_json, "tree")));
	r->base_version = dup_or_null(jstr(jget(r->run_json, "base_version")));
	r->build_s = number(jget(r->run_json, "build_seconds"));
	r->boot_s = number(jget(r->run_json, "boot_seconds"));
	r->init_s = number(jget(jget(r->results, "boot"), "init_seconds"));
	count_tests(r, jget(r->results, "tests"));
	count_tvmalloc(r, jget(r->results, "test_vmalloc"));
	r->vmap_stack = config_has(dir, "CONFIG_VMAP_STACK=y");
	r->verdict = dup_or_null(jstr(jget(r->results, "verdict")));
	r->reason = dup_or_null(jstr(jget(r->results, "verdict_reason")));
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_target(const char *a, const char *b)
{
	if (!a || !b)
		return !!a - !!b;	/* a row without a target first */
	return strcmp(a, b);
}

/* Run folders of DIR, by folder name, then stably by target. */
static int matrix_read(struct matrix *m, const char *dir)
{
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, i, j;
	DIR *d = opendir(dir);

	if (!d) {
		fprintf(stderr, "vmshadow: cannot open %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		char *p = path_join(dir, e->d_name);
		struct stat st;
		bool run = e->d_name[0] != '.' && !lstat(p, &st) && S_ISDIR(st.st_mode) &&
			   (is_file_in(p, "run.json") || is_file_in(p, "INCOMPLETE"));

		free(p);
		if (!run)	/* "latest" is a symlink: lstat says so */
			continue;
		names = xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = xstrndup(e->d_name, 255);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_name);
	m->rows = xmalloc((n ? n : 1) * sizeof(*m->rows));
	m->n = n;
	for (i = 0; i < n; i++) {
		char *p = path_join(dir, names[i]);
		struct mrow r = { .run = names[i] };

		row_read(&r, p);
		free(p);
		for (j = i; j > 0 && cmp_target(m->rows[j - 1].target, r.target) > 0; j--)
			m->rows[j] = m->rows[j - 1];
		m->rows[j] = r;
	}
	free(names);
	return 0;
}

static void matrix_free(struct matrix *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		struct mrow *r = &m->rows[i];

		free(r->run);
		free(r->target);
		free(r->variant);
		free(r->tree);
		free(r->base_version);
		free(r->verdict);
		free(r->reason);
		jfree(r->run_json);
		jfree(r->results);
	}
	free(m->rows);
}

static void key_str(FILE *f, const char *key, const char *s)
{
	fprintf(f, "\"%s\": ", key);
	if (s)
		json_put_string(f, s);
	else
		fputs("null", f);
}

static void key_num(FILE *f, const char *key, const struct jval *v)
{
	if (v)
		fprintf(f, "\"%s\": %.15g", key, v->num);
	else
		fprintf(f, "\"%s\": null", key);
}

static void write_json(FILE *f, const void *arg)
{
	const struct matrix *m = arg;
	size_t i;

	fputs("[", f);
	for (i = 0; i < m->n; i++) {
		const struct mrow *r = &m->rows[i];

		fputs(i ? ",\n  {" : "\n  {", f);
		key_str(f, "run", r->run);
		fputs(", ", f);
		key_str(f, "target", r->target);
		if (!r->incomplete) {
			fputs(", ", f);
			key_str(f, "variant", r->variant);
			fputs(", ", f);
			key_str(f, "tree", r->tree);
			fputs(", ", f);
			key_str(f, "base_version", r->base_version);
			fputs(", ", f);
			key_num(f, "build_seconds", r->build_s);
			fputs(", ", f);
			key_num(f, "boot_seconds", r->boot_s);
			fputs(", ", f);
			key_num(f, "init_seconds", r->init_s);
			fprintf(f, ", \"kunit\": {\"pass\": %ld, \"fail\": %ld, \"skip\": %ld}",
				r->kpass, r->kfail, r->kskip);
			fprintf(f, ", \"test_vmalloc\": {\"pass\": %ld, \"fail\": %ld, \"xfail\": %ld}",
				r->tvpass, r->tvfail, r->tvxfail);
			fprintf(f, ", \"guard\": \"%s\", \"vmap_stack\": \"%s\"", r->guard,
				r->vmap_stack ? "y" : "n");
		}
		fputs(", ", f);
		key_str(f, "verdict", r->verdict);
		fputs(", ", f);
		key_str(f, "reason", r->reason);
		fputs("}", f);
	}
	fputs(m->n ? "\n]\n" : "]\n", f);
}

/* A Markdown table cell: '|' would end it, a newline the row. */
static void md_cell(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			fputs("\\|", f);
		else
			fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
	}
}

static void md_num(FILE *f, const struct jval *v)
{
	if (v)
		fprintf(f, "%.15g", v->num);
}

static void write_md(FILE *f, const void *arg)
{
	const struct matrix *m = arg;
	size_t i;

	fputs("| target | base | build s | boot s | KUnit pass/fail/skip | test_vmalloc pass/fail | guard pages | VMAP_STACK | verdict |\n"
	      "|---|---|---|---|---|---|---|---|---|\n", f);
	for (i = 0; i < m->n; i++) {
		const struct mrow *r = &m->rows[i];

		fputs("| ", f);
		md_cell(f, r->target ? r->target : r->run);
		if (r->incomplete) {
			fputs(" | | | | | | | | incomplete: ", f);
			md_cell(f, r->reason);
			fputs(" |\n", f);
			continue;
		}
		fputs(" | ", f);
		md_cell(f, r->base_version);
		fputs(" | ", f);
		md_num(f, r->build_s);
		fputs(" | ", f);
		md_num(f, r->boot_s);
		fprintf(f, " | %ld/%ld/%ld | %ld/%ld (+%ld xfail) | %s | %s | ", r->kpass, r->kfail,
			r->kskip, r->tvpass, r->tvfail, r->tvxfail, r->guard,
			r->vmap_stack ? "y" : "n/a");
		md_cell(f, r->verdict);
		fputs(" |\n", f);
	}
}

static const char matrix_usage[] =
	"usage: vmshadow matrix DIR\n"
	"DIR: a `make matrix` folder (out/matrix/TIME): one row per run folder in\n"
	"it (run.json + results.json; one that did not finish is 'incomplete',\n"
	"with the last line of its INCOMPLETE file). Writes DIR/summary.json and\n"
	"DIR/summary.md atomically (an empty table when DIR holds no run folder).\n"
	"Exit 0, or 2 on usage or I/O errors.\n";

int cmd_matrix(int argc, char **argv)
{
	struct matrix m = { 0 };
	char *json, *md;
	int ret = 0;

	if (argc == 3 && (!strcmp(argv[2], "-h") || !strcmp(argv[2], "--help"))) {
		fputs(matrix_usage, stdout);
		return 0;
	}
	if (argc != 3 || !argv[2][0])
		usage_fail(matrix_usage, "matrix needs one DIR");
	if (matrix_read(&m, argv[2]))
		return 2;
	/* No run folder (every job failed before it made one): an empty table. */
	if (!m.n)
		fprintf(stderr, "vmshadow: %s holds no run folder (run.json or INCOMPLETE): the table is empty\n",
			argv[2]);
	json = path_join(argv[2], "summary.json");
	md = path_join(argv[2], "summary.md");
	if (write_file_atomic(json, write_json, &m, 0) || write_file_atomic(md, write_md, &m, 0))
		ret = 2;
	free(json);
	free(md);
	matrix_free(&m);
	return ret;
}
