// SPDX-License-Identifier: GPL-2.0
/*
 * A capture bundle into a snapshot boot, and the booted model against the bundle (the rules
 * are in snapshot_read.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "results/bundle.h"
#include "snapshot_read.h"

/* include/uapi/linux/kernel-page-flags.h, and KPF_RESERVED of include/linux/kernel-page-flags.h */
#define KPF_LRU	       5
#define KPF_SLAB       7
#define KPF_BUDDY      10
#define KPF_MMAP       11
#define KPF_ANON       12
#define KPF_SWAPBACKED 14
#define KPF_HUGE       17
#define KPF_NOPAGE     20
#define KPF_THP	       22
#define KPF_OFFLINE    23
#define KPF_RESERVED   32

#define BIT(n) (1ULL << (n))
#define KPF_MOVABLE                                                                          \
	(BIT(KPF_LRU) | BIT(KPF_ANON) | BIT(KPF_SWAPBACKED) | BIT(KPF_MMAP) | BIT(KPF_THP) | \
	 BIT(KPF_HUGE))
#define KPF_NOT_MANAGED (BIT(KPF_NOPAGE) | BIT(KPF_RESERVED) | BIT(KPF_OFFLINE))

/* The pageblock order both the kernel's pagetypeinfo and the model must have (x86-64's) */
#define SNAP_PB_ORDER 9
#define SNAP_PB_PAGES (1UL << SNAP_PB_ORDER)
/* A memory section of x86-64 (128 MiB): what memory is plugged and onlined by */
#define SNAP_SECTION_PAGES (1UL << 15)

/* The model's migratetypes, in kmem_migratetype_names[] order */
enum { MT_UNMOVABLE, MT_MOVABLE, MT_RECLAIMABLE, MT_HIGHATOMIC };

static const char *const zone_names[KMEM_NR_ZONES] = { "DMA", "DMA32", "Normal", "HighMem" };

static int model_zone_idx(const char *name)
{
	for (int i = 0; i < KMEM_NR_ZONES; i++)
		if (!strcmp(name, zone_names[i]))
			return i;
	return -1;
}

static int model_type(const char *name)
{
	for (int mt = 0; mt < KMEM_NR_MIGRATETYPES; mt++)
		if (!strcmp(name, kmem_migratetype_names[mt]))
			return mt;
	return -1;
}

/* zoneinfo's pagesets: the "count:" of every CPU, added up per zone */
static void read_pcp_counts(struct snapshot_data *d, const char *text)
{
	for (int i = 0; i < d->nr_zones; i++) {
		long n = procfs_zoneinfo_pcp(text, d->zones[i].node, d->zones[i].name);

		d->zones[i].pcp_pages = n > 0 ? (unsigned long)n : 0;
	}
}

/*
 * The runs of free pages of zone @z's span cut into blocks; a KPF_BUDDY page that kpagecount
 * shows mapped was read while the kernel changed it, and is taken as in use
 */
static void zone_free_blocks(struct snapshot_data *d, struct snapshot_zone *z, unsigned long start,
			     unsigned long end, const uint64_t *flags, const uint64_t *count)
{
	unsigned char *st = d->pfn_state;

	for (unsigned long pfn = start; pfn < end;) {
		unsigned long run = pfn;

		while (run < end && (flags[run] & BIT(KPF_BUDDY)) &&
		       !(flags[run] & KPF_NOT_MANAGED) && !count[run])
			run++;
		while (pfn < run) {
			unsigned int order =
				pfn ? (unsigned int)__builtin_ctzl(pfn) : KMEM_NR_ORDERS;

			if (order > KMEM_NR_ORDERS - 1)
				order = KMEM_NR_ORDERS - 1;
			while ((1UL << order) > run - pfn)
				order--;
			st[pfn] = (unsigned char)order;
			memset(st + pfn + 1, KMEM_SNAP_FREE_TAIL, (1UL << order) - 1);
			z->free_blocks[order]++;
			z->free_pages += 1UL << order;
			pfn += 1UL << order;
		}
		pfn = run + 1;
	}
}

struct pb_rank {
	unsigned long pfn;
	unsigned long unmovable, movable, slab, free;
};

static int rank_not_movable(const void *a, const void *b)
{
	const struct pb_rank *x = a, *y = b;

	if (x->unmovable != y->unmovable)
		return x->unmovable > y->unmovable ? -1 : 1;
	if (x->slab != y->slab)
		return x->slab > y->slab ? -1 : 1;
	return x->pfn < y->pfn ? -1 : x->pfn > y->pfn;
}

/* the most slab per page not movable first: 2 * slab - unmovable, the non-slab pages against */
static int rank_reclaimable(const void *a, const void *b)
{
	const struct pb_rank *x = a, *y = b;
	long kx = 2 * (long)x->slab - (long)x->unmovable,
	     ky = 2 * (long)y->slab - (long)y->unmovable;

	if (kx != ky)
		return kx > ky ? -1 : 1;
	return x->pfn < y->pfn ? -1 : x->pfn > y->pfn;
}

static int rank_free(const void *a, const void *b)
{
	const struct pb_rank *x = a, *y = b;

	if (x->free != y->free)
		return x->free > y->free ? -1 : 1;
	return x->pfn < y->pfn ? -1 : x->pfn > y->pfn;
}

static void assign(struct snapshot_data *d, struct snapshot_zone *z, struct pb_rank *pb, size_t n,
		   int mt)
{
	for (size_t i = 0; i < n; i++) {
		bool movable_majority = pb[i].movable > pb[i].unmovable;

		d->pageblock_mt[pb[i].pfn >> SNAP_PB_ORDER] = (signed char)mt;
		z->pageblocks[mt]++;
		if (pb[i].movable != pb[i].unmovable && movable_majority != (mt == MT_MOVABLE))
			z->against_flags++;
	}
}

/* The rule of snapshot_read.h for zone @z: its pageblocks as pagetypeinfo's counts */
static int zone_pageblocks(struct snapshot_data *d, struct snapshot_zone *z, unsigned long start,
			   unsigned long end, const uint64_t *flags, unsigned long nr)
{
	const struct procfs_block_row *row = procfs_blocks_find(&d->pagetypeinfo, z->node, z->name);
	unsigned long want[KMEM_NR_MIGRATETYPES] = { 0 };
	struct pb_rank *pb;
	size_t n = 0, k, nr_r, nr_h;

	if (row)
		for (int t = 0; t < d->pagetypeinfo.nr_types; t++) {
			int mt = model_type(d->pagetypeinfo.types[t]);

			if (mt < 0) {
				z->other_types += row->count[t];
				mt = MT_MOVABLE;
			}
			want[mt] += row->count[t];
		}
	memcpy(z->pageblocks_kernel, want, sizeof(want));
	pb = calloc((end - start) / SNAP_PB_PAGES + 2, sizeof(*pb));
	if (!pb)
		return -ENOMEM;
	/* as pagetypeinfo counts them: every pageblock_nr_pages from the zone's first pfn */
	for (unsigned long pfn = start; pfn < end; pfn += SNAP_PB_PAGES) {
		unsigned long base = pfn & ~(SNAP_PB_PAGES - 1);
		struct pb_rank *r = &pb[n];

		if (pfn >= nr || (flags[pfn] & BIT(KPF_NOPAGE)))
			continue;
		r->pfn = base;
		for (unsigned long p = base; p < base + SNAP_PB_PAGES && p < nr; p++) {
			unsigned char st = d->pfn_state[p];

			if (p < start || p >= end || st == KMEM_SNAP_RESERVED)
				continue;
			if (st != KMEM_SNAP_USED)
				r->free++;
			else if (flags[p] & KPF_MOVABLE)
				r->movable++;
			else
				r->unmovable++;
			if (flags[p] & BIT(KPF_SLAB))
				r->slab++;
		}
		n++;
	}
	qsort(pb, n, sizeof(*pb), rank_not_movable);
	k = want[MT_UNMOVABLE] + want[MT_RECLAIMABLE] + want[MT_HIGHATOMIC];
	k = k < n ? k : n;
	/* of the pageblocks not movable: Reclaimable, then HighAtomic, then Unmovable */
	nr_r = want[MT_RECLAIMABLE] < k ? want[MT_RECLAIMABLE] : k;
	nr_h = want[MT_HIGHATOMIC] < k - nr_r ? want[MT_HIGHATOMIC] : k - nr_r;
	qsort(pb, k, sizeof(*pb), rank_reclaimable);
	assign(d, z, pb, nr_r, MT_RECLAIMABLE);
	qsort(pb + nr_r, k - nr_r, sizeof(*pb), rank_free);
	assign(d, z, pb + nr_r, nr_h, MT_HIGHATOMIC);
	assign(d, z, pb + nr_r + nr_h, k - nr_r - nr_h, MT_UNMOVABLE);
	assign(d, z, pb + k, n - k, MT_MOVABLE);
	free(pb);
	return 0;
}

/* The pfn roles of snapshot_read.h, zone by zone; the free pages outside every zone reserved */
static int build(struct snapshot_data *d, const uint64_t *flags, const uint64_t *count,
		 unsigned long nr)
{
	unsigned long nr_pb = (nr + SNAP_PB_PAGES - 1) >> SNAP_PB_ORDER;
	int err;

	d->pfn_state = malloc(nr ? nr : 1);
	d->pageblock_mt = malloc(nr_pb ? nr_pb : 1);
	if (!d->pfn_state || !d->pageblock_mt)
		return -ENOMEM;
	memset(d->pageblock_mt, -1, nr_pb);
	for (unsigned long pfn = 0; pfn < nr; pfn++)
		d->pfn_state[pfn] =
			flags[pfn] & KPF_NOT_MANAGED ? KMEM_SNAP_RESERVED : KMEM_SNAP_USED;
	/* a hole or memory not plugged: see snapshot_read.h */
	for (unsigned long sec = 0; sec < nr; sec += SNAP_SECTION_PAGES) {
		unsigned long end = sec + SNAP_SECTION_PAGES < nr ? sec + SNAP_SECTION_PAGES : nr;
		unsigned long pfn = sec;

		while (pfn < end && !flags[pfn] && !count[pfn])
			pfn++;
		if (pfn == end)
			memset(d->pfn_state + sec, KMEM_SNAP_RESERVED, end - sec);
	}
	for (int i = 0; i < d->nr_zones; i++) {
		const struct kmem_host_zone *hz = &d->host.zones[i];
		struct snapshot_zone *z = &d->zones[i];
		unsigned long start = hz->start_pfn, end = hz->start_pfn + hz->spanned;

		if (model_zone_idx(hz->name) < 0 || !hz->managed || start >= nr)
			continue;
		end = end < nr ? end : nr;
		zone_free_blocks(d, z, start, end, flags, count);
		for (unsigned long pfn = start; pfn < end; pfn++)
			z->snapshot_managed += d->pfn_state[pfn] != KMEM_SNAP_RESERVED;
		err = zone_pageblocks(d, z, start, end, flags, nr);
		if (err)
			return err;
	}
	/*
	 * The pageblocks of a hole or of memory not plugged have no memory map in the kernel,
	 * whose pagetypeinfo leaves them out (pfn_to_online_page()): so does the model's
	 */
	for (unsigned long pb = 0; pb < nr_pb; pb++) {
		unsigned long first = pb << SNAP_PB_ORDER, pfn = first;
		unsigned long end = first + SNAP_PB_PAGES < nr ? first + SNAP_PB_PAGES : nr;

		while (pfn < end &&
		       ((flags[pfn] & BIT(KPF_NOPAGE)) ||
			(!flags[pfn] && !count[pfn] && d->pfn_state[pfn] == KMEM_SNAP_RESERVED)))
			pfn++;
		if (pfn == end)
			d->pageblock_mt[pb] = KMEM_SNAP_PB_ABSENT;
	}
	/* KPF_BUDDY pages the zones above did not take: in a zone the model lacks, or none */
	for (unsigned long pfn = 0; pfn < nr; pfn++)
		if (d->pfn_state[pfn] == KMEM_SNAP_USED && (flags[pfn] & BIT(KPF_BUDDY)) &&
		    !count[pfn]) {
			bool in_zone = false;

			for (int i = 0; i < d->nr_zones && !in_zone; i++)
				in_zone =
					model_zone_idx(d->host.zones[i].name) >= 0 &&
					d->host.zones[i].managed &&
					pfn >= d->host.zones[i].start_pfn &&
					pfn < d->host.zones[i].start_pfn + d->host.zones[i].spanned;
			if (!in_zone) {
				d->pfn_state[pfn] = KMEM_SNAP_RESERVED;
				d->free_outside++;
			}
		}
	d->snap.nr_pfns = nr;
	d->snap.pfn_state = d->pfn_state;
	d->snap.pb_order = SNAP_PB_ORDER;
	d->snap.pageblock_mt = d->pageblock_mt;
	d->snap.nr_pageblocks = nr_pb;
	return 0;
}

static int read_procfs(struct snapshot_data *d, struct bundle *b, enum bundle_proc p,
		       struct procfs_free *out)
{
	char *text = bundle_read_proc(b, BUNDLE_BEFORE, p, NULL);
	int err;

	if (!text) {
		snprintf(d->error, sizeof(d->error), "%s", b->error);
		return -EIO;
	}
	err = p == BUNDLE_buddyinfo ? procfs_parse_buddyinfo(text, out)
				    : procfs_parse_pagetypeinfo(text, out);
	if (err)
		snprintf(d->error, sizeof(d->error), "%s/before.%s: %s", b->dir,
			 bundle_proc_name(p), out->error);
	free(text);
	return err;
}

int snapshot_read(const char *dir, struct snapshot_data *d)
{
	char zoneinfo[PATH_MAX], sysctl[PATH_MAX];
	uint64_t *flags = NULL, *count = NULL;
	size_t nr_flags = 0, nr_count = 0;
	struct bundle b;
	char *text;
	int err;

	memset(d, 0, sizeof(*d));
	err = bundle_open(&b, dir);
	if (err) {
		snprintf(d->error, sizeof(d->error), "%s", b.error);
		goto out;
	}
	err = -ENAMETOOLONG;
	if (!bundle_proc_path(&b, BUNDLE_BEFORE, BUNDLE_zoneinfo, zoneinfo, sizeof(zoneinfo)) ||
	    !bundle_path(&b, "before." BUNDLE_SYSCTL, sysctl, sizeof(sysctl))) {
		snprintf(d->error, sizeof(d->error), "%s: path too long", dir);
		goto out;
	}
	/* kmem_host_load_files() names the file and the fault on stderr itself */
	err = kmem_host_load_files(zoneinfo, sysctl, &d->host);
	if (err) {
		snprintf(d->error, sizeof(d->error), "%s: no host profile (see above)", dir);
		goto out;
	}
	d->nr_zones = d->host.nr_zones;
	for (int i = 0; i < d->nr_zones; i++) {
		d->zones[i].node = d->host.zones[i].node;
		snprintf(d->zones[i].name, sizeof(d->zones[i].name), "%s", d->host.zones[i].name);
		d->zones[i].managed = d->host.zones[i].managed;
	}
	text = bundle_read_proc(&b, BUNDLE_BEFORE, BUNDLE_zoneinfo, NULL);
	if (!text) {
		snprintf(d->error, sizeof(d->error), "%s", b.error);
		err = -EIO;
		goto out;
	}
	read_pcp_counts(d, text);
	free(text);
	err = read_procfs(d, &b, BUNDLE_buddyinfo, &d->buddyinfo);
	if (!err)
		err = read_procfs(d, &b, BUNDLE_pagetypeinfo, &d->pagetypeinfo);
	if (err)
		goto out;
	if (d->pagetypeinfo.block_order != SNAP_PB_ORDER) {
		snprintf(d->error, sizeof(d->error),
			 "%s/before.pagetypeinfo: page block order %u, but the model's is %d", dir,
			 d->pagetypeinfo.block_order, SNAP_PB_ORDER);
		err = -EINVAL;
		goto out;
	}
	err = bundle_read_kpages(&b, BUNDLE_KPAGEFLAGS, &flags, &nr_flags);
	if (!err)
		err = bundle_read_kpages(&b, BUNDLE_KPAGECOUNT, &count, &nr_count);
	if (err) {
		snprintf(d->error, sizeof(d->error), "%s", b.error);
		goto out;
	}
	if (nr_flags != nr_count) {
		snprintf(d->error, sizeof(d->error),
			 "%s: %s holds %zu pfns, %s %zu: not one capture", dir, BUNDLE_KPAGEFLAGS,
			 nr_flags, BUNDLE_KPAGECOUNT, nr_count);
		err = -EINVAL;
		goto out;
	}
	err = build(d, flags, count, nr_flags);
	if (err)
		snprintf(d->error, sizeof(d->error), "%s: %s", dir, strerror(-err));
out:
	free(flags);
	free(count);
	bundle_close(&b);
	return err;
}

void snapshot_release(struct snapshot_data *d)
{
	procfs_free_release(&d->buddyinfo);
	procfs_free_release(&d->pagetypeinfo);
	free(d->pfn_state);
	free(d->pageblock_mt);
	d->pfn_state = NULL;
	d->pageblock_mt = NULL;
}

static unsigned long absdiff(unsigned long a, unsigned long b)
{
	return a > b ? a - b : b - a;
}

/* before.pagetypeinfo's free blocks of model type @mt (other types counted as Movable) */
static unsigned long kernel_typed(const struct snapshot_data *d, const struct snapshot_zone *z,
				  int mt, int order)
{
	unsigned long sum = 0;

	for (size_t i = 0; i < d->pagetypeinfo.nr_rows; i++) {
		const struct procfs_free_row *r = &d->pagetypeinfo.rows[i];
		int t = model_type(r->type);

		if (r->node == z->node && !strcmp(r->zone, z->name) &&
		    (t < 0 ? MT_MOVABLE : t) == mt && order < d->pagetypeinfo.nr_orders)
			sum += r->blocks[order];
	}
	return sum;
}

int snapshot_compare(const struct snapshot_data *d, FILE *out, struct snapshot_diff *diff)
{
	memset(diff, 0, sizeof(*diff));
	for (size_t i = 0; i < d->buddyinfo.nr_rows; i++) {
		const struct procfs_free_row *k = &d->buddyinfo.rows[i];
		const struct snapshot_zone *z = NULL;
		struct kmem_pagetype_stats pt;
		struct kmem_zone_stats st;
		int idx = model_zone_idx(k->zone);
		bool typed;

		for (int j = 0; j < d->nr_zones; j++)
			if (d->zones[j].node == k->node && !strcmp(d->zones[j].name, k->zone))
				z = &d->zones[j];
		if (idx < 0 || !z || kmem_zone_stats(k->node, idx, &st))
			return -ENOENT;
		typed = !kmem_pagetype_stats(k->node, idx, &pt);
		diff->pcp_pages += z->pcp_pages;
		if (out)
			fprintf(out,
				"Node %d, zone %s: managed %lu (kpageflags: %lu), per-CPU lists "
				"%lu pages (in use in the model)\n"
				"  order  kernel   model\n",
				k->node, k->zone, z->managed, z->snapshot_managed, z->pcp_pages);
		for (int o = 0; o < d->buddyinfo.nr_orders && o < PROCFS_MAX_ORDERS; o++) {
			unsigned long model = o < KMEM_NR_ORDERS ? st.free_blocks[o] : 0;

			diff->kernel_free += k->blocks[o] << o;
			if (model != k->blocks[o]) {
				diff->orders_differ++;
				diff->blocks_differ += absdiff(model, k->blocks[o]);
				diff->pages_differ += absdiff(model, k->blocks[o]) << o;
			}
			if (out)
				fprintf(out, "  %5d %7lu %7lu%s\n", o, k->blocks[o], model,
					model == k->blocks[o] ? "" : "  differs");
			if (!typed || o >= KMEM_NR_ORDERS)
				continue;
			for (int mt = 0; mt < KMEM_NR_MIGRATETYPES; mt++)
				diff->typed_differ +=
					absdiff(pt.free_blocks[mt][o], kernel_typed(d, z, mt, o));
		}
		if (!typed)
			continue;
		if (out)
			fprintf(out, "  pageblocks   kernel   model\n");
		for (int mt = 0; mt < KMEM_NR_MIGRATETYPES; mt++) {
			diff->pageblocks_differ +=
				absdiff(pt.pageblocks[mt], z->pageblocks_kernel[mt]);
			if (out)
				fprintf(out, "  %-11s %7lu %7lu\n", kmem_migratetype_names[mt],
					z->pageblocks_kernel[mt], pt.pageblocks[mt]);
		}
		if (out)
			fprintf(out,
				"  pageblocks typed against their pages' majority: %lu; of types "
				"the model lacks: %lu\n",
				z->against_flags, z->other_types);
	}
	return 0;
}
