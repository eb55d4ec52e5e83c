// SPDX-License-Identifier: GPL-2.0
#include "json.h"

#include <stdbool.h>

#include "util.h"

static bool cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

int utf8_seq(const unsigned char *s)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return cont(s[1]) ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		/* No overlongs (E0 80..9F), no surrogates (ED A0..BF). */
		if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] > 0x9f))
			return 0;
		return cont(s[1]) && cont(s[2]) ? 3 : 0;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		/* No overlongs (F0 80..8F), nothing above U+10FFFF. */
		if ((c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] > 0x8f))
			return 0;
		return cont(s[1]) && cont(s[2]) && cont(s[3]) ? 4 : 0;
	}
	return 0;
}

void json_put_string(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	putc('"', f);
	while (*s) {
		unsigned char c = *s;
		int n;

		switch (c) {
		case '"':  fputs("\\\"", f); s++; continue;
		case '\\': fputs("\\\\", f); s++; continue;
		case '\n': fputs("\\n", f); s++; continue;
		case '\r': fputs("\\r", f); s++; continue;
		case '\t': fputs("\\t", f); s++; continue;
		case '\b': fputs("\\b", f); s++; continue;
		case '\f': fputs("\\f", f); s++; continue;
		}
		n = utf8_seq(s);	/* stops at NUL: a NUL is never a continuation */
		if (c < 0x20 || c == 0x7f || n == 0) {
			fprintf(f, "\\u%04x", c);
			s++;
			continue;
		}
		fwrite(s, 1, (size_t)n, f);
		s += n;
	}
	putc('"', f);
}

static void str_or_null(FILE *f, const char *s)
{
	if (s)
		json_put_string(f, s);
	else
		fputs("null", f);
}

static void write_boot(FILE *f, const struct boot *b)
{
	fputs("  \"boot\": {", f);
	fprintf(f, "\"reached_init\": %s, ", b->reached_init ? "true" : "false");
	if (b->has_init_seconds)
		fprintf(f, "\"init_seconds\": %.6f, ", b->init_seconds);
	else
		fputs("\"init_seconds\": null, ", f);
	fprintf(f, "\"end_marker\": %s, ", b->end_marker ? "true" : "false");
	fprintf(f, "\"any_log\": %s, ", b->any_log ? "true" : "false");
	fprintf(f, "\"truncated\": %s,\n           ", b->truncated ? "true" : "false");
	fputs("\"plan\": ", f);
	str_or_null(f, b->plan);
	fputs(", \"arch\": ", f);
	str_or_null(f, b->arch);
	if (b->cpus >= 0)
		fprintf(f, ", \"cpus\": %lld", b->cpus);
	else
		fputs(", \"cpus\": null", f);
	fputs(", \"kernel\": ", f);
	str_or_null(f, b->kernel);
	fprintf(f, ", \"lines\": %ld},\n", b->lines);
}

static void write_tests(FILE *f, const struct results *r)
{
	size_t i;

	fputs("  \"tests\": [", f);
	for (i = 0; i < r->ntests; i++) {
		const struct test *t = &r->tests[i];

		fputs(i ? ",\n    " : "\n    ", f);
		fputs("{\"suite\": ", f);
		json_put_string(f, t->suite);
		fputs(", \"name\": ", f);
		json_put_string(f, t->name);
		fprintf(f, ", \"status\": \"%s\", \"reason\": ", tstatus_name(t->status));
		json_put_string(f, t->reason);
		fprintf(f, ", \"line\": %ld}", t->line);
	}
	fputs(r->ntests ? "\n  ],\n" : "],\n", f);
}

static void write_reports(FILE *f, const struct results *r)
{
	size_t i;

	fputs("  \"reports\": [", f);
	for (i = 0; i < r->nreports; i++) {
		const struct report *rep = &r->reports[i];

		fputs(i ? ",\n    " : "\n    ", f);
		fprintf(f, "{\"kind\": \"%s\", \"class\": ", rkind_name(rep->kind));
		json_put_string(f, rep->class ? rep->class : "");
		fputs(", \"title\": ", f);
		json_put_string(f, rep->title);
		fputs(", \"bug_type\": ", f);
		str_or_null(f, rep->bug_type);
		fputs(", \"access\": ", f);
		str_or_null(f, rep->access == A_READ ? "Read" :
			       rep->access == A_WRITE ? "Write" : NULL);
		fputs(", \"function\": ", f);
		str_or_null(f, rep->function);
		fprintf(f, ", \"first_line\": %ld, \"last_line\": %ld, \"cut_short\": %s, "
			"\"expected\": %s, \"attributed_to\": ", rep->first_line, rep->last_line,
			rep->cut_short ? "true" : "false", rep->expected ? "true" : "false");
		str_or_null(f, rep->attributed_to);
		fputc('}', f);
	}
	fputs(r->nreports ? "\n  ],\n" : "],\n", f);
}

static void write_tvm(FILE *f, const struct results *r)
{
	size_t i;

	fputs("  \"test_vmalloc\": [", f);
	for (i = 0; i < r->ntvm; i++) {
		const struct tvm_summary *s = &r->tvm[i];

		fputs(i ? ",\n    " : "\n    ", f);
		fputs("{\"step\": ", f);
		str_or_null(f, s->step);
		fputs(", \"test\": ", f);
		json_put_string(f, s->test);
		fprintf(f, ", \"passed\": %lld, \"failed\": %lld, \"repeat\": %lld, "
			"\"loops\": %lld, \"avg_usec\": %lld}", s->passed, s->failed,
			s->repeat, s->loops, s->avg_usec);
	}
	fputs(r->ntvm ? "\n  ],\n" : "],\n", f);

	fputs("  \"test_vmalloc_cycles\": [", f);
	for (i = 0; i < r->ncycles; i++) {
		const struct tvm_cycles *c = &r->cycles[i];

		fputs(i ? ",\n    " : "\n    ", f);
		fputs("{\"step\": ", f);
		str_or_null(f, c->step);
		fprintf(f, ", \"worker\": %lld, \"cycles\": %lld}", c->worker, c->cycles);
	}
	fputs(r->ncycles ? "\n  ],\n" : "],\n", f);
}

void json_write(FILE *f, const struct results *r)
{
	const struct counts *c = &r->counts;

	fputs("{\n  \"schema\": 1,\n  \"log\": ", f);
	json_put_string(f, r->log);
	fputs(",\n", f);
	write_boot(f, &r->boot);
	write_tests(f, r);
	write_reports(f, r);
	write_tvm(f, r);
	fprintf(f, "  \"counts\": {\"pass\": %ld, \"fail\": %ld, \"skip\": %ld, "
		"\"error\": %ld, \"xfail\": %ld, \"reports\": %ld, "
		"\"unexpected_reports\": %ld},\n",
		c->n[T_PASS], c->n[T_FAIL], c->n[T_SKIP], c->n[T_ERROR],
		c->n[T_XFAIL], c->reports, c->unexpected_reports);
	fprintf(f, "  \"verdict\": \"%s\",\n  \"verdict_reason\": ", verdict_name(r->verdict));
	json_put_string(f, r->verdict_reason ? r->verdict_reason : "");
	fputs("\n}\n", f);
}
