// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's fragmentation indices (workloads/measure/fragmentation.c) on free-block counts whose
 * indices were worked out by hand from the mm/vmstat.c formulas, integer division included:
 *
 *	unusable(n) = (free_pages - (suitable_n << n)) * 1000 / free_pages, 1000 if nothing free
 *	fragindex(n) = -1000 if suitable_n, 0 if no blocks, else
 *	               1000 - (1000 + free_pages * 1000 / 2^n) / free_blocks_total
 */
#include "workloads/measure/fragmentation.h"
#include "harness.h"

/*
 * 4 blocks of order 0, 2 of order 1, 1 of order 2:  [.][.][.][.] [..][..] [....]
 * free_pages = 4 + 4 + 4 = 12, free_blocks_total = 7
 */
static const unsigned long mixed[KMEM_NR_ORDERS] = { 4, 2, 1 };

TEST(contig_page_info_sums)
{
	struct contig_page_info info;

	fill_contig_page_info(mixed, 0, &info);
	ASSERT_EQ(info.free_pages, 12UL);
	ASSERT_EQ(info.free_blocks_total, 7UL);
	ASSERT_EQ(info.free_blocks_suitable, 12UL); /* every page is a block of order 0 */
	fill_contig_page_info(mixed, 1, &info);
	ASSERT_EQ(info.free_blocks_suitable, 4UL); /* 2 of order 1 + 2 halves of the order-2 one */
	fill_contig_page_info(mixed, 2, &info);
	ASSERT_EQ(info.free_blocks_suitable, 1UL);
	fill_contig_page_info(mixed, 3, &info);
	ASSERT_EQ(info.free_blocks_suitable, 0UL);
}

TEST(unusable_index_by_hand)
{
	/* order: expected index; e.g. order 1: (12 - 4 * 2) * 1000 / 12 = 333 */
	static const int expect[KMEM_NR_ORDERS] = { 0,	  333,	666,  1000, 1000, 1000,
						    1000, 1000, 1000, 1000, 1000 };
	struct contig_page_info info;

	for (unsigned int o = 0; o < KMEM_NR_ORDERS; o++) {
		fill_contig_page_info(mixed, o, &info);
		ASSERT_EQ(unusable_free_index(o, &info), expect[o]);
	}
}

TEST(fragmentation_index_by_hand)
{
	/*
	 * orders 0-2 would succeed: -1000. order 3: 1000 - (1000 + 12000 / 8) / 7 = 1000 - 357;
	 * order 4: 1000 - (1000 + 750) / 7 = 750; order 5: 1000 - (1000 + 375) / 7 = 804;
	 * order 6: 1000 - (1000 + 187) / 7 = 831; ... order 10: 1000 - (1000 + 11) / 7 = 856
	 */
	static const int expect[KMEM_NR_ORDERS] = { -1000, -1000, -1000, 643, 750, 804,
						    831,   844,	  851,	 854, 856 };
	struct contig_page_info info;

	for (unsigned int o = 0; o < KMEM_NR_ORDERS; o++) {
		fill_contig_page_info(mixed, o, &info);
		ASSERT_EQ(fragmentation_index(o, &info), expect[o]);
	}
}

TEST(nothing_free)
{
	static const unsigned long none[KMEM_NR_ORDERS];
	struct contig_page_info info;

	fill_contig_page_info(none, 3, &info);
	/* the kernel's convention: no free memory is all unusable, and no index of failure */
	ASSERT_EQ(unusable_free_index(3, &info), 1000);
	ASSERT_EQ(fragmentation_index(3, &info), 0);
}

TEST(fragmentation_extremes)
{
	/* 1000 single pages, asking for 2: 1000 - (1000 + 500000) / 1000 = 499 */
	static const unsigned long singles[KMEM_NR_ORDERS] = { 1000 };
	/* one order-1 block, asking for order 2: 1000 - (1000 + 500) / 1 = -500, as the kernel */
	static const unsigned long one_pair[KMEM_NR_ORDERS] = { 0, 1 };
	/* three order-10 blocks: nothing unusable at any order */
	static const unsigned long big[KMEM_NR_ORDERS] = { [10] = 3 };
	struct contig_page_info info;

	fill_contig_page_info(singles, 1, &info);
	ASSERT_EQ(fragmentation_index(1, &info), 499);
	ASSERT_EQ(unusable_free_index(1, &info), 1000);
	fill_contig_page_info(one_pair, 2, &info);
	ASSERT_EQ(fragmentation_index(2, &info), -500);
	for (unsigned int o = 0; o < KMEM_NR_ORDERS; o++) {
		fill_contig_page_info(big, o, &info);
		ASSERT_EQ(unusable_free_index(o, &info), 0);
		ASSERT_EQ(fragmentation_index(o, &info), -1000);
	}
	ASSERT_EQ(fragmentation_index(KMEM_NR_ORDERS, &info), 0); /* out of range */
}

TEST(index_format)
{
	char buf[16];

	format_frag_index(-1000, buf, sizeof(buf));
	ASSERT_STREQ(buf, "-1.000");
	format_frag_index(333, buf, sizeof(buf));
	ASSERT_STREQ(buf, "0.333");
	format_frag_index(-500, buf, sizeof(buf));
	ASSERT_STREQ(buf, "-0.500");
	format_frag_index(1000, buf, sizeof(buf));
	ASSERT_STREQ(buf, "1.000");
	format_frag_index(7, buf, sizeof(buf));
	ASSERT_STREQ(buf, "0.007");
}

/* A freshly booted zone is one run of large blocks: order 0 is never unusable there */
TEST(fresh_zones)
{
	struct contig_page_info info;
	struct kmem_zone_stats st;
	int zones = 0;

	for (int z = 0; z < KMEM_NR_ZONES; z++) {
		if (kmem_zone_stats(0, z, &st) || !st.populated)
			continue;
		zones++;
		fill_contig_page_info(st.free_blocks, 0, &info);
		ASSERT_EQ(info.free_pages, st.free);
		ASSERT_EQ(unusable_free_index(0, &info), 0);
		ASSERT_EQ(fragmentation_index(0, &info), -1000);
	}
	ASSERT_GT(zones, 0);
}
