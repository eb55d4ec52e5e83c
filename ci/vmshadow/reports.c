// SPDX-License-Identifier: GPL-2.0
#include "reports.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void reports_init(struct repdet *d,
		  void (*on_start)(void *ctx, struct report *rep),
		  void (*on_end)(void *ctx, struct report *rep, bool stored),
		  void *ctx)
{
	memset(d, 0, sizeof(*d));
	d->on_start = on_start;
	d->on_end = on_end;
	d->ctx = ctx;
}

/* Lockdep and RCU-lockdep headers: WARNING reports without "CPU:". */
static const char *const lockdep_warnings[] = {
	"WARNING: possible ",
	"WARNING: suspicious RCU usage",
	"WARNING: inconsistent lock state",
	"WARNING: bad unlock balance detected",
	"WARNING: held lock freed",
	"WARNING: lock held when returning to user space",
	"WARNING: Nested lock was not taken",
	"WARNING: bad contention detected",
};

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

/* "Oops: ..." (x86, powerpc, s390) or "Internal error: ..." (arm64). */
static bool oops_header(const char *text)
{
	return after(text, "Oops: ") || after(text, "Oops - ") ||
	       after(text, "Internal error: ") || s390_die_code(text);
}

/* Where "vmalloc error: size N" starts: the line start or after "COMM: ". */
static const char *alloc_start(const char *text)
{
	const char *p = strstr(text, "vmalloc error: size ");

	if (!p || (p != text && (p - text < 2 || p[-1] != ' ' || p[-2] != ':')))
		return NULL;
	return p;
}

int reports_start_kind(const char *text)
{
	const char *rest;
	size_t i;

	if (after(text, "BUG: KASAN: "))
		return R_KASAN;
	if ((rest = after(text, "BUG: ")))
		return find_ci(rest, "unable to handle") ||
		       find_ci(rest, "null pointer dereference") ? R_OOPS : R_BUG;
	if (oops_header(text) || after(text, "Unable to handle kernel ") ||
	    after_ci(text, "kernel BUG at "))
		return R_OOPS;
	if (after(text, "WARNING: CPU: "))
		return R_WARNING;
	for (i = 0; i < ARRAY_SIZE(lockdep_warnings); i++)
		if (after(text, lockdep_warnings[i]))
			return R_WARNING;
	if (after(text, "Kernel panic - not syncing: "))
		return R_PANIC;
	if (alloc_start(text))
		return R_ALLOC;
	return -1;
}

static bool is_symchar(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '$';
}

bool reports_symbol(const char *s, char *out, size_t cap)
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

/* A hex number of 8+ digits at s (optional 0x), not inside a word. */
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
 * A stable title from a report's first line: no "[#1] PREEMPT SMP ..."
 * tail, nothing from the first address on, no dangling "at"/"for address";
 * an "Oops: WHAT, details: CODE" header keeps "Oops: WHAT" (x86 prints
 * "Oops: general protection fault, probably for non-canonical address
 * 0x...: 0000 [#1]", powerpc "Oops: Kernel access of bad area, sig: 11").
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
		while (n && strchr(" \t:,(=", text[n - 1])) {
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

static void set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = xstrcap(s, TEXT_CAP);
}

/* (Re)compute the title of the open report from what is known so far. */
static void retitle(struct repdet *d)
{
	struct report *rep = d->cur;
	char buf[2 * TEXT_CAP + 16], base[TEXT_CAP + 1];	/* capped by set_str */
	const char *rest;

	switch (rep->kind) {
	case R_KASAN:
		snprintf(buf, sizeof(buf), "KASAN: %s%s%s%s", rep->bug_type ? rep->bug_type : "",
			 rep->access == A_READ ? " Read" : rep->access == A_WRITE ? " Write" : "",
			 rep->function ? " in " : "", rep->function ? rep->function : "");
		break;
	case R_PANIC:
		rest = after(d->first, "Kernel panic - not syncing: ");
		rest = rest ? rest : d->first;
		snprintf(buf, sizeof(buf), "PANIC: %.*s", (int)rtrim_len(rest, strlen(rest)), rest);
		break;
	case R_WARNING:
		if (rep->function && after(d->first, "WARNING: CPU: ")) {
			snprintf(buf, sizeof(buf), "WARNING in %s", rep->function);
			break;
		}
		clean_title(d->first, buf, sizeof(buf));
		break;
	case R_ALLOC:
		rest = alloc_start(d->first);
		rest = rest ? rest : d->first;
		{
			const char *mode = strstr(rest, ", mode:");

			str_copy(base, sizeof(base), rest, mode ? (size_t)(mode - rest) : strlen(rest));
		}
		clean_title(base, buf, sizeof(buf));
		break;
	default:	/* BUG, OOPS */
		clean_title(d->first, base, sizeof(base));
		if (rep->function && !strstr(base, rep->function))
			snprintf(buf, sizeof(buf), "%s in %s", base, rep->function);
		else
			snprintf(buf, sizeof(buf), "%s", base);
		break;
	}
	set_str(&rep->title, buf);
}

/* "BUG: KASAN: TYPE in FUNC+0x../0x.." (TYPE may hold spaces). */
static void parse_kasan(struct report *rep, const char *rest)
{
	const char *in = strstr(rest, " in ");
	char sym[NAME_CAP + 1];
	size_t n = in ? (size_t)(in - rest) : rtrim_len(rest, strlen(rest));

	rep->bug_type = xstrndup(rest, n < NAME_CAP ? n : NAME_CAP);
	if (in && reports_symbol(in + 4, sym, sizeof(sym)))
		rep->function = xstrcap(sym, NAME_CAP);
}

/* "WARNING: CPU: 0 PID: 1 at FILE:LINE FUNC+0x../0x.." or "at FUNC+...". */
static void parse_warning(struct report *rep, const char *text)
{
	const char *at = strstr(text, " at "), *tok, *sp;
	char sym[NAME_CAP + 1];

	if (!at)
		return;
	tok = skip_ws(at + 4);
	sp = strchr(tok, ' ');
	if (sp && memchr(tok, ':', (size_t)(sp - tok)))
		tok = skip_ws(sp);	/* skip FILE:LINE */
	if (reports_symbol(tok, sym, sizeof(sym)))
		rep->function = xstrcap(sym, NAME_CAP);
}

/* The faulting function from a register dump line, if this is one. */
static bool regs_function(const char *text, char *sym, size_t cap)
{
	const char *p;

	if ((p = after(text, "RIP: "))) {		/* x86: RIP: 0010:func+.. */
		const char *colon = strchr(p, ':');

		return colon && reports_symbol(colon + 1, sym, cap);
	}
	if ((p = after(text, "pc : ")))		/* arm64 */
		return reports_symbol(p, sym, cap);
	if ((p = after(text, "NIP ["))) {		/* powerpc: NIP [addr] func+.. */
		const char *close = strchr(p, ']');

		return close && reports_symbol(close + 1, sym, cap);
	}
	if ((p = after(text, "Krnl PSW : "))) {	/* s390: ... (func+..) */
		const char *open = strchr(p, '(');

		return open && reports_symbol(open + 1, sym, cap);
	}
	return false;
}

/* Close the open report; its last line is the last one it was fed. */
static void end_report(struct repdet *d)
{
	struct report *rep = d->cur;

	if (!rep)
		return;
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
}

static void start_report(struct repdet *d, struct results *r, enum rkind kind,
			 const char *text, long line)
{
	struct report *rep = results_new_report(r);

	d->cur_stored = rep != NULL;
	if (!rep) {
		rep = &d->scratch;
		memset(rep, 0, sizeof(*rep));
	}
	rep->kind = kind;
	rep->first_line = rep->last_line = line;
	d->cur = rep;
	d->nlines = 1;
	d->oops_header = oops_header(text);
	d->tail = false;
	str_copy(d->first, sizeof(d->first), text, TEXT_CAP);
	if (kind == R_KASAN)
		parse_kasan(rep, after(text, "BUG: KASAN: "));
	else if (kind == R_WARNING)
		parse_warning(rep, text);
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

/* A line inside the open report: does it end it (with or before it)? */
static enum inside inside(struct repdet *d, const char *text)
{
	struct report *rep = d->cur;
	const char *p;
	char sym[NAME_CAP + 1];

	if (after(text, "---[ end trace ") || after(text, "---[ end Kernel panic"))
		return IN_END_WITH;
	if (rep->kind == R_KASAN) {
		size_t n = strspn(text, "=");

		if (n >= 20 && text[n] == '\0')
			return IN_END_WITH;
		if (rep->access == A_NONE && d->nlines <= 6) {
			if (after(text, "Read of size ") || after(text, "Read at addr "))
				rep->access = A_READ;
			else if (after(text, "Write of size ") || after(text, "Write at addr "))
				rep->access = A_WRITE;
			if (rep->access != A_NONE)
				retitle(d);
		}
		return IN_CONT;
	}
	/*
	 * Reports without an end marker: warn_alloc ends with show_mem's
	 * "N pages reserved" (then maybe "N pages cma reserved" and
	 * "N pages hwpoisoned"); a BUG that did not oops ends with its
	 * dump_stack (x86 " </TASK>").
	 */
	if (rep->kind == R_ALLOC) {
		if (pages_line(text, " pages reserved"))
			d->tail = true;
		else if (d->tail && !pages_line(text, " pages "))
			return IN_END_BEFORE;
		return IN_CONT;
	}
	if (rep->kind == R_BUG && !rep->oopsed && after(text, " </TASK>"))
		return IN_END_WITH;
	/*
	 * The oops of a wild address carries KASAN's decoding of it
	 * (kasan_non_canonical_hook): x86 general protection faults, arm64
	 * translation faults ("KASAN: probably wild-memory-access in range").
	 */
	if (rep->kind == R_OOPS && !rep->bug_type && (p = after(text, "KASAN: "))) {
		const char *in = strstr(p, " in range");

		if (in)
			rep->bug_type = xstrndup(p, (size_t)(in - p) < NAME_CAP ?
						 (size_t)(in - p) : NAME_CAP);
	}
	if (!rep->function && d->nlines <= REPORT_REGS_LINES &&
	    regs_function(text, sym, sizeof(sym))) {
		rep->function = xstrcap(sym, NAME_CAP);
		retitle(d);
	}
	return IN_CONT;
}

void reports_line(struct repdet *d, struct results *r, const char *text, long line)
{
	int kind = reports_start_kind(text);

	if (d->cur) {
		/* The oops header of the fault already being reported. */
		if (kind == R_OOPS && oops_header(text) && !d->oops_header &&
		    (d->cur->kind == R_OOPS || d->cur->kind == R_BUG)) {
			d->oops_header = true;
			d->cur->oopsed = true;
			d->cur->last_line = line;
			d->nlines++;
			return;
		}
		if (kind < 0) {
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
	}
	if (kind >= 0)
		start_report(d, r, (enum rkind)kind, text, line);
}

void reports_break(struct repdet *d)
{
	end_report(d);
}

void reports_finish(struct repdet *d)
{
	end_report(d);
}
