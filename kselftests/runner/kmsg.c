// SPDX-License-Identifier: GPL-2.0
/*
 * Reading /dev/kmsg: a reader opened now and seeked to the end sees exactly
 * the records logged after that point, which is what a step asserts on.
 * The records are parsed by vms_kmsg_append(), shared with the kselftests
 * (tests/vms.h); the runner keeps its own "vmshadow: " lines.
 */
#define _GNU_SOURCE	/* for tests/vms.h (memmem) */
#include <fcntl.h>
#include <unistd.h>

#include "runner.h"
#include "../tests/vms.h"

int kmsg_mark(struct kmsg_mark *m)
{
	m->fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (m->fd < 0)
		return -1;
	lseek(m->fd, 0, SEEK_END);
	return 0;
}

size_t kmsg_since(struct kmsg_mark *m, char *buf, size_t len)
{
	if (len == 0)
		return 0;
	buf[0] = '\0';
	if (m->fd < 0)
		return 0;
	return vms_kmsg_append(m->fd, buf, 0, len, NULL);
}

void kmsg_close(struct kmsg_mark *m)
{
	if (m->fd >= 0)
		close(m->fd);
	m->fd = -1;
}
