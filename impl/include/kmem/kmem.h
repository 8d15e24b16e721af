/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmembench runtime: configuration, boot and shutdown of the model, statistics, and the list of
 * page back ends. Kernel-style code uses <linux/...> headers; this one is for the harness
 * around it (benchmarks, tests, the CLI).
 */
#ifndef _KMEM_KMEM_H
#define _KMEM_KMEM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KMEM_PCP_OFF	  (-1)
#define KMEM_PCP_TUNE_OFF (-1)
/* Transparent hugepages off: min_free_kbytes is not raised for them (kmem_config.thp) */
#define KMEM_THP_OFF (-1)
/* an on/off field of kmem_config set to off (0 there means the default) */
#define KMEM_OFF	    (-1)
#define KMEM_COMPACTION_OFF (-1)

struct kmem_host_profile;
struct kmem_snapshot;

/* zero = default; kmem_boot(NULL) reads the KMEM_* environment variables instead */
struct kmem_config {
	const char *backend;	      /* KMEM_BACKEND: buddy (default) | bitmap | freelist */
	const char *arch;	      /* KMEM_ARCH: x86_64 (default) | x86_32 */
	unsigned long long mem_bytes; /* KMEM_MEM: "6G", "512M"; 0 = the profile's default */
	int nr_nodes;		      /* KMEM_NODES: 1 (default) */
	int pcp;		      /* KMEM_PCP: 0 = default (on), 1 = on, KMEM_PCP_OFF = none */
	int thp;		      /* KMEM_THP: 0 = default (on), 1 = on, KMEM_THP_OFF = off */
	/* KMEM_PCP_TUNE: 0 = default (on), 1 = on, KMEM_PCP_TUNE_OFF = fixed high */
	int pcp_tune;
	/* KMEM_PCP_HIGH_FRACTION: percpu_pagelist_high_fraction, 0 (default) or 8 and up */
	int pcp_high_fraction;
	const char *slab_debug; /* KMEM_SLAB_DEBUG */
	/*
	 * Anti-fragmentation of the grouping back end (buddy), each 0 = default (on), 1 = on,
	 * KMEM_OFF = off. KMEM_NOFRAGMENT: the fast path's first pass does not fall back into
	 * other types' pageblocks (ALLOC_NOFRAGMENT). KMEM_HIGHATOMIC: high-order atomic
	 * allocations reserve pageblocks (MIGRATE_HIGHATOMIC).
	 */
	int nofragment;
	int highatomic;
	/*
	 * KMEM_BOOST_FACTOR: vm.watermark_boost_factor, how far a fallback may boost the
	 * watermarks, in 1/10000 of the high watermark; 0 = default (15000), KMEM_OFF = 0 (none)
	 */
	int watermark_boost_factor;
	/* KMEM_COMPACTION: 0 = default (on), 1 = on, KMEM_COMPACTION_OFF = none */
	int compaction;
	/*
	 * KMEM_COMPACTION_PROACTIVENESS: vm.compaction_proactiveness, 1 to 100; 0 = default (20),
	 * KMEM_OFF = 0 (no proactive compaction)
	 */
	int compaction_proactiveness;
	/*
	 * KMEM_KCOMPACTD: 0 = default (on), 1 = on, KMEM_OFF = no kcompactd (compaction only
	 * where an allocation or kmem_compact_*() runs it)
	 */
	int kcompactd;
	/*
	 * The host profile (arch "host"): where its figures come from, KMEM_HOST_PROC, a directory
	 * as kmem_host_load() takes it (NULL: /proc); or @host, a profile already loaded, which
	 * wins over the directory so that a caller compares the model with the very figures it
	 * booted from
	 */
	const char *host_proc;
	const struct kmem_host_profile *host;
	/*
	 * Physical memory as a running kernel had it (arch "host" only): the model boots with
	 * these free blocks and pageblock types, every other managed page allocated. NULL: all
	 * managed pages free, as at a kernel's boot.
	 */
	const struct kmem_snapshot *snapshot;
	/*
	 * Memory auto-initialisation, the kernel's init_on_alloc= and init_on_free= (off by
	 * default, as on Debian's kernel), each 0 = default (off), 1 = on, KMEM_OFF = off.
	 * KMEM_INIT_ON_ALLOC: every page allocation and slab object is zeroed.
	 * KMEM_INIT_ON_FREE: every freed page and slab object is zeroed (so allocations need not
	 * be). Caches with a constructor or SLAB_POISON (KMEM_SLAB_DEBUG=P) are exempt, as in
	 * 6.18; __GFP_ZERO zeroes whatever these say.
	 */
	int init_on_alloc;
	int init_on_free;
};

/**
 * kmem_boot - build the model: RAM, mem_map, nodes, zones, back end
 * @cfg: configuration, or NULL to read the environment
 *
 * Return: 0, or -errno after one line on stderr naming the bad value.
 */
int kmem_boot(const struct kmem_config *cfg);
/* Frees everything kmem_boot made; the model may be booted again afterwards */
void kmem_shutdown(void);
bool kmem_booted(void);

/**
 * kmem_config_from_env - fill @cfg from KMEM_* variables (unset ones stay zero = default)
 * Return: 0, or -EINVAL after one line on stderr naming the variable and its value.
 */
int kmem_config_from_env(struct kmem_config *cfg);
/**
 * kmem_parse_dec - the one parser of unsigned decimal integers (sizes, KMEM_* variables, the
 * command line, trace fields)
 * @s: the first character
 * @e: one past the last: the number fills [@s, @e), which need not be NUL-terminated
 * @out: receives the value, only on success
 *
 * Decimal digits and nothing else, so that a leading zero is a digit like any other ("010" is
 * ten) and no sign, space, base prefix or suffix slips through. Inline: the trace parser calls
 * it for every number of millions of lines.
 *
 * Return: true, or false for an empty span, any other character, or a value above UINT64_MAX.
 */
static inline bool kmem_parse_dec(const char *s, const char *e, uint64_t *out)
{
	uint64_t v = 0;

	if (s == e)
		return false;
	for (; s < e; s++)
		if (*s < '0' || *s > '9' || __builtin_mul_overflow(v, 10, &v) ||
		    __builtin_add_overflow(v, (uint64_t)(*s - '0'), &v))
			return false;
	*out = v;
	return true;
}
/* Parses "6G", "512M", "4096K", "65536" (bytes); -EINVAL on anything else */
int kmem_parse_size(const char *s, unsigned long long *bytes);

/**
 * kmem_parse_gfp - read a gfp mask as show_gfp_flags() and the tracepoints print it
 * @s: names joined by '|' ("GFP_KERNEL|__GFP_ZERO"), hex numbers among them ("0x400cc0"), or
 *     "none"; not NUL-terminated
 * @len: length of @s
 * @gfp: the mask, every known token ORed in (set unless -EINVAL)
 * @unknown: receives the first name the library does not know, or ""; may be NULL
 * @unknown_size: size of @unknown
 *
 * Return: 0; 1 when a name was unknown (its bits are missing from @gfp); -EINVAL for an empty
 * token or one that is neither a name nor a hex number.
 */
int kmem_parse_gfp(const char *s, size_t len, unsigned int *gfp, char *unknown,
		   size_t unknown_size);
/* The mask as show_gfp_flags() prints it: "GFP_KERNEL|__GFP_ZERO", "none" for 0 */
void kmem_format_gfp(unsigned int gfp, char *buf, size_t size);

/* Back ends, in registry order */
int kmem_backend_count(void);
const char *kmem_backend_name(int i);
const char *kmem_backend_summary(int i);

/* Arch profiles: the built-in ones, then "host", this machine (kmem_host_load()) */
int kmem_arch_count(void);
const char *kmem_arch_name(int i);

/*
 * The host profile, arch "host": the nodes and zones of a Linux machine as its /proc/zoneinfo
 * shows them, and its vm sysctls. The kernel's own figures (watermarks, protection, per-CPU
 * list sizes) are kept beside the layout, for comparing the model with them.
 */
enum { KMEM_HOST_MAX_ZONES = 8, KMEM_HOST_MAX_NODES = 64 };
struct kmem_host_zone {
	int node;
	char name[16]; /* as zoneinfo names it: DMA, DMA32, Normal, HighMem, Movable, Device */
	unsigned long start_pfn, spanned, present, managed;
	/* the kernel's figures: watermarks as printed (boost included), and the boost itself */
	unsigned long min, low, high, boost;
	int nr_protection; /* columns of "protection:", one per zone of the node, in its order */
	long protection[KMEM_HOST_MAX_ZONES];
	/* the first CPU's pageset; pcp_uniform: every CPU has the same batch/high_min/high_max */
	bool has_pcp, pcp_uniform;
	long pcp_high, pcp_batch, pcp_high_min, pcp_high_max;
};
struct kmem_host_profile {
	char zoneinfo[256]; /* the files read */
	char sysctl[256];
	int nr_nodes;
	int nr_zones; /* in file order: node by node, each node's zones by index */
	struct kmem_host_zone zones[KMEM_HOST_MAX_NODES * KMEM_HOST_MAX_ZONES];
	int nr_cpus; /* CPUs with a pageset in zoneinfo: the online ones */
	/* vm sysctls; -1 where the source lacks one that is optional (the last three) */
	long min_free_kbytes, watermark_scale_factor, percpu_pagelist_high_fraction;
	long watermark_boost_factor, extfrag_threshold, compaction_proactiveness;
	int nr_lowmem_reserve_ratio; /* by zone index, as the node's zones are listed */
	long lowmem_reserve_ratio[KMEM_HOST_MAX_ZONES];
};
/**
 * kmem_host_load - read a host profile
 * @dir: NULL for this machine (/proc/zoneinfo and /proc/sys/vm/), or a directory holding either
 *       zoneinfo and sys/vm/NAME (a copy of /proc), or before.zoneinfo and before.sysctl (a
 *       capture bundle: "NAME VALUE" lines)
 * @out: the profile
 *
 * Return: 0, or -errno after one line on stderr naming the file and what is wrong with it.
 */
int kmem_host_load(const char *dir, struct kmem_host_profile *out);
/**
 * kmem_host_load_files - kmem_host_load() from named files
 * @zoneinfo: a /proc/zoneinfo copy
 * @sysctl: a directory of vm sysctl files (/proc/sys/vm), or a file of "NAME VALUE" lines
 * @out: the profile
 *
 * Return: as kmem_host_load().
 */
int kmem_host_load_files(const char *zoneinfo, const char *sysctl, struct kmem_host_profile *out);

/*
 * A snapshot of a kernel's physical memory (kmem_config.snapshot), as plain data: what each pfn
 * held and each pageblock's migratetype. The reader that makes one from a capture bundle's
 * kpageflags and pagetypeinfo lives above (workloads/trace/snapshot_read.h).
 */
enum {
	/* 0 .. KMEM_NR_ORDERS - 1: the first pfn of a free block of that order */
	KMEM_SNAP_FREE_TAIL = 0xfc, /* inside a free block, after its first pfn */
	KMEM_SNAP_USED = 0xfd,	    /* allocated: the model gives it to a "pre-existing" owner */
	KMEM_SNAP_RESERVED = 0xfe,  /* not managed: reserved by firmware or memblock, or a hole */
	KMEM_SNAP_PB_ABSENT = -2,   /* kmem_snapshot.pageblock_mt: a pageblock without memory */
};
struct kmem_snapshot {
	unsigned long nr_pfns;		/* pfns described, from 0; those beyond are reserved */
	const unsigned char *pfn_state; /* per pfn, as the enum above */
	unsigned int pb_order; /* pageblock order of the captured kernel: must be the model's */
	/*
	 * per pageblock (pfn >> pageblock_order): 0 .. KMEM_NR_MIGRATETYPES - 1, -1 to keep, or
	 * KMEM_SNAP_PB_ABSENT: every pfn of it reserved for want of memory (a hole, memory not
	 * plugged), where the kernel has no memory map: left out of kmem_pagetype_stats()
	 */
	const signed char *pageblock_mt;
	unsigned long nr_pageblocks;
};

/**
 * kmem_snapshot_free - free what a snapshot boot gave to the "pre-existing" owner, as the
 * captured kernel freed it: a traced mm_page_free of a page allocated before the capture began
 * @pfn: the block's first pfn
 * @order: its order
 *
 * The 2^@order pages from @pfn must all still be the pre-existing owner's (the snapshot had
 * them in use and nothing freed them since). They are freed as one block of @order, the way
 * the kernel's free of that block goes: onto the calling thread's CPU's per-CPU list of that
 * order when the order is one the lists hold, else to the back end's free lists.
 *
 * The block is freed as the allocator would have handed it out (not compound, of its
 * pageblock's migratetype now) through __free_pages(): the same checks and the same events
 * as any free of that order (a per-CPU list that goes over high gives back: pcp_drain).
 *
 * Return: 0; -ENOENT when a page of the range is not the pre-existing owner's (nothing is
 * freed; a page freed once is no longer its); -EINVAL for an order above MAX_PAGE_ORDER, a
 * range outside memory, not aligned to @order or across two zones, or a model booted without
 * a snapshot; -ENODEV while the model is not booted.
 */
int kmem_snapshot_free(unsigned long pfn, unsigned int order);
/* Pages the pre-existing owner still holds (0 without a snapshot boot) */
unsigned long kmem_snapshot_pages(void);

/* What the booted model is, and what the host let it be */
struct kmem_info {
	const char *backend;
	const char *arch;
	unsigned long long mem_bytes;
	unsigned long nr_pages;
	int nr_nodes;
	bool numa_simulated;
	/* every node's memory is bound to its host node: remote accesses are really remote */
	bool numa_bound;
	/* where the topology came from, and whether memory is bound to host nodes */
	char numa[160];
	int nr_cpus;
	bool pcp;
	/* the model's THP switch: on, khugepaged raises min_free_kbytes as on a distribution kernel
	 */
	bool thp;
	int min_free_kbytes;	     /* as /proc/sys/vm/min_free_kbytes */
	bool pcp_tune;		     /* per-CPU high auto-tuned between high_min and high_max */
	int pcp_high_fraction;	     /* percpu_pagelist_high_fraction, 0 = from the low watermark */
	bool nofragment, highatomic; /* as booted; false on back ends without pageblock types */
	int watermark_boost_factor;  /* 0 when off or without pageblock types */
	/* compaction runs: switched on, and the back end can hand out a given free block */
	bool compaction;
	bool compaction_supported;    /* the back end could be compacted (isolate_free) */
	int compaction_proactiveness; /* vm.compaction_proactiveness; 0 when off or not compacted */
	bool kcompactd;		      /* kcompactd threads run: switched on, and compaction on */
	/* "hugetlb", "thp" or "4k": what the direct map got, read back from /proc/self/smaps */
	const char *direct_map_kind;
	unsigned long direct_map_page_size;
	/* why a larger page size was not had, or "" */
	char direct_map_note[160];
	bool init_on_alloc, init_on_free; /* memory auto-initialisation, as booted */
};
void kmem_get_info(struct kmem_info *info);

enum { KMEM_NR_ORDERS = 11, KMEM_NR_ZONES = 4 };

struct kmem_zone_stats {
	int node;
	int zone_idx;
	const char *name;
	bool populated;
	unsigned long start_pfn, spanned, managed;
	unsigned long free;	    /* held by the back end */
	unsigned long pcp_free;	    /* on per-CPU lists */
	unsigned long watermark[3]; /* min, low, high, the boost included (as /proc/zoneinfo) */
	unsigned long watermark_boost;
	unsigned long nr_reserved_highatomic; /* pages in MIGRATE_HIGHATOMIC pageblocks */
	long lowmem_reserve[KMEM_NR_ZONES];
	unsigned long free_blocks[KMEM_NR_ORDERS]; /* buddyinfo */
	unsigned long alloc[KMEM_NR_ORDERS], fail[KMEM_NR_ORDERS], freed[KMEM_NR_ORDERS];
	/* allocations a per-CPU list served without taking the zone lock */
	unsigned long pcp_hit[KMEM_NR_ORDERS];
	unsigned long present; /* spanned less the holes (only the host profile has holes) */
	/*
	 * The zone's free-list events since boot, counted where the kernel's tracepoints fire,
	 * by the order asked for, so that a capture's trace can be set beside them:
	 *  locked_alloc[1][o]: blocks taken from the free lists of the request's own migratetype
	 *	(__rmqueue_smallest()) at an order and type the per-CPU lists hold: the
	 *	mm_page_alloc_zone_locked events with percpu_refill=1 (rmqueue_bulk()'s refills,
	 *	mostly); locked_alloc[0][o] the others (percpu_refill=0), among them every block of
	 *	the highatomic reserve. As in 6.18, a claim of a block below pageblock order ends in
	 *	such an event (the claimed pageblock's lists are the request's by then), while a
	 *	claim of a whole pageblock or more and a steal are none, only a fallback.
	 *	percpu_refill follows the order and type alone, per-CPU lists or not (KMEM_PCP=0).
	 *	A back end without migratetypes counts every block it hands out, by the request's
	 *	type.
	 *  pcp_drain[o]: blocks given back from per-CPU lists to the free lists
	 *	(free_pcppages_bulk(): mm_page_pcpu_drain).
	 *  fallback[1][o]: allocations served from another migratetype's free lists with a block
	 *	below pageblock order (mm_page_alloc_extfrag with fragmenting=1); fallback[0][o]
	 *	those with a whole pageblock or more (fragmenting=0). None without migratetypes.
	 *  compact_runs: compact_zone() runs on the zone (mm_compaction_begin).
	 */
	unsigned long locked_alloc[2][KMEM_NR_ORDERS];
	unsigned long pcp_drain[KMEM_NR_ORDERS];
	unsigned long fallback[2][KMEM_NR_ORDERS];
	unsigned long compact_runs;
};
/* 0, or -ENOENT when @nid or @zone_idx is out of range */
int kmem_zone_stats(int nid, int zone_idx, struct kmem_zone_stats *out);

/* One CPU's per-CPU lists of one zone, as /proc/zoneinfo's "pagesets" shows them */
struct kmem_pcp_stats {
	int count;	  /* pages on the lists */
	int high;	  /* above this, a free gives pages back */
	int batch;	  /* pages a refill or a give-back moves, before scaling */
	int high_min;	  /* the floor high decays to */
	int high_max;	  /* the ceiling an auto-tuned high grows to (high_min when fixed) */
	int free_count;	  /* pages freed since allocations stopped, decayed */
	int alloc_factor; /* order-0 refills take batch << this */
	unsigned long blocks[KMEM_NR_ORDERS]; /* blocks on the lists, by order */
};
/* 0, or -ENOENT for a node, zone or CPU out of range, an empty zone, or no per-CPU lists */
int kmem_pcp_stats(int nid, int zone_idx, int cpu, struct kmem_pcp_stats *out);
/**
 * kmem_pcp_decay - one vmstat_update() tick at once on every CPU and zone: each auto-tuned
 * high an eighth closer to high_min, the pages above high given back (decay_pcp_high())
 *
 * The model also runs this tick by itself, every 65536 operations of a CPU's lists in a zone.
 * Return: how many lists sets have decaying left to do (0 when every high is at high_min).
 */
int kmem_pcp_decay(void);
/*
 * /proc/pagetypeinfo: pageblocks of a zone by migratetype (Unmovable, Movable, Reclaimable,
 * HighAtomic) and its free blocks by migratetype and order. For a back end that groups by
 * mobility (buddy); the others have no pageblock types.
 */
enum { KMEM_NR_MIGRATETYPES = 4 };
extern const char *const kmem_migratetype_names[KMEM_NR_MIGRATETYPES];
struct kmem_pagetype_stats {
	unsigned long pageblocks[KMEM_NR_MIGRATETYPES];
	unsigned long free_blocks[KMEM_NR_MIGRATETYPES][KMEM_NR_ORDERS];
};
/* 0; -ENOENT for a zone out of range; -EOPNOTSUPP when the back end has no pageblock types */
int kmem_pagetype_stats(int nid, int zone_idx, struct kmem_pagetype_stats *out);
/* The migratetype of @pfn's pageblock; -ENOENT beyond RAM, -EOPNOTSUPP as above */
int kmem_pageblock_migratetype(unsigned long pfn);
/* /proc/pagetypeinfo-like report; one line saying so on a back end without pageblock types */
void kmem_print_pagetypeinfo(FILE *out);

/* NUMA: distance between two nodes (10 local), or -1 */
int kmem_node_distance(int a, int b);

/**
 * kmem_cpu_to_node - the NUMA node a (simulated) CPU belongs to, as cpu_to_node() in the kernel
 * @cpu: 0 .. nr_cpus-1 of kmem_get_info()
 *
 * Return: the node, or -1 for a CPU out of range. With fewer CPUs than simulated nodes, the
 * last nodes have no CPU: no @cpu maps to them.
 */
int kmem_cpu_to_node(int cpu);

/* Per-node allocation outcomes, as /sys/devices/system/node/nodeN/numastat counts them */
struct kmem_numastat {
	unsigned long numa_hit;	    /* allocated here, and this was the preferred node */
	unsigned long numa_miss;    /* allocated here, though another node was preferred */
	unsigned long numa_foreign; /* preferred here, but allocated on another node */
	unsigned long local_node;   /* allocated here by a CPU of this node */
	unsigned long other_node;   /* allocated here by a CPU of another node */
};
/* 0, or -ENOENT for a node that does not exist */
int kmem_numa_stats(int nid, struct kmem_numastat *out);

/*
 * kmem_thread_set_mems_allowed - the calling thread's cpuset: the nodes (bit n = node n) its
 * __GFP_HARDWALL allocations may use. Allocations without __GFP_HARDWALL may leave it, as from a
 * softwall cpuset; atomic ones ignore it, as in the kernel. Default: all nodes.
 * Return: 0, or -EINVAL when @mask names no online node.
 */
int kmem_thread_set_mems_allowed(unsigned long mask);

/*
 * Memory groups for __GFP_ACCOUNT (a memcg's kmem accounting). Accounted allocations are
 * charged to the calling thread's group; past a group's limit they fail (NULL).
 * kmem_memcg_create returns the new group's id (> 0), or -EINVAL (also while the model is
 * down) / -ENOSPC (64 groups).
 * kmem_thread_set_memcg makes @id (0 = root, the default) the calling thread's group.
 */
struct kmem_memcg_stats {
	const char *name;
	unsigned long limit;   /* pages, 0 = none */
	unsigned long charged; /* pages charged now */
	unsigned long failcnt; /* charges refused */
};
int kmem_memcg_create(const char *name, unsigned long limit_pages);
int kmem_thread_set_memcg(int id);
int kmem_memcg_stats(int id, struct kmem_memcg_stats *out);

/* Bad page reports since boot, suppressed ones included */
unsigned long kmem_bad_page_count(void);

/* /proc/zoneinfo-like summary of each populated zone, and /proc/buddyinfo */
void kmem_print_zones(FILE *out);
void kmem_print_buddyinfo(FILE *out);

/*
 * Reclaim (impl/mem/vmscan.c). A simulated page cache: file pages on a per-node LRU that
 * reclaim frees when clean and writes back first when dirty, which needs __GFP_IO. Filling
 * never reclaims its own pages (no __GFP_RECLAIM) and stops at the min watermark.
 */
unsigned long kmem_pagecache_fill(unsigned long nr_pages, bool dirty);
unsigned long kmem_pagecache_pages(void);
unsigned long kmem_pagecache_dirty(void);
/* Write back and free every page cache page (echo 3 > /proc/sys/vm/drop_caches after sync) */
void kmem_pagecache_drop(void);

/* Reclaim and allocator events since boot, as /proc/vmstat names them */
struct kmem_vmstat {
	unsigned long pgalloc, pgfree, allocfail;
	unsigned long allocstall; /* direct reclaim entries */
	unsigned long pgscan_direct, pgsteal_direct;
	unsigned long pgscan_kswapd, pgsteal_kswapd;
	unsigned long kswapd_wakeups; /* pageoutrun */
	unsigned long pgwriteback;    /* dirty pages written back by reclaim */
	unsigned long dirty_skipped;  /* dirty pages reclaim passed over: no __GFP_IO */
	unsigned long slabs_scanned, shrinker_skipped_fs, shrinker_skipped_io;
	/* slow-path rounds after reclaim (should_reclaim_retry, should_compact_retry) */
	unsigned long reclaim_retries;
	unsigned long alloc_waits; /* __GFP_NOFAIL waits for another thread's free */
	/* compaction (mm/compaction.c): direct compactions, and how the allocation fared after */
	unsigned long compact_stall, compact_fail, compact_success;
	unsigned long compact_migrate_scanned, compact_free_scanned; /* pfns looked at */
	unsigned long compact_isolated;	   /* pages isolated by both scanners */
	unsigned long compact_daemon_wake; /* kcompactd wakeups */
	/* pfns kcompactd's scanners looked at, proactive compaction's included (also above) */
	unsigned long compact_daemon_migrate_scanned, compact_daemon_free_scanned;
	unsigned long pgmigrate_success, pgmigrate_fail; /* pages */
};
void kmem_get_vmstat(struct kmem_vmstat *out);
void kmem_print_vmstat(FILE *out);

/**
 * kmem_compact_memory - compact every zone fully, as writing 1 to /proc/sys/vm/compact_memory
 *
 * Moves every movable block it can towards the top of its zone, so that the free pages join at
 * the bottom. Only blocks whose owner registered them movable (<linux/migrate.h>) move.
 *
 * Return: 0, -ENODEV while the model is not booted, or -EOPNOTSUPP when compaction is switched
 * off (KMEM_COMPACTION=0) or the back end cannot be compacted (kmem_info.compaction_supported is
 * false).
 */
int kmem_compact_memory(void);

/**
 * kmem_compact_for - direct compaction for one allocation request, as the slow path runs it
 * (try_to_compact_pages() along node 0's zonelist, against the min watermark), without the
 * allocation that would follow: to see what compaction does for a given order and type
 * @gfp: the request's gfp mask (<linux/gfp_types.h>); its migratetype picks the free lists
 *	that end compaction and, asynchronously, the only pageblocks moved from. Compaction needs
 *	__GFP_IO, as the kernel's does.
 * @order: the request's order, 1 to the highest
 * @prio: the slow path's priority: KMEM_COMPACT_ASYNC (COMPACT_PRIO_ASYNC, its first try),
 *	KMEM_COMPACT_SYNC_LIGHT (COMPACT_PRIO_SYNC_LIGHT, its later tries; the last for a costly
 *	order) or KMEM_COMPACT_SYNC_FULL (COMPACT_PRIO_SYNC_FULL, the last resort of an order up to
 *	PAGE_ALLOC_COSTLY_ORDER: the whole zone, no skip hints, and free pages of any pageblock
 *	taken as targets)
 *
 * Return: 1 when compaction stopped at a free block the request can take (COMPACT_SUCCESS), 0
 * when it ended without one or did not run (skipped or deferred), -ENODEV while the model is not
 * booted, -EINVAL for an order or priority out of range, -EOPNOTSUPP as for
 * kmem_compact_memory().
 */
enum { KMEM_COMPACT_ASYNC, KMEM_COMPACT_SYNC_LIGHT, KMEM_COMPACT_SYNC_FULL };
int kmem_compact_for(unsigned int gfp, unsigned int order, int prio);
/**
 * kmem_compact_proactive - one proactive compaction check of every node at once, as kcompactd
 * makes when its HPAGE_FRAG_CHECK_INTERVAL_MSEC timer fires
 *
 * A node whose fragmentation score (kmem_fragmentation_score()) is above the high mark, 100 -
 * proactiveness plus a leeway of up to 10, is compacted until each zone's score is at or below
 * the low mark, 100 - proactiveness. A node where the last proactive compaction made no
 * progress is left alone for the next 63 checks, as kcompactd backs off 64 intervals. The model
 * also makes this check by itself on its own clock: every 65536 operations of a CPU's per-CPU
 * lists in a zone (none with KMEM_PCP=0).
 *
 * Return: the nodes compacted (0 when proactiveness is 0 or no node needed it), -ENODEV while
 * the model is not booted, or -EOPNOTSUPP when compaction is off or the back end cannot be
 * compacted.
 */
int kmem_compact_proactive(void);
/**
 * kmem_fragmentation_score - fragmentation_score_node() of node @nid: each zone's
 * extfrag_for_order() at the huge page order (the percentage of its free memory in blocks too
 * small for a huge page), weighted by the zone's share of the node's pages
 *
 * Return: 0 to 100, or -ENOENT for a node that does not exist (or a model not booted).
 */
int kmem_fragmentation_score(int nid);

/* Slab layer (impl/slab): /proc/slabinfo-like listing of every cache */
void kmem_print_slabinfo(FILE *out);

/* One cache, as /proc/slabinfo and /sys/kernel/slab/NAME/ show it */
struct kmem_slab_stats {
	unsigned long active_objs;   /* allocated objects */
	unsigned long num_objs;	     /* objects in all its slabs, per-CPU ones included */
	unsigned long num_slabs;     /* slabs (SLUB counts every slab as active) */
	unsigned long partial_slabs; /* on the nodes' partial lists */
	unsigned int objsize;	     /* the slot: object, metadata, alignment */
	unsigned int object_size;    /* as created */
	unsigned int align;
	unsigned int objperslab, pagesperslab;
	unsigned int min_partial; /* an emptied slab is freed once its node has this many partial */
	unsigned int gfp;	  /* gfp bits added for slab pages: GFP_DMA, __GFP_RECLAIMABLE */
	unsigned int flags;	  /* SLAB_* flags, debug ones included */
};
/* 0, or -ENOENT when no cache has that name (the oldest, when several have) */
int kmem_slab_stats(const char *name, struct kmem_slab_stats *out);
/* kmem_cache_shrink() of every cache: per-CPU slabs given back, every empty slab freed */
void kmem_slab_shrink_all(void);
/* Slab reports since boot, suppressed ones included: bad calls, debug checks, failed slabs */
unsigned long kmem_slab_error_count(void);

/* vmalloc (impl/vm): /proc/vmallocinfo-like listing of every live area */
void kmem_print_vmallocinfo(FILE *out);

/* vmalloc and kmap (impl/vm): what is in use now, and what was refused since boot */
struct kmem_vm_stats {
	unsigned long vmalloc_areas;  /* live areas */
	unsigned long vmalloc_pages;  /* pages they hold */
	unsigned long vmalloc_maps;   /* host mappings (VMAs) they take: see vm.max_map_count */
	unsigned long vmalloc_bytes;  /* address space they take, guard pages included */
	unsigned long vmalloc_total;  /* VMALLOC_END - VMALLOC_START */
	unsigned long vmalloc_failed; /* vmalloc() calls that returned NULL */
	unsigned long vfree_errors;   /* bad vfree() calls, reported and ignored */
	unsigned int pkmap_slots;     /* LAST_PKMAP on a profile with highmem, else 0 */
	unsigned int pkmap_used;      /* slots holding a kmap() now */
	unsigned long kmap_waits;     /* kmap() calls that slept for a free slot */
	unsigned long kmap_errors;    /* bad kunmap()/kunmap_local() calls, kmap_local overflows */
};
void kmem_vm_stats(struct kmem_vm_stats *out);

/* The per-CPU allocator (alloc_percpu(), impl/mem/percpu.c): what it holds now, and refused */
struct kmem_percpu_stats {
	unsigned long chunks;	   /* chunks, each a unit of pages for every CPU */
	unsigned long pages;	   /* pages they hold (the kernel's pcpu_nr_pages()) */
	unsigned long allocs;	   /* live allocations */
	unsigned long bytes;	   /* bytes they take in each CPU's unit, rounded as allocated */
	unsigned long failed;	   /* allocations refused since boot */
	unsigned long free_errors; /* bad free_percpu() calls, reported and ignored */
};
void kmem_percpu_stats(struct kmem_percpu_stats *out);

/**
 * kmem_thread_enter - run this thread as (simulated) CPU @cpu
 * @cpu: 0 .. nr_cpus-1; the thread is also pinned to a host CPU where the host allows
 * Return: 0, or -EINVAL for a CPU out of range.
 */
int kmem_thread_enter(int cpu);
/**
 * kmem_thread_set_cpu - run this thread as (simulated) CPU @cpu, where it is on the host
 * @cpu: 0 .. nr_cpus-1
 *
 * As kmem_thread_enter() without the pinning, which moves the thread to another host CPU each
 * time: for a thread that changes CPU often, as a trace replay following the traced CPUs.
 * Return: 0, or -EINVAL for a CPU out of range.
 */
int kmem_thread_set_cpu(int cpu);

/*
 * The generic kernel environment (impl/kernel: printk, WARN and BUG, kthreads, time, random
 * numbers) that kernel code sees through <linux/printk.h>, <linux/bug.h>, <linux/kthread.h>...
 */
/* WARN*() that fired since boot */
unsigned long kmem_warn_count(void);
/*
 * kmem_set_bug_handler - what BUG() and panic() do after their report ("kernel BUG at
 * FILE:LINE!"): @fn runs with the file and line and must not return (a module loader longjmps
 * out of the module); NULL (the default): abort(). For the whole process, across boots.
 */
void kmem_set_bug_handler(void (*fn)(const char *file, int line));
/*
 * kmem_set_printk_hook - every printk()'s text also goes to @fn, with @arg (NULL: none): the
 * message as formatted, without its level prefix or time stamp, and its level, 0 (KERN_EMERG) to
 * 7 (KERN_DEBUG), 4 for a message without a level, the continued line's for KERN_CONT. A
 * printk() from inside @fn is printed but not handed to @fn again.
 */
void kmem_set_printk_hook(void (*fn)(int level, const char *text, void *arg), void *arg);

/*
 * Kernel modules (impl/kernel/module.c): a shared object built against <linux/module.h> (in one
 * line with cmake/KmemModule.cmake's kmem_add_module()) loaded into this program as insmod loads
 * a .ko into the kernel, its parameters set and its init and exit run as the kernel runs them.
 * The module's undefined symbols resolve against the program, which must export the model
 * (linked whole and with -rdynamic, as kmembench is). Messages go to stderr as the kernel logs
 * them.
 */
struct kmem_module;

/* How a call into a module ended: it returned, or a signal or BUG() stopped it */
struct kmem_module_call {
	int ret;	      /* what init returned (0 for exit) */
	int signo;	      /* 0, or SIGSEGV, SIGBUS, SIGFPE or SIGILL */
	void *addr;	      /* the address the signal names (the faulting access) */
	void *ip;	      /* the instruction it stopped at; NULL where unknown */
	const char *bug_file; /* BUG() stopped it, at bug_file:bug_line; NULL otherwise */
	int bug_line;
};

/**
 * kmem_module_load - load a module and set its parameters, as insmod and the kernel's loader do
 * @path: the shared object
 * @argc: how many arguments
 * @argv: "name=value", "name" (a bool set), ...: joined with spaces and parsed as the kernel
 *	parses a module's arguments ('-' and '_' alike in names, double quotes around spaces)
 * @modp: receives the module, in state MODULE_STATE_COMING
 *
 * The model need not be booted. Each failure is one line on stderr. An argument naming no
 * parameter is ignored after "NAME: unknown parameter 'ARG' ignored", as the kernel does since
 * 3.x (it failed the load with -ENOENT before); kmem_module_get_info() counts them.
 *
 * Return: 0; -ENOENT or another errno when the file cannot be read; -ENOEXEC for a file that is
 * not a shared object, holds no module or was built against other headers; -ENOENT for a symbol
 * the program does not define ("NAME: Unknown symbol SYM"); -EEXIST when a module of that name
 * is loaded; the parameter's error when a value is refused (-EINVAL, -ERANGE, -ENOSPC).
 */
int kmem_module_load(const char *path, int argc, char *const argv[], struct kmem_module **modp);
/**
 * kmem_module_init - run the module's init, as the kernel does once a module is loaded
 * @mod: a module just loaded
 * @call: receives how it ended
 *
 * A signal (SIGSEGV, SIGBUS, SIGFPE, SIGILL) or BUG() in the module stops the call: reported as
 * "BUG: NAME crashed: SIGSEGV at ADDR in init" and the instruction, the module left as it was
 * (kmem_module_exit() then refuses, kmem_module_unload() leaves its code mapped). A module
 * without init becomes live at once. Otherwise it is live when init returned 0 or more (a
 * positive value is warned about, as the kernel does) and to be unloaded when it failed.
 *
 * Return: 0 when init returned (its value in @call->ret); -EFAULT when it was stopped; -EBUSY
 * when the module is not just loaded; -ENODEV when the model is not booted.
 */
int kmem_module_init(struct kmem_module *mod, struct kmem_module_call *call);
/**
 * kmem_module_exit - run the module's exit, as rmmod does
 * @mod: a live module
 * @call: receives how it ended
 *
 * Return: 0 when exit returned, or the module has neither init nor exit; -EBUSY when the kernel
 * would refuse to remove it: not live, or an init without an exit; -EFAULT when it was stopped,
 * as kmem_module_init() says.
 */
int kmem_module_exit(struct kmem_module *mod, struct kmem_module_call *call);
/* Unmaps the module and frees its parameters; a module stopped by a crash stays mapped */
void kmem_module_unload(struct kmem_module *mod);

struct kmem_module_info {
	const char *name;	     /* KBUILD_MODNAME, else from the file's name as kbuild does */
	const char *path;	     /* as given to kmem_module_load() */
	const char *license;	     /* MODULE_LICENSE(), or "unspecified" */
	const char *description;     /* MODULE_DESCRIPTION(), or NULL */
	bool has_init, has_exit;     /* module_init(), module_exit() */
	unsigned int nr_params;	     /* module_param*() */
	unsigned int unknown_params; /* arguments ignored for naming no parameter */
};
void kmem_module_get_info(const struct kmem_module *mod, struct kmem_module_info *info);
/**
 * kmem_module_param - a parameter's name and value, as /sys/module/NAME/parameters/ shows it
 * @mod: the module
 * @i: 0 to nr_params - 1
 * @name: receives its name
 * @buf: receives its value, without the newline sysfs adds
 * @size: size of @buf
 *
 * Return: 0; -ENOENT for @i out of range; -EOPNOTSUPP for a parameter without ->get.
 */
int kmem_module_param(const struct kmem_module *mod, unsigned int i, const char **name, char *buf,
		      size_t size);

#ifdef __cplusplus
}
#endif

#endif
