// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc, after mm/vmalloc.c: virtually contiguous areas of physically scattered pages, the
 * address range they live in, and the host side of every kernel mapping the model makes
 * (vmalloc areas here, kmap slots in highmem.c): a mapping of a page is a MAP_SHARED mapping
 * of the RAM memfd at the page's offset, so it aliases the page's direct-map address.
 *
 * At boot a large PROT_NONE range is reserved for [VMALLOC_START, VMALLOC_END). vmalloc()
 * takes a block of it for the pages plus one guard page, allocates the pages one by one (order
 * 0, __GFP_HIGHMEM added, as the kernel does) and maps them; vfree() makes the block PROT_NONE
 * again, frees the pages and gives the block back. The guard page is never mapped, so running
 * off the end of an area faults, as in the kernel. Bookkeeping (struct vm_struct and its
 * pages[] array) lives in host memory, not the model's RAM: what vmalloc costs the model is
 * exactly its pages, so nr_free_pages() returns to where it was after vfree().
 *
 * Host limits: each mmap() makes a VMA, and the host allows vm.max_map_count of them (65530 by
 * default). A run of pages with consecutive pfns is mapped by one mmap(), but scattered pages
 * cost one VMA each. When the host refuses a mapping, vmalloc() undoes everything and returns
 * NULL with a line that names the limit and the sysctl that raises it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/vmalloc.h>

#include "init.h"
#include "internal.h"

/* The range is this many times RAM (see vmalloc_init()) */
#define VMALLOC_RAM_MULTIPLE 4
/* The smallest huge page of x86: a shorter host mapping never gets one */
#define VM_HPAGE_SIZE (2UL << 20)
/* Model-private vm_struct flag: vfree() is tearing the area down; its addresses are not free */
#define VM_FREEING  0x80000000UL
#define VM_NOT_LIVE (VM_UNINITIALIZED | VM_FREEING)

unsigned long vmalloc_start, vmalloc_end;

/*
 * The busy areas: the kernel's vmap_area rbtree, here an array of vm_struct pointers sorted by
 * address, every area of the range in it from the moment its block is taken until the block is
 * free again (setting up and tearing down included, flagged VM_UNINITIALIZED and VM_FREEING).
 *
 * Finding the area of an address (vfree, vmalloc_to_page) is a binary search: O(log n).
 *
 * A new block goes into the lowest hole that fits (first fit, as the kernel's free_vmap_area
 * tree chooses): the holes are the gaps between consecutive areas and the tail of the range.
 * The search starts after the areas that are packed from VMALLOC_START without a gap
 * (nr_packed), which it extends as it walks over them; a vfree() below that point pulls it
 * back. Filling the range without frees therefore costs O(1) per vmalloc() instead of a walk
 * over all areas, and a hole left by vfree() is found without scanning what lies below it.
 * Inserting or removing an area moves the pointers above it (memmove, usually none: areas are
 * mostly added at the top). The number of areas is bounded by vm.max_map_count, since each
 * takes at least one VMA.
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
} vmap = { .lock = __SPIN_LOCK_UNLOCKED(vmap.lock) };

/* Reports: vm_warn() for bad calls, warn_alloc() (page_alloc.c) for failures, as in the kernel */
static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;
#define VM_WARN_RS RATELIMIT_STATE_INIT(5, 10)
static struct ratelimit_state vm_warn_rs = VM_WARN_RS;

/* ---- the host side of kernel mappings: the only mmap() calls of impl/vm ---- */

void *vm_reserve(unsigned long size)
{
	void *p = mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

void vm_release(void *addr, unsigned long size)
{
	if (munmap(addr, size))
		fprintf(stderr, "kmem: munmap(%p, %lu): %s\n", addr, size, strerror(errno));
}

/*
 * Map @nr_pages pages of RAM from @pfn at @addr, at 4 KiB as the kernel maps vmalloc and kmap.
 * The host would not always: where the direct map got shmem THP, RAM holds huge folios, and a
 * fault in any mapping of one, advised huge or not, maps it with one PMD when the address and
 * the file offset are alike 2 MiB-aligned, which a vmalloc area of consecutive pfns often is
 * (checked: a 256 MiB area was PMD-mapped whole). MADV_NOHUGEPAGE forbids that. Only a mapping
 * of at least a huge page can hold one, so shorter runs (kmap's single pages) skip the call; a
 * host without THP refuses it, and has nothing to forbid.
 */
int vmap_pfn_range(unsigned long addr, unsigned long pfn, unsigned long nr_pages)
{
	unsigned long len = nr_pages << PAGE_SHIFT;

	if (mmap((void *)addr, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, physmem_fd(),
		 (off_t)(pfn << PAGE_SHIFT)) == MAP_FAILED)
		return -errno;
	if (len >= VM_HPAGE_SIZE)
		madvise((void *)addr, len, MADV_NOHUGEPAGE);
	return 0;
}

/*
 * Put [@addr, @addr + @size) back into its reserved range, PROT_NONE. The range must be whole
 * mappings made by vmap_pfn_range(), so that nothing needs splitting. Mapping over them lets the
 * host merge the hole with the PROT_NONE around it, which gives back their VMAs. At
 * vm.max_map_count the host refuses every mmap(), even one that would lower the count; then
 * the pages are made PROT_NONE where they are, which needs no new VMA and leaves no hole that
 * another thread's mmap() could take, and the next mapping of the range replaces them.
 */
int vunmap_range(unsigned long addr, unsigned long size)
{
	if (mmap((void *)addr, size, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0) != MAP_FAILED)
		return 0;
	return mprotect((void *)addr, size, PROT_NONE) ? -errno : 0;
}

/*
 * vunmap_range() that also gets the VMAs back at vm.max_map_count, which vmalloc needs: an area
 * can hold thousands of them and the limit is what made its mapping fail. munmap() of whole
 * mappings needs no new VMA; the hole is then reserved again with MAP_FIXED_NOREPLACE, which
 * fails rather than clobber what another thread may have mapped there in between. Returns
 * -errno when the range is lost to the model (it must never be mapped again).
 */
static int vm_release_vmas(unsigned long addr, unsigned long size)
{
	void *p;

	if (mmap((void *)addr, size, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0) != MAP_FAILED)
		return 0;
	if (errno != ENOMEM || munmap((void *)addr, size))
		return -errno;
	p = mmap((void *)addr, size, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	if ((unsigned long)p != addr) { /* a kernel before 4.17 takes it as a hint */
		munmap(p, size);
		return -EEXIST;
	}
	return 0;
}

/* True when [@addr, @addr + @size) is all mapped: an mprotect() to PROT_NONE fails on holes */
static bool vm_range_mapped(unsigned long addr, unsigned long size)
{
	return !mprotect((void *)addr, size, PROT_NONE);
}

/* A number from a one-line /proc file, or -1 */
static long read_proc_long(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;

	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/* The VMAs this process has now: lines of /proc/self/maps, or -1 */
static long count_host_mappings(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	long n = 0;
	int c;

	if (!f)
		return -1;
	while ((c = getc_unlocked(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
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

/* ---- the busy areas: callers hold vmap.lock ---- */

static unsigned long area_end(const struct vm_struct *vm)
{
	return (unsigned long)vm->addr + vm->size;
}

/* Index of the first area above @addr */
static unsigned long area_upper_bound(unsigned long addr)
{
	unsigned long lo = 0, hi = vmap.nr;

	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;

		if ((unsigned long)vmap.area[mid]->addr <= addr)
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

	if (!i || addr >= area_end(vmap.area[i - 1]))
		return NULL;
	return vmap.area[i - 1];
}

/* The live area holding @addr */
static struct vm_struct *live_area(const void *addr)
{
	struct vm_struct *vm;

	if (!is_vmalloc_addr(addr))
		return NULL;
	vm = area_containing((unsigned long)addr);
	return vm && !(vm->flags & VM_NOT_LIVE) ? vm : NULL;
}

/* Give @vm (vm->size set) the lowest block that fits; -ENOMEM when none does */
static int area_insert(struct vm_struct *vm)
{
	unsigned long i, start, end;

	if (vmap.nr == vmap.cap) {
		unsigned long cap = vmap.cap ? 2 * vmap.cap : 64;
		struct vm_struct **area = realloc(vmap.area, cap * sizeof(*area));

		if (!area)
			return -ENOMEM;
		vmap.area = area;
		vmap.cap = cap;
	}
	for (i = vmap.nr_packed;; i++) {
		start = i ? area_end(vmap.area[i - 1]) : vmalloc_start;
		end = i < vmap.nr ? (unsigned long)vmap.area[i]->addr : vmalloc_end;
		if (end - start >= vm->size)
			break;
		if (i == vmap.nr)
			return -ENOMEM;
		if (start == end && i == vmap.nr_packed)
			vmap.nr_packed++;
	}
	memmove(&vmap.area[i + 1], &vmap.area[i], (vmap.nr - i) * sizeof(*vmap.area));
	vmap.area[i] = vm;
	vmap.nr++;
	vm->addr = (void *)start;
	if (i == vmap.nr_packed)
		vmap.nr_packed++;
	return 0;
}

/* Give @vm's block back */
static void area_remove(struct vm_struct *vm)
{
	unsigned long i = area_upper_bound((unsigned long)vm->addr) - 1;

	memmove(&vmap.area[i], &vmap.area[i + 1], (vmap.nr - i - 1) * sizeof(*vmap.area));
	vmap.nr--;
	if (i < vmap.nr_packed)
		vmap.nr_packed = i;
}

/* @vm becomes live (@sign 1) or stops being live (-1) */
static void area_account(const struct vm_struct *vm, long sign)
{
	vmap.live += (unsigned long)sign;
	vmap.pages += (unsigned long)(sign * vm->nr_pages);
	vmap.maps += (unsigned long)(sign * vm->nr_maps);
	vmap.bytes += (unsigned long)sign * vm->size;
}

/* ---- pages and their mappings ---- */

/* Allocate @nr pages into vm->pages; on failure, free those taken and return false */
static bool vm_alloc_pages(struct vm_struct *vm, unsigned int nr, gfp_t gfp, int node)
{
	/* vmalloc warns once for the whole area, not for each page */
	gfp |= __GFP_NOWARN;
	for (vm->nr_pages = 0; vm->nr_pages < nr; vm->nr_pages++) {
		struct page *page = alloc_pages_node(node, gfp, 0);

		if (!page) {
			while (vm->nr_pages)
				__free_page(vm->pages[--vm->nr_pages]);
			return false;
		}
		vm->pages[vm->nr_pages] = page;
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
 * host mmap() per page without it.
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

/* Pages from @i on that continue the pfn run starting at vm->pages[@i] */
static unsigned int pfn_run(const struct vm_struct *vm, unsigned int i)
{
	unsigned long pfn = page_to_pfn(vm->pages[i]);
	unsigned int n = 1;

	while (i + n < vm->nr_pages && page_to_pfn(vm->pages[i + n]) == pfn + n)
		n++;
	return n;
}

/*
 * Make pages [@from, @from + @nr) of @vm PROT_NONE again and give back their VMAs. Returns false
 * (reported) if the host refused: the addresses must then never be handed out again.
 */
static bool vm_unmap_pages(const struct vm_struct *vm, unsigned int from, unsigned int nr)
{
	unsigned long addr = (unsigned long)vm->addr + ((unsigned long)from << PAGE_SHIFT);
	int err;

	if (!nr)
		return true;
	err = vm_release_vmas(addr, (unsigned long)nr << PAGE_SHIFT);
	if (err)
		fprintf(stderr, "vmalloc: cannot unmap %#lx-%#lx (%s): addresses withdrawn\n", addr,
			addr + ((unsigned long)nr << PAGE_SHIFT), strerror(-err));
	return !err;
}

/* Explain a failed mapping of page @bad of @vm, after the undo freed what the area held */
static void report_map_failure(const struct vm_struct *vm, unsigned int bad, unsigned int mapped,
			       int err)
{
	long limit = read_proc_long("/proc/sys/vm/max_map_count");
	long now = count_host_mappings();
	unsigned int runs = 0;

	for (unsigned int i = bad; i < vm->nr_pages; i += pfn_run(vm, i))
		runs++;
	pthread_mutex_lock(&report_lock);
	/* the runs mapped before the failure were one VMA each; the undo merged them away */
	if (err == -ENOMEM && limit > 0 && now >= 0 && now + mapped + 4 >= limit)
		fprintf(stderr,
			"vmalloc: mmap of page %u of %u failed: vm.max_map_count (%ld) reached, "
			"%u more mappings needed; raise it with sysctl -w vm.max_map_count=%ld\n",
			bad, vm->nr_pages, limit, runs,
			((unsigned long)limit + runs + 65535) / 65536 * 65536);
	else
		fprintf(stderr, "vmalloc: mmap of page %u of %u failed: %s\n", bad, vm->nr_pages,
			strerror(-err));
	pthread_mutex_unlock(&report_lock);
}

/*
 * Map every page of @vm at its place in the area, one mmap() per run of consecutive pfns. On
 * failure nothing stays mapped. The mapped prefix is unmapped first: its ends are VMA
 * boundaries, so unmapping it needs no split and works even at vm.max_map_count (the usual
 * cause of the failure). The rest is left alone when it is still the reserved PROT_NONE range,
 * as it is when the host refused before touching it; only a hole left by a MAP_FIXED that
 * failed half way is filled again. Returns 0 or the failed mmap()'s -errno; sets *@lost when
 * even the undo failed (the block must then stay reserved).
 */
static int vm_map_pages(struct vm_struct *vm, gfp_t gfp, unsigned long size, bool *lost)
{
	unsigned long rest;
	unsigned int i, n, runs = 0;
	int err = 0;

	vm_sort_pages(vm);
	for (i = 0; i < vm->nr_pages; i += n, runs++) {
		n = pfn_run(vm, i);
		err = vmap_pfn_range((unsigned long)vm->addr + ((unsigned long)i << PAGE_SHIFT),
				     page_to_pfn(vm->pages[i]), n);
		if (err)
			break;
	}
	vm->nr_maps = runs;
	if (!err)
		return 0;
	rest = (unsigned long)vm->addr + ((unsigned long)i << PAGE_SHIFT);
	*lost = !vm_unmap_pages(vm, 0, i) ||
		(!vm_range_mapped(rest, (unsigned long)(vm->nr_pages - i) << PAGE_SHIFT) &&
		 !vm_unmap_pages(vm, i, vm->nr_pages - i));
	vmalloc_warn(gfp, size, "failed to map pages");
	if (!(gfp & __GFP_NOWARN))
		report_map_failure(vm, i, runs, err);
	return err;
}

/*
 * The body of every vmalloc variant (the kernel's __vmalloc_node_range): check the size, take
 * a block of addresses, allocate the pages, map them. The block is in the busy set from the
 * start, flagged VM_UNINITIALIZED, so other threads neither reuse it nor find it while the
 * pages are allocated and mapped outside the lock.
 */
static void *__vmalloc_node(unsigned long size, gfp_t gfp, int node, const void *caller)
{
	unsigned long nr_pages = (size + PAGE_SIZE - 1) >> PAGE_SHIFT;
	struct vm_struct *vm;
	bool keep_block = false;
	int err;

	if (unlikely(!nr_online_nodes)) {
		/* as __alloc_pages() says it: a caller that runs too early, __GFP_NOWARN or not */
		vmalloc_warn(gfp & ~__GFP_NOWARN, size, "the model is not booted");
		return NULL;
	}
	if (!size || size > READ_ONCE(vmap.totalram_pages) << PAGE_SHIFT) {
		vmalloc_warn(gfp, size, "exceeds total pages");
		goto fail;
	}
	/* vmalloc maps its pages itself, so they may come from highmem (__vmalloc_area_node) */
	if (!(gfp & (GFP_DMA | GFP_DMA32)))
		gfp |= __GFP_HIGHMEM;
	vm = calloc(1, sizeof(*vm));
	if (!vm || !(vm->pages = malloc(nr_pages * sizeof(*vm->pages)))) {
		free(vm);
		vmalloc_warn(gfp, size, "failed to allocate page array");
		goto fail;
	}
	vm->size = (nr_pages + 1) << PAGE_SHIFT;
	vm->flags = VM_ALLOC | VM_UNINITIALIZED;
	vm->caller = caller;

	spin_lock(&vmap.lock);
	err = area_insert(vm);
	spin_unlock(&vmap.lock);
	if (err) {
		vmalloc_warn(gfp, size, "vm_struct allocation failed");
		goto fail_vm;
	}
	if (!vm_alloc_pages(vm, (unsigned int)nr_pages, gfp, node)) {
		vmalloc_warn(gfp, size, "failed to allocate pages");
		goto fail_block;
	}
	err = vm_map_pages(vm, gfp, size, &keep_block);
	if (err) {
		vm_free_pages(vm);
		goto fail_block;
	}

	spin_lock(&vmap.lock);
	vm->flags &= ~VM_UNINITIALIZED;
	area_account(vm, 1);
	spin_unlock(&vmap.lock);
	return vm->addr;

fail_block:
	spin_lock(&vmap.lock);
	if (keep_block)
		vm->flags |= VM_FREEING; /* never found, never reused; vmalloc_exit() frees it */
	else
		area_remove(vm);
	spin_unlock(&vmap.lock);
	if (keep_block)
		goto fail;
fail_vm:
	free(vm->pages);
	free(vm);
fail:
	spin_lock(&vmap.lock);
	vmap.failed++;
	spin_unlock(&vmap.lock);
	return NULL;
}

void *vmalloc(unsigned long size)
{
	return __vmalloc_node(size, GFP_KERNEL, NUMA_NO_NODE, __builtin_return_address(0));
}

void *vzalloc(unsigned long size)
{
	return __vmalloc_node(size, GFP_KERNEL | __GFP_ZERO, NUMA_NO_NODE,
			      __builtin_return_address(0));
}

void *vmalloc_node(unsigned long size, int node)
{
	return __vmalloc_node(size, GFP_KERNEL, node, __builtin_return_address(0));
}

void *vzalloc_node(unsigned long size, int node)
{
	return __vmalloc_node(size, GFP_KERNEL | __GFP_ZERO, node, __builtin_return_address(0));
}

void *__vmalloc(unsigned long size, gfp_t gfp_mask)
{
	return __vmalloc_node(size, gfp_mask, NUMA_NO_NODE, __builtin_return_address(0));
}

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

/*
 * vfree: take the area out of the live set under the lock (a second vfree() of it, even a
 * concurrent one, now fails the lookup), then unmap and free outside the lock, and only then
 * give the block back, so that no vmalloc() can map into it while it is being torn down.
 */
void vfree(const void *addr)
{
	struct vm_struct *vm;
	bool unmapped;

	if (!addr)
		return;
	spin_lock(&vmap.lock);
	vm = live_area(addr);
	if (!vm || vm->addr != addr) {
		vmap.vfree_errors++;
		/* the report names the area, so it must not be freed before it is printed */
		report_bad_vfree(addr, vm);
		spin_unlock(&vmap.lock);
		return;
	}
	vm->flags |= VM_FREEING;
	area_account(vm, -1);
	spin_unlock(&vmap.lock);

	unmapped = vm_unmap_pages(vm, 0, vm->nr_pages);
	vm_free_pages(vm);
	if (!unmapped)
		return;
	spin_lock(&vmap.lock);
	area_remove(vm);
	spin_unlock(&vmap.lock);
	free(vm->pages);
	free(vm);
}

struct vm_struct *find_vm_area(const void *addr)
{
	struct vm_struct *vm;

	spin_lock(&vmap.lock);
	vm = live_area(addr);
	spin_unlock(&vmap.lock);
	return vm;
}

struct page *vmalloc_to_page(const void *addr)
{
	struct page *page = NULL;
	struct vm_struct *vm;

	spin_lock(&vmap.lock);
	vm = live_area(addr);
	if (vm) {
		unsigned long i = ((unsigned long)addr - (unsigned long)vm->addr) >> PAGE_SHIFT;

		/* the guard page is part of the block but maps nothing */
		if (i < vm->nr_pages)
			page = vm->pages[i];
	}
	spin_unlock(&vmap.lock);
	return page;
}

unsigned long vmalloc_to_pfn(const void *addr)
{
	struct page *page = vmalloc_to_page(addr);

	return page ? page_to_pfn(page) : 0;
}

/* /proc/vmallocinfo (mm/vmalloc.c s_show() and show_numa_info()), in address order */
void kmem_print_vmallocinfo(FILE *out)
{
	unsigned int per_node[MAX_NUMNODES];

	spin_lock(&vmap.lock);
	for (unsigned long i = 0; i < vmap.nr; i++) {
		const struct vm_struct *vm = vmap.area[i];

		if (vm->flags & VM_NOT_LIVE)
			continue;
		fprintf(out, "0x%016lx-0x%016lx %7ld %p pages=%u vmalloc", (unsigned long)vm->addr,
			area_end(vm), (long)vm->size, vm->caller, vm->nr_pages);
		memset(per_node, 0, sizeof(per_node));
		for (unsigned int p = 0; p < vm->nr_pages; p++)
			per_node[page_to_nid(vm->pages[p])]++;
		for (int nid = 0; nid < nr_online_nodes; nid++)
			if (per_node[nid])
				fprintf(out, " N%d=%u", nid, per_node[nid]);
		fputc('\n', out);
	}
	spin_unlock(&vmap.lock);
}

void kmem_vm_stats(struct kmem_vm_stats *out)
{
	memset(out, 0, sizeof(*out));
	spin_lock(&vmap.lock);
	out->vmalloc_areas = vmap.live;
	out->vmalloc_pages = vmap.pages;
	out->vmalloc_maps = vmap.maps;
	out->vmalloc_bytes = vmap.bytes;
	out->vmalloc_total = vmalloc_end - vmalloc_start;
	out->vmalloc_failed = vmap.failed;
	out->vfree_errors = vmap.vfree_errors;
	spin_unlock(&vmap.lock);
	highmem_stats(out);
}

/*
 * Reserve the range: the arch profile's size, or, where the kernel's range dwarfs any RAM
 * (x86_64: 32 TiB), what the model can use. Live areas never hold more than RAM, and each takes
 * one guard page more than its pages, so they span at most twice RAM; four times leaves first
 * fit room for holes. No more: PROT_NONE with MAP_NORESERVE costs the host neither memory nor
 * commit charge, but it counts against the address-space limit (ulimit -v), which a range of
 * a fixed 64 GiB made every boot exceed.
 */
int vmalloc_init(void)
{
	unsigned long range = VMALLOC_RAM_MULTIPLE * (unsigned long)kmem_rt.mem_bytes;
	struct zone *zone;
	void *base;

	/* an arch whose range is smaller than RAM (x86_32) */
	if (kmem_rt.arch->vmalloc_bytes)
		range = (unsigned long)kmem_rt.arch->vmalloc_bytes;
	base = vm_reserve(range);
	if (!base) {
		int err = -errno;

		fprintf(stderr, "kmem: cannot reserve %lu MiB of address space for vmalloc: %s%s\n",
			range >> 20, strerror(-err), as_limit_note());
		return err;
	}
	spin_lock(&vmap.lock);
	vmalloc_start = (unsigned long)base;
	vmalloc_end = vmalloc_start + range;
	vmap.totalram_pages = 0;
	for_each_populated_zone(zone)
		vmap.totalram_pages += zone->managed_pages;
	vmap.failed = vmap.vfree_errors = 0;
	spin_unlock(&vmap.lock);
	pthread_mutex_lock(&report_lock);
	vm_warn_rs = (struct ratelimit_state)VM_WARN_RS;
	pthread_mutex_unlock(&report_lock);
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

	spin_lock(&vmap.lock);
	for (unsigned long i = 0; i < vmap.nr; i++) {
		struct vm_struct *vm = vmap.area[i];

		if (vm->flags & VM_FREEING) {
			if ((unsigned long)vm->addr > from)
				vm_release((void *)from, (unsigned long)vm->addr - from);
			from = area_end(vm);
		}
		free(vm->pages);
		free(vm);
	}
	if (from < vmalloc_end)
		vm_release((void *)from, vmalloc_end - from);
	free(vmap.area);
	vmap.area = NULL;
	vmap.nr = vmap.cap = vmap.nr_packed = 0;
	vmap.live = vmap.pages = vmap.maps = vmap.bytes = 0;
	vmalloc_start = vmalloc_end = 0;
	spin_unlock(&vmap.lock);
}
