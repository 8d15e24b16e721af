// SPDX-License-Identifier: GPL-2.0
/*
 * The page allocator's API as kernel code uses it: alloc_pages and friends at every order,
 * __GFP_ZERO, __GFP_COMP, reference counts, exhaustion (NULL, never an abort) and recovery, and
 * the allocation-failure warning.
 */
#include <string.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/mm.h>

#include "harness.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

/* Never allocated from, only compared with */
static const unsigned char zero_page[PAGE_SIZE];

/* The harness's machine, with RAM fixed at 64 MiB so that exhaustion is quick */
static void boot_small(bool pcp)
{
	struct kmem_config cfg;

	harness_config(&cfg);
	cfg.mem_bytes = 64 * MiB;
	cfg.pcp = pcp ? 1 : KMEM_PCP_OFF;
	harness_reboot(&cfg);
}

static bool all_zero(const void *addr, unsigned long size)
{
	for (unsigned long off = 0; off < size; off += PAGE_SIZE)
		if (memcmp((const char *)addr + off, zero_page, PAGE_SIZE))
			return false;
	return true;
}

static unsigned long memcg_charged(int id)
{
	struct kmem_memcg_stats st;

	if (kmem_memcg_stats(id, &st))
		FAIL("kmem_memcg_stats(%d) failed", id);
	return st.charged;
}

/* No watermark stops __GFP_MEMALLOC (the kernel's ALLOC_NO_WATERMARKS): this empties RAM */
#define GFP_EXHAUST (GFP_KERNEL | __GFP_NOWARN | __GFP_MEMALLOC)

/* Allocates order-0 pages until NULL; returns how many */
static unsigned long exhaust_order0(struct list_head *head, gfp_t gfp, bool dirty)
{
	unsigned long n = 0;
	struct page *page;

	while ((page = alloc_pages(gfp, 0))) {
		if (dirty)
			memset(page_address(page), 0xaa, PAGE_SIZE);
		harness_keep(head, page, 0);
		n++;
	}
	return n;
}

/*
 * Every order from 0 to MAX_PAGE_ORDER: a naturally aligned block, contiguous in the direct map,
 * head page_count 1, no page of it marked free, reserved or mapped, all of it writable, and
 * nr_free_pages() down by exactly the block while it is held.
 */
TEST(every_order)
{
	unsigned long start = nr_free_pages();

	for (unsigned int order = 0; order <= MAX_PAGE_ORDER; order++) {
		unsigned long nr = 1UL << order, pfn;
		struct page *page = alloc_pages(GFP_KERNEL, order);
		char *addr;

		ASSERT_NOT_NULL(page);
		pfn = page_to_pfn(page);
		ASSERT_EQ(pfn % nr, 0);
		ASSERT_LE(pfn + nr, max_pfn);
		ASSERT_EQ(page_count(page), 1);
		ASSERT_EQ(nr_free_pages(), start - nr);
		addr = page_address(page);
		ASSERT_NOT_NULL(addr);
		for (unsigned long i = 0; i < nr; i++) {
			struct page *p = page + i;

			if (page_address(p) != addr + i * PAGE_SIZE)
				FAIL("order %u: page_address(page + %lu) = %p, want %p", order, i,
				     page_address(p), addr + i * PAGE_SIZE);
			if (PageBuddy(p) || PageReserved(p) || page_mapcount(p) || p->mapping)
				FAIL("order %u: page + %lu: flags %#lx mapcount %d mapping %p",
				     order, i, p->flags, page_mapcount(p), (void *)p->mapping);
		}
		memset(addr, 0x5a ^ (int)order, nr * PAGE_SIZE);
		ASSERT_EQ(addr[nr * PAGE_SIZE - 1], (char)(0x5a ^ order));
		__free_pages(page, order);
		ASSERT_EQ(nr_free_pages(), start);
	}
}

/*
 * __GFP_ZERO hands out zeroed memory even when it was dirty: every page of RAM is dirtied and
 * freed, then RAM is allocated again with __GFP_ZERO, so each block returned was dirty before.
 */
static void zero_after_dirty(bool pcp)
{
	unsigned long dirtied, zeroed = 0;
	struct page *page;
	LIST_HEAD(pages);

	boot_small(pcp);
	dirtied = exhaust_order0(&pages, GFP_EXHAUST, true);
	ASSERT_GT(dirtied, 0);
	harness_free_list(&pages);

	while ((page = alloc_pages(GFP_EXHAUST | __GFP_ZERO, 0))) {
		if (!all_zero(page_address(page), PAGE_SIZE))
			FAIL("__GFP_ZERO page pfn %#lx is not zero", page_to_pfn(page));
		harness_keep(&pages, page, 0);
		zeroed++;
	}
	ASSERT_EQ(zeroed, dirtied);
	harness_free_list(&pages);

	/* a high-order block, dirtied whole */
	page = alloc_pages(GFP_KERNEL, 4);
	ASSERT_NOT_NULL(page);
	memset(page_address(page), 0xaa, PAGE_SIZE << 4);
	__free_pages(page, 4);
	page = alloc_pages(GFP_KERNEL | __GFP_ZERO, 4);
	ASSERT_NOT_NULL(page);
	ASSERT_TRUE(all_zero(page_address(page), PAGE_SIZE << 4));
	__free_pages(page, 4);
}

/* ... with per-CPU lists, which hand back the hottest (just dirtied) page first */
TEST(gfp_zero_after_dirty)
{
	zero_after_dirty(true);
}

/* ... and without, straight from the back end */
TEST(gfp_zero_after_dirty_no_pcp)
{
	zero_after_dirty(false);
}

/*
 * get_zeroed_page returns a zeroed, page-aligned direct-map address with a reference held;
 * __get_free_pages/free_pages and __get_free_page/free_page round-trip by address.
 */
TEST(address_api_roundtrip)
{
	unsigned long start = nr_free_pages(), addr[8];

	for (int i = 0; i < 8; i++) {
		addr[i] = __get_free_page(GFP_KERNEL);
		ASSERT_NE(addr[i], 0);
		memset((void *)addr[i], 0xaa, PAGE_SIZE);
	}
	ASSERT_EQ(nr_free_pages(), start - 8);
	for (int i = 0; i < 8; i++)
		free_page(addr[i]);
	ASSERT_EQ(nr_free_pages(), start);

	for (int i = 0; i < 8; i++) {
		addr[i] = get_zeroed_page(GFP_KERNEL);
		ASSERT_NE(addr[i], 0);
		ASSERT_EQ(addr[i] % PAGE_SIZE, 0);
		ASSERT_TRUE(virt_addr_valid((void *)addr[i]));
		ASSERT_TRUE(all_zero((void *)addr[i], PAGE_SIZE));
		ASSERT_EQ(page_count(virt_to_page((void *)addr[i])), 1);
	}
	for (int i = 0; i < 8; i++)
		free_pages(addr[i], 0);
	ASSERT_EQ(nr_free_pages(), start);

	addr[0] = __get_free_pages(GFP_KERNEL, 3);
	ASSERT_NE(addr[0], 0);
	ASSERT_EQ(addr[0], (unsigned long)page_address(virt_to_page((void *)addr[0])));
	ASSERT_EQ(virt_to_pfn(addr[0]) % 8, 0);
	ASSERT_EQ(nr_free_pages(), start - 8);
	memset((void *)addr[0], 0x5a, PAGE_SIZE << 3);
	free_pages(addr[0], 3);
	ASSERT_EQ(nr_free_pages(), start);
}

/*
 * On x86_32, __get_free_pages and get_zeroed_page drop __GFP_HIGHMEM, silently, as 6.18's
 * get_free_pages() does: a highmem page has no logical address to return, so the block comes
 * from lowmem. Highmem is kept free (GFP_HIGHUSER would take it first) to show that.
 */
TEST(address_api_strips_highmem)
{
	unsigned long start, addr[3];
	struct kmem_config cfg;

	harness_config(&cfg);
	cfg.arch = "x86_32";
	cfg.mem_bytes = 1 * GiB;
	harness_reboot(&cfg);
	start = nr_free_pages();
	harness_capture_begin();
	addr[0] = __get_free_pages(GFP_HIGHUSER, 0);
	addr[1] = __get_free_pages(GFP_HIGHUSER_MOVABLE, 2);
	addr[2] = get_zeroed_page(GFP_HIGHUSER);
	ASSERT_STREQ(harness_capture_end(), "");
	for (int i = 0; i < 3; i++) {
		ASSERT_NE(addr[i], 0);
		ASSERT_TRUE(virt_addr_valid((void *)addr[i]));
		ASSERT_LT(page_to_pfn(virt_to_page((void *)addr[i])), max_low_pfn);
	}
	ASSERT_TRUE(all_zero((void *)addr[2], PAGE_SIZE));
	ASSERT_EQ(nr_free_pages(), start - 6);
	free_pages(addr[0], 0);
	free_pages(addr[1], 2);
	free_pages(addr[2], 0);
	ASSERT_EQ(nr_free_pages(), start);
}

/*
 * __GFP_COMP, order 3: a head and seven tails pointing at it, the order on the first tail, one
 * reference count (the head's) for the whole page, whichever page it is taken through; the last
 * put_page frees all of it.
 */
TEST(compound_page)
{
	unsigned long start = nr_free_pages();
	struct page *page = alloc_pages(GFP_KERNEL | __GFP_COMP, 3);

	ASSERT_NOT_NULL(page);
	ASSERT_TRUE(PageHead(page));
	ASSERT_FALSE(PageTail(page));
	ASSERT_TRUE(PageCompound(page));
	for (int i = 1; i < 8; i++) {
		if (!PageTail(page + i) || PageHead(page + i) || compound_head(page + i) != page)
			FAIL("page + %d: PageTail %d PageHead %d compound_head %p, head %p", i,
			     PageTail(page + i), PageHead(page + i),
			     (void *)compound_head(page + i), (void *)page);
	}
	ASSERT_FALSE(PageTail(page + 8) && compound_head(page + 8) == page);
	ASSERT_EQ(compound_order(page), 3);
	ASSERT_EQ(compound_nr(page), 8);
	ASSERT_EQ(page_count(page + 5), 1);
	ASSERT_EQ(nr_free_pages(), start - 8);

	get_page(page + 5);
	ASSERT_EQ(page_count(page), 2);
	ASSERT_EQ(atomic_read(&page->_count), 1);
	put_page(page + 5);
	ASSERT_EQ(page_count(page), 1);
	ASSERT_EQ(nr_free_pages(), start - 8);

	__free_pages(page, 3);
	ASSERT_EQ(nr_free_pages(), start);

	/* the last reference dropped through a tail page frees the compound page */
	page = alloc_pages(GFP_KERNEL | __GFP_COMP, 2);
	ASSERT_NOT_NULL(page);
	get_page(page);
	__free_pages(page, 2);
	ASSERT_EQ(nr_free_pages(), start - 4);
	ASSERT_EQ(page_count(page), 1);
	put_page(page + 3);
	ASSERT_EQ(nr_free_pages(), start);
}

/* A high-order block without __GFP_COMP is not a compound page */
TEST(non_compound_high_order)
{
	struct page *page = alloc_pages(GFP_KERNEL, 3);

	ASSERT_NOT_NULL(page);
	ASSERT_EQ(compound_order(page), 0);
	ASSERT_EQ(compound_nr(page), 1);
	for (int i = 0; i < 8; i++) {
		ASSERT_FALSE(PageHead(page + i));
		ASSERT_FALSE(PageTail(page + i));
		ASSERT_EQ(compound_head(page + i), page + i);
	}
	__free_pages(page, 3);
}

/*
 * __free_pages() of a non-compound order-3 block while another reference is held (6.18's
 * ___free_pages()): pages 1..7 go back at once, as blocks of order 2, 1 and 0,
 *
 *	page	0	1	2	3	4	5	6	7
 *		kept	order 0	order 1		order 2
 *
 * and page 0 stays, an order-0 page with the remaining reference, until its put_page(). No
 * free is refused, and an accounted block's charge follows the pages: 8, then 1, then 0.
 */
static void free_non_compound_held(bool pcp)
{
	unsigned long start, bad;
	struct page *page;
	int id;

	boot_small(pcp);
	id = kmem_memcg_create("held", 0);
	ASSERT_GT(id, 0);
	ASSERT_EQ(kmem_thread_set_memcg(id), 0);
	start = nr_free_pages();
	bad = kmem_bad_page_count();
	page = alloc_pages(GFP_KERNEL_ACCOUNT, 3);
	ASSERT_NOT_NULL(page);
	ASSERT_EQ(memcg_charged(id), 8);
	get_page(page);
	__free_pages(page, 3);
	ASSERT_EQ(page_count(page), 1);
	ASSERT_EQ(nr_free_pages(), start - 1);
	ASSERT_EQ(memcg_charged(id), 1);
	put_page(page);
	ASSERT_EQ(nr_free_pages(), start);
	ASSERT_EQ(memcg_charged(id), 0);
	ASSERT_EQ(kmem_bad_page_count(), bad);

	/* a compound page keeps its tails until the last reference goes */
	page = alloc_pages(GFP_KERNEL | __GFP_COMP, 3);
	ASSERT_NOT_NULL(page);
	get_page(page);
	__free_pages(page, 3);
	ASSERT_EQ(nr_free_pages(), start - 8);
	put_page(page);
	ASSERT_EQ(nr_free_pages(), start);
	ASSERT_EQ(kmem_bad_page_count(), bad);
	ASSERT_EQ(kmem_thread_set_memcg(0), 0);
}

TEST(free_non_compound_held)
{
	free_non_compound_held(true);
}

TEST(free_non_compound_held_no_pcp)
{
	free_non_compound_held(false);
}

/*
 * Freed compound pages leave no compound marks behind: blocks that were compound pages, handed
 * out again without __GFP_COMP, have no head or tail pages (a stale tail mark would send
 * page_count and put_page of such a page to the wrong head).
 */
TEST(compound_marks_cleared_on_free)
{
	enum { NR = 64 };
	unsigned long pfns[NR];
	struct page *blocks[NR];
	int reused = 0;

	boot_small(false);
	for (int i = 0; i < NR; i++) {
		blocks[i] = alloc_pages(GFP_KERNEL | __GFP_COMP, 3);
		ASSERT_NOT_NULL(blocks[i]);
		pfns[i] = page_to_pfn(blocks[i]);
	}
	for (int i = 0; i < NR; i++)
		__free_pages(blocks[i], 3);
	for (int i = 0; i < NR; i++) {
		blocks[i] = alloc_pages(GFP_KERNEL, 3);
		ASSERT_NOT_NULL(blocks[i]);
		for (int j = 0; j < NR; j++)
			reused += page_to_pfn(blocks[i]) == pfns[j];
		for (int k = 0; k < 8; k++)
			if (PageHead(blocks[i] + k) || PageTail(blocks[i] + k))
				FAIL("reused block pfn %#lx: page + %d has PageHead %d PageTail %d",
				     page_to_pfn(blocks[i]), k, PageHead(blocks[i] + k),
				     PageTail(blocks[i] + k));
	}
	ASSERT_GT(reused, 0);
	for (int i = 0; i < NR; i++)
		__free_pages(blocks[i], 3);
}

/* alloc_pages_node on node 0, on NUMA_NO_NODE (the local node) and with __GFP_THISNODE */
TEST(alloc_pages_node)
{
	unsigned long start = nr_free_pages();
	struct page *a = alloc_pages_node(0, GFP_KERNEL, 1);
	struct page *b = alloc_pages_node(NUMA_NO_NODE, GFP_KERNEL, 0);
	struct page *c = alloc_pages_node(0, GFP_KERNEL | __GFP_THISNODE, 2);

	ASSERT_NOT_NULL(a);
	ASSERT_NOT_NULL(b);
	ASSERT_NOT_NULL(c);
	ASSERT_EQ(page_to_nid(a), 0);
	ASSERT_EQ(page_to_nid(b), 0);
	ASSERT_EQ(page_to_nid(c), 0);
	ASSERT_EQ(page_to_pfn(a) % 2, 0);
	ASSERT_EQ(page_to_pfn(c) % 4, 0);
	ASSERT_EQ(nr_free_pages(), start - 7);
	__free_pages(a, 1);
	__free_pages(b, 0);
	__free_pages(c, 2);
	ASSERT_EQ(nr_free_pages(), start);
}

/* An order above MAX_PAGE_ORDER is refused with NULL (or 0) and changes nothing */
TEST(order_above_max)
{
	struct harness_snapshot before, after;

	harness_snapshot(&before);
	harness_capture_begin();
	ASSERT_NULL(alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_PAGE_ORDER + 1));
	ASSERT_NULL(alloc_pages(GFP_KERNEL | __GFP_NOWARN, 20));
	ASSERT_NULL(alloc_pages_node(0, GFP_KERNEL | __GFP_NOWARN, MAX_PAGE_ORDER + 1));
	ASSERT_EQ(__get_free_pages(GFP_KERNEL | __GFP_NOWARN, MAX_PAGE_ORDER + 1), 0);
	harness_capture_end();
	harness_snapshot(&after);
	ASSERT_SNAPSHOT_EQ(&before, &after);
}

/*
 * __free_pages drops one reference: with a second one taken by get_page, the page stays
 * allocated (page_count 1, nr_free_pages unchanged) until the second __free_pages; put_page of
 * the last reference frees too.
 */
TEST(get_page_put_page)
{
	unsigned long start = nr_free_pages();
	struct page *page = alloc_page(GFP_KERNEL);

	ASSERT_NOT_NULL(page);
	get_page(page);
	ASSERT_EQ(page_count(page), 2);
	__free_pages(page, 0);
	ASSERT_EQ(page_count(page), 1);
	ASSERT_EQ(nr_free_pages(), start - 1);
	__free_pages(page, 0);
	ASSERT_EQ(nr_free_pages(), start);

	page = alloc_page(GFP_KERNEL);
	ASSERT_NOT_NULL(page);
	get_page(page);
	put_page(page);
	ASSERT_EQ(nr_free_pages(), start - 1);
	put_page(page);
	ASSERT_EQ(nr_free_pages(), start);
}

/*
 * Exhaust RAM, then free it all. With __GFP_MEMALLOC no reserve is kept back, so order-0
 * allocations take every free page: then nr_free_pages() is 0 and the next allocation, of any
 * kind, returns NULL rather than aborting. Freeing everything restores nr_free_pages(), and
 * merging is complete enough that a MAX_PAGE_ORDER block can be had again. With per-CPU lists
 * off, even the buddyinfo of every zone is back to what it was at boot.
 *
 * @mixed: orders follow a fixed pattern (an order that fails is not tried again) until order 0
 * fails; otherwise order 0 only.
 */
static void exhaust_free_all(bool pcp, bool mixed)
{
	static const unsigned int pattern[] = { 0, 3, 1, 10, 0, 2, 5, 0, 1, 7, 4, 0, 9, 6, 8, 2 };
	bool failed[NR_PAGE_ORDERS] = { false };
	struct harness_snapshot boot, end;
	unsigned long start, held = 0;
	struct page *page;
	LIST_HEAD(pages);

	boot_small(pcp);
	harness_snapshot(&boot);
	start = nr_free_pages();
	for (unsigned int i = 0; !failed[0]; i++) {
		unsigned int order = mixed ? pattern[i % ARRAY_SIZE(pattern)] : 0;

		if (failed[order])
			continue;
		page = alloc_pages(GFP_EXHAUST, order);
		if (!page) {
			failed[order] = true;
			continue;
		}
		ASSERT_EQ(page_to_pfn(page) % (1UL << order), 0);
		harness_keep(&pages, page, order);
		held += 1UL << order;
	}
	ASSERT_EQ(held, start);
	ASSERT_EQ(nr_free_pages(), 0);
	ASSERT_NULL(alloc_pages(GFP_EXHAUST, 0));
	ASSERT_NULL(alloc_pages(GFP_ATOMIC | __GFP_NOWARN, 0));
	ASSERT_NULL(alloc_pages(GFP_DMA | __GFP_NOWARN | __GFP_MEMALLOC, 0));
	ASSERT_EQ(__get_free_page(GFP_EXHAUST), 0);

	ASSERT_EQ(harness_free_list(&pages), held);
	ASSERT_EQ(nr_free_pages(), start);
	if (!pcp) {
		harness_snapshot(&end);
		ASSERT_SNAPSHOT_EQ(&boot, &end);
	}
	page = alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER);
	ASSERT_NOT_NULL(page);
	__free_pages(page, MAX_PAGE_ORDER);
	ASSERT_EQ(nr_free_pages(), start);
}

/* Exhaust with order-0 pages, per-CPU lists on */
TEST(exhaust_free_all_order0)
{
	exhaust_free_all(true, false);
}

/* Exhaust with order-0 pages, per-CPU lists off: buddyinfo must come back exactly */
TEST(exhaust_free_all_order0_no_pcp)
{
	exhaust_free_all(false, false);
}

/* Exhaust with mixed orders, per-CPU lists on */
TEST(exhaust_free_all_mixed)
{
	exhaust_free_all(true, true);
}

/* Exhaust with mixed orders, per-CPU lists off: buddyinfo must come back exactly */
TEST(exhaust_free_all_mixed_no_pcp)
{
	exhaust_free_all(false, true);
}

/* @text holds @what followed by something other than another hex digit */
static bool contains_exact(const char *text, const char *what)
{
	size_t len = strlen(what);

	for (const char *p = strstr(text, what); p; p = strstr(p + 1, what)) {
		char next = p[len];

		if (!((next >= '0' && next <= '9') || (next >= 'a' && next <= 'f')))
			return true;
	}
	return false;
}

/*
 * A failed allocation without __GFP_NOWARN prints the kernel's warn_alloc line,
 * "page allocation failure: order:N, mode:0x...", with the caller's gfp mask (at most one in
 * 10 s, so each case below that prints has a boot of its own); with __GFP_NOWARN it prints
 * nothing, and GFP_NOWAIT carries __GFP_NOWARN (since 6.8).
 */
TEST(allocation_failure_warning)
{
	const char *err;
	struct page *page;
	LIST_HEAD(pages);

	boot_small(true);
	exhaust_order0(&pages, GFP_EXHAUST, false);

	harness_capture_begin();
	page = alloc_pages(__GFP_KSWAPD_RECLAIM, 0);
	err = harness_capture_end();
	ASSERT_NULL(page);
	ASSERT_EQ(harness_count(err, "page allocation failure: order:"), 1);
	if (!contains_exact(err, "page allocation failure: order:0, mode:0x800"))
		FAIL("no \"order:0, mode:0x800\" in:\n%s", err);

	/* one report in 10 s (6.18's nopage_rs): the next one needs a fresh boot */
	harness_free_list(&pages);
	boot_small(true);
	exhaust_order0(&pages, GFP_EXHAUST, false);
	harness_capture_begin();
	page = alloc_pages(GFP_ATOMIC, 2);
	err = harness_capture_end();
	ASSERT_NULL(page);
	ASSERT_EQ(harness_count(err, "page allocation failure: order:"), 1);
	if (!contains_exact(err, "page allocation failure: order:2, mode:0x820"))
		FAIL("no \"order:2, mode:0x820\" in:\n%s", err);

	harness_capture_begin();
	page = alloc_pages(GFP_NOWAIT, 0);
	ASSERT_NULL(page);
	page = alloc_pages(__GFP_KSWAPD_RECLAIM | __GFP_NOWARN, 0);
	ASSERT_NULL(page);
	page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 3);
	ASSERT_NULL(page);
	err = harness_capture_end();
	ASSERT_STREQ(err, "");

	harness_free_list(&pages);
}
