// SPDX-License-Identifier: GPL-2.0
/*
 * Plan stress: test_vmalloc with nr_threads = CPUs, then the KUnit suite
 * kasan_vmalloc_shadow and test_vmalloc again under fail_page_alloc.
 *
 * Fault injection is switched on from debugfs only around one step and only
 * for the stress's own call stacks (the stacktrace filter: require-start/end,
 * CONFIG_FAULT_INJECTION_STACKTRACE_FILTER): the KUnit suite's stress threads
 * (stress_thread(), from /proc/kallsyms) or test_vmalloc's code (the module
 * range, from vmshadow_test's module_range). The stress threads are kernel
 * threads forked by kthreadd, so the task filter (make-it-fail, inherited by
 * children) could not reach them. ignore-gfp-wait=N: vmalloc() and the shadow
 * allocate with GFP_KERNEL. Failures are counted with "times": set to
 * FAULT_TIMES before, the kernel decrements it per injected failure.
 *
 * Every step also checks that no vmalloc shadow leaked: before it, a purge
 * (vmshadow_test's purge: rcu_barrier() + vm_unmap_aliases()) and the shadow
 * pages mapped (the series' counter pages_mapped; the module's page-table
 * walk where the series is absent) with the live vmap areas of
 * /proc/vmallocinfo; after it, purges for up to 3 s until
 *     after - before <= shadow pages that the vmap areas live after but not
 *                       before can hold (each area's first to last shadow page)
 * and nothing more. With both counts present, their growths must also agree
 * (the counter counts what the page tables hold).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"
#include "vms.h"

#define FPA "/sys/kernel/debug/fail_page_alloc"
#define FAULT_TIMES 1000000L
#define PURGE_SECONDS 3.0

static void verdict(struct step_result *res, enum result r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void verdict(struct step_result *res, enum result r, const char *fmt, ...)
{
	va_list ap;

	res->r = r;
	va_start(ap, fmt);
	vsnprintf(res->reason, sizeof(res->reason), fmt, ap);
	va_end(ap);
}

/* "name value" of /sys/kernel/debug/kasan/vmalloc_shadow; -1 if absent. */
static long series_stat(const char *name)
{
	static char buf[4096];
	size_t n = strlen(name);
	char *p;

	if (vms_read(VMS_SERIES_FILE, buf, sizeof(buf)) < 0)
		return -1;
	for (p = buf; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, name, n) && p[n] == ' ')
			return strtol(p + n + 1, NULL, 10);
	return -1;
}

struct shadow {
	long counter, walk;	/* -1: not available */
};

/* Both counts, the counter read twice around the walk until it holds still. */
static void shadow_now(struct shadow *s)
{
	int i;

	for (i = 0; i < 5; i++) {
		long c = series_stat("pages_mapped");

		if (vms_shadow_walk(&s->walk))
			s->walk = -1;
		s->counter = series_stat("pages_mapped");
		if (s->counter == c)
			break;
	}
}

static long shadow_main(const struct shadow *s)
{
	return s->counter >= 0 ? s->counter : s->walk;
}

static struct vms_areas areas_before, areas_after;

static void baseline(struct shadow *s)
{
	vms_purge();
	vms_purge();
	shadow_now(s);
	if (vms_vmalloc_areas(&areas_before))
		areas_before.n = 0;
}

/*
 * After the stress: purge until the count is back within what new live
 * areas explain. 0 = no leak, 1 = leak (reason in why), -1 = cannot tell.
 */
static int leak_check(const struct shadow *b, struct shadow *a, long *allowed,
		      char *why, size_t len)
{
	long page_size = vms_feature("page_size");
	double end = vms_now() + PURGE_SECONDS;

	if (shadow_main(b) < 0) {
		snprintf(why, len, "no shadow count (no %s, no vmshadow_test shadow_pages)",
			 VMS_SERIES_FILE);
		return -1;
	}
	for (;;) {
		vms_purge();
		shadow_now(a);
		*allowed = 0;
		if (page_size > 0 && areas_before.n && !vms_vmalloc_areas(&areas_after))
			*allowed = vms_new_area_shadow(&areas_before, &areas_after, page_size);
		if (shadow_main(a) - shadow_main(b) <= *allowed)
			break;
		if (vms_now() > end)
			break;
		usleep(100000);
	}
	if (shadow_main(a) - shadow_main(b) > *allowed) {
		snprintf(why, len, "shadow pages %s %ld -> %ld after purges, new live areas explain +%ld",
			 b->counter >= 0 ? "pages_mapped" : "walk", shadow_main(b),
			 shadow_main(a), *allowed);
		return 1;
	}
	if (b->counter >= 0 && b->walk >= 0 && a->walk >= 0 &&
	    a->counter - b->counter != a->walk - b->walk) {
		snprintf(why, len, "pages_mapped grew by %ld but the page-table walk by %ld",
			 a->counter - b->counter, a->walk - b->walk);
		return 1;
	}
	return 0;
}

static void shadow_diag(const char *step, const struct shadow *b,
			const struct shadow *a, long allowed)
{
	out("# %s: shadow pages_mapped %ld -> %ld, walk %ld -> %ld, new live areas explain +%ld",
	    step, b->counter, a->counter, b->walk, a->walk, allowed);
}

/* ---- fail_page_alloc ---- */

static int fpa_set(const char *knob, const char *val)
{
	char path[128];

	snprintf(path, sizeof(path), FPA "/%s", knob);
	return vms_write(path, val);
}

static long fpa_get(const char *knob)
{
	char path[128], buf[64];

	snprintf(path, sizeof(path), FPA "/%s", knob);
	if (vms_read(path, buf, sizeof(buf)) < 0)
		return -1;
	return strtol(buf, NULL, 0);
}

/*
 * Inject into page allocations whose call stack passes through
 * [start, end), with probability percent, after space pages spared.
 * Returns 0 or -errno (no CONFIG_FAIL_PAGE_ALLOC debugfs, no stacktrace
 * filter), with the knob that failed in *knob.
 */
static int fpa_on(unsigned long start, unsigned long end, long probability,
		  long space, const char **knob)
{
	static const char *const order[][2] = {
		{ "probability", "0" }, { "task-filter", "N" },
		{ "ignore-gfp-wait", "N" }, { "ignore-gfp-highmem", "N" },
		{ "min-order", "0" }, { "interval", "1" }, { "verbose", "1" },
		{ "stacktrace-depth", "32" }, { "reject-start", "0" },
		{ "reject-end", "0" },
	};
	char v[32];
	size_t i;
	int ret;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		*knob = order[i][0];
		ret = fpa_set(order[i][0], order[i][1]);
		if (ret)
			return ret;
	}
	*knob = "require-start";
	snprintf(v, sizeof(v), "%lu", start);
	if ((ret = fpa_set("require-start", v)))
		return ret;
	*knob = "require-end";
	snprintf(v, sizeof(v), "%lu", end);
	if ((ret = fpa_set("require-end", v)))
		return ret;
	*knob = "space";
	snprintf(v, sizeof(v), "%ld", space);
	if ((ret = fpa_set("space", v)))
		return ret;
	*knob = "times";
	snprintf(v, sizeof(v), "%ld", FAULT_TIMES);
	if ((ret = fpa_set("times", v)))
		return ret;
	*knob = "probability";
	snprintf(v, sizeof(v), "%ld", probability);
	return fpa_set("probability", v);
}

/* Off; returns the number of failures injected since fpa_on(). */
static long fpa_off(void)
{
	long left;

	fpa_set("probability", "0");
	left = fpa_get("times");
	return left < 0 ? -1 : FAULT_TIMES - left;
}

/* [start, end) of a text symbol of /proc/kallsyms (end: the next symbol). */
static int sym_range(const char *name, unsigned long *start, unsigned long *end)
{
	char line[512], sym[256], type;
	unsigned long a, best = ~0UL;
	FILE *f = fopen("/proc/kallsyms", "r");

	*start = 0;
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx %c %255s", &a, &type, sym) == 3 &&
		    (type == 't' || type == 'T') && !strcmp(sym, name))
			*start = a;
	if (*start) {
		rewind(f);
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "%lx", &a) == 1 && a > *start && a < best)
				best = a;
	}
	fclose(f);
	if (!*start)
		return -ENOENT;
	*end = best;
	return 0;
}

/* ---- steps ---- */

static int clean_summaries;	/* of step test_vmalloc_stress, for the fault run */

/*
 * test_vmalloc with the plan's parameters (nr_threads = CPUs). inject:
 * under fail_page_alloc limited to the module range (test_vmalloc's code;
 * the first 16 pages are spared: its own setup before the workers run).
 * Clean, every test must pass; under injection, tests may fail (it has no
 * other way to say ENOMEM), but every test must have run, failures must
 * have been injected, and no shadow may leak.
 */
void step_tv_stress(const char *params, int inject, struct step_result *res)
{
	const char *name = inject ? "test_vmalloc_fault" : "test_vmalloc_stress";
	long probability = atol(param("fault", "5")), injected = 0, allowed = 0;
	long pf0 = series_stat("populate_failures"), pf = 0;
	struct shadow b, a;
	struct tv_outcome o;
	char why[200], buf[64];
	unsigned long start = 0, end = 0;
	const char *knob = "";
	int err, leak;

	baseline(&b);
	if (inject) {
		if (vms_read(VMS_DBG "/module_range", buf, sizeof(buf)) < 0 ||
		    sscanf(buf, "%lx %lx", &start, &end) != 2) {
			verdict(res, R_ERROR, "no %s/module_range (vmshadow_test loaded?)", VMS_DBG);
			return;
		}
		err = fpa_on(start, end, probability, 16, &knob);
		if (err) {
			fpa_off();
			verdict(res, R_ERROR, "%s/%s: %s (errno %d; CONFIG_FAIL_PAGE_ALLOC, "
				"FAULT_INJECTION_DEBUG_FS, FAULT_INJECTION_STACKTRACE_FILTER?)",
				FPA, knob, strerror(-err), -err);
			return;
		}
		out("# %s: fail_page_alloc on: probability %ld%%, stacks through %lx-%lx (module range), space 16",
		    name, probability, start, end);
	}
	err = run_test_vmalloc(params, &o);
	if (inject)
		injected = fpa_off();
	if (pf0 >= 0)
		pf = series_stat("populate_failures") - pf0;
	leak = leak_check(&b, &a, &allowed, why, sizeof(why));
	shadow_diag(name, &b, &a, allowed);
	if (inject)
		out("# %s: injected %ld page allocation failures; populate_failures +%ld; %d of %d tests failed",
		    name, injected, pf, o.bad, o.summaries);
	if (err)
		verdict(res, R_ERROR, "%s: %s (errno %d)", o.what, strerror(err), err);
	else if (!o.summaries)
		verdict(res, R_FAIL, "test_vmalloc printed no Summary line");
	else if (!inject && o.bad)
		verdict(res, R_FAIL, "%d test(s) failed, first %s", o.bad, o.badname);
	else if (inject && clean_summaries && o.summaries != clean_summaries)
		verdict(res, R_FAIL, "%d Summary lines under injection, %d without: tests did not run",
			o.summaries, clean_summaries);
	else if (inject && injected <= 0)
		verdict(res, R_FAIL, "no page allocation failure was injected (%ld)", injected);
	else if (leak)
		verdict(res, leak < 0 ? R_ERROR : R_FAIL, "%s", why);
	else if (inject)
		verdict(res, R_PASS, "%d tests ran, %d failed under %ld injected failures "
			"(populate_failures +%ld); shadow %ld -> %ld (+%ld allowed)",
			o.summaries, o.bad, injected, pf, shadow_main(&b), shadow_main(&a), allowed);
	else
		verdict(res, R_PASS, "%d tests; shadow %ld -> %ld (+%ld allowed)",
			o.summaries, shadow_main(&b), shadow_main(&a), allowed);
	if (!inject && !err)
		clean_summaries = o.summaries;
}

/* The re-run's results: cases ok / not ok, and the stress's own count. */
struct kunit_outcome {
	int ok, not_ok, skipped;
	char first_bad[96];
	long alloc_failures;	/* vmalloc_shadow_concurrent's, -1 if not said */
};

static void kunit_results(const char *text, struct kunit_outcome *k)
{
	const char *p = text;

	memset(k, 0, sizeof(*k));
	k->alloc_failures = -1;
	while (p && *p) {
		const char *nl = strchr(p, '\n'), *q;
		char name[96];
		int num, threads, loops, fails;

		/* case results are at the suite's indent, 4 spaces */
		if (!strncmp(p, "    ok ", 7) && sscanf(p + 7, "%d %95s", &num, name) == 2) {
			if (strstr(p, "# SKIP") && (!nl || strstr(p, "# SKIP") < nl))
				k->skipped++;
			else
				k->ok++;
		} else if (!strncmp(p, "    not ok ", 11) &&
			   sscanf(p + 11, "%d %95s", &num, name) == 2) {
			if (!k->not_ok++)
				snprintf(k->first_bad, sizeof(k->first_bad), "%s", name);
		} else if ((q = strstr(p, "vmalloc_shadow_concurrent: ")) && (!nl || q < nl) &&
			   sscanf(q, "vmalloc_shadow_concurrent: %d threads, %d loops, %d allocation failures",
				  &threads, &loops, &fails) == 3) {
			k->alloc_failures = fails;
		}
		p = nl ? nl + 1 : NULL;
	}
}

/*
 * Re-run a KUnit suite (/sys/kernel/debug/kunit/SUITE/run, CONFIG_KUNIT_DEBUGFS;
 * the suite must have run at boot for the file to exist) under fail_page_alloc
 * limited to its stress threads, stress_thread() of kasan_vmalloc_test.c: every
 * case must pass, including vmalloc_shadow_concurrent, which counts the
 * allocations that failed and must see some; no shadow may leak.
 */
void step_kunit_fault(const char *suite, struct step_result *res)
{
	static char text[1 << 16];
	const char *fn = param("fault_fn", "stress_thread"), *knob = "";
	long probability = atol(param("fault", "5")), injected, allowed = 0;
	long pf0 = series_stat("populate_failures"), pf = 0;
	char run[256], results[256], why[200];
	unsigned long start = 0, end = 0;
	struct kunit_outcome k;
	struct shadow b, a;
	int err, leak;

	snprintf(run, sizeof(run), "/sys/kernel/debug/kunit/%s/run", suite);
	snprintf(results, sizeof(results), "/sys/kernel/debug/kunit/%s/results", suite);
	if (access(run, W_OK)) {
		verdict(res, R_ERROR, "%s: %s (errno %d; CONFIG_KUNIT_DEBUGFS? did the suite run at boot, no kunit.enable=0?)",
			run, strerror(errno), errno);
		return;
	}
	err = sym_range(fn, &start, &end);
	if (err) {
		verdict(res, R_ERROR, "%s not in /proc/kallsyms: %s (errno %d)", fn,
			strerror(-err), -err);
		return;
	}
	baseline(&b);
	err = fpa_on(start, end, probability, 0, &knob);
	if (err) {
		fpa_off();
		verdict(res, R_ERROR, "%s/%s: %s (errno %d; CONFIG_FAIL_PAGE_ALLOC, "
			"FAULT_INJECTION_DEBUG_FS, FAULT_INJECTION_STACKTRACE_FILTER?)",
			FPA, knob, strerror(-err), -err);
		return;
	}
	out("# kunit_fault: fail_page_alloc on: probability %ld%%, stacks through %s %lx-%lx",
	    probability, fn, start, end);
	err = vms_write(run, "1");
	injected = fpa_off();
	if (pf0 >= 0)
		pf = series_stat("populate_failures") - pf0;
	if (!err && vms_read(results, text, sizeof(text)) < 0)
		text[0] = '\0';
	kunit_results(text, &k);
	leak = leak_check(&b, &a, &allowed, why, sizeof(why));
	shadow_diag("kunit_fault", &b, &a, allowed);
	out("# kunit_fault: injected %ld page allocation failures; populate_failures +%ld; "
	    "cases ok %d, not ok %d, skipped %d; vmalloc_shadow_concurrent saw %ld allocation failures",
	    injected, pf, k.ok, k.not_ok, k.skipped, k.alloc_failures);
	if (err)
		verdict(res, R_ERROR, "write %s: %s (errno %d)", run, strerror(-err), -err);
	else if (!k.ok && !k.not_ok)
		verdict(res, R_FAIL, "no case result in %s", results);
	else if (k.not_ok)
		verdict(res, R_FAIL, "%d case(s) failed under injection, first %s", k.not_ok,
			k.first_bad);
	else if (injected <= 0 || k.alloc_failures <= 0)
		verdict(res, R_FAIL, "the injection did not reach the stress (%ld injected, "
			"%ld allocation failures seen)", injected, k.alloc_failures);
	else if (leak)
		verdict(res, leak < 0 ? R_ERROR : R_FAIL, "%s", why);
	else
		verdict(res, R_PASS, "%d cases ok under %ld injected failures (%ld vmalloc failures "
			"in the stress, populate_failures +%ld); shadow %ld -> %ld (+%ld allowed)",
			k.ok, injected, k.alloc_failures, pf, shadow_main(&b), shadow_main(&a),
			allowed);
}
