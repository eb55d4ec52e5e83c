// SPDX-License-Identifier: GPL-2.0
/*
 * vmshadow unit tests: the fixture logs (tests/fixtures/, in the formats
 * Linux 6.12 prints) end to end, and random logs. On the TAP harness of
 * tests/harness.h; parse helpers in tests/parse_helpers.h.
 *
 *   vmshadow-fixtures-test FIXTURES_DIR VMSHADOW_BINARY
 */
#include "tests/parse_helpers.h"

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

/*
 * A real arm (32-bit) boot's KUnit kasan suite, cut after the suite's
 * end: kasan_memchr, kasan_strings and kasan_bitops_generic fail there
 * because arm's memchr/strchr/strrchr and atomic bitops are assembly that
 * KASAN never sees (arch-arm/notes.md). The kernel command line names
 * them in vmshadow.kunit_xfail= (ci/boot.sh, from T_KUNIT_XFAIL): XFAIL.
 * Without the parameter, the same log fails them.
 */
static void t_fixture_known_failures(void)
{
	static const char *const known[] = { "kasan_memchr", "kasan_strings", "kasan_bitops_generic" };
	static const char key[] = "vmshadow.kunit_xfail=";
	struct results *r = parse_file("real-arm-kunit-kasan.log");
	char path[512], *text, *k;
	size_t i, len;
	long fails = 0;
	FILE *f;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		const struct test *t = find_test(r, "kasan", known[i]);

		CHECK(t && t->status == T_XFAIL);
		CHECK(t && after(t->reason, "known failure on this arch (vmshadow.kunit_xfail"));
	}
	for (i = 0; i < r->ntests; i++)
		fails += !strcmp(r->tests[i].suite, "kasan") && r->tests[i].status == T_FAIL;
	CHECK_INT(fails, 0);
	CHECK_INT(status_of(r, "kasan", "kmalloc_oob_right"), T_PASS);

	/* The same log with the parameter's name spoiled: three FAILs. */
	snprintf(path, sizeof(path), "%s/real-arm-kunit-kasan.log", fixtures);
	f = fopen(path, "rb");
	CHECK(f != NULL);
	if (!f)
		return;
	CHECK(fseek(f, 0, SEEK_END) == 0);
	len = (size_t)ftell(f);
	rewind(f);
	text = xmalloc(len + 1);
	CHECK_INT(fread(text, 1, len, f), len);
	text[len] = '\0';
	fclose(f);
	k = strstr(text, key);
	CHECK(k != NULL);
	if (k)
		k[0] = 'V';
	r = parse(text);
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		CHECK_INT(status_of(r, "kasan", known[i]), T_FAIL);
	free(text);

	/*
	 * Only a parameter of its own counts, the first one, whole names only,
	 * and only KUnit's "KASAN failure expected ... but none occurred".
	 */
	r = parse("Kernel command line: console=ttyS0 xvmshadow.kunit_xfail=s.a vmshadow.kunit_xfail=s.ab,s.t"
		  " vmshadow.kunit_xfail=s.a\n"
		  "KTAP version 1\n1..1\n    KTAP version 1\n    # Subtest: s\n    1..4\n"
		  "    # a: EXPECTATION FAILED at f.c:1\n    KASAN failure expected in \"x\", but none occurred\n"
		  "    not ok 1 a\n"
		  "    # ab: EXPECTATION FAILED at f.c:2\n    KASAN failure expected in \"x\", but none occurred\n"
		  "    not ok 2 ab\n"
		  "    # abc: EXPECTATION FAILED at f.c:3\n    KASAN failure expected in \"x\", but none occurred\n"
		  "    not ok 3 abc\n"
		  "    # t: try timed out\n    not ok 4 t\nnot ok 1 s\n");
	CHECK_INT(status_of(r, "s", "a"), T_FAIL);
	CHECK_INT(status_of(r, "s", "ab"), T_XFAIL);
	CHECK_INT(status_of(r, "s", "abc"), T_FAIL);
	CHECK_INT(status_of(r, "s", "t"), T_FAIL);
}

int main(int argc, char **argv)
{
	if (harness_start(argc, argv, "tests/fixtures", "vmshadow-fixtures-test"))
		return 2;

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
	run("fixture: real arm KUnit kasan, known failures", t_fixture_known_failures);
	run("fixture: every log gives valid JSON and JUnit", t_fixture_all);
	run("random: token soup and random bytes", t_random_logs);

	results_free(&R);
	return harness_end();
}
