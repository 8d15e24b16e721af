// SPDX-License-Identifier: GPL-2.0
/*
 * kcompactd and proactive compaction (impl/mem/compaction.c) through the public API: kcompactd
 * runs after a high-order wake and makes high-order blocks; proactive compaction brings the
 * fragmentation score under its low mark, does nothing at proactiveness 0, runs by itself on the
 * model's clock, the same for the same operations; and both run beside allocating threads. A
 * back end that cannot be compacted (kmem_info.compaction_supported false) says so
 * (-EOPNOTSUPP) and nothing moves or wakes there.
 *
 * The fragmented memory the tests start from: RAM filled with movable order-0 pages, then
 * every other one freed, so that no two free pages are buddies and the score is 100:
 *
 *	before:  [M][.][M][.][M][.] ... [M][.][M][.]      score 100
 *	after:   [.][.][.][.] ...  [M][M][M][M][.][M]     score at or below 100 - proactiveness
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/migrate.h>
#include <linux/mm.h>
#include <linux/shrinker.h>

#include "harness.h"

#define MiB	 (1ULL << 20)
#define MAX_PFNS (1UL << 15) /* 128 MiB */
/* Movable, neither reclaim nor compaction: fills RAM down to the min watermark */
#define GFP_FILL ((GFP_HIGHUSER_MOVABLE | __GFP_NOWARN) & ~__GFP_RECLAIM)
/* A THP fault that may only wake kswapd (defrag "defer"): never compacts by itself */
#define GFP_THP_DEFER (GFP_TRANSHUGE_LIGHT | __GFP_KSWAPD_RECLAIM)

/* The owner: held[pfn] while its page is the test's, isolated[pfn] while compaction has it */
static struct {
	pthread_mutex_t lock;
	bool held[MAX_PFNS], isolated[MAX_PFNS];
} own = { .lock = PTHREAD_MUTEX_INITIALIZER };

static const struct movable_operations own_ops;

static bool own_isolate(struct page *page, isolate_mode_t mode __maybe_unused)
{
	unsigned long pfn = page_to_pfn(page);
	bool ok;

	pthread_mutex_lock(&own.lock);
	ok = pfn < MAX_PFNS && own.held[pfn] && !own.isolated[pfn];
	if (ok)
		own.isolated[pfn] = true;
	pthread_mutex_unlock(&own.lock);
	return ok;
}

static int own_migrate(struct page *dst, struct page *src, enum migrate_mode mode __maybe_unused)
{
	pthread_mutex_lock(&own.lock);
	own.held[page_to_pfn(src)] = own.isolated[page_to_pfn(src)] = false;
	own.held[page_to_pfn(dst)] = true;
	__ClearPageMovable(src);
	__SetPageMovable(dst, &own_ops);
	pthread_mutex_unlock(&own.lock);
	return MIGRATEPAGE_SUCCESS;
}

static void own_putback(struct page *page)
{
	pthread_mutex_lock(&own.lock);
	own.isolated[page_to_pfn(page)] = false;
	pthread_mutex_unlock(&own.lock);
}

static const struct movable_operations own_ops = {
	.isolate_page = own_isolate,
	.migrate_page = own_migrate,
	.putback_page = own_putback,
};

static void boot_arch(const char *arch, int proactiveness, int compaction)
{
	struct kmem_config cfg;

	harness_config(&cfg);
	cfg.arch = arch;
	cfg.mem_bytes = 64 * MiB;
	cfg.compaction = compaction;
	cfg.compaction_proactiveness = proactiveness;
	/* as in test_compaction: THP's raised min_free_kbytes would leave whole free pageblocks */
	cfg.thp = KMEM_THP_OFF;
	harness_reboot(&cfg);
	memset(own.held, 0, sizeof(own.held));
	memset(own.isolated, 0, sizeof(own.isolated));
}

static void boot(int proactiveness, int compaction)
{
	boot_arch("x86_64", proactiveness, compaction);
}

/* With @movable false the kept pages are the test's but not registered: nothing can move */
static void fill_checkerboard_of(bool movable)
{
	static struct page *all[MAX_PFNS];
	unsigned long n = 0;

	while (n < MAX_PFNS && (all[n] = alloc_pages(GFP_FILL, 0)))
		n++;
	for (unsigned long i = 0; i < n; i++) {
		unsigned long pfn = page_to_pfn(all[i]);

		if (pfn % 2) {
			__free_pages(all[i], 0);
			continue;
		}
		own.held[pfn] = true;
		if (movable)
			__SetPageMovable(all[i], &own_ops);
	}
	drain_all_pages(NULL);
}

static void fill_checkerboard(void)
{
	fill_checkerboard_of(true);
}

/*
 * Every page of the test's freed; one kcompactd has isolated is left to it, and taken when it
 * comes back (moved or put back): kcompactd may still be at work. Done after a pass that
 * found none held, as a page moved behind the pass is found by the next.
 */
static void own_free_all(void)
{
	for (bool left = true; left;) {
		left = false;
		for (unsigned long pfn = 0; pfn < MAX_PFNS; pfn++) {
			bool mine;

			pthread_mutex_lock(&own.lock);
			left |= own.held[pfn];
			mine = own.held[pfn] && !own.isolated[pfn];
			if (mine)
				own.held[pfn] = false;
			pthread_mutex_unlock(&own.lock);
			if (!mine)
				continue;
			__ClearPageMovable(pfn_to_page(pfn));
			__free_pages(pfn_to_page(pfn), 0);
		}
		if (left)
			harness_sleep_ms(1);
	}
	drain_all_pages(NULL);
}

/* Free blocks of @order or more, counted in blocks of @order, over every zone */
static unsigned long free_blocks_from(unsigned int order)
{
	struct kmem_zone_stats zs;
	unsigned long n = 0;

	for (int z = 0; z < KMEM_NR_ZONES; z++)
		if (!kmem_zone_stats(0, z, &zs) && zs.populated)
			for (unsigned int o = order; o < KMEM_NR_ORDERS; o++)
				n += zs.free_blocks[o] << (o - order);
	return n;
}

static bool compaction_supported(void)
{
	struct kmem_info info;

	kmem_get_info(&info);
	return info.compaction_supported;
}

TEST_UNBOOTED(proactive_needs_a_model)
{
	ASSERT_EQ(kmem_compact_proactive(), -ENODEV);
	ASSERT_EQ(kmem_fragmentation_score(0), -ENOENT);
	boot(0, 0);
	ASSERT_EQ(kmem_fragmentation_score(1), -ENOENT);
	kmem_shutdown();
	ASSERT_EQ(kmem_compact_proactive(), -ENODEV);
}

/* The switch: the default is the kernel's 20, 0 is off, out of range is refused */
TEST(proactiveness_switch)
{
	struct kmem_config cfg;
	struct kmem_info info;

	boot(0, 0);
	kmem_get_info(&info);
	ASSERT_EQ(info.compaction_proactiveness, compaction_supported() ? 20 : 0);
	boot(KMEM_OFF, 0);
	kmem_get_info(&info);
	ASSERT_EQ(info.compaction_proactiveness, 0);
	boot(0, KMEM_COMPACTION_OFF);
	kmem_get_info(&info);
	ASSERT_EQ(info.compaction_proactiveness, 0);
	kmem_shutdown();
	harness_config(&cfg);
	cfg.compaction_proactiveness = 101;
	harness_capture_begin();
	ASSERT_EQ(kmem_boot(&cfg), -EINVAL);
	ASSERT_CONTAINS(harness_capture_end(), "compaction_proactiveness 101 must be 0 to 100");
	harness_setenv("KMEM_COMPACTION_PROACTIVENESS", "7");
	ASSERT_EQ(kmem_config_from_env(&cfg), 0);
	ASSERT_EQ(cfg.compaction_proactiveness, 7);
	harness_setenv("KMEM_COMPACTION_PROACTIVENESS", "0");
	ASSERT_EQ(kmem_config_from_env(&cfg), 0);
	ASSERT_EQ(cfg.compaction_proactiveness, KMEM_OFF);
	harness_setenv("KMEM_COMPACTION_PROACTIVENESS", "x");
	harness_capture_begin();
	ASSERT_EQ(kmem_config_from_env(&cfg), -EINVAL);
	ASSERT_CONTAINS(harness_capture_end(), "KMEM_COMPACTION_PROACTIVENESS='x'");
	harness_setenv("KMEM_COMPACTION_PROACTIVENESS", NULL);
}

/*
 * A THP fault that may not compact fails on the checkerboard and wakes kcompactd (the node
 * needs no reclaim, so not kswapd), which makes order-9 blocks in the background
 */
TEST(kcompactd_runs_after_a_high_order_wake)
{
	struct kmem_vmstat v;
	struct page *page;

	boot(KMEM_OFF, 0);
	fill_checkerboard();
	ASSERT_EQ(free_blocks_from(9), 0UL);
	/* fails, unless kcompactd was quicker than the slow path's second look */
	page = alloc_pages(GFP_THP_DEFER, 9);
	if (page)
		__free_pages(page, 9);
	/* kcompactd's own pace: waited for, never timed */
	for (int i = 0; i < 3000; i++) {
		kmem_get_vmstat(&v);
		if (!compaction_supported() || (v.compact_daemon_wake && free_blocks_from(9)))
			break;
		harness_sleep_ms(10);
	}
	kmem_get_vmstat(&v);
	if (!compaction_supported()) {
		ASSERT_EQ(v.compact_daemon_wake, 0UL);
		ASSERT_EQ(free_blocks_from(9), 0UL);
		own_free_all();
		return;
	}
	ASSERT_GE(v.compact_daemon_wake, 1UL);
	ASSERT_GT(v.compact_daemon_migrate_scanned, 0UL);
	ASSERT_GT(v.compact_daemon_free_scanned, 0UL);
	ASSERT_GT(v.pgmigrate_success, 0UL);
	ASSERT_GT(free_blocks_from(9), 0UL);
	page = alloc_pages(GFP_THP_DEFER, 9);
	ASSERT_NOT_NULL(page);
	__free_pages(page, 9);
	own_free_all();
}

/* KMEM_KCOMPACTD=0: the same wake finds no kcompactd, and nothing moves */
TEST(kcompactd_off_leaves_the_checkerboard)
{
	struct kmem_config cfg;
	struct kmem_info info;
	struct kmem_vmstat v;

	harness_config(&cfg);
	cfg.mem_bytes = 64 * MiB;
	cfg.thp = KMEM_THP_OFF;
	cfg.compaction_proactiveness = KMEM_OFF;
	cfg.kcompactd = KMEM_OFF;
	harness_reboot(&cfg);
	memset(own.held, 0, sizeof(own.held));
	kmem_get_info(&info);
	ASSERT_FALSE(info.kcompactd);
	fill_checkerboard();
	ASSERT_NULL(alloc_pages(GFP_THP_DEFER, 9));
	kmem_get_vmstat(&v);
	ASSERT_EQ(v.compact_daemon_wake, 0UL);
	ASSERT_EQ(v.pgmigrate_success, 0UL);
	ASSERT_EQ(free_blocks_from(9), 0UL);
	own_free_all();
	boot(0, 0);
	kmem_get_info(&info);
	ASSERT_EQ(info.kcompactd, compaction_supported());
}

/*
 * kswapd woken for order 9 on a node below its high watermark (the page cache filled the
 * checkerboard's holes) reclaims, then, going to sleep on the balanced node, wakes kcompactd
 * for order 9, which moves the page cache. kswapd alone stops just above the high watermark,
 * short of what compaction needs (compact_gap()), so a shrinker holds it in reclaim while the
 * test frees its own half of RAM: at kswapd's sleep the node is balanced, with free memory
 * only in single pages between the page cache's.
 */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool in_reclaim, go;
} hold = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, false };

static unsigned long hold_count(struct shrinker *s __maybe_unused,
				struct shrink_control *sc __maybe_unused)
{
	return 1;
}

static unsigned long hold_scan(struct shrinker *s __maybe_unused,
			       struct shrink_control *sc __maybe_unused)
{
	pthread_mutex_lock(&hold.lock);
	hold.in_reclaim = true;
	pthread_cond_broadcast(&hold.cond);
	while (!hold.go)
		pthread_cond_wait(&hold.cond, &hold.lock);
	pthread_mutex_unlock(&hold.lock);
	return SHRINK_STOP;
}

TEST(kswapd_wakes_kcompactd_as_it_sleeps)
{
	struct shrinker *shrinker;
	struct kmem_vmstat v;

	boot(KMEM_OFF, 0);
	fill_checkerboard();
	ASSERT_GT(kmem_pagecache_fill(MAX_PFNS, false), 0UL);
	hold.in_reclaim = hold.go = false;
	shrinker = shrinker_alloc(0, "kcompactd-test-hold");
	ASSERT_NOT_NULL(shrinker);
	shrinker->count_objects = hold_count;
	shrinker->scan_objects = hold_scan;
	shrinker_register(shrinker);
	ASSERT_NULL(alloc_pages(GFP_THP_DEFER, 9));
	pthread_mutex_lock(&hold.lock);
	while (!hold.in_reclaim)
		pthread_cond_wait(&hold.cond, &hold.lock);
	pthread_mutex_unlock(&hold.lock);
	own_free_all();
	pthread_mutex_lock(&hold.lock);
	hold.go = true;
	pthread_cond_broadcast(&hold.cond);
	pthread_mutex_unlock(&hold.lock);
	/* kswapd's and kcompactd's own pace: waited for, never timed */
	for (int i = 0; i < 3000; i++) {
		kmem_get_vmstat(&v);
		if (!compaction_supported() || (v.compact_daemon_wake && free_blocks_from(9)))
			break;
		harness_sleep_ms(10);
	}
	kmem_get_vmstat(&v);
	ASSERT_GE(v.kswapd_wakeups, 1UL);
	if (compaction_supported()) {
		ASSERT_GE(v.compact_daemon_wake, 1UL);
		ASSERT_GT(v.compact_daemon_migrate_scanned, 0UL);
		ASSERT_GT(free_blocks_from(9), 0UL);
	} else {
		ASSERT_EQ(v.compact_daemon_wake, 0UL);
	}
	shrinker_free(shrinker);
	kmem_pagecache_drop();
}

/*
 * kmem_compact_proactive() on the checkerboard: the score falls from 100 to the low mark (80 at
 * the default 20) or below; at proactiveness 0 nothing moves
 */
static void proactive_on_arch(const char *arch)
{
	struct kmem_vmstat v;

	boot_arch(arch, 0, 0);
	fill_checkerboard();
	ASSERT_GT(kmem_fragmentation_score(0), 90);
	if (!compaction_supported()) {
		ASSERT_EQ(kmem_compact_proactive(), -EOPNOTSUPP);
		own_free_all();
		return;
	}
	ASSERT_EQ(kmem_compact_proactive(), 1);
	ASSERT_LE(kmem_fragmentation_score(0), 80);
	kmem_get_vmstat(&v);
	ASSERT_GT(v.compact_daemon_migrate_scanned, 0UL);
	ASSERT_GT(v.pgmigrate_success, 0UL);
	/* under the high mark now: nothing to do */
	ASSERT_EQ(kmem_compact_proactive(), 0);
	own_free_all();

	boot_arch(arch, KMEM_OFF, 0);
	fill_checkerboard();
	ASSERT_EQ(kmem_compact_proactive(), 0);
	ASSERT_GT(kmem_fragmentation_score(0), 90);
	kmem_get_vmstat(&v);
	ASSERT_EQ(v.compact_daemon_migrate_scanned, 0UL);
	ASSERT_EQ(v.pgmigrate_success, 0UL);
	own_free_all();
}

/* x86_32's zones are DMA and Normal where x86_64's are DMA and DMA32: the score weighs both */
TEST(proactive_compaction_reaches_the_low_mark)
{
	proactive_on_arch("x86_64");
	proactive_on_arch("x86_32");
}

/*
 * The backoff: where proactive compaction cannot lower the score (nothing is movable), the next
 * 63 checks leave the node alone, as kcompactd sleeps 64 intervals; the 64th tries again
 */
TEST(proactive_compaction_backs_off_without_progress)
{
	struct kmem_vmstat v;
	unsigned long scanned;

	boot(0, 0);
	fill_checkerboard_of(false);
	if (!compaction_supported()) {
		ASSERT_EQ(kmem_compact_proactive(), -EOPNOTSUPP);
		own_free_all();
		return;
	}
	ASSERT_EQ(kmem_compact_proactive(), 1);
	kmem_get_vmstat(&v);
	scanned = v.compact_daemon_migrate_scanned;
	ASSERT_GT(scanned, 0UL);
	ASSERT_EQ(v.pgmigrate_success, 0UL);
	ASSERT_GT(kmem_fragmentation_score(0), 90);
	for (int i = 0; i < 63; i++)
		ASSERT_EQ(kmem_compact_proactive(), 0);
	kmem_get_vmstat(&v);
	ASSERT_EQ(v.compact_daemon_migrate_scanned, scanned);
	ASSERT_EQ(kmem_compact_proactive(), 1);
	kmem_get_vmstat(&v);
	ASSERT_GT(v.compact_daemon_migrate_scanned, scanned);
	own_free_all();
}

/*
 * The model's clock: 65536 operations of CPU 0's lists make the check without being asked, and
 * the same operations on a fresh boot give the same counters and the same free blocks
 */
static void tick_run(struct kmem_vmstat *v, unsigned long *blocks)
{
	boot(0, 0);
	ASSERT_EQ(kmem_thread_enter(0), 0);
	fill_checkerboard();
	for (int i = 0; i < 40000; i++)
		__free_pages(alloc_pages(GFP_KERNEL, 0), 0);
	kmem_get_vmstat(v);
	*blocks = free_blocks_from(9);
	own_free_all();
}

TEST(proactive_compaction_runs_on_the_model_clock)
{
	struct kmem_vmstat a, b;
	unsigned long blocks_a, blocks_b;

	tick_run(&a, &blocks_a);
	tick_run(&b, &blocks_b);
	if (!compaction_supported()) {
		ASSERT_EQ(a.compact_daemon_migrate_scanned, 0UL);
		return;
	}
	ASSERT_GT(a.compact_daemon_migrate_scanned, 0UL);
	ASSERT_GT(blocks_a, 0UL);
	ASSERT_EQ(a.compact_daemon_migrate_scanned, b.compact_daemon_migrate_scanned);
	ASSERT_EQ(a.compact_daemon_free_scanned, b.compact_daemon_free_scanned);
	ASSERT_EQ(a.pgmigrate_success, b.pgmigrate_success);
	ASSERT_EQ(blocks_a, blocks_b);
}

/*
 * Direct compaction, kcompactd and proactive compaction beside threads that fill and drop the
 * page cache and allocate and free unmovable blocks: under TSan, no race; after, every page
 * back and no bad page
 */
#define NR_THREADS 3
static bool stop_threads;

static void *churn(void *arg)
{
	unsigned long id = (unsigned long)arg;
	struct page *held[64] = { 0 };

	for (unsigned long n = 0; !__atomic_load_n(&stop_threads, __ATOMIC_RELAXED); n++) {
		unsigned int slot = (unsigned int)(n % 64);

		if (id == 0) {
			kmem_pagecache_fill(256, n % 2);
			if (n % 8 == 7)
				kmem_pagecache_drop();
			continue;
		}
		if (held[slot])
			__free_pages(held[slot], (unsigned int)(slot % 4));
		held[slot] = alloc_pages(GFP_KERNEL | __GFP_NOWARN, slot % 4);
	}
	for (unsigned int i = 0; i < 64; i++)
		if (held[i])
			__free_pages(held[i], i % 4);
	return NULL;
}

TEST(compaction_and_kcompactd_beside_allocating_threads)
{
	pthread_t t[NR_THREADS];
	unsigned long free_before;

	boot(0, 0);
	free_before = nr_free_pages();
	stop_threads = false;
	fill_checkerboard();
	for (unsigned long i = 0; i < NR_THREADS; i++)
		ASSERT_EQ(pthread_create(&t[i], NULL, churn, (void *)i), 0);
	for (int n = 0; n < 30; n++) {
		struct page *page = alloc_pages(n % 2 ? GFP_TRANSHUGE : GFP_THP_DEFER, 9);

		if (page)
			__free_pages(page, 9);
		ASSERT_EQ(kmem_compact_proactive() >= 0, compaction_supported());
	}
	__atomic_store_n(&stop_threads, true, __ATOMIC_RELAXED);
	for (int i = 0; i < NR_THREADS; i++)
		pthread_join(t[i], NULL);
	own_free_all();
	/*
	 * kcompactd may still be at work: a page cache page it has isolated goes back to the LRU
	 * after a drop, to be dropped by the next
	 */
	for (int i = 0; i < 3000; i++) {
		kmem_pagecache_drop();
		drain_all_pages(NULL);
		if (nr_free_pages() == free_before)
			break;
		harness_sleep_ms(10);
	}
	ASSERT_EQ(nr_free_pages(), free_before);
	ASSERT_EQ(kmem_bad_page_count(), 0UL);
}
