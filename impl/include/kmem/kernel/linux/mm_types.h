/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct page: one per page frame of the model's RAM, in mem_map[]. Fields keep the classic
 * names (_count, _mapcount, virtual) and are overlaid in unions by owner, as in the kernel:
 * whoever holds the page (a back end while it is free, the caller or the slab once allocated)
 * owns the union. 64 bytes, checked at compile time.
 */
#ifndef _KMEM_LINUX_MM_TYPES_H
#define _KMEM_LINUX_MM_TYPES_H

#include <linux/compiler.h>
#include <linux/types.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)
#define PAGE_MASK  (~(PAGE_SIZE - 1))

#define MAX_PAGE_ORDER	   10
#define MAX_ORDER	   MAX_PAGE_ORDER /* the name before Linux 6.8 */
#define NR_PAGE_ORDERS	   (MAX_PAGE_ORDER + 1)
#define MAX_ORDER_NR_PAGES (1UL << MAX_PAGE_ORDER)

struct address_space;
struct kmem_cache;

struct page {
	/* PG_* bits (atomic bitops); zone and node numbers in the top bits, fixed at boot */
	unsigned long flags;
	union {
		struct { /* page allocator, back ends, page cache, callers' own use */
			union {
				/* on a back end's or a per-CPU list while free; the caller's after
				 */
				struct list_head lru;
				struct { /* every tail page of a compound page */
					/* head page address | 1 */
					unsigned long compound_head;
					/* first tail page only: order of the compound page */
					unsigned char compound_order;
				};
			};
			struct address_space *mapping;
			pgoff_t index;
			/* free: the back end's (buddy: order); allocated: the caller's */
			unsigned long private;
		};
		struct {			    /* head page of a slab (impl/slab) */
			struct list_head slab_list; /* on the node's partial or full list */
			struct kmem_cache *slab_cache;
			void *freelist; /* first free object */
			unsigned int inuse;
			unsigned int objects;
		};
	};
	/* -1: not mapped into any page table (vmalloc or kmap do not count, as in the kernel) */
	atomic_t _mapcount;
	/* references minus one: -1 while free, so page_count() is _count + 1 */
	atomic_t _count;
	/* direct-map address; NULL for a highmem page unless kmap has it mapped */
	void *virtual;
};

_Static_assert(sizeof(struct page) == 64, "struct page must stay 64 bytes");

/*
 * A folio is a page that is not a tail page: an order-0 page or the head of a compound page,
 * which stands for all of it. The kernel overlays the folio's fields on struct page; here a
 * folio is its head struct page, folio->page, so page_folio() and folio_page() are casts.
 */
struct folio {
	struct page page;
};

#endif
