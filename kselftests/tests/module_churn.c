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
#include "vms_harness.h"

#define CHURN_NAME "vmshadow_churn"

static char churn_path[512];

static struct churn_result {
	struct vms_churn c;
	long loads;
} *res;

TEST(churn)
{
	double end = vms_now() + vms_env_seconds("VMSHADOW_CHURN_SECONDS", 5);
	long loops = (long)vms_env_seconds("VMSHADOW_MODULE_LOOPS", 200), i;
	static char kbuf[1 << 20];
	struct vms_kmsg k;
	int fd;

	fd = open(churn_path, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd) TH_LOG("open %s: %s", churn_path, strerror(errno));
	/* A leftover from an interrupted run would make every load EEXIST. */
	syscall(SYS_delete_module, CHURN_NAME, O_NONBLOCK);

	vms_churn_begin(_metadata, &res->c);

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
	vms_churn_end(&res->c, &k, kbuf, sizeof(kbuf));
	vms_churn_no_report(_metadata, kbuf);
}

TEST(walk_back_to_baseline)
{
	vms_churn_back_to_baseline(_metadata, &res->c, 0, NULL);
}

TEST(series_back_to_baseline)
{
	vms_churn_back_to_baseline(_metadata, &res->c, 1, NULL);
}

int main(int argc, char **argv)
{
	char *slash;

	vms_require_module();
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
