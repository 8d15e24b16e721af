// SPDX-License-Identifier: GPL-2.0
/*
 * Object caches as kernel code uses them: kmem_cache_create with constructors, alignment and
 * the SLAB_* flags, the slab order policy, metadata on the head struct page, empty slabs kept
 * up to min_partial and freed by shrinking, kmem_cache_destroy with objects left, bad
 * kmem_cache_free calls reported with nothing changed, KMEM_SLAB_DEBUG's red zones and
 * poisoning, nodes, and threads freeing each other's objects.
 */
#include <errno.h>
#include <pthread.h>
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

static struct kmem_slab_stats stats(const char *cache)
{
	struct kmem_slab_stats st;

	if (kmem_slab_stats(cache, &st))
		FAIL("no cache named %s", cache);
	return st;
}

static struct page *head_of(const void *obj)
{
	return compound_head(virt_to_page(obj));
}

/* For tests of the plain layout: KMEM_SLAB_DEBUG in the environment would change it */
static void boot_without_debug(void)
{
	struct kmem_config cfg;

	harness_config(&cfg);
	cfg.slab_debug = "";
	harness_reboot(&cfg);
}

/* ---- watching a bad call: nothing may change but one more report ---- */

static struct harness_snapshot before, after;
static struct kmem_slab_stats before_a, before_b;
static const char *cache_a, *cache_b;
static unsigned long errors_before;

static void watch(const char *a, const char *b)
{
	cache_a = a;
	cache_b = b;
	harness_snapshot(&before);
	before_a = stats(a);
	before_b = stats(b);
	errors_before = kmem_slab_error_count();
	harness_capture_begin();
}

static const char *unwatch(unsigned long reports)
{
	const char *err = harness_capture_end();
	struct kmem_slab_stats a = stats(cache_a), b = stats(cache_b);

	harness_snapshot(&after);
	if (!harness_snapshot_equal(&before, &after, "before/after the bad call"))
		FAIL("a bad call changed the page allocator; stderr was:\n%s", err);
	if (memcmp(&a, &before_a, sizeof(a)) || memcmp(&b, &before_b, sizeof(b)))
		FAIL("a bad call changed %s (active %lu -> %lu) or %s (active %lu -> %lu):\n%s",
		     cache_a, before_a.active_objs, a.active_objs, cache_b, before_b.active_objs,
		     b.active_objs, err);
	if (kmem_slab_error_count() - errors_before != reports)
		FAIL("kmem_slab_error_count() went up by %lu, want %lu; stderr was:\n%s",
		     kmem_slab_error_count() - errors_before, reports, err);
	return err;
}

/* ---- constructors ---- */

#define CTOR_MAGIC 0x51ab0b1ec7000000ULL

struct ctor_obj {
	uint64_t magic;
	struct ctor_obj *self;
	char payload[184];
};

static unsigned long ctor_calls;

static void ctor(void *p)
{
	struct ctor_obj *o = p;

	o->magic = CTOR_MAGIC;
	o->self = o;
	__atomic_fetch_add(&ctor_calls, 1, __ATOMIC_RELAXED);
}

#define NR_CTOR 5000

/*
 * A cache of 5,000 objects with a constructor: the constructor runs exactly once per object
 * of each slab as the slab is made (never on allocation), every object arrives constructed,
 * lies whole in a slab of this cache, and no two overlap. Destroying the emptied cache gives
 * every page back.
 */
TEST(cache_with_ctor_5000)
{
	static struct ctor_obj *objs[NR_CTOR];
	unsigned long start = nr_free_pages();
	struct kmem_cache *s;
	struct kmem_slab_stats st;

	ctor_calls = 0;
	s = kmem_cache_create("test_ctor", sizeof(struct ctor_obj), 0, 0, ctor);
	ASSERT_NOT_NULL(s);
	ASSERT_EQ(kmem_cache_size(s), sizeof(struct ctor_obj));
	for (int i = 0; i < NR_CTOR; i++) {
		struct page *head;

		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
		ASSERT_NOT_NULL(objs[i]);
		if (objs[i]->magic != CTOR_MAGIC || objs[i]->self != objs[i])
			FAIL("object %d at %p is not constructed", i, (void *)objs[i]);
		head = head_of(objs[i]);
		ASSERT_TRUE(PageSlab(head));
		ASSERT_EQ(head->slab_cache, s);
		ASSERT_EQ(head_of((char *)(objs[i] + 1) - 1), head);
		memset(objs[i]->payload, i & 0xff, sizeof(objs[i]->payload));
	}
	st = stats("test_ctor");
	ASSERT_EQ(st.active_objs, NR_CTOR);
	ASSERT_EQ(ctor_calls, st.num_objs);
	ASSERT_EQ(st.num_objs, st.num_slabs * st.objperslab);
	for (int i = 0; i < NR_CTOR; i++) {
		for (size_t j = 0; j < sizeof(objs[i]->payload); j++)
			if (objs[i]->payload[j] != (char)(i & 0xff))
				FAIL("object %d overwritten at byte %zu", i, j);
		kmem_cache_free(s, objs[i]);
	}
	ASSERT_EQ(stats("test_ctor").active_objs, 0);
	ASSERT_EQ(ctor_calls, st.num_objs);
	kmem_cache_destroy(s);
	ASSERT_EQ(kmem_slab_stats("test_ctor", &st), -ENOENT);
	ASSERT_EQ(nr_free_pages(), start);
}

/*
 * Alignment: SLAB_HWCACHE_ALIGN puts objects on cache lines (64 bytes), or on the power-of-two
 * fraction of one that small objects pack into (32 for 20 bytes); an explicit align is kept;
 * without either an object is 8-aligned and its slot is its size rounded to 8. kmem_cache_zalloc
 * zeroes. SLAB_RECLAIM_ACCOUNT slabs are reclaimable pages; SLAB_CACHE_DMA slabs are in
 * ZONE_DMA.
 */
TEST(alignment_and_flags)
{
	static const struct {
		const char *name;
		unsigned int size, align;
		slab_flags_t flags;
		unsigned int want_align, want_objsize;
	} cases[] = {
		{ "hw40", 40, 0, SLAB_HWCACHE_ALIGN, 64, 64 },
		{ "hw20", 20, 0, SLAB_HWCACHE_ALIGN, 32, 32 },
		{ "al128", 100, 128, 0, 128, 128 },
		{ "plain24", 24, 0, 0, 8, 24 },
		{ "plain3", 3, 0, 0, 8, 8 },
		{ "rcl", 72, 0, SLAB_RECLAIM_ACCOUNT, 8, 72 },
		{ "dma", 500, 0, SLAB_CACHE_DMA, 8, 504 },
	};
	unsigned long start;

	boot_without_debug();
	start = nr_free_pages();

	for (size_t k = 0; k < ARRAY_SIZE(cases); k++) {
		struct kmem_cache *s = kmem_cache_create(cases[k].name, cases[k].size,
							 cases[k].align, cases[k].flags, NULL);
		struct kmem_slab_stats st;
		unsigned char *p[50];

		ASSERT_NOT_NULL(s);
		st = stats(cases[k].name);
		ASSERT_EQ(st.align, cases[k].want_align);
		ASSERT_EQ(st.objsize, cases[k].want_objsize);
		for (int i = 0; i < 50; i++) {
			p[i] = i % 2 ? kmem_cache_zalloc(s, GFP_KERNEL)
				     : kmem_cache_alloc(s, GFP_KERNEL);
			ASSERT_NOT_NULL(p[i]);
			ASSERT_EQ((uintptr_t)p[i] % cases[k].want_align, 0);
			if (i % 2)
				for (unsigned int j = 0; j < cases[k].size; j++)
					ASSERT_EQ(p[i][j], 0);
			memset(p[i], 0xee, cases[k].size);
			if (cases[k].flags & SLAB_CACHE_DMA)
				ASSERT_EQ(page_zonenum(virt_to_page(p[i])), ZONE_DMA);
		}
		if (cases[k].flags & SLAB_RECLAIM_ACCOUNT)
			ASSERT_EQ(st.gfp & __GFP_RECLAIMABLE, __GFP_RECLAIMABLE);
		else
			ASSERT_EQ(st.gfp & __GFP_RECLAIMABLE, 0);
		for (int i = 0; i < 50; i++)
			kmem_cache_free(s, p[i]);
		kmem_cache_destroy(s);
	}
	ASSERT_EQ(nr_free_pages(), start);
}

/* The order SLUB's calculate_order() picks for a slot of @size on @nr_cpus CPUs */
static unsigned int slub_order(unsigned int size, int nr_cpus)
{
	unsigned int min_objects =
		4 * (unsigned int)(32 - __builtin_clz((unsigned int)nr_cpus) + 1);
	unsigned int max_objects = (unsigned int)((PAGE_SIZE << 3) / size);

	if (min_objects > max_objects)
		min_objects = max_objects;
	for (unsigned int fract = 16; fract > 1; fract /= 2)
		for (unsigned int o = (unsigned int)get_order((unsigned long)min_objects * size);
		     o <= 3; o++)
			if ((PAGE_SIZE << o) % size <= (PAGE_SIZE << o) / fract)
				return o;
	return (unsigned int)get_order(size);
}

/*
 * Slab order policy: the smallest order holding min_objects (4 * (fls(nr_cpus) + 1)) that wastes
 * at most 1/16 of the slab (then 1/8, 1/4), capped at PAGE_ALLOC_COSTLY_ORDER; bigger objects
 * get a slab of their own size. Fixed points whatever the CPU count: kmalloc-8 is one page of
 * 512 objects, kmalloc-4k and kmalloc-8k are order 3 with 8 and 4 objects.
 */
TEST(slab_order_policy)
{
	static const unsigned int sizes[] = { 8,    24,	  100,	250,   700,   1500,
					      3000, 5000, 9000, 20000, 40000, 70000 };
	struct kmem_info info;
	struct kmem_slab_stats st;

	boot_without_debug();
	kmem_get_info(&info);
	st = stats("kmalloc-8");
	ASSERT_EQ(st.pagesperslab, 1);
	ASSERT_EQ(st.objperslab, 512);
	st = stats("kmalloc-4k");
	ASSERT_EQ(st.pagesperslab, 8);
	ASSERT_EQ(st.objperslab, 8);
	st = stats("kmalloc-8k");
	ASSERT_EQ(st.pagesperslab, 8);
	ASSERT_EQ(st.objperslab, 4);
	for (size_t k = 0; k < ARRAY_SIZE(sizes); k++) {
		struct kmem_cache *s;
		unsigned int order;
		char name[32];

		snprintf(name, sizeof(name), "order_%u", sizes[k]);
		s = kmem_cache_create(name, sizes[k], 0, 0, NULL);
		ASSERT_NOT_NULL(s);
		st = stats(name);
		order = slub_order(st.objsize, info.nr_cpus);
		if (st.pagesperslab != 1U << order)
			FAIL("%s: %u pages a slab, want %u", name, st.pagesperslab, 1U << order);
		ASSERT_EQ(st.objperslab, (PAGE_SIZE << order) / st.objsize);
		ASSERT_GE(st.objperslab, 1);
		ASSERT_GE(st.min_partial, 5);
		ASSERT_LE(st.min_partial, 10);
		kmem_cache_destroy(s);
	}
}

/*
 * Slab metadata lives in the head struct page: PG_slab, slab_cache, objects; a multi-page
 * slab is a compound page whose tails point at the head and are not PG_slab themselves.
 */
TEST(metadata_on_head_page)
{
	struct kmem_cache *s;
	struct kmem_slab_stats st;
	void *p[40];

	boot_without_debug();
	s = kmem_cache_create("meta", 2000, 0, 0, NULL);
	st = stats("meta");
	ASSERT_GT(st.pagesperslab, 1);
	for (int i = 0; i < 40; i++) {
		struct page *head;
		char *base;

		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
		head = head_of(p[i]);
		base = page_address(head);
		ASSERT_TRUE(PageSlab(head));
		ASSERT_TRUE(PageHead(head));
		ASSERT_EQ(head->slab_cache, s);
		ASSERT_EQ(head->objects, st.objperslab);
		ASSERT_EQ(compound_order(head), __builtin_ctz(st.pagesperslab));
		ASSERT_EQ(((char *)p[i] - base) % st.objsize, 0);
		for (unsigned int t = 1; t < st.pagesperslab; t++) {
			ASSERT_TRUE(PageTail(head + t));
			ASSERT_FALSE(PageSlab(head + t));
			ASSERT_EQ(compound_head(head + t), head);
		}
	}
	for (int i = 0; i < 40; i++)
		kmem_cache_free(s, p[i]);
	kmem_cache_destroy(s);
}

/*
 * A slab that empties is freed when its node already has min_partial partial slabs, itself
 * included (SLUB's rule), else kept. Freeing 30 full slabs' objects in order keeps the first
 * min_partial - 1 to empty on the partial list (and the CPU's active slab) and frees the rest;
 * kmem_cache_shrink frees those too, and the cache still works.
 *
 *   30 full slabs --free all--> [4 empty on partial] + [1 active] --shrink--> none
 */
TEST(min_partial_and_shrink)
{
	struct kmem_cache *s = kmem_cache_create("partial", 256, 0, 0, NULL);
	struct kmem_slab_stats st = stats("partial");
	unsigned int n = 30 * st.objperslab;
	void **objs = calloc(n, sizeof(*objs));
	unsigned long start = nr_free_pages();

	kmem_thread_enter(0);
	ASSERT_EQ(st.min_partial, 5);
	for (unsigned int i = 0; i < n; i++)
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	ASSERT_EQ(stats("partial").num_slabs, 30);
	ASSERT_EQ(nr_free_pages(), start - 30 * st.pagesperslab);
	for (unsigned int i = 0; i < n; i++)
		kmem_cache_free(s, objs[i]);
	st = stats("partial");
	ASSERT_EQ(st.active_objs, 0);
	ASSERT_EQ(st.partial_slabs, st.min_partial - 1);
	ASSERT_EQ(st.num_slabs, st.min_partial);
	ASSERT_EQ(kmem_cache_shrink(s), 0);
	st = stats("partial");
	ASSERT_EQ(st.num_slabs, 0);
	ASSERT_EQ(nr_free_pages(), start);
	objs[0] = kmem_cache_alloc(s, GFP_KERNEL);
	ASSERT_NOT_NULL(objs[0]);
	kmem_cache_free(s, objs[0]);
	kmem_cache_destroy(s);
	ASSERT_EQ(nr_free_pages(), start);
	free(objs);
}

/*
 * kmem_cache_destroy of a cache with objects left does what the kernel does: reports each slab
 * still holding objects and the objects ("Objects remaining in NAME on __kmem_cache_shutdown()"),
 * warns "kmem_cache_destroy NAME: Slab cache still has objects", frees only empty slabs and
 * keeps the cache, whose objects stay valid. Once they are freed, destroy completes quietly.
 */
TEST(destroy_with_objects_left)
{
	struct kmem_cache *s = kmem_cache_create("leaky", 100, 0, 0, NULL);
	unsigned long start = nr_free_pages(), errors = kmem_slab_error_count();
	char *objs[100], line[64];
	const char *err;

	for (int i = 0; i < 100; i++)
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	for (int i = 3; i < 100; i++)
		kmem_cache_free(s, objs[i]);
	harness_capture_begin();
	kmem_cache_destroy(s);
	err = harness_capture_end();
	ASSERT_CONTAINS(err, "BUG leaky (Not tainted): Objects remaining in leaky on "
			     "__kmem_cache_shutdown()\n");
	ASSERT_CONTAINS(err, "kmem_cache_destroy leaky: Slab cache still has objects");
	for (int i = 0; i < 3; i++) {
		snprintf(line, sizeof(line), "Object %#lx @offset=", (unsigned long)objs[i]);
		ASSERT_CONTAINS(err, line);
	}
	ASSERT_EQ(harness_count(err, "Object 0x"), 3);
	ASSERT_EQ(kmem_slab_error_count(), errors + 1);
	ASSERT_EQ(stats("leaky").active_objs, 3);
	ASSERT_EQ(stats("leaky").num_slabs, 1);
	ASSERT_LT(nr_free_pages(), start);
	for (int i = 0; i < 3; i++) {
		ASSERT_EQ(objs[i][99], objs[i][99]); /* still the caller's */
		kmem_cache_free(s, objs[i]);
	}
	harness_capture_begin();
	kmem_cache_destroy(s);
	ASSERT_STREQ(harness_capture_end(), "");
	ASSERT_EQ(nr_free_pages(), start);
	ASSERT_EQ(kmem_slab_error_count(), errors + 1);
}

/*
 * Bad kmem_cache_free calls, each reported once and ignored with both caches and the page
 * allocator unchanged:
 *
 *   an object of cache b freed to cache a     "kmem_cache_free: Wrong slab cache. a but ..."
 *   a pointer into the middle of an object    "Invalid object pointer"
 *   an object already free, in the CPU's slab "Object already free"
 *   ... and in a slab no CPU holds any more   "Object already free"
 *   the C heap, a large kmalloc               "kmem_cache_free: not a slab object"
 *
 * kmem_cache_free(s, NULL) does nothing. Afterwards no object is handed out twice.
 */
TEST(bad_kmem_cache_free)
{
	struct kmem_cache *a = kmem_cache_create("a", 64, 0, 0, NULL);
	struct kmem_cache *b = kmem_cache_create("b", 64, 0, 0, NULL);
	unsigned long start = nr_free_pages();
	unsigned int per_slab = stats("a").objperslab;
	char **objs = calloc(3 * per_slab, sizeof(*objs)), *pb = kmem_cache_alloc(b, GFP_KERNEL);
	char *old, *heap = malloc(64), *large = kmalloc(20000, GFP_KERNEL);
	const char *err;

	kmem_thread_enter(0);
	for (unsigned int i = 0; i < 3 * per_slab; i++)
		objs[i] = kmem_cache_alloc(a, GFP_KERNEL);
	watch("a", "b");
	kmem_cache_free(a, pb);
	err = unwatch(1);
	ASSERT_CONTAINS(err, "kmem_cache_free: Wrong slab cache. a but object is from b\n");
	watch("a", "b");
	kmem_cache_free(a, objs[5] + 1);
	err = unwatch(1);
	ASSERT_CONTAINS(err, "BUG a (Not tainted): Invalid object pointer");

	kmem_cache_free(a, objs[3 * per_slab - 1]); /* the active slab's */
	watch("a", "b");
	kmem_cache_free(a, objs[3 * per_slab - 1]);
	err = unwatch(1);
	ASSERT_CONTAINS(err, "BUG a (Not tainted): Object already free");
	ASSERT_CONTAINS(err, "kmem_cache_free: object already free:");
	old = objs[1]; /* a full slab's: its free goes to the node's partial list */
	kmem_cache_free(a, old);
	watch("a", "b");
	kmem_cache_free(a, old);
	unwatch(1);

	watch("a", "b");
	kmem_cache_free(a, heap);
	err = unwatch(1);
	ASSERT_CONTAINS(err, "kmem_cache_free: not a slab object:");
	watch("a", "b");
	kmem_cache_free(a, large);
	unwatch(1);
	watch("a", "b");
	kmem_cache_free(a, NULL);
	unwatch(0);

	objs[1] = kmem_cache_alloc(a, GFP_KERNEL);
	objs[3 * per_slab - 1] = kmem_cache_alloc(a, GFP_KERNEL);
	ASSERT_NE(objs[1], objs[3 * per_slab - 1]);
	for (unsigned int i = 0; i < 3 * per_slab; i++)
		for (unsigned int j = 0; j < i; j++)
			if (objs[i] == objs[j])
				FAIL("object %p handed out twice", (void *)objs[i]);
	for (unsigned int i = 0; i < 3 * per_slab; i++)
		kmem_cache_free(a, objs[i]);
	kmem_cache_free(b, pb);
	kfree(large);
	free(heap);
	free(objs);
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
	ASSERT_EQ(nr_free_pages(), start);
	ASSERT_EQ(kmem_slab_error_count(), 6);
}

/* kmem_cache_create refuses bad arguments with a message; destroy(NULL) does nothing */
TEST(create_bad_arguments)
{
	const char *err;
	void *p = kmalloc(64, GFP_KERNEL);

	harness_capture_begin();
	ASSERT_NULL(kmem_cache_create(NULL, 64, 0, 0, NULL));
	ASSERT_NULL(kmem_cache_create("zero", 0, 0, 0, NULL));
	ASSERT_NULL(kmem_cache_create("huge", (unsigned int)KMALLOC_MAX_SIZE + 1, 0, 0, NULL));
	ASSERT_NULL(kmem_cache_create("align3", 64, 3, 0, NULL));
	ASSERT_NULL(kmem_cache_create("kmflag", 64, 0, SLAB_KMALLOC, NULL));
	kmem_cache_destroy(NULL);
	kmem_cache_destroy(head_of(p)->slab_cache);
	err = harness_capture_end();
	ASSERT_CONTAINS(err, "kmem_cache_create(zero) failed: size must be");
	ASSERT_CONTAINS(err, "kmem_cache_create(align3) failed: align must be a power of two");
	ASSERT_CONTAINS(err, "kmem_cache_create(kmflag) failed: unsupported flags");
	ASSERT_CONTAINS(err, "kmem_cache_destroy kmalloc-64: a kmalloc cache is never destroyed");
	ASSERT_EQ(harness_count_lines(err), 6);
	ASSERT_EQ(kmem_slab_error_count(), 6);
	kfree(p);
}

static void boot_debug(const char *opts)
{
	struct kmem_config cfg;

	harness_config(&cfg);
	cfg.slab_debug = opts;
	harness_reboot(&cfg);
	kmem_thread_enter(0);
}

/* The report's "0xFIRST-0xLAST @offset=N. First byte 0xB instead of 0xV" line, as expected */
static void expect_fault(const char *err, const void *first, const void *last, unsigned int byte,
			 unsigned int value)
{
	char line[160];
	unsigned long off = (unsigned long)first - (unsigned long)page_address(head_of(first));

	snprintf(line, sizeof(line), "%#lx-%#lx @offset=%lu. First byte %#x instead of %#x\n",
		 (unsigned long)first, (unsigned long)last, off, byte, value);
	ASSERT_CONTAINS(err, line);
}

/*
 * slub_debug=FZPU lays out and fills objects as SLUB does: an allocated object of a cache
 * without constructor reads POISON_FREE (0x6b) ending in POISON_END (0xa5), its red zones
 * SLUB_RED_ACTIVE (0xcc); freed, its red zones turn SLUB_RED_INACTIVE (0xbb).
 *
 * A write past the object is "Right Redzone overwritten" when the object is freed, before it
 * "Left Redzone", past a kmalloc'd size within the class "kmalloc Redzone": each report names
 * the cache, the bytes and their offset in the slab, what they hold and should hold, where the
 * object was allocated; the bytes are then restored, so the next round is quiet, and every
 * page comes back.
 */
TEST(debug_redzones)
{
	struct kmem_cache *s;
	unsigned long start;
	unsigned char *p;
	const char *err;
	char line[64];

	boot_debug("FZPU");
	start = nr_free_pages();
	s = kmem_cache_create("rz", 40, 0, 0, NULL);
	ASSERT_EQ(stats("rz").flags &
			  (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER),
		  SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	ASSERT_EQ(p[0], 0x6b);
	ASSERT_EQ(p[39], 0xa5);
	ASSERT_EQ(p[40], 0xcc);
	ASSERT_EQ(p[-1], 0xcc);
	p[40] = 0x41;
	p[42] = 0x41;
	harness_capture_begin();
	kmem_cache_free(s, p);
	err = harness_capture_end();
	ASSERT_CONTAINS(err, "BUG rz (Not tainted): Right Redzone overwritten\n");
	expect_fault(err, p + 40, p + 42, 0x41, 0xcc);
	ASSERT_CONTAINS(err, "Allocated in 0x");
	snprintf(line, sizeof(line), "Object %#lx @offset=", (unsigned long)p);
	ASSERT_CONTAINS(err, line);
	ASSERT_CONTAINS(err, "FIX rz: Restoring Right Redzone");
	ASSERT_EQ(kmem_slab_error_count(), 1);
	ASSERT_EQ(p[40], 0xbb);
	ASSERT_EQ(p[0], 0x6b);

	p = kmem_cache_alloc(s, GFP_KERNEL);
	p[-3] = 0x43;
	harness_capture_begin();
	kmem_cache_free(s, p);
	err = harness_capture_end();
	ASSERT_CONTAINS(err, "BUG rz (Not tainted): Left Redzone overwritten\n");
	expect_fault(err, p - 3, p - 3, 0x43, 0xcc);

	p = kmalloc(20, GFP_KERNEL);
	ASSERT_EQ(p[20], 0xcc);
	p[21] = 0x42;
	harness_capture_begin();
	kfree(p);
	err = harness_capture_end();
	ASSERT_CONTAINS(err, "BUG kmalloc-32 (Not tainted): kmalloc Redzone overwritten\n");
	expect_fault(err, p + 21, p + 21, 0x42, 0xcc);
	ASSERT_EQ(kmem_slab_error_count(), 3);

	/* restored: the same objects go round again without a word */
	harness_capture_begin();
	for (int i = 0; i < 3; i++) {
		kfree(kmalloc(20, GFP_KERNEL));
		kmem_cache_free(s, kmem_cache_alloc(s, GFP_KERNEL));
	}
	p = kmalloc(20, GFP_KERNEL);
	ASSERT_EQ(ksize(p), 32); /* the whole class is the caller's now */
	p[31] = 1;
	kfree(p);
	ASSERT_STREQ(harness_capture_end(), "");
	kmem_cache_destroy(s);
	kmem_slab_shrink_all();
	ASSERT_EQ(nr_free_pages(), start);
}

/*
 * A write into a freed object (use after free) is "Poison overwritten" when the object is
 * handed out again, with the offset, the byte written and POISON_FREE expected, and where it
 * was freed; the object comes back restored, and the next round is quiet. A write into an
 * object that is not handed out again is found when its slab is freed (here by destroy).
 */
TEST(debug_use_after_free)
{
	struct kmem_cache *s;
	unsigned long start;
	unsigned char *p, *q;
	const char *err;

	boot_debug("FZPU");
	start = nr_free_pages();
	s = kmem_cache_create("uaf", 64, 0, 0, NULL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, p);
	ASSERT_EQ(p[5], 0x6b);
	ASSERT_EQ(p[63], 0xa5);
	ASSERT_EQ(p[64], 0xbb);
	p[5] = 0x42;
	p[6] = 0x42;
	harness_capture_begin();
	q = kmem_cache_alloc(s, GFP_KERNEL);
	err = harness_capture_end();
	ASSERT_EQ(q, p);
	ASSERT_CONTAINS(err, "BUG uaf (Not tainted): Poison overwritten\n");
	expect_fault(err, p + 5, p + 6, 0x42, 0x6b);
	ASSERT_CONTAINS(err, "Freed in 0x");
	ASSERT_CONTAINS(err, "FIX uaf: Restoring Poison");
	ASSERT_EQ(kmem_slab_error_count(), 1);
	ASSERT_EQ(q[5], 0x6b);
	harness_capture_begin();
	kmem_cache_free(s, q);
	kmem_cache_free(s, kmem_cache_alloc(s, GFP_KERNEL));
	ASSERT_STREQ(harness_capture_end(), "");

	/* never handed out again: found when its slab goes back to the page allocator */
	p[63] = 0x44;
	harness_capture_begin();
	kmem_cache_destroy(s);
	err = harness_capture_end();
	ASSERT_CONTAINS(err, "BUG uaf (Not tainted): End Poison overwritten\n");
	expect_fault(err, p + 63, p + 63, 0x44, 0xa5);
	ASSERT_EQ(kmem_slab_error_count(), 2);
	ASSERT_EQ(nr_free_pages(), start);
}

/* An unknown KMEM_SLAB_DEBUG letter fails the boot with one line naming it */
TEST(debug_bad_option)
{
	struct kmem_config cfg;
	const char *err;

	harness_config(&cfg);
	cfg.slab_debug = "FZX";
	kmem_shutdown();
	harness_capture_begin();
	ASSERT_EQ(kmem_boot(&cfg), -EINVAL);
	err = harness_capture_end();
	ASSERT_CONTAINS(err, "unknown option 'X'");
	ASSERT_EQ(harness_count_lines(err), 1);
	ASSERT_FALSE(kmem_booted());
}

/*
 * With two nodes, kmem_cache_alloc_node and kmalloc_node place objects on the node asked for,
 * each node's slabs on its own partial list, and a DMA kmalloc still finds node 0's ZONE_DMA.
 */
TEST(nodes)
{
	struct kmem_config cfg;
	struct kmem_cache *s;
	unsigned long start;
	void *p[2][200];

	harness_config(&cfg);
	cfg.nr_nodes = 2;
	harness_reboot(&cfg);
	start = nr_free_pages();
	s = kmem_cache_create("pernode", 128, 0, 0, NULL);
	for (int nid = 0; nid < 2; nid++) {
		for (int i = 0; i < 200; i++) {
			p[nid][i] = i % 2 ? kmem_cache_alloc_node(s, GFP_KERNEL, nid)
					  : kmalloc_node(300, GFP_KERNEL, nid);
			ASSERT_NOT_NULL(p[nid][i]);
			ASSERT_EQ(page_to_nid(virt_to_page(p[nid][i])), nid);
		}
	}
	for (int i = 0; i < 200; i++)
		for (int nid = 0; nid < 2; nid++)
			if (i % 2)
				kmem_cache_free(s, p[nid][i]);
			else
				kfree(p[nid][i]);
	p[0][0] = kmalloc_node(64, GFP_KERNEL | GFP_DMA, 1);
	ASSERT_EQ(page_zonenum(virt_to_page(p[0][0])), ZONE_DMA);
	kfree(p[0][0]);
	kmem_cache_destroy(s);
	kmem_slab_shrink_all();
	ASSERT_EQ(nr_free_pages(), start);
}

/* /proc/slabinfo's format, with every kmalloc kind and a cache of ours in it */
TEST(slabinfo)
{
	struct kmem_cache *s = kmem_cache_create("info_cache", 300, 0, 0, NULL);
	void *p = kmem_cache_alloc(s, GFP_KERNEL);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	kmem_print_slabinfo(f);
	fclose(f);
	ASSERT_CONTAINS(text, "slabinfo - version: 2.1\n# name            <active_objs>");
	ASSERT_CONTAINS(text, "\nkmalloc-96 ");
	ASSERT_CONTAINS(text, "\nkmalloc-8k ");
	ASSERT_CONTAINS(text, "\ndma-kmalloc-1k ");
	ASSERT_CONTAINS(text, "\nkmalloc-rcl-192 ");
	ASSERT_CONTAINS(text, "\ninfo_cache             1 ");
	free(text);
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
}

#define NR_THREADS   4
#define NR_PER_ROUND 3000

struct thread_arg {
	struct kmem_cache *s;
	pthread_barrier_t *barrier;
	int id, nr_cpus;
	void **mine;   /* this thread's objects of the round */
	void **theirs; /* the next thread's, freed by this one */
	unsigned long bad;
};

static void *thread_fn(void *p)
{
	struct thread_arg *t = p;

	kmem_thread_enter(t->id % t->nr_cpus);
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < NR_PER_ROUND; i++) {
			uint32_t *o = i % 2 ? kmem_cache_alloc(t->s, GFP_KERNEL)
					    : kmalloc(16 + (size_t)(i % 700), GFP_KERNEL);

			if (o)
				*o = (uint32_t)(t->id << 24 | i);
			t->mine[i] = o;
		}
		pthread_barrier_wait(t->barrier);
		for (int i = 0; i < NR_PER_ROUND; i++) {
			uint32_t *o = t->theirs[i];

			if (!o || *o != (uint32_t)(((t->id + 1) % NR_THREADS) << 24 | i))
				t->bad++;
			if (i % 2)
				kmem_cache_free(t->s, o);
			else
				kfree(o);
		}
		pthread_barrier_wait(t->barrier);
	}
	return NULL;
}

/*
 * Four threads on different simulated CPUs allocate from one cache and from kmalloc, then each
 * frees the next thread's objects: frees into slabs other CPUs hold. No object is handed out
 * twice (each keeps its owner's stamp), nothing is reported, and every page comes back.
 */
TEST(threads_free_each_others_objects)
{
	static void *objs[NR_THREADS][NR_PER_ROUND];
	struct thread_arg args[NR_THREADS];
	pthread_t tids[NR_THREADS];
	pthread_barrier_t barrier;
	struct kmem_info info;
	unsigned long start = nr_free_pages();
	struct kmem_cache *s = kmem_cache_create("threads", 48, 0, SLAB_HWCACHE_ALIGN, NULL);

	kmem_get_info(&info);
	pthread_barrier_init(&barrier, NULL, NR_THREADS);
	for (int i = 0; i < NR_THREADS; i++) {
		args[i] = (struct thread_arg){ .s = s,
					       .barrier = &barrier,
					       .id = i,
					       .nr_cpus = info.nr_cpus,
					       .mine = objs[i],
					       .theirs = objs[(i + 1) % NR_THREADS] };
		ASSERT_EQ(pthread_create(&tids[i], NULL, thread_fn, &args[i]), 0);
	}
	for (int i = 0; i < NR_THREADS; i++) {
		pthread_join(tids[i], NULL);
		ASSERT_EQ(args[i].bad, 0);
	}
	pthread_barrier_destroy(&barrier);
	ASSERT_EQ(stats("threads").active_objs, 0);
	kmem_cache_destroy(s);
	kmem_slab_shrink_all();
	ASSERT_EQ(nr_free_pages(), start);
	ASSERT_EQ(kmem_slab_error_count(), 0);
}

/*
 * allocate_slab()'s first attempt at the preferred order neither reclaims nor wakes kswapd
 * (6.18 clears __GFP_RECLAIM for it); the minimum order is then asked for with the caller's
 * flags. RAM, per-CPU lists off, is all taken and then every aligned pair of pfns 8k, 8k + 1
 * given back: a quarter of RAM is free, well above the watermarks, but no block above order 1.
 *
 *	pfn	8k	8k+1	8k+2 ... 8k+7
 *		free	free	held
 *
 * A GFP_KERNEL kmalloc-8k object then needs a new slab: its preferred order (above 1) fails
 * without a direct reclaim pass (allocstall unchanged) and the slab is an order-1 one.
 */
TEST(slab_first_attempt_does_not_reclaim)
{
	struct page *page, *next;
	struct kmem_vmstat v0;
	struct kmem_config cfg;
	unsigned long start;
	LIST_HEAD(pages);
	void *obj;

	harness_config(&cfg);
	cfg.mem_bytes = 64 * MiB;
	cfg.pcp = KMEM_PCP_OFF;
	cfg.slab_debug = "";
	harness_reboot(&cfg);
	ASSERT_GT(stats("kmalloc-8k").pagesperslab, 2);
	ASSERT_EQ(stats("kmalloc-8k").active_objs, 0);
	start = nr_free_pages();
	harness_exhaust(&pages, GFP_KERNEL | __GFP_MEMALLOC | __GFP_NOWARN);
	list_for_each_entry_safe(page, next, &pages, lru) {
		if (page_to_pfn(page) % 8 < 2) {
			list_del(&page->lru);
			__free_pages(page, 0);
		}
	}
	ASSERT_GT(nr_free_pages(), start / 5);
	v0 = harness_vmstat();
	obj = kmalloc(8192, GFP_KERNEL);
	ASSERT_NOT_NULL(obj);
	ASSERT_EQ(compound_order(head_of(obj)), 1);
	ASSERT_EQ(harness_vmstat().allocstall, v0.allocstall);
	kfree(obj);
	harness_free_list(&pages);
	kmem_slab_shrink_all();
	ASSERT_EQ(nr_free_pages(), start);
}
