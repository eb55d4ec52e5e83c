/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel report detection: KASAN, BUG, OOPS, WARNING, PANIC and ALLOC
 * (warn_alloc's "vmalloc error") reports, each spanning from its first line
 * to its end marker ("---[ end trace ... ]---", KASAN's closing
 * "=====...", "---[ end Kernel panic ... ]---"), or, without one, until the
 * next report, runner, KTAP or test_vmalloc line, or a known last line
 * (show_mem's "N pages reserved" after warn_alloc; " </TASK>" of a BUG
 * that did not oops), capped at REPORT_MAX_LINES.
 *
 * One splat, one report: the "Oops: ..." / "Internal error: Oops" header
 * that follows "BUG: unable to handle page fault", "Unable to handle kernel
 * paging request", "kernel BUG at" or another BUG line belongs to that
 * report (which is then also an oops). A report after a closed one (e.g. an
 * oops after a KASAN report) is a report of its own.
 */
#ifndef VMSHADOW_REPORTS_H
#define VMSHADOW_REPORTS_H

#include <stdbool.h>

#include "results.h"

#define REPORT_MAX_LINES	1000
/* Register lines (RIP/pc/NIP/PSW) are looked for this far into a report. */
#define REPORT_REGS_LINES	120

struct repdet {
	struct report *cur;		/* the open report, or NULL */
	bool cur_stored;		/* cur is in results (else: scratch) */
	struct report scratch;		/* a report beyond MAX_REPORTS */
	long nlines;			/* lines of cur so far */
	bool oops_header;		/* cur has had its Oops line */
	bool tail;			/* ALLOC: show_mem's last lines seen */
	char first[TEXT_CAP + 1];	/* cur's first line (for its title) */
	/* Called when a report starts (to attribute it) and when it ends. */
	void (*on_start)(void *ctx, struct report *rep);
	void (*on_end)(void *ctx, struct report *rep, bool stored);
	void *ctx;
};

void reports_init(struct repdet *d,
		  void (*on_start)(void *ctx, struct report *rep),
		  void (*on_end)(void *ctx, struct report *rep, bool stored),
		  void *ctx);
/* Feed one cleaned kernel line. */
void reports_line(struct repdet *d, struct results *r, const char *text, long line);
/* The open report ends here (a runner or KTAP line follows). */
void reports_break(struct repdet *d);
/* End of the log. */
void reports_finish(struct repdet *d);

/*
 * Exposed for the unit tests: the kind of report a line starts (or -1),
 * and the function name of "func+0x1/0x2 [mod]" (false if none).
 */
int reports_start_kind(const char *text);
bool reports_symbol(const char *s, char *out, size_t cap);

#endif
