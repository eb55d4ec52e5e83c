/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the parser test programs share: one struct results R, inline logs and
 * fixture logs parsed into it, lookups, and the check that every output of
 * a parse (JSON, JUnit, summary) is valid. Header-only (static, unused
 * allowed), like harness.h: each test program includes it once.
 */
#ifndef VMSHADOW_TESTS_PARSE_HELPERS_H
#define VMSHADOW_TESTS_PARSE_HELPERS_H

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

static __attribute__((unused)) struct results R;

/* Parse an inline log into R (freeing the previous one). */
static __attribute__((unused)) struct results *parse(const char *log)
{
	results_free(&R);
	results_init(&R, "inline.log");
	parse_buffer(&R, log, strlen(log));
	return &R;
}

static __attribute__((unused)) struct results *parse_file(const char *name)
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

static __attribute__((unused)) const struct test *find_test(const struct results *r, const char *suite,
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
static __attribute__((unused)) int status_of(const struct results *r, const char *suite, const char *name)
{
	const struct test *t = find_test(r, suite, name);

	return t ? (int)t->status : -1;
}

static __attribute__((unused)) int count_status(const struct results *r, enum tstatus st)
{
	size_t i;
	int n = 0;

	for (i = 0; i < r->ntests; i++)
		n += r->tests[i].status == st;
	return n;
}

typedef void (*writer_fn)(FILE *f, const struct results *r);

/* A writer's output as a malloc'ed string. */
static __attribute__((unused)) char *render(writer_fn fn, const struct results *r, size_t *len)
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

static __attribute__((unused)) char *json_escaped(const char *s)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	json_put_string(f, s);
	fclose(f);
	return buf;
}

static __attribute__((unused)) char *xml_escaped(const char *s)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	xml_string(f, s);
	fclose(f);
	return buf;
}

/* JSON is checked by our own validator and every external one installed. */
static __attribute__((unused)) void check_json_text(const char *buf, size_t len)
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

static __attribute__((unused)) void check_outputs(const struct results *r, const char *tag)
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

#endif
