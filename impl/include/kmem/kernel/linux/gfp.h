/* SPDX-License-Identifier: GPL-2.0 */
/* The page allocator's API, as include/linux/gfp.h declares it. */
#ifndef _KMEM_LINUX_GFP_H
#define _KMEM_LINUX_GFP_H

#include <linux/gfp_types.h>
#include <linux/mmzone.h>

#define NUMA_NO_NODE (-1)

/* Filled at boot from the arch profile; GFP_ZONE_BAD marks contradictory modifiers */
#define GFP_ZONE_BAD 0xff
extern unsigned char gfp_zone_table[GFP_ZONEMASK + 1];

/**
 * gfp_zone - the highest zone an allocation with @flags may use
 * @flags: gfp flags; only the zone modifiers count
 *
 * As in the kernel, a modifier for a zone the profile does not configure names the next zone
 * up (__GFP_DMA32 on x86_32 and __GFP_HIGHMEM on x86_64 mean ZONE_NORMAL).
 * Return: the zone index, or GFP_ZONE_BAD for a combination the kernel rejects.
 */
static inline enum zone_type gfp_zone(gfp_t flags)
{
	return (enum zone_type)gfp_zone_table[flags & GFP_ZONEMASK];
}

static inline int gfp_migratetype(gfp_t flags)
{
	return (int)((flags & GFP_MOVABLE_MASK) >> GFP_MOVABLE_SHIFT);
}

static inline bool gfpflags_allow_blocking(gfp_t flags)
{
	return !!(flags & __GFP_DIRECT_RECLAIM);
}

struct page *alloc_pages(gfp_t gfp, unsigned int order);
struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order);
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
unsigned long get_zeroed_page(gfp_t gfp);
void __free_pages(struct page *page, unsigned int order);
/* Per-CPU pages of @zone (NULL: every zone) back to the page back end */
void drain_all_pages(struct zone *zone);
void free_pages(unsigned long addr, unsigned int order);

#define alloc_page(gfp)	     alloc_pages(gfp, 0)
#define __get_free_page(gfp) __get_free_pages((gfp), 0)
#define __free_page(page)    __free_pages((page), 0)
#define free_page(addr)	     free_pages((addr), 0)

#endif
