// SPDX-License-Identifier: GPL-2.0
/*
 * gfp flags whose meaning is reclaim (DESIGN.md section 5): what direct reclaim may do (__GFP_IO
 * for dirty page cache, __GFP_FS and __GFP_IO for shrinkers that need them), that a request
 * without __GFP_DIRECT_RECLAIM never reclaims or sleeps but wakes kswapd, how hard a request
 * tries (__GFP_NORETRY, __GFP_RETRY_MAYFAIL, __GFP_NOFAIL, costly orders, should_reclaim_retry()),
 * kswapd's cap on the per-CPU lists while it reclaims, and the vmstat events that count it all.
 *
 * Every test boots x86_64 with 64 MiB and, except the one about kswapd capping them, no per-CPU
 * lists, so zone free counts are exact.
 * Requests meant to test direct reclaim alone drop __GFP_KSWAPD_RECLAIM (DIRECT_ONLY()), so that
 * kswapd, which would reclaim with GFP_KERNEL in the background, cannot blur what the request
 * itself was allowed to do; kswapd has its own test.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/shrinker.h>

#include "harness.h"

#define MiB (1ULL << 20)

/* Neither reclaims nor wakes kswapd; no __GFP_HIGH, so it stops at each zone's min watermark */
#define GFP_FILL	 (__GFP_IO | __GFP_FS | __GFP_NOWARN)
#define DIRECT_ONLY(gfp) ((gfp) & ~__GFP_KSWAPD_RECLAIM)
/* No watermark stops it: this empties RAM, without waking a kswapd that would linger */
#define GFP_EMPTY (DIRECT_ONLY(GFP_KERNEL) | __GFP_MEMALLOC | __GFP_NOWARN)

static void pcs_teardown(void);

static void boot(void)
{
	struct kmem_config cfg;

	/* a shrinker a failed test left registered must not outlive the model it belonged to */
	pcs_teardown();
	harness_config(&cfg);
	cfg.arch = "x86_64";
	cfg.mem_bytes = 64 * MiB;
	cfg.pcp = KMEM_PCP_OFF;
	/* the watermarks as the formula sets them: no fallback may boost them meanwhile */
	cfg.watermark_boost_factor = KMEM_OFF;
	harness_reboot(&cfg);
}

/* Moves up to @n pages from @from to @to */
static void split_list(struct list_head *from, struct list_head *to, unsigned long n)
{
	while (n-- && !list_empty(from))
		list_move(from->next, to);
}

/*
 * Frees @pages and drops the page cache, then waits (kswapd may still hold a few pages it is
 * freeing) until every page is back: nr_free_pages() must return to @start.
 */
static void release_all(struct list_head *pages, unsigned long start)
{
	long until = harness_now_ms() + 5000;

	harness_free_list(pages);
	kmem_pagecache_drop();
	while (nr_free_pages() != start && harness_now_ms() < until)
		harness_sleep_ms(1);
	ASSERT_EQ(nr_free_pages(), start);
	ASSERT_EQ(kmem_pagecache_pages(), 0);
	ASSERT_EQ(kmem_bad_page_count(), 0);
}

/*
 * Without __GFP_IO reclaim may not write dirty pages back. With RAM full of dirty page cache,
 * GFP_NOIO reclaims nothing: every page it looked at was skipped as dirty, none written back.
 * The dirty pages still count as reclaimable (should_reclaim_retry() asks whether free plus
 * reclaimable pages would pass the min watermark, not whether this request may write them), so
 * the request goes round MAX_RECLAIM_RETRIES (16) times after its first fruitless pass and
 * fails on the 17th: 17 reclaim passes, 16 retries, one failure. GFP_NOFS, which has __GFP_IO
 * (only __GFP_FS is missing), then writes pages back and frees them, and gets its page after
 * one pass, without a retry: everything it reclaimed was written back first.
 */
TEST(noio_cannot_reclaim_dirty_pages)
{
	unsigned long start, filled;
	struct kmem_vmstat v0, v1;
	struct page *page;
	LIST_HEAD(pages);

	boot();
	start = nr_free_pages();
	filled = kmem_pagecache_fill(~0UL, true);
	ASSERT_GT(filled, start / 2);
	ASSERT_EQ(kmem_pagecache_dirty(), filled);

	v0 = harness_vmstat();
	ASSERT_NULL(alloc_pages(DIRECT_ONLY(GFP_NOIO) | __GFP_NOWARN, 0));
	v1 = harness_vmstat();
	ASSERT_EQ(v1.allocstall, v0.allocstall + 17);
	ASSERT_EQ(v1.reclaim_retries, v0.reclaim_retries + 16);
	ASSERT_EQ(v1.alloc_waits, v0.alloc_waits);
	ASSERT_GT(v1.dirty_skipped, v0.dirty_skipped);
	ASSERT_EQ(v1.pgwriteback, v0.pgwriteback);
	ASSERT_EQ(v1.pgsteal_direct, v0.pgsteal_direct);
	ASSERT_EQ(v1.allocfail, v0.allocfail + 1);
	ASSERT_EQ(kmem_pagecache_pages(), filled);
	ASSERT_EQ(kmem_pagecache_dirty(), filled);

	page = alloc_pages(DIRECT_ONLY(GFP_NOFS), 0);
	ASSERT_NOT_NULL(page);
	harness_keep(&pages, page, 0);
	v0 = v1;
	v1 = harness_vmstat();
	ASSERT_EQ(v1.allocstall, v0.allocstall + 1);
	ASSERT_EQ(v1.reclaim_retries, v0.reclaim_retries);
	ASSERT_GT(v1.pgwriteback, v0.pgwriteback);
	ASSERT_EQ(v1.pgsteal_direct - v0.pgsteal_direct, filled - kmem_pagecache_pages());
	ASSERT_EQ(v1.pgwriteback - v0.pgwriteback, filled - kmem_pagecache_pages());
	ASSERT_GE(v1.pgscan_direct - v0.pgscan_direct, v1.pgsteal_direct - v0.pgsteal_direct);
	ASSERT_EQ(kmem_pagecache_dirty(), kmem_pagecache_pages());
	release_all(&pages, start);
}

/*
 * GFP_NOIO still reclaims clean pages. Dirty pages are filled first, so they are the oldest, at
 * the LRU's tail where reclaim starts; GFP_NOIO passes over them to the clean ones behind, and
 * succeeds without writing back a single page: the dirty count is untouched.
 */
TEST(noio_reclaims_clean_pages_only)
{
	unsigned long start, dirty, clean;
	struct kmem_vmstat v0, v1;
	struct page *page;
	LIST_HEAD(pages);

	boot();
	start = nr_free_pages();
	dirty = kmem_pagecache_fill(start / 4, true);
	ASSERT_EQ(dirty, start / 4);
	clean = kmem_pagecache_fill(~0UL, false);
	ASSERT_GT(clean, start / 2);

	v0 = harness_vmstat();
	page = alloc_pages(DIRECT_ONLY(GFP_NOIO), 0);
	ASSERT_NOT_NULL(page);
	harness_keep(&pages, page, 0);
	v1 = harness_vmstat();
	ASSERT_GT(v1.dirty_skipped, v0.dirty_skipped);
	ASSERT_EQ(v1.pgwriteback, v0.pgwriteback);
	ASSERT_GT(v1.pgsteal_direct, v0.pgsteal_direct);
	ASSERT_EQ(kmem_pagecache_dirty(), dirty);
	ASSERT_EQ(kmem_pagecache_pages(), dirty + clean - (v1.pgsteal_direct - v0.pgsteal_direct));
	release_all(&pages, start);
}

/*
 * A shrinker that owns pages (a cache of whole pages, as a filesystem's inode cache would be):
 * count_objects reports them, scan_objects frees up to nr_to_scan of them. It lives in static
 * storage, so a test that fails with it registered leaves nothing dangling: the next setup
 * unregisters it first.
 */
static struct page_cache_shrinker {
	struct shrinker *shrinker;
	pthread_mutex_t lock;
	struct list_head pages;
	unsigned long nr_pages;
	unsigned long scans; /* scan_objects calls */
	unsigned long freed;
} pcs = { .lock = PTHREAD_MUTEX_INITIALIZER };

static unsigned long pcs_count(struct shrinker *shrinker, struct shrink_control *sc)
{
	struct page_cache_shrinker *c = shrinker->private_data;
	unsigned long n;

	(void)sc;
	pthread_mutex_lock(&c->lock);
	n = c->nr_pages;
	pthread_mutex_unlock(&c->lock);
	return n ? n : SHRINK_EMPTY;
}

static unsigned long pcs_scan(struct shrinker *shrinker, struct shrink_control *sc)
{
	struct page_cache_shrinker *c = shrinker->private_data;
	unsigned long n = 0;

	pthread_mutex_lock(&c->lock);
	c->scans++;
	while (n < sc->nr_to_scan && !list_empty(&c->pages)) {
		struct page *page = list_first_entry(&c->pages, struct page, lru);

		list_del(&page->lru);
		__free_pages(page, 0);
		n++;
	}
	c->nr_pages -= n;
	c->freed += n;
	pthread_mutex_unlock(&c->lock);
	sc->nr_scanned = n;
	return n;
}

static void pcs_teardown(void)
{
	shrinker_free(pcs.shrinker);
	pcs.shrinker = NULL;
}

/* Registers the shrinker with @flags, owning @nr pages allocated now */
static void pcs_setup(unsigned int flags, unsigned long nr)
{
	pcs_teardown();
	INIT_LIST_HEAD(&pcs.pages);
	pcs.nr_pages = pcs.scans = pcs.freed = 0;
	for (unsigned long i = 0; i < nr; i++) {
		struct page *page = alloc_pages(GFP_KERNEL, 0);

		ASSERT_NOT_NULL(page);
		list_add(&page->lru, &pcs.pages);
		pcs.nr_pages++;
	}
	pcs.shrinker = shrinker_alloc(flags, "test-%s", flags & SHRINKER_NEEDS_FS ? "fs" : "io");
	ASSERT_NOT_NULL(pcs.shrinker);
	pcs.shrinker->count_objects = pcs_count;
	pcs.shrinker->scan_objects = pcs_scan;
	pcs.shrinker->private_data = &pcs;
	shrinker_register(pcs.shrinker);
}

static unsigned long pcs_read(const unsigned long *field)
{
	unsigned long v;

	pthread_mutex_lock(&pcs.lock);
	v = *field;
	pthread_mutex_unlock(&pcs.lock);
	return v;
}

/* Unregisters the shrinker and gives its remaining pages to @pages */
static void pcs_release(struct list_head *pages)
{
	struct page *page, *next;

	pcs_teardown();
	list_for_each_entry_safe(page, next, &pcs.pages, lru) {
		list_del(&page->lru);
		harness_keep(pages, page, 0);
	}
}

/*
 * Frees memory only through a shrinker registered with @flags: RAM is full (GFP_FILL, no page
 * cache), and only the shrinker's 512 pages are reclaimable. @without, a mask lacking the flag
 * the shrinker needs, fails: the shrinker is skipped at every priority (counted in @skipped) and
 * never scanned. @with then gets its page from what the shrinker freed.
 */
static void expect_shrinker_needs(unsigned int flags, gfp_t without, gfp_t with,
				  size_t skipped_offset)
{
	unsigned long start, skipped0;
	struct kmem_vmstat v0, v1;
	struct page *page;
	LIST_HEAD(pages);

	boot();
	start = nr_free_pages();
	pcs_setup(flags, 512);
	harness_exhaust(&pages, GFP_FILL);

	v0 = harness_vmstat();
	skipped0 = *(unsigned long *)((char *)&v0 + skipped_offset);
	ASSERT_NULL(alloc_pages(DIRECT_ONLY(without) | __GFP_NOWARN, 0));
	v1 = harness_vmstat();
	ASSERT_EQ(pcs_read(&pcs.scans), 0);
	ASSERT_EQ(pcs_read(&pcs.nr_pages), 512);
	ASSERT_GT(*(unsigned long *)((char *)&v1 + skipped_offset), skipped0);
	ASSERT_EQ(v1.slabs_scanned, v0.slabs_scanned);
	ASSERT_EQ(v1.allocstall, v0.allocstall + 1);

	page = alloc_pages(DIRECT_ONLY(with), 0);
	ASSERT_NOT_NULL(page);
	harness_keep(&pages, page, 0);
	v0 = v1;
	v1 = harness_vmstat();
	ASSERT_GT(pcs_read(&pcs.scans), 0);
	ASSERT_GT(pcs_read(&pcs.freed), 0);
	ASSERT_EQ(pcs_read(&pcs.nr_pages), 512 - pcs_read(&pcs.freed));
	ASSERT_EQ(v1.slabs_scanned - v0.slabs_scanned, pcs_read(&pcs.freed));
	ASSERT_EQ(v1.pgsteal_direct - v0.pgsteal_direct, pcs_read(&pcs.freed));
	ASSERT_EQ(*(unsigned long *)((char *)&v1 + skipped_offset),
		  *(unsigned long *)((char *)&v0 + skipped_offset));
	pcs_release(&pages);
	release_all(&pages, start);
}

/* GFP_NOFS skips a SHRINKER_NEEDS_FS shrinker (vmstat shrinker_skipped_fs); GFP_KERNEL uses it */
TEST(nofs_skips_fs_shrinker)
{
	expect_shrinker_needs(SHRINKER_NEEDS_FS, GFP_NOFS, GFP_KERNEL,
			      offsetof(struct kmem_vmstat, shrinker_skipped_fs));
}

/* GFP_NOIO skips a SHRINKER_NEEDS_IO shrinker; GFP_NOFS, which has __GFP_IO, uses it */
TEST(noio_skips_io_shrinker)
{
	expect_shrinker_needs(SHRINKER_NEEDS_IO, GFP_NOIO, GFP_NOFS,
			      offsetof(struct kmem_vmstat, shrinker_skipped_io));
}

/*
 * GFP_NOWAIT (only __GFP_KSWAPD_RECLAIM) never reclaims itself: with RAM full of clean page
 * cache it enters no direct reclaim (allocstall unchanged) but wakes kswapd, which then reclaims
 * in the background until every zone is above its high watermark (pgsteal_kswapd), within 2 s.
 * Filling the page cache alone woke nobody.
 */
TEST(nowait_wakes_kswapd_only)
{
	struct kmem_vmstat v0, v1;
	unsigned long start, filled;
	struct page *page;
	LIST_HEAD(pages);
	long until;

	boot();
	start = nr_free_pages();
	filled = kmem_pagecache_fill(~0UL, false);
	ASSERT_GT(filled, start / 2);
	ASSERT_EQ(harness_vmstat().kswapd_wakeups, 0);
	ASSERT_LE(harness_zstats(ZONE_DMA32).free, harness_zstats(ZONE_DMA32).watermark[WMARK_MIN]);

	v0 = harness_vmstat();
	page = alloc_pages(GFP_NOWAIT | __GFP_NOWARN, 0);
	if (page)
		harness_keep(&pages, page, 0);
	v1 = harness_vmstat();
	ASSERT_EQ(v1.allocstall, v0.allocstall);
	ASSERT_EQ(v1.pgsteal_direct, v0.pgsteal_direct);
	ASSERT_EQ(v1.kswapd_wakeups, v0.kswapd_wakeups + 1);

	until = harness_now_ms() + 2000;
	while (harness_zstats(ZONE_DMA32).free <=
		       harness_zstats(ZONE_DMA32).watermark[WMARK_HIGH] &&
	       harness_now_ms() < until)
		harness_sleep_ms(1);
	ASSERT_GT(harness_zstats(ZONE_DMA32).free,
		  harness_zstats(ZONE_DMA32).watermark[WMARK_HIGH]);
	v1 = harness_vmstat();
	ASSERT_GT(v1.pgsteal_kswapd, v0.pgsteal_kswapd);
	ASSERT_GE(v1.pgscan_kswapd, v1.pgsteal_kswapd);
	ASSERT_EQ(v1.allocstall, v0.allocstall);
	ASSERT_LT(kmem_pagecache_pages(), filled);
	release_all(&pages, start);
}

/*
 * A shrinker that holds kswapd inside reclaim: its first scan tells the test it has started and
 * waits until the test opens the gate; it never frees anything. It reports one object, so it is
 * scanned at every priority.
 */
static struct {
	struct shrinker *shrinker;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool entered, open;
	unsigned long scans;
} gate = { .lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER };

static unsigned long gate_count(struct shrinker *shrinker, struct shrink_control *sc)
{
	(void)shrinker;
	(void)sc;
	return 1;
}

static unsigned long gate_scan(struct shrinker *shrinker, struct shrink_control *sc)
{
	(void)shrinker;
	pthread_mutex_lock(&gate.lock);
	gate.entered = true;
	gate.scans++;
	pthread_cond_broadcast(&gate.cond);
	while (!gate.open)
		pthread_cond_wait(&gate.cond, &gate.lock);
	pthread_mutex_unlock(&gate.lock);
	sc->nr_scanned = 0;
	return 0;
}

static void gate_open(void)
{
	pthread_mutex_lock(&gate.lock);
	gate.open = true;
	pthread_cond_broadcast(&gate.cond);
	pthread_mutex_unlock(&gate.lock);
}

/* Waits (up to 5 s, then fails rather than hang) until kswapd is held in the gate */
static void gate_wait_entered(void)
{
	long until = harness_now_ms() + 5000;
	bool entered;

	for (;;) {
		pthread_mutex_lock(&gate.lock);
		entered = gate.entered;
		pthread_mutex_unlock(&gate.lock);
		if (entered)
			return;
		if (harness_now_ms() > until) {
			gate_open();
			FAIL("kswapd never reached the shrinker");
		}
		harness_sleep_ms(1);
	}
}

/* The pages of @from in @zone_idx, up to @n, moved to @to */
static unsigned long take_zone_pages(struct list_head *from, struct list_head *to,
				     enum zone_type zone_idx, unsigned long n)
{
	struct page *page, *next;
	unsigned long taken = 0;

	list_for_each_entry_safe(page, next, from, lru) {
		if (taken == n)
			break;
		if (page_zonenum(page) != zone_idx)
			continue;
		list_move(&page->lru, to);
		taken++;
	}
	return taken;
}

/*
 * ZONE_RECLAIM_ACTIVE: while kswapd balances a node, a free keeps each per-CPU list at four
 * batches at most, so that what reclaim frees reaches the back end. Per-CPU lists on, with a
 * fixed high far above four batches (percpu_pagelist_high_fraction 8), this thread on CPU 0.
 * RAM is filled to the min watermarks without waking kswapd, a GFP_NOWAIT request wakes it, and
 * kswapd is held inside reclaim by the gate shrinker. 200 DMA32 pages freed then leave at most
 * four batches on CPU 0's DMA32 list (high stays fixed). Once the gate opens and kswapd is done,
 * the cap goes: the next frees stay on the list, beyond four batches.
 */
TEST(kswapd_caps_pcp_lists_while_reclaiming)
{
	struct kmem_pcp_stats st, capped;
	struct kmem_config cfg;
	LIST_HEAD(pages);
	LIST_HEAD(burst);
	int capped_ret;
	struct page *page;
	unsigned long start;
	long until;

	pcs_teardown();
	harness_config(&cfg);
	cfg.arch = "x86_64";
	cfg.mem_bytes = 64 * MiB;
	cfg.pcp_high_fraction = 8;
	cfg.watermark_boost_factor = KMEM_OFF;
	harness_reboot(&cfg);
	ASSERT_EQ(kmem_thread_enter(0), 0);
	gate.entered = gate.open = false;
	gate.scans = 0;
	gate.shrinker = shrinker_alloc(0, "test-gate");
	ASSERT_NOT_NULL(gate.shrinker);
	gate.shrinker->count_objects = gate_count;
	gate.shrinker->scan_objects = gate_scan;
	shrinker_register(gate.shrinker);

	start = nr_free_pages();
	harness_exhaust(&pages, GFP_FILL);
	ASSERT_EQ(kmem_pcp_stats(0, ZONE_DMA32, 0, &st), 0);
	ASSERT_EQ(st.high, st.high_min);
	ASSERT_EQ(st.high, st.high_max);
	ASSERT_GT(st.high, 4 * st.batch + 200);
	ASSERT_EQ(take_zone_pages(&pages, &burst, ZONE_DMA32, 400), 400);
	page = alloc_pages(GFP_NOWAIT | __GFP_NOWARN, 0);
	if (page)
		harness_keep(&pages, page, 0);
	gate_wait_entered();

	for (int i = 0; i < 200; i++) {
		page = list_first_entry(&burst, struct page, lru);
		list_del(&page->lru);
		__free_pages(page, 0);
	}
	/* kswapd is let go before any check, so that a failed one cannot leave it held */
	capped_ret = kmem_pcp_stats(0, ZONE_DMA32, 0, &capped);
	gate_open();
	ASSERT_EQ(capped_ret, 0);
	ASSERT_LE(capped.count, 4 * capped.batch);
	ASSERT_EQ(capped.high, capped.high_min);

	until = harness_now_ms() + 5000;
	while (!list_empty(&burst)) {
		page = list_first_entry(&burst, struct page, lru);
		list_del(&page->lru);
		__free_pages(page, 0);
		ASSERT_EQ(kmem_pcp_stats(0, ZONE_DMA32, 0, &st), 0);
		if (st.count > 4 * st.batch)
			break;
		if (harness_now_ms() > until)
			FAIL("the per-CPU list is still capped 5 s after kswapd was let go");
		harness_sleep_ms(1);
	}
	ASSERT_GT(st.count, 4 * st.batch);
	shrinker_free(gate.shrinker);
	gate.shrinker = NULL;
	harness_free_list(&burst);
	release_all(&pages, start);
}

/*
 * GFP_ATOMIC and GFP_NOWAIT never sleep: with RAM empty each returns NULL at once (well under
 * 100 ms), without reclaim or waiting for frees; each failure is counted (allocfail). GFP_ATOMIC's
 * is reported as the kernel's "page allocation failure" line naming the mode; GFP_NOWAIT's is
 * silent, since 6.8's GFP_NOWAIT carries __GFP_NOWARN.
 */
TEST(atomic_and_nowait_never_sleep)
{
	static const struct {
		gfp_t gfp;
		const char *name; /* NULL: no warning */
	} cases[] = {
		{ GFP_ATOMIC, "GFP_ATOMIC" },
		{ GFP_NOWAIT, NULL },
	};
	struct kmem_vmstat v0, v1;
	unsigned long start;
	LIST_HEAD(pages);

	boot();
	start = nr_free_pages();
	harness_exhaust(&pages, GFP_EMPTY);
	ASSERT_EQ(nr_free_pages(), 0);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *err;
		struct page *page;
		long t0;

		v0 = harness_vmstat();
		t0 = harness_now_ms();
		harness_capture_begin();
		page = alloc_pages(cases[i].gfp, 0);
		err = harness_capture_end();
		ASSERT_NULL(page);
		ASSERT_LT(harness_now_ms() - t0, 100);
		v1 = harness_vmstat();
		ASSERT_EQ(v1.allocstall, v0.allocstall);
		ASSERT_EQ(v1.alloc_waits, v0.alloc_waits);
		ASSERT_EQ(v1.allocfail, v0.allocfail + 1);
		if (!cases[i].name) {
			ASSERT_STREQ(err, "");
			continue;
		}
		ASSERT_CONTAINS(err, "page allocation failure: order:0, mode:");
		ASSERT_CONTAINS(err, cases[i].name);
	}
	release_all(&pages, start);
}

/*
 * The failure report is 6.18's warn_alloc(): "page allocation failure: order:N, mode:...,
 * nodemask=(null)" and the zones' state (show_mem's "Mem-Info:"), never with __GFP_NOWARN, and
 * at most one every 10 s (nopage_rs: a burst of 1). Three failing GFP_KERNEL requests in a row
 * print one report; a __GFP_NOWARN one prints nothing. Each failure is counted all the same.
 */
TEST(failure_report_once_per_ten_seconds)
{
	struct kmem_vmstat v0, v1;
	unsigned long start;
	const char *err;
	LIST_HEAD(pages);

	boot();
	start = nr_free_pages();
	harness_exhaust(&pages, GFP_FILL);
	v0 = harness_vmstat();
	harness_capture_begin();
	for (int i = 0; i < 3; i++)
		ASSERT_NULL(alloc_pages(DIRECT_ONLY(GFP_KERNEL), 0));
	err = harness_capture_end();
	ASSERT_EQ(harness_count(err, "page allocation failure: order:0, mode:"), 1);
	ASSERT_EQ(harness_count(err, "nodemask=(null)"), 1);
	ASSERT_EQ(harness_count(err, "Mem-Info:"), 1);
	harness_capture_begin();
	ASSERT_NULL(alloc_pages(DIRECT_ONLY(GFP_KERNEL) | __GFP_NOWARN, 0));
	err = harness_capture_end();
	ASSERT_STREQ(err, "");
	v1 = harness_vmstat();
	ASSERT_EQ(v1.allocfail, v0.allocfail + 4);
	release_all(&pages, start);
}

/* A thread that frees @pages after @delay_ms, as another task's exit would */
struct late_free {
	pthread_t thread;
	struct list_head pages;
	long delay_ms;
};

static void *late_free_main(void *arg)
{
	struct late_free *lf = arg;

	harness_sleep_ms(lf->delay_ms);
	harness_free_list(&lf->pages);
	return NULL;
}

/* Starts a thread that frees @nr of @pages (taken from the list now) after @delay_ms */
static void late_free_start(struct late_free *lf, struct list_head *pages, unsigned long nr,
			    long delay_ms)
{
	INIT_LIST_HEAD(&lf->pages);
	split_list(pages, &lf->pages, nr);
	lf->delay_ms = delay_ms;
	if (pthread_create(&lf->thread, NULL, late_free_main, lf))
		FAIL("pthread_create failed");
}

/*
 * When reclaim cannot help, no request goes round again. With RAM at the min watermarks and
 * nothing reclaimable, no zone would pass its min watermark even with every reclaimable page
 * freed, so should_reclaim_retry() says no after the first pass: __GFP_NORETRY, a plain
 * GFP_KERNEL request (where 6.18 would turn to the OOM killer, which the model has not) and
 * __GFP_RETRY_MAYFAIL alike fail after exactly one reclaim pass, without a retry or a wait for
 * other threads' frees, each counted as one failure.
 */
TEST(no_retry_when_reclaim_cannot_help)
{
	static const gfp_t cases[] = {
		GFP_KERNEL | __GFP_NORETRY,
		GFP_KERNEL,
		GFP_KERNEL | __GFP_RETRY_MAYFAIL,
	};
	struct kmem_vmstat v0, v1;
	unsigned long start;
	LIST_HEAD(pages);

	boot();
	start = nr_free_pages();
	harness_exhaust(&pages, GFP_FILL);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		v0 = harness_vmstat();
		ASSERT_NULL(alloc_pages(DIRECT_ONLY(cases[i]) | __GFP_NOWARN, 0));
		v1 = harness_vmstat();
		ASSERT_EQ(v1.allocstall, v0.allocstall + 1);
		ASSERT_EQ(v1.reclaim_retries, v0.reclaim_retries);
		ASSERT_EQ(v1.alloc_waits, v0.alloc_waits);
		ASSERT_EQ(v1.allocfail, v0.allocfail + 1);
	}
	release_all(&pages, start);
}

/*
 * __GFP_NOFAIL never returns NULL: with RAM empty it waits until another thread frees 512 pages
 * after 100 ms, counted in alloc_waits. 6.18 has no warning for a long wait (the "page
 * allocation stalls" one was removed in 4.15), so nothing is printed, even with the kmap
 * wait threshold KMEM_STALL_WARN_MS at 10 ms, which the model once applied here too.
 */
TEST(nofail_waits_for_frees_silently)
{
	struct kmem_vmstat v0, v1;
	struct late_free lf;
	struct page *page;
	unsigned long start;
	const char *err;
	LIST_HEAD(pages);
	long t0;

	harness_setenv("KMEM_STALL_WARN_MS", "10");
	boot();
	start = nr_free_pages();
	harness_exhaust(&pages, GFP_EMPTY);
	v0 = harness_vmstat();
	t0 = harness_now_ms();
	late_free_start(&lf, &pages, 512, 100);
	harness_capture_begin();
	page = alloc_pages(GFP_KERNEL | __GFP_NOFAIL, 0);
	err = harness_capture_end();
	pthread_join(lf.thread, NULL);
	ASSERT_NOT_NULL(page);
	harness_keep(&pages, page, 0);
	ASSERT_GE(harness_now_ms() - t0, 90);
	v1 = harness_vmstat();
	ASSERT_GT(v1.alloc_waits, v0.alloc_waits);
	ASSERT_EQ(v1.allocfail, v0.allocfail);
	ASSERT_NOT_CONTAINS(err, "stalls");
	ASSERT_NOT_CONTAINS(err, "page allocation");
	release_all(&pages, start);
}

/*
 * __GFP_NOFAIL without __GFP_DIRECT_RECLAIM is a caller bug that 6.18 warns about and fails
 * (it cannot wait in a context that may not sleep). With RAM at the min watermarks the
 * __GFP_KSWAPD_RECLAIM | __GFP_NOFAIL request returns NULL with the warning and never enters
 * reclaim; GFP_NOWAIT | __GFP_NOFAIL fails the same way, silently (__GFP_NOWARN).
 */
TEST(nofail_without_direct_reclaim_fails)
{
	struct kmem_vmstat v0, v1;
	struct page *page;
	unsigned long start;
	const char *err;
	LIST_HEAD(pages);

	boot();
	start = nr_free_pages();
	harness_exhaust(&pages, GFP_FILL);
	v0 = harness_vmstat();
	harness_capture_begin();
	page = alloc_pages(__GFP_KSWAPD_RECLAIM | __GFP_NOFAIL, 0);
	err = harness_capture_end();
	ASSERT_NULL(page);
	ASSERT_CONTAINS(err, "__GFP_NOFAIL without __GFP_DIRECT_RECLAIM");
	harness_capture_begin();
	page = alloc_pages(GFP_NOWAIT | __GFP_NOFAIL, 0);
	err = harness_capture_end();
	ASSERT_NULL(page);
	ASSERT_STREQ(err, "");
	v1 = harness_vmstat();
	ASSERT_EQ(v1.allocstall, v0.allocstall);
	release_all(&pages, start);
}

/*
 * Costly orders. RAM is made of single free pages: everything is taken, every odd pfn given back
 * and then filled with clean page cache, so reclaim frees only pages whose neighbours are held
 * and no block above order 0 can ever form:
 *
 *	pfn	even	odd	even	odd	...
 *		held	cache	held	cache
 *
 * Each reclaim pass makes progress (frees 32 pages) without helping. An order-4 request
 * (above PAGE_ALLOC_COSTLY_ORDER) without __GFP_RETRY_MAYFAIL gives up after that one pass, and
 * so does an order-3 one with __GFP_NORETRY. With __GFP_RETRY_MAYFAIL the order-4 request may go
 * round again only where compaction runs (a costly order is retried only if it may compact),
 * and each of its passes counts as fruitless however much it freed (a costly order's progress
 * proves nothing), so it stops within MAX_RECLAIM_RETRIES more passes with most of the page
 * cache still there. On the buddy back ends the watermark check's free-area test sees that no
 * order-4 block is free even if all the cache went, so should_reclaim_retry() says no, and
 * compaction is already at the lowest priority a costly order gets: one pass, as in 6.18.
 * bitmap and freelist count no free blocks per order, so for them the free pages alone answer
 * and the request goes round again. None of them waits for other threads' frees.
 */
TEST(costly_order_and_noretry_give_up_after_one_pass)
{
	unsigned long start, cached, held = 0;
	struct page *page, *next;
	struct kmem_vmstat v0, v1;
	struct kmem_info info;
	LIST_HEAD(pages);

	boot();
	start = nr_free_pages();
	harness_exhaust(&pages, GFP_EMPTY);
	list_for_each_entry_safe(page, next, &pages, lru) {
		if (page_to_pfn(page) & 1) {
			list_del(&page->lru);
			__free_pages(page, 0);
		} else {
			held++;
		}
	}
	cached = kmem_pagecache_fill(~0UL, false);
	ASSERT_GT(cached, held / 2);
	ASSERT_EQ(harness_zstats(ZONE_DMA32).free_blocks[1], 0);

	v0 = harness_vmstat();
	ASSERT_NULL(alloc_pages(DIRECT_ONLY(GFP_KERNEL) | __GFP_NOWARN, 4));
	v1 = harness_vmstat();
	ASSERT_EQ(v1.allocstall, v0.allocstall + 1);
	ASSERT_GT(v1.pgsteal_direct, v0.pgsteal_direct);
	ASSERT_EQ(kmem_pagecache_pages(), cached - (v1.pgsteal_direct - v0.pgsteal_direct));
	ASSERT_EQ(v1.allocfail, v0.allocfail + 1);

	v0 = v1;
	ASSERT_NULL(alloc_pages(DIRECT_ONLY(GFP_KERNEL) | __GFP_NORETRY | __GFP_NOWARN, 3));
	v1 = harness_vmstat();
	ASSERT_EQ(v1.allocstall, v0.allocstall + 1);
	ASSERT_GT(v1.pgsteal_direct, v0.pgsteal_direct);
	ASSERT_EQ(v1.alloc_waits, v0.alloc_waits);

	v0 = v1;
	ASSERT_NULL(alloc_pages(DIRECT_ONLY(GFP_KERNEL) | __GFP_RETRY_MAYFAIL | __GFP_NOWARN, 4));
	v1 = harness_vmstat();
	kmem_get_info(&info);
	if (info.compaction && strncmp(info.backend, "buddy", 5))
		ASSERT_GT(v1.allocstall, v0.allocstall + 1);
	else
		ASSERT_EQ(v1.allocstall, v0.allocstall + 1);
	ASSERT_LE(v1.allocstall, v0.allocstall + 1 + 16);
	ASSERT_EQ(v1.reclaim_retries - v0.reclaim_retries, v1.allocstall - v0.allocstall - 1);
	ASSERT_EQ(v1.alloc_waits, v0.alloc_waits);
	ASSERT_GT(kmem_pagecache_pages(), cached / 2);
	release_all(&pages, start);
}

/*
 * Single free pages between held ones: everything is taken and every even pfn given back. Half
 * of RAM is free, far above every watermark, but no free block is larger than a page, and
 * neither reclaim (there is nothing to reclaim) nor compaction (nothing is movable) can make
 * one; compaction still runs, since the zone has the free pages to compact into:
 *
 *	pfn	even	odd	even	odd	...
 *		free	held	free	held
 */
static void free_between_held(struct list_head *held)
{
	struct page *page, *next;

	harness_exhaust(held, GFP_EMPTY);
	list_for_each_entry_safe(page, next, held, lru) {
		if (!(page_to_pfn(page) & 1)) {
			list_del(&page->lru);
			__free_pages(page, 0);
		}
	}
	ASSERT_EQ(harness_zstats(ZONE_DMA32).free_blocks[1], 0);
	ASSERT_GT(harness_zstats(ZONE_DMA32).free,
		  harness_zstats(ZONE_DMA32).watermark[WMARK_HIGH]);
}

/*
 * Where 6.18 compacts. A costly order, and any order > 0 that is not movable, compacts once
 * before reclaiming (asynchronously): an unmovable block made by compaction fragments less than
 * one found by falling back. Then, after each reclaim pass, every order > 0 compacts. On free
 * pages between held ones, an order-3 __GFP_NORETRY request fails after one reclaim pass; the
 * unmovable one (GFP_KERNEL) has compacted twice by then, the movable one
 * (GFP_HIGHUSER_MOVABLE) once. Where the back end cannot be compacted (freelist) neither does.
 */
TEST(order3_compaction_before_and_after_reclaim)
{
	static const struct {
		gfp_t gfp;
		unsigned long compactions;
	} cases[] = {
		{ DIRECT_ONLY(GFP_KERNEL), 2 },
		{ DIRECT_ONLY(GFP_HIGHUSER_MOVABLE), 1 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct kmem_vmstat v0, v1;
		struct kmem_info info;
		unsigned long start;
		LIST_HEAD(pages);

		boot();
		kmem_get_info(&info);
		start = nr_free_pages();
		free_between_held(&pages);
		v0 = harness_vmstat();
		ASSERT_NULL(alloc_pages(cases[i].gfp | __GFP_NORETRY | __GFP_NOWARN, 3));
		v1 = harness_vmstat();
		ASSERT_EQ(v1.allocstall, v0.allocstall + 1);
		ASSERT_EQ(v1.compact_stall - v0.compact_stall,
			  info.compaction ? cases[i].compactions : 0);
		ASSERT_EQ(v1.compact_fail - v0.compact_fail, v1.compact_stall - v0.compact_stall);
		ASSERT_EQ(v1.pgmigrate_success, v0.pgmigrate_success);
		release_all(&pages, start);
	}
}
