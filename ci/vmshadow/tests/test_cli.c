// SPDX-License-Identifier: GPL-2.0
/*
 * vmshadow unit tests: the command line: parse (exit codes, stdout, atomic
 * and symlinked outputs, --counts), matrix and compare. On the TAP harness
 * of tests/harness.h; parse helpers in tests/parse_helpers.h.
 *
 *   vmshadow-cli-test FIXTURES_DIR VMSHADOW_BINARY
 */
#include "tests/parse_helpers.h"

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
	/* Unreadable, with a message in our words (jansson's vary by version). */
	CHECK_INT(sh("{ printf '%%.0s[' $(seq 65); printf '%%.0s]' $(seq 65); }"
		     " >'%s/T5-ppc32-kasan-vmalloc-series/results.json'", m), 0);
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
			  "| ppc32 | | | | | | | | incomplete: results.json: nested deeper than 64 |\n"
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

int main(int argc, char **argv)
{
	if (harness_start(argc, argv, "tests/fixtures", "vmshadow-cli-test"))
		return 2;

	run("cli: parse --counts", t_cli_counts);
	run("cli: exit codes, stdout, atomic outputs", t_cli);
	run("cli: symlink and device outputs are not replaced", t_cli_symlink_output);
	run("cli: matrix summary of run folders", t_cli_matrix);
	run("cli: compare two boots (flaky)", t_cli_compare);

	results_free(&R);
	return harness_end();
}
