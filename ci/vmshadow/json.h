/* SPDX-License-Identifier: GPL-2.0 */
/* results.json: the field names and their order are a contract. */
#ifndef VMSHADOW_JSON_H
#define VMSHADOW_JSON_H

#include <stdio.h>

#include "results.h"

/*
 * A JSON string literal: quotes, backslashes and control characters are
 * escaped; bytes that are not valid UTF-8 are written as \u00XX (their
 * Latin-1 reading), so the output is always valid JSON and valid UTF-8.
 */
void json_put_string(FILE *f, const char *s);
void json_write(FILE *f, const struct results *r);

/*
 * Length of the valid UTF-8 sequence at s (1..4), or 0 when s[0] does not
 * start one. Shared with the XML writer.
 */
int utf8_seq(const unsigned char *s);

#endif
