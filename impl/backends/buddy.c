// SPDX-License-Identifier: GPL-2.0
/*
 * The buddy back end: the kernel's binary buddy allocator (mm/page_alloc.c), with free lists per
 * order and migratetype threaded through page->lru and pageblock grouping by mobility.
 *
 * A free block of 2^order pages is represented by its first page: PG_buddy set, the order in
 * page->private, and page->lru on free_area[order].free_list[migratetype]. Every block is
 * naturally aligned, so the buddy of the block at pfn is at pfn ^ (1 << order).
 *
 * Freeing merges: while the buddy is a free block of the same order inside the zone, take it
 * off its list and double the block (__free_one_page()). Allocating takes the first block of
 * the smallest order >= the request on the request's migratetype list and splits off the upper
 * halves back onto the free lists (__rmqueue_smallest() and expand()).
 *
 * Freeing also places the block: at the tail of its list when the buddy of the merged block is
 * itself free one order up (buddy_merge_likely()), so that the pages most likely to merge soon
 * are handed out last.
 *
 * Grouping by mobility: the zone is cut into pageblocks of 2^pageblock_order pages, each tagged
 * with a migratetype (all MIGRATE_MOVABLE at boot, as memmap_init() leaves them). A free block
 * is always on the list of its pageblock's type (the freelist hygiene of Linux 6.10+), so
 * unmovable allocations cluster in few pageblocks instead of pinning every high-order block.
 * When a type's lists are empty, __rmqueue() of Linux 6.15+ falls back in two steps, through
 * the kernel's fallbacks[] table:
 *  - claim (__rmqueue_claim()): the largest free block of another type. A block of a pageblock
 *    or more changes type whole. A smaller one is worth claiming only for an unmovable or
 *    reclaimable request or a block of at least half a pageblock's order; then its pageblock
 *    changes type if its free pages plus the pages already compatible with the request reach
 *    half the pageblock (try_to_claim_block()), and the watermarks are boosted so that kswapd
 *    reclaims ahead of the next fallback. With ALLOC_NOFRAGMENT only whole pageblocks may be
 *    claimed: the allocator then tries the other local zones before fragmenting.
 *  - steal (__rmqueue_steal()), without ALLOC_NOFRAGMENT: the smallest block of another type,
 *    split there; the rest stays on that type's lists and no pageblock changes type.
 *
 * Highatomic reserve: after a high-order atomic allocation that had to work for it
 * (ALLOC_HIGHATOMIC), its pageblock becomes MIGRATE_HIGHATOMIC, up to about 1% of the zone
 * (reserve_highatomic_pageblock()). Only ALLOC_HIGHATOMIC allocations take from it, or
 * atomic and OOM ones about to fail; a sleeping allocation about to fail gives it back
 * (unreserve_highatomic_pageblock()).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "buddy.h"
#include "internal.h"

struct buddy_free_area {
	struct list_head free_list[MIGRATE_TYPES];
	/*
	 * Blocks on each list. Written under zone->lock; the watermark check reads them without
	 * it (buddy_has_free_block()), hence the relaxed atomic stores.
	 */
	unsigned long nr_free[MIGRATE_TYPES];
};

struct buddy_zone {
	struct buddy_free_area free_area[NR_PAGE_ORDERS];
	unsigned long pageblock_base;  /* zone_start_pfn rounded down to a pageblock */
	unsigned char *pageblock_type; /* migratetype of each pageblock */
};

/* Where a type falls back to, in order; MIGRATE_HIGHATOMIC is never a fallback */
static const int fallbacks[MIGRATE_PCPTYPES][MIGRATE_PCPTYPES - 1] = {
	[MIGRATE_UNMOVABLE] = { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE },
	[MIGRATE_MOVABLE] = { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE },
	[MIGRATE_RECLAIMABLE] = { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE },
};

static inline struct buddy_zone *bz(const struct zone *zone)
{
	return zone->backend_data;
}

/* Relaxed atomics: buddy_pageblock_migratetype() reads the types without zone->lock */
static inline int pageblock_type(const struct zone *zone, unsigned long pfn)
{
	return __atomic_load_n(
		&bz(zone)->pageblock_type[(pfn - bz(zone)->pageblock_base) >> pageblock_order],
		__ATOMIC_RELAXED);
}

static inline void set_pageblock_type(struct zone *zone, unsigned long pfn, int mt)
{
	__atomic_store_n(
		&bz(zone)->pageblock_type[(pfn - bz(zone)->pageblock_base) >> pageblock_order],
		(unsigned char)mt, __ATOMIC_RELAXED);
}

/* change_pageblock_range(): every pageblock of a block of @order >= pageblock_order */
static void set_block_type(struct zone *zone, unsigned long pfn, unsigned int order, int mt)
{
	for (unsigned long p = pfn; p < pfn + (1UL << order); p += pageblock_nr_pages)
		set_pageblock_type(zone, p, mt);
}

/* A type whose pageblocks may merge with other types' (migratetype_is_mergeable()) */
static inline bool mergeable(int mt)
{
	return mt < MIGRATE_PCPTYPES;
}

/*
 * A block of @order joins (@add) or leaves @mt's list. zone->nr_free_highatomic is not kept
 * here but by the callers that can see a highatomic block (account_highatomic()): a free merges
 * and an allocation splits within one type, so they change it once per block, not per order.
 */
static inline void account_free(struct buddy_free_area *area, int mt, bool add)
{
	unsigned long *nr_free = &area->nr_free[mt];

	__atomic_store_n(nr_free, add ? *nr_free + 1 : *nr_free - 1, __ATOMIC_RELAXED);
}

/* Blocks of the area's order on all lists */
static inline unsigned long area_nr_free(const struct buddy_free_area *area)
{
	unsigned long sum = 0;

	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		sum += __atomic_load_n(&area->nr_free[mt], __ATOMIC_RELAXED);
	return sum;
}

/* @pages of @mt's free blocks came (> 0) or went (< 0): the highatomic reserve's free pages */
static inline void account_highatomic(struct zone *zone, int mt, long pages)
{
	if (unlikely(mt == MIGRATE_HIGHATOMIC))
		__atomic_store_n(&zone->nr_free_highatomic,
				 zone->nr_free_highatomic + (unsigned long)pages, __ATOMIC_RELAXED);
}

/*
 * The list operations on @area, the free area of @order: the split and merge loops walk the
 * areas by pointer rather than index the zone's array at each order
 */
static inline void area_add(struct buddy_free_area *area, struct page *page, unsigned int order,
			    int mt, bool tail)
{
	page->private = order;
	__SetPageBuddy(page);
	if (tail)
		list_add_tail(&page->lru, &area->free_list[mt]);
	else
		list_add(&page->lru, &area->free_list[mt]);
	account_free(area, mt, true);
}

static inline void area_del(struct buddy_free_area *area, struct page *page, int mt)
{
	list_del(&page->lru);
	__ClearPageBuddy(page);
	page->private = 0;
	account_free(area, mt, false);
}

static inline void add_to_free_list(struct zone *zone, struct page *page, unsigned int order,
				    int mt, bool tail)
{
	area_add(&bz(zone)->free_area[order], page, order, mt, tail);
}

/* @mt: the list's type, which is always that of the block's pageblock */
static inline void del_from_free_list(struct zone *zone, struct page *page, unsigned int order,
				      int mt)
{
	area_del(&bz(zone)->free_area[order], page, mt);
}

static inline void move_to_free_list(struct zone *zone, struct page *page, unsigned int order,
				     int from, int to)
{
	struct buddy_free_area *area = &bz(zone)->free_area[order];

	list_move_tail(&page->lru, &area->free_list[to]);
	account_free(area, from, false);
	account_free(area, to, true);
	account_highatomic(zone, from, -(1L << order));
	account_highatomic(zone, to, 1L << order);
}

/* Whether the block of @order at @buddy_pfn lies in [@start, @end) and is free whole */
static inline bool block_is_free(unsigned long start, unsigned long end, unsigned long buddy_pfn,
				 unsigned int order)
{
	const struct page *buddy;

	if (buddy_pfn < start || buddy_pfn + (1UL << order) > end)
		return false;
	buddy = pfn_to_page(buddy_pfn);
	return PageBuddy(buddy) && buddy->private == order;
}

static inline bool buddy_is_free(const struct zone *zone, unsigned long buddy_pfn,
				 unsigned int order)
{
	return block_is_free(zone->zone_start_pfn, zone_end_pfn(zone), buddy_pfn, order);
}

/*
 * buddy_merge_likely(): the block at @pfn of @order (merged as far as it goes; @buddy_pfn is
 * the buddy that was not free) would merge further as soon as that buddy is freed if the block
 * they make together has a free buddy of its own. Then the block goes to the tail of its
 * list, so that it is allocated last and has the best chance to merge.
 */
static bool buddy_merge_likely(const struct zone *zone, unsigned long pfn, unsigned long buddy_pfn,
			       unsigned int order)
{
	unsigned long higher_pfn = pfn & buddy_pfn;

	if (order >= MAX_PAGE_ORDER - 1)
		return false;
	return buddy_is_free(zone, higher_pfn ^ (1UL << (order + 1)), order + 1);
}

/*
 * __free_one_page(): merge with free buddies while they exist. At pageblock order and above
 * the buddy is another pageblock: a highatomic one does not merge with an ordinary one (the
 * reserve would leak into the merged block), and an ordinary one of another type takes the
 * freed block's type, so that the merged block's pageblocks all have the type of its list.
 */
void buddy_free(struct zone *zone, struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page), buddy_pfn = pfn;
	/* read once: the list stores of the merge could alias them */
	unsigned long start = zone->zone_start_pfn, end = zone_end_pfn(zone);
	struct buddy_free_area *area = &bz(zone)->free_area[order];
	int mt = pageblock_type(zone, pfn);

	account_highatomic(zone, mt, 1L << order);
	/* below pageblock_order the buddy shares the pageblock, and so its type */
	while (order < pageblock_order) {
		buddy_pfn = pfn ^ (1UL << order);
		if (!block_is_free(start, end, buddy_pfn, order))
			goto done;
		area_del(area++, pfn_to_page(buddy_pfn), mt);
		pfn &= buddy_pfn;
		order++;
	}
	while (order < MAX_PAGE_ORDER) {
		int buddy_mt;

		buddy_pfn = pfn ^ (1UL << order);
		if (!block_is_free(start, end, buddy_pfn, order))
			break;
		buddy_mt = pageblock_type(zone, buddy_pfn);
		if (buddy_mt != mt && (!mergeable(mt) || !mergeable(buddy_mt)))
			break;
		area_del(area++, pfn_to_page(buddy_pfn), buddy_mt);
		if (buddy_mt != mt)
			set_block_type(zone, buddy_pfn, order, mt);
		pfn &= buddy_pfn;
		order++;
	}
done:
	area_add(area, pfn_to_page(pfn), order, mt,
		 buddy_merge_likely(zone, pfn, buddy_pfn, order));
}

/* expand(): give back the upper halves of a block of order @high split down to @low */
static __always_inline void expand(struct zone *zone, struct page *page, unsigned int low,
				   unsigned int high, int mt)
{
	struct buddy_free_area *area = &bz(zone)->free_area[high];
	unsigned long size = 1UL << high;

	while (high > low) {
		high--;
		size >>= 1;
		area_add(--area, page + size, high, mt, false);
	}
}

static struct page *rmqueue_smallest(struct zone *zone, unsigned int order, int mt)
{
	for (unsigned int cur = order; cur < NR_PAGE_ORDERS; cur++) {
		struct list_head *list = &bz(zone)->free_area[cur].free_list[mt];
		struct page *page;

		if (list_empty(list))
			continue;
		page = list_first_entry(list, struct page, lru);
		del_from_free_list(zone, page, cur, mt);
		expand(zone, page, order, cur, mt);
		account_highatomic(zone, mt, -(1L << order));
		count_locked_alloc(zone, order, mt);
		return page;
	}
	return NULL;
}

struct page *buddy_rmqueue_smallest(struct zone *zone, unsigned int order, int mt)
{
	return rmqueue_smallest(zone, order, mt);
}

/*
 * A request of @order served from another type's free block of @fallback_order: Linux 6.18's
 * mm_page_alloc_extfrag (__rmqueue_claim() and __rmqueue_steal()), fragmenting when that block
 * was smaller than a pageblock
 */
static inline void count_fallback(struct zone *zone, unsigned int order,
				  unsigned int fallback_order)
{
	zone->fallback[fallback_order < pageblock_order][order]++;
}

/*
 * should_try_claim_block(): a block of half a pageblock's order or more is likely to come
 * with a mostly free pageblock; an unmovable or reclaimable request would pollute the
 * pageblock for good whatever it takes, so it claims too. A small movable request does not:
 * compaction can move it out later.
 */
static bool should_try_claim_block(unsigned int order, int start_mt)
{
	return order >= pageblock_order / 2 || start_mt == MIGRATE_UNMOVABLE ||
	       start_mt == MIGRATE_RECLAIMABLE;
}

/*
 * find_suitable_fallback(): the first type of @start_mt's fallbacks with a free block of
 * @order; -1 if none; -2 when a claim is asked for and blocks this small are not worth it
 * (nor are smaller ones: the caller stops).
 */
static int find_suitable_fallback(const struct zone *zone, unsigned int order, int start_mt,
				  bool claimable)
{
	const struct buddy_free_area *area = &bz(zone)->free_area[order];

	if (claimable && !should_try_claim_block(order, start_mt))
		return -2;
	if (!area_nr_free(area))
		return -1;
	for (int i = 0; i < MIGRATE_PCPTYPES - 1; i++)
		if (!list_empty(&area->free_list[fallbacks[start_mt][i]]))
			return fallbacks[start_mt][i];
	return -1;
}

/* The pageblock of @pfn, or false when it sticks out of the zone */
static bool pageblock_in_zone(const struct zone *zone, unsigned long pfn, unsigned long *start)
{
	*start = pfn & ~(pageblock_nr_pages - 1);
	return *start >= zone->zone_start_pfn && *start + pageblock_nr_pages <= zone_end_pfn(zone);
}

/*
 * prep_move_freepages_block(): count the pageblock's free pages and its allocated movable ones
 * (the page allocator's record of each allocation's type; the kernel asks PageLRU and
 * __PageMovable). Pages on per-CPU lists are neither, as in the kernel.
 */
static void count_pageblock(unsigned long start, unsigned long *nr_free, unsigned long *nr_movable)
{
	*nr_free = *nr_movable = 0;
	for (unsigned long pfn = start; pfn < start + pageblock_nr_pages;) {
		const struct page *page = pfn_to_page(pfn);
		unsigned char state;

		if (PageBuddy(page)) {
			*nr_free += 1UL << page->private;
			pfn += 1UL << page->private;
			continue;
		}
		state = page_state_read(pfn);
		if (state < PS_TAIL) {
			if (state >> 4 == MIGRATE_MOVABLE)
				*nr_movable += 1UL << (state & 0xf);
			pfn += 1UL << (state & 0xf);
			continue;
		}
		pfn++;
	}
}

/* __move_freepages_block() and the type change: the whole pageblock becomes @to's */
static void move_freepages_block(struct zone *zone, unsigned long start, int from, int to)
{
	for (unsigned long pfn = start; pfn < start + pageblock_nr_pages;) {
		struct page *page = pfn_to_page(pfn);

		if (!PageBuddy(page)) {
			pfn++;
			continue;
		}
		move_to_free_list(zone, page, (unsigned int)page->private, from, to);
		pfn += 1UL << page->private;
	}
	set_pageblock_type(zone, start, to);
}

/*
 * try_to_claim_block(): take @page (free, @current_order, on @block_type's list) for a request
 * of @order and @start_type by converting its pageblock(s), or return NULL when the pageblock
 * is too much of its own type to be worth it.
 */
static struct page *try_to_claim_block(struct zone *zone, struct page *page,
				       unsigned int current_order, unsigned int order,
				       int start_type, int block_type, unsigned int alloc_flags)
{
	unsigned long start, nr_free, nr_movable, alike;

	if (current_order >= pageblock_order) {
		del_from_free_list(zone, page, current_order, block_type);
		set_block_type(zone, page_to_pfn(page), current_order, start_type);
		expand(zone, page, order, current_order, start_type);
		return page;
	}
	/* the zone may be balanced overall: kswapd must be woken for the boost */
	if (boost_watermark(zone) && (alloc_flags & ALLOC_KSWAPD))
		__atomic_fetch_or(&zone->flags, 1UL << ZONE_BOOSTED_WATERMARK, __ATOMIC_RELAXED);
	if (!pageblock_in_zone(zone, page_to_pfn(page), &start))
		return NULL;
	count_pageblock(start, &nr_free, &nr_movable);
	/*
	 * Pages compatible with the request: for a movable one, the movable pages. An unmovable
	 * or reclaimable request in a movable pageblock counts every non-movable page; between
	 * unmovable and reclaimable the two cannot be told apart, so none.
	 */
	if (start_type == MIGRATE_MOVABLE)
		alike = nr_movable;
	else if (block_type == MIGRATE_MOVABLE)
		alike = pageblock_nr_pages - (nr_free + nr_movable);
	else
		alike = 0;
	if (nr_free + alike < pageblock_nr_pages / 2)
		return NULL;
	move_freepages_block(zone, start, block_type, start_type);
	return rmqueue_smallest(zone, order, start_type);
}

/* __rmqueue_claim(): the largest free block of another type, its pageblock converted */
static struct page *rmqueue_claim(struct zone *zone, unsigned int order, int start_mt,
				  unsigned int alloc_flags)
{
	unsigned int min_order = order;

	/* other local zones may still have whole pageblocks: try them before fragmenting */
	if (order < pageblock_order && (alloc_flags & ALLOC_NOFRAGMENT))
		min_order = pageblock_order;
	for (int cur = MAX_PAGE_ORDER; cur >= (int)min_order; cur--) {
		int mt = find_suitable_fallback(zone, (unsigned int)cur, start_mt, true);
		struct page *page;

		if (mt == -1)
			continue;
		if (mt == -2)
			break;
		page = list_first_entry(&bz(zone)->free_area[cur].free_list[mt], struct page, lru);
		page = try_to_claim_block(zone, page, (unsigned int)cur, order, start_mt, mt,
					  alloc_flags);
		if (page) {
			count_fallback(zone, order, (unsigned int)cur);
			return page;
		}
	}
	return NULL;
}

/* __rmqueue_steal(): the smallest free block of another type; nothing changes type */
static struct page *rmqueue_steal(struct zone *zone, unsigned int order, int start_mt)
{
	for (unsigned int cur = order; cur < NR_PAGE_ORDERS; cur++) {
		int mt = find_suitable_fallback(zone, cur, start_mt, false);
		struct page *page;

		if (mt < 0)
			continue;
		page = list_first_entry(&bz(zone)->free_area[cur].free_list[mt], struct page, lru);
		del_from_free_list(zone, page, cur, mt);
		expand(zone, page, order, cur, mt);
		count_fallback(zone, order, cur);
		return page;
	}
	return NULL;
}

/*
 * reserve_highatomic_pageblock(): make the pageblock of a high-order atomic allocation
 * MIGRATE_HIGHATOMIC, so the next such allocation finds a block there instead of failing. At
 * most about 1% of the zone, rounded up to a pageblock; none in a zone where 1% is less.
 */
static void reserve_highatomic_pageblock(struct zone *zone, struct page *page, unsigned int order)
{
	unsigned long max_managed = zone->managed_pages / 100, pfn = page_to_pfn(page), start;
	int mt = pageblock_type(zone, pfn);

	if (max_managed < pageblock_nr_pages)
		return;
	max_managed = (max_managed + pageblock_nr_pages - 1) & ~(pageblock_nr_pages - 1);
	if (zone->nr_reserved_highatomic >= max_managed || !mergeable(mt))
		return;
	if (order < pageblock_order) {
		if (!pageblock_in_zone(zone, pfn, &start))
			return;
		move_freepages_block(zone, start, mt, MIGRATE_HIGHATOMIC);
		zone->nr_reserved_highatomic += pageblock_nr_pages;
	} else {
		set_block_type(zone, pfn, order, MIGRATE_HIGHATOMIC);
		zone->nr_reserved_highatomic += 1UL << order;
	}
}

/* unreserve_highatomic_pageblock(), for one zone */
static bool buddy_unreserve_highatomic(struct zone *zone, int migratetype, bool force)
{
	if (!force && zone->nr_reserved_highatomic <= pageblock_nr_pages)
		return false;
	for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
		struct list_head *list = &bz(zone)->free_area[order].free_list[MIGRATE_HIGHATOMIC];
		unsigned long size = 1UL << order, pfn, start;
		struct page *page;

		if (list_empty(list))
			continue;
		page = list_first_entry(list, struct page, lru);
		pfn = page_to_pfn(page);
		if (size < pageblock_nr_pages)
			size = pageblock_nr_pages;
		if (size > zone->nr_reserved_highatomic)
			size = zone->nr_reserved_highatomic;
		zone->nr_reserved_highatomic -= size;
		/* straight to the caller's type: it needs the pages, not a stealing heuristic */
		if (order < pageblock_order) {
			if (pageblock_in_zone(zone, pfn, &start))
				move_freepages_block(zone, start, MIGRATE_HIGHATOMIC, migratetype);
		} else {
			move_to_free_list(zone, page, order, MIGRATE_HIGHATOMIC, migratetype);
			set_block_type(zone, pfn, order, migratetype);
		}
		return true;
	}
	return false;
}

/*
 * rmqueue_buddy() and __rmqueue(): the request's own lists, then a claim, then (unless
 * ALLOC_NOFRAGMENT) a steal. The highatomic reserve first for ALLOC_HIGHATOMIC; last for an
 * atomic or OOM request, since failing it now is worse than failing a high-order atomic one
 * later.
 */
static struct page *buddy_alloc(struct zone *zone, unsigned int order, int migratetype,
				unsigned int alloc_flags)
{
	struct page *page = NULL;

	if (alloc_flags & ALLOC_HIGHATOMIC)
		page = rmqueue_smallest(zone, order, MIGRATE_HIGHATOMIC);
	if (!page)
		page = rmqueue_smallest(zone, order, migratetype);
	if (unlikely(!page))
		page = rmqueue_claim(zone, order, migratetype, alloc_flags);
	if (unlikely(!page) && !(alloc_flags & ALLOC_NOFRAGMENT))
		page = rmqueue_steal(zone, order, migratetype);
	if (unlikely(!page) && (alloc_flags & (ALLOC_OOM | ALLOC_NON_BLOCK)))
		page = rmqueue_smallest(zone, order, MIGRATE_HIGHATOMIC);
	if (page && unlikely(alloc_flags & ALLOC_HIGHATOMIC))
		reserve_highatomic_pageblock(zone, page, order);
	return page;
}

static void init_free_run(struct zone *zone, unsigned long start, unsigned long end, void *arg)
{
	(void)arg;
	while (start < end) {
		unsigned int order = backend_max_block_order(start, end);

		add_to_free_list(zone, pfn_to_page(start), order, pageblock_type(zone, start),
				 false);
		start += 1UL << order;
	}
}

int buddy_init_typed(struct zone *zone, int pageblock_mt)
{
	struct buddy_zone *b = calloc(1, sizeof(*b));
	unsigned long nr_blocks;

	if (!b)
		return -ENOMEM;
	b->pageblock_base = zone->zone_start_pfn & ~(pageblock_nr_pages - 1);
	nr_blocks = (zone_end_pfn(zone) - b->pageblock_base + pageblock_nr_pages - 1) >>
		    pageblock_order;
	b->pageblock_type = malloc(nr_blocks);
	if (!b->pageblock_type) {
		free(b);
		return -ENOMEM;
	}
	memset(b->pageblock_type, pageblock_mt, nr_blocks);
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			INIT_LIST_HEAD(&b->free_area[o].free_list[mt]);
	zone->backend_data = b;
	backend_for_each_free_run(zone, init_free_run, NULL);
	return 0;
}

void buddy_destroy(struct zone *zone)
{
	struct buddy_zone *b = bz(zone);

	free(b->pageblock_type);
	free(b);
	zone->backend_data = NULL;
}

void buddy_free_area(const struct zone *zone, unsigned long nr_blocks[NR_PAGE_ORDERS])
{
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		nr_blocks[o] = area_nr_free(&bz(zone)->free_area[o]);
}

/*
 * Compaction's free scanner takes free blocks where it finds them, not by list: a block that
 * starts at @pfn is the head of a free block exactly when it carries PG_buddy.
 */
int buddy_isolate_free(struct zone *zone, unsigned long pfn, unsigned int max_order)
{
	struct page *page = pfn_to_page(pfn);
	unsigned int order;
	int mt;

	if (!PageBuddy(page))
		return -1;
	order = (unsigned int)page->private;
	if (order >= max_order)
		return -1;
	mt = pageblock_type(zone, pfn);
	del_from_free_list(zone, page, order, mt);
	account_highatomic(zone, mt, -(1L << order));
	return (int)order;
}

/* A snapshot boot types each pageblock as the captured kernel had it, free blocks and all */
static void buddy_set_pageblock_migratetype(struct zone *zone, unsigned long pfn, int mt)
{
	unsigned long start = pfn & ~(pageblock_nr_pages - 1);
	int old = pageblock_type(zone, pfn);

	if (old == mt)
		return;
	if (old == MIGRATE_HIGHATOMIC)
		zone->nr_reserved_highatomic -= pageblock_nr_pages;
	if (mt == MIGRATE_HIGHATOMIC)
		zone->nr_reserved_highatomic += pageblock_nr_pages;
	move_freepages_block(zone, start, old, mt);
}

/*
 * The free-area test of __zone_watermark_ok(): a block of @order or more on a list the
 * allocation may take from, the highatomic one only with ALLOC_HIGHATOMIC or ALLOC_OOM. Read
 * without zone->lock, as the kernel reads free_area: a stale count only sends one allocation
 * the wrong way, and the back end's alloc has the last word.
 */
bool buddy_has_free_block(const struct zone *zone, unsigned int order, unsigned int alloc_flags)
{
	const struct buddy_free_area *area = &bz(zone)->free_area[order];
	const struct buddy_free_area *end = &bz(zone)->free_area[NR_PAGE_ORDERS];
	bool highatomic = alloc_flags & (ALLOC_HIGHATOMIC | ALLOC_OOM);

	for (; area < end; area++) {
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			if (__atomic_load_n(&area->nr_free[mt], __ATOMIC_RELAXED))
				return true;
		if (highatomic &&
		    __atomic_load_n(&area->nr_free[MIGRATE_HIGHATOMIC], __ATOMIC_RELAXED))
			return true;
	}
	return false;
}

/* At boot every pageblock is MIGRATE_MOVABLE, as memmap_init() leaves them */
static int buddy_init(struct zone *zone)
{
	return buddy_init_typed(zone, MIGRATE_MOVABLE);
}

static int buddy_pageblock_migratetype(const struct zone *zone, unsigned long pfn)
{
	return pageblock_type(zone, pfn);
}

static void buddy_free_area_by_type(const struct zone *zone,
				    unsigned long nr_blocks[MIGRATE_TYPES][NR_PAGE_ORDERS])
{
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			nr_blocks[mt][o] = bz(zone)->free_area[o].nr_free[mt];
}

const struct page_backend_ops buddy_backend_ops = {
	.name = "buddy",
	.summary =
		"binary buddy, per-migratetype free lists with pageblock grouping (the kernel's)",
	.init = buddy_init,
	.destroy = buddy_destroy,
	.alloc = buddy_alloc,
	.free = buddy_free,
	.free_area = buddy_free_area,
	.pageblock_migratetype = buddy_pageblock_migratetype,
	.free_area_by_type = buddy_free_area_by_type,
	.has_free_block = buddy_has_free_block,
	.unreserve_highatomic = buddy_unreserve_highatomic,
	.isolate_free = buddy_isolate_free,
	.set_pageblock_migratetype = buddy_set_pageblock_migratetype,
};
