/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcidb.json: one parsed run in the KCIDB I/O schema v5.3 (kernelci's
 * kcidb-io; the schema is kcidb/schema-v5.3.json, validated by
 * ci/tests/quick-kcidb-schema.sh). One checkout, one build, one test per
 * test of results.json, per kernel-wide check and per test_vmalloc figure.
 * The mapping is in README.md ("KCIDB output").
 */
#ifndef VMSHADOW_KCIDB_H
#define VMSHADOW_KCIDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "jread.h"
#include "results.h"

#define KCIDB_MAJOR 5
#define KCIDB_MINOR 3
#define KCIDB_ORIGIN "vmshadow"

/* What the console log does not say: from run.json (any may be NULL). */
struct kcidb_facts {
	const char *run;		/* the run folder's name: part of every test id */
	const char *arch, *variant, *tree, *plan;
	const char *base_version;	/* "6.12.117" */
	const char *tree_commit;	/* short hash */
	const char *tree_commit_hash;	/* full hash (git_commit_hash) */
	const char *patchset_hash;	/* sha256 over the patches' sha256, TREE=series */
	const char *compiler, *config_sha256, *project_commit, *verdict;
	double build_seconds;		/* < 0: unknown */
	struct jval *json;		/* owns the strings above, if read */
};

void kcidb_facts_init(struct kcidb_facts *k);
/*
 * Fill k from run.json at path (kept in k->json). 0, or -1 with a message
 * in err ("run.json: line L: what" or "... is not a JSON object").
 */
int kcidb_facts_read(struct kcidb_facts *k, const char *path, char *err, size_t errlen);
void kcidb_facts_free(struct kcidb_facts *k);

/*
 * A KCIDB test path segment from any bytes: [A-Za-z0-9_-]+, every other
 * byte becomes '_' (an empty segment is "_"). Appends to b.
 */
struct strbuf;
void kcidb_path_segment(struct strbuf *b, const char *s, size_t n);

void kcidb_write(FILE *f, const struct results *r, const struct kcidb_facts *k);

#endif
