// SPDX-License-Identifier: GPL-2.0
/*
 * Output: each line is one write() to /dev/kmsg, so the runner's lines are
 * serialized with the kernel's own and carry a printk timestamp. Without
 * /dev/kmsg (should not happen) it falls back to the console on stdout.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"

static int kfd = -1;

void out_open(void)
{
	int fd;

	/* printk ratelimits /dev/kmsg writers unless told otherwise. */
	fd = open("/proc/sys/kernel/printk_devkmsg", O_WRONLY);
	if (fd >= 0) {
		if (write(fd, "on\n", 3) < 0)
			perror("printk_devkmsg");
		close(fd);
	}
	kfd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
}

void out(const char *fmt, ...)
{
	char line[1000];
	int n, k;
	va_list ap;

	n = snprintf(line, sizeof(line), "<5>vmshadow: ");
	va_start(ap, fmt);
	k = vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
	va_end(ap);
	if (k < 0)
		return;
	n += k;
	if (n > (int)sizeof(line) - 2)
		n = sizeof(line) - 2;
	/* One record per line: no embedded newlines. */
	for (k = 0; k < n; k++)
		if (line[k] == '\n' || line[k] == '\r')
			line[k] = ' ';
	line[n++] = '\n';
	if (kfd >= 0 && write(kfd, line, n) == n)
		return;
	/* Fallback: the console, without the level prefix. */
	if (write(STDOUT_FILENO, line + 3, n - 3) < 0)
		return;
}
