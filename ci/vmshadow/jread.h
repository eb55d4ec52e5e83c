/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The JSON reader for the files vmshadow reads back: a run's run.json and
 * results.json, perf.json and history.jsonl lines. jansson parses (strict
 * RFC 8259: invalid UTF-8 and lone surrogates are refused; so, by our own
 * rule, is a key given twice); the value comes back as a struct jval tree, object keys in
 * their order, nesting limited to JREAD_DEPTH. A \u0000 in a string
 * becomes U+FFFD, so a string never holds a NUL.
 */
#ifndef VMSHADOW_JREAD_H
#define VMSHADOW_JREAD_H

#include <stdbool.h>
#include <stddef.h>

#define JREAD_DEPTH 64

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jval {
	enum jtype type;
	bool b;
	double num;
	char *str;		/* J_STR */
	size_t n;		/* J_ARR, J_OBJ: number of items */
	struct jval *items;	/* J_ARR, J_OBJ */
	char **keys;		/* J_OBJ: keys[i] names items[i] */
};

/*
 * Parse text[0..len) as one JSON value. NULL on error, with a message in
 * err: "line L, column C: what" (jansson's words) for a syntax error,
 * "nested deeper than JREAD_DEPTH" (64 levels, a scalar counting as one,
 * as tests/jsoncheck.h counts them), control bytes shown as '?'.
 */
struct jval *jread(const char *text, size_t len, char *err, size_t errlen);
/* Read and parse a whole file; the message names the file. */
struct jval *jread_file(const char *path, char *err, size_t errlen);
void jfree(struct jval *v);

/* obj[key], or NULL when v is not an object or has no such key. */
const struct jval *jget(const struct jval *v, const char *key);
/* The string, or NULL when v is not a string (or is NULL). */
const char *jstr(const struct jval *v);
/* The number in *out; false when v is not a number. */
bool jnum(const struct jval *v, double *out);
/* A number or def. */
double jnum_or(const struct jval *v, double def);

#endif
