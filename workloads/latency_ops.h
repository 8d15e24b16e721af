/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The calls the latency measurements time: one allocation and one free of a kind and size.
 * Shared by the latency workload (workloads/latency.c) and its Google Benchmark form
 * (bench/gbench/latency_bench.c), so that both time exactly the same calls with the same gfp flags.
 */
#ifndef _KMEM_WORKLOADS_LATENCY_OPS_H
#define _KMEM_WORKLOADS_LATENCY_OPS_H

#include <stdlib.h>

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

enum latency_kind {
	LAT_PAGES,   /* alloc_pages / __free_pages of an order */
	LAT_KMALLOC, /* kmalloc / kfree of a size */
	LAT_VMALLOC, /* vmalloc / vfree of a size */
	LAT_MALLOC,  /* the host's malloc / free (glibc) of a kmalloc size: the reference */
	LAT_NR_KINDS,
};

static const char *const latency_kind_names[LAT_NR_KINDS] = {
	[LAT_PAGES] = "pages",
	[LAT_KMALLOC] = "kmalloc",
	[LAT_VMALLOC] = "vmalloc",
	[LAT_MALLOC] = "malloc",
};

/* The kernel's kmalloc classes (mm/slab_common.c kmalloc_info[]) up to 2 pages */
static const unsigned long latency_kmalloc_sizes[] = { 8,   16,	 32,   64,   96,   128, 192,
						       256, 512, 1024, 2048, 4096, 8192 };

/* vmalloc sizes: 4 KiB times 4^i, up to 4 MiB */
#define LAT_NR_VMALLOC_SIZES 6

/* NULL on failure, without a warning: failures are counted, not printed */
static inline void *latency_alloc(enum latency_kind kind, unsigned long size, unsigned int order)
{
	switch (kind) {
	case LAT_PAGES:
		return alloc_pages(GFP_KERNEL | __GFP_NOWARN, order);
	case LAT_KMALLOC:
		return kmalloc(size, GFP_KERNEL | __GFP_NOWARN);
	case LAT_VMALLOC:
		return vmalloc(size);
	case LAT_MALLOC:
		return malloc(size);
	default:
		return NULL;
	}
}

static inline void latency_free(enum latency_kind kind, void *p, unsigned int order)
{
	switch (kind) {
	case LAT_PAGES:
		__free_pages(p, order);
		break;
	case LAT_KMALLOC:
		kfree(p);
		break;
	case LAT_VMALLOC:
		vfree(p);
		break;
	case LAT_MALLOC:
		free(p);
		break;
	default:
		break;
	}
}

#endif
