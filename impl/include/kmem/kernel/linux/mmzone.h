/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Nodes, zones and zonelists, after include/linux/mmzone.h. A zone is a pfn range of one node
 * with its own lock, watermarks, per-CPU page lists and back-end state. Zones a profile does not
 * configure (ZONE_DMA32 on x86_32, ZONE_HIGHMEM on x86_64) and zones a node's range does not
 * cross stay empty (managed_pages == 0) and are left out of every zonelist.
 */
#ifndef _KMEM_LINUX_MMZONE_H
#define _KMEM_LINUX_MMZONE_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/mm_types.h>
#include <linux/spinlock.h>
#include <linux/types.h>

enum zone_type { ZONE_DMA, ZONE_DMA32, ZONE_NORMAL, ZONE_HIGHMEM, MAX_NR_ZONES };

enum migratetype {
	MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_PCPTYPES, /* the number of types on the per-CPU lists */
	MIGRATE_HIGHATOMIC = MIGRATE_PCPTYPES,
	MIGRATE_TYPES
};

enum zone_watermarks { WMARK_MIN, WMARK_LOW, WMARK_HIGH, NR_WMARK };

#define MAX_NUMNODES		(1 << 6)
#define pageblock_order		9
#define pageblock_nr_pages	(1UL << pageblock_order)
#define PAGE_ALLOC_COSTLY_ORDER 3

/* numastat events, counted per zone and CPU like the alloc/free events */
enum numa_stat_item {
	NUMA_HIT,
	NUMA_MISS,
	NUMA_FOREIGN,
	NUMA_LOCAL,
	NUMA_OTHER,
	NR_NUMA_STAT_ITEMS
};

/*
 * Per-CPU page lists cache orders 0..PAGE_ALLOC_COSTLY_ORDER, one list per (migratetype,
 * order), and the pageblock (THP) order, one list for movable blocks and one for the rest:
 * pcp_allowed_order() and order_to_pindex() in pcp.c.
 */
#define NR_PCP_THP	      2
#define NR_LOWORDER_PCP_LISTS (MIGRATE_PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1))
#define NR_PCP_LISTS	      (NR_LOWORDER_PCP_LISTS + NR_PCP_THP)

/* CONFIG_PCP_BATCH_SCALE_MAX: batches grow to at most batch << this */
#define PCP_BATCH_SCALE_MAX 5

/* pcp->flags */
#define PCPF_PREV_FREE_HIGH_ORDER (1U << 0) /* the last free was of order 1..3 */
/* the CPU's share of the last-level cache holds more than 3 batches: keep a batch on frees */
#define PCPF_FREE_HIGH_BATCH (1U << 1)

/*
 * Per-CPU page lists of one zone. Its own lock, as since Linux 5.19, because a simulated CPU
 * may be shared by several threads. Pages on it are free: counted by nr_free_pages() but not
 * by the zone's NR_FREE_PAGES. high moves between high_min and high_max when auto-tuned
 * (high_min == high_max when not).
 */
struct per_cpu_pages {
	spinlock_t lock;
	int count;	     /* pages (not blocks) on the lists; under lock */
	int high;	     /* above this, pages go back to the back end */
	int high_min;	     /* the floor high decays to */
	int high_max;	     /* the ceiling high grows to */
	int batch;	     /* pages moved to or from the back end at a time, before scaling */
	unsigned char flags; /* PCPF_* */
	unsigned char alloc_factor; /* order-0 refills are batch << this; halved by a free */
	short free_count;	    /* pages freed since the last allocation, decayed */
	unsigned int ticks;	    /* operations left until decay_pcp_high() runs */
	/* hot pages at the head, cold at the tail */
	struct list_head lists[NR_PCP_LISTS];
	/* events of this CPU in this zone (relaxed atomics: another thread may share the CPU) */
	unsigned long alloc[NR_PAGE_ORDERS];
	unsigned long fail[NR_PAGE_ORDERS];
	unsigned long free[NR_PAGE_ORDERS];
	unsigned long pcp_hit[NR_PAGE_ORDERS]; /* served from a list without zone->lock */
	unsigned long numa[NR_NUMA_STAT_ITEMS];
} __attribute__((aligned(64)));

/* zone->flags bits */
enum zone_flags {
	/* free pages fell below the high watermark: per-CPU lists stop growing and shrink */
	ZONE_BELOW_HIGH,
	ZONE_BOOSTED_WATERMARK, /* a fallback boosted the watermark: wake kswapd to reclaim it */
	ZONE_RECLAIM_ACTIVE,	/* kswapd is balancing the zone: per-CPU lists are capped */
};

enum zone_stat_item {
	NR_FREE_PAGES, /* pages held by the back end (not on per-CPU lists) */
	NR_ZONE_STAT_ITEMS
};

struct pglist_data;
struct page_backend_ops;

struct zone {
	/* Read-mostly, fixed at boot */
	unsigned long _watermark[NR_WMARK];
	/* pages this zone keeps back from allocations whose highest zone is higher */
	long lowmem_reserve[MAX_NR_ZONES];
	int node;
	enum zone_type zone_idx;
	const char *name;
	struct pglist_data *zone_pgdat;
	unsigned long zone_start_pfn;
	unsigned long spanned_pages; /* the pfn range, reserved pages included */
	unsigned long present_pages; /* spanned less holes: only the host profile has any */
	unsigned long managed_pages; /* present minus reserved: what the back end manages */
	struct per_cpu_pages *per_cpu_pageset; /* [nr_cpu_ids], NULL with KMEM_PCP=0 */
	unsigned long flags;		       /* ZONE_* bits, atomic */

	/* Written under lock */
	spinlock_t lock;
	void *backend_data; /* the back end's own free structures */
	/*
	 * Anti-fragmentation state of grouping back ends (zero elsewhere), written under lock:
	 * the watermark boost that a fallback adds and kswapd reclaims back (boost_watermark()),
	 * the pages in MIGRATE_HIGHATOMIC pageblocks and those of them that are free
	 * (reserve_highatomic_pageblock()). Read without it, as racy hints.
	 */
	unsigned long watermark_boost;
	unsigned long nr_reserved_highatomic;
	unsigned long nr_free_highatomic;
	/*
	 * Free-list events since boot, counted where Linux 6.18's tracepoints fire, by the order
	 * asked for (kmem_zone_stats() says what each is). Written and read under lock: each is
	 * one increment in a path that holds it already.
	 */
	unsigned long locked_alloc[2][NR_PAGE_ORDERS]; /* [percpu_refill] */
	unsigned long pcp_drain[NR_PAGE_ORDERS];
	unsigned long fallback[2][NR_PAGE_ORDERS]; /* [fragmenting] */
	/* compact_zone() runs: a relaxed atomic, since compaction holds no zone->lock then */
	unsigned long compact_runs;

	atomic_long_t vm_stat[NR_ZONE_STAT_ITEMS];
} __attribute__((aligned(64)));

static inline unsigned long zone_end_pfn(const struct zone *zone)
{
	return zone->zone_start_pfn + zone->spanned_pages;
}

static inline bool populated_zone(const struct zone *zone)
{
	return zone->managed_pages != 0;
}

static inline bool is_highmem_idx(enum zone_type idx)
{
	return idx == ZONE_HIGHMEM;
}

static inline bool is_highmem(const struct zone *zone)
{
	return is_highmem_idx(zone->zone_idx);
}

static inline unsigned long zone_page_state(const struct zone *zone, enum zone_stat_item item)
{
	long x = atomic_long_read(&zone->vm_stat[item]);

	return x < 0 ? 0 : (unsigned long)x;
}

/* The watermarks in force: the boost raises all three, as in Linux since 5.0 */
static inline unsigned long wmark_pages(const struct zone *z, enum zone_watermarks w)
{
	return z->_watermark[w] + __atomic_load_n(&z->watermark_boost, __ATOMIC_RELAXED);
}

#define min_wmark_pages(z)  wmark_pages(z, WMARK_MIN)
#define low_wmark_pages(z)  wmark_pages(z, WMARK_LOW)
#define high_wmark_pages(z) wmark_pages(z, WMARK_HIGH)

struct zoneref {
	struct zone *zone;
	int zone_idx;
};

/* Every populated zone of every node, nearest node first, highest zone first in a node */
#define MAX_ZONES_PER_ZONELIST (MAX_NUMNODES * MAX_NR_ZONES)
enum {
	ZONELIST_FALLBACK,   /* all nodes by distance */
	ZONELIST_NOFALLBACK, /* this node only, for __GFP_THISNODE */
	MAX_ZONELISTS
};

struct zonelist {
	int nr_zonerefs;
	struct zoneref *_zonerefs; /* [nr_zonerefs] */
};

typedef struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES];
	struct zonelist node_zonelists[MAX_ZONELISTS];
	int nr_zones; /* highest populated zone index + 1 */
	int node_id;
	unsigned long node_start_pfn;
	unsigned long node_spanned_pages;
} pg_data_t;

extern struct pglist_data *node_data[MAX_NUMNODES];
extern int nr_online_nodes;
#define NODE_DATA(nid) (node_data[(nid)])

#define for_each_online_node(nid) for ((nid) = 0; (nid) < nr_online_nodes; (nid)++)

/* Every zone of every node, populated or not */
#define for_each_zone(zone)                                   \
	for (int __nid = 0; __nid < nr_online_nodes; __nid++) \
		for ((zone) = NODE_DATA(__nid)->node_zones;   \
		     (zone) < NODE_DATA(__nid)->node_zones + MAX_NR_ZONES; (zone)++)

#define for_each_populated_zone(zone)      \
	for_each_zone(zone)                \
		if (!populated_zone(zone)) \
			;                  \
		else

/* Zones of @zlist at or below @highidx, in fallback order */
#define for_each_zone_zonelist(zone, z, zlist, highidx)                                        \
	for ((z) = (zlist)->_zonerefs; (z) < (zlist)->_zonerefs + (zlist)->nr_zonerefs; (z)++) \
		if ((z)->zone_idx > (int)(highidx) || !((zone) = (z)->zone))                   \
			;                                                                      \
		else

#endif
