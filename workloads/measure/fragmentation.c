// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's fragmentation indices (mm/vmstat.c), over a buddyinfo-style count of free blocks
 * per order. See fragmentation.h.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fragmentation.h"

void fill_contig_page_info(const unsigned long nr_free[KMEM_NR_ORDERS], unsigned int order,
			   struct contig_page_info *info)
{
	info->free_pages = 0;
	info->free_blocks_total = 0;
	info->free_blocks_suitable = 0;
	for (unsigned int o = 0; o < KMEM_NR_ORDERS; o++) {
		unsigned long blocks = nr_free[o];

		info->free_blocks_total += blocks;
		info->free_pages += blocks << o;
		if (o >= order)
			info->free_blocks_suitable += blocks << (o - order);
	}
}

/*
 * The unusable free space index (Mel Gorman, 2010): the share of free pages that sit in blocks
 * too small for the requested order. Every suitable block of 2^order pages is usable; whatever
 * else is free is not:
 *
 *	index = (free_pages - (free_blocks_suitable << order)) * 1000 / free_pages
 *
 * With nothing free, all free memory is (vacuously) unusable: 1000.
 */
int unusable_free_index(unsigned int order, const struct contig_page_info *info)
{
	if (info->free_pages == 0)
		return 1000;
	return (int)((info->free_pages - (info->free_blocks_suitable << order)) * 1000ULL /
		     info->free_pages);
}

/*
 * The fragmentation index says, for an allocation that would fail, whether it fails for want
 * of memory (towards 0: reclaim would help) or because the memory is in pieces (towards 1000:
 * compaction would). With requested = 2^order pages:
 *
 *	index = 1000 - (1000 + free_pages * 1000 / requested) / free_blocks_total
 *
 * Few large blocks holding enough pages give a small index; many tiny blocks a large one. It is
 * meaningless while a suitable block exists: then -1000. Integer division throughout, as the
 * kernel's div_u64().
 */
int fragmentation_index(unsigned int order, const struct contig_page_info *info)
{
	unsigned long long requested = 1ULL << order;

	if (order >= KMEM_NR_ORDERS)
		return 0;
	if (!info->free_blocks_total)
		return 0;
	if (info->free_blocks_suitable)
		return -1000;
	/* may go below 0 (one block of half the size: -500), as the kernel's does */
	return (int)(1000 - (long long)((1000 + info->free_pages * 1000ULL / requested) /
					info->free_blocks_total));
}

void format_frag_index(int index, char *buf, unsigned long size)
{
	snprintf(buf, size, "%s%d.%03d", index < 0 ? "-" : "", abs(index) / 1000,
		 abs(index) % 1000);
}
