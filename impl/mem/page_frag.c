// SPDX-License-Identifier: GPL-2.0
/*
 * The page fragment cache, after 6.18's mm/page_frag_cache.c (see <linux/page_frag_cache.h>
 * for what it is for).
 *
 * Refill: a compound page of PAGE_FRAG_CACHE_MAX_ORDER, asked for so that it fails at once
 * rather than cost anything (no direct reclaim, no retry, no warning, no emergency reserves),
 * else one page with the caller's own flags. The cache then adds PAGE_FRAG_CACHE_MAX_SIZE
 * references to the page's one and owns MAX_SIZE + 1 of them (pagecnt_bias). Each fragment
 * moves one reference from the cache to its user: pagecnt_bias drops, the page's count does
 * not. When the next fragment does not fit, the cache drops the references it still owns in
 * one page_ref_sub_and_test(): if that was the last (every fragment already freed), the page
 * is the cache's alone and is reused from its start with a fresh bias; otherwise the page now
 * lives only in its fragments, whose last page_frag_free() frees it, and the cache refills.
 *
 * The counts go through page_ref.h, so a fragment freed twice is reported as a put of a page
 * without references once its page is gone, rather than freeing a page another owner holds.
 */
#include "internal.h"

#include <linux/page_frag_cache.h>

static struct page *page_frag_cache_refill(struct page_frag_cache *nc, gfp_t gfp_mask)
{
	unsigned long order = PAGE_FRAG_CACHE_MAX_ORDER;
	struct page *page;
	gfp_t gfp = gfp_mask;

	gfp_mask = (gfp_mask & ~__GFP_DIRECT_RECLAIM) | __GFP_COMP | __GFP_NOWARN | __GFP_NORETRY |
		   __GFP_NOMEMALLOC;
	page = alloc_pages_node(NUMA_NO_NODE, gfp_mask, PAGE_FRAG_CACHE_MAX_ORDER);
	if (unlikely(!page)) {
		page = alloc_pages_node(NUMA_NO_NODE, gfp, 0);
		order = 0;
	}
	/* the model marks no page pfmemalloc: the bit above the order stays clear */
	nc->encoded_page = page ? (unsigned long)page_address(page) | order : 0;
	return page;
}

static unsigned int encoded_page_order(unsigned long encoded_page)
{
	return (unsigned int)(encoded_page & PAGE_FRAG_CACHE_ORDER_MASK);
}

static void *encoded_page_virt(unsigned long encoded_page)
{
	return (void *)(encoded_page & PAGE_MASK);
}

static struct page *encoded_page_page(unsigned long encoded_page)
{
	return virt_to_page(encoded_page_virt(encoded_page));
}

void page_frag_cache_drain(struct page_frag_cache *nc)
{
	if (!nc->encoded_page)
		return;
	__page_frag_cache_drain(encoded_page_page(nc->encoded_page), nc->pagecnt_bias);
	nc->encoded_page = 0;
}

void __page_frag_cache_drain(struct page *page, unsigned int count)
{
	if (page_ref_sub_and_test(page, (int)count))
		free_frozen_pages(page, compound_order(page));
}

void *__page_frag_alloc_align(struct page_frag_cache *nc, unsigned int fragsz, gfp_t gfp_mask,
			      unsigned int align_mask)
{
	unsigned long encoded_page = nc->encoded_page;
	unsigned int size, offset;
	struct page *page;

	if (unlikely(!encoded_page)) {
	refill:
		page = page_frag_cache_refill(nc, gfp_mask & ~__GFP_HIGHMEM);
		if (!page)
			return NULL;
		encoded_page = nc->encoded_page;
		page_ref_add(page, PAGE_FRAG_CACHE_MAX_SIZE);
		nc->pagecnt_bias = PAGE_FRAG_CACHE_MAX_SIZE + 1;
		nc->offset = 0;
	}
	size = (unsigned int)PAGE_SIZE << encoded_page_order(encoded_page);
	offset = (nc->offset + ~align_mask) & align_mask;
	if (unlikely(offset + fragsz > size)) {
		/* a large fragment that does not fit: keep the page, it may still serve small ones
		 */
		if (unlikely(fragsz > PAGE_SIZE))
			return NULL;
		page = encoded_page_page(encoded_page);
		if (!page_ref_sub_and_test(page, (int)nc->pagecnt_bias))
			goto refill;
		/* every fragment is back: the page is the cache's alone, reuse it */
		set_page_count(page, PAGE_FRAG_CACHE_MAX_SIZE + 1);
		nc->pagecnt_bias = PAGE_FRAG_CACHE_MAX_SIZE + 1;
		offset = 0;
	}
	nc->pagecnt_bias--;
	nc->offset = offset + fragsz;
	return (char *)encoded_page_virt(encoded_page) + offset;
}

void *page_frag_alloc_align(struct page_frag_cache *nc, unsigned int fragsz, gfp_t gfp_mask,
			    unsigned int align)
{
	if (unlikely(!align || (align & (align - 1))))
		vm_warn("include/linux/page_frag_cache.h page_frag_alloc_align",
			"page_frag_alloc_align: align %u is not a power of two", align);
	return __page_frag_alloc_align(nc, fragsz, gfp_mask, -align);
}

void page_frag_free(void *addr)
{
	struct page *page = virt_to_head_page(addr);

	if (unlikely(!page))
		return;
	if (unlikely(put_page_testzero(page)))
		free_frozen_pages(page, compound_order(page));
}
