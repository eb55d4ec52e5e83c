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
 * Every step also checks that no vmalloc shadow leaked. The shadow pages
 * mapped are counted after a purge (vmshadow_test's purge: rcu_barrier() +
 * vm_unmap_aliases()), by the series' counter pages_mapped (the module's
 * page-table walk where the series is absent), with the live vmap areas of
 * /proc/vmallocinfo; "explained" below is the shadow pages that the vmap areas
 * live after but not before can hold (each area's first to last shadow page).
 *
 * Upstream 6.12 keeps some shadow of free vmalloc space mapped: a purged area
 * releases only the shadow pages it covers entirely as its own free region
 * (kasan_release_vmalloc_node()), so a page shared by several freed areas
 * stays mapped until an area at those addresses is allocated again (it is
 * then reused) and purged whole. That retention is bounded by the high-water
 * mark of the vmalloc footprint; a leak (pages mapped that nothing reuses or
 * releases) grows with every run of the same workload. So:
 *
 *   test_vmalloc_stress: the same test_vmalloc workload runs ROUNDS times
 *     (vmshadow.rounds=, default 4; the runner adds sequential_test_order=1:
 *     in test_vmalloc's default random order every round is another
 *     workload). Rounds 1 to WARMUP (vmshadow.warmup=, default 2) may leave
 *     shadow mapped: the retained shadow, after(WARMUP) - before -
 *     explained, printed as a number, never a failure. After each later
 *     round N, purges for up to 3 s until
 *         after(N) - max(after(1..N-1)) <= explained (areas live after N but
 *                                                     not after N-1);
 *     a round that stays above sets a new high. The step fails if every
 *     round after the warm-up sets one: a leak grows every round. Retention
 *     sets one now and then, when the threads' overlap (and so the vmalloc
 *     footprint) reaches a new maximum, seldom and never two rounds in a
 *     row (the measurements are in kselftests/README.md).
 *   test_vmalloc_fault: under injection the failures, and so the layout,
 *     differ every round: its retained shadow is measured and printed, not
 *     judged (vmshadow.fault_rounds=, default 1). Counter and walk must
 *     agree.
 *   kunit_fault_...: the KUnit suite re-run under injection in rounds
 *     (vmshadow.kunit_rounds=, default 4; vmshadow.kunit_warmup=, default 2),
 *     by the rule of test_vmalloc_stress: its stress threads' random sizes
 *     leave another set of shared shadow pages mapped every run, with
 *     nothing leaked, so one run cannot tell retention from a leak; a leak
 *     sets a new high every round.
 *
 * With both counts present, their growths must also agree exactly, per round
 * (the counter counts what the page tables hold).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
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
 * Purge for up to PURGE_SECONDS until the count is at most ref's plus what the
 * areas live now but not in ref_areas explain; *now and *areas: the last read.
 */
static void settle(const struct shadow *ref, const struct vms_areas *ref_areas,
		   struct shadow *now, struct vms_areas *areas, long *allowed)
{
	long page_size = vms_feature("page_size");
	double end = vms_now() + PURGE_SECONDS;

	for (;;) {
		vms_purge();
		shadow_now(now);
		*allowed = 0;
		if (vms_vmalloc_areas(areas))
			areas->n = 0;
		else if (page_size > 0 && ref_areas->n)
			*allowed = vms_new_area_shadow(ref_areas, areas, page_size);
		if (shadow_main(now) - shadow_main(ref) <= *allowed || vms_now() > end)
			break;
		usleep(100000);
	}
}

/* "KEY:  N kB" of /proc/meminfo, in kB; -1 if absent. */
static long meminfo(const char *key)
{
	char buf[4096], *p;
	size_t n = strlen(key);

	if (vms_read("/proc/meminfo", buf, sizeof(buf)) < 0)
		return -1;
	for (p = buf; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, key, n) && p[n] == ':')
			return strtol(p + n + 1, NULL, 10);
	return -1;
}

/* The lowest MemAvailable while a round runs, sampled every 20 ms. */
struct mem_low {
	pthread_t thread;
	int stop, running;
	long total, before, lowest;
};

static void *mem_low_thread(void *arg)
{
	struct mem_low *m = arg;

	while (!__atomic_load_n(&m->stop, __ATOMIC_ACQUIRE)) {
		long a = meminfo("MemAvailable");

		if (a >= 0 && (m->lowest < 0 || a < m->lowest))
			m->lowest = a;
		usleep(20000);
	}
	return NULL;
}

static void mem_low_start(struct mem_low *m)
{
	m->stop = 0;
	m->total = meminfo("MemTotal");
	m->before = m->lowest = meminfo("MemAvailable");
	m->running = !pthread_create(&m->thread, NULL, mem_low_thread, m);
}

static void mem_low_stop(struct mem_low *m)
{
	if (!m->running)
		return;
	__atomic_store_n(&m->stop, 1, __ATOMIC_RELEASE);
	pthread_join(m->thread, NULL);
	m->running = 0;
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

/* fpa_set() with a printf-formatted value; names the knob in *knob. */
__attribute__((format(printf, 3, 4)))
static int fpa_setf(const char **knob, const char *name, const char *fmt, ...)
{
	char v[32];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v, sizeof(v), fmt, ap);
	va_end(ap);
	*knob = name;
	return fpa_set(name, v);
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
	size_t i;
	int ret;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		*knob = order[i][0];
		ret = fpa_set(order[i][0], order[i][1]);
		if (ret)
			return ret;
	}
	ret = fpa_setf(knob, "require-start", "%lu", start);
	if (!ret)
		ret = fpa_setf(knob, "require-end", "%lu", end);
	if (!ret)
		ret = fpa_setf(knob, "space", "%ld", space);
	if (!ret)
		ret = fpa_setf(knob, "times", "%ld", (long)FAULT_TIMES);
	if (!ret)
		ret = fpa_setf(knob, "probability", "%ld", probability);
	return ret;
}

/* Off; returns the number of failures injected since fpa_on(). */
static long fpa_off(void)
{
	long left;

	fpa_set("probability", "0");
	left = fpa_get("times");
	return left < 0 ? -1 : FAULT_TIMES - left;
}

/* fpa_on() for a step; if it fails, off again and the step is an ERROR. */
static int fpa_step_on(unsigned long start, unsigned long end, long probability,
		       long space, struct step_result *res)
{
	const char *knob = "";
	int err = fpa_on(start, end, probability, space, &knob);

	if (err) {
		fpa_off();
		verdict(res, R_ERROR, "%s/%s: %s (errno %d; CONFIG_FAIL_PAGE_ALLOC, "
			"FAULT_INJECTION_DEBUG_FS, FAULT_INJECTION_STACKTRACE_FILTER?)",
			FPA, knob, strerror(-err), -err);
	}
	return err;
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
static long clean_mask;

/*
 * test_vmalloc's vm_map_ram_test writes through what vm_map_ram() returned
 * without a NULL check: under injection it oopsed twice in 10 boots (a NULL
 * pointer dereference in the test module, whose kthread then never reports
 * and the plan hangs). It is left out of the injected run.
 */
#define TV_VM_MAP_RAM (1L << 10)
#define TV_ALL 0x7ffL	/* 6.12's 11 tests */

/* The run_test_mask in effect in params (the last one; default: all). */
static long tv_mask(const char *params)
{
	const char *p, *last = NULL;

	for (p = params; (p = strstr(p, "run_test_mask=")); p++)
		last = p;
	return last ? strtol(last + strlen("run_test_mask="), NULL, 0) & TV_ALL : TV_ALL;
}
static struct vms_areas areas_prev;	/* after the previous round */

/*
 * The leak rule of the rounds (top of this file), shared by the steps that run
 * a workload in rounds: after each round, purge and count; rounds up to the
 * warm-up may retain shadow (measured, printed), a later round above the
 * highest earlier count beyond what its new live areas explain sets a new
 * high, and a leak is every round after the warm-up setting one. The counter
 * and the page-table walk must grow alike in every round.
 */
struct rounds {
	const char *name;
	int rounds, warmup;
	int highs, leak, mismatch;	/* leak, mismatch: the round, 0 if none */
	long retained, top_cmp, allowed;
	struct shadow b, prev, top;
	char why[240];
};

static int rounds_begin(struct rounds *t, const char *name, int rounds, int warmup)
{
	memset(t, 0, sizeof(*t));
	t->name = name;
	t->rounds = rounds < 1 ? 1 : rounds;
	t->warmup = warmup < 1 || warmup > t->rounds ? t->rounds : warmup;
	baseline(&t->b);
	t->prev = t->top = t->b;
	areas_prev = areas_before;
	return shadow_main(&t->b) < 0 ? -1 : 0;
}

static void rounds_end(struct rounds *t, int r)
{
	long page_kb = vms_feature("page_size") / 1024;
	struct shadow a;

	if (page_kb <= 0)
		page_kb = 4;
	/* after warm-up: purge until back under the highest earlier count */
	settle(r > t->warmup ? &t->top : &t->prev, &areas_prev, &a, &areas_after, &t->allowed);
	out("# %s: round %d: shadow pages_mapped %ld -> %ld, walk %ld -> %ld, new live areas explain +%ld",
	    t->name, r, t->prev.counter, a.counter, t->prev.walk, a.walk, t->allowed);
	if (r <= t->warmup) {
		long page_size = vms_feature("page_size");
		long expl = page_size > 0 && areas_before.n ?
			vms_new_area_shadow(&areas_before, &areas_after, page_size) : 0;

		t->retained = shadow_main(&a) - shadow_main(&t->b) - expl;
		if (t->retained < 0)
			t->retained = 0;
		out("# %s: round %d: retained %ld shadow pages (%ld kB) of free vmalloc space "
		    "since the step began (upstream purge behaviour, reused by later rounds: "
		    "measured, not a failure)", t->name, r, t->retained, t->retained * page_kb);
	} else if ((t->top_cmp = shadow_main(&t->top), shadow_main(&a) - t->top_cmp > t->allowed)) {
		/* a new high: retention can set one now and then, a leak every round */
		out("# %s: round %d: new high: shadow %ld after purges, highest earlier %ld, "
		    "new live areas explain +%ld", t->name, r, shadow_main(&a), t->top_cmp, t->allowed);
		if (++t->highs == t->rounds - t->warmup)
			t->leak = r;
		if (!t->mismatch)
			snprintf(t->why, sizeof(t->why), "rounds %d-%d each set a new high (round %d: "
				 "shadow pages %s %ld after purges, highest earlier %ld, new live areas "
				 "explain +%ld): it grows every round (a leak; retention does not)",
				 t->warmup + 1, r, r, t->top.counter >= 0 ? "pages_mapped" : "walk",
				 shadow_main(&a), t->top_cmp, t->allowed);
	}
	if (t->prev.counter >= 0 && t->prev.walk >= 0 && a.walk >= 0 && a.counter >= 0 &&
	    a.counter - t->prev.counter != a.walk - t->prev.walk && !t->mismatch) {
		t->mismatch = r;
		snprintf(t->why, sizeof(t->why), "round %d: pages_mapped grew by %ld but the page-table walk by %ld",
			 r, a.counter - t->prev.counter, a.walk - t->prev.walk);
	}
	t->prev = a;
	if (shadow_main(&a) > shadow_main(&t->top))
		t->top = a;
	memcpy(&areas_prev, &areas_after, sizeof(areas_prev));
}

/*
 * test_vmalloc with the plan's parameters (nr_threads = CPUs), ROUNDS times.
 * inject: under fail_page_alloc limited to the module range (test_vmalloc's
 * code; the first 16 pages are spared: its own setup before the workers
 * run). Clean, every test must pass; under injection, tests may fail (it has
 * no other way to say ENOMEM), but every test must have run, failures must
 * have been injected. Rounds up to the warm-up may retain shadow (measured,
 * printed); no later round may add shadow beyond what its new live areas
 * explain (the rule at the top of this file). Under injection every round
 * is measured, none judged; the counter and the walk must still agree.
 */
void step_tv_stress(const char *tv, int inject, struct step_result *res)
{
	char params[512];
	long mask = tv_mask(tv);
	const char *name = inject ? "test_vmalloc_fault" : "test_vmalloc_stress";
	long probability = atol(param("fault", "5")), injected = 0;
	long pf0 = series_stat("populate_failures"), pf = 0;
	long page_kb = vms_feature("page_size") / 1024;
	int rounds = atoi(param(inject ? "fault_rounds" : "rounds", inject ? "1" : "4"));
	int r, err = 0, summaries = 0, bad = 0;
	struct rounds t;
	struct tv_outcome o;
	struct mem_low mem;
	char why[240] = "", badname[128] = "", buf[64];
	unsigned long start = 0, end = 0;
	const char *what = "";

	if (inject)
		mask &= ~TV_VM_MAP_RAM;
	snprintf(params, sizeof(params), "%s run_test_mask=%ld", tv, mask);
	if (page_kb <= 0)
		page_kb = 4;
	if (inject) {
		if (vms_read(VMS_DBG "/module_range", buf, sizeof(buf)) < 0 ||
		    sscanf(buf, "%lx %lx", &start, &end) != 2) {
			verdict(res, R_ERROR, "no %s/module_range (vmshadow_test loaded?)", VMS_DBG);
			return;
		}
	}
	/* Under injection every round is measured, none judged: all warm-up. */
	if (rounds_begin(&t, name, rounds, inject ? rounds : atoi(param("warmup", "2")))) {
		verdict(res, R_ERROR, "no shadow count (no %s, no vmshadow_test shadow_pages)",
			VMS_SERIES_FILE);
		return;
	}
	for (r = 1; r <= t.rounds && !err; r++) {
		if (inject) {
			if (fpa_step_on(start, end, probability, 16, res))
				return;
			out("# %s: round %d: fail_page_alloc on: probability %ld%%, stacks through %lx-%lx (module range), space 16",
			    name, r, probability, start, end);
		}
		mem_low_start(&mem);
		err = run_test_vmalloc(params, &o);
		mem_low_stop(&mem);
		if (inject)
			injected += fpa_off();
		if (err) {
			what = o.what;
			break;
		}
		summaries += o.summaries;
		bad += o.bad;
		if (o.bad && !badname[0])
			snprintf(badname, sizeof(badname), "%.100s (round %d)", o.badname, r);
		if (inject && clean_summaries && clean_mask &&
		    o.summaries * __builtin_popcountl(clean_mask) !=
		    clean_summaries * __builtin_popcountl(mask) && !why[0])
			snprintf(why, sizeof(why), "round %d: %d Summary lines under injection for %d tests, "
				 "%d without for %d: tests did not run", r, o.summaries,
				 __builtin_popcountl(mask), clean_summaries, __builtin_popcountl(clean_mask));
		out("# %s: round %d: MemTotal %ld kB, MemAvailable %ld kB before, lowest %ld kB during (peak use %ld kB)",
		    name, r, mem.total, mem.before, mem.lowest,
		    mem.before >= 0 && mem.lowest >= 0 ? mem.before - mem.lowest : -1);
		rounds_end(&t, r);
	}
	if (pf0 >= 0)
		pf = series_stat("populate_failures") - pf0;
	if (inject)
		out("# %s: injected %ld page allocation failures; populate_failures +%ld; %d of %d tests failed",
		    name, injected, pf, bad, summaries);
	if (err)
		verdict(res, R_ERROR, "%s: %s (errno %d)", what, strerror(err), err);
	else if (!summaries)
		verdict(res, R_FAIL, "test_vmalloc printed no Summary line");
	else if (!inject && bad)
		verdict(res, R_FAIL, "%d test(s) failed, first %s", bad, badname);
	else if (inject && why[0])
		verdict(res, R_FAIL, "%s", why);
	else if (inject && injected <= 0)
		verdict(res, R_FAIL, "no page allocation failure was injected (%ld)", injected);
	else if (t.leak || t.mismatch)
		verdict(res, R_FAIL, "%s", t.why);
	else if (inject)
		verdict(res, R_PASS, "%d tests ran in %d round(s), %d failed under %ld injected failures "
			"(populate_failures +%ld); retained %ld shadow pages (%ld kB); shadow %ld -> %ld, "
			"counter and walk agree", summaries, t.rounds, bad, injected, pf, t.retained,
			t.retained * page_kb, shadow_main(&t.b), shadow_main(&t.prev));
	else if (t.rounds <= t.warmup)
		verdict(res, R_PASS, "%d tests in %d round(s), all warm-up (vmshadow.rounds=%d: no "
			"leak check); retained %ld shadow pages", summaries, t.rounds, t.rounds,
			t.retained);
	else
		verdict(res, R_PASS, "%d tests in %d rounds; retained by round %d: %ld shadow pages "
			"(%ld kB); last round: shadow %ld, highest earlier %ld (+%ld allowed); "
			"new highs %d of %d", summaries, t.rounds, t.warmup, t.retained,
			t.retained * page_kb, shadow_main(&t.prev), t.top_cmp, t.allowed, t.highs,
			t.rounds - t.warmup);
	if (!inject && !err) {
		clean_summaries = summaries / t.rounds;
		clean_mask = mask;
	}
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
 * limited to its stress threads, stress_thread() of kasan_vmalloc_test.c, in
 * ROUNDS re-runs (vmshadow.kunit_rounds=, default 4): every case must pass in
 * every round, including vmalloc_shadow_concurrent, which counts the
 * allocations that failed and must see some; no shadow may leak, by the rule
 * of test_vmalloc_stress (top of this file): the first WARMUP rounds
 * (vmshadow.kunit_warmup=, default 2) may retain shadow, measured and
 * printed; the step fails if every later round sets a new high. The stress
 * threads' random sizes leave a different set of shared shadow pages mapped
 * in free vmalloc space every run, with nothing leaked, so a single run
 * cannot tell retention from a leak.
 */
void step_kunit_fault(const char *suite, struct step_result *res)
{
	static char text[1 << 16];
	const char *fn = param("fault_fn", "stress_thread");
	long probability = atol(param("fault", "5")), injected = 0;
	long pf0 = series_stat("populate_failures"), pf = 0;
	char run[256], results[256], noresult[320] = "";
	unsigned long start = 0, end = 0;
	struct kunit_outcome k, sum;
	struct rounds t;
	int r, err;

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
	if (rounds_begin(&t, "kunit_fault", atoi(param("kunit_rounds", "4")),
			 atoi(param("kunit_warmup", "2")))) {
		verdict(res, R_ERROR, "no shadow count (no %s, no vmshadow_test shadow_pages)",
			VMS_SERIES_FILE);
		return;
	}
	memset(&sum, 0, sizeof(sum));
	for (r = 1; r <= t.rounds; r++) {
		if (fpa_step_on(start, end, probability, 0, res))
			return;
		out("# kunit_fault: round %d: fail_page_alloc on: probability %ld%%, stacks through %s %lx-%lx",
		    r, probability, fn, start, end);
		err = vms_write(run, "1");
		injected += fpa_off();
		if (err) {
			verdict(res, R_ERROR, "round %d: write %s: %s (errno %d)", r, run,
				strerror(-err), -err);
			return;
		}
		if (vms_read(results, text, sizeof(text)) < 0)
			text[0] = '\0';
		kunit_results(text, &k);
		out("# kunit_fault: round %d: cases ok %d, not ok %d, skipped %d; "
		    "vmalloc_shadow_concurrent saw %ld allocation failures",
		    r, k.ok, k.not_ok, k.skipped, k.alloc_failures);
		if (k.not_ok && !sum.not_ok)
			snprintf(sum.first_bad, sizeof(sum.first_bad), "%.70s (round %d)",
				 k.first_bad, r);
		sum.ok += k.ok;
		sum.not_ok += k.not_ok;
		sum.skipped += k.skipped;
		if (k.alloc_failures > 0)
			sum.alloc_failures += k.alloc_failures;
		if (!k.ok && !k.not_ok && !noresult[0])
			snprintf(noresult, sizeof(noresult), "round %d: no case result in %s", r,
				 results);
		rounds_end(&t, r);
	}
	if (pf0 >= 0)
		pf = series_stat("populate_failures") - pf0;
	out("# kunit_fault: injected %ld page allocation failures; populate_failures +%ld; "
	    "cases ok %d, not ok %d, skipped %d in %d rounds; vmalloc_shadow_concurrent saw %ld "
	    "allocation failures", injected, pf, sum.ok, sum.not_ok, sum.skipped, t.rounds,
	    sum.alloc_failures);
	if (noresult[0])
		verdict(res, R_FAIL, "%s", noresult);
	else if (sum.not_ok)
		verdict(res, R_FAIL, "%d case(s) failed under injection, first %s", sum.not_ok,
			sum.first_bad);
	else if (injected <= 0 || sum.alloc_failures <= 0)
		verdict(res, R_FAIL, "the injection did not reach the stress (%ld injected, "
			"%ld allocation failures seen)", injected, sum.alloc_failures);
	else if (t.leak || t.mismatch)
		verdict(res, R_FAIL, "%s", t.why);
	else
		verdict(res, R_PASS, "%d cases ok in %d rounds under %ld injected failures (%ld vmalloc "
			"failures in the stress, populate_failures +%ld); retained by round %d: %ld shadow "
			"pages; last round: shadow %ld, highest earlier %ld (+%ld allowed); new highs %d of %d",
			sum.ok, t.rounds, injected, sum.alloc_failures, pf, t.warmup, t.retained,
			shadow_main(&t.prev), t.top_cmp, t.allowed, t.highs, t.rounds - t.warmup);
}
