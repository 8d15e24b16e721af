// SPDX-License-Identifier: GPL-2.0
/*
 * buddy-nogroup: the buddy allocator with grouping by mobility switched off, as the kernel runs
 * when page_group_by_mobility_disabled is set (a machine too small for it). With one type there
 * is no fallback, so none of the anti-fragmentation machinery applies: no ALLOC_NOFRAGMENT,
 * no highatomic reserve, no watermark boost; the pagetypeinfo report says "not supported". Every
 * pageblock is MIGRATE_UNMOVABLE and every allocation, whatever its gfp migratetype, takes from
 * that one set of free lists, so movable and unmovable pages mix freely. Beside "buddy" it shows
 * what grouping buys: the fragmentation workload runs both.
 */
#include "buddy.h"

static int buddy_nogroup_init(struct zone *zone)
{
	return buddy_init_typed(zone, MIGRATE_UNMOVABLE);
}

static struct page *buddy_nogroup_alloc(struct zone *zone, unsigned int order,
					int migratetype __maybe_unused,
					unsigned int alloc_flags __maybe_unused)
{
	return buddy_rmqueue_smallest(zone, order, MIGRATE_UNMOVABLE);
}

const struct page_backend_ops buddy_nogroup_backend_ops = {
	.name = "buddy-nogroup",
	.summary = "binary buddy without grouping by mobility: one set of free lists for all pages",
	.init = buddy_nogroup_init,
	.destroy = buddy_destroy,
	.alloc = buddy_nogroup_alloc,
	.free = buddy_free,
	.free_area = buddy_free_area,
	.has_free_block = buddy_has_free_block,
	.isolate_free = buddy_isolate_free,
};
