// SPDX-License-Identifier: GPL-2.0
/*
 * Snapshot boot (kmem_config.snapshot, impl/mem/snapshot.c; the bundle reader
 * workloads/trace/snapshot_read.c) on the fixture tests/data/bundle-snap: a made-up machine of
 * 16384 pfns whose kpageflags, buddyinfo and pagetypeinfo agree (its README says how it was
 * made). Right after the boot the model's buddyinfo must equal before.buddyinfo per zone and
 * order, on every back end; on the one that groups by mobility, its pageblocks per type must
 * equal pagetypeinfo's and each free block must sit on the list of the type the kernel had it
 * on. The 17 pages of the kernel's per-CPU lists are in use in the model, counted apart.
 *
 *   pfn 0     1    160                4096          7168   8192         12288          16384
 *       | rsv | DMA, 1 U + 7 M pbs   | DMA32 .......| hole |.......     | Normal: 1 U,   |
 *                                                                          1 R, 6 M pbs
 *
 * Malformed snapshots, a profile other than the host's and a bundle whose two kpage files
 * disagree fail with one line each and leave nothing booted.
 *
 * The pages in use belong to a pre-existing owner, which gives them back as the captured
 * kernel's trace frees them (kmem_snapshot_free()): a range of its pages becomes one block of
 * the order freed, which goes where any free of that order goes, once; every page stays
 * accounted for, by the model and by runner_shutdown().
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/mm.h>

#include "harness.h"
#include "results/procfs.h"
#include "workloads/runner.h"
#include "workloads/trace/snapshot_read.h"

#define SNAP_DATA KMEM_TEST_DATA "/bundle-snap"

static struct snapshot_data data;

static int boot_snapshot(const struct snapshot_data *d, const struct kmem_snapshot *s)
{
	struct kmem_config cfg;

	kmem_shutdown();
	harness_config(&cfg);
	cfg.backend = harness_backend();
	cfg.arch = "host";
	cfg.host = &d->host;
	cfg.snapshot = s;
	return kmem_boot(&cfg);
}

static bool groups_by_mobility(void)
{
	struct kmem_pagetype_stats pt;

	return kmem_pagetype_stats(0, 0, &pt) == 0;
}

TEST(snapshot_read_fixture)
{
	ASSERT_EQ(snapshot_read(SNAP_DATA, &data), 0);
	ASSERT_EQ(data.snap.nr_pfns, 16384);
	ASSERT_EQ(data.nr_zones, 4);
	/* pfn 0 and the first 159 of DMA reserved; DMA32's hole */
	ASSERT_EQ(data.snap.pfn_state[0], KMEM_SNAP_RESERVED);
	ASSERT_EQ(data.snap.pfn_state[159], KMEM_SNAP_RESERVED);
	ASSERT_EQ(data.snap.pfn_state[7168], KMEM_SNAP_RESERVED);
	/* the whole free order-10 block of Normal */
	ASSERT_EQ(data.snap.pfn_state[13312], 10);
	ASSERT_EQ(data.snap.pfn_state[13313], KMEM_SNAP_FREE_TAIL);
	ASSERT_EQ(data.zones[2].free_blocks[10], 1);
	for (int i = 0; i < 3; i++) {
		ASSERT_EQ(data.zones[i].snapshot_managed, data.zones[i].managed);
		for (int mt = 0; mt < KMEM_NR_MIGRATETYPES; mt++)
			ASSERT_EQ(data.zones[i].pageblocks[mt],
				  data.zones[i].pageblocks_kernel[mt]);
		ASSERT_EQ(data.zones[i].against_flags, 0);
	}
	ASSERT_EQ(data.zones[1].pcp_pages, 8);
	ASSERT_EQ(data.zones[2].pcp_pages, 9);
	ASSERT_EQ(data.free_outside, 0);
	snapshot_release(&data);
}

/* The test the issue asks for: buddyinfo right after the boot equals the bundle's */
TEST(snapshot_boot_equals_buddyinfo)
{
	struct snapshot_diff diff;
	struct kmem_zone_stats st;

	ASSERT_EQ(snapshot_read(SNAP_DATA, &data), 0);
	ASSERT_EQ(boot_snapshot(&data, &data.snap), 0);
	ASSERT_EQ(snapshot_compare(&data, stdout, &diff), 0);
	ASSERT_EQ(diff.orders_differ, 0);
	ASSERT_EQ(diff.pages_differ, 0);
	ASSERT_EQ(diff.pcp_pages, 17);
	ASSERT_EQ(kmem_zone_stats(0, 2, &st), 0);
	ASSERT_EQ(st.free, data.zones[2].free_pages);
	ASSERT_EQ(st.managed, data.zones[2].managed);
	if (groups_by_mobility()) {
		struct kmem_pagetype_stats pt;

		/*
		 * DMA starts at pfn 1, inside the pageblock of pfn 0, which pagetypeinfo counts;
		 * DMA32's hole is two pageblocks without memory, which the kernel's pagetypeinfo
		 * leaves out, and so does the model's
		 */
		ASSERT_EQ(kmem_pagetype_stats(0, 0, &pt), 0);
		ASSERT_EQ(pt.pageblocks[0], 1);
		ASSERT_EQ(pt.pageblocks[1], 7);
		ASSERT_EQ(kmem_pagetype_stats(0, 1, &pt), 0);
		ASSERT_EQ(pt.pageblocks[1], data.zones[1].pageblocks_kernel[1]);
		ASSERT_EQ(diff.pageblocks_differ, 0);
		ASSERT_EQ(diff.typed_differ, 0);
		ASSERT_EQ(kmem_pageblock_migratetype(4096 + 2 * 512), 0);
	}
	snapshot_release(&data);
}

/*
 * The model's own placement from there: an order-10 request gets the one free order-10 block,
 * where the kernel had it; what is allocated goes back whole, and the pre-existing pages stay
 */
TEST(snapshot_boot_then_allocate)
{
	unsigned long free_before;
	struct kmem_zone_stats st;
	struct page *page;

	ASSERT_EQ(snapshot_read(SNAP_DATA, &data), 0);
	ASSERT_EQ(boot_snapshot(&data, &data.snap), 0);
	ASSERT_EQ(kmem_zone_stats(0, 2, &st), 0);
	free_before = st.free;
	page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 10);
	ASSERT_NOT_NULL(page);
	ASSERT_EQ(page_to_pfn(page), 13312);
	__free_pages(page, 10);
	ASSERT_EQ(kmem_zone_stats(0, 2, &st), 0);
	ASSERT_EQ(st.free, free_before);
	ASSERT_EQ(st.free_blocks[10], 1);
	ASSERT_EQ(kmem_bad_page_count(), 0);
	snapshot_release(&data);
}

/* One bad snapshot: kmem_boot() fails with one line naming @what, and nothing is booted */
static void expect_refused(const struct kmem_snapshot *s, const char *what)
{
	const char *err;
	int ret;

	harness_capture_begin();
	ret = boot_snapshot(&data, s);
	err = harness_capture_end();
	ASSERT_EQ(ret, -EINVAL);
	ASSERT_FALSE(kmem_booted());
	ASSERT_EQ(harness_count_lines(err), 1);
	ASSERT_CONTAINS(err, what);
}

TEST(snapshot_bad_refused)
{
	struct kmem_snapshot s;
	unsigned char *st;

	ASSERT_EQ(snapshot_read(SNAP_DATA, &data), 0);
	st = malloc(data.snap.nr_pfns);
	ASSERT_NOT_NULL(st);
	s = data.snap;
	s.pfn_state = st;

	/* the order-10 block moved one pfn up: not aligned */
	memcpy(st, data.snap.pfn_state, s.nr_pfns);
	st[13312] = KMEM_SNAP_USED;
	st[13313] = 10;
	expect_refused(&s, "pfn 0x3401: a free block of order 10 not aligned");
	/* a tail without its head */
	st[13313] = KMEM_SNAP_FREE_TAIL;
	expect_refused(&s, "pfn 0x3401: a free block's tail without its head");
	/* a page in use inside a free block */
	memcpy(st, data.snap.pfn_state, s.nr_pfns);
	st[13400] = KMEM_SNAP_USED;
	expect_refused(&s, "pfn 0x3458: inside the free block of order 10 at 0x3400");
	/* a free block below DMA's first pfn, in no zone of the model */
	memcpy(st, data.snap.pfn_state, s.nr_pfns);
	st[0] = 0;
	expect_refused(&s, "pfn 0: a free block of order 0 outside the model's zones");
	/* another pageblock order */
	s = data.snap;
	s.pb_order = 10;
	expect_refused(&s, "pageblock order 10");
	free(st);
	snapshot_release(&data);
}

TEST(snapshot_needs_host_profile)
{
	struct kmem_config cfg;
	const char *err;
	int ret;

	ASSERT_EQ(snapshot_read(SNAP_DATA, &data), 0);
	kmem_shutdown();
	harness_config(&cfg);
	cfg.backend = harness_backend();
	cfg.arch = "x86_64";
	cfg.snapshot = &data.snap;
	harness_capture_begin();
	ret = kmem_boot(&cfg);
	err = harness_capture_end();
	ASSERT_EQ(ret, -EINVAL);
	ASSERT_FALSE(kmem_booted());
	ASSERT_CONTAINS(err, "boots the host profile only");
	snapshot_release(&data);
}

/* A copy of the fixture in a temporary directory, with file @name replaced by @text */
static void copy_fixture(char *dir, const char *name, const char *text)
{
	char cmd[512], path[256];
	FILE *f;

	ASSERT_NOT_NULL(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd), "cp -r '%s'/. '%s'", SNAP_DATA, dir);
	ASSERT_EQ(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	ASSERT_NOT_NULL(f);
	ASSERT_EQ(fputs(text, f) >= 0, true);
	fclose(f);
}

static void remove_fixture(const char *dir)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ASSERT_EQ(system(cmd), 0);
}

TEST_UNBOOTED(snapshot_bad_bundles)
{
	static const char buddy[] = "Node 0, zone DMA 1 2 x\n";
	static const char pti[] = "Page block order: 10\n"
				  "Node 0, zone DMA, type Movable 1 2 3\n"
				  "Number of blocks type Unmovable Movable\n"
				  "Node 0, zone DMA 1 7\n";
	char dir[] = "/tmp/kmem-snap-XXXXXX", cmd[512];

	/* a kpagecount of one pfn */
	copy_fixture(dir, "before.kpagecount.gz", "");
	snprintf(cmd, sizeof(cmd), "head -c 8 /dev/zero | gzip -c > '%s/before.kpagecount.gz'",
		 dir);
	ASSERT_EQ(system(cmd), 0);
	ASSERT_EQ(snapshot_read(dir, &data), -EINVAL);
	ASSERT_CONTAINS(data.error,
			"before.kpageflags.gz holds 16384 pfns, before.kpagecount.gz 1");
	snapshot_release(&data);
	remove_fixture(dir);

	strcpy(dir, "/tmp/kmem-snap-XXXXXX");
	copy_fixture(dir, "before.buddyinfo", buddy);
	ASSERT_EQ(snapshot_read(dir, &data), -EINVAL);
	ASSERT_CONTAINS(data.error, "before.buddyinfo: line 1: not a count of free blocks");
	snapshot_release(&data);
	remove_fixture(dir);

	strcpy(dir, "/tmp/kmem-snap-XXXXXX");
	copy_fixture(dir, "before.pagetypeinfo", pti);
	ASSERT_EQ(snapshot_read(dir, &data), -EINVAL);
	ASSERT_CONTAINS(data.error, "page block order 10, but the model's is 9");
	snapshot_release(&data);
	remove_fixture(dir);
}

/* The parsers on the kernel's own layout, and on what is not */
TEST_UNBOOTED(procfs_parsers)
{
	struct procfs_free f;
	const struct procfs_free_row *r;
	const struct procfs_block_row *b;
	char *text = NULL;
	size_t len = 0;
	FILE *in = fopen(KMEM_TEST_DATA "/bundle-min/before.pagetypeinfo", "r");

	ASSERT_NOT_NULL(in);
	ASSERT_GT(getdelim(&text, &len, '\0', in), 0);
	fclose(in);
	ASSERT_EQ(procfs_parse_pagetypeinfo(text, &f), 0);
	ASSERT_EQ(f.block_order, 9);
	ASSERT_EQ(f.nr_orders, 11);
	ASSERT_EQ(f.nr_rows, 15);
	ASSERT_EQ(f.nr_types, 5);
	ASSERT_STREQ(f.types[4], "Isolate");
	r = procfs_free_find(&f, 0, "Normal", "Reclaimable");
	ASSERT_NOT_NULL(r);
	ASSERT_EQ(r->blocks[0], 455);
	ASSERT_EQ(r->blocks[7], 1);
	b = procfs_blocks_find(&f, 0, "Normal");
	ASSERT_NOT_NULL(b);
	ASSERT_EQ(b->count[procfs_type_index(&f, "Movable")], 1539);
	ASSERT_NULL(procfs_blocks_find(&f, 1, "Normal"));
	procfs_free_release(&f);
	free(text);

	ASSERT_EQ(procfs_parse_buddyinfo("Node 0, zone      DMA      0      1 \n"
					 "Node 1, zone   Normal      5      6 \n",
					 &f),
		  0);
	ASSERT_EQ(f.nr_orders, 2);
	r = procfs_free_find(&f, 1, "Normal", NULL);
	ASSERT_NOT_NULL(r);
	ASSERT_EQ(r->blocks[1], 6);
	procfs_free_release(&f);
	ASSERT_EQ(procfs_parse_buddyinfo("Node 0, zone DMA 0 1\nNode 0, zone DMA32 0\n", &f),
		  -EINVAL);
	ASSERT_STREQ(f.error, "line 2: 1 orders, the lines before 2");
	procfs_free_release(&f);
	ASSERT_EQ(procfs_parse_buddyinfo("", &f), -EINVAL);
	ASSERT_STREQ(f.error, "no free block counts");
	procfs_free_release(&f);
	ASSERT_EQ(procfs_parse_pagetypeinfo("Page block order: 9\n"
					    "Node 0, zone DMA, type Movable 1 2\n",
					    &f),
		  -EINVAL);
	ASSERT_STREQ(f.error, "no \"Number of blocks type\" table");
	procfs_free_release(&f);
}

/* Pages in use in the snapshot inside the model's populated zones: the pre-existing owner's */
static unsigned long snapshot_used_pages(void)
{
	unsigned long n = 0;

	for (int z = 0; z < KMEM_NR_ZONES; z++) {
		struct kmem_zone_stats st = harness_zstats(z);

		if (!st.populated)
			continue;
		for (unsigned long pfn = st.start_pfn; pfn < st.start_pfn + st.spanned; pfn++)
			n += data.snap.pfn_state[pfn] == KMEM_SNAP_USED;
	}
	return n;
}

/* The first 2^@order-aligned range of zone @zone_idx whose pages were all in use */
static unsigned long used_range(int zone_idx, unsigned int order)
{
	struct kmem_zone_stats st = harness_zstats(zone_idx);
	unsigned long nr = 1UL << order, end = st.start_pfn + st.spanned;

	for (unsigned long pfn = (st.start_pfn + nr - 1) & ~(nr - 1); pfn + nr <= end; pfn += nr) {
		unsigned long i = 0;

		while (i < nr && data.snap.pfn_state[pfn + i] == KMEM_SNAP_USED)
			i++;
		if (i == nr)
			return pfn;
	}
	FAIL("no range of order %u in use in zone %d", order, zone_idx);
}

/*
 * A free of pre-existing pages: the zone's free pages grow by the block, the owner's shrink by
 * as much; an order the per-CPU lists hold lands on this CPU's list. A page freed once is no
 * longer the owner's: freeing it again, alone or in a larger range, is -ENOENT and changes
 * nothing; so are pages the snapshot had reserved or free. A misaligned range, one beyond
 * memory and an order above MAX_PAGE_ORDER are -EINVAL. At the end every page is back or still
 * the owner's, and no free was a bad page.
 */
TEST(snapshot_free_gives_pages_back)
{
	struct harness_snapshot *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	unsigned long owned, boot_free, pfn, freed = 0;
	struct kmem_zone_stats before, after;
	struct kmem_info info;

	ASSERT_NOT_NULL(a);
	ASSERT_NOT_NULL(b);
	ASSERT_EQ(snapshot_read(SNAP_DATA, &data), 0);
	ASSERT_EQ(boot_snapshot(&data, &data.snap), 0);
	ASSERT_EQ(kmem_thread_enter(0), 0);
	kmem_get_info(&info);
	owned = snapshot_used_pages();
	ASSERT_GT(owned, 0);
	ASSERT_EQ(kmem_snapshot_pages(), owned);
	boot_free = nr_free_pages();

	/* order 4, not a per-CPU order: the back end takes it; the lower half of an order 5 */
	pfn = used_range(ZONE_NORMAL, 5);
	before = harness_zstats(ZONE_NORMAL);
	ASSERT_EQ(kmem_snapshot_free(pfn, 4), 0);
	freed += 16;
	after = harness_zstats(ZONE_NORMAL);
	ASSERT_EQ(after.free, before.free + 16);
	ASSERT_EQ(after.pcp_free, before.pcp_free);
	ASSERT_EQ(kmem_snapshot_pages(), owned - freed);

	harness_snapshot(a);
	ASSERT_EQ(kmem_snapshot_free(pfn, 4), -ENOENT);
	ASSERT_EQ(kmem_snapshot_free(pfn, 5), -ENOENT);
	ASSERT_EQ(kmem_snapshot_free(pfn + 15, 0), -ENOENT);
	ASSERT_EQ(kmem_snapshot_free(0, 0), -ENOENT);
	ASSERT_EQ(kmem_snapshot_free(13312, 10), -ENOENT);
	ASSERT_EQ(kmem_snapshot_free(pfn + 1, 4), -EINVAL);
	ASSERT_EQ(kmem_snapshot_free(pfn + 16, MAX_PAGE_ORDER + 1), -EINVAL);
	ASSERT_EQ(kmem_snapshot_free(info.nr_pages, 0), -EINVAL);
	ASSERT_EQ(kmem_snapshot_free(~0UL << MAX_PAGE_ORDER, MAX_PAGE_ORDER), -EINVAL);
	harness_snapshot(b);
	ASSERT_SNAPSHOT_EQ(a, b);
	ASSERT_EQ(kmem_snapshot_pages(), owned - freed);
	/* the upper half is still the owner's */
	ASSERT_EQ(kmem_snapshot_free(pfn + 16, 4), 0);
	freed += 16;

	/* orders 0 and 3: onto this CPU's list of that order, the back end untouched */
	for (unsigned int order = 0; order <= 3; order += 3) {
		struct kmem_pcp_stats pcp_before, pcp_after;

		pfn = used_range(ZONE_DMA32, order);
		ASSERT_EQ(kmem_pcp_stats(0, ZONE_DMA32, 0, &pcp_before), 0);
		before = harness_zstats(ZONE_DMA32);
		ASSERT_EQ(kmem_snapshot_free(pfn, order), 0);
		freed += 1UL << order;
		ASSERT_EQ(kmem_pcp_stats(0, ZONE_DMA32, 0, &pcp_after), 0);
		after = harness_zstats(ZONE_DMA32);
		ASSERT_EQ(pcp_after.blocks[order], pcp_before.blocks[order] + 1);
		ASSERT_EQ(after.pcp_free, before.pcp_free + (1UL << order));
		ASSERT_EQ(after.free, before.free);
		ASSERT_EQ(kmem_snapshot_pages(), owned - freed);
	}

	ASSERT_EQ(kmem_bad_page_count(), 0);
	drain_all_pages(NULL);
	ASSERT_EQ(nr_free_pages(), boot_free + freed);
	kmem_shutdown();
	ASSERT_EQ(kmem_snapshot_pages(), 0);
	ASSERT_EQ(kmem_snapshot_free(pfn, 0), -ENODEV);
	free(a);
	free(b);
	snapshot_release(&data);
}

/*
 * runner_shutdown() counts what the pre-existing owner gave back as free at boot: clean after
 * some of its pages were freed and the rest kept; a page taken from those freed and kept is
 * still a leak
 */
TEST(snapshot_free_runner_shutdown)
{
	struct kmem_config cfg;
	const char *err;
	struct page *page;
	int status;

	ASSERT_EQ(snapshot_read(SNAP_DATA, &data), 0);
	kmem_shutdown();
	harness_config(&cfg);
	cfg.backend = harness_backend();
	cfg.arch = "host";
	cfg.host = &data.host;
	cfg.snapshot = &data.snap;
	ASSERT_EQ(runner_boot(&cfg, NULL), 0);
	ASSERT_EQ(kmem_snapshot_free(used_range(ZONE_DMA32, 2), 2), 0);
	ASSERT_EQ(kmem_snapshot_free(used_range(ZONE_NORMAL, 4), 4), 0);
	ASSERT_EQ(runner_shutdown("snapshot"), 0);

	ASSERT_EQ(runner_boot(&cfg, NULL), 0);
	ASSERT_EQ(kmem_snapshot_free(used_range(ZONE_NORMAL, 0), 0), 0);
	page = alloc_pages(GFP_KERNEL, 0);
	ASSERT_NOT_NULL(page);
	harness_capture_begin();
	status = runner_shutdown("snapshot");
	err = harness_capture_end();
	ASSERT_NE(status, 0);
	ASSERT_CONTAINS(err, "kmembench: snapshot: 1 pages not given back");
	snapshot_release(&data);
}

/*
 * Threads on different CPUs free the same pre-existing pages, each in its own order: each page
 * is freed exactly once, by whichever thread comes first, the others get -ENOENT; every page
 * comes back and none is a bad page (TSan-clean in the tsan build)
 */
#define RACE_PAGES   256
#define RACE_THREADS 4

static unsigned long race_pfn[RACE_PAGES];

struct race_worker {
	pthread_t thread;
	int cpu;
	unsigned int seed;
	unsigned long freed, refused, other;
};

static void *race_main(void *arg)
{
	struct race_worker *w = arg;
	unsigned int start = rand_r(&w->seed) % RACE_PAGES;

	kmem_thread_set_cpu(w->cpu);
	for (unsigned int i = 0; i < RACE_PAGES; i++) {
		int ret = kmem_snapshot_free(race_pfn[(start + i) % RACE_PAGES], 0);

		if (!ret)
			w->freed++;
		else if (ret == -ENOENT)
			w->refused++;
		else
			w->other++;
	}
	return NULL;
}

TEST(snapshot_free_races)
{
	struct race_worker w[RACE_THREADS] = { 0 };
	struct kmem_info info;
	unsigned long owned, boot_free, freed = 0, n = 0;

	ASSERT_EQ(snapshot_read(SNAP_DATA, &data), 0);
	ASSERT_EQ(boot_snapshot(&data, &data.snap), 0);
	kmem_get_info(&info);
	for (unsigned long pfn = 0; pfn < data.snap.nr_pfns && n < RACE_PAGES; pfn++)
		if (data.snap.pfn_state[pfn] == KMEM_SNAP_USED && pfn >= 4096)
			race_pfn[n++] = pfn;
	ASSERT_EQ(n, RACE_PAGES);
	owned = kmem_snapshot_pages();
	boot_free = nr_free_pages();
	for (int i = 0; i < RACE_THREADS; i++) {
		w[i].cpu = i % info.nr_cpus;
		w[i].seed = (unsigned int)i + 1;
		ASSERT_EQ(pthread_create(&w[i].thread, NULL, race_main, &w[i]), 0);
	}
	for (int i = 0; i < RACE_THREADS; i++) {
		pthread_join(w[i].thread, NULL);
		ASSERT_EQ(w[i].other, 0);
		ASSERT_EQ(w[i].freed + w[i].refused, RACE_PAGES);
		freed += w[i].freed;
	}
	ASSERT_EQ(freed, RACE_PAGES);
	ASSERT_EQ(kmem_snapshot_pages(), owned - RACE_PAGES);
	ASSERT_EQ(kmem_bad_page_count(), 0);
	drain_all_pages(NULL);
	ASSERT_EQ(nr_free_pages(), boot_free + RACE_PAGES);
	snapshot_release(&data);
}

/* Without a snapshot boot there is no pre-existing owner */
TEST(snapshot_free_needs_a_snapshot)
{
	ASSERT_TRUE(kmem_booted());
	ASSERT_EQ(kmem_snapshot_pages(), 0);
	ASSERT_EQ(kmem_snapshot_free(4096, 0), -EINVAL);
}

TEST_UNBOOTED(snapshot_free_not_booted)
{
	ASSERT_EQ(kmem_snapshot_free(4096, 0), -ENODEV);
	ASSERT_EQ(kmem_snapshot_pages(), 0);
}
