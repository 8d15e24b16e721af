/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtually contiguous memory, after include/linux/vmalloc.h of Linux 6.18. vmalloc() takes a
 * block of addresses from [VMALLOC_START, VMALLOC_END), allocates its pages one at a time from
 * any zone (highmem too) and maps each page there, so the area is contiguous to its user while
 * its pages are scattered. Every page stays reachable through its direct-map address (or kmap()
 * when it is a highmem page) as well: both addresses are mappings of the same page of RAM.
 *
 * An area is followed by one unmapped guard page, as in the kernel; vm_struct.size counts it
 * (get_vm_area_size() does not), which is the size /proc/vmallocinfo shows.
 *
 * Beside vmalloc proper: vmap() maps pages the caller owns (they stay the caller's: vunmap()
 * unmaps them, nothing more), vm_map_ram() does the same without a vm_struct, and vrealloc()
 * resizes a vmalloc() area as 6.18 does (in place while the pages already held suffice).
 */
#ifndef _KMEM_LINUX_VMALLOC_H
#define _KMEM_LINUX_VMALLOC_H

#include <linux/gfp.h>
#include <linux/mm.h>

/* Set at boot: the model reserves the range then, 2 MiB-aligned, wherever the host has room */
extern unsigned long vmalloc_start, vmalloc_end;
#define VMALLOC_START vmalloc_start
#define VMALLOC_END   vmalloc_end
#define VMALLOC_TOTAL (VMALLOC_END - VMALLOC_START)

#ifndef PAGE_KERNEL
/*
 * Page protections, after arch/x86/include/asm/pgtable_types.h: the model honours _PAGE_RW
 * (without it a mapping is read-only, and a write faults); the other bits are carried as x86
 * sets them.
 */
typedef struct pgprot {
	unsigned long pgprot;
} pgprot_t;
#define pgprot_val(x)  ((x).pgprot)
#define __pgprot(x)    ((pgprot_t){ (x) })
#define _PAGE_PRESENT  0x001UL
#define _PAGE_RW       0x002UL
#define _PAGE_ACCESSED 0x020UL
#define _PAGE_DIRTY    0x040UL
#define _PAGE_GLOBAL   0x100UL
#define _PAGE_NX       (1UL << 63)
#define PAGE_KERNEL \
	__pgprot(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_KERNEL_RO __pgprot(_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_KERNEL_EXEC \
	__pgprot(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_GLOBAL)
#define pgprot_nx(prot) __pgprot(pgprot_val(prot) | _PAGE_NX)
#endif

/* x86: SHMLBA is a page, the alignment of areas meant for user mappings (vmalloc_user()) */
#ifndef SHMLBA
#define SHMLBA PAGE_SIZE
#endif

/* x86's huge mapping: vmalloc_huge() areas of at least this much get it where the model can */
#ifndef PMD_SHIFT
#define PMD_SHIFT 21
#define PMD_SIZE  (1UL << PMD_SHIFT)
#define PMD_MASK  (~(PMD_SIZE - 1))
#endif

/* vm_struct.flags, the kernel's values */
#define VM_IOREMAP	     0x00000001 /* ioremap() and friends */
#define VM_ALLOC	     0x00000002 /* vmalloc() and friends */
#define VM_MAP		     0x00000004 /* vmap()ed pages */
#define VM_USERMAP	     0x00000008 /* suitable for remap_vmalloc_range */
#define VM_DMA_COHERENT	     0x00000010 /* dma_alloc_coherent */
#define VM_UNINITIALIZED     0x00000020 /* pages not mapped yet: not listed, not found */
#define VM_NO_GUARD	     0x00000040 /* no guard page (refused by vmap(), as in the kernel) */
#define VM_KASAN	     0x00000080 /* has KASAN shadow (never in the model) */
#define VM_FLUSH_RESET_PERMS 0x00000100 /* reset the direct map on unmap (refused by vmap()) */
#define VM_MAP_PUT_PAGES     0x00000200 /* vfree() puts the pages and kvfree()s the array */
#define VM_ALLOW_HUGE_VMAP   0x00000400 /* huge mappings allowed (vmalloc_huge()) */
#define VM_DEFER_KMEMLEAK    0		/* only with KASAN in the kernel */
#define VM_SPARSE	     0x00001000 /* sparse area, not all pages present */

struct vm_struct {
	void *addr;
	unsigned long size; /* bytes of address space, the guard page included */
	unsigned long flags;
	/*
	 * vmalloc(): its pages, in address order. vmap(): NULL and 0, unless VM_MAP_PUT_PAGES
	 * gave vfree() the caller's array, as in the kernel.
	 */
	struct page **pages;
	unsigned int page_order; /* 9 for a vmalloc_huge() area mapped at 2 MiB, else 0 */
	unsigned int nr_pages;
	phys_addr_t phys_addr;
	const void *caller;	      /* return address of the vmalloc() call */
	unsigned long requested_size; /* the size asked for (vrealloc() works from it) */
	/* the model's own */
	struct page **mapped; /* [nr_mapped]: the pages mapped at addr, in order */
	unsigned int nr_mapped;
	unsigned int nr_maps; /* host mappings (VMAs) the pages took: one per run of pfns */
};

static inline size_t get_vm_area_size(const struct vm_struct *area)
{
	if (!(area->flags & VM_NO_GUARD))
		return area->size - PAGE_SIZE;
	return area->size;
}

/**
 * __vmalloc_node_range - allocate virtually contiguous memory, every parameter given
 * @size: bytes, rounded up to whole pages
 * @align: alignment of the area's address: any power of two (below a page means a page);
 *	an alignment no block of [@start, @end) can meet fails, as the kernel's does
 * @start: lowest address of the area, within [VMALLOC_START, VMALLOC_END)
 * @end: end of the range the area must lie in
 * @gfp_mask: flags for the pages; __GFP_HIGHMEM is added unless GFP_DMA or GFP_DMA32 is given
 * @prot: PAGE_KERNEL, or PAGE_KERNEL_RO for a read-only area
 * @vm_flags: VM_ALLOW_HUGE_VMAP (huge mappings where possible), VM_USERMAP, VM_NO_GUARD
 * @node: node to take the pages from first (NUMA_NO_NODE: the calling CPU's)
 * @caller: the caller's return address, shown by /proc/vmallocinfo
 *
 * Return: the area's address, or NULL with one "vmalloc error" warning (none with
 * __GFP_NOWARN) when @size is 0 or larger than RAM, no block fits, or pages or host mappings
 * run out; nothing is left allocated then.
 */
void *__vmalloc_node_range(unsigned long size, unsigned long align, unsigned long start,
			   unsigned long end, gfp_t gfp_mask, pgprot_t prot, unsigned long vm_flags,
			   int node, const void *caller);
/* __vmalloc_node_range() over the whole range, PAGE_KERNEL, no flags */
void *__vmalloc_node(unsigned long size, unsigned long align, gfp_t gfp_mask, int node,
		     const void *caller);

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
/* Zeroed, page-aligned memory meant to be mapped to user space (VM_USERMAP) */
void *vmalloc_user(unsigned long size);
/*
 * vmalloc() of pages a 32-bit device can address: GFP_DMA32 | GFP_KERNEL, so on x86_64 every
 * page is below 4 GiB (ZONE_DMA32 or ZONE_DMA), on x86_32 in lowmem (GFP_DMA32 names
 * ZONE_NORMAL there, and no highmem)
 */
void *vmalloc_32(unsigned long size);
void *vmalloc_32_user(unsigned long size);

/**
 * vmalloc_huge_node - vmalloc() that may map the area with huge pages
 * @size: bytes
 * @gfp_mask: flags for the pages
 * @node: node to take the pages from first, or NUMA_NO_NODE
 *
 * As the kernel on x86_64 (HAVE_ARCH_HUGE_VMALLOC): an area of at least PMD_SIZE is rounded up
 * to whole 2 MiB blocks, aligned to 2 MiB and backed by order-9 blocks, each split into
 * independent pages (vmalloc_to_page() and page_count() see order-0 pages, as in the kernel)
 * and mapped where the host can as one huge page (shmem THP of the RAM file); when no order-9
 * block is free it falls back to small pages, silently. Smaller areas, the x86_32 profile
 * (no huge vmalloc there) and __GFP_ACCOUNT areas (the model charges blocks, not split pages)
 * get small pages. Same semantics either way.
 */
void *vmalloc_huge_node(unsigned long size, gfp_t gfp_mask, int node);

static inline void *vmalloc_huge(unsigned long size, gfp_t gfp_mask)
{
	return vmalloc_huge_node(size, gfp_mask, NUMA_NO_NODE);
}

/* vmalloc() of @n * @size bytes; NULL when the product overflows */
void *__vmalloc_array(size_t n, size_t size, gfp_t flags);
void *vmalloc_array(size_t n, size_t size);
/* the same, zeroed */
void *__vcalloc(size_t n, size_t size, gfp_t flags);
void *vcalloc(size_t n, size_t size);

/**
 * vrealloc_node_align - resize a vmalloc() area, as 6.18's vrealloc_node_align_noprof()
 * @p: the area, or NULL (then it is a vmalloc())
 * @size: new size; 0 frees @p and returns NULL
 * @align: alignment of a new area; @p must already have it
 * @flags: gfp flags of a new area (__GFP_ZERO: bytes given up by a shrink are zeroed)
 * @nid: node of a new area, or NUMA_NO_NODE
 *
 * A shrink, or a growth within the pages @p already has, keeps @p (6.18 neither unmaps nor
 * maps pages in place); a larger size moves the contents to a new area and frees @p.
 * Return: the area, or NULL (@p untouched) on failure or for a @p vmalloc() did not return.
 */
void *vrealloc_node_align(const void *p, size_t size, unsigned long align, gfp_t flags, int nid);
#define vrealloc_node(p, size, flags, nid) vrealloc_node_align(p, size, 1, flags, nid)
#define vrealloc(p, size, flags)	   vrealloc_node_align(p, size, 1, flags, NUMA_NO_NODE)

/**
 * vfree - release memory allocated by vmalloc()
 * @addr: the address vmalloc() returned, or NULL (nothing happens)
 *
 * Also releases a vmap() area: its pages stay the caller's unless it was made with
 * VM_MAP_PUT_PAGES, whose pages are put and whose array is kvfree()d. Any other address
 * (foreign, inside an area, already freed, a vm_map_ram() mapping) is reported as the kernel
 * warns ("Trying to vfree() nonexistent vm area"), counted, and otherwise ignored.
 */
void vfree(const void *addr);
/* vfree() from any context: the model's vfree() never sleeps */
void vfree_atomic(const void *addr);

/**
 * vmap - map pages at virtually contiguous addresses
 * @pages: the pages, mapped in this order; they stay the caller's
 * @count: how many
 * @flags: VM_MAP usually; VM_MAP_PUT_PAGES hands pages and array to vfree(). VM_NO_GUARD is
 *	dropped and VM_FLUSH_RESET_PERMS refused, each with a warning, as in the kernel.
 * @prot: PAGE_KERNEL, or PAGE_KERNEL_RO for a read-only mapping
 *
 * Return: the address (followed by a guard page), or NULL: @count above RAM, a NULL or
 * foreign page (warned), no room, or the host refused the mappings.
 */
void *vmap(struct page **pages, unsigned int count, unsigned long flags, pgprot_t prot);
/**
 * vunmap - unmap what vmap() mapped
 * @addr: what vmap() returned, or NULL
 *
 * The pages are not freed, whatever the area's flags. Another address is reported ("Trying to
 * vunmap() nonexistent vm area") and ignored.
 */
void vunmap(const void *addr);

/**
 * vm_map_ram - map pages for a short while, without a vm_struct
 * @pages: the pages, mapped in this order; they stay the caller's
 * @count: how many
 * @node: node preference for bookkeeping (ignored)
 *
 * No guard page follows the mapping (the kernel carves small ones from per-CPU blocks), and
 * find_vm_area() does not see it, as in the kernel; vmalloc_to_page() does.
 * Return: the address, or NULL.
 */
void *vm_map_ram(struct page **pages, unsigned int count, int node);
/* Unmap what vm_map_ram() mapped; @count must be the one it was given (a mismatch is reported) */
void vm_unmap_ram(const void *mem, unsigned int count);
/* The kernel flushes lazily freed aliases; the model unmaps at once, so there are none */
static inline void vm_unmap_aliases(void)
{
}

/* The area (vmalloc() or vmap()) containing @addr (any offset, guard page included), or NULL */
struct vm_struct *find_vm_area(const void *addr);

/* The page mapped at @addr, which may point anywhere inside the page; NULL outside an area */
struct page *vmalloc_to_page(const void *addr);
/* page_to_pfn(vmalloc_to_page(@addr)), or 0 (a reserved firmware pfn) outside an area */
unsigned long vmalloc_to_pfn(const void *addr);

/* Pages held by vmalloc() areas, as the kernel's vmalloc_nr_pages() (VmallocUsed) */
unsigned long vmalloc_nr_pages(void);

/* True for any address in the vmalloc range, whether an area holds it or not */
static inline bool is_vmalloc_addr(const void *x)
{
	unsigned long addr = (unsigned long)x;

	return addr >= VMALLOC_START && addr < VMALLOC_END;
}

/* The model loads modules with dlopen(), outside the range: only vmalloc addresses count */
static inline int is_vmalloc_or_module_addr(const void *x)
{
	return is_vmalloc_addr(x);
}

/* True when @addr's area is mapped with huge pages (vmalloc_huge() that got them) */
static inline bool is_vm_area_hugepages(const void *addr)
{
	const struct vm_struct *vm = find_vm_area(addr);

	return vm && vm->page_order > 0;
}

#endif
