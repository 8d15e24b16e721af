// SPDX-License-Identifier: GPL-2.0
/*
 * Reclaim, after mm/vmscan.c and mm/shrinker.c: the shrinker registry, a simulated page cache
 * on per-node LRU lists, direct reclaim for allocations that may sleep, and one kswapd thread
 * per node for those that may only wake it.
 *
 * Page cache. kmem_pagecache_fill() allocates file pages (GFP_HIGHUSER_MOVABLE without
 * __GFP_RECLAIM, so filling never reclaims its own pages and stops at the min watermark), marks
 * them PG_lru, optionally PG_dirty, gives them a mapping and puts them at the head of their
 * node's LRU. Reclaim takes pages from the tail (the oldest). A clean page is freed at once. A
 * dirty page must be written back first, which needs __GFP_IO; without it the page is rotated
 * to the head and counted as skipped, so GFP_NOIO reclaim frees only clean pages. The model
 * writes back synchronously: the page is under PG_writeback only while reclaim holds it.
 * Page cache pages are movable: compaction may move one (pagecache_movable_ops), which takes it
 * off the LRU while it is copied and puts the copy at the head, as the kernel's migration of a
 * file folio puts the new folio back on the LRU.
 *
 * Direct reclaim (try_to_free_pages()) aims at SWAP_CLUSTER_MAX pages, or the allocation's
 * size if larger, raising the pressure from DEF_PRIORITY down to 0: at priority p each node's
 * LRU is scanned by lru_size >> p pages (at least SWAP_CLUSTER_MAX) and every shrinker is asked
 * for freeable >> p * 4 / seeks objects (do_shrink_slab()). A shrinker marked
 * SHRINKER_NEEDS_FS or SHRINKER_NEEDS_IO is skipped for a gfp mask without that flag, as a
 * filesystem's own shrinker returns SHRINK_STOP without __GFP_FS.
 *
 * kswapd: an allocation allowed to wake it (__GFP_KSWAPD_RECLAIM) does so on entering the slow
 * path, and goes on without waiting. kswapd then reclaims with GFP_KERNEL until every populated
 * zone of its node is above its high watermark or reclaim stops making progress, and sleeps.
 * A fallback into another type's pageblock boosts the zone's watermarks (boost_watermark())
 * and wakes kswapd even on a balanced node: it then also reclaims the boost's worth of pages,
 * stopping at the first pass that frees nothing, and takes the boost it started with off the
 * zones, as balance_pgdat() does.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <linux/migrate.h>
#include <linux/shrinker.h>

#include "internal.h"

#define DEF_PRIORITY	 12
#define SWAP_CLUSTER_MAX 32UL

/* The page cache's one file: pages in it have this mapping */
struct address_space {
	const char *name;
};
static struct address_space pagecache_mapping = { "kmem-pagecache" };

struct lruvec {
	spinlock_t lock;
	struct list_head pages; /* head: newest, tail: oldest */
	unsigned long nr_pages, nr_dirty;
};

struct kswapd {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wait;
	bool woken, stop, started;
	int nid;
	/* the highest order and lowest highest zone woken for since the last run: for kcompactd */
	unsigned int order;
	enum zone_type highest_zoneidx;
};

static struct lruvec lruvecs[MAX_NUMNODES];

/* Sizes change under lruvec->lock; reclaim reads them without, hence the atomic store */
static inline void lru_add(unsigned long *counter, long delta)
{
	__atomic_store_n(counter, *counter + (unsigned long)delta, __ATOMIC_RELAXED);
}
static struct kswapd kswapds[MAX_NUMNODES];
static LIST_HEAD(shrinker_list);
static pthread_rwlock_t shrinker_rwsem = PTHREAD_RWLOCK_INITIALIZER;

unsigned long vm_events[NR_VM_EVENT_ITEMS];

/* ---- shrinkers ---------------------------------------------------------------------------- */

struct shrinker *shrinker_alloc(unsigned int flags, const char *fmt, ...)
{
	struct shrinker *s = calloc(1, sizeof(*s));
	va_list ap;

	if (!s)
		return NULL;
	s->flags = flags | SHRINKER_ALLOCATED;
	s->seeks = DEFAULT_SEEKS;
	va_start(ap, fmt);
	vsnprintf(s->name, sizeof(s->name), fmt, ap);
	va_end(ap);
	INIT_LIST_HEAD(&s->list);
	return s;
}

void shrinker_register(struct shrinker *shrinker)
{
	pthread_rwlock_wrlock(&shrinker_rwsem);
	list_add_tail(&shrinker->list, &shrinker_list);
	shrinker->flags |= SHRINKER_REGISTERED;
	pthread_rwlock_unlock(&shrinker_rwsem);
}

void unregister_shrinker(struct shrinker *shrinker)
{
	pthread_rwlock_wrlock(&shrinker_rwsem);
	if (shrinker->flags & SHRINKER_REGISTERED) {
		list_del(&shrinker->list);
		shrinker->flags &= ~SHRINKER_REGISTERED;
	}
	pthread_rwlock_unlock(&shrinker_rwsem);
}

void shrinker_free(struct shrinker *shrinker)
{
	if (!shrinker)
		return;
	unregister_shrinker(shrinker);
	if (shrinker->flags & SHRINKER_ALLOCATED)
		free(shrinker);
}

int register_shrinker(struct shrinker *shrinker, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(shrinker->name, sizeof(shrinker->name), fmt, ap);
	va_end(ap);
	if (!shrinker->seeks)
		shrinker->seeks = DEFAULT_SEEKS;
	shrinker->flags &= ~SHRINKER_ALLOCATED;
	shrinker_register(shrinker);
	return 0;
}

/* do_shrink_slab(): ask for a share of the freeable objects that grows as priority falls */
static unsigned long do_shrink_slab(struct shrink_control *sc, struct shrinker *shrinker,
				    int priority)
{
	unsigned long batch = shrinker->batch ? (unsigned long)shrinker->batch : SHRINK_BATCH;
	unsigned long freeable = shrinker->count_objects(shrinker, sc), total_scan, freed = 0;

	if (freeable == 0 || freeable == SHRINK_EMPTY)
		return 0;
	total_scan = (freeable >> priority) * 4 / (unsigned long)shrinker->seeks;
	if (total_scan > freeable * 2)
		total_scan = freeable * 2;
	if (!total_scan)
		total_scan = freeable < batch ? freeable : 0;
	while (total_scan) {
		unsigned long n = total_scan < batch ? total_scan : batch, ret;

		sc->nr_to_scan = n;
		sc->nr_scanned = n;
		ret = shrinker->scan_objects(shrinker, sc);
		if (ret == SHRINK_STOP)
			break;
		freed += ret;
		count_vm_events(SLABS_SCANNED, sc->nr_scanned);
		total_scan -= n < total_scan ? n : total_scan;
	}
	return freed;
}

static void shrink_slab(gfp_t gfp, int nid, int priority)
{
	struct shrinker *shrinker;

	pthread_rwlock_rdlock(&shrinker_rwsem);
	list_for_each_entry(shrinker, &shrinker_list, list) {
		struct shrink_control sc = { .gfp_mask = gfp, .nid = nid };

		if ((shrinker->flags & SHRINKER_NEEDS_FS) && !(gfp & __GFP_FS)) {
			count_vm_events(SHRINKER_SKIPPED_FS, 1);
			continue;
		}
		if ((shrinker->flags & SHRINKER_NEEDS_IO) && !(gfp & __GFP_IO)) {
			count_vm_events(SHRINKER_SKIPPED_IO, 1);
			continue;
		}
		if (!(shrinker->flags & SHRINKER_NUMA_AWARE))
			sc.nid = 0;
		if ((shrinker->flags & SHRINKER_NUMA_AWARE) || nid == 0)
			do_shrink_slab(&sc, shrinker, priority);
	}
	pthread_rwlock_unlock(&shrinker_rwsem);
}

/* ---- page cache ---------------------------------------------------------------------------- */

/*
 * The page cache's movable_operations. PG_lru, changed only under the node's lruvec lock, says
 * that a page is the cache's and on the LRU: reclaim clears it when it takes a page to free, so
 * a page compaction finds after that is refused.
 */
static bool pagecache_isolate_page(struct page *page, isolate_mode_t mode __maybe_unused)
{
	struct lruvec *lruvec = &lruvecs[page_to_nid(page)];
	bool ok;

	spin_lock(&lruvec->lock);
	ok = PageLRU(page);
	if (ok) {
		ClearPageLRU(page);
		list_del_init(&page->lru);
		lru_add(&lruvec->nr_pages, -1);
		lru_add(&lruvec->nr_dirty, -(long)PageDirty(page));
	}
	spin_unlock(&lruvec->lock);
	return ok;
}

static void pagecache_lru_add(struct page *page)
{
	struct lruvec *lruvec = &lruvecs[page_to_nid(page)];

	spin_lock(&lruvec->lock);
	SetPageLRU(page);
	list_add(&page->lru, &lruvec->pages);
	lru_add(&lruvec->nr_pages, 1);
	lru_add(&lruvec->nr_dirty, PageDirty(page));
	spin_unlock(&lruvec->lock);
}

static const struct movable_operations pagecache_movable_ops;

static int pagecache_migrate_page(struct page *dst, struct page *src,
				  enum migrate_mode mode __maybe_unused)
{
	__ClearPageMovable(src);
	dst->mapping = src->mapping;
	dst->index = src->index;
	src->mapping = NULL;
	if (PageDirty(src)) {
		SetPageDirty(dst);
		ClearPageDirty(src);
	}
	/* marked before the LRU publishes it: a drop may free it from then on */
	__SetPageMovable(dst, &pagecache_movable_ops);
	pagecache_lru_add(dst);
	return MIGRATEPAGE_SUCCESS;
}

static const struct movable_operations pagecache_movable_ops = {
	.isolate_page = pagecache_isolate_page,
	.migrate_page = pagecache_migrate_page,
	.putback_page = pagecache_lru_add,
};

unsigned long kmem_pagecache_fill(unsigned long nr_pages, bool dirty)
{
	const gfp_t gfp = (GFP_HIGHUSER_MOVABLE & ~__GFP_RECLAIM) | __GFP_NOWARN;
	unsigned long n;

	for (n = 0; n < nr_pages; n++) {
		struct page *page = alloc_page(gfp);

		if (!page)
			break;
		page->mapping = &pagecache_mapping;
		page->index = n;
		if (dirty)
			SetPageDirty(page);
		__SetPageMovable(page, &pagecache_movable_ops);
		pagecache_lru_add(page);
	}
	return n;
}

static unsigned long lru_sum(size_t offset)
{
	unsigned long sum = 0;
	int nid;

	for_each_online_node(nid) {
		spin_lock(&lruvecs[nid].lock);
		sum += *(unsigned long *)((char *)&lruvecs[nid] + offset);
		spin_unlock(&lruvecs[nid].lock);
	}
	return sum;
}

unsigned long kmem_pagecache_pages(void)
{
	return lru_sum(offsetof(struct lruvec, nr_pages));
}

unsigned long kmem_pagecache_dirty(void)
{
	return lru_sum(offsetof(struct lruvec, nr_dirty));
}

/*
 * shrink_lruvec(): look at up to @nr_to_scan pages from the tail; free the clean ones, write
 * back and free the dirty ones when @gfp allows IO. Returns pages freed; adds to *@scanned.
 */
static unsigned long shrink_lruvec(struct lruvec *lruvec, unsigned long nr_to_scan, gfp_t gfp,
				   unsigned long *scanned)
{
	LIST_HEAD(freeable);
	unsigned long freed = 0, n;
	struct page *page, *next;

	spin_lock(&lruvec->lock);
	for (n = 0; n < nr_to_scan && !list_empty(&lruvec->pages); n++) {
		page = list_last_entry(&lruvec->pages, struct page, lru);
		if (PageDirty(page)) {
			if (!(gfp & __GFP_IO)) {
				list_move(&page->lru, &lruvec->pages);
				count_vm_events(DIRTY_SKIPPED, 1);
				continue;
			}
			SetPageWriteback(page);
			ClearPageDirty(page);
			ClearPageWriteback(page);
			lru_add(&lruvec->nr_dirty, -1);
			count_vm_events(PGWRITEBACK, 1);
		}
		list_move(&page->lru, &freeable);
		ClearPageLRU(page);
		__ClearPageMovable(page);
		lru_add(&lruvec->nr_pages, -1);
	}
	spin_unlock(&lruvec->lock);
	*scanned += n;

	list_for_each_entry_safe(page, next, &freeable, lru) {
		list_del(&page->lru);
		page->mapping = NULL;
		__free_page(page);
		freed++;
	}
	return freed;
}

void kmem_pagecache_drop(void)
{
	int nid;

	for_each_online_node(nid) {
		unsigned long scanned = 0;

		shrink_lruvec(&lruvecs[nid], ~0UL, GFP_KERNEL, &scanned);
	}
}

/* ---- reclaim ------------------------------------------------------------------------------- */

/*
 * One reclaim pass over the nodes in @nodes (a bitmask) for @gfp. Returns pages freed: the
 * LRU's own count plus whatever the shrinkers gave back to the allocator.
 */
static unsigned long shrink_nodes(gfp_t gfp, unsigned long nr_to_reclaim, unsigned long nodes,
				  enum vm_event_item scan_item, enum vm_event_item steal_item)
{
	unsigned long reclaimed = 0, scanned = 0;

	for (int priority = DEF_PRIORITY; priority >= 0 && reclaimed < nr_to_reclaim; priority--) {
		int nid;

		for_each_online_node(nid) {
			unsigned long before, after, nr;

			if (!(nodes & (1UL << nid)))
				continue;
			nr = READ_ONCE(lruvecs[nid].nr_pages) >> priority;
			if (nr < SWAP_CLUSTER_MAX)
				nr = SWAP_CLUSTER_MAX;
			reclaimed += shrink_lruvec(&lruvecs[nid], nr, gfp, &scanned);
			before = nr_free_pages();
			shrink_slab(gfp, nid, priority);
			after = nr_free_pages();
			if (after > before)
				reclaimed += after - before;
		}
	}
	count_vm_events(scan_item, scanned);
	count_vm_events(steal_item, reclaimed);
	return reclaimed;
}

/**
 * zone_reclaimable_pages - page cache pages of @zone that reclaim could free
 * @zone: the zone
 *
 * All of the zone's pages on its node's LRU, dirty ones too (reclaim with __GFP_IO writes them
 * back), as the kernel counts the file LRU lists; pages compaction has taken off the LRU for the
 * moment are not counted, as the kernel's isolated pages are not. The LRU is per node, so the
 * node's list is walked for the zone's pages: this runs only when an allocation has failed
 * after reclaim.
 *
 * Return: the number of pages.
 */
unsigned long zone_reclaimable_pages(const struct zone *zone)
{
	struct lruvec *lruvec = &lruvecs[zone->node];
	unsigned long nr = 0;
	struct page *page;

	if (!READ_ONCE(lruvec->nr_pages))
		return 0;
	spin_lock(&lruvec->lock);
	list_for_each_entry(page, &lruvec->pages, lru)
		nr += page_zone(page) == zone;
	spin_unlock(&lruvec->lock);
	return nr;
}

unsigned long try_to_free_pages(gfp_t gfp, unsigned int order, unsigned long nodes)
{
	unsigned long target = SWAP_CLUSTER_MAX > (1UL << order) ? SWAP_CLUSTER_MAX : 1UL << order;

	count_vm_events(ALLOCSTALL, 1);
	return shrink_nodes(gfp, target, nodes, PGSCAN_DIRECT, PGSTEAL_DIRECT);
}

static bool pgdat_balanced(int nid)
{
	struct pglist_data *pgdat = NODE_DATA(nid);

	for (int i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *zone = &pgdat->node_zones[i];

		if (populated_zone(zone) &&
		    zone_page_state(zone, NR_FREE_PAGES) + pcp_count(zone) <=
			    high_wmark_pages(zone))
			return false;
	}
	return true;
}

/* pgdat_watermark_boosted() */
static bool pgdat_watermark_boosted(int nid)
{
	for (int i = 0; i < MAX_NR_ZONES; i++)
		if (READ_ONCE(NODE_DATA(nid)->node_zones[i].watermark_boost))
			return true;
	return false;
}

/*
 * set_reclaim_active() and clear_reclaim_active(): while kswapd balances a node, its populated
 * zones carry ZONE_RECLAIM_ACTIVE, which caps their per-CPU lists (nr_pcp_high()), so that the
 * pages reclaim frees reach the back end, where an allocation that is waiting finds them,
 * rather than sit on the lists of whichever CPU freed them.
 */
static void set_reclaim_active(struct pglist_data *pgdat)
{
	for (int i = 0; i < MAX_NR_ZONES; i++)
		if (populated_zone(&pgdat->node_zones[i]))
			__atomic_fetch_or(&pgdat->node_zones[i].flags, 1UL << ZONE_RECLAIM_ACTIVE,
					  __ATOMIC_RELAXED);
}

static void clear_reclaim_active(struct pglist_data *pgdat)
{
	for (int i = 0; i < MAX_NR_ZONES; i++)
		__atomic_fetch_and(&pgdat->node_zones[i].flags, ~(1UL << ZONE_RECLAIM_ACTIVE),
				   __ATOMIC_RELAXED);
}

/*
 * balance_pgdat(): reclaim until the node is above its high watermarks and the boosts are
 * reclaimed, or nothing gives; then the boosts it found are done with. The zones are marked
 * reclaim-active for the whole run.
 */
static void balance_pgdat(int nid)
{
	unsigned long boosts[MAX_NR_ZONES], nr_boost_reclaim = 0;
	struct pglist_data *pgdat = NODE_DATA(nid);

	for (int i = 0; i < MAX_NR_ZONES; i++) {
		boosts[i] = READ_ONCE(pgdat->node_zones[i].watermark_boost);
		nr_boost_reclaim += boosts[i];
	}
	set_reclaim_active(pgdat);
	while (nr_boost_reclaim || !pgdat_balanced(nid)) {
		unsigned long nr = shrink_nodes(GFP_KERNEL, SWAP_CLUSTER_MAX, 1UL << nid,
						PGSCAN_KSWAPD, PGSTEAL_KSWAPD);

		if (!nr)
			break;
		nr_boost_reclaim -= nr < nr_boost_reclaim ? nr : nr_boost_reclaim;
	}
	clear_reclaim_active(pgdat);
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *zone = &pgdat->node_zones[i];

		if (!boosts[i])
			continue;
		/* a fallback may have raised it meanwhile: only what was seen is reclaimed */
		spin_lock(&zone->lock);
		__atomic_store_n(&zone->watermark_boost,
				 zone->watermark_boost - (boosts[i] < zone->watermark_boost
								  ? boosts[i]
								  : zone->watermark_boost),
				 __ATOMIC_RELAXED);
		spin_unlock(&zone->lock);
	}
}

static void *kswapd_main(void *arg)
{
	struct kswapd *k = arg;

	pthread_setname_np(pthread_self(), "kswapd");
	pthread_mutex_lock(&k->lock);
	while (!k->stop) {
		if (!k->woken) {
			pthread_cond_wait(&k->wait, &k->lock);
			continue;
		}
		unsigned int order = k->order;
		enum zone_type highidx = k->highest_zoneidx;

		k->woken = false;
		k->order = 0;
		k->highest_zoneidx = MAX_NR_ZONES - 1;
		pthread_mutex_unlock(&k->lock);
		balance_pgdat(k->nid);
		/*
		 * kswapd_try_to_sleep(): on a balanced node the free pages are there; kcompactd
		 * makes them contiguous for the order kswapd was woken for
		 */
		if (pgdat_balanced(k->nid))
			wakeup_kcompactd(k->nid, order, highidx);
		pthread_mutex_lock(&k->lock);
	}
	pthread_mutex_unlock(&k->lock);
	return NULL;
}

void wakeup_kswapd(int nid)
{
	wakeup_kswapd_order(nid, 0, MAX_NR_ZONES - 1, GFP_KERNEL);
}

void wakeup_kswapd_order(int nid, unsigned int order, enum zone_type highest_zoneidx, gfp_t gfp)
{
	struct kswapd *k = &kswapds[nid];

	if (!k->started)
		return;
	if (pgdat_balanced(nid) && !pgdat_watermark_boosted(nid)) {
		/*
		 * Free memory enough, but perhaps too fragmented for @order: kcompactd decides,
		 * unless the allocation will compact by itself
		 */
		if (!(gfp & __GFP_DIRECT_RECLAIM))
			wakeup_kcompactd(nid, order, highest_zoneidx);
		return;
	}
	pthread_mutex_lock(&k->lock);
	if (k->order < order)
		k->order = order;
	if (k->highest_zoneidx > highest_zoneidx)
		k->highest_zoneidx = highest_zoneidx;
	if (!k->woken) {
		k->woken = true;
		count_vm_events(KSWAPD_WAKEUPS, 1);
		pthread_cond_signal(&k->wait);
	}
	pthread_mutex_unlock(&k->lock);
}

int vmscan_init(void)
{
	int nid;

	memset(vm_events, 0, sizeof(vm_events));
	for_each_online_node(nid) {
		struct kswapd *k = &kswapds[nid];

		spin_lock_init(&lruvecs[nid].lock);
		INIT_LIST_HEAD(&lruvecs[nid].pages);
		lruvecs[nid].nr_pages = lruvecs[nid].nr_dirty = 0;
		*k = (struct kswapd){ .nid = nid, .highest_zoneidx = MAX_NR_ZONES - 1 };
		pthread_mutex_init(&k->lock, NULL);
		pthread_cond_init(&k->wait, NULL);
		if (pthread_create(&k->thread, NULL, kswapd_main, k)) {
			fprintf(stderr, "kmem: cannot start kswapd for node %d\n", nid);
			vmscan_exit();
			return -EAGAIN;
		}
		k->started = true;
	}
	return 0;
}

void vmscan_exit(void)
{
	struct shrinker *shrinker, *next;
	int nid;

	/* shrinkers belong to the boot that registered them: none is called in the next one */
	pthread_rwlock_wrlock(&shrinker_rwsem);
	list_for_each_entry_safe(shrinker, next, &shrinker_list, list) {
		list_del_init(&shrinker->list);
		shrinker->flags &= ~SHRINKER_REGISTERED;
	}
	pthread_rwlock_unlock(&shrinker_rwsem);

	for_each_online_node(nid) {
		struct kswapd *k = &kswapds[nid];

		if (!k->started)
			continue;
		pthread_mutex_lock(&k->lock);
		k->stop = true;
		pthread_cond_signal(&k->wait);
		pthread_mutex_unlock(&k->lock);
		pthread_join(k->thread, NULL);
		k->started = false;
	}
}

/* ---- statistics ---------------------------------------------------------------------------- */

void kmem_get_vmstat(struct kmem_vmstat *out)
{
	struct zone *zone;

	memset(out, 0, sizeof(*out));
	for_each_populated_zone(zone) {
		unsigned long a[NR_PAGE_ORDERS] = { 0 }, f[NR_PAGE_ORDERS] = { 0 },
			      fr[NR_PAGE_ORDERS] = { 0 };

		page_alloc_stats(zone, a, f, fr);
		for (int o = 0; o < NR_PAGE_ORDERS; o++) {
			out->pgalloc += a[o] << o;
			out->pgfree += fr[o] << o;
			out->allocfail += f[o];
		}
	}
#define EV(field, item) out->field = READ_ONCE(vm_events[item])
	EV(allocstall, ALLOCSTALL);
	EV(pgscan_direct, PGSCAN_DIRECT);
	EV(pgsteal_direct, PGSTEAL_DIRECT);
	EV(pgscan_kswapd, PGSCAN_KSWAPD);
	EV(pgsteal_kswapd, PGSTEAL_KSWAPD);
	EV(kswapd_wakeups, KSWAPD_WAKEUPS);
	EV(pgwriteback, PGWRITEBACK);
	EV(dirty_skipped, DIRTY_SKIPPED);
	EV(slabs_scanned, SLABS_SCANNED);
	EV(shrinker_skipped_fs, SHRINKER_SKIPPED_FS);
	EV(shrinker_skipped_io, SHRINKER_SKIPPED_IO);
	EV(reclaim_retries, RECLAIM_RETRIES);
	EV(alloc_waits, ALLOC_WAITS);
	EV(compact_stall, COMPACTSTALL);
	EV(compact_fail, COMPACTFAIL);
	EV(compact_success, COMPACTSUCCESS);
	EV(compact_migrate_scanned, COMPACTMIGRATE_SCANNED);
	EV(compact_free_scanned, COMPACTFREE_SCANNED);
	EV(compact_isolated, COMPACTISOLATED);
	EV(compact_daemon_wake, KCOMPACTD_WAKE);
	EV(compact_daemon_migrate_scanned, KCOMPACTD_MIGRATE_SCANNED);
	EV(compact_daemon_free_scanned, KCOMPACTD_FREE_SCANNED);
	EV(pgmigrate_success, PGMIGRATE_SUCCESS);
	EV(pgmigrate_fail, PGMIGRATE_FAIL);
#undef EV
}

void kmem_print_vmstat(FILE *out)
{
	struct kmem_vmstat v;

	kmem_get_vmstat(&v);
	fprintf(out,
		"pgalloc %lu\npgfree %lu\nallocfail %lu\nallocstall %lu\npgscan_direct %lu\n"
		"pgsteal_direct %lu\npgscan_kswapd %lu\npgsteal_kswapd %lu\npageoutrun %lu\n"
		"pgwriteback %lu\ndirty_skipped %lu\nslabs_scanned %lu\nshrinker_skipped_fs %lu\n"
		"shrinker_skipped_io %lu\nreclaim_retries %lu\nalloc_waits %lu\nnr_pagecache %lu\n"
		"nr_dirty %lu\n",
		v.pgalloc, v.pgfree, v.allocfail, v.allocstall, v.pgscan_direct, v.pgsteal_direct,
		v.pgscan_kswapd, v.pgsteal_kswapd, v.kswapd_wakeups, v.pgwriteback, v.dirty_skipped,
		v.slabs_scanned, v.shrinker_skipped_fs, v.shrinker_skipped_io, v.reclaim_retries,
		v.alloc_waits, kmem_pagecache_pages(), kmem_pagecache_dirty());
	fprintf(out,
		"compact_stall %lu\ncompact_fail %lu\ncompact_success %lu\n"
		"compact_migrate_scanned %lu\ncompact_free_scanned %lu\ncompact_isolated %lu\n"
		"compact_daemon_wake %lu\ncompact_daemon_migrate_scanned %lu\n"
		"compact_daemon_free_scanned %lu\npgmigrate_success %lu\npgmigrate_fail %lu\n",
		v.compact_stall, v.compact_fail, v.compact_success, v.compact_migrate_scanned,
		v.compact_free_scanned, v.compact_isolated, v.compact_daemon_wake,
		v.compact_daemon_migrate_scanned, v.compact_daemon_free_scanned,
		v.pgmigrate_success, v.pgmigrate_fail);
}
