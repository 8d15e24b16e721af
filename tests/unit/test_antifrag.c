// SPDX-License-Identifier: GPL-2.0
/*
 * Anti-fragmentation as in Linux 6.18, seen through the public stats (pagetypeinfo, zone
 * stats): the claim-or-steal fallback of __rmqueue(), ALLOC_NOFRAGMENT, watermark boosting and
 * kswapd's reclaim of the boost, and the highatomic reserve.
 *
 * All of it needs pageblock types, which only the buddy back end has: on the others every test
 * checks that the model says "not supported" (pagetypeinfo -EOPNOTSUPP, the switches off in
 * kmem_info) and stops there.
 *
 * The fallback tests build their layout by hand on a 64 MiB x86_64 without per-CPU lists:
 * every page is taken as movable (without watermarks, __GFP_MEMALLOC), then pages of one
 * pageblock P in the middle of DMA32 are freed, so that P holds the zone's only free pages and
 * every unmovable request has to fall back into it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mmzone.h>

#include "harness.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

/* Take without watermarks, never reclaim nor wake kswapd: the layout is the test's alone */
#define GFP_TAKE_MOVABLE   (__GFP_MOVABLE | __GFP_MEMALLOC | __GFP_NOWARN)
#define GFP_TAKE_UNMOVABLE (__GFP_MEMALLOC | __GFP_NOWARN)
#define PB		   pageblock_nr_pages
#define WAIT_FOR_KSWAPD_MS 10000

/*
 * On a back end without pageblock types, check that it says so, and return false. The caller
 * has booted the configuration it asked for with the switches at their defaults.
 */
static bool grouping(void)
{
	struct kmem_pagetype_stats st;
	struct kmem_info info;
	char buf[256] = "";
	FILE *f;

	kmem_get_info(&info);
	if (!strcmp(info.backend, "buddy")) {
		ASSERT_EQ(kmem_pagetype_stats(0, ZONE_DMA32, &st), 0);
		return true;
	}
	ASSERT_EQ(kmem_pagetype_stats(0, ZONE_DMA32, &st), -EOPNOTSUPP);
	ASSERT_EQ(kmem_pageblock_migratetype(PB), -EOPNOTSUPP);
	ASSERT_FALSE(info.nofragment);
	ASSERT_FALSE(info.highatomic);
	ASSERT_EQ(info.watermark_boost_factor, 0);
	f = fmemopen(buf, sizeof(buf) - 1, "w");
	ASSERT_NOT_NULL(f);
	kmem_print_pagetypeinfo(f);
	fclose(f);
	ASSERT_CONTAINS(buf, "not supported");
	return false;
}

/* KMEM_* of the environment (the back end, the switches), 64 MiB, no per-CPU lists */
static void boot_small(void)
{
	struct kmem_config cfg;

	harness_config(&cfg);
	cfg.arch = "x86_64";
	cfg.mem_bytes = 64 * MiB;
	cfg.pcp = KMEM_PCP_OFF;
	/* the figures below are those of min_free_kbytes without khugepaged's raise for THP */
	cfg.thp = KMEM_THP_OFF;
	harness_reboot(&cfg);
}

static unsigned long free_pages_of(const struct kmem_pagetype_stats *st, int mt)
{
	unsigned long sum = 0;

	for (int o = 0; o < KMEM_NR_ORDERS; o++)
		sum += st->free_blocks[mt][o] << o;
	return sum;
}

static struct kmem_pagetype_stats dma32_types(void)
{
	struct kmem_pagetype_stats st;

	ASSERT_EQ(kmem_pagetype_stats(0, ZONE_DMA32, &st), 0);
	return st;
}

/* Every page of the machine allocated as movable; returns P, a pageblock inside DMA32 */
static unsigned long take_everything(struct list_head *pages)
{
	struct kmem_zone_stats dma32 = harness_zstats(ZONE_DMA32);

	harness_exhaust(pages, GFP_TAKE_MOVABLE);
	ASSERT_EQ(nr_free_pages(), 0UL);
	return (dma32.start_pfn + dma32.spanned / 2) & ~(PB - 1);
}

/* Free the pages of [start, end) that @pages holds */
static void free_range(struct list_head *pages, unsigned long start, unsigned long end)
{
	struct page *page, *next;
	unsigned long freed = 0;

	list_for_each_entry_safe(page, next, pages, lru) {
		unsigned long pfn = page_to_pfn(page);

		if (pfn < start || pfn >= end)
			continue;
		list_del(&page->lru);
		__free_pages(page, 0);
		freed++;
	}
	ASSERT_EQ(freed, end - start);
}

static struct page *alloc_unmovable(struct list_head *pages, gfp_t extra)
{
	struct page *page = alloc_pages(GFP_TAKE_UNMOVABLE | extra, 0);

	ASSERT_NOT_NULL(page);
	harness_keep(pages, page, 0);
	return page;
}

/*
 * Steal. P after freeing its first 100 pages (every other page of the machine allocated):
 *
 *   P+0          P+64       P+96   P+100                               P+512
 *   | free, ord 6 | free, o5 | o2   | allocated movable (412)            |
 *
 * An unmovable request tries to claim the largest block (order 6) first, but P has 100 free
 * pages and no unmovable ones: 100 < 256, no claim. It steals the smallest block instead
 * (order 2 at P+96) and leaves the rest where it was: P stays Movable, no free page moves to
 * the unmovable lists (before Linux 6.10 they all moved, the pageblock keeping its type).
 */
TEST(steal_takes_the_smallest_block_and_moves_nothing)
{
	struct kmem_pagetype_stats st;
	unsigned long p;
	struct page *page;
	LIST_HEAD(pages);

	boot_small();
	if (!grouping())
		return;
	p = take_everything(&pages);
	free_range(&pages, p, p + 100);
	ASSERT_EQ(kmem_pageblock_migratetype(p), MIGRATE_MOVABLE);

	page = alloc_unmovable(&pages, 0);
	ASSERT_EQ(page_to_pfn(page), p + 96);
	ASSERT_EQ(kmem_pageblock_migratetype(p), MIGRATE_MOVABLE);
	st = dma32_types();
	ASSERT_EQ(free_pages_of(&st, MIGRATE_UNMOVABLE), 0UL);
	ASSERT_EQ(free_pages_of(&st, MIGRATE_MOVABLE), 99UL);
	/* what is left of the order-2 block: one order-1 and one order-0 block, still movable */
	ASSERT_EQ(st.free_blocks[MIGRATE_MOVABLE][0], 1UL);
	ASSERT_EQ(st.free_blocks[MIGRATE_MOVABLE][1], 1UL);
	harness_free_list(&pages);
}

/*
 * Claim, counting alike pages. First 100 unmovable requests steal P's 100 free pages one by
 * one (100 free + unmovable pages never reach half of P). Then 200 more pages are freed:
 *
 *   P+0            P+100                    P+300                      P+512
 *   | unmovable (100) | free (200)             | allocated movable (212)   |
 *
 * The next unmovable request claims P: 200 free + 100 alike (non-movable pages in a movable
 * pageblock) = 300 >= 256, so P becomes Unmovable with all its free pages. Counting the free
 * pages alone (200 < 256), as before Linux 6.15's try_to_claim_block(), would not.
 */
TEST(claim_counts_free_and_alike_pages)
{
	struct kmem_pagetype_stats st;
	unsigned long p;
	LIST_HEAD(pages);
	LIST_HEAD(unmovable);

	boot_small();
	if (!grouping())
		return;
	p = take_everything(&pages);
	free_range(&pages, p, p + 100);
	for (int i = 0; i < 100; i++) {
		struct page *page = alloc_unmovable(&unmovable, 0);

		ASSERT_EQ(page_to_pfn(page) & ~(PB - 1), p);
	}
	ASSERT_EQ(kmem_pageblock_migratetype(p), MIGRATE_MOVABLE);
	free_range(&pages, p + 100, p + 300);

	alloc_unmovable(&unmovable, 0);
	ASSERT_EQ(kmem_pageblock_migratetype(p), MIGRATE_UNMOVABLE);
	st = dma32_types();
	ASSERT_EQ(free_pages_of(&st, MIGRATE_MOVABLE), 0UL);
	ASSERT_EQ(free_pages_of(&st, MIGRATE_UNMOVABLE), 199UL);
	harness_free_list(&unmovable);
	harness_free_list(&pages);
}

/*
 * Boosting. A fallback that does not take a whole pageblock (the steal above, which first
 * tries to claim) boosts DMA32's watermarks by a pageblock: all three rise by the boost. Without
 * __GFP_KSWAPD_RECLAIM nobody wakes kswapd, so the boost stays. The next such fallback from a
 * request that may wake kswapd does: kswapd finds nothing to reclaim (no page cache) and takes
 * the boost off, so the watermarks return to the formula's.
 */
TEST(boost_raises_watermarks_until_kswapd_reclaims_it)
{
	struct kmem_zone_stats before, st;
	struct kmem_vmstat v0;
	unsigned long p;
	long waited = 0;
	LIST_HEAD(pages);

	boot_small();
	if (!grouping())
		return;
	p = take_everything(&pages);
	free_range(&pages, p, p + 100);
	before = harness_zstats(ZONE_DMA32);
	ASSERT_EQ(before.watermark_boost, 0UL);

	alloc_unmovable(&pages, 0);
	st = harness_zstats(ZONE_DMA32);
	/* one pageblock: the cap, 1.5 times the high watermark, is at least that */
	ASSERT_EQ(st.watermark_boost, PB);
	for (int w = 0; w < 3; w++)
		ASSERT_EQ(st.watermark[w], before.watermark[w] + PB);

	v0 = harness_vmstat();
	alloc_unmovable(&pages, __GFP_KSWAPD_RECLAIM);
	while (harness_zstats(ZONE_DMA32).watermark_boost && waited < WAIT_FOR_KSWAPD_MS) {
		harness_sleep_ms(10);
		waited += 10;
	}
	st = harness_zstats(ZONE_DMA32);
	ASSERT_EQ(st.watermark_boost, 0UL);
	for (int w = 0; w < 3; w++)
		ASSERT_EQ(st.watermark[w], before.watermark[w]);
	ASSERT_GT(harness_vmstat().kswapd_wakeups, v0.kswapd_wakeups);
	harness_free_list(&pages);
}

/* vm.watermark_boost_factor = 0 (KMEM_BOOST_FACTOR=0) turns boosting off, as in the kernel */
TEST(boost_factor_zero_never_boosts)
{
	struct kmem_info info;
	unsigned long p;
	LIST_HEAD(pages);

	harness_setenv("KMEM_BOOST_FACTOR", "0");
	boot_small();
	if (!grouping())
		return;
	kmem_get_info(&info);
	ASSERT_EQ(info.watermark_boost_factor, 0);
	p = take_everything(&pages);
	free_range(&pages, p, p + 100);
	alloc_unmovable(&pages, 0);
	ASSERT_EQ(harness_zstats(ZONE_DMA32).watermark_boost, 0UL);
	harness_free_list(&pages);
}

/*
 * ALLOC_NOFRAGMENT. x86_64 with 4 GiB + 256 MiB: ZONE_NORMAL is the last 256 MiB and comes
 * first in GFP_KERNEL's zonelist, DMA32 after it. Normal is filled with movable pages, then
 * three of every four are freed (pfn % 4 != 3): plenty of free memory, but only in blocks
 * below order 2, inside Movable pageblocks. A burst of unmovable pages then finds no unmovable
 * free page in Normal. With ALLOC_NOFRAGMENT the first pass may only claim whole pageblocks, so
 * it passes Normal by and claims free pageblocks in DMA32: Normal's pageblocks keep their
 * types. Without it (KMEM_NOFRAGMENT=0, or before 6.18's rule) the burst lands in Normal's
 * movable pageblocks and converts them.
 */
static unsigned long unmovable_burst_in_normal_of(const char *arch, unsigned long long mem,
						  bool nofragment, struct kmem_pagetype_stats *pre,
						  struct kmem_pagetype_stats *post)
{
	const unsigned long burst = 2048;
	unsigned long in_normal = 0;
	struct kmem_zone_stats normal;
	struct page *page, *next;
	LIST_HEAD(pages);
	LIST_HEAD(unmovable);

	harness_setenv("KMEM_NOFRAGMENT", nofragment ? "1" : "0");
	/*
	 * without THP: khugepaged's raised min_free_kbytes would stop the fill with whole free
	 * pageblocks left in Normal, which ALLOC_NOFRAGMENT rightly lets the burst claim
	 */
	harness_setenv("KMEM_THP", "0");
	harness_boot(arch, mem);
	normal = harness_zstats(ZONE_NORMAL);
	for (;;) {
		page = alloc_pages(__GFP_MOVABLE | __GFP_NOWARN, 0);
		ASSERT_NOT_NULL(page);
		if (page_zonenum(page) != ZONE_NORMAL) {
			__free_pages(page, 0);
			break;
		}
		harness_keep(&pages, page, 0);
	}
	list_for_each_entry_safe(page, next, &pages, lru) {
		if (page_to_pfn(page) % 4 == 3)
			continue;
		list_del(&page->lru);
		__free_pages(page, 0);
	}
	ASSERT_EQ(kmem_pagetype_stats(0, ZONE_NORMAL, pre), 0);
	ASSERT_EQ(pre->pageblocks[MIGRATE_MOVABLE], normal.spanned / PB);
	for (unsigned long i = 0; i < burst; i++) {
		page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0);
		ASSERT_NOT_NULL(page);
		in_normal += page_zonenum(page) == ZONE_NORMAL;
		harness_keep(&unmovable, page, 0);
	}
	ASSERT_EQ(kmem_pagetype_stats(0, ZONE_NORMAL, post), 0);
	harness_free_list(&unmovable);
	harness_free_list(&pages);
	return in_normal;
}

static unsigned long unmovable_burst_in_normal(bool nofragment, struct kmem_pagetype_stats *pre,
					       struct kmem_pagetype_stats *post)
{
	return unmovable_burst_in_normal_of("x86_64", 4 * GiB + 256 * MiB, nofragment, pre, post);
}

TEST(nofragment_keeps_unmovable_burst_out_of_movable_pageblocks)
{
	struct kmem_pagetype_stats pre, post;
	struct kmem_info info;

	harness_boot("x86_64", 4 * GiB + 256 * MiB);
	if (!grouping())
		return;
	kmem_get_info(&info);
	ASSERT_TRUE(info.nofragment);
	ASSERT_EQ(unmovable_burst_in_normal(true, &pre, &post), 0UL);
	for (int mt = 0; mt < KMEM_NR_MIGRATETYPES; mt++)
		ASSERT_EQ(post.pageblocks[mt], pre.pageblocks[mt]);
}

/* The switch: without ALLOC_NOFRAGMENT the same burst converts Normal's pageblocks */
TEST(nofragment_off_lets_the_burst_fragment_normal)
{
	struct kmem_pagetype_stats pre, post;

	harness_boot("x86_64", 4 * GiB + 256 * MiB);
	if (!grouping())
		return;
	ASSERT_GT(unmovable_burst_in_normal(false, &pre, &post), 0UL);
	ASSERT_GT(post.pageblocks[MIGRATE_UNMOVABLE], pre.pageblocks[MIGRATE_UNMOVABLE]);
}

/*
 * 6.18 sets ALLOC_NOFRAGMENT only on kernels with ZONE_DMA32 (alloc_flags_nofragment()): on
 * x86_32 it never applies, switch on or not. 128 MiB x86_32: GFP_KERNEL's zonelist is Normal,
 * then DMA, which has whole free pageblocks and, Normal being small, a lowmem_reserve small
 * enough to take the burst. The same burst as above, with KMEM_NOFRAGMENT=1, falls back into
 * Normal's movable pageblocks at once and converts them, where on x86_64
 * (nofragment_keeps_unmovable_burst_out_of_movable_pageblocks) it passes Normal by; a model
 * that set ALLOC_NOFRAGMENT here would send it to DMA.
 */
TEST(nofragment_never_applies_on_x86_32)
{
	struct kmem_pagetype_stats pre, post;
	struct kmem_info info;

	harness_boot("x86_32", 128 * MiB);
	if (!grouping())
		return;
	kmem_get_info(&info);
	ASSERT_TRUE(info.nofragment);
	ASSERT_GT(unmovable_burst_in_normal_of("x86_32", 128 * MiB, true, &pre, &post), 0UL);
	ASSERT_GT(post.pageblocks[MIGRATE_UNMOVABLE], pre.pageblocks[MIGRATE_UNMOVABLE]);
}

/*
 * Highatomic reserve. 512 MiB x86_64 (DMA32 ~ 124k pages: 1% is more than a pageblock, so
 * the zone may reserve up to 3). Memory is filled with movable pages down to the min
 * watermark; an order-2 GFP_ATOMIC allocation then only succeeds in the slow path, with
 * ALLOC_HIGHATOMIC, and its pageblock becomes MIGRATE_HIGHATOMIC. GFP_KERNEL allocations do
 * not see its free pages; when they are about to fail, the reserve is given back (forced, as
 * at the end of should_reclaim_retry()), and they take it.
 */
static void boot_highatomic(bool on)
{
	struct kmem_config cfg;

	harness_config(&cfg);
	cfg.arch = "x86_64";
	cfg.mem_bytes = 512 * MiB;
	cfg.pcp = KMEM_PCP_OFF;
	cfg.highatomic = on ? 1 : KMEM_OFF;
	harness_reboot(&cfg);
}

static unsigned long reserved_highatomic(unsigned long *pageblocks)
{
	unsigned long pages = 0;

	*pageblocks = 0;
	for (int z = 0; z < KMEM_NR_ZONES; z++) {
		struct kmem_zone_stats zs;
		struct kmem_pagetype_stats st;

		if (kmem_zone_stats(0, z, &zs) || !zs.populated)
			continue;
		ASSERT_EQ(kmem_pagetype_stats(0, z, &st), 0);
		pages += zs.nr_reserved_highatomic;
		*pageblocks += st.pageblocks[MIGRATE_HIGHATOMIC];
	}
	return pages;
}

TEST(highatomic_reserve_made_by_atomic_and_released_under_pressure)
{
	unsigned long blocks;
	struct page *atomic;
	LIST_HEAD(pages);

	boot_highatomic(true);
	if (!grouping())
		return;
	harness_exhaust(&pages, __GFP_MOVABLE | __GFP_NOWARN);
	ASSERT_EQ(reserved_highatomic(&blocks), 0UL);
	atomic = alloc_pages(GFP_ATOMIC | __GFP_NOWARN, 2);
	ASSERT_NOT_NULL(atomic);
	ASSERT_EQ(reserved_highatomic(&blocks), PB);
	ASSERT_EQ(blocks, 1UL);
	ASSERT_EQ(kmem_pageblock_migratetype(page_to_pfn(atomic)), MIGRATE_HIGHATOMIC);

	/* GFP_KERNEL until it fails: the reserve goes before it does */
	harness_exhaust(&pages, GFP_KERNEL | __GFP_NOWARN);
	ASSERT_EQ(reserved_highatomic(&blocks), 0UL);
	ASSERT_EQ(blocks, 0UL);
	__free_pages(atomic, 2);
	harness_free_list(&pages);
}

/* KMEM_HIGHATOMIC=0: the same atomic allocation reserves nothing */
TEST(highatomic_off_reserves_nothing)
{
	unsigned long blocks;
	struct page *atomic;
	LIST_HEAD(pages);

	boot_highatomic(false);
	if (!grouping())
		return;
	harness_exhaust(&pages, __GFP_MOVABLE | __GFP_NOWARN);
	atomic = alloc_pages(GFP_ATOMIC | __GFP_NOWARN, 2);
	ASSERT_NOT_NULL(atomic);
	ASSERT_EQ(reserved_highatomic(&blocks), 0UL);
	ASSERT_EQ(blocks, 0UL);
	__free_pages(atomic, 2);
	harness_free_list(&pages);
}

/* The pagetypeinfo report names the highatomic column, as /proc/pagetypeinfo does */
TEST(pagetypeinfo_report)
{
	char buf[8192] = "";
	FILE *f;

	boot_small();
	if (!grouping())
		return;
	f = fmemopen(buf, sizeof(buf) - 1, "w");
	ASSERT_NOT_NULL(f);
	kmem_print_pagetypeinfo(f);
	fclose(f);
	ASSERT_CONTAINS(buf, "Number of blocks type");
	ASSERT_CONTAINS(buf, "HighAtomic");
	ASSERT_CONTAINS(buf, "zone    DMA32, type    Unmovable");
}
