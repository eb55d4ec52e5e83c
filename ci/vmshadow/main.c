// SPDX-License-Identifier: GPL-2.0
/*
 * vmshadow: the results tool. Parses a QEMU console log (the contract is
 * docs/console-grammar.md) into results.json, junit.xml and summary.txt.
 *
 *   vmshadow parse LOG [-o results.json] [--junit junit.xml]
 *                      [--summary summary.txt] [--exit-status] [--any-log]
 *                      [--counts] [--kcidb kcidb.json [--run-json run.json]
 *                      [--run-name NAME]]
 *   vmshadow perf ...     (perf.c: the seed's table from perf runs)
 *   vmshadow report ...   (report.c: the perf history, HTML and Markdown)
 *   vmshadow matrix DIR   (matrix.c: a make matrix folder's summary)
 *   vmshadow compare A B  (compare.c: failures of A that B does not have)
 *   vmshadow version
 *
 * Exit status: 0 (with --exit-status: verdict pass), 1 (--exit-status:
 * verdict is not pass), 2 (usage or I/O error), 3 (--exit-status: not
 * pass, and the log cannot tell: results_untestable()).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "fileio.h"
#include "json.h"
#include "junit.h"
#include "kcidb.h"
#include "log.h"
#include "matrix.h"
#include "parse.h"
#include "perf.h"
#include "report.h"
#include "results.h"
#include "summary.h"
#include "util.h"

#define VMSHADOW_VERSION "1.0"

static const char usage_text[] =
	"usage: vmshadow parse LOG [-o results.json] [--junit junit.xml]\n"
	"                          [--summary summary.txt] [--exit-status] [--any-log]\n"
	"                          [--counts] [--kcidb kcidb.json [--run-json run.json]\n"
	"                          [--run-name NAME]]\n"
	"       vmshadow perf [-o perf.json] [--md perf.md] [--history FILE] RUN...\n"
	"       vmshadow report HISTORY... [--html F] [--md F] [--doc F] [--history-out F]\n"
	"       vmshadow matrix DIR\n"
	"       vmshadow compare FIRST SECOND\n"
	"       vmshadow version\n"
	"\n"
	"parse: read a console log, write results.json (stdout without -o),\n"
	"       and optionally JUnit XML and a text summary. --exit-status:\n"
	"       exit 0 when the verdict is pass, 1 otherwise, 3 when the\n"
	"       kernel never reached init and printed no report and no failed\n"
	"       test (git bisect: skip). Exit 2: usage or I/O error. --any-log: a console log from any runner (no\n"
	"       vmshadow end marker): the verdict comes from KTAP results and\n"
	"       kernel reports alone. --counts: print only the line 'pass N\n"
	"       fail N skip N error N' (' xfail N' when there are any) instead\n"
	"       of the JSON. --kcidb: also write the run in the KCIDB I/O schema\n"
	"       v5.3, with the run's facts (arch, tree, commits) from --run-json;\n"
	"       test ids hold --run-name (default: the folder of run.json, else\n"
	"       of LOG).\n";

typedef void (*writer_fn)(FILE *f, const struct results *r);

struct results_writer {
	writer_fn fn;
	const struct results *r;
};

static void write_results(FILE *f, const void *arg)
{
	const struct results_writer *w = arg;

	w->fn(f, w->r);
}

/*
 * Write path atomically with fn (see write_file_atomic()). Parent folders
 * are not created: a path in a folder that does not exist is an error.
 */
static int write_atomic(const char *path, writer_fn fn, const struct results *r)
{
	struct results_writer w = { fn, r };

	return write_file_atomic(path, write_results, &w, 0);
}

struct kcidb_writer {
	const struct results *r;
	const struct kcidb_facts *k;
};

static void write_kcidb(FILE *f, const void *arg)
{
	const struct kcidb_writer *w = arg;

	kcidb_write(f, w->r, w->k);
}

/* The name of the folder holding path ("." for a bare file name). */
static char *folder_name(const char *path)
{
	const char *end = path + strlen(path), *start;

	while (end > path && end[-1] == '/')
		end--;
	while (end > path && end[-1] != '/')	/* the file name */
		end--;
	while (end > path && end[-1] == '/')
		end--;
	start = end;
	while (start > path && start[-1] != '/')
		start--;
	return end > start ? xstrndup(start, (size_t)(end - start)) : xstrndup(".", 1);
}

/* kcidb.json with the facts of run.json (when given); 0 or 2. */
static int write_kcidb_file(const char *path, const char *run_json, const char *run_name,
			    const char *log, const struct results *r)
{
	struct kcidb_facts k;
	struct kcidb_writer w = { r, &k };
	char err[512], *name;
	int ret = 0;

	kcidb_facts_init(&k);
	if (run_json && kcidb_facts_read(&k, run_json, err, sizeof(err))) {
		fprintf(stderr, "vmshadow: cannot read the run facts for --kcidb: %s\n", err);
		return 2;
	}
	name = run_name ? xstrndup(run_name, strlen(run_name))
			: folder_name(run_json ? run_json : log);
	k.run = name;
	if (write_file_atomic(path, write_kcidb, &w, 0))
		ret = 2;
	free(name);
	kcidb_facts_free(&k);
	return ret;
}

static void missing_file_name(const char *name)
{
	usage_fail(usage_text, "option %s needs a file name", name);
}

/* "--opt VALUE" or "--opt=VALUE": the value, advancing *i; NULL if no match. */
static const char *optval(int argc, char **argv, int *i, const char *name)
{
	return opt_value(argc, argv, i, name, missing_file_name);
}

static int cmd_parse(int argc, char **argv)
{
	const char *log = NULL, *out = "-", *junit = NULL, *summary = NULL, *v;
	const char *kcidb = NULL, *run_json = NULL, *run_name = NULL;
	bool exit_status = false, any_log = false, counts = false;
	struct log_reader *lr;
	struct results r;
	FILE *fp;
	int i, rc, ret;

	for (i = 2; i < argc; i++) {
		const char *a = argv[i];

		if ((v = optval(argc, argv, &i, "-o")) ||
		    (v = optval(argc, argv, &i, "--output")))
			out = v;
		else if ((v = optval(argc, argv, &i, "--junit")))
			junit = v;
		else if ((v = optval(argc, argv, &i, "--summary")))
			summary = v;
		else if ((v = optval(argc, argv, &i, "--kcidb")))
			kcidb = v;
		else if ((v = optval(argc, argv, &i, "--run-json")))
			run_json = v;
		else if ((v = optval(argc, argv, &i, "--run-name")))
			run_name = v;
		else if (!strcmp(a, "--exit-status"))
			exit_status = true;
		else if (!strcmp(a, "--any-log"))
			any_log = true;
		else if (!strcmp(a, "--counts"))
			counts = true;
		else if (a[0] == '-' && a[1])
			usage_fail(usage_text, "unknown option '%s'", a);
		else if (log)
			usage_fail(usage_text, "more than one LOG given ('%s')", a);
		else
			log = a;
	}
	if (!log)
		usage_fail(usage_text, "parse needs a LOG file");
	if (!*out || (junit && !*junit) || (summary && !*summary) || (kcidb && !*kcidb))
		usage_fail(usage_text, "empty output file name");
	if ((run_json || run_name) && !kcidb)
		usage_fail(usage_text, "--run-json and --run-name need --kcidb");
	if (run_name && !*run_name)
		usage_fail(usage_text, "empty --run-name");

	fp = fopen(log, "rb");
	if (!fp) {
		fprintf(stderr, "vmshadow: cannot open %s: %s\n", log, strerror(errno));
		return 2;
	}
	lr = xmalloc(sizeof(*lr));
	log_open_file(lr, fp);
	results_init(&r, log);
	r.boot.any_log = any_log;
	errno = 0;
	rc = parse_log(&r, lr);
	if (rc < 0) {
		fprintf(stderr, "vmshadow: cannot read %s: %s\n", log, strerror(errno));
		fclose(fp);
		free(lr);
		results_free(&r);
		return 2;
	}
	fclose(fp);
	free(lr);

	ret = 0;
	if (counts) {
		const long *n = r.counts.n;

		printf("pass %ld fail %ld skip %ld error %ld", n[T_PASS],
		       n[T_FAIL], n[T_SKIP], n[T_ERROR]);
		if (n[T_XFAIL])
			printf(" xfail %ld", n[T_XFAIL]);
		putchar('\n');
		if (fflush(stdout))
			ret = 2;
	} else if (write_atomic(out, json_write, &r)) {
		ret = 2;
	}
	if (ret ||
	    (junit && write_atomic(junit, junit_write, &r)) ||
	    (summary && write_atomic(summary, summary_write, &r)) ||
	    (kcidb && write_kcidb_file(kcidb, run_json, run_name, log, &r)))
		ret = 2;
	else if (exit_status && r.verdict != V_PASS)
		ret = results_untestable(&r) ? 3 : 1;
	results_free(&r);
	return ret;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage_fail(usage_text, "no command given");
	if (!strcmp(argv[1], "parse"))
		return cmd_parse(argc, argv);
	if (!strcmp(argv[1], "perf"))
		return cmd_perf(argc, argv);
	if (!strcmp(argv[1], "report"))
		return cmd_report(argc, argv);
	if (!strcmp(argv[1], "matrix"))
		return cmd_matrix(argc, argv);
	if (!strcmp(argv[1], "compare"))
		return cmd_compare(argc, argv);
	if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
		if (argc != 2)
			usage_fail(usage_text, "version takes no arguments");
		printf("vmshadow %s (results schema 1)\n", VMSHADOW_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "--help")) {
		fputs(usage_text, stdout);
		return 0;
	}
	usage_fail(usage_text, "unknown command '%s'", argv[1]);
	return 2;
}
