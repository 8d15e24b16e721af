// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc, after mm/vmalloc.c: virtually contiguous areas of physically scattered pages, and
 * the address range they live in with its busy areas (vmalloc(), vmap() and vm_map_ram() ones
 * alike). A mapping of a page is a MAP_SHARED mapping of the RAM memfd at the page's offset, so
 * it aliases the page's direct-map address.
 *
 * At boot a large PROT_NONE range is reserved for [VMALLOC_START, VMALLOC_END), 2 MiB-aligned.
 * vmalloc() takes a block of it for the pages plus one guard page, at the alignment asked for,
 * allocates the pages one by one (order 0, __GFP_HIGHMEM added, as the kernel does) and maps
 * them; vfree() makes the block PROT_NONE again, frees the pages and gives the block back. The
 * guard page is never mapped, so running off the end of an area faults, as in the kernel.
 * Bookkeeping (struct vm_struct and its pages[] array) lives in host memory, not the model's
 * RAM: what vmalloc costs the model is exactly its pages, so nr_free_pages() returns to where
 * it was after vfree().
 *
 * vmalloc_huge() (VM_ALLOW_HUGE_VMAP) on x86_64, for 2 MiB and more: the area is rounded up to
 * whole 2 MiB blocks and aligned to 2 MiB, each block's pages come as one order-9 allocation
 * split into order-0 pages (split_page(), so they are freed one by one as any vmalloc page),
 * and the host is asked for a huge mapping of each block (MADV_HUGEPAGE: a PMD where the RAM
 * file has shmem THP). When no order-9 block is free, the area is made again of small pages,
 * as 6.18's __vmalloc_node_range_noprof() retries at PAGE_SHIFT.
 *
 * The host side of the mappings (mmap() of the RAM file, vm.max_map_count) is vm_host.c's;
 * vmap(), vm_map_ram(), vrealloc() and the array forms are vmap.c's, on the areas kept here.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "init.h"
#include "internal.h"
#include "vm_internal.h"

/* The range is this many times RAM (see vmalloc_init()) */
#define VMALLOC_RAM_MULTIPLE 4
/* x86's huge page: the alignment of the range, and the order of vmalloc_huge()'s blocks */
#define VM_HPAGE_SIZE  PMD_SIZE
#define VM_HPAGE_ORDER (PMD_SHIFT - PAGE_SHIFT)

unsigned long vmalloc_start, vmalloc_end;

/*
 * The busy areas: the kernel's vmap_area rbtree, here an array of vm_struct pointers sorted by
 * address, every area of the range in it from the moment its block is taken until the block is
 * free again (setting up and tearing down included, flagged VM_UNINITIALIZED and VM_FREEING).
 * vmalloc(), vmap() and vm_map_ram() areas share it, as they share the kernel's range.
 *
 * Finding the area of an address (vfree, vmalloc_to_page) is a binary search: O(log n).
 *
 * A new block goes into the lowest hole that fits at the alignment asked for (first fit, as
 * the kernel's free_vmap_area tree chooses): the holes are the gaps between consecutive areas
 * and the tail of the range. The search starts after the areas that are packed from
 * VMALLOC_START without a gap (nr_packed), which it extends as it walks over them; a vfree()
 * below that point pulls it back. Filling the range without frees therefore costs O(1) per
 * vmalloc() instead of a walk over all areas, and a hole left by vfree() is found without
 * scanning what lies below it. An aligned block leaves the gap below it as a hole for later
 * requests. Inserting or removing an area moves the pointers above it (memmove, usually none:
 * areas are mostly added at the top). The number of areas is bounded by vm.max_map_count,
 * since each takes at least one VMA.
 */
static struct {
	spinlock_t lock;	 /* everything below */
	struct vm_struct **area; /* [nr], sorted by addr; the range's blocks in use */
	unsigned long nr, cap;
	unsigned long nr_packed; /* area[0 .. nr_packed) start at VMALLOC_START, gap-free */
	unsigned long totalram_pages;
	/* live areas (not VM_NOT_LIVE) */
	unsigned long live, pages, maps, bytes;
	/* since boot */
	unsigned long failed, vfree_errors;
} vmap_areas = { .lock = __SPIN_LOCK_UNLOCKED(vmap_areas.lock) };

/* Reports: vm_warn() for bad calls, warn_alloc() (page_alloc.c) for failures, as in the kernel */
static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;
#define VM_WARN_RS RATELIMIT_STATE_INIT(5, 10)
static struct ratelimit_state vm_warn_rs = VM_WARN_RS;
/* alloc_vmap_area()'s "vmap allocation ... failed" goes through printk_ratelimit(): 10 in 5 s */
static struct ratelimit_state vmap_fail_rs = VM_WARN_RS;

static bool is_power_of_two(unsigned long x)
{
	return x && !(x & (x - 1));
}

/* ---- reports ---- */

void vm_warn(const char *where, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&report_lock);
	if (__ratelimit(&vm_warn_rs, "vm_warn")) {
		fprintf(stderr, "------------[ cut here ]------------\n");
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fprintf(stderr, "\nWARNING: CPU: %d PID: %d Comm: %s at %s\n", smp_processor_id(),
			(int)getpid(), current_comm(), where);
	}
	pthread_mutex_unlock(&report_lock);
}

static void vmalloc_warn(gfp_t gfp, unsigned long size, const char *why)
{
	warn_alloc(gfp, false, "vmalloc error: size %lu, %s", size, why);
}

/* alloc_vmap_area()'s line when no block fits (before the caller's "vmalloc error") */
static void vmap_fail_warn(gfp_t gfp, unsigned long size, unsigned long lo, unsigned long hi)
{
	if (gfp & __GFP_NOWARN)
		return;
	pthread_mutex_lock(&report_lock);
	if (__ratelimit(&vmap_fail_rs, "vmap allocation")) {
		if (lo == vmalloc_start && hi == vmalloc_end)
			fprintf(stderr,
				"vmap allocation for size %lu failed: use vmalloc=<size> to "
				"increase size\n",
				size);
		else
			fprintf(stderr,
				"vmalloc_node_range for size %lu failed: Address range "
				"restricted to %#lx - %#lx\n",
				size, lo, hi);
	}
	pthread_mutex_unlock(&report_lock);
}

/* ---- the busy areas: callers hold vmap_areas.lock ---- */

static unsigned long area_end(const struct vm_struct *vm)
{
	return (unsigned long)vm->addr + vm->size;
}

/* Index of the first area above @addr */
static unsigned long area_upper_bound(unsigned long addr)
{
	unsigned long lo = 0, hi = vmap_areas.nr;

	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;

		if ((unsigned long)vmap_areas.area[mid]->addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The area whose block holds @addr, set up or not */
static struct vm_struct *area_containing(unsigned long addr)
{
	unsigned long i = area_upper_bound(addr);

	if (!i || addr >= area_end(vmap_areas.area[i - 1]))
		return NULL;
	return vmap_areas.area[i - 1];
}

/* The live area holding @addr: a vm_map_ram() one when @ram, else any other */
static struct vm_struct *live_area(const void *addr, bool ram)
{
	struct vm_struct *vm;

	if (!is_vmalloc_addr(addr))
		return NULL;
	vm = area_containing((unsigned long)addr);
	if (!vm || (vm->flags & VM_NOT_LIVE) || !(vm->flags & VM_RAM) != !ram)
		return NULL;
	return vm;
}

/*
 * Give @vm (vm->size set) the lowest block of [@lo, @hi) whose start is a multiple of @align;
 * -ENOMEM when none is. The hole before area[i] is [end of area[i - 1], start of area[i]),
 * clipped to [@lo, @hi); an alignment so large that rounding up wraps around fits nowhere.
 */
static int area_insert(struct vm_struct *vm, unsigned long align, unsigned long lo,
		       unsigned long hi)
{
	unsigned long i, below, start;

	if (vmap_areas.nr == vmap_areas.cap) {
		unsigned long cap = vmap_areas.cap ? 2 * vmap_areas.cap : 64;
		struct vm_struct **area = realloc(vmap_areas.area, cap * sizeof(*area));

		if (!area)
			return -ENOMEM;
		vmap_areas.area = area;
		vmap_areas.cap = cap;
	}
	for (i = lo == vmalloc_start ? vmap_areas.nr_packed : area_upper_bound(lo);; i++) {
		unsigned long above =
			i < vmap_areas.nr ? (unsigned long)vmap_areas.area[i]->addr : vmalloc_end;
		unsigned long from, to;

		below = i ? area_end(vmap_areas.area[i - 1]) : vmalloc_start;
		from = below > lo ? below : lo;
		to = above < hi ? above : hi;
		start = (from + align - 1) & ~(align - 1);
		if (start >= from && start < to && to - start >= vm->size)
			break;
		if (i == vmap_areas.nr || above >= hi)
			return -ENOMEM;
		if (below == above && i == vmap_areas.nr_packed)
			vmap_areas.nr_packed++;
	}
	memmove(&vmap_areas.area[i + 1], &vmap_areas.area[i],
		(vmap_areas.nr - i) * sizeof(*vmap_areas.area));
	vmap_areas.area[i] = vm;
	vmap_areas.nr++;
	vm->addr = (void *)start;
	if (i == vmap_areas.nr_packed && start == below)
		vmap_areas.nr_packed++;
	return 0;
}

/* Give @vm's block back */
static void area_remove(struct vm_struct *vm)
{
	unsigned long i = area_upper_bound((unsigned long)vm->addr) - 1;

	memmove(&vmap_areas.area[i], &vmap_areas.area[i + 1],
		(vmap_areas.nr - i - 1) * sizeof(*vmap_areas.area));
	vmap_areas.nr--;
	if (i < vmap_areas.nr_packed)
		vmap_areas.nr_packed = i;
}

/* @vm becomes live (@sign 1) or stops being live (-1) */
static void area_account(const struct vm_struct *vm, long sign)
{
	vmap_areas.live += (unsigned long)sign;
	vmap_areas.pages += (unsigned long)(sign * vm->nr_pages);
	vmap_areas.maps += (unsigned long)(sign * vm->nr_maps);
	vmap_areas.bytes += (unsigned long)sign * vm->size;
}

/* ---- the life of an area (vm_internal.h) ---- */

struct vm_struct *vm_area_get(unsigned long size, unsigned long align, unsigned long lo,
			      unsigned long hi, unsigned long flags, gfp_t gfp, const void *caller)
{
	struct vm_struct *vm;
	int err;

	if (!is_power_of_two(align))
		return NULL;
	if (align < PAGE_SIZE)
		align = PAGE_SIZE;
	vm = calloc(1, sizeof(*vm));
	if (!vm)
		return NULL;
	vm->size = size + (flags & VM_NO_GUARD ? 0 : PAGE_SIZE);
	vm->flags = flags | VM_UNINITIALIZED;
	vm->caller = caller;
	spin_lock(&vmap_areas.lock);
	err = vm->size < size ? -ENOMEM : area_insert(vm, align, lo, hi);
	spin_unlock(&vmap_areas.lock);
	if (err) {
		vmap_fail_warn(gfp, vm->size, lo, hi);
		free(vm);
		return NULL;
	}
	return vm;
}

unsigned long vm_totalram_pages(void)
{
	return READ_ONCE(vmap_areas.totalram_pages);
}

void vm_area_activate(struct vm_struct *vm)
{
	spin_lock(&vmap_areas.lock);
	vm->flags &= ~VM_UNINITIALIZED;
	area_account(vm, 1);
	spin_unlock(&vmap_areas.lock);
}

void vm_area_put(struct vm_struct *vm, bool withdrawn)
{
	spin_lock(&vmap_areas.lock);
	if (withdrawn)
		vm->flags |= VM_FREEING; /* never found, never reused; vmalloc_exit() frees it */
	else
		area_remove(vm);
	spin_unlock(&vmap_areas.lock);
	if (withdrawn)
		return;
	free(vm->mapped);
	free(vm);
}

struct vm_struct *vm_area_unlink(const void *addr, bool ram,
				 void (*report)(const void *addr, const struct vm_struct *inside))
{
	struct vm_struct *vm;

	spin_lock(&vmap_areas.lock);
	vm = live_area(addr, ram);
	if (!vm || vm->addr != addr) {
		vmap_areas.vfree_errors++;
		/* the report names the area, so it must not be freed before it is printed */
		report(addr, vm);
		spin_unlock(&vmap_areas.lock);
		return NULL;
	}
	vm->flags |= VM_FREEING;
	area_account(vm, -1);
	spin_unlock(&vmap_areas.lock);
	return vm;
}

/* ---- vmalloc's pages ---- */

/*
 * split_page(): the order-@order block at @page (not compound) becomes 2^@order pages of order
 * 0 with one reference each, freed one by one as any vmalloc page
 */
static void vm_split_page(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page);
	int migratetype = page_state_migratetype(pfn);

	for (unsigned long i = 0; i < (1UL << order); i++) {
		if (i) {
			INIT_LIST_HEAD(&page[i].lru);
			page[i].private = 0;
			set_page_count(&page[i], 1);
		}
		page_state_set_allocated(pfn + i, 0, migratetype);
	}
}

/*
 * Allocate @nr pages into vm->pages as blocks of @order (split into order-0 pages); on failure,
 * free those taken and return false. vmalloc warns once for the whole area, not for each page,
 * and a high-order attempt must not __GFP_NOFAIL: order 0 is tried after it (6.18's
 * __vmalloc_area_node()).
 */
static bool vm_alloc_pages(struct vm_struct *vm, unsigned int nr, gfp_t gfp, int node,
			   unsigned int order)
{
	gfp |= __GFP_NOWARN;
	if (order)
		gfp &= ~(__GFP_NOFAIL | __GFP_COMP);
	for (vm->nr_pages = 0; vm->nr_pages < nr;) {
		struct page *page = alloc_pages_node(node, gfp, order);

		if (!page) {
			while (vm->nr_pages)
				__free_page(vm->pages[--vm->nr_pages]);
			return false;
		}
		if (order)
			vm_split_page(page, order);
		for (unsigned int i = 0; i < (1U << order); i++)
			vm->pages[vm->nr_pages++] = page + i;
	}
	return true;
}

static void vm_free_pages(struct vm_struct *vm)
{
	for (unsigned int i = 0; i < vm->nr_pages; i++)
		__free_page(vm->pages[i]);
}

static int page_cmp(const void *a, const void *b)
{
	const struct page *pa = *(struct page *const *)a, *pb = *(struct page *const *)b;

	return (pa > pb) - (pa < pb);
}

/*
 * Put the pages in pfn order (mem_map order). Which page backs which part of an area is
 * vmalloc's own business: kernel code sees it only through vmalloc_to_page(). The per-CPU lists
 * hand out the most recently freed page first, so an area freed and allocated again gets its
 * pages back in reverse; sorted, they form runs that one mmap() (one VMA) maps, instead of one
 * each. The kernel maps page by page and gains nothing from the order; the model would lose a
 * host mmap() per page without it. Huge areas stay in 2 MiB blocks: each block is a run.
 */
static void vm_sort_pages(struct vm_struct *vm)
{
	bool ascending = true, descending = true;

	for (unsigned int i = 1; i < vm->nr_pages; i++) {
		if (vm->pages[i] < vm->pages[i - 1])
			ascending = false;
		else
			descending = false;
	}
	if (ascending)
		return;
	if (descending) {
		for (unsigned int i = 0, j = vm->nr_pages - 1; i < j; i++, j--) {
			struct page *tmp = vm->pages[i];

			vm->pages[i] = vm->pages[j];
			vm->pages[j] = tmp;
		}
		return;
	}
	qsort(vm->pages, vm->nr_pages, sizeof(*vm->pages), page_cmp);
}

/* x86_64 selects HAVE_ARCH_HUGE_VMALLOC; x86_32 does not, so its vmalloc_huge() is vmalloc() */
static bool arch_huge_vmalloc(void)
{
	return strcmp(kmem_rt.arch->name, "x86_32") != 0;
}

/*
 * One attempt of __vmalloc_node_range() at page order @order (0 or VM_HPAGE_ORDER): a block
 * of @size bytes (a multiple of 2^@order pages) aligned to @align, its pages, their mappings.
 * The block is in the busy set from the start, flagged VM_UNINITIALIZED, so other threads
 * neither reuse it nor find it while the pages are allocated and mapped outside the lock.
 * Warnings, as 6.18 gives them: none for pages a huge attempt could not get (order 0 follows).
 */
static void *vmalloc_attempt(unsigned long size, unsigned long real_size, unsigned long align,
			     unsigned long lo, unsigned long hi, gfp_t gfp, pgprot_t prot,
			     unsigned long vm_flags, int node, unsigned int order,
			     const void *caller)
{
	unsigned long nr_pages = size >> PAGE_SHIFT;
	struct vm_map_failure fail;
	struct vm_struct *vm;
	struct page **pages;

	pages = malloc(nr_pages * sizeof(*pages));
	if (!pages) {
		vmalloc_warn(gfp, real_size, "failed to allocate page array");
		return NULL;
	}
	vm = vm_area_get(size, align, lo, hi, VM_ALLOC | vm_flags, gfp, caller);
	if (!vm) {
		free(pages);
		vmalloc_warn(gfp, real_size, "vm_struct allocation failed");
		return NULL;
	}
	vm->pages = vm->mapped = pages;
	vm->requested_size = real_size;
	if (!vm_alloc_pages(vm, (unsigned int)nr_pages, gfp, node, order)) {
		if (!order)
			vmalloc_warn(gfp, real_size, "failed to allocate pages");
		vm_area_put(vm, false);
		return NULL;
	}
	vm_sort_pages(vm);
	vm->nr_mapped = vm->nr_pages;
	vm->page_order = order;
	if (vm_area_map(vm, prot, order > 0, &fail)) {
		vm_free_pages(vm);
		vmalloc_warn(gfp, real_size, "failed to map pages");
		if (!(gfp & __GFP_NOWARN))
			vm_report_map_failure(vm, &fail);
		vm_area_put(vm, fail.lost);
		return NULL;
	}
	vm_area_activate(vm);
	return vm->addr;
}

/*
 * The body of every vmalloc variant (6.18's __vmalloc_node_range_noprof): check the size, then
 * one attempt with huge pages where allowed and one with small pages after it, if need be.
 * Only [VMALLOC_START, VMALLOC_END) exists: a range reaching outside it is clipped to it.
 */
void *__vmalloc_node_range(unsigned long size, unsigned long align, unsigned long start,
			   unsigned long end, gfp_t gfp, pgprot_t prot, unsigned long vm_flags,
			   int node, const void *caller)
{
	unsigned long nr_pages = (size + PAGE_SIZE - 1) >> PAGE_SHIFT;
	void *addr = NULL;

	if (unlikely(!nr_online_nodes)) {
		/* as __alloc_pages() says it: a caller that runs too early, __GFP_NOWARN or not */
		vmalloc_warn(gfp & ~__GFP_NOWARN, size, "the model is not booted");
		return NULL;
	}
	if (!size || !nr_pages || nr_pages > READ_ONCE(vmap_areas.totalram_pages)) {
		vmalloc_warn(gfp, size, "exceeds total pages");
		goto out;
	}
	if (start < vmalloc_start)
		start = vmalloc_start;
	if (end > vmalloc_end || end < start)
		end = vmalloc_end;
	/* vmalloc maps its pages itself, so they may come from highmem (__vmalloc_area_node) */
	if (!(gfp & (GFP_DMA | GFP_DMA32)))
		gfp |= __GFP_HIGHMEM;
	if ((vm_flags & VM_ALLOW_HUGE_VMAP) && arch_huge_vmalloc() && size >= PMD_SIZE &&
	    !(gfp & __GFP_ACCOUNT)) {
		unsigned long huge_size = (size + PMD_SIZE - 1) & PMD_MASK;

		if (huge_size >= size)
			addr = vmalloc_attempt(huge_size, size, align > PMD_SIZE ? align : PMD_SIZE,
					       start, end, gfp, prot, vm_flags, node,
					       VM_HPAGE_ORDER, caller);
	}
	if (!addr)
		addr = vmalloc_attempt(nr_pages << PAGE_SHIFT, size, align, start, end, gfp, prot,
				       vm_flags, node, 0, caller);
out:
	if (!addr) {
		spin_lock(&vmap_areas.lock);
		vmap_areas.failed++;
		spin_unlock(&vmap_areas.lock);
	}
	return addr;
}

void *__vmalloc_node(unsigned long size, unsigned long align, gfp_t gfp_mask, int node,
		     const void *caller)
{
	return __vmalloc_node_range(size, align, VMALLOC_START, VMALLOC_END, gfp_mask, PAGE_KERNEL,
				    0, node, caller);
}

void *vmalloc(unsigned long size)
{
	return __vmalloc_node(size, 1, GFP_KERNEL, NUMA_NO_NODE, __builtin_return_address(0));
}

void *vzalloc(unsigned long size)
{
	return __vmalloc_node(size, 1, GFP_KERNEL | __GFP_ZERO, NUMA_NO_NODE,
			      __builtin_return_address(0));
}

void *vmalloc_node(unsigned long size, int node)
{
	return __vmalloc_node(size, 1, GFP_KERNEL, node, __builtin_return_address(0));
}

void *vzalloc_node(unsigned long size, int node)
{
	return __vmalloc_node(size, 1, GFP_KERNEL | __GFP_ZERO, node, __builtin_return_address(0));
}

void *__vmalloc(unsigned long size, gfp_t gfp_mask)
{
	return __vmalloc_node(size, 1, gfp_mask, NUMA_NO_NODE, __builtin_return_address(0));
}

void *vmalloc_user(unsigned long size)
{
	return __vmalloc_node_range(size, SHMLBA, VMALLOC_START, VMALLOC_END,
				    GFP_KERNEL | __GFP_ZERO, PAGE_KERNEL, VM_USERMAP, NUMA_NO_NODE,
				    __builtin_return_address(0));
}

/* 6.18's GFP_VMALLOC32 of a 64-bit kernel with ZONE_DMA32; x86_32 reads it as ZONE_NORMAL */
#define GFP_VMALLOC32 (GFP_DMA32 | GFP_KERNEL)

void *vmalloc_32(unsigned long size)
{
	return __vmalloc_node(size, 1, GFP_VMALLOC32, NUMA_NO_NODE, __builtin_return_address(0));
}

void *vmalloc_32_user(unsigned long size)
{
	return __vmalloc_node_range(size, SHMLBA, VMALLOC_START, VMALLOC_END,
				    GFP_VMALLOC32 | __GFP_ZERO, PAGE_KERNEL, VM_USERMAP,
				    NUMA_NO_NODE, __builtin_return_address(0));
}

void *vmalloc_huge_node(unsigned long size, gfp_t gfp_mask, int node)
{
	return __vmalloc_node_range(size, 1, VMALLOC_START, VMALLOC_END, gfp_mask, PAGE_KERNEL,
				    VM_ALLOW_HUGE_VMAP, node, __builtin_return_address(0));
}

/* ---- freeing ---- */

/* Say why @addr is not something vfree() can free; the caller counted it */
static void report_bad_vfree(const void *addr, const struct vm_struct *inside)
{
	if ((unsigned long)addr & ~PAGE_MASK)
		vm_warn("mm/vmalloc.c vfree", "Trying to vfree() bad address (%p)", addr);
	else if (inside)
		vm_warn("mm/vmalloc.c vfree",
			"Trying to vfree() nonexistent vm area (%p): inside the area at %p, "
			"which starts %lu bytes lower",
			addr, inside->addr, (unsigned long)addr - (unsigned long)inside->addr);
	else
		vm_warn("mm/vmalloc.c vfree", "Trying to vfree() nonexistent vm area (%p)", addr);
}

/* kvfree() of the array a vmap(VM_MAP_PUT_PAGES) caller handed over */
static void kvfree_array(const void *p)
{
	if (is_vmalloc_addr(p))
		vfree(p);
	else
		kfree(p);
}

/*
 * vfree: take the area out of the live set under the lock (a second vfree() of it, even a
 * concurrent one, now fails the lookup), then unmap and free outside the lock, and only then
 * give the block back, so that no vmalloc() can map into it while it is being torn down.
 * A vmalloc() area's pages are freed; a vmap() area's only with VM_MAP_PUT_PAGES (they and
 * their array were handed over), as in the kernel.
 */
void vfree(const void *addr)
{
	struct vm_struct *vm;
	bool unmapped;

	if (!addr)
		return;
	vm = vm_area_unlink(addr, false, report_bad_vfree);
	if (!vm)
		return;
	unmapped = vm_area_unmap(vm);
	if (vm->flags & (VM_ALLOC | VM_MAP_PUT_PAGES))
		vm_free_pages(vm);
	if (!(vm->flags & VM_ALLOC) && (vm->flags & VM_MAP_PUT_PAGES))
		kvfree_array(vm->pages);
	vm_area_put(vm, !unmapped);
}

void vfree_atomic(const void *addr)
{
	vfree(addr);
}

struct vm_struct *find_vm_area(const void *addr)
{
	struct vm_struct *vm;

	spin_lock(&vmap_areas.lock);
	vm = live_area(addr, false);
	spin_unlock(&vmap_areas.lock);
	return vm;
}

struct page *vmalloc_to_page(const void *addr)
{
	struct page *page = NULL;
	struct vm_struct *vm;

	spin_lock(&vmap_areas.lock);
	vm = live_area(addr, false);
	if (!vm)
		vm = live_area(addr, true);
	if (vm) {
		unsigned long i = ((unsigned long)addr - (unsigned long)vm->addr) >> PAGE_SHIFT;

		/* the guard page is part of the block but maps nothing */
		if (i < vm->nr_mapped)
			page = vm->mapped[i];
	}
	spin_unlock(&vmap_areas.lock);
	return page;
}

unsigned long vmalloc_to_pfn(const void *addr)
{
	struct page *page = vmalloc_to_page(addr);

	return page ? page_to_pfn(page) : 0;
}

unsigned long vmalloc_nr_pages(void)
{
	unsigned long n;

	spin_lock(&vmap_areas.lock);
	n = vmap_areas.pages;
	spin_unlock(&vmap_areas.lock);
	return n;
}

/*
 * /proc/vmallocinfo (mm/vmalloc.c vmalloc_info_show(), show_numa_info()), in address order:
 * the caller, pages=, the kind of area, then the pages per node. vm_map_ram() mappings have a
 * line of their own form, as there.
 */
void kmem_print_vmallocinfo(FILE *out)
{
	unsigned int per_node[MAX_NUMNODES];

	spin_lock(&vmap_areas.lock);
	for (unsigned long i = 0; i < vmap_areas.nr; i++) {
		const struct vm_struct *vm = vmap_areas.area[i];

		if (vm->flags & VM_NOT_LIVE)
			continue;
		if (vm->flags & VM_RAM) {
			fprintf(out, "0x%016lx-0x%016lx %7ld vm_map_ram\n", (unsigned long)vm->addr,
				area_end(vm), (long)vm->size);
			continue;
		}
		fprintf(out, "0x%016lx-0x%016lx %7ld %p", (unsigned long)vm->addr, area_end(vm),
			(long)vm->size, vm->caller);
		if (vm->nr_pages)
			fprintf(out, " pages=%u", vm->nr_pages);
		if (vm->flags & VM_ALLOC)
			fputs(" vmalloc", out);
		if (vm->flags & VM_MAP)
			fputs(" vmap", out);
		if (vm->flags & VM_USERMAP)
			fputs(" user", out);
		if (is_vmalloc_addr(vm->pages))
			fputs(" vpages", out);
		memset(per_node, 0, sizeof(per_node));
		for (unsigned int p = 0; p < vm->nr_pages; p++)
			per_node[page_to_nid(vm->pages[p])]++;
		for (int nid = 0; nid < nr_online_nodes; nid++)
			if (per_node[nid])
				fprintf(out, " N%d=%u", nid, per_node[nid]);
		fputc('\n', out);
	}
	spin_unlock(&vmap_areas.lock);
}

void kmem_vm_stats(struct kmem_vm_stats *out)
{
	memset(out, 0, sizeof(*out));
	spin_lock(&vmap_areas.lock);
	out->vmalloc_areas = vmap_areas.live;
	out->vmalloc_pages = vmap_areas.pages;
	out->vmalloc_maps = vmap_areas.maps;
	out->vmalloc_bytes = vmap_areas.bytes;
	out->vmalloc_total = vmalloc_end - vmalloc_start;
	out->vmalloc_failed = vmap_areas.failed;
	out->vfree_errors = vmap_areas.vfree_errors;
	spin_unlock(&vmap_areas.lock);
	highmem_stats(out);
}

/*
 * Reserve the range: the arch profile's size, or, where the kernel's range dwarfs any RAM
 * (x86_64: 32 TiB), what the model can use. Live areas never hold more than RAM, and each takes
 * one guard page more than its pages, so they span at most twice RAM; four times leaves first
 * fit room for holes. No more: PROT_NONE with MAP_NORESERVE costs the host neither memory nor
 * commit charge, but it counts against the address-space limit (ulimit -v), which a range of
 * a fixed 64 GiB made every boot exceed. The start is 2 MiB-aligned (2 MiB more are reserved
 * and the ends trimmed), as the kernel's is: huge areas and aligned requests need it.
 */
int vmalloc_init(void)
{
	unsigned long range = VMALLOC_RAM_MULTIPLE * (unsigned long)kmem_rt.mem_bytes;
	unsigned long base, start;
	struct zone *zone;
	void *p;

	/* an arch whose range is smaller than RAM (x86_32) */
	if (kmem_rt.arch->vmalloc_bytes)
		range = (unsigned long)kmem_rt.arch->vmalloc_bytes;
	p = vm_reserve(range + VM_HPAGE_SIZE);
	if (!p) {
		int err = -errno;

		fprintf(stderr, "kmem: cannot reserve %lu MiB of address space for vmalloc: %s%s\n",
			range >> 20, strerror(-err), as_limit_note());
		return err;
	}
	base = (unsigned long)p;
	start = (base + VM_HPAGE_SIZE - 1) & ~(VM_HPAGE_SIZE - 1);
	if (start > base)
		vm_release(p, start - base);
	if (base + VM_HPAGE_SIZE > start)
		vm_release((void *)(start + range), base + VM_HPAGE_SIZE - start);
	spin_lock(&vmap_areas.lock);
	vmalloc_start = start;
	vmalloc_end = vmalloc_start + range;
	vmap_areas.totalram_pages = 0;
	for_each_populated_zone(zone)
		vmap_areas.totalram_pages += zone->managed_pages;
	vmap_areas.failed = vmap_areas.vfree_errors = 0;
	spin_unlock(&vmap_areas.lock);
	pthread_mutex_lock(&report_lock);
	vm_warn_rs = (struct ratelimit_state)VM_WARN_RS;
	vmap_fail_rs = (struct ratelimit_state)VM_WARN_RS;
	pthread_mutex_unlock(&report_lock);
	vm_host_reset();
	return 0;
}

/*
 * Areas still live at shutdown go with the model: their pages belong to a page allocator that
 * is about to disappear, and unmapping the range removes their mappings. Blocks withdrawn after
 * a failed unmap are left alone: another mapping of the process may sit there now.
 */
void vmalloc_exit(void)
{
	unsigned long from = vmalloc_start;

	spin_lock(&vmap_areas.lock);
	for (unsigned long i = 0; i < vmap_areas.nr; i++) {
		struct vm_struct *vm = vmap_areas.area[i];

		if (vm->flags & VM_FREEING) {
			if ((unsigned long)vm->addr > from)
				vm_release((void *)from, (unsigned long)vm->addr - from);
			from = area_end(vm);
		}
		free(vm->mapped);
		free(vm);
	}
	if (from < vmalloc_end)
		vm_release((void *)from, vmalloc_end - from);
	free(vmap_areas.area);
	vmap_areas.area = NULL;
	vmap_areas.nr = vmap_areas.cap = vmap_areas.nr_packed = 0;
	vmap_areas.live = vmap_areas.pages = vmap_areas.maps = vmap_areas.bytes = 0;
	vmalloc_start = vmalloc_end = 0;
	spin_unlock(&vmap_areas.lock);
}
