// SPDX-License-Identifier: GPL-2.0
/*
 * Compaction and page migration (impl/mem/compaction.c, migrate.c) through the public API: an
 * owner registers its movable pages with movable_operations, compaction moves them, the owner's
 * pointers follow and the data with them, and what is not registered, or whose owner refuses,
 * stays where it is. Every back end can be compacted (each has isolate_free, freelist's found
 * through its edge bitmaps); one without it could not, and there the tests check that the
 * model says so (-EOPNOTSUPP, kmem_info.compaction_supported false) and that nothing moves.
 *
 * The fragmented memory every test starts from: RAM filled with movable order-0 pages, then
 * every other one freed, so that no two free pages are buddies ("checkerboard"):
 *
 *	before:  [M][.][M][.][M][.] ... [M][.][M][.]      no free block above order 0
 *	after:   [.][.][.][.][.][.] ... [M][M][M][M]      compaction packed them at the top
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/migrate.h>
#include <linux/mm.h>

#include "harness.h"

#define MiB	  (1ULL << 20)
#define MAX_PAGES 32768
#define MAX_PFNS  (1UL << 18) /* 1 GiB: the x86_32 test's highmem ends there */
/* Movable, neither reclaim nor compaction: fills RAM down to the min watermark */
#define GFP_FILL ((GFP_HIGHUSER_MOVABLE | __GFP_NOWARN) & ~__GFP_RECLAIM)

/*
 * The owner: slot i holds a movable block of order order[i], stamped with i at both ends, and
 * slot[pfn] = i + 1 maps it back. The owner finds its slot by pfn, not through a struct page
 * field, because isolate_page() may be asked about a page that was freed and is being
 * allocated again by another thread. A slot under migration is isolated; its thread leaves it
 * alone then.
 */
static struct {
	pthread_mutex_t lock;
	unsigned int slot[MAX_PFNS];
	struct page *page[MAX_PAGES];
	unsigned char order[MAX_PAGES];
	bool isolated[MAX_PAGES];
	unsigned long nr;
	unsigned long migrated, refused;
	unsigned long calls; /* of own_migrate() */
} own = { .lock = PTHREAD_MUTEX_INITIALIZER };

static bool own_isolate(struct page *page, isolate_mode_t mode __maybe_unused)
{
	unsigned long pfn = page_to_pfn(page);
	unsigned int i;
	bool ok;

	pthread_mutex_lock(&own.lock);
	i = pfn < MAX_PFNS ? own.slot[pfn] : 0;
	ok = i && own.page[i - 1] == page && !own.isolated[i - 1];
	if (ok)
		own.isolated[i - 1] = true;
	pthread_mutex_unlock(&own.lock);
	return ok;
}

static const struct movable_operations own_ops;

static int own_migrate(struct page *dst, struct page *src, enum migrate_mode mode __maybe_unused)
{
	unsigned int i;

	pthread_mutex_lock(&own.lock);
	i = own.slot[page_to_pfn(src)] - 1;
	own.slot[page_to_pfn(src)] = 0;
	own.slot[page_to_pfn(dst)] = i + 1;
	own.page[i] = dst;
	own.isolated[i] = false;
	__ClearPageMovable(src);
	__SetPageMovable(dst, &own_ops);
	own.migrated += 1UL << own.order[i];
	own.calls++;
	pthread_mutex_unlock(&own.lock);
	return MIGRATEPAGE_SUCCESS;
}

static void own_putback(struct page *page)
{
	pthread_mutex_lock(&own.lock);
	own.isolated[own.slot[page_to_pfn(page)] - 1] = false;
	pthread_mutex_unlock(&own.lock);
}

static const struct movable_operations own_ops = {
	.isolate_page = own_isolate,
	.migrate_page = own_migrate,
	.putback_page = own_putback,
};

/* An owner that never lets its pages go: compaction must ask, and leave them */
static unsigned long refuse_calls;

static bool refuse_isolate(struct page *page __maybe_unused, isolate_mode_t mode __maybe_unused)
{
	__atomic_fetch_add(&refuse_calls, 1, __ATOMIC_RELAXED);
	return false;
}

static int refuse_migrate(struct page *dst __maybe_unused, struct page *src __maybe_unused,
			  enum migrate_mode mode __maybe_unused)
{
	return -EAGAIN;
}

static void refuse_putback(struct page *page __maybe_unused)
{
}

static const struct movable_operations refuse_ops = {
	.isolate_page = refuse_isolate,
	.migrate_page = refuse_migrate,
	.putback_page = refuse_putback,
};

static void boot_mem(const char *arch, unsigned long long mem, int compaction)
{
	struct kmem_config cfg;

	harness_config(&cfg);
	cfg.arch = arch;
	cfg.mem_bytes = mem;
	cfg.compaction = compaction;
	/*
	 * Without THP: khugepaged's raised min_free_kbytes would stop the fills below with whole
	 * free pageblocks left over, and a THP allocation would need no compaction
	 */
	cfg.thp = KMEM_THP_OFF;
	/* direct compaction alone: kcompactd, woken by failed requests, would move pages too */
	cfg.kcompactd = KMEM_OFF;
	cfg.compaction_proactiveness = KMEM_OFF;
	harness_reboot(&cfg);
}

static void boot(const char *arch, int compaction)
{
	boot_mem(arch, 64 * MiB, compaction);
}

/* Both ends of every page of the block: through kmap, so highmem pages are stamped too */
static void stamp(struct page *page, unsigned int order, unsigned long v)
{
	for (unsigned long i = 0; i < (1UL << order); i++) {
		memcpy_to_page(page + i, 0, (const char *)&v, sizeof(v));
		memcpy_to_page(page + i, PAGE_SIZE - sizeof(v), (const char *)&v, sizeof(v));
	}
}

static bool stamped(struct page *page, unsigned int order, unsigned long v)
{
	for (unsigned long i = 0; i < (1UL << order); i++) {
		unsigned long a, b;

		memcpy_from_page((char *)&a, page + i, 0, sizeof(a));
		memcpy_from_page((char *)&b, page + i, PAGE_SIZE - sizeof(b), sizeof(b));
		if (a != v || b != v)
			return false;
	}
	return true;
}

/* With own.lock held */
static void own_set(unsigned long i, struct page *page, unsigned int order)
{
	ASSERT_LT(page_to_pfn(page), MAX_PFNS);
	own.page[i] = page;
	own.order[i] = (unsigned char)order;
	own.isolated[i] = false;
	own.slot[page_to_pfn(page)] = (unsigned int)i + 1;
}

/* With own.lock held: slot @i is empty again, its page @page to be freed */
static void own_clear(unsigned long i, struct page *page)
{
	own.page[i] = NULL;
	own.slot[page_to_pfn(page)] = 0;
	__ClearPageMovable(page);
}

static void own_add(struct page *page, unsigned int order)
{
	unsigned long i;

	stamp(page, order, own.nr);
	pthread_mutex_lock(&own.lock);
	i = own.nr++;
	own_set(i, page, order);
	pthread_mutex_unlock(&own.lock);
	__SetPageMovable(page, &own_ops);
}

static void own_reset(void)
{
	memset(own.page, 0, sizeof(own.page));
	memset(own.slot, 0, sizeof(own.slot));
	own.nr = own.migrated = own.calls = 0;
}

/*
 * RAM filled with movable pages, then every other one freed: see the top of the file. With
 * @highmem_only, only the HighMem zone (filled first, as the highest zone movable pages may use)
 */
static void fill_checkerboard_in(bool highmem_only)
{
	static struct page *all[MAX_PAGES];
	unsigned long n = 0;

	own_reset();
	while (n < MAX_PAGES && (all[n] = alloc_pages(GFP_FILL, 0))) {
		if (highmem_only && !PageHighMem(all[n])) {
			__free_pages(all[n], 0);
			break;
		}
		n++;
	}
	/* by pfn, as the allocation order need not be */
	for (unsigned long i = 0; i < n; i++) {
		if (page_to_pfn(all[i]) % 2)
			__free_pages(all[i], 0);
		else
			own_add(all[i], 0);
	}
}

static void fill_checkerboard(void)
{
	fill_checkerboard_in(false);
}

static void own_free_all(void)
{
	for (unsigned long i = 0; i < own.nr; i++) {
		struct page *page = own.page[i];

		if (!page)
			continue;
		ASSERT_TRUE(stamped(page, own.order[i], i));
		own_clear(i, page);
		__free_pages(page, own.order[i]);
	}
}

/* Free blocks of @order or more, counted in blocks of @order, over every zone */
static unsigned long free_blocks_from(unsigned int order)
{
	struct kmem_zone_stats zs;
	unsigned long n = 0;

	for (int nid = 0; !kmem_zone_stats(nid, 0, &zs); nid++)
		for (int z = 0; z < KMEM_NR_ZONES; z++)
			if (!kmem_zone_stats(nid, z, &zs) && zs.populated)
				for (unsigned int o = order; o < KMEM_NR_ORDERS; o++)
					n += zs.free_blocks[o] << (o - order);
	return n;
}

static bool compaction_supported(void)
{
	struct kmem_info info;

	kmem_get_info(&info);
	ASSERT_EQ(info.compaction, info.compaction_supported);
	return info.compaction_supported;
}

/* Compaction asked for with no model booted, or after shutdown: an error, never a crash */
TEST_UNBOOTED(compact_memory_needs_a_model)
{
	ASSERT_EQ(kmem_compact_memory(), -ENODEV);
	boot("x86_64", 0);
	kmem_shutdown();
	ASSERT_EQ(kmem_compact_memory(), -ENODEV);
}

/*
 * Every back end hands compaction's free scanner the free block at a pfn (isolate_free), the
 * freelist back end too: it finds the extent holding a pfn from its edge bitmaps, at a cost the
 * scanner can bear, rather than by walking its list. So compaction runs everywhere.
 */
TEST(every_back_end_can_be_compacted)
{
	struct kmem_info info;

	boot("x86_64", 0);
	kmem_get_info(&info);
	ASSERT_TRUE(info.compaction_supported);
	ASSERT_TRUE(info.compaction);
	ASSERT_EQ(kmem_compact_memory(), 0);
}

/*
 * kmem_compact_memory() on the checkerboard, on x86_64 and on x86_32 with 1 GiB, there in the
 * HighMem zone (pages without a direct-map address, copied through the RAM file): the movable
 * pages move, their data with them, the
 * owner's pointers follow, free order-9 blocks appear; unmovable pages and those whose owner
 * refuses stay with their data; the counters move
 */
TEST(compact_memory_moves_movable_pages_only)
{
	static const char *const archs[] = { "x86_64", "x86_32" };
	static const unsigned long long mem[] = { 64 * MiB, 1024 * MiB };

	for (int a = 0; a < 2; a++) {
		struct page *pinned[8], *refused[8];
		static struct page *orig[MAX_PAGES];
		struct kmem_vmstat v0, v1;
		unsigned long before, moved = 0;

		boot_mem(archs[a], mem[a], 0);
		refuse_calls = 0;
		for (int i = 0; i < 8; i++) {
			pinned[i] = alloc_pages(GFP_KERNEL, 0);
			ASSERT_NOT_NULL(pinned[i]);
			stamp(pinned[i], 0, 0xdead00UL + (unsigned long)i);
		}
		fill_checkerboard_in(a == 1);
		ASSERT_GT(own.nr, 1000UL);
		ASSERT_EQ(PageHighMem(own.page[0]), a == 1);
		/* the lowest movable pages, which the migrate scanner meets first, refuse */
		for (int i = 0; i < 8; i++) {
			unsigned long low = 0;

			for (unsigned long j = 1; j < own.nr; j++)
				if (own.page[j] &&
				    (!own.page[low] ||
				     page_to_pfn(own.page[j]) < page_to_pfn(own.page[low])))
					low = j;
			refused[i] = own.page[low];
			own_clear(low, refused[i]);
			stamp(refused[i], 0, 0xbeef00UL + (unsigned long)i);
			ASSERT_EQ(__SetPageMovable(refused[i], &refuse_ops), 0);
		}
		memcpy(orig, own.page, own.nr * sizeof(orig[0]));
		before = free_blocks_from(9);
		kmem_get_vmstat(&v0);
		if (!compaction_supported()) {
			ASSERT_EQ(kmem_compact_memory(), -EOPNOTSUPP);
		} else {
			ASSERT_EQ(kmem_compact_memory(), 0);
			ASSERT_GT(free_blocks_from(9), before);
			ASSERT_GT(refuse_calls, 0UL);
		}
		kmem_get_vmstat(&v1);
		for (unsigned long i = 0; i < own.nr; i++) {
			if (!own.page[i])
				continue;
			moved += own.page[i] != orig[i];
			ASSERT_TRUE(stamped(own.page[i], 0, i));
			ASSERT_TRUE(page_movable_ops(own.page[i]) == &own_ops);
		}
		ASSERT_EQ(moved, own.migrated);
		ASSERT_EQ(v1.pgmigrate_success - v0.pgmigrate_success, own.migrated);
		ASSERT_EQ(v1.pgmigrate_fail, v0.pgmigrate_fail);
		if (compaction_supported()) {
			/* about half the pages sit below the free ones they move into */
			ASSERT_GT(moved, own.nr / 4);
			ASSERT_GT(v1.compact_migrate_scanned, v0.compact_migrate_scanned);
			ASSERT_GT(v1.compact_free_scanned, v0.compact_free_scanned);
			ASSERT_GE(v1.compact_isolated - v0.compact_isolated, 2 * moved);
		} else {
			ASSERT_EQ(moved, 0UL);
			ASSERT_EQ(v1.compact_isolated, v0.compact_isolated);
		}
		for (int i = 0; i < 8; i++) {
			ASSERT_TRUE(stamped(pinned[i], 0, 0xdead00UL + (unsigned long)i));
			ASSERT_TRUE(stamped(refused[i], 0, 0xbeef00UL + (unsigned long)i));
			ASSERT_TRUE(page_movable_ops(refused[i]) == &refuse_ops);
			__ClearPageMovable(refused[i]);
			__free_pages(refused[i], 0);
			__free_pages(pinned[i], 0);
		}
		own_free_all();
		ASSERT_EQ(kmem_bad_page_count(), 0UL);
	}
}

/*
 * A THP fault's allocation (GFP_TRANSHUGE, order 9) on the checkerboard: without direct
 * compaction (GFP_TRANSHUGE_LIGHT) there is no block; with it, compaction makes one, and the
 * stall is counted with its success. Where compaction is not supported the allocation fails
 * and no compaction is counted.
 */
TEST(direct_compaction_serves_thp_fault)
{
	struct kmem_vmstat v0, v1;
	struct page *page;

	boot("x86_64", 0);
	fill_checkerboard();
	ASSERT_NULL(alloc_pages(GFP_TRANSHUGE_LIGHT, 9));
	kmem_get_vmstat(&v0);
	page = alloc_pages(GFP_TRANSHUGE, 9);
	kmem_get_vmstat(&v1);
	if (compaction_supported()) {
		ASSERT_NOT_NULL(page);
		ASSERT_EQ(v1.compact_stall - v0.compact_stall, 1UL);
		ASSERT_EQ(v1.compact_success - v0.compact_success, 1UL);
		ASSERT_EQ(v1.compact_fail, v0.compact_fail);
		ASSERT_GT(v1.pgmigrate_success, v0.pgmigrate_success);
		__free_pages(page, 9);
	} else {
		ASSERT_NULL(page);
		ASSERT_EQ(v1.compact_stall, v0.compact_stall);
		ASSERT_EQ(v1.pgmigrate_success, v0.pgmigrate_success);
	}
	own_free_all();
	ASSERT_EQ(kmem_bad_page_count(), 0UL);
}

/* KMEM_COMPACTION=0 (kmem_config.compaction): the fault fails as without compaction */
TEST(compaction_off_moves_nothing)
{
	struct kmem_vmstat v0, v1;
	struct kmem_info info;

	boot("x86_64", KMEM_COMPACTION_OFF);
	kmem_get_info(&info);
	ASSERT_FALSE(info.compaction);
	ASSERT_EQ(kmem_compact_memory(), -EOPNOTSUPP);
	fill_checkerboard();
	kmem_get_vmstat(&v0);
	ASSERT_NULL(alloc_pages(GFP_TRANSHUGE, 9));
	kmem_get_vmstat(&v1);
	ASSERT_EQ(v1.compact_stall, v0.compact_stall);
	ASSERT_EQ(v1.pgmigrate_success, v0.pgmigrate_success);
	ASSERT_EQ(own.migrated, 0UL);
	own_free_all();
}

/*
 * A movable compound block (__GFP_COMP, marked movable on its head, as a large folio) moves as
 * one unit. RAM is filled with order-2 compound blocks, every other one freed:
 *
 *	before:  [MMMM][....][MMMM][....] ...     no free block above order 2
 *
 * Compaction moves each kept block whole into a free order-2 target: the owner's migrate_page()
 * is called once per block, with the heads; all four pages hold their data; the new block is
 * compound of order 2 (its tails point at its head), so that the owner's last put_page() frees
 * it whole; pgmigrate_success counts base pages, four per block, as 6.18 counts a folio's pages.
 */
TEST(compound_block_migrates_whole)
{
	static struct page *all[MAX_PAGES / 4], *orig[MAX_PAGES / 4];
	struct kmem_vmstat v0, v1;
	unsigned long n = 0, moved = 0, free_before;

	boot("x86_64", 0);
	free_before = nr_free_pages();
	own_reset();
	while (n < MAX_PAGES / 4 && (all[n] = alloc_pages(GFP_FILL | __GFP_COMP, 2)))
		n++;
	for (unsigned long i = 0; i < n; i++) {
		ASSERT_TRUE(PageHead(all[i]));
		if ((page_to_pfn(all[i]) >> 2) % 2)
			put_page(all[i]);
		else
			own_add(all[i], 2);
	}
	ASSERT_GT(own.nr, 1000UL);
	memcpy(orig, own.page, own.nr * sizeof(orig[0]));
	kmem_get_vmstat(&v0);
	ASSERT_EQ(kmem_compact_memory(), compaction_supported() ? 0 : -EOPNOTSUPP);
	kmem_get_vmstat(&v1);
	for (unsigned long i = 0; i < own.nr; i++) {
		struct page *page = own.page[i];

		ASSERT_TRUE(stamped(page, 2, i));
		ASSERT_TRUE(page_movable_ops(page) == &own_ops);
		ASSERT_TRUE(PageHead(page));
		ASSERT_EQ(compound_order(page), 2U);
		for (int t = 1; t < 4; t++)
			ASSERT_TRUE(compound_head(page + t) == page);
		moved += page != orig[i];
	}
	ASSERT_EQ(own.calls, moved);
	ASSERT_EQ(own.migrated, 4 * moved);
	ASSERT_EQ(v1.pgmigrate_success - v0.pgmigrate_success, 4 * moved);
	ASSERT_EQ(v1.pgmigrate_fail, v0.pgmigrate_fail);
	if (compaction_supported())
		ASSERT_GT(moved, own.nr / 4);
	else
		ASSERT_EQ(moved, 0UL);
	/* the owner lets go the way a folio's last user does */
	for (unsigned long i = 0; i < own.nr; i++) {
		struct page *page = own.page[i];

		own_clear(i, page);
		put_page(page);
	}
	drain_all_pages(NULL);
	ASSERT_EQ(nr_free_pages(), free_before);
	ASSERT_EQ(kmem_bad_page_count(), 0UL);
}

/* Allocates order-@order blocks with @gfp into @held until none is left, draining between */
static unsigned long soak(struct page **held, unsigned long max, gfp_t gfp, unsigned int order)
{
	unsigned long n = 0;

	do {
		while (n < max && (held[n] = alloc_pages(gfp | __GFP_NOWARN, order)))
			n++;
		drain_all_pages(NULL);
	} while (n < max && free_blocks_from(order));
	return n;
}

static struct page *pinned[MAX_PAGES];
static unsigned long nr_pinned;

/*
 * RAM filled with movable pages, every odd one freed and one in @every kept but not registered
 * (it stands for a page nobody can move), then what the fill left above the watermark taken in
 * order-1 blocks into @soaked, so that no block above order 0 is free:
 *
 *	pfn % every:  0   1   2   3   4   5  ...  every-1
 *	              [M] [.] [P] [.] [M] [.] ... [.]
 *
 * Return: how many blocks were soaked.
 */
static unsigned long fill_pinned(unsigned long every, struct page **soaked)
{
	static struct page *all[MAX_PAGES];
	unsigned long n = 0, nr_soaked;

	own_reset();
	nr_pinned = 0;
	while (n < MAX_PAGES && (all[n] = alloc_pages(GFP_FILL, 0)))
		n++;
	for (unsigned long i = 0; i < n; i++) {
		unsigned long pfn = page_to_pfn(all[i]);

		if (pfn % 2) {
			__free_pages(all[i], 0);
		} else if (pfn % every == 2) {
			stamp(all[i], 0, 0xdead0000UL + pfn);
			pinned[nr_pinned++] = all[i];
		} else {
			own_add(all[i], 0);
		}
	}
	nr_soaked = soak(soaked, MAX_PAGES, GFP_NOWAIT, 1);
	ASSERT_EQ(free_blocks_from(1), 0UL);
	return nr_soaked;
}

/* Every page still holds its data, the pinned ones in place; returns the movable ones moved */
static unsigned long check_pinned(struct page *const *orig)
{
	unsigned long moved = 0;

	for (unsigned long i = 0; i < own.nr; i++) {
		ASSERT_TRUE(stamped(own.page[i], 0, i));
		moved += own.page[i] != orig[i];
	}
	for (unsigned long i = 0; i < nr_pinned; i++) {
		ASSERT_TRUE(stamped(pinned[i], 0, 0xdead0000UL + page_to_pfn(pinned[i])));
		ASSERT_NULL(page_movable_ops(pinned[i]));
	}
	ASSERT_EQ(moved, own.calls);
	return moved;
}

static void free_pinned(struct page **soaked, unsigned long nr_soaked)
{
	for (unsigned long i = 0; i < nr_soaked; i++)
		__free_pages(soaked[i], 1);
	for (unsigned long i = 0; i < nr_pinned; i++)
		__free_pages(pinned[i], 0);
	own_free_all();
	ASSERT_EQ(kmem_bad_page_count(), 0UL);
}

/*
 * Compaction for an order-2 unmovable request (kmem_compact_for(), as the slow path of 6.18
 * runs it for any order above 0), with one page in 64 pinned: synchronous compaction moves
 * movable pages only and stops as soon as the request has its block, an order-2 block it
 * would claim a pageblock with, long before the zone is compacted.
 */
TEST(compaction_for_unmovable_order2_request)
{
	static struct page *soaked[MAX_PAGES], *orig[MAX_PAGES];
	struct kmem_vmstat v0, v1;
	unsigned long nr_soaked, moved;
	int ret;

	boot("x86_64", 0);
	nr_soaked = fill_pinned(64, soaked);
	memcpy(orig, own.page, own.nr * sizeof(orig[0]));
	kmem_get_vmstat(&v0);
	ret = kmem_compact_for(GFP_KERNEL, 2, KMEM_COMPACT_SYNC_LIGHT);
	kmem_get_vmstat(&v1);
	moved = check_pinned(orig);
	ASSERT_EQ(v1.pgmigrate_success - v0.pgmigrate_success, moved);
	if (!compaction_supported()) {
		ASSERT_EQ(ret, -EOPNOTSUPP);
		ASSERT_EQ(moved, 0UL);
	} else {
		struct page *page;

		ASSERT_EQ(ret, 1);
		ASSERT_GT(free_blocks_from(2), 0UL);
		ASSERT_GT(moved, 0UL);
		/* one pageblock's worth at most, of the thousands a full compaction would move */
		ASSERT_LE(moved, 512UL);
		page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 2);
		ASSERT_NOT_NULL(page);
		__free_pages(page, 2);
	}
	ASSERT_EQ(kmem_compact_for(GFP_KERNEL, 0, KMEM_COMPACT_SYNC_LIGHT), -EINVAL);
	free_pinned(soaked, nr_soaked);
}

/*
 * compaction_suitable() weighs the fragmentation index only for costly orders: for orders up to
 * PAGE_ALLOC_COSTLY_ORDER the alternative to compaction is failure, so 6.18 compacts whatever
 * the index says. Here the free memory is order-1 blocks only (order-1 compound blocks, every
 * other one freed), whose index at order 2 is just under 500, extfrag_threshold, as for a
 * failure from lack of memory; compaction for order 2 runs all the same and makes the block.
 */
TEST(compaction_for_order2_ignores_fragmentation_index)
{
	static struct page *all[MAX_PAGES / 2], *soaked[MAX_PAGES];
	unsigned long n = 0, nr_soaked;

	boot("x86_64", 0);
	own_reset();
	while (n < MAX_PAGES / 2 && (all[n] = alloc_pages(GFP_FILL | __GFP_COMP, 1)))
		n++;
	for (unsigned long i = 0; i < n; i++) {
		if ((page_to_pfn(all[i]) >> 1) % 2)
			put_page(all[i]);
		else
			own_add(all[i], 1);
	}
	nr_soaked = soak(soaked, MAX_PAGES, GFP_NOWAIT, 2);
	ASSERT_EQ(free_blocks_from(2), 0UL);
	ASSERT_GT(free_blocks_from(1), 1000UL);
	if (!compaction_supported()) {
		ASSERT_EQ(kmem_compact_for(GFP_KERNEL, 2, KMEM_COMPACT_SYNC_LIGHT), -EOPNOTSUPP);
	} else {
		ASSERT_EQ(kmem_compact_for(GFP_KERNEL, 2, KMEM_COMPACT_SYNC_LIGHT), 1);
		ASSERT_GT(own.calls, 0UL);
		ASSERT_GT(free_blocks_from(2), 0UL);
	}
	for (unsigned long i = 0; i < nr_soaked; i++)
		__free_pages(soaked[i], 2);
	for (unsigned long i = 0; i < own.nr; i++) {
		struct page *page = own.page[i];

		ASSERT_TRUE(stamped(page, 1, i));
		own_clear(i, page);
		put_page(page);
	}
	ASSERT_EQ(kmem_bad_page_count(), 0UL);
}

/*
 * Asynchronous direct compaction gives up on a part of the request's order as soon as it meets
 * a page it cannot move there (isolate_migratepages_block()'s skip_on_failure), rather than
 * spend free pages on moves that cannot give the block: with one pinned page in every
 * pageblock, an order-9 request moves nothing asynchronously. The synchronous retry does move
 * pages (it has no such rule), and still finds no order-9 block.
 */
TEST(async_compaction_skips_pageblocks_it_cannot_free)
{
	static struct page *soaked[MAX_PAGES], *orig[MAX_PAGES];
	unsigned long nr_soaked;

	boot("x86_64", 0);
	nr_soaked = fill_pinned(512, soaked);
	memcpy(orig, own.page, own.nr * sizeof(orig[0]));
	if (!compaction_supported()) {
		ASSERT_EQ(kmem_compact_for(GFP_TRANSHUGE, 9, KMEM_COMPACT_ASYNC), -EOPNOTSUPP);
	} else {
		ASSERT_EQ(kmem_compact_for(GFP_TRANSHUGE, 9, KMEM_COMPACT_ASYNC), 0);
		ASSERT_EQ(check_pinned(orig), 0UL);
		ASSERT_EQ(kmem_compact_for(GFP_TRANSHUGE, 9, KMEM_COMPACT_SYNC_LIGHT), 0);
		ASSERT_GT(check_pinned(orig), 0UL);
		ASSERT_EQ(free_blocks_from(9), 0UL);
	}
	free_pinned(soaked, nr_soaked);
}

/*
 * The simulated page cache registers its pages movable: interleaved with pages freed again,
 * compaction moves them, and they stay in the cache (counted, dirty ones dirty, reclaimable)
 */
TEST(compaction_moves_page_cache)
{
	static struct page *holes[MAX_PAGES];
	unsigned long cached = 0, dirty, nr = 0, free_before, before;
	struct kmem_vmstat v0, v1;

	boot("x86_64", 0);
	free_before = nr_free_pages();
	while (nr < MAX_PAGES) {
		/* a page filled counts even when the hole after it cannot be had */
		if (!kmem_pagecache_fill(1, nr % 4 == 0))
			break;
		cached++;
		holes[nr] = alloc_pages(GFP_FILL, 0);
		if (!holes[nr])
			break;
		nr++;
	}
	for (unsigned long i = 0; i < nr; i++)
		__free_pages(holes[i], 0);
	dirty = kmem_pagecache_dirty();
	ASSERT_EQ(kmem_pagecache_pages(), cached);
	before = free_blocks_from(9);
	kmem_get_vmstat(&v0);
	ASSERT_EQ(kmem_compact_memory(), compaction_supported() ? 0 : -EOPNOTSUPP);
	kmem_get_vmstat(&v1);
	ASSERT_EQ(kmem_pagecache_pages(), cached);
	ASSERT_EQ(kmem_pagecache_dirty(), dirty);
	if (compaction_supported()) {
		ASSERT_GT(v1.pgmigrate_success, v0.pgmigrate_success);
		ASSERT_GT(free_blocks_from(9), before);
	} else {
		ASSERT_EQ(v1.pgmigrate_success, v0.pgmigrate_success);
	}
	kmem_pagecache_drop();
	ASSERT_EQ(kmem_pagecache_pages(), 0UL);
	drain_all_pages(NULL);
	ASSERT_EQ(nr_free_pages(), free_before);
	ASSERT_EQ(kmem_bad_page_count(), 0UL);
}

/*
 * Direct compaction's last resort, COMPACT_PRIO_SYNC_FULL (which should_compact_retry() reaches
 * for orders up to PAGE_ALLOC_COSTLY_ORDER only), moves movable pages into unmovable pageblocks,
 * as 6.18's ignore_block_suitable lets it. Every movable pageblock is full; the only free pages
 * are every other page of DMA32's top eight pageblocks, which unmovable pages claimed:
 *
 *	[MMMM][MMMM] ... [MMMM][U.U.U.U.][U.U.U.U.] ...     no free block above order 0
 *
 * The lower priorities find no free page in a movable pageblock to move into; the last resort
 * empties an aligned order-3 part of a movable pageblock. Back ends without pageblock types take
 * any free page as a target at every priority.
 */
#define NR_HELD_BLOCKS 8
#define GFP_SOAK       (GFP_KERNEL | __GFP_MEMALLOC | __GFP_NOWARN) /* below every watermark */
TEST(last_resort_compaction_moves_into_unmovable_pageblocks)
{
	static struct page *all[MAX_PAGES], *held[MAX_PAGES];
	const unsigned long top = (64 * MiB >> PAGE_SHIFT) - NR_HELD_BLOCKS * pageblock_nr_pages;
	unsigned long n = 0, nr_movable, nr_held = 0, kept = 0;
	struct kmem_info info;
	struct page *page;

	boot("x86_64", 0);
	kmem_get_info(&info);
	own_reset();
	while (n < MAX_PAGES && (all[n] = alloc_pages(GFP_FILL, 0)))
		n++;
	nr_movable = n;
	/* what the watermarks kept back, taken unmovable, so that no movable pageblock has room */
	while (n < MAX_PAGES && (all[n] = alloc_pages(GFP_SOAK, 0)))
		n++;
	ASSERT_LT(n, (unsigned long)MAX_PAGES);
	for (unsigned long i = 0; i < n; i++) {
		if (page_to_pfn(all[i]) >= top)
			__free_pages(all[i], 0);
		else if (i < nr_movable)
			own_add(all[i], 0);
	}
	drain_all_pages(NULL);
	while (nr_held < MAX_PAGES && (held[nr_held] = alloc_pages(GFP_SOAK, 0)))
		nr_held++;
	ASSERT_EQ(nr_held, NR_HELD_BLOCKS * pageblock_nr_pages);
	for (unsigned long i = 0; i < nr_held; i++) {
		ASSERT_GE(page_to_pfn(held[i]), top);
		if (page_to_pfn(held[i]) % 2) {
			__free_pages(held[i], 0);
			held[i] = NULL;
		} else {
			stamp(held[i], 0, ~i);
		}
	}
	drain_all_pages(NULL);
	ASSERT_EQ(free_blocks_from(1), 0UL);
	if (!compaction_supported())
		goto out;
	/*
	 * Below the last resort there is nowhere to move to, where pageblocks have types (booted
	 * with ALLOC_NOFRAGMENT on, as here, the model reports it off exactly where they have none)
	 */
	ASSERT_EQ(kmem_compact_for(GFP_HIGHUSER_MOVABLE, 3, KMEM_COMPACT_SYNC_LIGHT),
		  info.nofragment ? 0 : 1);
	if (info.nofragment) {
		ASSERT_EQ(free_blocks_from(3), 0UL);
		ASSERT_EQ(kmem_compact_for(GFP_HIGHUSER_MOVABLE, 3, KMEM_COMPACT_SYNC_FULL), 1);
	}
	page = alloc_pages(GFP_HIGHUSER_MOVABLE | __GFP_NOWARN, 3);
	ASSERT_NOT_NULL(page);
	ASSERT_LT(page_to_pfn(page), top);
	__free_pages(page, 3);
out:
	for (unsigned long i = 0; i < nr_held; i++) {
		if (!held[i])
			continue;
		ASSERT_TRUE(stamped(held[i], 0, ~i));
		__free_pages(held[i], 0);
		kept++;
	}
	ASSERT_EQ(kept, nr_held / 2);
	own_free_all();
	for (unsigned long i = nr_movable; i < n; i++)
		if (page_to_pfn(all[i]) < top)
			__free_pages(all[i], 0);
	ASSERT_EQ(kmem_bad_page_count(), 0UL);
}

/*
 * Compaction beside threads that allocate, register, check and free movable blocks of order 0
 * to 3, compound or not (and unmovable ones), all the time: no block is lost or freed twice, and
 * every block still holds its stamp when its thread frees it (the TSan variant checks the locking)
 */
#define NR_THREADS 3
#define SLOTS	   256 /* per thread */
#define ROUNDS	   3000

static unsigned long bad_stamps;

static void *allocator(void *arg)
{
	unsigned long base = (unsigned long)arg * SLOTS;

	kmem_thread_enter((int)(unsigned long)arg % 2);
	for (unsigned long r = 0; r < ROUNDS; r++) {
		unsigned long i = base + (r * 7919) % SLOTS;
		unsigned int order = (unsigned int)(r % 4);
		struct page *page, *unmovable;

		pthread_mutex_lock(&own.lock);
		page = own.page[i];
		if (page && own.isolated[i]) {
			pthread_mutex_unlock(&own.lock);
			continue;
		}
		if (page) {
			if (!stamped(page, own.order[i], i))
				__atomic_fetch_add(&bad_stamps, 1, __ATOMIC_RELAXED);
			own_clear(i, page);
		}
		pthread_mutex_unlock(&own.lock);
		if (page)
			__free_pages(page, own.order[i]);
		unmovable = alloc_pages(GFP_KERNEL | __GFP_NOWARN, order);
		page = alloc_pages(r & 4 ? GFP_FILL | __GFP_COMP : GFP_FILL, order);
		if (unmovable)
			__free_pages(unmovable, order);
		if (!page)
			continue;
		stamp(page, order, i);
		pthread_mutex_lock(&own.lock);
		own_set(i, page, order);
		pthread_mutex_unlock(&own.lock);
		__SetPageMovable(page, &own_ops);
	}
	return NULL;
}

TEST(compaction_beside_allocating_threads)
{
	pthread_t t[NR_THREADS];
	unsigned long free_before;

	boot("x86_64", 0);
	own_reset();
	own.nr = NR_THREADS * SLOTS;
	free_before = nr_free_pages();
	bad_stamps = 0;
	for (unsigned long i = 0; i < NR_THREADS; i++)
		ASSERT_EQ(pthread_create(&t[i], NULL, allocator, (void *)i), 0);
	for (int n = 0; n < 20; n++) {
		int err = kmem_compact_memory();

		ASSERT_EQ(err, compaction_supported() ? 0 : -EOPNOTSUPP);
	}
	for (int i = 0; i < NR_THREADS; i++)
		pthread_join(t[i], NULL);
	ASSERT_EQ(bad_stamps, 0UL);
	own_free_all();
	drain_all_pages(NULL);
	ASSERT_EQ(nr_free_pages(), free_before);
	ASSERT_EQ(kmem_bad_page_count(), 0UL);
}
