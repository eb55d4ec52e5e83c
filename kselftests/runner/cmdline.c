// SPDX-License-Identifier: GPL-2.0
/*
 * The plan comes from the kernel command line as vmshadow.KEY=VALUE words.
 * The kernel ignores dotted parameters of modules it does not have, so
 * they reach only us, through /proc/cmdline.
 */
#include <stdio.h>
#include <string.h>

#include "runner.h"

static char cmdline[4096];
static int loaded;

const char *param(const char *key, const char *def)
{
	static char val[16][512];
	static int slot;
	char pat[128], *p;
	size_t k;

	if (!loaded) {
		FILE *f = fopen("/proc/cmdline", "r");

		if (f) {
			if (!fgets(cmdline, sizeof(cmdline), f))
				cmdline[0] = '\0';
			fclose(f);
		}
		loaded = 1;
	}
	snprintf(pat, sizeof(pat), "vmshadow.%s=", key);
	for (p = cmdline; (p = strstr(p, pat)); p++) {
		char *v;

		if (p != cmdline && p[-1] != ' ')
			continue;
		v = p + strlen(pat);
		k = strcspn(v, " \n");
		if (k >= sizeof(val[0]))
			k = sizeof(val[0]) - 1;
		slot = (slot + 1) % 16;
		memcpy(val[slot], v, k);
		val[slot][k] = '\0';
		return val[slot];
	}
	return def;
}
