/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by our kselftests (one static binary each, so everything
 * here is static): the vmshadow_test module's debugfs files, /dev/kmsg, and
 * the vmalloc shadow page counts.
 *
 * Two counts of vmalloc shadow pages are compared with a baseline:
 *  - "walk": /sys/kernel/debug/vmshadow_test/shadow_pages, the test module's
 *    walk of the kernel page tables (any tree with KASAN_VMALLOC);
 *  - "series": the counter the vmshadow series adds (patches/0003):
 *    pages_mapped in /sys/kernel/debug/kasan/vmalloc_shadow. A kernel
 *    without the series has none: that assertion SKIPs and says so.
 */
#ifndef VMSHADOW_TESTS_H
#define VMSHADOW_TESTS_H

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define VMS_DBG "/sys/kernel/debug/vmshadow_test"
#define VMS_MODULE "/lib/modules/vmshadow_test.ko"

static inline double vms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Seconds from the environment, or def. */
static inline double vms_env_seconds(const char *name, double def)
{
	const char *v = getenv(name);

	return v && *v ? atof(v) : def;
}

/*
 * The runner loads every module in /lib/modules before the kselftests; a test
 * started by hand loads the module itself. Returns 0 or -errno.
 */
static inline int vms_module_ready(void)
{
	int fd, ret;

	if (access(VMS_DBG, F_OK) == 0)
		return 0;
	fd = open(VMS_MODULE, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, "", 0);
	ret = ret && errno != EEXIST ? -errno : 0;
	close(fd);
	if (!ret && access(VMS_DBG, F_OK))
		ret = -ENOENT;
	return ret;
}

static inline int vms_write(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	if (n < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	close(fd);
	return 0;
}

/* Read a whole small file into buf. Returns bytes read or -errno. */
static inline int vms_read(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0)
		n = -errno;
	else
		buf[n] = '\0';
	close(fd);
	return n;
}

/* One feature of the module's "features" file (key=N); -1 if unknown. */
static inline long vms_feature(const char *key)
{
	char buf[256], pat[64], *p;

	if (vms_read(VMS_DBG "/features", buf, sizeof(buf)) < 0)
		return -1;
	snprintf(pat, sizeof(pat), "%s=", key);
	for (p = buf; (p = strstr(p, pat)); p++)
		if (p == buf || p[-1] == ' ')
			return strtol(p + strlen(pat), NULL, 10);
	return -1;
}

/* ---- /dev/kmsg: what the kernel said after a mark ---- */

struct vms_kmsg {
	int fd;
};

static inline int vms_kmsg_mark(struct vms_kmsg *k)
{
	k->fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (k->fd < 0)
		return -errno;
	lseek(k->fd, 0, SEEK_END);
	return 0;
}

/*
 * Append the messages of the records readable on fd (a /dev/kmsg reader)
 * to buf, which holds used bytes of len: one message per line, NUL-
 * terminated, stopping at the first that does not fit. Messages that start
 * with skip (when not NULL) are left out. Returns the bytes now in buf.
 * The runner reads /dev/kmsg with it too (runner/kmsg.c).
 */
static inline size_t vms_kmsg_append(int fd, char *buf, size_t used, size_t len,
				     const char *skip)
{
	char rec[8192];

	for (;;) {
		ssize_t n = read(fd, rec, sizeof(rec) - 1);
		char *msg, *end;
		size_t m;

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
		if (skip && !strncmp(msg, skip, strlen(skip)))
			continue;
		end = strchr(msg, '\n');
		m = end ? (size_t)(end - msg) : strlen(msg);
		if (used + m + 2 > len)
			break;
		memcpy(buf + used, msg, m);
		used += m;
		buf[used++] = '\n';
		buf[used] = '\0';
	}
	return used;
}

/*
 * Append the records logged since the mark (or the last call) to buf, one
 * message per line. The runner relays our own output through /dev/kmsg as
 * "vmshadow: " lines: those are left out, so that a diagnostic of ours can
 * never look like a kernel report.
 */
static inline size_t vms_kmsg_read(struct vms_kmsg *k, char *buf, size_t len)
{
	size_t used = strlen(buf);

	if (k->fd < 0)
		return used;
	return vms_kmsg_append(k->fd, buf, used, len, "vmshadow: ");
}

static inline void vms_kmsg_close(struct vms_kmsg *k)
{
	if (k->fd >= 0)
		close(k->fd);
	k->fd = -1;
}

/* Kernel report openers (docs/console-grammar.md, "Reports"). */
static const char *const vms_report_pats[] = {
	"BUG: ", "WARNING: ", "Oops", "Unable to handle kernel",
	"general protection fault", "Kernel panic", "KASAN", "vmalloc error",
	"kernel BUG", NULL,
};

/* The first report line in buf (copied to line), or 0 if there is none. */
static inline int vms_first_report(const char *buf, char *line, size_t len)
{
	const char *p = buf;

	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		int i;

		for (i = 0; vms_report_pats[i]; i++) {
			const char *hit = memmem(p, n, vms_report_pats[i],
						 strlen(vms_report_pats[i]));

			if (hit) {
				snprintf(line, len, "%.*s", (int)n, p);
				return 1;
			}
		}
		p += n + (e ? 1 : 0);
	}
	return 0;
}

/* ---- vmalloc shadow page counts ---- */

/* The module's page-table walk; -errno if it has none (no KASAN_VMALLOC). */
static inline int vms_shadow_walk(long *pages)
{
	char buf[64];
	int n = vms_read(VMS_DBG "/shadow_pages", buf, sizeof(buf));

	if (n < 0)
		return n;
	*pages = strtol(buf, NULL, 10);
	return 0;
}

/*
 * The series' counter (patches/0003: "kasan: count vmalloc shadow pages"):
 * /sys/kernel/debug/kasan/vmalloc_shadow, "name value" lines, of which
 * pages_mapped = shadow pages mapped now. Returns 0 and fills name (where
 * it was found) and value, or -errno (-ENOENT: a kernel without it).
 */
#define VMS_SERIES_FILE "/sys/kernel/debug/kasan/vmalloc_shadow"
#define VMS_SERIES_KEY "pages_mapped"

static inline int vms_shadow_series(char *name, size_t nlen, long *value)
{
	char buf[4096], *p;
	int n = vms_read(VMS_SERIES_FILE, buf, sizeof(buf));

	if (n < 0)
		return n;
	for (p = buf; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (!strncmp(p, VMS_SERIES_KEY " ", strlen(VMS_SERIES_KEY) + 1)) {
			*value = strtol(p + strlen(VMS_SERIES_KEY) + 1, NULL, 10);
			snprintf(name, nlen, "%s %s", VMS_SERIES_FILE, VMS_SERIES_KEY);
			return 0;
		}
	}
	return -ENOENT;
}

/*
 * /proc/vmallocinfo summed per caller, "pages caller" lines into buf: to
 * say, when a count does not come back, which vmalloc users grew.
 */
static inline void vms_vmalloc_callers(char *buf, size_t len)
{
	char line[512], callers[128][96];
	long pages[128];
	int n = 0, i;
	size_t used = 0;
	FILE *f = fopen("/proc/vmallocinfo", "r");

	buf[0] = '\0';
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char range[64], caller[96];
		long size;

		if (sscanf(line, "%63s %ld %95s", range, &size, caller) != 3)
			continue;
		for (i = 0; i < n && strcmp(callers[i], caller); i++)
			;
		if (i == n) {
			if (n == 128)
				continue;
			snprintf(callers[n], sizeof(callers[n]), "%s", caller);
			pages[n++] = 0;
		}
		pages[i] += size / 4096;
	}
	fclose(f);
	for (i = 0; i < n && used + 120 < len; i++)
		used += snprintf(buf + used, len - used, "%ld %s\n", pages[i], callers[i]);
}

/* The vmap areas of /proc/vmallocinfo (with guard pages), sorted by start. */
#define VMS_MAX_AREAS 32768
struct vms_areas {
	int n;
	unsigned long start[VMS_MAX_AREAS], end[VMS_MAX_AREAS];
};

static inline int vms_vmalloc_areas(struct vms_areas *a)
{
	char line[512], old[16] = "";
	FILE *f;
	int n;

	/*
	 * vmallocinfo prints %pK: hashed with kptr_restrict=0, real addresses
	 * for CAP_SYSLOG (root) with kptr_restrict=1.
	 */
	n = vms_read("/proc/sys/kernel/kptr_restrict", old, sizeof(old));
	if (n > 0 && old[0] == '0')
		vms_write("/proc/sys/kernel/kptr_restrict", "1");
	f = fopen("/proc/vmallocinfo", "r");
	a->n = 0;
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f) && a->n < VMS_MAX_AREAS) {
		unsigned long s, e;

		/* lazily freed areas ("unpurged vm_area") hold no claim */
		if (strstr(line, "unpurged"))
			continue;
		if (sscanf(line, "0x%lx-0x%lx", &s, &e) == 2 && e > s) {
			a->start[a->n] = s;
			a->end[a->n++] = e;
		}
	}
	fclose(f);
	if (n > 0 && old[0] == '0')
		vms_write("/proc/sys/kernel/kptr_restrict", "0");
	return a->n ? 0 : -ENOENT;
}

/*
 * Shadow pages that vmap areas live now but not in "before" can hold: each
 * area's shadow spans the shadow pages from its first to its last byte
 * (page_size << 3 bytes of vmalloc space per shadow page). A count that
 * came back "to baseline" may be above it by this much and no more.
 */
static inline long vms_new_area_shadow(const struct vms_areas *before,
				       const struct vms_areas *now, long page_size)
{
	unsigned long per = (unsigned long)page_size << 3;
	long pages = 0;
	int i, j;

	for (i = 0; i < now->n; i++) {
		for (j = 0; j < before->n; j++)
			if (before->start[j] == now->start[i] &&
			    before->end[j] == now->end[i])
				break;
		if (j < before->n)
			continue;
		pages += (now->end[i] - 1) / per - now->start[i] / per + 1;
	}
	return pages;
}

/* Log the callers whose vmalloc pages grew from before to now. */
static inline void vms_vmalloc_growth(const char *before, void (*log)(const char *))
{
	char now[16384], line[256];
	const char *p;

	vms_vmalloc_callers(now, sizeof(now));
	for (p = now; *p; p = strchr(p, '\n') + 1) {
		char caller[96], pat[110];
		long n, b = 0;
		const char *q;

		if (sscanf(p, "%ld %95s", &n, caller) != 2)
			break;
		snprintf(pat, sizeof(pat), " %s\n", caller);
		q = strstr(before, pat);
		if (q) {
			while (q > before && q[-1] != '\n')
				q--;
			b = strtol(q, NULL, 10);
		}
		if (n != b) {
			snprintf(line, sizeof(line), "vmalloc pages of %s: %ld -> %ld", caller, b, n);
			log(line);
		}
		if (!strchr(p, '\n'))
			break;
	}
}

static inline int vms_purge(void)
{
	return vms_write(VMS_DBG "/purge", "1");
}

/*
 * Purge until the count comes back within bound of base, for at most
 * seconds (frees of vmapped stacks pass through RCU and workqueues).
 * read_count fills *now; returns 0 when back within bound, 1 if not,
 * -errno if the count cannot be read.
 */
static inline int vms_purge_until(int (*read_count)(long *), long base,
				  long bound, double seconds, long *now)
{
	double end = vms_now() + seconds;
	int ret;

	for (;;) {
		vms_purge();
		ret = read_count(now);
		if (ret)
			return ret;
		if (*now - base <= bound)
			return 0;
		if (vms_now() > end)
			return 1;
		usleep(100000);
	}
}

static inline int vms_series_value(long *v)
{
	char name[600];

	return vms_shadow_series(name, sizeof(name), v);
}

#endif
