// SPDX-License-Identifier: GPL-2.0
/*
 * vmap_stack_churn: create and reap many threads and processes for a
 * bounded time. Each new task gets a vmapped kernel stack (VMAP_STACK),
 * with KASAN_VMALLOC its own shadow; freed stacks go back through RCU and
 * lazy vmap purging. Asserts:
 *   churn                      tasks were created and reaped; the kernel
 *                              logged no report (KASAN, BUG, WARNING, Oops)
 *   walk_back_to_baseline      after a forced purge the mapped vmalloc
 *                              shadow pages (module's page-table walk) are
 *                              back within VMSHADOW_BOUND pages of the
 *                              count before the churn, plus what vmap
 *                              areas live now but not then can hold (the
 *                              per-CPU cache of freed stacks keeps some:
 *                              their shadow is not a leak)
 *   series_back_to_baseline    the same with the series' counter (SKIP on a
 *                              kernel without it)
 *   series_tracks_walk         before the purge, the series' counter grew by
 *                              what the walk grew by (within VMSHADOW_BOUND)
 * Skips (exit 4) without VMAP_STACK. Time: VMSHADOW_CHURN_SECONDS (5).
 */
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>

#include "vms.h"
#include "kselftest_harness.h"
#include "vms_harness.h"

#define THREADS_PER_ROUND 16
#define FORKS_PER_ROUND 8

/* Filled by "churn", read by the tests after it (each runs in a child). */
static struct churn_result {
	struct vms_churn c;
	struct vms_areas areas;
	long walk_peak, series_peak;
	long threads, procs;
} *res;

/* Shadow pages the vmap areas that appeared since the baseline can hold. */
static long new_area_shadow(void)
{
	static struct vms_areas now;
	long page_size = vms_feature("page_size");

	if (vms_vmalloc_areas(&now) || res->areas.n == 0 || page_size <= 0)
		return 0;
	return vms_new_area_shadow(&res->areas, &now, page_size);
}

static void *thread_fn(void *arg)
{
	return arg;
}

/*
 * glibc threads need the futex system call its ABI uses: on a 32-bit
 * userland the time32 "futex" that only CONFIG_COMPAT_32BIT_TIME provides
 * (without it pthread_join aborts: "The futex facility returned an
 * unexpected error code"). Returns 0 if threads can be used, else why not.
 */
static const char *threads_unusable(void)
{
#ifdef SYS_futex
	uint32_t word = 0;

	if (syscall(SYS_futex, &word, FUTEX_WAKE, 1, NULL, NULL, 0) < 0 &&
	    errno == ENOSYS)
		return "the futex system call is ENOSYS (a 32-bit userland on a kernel without COMPAT_32BIT_TIME): glibc threads cannot work, processes only";
#endif
	return NULL;
}

TEST(churn)
{
	double end = vms_now() + vms_env_seconds("VMSHADOW_CHURN_SECONDS", 5);
	static char kbuf[1 << 20];
	const char *no_threads = threads_unusable();
	pthread_attr_t attr;
	struct vms_kmsg k;

	vms_churn_begin(_metadata, &res->c);
	vms_vmalloc_areas(&res->areas);

	if (no_threads)
		TH_LOG("%s", no_threads);
	ASSERT_EQ(0, vms_kmsg_mark(&k));
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	while (vms_now() < end) {
		pthread_t t[THREADS_PER_ROUND];
		pid_t p[FORKS_PER_ROUND];
		int i, n = 0, st;

		for (i = 0; i < THREADS_PER_ROUND && !no_threads; i++)
			if (pthread_create(&t[n], &attr, thread_fn, NULL) == 0)
				n++;
		for (i = 0; i < n; i++)
			pthread_join(t[i], NULL);
		res->threads += n;
		for (i = 0, n = 0; i < FORKS_PER_ROUND; i++) {
			p[n] = fork();
			if (p[n] == 0)
				_exit(0);
			if (p[n] > 0)
				n++;
		}
		for (i = 0; i < n; i++) {
			if (waitpid(p[i], &st, 0) == p[i] && WIFEXITED(st) &&
			    WEXITSTATUS(st) == 0)
				res->procs++;
		}
	}
	TH_LOG("%ld threads and %ld processes created and reaped",
	       res->threads, res->procs);
	/* Before the purge: freed stacks still hold shadow. */
	if (res->c.have_walk && res->c.have_series &&
	    (vms_shadow_walk(&res->walk_peak) || vms_series_value(&res->series_peak)))
		res->c.have_series = 0;
	vms_churn_end(&res->c, &k, kbuf, sizeof(kbuf));
	if (!no_threads)
		ASSERT_GT(res->threads, 0);
	ASSERT_GT(res->procs, 0);
	vms_churn_no_report(_metadata, kbuf);
}

TEST(walk_back_to_baseline)
{
	vms_churn_back_to_baseline(_metadata, &res->c, 0, new_area_shadow);
}

TEST(series_back_to_baseline)
{
	vms_churn_back_to_baseline(_metadata, &res->c, 1, new_area_shadow);
}

TEST(series_tracks_walk)
{
	long dwalk, dseries;

	if (!res->c.done)
		SKIP(return, "the churn did not run");
	if (!res->c.have_series || !res->c.have_walk)
		SKIP(return, "needs both the series' counter and the shadow page walk");
	dwalk = res->walk_peak - res->c.walk_base;
	dseries = res->series_peak - res->c.series_base;
	TH_LOG("growth during the churn: walk %+ld, series %+ld pages", dwalk, dseries);
	ASSERT_GE(vms_bound(), labs(dwalk - dseries));
}

int main(int argc, char **argv)
{
	vms_require_module();
	if (vms_feature("vmap_stack") == 0)
		vms_skip_all("kernel stacks are not vmapped here (no VMAP_STACK)");
	res = mmap(NULL, sizeof(*res), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (res == MAP_FAILED)
		return 1;
	return test_harness_run(argc, argv);
}
