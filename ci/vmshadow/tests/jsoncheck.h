/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A strict, independent JSON (RFC 8259) validator for the tests and the
 * fuzz target: one value, valid UTF-8, no raw control characters in
 * strings, only the standard escapes, and a nesting limit. It shares no
 * code with json.c, which it checks. Header-only (static functions).
 */
#ifndef VMSHADOW_JSONCHECK_H
#define VMSHADOW_JSONCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

struct jc {
	const unsigned char *p, *e;
	int depth;
};

static void jc_ws(struct jc *c)
{
	while (c->p < c->e && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
		c->p++;
}

static bool jc_lit(struct jc *c, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(c->e - c->p) < n || memcmp(c->p, lit, n))
		return false;
	c->p += n;
	return true;
}

static bool jc_hex(unsigned char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
}

/* One UTF-8 encoded character of 2..4 bytes at c->p (RFC 3629). */
static bool jc_utf8(struct jc *c)
{
	const unsigned char *s = c->p;
	size_t left = (size_t)(c->e - s), n, i;
	unsigned cp;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return false;
	}
	if (left < n)
		return false;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return false;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return false;
	c->p += n;
	return true;
}

static bool jc_string(struct jc *c)
{
	if (c->p >= c->e || *c->p != '"')
		return false;
	c->p++;
	while (c->p < c->e) {
		unsigned char ch = *c->p;

		if (ch == '"') {
			c->p++;
			return true;
		}
		if (ch < 0x20)
			return false;
		if (ch == '\\') {
			if (c->e - c->p < 2)
				return false;
			ch = c->p[1];
			if (ch == 'u') {
				int i;

				if (c->e - c->p < 6)
					return false;
				for (i = 2; i < 6; i++)
					if (!jc_hex(c->p[i]))
						return false;
				c->p += 6;
				continue;
			}
			if (!ch || !strchr("\"\\/bfnrt", ch))
				return false;
			c->p += 2;
			continue;
		}
		if (ch < 0x80) {
			c->p++;
			continue;
		}
		if (!jc_utf8(c))
			return false;
	}
	return false;
}

static bool jc_digits(struct jc *c)
{
	const unsigned char *s = c->p;

	while (c->p < c->e && *c->p >= '0' && *c->p <= '9')
		c->p++;
	return c->p > s;
}

static bool jc_number(struct jc *c)
{
	if (c->p < c->e && *c->p == '-')
		c->p++;
	if (c->p < c->e && *c->p == '0')
		c->p++;
	else if (!jc_digits(c))
		return false;
	if (c->p < c->e && *c->p == '.') {
		c->p++;
		if (!jc_digits(c))
			return false;
	}
	if (c->p < c->e && (*c->p == 'e' || *c->p == 'E')) {
		c->p++;
		if (c->p < c->e && (*c->p == '+' || *c->p == '-'))
			c->p++;
		if (!jc_digits(c))
			return false;
	}
	return true;
}

static bool jc_value(struct jc *c)
{
	bool ok = false;

	jc_ws(c);
	if (c->p >= c->e || ++c->depth > 64)
		return false;
	switch (*c->p) {
	case '{':
		c->p++;
		jc_ws(c);
		if (c->p < c->e && *c->p == '}') {
			c->p++;
			ok = true;
			break;
		}
		for (;;) {
			jc_ws(c);
			if (!jc_string(c))
				break;
			jc_ws(c);
			if (c->p >= c->e || *c->p++ != ':' || !jc_value(c))
				break;
			jc_ws(c);
			if (c->p < c->e && *c->p == ',') {
				c->p++;
				continue;
			}
			ok = c->p < c->e && *c->p++ == '}';
			break;
		}
		break;
	case '[':
		c->p++;
		jc_ws(c);
		if (c->p < c->e && *c->p == ']') {
			c->p++;
			ok = true;
			break;
		}
		for (;;) {
			if (!jc_value(c))
				break;
			jc_ws(c);
			if (c->p < c->e && *c->p == ',') {
				c->p++;
				continue;
			}
			ok = c->p < c->e && *c->p++ == ']';
			break;
		}
		break;
	case '"':
		ok = jc_string(c);
		break;
	case 't':
		ok = jc_lit(c, "true");
		break;
	case 'f':
		ok = jc_lit(c, "false");
		break;
	case 'n':
		ok = jc_lit(c, "null");
		break;
	default:
		ok = jc_number(c);
		break;
	}
	c->depth--;
	return ok;
}

/* The whole buffer is exactly one JSON value (plus whitespace). */
static inline bool json_valid(const char *buf, size_t len)
{
	struct jc c = { (const unsigned char *)buf, (const unsigned char *)buf + len, 0 };

	if (!jc_value(&c))
		return false;
	jc_ws(&c);
	return c.p == c.e;
}

#endif
