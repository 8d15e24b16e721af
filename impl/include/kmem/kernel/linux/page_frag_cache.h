/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The page fragment cache, after 6.18's include/linux/page_frag_cache.h (the struct is in its
 * mm_types_task.h): many small buffers cut one after another from a page the cache holds,
 * each buffer a reference to that page, as the network stack takes its skb heads.
 *
 * The cache takes a 32 KiB compound page (PAGE_FRAG_CACHE_MAX_ORDER) when one comes without
 * effort, else a single page, and gives it at once PAGE_FRAG_CACHE_MAX_SIZE more references
 * than it needs, counting those it still owns in pagecnt_bias: handing out a fragment is then
 * a decrement of the bias, not of the page's count. page_frag_free() of a fragment drops one
 * reference of its page. A page that runs out is given up, its unused references dropped in
 * one go: the last free of its fragments frees it, or, if they are all freed already, the
 * cache takes it again. page_frag_cache_drain() gives the current page up.
 *
 * One cache is one thread's (the kernel keeps one per CPU, or per socket under a lock);
 * page_frag_free() may run anywhere. As in 6.18, fragments are cut upwards from the start of
 * the page, each aligned as asked.
 */
#ifndef _KMEM_LINUX_PAGE_FRAG_CACHE_H
#define _KMEM_LINUX_PAGE_FRAG_CACHE_H

#include <linux/gfp.h>
#include <linux/mm_types.h>
#include <linux/types.h>

#define PAGE_FRAG_CACHE_MAX_SIZE  32768U
#define PAGE_FRAG_CACHE_MAX_ORDER 3 /* get_order(PAGE_FRAG_CACHE_MAX_SIZE) */

/* encoded_page: the page's address | its order in the low byte | pfmemalloc above it */
#define PAGE_FRAG_CACHE_ORDER_MASK     0xffUL
#define PAGE_FRAG_CACHE_PFMEMALLOC_BIT (PAGE_FRAG_CACHE_ORDER_MASK + 1)

struct page_frag_cache {
	unsigned long encoded_page; /* 0: no page */
	__u32 offset;		    /* the next fragment starts here, before alignment */
	__u32 pagecnt_bias;	    /* references of the page the cache still owns */
};

static inline void page_frag_cache_init(struct page_frag_cache *nc)
{
	nc->encoded_page = 0;
}

static inline bool encoded_page_decode_pfmemalloc(unsigned long encoded_page)
{
	return encoded_page & PAGE_FRAG_CACHE_PFMEMALLOC_BIT;
}

/*
 * Whether the cache's page came from the emergency reserves. The model does not mark such
 * pages (page_is_pfmemalloc()), so this is always false.
 */
static inline bool page_frag_cache_is_pfmemalloc(struct page_frag_cache *nc)
{
	return encoded_page_decode_pfmemalloc(nc->encoded_page);
}

/* Gives the cache's page up (freed once its fragments are); the cache is empty afterwards */
void page_frag_cache_drain(struct page_frag_cache *nc);
/* Drops @count references of @page, freeing it with the last */
void __page_frag_cache_drain(struct page *page, unsigned int count);

/**
 * __page_frag_alloc_align - cut a fragment from the cache's page
 * @nc: the cache
 * @fragsz: bytes; above PAGE_SIZE only while the current page has room for it
 * @gfp_mask: for a new page: __GFP_HIGHMEM is dropped, a fragment needs a direct-map address
 * @align_mask: -alignment, or ~0U for none
 *
 * Return: the fragment's address, or NULL when no page could be had (or @fragsz does not fit).
 */
void *__page_frag_alloc_align(struct page_frag_cache *nc, unsigned int fragsz, gfp_t gfp_mask,
			      unsigned int align_mask);

/*
 * A fragment aligned to @align, a power of two; another @align is warned about (6.18's
 * WARN_ON_ONCE) and used as a mask all the same
 */
void *page_frag_alloc_align(struct page_frag_cache *nc, unsigned int fragsz, gfp_t gfp_mask,
			    unsigned int align);

static inline void *page_frag_alloc(struct page_frag_cache *nc, unsigned int fragsz, gfp_t gfp_mask)
{
	return __page_frag_alloc_align(nc, fragsz, gfp_mask, ~0U);
}

/* Frees a fragment: drops its page's reference, freeing the page with the last one */
void page_frag_free(void *addr);

#endif
