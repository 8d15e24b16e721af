// SPDX-License-Identifier: GPL-2.0
/*
 * Snapshot boot: the model's physical memory set to a running kernel's, as kmem_config.snapshot
 * describes it (a reader above turns a capture bundle's kpageflags and pagetypeinfo into that
 * plain data). The host profile has booted the zones as the kernel's zoneinfo shows them, all
 * managed pages free and the rest of each span reserved at its end; this file then, zone by zone
 * under zone->lock:
 *
 *  1. gives each pfn the role the snapshot says: reserved where the kernel had no managed page
 *     (PG_reserved or a hole: the holes lie where the kernel's did, not at the end of the span),
 *     free, or in use;
 *  2. builds the back end's free structures again (its destroy, then its init), with the pages
 *     in use marked PG_reserved meanwhile, so that init takes exactly the snapshot's free pages.
 *     A back end's init holds each free run as the largest naturally aligned blocks that tile
 *     it, which is what a buddy allocator holds after merging on every free: the kernel's blocks,
 *     at their pfns and orders, wherever the snapshot is consistent (a block read while the
 *     kernel changed it may differ);
 *  3. sets each pageblock's migratetype, on back ends that group by mobility, moving its free
 *     blocks to that type's lists;
 *  4. gives the pages in use to a "pre-existing" owner, as allocated order-0 pages.
 *
 * The pre-existing owner keeps a bit per pfn, set while the page is still its own. A trace of
 * the captured kernel frees some of those pages (its allocations made before the capture):
 * kmem_snapshot_free() turns such a range back into the one block the kernel freed and frees it
 * through __free_pages(), so that it goes where any free of that order goes, a per-CPU list
 * included, and passes the same checks. The pages it still holds at shutdown are no leak:
 * kmem_snapshot_pages() says how many, for whoever counts the pages given back.
 *
 * The zone keeps the managed count zoneinfo gave, from which the watermarks and per-CPU list
 * sizes were made: the reader reports how far the snapshot's own count of managed pages is from
 * it. The per-CPU lists start empty: pages the kernel had on them look in use in kpageflags, so
 * they stay with the pre-existing owner.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/*
 * The pre-existing owner's pages: bit pfn of @owned set while the owner holds it (pfns 0 to
 * max_pfn - 1), NULL without a snapshot boot. @lock makes a free's test and clear of its range
 * one step, so that of two frees of one page exactly one succeeds; @pages, the bits set, is
 * written under it and read without it.
 */
static struct {
	pthread_mutex_t lock;
	unsigned long *owned;
	unsigned long pages;
} preexisting = { .lock = PTHREAD_MUTEX_INITIALIZER };

static inline bool owned_test(unsigned long pfn)
{
	return preexisting.owned[pfn / BITS_PER_LONG] >> (pfn % BITS_PER_LONG) & 1;
}

static inline void owned_set(unsigned long pfn, bool own)
{
	unsigned long bit = 1UL << (pfn % BITS_PER_LONG);

	if (own)
		preexisting.owned[pfn / BITS_PER_LONG] |= bit;
	else
		preexisting.owned[pfn / BITS_PER_LONG] &= ~bit;
}

/*
 * The pageblocks the snapshot has without memory (KMEM_SNAP_PB_ABSENT): a bit per pageblock,
 * NULL without a snapshot boot; written at boot, read by kmem_pagetype_stats()
 */
static unsigned long *absent_pageblocks;

bool snapshot_pageblock_absent(unsigned long pfn)
{
	unsigned long pb = pfn >> pageblock_order;

	return absent_pageblocks && pfn < max_pfn &&
	       absent_pageblocks[pb / BITS_PER_LONG] >> (pb % BITS_PER_LONG) & 1;
}

/* The type a pre-existing page is allocated with: its pageblock's, movable without types */
static int preexisting_migratetype(const struct zone *zone, unsigned long pfn)
{
	const struct page_backend_ops *be = kmem_rt.backend;

	return be->pageblock_migratetype ? be->pageblock_migratetype(zone, pfn) : MIGRATE_MOVABLE;
}

/* The role of @pfn in @s; beyond the snapshot, or a value it should not hold, reserved */
static unsigned char snap_state(const struct kmem_snapshot *s, unsigned long pfn)
{
	return pfn < s->nr_pfns ? s->pfn_state[pfn] : KMEM_SNAP_RESERVED;
}

/*
 * Every free block's first pfn must be aligned to its order and be followed by its tails, all
 * in one zone: what step 4 frees must be a block a buddy allocator could hold
 */
static int snapshot_check(const struct kmem_snapshot *s)
{
	if (s->pb_order != pageblock_order) {
		fprintf(stderr,
			"kmem: snapshot: pageblock order %u, but the model's is %u: its pageblock "
			"types do not apply\n",
			s->pb_order, pageblock_order);
		return -EINVAL;
	}
	for (unsigned long pfn = 0; pfn < s->nr_pfns; pfn++) {
		unsigned char st = s->pfn_state[pfn];
		unsigned long end;

		if (st == KMEM_SNAP_USED || st == KMEM_SNAP_RESERVED)
			continue;
		if (st == KMEM_SNAP_FREE_TAIL || st >= NR_PAGE_ORDERS) {
			fprintf(stderr, "kmem: snapshot: pfn %#lx: %s\n", pfn,
				st == KMEM_SNAP_FREE_TAIL ? "a free block's tail without its head"
							  : "not a page state");
			return -EINVAL;
		}
		end = pfn + (1UL << st);
		if (pfn & ((1UL << st) - 1) || end > s->nr_pfns || end > max_pfn) {
			fprintf(stderr, "kmem: snapshot: pfn %#lx: a free block of order %u %s\n",
				pfn, st,
				pfn & ((1UL << st) - 1) ? "not aligned to its order"
							: "beyond the model's memory");
			return -EINVAL;
		}
		for (unsigned long t = pfn + 1; t < end; t++)
			if (s->pfn_state[t] != KMEM_SNAP_FREE_TAIL) {
				fprintf(stderr,
					"kmem: snapshot: pfn %#lx: inside the free block of order "
					"%u at %#lx, but not free\n",
					t, st, pfn);
				return -EINVAL;
			}
		pfn = end - 1;
	}
	if (s->pageblock_mt)
		for (unsigned long i = 0; i < s->nr_pageblocks; i++)
			if (s->pageblock_mt[i] >= KMEM_NR_MIGRATETYPES) {
				fprintf(stderr,
					"kmem: snapshot: pageblock at pfn %#lx: migratetype %d\n",
					i << pageblock_order, s->pageblock_mt[i]);
				return -EINVAL;
			}
	return 0;
}

/* Step 1 for one pfn: the pages in use are reserved for the back end's init */
static void set_role(const struct kmem_snapshot *s, unsigned long pfn)
{
	struct page *page = pfn_to_page(pfn);
	unsigned char st = snap_state(s, pfn);

	/* as memmap_init() left it: what the first init's free blocks wrote goes (PG_buddy) */
	page->flags &= ~PAGEFLAGS_MASK;
	page->private = 0;
	page->mapping = NULL;
	atomic_set(&page->_mapcount, -1);
	INIT_LIST_HEAD(&page->lru);
	if (st == KMEM_SNAP_RESERVED || st == KMEM_SNAP_USED) {
		__SetPageReserved(page);
		set_page_count(page, 1);
		page_state[pfn] = PS_RESERVED;
	} else {
		set_page_count(page, 0);
		page_state[pfn] = PS_FREE;
	}
}

static int zone_apply(const struct kmem_snapshot *s, struct zone *zone)
{
	const struct page_backend_ops *be = kmem_rt.backend;
	unsigned long start = zone->zone_start_pfn, end = zone_end_pfn(zone);
	long nr_free = 0;
	int err;

	spin_lock(&zone->lock);
	for (unsigned long pfn = start; pfn < end; pfn++) {
		set_role(s, pfn);
		nr_free += page_state[pfn] == PS_FREE;
	}
	be->destroy(zone);
	err = be->init(zone);
	if (err) {
		spin_unlock(&zone->lock);
		fprintf(stderr,
			"kmem: snapshot: back end %s cannot manage zone %s of node %d: %s\n",
			be->name, zone->name, zone->node, strerror(-err));
		return err;
	}
	if (be->set_pageblock_migratetype && s->pageblock_mt)
		for (unsigned long pfn = start; pfn < end;
		     pfn = (pfn | (pageblock_nr_pages - 1)) + 1) {
			unsigned long pb = pfn >> pageblock_order;

			if (pb < s->nr_pageblocks && s->pageblock_mt[pb] >= 0)
				be->set_pageblock_migratetype(zone, pfn, s->pageblock_mt[pb]);
		}
	for (unsigned long pfn = start; s->pageblock_mt && pfn < end;
	     pfn = (pfn | (pageblock_nr_pages - 1)) + 1) {
		unsigned long pb = pfn >> pageblock_order;

		if (pb < s->nr_pageblocks && s->pageblock_mt[pb] == KMEM_SNAP_PB_ABSENT)
			absent_pageblocks[pb / BITS_PER_LONG] |= 1UL << (pb % BITS_PER_LONG);
	}
	for (unsigned long pfn = start; pfn < end; pfn++) {
		struct page *page = pfn_to_page(pfn);

		if (snap_state(s, pfn) != KMEM_SNAP_USED)
			continue;
		__ClearPageReserved(page);
		page_state_set_allocated(pfn, 0, preexisting_migratetype(zone, pfn));
		owned_set(pfn, true);
		preexisting.pages++;
	}
	atomic_long_set(&zone->vm_stat[NR_FREE_PAGES], nr_free);
	spin_unlock(&zone->lock);
	return 0;
}

/* A free block that crosses a zone's end, or lies outside every populated zone */
static bool block_fits(const struct kmem_snapshot *s, unsigned long pfn)
{
	struct zone *zone;

	for_each_populated_zone(zone)
		if (pfn >= zone->zone_start_pfn && pfn < zone_end_pfn(zone))
			return pfn + (1UL << s->pfn_state[pfn]) <= zone_end_pfn(zone);
	return false;
}

/**
 * snapshot_apply - set the booted zones' memory to @s (see the top of this file)
 * @s: the snapshot, or NULL for none
 *
 * Called by kmem_boot() after the zones are up and before any thread that allocates starts.
 * Return: 0, or -EINVAL after one line on stderr naming what is wrong (a profile other than
 * the host's, a malformed snapshot), or -ENOMEM (the pre-existing owner's bitmap, a back end's
 * init). Nothing of the owner's record is left after a failure.
 */
int snapshot_apply(const struct kmem_snapshot *s)
{
	struct zone *zone;
	int err;

	if (!s)
		return 0;
	if (!kmem_rt.host) {
		fprintf(stderr,
			"kmem: snapshot: boots the host profile only (arch 'host', not '%s')\n",
			kmem_rt.arch->name);
		return -EINVAL;
	}
	err = snapshot_check(s);
	if (err)
		return err;
	for (unsigned long pfn = 0; pfn < s->nr_pfns; pfn++) {
		unsigned char st = s->pfn_state[pfn];

		if (st >= NR_PAGE_ORDERS)
			continue;
		if (!block_fits(s, pfn)) {
			fprintf(stderr,
				"kmem: snapshot: pfn %#lx: a free block of order %u outside the "
				"model's zones\n",
				pfn, st);
			return -EINVAL;
		}
		pfn += (1UL << st) - 1;
	}
	preexisting.owned = calloc((max_pfn + BITS_PER_LONG - 1) / BITS_PER_LONG, sizeof(long));
	absent_pageblocks = calloc(((max_pfn >> pageblock_order) + BITS_PER_LONG) / BITS_PER_LONG,
				   sizeof(long));
	if (!preexisting.owned || !absent_pageblocks) {
		snapshot_exit();
		fprintf(stderr,
			"kmem: snapshot: cannot allocate the pre-existing owner's bitmap\n");
		return -ENOMEM;
	}
	for_each_populated_zone(zone) {
		err = zone_apply(s, zone);
		if (err) {
			snapshot_exit();
			return err;
		}
	}
	return 0;
}

void snapshot_exit(void)
{
	pthread_mutex_lock(&preexisting.lock);
	free(preexisting.owned);
	preexisting.owned = NULL;
	free(absent_pageblocks);
	absent_pageblocks = NULL;
	__atomic_store_n(&preexisting.pages, 0, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&preexisting.lock);
}

/* The populated zone that holds all of [@pfn, @end), or NULL */
static struct zone *zone_of_range(unsigned long pfn, unsigned long end)
{
	struct zone *zone;

	for_each_populated_zone(zone)
		if (pfn >= zone->zone_start_pfn && end <= zone_end_pfn(zone))
			return zone;
	return NULL;
}

/*
 * Take [@pfn, @pfn + @nr) from the pre-existing owner, all or nothing. Return: its zone; NULL
 * with -ENOENT in @err when a page is not the owner's, -EINVAL when the range spans zones (the
 * owner's pages all lie in zones, but a block never spans two).
 */
static struct zone *preexisting_take(unsigned long pfn, unsigned long nr, int *err)
{
	struct zone *zone = NULL;

	pthread_mutex_lock(&preexisting.lock);
	*err = -EINVAL;
	if (!preexisting.owned)
		goto out;
	*err = -ENOENT;
	for (unsigned long p = pfn; p < pfn + nr; p++)
		if (!owned_test(p))
			goto out;
	*err = -EINVAL;
	zone = zone_of_range(pfn, pfn + nr);
	if (!zone)
		goto out;
	*err = 0;
	for (unsigned long p = pfn; p < pfn + nr; p++)
		owned_set(p, false);
	__atomic_store_n(&preexisting.pages, preexisting.pages - nr, __ATOMIC_RELAXED);
out:
	pthread_mutex_unlock(&preexisting.lock);
	return zone;
}

int kmem_snapshot_free(unsigned long pfn, unsigned int order)
{
	struct page *page;
	struct zone *zone;
	unsigned long nr;
	int err;

	if (!kmem_booted())
		return -ENODEV;
	if (order > MAX_PAGE_ORDER)
		return -EINVAL;
	nr = 1UL << order;
	if (pfn & (nr - 1) || pfn >= max_pfn || nr > max_pfn - pfn)
		return -EINVAL;
	zone = preexisting_take(pfn, nr, &err);
	if (!zone)
		return err;
	/*
	 * One block of @order as the allocator hands one out (post_alloc_hook()): the reference
	 * on page 0, none on the tails, the page state of an allocation of its pageblock's type.
	 * Not compound: a free does the same with a compound block, after destroy_compound_page()
	 * has made it this. The flags, mapping and mapcount are as the boot left them, clear, so
	 * the free's checks pass.
	 */
	page = pfn_to_page(pfn);
	for (unsigned long i = 1; i < nr; i++)
		set_page_count(page + i, 0);
	page_state_set_allocated(pfn, order, preexisting_migratetype(zone, pfn));
	__free_pages(page, order);
	return 0;
}

unsigned long kmem_snapshot_pages(void)
{
	return __atomic_load_n(&preexisting.pages, __ATOMIC_RELAXED);
}
