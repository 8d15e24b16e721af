/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page flags: PG_* bits in page->flags, with the kernel's accessor names. The top bits of
 * page->flags hold the node and zone numbers (written once at boot, never by these helpers).
 */
#ifndef _KMEM_LINUX_PAGE_FLAGS_H
#define _KMEM_LINUX_PAGE_FLAGS_H

#include <linux/bitops.h>
#include <linux/mm_types.h>

enum pageflags {
	PG_locked,
	PG_writeback,
	PG_referenced,
	PG_uptodate,
	PG_dirty,
	PG_lru,
	PG_head,
	PG_active,
	PG_owner_priv_1,
	PG_reserved,
	PG_private,
	PG_reclaim,
	PG_swapbacked,
	PG_unevictable,
	PG_mlocked,
	PG_slab,
	PG_buddy,	  /* head of a free block held by the buddy back end */
	PG_large_kmalloc, /* head of a kmalloc() too large for a slab (the kernel's page type) */
	__NR_PAGEFLAGS,
};

/* Flags a page must not carry when it is freed (PG_buddy: the block is already free) */
#define PAGE_FLAGS_CHECK_AT_FREE                                                                   \
	((1UL << PG_locked) | (1UL << PG_writeback) | (1UL << PG_lru) | (1UL << PG_active) |       \
	 (1UL << PG_reserved) | (1UL << PG_private) | (1UL << PG_slab) | (1UL << PG_unevictable) | \
	 (1UL << PG_mlocked) | (1UL << PG_large_kmalloc))

#define NODES_SHIFT    6
#define ZONES_SHIFT    2
#define NODES_PGSHIFT  (64 - NODES_SHIFT)
#define ZONES_PGSHIFT  (NODES_PGSHIFT - ZONES_SHIFT)
#define PAGEFLAGS_MASK ((1UL << __NR_PAGEFLAGS) - 1)

#define PAGEFLAG(uname, lname)                                   \
	static inline bool Page##uname(const struct page *page)  \
	{                                                        \
		return test_bit(PG_##lname, &page->flags);       \
	}                                                        \
	static inline void SetPage##uname(struct page *page)     \
	{                                                        \
		set_bit(PG_##lname, &page->flags);               \
	}                                                        \
	static inline void ClearPage##uname(struct page *page)   \
	{                                                        \
		clear_bit(PG_##lname, &page->flags);             \
	}                                                        \
	static inline void __SetPage##uname(struct page *page)   \
	{                                                        \
		__set_bit(PG_##lname, &page->flags);             \
	}                                                        \
	static inline void __ClearPage##uname(struct page *page) \
	{                                                        \
		__clear_bit(PG_##lname, &page->flags);           \
	}

PAGEFLAG(Locked, locked)
PAGEFLAG(Writeback, writeback)
PAGEFLAG(Referenced, referenced)
PAGEFLAG(Uptodate, uptodate)
PAGEFLAG(Dirty, dirty)
PAGEFLAG(LRU, lru)
PAGEFLAG(Head, head)
PAGEFLAG(Active, active)
PAGEFLAG(Reserved, reserved)
PAGEFLAG(Private, private)
PAGEFLAG(Reclaim, reclaim)
PAGEFLAG(SwapBacked, swapbacked)
PAGEFLAG(Unevictable, unevictable)
PAGEFLAG(Mlocked, mlocked)
PAGEFLAG(Slab, slab)
PAGEFLAG(Buddy, buddy)
PAGEFLAG(LargeKmalloc, large_kmalloc)

static inline bool PageTail(const struct page *page)
{
	return READ_ONCE(page->compound_head) & 1;
}

static inline bool PageCompound(const struct page *page)
{
	return PageHead(page) || PageTail(page);
}

static inline struct page *compound_head(const struct page *page)
{
	unsigned long head = READ_ONCE(page->compound_head);

	if (head & 1)
		return (struct page *)(head - 1);
	return (struct page *)page;
}

#endif
