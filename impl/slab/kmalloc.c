// SPDX-License-Identifier: GPL-2.0
/*
 * The kmalloc family, after mm/slab_common.c: kmalloc, kmalloc_node, krealloc, kfree, ksize,
 * and the caches behind them.
 *
 * Size classes are the kernel's: powers of two from 8 to 8192 bytes (KMALLOC_MAX_CACHE_SIZE,
 * two pages) plus 96 and 192, each a cache named as in /proc/slabinfo ("kmalloc-96",
 * "kmalloc-1k", ..., "kmalloc-8k"). A size maps to its class through size_index[] up to 192
 * bytes, then the next power of two (kmalloc_index()). There are three kinds of each class,
 * picked by the gfp flags: normal; "dma-kmalloc-*" for __GFP_DMA, whose slabs come from
 * ZONE_DMA (made only when some node has one); and "kmalloc-rcl-*" for __GFP_RECLAIMABLE,
 * whose slabs are reclaimable pages. A kmalloc class guarantees the alignment of the largest
 * power of two dividing its size (8-byte objects are 8-aligned, 96-byte ones 32-aligned, 4096
 * ones 4096-aligned), as since Linux 6.0.
 *
 * Above 8192 bytes kmalloc takes a compound page block of get_order(size) straight from the
 * page allocator and marks its head PG_large_kmalloc; kfree of it returns the block and ksize
 * gives its whole size. Either way the memory is physically contiguous.
 *
 * kfree finds the object's head page through the direct map: a slab page sends it to the slab
 * layer (which checks it is a live object's start), a large kmalloc head to the page allocator;
 * anything else (outside the direct map, inside a large kmalloc, a page nobody kmalloc'd) is
 * reported and left alone.
 */
#include <errno.h>
#include <string.h>

#include "slab_internal.h"

enum kmalloc_cache_type { KMALLOC_NORMAL, KMALLOC_RECLAIM, KMALLOC_DMA, NR_KMALLOC_TYPES };

/* Tables laid out by hand, as in mm/slab_common.c */
/* clang-format off */
#define INIT_KMALLOC_INFO(__size, __short_size)					\
	{									\
		.name = {							\
			[KMALLOC_NORMAL] = "kmalloc-" #__short_size,		\
			[KMALLOC_RECLAIM] = "kmalloc-rcl-" #__short_size,	\
			[KMALLOC_DMA] = "dma-kmalloc-" #__short_size,		\
		},								\
		.size = __size,							\
	}

/* By kmalloc index: 1 and 2 are the odd classes, 3 to 13 the powers of two */
static const struct {
	const char *name[NR_KMALLOC_TYPES];
	unsigned int size;
} kmalloc_info[KMALLOC_SHIFT_HIGH + 1] = {
	[1] = INIT_KMALLOC_INFO(96, 96),	[2] = INIT_KMALLOC_INFO(192, 192),
	[3] = INIT_KMALLOC_INFO(8, 8),		[4] = INIT_KMALLOC_INFO(16, 16),
	[5] = INIT_KMALLOC_INFO(32, 32),	[6] = INIT_KMALLOC_INFO(64, 64),
	[7] = INIT_KMALLOC_INFO(128, 128),	[8] = INIT_KMALLOC_INFO(256, 256),
	[9] = INIT_KMALLOC_INFO(512, 512),	[10] = INIT_KMALLOC_INFO(1024, 1k),
	[11] = INIT_KMALLOC_INFO(2048, 2k),	[12] = INIT_KMALLOC_INFO(4096, 4k),
	[13] = INIT_KMALLOC_INFO(8192, 8k),
};

/* The kmalloc index of sizes 1 to 192, by (size - 1) / 8 */
static const u8 size_index[24] = {
	3,	/* 8 */
	4,	/* 16 */
	5,	/* 24 */
	5,	/* 32 */
	6,	/* 40 */
	6,	/* 48 */
	6,	/* 56 */
	6,	/* 64 */
	1,	/* 72 */
	1,	/* 80 */
	1,	/* 88 */
	1,	/* 96 */
	7,	/* 104 */
	7,	/* 112 */
	7,	/* 120 */
	7,	/* 128 */
	2,	/* 136 */
	2,	/* 144 */
	2,	/* 152 */
	2,	/* 160 */
	2,	/* 168 */
	2,	/* 176 */
	2,	/* 184 */
	2,	/* 192 */
};
/* clang-format on */

/* [type][index]; the DMA row repeats the normal one when no node has a ZONE_DMA */
static struct kmem_cache *kmalloc_caches[NR_KMALLOC_TYPES][KMALLOC_SHIFT_HIGH + 1];

/* @size is 1 to KMALLOC_MAX_CACHE_SIZE */
static inline unsigned int kmalloc_index(size_t size)
{
	if (size <= 192)
		return size_index[(size - 1) / 8];
	return 64 - (unsigned int)__builtin_clzl(size - 1);
}

static inline enum kmalloc_cache_type kmalloc_type(gfp_t flags)
{
	if (likely(!(flags & (__GFP_DMA | __GFP_RECLAIMABLE))))
		return KMALLOC_NORMAL;
	return flags & __GFP_DMA ? KMALLOC_DMA : KMALLOC_RECLAIM;
}

static bool have_zone_dma(void)
{
	int nid;

	for_each_online_node(nid)
		if (populated_zone(&NODE_DATA(nid)->node_zones[ZONE_DMA]))
			return true;
	return false;
}

int kmalloc_init(void)
{
	static const slab_flags_t type_flags[NR_KMALLOC_TYPES] = {
		[KMALLOC_NORMAL] = 0,
		[KMALLOC_RECLAIM] = SLAB_RECLAIM_ACCOUNT,
		[KMALLOC_DMA] = SLAB_CACHE_DMA,
	};
	bool dma = have_zone_dma();

	for (int type = 0; type < NR_KMALLOC_TYPES; type++) {
		for (int i = 1; i <= KMALLOC_SHIFT_HIGH; i++) {
			unsigned int size = kmalloc_info[i].size;

			if (type == KMALLOC_DMA && !dma) {
				kmalloc_caches[type][i] = kmalloc_caches[KMALLOC_NORMAL][i];
				continue;
			}
			kmalloc_caches[type][i] = create_cache(
				kmalloc_info[i].name[type], size, 1U << __builtin_ctz(size),
				SLAB_KMALLOC | type_flags[type], NULL);
			if (!kmalloc_caches[type][i])
				return -ENOMEM;
		}
	}
	return 0;
}

/* The caches themselves are on the slab list: slab_exit() frees them */
void kmalloc_exit(void)
{
	memset(kmalloc_caches, 0, sizeof(kmalloc_caches));
}

static void *kmalloc_large(size_t size, gfp_t flags, int node)
{
	struct page *page;

	page = alloc_pages_node(node, flags | __GFP_COMP, (unsigned int)get_order(size));
	if (unlikely(!page))
		return NULL;
	SetPageLargeKmalloc(page);
	return page_address(page);
}

static void *kmalloc_caller(size_t size, gfp_t flags, int node, unsigned long caller)
{
	struct kmem_cache *s;

	slab_fix_flags(&flags, "kmalloc");
	if (unlikely(size > KMALLOC_MAX_CACHE_SIZE))
		return kmalloc_large(size, flags, node);
	if (unlikely(!size))
		return ZERO_SIZE_PTR;
	s = kmalloc_caches[kmalloc_type(flags)][kmalloc_index(size)];
	/* the caches live from boot to shutdown; the page allocator checks larger sizes */
	if (unlikely(!s)) {
		slab_report_line("kmalloc(%zu) failed: the model is not booted\n", size);
		return NULL;
	}
	return slab_alloc_node(s, flags, node, caller, size);
}

void *kmalloc(size_t size, gfp_t flags)
{
	return kmalloc_caller(size, flags, NUMA_NO_NODE, _RET_IP_);
}

void *__kmalloc(size_t size, gfp_t flags)
{
	return kmalloc_caller(size, flags, NUMA_NO_NODE, _RET_IP_);
}

void *kmalloc_node(size_t size, gfp_t flags, int node)
{
	if (node != NUMA_NO_NODE && (node < 0 || node >= nr_online_nodes))
		node = NUMA_NO_NODE;
	return kmalloc_caller(size, flags, node, _RET_IP_);
}

size_t kmalloc_size_roundup(size_t size)
{
	if (size && size <= KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_info[kmalloc_index(size)].size;
	if (size && size <= KMALLOC_MAX_SIZE)
		return PAGE_SIZE << get_order(size);
	/* kmalloc(0) gives ZERO_SIZE_PTR and larger sizes fail: nothing to round */
	return size;
}

/*
 * The head page of @p, which must be a slab page or a large kmalloc's head; else reported
 * (as @func's) and NULL.
 */
static struct page *kmalloc_page(const void *p, const char *func)
{
	struct page *page;
	char why[96];

	if (unlikely(!virt_addr_valid(p))) {
		slab_report_not_slab(func, p, "outside the direct map");
		return NULL;
	}
	page = compound_head(virt_to_page(p));
	if (likely(PageSlab(page)))
		return page;
	if (PageLargeKmalloc(page)) {
		if (p == page_address(page))
			return page;
		slab_report_not_slab(func, p, "inside a large kmalloc");
		return NULL;
	}
	if (page_state_read(page_to_pfn(page)) == PS_FREE) {
		slab_report_large_double_free(func, p);
		return NULL;
	}
	snprintf(why, sizeof(why), "pfn %#lx is neither a slab nor a large kmalloc, flags %#lx",
		 page_to_pfn(page), READ_ONCE(page->flags));
	slab_report_not_slab(func, p, why);
	return NULL;
}

void kfree(const void *p)
{
	struct page *page;

	if (unlikely(ZERO_OR_NULL_PTR(p)))
		return;
	page = kmalloc_page(p, "kfree");
	if (unlikely(!page))
		return;
	if (likely(PageSlab(page))) {
		slab_free_checked(NULL, page, p, _RET_IP_, "kfree");
		return;
	}
	/* two racing kfrees of one large kmalloc: the loser sees the flag clear */
	if (unlikely(!test_and_clear_bit(PG_large_kmalloc, &page->flags))) {
		slab_report_large_double_free("kfree", p);
		return;
	}
	__free_pages(page, compound_order(page));
}

/*
 * The usable size of the live object @p (0 after a report when it is not one), and its cache
 * in @sp (NULL for a large kmalloc).
 */
static size_t object_size_of(const void *p, const char *func, struct kmem_cache **sp)
{
	struct page *page = kmalloc_page(p, func);
	struct kmem_cache *s;

	*sp = NULL;
	if (!page)
		return 0;
	if (!PageSlab(page))
		return PAGE_SIZE << compound_order(page);
	s = page->slab_cache;
	if (slab_obj_index(s, page, p) < 0) {
		slab_report_invalid(s, page, p, func);
		return 0;
	}
	if (!obj_map_test(p)) {
		slab_report_double_free(s, page, p, func);
		return 0;
	}
	*sp = s;
	return slab_ksize(s);
}

size_t ksize(const void *p)
{
	struct kmem_cache *s;
	size_t size;

	if (unlikely(ZERO_OR_NULL_PTR(p)))
		return 0;
	size = object_size_of(p, "ksize", &s);
	/* the caller may now use all of it: the kmalloc red zone shrinks away */
	if (s && s->orig_size_offset)
		slab_debug_resize(s, (void *)p, s->object_size);
	return size;
}

void *krealloc(const void *p, size_t new_size, gfp_t flags)
{
	struct kmem_cache *s;
	size_t ks;
	void *ret;

	if (unlikely(!new_size)) {
		kfree(p);
		return ZERO_SIZE_PTR;
	}
	if (ZERO_OR_NULL_PTR(p))
		return kmalloc_caller(new_size, flags, NUMA_NO_NODE, _RET_IP_);
	ks = object_size_of(p, "krealloc", &s);
	if (unlikely(!ks))
		return NULL;
	if (new_size <= ks) {
		if (s && s->orig_size_offset)
			slab_debug_resize(s, (void *)p, new_size);
		else if (want_init_on_alloc(flags))
			memset((char *)p + new_size, 0, ks - new_size);
		return (void *)p;
	}
	ret = kmalloc_caller(new_size, flags, NUMA_NO_NODE, _RET_IP_);
	if (!ret)
		return NULL;
	memcpy(ret, p, s && s->orig_size_offset ? slab_debug_orig_size(s, p) : ks);
	kfree(p);
	return ret;
}

void kfree_sensitive(const void *p)
{
	size_t ks;

	if (unlikely(ZERO_OR_NULL_PTR(p)))
		return;
	ks = ksize(p);
	if (!ks) /* reported */
		return;
	explicit_bzero((void *)p, ks);
	kfree(p);
}
