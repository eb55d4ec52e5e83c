// SPDX-License-Identifier: GPL-2.0
#include "oops.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void oops_init(struct oopsdet *d,
	       void (*on_start)(void *ctx, struct report *rep),
	       void (*on_end)(void *ctx, struct report *rep, bool stored),
	       void *ctx)
{
	memset(d, 0, sizeof(*d));
	d->cands = xmalloc(REPORT_MAX_CANDS * sizeof(*d->cands));
	d->on_start = on_start;
	d->on_end = on_end;
	d->ctx = ctx;
}

void oops_free(struct oopsdet *d)
{
	free(d->cands);
	d->cands = NULL;
}

int oops_start_kind(const char *text)
{
	struct oops_match m;
	const struct oops_format *f = oops_match(text, &m);

	return f ? (int)f->kind : -1;
}

static bool is_symchar(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '$';
}

bool oops_symbol(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	bool hex = true;

	s = skip_ws(s);
	if (s[0] == '?' && s[1] == ' ')
		s = skip_ws(s + 1);
	while (is_symchar(s[n]))
		n++;
	/* A symbol is followed by +off/size, a space or the end. */
	if (!n || (s[n] && s[n] != '+' && s[n] != ' ' && s[n] != ')'))
		return false;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return false;	/* an unsymbolized address */
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			hex = false;
	if (hex && n >= 8)
		return false;
	str_copy(out, cap, s, n);
	return true;
}

static size_t hex_token(const char *text, const char *s)
{
	size_t n = 0, pre = 0;

	if (s > text && isalnum((unsigned char)s[-1]))
		return 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		pre = 2;
	while (isxdigit((unsigned char)s[pre + n]))
		n++;
	if (n < 8 || isalnum((unsigned char)s[pre + n]) || s[pre + n] == '_')
		return 0;
	return pre + n;
}

/*
 * s390's die() header for a program check: "WHAT: CODE ilc:N [#N] ...",
 * e.g. "illegal operation: 0001 ilc:1 [#1] SMP" (arch/s390/kernel/dumpstack.c).
 * Returns where ": CODE" starts, or NULL.
 */
static const char *s390_die_code(const char *text)
{
	const char *p = strstr(text, " ilc:");
	int i;

	if (!p || p - text < 7 || !isdigit((unsigned char)p[5]) ||
	    strncmp(p + 6, " [#", 3))
		return NULL;
	for (i = 1; i <= 4; i++)
		if (!isxdigit((unsigned char)p[-i]))
			return NULL;
	return (p[-5] == ' ' && p[-6] == ':') ? p - 6 : NULL;
}

/*
 * A stable title from a report's first line: no "[#1] PREEMPT SMP ..."
 * tail, nothing from the first address on, no dangling "at"/"for address";
 * an "Oops: WHAT, details: CODE" header keeps "Oops: WHAT".
 */
static void clean_title(const char *text, char *out, size_t cap)
{
	static const char *const dangling[] = { "at", "for", "address", "addr", "virtual" };
	const char *end = strstr(text, " [#"), *p;
	size_t n = end ? (size_t)(end - text) : strlen(text);
	bool again = true;

	if (!after(text, "Oops: ") && s390_die_code(text))	/* keep "WHAT" */
		n = (size_t)(s390_die_code(text) - text);
	if (after(text, "Oops: ")) {
		const char *comma = strstr(text, ", ");
		const char *code = strstr(text + 6, ": ");

		if (comma && (size_t)(comma - text) < n)
			n = (size_t)(comma - text);
		if (code && (size_t)(code - text) < n) {
			/* "Oops: stack guard page: 0000": drop the error code */
			size_t i = 2;

			while (isxdigit((unsigned char)code[i]))
				i++;
			if (i > 2 && (size_t)(code - text) + i == n)
				n = (size_t)(code - text);
		}
	}

	for (p = text; p < text + n; p++)
		if (hex_token(text, p)) {
			n = (size_t)(p - text);
			break;
		}
	while (again && n) {
		size_t i;

		again = false;
		while (n && strchr(" \t:,(=[", text[n - 1])) {
			n--;
			again = true;
		}
		for (i = 0; i < ARRAY_SIZE(dangling); i++) {
			size_t w = strlen(dangling[i]);

			if (n > w && text[n - w - 1] == ' ' &&
			    !strncmp(text + n - w, dangling[i], w)) {
				n -= w;
				again = true;
			}
		}
	}
	str_copy(out, cap, text, n ? n : strlen(text));
}

/*
 * The function of a stack frame line, in every arch's format:
 *   x86, arm64:   " func+0x1a/0x20 [mod]"    ("? func" is unreliable)
 *   s390, riscv:  " [<0000000000123456>] func+0x1a/0x20", "([<..>] func+0x..)"
 *   powerpc:      "[c000000003c2fb10] [c0000000004e4d1c] func+0x1c/0x90"
 *                 ("(unreliable)" after it: skipped)
 *   arm:          " func from caller+0x../0x..", "[<c0123456>] (func) from ..."
 *   kmemleak:     "    [<ffffffff81234567>] func+0x../0x.."
 */
bool oops_frame(const char *text, char *out, size_t cap)
{
	const char *s = skip_ws(text), *p;
	size_t n = 0;

	if (*s == '(')
		s++;
	while (*s == '[') {
		const char *close = strchr(s, ']');

		if (!close || close - s < 5)
			return false;
		s = skip_ws(close + 1);
	}
	if (*s == '(')
		s++;
	if (s[0] == '?' && s[1] == ' ')
		return false;
	while (is_symchar(s[n]))
		n++;
	if (!n || n > NAME_CAP)
		return false;
	p = s + n;
	if (*p == ')')
		p++;
	if (after(p, " from ")) {		/* arm */
		str_copy(out, cap, s, n);
		return true;
	}
	if (!after(p, "+0x"))
		return false;
	p += 3;
	while (isxdigit((unsigned char)*p))
		p++;
	if (!after(p, "/0x"))
		return false;
	if (strstr(p, "(unreliable)"))
		return false;
	return oops_symbol(s, out, cap);
}

/* The faulting function from a register dump line, if this is one. */
static bool regs_function(const char *text, char *sym, size_t cap)
{
	const char *p;

	if ((p = after(text, "RIP: "))) {		/* x86: RIP: 0010:func+.. */
		const char *colon = strchr(p, ':');

		return colon && oops_symbol(colon + 1, sym, cap);
	}
	if ((p = after(text, "pc : ")) ||		/* arm64 */
	    (p = after(text, "epc : ")) ||		/* riscv */
	    (p = after(text, "PC is at ")))		/* arm */
		return oops_symbol(p, sym, cap);
	if ((p = after(text, "NIP ["))) {		/* powerpc: NIP [addr] func+.. */
		const char *close = strchr(p, ']');

		return close && oops_symbol(close + 1, sym, cap);
	}
	if ((p = after(text, "Krnl PSW : "))) {	/* s390: ... (func+..) */
		const char *open = strchr(p, '(');

		return open && oops_symbol(open + 1, sym, cap);
	}
	return false;
}

/* The culprit named on a first line: "in F+0x..", "in: F+0x..", "at FILE:LINE F+0x..". */
static bool header_function(const char *text, char *sym, size_t cap)
{
	const char *p;

	if ((p = strstr(text, " in: ")) && oops_symbol(p + 5, sym, cap))
		return true;
	if ((p = strstr(text, " in ")) && oops_symbol(p + 4, sym, cap) && strchr(p + 4, '+'))
		return true;
	if ((p = strstr(text, " at "))) {
		const char *tok = skip_ws(p + 4), *sp = strchr(tok, ' ');

		if (sp && memchr(tok, ':', (size_t)(sp - tok)))
			tok = skip_ws(sp);	/* skip FILE:LINE */
		return oops_symbol(tok, sym, cap) && strchr(tok, '+');
	}
	return false;
}

static void add_cand(struct oopsdet *d, enum cand_from from, const char *func)
{
	if (d->ncands == REPORT_MAX_CANDS)
		return;
	d->cands[d->ncands].from = from;
	str_copy(d->cands[d->ncands].func, sizeof(d->cands[0].func), func, NAME_CAP);
	d->ncands++;
}

/* The first candidate from one of the sources in mask that is not machinery. */
static const char *first_cand(const struct oopsdet *d, unsigned mask, unsigned skip)
{
	int i;

	for (i = 0; i < d->ncands; i++)
		if ((mask & (1u << d->cands[i].from)) &&
		    !oops_internal_frame(d->cands[i].func, skip))
			return d->cands[i].func;
	return NULL;
}

/*
 * The preferred source's first candidate that is not machinery, else the
 * stack's; when every candidate is class machinery (a memcpy with no
 * caller in the log), the preferred one that is at least no reporting code.
 */
static const char *choose_function(const struct oopsdet *d)
{
	static const unsigned from[] = {
		[FN_HEADER] = 1u << C_HEADER, [FN_REGS] = 1u << C_REGS,
		[FN_LOCK] = 1u << C_LOCK, [FN_STACK] = 0,
	};
	const unsigned stack = (1u << C_REGS) | (1u << C_FRAME);
	unsigned skip = d->fmt->skip, pref;
	const char *f;

	if (d->fmt->fn == FN_NONE)
		return NULL;
	pref = from[d->fmt->fn];
	if ((f = first_cand(d, pref, skip)) || (f = first_cand(d, stack, skip)))
		return f;
	return first_cand(d, pref ? pref : stack, 0);
}

/* %R: the rest of the first line without "+0x../0x.." offsets. */
static void strip_offsets(const char *s, char *out, size_t cap)
{
	size_t n = 0;

	while (*s && n + 1 < cap) {
		if (after(s, "+0x")) {
			while (*s && *s != ' ')
				s++;
			continue;
		}
		out[n++] = *s++;
	}
	out[n] = '\0';
	out[rtrim_len(out, n)] = '\0';
}

/* %V: warn_alloc's "vmalloc error: size N, REASON" or "page allocation failure: order:N". */
static void alloc_title(const char *first, char *out, size_t cap)
{
	const char *p = strstr(first, "vmalloc error: ");
	char base[TEXT_CAP + 1];
	const char *mode;

	if (!p)
		p = strstr(first, "page allocation failure: ");
	if (!p)
		p = first;
	mode = strstr(p, ", mode:");
	str_copy(base, sizeof(base), p, mode ? (size_t)(mode - p) : strlen(p));
	clean_title(base, out, cap);
}

/* (Re)make the open report's title from what is known so far. */
static void retitle(struct oopsdet *d)
{
	struct report *rep = d->cur;
	const char *t = d->fmt->title, *func = choose_function(d);
	struct strbuf b;
	char tmp[TEXT_CAP + 1];

	sb_init(&b, TEXT_CAP);
	for (; *t; t++) {
		const char *rest;

		if (*t != '%' || !t[1]) {
			sb_addn(&b, t, 1);
			continue;
		}
		switch (*++t) {
		case 'T':
			sb_add(&b, d->type);
			break;
		case 'A':
			sb_add(&b, rep->access == A_READ ? " Read" :
				   rep->access == A_WRITE ? " Write" : "");
			break;
		case 'H':
			clean_title(d->first, tmp, sizeof(tmp));
			sb_add(&b, tmp);
			break;
		case 'R':
			sb_add(&b, d->rest);
			break;
		case 'P':
			rest = after(d->first, "Kernel panic - not syncing: ");
			rest = rest ? rest : d->first;
			sb_addn(&b, rest, rtrim_len(rest, strlen(rest)));
			break;
		case 'L':
			if (d->where[0])
				sb_add(&b, d->where);
			else if (b.s && b.len >= 3 && !strcmp(b.s + b.len - 3, " at"))
				b.s[b.len -= 3] = '\0';
			break;
		case 'V':
			alloc_title(d->first, tmp, sizeof(tmp));
			sb_add(&b, tmp);
			break;
		default:
			sb_addn(&b, t - 1, 2);
		}
	}
	if (func && (!b.s || !strstr(b.s, func)))
		sb_addf(&b, " in %s", func);
	free(rep->function);
	rep->function = func ? xstrcap(func, NAME_CAP) : NULL;
	free(rep->title);
	rep->title = sb_take(&b);
}

/* Close the open report; its last line is the last one it was fed. */
static void end_report(struct oopsdet *d)
{
	struct report *rep = d->cur;

	if (!rep)
		return;
	retitle(d);
	if (d->on_end)
		d->on_end(d->ctx, rep, d->cur_stored);
	if (!d->cur_stored) {
		free(rep->title);
		free(rep->bug_type);
		free(rep->function);
		free(rep->attributed_to);
		memset(rep, 0, sizeof(*rep));
	}
	d->cur = NULL;
	d->fmt = NULL;
}

/*
 * %T: what the last '*' matched, else the rest of the line up to " in "
 * (or, in KASAN's format before 4.13, " on address" / " at addr ").
 */
static void set_type(struct oopsdet *d, const struct oops_match *m)
{
	static const char *const stops[] = { " in ", " on address", " at addr " };
	const char *s = m->star ? m->star : m->end;
	size_t n = m->star ? m->starn : strlen(s), i;

	for (i = 0; !m->star && i < ARRAY_SIZE(stops); i++) {
		const char *stop = strstr(s, stops[i]);

		if (stop && (size_t)(stop - s) < n)
			n = (size_t)(stop - s);
	}
	n = rtrim_len(s, n);
	str_copy(d->type, sizeof(d->type), s, n < NAME_CAP ? n : NAME_CAP);
	/* KFENCE's "use-after-free read" reads like KASAN's "... Read" */
	n = strlen(d->type);
	if (n > 5 && !strcmp(d->type + n - 5, " read"))
		d->type[n - 4] = 'R';
	else if (n > 6 && !strcmp(d->type + n - 6, " write"))
		d->type[n - 5] = 'W';
	strip_offsets(m->end, d->rest, sizeof(d->rest));
}

static void start_report(struct oopsdet *d, struct results *r, const struct oops_format *f,
			 const struct oops_match *m, const char *text, long line)
{
	struct report *rep = results_new_report(r);
	char sym[NAME_CAP + 1];

	d->cur_stored = rep != NULL;
	if (!rep) {
		rep = &d->scratch;
		memset(rep, 0, sizeof(*rep));
	}
	rep->kind = f->kind;
	rep->class = f->class;
	rep->first_line = rep->last_line = line;
	d->cur = rep;
	d->fmt = f;
	d->nlines = 1;
	d->joined = 0;
	d->tail = false;
	d->marker = false;
	d->not_frame = false;
	d->ncands = 0;
	d->where[0] = '\0';
	str_copy(d->first, sizeof(d->first), text, TEXT_CAP);
	set_type(d, m);
	if (f->kind == R_KASAN || f->kind == R_KFENCE || f->kind == R_KMSAN ||
	    f->kind == R_KCSAN || f->kind == R_UBSAN)
		rep->bug_type = xstrcap(d->type, NAME_CAP);
	if (header_function(text, sym, sizeof(sym)))
		add_cand(d, C_HEADER, sym);
	retitle(d);
	if (d->on_start)
		d->on_start(d->ctx, rep);
}

/* What a line does to the open report. */
enum inside { IN_CONT, IN_END_WITH, IN_END_BEFORE };

/* "N pages ..." (the tail of show_mem after warn_alloc). */
static bool pages_line(const char *text, const char *what)
{
	unsigned long long n;

	return parse_ulong(&text, ~0ULL, &n) && after(text, what);
}

static bool equals_line(const char *text)
{
	size_t n = strspn(text, "=");

	return n >= 20 && text[n] == '\0';
}

/* Function candidates and details from a line inside the open report. */
static void read_details(struct oopsdet *d, const char *text)
{
	struct report *rep = d->cur;
	char sym[NAME_CAP + 1];
	const char *p;

	if ((rep->kind == R_KASAN || rep->kind == R_KFENCE) && rep->access == A_NONE &&
	    d->nlines <= 6) {
		if (after(text, "Read of size ") || after(text, "Read at addr "))
			rep->access = A_READ;
		else if (after(text, "Write of size ") || after(text, "Write at addr "))
			rep->access = A_WRITE;
	}
	/*
	 * The oops of a wild address carries KASAN's decoding of it
	 * (mm/kasan/report.c kasan_non_canonical_hook(): x86 general
	 * protection faults, arm64 and riscv translation faults).
	 */
	if (rep->kind == R_OOPS && !rep->bug_type && (p = after(text, "KASAN: "))) {
		const char *in = strstr(p, " in range");

		if (in)
			rep->bug_type = xstrndup(p, (size_t)(in - p) < NAME_CAP ?
						 (size_t)(in - p) : NAME_CAP);
	}
	/* lockdep_rcu_suspicious(): "mm/vmalloc.c:123 suspicious rcu_dereference_check() usage!" */
	if (!d->where[0] && d->nlines <= 6 && (p = strchr(text, ' ')) && p > text &&
	    memchr(text, ':', (size_t)(p - text)) && memchr(text, '.', (size_t)(p - text)) &&
	    isdigit((unsigned char)p[-1]))
		str_copy(d->where, sizeof(d->where), text, (size_t)(p - text));
	/* kmemleak's verbose lines carry its prefix: "kmemleak:     f+0x1/0x2" */
	if ((p = after(text, "kmemleak: ")))
		text = p;
	if (d->nlines > REPORT_FRAME_LINES)
		return;
	/* __might_resched(): "Preemption disabled at:" + the ip that disabled it */
	if (d->not_frame) {
		d->not_frame = false;
		return;
	}
	if (after(text, "Preemption disabled at:")) {
		d->not_frame = true;
		return;
	}
	if (regs_function(text, sym, sizeof(sym)))
		add_cand(d, C_REGS, sym);
	else if ((p = strstr(text, ", at: ")) && oops_symbol(p + 6, sym, sizeof(sym)))
		add_cand(d, C_LOCK, sym);
	else if (oops_frame(text, sym, sizeof(sym)))
		add_cand(d, C_FRAME, sym);
}

/* A line inside the open report: does it end it (with or before it)? */
static enum inside inside(struct oopsdet *d, const char *text)
{
	struct report *rep = d->cur;
	enum oops_end end = d->fmt->end;

	if (after(text, "---[ end trace ") || after(text, "---[ end Kernel panic")) {
		d->marker = true;
		return IN_END_WITH;
	}
	if (rep->oopsed && end == END_TASK)
		end = END_MARKED;
	switch (end) {
	case END_MARKED:
		if (equals_line(text) && d->nlines >= 2) {
			d->marker = true;
			return IN_END_WITH;
		}
		break;
	case END_TASK:
		if (after(text, " </TASK>")) {
			d->marker = true;
			return IN_END_WITH;
		}
		/* fall through */
	case END_OPEN:
		if (equals_line(text))
			return IN_END_BEFORE;	/* the next report's opening rule */
		break;
	case END_ALLOC:
		/*
		 * warn_alloc ends with show_mem's "N pages reserved" (then maybe
		 * "N pages cma reserved" and "N pages hwpoisoned"); its
		 * dump_stack()'s "</TASK>" comes before the Mem-Info block.
		 */
		if (pages_line(text, " pages reserved"))
			d->tail = true;
		else if (d->tail && !pages_line(text, " pages "))
			return IN_END_BEFORE;
		break;
	}
	read_details(d, text);
	return IN_CONT;
}

/* Does f's line continue the open report instead of starting one? */
static bool joins(const struct oopsdet *d, const struct oops_format *f)
{
	return d->cur && (f->joins & (1u << d->cur->kind)) && f != d->fmt &&
	       (f->join_repeat || (!d->joined && d->nlines <= REPORT_JOIN_LINES));
}

void oops_line(struct oopsdet *d, struct results *r, const char *text, long line)
{
	struct oops_match m;
	const struct oops_format *f = oops_match(text, &m);

	if (f && joins(d, f)) {
		char sym[NAME_CAP + 1];

		d->joined++;
		if (f->kind == R_OOPS)
			d->cur->oopsed = true;
		if (header_function(text, sym, sizeof(sym)))
			add_cand(d, C_HEADER, sym);
		d->cur->last_line = line;
		d->nlines++;
		return;
	}
	if (d->cur && !f) {
		enum inside in = inside(d, text);

		if (in != IN_END_BEFORE) {
			d->nlines++;
			d->cur->last_line = line;
			if (in == IN_END_WITH || d->nlines >= REPORT_MAX_LINES)
				end_report(d);
			return;
		}
	}
	end_report(d);
	if (f)
		start_report(d, r, f, &m, text, line);
}

void oops_break(struct oopsdet *d)
{
	end_report(d);
}

void oops_finish(struct oopsdet *d)
{
	struct report *rep = d->cur;

	if (rep) {
		enum oops_end end = d->fmt->end;

		if (end == END_ALLOC)
			rep->cut_short = !d->tail;
		else if (end == END_MARKED || end == END_TASK || rep->oopsed)
			rep->cut_short = !d->marker;
		else
			rep->cut_short = d->fmt->fn != FN_NONE && !d->ncands;
	}
	end_report(d);
}
