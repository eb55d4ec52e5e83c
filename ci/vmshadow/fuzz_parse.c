// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: any bytes as a console log. Besides what the
 * sanitizers catch (out-of-bounds, leaks, undefined behaviour), every
 * input must give valid JSON, XML without forbidden characters, and
 * results that are consistent with themselves; otherwise abort().
 *
 *   make fuzz RUNS=N
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "json.h"
#include "junit.h"
#include "parse.h"
#include "results.h"
#include "summary.h"
#include "tests/jsoncheck.h"

typedef void (*writer_fn)(FILE *f, const struct results *r);

static char *render(writer_fn fn, const struct results *r, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f)
		abort();
	fn(f, r);
	fclose(f);
	return buf;
}

/* XML 1.0 text: valid UTF-8, no C0 control but TAB/LF, no U+FFFE/FFFF. */
static int xml_chars_ok(const char *buf, size_t len)
{
	struct jc c = { (const unsigned char *)buf, (const unsigned char *)buf + len, 0 };

	while (c.p < c.e) {
		unsigned char ch = *c.p;

		if (ch < 0x80) {
			if ((ch < 0x20 && ch != '\n' && ch != '\t') || ch == 0x7f)
				return 0;
			c.p++;
			continue;
		}
		if (ch == 0xef && c.e - c.p >= 3 && c.p[1] == 0xbf && c.p[2] >= 0xbe)
			return 0;
		if (!jc_utf8(&c))
			return 0;
	}
	return 1;
}

static void invariants(const struct results *r)
{
	long n = 0;
	size_t i;
	int s;

	for (s = 0; s < T_NSTATUS; s++)
		n += r->counts.n[s];
	if (n != (long)r->ntests + r->dropped_tests[0] + r->dropped_tests[1] +
		 r->dropped_tests[2] + r->dropped_tests[3] + r->dropped_tests[4])
		abort();
	if (r->counts.reports < (long)r->nreports ||
	    r->counts.unexpected_reports > r->counts.reports)
		abort();
	for (i = 0; i < r->nreports; i++) {
		const struct report *rep = &r->reports[i];

		if (rep->first_line < 1 || rep->first_line > rep->last_line ||
		    rep->last_line > r->boot.lines || !rep->title)
			abort();
	}
	for (i = 0; i < r->ntests; i++)
		if (r->tests[i].line < 0 || r->tests[i].line > r->boot.lines)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct results r;
	char *buf;
	size_t len;

	results_init(&r, "fuzz.log");
	parse_buffer(&r, data, size);
	invariants(&r);

	buf = render(json_write, &r, &len);
	if (!json_valid(buf, len))
		abort();
	free(buf);
	buf = render(junit_write, &r, &len);
	if (!xml_chars_ok(buf, len))
		abort();
	free(buf);
	buf = render(summary_write, &r, &len);
	free(buf);

	results_free(&r);
	return 0;
}
