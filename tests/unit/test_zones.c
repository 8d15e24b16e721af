// SPDX-License-Identifier: GPL-2.0
/*
 * Zones: the layout of each arch profile (DESIGN.md section 4), which zone a gfp mask selects,
 * fallback down the zonelist, and the kernel's lowmem_reserve and watermark arithmetic.
 */
#include <errno.h>
#include <string.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/mm.h>

#include "harness.h"

#define MiB	   (1ULL << 20)
#define GiB	   (1ULL << 30)
#define PFN(bytes) ((unsigned long)((bytes) >> PAGE_SHIFT))

/* The first 1 MiB of an x86 profile is reserved and lies in ZONE_DMA */
#define RESERVED_PAGES PFN(1 * MiB)

static const char *const zone_names[MAX_NR_ZONES] = { "DMA", "DMA32", "Normal", "HighMem" };

/*
 * Zone @idx of node 0 spans [@start, @end) pfns with @reserved of them reserved; all the rest is
 * free (the model is freshly booted); the pages at both ends say they belong to it.
 */
static void expect_zone(int idx, unsigned long start, unsigned long end, unsigned long reserved)
{
	struct kmem_zone_stats st = harness_zstats(idx);
	struct zone *zone = &NODE_DATA(0)->node_zones[idx];

	ASSERT_EQ(st.zone_idx, idx);
	ASSERT_EQ(st.node, 0);
	ASSERT_STREQ(st.name, zone_names[idx]);
	ASSERT_TRUE(st.populated);
	ASSERT_EQ(st.start_pfn, start);
	ASSERT_EQ(st.spanned, end - start);
	ASSERT_EQ(st.managed, end - start - reserved);
	ASSERT_EQ(st.free + st.pcp_free, st.managed);
	ASSERT_EQ(zone->zone_start_pfn, start);
	ASSERT_EQ(zone_end_pfn(zone), end);
	ASSERT_TRUE(populated_zone(zone));
	ASSERT_EQ(page_zonenum(pfn_to_page(start)), idx);
	ASSERT_EQ(page_zonenum(pfn_to_page(end - 1)), idx);
	ASSERT_EQ(page_zone(pfn_to_page(end - 1)), zone);
}

static void expect_no_zone(int idx)
{
	struct kmem_zone_stats st = harness_zstats(idx);

	ASSERT_FALSE(st.populated);
	ASSERT_EQ(st.managed, 0);
	ASSERT_EQ(st.free + st.pcp_free, 0);
	ASSERT_FALSE(populated_zone(&NODE_DATA(0)->node_zones[idx]));
}

/* The fallback zonelist of node 0 holds exactly @n zones, highest first, as listed */
static void expect_zonelist(int n, const int *idx)
{
	const struct zonelist *zl = &NODE_DATA(0)->node_zonelists[ZONELIST_FALLBACK];

	ASSERT_EQ(zl->nr_zonerefs, n);
	for (int i = 0; i < n; i++) {
		ASSERT_EQ(zl->_zonerefs[i].zone_idx, idx[i]);
		ASSERT_EQ(zl->_zonerefs[i].zone, &NODE_DATA(0)->node_zones[idx[i]]);
	}
}

/*
 * x86_64 with its default 6 GiB:
 *
 *   0       16 MiB                          4 GiB                 6 GiB
 *   |  DMA  |            DMA32              |        NORMAL       |
 *   pfn 0   0x1000                          0x100000              0x180000
 *   (first 1 MiB reserved)                                          no HIGHMEM
 */
TEST(layout_x86_64_default)
{
	static const int zonelist[] = { ZONE_NORMAL, ZONE_DMA32, ZONE_DMA };
	struct kmem_zone_stats st;

	harness_boot("x86_64", 0);
	expect_zone(ZONE_DMA, 0, PFN(16 * MiB), RESERVED_PAGES);
	expect_zone(ZONE_DMA32, PFN(16 * MiB), PFN(4 * GiB), 0);
	expect_zone(ZONE_NORMAL, PFN(4 * GiB), PFN(6 * GiB), 0);
	expect_no_zone(ZONE_HIGHMEM);
	expect_zonelist(3, zonelist);
	ASSERT_EQ(NODE_DATA(0)->nr_zones, ZONE_NORMAL + 1);
	ASSERT_EQ(kmem_zone_stats(0, KMEM_NR_ZONES, &st), -ENOENT);
	ASSERT_EQ(kmem_zone_stats(1, 0, &st), -ENOENT);
	ASSERT_EQ(kmem_zone_stats(-1, 0, &st), -ENOENT);
}

/*
 * x86_64 with 64 MiB: RAM ends below 4 GiB, so there is no ZONE_NORMAL:
 *
 *   0       16 MiB            64 MiB
 *   |  DMA  |     DMA32       |
 */
TEST(layout_x86_64_64m)
{
	static const int zonelist[] = { ZONE_DMA32, ZONE_DMA };

	harness_boot("x86_64", 64 * MiB);
	expect_zone(ZONE_DMA, 0, PFN(16 * MiB), RESERVED_PAGES);
	expect_zone(ZONE_DMA32, PFN(16 * MiB), PFN(64 * MiB), 0);
	expect_no_zone(ZONE_NORMAL);
	expect_no_zone(ZONE_HIGHMEM);
	expect_zonelist(2, zonelist);
}

/*
 * x86_32 with its default 2 GiB: lowmem ends at 896 MiB, above is HIGHMEM (no direct-map
 * address until kmap), and there is no ZONE_DMA32:
 *
 *   0       16 MiB                896 MiB                    2 GiB
 *   |  DMA  |       NORMAL        |         HIGHMEM          |
 *   pfn 0   0x1000                0x38000                    0x80000
 */
TEST(layout_x86_32_default)
{
	static const int zonelist[] = { ZONE_HIGHMEM, ZONE_NORMAL, ZONE_DMA };

	harness_boot("x86_32", 0);
	expect_zone(ZONE_DMA, 0, PFN(16 * MiB), RESERVED_PAGES);
	expect_no_zone(ZONE_DMA32);
	expect_zone(ZONE_NORMAL, PFN(16 * MiB), PFN(896 * MiB), 0);
	expect_zone(ZONE_HIGHMEM, PFN(896 * MiB), PFN(2 * GiB), 0);
	expect_zonelist(3, zonelist);
	ASSERT_EQ(max_low_pfn, PFN(896 * MiB));
	for (unsigned long pfn = 0; pfn < max_pfn; pfn += 97) {
		struct page *page = pfn_to_page(pfn);

		if (pfn < max_low_pfn)
			ASSERT_EQ(page_address(page), __va(pfn << PAGE_SHIFT));
		else if (page_address(page) || !PageHighMem(page))
			FAIL("highmem pfn %#lx: page_address %p, PageHighMem %d", pfn,
			     page_address(page), PageHighMem(page));
	}
}

/*
 * gfp_zone() as in the kernel's GFP_ZONE_TABLE: a modifier for a zone the profile lacks names
 * the next zone up, and contradictory modifiers are GFP_ZONE_BAD.
 */
TEST(gfp_zone_per_profile)
{
	harness_boot("x86_64", 64 * MiB);
	ASSERT_EQ(gfp_zone(GFP_KERNEL), ZONE_NORMAL);
	ASSERT_EQ(gfp_zone(GFP_DMA), ZONE_DMA);
	ASSERT_EQ(gfp_zone(GFP_DMA32), ZONE_DMA32);
	ASSERT_EQ(gfp_zone(GFP_HIGHUSER), ZONE_NORMAL);
	ASSERT_EQ(gfp_zone(GFP_HIGHUSER_MOVABLE), ZONE_NORMAL);
	ASSERT_EQ(gfp_zone(__GFP_MOVABLE), ZONE_NORMAL);
	ASSERT_EQ(gfp_zone(__GFP_DMA | __GFP_HIGHMEM), GFP_ZONE_BAD);
	ASSERT_EQ(gfp_zone(__GFP_DMA | __GFP_DMA32), GFP_ZONE_BAD);
	ASSERT_EQ(gfp_zone(__GFP_DMA32 | __GFP_HIGHMEM), GFP_ZONE_BAD);

	harness_boot("x86_32", 1 * GiB);
	ASSERT_EQ(gfp_zone(GFP_KERNEL), ZONE_NORMAL);
	ASSERT_EQ(gfp_zone(GFP_DMA), ZONE_DMA);
	ASSERT_EQ(gfp_zone(GFP_DMA32), ZONE_NORMAL);
	ASSERT_EQ(gfp_zone(GFP_HIGHUSER), ZONE_HIGHMEM);
	ASSERT_EQ(gfp_zone(GFP_HIGHUSER_MOVABLE), ZONE_HIGHMEM);
	ASSERT_EQ(gfp_zone(__GFP_DMA | __GFP_HIGHMEM), GFP_ZONE_BAD);
}

/* Allocates one page with @gfp and checks it is in @zone_idx of node 0, consistently described */
static struct page *alloc_in_zone(gfp_t gfp, unsigned int order, int zone_idx)
{
	struct page *page = alloc_pages(gfp, order);
	unsigned long pfn;
	struct zone *zone;

	ASSERT_NOT_NULL(page);
	pfn = page_to_pfn(page);
	zone = page_zone(page);
	ASSERT_EQ(page_zonenum(page), zone_idx);
	ASSERT_EQ(zone->zone_idx, zone_idx);
	ASSERT_EQ(zone, &NODE_DATA(0)->node_zones[zone_idx]);
	ASSERT_EQ(page_to_nid(page), 0);
	ASSERT_GE(pfn, zone->zone_start_pfn);
	ASSERT_LE(pfn + (1UL << order), zone_end_pfn(zone));
	ASSERT_EQ(page_zonenum(page + (1UL << order) - 1), zone_idx);
	return page;
}

/*
 * x86_64, 64 MiB: GFP_DMA is served below 16 MiB, GFP_DMA32 from DMA32, and GFP_KERNEL (highest
 * zone NORMAL, which is empty) from DMA32 rather than from DMA.
 */
TEST(select_x86_64_small)
{
	struct page *p[3];

	harness_boot("x86_64", 64 * MiB);
	p[0] = alloc_in_zone(GFP_DMA, 0, ZONE_DMA);
	ASSERT_LT(page_to_pfn(p[0]), PFN(16 * MiB));
	p[1] = alloc_in_zone(GFP_KERNEL | GFP_DMA32, 2, ZONE_DMA32);
	p[2] = alloc_in_zone(GFP_KERNEL, 0, ZONE_DMA32);
	__free_pages(p[0], 0);
	__free_pages(p[1], 2);
	__free_pages(p[2], 0);
}

/*
 * x86_64, 6 GiB: GFP_KERNEL comes from NORMAL (at or above 4 GiB), GFP_DMA32 from below 4 GiB,
 * GFP_DMA from below 16 MiB, and __GFP_HIGHMEM, with no HIGHMEM zone, means NORMAL.
 */
TEST(select_x86_64_default)
{
	struct page *p[5];

	harness_boot("x86_64", 0);
	p[0] = alloc_in_zone(GFP_KERNEL, 0, ZONE_NORMAL);
	ASSERT_GE(page_to_pfn(p[0]), PFN(4 * GiB));
	p[1] = alloc_in_zone(GFP_KERNEL | GFP_DMA32, 0, ZONE_DMA32);
	ASSERT_LT(page_to_pfn(p[1]), PFN(4 * GiB));
	p[2] = alloc_in_zone(GFP_DMA, 1, ZONE_DMA);
	ASSERT_LT(page_to_pfn(p[2]), PFN(16 * MiB));
	p[3] = alloc_in_zone(GFP_HIGHUSER, 0, ZONE_NORMAL);
	ASSERT_NOT_NULL(page_address(p[3]));
	ASSERT_FALSE(PageHighMem(p[3]));
	p[4] = alloc_in_zone(GFP_HIGHUSER_MOVABLE, 3, ZONE_NORMAL);
	__free_pages(p[0], 0);
	__free_pages(p[1], 0);
	__free_pages(p[2], 1);
	__free_pages(p[3], 0);
	__free_pages(p[4], 3);
}

/*
 * x86_32, 1 GiB (HIGHMEM = [896 MiB, 1 GiB)): GFP_HIGHUSER gets a highmem page, which has no
 * direct-map address; GFP_KERNEL never does; __GFP_DMA32 means NORMAL there.
 */
TEST(select_x86_32)
{
	struct page *hi, *lo, *dma32, *dma;

	harness_boot("x86_32", 1 * GiB);
	hi = alloc_in_zone(GFP_HIGHUSER, 0, ZONE_HIGHMEM);
	ASSERT_GE(page_to_pfn(hi), PFN(896 * MiB));
	ASSERT_TRUE(PageHighMem(hi));
	ASSERT_NULL(page_address(hi));
	ASSERT_NULL(hi->virtual);

	lo = alloc_in_zone(GFP_KERNEL, 0, ZONE_NORMAL);
	ASSERT_LT(page_to_pfn(lo), PFN(896 * MiB));
	ASSERT_FALSE(PageHighMem(lo));
	ASSERT_NOT_NULL(page_address(lo));
	ASSERT_EQ(page_address(lo), lowmem_page_address(lo));
	memset(page_address(lo), 0x5a, PAGE_SIZE);

	dma32 = alloc_in_zone(GFP_KERNEL | __GFP_DMA32, 0, ZONE_NORMAL);
	dma = alloc_in_zone(GFP_DMA, 0, ZONE_DMA);
	__free_pages(hi, 0);
	__free_pages(lo, 0);
	__free_pages(dma32, 0);
	__free_pages(dma, 0);
}

/* Allocates with @gfp, largest blocks first, until even order 0 fails; no page from @not_zone */
static void exhaust(struct list_head *head, gfp_t gfp, int not_zone)
{
	for (int order = MAX_PAGE_ORDER; order >= 0; order--) {
		struct page *page;

		while ((page = alloc_pages(gfp, (unsigned int)order))) {
			if ((int)page_zonenum(page) == not_zone)
				FAIL("order-%d page pfn %#lx came from zone %d", order,
				     page_to_pfn(page), not_zone);
			harness_keep(head, page, (unsigned int)order);
		}
	}
}

/*
 * x86_64 with 4 GiB + 64 MiB: NORMAL is 64 MiB.
 *
 *   0     16 MiB                      4 GiB      +64 MiB
 *   | DMA |          DMA32             |  NORMAL  |
 *
 * GFP_KERNEL takes NORMAL pages until NORMAL is at its low watermark (the fast path's: not
 * down to min, which the slow path would allow), then falls back to DMA32. DMA's
 * lowmem_reserve[NORMAL] is (DMA32 + NORMAL) / 256 = 4144 pages, more than DMA has, so GFP_KERNEL
 * never touches DMA even with everything else gone, while GFP_DMA still succeeds: the reserve is
 * what keeps ISA-DMA memory for the drivers that need it.
 *
 * Without per-CPU lists: a list's refill (rmqueue_bulk) takes its scaled batch whatever the
 * watermarks, up to 96 pages on this zone, more than low - min, so with them the back end's
 * free count may end anywhere below low.
 */
TEST(fallback_normal_dma32_reserve_keeps_dma)
{
	const gfp_t gfp = GFP_KERNEL | __GFP_NOWARN;
	struct kmem_zone_stats dma0, normal0, st;
	unsigned long start, n_normal = 0;
	struct page *page;
	LIST_HEAD(pages);

	harness_setenv("KMEM_PCP", "0");
	harness_boot("x86_64", 4 * GiB + 64 * MiB);
	start = nr_free_pages();
	dma0 = harness_zstats(ZONE_DMA);
	normal0 = harness_zstats(ZONE_NORMAL);
	ASSERT_GT(dma0.lowmem_reserve[ZONE_NORMAL], (long)dma0.managed);

	for (;;) {
		page = alloc_pages(gfp, 0);
		ASSERT_NOT_NULL(page);
		harness_keep(&pages, page, 0);
		if (page_zonenum(page) != ZONE_NORMAL)
			break;
		n_normal++;
	}
	ASSERT_EQ(page_zonenum(page), ZONE_DMA32);
	st = harness_zstats(ZONE_NORMAL);
	ASSERT_EQ(st.free + st.pcp_free + n_normal, normal0.managed);
	ASSERT_LE(st.free, st.watermark[WMARK_LOW]);
	ASSERT_GT(st.free, st.watermark[WMARK_MIN]);
	ASSERT_GT(n_normal, normal0.managed / 2);

	exhaust(&pages, gfp, ZONE_DMA);
	ASSERT_NULL(alloc_pages(gfp, 0));
	st = harness_zstats(ZONE_DMA);
	ASSERT_EQ(st.free + st.pcp_free, dma0.free + dma0.pcp_free);
	st = harness_zstats(ZONE_DMA32);
	ASSERT_GE(st.free + st.pcp_free, (unsigned long)st.lowmem_reserve[ZONE_NORMAL]);

	page = alloc_pages(GFP_DMA | __GFP_NOWARN, 0);
	ASSERT_NOT_NULL(page);
	ASSERT_EQ(page_zonenum(page), ZONE_DMA);
	harness_keep(&pages, page, 0);

	harness_free_list(&pages);
	ASSERT_EQ(nr_free_pages(), start);
}

/*
 * x86_64 with 64 MiB: DMA's lowmem_reserve[NORMAL] is DMA32 / 256 = 48 pages, so GFP_KERNEL,
 * once DMA32 is used up, falls back into DMA, but stops with at least those 48 pages (plus the
 * watermark) left, and GFP_DMA can still have one of them.
 */
TEST(fallback_dma32_dma_keeps_lowmem_reserve)
{
	const gfp_t gfp = GFP_KERNEL | __GFP_NOWARN;
	struct kmem_zone_stats dma0, dma32, st;
	struct page *page;
	unsigned long start;
	LIST_HEAD(pages);

	/* the watermarks as the formula sets them: no fallback may boost them meanwhile */
	harness_setenv("KMEM_BOOST_FACTOR", "0");
	harness_boot("x86_64", 64 * MiB);
	start = nr_free_pages();
	dma0 = harness_zstats(ZONE_DMA);
	dma32 = harness_zstats(ZONE_DMA32);
	ASSERT_EQ(dma0.lowmem_reserve[ZONE_NORMAL], (long)(dma32.managed / 256));

	exhaust(&pages, gfp, -1);
	ASSERT_NULL(alloc_pages(gfp, 0));
	st = harness_zstats(ZONE_DMA);
	ASSERT_LT(st.free + st.pcp_free, dma0.free + dma0.pcp_free);
	ASSERT_GE(st.free + st.pcp_free, (unsigned long)dma0.lowmem_reserve[ZONE_NORMAL]);

	page = alloc_pages(GFP_DMA | __GFP_NOWARN, 0);
	ASSERT_NOT_NULL(page);
	ASSERT_EQ(page_zonenum(page), ZONE_DMA);
	harness_keep(&pages, page, 0);

	harness_free_list(&pages);
	ASSERT_EQ(nr_free_pages(), start);
}

/*
 * lowmem_reserve as mm/page_alloc.c's setup_per_zone_lowmem_reserve() computes it: zone i keeps
 * back, from allocations whose highest zone is j > i, the managed pages of zones i+1..j divided
 * by sysctl_lowmem_reserve_ratio[i] (DMA 256, DMA32 256, NORMAL 32); 0 for j <= i and for an
 * empty zone.
 */
static void expect_lowmem_reserve(void)
{
	static const unsigned long ratio[MAX_NR_ZONES] = { 256, 256, 32, 0 };
	struct kmem_zone_stats st[MAX_NR_ZONES];

	for (int i = 0; i < MAX_NR_ZONES; i++)
		st[i] = harness_zstats(i);
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		unsigned long upper = 0;

		for (int j = 0; j < MAX_NR_ZONES; j++) {
			long want = 0;

			if (j > i) {
				upper += st[j].managed;
				if (ratio[i] && st[i].managed)
					want = (long)(upper / ratio[i]);
			}
			if (st[i].lowmem_reserve[j] != want)
				FAIL("zone %s lowmem_reserve[%d] = %ld, want %ld", zone_names[i], j,
				     st[i].lowmem_reserve[j], want);
			ASSERT_EQ(NODE_DATA(0)->node_zones[i].lowmem_reserve[j], want);
		}
	}
}

/* x86_64, 6 GiB: every reserve as computed above, and one spelt out */
TEST(lowmem_reserve_x86_64)
{
	harness_boot("x86_64", 0);
	expect_lowmem_reserve();
	/* one value spelt out: (DMA32 + NORMAL managed) / 256 */
	ASSERT_EQ(harness_zstats(ZONE_DMA).lowmem_reserve[ZONE_NORMAL],
		  (long)((PFN(4 * GiB) - PFN(16 * MiB) + PFN(2 * GiB)) / 256));
}

/* x86_32, 2 GiB: the same, with NORMAL's ratio of 32 against HIGHMEM and an empty DMA32 */
TEST(lowmem_reserve_x86_32)
{
	harness_boot("x86_32", 0);
	expect_lowmem_reserve();
	/* NORMAL keeps HIGHMEM / 32 back from highmem-capable allocations */
	ASSERT_EQ(harness_zstats(ZONE_NORMAL).lowmem_reserve[ZONE_HIGHMEM],
		  (long)((PFN(2 * GiB) - PFN(896 * MiB)) / 32));
}

/*
 * Watermarks as __setup_per_zone_wmarks() sets them: min_free_kbytes (checked by
 * min_free_kbytes_table) is shared among lowmem zones by managed pages; a highmem zone's min
 * is managed / 1024 clamped to [32, 128]; low and high each add the same step, at least
 * watermark_scale_factor (10) / 10000 of the zone. Checked: 0 < min < low < high, equal steps,
 * the step's floor, highmem's min, and the lowmem mins adding up to min_free_kbytes / 4 (within
 * one page per zone of rounding).
 */
static void expect_watermarks(void)
{
	unsigned long lowmem = 0, sum_min = 0, pages_min;
	struct kmem_info info;
	int nr_lowmem = 0;

	for (int i = 0; i < MAX_NR_ZONES; i++) {
		struct kmem_zone_stats st = harness_zstats(i);
		unsigned long min = st.watermark[WMARK_MIN], low = st.watermark[WMARK_LOW],
			      high = st.watermark[WMARK_HIGH];

		if (!st.populated)
			continue;
		if (!(0 < min && min < low && low < high))
			FAIL("zone %s watermarks min %lu low %lu high %lu", st.name, min, low,
			     high);
		ASSERT_EQ(low - min, high - low);
		ASSERT_GE(low - min, st.managed * 10 / 10000);
		if (i == ZONE_HIGHMEM) {
			unsigned long want = st.managed / 1024;

			want = want < 32 ? 32 : want > 128 ? 128 : want;
			ASSERT_EQ(min, want);
		} else {
			lowmem += st.managed;
			sum_min += min;
			nr_lowmem++;
		}
		ASSERT_EQ(min_wmark_pages(&NODE_DATA(0)->node_zones[i]), min);
		ASSERT_EQ(high_wmark_pages(&NODE_DATA(0)->node_zones[i]), high);
	}
	kmem_get_info(&info);
	pages_min = (unsigned long)info.min_free_kbytes >> (PAGE_SHIFT - 10);
	ASSERT_GT(lowmem, 0);
	ASSERT_LE(sum_min, pages_min);
	ASSERT_GE(sum_min + (unsigned long)nr_lowmem, pages_min);
}

/* x86_64 with three zones (6 GiB) and with two (64 MiB) */
TEST(watermarks_x86_64)
{
	harness_boot("x86_64", 0);
	expect_watermarks();
	harness_boot("x86_64", 64 * MiB);
	expect_watermarks();
}

/* x86_32 with a large HIGHMEM (2 GiB) and a small one, whose min is clamped up */
TEST(watermarks_x86_32)
{
	harness_boot("x86_32", 0);
	expect_watermarks();
	/* 16 MiB of HIGHMEM: managed / 1024 = 4, so its min is the floor, 32 */
	harness_boot("x86_32", 912 * MiB);
	expect_watermarks();
	ASSERT_EQ(harness_zstats(ZONE_HIGHMEM).watermark[WMARK_MIN], 32);
}

/*
 * min_free_kbytes at boot, by hand from the formulas, with THP off and on (KMEM_THP, default on).
 *
 * Off, calculate_min_free_kbytes(): sqrt(16 * lowmem KiB), clamped to [128, 262144], lowmem
 * being every page the non-highmem zones manage (1 MiB reserved in ZONE_DMA).
 * On, khugepaged's set_recommended_min_free_kbytes() raises it to
 * min(11 * 512 pages * zones without highmem, (those zones' managed - high watermark) / 20)
 * in KiB, the high watermarks being those the "off" value gives:
 *
 *	profile	RAM	zones (managed pages)			off	on
 *	x86_64	64M	DMA 3840, DMA32 12288			1015	3148 (cap: 15750 / 20 = 787
 *pages) x86_64	256M	DMA 3840, DMA32 61440			2043	12900 (cap: 64516 / 20 =
 *3225) x86_64	1G	DMA 3840, DMA32 258048			4093	45056 (2 zones: 11264 pages)
 *	x86_64	6G	DMA 3840, DMA32 1044480, Normal 524288	10032	67584 (3 zones: 16896 pages)
 *	x86_32	1G	DMA 3840, Normal 225280, HighMem 32768	3829	45056
 *	x86_32	2G	DMA 3840, Normal 225280, HighMem 294912	3829	45056
 *
 * 64M: sqrt(16 * 16128 * 4) = 1015; pages_min 253 gives DMA min 60, high 90 and DMA32 min 192,
 * high 288, so (3750 + 12000) / 20 = 787 pages, 3148 KiB. x86_64 with three zones gives 67584
 * KiB, what /proc/sys/vm/min_free_kbytes shows on a 6.18 x86_64 machine with THP enabled and
 * DMA, DMA32 and Normal (any RAM from about 6 GiB up). Highmem counts in neither.
 */
TEST(min_free_kbytes_table)
{
	static const struct {
		const char *arch;
		unsigned long long mem;
		int off, on;
	} table[] = {
		{ "x86_64", 64 * MiB, 1015, 3148 }, { "x86_64", 256 * MiB, 2043, 12900 },
		{ "x86_64", 1 * GiB, 4093, 45056 }, { "x86_64", 6 * GiB, 10032, 67584 },
		{ "x86_32", 1 * GiB, 3829, 45056 }, { "x86_32", 2 * GiB, 3829, 45056 },
	};
	struct kmem_config cfg;
	struct kmem_info info;

	for (size_t i = 0; i < ARRAY_SIZE(table); i++) {
		for (int thp = 0; thp < 2; thp++) {
			harness_config(&cfg);
			cfg.arch = table[i].arch;
			cfg.mem_bytes = table[i].mem;
			cfg.thp = thp ? 1 : KMEM_THP_OFF;
			harness_reboot(&cfg);
			kmem_get_info(&info);
			ASSERT_EQ(info.thp, thp);
			if (info.min_free_kbytes != (thp ? table[i].on : table[i].off))
				FAIL("%s %llu MiB thp %d: min_free_kbytes %d, want %d",
				     table[i].arch, table[i].mem / MiB, thp, info.min_free_kbytes,
				     thp ? table[i].on : table[i].off);
			expect_watermarks();
		}
	}
	/* 0 is the default: on */
	harness_config(&cfg);
	cfg.thp = 0;
	harness_reboot(&cfg);
	kmem_get_info(&info);
	ASSERT_TRUE(info.thp);
}
