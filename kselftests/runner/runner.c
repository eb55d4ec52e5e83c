// SPDX-License-Identifier: GPL-2.0
/*
 * vmshadow guest runner: /init of the test initramfs.
 *
 * It mounts proc, sys, devtmpfs and debugfs, reads its plan from the kernel
 * command line (vmshadow.plan=smoke|perf|probe and friends), runs the plan
 * step by step, prints TAP through /dev/kmsg (docs/console-grammar.md) and
 * ends the machine with reboot(RB_AUTOBOOT): QEMU runs with -no-reboot, and
 * tinyconfig kernels have no ACPI to power off with.
 *
 * Parameters (all optional):
 *   vmshadow.plan=smoke|quick|perf|probe|selftest|stress   default smoke
 *                                      (quick: no steps, only the KUnit
 *                                      suites that ran at boot, KASAN's
 *                                      and the series'; selftest: our
 *                                      kselftests with their
 *                                      conditions broken on purpose must
 *                                      fail; stress: test_vmalloc with
 *                                      nr_threads = CPUs, then KUnit
 *                                      kasan_vmalloc_shadow and test_vmalloc
 *                                      under fail_page_alloc, stress.c)
 *   vmshadow.tv=a=1,b=2                test_vmalloc parameters (commas)
 *   vmshadow.guard=oops|kasan:TYPE|skip:REASON   guard page expectation
 *   vmshadow.kst_timeout=SECONDS       per kselftest program
 *   vmshadow.threads=N                 plans perf, stress: nr_threads of
 *                                      test_vmalloc_N, test_vmalloc_stress
 *                                      and _fault (default: CPUs)
 *   vmshadow.fault=PERCENT             plan stress: fail_page_alloc
 *                                      probability (default 5)
 *   vmshadow.fault_fn=SYMBOL           plan stress: the function whose
 *                                      call stacks KUnit's re-run fails
 *                                      (default stress_thread)
 *   vmshadow.rounds=N                  plan stress: rounds of
 *                                      test_vmalloc_stress (default 4; the
 *                                      leak rule compares them)
 *   vmshadow.warmup=N                  plan stress: of them, the first N
 *                                      may retain shadow (default 2)
 *   vmshadow.fault_rounds=N            plan stress: rounds of
 *                                      test_vmalloc_fault (default 1)
 *   vmshadow.kunit_rounds=N            plan stress: re-runs of the KUnit
 *                                      suite under injection (default 4)
 *   vmshadow.kunit_warmup=N            plan stress: of them, the first N
 *                                      may retain shadow (default 2)
 *   vmshadow.break=KNOB                plan stress: set vmshadow_test's
 *                                      KNOB (e.g. break_leak) before the
 *                                      stress: its steps must then fail
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runner.h"

#define MAX_STEPS 64

enum kind { S_TVMALLOC, S_GUARD, S_PROGRAM, S_MODULE, S_BROKEN, S_TV_STRESS,
	    S_TV_FAULT, S_KUNIT_FAULT, S_KNOB };

struct step {
	enum kind kind;
	char name[128];
	char arg[512];
	char expect[64];
	char knob[64];
};

static struct step steps[MAX_STEPS];
static int nsteps;

static struct step *add(enum kind kind, const char *name, const char *arg,
			const char *expect)
{
	struct step *s;

	if (nsteps == MAX_STEPS)
		return NULL;
	s = &steps[nsteps++];
	s->kind = kind;
	snprintf(s->name, sizeof(s->name), "%s", name);
	snprintf(s->arg, sizeof(s->arg), "%s", arg);
	snprintf(s->expect, sizeof(s->expect), "%s", expect);
	return s;
}

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void mounts(void)
{
	mkdir("/proc", 0755);
	mkdir("/sys", 0755);
	mkdir("/dev", 0755);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
	mkdir("/tmp", 01777);
}

/*
 * A busybox packed as /bin/busybox (the upstream selftest scripts need a
 * shell and tools) gets its applet links, and every program a PATH.
 */
static void shell_tools(void)
{
	pid_t pid;
	int st;

	setenv("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", 1);
	if (access("/bin/busybox", X_OK) || access("/bin/sh", F_OK) == 0)
		return;
	mkdir("/sbin", 0755);
	mkdir("/usr", 0755);
	mkdir("/usr/bin", 0755);
	mkdir("/usr/sbin", 0755);
	pid = fork();
	if (pid == 0) {
		execl("/bin/busybox", "busybox", "--install", "-s", (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
	    WEXITSTATUS(st))
		out("# busybox --install -s failed");
}

/*
 * Every module in /lib/modules (not its subfolders) but test_vmalloc.ko
 * (a step of its own) is loaded before the kselftests, one step each:
 * the test modules our kselftests talk to (vmshadow_test.ko).
 */
static void add_modules(void)
{
	char *names[MAX_STEPS];
	struct dirent *d;
	int n = 0, i;
	DIR *dir = opendir("/lib/modules");

	if (!dir)
		return;
	while ((d = readdir(dir)) && n < MAX_STEPS) {
		size_t len = strlen(d->d_name);

		if (len < 4 || strcmp(d->d_name + len - 3, ".ko") ||
		    !strcmp(d->d_name, "test_vmalloc.ko"))
			continue;
		names[n++] = strdup(d->d_name);
	}
	closedir(dir);
	qsort(names, n, sizeof(names[0]), cmpstr);
	for (i = 0; i < n; i++) {
		char path[600], name[160];

		snprintf(path, sizeof(path), "/lib/modules/%s", names[i]);
		snprintf(name, sizeof(name), "module_%.*s",
			 (int)strlen(names[i]) - 3, names[i]);
		add(S_MODULE, name, path, "none");
		free(names[i]);
	}
}

/* test_vmalloc parameters: commas on the command line, spaces for the module. */
static void tv_params(char *dst, size_t len, const char *extra)
{
	size_t i;

	snprintf(dst, len, "%s%s%s", param("tv", ""),
		 *param("tv", "") && *extra ? " " : "", extra);
	for (i = 0; dst[i]; i++)
		if (dst[i] == ',')
			dst[i] = ' ';
}


/*
 * Plan selftest: for each knob listed in /kselftests/NAME.breaks (words),
 * a step broken_NAME_KNOB runs NAME with the test module's knob set
 * (/sys/kernel/debug/vmshadow_test/KNOB): it passes only if NAME fails.
 */
static void add_broken(const char *prog, const char *path, const char *expect)
{
	char bpath[600], knob[64], name[200];
	struct step *s;
	FILE *f;

	snprintf(bpath, sizeof(bpath), "/kselftests/%s.breaks", prog);
	f = fopen(bpath, "r");
	if (!f)
		return;
	while (fscanf(f, "%63s", knob) == 1) {
		snprintf(name, sizeof(name), "broken_%s_%s", prog, knob);
		s = add(S_BROKEN, name, path, expect);
		if (s)
			snprintf(s->knob, sizeof(s->knob), "%s", knob);
	}
	fclose(f);
}

/*
 * Every executable in /kselftests, in name order; NAME.expect holds kinds.
 * broken: the selftest plan's steps instead (add_broken).
 */
static void add_kselftests(int broken)
{
	char *names[MAX_STEPS];
	struct dirent *d;
	int n = 0, i;
	DIR *dir = opendir("/kselftests");

	if (!dir)
		return;
	while ((d = readdir(dir)) && n < MAX_STEPS) {
		char path[600];
		struct stat sb;

		if (d->d_name[0] == '.' || strchr(d->d_name, '.'))
			continue;
		snprintf(path, sizeof(path), "/kselftests/%s", d->d_name);
		if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && access(path, X_OK) == 0)
			names[n++] = strdup(d->d_name);
	}
	closedir(dir);
	qsort(names, n, sizeof(names[0]), cmpstr);
	for (i = 0; i < n; i++) {
		char path[600], name[160], expect[64] = "none";
		FILE *f;

		snprintf(path, sizeof(path), "/kselftests/%s.expect", names[i]);
		f = fopen(path, "r");
		if (f) {
			if (fscanf(f, "%63s", expect) != 1)
				snprintf(expect, sizeof(expect), "none");
			fclose(f);
		}
		snprintf(path, sizeof(path), "/kselftests/%s", names[i]);
		if (!broken) {
			snprintf(name, sizeof(name), "kselftest_%s", names[i]);
			add(S_PROGRAM, name, path, expect);
		} else {
			add_broken(names[i], path, expect);
		}
		free(names[i]);
	}
}

static int build_plan(const char *plan, long cpus)
{
	char p[512], extra[64];

	if (!strcmp(plan, "probe"))
		return 0;
	/*
	 * The inner loop of a developer on mm/kasan: the built-in KUnit
	 * suites (KASAN's, the series' kasan_vmalloc_shadow) ran before /init;
	 * no step of ours. ci/run.sh refuses it with KUNIT=0.
	 */
	if (!strcmp(plan, "quick"))
		return 0;
	if (!strcmp(plan, "smoke")) {
		tv_params(p, sizeof(p), "");
		add(S_TVMALLOC, "test_vmalloc", p, "ALLOC");
		add(S_GUARD, "lkdtm_STACK_GUARD_PAGE_LEADING",
		    "STACK_GUARD_PAGE_LEADING", "KASAN,OOPS");
		add(S_GUARD, "lkdtm_STACK_GUARD_PAGE_TRAILING",
		    "STACK_GUARD_PAGE_TRAILING", "KASAN,OOPS");
		add_modules();
		add_kselftests(0);
		return 0;
	}
	if (!strcmp(plan, "selftest")) {
		/* Each of our tests, broken on purpose, must fail. */
		add_modules();
		add_kselftests(1);
		return 0;
	}
	if (!strcmp(plan, "perf")) {
		long threads = atol(param("threads", "0"));

		tv_params(p, sizeof(p), "sequential_test_order=1 nr_threads=1");
		add(S_TVMALLOC, "test_vmalloc_1", p, "ALLOC");
		snprintf(extra, sizeof(extra),
			 "sequential_test_order=1 nr_threads=%ld", threads > 0 ? threads : cpus);
		tv_params(p, sizeof(p), extra);
		add(S_TVMALLOC, "test_vmalloc_N", p, "ALLOC");
		return 0;
	}
	if (!strcmp(plan, "stress")) {
		long threads = atol(param("threads", "0"));

		/* vmshadow_test: purge, shadow walk, module range */
		add_modules();
		if (*param("break", "")) {
			char name[96];

			snprintf(name, sizeof(name), "knob_%s", param("break", ""));
			add(S_KNOB, name, param("break", ""), "none");
		}
		/*
		 * Sequential order: the leak rule compares two rounds of the
		 * same workload (stress.c); in the default random order each
		 * round is another one. Last, so that it wins over vmshadow.tv.
		 */
		snprintf(extra, sizeof(extra), "nr_threads=%ld sequential_test_order=1",
			 threads > 0 ? threads : cpus);
		tv_params(p, sizeof(p), extra);
		/*
		 * These steps exhaust memory on purpose: failed vmalloc()s
		 * print "vmalloc error: ..." (ALLOC); a real shortage
		 * (STRESS_MEM=) can make the page allocator give up too,
		 * "COMM: page allocation failure: order:N" (NOMEM).
		 * fail_page_alloc's injected failures print none (they fail
		 * before the slowpath), but its steps run in that low memory.
		 */
		add(S_TV_STRESS, "test_vmalloc_stress", p, "ALLOC,NOMEM");
		add(S_KUNIT_FAULT, "kunit_fault_kasan_vmalloc_shadow",
		    "kasan_vmalloc_shadow", "ALLOC,NOMEM");
		add(S_TV_FAULT, "test_vmalloc_fault", p, "ALLOC,NOMEM");
		return 0;
	}
	return -1;
}

int main(void)
{
	const char *plan;
	int i, passed = 0, failed = 0, skipped = 0;
	struct utsname u;
	long cpus;

	mounts();
	out_open();
	shell_tools();
	uname(&u);
	cpus = sysconf(_SC_NPROCESSORS_ONLN);
	plan = param("plan", "smoke");
	out("runner %d start plan=%s arch=%s cpus=%ld kernel=%s",
	    RUNNER_VERSION, plan, u.machine, cpus, u.release);
	out("TAP version 13");
	if (build_plan(plan, cpus)) {
		out("1..1");
		out("not ok 1 plan # unknown plan '%s'", plan);
		failed++;
		goto end;
	}
	out("1..%d", nsteps);
	for (i = 0; i < nsteps; i++) {
		struct step *s = &steps[i];
		struct step_result res = { R_FAIL, "" };

		out("# step %d %s begin expect=%s", i + 1, s->name, s->expect);
		switch (s->kind) {
		case S_TVMALLOC:
			step_test_vmalloc(s->arg, &res);
			break;
		case S_GUARD:
			step_lkdtm_guard(s->arg, &res);
			break;
		case S_PROGRAM:
			step_program(s->arg, &res);
			break;
		case S_MODULE:
			step_module(s->arg, &res);
			break;
		case S_BROKEN:
			step_broken(s->arg, s->knob, &res);
			break;
		case S_TV_STRESS:
		case S_TV_FAULT:
			step_tv_stress(s->arg, s->kind == S_TV_FAULT, &res);
			break;
		case S_KUNIT_FAULT:
			step_kunit_fault(s->arg, &res);
			break;
		case S_KNOB:
			step_knob(s->arg, &res);
			break;
		}
		switch (res.r) {
		case R_PASS:
			out("ok %d %s # %s", i + 1, s->name, res.reason);
			passed++;
			break;
		case R_SKIP:
			out("ok %d %s # SKIP %s", i + 1, s->name, res.reason);
			skipped++;
			break;
		case R_FAIL:
			out("not ok %d %s # %s", i + 1, s->name, res.reason);
			failed++;
			break;
		case R_ERROR:
			out("not ok %d %s # ERROR %s", i + 1, s->name, res.reason);
			failed++;
			break;
		}
	}
end:
	out("# end passed=%d failed=%d skipped=%d", passed, failed, skipped);
	out("runner end");
	sync();
	reboot(RB_AUTOBOOT);
	out("# reboot failed: %s", strerror(errno));
	for (;;)
		pause();
}
