// SPDX-License-Identifier: GPL-2.0
/*
 * stack_guard: reads just below (LEADING) and just past (TRAILING) the
 * kernel stack of a task must hit the vmapped stack's guard page. Each read
 * is asked for by a forked child; asserts for each: the child dies by a
 * signal, the kernel's report names the function that did the read, and
 * the parent and the kernel live on (a second child forks and exits
 * normally afterwards).
 *   lkdtm_LEADING, lkdtm_TRAILING    /sys/kernel/debug/provoke-crash/DIRECT
 *   module_LEADING, module_TRAILING  the same reads by vmshadow_test
 *                                    (vmshadow_guard_leading/_trailing),
 *                                    which break_guard turns into reads
 *                                    inside the stack
 * Skips (exit 4) without VMAP_STACK (e.g. ppc64le), from the module's
 * features or, without the module, from lkdtm's "FAIL: accessed page
 * before stack".
 */
#include <signal.h>

#include "vms.h"
#include "kselftest_harness.h"
#include "vms_harness.h"

#define LKDTM "/sys/kernel/debug/provoke-crash/DIRECT"

static char kbuf[1 << 20];

/* Wait at most seconds for pid; SIGKILL it after. Returns status or -1. */
static int wait_bounded(pid_t pid, double seconds)
{
	double end = vms_now() + seconds;
	int st;

	for (;;) {
		pid_t r = waitpid(pid, &st, WNOHANG);

		if (r == pid)
			return st;
		if (r < 0)
			return -1;
		if (vms_now() > end) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			return -1;
		}
		usleep(20000);
	}
}

/*
 * Fork a child that writes what to path; returns its wait status and
 * leaves what the kernel said meanwhile in kbuf.
 */
static int provoke(const char *path, const char *what)
{
	struct vms_kmsg k;
	pid_t pid;
	int st;

	kbuf[0] = '\0';
	if (vms_kmsg_mark(&k))
		return -1;
	pid = fork();
	if (pid == 0) {
		int fd = open(path, O_WRONLY);

		if (fd < 0 || write(fd, what, strlen(what)) < 0)
			_exit(2);
		_exit(0);	/* survived */
	}
	st = pid < 0 ? -1 : wait_bounded(pid, 30);
	usleep(300000);		/* let the report finish */
	vms_kmsg_read(&k, kbuf, sizeof(kbuf));
	vms_kmsg_close(&k);
	return st;
}

/* After the oops: can this process still fork a child that exits 0? */
static int alive(void)
{
	pid_t pid = fork();
	int st;

	if (pid == 0)
		_exit(0);
	return pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	       WEXITSTATUS(st) == 0;
}

static void check(struct __test_metadata *_metadata, const char *path,
		  const char *what, const char *func)
{
	char report[512];
	int st;

	if (access(path, W_OK))
		SKIP(return, "%s: %s", path, strerror(errno));
	st = provoke(path, what);
	ASSERT_NE(-1, st) TH_LOG("the child hung or could not be forked");
	if (!WIFSIGNALED(st) && strstr(kbuf, "FAIL: accessed page before stack"))
		SKIP(return, "lkdtm read below the stack and survived: no guard page (no VMAP_STACK?)");
	if (vms_first_report(kbuf, report, sizeof(report)))
		TH_LOG("report: %s", report);
	EXPECT_TRUE(WIFSIGNALED(st)) {
		TH_LOG("the child survived the %s guard read (exit %d)", what,
		       WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	}
	EXPECT_TRUE(strstr(kbuf, func) != NULL) {
		TH_LOG("no kernel report names %s", func);
	}
	ASSERT_TRUE(alive()) TH_LOG("could not fork after the oops");
	if (WIFSIGNALED(st))
		TH_LOG("child killed by signal %d, report names %s",
		       WTERMSIG(st), func);
}

TEST(lkdtm_LEADING)
{
	check(_metadata, LKDTM, "STACK_GUARD_PAGE_LEADING",
	      "lkdtm_STACK_GUARD_PAGE_LEADING");
}

TEST(lkdtm_TRAILING)
{
	check(_metadata, LKDTM, "STACK_GUARD_PAGE_TRAILING",
	      "lkdtm_STACK_GUARD_PAGE_TRAILING");
}

TEST(module_LEADING)
{
	check(_metadata, VMS_DBG "/guard", "LEADING", "vmshadow_guard_leading");
}

TEST(module_TRAILING)
{
	check(_metadata, VMS_DBG "/guard", "TRAILING", "vmshadow_guard_trailing");
}

int main(int argc, char **argv)
{
	int ret = vms_module_ready();

	if (ret == 0 && vms_feature("vmap_stack") == 0)
		vms_skip_all("kernel stacks are not vmapped here (no VMAP_STACK): no guard pages to hit");
	if (ret)
		printf("# vmshadow_test module not available (%s): module tests skip\n",
		       strerror(-ret));
	return test_harness_run(argc, argv);
}
