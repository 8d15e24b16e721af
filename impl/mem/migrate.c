// SPDX-License-Identifier: GPL-2.0
/*
 * Page migration, after mm/migrate.c: moving one isolated movable block (see <linux/migrate.h>)
 * to a free block that the caller (compaction) has taken out of the back end.
 *
 * The kernel's migrate_pages() unmaps a folio, copies it and remaps it; for a page with
 * movable_operations (move_to_new_folio() on a movable_ops page) the copy and the pointer update
 * are the owner's migrate_page(). The model's owners only keep a pointer to the page, so the
 * data is copied here, through the direct map where both blocks have one and through the RAM
 * memfd for highmem, and the owner's migrate_page() moves its pointer. On success the old block
 * is freed with the owner's reference, as the kernel's migration drops the last reference to the
 * source folio; pgmigrate_success counts the pages moved. On failure the owner gets the old
 * block back (putback_page()) and the target stays free; pgmigrate_fail counts the pages.
 *
 * A block of order N moves as one unit, as 6.18 migrates a large folio whole (since 6.9 its
 * compaction_alloc() hands out a target of the folio's order): the owner's migrate_page() is
 * called once, with the two heads, every page is copied, and the old block is freed whole.
 * When the source is compound, the target is made compound too before the owner sees it (as
 * compaction_alloc() calls prep_compound_page() on it), so that the owner's last put_page()
 * finds the order it allocated. The counters count base pages, as migrate_pages_batch() adds
 * folio_nr_pages() to nr_succeeded and nr_failed_pages.
 *
 * It also owns the movable marking: movable_type[pfn] is 0, or 1 + the index in movable_ops of
 * the ops the page at @pfn was marked with (the model's PG_movable_ops and page type).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/migrate.h>

#include "internal.h"

#define NR_MOVABLE_OPS 15

/* Filled once per ops and never emptied: the ops are owners' constants, valid across boots */
static const struct movable_operations *movable_ops[NR_MOVABLE_OPS];
static unsigned char *movable_type;
static unsigned long movable_nr_pages;

int migrate_init(unsigned long nr_pages)
{
	movable_type = calloc(nr_pages, 1);
	if (!movable_type)
		return -ENOMEM;
	movable_nr_pages = nr_pages;
	return 0;
}

void migrate_exit(void)
{
	free(movable_type);
	movable_type = NULL;
	movable_nr_pages = 0;
}

int __SetPageMovable(struct page *page, const struct movable_operations *ops)
{
	unsigned long pfn = page_to_pfn(page);

	if (!movable_type || pfn >= movable_nr_pages)
		return -ENODEV;
	for (int i = 0; i < NR_MOVABLE_OPS; i++) {
		const struct movable_operations *cur = NULL;

		if (!__atomic_compare_exchange_n(&movable_ops[i], &cur, ops, false,
						 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE) &&
		    cur != ops)
			continue;
		__atomic_store_n(&movable_type[pfn], (unsigned char)(i + 1), __ATOMIC_RELEASE);
		return 0;
	}
	return -ENOSPC;
}

void __ClearPageMovable(struct page *page)
{
	unsigned long pfn = page_to_pfn(page);

	if (movable_type && pfn < movable_nr_pages)
		__atomic_store_n(&movable_type[pfn], 0, __ATOMIC_RELEASE);
}

const struct movable_operations *page_movable_ops(const struct page *page)
{
	unsigned long pfn = page_to_pfn(page);
	unsigned char t;

	if (!movable_type || pfn >= movable_nr_pages)
		return NULL;
	t = __atomic_load_n(&movable_type[pfn], __ATOMIC_ACQUIRE);
	return t ? __atomic_load_n(&movable_ops[t - 1], __ATOMIC_ACQUIRE) : NULL;
}

/* copy_highpage(), a block at a time: the memfd is the RAM behind both mappings */
static int copy_block(struct page *dst, struct page *src, unsigned int order)
{
	unsigned long spfn = page_to_pfn(src), dpfn = page_to_pfn(dst);
	char buf[PAGE_SIZE];

	if (spfn < max_low_pfn && dpfn < max_low_pfn) {
		memcpy(page_to_virt(dst), page_to_virt(src), PAGE_SIZE << order);
		return 0;
	}
	for (unsigned long i = 0; i < (1UL << order); i++) {
		if (pread(physmem_fd(), buf, PAGE_SIZE, (off_t)((spfn + i) << PAGE_SHIFT)) !=
			    (ssize_t)PAGE_SIZE ||
		    pwrite(physmem_fd(), buf, PAGE_SIZE, (off_t)((dpfn + i) << PAGE_SHIFT)) !=
			    (ssize_t)PAGE_SIZE)
			return -EIO;
	}
	return 0;
}

int migrate_movable_page(struct page *src, struct page *dst, unsigned int order, int mode)
{
	const struct movable_operations *ops = page_movable_ops(src);
	unsigned long spfn = page_to_pfn(src), dpfn = page_to_pfn(dst);
	bool compound = order && PageHead(src);
	/* read now: once migrate_page() has published @dst, its owner may free it at any time */
	struct zone *zone = page_zone(dst);
	int rc = -EAGAIN;

	/* the target becomes an allocated block as post_alloc_hook() leaves one */
	page_state_set_allocated(dpfn, order, page_state_migratetype(spfn));
	INIT_LIST_HEAD(&dst->lru);
	dst->private = 0;
	dst->index = 0;
	set_page_count(dst, 1);
	if (compound)
		prep_compound_page(dst, order);
	if (ops && !copy_block(dst, src, order))
		rc = ops->migrate_page(dst, src, (enum migrate_mode)mode);
	if (rc != MIGRATEPAGE_SUCCESS) {
		if (compound)
			destroy_compound_page(dst, order);
		/* a free page is zero under init_on_free, and the copy may have written this one */
		if (unlikely(want_init_on_free()) && ops)
			kernel_init_pages(dst, 1UL << order);
		set_page_count(dst, 0);
		page_state_set_free(dpfn, order);
		if (ops)
			ops->putback_page(src);
		count_vm_events(PGMIGRATE_FAIL, 1UL << order);
		return rc;
	}
	count_vm_events(PGMIGRATE_SUCCESS, 1UL << order);
	/*
	 * The free of the source counts in pgfree, so the target counts in pgalloc: that keeps
	 * pgalloc - pgfree the pages held. (The kernel's compaction takes its targets with
	 * __isolate_free_page(), which counts no allocation, so its two drift apart.)
	 */
	__atomic_fetch_add(&this_cpu_pageset(zone)->alloc[order], 1, __ATOMIC_RELAXED);
	__free_pages(src, order);
	return MIGRATEPAGE_SUCCESS;
}
