/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's failure reports as data: which first line starts which
 * report, its kind (the word a runner step's expect= names), its class
 * (what it is), how its one-line title is made, where the title's function
 * comes from and where the report ends. oops.c walks the log with it;
 * adding a report format is adding a row (and a fixture under
 * tests/reports/).
 */
#ifndef VMSHADOW_OOPS_TABLE_H
#define VMSHADOW_OOPS_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "results.h"

/* Where a report ends (besides the next report, runner or KTAP line). */
enum oops_end {
	END_MARKED,	/* "=====" (20+) or "---[ end trace" / "---[ end Kernel panic" */
	END_TASK,	/* ... or the first " </TASK>": the dump_stack() that closes a
			 * report without oops (BUG:, lockdep, stalls; x86 only) */
	END_OPEN,	/* no end marker (kmemleak, workqueue lockup): the next report ends it */
	END_ALLOC,	/* warn_alloc: after show_mem's "N pages reserved" lines */
};

/* Where the title's function comes from; every mode falls back to the stack. */
enum oops_fn {
	FN_NONE,	/* the title has no function */
	FN_HEADER,	/* "in F+0x.." / "at FILE:LINE F+0x.." on the first line */
	FN_REGS,	/* the faulting function: RIP, pc, NIP, PSW, epc, "PC is at" */
	FN_STACK,	/* the first stack frame */
	FN_LOCK,	/* lockdep: the first "..., at: F+0x.." lock line */
};

/* Extra frames to skip when choosing the title's function, per class. */
#define SKIP_MEM	(1u << 0)	/* memcpy, strlen, ...: KASAN and friends */
#define SKIP_LOCK	(1u << 1)	/* spin_lock, mutex_lock, lockdep */
#define SKIP_SCHED	(1u << 2)	/* schedule, wait_for_completion, ... */
#define SKIP_ALLOC	(1u << 3)	/* kmalloc, vmalloc, slab: kmemleak */
#define SKIP_REFCNT	(1u << 4)	/* refcount_warn_saturate, __refcount_* */
#define SKIP_LIST	(1u << 5)	/* __list_add_valid_or_report, ... */

struct oops_format {
	/*
	 * The first line, anchored at its start: '*' matches any run of
	 * characters, everything else itself; the line may go on after it.
	 */
	const char *pattern;
	enum rkind kind;
	const char *class;
	/*
	 * The title: text, plus %T (the first line's text that '*' matched
	 * last, up to " in " or an address: a KASAN bug type, a UBSAN check),
	 * %A (" Read"/" Write" from KASAN's access line), %H (the first line
	 * without addresses, "[#1] ..." flags and error codes), %P (the
	 * panic message), %L (FILE:LINE of lockdep's suspicious-RCU line).
	 * " in FUNC" is appended when fn is not FN_NONE and a function is
	 * known.
	 */
	const char *title;
	enum oops_fn fn;
	enum oops_end end;
	unsigned skip;		/* SKIP_* */
	/*
	 * The line continues an open report of one of these kinds (1 << kind)
	 * instead of starting one: the oops after "BUG: unable to handle page
	 * fault", the WARNING after "refcount_t: underflow". Once per report
	 * unless join_repeat (kmemleak's objects).
	 */
	unsigned joins;
	bool join_repeat;
	/* The printk that prints the first line, in Linux 6.12 (and 6.1). */
	const char *source;
};

extern const struct oops_format oops_formats[];
extern const size_t oops_nformats;

/* How a line matched a format. */
struct oops_match {
	const char *star;	/* where the last '*' matched (NULL: no '*') */
	size_t starn;		/* its length */
	const char *end;	/* the end of the match in the line */
};

/* The first format (in table order) the line starts with, or NULL. */
const struct oops_format *oops_match(const char *line, struct oops_match *m);

/* Is FUNC report, stack-dump or class (skip) machinery, not the culprit? */
bool oops_internal_frame(const char *func, unsigned skip);

#endif
