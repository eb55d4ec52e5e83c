/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of our kselftests that use kselftest_harness.h (TH_LOG, ASSERT_*,
 * ksft_*): include this after it. vms.h has the ones that do not (the
 * runner uses those too).
 *
 * The churn tests (vmap_stack_churn, module_churn) share one shape: take
 * the baselines after a purge, churn with /dev/kmsg marked, purge and read
 * what the kernel said, then assert no report; the tests after "churn"
 * read struct vms_churn (in a MAP_SHARED mapping: each test is a child).
 */
#ifndef VMSHADOW_KSFT_HARNESS_H
#define VMSHADOW_KSFT_HARNESS_H

#include "vms.h"

/* main(): the vmshadow_test module is loaded, else the whole program fails. */
static inline void vms_require_module(void)
{
	int ret = vms_module_ready();

	if (ret) {
		ksft_print_header();
		ksft_exit_fail_msg("vmshadow_test module not available: %s\n",
				   strerror(-ret));
	}
}

/* main(): nothing to test on this kernel; exit 4 (SKIP) saying why. */
static inline void vms_skip_all(const char *why)
{
	ksft_print_header();
	ksft_set_plan(0);
	ksft_exit_skip("%s\n", why);
}

/* How far above its baseline a shadow page count may come back. */
static inline long vms_bound(void)
{
	return (long)vms_env_seconds("VMSHADOW_BOUND", 16);
}

/* A diagnostic line for vms_vmalloc_growth(). */
static inline void vms_log_line(const char *s)
{
	printf("# %s\n", s);
}

/* What "churn" leaves for the tests after it. */
struct vms_churn {
	int done;
	int have_walk, have_series;
	char callers[16384];
	long walk_base, series_base;
};

/* Baselines after a purge: only what the churn leaves counts. */
static inline void vms_churn_begin(struct __test_metadata *_metadata,
				   struct vms_churn *c)
{
	char name[600];

	c->have_walk = vms_purge_until(vms_shadow_walk, 0, LONG_MAX, 0,
				       &c->walk_base) == 0;
	c->have_series = vms_shadow_series(name, sizeof(name), &c->series_base) == 0;
	vms_vmalloc_callers(c->callers, sizeof(c->callers));
	if (c->have_walk)
		TH_LOG("walk: %ld shadow pages before", c->walk_base);
	if (c->have_series)
		TH_LOG("series counter %s: %ld before", name, c->series_base);
}

/*
 * After the churn: purge, give the frees time, and collect in kbuf what
 * the kernel said since k's mark (k is closed). Marks the churn done.
 */
static inline void vms_churn_end(struct vms_churn *c, struct vms_kmsg *k,
				 char *kbuf, size_t len)
{
	vms_purge();
	usleep(200000);
	kbuf[0] = '\0';
	vms_kmsg_read(k, kbuf, len);
	vms_kmsg_close(k);
	c->done = 1;
}

/* The kernel logged no report during the churn (the first one is logged). */
static inline void vms_churn_no_report(struct __test_metadata *_metadata,
				       const char *kbuf)
{
	char report[512];

	if (vms_first_report(kbuf, report, sizeof(report)))
		TH_LOG("kernel report during the churn: %s", report);
	ASSERT_EQ(0, vms_first_report(kbuf, report, sizeof(report)));
}


/*
 * TEST(walk_back_to_baseline) and TEST(series_back_to_baseline) of a churn
 * test: after purges for at most 3 s, the count (series: the series'
 * counter, else the module's page-table walk) is back within vms_bound()
 * pages of its baseline. held, when not NULL, gives the shadow pages that
 * vmap areas new since the baseline can hold: a count above the bound by
 * no more than that passes too. A walk that is not back logs which
 * vmalloc users grew.
 */
static inline void vms_churn_back_to_baseline(struct __test_metadata *_metadata,
					      const struct vms_churn *c,
					      int series, long (*held)(void))
{
	const char *label = series ? "series counter" : "walk";
	const char *unit = series ? "" : " shadow pages";
	long base = series ? c->series_base : c->walk_base;
	long now = 0;
	int ret;

	if (!c->done)
		SKIP(return, "the churn did not run");
	if (series && !c->have_series)
		SKIP(return, "this kernel has no vmalloc shadow counter (" VMS_SERIES_FILE " " VMS_SERIES_KEY "): not the vmshadow series");
	if (!series && !c->have_walk)
		SKIP(return, "no shadow page walk (%s)",
		     vms_feature("kasan_vmalloc") == 0 ? "KASAN_VMALLOC is off" :
		     "vmshadow_test/shadow_pages unreadable");
	ret = vms_purge_until(series ? vms_series_value : vms_shadow_walk, base,
			      vms_bound(), 3, &now);
	if (ret == 1 && held) {
		/* Not back: as far as vmap areas that are new since can explain? */
		long h = held();

		ret = now - base > vms_bound() + h;
		TH_LOG("%s: %ld%s before, %ld after purge; %ld held by vmap areas new since (bound %ld + %ld)",
		       label, base, unit, now, h, vms_bound(), h);
	} else {
		TH_LOG("%s: %ld%s before, %ld after purge (bound %ld)",
		       label, base, unit, now, vms_bound());
	}
	if (ret && !series)
		vms_vmalloc_growth(c->callers, vms_log_line);
	ASSERT_EQ(0, ret);
}

#endif
