/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Temporary kernel mappings of pages, after include/linux/highmem.h. On the x86_32 profile a
 * highmem page (pfn at or above 896 MiB) has no direct-map address: page_address() is NULL
 * and kernel code must map the page to touch it.
 *
 *  - kmap()/kunmap(): one of LAST_PKMAP slots of the pkmap window, shared by all threads and
 *    counted per page. While a page is kmapped, page_address() returns its slot's address. When
 *    every slot is in use, kmap() sleeps until a kunmap() frees one, as the kernel does; it
 *    may sleep, so it is for process context.
 *  - kmap_local_page()/kunmap_local() and kmap_atomic()/kunmap_atomic(): a stack of KM_MAX_IDX
 *    slots private to the calling thread; mappings are released in reverse order.
 *
 * Lowmem pages (all pages on x86_64) need none of this: every function returns page_address()
 * and the unmap calls do nothing.
 */
#ifndef _KMEM_LINUX_HIGHMEM_H
#define _KMEM_LINUX_HIGHMEM_H

#include <string.h>

#include <linux/mm.h>

/* Slots of the pkmap window: x86_32 without PAE has 1024 (one page table), with PAE 512 */
#define LAST_PKMAP 1024
/* Nested kmap_local/kmap_atomic mappings a thread may hold (include/linux/highmem-internal.h) */
#define KM_MAX_IDX 16

/* Set at boot on a profile with highmem; 0 otherwise */
extern unsigned long pkmap_base;
#define PKMAP_BASE     pkmap_base
#define PKMAP_NR(virt) (((unsigned long)(virt)-PKMAP_BASE) >> PAGE_SHIFT)
#define PKMAP_ADDR(nr) (PKMAP_BASE + ((unsigned long)(nr) << PAGE_SHIFT))

/**
 * kmap - map a page for long-term use
 * @page: any page; a highmem page takes a pkmap slot, sleeping until one is free
 *
 * Return: the page's address. NULL only if the host refuses the mapping (reported).
 */
void *kmap(struct page *page);

/**
 * kunmap - release a kmap() of @page
 *
 * The last kunmap() of a highmem page unmaps its slot at once and page_address() turns NULL
 * again. A kunmap() without a kmap() is reported, counted and ignored.
 */
void kunmap(struct page *page);

/**
 * kmap_local_page - map a page for short-term use by this thread
 * @page: any page
 *
 * Return: the page's address; for a highmem page a slot of this thread's kmap_local stack.
 * NULL, with a report, when the thread already holds KM_MAX_IDX of them (the kernel BUGs).
 */
void *kmap_local_page(struct page *page);

/**
 * kunmap_local - release the most recent kmap_local_page() of this thread
 * @addr: any address inside the mapped page
 *
 * Out of order, or for an address kmap_local_page() did not return, it is reported, counted
 * and ignored (the stack stays as it was). Direct-map addresses are accepted and ignored.
 */
void kunmap_local(const void *addr);

/* The same stack as kmap_local_page(); the model has no preemption or page faults to disable */
static inline void *kmap_atomic(struct page *page)
{
	return kmap_local_page(page);
}

static inline void kunmap_atomic(const void *addr)
{
	kunmap_local(addr);
}

static inline void clear_highpage(struct page *page)
{
	void *kaddr = kmap_local_page(page);

	memset(kaddr, 0, PAGE_SIZE);
	kunmap_local(kaddr);
}

static inline void copy_highpage(struct page *to, struct page *from)
{
	char *vfrom = kmap_local_page(from);
	char *vto = kmap_local_page(to);

	memcpy(vto, vfrom, PAGE_SIZE);
	kunmap_local(vto);
	kunmap_local(vfrom);
}

static inline void memcpy_from_page(char *to, struct page *page, size_t offset, size_t len)
{
	char *from = kmap_local_page(page);

	memcpy(to, from + offset, len);
	kunmap_local(from);
}

static inline void memcpy_to_page(struct page *page, size_t offset, const char *from, size_t len)
{
	char *to = kmap_local_page(page);

	memcpy(to + offset, from, len);
	kunmap_local(to);
}

#endif
