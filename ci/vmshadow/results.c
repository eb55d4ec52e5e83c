// SPDX-License-Identifier: GPL-2.0
#include "results.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char *const tstatus_names[T_NSTATUS] = {
	"PASS", "FAIL", "SKIP", "ERROR", "XFAIL",
};
static const char *const rkind_names[R_NKIND] = {
	"KASAN", "BUG", "OOPS", "WARNING", "PANIC", "ALLOC", "NOMEM",
	"LOCKDEP", "STALL", "UBSAN", "LEAK", "KFENCE", "KCSAN", "KMSAN",
};
static const char *const verdict_names[] = { "pass", "fail", "crash", "hang" };

const char *tstatus_name(enum tstatus s) { return tstatus_names[s]; }
const char *rkind_name(enum rkind k) { return rkind_names[k]; }
const char *verdict_name(enum verdict v) { return verdict_names[v]; }

void test_fullname(const struct test *t, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s/%s", t->suite, t->name);
}

void results_init(struct results *r, const char *logpath)
{
	memset(r, 0, sizeof(*r));
	r->log = xstrcap(logpath ? logpath : "", 4096);
	r->boot.cpus = -1;
}

void results_free(struct results *r)
{
	size_t i;

	for (i = 0; i < r->ntests; i++) {
		free(r->tests[i].suite);
		free(r->tests[i].name);
		free(r->tests[i].reason);
	}
	for (i = 0; i < r->nreports; i++) {
		free(r->reports[i].title);
		free(r->reports[i].bug_type);
		free(r->reports[i].function);
		free(r->reports[i].attributed_to);
	}
	for (i = 0; i < r->ntvm; i++) {
		free(r->tvm[i].step);
		free(r->tvm[i].test);
	}
	for (i = 0; i < r->ncycles; i++)
		free(r->cycles[i].step);
	free(r->tests);
	free(r->reports);
	free(r->tvm);
	free(r->cycles);
	free(r->log);
	free(r->boot.plan);
	free(r->boot.arch);
	free(r->boot.kernel);
	free(r->verdict_reason);
	memset(r, 0, sizeof(*r));
}

/* Make room for one more element of size sz in a vector capped at max. */
static bool grow(void **v, size_t *n, size_t *alloc, size_t sz, size_t max)
{
	if (*n >= max)
		return false;
	if (*n == *alloc) {
		size_t a = *alloc ? *alloc * 2 : 64;

		if (a > max)
			a = max;
		*v = xrealloc(*v, a * sz);
		*alloc = a;
	}
	return true;
}

long results_add_test(struct results *r, const char *suite, const char *name,
		      enum tstatus st, const char *reason, long line,
		      const void *owner)
{
	struct test *t;

	if (!grow((void **)&r->tests, &r->ntests, &r->atests, sizeof(*t), MAX_TESTS)) {
		r->dropped_tests[st]++;
		return -1;
	}
	t = &r->tests[r->ntests];
	t->suite = xstrcap(suite, NAME_CAP);
	t->name = xstrcap(name, NAME_CAP);
	t->reason = xstrcap(reason ? reason : "", TEXT_CAP);
	t->status = st;
	t->line = line;
	t->owner = owner;
	return (long)r->ntests++;
}

struct report *results_new_report(struct results *r)
{
	struct report *rep;

	if (!grow((void **)&r->reports, &r->nreports, &r->areports,
		  sizeof(*rep), MAX_REPORTS))
		return NULL;
	rep = &r->reports[r->nreports++];
	memset(rep, 0, sizeof(*rep));
	return rep;
}

void results_add_tvm(struct results *r, const char *step, const char *test,
		     long long passed, long long failed, long long repeat,
		     long long loops, long long avg_usec)
{
	struct tvm_summary *s;

	if (!grow((void **)&r->tvm, &r->ntvm, &r->atvm, sizeof(*s), MAX_TVM))
		return;
	s = &r->tvm[r->ntvm++];
	s->step = xstrcap(step, NAME_CAP);
	s->test = xstrcap(test, NAME_CAP);
	s->passed = passed;
	s->failed = failed;
	s->repeat = repeat;
	s->loops = loops;
	s->avg_usec = avg_usec;
}

void results_add_cycles(struct results *r, const char *step,
			long long worker, long long cycles)
{
	struct tvm_cycles *c;

	if (!grow((void **)&r->cycles, &r->ncycles, &r->acycles, sizeof(*c), MAX_TVM))
		return;
	c = &r->cycles[r->ncycles++];
	c->step = xstrcap(step, NAME_CAP);
	c->worker = worker;
	c->cycles = cycles;
}

/* Up to this many failures are named in a "fail" verdict_reason. */
#define REASON_ITEMS 3

static void fail_reason(struct results *r, struct strbuf *b)
{
	long shown = 0, total = r->counts.n[T_FAIL] + r->counts.n[T_ERROR] +
				r->counts.unexpected_reports;
	size_t i;

	for (i = 0; i < r->ntests && shown < REASON_ITEMS; i++) {
		const struct test *t = &r->tests[i];

		if (t->status != T_FAIL && t->status != T_ERROR)
			continue;
		sb_addf(b, "%s%s/%s %s", shown ? "; " : "", t->suite, t->name,
			tstatus_name(t->status));
		shown++;
	}
	for (i = 0; i < r->nreports && shown < REASON_ITEMS; i++) {
		const struct report *rep = &r->reports[i];

		if (rep->expected)
			continue;
		sb_addf(b, "%sunexpected %s", shown ? "; " : "", rep->title);
		shown++;
	}
	if (total > shown)
		sb_addf(b, "; +%ld more", total - shown);
}

bool results_untestable(const struct results *r)
{
	const struct counts *c = &r->counts;

	return r->verdict != V_PASS && !r->boot.any_log && !r->boot.reached_init &&
	       !c->reports && !c->n[T_FAIL] && !c->n[T_ERROR];
}

void results_finish(struct results *r, const char *last_step)
{
	struct counts *c = &r->counts;
	const struct report *panic = NULL;
	struct strbuf b;
	size_t i;
	int s;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < r->ntests; i++)
		c->n[r->tests[i].status]++;
	for (s = 0; s < T_NSTATUS; s++)
		c->n[s] += r->dropped_tests[s];
	c->reports = (long)r->nreports + r->dropped_reports;
	c->unexpected_reports = r->dropped_unexpected;
	for (i = 0; i < r->nreports; i++) {
		if (!r->reports[i].expected)
			c->unexpected_reports++;
		if (r->reports[i].kind == R_PANIC && !panic)
			panic = &r->reports[i];
	}

	sb_init(&b, 1000);
	if (panic) {
		r->verdict = V_CRASH;
		sb_add(&b, panic->title);
	} else if (!r->boot.end_marker && !r->boot.any_log) {
		r->verdict = V_HANG;
		sb_add(&b, "no end marker 'vmshadow: runner end': ");
		if (!r->boot.reached_init)
			sb_add(&b, "init was never reached");
		else if (last_step)
			sb_addf(&b, "init reached, last step begun: %s", last_step);
		else
			sb_add(&b, "init reached, no runner step begun");
		sb_addf(&b, " (log ends at line %ld)", r->boot.lines);
	} else if (c->n[T_FAIL] || c->n[T_ERROR] || c->unexpected_reports) {
		r->verdict = V_FAIL;
		fail_reason(r, &b);
	} else if (r->boot.plan && !strcmp(r->boot.plan, "quick") &&
		   !c->n[T_PASS] && !c->n[T_XFAIL]) {
		/* quick is the KUnit suites and nothing else: none ran or passed. */
		r->verdict = V_FAIL;
		sb_add(&b, "plan quick: no KUnit case passed (kunit.enable=0, or no suite built in?)");
	} else {
		r->verdict = V_PASS;
		sb_addf(&b, "%ld passed, %ld skipped, %ld xfail; %ld expected reports",
			c->n[T_PASS], c->n[T_SKIP], c->n[T_XFAIL], c->reports);
	}
	free(r->verdict_reason);
	r->verdict_reason = sb_take(&b);
}
