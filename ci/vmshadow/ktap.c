// SPDX-License-Identifier: GPL-2.0
#include "ktap.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void ktap_init(struct ktap *k, const char *relay_suite)
{
	/* Frames are initialized by push(); only the header needs clearing. */
	k->relay = relay_suite != NULL;
	k->fails_on_purpose = false;
	k->known_fail[0] = '\0';
	k->have_known = false;
	k->suite[0] = '\0';
	k->depth = 0;
	if (relay_suite)
		str_copy(k->suite, sizeof(k->suite), relay_suite, NAME_CAP);
	k->diag_frame = -1;
	k->first_new = -1;
	k->prefix_len = 0;
	k->rerun = false;
	k->crashed[0] = '\0';
	k->crash_next = NULL;
}

void ktap_known_failures(struct ktap *k, const char *cmdline)
{
	static const char key[] = "vmshadow.kunit_xfail=";
	const char *s = cmdline, *v;
	size_t n;

	if (k->relay || k->have_known)
		return;
	while ((v = strstr(s, key))) {
		s = v + sizeof(key) - 1;
		/* a parameter of its own: at the start or after a space */
		if (v != cmdline && v[-1] != ' ')
			continue;
		n = strcspn(s, " \t\r\n");
		if (n > KTAP_KNOWN_CAP) {
			/* keep whole names: cut at the last comma that fits */
			n = KTAP_KNOWN_CAP;
			while (n && s[n] != ',')
				n--;
		}
		str_copy(k->known_fail, sizeof(k->known_fail), s, n);
		k->have_known = true;
		return;
	}
}

/* Is "suite.name" in the comma-separated list? */
static bool known(const char *list, const char *suite, const char *name)
{
	size_t ls = strlen(suite), ln = strlen(name);
	const char *s = list;

	while (*s) {
		size_t n = strcspn(s, ",");

		if (n == ls + 1 + ln && !strncmp(s, suite, ls) && s[ls] == '.' &&
		    !strncmp(s + ls + 1, name, ln))
			return true;
		s += n;
		if (*s == ',')
			s++;
	}
	return false;
}

const char *ktap_suite(const struct ktap *k)
{
	return !k->relay && k->depth >= 2 ? k->f[1].name : NULL;
}

/* Index of the first frame whose name is part of a test's "name" path. */
static int name_base(const struct ktap *k)
{
	return k->relay ? 1 : 2;
}

/*
 * Record a leaf result of frame p: desc is its description. Kernel mode,
 * p == 0: a result at the root is a whole suite without cases (e.g. one
 * that failed to initialize), recorded as suite/suite; missing root
 * results are "kunit/#K" (missing_root).
 */
static void add_leaf(struct ktap *k, struct results *r, int p, const char *desc,
		     enum tstatus st, const char *reason, long line,
		     bool missing_root)
{
	struct strbuf suite, name, why = { NULL, 0, 0, 0 };
	long idx;
	int j;

	sb_init(&suite, NAME_CAP);
	sb_init(&name, NAME_CAP);
	if (k->relay) {
		sb_add(&suite, k->suite);
	} else if (p == 0) {
		sb_add(&suite, missing_root ? "kunit" : desc);
	} else {
		sb_add(&suite, k->f[1].name);
	}
	for (j = name_base(k); j <= p; j++) {
		sb_add(&name, k->f[j].name);
		sb_add(&name, "/");
	}
	sb_add(&name, desc);
	if (k->crash_next && st == T_ERROR) {
		/* The first result missing when the kernel died: it ran. */
		reason = k->crash_next;
		k->crash_next = NULL;
	}
	for (j = 0; j <= p; j++) {
		k->f[j].leaves++;
		if (st == T_FAIL || st == T_ERROR)
			k->f[j].bad = true;
	}
	if (!k->relay && st == T_FAIL && k->known_fail[0] &&
	    strstr(reason, "KASAN failure expected") && strstr(reason, "but none occurred") &&
	    known(k->known_fail, suite.s ? suite.s : "", name.s ? name.s : "")) {
		sb_init(&why, TEXT_CAP);
		sb_addf(&why, KTAP_KNOWN_REASON " (vmshadow.kunit_xfail, the target's notes say why): %s",
			reason);
		st = T_XFAIL;
		reason = why.s;
	} else if (k->fails_on_purpose && (st == T_FAIL || st == T_ERROR)) {
		sb_init(&why, TEXT_CAP);
		sb_addf(&why, "fails on purpose (%s): %s%s%s", k->suite,
			tstatus_name(st), *reason ? ": " : "", reason);
		st = T_XFAIL;
		reason = why.s;
	}
	idx = results_add_test(r, suite.s ? suite.s : "", name.s ? name.s : "",
			       st, reason, line, k);
	if (idx >= 0 && k->first_new < 0)
		k->first_new = idx;
	sb_free(&suite);
	sb_free(&name);
	sb_free(&why);
}

/*
 * Frame j promised more results than it got: one ERROR per missing
 * number (the last one covers the rest when there are too many).
 */
static void add_missing(struct ktap *k, struct results *r, int j, long line,
			const char *reason)
{
	struct ktap_frame *f = &k->f[j];
	long long n, from = f->nresults + 1, to = f->plan, count = 0;
	char desc[64];

	for (n = from; n <= to; n++) {
		if (++count == KTAP_MAX_MISSING && n < to) {
			snprintf(desc, sizeof(desc), "#%lld..#%lld", n, to);
			add_leaf(k, r, j, desc, T_ERROR, reason, line, j == 0);
			break;
		}
		snprintf(desc, sizeof(desc), "#%lld", n);
		add_leaf(k, r, j, desc, T_ERROR, reason, line, j == 0);
	}
	if (to >= from)
		f->nresults = to;
}

/*
 * Replace frame c's placeholder name by name in every test recorded under
 * it, now that its result line told us the real name.
 */
static void rename_frame(struct ktap *k, struct results *r, int c, const char *name)
{
	const char *old = k->f[c].name;
	size_t oldlen = strlen(old), prefix = 0;
	long i;
	int j;

	for (j = name_base(k); j < c; j++)
		prefix += strlen(k->f[j].name) + 1;
	for (i = k->f[c].first_test; i >= 0 && (size_t)i < r->ntests; i++) {
		struct test *t = &r->tests[i];
		char **s = (!k->relay && c == 1) ? &t->suite : &t->name;
		size_t skip = (!k->relay && c == 1) ? 0 : prefix, len = strlen(*s);
		struct strbuf b;

		if (t->owner != k || len < skip + oldlen ||
		    strncmp(*s + skip, old, oldlen) ||
		    ((*s)[skip + oldlen] != '/' && (*s)[skip + oldlen] != '\0'))
			continue;
		sb_init(&b, NAME_CAP);
		sb_addn(&b, *s, skip);
		sb_add(&b, name);
		sb_add(&b, *s + skip + oldlen);
		free(*s);
		*s = sb_take(&b);
	}
	str_copy(k->f[c].name, sizeof(k->f[c].name), name, NAME_CAP);
	k->f[c].named = true;
}

static bool push(struct ktap *k, struct results *r, int indent)
{
	struct ktap_frame *f;

	if (k->depth == KTAP_MAX_DEPTH)
		return false;
	f = &k->f[k->depth];
	memset(f, 0, sizeof(*f));
	f->indent = indent;
	f->plan = -1;
	f->first_test = (long)r->ntests;
	/* Placeholder: the number of the parent result that will close it. */
	snprintf(f->name, sizeof(f->name), "#%lld",
		 k->depth ? k->f[k->depth - 1].nresults + 1 : 1LL);
	k->depth++;
	return true;
}

/*
 * Close the top frame without its result line. The deepest frame of a
 * series of such pops that lacks nothing its plan promised still gets one
 * ERROR "(incomplete)": its own result never came. The parent counts the
 * interrupted child as one (its) result.
 */
static void pop_unclosed(struct ktap *k, struct results *r, long line,
			 const char *reason, bool deepest)
{
	int j = k->depth - 1;
	struct ktap_frame *f = &k->f[j];

	if (f->plan > f->nresults)
		add_missing(k, r, j, line, reason);
	else if (deepest && j > 0)
		add_leaf(k, r, j, "(incomplete)", T_ERROR, reason, line, false);
	k->depth--;
	if (k->diag_frame >= k->depth)
		k->diag_frame = -1;
	if (k->depth)
		k->f[k->depth - 1].nresults++;
}

/* Pop (unclosed) every frame deeper than indent; how many there were. */
static int pop_deeper(struct ktap *k, struct results *r, int indent, long line)
{
	int n = 0;

	while (k->depth && k->f[k->depth - 1].indent > indent) {
		pop_unclosed(k, r, line, "no result", n == 0);
		n++;
	}
	return n;
}

/* Close every frame; crashed: the reason of the first ERROR, or NULL. */
static void close_all(struct ktap *k, struct results *r, long line,
		      const char *reason, const char *crashed)
{
	bool deepest = true;

	k->crash_next = crashed;
	while (k->depth) {
		pop_unclosed(k, r, line, reason, deepest);
		deepest = false;
	}
	k->crash_next = NULL;
	k->crashed[0] = '\0';
	k->diag_frame = -1;
}

void ktap_finish(struct ktap *k, struct results *r, long line, const char *reason)
{
	close_all(k, r, line, reason, k->crashed[0] ? k->crashed : NULL);
}

void ktap_crash(struct ktap *k, struct results *r, long line, const char *why)
{
	char no[TEXT_CAP + 1], crashed[TEXT_CAP + 1];

	snprintf(no, sizeof(no), "no result (%s)", why);
	snprintf(crashed, sizeof(crashed), "crashed (%s)", why);
	close_all(k, r, line, no, k->crashed[0] ? k->crashed : crashed);
}

/* A frame that has seen nothing but a version or plan line. */
static bool fresh(const struct ktap_frame *f)
{
	return !f->named && f->nresults == 0 && f->leaves == 0;
}

/*
 * A document opened for an indented version line (a debugfs re-run, see
 * on_version) whose next line is its plan or a result rather than
 * "# Subtest:" was a whole document behind a blank prefix, as in
 * " TAP version 14\n 1..3\n \t# Subtest: ...": its frame is the root.
 */
static void rerun_was_root(struct ktap *k, int indent)
{
	if (!k->rerun)
		return;
	k->rerun = false;
	if (k->depth == 2 && indent == k->f[1].indent && fresh(&k->f[1])) {
		k->f[0] = k->f[1];
		k->depth = 1;
	}
}

static void on_version(struct ktap *k, struct results *r, int indent, long line)
{
	int popped;

	k->rerun = false;
	if (k->depth && indent <= k->f[0].indent)
		ktap_finish(k, r, line, "no result");
	if (!k->depth) {
		/*
		 * Kernel mode: a suite header outside any document. A suite
		 * re-run through /sys/kernel/debug/kunit/SUITE/run prints no
		 * "KTAP version 1" and "1..N" of its own: the document is that
		 * one suite, closed by its result line at indent 0.
		 */
		if (!k->relay && indent > 0 && push(k, r, 0)) {
			k->f[0].plan = 1;
			k->rerun = true;
		}
		push(k, r, indent);
		return;
	}
	popped = pop_deeper(k, r, indent, line);
	if (k->f[k->depth - 1].indent == indent) {
		if (fresh(&k->f[k->depth - 1]))
			return;		/* repeated header */
		pop_unclosed(k, r, line, "no result", !popped);
	}
	push(k, r, indent);
}

static void on_subtest(struct ktap *k, struct results *r, int indent,
		       const char *name, long line)
{
	struct ktap_frame *top;
	int popped;

	k->rerun = false;
	if (!k->depth) {
		if (indent == 0)
			return;
		push(k, r, 0);	/* the document header was lost */
	}
	if (indent <= k->f[0].indent)
		return;		/* a name for the root: nothing to name */
	popped = pop_deeper(k, r, indent, line);
	top = &k->f[k->depth - 1];
	if (top->indent == indent && !fresh(top)) {
		/* A sibling whose result never came. */
		pop_unclosed(k, r, line, "no result", !popped);
		top = &k->f[k->depth - 1];
	}
	if (top->indent != indent) {
		if (!push(k, r, indent))
			return;
		top = &k->f[k->depth - 1];
	}
	str_copy(top->name, sizeof(top->name), name, rtrim_len(name, strlen(name)));
	if (!top->name[0])
		snprintf(top->name, sizeof(top->name), "#%lld",
			 k->f[k->depth - 2].nresults + 1);
	top->named = true;
}

static void on_plan(struct ktap *k, struct results *r, int indent,
		    long long plan, long line)
{
	rerun_was_root(k, indent);
	if (!k->depth) {
		if (!k->relay)
			return;
		push(k, r, indent);
	}
	if (indent < k->f[0].indent)
		return;
	pop_deeper(k, r, indent, line);
	if (k->f[k->depth - 1].indent < indent && !push(k, r, indent))
		return;
	if (k->f[k->depth - 1].plan < 0)
		k->f[k->depth - 1].plan = plan;
}

/* s starts with word (any case) followed by a non-word character. */
static const char *word_ci(const char *s, const char *word)
{
	const char *rest = after_ci(s, word);

	if (!rest || isalnum((unsigned char)*rest) || *rest == '_')
		return NULL;
	return rest;
}

/* Status and reason of a result from "ok"/"not ok" and its directive. */
static enum tstatus classify(bool ok, const char *dir, const char **reason)
{
	const char *rest;

	*reason = dir ? skip_ws(dir) : "";
	if (!dir)
		return ok ? T_PASS : T_FAIL;
	if ((rest = word_ci(*reason, "SKIP"))) {
		*reason = skip_ws(rest);
		return T_SKIP;
	}
	if ((rest = word_ci(*reason, "XFAIL"))) {
		*reason = skip_ws(rest);
		return T_XFAIL;
	}
	if ((rest = word_ci(*reason, "TODO"))) {
		*reason = skip_ws(rest);
		return ok ? T_PASS : T_XFAIL;
	}
	if (!ok && (rest = word_ci(*reason, "error"))) {
		/* kselftest "# error", the runner's "# ERROR reason" */
		*reason = skip_ws(rest);
		return T_ERROR;
	}
	return ok ? T_PASS : T_FAIL;
}

void tap_parse_result(bool ok, const char *rest, struct tap_result *out)
{
	const char *dir = NULL, *hash;

	/* "N description # directive"; TAP also allows "N - description". */
	rest = skip_ws(rest);
	out->have_num = parse_ulong(&rest, KTAP_MAX_PLAN, &out->num);
	rest = skip_ws(rest);
	if (rest[0] == '-' && (rest[1] == ' ' || !rest[1]))
		rest = skip_ws(rest + 1);
	if (rest[0] == '#') {
		dir = rest + 1;
		hash = rest;
	} else {
		hash = strstr(rest, " #");
		if (hash)
			dir = hash + 2;
	}
	str_copy(out->desc, sizeof(out->desc), rest,
		 rtrim_len(rest, hash ? (size_t)(hash - rest) : strlen(rest)));
	out->status = classify(ok, dir, &out->reason);
}

static void on_result(struct ktap *k, struct results *r, int indent, bool ok,
		      const char *rest, long line)
{
	struct tap_result res;
	char *desc = res.desc;
	const char *reason;
	long child_leaves = 0;
	bool child_bad = false;
	enum tstatus st;
	int p, deeper = 0, j;

	rerun_was_root(k, indent);
	if (!k->depth || indent < k->f[0].indent) {
		if (!k->relay)
			return;
		ktap_finish(k, r, line, "no result");
		push(k, r, indent);
	}
	tap_parse_result(ok, rest, &res);
	st = res.status;
	reason = res.reason;

	/* The frames deeper than this result: the shallowest is its subtest. */
	for (j = k->depth - 1; j >= 0 && k->f[j].indent > indent; j--)
		deeper++;
	if (deeper > 1)	/* unfinished grandchildren: pop down to the child */
		pop_deeper(k, r, k->f[k->depth - deeper].indent, line);
	if (deeper) {
		struct ktap_frame *c = &k->f[k->depth - 1];

		if (c->plan > c->nresults)
			add_missing(k, r, k->depth - 1, line, "no result");
		if (!c->named && desc[0])
			rename_frame(k, r, k->depth - 1, desc);
		child_leaves = c->leaves;
		child_bad = c->bad;
		k->depth--;
		if (k->diag_frame >= k->depth)
			k->diag_frame = -1;
	}
	if (k->f[k->depth - 1].indent < indent && !push(k, r, indent))
		return;
	p = k->depth - 1;
	if (!desc[0])
		snprintf(desc, sizeof(res.desc), "#%llu",
			 res.have_num ? res.num : (unsigned long long)k->f[p].nresults + 1);
	if (st == T_FAIL && !*reason && k->f[p].diag[0])
		reason = k->f[p].diag;

	if (child_leaves > 0) {
		/* An aggregate: its leaves are recorded already. */
		if ((st == T_FAIL || st == T_ERROR) && !child_bad)
			add_leaf(k, r, p, desc, st, reason, line, false);
	} else {
		add_leaf(k, r, p, desc, st, reason, line, false);
	}
	k->f[p].diag[0] = '\0';
	k->f[p].nresults++;
	/* Kernel mode: the document ends with its last planned suite. */
	if (!k->relay && p == 0 && k->f[0].plan >= 0 &&
	    k->f[0].nresults >= k->f[0].plan)
		k->depth = 0;
}

/*
 * kselftest_harness's failed assertion "FILE:LINE:TEST:Expected ...": the
 * reason "FILE:LINE: Expected ..." into out; false if text is not one.
 */
static bool harness_assert(const char *text, char *out, size_t cap)
{
	const char *file_end = strchr(text, ':'), *p, *name_end;
	unsigned long long line;

	if (!file_end || file_end == text || memchr(text, ' ', (size_t)(file_end - text)))
		return false;
	p = file_end + 1;
	if (!parse_ulong(&p, ~0ULL, &line) || *p != ':')
		return false;
	name_end = strchr(p + 1, ':');
	if (!name_end || memchr(p + 1, ' ', (size_t)(name_end - p - 1)) ||
	    !after(name_end + 1, "Expected "))
		return false;
	snprintf(out, cap, "%.*s: %s", (int)(p - text), text, name_end + 1);
	return true;
}

/*
 * Failure diagnostics become the reason of the next failing result of the
 * innermost open subtest:
 *  - KUnit's "# case: EXPECTATION FAILED at f.c:12", together with the
 *    line that follows it (the message). KUnit prints these at 4 spaces
 *    whatever the depth (kunit_printk), so they belong to the innermost
 *    subtest, not to the one at their indent. A suite that failed to
 *    initialize prints "    # NAME:     # failed to initialize (ERR)"
 *    with no subtest open at all.
 *  - kselftest_harness's "# FILE:LINE:TEST:Expected A (1) == B (2)", at
 *    the indent of its results (relay mode).
 */
static void on_diag(struct ktap *k, int indent, const char *text)
{
	struct ktap_frame *f;
	const char *colon;
	char harness[TEXT_CAP + 1];
	bool init = strstr(text, "failed to initialize") != NULL;
	bool kunit = strstr(text, "FAILED at ") != NULL;

	if (!k->depth)
		return;
	f = &k->f[k->depth - 1];
	if (k->relay && indent == f->indent &&
	    harness_assert(text, harness, sizeof(harness))) {
		if (!f->diag[0])
			str_copy(f->diag, sizeof(f->diag), harness, TEXT_CAP);
		return;
	}
	if (!init && (!kunit || indent > f->indent || indent <= k->f[0].indent))
		return;
	if (f->diag[0])
		return;		/* keep the first one */
	colon = strstr(text, ": ");
	if (colon && !memchr(text, ' ', (size_t)(colon - text)))
		text = skip_ws(colon + 2);	/* drop "case: " */
	if (text[0] == '#')
		text = skip_ws(text + 1);
	str_copy(f->diag, sizeof(f->diag), text, rtrim_len(text, strlen(text)));
	k->diag_frame = k->depth - 1;
}

/*
 * Where a version line "KTAP version N" or "TAP version N" that ends the
 * line starts in s (kunit.py's KTAP_START, searched), or NULL.
 */
static const char *find_version(const char *s)
{
	const char *v, *d;
	unsigned long long n;

	for (v = s; (v = strstr(v, "TAP version ")); v++) {
		d = v + strlen("TAP version ");
		if (parse_ulong(&d, ~0ULL, &n) && !*skip_ws(d))
			return v > s && v[-1] == 'K' ? v - 1 : v;
	}
	return NULL;
}

/*
 * Kernel mode, no document open: a version line behind a text prefix
 * ("foo: KTAP version 1") opens a document at indent 0 and the prefix is
 * stripped from its lines until it ends (as kunit.py does); a line without
 * the prefix is not the document's (NULL). A blank prefix is an indent
 * (see on_version).
 */
static const char *strip_prefix(struct ktap *k, const char *s)
{
	const char *v;

	if (k->relay)
		return s;
	if (!k->depth) {
		k->prefix_len = 0;
		v = find_version(s);
		if (!v || !*skip_ws(s) || skip_ws(s) == v ||
		    (size_t)(v - s) > KTAP_PREFIX_CAP)
			return s;
		k->prefix_len = (size_t)(v - s);
		memcpy(k->prefix, s, k->prefix_len);
		k->prefix[k->prefix_len] = '\0';
		return v;
	}
	if (k->prefix_len)
		return strncmp(s, k->prefix, k->prefix_len) ? NULL : s + k->prefix_len;
	return s;
}

/*
 * Kernel mode: the kernel panicked inside the document. The case running
 * now crashed (kunit.py stops at "Kernel panic - not syncing: VFS:"): the
 * reason of the first missing result when the document is closed, unless
 * KTAP goes on (the kernel ran on).
 */
static bool on_panic(struct ktap *k, const char *s)
{
	if (k->relay || !k->depth || k->crashed[0] ||
	    !after(s, "Kernel panic - not syncing"))
		return false;
	snprintf(k->crashed, sizeof(k->crashed), "crashed: %.*s",
		 (int)rtrim_len(s, strlen(s)), s);
	return true;
}

bool ktap_line(struct ktap *k, struct results *r, const char *text, long line)
{
	const char *s, *rest;
	int indent = 0, cont = k->diag_frame;
	unsigned long long plan;

	k->first_new = -1;
	k->diag_frame = -1;
	s = strip_prefix(k, text);
	if (!s) {
		on_panic(k, skip_ws(text));
		return false;
	}
	/* Tabs (older kernels) and spaces (4 per level since 6.x) mix. */
	for (;; s++) {
		if (*s == ' ')
			indent++;
		else if (*s == '\t')
			indent = (indent / KTAP_TAB + 1) * KTAP_TAB;
		else
			break;
	}
	if (after(s, "KTAP version ") || after(s, "TAP version ")) {
		k->crashed[0] = '\0';	/* structure: the kernel still runs */
		on_version(k, r, indent, line);
		return true;
	}
	if ((rest = after(s, "# Subtest:"))) {
		k->crashed[0] = '\0';
		on_subtest(k, r, indent, skip_ws(rest), line);
		return true;
	}
	if ((rest = after(s, "1..")) && parse_ulong(&rest, KTAP_MAX_PLAN, &plan) &&
	    (!*rest || *rest == ' ')) {
		k->crashed[0] = '\0';
		on_plan(k, r, indent, (long long)plan, line);
		return true;
	}
	if (((rest = after(s, "ok")) || (rest = after(s, "not ok"))) &&
	    (*rest == ' ' || !*rest)) {
		if (!k->depth && !k->relay)
			return false;
		k->crashed[0] = '\0';
		on_result(k, r, indent, s[0] == 'o', rest, line);
		return true;
	}
	if (after(s, "Bail out!")) {
		k->crashed[0] = '\0';
		ktap_finish(k, r, line, "no result (bail out)");
		return true;
	}
	if (on_panic(k, s))
		return false;	/* not structure: the panic is a report too */
	if ((rest = after(s, "# "))) {
		on_diag(k, indent, rest);
		return false;
	}
	/* The (indented) message line that follows a failure diagnostic. */
	if (cont >= 0 && cont < k->depth && indent > k->f[0].indent && *s) {
		struct ktap_frame *f = &k->f[cont];
		size_t len = strlen(f->diag);

		if (len + 2 < sizeof(f->diag)) {
			f->diag[len++] = ':';
			f->diag[len++] = ' ';
			str_copy(f->diag + len, sizeof(f->diag) - len, s,
				 rtrim_len(s, strlen(s)));
		}
	}
	return false;
}
