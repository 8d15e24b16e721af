// SPDX-License-Identifier: GPL-2.0
/*
 * The kmalloc family as kernel code uses it: the kernel's size classes and ksize(), many mixed
 * objects that must not overlap, zeroing, overflow-checked arrays, krealloc, large (page
 * allocator) kmalloc, physical contiguity, the dma and rcl kinds, __GFP_HIGHMEM refused, bad
 * kfrees reported with nothing changed, and no page leaked once everything is freed, on x86_64
 * and x86_32.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "harness.h"

#define MiB (1ULL << 20)

/* The kernel's classes: ksize() of kmalloc(size) for 1 <= size <= 8192 */
static size_t class_of(size_t size)
{
	static const size_t classes[] = { 8,   16,  32,	  64,	96,   128, 192,
					  256, 512, 1024, 2048, 4096, 8192 };

	for (size_t i = 0; i < ARRAY_SIZE(classes); i++)
		if (size <= classes[i])
			return classes[i];
	return 0;
}

/* "kmalloc-96", "kmalloc-1k": the cache a class lives in, as /proc/slabinfo names it */
static const char *class_name(size_t cls, const char *prefix, char *buf, size_t len)
{
	if (cls >= 1024)
		snprintf(buf, len, "%skmalloc-%zuk", prefix, cls / 1024);
	else
		snprintf(buf, len, "%skmalloc-%zu", prefix, cls);
	return buf;
}

static unsigned long active_objs(const char *cache)
{
	struct kmem_slab_stats st;

	if (kmem_slab_stats(cache, &st))
		FAIL("no cache named %s", cache);
	return st.active_objs;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* ---- watching a bad call: nothing may change but one more report ---- */

static struct harness_snapshot before, after;
static struct kmem_slab_stats cache_before;
static unsigned long errors_before;
static const char *watched_cache;

static void watch(const char *cache)
{
	watched_cache = cache;
	harness_snapshot(&before);
	if (kmem_slab_stats(cache, &cache_before))
		FAIL("no cache named %s", cache);
	errors_before = kmem_slab_error_count();
	harness_capture_begin();
}

static const char *unwatch(unsigned long reports)
{
	const char *err = harness_capture_end();
	struct kmem_slab_stats st;

	harness_snapshot(&after);
	if (!harness_snapshot_equal(&before, &after, "before/after the bad call"))
		FAIL("a bad call changed the page allocator; stderr was:\n%s", err);
	kmem_slab_stats(watched_cache, &st);
	if (memcmp(&st, &cache_before, sizeof(st)))
		FAIL("a bad call changed %s: active %lu -> %lu, slabs %lu -> %lu; stderr:\n%s",
		     watched_cache, cache_before.active_objs, st.active_objs,
		     cache_before.num_slabs, st.num_slabs, err);
	if (kmem_slab_error_count() - errors_before != reports)
		FAIL("kmem_slab_error_count() went up by %lu, want %lu; stderr was:\n%s",
		     kmem_slab_error_count() - errors_before, reports, err);
	return err;
}

/*
 * Every size from 1 to 8192 lands in the kernel's class (ksize(kmalloc(65)) is 96,
 * ksize(kmalloc(4097)) is 8192), in the cache of that name, aligned to the largest power of
 * two dividing the class; kmalloc_size_roundup() agrees. Beyond 8192 ksize is the page block.
 * kmalloc(0) is ZERO_SIZE_PTR; kfree() of it or of NULL does nothing and reports nothing.
 */
TEST(size_classes_and_ksize)
{
	unsigned long start = nr_free_pages(), errors = kmem_slab_error_count();
	void *p65 = kmalloc(65, GFP_KERNEL), *p4097 = kmalloc(4097, GFP_KERNEL);
	void *p8193 = kmalloc(8193, GFP_KERNEL);
	char name[32];

	ASSERT_EQ(ksize(p65), 96);
	ASSERT_EQ(ksize(p4097), 8192);
	ASSERT_EQ(ksize(p8193), 16384);
	ASSERT_EQ(kmalloc_size_roundup(8193), 16384);
	kfree(p65);
	kfree(p4097);
	kfree(p8193);

	for (size_t size = 1; size <= KMALLOC_MAX_CACHE_SIZE; size++) {
		size_t cls = class_of(size);
		unsigned long objs = active_objs(class_name(cls, "", name, sizeof(name)));
		void *p = kmalloc(size, GFP_KERNEL);

		ASSERT_NOT_NULL(p);
		if (ksize(p) != cls)
			FAIL("ksize(kmalloc(%zu)) = %zu, want %zu", size, ksize(p), cls);
		ASSERT_EQ(kmalloc_size_roundup(size), cls);
		ASSERT_EQ((uintptr_t)p % (cls & -cls), 0);
		ASSERT_EQ(active_objs(name), objs + 1);
		memset(p, 0x5a, cls);
		kfree(p);
		ASSERT_EQ(active_objs(name), objs);
	}

	ASSERT_EQ(kmalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	ASSERT_EQ(ksize(ZERO_SIZE_PTR), 0);
	ASSERT_EQ(ksize(NULL), 0);
	harness_capture_begin();
	kfree(NULL);
	kfree(ZERO_SIZE_PTR);
	ASSERT_STREQ(harness_capture_end(), "");
	ASSERT_EQ(kmem_slab_error_count(), errors);
	kmem_slab_shrink_all();
	ASSERT_EQ(nr_free_pages(), start);
}

struct obj {
	unsigned char *p;
	size_t size;
};

static int obj_cmp(const void *a, const void *b)
{
	const struct obj *x = a, *y = b;

	return (x->p > y->p) - (x->p < y->p);
}

static unsigned char obj_byte(size_t i)
{
	return (unsigned char)(i * 131 + 7);
}

#define NR_MIXED 20000

/*
 * 20,000 objects of mixed sizes (mostly small, some up to 8192, a few large ones of up to
 * 32 KiB), each filled with its own byte, are all intact once all are allocated, and no two
 * overlap; freed in random order, with the caches shrunk, every page is back.
 */
TEST(mixed_sizes_no_overlap_no_leak)
{
	static struct obj objs[NR_MIXED];
	struct kmem_config cfg;
	unsigned long start;

	harness_config(&cfg);
	cfg.mem_bytes = 256 * MiB;
	harness_reboot(&cfg);
	start = nr_free_pages();
	for (size_t i = 0; i < NR_MIXED; i++) {
		uint64_t r = rng() % 100;
		size_t size = r < 75   ? 1 + rng() % 256
			      : r < 97 ? 257 + rng() % 7936
				       : 8193 + rng() % 24576;

		objs[i].size = size;
		objs[i].p = kmalloc(size, GFP_KERNEL);
		if (!objs[i].p)
			FAIL("kmalloc(%zu) #%zu failed", size, i);
		ASSERT_GE(ksize(objs[i].p), size);
		memset(objs[i].p, obj_byte(i), size);
	}
	for (size_t i = 0; i < NR_MIXED; i++)
		for (size_t j = 0; j < objs[i].size; j++)
			if (objs[i].p[j] != obj_byte(i))
				FAIL("object %zu (%zu bytes at %p): byte %zu is %#x, want %#x", i,
				     objs[i].size, (void *)objs[i].p, j, objs[i].p[j], obj_byte(i));
	qsort(objs, NR_MIXED, sizeof(objs[0]), obj_cmp);
	for (size_t i = 1; i < NR_MIXED; i++)
		if (objs[i - 1].p + objs[i - 1].size > objs[i].p)
			FAIL("%p (%zu bytes) overlaps %p", (void *)objs[i - 1].p, objs[i - 1].size,
			     (void *)objs[i].p);
	for (size_t i = NR_MIXED - 1; i > 0; i--) {
		size_t j = rng() % (i + 1);
		struct obj t = objs[i];

		objs[i] = objs[j];
		objs[j] = t;
	}
	for (size_t i = 0; i < NR_MIXED; i++)
		kfree(objs[i].p);
	ASSERT_LT(nr_free_pages(), start); /* empty slabs kept, the CPUs' slabs active */
	kmem_slab_shrink_all();
	ASSERT_EQ(nr_free_pages(), start);
	ASSERT_EQ(active_objs("kmalloc-64"), 0);
	ASSERT_EQ(kmem_slab_error_count(), 0);
}

static bool all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

#define NR_DIRTY 64

/*
 * kzalloc and kcalloc zero the whole usable size of objects that were dirty when freed: each
 * class is filled, dirtied and freed, and the zeroed allocations that follow reuse most of
 * those objects (the CPU's freelist is last in, first out). A large kzalloc is zero too.
 */
TEST(kzalloc_after_dirty_reuse)
{
	static const size_t sizes[] = { 8,   16,  32,	64,   96,   128,  192,
					256, 512, 1024, 2048, 4096, 8192, 20000 };
	unsigned long start = nr_free_pages();

	kmem_thread_enter(0);
	for (size_t k = 0; k < ARRAY_SIZE(sizes); k++) {
		unsigned char *dirty[NR_DIRTY], *zeroed[NR_DIRTY], *p;
		unsigned int reused = 0;

		for (int i = 0; i < NR_DIRTY; i++) {
			dirty[i] = kmalloc(sizes[k], GFP_KERNEL);
			ASSERT_NOT_NULL(dirty[i]);
			memset(dirty[i], 0xa5, ksize(dirty[i]));
		}
		for (int i = 0; i < NR_DIRTY; i++)
			kfree(dirty[i]);
		for (int i = 0; i < NR_DIRTY; i++) {
			p = i % 2 ? kzalloc(sizes[k], GFP_KERNEL)
				  : kcalloc(1, sizes[k], GFP_KERNEL);
			ASSERT_NOT_NULL(p);
			if (!all_zero(p, ksize(p)))
				FAIL("k%salloc(%zu) = %p is not zeroed", i % 2 ? "z" : "c",
				     sizes[k], (void *)p);
			for (int j = 0; j < NR_DIRTY; j++)
				reused += p == dirty[j];
			zeroed[i] = p;
		}
		/* not all: a class whose slab holds more than NR_DIRTY hands out fresh ones too */
		ASSERT_GE(reused, NR_DIRTY / 2);
		for (int i = 0; i < NR_DIRTY; i++)
			kfree(zeroed[i]);
	}
	kmem_slab_shrink_all();
	ASSERT_EQ(nr_free_pages(), start);
}

/*
 * kmalloc_array and kcalloc return NULL, silently, when n * size overflows; otherwise they
 * are kmalloc(n * size), kcalloc zeroed. krealloc_array likewise leaves the old array alone.
 * kmalloc itself serves up to KMALLOC_MAX_SIZE, and returns NULL beyond.
 */
TEST(array_overflow)
{
	unsigned long start = nr_free_pages(), errors = kmem_slab_error_count();
	unsigned int *a;

	harness_capture_begin();
	ASSERT_NULL(kmalloc_array(SIZE_MAX / 2 + 1, 2, GFP_KERNEL));
	ASSERT_NULL(kmalloc_array(2, SIZE_MAX / 2 + 1, GFP_KERNEL));
	ASSERT_NULL(kcalloc(1UL << 40, 1UL << 40, GFP_KERNEL));
	ASSERT_NULL(kmalloc_array_node(SIZE_MAX, SIZE_MAX, GFP_KERNEL, NUMA_NO_NODE));
	ASSERT_NULL(kcalloc_node(SIZE_MAX / 8, 16, GFP_KERNEL, NUMA_NO_NODE));
	ASSERT_NULL(kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL | __GFP_NOWARN));
	ASSERT_STREQ(harness_capture_end(), "");
	ASSERT_EQ(nr_free_pages(), start);
	ASSERT_EQ(kmem_slab_error_count(), errors);

	a = kmalloc(KMALLOC_MAX_SIZE, GFP_KERNEL);
	ASSERT_NOT_NULL(a);
	ASSERT_EQ(ksize(a), KMALLOC_MAX_SIZE);
	kfree(a);
	a = kcalloc(20, sizeof(*a), GFP_KERNEL);
	ASSERT_NOT_NULL(a);
	ASSERT_EQ(ksize(a), 96);
	ASSERT_TRUE(all_zero((unsigned char *)a, 80));
	a[19] = 19;
	ASSERT_NULL(krealloc_array(a, SIZE_MAX / 4, 8, GFP_KERNEL));
	ASSERT_EQ(a[19], 19);
	a = krealloc_array(a, 1000, sizeof(*a), GFP_KERNEL);
	ASSERT_NOT_NULL(a);
	ASSERT_EQ(a[19], 19);
	ASSERT_EQ(ksize(a), 4096);
	kfree(a);
	a = kmalloc_array(3, 8, GFP_KERNEL);
	ASSERT_EQ(ksize(a), 32);
	kfree(a);
	kmem_slab_shrink_all();
	ASSERT_EQ(nr_free_pages(), start);
}

/*
 * krealloc keeps the contents: in place while the new size fits the class (the same pointer),
 * moved when it grows past it, into another class or a large kmalloc and back. krealloc(NULL)
 * is kmalloc; krealloc(p, 0) frees p and returns ZERO_SIZE_PTR.
 */
TEST(krealloc_keeps_contents)
{
	static const size_t steps[] = { 24, 100, 5000, 20000, 70000, 30000, 10 };
	unsigned long start = nr_free_pages();
	size_t keep = 20;
	unsigned char *p = kmalloc(20, GFP_KERNEL), *q;

	for (size_t i = 0; i < keep; i++)
		p[i] = (unsigned char)(i + 1);
	for (size_t k = 0; k < ARRAY_SIZE(steps); k++) {
		size_t old_ksize = ksize(p);

		q = krealloc(p, steps[k], GFP_KERNEL);
		ASSERT_NOT_NULL(q);
		if (steps[k] <= old_ksize)
			ASSERT_EQ(q, p);
		else
			ASSERT_NE(q, p);
		ASSERT_GE(ksize(q), steps[k]);
		for (size_t i = 0; i < keep; i++)
			if (q[i] != (unsigned char)(i + 1))
				FAIL("krealloc to %zu lost byte %zu", steps[k], i);
		p = q;
	}
	ASSERT_EQ(krealloc(p, 0, GFP_KERNEL), ZERO_SIZE_PTR);
	p = krealloc(NULL, 50, GFP_KERNEL);
	ASSERT_EQ(ksize(p), 64);
	kfree(p);
	kmem_slab_shrink_all();
	ASSERT_EQ(nr_free_pages(), start);
}

/*
 * Above 8192 bytes kmalloc is a compound page block of get_order(size): its head marked
 * PG_large_kmalloc, the tails pointing at it, physically contiguous, nr_free_pages() down by
 * exactly the block until kfree returns it. kmalloc_node and __GFP_ZERO go through.
 */
TEST(large_kmalloc_is_compound_and_contiguous)
{
	static const size_t sizes[] = { 8193, 16384, 100000, 1 << 20 };
	unsigned long start = nr_free_pages();

	for (size_t k = 0; k < ARRAY_SIZE(sizes); k++) {
		unsigned int order = (unsigned int)get_order(sizes[k]);
		char *p = k % 2 ? kmalloc_node(sizes[k], GFP_KERNEL | __GFP_ZERO, 0)
				: kzalloc(sizes[k], GFP_KERNEL);
		struct page *head;

		ASSERT_NOT_NULL(p);
		head = virt_to_page(p);
		ASSERT_EQ(page_address(head), p);
		ASSERT_TRUE(PageLargeKmalloc(head));
		ASSERT_TRUE(PageHead(head));
		ASSERT_FALSE(PageSlab(head));
		ASSERT_EQ(compound_order(head), order);
		ASSERT_EQ(ksize(p), PAGE_SIZE << order);
		ASSERT_EQ(nr_free_pages(), start - (1UL << order));
		ASSERT_TRUE(all_zero((unsigned char *)p, sizes[k]));
		for (unsigned long i = 1; i < (1UL << order); i++) {
			struct page *page = virt_to_page(p + i * PAGE_SIZE);

			if (page != head + i || compound_head(page) != head)
				FAIL("page %lu of kmalloc(%zu): %p, want %p (head %p)", i, sizes[k],
				     (void *)page, (void *)(head + i), (void *)head);
		}
		memset(p, 0x77, ksize(p));
		kfree(p);
		ASSERT_FALSE(PageLargeKmalloc(head));
		ASSERT_EQ(nr_free_pages(), start);
	}
}

/*
 * A kmalloc-8k object spans two physically consecutive pages of an order-3 slab:
 * virt_to_page(p) + 1 == virt_to_page(p + PAGE_SIZE), its head PageSlab, 4 objects a slab.
 */
TEST(slab_kmalloc_contiguous)
{
	unsigned long start;
	struct kmem_slab_stats st;
	struct kmem_config cfg;
	char *p[16];

	/* the plain layout: KMEM_SLAB_DEBUG in the environment would change it */
	harness_config(&cfg);
	cfg.slab_debug = "";
	harness_reboot(&cfg);
	start = nr_free_pages();
	ASSERT_EQ(kmem_slab_stats("kmalloc-8k", &st), 0);
	ASSERT_EQ(st.pagesperslab, 8);
	ASSERT_EQ(st.objperslab, 4);
	for (int i = 0; i < 16; i++) {
		struct page *head;

		p[i] = kmalloc(8192, GFP_KERNEL);
		ASSERT_NOT_NULL(p[i]);
		ASSERT_EQ(virt_to_page(p[i]) + 1, virt_to_page(p[i] + PAGE_SIZE));
		ASSERT_EQ(page_to_pfn(virt_to_page(p[i] + PAGE_SIZE)),
			  page_to_pfn(virt_to_page(p[i])) + 1);
		head = compound_head(virt_to_page(p[i]));
		ASSERT_TRUE(PageSlab(head));
		ASSERT_EQ(compound_order(head), 3);
		ASSERT_GE(p[i], (char *)page_address(head));
		ASSERT_LE(p[i] + 8192, (char *)page_address(head) + 8 * PAGE_SIZE);
		memset(p[i], i, 8192);
	}
	for (int i = 0; i < 16; i++)
		kfree(p[i]);
	kmem_slab_shrink_all();
	ASSERT_EQ(nr_free_pages(), start);
}

/*
 * The gfp flags pick the kind: __GFP_DMA the dma-kmalloc-* caches, whose slabs are in ZONE_DMA
 * (a large DMA kmalloc too), __GFP_RECLAIMABLE the kmalloc-rcl-* ones, with reclaimable
 * pages; __GFP_DMA wins over __GFP_RECLAIMABLE, as in the kernel. __GFP_HIGHMEM and __GFP_DMA32
 * are removed with 6.18's kmalloc_fix_flags() warning, "Fixing up to gfp: ... Fix your code!",
 * and the object is allocated (a slab object and a large kmalloc alike).
 */
TEST(gfp_kinds)
{
	unsigned long start = nr_free_pages();
	unsigned long dma = active_objs("dma-kmalloc-64"), rcl = active_objs("kmalloc-rcl-64");
	struct kmem_slab_stats st;
	const char *err;
	void *p, *q, *r, *big;

	p = kmalloc(64, GFP_KERNEL | GFP_DMA);
	ASSERT_NOT_NULL(p);
	ASSERT_EQ(page_zonenum(virt_to_page(p)), ZONE_DMA);
	ASSERT_EQ(active_objs("dma-kmalloc-64"), dma + 1);
	q = kmalloc(64, GFP_KERNEL | __GFP_RECLAIMABLE);
	ASSERT_NOT_NULL(q);
	ASSERT_EQ(active_objs("kmalloc-rcl-64"), rcl + 1);
	ASSERT_EQ(kmem_slab_stats("kmalloc-rcl-64", &st), 0);
	ASSERT_EQ(st.gfp & __GFP_RECLAIMABLE, __GFP_RECLAIMABLE);
	r = kmalloc(40, GFP_KERNEL | GFP_DMA | __GFP_RECLAIMABLE);
	ASSERT_NOT_NULL(r);
	ASSERT_EQ(active_objs("dma-kmalloc-64"), dma + 2);
	big = kmalloc(3 * PAGE_SIZE, GFP_KERNEL | GFP_DMA);
	ASSERT_NOT_NULL(big);
	ASSERT_EQ(page_zonenum(virt_to_page(big)), ZONE_DMA);
	kfree(big);
	kfree(r);
	kfree(q);
	kfree(p);
	ASSERT_EQ(active_objs("dma-kmalloc-64"), dma);

	harness_capture_begin();
	p = kmalloc(64, GFP_KERNEL | __GFP_HIGHMEM);
	big = kzalloc(64 * 1024, GFP_HIGHUSER);
	err = harness_capture_end();
	ASSERT_NOT_NULL(p);
	ASSERT_NOT_NULL(big);
	ASSERT_EQ(harness_count(err, "kmalloc: Unexpected gfp:"), 2);
	ASSERT_CONTAINS(err,
			"(GFP_KERNEL|__GFP_HIGHMEM). Fixing up to gfp: 0xcc0 (GFP_KERNEL). Fix "
			"your code!");
	ASSERT_EQ(((const char *)big)[64 * 1024 - 1], 0);
	kfree(big);
	kfree(p);

	harness_capture_begin();
	p = kmalloc(64, GFP_KERNEL | __GFP_DMA32);
	err = harness_capture_end();
	ASSERT_NOT_NULL(p);
	ASSERT_CONTAINS(err, "Fixing up to gfp:");
	kfree(p);
	kmem_slab_shrink_all();
	ASSERT_EQ(nr_free_pages(), start);
}

/*
 * On x86_32 kmalloc must come from lowmem (it returns direct-map addresses): with 1 GiB of RAM
 * (128 MiB of it highmem), 24 MiB of small and large objects all lie below max_low_pfn, none in
 * ZONE_HIGHMEM; GFP_HIGHUSER is fixed up to lowmem with a warning, as on x86_64.
 */
TEST(x86_32_lowmem_only)
{
	static void *objs[6144];
	struct kmem_config cfg;
	unsigned long start;
	void *fixed;

	harness_config(&cfg);
	cfg.arch = "x86_32";
	cfg.mem_bytes = 1024 * MiB;
	harness_reboot(&cfg);
	start = nr_free_pages();
	for (size_t i = 0; i < ARRAY_SIZE(objs); i++) {
		struct page *page;

		objs[i] = kmalloc(i % 64 ? 4096 : 32768, GFP_KERNEL);
		ASSERT_NOT_NULL(objs[i]);
		ASSERT_TRUE(virt_addr_valid(objs[i]));
		page = virt_to_page(objs[i]);
		ASSERT_LT(page_to_pfn(page), max_low_pfn);
		ASSERT_NE(page_zonenum(page), ZONE_HIGHMEM);
	}
	harness_capture_begin();
	fixed = kmalloc(64, GFP_HIGHUSER);
	ASSERT_CONTAINS(harness_capture_end(),
			"(GFP_HIGHUSER). Fixing up to gfp: 0x100cc0 (GFP_USER)");
	ASSERT_NOT_NULL(fixed);
	ASSERT_LT(page_to_pfn(virt_to_page(fixed)), max_low_pfn);
	kfree(fixed);
	for (size_t i = 0; i < ARRAY_SIZE(objs); i++)
		kfree(objs[i]);
	kmem_slab_shrink_all();
	ASSERT_EQ(nr_free_pages(), start);
}

/*
 * Bad kfrees, each reported once and ignored with the page allocator and kmalloc-64 unchanged:
 *
 *   a pointer outside the direct map (the stack, the C heap)    "kfree: not a slab object"
 *   a pointer inside a kmalloc-64 object                        "Invalid object pointer"
 *   an object already free (kfree or ksize of it)                "Object already free"
 *   a large kmalloc already free                                "kfree: object already free"
 *   inside a large kmalloc, a page from alloc_pages()           "kfree: not a slab object"
 *
 * and afterwards the objects involved are still whole: allocations hand out no object twice.
 */
TEST(bad_kfree_reported_and_ignored)
{
	unsigned long start = nr_free_pages();
	char *p = kmalloc(64, GFP_KERNEL), *q = kmalloc(64, GFP_KERNEL), *big, *heap;
	struct page *page;
	const char *err;
	int on_stack;
	char line[128];

	kmem_thread_enter(0);
	watch("kmalloc-64");
	kfree(&on_stack);
	err = unwatch(1);
	ASSERT_CONTAINS(err, "kfree: not a slab object: 0x");
	ASSERT_CONTAINS(err, "outside the direct map");
	heap = malloc(64);
	watch("kmalloc-64");
	kfree(heap);
	unwatch(1);
	free(heap);

	watch("kmalloc-64");
	kfree(p + 8);
	err = unwatch(1);
	ASSERT_CONTAINS(err, "BUG kmalloc-64 (Not tainted): Invalid object pointer");
	ASSERT_CONTAINS(err, "kfree: not a slab object:");

	kfree(q);
	watch("kmalloc-64");
	kfree(q);
	err = unwatch(1);
	ASSERT_CONTAINS(err, "BUG kmalloc-64 (Not tainted): Object already free");
	snprintf(line, sizeof(line), "kfree: object already free: %#lx\n", (unsigned long)q);
	ASSERT_CONTAINS(err, line);
	watch("kmalloc-64");
	ASSERT_EQ(ksize(q), 0);
	unwatch(1);
	q = kmalloc(64, GFP_KERNEL);
	ASSERT_NE(q, p);
	heap = kmalloc(64, GFP_KERNEL);
	ASSERT_NE(heap, q); /* q is handed out once */
	kfree(heap);

	big = kmalloc(5 * PAGE_SIZE, GFP_KERNEL);
	watch("kmalloc-64");
	kfree(big + PAGE_SIZE);
	err = unwatch(1);
	ASSERT_CONTAINS(err, "inside a large kmalloc");
	kfree(big);
	watch("kmalloc-64");
	kfree(big);
	err = unwatch(1);
	ASSERT_CONTAINS(err, "kfree: object already free:");

	page = alloc_pages(GFP_KERNEL, 1);
	watch("kmalloc-64");
	kfree(page_address(page));
	err = unwatch(1);
	ASSERT_CONTAINS(err, "neither a slab nor a large kmalloc");
	__free_pages(page, 1);
	ASSERT_EQ(kmem_slab_error_count(), 8);
	kfree(p);
	kfree(q);
	kmem_slab_shrink_all();
	ASSERT_EQ(nr_free_pages(), start);
}

#define NR_LEAK 4000

/*
 * The leak check: objects of every kind (normal, dma, rcl, large, per node, krealloc'd)
 * allocated as one simulated CPU and freed as another, so that frees land on slabs other CPUs
 * hold and on the partial lists. Once all are freed and the caches shrunk, nr_free_pages() is
 * exactly what it was at the start, on every back end.
 */
TEST(leak_check_all_kinds_across_cpus)
{
	static void *objs[NR_LEAK];
	struct kmem_info info;
	unsigned long start = nr_free_pages();

	kmem_get_info(&info);
	for (int round = 0; round < 2; round++) {
		kmem_thread_enter(round % info.nr_cpus);
		for (int i = 0; i < NR_LEAK; i++) {
			size_t size = 1 + rng() % (i % 50 ? 2048 : 40000);
			gfp_t gfp = GFP_KERNEL | (i % 7 == 0 ? GFP_DMA : 0) |
				    (i % 5 == 0 ? __GFP_RECLAIMABLE : 0);

			objs[i] = i % 3 ? kmalloc(size, gfp) : kmalloc_node(size, gfp, 0);
			ASSERT_NOT_NULL(objs[i]);
			if (i % 11 == 0)
				objs[i] = krealloc(objs[i], size * 2, gfp);
			ASSERT_NOT_NULL(objs[i]);
		}
		kmem_thread_enter((round + 1) % info.nr_cpus);
		for (int i = 0; i < NR_LEAK; i += 2)
			kfree(objs[i]);
		kmem_thread_enter(0);
		for (int i = 1; i < NR_LEAK; i += 2)
			kfree(objs[i]);
	}
	kmem_slab_shrink_all();
	ASSERT_EQ(nr_free_pages(), start);
	ASSERT_EQ(kmem_slab_error_count(), 0);
}
