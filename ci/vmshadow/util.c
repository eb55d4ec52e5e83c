// SPDX-License-Identifier: GPL-2.0
#include "util.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void usage_fail(const char *usage, const char *fmt, ...)
{
	va_list ap;

	fputs("vmshadow: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n", stderr);
	fputs(usage, stderr);
	exit(2);
}

static void oom(void)
{
	fputs("vmshadow: out of memory\n", stderr);
	exit(2);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	size_t len = 0;
	char *d;

	while (len < n && s[len])
		len++;
	d = xmalloc(len + 1);
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

char *xstrcap(const char *s, size_t cap)
{
	return s ? xstrndup(s, cap) : NULL;
}

void str_copy(char *dst, size_t cap, const char *src, size_t n)
{
	size_t len = 0;

	if (!cap)
		return;
	while (len < n && len + 1 < cap && src[len])
		len++;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

const char *opt_value(int argc, char **argv, int *i, const char *name,
		      void (*missing)(const char *name))
{
	const char *a = argv[*i], *rest = after(a, name);

	if (!rest)
		return NULL;
	if (*rest == '=')
		return rest + 1;
	if (*rest)
		return NULL;
	if (*i + 1 >= argc) {
		missing(name);
		return NULL;
	}
	return argv[++*i];
}

const char *after_ci(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (!*s || tolower((unsigned char)*s) != tolower((unsigned char)*prefix))
			return NULL;
	return s;
}

const char *find_ci(const char *hay, const char *needle)
{
	for (; *hay; hay++)
		if (after_ci(hay, needle))
			return hay;
	return *needle ? NULL : hay;
}

bool parse_ulong(const char **p, unsigned long long max, unsigned long long *out)
{
	const char *s = *p;
	unsigned long long v = 0;

	if (!isdigit((unsigned char)*s))
		return false;
	for (; isdigit((unsigned char)*s); s++) {
		unsigned d = (unsigned)(*s - '0');

		v = (d > max || v > (max - d) / 10) ? max : v * 10 + d;
	}
	*out = v;
	*p = s;
	return true;
}

const char *skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

size_t rtrim_len(const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n;
}

void sb_init(struct strbuf *b, size_t cap)
{
	b->s = NULL;
	b->len = b->alloc = 0;
	b->cap = cap;
}

void sb_addn(struct strbuf *b, const char *s, size_t n)
{
	size_t len = 0;

	while (len < n && s[len])
		len++;
	if (len > b->cap - b->len)
		len = b->cap - b->len;
	if (b->len + len + 1 > b->alloc) {
		size_t a = b->alloc ? b->alloc : 64;

		while (a < b->len + len + 1)
			a *= 2;
		b->s = xrealloc(b->s, a);
		b->alloc = a;
	}
	memcpy(b->s + b->len, s, len);
	b->len += len;
	b->s[b->len] = '\0';
}

void sb_add(struct strbuf *b, const char *s)
{
	sb_addn(b, s, (size_t)-1);
}

void sb_addf(struct strbuf *b, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	sb_add(b, tmp);
}

char *sb_take(struct strbuf *b)
{
	char *s = b->s ? b->s : xstrndup("", 0);

	b->s = NULL;
	b->len = b->alloc = 0;
	return s;
}

void sb_free(struct strbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->alloc = 0;
}
