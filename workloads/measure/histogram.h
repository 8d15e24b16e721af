/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A log-linear latency histogram (HdrHistogram's layout; its C library is not packaged in
 * Debian 12): values below 2^HIST_SUB_BITS are counted exactly; above, each power of two is cut
 * into 2^HIST_SUB_BITS equal buckets, so a bucket is at most 1/64 (1.6 %) of its values wide.
 * Recording is a few shifts and an increment, cheap enough for a per-operation timing loop.
 */
#ifndef _KMEM_WORKLOADS_HISTOGRAM_H
#define _KMEM_WORKLOADS_HISTOGRAM_H

#include <stdint.h>

#define HIST_SUB_BITS 6
#define HIST_SUB      (1U << HIST_SUB_BITS)
/* values up to 2^63: 64 - HIST_SUB_BITS power-of-two ranges above the exact ones */
#define HIST_BUCKETS ((64 - HIST_SUB_BITS + 1) * HIST_SUB)

struct histogram {
	uint64_t count;
	uint64_t min, max;
	double sum;
	uint64_t buckets[HIST_BUCKETS];
};

void hist_init(struct histogram *h);
/*
 * hist_reset - empty a histogram that hist_init() set up, clearing only the buckets from its
 * minimum to its maximum (the only ones recording can have set): a few cache lines rather than
 * the whole array, cheap enough between the batches of a measurement
 */
void hist_reset(struct histogram *h);
void hist_record(struct histogram *h, uint64_t value);
/* Adds @src into @dst (per-thread histograms merged after a run, batches into their total) */
void hist_merge(struct histogram *dst, const struct histogram *src);
/*
 * hist_percentile - the value at or below which @p percent (0 < p <= 100) of the recorded
 * values lie: the upper bound of the bucket that holds it, clamped to the maximum seen.
 * Return: 0 for an empty histogram.
 */
uint64_t hist_percentile(const struct histogram *h, double p);
double hist_mean(const struct histogram *h);

#endif
