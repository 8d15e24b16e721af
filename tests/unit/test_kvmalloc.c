// SPDX-License-Identifier: GPL-2.0
/*
 * kvmalloc and friends with 6.18's semantics: which allocator serves a request
 * (is_vmalloc_addr() tells), kmalloc above a page tried without direct reclaim unless
 * __GFP_RETRY_MAYFAIL, no vmalloc fallback for flags that may not block, zeroing, overflow-
 * checked arrays, kvrealloc() keeping contents as it grows and shrinks across both allocators,
 * kvfree_sensitive(), and nothing leaked.
 */
#include <limits.h>
#include <string.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "harness.h"

#define MiB (1UL << 20)

static unsigned long nonzero_bytes(const void *p, size_t len)
{
	const unsigned char *c = p;
	unsigned long n = 0;

	for (size_t i = 0; i < len; i++)
		n += c[i] != 0;
	return n;
}

static void fill(void *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		((unsigned char *)p)[i] = (unsigned char)(i * 7 + 3);
}

/* The first @len bytes are fill()'s */
static bool filled(const void *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (((const unsigned char *)p)[i] != (unsigned char)(i * 7 + 3))
			return false;
	return true;
}

static unsigned long vmalloc_areas(void)
{
	struct kmem_vm_stats vs;

	kmem_vm_stats(&vs);
	return vs.vmalloc_areas;
}

/* Everything freed and the slabs emptied: the model has every page back */
static void assert_no_leak(unsigned long start)
{
	kmem_slab_shrink_all();
	drain_all_pages(NULL);
	ASSERT_EQ(nr_free_pages(), start);
	ASSERT_EQ(vmalloc_areas(), 0);
}

/*
 * On a fresh model kmalloc serves everything up to KMALLOC_MAX_SIZE (4 MiB, an order-10
 * block): one page, two pages, 4 MiB; a byte more than that is vmalloc's.
 */
TEST(path_by_size)
{
	unsigned long start = nr_free_pages();
	void *one = kvmalloc(PAGE_SIZE, GFP_KERNEL);
	void *two = kvmalloc(2 * PAGE_SIZE, GFP_KERNEL);
	void *four = kvmalloc(4 * MiB, GFP_KERNEL);
	void *more = kvmalloc(4 * MiB + 1, GFP_KERNEL);

	ASSERT_NOT_NULL(one);
	ASSERT_NOT_NULL(two);
	ASSERT_NOT_NULL(four);
	ASSERT_NOT_NULL(more);
	ASSERT_FALSE(is_vmalloc_addr(one));
	ASSERT_FALSE(is_vmalloc_addr(two));
	ASSERT_FALSE(is_vmalloc_addr(four));
	ASSERT_TRUE(is_vmalloc_addr(more));
	ASSERT_EQ(ksize(one), PAGE_SIZE);
	ASSERT_EQ(ksize(four), 4 * MiB);
	fill(more, 4 * MiB + 1);
	ASSERT_TRUE(filled(more, 4 * MiB + 1));
	kvfree(one);
	kvfree(two);
	kvfree(four);
	kvfree(more);
	kvfree(NULL);
	assert_no_leak(start);
}

/*
 * With no free block above order 0, a page is still kmalloc's, while two pages and 4 MiB fall
 * back to vmalloc. The kmalloc attempt above a page does not reclaim directly (no allocation
 * stall counted), unless __GFP_RETRY_MAYFAIL says contiguous memory is worth it (6.16 and
 * later; before, it reclaimed with __GFP_NORETRY either way).
 */
TEST(fallback_when_fragmented)
{
	unsigned long start = nr_free_pages(), stalls;
	LIST_HEAD(held);
	void *one, *two, *four, *hard;

	ASSERT_EQ(kmem_thread_set_cpu(0), 0);
	harness_fragment(&held);
	stalls = harness_vmstat().allocstall;
	one = kvmalloc(PAGE_SIZE, GFP_KERNEL);
	two = kvmalloc(2 * PAGE_SIZE, GFP_KERNEL);
	four = kvzalloc(4 * MiB, GFP_KERNEL);
	ASSERT_FALSE(is_vmalloc_addr(one));
	ASSERT_TRUE(is_vmalloc_addr(two));
	ASSERT_TRUE(is_vmalloc_addr(four));
	ASSERT_EQ(nonzero_bytes(four, 4 * MiB), 0);
	ASSERT_EQ(harness_vmstat().allocstall, stalls);
	hard = kvmalloc(2 * PAGE_SIZE, GFP_KERNEL | __GFP_RETRY_MAYFAIL);
	ASSERT_TRUE(is_vmalloc_addr(hard));
	ASSERT_GT(harness_vmstat().allocstall, stalls);
	kvfree(one);
	kvfree(two);
	kvfree(four);
	kvfree(hard);
	harness_free_list(&held);
	assert_no_leak(start);
}

static void *atomic_result;

static void kvmalloc_atomic(void *arg)
{
	atomic_result = kvmalloc((size_t)(unsigned long)arg, GFP_ATOMIC);
}

/*
 * GFP_ATOMIC may not block, so it never reaches vmalloc: above a page it is kmalloc or nothing,
 * and a failure is quiet (the kmalloc attempt is __GFP_NOWARN). GFP_NOWAIT likewise.
 */
TEST(atomic_never_vmallocs)
{
	unsigned long start = nr_free_pages(), areas;
	LIST_HEAD(held);
	const char *err;
	void *p;

	p = kvmalloc(3 * PAGE_SIZE, GFP_ATOMIC);
	ASSERT_NOT_NULL(p);
	ASSERT_FALSE(is_vmalloc_addr(p));
	kvfree(p);
	ASSERT_NULL(kvmalloc(4 * MiB + 1, GFP_ATOMIC));

	ASSERT_EQ(kmem_thread_set_cpu(0), 0);
	harness_fragment(&held);
	areas = vmalloc_areas();
	err = harness_capture(kvmalloc_atomic, (void *)(2 * PAGE_SIZE));
	ASSERT_NULL(atomic_result);
	ASSERT_STREQ(err, "");
	ASSERT_NULL(kvmalloc(8 * PAGE_SIZE, GFP_NOWAIT));
	ASSERT_EQ(vmalloc_areas(), areas);
	err = harness_capture(kvmalloc_atomic, (void *)PAGE_SIZE);
	ASSERT_NOT_NULL(atomic_result);
	ASSERT_FALSE(is_vmalloc_addr(atomic_result));
	kvfree(atomic_result);
	harness_free_list(&held);
	assert_no_leak(start);
}

static void kvmalloc_huge(void *arg)
{
	atomic_result = kvmalloc((size_t)INT_MAX + 1, (gfp_t)(unsigned long)arg);
}

/*
 * Zeroed and array forms: kvzalloc/kvcalloc zero whichever allocator serves them;
 * kvmalloc_array/kvcalloc refuse an overflowing product; sizes above INT_MAX are refused with
 * a warning (none with __GFP_NOWARN).
 */
TEST(zeroed_arrays_and_limits)
{
	unsigned long start = nr_free_pages();
	const char *err;
	char *p;

	p = kvmalloc(3 * PAGE_SIZE, GFP_KERNEL);
	memset(p, 0xcc, 3 * PAGE_SIZE);
	kvfree(p);
	p = kvzalloc(3 * PAGE_SIZE, GFP_KERNEL);
	ASSERT_EQ(nonzero_bytes(p, 3 * PAGE_SIZE), 0);
	kvfree(p);
	p = kvcalloc(5 * MiB / 8, 8, GFP_KERNEL);
	ASSERT_TRUE(is_vmalloc_addr(p));
	ASSERT_EQ(nonzero_bytes(p, 5 * MiB), 0);
	kvfree(p);
	p = kvzalloc_node(100, GFP_KERNEL, 0);
	ASSERT_EQ(nonzero_bytes(p, 100), 0);
	kvfree(p);
	p = kvmalloc_array(100, sizeof(long), GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	kvfree(p);
	ASSERT_NULL(kvmalloc_array(SIZE_MAX / 2, 3, GFP_KERNEL));
	ASSERT_NULL(kvcalloc(SIZE_MAX / 4, 8, GFP_KERNEL));
	err = harness_capture(kvmalloc_huge, (void *)(unsigned long)GFP_KERNEL);
	ASSERT_NULL(atomic_result);
	ASSERT_CONTAINS(err, "above INT_MAX");
	err = harness_capture(kvmalloc_huge, (void *)(unsigned long)(GFP_KERNEL | __GFP_NOWARN));
	ASSERT_NULL(atomic_result);
	ASSERT_STREQ(err, "");
	assert_no_leak(start);
}

/*
 * kvrealloc() keeps the contents whichever way it goes: a kmalloc object grown in its class and
 * beyond, grown past KMALLOC_MAX_SIZE into vmalloc memory, shrunk in place there (the same
 * address), grown again within the area's pages in place and past them into a new area.
 * kvrealloc(NULL) is kvmalloc(); a size of 0 frees.
 */
TEST(kvrealloc_grow_and_shrink)
{
	unsigned long start = nr_free_pages();
	char *p, *q;

	p = kvrealloc(NULL, 100, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	fill(p, 100);
	p = kvrealloc(p, 120, GFP_KERNEL);
	ASSERT_TRUE(filled(p, 100));
	p = kvrealloc(p, 3000, GFP_KERNEL);
	ASSERT_FALSE(is_vmalloc_addr(p));
	ASSERT_TRUE(filled(p, 100));
	fill(p, 3000);
	p = kvrealloc(p, 5 * MiB, GFP_KERNEL);
	ASSERT_TRUE(is_vmalloc_addr(p));
	ASSERT_TRUE(filled(p, 3000));
	fill(p, 5 * MiB);
	q = kvrealloc(p, 6000, GFP_KERNEL);
	ASSERT_EQ(q, p);
	ASSERT_TRUE(filled(q, 6000));
	q = kvrealloc(p, 5 * MiB, GFP_KERNEL);
	ASSERT_EQ(q, p);
	ASSERT_TRUE(filled(q, 6000));
	q = kvrealloc(p, 6 * MiB, GFP_KERNEL);
	ASSERT_NE(q, p);
	ASSERT_TRUE(is_vmalloc_addr(q));
	ASSERT_TRUE(filled(q, 6000));
	ASSERT_NULL(kvrealloc(q, 0, GFP_KERNEL));

	p = kvmalloc(64, GFP_KERNEL);
	ASSERT_EQ(kvrealloc(p, 0, GFP_KERNEL), ZERO_SIZE_PTR);
	assert_no_leak(start);
}

/*
 * Under init_on_alloc what a vmalloc shrink gives up is zeroed, so the grow back in place
 * reads zeros there, not the old bytes.
 */
TEST(kvrealloc_shrink_zeroes_under_init_on_alloc)
{
	struct kmem_config cfg;
	char *p, *q;

	harness_config(&cfg);
	cfg.init_on_alloc = 1;
	harness_reboot(&cfg);
	p = kvmalloc(5 * MiB, GFP_KERNEL);
	ASSERT_TRUE(is_vmalloc_addr(p));
	fill(p, 5 * MiB);
	q = kvrealloc(p, 1000, GFP_KERNEL);
	ASSERT_EQ(q, p);
	q = kvrealloc(p, 5 * MiB, GFP_KERNEL);
	ASSERT_EQ(q, p);
	ASSERT_TRUE(filled(q, 1000));
	ASSERT_EQ(nonzero_bytes(q + 1000, 5 * MiB - 1000), 0);
	kvfree(q);
}

/*
 * kvfree_sensitive() zeroes the bytes before freeing them, kmalloc'd and vmalloc'd alike: the
 * freed memory, read through the direct map, holds no trace of the secret.
 */
TEST(kvfree_sensitive_zeroes)
{
	unsigned long start = nr_free_pages();
	struct page *page;
	char *p;

	p = kvmalloc(256, GFP_KERNEL);
	memset(p, 0x5e, 256);
	kvfree_sensitive(p, 256);
	/* all but the free pointer SLUB keeps mid-object */
	ASSERT_EQ(nonzero_bytes(p, 128), 0);

	p = kvmalloc(5 * MiB, GFP_KERNEL);
	ASSERT_TRUE(is_vmalloc_addr(p));
	memset(p, 0x5e, 5 * MiB);
	page = vmalloc_to_page(p + 2 * MiB);
	kvfree_sensitive(p, 5 * MiB);
	ASSERT_EQ(nonzero_bytes(page_address(page), PAGE_SIZE), 0);
	kvfree_sensitive(NULL, 10);
	assert_no_leak(start);
}
