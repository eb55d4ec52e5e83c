/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few rounding helpers perf.c and report.c need, so that the tool
 * links with libc alone (no -lm). Only the NAN/INFINITY/isnan/isfinite
 * macros come from <math.h>. Valid for |x| < 2^62.
 */
#ifndef VMSHADOW_PMATH_H
#define VMSHADOW_PMATH_H

#include <math.h>

static inline double p_floor(double x)
{
	double t = (double)(long long)x;

	return t > x ? t - 1 : t;
}

static inline double p_ceil(double x)
{
	return -p_floor(-x);
}

static inline double p_fabs(double x)
{
	return x < 0 ? -x : x;
}

static inline double p_round(double x)
{
	return x < 0 ? -p_floor(-x + 0.5) : p_floor(x + 0.5);
}

/* The power of ten at or below x (x > 0). */
static inline double p_decade(double x)
{
	double m = 1;

	while (m > x)
		m /= 10;
	while (m * 10 <= x)
		m *= 10;
	return m;
}

#endif
