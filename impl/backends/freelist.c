// SPDX-License-Identifier: GPL-2.0
/*
 * The freelist page back end: a zone's free pages as an address-ordered list of maximal free
 * extents [start, end), first fit for aligned blocks and coalescing on free. Allocation walks
 * the list, O(extents) for a block of order > 0; freeing is O(1) next to a free extent and a
 * backward bitmap scan otherwise. It owns, hung off zone->backend_data, the list head, an edge
 * bitmap and per-order extent counts, and, as the kernel's buddy allocator does, the union
 * fields of the free pages it holds (mm_types.h): the first page of an extent is its list node
 * (page->lru), and its first and last pages both carry its length in pages in page->private
 * (Knuth's boundary tags). A page that stops being the first or last page of an extent gets
 * private = 0 back and, if it was a node, the poison list_del leaves in lru, so no tag survives
 * into a block handed out. There is one list for all migratetypes, which this back end ignores
 * (but to count the allocation event by it), as the kernel did before it grouped pages by
 * mobility.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"

struct freelist_zone {
	/* first pages of the free extents, by address; extents never touch */
	struct list_head extents;
	unsigned long start_pfn; /* the zone's first pfn: bit 0 of edge */
	unsigned long end_pfn;	 /* the zone's end */
	/* extents by the order of the largest aligned block they hold */
	unsigned long nr_extents[NR_PAGE_ORDERS];
	/* bit set: the page is the first page of a free extent (in the allocation after edge[]) */
	unsigned long *first;
	/* bit set: the page is the first or the last page of a free extent */
	unsigned long edge[];
};

/*
 * Extents are kept maximal, so the list is exactly the zone's runs of free pages. The edge
 * bitmap, one bit per page of the zone, is set on the first and the last page of each extent
 * (the same page for an extent of one page) and clear on every other page, in particular on
 * every page a caller holds. It is what makes a boundary tag trustworthy: the private field of
 * an allocated page belongs to its caller and may hold anything.
 *
 * alloc walks the list from the lowest address and takes the first extent that holds an aligned
 * block: the block starts at the extent's start rounded up to 2^order, and what is left on
 * either side of it stays as up to two extents, the upper one linked right after the lower.
 * Any extent serves order 0, so order 0 is O(1); a larger order costs O(extents) when small or
 * misaligned extents sit in front of the first fit. That cost is what this back end is here to
 * show. The block found is always the lowest free aligned block of the zone. What it does not
 * need to show is a walk of the whole list, under zone->lock, for a block that is not there:
 * nr_extents says in O(orders) whether any extent holds a block of the order asked for, as the
 * buddy allocator's free_area[order].nr_free does.
 *
 * free of [start, end) looks at the two pages next to the block. The caller held start, so no
 * extent holds both start - 1 and start: a set edge bit at start - 1 is the last page of the
 * extent just below, whose tag gives its start, and a set bit at end is the first page of the
 * extent just above. Joining either is O(1) and keeps the order: the lower extent keeps its
 * node, or the block takes the place of the upper extent's node. A block with no free
 * neighbour needs its place in the list: the last set edge bit below start is the last page of
 * the nearest extent below (every extent below start ends below it), found by a backward scan
 * of the edge bitmap a word at a time, O(distance to that extent / 64); the block is linked
 * right after that extent, or first.
 *
 * free_area walks the list: O(extents).
 *
 * isolate_free, for compaction's free scanner, finds the extent holding a pfn without the
 * list: the last edge bit at or below the pfn is either the first page of that extent or the
 * last page of an extent below it (then the pfn is not free), and a second bitmap, set on first
 * pages only, tells which; the boundary tag gives the extent's end. The cost is the backward
 * scan, O(distance to the extent's start / 64), plus O(1) to carve the block out: what the
 * scanner, which asks about every pfn of a pageblock, can live with (a walk of the list per
 * pfn could not). The free block at a pfn is the one a buddy allocator would hold there: the
 * largest naturally aligned block inside the extent that contains the pfn, so that the scanner
 * sees the same blocks as buddyinfo counts (backend_count_run_blocks()) and a free
 * pageblock stays whole.
 */

static unsigned long freelist_align(unsigned long x, unsigned long a)
{
	return (x + a - 1) & ~(a - 1);
}

/* Order of the largest naturally aligned block inside [start, end) */
static unsigned int extent_order(unsigned long start, unsigned long end)
{
	unsigned int order = MAX_PAGE_ORDER;

	while (freelist_align(start, 1UL << order) + (1UL << order) > end)
		order--;
	return order;
}

static bool extent_edge(const struct freelist_zone *fz, unsigned long pfn)
{
	unsigned long i = pfn - fz->start_pfn;

	return fz->edge[i / BITS_PER_LONG] & (1UL << (i % BITS_PER_LONG));
}

static bool extent_first(const struct freelist_zone *fz, unsigned long pfn)
{
	unsigned long i = pfn - fz->start_pfn;

	return fz->first[i / BITS_PER_LONG] & (1UL << (i % BITS_PER_LONG));
}

static void extent_set_first(struct freelist_zone *fz, unsigned long pfn, bool first)
{
	unsigned long i = pfn - fz->start_pfn;

	if (first)
		fz->first[i / BITS_PER_LONG] |= 1UL << (i % BITS_PER_LONG);
	else
		fz->first[i / BITS_PER_LONG] &= ~(1UL << (i % BITS_PER_LONG));
}

static void extent_set_edge(struct freelist_zone *fz, unsigned long pfn, unsigned long len)
{
	unsigned long i = pfn - fz->start_pfn;

	fz->edge[i / BITS_PER_LONG] |= 1UL << (i % BITS_PER_LONG);
	pfn_to_page(pfn)->private = len;
}

static void extent_clear_edge(struct freelist_zone *fz, unsigned long pfn)
{
	unsigned long i = pfn - fz->start_pfn;

	fz->edge[i / BITS_PER_LONG] &= ~(1UL << (i % BITS_PER_LONG));
	pfn_to_page(pfn)->private = 0;
}

/* Account [start, end) as an extent: edge bits, boundary tags, nr_extents; the caller links it */
static void extent_add(struct freelist_zone *fz, unsigned long start, unsigned long end)
{
	extent_set_edge(fz, start, end - start);
	extent_set_edge(fz, end - 1, end - start);
	extent_set_first(fz, start, true);
	fz->nr_extents[extent_order(start, end)]++;
}

/* Undo extent_add; the caller unlinks the node, or keeps it for the extent that replaces it */
static void extent_remove(struct freelist_zone *fz, unsigned long start, unsigned long end)
{
	extent_clear_edge(fz, start);
	extent_clear_edge(fz, end - 1);
	extent_set_first(fz, start, false);
	fz->nr_extents[extent_order(start, end)]--;
}

/* The last page below @pfn whose edge bit is set, in @last; false if there is none */
static bool edge_below(const struct freelist_zone *fz, unsigned long pfn, unsigned long *last)
{
	unsigned long i = pfn - fz->start_pfn;
	unsigned long w = i / BITS_PER_LONG;
	unsigned long x = 0;

	if (i % BITS_PER_LONG)
		x = fz->edge[w] & ((1UL << (i % BITS_PER_LONG)) - 1);
	while (!x) {
		if (!w)
			return false;
		x = fz->edge[--w];
	}
	*last = fz->start_pfn + w * BITS_PER_LONG + BITS_PER_LONG - 1 -
		(unsigned long)__builtin_clzl(x);
	return true;
}

/* The node of the nearest extent that ends below @pfn, or NULL if there is none */
static struct page *extent_below(const struct freelist_zone *fz, unsigned long pfn)
{
	unsigned long last;

	if (!edge_below(fz, pfn, &last))
		return NULL;
	return pfn_to_page(last + 1 - pfn_to_page(last)->private);
}

static void freelist_init_run(struct zone *zone __maybe_unused, unsigned long start,
			      unsigned long end, void *arg)
{
	struct freelist_zone *fz = arg;

	extent_add(fz, start, end);
	list_add_tail(&pfn_to_page(start)->lru, &fz->extents);
}

static int freelist_init(struct zone *zone)
{
	unsigned long nr_words = (zone->spanned_pages + BITS_PER_LONG - 1) / BITS_PER_LONG;
	struct freelist_zone *fz;

	fz = malloc(sizeof(*fz) + 2 * nr_words * sizeof(fz->edge[0]));
	if (!fz)
		return -ENOMEM;
	fz->first = fz->edge + nr_words;
	INIT_LIST_HEAD(&fz->extents);
	fz->start_pfn = zone->zone_start_pfn;
	fz->end_pfn = zone_end_pfn(zone);
	memset(fz->nr_extents, 0, sizeof(fz->nr_extents));
	memset(fz->edge, 0, 2 * nr_words * sizeof(fz->edge[0]));
	backend_for_each_free_run(zone, freelist_init_run, fz);
	zone->backend_data = fz;
	return 0;
}

static void freelist_destroy(struct zone *zone)
{
	free(zone->backend_data);
	zone->backend_data = NULL;
}

/* Take [pfn, pfn + nr) out of the extent that starts at @node */
static void extent_carve(struct freelist_zone *fz, struct page *node, unsigned long pfn,
			 unsigned long nr)
{
	unsigned long start = page_to_pfn(node), end = start + node->private;

	extent_remove(fz, start, end);
	if (pfn + nr < end) {
		extent_add(fz, pfn + nr, end);
		list_add(&pfn_to_page(pfn + nr)->lru, &node->lru);
	}
	if (start < pfn)
		extent_add(fz, start, pfn);
	else
		list_del(&node->lru);
}

static struct page *freelist_alloc(struct zone *zone, unsigned int order, int migratetype,
				   unsigned int alloc_flags __maybe_unused)
{
	struct freelist_zone *fz = zone->backend_data;
	unsigned long nr = 1UL << order;
	struct page *node;
	unsigned int k;

	for (k = order; k <= MAX_PAGE_ORDER && !fz->nr_extents[k]; k++)
		;
	if (k > MAX_PAGE_ORDER)
		return NULL;
	list_for_each_entry(node, &fz->extents, lru) {
		unsigned long start = page_to_pfn(node);
		unsigned long pfn = freelist_align(start, nr);

		if (pfn + nr <= start + node->private) {
			extent_carve(fz, node, pfn, nr);
			count_locked_alloc(zone, order, migratetype);
			return pfn_to_page(pfn);
		}
	}
	return NULL;
}

static void freelist_free(struct zone *zone, struct page *page, unsigned int order)
{
	struct freelist_zone *fz = zone->backend_data;
	unsigned long start = page_to_pfn(page), end = start + (1UL << order);
	unsigned long new_start = start, new_end = end;
	struct page *above = NULL;

	if (start > fz->start_pfn && extent_edge(fz, start - 1)) {
		new_start = start - pfn_to_page(start - 1)->private;
		extent_remove(fz, new_start, start);
	}
	if (end < fz->end_pfn && extent_edge(fz, end)) {
		above = pfn_to_page(end);
		new_end = end + above->private;
		extent_remove(fz, end, new_end);
	}

	if (new_start < start) {
		if (above)
			list_del(&above->lru);
	} else if (above) {
		list_add(&page->lru, above->lru.prev);
		list_del(&above->lru);
	} else {
		struct page *below = extent_below(fz, start);

		list_add(&page->lru, below ? &below->lru : &fz->extents);
	}
	extent_add(fz, new_start, new_end);
}

static void freelist_free_area(const struct zone *zone, unsigned long nr_blocks[NR_PAGE_ORDERS])
{
	const struct freelist_zone *fz = zone->backend_data;
	struct page *node;

	memset(nr_blocks, 0, NR_PAGE_ORDERS * sizeof(nr_blocks[0]));
	list_for_each_entry(node, &fz->extents, lru) {
		unsigned long start = page_to_pfn(node);

		backend_count_run_blocks(start, start + node->private, nr_blocks);
	}
}

static int freelist_isolate_free(struct zone *zone, unsigned long pfn, unsigned int max_order)
{
	struct freelist_zone *fz = zone->backend_data;
	unsigned long start, end, block;
	unsigned int order = MAX_PAGE_ORDER;

	if (!edge_below(fz, pfn + 1, &start) || !extent_first(fz, start))
		return -1;
	end = start + pfn_to_page(start)->private;
	if (pfn >= end)
		return -1;
	/* the largest aligned block around @pfn inside the extent: order 0 always fits */
	for (;; order--) {
		block = pfn & ~((1UL << order) - 1);
		if (block >= start && block + (1UL << order) <= end)
			break;
	}
	if (block != pfn || order >= max_order)
		return -1;
	extent_carve(fz, pfn_to_page(start), pfn, 1UL << order);
	return (int)order;
}

const struct page_backend_ops freelist_backend_ops = {
	.name = "freelist",
	.summary = "address-ordered list of free extents, first fit, coalescing on free",
	.init = freelist_init,
	.destroy = freelist_destroy,
	.alloc = freelist_alloc,
	.free = freelist_free,
	.free_area = freelist_free_area,
	.isolate_free = freelist_isolate_free,
};
