/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page back ends: the free-page structure of a zone, behind one ops table. The page allocator
 * (impl/mem/page_alloc.c) calls these with zone->lock held and has already checked the caller:
 * a back end trusts every pointer and order it is given.
 */
#ifndef _KMEM_BACKEND_H
#define _KMEM_BACKEND_H

#include <linux/mm.h>
#include <linux/mmzone.h>

/*
 * alloc_flags, after mm/internal.h: how hard an allocation may try. ALLOC_MIN_RESERVE is
 * __GFP_HIGH's bit and ALLOC_KSWAPD __GFP_KSWAPD_RECLAIM's, as there, so that both are copied
 * from the gfp mask without a branch. The back end sees the last four.
 */
#define ALLOC_WMARK_MASK    0x03
#define ALLOC_NO_WATERMARKS 0x04
#define ALLOC_OOM	    0x08
#define ALLOC_NON_BLOCK	    0x10
#define ALLOC_MIN_RESERVE   0x20
#define ALLOC_CPUSET	    0x40
#define ALLOC_NOFRAGMENT    0x100 /* no fallback into another type's pageblock below its order */
#define ALLOC_HIGHATOMIC    0x200 /* may use, and after success reserve, highatomic pageblocks */
#define ALLOC_KSWAPD	    0x800 /* the caller may wake kswapd (== __GFP_KSWAPD_RECLAIM) */
#define ALLOC_RESERVES	    (ALLOC_NON_BLOCK | ALLOC_MIN_RESERVE | ALLOC_OOM)

struct page_backend_ops {
	const char *name;    /* "buddy", "bitmap", "freelist" */
	const char *summary; /* one line for --list-backends */
	/*
	 * Build free structures over [zone_start_pfn, zone_end_pfn). Every page of that range
	 * starts free except those with PG_reserved set (firmware ranges), which the back end
	 * never hands out, as memblock never gives them to the kernel's buddy allocator.
	 * Return: 0 or -ENOMEM.
	 */
	int (*init)(struct zone *zone);
	void (*destroy)(struct zone *zone);
	/*
	 * A naturally aligned block of 2^order pages (pfn % 2^order == 0), or NULL. Back ends
	 * that group by mobility read ALLOC_NOFRAGMENT, ALLOC_HIGHATOMIC, ALLOC_KSWAPD and
	 * ALLOC_RESERVES in @alloc_flags (__rmqueue()); the others ignore it.
	 */
	struct page *(*alloc)(struct zone *zone, unsigned int order, int migratetype,
			      unsigned int alloc_flags);
	/* Take back a block that alloc handed out */
	void (*free)(struct zone *zone, struct page *page, unsigned int order);
	/* free blocks per order, as /proc/buddyinfo shows them */
	void (*free_area)(const struct zone *zone, unsigned long nr_blocks[NR_PAGE_ORDERS]);
	/*
	 * Optional, for back ends that group by mobility: the migratetype of @pfn's pageblock
	 * (get_pfnblock_migratetype()). Called without zone->lock, as the kernel reads it, so
	 * the value may be stale but must be a valid type. A freed order-0 page goes to the
	 * per-CPU list of its pageblock's type, not of the type it was allocated with: otherwise
	 * an unmovable page freed inside a movable pageblock would be handed to the next
	 * unmovable request and keep that pageblock polluted. NULL: the allocation's type.
	 */
	int (*pageblock_migratetype)(const struct zone *zone, unsigned long pfn);
	/*
	 * Optional, with pageblock_migratetype: free blocks per migratetype and order, as
	 * /proc/pagetypeinfo's "Free pages count per migrate type at order" (zone->lock held).
	 */
	void (*free_area_by_type)(const struct zone *zone,
				  unsigned long nr_blocks[MIGRATE_TYPES][NR_PAGE_ORDERS]);
	/*
	 * Optional, for back ends that count their free blocks per order: whether a block of
	 * @order or more is free on a list an allocation with @alloc_flags may take from (the
	 * free-area test of __zone_watermark_ok(), for order > 0). Called without zone->lock, so
	 * the answer may be stale. NULL: the watermark check has no such test and the back end's
	 * alloc answers it.
	 */
	bool (*has_free_block)(const struct zone *zone, unsigned int order,
			       unsigned int alloc_flags);
	/*
	 * Optional, with pageblock_migratetype: give a MIGRATE_HIGHATOMIC pageblock with a free
	 * block back to @migratetype (unreserve_highatomic_pageblock(), zone->lock held). Without
	 * @force the zone keeps its last reserved pageblock. Return: true when one was given back.
	 */
	bool (*unreserve_highatomic)(struct zone *zone, int migratetype, bool force);
	/*
	 * Optional, for compaction's free scanner (isolate_freepages_block()): if a free block
	 * of order below @max_order starts at @pfn, take it out of the free structures whole,
	 * as if allocated, and return its order; else -1 (not free, not the start of a block,
	 * or too large). Compaction gives what it does not use back with free. A back end
	 * without it cannot be compacted: the model reports compaction "not supported" on it.
	 */
	int (*isolate_free)(struct zone *zone, unsigned long pfn, unsigned int max_order);
	/*
	 * Optional, with pageblock_migratetype: make @pfn's pageblock of type @mt, its free blocks
	 * moved to @mt's lists, for a snapshot boot (impl/mem/snapshot.c; zone->lock held)
	 */
	void (*set_pageblock_migratetype)(struct zone *zone, unsigned long pfn, int mt);
};

/* pcp_allowed_order(): the orders the per-CPU lists cache (pcp.c) */
static inline bool pcp_allowed_order(unsigned int order)
{
	return order <= PAGE_ALLOC_COSTLY_ORDER || order == pageblock_order;
}

/*
 * count_locked_alloc - a block of @order taken off @mt's free lists, zone->lock held: Linux
 * 6.18's mm_page_alloc_zone_locked, which __rmqueue_smallest() fires whoever called it (a
 * per-CPU refill, an allocation that bypassed the lists, the highatomic reserve, the end of a
 * claim), with percpu_refill set when the per-CPU lists hold that order and type. A back end
 * without migratetypes counts each block it hands out, with the request's type.
 */
static inline void count_locked_alloc(struct zone *zone, unsigned int order, int mt)
{
	zone->locked_alloc[pcp_allowed_order(order) && mt < MIGRATE_PCPTYPES][order]++;
}

/*
 * boost_watermark - what a fallback into another type's pageblock costs the zone: its
 * watermarks rise by a pageblock, up to watermark_boost_factor of the high watermark, so that
 * kswapd reclaims ahead of the next fallback (page_alloc.c; zone->lock held).
 * Return: true when the boost rose (and kswapd should be woken).
 */
bool boost_watermark(struct zone *zone);

/*
 * The one list of back ends: it generates the extern declarations here and the table in
 * registry.c. Adding a back end = its file + one line here: CMake reads this list for the
 * sources and the tests.
 */
#define KMEM_BACKENDS(X) \
	X(buddy)         \
	X(buddy_nogroup) \
	X(bitmap)        \
	X(freelist)

#define KMEM_BACKEND_EXTERN(n) extern const struct page_backend_ops n##_backend_ops;
KMEM_BACKENDS(KMEM_BACKEND_EXTERN)
#undef KMEM_BACKEND_EXTERN

/* The registry (registry.c) */
const struct page_backend_ops *backend_find(const char *name);
const struct page_backend_ops *backend_get(int i);
int backend_count(void);

/*
 * Shared helpers (registry.c).
 *
 * backend_for_each_free_run - call @fn for each maximal run [start, end) of pages of @zone
 * that are not PG_reserved: what init must treat as free.
 *
 * backend_count_run_blocks - add to @nr_blocks the blocks a buddy allocator would hold for the
 * free run [start, end): the largest naturally aligned blocks (at most MAX_PAGE_ORDER) that tile
 * it. Back ends without orders of their own report buddyinfo this way, so that all three are
 * compared on the same scale.
 */
void backend_for_each_free_run(struct zone *zone,
			       void (*fn)(struct zone *zone, unsigned long start, unsigned long end,
					  void *arg),
			       void *arg);
void backend_count_run_blocks(unsigned long start, unsigned long end,
			      unsigned long nr_blocks[NR_PAGE_ORDERS]);

/* Order of the largest naturally aligned block that starts at @pfn and ends by @end (> @pfn) */
static inline unsigned int backend_max_block_order(unsigned long pfn, unsigned long end)
{
	unsigned int order = pfn ? (unsigned int)__builtin_ctzl(pfn) : MAX_PAGE_ORDER;

	if (order > MAX_PAGE_ORDER)
		order = MAX_PAGE_ORDER;
	while ((1UL << order) > end - pfn)
		order--;
	return order;
}

#endif
