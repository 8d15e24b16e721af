// SPDX-License-Identifier: GPL-2.0
/*
 * The per-zone free-list event counts of kmem_zone_stats() (locked_alloc, pcp_drain, fallback,
 * compact_runs), counted where Linux 6.18 fires mm_page_alloc_zone_locked, mm_page_pcpu_drain,
 * mm_page_alloc_extfrag and mm_compaction_begin, so that `kmembench validate` can set them beside
 * a captured trace:
 *
 *  - a refill of a per-CPU list is one percpu_refill=1 event per block it takes; an order the
 *    lists do not hold (4) is a percpu_refill=0 one; with KMEM_PCP=0 the rule stays the
 *    kernel's (order and type, not whether lists exist);
 *  - every give-back of the lists (a drain, a free over high, a decay) is one drain event per
 *    block;
 *  - on the grouping back end, the first unmovable request of a fresh zone claims a whole
 *    movable pageblock (fragmenting=0, and no zone_locked event for that block, as in 6.18);
 *    once no free block of a pageblock is left, it claims a smaller one (fragmenting=1, and the
 *    claim's __rmqueue_smallest() is a zone_locked event). No fallback elsewhere;
 *  - compaction counts a run only when it starts: direct compaction of a zone that already has
 *    the block counts none, of a fragmented zone one, compact_memory one per zone;
 *  - threads allocating and freeing while others read the counts, drain and compact: every page
 *    the back end handed out (zone_locked) comes back (drains and direct frees), TSan-clean.
 *
 * The fixed-count tests boot without kcompactd and proactive compaction, whose runs drain the
 * lists beside the test's thread. Every back end.
 *
 *   a zone after fragment_pageblocks(), each pageblock (512 pages):
 *   | A | 1 | 2 2 | 4 4 4 4 | ... | 256 ... |   A: page 0 kept, the rest free in blocks
 *                                                    of order 0 to 8: no free pageblock left
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/mm.h>

#include "harness.h"

#define MiB (1ULL << 20)
/* a movable or an unmovable request that never reclaims, compacts nor wakes kswapd */
#define GFP_MOVABLE_QUIET   (__GFP_MOVABLE | __GFP_NOWARN)
#define GFP_UNMOVABLE_QUIET (__GFP_NOWARN)

static void boot_quiet(int pcp)
{
	struct kmem_config cfg;

	harness_config(&cfg);
	cfg.arch = "x86_64";
	cfg.mem_bytes = 64 * MiB;
	if (pcp)
		cfg.pcp = pcp;
	cfg.kcompactd = KMEM_OFF;
	cfg.compaction_proactiveness = KMEM_OFF;
	harness_reboot(&cfg);
	ASSERT_EQ(kmem_thread_enter(0), 0);
}

static int nr_cpus(void)
{
	struct kmem_info info;

	kmem_get_info(&info);
	return info.nr_cpus;
}

/* Blocks of @order on every CPU's lists of @zone_idx */
static unsigned long pcp_blocks(int zone_idx, unsigned int order)
{
	unsigned long sum = 0;

	for (int cpu = 0; cpu < nr_cpus(); cpu++) {
		struct kmem_pcp_stats st;

		if (kmem_pcp_stats(0, zone_idx, cpu, &st))
			return 0;
		sum += st.blocks[order];
	}
	return sum;
}

static bool groups_by_mobility(void)
{
	struct kmem_pagetype_stats pt;

	return kmem_pagetype_stats(0, ZONE_DMA32, &pt) == 0;
}

/*
 * The event counts of @b less those of @a, every one of them zero but the @n named ones
 * (@which: "L1"/"L0" locked_alloc, "D" pcp_drain, "F0"/"F1" fallback, "C" compact_runs, each
 * with an order; -1 for compact_runs), which must have moved by exactly @delta
 */
struct event_delta {
	const char *which;
	int order;
	unsigned long delta;
};

static unsigned long *event_slot(struct kmem_zone_stats *st, const char *which, int order)
{
	if (!strcmp(which, "L0"))
		return &st->locked_alloc[0][order];
	if (!strcmp(which, "L1"))
		return &st->locked_alloc[1][order];
	if (!strcmp(which, "D"))
		return &st->pcp_drain[order];
	if (!strcmp(which, "F0"))
		return &st->fallback[0][order];
	if (!strcmp(which, "F1"))
		return &st->fallback[1][order];
	return &st->compact_runs;
}

static void expect_events(const struct kmem_zone_stats *a, const struct kmem_zone_stats *b,
			  const struct event_delta *want, int n)
{
	struct kmem_zone_stats expect = *a;

	for (int i = 0; i < n; i++)
		*event_slot(&expect, want[i].which, want[i].order) += want[i].delta;
	for (int o = 0; o < KMEM_NR_ORDERS; o++) {
		for (int r = 0; r < 2; r++) {
			ASSERT_EQ(b->locked_alloc[r][o], expect.locked_alloc[r][o]);
			ASSERT_EQ(b->fallback[r][o], expect.fallback[r][o]);
		}
		ASSERT_EQ(b->pcp_drain[o], expect.pcp_drain[o]);
	}
	ASSERT_EQ(b->compact_runs, expect.compact_runs);
}

/*
 * A refill takes nr_pcp_alloc() blocks: the one returned and those left on the (empty before)
 * list. Each is a block off the request's own lists: percpu_refill=1, at the order asked for.
 */
TEST(refill_is_percpu_refill_per_block)
{
	static const unsigned int orders[] = { 0, 3, pageblock_order };

	boot_quiet(0);
	for (unsigned int i = 0; i < sizeof(orders) / sizeof(*orders); i++) {
		unsigned int order = orders[i];
		struct kmem_zone_stats before = harness_zstats(ZONE_DMA32), after;
		struct page *page;
		unsigned long refilled;

		ASSERT_EQ(pcp_blocks(ZONE_DMA32, order), 0);
		page = alloc_pages(GFP_MOVABLE_QUIET, order);
		ASSERT_NOT_NULL(page);
		ASSERT_EQ(page_zonenum(page), ZONE_DMA32);
		after = harness_zstats(ZONE_DMA32);
		refilled = pcp_blocks(ZONE_DMA32, order) + 1;
		ASSERT_GE(refilled, 2);
		expect_events(&before, &after,
			      (struct event_delta[]){ { "L1", (int)order, refilled } }, 1);
		__free_pages(page, order);
	}
}

/*
 * Order 4 is neither a per-CPU order nor the pageblock order: the back end serves it under
 * zone->lock, percpu_refill=0; so is order 10. Their frees go straight back, no drain event.
 */
TEST(order4_is_not_percpu_refill)
{
	static const unsigned int orders[] = { 4, MAX_PAGE_ORDER };

	boot_quiet(0);
	for (unsigned int i = 0; i < sizeof(orders) / sizeof(*orders); i++) {
		unsigned int order = orders[i];
		struct kmem_zone_stats before = harness_zstats(ZONE_DMA32), after;
		struct page *page = alloc_pages(GFP_MOVABLE_QUIET, order);

		ASSERT_NOT_NULL(page);
		ASSERT_EQ(page_zonenum(page), ZONE_DMA32);
		__free_pages(page, order);
		after = harness_zstats(ZONE_DMA32);
		expect_events(&before, &after, (struct event_delta[]){ { "L0", (int)order, 1 } },
			      1);
		ASSERT_EQ(after.free, before.free);
	}
}

/* Without per-CPU lists the kernel's rule still decides: order 0 of a movable request is 1 */
TEST(percpu_refill_is_the_kernel_rule_without_lists)
{
	struct kmem_zone_stats before, after;
	struct page *page;

	boot_quiet(KMEM_PCP_OFF);
	before = harness_zstats(ZONE_DMA32);
	page = alloc_pages(GFP_MOVABLE_QUIET, 0);
	ASSERT_NOT_NULL(page);
	after = harness_zstats(ZONE_DMA32);
	expect_events(&before, &after, (struct event_delta[]){ { "L1", 0, 1 } }, 1);
	__free_pages(page, 0);
	ASSERT_EQ(harness_zstats(ZONE_DMA32).pcp_drain[0], 0);
}

/* drain_all_pages(): one drain event per block that was on the lists, by its order */
TEST(drain_is_one_event_per_block)
{
	static const unsigned int orders[] = { 0, 0, 1, 2, 3, 0, 3 };
	struct page *pages[sizeof(orders) / sizeof(*orders)];
	unsigned long blocks[KMEM_NR_ZONES][KMEM_NR_ORDERS];
	struct kmem_zone_stats before[KMEM_NR_ZONES];

	boot_quiet(0);
	for (unsigned int i = 0; i < sizeof(orders) / sizeof(*orders); i++) {
		pages[i] = alloc_pages(i & 1 ? GFP_MOVABLE_QUIET : GFP_UNMOVABLE_QUIET, orders[i]);
		ASSERT_NOT_NULL(pages[i]);
	}
	for (unsigned int i = 0; i < sizeof(orders) / sizeof(*orders); i++)
		__free_pages(pages[i], orders[i]);
	for (int z = 0; z < KMEM_NR_ZONES; z++) {
		before[z] = harness_zstats(z);
		for (unsigned int o = 0; o < KMEM_NR_ORDERS; o++)
			blocks[z][o] = pcp_blocks(z, o);
	}
	ASSERT_GE(blocks[ZONE_DMA32][0], 2);
	ASSERT_GE(blocks[ZONE_DMA32][3], 1);
	drain_all_pages(NULL);
	for (int z = 0; z < KMEM_NR_ZONES; z++) {
		struct kmem_zone_stats after = harness_zstats(z);
		struct event_delta want[KMEM_NR_ORDERS];

		for (int o = 0; o < KMEM_NR_ORDERS; o++)
			want[o] = (struct event_delta){ "D", o, blocks[z][o] };
		expect_events(&before[z], &after, want, KMEM_NR_ORDERS);
		ASSERT_EQ(after.pcp_free, 0);
	}
}

/*
 * Frees past high give the coldest blocks back (free_pcppages_bulk() from the free path), and
 * a decay gives back what is above the decayed high: each is one event per block
 */
TEST(free_over_high_and_decay_drain)
{
	struct kmem_zone_stats before, after;
	struct kmem_pcp_stats pcp;
	struct page **pages;
	unsigned long on_list, nr;

	boot_quiet(0);
	ASSERT_EQ(kmem_pcp_stats(0, ZONE_DMA32, 0, &pcp), 0);
	nr = (unsigned long)pcp.high_max + 4UL * (unsigned long)pcp.batch;
	pages = calloc(nr, sizeof(*pages));
	ASSERT_NOT_NULL(pages);
	for (unsigned long i = 0; i < nr; i++) {
		pages[i] = alloc_pages(GFP_MOVABLE_QUIET, 0);
		ASSERT_NOT_NULL(pages[i]);
		ASSERT_EQ(page_zonenum(pages[i]), ZONE_DMA32);
	}
	on_list = pcp_blocks(ZONE_DMA32, 0);
	before = harness_zstats(ZONE_DMA32);
	for (unsigned long i = 0; i < nr; i++)
		__free_pages(pages[i], 0);
	free(pages);
	after = harness_zstats(ZONE_DMA32);
	ASSERT_GT(after.pcp_drain[0], before.pcp_drain[0]);
	expect_events(
		&before, &after,
		(struct event_delta[]){ { "D", 0, on_list + nr - pcp_blocks(ZONE_DMA32, 0) } }, 1);

	/* decay until high is back at high_min: whatever leaves the lists is a drain event */
	on_list = pcp_blocks(ZONE_DMA32, 0);
	before = after;
	while (kmem_pcp_decay())
		;
	after = harness_zstats(ZONE_DMA32);
	expect_events(&before, &after,
		      (struct event_delta[]){ { "D", 0, on_list - pcp_blocks(ZONE_DMA32, 0) } }, 1);
}

/*
 * A fresh zone has only movable pageblocks: the first unmovable request claims the largest
 * free block, a whole pageblock and more (fragmenting=0). In 6.18 try_to_claim_block() hands
 * such a block out itself, without __rmqueue_smallest(): that block is no zone_locked event,
 * the rest of the refill is (from the unmovable lists the claim filled).
 */
TEST(fallback_claims_a_whole_pageblock)
{
	struct kmem_zone_stats before, after;
	struct page *page;
	unsigned long refilled;

	boot_quiet(0);
	before = harness_zstats(ZONE_DMA32);
	page = alloc_pages(GFP_UNMOVABLE_QUIET, 0);
	ASSERT_NOT_NULL(page);
	ASSERT_EQ(page_zonenum(page), ZONE_DMA32);
	after = harness_zstats(ZONE_DMA32);
	refilled = pcp_blocks(ZONE_DMA32, 0) + 1;
	if (groups_by_mobility())
		expect_events(&before, &after,
			      (struct event_delta[]){ { "F0", 0, 1 }, { "L1", 0, refilled - 1 } },
			      2);
	else
		expect_events(&before, &after, (struct event_delta[]){ { "L1", 0, refilled } }, 1);
	__free_pages(page, 0);
}

static struct page *kept[256];
static unsigned int nr_kept;

/*
 * Leave no free block of a pageblock or more in the zones a movable request reaches: take each
 * one, keep its first page and free the rest (a non-compound block whose reference is not the
 * last gives back all but page 0, in blocks of order 8 down to 0), then drain the lists so
 * that the back ends hold every free page (see the diagram at the top)
 */
static void fragment_pageblocks(void)
{
	struct page *page;

	nr_kept = 0;
	while ((page = alloc_pages(GFP_MOVABLE_QUIET, pageblock_order))) {
		ASSERT_LT(nr_kept, sizeof(kept) / sizeof(*kept));
		get_page(page);
		__free_pages(page, pageblock_order);
		kept[nr_kept++] = page;
	}
	ASSERT_GT(nr_kept, 8);
	drain_all_pages(NULL);
	for (int o = pageblock_order; o < KMEM_NR_ORDERS; o++)
		ASSERT_EQ(harness_zstats(ZONE_DMA32).free_blocks[o], 0);
}

static void free_kept(void)
{
	for (unsigned int i = 0; i < nr_kept; i++)
		__free_pages(kept[i], 0);
	nr_kept = 0;
}

/*
 * Once no free block of a pageblock is left, an unmovable request claims the largest movable
 * block there is, of order 8, and its pageblock with it (all but one page of it are free): an
 * extfrag event with fragmenting=1, then the claim's __rmqueue_smallest() of the unmovable
 * lists it filled, a zone_locked event like the rest of the refill
 */
TEST(fallback_below_a_pageblock_fragments)
{
	struct kmem_zone_stats before, after;
	struct page *page;
	unsigned long refilled;

	boot_quiet(0);
	fragment_pageblocks();
	before = harness_zstats(ZONE_DMA32);
	page = alloc_pages(GFP_UNMOVABLE_QUIET, 0);
	ASSERT_NOT_NULL(page);
	ASSERT_EQ(page_zonenum(page), ZONE_DMA32);
	after = harness_zstats(ZONE_DMA32);
	refilled = pcp_blocks(ZONE_DMA32, 0) + 1;
	if (groups_by_mobility())
		expect_events(&before, &after,
			      (struct event_delta[]){ { "F1", 0, 1 }, { "L1", 0, refilled } }, 2);
	else
		expect_events(&before, &after, (struct event_delta[]){ { "L1", 0, refilled } }, 1);
	__free_pages(page, 0);
	free_kept();
	ASSERT_EQ(kmem_bad_page_count(), 0);
}

/*
 * mm_compaction_begin fires only once compaction starts: not for a zone that has the block
 * already, once for a fragmented one (the scanners find nothing to move: the kept pages are not
 * movable), once per zone for compact_memory
 */
TEST(compaction_counts_runs_that_start)
{
	struct kmem_zone_stats before, after;
	struct kmem_info info;
	int ret;

	boot_quiet(0);
	kmem_get_info(&info);
	before = harness_zstats(ZONE_DMA32);
	ret = kmem_compact_for(GFP_KERNEL, pageblock_order, KMEM_COMPACT_SYNC_FULL);
	if (!info.compaction) {
		ASSERT_EQ(ret, -EOPNOTSUPP);
		ASSERT_EQ(harness_zstats(ZONE_DMA32).compact_runs, 0);
		return;
	}
	ASSERT_EQ(ret, 1);
	ASSERT_EQ(harness_zstats(ZONE_DMA32).compact_runs, before.compact_runs);

	fragment_pageblocks();
	before = harness_zstats(ZONE_DMA32);
	ASSERT_EQ(kmem_compact_for(GFP_KERNEL, pageblock_order, KMEM_COMPACT_SYNC_FULL), 0);
	after = harness_zstats(ZONE_DMA32);
	ASSERT_EQ(after.compact_runs, before.compact_runs + 1);
	free_kept();

	for (int z = 0; z < KMEM_NR_ZONES; z++) {
		struct kmem_zone_stats st = harness_zstats(z), again;

		ASSERT_EQ(kmem_compact_memory(), 0);
		again = harness_zstats(z);
		ASSERT_EQ(again.compact_runs, st.compact_runs + (st.populated ? 1 : 0));
	}
}

/*
 * Threads sharing CPUs allocate and free movable blocks of per-CPU and other orders while one
 * thread reads the counts, drains, decays and compacts. Movable requests never fall back on a
 * fresh machine this large, so every page a back end handed out was a zone_locked event, and
 * once all is freed and drained every one of them came back: by a drain or, for the orders the
 * lists do not hold, by a direct free.
 */
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define EVENT_THREAD_OPS 3000
#else
#define EVENT_THREAD_OPS 20000
#endif

struct event_worker {
	pthread_t thread;
	int cpu;
	unsigned int seed;
};

static int event_stop;

static void *event_worker_main(void *arg)
{
	static const unsigned int orders[] = { 0, 0, 0, 1, 2, 3, 4, 5, pageblock_order };
	struct event_worker *w = arg;
	struct page *ring[16] = { NULL };
	unsigned int ring_order[16] = { 0 };

	kmem_thread_enter(w->cpu);
	for (int i = 0; i < EVENT_THREAD_OPS; i++) {
		int slot = (int)(rand_r(&w->seed) % 16);
		unsigned int order = orders[rand_r(&w->seed) % (sizeof(orders) / sizeof(*orders))];

		if (ring[slot])
			__free_pages(ring[slot], ring_order[slot]);
		ring[slot] = alloc_pages(GFP_HIGHUSER_MOVABLE | __GFP_NOWARN, order);
		ring_order[slot] = order;
	}
	for (int i = 0; i < 16; i++)
		if (ring[i])
			__free_pages(ring[i], ring_order[i]);
	return NULL;
}

static void *event_reader_main(void *arg)
{
	unsigned long rounds = 0;

	(void)arg;
	while (!__atomic_load_n(&event_stop, __ATOMIC_ACQUIRE)) {
		for (int z = 0; z < KMEM_NR_ZONES; z++) {
			struct kmem_zone_stats st;

			kmem_zone_stats(0, z, &st);
		}
		kmem_pcp_decay();
		drain_all_pages(NULL);
		if (!(++rounds % 64))
			kmem_compact_memory();
	}
	return NULL;
}

/* Pages the back ends of every zone handed out (zone_locked events) and took back */
static void handed_out_and_back(unsigned long *out, unsigned long *back)
{
	struct kmem_info info;

	kmem_get_info(&info);
	*out = *back = 0;
	for (int z = 0; z < KMEM_NR_ZONES; z++) {
		struct kmem_zone_stats st = harness_zstats(z);

		for (int o = 0; o < KMEM_NR_ORDERS; o++) {
			bool pcp =
				info.pcp && (o <= PAGE_ALLOC_COSTLY_ORDER || o == pageblock_order);

			*out += (st.locked_alloc[0][o] + st.locked_alloc[1][o]) << o;
			*back += (st.pcp_drain[o] + (pcp ? 0 : st.freed[o])) << o;
			ASSERT_EQ(st.fallback[0][o] + st.fallback[1][o], 0);
		}
	}
}

TEST(threads_balance_the_counts)
{
	int n = 2 * nr_cpus() < 4 ? 4 : 2 * nr_cpus();
	struct event_worker *w = calloc((size_t)n, sizeof(*w));
	unsigned long start, out, back;
	pthread_t reader;

	ASSERT_NOT_NULL(w);
	harness_boot("x86_64", 256 * MiB);
	start = nr_free_pages();
	__atomic_store_n(&event_stop, 0, __ATOMIC_RELEASE);
	ASSERT_EQ(pthread_create(&reader, NULL, event_reader_main, NULL), 0);
	for (int i = 0; i < n; i++) {
		w[i].cpu = i % nr_cpus();
		w[i].seed = (unsigned int)i + 7;
		ASSERT_EQ(pthread_create(&w[i].thread, NULL, event_worker_main, &w[i]), 0);
	}
	for (int i = 0; i < n; i++)
		pthread_join(w[i].thread, NULL);
	__atomic_store_n(&event_stop, 1, __ATOMIC_RELEASE);
	pthread_join(reader, NULL);
	free(w);
	drain_all_pages(NULL);
	ASSERT_EQ(nr_free_pages(), start);
	handed_out_and_back(&out, &back);
	ASSERT_GT(out, 0);
	ASSERT_EQ(out, back);
	ASSERT_EQ(kmem_bad_page_count(), 0);
}
