// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc as kernel code uses it: areas of scattered pages mapped at contiguous addresses,
 * aliasing the same pages' direct-map (or kmap) addresses, a guard page after each, first-fit
 * reuse of freed addresses, zeroing, failure without leaks (too large, out of pages, out of host
 * mappings), bad vfree() calls reported and changing nothing, /proc/vmallocinfo, and threads.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>

#include "harness.h"

#define MiB (1ULL << 20)

/* ThreadSanitizer maps shadow memory for every new mapping and dies when the host refuses it */
#if defined(__SANITIZE_THREAD__)
#define UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define UNDER_TSAN 1
#endif
#endif
#ifndef UNDER_TSAN
#define UNDER_TSAN 0
#endif

/* x86_32 with 128 MiB of highmem (896 MiB .. 1 GiB) */
static void boot_x86_32(void)
{
	harness_boot("x86_32", 1024 * MiB);
}

static struct kmem_vm_stats vm_stats(void)
{
	struct kmem_vm_stats st;

	kmem_vm_stats(&st);
	return st;
}

/* The /proc/self/maps line of the host mapping holding @addr, or "" */
static const char *host_mapping(const void *addr)
{
	static char line[512];
	unsigned long lo, hi, a = (unsigned long)addr;
	FILE *f = fopen("/proc/self/maps", "r");

	if (!f)
		FAIL("cannot open /proc/self/maps");
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && a >= lo && a < hi) {
			fclose(f);
			return line;
		}
	fclose(f);
	return "";
}

static long count_host_mappings(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	long n = 0;
	int c;

	if (!f)
		FAIL("cannot open /proc/self/maps");
	while ((c = getc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
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

/* Free pages the way a kernel caller would: the model counts what it holds, not this array */
static unsigned long managed_pages(void)
{
	struct kmem_info info;
	unsigned long sum = 0;

	kmem_get_info(&info);
	for (int nid = 0; nid < info.nr_nodes; nid++)
		for (int z = 0; z < KMEM_NR_ZONES; z++) {
			struct kmem_zone_stats st;

			if (!kmem_zone_stats(nid, z, &st))
				sum += st.managed;
		}
	return sum;
}

/*
 * Sizes from one byte to 1 MiB: the area is page aligned, in the vmalloc range, holds exactly
 * the rounded-up pages (nr_free_pages() drops by that much), is writable end to end, and maps
 * distinct pages; its guard page maps none. vfree() gives everything back.
 */
TEST(vmalloc_basic)
{
	static const unsigned long sizes[] = { 1, PAGE_SIZE, 3 * PAGE_SIZE + 1, 1 * MiB };
	unsigned long start = nr_free_pages();
	int on_stack;

	for (unsigned int s = 0; s < ARRAY_SIZE(sizes); s++) {
		unsigned long nr = (sizes[s] + PAGE_SIZE - 1) / PAGE_SIZE;
		char *p = vmalloc(sizes[s]);
		struct vm_struct *vm;

		ASSERT_NOT_NULL(p);
		ASSERT_EQ((unsigned long)p % PAGE_SIZE, 0);
		ASSERT_TRUE(is_vmalloc_addr(p));
		ASSERT_TRUE(is_vmalloc_addr(p + nr * PAGE_SIZE - 1));
		ASSERT_EQ(nr_free_pages(), start - nr);
		vm = find_vm_area(p + nr * PAGE_SIZE - 1);
		ASSERT_NOT_NULL(vm);
		ASSERT_EQ(vm->addr, p);
		ASSERT_EQ(vm->nr_pages, nr);
		ASSERT_EQ(vm->size, (nr + 1) * PAGE_SIZE);
		ASSERT_EQ(get_vm_area_size(vm), nr * PAGE_SIZE);
		memset(p, 0x5a, nr * PAGE_SIZE);
		for (unsigned long i = 0; i < nr; i++) {
			struct page *page = vmalloc_to_page(p + i * PAGE_SIZE);

			ASSERT_NOT_NULL(page);
			ASSERT_EQ(vmalloc_to_pfn(p + i * PAGE_SIZE), page_to_pfn(page));
			ASSERT_EQ(page_count(page), 1);
			if (i && page == vmalloc_to_page(p + (i - 1) * PAGE_SIZE))
				FAIL("size %lu: pages %lu and %lu are both pfn %#lx", sizes[s],
				     i - 1, i, page_to_pfn(page));
		}
		ASSERT_NULL(vmalloc_to_page(p + nr * PAGE_SIZE));
		ASSERT_EQ(vm_stats().vmalloc_areas, 1);
		ASSERT_EQ(vm_stats().vmalloc_pages, nr);
		vfree(p);
		ASSERT_EQ(nr_free_pages(), start);
		ASSERT_EQ(vm_stats().vmalloc_areas, 0);
		ASSERT_NULL(vmalloc_to_page(p));
		ASSERT_NULL(find_vm_area(p));
	}
	ASSERT_FALSE(is_vmalloc_addr(&on_stack));
	ASSERT_FALSE(is_vmalloc_addr(pfn_to_virt(0x100)));
	ASSERT_NULL(vmalloc_to_page(pfn_to_virt(0x100)));
	ASSERT_EQ(vm_stats().vfree_errors, 0);
}

/*
 * The host mappings: an area is a shared mapping of the RAM memfd ("rw-s"), its guard page is
 * PROT_NONE ("---p"), the next area starts right after the guard page, and vfree() makes the
 * area PROT_NONE again, so a use after free faults.
 */
TEST(guard_page_and_unmap)
{
	char *p = vmalloc(2 * PAGE_SIZE), *q = vmalloc(PAGE_SIZE);

	ASSERT_NOT_NULL(p);
	ASSERT_NOT_NULL(q);
	ASSERT_EQ(q, p + 3 * PAGE_SIZE);
	ASSERT_CONTAINS(host_mapping(p), " rw-s ");
	ASSERT_CONTAINS(host_mapping(p), "kmem-ram");
	ASSERT_CONTAINS(host_mapping(p + PAGE_SIZE), " rw-s ");
	ASSERT_CONTAINS(host_mapping(p + 2 * PAGE_SIZE), " ---p ");
	ASSERT_CONTAINS(host_mapping(q + PAGE_SIZE), " ---p ");
	vfree(p);
	ASSERT_CONTAINS(host_mapping(p), " ---p ");
	ASSERT_CONTAINS(host_mapping(q), " rw-s ");
	vfree(q);
	ASSERT_CONTAINS(host_mapping(q), " ---p ");
}

/*
 * Host mappings per area: the pages are placed in pfn order and each run of consecutive pfns
 * takes one mmap() (vm_struct.nr_maps, and the total in the stats), also for an area that gets
 * back, from the per-CPU lists, the pages of one just freed (they come out last-freed first).
 */
TEST(pfn_runs_share_a_mapping)
{
	const unsigned long nr = 256;
	char *p = NULL;

	for (int round = 0; round < 3; round++) {
		unsigned long runs = 1;
		struct vm_struct *vm;

		vfree(p);
		p = vmalloc(nr * PAGE_SIZE);
		ASSERT_NOT_NULL(p);
		for (unsigned long i = 1; i < nr; i++) {
			unsigned long pfn = vmalloc_to_pfn(p + i * PAGE_SIZE);
			unsigned long prev = vmalloc_to_pfn(p + (i - 1) * PAGE_SIZE);

			ASSERT_GT(pfn, prev);
			runs += pfn != prev + 1;
		}
		vm = find_vm_area(p);
		printf("    round %d: %lu pages in %u mappings\n", round, nr, vm->nr_maps);
		ASSERT_EQ(vm->nr_maps, runs);
		ASSERT_EQ(vm_stats().vmalloc_maps, runs);
	}
	vfree(p);
	ASSERT_EQ(vm_stats().vmalloc_maps, 0);
}

/*
 * First fit. With A (1 page), B (4 pages) and C (1 page) allocated, each followed by its guard
 * page (g), freeing B leaves a hole of 5 pages; D (2 pages) takes its start and E (4 pages) no
 * longer fits in what remains, so it goes after C; F (1 page) fits in the rest of the hole.
 *
 *	| A g | B . . . g | C g |          before
 *	| A g | D . g | F g | C g | E . . . g |   after
 */
TEST(first_fit_reuses_holes)
{
	char *a = vmalloc(PAGE_SIZE), *b = vmalloc(4 * PAGE_SIZE), *c = vmalloc(PAGE_SIZE);
	char *d, *e, *f;

	ASSERT_NOT_NULL(a);
	ASSERT_EQ(b, a + 2 * PAGE_SIZE);
	ASSERT_EQ(c, b + 5 * PAGE_SIZE);
	vfree(b);
	d = vmalloc(2 * PAGE_SIZE);
	ASSERT_EQ(d, b);
	e = vmalloc(4 * PAGE_SIZE);
	ASSERT_EQ(e, c + 2 * PAGE_SIZE);
	f = vmalloc(PAGE_SIZE);
	ASSERT_EQ(f, d + 3 * PAGE_SIZE);
	/* freeing the lowest area lets the next search start from the bottom again */
	vfree(a);
	b = vmalloc(PAGE_SIZE);
	ASSERT_EQ(b, a);
	vfree(b);
	vfree(c);
	vfree(d);
	vfree(e);
	vfree(f);
	ASSERT_EQ(vm_stats().vmalloc_areas, 0);
	ASSERT_EQ(vm_stats().vmalloc_bytes, 0);
}

/*
 * vzalloc() zeroes pages that were dirty: an area is filled with 0xaa and freed, then vzalloc()
 * of the same size must read as zeros; the pfns prove that it got dirtied pages back (per-CPU
 * lists return the most recently freed first). On x86_32 the pages are highmem, zeroed through
 * the memfd rather than the direct map.
 */
static void vzalloc_after_dirty_reuse(bool highmem)
{
	const unsigned long size = 8 * MiB, nr = size / PAGE_SIZE;
	unsigned long start = nr_free_pages(), reused = 0, nr_high = 0;
	unsigned char *dirty = calloc(max_pfn, 1);
	unsigned char *p;

	ASSERT_NOT_NULL(dirty);
	p = vmalloc(size);
	ASSERT_NOT_NULL(p);
	memset(p, 0xaa, size);
	for (unsigned long i = 0; i < nr; i++)
		dirty[vmalloc_to_pfn(p + i * PAGE_SIZE)] = 1;
	vfree(p);

	p = vzalloc(size);
	ASSERT_NOT_NULL(p);
	for (unsigned long i = 0; i < nr; i++) {
		struct page *page = vmalloc_to_page(p + i * PAGE_SIZE);

		for (unsigned long off = 0; off < PAGE_SIZE; off++)
			if (p[i * PAGE_SIZE + off])
				FAIL("vzalloc page %lu (pfn %#lx) byte %lu is %#x", i,
				     page_to_pfn(page), off, p[i * PAGE_SIZE + off]);
		reused += dirty[page_to_pfn(page)];
		nr_high += PageHighMem(page);
	}
	printf("    %lu of %lu pages reused dirty, %lu highmem\n", reused, nr, nr_high);
	ASSERT_GT(reused, 0);
	if (highmem)
		ASSERT_GT(nr_high, 0);
	vfree(p);
	free(dirty);
	ASSERT_EQ(nr_free_pages(), start);
}

TEST(vzalloc_after_dirty_reuse_x86_64)
{
	vzalloc_after_dirty_reuse(false);
}

TEST(vzalloc_after_dirty_reuse_x86_32)
{
	boot_x86_32();
	vzalloc_after_dirty_reuse(true);
}

/*
 * Aliasing, page by page and both ways: a write through the vmalloc address is read through the
 * page's own address (page_address(), or kmap() for a highmem page) and a write through that is
 * read through the vmalloc address. Addresses inside a page find the same page.
 */
static void aliasing_both_directions(bool highmem)
{
	const unsigned long nr = 64;
	unsigned long start = nr_free_pages(), nr_high = 0;
	unsigned char *p = vmalloc(nr * PAGE_SIZE);

	ASSERT_NOT_NULL(p);
	for (unsigned long i = 0; i < nr; i++) {
		unsigned char *v = p + i * PAGE_SIZE, *k;
		struct page *page = vmalloc_to_page(v + 123);

		ASSERT_NOT_NULL(page);
		ASSERT_EQ(page, vmalloc_to_page(v));
		ASSERT_EQ(page, vmalloc_to_page(v + PAGE_SIZE - 1));
		k = kmap(page);
		ASSERT_NOT_NULL(k);
		ASSERT_NE(k, v);
		if (PageHighMem(page)) {
			nr_high++;
			ASSERT_FALSE(virt_addr_valid(k));
		} else {
			ASSERT_EQ(k, page_address(page));
		}
		for (unsigned long off = 0; off < PAGE_SIZE; off += 64)
			v[off] = (unsigned char)(i * 7 + off / 64);
		for (unsigned long off = 0; off < PAGE_SIZE; off += 64)
			if (k[off] != (unsigned char)(i * 7 + off / 64))
				FAIL("page %lu offset %lu: vmalloc wrote %#x, kmap reads %#x", i,
				     off, (unsigned char)(i * 7 + off / 64), k[off]);
		for (unsigned long off = 32; off < PAGE_SIZE; off += 64)
			k[off] = (unsigned char)~(i + off);
		for (unsigned long off = 32; off < PAGE_SIZE; off += 64)
			if (v[off] != (unsigned char)~(i + off))
				FAIL("page %lu offset %lu: kmap wrote %#x, vmalloc reads %#x", i,
				     off, (unsigned char)~(i + off), v[off]);
		kunmap(page);
	}
	if (highmem)
		ASSERT_EQ(nr_high, nr);
	else
		ASSERT_EQ(nr_high, 0);
	vfree(p);
	ASSERT_EQ(nr_free_pages(), start);
	ASSERT_EQ(vm_stats().pkmap_used, 0);
}

TEST(aliasing_both_directions_x86_64)
{
	aliasing_both_directions(false);
}

/* Highmem is the highest zone vmalloc may use, so every page of a small area comes from it */
TEST(aliasing_both_directions_x86_32)
{
	boot_x86_32();
	aliasing_both_directions(true);
}

struct bad_vfree {
	const char *what;
	const void *addr;
	const char *report;
};

/*
 * Every bad vfree() is reported, counted once and ignored: the allocator's free state, the
 * vmalloc totals and the area itself are unchanged. vfree(NULL) does nothing and says nothing.
 */
TEST(bad_vfree_changes_nothing)
{
	struct page *page = alloc_page(GFP_KERNEL);
	char *p = vmalloc(4 * PAGE_SIZE), *heap = malloc(64);
	int on_stack = 0;
	struct bad_vfree cases[] = {
		{ "inside the area", p + PAGE_SIZE, "nonexistent vm area" },
		{ "the guard page", p + 4 * PAGE_SIZE, "inside the area at" },
		{ "unaligned", p + 1, "Trying to vfree() bad address" },
		{ "heap", heap, "Trying to vfree() " },
		{ "direct map", page ? page_address(page) : NULL, "nonexistent vm area" },
		{ "stack", &on_stack, "Trying to vfree() " },
		{ "vmalloc range, no area", (void *)(VMALLOC_END - PAGE_SIZE),
		  "nonexistent vm area" },
	};
	struct harness_snapshot before, after;
	struct kmem_vm_stats st0, st;
	const char *text;

	ASSERT_NOT_NULL(page);
	ASSERT_NOT_NULL(p);
	ASSERT_NOT_NULL(heap);
	memset(p, 0x11, 4 * PAGE_SIZE);
	harness_snapshot(&before);
	st0 = vm_stats();

	harness_capture_begin();
	vfree(NULL);
	text = harness_capture_end();
	ASSERT_STREQ(text, "");
	ASSERT_EQ(vm_stats().vfree_errors, st0.vfree_errors);

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		harness_capture_begin();
		vfree(cases[i].addr);
		text = harness_capture_end();
		if (!harness_contains(text, cases[i].report))
			FAIL("vfree(%s): report lacks \"%s\":\n%s", cases[i].what, cases[i].report,
			     text);
		ASSERT_CONTAINS(text, "WARNING: CPU:");
		st = vm_stats();
		ASSERT_EQ(st.vfree_errors, st0.vfree_errors + i + 1);
		ASSERT_EQ(st.vmalloc_areas, st0.vmalloc_areas);
		ASSERT_EQ(st.vmalloc_pages, st0.vmalloc_pages);
		harness_snapshot(&after);
		ASSERT_SNAPSHOT_EQ(&before, &after);
		ASSERT_EQ(p[4 * PAGE_SIZE - 1], 0x11);
	}

	vfree(p);
	st0 = vm_stats();
	harness_capture_begin();
	vfree(p);
	text = harness_capture_end();
	ASSERT_CONTAINS(text, "Trying to vfree() nonexistent vm area");
	st = vm_stats();
	ASSERT_EQ(st.vfree_errors, st0.vfree_errors + 1);
	ASSERT_EQ(st.vmalloc_areas, 0);
	ASSERT_EQ(st.vmalloc_pages, 0);
	harness_snapshot(&before);
	ASSERT_EQ(before.nr_free, after.nr_free + 4);
	__free_page(page);
	free(heap);
}

/*
 * Sizes vmalloc() refuses before touching anything: 0, more than RAM, and values whose
 * rounding up to pages would overflow. Each returns NULL, counted, and leaves the allocator as
 * it was. The first prints the kernel's "vmalloc error" line; the others follow within 10 s and
 * are silent, since warn_alloc() reports one failure in 10 s (6.18's nopage_rs); none prints
 * with __GFP_NOWARN.
 */
TEST(vmalloc_bad_sizes)
{
	static const unsigned long sizes[] = { 0, 128 * MiB, ~0UL, ~0UL - PAGE_SIZE + 2 };
	struct harness_snapshot before, after;
	unsigned long failed = vm_stats().vmalloc_failed;
	const char *text;
	char want[96];

	harness_snapshot(&before);
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		harness_capture_begin();
		ASSERT_NULL(vmalloc(sizes[i]));
		text = harness_capture_end();
		snprintf(want, sizeof(want), "vmalloc error: size %lu, exceeds total pages",
			 sizes[i]);
		if (i == 0) {
			ASSERT_CONTAINS(text, want);
			ASSERT_CONTAINS(text, "(GFP_KERNEL), nodemask=(null)");
			ASSERT_EQ(harness_count_lines(text), 1);
		} else {
			ASSERT_STREQ(text, "");
		}
		ASSERT_EQ(vm_stats().vmalloc_failed, failed + i + 1);
		harness_snapshot(&after);
		ASSERT_SNAPSHOT_EQ(&before, &after);
	}
	harness_capture_begin();
	ASSERT_NULL(__vmalloc(0, GFP_KERNEL | __GFP_NOWARN));
	text = harness_capture_end();
	ASSERT_STREQ(text, "");
	ASSERT_EQ(vm_stats().vmalloc_areas, 0);
}

/*
 * More than the free memory, but not more than RAM: pages are taken one by one until the
 * allocator says no, then all of them go back. One "vmalloc error" line, no per-page
 * "page allocation failure", no area left, nr_free_pages() where it was, and vmalloc works.
 */
TEST(vmalloc_more_than_free_memory)
{
	unsigned long start = nr_free_pages(), size = managed_pages() * PAGE_SIZE;
	const char *text;
	char *info, *p;

	ASSERT_GE(size, start * PAGE_SIZE);
	harness_capture_begin();
	p = vmalloc(size);
	text = harness_capture_end();
	ASSERT_NULL(p);
	ASSERT_CONTAINS(text, "failed to allocate pages");
	ASSERT_NOT_CONTAINS(text, "page allocation failure");
	ASSERT_EQ(harness_count(text, "vmalloc error"), 1);
	ASSERT_EQ(nr_free_pages(), start);
	ASSERT_EQ(vm_stats().vmalloc_areas, 0);
	ASSERT_EQ(vm_stats().vmalloc_bytes, 0);
	ASSERT_EQ(vm_stats().vmalloc_failed, 1);
	info = vmallocinfo();
	ASSERT_STREQ(info, "");
	free(info);

	p = vmalloc(1 * MiB);
	ASSERT_NOT_NULL(p);
	memset(p, 1, 1 * MiB);
	vfree(p);
	ASSERT_EQ(nr_free_pages(), start);
}

/*
 * x86_32 has about 120 MiB of vmalloc space (the 128 MiB above the direct map less the 8 MiB
 * hole): a larger area fails although free memory could hold it, nothing is lost, and areas
 * that fit still work. x86_64's range is sized from RAM and never runs out first.
 */
TEST(vmalloc_range_of_x86_32)
{
	unsigned long start;
	const char *text;
	char *p;

	boot_x86_32();
	start = nr_free_pages();
	ASSERT_GE(start * PAGE_SIZE, 200 * MiB);
	harness_capture_begin();
	p = vmalloc(200 * MiB);
	text = harness_capture_end();
	ASSERT_NULL(p);
	ASSERT_EQ(harness_count(text, "vmalloc error"), 1);
	ASSERT_EQ(nr_free_pages(), start);
	ASSERT_EQ(vm_stats().vmalloc_areas, 0);
	p = vmalloc(64 * MiB);
	ASSERT_NOT_NULL(p);
	memset(p, 1, 64 * MiB);
	vfree(p);
	ASSERT_EQ(nr_free_pages(), start);
	ASSERT_GE((VMALLOC_END - VMALLOC_START) >> 20, 100);
	ASSERT_LE((VMALLOC_END - VMALLOC_START) >> 20, 128);
}

/* Not a tail call (the barrier comes after it), so vmalloc() returns into this function */
static __attribute__((__noinline__)) void *vmalloc_from_here(unsigned long size)
{
	void *p = vmalloc(size);

	__asm__ volatile("" : : "r"(p) : "memory");
	return p;
}

/*
 * /proc/vmallocinfo: one line per live area, in address order, in the kernel's format:
 * "0x<start>-0x<end> <size with guard> <caller> pages=<n> vmalloc N<node>=<pages> ...".
 */
TEST(vmallocinfo_lists_live_areas)
{
	char *a = vmalloc_from_here(PAGE_SIZE), *b = vmalloc(3 * PAGE_SIZE);
	unsigned long start[2], end[2], caller = 0;
	long size[2];
	unsigned int pages[2], nid, on_node, sum;
	char *info, *line;
	int used;

	ASSERT_NOT_NULL(a);
	ASSERT_NOT_NULL(b);
	info = vmallocinfo();
	ASSERT_EQ(harness_count_lines(info), 2);
	line = info;
	for (int i = 0; i < 2; i++) {
		void *c;

		if (sscanf(line, "0x%lx-0x%lx %ld %p pages=%u vmalloc%n", &start[i], &end[i],
			   &size[i], &c, &pages[i], &used) != 5)
			FAIL("line %d does not parse: %s", i, line);
		/* then the pages per node, " N<nid>=<pages>", as a NUMA kernel shows them */
		for (sum = 0, line += used; sscanf(line, " N%u=%u%n", &nid, &on_node, &used) == 2;
		     line += used)
			sum += on_node;
		ASSERT_EQ(sum, pages[i]);
		ASSERT_EQ(*line, '\n');
		if (!i)
			caller = (unsigned long)c;
		line++;
	}
	ASSERT_EQ(start[0], (unsigned long)a);
	ASSERT_EQ(end[0], (unsigned long)a + 2 * PAGE_SIZE);
	ASSERT_EQ(size[0], 2 * PAGE_SIZE);
	ASSERT_EQ(pages[0], 1);
	ASSERT_EQ(start[1], (unsigned long)b);
	ASSERT_EQ(size[1], 4 * PAGE_SIZE);
	ASSERT_EQ(pages[1], 3);
	ASSERT_EQ(caller, (unsigned long)find_vm_area(a)->caller);
	/* the return address lies inside the function that called vmalloc() */
	ASSERT_GT(caller, (unsigned long)vmalloc_from_here);
	ASSERT_LT(caller, (unsigned long)vmalloc_from_here + 4096);
	free(info);

	vfree(a);
	info = vmallocinfo();
	ASSERT_EQ(harness_count_lines(info), 1);
	ASSERT_EQ(strtoul(info, NULL, 16), (unsigned long)b);
	free(info);
	vfree(b);
	info = vmallocinfo();
	ASSERT_STREQ(info, "");
	free(info);
}

/*
 * The host's vm.max_map_count. Pages with no free neighbour cost one VMA each, so the test
 * frees every odd pfn of a full RAM, takes all but a few hundred of the process's VMAs with
 * PROT_NONE/PROT_READ stripes, and asks for more scattered pages than the VMAs left. vmalloc()
 * must fail naming the limit and undo everything: the VMA count and nr_free_pages() return to
 * where they were. With the stripes gone, the same vmalloc() succeeds.
 */
TEST(vmalloc_hits_max_map_count)
{
	unsigned long start = nr_free_pages(), n = 0, scattered, stripe_pages;
	struct page **held = calloc(max_pfn, sizeof(*held)), *page;
	long limit = -1, spare, maps;
	const char *text;
	char want[64], *stripes, *p;
	FILE *f;

	if (UNDER_TSAN) {
		printf("    skipped: ThreadSanitizer cannot run at vm.max_map_count\n");
		free(held);
		return;
	}
	ASSERT_NOT_NULL(held);
	f = fopen("/proc/sys/vm/max_map_count", "r");
	if (!f || fscanf(f, "%ld", &limit) != 1)
		FAIL("cannot read /proc/sys/vm/max_map_count");
	fclose(f);
	if (limit > (1L << 20)) {
		printf("    skipped: vm.max_map_count is %ld, too many VMAs to use up quickly\n",
		       limit);
		free(held);
		return;
	}
	while ((page = alloc_page(GFP_KERNEL | __GFP_NOWARN | __GFP_MEMALLOC)))
		held[n++] = page;
	scattered = 0;
	for (unsigned long i = 0; i < n; i++)
		if (page_to_pfn(held[i]) & 1) {
			__free_page(held[i]);
			held[i] = NULL;
			scattered++;
		}

	/* each PROT_READ page in a PROT_NONE region is a VMA, and so is each gap */
	spare = limit - count_host_mappings();
	ASSERT_GT(spare, 512);
	stripe_pages = (unsigned long)(spare - 256);
	stripes = mmap(NULL, stripe_pages * PAGE_SIZE, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	ASSERT_NE(stripes, MAP_FAILED);
	for (unsigned long i = 0; i < stripe_pages; i += 2)
		if (mprotect(stripes + i * PAGE_SIZE, PAGE_SIZE, PROT_READ))
			FAIL("mprotect of stripe %lu failed", i);
	maps = count_host_mappings();
	spare = limit - maps;
	ASSERT_GE(spare, 16);
	ASSERT_LE(spare, 1024);
	ASSERT_GT(scattered, (unsigned long)spare + 512);

	harness_capture_begin();
	p = vmalloc((unsigned long)(spare + 512) * PAGE_SIZE);
	text = harness_capture_end();
	ASSERT_NULL(p);
	ASSERT_CONTAINS(text, "vmalloc error: size");
	ASSERT_CONTAINS(text, "failed to map pages");
	snprintf(want, sizeof(want), "vm.max_map_count (%ld) reached", limit);
	ASSERT_CONTAINS(text, want);
	ASSERT_CONTAINS(text, "sysctl -w vm.max_map_count=");
	/* the VMAs of the mapped prefix (over a hundred) are back; a sanitizer's allocator may map
	 * a few */
	ASSERT_LE(count_host_mappings(), maps + 8);
	ASSERT_EQ(nr_free_pages(), start - (n - scattered));
	ASSERT_EQ(vm_stats().vmalloc_areas, 0);

	munmap(stripes, stripe_pages * PAGE_SIZE);
	p = vmalloc((unsigned long)(spare + 512) * PAGE_SIZE);
	ASSERT_NOT_NULL(p);
	ASSERT_EQ(vm_stats().vmalloc_maps, (unsigned long)spare + 512);
	vfree(p);
	for (unsigned long i = 0; i < n; i++)
		if (held[i])
			__free_page(held[i]);
	free(held);
	ASSERT_EQ(nr_free_pages(), start);
}

#define NR_THREADS    4
#define THREAD_ROUNDS 200
#define THREAD_LIVE   8

struct churn {
	int id, cpu;
	unsigned long bad; /* pattern mismatches found */
};

/* vmalloc/vfree churn with a few live areas, each filled with a pattern checked before vfree */
static void *churn_thread(void *arg)
{
	struct churn *c = arg;
	unsigned char *live[THREAD_LIVE] = { NULL };
	unsigned long size[THREAD_LIVE] = { 0 };
	unsigned int seed = (unsigned int)c->id * 2654435761u;

	kmem_thread_enter(c->cpu);
	for (int r = 0; r < THREAD_ROUNDS; r++) {
		int i = r % THREAD_LIVE;

		if (live[i]) {
			for (unsigned long off = 0; off < size[i]; off += 512)
				c->bad += live[i][off] != (unsigned char)(c->id + off / 512);
			vfree(live[i]);
		}
		seed = seed * 1103515245 + 12345;
		size[i] = (1 + (seed >> 16) % 32) * PAGE_SIZE - (seed >> 8) % 64;
		live[i] = vmalloc(size[i]);
		if (!live[i]) {
			c->bad++;
			continue;
		}
		for (unsigned long off = 0; off < size[i]; off += 512)
			live[i][off] = (unsigned char)(c->id + off / 512);
	}
	for (int i = 0; i < THREAD_LIVE; i++)
		vfree(live[i]);
	return NULL;
}

/* Threads allocating and freeing at once never share pages or addresses, and leak nothing */
TEST(concurrent_vmalloc_vfree)
{
	unsigned long start = nr_free_pages();
	struct churn c[NR_THREADS];
	pthread_t t[NR_THREADS];
	struct kmem_info info;

	kmem_get_info(&info);
	for (int i = 0; i < NR_THREADS; i++) {
		c[i] = (struct churn){ .id = i, .cpu = i % info.nr_cpus };
		if (pthread_create(&t[i], NULL, churn_thread, &c[i]))
			FAIL("pthread_create failed");
	}
	for (int i = 0; i < NR_THREADS; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < NR_THREADS; i++)
		ASSERT_EQ(c[i].bad, 0);
	ASSERT_EQ(vm_stats().vmalloc_areas, 0);
	ASSERT_EQ(vm_stats().vfree_errors, 0);
	ASSERT_EQ(nr_free_pages(), start);
}
