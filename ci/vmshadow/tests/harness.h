/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tiny TAP harness of the vmshadow unit tests (tests/test_*.c, one
 * program per module): "ok N - name" per test, diagnostics as "# ...",
 * and exactly one last line "N passed, N failed". Header-only (static), one
 * test program per includer.
 *
 *   int main(int argc, char **argv)
 *   {
 *           if (harness_start(argc, argv, "tests/fixtures", "vmshadow-x-test"))
 *                   return 2;
 *           run("name", t_fn);
 *           return harness_end();
 *   }
 *
 * argv[1] (fixtures) and argv[2] (binary, the CLI under test) override
 * the defaults; tmpdir is a fresh folder, removed by harness_end().
 */
#ifndef VMSHADOW_TESTS_HARNESS_H
#define VMSHADOW_TESTS_HARNESS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static int n_pass, n_fail, n_test, cur_failed;
/* Set by a test that could not check everything: "ok N - name # SKIP why". */
static const char *skip_reason;
static const char *fixtures, *binary = "../../out/bin/vmshadow";
static char tmpdir[256];

#define CHECK(c) check((c), __FILE__, __LINE__, "%s", #c)
#define CHECK_INT(a, b) do {						\
	long long a_ = (long long)(a), b_ = (long long)(b);		\
	check(a_ == b_, __FILE__, __LINE__, "%s == %s (%lld != %lld)",	\
	      #a, #b, a_, b_);						\
} while (0)
#define CHECK_STR(a, b) do {						\
	const char *a_ = (a), *b_ = (b);				\
	check(a_ && b_ ? !strcmp(a_, b_) : a_ == b_, __FILE__, __LINE__,	\
	      "%s == %s (\"%s\" != \"%s\")", #a, #b,			\
	      a_ ? a_ : "(null)", b_ ? b_ : "(null)");			\
} while (0)

static void check(int ok, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void check(int ok, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (ok)
		return;
	cur_failed++;
	printf("# %s:%d: CHECK failed: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static void run(const char *name, void (*fn)(void))
{
	cur_failed = 0;
	skip_reason = NULL;
	fn();
	n_test++;
	if (cur_failed) {
		n_fail++;
		printf("not ok %d - %s\n", n_test, name);
	} else {
		n_pass++;
		if (skip_reason)
			printf("ok %d - %s # SKIP %s\n", n_test, name, skip_reason);
		else
			printf("ok %d - %s\n", n_test, name);
	}
	fflush(stdout);
}

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Run a shell command; its exit status (or -1). */
static int sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	if (st == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/* A whole file, NUL-terminated (*len: its size), or NULL. */
static __attribute__((unused)) char *harness_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1))) {
		*len = fread(buf, 1, (size_t)n, f);
		buf[*len] = '\0';
	}
	fclose(f);
	return buf;
}

/* An external checker (python3, jq, xmllint) is installed. */
static __attribute__((unused)) bool have(const char *tool)
{
	return sh("command -v %s >/dev/null 2>&1", tool) == 0;
}

/* The arguments, and a fresh tmpdir named after prog. 0, or -1 (printed). */
static int harness_start(int argc, char **argv, const char *def_fixtures,
			 const char *prog)
{
	fixtures = argc > 1 ? argv[1] : def_fixtures;
	if (argc > 2)
		binary = argv[2];
	snprintf(tmpdir, sizeof(tmpdir), "%s/%s.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", prog);
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return -1;
	}
	return 0;
}

/* Remove tmpdir, print the last line; the exit status of the program. */
static int harness_end(void)
{
	sh("rm -rf '%s'", tmpdir);
	printf("%d passed, %d failed\n", n_pass, n_fail);
	return n_fail ? 1 : 0;
}

#endif
