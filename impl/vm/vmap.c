// SPDX-License-Identifier: GPL-2.0
/*
 * What mm/vmalloc.c offers beside vmalloc() itself, on the areas of vmalloc.c: vmap() and
 * vunmap() (pages the caller owns, mapped in its order), vm_map_ram() and vm_unmap_ram()
 * (the same without a vm_struct, for short-lived mappings), vrealloc() and the array forms of
 * vmalloc().
 *
 * The kernel serves vm_map_ram() of up to VMAP_MAX_ALLOC pages from per-CPU vmap blocks, to
 * spare the global lock and the TLB flushes; the model has neither to spare, so every mapping
 * takes its own block of the range, without a guard page as there. The caller's page array is
 * copied (vm_struct.mapped) so that vmalloc_to_page() answers for these mappings as it does in
 * the kernel, which walks the page tables.
 */
#include <stdlib.h>
#include <string.h>

#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "internal.h"
#include "vm_internal.h"

/* A copy of @pages for vm->mapped, each checked as vmap_pages_range() does; NULL (warned) else */
static struct page **copy_pages(struct page **pages, unsigned int count, const char *where)
{
	struct page **copy;

	for (unsigned int i = 0; i < count; i++) {
		if (!pages[i]) {
			vm_warn(where, "%s: page %u of %u is NULL", where, i, count);
			return NULL;
		}
		if (pages[i] < mem_map || pages[i] >= mem_map + max_pfn ||
		    ((char *)pages[i] - (char *)mem_map) % sizeof(struct page)) {
			vm_warn(where, "%s: page %u of %u (%p) is not a struct page of mem_map",
				where, i, count, (void *)pages[i]);
			return NULL;
		}
	}
	copy = malloc((count ? count : 1) * sizeof(*copy));
	if (copy)
		memcpy(copy, pages, count * sizeof(*copy));
	return copy;
}

/* Map a copy of @pages in a new area: the body of vmap() and vm_map_ram() */
static void *map_pages(struct page **pages, unsigned int count, unsigned long flags, pgprot_t prot,
		       const char *where, const void *caller)
{
	struct vm_map_failure fail;
	struct vm_struct *vm;
	struct page **copy;

	copy = copy_pages(pages, count, where);
	if (!copy)
		return NULL;
	vm = vm_area_get((unsigned long)count << PAGE_SHIFT, PAGE_SIZE, VMALLOC_START, VMALLOC_END,
			 flags, GFP_KERNEL, caller);
	if (!vm) {
		free(copy);
		return NULL;
	}
	vm->mapped = copy;
	vm->nr_mapped = count;
	if (vm_area_map(vm, prot, false, &fail)) {
		vm_report_map_failure(vm, &fail);
		vm_area_put(vm, fail.lost);
		return NULL;
	}
	if (flags & VM_MAP_PUT_PAGES) {
		vm->pages = pages;
		vm->nr_pages = count;
	}
	vm_area_activate(vm);
	return vm->addr;
}

void *vmap(struct page **pages, unsigned int count, unsigned long flags, pgprot_t prot)
{
	if (flags & VM_FLUSH_RESET_PERMS) {
		vm_warn("mm/vmalloc.c vmap", "vmap: VM_FLUSH_RESET_PERMS is not for vmap()");
		return NULL;
	}
	/* someone else's guard page would be gone: the kernel warns and adds it back */
	if (flags & VM_NO_GUARD) {
		vm_warn("mm/vmalloc.c vmap", "vmap: VM_NO_GUARD dropped");
		flags &= ~VM_NO_GUARD;
	}
	if (!nr_online_nodes || !count || count > vm_totalram_pages())
		return NULL;
	return map_pages(pages, count, flags & ~(VM_RAM | VM_NOT_LIVE), prot, "vmap",
			 __builtin_return_address(0));
}

static void report_bad_vunmap(const void *addr, const struct vm_struct *inside)
{
	(void)inside;
	vm_warn("mm/vmalloc.c vunmap", "Trying to vunmap() nonexistent vm area (%p)", addr);
}

/* vunmap: the mapping goes, the pages and the array stay whoever's they were, as in the kernel */
void vunmap(const void *addr)
{
	struct vm_struct *vm;

	if (!addr)
		return;
	vm = vm_area_unlink(addr, false, report_bad_vunmap);
	if (vm)
		vm_area_put(vm, !vm_area_unmap(vm));
}

void *vm_map_ram(struct page **pages, unsigned int count, int node)
{
	(void)node;
	if (!nr_online_nodes || !count || count > vm_totalram_pages())
		return NULL;
	return map_pages(pages, count, VM_RAM | VM_NO_GUARD, PAGE_KERNEL, "vm_map_ram",
			 __builtin_return_address(0));
}

static void report_bad_vm_unmap_ram(const void *addr, const struct vm_struct *inside)
{
	if (inside)
		vm_warn("mm/vmalloc.c vm_unmap_ram",
			"vm_unmap_ram(%p): inside the mapping at %p, not its start", addr,
			inside->addr);
	else
		vm_warn("mm/vmalloc.c vm_unmap_ram", "vm_unmap_ram(%p): no vm_map_ram() mapping",
			addr);
}

/*
 * vm_unmap_ram: the kernel BUG()s on an address outside the range and trusts @count; the model
 * reports both and, for a wrong @count, unmaps the whole mapping all the same (what the kernel
 * does for one made outside a vmap block)
 */
void vm_unmap_ram(const void *mem, unsigned int count)
{
	struct vm_struct *vm;

	vm = vm_area_unlink(mem, true, report_bad_vm_unmap_ram);
	if (!vm)
		return;
	if (count != vm->nr_mapped)
		vm_warn("mm/vmalloc.c vm_unmap_ram",
			"vm_unmap_ram(%p, %u): the mapping has %u pages", mem, count,
			vm->nr_mapped);
	vm_area_put(vm, !vm_area_unmap(vm));
}

void *__vmalloc_array(size_t n, size_t size, gfp_t flags)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return __vmalloc_node(bytes, 1, flags, NUMA_NO_NODE, __builtin_return_address(0));
}

void *vmalloc_array(size_t n, size_t size)
{
	return __vmalloc_array(n, size, GFP_KERNEL);
}

void *__vcalloc(size_t n, size_t size, gfp_t flags)
{
	return __vmalloc_array(n, size, flags | __GFP_ZERO);
}

void *vcalloc(size_t n, size_t size)
{
	return __vmalloc_array(n, size, GFP_KERNEL | __GFP_ZERO);
}

/*
 * vrealloc, as 6.18's vrealloc_node_align_noprof(): vm->requested_size is the size in use,
 * get_vm_area_size() what the pages hold. Shrinking keeps the pages (zeroing what was given up
 * when __GFP_ZERO asks, so that growing back within them reads zeros); growing within them is
 * free; beyond them, or onto another node for __GFP_THISNODE, the contents move.
 */
void *vrealloc_node_align(const void *p, size_t size, unsigned long align, gfp_t flags, int nid)
{
	struct vm_struct *vm = NULL;
	size_t old_size = 0, alloced_size = 0;
	void *n;

	if (!size) {
		vfree(p);
		return NULL;
	}
	if (p) {
		vm = find_vm_area(p);
		if (!vm || vm->addr != p || !(vm->flags & VM_ALLOC)) {
			vm_warn("mm/vmalloc.c vrealloc",
				"Trying to vrealloc() nonexistent vm area (%p)", p);
			return NULL;
		}
		alloced_size = get_vm_area_size(vm);
		old_size = vm->requested_size;
		if ((unsigned long)p & (align - 1)) {
			vm_warn("mm/vmalloc.c vrealloc",
				"will not reallocate with a bigger alignment (0x%lx)", align);
			return NULL;
		}
		if ((flags & __GFP_THISNODE) && nid != NUMA_NO_NODE &&
		    nid != page_to_nid(vm->pages[0]))
			goto need_realloc;
		if (size <= old_size) {
			if (flags & __GFP_ZERO)
				memset((char *)p + size, 0, old_size - size);
			vm->requested_size = size;
			return (void *)p;
		}
		if (size <= alloced_size) {
			vm->requested_size = size;
			return (void *)p;
		}
	}
need_realloc:
	n = __vmalloc_node(size, align, flags, nid, __builtin_return_address(0));
	if (!n)
		return NULL;
	if (p) {
		memcpy(n, p, old_size < size ? old_size : size);
		vfree(p);
	}
	return n;
}
