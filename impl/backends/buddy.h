/* SPDX-License-Identifier: GPL-2.0 */
/* The buddy allocator's pieces that its variants (buddy_nogroup.c) share. Internal. */
#ifndef _KMEM_BUDDY_H
#define _KMEM_BUDDY_H

#include "backend.h"

/* Build the free lists with every pageblock tagged @pageblock_mt */
int buddy_init_typed(struct zone *zone, int pageblock_mt);
void buddy_destroy(struct zone *zone);
void buddy_free(struct zone *zone, struct page *page, unsigned int order);
void buddy_free_area(const struct zone *zone, unsigned long nr_blocks[NR_PAGE_ORDERS]);
/* isolate_free: the free block that starts at @pfn, if any, below @max_order */
bool buddy_has_free_block(const struct zone *zone, unsigned int order, unsigned int alloc_flags);
int buddy_isolate_free(struct zone *zone, unsigned long pfn, unsigned int max_order);
/* The smallest free block of at least @order on @mt's lists, split down to @order; or NULL */
struct page *buddy_rmqueue_smallest(struct zone *zone, unsigned int order, int mt);

#endif
