// SPDX-License-Identifier: GPL-2.0
/*
 * The report table. Each row names the printk that prints its first line
 * in Linux 6.12 (and what 6.1 prints where it differs); each class has a
 * fixture in tests/reports/ that the unit tests paste into a real log.
 * Order matters: the first matching row wins, so specific rows come first.
 */
#include "oops_table.h"

#include <string.h>

#include "util.h"

#define K(k)	(1u << (k))
#define OOPSES	(K(R_OOPS) | K(R_BUG))

const struct oops_format oops_formats[] = {
	/* ---- KASAN and the other sanitizers ---- */
	{ "BUG: KASAN: ", R_KASAN, "kasan", "KASAN: %T%A", FN_HEADER, END_MARKED, SKIP_MEM | SKIP_LOCK, 0, false,
	  "mm/kasan/report.c print_error_description(): \"BUG: KASAN: %s in %pS\"" },
	{ "BUG: KFENCE: * in ", R_KFENCE, "kfence", "KFENCE: %T", FN_HEADER, END_MARKED, SKIP_MEM | SKIP_LOCK, 0, false,
	  "mm/kfence/report.c kfence_report_error(): \"BUG: KFENCE: %s in %pS\"" },
	{ "BUG: KFENCE: ", R_KFENCE, "kfence", "KFENCE: %T", FN_STACK, END_MARKED, SKIP_MEM, 0, false,
	  "mm/kfence/report.c kfence_report_error(): \"BUG: KFENCE: memory corruption in %pS\"" },
	{ "BUG: KCSAN: * in ", R_KCSAN, "kcsan", "KCSAN: %T in %R", FN_NONE, END_MARKED, 0, 0, false,
	  "kernel/kcsan/report.c print_report(): \"BUG: KCSAN: %s in %pS / %pS\"" },
	{ "BUG: KMSAN: ", R_KMSAN, "kmsan", "KMSAN: %T", FN_HEADER, END_MARKED, SKIP_MEM | SKIP_LOCK, 0, false,
	  "mm/kmsan/report.c kmsan_report(): \"BUG: KMSAN: %s in %pSr\"" },
	{ "UBSAN: * in ", R_UBSAN, "ubsan", "UBSAN: %T", FN_STACK, END_MARKED, SKIP_MEM, 0, false,
	  "lib/ubsan.c ubsan_prologue(): \"UBSAN: %s in %s:%d:%d\"; ends \"---[ end trace ]---\" (6.1: a \"=====\" line)" },

	/* ---- faults and oopses (x86, arm64, arm, riscv, powerpc, s390) ---- */
	/* An oops header continues the fault report before it. */
	{ "Oops: general protection fault", R_OOPS, "gpf", "general protection fault", FN_REGS, END_MARKED, SKIP_MEM | SKIP_LOCK, OOPSES, false,
	  "arch/x86/kernel/traps.c exc_general_protection() -> die_addr(); dumpstack.c __die_header(): \"Oops: %s: %04lx [#%d]\"" },
	{ "general protection fault", R_OOPS, "gpf", "general protection fault", FN_REGS, END_MARKED, SKIP_MEM | SKIP_LOCK, OOPSES, false,
	  "6.1 arch/x86/kernel/dumpstack.c __die_header(): \"%s: %04lx [#%d]\" (no \"Oops: \")" },
	{ "Oops: invalid opcode: ", R_OOPS, "invalid-opcode", "invalid opcode", FN_REGS, END_MARKED, 0, OOPSES, false,
	  "arch/x86/kernel/traps.c handle_invalid_op() -> do_error_trap() -> die()" },
	{ "invalid opcode: * [#", R_OOPS, "invalid-opcode", "invalid opcode", FN_REGS, END_MARKED, 0, OOPSES, false,
	  "6.1 arch/x86/kernel/dumpstack.c __die_header()" },
	{ "Oops: divide error: ", R_OOPS, "divide-error", "divide error", FN_REGS, END_MARKED, 0, OOPSES, false,
	  "arch/x86/kernel/traps.c exc_divide_error() -> do_error_trap() -> die()" },
	{ "divide error: * [#", R_OOPS, "divide-error", "divide error", FN_REGS, END_MARKED, 0, OOPSES, false,
	  "6.1 arch/x86/kernel/dumpstack.c __die_header()" },
	{ "Oops: stack guard page: ", R_OOPS, "stack-guard", "stack guard page", FN_REGS, END_MARKED, 0, OOPSES, false,
	  "arch/x86/kernel/traps.c handle_stack_overflow() -> die(\"stack guard page\")" },
	{ "Oops: ", R_OOPS, "oops", "%H", FN_REGS, END_MARKED, 0, OOPSES, false,
	  "arch/x86/kernel/dumpstack.c __die_header() \"Oops: %s: %04lx [#%d]\"; arch/powerpc/kernel/traps.c __die() \"Oops: %s, sig: %ld [#%d]\"" },
	{ "Internal error: ", R_OOPS, "oops", "%H", FN_REGS, END_MARKED, 0, OOPSES, false,
	  "arch/arm64/kernel/traps.c, arch/arm/kernel/traps.c __die(): \"Internal error: %s: %x [#%d]\"" },
	{ "Oops [#", R_OOPS, "oops", "Oops", FN_REGS, END_MARKED, 0, OOPSES, false,
	  "arch/riscv/kernel/traps.c die(): \"%s [#%d]\" with \"Oops\"" },
	{ "Kernel BUG [#", R_OOPS, "kernel-bug", "kernel BUG", FN_REGS, END_MARKED, 0, OOPSES, false,
	  "arch/riscv/kernel/traps.c die(): \"%s [#%d]\" with \"Kernel BUG\"" },
	{ "*: * ilc:* [#", R_OOPS, "program-check", "%H", FN_REGS, END_MARKED, 0, OOPSES, false,
	  "arch/s390/kernel/dumpstack.c die(): \"%s: %04x ilc:%d [#%d]\"" },
	{ "BUG: TASK stack guard page was hit at ", R_OOPS, "stack-guard", "BUG: TASK stack guard page was hit", FN_REGS, END_MARKED, 0, 0, false,
	  "arch/x86/kernel/traps.c handle_stack_overflow(): \"BUG: %s stack guard page was hit at %p (stack is %p..%p)\"" },
	{ "BUG: * stack guard page was hit at ", R_OOPS, "stack-guard", "%H", FN_REGS, END_MARKED, 0, 0, false,
	  "arch/x86/kernel/traps.c handle_stack_overflow() (IRQ, NMI, #DF... stacks)" },
	{ "Insufficient stack space to handle exception!", R_OOPS, "stack-overflow", "kernel stack overflow", FN_REGS, END_MARKED, 0, 0, false,
	  "arch/arm64/kernel/traps.c, arch/arm/kernel/traps.c, arch/riscv/kernel/traps.c handle_bad_stack()" },
	{ "BUG: unable to handle page fault for address: ", R_OOPS, "page-fault", "%H", FN_REGS, END_MARKED, SKIP_MEM | SKIP_LOCK, 0, false,
	  "arch/x86/mm/fault.c show_fault_oops(): \"BUG: unable to handle page fault for address: %px\"" },
	{ "BUG: kernel NULL pointer dereference, address: ", R_OOPS, "null-deref", "%H", FN_REGS, END_MARKED, SKIP_MEM | SKIP_LOCK, 0, false,
	  "arch/x86/mm/fault.c show_fault_oops(): \"BUG: kernel NULL pointer dereference, address: %px\"" },
	{ "BUG: Kernel NULL pointer dereference on ", R_OOPS, "null-deref", "%H", FN_REGS, END_MARKED, SKIP_MEM | SKIP_LOCK, 0, false,
	  "arch/powerpc/mm/fault.c __bad_page_fault(): \"BUG: %s on %s at 0x%08lx\"" },
	{ "BUG: Unable to handle kernel ", R_OOPS, "page-fault", "%H", FN_REGS, END_MARKED, SKIP_MEM | SKIP_LOCK, 0, false,
	  "arch/powerpc/mm/fault.c __bad_page_fault(): \"BUG: %s on %s at 0x%08lx\"" },
	{ "BUG: unable to handle kernel ", R_OOPS, "page-fault", "%H", FN_REGS, END_MARKED, SKIP_MEM | SKIP_LOCK, 0, false,
	  "arch/x86/mm/fault.c before 5.1 (\"BUG: unable to handle kernel paging request at\")" },
	{ "Unable to handle kernel NULL pointer dereference", R_OOPS, "null-deref", "%H", FN_REGS, END_MARKED, SKIP_MEM | SKIP_LOCK, 0, false,
	  "arch/arm64/mm/fault.c, arch/riscv/mm/fault.c die_kernel_fault(), arch/arm/mm/fault.c __do_kernel_fault()" },
	{ "Unable to handle kernel ", R_OOPS, "page-fault", "%H", FN_REGS, END_MARKED, SKIP_MEM | SKIP_LOCK, 0, false,
	  "arch/arm64/mm/fault.c, arch/riscv/mm/fault.c die_kernel_fault(): \"Unable to handle kernel %s at virtual address %016lx\"; "
	  "arch/arm/mm/fault.c \"... when %s\"; arch/s390/mm/fault.c \"Unable to handle kernel pointer dereference in virtual kernel address space\"" },
	{ "kernel BUG at ", R_OOPS, "kernel-bug", "kernel BUG", FN_REGS, END_MARKED, SKIP_LIST, K(R_BUG), false,
	  "lib/bug.c report_bug(): \"kernel BUG at %s:%u!\"" },
	{ "Kernel BUG at ", R_OOPS, "kernel-bug", "kernel BUG", FN_REGS, END_MARKED, SKIP_LIST, K(R_BUG), false,
	  "lib/bug.c report_bug(): \"Kernel BUG at %pB [verbose debug info unavailable]\"" },
	{ "Kernel panic - not syncing: stack-protector: ", R_PANIC, "stack-protector", "stack-protector: Kernel stack is corrupted", FN_HEADER, END_MARKED, 0, 0, false,
	  "kernel/panic.c __stack_chk_fail(): panic(\"stack-protector: Kernel stack is corrupted in: %pB\")" },
	{ "Kernel panic - not syncing: ", R_PANIC, "panic", "PANIC: %P", FN_NONE, END_MARKED, 0, 0, false,
	  "kernel/panic.c panic(): \"Kernel panic - not syncing: %s\"; ends \"---[ end Kernel panic - not syncing: %s ]---\"" },

	/* ---- lockdep ---- */
	{ "WARNING: possible circular locking dependency detected", R_LOCKDEP, "lockdep-circular", "possible deadlock", FN_LOCK, END_TASK, SKIP_LOCK, 0, false,
	  "kernel/locking/lockdep.c print_circular_bug_header()" },
	{ "WARNING: possible recursive locking detected", R_LOCKDEP, "lockdep-recursive", "possible deadlock", FN_LOCK, END_TASK, SKIP_LOCK, 0, false,
	  "kernel/locking/lockdep.c print_deadlock_bug()" },
	{ "WARNING: possible irq lock inversion dependency detected", R_LOCKDEP, "lockdep-inversion", "possible deadlock", FN_LOCK, END_TASK, SKIP_LOCK, 0, false,
	  "kernel/locking/lockdep.c print_irq_inversion_bug()" },
	{ "WARNING: * lock order detected", R_LOCKDEP, "lockdep-irq-order", "possible deadlock", FN_LOCK, END_TASK, SKIP_LOCK, 0, false,
	  "kernel/locking/lockdep.c print_bad_irq_dependency(): \"WARNING: %s-safe -> %s-unsafe lock order detected\"" },
	{ "WARNING: inconsistent lock state", R_LOCKDEP, "lockdep-inconsistent", "inconsistent lock state", FN_LOCK, END_TASK, SKIP_LOCK, 0, false,
	  "kernel/locking/lockdep.c print_usage_bug()" },
	{ "WARNING: suspicious RCU usage", R_LOCKDEP, "lockdep-rcu", "suspicious RCU usage at %L", FN_NONE, END_TASK, SKIP_LOCK, 0, false,
	  "kernel/locking/lockdep.c lockdep_rcu_suspicious(); next line \"%s:%d %s!\"" },
	{ "WARNING: bad unlock balance detected!", R_LOCKDEP, "lockdep-bad-unlock", "bad unlock balance", FN_STACK, END_TASK, SKIP_LOCK, 0, false,
	  "kernel/locking/lockdep.c print_unlock_imbalance_bug()" },
	{ "WARNING: held lock freed!", R_LOCKDEP, "lockdep-held-freed", "held lock freed", FN_STACK, END_TASK, SKIP_LOCK | SKIP_ALLOC, 0, false,
	  "kernel/locking/lockdep.c print_freed_lock_bug()" },
	{ "WARNING: lock held when returning to user space!", R_LOCKDEP, "lockdep-held-return", "lock held when returning to user space", FN_LOCK, END_TASK, SKIP_LOCK, 0, false,
	  "kernel/locking/lockdep.c print_lock_trace() via lockdep_sys_exit()" },
	{ "WARNING: Nested lock was not taken", R_LOCKDEP, "lockdep-nested", "nested lock was not taken", FN_STACK, END_TASK, SKIP_LOCK, 0, false,
	  "kernel/locking/lockdep.c print_lock_nested_lock_not_held()" },
	{ "WARNING: bad contention detected!", R_LOCKDEP, "lockdep-contention", "bad contention", FN_STACK, END_TASK, SKIP_LOCK, 0, false,
	  "kernel/locking/lockdep.c print_lock_contention_bug()" },
	{ "INFO: trying to register non-static key.", R_LOCKDEP, "lockdep-non-static", "trying to register non-static key", FN_STACK, END_TASK, SKIP_LOCK, 0, false,
	  "kernel/locking/lockdep.c assign_lock_key()" },
	/* Before 4.12 lockdep framed its headers: "[ INFO: ... ]", "[ BUG: ... ]". */
	{ "[ INFO: possible circular locking dependency detected ]", R_LOCKDEP, "lockdep-circular", "possible deadlock", FN_LOCK, END_TASK, SKIP_LOCK, 0, false,
	  "kernel/locking/lockdep.c print_circular_bug_header() before 4.12" },
	{ "[ INFO: possible recursive locking detected ]", R_LOCKDEP, "lockdep-recursive", "possible deadlock", FN_LOCK, END_TASK, SKIP_LOCK, 0, false,
	  "kernel/locking/lockdep.c print_deadlock_bug() before 4.12" },
	{ "[ INFO: possible irq lock inversion dependency detected ]", R_LOCKDEP, "lockdep-inversion", "possible deadlock", FN_LOCK, END_TASK, SKIP_LOCK, 0, false,
	  "kernel/locking/lockdep.c print_irq_inversion_bug() before 4.12" },
	{ "[ INFO: * lock order detected ]", R_LOCKDEP, "lockdep-irq-order", "possible deadlock", FN_LOCK, END_TASK, SKIP_LOCK, 0, false,
	  "kernel/locking/lockdep.c print_bad_irq_dependency() before 4.12" },
	{ "[ INFO: inconsistent lock state ]", R_LOCKDEP, "lockdep-inconsistent", "inconsistent lock state", FN_LOCK, END_TASK, SKIP_LOCK, 0, false,
	  "kernel/locking/lockdep.c print_usage_bug() before 4.12" },
	{ "[ INFO: suspicious RCU usage. ]", R_LOCKDEP, "lockdep-rcu", "suspicious RCU usage at %L", FN_NONE, END_TASK, SKIP_LOCK, 0, false,
	  "kernel/locking/lockdep.c lockdep_rcu_suspicious() before 4.12" },
	{ "[ BUG: bad unlock balance detected! ]", R_LOCKDEP, "lockdep-bad-unlock", "bad unlock balance", FN_STACK, END_TASK, SKIP_LOCK, 0, false,
	  "kernel/locking/lockdep.c print_unlock_imbalance_bug() before 4.12" },
	{ "[ BUG: held lock freed! ]", R_LOCKDEP, "lockdep-held-freed", "held lock freed", FN_LOCK, END_TASK, SKIP_LOCK, 0, false,
	  "kernel/locking/lockdep.c print_freed_lock_bug() before 4.12" },
	{ "[ BUG: * still has locks held! ]", R_LOCKDEP, "lockdep-held-return", "still has locks held", FN_LOCK, END_TASK, SKIP_LOCK, 0, false,
	  "kernel/locking/lockdep.c lockdep_sys_exit() before 4.12" },
	{ "[ BUG: lock held when returning to user space! ]", R_LOCKDEP, "lockdep-held-return", "lock held when returning to user space", FN_LOCK, END_TASK, SKIP_LOCK, 0, false,
	  "kernel/locking/lockdep.c lockdep_sys_exit() before 4.12" },

	/* ---- warnings ---- */
	{ "refcount_t: ", R_WARNING, "refcount", "refcount bug", FN_STACK, END_MARKED, SKIP_REFCNT, 0, false,
	  "lib/refcount.c refcount_warn_saturate(): WARN_ONCE(1, \"refcount_t: %s.\\n\")" },
	{ "WARNING: CPU: ", R_WARNING, "warning", "WARNING", FN_HEADER, END_MARKED, SKIP_REFCNT | SKIP_LIST, K(R_WARNING) | K(R_BUG), false,
	  "kernel/panic.c __warn(): \"WARNING: CPU: %d PID: %d at %s:%d %pS\"" },
	{ "WARNING: * at ", R_WARNING, "warning", "WARNING", FN_HEADER, END_MARKED, SKIP_REFCNT | SKIP_LIST, K(R_WARNING) | K(R_BUG), false,
	  "kernel/panic.c __warn() of older and newer kernels: \"WARNING: at %s:%d %pS\"" },

	/* ---- BUG: lines that do not oops ---- */
	{ "BUG * (*): ", R_BUG, "slub", "BUG: %R", FN_STACK, END_TASK, SKIP_ALLOC, 0, false,
	  "mm/slub.c slab_bug(): \"BUG %s (%s): %pV\", e.g. \"BUG kmalloc-8 (Not tainted): Object already free\"" },
	{ "list_add corruption", R_BUG, "list-corruption", "BUG: corrupted list", FN_STACK, END_MARKED, SKIP_LIST, 0, false,
	  "lib/list_debug.c __list_add_valid_or_report(): CHECK_DATA_CORRUPTION() -> WARN or BUG" },
	{ "list_del corruption", R_BUG, "list-corruption", "BUG: corrupted list", FN_STACK, END_MARKED, SKIP_LIST, 0, false,
	  "lib/list_debug.c __list_del_entry_valid_or_report()" },
	{ "list_add double add", R_BUG, "list-corruption", "BUG: corrupted list", FN_STACK, END_MARKED, SKIP_LIST, 0, false,
	  "lib/list_debug.c __list_add_valid_or_report()" },
	{ "BUG: sleeping function called from invalid context", R_BUG, "sleep-in-atomic", "BUG: sleeping function called from invalid context", FN_STACK, END_TASK, SKIP_LOCK, 0, false,
	  "kernel/sched/core.c __might_resched(): \"BUG: sleeping function called from invalid context at %s:%d\"" },
	{ "BUG: scheduling while atomic: ", R_BUG, "sched-atomic", "BUG: scheduling while atomic", FN_STACK, END_TASK, SKIP_SCHED | SKIP_LOCK, 0, false,
	  "kernel/sched/core.c __schedule_bug(): \"BUG: scheduling while atomic: %s/%d/0x%08x\"" },
	{ "BUG: spinlock * on CPU#", R_BUG, "spinlock", "BUG: spinlock %T", FN_STACK, END_TASK, SKIP_LOCK, 0, false,
	  "kernel/locking/spinlock_debug.c spin_dump(): \"BUG: spinlock %s on CPU#%d, %s/%d\"" },
	{ "BUG: rwlock * on CPU#", R_BUG, "spinlock", "BUG: rwlock %T", FN_STACK, END_TASK, SKIP_LOCK, 0, false,
	  "kernel/locking/spinlock_debug.c rwlock_bug(): \"BUG: rwlock %s on CPU#%d, %s/%d\"" },
	{ "BUG: Bad page state in process ", R_BUG, "bad-page-state", "BUG: Bad page state", FN_STACK, END_TASK, SKIP_ALLOC, 0, false,
	  "mm/page_alloc.c bad_page(): \"BUG: Bad page state in process %s  pfn:%05lx\"" },
	{ "BUG: Bad page map in process ", R_BUG, "bad-page-map", "BUG: Bad page map", FN_STACK, END_TASK, 0, 0, false,
	  "mm/memory.c print_bad_pte(): \"BUG: Bad page map in process %s  pte:%08llx pmd:%08llx\"" },
	{ "BUG: Bad rss-counter state ", R_BUG, "bad-rss", "BUG: Bad rss-counter state", FN_NONE, END_TASK, 0, 0, false,
	  "kernel/fork.c check_mm(): \"BUG: Bad rss-counter state mm:%p type:%s val:%ld\"" },

	/* ---- stalls and lockups ---- */
	{ "BUG: workqueue lockup - ", R_STALL, "workqueue-lockup", "BUG: workqueue lockup", FN_NONE, END_OPEN, 0, 0, false,
	  "kernel/workqueue.c wq_watchdog_timer_fn(): \"BUG: workqueue lockup - pool\" ... \" stuck for %us!\"" },
	{ "*watchdog: BUG: soft lockup - CPU#", R_STALL, "soft-lockup", "BUG: soft lockup", FN_REGS, END_TASK, SKIP_LOCK, 0, false,
	  "kernel/watchdog.c watchdog_timer_fn(): \"BUG: soft lockup - CPU#%d stuck for %us! [%s:%d]\" (pr_fmt \"watchdog: \"; before 4.16 \"NMI watchdog: \")" },
	{ "*Watchdog detected hard LOCKUP on cpu ", R_STALL, "hard-lockup", "BUG: hard lockup", FN_REGS, END_TASK, SKIP_LOCK, 0, false,
	  "kernel/watchdog.c watchdog_hardlockup_check() (\"watchdog: \"); 6.1 kernel/watchdog_hld.c (\"NMI watchdog: \")" },
	{ "*INFO: * self-detected stall on CPU", R_STALL, "rcu-stall", "INFO: rcu detected stall", FN_STACK, END_TASK, SKIP_SCHED | SKIP_LOCK, 0, false,
	  "kernel/rcu/tree_stall.h print_cpu_stall(): \"INFO: %s self-detected stall on CPU\" (pr_fmt \"rcu: \")" },
	{ "*INFO: * detected expedited stalls on CPUs/tasks:", R_STALL, "rcu-stall", "INFO: rcu detected expedited stall", FN_STACK, END_TASK, SKIP_SCHED | SKIP_LOCK, 0, false,
	  "kernel/rcu/tree_exp.h synchronize_rcu_expedited_wait()" },
	{ "*INFO: * detected stalls on CPUs/tasks:", R_STALL, "rcu-stall", "INFO: rcu detected stall", FN_STACK, END_TASK, SKIP_SCHED | SKIP_LOCK, 0, false,
	  "kernel/rcu/tree_stall.h print_other_cpu_stall(): \"INFO: %s detected stalls on CPUs/tasks:\" (pr_fmt \"rcu: \")" },
	{ "*INFO: * detected stalls on tasks:", R_STALL, "rcu-tasks-stall", "INFO: rcu_tasks detected stall", FN_STACK, END_TASK, SKIP_SCHED | SKIP_LOCK, 0, false,
	  "kernel/rcu/tasks.h check_holdout_task()/rcu_tasks_wait_gp(): \"INFO: %s detected stalls on tasks:\"" },
	{ "INFO: task * blocked for more than ", R_STALL, "hung-task", "INFO: task hung", FN_STACK, END_TASK, SKIP_SCHED | SKIP_LOCK, 0, false,
	  "kernel/hung_task.c check_hung_task(): \"INFO: task %s:%d blocked for more than %ld seconds.\"" },

	/* ---- memory leaks ---- */
	{ "kmemleak: * new suspected memory leak", R_LEAK, "kmemleak", "memory leak", FN_STACK, END_OPEN, SKIP_ALLOC, K(R_LEAK), true,
	  "mm/kmemleak.c kmemleak_scan(): \"%d new suspected memory leaks (see /sys/kernel/debug/kmemleak)\" (pr_fmt \"kmemleak: \")" },
	{ "kmemleak: unreferenced object", R_LEAK, "kmemleak-object", "memory leak", FN_STACK, END_OPEN, SKIP_ALLOC, K(R_LEAK), true,
	  "mm/kmemleak.c print_unreferenced() to the console (kmemleak.verbose=1): \"unreferenced object 0x%08lx (size %zu):\"" },
	{ "unreferenced object", R_LEAK, "kmemleak-object", "memory leak", FN_STACK, END_OPEN, SKIP_ALLOC, K(R_LEAK), true,
	  "mm/kmemleak.c print_unreferenced() via /sys/kernel/debug/kmemleak" },

	/* ---- allocation failures ---- */
	{ "*: vmalloc error: size ", R_ALLOC, "vmalloc-error", "%V", FN_NONE, END_ALLOC, 0, 0, false,
	  "mm/vmalloc.c __vmalloc_area_node()/__vmalloc_node_range() -> mm/page_alloc.c warn_alloc(): \"%s: %pV, mode:%#x(%pGg), nodemask=%*pbl\"" },
	{ "vmalloc error: size ", R_ALLOC, "vmalloc-error", "%V", FN_NONE, END_ALLOC, 0, 0, false,
	  "warn_alloc() as above, without the task name" },
	/*
	 * Its own kind, NOMEM: test_vmalloc's vmalloc errors (ALLOC) are expected
	 * in every plan, a page allocation failure only in the steps of plan
	 * stress that exhaust memory on purpose (expect=ALLOC,NOMEM). The
	 * injected failures of fail_page_alloc print none (should_fail_alloc_page()
	 * fails the allocation in prepare_alloc_pages(), before the slowpath).
	 */
	{ "*: page allocation failure: order:", R_NOMEM, "page-alloc-failure", "%V", FN_STACK, END_ALLOC, SKIP_ALLOC, 0, false,
	  "mm/page_alloc.c __alloc_pages_slowpath() -> warn_alloc(gfp_mask, ac->nodemask, \"page allocation failure: order:%u\", order): "
	  "\"%s: %pV, mode:%#x(%pGg), nodemask=%*pbl\" + dump_stack() + __show_mem() (6.1: the same)" },

	{ "BUG: using * in preemptible ", R_BUG, "preempt", "BUG: using %T in preemptible code", FN_STACK, END_TASK, 0, 0, false,
	  "lib/smp_processor_id.c check_preemption_disabled(): \"BUG: using %s%s() in preemptible [%08x] code: %s/%d\"" },

	{ "BUG: workqueue leaked atomic, lock or RCU: ", R_BUG, "workqueue-leak", "BUG: workqueue leaked atomic, lock or RCU", FN_STACK, END_TASK, 0, 0, false,
	  "kernel/workqueue.c process_one_work(): \"BUG: workqueue leaked atomic, lock or RCU: %s[%d]\"" },

	/* ---- any other BUG: line (last: every specific one is above) ---- */
	{ "BUG: ", R_BUG, "bug", "%H", FN_STACK, END_TASK, SKIP_LOCK, 0, false,
	  "any pr_*(\"BUG: ...\"), e.g. lib/smp_processor_id.c \"BUG: using %s() in preemptible [%08x] code: %s/%d\"" },
};

const size_t oops_nformats = ARRAY_SIZE(oops_formats);

/*
 * Anchored glob: '*' matches the shortest run that lets the rest match.
 * Returns the end of the match (or NULL) and records where the last '*'
 * matched. Recursion depth is the number of stars in the pattern (at most
 * 2 in the table).
 */
static const char *glob(const char *pat, const char *s, const char **star, size_t *starn)
{
	for (; *pat && *pat != '*'; pat++, s++)
		if (*s != *pat)
			return NULL;
	if (!*pat)
		return s;
	for (const char *t = s;; t++) {
		const char *end = glob(pat + 1, t, star, starn);

		if (end) {
			if (!strchr(pat + 1, '*')) {
				*star = s;
				*starn = (size_t)(t - s);
			}
			return end;
		}
		if (!*t)
			return NULL;
	}
}

/*
 * Each pattern's longest run without '*' (cut to NEEDLE_CAP - 1 bytes, still
 * a run of the pattern): a line that does not hold it cannot match, and
 * strstr() says so far faster than glob() trying every offset of a line
 * for a leading '*'. Patterns without one are anchored: glob() stops at
 * the first byte that differs, sooner than strstr() would. Filled on the
 * first call; the tool is single-threaded.
 */
#define NEEDLE_CAP 48
static char needles[ARRAY_SIZE(oops_formats)][NEEDLE_CAP];
static bool needles_ready;

static void needles_fill(void)
{
	size_t i;

	for (i = 0; i < oops_nformats; i++) {
		const char *p = oops_formats[i].pattern, *best = p;
		size_t bestn = 0;

		while (*p) {
			size_t n = strcspn(p, "*");

			if (n > bestn) {
				best = p;
				bestn = n;
			}
			p += n;
			p += *p == '*';
		}
		if (bestn > NEEDLE_CAP - 1)
			bestn = NEEDLE_CAP - 1;
		memcpy(needles[i], best, bestn);
		needles[i][bestn] = '\0';
	}
	needles_ready = true;
}

const struct oops_format *oops_match(const char *line, struct oops_match *m)
{
	size_t i;

	if (!needles_ready)
		needles_fill();
	for (i = 0; i < oops_nformats; i++) {
		const char *p = oops_formats[i].pattern;

		/* cheap first-character filter: most lines start no report */
		if (*p != '*' && *p != *line)
			continue;
		if (*p == '*' && !strstr(line, needles[i]))
			continue;
		m->star = NULL;
		m->starn = 0;
		m->end = glob(p, line, &m->star, &m->starn);
		if (m->end)
			return &oops_formats[i];
	}
	return NULL;
}

/*
 * Frames that report, print or trap, never the culprit: a trailing '*'
 * matches any suffix (including ".cold", ".isra.0" and friends).
 */
static const char *const internal_always[] = {
	"dump_stack*", "show_stack*", "show_regs*", "__show_regs*", "show_trace*",
	"print_report", "print_address_description*", "describe_object*",
	/* KASAN's own hooks may be the culprit (kasan_populate_vmalloc): only its reporting */
	"kasan_report*", "__kasan_report*", "kasan_check_range", "__kasan_check_*", "kasan_object_err",
	"object_err", "print_trailer", "slab_err", "print_track*",
	"__kasan_*", "____kasan_*", "__asan_*", "__hwasan_*", "check_region_inline",
	"kfence_report*", "kfence_handle_page_fault", "__kfence_*",
	"kcsan_*", "__tsan_*", "kmsan_*", "__msan_*",
	"__ubsan_*", "ubsan_*", "handle_overflow", "handle_null_ptr_deref",
	"__warn", "__warn_printk", "warn_slowpath*", "report_bug", "handle_bug",
	"exc_invalid_op", "exc_general_protection", "exc_page_fault", "exc_divide_error",
	"asm_exc_*", "asm_sysvec_*", "sysvec_*", "__sysvec_*", "do_trap*", "do_error_trap",
	"die", "__die*", "oops_*", "page_fault_oops", "kernelmode_fixup_or_oops*",
	"__bad_area_nosemaphore", "bad_area_nosemaphore", "do_user_addr_fault",
	"handle_page_fault", "do_kern_addr_fault", "spurious_kernel_fault",
	"__do_kernel_fault", "do_page_fault", "do_mem_abort", "do_translation_fault",
	"el1_abort", "el1h_64_sync*", "el1_da", "el1_dbg", "el1_interrupt", "el1h_64_irq*",
	"do_bad_area", "die_kernel_fault", "bug_handler", "call_break_hook",
	"brk_handler", "do_debug_exception", "el1_brk64", "do_el1_brk64",
	"panic", "nmi_panic", "__stack_chk_fail", "printk*", "_printk*", "vprintk*",
	"lockdep_rcu_suspicious", "__might_*", "___might_sleep", "might_fault",
	"__schedule_bug", "schedule_debug*", "spin_dump", "spin_bug", "rwlock_bug",
	"nmi_cpu_backtrace*", "nmi_trigger_cpumask_backtrace", "arch_trigger_cpumask_backtrace",
	"trigger_single_cpu_backtrace", "rcu_dump_cpu_stacks", "dump_cpu_task",
	"sched_show_task", "print_cpu_stall*", "print_other_cpu_stall*", "check_cpu_stall*",
	"rcu_pending", "rcu_sched_clock_irq", "update_process_times", "tick_*",
	"__hrtimer_run_queues", "hrtimer_interrupt", "watchdog_timer_fn", "watchdog_hardlockup_*",
	"__run_hrtimer", "handle_softirqs", "__do_softirq", "irq_exit*", "__irq_exit_rcu",
	"do_softirq*", "call_on_irq_stack", "do_interrupt_handler", "gic_handle_irq",
	"generic_handle_*", "handle_*_irq", "handle_riscv_irq", "do_irq", "handle_exception",
	"ret_from_exception", "__irq_svc", "__irq_usr", "arch_stack_walk", "stack_trace_*",
	"kmemleak_alloc*", "kmemleak_*", "bad_page", "free_page_is_bad*", "print_bad_pte",
	"__list_add_valid_or_report", "__list_del_entry_valid_or_report", "__list_valid_slowpath",
	"refcount_warn_saturate", "check_preemption_disabled", "debug_smp_processor_id",
	"irqentry_*", "debug_object*", "debug_check_*", "work_is_static_object",
	"__debug_object_*", "lookup_object_or_alloc*", "warn_alloc*",
};

static const char *const internal_mem[] = {
	"memcpy*", "__memcpy*", "memmove*", "__memmove*", "memset*", "__memset*",
	"memcmp", "strlen", "strnlen", "strcpy", "strncpy", "strscpy*", "strcmp", "strncmp",
	"copy_from_kernel_nofault", "copy_to_user*", "copy_from_user*", "_copy_*",
};

static const char *const internal_lock[] = {
	"lock_acquire*", "lock_release", "lock_acquired", "lock_contended", "__lock_acquire*",
	"register_lock_class", "look_up_lock_class", "assign_lock_key", "lockdep_init_map*",
	"__lock_release", "lock_is_held_type", "lockdep_*", "__lockdep_*", "validate_chain",
	"check_prev_add", "check_prevs_add", "check_noncircular", "check_deadlock",
	"check_irq_usage", "mark_lock*", "mark_usage", "print_*_bug*", "debug_check_no_locks_freed",
	"_raw_spin_*", "__raw_spin_*", "do_raw_spin_*", "_raw_read_*", "_raw_write_*",
	"do_raw_read_*", "do_raw_write_*", "queued_spin_lock_slowpath", "native_queued_spin_lock_slowpath",
	"__pv_queued_spin_lock_slowpath", "queued_read_lock_slowpath", "queued_write_lock_slowpath",
	"spin_lock*", "mutex_lock*", "__mutex_lock*", "mutex_unlock", "__mutex_unlock_slowpath",
	"down_read*", "down_write*", "up_read", "up_write", "rwsem_down_*", "__rwsem_*",
	"__down_*", "down", "down_interruptible", "down_killable", "percpu_down_*",
	"rcu_lock_acquire*", "rcu_read_lock*", "rcu_lock_release",
	"native_safe_halt", "arch_safe_halt", "default_idle*",
};

static const char *const internal_sched[] = {
	"__schedule", "schedule", "schedule_*", "io_schedule*", "preempt_schedule*",
	"__cond_resched", "context_switch", "__switch_to*", "finish_task_switch*",
	"__wait_for_common", "wait_for_common*", "wait_for_completion*", "do_wait_for_common",
	"__flush_work", "flush_work", "bit_wait*", "__wait_on_bit*", "out_of_line_wait_on_bit*",
	"msleep*", "usleep_range*", "schedule_hrtimeout*", "do_nanosleep", "hrtimer_nanosleep",
	"rcu_gp_kthread", "kthread", "ret_from_fork*", "worker_thread", "process_one_work",
	"process_scheduled_works", "smpboot_thread_fn",
};

static const char *const internal_alloc[] = {
	"kmalloc*", "__kmalloc*", "kzalloc*", "kcalloc*", "kmalloc_trace*", "kmem_cache_alloc*",
	"__kmem_cache_alloc*", "slab_post_alloc_hook", "slab_alloc*", "__slab_alloc*",
	"___slab_alloc", "__do_kmalloc_node", "krealloc*", "kmemdup*", "kstrdup*", "kvmalloc*",
	"__kvmalloc*", "kvzalloc*", "vmalloc", "vmalloc_noprof", "vmalloc_user*", "vmalloc_32*",
	"__vmalloc*", "vzalloc*", "vmalloc_node*",
	"alloc_pages*", "__alloc_pages*", "folio_alloc*", "alloc_slab_page", "allocate_slab",
	"new_slab", "get_page_from_freelist", "__get_free_pages*", "get_zeroed_page*",
	"___kmalloc_large_node", "___alloc_pages_bulk", "kasan_vmalloc_alloc_bulk",
	"free_pages_prepare",
	"free_unref_page*", "__free_pages*", "free_pages", "__put_page", "put_page",
	"kfree*", "kmem_cache_free*", "__slab_free", "slab_free*", "do_slab_free",
	"free_to_partial_list", "free_debug_processing", "free_consistency_checks", "kvfree*",
};

static const char *const internal_refcnt[] = {
	"refcount_*", "__refcount_*",
};

static const char *const internal_list[] = {
	"list_add*", "list_del*", "__list_add*", "__list_del*", "list_move*", "list_replace*",
};

static bool in_list(const char *func, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		size_t len = strlen(list[i]);

		if (list[i][len - 1] == '*' ? !strncmp(func, list[i], len - 1)
					    : !strcmp(func, list[i]))
			return true;
	}
	return false;
}

bool oops_internal_frame(const char *func, unsigned skip)
{
	return in_list(func, internal_always, ARRAY_SIZE(internal_always)) ||
	       ((skip & SKIP_MEM) && in_list(func, internal_mem, ARRAY_SIZE(internal_mem))) ||
	       ((skip & SKIP_LOCK) && in_list(func, internal_lock, ARRAY_SIZE(internal_lock))) ||
	       ((skip & SKIP_SCHED) && in_list(func, internal_sched, ARRAY_SIZE(internal_sched))) ||
	       ((skip & SKIP_ALLOC) && in_list(func, internal_alloc, ARRAY_SIZE(internal_alloc))) ||
	       ((skip & SKIP_REFCNT) && in_list(func, internal_refcnt, ARRAY_SIZE(internal_refcnt))) ||
	       ((skip & SKIP_LIST) && in_list(func, internal_list, ARRAY_SIZE(internal_list)));
}
