/* SPDX-License-Identifier: GPL-2.0 */
/* The page allocator's API, as include/linux/gfp.h declares it. */
#ifndef _KMEM_LINUX_GFP_H
#define _KMEM_LINUX_GFP_H

#include <linux/gfp_types.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>

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

/**
 * alloc_pages_bulk_noprof - fill the empty slots of an array with order-0 pages
 * @gfp: gfp flags of each page
 * @preferred_nid: the node to allocate from first, or NUMA_NO_NODE for the calling CPU's
 * @nodemask: nodes the pages may come from, or NULL for any
 * @nr_pages: slots in @page_array
 * @page_array: pages; NULL slots are filled, others are left alone
 *
 * As 6.18's: the pages come from the calling CPU's per-CPU list of one zone (the first of the
 * zonelist that keeps its low watermark with all the pages taken out), refilled from the back
 * end as a single allocation would, in one hold of the list's lock. Where that cannot be (one
 * slot to fill, __GFP_ACCOUNT, another node's zone next, no zone above its watermark, an empty
 * zone, per-CPU lists switched off) one page is allocated the ordinary way, reclaim and all.
 *
 * Return: the slots populated from the start of @page_array up to the first one still NULL
 * (@nr_pages when all are filled): pages already there count, and a caller that wanted more
 * calls again.
 */
unsigned long alloc_pages_bulk_noprof(gfp_t gfp, int preferred_nid, nodemask_t *nodemask,
				      int nr_pages, struct page **page_array);
#define __alloc_pages_bulk(...) alloc_pages_bulk_noprof(__VA_ARGS__)
#define alloc_pages_bulk(gfp, nr_pages, page_array) \
	__alloc_pages_bulk(gfp, NUMA_NO_NODE, NULL, nr_pages, page_array)

static inline unsigned long alloc_pages_bulk_node(gfp_t gfp, int nid, unsigned long nr_pages,
						  struct page **page_array)
{
	return alloc_pages_bulk_noprof(gfp, nid, NULL, (int)nr_pages, page_array);
}

/* The names until Linux 6.14, when the array form (then "_array") became the only one */
#define alloc_pages_bulk_array(gfp, nr_pages, page_array) \
	alloc_pages_bulk(gfp, nr_pages, page_array)
#define alloc_pages_bulk_array_node(gfp, nid, nr_pages, page_array) \
	alloc_pages_bulk_node(gfp, nid, nr_pages, page_array)

/**
 * alloc_pages_exact - allocate exactly the pages @size bytes need, physically contiguous
 * @size: bytes
 * @gfp_mask: gfp flags; __GFP_COMP and __GFP_HIGHMEM are dropped with a warning, as 6.18's
 *	WARN_ON_ONCE does (the block is split, and needs a direct-map address)
 *
 * A block of get_order(@size) is taken and split into order-0 pages; those beyond @size go
 * back to the back end at once. Free with free_pages_exact() (or each page on its own).
 * Return: the address, or NULL.
 */
void *alloc_pages_exact(size_t size, gfp_t gfp_mask);
/* alloc_pages_exact() on node @nid first */
void *alloc_pages_exact_nid(int nid, size_t size, gfp_t gfp_mask);
/* Frees the pages of an alloc_pages_exact() of @size bytes at @virt, one by one */
void free_pages_exact(void *virt, size_t size);

#endif
