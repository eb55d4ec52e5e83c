// SPDX-License-Identifier: GPL-2.0
/*
 * module_churn: load and unload a module (vmshadow_churn.ko, next to this
 * program) many times. Module memory is mapped in module space (vmalloc
 * space, with its own shadow under KASAN_VMALLOC) and freed lazily.
 * Asserts:
 *   churn                      every finit_module and delete_module worked;
 *                              the kernel logged no report
 *   walk_back_to_baseline      after a forced purge the mapped vmalloc
 *                              shadow pages (module's page-table walk) are
 *                              back within VMSHADOW_BOUND pages of before
 *                              (strict: an unloaded module leaves no vmap
 *                              area behind to hold any)
 *   series_back_to_baseline    the same with the series' counter (SKIP on a
 *                              kernel without it)
 * Bounded by VMSHADOW_MODULE_LOOPS (200) and VMSHADOW_CHURN_SECONDS (5).
 */
#include <sys/mman.h>

#include "vms.h"
#include "kselftest_harness.h"

#define CHURN_NAME "vmshadow_churn"

static char churn_path[512];

static struct churn_result {
	int done;
	int have_walk, have_series;
	char callers[16384];
	long walk_base, series_base;
	long loads;
} *res;

static void log_line(const char *s)
{
	printf("# %s\n", s);
}

static long bound(void)
{
	return (long)vms_env_seconds("VMSHADOW_BOUND", 16);
}

TEST(churn)
{
	double end = vms_now() + vms_env_seconds("VMSHADOW_CHURN_SECONDS", 5);
	long loops = (long)vms_env_seconds("VMSHADOW_MODULE_LOOPS", 200), i;
	static char kbuf[1 << 20];
	char name[600], report[512];
	struct vms_kmsg k;
	int fd;

	fd = open(churn_path, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd) TH_LOG("open %s: %s", churn_path, strerror(errno));
	/* A leftover from an interrupted run would make every load EEXIST. */
	syscall(SYS_delete_module, CHURN_NAME, O_NONBLOCK);

	res->have_walk = vms_purge_until(vms_shadow_walk, 0, LONG_MAX, 0,
					 &res->walk_base) == 0;
	res->have_series = vms_shadow_series(name, sizeof(name), &res->series_base) == 0;
	vms_vmalloc_callers(res->callers, sizeof(res->callers));
	if (res->have_walk)
		TH_LOG("walk: %ld shadow pages before", res->walk_base);
	if (res->have_series)
		TH_LOG("series counter %s: %ld before", name, res->series_base);

	ASSERT_EQ(0, vms_kmsg_mark(&k));
	for (i = 0; i < loops && vms_now() < end; i++) {
		ASSERT_EQ(0, syscall(SYS_finit_module, fd, "", 0)) {
			TH_LOG("load %ld: finit_module: %s", i + 1, strerror(errno));
		}
		ASSERT_EQ(0, syscall(SYS_delete_module, CHURN_NAME, O_NONBLOCK)) {
			TH_LOG("unload %ld: delete_module: %s", i + 1, strerror(errno));
		}
		res->loads++;
	}
	close(fd);
	TH_LOG("%ld loads and unloads of %s", res->loads, CHURN_NAME);
	vms_purge();
	usleep(200000);
	kbuf[0] = '\0';
	vms_kmsg_read(&k, kbuf, sizeof(kbuf));
	vms_kmsg_close(&k);
	res->done = 1;
	if (vms_first_report(kbuf, report, sizeof(report)))
		TH_LOG("kernel report during the churn: %s", report);
	ASSERT_EQ(0, vms_first_report(kbuf, report, sizeof(report)));
}

TEST(walk_back_to_baseline)
{
	long now = 0;
	int ret;

	if (!res->done)
		SKIP(return, "the churn did not run");
	if (!res->have_walk)
		SKIP(return, "no shadow page walk (%s)",
		     vms_feature("kasan_vmalloc") == 0 ? "KASAN_VMALLOC is off" :
		     "vmshadow_test/shadow_pages unreadable");
	ret = vms_purge_until(vms_shadow_walk, res->walk_base, bound(), 3, &now);
	TH_LOG("walk: %ld shadow pages before, %ld after purge (bound %ld)",
	       res->walk_base, now, bound());
	if (ret)
		vms_vmalloc_growth(res->callers, log_line);
	ASSERT_EQ(0, ret);
}

TEST(series_back_to_baseline)
{
	long now = 0;
	int ret;

	if (!res->done)
		SKIP(return, "the churn did not run");
	if (!res->have_series)
		SKIP(return, "this kernel has no vmalloc shadow counter (" VMS_SERIES_FILE " " VMS_SERIES_KEY "): not the vmshadow series");
	ret = vms_purge_until(vms_series_value, res->series_base, bound(), 3, &now);
	TH_LOG("series counter: %ld before, %ld after purge (bound %ld)",
	       res->series_base, now, bound());
	ASSERT_EQ(0, ret);
}

int main(int argc, char **argv)
{
	int ret = vms_module_ready();
	char *slash;

	if (ret) {
		ksft_print_header();
		ksft_exit_fail_msg("vmshadow_test module not available: %s\n",
				   strerror(-ret));
	}
	/* vmshadow_churn.ko lives next to this program. */
	snprintf(churn_path, sizeof(churn_path), "%s", argv[0]);
	slash = strrchr(churn_path, '/');
	snprintf(slash ? slash + 1 : churn_path,
		 sizeof(churn_path) - (slash ? slash + 1 - churn_path : 0),
		 "%s.ko", CHURN_NAME);
	res = mmap(NULL, sizeof(*res), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (res == MAP_FAILED)
		return 1;
	return test_harness_run(argc, argv);
}
