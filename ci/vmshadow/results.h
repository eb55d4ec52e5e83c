/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The data model of one parsed console log: what results.json holds
 * (field names in json.c are the contract), plus the verdict.
 */
#ifndef VMSHADOW_RESULTS_H
#define VMSHADOW_RESULTS_H

#include <stdbool.h>
#include <stddef.h>

/* Hard caps: a hostile log can never make us use unbounded memory. */
#define MAX_TESTS	20000
#define MAX_REPORTS	5000
#define MAX_TVM		4096
#define NAME_CAP	200	/* suite, test, step, function names */
#define TEXT_CAP	300	/* reasons, titles */

enum tstatus { T_PASS, T_FAIL, T_SKIP, T_ERROR, T_XFAIL, T_NSTATUS };
/*
 * Report kinds: the words a runner step's expect= names (oops_table.c maps
 * every report format to one). A step expects exactly the kinds it names.
 * ALLOC is vmalloc's warn_alloc ("vmalloc error: size N, ..."), NOMEM the
 * page allocator's ("page allocation failure: order:N"): test_vmalloc
 * provokes the first on purpose in every plan, only steps that exhaust
 * memory on purpose (plan stress) may provoke the second.
 */
enum rkind { R_KASAN, R_BUG, R_OOPS, R_WARNING, R_PANIC, R_ALLOC, R_NOMEM,
	     R_LOCKDEP, R_STALL, R_UBSAN, R_LEAK, R_KFENCE, R_KCSAN, R_KMSAN,
	     R_NKIND };
enum access { A_NONE, A_READ, A_WRITE };
enum verdict { V_PASS, V_FAIL, V_CRASH, V_HANG };

struct test {
	char *suite, *name, *reason;	/* never NULL */
	enum tstatus status;
	long line;
	const void *owner;		/* internal: the parser that added it */
};

struct report {
	enum rkind kind;
	const char *class;		/* oops_table.c's class, never NULL */
	char *title;			/* never NULL */
	char *bug_type, *function;	/* may be NULL */
	enum access access;
	long first_line, last_line;
	bool expected;
	bool cut_short;			/* the log ended before the report did */
	char *attributed_to;		/* may be NULL */
	/* Internal, for the expectation at the end of the report: */
	bool oopsed;		/* an oops header followed (BUG -> also OOPS) */
	unsigned expect_mask;	/* kinds the runner step expects (1 << kind) */
	bool kunit_kasan;	/* inside a kasan* KUnit suite */
};

struct tvm_summary {
	char *step;			/* may be NULL */
	char *test;
	long long passed, failed, repeat, loops, avg_usec;
};

struct tvm_cycles {
	char *step;			/* may be NULL */
	long long worker, cycles;
};

struct boot {
	bool reached_init, has_init_seconds, end_marker, truncated;
	/*
	 * A console log from any runner (vmshadow parse --any-log): no end
	 * marker is needed, the verdict comes from KTAP and reports alone.
	 */
	bool any_log;
	double init_seconds;
	char *plan, *arch, *kernel;	/* may be NULL */
	long long cpus;			/* -1: unknown */
	long lines;
};

struct counts {
	long n[T_NSTATUS];
	long reports, unexpected_reports;
};

struct results {
	char *log;
	struct boot boot;
	struct test *tests;
	size_t ntests, atests;
	struct report *reports;
	size_t nreports, areports;
	struct tvm_summary *tvm;
	size_t ntvm, atvm;
	struct tvm_cycles *cycles;
	size_t ncycles, acycles;
	/* Items beyond the caps are counted here, not stored. */
	long dropped_tests[T_NSTATUS];
	long dropped_reports, dropped_unexpected;
	struct counts counts;
	enum verdict verdict;
	char *verdict_reason;
};

void results_init(struct results *r, const char *logpath);
void results_free(struct results *r);

/*
 * Add a test (strings are copied, capped). Returns its index, or -1 when
 * MAX_TESTS is reached (then only counted).
 */
long results_add_test(struct results *r, const char *suite, const char *name,
		      enum tstatus st, const char *reason, long line,
		      const void *owner);
/* Room for one more report (zeroed), or NULL when MAX_REPORTS is reached. */
struct report *results_new_report(struct results *r);
void results_add_tvm(struct results *r, const char *step, const char *test,
		     long long passed, long long failed, long long repeat,
		     long long loops, long long avg_usec);
void results_add_cycles(struct results *r, const char *step,
			long long worker, long long cycles);

/*
 * Counts and verdict, once everything is parsed. last_step: "K NAME" of
 * the last runner step begun, or NULL (for the reason of a hang).
 */
void results_finish(struct results *r, const char *last_step);

/*
 * The log cannot tell whether the kernel has the bug looked for: it never
 * reached init, and printed no report and no failed or crashed test (a
 * boot that stops for a reason outside the tests: git bisect's "skip").
 */
bool results_untestable(const struct results *r);

const char *tstatus_name(enum tstatus s);
const char *rkind_name(enum rkind k);
const char *verdict_name(enum verdict v);
/* "suite/name" of a test into buf. */
void test_fullname(const struct test *t, char *buf, size_t cap);

#endif
