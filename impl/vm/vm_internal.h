/* SPDX-License-Identifier: GPL-2.0 */
/*
 * impl/vm's own interface: the busy areas of the vmalloc range (vmalloc.c, which owns them) as
 * vmap.c uses them for vmap(), vm_map_ram() and vrealloc(), and the host mappings of an area's
 * pages (vm_host.c). Every area, whatever made it, is a struct vm_struct in one address-sorted
 * set; vm_struct.mapped is the model's host-owned array of what is mapped, so one unmap and one
 * vmalloc_to_page() serve all of them.
 *
 * Life of an area: vm_area_get() takes a block (flagged VM_UNINITIALIZED: found by no lookup,
 * reused by no one), the caller fills vm->mapped and calls vm_area_map(), then
 * vm_area_activate() makes it live, or vm_area_put() gives it up. vm_area_unlink() takes a live
 * area out of the live set (flagged VM_FREEING), vm_area_unmap() unmaps it and vm_area_put()
 * gives the block back.
 */
#ifndef _KMEM_VM_INTERNAL_H
#define _KMEM_VM_INTERNAL_H

#include <linux/vmalloc.h>

/* Model-private vm_struct flags, above the kernel's (its bits 20..31 are arch ioremap ones) */
#define VM_RAM	    0x40000000UL /* a vm_map_ram() mapping: no vm_struct in the kernel */
#define VM_FREEING  0x80000000UL /* being torn down: its addresses are not free yet */
#define VM_NOT_LIVE (VM_UNINITIALIZED | VM_FREEING)

/* vmalloc.c: the busy areas */

/*
 * A new area of @size bytes of pages (plus a guard page unless @flags has VM_NO_GUARD) at the
 * lowest address of [@lo, @hi) aligned to @align (a power of two), with @flags |
 * VM_UNINITIALIZED. NULL when @align is no power of two or no block fits (reported unless
 * @gfp has __GFP_NOWARN), or the host refused the bookkeeping.
 */
struct vm_struct *vm_area_get(unsigned long size, unsigned long align, unsigned long lo,
			      unsigned long hi, unsigned long flags, gfp_t gfp, const void *caller);
/* Pages the zones manage, counted at boot: no area may hold more (the kernel's totalram_pages()) */
unsigned long vm_totalram_pages(void);
/* A mapped area becomes live: found, listed, counted */
void vm_area_activate(struct vm_struct *vm);
/*
 * Take the live area that starts at @addr out of the live set: a vm_map_ram() one (@ram) or
 * one of the others. When there is none, @report(@addr, inside) runs under the lock, with the
 * live area of that kind holding @addr or NULL, so that it may name the area safely; NULL is
 * returned and the call is counted as a bad free.
 */
struct vm_struct *vm_area_unlink(const void *addr, bool ram,
				 void (*report)(const void *addr, const struct vm_struct *inside));
/*
 * The end of an area that is not live (never activated, or unlinked and unmapped): its block
 * goes back and the vm_struct and vm->mapped are freed (vm->pages only as vm->mapped). When
 * @withdrawn (its mapping state unknown after a refused unmap), the block stays reserved until
 * shutdown instead.
 */
void vm_area_put(struct vm_struct *vm, bool withdrawn);

/* vm_host.c: an area's pages on the host */

/* Why vm_area_map() failed, for vm_report_map_failure() */
struct vm_map_failure {
	int err;	   /* the failed mmap()'s -errno */
	unsigned int bad;  /* the page whose mapping failed */
	unsigned int runs; /* mappings made before it */
	bool lost;	   /* even the undo failed: the block must stay reserved */
};

/*
 * Map vm->mapped[0 .. vm->nr_mapped) at vm->addr in that order, one host mapping per run of
 * consecutive pfns; read-only without _PAGE_RW in @prot; huge (@huge: the host may use a PMD
 * where address and pfn are 2 MiB-aligned). 0, or -errno with nothing left mapped and @fail
 * filled in.
 */
int vm_area_map(struct vm_struct *vm, pgprot_t prot, bool huge, struct vm_map_failure *fail);
/* The report after a failed vm_area_map() of @vm: the limit it hit, if that was the cause */
void vm_report_map_failure(const struct vm_struct *vm, const struct vm_map_failure *fail);
/* Reset the reports' rate limit, at boot */
void vm_host_reset(void);
/* Unmap an unlinked area; false (reported) when the host refused */
bool vm_area_unmap(const struct vm_struct *vm);

#endif
