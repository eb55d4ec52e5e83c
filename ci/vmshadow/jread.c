// SPDX-License-Identifier: GPL-2.0
#include "jread.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "util.h"

struct jr {
	const char *p, *s, *e;
	char *err;
	size_t errlen;
	bool failed;
};

static void jr_fail(struct jr *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void jr_fail(struct jr *r, const char *fmt, ...)
{
	char msg[200];
	const char *q;
	long line = 1;
	va_list ap;

	if (r->failed)
		return;
	r->failed = true;
	for (q = r->s; q < r->p && q < r->e; q++)
		line += *q == '\n';
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (r->errlen)
		snprintf(r->err, r->errlen, "line %ld: %s", line, msg);
}

static void ws(struct jr *r)
{
	while (r->p < r->e && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

static bool lit(struct jr *r, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(r->e - r->p) < n || memcmp(r->p, w, n))
		return false;
	r->p += n;
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool hex4(struct jr *r, unsigned *out)
{
	unsigned v = 0;
	int i, h;

	if (r->e - r->p < 4)
		return false;
	for (i = 0; i < 4; i++) {
		h = hexval(r->p[i]);
		if (h < 0)
			return false;
		v = v * 16 + (unsigned)h;
	}
	r->p += 4;
	*out = v;
	return true;
}

static void put_utf8(struct strbuf *b, unsigned cp)
{
	char u[4];
	size_t n;

	if (cp == 0 || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		cp = 0xfffd;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	sb_addn(b, u, n);
}

/* At the opening quote; returns a malloc'ed string or NULL. */
static char *string(struct jr *r)
{
	struct strbuf b;

	sb_init(&b, (size_t)-1 / 2);
	r->p++;
	while (r->p < r->e && *r->p != '"') {
		unsigned char c = (unsigned char)*r->p;
		unsigned cp, lo;
		int n;

		if (c < 0x20) {
			jr_fail(r, "control character in a string");
			goto bad;
		}
		if (c != '\\') {
			/* Copy a valid UTF-8 sequence; an invalid byte is U+FFFD. */
			char tmp[5] = { 0 };
			size_t k, avail = (size_t)(r->e - r->p);

			for (k = 0; k < 4 && k < avail; k++)
				tmp[k] = r->p[k];
			n = utf8_seq((const unsigned char *)tmp);
			if (n == 0) {
				put_utf8(&b, 0xfffd);
				r->p++;
			} else {
				sb_addn(&b, r->p, (size_t)n);
				r->p += n;
			}
			continue;
		}
		r->p++;
		if (r->p >= r->e)
			break;
		switch (*r->p++) {
		case '"': sb_addn(&b, "\"", 1); break;
		case '\\': sb_addn(&b, "\\", 1); break;
		case '/': sb_addn(&b, "/", 1); break;
		case 'b': sb_addn(&b, "\b", 1); break;
		case 'f': sb_addn(&b, "\f", 1); break;
		case 'n': sb_addn(&b, "\n", 1); break;
		case 'r': sb_addn(&b, "\r", 1); break;
		case 't': sb_addn(&b, "\t", 1); break;
		case 'u':
			if (!hex4(r, &cp)) {
				jr_fail(r, "bad \\u escape");
				goto bad;
			}
			if (cp >= 0xd800 && cp <= 0xdbff && r->e - r->p >= 6 &&
			    r->p[0] == '\\' && r->p[1] == 'u') {
				const char *save = r->p;

				r->p += 2;
				if (hex4(r, &lo) && lo >= 0xdc00 && lo <= 0xdfff)
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				else
					r->p = save;
			}
			put_utf8(&b, cp);
			break;
		default:
			jr_fail(r, "bad escape in a string");
			goto bad;
		}
	}
	if (r->p >= r->e) {
		jr_fail(r, "unterminated string");
		goto bad;
	}
	r->p++;
	return sb_take(&b);
bad:
	sb_free(&b);
	return NULL;
}

static bool number(struct jr *r, double *out)
{
	const char *q = r->p;
	char buf[64];
	size_t n;

	if (q < r->e && *q == '-')
		q++;
	if (q >= r->e || *q < '0' || *q > '9')
		return false;
	if (*q == '0')
		q++;
	else
		while (q < r->e && *q >= '0' && *q <= '9')
			q++;
	if (q < r->e && *q == '.') {
		q++;
		if (q >= r->e || *q < '0' || *q > '9')
			return false;
		while (q < r->e && *q >= '0' && *q <= '9')
			q++;
	}
	if (q < r->e && (*q == 'e' || *q == 'E')) {
		q++;
		if (q < r->e && (*q == '+' || *q == '-'))
			q++;
		if (q >= r->e || *q < '0' || *q > '9')
			return false;
		while (q < r->e && *q >= '0' && *q <= '9')
			q++;
	}
	n = (size_t)(q - r->p);
	if (n >= sizeof(buf))
		return false;
	memcpy(buf, r->p, n);
	buf[n] = '\0';
	errno = 0;
	*out = strtod(buf, NULL);
	if (!isfinite(*out))
		return false;
	r->p = q;
	return true;
}

static void value(struct jr *r, struct jval *v, int depth);

static void push(struct jval *v, size_t *alloc, char *key)
{
	if (v->n == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 8;
		v->items = xrealloc(v->items, *alloc * sizeof(*v->items));
		if (v->type == J_OBJ)
			v->keys = xrealloc(v->keys, *alloc * sizeof(*v->keys));
	}
	memset(&v->items[v->n], 0, sizeof(v->items[v->n]));
	if (v->type == J_OBJ)
		v->keys[v->n] = key;
	v->n++;
}

static void container(struct jr *r, struct jval *v, int depth, char close)
{
	size_t alloc = 0;

	r->p++;
	ws(r);
	if (r->p < r->e && *r->p == close) {
		r->p++;
		return;
	}
	for (;;) {
		char *key = NULL;

		ws(r);
		if (v->type == J_OBJ) {
			if (r->p >= r->e || *r->p != '"') {
				jr_fail(r, "expected a key");
				return;
			}
			key = string(r);
			if (!key)
				return;
			ws(r);
			if (r->p >= r->e || *r->p != ':') {
				free(key);
				jr_fail(r, "expected ':'");
				return;
			}
			r->p++;
		}
		push(v, &alloc, key);
		value(r, &v->items[v->n - 1], depth + 1);
		if (r->failed)
			return;
		ws(r);
		if (r->p < r->e && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->e && *r->p == close) {
			r->p++;
			return;
		}
		jr_fail(r, "expected ',' or '%c'", close);
		return;
	}
}

static void value(struct jr *r, struct jval *v, int depth)
{
	memset(v, 0, sizeof(*v));
	if (depth > JREAD_DEPTH) {
		jr_fail(r, "nested deeper than %d", JREAD_DEPTH);
		return;
	}
	ws(r);
	if (r->p >= r->e) {
		jr_fail(r, "unexpected end of input");
		return;
	}
	switch (*r->p) {
	case '{':
		v->type = J_OBJ;
		container(r, v, depth, '}');
		return;
	case '[':
		v->type = J_ARR;
		container(r, v, depth, ']');
		return;
	case '"':
		v->type = J_STR;
		v->str = string(r);
		return;
	}
	if (lit(r, "null")) {
		v->type = J_NULL;
		return;
	}
	if (lit(r, "true")) {
		v->type = J_BOOL;
		v->b = true;
		return;
	}
	if (lit(r, "false")) {
		v->type = J_BOOL;
		return;
	}
	v->type = J_NUM;
	if (!number(r, &v->num))
		jr_fail(r, "unexpected character '%c'", *r->p >= 0x20 && *r->p < 0x7f ? *r->p : '?');
}

static void jfree_inner(struct jval *v)
{
	size_t i;

	if (v->type == J_STR)
		free(v->str);
	if (v->type == J_ARR || v->type == J_OBJ) {
		for (i = 0; i < v->n; i++) {
			jfree_inner(&v->items[i]);
			if (v->type == J_OBJ)
				free(v->keys[i]);
		}
		free(v->items);
		free(v->keys);
	}
}

void jfree(struct jval *v)
{
	if (!v)
		return;
	jfree_inner(v);
	free(v);
}

struct jval *jread(const char *text, size_t len, char *err, size_t errlen)
{
	struct jr r = { text, text, text + len, err, errlen, false };
	struct jval *v = xmalloc(sizeof(*v));

	if (errlen)
		err[0] = '\0';
	value(&r, v, 0);
	if (!r.failed) {
		ws(&r);
		if (r.p != r.e)
			jr_fail(&r, "text after the value");
	}
	if (r.failed) {
		jfree(v);
		return NULL;
	}
	return v;
}

struct jval *jread_file(const char *path, char *err, size_t errlen)
{
	struct strbuf b;
	char buf[65536], msg[200];
	struct jval *v;
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	sb_init(&b, (size_t)256 << 20);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		/* sb_addn stops at NUL: a NUL byte is not JSON anyway. */
		if (memchr(buf, '\0', n)) {
			fclose(f);
			sb_free(&b);
			snprintf(err, errlen, "%s: NUL byte", path);
			return NULL;
		}
		sb_addn(&b, buf, n);
	}
	if (ferror(f)) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		fclose(f);
		sb_free(&b);
		return NULL;
	}
	fclose(f);
	v = jread(b.s ? b.s : "", b.len, msg, sizeof(msg));
	if (!v)
		snprintf(err, errlen, "%s: %s", path, msg);
	sb_free(&b);
	return v;
}

const struct jval *jget(const struct jval *v, const char *key)
{
	size_t i;

	if (!v || v->type != J_OBJ)
		return NULL;
	for (i = 0; i < v->n; i++)
		if (!strcmp(v->keys[i], key))
			return &v->items[i];
	return NULL;
}

const char *jstr(const struct jval *v)
{
	return v && v->type == J_STR ? v->str : NULL;
}

bool jnum(const struct jval *v, double *out)
{
	if (!v || v->type != J_NUM)
		return false;
	*out = v->num;
	return true;
}

double jnum_or(const struct jval *v, double def)
{
	double d;

	return jnum(v, &d) ? d : def;
}
