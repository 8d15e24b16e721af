// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU page lists, after mm/page_alloc.c of Linux 6.18. Each zone has one list set per CPU
 * in front of the back end, caching orders 0..PAGE_ALLOC_COSTLY_ORDER (one list per
 * migratetype and order) and the pageblock order, the THP size (one list for movable blocks,
 * one for the rest). A free puts the block at the head (hot); an allocation takes the head, or
 * the tail (cold) with __GFP_COLD. An empty list is refilled from the back end in one
 * zone->lock hold (rmqueue_bulk); a set of lists above `high` gives its coldest pages back
 * (free_pcppages_bulk). `count`, `high` and `batch` are in pages, whatever the order.
 *
 * Sizes. batch follows zone_batchsize(): about a quarter of a MiB, 63 pages on large zones.
 * high_min follows zone_highsize(): the zone's low watermark, or managed pages divided by
 * percpu_pagelist_high_fraction when that is set, shared by the CPUs of the zone's node, and at
 * least 4 batches. high_max is the same with the fraction 8 (an eighth of the zone per node),
 * unless the fraction is set or tuning is off (KMEM_PCP_TUNE=0): then high_max == high_min and
 * high stays where it is.
 *
 * Auto-tuning, as since Linux 6.7:
 *  - a refill raises high by the refill's batch, up to high_max, unless the zone is below its
 *    high watermark (ZONE_BELOW_HIGH, set by the allocator when it sees that);
 *  - order-0 refills double (alloc_factor) while allocations follow each other without a
 *    free, up to batch << PCP_BATCH_SCALE_MAX; each free halves the factor (nr_pcp_alloc());
 *  - free_count counts pages freed since allocations stopped (an allocation halves it): a
 *    free that takes the lists over high gives back free_count pages, between batch and
 *    high - batch, so a long run of frees takes zone->lock rarely (nr_pcp_free()); a free over
 *    high with free_count beyond high raises high to hold the run (nr_pcp_high());
 *  - below the high watermark, each free over high lowers high by free_count, down to high_min,
 *    so the lists give back what reclaim would otherwise have to find;
 *  - free_high: a run of order-1..3 frees with no allocation between is freed through at once
 *    (down to nothing, or to one batch when the CPU's cache slice holds 3 batches), and high
 *    drops by the scaled batch: such blocks sitting on a list fragment the zone;
 *  - decay_pcp_high(): once a second per CPU and zone (the kernel's vmstat_update), high drops
 *    by an eighth towards high_min and the lists give back what is above it. The model has no
 *    periodic worker, and its clock is its own work, not the host's: a list set decays once
 *    every PCP_DECAY_OPS of its operations, so that a run does the same for a seed however
 *    fast the host runs it (a sanitizer build included); kmem_pcp_decay() runs one such tick
 *    at once.
 *
 * The CPU a thread runs as is the one kmem_thread_enter() set, else the host CPU it is on.
 * Several threads may share a CPU (and its lists), hence pcp->lock, as in Linux since 5.19.
 * Lock order: pcp->lock, then zone->lock.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* MIN_PERCPU_PAGELIST_HIGH_FRACTION: high_max's share of the zone, and the smallest allowed */
#define PCP_HIGH_MAX_FRACTION 8
/*
 * The model's sysctl_stat_interval: a list set's operations between two decay_pcp_high()
 * (about a second of a busy CPU's order-0 allocations and frees in the kernel)
 */
#define PCP_DECAY_OPS (1U << 16)

static __thread int this_cpu;
static __thread unsigned long this_cpu_seq; /* kmem_boot_seq when this_cpu was entered */

/* smp_processor_id(), inline for the list operations of this file */
static inline int this_cpu_id(void)
{
	int cpu;

	if (likely(this_cpu_seq == __atomic_load_n(&kmem_boot_seq, __ATOMIC_RELAXED)))
		return this_cpu;
	cpu = sched_getcpu();
	return cpu < 0 ? 0 : cpu % kmem_rt.nr_cpus;
}

int smp_processor_id(void)
{
	return this_cpu_id();
}

int kmem_thread_set_cpu(int cpu)
{
	if (cpu < 0 || cpu >= kmem_rt.nr_cpus)
		return -EINVAL;
	this_cpu = cpu;
	this_cpu_seq = __atomic_load_n(&kmem_boot_seq, __ATOMIC_RELAXED);
	return 0;
}

int kmem_thread_enter(int cpu)
{
	cpu_set_t set;
	long host = sysconf(_SC_NPROCESSORS_ONLN);

	if (kmem_thread_set_cpu(cpu))
		return -EINVAL;
	CPU_ZERO(&set);
	CPU_SET(cpu % (host > 0 ? host : 1), &set);
	/* pinning is best effort: a cpuset may forbid it, and the model does not depend on it */
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	return 0;
}

struct per_cpu_pages *this_cpu_pageset(struct zone *zone)
{
	return &zone->per_cpu_pageset[this_cpu_id()];
}

/*
 * order_to_pindex(): orders up to PAGE_ALLOC_COSTLY_ORDER have a list per migratetype, order
 * after order; the pageblock order has two after them, movable last.
 */
static inline int order_to_pindex(int migratetype, unsigned int order)
{
	if (order > PAGE_ALLOC_COSTLY_ORDER)
		return NR_LOWORDER_PCP_LISTS + (migratetype == MIGRATE_MOVABLE);
	return MIGRATE_PCPTYPES * (int)order + migratetype;
}

static inline unsigned int pindex_to_order(int pindex)
{
	return pindex >= NR_LOWORDER_PCP_LISTS ? pageblock_order
					       : (unsigned int)(pindex / MIGRATE_PCPTYPES);
}

static inline bool zone_below_high(const struct zone *zone)
{
	return __atomic_load_n(&zone->flags, __ATOMIC_RELAXED) & (1UL << ZONE_BELOW_HIGH);
}

void zone_set_below_high(struct zone *zone)
{
	__atomic_fetch_or(&zone->flags, 1UL << ZONE_BELOW_HIGH, __ATOMIC_RELAXED);
}

/* zone_batchsize(): about a quarter of a MiB, a power of two minus one to spread cache colours */
static int zone_batchsize(const struct zone *zone)
{
	unsigned long batch = zone->managed_pages >> 10;

	if (batch > (1UL << 20) / PAGE_SIZE)
		batch = (1UL << 20) / PAGE_SIZE;
	batch /= 4;
	if (batch < 1)
		batch = 1;
	batch += batch / 2;
	return (int)((1UL << (63 - __builtin_clzl(batch))) - 1) ?: 1;
}

/*
 * zone_highsize(): the low watermark (or the zone divided by @fraction) shared by the CPUs of
 * the zone's node (all CPUs for a node without any), at least 4 batches
 */
static int zone_highsize(const struct zone *zone, int batch, int fraction)
{
	unsigned long total =
		fraction ? zone->managed_pages / (unsigned long)fraction : low_wmark_pages(zone);
	unsigned long high;
	int cpus = 0;

	for (int cpu = 0; cpu < kmem_rt.nr_cpus; cpu++)
		cpus += cpu_to_node(cpu) == zone->node;
	high = total / (unsigned long)(cpus ? cpus : kmem_rt.nr_cpus);
	return (int)(high > (unsigned long)batch << 2 ? high : (unsigned long)batch << 2);
}

/*
 * zone_pcp_update_cacheinfo(): whether this CPU's slice of the last-level cache holds more than
 * 3 batches. The host's last-level cache divided by its CPUs stands for the slice.
 */
static bool cache_slice_holds_batches(int batch)
{
	long llc = sysconf(_SC_LEVEL3_CACHE_SIZE);
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (llc <= 0)
		llc = sysconf(_SC_LEVEL2_CACHE_SIZE);
	if (llc <= 0 || cpus <= 0)
		return false;
	return (unsigned long)(llc / cpus) / PAGE_SIZE > 3UL * (unsigned long)batch;
}

int pcp_init(struct zone *zone)
{
	size_t size = sizeof(struct per_cpu_pages) * (size_t)kmem_rt.nr_cpus;
	int batch = zone_batchsize(zone), fraction = kmem_rt.pcp_high_fraction;
	int high_min = zone_highsize(zone, batch, fraction);
	int high_max = fraction || !kmem_rt.pcp_tune
			       ? high_min
			       : zone_highsize(zone, batch, PCP_HIGH_MAX_FRACTION);
	bool free_high_batch = cache_slice_holds_batches(batch);

	zone->per_cpu_pageset = aligned_alloc(64, size);
	if (!zone->per_cpu_pageset)
		return -ENOMEM;
	memset(zone->per_cpu_pageset, 0, size);
	zone->flags = 0;
	for (int cpu = 0; cpu < kmem_rt.nr_cpus; cpu++) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		spin_lock_init(&pcp->lock);
		pcp->batch = batch;
		pcp->high = pcp->high_min = high_min;
		pcp->high_max = high_max;
		pcp->flags = free_high_batch ? PCPF_FREE_HIGH_BATCH : 0;
		pcp->ticks = PCP_DECAY_OPS;
		for (int i = 0; i < NR_PCP_LISTS; i++)
			INIT_LIST_HEAD(&pcp->lists[i]);
	}
	return 0;
}

void pcp_exit(struct zone *zone)
{
	free(zone->per_cpu_pageset);
	zone->per_cpu_pageset = NULL;
}

/* pcp->count and high change under pcp->lock; the stats read them without, hence the stores */
static inline void pcp_count_add(struct per_cpu_pages *pcp, int delta)
{
	__atomic_store_n(&pcp->count, pcp->count + delta, __ATOMIC_RELAXED);
}

static inline void pcp_set_high(struct per_cpu_pages *pcp, int high)
{
	__atomic_store_n(&pcp->high, high, __ATOMIC_RELAXED);
}

static inline int clamp_int(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static inline int max_int(int a, int b)
{
	return a > b ? a : b;
}

static inline int min_int(int a, int b)
{
	return a < b ? a : b;
}

/* rmqueue_bulk(): up to @count blocks of @order onto @list in one zone->lock hold */
static int rmqueue_bulk(struct zone *zone, unsigned int order, int count, struct list_head *list,
			int migratetype, unsigned int alloc_flags)
{
	int i;

	spin_lock(&zone->lock);
	for (i = 0; i < count; i++) {
		struct page *page = kmem_rt.backend->alloc(zone, order, migratetype, alloc_flags);

		if (!page)
			break;
		list_add_tail(&page->lru, list);
	}
	atomic_long_add(-((long)i << order), &zone->vm_stat[NR_FREE_PAGES]);
	spin_unlock(&zone->lock);
	return i;
}

/*
 * free_pcppages_bulk(): @count pages (whole blocks, so possibly a few more) back to the back
 * end, coldest first, starting with list @pindex and then round robin, each list emptied
 * before the next is taken. Every give-back of the lists (over high, drain, decay) passes
 * here, so each block is one mm_page_pcpu_drain event, as in the kernel.
 */
static void free_pcppages_bulk(struct zone *zone, int count, struct per_cpu_pages *pcp, int pindex)
{
	long freed = 0;

	count = min_int(count, pcp->count);
	pindex--;
	spin_lock(&zone->lock);
	while (count > 0) {
		struct list_head *list;
		unsigned int order;

		do {
			if (++pindex >= NR_PCP_LISTS)
				pindex = 0;
			list = &pcp->lists[pindex];
		} while (list_empty(list));
		order = pindex_to_order(pindex);
		do {
			struct page *page = list_last_entry(list, struct page, lru);

			list_del(&page->lru);
			count -= 1 << order;
			pcp_count_add(pcp, -(1 << order));
			kmem_rt.backend->free(zone, page, order);
			zone->pcp_drain[order]++;
			freed += 1L << order;
		} while (count > 0 && !list_empty(list));
	}
	atomic_long_add(freed, &zone->vm_stat[NR_FREE_PAGES]);
	spin_unlock(&zone->lock);
}

/*
 * decay_pcp_high(): high an eighth closer to high_min (no more than the scaled batch below the
 * count at a time), and the pages above it back to the back end. Under pcp->lock.
 */
static bool decay_pcp_high(struct zone *zone, struct per_cpu_pages *pcp)
{
	bool more = false;
	int to_drain;

	if (pcp->high > pcp->high_min) {
		int high = max_int(pcp->count - (pcp->batch << PCP_BATCH_SCALE_MAX),
				   pcp->high - (pcp->high >> 3));

		pcp_set_high(pcp, max_int(high, pcp->high_min));
		more = pcp->high > pcp->high_min;
	}
	to_drain = pcp->count - pcp->high;
	if (to_drain > 0) {
		free_pcppages_bulk(zone, to_drain, pcp, 0);
		more = true;
	}
	return more;
}

/* The model's vmstat_update(), every PCP_DECAY_OPS operations of the list set */
static void pcp_tick(struct zone *zone, struct per_cpu_pages *pcp)
{
	pcp->ticks = PCP_DECAY_OPS;
	decay_pcp_high(zone, pcp);
}

/*
 * nr_pcp_alloc(): how many blocks a refill takes. high grows by the batch first (tuning on,
 * zone above its high watermark); order 0 takes batch << alloc_factor, bounded by the room
 * under high, and doubles the factor for the next refill while that fits; a higher order
 * takes the batch in pages, at least two blocks.
 */
static int nr_pcp_alloc(struct per_cpu_pages *pcp, struct zone *zone, unsigned int order)
{
	int base_batch = pcp->batch, batch, high;

	high = clamp_int(pcp->high, pcp->high_min, pcp->high_max);
	pcp_set_high(pcp, high);
	if (high < base_batch)
		return 1;
	batch = order ? base_batch : base_batch << pcp->alloc_factor;
	if (pcp->high_min != pcp->high_max && !zone_below_high(zone)) {
		high = min_int(high + batch, pcp->high_max);
		pcp_set_high(pcp, high);
	}
	if (!order) {
		int max_nr_alloc = max_int(high - pcp->count - base_batch, base_batch);

		if (batch <= max_nr_alloc && pcp->alloc_factor < PCP_BATCH_SCALE_MAX)
			pcp->alloc_factor++;
		batch = min_int(batch, max_nr_alloc);
	}
	if (batch > 1)
		batch = max_int(batch >> order, 2);
	return batch;
}

/*
 * nr_pcp_high(): the count above which a free gives pages back, adjusting high on the way (see
 * the top of the file); 0 frees everything (free_high).
 */
static int nr_pcp_high(struct per_cpu_pages *pcp, struct zone *zone, int batch, bool free_high)
{
	int high_min = pcp->high_min, high_max = pcp->high_max;
	int high = clamp_int(pcp->high, high_min, high_max);

	pcp_set_high(pcp, high);
	if (!high)
		return 0;
	if (free_high) {
		pcp_set_high(pcp, max_int(high - (batch << PCP_BATCH_SCALE_MAX), high_min));
		return 0;
	}
	/* pages kswapd is freeing must not pile up here: a few batches at most, fixed high or not
	 */
	if (unlikely(__atomic_load_n(&zone->flags, __ATOMIC_RELAXED) &
		     (1UL << ZONE_RECLAIM_ACTIVE))) {
		pcp_set_high(pcp, max_int(high - max_int(pcp->free_count, batch), high_min));
		return min_int(batch << 2, pcp->high);
	}
	if (high_min == high_max)
		return high;
	if (zone_below_high(zone)) {
		pcp_set_high(pcp, max_int(high - max_int(pcp->free_count, batch), high_min));
		high = max_int(pcp->count, high_min);
	} else if (pcp->count >= high) {
		int need_high = pcp->free_count + batch;

		if (pcp->high < need_high)
			pcp_set_high(pcp, clamp_int(need_high, high_min, high_max));
	}
	return high;
}

/*
 * nr_pcp_free(): how many pages a free over high gives back: as many as the free run, between
 * one batch and all but one batch of high; with free_high, up to the scaled batch
 */
static int nr_pcp_free(const struct per_cpu_pages *pcp, int batch, int high, bool free_high)
{
	if (free_high)
		return min_int(pcp->count, batch << PCP_BATCH_SCALE_MAX);
	if (high < batch)
		return 1;
	return clamp_int(pcp->free_count, batch, high - batch);
}

/* The zone is back above its high watermark (the lowmem_reserve of the highest zone kept) */
static void zone_clear_below_high(struct zone *zone)
{
	if (zone_page_state(zone, NR_FREE_PAGES) >
	    high_wmark_pages(zone) + (unsigned long)zone->lowmem_reserve[MAX_NR_ZONES - 1])
		__atomic_fetch_and(&zone->flags, ~(1UL << ZONE_BELOW_HIGH), __ATOMIC_RELAXED);
}

/* An empty list refilled in one zone->lock hold; out of line, so a hit saves fewer registers */
static __attribute__((__noinline__)) void pcp_refill(struct zone *zone, struct per_cpu_pages *pcp,
						     unsigned int order, struct list_head *list,
						     int migratetype, unsigned int alloc_flags)
{
	int n = rmqueue_bulk(zone, order, nr_pcp_alloc(pcp, zone, order), list, migratetype,
			     alloc_flags);

	pcp_count_add(pcp, n << order);
}

/* rmqueue_pcplist() */
struct page *pcp_alloc(struct zone *zone, unsigned int order, int migratetype, gfp_t gfp,
		       unsigned int alloc_flags)
{
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[this_cpu_id()];
	struct list_head *list = &pcp->lists[order_to_pindex(migratetype, order)];
	struct page *page = NULL;
	bool tick;

	spin_lock(&pcp->lock);
	/* an allocation ends a run of frees */
	pcp->free_count >>= 1;
	if (unlikely(list_empty(list)))
		pcp_refill(zone, pcp, order, list, migratetype, alloc_flags);
	else
		__atomic_store_n(&pcp->pcp_hit[order], pcp->pcp_hit[order] + 1, __ATOMIC_RELAXED);
	if (likely(!list_empty(list))) {
		page = (gfp & __GFP_COLD) ? list_last_entry(list, struct page, lru)
					  : list_first_entry(list, struct page, lru);
		list_del(&page->lru);
		pcp_count_add(pcp, -(1 << order));
	}
	tick = unlikely(!--pcp->ticks);
	if (tick)
		pcp_tick(zone, pcp);
	spin_unlock(&pcp->lock);
	/* the model's clock for proactive compaction too, which takes pcp locks */
	if (unlikely(tick))
		kcompactd_clock_tick(zone);
	return page;
}

/*
 * As 6.18's alloc_pages_bulk_noprof() calls __rmqueue_pcplist() once for each page it wants:
 * each a hit or, the list empty, a refill; the run of frees is not ended (rmqueue_pcplist()
 * would halve free_count, the bulk path skips it); each page is one operation of the lists'
 * clock.
 */
int pcp_alloc_bulk(struct zone *zone, int migratetype, unsigned int alloc_flags, int nr,
		   struct list_head *out)
{
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[this_cpu_id()];
	struct list_head *list = &pcp->lists[order_to_pindex(migratetype, 0)];
	bool tick = false;
	int taken;

	spin_lock(&pcp->lock);
	for (taken = 0; taken < nr; taken++) {
		struct page *page;

		if (list_empty(list)) {
			pcp_refill(zone, pcp, 0, list, migratetype, alloc_flags);
			if (list_empty(list))
				break;
		} else {
			__atomic_store_n(&pcp->pcp_hit[0], pcp->pcp_hit[0] + 1, __ATOMIC_RELAXED);
		}
		page = list_first_entry(list, struct page, lru);
		list_del(&page->lru);
		pcp_count_add(pcp, -1);
		list_add_tail(&page->lru, out);
		if (unlikely(!--pcp->ticks)) {
			pcp_tick(zone, pcp);
			tick = true;
		}
	}
	spin_unlock(&pcp->lock);
	if (unlikely(tick))
		kcompactd_clock_tick(zone);
	return taken;
}

/*
 * The rest of free_frozen_page_commit(), for a free that may change high or give pages back:
 * nr_pcp_high(), and a bulk free when the count reached what it returns
 */
static void pcp_free_over_high(struct zone *zone, struct per_cpu_pages *pcp, int batch, int pindex,
			       bool free_high)
{
	int high = nr_pcp_high(pcp, zone, batch, free_high);

	if (pcp->count >= high) {
		free_pcppages_bulk(zone, nr_pcp_free(pcp, batch, high, free_high), pcp, pindex);
		if (zone_below_high(zone))
			zone_clear_below_high(zone);
	}
}

/*
 * free_frozen_page_commit(). high never leaves [high_min, high_max], so nr_pcp_high() returns
 * it unchanged, and nothing goes back, unless the count has reached it, the run of frees is a
 * free_high one, or a zone flag (below high, and whatever else retunes the lists) is set: the
 * common free checks those three and stops there.
 */
void pcp_free(struct zone *zone, struct page *page, unsigned int order, int migratetype)
{
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[this_cpu_id()];
	bool free_high = false, tick;
	int pindex, batch;

	/* a highatomic pageblock's pages wait on the movable lists, as in the kernel */
	if (migratetype >= MIGRATE_PCPTYPES)
		migratetype = MIGRATE_MOVABLE;
	pindex = order_to_pindex(migratetype, order);
	/* the free event, on the CPU whose lists take the page */
	__atomic_fetch_add(&pcp->free[order], 1, __ATOMIC_RELAXED);
	spin_lock(&pcp->lock);
	/* a free ends a run of allocations: the next refill starts from one batch again */
	pcp->alloc_factor >>= 1;
	list_add(&page->lru, &pcp->lists[pindex]);
	pcp_count_add(pcp, 1 << order);
	batch = pcp->batch;
	if (order && order <= PAGE_ALLOC_COSTLY_ORDER) {
		free_high = pcp->free_count >= batch + pcp->high_min / 2 &&
			    (pcp->flags & PCPF_PREV_FREE_HIGH_ORDER) &&
			    (!(pcp->flags & PCPF_FREE_HIGH_BATCH) || pcp->count >= batch);
		pcp->flags |= PCPF_PREV_FREE_HIGH_ORDER;
	} else if (pcp->flags & PCPF_PREV_FREE_HIGH_ORDER) {
		pcp->flags &= ~PCPF_PREV_FREE_HIGH_ORDER;
	}
	if (pcp->free_count < batch << PCP_BATCH_SCALE_MAX)
		pcp->free_count += 1 << order;
	if (unlikely(free_high || pcp->count >= pcp->high ||
		     __atomic_load_n(&zone->flags, __ATOMIC_RELAXED)))
		pcp_free_over_high(zone, pcp, batch, pindex, free_high);
	tick = unlikely(!--pcp->ticks);
	if (tick)
		pcp_tick(zone, pcp);
	spin_unlock(&pcp->lock);
	if (unlikely(tick))
		kcompactd_clock_tick(zone);
}

/* drain_pages_zone(): every list of every CPU, a scaled batch per lock hold */
void pcp_drain_zone(struct zone *zone)
{
	for (int cpu = 0; cpu < kmem_rt.nr_cpus; cpu++) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];
		int count;

		do {
			spin_lock(&pcp->lock);
			count = pcp->count;
			if (count) {
				int to_drain = min_int(count, pcp->batch << PCP_BATCH_SCALE_MAX);

				free_pcppages_bulk(zone, to_drain, pcp, 0);
				count = pcp->count;
			}
			spin_unlock(&pcp->lock);
		} while (count);
	}
}

unsigned long pcp_count(const struct zone *zone)
{
	unsigned long sum = 0;

	if (!zone->per_cpu_pageset)
		return 0;
	for (int cpu = 0; cpu < kmem_rt.nr_cpus; cpu++)
		sum += (unsigned long)__atomic_load_n(&zone->per_cpu_pageset[cpu].count,
						      __ATOMIC_RELAXED);
	return sum;
}

void pcp_hit_stats(const struct zone *zone, unsigned long hit[NR_PAGE_ORDERS])
{
	for (int cpu = 0; cpu < kmem_rt.nr_cpus; cpu++)
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			hit[o] += __atomic_load_n(&zone->per_cpu_pageset[cpu].pcp_hit[o],
						  __ATOMIC_RELAXED);
}

int kmem_pcp_decay(void)
{
	struct zone *zone;
	int more = 0;

	if (!kmem_booted() || !kmem_rt.pcp)
		return 0;
	for_each_populated_zone(zone) {
		for (int cpu = 0; cpu < kmem_rt.nr_cpus; cpu++) {
			struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

			spin_lock(&pcp->lock);
			more += decay_pcp_high(zone, pcp);
			spin_unlock(&pcp->lock);
		}
	}
	return more;
}

int kmem_pcp_stats(int nid, int zone_idx, int cpu, struct kmem_pcp_stats *out)
{
	struct per_cpu_pages *pcp;
	struct zone *zone;

	memset(out, 0, sizeof(*out));
	if (!kmem_rt.pcp || nid < 0 || nid >= nr_online_nodes || zone_idx < 0 ||
	    zone_idx >= MAX_NR_ZONES || cpu < 0 || cpu >= kmem_rt.nr_cpus)
		return -ENOENT;
	zone = &NODE_DATA(nid)->node_zones[zone_idx];
	if (!populated_zone(zone))
		return -ENOENT;
	pcp = &zone->per_cpu_pageset[cpu];
	spin_lock(&pcp->lock);
	out->count = pcp->count;
	out->high = pcp->high;
	out->batch = pcp->batch;
	out->high_min = pcp->high_min;
	out->high_max = pcp->high_max;
	out->free_count = pcp->free_count;
	out->alloc_factor = pcp->alloc_factor;
	for (int i = 0; i < NR_PCP_LISTS; i++) {
		struct list_head *pos;

		list_for_each(pos, &pcp->lists[i])
			out->blocks[pindex_to_order(i)]++;
	}
	spin_unlock(&pcp->lock);
	return 0;
}

void pcp_print_pagesets(FILE *out, const struct zone *zone)
{
	fprintf(out, "  pagesets\n");
	for (int cpu = 0; cpu < kmem_rt.nr_cpus; cpu++) {
		const struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		fprintf(out,
			"    cpu: %d\n"
			"              count:    %d\n"
			"              high:     %d\n"
			"              batch:    %d\n"
			"              high_min: %d\n"
			"              high_max: %d\n",
			cpu, __atomic_load_n(&pcp->count, __ATOMIC_RELAXED),
			__atomic_load_n(&pcp->high, __ATOMIC_RELAXED), pcp->batch, pcp->high_min,
			pcp->high_max);
	}
}
