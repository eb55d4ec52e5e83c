// SPDX-License-Identifier: GPL-2.0
/*
 * kcidb.json writer (KCIDB I/O schema v5.3). Every string goes through
 * json.c's json_put_string(); test paths are made of [A-Za-z0-9_-] segments;
 * test ids are "vmshadow:RUN:PATH", with "#N" appended to a path seen
 * before in the same run, so they are unique and stable for one log.
 */
#include "kcidb.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "ktap.h"
#include "util.h"

#define EXCERPT_CAP 16384	/* the schema's maxLength of log_excerpt */

void kcidb_facts_init(struct kcidb_facts *k)
{
	memset(k, 0, sizeof(*k));
	k->build_seconds = -1;
}

void kcidb_facts_free(struct kcidb_facts *k)
{
	jfree(k->json);
	kcidb_facts_init(k);
}

int kcidb_facts_read(struct kcidb_facts *k, const char *path, char *err, size_t errlen)
{
	struct jval *v = jread_file(path, err, errlen);
	double d;

	if (!v)
		return -1;
	if (v->type != J_OBJ) {
		snprintf(err, errlen, "%s is not a JSON object", path);
		jfree(v);
		return -1;
	}
	k->json = v;
	k->arch = jstr(jget(v, "arch"));
	k->variant = jstr(jget(v, "variant"));
	k->tree = jstr(jget(v, "tree"));
	k->plan = jstr(jget(v, "plan"));
	k->base_version = jstr(jget(v, "base_version"));
	k->tree_commit = jstr(jget(v, "tree_commit"));
	k->tree_commit_hash = jstr(jget(v, "tree_commit_hash"));
	k->patchset_hash = jstr(jget(v, "patchset_hash"));
	k->compiler = jstr(jget(v, "compiler"));
	k->config_sha256 = jstr(jget(v, "config_sha256"));
	k->project_commit = jstr(jget(v, "project_commit"));
	k->verdict = jstr(jget(v, "verdict"));
	if (jnum(jget(v, "build_seconds"), &d) && d >= 0)
		k->build_seconds = d;
	return 0;
}

static bool path_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

void kcidb_path_segment(struct strbuf *b, const char *s, size_t n)
{
	size_t i;

	if (!n) {
		sb_add(b, "_");
		return;
	}
	for (i = 0; i < n && s[i]; i++) {
		char c = path_byte((unsigned char)s[i]) ? s[i] : '_';

		sb_addn(b, &c, 1);
	}
}

/* Segments of s split at any of seps, each appended after a '.'. */
static void add_segments(struct strbuf *b, const char *s, const char *seps)
{
	for (;;) {
		size_t n = strcspn(s, seps);

		sb_add(b, ".");
		kcidb_path_segment(b, s, n);
		if (!s[n])
			return;
		s += n + 1;
	}
}

/* A tiny string -> index map (open addressing; keys are not owned). */
struct smap {
	const char **key;
	long *val;
	size_t cap;
};

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static void smap_init(struct smap *m, size_t n)
{
	m->cap = 16;
	while (m->cap < 2 * n + 2)
		m->cap *= 2;
	m->key = xmalloc(m->cap * sizeof(*m->key));
	m->val = xmalloc(m->cap * sizeof(*m->val));
	memset(m->key, 0, m->cap * sizeof(*m->key));
}

static size_t smap_slot(const struct smap *m, const char *k)
{
	size_t i = (size_t)hash(k) & (m->cap - 1);

	while (m->key[i] && strcmp(m->key[i], k))
		i = (i + 1) & (m->cap - 1);
	return i;
}

/* The value of k, or -1. */
static long smap_get(const struct smap *m, const char *k)
{
	size_t i = smap_slot(m, k);

	return m->key[i] ? m->val[i] : -1;
}

/* Set k (kept by pointer) unless present; the map never fills (cap > 2n). */
static void smap_put(struct smap *m, const char *k, long v)
{
	size_t i = smap_slot(m, k);

	if (!m->key[i]) {
		m->key[i] = k;
		m->val[i] = v;
	}
}

static void smap_free(struct smap *m)
{
	free(m->key);
	free(m->val);
}

struct writer {
	FILE *f;
	const struct results *r;
	const struct kcidb_facts *k;
	char *build_id;
	const char *run;
	struct smap ids;	/* path -> times seen */
	char **paths;		/* owned keys of ids */
	size_t npaths;
	bool first;
};

static const char *or(const char *s, const char *def)
{
	return s && *s ? s : def;
}

static bool all_hex(const char *s, size_t n)
{
	size_t i;

	if (!s || strlen(s) != n)
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static void key_str(FILE *f, const char *key, const char *val)
{
	fprintf(f, "\"%s\": ", key);
	json_put_string(f, val);
}

static char *checkout_id(const struct kcidb_facts *k)
{
	struct strbuf b;

	sb_init(&b, 1024);
	sb_add(&b, KCIDB_ORIGIN ":");
	sb_add(&b, or(k->tree, "unknown"));
	sb_add(&b, "-");
	if (k->tree_commit_hash && *k->tree_commit_hash)
		sb_add(&b, k->tree_commit_hash);
	else if (k->tree_commit && *k->tree_commit)
		sb_add(&b, k->tree_commit);
	else if (k->base_version && *k->base_version)
		sb_addf(&b, "v%s", k->base_version);
	else
		sb_add(&b, "unknown");
	return sb_take(&b);
}

static const char *arch_of(const struct writer *w)
{
	return or(w->k->arch, or(w->r->boot.arch, "unknown"));
}

static void write_checkout(struct writer *w, const char *id)
{
	const struct kcidb_facts *k = w->k;
	FILE *f = w->f;

	fputs("  \"checkouts\": [{", f);
	key_str(f, "id", id);
	fputs(", \"origin\": \"" KCIDB_ORIGIN "\"", f);
	if (k->tree) {
		fputs(", ", f);
		key_str(f, "tree_name", k->tree);
	}
	if (all_hex(k->tree_commit_hash, 40)) {
		fputs(", ", f);
		key_str(f, "git_commit_hash", k->tree_commit_hash);
	}
	if (k->base_version) {
		char name[NAME_CAP + 2];

		snprintf(name, sizeof(name), "v%s", k->base_version);
		fputs(", ", f);
		key_str(f, "git_commit_name", name);
	}
	/* "" = no patches (base), the series' hash when it is applied. */
	if (k->tree && !strcmp(k->tree, "base")) {
		fputs(", \"patchset_hash\": \"\"", f);
	} else if (all_hex(k->patchset_hash, 64)) {
		fputs(", ", f);
		key_str(f, "patchset_hash", k->patchset_hash);
	}
	fputs(", \"valid\": true}],\n", f);
}

static void write_build(struct writer *w, const char *checkout)
{
	const struct kcidb_facts *k = w->k;
	const char *variant = or(k->variant, "unknown");
	struct strbuf b;
	FILE *f = w->f;

	sb_init(&b, 1024);
	sb_addf(&b, KCIDB_ORIGIN ":%s-%s-%s-", arch_of(w), variant, or(k->tree, "unknown"));
	sb_add(&b, or(k->tree_commit, or(k->base_version, "unknown")));
	if (k->plan && !strcmp(k->plan, "stress"))
		sb_add(&b, "-stress");	/* its own kernel (ci/run.sh) */
	if (k->config_sha256 && *k->config_sha256)
		sb_addf(&b, "-%.12s", k->config_sha256);
	w->build_id = sb_take(&b);

	fputs("  \"builds\": [{", f);
	key_str(f, "id", w->build_id);
	fputs(", ", f);
	key_str(f, "checkout_id", checkout);
	fputs(", \"origin\": \"" KCIDB_ORIGIN "\", \"architecture\": ", f);
	sb_init(&b, NAME_CAP);		/* the schema: ^[a-z0-9_]*$ */
	for (const char *s = arch_of(w); *s; s++) {
		char c = (*s >= 'A' && *s <= 'Z') ? (char)(*s - 'A' + 'a') : *s;

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			c = '_';
		sb_addn(&b, &c, 1);
	}
	json_put_string(f, b.s ? b.s : "");
	sb_free(&b);
	fputs(", ", f);
	if (k->plan && !strcmp(k->plan, "stress")) {
		char name[2 * NAME_CAP];

		snprintf(name, sizeof(name), "%s+plan-stress", variant);
		key_str(f, "config_name", name);
	} else {
		key_str(f, "config_name", variant);
	}
	if (k->compiler && *k->compiler) {
		fputs(", ", f);
		key_str(f, "compiler", k->compiler);
	}
	if (k->build_seconds >= 0)
		fprintf(f, ", \"duration\": %.3f", k->build_seconds);
	/* Only a kernel that was built is booted, so a parsed log means PASS. */
	if (k->json)
		fputs(", \"status\": \"PASS\"", f);
	fputs(", \"misc\": {", f);
	key_str(f, "kernel", or(w->r->boot.kernel, ""));
	fputs(", ", f);
	key_str(f, "plan", or(k->plan, or(w->r->boot.plan, "")));
	fputs(", ", f);
	key_str(f, "project_commit", or(k->project_commit, ""));
	fputs("}}],\n", f);
}

/* Start a test object: id (unique), build, origin, path. */
static void test_begin(struct writer *w, struct strbuf *path)
{
	char *key = sb_take(path);
	long seen = smap_get(&w->ids, key);
	FILE *f = w->f;

	fputs(w->first ? "\n    {" : ",\n    {", f);
	w->first = false;
	fputs("\"id\": ", f);
	{
		struct strbuf id;

		sb_init(&id, 2 * EXCERPT_CAP);
		sb_addf(&id, KCIDB_ORIGIN ":%s:%s", w->run, key);
		if (seen >= 0)
			sb_addf(&id, "#%ld", seen + 2);
		json_put_string(f, id.s);
		sb_free(&id);
	}
	fputs(", ", f);
	key_str(f, "build_id", w->build_id);
	fputs(", \"origin\": \"" KCIDB_ORIGIN "\", ", f);
	key_str(f, "path", key);
	if (seen >= 0) {
		/* Count the repeat under the first key; drop this copy. */
		size_t i = smap_slot(&w->ids, key);

		w->ids.val[i]++;
		free(key);
	} else {
		smap_put(&w->ids, key, 0);
		w->paths[w->npaths++] = key;
	}
}

static bool is_step(const struct test *t)
{
	return !strcmp(t->suite, "runner");
}

/* The KCIDB path of a results.json test (README.md, "KCIDB output"). */
static void test_path(const struct writer *w, const struct smap *steps,
		      const struct test *t, struct strbuf *b)
{
	(void)w;
	sb_init(b, 4 * NAME_CAP);
	if (is_step(t)) {
		sb_add(b, "vmshadow");
		add_segments(b, t->name, "");
		return;
	}
	if (after(t->suite, "test_vmalloc"))
		sb_add(b, "test_vmalloc");
	else if (smap_get(steps, t->suite) >= 0)
		sb_add(b, "kselftest");	/* relayed by the runner step of that name */
	else
		sb_add(b, "kunit");
	add_segments(b, t->suite, "");
	add_segments(b, t->name, "/.");
}

static const char *kcidb_status(const struct test *t)
{
	switch (t->status) {
	case T_PASS:  return "PASS";
	case T_FAIL:  return "FAIL";
	case T_SKIP:  return "SKIP";
	case T_XFAIL:
		/*
		 * Failed as it must (a broken-on-purpose step, test_vmalloc's
		 * by-design failure): the code is right. A known failure of
		 * the arch (vmshadow.kunit_xfail) did fail: said as it is.
		 */
		return after(t->reason, KTAP_KNOWN_REASON) ? "FAIL" : "PASS";
	case T_ERROR:
		/* A result that never came (#K): the harness never ran it. */
		return t->name[0] == '#' && after(t->reason, "no result") ? "MISS" : "ERROR";
	default:      return "ERROR";
	}
}

/* Reports attributed to test index ti (or, ti = -1, to none), as misc and excerpt. */
static void write_reports(struct writer *w, const long *owner, long ti, bool only_unexpected)
{
	const struct results *r = w->r;
	struct strbuf ex;
	bool any = false;
	size_t i;
	FILE *f = w->f;

	sb_init(&ex, EXCERPT_CAP);
	for (i = 0; i < r->nreports; i++) {
		const struct report *rep = &r->reports[i];

		if (owner[i] != ti || (only_unexpected && rep->expected))
			continue;
		fputs(any ? ", " : ", \"reports\": [", f);
		any = true;
		fputs("{", f);
		key_str(f, "title", rep->title);
		fprintf(f, ", \"kind\": \"%s\", ", rkind_name(rep->kind));
		key_str(f, "class", rep->class ? rep->class : "");
		fprintf(f, ", \"expected\": %s, \"first_line\": %ld, \"last_line\": %ld}",
			rep->expected ? "true" : "false", rep->first_line, rep->last_line);
		if (!rep->expected)
			sb_addf(&ex, "%s (console.log lines %ld-%ld)\n", rep->title,
				rep->first_line, rep->last_line);
	}
	if (any)
		fputs("]", f);
	fputs("}", f);		/* closes misc */
	if (ex.len) {
		fputs(", ", f);
		key_str(f, "log_excerpt", ex.s);
	}
	sb_free(&ex);
}

static void write_tests(struct writer *w)
{
	const struct results *r = w->r;
	struct smap steps, byname;
	long *owner = xmalloc((r->nreports + 1) * sizeof(*owner));
	char **full = xmalloc((r->ntests + 1) * sizeof(*full));
	long unexpected_unowned = 0;
	size_t i;
	FILE *f = w->f;

	smap_init(&steps, r->ntests);
	smap_init(&byname, 2 * r->ntests);
	for (i = 0; i < r->ntests; i++) {
		const struct test *t = &r->tests[i];
		char buf[2 * NAME_CAP + 2];

		test_fullname(t, buf, sizeof(buf));
		full[i] = xstrcap(buf, sizeof(buf));
		if (is_step(t))
			smap_put(&steps, t->name, (long)i);
	}
	/* Attribution: a step's name, or "suite/name" of a KTAP test. */
	for (i = 0; i < r->ntests; i++)
		smap_put(&byname, full[i], (long)i);
	for (i = 0; i < r->nreports; i++) {
		const char *to = r->reports[i].attributed_to;
		long ti = -1;

		if (to) {
			ti = smap_get(&steps, to);
			if (ti < 0)
				ti = smap_get(&byname, to);
		}
		owner[i] = ti;
		if (ti < 0 && !r->reports[i].expected)
			unexpected_unowned++;
	}

	fputs("  \"tests\": [", f);
	for (i = 0; i < r->ntests; i++) {
		const struct test *t = &r->tests[i];
		struct strbuf p;

		test_path(w, &steps, t, &p);
		test_begin(w, &p);
		fprintf(f, ", \"status\": \"%s\"", kcidb_status(t));
		if (t->reason[0]) {
			fputs(", ", f);
			key_str(f, "comment", t->reason);
		}
		fputs(", \"misc\": {", f);
		key_str(f, "suite", t->suite);
		fputs(", ", f);
		key_str(f, "name", t->name);
		fprintf(f, ", \"vmshadow_status\": \"%s\", \"line\": %ld",
			tstatus_name(t->status), t->line);
		write_reports(w, owner, (long)i, false);
		fputs("}", f);
	}

	/* The kernel as a whole, like junit.xml's suite "kernel". */
	{
		struct strbuf p;

		sb_init(&p, 64);
		sb_add(&p, "vmshadow.kernel.boot");
		test_begin(w, &p);
		fprintf(f, ", \"status\": \"%s\", ",
			r->verdict == V_CRASH || r->verdict == V_HANG ? "FAIL" : "PASS");
		key_str(f, "comment", r->verdict_reason ? r->verdict_reason : "");
		fprintf(f, ", \"misc\": {\"verdict\": \"%s\", \"reached_init\": %s, "
			"\"truncated\": %s", verdict_name(r->verdict),
			r->boot.reached_init ? "true" : "false",
			r->boot.truncated ? "true" : "false");
		if (w->k->verdict) {
			fputs(", ", f);
			key_str(f, "run_verdict", w->k->verdict);	/* e.g. flaky */
		}
		fputs("}}", f);

		sb_init(&p, 64);
		sb_add(&p, "vmshadow.kernel.unexpected_reports");
		test_begin(w, &p);
		fprintf(f, ", \"status\": \"%s\", \"misc\": {\"unexpected_reports\": %ld",
			r->counts.unexpected_reports ? "FAIL" : "PASS",
			r->counts.unexpected_reports);
		if (unexpected_unowned)
			write_reports(w, owner, -1, true);	/* not attributed to a test */
		else
			fputs("}", f);
		fputs("}", f);
	}

	/* test_vmalloc figures: DONE, the average time per call. */
	for (i = 0; i < r->ntvm; i++) {
		const struct tvm_summary *s = &r->tvm[i];
		struct strbuf p;

		sb_init(&p, 4 * NAME_CAP);
		sb_add(&p, "vmshadow");
		add_segments(&p, or(s->step, "test_vmalloc"), "");
		add_segments(&p, s->test, "/.");
		test_begin(w, &p);
		fprintf(f, ", \"status\": \"DONE\", \"number\": {\"value\": %lld, "
			"\"unit\": \"us\"}, \"misc\": {\"passed\": %lld, \"failed\": %lld, "
			"\"repeat\": %lld, \"loops\": %lld}}", s->avg_usec, s->passed,
			s->failed, s->repeat, s->loops);
	}
	fputs(w->first ? "]\n" : "\n  ]\n", f);

	for (i = 0; i < r->ntests; i++)
		free(full[i]);
	free(full);
	free(owner);
	smap_free(&steps);
	smap_free(&byname);
}

void kcidb_write(FILE *f, const struct results *r, const struct kcidb_facts *k)
{
	struct writer w = { .f = f, .r = r, .k = k, .first = true };
	size_t n = r->ntests + r->ntvm + 2;
	char *checkout = checkout_id(k);
	size_t i;

	w.run = or(k->run, "run");
	smap_init(&w.ids, n);
	w.paths = xmalloc(n * sizeof(*w.paths));
	fprintf(f, "{\n  \"version\": {\"major\": %d, \"minor\": %d},\n",
		KCIDB_MAJOR, KCIDB_MINOR);
	write_checkout(&w, checkout);
	write_build(&w, checkout);
	write_tests(&w);
	fputs("}\n", f);
	for (i = 0; i < w.npaths; i++)
		free(w.paths[i]);
	free(w.paths);
	smap_free(&w.ids);
	free(w.build_id);
	free(checkout);
}
