// SPDX-License-Identifier: GPL-2.0
/*
 * The bitmap page back end: one bit per page frame of a zone, set while the page is not free,
 * and an aligned first-fit search over it a word at a time. It owns the bitmap and its search
 * hints, hung off zone->backend_data, and never writes to a struct page. It has no free lists,
 * so it ignores the migratetype (but to count the allocation event by it): all pages of a zone
 * are one pool, as before the kernel grouped pages by mobility.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"

/* log2(BITS_PER_LONG): from this order up a block is a run of whole words */
#define WORD_ORDER 6

struct bitmap_zone {
	/* pfn of bit 0: the zone's first pfn rounded down to MAX_ORDER_NR_PAGES */
	unsigned long base_pfn;
	/* the zone's end rounded up to MAX_ORDER_NR_PAGES, in words from base_pfn */
	unsigned long nr_words;
	/* no free block of order k starts in a word below hint[k] */
	unsigned long hint[NR_PAGE_ORDERS];
	/* bit set: the page is allocated, reserved or outside the zone */
	unsigned long map[];
};

/*
 * Layout. Bit i stands for pfn base_pfn + i. Because base_pfn is aligned to the largest block,
 * a block is naturally aligned in pfns exactly when it is aligned in bit index, whatever the
 * zone's own start: blocks of order < 6 never cross a word, and a block of order >= 6 is a run
 * of 2^(order - 6) whole words starting at a word index that is a multiple of that. The bits
 * from base_pfn to the zone's start, from its end to the map's end, and of reserved pages are
 * set once at init, so a search needs neither the zone bounds nor the page flags.
 *
 * Search. For order >= 6, step over the words in strides of the block's size in words and take
 * the first stride of zero words. For a smaller order, fold the free bits of a word onto
 * themselves, x &= x >> 1, x &= x >> 2, ... up to 2^order, so that bit p survives only if bits
 * p .. p + 2^order - 1 are all free; keep the aligned positions (every 2^order-th bit) and take
 * the lowest with ctz. The block found is always the lowest free aligned block of the zone.
 *
 * Hints. First fit alone would rescan the allocated words at the bottom of the zone on every
 * call. hint[k] is a word below which no free block of order k starts, and a search starts
 * there. After taking the first block of order k at bit i, none of order k or larger starts
 * below i + 2^k (a larger free block would begin with a free block of order k); after a failed
 * search for order k there is none of order k or larger at all. Allocating only takes pages
 * away, so it never makes a hint wrong; freeing a block may complete a free block of any order
 * around it, so it lowers every hint to the aligned block of that order that holds it. With the
 * low part of a zone full, an order-0 allocation then looks at one word instead of all of them.
 *
 * Cost: marking a block touches one word, or 2^order / 64 of them, plus one hint per order; a
 * search is O(zone pages / 64) words in the worst case, a full scan from the hint. free_area
 * reads every word once.
 */

static unsigned long bitmap_align(unsigned long x, unsigned long a)
{
	return (x + a - 1) & ~(a - 1);
}

/* The bits of [@start, @end) that lie in @start's word, as a mask; @nr receives how many */
static inline unsigned long word_mask(unsigned long start, unsigned long end, unsigned long *nr)
{
	unsigned long bit = start % BITS_PER_LONG;

	*nr = BITS_PER_LONG - bit;
	if (*nr > end - start)
		*nr = end - start;
	return (*nr == BITS_PER_LONG ? ~0UL : (1UL << *nr) - 1) << bit;
}

/* Set or clear bits [start, end) of @map, a word at a time */
static void bitmap_fill(unsigned long *map, unsigned long start, unsigned long end, bool set)
{
	while (start < end) {
		unsigned long nr, mask = word_mask(start, end, &nr);

		if (set)
			map[start / BITS_PER_LONG] |= mask;
		else
			map[start / BITS_PER_LONG] &= ~mask;
		start += nr;
	}
}

/* First bit at or after @start that is set in (@map ^ @invert), or the map's size */
static unsigned long bitmap_next(const struct bitmap_zone *bz, unsigned long start,
				 unsigned long invert)
{
	unsigned long nr_bits = bz->nr_words * BITS_PER_LONG;

	while (start < nr_bits) {
		unsigned long w = start / BITS_PER_LONG;
		unsigned long x = (bz->map[w] ^ invert) & (~0UL << (start % BITS_PER_LONG));

		if (x)
			return w * BITS_PER_LONG + (unsigned long)__builtin_ctzl(x);
		start = (w + 1) * BITS_PER_LONG;
	}
	return nr_bits;
}

/* Bit index of the lowest free block of @order at or after the hint, or -1UL */
static unsigned long bitmap_find_block(const struct bitmap_zone *bz, unsigned int order)
{
	unsigned long nr = 1UL << order;
	unsigned long pattern, w;

	if (order >= WORD_ORDER) {
		unsigned long stride = nr / BITS_PER_LONG;

		for (w = bitmap_align(bz->hint[order], stride); w < bz->nr_words; w += stride) {
			unsigned long i = 0;

			while (i < stride && !bz->map[w + i])
				i++;
			if (i == stride)
				return w * BITS_PER_LONG;
		}
		return -1UL;
	}

	/* one bit every 2^order: 0x...ffff, 0x...5555, 0x...1111, ..., 0x0000000100000001 */
	pattern = ~0UL / ((1UL << nr) - 1);
	for (w = bz->hint[order]; w < bz->nr_words; w++) {
		unsigned long x = ~bz->map[w];

		for (unsigned long shift = 1; shift < nr && x; shift <<= 1)
			x &= x >> shift;
		x &= pattern;
		if (x)
			return w * BITS_PER_LONG + (unsigned long)__builtin_ctzl(x);
	}
	return -1UL;
}

static void bitmap_init_run(struct zone *zone __maybe_unused, unsigned long start,
			    unsigned long end, void *arg)
{
	struct bitmap_zone *bz = arg;

	bitmap_fill(bz->map, start - bz->base_pfn, end - bz->base_pfn, false);
}

static int bitmap_init(struct zone *zone)
{
	unsigned long base = zone->zone_start_pfn & ~(MAX_ORDER_NR_PAGES - 1);
	unsigned long limit = bitmap_align(zone_end_pfn(zone), MAX_ORDER_NR_PAGES);
	unsigned long nr_words = (limit - base) / BITS_PER_LONG;
	struct bitmap_zone *bz;

	bz = malloc(sizeof(*bz) + nr_words * sizeof(bz->map[0]));
	if (!bz)
		return -ENOMEM;
	bz->base_pfn = base;
	bz->nr_words = nr_words;
	memset(bz->hint, 0, sizeof(bz->hint));
	memset(bz->map, 0xff, nr_words * sizeof(bz->map[0]));
	backend_for_each_free_run(zone, bitmap_init_run, bz);
	zone->backend_data = bz;
	return 0;
}

static void bitmap_destroy(struct zone *zone)
{
	free(zone->backend_data);
	zone->backend_data = NULL;
}

static struct page *bitmap_alloc(struct zone *zone, unsigned int order, int migratetype,
				 unsigned int alloc_flags __maybe_unused)
{
	struct bitmap_zone *bz = zone->backend_data;
	unsigned long idx = bitmap_find_block(bz, order);
	unsigned long nr = 1UL << order;

	if (idx == -1UL) {
		for (unsigned int k = order; k <= MAX_PAGE_ORDER; k++)
			bz->hint[k] = bz->nr_words;
		return NULL;
	}
	for (unsigned int k = order; k <= MAX_PAGE_ORDER; k++)
		if (bz->hint[k] < (idx + nr) / BITS_PER_LONG)
			bz->hint[k] = (idx + nr) / BITS_PER_LONG;
	bitmap_fill(bz->map, idx, idx + nr, true);
	count_locked_alloc(zone, order, migratetype);
	return pfn_to_page(bz->base_pfn + idx);
}

static void bitmap_free(struct zone *zone, struct page *page, unsigned int order)
{
	struct bitmap_zone *bz = zone->backend_data;
	unsigned long idx = page_to_pfn(page) - bz->base_pfn;

	bitmap_fill(bz->map, idx, idx + (1UL << order), false);
	for (unsigned int k = 0; k <= MAX_PAGE_ORDER; k++) {
		unsigned long w = (idx & ~((1UL << k) - 1)) / BITS_PER_LONG;

		if (bz->hint[k] > w)
			bz->hint[k] = w;
	}
}

/* All of bits [start, end) clear */
static bool bitmap_range_clear(const unsigned long *map, unsigned long start, unsigned long end)
{
	while (start < end) {
		unsigned long nr, mask = word_mask(start, end, &nr);

		if (map[start / BITS_PER_LONG] & mask)
			return false;
		start += nr;
	}
	return true;
}

/*
 * Compaction's free scanner: the largest aligned free block that starts at @pfn, below
 * @max_order. The bitmap has no blocks of its own, so two rules make it behave as the buddy's
 * PG_buddy test does: nothing is taken from an aligned free block of @max_order (what compaction
 * is making; the buddy would hold it whole), and a block grows only while it stays aligned.
 * Taking pages only sets bits, which never makes a hint wrong.
 */
static int bitmap_isolate_free(struct zone *zone, unsigned long pfn, unsigned int max_order)
{
	struct bitmap_zone *bz = zone->backend_data;
	unsigned long idx = pfn - bz->base_pfn;
	unsigned long big = idx & ~((1UL << max_order) - 1);
	unsigned int order = 0;

	if (!bitmap_range_clear(bz->map, idx, idx + 1) ||
	    bitmap_range_clear(bz->map, big, big + (1UL << max_order)))
		return -1;
	while (order + 1 < max_order && !(idx & ((2UL << order) - 1)) &&
	       bitmap_range_clear(bz->map, idx, idx + (2UL << order)))
		order++;
	bitmap_fill(bz->map, idx, idx + (1UL << order), true);
	return (int)order;
}

static void bitmap_free_area(const struct zone *zone, unsigned long nr_blocks[NR_PAGE_ORDERS])
{
	const struct bitmap_zone *bz = zone->backend_data;
	unsigned long nr_bits = bz->nr_words * BITS_PER_LONG;
	unsigned long start = 0;

	memset(nr_blocks, 0, NR_PAGE_ORDERS * sizeof(nr_blocks[0]));
	while ((start = bitmap_next(bz, start, ~0UL)) < nr_bits) {
		unsigned long end = bitmap_next(bz, start, 0);

		backend_count_run_blocks(bz->base_pfn + start, bz->base_pfn + end, nr_blocks);
		start = end;
	}
}

/*
 * No has_free_block: the bitmap counts no free blocks per order (free_area() finds them by a
 * walk of every word), so the per-order part of the watermark check is bitmap_alloc()'s own
 * search under zone->lock, after the free-pages test passed.
 */
const struct page_backend_ops bitmap_backend_ops = {
	.name = "bitmap",
	.summary = "one bit per page, aligned first fit a word at a time",
	.init = bitmap_init,
	.destroy = bitmap_destroy,
	.alloc = bitmap_alloc,
	.free = bitmap_free,
	.free_area = bitmap_free_area,
	.isolate_free = bitmap_isolate_free,
};
