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

/* boot.c: the booted configuration */
struct arch_profile {
	const char *name;
	unsigned long long default_mem;
	unsigned long long max_mem;
	/* exclusive upper bound of each zone in bytes; 0 = the profile has no such zone */
	unsigned long long zone_end[MAX_NR_ZONES];
	/* end of the direct map (lowmem), or ~0 for all of RAM */
	unsigned long long direct_map_end;
	unsigned long long reserved_bytes; /* firmware range at the start of RAM */
};

struct kmem_runtime {
	const struct page_backend_ops *backend;
	const struct arch_profile *arch;
	unsigned long long mem_bytes;
	int nr_nodes;
	int nr_cpus;
	bool pcp;
	bool numa_simulated;
};
extern struct kmem_runtime kmem_rt;
extern const struct arch_profile arch_profiles[];
extern const int nr_arch_profiles;

/* physmem.c: RAM (the memfd), the direct map and mem_map */
int physmem_init(unsigned long long bytes, unsigned long long direct_map_bytes);
void physmem_exit(void);
int physmem_fd(void);
void physmem_describe(struct kmem_info *info);

/* zone.c: nodes, zones, watermarks, lowmem_reserve, zonelists */
int zones_init(void);
void zones_exit(void);
void zone_free_area(const struct zone *zone, unsigned long nr_blocks[NR_PAGE_ORDERS]);

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
void page_alloc_stats(const struct zone *zone, unsigned long alloc[NR_PAGE_ORDERS],
		      unsigned long fail[NR_PAGE_ORDERS], unsigned long freed[NR_PAGE_ORDERS]);

/* pcp.c: per-CPU page lists and the CPU a thread runs as */
int pcp_init(struct zone *zone);
void pcp_exit(struct zone *zone);
struct page *pcp_alloc(struct zone *zone, int migratetype, gfp_t gfp);
void pcp_free(struct zone *zone, struct page *page, int migratetype);
unsigned long pcp_count(const struct zone *zone);
void pcp_drain_zone(struct zone *zone);
struct per_cpu_pages *this_cpu_pageset(struct zone *zone);

/* numa.c: node distances and CPU-to-node, real (hwloc) or simulated */
int numa_init(int nr_nodes);
void numa_exit(void);
int node_distance(int a, int b);
int cpu_to_node(int cpu);

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
 * Validate a free of @page at @order by @caller. Reports and returns false when the free must
 * be refused; nothing is changed then.
 */
bool free_page_ok(struct page *page, unsigned int order, const char *caller);
static inline int page_state_migratetype(unsigned long pfn)
{
	return page_state[pfn] >> 4;
}
void bad_page(const struct page *page, const char *reason);

struct ratelimit_state {
	int interval_s;
	int burst;
	long begin_s;
	int printed;
	int missed;
};
/* warn_alloc()'s limiter, reset at boot with the bad-page one */
extern struct ratelimit_state warn_alloc_rs;
/* true when a message may be printed now; says how many were suppressed when printing resumes */
bool __ratelimit(struct ratelimit_state *rs, const char *what);
const char *current_comm(void);

#endif
