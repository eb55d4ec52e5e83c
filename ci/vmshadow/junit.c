// SPDX-License-Identifier: GPL-2.0
#include "junit.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "util.h"

#define REPLACEMENT "\xef\xbf\xbd"	/* U+FFFD */

void xml_string(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	while (*s) {
		unsigned char c = *s;
		int n;

		switch (c) {
		case '&':  fputs("&amp;", f); s++; continue;
		case '<':  fputs("&lt;", f); s++; continue;
		case '>':  fputs("&gt;", f); s++; continue;
		case '"':  fputs("&quot;", f); s++; continue;
		case '\'': fputs("&apos;", f); s++; continue;
		case '\t': fputs("&#9;", f); s++; continue;
		case '\n': fputs("&#10;", f); s++; continue;
		}
		n = utf8_seq(s);
		/* Not allowed in XML 1.0: C0 controls, DEL (discouraged), U+FFFE/F. */
		if (n == 0 || c < 0x20 || c == 0x7f ||
		    (n == 3 && c == 0xef && s[1] == 0xbf && s[2] >= 0xbe)) {
			fputs(REPLACEMENT, f);
			s += n ? n : 1;
			continue;
		}
		fwrite(s, 1, (size_t)n, f);
		s += n;
	}
}

/* Suite ids in order of first appearance, via a small open hash table. */
static size_t *suite_ids(const struct results *r, size_t *nsuites)
{
	size_t cap = 16, i, n = 0;
	size_t *ids = xmalloc(r->ntests * sizeof(*ids) + 1);
	long *slot, *first;

	while (cap < 2 * r->ntests + 2)
		cap *= 2;
	slot = xmalloc(cap * sizeof(*slot));
	first = xmalloc(cap * sizeof(*first));
	for (i = 0; i < cap; i++)
		slot[i] = -1;
	for (i = 0; i < r->ntests; i++) {
		const char *s = r->tests[i].suite;
		size_t h = 5381;
		const char *p;

		for (p = s; *p; p++)
			h = h * 33 + (unsigned char)*p;
		for (h &= cap - 1; slot[h] >= 0; h = (h + 1) & (cap - 1))
			if (!strcmp(r->tests[first[h]].suite, s))
				break;
		if (slot[h] < 0) {
			slot[h] = (long)n++;
			first[h] = (long)i;
		}
		ids[i] = (size_t)slot[h];
	}
	free(slot);
	free(first);
	*nsuites = n;
	return ids;
}

static void testcase(FILE *f, const struct test *t)
{
	fputs("    <testcase classname=\"", f);
	xml_string(f, t->suite);
	fputs("\" name=\"", f);
	xml_string(f, t->name);
	fputs("\"", f);
	switch (t->status) {
	case T_PASS:
		fputs("/>\n", f);
		return;
	case T_SKIP:
		fputs("><skipped message=\"", f);
		xml_string(f, t->reason);
		fputs("\"/></testcase>\n", f);
		return;
	case T_XFAIL:
		fputs("><system-out>expected failure: ", f);
		xml_string(f, t->reason);
		fputs("</system-out></testcase>\n", f);
		return;
	case T_FAIL:
	case T_ERROR:
	default:
		fprintf(f, "><%s message=\"", t->status == T_FAIL ? "failure" : "error");
		xml_string(f, t->reason);
		fprintf(f, "\" type=\"%s\">console.log line %ld: ", tstatus_name(t->status), t->line);
		xml_string(f, t->reason);
		fprintf(f, "</%s></testcase>\n", t->status == T_FAIL ? "failure" : "error");
		return;
	}
}

static void kernel_suite(FILE *f, const struct results *r)
{
	bool boot_bad = r->verdict == V_CRASH || r->verdict == V_HANG;
	long unexpected = r->counts.unexpected_reports;
	size_t i;

	fprintf(f, "  <testsuite name=\"kernel\" tests=\"2\" failures=\"%d\" errors=\"0\" skipped=\"0\">\n",
		(int)boot_bad + (unexpected > 0));
	fputs("    <testcase classname=\"kernel\" name=\"boot\"", f);
	if (boot_bad) {
		fprintf(f, "><failure message=\"%s: ", verdict_name(r->verdict));
		xml_string(f, r->verdict_reason ? r->verdict_reason : "");
		fprintf(f, "\" type=\"%s\"/></testcase>\n", verdict_name(r->verdict));
	} else {
		fputs("/>\n", f);
	}
	fputs("    <testcase classname=\"kernel\" name=\"unexpected_reports\"", f);
	if (!unexpected) {
		fputs("/>\n  </testsuite>\n", f);
		return;
	}
	fprintf(f, "><failure message=\"%ld unexpected kernel report(s)\" type=\"report\">", unexpected);
	for (i = 0; i < r->nreports; i++) {
		const struct report *rep = &r->reports[i];

		if (rep->expected)
			continue;
		fprintf(f, "console.log lines %ld-%ld: %s: ", rep->first_line,
			rep->last_line, rkind_name(rep->kind));
		xml_string(f, rep->title);
		if (rep->attributed_to) {
			fputs(" (in ", f);
			xml_string(f, rep->attributed_to);
			fputs(")", f);
		}
		if (rep->cut_short)
			fputs(" [cut short: the log ends inside it]", f);
		fputs("\n", f);
	}
	if (r->dropped_unexpected)
		fprintf(f, "(%ld more not listed)\n", r->dropped_unexpected);
	fputs("</failure></testcase>\n  </testsuite>\n", f);
}

void junit_write(FILE *f, const struct results *r)
{
	const struct counts *c = &r->counts;
	size_t nsuites, s, i, *ids = suite_ids(r, &nsuites);
	bool boot_bad = r->verdict == V_CRASH || r->verdict == V_HANG;
	long (*per)[T_NSTATUS] = xmalloc((nsuites + 1) * sizeof(*per));
	size_t *start = xmalloc((nsuites + 1) * sizeof(*start));
	size_t *order = xmalloc(r->ntests * sizeof(*order) + 1);

	/* Counting sort of the tests by suite id (stable). */
	memset(per, 0, (nsuites + 1) * sizeof(*per));
	memset(start, 0, (nsuites + 1) * sizeof(*start));
	for (i = 0; i < r->ntests; i++) {
		per[ids[i]][r->tests[i].status]++;
		start[ids[i] + 1]++;
	}
	for (s = 0; s < nsuites; s++)
		start[s + 1] += start[s];
	for (i = 0; i < r->ntests; i++)
		order[start[ids[i]]++] = i;

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f, "<testsuites name=\"vmshadow\" tests=\"%zu\" failures=\"%ld\" "
		"errors=\"%ld\" skipped=\"%ld\">\n", r->ntests + 2,
		(long)(c->n[T_FAIL] - r->dropped_tests[T_FAIL]) + boot_bad +
		(c->unexpected_reports > 0),
		(long)(c->n[T_ERROR] - r->dropped_tests[T_ERROR]),
		(long)(c->n[T_SKIP] - r->dropped_tests[T_SKIP]));
	for (s = 0, i = 0; s < nsuites; s++) {
		const long *n = per[s];
		long total = n[T_PASS] + n[T_FAIL] + n[T_SKIP] + n[T_ERROR] + n[T_XFAIL];

		fputs("  <testsuite name=\"", f);
		xml_string(f, r->tests[order[i]].suite);
		fprintf(f, "\" tests=\"%ld\" failures=\"%ld\" errors=\"%ld\" skipped=\"%ld\">\n",
			total, n[T_FAIL], n[T_ERROR], n[T_SKIP]);
		for (; total > 0; total--, i++)
			testcase(f, &r->tests[order[i]]);
		fputs("  </testsuite>\n", f);
	}
	kernel_suite(f, r);
	fputs("</testsuites>\n", f);
	free(ids);
	free(per);
	free(start);
	free(order);
}
