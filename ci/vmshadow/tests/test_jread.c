// SPDX-License-Identifier: GPL-2.0
/*
 * vmshadow unit tests: the JSON reader (jread.c over jansson): values,
 * escapes, what it refuses, the nesting limit, random fragments. On the
 * TAP harness of tests/harness.h.
 *
 *   vmshadow-jread-test FIXTURES_DIR VMSHADOW_BINARY
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jread.h"
#include "util.h"

#include "tests/harness.h"

static void t_jread_values(void)
{
	char err[200];
	const char *doc = "{\"a\": [1, -2.5e3, true, false, null], \"s\": \"x\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\","
			  " \"o\": {\"k\": {}}, \"e\": [], \"u\": \"\\u0000z\", \"raw\": \"\xc3\xa9\","
			  " \"big\": 123456789012345678901234567890}";
	struct jval *v = jread(doc, strlen(doc), err, sizeof(err));
	const struct jval *a;
	double d;

	CHECK(v != NULL);
	if (!v) {
		printf("# %s\n", err);
		return;
	}
	a = jget(v, "a");
	CHECK(a && a->type == J_ARR && a->n == 5);
	CHECK(jnum(&a->items[0], &d) && d == 1);
	CHECK(jnum(&a->items[1], &d) && d == -2500);
	CHECK(a->items[2].type == J_BOOL && a->items[2].b);
	CHECK(a->items[3].type == J_BOOL && !a->items[3].b);
	CHECK(a->items[4].type == J_NULL);
	CHECK_STR(jstr(jget(v, "s")), "x\"\\/\b\f\n\r\t\xc3\xa9\xf0\x9f\x98\x80");
	CHECK_STR(jstr(jget(v, "u")), "\xef\xbf\xbdz");		/* \u0000 -> U+FFFD */
	CHECK(jnum(jget(v, "big"), &d) && d > 1.2e29 && d < 1.3e29);	/* not an overflow */
	CHECK(jget(v, "e") && jget(v, "e")->type == J_ARR && jget(v, "e")->n == 0);
	CHECK(v->n == 7 && !strcmp(v->keys[0], "a") && !strcmp(v->keys[6], "big"));
	CHECK_STR(jstr(jget(v, "raw")), "\xc3\xa9");
	CHECK(jget(jget(v, "o"), "k") && jget(jget(v, "o"), "k")->type == J_OBJ);
	CHECK(jget(v, "missing") == NULL);
	CHECK(jget(a, "x") == NULL);	/* not an object */
	CHECK(jstr(a) == NULL);
	CHECK(!jnum(NULL, &d));
	CHECK(jnum_or(jget(v, "s"), 7) == 7);
	jfree(v);
}

static void t_jread_errors(void)
{
	static const char *const bad[] = {
		"", "   ", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "[1 2]", "\"abc", "\"a\\x\"",
		"\"a\x01\"", "01", "1.", "-", "1e", "tru", "nul", "{} x", "[\"\\u12g4\"]",
		"{1: 2}", "NaN", "1e999",
		"\"\\ud800x\"",		/* lone surrogate */
		"\"\xff\"", "\"\xc3\"",	/* not UTF-8 */
		"{\"a\": 1, \"a\": 2}",	/* duplicate key */
		"{\"\\u0000k\": 1}",		/* NUL in a key */
	};
	char err[200];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct jval *v = jread(bad[i], strlen(bad[i]), err, sizeof(err));

		check(v == NULL && err[0], __FILE__, __LINE__, "rejects '%s'", bad[i]);
		jfree(v);
	}
	/* The message names the line. */
	CHECK(jread("{\n\n  \"a\": ?}", 12, err, sizeof(err)) == NULL);
	CHECK(strstr(err, "line 3,") != NULL);
	/*
	 * A raw NUL anywhere: jansson alone reads "0\0" as 0 and "[1\0]" as
	 * [1] (fuzz_jread's first find).
	 */
	CHECK(jread("0\0", 2, err, sizeof(err)) == NULL);
	CHECK(jread("[1\0]", 4, err, sizeof(err)) == NULL);
	CHECK(jread("{}\n\0", 4, err, sizeof(err)) == NULL);
	CHECK_STR(err, "line 2: NUL byte");
}

/* n arrays nested, with "1" inside when scalar: does jread() take it? */
static bool nested_ok(int n, bool scalar, char *err, size_t errlen)
{
	char *buf = xmalloc((size_t)2 * n + 2);
	size_t len = 0;
	struct jval *v;
	int i;

	for (i = 0; i < n; i++)
		buf[len++] = '[';
	if (scalar)
		buf[len++] = '1';
	for (i = 0; i < n; i++)
		buf[len++] = ']';
	v = jread(buf, len, err, errlen);
	free(buf);
	jfree(v);
	return v != NULL;
}

/*
 * JREAD_DEPTH levels, a scalar counting as one (as tests/jsoncheck.h
 * counts them, so that the fuzz target can compare the two): 64 arrays
 * or 63 around a number are read, one level more is refused in our
 * words, and far deeper text is refused by jansson's own limit.
 */
static void t_jread_depth(void)
{
	char err[200];

	CHECK(nested_ok(JREAD_DEPTH, false, err, sizeof(err)));
	CHECK(nested_ok(JREAD_DEPTH - 1, true, err, sizeof(err)));
	CHECK(!nested_ok(JREAD_DEPTH + 1, false, err, sizeof(err)));
	CHECK_STR(err, "nested deeper than 64");
	CHECK(!nested_ok(JREAD_DEPTH, true, err, sizeof(err)));
	CHECK_STR(err, "nested deeper than 64");
	CHECK(!nested_ok(150, false, err, sizeof(err)));
	CHECK(!nested_ok(5000, false, err, sizeof(err)));
	CHECK(strstr(err, "maximum parsing depth") != NULL);
}

/* Control bytes quoted by an error message come out as '?'. */
static void t_jread_error_bytes(void)
{
	char err[200];
	size_t i;

	CHECK(jread("{\"a\":1}\x1b[2J", 11, err, sizeof(err)) == NULL);
	CHECK(err[0] != '\0');
	for (i = 0; err[i]; i++)
		check((unsigned char)err[i] >= 0x20 && err[i] != 0x7f, __FILE__, __LINE__,
		      "byte %zu of '%s' is printable", i, err);
	CHECK(strchr(err, '?') != NULL);
}

/* Random bytes and cut documents never crash the reader. */
static void t_jread_random(void)
{
	static const char *const frag[] = { "{", "}", "[", "]", ",", ":", "\"", "\\", "1", "-",
					    "e", "null", "true", "\"k\"", " ", "\\u", "\xff", "0.5" };
	unsigned long long x = 0x12345678;
	char buf[256], err[100];
	int i, k;

	for (i = 0; i < 20000; i++) {
		size_t len = 0;
		struct jval *v;

		for (k = 0; k < 30 && len < sizeof(buf) - 8; k++) {
			const char *f;

			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			f = frag[x % ARRAY_SIZE(frag)];
			memcpy(buf + len, f, strlen(f));
			len += strlen(f);
		}
		v = jread(buf, len, err, sizeof(err));
		jfree(v);
	}
	CHECK(1);
}

int main(int argc, char **argv)
{
	if (harness_start(argc, argv, "tests/fixtures", "vmshadow-jread-test"))
		return 2;

	run("jread: values, escapes, NUL, long integers", t_jread_values);
	run("jread: malformed, non-UTF-8 and duplicate-key documents are refused with a line", t_jread_errors);
	run("jread: nesting limit, at the edge and far beyond", t_jread_depth);
	run("jread: control bytes in an error message", t_jread_error_bytes);
	run("jread: random fragments", t_jread_random);

	return harness_end();
}
