// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: any bytes as a JSON file vmshadow reads back (run.json,
 * results.json, a history line). Besides what the sanitizers catch, abort()
 * when
 *  - jread() accepts a text that the independent validator
 *    (tests/jsoncheck.h) refuses: jansson with our flags must be at least
 *    as strict as RFC 8259 and our depth limit;
 *  - the value, written back with json.c's string writer and "%.17g",
 *    does not read back as the same value (keys in the same order, strings
 *    byte for byte): the reader and the writer agree on every string.
 *
 *   make fuzz FUZZER=jread RUNS=N
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jread.h"
#include "json.h"
#include "tests/jsoncheck.h"

static void write_value(FILE *f, const struct jval *v)
{
	size_t i;

	switch (v->type) {
	case J_NULL:
		fputs("null", f);
		break;
	case J_BOOL:
		fputs(v->b ? "true" : "false", f);
		break;
	case J_NUM:
		fprintf(f, "%.17g", v->num);
		break;
	case J_STR:
		json_put_string(f, v->str);
		break;
	case J_ARR:
	case J_OBJ:
		putc(v->type == J_ARR ? '[' : '{', f);
		for (i = 0; i < v->n; i++) {
			if (i)
				putc(',', f);
			if (v->type == J_OBJ) {
				json_put_string(f, v->keys[i]);
				putc(':', f);
			}
			write_value(f, &v->items[i]);
		}
		putc(v->type == J_ARR ? ']' : '}', f);
		break;
	}
}

static int same(const struct jval *a, const struct jval *b)
{
	size_t i;

	if (a->type != b->type)
		return 0;
	switch (a->type) {
	case J_NULL:
		return 1;
	case J_BOOL:
		return a->b == b->b;
	case J_NUM:
		return a->num == b->num;
	case J_STR:
		return !strcmp(a->str, b->str);
	case J_ARR:
	case J_OBJ:
		if (a->n != b->n)
			return 0;
		for (i = 0; i < a->n; i++)
			if ((a->type == J_OBJ && strcmp(a->keys[i], b->keys[i])) ||
			    !same(&a->items[i], &b->items[i]))
				return 0;
		return 1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[200], *buf = NULL;
	size_t len = 0;
	struct jval *v = jread((const char *)data, size, err, sizeof(err)), *w;
	FILE *f;

	if (!v) {
		if (!err[0])
			abort();	/* refused without saying why */
		return 0;
	}
	if (!json_valid((const char *)data, size))
		abort();
	f = open_memstream(&buf, &len);
	if (!f)
		abort();
	write_value(f, v);
	fclose(f);
	w = jread(buf, len, err, sizeof(err));
	if (!w || !same(v, w))
		abort();
	jfree(w);
	jfree(v);
	free(buf);
	return 0;
}
