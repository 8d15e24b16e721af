// SPDX-License-Identifier: GPL-2.0
/*
 * The API while the model is down, before kmem_boot() or after kmem_shutdown(): every
 * allocation returns NULL (0), and kmem_memcg_create() -EINVAL, with one line saying the model
 * is not booted; every free of a pointer that cannot be the model's is reported and ignored;
 * nothing crashes, and a boot afterwards works as usual. Before the first boot is checked
 * separately, since state that a boot sets up (rate limits, tables) is then in its initial,
 * never-set-up form.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "harness.h"

#define NOT_BOOTED "the model is not booted"

/* Each allocation entry point, the result as a pointer-sized value: all must be 0 */
static unsigned long allocations[16];
static unsigned int nr_allocations;

static void allocate_all(void *arg)
{
	unsigned int i = 0;

	(void)arg;
	allocations[i++] = (unsigned long)alloc_pages(GFP_KERNEL, 0);
	allocations[i++] = (unsigned long)alloc_pages(GFP_KERNEL, 3);
	allocations[i++] = (unsigned long)alloc_pages_node(0, GFP_KERNEL, 0);
	allocations[i++] = __get_free_pages(GFP_KERNEL, 0);
	allocations[i++] = get_zeroed_page(GFP_KERNEL);
	/* __GFP_NOWARN excuses a failure, not a call on no model */
	allocations[i++] = (unsigned long)alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0);
	allocations[i++] = (unsigned long)kmalloc(32, GFP_KERNEL);
	allocations[i++] = (unsigned long)kzalloc(100, GFP_KERNEL);
	allocations[i++] = (unsigned long)kmalloc_node(64, GFP_KERNEL, 0);
	allocations[i++] = (unsigned long)krealloc(NULL, 16, GFP_KERNEL);
	allocations[i++] = (unsigned long)kmalloc(1 << 20, GFP_KERNEL); /* a large kmalloc */
	allocations[i++] = kmem_pagecache_fill(16, false);
	allocations[i++] = (unsigned long)vmalloc(4 * PAGE_SIZE);
	allocations[i++] = (unsigned long)vzalloc(PAGE_SIZE);
	nr_allocations = i;
}

static void free_all(void *arg)
{
	static char not_ours[64];

	(void)arg;
	kfree(NULL);
	kfree(not_ours);
	free_pages(0, 0);
	free_pages((unsigned long)not_ours, 0);
	__free_pages((struct page *)not_ours, 0);
	vfree(NULL);
	vfree(not_ours);
	kmem_pagecache_drop();
}

/* With the model down: every allocation is 0 with its own line; frees are only reported */
static void expect_down(void)
{
	const char *err;
	int ret;

	ASSERT_FALSE(kmem_booted());
	err = harness_capture(allocate_all, NULL);
	for (unsigned int i = 0; i < nr_allocations; i++)
		if (allocations[i])
			FAIL("allocation %u returned %#lx with the model down; stderr:\n%s", i,
			     allocations[i], err);
	if (harness_count(err, NOT_BOOTED) != nr_allocations)
		FAIL("want %u \"%s\" lines, got %u:\n%s", nr_allocations, NOT_BOOTED,
		     harness_count(err, NOT_BOOTED), err);
	harness_capture_begin();
	ret = kmem_memcg_create("group", 16);
	err = harness_capture_end();
	ASSERT_EQ(ret, -EINVAL);
	ASSERT_EQ(harness_count(err, NOT_BOOTED), 1);
	err = harness_capture(free_all, NULL);
	ASSERT_CONTAINS(err, "kfree: not a slab object");
	ASSERT_CONTAINS(err, "free_pages: address outside the direct map");
	ASSERT_CONTAINS(err, "Trying to vfree() bad address");
	ASSERT_EQ(nr_free_pages(), 0);
}

/* After the model is back: a page, a small and a large kmalloc, each freed cleanly */
static void expect_up(void)
{
	unsigned long start = nr_free_pages(), bad = kmem_bad_page_count();
	struct page *page = alloc_pages(GFP_KERNEL, 2);
	void *small = kmalloc(32, GFP_KERNEL), *large = kmalloc(1 << 20, GFP_KERNEL);

	ASSERT_NOT_NULL(page);
	ASSERT_NOT_NULL(small);
	ASSERT_NOT_NULL(large);
	__free_pages(page, 2);
	kfree(small);
	kfree(large);
	ASSERT_EQ(kmem_pagecache_fill(16, false), 16);
	kmem_pagecache_drop();
	kmem_slab_shrink_all();
	ASSERT_EQ(nr_free_pages(), start);
	ASSERT_EQ(kmem_bad_page_count(), bad);
}

/* The first test of the program: nothing has booted the model yet */
TEST_UNBOOTED(api_before_first_boot)
{
	struct kmem_config cfg;

	expect_down();
	harness_config(&cfg);
	harness_reboot(&cfg);
	expect_up();
}

TEST(api_after_shutdown)
{
	struct kmem_config cfg;

	kmem_shutdown();
	expect_down();
	harness_config(&cfg);
	harness_reboot(&cfg);
	expect_up();
	/* and once more: a second shutdown leaves the model as down as the first */
	kmem_shutdown();
	expect_down();
}
