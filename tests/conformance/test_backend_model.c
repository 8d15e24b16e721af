// SPDX-License-Identifier: GPL-2.0
/*
 * Model-based conformance test, the same for every back end: random allocations and frees
 * checked against a reference model (a bitmap of the pfns callers hold). Whatever the back end,
 * a block must be naturally aligned, inside a zone the gfp mask allows, overlap no live block,
 * keep its contents while held, and every free page must be accounted for at every step.
 *
 * The PRNG is xorshift64, seeded from KMEM_TEST_SEED (decimal or 0x-hex) or a fixed default; the
 * seed is printed, so a failure is reproduced with KMEM_TEST_SEED=<seed>.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/mm.h>

#include "harness.h"

#define MiB	      (1ULL << 20)
#define GiB	      (1ULL << 30)
#define DEFAULT_SEED  0x9e3779b97f4a7c15ULL
#define BITS_PER_LONG 64
/* Full per-zone accounting (buddyinfo included) every this many operations */
#define ZONE_CHECK_INTERVAL 256

static uint64_t rng;

static uint64_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void seed_random(void)
{
	const char *env = getenv("KMEM_TEST_SEED");

	rng = env && *env ? strtoull(env, NULL, 0) : DEFAULT_SEED;
	if (!rng)
		rng = DEFAULT_SEED; /* xorshift's one fixed point */
	printf("    seed %#llx (set KMEM_TEST_SEED to replay)\n", (unsigned long long)rng);
}

/* Mostly small orders, as real workloads ask: 50% order 0, 19% 1, 12% 2, 8% 3, 11% 4..10 */
static unsigned int random_order(void)
{
	unsigned int r = (unsigned int)(next_random() % 64);

	if (r < 32)
		return 0;
	if (r < 44)
		return 1;
	if (r < 52)
		return 2;
	if (r < 57)
		return 3;
	return 4 + (unsigned int)(next_random() % (MAX_PAGE_ORDER - 3));
}

struct block {
	struct page *page;
	unsigned int order;
	gfp_t gfp;
};

struct model {
	struct block *live; /* [nr_live], unordered */
	unsigned long nr_live, live_pages;
	unsigned long *held; /* one bit per pfn a caller holds */
	unsigned long start_free;
	unsigned long zone_start[KMEM_NR_ZONES]; /* free + pcp_free at boot */
	unsigned long zone_live[KMEM_NR_ZONES];	 /* pages held, per zone */
	unsigned long allocs, fails, frees;
};

static bool test_held(const struct model *m, unsigned long pfn)
{
	return m->held[pfn / BITS_PER_LONG] & (1UL << (pfn % BITS_PER_LONG));
}

static void set_held(struct model *m, unsigned long pfn, unsigned long nr, bool on)
{
	for (unsigned long p = pfn; p < pfn + nr; p++) {
		if (on)
			m->held[p / BITS_PER_LONG] |= 1UL << (p % BITS_PER_LONG);
		else
			m->held[p / BITS_PER_LONG] &= ~(1UL << (p % BITS_PER_LONG));
	}
}

/* What a live block carries at the start of its first and last page while it is held */
static uint64_t tag(unsigned long pfn, unsigned int order)
{
	return (uint64_t)pfn * 0x100000001b3ULL ^ order ^ 0xcbf29ce484222325ULL;
}

static void write_tags(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page), last = (1UL << order) - 1;

	if (!page_address(page))
		return; /* highmem: no address to write through */
	*(volatile uint64_t *)page_address(page) = tag(pfn, order);
	*(volatile uint64_t *)page_address(page + last) = tag(pfn + last, order);
}

static void check_tags(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page), last = (1UL << order) - 1;

	if (!page_address(page))
		return;
	if (*(volatile uint64_t *)page_address(page) != tag(pfn, order) ||
	    *(volatile uint64_t *)page_address(page + last) != tag(pfn + last, order))
		FAIL("live block pfn %#lx order %u was overwritten while held", pfn, order);
}

static void check_new_block(struct model *m, struct page *page, unsigned int order, gfp_t gfp)
{
	unsigned long pfn, nr = 1UL << order;
	enum zone_type zone;

	ASSERT_GE(page, mem_map);
	ASSERT_LT(page, mem_map + max_pfn);
	pfn = page_to_pfn(page);
	zone = page_zonenum(page);
	if (pfn % nr || pfn + nr > max_pfn)
		FAIL("order-%u block at pfn %#lx is misaligned or past max_pfn %#lx", order, pfn,
		     max_pfn);
	if (zone > gfp_zone(gfp) || page_zonenum(page + nr - 1) != zone)
		FAIL("order-%u block at pfn %#lx (zone %d..%d) for gfp %#x (highest zone %d)",
		     order, pfn, zone, page_zonenum(page + nr - 1), gfp, gfp_zone(gfp));
	ASSERT_EQ(page_to_nid(page), 0);
	ASSERT_EQ(page_count(page), 1);
	ASSERT_EQ(page_address(page) == NULL, zone == ZONE_HIGHMEM);
	for (unsigned long p = pfn; p < pfn + nr; p++) {
		if (test_held(m, p))
			FAIL("order-%u block at pfn %#lx overlaps a live block at pfn %#lx", order,
			     pfn, p);
		if (PageReserved(pfn_to_page(p)))
			FAIL("order-%u block at pfn %#lx contains reserved pfn %#lx", order, pfn,
			     p);
	}
}

static void do_alloc(struct model *m, const gfp_t *mods, unsigned int nr_mods)
{
	unsigned int order = random_order();
	gfp_t gfp = GFP_KERNEL | __GFP_NOWARN | mods[next_random() % nr_mods];
	struct page *page = alloc_pages(gfp, order);
	struct block *b;

	if (!page) {
		m->fails++;
		return;
	}
	check_new_block(m, page, order, gfp);
	set_held(m, page_to_pfn(page), 1UL << order, true);
	write_tags(page, order);
	b = &m->live[m->nr_live++];
	b->page = page;
	b->order = order;
	b->gfp = gfp;
	m->live_pages += 1UL << order;
	m->zone_live[page_zonenum(page)] += 1UL << order;
	m->allocs++;
}

static void do_free(struct model *m, unsigned long i)
{
	struct block b = m->live[i];

	check_tags(b.page, b.order);
	set_held(m, page_to_pfn(b.page), 1UL << b.order, false);
	m->live[i] = m->live[--m->nr_live];
	m->live_pages -= 1UL << b.order;
	m->zone_live[page_zonenum(b.page)] -= 1UL << b.order;
	__free_pages(b.page, b.order);
	m->frees++;
}

/*
 * Per zone: back-end free + per-CPU free + held == free at boot, and the back end's buddyinfo
 * (blocks per order) adds up to exactly its free pages.
 */
static void check_zones(const struct model *m, unsigned long step)
{
	for (int z = 0; z < KMEM_NR_ZONES; z++) {
		struct kmem_zone_stats st;
		unsigned long blocks = 0;

		ASSERT_EQ(kmem_zone_stats(0, z, &st), 0);
		if (st.free + st.pcp_free + m->zone_live[z] != m->zone_start[z])
			FAIL("step %lu, zone %s: free %lu + pcp %lu + held %lu != %lu at boot",
			     step, st.name, st.free, st.pcp_free, m->zone_live[z],
			     m->zone_start[z]);
		for (int o = 0; o < KMEM_NR_ORDERS; o++)
			blocks += st.free_blocks[o] << o;
		if (blocks != st.free)
			FAIL("step %lu, zone %s: buddyinfo adds up to %lu pages, free is %lu", step,
			     st.name, blocks, st.free);
	}
}

struct run {
	const char *arch;
	unsigned long long mem_bytes;
	bool pcp;
	gfp_t mods[3]; /* zone modifiers to draw from */
	unsigned long ops;
};

static void run_model(const struct run *r)
{
	static struct harness_snapshot boot, end;
	struct kmem_config cfg;
	struct model m;
	struct page *page;

	harness_config(&cfg);
	cfg.arch = r->arch;
	cfg.mem_bytes = r->mem_bytes;
	cfg.pcp = r->pcp ? 1 : KMEM_PCP_OFF;
	harness_reboot(&cfg);
	seed_random();

	memset(&m, 0, sizeof(m));
	m.live = calloc(max_pfn, sizeof(*m.live));
	m.held = calloc((max_pfn + BITS_PER_LONG - 1) / BITS_PER_LONG, sizeof(unsigned long));
	ASSERT_NOT_NULL(m.live);
	ASSERT_NOT_NULL(m.held);
	harness_snapshot(&boot);
	m.start_free = nr_free_pages();
	for (int z = 0; z < KMEM_NR_ZONES; z++) {
		struct kmem_zone_stats st;

		ASSERT_EQ(kmem_zone_stats(0, z, &st), 0);
		m.zone_start[z] = st.free + st.pcp_free;
	}

	for (unsigned long step = 0; step < r->ops; step++) {
		/* fill up in the first half, drain in the second: both ends get exercised */
		unsigned int alloc_pct = step < r->ops / 2 ? 60 : 40;

		if (!m.nr_live || next_random() % 100 < alloc_pct)
			do_alloc(&m, r->mods, ARRAY_SIZE(r->mods));
		else
			do_free(&m, (unsigned long)(next_random() % m.nr_live));
		if (nr_free_pages() + m.live_pages != m.start_free)
			FAIL("step %lu: nr_free_pages %lu + held %lu != %lu at boot", step,
			     nr_free_pages(), m.live_pages, m.start_free);
		if (step % ZONE_CHECK_INTERVAL == 0)
			check_zones(&m, step);
	}
	printf("    %lu ops: %lu allocs, %lu failed, %lu frees, %lu blocks (%lu pages) live\n",
	       r->ops, m.allocs, m.fails, m.frees, m.nr_live, m.live_pages);
	ASSERT_GT(m.allocs, r->ops / 4);
	ASSERT_GT(m.fails, 0); /* RAM did fill up at some point */

	while (m.nr_live)
		do_free(&m, (unsigned long)(next_random() % m.nr_live));
	ASSERT_EQ(nr_free_pages(), m.start_free);
	check_zones(&m, r->ops);
	if (!r->pcp) {
		/* without per-CPU lists nothing hides a page from merging: back to boot state */
		harness_snapshot(&end);
		ASSERT_SNAPSHOT_EQ(&boot, &end);
	}
	page = alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER);
	ASSERT_NOT_NULL(page);
	__free_pages(page, MAX_PAGE_ORDER);
	free(m.live);
	free(m.held);
}

/* x86_64, 64 MiB (DMA and DMA32), per-CPU lists on; modifiers: none, __GFP_DMA, __GFP_DMA32 */
TEST(model_x86_64_pcp)
{
	const struct run r = { "x86_64", 64 * MiB, true, { 0, __GFP_DMA, __GFP_DMA32 }, 30000 };

	run_model(&r);
}

/* The same with per-CPU lists off: the back end bare */
TEST(model_x86_64_no_pcp)
{
	const struct run r = { "x86_64", 64 * MiB, false, { 0, __GFP_DMA, __GFP_DMA32 }, 30000 };

	run_model(&r);
}

/*
 * x86_32, 1 GiB (DMA, NORMAL and 128 MiB of HIGHMEM); modifiers: none, __GFP_DMA, __GFP_HIGHMEM.
 * Highmem blocks have no address; the zone check covers them.
 */
TEST(model_x86_32_highmem)
{
	const struct run r = { "x86_32", 1 * GiB, true, { 0, __GFP_DMA, __GFP_HIGHMEM }, 30000 };

	run_model(&r);
}
