// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU page lists as in Linux 6.18 (impl/mem/pcp.c), through the public stats: the lists
 * cache orders 0..3 and the pageblock order, each block coming back to the CPU that freed it
 * without the back end; high grows under a burst of frees and decays back to high_min; with
 * KMEM_PCP_TUNE=0 it stays fixed; a run of order-3 frees is given back at once (free_high); the
 * sizes follow zone_batchsize() and zone_highsize(); draining empties every list; and several
 * threads sharing CPUs leave every page back (TSan-clean in the tsan build).
 *
 * Every back end: the lists sit in front of whichever one is booted.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/mm.h>

#include "harness.h"

#define MiB (1ULL << 20)

static int nr_cpus(void)
{
	struct kmem_info info;

	kmem_get_info(&info);
	return info.nr_cpus;
}

static struct kmem_pcp_stats pcp_stats(int zone_idx, int cpu)
{
	struct kmem_pcp_stats st;

	ASSERT_EQ(kmem_pcp_stats(0, zone_idx, cpu, &st), 0);
	return st;
}

/*
 * Allocate a block of @order, free it, allocate again: the second allocation is the same
 * block, served by this CPU's list (pcp_hit counts it) while the back end's free pages stay
 * as they were.
 */
static void same_block_again(gfp_t gfp, unsigned int order)
{
	struct kmem_zone_stats before, after;
	struct kmem_pcp_stats st;
	struct page *page, *again;
	int zone_idx;

	page = alloc_pages(gfp, order);
	ASSERT_NOT_NULL(page);
	zone_idx = page_zonenum(page);
	__free_pages(page, order);
	st = pcp_stats(zone_idx, 0);
	ASSERT_GE(st.blocks[order], 1);
	ASSERT_GE(st.count, 1 << order);

	before = harness_zstats(zone_idx);
	again = alloc_pages(gfp, order);
	after = harness_zstats(zone_idx);
	ASSERT_EQ(again, page);
	ASSERT_EQ(after.free, before.free);
	ASSERT_EQ(after.pcp_hit[order], before.pcp_hit[order] + 1);
	ASSERT_EQ(after.pcp_free, before.pcp_free - (1UL << order));
	__free_pages(again, order);
}

TEST(lists_hold_order3_and_order9)
{
	harness_boot("x86_64", 64 * MiB);
	ASSERT_EQ(kmem_thread_enter(0), 0);
	same_block_again(GFP_KERNEL, 0);
	same_block_again(GFP_KERNEL, 3);
	same_block_again(GFP_KERNEL | __GFP_MOVABLE, 3);
	same_block_again(GFP_KERNEL, pageblock_order);
	same_block_again(GFP_HIGHUSER_MOVABLE, pageblock_order);
}

/* Orders between the costly order and the pageblock order, and above, bypass the lists */
TEST(other_orders_bypass_the_lists)
{
	struct kmem_zone_stats before, after;
	struct page *page;

	harness_boot("x86_64", 64 * MiB);
	ASSERT_EQ(kmem_thread_enter(0), 0);
	for (unsigned int order = PAGE_ALLOC_COSTLY_ORDER + 1; order <= MAX_PAGE_ORDER; order++) {
		if (order == pageblock_order)
			continue;
		page = alloc_pages(GFP_KERNEL, order);
		ASSERT_NOT_NULL(page);
		before = harness_zstats(page_zonenum(page));
		__free_pages(page, order);
		after = harness_zstats(page_zonenum(page));
		ASSERT_EQ(after.pcp_free, before.pcp_free);
		ASSERT_EQ(after.free, before.free + (1UL << order));
	}
}

/* The drain paths empty every (migratetype, order) list */
TEST(drain_empties_every_list)
{
	struct page *pages[4];
	unsigned int orders[4] = { 0, 2, 3, pageblock_order };

	harness_boot("x86_64", 64 * MiB);
	ASSERT_EQ(kmem_thread_enter(0), 0);
	for (int i = 0; i < 4; i++) {
		pages[i] = alloc_pages(i & 1 ? GFP_KERNEL : GFP_HIGHUSER_MOVABLE, orders[i]);
		ASSERT_NOT_NULL(pages[i]);
	}
	for (int i = 0; i < 4; i++)
		__free_pages(pages[i], orders[i]);
	ASSERT_GE(harness_zstats(ZONE_DMA32).pcp_free, 1UL << pageblock_order);
	drain_all_pages(NULL);
	for (int z = 0; z < KMEM_NR_ZONES; z++) {
		struct kmem_zone_stats zs;

		ASSERT_EQ(kmem_zone_stats(0, z, &zs), 0);
		ASSERT_EQ(zs.pcp_free, 0);
		if (!zs.populated)
			continue;
		for (int cpu = 0; cpu < nr_cpus(); cpu++) {
			struct kmem_pcp_stats st = pcp_stats(z, cpu);

			ASSERT_EQ(st.count, 0);
			for (int o = 0; o < KMEM_NR_ORDERS; o++)
				ASSERT_EQ(st.blocks[o], 0);
		}
	}
}

/*
 * zone_batchsize() and zone_highsize() recomputed: batch is a quarter of managed / 1024 (at
 * most 256 pages), times 1.5, rounded down to a power of two, minus one; high_min is the low
 * watermark shared by the node's CPUs (one node: all), high_max an eighth of the zone shared
 * likewise, both at least 4 batches; high starts at high_min.
 */
static void check_sizes(int zone_idx, bool tuned)
{
	struct kmem_zone_stats zs = harness_zstats(zone_idx);
	unsigned long batch = zs.managed >> 10, high_min, high_max;
	int cpus = nr_cpus();

	if (batch > 256)
		batch = 256;
	batch /= 4;
	if (batch < 1)
		batch = 1;
	batch += batch / 2;
	while (batch & (batch - 1))
		batch &= batch - 1;
	batch = batch > 1 ? batch - 1 : 1;
	high_min = zs.watermark[1] / (unsigned long)cpus;
	if (high_min < batch * 4)
		high_min = batch * 4;
	high_max = zs.managed / 8 / (unsigned long)cpus;
	if (high_max < batch * 4)
		high_max = batch * 4;
	for (int cpu = 0; cpu < cpus; cpu++) {
		struct kmem_pcp_stats st = pcp_stats(zone_idx, cpu);

		ASSERT_EQ(st.batch, (int)batch);
		ASSERT_EQ(st.high_min, (int)high_min);
		ASSERT_EQ(st.high_max, tuned ? (int)high_max : (int)high_min);
		ASSERT_EQ(st.high, (int)high_min);
	}
}

TEST(sizes_follow_zone_batchsize_and_zone_highsize)
{
	struct kmem_info info;

	harness_boot("x86_64", 6 * 1024 * MiB);
	kmem_get_info(&info);
	ASSERT_TRUE(info.pcp_tune);
	ASSERT_EQ(info.pcp_high_fraction, 0);
	check_sizes(ZONE_DMA32, true);
	check_sizes(ZONE_NORMAL, true);
	/* 63 pages on large zones, as /proc/zoneinfo shows on any machine with some RAM */
	ASSERT_EQ(pcp_stats(ZONE_NORMAL, 0).batch, 63);

	harness_setenv("KMEM_PCP_TUNE", "0");
	harness_boot("x86_64", 6 * 1024 * MiB);
	kmem_get_info(&info);
	ASSERT_FALSE(info.pcp_tune);
	check_sizes(ZONE_DMA32, false);
	check_sizes(ZONE_NORMAL, false);
}

/* percpu_pagelist_high_fraction: high is managed / fraction per CPU, and fixed */
TEST(high_fraction_sets_a_fixed_high)
{
	struct kmem_config cfg;
	struct kmem_zone_stats zs;
	struct kmem_pcp_stats st;

	harness_setenv("KMEM_PCP_HIGH_FRACTION", "16");
	harness_boot("x86_64", 6 * 1024 * MiB);
	zs = harness_zstats(ZONE_NORMAL);
	st = pcp_stats(ZONE_NORMAL, 0);
	ASSERT_EQ(st.high_min, (int)(zs.managed / 16 / (unsigned long)nr_cpus()));
	ASSERT_EQ(st.high_max, st.high_min);

	/* below 8 the lists could take more than an eighth of a zone: refused, as by the sysctl */
	harness_config(&cfg);
	cfg.pcp_high_fraction = 7;
	kmem_shutdown();
	harness_capture_begin();
	ASSERT_EQ(kmem_boot(&cfg), -EINVAL);
	ASSERT_TRUE(strstr(harness_capture_end(), "percpu_pagelist_high_fraction 7") != NULL);
	ASSERT_FALSE(kmem_booted());
}

TEST_UNBOOTED(pcp_tune_env_is_checked)
{
	struct kmem_config cfg;

	harness_setenv("KMEM_PCP_TUNE", "yes");
	harness_capture_begin();
	ASSERT_EQ(kmem_config_from_env(&cfg), -EINVAL);
	ASSERT_TRUE(strstr(harness_capture_end(), "KMEM_PCP_TUNE='yes' must be 0 or 1") != NULL);
	harness_setenv("KMEM_PCP_TUNE", "0");
	ASSERT_EQ(kmem_config_from_env(&cfg), 0);
	ASSERT_EQ(cfg.pcp_tune, KMEM_PCP_TUNE_OFF);
}

/*
 * A burst of order-0 frees on one CPU: @n pages allocated first (the refills raise high too,
 * so high is decayed back to high_min before the frees), then freed one after another.
 * Returns the stats right after the last free.
 */
static struct kmem_pcp_stats free_burst(int zone_idx, unsigned long n)
{
	struct page **pages = calloc(n, sizeof(*pages));
	struct kmem_pcp_stats st;

	ASSERT_NOT_NULL(pages);
	for (unsigned long i = 0; i < n; i++) {
		pages[i] = alloc_pages(GFP_KERNEL, 0);
		ASSERT_NOT_NULL(pages[i]);
		ASSERT_EQ(page_zonenum(pages[i]), zone_idx);
	}
	for (int i = 0; i < 1000 && kmem_pcp_decay(); i++)
		;
	st = pcp_stats(zone_idx, 0);
	ASSERT_EQ(st.high, st.high_min);
	for (unsigned long i = 0; i < n; i++)
		__free_pages(pages[i], 0);
	free(pages);
	return pcp_stats(zone_idx, 0);
}

/*
 * A free over high raises high to the run of frees plus a batch (free_count is capped at the
 * scaled batch, 2016 pages with batch 63), so frees grow high only where high_min is below
 * that: a zone with batch 63 and a low watermark small against it, here NORMAL at 768 MiB
 * beside a 4 GiB DMA32, with its share of min_free_kbytes. That is without THP (KMEM_THP=0):
 * khugepaged's raised min_free_kbytes would lift NORMAL's low watermark, and high_min with it,
 * above what a run of frees can reach.
 */
#define GROW_MEM (4 * 1024 * MiB + 768 * MiB)

TEST(high_grows_under_a_free_burst_and_decays)
{
	struct kmem_pcp_stats st, prev;
	int ticks = 0;

	harness_setenv("KMEM_THP", "0");
	harness_boot("x86_64", GROW_MEM);
	ASSERT_EQ(kmem_thread_enter(0), 0);
	st = pcp_stats(ZONE_NORMAL, 0);
	ASSERT_EQ(st.batch, 63);
	ASSERT_LT(st.high_min, (st.batch << 5) + st.batch);
	ASSERT_LT(st.high_min, st.high_max);
	st = free_burst(ZONE_NORMAL, 2UL * (unsigned long)st.high_max);
	/* high followed the run of frees */
	ASSERT_GT(st.high, st.high_min);
	ASSERT_LE(st.high, st.high_max);
	ASSERT_LE(st.count, st.high);

	/* each tick takes an eighth off, down to high_min, and gives back what is above high */
	for (;;) {
		prev = st;
		if (!kmem_pcp_decay())
			break;
		st = pcp_stats(ZONE_NORMAL, 0);
		ASSERT_LT(st.high, prev.high);
		ASSERT_GE(st.high, st.high_min);
		ASSERT_LE(st.count, st.high);
		ASSERT_LT(++ticks, 1000);
	}
	st = pcp_stats(ZONE_NORMAL, 0);
	ASSERT_EQ(st.high, st.high_min);
	ASSERT_LE(st.count, st.high_min);
	/* gradually: not in one tick */
	ASSERT_GT(ticks, 1);
}

/*
 * Below the high watermark (ZONE_BELOW_HIGH, seen by the allocator) every free lowers high by
 * at least a batch, down to high_min, and the lists give back what is above high_min: the
 * pages go where reclaim would otherwise have to find them.
 */
TEST(below_high_watermark_lists_shrink)
{
	struct kmem_pcp_stats st;
	struct page *page;
	LIST_HEAD(pages);
	unsigned long start;
	int high_before, count_before;

	harness_boot("x86_64", GROW_MEM);
	ASSERT_EQ(kmem_thread_enter(0), 0);
	start = nr_free_pages();
	/* NORMAL until its low watermark, on the way past high: the refills raised high */
	for (;;) {
		page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0);
		ASSERT_NOT_NULL(page);
		if (page_zonenum(page) != ZONE_NORMAL) {
			__free_pages(page, 0);
			break;
		}
		harness_keep(&pages, page, 0);
	}
	st = pcp_stats(ZONE_NORMAL, 0);
	ASSERT_LT(harness_zstats(ZONE_NORMAL).free, harness_zstats(ZONE_NORMAL).watermark[2]);
	high_before = st.high;
	count_before = st.count;
	ASSERT_GT(high_before, st.high_min + st.batch);
	/* what the last refill left on the list is above high_min: a free gives a batch back */
	ASSERT_GT(count_before, st.high_min);

	page = list_first_entry(&pages, struct page, lru);
	list_del(&page->lru);
	__free_pages(page, 0);
	st = pcp_stats(ZONE_NORMAL, 0);
	ASSERT_LE(st.high, high_before - st.batch);
	ASSERT_EQ(st.count, count_before + 1 - st.batch);

	harness_free_list(&pages);
	st = pcp_stats(ZONE_NORMAL, 0);
	ASSERT_LE(st.count, st.high);
	drain_all_pages(NULL);
	ASSERT_EQ(nr_free_pages(), start);
}

TEST(pcp_tune_off_keeps_high_fixed)
{
	struct kmem_pcp_stats st;

	harness_setenv("KMEM_PCP_TUNE", "0");
	harness_boot("x86_64", GROW_MEM);
	ASSERT_EQ(kmem_thread_enter(0), 0);
	st = pcp_stats(ZONE_NORMAL, 0);
	ASSERT_EQ(st.high_max, st.high_min);
	st = free_burst(ZONE_NORMAL, 8UL * (unsigned long)st.high_min);
	ASSERT_EQ(st.high, st.high_min);
	ASSERT_LT(st.count, st.high);
	ASSERT_EQ(kmem_pcp_decay(), 0);
	ASSERT_EQ(pcp_stats(ZONE_NORMAL, 0).high, st.high_min);
}

/*
 * free_high: a run of order-3 frees with no allocation between is given back at once, and
 * high drops, where the lists would otherwise keep them all (they fit under high_max, and the
 * run's frees raise high towards it). The run is longer than twice the threshold
 * (free_count >= batch + high_min / 2).
 */
TEST(order3_free_run_is_given_back)
{
	struct page *pages[64];
	struct kmem_pcp_stats st;
	int n;

	harness_setenv("KMEM_THP", "0"); /* as high_grows_under_a_free_burst_and_decays says */
	harness_boot("x86_64", GROW_MEM);
	ASSERT_EQ(kmem_thread_enter(0), 0);
	st = pcp_stats(ZONE_NORMAL, 0);
	n = st.high_max / 8 - 1 < 64 ? st.high_max / 8 - 1 : 64;
	ASSERT_GT(n * 8, 2 * (st.batch + st.high_min / 2));
	for (int i = 0; i < n; i++) {
		pages[i] = alloc_pages(GFP_KERNEL, 3);
		ASSERT_NOT_NULL(pages[i]);
		ASSERT_EQ(page_zonenum(pages[i]), ZONE_NORMAL);
	}
	for (int i = 0; i < n; i++)
		__free_pages(pages[i], 3);
	st = pcp_stats(ZONE_NORMAL, 0);
	ASSERT_LT(st.blocks[3], (unsigned long)n / 2);
	ASSERT_LE(st.count, st.high);
}

/* kmem_print_zones() shows each CPU's list set as /proc/zoneinfo's "pagesets" does */
TEST(print_zones_shows_pagesets)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out;
	struct kmem_pcp_stats st;
	char expect[256];
	int zones = 0;

	harness_boot("x86_64", 64 * MiB);
	for (int z = 0; z < KMEM_NR_ZONES; z++)
		zones += harness_zstats(z).populated;
	out = open_memstream(&text, &len);
	ASSERT_NOT_NULL(out);
	kmem_print_zones(out);
	fclose(out);
	st = pcp_stats(ZONE_DMA32, 0);
	snprintf(expect, sizeof(expect),
		 "  pagesets\n    cpu: 0\n              count:    %d\n              high:     "
		 "%d\n              batch:    %d\n              high_min: %d\n              "
		 "high_max: %d\n",
		 st.count, st.high, st.batch, st.high_min, st.high_max);
	ASSERT_TRUE(strstr(text, expect) != NULL);
	ASSERT_EQ(harness_count(text, "  pagesets\n"), (unsigned int)zones);
	ASSERT_EQ(harness_count(text, "    cpu: "), (unsigned int)(zones * nr_cpus()));
	free(text);

	harness_setenv("KMEM_PCP", "0");
	harness_boot("x86_64", 64 * MiB);
	out = open_memstream(&text, &len);
	ASSERT_NOT_NULL(out);
	kmem_print_zones(out);
	fclose(out);
	ASSERT_EQ(harness_count(text, "pagesets"), 0);
	free(text);
}

/*
 * Threads sharing CPUs (twice as many threads as CPUs) allocate and free every cached order
 * and some others, while one thread keeps decaying and draining the lists: every page comes
 * back, and the tsan build sees no race.
 */
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define PCP_THREAD_OPS 4000
#else
#define PCP_THREAD_OPS 20000
#endif

struct pcp_worker {
	pthread_t thread;
	int cpu;
	unsigned int seed;
	bool failed;
};

static int pcp_stop;

static void *pcp_worker_main(void *arg)
{
	static const unsigned int orders[] = { 0, 0, 0, 1, 2, 3, 3, 4, pageblock_order };
	struct pcp_worker *w = arg;
	struct page *ring[16] = { NULL };
	unsigned int ring_order[16] = { 0 };

	kmem_thread_enter(w->cpu);
	for (int i = 0; i < PCP_THREAD_OPS; i++) {
		int slot = (int)(rand_r(&w->seed) % 16);
		unsigned int order = orders[rand_r(&w->seed) % (sizeof(orders) / sizeof(*orders))];
		gfp_t gfp = rand_r(&w->seed) & 1 ? GFP_KERNEL : GFP_HIGHUSER_MOVABLE;

		if (ring[slot])
			__free_pages(ring[slot], ring_order[slot]);
		ring[slot] = alloc_pages(gfp | __GFP_NOWARN, order);
		ring_order[slot] = order;
		if (ring[slot] && page_count(ring[slot]) != 1)
			w->failed = true;
	}
	for (int i = 0; i < 16; i++)
		if (ring[i])
			__free_pages(ring[i], ring_order[i]);
	return NULL;
}

static void *pcp_decayer_main(void *arg)
{
	(void)arg;
	while (!__atomic_load_n(&pcp_stop, __ATOMIC_ACQUIRE)) {
		kmem_pcp_decay();
		drain_all_pages(NULL);
	}
	return NULL;
}

TEST(threads_share_cpus)
{
	int n = 2 * nr_cpus() < 4 ? 4 : 2 * nr_cpus();
	struct pcp_worker *w = calloc((size_t)n, sizeof(*w));
	unsigned long start;
	pthread_t decayer;

	ASSERT_NOT_NULL(w);
	harness_boot("x86_64", 256 * MiB);
	start = nr_free_pages();
	__atomic_store_n(&pcp_stop, 0, __ATOMIC_RELEASE);
	ASSERT_EQ(pthread_create(&decayer, NULL, pcp_decayer_main, NULL), 0);
	for (int i = 0; i < n; i++) {
		w[i].cpu = i % nr_cpus();
		w[i].seed = (unsigned int)i + 1;
		ASSERT_EQ(pthread_create(&w[i].thread, NULL, pcp_worker_main, &w[i]), 0);
	}
	for (int i = 0; i < n; i++) {
		pthread_join(w[i].thread, NULL);
		ASSERT_FALSE(w[i].failed);
	}
	__atomic_store_n(&pcp_stop, 1, __ATOMIC_RELEASE);
	pthread_join(decayer, NULL);
	free(w);
	ASSERT_EQ(nr_free_pages(), start);
	drain_all_pages(NULL);
	for (int z = 0; z < KMEM_NR_ZONES; z++)
		ASSERT_EQ(harness_zstats(z).pcp_free, 0);
	ASSERT_EQ(kmem_bad_page_count(), 0);
}
