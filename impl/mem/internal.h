/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interfaces of the model, grouped by the file that defines them. Nothing outside
 * impl/ includes this; kernel-style code sees <linux/...> and harnesses <kmem/kmem.h>.
 */
#ifndef _KMEM_MEM_INTERNAL_H
#define _KMEM_MEM_INTERNAL_H

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/mmzone.h>

#include "backend.h"

/* config.c: the booted configuration */
struct arch_profile {
	const char *name;
	unsigned long long default_mem;
	unsigned long long max_mem;
	/* exclusive upper bound of each zone in bytes; 0 = the profile has no such zone */
	unsigned long long zone_end[MAX_NR_ZONES];
	/* end of the direct map (lowmem), or ~0 for all of RAM */
	unsigned long long direct_map_end;
	unsigned long long reserved_bytes; /* firmware range at the start of RAM */
	/* size of [VMALLOC_START, VMALLOC_END); 0: as much as RAM could need (vmalloc_init()) */
	unsigned long long vmalloc_bytes;
};

struct kmem_runtime {
	const struct page_backend_ops *backend;
	const struct arch_profile *arch;
	unsigned long long mem_bytes;
	int nr_nodes;
	int nr_cpus;
	bool pcp;
	bool thp;	       /* KMEM_THP: min_free_kbytes as khugepaged sets it */
	bool pcp_tune;	       /* KMEM_PCP_TUNE: per-CPU high moves between high_min and high_max */
	int pcp_high_fraction; /* KMEM_PCP_HIGH_FRACTION: percpu_pagelist_high_fraction */
	bool nofragment;       /* KMEM_NOFRAGMENT */
	bool highatomic;       /* KMEM_HIGHATOMIC */
	int watermark_boost_factor; /* KMEM_BOOST_FACTOR */
	bool numa_simulated;
	bool numa_bound;     /* every node's memory bound to its host node */
	char slab_debug[32]; /* KMEM_SLAB_DEBUG letters, "" = off */
	long stall_warn_ms;  /* KMEM_STALL_WARN_MS: warn when a kmap() sleeps this long */
	bool compaction;     /* KMEM_COMPACTION: on, and the back end can isolate free blocks */
	/* KMEM_COMPACTION_PROACTIVENESS: vm.compaction_proactiveness, 0 = no proactive compaction
	 */
	int compaction_proactiveness;
	bool kcompactd; /* KMEM_KCOMPACTD: the kcompactd threads run */
	/* KMEM_ARCH=host: the host's layout and sysctls (config.c's copy), else NULL */
	const struct kmem_host_profile *host;
	bool init_on_alloc; /* KMEM_INIT_ON_ALLOC: init_on_alloc=1 */
	bool init_on_free;  /* KMEM_INIT_ON_FREE: init_on_free=1 */
};
extern struct kmem_runtime kmem_rt;

/*
 * want_init_on_alloc() and want_init_on_free() of include/linux/mm.h: whether a page
 * allocation must zero its pages (init_on_alloc, else __GFP_ZERO), and whether a free zeroes
 * them. The slab layer has its own, with exemptions (slab_internal.h).
 */
static inline bool want_init_on_alloc(gfp_t gfp)
{
	return unlikely(kmem_rt.init_on_alloc) || (gfp & __GFP_ZERO);
}

static inline bool want_init_on_free(void)
{
	return unlikely(kmem_rt.init_on_free);
}
/* zone.c: the reserve the watermarks are made from, in KiB, as vm.min_free_kbytes */
extern int min_free_kbytes;
/*
 * Incremented at every boot. Per-thread settings (the entered CPU, the cpuset, the memory
 * group) record the boot they were made in and fall back to their defaults in a later one,
 * where the CPU, node or group they name may not exist.
 */
extern unsigned long kmem_boot_seq;
extern const struct arch_profile arch_profiles[];
extern const int nr_arch_profiles;
int runtime_from_config(const struct kmem_config *cfg);

/* physmem.c: RAM (the memfd), the direct map and mem_map */
int physmem_init(unsigned long long bytes, unsigned long long direct_map_bytes);
void physmem_exit(void);
int physmem_fd(void);
void physmem_describe(struct kmem_info *info);
/*
 * After a failed reservation of address space: " (the address-space limit, ulimit -v, is
 * N MiB)" when the process has one, else ""; for the end of the error line
 */
const char *as_limit_note(void);

/* zone.c: nodes, zones, watermarks, lowmem_reserve, zonelists */
int zones_init(void);
void zones_exit(void);
void zone_free_area(const struct zone *zone, unsigned long nr_blocks[NR_PAGE_ORDERS]);

/* snapshot.c: kmem_config.snapshot applied to the booted zones; 0, -EINVAL or -ENOMEM */
int snapshot_apply(const struct kmem_snapshot *s);
/* frees the pre-existing owner's record (kmem_snapshot_free()); nothing without a snapshot */
void snapshot_exit(void);
/* whether @pfn's pageblock had no memory in the snapshot (a hole, memory not plugged) */
bool snapshot_pageblock_absent(unsigned long pfn);
/* gfp.c: gfp flag names, as the kernel prints them (%pGg, show_gfp_flags) */
struct gfp_name {
	gfp_t mask;
	const char *name;
};
extern const struct gfp_name gfp_names[];
extern const int nr_gfp_names;
/* "GFP_KERNEL|__GFP_ZERO"; the hex rest, if any bits have no name; "none" for 0 */
void format_gfp_flags(gfp_t gfp, char *buf, size_t size);

/* page_alloc.c */
/*
 * warn_alloc - the kernel's allocation-failure warning: "COMM: <fmt>, mode:0x..(flags),
 * nodemask=(null)", then the zones' state if @show_mem; nothing with __GFP_NOWARN; rate
 * limited as the kernel's (10 every 5 seconds)
 */
void warn_alloc(gfp_t gfp, bool show_mem, const char *fmt, ...) __printf(3, 4);
void page_alloc_stats(const struct zone *zone, unsigned long alloc[NR_PAGE_ORDERS],
		      unsigned long fail[NR_PAGE_ORDERS], unsigned long freed[NR_PAGE_ORDERS]);

/* pcp.c: per-CPU page lists and the CPU a thread runs as */
int pcp_init(struct zone *zone);
void pcp_exit(struct zone *zone);
/* pcp_allowed_order() is in backend.h: the back ends' event counts need it too */
/* a block of @order off this CPU's lists, refilled from the back end with @alloc_flags */
struct page *pcp_alloc(struct zone *zone, unsigned int order, int migratetype, gfp_t gfp,
		       unsigned int alloc_flags);
void pcp_free(struct zone *zone, struct page *page, unsigned int order, int migratetype);
/*
 * __rmqueue_pcplist() for alloc_pages_bulk(): up to @nr order-0 pages of @migratetype off this
 * CPU's list of @zone onto @out (through page->lru), refilled with @alloc_flags as a single
 * allocation would, in one hold of the list's lock; returns how many
 */
int pcp_alloc_bulk(struct zone *zone, int migratetype, unsigned int alloc_flags, int nr,
		   struct list_head *out);
/* the allocator saw the zone below its high watermark: the lists stop growing */
void zone_set_below_high(struct zone *zone);
/* adds the allocations the lists served without zone->lock, by order, to @hit */
void pcp_hit_stats(const struct zone *zone, unsigned long hit[NR_PAGE_ORDERS]);
/* /proc/zoneinfo's "pagesets" section of @zone */
void pcp_print_pagesets(FILE *out, const struct zone *zone);
unsigned long pcp_count(const struct zone *zone);
void pcp_drain_zone(struct zone *zone);
struct per_cpu_pages *this_cpu_pageset(struct zone *zone);

/* numa.c: node distances and CPU-to-node, real (hwloc) or simulated */
int numa_init(int nr_nodes);
void numa_bind_memory(void);
void numa_exit(void);
const char *numa_describe(void);
/* the calling thread's cpuset: nodes __GFP_HARDWALL allocations may use */
unsigned long current_mems_allowed(void);
int node_distance(int a, int b);
int cpu_to_node(int cpu);

/* memcontrol.c: __GFP_ACCOUNT charging */
int memcg_init(unsigned long nr_pages);
void memcg_exit(void);
bool memcg_charge(struct page *page, unsigned int order);
void memcg_uncharge(struct page *page, unsigned int order);
/* the tail pages of an order-@order block leave its charge; page 0 stays charged */
void memcg_uncharge_tails(struct page *page, unsigned int order);
/* split_page_memcg(): each page of the block is charged on its own, to the block's group */
void memcg_split(struct page *page, unsigned int order);

/* vmscan.c: reclaim, the simulated page cache, kswapd */
enum vm_event_item {
	ALLOCSTALL,
	PGSCAN_DIRECT,
	PGSTEAL_DIRECT,
	PGSCAN_KSWAPD,
	PGSTEAL_KSWAPD,
	KSWAPD_WAKEUPS,
	PGWRITEBACK,
	DIRTY_SKIPPED,
	SLABS_SCANNED,
	SHRINKER_SKIPPED_FS,
	SHRINKER_SKIPPED_IO,
	RECLAIM_RETRIES,
	ALLOC_WAITS,
	COMPACTSTALL,
	COMPACTFAIL,
	COMPACTSUCCESS,
	COMPACTMIGRATE_SCANNED,
	COMPACTFREE_SCANNED,
	COMPACTISOLATED,
	KCOMPACTD_WAKE,
	KCOMPACTD_MIGRATE_SCANNED,
	KCOMPACTD_FREE_SCANNED,
	PGMIGRATE_SUCCESS,
	PGMIGRATE_FAIL,
	NR_VM_EVENT_ITEMS
};
extern unsigned long vm_events[NR_VM_EVENT_ITEMS];
static inline void count_vm_events(enum vm_event_item item, unsigned long n)
{
	__atomic_fetch_add(&vm_events[item], n, __ATOMIC_RELAXED);
}
int vmscan_init(void);
void vmscan_exit(void);
/* Direct reclaim on the nodes in the bitmask @nodes; returns pages freed */
unsigned long try_to_free_pages(gfp_t gfp, unsigned int order, unsigned long nodes);
unsigned long zone_reclaimable_pages(const struct zone *zone);
/* kswapd of node @nid, for no particular order */
void wakeup_kswapd(int nid);
/*
 * wakeup_kswapd_order - wake kswapd of node @nid for an allocation of @order (@gfp) whose
 * highest zone is @highest_zoneidx; kswapd wakes kcompactd for that order as it goes to sleep.
 * On a node already balanced only kcompactd is woken, and only for a @gfp that cannot compact
 * directly, as in the kernel's wakeup_kswapd().
 */
void wakeup_kswapd_order(int nid, unsigned int order, enum zone_type highest_zoneidx, gfp_t gfp);

/* migrate.c: moving a movable page, and the movable marking (see <linux/migrate.h>) */
int migrate_init(unsigned long nr_pages);
void migrate_exit(void);
/*
 * migrate_movable_page - move the isolated block @src of 2^@order pages into @dst, a free block
 * of the same order that the caller took out of the back end: copy the data, let the owner move
 * its pointer, free @src. Return: MIGRATEPAGE_SUCCESS; else an error, with @src put back to its
 * owner and @dst still the caller's free block.
 */
int migrate_movable_page(struct page *src, struct page *dst, unsigned int order, int mode);
/*
 * page_alloc.c: a compound block's metadata, made by post_alloc_hook() for __GFP_COMP and by
 * migration for the target of a compound source; undone when the block is freed
 */
void prep_compound_page(struct page *page, unsigned int order);
void destroy_compound_page(struct page *page, unsigned int order);
/* kernel_init_pages(): zero @nr pages from @page, highmem ones through the memfd */
void kernel_init_pages(struct page *page, unsigned long nr);
/*
 * free_frozen_pages(): free the block of @order at @page whose last reference the caller
 * dropped itself (put_page_testzero(), page_ref_sub_and_test()); checked as any free
 */
void free_frozen_pages(struct page *page, unsigned int order);

/* compaction.c: mm/compaction.c */
enum compact_priority {
	COMPACT_PRIO_SYNC_FULL,
	MIN_COMPACT_PRIORITY = COMPACT_PRIO_SYNC_FULL,
	COMPACT_PRIO_SYNC_LIGHT,
	MIN_COMPACT_COSTLY_PRIORITY = COMPACT_PRIO_SYNC_LIGHT,
	DEF_COMPACT_PRIORITY = COMPACT_PRIO_SYNC_LIGHT,
	COMPACT_PRIO_ASYNC,
	INIT_COMPACT_PRIORITY = COMPACT_PRIO_ASYNC
};

/* In the kernel's order: a larger value is more progress (try_to_compact_pages() keeps the max) */
enum compact_result {
	COMPACT_NOT_SUITABLE_ZONE,
	COMPACT_SKIPPED,
	COMPACT_DEFERRED,
	COMPACT_NO_SUITABLE_PAGE,
	COMPACT_CONTINUE,
	COMPACT_COMPLETE,
	COMPACT_PARTIAL_SKIPPED,
	COMPACT_CONTENDED,
	COMPACT_SUCCESS,
};

int compaction_init(void);
void compaction_exit(void);
/* The kernel's fragmentation_index() of @zone at @order, in thousandths; -1000 = would succeed */
int zone_fragmentation_index(const struct zone *zone, unsigned int order);
/*
 * try_to_compact_pages - direct compaction for an allocation of @order along @zonelist, whose
 * zones must keep @wmark. Return: the best compact_result over the zones; COMPACT_SKIPPED when
 * compaction is off.
 */
enum compact_result try_to_compact_pages(gfp_t gfp, unsigned int order, enum zone_watermarks wmark,
					 struct zonelist *zonelist, enum zone_type highidx,
					 enum compact_priority prio);
void compaction_defer_reset(struct zone *zone, unsigned int order, bool alloc_success);
/* kcompactd: one thread per node, started after compaction_init() and before kswapd */
int kcompactd_run(void);
void kcompactd_stop(void);
/*
 * wakeup_kcompactd - ask kcompactd of node @nid to compact for @order in the zones up to
 * @highest_zoneidx (kswapd calls it as it goes to sleep); nothing for order 0
 */
void wakeup_kcompactd(int nid, unsigned int order, enum zone_type highest_zoneidx);
/*
 * kcompactd_clock_tick - the model's clock for proactive compaction: a CPU's lists in @zone
 * made another PCP_DECAY_OPS operations. Called with no lock held.
 */
void kcompactd_clock_tick(const struct zone *zone);
/*
 * should_compact_retry - after a failed compaction: retry at the same priority while compaction
 * makes progress, else raise the priority (lower value) once per retry down to the order's
 * minimum
 */
bool should_compact_retry(unsigned int order, enum compact_result result,
			  enum compact_priority *prio, int *retries);

/*
 * vm_host.c: the host side of kernel mappings, for vmalloc areas, kmap slots and per-CPU
 * chunks alike. A reserved range is PROT_NONE; vmap_pfn_range() maps pages of the RAM memfd
 * into it (aliases of their direct-map addresses); vunmap_range() makes it PROT_NONE again.
 * Both return 0 or -errno.
 */
void *vm_reserve(unsigned long size); /* NULL with errno set */
void vm_release(void *addr, unsigned long size);
int vmap_pfn_range(unsigned long addr, unsigned long pfn, unsigned long nr_pages);
int vunmap_range(unsigned long addr, unsigned long size);
/* vmalloc.c: a WARN()-style report of a bad call, naming @where in the kernel; rate limited */
void vm_warn(const char *where, const char *fmt, ...) __printf(2, 3);

/*
 * percpu.c: the per-CPU allocator's range and CPU locks, after the zones (its chunks take
 * pages, each CPU's from its node) and before slab; 0 or -errno after a line on stderr
 */
int percpu_init(void);
void percpu_exit(void);
/* highmem.c: the kmap part of kmem_vm_stats() */
void highmem_stats(struct kmem_vm_stats *out);

/* checks.c: page state checks and "Bad page" reports */
/*
 * One byte per pfn, owned by the page allocator (like the kernel's page_ext): what the page is,
 * whatever a back end or a caller writes into struct page. Head of an allocated block:
 * order | migratetype << 4 (the migratetype picks the per-CPU list the page returns to).
 */
enum page_state {
	PS_TAIL = 0xfd,	    /* inside an allocated block, not its head */
	PS_RESERVED = 0xfe, /* firmware range: never allocatable */
	PS_FREE = 0xff,	    /* held by a back end or a per-CPU list */
};
extern unsigned char *page_state;
int checks_init(unsigned long nr_pages);
void checks_exit(void);
/* record an allocation handed out / a free accepted */
void page_state_set_allocated(unsigned long pfn, unsigned int order, int migratetype);
void page_state_set_free(unsigned long pfn, unsigned int order);
/*
 * page_block_check - whether @page heads an allocated block of exactly @order, as a free or a
 * split of it by @caller needs; reported as a bad page (or pointer) when not
 */
bool page_block_check(struct page *page, unsigned int order, const char *caller);
enum free_claim {
	FREE_REFUSED, /* reported, nothing changed */
	FREE_KEPT,    /* the caller's reference is dropped, others remain */
	FREE_LAST,    /* the caller took the last reference: the block must be freed */
};
/*
 * free_page_claim - decide a free of @page at @order by @caller: check the block, drop the
 * caller's reference, and, when it was the last, check the page as free_pages_prepare() does.
 * Of two racing frees of one reference, exactly one gets FREE_LAST; the other is reported as a
 * free of a free page.
 */
enum free_claim free_page_claim(struct page *page, unsigned int order, const char *caller);
/*
 * free_frozen_claim - decide the free of @page at @order whose last reference the caller
 * dropped itself (put_page_testzero(), page_ref_sub_and_test()): the same checks, the count
 * already 0. Return: FREE_LAST, or FREE_REFUSED after a report.
 */
enum free_claim free_frozen_claim(struct page *page, unsigned int order, const char *caller);
static inline unsigned char page_state_read(unsigned long pfn)
{
	return __atomic_load_n(&page_state[pfn], __ATOMIC_RELAXED);
}
static inline int page_state_migratetype(unsigned long pfn)
{
	return page_state_read(pfn) >> 4;
}
void bad_page(const struct page *page, const char *reason);
/* "reserved|head|node=0|zone=1", as dump_page() prints page->flags */
void format_page_flags(unsigned long flags, char *buf, size_t size);

struct ratelimit_state {
	int interval_s;
	int burst;
	long begin_s;
	int printed;
	int missed;
};
/*
 * The kernel's RATELIMIT_STATE_INIT. A limiter starts with it, as well as being reset to it at
 * boot (a compound literal of it): a zeroed one has no burst, and would hide what is reported
 * before the first boot.
 */
#define RATELIMIT_STATE_INIT(interval, burst_)              \
	{                                                   \
		.interval_s = (interval), .burst = (burst_) \
	}
/* warn_alloc()'s limiter, reset at boot with the bad-page one */
extern struct ratelimit_state warn_alloc_rs;
/* true when a message may be printed now; says how many were suppressed when printing resumes */
bool __ratelimit(struct ratelimit_state *rs, const char *what);
const char *current_comm(void);

#endif
