// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of kcidb.c: the KCIDB I/O output of every fixture log
 * (tests/fixtures/), written by kcidb_write() and read back with jread.c:
 * valid JSON (tests/jsoncheck.h), unique test ids, statuses mapped,
 * test_vmalloc figures as DONE numbers, reports attached to their test,
 * odd bytes escaped, run.json facts, the CLI option, and random logs.
 * The schema itself is checked by ci/tests/quick-kcidb-schema.sh.
 *
 *   vmshadow-kcidb-test FIXTURES_DIR VMSHADOW_BINARY
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jread.h"
#include "kcidb.h"
#include "parse.h"
#include "results.h"
#include "util.h"

#include "tests/harness.h"
#include "tests/jsoncheck.h"

static struct results R;

static void parse_mem(const char *log, size_t len)
{
	results_free(&R);
	results_init(&R, "mem.log");
	parse_buffer(&R, log, len);
}

static bool parse_fixture(const char *name)
{
	char path[512];
	size_t len;
	char *buf;

	snprintf(path, sizeof(path), "%s/%s", fixtures, name);
	buf = harness_slurp(path, &len);
	if (!buf) {
		printf("# cannot read %s\n", path);
		return false;
	}
	parse_mem(buf, len);
	free(buf);
	return true;
}

/* kcidb_write() of R into a string (checked strictly), parsed back. */
static struct jval *kcidb_json(const struct kcidb_facts *k)
{
	struct kcidb_facts none;
	char *buf = NULL, err[256];
	size_t len = 0;
	struct jval *v;
	FILE *f = open_memstream(&buf, &len);

	kcidb_facts_init(&none);
	kcidb_write(f, &R, k ? k : &none);
	fclose(f);
	CHECK(json_valid(buf, len));
	v = jread(buf, len, err, sizeof(err));
	if (!v)
		printf("# %s\n", err);
	CHECK(v != NULL);
	free(buf);
	return v;
}

static const struct jval *tests_of(const struct jval *v)
{
	const struct jval *t = jget(v, "tests");

	return t && t->type == J_ARR ? t : NULL;
}

/* The first test with that path, or NULL. */
static const struct jval *by_path(const struct jval *v, const char *path)
{
	const struct jval *t = tests_of(v);
	size_t i;

	for (i = 0; t && i < t->n; i++)
		if (jstr(jget(&t->items[i], "path")) &&
		    !strcmp(jstr(jget(&t->items[i], "path")), path))
			return &t->items[i];
	return NULL;
}

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool path_ok(const char *p)
{
	bool seg = false;

	for (; *p; p++) {
		if (*p == '.') {
			if (!seg)
				return false;
			seg = false;
		} else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			   (*p >= '0' && *p <= '9') || *p == '_' || *p == '-') {
			seg = true;
		} else {
			return false;
		}
	}
	return seg;
}

/* Every test: unique id, the build's id, a schema path, a schema status. */
static void check_tests(const struct jval *v, size_t want)
{
	static const char *const st[] = { "FAIL", "ERROR", "MISS", "PASS", "DONE", "SKIP" };
	const struct jval *t = tests_of(v);
	const char *build = jstr(jget(&jget(v, "builds")->items[0], "id"));
	const char **ids;
	size_t i, j, dups = 0;

	CHECK(t != NULL);
	if (!t)
		return;
	CHECK_INT(t->n, want);
	ids = xmalloc((t->n + 1) * sizeof(*ids));
	for (i = 0; i < t->n; i++) {
		const struct jval *x = &t->items[i];
		const char *s = jstr(jget(x, "status")), *p = jstr(jget(x, "path"));
		bool known = false;

		ids[i] = jstr(jget(x, "id"));
		CHECK(ids[i] && after(ids[i], "vmshadow:"));
		CHECK_STR(jstr(jget(x, "build_id")), build);
		CHECK_STR(jstr(jget(x, "origin")), "vmshadow");
		CHECK(p && path_ok(p));
		for (j = 0; s && j < ARRAY_SIZE(st); j++)
			known |= !strcmp(s, st[j]);
		CHECK(known);
		if (!ids[i])
			ids[i] = "";
	}
	qsort(ids, t->n, sizeof(*ids), cmpstr);
	for (i = 1; i < t->n; i++)
		dups += !strcmp(ids[i - 1], ids[i]);
	CHECK_INT(dups, 0);
	free(ids);
}

static const char *const FIXTURES[] = {
	"arm64-guard-crlf.log", "kunit-nested.log", "real-x86_64-kasan-vmalloc-smoke.log",
	"real-x86_64-selftest.log", "weird-bytes.log", "x86_64-panic.log", "x86_64-perf.log",
	"x86_64-smoke-fail.log", "x86_64-smoke-pass.log", "x86_64-truncated.log",
	"real-arm-kunit-kasan.log",
};

static void t_every_fixture(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(FIXTURES); i++) {
		struct jval *v;

		if (!parse_fixture(FIXTURES[i])) {
			CHECK(0);
			continue;
		}
		v = kcidb_json(NULL);
		if (!v)
			continue;
		CHECK_INT(jnum_or(jget(jget(v, "version"), "major"), 0), KCIDB_MAJOR);
		CHECK_INT(jnum_or(jget(jget(v, "version"), "minor"), -1), KCIDB_MINOR);
		CHECK_INT(jget(v, "checkouts")->n, 1);
		CHECK_INT(jget(v, "builds")->n, 1);
		/* results' tests, the two kernel-wide ones, the figures */
		check_tests(v, R.ntests + 2 + R.ntvm);
		jfree(v);
	}
}

static void t_statuses(void)
{
	struct jval *v;
	const struct jval *x;

	CHECK(parse_fixture("x86_64-smoke-fail.log"));
	v = kcidb_json(NULL);
	CHECK_STR(jstr(jget(by_path(v, "kunit.kasan.kmalloc_oob_right"), "status")), "PASS");
	CHECK_STR(jstr(jget(by_path(v, "kunit.kasan.kmalloc_oob_left"), "status")), "FAIL");
	CHECK_STR(jstr(jget(by_path(v, "kunit.kasan.kasan_bitops_tags"), "status")), "SKIP");
	CHECK_STR(jstr(jget(by_path(v, "kselftest.kselftest_vmalloc_oob.global.read_in_bounds"),
			    "status")), "PASS");
	CHECK_STR(jstr(jget(by_path(v, "vmshadow.kselftest_vmalloc_oob"), "status")), "PASS");
	jfree(v);

	/* XFAIL -> PASS, its own status kept in misc */
	CHECK(parse_fixture("real-x86_64-selftest.log"));
	v = kcidb_json(NULL);
	x = by_path(v, "kselftest.broken_stack_guard_break_guard.global.module_LEADING");
	CHECK_STR(jstr(jget(x, "status")), "PASS");
	CHECK_STR(jstr(jget(jget(x, "misc"), "vmshadow_status")), "XFAIL");
	jfree(v);

	/* a known failure of the arch did fail: FAIL, XFAIL in misc */
	CHECK(parse_fixture("real-arm-kunit-kasan.log"));
	v = kcidb_json(NULL);
	x = by_path(v, "kunit.kasan.kasan_memchr");
	CHECK_STR(jstr(jget(x, "status")), "FAIL");
	CHECK_STR(jstr(jget(jget(x, "misc"), "vmshadow_status")), "XFAIL");
	CHECK_STR(jstr(jget(by_path(v, "kunit.kasan.kmalloc_oob_right"), "status")), "PASS");
	jfree(v);

	/* a step begun without result: ERROR; results that never came: MISS */
	CHECK(parse_fixture("x86_64-panic.log"));
	v = kcidb_json(NULL);
	CHECK_STR(jstr(jget(by_path(v, "vmshadow.kselftest_vmap_null"), "status")), "ERROR");
	CHECK_STR(jstr(jget(by_path(v, "kselftest.kselftest_vmap_null._1"), "status")), "MISS");
	CHECK_STR(jstr(jget(by_path(v, "vmshadow._2"), "status")), "MISS");
	CHECK_STR(jstr(jget(by_path(v, "vmshadow.kernel.boot"), "status")), "FAIL");
	CHECK_STR(jstr(jget(by_path(v, "vmshadow.kernel.unexpected_reports"), "status")), "FAIL");
	jfree(v);

	CHECK(parse_fixture("x86_64-smoke-pass.log"));
	v = kcidb_json(NULL);
	CHECK_STR(jstr(jget(by_path(v, "vmshadow.kernel.boot"), "status")), "PASS");
	CHECK_STR(jstr(jget(by_path(v, "vmshadow.kernel.unexpected_reports"), "status")), "PASS");
	jfree(v);
}

/* The unexpected GPF goes to the step it is attributed to. */
static void t_reports_attached(void)
{
	const struct jval *x, *reps;
	const char *ex;
	struct jval *v;

	CHECK(parse_fixture("x86_64-panic.log"));
	v = kcidb_json(NULL);
	x = by_path(v, "vmshadow.kselftest_vmap_null");
	reps = jget(jget(x, "misc"), "reports");
	/* the GPF and the panic it ended in */
	CHECK(reps && reps->type == J_ARR && reps->n == 2);
	if (reps && reps->n) {
		CHECK_STR(jstr(jget(&reps->items[0], "title")),
			  "general protection fault in vmap_pages_range_noflush");
		CHECK_STR(jstr(jget(&reps->items[0], "class")), "gpf");
		CHECK_INT(jnum_or(jget(&reps->items[0], "first_line"), 0), 43);
		CHECK_INT(jnum_or(jget(&reps->items[0], "last_line"), 0), 66);
	}
	ex = jstr(jget(x, "log_excerpt"));
	CHECK(ex && strstr(ex, "general protection fault in vmap_pages_range_noflush (console.log lines 43-66)"));
	jfree(v);

	/* an expected KASAN report in a KUnit case: listed, no excerpt */
	CHECK(parse_fixture("real-x86_64-kasan-vmalloc-smoke.log"));
	v = kcidb_json(NULL);
	x = by_path(v, "kunit.kasan.kmalloc_oob_right");
	reps = jget(jget(x, "misc"), "reports");
	CHECK(reps && reps->n >= 1 && jget(&reps->items[0], "expected")->b);
	CHECK(jget(x, "log_excerpt") == NULL);
	jfree(v);
}

static void t_numbers(void)
{
	const struct jval *t, *x;
	struct jval *v;
	size_t i, done = 0;

	CHECK(parse_fixture("x86_64-perf.log"));
	CHECK(R.ntvm > 0);
	v = kcidb_json(NULL);
	t = tests_of(v);
	for (i = 0; t && i < t->n; i++) {
		const struct jval *num = jget(&t->items[i], "number");

		if (strcmp(jstr(jget(&t->items[i], "status")), "DONE"))
			continue;
		CHECK(num != NULL);
		CHECK_INT(jnum_or(jget(num, "value"), -1), R.tvm[done].avg_usec);
		CHECK_STR(jstr(jget(num, "unit")), "us");
		done++;
	}
	CHECK_INT(done, R.ntvm);
	x = by_path(v, "vmshadow.test_vmalloc_1.fix_size_alloc_test");
	CHECK_INT(jnum_or(jget(jget(x, "number"), "value"), -1), 15195);
	/* each worker's Summary: the same path, ids made unique */
	for (i = 0, done = 0; t && i < t->n; i++)
		done += !strcmp(jstr(jget(&t->items[i], "id")),
				"vmshadow:run:vmshadow.test_vmalloc_N.fix_size_alloc_test#2");
	CHECK_INT(done, 1);
	jfree(v);
}

static void t_escaping(void)
{
	struct kcidb_facts k;
	const struct jval *x;
	struct jval *v;
	const char *id;

	CHECK(parse_fixture("weird-bytes.log"));
	kcidb_facts_init(&k);
	k.run = "r\"u\\n\n\xff";
	k.tree = "se\"ries";
	k.compiler = "gcc \x01\xc3(";
	k.arch = "X86-64";
	k.variant = "kasan";
	k.json = NULL;
	v = kcidb_json(&k);
	x = by_path(v, "vmshadow.we_ird_name");
	CHECK(x != NULL);
	id = jstr(jget(x, "id"));
	/* \xff is written as \u00ff and read back as U+00FF */
	CHECK_STR(id, "vmshadow:r\"u\\n\n\xc3\xbf:vmshadow.we_ird_name");
	CHECK_STR(jstr(jget(&jget(v, "checkouts")->items[0], "tree_name")), "se\"ries");
	CHECK_STR(jstr(jget(&jget(v, "builds")->items[0], "architecture")), "x86_64");
	CHECK_STR(jstr(jget(&jget(v, "builds")->items[0], "compiler")), "gcc \x01\xc3\x83(");
	CHECK(by_path(v, "vmshadow._____smile_____sep") != NULL);
	check_tests(v, R.ntests + 2 + R.ntvm);
	jfree(v);
}

static void t_duplicate_paths(void)
{
	static const char log[] =
		"[    1.000000] KTAP version 1\n[    1.000000] 1..2\n"
		"[    1.000000]     KTAP version 1\n[    1.000000]     # Subtest: s\n"
		"[    1.000000]     1..1\n[    1.000000]     ok 1 c\n[    1.000000] ok 1 s\n"
		"[    1.000000]     KTAP version 1\n[    1.000000]     # Subtest: s\n"
		"[    1.000000]     1..1\n[    1.000000]     not ok 1 c\n[    1.000000] not ok 2 s\n";
	const struct jval *t;
	struct jval *v;
	size_t i, n = 0;

	parse_mem(log, sizeof(log) - 1);
	v = kcidb_json(NULL);
	t = tests_of(v);
	for (i = 0; t && i < t->n; i++) {
		if (strcmp(jstr(jget(&t->items[i], "path")), "kunit.s.c"))
			continue;
		CHECK_STR(jstr(jget(&t->items[i], "id")),
			  n ? "vmshadow:run:kunit.s.c#2" : "vmshadow:run:kunit.s.c");
		n++;
	}
	CHECK_INT(n, 2);
	check_tests(v, R.ntests + 2);
	jfree(v);
}

static void t_run_json(void)
{
	char rj[512], out[512], err[256];
	struct kcidb_facts k;
	const struct jval *c, *b;
	struct jval *v;
	FILE *f;

	snprintf(rj, sizeof(rj), "%s/20260101T000000Z-x86_64-kasan-vmalloc-series", tmpdir);
	sh("mkdir -p '%s'", rj);
	strcat(rj, "/run.json");
	f = fopen(rj, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	fputs("{\"arch\": \"x86_64\", \"variant\": \"kasan-vmalloc\", \"tree\": \"series\", "
	      "\"plan\": \"smoke\", \"base_version\": \"6.12.117\", \"tree_commit\": \"0123456789ab\", "
	      "\"tree_commit_hash\": \"0123456789abcdef0123456789abcdef01234567\", "
	      "\"patchset_hash\": \"903638c087335b10293663c682b9aa0076f9f7be478a8e7828bc22e12d301b42\", "
	      "\"compiler\": \"gcc (Debian 12.2.0-14) 12.2.0\", \"config_sha256\": "
	      "\"aabbccddeeff00112233\", \"build_seconds\": 12.5, \"verdict\": \"flaky\"}\n", f);
	fclose(f);
	kcidb_facts_init(&k);
	CHECK(kcidb_facts_read(&k, rj, err, sizeof(err)) == 0);
	k.run = "20260101T000000Z-x86_64-kasan-vmalloc-series";
	CHECK(parse_fixture("x86_64-smoke-pass.log"));
	v = kcidb_json(&k);
	c = &jget(v, "checkouts")->items[0];
	b = &jget(v, "builds")->items[0];
	CHECK_STR(jstr(jget(c, "id")), "vmshadow:series-0123456789abcdef0123456789abcdef01234567");
	CHECK_STR(jstr(jget(c, "git_commit_hash")), "0123456789abcdef0123456789abcdef01234567");
	CHECK_STR(jstr(jget(c, "patchset_hash")),
		  "903638c087335b10293663c682b9aa0076f9f7be478a8e7828bc22e12d301b42");
	CHECK_STR(jstr(jget(b, "id")), "vmshadow:x86_64-kasan-vmalloc-series-0123456789ab-aabbccddeeff");
	CHECK_STR(jstr(jget(b, "checkout_id")), jstr(jget(c, "id")));
	CHECK_STR(jstr(jget(b, "status")), "PASS");
	CHECK_STR(jstr(jget(b, "compiler")), "gcc (Debian 12.2.0-14) 12.2.0");
	CHECK_INT(jnum_or(jget(b, "duration"), 0) * 10, 125);
	CHECK_STR(jstr(jget(jget(by_path(v, "vmshadow.kernel.boot"), "misc"), "run_verdict")), "flaky");
	CHECK_STR(jstr(jget(by_path(v, "kunit.kasan.kmalloc_oob_right"), "id")),
		  "vmshadow:20260101T000000Z-x86_64-kasan-vmalloc-series:kunit.kasan.kmalloc_oob_right");
	jfree(v);
	kcidb_facts_free(&k);

	/* The CLI: the run name is the folder of run.json; kcidb.json is written. */
	snprintf(out, sizeof(out), "%s/kcidb.json", tmpdir);
	CHECK_INT(sh("'%s' parse '%s/x86_64-smoke-pass.log' -o /dev/null --kcidb '%s' --run-json '%s'",
		     binary, fixtures, out, rj), 0);
	CHECK_INT(sh("grep -q '\"vmshadow:20260101T000000Z-x86_64-kasan-vmalloc-series:vmshadow.test_vmalloc\"' '%s'",
		     out), 0);
	/* A broken run.json: exit 2, a message naming it, no output replaced. */
	f = fopen(rj, "w");
	if (f) {
		fputs("{\"arch\": ", f);
		fclose(f);
	}
	CHECK_INT(sh("'%s' parse '%s/x86_64-smoke-pass.log' -o /dev/null --kcidb '%s.2' --run-json '%s' "
		     "2>'%s/err'", binary, fixtures, out, rj, tmpdir), 2);
	CHECK_INT(sh("grep -q 'cannot read the run facts for --kcidb: .*run.json' '%s/err' && "
		     "test ! -e '%s.2'", tmpdir, out), 0);
	CHECK_INT(sh("'%s' parse '%s/x86_64-smoke-pass.log' -o /dev/null --run-json '%s' 2>/dev/null",
		     binary, fixtures, rj), 2);
}

/* Whatever the parser makes of random bytes, the output is valid JSON. */
static void t_random_logs(void)
{
	static const char *const tok[] = {
		"KTAP version 1\n", "    KTAP version 1\n", "1..3\n", "    1..2\n", "ok 1 a\n",
		"not ok 2 b # SKIP x\n", "    ok 1 c/d.e\n", "    # Subtest: kasan\n",
		"vmshadow: runner start plan=smoke\n", "vmshadow: # 1 test_vmalloc expect=ALLOC\n",
		"ok 1 test_vmalloc\n", "Summary: fix_size_alloc_test passed: 1 failed: 0 repeat: 1 loops: 1000 avg: 5 usec\n",
		"BUG: KASAN: slab-out-of-bounds in f+0x1/0x2\n", "Kernel panic - not syncing: x\n",
		"==================================================================\n",
		"\xff\xfe\x01\"\\", "vmshadow: runner end\n", "[    1.000000] ", "#", ".", "/",
	};
	unsigned seed = 12345;
	int it;

	for (it = 0; it < 300; it++) {
		char buf[4096];
		size_t len = 0;
		struct jval *v;

		while (len < sizeof(buf) - 200) {
			seed = seed * 1103515245u + 12345u;
			if ((seed >> 16) % 8 == 0) {
				buf[len++] = (char)(seed >> 8);
			} else {
				const char *s = tok[(seed >> 16) % ARRAY_SIZE(tok)];
				size_t n = strlen(s);

				memcpy(buf + len, s, n);
				len += n;
			}
		}
		parse_mem(buf, len);
		v = kcidb_json(NULL);
		if (v)
			check_tests(v, R.ntests + 2 + R.ntvm);
		jfree(v);
		if (cur_failed) {
			printf("# random log %d failed\n", it);
			return;
		}
	}
}

int main(int argc, char **argv)
{
	if (harness_start(argc, argv, "tests/fixtures", "vmshadow-kcidb-test"))
		return 2;
	run("kcidb: every fixture: valid, unique ids, schema paths and statuses", t_every_fixture);
	run("kcidb: statuses mapped (XFAIL -> PASS, missing -> MISS)", t_statuses);
	run("kcidb: reports attached to their test", t_reports_attached);
	run("kcidb: test_vmalloc figures are DONE numbers in us", t_numbers);
	run("kcidb: odd bytes escaped, paths sanitized", t_escaping);
	run("kcidb: a path seen twice gets a unique id", t_duplicate_paths);
	run("kcidb: run.json facts, the CLI, a broken run.json", t_run_json);
	run("kcidb: random logs", t_random_logs);
	results_free(&R);
	return harness_end();
}
