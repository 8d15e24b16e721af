/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-CPU allocator, after include/linux/percpu.h of 6.18: alloc_percpu() gives every
 * possible CPU its own zeroed copy of an object, reached with per_cpu_ptr() and the this_cpu
 * operations of <linux/percpu-defs.h>. The memory is the model's: chunks of its own pages
 * (impl/mem/percpu.c), so they count in nr_free_pages() as the kernel's count in its meminfo.
 */
#ifndef _KMEM_LINUX_PERCPU_H
#define _KMEM_LINUX_PERCPU_H

#include <linux/gfp.h>
#include <linux/percpu-defs.h>

/* The largest allocation (PFN_ALIGN(32 << 10)) and the granule sizes are rounded up to */
#define PCPU_MIN_UNIT_SIZE   (32UL << 10)
#define PCPU_MIN_ALLOC_SHIFT 2
#define PCPU_MIN_ALLOC_SIZE  (1 << PCPU_MIN_ALLOC_SHIFT)

/* The model's CPUs, set at boot (0 while it is down): every one is possible, and online */
extern unsigned int pcpu_nr_units;

#ifndef for_each_possible_cpu
/* <linux/cpumask.h>'s, over the model's CPUs */
#define for_each_possible_cpu(cpu) for ((cpu) = 0; (cpu) < (__typeof__(cpu))pcpu_nr_units; (cpu)++)
#endif
#ifndef num_possible_cpus
#define num_possible_cpus() pcpu_nr_units
#endif

/**
 * pcpu_alloc_noprof - allocate a zeroed object for every possible CPU
 * @size: bytes, 1 to PCPU_MIN_UNIT_SIZE, rounded up to PCPU_MIN_ALLOC_SIZE
 * @align: a power of two up to PAGE_SIZE (below PCPU_MIN_ALLOC_SIZE means that)
 * @reserved: the kernel's reserved chunk (module static data); served as any allocation
 * @gfp: GFP_KERNEL, or a non-blocking mask; only GFP_KERNEL, __GFP_NORETRY and __GFP_NOWARN
 *	reach the pages, as in the kernel
 *
 * Return: the __percpu pointer, or NULL: an illegal size or alignment (warned, as the kernel's
 * WARN), or no memory ("percpu: allocation failed, ..." for the first ten failures, as there),
 * either silent with __GFP_NOWARN.
 */
void __percpu *pcpu_alloc_noprof(size_t size, size_t align, bool reserved, gfp_t gfp);

#define __alloc_percpu_gfp(size, align, gfp) pcpu_alloc_noprof(size, align, false, gfp)
#define __alloc_percpu(size, align)	     pcpu_alloc_noprof(size, align, false, GFP_KERNEL)
#define __alloc_reserved_percpu(size, align) pcpu_alloc_noprof(size, align, true, GFP_KERNEL)
#define alloc_percpu_gfp(type, gfp) \
	((__typeof__(type) __percpu *)__alloc_percpu_gfp(sizeof(type), __alignof__(type), gfp))
#define alloc_percpu(type) \
	((__typeof__(type) __percpu *)__alloc_percpu(sizeof(type), __alignof__(type)))
#define alloc_percpu_noprof(type) alloc_percpu(type)

/**
 * free_percpu - free what alloc_percpu() returned
 * @ptr: the __percpu pointer, or NULL (nothing happens)
 *
 * A chunk left empty goes back at once, pages and all. Anything else (a CPU's copy instead of
 * the __percpu pointer, an address inside an object, one already freed) is reported, counted
 * and ignored.
 */
void free_percpu(void __percpu *ptr);

/* Pages the per-CPU allocator holds (the kernel's "Percpu:" of /proc/meminfo, in pages) */
unsigned long pcpu_nr_pages(void);

/* The physical address of a CPU's copy (per_cpu_ptr()'s result), or 0 for any other address */
phys_addr_t per_cpu_ptr_to_phys(void *addr);

#endif
