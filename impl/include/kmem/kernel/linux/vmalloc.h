/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtually contiguous memory, after include/linux/vmalloc.h. vmalloc() takes a block of
 * addresses from [VMALLOC_START, VMALLOC_END), allocates its pages one at a time from any zone
 * (highmem too) and maps each page there, so the area is contiguous to its user while its pages
 * are scattered. Every page stays reachable through its direct-map address (or kmap() when it
 * is a highmem page) as well: both addresses are mappings of the same page of RAM.
 *
 * An area is followed by one unmapped guard page, as in the kernel; vm_struct.size counts it
 * (get_vm_area_size() does not), which is the size /proc/vmallocinfo shows.
 */
#ifndef _KMEM_LINUX_VMALLOC_H
#define _KMEM_LINUX_VMALLOC_H

#include <linux/gfp.h>
#include <linux/mm.h>

/* Set at boot: the model reserves the range then, wherever the host has room for it */
extern unsigned long vmalloc_start, vmalloc_end;
#define VMALLOC_START vmalloc_start
#define VMALLOC_END   vmalloc_end

/* vm_struct.flags: the kernel's values for the flags the model uses */
#define VM_ALLOC	 0x00000002 /* vmalloc() and friends */
#define VM_UNINITIALIZED 0x00000020 /* pages not mapped yet: not listed, not found */

struct vm_struct {
	void *addr;
	unsigned long size; /* bytes of address space, the guard page included */
	unsigned long flags;
	struct page **pages; /* [nr_pages], in address order */
	unsigned int nr_pages;
	unsigned int nr_maps; /* host mappings (VMAs) the pages took: one per run of pfns */
	const void *caller;   /* return address of the vmalloc() call */
};

static inline size_t get_vm_area_size(const struct vm_struct *area)
{
	return area->size - PAGE_SIZE;
}

/**
 * vmalloc - allocate virtually contiguous memory
 * @size: bytes, rounded up to whole pages
 *
 * Sleeps as GFP_KERNEL allocations may. The pages may come from any zone, highmem included.
 * Return: the area's address, or NULL (with one "vmalloc error" warning) when @size is 0 or
 * larger than RAM, or when pages or host mappings run out; nothing is left allocated then.
 */
void *vmalloc(unsigned long size);
/* vmalloc() of zeroed memory */
void *vzalloc(unsigned long size);
/* vmalloc() with pages from node @node first (NUMA_NO_NODE: the calling CPU's node) */
void *vmalloc_node(unsigned long size, int node);
void *vzalloc_node(unsigned long size, int node);
/* vmalloc() with @gfp_mask for the pages; __GFP_HIGHMEM is added unless GFP_DMA/GFP_DMA32 */
void *__vmalloc(unsigned long size, gfp_t gfp_mask);

/**
 * vfree - release memory allocated by vmalloc()
 * @addr: the address vmalloc() returned, or NULL (nothing happens)
 *
 * Any other address (foreign, inside an area, already freed) is reported as the kernel warns
 * ("Trying to vfree() nonexistent vm area"), counted, and otherwise ignored.
 */
void vfree(const void *addr);

/* The area containing @addr (any offset, guard page included), or NULL */
struct vm_struct *find_vm_area(const void *addr);

/* The page mapped at @addr, which may point anywhere inside the page; NULL outside an area */
struct page *vmalloc_to_page(const void *addr);
/* page_to_pfn(vmalloc_to_page(@addr)), or 0 (a reserved firmware pfn) outside an area */
unsigned long vmalloc_to_pfn(const void *addr);

/* True for any address in the vmalloc range, whether an area holds it or not */
static inline bool is_vmalloc_addr(const void *x)
{
	unsigned long addr = (unsigned long)x;

	return addr >= VMALLOC_START && addr < VMALLOC_END;
}

#endif
