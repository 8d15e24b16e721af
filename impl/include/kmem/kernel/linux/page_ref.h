/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A page's reference count, after include/linux/page_ref.h. The count lives in page->_count as
 * references minus one, the classic layout (-1: nobody holds the page, which is how a free page
 * reads); page_ref_count() returns what the kernel's _refcount holds.
 *
 * Increments are plain atomics, as in the kernel. Every decrement goes through
 * page_ref_sub_return(), which never takes the count below zero: a put of a page nobody holds
 * (its count already 0, a free page among them) is reported as a debug kernel reports it, a
 * "BUG: Bad page state" with the page dumped because of "VM_BUG_ON_PAGE(page_ref_count(page)
 * == 0)", counted with the bad page reports, and changes nothing, where the kernel would take
 * the count below zero and later free the page twice. Such a put returns -1, what an
 * underflowing kernel's atomic would: never "this was the last reference".
 */
#ifndef _KMEM_LINUX_PAGE_REF_H
#define _KMEM_LINUX_PAGE_REF_H

#include <linux/atomic.h>
#include <linux/mm_types.h>

static inline int page_ref_count(const struct page *page)
{
	return atomic_read(&page->_count) + 1;
}

static inline void set_page_count(struct page *page, int v)
{
	atomic_set(&page->_count, v - 1);
}

/* A page handed out by the allocator starts with one reference */
static inline void init_page_count(struct page *page)
{
	set_page_count(page, 1);
}

static inline void page_ref_add(struct page *page, int nr)
{
	atomic_add(nr, &page->_count);
}

static inline void page_ref_inc(struct page *page)
{
	atomic_inc(&page->_count);
}

static inline int page_ref_inc_return(struct page *page)
{
	return atomic_add_return(1, &page->_count) + 1;
}

/**
 * page_ref_sub_return - drop @nr references of @page
 * @page: the page (for a compound page, its head holds the count)
 * @nr: references to drop, at least 1
 *
 * Atomic, as the kernel's: of racing puts exactly one sees the count reach 0.
 * Return: the count left; -1, after a report and with nothing changed, when fewer than @nr
 * references were held.
 */
int page_ref_sub_return(struct page *page, int nr);

static inline void page_ref_sub(struct page *page, int nr)
{
	page_ref_sub_return(page, nr);
}

static inline void page_ref_dec(struct page *page)
{
	page_ref_sub_return(page, 1);
}

static inline int page_ref_dec_return(struct page *page)
{
	return page_ref_sub_return(page, 1);
}

static inline bool page_ref_sub_and_test(struct page *page, int nr)
{
	return page_ref_sub_return(page, nr) == 0;
}

static inline bool page_ref_dec_and_test(struct page *page)
{
	return page_ref_sub_return(page, 1) == 0;
}

/* Adds @nr references unless the count is @u; true when it added them */
static inline bool page_ref_add_unless(struct page *page, int nr, int u)
{
	int old = atomic_read(&page->_count);

	do {
		if (old + 1 == u)
			return false;
	} while (!__atomic_compare_exchange_n(&page->_count.counter, &old, old + nr, false,
					      __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
	return true;
}

#endif
