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
 * Grouping by mobility: the zone is cut into pageblocks of 2^pageblock_order pages, each tagged
 * with a migratetype (all MIGRATE_MOVABLE at boot, as memmap_init() leaves them). A freed block
 * goes to the list of its pageblock's type, so unmovable allocations cluster in few pageblocks
 * instead of pinning every high-order block. When a type's lists are empty, the allocation
 * falls back to another type (the kernel's fallbacks[] table) and takes the largest block
 * there; if that block is a pageblock or more, or the request is unmovable or reclaimable, or
 * big, it steals: the block's pageblocks (or the free pages of its pageblock) move to the
 * requesting type, and the pageblock changes type when at least half of it was free
 * (__rmqueue_fallback(), steal_suitable_fallback()).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "buddy.h"

struct buddy_free_area {
	struct list_head free_list[MIGRATE_PCPTYPES];
	unsigned long nr_free; /* blocks of this order, all types */
};

struct buddy_zone {
	struct buddy_free_area free_area[NR_PAGE_ORDERS];
	unsigned long pageblock_base;  /* zone_start_pfn rounded down to a pageblock */
	unsigned char *pageblock_type; /* migratetype of each pageblock */
};

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

static inline void add_to_free_list(struct zone *zone, struct page *page, unsigned int order,
				    int mt)
{
	struct buddy_free_area *area = &bz(zone)->free_area[order];

	page->private = order;
	__SetPageBuddy(page);
	list_add(&page->lru, &area->free_list[mt]);
	area->nr_free++;
}

static inline void del_from_free_list(struct zone *zone, struct page *page, unsigned int order)
{
	list_del(&page->lru);
	__ClearPageBuddy(page);
	page->private = 0;
	bz(zone)->free_area[order].nr_free--;
}

static inline bool buddy_is_free(const struct zone *zone, unsigned long buddy_pfn,
				 unsigned int order)
{
	const struct page *buddy;

	if (buddy_pfn < zone->zone_start_pfn || buddy_pfn + (1UL << order) > zone_end_pfn(zone))
		return false;
	buddy = pfn_to_page(buddy_pfn);
	return PageBuddy(buddy) && buddy->private == order;
}

/* __free_one_page() */
void buddy_free(struct zone *zone, struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page);

	while (order < MAX_PAGE_ORDER) {
		unsigned long buddy_pfn = pfn ^ (1UL << order);

		if (!buddy_is_free(zone, buddy_pfn, order))
			break;
		del_from_free_list(zone, pfn_to_page(buddy_pfn), order);
		pfn &= buddy_pfn;
		order++;
	}
	add_to_free_list(zone, pfn_to_page(pfn), order, pageblock_type(zone, pfn));
}

/* expand(): give back the upper halves of a block of order @high split down to @low */
static void expand(struct zone *zone, struct page *page, unsigned int low, unsigned int high,
		   int mt)
{
	unsigned long size = 1UL << high;

	while (high > low) {
		high--;
		size >>= 1;
		add_to_free_list(zone, page + size, high, mt);
	}
}

struct page *buddy_rmqueue_smallest(struct zone *zone, unsigned int order, int mt)
{
	for (unsigned int cur = order; cur < NR_PAGE_ORDERS; cur++) {
		struct list_head *list = &bz(zone)->free_area[cur].free_list[mt];
		struct page *page;

		if (list_empty(list))
			continue;
		page = list_first_entry(list, struct page, lru);
		del_from_free_list(zone, page, cur);
		expand(zone, page, order, cur, mt);
		return page;
	}
	return NULL;
}

/* can_steal_fallback(): take whole pageblocks for big or unmovable/reclaimable requests */
static bool can_steal_fallback(unsigned int order, int start_mt)
{
	return order >= pageblock_order / 2 || start_mt == MIGRATE_RECLAIMABLE ||
	       start_mt == MIGRATE_UNMOVABLE;
}

/* Move the free blocks of @pfn's pageblock to @mt's lists; return how many pages that was */
static unsigned long move_freepages_block(struct zone *zone, unsigned long pfn, int mt)
{
	unsigned long start = pfn & ~(pageblock_nr_pages - 1), end = start + pageblock_nr_pages;
	unsigned long moved = 0;

	if (start < zone->zone_start_pfn)
		start = zone->zone_start_pfn;
	if (end > zone_end_pfn(zone))
		end = zone_end_pfn(zone);
	for (pfn = start; pfn < end;) {
		struct page *page = pfn_to_page(pfn);

		if (!PageBuddy(page)) {
			pfn++;
			continue;
		}
		list_move(&page->lru, &bz(zone)->free_area[page->private].free_list[mt]);
		moved += 1UL << page->private;
		pfn += 1UL << page->private;
	}
	return moved;
}

/* __rmqueue_fallback() and steal_suitable_fallback() */
static struct page *rmqueue_fallback(struct zone *zone, unsigned int order, int start_mt)
{
	for (int cur = MAX_PAGE_ORDER; cur >= (int)order; cur--) {
		for (int i = 0; i < MIGRATE_PCPTYPES - 1; i++) {
			int mt = fallbacks[start_mt][i];
			struct list_head *list = &bz(zone)->free_area[cur].free_list[mt];
			unsigned long pfn;
			struct page *page;

			if (list_empty(list))
				continue;
			page = list_first_entry(list, struct page, lru);
			pfn = page_to_pfn(page);
			if (cur >= pageblock_order) {
				for (unsigned long p = pfn; p < pfn + (1UL << cur);
				     p += pageblock_nr_pages)
					set_pageblock_type(zone, p, start_mt);
				list_move(&page->lru,
					  &bz(zone)->free_area[cur].free_list[start_mt]);
			} else if (can_steal_fallback((unsigned int)cur, start_mt)) {
				if (move_freepages_block(zone, pfn, start_mt) >=
				    pageblock_nr_pages / 2)
					set_pageblock_type(zone, pfn, start_mt);
			} else {
				/* too small to claim: use it, leave the rest where it was */
				del_from_free_list(zone, page, (unsigned int)cur);
				expand(zone, page, order, (unsigned int)cur, mt);
				return page;
			}
			return buddy_rmqueue_smallest(zone, order, start_mt);
		}
	}
	return NULL;
}

static struct page *buddy_alloc(struct zone *zone, unsigned int order, int migratetype)
{
	struct page *page = buddy_rmqueue_smallest(zone, order, migratetype);

	if (unlikely(!page))
		page = rmqueue_fallback(zone, order, migratetype);
	return page;
}

static void init_free_run(struct zone *zone, unsigned long start, unsigned long end, void *arg)
{
	(void)arg;
	while (start < end) {
		unsigned int order = backend_max_block_order(start, end);

		add_to_free_list(zone, pfn_to_page(start), order, pageblock_type(zone, start));
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
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
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
		nr_blocks[o] = bz(zone)->free_area[o].nr_free;
}

/*
 * Compaction's free scanner takes free blocks where it finds them, not by list: a block that
 * starts at @pfn is the head of a free block exactly when it carries PG_buddy.
 */
int buddy_isolate_free(struct zone *zone, unsigned long pfn, unsigned int max_order)
{
	struct page *page = pfn_to_page(pfn);
	unsigned int order;

	if (!PageBuddy(page))
		return -1;
	order = (unsigned int)page->private;
	if (order >= max_order)
		return -1;
	del_from_free_list(zone, page, order);
	return (int)order;
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
	.isolate_free = buddy_isolate_free,
};
