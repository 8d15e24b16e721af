// SPDX-License-Identifier: GPL-2.0
/*
 * Racing double frees: two threads free the same page at the same moment. As in the kernel,
 * the refcount drop decides: exactly one free takes the last reference and frees the page; the
 * other finds no reference left and is reported ("BUG: Bad page state ... page already free")
 * and refused. Neither may put the page on a free list a second time.
 *
 * Each pair of threads runs as two different CPUs (so an order-0 page would land on two
 * per-CPU lists if both frees went through) and meets at a spin barrier before every free, so
 * that both calls overlap as closely as the host's scheduler lets them. Pages are allocated
 * before the race and none during it, so the loser always races the winner's free, never a new
 * owner's allocation. Afterwards every page is back exactly once: nr_free_pages() is what it
 * was before the allocations (and so never above the model's RAM), the bad-page counter went
 * up by exactly the number of losers, and every page can be allocated and freed again.
 *
 * The test cannot pass by luck on a broken allocator: a race that is not hit is a sequential
 * double free, which is refused too, so the counts are the same either way; but a race that is
 * hit on an allocator without an atomic decision frees the page twice, and the counts differ.
 */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/mm.h>

#include "harness.h"

#define NR_PAIRS 2
/*
 * Blocks each pair frees, at most: enough that a broken allocator cannot miss the race, and no
 * more than a quarter of free memory per pair, so that higher orders fit too
 */
#define MAX_ROUNDS 1500
/* spins before a waiting thread yields: the host may have fewer CPUs than threads */
#define SPINS_BEFORE_YIELD 2000

/* How the two threads of a pair free their page: the ways a caller can give a page back */
enum free_way {
	FREE_PAGES, /* __free_pages(page, order) */
	FREE_ADDR,  /* free_pages(addr, order) */
};

struct race {
	struct page **pages; /* [nr_rounds], one per round, freed by both threads of the pair */
	unsigned long nr_rounds;
	unsigned int order;
	enum free_way way[2];
	unsigned long arrived; /* spin barrier: both threads add one per round */
};

struct racer {
	struct race *race;
	int cpu;
	int side; /* 0 or 1: which of race->way[] this thread uses */
};

static void meet(unsigned long *arrived, unsigned long round)
{
	unsigned int spins = 0;

	__atomic_fetch_add(arrived, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(arrived, __ATOMIC_ACQUIRE) < 2 * round)
		if (++spins % SPINS_BEFORE_YIELD == 0)
			sched_yield();
}

static void free_one(struct page *page, unsigned int order, enum free_way way)
{
	switch (way) {
	case FREE_PAGES:
		__free_pages(page, order);
		break;
	case FREE_ADDR:
		free_pages((unsigned long)page_address(page), order);
		break;
	}
}

static void *racer_fn(void *arg)
{
	struct racer *r = arg;
	struct race *race = r->race;

	if (kmem_thread_enter(r->cpu))
		return (void *)1;
	for (unsigned long i = 0; i < race->nr_rounds; i++) {
		/* the addresses are read before the barrier: after it, the page may be free */
		struct page *page = race->pages[i];

		meet(&race->arrived, i + 1);
		free_one(page, race->order, race->way[r->side]);
	}
	return NULL;
}

/*
 * NR_PAIRS pairs race to free up to MAX_ROUNDS blocks each of @order (allocated with @gfp), the two
 * threads of a pair by @way0 and @way1; then the allocator must be as it was, less nothing.
 */
static void race_frees(unsigned int order, gfp_t gfp, enum free_way way0, enum free_way way1)
{
	static struct race races[NR_PAIRS];
	struct racer racers[2 * NR_PAIRS];
	pthread_t threads[2 * NR_PAIRS];
	struct kmem_info info;
	unsigned long start, bad_before, got, rounds;
	const char *err;
	LIST_HEAD(all);

	kmem_get_info(&info);
	start = nr_free_pages();
	rounds = (start / 4 / NR_PAIRS) >> order;
	if (rounds > MAX_ROUNDS)
		rounds = MAX_ROUNDS;
	for (int p = 0; p < NR_PAIRS; p++) {
		races[p] =
			(struct race){ .nr_rounds = rounds, .order = order, .way = { way0, way1 } };
		races[p].pages = calloc(rounds, sizeof(struct page *));
		ASSERT_NOT_NULL(races[p].pages);
		for (unsigned long i = 0; i < rounds; i++) {
			races[p].pages[i] = alloc_pages(gfp, order);
			ASSERT_NOT_NULL(races[p].pages[i]);
		}
	}
	bad_before = kmem_bad_page_count();
	/* the losers' reports, rate limited: only the count matters here */
	harness_capture_begin();
	for (int t = 0; t < 2 * NR_PAIRS; t++) {
		racers[t] = (struct racer){ .race = &races[t / 2],
					    .cpu = t % info.nr_cpus,
					    .side = t % 2 };
		if (pthread_create(&threads[t], NULL, racer_fn, &racers[t]))
			FAIL("pthread_create failed");
	}
	for (int t = 0; t < 2 * NR_PAIRS; t++) {
		void *ret;

		pthread_join(threads[t], &ret);
		if (ret)
			FAIL("thread %d could not enter CPU %d", t, racers[t].cpu);
	}
	err = harness_capture_end();
	for (int p = 0; p < NR_PAIRS; p++)
		free(races[p].pages);

	ASSERT_LE(nr_free_pages(), info.nr_pages);
	ASSERT_EQ(nr_free_pages(), start);
	ASSERT_EQ(kmem_bad_page_count() - bad_before, NR_PAIRS * rounds);
	ASSERT_CONTAINS(err, "page dumped because: page already free\n");

	/* every page comes back once, and only once: all of them can be taken and given back */
	drain_all_pages(NULL);
	got = harness_exhaust(&all, GFP_KERNEL | __GFP_HIGHMEM | __GFP_MEMALLOC | __GFP_NOWARN);
	ASSERT_EQ(nr_free_pages(), 0);
	ASSERT_EQ(harness_free_list(&all), got);
	ASSERT_EQ(got, start);
	ASSERT_EQ(nr_free_pages(), start);
	ASSERT_EQ(kmem_bad_page_count() - bad_before, NR_PAIRS * rounds);
}

/* Order 0: with per-CPU lists on, both frees would land on the two CPUs' lists */
TEST(race_free_order0)
{
	race_frees(0, GFP_KERNEL, FREE_PAGES, FREE_PAGES);
}

/* Order 0, without per-CPU lists: both frees would reach the back end */
TEST(race_free_order0_no_pcp)
{
	struct kmem_config cfg;

	harness_config(&cfg);
	cfg.pcp = KMEM_PCP_OFF;
	harness_reboot(&cfg);
	race_frees(0, GFP_KERNEL, FREE_PAGES, FREE_ADDR);
}

/* A higher-order block, freed by page and by address */
TEST(race_free_order3)
{
	race_frees(3, GFP_KERNEL, FREE_PAGES, FREE_ADDR);
}

/*
 * A compound page, torn down by the winner while the loser reports it. Not put_page(): it reads
 * the compound order before any reference is dropped, so racing a free of the same page it
 * reads what that free is rewriting, as the kernel's folio_put() would (a use after free).
 */
TEST(race_free_compound)
{
	race_frees(2, GFP_KERNEL | __GFP_COMP, FREE_ADDR, FREE_PAGES);
}
