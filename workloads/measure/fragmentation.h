/* SPDX-License-Identifier: GPL-2.0 */
/*
 * External fragmentation of free memory, measured as the kernel measures it for
 * /sys/kernel/debug/extfrag/{unusable_index,extfrag_index} (mm/vmstat.c): from the number of free
 * blocks of each order alone, as /proc/buddyinfo shows them. The formulas are the kernel's, in
 * integer thousandths, so a value computed here and one read from a real kernel compare exactly.
 */
#ifndef _KMEM_WORKLOADS_FRAGMENTATION_H
#define _KMEM_WORKLOADS_FRAGMENTATION_H

#include <kmem/kmem.h>

/* What fill_contig_page_info() gathers for one requested order */
struct contig_page_info {
	unsigned long free_pages;	    /* sum of nr_free[o] << o */
	unsigned long free_blocks_total;    /* sum of nr_free[o] */
	unsigned long free_blocks_suitable; /* blocks of 2^order pages the free blocks could give */
};

void fill_contig_page_info(const unsigned long nr_free[KMEM_NR_ORDERS], unsigned int order,
			   struct contig_page_info *info);

/**
 * unusable_free_index - how much of the free memory cannot serve an allocation of @order
 * @order: 0 .. KMEM_NR_ORDERS - 1
 * @info: fill_contig_page_info() for @order
 *
 * Return: 0 (all free memory usable) to 1000 (none is); 1000 when nothing is free, as in the
 * kernel.
 */
int unusable_free_index(unsigned int order, const struct contig_page_info *info);

/**
 * fragmentation_index - why an allocation of @order would fail: lack of memory or its
 * fragmentation (the kernel's __fragmentation_index())
 * @order: 0 .. KMEM_NR_ORDERS - 1
 * @info: fill_contig_page_info() for @order
 *
 * Return: -1000 when the allocation would succeed (a suitable block is free); otherwise 0
 * (failure from lack of memory) to 1000 (failure from fragmentation); 0 when nothing is free
 * or @order is out of range.
 */
int fragmentation_index(unsigned int order, const struct contig_page_info *info);

/* "0.250", "-1.000": an index in thousandths as the kernel prints it ("%d.%03d") */
void format_frag_index(int index, char *buf, unsigned long size);

#endif
