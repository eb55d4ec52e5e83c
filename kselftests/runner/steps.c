// SPDX-License-Identifier: GPL-2.0
/*
 * The steps of a plan. Each step asserts on what the kernel said itself
 * (through /dev/kmsg) and returns PASS, FAIL or SKIP with a reason.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runner.h"

#define KMSG_BUF (1 << 20)
static char kbuf[KMSG_BUF];

static void set(struct step_result *res, enum result r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set(struct step_result *res, enum result r, const char *fmt, ...)
{
	va_list ap;

	res->r = r;
	va_start(ap, fmt);
	vsnprintf(res->reason, sizeof(res->reason), fmt, ap);
	va_end(ap);
}

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Wait for pid for at most timeout seconds; kill it after that.
 * Returns the wait status, or -1 on timeout (child killed and reaped).
 */
static int wait_bounded(pid_t pid, double timeout)
{
	double end = mono() + timeout;
	int st;

	for (;;) {
		pid_t r = waitpid(pid, &st, WNOHANG);

		if (r == pid)
			return st;
		if (r < 0 && errno != EINTR)
			return -2;
		if (mono() > end) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			return -1;
		}
		usleep(20000);
	}
}

/*
 * test_vmalloc: loaded exactly once with finit_module. It returns -EAGAIN
 * by design after running its tests (so that it never stays loaded); any
 * other error means it did not run. Then every "Summary:" line it printed
 * is counted; align_shift_alloc_test is expected to fail. Returns 0, or the
 * errno of finit_module (or of open, with *what "open").
 */
int run_test_vmalloc(const char *params, struct tv_outcome *o)
{
	const char *path = "/lib/modules/test_vmalloc.ko";
	struct kmsg_mark m;
	int fd, ret, err;
	char *p;

	memset(o, 0, sizeof(*o));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		o->what = "open";
		return errno;
	}
	kmsg_mark(&m);
	out("# test_vmalloc %s", params);
	ret = syscall(SYS_finit_module, fd, params, 0);
	err = errno;
	close(fd);
	kmsg_since(&m, kbuf, sizeof(kbuf));
	kmsg_close(&m);
	if (ret != 0 && err != EAGAIN) {
		o->what = "finit_module";
		return err;
	}
	for (p = kbuf; (p = strstr(p, "Summary: ")); p++) {
		char name[128];
		int passed, failed;

		if (sscanf(p, "Summary: %127s passed: %d failed: %d", name,
			   &passed, &failed) != 3)
			continue;
		o->summaries++;
		if (failed && strcmp(name, "align_shift_alloc_test") != 0) {
			o->bad++;
			if (!o->badname[0])
				snprintf(o->badname, sizeof(o->badname), "%s", name);
		}
	}
	return 0;
}

void step_test_vmalloc(const char *params, struct step_result *res)
{
	struct tv_outcome o;
	int err = run_test_vmalloc(params, &o);

	if (err)
		set(res, R_ERROR, "%s: %s (errno %d)", o.what, strerror(err), err);
	else if (!o.summaries)
		set(res, R_FAIL, "test_vmalloc printed no Summary line");
	else if (o.bad)
		set(res, R_FAIL, "%d test(s) failed, first %s", o.bad, o.badname);
	else
		set(res, R_PASS, "%d tests", o.summaries);
}

/* Decode '+' to ' ' (the kernel command line has no quoting for us). */
static void plus_to_space(char *s)
{
	for (; *s; s++)
		if (*s == '+')
			*s = ' ';
}

/*
 * Does log say "KASAN: KIND" for one of the '|'-separated kinds? An arch
 * may word a guard page hit in more than one way: on arm64 it is
 * "vmalloc-out-of-bounds" when the shadow below the stack is mapped and
 * "probably wild-memory-access" (the fault on the shadow itself) when not.
 * A kind that starts with '~' is matched as it stands, without "KASAN: ":
 * s390x's fault handler says nothing of KASAN when the check itself faults
 * on unmapped shadow.
 */
static int says_kasan(const char *log, const char *kinds)
{
	char buf[160], pat[176], *tok, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", kinds);
	for (tok = strtok_r(buf, "|", &save); tok;
	     tok = strtok_r(NULL, "|", &save)) {
		if (*tok == '~')
			snprintf(pat, sizeof(pat), "%s", tok + 1);
		else
			snprintf(pat, sizeof(pat), "KASAN: %s", tok);
		if (strstr(log, pat))
			return 1;
	}
	return 0;
}

/*
 * lkdtm STACK_GUARD_PAGE_{LEADING,TRAILING}: the access to the guard page
 * kills the task that asks for it, so a forked child asks. Expected: the
 * child dies by a signal, the kernel's report names the lkdtm function
 * (and, with vmshadow.guard=kasan:TYPE[|TYPE...], says "KASAN: TYPE" for
 * one of them), and the kernel lives on (this process keeps running the
 * plan).
 */
void step_lkdtm_guard(const char *which, struct step_result *res)
{
	const char *mode = param("guard", "oops");
	const char *dpath = "/sys/kernel/debug/provoke-crash/DIRECT";
	char func[96], want[160] = "";
	struct kmsg_mark m;
	pid_t pid;
	int st;

	if (!strncmp(mode, "skip:", 5)) {
		char why[200];

		snprintf(why, sizeof(why), "%s", mode + 5);
		plus_to_space(why);
		set(res, R_SKIP, "%s", why);
		return;
	}
	if (!strncmp(mode, "kasan:", 6)) {
		snprintf(want, sizeof(want), "%s", mode + 6);
		plus_to_space(want);
	}
	if (access(dpath, W_OK)) {
		set(res, R_ERROR, "%s: %s (errno %d; CONFIG_LKDTM, debugfs?)",
		    dpath, strerror(errno), errno);
		return;
	}
	snprintf(func, sizeof(func), "lkdtm_%s", which);
	kmsg_mark(&m);
	pid = fork();
	if (pid < 0) {
		set(res, R_ERROR, "fork: %s (errno %d)", strerror(errno), errno);
		kmsg_close(&m);
		return;
	}
	if (pid == 0) {
		int fd = open(dpath, O_WRONLY);

		if (fd < 0 || write(fd, which, strlen(which)) < 0)
			_exit(2);
		_exit(0);	/* survived: the guard page did not stop it */
	}
	st = wait_bounded(pid, 60);
	usleep(200000);	/* let the oops finish logging */
	kmsg_since(&m, kbuf, sizeof(kbuf));
	kmsg_close(&m);
	if (st == -1)
		set(res, R_FAIL, "child hung for 60 s");
	else if (st < 0)
		set(res, R_FAIL, "waitpid failed");
	else if (!WIFSIGNALED(st))
		set(res, R_FAIL, "child survived the guard page access (exit %d)",
		    WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	else if (!strstr(kbuf, func))
		set(res, R_FAIL, "no kernel report names %s", func);
	else if (want[0] && !says_kasan(kbuf, want))
		set(res, R_FAIL, "report does not say \"KASAN: %s\"", want);
	else
		set(res, R_PASS, "child killed by signal %d, report names %s",
		    WTERMSIG(st), func);
}

/*
 * A kselftest program: its stdout and stderr are relayed line by line,
 * indented by four spaces (nested TAP). Exit 0 = pass, 4 = skip (kselftest
 * KSFT_SKIP), anything else = fail.
 */
void step_program(const char *path, struct step_result *res)
{
	double timeout = atof(param("kst_timeout", "300"));
	char line[900];
	size_t used = 0;
	int pfd[2], st;
	double end;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC)) {
		set(res, R_FAIL, "pipe: %s", strerror(errno));
		return;
	}
	pid = fork();
	if (pid < 0) {
		set(res, R_FAIL, "fork: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		dup2(pfd[1], 1);
		dup2(pfd[1], 2);
		execl(path, path, (char *)NULL);
		fprintf(stderr, "exec %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	close(pfd[1]);
	end = mono() + timeout;
	for (;;) {
		struct pollfd pf = { .fd = pfd[0], .events = POLLIN };
		int left = (int)((end - mono()) * 1000);
		ssize_t n;
		char c;

		if (left <= 0 || poll(&pf, 1, left) <= 0)
			break;
		n = read(pfd[0], &c, 1);
		if (n <= 0)
			break;
		if (c == '\n' || used == sizeof(line) - 1) {
			line[used] = '\0';
			out("    %s", line);
			used = 0;
			if (c == '\n')
				continue;
		}
		line[used++] = c;
	}
	if (used) {
		line[used] = '\0';
		out("    %s", line);
	}
	close(pfd[0]);
	st = wait_bounded(pid, end - mono() > 1 ? end - mono() : 1);
	if (st == -1)
		set(res, R_FAIL, "timed out after %.0f s", timeout);
	else if (st < 0)
		set(res, R_FAIL, "waitpid failed");
	else if (WIFSIGNALED(st))
		set(res, R_FAIL, "killed by signal %d", WTERMSIG(st));
	else if (WEXITSTATUS(st) == 4)
		set(res, R_SKIP, "skipped (exit 4)");
	else if (WEXITSTATUS(st))
		set(res, R_FAIL, "exit %d", WEXITSTATUS(st));
	else
		set(res, R_PASS, "exit 0");
}

/*
 * A module the kselftests need, loaded with finit_module (already loaded:
 * fine). What the kernel said while loading it is checked by the results
 * tool like any step's output (expect=none).
 */
void step_module(const char *path, struct step_result *res)
{
	int fd, ret, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		set(res, R_FAIL, "open %s: %s (errno %d)", path, strerror(errno), errno);
		return;
	}
	ret = syscall(SYS_finit_module, fd, "", 0);
	err = errno;
	close(fd);
	if (ret == 0)
		set(res, R_PASS, "loaded %s", path);
	else if (err == EEXIST)
		set(res, R_PASS, "%s already loaded", path);
	else
		set(res, R_FAIL, "finit_module %s: %s (errno %d)", path, strerror(err), err);
}

/* Set a vmshadow_test knob (debugfs bool): 0 or -errno. */
static int knob_set(const char *knob, int on)
{
	char path[256];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "/sys/kernel/debug/vmshadow_test/%s", knob);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, on ? "Y\n" : "N\n", 2) != 2)
		ret = -errno;
	close(fd);
	return ret;
}

/*
 * Set a test module knob for the rest of the boot (plan stress,
 * vmshadow.break=KNOB: a condition broken on purpose, for the whole plan).
 */
void step_knob(const char *knob, struct step_result *res)
{
	int ret = knob_set(knob, 1);

	if (ret)
		set(res, R_ERROR, "cannot set %s: %s (errno %d)", knob, strerror(-ret), -ret);
	else
		set(res, R_PASS, "%s set: the steps after this one must fail", knob);
}

/*
 * Plan selftest: run a kselftest program with one of the test module's
 * knobs set (its condition broken on purpose). The step passes only if
 * the program fails; the program's own output is relayed as usual.
 */
void step_broken(const char *path, const char *knob, struct step_result *res)
{
	struct step_result sub = { R_FAIL, "" };
	int ret = knob_set(knob, 1);

	if (ret) {
		set(res, R_FAIL, "cannot set %s: %s (errno %d)", knob, strerror(-ret), -ret);
		return;
	}
	step_program(path, &sub);
	ret = knob_set(knob, 0);
	if (ret)
		set(res, R_FAIL, "cannot clear %s: %s (errno %d)", knob, strerror(-ret), -ret);
	else if (sub.r == R_FAIL)
		set(res, R_PASS, "failed with %s set, as it must (%s)", knob, sub.reason);
	else if (sub.r == R_SKIP)
		set(res, R_SKIP, "the test skipped with %s set (%s)", knob, sub.reason);
	else
		set(res, R_FAIL, "the test passed with %s set: it cannot see that breakage", knob);
}
