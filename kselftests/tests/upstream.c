// SPDX-License-Identifier: GPL-2.0
/*
 * upstream: run an unmodified upstream kselftest script from the kernel
 * tree (packed under /kselftests/upstream/) as one of our kselftest
 * programs, so that its result is a TAP line like everything else. The
 * program is packed under several names; its name picks the script:
 *
 *   upstream_mm_test_vmalloc        mm/test_vmalloc.sh MODE
 *   upstream_lkdtm_<TEST>           lkdtm/<TEST>.sh (run.sh installed under
 *                                   the test's name, as lkdtm's Makefile does)
 *
 * The script runs with busybox's sh (no bash in the guest) from its own
 * directory, as the kselftest runner does; its output is relayed as TAP
 * diagnostics; its exit status is the result (0 ok, 4 skip, else fail).
 * test_vmalloc.sh always exits 0 and says "Check the kernel ring buffer":
 * so this program also checks the ring buffer, as a second TAP test: the
 * test_vmalloc "Summary:" lines, none failed (align_shift_alloc_test is
 * expected to fail: it asks for an alignment vmalloc cannot give).
 *
 * MODE: vmshadow.upstream_tv=WORDS on the kernel command line (commas for
 * spaces), default "test_loop_count=100" (see the README in kselftests/: the
 * script's smoke mode takes far longer than a smoke plan under TCG).
 */
#include <fcntl.h>
#include <libgen.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vms.h"

#define UP "/kselftests/upstream"

static char kbuf[1 << 20];

/* vmshadow.KEY=VALUE from /proc/cmdline, commas turned into spaces. */
static void param(const char *key, char *val, size_t len, const char *def)
{
	char cmdline[4096], pat[128], *p;
	int n = vms_read("/proc/cmdline", cmdline, sizeof(cmdline));

	snprintf(val, len, "%s", def);
	if (n <= 0)
		return;
	snprintf(pat, sizeof(pat), "vmshadow.%s=", key);
	for (p = cmdline; (p = strstr(p, pat)); p++) {
		size_t k;

		if (p != cmdline && p[-1] != ' ')
			continue;
		p += strlen(pat);
		k = strcspn(p, " \n");
		snprintf(val, len, "%.*s", (int)k, p);
		for (p = val; *p; p++)
			if (*p == ',')
				*p = ' ';
		return;
	}
}

/* Run sh SCRIPT ARGS in dir, relaying output as "# " lines. */
static int run_script(const char *dir, const char *script, const char *args)
{
	char cmd[1024], line[1024];
	int pfd[2], st, kernel_lines = 0;
	FILE *f;
	pid_t pid;

	/*
	 * sh runs the script, whatever its #! line says (#!/bin/bash: no
	 * bash here) and whether or not the kernel has BINFMT_SCRIPT.
	 */
	snprintf(cmd, sizeof(cmd), "sh ./%s %s", script, args);
	printf("# cd %s && %s\n", dir, cmd);
	fflush(stdout);
	if (pipe(pfd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(pfd[1], 1);
		dup2(pfd[1], 2);
		close(pfd[0]);
		close(pfd[1]);
		if (chdir(dir))
			_exit(127);
		setenv("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", 1);
		setenv("HOME", "/", 1);
		setenv("TMPDIR", "/tmp", 1);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	f = fdopen(pfd[0], "r");
	while (f && fgets(line, sizeof(line), f)) {
		double t;
		int at = 0;

		line[strcspn(line, "\n")] = '\0';
		/* dmesg lines the script echoes are in the console already */
		if (sscanf(line, "[ %lf]%n", &t, &at) == 1 && at > 0) {
			kernel_lines++;
			continue;
		}
		printf("# %s\n", line);
		fflush(stdout);
	}
	if (f)
		fclose(f);
	if (kernel_lines)
		printf("# (%d kernel log lines echoed by the script left out: they are in the console log)\n",
		       kernel_lines);
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}

static int result(int n, const char *name, int rc)
{
	if (rc == 0)
		printf("ok %d %s\n", n, name);
	else if (rc == 4)
		printf("ok %d %s # SKIP\n", n, name);
	else
		printf("not ok %d %s # exit=%d\n", n, name, rc);
	return rc;
}

/* The test_vmalloc Summary lines the kernel printed since the mark. */
static int tv_summaries(int n, struct vms_kmsg *k)
{
	int summaries = 0, bad = 0;
	char *p;

	usleep(100000);
	vms_kmsg_read(k, kbuf, sizeof(kbuf));
	for (p = kbuf; (p = strstr(p, "Summary: ")); p++) {
		char name[128];
		int passed, failed;

		if (sscanf(p, "Summary: %127s passed: %d failed: %d", name,
			   &passed, &failed) != 3)
			continue;
		summaries++;
		printf("# %s passed %d failed %d%s\n", name, passed, failed,
		       failed && !strcmp(name, "align_shift_alloc_test") ?
		       " (expected)" : "");
		if (failed && strcmp(name, "align_shift_alloc_test"))
			bad++;
	}
	if (!summaries) {
		printf("not ok %d test_vmalloc summaries # test_vmalloc printed no Summary line\n", n);
		return 1;
	}
	if (bad) {
		printf("not ok %d test_vmalloc summaries # %d test(s) failed\n", n, bad);
		return 1;
	}
	printf("ok %d test_vmalloc summaries # %d Summary lines, none failed\n", n,
	       summaries);
	return 0;
}

int main(int argc, char **argv)
{
	char *me = basename(argv[0]), dir[256], script[128], args[512] = "";
	char name[300], why[512];
	int tv = !strcmp(me, "upstream_mm_test_vmalloc"), rc, rc2;
	struct vms_kmsg k = { -1 };

	(void)argc;
	printf("TAP version 13\n");
	if (tv) {
		snprintf(dir, sizeof(dir), UP "/mm");
		snprintf(script, sizeof(script), "test_vmalloc.sh");
		param("upstream_tv", args, sizeof(args), "test_loop_count=100");
		snprintf(name, sizeof(name), "selftests: mm: test_vmalloc.sh %s", args);
	} else if (!strncmp(me, "upstream_lkdtm_", 15)) {
		snprintf(dir, sizeof(dir), UP "/lkdtm");
		snprintf(script, sizeof(script), "%s.sh", me + 15);
		snprintf(name, sizeof(name), "selftests: lkdtm: %s", script);
	} else {
		printf("1..0 # SKIP unknown upstream test name %s\n", me);
		return 4;
	}
	if (access("/bin/sh", X_OK)) {
		if (vms_read(UP "/NO_SHELL", why, sizeof(why)) <= 0)
			snprintf(why, sizeof(why), "no /bin/sh in this initramfs");
		why[strcspn(why, "\n")] = '\0';
		printf("1..0 # SKIP %s\n", why);
		return 4;
	}
	/*
	 * Without VMAP_STACK (ppc64le: book3s64 has none) there is no guard
	 * page: lkdtm's read beside the stack succeeds and the upstream
	 * script fails. That is the arch, not a bug: skip with the reason.
	 */
	if (!tv && strstr(me, "STACK_GUARD_PAGE") && vms_module_ready() == 0 &&
	    vms_feature("vmap_stack") == 0) {
		printf("1..0 # SKIP kernel stacks are not vmapped here (no VMAP_STACK): no guard page to hit\n");
		return 4;
	}
	printf("1..%d\n", tv ? 2 : 1);
	fflush(stdout);
	if (tv)
		vms_kmsg_mark(&k);
	rc = result(1, name, run_script(dir, script, args));
	if (!tv)
		return rc == 0 ? 0 : rc == 4 ? 4 : 1;
	rc2 = tv_summaries(2, &k);
	vms_kmsg_close(&k);
	return rc == 0 && rc2 == 0 ? 0 : rc == 4 && rc2 == 0 ? 4 : 1;
}
