/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading the console log line by line and cleaning each line up to the
 * printk text (docs/console-grammar.md, "Line prefix").
 */
#ifndef VMSHADOW_LOG_H
#define VMSHADOW_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Raw bytes kept of one line; the rest of an overlong line is dropped. */
#define LOG_RAW_MAX 8192
/* Bytes kept of the cleaned text. */
#define LOG_TEXT_MAX 4096

struct log_reader {
	FILE *fp;			/* file source, or */
	const unsigned char *mem;	/* memory source */
	size_t memlen, mempos;
	unsigned char buf[65536];
	size_t bpos, blen;
	unsigned char raw[LOG_RAW_MAX];	/* the line being read */
	bool eof, error;
	long lineno;			/* number of the last line returned */
};

/* One line, cleaned. */
struct log_line {
	long lineno;			/* 1-based */
	char text[LOG_TEXT_MAX + 1];	/* NUL-free, NUL-terminated */
	size_t len;
	bool has_ts;			/* a [seconds] printk timestamp */
	double ts;
	bool overlong;			/* raw line longer than LOG_RAW_MAX */
	bool newline;			/* ended by '\n' (false: cut last line) */
};

void log_open_file(struct log_reader *r, FILE *fp);
void log_open_mem(struct log_reader *r, const void *data, size_t len);

/*
 * Next line: 1 = got one, 0 = end of input, -1 = read error (errno set).
 */
int log_next(struct log_reader *r, struct log_line *out);

/*
 * Clean raw bytes into out->text: drop NUL, '\r', ANSI escape sequences
 * and other control bytes (TAB kept), then strip the printk timestamp
 * "[    1.234567]" and caller id "[    T1]"/"[  C0]" and the one space that
 * follows them. Exposed for the unit tests.
 */
void log_clean(const unsigned char *raw, size_t n, struct log_line *out);

#endif
