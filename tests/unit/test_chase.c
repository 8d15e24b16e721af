// SPDX-License-Identifier: GPL-2.0
/*
 * The pointer chase (workloads/measure/chase.c) and the event counters
 * (workloads/measure/perf_counters.c). The permutation must be one cycle through every line, the
 * same for the same seed and the same as plain Sattolo draws it; laid over scattered page blocks,
 * the chase must visit the lines in the permutation's order and come back to the start after
 * exactly one lap. The counters either count or say why not.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/mm.h>

#include "workloads/measure/chase.h"
#include "workloads/measure/perf_counters.h"
#include "workloads/workload.h"
#include "harness.h"

static const unsigned long sizes[] = { 2, 3, 17, 64, 1000, 4096, 100003 };
static const uint64_t seeds[] = { 0, 1, 42, ~0ULL };

static struct chase_perm perm, perm2;

/* Follows next[] from line 0: every line once, back at 0 after exactly nr_lines steps */
static void check_one_cycle(const struct chase_perm *p)
{
	unsigned char *seen = calloc(p->nr_lines, 1);
	unsigned long line = 0;

	ASSERT_NOT_NULL(seen);
	for (unsigned long step = 0; step < p->nr_lines; step++) {
		if (seen[line])
			FAIL("line %lu visited twice, at step %lu of %lu", line, step, p->nr_lines);
		seen[line] = 1;
		ASSERT_LT(p->next[line], p->nr_lines);
		line = p->next[line];
	}
	ASSERT_EQ(line, 0);
	free(seen);
}

TEST(permutation_is_one_cycle_through_every_line)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		for (unsigned int s = 0; s < ARRAY_SIZE(seeds); s++) {
			ASSERT_EQ(chase_perm_init(&perm, sizes[i], seeds[s]), 0);
			ASSERT_EQ(perm.nr_lines, sizes[i]);
			check_one_cycle(&perm);
			chase_perm_destroy(&perm);
		}
	}
}

TEST(same_seed_same_permutation)
{
	const unsigned long n = 4096;

	ASSERT_EQ(chase_perm_init(&perm, n, 7), 0);
	ASSERT_EQ(chase_perm_init(&perm2, n, 7), 0);
	ASSERT_EQ(memcmp(perm.next, perm2.next, n * sizeof(perm.next[0])), 0);
	chase_perm_destroy(&perm2);
	ASSERT_EQ(chase_perm_init(&perm2, n, 8), 0);
	ASSERT_NE(memcmp(perm.next, perm2.next, n * sizeof(perm.next[0])), 0);
	chase_perm_destroy(&perm);
	chase_perm_destroy(&perm2);
}

/* Sattolo as the textbook has it, with the draws chase.c makes (its prefetching aside) */
static void plain_sattolo(uint32_t *next, unsigned long n, uint64_t seed)
{
	uint64_t state = seed;

	for (unsigned long i = 0; i < n; i++)
		next[i] = (uint32_t)i;
	for (uint32_t i = (uint32_t)(n - 1); i > 0; i--) {
		uint32_t j = (uint32_t)(((unsigned __int128)workload_random(&state) * i) >> 64);
		uint32_t tmp = next[i];

		next[i] = next[j];
		next[j] = tmp;
	}
}

TEST(permutation_is_plain_sattolo)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		uint32_t *want = malloc(sizes[i] * sizeof(*want));

		ASSERT_NOT_NULL(want);
		plain_sattolo(want, sizes[i], 99);
		ASSERT_EQ(chase_perm_init(&perm, sizes[i], 99), 0);
		ASSERT_EQ(memcmp(perm.next, want, sizes[i] * sizeof(*want)), 0);
		chase_perm_destroy(&perm);
		free(want);
	}
}

TEST(bad_sizes_refused)
{
	ASSERT_EQ(chase_perm_init(&perm, 0, 1), -EINVAL);
	ASSERT_EQ(chase_perm_init(&perm, 1, 1), -EINVAL);
	ASSERT_NULL(perm.next);
	chase_perm_destroy(&perm);
}

/*
 * Three blocks, laid out as one set in this order (not address order):
 *
 *   range 0: order-1 block   lines 0 .. 2L-1
 *   range 1: order-0 block   lines 2L .. 3L-1
 *   range 2: order-2 block   lines 3L .. 7L-1      (L = lines per page)
 *
 * Walking the chase one load at a time must give line_addr(next^k(0)) at step k.
 */
TEST(chase_follows_the_permutation_over_ranges)
{
	static const unsigned int orders[] = { 1, 0, 2 };
	unsigned int line = chase_line_size();
	unsigned long per_page = PAGE_SIZE / line, nr_pages = 0, l = 0;
	struct chase_range ranges[ARRAY_SIZE(orders)];
	struct timer_calibration cal;
	struct chase c;
	char **addr;

	timer_calibrate(&cal, true);
	for (unsigned int r = 0; r < ARRAY_SIZE(orders); r++) {
		struct page *page = alloc_pages(GFP_KERNEL, orders[r]);

		ASSERT_NOT_NULL(page);
		ranges[r] = (struct chase_range){ page_address(page), PAGE_SIZE << orders[r] };
		nr_pages += 1UL << orders[r];
	}
	addr = malloc(nr_pages * per_page * sizeof(*addr));
	ASSERT_NOT_NULL(addr);
	for (unsigned int r = 0; r < ARRAY_SIZE(orders); r++)
		for (unsigned long off = 0; off < ranges[r].bytes; off += line)
			addr[l++] = (char *)ranges[r].addr + off;

	ASSERT_EQ(chase_perm_init(&perm, nr_pages * per_page, 5), 0);
	ASSERT_EQ(chase_build(&c, ranges, ARRAY_SIZE(ranges), &perm, line), 0);
	ASSERT_EQ(c.start, (void *)addr[0]);
	l = 0;
	for (unsigned long step = 0; step < perm.nr_lines; step++) {
		ASSERT_EQ(c.cursor, (void *)addr[l]);
		chase_run(&c, 1, &cal);
		l = perm.next[l];
	}
	ASSERT_EQ(c.cursor, c.start);
	/* a lap in one run, unrolled loop and remainder both used */
	chase_run(&c, perm.nr_lines, &cal);
	ASSERT_EQ(c.cursor, c.start);

	/* the permutation must fit the set, and the set be whole pages */
	ASSERT_EQ(chase_build(&c, ranges, 2, &perm, line), -EINVAL);
	ranges[1].bytes -= line;
	ASSERT_EQ(chase_build(&c, ranges, ARRAY_SIZE(ranges), &perm, line), -EINVAL);
	ASSERT_EQ(chase_build(&c, ranges, ARRAY_SIZE(ranges), &perm, 3), -EINVAL);

	chase_perm_destroy(&perm);
	free(addr);
	for (unsigned int r = 0; r < ARRAY_SIZE(orders); r++)
		__free_pages(virt_to_page(ranges[r].addr), orders[r]);
}

/* Either counts, or a reason that names the errno */
static void check_group(const struct perf_event_desc *events, unsigned int nr, void (*work)(void),
			unsigned int must_count)
{
	struct perf_group g;
	uint64_t counts[PERF_GROUP_MAX];
	int err = perf_group_open(&g, events, nr);

	if (err) {
		ASSERT_LT(err, 0);
		ASSERT_EQ(g.nr, 0);
		ASSERT_GT(strlen(g.reason), 0);
		ASSERT_CONTAINS(g.reason, "(E");
		return;
	}
	ASSERT_EQ(g.reason[0], '\0');
	ASSERT_EQ(perf_group_start(&g), 0);
	work();
	err = perf_group_stop(&g, counts);
	if (err != -ENODATA) {
		ASSERT_EQ(err, 0);
		ASSERT_GT(counts[must_count], 0);
	}
	perf_group_close(&g);
	ASSERT_EQ(g.nr, 0);
}

static volatile char *touch_area;

/* Loads for the dTLB, page faults and time for the software events */
static void touch_pages(void)
{
	const unsigned long pages = 64;
	char *p = malloc(pages * PAGE_SIZE);

	ASSERT_NOT_NULL(p);
	touch_area = p;
	for (unsigned long i = 0; i < pages; i++)
		touch_area[i * PAGE_SIZE] = (char)i;
	free(p);
}

TEST(dtlb_counters_count_or_say_why_not)
{
	check_group(perf_dtlb_read, ARRAY_SIZE(perf_dtlb_read), touch_pages, 0);
}

TEST(software_counters_count_or_say_why_not)
{
	check_group(perf_sw_clock_faults, ARRAY_SIZE(perf_sw_clock_faults), touch_pages, 0);
}

TEST(describe_errors)
{
	char buf[96];

	perf_describe_error(-ENOENT, buf, sizeof(buf));
	ASSERT_STREQ(buf, "not supported here (ENOENT)");
	perf_describe_error(-EACCES, buf, sizeof(buf));
	ASSERT_STREQ(buf, "not supported here (EACCES)");
	perf_describe_error(-EMFILE, buf, sizeof(buf));
	ASSERT_CONTAINS(buf, "failed (EMFILE: ");
}
