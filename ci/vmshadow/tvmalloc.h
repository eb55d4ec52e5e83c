/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lib/test_vmalloc.c output: per worker, one line per test
 *   Summary: T passed: P failed: F repeat: R loops: L avg: U usec
 * then
 *   All test took workerW=C cycles
 * (both optionally prefixed by "test_vmalloc: "). Each Summary line is
 * also a test: PASS when F == 0, FAIL otherwise, except
 * align_shift_alloc_test, which fails by design (XFAIL).
 */
#ifndef VMSHADOW_TVMALLOC_H
#define VMSHADOW_TVMALLOC_H

#include <stdbool.h>

#include "results.h"

struct tvmalloc {
	char step[NAME_CAP + 1];	/* step of the lines seen last */
	bool in_step;
	long long worker;		/* worker of the next Summary lines */
};

void tvm_init(struct tvmalloc *t);
/*
 * Feed one cleaned kernel line; step is the runner step open now, or
 * NULL. Returns true when the line was a test_vmalloc line.
 */
bool tvm_line(struct tvmalloc *t, struct results *r, const char *text,
	      const char *step, long line);

#endif
