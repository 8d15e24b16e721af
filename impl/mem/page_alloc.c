// SPDX-License-Identifier: GPL-2.0
/*
 * The page allocator: alloc_pages() and friends, after mm/page_alloc.c.
 *
 * An allocation turns its gfp mask into a zonelist (the preferred node's, or only that node's
 * zones with __GFP_THISNODE), a highest zone (gfp_zone()) and a migratetype, then walks the
 * zonelist from the highest allowed zone down. A zone is used only if its free pages stay above
 * the watermark plus the lowmem_reserve it keeps against allocations that could have used a
 * higher zone (__zone_watermark_ok()). The fast path asks for the low watermark. The slow path
 * asks for min, lowered by the reserves the gfp flags grant (gfp_to_alloc_flags()), then
 * ignores watermarks for __GFP_MEMALLOC, and, when the caller may sleep, drains the per-CPU
 * lists back to the back ends and tries once more (as __alloc_pages_direct_reclaim() does
 * when reclaim frees nothing). Failure returns NULL with the kernel's "page allocation
 * failure" warning unless __GFP_NOWARN.
 *
 * Orders 0..PAGE_ALLOC_COSTLY_ORDER and the pageblock order come from the per-CPU lists (pcp.c)
 * when they are on; everything else comes from the zone's back end under zone->lock. Frees are
 * checked first (checks.c): a refused free changes nothing, and of racing frees of one reference
 * only one frees the page.
 */
#include <errno.h>
#include <stdarg.h>
#include <pthread.h>
#include <time.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* the gfp bits that alloc_flags copy without a branch */
_Static_assert(ALLOC_KSWAPD == __GFP_KSWAPD_RECLAIM, "ALLOC_KSWAPD is __GFP_KSWAPD_RECLAIM");

/* should_reclaim_retry(): fruitless reclaim passes before a request gives up */
#define MAX_RECLAIM_RETRIES 16
/* __GFP_NOFAIL, out of options, waits this long for another thread's free before going round */
#define RETRY_WAIT_MS 20

struct alloc_context {
	struct zonelist *zonelist;
	struct zone *preferred_zone; /* the first zone the zonelist allows */
	enum zone_type highest_zoneidx;
	int migratetype;
};

/*
 * __zone_watermark_unusable_free(): free pages the allocation may not count: the rest of the
 * block it asks for, and the highatomic reserve's free pages unless it may use reserves
 */
static inline long zone_unusable_free(const struct zone *z, unsigned int order,
				      unsigned int alloc_flags)
{
	long unusable = (1L << order) - 1;

	if (likely(!(alloc_flags & ALLOC_RESERVES)))
		unusable += (long)__atomic_load_n(&z->nr_free_highatomic, __ATOMIC_RELAXED);
	return unusable;
}

/*
 * __zone_watermark_ok(): the zone's usable free pages must stay above @mark, lowered by the
 * reserves the allocation may use, plus the lowmem_reserve kept against allocations that could
 * have used a higher zone. For order > 0 a free block of at least that order must also be on
 * a list the allocation may take from: the per-order free-area test, which the back ends that
 * count their free blocks per order answer (has_free_block). bitmap and freelist do not count
 * them: a free aligned run is only found by their alloc's walk under zone->lock, so for them
 * the test is that walk, after the watermark passed. CMA, which the model has no zone for,
 * plays no part.
 */
static bool __zone_watermark_ok(const struct zone *z, unsigned int order, unsigned long mark,
				enum zone_type highest_zoneidx, unsigned int alloc_flags,
				long free_pages)
{
	long min = (long)mark;

	free_pages -= zone_unusable_free(z, order, alloc_flags);
	if (unlikely(alloc_flags & ALLOC_RESERVES)) {
		/* __GFP_HIGH may use half of min; an atomic (non-blocking) one a quarter more */
		if (alloc_flags & ALLOC_MIN_RESERVE) {
			min -= min / 2;
			if (alloc_flags & ALLOC_NON_BLOCK)
				min -= min / 4;
		}
		if (alloc_flags & ALLOC_OOM)
			min -= min / 2;
	}
	if (free_pages <= min + z->lowmem_reserve[highest_zoneidx])
		return false;
	if (!order || !kmem_rt.backend->has_free_block)
		return true;
	return kmem_rt.backend->has_free_block(z, order, alloc_flags);
}

/*
 * zone_watermark_fast(): what every allocation asks first, so order 0, the common case, is
 * answered inline by the free pages alone when they are well above the mark; anything else
 * takes the full test. An order-0 __GFP_HIGH allocation that fails at the min watermark only
 * because of a boost tries again without it: min is where boosting stops, so that kswapd is
 * woken below low.
 */
static __always_inline bool zone_watermark_fast(const struct zone *z, unsigned int order,
						unsigned long mark, enum zone_type highest_zoneidx,
						unsigned int alloc_flags)
{
	long free_pages = (long)zone_page_state(z, NR_FREE_PAGES);

	if (!order) {
		long usable = free_pages - zone_unusable_free(z, 0, alloc_flags);

		if (usable > (long)mark + z->lowmem_reserve[highest_zoneidx])
			return true;
	}
	if (__zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags, free_pages))
		return true;
	if (unlikely(!order && (alloc_flags & ALLOC_MIN_RESERVE) &&
		     (alloc_flags & ALLOC_WMARK_MASK) == WMARK_MIN &&
		     __atomic_load_n(&z->watermark_boost, __ATOMIC_RELAXED)))
		return __zone_watermark_ok(z, 0, z->_watermark[WMARK_MIN], highest_zoneidx,
					   alloc_flags, free_pages);
	return false;
}

/*
 * gfp_to_alloc_flags() of the slow path: non-blocking __GFP_HIGH ones also leave the cpuset,
 * and a high-order one of them may use (and make) the highatomic reserve.
 */
static unsigned int gfp_to_alloc_flags(gfp_t gfp, unsigned int order)
{
	unsigned int alloc_flags = WMARK_MIN | ALLOC_CPUSET | (gfp & __GFP_KSWAPD_RECLAIM);

	if (gfp & __GFP_HIGH)
		alloc_flags |= ALLOC_MIN_RESERVE;
	if (!(gfp & __GFP_DIRECT_RECLAIM)) {
		if (!(gfp & __GFP_NOMEMALLOC)) {
			alloc_flags |= ALLOC_NON_BLOCK;
			if (order > 0 && (alloc_flags & ALLOC_MIN_RESERVE) && kmem_rt.highatomic)
				alloc_flags |= ALLOC_HIGHATOMIC;
		}
		/* rather than fail a probable GFP_ATOMIC, as Linux 6.4+ does */
		if (alloc_flags & ALLOC_MIN_RESERVE)
			alloc_flags &= ~ALLOC_CPUSET;
	}
	return alloc_flags;
}

static __thread unsigned long mems_allowed;
static __thread unsigned long mems_allowed_seq; /* kmem_boot_seq when it was set */

unsigned long current_mems_allowed(void)
{
	if (mems_allowed_seq != __atomic_load_n(&kmem_boot_seq, __ATOMIC_RELAXED))
		return ~0UL;
	return mems_allowed;
}

int kmem_thread_set_mems_allowed(unsigned long mask)
{
	unsigned long online = nr_online_nodes >= 64 ? ~0UL : (1UL << nr_online_nodes) - 1;

	if (!(mask & online))
		return -EINVAL;
	mems_allowed = mask;
	mems_allowed_seq = __atomic_load_n(&kmem_boot_seq, __ATOMIC_RELAXED);
	return 0;
}

/*
 * __cpuset_zone_allowed(): a node of the thread's cpuset is always allowed; another only to an
 * allocation without __GFP_HARDWALL (a softwall cpuset lends memory to kernel allocations).
 */
static bool cpuset_zone_allowed(const struct zone *zone, gfp_t gfp)
{
	return ((current_mems_allowed() >> zone->node) & 1) || !(gfp & __GFP_HARDWALL);
}

static void count_event(unsigned long *counters, unsigned int i)
{
	__atomic_fetch_add(&counters[i], 1, __ATOMIC_RELAXED);
}

static struct zone *first_zone(struct zonelist *zonelist, enum zone_type highidx)
{
	struct zoneref *z;
	struct zone *zone;

	for_each_zone_zonelist(zone, z, zonelist, highidx)
		return zone;
	return NULL;
}

/*
 * zone_statistics(): the allocation event and where it landed against where it was meant to,
 * on @cpu, the CPU the allocation ran on, of node @local_nid (both looked up once per allocation)
 */
static void zone_statistics(struct zone *preferred, struct zone *z, unsigned int order, int cpu,
			    int local_nid)
{
	struct per_cpu_pages *pcp = &z->per_cpu_pageset[cpu];

	count_event(pcp->alloc, order);
	if (z->node == preferred->node) {
		count_event(pcp->numa, NUMA_HIT);
	} else {
		count_event(pcp->numa, NUMA_MISS);
		count_event(preferred->per_cpu_pageset[cpu].numa, NUMA_FOREIGN);
	}
	count_event(pcp->numa, z->node == local_nid ? NUMA_LOCAL : NUMA_OTHER);
}

/*
 * alloc_flags_nofragment(): the first pass of the fast path may not fall back into another
 * type's pageblock below pageblock_order while another local zone might still have a whole
 * free pageblock. As in 6.18 (CONFIG_ZONE_DMA32 kernels) that is when the preferred zone is
 * ZONE_NORMAL and, on NUMA, its node has a ZONE_DMA32 too; x86_32 has no ZONE_DMA32 and never
 * sets it. Also passes __GFP_KSWAPD_RECLAIM on as ALLOC_KSWAPD (the same bit).
 */
static unsigned int alloc_flags_nofragment(const struct zone *zone, gfp_t gfp)
{
	unsigned int alloc_flags = gfp & __GFP_KSWAPD_RECLAIM;

	if (zone->zone_idx != ZONE_NORMAL || !kmem_rt.nofragment ||
	    !kmem_rt.arch->zone_end[ZONE_DMA32])
		return alloc_flags;
	if (nr_online_nodes > 1 && !populated_zone(&zone->zone_pgdat->node_zones[ZONE_DMA32]))
		return alloc_flags;
	return alloc_flags | ALLOC_NOFRAGMENT;
}

/**
 * boost_watermark - raise @zone's watermarks after a fallback
 * @zone: the zone, zone->lock held
 *
 * By a pageblock, up to watermark_boost_factor / 10000 of the high watermark (at least a
 * pageblock). Not in zones of fewer than four pageblocks, where the boost would leave nothing
 * to allocate, nor before the watermarks exist.
 *
 * Return: true when the boost was raised.
 */
bool boost_watermark(struct zone *zone)
{
	unsigned long max_boost;

	if (!kmem_rt.watermark_boost_factor || pageblock_nr_pages * 4 > zone->managed_pages)
		return false;
	max_boost = zone->_watermark[WMARK_HIGH] * (unsigned long)kmem_rt.watermark_boost_factor /
		    10000;
	if (!max_boost)
		return false;
	if (max_boost < pageblock_nr_pages)
		max_boost = pageblock_nr_pages;
	__atomic_store_n(&zone->watermark_boost,
			 zone->watermark_boost + pageblock_nr_pages < max_boost
				 ? zone->watermark_boost + pageblock_nr_pages
				 : max_boost,
			 __ATOMIC_RELAXED);
	return true;
}

static struct page *rmqueue(struct zone *zone, unsigned int order, int migratetype, gfp_t gfp,
			    unsigned int alloc_flags)
{
	struct page *page = NULL;

	/* rmqueue_bulk() refills through __rmqueue(): no highatomic reserve there */
	if (pcp_allowed_order(order) && kmem_rt.pcp)
		page = pcp_alloc(zone, order, migratetype, gfp,
				 alloc_flags & (ALLOC_NOFRAGMENT | ALLOC_KSWAPD));
	if (!page) {
		spin_lock(&zone->lock);
		page = kmem_rt.backend->alloc(zone, order, migratetype, alloc_flags);
		if (page)
			atomic_long_add(-(1L << order), &zone->vm_stat[NR_FREE_PAGES]);
		spin_unlock(&zone->lock);
	}
	if (unlikely(__atomic_load_n(&zone->flags, __ATOMIC_RELAXED) &
		     (1UL << ZONE_BOOSTED_WATERMARK)) &&
	    (alloc_flags & ALLOC_KSWAPD)) {
		__atomic_fetch_and(&zone->flags, ~(1UL << ZONE_BOOSTED_WATERMARK),
				   __ATOMIC_RELAXED);
		wakeup_kswapd(zone->node);
	}
	return page;
}

/*
 * With ALLOC_NOFRAGMENT the zonelist is walked twice: first without fragmenting fallbacks, then,
 * on reaching another node's zone or the end, with them: locality matters more than
 * fragmentation.
 */
static struct page *get_page_from_freelist(gfp_t gfp, unsigned int order, unsigned int alloc_flags,
					   const struct alloc_context *ac)
{
	struct zoneref *z;
	struct zone *zone;

retry:
	for_each_zone_zonelist(zone, z, ac->zonelist, ac->highest_zoneidx) {
		struct page *page;

		if ((alloc_flags & ALLOC_CPUSET) && !cpuset_zone_allowed(zone, gfp))
			continue;
		if ((alloc_flags & ALLOC_NOFRAGMENT) && zone->node != ac->preferred_zone->node) {
			alloc_flags &= ~ALLOC_NOFRAGMENT;
			goto retry;
		}
		/* the per-CPU lists stop growing and shrink while the zone is below high */
		if (!(__atomic_load_n(&zone->flags, __ATOMIC_RELAXED) & (1UL << ZONE_BELOW_HIGH))) {
			if (zone_watermark_fast(zone, order, high_wmark_pages(zone),
						ac->highest_zoneidx, alloc_flags))
				goto try_this_zone;
			zone_set_below_high(zone);
		}
		if (!(alloc_flags & ALLOC_NO_WATERMARKS) &&
		    !zone_watermark_fast(zone, order,
					 wmark_pages(zone, alloc_flags & ALLOC_WMARK_MASK),
					 ac->highest_zoneidx, alloc_flags))
			continue;
	try_this_zone:
		page = rmqueue(zone, order, ac->migratetype, gfp, alloc_flags);
		if (page)
			return page;
	}
	if (alloc_flags & ALLOC_NOFRAGMENT) {
		alloc_flags &= ~ALLOC_NOFRAGMENT;
		goto retry;
	}
	return NULL;
}

/*
 * unreserve_highatomic_pageblock(): before a sleeping allocation fails, give a highatomic
 * pageblock back to its type: the first zone of the zonelist with one. Without @force every
 * zone keeps its last one.
 */
static bool unreserve_highatomic_pageblock(const struct alloc_context *ac, bool force)
{
	struct zoneref *z;
	struct zone *zone;

	if (!kmem_rt.backend->unreserve_highatomic)
		return false;
	for_each_zone_zonelist(zone, z, ac->zonelist, ac->highest_zoneidx) {
		bool ret;

		if (!force && READ_ONCE(zone->nr_reserved_highatomic) <= pageblock_nr_pages)
			continue;
		spin_lock(&zone->lock);
		ret = kmem_rt.backend->unreserve_highatomic(zone, ac->migratetype, force);
		spin_unlock(&zone->lock);
		if (ret)
			return true;
	}
	return false;
}

static void warn_page_alloc(gfp_t gfp, unsigned int order, const char *why);

/**
 * drain_all_pages - return the per-CPU pages of a zone, or of every zone, to the back end
 * @zone: the zone, or NULL for all
 *
 * As the kernel's: direct reclaim calls it after a failed high-order attempt, and compaction
 * before it looks for free pageblocks, since a page left on a per-CPU list keeps its buddy from
 * merging.
 */
void drain_all_pages(struct zone *zone)
{
	if (zone) {
		pcp_drain_zone(zone);
		return;
	}
	for_each_populated_zone(zone)
		pcp_drain_zone(zone);
}

/*
 * Threads that must wait for memory (__GFP_NOFAIL) sleep here until a free
 * happens or the timeout passes. A free signals only when someone waits, so the fast path pays
 * one load. A free that slips in between a waiter's check and its sleep costs at most the
 * timeout, which is short.
 */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int waiters;
	unsigned long seq;
} free_wait = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0 };

static void wake_free_waiters(void)
{
	if (likely(!__atomic_load_n(&free_wait.waiters, __ATOMIC_RELAXED)))
		return;
	pthread_mutex_lock(&free_wait.lock);
	free_wait.seq++;
	pthread_cond_broadcast(&free_wait.cond);
	pthread_mutex_unlock(&free_wait.lock);
}

static void wait_for_free(long timeout_ms)
{
	struct timespec until;
	unsigned long seq;

	count_vm_events(ALLOC_WAITS, 1);
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += timeout_ms / 1000;
	until.tv_nsec += (timeout_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&free_wait.lock);
	__atomic_fetch_add(&free_wait.waiters, 1, __ATOMIC_SEQ_CST);
	seq = free_wait.seq;
	while (seq == free_wait.seq &&
	       pthread_cond_timedwait(&free_wait.cond, &free_wait.lock, &until) == 0)
		;
	__atomic_fetch_sub(&free_wait.waiters, 1, __ATOMIC_SEQ_CST);
	pthread_mutex_unlock(&free_wait.lock);
}

/* Nodes whose zones the allocation may use, as a bitmask, for reclaim and kswapd */
static unsigned long zonelist_nodes(const struct alloc_context *ac)
{
	unsigned long nodes = 0;
	struct zoneref *z;
	struct zone *zone;

	for_each_zone_zonelist(zone, z, ac->zonelist, ac->highest_zoneidx)
		nodes |= 1UL << zone->node;
	return nodes;
}

/* __alloc_pages_direct_reclaim(): reclaim, retry, and drain the per-CPU lists if still short */
static struct page *alloc_pages_direct_reclaim(gfp_t gfp, unsigned int order,
					       unsigned int alloc_flags,
					       const struct alloc_context *ac,
					       unsigned long *progress)
{
	struct page *page;

	*progress = try_to_free_pages(gfp, order, zonelist_nodes(ac));
	page = get_page_from_freelist(gfp, order, alloc_flags, ac);
	if (!page) {
		/* a reserve of more than one pageblock is worth less than this allocation */
		bool unreserved = unreserve_highatomic_pageblock(ac, false);

		if (kmem_rt.pcp)
			drain_all_pages(NULL);
		if (unreserved || kmem_rt.pcp)
			page = get_page_from_freelist(gfp, order, alloc_flags, ac);
	}
	return page;
}

/*
 * __alloc_pages_direct_compact(): compact at @prio, then try the free lists once more. Order 0
 * has nothing to compact. Counts a compaction stall whenever compaction ran (was not skipped),
 * and its success or failure by whether the allocation then succeeded.
 */
static struct page *alloc_pages_direct_compact(gfp_t gfp, unsigned int order,
					       unsigned int alloc_flags,
					       const struct alloc_context *ac,
					       enum compact_priority prio,
					       enum compact_result *result)
{
	struct page *page;

	if (!order)
		return NULL;
	*result = try_to_compact_pages(gfp, order, alloc_flags & ALLOC_WMARK_MASK, ac->zonelist,
				       ac->highest_zoneidx, prio);
	if (*result <= COMPACT_SKIPPED)
		return NULL;
	count_vm_events(COMPACTSTALL, 1);
	page = get_page_from_freelist(gfp, order, alloc_flags, ac);
	if (page) {
		compaction_defer_reset(page_zone(page), order, true);
		count_vm_events(COMPACTSUCCESS, 1);
		return page;
	}
	count_vm_events(COMPACTFAIL, 1);
	return NULL;
}

/*
 * should_reclaim_retry(): go round the slow path again after a reclaim pass that did not get
 * the page? A pass that freed something resets the count of fruitless passes, but only for a
 * non-costly order: a costly one may make progress without ever forming its block, so each of
 * its passes counts. After MAX_RECLAIM_RETRIES fruitless passes, or when no zone of the
 * zonelist (of those the cpuset allows) would pass its min watermark at this order even with
 * every reclaimable page freed (free plus zone_reclaimable_pages(), all of it: 6.18 no longer
 * discounts it by the passes made, as the first kernels with this rule did), reclaim cannot help.
 * Before giving up the highatomic reserve goes back to its type, and while one does the request
 * goes round again, as the kernel does before it turns to the OOM killer.
 */
static bool should_reclaim_retry(gfp_t gfp, unsigned int order, const struct alloc_context *ac,
				 unsigned int alloc_flags, bool did_some_progress,
				 int *no_progress_loops)
{
	struct zoneref *z;
	struct zone *zone;

	if (did_some_progress && order <= PAGE_ALLOC_COSTLY_ORDER)
		*no_progress_loops = 0;
	else
		(*no_progress_loops)++;
	if (*no_progress_loops > MAX_RECLAIM_RETRIES)
		return unreserve_highatomic_pageblock(ac, true);
	for_each_zone_zonelist(zone, z, ac->zonelist, ac->highest_zoneidx) {
		long available;

		if ((alloc_flags & ALLOC_CPUSET) && !cpuset_zone_allowed(zone, gfp))
			continue;
		available =
			(long)(zone_reclaimable_pages(zone) + zone_page_state(zone, NR_FREE_PAGES));
		if (__zone_watermark_ok(zone, order, min_wmark_pages(zone), ac->highest_zoneidx,
					alloc_flags, available))
			return true;
	}
	return unreserve_highatomic_pageblock(ac, true);
}

/* kswapd learns the order, to wake kcompactd for it as it goes to sleep */
static void wake_all_kswapds(gfp_t gfp, unsigned int order, const struct alloc_context *ac)
{
	unsigned long nodes = zonelist_nodes(ac);

	for (int nid = 0; nid < nr_online_nodes; nid++)
		if (nodes & (1UL << nid))
			wakeup_kswapd_order(nid, order, ac->highest_zoneidx, gfp);
}

/*
 * The slow path, after 6.18's __alloc_pages_slowpath(). In order:
 *  - wake kswapd (if allowed) and retry at the min watermark with the reserves the gfp flags
 *    grant (gfp_to_alloc_flags());
 *  - a request that may sleep and compact (compaction on, __GFP_IO) and is either costly
 *    (> PAGE_ALLOC_COSTLY_ORDER) or of order > 0 and not movable compacts first,
 *    asynchronously, unless it may ignore watermarks anyway (__GFP_MEMALLOC): a movable one
 *    would rather reclaim, an unmovable one would rather not fragment by falling back. A costly
 *    __GFP_NORETRY request (a THP fault) then gives up if compaction was skipped or deferred,
 *    and compacts only asynchronously from then on;
 *  - the retry loop: wake kswapd again (it must not sleep while this loops), try the free lists
 *    (ignoring watermarks for __GFP_MEMALLOC), reclaim directly and try again, compact at the
 *    current priority (any order > 0) and try again;
 *  - __GFP_NORETRY gives up now, and so does a costly order unless it is __GFP_RETRY_MAYFAIL
 *    and may compact;
 *  - should_reclaim_retry() decides whether reclaim may still help, and after a pass that made
 *    progress should_compact_retry() whether compaction at the same or a higher priority may.
 * 6.18 would now redo the whole path if the task's cpuset or the zonelists changed meanwhile;
 * the model's cpuset is the calling thread's own and its zonelists are fixed at boot, so neither
 * can. It would then call the OOM killer (__alloc_pages_may_oom()) for a non-costly request
 * without __GFP_RETRY_MAYFAIL or __GFP_THISNODE, and go round again while that kills (or, for
 * GFP_NOFS and GFP_NOIO, forever, as out_of_memory() claims progress for them). The model has no
 * task whose memory a kill would free: memory comes back only when other threads free it. So it
 * does what 6.18 does where the OOM killer may not run: the request fails. Only __GFP_NOFAIL
 * waits, for other threads' frees, with access to half of the min reserve (as
 * __alloc_pages_cpuset_fallback() gives it), and goes round again, for as long as it takes.
 * An allocation that may not sleep never reaches reclaim, compaction or the waits.
 * __GFP_NOFAIL without __GFP_DIRECT_RECLAIM is a caller bug: 6.18 warns (unless __GFP_NOWARN,
 * WARN_ON_ONCE_GFP) and fails it, rather than spin in a context that cannot sleep; so does the
 * model. 6.18 has no warning for a long wait (the "page allocation stalls" one was removed
 * in 4.15).
 */
static struct page *alloc_pages_slowpath(gfp_t gfp, unsigned int order,
					 const struct alloc_context *ac)
{
	bool can_direct_reclaim = gfp & __GFP_DIRECT_RECLAIM;
	bool costly_order = order > PAGE_ALLOC_COSTLY_ORDER;
	bool can_compact = kmem_rt.compaction && (gfp & __GFP_IO);
	bool no_watermarks = (gfp & __GFP_MEMALLOC) && !(gfp & __GFP_NOMEMALLOC);
	unsigned int alloc_flags = gfp_to_alloc_flags(gfp, order);
	enum compact_priority compact_priority = DEF_COMPACT_PRIORITY;
	enum compact_result compact_result = COMPACT_SKIPPED;
	int compaction_retries = 0, no_progress_loops = 0;
	unsigned long progress;
	struct page *page;

	/* the kernel warns too: a large block cannot be promised */
	if ((gfp & __GFP_NOFAIL) && order > 1)
		warn_page_alloc(gfp, order, "__GFP_NOFAIL of order > 1");
	if (alloc_flags & ALLOC_KSWAPD)
		wake_all_kswapds(gfp, order, ac);
	page = get_page_from_freelist(gfp, order, alloc_flags, ac);
	if (page)
		return page;
	if (can_direct_reclaim && can_compact &&
	    (costly_order || (order > 0 && ac->migratetype != MIGRATE_MOVABLE)) && !no_watermarks) {
		page = alloc_pages_direct_compact(gfp, order, alloc_flags, ac,
						  INIT_COMPACT_PRIORITY, &compact_result);
		if (page)
			return page;
		if (costly_order && (gfp & __GFP_NORETRY)) {
			if (compact_result == COMPACT_SKIPPED || compact_result == COMPACT_DEFERRED)
				goto nopage;
			compact_priority = INIT_COMPACT_PRIORITY;
		}
	}
	if (no_watermarks)
		alloc_flags = ALLOC_NO_WATERMARKS | (alloc_flags & ALLOC_KSWAPD);
retry:
	if (alloc_flags & ALLOC_KSWAPD)
		wake_all_kswapds(gfp, order, ac);
	page = get_page_from_freelist(gfp, order, alloc_flags, ac);
	if (page)
		return page;
	if (!can_direct_reclaim)
		goto nopage;
	page = alloc_pages_direct_reclaim(gfp, order, alloc_flags, ac, &progress);
	if (page)
		return page;
	page = alloc_pages_direct_compact(gfp, order, alloc_flags, ac, compact_priority,
					  &compact_result);
	if (page)
		return page;
	if (gfp & __GFP_NORETRY)
		goto nopage;
	if (costly_order && (!can_compact || !(gfp & __GFP_RETRY_MAYFAIL)))
		goto nopage;
	if (should_reclaim_retry(gfp, order, ac, alloc_flags, progress > 0, &no_progress_loops) ||
	    (progress && can_compact &&
	     should_compact_retry(order, compact_result, &compact_priority, &compaction_retries))) {
		count_vm_events(RECLAIM_RETRIES, 1);
		goto retry;
	}
nopage:
	if (!(gfp & __GFP_NOFAIL))
		return NULL;
	if (!can_direct_reclaim) {
		warn_page_alloc(gfp, order,
				"__GFP_NOFAIL without __GFP_DIRECT_RECLAIM cannot sleep");
		return NULL;
	}
	page = get_page_from_freelist(gfp, order, WMARK_MIN | ALLOC_MIN_RESERVE | ALLOC_CPUSET, ac);
	if (!page)
		page = get_page_from_freelist(gfp, order, WMARK_MIN | ALLOC_MIN_RESERVE, ac);
	if (page)
		return page;
	wait_for_free(RETRY_WAIT_MS);
	goto retry;
}

static void show_free_areas(void)
{
	struct zone *zone;

	fprintf(stderr, "Mem-Info:\n");
	for_each_populated_zone(zone) {
		unsigned long nr[NR_PAGE_ORDERS], total = 0;

		fprintf(stderr,
			"Node %d %s free:%lukB pcp:%lukB min:%lukB low:%lukB high:%lukB "
			"managed:%lukB lowmem_reserve[]:",
			zone->node, zone->name, zone_page_state(zone, NR_FREE_PAGES) * 4,
			pcp_count(zone) * 4, min_wmark_pages(zone) * 4, low_wmark_pages(zone) * 4,
			high_wmark_pages(zone) * 4, zone->managed_pages * 4);
		for (int j = 0; j < MAX_NR_ZONES; j++)
			fprintf(stderr, " %ld", zone->lowmem_reserve[j]);
		fprintf(stderr, "\nNode %d %s:", zone->node, zone->name);
		zone_free_area(zone, nr);
		for (int o = 0; o < NR_PAGE_ORDERS; o++) {
			fprintf(stderr, " %lu*%lukB", nr[o], 4UL << o);
			total += nr[o] << o;
		}
		fprintf(stderr, " = %lukB\n", total * 4);
	}
}

/*
 * warn_alloc(): one report every 10 s at most (6.18's nopage_rs, shared by the page allocator
 * and vmalloc), never with __GFP_NOWARN. A call while the model is down is the caller's bug,
 * not a shortage, and no boot resets the limiter then: it is always reported.
 */
void warn_alloc(gfp_t gfp, bool show_mem, const char *fmt, ...)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	char flags[256], msg[256];
	va_list ap;

	if (gfp & __GFP_NOWARN)
		return;
	pthread_mutex_lock(&lock);
	if (!nr_online_nodes || __ratelimit(&warn_alloc_rs, "warn_alloc")) {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		format_gfp_flags(gfp, flags, sizeof(flags));
		fprintf(stderr, "%s: %s, mode:%#x(%s), nodemask=(null)\n", current_comm(), msg, gfp,
			flags);
		if (show_mem)
			show_free_areas();
	}
	pthread_mutex_unlock(&lock);
}

/* A failed or refused page allocation; the zones' state only when memory ran out */
static void warn_page_alloc(gfp_t gfp, unsigned int order, const char *why)
{
	warn_alloc(gfp, !why, "page allocation failure: order:%u%s%s", order, why ? ", " : "",
		   why ? why : "");
}

void kernel_init_pages(struct page *page, unsigned long nr)
{
	unsigned long pfn = page_to_pfn(page);

	if (pfn < max_low_pfn) {
		memset(page_to_virt(page), 0, nr << PAGE_SHIFT);
		return;
	}
	/* highmem has no direct-map address: write zeros through the memfd, as clear_highpage */
	for (unsigned long i = 0; i < nr; i++) {
		static const char zeros[PAGE_SIZE];

		if (pwrite(physmem_fd(), zeros, PAGE_SIZE, (off_t)((pfn + i) << PAGE_SHIFT)) !=
		    (ssize_t)PAGE_SIZE)
			fprintf(stderr, "kmem: cannot zero highmem pfn %#lx\n", pfn + i);
	}
}

/* prep_compound_page(): tails point at the head; the first tail holds the order */
void prep_compound_page(struct page *page, unsigned int order)
{
	SetPageHead(page);
	for (unsigned long i = 1; i < (1UL << order); i++)
		WRITE_ONCE(page[i].compound_head, (unsigned long)page + 1);
	page[1].compound_order = (unsigned char)order;
}

void destroy_compound_page(struct page *page, unsigned int order)
{
	ClearPageHead(page);
	for (unsigned long i = 1; i < (1UL << order); i++)
		INIT_LIST_HEAD(&page[i].lru);
}

/*
 * post_alloc_hook(): the page becomes the caller's, with one reference. It is zeroed for
 * __GFP_ZERO, or for any gfp under init_on_alloc, unless init_on_free is on: then every free
 * page is zero already, as 6.18 relies on.
 */
static void prep_new_page(struct page *page, unsigned int order, gfp_t gfp, int migratetype)
{
	page_state_set_allocated(page_to_pfn(page), order, migratetype);
	INIT_LIST_HEAD(&page->lru);
	page->private = 0;
	set_page_count(page, 1);
	if (!want_init_on_free() && want_init_on_alloc(gfp))
		kernel_init_pages(page, 1UL << order);
	if (order && (gfp & __GFP_COMP))
		prep_compound_page(page, order);
}

/*
 * __GFP_MOVABLE and __GFP_RECLAIMABLE together make gfp_migratetype() return 3, which is
 * MIGRATE_HIGHATOMIC: in 6.18 a VM_WARN_ON (CONFIG_DEBUG_VM) and nothing more, after which the
 * kernel indexes its per-CPU lists and fallback table with 3, reading past the table. The model
 * warns as a debug kernel does and serves the request as unmovable, the one type that promises
 * nothing the caller may not keep (a page asked to be both movable and reclaimable is neither
 * migrated by compaction nor expected back from the shrinkers).
 */
static int gfp_migratetype_fixup(gfp_t gfp)
{
	char flags[256];

	format_gfp_flags(gfp, flags, sizeof(flags));
	vm_warn("include/linux/gfp.h gfp_migratetype",
		"gfp_migratetype: __GFP_MOVABLE and __GFP_RECLAIMABLE both set, mode:%#x(%s): "
		"served as MIGRATE_UNMOVABLE",
		gfp, flags);
	return MIGRATE_UNMOVABLE;
}

/*
 * prepare_alloc_pages(): the zonelist, highest zone, migratetype and preferred zone of an
 * allocation from @preferred_nid (a node, not NUMA_NO_NODE). Return: NULL, or why the request
 * cannot be served, for the failure warning.
 */
static const char *prepare_alloc_pages(gfp_t gfp, unsigned int order, int preferred_nid,
				       struct alloc_context *ac)
{
	enum zone_type highidx = gfp_zone(gfp);

	if (unlikely(preferred_nid < 0 || preferred_nid >= nr_online_nodes))
		return "no such node";
	if (order > MAX_PAGE_ORDER)
		return "order above MAX_PAGE_ORDER";
	if ((unsigned int)highidx == GFP_ZONE_BAD)
		return "contradictory zone modifiers";
	ac->highest_zoneidx = highidx;
	ac->migratetype = gfp_migratetype(gfp);
	if (unlikely(ac->migratetype >= MIGRATE_PCPTYPES))
		ac->migratetype = gfp_migratetype_fixup(gfp);
	ac->zonelist = &NODE_DATA(preferred_nid)
				->node_zonelists[gfp & __GFP_THISNODE ? ZONELIST_NOFALLBACK
								      : ZONELIST_FALLBACK];
	ac->preferred_zone = first_zone(ac->zonelist, highidx);
	if (unlikely(!ac->preferred_zone))
		return "no zone of the node fits the zone modifiers";
	return NULL;
}

/*
 * Every page allocation passes here, so this is where a call while the model is down (no node
 * online: before kmem_boot() or after kmem_shutdown()) is caught. That is the caller's bug, not
 * a shortage it may expect, so __GFP_NOWARN does not hide it.
 */
static struct page *__alloc_pages(gfp_t gfp, unsigned int order, int preferred_nid)
{
	struct alloc_context ac;
	struct page *page;
	const char *why;
	int cpu, local_nid;

	if (unlikely(!nr_online_nodes)) {
		warn_alloc(gfp & ~__GFP_NOWARN, false,
			   "page allocation failure: order:%u, the model is not booted", order);
		return NULL;
	}
	cpu = smp_processor_id();
	local_nid = cpu_to_node(cpu);
	if (preferred_nid == NUMA_NO_NODE)
		preferred_nid = local_nid;
	why = prepare_alloc_pages(gfp, order, preferred_nid, &ac);
	if (unlikely(why)) {
		warn_page_alloc(gfp, order, why);
		return NULL;
	}
	page = get_page_from_freelist(
		gfp, order,
		WMARK_LOW | ALLOC_CPUSET | alloc_flags_nofragment(ac.preferred_zone, gfp), &ac);
	if (unlikely(!page))
		page = alloc_pages_slowpath(gfp, order, &ac);
	if (unlikely(!page)) {
		/* failures count against the first zone the allocation could have used */
		count_event(this_cpu_pageset(ac.preferred_zone)->fail, order);
		warn_page_alloc(gfp, order, NULL);
		return NULL;
	}
	zone_statistics(ac.preferred_zone, page_zone(page), order, cpu, local_nid);
	prep_new_page(page, order, gfp, ac.migratetype);
	if ((gfp & __GFP_ACCOUNT) && unlikely(!memcg_charge(page, order))) {
		__free_pages(page, order);
		return NULL;
	}
	return page;
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	return __alloc_pages(gfp, order, NUMA_NO_NODE);
}

struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order)
{
	return __alloc_pages(gfp, order, nid);
}

/*
 * A highmem page has no logical address to return, so 6.18's get_free_pages() drops
 * __GFP_HIGHMEM, silently, and allocates from lowmem
 */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page;

	page = alloc_pages(gfp & ~__GFP_HIGHMEM, order);
	return page ? (unsigned long)page_address(page) : 0;
}

unsigned long get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}

static void free_one_block(struct zone *zone, struct page *page, unsigned int order)
{
	spin_lock(&zone->lock);
	kmem_rt.backend->free(zone, page, order);
	atomic_long_add(1L << order, &zone->vm_stat[NR_FREE_PAGES]);
	spin_unlock(&zone->lock);
}

/*
 * free_unref_page(): a block whose last reference is gone goes back to its zone, through the
 * per-CPU lists unless @bypass_pcp (__free_pages_ok(), for the pages alloc_pages_exact() does
 * not keep). Under init_on_free its memory is zeroed first, as free_pages_prepare() does.
 */
static __always_inline void __free_the_page(struct page *page, unsigned int order, bool bypass_pcp)
{
	unsigned long pfn = page_to_pfn(page);
	struct zone *zone = page_zone(page);
	bool to_pcp = pcp_allowed_order(order) && kmem_rt.pcp && !bypass_pcp;
	int migratetype = 0;

	/*
	 * The list is that of the pageblock's type (pcp_free() maps a highatomic pageblock's pages
	 * to the movable list); looked up only for the lists, and before the page state is reset
	 */
	if (to_pcp)
		migratetype = kmem_rt.backend->pageblock_migratetype
				      ? kmem_rt.backend->pageblock_migratetype(zone, pfn)
				      : page_state_migratetype(pfn);
	if (PageHead(page))
		destroy_compound_page(page, order);
	memcg_uncharge(page, order);
	if (unlikely(want_init_on_free()))
		kernel_init_pages(page, 1UL << order);
	page_state_set_free(pfn, order);
	/* pcp_free() counts the free event on the lists' CPU; the back end's here */
	if (to_pcp) {
		pcp_free(zone, page, order, migratetype);
	} else {
		count_event(this_cpu_pageset(zone)->free, order);
		free_one_block(zone, page, order);
	}
}

static __always_inline void free_the_page(struct page *page, unsigned int order)
{
	__free_the_page(page, order, false);
}

/*
 * A non-compound block of order N has one reference count, page 0's. When __free_pages() drops
 * a reference that is not the last, 6.18's ___free_pages() frees the rest of the block at once:
 * the upper half as one order N-1 block, then the upper half of what is left, down to page 1
 * as an order-0 page, leaving page 0 alone, an order-0 page, to whoever still holds it (a
 * speculative get_page() of page 0 must not keep N pages alive). Its last put_page() frees it.
 * A compound page keeps all its pages until the last put, since its tails are part of it.
 */
static void free_tail_pages(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page);
	int migratetype = page_state_migratetype(pfn);

	memcg_uncharge_tails(page, order);
	page_state_set_allocated(pfn, 0, migratetype);
	while (order-- > 0) {
		/* each part is a block of its own, of the block's type, for the free to check */
		page_state_set_allocated(pfn + (1UL << order), order, migratetype);
		free_the_page(page + (1UL << order), order);
	}
}

void __free_pages(struct page *page, unsigned int order)
{
	switch (free_page_claim(page, order, "__free_pages")) {
	case FREE_REFUSED:
		return;
	case FREE_KEPT:
		if (!order || PageHead(page))
			return;
		free_tail_pages(page, order);
		break;
	case FREE_LAST:
		free_the_page(page, order);
		break;
	}
	wake_free_waiters();
}

void free_frozen_pages(struct page *page, unsigned int order)
{
	if (free_frozen_claim(page, order, "free_frozen_pages") != FREE_LAST)
		return;
	free_the_page(page, order);
	wake_free_waiters();
}

void free_pages(unsigned long addr, unsigned int order)
{
	if (!addr)
		return;
	if (!virt_addr_valid((void *)addr)) {
		virt_to_page_foreign((void *)addr, "free_pages");
		return;
	}
	__free_pages(virt_to_page((void *)addr), order);
}

void put_page(struct page *page)
{
	struct page *head = compound_head(page);

	__free_pages(head, compound_order(head));
}

/* ---- several pages per call: alloc_pages_bulk(), split_page(), alloc_pages_exact() ---- */

/*
 * 6.18's alloc_pages_bulk_noprof(). Slots already populated at the start of the array are
 * skipped; then, unless the request is a single page, accounted, or there are no per-CPU
 * lists, the zonelist is walked for the first zone of the preferred node (and of @nodemask,
 * and allowed by the cpuset) whose free pages stay above its low watermark with all the pages
 * asked for gone; a zone of another node first ends the walk, as locality matters more. The
 * pages come off the calling CPU's list of that zone in one lock hold (pcp_alloc_bulk()),
 * without the slow path's reclaim; when that gives nothing, or no zone qualifies, one page is
 * allocated the ordinary way into the first empty slot, so that a caller looping until its
 * array is full always makes progress or sees the usual failure.
 *
 * The model's single allocation knows no nodemask: a page it returns from outside @nodemask
 * is freed again and the slot left empty.
 */
unsigned long alloc_pages_bulk_noprof(gfp_t gfp, int preferred_nid, nodemask_t *nodemask,
				      int nr_pages, struct page **page_array)
{
	struct zone *zone, *preferred = NULL, *found = NULL;
	int nr_populated = 0, nr_wanted = 0, cpu, local_nid;
	struct alloc_context ac;
	unsigned int alloc_flags;
	struct zoneref *z;
	struct page *page;
	LIST_HEAD(pages);

	while (nr_populated < nr_pages && page_array[nr_populated])
		nr_populated++;
	if (unlikely(nr_pages <= 0 || nr_populated == nr_pages))
		return (unsigned long)nr_populated;
	/* the bulk path charges no memory group: accounted pages come one at a time */
	if ((gfp & __GFP_ACCOUNT) || nr_pages - nr_populated == 1)
		goto failed;
	/* without per-CPU lists there is no bulk path; not booted, the failure says so */
	if (!kmem_rt.pcp || unlikely(!nr_online_nodes))
		goto failed;
	cpu = smp_processor_id();
	local_nid = cpu_to_node(cpu);
	if (prepare_alloc_pages(gfp, 0, preferred_nid == NUMA_NO_NODE ? local_nid : preferred_nid,
				&ac))
		goto failed;
	alloc_flags = WMARK_LOW | ALLOC_CPUSET | alloc_flags_nofragment(ac.preferred_zone, gfp);
	for_each_zone_zonelist(zone, z, ac.zonelist, ac.highest_zoneidx) {
		if (nodemask && !node_isset(zone->node, *nodemask))
			continue;
		if (!preferred)
			preferred = zone;
		if (!cpuset_zone_allowed(zone, gfp))
			continue;
		if (nr_online_nodes > 1 && zone->node != preferred->node)
			goto failed;
		if (zone_watermark_fast(zone, 0,
					low_wmark_pages(zone) +
						(unsigned long)(nr_pages - nr_populated),
					preferred->zone_idx, alloc_flags)) {
			found = zone;
			break;
		}
	}
	if (!found)
		goto failed;
	for (int i = nr_populated; i < nr_pages; i++)
		nr_wanted += !page_array[i];
	if (!pcp_alloc_bulk(found, ac.migratetype, alloc_flags & (ALLOC_NOFRAGMENT | ALLOC_KSWAPD),
			    nr_wanted, &pages))
		goto failed;
	for (; nr_populated < nr_pages; nr_populated++) {
		if (page_array[nr_populated])
			continue;
		if (list_empty(&pages))
			break;
		page = list_first_entry(&pages, struct page, lru);
		list_del(&page->lru);
		zone_statistics(preferred, found, 0, cpu, local_nid);
		prep_new_page(page, 0, gfp, ac.migratetype);
		page_array[nr_populated] = page;
	}
	return (unsigned long)nr_populated;

failed:
	page = __alloc_pages(gfp, 0, preferred_nid);
	if (page && nodemask && !node_isset(page_to_nid(page), *nodemask)) {
		__free_pages(page, 0);
		page = NULL;
	}
	if (page)
		page_array[nr_populated++] = page;
	return (unsigned long)nr_populated;
}

/*
 * The pages of the allocated block of @order at @page become order-0 pages of the block's
 * type and memory group: the first @keep with one reference each (page 0 keeps its own), the
 * rest freed straight to the back end, as 6.18's __free_pages_ok(FPI_TO_TAIL) frees what
 * alloc_pages_exact() does not keep.
 */
static void split_block(struct page *page, unsigned int order, unsigned long keep)
{
	unsigned long pfn = page_to_pfn(page), nr = 1UL << order;
	int migratetype = page_state_migratetype(pfn);

	memcg_split(page, order);
	for (unsigned long i = 0; i < nr; i++)
		page_state_set_allocated(pfn + i, 0, migratetype);
	for (unsigned long i = 1; i < nr; i++) {
		INIT_LIST_HEAD(&page[i].lru);
		page[i].private = 0;
		if (i < keep)
			set_page_count(&page[i], 1);
		else
			__free_the_page(&page[i], 0, true);
	}
	if (keep < nr)
		wake_free_waiters();
}

void split_page(struct page *page, unsigned int order)
{
	if (!page_block_check(page, order, "split_page"))
		return;
	if (PageCompound(page)) {
		bad_page(page, "VM_BUG_ON_PAGE(PageCompound(page))");
		return;
	}
	if (!page_ref_count(page)) {
		bad_page(page, "VM_BUG_ON_PAGE(!page_count(page))");
		return;
	}
	split_block(page, order, 1UL << order);
}

/* 6.18's WARN_ON_ONCE() of alloc_pages_exact(): the flags are dropped and the call goes on */
static gfp_t exact_gfp(gfp_t gfp, const char *func)
{
	char flags[256];

	if (likely(!(gfp & (__GFP_COMP | __GFP_HIGHMEM))))
		return gfp;
	format_gfp_flags(gfp, flags, sizeof(flags));
	vm_warn("mm/page_alloc.c alloc_pages_exact",
		"%s: __GFP_COMP or __GFP_HIGHMEM in mode:%#x(%s): dropped", func, gfp, flags);
	return gfp & ~(__GFP_COMP | __GFP_HIGHMEM);
}

/*
 * make_alloc_exact(). A size of 0 is refused (NULL): 6.18 would free the one page it took and
 * return its address.
 */
static void *make_alloc_exact(struct page *page, unsigned int order, size_t size)
{
	if (!page)
		return NULL;
	split_block(page, order, (size + PAGE_SIZE - 1) >> PAGE_SHIFT);
	return page_address(page);
}

void *alloc_pages_exact(size_t size, gfp_t gfp_mask)
{
	unsigned int order = (unsigned int)get_order(size);

	if (!size)
		return NULL;
	gfp_mask = exact_gfp(gfp_mask, "alloc_pages_exact");
	return make_alloc_exact(alloc_pages(gfp_mask, order), order, size);
}

void *alloc_pages_exact_nid(int nid, size_t size, gfp_t gfp_mask)
{
	unsigned int order = (unsigned int)get_order(size);

	if (!size)
		return NULL;
	gfp_mask = exact_gfp(gfp_mask, "alloc_pages_exact_nid");
	return make_alloc_exact(alloc_pages_node(nid, gfp_mask, order), order, size);
}

void free_pages_exact(void *virt, size_t size)
{
	unsigned long addr = (unsigned long)virt, end = addr + PAGE_ALIGN(size);

	for (; addr < end; addr += PAGE_SIZE)
		free_page(addr);
}

unsigned long nr_free_pages(void)
{
	struct zone *zone;
	unsigned long sum = 0;

	for_each_populated_zone(zone)
		sum += zone_page_state(zone, NR_FREE_PAGES) + pcp_count(zone);
	return sum;
}

int kmem_numa_stats(int nid, struct kmem_numastat *out)
{
	unsigned long sum[NR_NUMA_STAT_ITEMS] = { 0 };

	memset(out, 0, sizeof(*out));
	if (nid < 0 || nid >= nr_online_nodes)
		return -ENOENT;
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		const struct zone *zone = &NODE_DATA(nid)->node_zones[i];

		if (!populated_zone(zone))
			continue;
		for (int cpu = 0; cpu < kmem_rt.nr_cpus; cpu++)
			for (int item = 0; item < NR_NUMA_STAT_ITEMS; item++)
				sum[item] += __atomic_load_n(&zone->per_cpu_pageset[cpu].numa[item],
							     __ATOMIC_RELAXED);
	}
	out->numa_hit = sum[NUMA_HIT];
	out->numa_miss = sum[NUMA_MISS];
	out->numa_foreign = sum[NUMA_FOREIGN];
	out->local_node = sum[NUMA_LOCAL];
	out->other_node = sum[NUMA_OTHER];
	return 0;
}

void page_alloc_stats(const struct zone *zone, unsigned long alloc[NR_PAGE_ORDERS],
		      unsigned long fail[NR_PAGE_ORDERS], unsigned long freed[NR_PAGE_ORDERS])
{
	for (int cpu = 0; cpu < kmem_rt.nr_cpus; cpu++) {
		const struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		for (int o = 0; o < NR_PAGE_ORDERS; o++) {
			alloc[o] += __atomic_load_n(&pcp->alloc[o], __ATOMIC_RELAXED);
			fail[o] += __atomic_load_n(&pcp->fail[o], __ATOMIC_RELAXED);
			freed[o] += __atomic_load_n(&pcp->free[o], __ATOMIC_RELAXED);
		}
	}
}
