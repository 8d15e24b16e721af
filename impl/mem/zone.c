// SPDX-License-Identifier: GPL-2.0
/*
 * Nodes and zones: the layout of RAM by arch profile and node, struct page initialisation,
 * watermarks and lowmem_reserve by the kernel's formulas (mm/page_alloc.c), the zonelists the
 * allocator walks, and the /proc/zoneinfo- and /proc/buddyinfo-style reports.
 *
 * Layout. Nodes split the pfn range into KMEM_NODES contiguous parts (boundaries on
 * MAX_ORDER_NR_PAGES); zone i of the profile spans [end of zone i-1, zone_end[i]). A node owns
 * the intersection of its range with each zone, so a node wholly above 4 GiB on x86_64 has only
 * ZONE_NORMAL, as on a real machine, and a 64 MiB x86_64 has only DMA and DMA32. The host
 * profile brings its own nodes and zones instead (host_zones_init()), and its own sysctls.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct pglist_data *node_data[MAX_NUMNODES];
int nr_online_nodes;
unsigned char gfp_zone_table[GFP_ZONEMASK + 1];

static const char *const zone_names[MAX_NR_ZONES] = { "DMA", "DMA32", "Normal", "HighMem" };
/* mm/page_alloc.c sysctl_lowmem_reserve_ratio defaults */
static const int default_lowmem_reserve_ratio[MAX_NR_ZONES] = { 256, 256, 32, 0 };
/*
 * The sysctls in force: mm/page_alloc.c's defaults, with min_free_kbytes computed at boot as
 * the kernel does, or the host profile's
 */
static long lowmem_reserve_ratio[MAX_NR_ZONES];
int min_free_kbytes;
static long watermark_scale_factor;

/*
 * gfp_zone() as a table: a modifier for a zone the profile lacks names the next zone up, as
 * OPT_ZONE_DMA32/OPT_ZONE_HIGHMEM do in the kernel's GFP_ZONE_TABLE; two zone modifiers at once
 * are GFP_ZONE_BAD.
 */
static void build_gfp_zone_table(const struct arch_profile *arch)
{
	for (unsigned int m = 0; m <= GFP_ZONEMASK; m++) {
		int n = !!(m & __GFP_DMA) + !!(m & __GFP_DMA32) + !!(m & __GFP_HIGHMEM);
		enum zone_type z = ZONE_NORMAL;

		if (n > 1) {
			gfp_zone_table[m] = GFP_ZONE_BAD;
			continue;
		}
		if (m & __GFP_DMA)
			z = ZONE_DMA;
		else if ((m & __GFP_DMA32) && arch->zone_end[ZONE_DMA32])
			z = ZONE_DMA32;
		else if ((m & __GFP_HIGHMEM) && arch->zone_end[ZONE_HIGHMEM])
			z = ZONE_HIGHMEM;
		gfp_zone_table[m] = (unsigned char)z;
	}
}

/* pfn bounds of zone @idx for the profile and RAM size; start == end when absent */
static void zone_pfn_bounds(enum zone_type idx, unsigned long *start, unsigned long *end)
{
	const struct arch_profile *arch = kmem_rt.arch;
	unsigned long long lo = 0, hi = arch->zone_end[idx];

	for (int i = 0; i < (int)idx; i++)
		if (arch->zone_end[i])
			lo = arch->zone_end[i];
	if (!hi || hi > kmem_rt.mem_bytes)
		hi = hi ? kmem_rt.mem_bytes : lo;
	if (lo > hi)
		lo = hi;
	*start = (unsigned long)(lo / PAGE_SIZE);
	*end = (unsigned long)(hi / PAGE_SIZE);
}

static void init_page(struct page *page, unsigned long pfn, int nid, enum zone_type idx)
{
	page->flags = ((unsigned long)nid << NODES_PGSHIFT) | ((unsigned long)idx << ZONES_PGSHIFT);
	INIT_LIST_HEAD(&page->lru);
	page->mapping = NULL;
	page->index = 0;
	page->private = 0;
	atomic_set(&page->_mapcount, -1);
	atomic_set(&page->_count, -1);
	page->virtual = pfn < max_low_pfn ? pfn_to_virt(pfn) : NULL;
}

static void init_reserved_page(unsigned long pfn, int nid, enum zone_type idx)
{
	struct page *page = pfn_to_page(pfn);

	init_page(page, pfn, nid, idx);
	__SetPageReserved(page);
	set_page_count(page, 1);
	page_state[pfn] = PS_RESERVED;
}

/*
 * memmap_init_zone + memblock_free_all for one zone: pages, reserved range, back end. The pages
 * of [@start, @end) below @reserved_end (the firmware's range) and from @managed_end on are
 * reserved; @present is what the zone reports as present, the rest of the span being holes.
 */
static int init_zone(struct pglist_data *pgdat, enum zone_type idx, unsigned long start,
		     unsigned long end, unsigned long present, unsigned long managed_end)
{
	struct zone *zone = &pgdat->node_zones[idx];
	unsigned long reserved_end = (unsigned long)(kmem_rt.arch->reserved_bytes / PAGE_SIZE);
	unsigned long reserved = 0;
	int err;

	zone->zone_start_pfn = start;
	zone->spanned_pages = end - start;
	zone->present_pages = present;
	for (unsigned long pfn = start; pfn < end; pfn++) {
		if (pfn < reserved_end || pfn >= managed_end) {
			init_reserved_page(pfn, pgdat->node_id, idx);
			reserved++;
		} else {
			init_page(pfn_to_page(pfn), pfn, pgdat->node_id, idx);
		}
	}
	zone->managed_pages = zone->spanned_pages - reserved;
	if (!zone->managed_pages)
		return 0;
	err = kmem_rt.backend->init(zone);
	if (err) {
		fprintf(stderr, "kmem: back end %s cannot manage zone %s of node %d: %s\n",
			kmem_rt.backend->name, zone->name, zone->node, strerror(-err));
		zone->managed_pages = 0;
		return err;
	}
	atomic_long_set(&zone->vm_stat[NR_FREE_PAGES], (long)zone->managed_pages);
	if ((int)idx >= pgdat->nr_zones)
		pgdat->nr_zones = idx + 1;
	return 0;
}

static unsigned long int_sqrt(unsigned long x)
{
	unsigned long r = 0;

	while ((r + 1) * (r + 1) <= x)
		r++;
	return r;
}

/*
 * nr_free_buffer_pages(): what the zones GFP_USER may use (all but highmem) hold above their
 * high watermarks; all they manage before the watermarks are set
 */
static unsigned long nr_free_buffer_pages(void)
{
	enum zone_type highidx = gfp_zone(GFP_USER);
	unsigned long sum = 0;
	struct zone *zone;

	for_each_populated_zone(zone)
		if (zone->zone_idx <= highidx && zone->managed_pages > high_wmark_pages(zone))
			sum += zone->managed_pages - high_wmark_pages(zone);
	return sum;
}

/* calculate_min_free_kbytes(): sqrt(16 * lowmem KiB), clamped to [128 KiB, 256 MiB] */
static void calculate_min_free_kbytes(void)
{
	unsigned long lowmem_kbytes = nr_free_buffer_pages() * (PAGE_SIZE >> 10);

	min_free_kbytes = (int)int_sqrt(lowmem_kbytes * 16);
	if (min_free_kbytes < 128)
		min_free_kbytes = 128;
	if (min_free_kbytes > 262144)
		min_free_kbytes = 262144;
}

/* __setup_per_zone_wmarks of mm/page_alloc.c: min_free_kbytes shared out by managed pages */
static void setup_per_zone_wmarks(void)
{
	unsigned long lowmem_pages = 0, pages_min;
	struct zone *zone;

	for_each_populated_zone(zone)
		if (!is_highmem(zone))
			lowmem_pages += zone->managed_pages;
	pages_min = (unsigned long)min_free_kbytes >> (PAGE_SHIFT - 10);

	for_each_populated_zone(zone) {
		unsigned long tmp = pages_min * zone->managed_pages / lowmem_pages;
		unsigned long scaled = zone->managed_pages * (unsigned long)watermark_scale_factor;

		if (is_highmem(zone)) {
			unsigned long min_pages = zone->managed_pages / 1024;

			/* clamp(SWAP_CLUSTER_MAX, 128) */
			min_pages = min_pages < 32 ? 32 : min_pages > 128 ? 128 : min_pages;
			zone->_watermark[WMARK_MIN] = min_pages;
		} else {
			zone->_watermark[WMARK_MIN] = tmp;
		}
		if (tmp >> 2 < scaled / 10000)
			tmp = scaled / 10000;
		else
			tmp >>= 2;
		zone->watermark_boost = 0;
		zone->_watermark[WMARK_LOW] = min_wmark_pages(zone) + tmp;
		zone->_watermark[WMARK_HIGH] = low_wmark_pages(zone) + tmp;
	}
}

/*
 * set_recommended_min_free_kbytes() of mm/khugepaged.c, which runs when khugepaged starts (THP
 * enabled "always" or "madvise", as distribution kernels boot): for each zone a THP could come
 * from (not ZONE_MOVABLE, not highmem), room for two free pageblocks, plus, so that each of the
 * three pcp migratetypes can fall back into a pageblock of another and still leave one to
 * spare, MIGRATE_PCPTYPES * MIGRATE_PCPTYPES more; but never more than 5% of what those zones
 * hold above their high watermarks. min_free_kbytes is only ever raised by it, and the
 * watermarks are then made again from the new value. With 512-page pageblocks that is
 * 11 * 512 pages, 22528 KiB, a zone: 67584 KiB on a machine with DMA, DMA32 and Normal.
 */
static void set_recommended_min_free_kbytes(void)
{
	enum zone_type highidx = gfp_zone(GFP_USER);
	unsigned long recommended_min, nr_zones = 0;
	struct zone *zone;

	for_each_populated_zone(zone)
		if (zone->zone_idx <= highidx)
			nr_zones++;
	recommended_min = pageblock_nr_pages * nr_zones * 2 +
			  pageblock_nr_pages * nr_zones * MIGRATE_PCPTYPES * MIGRATE_PCPTYPES;
	if (recommended_min > nr_free_buffer_pages() / 20)
		recommended_min = nr_free_buffer_pages() / 20;
	recommended_min <<= PAGE_SHIFT - 10;
	if (recommended_min > (unsigned long)min_free_kbytes) {
		min_free_kbytes = (int)recommended_min;
		setup_per_zone_wmarks();
	}
}

/* setup_per_zone_lowmem_reserve of mm/page_alloc.c */
static void setup_per_zone_lowmem_reserve(void)
{
	int nid;

	for_each_online_node(nid) {
		struct pglist_data *pgdat = NODE_DATA(nid);

		for (int i = 0; i < MAX_NR_ZONES - 1; i++) {
			struct zone *zone = &pgdat->node_zones[i];
			long ratio = lowmem_reserve_ratio[i];
			bool clear = !ratio || !populated_zone(zone);
			unsigned long managed = 0;

			for (int j = i + 1; j < MAX_NR_ZONES; j++) {
				managed += pgdat->node_zones[j].managed_pages;
				zone->lowmem_reserve[j] =
					clear ? 0 : (long)(managed / (unsigned long)ratio);
			}
		}
	}
}

static int add_node_zones(struct zonelist *zl, int nid)
{
	struct pglist_data *pgdat = NODE_DATA(nid);

	for (int idx = MAX_NR_ZONES - 1; idx >= 0; idx--) {
		struct zone *zone = &pgdat->node_zones[idx];

		if (populated_zone(zone))
			zl->_zonerefs[zl->nr_zonerefs++] = (struct zoneref){ zone, idx };
	}
	return 0;
}

/*
 * Node-ordered zonelists: the local node's zones from highest to lowest, then each other node
 * by increasing distance (lower id first on ties), as build_zonelists() does.
 */
static int build_zonelists(struct pglist_data *pgdat)
{
	int order[MAX_NUMNODES], n = 0;
	bool used[MAX_NUMNODES] = { false };

	for (int k = 0; k < nr_online_nodes; k++) {
		int best = -1;

		for (int m = 0; m < nr_online_nodes; m++)
			if (!used[m] && (best < 0 || node_distance(pgdat->node_id, m) <
							     node_distance(pgdat->node_id, best)))
				best = m;
		used[best] = true;
		order[n++] = best;
	}
	for (int t = 0; t < MAX_ZONELISTS; t++) {
		struct zonelist *zl = &pgdat->node_zonelists[t];

		zl->_zonerefs = calloc((size_t)(t == ZONELIST_FALLBACK ? n : 1) * MAX_NR_ZONES,
				       sizeof(*zl->_zonerefs));
		if (!zl->_zonerefs)
			return -ENOMEM;
		zl->nr_zonerefs = 0;
		for (int k = 0; k < (t == ZONELIST_FALLBACK ? n : 1); k++)
			add_node_zones(zl, t == ZONELIST_FALLBACK ? order[k] : pgdat->node_id);
	}
	return 0;
}

static void zone_setup(struct pglist_data *pgdat, enum zone_type idx)
{
	struct zone *zone = &pgdat->node_zones[idx];

	zone->node = pgdat->node_id;
	zone->zone_idx = idx;
	zone->name = zone_names[idx];
	zone->zone_pgdat = pgdat;
	spin_lock_init(&zone->lock);
}

/* The model's index of a zoneinfo zone name; -1 for one it lacks (Movable, Device) */
static int zone_name_idx(const char *name)
{
	for (int i = 0; i < MAX_NR_ZONES; i++)
		if (!strcmp(name, zone_names[i]))
			return i;
	return -1;
}

/*
 * The host profile's nodes and zones (config.c checked that they do not overlap and that the
 * zones the model lacks manage nothing). zoneinfo gives a zone's span and its present and
 * managed counts, not where in the span the holes and the unmanaged pages are: the managed
 * pages are put first, from the zone's start, and the rest of the span is reserved, which is
 * where x86's PCI hole lies in DMA32. The pfns of no zone (pfn 0, gaps between nodes) are
 * reserved pages of the zone after them, as the kernel's init_unavailable_range() keeps them.
 */
static int host_zones_init(void)
{
	const struct kmem_host_profile *h = kmem_rt.host;
	unsigned long next_pfn = 0;
	int err;

	for (int i = 0; i < MAX_NR_ZONES; i++)
		lowmem_reserve_ratio[i] = 0;
	for (int i = 0; i < h->nr_zones; i++) {
		int idx = zone_name_idx(h->zones[i].name);

		/* the sysctl lists the node's zones in order: the first node's names say which */
		if (idx >= 0 && h->zones[i].node == h->zones[0].node &&
		    i < h->nr_lowmem_reserve_ratio)
			lowmem_reserve_ratio[idx] = h->lowmem_reserve_ratio[i];
	}
	for (int nid = 0; nid < nr_online_nodes; nid++) {
		struct pglist_data *pgdat = calloc(1, sizeof(*pgdat));

		if (!pgdat)
			return -ENOMEM;
		node_data[nid] = pgdat;
		pgdat->node_id = nid;
		for (int idx = 0; idx < MAX_NR_ZONES; idx++)
			zone_setup(pgdat, idx);
	}
	for (int i = 0; i < h->nr_zones; i++) {
		const struct kmem_host_zone *hz = &h->zones[i];
		int idx = zone_name_idx(hz->name);
		struct pglist_data *pgdat = NODE_DATA(hz->node);
		unsigned long end = hz->start_pfn + hz->spanned;

		if (idx < 0 || !hz->present)
			continue;
		for (; next_pfn < hz->start_pfn; next_pfn++)
			init_reserved_page(next_pfn, hz->node, idx);
		if (!pgdat->node_spanned_pages)
			pgdat->node_start_pfn = hz->start_pfn;
		pgdat->node_spanned_pages = end - pgdat->node_start_pfn;
		err = init_zone(pgdat, idx, hz->start_pfn, end, hz->present,
				hz->start_pfn + hz->managed);
		if (err)
			return err;
		next_pfn = end;
	}
	min_free_kbytes = (int)h->min_free_kbytes;
	watermark_scale_factor = h->watermark_scale_factor;
	return 0;
}

/* Nodes of KMEM_NODES equal parts of RAM, zones by the arch profile's bounds */
static int profile_zones_init(void)
{
	unsigned long per_node = max_pfn / (unsigned long)kmem_rt.nr_nodes;
	int err, nid;

	per_node &= ~(MAX_ORDER_NR_PAGES - 1);
	for (int i = 0; i < MAX_NR_ZONES; i++)
		lowmem_reserve_ratio[i] = default_lowmem_reserve_ratio[i];
	watermark_scale_factor = 10;
	for_each_online_node(nid) {
		struct pglist_data *pgdat = calloc(1, sizeof(*pgdat));
		unsigned long nstart = (unsigned long)nid * per_node;
		unsigned long nend = nid == nr_online_nodes - 1 ? max_pfn : nstart + per_node;

		if (!pgdat)
			return -ENOMEM;
		node_data[nid] = pgdat;
		pgdat->node_id = nid;
		pgdat->node_start_pfn = nstart;
		pgdat->node_spanned_pages = nend - nstart;
		for (int idx = 0; idx < MAX_NR_ZONES; idx++) {
			unsigned long zs, ze;

			zone_pfn_bounds(idx, &zs, &ze);
			zs = zs < nstart ? nstart : zs;
			ze = ze > nend ? nend : ze;
			zone_setup(pgdat, idx);
			if (zs < ze) {
				err = init_zone(pgdat, idx, zs, ze, ze - zs, ze);
				if (err)
					return err;
			}
		}
	}
	return 0;
}

int zones_init(void)
{
	struct zone *zone;
	int err, nid;

	build_gfp_zone_table(kmem_rt.arch);
	nr_online_nodes = kmem_rt.nr_nodes;
	err = kmem_rt.host ? host_zones_init() : profile_zones_init();
	if (err)
		goto fail;
	err = -ENOMEM;
	for_each_online_node(nid)
		if (build_zonelists(NODE_DATA(nid)))
			goto fail;
	/*
	 * init_per_zone_wmark_min(), then khugepaged's start; a host's min_free_kbytes is the one
	 * in force there, after both
	 */
	if (!kmem_rt.host) {
		calculate_min_free_kbytes();
		setup_per_zone_wmarks();
		if (kmem_rt.thp)
			set_recommended_min_free_kbytes();
	} else {
		setup_per_zone_wmarks();
	}
	setup_per_zone_lowmem_reserve();
	/* per-CPU list sizes derive from the watermarks, as zone_highsize() does */
	for_each_populated_zone(zone)
		if ((err = pcp_init(zone)))
			goto fail;
	return 0;
fail:
	zones_exit();
	return err;
}

void zones_exit(void)
{
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		struct pglist_data *pgdat = node_data[nid];

		if (!pgdat)
			continue;
		for (int idx = 0; idx < MAX_NR_ZONES; idx++) {
			struct zone *zone = &pgdat->node_zones[idx];

			pcp_exit(zone);
			if (zone->backend_data)
				kmem_rt.backend->destroy(zone);
		}
		for (int t = 0; t < MAX_ZONELISTS; t++)
			free(pgdat->node_zonelists[t]._zonerefs);
		free(pgdat);
		node_data[nid] = NULL;
	}
	nr_online_nodes = 0;
}

void zone_free_area(const struct zone *zone, unsigned long nr_blocks[NR_PAGE_ORDERS])
{
	struct zone *z = (struct zone *)zone;

	memset(nr_blocks, 0, sizeof(unsigned long) * NR_PAGE_ORDERS);
	if (!populated_zone(zone))
		return;
	spin_lock(&z->lock);
	kmem_rt.backend->free_area(zone, nr_blocks);
	spin_unlock(&z->lock);
}

/* The free-list event counts, as one consistent set: they are written under zone->lock */
static void zone_event_stats(const struct zone *zone, struct kmem_zone_stats *out)
{
	struct zone *z = (struct zone *)zone;

	_Static_assert(sizeof(out->locked_alloc) == sizeof(zone->locked_alloc) &&
			       sizeof(out->pcp_drain) == sizeof(zone->pcp_drain) &&
			       sizeof(out->fallback) == sizeof(zone->fallback),
		       "kmem_zone_stats' event counts are struct zone's");
	spin_lock(&z->lock);
	memcpy(out->locked_alloc, zone->locked_alloc, sizeof(out->locked_alloc));
	memcpy(out->pcp_drain, zone->pcp_drain, sizeof(out->pcp_drain));
	memcpy(out->fallback, zone->fallback, sizeof(out->fallback));
	spin_unlock(&z->lock);
	out->compact_runs = __atomic_load_n(&zone->compact_runs, __ATOMIC_RELAXED);
}

int kmem_zone_stats(int nid, int zone_idx, struct kmem_zone_stats *out)
{
	const struct zone *zone;

	memset(out, 0, sizeof(*out));
	if (nid < 0 || nid >= nr_online_nodes || zone_idx < 0 || zone_idx >= MAX_NR_ZONES)
		return -ENOENT;
	zone = &NODE_DATA(nid)->node_zones[zone_idx];
	out->node = nid;
	out->zone_idx = zone_idx;
	out->name = zone_names[zone_idx];
	out->populated = populated_zone(zone);
	out->start_pfn = zone->zone_start_pfn;
	out->spanned = zone->spanned_pages;
	out->present = zone->present_pages;
	out->managed = zone->managed_pages;
	out->free = zone_page_state(zone, NR_FREE_PAGES);
	out->pcp_free = pcp_count(zone);
	for (int w = 0; w < NR_WMARK; w++)
		out->watermark[w] = wmark_pages(zone, w);
	out->watermark_boost = READ_ONCE(zone->watermark_boost);
	out->nr_reserved_highatomic = READ_ONCE(zone->nr_reserved_highatomic);
	for (int j = 0; j < MAX_NR_ZONES; j++)
		out->lowmem_reserve[j] = zone->lowmem_reserve[j];
	zone_free_area(zone, out->free_blocks);
	if (out->populated) {
		page_alloc_stats(zone, out->alloc, out->fail, out->freed);
		pcp_hit_stats(zone, out->pcp_hit);
		zone_event_stats(zone, out);
	}
	return 0;
}

void kmem_print_zones(FILE *out)
{
	struct zone *zone;

	fprintf(out, "min_free_kbytes %d, watermark_scale_factor %ld, watermark_boost_factor %d\n",
		min_free_kbytes, watermark_scale_factor, kmem_rt.watermark_boost_factor);
	for_each_populated_zone(zone) {
		fprintf(out,
			"Node %d, zone %8s  pfns 0x%05lx-0x%05lx  managed %8lu  free %8lu  pcp "
			"%5lu  "
			"min %6lu  low %6lu  high %6lu  boost %4lu  nr_reserved_highatomic %lu  "
			"lowmem_reserve[",
			zone->node, zone->name, zone->zone_start_pfn, zone_end_pfn(zone) - 1,
			zone->managed_pages, zone_page_state(zone, NR_FREE_PAGES), pcp_count(zone),
			min_wmark_pages(zone), low_wmark_pages(zone), high_wmark_pages(zone),
			READ_ONCE(zone->watermark_boost), READ_ONCE(zone->nr_reserved_highatomic));
		for (int j = 0; j < MAX_NR_ZONES; j++)
			fprintf(out, "%s%ld", j ? ", " : "", zone->lowmem_reserve[j]);
		fprintf(out, "]\n");
		if (kmem_rt.pcp)
			pcp_print_pagesets(out, zone);
	}
}

void kmem_print_buddyinfo(FILE *out)
{
	struct zone *zone;

	for_each_populated_zone(zone) {
		unsigned long nr[NR_PAGE_ORDERS];

		zone_free_area(zone, nr);
		fprintf(out, "Node %d, zone %8s ", zone->node, zone->name);
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			fprintf(out, "%6lu ", nr[o]);
		fprintf(out, "\n");
	}
}

const char *const kmem_migratetype_names[KMEM_NR_MIGRATETYPES] = { "Unmovable", "Movable",
								   "Reclaimable", "HighAtomic" };

int kmem_pagetype_stats(int nid, int zone_idx, struct kmem_pagetype_stats *out)
{
	struct zone *zone;
	unsigned long nr[MIGRATE_TYPES][NR_PAGE_ORDERS];

	memset(out, 0, sizeof(*out));
	if (nid < 0 || nid >= nr_online_nodes || zone_idx < 0 || zone_idx >= MAX_NR_ZONES)
		return -ENOENT;
	if (!kmem_rt.backend->pageblock_migratetype || !kmem_rt.backend->free_area_by_type)
		return -EOPNOTSUPP;
	zone = &NODE_DATA(nid)->node_zones[zone_idx];
	if (!populated_zone(zone))
		return 0;
	/*
	 * As pagetypeinfo_showblockcount_print() counts: every pageblock_nr_pages from the zone's
	 * first pfn, so a zone that starts inside a pageblock (DMA at pfn 1) counts that one too,
	 * but not those without a memory map (pfn_to_online_page()): the holes and unplugged
	 * memory a snapshot boot knows
	 */
	for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone);
	     pfn += pageblock_nr_pages)
		if (!snapshot_pageblock_absent(pfn))
			out->pageblocks[kmem_rt.backend->pageblock_migratetype(zone, pfn)]++;
	spin_lock(&zone->lock);
	kmem_rt.backend->free_area_by_type(zone, nr);
	spin_unlock(&zone->lock);
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		memcpy(out->free_blocks[mt], nr[mt], sizeof(nr[mt]));
	return 0;
}

int kmem_pageblock_migratetype(unsigned long pfn)
{
	const struct zone *zone;

	if (!nr_online_nodes || pfn >= max_pfn)
		return -ENOENT;
	if (!kmem_rt.backend->pageblock_migratetype)
		return -EOPNOTSUPP;
	zone = page_zone(pfn_to_page(pfn));
	/* a zone of firmware pages only has no back end, hence no types */
	if (!populated_zone(zone))
		return -ENOENT;
	return kmem_rt.backend->pageblock_migratetype(zone, pfn);
}

void kmem_print_pagetypeinfo(FILE *out)
{
	struct kmem_pagetype_stats st;
	struct zone *zone;

	if (!kmem_rt.backend->pageblock_migratetype || !kmem_rt.backend->free_area_by_type) {
		fprintf(out, "pagetypeinfo: not supported by back end %s (no pageblock types)\n",
			kmem_rt.backend->name);
		return;
	}
	fprintf(out, "Page block order: %d\nPages per block:  %lu\n\n", pageblock_order,
		pageblock_nr_pages);
	fprintf(out, "Free pages count per migrate type at order ");
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		fprintf(out, "%6d ", o);
	fprintf(out, "\n");
	for_each_populated_zone(zone) {
		kmem_pagetype_stats(zone->node, zone->zone_idx, &st);
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			fprintf(out, "Node %4d, zone %8s, type %12s ", zone->node, zone->name,
				kmem_migratetype_names[mt]);
			for (int o = 0; o < NR_PAGE_ORDERS; o++)
				fprintf(out, "%6lu ", st.free_blocks[mt][o]);
			fprintf(out, "\n");
		}
	}
	fprintf(out, "\nNumber of blocks type    ");
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		fprintf(out, " %12s", kmem_migratetype_names[mt]);
	fprintf(out, "\n");
	for_each_populated_zone(zone) {
		kmem_pagetype_stats(zone->node, zone->zone_idx, &st);
		fprintf(out, "Node %d, zone %8s ", zone->node, zone->name);
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			fprintf(out, " %12lu", st.pageblocks[mt]);
		fprintf(out, "\n");
	}
}
