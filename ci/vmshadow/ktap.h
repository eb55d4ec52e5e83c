/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KTAP/TAP parsing with nested subtests at any indent depth.
 *
 * Two modes:
 *  - kernel: KUnit output printed by the kernel. The document root holds
 *    the suites ("ok 1 kasan"), so a leaf's suite is the name of the
 *    top-level subtest and its name is the path below it ("case" or
 *    "case/param").
 *  - relay: a kselftest program's TAP relayed by the runner. The suite is
 *    fixed (the step name) and a leaf's name is its path from the root.
 *
 * Only leaves become tests. A "not ok" of a subtest none of whose leaves
 * failed is recorded too, so that no failure is ever lost. Results that a
 * plan promised but never came become ERROR tests.
 */
#ifndef VMSHADOW_KTAP_H
#define VMSHADOW_KTAP_H

#include <stdbool.h>

#include "results.h"

#define KTAP_MAX_DEPTH		32	/* deeper subtests are ignored */
#define KTAP_MAX_MISSING	64	/* ERROR entries per incomplete plan */
#define KTAP_MAX_PLAN		1000000
#define KTAP_TAB		8	/* a tab indents to the next multiple */
#define KTAP_PREFIX_CAP		64	/* text before a version line */
#define KTAP_KNOWN_CAP		512	/* vmshadow.kunit_xfail= value */
/* The reason of a known failure's XFAIL begins with this. */
#define KTAP_KNOWN_REASON	"known failure on this arch"

struct ktap_frame {
	int indent;
	char name[NAME_CAP + 1];	/* "# Subtest:" name, or "#N" */
	bool named;
	long long plan;			/* -1: no plan line yet */
	long long nresults;		/* results at this level so far */
	long first_test;		/* r->ntests when the frame opened */
	long leaves;			/* leaf tests recorded below it */
	bool bad;			/* one of them is FAIL or ERROR */
	char diag[TEXT_CAP + 1];	/* failure diagnostic for the next result */
};

struct ktap {
	bool relay;
	/*
	 * Relay mode, a runner step broken_*: the program runs with its
	 * condition broken on purpose, so its FAIL and ERROR results are
	 * expected and recorded as XFAIL (the step's own result says whether
	 * it failed as it must).
	 */
	bool fails_on_purpose;
	/*
	 * Kernel mode: "suite.case,suite.case" from the kernel command line's
	 * vmshadow.kunit_xfail= (a target's T_KUNIT_XFAIL: cases that fail on
	 * that arch because KASAN cannot see an access there, for a reason its
	 * notes give). Their FAIL with KUnit's "KASAN failure expected ... but
	 * none occurred" is recorded as XFAIL, so the log alone gives the
	 * verdict, whoever parses it; any other FAIL of theirs (a timeout, a
	 * failed check of another kind) stays a FAIL.
	 */
	char known_fail[KTAP_KNOWN_CAP + 1];
	bool have_known;		/* the first parameter was taken */
	char suite[NAME_CAP + 1];	/* relay mode: the suite of every test */
	struct ktap_frame f[KTAP_MAX_DEPTH];
	int depth;			/* open frames; 0 = no document */
	int diag_frame;			/* frame whose diag may continue, or -1 */
	long first_new;			/* first test added by the last call, or -1 */
	/*
	 * Kernel mode: the text before the version line that opened the
	 * document ("foo: KTAP version 1"), stripped from its lines as
	 * kunit.py does.
	 */
	char prefix[KTAP_PREFIX_CAP + 1];
	size_t prefix_len;
	/* f[0] was made up for an indented version line (debugfs re-run). */
	bool rerun;
	/*
	 * "crashed: Kernel panic - ..." once the kernel panicked inside the
	 * document: the reason of the running case when it is closed.
	 */
	char crashed[TEXT_CAP + 1];
	const char *crash_next;		/* internal: reason of the next ERROR */
};

/* relay_suite: NULL for kernel mode, else the suite of every test. */
void ktap_init(struct ktap *k, const char *relay_suite);

/*
 * Kernel mode: take the known failures from a kernel command line (the
 * text after "Kernel command line: "): the value of vmshadow.kunit_xfail=,
 * a comma-separated list of suite.case. The first such parameter counts,
 * as for the runner's vmshadow.* keys (ci/boot.sh puts a developer's
 * APPEND first); none leaves the list as it is. A value longer than
 * KTAP_KNOWN_CAP keeps its whole names only.
 */
void ktap_known_failures(struct ktap *k, const char *cmdline);

/*
 * Feed one cleaned line (leading spaces = indent). Returns true when the
 * line was KTAP structure (version, subtest, plan, result); diagnostics
 * and other text return false.
 */
bool ktap_line(struct ktap *k, struct results *r, const char *text, long line);

/*
 * End of this TAP stream (end of log, or the runner step ended): every
 * open subtest is closed; missing results become ERROR with reason.
 */
void ktap_finish(struct ktap *k, struct results *r, long line, const char *reason);

/*
 * The kernel died inside this stream (the log ends mid-suite, reason
 * "no result (why)"): like ktap_finish(), but the running case (the first
 * missing result of the innermost open subtest) is ERROR "crashed (why)",
 * or "crashed: Kernel panic - ..." after a panic line.
 */
void ktap_crash(struct ktap *k, struct results *r, long line, const char *why);

/* One "ok"/"not ok" line, after the "ok"/"not ok" word. */
struct tap_result {
	bool have_num;
	unsigned long long num;
	char desc[NAME_CAP + 1];	/* may be empty */
	enum tstatus status;		/* from ok/not ok and the directive */
	const char *reason;		/* directive text; points into the line */
};
void tap_parse_result(bool ok, const char *rest, struct tap_result *out);

/* Kernel mode: the top-level suite currently open, or NULL. */
const char *ktap_suite(const struct ktap *k);

#endif
