// SPDX-License-Identifier: GPL-2.0
/*
 * gfp flags whose meaning is the watermarks and reserves a request may use (DESIGN.md sections
 * 4 and 5), the per-CPU list end __GFP_COLD takes, and __GFP_ACCOUNT charging.
 *
 * The reserve tests boot x86_64 with 64 MiB and no per-CPU lists, so each zone's free count is
 * exactly what the watermark check sees. That machine has two zones:
 *
 *   pfn 0     0x100             0x1000                                 0x4000
 *       | rsvd |      DMA        |               DMA32                  |
 *
 * GFP_KERNEL's highest zone is ZONE_NORMAL (empty here), so its zonelist is DMA32, DMA, and DMA
 * keeps lowmem_reserve[ZONE_NORMAL] = DMA32 / 256 pages back from it. Every floor below is
 * computed from kmem_zone_stats(), not spelt as a number.
 */
#include <errno.h>
#include <string.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/mm.h>

#include "harness.h"

#define MiB (1ULL << 20)

/* Neither reclaims nor wakes kswapd; no __GFP_HIGH, so it stops at each zone's min watermark */
#define GFP_FILL (__GFP_IO | __GFP_FS | __GFP_NOWARN)

static void boot(unsigned long long mem_bytes, bool pcp)
{
	struct kmem_config cfg;

	harness_config(&cfg);
	cfg.arch = "x86_64";
	cfg.mem_bytes = mem_bytes;
	cfg.pcp = pcp ? 1 : KMEM_PCP_OFF;
	/* the watermarks as the formula sets them: no fallback may boost them meanwhile */
	cfg.watermark_boost_factor = KMEM_OFF;
	harness_reboot(&cfg);
}

/*
 * min, low and high of every populated zone as mm/page_alloc.c computes them from
 * min_free_kbytes (whose value test_zones checks): each lowmem zone's min is its managed share
 * of min_free_kbytes / 4 pages; low and high each add max(min / 4, managed *
 * watermark_scale_factor / 10000) with watermark_scale_factor 10.
 */
static void expect_kernel_watermarks(void)
{
	unsigned long lowmem = 0, pages_min;
	struct kmem_info info;

	for (int i = 0; i < MAX_NR_ZONES; i++) {
		struct kmem_zone_stats st = harness_zstats(i);

		if (st.populated && i != ZONE_HIGHMEM)
			lowmem += st.managed;
	}
	kmem_get_info(&info);
	pages_min = (unsigned long)info.min_free_kbytes >> (PAGE_SHIFT - 10);
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		struct kmem_zone_stats st = harness_zstats(i);
		unsigned long min, step;

		if (!st.populated || i == ZONE_HIGHMEM)
			continue;
		min = pages_min * st.managed / lowmem;
		step = min >> 2;
		if (step < st.managed * 10 / 10000)
			step = st.managed * 10 / 10000;
		if (st.watermark[WMARK_MIN] != min || st.watermark[WMARK_LOW] != min + step ||
		    st.watermark[WMARK_HIGH] != min + 2 * step)
			FAIL("zone %s: min/low/high %lu/%lu/%lu, want %lu/%lu/%lu", st.name,
			     st.watermark[WMARK_MIN], st.watermark[WMARK_LOW],
			     st.watermark[WMARK_HIGH], min, min + step, min + 2 * step);
	}
}

/*
 * The watermarks of a 64 MiB and a 1 GiB machine are exactly the kernel's formula; on 64 MiB the
 * scale factor's step (managed / 1000) is smaller than min / 4, so min / 4 is the step.
 */
TEST(watermarks_kernel_formula)
{
	boot(64 * MiB, false);
	expect_kernel_watermarks();
	ASSERT_GT(harness_zstats(ZONE_DMA32).watermark[WMARK_MIN] / 4,
		  harness_zstats(ZONE_DMA32).managed * 10 / 10000);
	boot(1024 * MiB, false);
	expect_kernel_watermarks();
}

/*
 * The fast path asks for the low watermark, only the slow path for min: GFP_KERNEL takes pages
 * without ever entering the slow path (which is where kswapd is woken) until both zones are at
 * low + lowmem_reserve; the first allocation past that wakes kswapd, and is served below low.
 */
TEST(fast_path_low_slow_path_min)
{
	struct kmem_zone_stats dma, dma32;
	struct kmem_vmstat v0;
	unsigned long n = 0;
	struct page *page;
	LIST_HEAD(pages);
	long reserve;

	boot(64 * MiB, false);
	v0 = harness_vmstat();
	reserve = harness_zstats(ZONE_DMA).lowmem_reserve[gfp_zone(GFP_KERNEL)];
	ASSERT_GT(reserve, 0);
	for (;;) {
		page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0);
		ASSERT_NOT_NULL(page);
		harness_keep(&pages, page, 0);
		n++;
		if (harness_vmstat().kswapd_wakeups != v0.kswapd_wakeups)
			break;
	}
	dma = harness_zstats(ZONE_DMA);
	dma32 = harness_zstats(ZONE_DMA32);
	/* the slow path's page came from DMA32, between its low and min watermarks */
	ASSERT_EQ(page_zonenum(page), ZONE_DMA32);
	ASSERT_EQ(dma32.free, dma32.watermark[WMARK_LOW] - 1);
	ASSERT_GT(dma32.free, dma32.watermark[WMARK_MIN]);
	/* before it, the fast path had fallen back to DMA down to its low mark and reserve */
	ASSERT_EQ(dma.free, dma.watermark[WMARK_LOW] + (unsigned long)reserve);
	ASSERT_EQ(n, dma.managed + dma32.managed - dma.free - dma32.free);
	ASSERT_EQ(harness_vmstat().kswapd_wakeups, v0.kswapd_wakeups + 1);
	harness_free_list(&pages);
}

/* Floors each zone's free pages fall to under a request, as fractions of its min watermark */
enum reserve_floor {
	FLOOR_MIN,    /* no reserves: the min watermark */
	FLOOR_HIGH,   /* __GFP_HIGH: half of min */
	FLOOR_ATOMIC, /* __GFP_HIGH and non-blocking: a quarter of that half more */
	FLOOR_NONE,   /* __GFP_MEMALLOC: no watermark, no lowmem_reserve: the zone empties */
};

static unsigned long floor_pages(const struct kmem_zone_stats *st, enum reserve_floor floor,
				 gfp_t gfp)
{
	unsigned long min = st->watermark[WMARK_MIN];

	switch (floor) {
	case FLOOR_MIN:
		break;
	case FLOOR_HIGH:
		min -= min / 2;
		break;
	case FLOOR_ATOMIC:
		min -= min / 2;
		min -= min / 4;
		break;
	case FLOOR_NONE:
		return 0;
	}
	return min + (unsigned long)st->lowmem_reserve[gfp_zone(gfp)];
}

/*
 * Takes every page GFP_KERNEL may have, which leaves each zone exactly at min + lowmem_reserve,
 * then allocates with @gfp until NULL: each zone must end exactly at @floor (plus its reserve),
 * and a request that may not sleep must not have entered reclaim on the way.
 */
static void expect_reserve(gfp_t gfp, enum reserve_floor floor)
{
	static const int zones[] = { ZONE_DMA, ZONE_DMA32 };
	unsigned long at_min = 0, want = 0, got;
	struct kmem_vmstat v0;
	LIST_HEAD(pages);

	boot(64 * MiB, false);
	harness_exhaust(&pages, GFP_KERNEL | __GFP_NOWARN);
	for (size_t i = 0; i < ARRAY_SIZE(zones); i++) {
		struct kmem_zone_stats st = harness_zstats(zones[i]);

		ASSERT_EQ(st.pcp_free, 0);
		ASSERT_EQ(st.free, floor_pages(&st, FLOOR_MIN, GFP_KERNEL));
		at_min += st.free;
		want += floor_pages(&st, floor, gfp | __GFP_NOWARN);
	}
	v0 = harness_vmstat();
	got = harness_exhaust(&pages, gfp | __GFP_NOWARN);
	for (size_t i = 0; i < ARRAY_SIZE(zones); i++) {
		struct kmem_zone_stats st = harness_zstats(zones[i]);

		if (st.free != floor_pages(&st, floor, gfp))
			FAIL("gfp %#x: zone %s ends with %lu free pages, want %lu (min %lu, "
			     "lowmem_reserve %ld)",
			     gfp, st.name, st.free, floor_pages(&st, floor, gfp),
			     st.watermark[WMARK_MIN], st.lowmem_reserve[gfp_zone(gfp)]);
	}
	ASSERT_EQ(got, at_min - want);
	if (!gfpflags_allow_blocking(gfp))
		ASSERT_EQ(harness_vmstat().allocstall, v0.allocstall);
	ASSERT_EQ(harness_vmstat().allocfail, v0.allocfail + 1);
	harness_free_list(&pages);
}

/* GFP_NOWAIT is non-blocking but has no __GFP_HIGH: no reserve at all, not one page more */
TEST(reserve_gfp_nowait_none)
{
	expect_reserve(GFP_NOWAIT, FLOOR_MIN);
}

/* __GFP_HIGH on a request that may sleep: down to half of min */
TEST(reserve_gfp_high_half_min)
{
	expect_reserve(GFP_KERNEL | __GFP_HIGH, FLOOR_HIGH);
}

/* GFP_ATOMIC (__GFP_HIGH, non-blocking): min - min/2 - (min - min/2)/4, about 3/8 of min */
TEST(reserve_gfp_atomic)
{
	expect_reserve(GFP_ATOMIC, FLOOR_ATOMIC);
}

/* __GFP_NOMEMALLOC takes the non-blocking extra from GFP_ATOMIC: half of min, as __GFP_HIGH */
TEST(reserve_gfp_atomic_nomemalloc)
{
	expect_reserve(GFP_ATOMIC | __GFP_NOMEMALLOC, FLOOR_HIGH);
}

/* __GFP_MEMALLOC ignores watermarks and lowmem_reserve: both zones are emptied */
TEST(reserve_gfp_memalloc_empties)
{
	expect_reserve(GFP_KERNEL | __GFP_MEMALLOC, FLOOR_NONE);
}

/* ... also for an atomic request */
TEST(reserve_gfp_atomic_memalloc_empties)
{
	expect_reserve(GFP_ATOMIC | __GFP_MEMALLOC, FLOOR_NONE);
}

/* __GFP_NOMEMALLOC wins over __GFP_MEMALLOC: GFP_KERNEL's floor, min, stays */
TEST(reserve_memalloc_nomemalloc_none)
{
	expect_reserve(GFP_KERNEL | __GFP_MEMALLOC | __GFP_NOMEMALLOC, FLOOR_MIN);
}

/*
 * lowmem_reserve keeps ZONE_DMA for GFP_DMA: once GFP_KERNEL has everything it may have, DMA
 * still holds its reserve against ZONE_NORMAL requests above min. GFP_DMA32 (highest zone DMA32,
 * against which DMA keeps the same reserve) gets none of it; GFP_DMA, for which there is no
 * reserve, gets exactly that reserve, every page from ZONE_DMA, and stops at DMA's min.
 */
TEST(lowmem_reserve_keeps_dma_for_gfp_dma)
{
	struct kmem_zone_stats dma;
	unsigned long n = 0;
	struct page *page;
	LIST_HEAD(pages);

	boot(64 * MiB, false);
	harness_exhaust(&pages, GFP_KERNEL | __GFP_NOWARN);
	dma = harness_zstats(ZONE_DMA);
	ASSERT_GT(dma.lowmem_reserve[ZONE_DMA32], 0);
	ASSERT_EQ(dma.lowmem_reserve[ZONE_DMA], 0);
	ASSERT_EQ(dma.free,
		  dma.watermark[WMARK_MIN] + (unsigned long)dma.lowmem_reserve[ZONE_NORMAL]);
	ASSERT_NULL(alloc_pages(GFP_KERNEL | GFP_DMA32 | __GFP_NOWARN, 0));
	while ((page = alloc_pages(GFP_KERNEL | GFP_DMA | __GFP_NOWARN, 0))) {
		ASSERT_EQ(page_zonenum(page), ZONE_DMA);
		harness_keep(&pages, page, 0);
		n++;
	}
	ASSERT_EQ(n, (unsigned long)dma.lowmem_reserve[ZONE_NORMAL]);
	ASSERT_EQ(harness_zstats(ZONE_DMA).free, dma.watermark[WMARK_MIN]);
	harness_free_list(&pages);
}

/*
 * __GFP_COLD takes the cold end of the per-CPU list. As CPU 0, the test takes pages A, B and C
 * (the first allocation refills the empty list with a batch), then more until DMA32's per-CPU
 * list is empty again, so that afterwards the list holds exactly what the test frees. Freeing A, B,
 *C in that order puts each at the head (hot):
 *
 *	head (hot)  C  B  A  tail (cold)
 *
 * A plain allocation returns C, the most recently freed; __GFP_COLD returns A, then B. Nothing is
 * refilled or drained meanwhile: the back end's free count stays put.
 */
TEST(gfp_cold_takes_tail_of_pcp_list)
{
	struct page *a, *b, *c, *page;
	struct kmem_zone_stats st;
	unsigned long backend_free;
	LIST_HEAD(pages);

	boot(64 * MiB, true);
	ASSERT_EQ(kmem_thread_enter(0), 0);
	a = alloc_pages(GFP_KERNEL, 0);
	b = alloc_pages(GFP_KERNEL, 0);
	c = alloc_pages(GFP_KERNEL, 0);
	ASSERT_TRUE(a && b && c);
	while (harness_zstats(ZONE_DMA32).pcp_free) {
		page = alloc_pages(GFP_KERNEL, 0);
		ASSERT_NOT_NULL(page);
		harness_keep(&pages, page, 0);
	}
	ASSERT_EQ(page_zonenum(a), ZONE_DMA32);
	ASSERT_EQ(page_zonenum(c), ZONE_DMA32);
	__free_pages(a, 0);
	__free_pages(b, 0);
	__free_pages(c, 0);
	st = harness_zstats(ZONE_DMA32);
	ASSERT_EQ(st.pcp_free, 3);
	backend_free = st.free;

	ASSERT_EQ(alloc_pages(GFP_KERNEL, 0), c);
	__free_pages(c, 0);
	ASSERT_EQ(alloc_pages(GFP_KERNEL | __GFP_COLD, 0), a);
	ASSERT_EQ(alloc_pages(GFP_KERNEL | __GFP_COLD, 0), b);
	ASSERT_EQ(alloc_pages(GFP_KERNEL, 0), c);
	st = harness_zstats(ZONE_DMA32);
	ASSERT_EQ(st.pcp_free, 0);
	ASSERT_EQ(st.free, backend_free);
	__free_pages(a, 0);
	__free_pages(b, 0);
	__free_pages(c, 0);
	harness_free_list(&pages);
}

static struct kmem_memcg_stats memcg(int id)
{
	struct kmem_memcg_stats st;

	if (kmem_memcg_stats(id, &st))
		FAIL("kmem_memcg_stats(%d) failed", id);
	return st;
}

/*
 * __GFP_ACCOUNT charges 2^order pages to the calling thread's group and the free uncharges them;
 * an allocation without it charges nothing, whichever group the thread is in. The root group
 * (0) is charged the same way.
 */
TEST(gfp_account_charges_group)
{
	struct page *p, *q;
	int id;

	id = kmem_memcg_create("test", 0);
	ASSERT_GT(id, 0);
	ASSERT_EQ(kmem_thread_set_memcg(id), 0);
	ASSERT_STREQ(memcg(id).name, "test");
	ASSERT_EQ(memcg(id).charged, 0);
	for (unsigned int order = 0; order <= 4; order++) {
		p = alloc_pages(GFP_KERNEL_ACCOUNT, order);
		ASSERT_NOT_NULL(p);
		ASSERT_EQ(memcg(id).charged, 1UL << order);
		q = alloc_pages(GFP_KERNEL, order);
		ASSERT_NOT_NULL(q);
		ASSERT_EQ(memcg(id).charged, 1UL << order);
		__free_pages(p, order);
		ASSERT_EQ(memcg(id).charged, 0);
		__free_pages(q, order);
		ASSERT_EQ(memcg(id).charged, 0);
	}
	ASSERT_EQ(memcg(0).charged, 0);
	ASSERT_EQ(kmem_thread_set_memcg(0), 0);
	p = alloc_pages(GFP_KERNEL_ACCOUNT, 1);
	ASSERT_NOT_NULL(p);
	ASSERT_EQ(memcg(0).charged, 2);
	ASSERT_EQ(memcg(id).charged, 0);
	__free_pages(p, 1);
	ASSERT_EQ(memcg(0).charged, 0);
	ASSERT_EQ(kmem_thread_set_memcg(id + 1), -EINVAL);
}

/*
 * Past a group's limit accounted allocations fail, each refusal counted in failcnt, and the page
 * the allocator had found is given back (nr_free_pages unchanged by a refused call);
 * unaccounted allocations still succeed. An order-2 request that would cross the limit fails
 * while an order-1 one that fits it exactly succeeds.
 */
TEST(gfp_account_limit)
{
	const unsigned long limit = 64;
	unsigned long n = 0, before;
	struct page *page;
	LIST_HEAD(pages);
	int id;

	id = kmem_memcg_create("limited", limit);
	ASSERT_GT(id, 0);
	ASSERT_EQ(kmem_thread_set_memcg(id), 0);
	ASSERT_EQ(memcg(id).limit, limit);
	for (; n < limit - 2; n++) {
		page = alloc_pages(GFP_KERNEL_ACCOUNT, 0);
		ASSERT_NOT_NULL(page);
		harness_keep(&pages, page, 0);
	}
	before = nr_free_pages();
	ASSERT_NULL(alloc_pages(GFP_KERNEL_ACCOUNT, 2));
	ASSERT_EQ(memcg(id).failcnt, 1);
	ASSERT_EQ(memcg(id).charged, limit - 2);
	ASSERT_EQ(nr_free_pages(), before);
	page = alloc_pages(GFP_KERNEL_ACCOUNT, 1);
	ASSERT_NOT_NULL(page);
	harness_keep(&pages, page, 1);
	ASSERT_EQ(memcg(id).charged, limit);
	ASSERT_NULL(alloc_pages(GFP_KERNEL_ACCOUNT, 0));
	ASSERT_EQ(memcg(id).failcnt, 2);
	ASSERT_EQ(nr_free_pages(), before - 2);
	for (int i = 0; i < 16; i++) {
		page = alloc_pages(GFP_KERNEL, 0);
		ASSERT_NOT_NULL(page);
		harness_keep(&pages, page, 0);
	}
	ASSERT_EQ(memcg(id).charged, limit);
	ASSERT_EQ(memcg(id).failcnt, 2);
	harness_free_list(&pages);
	ASSERT_EQ(memcg(id).charged, 0);
	page = alloc_pages(GFP_KERNEL_ACCOUNT, 0);
	ASSERT_NOT_NULL(page);
	ASSERT_EQ(memcg(id).charged, 1);
	__free_pages(page, 0);
}

/*
 * __GFP_MOVABLE | __GFP_RECLAIMABLE: gfp_migratetype() gives 3 (MIGRATE_HIGHATOMIC), as 6.18's
 * does, and the allocator warns as a CONFIG_DEBUG_VM kernel does, then serves the request as
 * unmovable: an order-0 page (per-CPU lists on and off) and an order-3 block come back, and
 * freeing them gives every page back.
 */
static void movable_and_reclaimable(bool pcp)
{
	const gfp_t gfp = GFP_KERNEL | __GFP_MOVABLE | __GFP_RECLAIMABLE;
	struct page *page, *block;
	unsigned long start, bad;
	const char *err;

	boot(64 * MiB, pcp);
	ASSERT_EQ(gfp_migratetype(gfp), MIGRATE_HIGHATOMIC);
	start = nr_free_pages();
	bad = kmem_bad_page_count();
	harness_capture_begin();
	page = alloc_pages(gfp, 0);
	block = alloc_pages(gfp, 3);
	err = harness_capture_end();
	ASSERT_NOT_NULL(page);
	ASSERT_NOT_NULL(block);
	ASSERT_CONTAINS(err, "__GFP_MOVABLE and __GFP_RECLAIMABLE both set");
	ASSERT_CONTAINS(err, "WARNING:");
	ASSERT_EQ(nr_free_pages(), start - 9);
	__free_pages(page, 0);
	__free_pages(block, 3);
	ASSERT_EQ(nr_free_pages(), start);
	ASSERT_EQ(kmem_bad_page_count(), bad);
}

TEST(movable_and_reclaimable_pcp)
{
	movable_and_reclaimable(true);
}

TEST(movable_and_reclaimable_no_pcp)
{
	movable_and_reclaimable(false);
}
