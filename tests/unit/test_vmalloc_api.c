// SPDX-License-Identifier: GPL-2.0
/*
 * The vmalloc API beside vmalloc() itself, with 6.18's semantics: __vmalloc_node() at any
 * power-of-two alignment, __vmalloc_node_range() in a sub-range, vmalloc_32() below 4 GiB (or
 * in lowmem), vmalloc_huge(), the array forms and their overflow, vrealloc(), vmap()/vunmap()
 * of the caller's pages, vm_map_ram()/vm_unmap_ram(), /proc/vmallocinfo for each kind, and
 * threads mapping at once.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "harness.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

static struct kmem_vm_stats vm_stats(void)
{
	struct kmem_vm_stats st;

	kmem_vm_stats(&st);
	return st;
}

static char *vmallocinfo(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		FAIL("open_memstream failed");
	kmem_print_vmallocinfo(f);
	fclose(f);
	return buf;
}

static bool all_zero(const unsigned char *p, unsigned long len)
{
	for (unsigned long i = 0; i < len; i++)
		if (p[i])
			return false;
	return true;
}

/*
 * Every power of two from a page to 2 MiB: a one-page area first puts the next free address
 * off every alignment above a page, so each aligned area starts past a gap, which later
 * allocations fill (first fit: a one-page vmalloc() lands in the gap below the 2 MiB-aligned
 * area). Alignments below a page mean a page. Each area is zeroed (__GFP_ZERO) and freed whole.
 */
TEST(vmalloc_node_alignment)
{
	unsigned long start = nr_free_pages();
	char *pad, *p, *gap;

	for (unsigned int k = PAGE_SHIFT; k <= 21; k++) {
		unsigned long align = 1UL << k;

		pad = vmalloc(PAGE_SIZE);
		ASSERT_NOT_NULL(pad);
		p = __vmalloc_node(3 * PAGE_SIZE, align, GFP_KERNEL | __GFP_ZERO, NUMA_NO_NODE,
				   __builtin_return_address(0));
		ASSERT_NOT_NULL(p);
		if ((unsigned long)p & (align - 1))
			FAIL("align %#lx: area at %p", align, (void *)p);
		ASSERT_TRUE(is_vmalloc_addr(p));
		ASSERT_TRUE(all_zero((unsigned char *)p, 3 * PAGE_SIZE));
		ASSERT_EQ(find_vm_area(p)->requested_size, 3 * PAGE_SIZE);
		if (k == 21) {
			/* the 2 MiB-aligned area left a gap above pad and its guard page */
			gap = vmalloc(PAGE_SIZE);
			ASSERT_EQ(gap, pad + 2 * PAGE_SIZE);
			ASSERT_LT(gap, p);
			vfree(gap);
		}
		vfree(p);
		vfree(pad);
	}
	for (unsigned long align = 1; align < PAGE_SIZE; align <<= 3) {
		p = __vmalloc_node(PAGE_SIZE, align, GFP_KERNEL, NUMA_NO_NODE, NULL);
		ASSERT_NOT_NULL(p);
		ASSERT_EQ((unsigned long)p % PAGE_SIZE, 0);
		vfree(p);
	}
	ASSERT_EQ(nr_free_pages(), start);
	ASSERT_EQ(vm_stats().vmalloc_areas, 0);
}

/*
 * Alignments no block can meet fail as the kernel's do (align_shift_alloc_test of
 * lib/test_vmalloc.c expects it): beyond the range, up to 2^63 where rounding up wraps around,
 * and alignments that are no power of two. Nothing is left allocated, and __GFP_NOWARN keeps
 * them quiet.
 */
TEST(vmalloc_node_impossible_alignment)
{
	unsigned long start = nr_free_pages(), failed = vm_stats().vmalloc_failed;
	static const unsigned long aligns[] = { 3, 0, 1UL << 40, 1UL << 63 };
	const char *text;

	for (unsigned int i = 0; i < ARRAY_SIZE(aligns); i++) {
		harness_capture_begin();
		ASSERT_NULL(__vmalloc_node(PAGE_SIZE, aligns[i], GFP_KERNEL | __GFP_NOWARN,
					   NUMA_NO_NODE, NULL));
		text = harness_capture_end();
		ASSERT_STREQ(text, "");
	}
	harness_capture_begin();
	ASSERT_NULL(__vmalloc_node(PAGE_SIZE, 1UL << 63, GFP_KERNEL, NUMA_NO_NODE, NULL));
	text = harness_capture_end();
	ASSERT_CONTAINS(text, "vmap allocation for size 8192 failed");
	ASSERT_CONTAINS(text, "vmalloc error: size 4096, vm_struct allocation failed");
	ASSERT_EQ(vm_stats().vmalloc_failed, failed + ARRAY_SIZE(aligns) + 1);
	ASSERT_EQ(nr_free_pages(), start);
	ASSERT_EQ(vm_stats().vmalloc_areas, 0);
}

/* A sub-range is honoured, and one too small for the area fails naming it */
TEST(vmalloc_node_range_restricted)
{
	unsigned long lo = VMALLOC_START + 64 * PAGE_SIZE, hi = lo + 8 * PAGE_SIZE;
	const char *text;
	char *p, *q;

	p = __vmalloc_node_range(4 * PAGE_SIZE, 1, lo, hi, GFP_KERNEL, PAGE_KERNEL, 0, NUMA_NO_NODE,
				 NULL);
	ASSERT_EQ((unsigned long)p, lo);
	harness_capture_begin();
	q = __vmalloc_node_range(4 * PAGE_SIZE, 1, lo, hi, GFP_KERNEL, PAGE_KERNEL, 0, NUMA_NO_NODE,
				 NULL);
	text = harness_capture_end();
	ASSERT_NULL(q);
	ASSERT_CONTAINS(text, "Address range restricted");
	q = vmalloc(PAGE_SIZE);
	ASSERT_EQ((unsigned long)q, VMALLOC_START);
	vfree(q);
	vfree(p);
	ASSERT_EQ(vm_stats().vmalloc_areas, 0);
}

/* The pages of @p's area: count those at or above @limit_pfn and those in highmem */
static void count_pages(const void *p, unsigned long *above, unsigned long *high,
			unsigned long limit_pfn)
{
	const struct vm_struct *vm = find_vm_area(p);

	*above = *high = 0;
	for (unsigned int i = 0; i < vm->nr_pages; i++) {
		*above += page_to_pfn(vm->pages[i]) >= limit_pfn;
		*high += PageHighMem(vm->pages[i]);
	}
}

/*
 * x86_64 with 4.25 GiB: vmalloc() prefers ZONE_NORMAL, above 4 GiB; vmalloc_32() takes every
 * page below 4 GiB (GFP_DMA32), and vmalloc_32_user() too, zeroed and marked for user mapping.
 */
TEST(vmalloc_32_below_4g_x86_64)
{
	const unsigned long size = 16 * MiB;
	unsigned long above, high, start;
	char *info, *p, *u;

	harness_boot("x86_64", 4 * GiB + 256 * MiB);
	start = nr_free_pages();
	p = vmalloc(size);
	ASSERT_NOT_NULL(p);
	count_pages(p, &above, &high, (4 * GiB) >> PAGE_SHIFT);
	printf("    vmalloc: %lu of %lu pages above 4 GiB\n", above, size / PAGE_SIZE);
	ASSERT_GT(above, 0);
	vfree(p);
	p = vmalloc_32(size);
	ASSERT_NOT_NULL(p);
	count_pages(p, &above, &high, (4 * GiB) >> PAGE_SHIFT);
	ASSERT_EQ(above, 0);
	memset(p, 0x5a, size);
	u = vmalloc_32_user(size);
	ASSERT_NOT_NULL(u);
	count_pages(u, &above, &high, (4 * GiB) >> PAGE_SHIFT);
	ASSERT_EQ(above, 0);
	ASSERT_TRUE(all_zero((unsigned char *)u, size));
	ASSERT_TRUE(find_vm_area(u)->flags & VM_USERMAP);
	info = vmallocinfo();
	ASSERT_CONTAINS(info, " vmalloc user");
	free(info);
	vfree(u);
	vfree(p);
	ASSERT_EQ(nr_free_pages(), start);
}

/*
 * x86_32 with 1 GiB: GFP_DMA32 names ZONE_NORMAL there, so vmalloc_32() stays out of highmem
 * (every page has a direct-map address), where vmalloc() takes highmem first.
 */
TEST(vmalloc_32_lowmem_x86_32)
{
	const unsigned long size = 16 * MiB;
	unsigned long above, high, start;
	char *p;

	harness_boot("x86_32", 1 * GiB);
	start = nr_free_pages();
	p = vmalloc(size);
	ASSERT_NOT_NULL(p);
	count_pages(p, &above, &high, max_low_pfn);
	ASSERT_EQ(high, size / PAGE_SIZE);
	vfree(p);
	p = vmalloc_32(size);
	ASSERT_NOT_NULL(p);
	count_pages(p, &above, &high, max_low_pfn);
	ASSERT_EQ(high, 0);
	ASSERT_EQ(above, 0);
	for (unsigned long off = 0; off < size; off += PAGE_SIZE)
		ASSERT_NOT_NULL(page_address(vmalloc_to_page(p + off)));
	vfree(p);
	ASSERT_EQ(nr_free_pages(), start);
}

/* The array forms: the product's overflow returns NULL quietly; vcalloc() zeroes */
TEST(vmalloc_array_overflow)
{
	unsigned long start = nr_free_pages(), failed = vm_stats().vmalloc_failed;
	unsigned long *a;
	const char *text;

	harness_capture_begin();
	ASSERT_NULL(vmalloc_array(SIZE_MAX / 2 + 1, 2));
	ASSERT_NULL(vmalloc_array(2, SIZE_MAX / 2 + 1));
	ASSERT_NULL(vcalloc(SIZE_MAX / 8 + 1, 8));
	ASSERT_NULL(__vmalloc_array(1UL << 40, 1UL << 40, GFP_KERNEL));
	text = harness_capture_end();
	ASSERT_STREQ(text, "");
	ASSERT_EQ(vm_stats().vmalloc_failed, failed);
	a = vmalloc_array(3000, sizeof(*a));
	ASSERT_NOT_NULL(a);
	ASSERT_EQ(find_vm_area(a)->nr_pages, (3000 * sizeof(*a) + PAGE_SIZE - 1) / PAGE_SIZE);
	a[2999] = 1;
	vfree(a);
	a = vcalloc(3000, sizeof(*a));
	ASSERT_NOT_NULL(a);
	ASSERT_TRUE(all_zero((unsigned char *)a, 3000 * sizeof(*a)));
	vfree(a);
	ASSERT_EQ(nr_free_pages(), start);
}

/*
 * vmalloc_huge() on x86_64: 4 MiB + 1 byte becomes three 2 MiB blocks at a 2 MiB-aligned
 * address, each block's pages consecutive and split (every page one reference, as vmalloc's
 * small pages), and vfree() gives all of them back. Below 2 MiB it is vmalloc().
 */
TEST(vmalloc_huge_x86_64)
{
	unsigned long start;
	struct vm_struct *vm;
	char *p;

	harness_boot("x86_64", 256 * MiB);
	start = nr_free_pages();
	p = vmalloc_huge(4 * MiB + 1, GFP_KERNEL | __GFP_ZERO);
	ASSERT_NOT_NULL(p);
	ASSERT_EQ((unsigned long)p % (2 * MiB), 0);
	vm = find_vm_area(p);
	ASSERT_EQ(vm->page_order, 9);
	ASSERT_TRUE(is_vm_area_hugepages(p));
	ASSERT_EQ(vm->nr_pages, 3 * 512);
	ASSERT_EQ(vm->requested_size, 4 * MiB + 1);
	ASSERT_EQ(nr_free_pages(), start - 3 * 512);
	for (unsigned int i = 0; i < vm->nr_pages; i++) {
		unsigned long pfn = page_to_pfn(vm->pages[i]);

		ASSERT_EQ(page_count(vm->pages[i]), 1);
		if (i % 512 == 0)
			ASSERT_EQ(pfn % 512, 0);
		else
			ASSERT_EQ(pfn, page_to_pfn(vm->pages[i - 1]) + 1);
	}
	ASSERT_EQ(vm->nr_maps, vm_stats().vmalloc_maps);
	ASSERT_LE(vm->nr_maps, 3);
	ASSERT_TRUE(all_zero((unsigned char *)p, 6 * MiB));
	memset(p, 0x77, 6 * MiB);
	vfree(p);
	ASSERT_EQ(nr_free_pages(), start);

	p = vmalloc_huge(64 * 1024, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	ASSERT_EQ(find_vm_area(p)->page_order, 0);
	ASSERT_EQ(find_vm_area(p)->nr_pages, 16);
	vfree(p);
	ASSERT_EQ(nr_free_pages(), start);
}

/* x86_32 has no huge vmalloc: small pages, same semantics */
TEST(vmalloc_huge_x86_32)
{
	char *p;

	harness_boot("x86_32", 1 * GiB);
	p = vmalloc_huge(4 * MiB, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	ASSERT_EQ(find_vm_area(p)->page_order, 0);
	ASSERT_EQ(find_vm_area(p)->nr_pages, 1024);
	memset(p, 1, 4 * MiB);
	vfree(p);
}

/*
 * With no order-9 block free (every other page of memory held), vmalloc_huge() falls back to
 * small pages without a word, as 6.18 retries at PAGE_SHIFT.
 */
TEST(vmalloc_huge_falls_back_to_small_pages)
{
	unsigned long start = nr_free_pages(), n = 0, kept = 0;
	struct page **held = calloc(max_pfn, sizeof(*held)), *page;
	const char *text;
	char *p;

	ASSERT_NOT_NULL(held);
	while ((page = alloc_page(GFP_KERNEL | __GFP_NOWARN | __GFP_MEMALLOC)))
		held[n++] = page;
	for (unsigned long i = 0; i < n; i++)
		if (page_to_pfn(held[i]) & 1) {
			__free_page(held[i]);
			held[i] = NULL;
		} else {
			kept++;
		}
	harness_capture_begin();
	p = vmalloc_huge(2 * MiB, GFP_KERNEL);
	text = harness_capture_end();
	ASSERT_NOT_NULL(p);
	ASSERT_STREQ(text, "");
	ASSERT_EQ(find_vm_area(p)->page_order, 0);
	ASSERT_EQ(find_vm_area(p)->nr_pages, 512);
	memset(p, 3, 2 * MiB);
	vfree(p);
	for (unsigned long i = 0; i < n; i++)
		if (held[i])
			__free_page(held[i]);
	free(held);
	ASSERT_GT(kept, 0);
	ASSERT_EQ(nr_free_pages(), start);
}

/*
 * vrealloc() as 6.18's: growing past the pages moves the contents to a new area; shrinking, and
 * growing back within the pages, stays in place; __GFP_ZERO zeroes what a shrink gives up;
 * size 0 frees. A pointer vmalloc() did not return is refused.
 */
TEST(vrealloc_semantics)
{
	unsigned long start = nr_free_pages();
	char *p, *q;
	const char *text;

	p = vrealloc(NULL, PAGE_SIZE, GFP_KERNEL);
	ASSERT_NOT_NULL(p);
	memset(p, 'a', PAGE_SIZE);
	q = vrealloc(p, 4 * PAGE_SIZE, GFP_KERNEL);
	ASSERT_NOT_NULL(q);
	ASSERT_NE(q, p);
	ASSERT_NULL(find_vm_area(p));
	ASSERT_EQ(q[0], 'a');
	ASSERT_EQ(q[PAGE_SIZE - 1], 'a');
	memset(q + PAGE_SIZE, 'b', 3 * PAGE_SIZE);
	p = vrealloc(q, PAGE_SIZE + 10, GFP_KERNEL);
	ASSERT_EQ(p, q);
	ASSERT_EQ(find_vm_area(p)->requested_size, PAGE_SIZE + 10);
	ASSERT_EQ(find_vm_area(p)->nr_pages, 4);
	/* growing back within the pages: the old bytes, since nothing zeroed them */
	p = vrealloc(p, 3 * PAGE_SIZE, GFP_KERNEL);
	ASSERT_EQ(p, q);
	ASSERT_EQ(p[2 * PAGE_SIZE], 'b');
	p = vrealloc(p, PAGE_SIZE / 2, GFP_KERNEL | __GFP_ZERO);
	ASSERT_EQ(p, q);
	ASSERT_EQ(p[0], 'a');
	ASSERT_TRUE(all_zero((unsigned char *)p + PAGE_SIZE / 2, 3 * PAGE_SIZE - PAGE_SIZE / 2));
	p = vrealloc(p, 4 * PAGE_SIZE, GFP_KERNEL);
	ASSERT_EQ(p, q);
	ASSERT_EQ(p[PAGE_SIZE / 2 - 1], 'a');
	ASSERT_EQ(p[PAGE_SIZE / 2], 0);
	harness_capture_begin();
	ASSERT_NULL(vrealloc(p + PAGE_SIZE, PAGE_SIZE, GFP_KERNEL));
	text = harness_capture_end();
	ASSERT_CONTAINS(text, "Trying to vrealloc() nonexistent vm area");
	ASSERT_NULL(vrealloc(p, 0, GFP_KERNEL));
	ASSERT_NULL(find_vm_area(q));
	ASSERT_EQ(nr_free_pages(), start);
	ASSERT_EQ(vm_stats().vmalloc_areas, 0);
}

/* __vmalloc() with GFP_ATOMIC and GFP_NOWAIT works (lib/test_vmalloc.c's no_block_alloc_test) */
TEST(vmalloc_non_blocking_gfp)
{
	unsigned long start = nr_free_pages();
	char *a = __vmalloc(3 * PAGE_SIZE, GFP_ATOMIC), *b = __vmalloc(PAGE_SIZE, GFP_NOWAIT);

	ASSERT_NOT_NULL(a);
	ASSERT_NOT_NULL(b);
	a[0] = b[0] = 1;
	vfree(a);
	vfree(b);
	ASSERT_EQ(nr_free_pages(), start);
}

/* @nr pages, every other pfn of 2 * @nr so that no two are neighbours; the rest freed */
static void alloc_scattered(struct page **pages, unsigned int nr, gfp_t gfp)
{
	struct page **all = calloc(2 * nr + 2, sizeof(*all));
	unsigned int got = 0;

	ASSERT_NOT_NULL(all);
	for (unsigned int i = 0; i < 2 * nr + 2; i++) {
		all[i] = alloc_page(gfp);
		ASSERT_NOT_NULL(all[i]);
	}
	for (unsigned int i = 0; i < 2 * nr + 2; i++)
		if (got < nr && (page_to_pfn(all[i]) & 1))
			pages[got++] = all[i];
		else
			__free_page(all[i]);
	free(all);
	ASSERT_EQ(got, nr);
}

/* Write @i's pattern into page @page through its own address (kmap for highmem) */
static void fill_page(struct page *page, unsigned char v)
{
	void *k = kmap(page);

	memset(k, v, PAGE_SIZE);
	kunmap(page);
}

static unsigned char page_byte(struct page *page, unsigned long off)
{
	unsigned char *k = kmap(page), v = k[off];

	kunmap(page);
	return v;
}

/*
 * vmap() of pages the test allocated, scattered and in reverse pfn order: they are mapped in
 * the array's order (vmalloc_to_page() and the contents agree), aliasing their own addresses
 * both ways, with a guard page after; no page is allocated by vmap() nor freed by vunmap(),
 * which leaves each page with its one reference and its contents. The area is VM_MAP with no
 * pages of its own (nr_pages 0), as in the kernel.
 */
static void vmap_maps_in_order(void)
{
	enum { NR = 8 };
	struct page *pages[NR], *tmp;
	unsigned long start;
	struct vm_struct *vm;
	unsigned char *v;

	alloc_scattered(pages, NR, GFP_HIGHUSER);
	for (int i = 0; i < NR / 2; i++) {
		tmp = pages[i];
		pages[i] = pages[NR - 1 - i];
		pages[NR - 1 - i] = tmp;
	}
	for (int i = 0; i < NR; i++)
		fill_page(pages[i], (unsigned char)(0x10 + i));
	start = nr_free_pages();
	v = vmap(pages, NR, VM_MAP, PAGE_KERNEL);
	ASSERT_NOT_NULL(v);
	ASSERT_EQ(nr_free_pages(), start);
	vm = find_vm_area(v);
	ASSERT_NOT_NULL(vm);
	ASSERT_EQ(vm->addr, v);
	ASSERT_TRUE(vm->flags & VM_MAP);
	ASSERT_FALSE(vm->flags & VM_ALLOC);
	ASSERT_EQ(vm->nr_pages, 0);
	ASSERT_NULL(vm->pages);
	ASSERT_EQ(get_vm_area_size(vm), NR * PAGE_SIZE);
	ASSERT_EQ(vm_stats().vmalloc_pages, 0);
	for (int i = 0; i < NR; i++) {
		ASSERT_EQ(vmalloc_to_page(v + i * PAGE_SIZE + 100), pages[i]);
		ASSERT_EQ(v[i * PAGE_SIZE], 0x10 + i);
		ASSERT_EQ(v[i * PAGE_SIZE + PAGE_SIZE - 1], 0x10 + i);
		v[i * PAGE_SIZE + 7] = (unsigned char)(0x80 + i);
		ASSERT_EQ(page_byte(pages[i], 7), 0x80 + i);
	}
	ASSERT_NULL(vmalloc_to_page(v + NR * PAGE_SIZE));
	ASSERT_STREQ(harness_host_perms(v + NR * PAGE_SIZE), "---p");
	vunmap(v);
	ASSERT_STREQ(harness_host_perms(v), "---p");
	ASSERT_NULL(find_vm_area(v));
	ASSERT_EQ(nr_free_pages(), start);
	for (int i = 0; i < NR; i++) {
		ASSERT_EQ(page_count(pages[i]), 1);
		ASSERT_EQ(page_byte(pages[i], 7), 0x80 + i);
		__free_page(pages[i]);
	}
	ASSERT_EQ(nr_free_pages(), start + NR);
	ASSERT_EQ(vm_stats().vmalloc_areas, 0);
	ASSERT_EQ(kmem_bad_page_count(), 0);
}

TEST(vmap_maps_in_order_x86_64)
{
	vmap_maps_in_order();
}

TEST(vmap_maps_in_order_x86_32)
{
	harness_boot("x86_32", 1 * GiB);
	vmap_maps_in_order();
}

/*
 * vmap(): PAGE_KERNEL_RO maps read-only; VM_MAP_PUT_PAGES hands pages and array to vfree(),
 * which frees both; a NULL page or a pointer outside mem_map is refused with a warning and
 * nothing left behind; vunmap() of anything else is reported.
 */
TEST(vmap_flags_and_bad_calls)
{
	struct kmem_slab_stats slab_before, slab_after;
	struct page **pages, *bad[2];
	unsigned long start;
	const char *text;
	char *v;

	pages = kmalloc_array(4, sizeof(*pages), GFP_KERNEL);
	ASSERT_NOT_NULL(pages);
	ASSERT_EQ(kmem_slab_stats("kmalloc-32", &slab_before), 0);
	start = nr_free_pages();
	for (int i = 0; i < 4; i++)
		pages[i] = alloc_page(GFP_KERNEL);
	v = vmap(pages, 4, VM_MAP, PAGE_KERNEL_RO);
	ASSERT_NOT_NULL(v);
	ASSERT_STREQ(harness_host_perms(v), "r--s");
	vunmap(v);
	v = vmap(pages, 4, VM_MAP | VM_MAP_PUT_PAGES, PAGE_KERNEL);
	ASSERT_NOT_NULL(v);
	ASSERT_STREQ(harness_host_perms(v), "rw-s");
	ASSERT_EQ(find_vm_area(v)->nr_pages, 4);
	ASSERT_EQ(find_vm_area(v)->pages, pages);
	vfree(v);
	/* the pages are free again and the array is back in its cache */
	ASSERT_EQ(nr_free_pages(), start);
	ASSERT_EQ(kmem_slab_stats("kmalloc-32", &slab_after), 0);
	ASSERT_EQ(slab_after.active_objs, slab_before.active_objs - 1);

	bad[0] = alloc_page(GFP_KERNEL);
	bad[1] = NULL;
	harness_capture_begin();
	ASSERT_NULL(vmap(bad, 2, VM_MAP, PAGE_KERNEL));
	bad[1] = (struct page *)&start;
	ASSERT_NULL(vmap(bad, 2, VM_MAP, PAGE_KERNEL));
	ASSERT_NULL(vmap(bad, 1, VM_MAP | VM_FLUSH_RESET_PERMS, PAGE_KERNEL));
	vunmap(bad);
	text = harness_capture_end();
	ASSERT_CONTAINS(text, "page 1 of 2 is NULL");
	ASSERT_CONTAINS(text, "is not a struct page of mem_map");
	ASSERT_CONTAINS(text, "VM_FLUSH_RESET_PERMS");
	ASSERT_CONTAINS(text, "Trying to vunmap() nonexistent vm area");
	__free_page(bad[0]);
	ASSERT_EQ(nr_free_pages(), start);
	ASSERT_EQ(vm_stats().vmalloc_areas, 0);
}

/*
 * vm_map_ram() round trip, from one page to several hundred: mapped in order with no guard page
 * (two mappings in a row are adjacent), invisible to find_vm_area() but not to
 * vmalloc_to_page(), listed as "vm_map_ram"; vm_unmap_ram() leaves the pages allocated and
 * their contents as written through the mapping. A thousand rounds leave nothing behind.
 */
TEST(vm_map_ram_round_trip)
{
	static const unsigned int counts[] = { 1, 3, 64, 65, 300 };
	unsigned long start;
	struct page *pages[300];
	unsigned char *v, *w;
	char *info;
	long maps;

	alloc_scattered(pages, 300, GFP_KERNEL);
	for (unsigned int i = 0; i < 300; i++)
		fill_page(pages[i], (unsigned char)i);
	start = nr_free_pages();
	for (unsigned int c = 0; c < ARRAY_SIZE(counts); c++) {
		unsigned int n = counts[c];

		v = vm_map_ram(pages, n, NUMA_NO_NODE);
		ASSERT_NOT_NULL(v);
		ASSERT_TRUE(is_vmalloc_addr(v));
		ASSERT_NULL(find_vm_area(v));
		for (unsigned int i = 0; i < n; i++) {
			ASSERT_EQ(vmalloc_to_page(v + i * PAGE_SIZE), pages[i]);
			ASSERT_EQ(v[i * PAGE_SIZE + 1], (unsigned char)i);
			v[i * PAGE_SIZE + 2] = (unsigned char)(i + c);
		}
		w = vm_map_ram(pages, 1, NUMA_NO_NODE);
		ASSERT_EQ(w, v + n * PAGE_SIZE);
		info = vmallocinfo();
		ASSERT_EQ(harness_count(info, " vm_map_ram\n"), 2);
		free(info);
		vm_unmap_ram(w, 1);
		vm_unmap_ram(v, n);
		ASSERT_NULL(vmalloc_to_page(v));
		ASSERT_STREQ(harness_host_perms(v), "---p");
		for (unsigned int i = 0; i < n; i++)
			ASSERT_EQ(page_byte(pages[i], 2), (unsigned char)(i + c));
	}
	ASSERT_EQ(nr_free_pages(), start);
	maps = vm_stats().vmalloc_maps;
	for (int round = 0; round < 1000; round++) {
		v = vm_map_ram(pages, 16, NUMA_NO_NODE);
		ASSERT_NOT_NULL(v);
		v[0] = 'a';
		vm_unmap_ram(v, 16);
	}
	ASSERT_EQ(vm_stats().vmalloc_maps, maps);
	ASSERT_EQ(vm_stats().vmalloc_areas, 0);
	for (unsigned int i = 0; i < 300; i++) {
		ASSERT_EQ(page_count(pages[i]), 1);
		__free_page(pages[i]);
	}
	ASSERT_EQ(nr_free_pages(), start + 300);
}

/*
 * vm_map_ram() mappings are not vfree()'s nor vunmap()'s (reported, kept), and vm_unmap_ram()
 * of anything but a mapping's start is reported; a wrong count is reported and the whole
 * mapping goes.
 */
TEST(vm_unmap_ram_bad_calls)
{
	struct page *pages[2] = { alloc_page(GFP_KERNEL), alloc_page(GFP_KERNEL) };
	unsigned long errors = vm_stats().vfree_errors;
	char *v = vm_map_ram(pages, 2, NUMA_NO_NODE), *a = vmalloc(PAGE_SIZE);
	const char *text;

	ASSERT_NOT_NULL(v);
	harness_capture_begin();
	vfree(v);
	vunmap(v);
	vm_unmap_ram(v + PAGE_SIZE, 1);
	vm_unmap_ram(a, 1);
	text = harness_capture_end();
	ASSERT_EQ(harness_count(text, "nonexistent vm area"), 2);
	ASSERT_CONTAINS(text, "not its start");
	ASSERT_CONTAINS(text, "no vm_map_ram() mapping");
	ASSERT_EQ(vm_stats().vfree_errors, errors + 4);
	ASSERT_EQ(vmalloc_to_page(v), pages[0]);
	v[0] = 1;
	harness_capture_begin();
	vm_unmap_ram(v, 5);
	text = harness_capture_end();
	ASSERT_CONTAINS(text, "the mapping has 2 pages");
	ASSERT_NULL(vmalloc_to_page(v));
	vfree(a);
	__free_page(pages[0]);
	__free_page(pages[1]);
	ASSERT_EQ(vm_stats().vmalloc_areas, 0);
}

/* /proc/vmallocinfo names each kind: vmalloc, vmap (no pages=), vm_map_ram */
TEST(vmallocinfo_kinds)
{
	struct page *page = alloc_page(GFP_KERNEL);
	char *a = vmalloc(PAGE_SIZE), *b = vmap(&page, 1, VM_MAP, PAGE_KERNEL);
	char *c = vm_map_ram(&page, 1, NUMA_NO_NODE), *info;

	info = vmallocinfo();
	ASSERT_EQ(harness_count_lines(info), 3);
	ASSERT_CONTAINS(info, " pages=1 vmalloc N0=1\n");
	ASSERT_CONTAINS(info, " vmap\n");
	ASSERT_CONTAINS(info, " 4096 vm_map_ram\n");
	free(info);
	vm_unmap_ram(c, 1);
	vunmap(b);
	vfree(a);
	__free_page(page);
}

#define NR_THREADS 4

struct mapper {
	int id, cpu;
	unsigned long bad;
};

/* Each thread vmaps, vm_map_rams and vmallocs its own pages, checking what it reads back */
static void *mapper_thread(void *arg)
{
	struct mapper *m = arg;
	struct page *pages[8];
	unsigned char *v, *r, *a;

	kmem_thread_enter(m->cpu);
	for (int i = 0; i < 8; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		if (!pages[i])
			return (void *)1;
		memset(page_address(pages[i]), m->id * 16 + i, PAGE_SIZE);
	}
	for (int round = 0; round < 200; round++) {
		v = vmap(pages, 8, VM_MAP, PAGE_KERNEL);
		r = vm_map_ram(pages + round % 4, 4, NUMA_NO_NODE);
		a = __vmalloc_node(2 * PAGE_SIZE, PAGE_SIZE << (round % 4), GFP_KERNEL,
				   NUMA_NO_NODE, NULL);
		if (!v || !r || !a) {
			m->bad++;
			break;
		}
		for (int i = 0; i < 8; i++)
			m->bad += v[i * PAGE_SIZE + round] != (unsigned char)(m->id * 16 + i);
		for (int i = 0; i < 4; i++)
			m->bad += r[i * PAGE_SIZE] != (unsigned char)(m->id * 16 + round % 4 + i);
		m->bad += ((unsigned long)a & ((PAGE_SIZE << (round % 4)) - 1)) != 0;
		a[0] = 1;
		vfree(a);
		vm_unmap_ram(r, 4);
		vunmap(v);
	}
	for (int i = 0; i < 8; i++)
		__free_page(pages[i]);
	return NULL;
}

TEST(concurrent_vmap_vm_map_ram)
{
	unsigned long start = nr_free_pages();
	struct mapper m[NR_THREADS];
	pthread_t t[NR_THREADS];
	struct kmem_info info;

	kmem_get_info(&info);
	for (int i = 0; i < NR_THREADS; i++) {
		m[i] = (struct mapper){ .id = i, .cpu = i % info.nr_cpus };
		if (pthread_create(&t[i], NULL, mapper_thread, &m[i]))
			FAIL("pthread_create failed");
	}
	for (int i = 0; i < NR_THREADS; i++) {
		void *ret;

		pthread_join(t[i], &ret);
		ASSERT_NULL(ret);
		ASSERT_EQ(m[i].bad, 0);
	}
	ASSERT_EQ(vm_stats().vmalloc_areas, 0);
	ASSERT_EQ(vm_stats().vfree_errors, 0);
	ASSERT_EQ(nr_free_pages(), start);
}
