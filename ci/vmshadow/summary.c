// SPDX-License-Identifier: GPL-2.0
#include "summary.h"

#include <ctype.h>
#include <string.h>

/*
 * Text from the log is printed as is, except control characters (a
 * terminal escape in a log must not reach the reader's terminal).
 */
static void text(FILE *f, const char *s)
{
	for (; *s; s++)
		putc(iscntrl((unsigned char)*s) ? '?' : *s, f);
}

static void header(FILE *f, const struct results *r)
{
	const struct boot *b = &r->boot;
	const struct counts *c = &r->counts;
	char v[8];
	size_t i;

	for (i = 0; i + 1 < sizeof(v) && verdict_name(r->verdict)[i]; i++)
		v[i] = (char)toupper((unsigned char)verdict_name(r->verdict)[i]);
	v[i] = '\0';
	fprintf(f, "vmshadow: verdict %s: ", v);
	text(f, r->verdict_reason ? r->verdict_reason : "");
	fputs("\nlog: ", f);
	text(f, r->log);
	fprintf(f, " (%ld lines%s)\n", b->lines, b->truncated ? ", truncated" : "");
	fputs("boot: plan ", f);
	text(f, b->plan ? b->plan : "?");
	fputs(", arch ", f);
	text(f, b->arch ? b->arch : "?");
	if (b->cpus >= 0)
		fprintf(f, ", cpus %lld", b->cpus);
	else
		fputs(", cpus ?", f);
	fputs(", kernel ", f);
	text(f, b->kernel ? b->kernel : "?");
	if (b->has_init_seconds)
		fprintf(f, "; init at %.3fs", b->init_seconds);
	else if (!b->reached_init)
		fputs("; init not reached", f);
	fprintf(f, "; end marker %s\n", b->end_marker ? "yes" : "no");
	fprintf(f, "tests: %ld pass, %ld fail, %ld skip, %ld error, %ld xfail\n",
		c->n[T_PASS], c->n[T_FAIL], c->n[T_SKIP], c->n[T_ERROR], c->n[T_XFAIL]);
	fprintf(f, "reports: %ld (%ld unexpected)\n", c->reports, c->unexpected_reports);
}

static void failing(FILE *f, const struct results *r)
{
	size_t i, shown = 0, total = 0;

	for (i = 0; i < r->ntests; i++) {
		const struct test *t = &r->tests[i];

		if (t->status != T_FAIL && t->status != T_ERROR)
			continue;
		if (!total++)
			fputs("\nfailing tests:\n", f);
		if (shown == SUMMARY_MAX_ITEMS)
			continue;
		shown++;
		fprintf(f, "  %-5s ", tstatus_name(t->status));
		text(f, t->suite);
		putc('/', f);
		text(f, t->name);
		fprintf(f, " (line %ld)", t->line);
		if (t->reason[0]) {
			fputs(": ", f);
			text(f, t->reason);
		}
		putc('\n', f);
	}
	if (total > shown)
		fprintf(f, "  ... %zu more\n", total - shown);
}

static void unexpected(FILE *f, const struct results *r)
{
	size_t i, shown = 0, total = 0;

	for (i = 0; i < r->nreports; i++) {
		const struct report *rep = &r->reports[i];

		if (rep->expected)
			continue;
		if (!total++)
			fputs("\nunexpected reports:\n", f);
		if (shown == SUMMARY_MAX_ITEMS)
			continue;
		shown++;
		fprintf(f, "  line %ld: %s: ", rep->first_line, rkind_name(rep->kind));
		text(f, rep->title);
		if (rep->attributed_to) {
			fputs(" (in ", f);
			text(f, rep->attributed_to);
			putc(')', f);
		}
		if (rep->cut_short)
			fputs(" [cut short: the log ends inside it]", f);
		putc('\n', f);
	}
	total += (size_t)r->dropped_unexpected;
	if (total > shown)
		fprintf(f, "  ... %zu more\n", total - shown);
}

static void tvm_table(FILE *f, const struct results *r)
{
	size_t i;

	if (r->ntvm) {
		fprintf(f, "\ntest_vmalloc:\n  %-16s %-32s %8s %8s %8s %10s %10s\n",
			"step", "test", "passed", "failed", "repeat", "loops", "avg_usec");
		for (i = 0; i < r->ntvm; i++) {
			const struct tvm_summary *s = &r->tvm[i];

			fputs("  ", f);
			fprintf(f, "%-16.16s ", s->step ? s->step : "-");
			fprintf(f, "%-32.32s %8lld %8lld %8lld %10lld %10lld\n", s->test,
				s->passed, s->failed, s->repeat, s->loops, s->avg_usec);
		}
	}
	if (r->ncycles) {
		fprintf(f, "\ntest_vmalloc cycles:\n  %-16s %8s %16s\n", "step", "worker", "cycles");
		for (i = 0; i < r->ncycles; i++) {
			const struct tvm_cycles *c = &r->cycles[i];

			fprintf(f, "  %-16.16s %8lld %16lld\n", c->step ? c->step : "-",
				c->worker, c->cycles);
		}
	}
}

void summary_write(FILE *f, const struct results *r)
{
	header(f, r);
	failing(f, r);
	unexpected(f, r);
	tvm_table(f, r);
}
