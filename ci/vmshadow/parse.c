// SPDX-License-Identifier: GPL-2.0
#include "parse.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ktap.h"
#include "oops.h"
#include "tvmalloc.h"
#include "util.h"

#define RUNNER_PREFIX	"vmshadow: "
#define RELAY_INDENT	"    "
#define RUNNER_MAX_STEP	100000

struct parser {
	struct results *r;
	struct ktap kern;		/* KUnit, printed by the kernel */
	struct ktap relay;		/* kselftest TAP relayed in a step */
	struct oopsdet rep;
	struct tvmalloc tvm;

	/* The runner step window open now (between "# step" and its result). */
	bool step_open;
	long long step_num;
	char step_name[NAME_CAP + 1];
	unsigned step_mask;		/* 1 << kind, for expect=KINDS */
	char last_step[NAME_CAP + 32];	/* "K NAME" of the last step begun */
	long long runner_plan;		/* -1: no "1..N" yet */
	long long runner_last;		/* highest step number seen */
	bool init_from_runner;		/* init_seconds is the runner's */

	/* Reports inside a KUnit suite wait for the next result there. */
	long *pending;
	size_t npending;
	char pending_suite[NAME_CAP + 1];
};

/* ---- report attribution ---- */

static bool stored(const struct parser *p, const struct report *rep)
{
	return rep >= p->r->reports && rep < p->r->reports + p->r->nreports;
}

/* Attribute every pending report to what (a "suite/case" or "suite"). */
static void resolve_pending(struct parser *p, const char *what)
{
	size_t i;

	for (i = 0; i < p->npending; i++) {
		struct report *rep = &p->r->reports[p->pending[i]];

		free(rep->attributed_to);
		rep->attributed_to = xstrcap(what, NAME_CAP);
	}
	p->npending = 0;
}

/*
 * After a kernel KTAP line: the first result that follows a report in its
 * suite names its case; a suite that ended without one names itself.
 */
static void check_pending(struct parser *p)
{
	const char *suite = ktap_suite(&p->kern);

	if (!p->npending)
		return;
	if (p->kern.first_new >= 0) {
		const struct test *t = &p->r->tests[p->kern.first_new];

		if (!strcmp(t->suite, p->pending_suite)) {
			char what[2 * NAME_CAP + 2];

			snprintf(what, sizeof(what), "%s/%s", t->suite, t->name);
			resolve_pending(p, what);
			return;
		}
	}
	if (!suite || strcmp(suite, p->pending_suite))
		resolve_pending(p, p->pending_suite);
}

static void on_report_start(void *ctx, struct report *rep)
{
	struct parser *p = ctx;
	const char *suite = ktap_suite(&p->kern);

	if (p->step_open) {
		rep->attributed_to = xstrcap(p->step_name, NAME_CAP);
		rep->expect_mask = p->step_mask;
	}
	if (!suite)
		return;
	rep->kunit_kasan = after(suite, "kasan") && rep->kind == R_KASAN;
	if (!stored(p, rep))
		return;
	if (p->npending && strcmp(suite, p->pending_suite))
		resolve_pending(p, p->pending_suite);
	if (!p->pending)
		p->pending = xmalloc(MAX_REPORTS * sizeof(*p->pending));
	str_copy(p->pending_suite, sizeof(p->pending_suite), suite, NAME_CAP);
	p->pending[p->npending++] = (long)(rep - p->r->reports);
}

static void on_report_end(void *ctx, struct report *rep, bool is_stored)
{
	struct parser *p = ctx;

	rep->expected = rep->kunit_kasan ||
			(rep->expect_mask & (1u << rep->kind)) ||
			(rep->oopsed && (rep->expect_mask & (1u << R_OOPS)));
	if (!is_stored) {
		p->r->dropped_reports++;
		if (!rep->expected)
			p->r->dropped_unexpected++;
	}
}

/* ---- runner lines ---- */

/* "KASAN,OOPS,BUG" (or "none") into a mask of 1 << kind. */
static unsigned parse_kinds(const char *s)
{
	unsigned mask = 0;

	while (*s && *s != ' ') {
		size_t n = strcspn(s, ", ");
		int k;

		for (k = 0; k < R_NKIND; k++)
			if (strlen(rkind_name(k)) == n && after_ci(s, rkind_name(k)))
				mask |= 1u << k;
		s += n;
		if (*s == ',')
			s++;
	}
	return mask;
}

/* "key=value" of the runner start line; value up to the next space. */
static char *start_field(const char *base, const char *key)
{
	size_t klen = strlen(key);
	const char *s = base;

	for (; (s = strstr(s, key)); s += klen)
		if (s[klen] == '=' && s > base && s[-1] == ' ') {
			const char *v = s + klen + 1;

			return xstrndup(v, strcspn(v, " ") < NAME_CAP ? strcspn(v, " ") : NAME_CAP);
		}
	return NULL;
}

static void runner_start(struct parser *p, const char *rest, const struct log_line *l)
{
	struct boot *b = &p->r->boot;
	char *cpus;

	b->reached_init = true;
	if (l->has_ts) {
		b->init_seconds = l->ts;
		b->has_init_seconds = true;
		p->init_from_runner = true;
	}
	free(b->plan);
	free(b->arch);
	free(b->kernel);
	b->plan = start_field(rest, "plan");
	b->arch = start_field(rest, "arch");
	b->kernel = start_field(rest, "kernel");
	cpus = start_field(rest, "cpus");
	if (cpus) {
		const char *c = cpus;
		unsigned long long n;

		b->cpus = parse_ulong(&c, 1000000, &n) && !*c ? (long long)n : -1;
		free(cpus);
	}
}

/*
 * The open step ends: its relayed TAP ends with it. Child output outside
 * any step (should not happen) is recorded in suite "runner".
 */
static void end_step(struct parser *p, long line, const char *reason)
{
	if (!p->step_open)
		return;
	ktap_finish(&p->relay, p->r, line, reason);
	ktap_init(&p->relay, "runner");
	p->step_open = false;
}

static void step_begin(struct parser *p, const char *rest, long line)
{
	unsigned long long num;
	const char *e;
	size_t n;

	if (!parse_ulong(&rest, RUNNER_MAX_STEP, &num) || *rest != ' ')
		return;
	rest = skip_ws(rest);
	n = strcspn(rest, " ");
	if (!n)
		return;
	if (p->step_open) {	/* the previous step never printed its result */
		results_add_test(p->r, "runner", p->step_name, T_ERROR,
				 "no result", line, p);
		end_step(p, line, "no result");
	} else {
		ktap_finish(&p->relay, p->r, line, "no result");
	}
	p->step_open = true;
	p->step_num = (long long)num;
	str_copy(p->step_name, sizeof(p->step_name), rest, n < NAME_CAP ? n : NAME_CAP);
	e = strstr(rest + n, " expect=");
	p->step_mask = e ? parse_kinds(e + 8) : 0;
	snprintf(p->last_step, sizeof(p->last_step), "%lld %s", p->step_num, p->step_name);
	if (p->step_num > p->runner_last)
		p->runner_last = p->step_num;
	ktap_init(&p->relay, p->step_name);
	p->relay.fails_on_purpose = after(p->step_name, "broken_") != NULL;
}

static void runner_result(struct parser *p, bool ok, const char *rest, long line)
{
	struct tap_result res;

	tap_parse_result(ok, rest, &res);
	if (!res.desc[0])
		snprintf(res.desc, sizeof(res.desc), "#%llu", res.num);
	if (p->step_open && res.have_num && (long long)res.num != p->step_num) {
		results_add_test(p->r, "runner", p->step_name, T_ERROR,
				 "no result", line, p);
	}
	end_step(p, line, "no result");
	results_add_test(p->r, "runner", res.desc, res.status, res.reason, line, p);
	if (res.have_num && (long long)res.num > p->runner_last)
		p->runner_last = (long long)res.num;
}

static void runner_line(struct parser *p, const char *rest, const struct log_line *l)
{
	const char *s;
	unsigned long long n;

	oops_break(&p->rep);
	if ((s = after(rest, RELAY_INDENT))) {
		ktap_line(&p->relay, p->r, s, l->lineno);
		return;
	}
	if ((s = after(rest, "runner ")) && parse_ulong(&s, 1000000, &n) &&
	    after(s, " start")) {
		runner_start(p, s + strlen(" start"), l);
		return;
	}
	if ((s = after(rest, "runner end")) && !*skip_ws(s)) {
		p->r->boot.end_marker = true;
		return;
	}
	if ((s = after(rest, "1..")) && parse_ulong(&s, RUNNER_MAX_STEP, &n)) {
		p->runner_plan = (long long)n;
		return;
	}
	if ((s = after(rest, "# step "))) {
		step_begin(p, s, l->lineno);
		return;
	}
	if ((s = after(rest, "ok ")))
		runner_result(p, true, s, l->lineno);
	else if ((s = after(rest, "not ok ")))
		runner_result(p, false, s, l->lineno);
}

/* ---- kernel lines ---- */

static void kernel_line(struct parser *p, const struct log_line *l)
{
	const char *t = l->text, *rest;

	if ((rest = after(t, "Kernel command line: ")))
		ktap_known_failures(&p->kern, rest);
	/* KTAP and test_vmalloc lines are never part of a report. */
	if (ktap_line(&p->kern, p->r, t, l->lineno) ||
	    tvm_line(&p->tvm, p->r, t, p->step_open ? p->step_name : NULL, l->lineno))
		oops_break(&p->rep);
	else
		oops_line(&p->rep, p->r, t, l->lineno);
	check_pending(p);
	if (after(t, "Run ") && strstr(t, " as init process")) {
		p->r->boot.reached_init = true;
		if (!p->init_from_runner && l->has_ts) {
			p->r->boot.init_seconds = l->ts;
			p->r->boot.has_init_seconds = true;
		}
	}
}

/* ---- the whole log ---- */

static void finish(struct parser *p, long lines, bool newline)
{
	struct results *r = p->r;
	const char *reason;
	long long k;
	int shown = 0;

	r->boot.lines = lines;
	r->boot.truncated = !newline || (!r->boot.end_marker && !r->boot.any_log);
	reason = r->boot.truncated ? "no result (log truncated)" : "no result";

	oops_finish(&p->rep);
	/* No end marker: the kernel stopped mid-run, its running case crashed. */
	if (!newline || !r->boot.end_marker)
		ktap_crash(&p->kern, r, lines,
			   r->boot.truncated ? "log truncated" : "log ends");
	else
		ktap_finish(&p->kern, r, lines, reason);
	check_pending(p);
	if (p->npending)
		resolve_pending(p, p->pending_suite);
	if (p->step_open) {
		results_add_test(r, "runner", p->step_name, T_ERROR, reason, lines, p);
		end_step(p, lines, reason);
	} else {
		ktap_finish(&p->relay, r, lines, reason);
	}
	/* Steps the plan promised that never began. */
	for (k = p->runner_last + 1; k <= p->runner_plan; k++) {
		char name[64];

		if (++shown == KTAP_MAX_MISSING && k < p->runner_plan) {
			snprintf(name, sizeof(name), "#%lld..#%lld", k, p->runner_plan);
			results_add_test(r, "runner", name, T_ERROR, reason, lines, p);
			break;
		}
		snprintf(name, sizeof(name), "#%lld", k);
		results_add_test(r, "runner", name, T_ERROR, reason, lines, p);
	}
	results_finish(r, p->last_step[0] ? p->last_step : NULL);
}

int parse_log(struct results *r, struct log_reader *lr)
{
	struct parser *p = xmalloc(sizeof(*p));
	struct log_line *l = xmalloc(sizeof(*l));
	bool newline = true;
	int rc, ret = 0;

	memset(p, 0, offsetof(struct parser, kern));	/* ktap_init does the rest */
	memset(&p->rep, 0, sizeof(*p) - offsetof(struct parser, rep));
	p->r = r;
	p->runner_plan = -1;
	ktap_init(&p->kern, NULL);
	ktap_init(&p->relay, "runner");
	oops_init(&p->rep, on_report_start, on_report_end, p);
	tvm_init(&p->tvm);

	while ((rc = log_next(lr, l)) > 0) {
		const char *rest = after(l->text, RUNNER_PREFIX);

		newline = l->newline;
		if (rest)
			runner_line(p, rest, l);
		else
			kernel_line(p, l);
	}
	if (rc < 0)
		ret = -1;
	finish(p, lr->lineno, newline);
	free(p->pending);
	oops_free(&p->rep);
	free(p);
	free(l);
	return ret;
}

void parse_buffer(struct results *r, const void *data, size_t len)
{
	struct log_reader *lr = xmalloc(sizeof(*lr));

	log_open_mem(lr, data, len);
	parse_log(r, lr);
	free(lr);
}
