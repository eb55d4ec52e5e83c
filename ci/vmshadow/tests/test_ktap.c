// SPDX-License-Identifier: GPL-2.0
/*
 * vmshadow unit tests: KTAP and TAP as kunit.py reads them (ktap.c;
 * ci/tests/quick-kunit-parity.sh). On the TAP harness of tests/harness.h;
 * parse helpers in tests/parse_helpers.h.
 *
 *   vmshadow-ktap-test FIXTURES_DIR VMSHADOW_BINARY
 */
#include "tests/parse_helpers.h"

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

int main(int argc, char **argv)
{
	if (harness_start(argc, argv, "tests/fixtures", "vmshadow-ktap-test"))
		return 2;

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

	results_free(&R);
	return harness_end();
}
