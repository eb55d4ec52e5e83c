// SPDX-License-Identifier: GPL-2.0
/*
 * vmshadow unit tests: kernel reports (oops.c: which lines start one,
 * attribution to a test, expect=), test_vmalloc lines (tvmalloc.c), the
 * runner steps and the verdict (parse.c). On the TAP harness of
 * tests/harness.h; parse helpers in tests/parse_helpers.h.
 *
 *   vmshadow-verdict-test FIXTURES_DIR VMSHADOW_BINARY
 */
#include "tests/parse_helpers.h"

static void t_report_kinds(void)
{
	static const struct { const char *line; int kind; } cases[] = {
		{ "BUG: KASAN: slab-out-of-bounds in foo+0x1/0x2", R_KASAN },
		{ "BUG: KASAN: maybe wild-memory-access in foo+0x1/0x2", R_KASAN },
		{ "BUG: unable to handle page fault for address: ffffc90000a3efff", R_OOPS },
		{ "BUG: kernel NULL pointer dereference, address: 0000000000000000", R_OOPS },
		{ "BUG: Kernel NULL pointer dereference on read at 0x00000000", R_OOPS },
		{ "BUG: Unable to handle kernel data access on write at 0xc000000000000000", R_OOPS },
		{ "BUG: sleeping function called from invalid context at mm/slub.c:4123", R_BUG },
		{ "BUG: TASK stack guard page was hit at 00000000e4c3f7a5 (stack is 1..2)", R_OOPS },
		{ "Oops: general protection fault, probably for non-canonical address 0xdffffc0000000000: 0000 [#1] PREEMPT SMP KASAN NOPTI", R_OOPS },
		{ "Internal error: Oops: 0000000096000007 [#1] PREEMPT SMP", R_OOPS },
		{ "Unable to handle kernel paging request at virtual address ffff800082a37fff", R_OOPS },
		{ "kernel BUG at mm/vmalloc.c:3210!", R_OOPS },
		{ "Kernel BUG at mm/vmalloc.c:3210!", R_OOPS },
		{ "WARNING: CPU: 1 PID: 70 at mm/slub.c:4658 free_large_kmalloc+0x82/0xb0", R_WARNING },
		{ "WARNING: possible circular locking dependency detected", R_LOCKDEP },
		{ "Kernel panic - not syncing: Fatal exception", R_PANIC },
		{ "vmalloc_test/0: vmalloc error: size 4096, vm_struct allocation failed, mode:0xdc0(GFP_KERNEL|__GFP_ZERO), nodemask=(null)", R_ALLOC },
		{ "vmalloc error: size 4096, exceeds total pages", R_ALLOC },
		{ "vmalloc_test/0: page allocation failure: order:4, mode:0x40dc0(GFP_KERNEL|__GFP_COMP|__GFP_ZERO), nodemask=(null)", R_NOMEM },
		{ "kworker/u8:3: page allocation failure: order:0, mode:0x820(GFP_ATOMIC), nodemask=(null),cpuset=/,mems_allowed=0", R_NOMEM },
		{ "KASAN: null-ptr-deref in range [0x0-0x7]", -1 },
		{ "WARNING: Spectre v2 mitigation leaves CPU vulnerable", -1 },
		{ " BUG: indented is a stack line", -1 },
		{ "x: novmalloc error: size 1", -1 },
		{ "kasan: test: BUG: not at line start", -1 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		check(oops_start_kind(cases[i].line) == cases[i].kind, __FILE__, __LINE__,
		      "kind of \"%s\" is %d", cases[i].line, cases[i].kind);
}

static void t_report_symbol(void)
{
	char s[64];

	CHECK(oops_symbol("kmalloc_oob_right+0x6bd/0x760 [kasan_test]", s, sizeof(s)));
	CHECK_STR(s, "kmalloc_oob_right");
	CHECK(oops_symbol("? __pfx_foo.cold+0x10/0x10", s, sizeof(s)));
	CHECK_STR(s, "__pfx_foo.cold");
	CHECK(oops_symbol("vmap", s, sizeof(s)));
	CHECK(!oops_symbol("0x4a1c27", s, sizeof(s)));
	CHECK(!oops_symbol("ffffffff81234567", s, sizeof(s)));
	CHECK(!oops_symbol("", s, sizeof(s)));
	CHECK(!oops_symbol("foo/bar", s, sizeof(s)));
}

static void t_runner_error_and_broken(void)
{
	/* docs/console-grammar.md: "# ERROR reason" = the step could not
	 * run; broken_* steps run a program that must fail. */
	struct results *r = parse(
		"vmshadow: runner 1 start plan=selftest arch=x86_64 cpus=2 kernel=6.12.117\n"
		"vmshadow: 1..3\n"
		"vmshadow: # step 1 test_vmalloc begin expect=ALLOC\n"
		"vmshadow: not ok 1 test_vmalloc # ERROR finit_module: Invalid argument (errno 22)\n"
		"vmshadow: # step 2 broken_vmalloc_oob_break_oob begin expect=KASAN\n"
		"vmshadow:     TAP version 13\n"
		"vmshadow:     1..3\n"
		"vmshadow:     ok 1 oob_in_bounds\n"
		"vmshadow:     not ok 2 oob_read # no vmalloc-out-of-bounds report\n"
		"vmshadow: ok 2 broken_vmalloc_oob_break_oob # failed with break_oob set, as it must (exit 1)\n"
		"vmshadow: # step 3 kselftest_vmalloc_oob begin expect=KASAN\n"
		"vmshadow:     1..1\n"
		"vmshadow:     not ok 1 oob_read\n"
		"vmshadow: not ok 3 kselftest_vmalloc_oob # exit 1\n"
		"vmshadow: runner end\n");

	CHECK_INT(status_of(r, "runner", "test_vmalloc"), T_ERROR);
	CHECK_STR(find_test(r, "runner", "test_vmalloc")->reason,
		  "finit_module: Invalid argument (errno 22)");
	CHECK_INT(status_of(r, "broken_vmalloc_oob_break_oob", "oob_in_bounds"), T_PASS);
	CHECK_INT(status_of(r, "broken_vmalloc_oob_break_oob", "oob_read"), T_XFAIL);
	CHECK_STR(find_test(r, "broken_vmalloc_oob_break_oob", "oob_read")->reason,
		  "fails on purpose (broken_vmalloc_oob_break_oob): FAIL: no vmalloc-out-of-bounds report");
	CHECK_INT(status_of(r, "broken_vmalloc_oob_break_oob", "#3"), T_XFAIL);
	CHECK_INT(status_of(r, "runner", "broken_vmalloc_oob_break_oob"), T_PASS);
	/* The same failure outside a broken_ step is a failure. */
	CHECK_INT(status_of(r, "kselftest_vmalloc_oob", "oob_read"), T_FAIL);
	CHECK_INT(r->counts.n[T_FAIL], 2);
	CHECK_INT(r->counts.n[T_ERROR], 1);
	CHECK_INT(r->counts.n[T_XFAIL], 2);
}

static void t_report_attribution_kunit(void)
{
	struct results *r = parse(
		"KTAP version 1\n1..2\n"
		"    # Subtest: kasan\n    1..2\n"
		"==================================================================\n"
		"BUG: KASAN: slab-out-of-bounds in kmalloc_oob_right+0x6bd/0x760\n"
		"Write of size 1 at addr ffff888003a5e273 by task kunit_try_catch/63\n"
		"\n"
		"==================================================================\n"
		"    ok 1 kmalloc_oob_right\n"
		"WARNING: CPU: 0 PID: 64 at mm/slub.c:1 kfree+0x1/0x2\n"
		"---[ end trace 0000000000000000 ]---\n"
		"    ok 2 second\n"
		"ok 1 kasan\n"
		"    # Subtest: other\n    1..1\n"
		"    ok 1 c\n"
		"BUG: KASAN: use-after-free in f+0x1/0x2\n"
		"Read of size 8 at addr ffff888003a5e273 by task kunit_try_catch/70\n"
		"==================================================================\n"
		"ok 1 other\n");

	CHECK_INT(r->nreports, 3);
	CHECK_INT(r->reports[0].kind, R_KASAN);
	CHECK_STR(r->reports[0].title, "KASAN: slab-out-of-bounds Write in kmalloc_oob_right");
	CHECK_STR(r->reports[0].attributed_to, "kasan/kmalloc_oob_right");
	CHECK(r->reports[0].expected);
	CHECK_INT(r->reports[0].first_line, 6);
	CHECK_INT(r->reports[0].last_line, 9);
	/* A WARNING inside the kasan suite is not expected. */
	CHECK_STR(r->reports[1].attributed_to, "kasan/second");
	CHECK(!r->reports[1].expected);
	CHECK_STR(r->reports[1].title, "WARNING in kfree");
	/* A KASAN report in a suite that is not kasan* is not expected; the
	 * suite ended without a case result after it. */
	CHECK_STR(r->reports[2].attributed_to, "other");
	CHECK(!r->reports[2].expected);
	CHECK_INT(r->counts.unexpected_reports, 2);
}

static void t_report_attribution_runner(void)
{
	struct results *r = parse(
		"[    1.0] Run /init as init process\n"
		"[    1.1] vmshadow: runner 1 start plan=smoke arch=x86_64 cpus=2 kernel=6.12.117\n"
		"[    1.1] vmshadow: TAP version 13\n"
		"[    1.1] vmshadow: 1..3\n"
		"[    1.2] vmshadow: # step 1 lkdtm_STACK_GUARD_PAGE_LEADING begin expect=KASAN,OOPS,BUG\n"
		"[    1.3] BUG: unable to handle page fault for address: ffffc90000a3efff\n"
		"[    1.3] #PF: supervisor read access in kernel mode\n"
		"[    1.3] Oops: 0000 [#1] PREEMPT SMP KASAN NOPTI\n"
		"[    1.3] RIP: 0010:lkdtm_STACK_GUARD_PAGE_LEADING+0x8c/0xb0\n"
		"[    1.3] ---[ end trace 0000000000000000 ]---\n"
		"[    1.4] vmshadow: ok 1 lkdtm_STACK_GUARD_PAGE_LEADING # killed\n"
		"[    1.5] vmshadow: # step 2 test_vmalloc begin expect=ALLOC\n"
		"[    1.6] WARNING: CPU: 0 PID: 1 at mm/vmalloc.c:1 vfree+0x1/0x2\n"
		"[    1.6] ---[ end trace 0000000000000000 ]---\n"
		"[    1.7] vmshadow: ok 2 test_vmalloc # 11 tests\n"
		"[    1.8] vmshadow: # step 3 quiet begin expect=none\n"
		"[    1.8] kernel BUG at mm/slub.c:12!\n"
		"[    1.8] Oops: invalid opcode: 0000 [#2] PREEMPT SMP KASAN NOPTI\n"
		"[    1.8] RIP: 0010:kfree+0x1/0x2\n"
		"[    1.8] vmshadow: ok 3 quiet # exit 0\n"
		"[    1.9] BUG: sleeping function called from invalid context at mm/x.c:1\n"
		"[    1.9] Call Trace:\n"
		"[    1.9]  <TASK>\n"
		"[    1.9]  dump_stack_lvl+0x5d/0x80\n"
		"[    1.9]  </TASK>\n"
		"[    1.9] unrelated line\n"
		"[    2.0] vmshadow: runner end\n");

	CHECK_INT(r->nreports, 4);
	/* One splat, one report: the Oops line belongs to the BUG line. */
	CHECK_INT(r->reports[0].kind, R_OOPS);
	CHECK_STR(r->reports[0].function, "lkdtm_STACK_GUARD_PAGE_LEADING");
	CHECK_STR(r->reports[0].title,
		  "BUG: unable to handle page fault in lkdtm_STACK_GUARD_PAGE_LEADING");
	CHECK_STR(r->reports[0].attributed_to, "lkdtm_STACK_GUARD_PAGE_LEADING");
	CHECK(r->reports[0].expected);
	CHECK_INT(r->reports[0].first_line, 6);
	CHECK_INT(r->reports[0].last_line, 10);
	CHECK_STR(r->reports[1].attributed_to, "test_vmalloc");
	CHECK(!r->reports[1].expected);
	CHECK_INT(r->reports[2].kind, R_OOPS);
	CHECK_STR(r->reports[2].title, "kernel BUG in kfree");
	CHECK(!r->reports[2].expected);
	CHECK_INT(r->reports[2].last_line, 19);
	/* Outside any step; a BUG that did not oops ends with its stack. */
	CHECK_INT(r->reports[3].kind, R_BUG);
	CHECK(r->reports[3].attributed_to == NULL);
	CHECK_INT(r->reports[3].last_line, 25);
	CHECK_INT(r->counts.unexpected_reports, 3);
	CHECK_INT(r->verdict, V_FAIL);
	CHECK_STR(r->verdict_reason, "unexpected WARNING in vfree; unexpected kernel BUG "
		  "in kfree; unexpected BUG: sleeping function called from invalid context");
	CHECK(r->boot.has_init_seconds && r->boot.init_seconds > 1.09);
}

static void t_report_kasan_then_oops(void)
{
	/* An oops after a KASAN report is a report of its own; BUG + oops
	 * also matches OOPS in expect=. */
	struct results *r = parse(
		"vmshadow: # step 1 g begin expect=KASAN,OOPS\n"
		"==================================================================\n"
		"BUG: KASAN: vmalloc-out-of-bounds in lkdtm_STACK_GUARD_PAGE_TRAILING+0x8c/0xb0\n"
		"Read of size 1 at addr ffffc90000a40000 by task init/98\n"
		"==================================================================\n"
		"BUG: TASK stack guard page was hit at 00000000e4c3f7a5 (stack is 0000000019a8d2c4..00000000b0c7a5e1)\n"
		"Oops: stack guard page: 0000 [#1] PREEMPT SMP KASAN NOPTI\n"
		"RIP: 0010:lkdtm_STACK_GUARD_PAGE_TRAILING+0x8c/0xb0\n"
		"---[ end trace 0000000000000000 ]---\n"
		"vmshadow: ok 1 g\n");

	CHECK_INT(r->nreports, 2);
	CHECK_INT(r->reports[0].kind, R_KASAN);
	CHECK_INT(r->reports[0].access, A_READ);
	CHECK_INT(r->reports[1].kind, R_OOPS);
	CHECK(r->reports[1].oopsed);
	CHECK(r->reports[1].expected);
	CHECK_STR(r->reports[1].title,
		  "BUG: TASK stack guard page was hit in lkdtm_STACK_GUARD_PAGE_TRAILING");
}

static void t_report_arm64_wording(void)
{
	struct results *r = parse(
		"BUG: KASAN: maybe wild-memory-access in lkdtm_STACK_GUARD_PAGE_LEADING+0x4c/0x80\n"
		"Read of size 1 at addr ffff800082a37fff by task init/97\n"
		"==================================================================\n"
		"BUG: KASAN: double-free in kfree_sensitive+0x13/0x50\n"
		"Free of addr ffff888003a5e3c0 by task kunit_try_catch/66\n"
		"==================================================================\n"
		"BUG: KASAN: invalid-access\n"
		"Asynchronous fault: no details available\n"
		"==================================================================\n"
		"Unable to handle kernel paging request at virtual address ffff800082a37fff\n"
		"Internal error: Oops: 0000000096000007 [#1] PREEMPT SMP\n"
		"pc : lkdtm_STACK_GUARD_PAGE_LEADING+0x54/0x80\n"
		"---[ end trace 0000000000000000 ]---\n");

	CHECK_INT(r->nreports, 4);
	CHECK_STR(r->reports[0].bug_type, "maybe wild-memory-access");
	CHECK_STR(r->reports[0].function, "lkdtm_STACK_GUARD_PAGE_LEADING");
	CHECK_STR(r->reports[0].title,
		  "KASAN: maybe wild-memory-access Read in lkdtm_STACK_GUARD_PAGE_LEADING");
	CHECK_STR(r->reports[1].bug_type, "double-free");
	CHECK_INT(r->reports[1].access, A_NONE);
	CHECK_STR(r->reports[1].title, "KASAN: double-free in kfree_sensitive");
	CHECK_STR(r->reports[2].title, "KASAN: invalid-access");
	CHECK(r->reports[2].function == NULL);
	CHECK_INT(r->reports[3].kind, R_OOPS);
	CHECK_STR(r->reports[3].title,
		  "Unable to handle kernel paging request in lkdtm_STACK_GUARD_PAGE_LEADING");
	CHECK_INT(r->reports[3].last_line, 13);
}

/*
 * arm64, real lines (out/selftest/...-arm64): the translation-fault oops
 * carries KASAN's decoding of the address; when the load faults on the
 * shadow itself there is no "BUG: KASAN" line at all (arch-arm64/notes.md).
 */
static void t_report_arm64_oops_only(void)
{
	struct results *r = parse(
		"[   11.2] vmshadow: # step 3 lkdtm_STACK_GUARD_PAGE_LEADING begin expect=KASAN,OOPS,BUG\n"
		"[   11.321024] Unable to handle kernel paging request at virtual address ffff7000100e7fff\n"
		"[   11.323321] KASAN: probably wild-memory-access in range [0x0003000080739ff8-0x0003000080739fff]\n"
		"[   11.323542] Mem abort info:\n"
		"[   11.323621]   ESR = 0x0000000096000007\n"
		"[   11.328346] Internal error: Oops: 0000000096000007 [#1] SMP\n"
		"[   11.328632] Modules linked in: vmshadow_test(O) [last unloaded: vmshadow_churn(O)]\n"
		"[   11.331377] pc : lkdtm_STACK_GUARD_PAGE_LEADING+0xb4/0xe8\n"
		"[   11.331500] lr : lkdtm_do_action+0x2c/0x50\n"
		"[   11.342610] ---[ end trace 0000000000000000 ]---\n"
		"[   11.7] vmshadow: ok 3 lkdtm_STACK_GUARD_PAGE_LEADING # child killed by signal 11\n");

	CHECK_INT(r->nreports, 1);
	CHECK_INT(r->reports[0].kind, R_OOPS);
	CHECK_STR(r->reports[0].bug_type, "probably wild-memory-access");
	CHECK_STR(r->reports[0].function, "lkdtm_STACK_GUARD_PAGE_LEADING");
	CHECK_STR(r->reports[0].title,
		  "Unable to handle kernel paging request in lkdtm_STACK_GUARD_PAGE_LEADING");
	CHECK(r->reports[0].expected);
	CHECK_INT(r->reports[0].last_line, 10);
}

static void t_report_other_arches(void)
{
	struct results *r = parse(
		"BUG: Kernel NULL pointer dereference on read at 0x00000000\n"
		"Faulting instruction address: 0xc0000000008a1b2c\n"
		"Oops: Kernel access of bad area, sig: 11 [#1]\n"
		"NIP [c0000000008a1b2c] ppc_func+0x2c/0x50\n"
		"---[ end trace 0000000000000000 ]---\n"
		"Unable to handle kernel pointer dereference in virtual kernel address space\n"
		"Oops: 0004 ilc:3 [#1] PREEMPT SMP\n"
		"Krnl PSW : 0704c00180000000 000000000093d7d8 (s390_func+0x14/0x30)\n"
		"---[ end trace 0000000000000000 ]---\n"
		"illegal operation: 0001 ilc:1 [#2] SMP\n"
		"Krnl PSW : 0704c00180000000 000003ff8004a2b6 (features_read+0x6/0x1b0)\n"
		"---[ end trace 0000000000000000 ]---\n");

	CHECK_INT(r->nreports, 3);
	CHECK_INT(r->reports[2].kind, R_OOPS);
	CHECK_STR(r->reports[2].title, "illegal operation in features_read");
	CHECK_STR(r->reports[2].function, "features_read");
	CHECK_STR(r->reports[0].function, "ppc_func");
	CHECK_STR(r->reports[0].title, "BUG: Kernel NULL pointer dereference on read in ppc_func");
	CHECK_STR(r->reports[1].function, "s390_func");
}

static void t_report_panic(void)
{
	struct results *r = parse(
		"[    5.0] vmshadow: runner 1 start plan=smoke arch=x86_64 cpus=2 kernel=6.12.117\n"
		"[    5.1] Kernel panic - not syncing: kasan.fault=panic set ...  \n"
		"[    5.1] Kernel Offset: disabled\n"
		"[    5.1] ---[ end Kernel panic - not syncing: kasan.fault=panic set ... ]---\n");

	CHECK_INT(r->nreports, 1);
	CHECK_INT(r->reports[0].kind, R_PANIC);
	CHECK_STR(r->reports[0].title, "PANIC: kasan.fault=panic set ...");
	CHECK_INT(r->reports[0].last_line, 4);
	CHECK_INT(r->verdict, V_CRASH);
	CHECK_STR(r->verdict_reason, "PANIC: kasan.fault=panic set ...");
}

static void t_report_alloc_span(void)
{
	struct results *r = parse(
		"vmalloc_test/0: vmalloc error: size 4096, vm_struct allocation failed, mode:0xdc0(GFP_KERNEL|__GFP_ZERO), nodemask=(null)\n"
		"Mem-Info:\n"
		"262110 pages RAM\n"
		"34279 pages reserved\n"
		"0 pages hwpoisoned\n"
		"Summary: fix_size_alloc_test passed: 1 failed: 0 repeat: 1 loops: 1000 avg: 1 usec\n");

	CHECK_INT(r->nreports, 1);
	CHECK_INT(r->reports[0].kind, R_ALLOC);
	CHECK_STR(r->reports[0].title, "vmalloc error: size 4096, vm_struct allocation failed");
	CHECK_INT(r->reports[0].last_line, 5);
	CHECK(!r->reports[0].expected);
}

static void t_report_many(void)
{
	/* 6000 reports: 5000 kept, all counted, output still valid. */
	struct strbuf b;
	struct results *r;
	int i;

	sb_init(&b, 1 << 24);
	sb_add(&b, "vmshadow: # step 1 warn begin expect=WARNING\n");
	for (i = 0; i < 6000; i++)
		sb_addf(&b, "WARNING: CPU: 0 PID: 1 at a.c:%d f%d+0x1/0x2\n"
			"---[ end trace 0000000000000000 ]---\n", i, i % 7);
	sb_add(&b, "vmshadow: ok 1 warn\nBUG: KASAN: x in y+0x1/0x2\n");
	r = parse(b.s);
	sb_free(&b);
	CHECK_INT(r->nreports, MAX_REPORTS);
	CHECK_INT(r->counts.reports, 6001);
	CHECK_INT(r->counts.unexpected_reports, 1);
	CHECK_INT(r->dropped_reports, 1001);
	check_outputs(r, "many_reports");
}

static void t_tvmalloc(void)
{
	struct results *r = parse(
		"Summary: align_shift_alloc_test passed: 1 failed: 0 repeat: 1 loops: 10 avg: 5 usec\n"
		"All test took worker0=123 cycles\n"
		"vmshadow: # step 1 test_vmalloc_N begin expect=ALLOC\n"
		"test_vmalloc: Summary: fix_size_alloc_test passed: 2 failed: 0 repeat: 2 loops: 1000 avg: 1033953 usec\n"
		"test_vmalloc: Summary: align_shift_alloc_test passed: 0 failed: 2 repeat: 2 loops: 1000 avg: 7 usec\n"
		"test_vmalloc: All test took worker0=9876543210 cycles\n"
		"test_vmalloc: Summary: fix_size_alloc_test passed: 1 failed: 1 repeat: 2 loops: 1000 avg: 99 usec\n"
		"test_vmalloc: All test took worker1=1 cycles\n"
		"Summary: garbage line\n"
		"vmshadow: ok 1 test_vmalloc_N\n");

	CHECK_INT(r->ntvm, 4);
	CHECK_INT(r->ncycles, 3);
	CHECK(r->tvm[0].step == NULL);
	CHECK_STR(r->tvm[1].step, "test_vmalloc_N");
	CHECK_INT(r->tvm[1].avg_usec, 1033953);
	CHECK_INT(r->tvm[1].loops, 1000);
	CHECK_INT(r->cycles[1].cycles, 9876543210LL);
	CHECK_INT(r->cycles[2].worker, 1);
	CHECK_INT(status_of(r, "test_vmalloc", "align_shift_alloc_test"), T_PASS);
	CHECK_INT(status_of(r, "test_vmalloc_N", "fix_size_alloc_test"), T_PASS);
	CHECK_INT(status_of(r, "test_vmalloc_N", "align_shift_alloc_test"), T_XFAIL);
	CHECK_INT(status_of(r, "test_vmalloc_N", "fix_size_alloc_test/worker1"), T_FAIL);
	CHECK_STR(find_test(r, "test_vmalloc_N", "fix_size_alloc_test/worker1")->reason,
		  "passed: 1 failed: 1");

	/* Plan stress: failures under fault injection are the step's to judge. */
	r = parse(
		"vmshadow: # step 3 test_vmalloc_fault begin expect=ALLOC\n"
		"test_vmalloc: Summary: fix_size_alloc_test passed: 0 failed: 1 repeat: 1 loops: 10 avg: 5 usec\n"
		"vmshadow: ok 3 test_vmalloc_fault\n"
		"vmshadow: # step 4 test_vmalloc_stress begin expect=ALLOC\n"
		"test_vmalloc: Summary: fix_size_alloc_test passed: 0 failed: 1 repeat: 1 loops: 10 avg: 5 usec\n"
		"vmshadow: ok 4 test_vmalloc_stress\n");
	CHECK_INT(status_of(r, "test_vmalloc_fault", "fix_size_alloc_test"), T_XFAIL);
	CHECK_STR(find_test(r, "test_vmalloc_fault", "fix_size_alloc_test")->reason,
		  "under fault injection (test_vmalloc_fault): passed: 0 failed: 1");
	CHECK_INT(status_of(r, "test_vmalloc_stress", "fix_size_alloc_test"), T_FAIL);
}

static void t_truncated(void)
{
	struct results *r = parse(
		"[    0.50] KTAP version 1\n[    0.50] 1..1\n"
		"[    0.50]     # Subtest: kasan\n[    0.50]     1..3\n"
		"[    0.60]     ok 1 a\n"
		"[    0.70] BUG: KASAN: slab-out-of-bounds in b+0x1/0x2\n"
		"[    0.70] Read of size 1 at addr ffff888003a5e273 by task kunit_try_catch/1\n"
		"[    0.7");

	CHECK(r->boot.truncated);
	CHECK(!r->boot.end_marker);
	CHECK(!r->boot.reached_init);
	CHECK_INT(r->boot.lines, 8);
	CHECK_INT(r->verdict, V_HANG);
	CHECK_STR(r->verdict_reason, "no end marker 'vmshadow: runner end': init was never "
		  "reached (log ends at line 8)");
	CHECK_INT(status_of(r, "kasan", "#2"), T_ERROR);
	CHECK_INT(status_of(r, "kasan", "#3"), T_ERROR);
	CHECK_STR(find_test(r, "kasan", "#2")->reason, "crashed (log truncated)");
	CHECK_STR(r->reports[0].attributed_to, "kasan/#2");
	CHECK(r->reports[0].expected);
}

/* git bisect's "skip": a boot that stops before init with nothing to judge. */
static void t_untestable(void)
{
	struct results *r = parse(
		"[    0.000000] Linux version 6.12.118 (vmshadow@vmshadow)\n"
		"[    0.100000] Kernel command line: console=ttyS0\n"
		"[    0.300000] Memory: 1012345K/1048576K available\n");

	CHECK_INT(r->verdict, V_HANG);
	CHECK(results_untestable(r));
	/* A report before init: the kernel is testable, and bad. */
	r = parse("[    0.2] BUG: KASAN: vmalloc-out-of-bounds in f+0x1/0x2\n"
		  "[    0.2] Read of size 1 at addr ffffc90000012345 by task swapper/0/1\n");
	CHECK(r->counts.reports == 1);
	CHECK(!results_untestable(r));
	/* A KUnit case failed or crashed before init: testable. */
	r = parse("[    0.50] KTAP version 1\n[    0.50] 1..1\n"
		  "[    0.50]     # Subtest: kasan\n[    0.50]     1..2\n"
		  "[    0.60]     not ok 1 vmalloc_oob\n");
	CHECK(!results_untestable(r));
	r = parse("[    0.50] KTAP version 1\n[    0.50] 1..1\n"
		  "[    0.50]     # Subtest: kasan\n[    0.50]     1..2\n"
		  "[    0.60]     ok 1 a\n");
	CHECK(!results_untestable(r));	/* #2 never ended: crashed */
	/* Init reached: the runner's steps judge it. */
	r = parse("[    0.912345] Run /init as init process\n");
	CHECK(!results_untestable(r));
}

static void t_runner_hang(void)
{
	struct results *r = parse(
		"[    3.210000] vmshadow: runner 1 start plan=perf arch=x86_64 cpus=4 kernel=6.12.117\n"
		"[    3.3] vmshadow: TAP version 13\n"
		"[    3.3] vmshadow: 1..3\n"
		"[    3.4] vmshadow: # step 1 test_vmalloc_1 begin expect=ALLOC\n"
		"[    9.9] vmalloc_test/0: some line\n");

	CHECK(r->boot.reached_init);
	CHECK(r->boot.has_init_seconds);
	CHECK(r->boot.init_seconds > 3.2099 && r->boot.init_seconds < 3.2101);
	CHECK_STR(r->boot.plan, "perf");
	CHECK_STR(r->boot.arch, "x86_64");
	CHECK_INT(r->boot.cpus, 4);
	CHECK_STR(r->boot.kernel, "6.12.117");
	CHECK_INT(r->verdict, V_HANG);
	CHECK_STR(r->verdict_reason, "no end marker 'vmshadow: runner end': init reached, "
		  "last step begun: 1 test_vmalloc_1 (log ends at line 5)");
	CHECK_INT(status_of(r, "runner", "test_vmalloc_1"), T_ERROR);
	CHECK_INT(status_of(r, "runner", "#2"), T_ERROR);
	CHECK_INT(status_of(r, "runner", "#3"), T_ERROR);
	CHECK(r->boot.truncated);	/* no end marker, though the line ended */
}

static void t_init_fallback(void)
{
	struct results *r = parse("[    0.912345] Run /init as init process\n");

	CHECK(r->boot.reached_init);
	CHECK(r->boot.init_seconds > 0.9123 && r->boot.init_seconds < 0.9124);
	CHECK_STR(r->verdict_reason, "no end marker 'vmshadow: runner end': init reached, "
		  "no runner step begun (log ends at line 1)");
	r = parse("");
	CHECK_INT(r->boot.lines, 0);
	CHECK(!r->boot.has_init_seconds);
	CHECK(r->boot.cpus == -1 && r->boot.plan == NULL);
	CHECK_INT(r->verdict, V_HANG);
	check_outputs(r, "empty");
}

static void t_pass_reason(void)
{
	struct results *r = parse(
		"vmshadow: runner 1 start plan=probe arch=x86_64 cpus=1 kernel=6.12.117\n"
		"vmshadow: TAP version 13\nvmshadow: 1..0\n"
		"vmshadow: # end passed=0 failed=0 skipped=0\nvmshadow: runner end\n");

	CHECK_INT(r->verdict, V_PASS);
	CHECK_INT(r->ntests, 0);
	CHECK(!r->boot.truncated);
	CHECK_STR(r->verdict_reason, "0 passed, 0 skipped, 0 xfail; 0 expected reports");
}

/* Plan quick is the KUnit suites: without a passing case it tested nothing. */
static void t_quick_needs_kunit(void)
{
	static const char runner[] =
		"vmshadow: runner 1 start plan=quick arch=x86_64 cpus=1 kernel=6.12.117\n"
		"vmshadow: TAP version 13\nvmshadow: 1..0\n"
		"vmshadow: # end passed=0 failed=0 skipped=0\nvmshadow: runner end\n";
	char log[1024];
	struct results *r = parse(runner);

	CHECK_INT(r->verdict, V_FAIL);
	CHECK(strstr(r->verdict_reason, "plan quick: no KUnit case passed") != NULL);
	snprintf(log, sizeof(log), "KTAP version 1\n1..1\n    KTAP version 1\n"
		 "    # Subtest: kasan\n    1..1\n    ok 1 kmalloc_oob_right\n"
		 "ok 1 kasan\n%s", runner);
	r = parse(log);
	CHECK_INT(r->verdict, V_PASS);
	CHECK_INT(r->counts.n[T_PASS], 1);
}

int main(int argc, char **argv)
{
	if (harness_start(argc, argv, "tests/fixtures", "vmshadow-verdict-test"))
		return 2;

	run("reports: which lines start a report", t_report_kinds);
	run("reports: function names from stack entries", t_report_symbol);
	run("runner: # ERROR steps, broken_ steps fail on purpose", t_runner_error_and_broken);
	run("reports: attribution to KUnit cases", t_report_attribution_kunit);
	run("reports: attribution to runner steps, expect=", t_report_attribution_runner);
	run("reports: oops after KASAN is its own report", t_report_kasan_then_oops);
	run("reports: arm64 wording, double-free, invalid-access", t_report_arm64_wording);
	run("reports: arm64 oops with KASAN's address decoding only", t_report_arm64_oops_only);
	run("reports: powerpc and s390 oopses", t_report_other_arches);
	run("reports: panic gives verdict crash", t_report_panic);
	run("reports: warn_alloc report ends after show_mem", t_report_alloc_span);
	run("reports: thousands of reports are capped and counted", t_report_many);
	run("test_vmalloc: Summary and cycles lines, XFAIL", t_tvmalloc);
	run("verdict: truncated log is a hang with ERRORs", t_truncated);
	run("verdict: untestable (bisect skip) only with nothing to judge", t_untestable);
	run("verdict: hang names the last step begun", t_runner_hang);
	run("boot: init_seconds fallback, empty log", t_init_fallback);
	run("verdict: pass", t_pass_reason);
	run("verdict: plan quick needs a passing KUnit case", t_quick_needs_kunit);

	results_free(&R);
	return harness_end();
}
