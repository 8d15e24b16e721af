// SPDX-License-Identifier: GPL-2.0
/*
 * Memory compaction, after mm/compaction.c: moving movable blocks out of the way so that free
 * pages join into the large blocks an allocation of a high order needs.
 *
 * Two scanners walk a zone pageblock by pageblock towards each other. The migrate scanner
 * starts at the zone's first pfn and isolates, in one pageblock at a time, the allocated blocks
 * whose owner marked them movable (isolate_migratepages_block(): the marking is read, and the
 * owner's isolate_page() confirms it). The free scanner starts at the zone's last pageblock and
 * takes the free blocks of a pageblock out of the back end (isolate_freepages_block(), through
 * the back end's isolate_free op) to serve as targets. Each isolated block is migrated
 * (migrate.c) into a target of its own order, split from a larger one if need be, as the
 * kernel's compaction_alloc() does since 6.9; freeing the sources at the bottom of the zone
 * lets them merge. Compaction ends when the scanners meet (COMPACT_COMPLETE) or, for an
 * allocation of order N, as soon as the back end holds a free block of order N or more that
 * the allocation would take (compact_finished(): on its own type's list, or on another's that
 * it would claim the pageblock of). Targets not used go back to the back end.
 *
 * Only movable pageblocks serve as targets where the back end groups by mobility, and, in the
 * asynchronous mode of direct compaction, only pageblocks of the request's type are sources
 * (suitable_migration_target() and suitable_migration_source()): moving a movable page into a
 * pageblock of unmovable pages would spoil the grouping, and an unmovable request is best
 * served by emptying the unmovable pageblocks of the movable pages that fell back into them. A
 * pageblock where a scanner found nothing gets a skip hint and is passed over until the hints are
 * cleared; the scanners' positions are kept between runs. Both are reset when a run ends with the
 * scanners met, and the next run starts afresh (the kernel clears the hints when kswapd goes to
 * sleep, compact_blockskip_flush, or at the highest priority).
 *
 * Direct compaction (try_to_compact_pages()) runs for an allocation of any order above 0 that
 * may reclaim and do IO, of any migratetype (the slow path decides when to call it).
 * Per zone: not when compaction failed recently at this order (compaction_deferred(): after a
 * failure the next 2^defer_shift attempts are skipped, the shift growing to 6), not when the
 * zone lacks the free pages to compact into (watermark plus compact_gap(), twice the request),
 * and, for costly orders, not when the failure would be for lack of memory rather than
 * fragmentation (fragmentation_index() at or below extfrag_threshold, 500). The priority sets
 * the mode: COMPACT_PRIO_ASYNC skips hinted source pageblocks and those not of the request's
 * type (movable ones for a movable request), and gives up on each part of a pageblock that
 * cannot become free; COMPACT_PRIO_SYNC_LIGHT skips only hinted ones, COMPACT_PRIO_SYNC_FULL
 * scans the whole zone.
 *
 * Locking: one compaction per zone at a time (the zone's compaction mutex, which also guards
 * the deferral state); zone->lock only while the free scanner takes blocks and when they are
 * given back.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <linux/migrate.h>

#include "internal.h"

/* /proc/sys/vm/extfrag_threshold */
#define EXTFRAG_THRESHOLD	500
#define COMPACT_MAX_DEFER_SHIFT 6
/* should_compact_retry(): retries at one priority while compaction makes progress */
#define MAX_COMPACT_RETRIES 16

struct compact_zone_state {
	pthread_mutex_t lock;
	unsigned long *skip; /* bit per pageblock from pageblock_base: the skip hint */
	unsigned long pageblock_base;
	bool flush_skip; /* the last run ended with the scanners met: clear the hints first */
	unsigned long cached_migrate_pfn, cached_free_pfn;
	/* compaction_deferred() */
	unsigned int considered, defer_shift, order_failed;
};

static struct compact_zone_state zone_state[MAX_NUMNODES][MAX_NR_ZONES];

struct migrate_block {
	struct page *page;
	unsigned int order;
};

struct compact_control {
	struct zone *zone;
	struct compact_zone_state *cz;
	int order; /* -1: compact the whole zone (compact_memory) */
	int migratetype;
	enum compact_priority prio;
	enum migrate_mode mode;
	bool direct_compaction; /* for an allocation (try_to_compact_pages()) */
	bool ignore_skip_hint;
	/* the last resort of direct compaction: free pages of any pageblock are targets */
	bool ignore_block_suitable;
	bool proactive; /* done when the zone's fragmentation score is at the low mark */
	/* next pageblock the migrate scanner looks at, going up */
	unsigned long migrate_pfn;
	/* start of the next pageblock the free scanner looks at, going down */
	unsigned long free_pfn;
	bool free_exhausted;
	struct list_head freepages[NR_PAGE_ORDERS];
	struct migrate_block migrate[pageblock_nr_pages];
	unsigned int nr_migrate;
	unsigned long migrate_scanned, free_scanned;
};

static struct compact_zone_state *zone_cz(const struct zone *zone)
{
	return &zone_state[zone->node][zone->zone_idx];
}

static unsigned long pageblock_start(unsigned long pfn)
{
	return pfn & ~(pageblock_nr_pages - 1);
}

int compaction_init(void)
{
	struct zone *zone;
	int err = migrate_init(max_pfn);

	if (err)
		return err;
	for_each_populated_zone(zone) {
		struct compact_zone_state *cz = zone_cz(zone);
		unsigned long base = pageblock_start(zone->zone_start_pfn);
		unsigned long blocks =
			(zone_end_pfn(zone) - base + pageblock_nr_pages - 1) >> pageblock_order;

		*cz = (struct compact_zone_state){ .pageblock_base = base };
		pthread_mutex_init(&cz->lock, NULL);
		cz->skip = calloc((blocks + BITS_PER_LONG - 1) / BITS_PER_LONG, sizeof(long));
		if (!cz->skip) {
			compaction_exit();
			return -ENOMEM;
		}
		cz->cached_migrate_pfn = zone->zone_start_pfn;
		cz->cached_free_pfn = pageblock_start(zone_end_pfn(zone) - 1);
	}
	return 0;
}

void compaction_exit(void)
{
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			free(zone_state[nid][z].skip);
			zone_state[nid][z].skip = NULL;
		}
	}
	migrate_exit();
}

static bool test_skip(const struct compact_control *cc, unsigned long pfn)
{
	unsigned long i = (pfn - cc->cz->pageblock_base) >> pageblock_order;

	return !cc->ignore_skip_hint &&
	       (cc->cz->skip[i / BITS_PER_LONG] >> (i % BITS_PER_LONG) & 1);
}

static void set_skip(struct compact_control *cc, unsigned long pfn)
{
	unsigned long i = (pfn - cc->cz->pageblock_base) >> pageblock_order;

	cc->cz->skip[i / BITS_PER_LONG] |= 1UL << (i % BITS_PER_LONG);
}

/*
 * The kernel's fragmentation_index() (fill_contig_page_info() and __fragmentation_index() of
 * mm/vmstat.c), named apart from the measure of the same name in workloads/
 */
int zone_fragmentation_index(const struct zone *zone, unsigned int order)
{
	unsigned long nr[NR_PAGE_ORDERS], free_pages = 0, total = 0, suitable = 0;

	zone_free_area(zone, nr);
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		free_pages += nr[o] << o;
		total += nr[o];
		if (o >= order)
			suitable += nr[o] << (o - order);
	}
	if (!total)
		return 0;
	if (suitable)
		return -1000;
	return 1000 - (int)((1000 + free_pages * 1000 / (1UL << order)) / total);
}

/* defer_compaction(), compaction_deferred(), compaction_defer_reset(): under cz->lock */
static void defer_compaction(struct compact_zone_state *cz, unsigned int order)
{
	cz->considered = 0;
	if (cz->defer_shift < COMPACT_MAX_DEFER_SHIFT)
		cz->defer_shift++;
	if (order < cz->order_failed)
		cz->order_failed = order;
}

static bool compaction_deferred(struct compact_zone_state *cz, unsigned int order)
{
	unsigned long limit = 1UL << cz->defer_shift;

	if (order < cz->order_failed)
		return false;
	if (++cz->considered >= limit) {
		cz->considered = (unsigned int)limit;
		return false;
	}
	return true;
}

static void __compaction_defer_reset(struct compact_zone_state *cz, unsigned int order,
				     bool alloc_success)
{
	if (alloc_success) {
		cz->considered = 0;
		cz->defer_shift = 0;
	}
	if (order >= cz->order_failed)
		cz->order_failed = order + 1;
}

/**
 * compaction_defer_reset - an allocation of @order succeeded in @zone after compaction
 * @zone: the zone
 * @order: the allocation's order
 * @alloc_success: true when the allocation itself succeeded, not only compaction
 */
void compaction_defer_reset(struct zone *zone, unsigned int order, bool alloc_success)
{
	struct compact_zone_state *cz = zone_cz(zone);

	pthread_mutex_lock(&cz->lock);
	__compaction_defer_reset(cz, order, alloc_success);
	pthread_mutex_unlock(&cz->lock);
}

/* A free block of at least @order in the back end: what the allocation needs */
static bool zone_has_free_block(const struct zone *zone, unsigned int order)
{
	unsigned long nr[NR_PAGE_ORDERS];

	zone_free_area(zone, nr);
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++)
		if (nr[o])
			return true;
	return false;
}

/*
 * compaction_suitable(): enough free pages to hold the request twice over above the watermark
 * (compact_gap()), and, for a costly order, a failure that fragmentation and not a lack of
 * memory would cause
 */
static bool compaction_suitable(const struct zone *zone, unsigned int order, unsigned long mark,
				enum zone_type highidx)
{
	long free_pages = (long)zone_page_state(zone, NR_FREE_PAGES);
	long need = (long)(mark + (2UL << order)) + zone->lowmem_reserve[highidx];
	int fragindex;

	if (free_pages <= need)
		return false;
	if (order <= PAGE_ALLOC_COSTLY_ORDER)
		return true;
	fragindex = zone_fragmentation_index(zone, order);
	return !(fragindex >= 0 && fragindex <= EXTFRAG_THRESHOLD);
}

/* suitable_migration_source(): async direct compaction moves only from pageblocks of its type */
static bool suitable_migration_source(const struct compact_control *cc, unsigned long pfn)
{
	int mt;

	if (cc->mode != MIGRATE_ASYNC || !cc->direct_compaction ||
	    !kmem_rt.backend->pageblock_migratetype)
		return true;
	mt = kmem_rt.backend->pageblock_migratetype(cc->zone, pfn);
	return cc->migratetype == MIGRATE_MOVABLE ? mt == MIGRATE_MOVABLE : mt == cc->migratetype;
}

/*
 * suitable_migration_target(): never into a pageblock of unmovable or reclaimable pages, except
 * at direct compaction's highest priority, which would rather mix types than fail
 */
static bool suitable_migration_target(const struct compact_control *cc, unsigned long pfn)
{
	return cc->ignore_block_suitable || !kmem_rt.backend->pageblock_migratetype ||
	       kmem_rt.backend->pageblock_migratetype(cc->zone, pfn) == MIGRATE_MOVABLE;
}

/* Gives the blocks isolated from migrate[@first] on back to their owners */
static unsigned long putback_from(struct compact_control *cc, unsigned int first)
{
	unsigned long pages = 0;

	while (cc->nr_migrate > first) {
		struct migrate_block *mb = &cc->migrate[--cc->nr_migrate];
		const struct movable_operations *ops = page_movable_ops(mb->page);

		if (ops)
			ops->putback_page(mb->page);
		pages += 1UL << mb->order;
	}
	return pages;
}

/*
 * skip_isolation_on_order(): a block of the target order or larger is not moved for a request
 * (a free block of that order would already have ended compaction, so moving it would only trade
 * one such block for another), and none of a pageblock's size or more at all
 */
static bool skip_isolation_on_order(const struct compact_control *cc, unsigned int order)
{
	return (cc->order >= 0 && order >= (unsigned int)cc->order) || order >= pageblock_order;
}

/*
 * isolate_migratepages(): scan the next pageblock the hints and the mode allow, isolating the
 * movable blocks in it; one pageblock per call, so that compact_finished() is asked between, as
 * 6.18 always finishes the pageblock it started before it looks.
 *
 * The page at each pfn is free (passed over), the head of a block its owner marked movable and
 * lets go of (isolated whole, whatever its order, as isolate_migratepages_block() isolates a
 * folio), or anything else: an unmovable block, a movable one whose owner refuses or that is
 * too large (skip_isolation_on_order()). Those are passed over at once, a block at a time, as
 * the kernel skips a compound page by its order. Asynchronous direct compaction gives up on
 * each 2^order-aligned part of the pageblock where such a page sits (skip_on_failure): what it
 * isolated there goes back, since that part can no longer become the free block the request
 * needs, and moving the rest would only spend free pages.
 */
static void isolate_migratepages(struct compact_control *cc)
{
	const struct zone *zone = cc->zone;
	isolate_mode_t imode = cc->mode == MIGRATE_ASYNC ? ISOLATE_ASYNC_MIGRATE : 0;
	bool skip_on_failure = cc->direct_compaction && cc->mode == MIGRATE_ASYNC;

	while (cc->migrate_pfn <= cc->free_pfn && cc->migrate_pfn < zone_end_pfn(zone)) {
		unsigned long start = cc->migrate_pfn;
		unsigned long end = pageblock_start(start) + pageblock_nr_pages;
		unsigned long isolated = 0, next_skip_pfn = start;
		unsigned int part_first = cc->nr_migrate;

		if (end > zone_end_pfn(zone))
			end = zone_end_pfn(zone);
		cc->migrate_pfn = end;
		if (test_skip(cc, start) || !suitable_migration_source(cc, start))
			continue;
		for (unsigned long pfn = start; pfn < end;) {
			struct page *page = pfn_to_page(pfn);
			unsigned char state = page_state_read(pfn);
			const struct movable_operations *ops;
			unsigned int order = state < PS_TAIL ? state & 0xf : 0;

			if (skip_on_failure && pfn >= next_skip_pfn) {
				part_first = cc->nr_migrate;
				next_skip_pfn = (pfn | ((1UL << cc->order) - 1)) + 1;
				if (next_skip_pfn > end)
					next_skip_pfn = end;
			}
			cc->migrate_scanned++;
			if (state == PS_FREE) {
				pfn++;
				continue;
			}
			ops = state < PS_TAIL ? page_movable_ops(page) : NULL;
			if (ops && !skip_isolation_on_order(cc, order) &&
			    ops->isolate_page(page, imode)) {
				/*
				 * Isolated: the block is the owner's and cannot be freed under us,
				 * so its state is stable now; a block freed and allocated again
				 * as another order since the first look is not moved
				 */
				state = page_state_read(pfn);
				if (state < PS_TAIL && (state & 0xf) == order &&
				    pfn + (1UL << order) <= end) {
					cc->migrate[cc->nr_migrate++] =
						(struct migrate_block){ page, order };
					isolated += 1UL << order;
					cc->migrate_scanned += (1UL << order) - 1;
					pfn += 1UL << order;
					continue;
				}
				ops->putback_page(page);
			}
			/* not isolated: pass over the whole block (a tail: one page) */
			if (pfn + (1UL << order) > end)
				order = 0;
			cc->migrate_scanned += (1UL << order) - 1;
			pfn += 1UL << order;
			if (skip_on_failure) {
				isolated -= putback_from(cc, part_first);
				if (pfn < next_skip_pfn) {
					cc->migrate_scanned += next_skip_pfn - pfn;
					pfn = next_skip_pfn;
				}
			}
		}
		if (!isolated)
			set_skip(cc, start);
		count_vm_events(COMPACTISOLATED, isolated);
		return;
	}
}

/*
 * isolate_freepages(): take the free blocks of the next pageblock down that can receive
 * movable pages. False when the free scanner reached the migrate scanner.
 */
static bool isolate_freepages(struct compact_control *cc)
{
	struct zone *zone = cc->zone;

	while (!cc->free_exhausted && cc->free_pfn >= cc->migrate_pfn) {
		unsigned long block = cc->free_pfn, isolated = 0;
		unsigned long start = block < zone->zone_start_pfn ? zone->zone_start_pfn : block;
		unsigned long end = block + pageblock_nr_pages;

		if (end > zone_end_pfn(zone))
			end = zone_end_pfn(zone);
		if (block < zone->zone_start_pfn + pageblock_nr_pages)
			cc->free_exhausted = true;
		else
			cc->free_pfn = block - pageblock_nr_pages;
		if (test_skip(cc, start) || !suitable_migration_target(cc, start))
			continue;
		spin_lock(&zone->lock);
		for (unsigned long pfn = start; pfn < end;) {
			int order;

			/*
			 * The back end alone decides, under zone->lock: page_state[] is written
			 * outside it by allocations and frees in flight
			 */
			cc->free_scanned++;
			order = kmem_rt.backend->isolate_free(zone, pfn, pageblock_order);
			if (order < 0) {
				pfn++;
				continue;
			}
			list_add_tail(&pfn_to_page(pfn)->lru, &cc->freepages[order]);
			isolated += 1UL << order;
			pfn += 1UL << order;
		}
		atomic_long_add(-(long)isolated, &zone->vm_stat[NR_FREE_PAGES]);
		spin_unlock(&zone->lock);
		if (!isolated) {
			set_skip(cc, start);
			continue;
		}
		count_vm_events(COMPACTISOLATED, isolated);
		return true;
	}
	cc->free_exhausted = true;
	return false;
}

/* compaction_alloc(): a target of @order, split from the smallest larger one if need be */
static struct page *compaction_alloc(struct compact_control *cc, unsigned int order)
{
	do {
		for (unsigned int o = order; o < NR_PAGE_ORDERS; o++) {
			struct page *page;

			if (list_empty(&cc->freepages[o]))
				continue;
			page = list_first_entry(&cc->freepages[o], struct page, lru);
			list_del(&page->lru);
			while (o > order) {
				o--;
				list_add(&page[1UL << o].lru, &cc->freepages[o]);
			}
			return page;
		}
	} while (isolate_freepages(cc));
	return NULL;
}

/* release_free_list(): the targets not used go back to the back end */
static void release_freepages(struct compact_control *cc)
{
	struct zone *zone = cc->zone;

	spin_lock(&zone->lock);
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		while (!list_empty(&cc->freepages[o])) {
			struct page *page = list_first_entry(&cc->freepages[o], struct page, lru);

			list_del(&page->lru);
			kmem_rt.backend->free(zone, page, o);
			atomic_long_add(1L << o, &zone->vm_stat[NR_FREE_PAGES]);
		}
	}
	spin_unlock(&zone->lock);
}

/* migrate_pages() of the isolated blocks; those without a target go back to their owners */
static void migrate_isolated(struct compact_control *cc)
{
	for (unsigned int i = 0; i < cc->nr_migrate; i++) {
		struct migrate_block *mb = &cc->migrate[i];
		const struct movable_operations *ops = page_movable_ops(mb->page);
		struct page *dst = compaction_alloc(cc, mb->order);

		if (!dst) {
			if (ops)
				ops->putback_page(mb->page);
			continue;
		}
		if (migrate_movable_page(mb->page, dst, mb->order, cc->mode))
			list_add(&dst->lru, &cc->freepages[mb->order]);
	}
	cc->nr_migrate = 0;
	/* the sources freed to the per-CPU lists must reach the back end to merge */
	if (kmem_rt.pcp)
		drain_all_pages(cc->zone);
}

/*
 * __compact_finished()'s test of the free lists, for a request of cc->order and cc->migratetype:
 * done when a free block of the order or larger sits on the request's own list, or on a list
 * the allocation falls back to and would claim the pageblock of (should_try_claim_block(): a
 * block of half a pageblock's order or more, or any block for an unmovable or reclaimable
 * request, since those pollute the pageblock whatever they take). A small movable request is
 * not done by another type's block: it would only steal from it, and the compaction that
 * freed movable pages for it may as well go on. Without grouping by mobility every block is
 * on the one list there is.
 */
static bool compact_suitable_page_free(const struct compact_control *cc)
{
	unsigned long nr[MIGRATE_TYPES][NR_PAGE_ORDERS];
	struct zone *zone = cc->zone;
	int mt = cc->migratetype < MIGRATE_PCPTYPES ? cc->migratetype : MIGRATE_UNMOVABLE;

	if (!kmem_rt.backend->free_area_by_type)
		return zone_has_free_block(zone, (unsigned int)cc->order);
	spin_lock(&zone->lock);
	kmem_rt.backend->free_area_by_type(zone, nr);
	spin_unlock(&zone->lock);
	for (unsigned int o = (unsigned int)cc->order; o < NR_PAGE_ORDERS; o++) {
		bool claim = o >= pageblock_order / 2 || mt != MIGRATE_MOVABLE;

		if (nr[mt][o])
			return true;
		for (int f = 0; claim && f < MIGRATE_PCPTYPES; f++)
			if (f != mt && nr[f][o])
				return true;
	}
	return false;
}

static bool proactive_compact_done(const struct zone *zone);

/* __compact_finished() */
static enum compact_result compact_finished(const struct compact_control *cc)
{
	if (cc->free_exhausted || cc->migrate_pfn > cc->free_pfn ||
	    cc->migrate_pfn >= zone_end_pfn(cc->zone))
		return COMPACT_COMPLETE;
	if (cc->proactive)
		return proactive_compact_done(cc->zone) ? COMPACT_SUCCESS : COMPACT_CONTINUE;
	if (cc->order >= 0 && compact_suitable_page_free(cc))
		return COMPACT_SUCCESS;
	return COMPACT_CONTINUE;
}

/*
 * compact_zone(): with cc->cz->lock held. Its callers have made the checks the kernel's
 * compact_zone() makes before it fires mm_compaction_begin (compaction_suit_allocation_order(),
 * for an allocation's order), so every run here is one of those events.
 */
static enum compact_result compact_zone(struct compact_control *cc, bool whole_zone)
{
	struct compact_zone_state *cz = cc->cz;
	struct zone *zone = cc->zone;
	enum compact_result ret;

	__atomic_fetch_add(&zone->compact_runs, 1, __ATOMIC_RELAXED);
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		INIT_LIST_HEAD(&cc->freepages[o]);
	if (whole_zone || cz->flush_skip) {
		unsigned long blocks =
			(zone_end_pfn(zone) - cz->pageblock_base + pageblock_nr_pages - 1) >>
			pageblock_order;

		memset(cz->skip, 0, (blocks + BITS_PER_LONG - 1) / BITS_PER_LONG * sizeof(long));
		cz->flush_skip = false;
		cz->cached_migrate_pfn = zone->zone_start_pfn;
		cz->cached_free_pfn = pageblock_start(zone_end_pfn(zone) - 1);
	}
	cc->migrate_pfn = cz->cached_migrate_pfn;
	cc->free_pfn = cz->cached_free_pfn;
	if (kmem_rt.pcp)
		drain_all_pages(zone);
	while ((ret = compact_finished(cc)) == COMPACT_CONTINUE) {
		isolate_migratepages(cc);
		if (cc->nr_migrate)
			migrate_isolated(cc);
	}
	release_freepages(cc);
	if (ret == COMPACT_COMPLETE) {
		cz->flush_skip = true;
	} else {
		cz->cached_migrate_pfn = cc->migrate_pfn;
		cz->cached_free_pfn = cc->free_pfn;
	}
	count_vm_events(COMPACTMIGRATE_SCANNED, cc->migrate_scanned);
	count_vm_events(COMPACTFREE_SCANNED, cc->free_scanned);
	return ret;
}

static struct compact_control *cc_alloc(struct zone *zone, int order, enum compact_priority prio,
					int migratetype)
{
	struct compact_control *cc = calloc(1, sizeof(*cc));

	if (!cc)
		return NULL;
	cc->zone = zone;
	cc->cz = zone_cz(zone);
	cc->order = order;
	cc->prio = prio;
	cc->migratetype = migratetype;
	cc->mode = prio == COMPACT_PRIO_ASYNC	     ? MIGRATE_ASYNC
		   : prio == COMPACT_PRIO_SYNC_LIGHT ? MIGRATE_SYNC_LIGHT
						     : MIGRATE_SYNC;
	cc->ignore_skip_hint = prio == MIN_COMPACT_PRIORITY;
	return cc;
}

/* compact_zone_order(): with cz->lock held */
static enum compact_result compact_zone_order(struct zone *zone, unsigned int order, gfp_t gfp,
					      enum zone_watermarks wmark, enum zone_type highidx,
					      enum compact_priority prio)
{
	struct compact_control *cc;
	enum compact_result ret;

	if (zone_has_free_block(zone, order))
		return COMPACT_SUCCESS;
	if (!compaction_suitable(zone, order, zone->_watermark[wmark], highidx))
		return COMPACT_SKIPPED;
	cc = cc_alloc(zone, (int)order, prio, gfp_migratetype(gfp));
	if (!cc)
		return COMPACT_SKIPPED;
	cc->direct_compaction = true;
	/*
	 * As compact_zone_order(): the highest priority scans the whole zone, ignores the skip
	 * hints and takes any pageblock's free pages, but migrates as the synchronous light mode
	 * does (only compact_memory's runs are fully synchronous)
	 */
	if (prio == MIN_COMPACT_PRIORITY) {
		cc->mode = MIGRATE_SYNC_LIGHT;
		cc->ignore_block_suitable = true;
	}
	ret = compact_zone(cc, prio == MIN_COMPACT_PRIORITY);
	free(cc);
	return ret;
}

enum compact_result try_to_compact_pages(gfp_t gfp, unsigned int order, enum zone_watermarks wmark,
					 struct zonelist *zonelist, enum zone_type highidx,
					 enum compact_priority prio)
{
	enum compact_result rc = COMPACT_SKIPPED;
	struct zoneref *z;
	struct zone *zone;

	/* compaction migrates, which may need IO (gfp_compaction_allowed()) */
	if (!kmem_rt.compaction || !(gfp & __GFP_IO))
		return COMPACT_SKIPPED;
	for_each_zone_zonelist(zone, z, zonelist, highidx) {
		struct compact_zone_state *cz = zone_cz(zone);
		enum compact_result status;

		pthread_mutex_lock(&cz->lock);
		if (prio > MIN_COMPACT_PRIORITY && compaction_deferred(cz, order)) {
			pthread_mutex_unlock(&cz->lock);
			if (rc < COMPACT_DEFERRED)
				rc = COMPACT_DEFERRED;
			continue;
		}
		status = compact_zone_order(zone, order, gfp, wmark, highidx, prio);
		if (status > rc)
			rc = status;
		if (status == COMPACT_SUCCESS) {
			/* the allocation may still fail: only compact_order_failed moves */
			__compaction_defer_reset(cz, order, false);
			pthread_mutex_unlock(&cz->lock);
			break;
		}
		if (prio != COMPACT_PRIO_ASYNC &&
		    (status == COMPACT_COMPLETE || status == COMPACT_PARTIAL_SKIPPED))
			defer_compaction(cz, order);
		pthread_mutex_unlock(&cz->lock);
	}
	return rc;
}

bool should_compact_retry(unsigned int order, enum compact_result result,
			  enum compact_priority *prio, int *retries)
{
	enum compact_priority min_prio;
	int max_retries = MAX_COMPACT_RETRIES;
	bool withdrawn;

	if (!order)
		return false;
	if (result == COMPACT_SUCCESS)
		(*retries)++;
	/* failed (the scanners met) or withdrawn: only a higher priority may do better */
	withdrawn = result == COMPACT_SKIPPED || result == COMPACT_DEFERRED ||
		    result == COMPACT_PARTIAL_SKIPPED || result == COMPACT_CONTENDED;
	if (result != COMPACT_COMPLETE && !withdrawn) {
		if (order > PAGE_ALLOC_COSTLY_ORDER)
			max_retries /= 4;
		if (*retries <= max_retries)
			return true;
	}
	min_prio = order > PAGE_ALLOC_COSTLY_ORDER ? MIN_COMPACT_COSTLY_PRIORITY
						   : MIN_COMPACT_PRIORITY;
	if (*prio > min_prio) {
		(*prio)--;
		*retries = 0;
		return true;
	}
	return false;
}

/**
 * kmem_compact_memory - compact every zone fully, as writing /proc/sys/vm/compact_memory does
 *
 * Return: 0, -ENODEV while the model is not booted, or -EOPNOTSUPP when compaction is off or
 * the back end cannot be compacted.
 */
int kmem_compact_memory(void)
{
	struct zone *zone;

	if (!nr_online_nodes)
		return -ENODEV;
	if (!kmem_rt.compaction)
		return -EOPNOTSUPP;
	for_each_populated_zone(zone) {
		struct compact_control *cc =
			cc_alloc(zone, -1, MIN_COMPACT_PRIORITY, MIGRATE_MOVABLE);

		if (!cc)
			return -ENOMEM;
		pthread_mutex_lock(&cc->cz->lock);
		compact_zone(cc, true);
		pthread_mutex_unlock(&cc->cz->lock);
		free(cc);
	}
	return 0;
}

int kmem_compact_for(unsigned int gfp, unsigned int order, int prio)
{
	static const enum compact_priority prios[] = {
		[KMEM_COMPACT_ASYNC] = COMPACT_PRIO_ASYNC,
		[KMEM_COMPACT_SYNC_LIGHT] = COMPACT_PRIO_SYNC_LIGHT,
		[KMEM_COMPACT_SYNC_FULL] = COMPACT_PRIO_SYNC_FULL,
	};

	struct zonelist *zonelist;

	if (!nr_online_nodes)
		return -ENODEV;
	if (!order || order > MAX_PAGE_ORDER || prio < KMEM_COMPACT_ASYNC ||
	    prio > KMEM_COMPACT_SYNC_FULL)
		return -EINVAL;
	if (!kmem_rt.compaction)
		return -EOPNOTSUPP;
	zonelist = &NODE_DATA(0)->node_zonelists[ZONELIST_FALLBACK];
	return try_to_compact_pages(gfp, order, WMARK_MIN, zonelist, gfp_zone(gfp), prios[prio]) ==
	       COMPACT_SUCCESS;
}

/* ---- kcompactd and proactive compaction ------------------------------------------------- */

/*
 * kcompactd, after kcompactd(), wakeup_kcompactd() and kcompactd_do_work(): one thread per
 * node that compacts in the background for the order kswapd was last woken for. kswapd wakes
 * it as it goes to sleep on a balanced node (the free pages are there, now they must be made
 * contiguous), and an allocation that may not compact by itself wakes it at once when the node
 * needs no reclaim. The request is remembered (the highest order, the lowest highest zone) even
 * when kcompactd is busy or the node needs nothing (kcompactd_node_suitable(): some zone is
 * below the order's min watermark and compaction there is suitable). kcompactd then compacts
 * each zone up to that highest zone that is not deferred and still lacks the order at its high
 * watermark, in MIGRATE_SYNC_LIGHT mode with the skip hints honoured, as the kernel's cc does,
 * and defers a zone where it ends with the scanners met, as sync direct compaction does.
 *
 * Proactive compaction (kcompactd's timeout branch, should_proactive_compact_node() and
 * proactive_compact_node()). A zone's fragmentation score is extfrag_for_order() at the huge
 * page order: the percentage of its free memory in blocks too small for a huge page. A node's
 * is the sum of its zones' weighted by their share of the node's pages. Above the high mark
 * (100 - compaction_proactiveness, plus a leeway of 10 or half that if less) the node is
 * compacted zone by zone, each until its own score is at or below the low mark (100 -
 * proactiveness), in MIGRATE_SYNC_LIGHT mode over the whole zone. When the node's score did not
 * go down, the next 63 checks are skipped, as kcompactd sleeps 64 intervals then.
 *
 * The model's clock. The kernel checks every HPAGE_FRAG_CHECK_INTERVAL_MSEC (500 ms) of wall
 * time. The model's time is its own work, as for the per-CPU lists' decay: the check comes
 * every PCP_DECAY_OPS (65536) operations of a CPU's lists in a zone, about a second of a busy
 * CPU's allocations and frees, and runs at once on the thread whose operation made the tick.
 * A single-threaded run then compacts at the same points for a seed, however fast the host
 * runs it; the kcompactd thread would make that depend on the host's scheduling. Without
 * per-CPU lists there is no such clock, and kmem_compact_proactive() is the only trigger. The
 * kernel does not compact proactively while kswapd runs; the model leaves that test out, since
 * whether its kswapd thread is running at a tick is the host's timing, not the seed's.
 *
 * Locking: the request under the kcompactd's lock; the compaction itself under each zone's
 * compaction mutex, which a tick only tries to take, so that a tick made by compaction's own
 * frees, or beside another compaction of the zone, passes.
 */
#define HPAGE_FRAG_ORDER      pageblock_order /* COMPACTION_HPAGE_ORDER */
#define PROACTIVE_DEFER_TICKS ((1U << COMPACT_MAX_DEFER_SHIFT) - 1)

struct kcompactd {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wait;
	bool started, stop;
	int nid;
	/* the request: kcompactd_max_order (0 = none) and kcompactd_highest_zoneidx */
	unsigned int max_order;
	enum zone_type highest_zoneidx;
	/* proactive checks still to skip after one that made no progress; atomic */
	unsigned int proactive_defer;
};

static struct kcompactd kcompactds[MAX_NUMNODES];

/* extfrag_for_order(): the percentage of free pages in blocks below @order */
static unsigned int extfrag_for_order(const struct zone *zone, unsigned int order)
{
	unsigned long nr[NR_PAGE_ORDERS], free_pages = 0, suitable = 0;

	zone_free_area(zone, nr);
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		free_pages += nr[o] << o;
		if (o >= order)
			suitable += nr[o] << o;
	}
	return free_pages ? (unsigned int)((free_pages - suitable) * 100 / free_pages) : 0;
}

static unsigned int fragmentation_score_zone(const struct zone *zone)
{
	return extfrag_for_order(zone, HPAGE_FRAG_ORDER);
}

static unsigned int fragmentation_score_node(int nid)
{
	const struct pglist_data *pgdat = NODE_DATA(nid);
	unsigned long node_pages = 0, score = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (populated_zone(&pgdat->node_zones[z]))
			node_pages += pgdat->node_zones[z].present_pages;
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &pgdat->node_zones[z];

		if (populated_zone(zone))
			score += zone->present_pages * fragmentation_score_zone(zone) /
				 (node_pages + 1);
	}
	return (unsigned int)score;
}

static unsigned int fragmentation_score_wmark(bool low)
{
	unsigned int wmark_low = 100U - (unsigned int)kmem_rt.compaction_proactiveness;
	unsigned int leeway = wmark_low / 2 < 10 ? wmark_low / 2 : 10;

	return low ? wmark_low : (wmark_low + leeway < 100 ? wmark_low + leeway : 100);
}

static bool proactive_compact_done(const struct zone *zone)
{
	return fragmentation_score_zone(zone) <= fragmentation_score_wmark(true);
}

int kmem_fragmentation_score(int nid)
{
	if (nid < 0 || nid >= nr_online_nodes)
		return -ENOENT;
	return (int)fragmentation_score_node(nid);
}

/*
 * compaction_suit_allocation_order(): true when @zone lacks a free block of @order above
 * @wmark and compaction there could supply one
 */
static bool kcompactd_zone_needs(const struct zone *zone, unsigned int order,
				 enum zone_watermarks wmark, enum zone_type highidx)
{
	unsigned long mark = wmark_pages(zone, wmark) + (1UL << order);

	if (zone_page_state(zone, NR_FREE_PAGES) >
		    mark + (unsigned long)zone->lowmem_reserve[highidx] &&
	    zone_has_free_block(zone, order))
		return false;
	return compaction_suitable(zone, order, zone->_watermark[wmark], highidx);
}

/* kcompactd_node_suitable(): with k->lock held */
static bool kcompactd_node_suitable(const struct kcompactd *k)
{
	const struct pglist_data *pgdat = NODE_DATA(k->nid);

	for (int z = 0; z <= (int)k->highest_zoneidx; z++)
		if (populated_zone(&pgdat->node_zones[z]) &&
		    kcompactd_zone_needs(&pgdat->node_zones[z], k->max_order, WMARK_MIN,
					 k->highest_zoneidx))
			return true;
	return false;
}

/* compact_zone() of @zone with @cc's settings made by the caller; cz->lock held */
static enum compact_result kcompactd_compact_zone(struct compact_control *cc, bool whole_zone)
{
	enum compact_result ret = compact_zone(cc, whole_zone);

	count_vm_events(KCOMPACTD_MIGRATE_SCANNED, cc->migrate_scanned);
	count_vm_events(KCOMPACTD_FREE_SCANNED, cc->free_scanned);
	return ret;
}

static void kcompactd_do_work(struct kcompactd *k)
{
	struct pglist_data *pgdat = NODE_DATA(k->nid);
	unsigned int order;
	enum zone_type highidx;

	pthread_mutex_lock(&k->lock);
	order = k->max_order;
	highidx = k->highest_zoneidx;
	pthread_mutex_unlock(&k->lock);
	count_vm_events(KCOMPACTD_WAKE, 1);
	for (int z = 0; z <= (int)highidx; z++) {
		struct zone *zone = &pgdat->node_zones[z];
		struct compact_zone_state *cz = zone_cz(zone);
		struct compact_control *cc;
		enum compact_result status;

		if (!populated_zone(zone))
			continue;
		pthread_mutex_lock(&cz->lock);
		if (compaction_deferred(cz, order) ||
		    !kcompactd_zone_needs(zone, order, WMARK_HIGH, (enum zone_type)z)) {
			pthread_mutex_unlock(&cz->lock);
			continue;
		}
		cc = cc_alloc(zone, (int)order, COMPACT_PRIO_SYNC_LIGHT, MIGRATE_MOVABLE);
		if (!cc) {
			pthread_mutex_unlock(&cz->lock);
			break;
		}
		status = kcompactd_compact_zone(cc, false);
		free(cc);
		if (status == COMPACT_SUCCESS) {
			__compaction_defer_reset(cz, order, false);
		} else if (status == COMPACT_PARTIAL_SKIPPED || status == COMPACT_COMPLETE) {
			/* pages stranded on the lists could still merge: the deferral paces this */
			if (kmem_rt.pcp)
				drain_all_pages(zone);
			defer_compaction(cz, order);
		}
		pthread_mutex_unlock(&cz->lock);
	}
	/* a higher order or lower zone asked for meanwhile is still to do */
	pthread_mutex_lock(&k->lock);
	if (k->max_order <= order)
		k->max_order = 0;
	if (k->highest_zoneidx >= highidx)
		k->highest_zoneidx = (enum zone_type)(pgdat->nr_zones - 1);
	pthread_mutex_unlock(&k->lock);
}

static void *kcompactd_main(void *arg)
{
	struct kcompactd *k = arg;

	pthread_setname_np(pthread_self(), "kcompactd");
	pthread_mutex_lock(&k->lock);
	while (!k->stop) {
		if (!k->max_order) {
			pthread_cond_wait(&k->wait, &k->lock);
			continue;
		}
		pthread_mutex_unlock(&k->lock);
		kcompactd_do_work(k);
		pthread_mutex_lock(&k->lock);
	}
	pthread_mutex_unlock(&k->lock);
	return NULL;
}

void wakeup_kcompactd(int nid, unsigned int order, enum zone_type highest_zoneidx)
{
	struct kcompactd *k = &kcompactds[nid];

	if (!order || !kmem_rt.kcompactd || !k->started)
		return;
	pthread_mutex_lock(&k->lock);
	if (k->max_order < order)
		k->max_order = order;
	if (k->highest_zoneidx > highest_zoneidx)
		k->highest_zoneidx = highest_zoneidx;
	/* the request stays for the next wake, as the kernel's does, even when not woken now */
	if (kcompactd_node_suitable(k))
		pthread_cond_signal(&k->wait);
	pthread_mutex_unlock(&k->lock);
}

int kcompactd_run(void)
{
	int nid;

	if (!kmem_rt.kcompactd)
		return 0;
	for_each_online_node(nid) {
		struct kcompactd *k = &kcompactds[nid];

		*k = (struct kcompactd){
			.nid = nid,
			.highest_zoneidx = (enum zone_type)(NODE_DATA(nid)->nr_zones - 1),
		};
		pthread_mutex_init(&k->lock, NULL);
		pthread_cond_init(&k->wait, NULL);
		if (pthread_create(&k->thread, NULL, kcompactd_main, k)) {
			fprintf(stderr, "kmem: cannot start kcompactd for node %d\n", nid);
			kcompactd_stop();
			return -EAGAIN;
		}
		k->started = true;
	}
	return 0;
}

void kcompactd_stop(void)
{
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		struct kcompactd *k = &kcompactds[nid];

		if (!k->started)
			continue;
		pthread_mutex_lock(&k->lock);
		k->stop = true;
		pthread_cond_signal(&k->wait);
		pthread_mutex_unlock(&k->lock);
		pthread_join(k->thread, NULL);
		k->started = false;
	}
}

/* proactive_compact_node(): zones whose compaction is busy elsewhere are passed over */
static void proactive_compact_node(int nid)
{
	struct pglist_data *pgdat = NODE_DATA(nid);

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &pgdat->node_zones[z];
		struct compact_zone_state *cz = zone_cz(zone);
		struct compact_control *cc;

		if (!populated_zone(zone) || pthread_mutex_trylock(&cz->lock))
			continue;
		cc = cc_alloc(zone, -1, COMPACT_PRIO_SYNC_LIGHT, MIGRATE_MOVABLE);
		if (cc) {
			cc->ignore_skip_hint = true;
			cc->proactive = true;
			kcompactd_compact_zone(cc, true);
			free(cc);
		}
		pthread_mutex_unlock(&cz->lock);
	}
}

/* One proactive check of node @nid (kcompactd's timeout): true when it compacted */
static bool kcompactd_proactive_check(int nid)
{
	struct kcompactd *k = &kcompactds[nid];
	unsigned int prev, defer;

	if (!kmem_rt.compaction_proactiveness)
		return false;
	/* two CPUs' ticks may come at once: each takes one skipped check, never below none */
	defer = __atomic_load_n(&k->proactive_defer, __ATOMIC_RELAXED);
	while (defer && !__atomic_compare_exchange_n(&k->proactive_defer, &defer, defer - 1, false,
						     __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
	if (defer)
		return false;
	prev = fragmentation_score_node(nid);
	if (prev <= fragmentation_score_wmark(false))
		return false;
	proactive_compact_node(nid);
	if (fragmentation_score_node(nid) >= prev)
		__atomic_store_n(&k->proactive_defer, PROACTIVE_DEFER_TICKS, __ATOMIC_RELAXED);
	return true;
}

void kcompactd_clock_tick(const struct zone *zone)
{
	if (kmem_rt.compaction)
		kcompactd_proactive_check(zone->node);
}

int kmem_compact_proactive(void)
{
	int nid, done = 0;

	if (!nr_online_nodes)
		return -ENODEV;
	if (!kmem_rt.compaction)
		return -EOPNOTSUPP;
	for_each_online_node(nid)
		done += kcompactd_proactive_check(nid);
	return done;
}
