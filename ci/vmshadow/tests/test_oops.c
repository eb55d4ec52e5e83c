// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the report table (oops_table.c) and detector (oops.c).
 *
 *   vmshadow-oops-test REPORTS_DIR VMSHADOW_BINARY
 *
 * REPORTS_DIR (tests/reports/) holds one report per class, in the format
 * the kernel's printk gives it ("#: key: value" lines first: class, kind,
 * title, source). Each is pasted into a real passing x86_64 run
 * (tests/fixtures/real-x86_64-kasan-vmalloc-smoke.log) twice: inside the
 * runner step test_vmalloc (expect=ALLOC) and inside the KASAN KUnit case
 * kmalloc_oob_right (boot time, before /init), each time just before a
 * line that ends any report (the step's result, the case's result). The
 * verdict must turn to fail (crash for a panic) with the report's kind,
 * class and title, the report attributed to the step or the case; only a
 * KASAN report is expected inside the KASAN KUnit case, only vmalloc's
 * warn_alloc (ALLOC) inside test_vmalloc (the page allocator's, NOMEM, only
 * in a step that names it: t_page_alloc_failure). The same log without the
 * paste passes (checked here too).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "oops.h"
#include "parse.h"
#include "results.h"
#include "util.h"

#include "tests/harness.h"

#define REAL_LOG "real-x86_64-kasan-vmalloc-smoke.log"
/* Where the pastes go in REAL_LOG (the line the paste goes before). */
#define KUNIT_ANCHOR "    ok 1 kmalloc_oob_right"
#define KUNIT_CASE "kasan/kmalloc_oob_right"
#define STEP_ANCHOR "vmshadow: ok 1 test_vmalloc"
#define STEP_NAME "test_vmalloc"

static struct results R;

static struct results *parse_mem(const char *log, size_t len)
{
	results_free(&R);
	results_init(&R, "pasted.log");
	parse_buffer(&R, log, len);
	return &R;
}

struct fixture {
	char name[128];
	char klass[64], kind[32], title[TEXT_CAP + 1], source[512];
	char *body;		/* the report lines */
	long body_lines;
};

/* "#: key: value" into dst. */
static void meta(const char *line, const char *key, char *dst, size_t cap)
{
	const char *v = after(line, key);

	if (v)
		str_copy(dst, cap, skip_ws(v), strcspn(skip_ws(v), "\n"));
}

static bool load_fixture(const char *dir, const char *name, struct fixture *fx)
{
	char path[600];
	size_t len;
	char *text, *p;
	struct strbuf b;

	memset(fx, 0, sizeof(*fx));
	snprintf(fx->name, sizeof(fx->name), "%s", name);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	text = harness_slurp(path, &len);
	if (!text)
		return false;
	sb_init(&b, 1 << 20);
	for (p = text; *p;) {
		size_t n = strcspn(p, "\n");

		if (after(p, "#: ")) {
			meta(p, "#: class:", fx->klass, sizeof(fx->klass));
			meta(p, "#: kind:", fx->kind, sizeof(fx->kind));
			meta(p, "#: title:", fx->title, sizeof(fx->title));
			meta(p, "#: source:", fx->source, sizeof(fx->source));
		} else if (n) {
			sb_addn(&b, p, n);
			sb_add(&b, "\n");
			fx->body_lines++;
		}
		p += n + (p[n] == '\n');
	}
	free(text);
	fx->body = sb_take(&b);
	return fx->klass[0] && fx->kind[0] && fx->title[0] && fx->source[0] && fx->body_lines;
}

/*
 * The real log with text inserted before the first line containing
 * anchor; *at: the 1-based number the first inserted line gets.
 */
static char *paste(const char *log, const char *anchor, bool after_anchor,
		   const char *text, size_t *len, long *at)
{
	const char *hit = strstr(log, anchor), *ins;
	struct strbuf b;
	long line = 1;
	const char *p;

	if (!hit)
		return NULL;
	ins = hit;
	while (ins > log && ins[-1] != '\n')
		ins--;
	if (after_anchor)
		ins = strchr(hit, '\n') + 1;
	for (p = log; p < ins; p++)
		line += *p == '\n';
	sb_init(&b, 1 << 24);
	sb_addn(&b, log, (size_t)(ins - log));
	sb_add(&b, text);
	sb_add(&b, ins);
	*at = line;
	*len = b.len;
	return sb_take(&b);
}

/* The first report that starts at line `at` or later. */
static const struct report *first_from(const struct results *r, long at)
{
	size_t i;

	for (i = 0; i < r->nreports; i++)
		if (r->reports[i].first_line >= at)
			return &r->reports[i];
	return NULL;
}

static void check_pasted(const struct fixture *fx, const char *log, const char *anchor,
			 bool after_anchor, const char *where, bool expect_expected)
{
	size_t len;
	long at, i;
	char *pasted = paste(log, anchor, after_anchor, fx->body, &len, &at);
	const struct results *r;
	const struct report *rep;

	CHECK(pasted != NULL);
	if (!pasted)
		return;
	r = parse_mem(pasted, len);
	rep = first_from(r, at);
	check(rep && rep->first_line < at + fx->body_lines, __FILE__, __LINE__,
	      "%s in %s: a report starts inside the paste", fx->name, where);
	if (rep && rep->first_line < at + fx->body_lines) {
		check(!strcmp(rkind_name(rep->kind), fx->kind), __FILE__, __LINE__,
		      "%s in %s: kind %s, want %s", fx->name, where, rkind_name(rep->kind), fx->kind);
		check(!strcmp(rep->class, fx->klass), __FILE__, __LINE__,
		      "%s in %s: class %s, want %s", fx->name, where, rep->class, fx->klass);
		check(!strcmp(rep->title, fx->title), __FILE__, __LINE__,
		      "%s in %s: title \"%s\", want \"%s\"", fx->name, where, rep->title, fx->title);
		check(rep->attributed_to && !strcmp(rep->attributed_to, where), __FILE__, __LINE__,
		      "%s: attributed to %s, want %s", fx->name,
		      rep->attributed_to ? rep->attributed_to : "(null)", where);
		check(!rep->cut_short, __FILE__, __LINE__, "%s in %s: cut short", fx->name, where);
		check(rep->expected == expect_expected, __FILE__, __LINE__,
		      "%s in %s: expected is %d, want %d", fx->name, where, rep->expected,
		      expect_expected);
		/* every report the paste holds ends inside it */
		for (i = rep - r->reports; i < (long)r->nreports &&
		     r->reports[i].first_line < at + fx->body_lines; i++)
			check(r->reports[i].last_line < at + fx->body_lines, __FILE__, __LINE__,
			      "%s in %s: report %ld runs past the paste (line %ld > %ld)",
			      fx->name, where, i, r->reports[i].last_line, at + fx->body_lines - 1);
	}
	if (expect_expected)
		check(r->verdict == V_PASS, __FILE__, __LINE__, "%s in %s: verdict %s, want pass",
		      fx->name, where, verdict_name(r->verdict));
	else
		check(r->verdict == (!strcmp(fx->kind, "PANIC") ? V_CRASH : V_FAIL), __FILE__,
		      __LINE__, "%s in %s: verdict %s (%s)", fx->name, where,
		      verdict_name(r->verdict), r->verdict_reason);
	free(pasted);
}

static int cmpname(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted *.log names of the reports folder. */
static size_t list_fixtures(char ***names)
{
	DIR *d = opendir(fixtures);
	struct dirent *e;
	size_t n = 0;

	*names = xmalloc(512 * sizeof(**names));
	if (!d)
		return 0;
	while ((e = readdir(d)) && n < 512) {
		size_t l = strlen(e->d_name);

		if (l > 4 && !strcmp(e->d_name + l - 4, ".log"))
			(*names)[n++] = xstrcap(e->d_name, 200);
	}
	closedir(d);
	qsort(*names, n, sizeof(**names), cmpname);
	return n;
}

static char *real_log(size_t *len)
{
	char path[600];

	snprintf(path, sizeof(path), "%s/../fixtures/%s", fixtures, REAL_LOG);
	return harness_slurp(path, len);
}

static void t_real_log_passes(void)
{
	size_t len;
	char *log = real_log(&len);

	CHECK(log != NULL);
	if (!log)
		return;
	CHECK_INT(parse_mem(log, len)->verdict, V_PASS);
	CHECK_INT(R.counts.unexpected_reports, 0);
	free(log);
}

static void t_every_fixture_pasted(void)
{
	char **names;
	size_t n = list_fixtures(&names), i, len;
	char *log = real_log(&len);

	CHECK(n >= 40);
	CHECK(log != NULL);
	for (i = 0; log && i < n; i++) {
		struct fixture fx;

		check(load_fixture(fixtures, names[i], &fx), __FILE__, __LINE__,
		      "%s: needs #: class, kind, title, source and a report", names[i]);
		if (fx.body) {
			check_pasted(&fx, log, STEP_ANCHOR, false, STEP_NAME,
				     !strcmp(fx.kind, "ALLOC"));
			check_pasted(&fx, log, KUNIT_ANCHOR, false, KUNIT_CASE,
				     !strcmp(fx.kind, "KASAN"));
		}
		free(fx.body);
		free(names[i]);
	}
	free(names);
	free(log);
}

/*
 * warn_alloc's page allocation failure (kind NOMEM) in the real log: at
 * step level in test_vmalloc, which expects vmalloc errors (ALLOC) only, it
 * fails the run with its class and title; in a step that declares NOMEM,
 * as plan stress's steps do (expect=ALLOC,NOMEM), it passes. Its end is
 * show_mem's "N pages reserved", after a long Mem-Info block: pasted before
 * a plain kernel line (the real log's "vmalloc_node_range for size 8192
 * failed"), the report ends at its own last line, and the real vmalloc
 * error after that line is still its own report.
 */
#define PAGE_ALLOC_FIXTURE "61-page-alloc-failure.log"
#define STEP_LINE "vmshadow: # step 1 test_vmalloc begin expect="
#define PLAIN_ANCHOR "vmalloc_node_range for size 8192 failed"

/* The real log with step 1's expect= kinds replaced (the line ends in CR LF). */
static char *with_expect(const char *log, const char *kinds)
{
	const char *hit = strstr(log, STEP_LINE), *rest;
	struct strbuf b;

	if (!hit)
		return NULL;
	hit += strlen(STEP_LINE);
	rest = hit + strcspn(hit, "\r\n");
	sb_init(&b, 1 << 24);
	sb_addn(&b, log, (size_t)(hit - log));
	sb_add(&b, kinds);
	sb_add(&b, rest);
	return sb_take(&b);
}

/* The one report the paste at line `at` starts, checked; NULL if none. */
static const struct report *pasted_report(const struct results *r, const struct fixture *fx,
					  long at, const char *how)
{
	const struct report *rep = first_from(r, at);

	check(rep && rep->first_line == at, __FILE__, __LINE__,
	      "%s: the report starts at the paste's first line %ld", how, at);
	if (!rep || rep->first_line != at)
		return NULL;
	CHECK_STR(rkind_name(rep->kind), "NOMEM");
	CHECK_STR(rep->class, "page-alloc-failure");
	CHECK_STR(rep->title, "page allocation failure: order:4 in vm_map_ram_test");
	CHECK_STR(rep->function, "vm_map_ram_test");
	CHECK_STR(rep->attributed_to, STEP_NAME);
	CHECK(!rep->cut_short);
	check(rep->last_line == at + fx->body_lines - 1, __FILE__, __LINE__,
	      "%s: the report ends at line %ld (\"N pages reserved\"), not %ld", how,
	      at + fx->body_lines - 1, rep->last_line);
	return rep;
}

static void t_page_alloc_failure(void)
{
	struct fixture fx;
	size_t len, plen;
	long at, base_lines;
	char *log = real_log(&len), *declared = NULL, *pasted;
	const struct results *r;
	const struct report *rep;
	long vmalloc_error_line = -1;
	size_t i;

	CHECK(log != NULL);
	CHECK(load_fixture(fixtures, PAGE_ALLOC_FIXTURE, &fx));
	if (!log || !fx.body) {
		free(log);
		free(fx.body);
		return;
	}

	/* Without the paste: pass, and where the real vmalloc error is. */
	r = parse_mem(log, len);
	CHECK_INT(r->verdict, V_PASS);
	base_lines = r->boot.lines;
	for (i = 0; i < r->nreports; i++)
		if (!strcmp(r->reports[i].class, "vmalloc-error"))
			vmalloc_error_line = r->reports[i].first_line;
	CHECK(vmalloc_error_line > 0);

	/* At step level in test_vmalloc (expect=ALLOC): unexpected, fail. */
	pasted = paste(log, STEP_ANCHOR, false, fx.body, &plen, &at);
	CHECK(pasted != NULL);
	if (pasted) {
		r = parse_mem(pasted, plen);
		rep = pasted_report(r, &fx, at, "test_vmalloc, expect=ALLOC");
		if (rep)
			CHECK(!rep->expected);
		CHECK_INT(r->verdict, V_FAIL);
		CHECK_INT(r->counts.unexpected_reports, 1);
		CHECK_STR(r->verdict_reason,
			  "unexpected page allocation failure: order:4 in vm_map_ram_test");
		free(pasted);
	}

	/* In a step that declares it: expected, pass. */
	declared = with_expect(log, "ALLOC,NOMEM");
	CHECK(declared != NULL);
	pasted = declared ? paste(declared, STEP_ANCHOR, false, fx.body, &plen, &at) : NULL;
	if (pasted) {
		r = parse_mem(pasted, plen);
		rep = pasted_report(r, &fx, at, "test_vmalloc, expect=ALLOC,NOMEM");
		if (rep)
			CHECK(rep->expected);
		CHECK_INT(r->verdict, V_PASS);
		CHECK_INT(r->counts.unexpected_reports, 0);
		free(pasted);
	}

	/* Followed by a plain kernel line: the report ends before it. */
	pasted = declared ? paste(declared, PLAIN_ANCHOR, false, fx.body, &plen, &at) : NULL;
	CHECK(pasted != NULL);
	if (pasted) {
		r = parse_mem(pasted, plen);
		CHECK_INT(r->boot.lines, base_lines + fx.body_lines);
		rep = pasted_report(r, &fx, at, "before a plain kernel line");
		if (rep) {
			CHECK(rep->expected);
			CHECK(rep + 1 < r->reports + r->nreports);
			if (rep + 1 < r->reports + r->nreports) {
				CHECK_STR(rep[1].class, "vmalloc-error");
				CHECK_INT(rep[1].first_line, vmalloc_error_line + fx.body_lines);
			}
		}
		CHECK_INT(r->verdict, V_PASS);
		free(pasted);
	}
	free(declared);
	free(fx.body);
	free(log);
}

/* Every class of the table has a fixture; every row says where it comes from. */
static void t_table_covered(void)
{
	char **names;
	size_t n = list_fixtures(&names), i, j;
	struct fixture *fx = xmalloc((n ? n : 1) * sizeof(*fx));

	for (i = 0; i < n; i++)
		load_fixture(fixtures, names[i], &fx[i]);
	for (i = 0; i < oops_nformats; i++) {
		const struct oops_format *f = &oops_formats[i];
		bool found = false;

		check(f->source && strlen(f->source) > 10 && f->class && f->title,
		      __FILE__, __LINE__, "row %zu (%s) names its source", i, f->pattern);
		for (j = 0; j < i; j++)
			check(strcmp(f->pattern, oops_formats[j].pattern), __FILE__, __LINE__,
			      "rows %zu and %zu have the same pattern", j, i);
		for (j = 0; j < n && !found; j++)
			found = !strcmp(fx[j].klass, f->class);
		check(found, __FILE__, __LINE__, "class %s (row \"%s\") has no fixture in %s",
		      f->class, f->pattern, fixtures);
	}
	for (i = 0; i < n; i++) {
		free(fx[i].body);
		free(names[i]);
	}
	free(fx);
	free(names);
}

static void t_frames(void)
{
	static const struct { const char *line, *func; } ok[] = {
		{ " vmalloc_oob_fn+0x1a/0x20 [vmshadow_test]", "vmalloc_oob_fn" },
		{ "  __vmalloc_node_range_noprof+0x3c4/0x7e0", "__vmalloc_node_range_noprof" },
		{ " [<0000000000123456>] fix_size_alloc_test+0x2e/0x60", "fix_size_alloc_test" },
		{ " ([<0000000000123456>] test_func+0x1a/0x80)", "test_func" },
		{ "[c000000003c2fb10] [c0000000004e4d1c] alloc_vmap_area+0x1c/0x90", "alloc_vmap_area" },
		{ " vfree from test_func+0x40/0x80", "vfree" },
		{ "[<c0123456>] (vfree) from [<c0123499>] (test_func+0x40/0x80)", "vfree" },
		{ "    [<ffffffff81234567>] kmalloc_trace_noprof+0x2c/0x80", "kmalloc_trace_noprof" },
	};
	static const char *const no[] = {
		" ? vmalloc_oob_fn+0x1a/0x20", "RIP: 0010:foo+0x1/0x2", "pc : foo+0x1/0x2",
		"Modules linked in: kasan_test", "[c000000003c2fb10] [c0000000004e4d1c] foo+0x1c/0x90 (unreliable)",
		" <TASK>", "Call Trace:", "CPU: 0 UID: 0 PID: 1 Comm: init", " 0xffffffff81234567+0x1/0x2",
		"[7f000000] *pgd=00000000", "",
	};
	char out[NAME_CAP + 1];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ok); i++)
		check(oops_frame(ok[i].line, out, sizeof(out)) && !strcmp(out, ok[i].func),
		      __FILE__, __LINE__, "frame \"%s\" is %s", ok[i].line, ok[i].func);
	for (i = 0; i < ARRAY_SIZE(no); i++)
		check(!oops_frame(no[i], out, sizeof(out)), __FILE__, __LINE__,
		      "\"%s\" is no frame", no[i]);
}

static void t_cut_short(void)
{
	static const char log[] =
		"vmshadow: runner 1 start plan=smoke arch=x86_64 cpus=1 kernel=6.12\n"
		"==================================================================\n"
		"BUG: KASAN: vmalloc-out-of-bounds in vmalloc_oob_fn+0x1a/0x20\n"
		"Read of size 1 at addr ffffc90000a40000 by task init/98\n"
		"Call Trace:\n";
	const struct results *r = parse_mem(log, strlen(log));

	CHECK_INT(r->nreports, 1);
	CHECK(r->reports[0].cut_short);
	CHECK_STR(r->reports[0].title, "KASAN: vmalloc-out-of-bounds Read in vmalloc_oob_fn");
	CHECK(!r->reports[0].expected);
}

/* An RCU stall inside a step that expects KASAN and OOPS is unexpected. */
static void t_expect_is_kind(void)
{
	static const char log[] =
		"vmshadow: runner 1 start plan=smoke arch=x86_64 cpus=1 kernel=6.12\n"
		"vmshadow: 1..1\n"
		"vmshadow: # step 1 lkdtm_STACK_GUARD_PAGE_LEADING begin expect=KASAN,OOPS\n"
		"rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:\n"
		"rcu: \t0-...!: (1 GPs behind) idle=8f4c/1/0x4000000000000000 softirq=1/1 fqs=0\n"
		"Call Trace:\n"
		" <TASK>\n"
		" vmap_stack_churn_thread+0x1a/0x20\n"
		" </TASK>\n"
		"vmshadow: ok 1 lkdtm_STACK_GUARD_PAGE_LEADING\n"
		"vmshadow: runner end\n";
	const struct results *r = parse_mem(log, strlen(log));

	CHECK_INT(r->nreports, 1);
	CHECK_INT(r->reports[0].kind, R_STALL);
	CHECK_STR(r->reports[0].title, "INFO: rcu detected stall in vmap_stack_churn_thread");
	CHECK(!r->reports[0].expected);
	CHECK_INT(r->verdict, V_FAIL);
}

/* Kernel lines behind a syslog level or other console text (log.c). */
static void t_console_prefixes(void)
{
	static const struct { const char *raw, *text; } cases[] = {
		{ "<6>[   85.501187] WARNING: CPU: 0 PID: 1 at a.c:1 f+0x1/0x2", "WARNING: CPU: 0 PID: 1 at a.c:1 f+0x1/0x2" },
		{ "syzkaller login: [   16.305150] INFO: trying to register non-static key.", "INFO: trying to register non-static key." },
		{ "** 5311 printk messages dropped ** [   60.136772] BUG: KASAN: x in f+0x1/0x2", "BUG: KASAN: x in f+0x1/0x2" },
		{ "INIT: sleeping for 30 s[   30.441874] Kernel panic - not syncing: x", "Kernel panic - not syncing: x" },
		{ "", "" },
		{ "[", "[" },
		{ "x [1] y", "x [1] y" },
		{ "    ok 1 case [1.5 s]", "    ok 1 case [1.5 s]" },
	};
	struct log_line *l = xmalloc(sizeof(*l));
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		log_clean((const unsigned char *)cases[i].raw, strlen(cases[i].raw), l);
		check(!strcmp(l->text, cases[i].text), __FILE__, __LINE__,
		      "\"%s\" cleans to \"%s\", got \"%s\"", cases[i].raw, cases[i].text, l->text);
	}
	free(l);
}

int main(int argc, char **argv)
{
	if (harness_start(argc, argv, "tests/reports", "vmshadow-oops-test"))
		return 2;
	run("oops: the real log passes without a paste", t_real_log_passes);
	run("oops: every class pasted into a step and a KASAN KUnit case", t_every_fixture_pasted);
	run("oops: every table class has a fixture and a source", t_table_covered);
	run("oops: stack frames of every arch", t_frames);
	run("oops: a report cut short by the end of the log", t_cut_short);
	run("oops: expect= names kinds, nothing else", t_expect_is_kind);
	run("oops: a page allocation failure fails a step unless it declares NOMEM", t_page_alloc_failure);
	run("oops: kernel lines behind a syslog level or other text", t_console_prefixes);
	results_free(&R);
	return harness_end();
}
