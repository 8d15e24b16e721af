/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page frame helpers of include/linux/mm.h over the model's flat mem_map. The direct map sits
 * at page_offset_base, chosen at boot as the kernel's KASLR does; it covers pfns below
 * max_low_pfn (all of RAM on x86_64, lowmem on x86_32).
 */
#ifndef _KMEM_LINUX_MM_H
#define _KMEM_LINUX_MM_H

#include <linux/atomic.h>
#include <linux/gfp.h>
#include <linux/mm_types.h>
#include <linux/mmzone.h>
#include <linux/page-flags.h>

extern struct page *mem_map;
extern unsigned long max_pfn;	  /* pfns are 0 .. max_pfn - 1 */
extern unsigned long max_low_pfn; /* pfns below this are in the direct map */
extern unsigned long page_offset_base;

#define PAGE_OFFSET page_offset_base

#define __pa(x)		   ((phys_addr_t)((unsigned long)(x)-PAGE_OFFSET))
#define __va(x)		   ((void *)((unsigned long)(x) + PAGE_OFFSET))
#define __pfn_to_phys(pfn) ((phys_addr_t)(pfn) << PAGE_SHIFT)
#define PHYS_PFN(x)	   ((unsigned long)((x) >> PAGE_SHIFT))

static inline unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)(page - mem_map);
}

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return mem_map + pfn;
}

static inline bool pfn_valid(unsigned long pfn)
{
	return pfn < max_pfn;
}

/* True when @addr lies in the direct map: the only addresses virt_to_page() accepts */
static inline bool virt_addr_valid(const void *addr)
{
	unsigned long a = (unsigned long)addr;

	return a >= PAGE_OFFSET && a - PAGE_OFFSET < (max_low_pfn << PAGE_SHIFT);
}

/* Reports a foreign pointer (kernel style, never dereferenced); returns NULL */
struct page *virt_to_page_foreign(const void *addr, const char *caller);

static inline struct page *virt_to_page(const void *addr)
{
	if (unlikely(!virt_addr_valid(addr)))
		return virt_to_page_foreign(addr, "virt_to_page");
	return pfn_to_page(PHYS_PFN(__pa(addr)));
}

#define virt_to_pfn(addr)  PHYS_PFN(__pa(addr))
#define pfn_to_virt(pfn)   __va(__pfn_to_phys(pfn))
#define page_to_virt(page) pfn_to_virt(page_to_pfn(page))
#define page_to_phys(page) __pfn_to_phys(page_to_pfn(page))

static inline void *lowmem_page_address(const struct page *page)
{
	return page_to_virt(page);
}

/* NULL for a highmem page that kmap has not mapped */
static inline void *page_address(const struct page *page)
{
	return page->virtual;
}

static inline enum zone_type page_zonenum(const struct page *page)
{
	return (enum zone_type)((READ_ONCE(page->flags) >> ZONES_PGSHIFT) &
				((1UL << ZONES_SHIFT) - 1));
}

static inline int page_to_nid(const struct page *page)
{
	return (int)(READ_ONCE(page->flags) >> NODES_PGSHIFT);
}

static inline struct zone *page_zone(const struct page *page)
{
	return &NODE_DATA(page_to_nid(page))->node_zones[page_zonenum(page)];
}

static inline bool PageHighMem(const struct page *page)
{
	return is_highmem_idx(page_zonenum(page));
}

static inline int page_count(const struct page *page)
{
	return atomic_read(&compound_head(page)->_count) + 1;
}

static inline void set_page_count(struct page *page, int v)
{
	atomic_set(&page->_count, v - 1);
}

static inline void get_page(struct page *page)
{
	atomic_inc(&compound_head(page)->_count);
}

static inline int page_mapcount(const struct page *page)
{
	return atomic_read(&page->_mapcount) + 1;
}

static inline unsigned int compound_order(const struct page *page)
{
	if (!PageHead(page))
		return 0;
	return page[1].compound_order;
}

static inline unsigned long compound_nr(const struct page *page)
{
	return 1UL << compound_order(page);
}

/* Drops a reference and frees the page (the whole compound page) with the last one */
void put_page(struct page *page);

/* Pages no caller holds: back-end free pages plus those on per-CPU lists */
unsigned long nr_free_pages(void);

/* The (possibly simulated) CPU this thread runs on; see kmem_thread_enter() */
int smp_processor_id(void);
int numa_node_id(void);

static inline int get_order(unsigned long size)
{
	if (size <= PAGE_SIZE)
		return 0;
	return 64 - __builtin_clzl((size - 1) >> PAGE_SHIFT);
}

#endif
