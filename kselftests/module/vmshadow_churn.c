// SPDX-License-Identifier: GPL-2.0
/*
 * vmshadow_churn: a module that does nothing but exist. module_churn loads
 * and unloads it many times: each load maps its text, data and read-only
 * data in module space (vmalloc space on most arches), each unload frees
 * them lazily, and their KASAN shadow must go away with the next purge.
 * With vmshadow_test's break_unload set, each load leaks a vmalloc area:
 * module_churn must then see the shadow grow.
 */
#include <linux/module.h>
#include <linux/vmalloc.h>

extern bool vmshadow_break_unload;	/* vmshadow_test.ko */

static int vmshadow_churn_data[512] = { 1 };	/* a page or two of .data */
static const char vmshadow_churn_ro[] = "vmshadow churn read-only data";

static int __init vmshadow_churn_init(void)
{
	if (READ_ONCE(vmshadow_break_unload))
		vmalloc(4 * PAGE_SIZE);	/* leaked on purpose */
	return vmshadow_churn_data[0] == 1 && vmshadow_churn_ro[0] ? 0 : -EINVAL;
}

static void __exit vmshadow_churn_exit(void)
{
}

module_init(vmshadow_churn_init);
module_exit(vmshadow_churn_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vmshadow: a module to load and unload");
