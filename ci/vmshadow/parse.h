/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The console log parser: reads every line, follows the runner's lines
 * (docs/console-grammar.md) and hands kernel lines to the KTAP, report and
 * test_vmalloc parsers; attributes reports; computes the verdict.
 */
#ifndef VMSHADOW_PARSE_H
#define VMSHADOW_PARSE_H

#include "log.h"
#include "results.h"

/*
 * Parse a whole log into r (initialized by the caller with
 * results_init). Returns 0, or -1 on a read error (errno set; r then
 * holds what was read so far, finished).
 */
int parse_log(struct results *r, struct log_reader *lr);

/* Convenience for the tests and the fuzzer: parse a buffer. */
void parse_buffer(struct results *r, const void *data, size_t len);

#endif
