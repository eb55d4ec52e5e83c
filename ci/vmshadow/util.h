/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small string helpers shared by every part of vmshadow. All of them are
 * bounded: they never read past a NUL terminator and never write past the
 * capacity they are given.
 */
#ifndef VMSHADOW_UTIL_H
#define VMSHADOW_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* malloc/realloc/strndup that exit(2) with a message when memory runs out. */
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
/* Copy at most n bytes of s (stops at NUL) into a new string. */
char *xstrndup(const char *s, size_t n);
/* xstrndup(s, cap) of a NUL-terminated string; NULL stays NULL. */
char *xstrcap(const char *s, size_t cap);

/* Copy at most n bytes of src (stops at NUL) into dst of size cap. */
void str_copy(char *dst, size_t cap, const char *src, size_t n);

/*
 * s starts with prefix: returns the rest of s, else NULL. Inline and
 * without libc: it runs dozens of times per log line.
 */
static inline const char *after(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (*s != *prefix)
			return NULL;
	return s;
}
/*
 * A usage error of any command: "vmshadow: " and the message on stderr,
 * then the command's usage text; exit 2. Every command's usage errors
 * look alike.
 */
_Noreturn void usage_fail(const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * "--opt VALUE" or "--opt=VALUE" at argv[*i]: the value (advancing *i past
 * a separate VALUE), or NULL when argv[*i] is not the option name. When
 * name is the last argument, calls missing(name), which must not return
 * (a usage error).
 */
const char *opt_value(int argc, char **argv, int *i, const char *name,
		      void (*missing)(const char *name));
/* Same, ASCII case-insensitive. */
const char *after_ci(const char *s, const char *prefix);
/* ASCII case-insensitive strstr. */
const char *find_ci(const char *hay, const char *needle);

/*
 * Parse a decimal number at *p (no sign), saturating at max. Advances *p
 * past the digits. Returns false (and leaves *p) when there is no digit.
 */
bool parse_ulong(const char **p, unsigned long long max, unsigned long long *out);

/* Skip spaces and tabs. */
const char *skip_ws(const char *s);
/* Length of s without trailing spaces and tabs. */
size_t rtrim_len(const char *s, size_t n);

/*
 * A growable string with a hard cap: appends beyond cap are dropped, so a
 * strbuf never holds more than cap bytes (plus NUL).
 */
struct strbuf {
	char *s;
	size_t len, alloc, cap;
};
void sb_init(struct strbuf *b, size_t cap);
void sb_addn(struct strbuf *b, const char *s, size_t n);
void sb_add(struct strbuf *b, const char *s);
void sb_addf(struct strbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Give the string away (never NULL); the strbuf is reset. */
char *sb_take(struct strbuf *b);
void sb_free(struct strbuf *b);

#endif
