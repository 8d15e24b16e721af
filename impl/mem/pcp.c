// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU page lists (order 0), after mm/page_alloc.c: each zone has one list set per CPU, one
 * list per migratetype, in front of the back end. A free puts the page at the head (hot); an
 * allocation takes the head, or the tail (cold) with __GFP_COLD. An empty list is refilled with
 * `batch` pages from the back end in one zone->lock hold (rmqueue_bulk); a list above `high`
 * gives `batch` of its coldest pages back (free_pcppages_bulk). batch and high follow
 * zone_batchsize() and zone_highsize().
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

static __thread int this_cpu;
static __thread unsigned long this_cpu_seq; /* kmem_boot_seq when this_cpu was entered */

int smp_processor_id(void)
{
	int cpu;

	if (this_cpu_seq == __atomic_load_n(&kmem_boot_seq, __ATOMIC_RELAXED))
		return this_cpu;
	cpu = sched_getcpu();
	return cpu < 0 ? 0 : cpu % kmem_rt.nr_cpus;
}

int kmem_thread_enter(int cpu)
{
	cpu_set_t set;
	long host = sysconf(_SC_NPROCESSORS_ONLN);

	if (cpu < 0 || cpu >= kmem_rt.nr_cpus)
		return -EINVAL;
	this_cpu = cpu;
	this_cpu_seq = __atomic_load_n(&kmem_boot_seq, __ATOMIC_RELAXED);
	CPU_ZERO(&set);
	CPU_SET(cpu % (host > 0 ? host : 1), &set);
	/* pinning is best effort: a cpuset may forbid it, and the model does not depend on it */
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	return 0;
}

struct per_cpu_pages *this_cpu_pageset(struct zone *zone)
{
	return &zone->per_cpu_pageset[smp_processor_id()];
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

/* zone_highsize(): the low watermark shared by the CPUs of the zone's node, at least 4 batches */
static int zone_highsize(const struct zone *zone, int batch)
{
	int cpus = 0;
	unsigned long high;

	for (int cpu = 0; cpu < kmem_rt.nr_cpus; cpu++)
		cpus += cpu_to_node(cpu) == zone->node;
	high = low_wmark_pages(zone) / (unsigned long)(cpus ? cpus : kmem_rt.nr_cpus);
	return (int)(high > (unsigned long)batch << 2 ? high : (unsigned long)batch << 2);
}

int pcp_init(struct zone *zone)
{
	size_t size = sizeof(struct per_cpu_pages) * (size_t)kmem_rt.nr_cpus;
	int batch = zone_batchsize(zone), high = zone_highsize(zone, batch);

	zone->per_cpu_pageset = aligned_alloc(64, size);
	if (!zone->per_cpu_pageset)
		return -ENOMEM;
	memset(zone->per_cpu_pageset, 0, size);
	for (int cpu = 0; cpu < kmem_rt.nr_cpus; cpu++) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		spin_lock_init(&pcp->lock);
		pcp->batch = batch;
		pcp->high = high;
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			INIT_LIST_HEAD(&pcp->lists[mt]);
	}
	return 0;
}

void pcp_exit(struct zone *zone)
{
	free(zone->per_cpu_pageset);
	zone->per_cpu_pageset = NULL;
}

/* pcp->count changes under pcp->lock; pcp_count() reads it without, hence the atomic store */
static inline void pcp_count_add(struct per_cpu_pages *pcp, int delta)
{
	__atomic_store_n(&pcp->count, pcp->count + delta, __ATOMIC_RELAXED);
}

/* rmqueue_bulk(): up to @count pages onto @list in one zone->lock hold */
static int rmqueue_bulk(struct zone *zone, int count, struct list_head *list, int migratetype,
			unsigned int alloc_flags)
{
	int i;

	spin_lock(&zone->lock);
	for (i = 0; i < count; i++) {
		struct page *page = kmem_rt.backend->alloc(zone, 0, migratetype, alloc_flags);

		if (!page)
			break;
		list_add_tail(&page->lru, list);
	}
	atomic_long_add(-i, &zone->vm_stat[NR_FREE_PAGES]);
	spin_unlock(&zone->lock);
	return i;
}

/* free_pcppages_bulk(): @count of the coldest pages, round robin over the lists */
static void free_pcppages_bulk(struct zone *zone, int count, struct per_cpu_pages *pcp)
{
	int mt = 0, freed = 0;

	spin_lock(&zone->lock);
	while (freed < count && pcp->count) {
		struct list_head *list = &pcp->lists[mt];

		mt = (mt + 1) % MIGRATE_PCPTYPES;
		if (list_empty(list))
			continue;
		struct page *page = list_last_entry(list, struct page, lru);

		list_del(&page->lru);
		pcp_count_add(pcp, -1);
		kmem_rt.backend->free(zone, page, 0);
		freed++;
	}
	atomic_long_add(freed, &zone->vm_stat[NR_FREE_PAGES]);
	spin_unlock(&zone->lock);
}

struct page *pcp_alloc(struct zone *zone, int migratetype, gfp_t gfp, unsigned int alloc_flags)
{
	struct per_cpu_pages *pcp = this_cpu_pageset(zone);
	struct list_head *list = &pcp->lists[migratetype];
	struct page *page = NULL;

	spin_lock(&pcp->lock);
	if (list_empty(list))
		pcp_count_add(pcp, rmqueue_bulk(zone, pcp->batch, list, migratetype, alloc_flags));
	if (!list_empty(list)) {
		page = (gfp & __GFP_COLD) ? list_last_entry(list, struct page, lru)
					  : list_first_entry(list, struct page, lru);
		list_del(&page->lru);
		pcp_count_add(pcp, -1);
	}
	spin_unlock(&pcp->lock);
	return page;
}

void pcp_free(struct zone *zone, struct page *page, int migratetype)
{
	struct per_cpu_pages *pcp = this_cpu_pageset(zone);

	spin_lock(&pcp->lock);
	list_add(&page->lru, &pcp->lists[migratetype]);
	pcp_count_add(pcp, 1);
	if (pcp->count >= pcp->high)
		free_pcppages_bulk(zone, pcp->batch, pcp);
	spin_unlock(&pcp->lock);
}

void pcp_drain_zone(struct zone *zone)
{
	for (int cpu = 0; cpu < kmem_rt.nr_cpus; cpu++) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		spin_lock(&pcp->lock);
		free_pcppages_bulk(zone, pcp->count, pcp);
		spin_unlock(&pcp->lock);
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
