// SPDX-License-Identifier: GPL-2.0
/*
 * The latency histogram (workloads/measure/histogram.c) on synthetic data whose exact percentiles
 * are known: every reported percentile must lie at or above the true value and within one bucket
 * width (1/64 of the value) of it.
 */
#include <string.h>

#include "workloads/measure/histogram.h"
#include "harness.h"

static struct histogram h, h2;

/* @got is the true value @want or above it by at most a bucket's width */
static void check_close(uint64_t got, uint64_t want)
{
	ASSERT_GE(got, want);
	ASSERT_LE((got - want) * 64, want);
}

TEST(uniform_1_to_n)
{
	const uint64_t n = 100000;

	hist_init(&h);
	for (uint64_t v = 1; v <= n; v++)
		hist_record(&h, v);
	ASSERT_EQ(h.count, n);
	check_close(hist_percentile(&h, 50), n / 2);
	check_close(hist_percentile(&h, 90), n * 9 / 10);
	check_close(hist_percentile(&h, 99), n * 99 / 100);
	check_close(hist_percentile(&h, 99.9), n * 999 / 1000);
	ASSERT_EQ(hist_percentile(&h, 100), n);
	ASSERT_TRUE(hist_mean(&h) == (double)(n + 1) / 2);
}

TEST(small_values_are_exact)
{
	hist_init(&h);
	for (uint64_t v = 0; v < 64; v++)
		hist_record(&h, v);
	ASSERT_EQ(hist_percentile(&h, 50), 31);
	ASSERT_EQ(hist_percentile(&h, 100), 63);
}

TEST(constant)
{
	hist_init(&h);
	for (int i = 0; i < 1000; i++)
		hist_record(&h, 12345);
	/* every percentile is clamped to the maximum seen, so exact */
	ASSERT_EQ(hist_percentile(&h, 1), 12345);
	ASSERT_EQ(hist_percentile(&h, 99.9), 12345);
	ASSERT_EQ(h.min, 12345);
}

TEST(bimodal)
{
	hist_init(&h);
	for (int i = 0; i < 900; i++)
		hist_record(&h, 100);
	for (int i = 0; i < 100; i++)
		hist_record(&h, 1000000);
	check_close(hist_percentile(&h, 50), 100);
	check_close(hist_percentile(&h, 90), 100);
	check_close(hist_percentile(&h, 91), 1000000);
	check_close(hist_percentile(&h, 99), 1000000);
}

TEST(merge_equals_recording_into_one)
{
	hist_init(&h);
	hist_init(&h2);
	for (uint64_t v = 1; v <= 5000; v++)
		hist_record(v % 2 ? &h : &h2, v * 7);
	hist_merge(&h, &h2);
	ASSERT_EQ(h.count, 5000);
	ASSERT_EQ(h.min, 7);
	ASSERT_EQ(h.max, 35000);
	check_close(hist_percentile(&h, 50), 2500 * 7);
	check_close(hist_percentile(&h, 99), 4950 * 7);
}

TEST(empty)
{
	hist_init(&h);
	ASSERT_EQ(hist_percentile(&h, 50), 0);
}

/*
 * hist_reset() clears only the buckets from min to max: after values spread from 1 to 10^9 it
 * must leave exactly what hist_init() leaves, and the histogram must record afresh.
 */
TEST(reset_equals_init)
{
	static struct histogram fresh;

	hist_init(&fresh);
	hist_init(&h);
	for (uint64_t v = 1; v <= 1000000000; v = v * 3 + 1)
		hist_record(&h, v);
	hist_reset(&h);
	ASSERT_EQ(memcmp(&h, &fresh, sizeof(h)), 0);
	hist_reset(&h); /* empty: nothing to clear */
	ASSERT_EQ(memcmp(&h, &fresh, sizeof(h)), 0);
	hist_record(&h, 500);
	ASSERT_EQ(h.count, 1);
	check_close(hist_percentile(&h, 50), 500);
}

/* Batches as the latency workload keeps them: merged one by one, they equal one histogram */
TEST(batches_merged_equal_the_whole)
{
	static struct histogram whole, batch;

	hist_init(&whole);
	hist_init(&h);
	hist_init(&batch);
	for (uint64_t b = 0; b < 10; b++) {
		for (uint64_t i = 1; i <= 1000; i++) {
			uint64_t v = (i * 7919 + b * 104729) % 100000;

			hist_record(&whole, v);
			hist_record(&batch, v);
		}
		hist_merge(&h, &batch);
		hist_reset(&batch);
	}
	hist_merge(&h, &batch); /* an empty one changes nothing */
	ASSERT_EQ(memcmp(h.buckets, whole.buckets, sizeof(h.buckets)), 0);
	ASSERT_EQ(h.count, whole.count);
	ASSERT_EQ(h.min, whole.min);
	ASSERT_EQ(h.max, whole.max);
	ASSERT_TRUE(h.sum == whole.sum);
}
