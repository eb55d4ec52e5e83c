// SPDX-License-Identifier: GPL-2.0
#include "log.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>

/* The buffers need no clearing: only what fill() and log_next() wrote is read. */
static void reset(struct log_reader *r)
{
	r->fp = NULL;
	r->mem = NULL;
	r->memlen = r->mempos = r->bpos = r->blen = 0;
	r->eof = r->error = false;
	r->lineno = 0;
}

void log_open_file(struct log_reader *r, FILE *fp)
{
	reset(r);
	r->fp = fp;
}

void log_open_mem(struct log_reader *r, const void *data, size_t len)
{
	reset(r);
	r->mem = data;
	r->memlen = len;
}

/* Refill the chunk buffer. Returns false at end of input or on error. */
static bool fill(struct log_reader *r)
{
	size_t n;

	if (r->eof)
		return false;
	if (r->fp) {
		n = fread(r->buf, 1, sizeof(r->buf), r->fp);
		if (n == 0) {
			if (ferror(r->fp)) {
				r->error = true;
				if (!errno)
					errno = EIO;
			}
			r->eof = true;
			return false;
		}
	} else {
		n = r->memlen - r->mempos;
		if (n > sizeof(r->buf))
			n = sizeof(r->buf);
		if (n == 0) {
			r->eof = true;
			return false;
		}
		memcpy(r->buf, r->mem + r->mempos, n);
		r->mempos += n;
	}
	r->bpos = 0;
	r->blen = n;
	return true;
}

int log_next(struct log_reader *r, struct log_line *out)
{
	unsigned char *raw = r->raw;
	size_t n = 0;
	bool any = false, nl = false, overlong = false;

	for (;;) {
		unsigned char *p, *nlp;
		size_t avail, take;

		if (r->bpos == r->blen && !fill(r))
			break;
		any = true;
		p = r->buf + r->bpos;
		avail = r->blen - r->bpos;
		nlp = memchr(p, '\n', avail);
		take = nlp ? (size_t)(nlp - p) : avail;
		if (n < LOG_RAW_MAX) {
			size_t keep = take < LOG_RAW_MAX - n ? take : LOG_RAW_MAX - n;

			memcpy(raw + n, p, keep);
			n += keep;
			if (keep < take)
				overlong = true;
		} else if (take) {
			overlong = true;
		}
		r->bpos += take + (nlp ? 1 : 0);
		if (nlp) {
			nl = true;
			break;
		}
	}
	if (r->error)
		return -1;
	if (!any)
		return 0;
	log_clean(raw, n, out);
	out->lineno = ++r->lineno;
	out->overlong = overlong;
	out->newline = nl;
	return 1;
}

/*
 * Length of the ANSI escape sequence at s[0] == ESC (at most n bytes):
 * CSI "ESC [ params intermediates final", OSC "ESC ] ... BEL|ESC \",
 * nF "ESC intermediates final" (e.g. "ESC ( B"), otherwise ESC plus one
 * byte.
 */
static size_t ansi_len(const unsigned char *s, size_t n)
{
	size_t i;

	if (n < 2)
		return n;
	if (s[1] == '[') {
		for (i = 2; i < n; i++) {
			if (s[i] >= 0x40 && s[i] <= 0x7e)
				return i + 1;	/* final byte */
			if (s[i] < 0x20 || s[i] > 0x3f)
				return i;	/* malformed: drop what we saw */
		}
		return n;
	}
	if (s[1] == ']') {
		for (i = 2; i < n; i++) {
			if (s[i] == 0x07)
				return i + 1;
			if (s[i] == 0x1b && i + 1 < n && s[i + 1] == '\\')
				return i + 2;
		}
		return n;
	}
	if (s[1] >= 0x20 && s[1] <= 0x2f) {
		for (i = 2; i < n && s[i] >= 0x20 && s[i] <= 0x2f; i++)
			;
		return i < n ? i + 1 : n;
	}
	return 2;
}

/*
 * "[" spaces digits ["." digits] "]" at s: returns its length, with the
 * value in *ts when ts is not NULL; 0 when s does not start with one.
 */
static size_t bracket_ts(const char *s, double *ts)
{
	size_t i = 1;
	double v = 0, scale = 1;
	int digits = 0;

	if (s[0] != '[')
		return 0;
	while (s[i] == ' ')
		i++;
	for (; isdigit((unsigned char)s[i]) && digits < 12; i++, digits++)
		v = v * 10 + (s[i] - '0');
	if (!digits)
		return 0;
	if (s[i] == '.') {
		int frac = 0;

		for (i++; isdigit((unsigned char)s[i]) && frac < 9; i++, frac++) {
			scale /= 10;
			v += (s[i] - '0') * scale;
		}
		if (!frac)
			return 0;
	}
	if (s[i] != ']')
		return 0;
	if (ts)
		*ts = v;
	return i + 1;
}

/* "<6>": the syslog level of "dmesg -r" and /proc/kmsg output. */
static size_t level_prefix(const char *s)
{
	size_t i = 1;

	if (s[0] != '<')
		return 0;
	while (isdigit((unsigned char)s[i]) && i < 4)
		i++;
	return i > 1 && s[i] == '>' && s[i + 1] == '[' ? i + 1 : 0;
}

/*
 * A kernel line after other text on the same console line: user space
 * output without a newline ("login: [   16.3] INFO: ..."), or
 * "** 12 printk messages dropped ** [   60.1] ...". Where its timestamp
 * ("[" seconds "." fraction "] ") starts, or 0.
 */
static size_t late_ts(const char *s)
{
	const char *p;
	size_t n;

	for (p = s; (p = strchr(p, '[')); p++)
		if (p > s && (n = bracket_ts(p, NULL)) && p[n] == ' ' && memchr(p, '.', n))
			return (size_t)(p - s);
	return 0;
}

/* "[" spaces ("T"|"C") digits "]": the CONFIG_PRINTK_CALLER id. */
static size_t bracket_caller(const char *s)
{
	size_t i = 1;
	int digits = 0;

	if (s[0] != '[')
		return 0;
	while (s[i] == ' ')
		i++;
	if (s[i] != 'T' && s[i] != 'C')
		return 0;
	for (i++; isdigit((unsigned char)s[i]) && digits < 12; i++)
		digits++;
	if (!digits || s[i] != ']')
		return 0;
	return i + 1;
}

void log_clean(const unsigned char *raw, size_t n, struct log_line *out)
{
	char *t = out->text;
	size_t i = 0, len = 0, skip;
	double ts = 0;

	while (i < n && len < LOG_TEXT_MAX) {
		unsigned char c = raw[i];

		if (c == 0x1b) {
			i += ansi_len(raw + i, n - i);
			continue;
		}
		i++;
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			continue;	/* NUL, '\r', other control bytes */
		t[len++] = (char)c;
	}
	t[len] = '\0';

	out->has_ts = false;
	out->ts = 0;
	skip = level_prefix(t);
	if (!bracket_ts(t + skip, NULL))
		skip = late_ts(t);
	skip += bracket_ts(t + skip, &ts);
	if (skip) {
		out->has_ts = true;
		out->ts = ts;
	}
	{
		size_t c = bracket_caller(t + skip);

		skip += c;
		if (skip && t[skip] == ' ')
			skip++;
	}
	if (skip) {
		memmove(t, t + skip, len - skip + 1);
		len -= skip;
	}
	out->len = len;
}
