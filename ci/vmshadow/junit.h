/* SPDX-License-Identifier: GPL-2.0 */
/*
 * junit.xml: one <testsuite> per suite (in order of first appearance) and
 * a synthetic suite "kernel" with two testcases: "boot" (fails when the
 * verdict is crash or hang, so that a kernel that never ran a test is not
 * green) and "unexpected_reports" (one failure listing every unexpected
 * kernel report). XFAIL tests pass, with a note in <system-out>.
 */
#ifndef VMSHADOW_JUNIT_H
#define VMSHADOW_JUNIT_H

#include <stdio.h>

#include "results.h"

/*
 * XML character data / attribute value: markup characters escaped;
 * characters XML 1.0 forbids and invalid UTF-8 replaced by U+FFFD.
 */
void xml_string(FILE *f, const char *s);
void junit_write(FILE *f, const struct results *r);

#endif
