/* SPDX-License-Identifier: GPL-2.0 */
/* Files and folders of the parse, perf, report and matrix commands. */
#ifndef VMSHADOW_FILEIO_H
#define VMSHADOW_FILEIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef void (*gen_writer_fn)(FILE *f, const void *arg);

/* write_file_atomic() flags */
#define WF_MKDIRS	1	/* create the missing folders of PATH first */

/*
 * Write PATH atomically (PATH.tmp.PID, fsync, rename); "-" is stdout. An
 * existing PATH that is not a plain regular file (a symlink such as
 * /dev/stdout, a device, a FIFO) is written in place: renaming over it
 * would replace the link or device node itself. 0, or -1 with a message
 * printed.
 */
int write_file_atomic(const char *path, gen_writer_fn fn, const void *arg,
		      unsigned int flags);

/*
 * Append line[0..len) (which ends with '\n') to PATH with one write() on
 * an O_APPEND descriptor, holding an fcntl write lock on the file, so that
 * concurrent appenders never interleave or lose a record. Creates PATH.
 * 0, or -1 with a message printed.
 */
int append_line_locked(const char *path, const char *line, size_t len);

/* mkdir -p of the directory part of path (for outputs in new folders). */
int make_parent_dirs(const char *path);

/* "dir/name" in a new string (never NULL). */
char *path_join(const char *dir, const char *name);

/* dir/name exists and is a regular file (after symlinks). */
bool is_file_in(const char *dir, const char *name);

#endif
