// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc_oob: a read of the byte just past a vmalloc(), vmap() or
 * vm_map_ram() mapping (vmshadow_test "oob") must be reported by KASAN as
 * "vmalloc-out-of-bounds", and a read of the last byte inside ("inbounds")
 * must not be reported at all.
 *   oob_vmalloc, oob_vmap, oob_vm_map_ram         one report each, of that type
 *   inbounds_vmalloc, inbounds_vmap, inbounds_vm_map_ram   no report
 * Skips (exit 4) on a kernel without KASAN_VMALLOC (nothing checks vmalloc
 * memory there). break_oob in the module makes the "oob" read in-bounds.
 */
#include "vms.h"
#include "kselftest_harness.h"
#include "vms_harness.h"

#define WANT "BUG: KASAN: vmalloc-out-of-bounds"

static char kbuf[1 << 20];

/* Write kind to the module file, return what the kernel said meanwhile. */
static int access_kind(const char *file, const char *kind)
{
	char path[256];
	struct vms_kmsg k;
	int ret;

	kbuf[0] = '\0';
	snprintf(path, sizeof(path), VMS_DBG "/%s", file);
	ret = vms_kmsg_mark(&k);
	if (ret)
		return ret;
	ret = vms_write(path, kind);
	usleep(100000);
	vms_kmsg_read(&k, kbuf, sizeof(kbuf));
	vms_kmsg_close(&k);
	return ret;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;

	for (; (hay = strstr(hay, needle)); hay++)
		n++;
	return n;
}

static void oob(struct __test_metadata *_metadata, const char *kind)
{
	char report[512] = "";

	ASSERT_EQ(0, access_kind("oob", kind));
	vms_first_report(kbuf, report, sizeof(report));
	EXPECT_EQ(1, count(kbuf, WANT)) {
		TH_LOG("%s: expected one \"%s\", first report: %s", kind, WANT,
		       report[0] ? report : "(none)");
	}
	EXPECT_TRUE(strstr(kbuf, "Read of size 1") != NULL) {
		TH_LOG("%s: the report does not say \"Read of size 1\"", kind);
	}
	/* Always: 6.1's harness has no exit_code to ask whether it passed. */
	TH_LOG("%s: report: %s", kind, report[0] ? report : "(none)");
}

static void inbounds(struct __test_metadata *_metadata, const char *kind)
{
	char report[512];

	ASSERT_EQ(0, access_kind("inbounds", kind));
	EXPECT_EQ(0, vms_first_report(kbuf, report, sizeof(report))) {
		TH_LOG("%s: in-bounds read reported: %s", kind, report);
	}
}

TEST(oob_vmalloc)        { oob(_metadata, "vmalloc"); }
TEST(oob_vmap)           { oob(_metadata, "vmap"); }
TEST(oob_vm_map_ram)     { oob(_metadata, "vm_map_ram"); }
TEST(inbounds_vmalloc)   { inbounds(_metadata, "vmalloc"); }
TEST(inbounds_vmap)      { inbounds(_metadata, "vmap"); }
TEST(inbounds_vm_map_ram) { inbounds(_metadata, "vm_map_ram"); }

int main(int argc, char **argv)
{
	vms_require_module();
	if (vms_feature("kasan_vmalloc") != 1)
		vms_skip_all("this kernel has no KASAN_VMALLOC: vmalloc memory is not checked");
	return test_harness_run(argc, argv);
}
