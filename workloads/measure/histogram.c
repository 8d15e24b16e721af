// SPDX-License-Identifier: GPL-2.0
/*
 * The log-linear histogram (histogram.h). A value v < 2^SUB_BITS is its own bucket. Otherwise,
 * with e the position of v's highest set bit, the bucket is (e - SUB_BITS + 1) * 2^SUB_BITS plus
 * the SUB_BITS bits just below that highest bit: every power-of-two range [2^e, 2^(e+1)) gets
 * 2^SUB_BITS buckets of width 2^(e - SUB_BITS), so the relative error of a bucket's bound is at
 * most 2^-SUB_BITS whatever the magnitude.
 */
#include <string.h>

#include "histogram.h"

static unsigned int bucket_of(uint64_t v)
{
	unsigned int e;

	if (v < HIST_SUB)
		return (unsigned int)v;
	e = 63U - (unsigned int)__builtin_clzll(v);
	return (e - HIST_SUB_BITS + 1) * HIST_SUB +
	       (unsigned int)((v >> (e - HIST_SUB_BITS)) & (HIST_SUB - 1));
}

/* The largest value that falls into bucket @b */
static uint64_t bucket_upper(unsigned int b)
{
	unsigned int range = b / HIST_SUB, sub = b % HIST_SUB, e;

	if (range == 0)
		return sub;
	e = range + HIST_SUB_BITS - 1;
	return ((uint64_t)(HIST_SUB + sub + 1) << (e - HIST_SUB_BITS)) - 1;
}

void hist_init(struct histogram *h)
{
	memset(h, 0, sizeof(*h));
	h->min = UINT64_MAX;
}

void hist_reset(struct histogram *h)
{
	if (h->count)
		memset(&h->buckets[bucket_of(h->min)], 0,
		       (bucket_of(h->max) - bucket_of(h->min) + 1) * sizeof(h->buckets[0]));
	h->count = 0;
	h->sum = 0;
	h->min = UINT64_MAX;
	h->max = 0;
}

void hist_record(struct histogram *h, uint64_t value)
{
	h->buckets[bucket_of(value)]++;
	h->count++;
	h->sum += (double)value;
	if (value < h->min)
		h->min = value;
	if (value > h->max)
		h->max = value;
}

/* Only the buckets from @src's minimum to its maximum can hold anything: the rest is skipped */
void hist_merge(struct histogram *dst, const struct histogram *src)
{
	if (!src->count)
		return;
	for (unsigned int b = bucket_of(src->min); b <= bucket_of(src->max); b++)
		dst->buckets[b] += src->buckets[b];
	dst->count += src->count;
	dst->sum += src->sum;
	if (src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
}

uint64_t hist_percentile(const struct histogram *h, double p)
{
	uint64_t rank, seen = 0;

	if (!h->count)
		return 0;
	/* the rank-th smallest value, 1-based, rank = ceil(p% of count) */
	rank = (uint64_t)((p / 100.0) * (double)h->count + 0.999999);
	if (rank < 1)
		rank = 1;
	if (rank > h->count)
		rank = h->count;
	for (unsigned int b = 0; b < HIST_BUCKETS; b++) {
		seen += h->buckets[b];
		if (seen >= rank) {
			uint64_t upper = bucket_upper(b);

			return upper < h->max ? upper : h->max;
		}
	}
	return h->max;
}

double hist_mean(const struct histogram *h)
{
	return h->count ? h->sum / (double)h->count : 0.0;
}
