/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmshadow guest runner: the initramfs /init. See docs/console-grammar.md
 * for every line it prints; that grammar is a contract with ci/vmshadow.
 */
#ifndef VMSHADOW_RUNNER_H
#define VMSHADOW_RUNNER_H

#include <stddef.h>

#define RUNNER_VERSION 1

/* out.c: every line goes to /dev/kmsg ("vmshadow: " prefix). */
void out_open(void);
void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* kmsg.c: read what the kernel said since a mark. */
struct kmsg_mark {
	int fd;
};
int kmsg_mark(struct kmsg_mark *m);
/*
 * Collect the messages logged since the mark into buf (one per line,
 * NUL-terminated, truncated to len). Returns the number of bytes stored.
 */
size_t kmsg_since(struct kmsg_mark *m, char *buf, size_t len);
void kmsg_close(struct kmsg_mark *m);

/* cmdline.c: vmshadow.KEY=VALUE parameters from /proc/cmdline. */
const char *param(const char *key, const char *def);

/* Result of one step. */
/* R_ERROR: the test could not run (a syscall failed); the plan goes on. */
enum result { R_PASS, R_FAIL, R_SKIP, R_ERROR };
struct step_result {
	enum result r;
	char reason[256];
};

/* steps.c */
struct tv_outcome {
	int summaries;		/* "Summary:" lines (tests x workers) */
	int bad;		/* of them failed, align_shift_alloc_test aside */
	char badname[128];	/* the first that failed */
	const char *what;	/* the call that failed, when not 0 */
};
int run_test_vmalloc(const char *params, struct tv_outcome *o);
void step_test_vmalloc(const char *extra, struct step_result *res);
void step_lkdtm_guard(const char *which, struct step_result *res);
void step_program(const char *path, struct step_result *res);
void step_module(const char *path, struct step_result *res);
void step_broken(const char *path, const char *knob, struct step_result *res);
void step_knob(const char *knob, struct step_result *res);

/* stress.c: plan stress */
void step_tv_stress(const char *params, int inject, struct step_result *res);
void step_kunit_fault(const char *suite, struct step_result *res);

#endif
