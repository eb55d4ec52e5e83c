// SPDX-License-Identifier: GPL-2.0
/*
 * comm: the part of coreutils' comm that the upstream lkdtm selftest
 * (tools/testing/selftests/lkdtm/run.sh: "comm --nocheck-order -13 OLD -")
 * needs. Debian's busybox has no comm applet; this one is packed as
 * /usr/bin/comm. Options: -1 -2 -3 (any combination, e.g. -13),
 * --nocheck-order and --check-order (accepted, no order check is done);
 * FILE may be "-" for standard input. Output columns as coreutils: lines
 * only in FILE1, only in FILE2 (one tab), in both (two tabs).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static FILE *open_arg(const char *name)
{
	FILE *f = strcmp(name, "-") ? fopen(name, "r") : stdin;

	if (!f) {
		perror(name);
		exit(1);
	}
	return f;
}

static char *next(FILE *f, char **buf, size_t *len)
{
	ssize_t n = getline(buf, len, f);

	if (n < 0)
		return NULL;
	if (n && (*buf)[n - 1] == '\n')
		(*buf)[n - 1] = '\0';
	return *buf;
}

int main(int argc, char **argv)
{
	int show[4] = { 0, 1, 1, 1 }, i, nfiles = 0;
	char *files[2], *a = NULL, *b = NULL, *la, *lb;
	size_t na = 0, nb = 0;
	FILE *fa, *fb;

	for (i = 1; i < argc; i++) {
		const char *p = argv[i];

		if (!strcmp(p, "--nocheck-order") || !strcmp(p, "--check-order"))
			continue;
		if (p[0] == '-' && p[1] && p[1] != '-') {
			for (p++; *p; p++) {
				if (*p < '1' || *p > '3') {
					fprintf(stderr, "comm: unknown option -%c\n", *p);
					return 1;
				}
				show[*p - '0'] = 0;
			}
			continue;
		}
		if (nfiles == 2) {
			fprintf(stderr, "comm: extra operand %s\n", p);
			return 1;
		}
		files[nfiles++] = argv[i];
	}
	if (nfiles != 2) {
		fprintf(stderr, "usage: comm [-123] [--nocheck-order] FILE1 FILE2\n");
		return 1;
	}
	fa = open_arg(files[0]);
	fb = open_arg(files[1]);
	la = next(fa, &a, &na);
	lb = next(fb, &b, &nb);
	while (la || lb) {
		int c = !la ? 1 : !lb ? -1 : strcmp(la, lb);

		if (c < 0) {
			if (show[1])
				printf("%s\n", la);
			la = next(fa, &a, &na);
		} else if (c > 0) {
			if (show[2])
				printf("%s%s\n", show[1] ? "\t" : "", lb);
			lb = next(fb, &b, &nb);
		} else {
			if (show[3])
				printf("%s%s%s\n", show[1] ? "\t" : "",
				       show[2] ? "\t" : "", la);
			la = next(fa, &a, &na);
			lb = next(fb, &b, &nb);
		}
	}
	free(a);
	free(b);
	return 0;
}
