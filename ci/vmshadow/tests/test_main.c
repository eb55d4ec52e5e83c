// SPDX-License-Identifier: GPL-2.0
/*
 * vmshadow unit tests, on the tiny TAP harness of tests/harness.h ("ok N -
 * name", diagnostics as "# ..."), ending with exactly one line "N passed,
 * N failed".
 *
 *   vmshadow-test FIXTURES_DIR VMSHADOW_BINARY
 *
 * Units are tested on inline logs; the fixture logs (tests/fixtures/, in
 * the exact formats Linux 6.12 prints) are parsed end to end, and every
 * JSON and JUnit output is validated (own strict JSON checker, plus
 * python3 -m json.tool, jq and xmllint when installed). The CLI binary is
 * run for exit codes and atomic output.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "json.h"
#include "junit.h"
#include "ktap.h"
#include "log.h"
#include "parse.h"
#include "oops.h"
#include "results.h"
#include "summary.h"
#include "tests/jsoncheck.h"
#include "util.h"

#include "tests/harness.h"

/* ---- helpers ---- */

static struct results R;

/* Parse an inline log into R (freeing the previous one). */
static struct results *parse(const char *log)
{
	results_free(&R);
	results_init(&R, "inline.log");
	parse_buffer(&R, log, strlen(log));
	return &R;
}

static struct results *parse_file(const char *name)
{
	char path[512];
	struct log_reader *lr = xmalloc(sizeof(*lr));
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", fixtures, name);
	results_free(&R);
	results_init(&R, path);
	f = fopen(path, "rb");
	CHECK(f != NULL);
	if (f) {
		log_open_file(lr, f);
		CHECK_INT(parse_log(&R, lr), 0);
		fclose(f);
	}
	free(lr);
	return &R;
}

static const struct test *find_test(const struct results *r, const char *suite,
				    const char *name)
{
	size_t i;

	for (i = 0; i < r->ntests; i++)
		if (!strcmp(r->tests[i].suite, suite) && !strcmp(r->tests[i].name, name))
			return &r->tests[i];
	printf("# no test %s/%s\n", suite, name);
	return NULL;
}

/* Status of a test, or -1 if there is none. */
static int status_of(const struct results *r, const char *suite, const char *name)
{
	const struct test *t = find_test(r, suite, name);

	return t ? (int)t->status : -1;
}

static int count_status(const struct results *r, enum tstatus st)
{
	size_t i;
	int n = 0;

	for (i = 0; i < r->ntests; i++)
		n += r->tests[i].status == st;
	return n;
}

typedef void (*writer_fn)(FILE *f, const struct results *r);

/* A writer's output as a malloc'ed string. */
static char *render(writer_fn fn, const struct results *r, size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	fn(f, r);
	fclose(f);
	if (len)
		*len = n;
	return buf;
}

static char *json_escaped(const char *s)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	json_string(f, s);
	fclose(f);
	return buf;
}

static char *xml_escaped(const char *s)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	xml_string(f, s);
	fclose(f);
	return buf;
}

/* JSON is checked by our own validator and every external one installed. */
static void check_json_text(const char *buf, size_t len)
{
	static const char *const keys[] = {
		"\"schema\": 1", "\"log\": ", "\"boot\": {\"reached_init\": ",
		"\"init_seconds\": ", "\"end_marker\": ", "\"truncated\": ",
		"\"plan\": ", "\"arch\": ", "\"cpus\": ", "\"kernel\": ",
		"\"lines\": ", "\"tests\": [", "\"reports\": [", "\"test_vmalloc\": [",
		"\"test_vmalloc_cycles\": [", "\"counts\": {\"pass\": ", "\"fail\": ",
		"\"skip\": ", "\"error\": ", "\"xfail\": ", "\"reports\": ",
		"\"unexpected_reports\": ", "\"verdict\": \"", "\"verdict_reason\": ",
	};
	const char *p = buf;
	size_t i;

	CHECK(json_valid(buf, len));
	/* The top-level fields, in the contract's order. */
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		const char *q = strstr(p, keys[i]);

		check(q != NULL, __FILE__, __LINE__, "JSON field %s in order", keys[i]);
		if (q)
			p = q + strlen(keys[i]);
	}
}

static void check_outputs(const struct results *r, const char *tag)
{
	char path[512], *buf;
	size_t len;
	FILE *f;

	buf = render(json_write, r, &len);
	check_json_text(buf, len);
	snprintf(path, sizeof(path), "%s/%s.json", tmpdir, tag);
	f = fopen(path, "w");
	fwrite(buf, 1, len, f);
	fclose(f);
	free(buf);
	if (have("python3"))
		check(sh("python3 -m json.tool '%s' >/dev/null", path) == 0, __FILE__,
		      __LINE__, "python3 -m json.tool %s", path);
	if (have("jq"))
		check(sh("jq -e .schema '%s' >/dev/null", path) == 0, __FILE__,
		      __LINE__, "jq %s", path);

	buf = render(junit_write, r, &len);
	snprintf(path, sizeof(path), "%s/%s.xml", tmpdir, tag);
	f = fopen(path, "w");
	fwrite(buf, 1, len, f);
	fclose(f);
	free(buf);
	if (have("xmllint"))
		check(sh("xmllint --noout '%s'", path) == 0, __FILE__, __LINE__,
		      "xmllint %s", path);
	else
		skip_reason = "xmllint not installed (apt-get install libxml2-utils)";

	buf = render(summary_write, r, &len);
	CHECK(len > 0 && strstr(buf, "vmshadow: verdict "));
	free(buf);
}

/* ---- log.c ---- */

static void clean(const char *raw, struct log_line *l)
{
	log_clean((const unsigned char *)raw, strlen(raw), l);
}

static void t_log_prefixes(void)
{
	struct log_line l;

	clean("[    1.234567] hello", &l);
	CHECK_STR(l.text, "hello");
	CHECK(l.has_ts);
	CHECK(l.ts > 1.2345669 && l.ts < 1.2345671);

	clean("[    1.234567][    T1] vmshadow: runner end", &l);
	CHECK_STR(l.text, "vmshadow: runner end");
	clean("[ 1234.000001][  C0]     ok 1 foo", &l);
	CHECK_STR(l.text, "    ok 1 foo");	/* KTAP indent kept */
	CHECK(l.ts > 1234.0 && l.ts < 1234.00001);
	clean("[   T42] no timestamp, caller only", &l);
	CHECK_STR(l.text, "no timestamp, caller only");
	CHECK(!l.has_ts);
	clean("[ffff800082a37fff] pgd=10000000bffff003", &l);
	CHECK_STR(l.text, "[ffff800082a37fff] pgd=10000000bffff003");
	clean("[    1.2] short fraction", &l);
	CHECK_STR(l.text, "short fraction");
	clean("[    1.] not a timestamp", &l);
	CHECK_STR(l.text, "[    1.] not a timestamp");
}

static void t_log_cleanup(void)
{
	struct log_line l;
	static const char nul[] = "[    2.000000] a\0b\r\r";

	clean("[    0.100000] text\r", &l);
	CHECK_STR(l.text, "text");
	clean("\x1b[2J\x1b[01;01H\x1b[=3h[    0.5] \x1b[1;31mBUG: KASAN: x\x1b[0m", &l);
	CHECK_STR(l.text, "BUG: KASAN: x");
	CHECK(l.has_ts);
	clean("\x1b]0;window title\x07plain \x1b(Bascii", &l);
	CHECK_STR(l.text, "plain ascii");
	clean("ends with escape \x1b", &l);
	CHECK_STR(l.text, "ends with escape ");
	clean("bell\x07 and del\x7f and tab\tkept", &l);
	CHECK_STR(l.text, "bell and del and tab\tkept");
	log_clean((const unsigned char *)nul, sizeof(nul) - 1, &l);
	CHECK_STR(l.text, "ab");
	CHECK_INT(l.len, 2);
}

static void t_log_reader(void)
{
	struct log_reader *lr = xmalloc(sizeof(*lr));
	struct log_line *l = xmalloc(sizeof(*l));
	size_t big = 3 * LOG_RAW_MAX + 17, i;
	char *buf = xmalloc(big + 64);

	log_open_mem(lr, "", 0);
	CHECK_INT(log_next(lr, l), 0);

	log_open_mem(lr, "\n\nx", 3);
	CHECK_INT(log_next(lr, l), 1);
	CHECK_STR(l->text, "");
	CHECK(l->newline);
	CHECK_INT(log_next(lr, l), 1);
	CHECK_INT(log_next(lr, l), 1);
	CHECK_STR(l->text, "x");
	CHECK(!l->newline);
	CHECK_INT(l->lineno, 3);
	CHECK_INT(log_next(lr, l), 0);

	/* An overlong line is cut, the next one is intact. */
	for (i = 0; i < big; i++)
		buf[i] = 'a' + i % 26;
	memcpy(buf + big, "\nnext\n", 6);
	log_open_mem(lr, buf, big + 6);
	CHECK_INT(log_next(lr, l), 1);
	CHECK(l->overlong);
	CHECK_INT(l->len, LOG_TEXT_MAX);
	CHECK_INT(log_next(lr, l), 1);
	CHECK_STR(l->text, "next");
	CHECK(!l->overlong);
	CHECK_INT(log_next(lr, l), 0);
	free(buf);
	free(lr);
	free(l);
}

/* ---- json.c / junit.c escaping ---- */

static void t_json_escape(void)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "plain", "\"plain\"" },
		{ "q\"b\\s/", "\"q\\\"b\\\\s/\"" },
		{ "nl\ntab\tcr\rbs\bff\f", "\"nl\\ntab\\tcr\\rbs\\bff\\f\"" },
		{ "ctl\x01\x1f del\x7f", "\"ctl\\u0001\\u001f del\\u007f\"" },
		{ "caf\xc3\xa9 \xf0\x9f\x98\x80", "\"caf\xc3\xa9 \xf0\x9f\x98\x80\"" },
		{ "latin1 \xe9", "\"latin1 \\u00e9\"" },
		{ "cut \xe2\x82", "\"cut \\u00e2\\u0082\"" },
		{ "surrogate \xed\xa0\x80", "\"surrogate \\u00ed\\u00a0\\u0080\"" },
		{ "overlong \xc0\xaf \xe0\x80\xaf", "\"overlong \\u00c0\\u00af \\u00e0\\u0080\\u00af\"" },
		{ "big \xf4\x90\x80\x80", "\"big \\u00f4\\u0090\\u0080\\u0080\"" },
		{ "\xff\xfe", "\"\\u00ff\\u00fe\"" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char *s = json_escaped(cases[i].in);

		CHECK_STR(s, cases[i].out);
		CHECK(json_valid(s, strlen(s)));
		free(s);
	}
}

static void t_xml_escape(void)
{
	char *s;

	s = xml_escaped("a<b>&\"c'\td\ne");
	CHECK_STR(s, "a&lt;b&gt;&amp;&quot;c&apos;&#9;d&#10;e");
	free(s);
	s = xml_escaped("ctl\x01 \xff \xef\xbf\xbe ok\xc3\xa9");
	CHECK_STR(s, "ctl\xef\xbf\xbd \xef\xbf\xbd \xef\xbf\xbd ok\xc3\xa9");
	free(s);
}

/* ---- oops.c units ---- */

static void t_report_kinds(void)
{
	static const struct { const char *line; int kind; } cases[] = {
		{ "BUG: KASAN: slab-out-of-bounds in foo+0x1/0x2", R_KASAN },
		{ "BUG: KASAN: maybe wild-memory-access in foo+0x1/0x2", R_KASAN },
		{ "BUG: unable to handle page fault for address: ffffc90000a3efff", R_OOPS },
		{ "BUG: kernel NULL pointer dereference, address: 0000000000000000", R_OOPS },
		{ "BUG: Kernel NULL pointer dereference on read at 0x00000000", R_OOPS },
		{ "BUG: Unable to handle kernel data access on write at 0xc000000000000000", R_OOPS },
		{ "BUG: sleeping function called from invalid context at mm/slub.c:4123", R_BUG },
		{ "BUG: TASK stack guard page was hit at 00000000e4c3f7a5 (stack is 1..2)", R_OOPS },
		{ "Oops: general protection fault, probably for non-canonical address 0xdffffc0000000000: 0000 [#1] PREEMPT SMP KASAN NOPTI", R_OOPS },
		{ "Internal error: Oops: 0000000096000007 [#1] PREEMPT SMP", R_OOPS },
		{ "Unable to handle kernel paging request at virtual address ffff800082a37fff", R_OOPS },
		{ "kernel BUG at mm/vmalloc.c:3210!", R_OOPS },
		{ "Kernel BUG at mm/vmalloc.c:3210!", R_OOPS },
		{ "WARNING: CPU: 1 PID: 70 at mm/slub.c:4658 free_large_kmalloc+0x82/0xb0", R_WARNING },
		{ "WARNING: possible circular locking dependency detected", R_LOCKDEP },
		{ "Kernel panic - not syncing: Fatal exception", R_PANIC },
		{ "vmalloc_test/0: vmalloc error: size 4096, vm_struct allocation failed, mode:0xdc0(GFP_KERNEL|__GFP_ZERO), nodemask=(null)", R_ALLOC },
		{ "vmalloc error: size 4096, exceeds total pages", R_ALLOC },
		{ "vmalloc_test/0: page allocation failure: order:4, mode:0x40dc0(GFP_KERNEL|__GFP_COMP|__GFP_ZERO), nodemask=(null)", R_NOMEM },
		{ "kworker/u8:3: page allocation failure: order:0, mode:0x820(GFP_ATOMIC), nodemask=(null),cpuset=/,mems_allowed=0", R_NOMEM },
		{ "KASAN: null-ptr-deref in range [0x0-0x7]", -1 },
		{ "WARNING: Spectre v2 mitigation leaves CPU vulnerable", -1 },
		{ " BUG: indented is a stack line", -1 },
		{ "x: novmalloc error: size 1", -1 },
		{ "kasan: test: BUG: not at line start", -1 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		check(oops_start_kind(cases[i].line) == cases[i].kind, __FILE__, __LINE__,
		      "kind of \"%s\" is %d", cases[i].line, cases[i].kind);
}

static void t_report_symbol(void)
{
	char s[64];

	CHECK(oops_symbol("kmalloc_oob_right+0x6bd/0x760 [kasan_test]", s, sizeof(s)));
	CHECK_STR(s, "kmalloc_oob_right");
	CHECK(oops_symbol("? __pfx_foo.cold+0x10/0x10", s, sizeof(s)));
	CHECK_STR(s, "__pfx_foo.cold");
	CHECK(oops_symbol("vmap", s, sizeof(s)));
	CHECK(!oops_symbol("0x4a1c27", s, sizeof(s)));
	CHECK(!oops_symbol("ffffffff81234567", s, sizeof(s)));
	CHECK(!oops_symbol("", s, sizeof(s)));
	CHECK(!oops_symbol("foo/bar", s, sizeof(s)));
}

/* ---- KTAP ---- */

static const char nested_log[] =
	"[    0.5] KTAP version 1\n"
	"[    0.5] 1..2\n"
	"[    0.5]     KTAP version 1\n"
	"[    0.5]     # Subtest: kasan\n"
	"[    0.5]     1..3\n"
	"[    0.5]     ok 1 plain_case\n"
	"[    0.5]         KTAP version 1\n"
	"[    0.5]         # Subtest: param_case\n"
	"[    0.5]         ok 1 p0\n"
	"[    0.5]         ok 2 p1 # SKIP not here\n"
	"[    0.5]     # param_case: pass:1 fail:0 skip:1 total:2\n"
	"[    0.5]     ok 2 param_case\n"
	"[    0.5]     ok 3 skipped_case # SKIP Test requires CONFIG_KASAN_SW_TAGS=y\n"
	"[    0.5] ok 1 kasan\n"
	"[    0.5]     KTAP version 1\n"
	"[    0.5]     # Subtest: other\n"
	"[    0.5]     1..1\n"
	"[    0.5]         KTAP version 1\n"
	"[    0.5]         1..2\n"
	"[    0.5]         ok 1 inner_a\n"
	"[    0.5]         not ok 2 inner_b # boom\n"
	"[    0.5]     not ok 1 unnamed_until_now\n"
	"[    0.5] not ok 2 other\n";

static void t_ktap_nested(void)
{
	struct results *r = parse(nested_log);

	CHECK_INT(r->ntests, 6);
	CHECK_INT(status_of(r, "kasan", "plain_case"), T_PASS);
	CHECK_INT(status_of(r, "kasan", "param_case/p0"), T_PASS);
	CHECK_INT(status_of(r, "kasan", "param_case/p1"), T_SKIP);
	CHECK_INT(status_of(r, "kasan", "skipped_case"), T_SKIP);
	CHECK_STR(find_test(r, "kasan", "skipped_case")->reason,
		  "Test requires CONFIG_KASAN_SW_TAGS=y");
	/* A subtest without "# Subtest:" gets its name from its result line. */
	CHECK_INT(status_of(r, "other", "unnamed_until_now/inner_a"), T_PASS);
	CHECK_INT(status_of(r, "other", "unnamed_until_now/inner_b"), T_FAIL);
	CHECK_STR(find_test(r, "other", "unnamed_until_now/inner_b")->reason, "boom");
	CHECK_INT(find_test(r, "kasan", "param_case/p0")->line, 9);
	check_outputs(r, "ktap_nested");
}

static void t_ktap_aggregate_fail(void)
{
	/* "not ok" of a suite whose cases all passed is kept as a failure. */
	struct results *r = parse(
		"KTAP version 1\n1..1\n"
		"    # Subtest: s\n    1..1\n    ok 1 a\n"
		"    # s: EXPECTATION FAILED at lib/x.c:1\n"
		"not ok 1 s\n");

	CHECK_INT(status_of(r, "s", "a"), T_PASS);
	CHECK_INT(status_of(r, "s", "s"), T_FAIL);
	CHECK_INT(r->ntests, 2);
}

static void t_ktap_missing(void)
{
	/* Plan 1..4, two results, then the suite ends: two ERRORs. */
	struct results *r = parse(
		"KTAP version 1\n1..1\n"
		"    # Subtest: s\n    1..4\n    ok 1 a\n    ok 2 b\n"
		"ok 1 s\n"
		"vmshadow: runner end\n");

	CHECK_INT(status_of(r, "s", "#3"), T_ERROR);
	CHECK_INT(status_of(r, "s", "#4"), T_ERROR);
	CHECK_STR(find_test(r, "s", "#3")->reason, "no result");

	/* A plan of a billion: ERRORs are capped. */
	r = parse("KTAP version 1\n1..1\n    # Subtest: big\n    1..999999999\n    ok 1 a\n");
	CHECK_INT(r->ntests, 1 + KTAP_MAX_MISSING);
	CHECK_INT(status_of(r, "big", "#65..#1000000"), T_ERROR);
	CHECK_STR(find_test(r, "big", "#3")->reason, "no result (log truncated)");
}

static void t_ktap_deep(void)
{
	/* 300 nested subtests: deeper than KTAP_MAX_DEPTH is ignored, no crash. */
	struct strbuf b;
	int i;
	struct results *r;

	sb_init(&b, 1 << 20);
	sb_add(&b, "KTAP version 1\n1..1\n");
	for (i = 1; i <= 300; i++)
		sb_addf(&b, "%*s# Subtest: d%d\n%*s1..1\n", 4 * i, "", i, 4 * i, "");
	for (i = 300; i >= 1; i--)
		sb_addf(&b, "%*sok 1 d%d\n", 4 * i, "", i);
	sb_add(&b, "ok 1 d0\n");
	r = parse(b.s);
	sb_free(&b);
	CHECK(r->ntests >= 1);
	CHECK_INT(count_status(r, T_FAIL) + count_status(r, T_ERROR), 0);
	check_outputs(r, "ktap_deep");
}

static void t_ktap_relay(void)
{
	/* kselftest TAP relayed by the runner: suite = the step name. */
	struct results *r = parse(
		"vmshadow: runner 1 start plan=smoke arch=x86_64 cpus=2 kernel=6.12.117\n"
		"vmshadow: 1..1\n"
		"vmshadow: # step 1 kselftest_vmalloc_oob begin expect=KASAN\n"
		"vmshadow:     TAP version 13\n"
		"vmshadow:     1..5\n"
		"vmshadow:     ok 1 read_oob\n"
		"vmshadow:     ok 2 - dash_name\n"
		"vmshadow:     ok 3 # SKIP no hugepages\n"
		"vmshadow:     ok 4 x # XFAIL known\n"
		"vmshadow:     # tests/x.c:12:y:some log line\n"
		"vmshadow:     # tests/x.c:14:y:Expected 0 (0) == ret (1)\n"
		"vmshadow:     # tests/x.c:15:y:Expected 1 (1) == ret (1)\n"
		"vmshadow:     not ok 5 y\n"
		"vmshadow: not ok 1 kselftest_vmalloc_oob # exit 1\n"
		"vmshadow: runner end\n");

	CHECK_INT(status_of(r, "kselftest_vmalloc_oob", "read_oob"), T_PASS);
	CHECK_INT(status_of(r, "kselftest_vmalloc_oob", "dash_name"), T_PASS);
	CHECK_INT(status_of(r, "kselftest_vmalloc_oob", "#3"), T_SKIP);
	CHECK_INT(status_of(r, "kselftest_vmalloc_oob", "x"), T_XFAIL);
	CHECK_INT(status_of(r, "kselftest_vmalloc_oob", "y"), T_FAIL);
	CHECK_STR(find_test(r, "kselftest_vmalloc_oob", "y")->reason,
		  "tests/x.c:14: Expected 0 (0) == ret (1)");
	CHECK_INT(status_of(r, "runner", "kselftest_vmalloc_oob"), T_FAIL);
	CHECK_STR(find_test(r, "runner", "kselftest_vmalloc_oob")->reason, "exit 1");
	CHECK_INT(r->verdict, V_FAIL);
}

static void t_runner_error_and_broken(void)
{
	/* docs/console-grammar.md: "# ERROR reason" = the step could not
	 * run; broken_* steps run a program that must fail. */
	struct results *r = parse(
		"vmshadow: runner 1 start plan=selftest arch=x86_64 cpus=2 kernel=6.12.117\n"
		"vmshadow: 1..3\n"
		"vmshadow: # step 1 test_vmalloc begin expect=ALLOC\n"
		"vmshadow: not ok 1 test_vmalloc # ERROR finit_module: Invalid argument (errno 22)\n"
		"vmshadow: # step 2 broken_vmalloc_oob_break_oob begin expect=KASAN\n"
		"vmshadow:     TAP version 13\n"
		"vmshadow:     1..3\n"
		"vmshadow:     ok 1 oob_in_bounds\n"
		"vmshadow:     not ok 2 oob_read # no vmalloc-out-of-bounds report\n"
		"vmshadow: ok 2 broken_vmalloc_oob_break_oob # failed with break_oob set, as it must (exit 1)\n"
		"vmshadow: # step 3 kselftest_vmalloc_oob begin expect=KASAN\n"
		"vmshadow:     1..1\n"
		"vmshadow:     not ok 1 oob_read\n"
		"vmshadow: not ok 3 kselftest_vmalloc_oob # exit 1\n"
		"vmshadow: runner end\n");

	CHECK_INT(status_of(r, "runner", "test_vmalloc"), T_ERROR);
	CHECK_STR(find_test(r, "runner", "test_vmalloc")->reason,
		  "finit_module: Invalid argument (errno 22)");
	CHECK_INT(status_of(r, "broken_vmalloc_oob_break_oob", "oob_in_bounds"), T_PASS);
	CHECK_INT(status_of(r, "broken_vmalloc_oob_break_oob", "oob_read"), T_XFAIL);
	CHECK_STR(find_test(r, "broken_vmalloc_oob_break_oob", "oob_read")->reason,
		  "fails on purpose (broken_vmalloc_oob_break_oob): FAIL: no vmalloc-out-of-bounds report");
	CHECK_INT(status_of(r, "broken_vmalloc_oob_break_oob", "#3"), T_XFAIL);
	CHECK_INT(status_of(r, "runner", "broken_vmalloc_oob_break_oob"), T_PASS);
	/* The same failure outside a broken_ step is a failure. */
	CHECK_INT(status_of(r, "kselftest_vmalloc_oob", "oob_read"), T_FAIL);
	CHECK_INT(r->counts.n[T_FAIL], 2);
	CHECK_INT(r->counts.n[T_ERROR], 1);
	CHECK_INT(r->counts.n[T_XFAIL], 2);
}

/* ---- reports: spans, attribution, expectation ---- */

static void t_report_attribution_kunit(void)
{
	struct results *r = parse(
		"KTAP version 1\n1..2\n"
		"    # Subtest: kasan\n    1..2\n"
		"==================================================================\n"
		"BUG: KASAN: slab-out-of-bounds in kmalloc_oob_right+0x6bd/0x760\n"
		"Write of size 1 at addr ffff888003a5e273 by task kunit_try_catch/63\n"
		"\n"
		"==================================================================\n"
		"    ok 1 kmalloc_oob_right\n"
		"WARNING: CPU: 0 PID: 64 at mm/slub.c:1 kfree+0x1/0x2\n"
		"---[ end trace 0000000000000000 ]---\n"
		"    ok 2 second\n"
		"ok 1 kasan\n"
		"    # Subtest: other\n    1..1\n"
		"    ok 1 c\n"
		"BUG: KASAN: use-after-free in f+0x1/0x2\n"
		"Read of size 8 at addr ffff888003a5e273 by task kunit_try_catch/70\n"
		"==================================================================\n"
		"ok 1 other\n");

	CHECK_INT(r->nreports, 3);
	CHECK_INT(r->reports[0].kind, R_KASAN);
	CHECK_STR(r->reports[0].title, "KASAN: slab-out-of-bounds Write in kmalloc_oob_right");
	CHECK_STR(r->reports[0].attributed_to, "kasan/kmalloc_oob_right");
	CHECK(r->reports[0].expected);
	CHECK_INT(r->reports[0].first_line, 6);
	CHECK_INT(r->reports[0].last_line, 9);
	/* A WARNING inside the kasan suite is not expected. */
	CHECK_STR(r->reports[1].attributed_to, "kasan/second");
	CHECK(!r->reports[1].expected);
	CHECK_STR(r->reports[1].title, "WARNING in kfree");
	/* A KASAN report in a suite that is not kasan* is not expected; the
	 * suite ended without a case result after it. */
	CHECK_STR(r->reports[2].attributed_to, "other");
	CHECK(!r->reports[2].expected);
	CHECK_INT(r->counts.unexpected_reports, 2);
}

static void t_report_attribution_runner(void)
{
	struct results *r = parse(
		"[    1.0] Run /init as init process\n"
		"[    1.1] vmshadow: runner 1 start plan=smoke arch=x86_64 cpus=2 kernel=6.12.117\n"
		"[    1.1] vmshadow: TAP version 13\n"
		"[    1.1] vmshadow: 1..3\n"
		"[    1.2] vmshadow: # step 1 lkdtm_STACK_GUARD_PAGE_LEADING begin expect=KASAN,OOPS,BUG\n"
		"[    1.3] BUG: unable to handle page fault for address: ffffc90000a3efff\n"
		"[    1.3] #PF: supervisor read access in kernel mode\n"
		"[    1.3] Oops: 0000 [#1] PREEMPT SMP KASAN NOPTI\n"
		"[    1.3] RIP: 0010:lkdtm_STACK_GUARD_PAGE_LEADING+0x8c/0xb0\n"
		"[    1.3] ---[ end trace 0000000000000000 ]---\n"
		"[    1.4] vmshadow: ok 1 lkdtm_STACK_GUARD_PAGE_LEADING # killed\n"
		"[    1.5] vmshadow: # step 2 test_vmalloc begin expect=ALLOC\n"
		"[    1.6] WARNING: CPU: 0 PID: 1 at mm/vmalloc.c:1 vfree+0x1/0x2\n"
		"[    1.6] ---[ end trace 0000000000000000 ]---\n"
		"[    1.7] vmshadow: ok 2 test_vmalloc # 11 tests\n"
		"[    1.8] vmshadow: # step 3 quiet begin expect=none\n"
		"[    1.8] kernel BUG at mm/slub.c:12!\n"
		"[    1.8] Oops: invalid opcode: 0000 [#2] PREEMPT SMP KASAN NOPTI\n"
		"[    1.8] RIP: 0010:kfree+0x1/0x2\n"
		"[    1.8] vmshadow: ok 3 quiet # exit 0\n"
		"[    1.9] BUG: sleeping function called from invalid context at mm/x.c:1\n"
		"[    1.9] Call Trace:\n"
		"[    1.9]  <TASK>\n"
		"[    1.9]  dump_stack_lvl+0x5d/0x80\n"
		"[    1.9]  </TASK>\n"
		"[    1.9] unrelated line\n"
		"[    2.0] vmshadow: runner end\n");

	CHECK_INT(r->nreports, 4);
	/* One splat, one report: the Oops line belongs to the BUG line. */
	CHECK_INT(r->reports[0].kind, R_OOPS);
	CHECK_STR(r->reports[0].function, "lkdtm_STACK_GUARD_PAGE_LEADING");
	CHECK_STR(r->reports[0].title,
		  "BUG: unable to handle page fault in lkdtm_STACK_GUARD_PAGE_LEADING");
	CHECK_STR(r->reports[0].attributed_to, "lkdtm_STACK_GUARD_PAGE_LEADING");
	CHECK(r->reports[0].expected);
	CHECK_INT(r->reports[0].first_line, 6);
	CHECK_INT(r->reports[0].last_line, 10);
	CHECK_STR(r->reports[1].attributed_to, "test_vmalloc");
	CHECK(!r->reports[1].expected);
	CHECK_INT(r->reports[2].kind, R_OOPS);
	CHECK_STR(r->reports[2].title, "kernel BUG in kfree");
	CHECK(!r->reports[2].expected);
	CHECK_INT(r->reports[2].last_line, 19);
	/* Outside any step; a BUG that did not oops ends with its stack. */
	CHECK_INT(r->reports[3].kind, R_BUG);
	CHECK(r->reports[3].attributed_to == NULL);
	CHECK_INT(r->reports[3].last_line, 25);
	CHECK_INT(r->counts.unexpected_reports, 3);
	CHECK_INT(r->verdict, V_FAIL);
	CHECK_STR(r->verdict_reason, "unexpected WARNING in vfree; unexpected kernel BUG "
		  "in kfree; unexpected BUG: sleeping function called from invalid context");
	CHECK(r->boot.has_init_seconds && r->boot.init_seconds > 1.09);
}

static void t_report_kasan_then_oops(void)
{
	/* An oops after a KASAN report is a report of its own; BUG + oops
	 * also matches OOPS in expect=. */
	struct results *r = parse(
		"vmshadow: # step 1 g begin expect=KASAN,OOPS\n"
		"==================================================================\n"
		"BUG: KASAN: vmalloc-out-of-bounds in lkdtm_STACK_GUARD_PAGE_TRAILING+0x8c/0xb0\n"
		"Read of size 1 at addr ffffc90000a40000 by task init/98\n"
		"==================================================================\n"
		"BUG: TASK stack guard page was hit at 00000000e4c3f7a5 (stack is 0000000019a8d2c4..00000000b0c7a5e1)\n"
		"Oops: stack guard page: 0000 [#1] PREEMPT SMP KASAN NOPTI\n"
		"RIP: 0010:lkdtm_STACK_GUARD_PAGE_TRAILING+0x8c/0xb0\n"
		"---[ end trace 0000000000000000 ]---\n"
		"vmshadow: ok 1 g\n");

	CHECK_INT(r->nreports, 2);
	CHECK_INT(r->reports[0].kind, R_KASAN);
	CHECK_INT(r->reports[0].access, A_READ);
	CHECK_INT(r->reports[1].kind, R_OOPS);
	CHECK(r->reports[1].oopsed);
	CHECK(r->reports[1].expected);
	CHECK_STR(r->reports[1].title,
		  "BUG: TASK stack guard page was hit in lkdtm_STACK_GUARD_PAGE_TRAILING");
}

static void t_report_arm64_wording(void)
{
	struct results *r = parse(
		"BUG: KASAN: maybe wild-memory-access in lkdtm_STACK_GUARD_PAGE_LEADING+0x4c/0x80\n"
		"Read of size 1 at addr ffff800082a37fff by task init/97\n"
		"==================================================================\n"
		"BUG: KASAN: double-free in kfree_sensitive+0x13/0x50\n"
		"Free of addr ffff888003a5e3c0 by task kunit_try_catch/66\n"
		"==================================================================\n"
		"BUG: KASAN: invalid-access\n"
		"Asynchronous fault: no details available\n"
		"==================================================================\n"
		"Unable to handle kernel paging request at virtual address ffff800082a37fff\n"
		"Internal error: Oops: 0000000096000007 [#1] PREEMPT SMP\n"
		"pc : lkdtm_STACK_GUARD_PAGE_LEADING+0x54/0x80\n"
		"---[ end trace 0000000000000000 ]---\n");

	CHECK_INT(r->nreports, 4);
	CHECK_STR(r->reports[0].bug_type, "maybe wild-memory-access");
	CHECK_STR(r->reports[0].function, "lkdtm_STACK_GUARD_PAGE_LEADING");
	CHECK_STR(r->reports[0].title,
		  "KASAN: maybe wild-memory-access Read in lkdtm_STACK_GUARD_PAGE_LEADING");
	CHECK_STR(r->reports[1].bug_type, "double-free");
	CHECK_INT(r->reports[1].access, A_NONE);
	CHECK_STR(r->reports[1].title, "KASAN: double-free in kfree_sensitive");
	CHECK_STR(r->reports[2].title, "KASAN: invalid-access");
	CHECK(r->reports[2].function == NULL);
	CHECK_INT(r->reports[3].kind, R_OOPS);
	CHECK_STR(r->reports[3].title,
		  "Unable to handle kernel paging request in lkdtm_STACK_GUARD_PAGE_LEADING");
	CHECK_INT(r->reports[3].last_line, 13);
}

/*
 * arm64, real lines (out/selftest/...-arm64): the translation-fault oops
 * carries KASAN's decoding of the address; when the load faults on the
 * shadow itself there is no "BUG: KASAN" line at all (arch-arm64/notes.md).
 */
static void t_report_arm64_oops_only(void)
{
	struct results *r = parse(
		"[   11.2] vmshadow: # step 3 lkdtm_STACK_GUARD_PAGE_LEADING begin expect=KASAN,OOPS,BUG\n"
		"[   11.321024] Unable to handle kernel paging request at virtual address ffff7000100e7fff\n"
		"[   11.323321] KASAN: probably wild-memory-access in range [0x0003000080739ff8-0x0003000080739fff]\n"
		"[   11.323542] Mem abort info:\n"
		"[   11.323621]   ESR = 0x0000000096000007\n"
		"[   11.328346] Internal error: Oops: 0000000096000007 [#1] SMP\n"
		"[   11.328632] Modules linked in: vmshadow_test(O) [last unloaded: vmshadow_churn(O)]\n"
		"[   11.331377] pc : lkdtm_STACK_GUARD_PAGE_LEADING+0xb4/0xe8\n"
		"[   11.331500] lr : lkdtm_do_action+0x2c/0x50\n"
		"[   11.342610] ---[ end trace 0000000000000000 ]---\n"
		"[   11.7] vmshadow: ok 3 lkdtm_STACK_GUARD_PAGE_LEADING # child killed by signal 11\n");

	CHECK_INT(r->nreports, 1);
	CHECK_INT(r->reports[0].kind, R_OOPS);
	CHECK_STR(r->reports[0].bug_type, "probably wild-memory-access");
	CHECK_STR(r->reports[0].function, "lkdtm_STACK_GUARD_PAGE_LEADING");
	CHECK_STR(r->reports[0].title,
		  "Unable to handle kernel paging request in lkdtm_STACK_GUARD_PAGE_LEADING");
	CHECK(r->reports[0].expected);
	CHECK_INT(r->reports[0].last_line, 10);
}

static void t_report_other_arches(void)
{
	struct results *r = parse(
		"BUG: Kernel NULL pointer dereference on read at 0x00000000\n"
		"Faulting instruction address: 0xc0000000008a1b2c\n"
		"Oops: Kernel access of bad area, sig: 11 [#1]\n"
		"NIP [c0000000008a1b2c] ppc_func+0x2c/0x50\n"
		"---[ end trace 0000000000000000 ]---\n"
		"Unable to handle kernel pointer dereference in virtual kernel address space\n"
		"Oops: 0004 ilc:3 [#1] PREEMPT SMP\n"
		"Krnl PSW : 0704c00180000000 000000000093d7d8 (s390_func+0x14/0x30)\n"
		"---[ end trace 0000000000000000 ]---\n"
		"illegal operation: 0001 ilc:1 [#2] SMP\n"
		"Krnl PSW : 0704c00180000000 000003ff8004a2b6 (features_read+0x6/0x1b0)\n"
		"---[ end trace 0000000000000000 ]---\n");

	CHECK_INT(r->nreports, 3);
	CHECK_INT(r->reports[2].kind, R_OOPS);
	CHECK_STR(r->reports[2].title, "illegal operation in features_read");
	CHECK_STR(r->reports[2].function, "features_read");
	CHECK_STR(r->reports[0].function, "ppc_func");
	CHECK_STR(r->reports[0].title, "BUG: Kernel NULL pointer dereference on read in ppc_func");
	CHECK_STR(r->reports[1].function, "s390_func");
}

static void t_report_panic(void)
{
	struct results *r = parse(
		"[    5.0] vmshadow: runner 1 start plan=smoke arch=x86_64 cpus=2 kernel=6.12.117\n"
		"[    5.1] Kernel panic - not syncing: kasan.fault=panic set ...  \n"
		"[    5.1] Kernel Offset: disabled\n"
		"[    5.1] ---[ end Kernel panic - not syncing: kasan.fault=panic set ... ]---\n");

	CHECK_INT(r->nreports, 1);
	CHECK_INT(r->reports[0].kind, R_PANIC);
	CHECK_STR(r->reports[0].title, "PANIC: kasan.fault=panic set ...");
	CHECK_INT(r->reports[0].last_line, 4);
	CHECK_INT(r->verdict, V_CRASH);
	CHECK_STR(r->verdict_reason, "PANIC: kasan.fault=panic set ...");
}

static void t_report_alloc_span(void)
{
	struct results *r = parse(
		"vmalloc_test/0: vmalloc error: size 4096, vm_struct allocation failed, mode:0xdc0(GFP_KERNEL|__GFP_ZERO), nodemask=(null)\n"
		"Mem-Info:\n"
		"262110 pages RAM\n"
		"34279 pages reserved\n"
		"0 pages hwpoisoned\n"
		"Summary: fix_size_alloc_test passed: 1 failed: 0 repeat: 1 loops: 1000 avg: 1 usec\n");

	CHECK_INT(r->nreports, 1);
	CHECK_INT(r->reports[0].kind, R_ALLOC);
	CHECK_STR(r->reports[0].title, "vmalloc error: size 4096, vm_struct allocation failed");
	CHECK_INT(r->reports[0].last_line, 5);
	CHECK(!r->reports[0].expected);
}

static void t_report_many(void)
{
	/* 6000 reports: 5000 kept, all counted, output still valid. */
	struct strbuf b;
	struct results *r;
	int i;

	sb_init(&b, 1 << 24);
	sb_add(&b, "vmshadow: # step 1 warn begin expect=WARNING\n");
	for (i = 0; i < 6000; i++)
		sb_addf(&b, "WARNING: CPU: 0 PID: 1 at a.c:%d f%d+0x1/0x2\n"
			"---[ end trace 0000000000000000 ]---\n", i, i % 7);
	sb_add(&b, "vmshadow: ok 1 warn\nBUG: KASAN: x in y+0x1/0x2\n");
	r = parse(b.s);
	sb_free(&b);
	CHECK_INT(r->nreports, MAX_REPORTS);
	CHECK_INT(r->counts.reports, 6001);
	CHECK_INT(r->counts.unexpected_reports, 1);
	CHECK_INT(r->dropped_reports, 1001);
	check_outputs(r, "many_reports");
}

/* ---- test_vmalloc ---- */

static void t_tvmalloc(void)
{
	struct results *r = parse(
		"Summary: align_shift_alloc_test passed: 1 failed: 0 repeat: 1 loops: 10 avg: 5 usec\n"
		"All test took worker0=123 cycles\n"
		"vmshadow: # step 1 test_vmalloc_N begin expect=ALLOC\n"
		"test_vmalloc: Summary: fix_size_alloc_test passed: 2 failed: 0 repeat: 2 loops: 1000 avg: 1033953 usec\n"
		"test_vmalloc: Summary: align_shift_alloc_test passed: 0 failed: 2 repeat: 2 loops: 1000 avg: 7 usec\n"
		"test_vmalloc: All test took worker0=9876543210 cycles\n"
		"test_vmalloc: Summary: fix_size_alloc_test passed: 1 failed: 1 repeat: 2 loops: 1000 avg: 99 usec\n"
		"test_vmalloc: All test took worker1=1 cycles\n"
		"Summary: garbage line\n"
		"vmshadow: ok 1 test_vmalloc_N\n");

	CHECK_INT(r->ntvm, 4);
	CHECK_INT(r->ncycles, 3);
	CHECK(r->tvm[0].step == NULL);
	CHECK_STR(r->tvm[1].step, "test_vmalloc_N");
	CHECK_INT(r->tvm[1].avg_usec, 1033953);
	CHECK_INT(r->tvm[1].loops, 1000);
	CHECK_INT(r->cycles[1].cycles, 9876543210LL);
	CHECK_INT(r->cycles[2].worker, 1);
	CHECK_INT(status_of(r, "test_vmalloc", "align_shift_alloc_test"), T_PASS);
	CHECK_INT(status_of(r, "test_vmalloc_N", "fix_size_alloc_test"), T_PASS);
	CHECK_INT(status_of(r, "test_vmalloc_N", "align_shift_alloc_test"), T_XFAIL);
	CHECK_INT(status_of(r, "test_vmalloc_N", "fix_size_alloc_test/worker1"), T_FAIL);
	CHECK_STR(find_test(r, "test_vmalloc_N", "fix_size_alloc_test/worker1")->reason,
		  "passed: 1 failed: 1");

	/* Plan stress: failures under fault injection are the step's to judge. */
	r = parse(
		"vmshadow: # step 3 test_vmalloc_fault begin expect=ALLOC\n"
		"test_vmalloc: Summary: fix_size_alloc_test passed: 0 failed: 1 repeat: 1 loops: 10 avg: 5 usec\n"
		"vmshadow: ok 3 test_vmalloc_fault\n"
		"vmshadow: # step 4 test_vmalloc_stress begin expect=ALLOC\n"
		"test_vmalloc: Summary: fix_size_alloc_test passed: 0 failed: 1 repeat: 1 loops: 10 avg: 5 usec\n"
		"vmshadow: ok 4 test_vmalloc_stress\n");
	CHECK_INT(status_of(r, "test_vmalloc_fault", "fix_size_alloc_test"), T_XFAIL);
	CHECK_STR(find_test(r, "test_vmalloc_fault", "fix_size_alloc_test")->reason,
		  "under fault injection (test_vmalloc_fault): passed: 0 failed: 1");
	CHECK_INT(status_of(r, "test_vmalloc_stress", "fix_size_alloc_test"), T_FAIL);
}

/*
 * A suite re-run through debugfs (/sys/kernel/debug/kunit/S/run) after the
 * boot's document ended: no "KTAP version 1"/"1..N" at indent 0 of its own.
 */
static void t_ktap_rerun(void)
{
	struct results *r = parse(
		"KTAP version 1\n"
		"1..1\n"
		"    KTAP version 1\n"
		"    # Subtest: kasan_vmalloc_shadow\n"
		"    1..2\n"
		"    ok 1 vmalloc_shadow_poison\n"
		"    ok 2 vmalloc_shadow_concurrent\n"
		"ok 1 kasan_vmalloc_shadow\n"
		"vmshadow: # step 1 kunit_fault_kasan_vmalloc_shadow begin expect=ALLOC\n"
		"    KTAP version 1\n"
		"    # Subtest: kasan_vmalloc_shadow\n"
		"    1..2\n"
		"    ok 1 vmalloc_shadow_poison\n"
		"    # vmalloc_shadow_concurrent: EXPECTATION FAILED at mm/kasan/kasan_vmalloc_test.c:1\n"
		"    Expected nr_unmapped == 0\n"
		"    not ok 2 vmalloc_shadow_concurrent\n"
		"not ok 1 kasan_vmalloc_shadow\n"
		"ok 1 not a test result: the re-run's document ended\n"
		"vmshadow: not ok 1 kunit_fault_kasan_vmalloc_shadow # 1 case(s) failed\n");

	CHECK_INT(r->ntests, 5);
	CHECK_INT(r->tests[2].status, T_PASS);
	CHECK_STR(r->tests[2].suite, "kasan_vmalloc_shadow");
	CHECK_STR(r->tests[2].name, "vmalloc_shadow_poison");
	CHECK_INT(r->tests[3].status, T_FAIL);
	CHECK_STR(r->tests[3].suite, "kasan_vmalloc_shadow");
	CHECK_STR(r->tests[3].name, "vmalloc_shadow_concurrent");
	CHECK_STR(r->tests[3].reason,
		  "EXPECTATION FAILED at mm/kasan/kasan_vmalloc_test.c:1: Expected nr_unmapped == 0");
	CHECK_INT(status_of(r, "runner", "kunit_fault_kasan_vmalloc_shadow"), T_FAIL);
	CHECK(r->verdict != V_PASS);

	/* Cut short: the suite's missing result is an ERROR, named. */
	r = parse("    KTAP version 1\n"
		  "    # Subtest: kasan_vmalloc_shadow\n"
		  "    1..2\n"
		  "    ok 1 vmalloc_shadow_poison\n");
	CHECK_INT(status_of(r, "kasan_vmalloc_shadow", "vmalloc_shadow_poison"), T_PASS);
	CHECK_INT(status_of(r, "kasan_vmalloc_shadow", "#2"), T_ERROR);
}

/* ---- KTAP as kunit.py reads it (ci/tests/quick-kunit-parity.sh) ---- */

/* Reason of a test, or NULL if there is none. */
static const char *reason_of(const struct results *r, const char *suite, const char *name)
{
	const struct test *t = find_test(r, suite, name);

	return t ? t->reason : NULL;
}

static void t_ktap_tabs(void)
{
	/* Older kernels (and kunit.py's test_data) indent with tabs, nested
	 * levels with two; a tab indents to the next multiple of 8, so tabs
	 * and spaces mix. Text lines inside (init_suite) change nothing. */
	struct results *r = parse(
		"TAP version 14\n1..2\n"
		"\t# Subtest: sysctl_test\n\t1..3\n"
		"\t# sysctl_a: sysctl_a passed\n"
		"\tok 1 - sysctl_a\n"
		"\t\t# Subtest: example\n\t\t1..2\n"
		"\tinit_suite\n"
		"\t\tok 1 - example_simple_test\n"
		"\t\tnot ok 2 - example_mock_test\n"
		"\tkunit example: one or more tests failed\n"
		"\tnot ok 2 - example\n"
		"  \t    ok 1 p0\n"	/* 12: a parameter of case 3 */
		"\tok 3 - param_case\n"
		"kunit sysctl_test: all tests passed\n"
		"not ok 1 - sysctl_test\n"
		"        # Subtest: spaces\n \t1..1\n"
		"\tok 1 - tab_as_8_spaces\n"
		"ok 2 - spaces\n");

	CHECK_INT(r->ntests, 5);
	CHECK_INT(status_of(r, "sysctl_test", "sysctl_a"), T_PASS);
	CHECK_INT(status_of(r, "sysctl_test", "example/example_simple_test"), T_PASS);
	CHECK_INT(status_of(r, "sysctl_test", "example/example_mock_test"), T_FAIL);
	CHECK_INT(status_of(r, "sysctl_test", "param_case/p0"), T_PASS);
	CHECK_INT(status_of(r, "spaces", "tab_as_8_spaces"), T_PASS);
	CHECK_INT(r->counts.n[T_ERROR], 0);
}

static void t_ktap_missing_plans(void)
{
	/* No plan at the root nor in a suite: every result counts, and no
	 * result is missing. */
	struct results *r = parse(
		"KTAP version 1\n"
		"\t# Subtest: sysctl_test\n"
		"\tok 1 - a\n\tok 2 - b\n"
		"ok 1 - sysctl_test\n"
		"\t# Subtest: example\n\t1..1\n"
		"\tok 1 - c\n"
		"ok 2 - example\n"
		"vmshadow: runner end\n");

	CHECK_INT(r->ntests, 3);
	CHECK_INT(status_of(r, "sysctl_test", "b"), T_PASS);
	CHECK_INT(status_of(r, "example", "c"), T_PASS);
	CHECK_INT(r->counts.n[T_PASS], 3);
	CHECK_INT(r->counts.n[T_ERROR], 0);
}

static void t_ktap_text_prefix(void)
{
	/* Text before the version line ("foo: ") is stripped from the
	 * document's lines, as kunit.py does; a line without it is text. */
	struct results *r = parse(
		"boot noise\n"
		"foo: KTAP version 1\n"
		"foo: 1..1\n"
		"foo:     # Subtest: s\n"
		"foo:     1..2\n"
		"foo:     ok 1 a\n"
		"    ok 9 not_in_the_document\n"
		"foo:     not ok 2 b\n"
		"foo: not ok 1 s\n"
		/* The document ended: the prefix is gone with it. */
		"KTAP version 1\n1..1\n"
		"    # Subtest: t\n    1..1\n    ok 1 c\nok 1 t\n"
		/* The version line must end the line. */
		"x: TAP version 13 or so\n"
		"x: 1..1\n"
		"x: ok 1 nothing\n"
		"vmshadow: runner end\n");

	CHECK_INT(r->ntests, 3);
	CHECK_INT(status_of(r, "s", "a"), T_PASS);
	CHECK_INT(status_of(r, "s", "b"), T_FAIL);
	CHECK_INT(status_of(r, "t", "c"), T_PASS);
	CHECK_INT(r->counts.n[T_ERROR], 0);
}

static void t_ktap_blank_prefix(void)
{
	/* A console that starts every line with a space (kunit.py's
	 * test_pound_no_prefix.log): the indented version line is followed by
	 * its plan, not by "# Subtest:", so it is a whole document, not a
	 * suite re-run through debugfs (t_ktap_rerun). */
	struct results *r = parse(
		" TAP version 14\n"
		" 1..2\n"
		" \t# Subtest: kunit-resource-test\n \t1..2\n"
		" \tok 1 - init\n"
		"  foo bar \t# non-kunit output\n"
		" \tok 2 - alloc\n"
		" ok 1 - kunit-resource-test\n"
		" \t# Subtest: string-stream-test\n \t1..1\n"
		" \tok 1 - empty\n"
		" ok 2 - string-stream-test\n"
		"vmshadow: runner end\n");

	CHECK_INT(r->ntests, 3);
	CHECK_INT(status_of(r, "kunit-resource-test", "init"), T_PASS);
	CHECK_INT(status_of(r, "kunit-resource-test", "alloc"), T_PASS);
	CHECK_INT(status_of(r, "string-stream-test", "empty"), T_PASS);
	CHECK_INT(r->counts.n[T_ERROR], 0);
}

static void t_ktap_panic_crashed(void)
{
	/* kunit.py's test_kernel_panic_interrupt.log: the kernel panics in
	 * the third suite after its first case. The running case is ERROR
	 * "crashed: <panic>", the one never begun "no result"; kunit.py
	 * counts both as crashed. The panic is still a report. */
	struct results *r = parse(
		"[    0.06] TAP version 14\n[    0.06] 1..2\n"
		"[    0.06] \t# Subtest: kunit-try-catch-test\n[    0.06] \t1..1\n"
		"[    0.06] \tok 1 - try\n"
		"[    0.06] ok 1 - kunit-try-catch-test\n"
		"[    0.06] \t# Subtest: string-stream-test\n[    0.06] \t1..3\n"
		"[    0.06] \tok 1 - string_stream_test_empty_on_creation\n"
		"[    0.06] Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(98,0)\n"
		"[    0.06] CPU: 0 PID: 1 Comm: swapper Not tainted 5.4.0-rc1 #2\n");

	CHECK_INT(r->counts.n[T_PASS], 2);
	CHECK_INT(r->counts.n[T_ERROR], 2);
	CHECK_INT(status_of(r, "string-stream-test", "#2"), T_ERROR);
	CHECK_STR(reason_of(r, "string-stream-test", "#2"),
		  "crashed: Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(98,0)");
	CHECK_STR(reason_of(r, "string-stream-test", "#3"), "no result (log truncated)");
	CHECK_INT(r->nreports, 1);
	CHECK_INT(r->verdict, V_CRASH);

	/* KTAP after the panic line: the kernel ran on, nothing crashed
	 * there; a truncation later crashes the case running then. */
	r = parse("KTAP version 1\n1..1\n    # Subtest: s\n    1..3\n"
		  "    # a: Kernel panic - not syncing: quoted by a test\n"
		  "Kernel panic - not syncing: not one\n"
		  "    ok 1 a\n    ok 2 b\n");
	CHECK_STR(reason_of(r, "s", "#3"), "crashed (log truncated)");
	CHECK_INT(r->counts.n[T_ERROR], 1);
}

static void t_ktap_truncated_crashed(void)
{
	/* The log ends inside a parameterized case: the parameter running
	 * then crashed; missing results of the levels above are "no result". */
	struct results *r = parse(
		"KTAP version 1\n1..2\n"
		"    KTAP version 1\n    # Subtest: kasan\n    1..2\n"
		"        KTAP version 1\n        # Subtest: param_case\n        1..3\n"
		"        ok 1 p0\n");

	CHECK_INT(status_of(r, "kasan", "param_case/p0"), T_PASS);
	CHECK_STR(reason_of(r, "kasan", "param_case/#2"), "crashed (log truncated)");
	CHECK_STR(reason_of(r, "kasan", "param_case/#3"), "no result (log truncated)");
	CHECK_STR(reason_of(r, "kasan", "#2"), "no result (log truncated)");
	CHECK_STR(reason_of(r, "kunit", "#2"), "no result (log truncated)");
	CHECK_INT(r->counts.n[T_ERROR], 4);

	/* With the runner's end marker the log is whole: nothing crashed. */
	r = parse("KTAP version 1\n1..1\n    # Subtest: s\n    1..2\n    ok 1 a\n"
		  "vmshadow: runner end\n");
	CHECK_STR(reason_of(r, "s", "#2"), "no result");
}

static void t_ktap_empty_subtest(void)
{
	/* kunit.py's test_is_test_passed-no_tests_no_plan.log: a case with a
	 * "# Subtest:" header but no plan and no results, then "ok 1 - case".
	 * Ours: one PASS, suite/case, as its result line says. kunit.py
	 * counts the same ("Ran 1 tests: passed: 1, errors: 1": the case ran
	 * no tests, so its suite counts as the one passed test), but its
	 * --json lists "case" as FAIL: kunit_json maps every status but
	 * PASS/SKIP/CRASHED, here NO_TESTS, to FAIL. A case that printed "ok"
	 * did not fail: ours is right, and the counts agree. */
	struct results *r = parse(
		"TAP version 14\n1..1\n"
		"  # Subtest: suite\n  1..1\n"
		"    # Subtest: case\n"
		"  ok 1 - case\n"
		"ok 1 - suite\n"
		"vmshadow: runner end\n");

	CHECK_INT(r->ntests, 1);
	CHECK_INT(status_of(r, "suite", "case"), T_PASS);
	CHECK_INT(r->counts.n[T_FAIL] + r->counts.n[T_ERROR], 0);
}

static void t_cli_counts(void)
{
	/* parse --counts: one line of counts instead of the JSON. */
	char log[512];
	FILE *f;

	snprintf(log, sizeof(log), "%s/counts.log", tmpdir);
	f = fopen(log, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	fputs("TAP version 14\n1..1\n\t# Subtest: s\n\t1..4\n\tok 1 - a\n"
	      "\tnot ok 2 - b\n\tok 3 - c # SKIP no\n\tok 4 - d # XFAIL known\n"
	      "not ok 1 - s\n", f);
	fclose(f);
	CHECK_INT(sh("test \"$('%s' parse '%s' --counts)\" = "
		     "'pass 1 fail 1 skip 1 error 0 xfail 1'", binary, log), 0);
	CHECK_INT(sh("'%s' parse '%s' --counts --exit-status >/dev/null", binary, log), 1);
}

/* ---- runner and verdict ---- */

static void t_truncated(void)
{
	struct results *r = parse(
		"[    0.50] KTAP version 1\n[    0.50] 1..1\n"
		"[    0.50]     # Subtest: kasan\n[    0.50]     1..3\n"
		"[    0.60]     ok 1 a\n"
		"[    0.70] BUG: KASAN: slab-out-of-bounds in b+0x1/0x2\n"
		"[    0.70] Read of size 1 at addr ffff888003a5e273 by task kunit_try_catch/1\n"
		"[    0.7");

	CHECK(r->boot.truncated);
	CHECK(!r->boot.end_marker);
	CHECK(!r->boot.reached_init);
	CHECK_INT(r->boot.lines, 8);
	CHECK_INT(r->verdict, V_HANG);
	CHECK_STR(r->verdict_reason, "no end marker 'vmshadow: runner end': init was never "
		  "reached (log ends at line 8)");
	CHECK_INT(status_of(r, "kasan", "#2"), T_ERROR);
	CHECK_INT(status_of(r, "kasan", "#3"), T_ERROR);
	CHECK_STR(find_test(r, "kasan", "#2")->reason, "crashed (log truncated)");
	CHECK_STR(r->reports[0].attributed_to, "kasan/#2");
	CHECK(r->reports[0].expected);
}

static void t_runner_hang(void)
{
	struct results *r = parse(
		"[    3.210000] vmshadow: runner 1 start plan=perf arch=x86_64 cpus=4 kernel=6.12.117\n"
		"[    3.3] vmshadow: TAP version 13\n"
		"[    3.3] vmshadow: 1..3\n"
		"[    3.4] vmshadow: # step 1 test_vmalloc_1 begin expect=ALLOC\n"
		"[    9.9] vmalloc_test/0: some line\n");

	CHECK(r->boot.reached_init);
	CHECK(r->boot.has_init_seconds);
	CHECK(r->boot.init_seconds > 3.2099 && r->boot.init_seconds < 3.2101);
	CHECK_STR(r->boot.plan, "perf");
	CHECK_STR(r->boot.arch, "x86_64");
	CHECK_INT(r->boot.cpus, 4);
	CHECK_STR(r->boot.kernel, "6.12.117");
	CHECK_INT(r->verdict, V_HANG);
	CHECK_STR(r->verdict_reason, "no end marker 'vmshadow: runner end': init reached, "
		  "last step begun: 1 test_vmalloc_1 (log ends at line 5)");
	CHECK_INT(status_of(r, "runner", "test_vmalloc_1"), T_ERROR);
	CHECK_INT(status_of(r, "runner", "#2"), T_ERROR);
	CHECK_INT(status_of(r, "runner", "#3"), T_ERROR);
	CHECK(r->boot.truncated);	/* no end marker, though the line ended */
}

static void t_init_fallback(void)
{
	struct results *r = parse("[    0.912345] Run /init as init process\n");

	CHECK(r->boot.reached_init);
	CHECK(r->boot.init_seconds > 0.9123 && r->boot.init_seconds < 0.9124);
	CHECK_STR(r->verdict_reason, "no end marker 'vmshadow: runner end': init reached, "
		  "no runner step begun (log ends at line 1)");
	r = parse("");
	CHECK_INT(r->boot.lines, 0);
	CHECK(!r->boot.has_init_seconds);
	CHECK(r->boot.cpus == -1 && r->boot.plan == NULL);
	CHECK_INT(r->verdict, V_HANG);
	check_outputs(r, "empty");
}

static void t_pass_reason(void)
{
	struct results *r = parse(
		"vmshadow: runner 1 start plan=probe arch=x86_64 cpus=1 kernel=6.12.117\n"
		"vmshadow: TAP version 13\nvmshadow: 1..0\n"
		"vmshadow: # end passed=0 failed=0 skipped=0\nvmshadow: runner end\n");

	CHECK_INT(r->verdict, V_PASS);
	CHECK_INT(r->ntests, 0);
	CHECK(!r->boot.truncated);
	CHECK_STR(r->verdict_reason, "0 passed, 0 skipped, 0 xfail; 0 expected reports");
}

/* ---- fixtures ---- */

static void t_fixture_smoke_pass(void)
{
	struct results *r = parse_file("x86_64-smoke-pass.log");
	size_t i;

	CHECK_INT(r->verdict, V_PASS);
	CHECK(r->boot.end_marker && !r->boot.truncated && r->boot.reached_init);
	CHECK_STR(r->boot.arch, "x86_64");
	CHECK_INT(r->counts.n[T_FAIL] + r->counts.n[T_ERROR], 0);
	CHECK_INT(status_of(r, "kasan", "kmalloc_oob_right"), T_PASS);
	CHECK_INT(status_of(r, "kasan", "kasan_bitops_tags"), T_SKIP);
	CHECK_INT(status_of(r, "test_vmalloc", "align_shift_alloc_test"), T_XFAIL);
	CHECK_INT(status_of(r, "kselftest_vmalloc_oob", "global.huge_vmap"), T_SKIP);
	CHECK_INT(r->counts.reports, 15);
	CHECK_INT(r->counts.unexpected_reports, 0);
	for (i = 0; i < r->nreports; i++)
		if (r->reports[i].attributed_to &&
		    after(r->reports[i].attributed_to, "lkdtm_STACK_GUARD_PAGE_"))
			CHECK(r->reports[i].expected);
	CHECK_INT(r->ntvm, 11);
	check_outputs(r, "smoke_pass");
}

static void t_fixture_smoke_fail(void)
{
	struct results *r = parse_file("x86_64-smoke-fail.log");

	CHECK_INT(r->verdict, V_FAIL);
	CHECK_INT(status_of(r, "kasan", "kmalloc_oob_left"), T_FAIL);
	CHECK_STR(find_test(r, "kasan", "kmalloc_oob_left")->reason,
		  "EXPECTATION FAILED at mm/kasan/kasan_test_c.c:198: KASAN failure expected in "
		  "\"*ptr = *(ptr - 1)\", but none occurred");
	CHECK_INT(r->counts.unexpected_reports, 2);
	CHECK_STR(r->verdict_reason, "kasan/kmalloc_oob_left FAIL; unexpected WARNING in "
		  "free_large_kmalloc; unexpected WARNING in __vunmap_range_noflush");
	check_outputs(r, "smoke_fail");
}

static void t_fixture_truncated(void)
{
	struct results *r = parse_file("x86_64-truncated.log");

	CHECK_INT(r->verdict, V_HANG);
	CHECK(r->boot.truncated);
	CHECK_INT(r->counts.n[T_ERROR], 6);
	CHECK_INT(status_of(r, "kasan", "#4"), T_ERROR);
	CHECK_INT(r->counts.unexpected_reports, 0);
	check_outputs(r, "truncated");
}

static void t_fixture_panic(void)
{
	struct results *r = parse_file("x86_64-panic.log");

	CHECK_INT(r->verdict, V_CRASH);
	CHECK_STR(r->verdict_reason, "PANIC: Attempted to kill init! exitcode=0x0000000b");
	CHECK_INT(r->nreports, 2);
	CHECK_INT(r->reports[0].kind, R_OOPS);
	CHECK_STR(r->reports[0].bug_type, "null-ptr-deref");
	CHECK_STR(r->reports[0].title, "general protection fault in vmap_pages_range_noflush");
	check_outputs(r, "panic");
}

static void t_fixture_arm64(void)
{
	struct results *r = parse_file("arm64-guard-crlf.log");

	CHECK_INT(r->verdict, V_PASS);
	CHECK_STR(r->boot.arch, "aarch64");
	CHECK_INT(r->nreports, 2);
	CHECK_STR(r->reports[0].bug_type, "maybe wild-memory-access");
	CHECK_INT(r->reports[1].kind, R_OOPS);
	CHECK(r->reports[0].expected && r->reports[1].expected);
	CHECK_INT(status_of(r, "kselftest_color", "colored_pass"), T_PASS);
	CHECK_INT(status_of(r, "kselftest_color", "nul_byte"), T_PASS);
	check_outputs(r, "arm64");
}

static void t_fixture_perf(void)
{
	struct results *r = parse_file("x86_64-perf.log");

	CHECK_INT(r->ntvm, 33);
	CHECK_INT(r->ncycles, 3);
	CHECK_INT(r->counts.n[T_XFAIL], 3);
	CHECK_INT(status_of(r, "test_vmalloc_N", "vm_map_ram_test/worker1"), T_FAIL);
	CHECK_INT(r->verdict, V_FAIL);
	check_outputs(r, "perf");
}

static void t_fixture_nested(void)
{
	struct results *r = parse_file("kunit-nested.log");

	CHECK_INT(status_of(r, "example", "example_params_test/example value 1"), T_FAIL);
	CHECK_INT(status_of(r, "example", "example_params_test/example value 3"), T_SKIP);
	CHECK_INT(status_of(r, "kasan_fake", "kasan_fake"), T_FAIL);
	CHECK_STR(find_test(r, "kasan_fake", "kasan_fake")->reason, "failed to initialize (-22)");
	CHECK_INT(status_of(r, "deep", "level2/level3/level4/leaf_deepest"), T_PASS);
	CHECK_INT(status_of(r, "deep", "level2/level3/leaf_b"), T_FAIL);
	CHECK_INT(status_of(r, "kunit", "#4"), T_ERROR);
	check_outputs(r, "nested");
}

static void t_fixture_weird(void)
{
	struct results *r = parse_file("weird-bytes.log");

	CHECK_INT(status_of(r, "runner", "we\"ird\\name"), T_SKIP);
	CHECK_STR(r->reports[0].attributed_to, "we\"ird\\name");
	CHECK(r->reports[0].expected);
	CHECK_INT(r->reports[1].kind, R_KASAN);
	CHECK(!r->reports[1].expected);
	check_outputs(r, "weird");
}

/*
 * A real console log of the pipeline (x86_64, kasan-vmalloc, smoke plan,
 * QEMU TCG, CRLF line ends), kept as a regression fixture.
 */
static void t_fixture_real_x86(void)
{
	struct results *r = parse_file("real-x86_64-kasan-vmalloc-smoke.log");
	int kasan_pass = 0, kasan_skip = 0, kunit_kasan_reports = 0, guard = 0;
	size_t i;

	CHECK_INT(r->verdict, V_PASS);
	CHECK(r->boot.end_marker && !r->boot.truncated && r->boot.reached_init);
	CHECK_INT(r->boot.lines, 10395);
	CHECK(r->boot.init_seconds > 4.8562 && r->boot.init_seconds < 4.8563);
	CHECK_STR(r->boot.kernel, "6.12.117+");
	CHECK_INT(r->boot.cpus, 2);
	/* The kasan suite: 72 cases, none failed. */
	for (i = 0; i < r->ntests; i++) {
		const struct test *t = &r->tests[i];

		if (strcmp(t->suite, "kasan"))
			continue;
		CHECK(t->status == T_PASS || t->status == T_SKIP);
		kasan_pass += t->status == T_PASS;
		kasan_skip += t->status == T_SKIP;
	}
	CHECK_INT(kasan_pass, 51);
	CHECK_INT(kasan_skip, 21);
	CHECK_STR(find_test(r, "kasan", "kasan_bitops_tags")->reason,
		  "Test requires CONFIG_KASAN_GENERIC=n");
	CHECK_INT(status_of(r, "runner", "test_vmalloc"), T_PASS);
	CHECK_INT(status_of(r, "runner", "lkdtm_STACK_GUARD_PAGE_LEADING"), T_PASS);
	CHECK_INT(status_of(r, "runner", "lkdtm_STACK_GUARD_PAGE_TRAILING"), T_PASS);
	CHECK_INT(status_of(r, "test_vmalloc", "align_shift_alloc_test"), T_XFAIL);
	CHECK_INT(r->ntvm, 11);
	CHECK_INT(r->ncycles, 1);
	CHECK_INT(r->cycles[0].cycles, 31114328480LL);
	/* Every report is expected: 152 in the kasan suite, the warn_alloc
	 * of align_shift_alloc_test, and KASAN + oops for each guard page. */
	CHECK_INT(r->counts.reports, 157);
	CHECK_INT(r->counts.unexpected_reports, 0);
	for (i = 0; i < r->nreports; i++) {
		const struct report *rep = &r->reports[i];

		CHECK(rep->expected);
		if (rep->attributed_to && after(rep->attributed_to, "kasan/"))
			kunit_kasan_reports += rep->kind == R_KASAN;
		if (rep->attributed_to && after(rep->attributed_to, "lkdtm_STACK_GUARD_PAGE_")) {
			guard++;
			CHECK_STR(rep->function, rep->attributed_to);
		}
	}
	CHECK_INT(kunit_kasan_reports, 152);
	CHECK_INT(guard, 4);
	CHECK_INT(r->reports[152].kind, R_ALLOC);
	CHECK_STR(r->reports[152].attributed_to, "test_vmalloc");
	CHECK_INT(r->reports[154].kind, R_OOPS);
	CHECK(r->reports[154].oopsed);
	CHECK_STR(r->reports[156].title,
		  "BUG: unable to handle page fault in lkdtm_STACK_GUARD_PAGE_TRAILING");
	CHECK_INT(r->reports[156].first_line, 10329);
	CHECK_INT(r->reports[156].last_line, 10378);
	check_outputs(r, "real_x86");
}

/*
 * A real selftest-plan log: kselftest-harness TAP relayed by the runner,
 * module_ and broken_ steps (whose failures are on purpose).
 */
static void t_fixture_real_selftest(void)
{
	struct results *r = parse_file("real-x86_64-selftest.log");

	CHECK_INT(r->verdict, V_PASS);
	CHECK_STR(r->boot.plan, "selftest");
	CHECK_INT(r->counts.n[T_PASS], 12);
	CHECK_INT(r->counts.n[T_SKIP], 2);
	CHECK_INT(r->counts.n[T_XFAIL], 7);
	CHECK_INT(r->counts.n[T_FAIL] + r->counts.n[T_ERROR], 0);
	CHECK_INT(status_of(r, "runner", "module_vmshadow_test"), T_PASS);
	CHECK_INT(status_of(r, "runner", "broken_stack_guard_break_guard"), T_PASS);
	CHECK_INT(status_of(r, "broken_stack_guard_break_guard", "global.lkdtm_LEADING"), T_PASS);
	CHECK_INT(status_of(r, "broken_stack_guard_break_guard", "global.module_LEADING"), T_XFAIL);
	CHECK_STR(find_test(r, "broken_module_churn_break_unload",
			    "global.walk_back_to_baseline")->reason,
		  "fails on purpose (broken_module_churn_break_unload): FAIL: "
		  "tests/module_churn.c:96: Expected 0 (0) == ret (1)");
	/* The report text the harness quotes in its own output is no report. */
	CHECK_INT(r->counts.reports, 4);
	CHECK_INT(r->counts.unexpected_reports, 0);
	check_outputs(r, "real_selftest");
}

/* Every fixture (also real logs dropped in later) parses to valid output. */
static void t_fixture_all(void)
{
	DIR *d = opendir(fixtures);
	struct dirent *e;
	int n = 0;

	CHECK(d != NULL);
	while (d && (e = readdir(d))) {
		size_t len = strlen(e->d_name);
		char tag[300];

		if (len < 5 || strcmp(e->d_name + len - 4, ".log"))
			continue;
		parse_file(e->d_name);
		snprintf(tag, sizeof(tag), "all-%s", e->d_name);
		check_outputs(&R, tag);
		n++;
	}
	if (d)
		closedir(d);
	CHECK(n >= 8);
}

/* ---- randomized logs ---- */

static unsigned long long rng = 0x9e3779b97f4a7c15ULL;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/*
 * 400 logs of 300 lines built from the grammar's tokens and random
 * bytes: the parser must survive them and give valid, consistent output.
 */
static void t_random_logs(void)
{
	static const char *const tok[] = {
		"[    1.000000] ", "[    T1] ", "vmshadow: ", "vmshadow:     ", "    ",
		"KTAP version 1", "TAP version 13", "# Subtest: s", "1..3", "1..0", "ok 1 a",
		"not ok 2 b", " # SKIP x", " # TODO", " # error", "ok", "not ok",
		"runner 1 start plan=smoke arch=x86_64 cpus=2 kernel=6.12", "runner end",
		"# step 1 st begin expect=KASAN,OOPS", "# step 2 test_vmalloc_N begin expect=none",
		"==================================================================",
		"BUG: KASAN: slab-out-of-bounds in f+0x1/0x2", "Read of size 1 at addr 1",
		"BUG: unable to handle page fault for address: ffffc90000a3efff",
		"Oops: 0000 [#1] SMP", "RIP: 0010:g+0x1/0x2", "pc : h+0x1/0x2",
		"WARNING: CPU: 0 PID: 1 at a.c:1 w+0x1/0x2", "---[ end trace 0 ]---",
		"Kernel panic - not syncing: p", "x: vmalloc error: size 1, y",
		"12 pages reserved", " </TASK>", "Summary: align_shift_alloc_test passed: 0 failed: 1 "
		"repeat: 1 loops: 1 avg: 1 usec", "All test took worker0=1 cycles",
		"Run /init as init process", "# t: EXPECTATION FAILED at x.c:1",
		"\x1b[31m", "\r", "\t", "\"", "\\", "\xff", "\xc3\xa9", "\xed\xa0\x80",
	};
	struct strbuf b;
	int iter, line;

	for (iter = 0; iter < 400; iter++) {
		struct results *r;
		char *buf;
		size_t len;
		long n;
		int st;

		sb_init(&b, 1 << 20);
		for (line = 0; line < 300; line++) {
			int k, parts = 1 + (int)rnd(4);

			for (k = 0; k < parts; k++) {
				if (rnd(10) == 0) {
					char c[2] = { (char)(1 + rnd(255)), 0 };

					sb_add(&b, c);
				} else {
					sb_add(&b, tok[rnd(ARRAY_SIZE(tok))]);
				}
			}
			if (rnd(50))
				sb_add(&b, "\n");
		}
		r = parse(b.s ? b.s : "");
		sb_free(&b);
		buf = render(json_write, r, &len);
		check(json_valid(buf, len), __FILE__, __LINE__, "valid JSON, iteration %d", iter);
		free(buf);
		free(render(junit_write, r, NULL));
		free(render(summary_write, r, NULL));
		for (n = 0, st = 0; st < T_NSTATUS; st++)
			n += r->counts.n[st];
		CHECK_INT(n, r->ntests);
		CHECK(r->counts.unexpected_reports <= r->counts.reports);
		for (len = 0; len < r->nreports; len++)
			CHECK(r->reports[len].first_line <= r->reports[len].last_line &&
			      r->reports[len].last_line <= r->boot.lines);
		if (cur_failed)
			break;
	}
}

/* ---- the CLI ---- */

static void t_cli(void)
{
	char fx[512];

	snprintf(fx, sizeof(fx), "%s/x86_64-smoke-pass.log", fixtures);
	CHECK_INT(sh("'%s' version >/dev/null", binary), 0);
	CHECK_INT(sh("'%s' >/dev/null 2>&1", binary), 2);
	CHECK_INT(sh("'%s' frob >/dev/null 2>&1", binary), 2);
	CHECK_INT(sh("'%s' parse >/dev/null 2>&1", binary), 2);
	CHECK_INT(sh("'%s' parse '%s' --bogus >/dev/null 2>&1", binary, fx), 2);
	CHECK_INT(sh("'%s' parse '%s' -o >/dev/null 2>&1", binary, fx), 2);
	CHECK_INT(sh("'%s' parse '%s' '%s' >/dev/null 2>&1", binary, fx, fx), 2);
	CHECK_INT(sh("'%s' parse /nonexistent/log >/dev/null 2>&1", binary), 2);
	CHECK_INT(sh("'%s' parse '%s' >/dev/null 2>&1", binary, tmpdir), 2);	/* a directory */
	CHECK_INT(sh("'%s' parse '%s' -o /nonexistent/dir/r.json 2>/dev/null", binary, fx), 2);
	/* JSON on stdout without -o. */
	CHECK_INT(sh("'%s' parse '%s' > '%s/stdout.json'", binary, fx, tmpdir), 0);
	if (have("python3"))
		CHECK_INT(sh("python3 -m json.tool '%s/stdout.json' >/dev/null", tmpdir), 0);
	/* --exit-status: 0 on pass, 1 otherwise; without it 0. */
	CHECK_INT(sh("'%s' parse '%s' -o '%s/r.json' --exit-status", binary, fx, tmpdir), 0);
	snprintf(fx, sizeof(fx), "%s/x86_64-smoke-fail.log", fixtures);
	CHECK_INT(sh("'%s' parse '%s' -o '%s/r.json' --junit='%s/j.xml' --summary '%s/s.txt' "
		     "--exit-status", binary, fx, tmpdir, tmpdir, tmpdir), 1);
	CHECK_INT(sh("'%s' parse '%s' -o '%s/r.json'", binary, fx, tmpdir), 0);
	CHECK_INT(sh("grep -q '^vmshadow: verdict FAIL' '%s/s.txt'", tmpdir), 0);
	/* Atomic writes leave no temporary file behind. */
	CHECK_INT(sh("ls '%s' | grep -q '\\.tmp\\.'", tmpdir), 1);
}

/* One run folder of a matrix: results.json parsed from a real fixture log. */
static void matrix_run(const char *m, const char *name, const char *log, bool vmap)
{
	const char *arch = strchr(name, '-') + 1;
	int alen = (int)(strchr(arch, '-') - arch);

	CHECK_INT(sh("mkdir -p '%s/%s' && '%s' parse '%s/%s' -o '%s/%s/results.json'",
		     m, name, binary, fixtures, log, m, name), 0);
	CHECK_INT(sh("printf '{\"arch\": \"%.*s\", \"variant\": \"kasan-vmalloc\", \"tree\": \"series\", "
		     "\"plan\": \"smoke\", \"base_version\": \"6.12.118\", \"build_seconds\": 231, "
		     "\"boot_seconds\": 41.5}\\n' >'%s/%s/run.json'", alen, arch, m, name), 0);
	CHECK_INT(sh("printf 'CONFIG_KASAN=y\\n%s\\n' >'%s/%s/config'",
		     vmap ? "CONFIG_VMAP_STACK=y" : "# CONFIG_VMAP_STACK is not set", m, name), 0);
}

static void t_cli_matrix(void)
{
	char m[512], path[600], *md, *js;
	size_t len;
	const char *want;

	snprintf(m, sizeof(m), "%s/matrix", tmpdir);
	matrix_run(m, "T1-x86_64-kasan-vmalloc-series", "real-x86_64-kasan-vmalloc-smoke.log", true);
	matrix_run(m, "T2-arm64-kasan-vmalloc-series", "arm64-guard-crlf.log", true);
	matrix_run(m, "T3-ppc64le-kasan-vmalloc-series", "x86_64-smoke-fail.log", false);
	/* Did not finish; a results.json that is not JSON; neither counts as run. */
	CHECK_INT(sh("mkdir '%s/T4-s390x-kasan-vmalloc-series' && printf 'started\\n"
		     "failed in phase build (exit 1) | a pipe\\n' >'%s/T4-s390x-kasan-vmalloc-series/INCOMPLETE'",
		     m, m), 0);
	matrix_run(m, "T5-ppc32-kasan-vmalloc-series", "x86_64-panic.log", true);
	CHECK_INT(sh("echo '{\"verdict\": ' >'%s/T5-ppc32-kasan-vmalloc-series/results.json'", m), 0);
	CHECK_INT(sh("mkdir '%s/stray' && ln -s T1-x86_64-kasan-vmalloc-series '%s/latest'", m, m), 0);

	CHECK_INT(sh("'%s' matrix '%s'", binary, m), 0);
	snprintf(path, sizeof(path), "%s/summary.md", m);
	md = harness_slurp(path, &len);
	CHECK(md != NULL);
	if (md) {
		/* Sorted by target; KUnit counts leave out runner, kselftest and
		 * test_vmalloc; align_shift_alloc_test's failure is an xfail. */
		want =    "| target | base | build s | boot s | KUnit pass/fail/skip | test_vmalloc pass/fail | guard pages | VMAP_STACK | verdict |\n"
			  "|---|---|---|---|---|---|---|---|---|\n"
			  "| arm64 | 6.12.118 | 231 | 41.5 | 0/0/0 | 0/0 (+0 xfail) | detected | y | pass |\n"
			  "| ppc32 | | | | | | | | incomplete: results.json: line 2, column 0: unexpected token near end of file |\n"
			  "| ppc64le | 6.12.118 | 231 | 41.5 | 5/1/3 | 10/0 (+1 xfail) | detected | n/a | fail |\n"
			  "| s390x | | | | | | | | incomplete: failed in phase build (exit 1) \\| a pipe |\n"
			  "| x86_64 | 6.12.118 | 231 | 41.5 | 51/0/21 | 10/0 (+1 xfail) | detected | y | pass |\n";
		CHECK(!strcmp(md, want));
		if (strcmp(md, want))
			printf("# got:\n%s", md);
	}
	free(md);
	snprintf(path, sizeof(path), "%s/summary.json", m);
	js = harness_slurp(path, &len);
	CHECK(js && json_valid(js, len));
	CHECK(js && strstr(js, "\"run\": \"T1-x86_64-kasan-vmalloc-series\", \"target\": \"x86_64\", "
			   "\"variant\": \"kasan-vmalloc\", \"tree\": \"series\", \"base_version\": \"6.12.118\", "
			   "\"build_seconds\": 231, \"boot_seconds\": 41.5, \"init_seconds\": "));
	CHECK(js && strstr(js, "\"kunit\": {\"pass\": 51, \"fail\": 0, \"skip\": 21}, "
			   "\"test_vmalloc\": {\"pass\": 10, \"fail\": 0, \"xfail\": 1}, "
			   "\"guard\": \"detected\", \"vmap_stack\": \"y\", \"verdict\": \"pass\""));
	free(js);
	/* No temporary file left; usage and empty folders are errors (2). */
	CHECK_INT(sh("ls '%s' | grep -q '\\.tmp\\.'", m), 1);
	CHECK_INT(sh("'%s' matrix >/dev/null 2>&1", binary), 2);
	/* No run folder (every job failed early): an empty table, exit 0. */
	CHECK_INT(sh("'%s' matrix '%s/stray' 2>/dev/null && grep -c . '%s/stray/summary.md' | grep -qx 2 &&"
		     " grep -qx '\\[\\]' '%s/stray/summary.json'", binary, m, m, m), 0);
	/* The reason is the last line that is not empty, however long. */
	CHECK_INT(sh("mkdir -p '%s/long/T9-riscv64-x-y' && { echo started; printf 'phase %%0600d end\\n' 0; echo; }"
		     " >'%s/long/T9-riscv64-x-y/INCOMPLETE' && '%s' matrix '%s/long' &&"
		     " grep -q 'incomplete: phase 0000.* end |$' '%s/long/summary.md'", m, m, binary, m, m), 0);
	CHECK_INT(sh("'%s' matrix /nonexistent 2>/dev/null", binary), 2);
}

/* The failures of one boot that a second boot of the same kernel lacks. */
static void t_cli_compare(void)
{
	char out[600], *got;
	size_t len;
	const char *logs[] = { "x86_64-smoke-fail", "x86_64-smoke-pass", "x86_64-truncated" };
	size_t i;

	for (i = 0; i < sizeof(logs) / sizeof(logs[0]); i++)
		CHECK_INT(sh("'%s' parse '%s/%s.log' -o '%s/%s.json'", binary, fixtures, logs[i],
			     tmpdir, logs[i]), 0);
	snprintf(out, sizeof(out), "%s/compare.out", tmpdir);
	/* A failed test and two unexpected reports; the expected KASAN
	 * reports of the same log are no failures. */
	CHECK_INT(sh("'%s' compare '%s/x86_64-smoke-fail.json' '%s/x86_64-smoke-pass.json' >'%s'",
		     binary, tmpdir, tmpdir, out), 0);
	got = harness_slurp(out, &len);
	CHECK_STR(got, "[\"kasan/kmalloc_oob_left\",\"report: WARNING in free_large_kmalloc\","
		       "\"report: WARNING in __vunmap_range_noflush\"]\n");
	free(got);
	/* The same failures twice: nothing was flaky. */
	CHECK_INT(sh("'%s' compare '%s/x86_64-smoke-fail.json' '%s/x86_64-smoke-fail.json' >'%s'",
		     binary, tmpdir, tmpdir, out), 0);
	got = harness_slurp(out, &len);
	CHECK_STR(got, "[]\n");
	free(got);
	/* Cases that never reported (a cut log) are ERRORs, named by number. */
	CHECK_INT(sh("'%s' compare '%s/x86_64-truncated.json' '%s/x86_64-smoke-pass.json' >'%s'",
		     binary, tmpdir, tmpdir, out), 0);
	got = harness_slurp(out, &len);
	CHECK(got && !strncmp(got, "[\"kasan/#4\",", 12));
	free(got);
	CHECK_INT(sh("'%s' compare '%s/x86_64-smoke-fail.json' >/dev/null 2>&1", binary, tmpdir), 2);
	CHECK_INT(sh("'%s' compare /nonexistent '%s/x86_64-smoke-fail.json' 2>/dev/null", binary,
		     tmpdir), 2);
	CHECK_INT(sh("'%s' compare '%s/x86_64-smoke-fail.log' '%s/x86_64-smoke-fail.json' 2>/dev/null",
		     binary, fixtures, tmpdir), 2);
}

static void t_cli_symlink_output(void)
{
	/* An output path that is a symlink (e.g. /dev/stdout) is written
	 * through, never replaced by a regular file. */
	char link[512], target[512], fx[512];
	struct stat st;

	snprintf(fx, sizeof(fx), "%s/x86_64-smoke-pass.log", fixtures);
	snprintf(target, sizeof(target), "%s/target.txt", tmpdir);
	snprintf(link, sizeof(link), "%s/link.txt", tmpdir);
	unlink(link);
	CHECK_INT(symlink(target, link), 0);
	CHECK_INT(sh("'%s' parse '%s' -o /dev/null --summary '%s' --junit /dev/null",
		     binary, fx, link), 0);
	CHECK(lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
	CHECK_INT(sh("grep -q '^vmshadow: verdict PASS' '%s'", target), 0);
	CHECK(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode));
}

int main(int argc, char **argv)
{
	if (harness_start(argc, argv, "tests/fixtures", "vmshadow-test"))
		return 2;

	run("log: timestamp and caller id prefixes", t_log_prefixes);
	run("log: CR, ANSI escapes, NUL and control bytes", t_log_cleanup);
	run("log: empty input, cut last line, overlong line", t_log_reader);
	run("json: string escaping of weird bytes", t_json_escape);
	run("junit: XML escaping of weird bytes", t_xml_escape);
	run("reports: which lines start a report", t_report_kinds);
	run("reports: function names from stack entries", t_report_symbol);
	run("ktap: nested subtests, params, SKIP, unnamed subtest", t_ktap_nested);
	run("ktap: failing suite without failing case", t_ktap_aggregate_fail);
	run("ktap: missing results become ERROR, capped", t_ktap_missing);
	run("ktap: 300 levels of nesting", t_ktap_deep);
	run("ktap: kselftest TAP relayed by the runner", t_ktap_relay);
	run("ktap: a suite re-run through debugfs, no document header", t_ktap_rerun);
	run("ktap: tab and mixed indentation, nested suites", t_ktap_tabs);
	run("ktap: missing plans", t_ktap_missing_plans);
	run("ktap: a text prefix before the version line is stripped", t_ktap_text_prefix);
	run("ktap: a blank prefix before the version line and its plan", t_ktap_blank_prefix);
	run("ktap: a kernel panic mid-suite crashes the running case", t_ktap_panic_crashed);
	run("ktap: a log cut mid-suite crashes the running case", t_ktap_truncated_crashed);
	run("ktap: an empty subtest whose result is ok (kunit.py's JSON differs)", t_ktap_empty_subtest);
	run("cli: parse --counts", t_cli_counts);
	run("runner: # ERROR steps, broken_ steps fail on purpose", t_runner_error_and_broken);
	run("reports: attribution to KUnit cases", t_report_attribution_kunit);
	run("reports: attribution to runner steps, expect=", t_report_attribution_runner);
	run("reports: oops after KASAN is its own report", t_report_kasan_then_oops);
	run("reports: arm64 wording, double-free, invalid-access", t_report_arm64_wording);
	run("reports: arm64 oops with KASAN's address decoding only", t_report_arm64_oops_only);
	run("reports: powerpc and s390 oopses", t_report_other_arches);
	run("reports: panic gives verdict crash", t_report_panic);
	run("reports: warn_alloc report ends after show_mem", t_report_alloc_span);
	run("reports: thousands of reports are capped and counted", t_report_many);
	run("test_vmalloc: Summary and cycles lines, XFAIL", t_tvmalloc);
	run("verdict: truncated log is a hang with ERRORs", t_truncated);
	run("verdict: hang names the last step begun", t_runner_hang);
	run("boot: init_seconds fallback, empty log", t_init_fallback);
	run("verdict: pass", t_pass_reason);
	run("fixture: x86_64 smoke pass", t_fixture_smoke_pass);
	run("fixture: x86_64 smoke fail", t_fixture_smoke_fail);
	run("fixture: truncated boot", t_fixture_truncated);
	run("fixture: panic", t_fixture_panic);
	run("fixture: arm64, CRLF, caller ids, ANSI", t_fixture_arm64);
	run("fixture: perf plan, two workers", t_fixture_perf);
	run("fixture: nested KTAP", t_fixture_nested);
	run("fixture: weird bytes", t_fixture_weird);
	run("fixture: real x86_64 kasan-vmalloc smoke run", t_fixture_real_x86);
	run("fixture: real x86_64 selftest-plan run", t_fixture_real_selftest);
	run("fixture: every log gives valid JSON and JUnit", t_fixture_all);
	run("random: token soup and random bytes", t_random_logs);
	run("cli: exit codes, stdout, atomic outputs", t_cli);
	run("cli: symlink and device outputs are not replaced", t_cli_symlink_output);
	run("cli: matrix summary of run folders", t_cli_matrix);
	run("cli: compare two boots (flaky)", t_cli_compare);

	results_free(&R);
	return harness_end();
}
