// SPDX-License-Identifier: GPL-2.0
/*
 * The back-end registry: one static table built from KMEM_BACKENDS (backend.h), and the helpers
 * every back end shares to learn its zone's free ranges and to report buddyinfo.
 */
#include <string.h>

#include "backend.h"

#define KMEM_BACKEND_ENTRY(n) &n##_backend_ops,
static const struct page_backend_ops *const backends[] = { KMEM_BACKENDS(KMEM_BACKEND_ENTRY) };
#undef KMEM_BACKEND_ENTRY

int backend_count(void)
{
	return (int)ARRAY_SIZE(backends);
}

const struct page_backend_ops *backend_get(int i)
{
	if (i < 0 || i >= backend_count())
		return NULL;
	return backends[i];
}

const struct page_backend_ops *backend_find(const char *name)
{
	for (int i = 0; i < backend_count(); i++)
		if (!strcmp(backends[i]->name, name))
			return backends[i];
	return NULL;
}

void backend_for_each_free_run(struct zone *zone,
			       void (*fn)(struct zone *zone, unsigned long start, unsigned long end,
					  void *arg),
			       void *arg)
{
	unsigned long pfn = zone->zone_start_pfn, end = zone_end_pfn(zone);

	while (pfn < end) {
		unsigned long start;

		while (pfn < end && PageReserved(pfn_to_page(pfn)))
			pfn++;
		start = pfn;
		while (pfn < end && !PageReserved(pfn_to_page(pfn)))
			pfn++;
		if (pfn > start)
			fn(zone, start, pfn, arg);
	}
}

void backend_count_run_blocks(unsigned long start, unsigned long end,
			      unsigned long nr_blocks[NR_PAGE_ORDERS])
{
	while (start < end) {
		unsigned int order = backend_max_block_order(start, end);

		nr_blocks[order]++;
		start += 1UL << order;
	}
}
