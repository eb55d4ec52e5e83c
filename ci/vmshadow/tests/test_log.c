// SPDX-License-Identifier: GPL-2.0
/*
 * vmshadow unit tests: the console-log reader (log.c) and the JSON and XML
 * string escaping (json.c, junit.c). On the TAP harness of
 * tests/harness.h; parse helpers in tests/parse_helpers.h.
 *
 *   vmshadow-log-test FIXTURES_DIR VMSHADOW_BINARY
 */
#include "tests/parse_helpers.h"

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

int main(int argc, char **argv)
{
	if (harness_start(argc, argv, "tests/fixtures", "vmshadow-log-test"))
		return 2;

	run("log: timestamp and caller id prefixes", t_log_prefixes);
	run("log: CR, ANSI escapes, NUL and control bytes", t_log_cleanup);
	run("log: empty input, cut last line, overlong line", t_log_reader);
	run("json: string escaping of weird bytes", t_json_escape);
	run("junit: XML escaping of weird bytes", t_xml_escape);

	results_free(&R);
	return harness_end();
}
