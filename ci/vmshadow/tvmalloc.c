// SPDX-License-Identifier: GPL-2.0
#include "tvmalloc.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

#define TVM_MAX_NUM 999999999999999999ULL

void tvm_init(struct tvmalloc *t)
{
	memset(t, 0, sizeof(*t));
}

/* "key" then spaces then a number; advances *p. */
static bool field(const char **p, const char *key, long long *out)
{
	const char *s = after(skip_ws(*p), key);
	unsigned long long v;

	if (!s)
		return false;
	s = skip_ws(s);
	if (!parse_ulong(&s, TVM_MAX_NUM, &v))
		return false;
	*out = (long long)v;
	*p = s;
	return true;
}

/* Worker numbering restarts with each runner step. */
static void follow_step(struct tvmalloc *t, const char *step)
{
	if ((step != NULL) != t->in_step || (step && strcmp(step, t->step))) {
		t->in_step = step != NULL;
		str_copy(t->step, sizeof(t->step), step ? step : "", NAME_CAP);
		t->worker = 0;
	}
}

static bool summary(struct tvmalloc *t, struct results *r, const char *s,
		    const char *step, long line)
{
	long long passed, failed, repeat, loops, avg;
	char test[NAME_CAP + 1], name[NAME_CAP + 32], reason[128];
	size_t n = strcspn(s, " \t");
	const char *suite = "test_vmalloc";
	enum tstatus st = T_PASS;

	if (!n || n > NAME_CAP)
		return false;
	str_copy(test, sizeof(test), s, n);
	s += n;
	if (!field(&s, "passed:", &passed) || !field(&s, "failed:", &failed) ||
	    !field(&s, "repeat:", &repeat) || !field(&s, "loops:", &loops) ||
	    !field(&s, "avg:", &avg))
		return false;
	follow_step(t, step);
	results_add_tvm(r, step, test, passed, failed, repeat, loops, avg);

	reason[0] = '\0';
	if (failed && !strcmp(test, "align_shift_alloc_test")) {
		st = T_XFAIL;
		snprintf(reason, sizeof(reason),
			 "fails by design (lib/test_vmalloc.c): failed: %lld", failed);
	} else if (failed && step && after(step, "test_vmalloc_fault")) {
		/* plan stress: run under fail_page_alloc; the step judges */
		st = T_XFAIL;
		snprintf(reason, sizeof(reason),
			 "under fault injection (%s): passed: %lld failed: %lld",
			 step, passed, failed);
	} else if (failed) {
		st = T_FAIL;
		snprintf(reason, sizeof(reason), "passed: %lld failed: %lld",
			 passed, failed);
	}
	if (t->worker)
		snprintf(name, sizeof(name), "%s/worker%lld", test, t->worker);
	else
		snprintf(name, sizeof(name), "%s", test);
	if (step && after(step, "test_vmalloc"))
		suite = step;
	results_add_test(r, suite, name, st, reason, line, t);
	return true;
}

static bool cycles(struct tvmalloc *t, struct results *r, const char *s,
		   const char *step)
{
	unsigned long long w, c;

	if (!parse_ulong(&s, TVM_MAX_NUM, &w) || *s++ != '=' ||
	    !parse_ulong(&s, TVM_MAX_NUM, &c) || !after(s, " cycles"))
		return false;
	follow_step(t, step);
	results_add_cycles(r, step, (long long)w, (long long)c);
	t->worker = (long long)w + 1;
	return true;
}

bool tvm_line(struct tvmalloc *t, struct results *r, const char *text,
	      const char *step, long line)
{
	const char *s = text, *rest;

	if ((rest = after(s, "test_vmalloc: ")))
		s = rest;
	if ((rest = after(s, "Summary: ")))
		return summary(t, r, skip_ws(rest), step, line);
	if ((rest = after(s, "All test took worker")))
		return cycles(t, r, rest, step);
	return false;
}
