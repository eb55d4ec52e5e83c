// SPDX-License-Identifier: GPL-2.0
/*
 * vmshadow_test: the kernel side of our kselftests (kselftests/tests/).
 *
 * Everything is a file in /sys/kernel/debug/vmshadow_test/:
 *
 *   features      (r)  "kasan=0|1 kasan_vmalloc=0|1 vmap_stack=0|1 shadow_walk=0|1
 *                       thread_size=N page_size=N"
 *   shadow_pages  (r)  vmalloc shadow pages mapped right now, counted by walking
 *                      the kernel page tables over the shadow of the vmalloc
 *                      (and module) address range: independent of any counter
 *                      the series adds. -ENODEV without KASAN_VMALLOC.
 *   purge         (w)  rcu_barrier() (vmapped stacks are freed from RCU) and
 *                      vm_unmap_aliases(): every lazily freed vmap area is
 *                      purged, which releases its shadow.
 *   module_range  (r)  "START END" (hex): the module address range, where the
 *                      code of every loaded module runs (plan stress limits
 *                      fail_page_alloc to call stacks through it: test_vmalloc).
 *                      -ENODEV where it is not known.
 *   oob           (w)  "vmalloc" | "vmap" | "vm_map_ram": map, read the byte
 *                      just past the end, unmap.
 *   inbounds      (w)  the same kinds: read the last byte inside.
 *   guard         (w)  "LEADING" | "TRAILING": read the byte just below / just
 *                      past the current task's stack (the lkdtm tests, done by
 *                      vmshadow_guard_leading() / vmshadow_guard_trailing()).
 *
 * Knobs that break a condition on purpose, to prove a test can fail
 * (kselftests/selftest-the-tests.sh):
 *   break_oob     (rw) the "oob" read stays in bounds
 *   break_purge   (rw) "purge" does nothing
 *   break_leak    (rw) a "purge" that comes 0.5 s or more after the previous
 *                      one (the first after a workload: the checks purge
 *                      every ~0.2 s while they wait) also maps LEAK_PAGES
 *                      (2048, 8 MiB) shadow pages for vmalloc space no area
 *                      will use (from the middle of the vmalloc range up,
 *                      a fresh range each time),
 *                      through the kernel's kasan_populate_vmalloc(), so the
 *                      series' counter and the walk both count them: shadow
 *                      mapped and never released or reused, a real leak that
 *                      grows with every round (plan stress must fail on it).
 *                      x86_64 and arm64 only (the function's address comes
 *                      from System.map, like init_mm's); elsewhere "purge"
 *                      logs that it cannot and leaks nothing.
 *   break_guard   (rw) the "guard" read stays inside the stack
 *   break_unload  (rw) vmshadow_churn.ko, at each load, vmallocs 4 pages it
 *                      never frees (exported to it): what module unload
 *                      leaving vmalloc memory behind looks like. (break_purge
 *                      cannot break module_churn: freeing module memory,
 *                      VM_FLUSH_RESET_PERMS, purges lazy areas by itself.)
 *
 * The out-of-bounds byte of a vmalloc() of a size that is not a multiple of
 * the page size is mapped, so that read is a plain instrumented load. Past a
 * vmap() or vm_map_ram() mapping there is only a guard page or nothing: the
 * read is what the compiler emits for a load (the KASAN check, here
 * kasan_check_read()) followed by a load that survives the MMU fault
 * (get_kernel_nofault()), so that KASAN reports and nothing oopses.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/kasan.h>
#include <linux/kasan-checks.h>
#include <linux/mm.h>
#include <linux/mm_types.h>
#include <linux/module.h>
#include <linux/pgtable.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/user_namespace.h>
#include <linux/vmalloc.h>

static struct dentry *dir;
static bool break_oob, break_purge, break_guard, break_leak;
bool vmshadow_break_unload;
EXPORT_SYMBOL_GPL(vmshadow_break_unload);

/*
 * init_mm is not exported to modules. The build passes its distance from
 * init_task (exported; both are statically allocated kernel data, moved by
 * the same relocation offset) read from the build's System.map, and the
 * result is checked before use: init_mm.user_ns is &init_user_ns.
 */
#if defined(CONFIG_KASAN_VMALLOC) && defined(VMS_INIT_MM_OFF)
#define VMS_WALK 1
static struct mm_struct *kmm;

static struct mm_struct *find_init_mm(void)
{
	struct mm_struct *mm = (void *)((char *)&init_task + (VMS_INIT_MM_OFF));

	if (mm->user_ns != &init_user_ns || !mm->pgd) {
		pr_warn("init_mm not found at init_task%+ld: no shadow page walk\n",
			(long)(VMS_INIT_MM_OFF));
		return NULL;
	}
	return mm;
}

/*
 * riscv64 puts the module area 2 GiB below the kernel image's end
 * (MODULES_VADDR uses _end, MODULES_END _start), and those link symbols
 * are not exported either: the build passes their distances from
 * init_task too, and the arch's macros expand to these instead.
 */
#if defined(VMS_KSTART_OFF) && defined(VMS_KEND_OFF)
#define _start (*((char *)&init_task + (VMS_KSTART_OFF)))
#define _end (*((char *)&init_task + (VMS_KEND_OFF)))
#endif

/* The module range, if the arch has one: constants, or variables found like init_mm. */
static unsigned long mod_start, mod_end;

static void find_module_range(void)
{
#if defined(VMS_MODULES_VADDR_OFF) && defined(VMS_MODULES_END_OFF)
	mod_start = *(unsigned long *)((char *)&init_task + (VMS_MODULES_VADDR_OFF));
	mod_end = *(unsigned long *)((char *)&init_task + (VMS_MODULES_END_OFF));
#elif defined(MODULES_VADDR) && defined(MODULES_END)
	mod_start = MODULES_VADDR;
	mod_end = MODULES_END;
#endif
	if (mod_end > mod_start)
		pr_info("shadow walk: vmalloc %lx-%lx, modules %lx-%lx\n",
			(unsigned long)VMALLOC_START, (unsigned long)VMALLOC_END,
			mod_start, mod_end);
}

static int count_pte(pte_t *pte, unsigned long addr, void *data)
{
	if (pte_present(ptep_get(pte)))
		(*(unsigned long *)data)++;
	return 0;
}

static int walk_shadow(unsigned long start, unsigned long end,
		       unsigned long *count)
{
	unsigned long s = (unsigned long)kasan_mem_to_shadow((void *)start);
	unsigned long e = (unsigned long)kasan_mem_to_shadow((void *)end);

	s = round_down(s, PAGE_SIZE);
	e = round_up(e, PAGE_SIZE);
	return apply_to_existing_page_range(kmm, s, e - s, count_pte, count);
}

static int shadow_pages(unsigned long *count)
{
	int ret;

	*count = 0;
	if (!kmm)
		return -ENODEV;
	ret = walk_shadow(VMALLOC_START, VMALLOC_END, count);
	if (!ret && mod_end > mod_start &&
	    (mod_end <= VMALLOC_START || mod_start >= VMALLOC_END))
		ret = walk_shadow(mod_start, mod_end, count);
	return ret;
}
#else
#define VMS_WALK 0
static unsigned long mod_start, mod_end;

static int shadow_pages(unsigned long *count)
{
	*count = 0;
	return -ENODEV;
}
#endif

/* Read the first word of a user write into buf (NUL-terminated, trimmed). */
static int get_word(const char __user *ubuf, size_t len, char *buf, size_t size)
{
	if (len >= size)
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	strim(buf);
	return 0;
}

static ssize_t features_read(struct file *f, char __user *ubuf, size_t len,
			     loff_t *pos)
{
	char buf[160];
	int n;

	n = scnprintf(buf, sizeof(buf),
		      "kasan=%d kasan_vmalloc=%d vmap_stack=%d shadow_walk=%d thread_size=%lu page_size=%lu\n",
		      IS_ENABLED(CONFIG_KASAN), IS_ENABLED(CONFIG_KASAN_VMALLOC),
		      IS_ENABLED(CONFIG_VMAP_STACK),
		      VMS_WALK && shadow_pages(&(unsigned long){0}) == 0,
		      (unsigned long)THREAD_SIZE, PAGE_SIZE);
	return simple_read_from_buffer(ubuf, len, pos, buf, n);
}

static ssize_t shadow_pages_read(struct file *f, char __user *ubuf, size_t len,
				 loff_t *pos)
{
	unsigned long count;
	char buf[32];
	int ret, n;

	ret = shadow_pages(&count);
	if (ret)
		return ret;
	n = scnprintf(buf, sizeof(buf), "%lu\n", count);
	return simple_read_from_buffer(ubuf, len, pos, buf, n);
}

static ssize_t module_range_read(struct file *f, char __user *ubuf, size_t len,
				 loff_t *pos)
{
	unsigned long start = mod_start, end = mod_end;
	char buf[48];
	int n;

#if !VMS_WALK && defined(MODULES_VADDR) && defined(MODULES_END)
	start = MODULES_VADDR;
	end = MODULES_END;
#endif
	if (end <= start)
		return -ENODEV;
	n = scnprintf(buf, sizeof(buf), "%lx %lx\n", start, end);
	return simple_read_from_buffer(ubuf, len, pos, buf, n);
}

/*
 * break_leak: kasan_populate_vmalloc() is not exported. The build passes its
 * distance from init_task and vfree()'s (exported) from System.map; the
 * latter is checked against this kernel before the former is used.
 */
/* per workload: above the rounds' retention swing (kselftests/README.md) */
#define LEAK_PAGES 2048
#if defined(CONFIG_KASAN_VMALLOC) && defined(VMS_POPULATE_OFF) && \
	defined(VMS_VFREE_OFF) && (defined(CONFIG_X86_64) || defined(CONFIG_ARM64))
static unsigned long leak_next, leak_last;

static void vmshadow_leak(void)
{
	typedef int (*populate_fn)(unsigned long, unsigned long, gfp_t);
	unsigned long span = LEAK_PAGES * (PAGE_SIZE << KASAN_SHADOW_SCALE_SHIFT);
	unsigned long base = (unsigned long)&init_task, fn = (unsigned long)vfree;
	populate_fn populate;
	bool again = leak_last && time_before(jiffies, leak_last + HZ / 2);
	int ret;

	leak_last = jiffies;
	if (again)
		return;
	/*
	 * Hidden from the optimizer: it assumes functions are aligned (they
	 * are not, with -Os) and would fold an odd distance to "mismatch".
	 */
	OPTIMIZER_HIDE_VAR(fn);
	if (fn - base != (unsigned long)(VMS_VFREE_OFF)) {
		pr_warn("break_leak: System.map does not match this kernel: nothing leaked\n");
		return;
	}
	populate = (populate_fn)(base + (unsigned long)(VMS_POPULATE_OFF));
	if (!leak_next)
		leak_next = ALIGN(VMALLOC_START + (VMALLOC_END - VMALLOC_START) / 2, span);
	ret = populate(leak_next, span, GFP_KERNEL);
	pr_info("break_leak: shadow of %lx-%lx populated (%d), %d pages that no release frees\n",
		leak_next, leak_next + span, ret, LEAK_PAGES);
	leak_next += span;
}
#else
static void vmshadow_leak(void)
{
	pr_warn("break_leak: not available on this kernel/arch: nothing leaked\n");
}
#endif

static ssize_t purge_write(struct file *f, const char __user *ubuf, size_t len,
			   loff_t *pos)
{
	if (READ_ONCE(break_leak))
		vmshadow_leak();
	if (READ_ONCE(break_purge))
		return len;
	rcu_barrier();
	vm_unmap_aliases();
	return len;
}

/*
 * One byte at p, as an instrumented load does it: the KASAN check, then the
 * load, which here survives an unmapped page instead of oopsing.
 */
static noinline u8 vmshadow_read_byte(const u8 *p)
{
	u8 v = 0;

	kasan_check_read(p, 1);
	if (get_kernel_nofault(v, p))
		pr_info("read at %px faulted (guard page)\n", p);
	return v;
}

enum kind { K_VMALLOC, K_VMAP, K_VM_MAP_RAM };

static int parse_kind(const char *s)
{
	if (!strcmp(s, "vmalloc"))
		return K_VMALLOC;
	if (!strcmp(s, "vmap"))
		return K_VMAP;
	if (!strcmp(s, "vm_map_ram"))
		return K_VM_MAP_RAM;
	return -EINVAL;
}

#define NPAGES 2

/*
 * Map an object of the kind, read one byte of it: the last byte inside
 * (past == false) or the first byte past the end (past == true).
 */
static noinline int vmshadow_access(int kind, bool past)
{
	struct page *pages[NPAGES] = {};
	volatile u8 *p = NULL;
	size_t size;
	int i, ret = 0;
	u8 v;

	if (kind == K_VMALLOC) {
		/* Not a multiple of the page size: the byte past it is mapped. */
		size = PAGE_SIZE + PAGE_SIZE / 2 + 3;
		p = vmalloc(size);
		if (!p)
			return -ENOMEM;
		p[0] = 1;
		OPTIMIZER_HIDE_VAR(p);
		v = p[past ? size : size - 1];	/* a real instrumented load */
		pr_info("vmalloc(%zu) read [%zu] = %u\n", size,
			past ? size : size - 1, v);
		vfree((void *)p);
		return 0;
	}
	for (i = 0; i < NPAGES; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		if (!pages[i]) {
			ret = -ENOMEM;
			goto out;
		}
	}
	size = NPAGES * PAGE_SIZE;
	if (kind == K_VMAP)
		p = vmap(pages, NPAGES, VM_MAP, PAGE_KERNEL);
	else
		p = vm_map_ram(pages, NPAGES, NUMA_NO_NODE);
	if (!p) {
		ret = -ENOMEM;
		goto out;
	}
	p[0] = 1;
	v = vmshadow_read_byte((const u8 *)p + (past ? size : size - 1));
	pr_info("%s(%d pages) read [%zu] = %u\n", kind == K_VMAP ? "vmap" : "vm_map_ram",
		NPAGES, past ? size : size - 1, v);
	if (kind == K_VMAP)
		vunmap((void *)p);
	else
		vm_unmap_ram((void *)p, NPAGES);
out:
	for (i = 0; i < NPAGES; i++)
		if (pages[i])
			__free_page(pages[i]);
	return ret;
}

static ssize_t access_write(const char __user *ubuf, size_t len, bool past)
{
	char buf[32];
	int kind, ret;

	ret = get_word(ubuf, len, buf, sizeof(buf));
	if (ret)
		return ret;
	kind = parse_kind(buf);
	if (kind < 0)
		return kind;
	ret = vmshadow_access(kind, past);
	return ret ? ret : len;
}

static ssize_t oob_write(struct file *f, const char __user *ubuf, size_t len,
			 loff_t *pos)
{
	return access_write(ubuf, len, !READ_ONCE(break_oob));
}

static ssize_t inbounds_write(struct file *f, const char __user *ubuf,
			      size_t len, loff_t *pos)
{
	return access_write(ubuf, len, false);
}

/* The lkdtm guard page tests, under names of our own. */
static noinline void vmshadow_guard_leading(void)
{
	const unsigned char *stack = task_stack_page(current);
	const volatile unsigned char *ptr = READ_ONCE(break_guard) ? stack + 64 : stack - 1;
	unsigned char byte;

	pr_info("reading the byte below the current stack\n");
	byte = *ptr;
	pr_err("survived reading below the stack (byte %x)\n", byte);
}

static noinline void vmshadow_guard_trailing(void)
{
	const unsigned char *stack = task_stack_page(current);
	const volatile unsigned char *ptr = READ_ONCE(break_guard) ?
		stack + THREAD_SIZE - 1 : stack + THREAD_SIZE;
	unsigned char byte;

	pr_info("reading the byte past the current stack\n");
	byte = *ptr;
	pr_err("survived reading past the stack (byte %x)\n", byte);
}

static ssize_t guard_write(struct file *f, const char __user *ubuf, size_t len,
			   loff_t *pos)
{
	char buf[32];
	int ret;

	ret = get_word(ubuf, len, buf, sizeof(buf));
	if (ret)
		return ret;
	if (!strcmp(buf, "LEADING"))
		vmshadow_guard_leading();
	else if (!strcmp(buf, "TRAILING"))
		vmshadow_guard_trailing();
	else
		return -EINVAL;
	return len;
}

static const struct file_operations features_fops = {
	.owner = THIS_MODULE, .read = features_read, .llseek = default_llseek,
};
static const struct file_operations shadow_pages_fops = {
	.owner = THIS_MODULE, .read = shadow_pages_read, .llseek = default_llseek,
};
static const struct file_operations module_range_fops = {
	.owner = THIS_MODULE, .read = module_range_read, .llseek = default_llseek,
};
static const struct file_operations purge_fops = {
	.owner = THIS_MODULE, .write = purge_write, .llseek = noop_llseek,
};
static const struct file_operations oob_fops = {
	.owner = THIS_MODULE, .write = oob_write, .llseek = noop_llseek,
};
static const struct file_operations inbounds_fops = {
	.owner = THIS_MODULE, .write = inbounds_write, .llseek = noop_llseek,
};
static const struct file_operations guard_fops = {
	.owner = THIS_MODULE, .write = guard_write, .llseek = noop_llseek,
};

static int __init vmshadow_test_init(void)
{
#if VMS_WALK
	kmm = find_init_mm();
	find_module_range();
#endif
	dir = debugfs_create_dir("vmshadow_test", NULL);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	debugfs_create_file("features", 0444, dir, NULL, &features_fops);
	debugfs_create_file("shadow_pages", 0444, dir, NULL, &shadow_pages_fops);
	debugfs_create_file("purge", 0200, dir, NULL, &purge_fops);
	debugfs_create_file("module_range", 0444, dir, NULL, &module_range_fops);
	debugfs_create_file("oob", 0200, dir, NULL, &oob_fops);
	debugfs_create_file("inbounds", 0200, dir, NULL, &inbounds_fops);
	debugfs_create_file("guard", 0200, dir, NULL, &guard_fops);
	debugfs_create_bool("break_oob", 0600, dir, &break_oob);
	debugfs_create_bool("break_purge", 0600, dir, &break_purge);
	debugfs_create_bool("break_guard", 0600, dir, &break_guard);
	debugfs_create_bool("break_unload", 0600, dir, &vmshadow_break_unload);
	debugfs_create_bool("break_leak", 0600, dir, &break_leak);
	return 0;
}

static void __exit vmshadow_test_exit(void)
{
	debugfs_remove(dir);
}

module_init(vmshadow_test_init);
module_exit(vmshadow_test_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vmshadow kselftest triggers: vmap purge, shadow page count, vmalloc/vmap/vm_map_ram reads, stack guard reads");
