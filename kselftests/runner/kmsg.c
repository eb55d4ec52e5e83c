// SPDX-License-Identifier: GPL-2.0
/*
 * Reading /dev/kmsg: a reader opened now and seeked to the end sees exactly
 * the records logged after that point, which is what a step asserts on.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"

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
	char rec[8192];
	size_t used = 0;

	if (len == 0)
		return 0;
	buf[0] = '\0';
	if (m->fd < 0)
		return 0;
	for (;;) {
		ssize_t n = read(m->fd, rec, sizeof(rec) - 1);
		char *msg, *end;
		size_t k;

		if (n < 0 && errno == EPIPE)	/* overwritten records */
			continue;
		if (n <= 0)
			break;
		rec[n] = '\0';
		/* "pri,seq,usec,flags;message\n KEY=val..." */
		msg = strchr(rec, ';');
		if (!msg)
			continue;
		msg++;
		end = strchr(msg, '\n');
		k = end ? (size_t)(end - msg) : strlen(msg);
		if (used + k + 2 > len)
			break;
		memcpy(buf + used, msg, k);
		used += k;
		buf[used++] = '\n';
		buf[used] = '\0';
	}
	return used;
}

void kmsg_close(struct kmsg_mark *m)
{
	if (m->fd >= 0)
		close(m->fd);
	m->fd = -1;
}
