// SPDX-License-Identifier: GPL-2.0
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static int finish_stream(FILE *f, const char *name)
{
	int err = 0;

	if (fflush(f) || ferror(f))
		err = errno ? errno : EIO;
	if (f != stdout && fclose(f) && !err)
		err = errno ? errno : EIO;
	if (err) {
		fprintf(stderr, "vmshadow: cannot write %s: %s\n", name, strerror(err));
		return -1;
	}
	return 0;
}

int make_parent_dirs(const char *path)
{
	char *p = xstrndup(path, 4096), *s;

	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) && errno != EEXIST) {
			fprintf(stderr, "vmshadow: cannot create %s: %s\n", p, strerror(errno));
			free(p);
			return -1;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

int write_file_atomic(const char *path, gen_writer_fn fn, const void *arg,
		      unsigned int flags)
{
	struct stat st;
	char *tmp;
	size_t len;
	FILE *f;
	int err = 0;

	if (!strcmp(path, "-")) {
		fn(stdout, arg);
		return finish_stream(stdout, "stdout");
	}
	if ((flags & WF_MKDIRS) && make_parent_dirs(path))
		return -1;
	if (!lstat(path, &st) && !S_ISREG(st.st_mode)) {
		f = fopen(path, "w");
		if (!f) {
			fprintf(stderr, "vmshadow: cannot open %s: %s\n", path, strerror(errno));
			return -1;
		}
		fn(f, arg);
		return finish_stream(f, path);
	}
	len = strlen(path) + 32;
	tmp = xmalloc(len);
	snprintf(tmp, len, "%s.tmp.%ld", path, (long)getpid());
	f = fopen(tmp, "w");
	if (!f) {
		fprintf(stderr, "vmshadow: cannot create %s: %s\n", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	fn(f, arg);
	if (fflush(f) || ferror(f) || fsync(fileno(f)))
		err = errno ? errno : EIO;
	if (fclose(f) && !err)
		err = errno ? errno : EIO;
	if (!err && rename(tmp, path))
		err = errno;
	if (err) {
		fprintf(stderr, "vmshadow: cannot write %s: %s\n", path, strerror(err));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

int append_line_locked(const char *path, const char *line, size_t len)
{
	struct flock fl;
	ssize_t n;
	int fd, err = 0;

	if (!len || line[len - 1] != '\n' || memchr(line, '\n', len - 1)) {
		fprintf(stderr, "vmshadow: internal error: a history record must be one line\n");
		return -1;
	}
	if (make_parent_dirs(path))
		return -1;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
	if (fd < 0) {
		fprintf(stderr, "vmshadow: cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	while (fcntl(fd, F_SETLKW, &fl) && errno == EINTR)
		;
	do
		n = write(fd, line, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		err = errno;
	else if ((size_t)n != len)
		err = ENOSPC;	/* a short append: say so, never retry half a line */
	if (!err && fsync(fd))
		err = errno;
	if (close(fd) && !err)
		err = errno;
	if (err) {
		fprintf(stderr, "vmshadow: cannot append to %s: %s\n", path, strerror(err));
		return -1;
	}
	return 0;
}

char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = xmalloc(n);

	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

bool is_file_in(const char *dir, const char *name)
{
	char *p = path_join(dir, name);
	struct stat st;
	bool ok = !stat(p, &st) && S_ISREG(st.st_mode);

	free(p);
	return ok;
}
