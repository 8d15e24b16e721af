// SPDX-License-Identifier: GPL-2.0
/*
 * Boot and shutdown: bad configurations fail with one line naming the bad value, sizes parse as
 * documented, the model boots again after a shutdown, the profiles' defaults hold, and mem_map
 * starts out as a PC's does (first 1 MiB reserved, the rest free).
 */
#include <errno.h>
#include <string.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/mm.h>

#include "harness.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

/* Boots @cfg (NULL: the environment) with stderr captured into *@err */
static int boot_captured(const struct kmem_config *cfg, const char **err)
{
	int ret;

	harness_capture_begin();
	ret = kmem_boot(cfg);
	*err = harness_capture_end();
	return ret;
}

static void small_x86_64(struct kmem_config *cfg)
{
	harness_config(cfg);
	cfg->arch = "x86_64";
	cfg->mem_bytes = 64 * MiB;
}

/*
 * An unknown back end fails the boot, from the config and from KMEM_BACKEND alike, with one line
 * that names it: a typo on the command line must not silently run the default back end.
 */
TEST(boot_rejects_unknown_backend)
{
	struct kmem_config cfg;
	const char *err;

	kmem_shutdown();
	harness_config(&cfg);
	cfg.backend = "nosuch";
	ASSERT_LT(boot_captured(&cfg, &err), 0);
	ASSERT_FALSE(kmem_booted());
	ASSERT_EQ(harness_count_lines(err), 1);
	ASSERT_CONTAINS(err, "nosuch");

	harness_setenv("KMEM_BACKEND", "buddyy");
	ASSERT_LT(boot_captured(NULL, &err), 0);
	ASSERT_FALSE(kmem_booted());
	ASSERT_EQ(harness_count_lines(err), 1);
	ASSERT_CONTAINS(err, "buddyy");
}

/* An unknown arch profile fails likewise, from the config and from KMEM_ARCH */
TEST(boot_rejects_unknown_arch)
{
	struct kmem_config cfg;
	const char *err;

	kmem_shutdown();
	harness_config(&cfg);
	cfg.backend = harness_backend();
	cfg.arch = "arm64";
	ASSERT_LT(boot_captured(&cfg, &err), 0);
	ASSERT_FALSE(kmem_booted());
	ASSERT_EQ(harness_count_lines(err), 1);
	ASSERT_CONTAINS(err, "arm64");

	harness_setenv("KMEM_ARCH", "i386x");
	ASSERT_LT(boot_captured(NULL, &err), 0);
	ASSERT_FALSE(kmem_booted());
	ASSERT_EQ(harness_count_lines(err), 1);
	ASSERT_CONTAINS(err, "i386x");
}

/*
 * A malformed KMEM_MEM fails kmem_config_from_env (-EINVAL) and kmem_boot(NULL), each with one
 * line naming the variable and its value. (An empty KMEM_MEM counts as unset, like the other
 * KMEM_* variables; kmem_parse_size("") itself is checked below.)
 */
TEST(boot_rejects_malformed_size)
{
	static const char *const bad[] = { "12Q", "-5M", "5MQ", "0x10" };

	kmem_shutdown();
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		struct kmem_config cfg;
		const char *err;
		int ret;

		harness_setenv("KMEM_MEM", bad[i]);
		memset(&cfg, 0, sizeof(cfg));
		harness_capture_begin();
		ret = kmem_config_from_env(&cfg);
		err = harness_capture_end();
		if (ret != -EINVAL || harness_count_lines(err) != 1 ||
		    !harness_contains(err, "KMEM_MEM") || !harness_contains(err, bad[i]))
			FAIL("KMEM_MEM=\"%s\": kmem_config_from_env = %d, want -EINVAL and one "
			     "line naming it, stderr:\n%s",
			     bad[i], ret, err);

		ret = boot_captured(NULL, &err);
		if (ret >= 0 || kmem_booted() || harness_count_lines(err) != 1 ||
		    !harness_contains(err, "KMEM_MEM") || !harness_contains(err, bad[i]))
			FAIL("KMEM_MEM=\"%s\": kmem_boot(NULL) = %d, want < 0 and one line naming "
			     "it, stderr:\n%s",
			     bad[i], ret, err);
	}
}

/*
 * RAM no larger than the reserved first 1 MiB leaves nothing to manage: the boot fails with one
 * line naming the size (in bytes or with a unit suffix).
 */
TEST(boot_rejects_too_small_ram)
{
	struct kmem_config cfg;
	const char *err;

	kmem_shutdown();
	harness_config(&cfg);
	cfg.backend = harness_backend();
	cfg.arch = "x86_64";
	cfg.mem_bytes = 1 * MiB;
	ASSERT_LT(boot_captured(&cfg, &err), 0);
	ASSERT_FALSE(kmem_booted());
	ASSERT_EQ(harness_count_lines(err), 1);
	if (!harness_contains(err, "1048576") && !harness_contains(err, "1M") &&
	    !harness_contains(err, "1024K") && !harness_contains(err, "1 MiB"))
		FAIL("mem_bytes 1 MiB: the error does not name the size:\n%s", err);

	harness_setenv("KMEM_MEM", "64K");
	ASSERT_LT(boot_captured(NULL, &err), 0);
	ASSERT_FALSE(kmem_booted());
	ASSERT_EQ(harness_count_lines(err), 1);
	if (!harness_contains(err, "64K") && !harness_contains(err, "65536") &&
	    !harness_contains(err, "64 KiB"))
		FAIL("KMEM_MEM=64K: the error does not name the size:\n%s", err);

	/* The failed boots left nothing behind that blocks a good one */
	harness_setenv("KMEM_MEM", NULL);
	small_x86_64(&cfg);
	harness_reboot(&cfg);
	ASSERT_TRUE(kmem_booted());
}

/* kmem_parse_size: the documented forms, and -EINVAL for everything else (overflow included) */
TEST(parse_size)
{
	static const struct {
		const char *s;
		unsigned long long bytes;
	} good[] = {
		{ "6G", 6 * GiB },	 { "512M", 512 * MiB }, { "4096K", 4096ULL << 10 },
		{ "65536", 65536 },	 { "1G", GiB },		{ "0", 0 },
		{ "2048M", 2048 * MiB },
	};
	static const char *const bad[] = {
		"12Q",		"", "-5M", "M", "5 M", "0x", "1.5G", "G6", "18446744073709551616",
		"17179869184G",
	};
	unsigned long long bytes;

	for (unsigned int i = 0; i < ARRAY_SIZE(good); i++) {
		bytes = 12345;
		ASSERT_EQ(kmem_parse_size(good[i].s, &bytes), 0);
		ASSERT_EQ(bytes, good[i].bytes);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		int ret;

		harness_capture_begin();
		ret = kmem_parse_size(bad[i], &bytes);
		harness_capture_end();
		if (ret != -EINVAL)
			FAIL("kmem_parse_size(\"%s\") = %d, want -EINVAL", bad[i], ret);
	}
}

/*
 * Boot, use, shut down, repeatedly and across every back end: shutdown must free everything and
 * reset what the next boot relies on (ASan's leak check covers the "frees everything" half).
 */
TEST(boot_shutdown_boot_again)
{
	struct kmem_config cfg;

	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < kmem_backend_count(); i++) {
			unsigned long before;
			struct kmem_info info;
			struct page *page;

			small_x86_64(&cfg);
			cfg.backend = kmem_backend_name(i);
			harness_reboot(&cfg);
			kmem_get_info(&info);
			ASSERT_STREQ(info.backend, kmem_backend_name(i));
			before = nr_free_pages();
			page = alloc_pages(GFP_KERNEL, 3);
			ASSERT_NOT_NULL(page);
			memset(page_address(page), 0x5a, PAGE_SIZE << 3);
			__free_pages(page, 3);
			ASSERT_EQ(nr_free_pages(), before);
			kmem_shutdown();
			ASSERT_FALSE(kmem_booted());
		}
	}
	small_x86_64(&cfg);
	harness_reboot(&cfg);
	ASSERT_TRUE(kmem_booted());
}

/* kmem_get_info describes the machine that was asked for, and the direct map it got */
TEST(info_fields)
{
	struct kmem_config cfg;
	struct kmem_info info;

	small_x86_64(&cfg);
	cfg.pcp = 1;
	harness_reboot(&cfg);
	kmem_get_info(&info);
	ASSERT_STREQ(info.backend, harness_backend());
	ASSERT_STREQ(info.arch, "x86_64");
	ASSERT_EQ(info.mem_bytes, 64 * MiB);
	ASSERT_EQ(info.nr_pages, (64 * MiB) >> PAGE_SHIFT);
	ASSERT_EQ(info.nr_pages, max_pfn);
	ASSERT_EQ(info.nr_nodes, 1);
	ASSERT_EQ(nr_online_nodes, 1);
	ASSERT_GE(info.nr_cpus, 1);
	ASSERT_TRUE(info.pcp);
	ASSERT_NOT_NULL(info.direct_map_kind);
	if (!strcmp(info.direct_map_kind, "4k"))
		ASSERT_EQ(info.direct_map_page_size, 4096);
	else if (!strcmp(info.direct_map_kind, "thp"))
		ASSERT_EQ(info.direct_map_page_size, 2 * MiB);
	else if (!strcmp(info.direct_map_kind, "hugetlb"))
		ASSERT_TRUE(info.direct_map_page_size == 2 * MiB ||
			    info.direct_map_page_size == GiB);
	else
		FAIL("direct_map_kind \"%s\" is none of hugetlb, thp, 4k", info.direct_map_kind);
	ASSERT_LT(strlen(info.direct_map_note), sizeof(info.direct_map_note));

	cfg.pcp = KMEM_PCP_OFF;
	harness_reboot(&cfg);
	kmem_get_info(&info);
	ASSERT_FALSE(info.pcp);
}

/*
 * With no KMEM_* variable but the back end set, kmem_config_from_env + kmem_boot and
 * kmem_boot(NULL) both give the documented defaults: x86_64, 6 GiB, one node, per-CPU lists on.
 */
TEST(defaults_from_empty_environment)
{
	static const char *const vars[] = { "KMEM_ARCH", "KMEM_MEM", "KMEM_NODES", "KMEM_PCP",
					    "KMEM_SLAB_DEBUG" };
	struct kmem_config cfg;
	struct kmem_info info;

	for (unsigned int i = 0; i < ARRAY_SIZE(vars); i++)
		harness_setenv(vars[i], NULL);
	kmem_shutdown();
	ASSERT_EQ(kmem_boot(NULL), 0);
	kmem_get_info(&info);
	ASSERT_STREQ(info.arch, "x86_64");
	ASSERT_STREQ(info.backend, harness_backend());
	ASSERT_EQ(info.mem_bytes, 6 * GiB);
	ASSERT_EQ(info.nr_nodes, 1);
	ASSERT_TRUE(info.pcp);

	kmem_shutdown();
	memset(&cfg, 0, sizeof(cfg));
	ASSERT_EQ(kmem_config_from_env(&cfg), 0);
	cfg.mem_bytes = 64 * MiB;
	ASSERT_EQ(kmem_boot(&cfg), 0);
	kmem_get_info(&info);
	ASSERT_STREQ(info.arch, "x86_64");
	ASSERT_EQ(info.nr_nodes, 1);
	ASSERT_TRUE(info.pcp);
}

/*
 * The registries list what DESIGN.md promises (buddy, bitmap, freelist; more may follow), the
 * default first, each with a summary and a name no other entry has
 */
TEST(backend_and_arch_lists)
{
	static const char *const backends[] = { "buddy", "bitmap", "freelist" };
	bool x86_64 = false, x86_32 = false;

	ASSERT_GE(kmem_backend_count(), 3);
	ASSERT_STREQ(kmem_backend_name(0), "buddy");
	for (int b = 0; b < 3; b++) {
		int found = 0;

		for (int i = 0; i < kmem_backend_count(); i++)
			found += !strcmp(kmem_backend_name(i), backends[b]);
		ASSERT_EQ(found, 1);
	}
	for (int i = 0; i < kmem_backend_count(); i++) {
		ASSERT_NOT_NULL(kmem_backend_summary(i));
		ASSERT_GT(strlen(kmem_backend_summary(i)), 0);
		for (int j = 0; j < i; j++)
			ASSERT_NE(strcmp(kmem_backend_name(i), kmem_backend_name(j)), 0);
	}
	ASSERT_GE(kmem_arch_count(), 2);
	for (int i = 0; i < kmem_arch_count(); i++) {
		x86_64 |= !strcmp(kmem_arch_name(i), "x86_64");
		x86_32 |= !strcmp(kmem_arch_name(i), "x86_32");
	}
	ASSERT_TRUE(x86_64);
	ASSERT_TRUE(x86_32);
}

/*
 * The profiles' default RAM (DESIGN.md section 4): 6 GiB on x86_64, all of it in the direct map;
 * 2 GiB on x86_32, of which the direct map covers the 896 MiB of lowmem.
 */
TEST(profile_default_ram)
{
	struct kmem_config cfg;
	struct kmem_info info;

	harness_config(&cfg);
	cfg.arch = "x86_64";
	cfg.mem_bytes = 0;
	harness_reboot(&cfg);
	kmem_get_info(&info);
	ASSERT_EQ(info.mem_bytes, 6 * GiB);
	ASSERT_EQ(info.nr_pages, (6 * GiB) >> PAGE_SHIFT);
	ASSERT_EQ(max_pfn, (6 * GiB) >> PAGE_SHIFT);
	ASSERT_EQ(max_low_pfn, max_pfn);

	cfg.arch = "x86_32";
	harness_reboot(&cfg);
	kmem_get_info(&info);
	ASSERT_STREQ(info.arch, "x86_32");
	ASSERT_EQ(info.mem_bytes, 2 * GiB);
	ASSERT_EQ(max_pfn, (2 * GiB) >> PAGE_SHIFT);
	ASSERT_EQ(max_low_pfn, (896 * MiB) >> PAGE_SHIFT);
}

/*
 * mem_map as booted, 64 MiB x86_64:
 *
 *   pfn 0        256                                          16384
 *       |reserved|free ....................................... |
 *        PG_reserved, page_count 1    _count -1 (page_count 0), _mapcount -1
 *
 * and the direct map: page_address(pfn) = PAGE_OFFSET + pfn * PAGE_SIZE, inverted by
 * virt_to_page and __pa.
 */
TEST(mem_map_at_boot)
{
	struct kmem_config cfg;

	small_x86_64(&cfg);
	harness_reboot(&cfg);
	ASSERT_EQ(sizeof(struct page), 64);
	ASSERT_EQ((char *)pfn_to_page(1) - (char *)pfn_to_page(0), 64);
	for (unsigned long pfn = 0; pfn < 256; pfn++) {
		struct page *page = pfn_to_page(pfn);

		if (!PageReserved(page))
			FAIL("pfn %lu in the first 1 MiB is not PG_reserved", pfn);
		ASSERT_EQ(page_count(page), 1);
	}
	for (unsigned long pfn = 256; pfn < max_pfn; pfn++) {
		struct page *page = pfn_to_page(pfn);

		if (PageReserved(page))
			FAIL("pfn %lu above 1 MiB is PG_reserved", pfn);
		if (atomic_read(&page->_count) != -1 || page_count(page) != 0)
			FAIL("free pfn %lu: _count %d, page_count %d", pfn,
			     atomic_read(&page->_count), page_count(page));
		if (atomic_read(&page->_mapcount) != -1)
			FAIL("free pfn %lu: _mapcount %d", pfn, atomic_read(&page->_mapcount));
	}
	for (unsigned long pfn = 0; pfn < max_pfn; pfn += 1021) {
		struct page *page = pfn_to_page(pfn);
		void *addr = page_address(page);

		ASSERT_EQ(addr, __va(pfn << PAGE_SHIFT));
		ASSERT_EQ(addr, lowmem_page_address(page));
		ASSERT_TRUE(virt_addr_valid(addr));
		ASSERT_EQ(virt_to_page(addr), page);
		ASSERT_EQ(virt_to_page((char *)addr + PAGE_SIZE - 1), page);
		ASSERT_EQ(__pa(addr), pfn << PAGE_SHIFT);
		ASSERT_EQ(page_to_pfn(page), pfn);
	}
}
