/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Snapshot boot from a capture bundle (results/bundle.h): the bundle's host profile
 * (before.zoneinfo, before.sysctl) and its physical memory as a struct kmem_snapshot for
 * kmem_config.snapshot, made from before.kpageflags.gz, before.kpagecount.gz and
 * before.pagetypeinfo; then, once the model has booted from it, the model's free blocks against
 * the kernel's before.buddyinfo and before.pagetypeinfo.
 *
 * Free blocks. Linux 6.18's /proc/kpageflags sets KPF_BUDDY on every page of a free block, the
 * first (PageBuddy) and the rest (page_count 0 and is_free_buddy_page(), fs/proc/page.c), and
 * exports no order. A run of KPF_BUDDY pages within a zone is cut into the largest naturally
 * aligned blocks, at most MAX_PAGE_ORDER, that tile it: the kernel's own blocks wherever its
 * buddies had merged, which they do on every free. (A kernel that flags only the first page
 * gives order-0 blocks here: the comparison with buddyinfo shows it.)
 *
 * Other pages. KPF_NOPAGE (a hole), KPF_RESERVED and KPF_OFFLINE (memory the kernel does not
 * manage: firmware and memblock ranges, unplugged virtio-mem or balloon pages) are reserved, and
 * so is every whole memory section (128 MiB, aligned) whose pages all show no flag and a count
 * of 0: that is how a 6.18 guest shows its PCI hole and the virtio-mem memory it has not plugged
 * (their memmap exists, so KPF_NOPAGE is not set). A pageblock would be too small a unit: the
 * per-CPU lists can hold all of one, and their pages show no flag either.
 * (snapshot_zone.snapshot_managed against zoneinfo's managed tells how near this comes.) Every
 * other page is in use, and the model gives it to a pre-existing owner. Pages on the
 * kernel's per-CPU lists are among them: kpageflags cannot tell them from pages in use, and
 * zoneinfo's pagesets give their number (snapshot_zone.pcp_pages).
 *
 * Pageblock types. kpageflags says which pages in use are movable (KPF_LRU, KPF_ANON,
 * KPF_SWAPBACKED, KPF_MMAP, KPF_THP, KPF_HUGE: user and page-cache memory) and which are not
 * (every other page in use: slab, page tables, kernel allocations without a flag);
 * before.pagetypeinfo says how many pageblocks of each type a zone has. The rule: rank a zone's
 * pageblocks by their count of non-movable pages, most first (then by KPF_SLAB pages, then by
 * pfn); the first (Unmovable + Reclaimable + HighAtomic) of them are not movable, the rest are
 * Movable. Among those not movable, the Reclaimable count goes to the pageblocks most made of
 * slab (reclaimable slab caches are the only reclaimable pages kpageflags shows), the
 * HighAtomic count to those with the most free pages (a reserve is taken by high-order
 * allocations, so it is mostly free), the rest is Unmovable. Each zone gets pagetypeinfo's
 * counts exactly (types the model lacks, CMA and Isolate, count as Movable: a pageblock is
 * isolated only while it is being offlined or allocated as a range); what the rule cannot
 * reproduce is which pageblocks they were: snapshot_zone.against_flags counts the pageblocks
 * typed against the majority of their pages, and the free blocks that the model then keeps on
 * another type's list than the kernel did are counted by snapshot_compare().
 */
#ifndef _KMEM_WORKLOADS_TRACE_SNAPSHOT_READ_H
#define _KMEM_WORKLOADS_TRACE_SNAPSHOT_READ_H

#include <stdio.h>

#include <kmem/kmem.h>

#include "results/procfs.h"

/* What the snapshot makes of one zone of the host profile */
struct snapshot_zone {
	int node;
	char name[16];
	unsigned long managed;		/* zoneinfo's figure, which the model boots with */
	unsigned long snapshot_managed; /* its pages that kpageflags does not show reserved */
	unsigned long pcp_pages;	/* on the per-CPU lists: zoneinfo's pagesets' counts */
	unsigned long free_pages;	/* in free blocks, from kpageflags */
	unsigned long free_blocks[KMEM_NR_ORDERS];
	/* pageblocks of each model type: pagetypeinfo's counts, and the rule's */
	unsigned long pageblocks_kernel[KMEM_NR_MIGRATETYPES];
	unsigned long pageblocks[KMEM_NR_MIGRATETYPES];
	/* pageblocks whose type goes against the majority of their pages in use */
	unsigned long against_flags;
	/* pageblocks of types the model lacks (CMA, Isolate), counted as Movable */
	unsigned long other_types;
};

struct snapshot_data {
	struct kmem_host_profile host;
	struct kmem_snapshot snap;
	int nr_zones; /* as host.zones */
	struct snapshot_zone zones[KMEM_HOST_MAX_NODES * KMEM_HOST_MAX_ZONES];
	/* free pages kpageflags shows outside every zone zoneinfo manages: made reserved */
	unsigned long free_outside;
	struct procfs_free buddyinfo, pagetypeinfo; /* the bundle's before.X */
	unsigned char *pfn_state;
	signed char *pageblock_mt;
	char error[512]; /* why snapshot_read() failed: one line naming the file */
};

/**
 * snapshot_read - a bundle's host profile and snapshot
 * @dir: the bundle directory
 * @d: filled in; snapshot_release() frees it, also after a failure
 *
 * Return: 0, or a negative errno with @d->error naming the file at fault.
 */
int snapshot_read(const char *dir, struct snapshot_data *d);
void snapshot_release(struct snapshot_data *d);

/* Totals of snapshot_compare() */
struct snapshot_diff {
	unsigned long orders_differ; /* (zone, order) pairs where the block counts differ */
	unsigned long blocks_differ; /* sum of |model - kernel| blocks over them */
	unsigned long pages_differ;  /* the same weighted by 2^order */
	unsigned long kernel_free;   /* pages free in before.buddyinfo */
	unsigned long pcp_pages;     /* on the kernel's per-CPU lists (zoneinfo) */
	unsigned long typed_differ;  /* free blocks on another type's list than the kernel's */
	unsigned long
		pageblocks_differ; /* sum of |model - kernel| pageblocks over zones and types */
};

/**
 * snapshot_compare - the booted model against the bundle's before.buddyinfo (per zone and
 * order) and before.pagetypeinfo (pageblocks per type, free blocks per type and order)
 * @d: what the model booted from
 * @out: a table per zone, kernel and model side by side; NULL for none
 * @diff: the totals
 *
 * Return: 0, or -ENOENT when a zone of buddyinfo is not in the model.
 */
int snapshot_compare(const struct snapshot_data *d, FILE *out, struct snapshot_diff *diff);

#endif
