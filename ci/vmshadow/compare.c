// SPDX-License-Identifier: GPL-2.0
/*
 * vmshadow compare FIRST SECOND: what failed in the first results.json
 * and not in the second. ci/run.sh boots a kernel whose run failed once
 * more; a failure of the first boot that the second does not repeat is
 * flaky. A failure is a test whose status is FAIL or ERROR ("SUITE/NAME")
 * or a kernel report that no test expected ("report: TITLE"). Prints
 * them as one JSON array of strings, in the first file's order (a
 * failure that is in the second file, however often, is left out).
 */
#include "compare.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jread.h"
#include "json.h"
#include "util.h"

struct flist {
	char **s;
	size_t n;
};

static void add(struct flist *l, struct strbuf *b)
{
	l->s = xrealloc(l->s, (l->n + 1) * sizeof(*l->s));
	l->s[l->n++] = sb_take(b);
}

/* A name as the flaky list shows it ("null" when missing, as jq did). */
static const char *or_null(const struct jval *v)
{
	return jstr(v) ? jstr(v) : "null";
}

static void failures(const struct jval *res, struct flist *l)
{
	const struct jval *tests = jget(res, "tests"), *reps = jget(res, "reports");
	struct strbuf b;
	size_t i;

	for (i = 0; tests && tests->type == J_ARR && i < tests->n; i++) {
		const struct jval *t = &tests->items[i];
		const char *st = jstr(jget(t, "status"));

		if (!st || (strcmp(st, "FAIL") && strcmp(st, "ERROR")))
			continue;
		sb_init(&b, 64);
		sb_addf(&b, "%s/%s", or_null(jget(t, "suite")), or_null(jget(t, "name")));
		add(l, &b);
	}
	for (i = 0; reps && reps->type == J_ARR && i < reps->n; i++) {
		const struct jval *r = &reps->items[i], *exp = jget(r, "expected");

		/* unexpected: "expected" missing, null or false */
		if (exp && exp->type != J_NULL && !(exp->type == J_BOOL && !exp->b))
			continue;
		sb_init(&b, 64);
		sb_add(&b, "report: ");
		sb_add(&b, or_null(jget(r, "title")));
		add(l, &b);
	}
}

static void flist_free(struct flist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->s[i]);
	free(l->s);
}

static bool in(const struct flist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->s[i], s))
			return true;
	return false;
}

static const char compare_usage[] =
	"usage: vmshadow compare FIRST SECOND\n"
	"FIRST, SECOND: results.json of two boots of one kernel. Prints, as one\n"
	"JSON array of strings, each failure of FIRST (\"SUITE/NAME\" of a FAIL or\n"
	"ERROR test, \"report: TITLE\" of an unexpected kernel report) that SECOND\n"
	"does not have: what was flaky. Exit 0, or 2 on usage or I/O errors.\n";

int cmd_compare(int argc, char **argv)
{
	struct flist a = { 0 }, b = { 0 };
	struct jval *first, *second;
	char err[300];
	size_t i;
	bool sep = false;

	if (argc == 3 && (!strcmp(argv[2], "-h") || !strcmp(argv[2], "--help"))) {
		fputs(compare_usage, stdout);
		return 0;
	}
	if (argc != 4)
		usage_fail(compare_usage, "compare needs two results.json files");
	first = jread_file(argv[2], err, sizeof(err));
	if (!first) {
		fprintf(stderr, "vmshadow: %s\n", err);
		return 2;
	}
	second = jread_file(argv[3], err, sizeof(err));
	if (!second) {
		fprintf(stderr, "vmshadow: %s\n", err);
		jfree(first);
		return 2;
	}
	failures(first, &a);
	failures(second, &b);
	fputs("[", stdout);
	for (i = 0; i < a.n; i++) {
		if (in(&b, a.s[i]))
			continue;
		if (sep)
			fputs(",", stdout);
		json_put_string(stdout, a.s[i]);
		sep = true;
	}
	fputs("]\n", stdout);
	flist_free(&a);
	flist_free(&b);
	jfree(first);
	jfree(second);
	return fflush(stdout) ? 2 : 0;
}
