/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel report detection: finds where each report (KASAN, oops, WARNING,
 * lockdep, stall, UBSAN, kmemleak, ... : the rows of oops_table.c) starts
 * and ends in a console log, and gives it a kind, a class and a one-line
 * title "WHAT in FUNC" whose function is the first frame that is not
 * report, stack-dump or class machinery.
 *
 * One splat, one report: a line that continues the report before it (the
 * "Oops:" after "BUG: unable to handle page fault", the WARNING after
 * "refcount_t: underflow", kmemleak's objects after its summary line) is
 * joined to it. A report ends at its end marker, at the next report, at a
 * runner, KTAP or test_vmalloc line (oops_break()), or after
 * REPORT_MAX_LINES lines. A report still open when the log ends is cut
 * short if it never reached the marker or the stack it was waiting for.
 */
#ifndef VMSHADOW_OOPS_H
#define VMSHADOW_OOPS_H

#include <stdbool.h>

#include "oops_table.h"
#include "results.h"

#define REPORT_MAX_LINES	1000
/* Registers, stack frames and lock lines are read this far into a report. */
#define REPORT_FRAME_LINES	300
/* At most this many function candidates are kept per report. */
#define REPORT_MAX_CANDS	64
/* A joining line (an oops header) comes this early in the report it joins. */
#define REPORT_JOIN_LINES	32

/* Where a candidate for the title's function was seen. */
enum cand_from { C_HEADER, C_REGS, C_FRAME, C_LOCK };

struct oops_cand {
	enum cand_from from;
	char func[NAME_CAP + 1];
};

struct oopsdet {
	struct report *cur;		/* the open report, or NULL */
	bool cur_stored;		/* cur is in results (else: scratch) */
	struct report scratch;		/* a report beyond MAX_REPORTS */
	const struct oops_format *fmt;	/* the row that started cur */
	long nlines;			/* lines of cur so far */
	int joined;			/* lines joined to cur */
	bool tail;			/* ALLOC: show_mem's last lines seen */
	bool marker;			/* cur ended at its end marker */
	bool not_frame;			/* the next line is no stack frame */
	char first[TEXT_CAP + 1];	/* cur's first line */
	char type[NAME_CAP + 1];	/* %T */
	char rest[TEXT_CAP + 1];	/* %R */
	char where[NAME_CAP + 1];	/* %L */
	struct oops_cand *cands;	/* REPORT_MAX_CANDS */
	int ncands;
	/* Called when a report starts (to attribute it) and when it ends. */
	void (*on_start)(void *ctx, struct report *rep);
	void (*on_end)(void *ctx, struct report *rep, bool stored);
	void *ctx;
};

void oops_init(struct oopsdet *d,
	       void (*on_start)(void *ctx, struct report *rep),
	       void (*on_end)(void *ctx, struct report *rep, bool stored),
	       void *ctx);
void oops_free(struct oopsdet *d);
/* Feed one cleaned kernel line. */
void oops_line(struct oopsdet *d, struct results *r, const char *text, long line);
/* The open report ends here (a runner or KTAP line follows). */
void oops_break(struct oopsdet *d);
/* End of the log: a report still open may be cut short. */
void oops_finish(struct oopsdet *d);

/*
 * Exposed for the unit tests: the kind of report a line starts (or -1),
 * the function name of "func+0x1/0x2 [mod]" (false if none), and the
 * function of a stack frame line in any arch's format (false if the line
 * is not a reliable frame).
 */
int oops_start_kind(const char *text);
bool oops_symbol(const char *s, char *out, size_t cap);
bool oops_frame(const char *text, char *out, size_t cap);

#endif
