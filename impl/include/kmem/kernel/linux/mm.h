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
#include <linux/page_ref.h>

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

/* The head page of the (compound) page at @addr; NULL, reported, outside the direct map */
static inline struct page *virt_to_head_page(const void *addr)
{
	struct page *page = virt_to_page(addr);

	return page ? compound_head(page) : NULL;
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

/* The references of the page, the whole compound page's for any of its pages */
static inline int page_count(const struct page *page)
{
	return page_ref_count(compound_head(page));
}

static inline void get_page(struct page *page)
{
	page_ref_inc(compound_head(page));
}

/* A reference, unless the page has none (it is being freed, or free) */
static inline bool get_page_unless_zero(struct page *page)
{
	return page_ref_add_unless(page, 1, 0);
}

/*
 * Drops a reference of @page (a head or order-0 page): true when it was the last, and the
 * caller must free the page. A page without references is reported, as a debug kernel's
 * VM_BUG_ON_PAGE does, and left as it is (see page_ref.h).
 */
static inline bool put_page_testzero(struct page *page)
{
	return page_ref_dec_and_test(page);
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

/*
 * Drops a reference and frees the page (the whole compound page) with the last one. A put of a
 * page nobody holds (a free one) is reported as a bad page and changes nothing.
 */
void put_page(struct page *page);

/**
 * split_page - make an allocated block of 2^@order pages into as many order-0 pages
 * @page: the block's first page, not compound (__GFP_COMP) and with its references
 * @order: the block's order
 *
 * Each page then has one reference and is freed on its own (__free_page(), put_page()). A
 * compound page, or one that does not head an allocated block of @order, is reported as a bad
 * page and left as it is (6.18 has VM_BUG_ON_PAGE for the first).
 */
void split_page(struct page *page, unsigned int order);

/* Pages no caller holds: back-end free pages plus those on per-CPU lists */
unsigned long nr_free_pages(void);

/* The (possibly simulated) CPU this thread runs on; see kmem_thread_enter() */
int smp_processor_id(void);
int numa_node_id(void);

#define PAGE_ALIGN(addr) (((addr) + PAGE_SIZE - 1) & PAGE_MASK)

static inline int get_order(unsigned long size)
{
	if (size <= PAGE_SIZE)
		return 0;
	return 64 - __builtin_clzl((size - 1) >> PAGE_SHIFT);
}

/* ---- folios: a page that is not a tail page, standing for its whole compound page ---- */

#define page_folio(p)	      ((struct folio *)compound_head(p))
#define folio_page(folio, n)  (&(folio)->page + (n))
#define virt_to_folio(addr)   page_folio(virt_to_page(addr))
#define folio_test_large(f)   PageHead(&(f)->page)
#define folio_test_slab(f)    PageSlab(&(f)->page)
#define folio_test_highmem(f) PageHighMem(&(f)->page)

static inline unsigned int folio_order(const struct folio *folio)
{
	return compound_order(&folio->page);
}

static inline unsigned long folio_nr_pages(const struct folio *folio)
{
	return 1UL << folio_order(folio);
}

static inline size_t folio_size(const struct folio *folio)
{
	return PAGE_SIZE << folio_order(folio);
}

static inline void *folio_address(const struct folio *folio)
{
	return page_address(&folio->page);
}

static inline unsigned long folio_pfn(const struct folio *folio)
{
	return page_to_pfn(&folio->page);
}

static inline int folio_nid(const struct folio *folio)
{
	return page_to_nid(&folio->page);
}

static inline struct zone *folio_zone(const struct folio *folio)
{
	return page_zone(&folio->page);
}

static inline int folio_ref_count(const struct folio *folio)
{
	return page_ref_count(&folio->page);
}

static inline void folio_get(struct folio *folio)
{
	page_ref_inc(&folio->page);
}

static inline bool folio_put_testzero(struct folio *folio)
{
	return put_page_testzero(&folio->page);
}

/* Drops a reference; the last one frees the folio (put_page() of its head) */
static inline void folio_put(struct folio *folio)
{
	put_page(&folio->page);
}

#endif
