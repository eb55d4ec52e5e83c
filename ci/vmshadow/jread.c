// SPDX-License-Identifier: GPL-2.0
/*
 * The JSON reader on top of jansson: jansson parses (strict RFC 8259, UTF-8
 * checked, duplicate keys refused), this file copies its tree into struct
 * jval, which the readers of run.json, results.json and history lines walk
 * as plain arrays. Copying keeps jansson out of every other file and lets
 * the copy apply vmshadow's own rules: the depth limit and no NUL inside a
 * string.
 */
#include "jread.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/*
 * s[0..n) as a new string with every NUL byte (from a \u0000 escape)
 * replaced by U+FFFD, so that a string never ends early.
 */
static char *copy_nul_safe(const char *s, size_t n)
{
	struct strbuf b;
	size_t i, start = 0;

	sb_init(&b, 3 * n + 1);
	for (i = 0; i < n; i++) {
		if (s[i])
			continue;
		sb_addn(&b, s + start, i - start);
		sb_add(&b, "\xef\xbf\xbd");
		start = i + 1;
	}
	sb_addn(&b, s + start, n - start);
	return sb_take(&b);
}

/*
 * n zeroed items; NULL for none (jfree() and every reader handle n == 0
 * without looking at items or keys).
 */
static void *zalloc(size_t n, size_t size)
{
	void *p;

	if (!n)
		return NULL;
	if (size > (size_t)-1 / n) {
		fputs("vmshadow: out of memory\n", stderr);
		exit(2);
	}
	p = xmalloc(n * size);
	memset(p, 0, n * size);
	return p;
}

/*
 * jansson quotes the input near an error ("near '...'"): raw bytes that
 * reach a terminal, a history warning or summary.md. Keep them printable.
 */
static void printable(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

/* Copy j into v (zeroed by the caller); false when nested too deep. */
static bool copy_value(const json_t *j, struct jval *v, int depth)
{
	size_t i = 0;
	const char *key;
	json_t *item;

	if (depth >= JREAD_DEPTH)
		return false;
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		v->type = J_OBJ;
		v->n = json_object_size(j);
		v->items = zalloc(v->n, sizeof(*v->items));
		v->keys = zalloc(v->n, sizeof(*v->keys));
		/* jansson keeps an object's keys in the order they came. */
		json_object_foreach((json_t *)j, key, item) {
			/* jansson refuses a \u0000 in a key: never a NUL here. */
			v->keys[i] = xstrcap(key, strlen(key));
			if (!copy_value(item, &v->items[i++], depth + 1))
				return false;
		}
		return true;
	case JSON_ARRAY:
		v->type = J_ARR;
		v->n = json_array_size(j);
		v->items = zalloc(v->n, sizeof(*v->items));
		for (i = 0; i < v->n; i++)
			if (!copy_value(json_array_get(j, i), &v->items[i], depth + 1))
				return false;
		return true;
	case JSON_STRING:
		v->type = J_STR;
		v->str = copy_nul_safe(json_string_value(j), json_string_length(j));
		return true;
	case JSON_INTEGER:	/* not with JSON_DECODE_INT_AS_REAL; kept for safety */
		v->type = J_NUM;
		v->num = (double)json_integer_value(j);
		return true;
	case JSON_REAL:
		v->type = J_NUM;
		v->num = json_real_value(j);
		return true;
	case JSON_TRUE:
	case JSON_FALSE:
		v->type = J_BOOL;
		v->b = json_is_true(j);
		return true;
	case JSON_NULL:
	default:
		v->type = J_NULL;
		return true;
	}
}

static void jfree_inner(struct jval *v)
{
	size_t i;

	if (v->type == J_STR)
		free(v->str);
	if (v->type == J_ARR || v->type == J_OBJ) {
		for (i = 0; i < v->n; i++) {
			jfree_inner(&v->items[i]);
			if (v->keys)
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
	/*
	 * DECODE_ANY: a history line may hold any value (the caller checks
	 * for an object). INT_AS_REAL: every number is a double, as the
	 * callers want it, and a long integer is not an overflow error.
	 * ALLOW_NUL: \u0000 is valid JSON; copy_nul_safe() handles it.
	 */
	const size_t flags = JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL |
			     JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES;
	const char *nul = memchr(text, '\0', len);
	json_error_t je;
	json_t *j;
	struct jval *v;

	if (errlen)
		err[0] = '\0';
	/*
	 * A raw NUL is never JSON (a control character, outside a string or
	 * in one). jansson 2.14 takes it for the end of the text, and would
	 * read "[1\0]" as [1] (found by fuzz_jread).
	 */
	if (nul) {
		const char *p;
		long line = 1;

		for (p = text; p < nul; p++)
			line += *p == '\n';
		if (errlen)
			snprintf(err, errlen, "line %ld: NUL byte", line);
		return NULL;
	}
	j = json_loadb(text, len, flags, &je);
	if (!j) {
		if (!errlen)
			return NULL;
		if (je.line > 0)
			snprintf(err, errlen, "line %d, column %d: %s", je.line, je.column,
				 je.text);
		else	/* not about a place in the text (out of memory) */
			snprintf(err, errlen, "%s", je.text);
		printable(err);
		return NULL;
	}
	v = zalloc(1, sizeof(*v));
	if (!copy_value(j, v, 0)) {
		if (errlen)
			snprintf(err, errlen, "nested deeper than %d", JREAD_DEPTH);
		jfree(v);
		v = NULL;
	}
	json_decref(j);
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
