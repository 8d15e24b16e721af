// SPDX-License-Identifier: GPL-2.0
/*
 * Slab objects in bulk and zeroed: kmem_cache_alloc_bulk() hands out every object asked for or
 * none (an exhausted model leaves nothing allocated behind a failed call), honours __GFP_ZERO
 * and constructors; kmem_cache_free_bulk() and kfree_bulk() free into each object's own cache;
 * and init_on_alloc / init_on_free zero objects as 6.18 does, sparing caches with a constructor
 * and poisoned ones.
 */
#include <string.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "harness.h"

#define CTOR_PATTERN 0x41414141U

static void test_ctor(void *obj)
{
	*(unsigned int *)obj = CTOR_PATTERN;
}

static unsigned long active(const char *cache)
{
	struct kmem_slab_stats st;

	if (kmem_slab_stats(cache, &st))
		FAIL("no cache named %s", cache);
	return st.active_objs;
}

static unsigned long nonzero_bytes(const void *p, size_t len)
{
	const unsigned char *c = p;
	unsigned long n = 0;

	for (size_t i = 0; i < len; i++)
		n += c[i] != 0;
	return n;
}

/*
 * A bulk allocation gives @size distinct objects of the cache, each aligned as the cache
 * promises and inside a slab page of it; a bulk free gives them all back, and the slabs go
 * back to the page allocator once the cache is shrunk.
 */
TEST(bulk_alloc_and_free)
{
	unsigned long start = nr_free_pages();
	struct kmem_cache *s = kmem_cache_create("bulk96", 96, 32, 0, NULL);
	void *objs[300];

	ASSERT_NOT_NULL(s);
	ASSERT_EQ(kmem_cache_alloc_bulk(s, GFP_KERNEL, 300, objs), 300);
	ASSERT_EQ(active("bulk96"), 300);
	for (int i = 0; i < 300; i++) {
		ASSERT_EQ((unsigned long)objs[i] % 32, 0);
		ASSERT_TRUE(PageSlab(virt_to_head_page(objs[i])));
		memset(objs[i], i, 96);
	}
	for (int i = 0; i < 300; i++)
		ASSERT_EQ(((unsigned char *)objs[i])[95], (unsigned char)i);
	kmem_cache_free_bulk(s, 300, objs);
	ASSERT_EQ(active("bulk96"), 0);
	ASSERT_EQ(kmem_cache_alloc_bulk(s, GFP_KERNEL, 0, objs), 0);
	kmem_cache_destroy(s);
	ASSERT_EQ(nr_free_pages(), start);
}

/*
 * __GFP_ZERO zeroes every object of a bulk allocation, even ones dirtied and freed just before;
 * a cache's constructor has set up every object handed out in bulk.
 */
TEST(bulk_zero_and_ctor)
{
	struct kmem_cache *s = kmem_cache_create("bulk_zero", 200, 0, 0, NULL);
	struct kmem_cache *c = kmem_cache_create("bulk_ctor", 64, 0, 0, test_ctor);
	void *objs[100];

	ASSERT_EQ(kmem_cache_alloc_bulk(s, GFP_KERNEL, 100, objs), 100);
	for (int i = 0; i < 100; i++)
		memset(objs[i], 0xee, 200);
	kmem_cache_free_bulk(s, 100, objs);
	ASSERT_EQ(kmem_cache_alloc_bulk(s, GFP_KERNEL | __GFP_ZERO, 100, objs), 100);
	for (int i = 0; i < 100; i++)
		ASSERT_EQ(nonzero_bytes(objs[i], 200), 0);
	kmem_cache_free_bulk(s, 100, objs);

	ASSERT_EQ(kmem_cache_alloc_bulk(c, GFP_KERNEL, 100, objs), 100);
	for (int i = 0; i < 100; i++)
		ASSERT_EQ(*(unsigned int *)objs[i], CTOR_PATTERN);
	kmem_cache_free_bulk(c, 100, objs);
	kmem_cache_destroy(s);
	kmem_cache_destroy(c);
}

/*
 * All or nothing: with every free page taken, a bulk allocation that the cache's one partial
 * slab can start but not finish returns 0 and gives back what it took: the cache holds exactly
 * the object it held before, and once everything is freed not a page is missing.
 */
TEST(bulk_all_or_nothing_when_exhausted)
{
	unsigned long start = nr_free_pages();
	struct kmem_cache *s = kmem_cache_create("bulk_oom", 512, 0, 0, NULL);
	struct kmem_slab_stats st;
	LIST_HEAD(held);
	void *objs[512], *first;

	/* one CPU's lists throughout: no page left on another's may serve the call */
	ASSERT_EQ(kmem_thread_set_cpu(0), 0);
	first = kmem_cache_alloc(s, GFP_KERNEL);
	ASSERT_NOT_NULL(first);
	ASSERT_EQ(kmem_slab_stats("bulk_oom", &st), 0);
	/* the slab has room for some, not for all */
	ASSERT_LT(st.objperslab, 512);
	drain_all_pages(NULL);
	harness_exhaust(&held, __GFP_HIGH | __GFP_MEMALLOC | __GFP_NOWARN);
	ASSERT_EQ(kmem_cache_alloc_bulk(s, GFP_NOWAIT, 512, objs), 0);
	ASSERT_EQ(active("bulk_oom"), 1);
	harness_free_list(&held);
	/* room again: the same call now succeeds */
	ASSERT_EQ(kmem_cache_alloc_bulk(s, GFP_KERNEL, 512, objs), 512);
	ASSERT_EQ(active("bulk_oom"), 513);
	kmem_cache_free_bulk(s, 512, objs);
	kmem_cache_free(s, first);
	kmem_cache_destroy(s);
	kmem_slab_shrink_all();
	ASSERT_EQ(nr_free_pages(), start);
}

/*
 * kfree_bulk() (no cache named) frees each object where kfree() would: kmalloc objects of any
 * class into their own cache, a large kmalloc to the page allocator. NULL entries are skipped.
 */
TEST(kfree_bulk_mixed)
{
	unsigned long start = nr_free_pages(), errors = kmem_slab_error_count();
	static const size_t sizes[] = { 8, 100, 1000, 5000, 20000, 96, 0 };
	struct kmem_cache *s = kmem_cache_create("bulk_mixed", 40, 0, 0, NULL);
	void *objs[ARRAY_SIZE(sizes) + 2];

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
		objs[i] = sizes[i] ? kmalloc(sizes[i], GFP_KERNEL) : NULL;
	objs[ARRAY_SIZE(sizes)] = kmem_cache_alloc(s, GFP_KERNEL);
	objs[ARRAY_SIZE(sizes) + 1] = NULL;
	kfree_bulk(ARRAY_SIZE(objs), objs);
	ASSERT_EQ(active("bulk_mixed"), 0);
	ASSERT_EQ(kmem_slab_error_count(), errors);
	kmem_cache_destroy(s);
	kmem_slab_shrink_all();
	ASSERT_EQ(nr_free_pages(), start);
}

static struct kmem_cache *wrong_cache;
static void *wrong_objs[2];

static void free_into_wrong_cache(void *arg)
{
	kmem_cache_free_bulk(arg, 2, wrong_objs);
}

/* Objects of another cache in a kmem_cache_free_bulk() are reported and left allocated */
TEST(free_bulk_wrong_cache_reported)
{
	struct kmem_cache *a = kmem_cache_create("bulk_a", 64, 0, 0, NULL);
	unsigned long errors = kmem_slab_error_count();
	const char *err;

	wrong_cache = kmem_cache_create("bulk_b", 64, 0, 0, NULL);
	ASSERT_EQ(kmem_cache_alloc_bulk(wrong_cache, GFP_KERNEL, 2, wrong_objs), 2);
	err = harness_capture(free_into_wrong_cache, a);
	ASSERT_CONTAINS(err, "kmem_cache_free_bulk");
	ASSERT_EQ(kmem_slab_error_count() - errors, 2);
	ASSERT_EQ(active("bulk_b"), 2);
	kmem_cache_free_bulk(wrong_cache, 2, wrong_objs);
	ASSERT_EQ(active("bulk_b"), 0);
	kmem_cache_destroy(a);
	kmem_cache_destroy(wrong_cache);
}

static void boot_init_on(int alloc, int free, const char *slab_debug)
{
	struct kmem_config cfg;

	harness_config(&cfg);
	cfg.init_on_alloc = alloc;
	cfg.init_on_free = free;
	cfg.slab_debug = slab_debug;
	harness_reboot(&cfg);
	ASSERT_EQ(kmem_thread_set_cpu(0), 0);
}

/*
 * init_on_alloc: a kmalloc object, dirtied and freed, is handed out again zeroed without
 * __GFP_ZERO; so are bulk allocations. A cache with a constructor is exempt, even from
 * __GFP_ZERO (6.18's slab_want_init_on_alloc() returns false for it): zeroing would undo the
 * constructor, so the object keeps its constructed word and whatever it was left holding.
 */
TEST(init_on_alloc_objects)
{
	struct kmem_cache *c;
	void *objs[50];
	char *p, *q;

	boot_init_on(1, 0, NULL);
	p = kmalloc(64, GFP_KERNEL);
	memset(p, 0x9e, 64);
	kfree(p);
	q = kmalloc(64, GFP_KERNEL);
	ASSERT_EQ(q, p);
	ASSERT_EQ(nonzero_bytes(q, 64), 0);
	kfree(q);

	c = kmem_cache_create("init_ctor", 64, 0, 0, test_ctor);
	p = kmem_cache_alloc(c, GFP_KERNEL);
	ASSERT_EQ(*(unsigned int *)p, CTOR_PATTERN);
	memset(p + 4, 0x9e, 60);
	kmem_cache_free(c, p);
	q = kmem_cache_alloc(c, GFP_KERNEL | __GFP_ZERO);
	ASSERT_EQ(q, p);
	ASSERT_EQ(*(unsigned int *)q, CTOR_PATTERN);
	ASSERT_EQ((unsigned char)q[10], 0x9e);
	kmem_cache_free(c, q);
	kmem_cache_destroy(c);

	c = kmem_cache_create("init_bulk", 128, 0, 0, NULL);
	ASSERT_EQ(kmem_cache_alloc_bulk(c, GFP_KERNEL, 50, objs), 50);
	for (int i = 0; i < 50; i++)
		memset(objs[i], 0x9e, 128);
	kmem_cache_free_bulk(c, 50, objs);
	ASSERT_EQ(kmem_cache_alloc_bulk(c, GFP_KERNEL, 50, objs), 50);
	for (int i = 0; i < 50; i++)
		ASSERT_EQ(nonzero_bytes(objs[i], 128), 0);
	kmem_cache_free_bulk(c, 50, objs);
	kmem_cache_destroy(c);
}

/*
 * init_on_free: an object is zeroed as it is freed: read after the free (the model's memory
 * stays mapped), every byte is zero but the free pointer SLUB keeps inside it, which the next
 * allocation wipes, so the object comes back all zero. A constructed object is left alone.
 */
TEST(init_on_free_objects)
{
	struct kmem_cache *c;
	unsigned long fp_off;
	char *p, *q;

	boot_init_on(0, 1, NULL);
	p = kmalloc(128, GFP_KERNEL);
	memset(p, 0x9e, 128);
	kfree(p);
	/* SLUB's mid-object free pointer: kmalloc-128 keeps it at byte 64 */
	fp_off = 64;
	ASSERT_EQ(nonzero_bytes(p, fp_off), 0);
	ASSERT_EQ(nonzero_bytes(p + fp_off + sizeof(void *), 128 - fp_off - sizeof(void *)), 0);
	q = kmalloc(128, GFP_KERNEL);
	ASSERT_EQ(q, p);
	ASSERT_EQ(nonzero_bytes(q, 128), 0);
	kfree(q);

	c = kmem_cache_create("free_ctor", 64, 0, 0, test_ctor);
	p = kmem_cache_alloc(c, GFP_KERNEL);
	memset(p + 4, 0x9e, 60);
	kmem_cache_free(c, p);
	ASSERT_EQ(*(unsigned int *)p, CTOR_PATTERN);
	ASSERT_EQ((unsigned char)p[10], 0x9e);
	kmem_cache_destroy(c);
}

/*
 * Poisoning takes precedence (KMEM_SLAB_DEBUG=P, slub_debug=P): a poisoned cache's objects are
 * neither zeroed on allocation nor on free, only __GFP_ZERO zeroes them. Red zones alone do
 * not exempt a cache, and its red zones survive the zeroing.
 */
TEST(init_on_spares_poison)
{
	char *p, *q;

	boot_init_on(1, 1, "P");
	p = kmalloc(64, GFP_KERNEL);
	memset(p, 0x11, 64);
	kfree(p);
	ASSERT_EQ((unsigned char)p[0], 0x6b); /* POISON_FREE */
	q = kmalloc(64, GFP_KERNEL);
	ASSERT_EQ(q, p);
	ASSERT_EQ((unsigned char)q[0], 0x6b);
	kfree(q);
	q = kzalloc(64, GFP_KERNEL);
	ASSERT_EQ(nonzero_bytes(q, 64), 0);
	kfree(q);

	boot_init_on(1, 1, "FZ");
	p = kmalloc(64, GFP_KERNEL);
	memset(p, 0x11, 64);
	kfree(p);
	ASSERT_EQ(nonzero_bytes(p, 64), 0);
	q = kmalloc(64, GFP_KERNEL);
	ASSERT_EQ(nonzero_bytes(q, 64), 0);
	kfree(q);
	ASSERT_EQ(kmem_slab_error_count(), 0);
}
