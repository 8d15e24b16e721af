/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page migration for pages whose owner knows how to move them: struct movable_operations, as
 * include/linux/migrate.h has it, and the marking that tells compaction a page has them.
 *
 * The owner of an allocated page (a driver in the kernel; the simulated page cache and the
 * workloads here) marks it with __SetPageMovable(page, ops). Compaction's migrate scanner then
 * may pick it: isolate_page() asks the owner to let go of it for a while (false: not now),
 * migrate_page() hands the owner a new page holding a copy of the data, on which the owner moves
 * its pointer and its marking, and putback_page() returns a page whose migration failed. The
 * page the owner held before is freed by migration, with the owner's reference.
 *
 * Linux 6.18 flags such a page PG_movable_ops and finds its ops through the page's type, one
 * registered set of ops per type (set_movable_ops()). The model does the same outside struct
 * page, which has no room for it: a byte per pfn, set and cleared with atomic stores, holds the
 * index of the page's ops in a small table that __SetPageMovable() fills on an ops' first use.
 * The migrate scanner reads only that byte before it asks the owner, so it never reads a field
 * that a concurrent allocation or the slab is writing. The owner clears the marking
 * (__ClearPageMovable()) before it frees the page.
 */
#ifndef _KMEM_LINUX_MIGRATE_H
#define _KMEM_LINUX_MIGRATE_H

#include <linux/mm.h>

/* isolate_mode_t: how hard the caller tries; the model's owners treat all alike */
typedef unsigned int isolate_mode_t;
#define ISOLATE_ASYNC_MIGRATE 0x4

enum migrate_mode {
	MIGRATE_ASYNC,
	MIGRATE_SYNC_LIGHT,
	MIGRATE_SYNC,
};

#define MIGRATEPAGE_SUCCESS 0

/**
 * struct movable_operations - how the owner of a movable page lets it be moved
 * @isolate_page: take @page out of the owner's use for migration; called without any allocator
 *	lock, possibly on a page the owner has just freed or is freeing, so it must check under
 *	its own lock that the page is still its and movable. Return: true when isolated.
 * @migrate_page: @dst holds a copy of @src's data; move the owner's pointer (and marking) from
 *	@src to @dst. Return: MIGRATEPAGE_SUCCESS, or -EAGAIN to keep @src (then putback_page).
 * @putback_page: give an isolated page that was not migrated back to the owner's use.
 */
struct movable_operations {
	bool (*isolate_page)(struct page *page, isolate_mode_t mode);
	int (*migrate_page)(struct page *dst, struct page *src, enum migrate_mode mode);
	void (*putback_page)(struct page *page);
};

/**
 * __SetPageMovable - mark @page, allocated and owned by the caller, as movable by @ops
 * @page: head of the block; compaction moves the whole block it was allocated as
 * @ops: the owner's operations; at most 15 different ones per boot
 *
 * Return: 0, or -ENOSPC when the table of ops is full (the page stays unmovable).
 */
int __SetPageMovable(struct page *page, const struct movable_operations *ops);
void __ClearPageMovable(struct page *page);
/* The ops @page is marked with, or NULL; the owner's isolate_page() must confirm it */
const struct movable_operations *page_movable_ops(const struct page *page);

static inline bool PageMovable(const struct page *page)
{
	return page_movable_ops(page) != NULL;
}

#endif
