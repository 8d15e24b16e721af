// SPDX-License-Identifier: GPL-2.0
/*
 * The watermark check's free-area test (__zone_watermark_ok() of Linux 6.18): a request of
 * order k > 0 passes only if, besides enough free pages, a free block of order k or more is on
 * a list it may take from. Otherwise get_page_from_freelist() refuses the zone before it
 * touches the per-CPU lists or the back end, and the request goes to the slow path.
 *
 * The layout every test builds, on a small x86_64 model: every page allocated, then every
 * page at an odd pfn freed and the per-CPU lists drained, so that half the memory is free
 * (far above the high watermark) but only as single pages whose buddies are held:
 *
 *	pfn:   0   1   2   3   4   5   6   7   8 ...
 *	      [H] [f] [H] [f] [H] [f] [H] [f] [H] ...	H held, f free (order 0)
 *
 * The refusal shows in the per-CPU lists' free_count, which every allocation that reaches
 * rmqueue_pcplist() halves: refused at the watermark, the request leaves it as it was.
 *
 * Every back end. buddy and buddy-nogroup count their free blocks per order and make the test;
 * bitmap and freelist keep no such counts, so there the watermark passes and their alloc's own
 * search refuses the request (reaching the lists, which is what the test checks for them).
 */
#include <stdlib.h>
#include <string.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/mm.h>

#include "harness.h"

#define MiB (1ULL << 20)
/* a request that neither reclaims, nor wakes kswapd, nor warns */
#define GFP_TRY	   (__GFP_NOWARN)
#define TEST_ORDER 3

struct held {
	struct page **pages;
	unsigned long nr;
};

/* whether the booted back end counts its free blocks per order */
static bool counts_per_order(void)
{
	struct kmem_info info;

	kmem_get_info(&info);
	return !strcmp(info.backend, "buddy") || !strcmp(info.backend, "buddy-nogroup");
}

/* Every page of the model, taken past the watermarks, then the odd pfns given back */
static struct held hold_even_pages(void)
{
	struct kmem_info info;
	struct held h = { 0 };
	unsigned long kept = 0;

	kmem_get_info(&info);
	h.pages = calloc(info.nr_pages, sizeof(*h.pages));
	ASSERT_NOT_NULL(h.pages);
	for (;;) {
		struct page *page = alloc_pages(GFP_TRY | __GFP_MEMALLOC, 0);

		if (!page)
			break;
		ASSERT_LT(h.nr, info.nr_pages);
		h.pages[h.nr++] = page;
	}
	for (unsigned long i = 0; i < h.nr; i++) {
		if (page_to_pfn(h.pages[i]) & 1)
			__free_pages(h.pages[i], 0);
		else
			h.pages[kept++] = h.pages[i];
	}
	h.nr = kept;
	drain_all_pages(NULL);
	return h;
}

static void release(struct held *h)
{
	for (unsigned long i = 0; i < h->nr; i++)
		if (h->pages[i])
			__free_pages(h->pages[i], 0);
	free(h->pages);
}

static int free_count(int zone_idx)
{
	struct kmem_pcp_stats st;

	ASSERT_EQ(kmem_pcp_stats(0, zone_idx, 0, &st), 0);
	return st.free_count;
}

/* The zone an order-TEST_ORDER GFP_TRY request prefers: the highest populated one it allows */
static int first_zone_idx(void)
{
	for (int z = ZONE_NORMAL; z >= 0; z--)
		if (harness_zstats(z).populated)
			return z;
	return -1;
}

/*
 * Half the zone free, none of it above order 0: the order-3 request is refused at the
 * watermark on every zone (free_count intact) by back ends that count per order; the others
 * refuse it in their alloc, after the lists. Order 0 is still served: the free pages are
 * there.
 */
TEST(no_block_of_the_order_fails_the_watermark)
{
	struct held h;
	struct page *page;
	struct kmem_zone_stats zs;
	int z, before;

	harness_boot("x86_64", 64 * MiB);
	ASSERT_EQ(kmem_thread_enter(0), 0);
	h = hold_even_pages();
	z = first_zone_idx();
	ASSERT_GE(z, 0);
	zs = harness_zstats(z);
	ASSERT_GT(zs.free, 2 * zs.watermark[2]);
	for (int o = 1; o < KMEM_NR_ORDERS; o++)
		ASSERT_EQ(zs.free_blocks[o], 0);

	before = free_count(z);
	ASSERT_GT(before, 1);
	ASSERT_NULL(alloc_pages(GFP_TRY, TEST_ORDER));
	if (counts_per_order())
		ASSERT_EQ(free_count(z), before);
	else
		ASSERT_LT(free_count(z), before);

	page = alloc_pages(GFP_TRY, 0);
	ASSERT_NOT_NULL(page);
	__free_pages(page, 0);
	release(&h);
}

/*
 * One aligned block of 8 pages given back whole merges into an order-3 block: the same
 * request now passes the watermark and gets exactly that block.
 */
TEST(a_block_of_the_order_passes_the_watermark)
{
	struct held h;
	struct page *page;
	unsigned long base = 0;
	int z;

	harness_boot("x86_64", 64 * MiB);
	ASSERT_EQ(kmem_thread_enter(0), 0);
	h = hold_even_pages();
	z = first_zone_idx();
	ASSERT_GE(z, 0);
	/* the held even pages of the first aligned 8-page block of the zone, all four of them */
	for (unsigned long i = 0; i < h.nr; i++) {
		unsigned long pfn = page_to_pfn(h.pages[i]);

		if ((int)page_zonenum(h.pages[i]) != z || (pfn & 7))
			continue;
		base = pfn;
		break;
	}
	ASSERT_NE(base, 0);
	for (unsigned long i = 0; i < h.nr; i++) {
		unsigned long pfn = page_to_pfn(h.pages[i]);

		if (pfn >= base && pfn < base + 8) {
			__free_pages(h.pages[i], 0);
			h.pages[i] = NULL;
		}
	}
	drain_all_pages(NULL);
	ASSERT_EQ(harness_zstats(z).free_blocks[TEST_ORDER], 1);

	page = alloc_pages(GFP_TRY, TEST_ORDER);
	ASSERT_NOT_NULL(page);
	ASSERT_EQ(page_to_pfn(page), base);
	__free_pages(page, TEST_ORDER);
	release(&h);
}
