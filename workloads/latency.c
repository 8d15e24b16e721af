// SPDX-License-Identifier: GPL-2.0
/*
 * latency: the cost of one allocation and of one free, per size, for page blocks of every
 * order (alloc_pages/__free_pages), every kmalloc class (kmalloc/kfree) and vmalloc sizes from
 * 4 KiB to 4 MiB (vmalloc/vfree), and, as the reference every reader asks for, the host's
 * malloc/free (glibc) at the kmalloc sizes. Each call is timed on its own with the calibrated
 * timer; the percentiles come from a log-linear histogram per (size, operation).
 *
 * How a size is measured. A ring of `ring` live blocks is filled first (untimed), so that the
 * allocator works against a standing population rather than handing the same block back and
 * forth. Then each step frees the oldest block of the ring and allocates a new one in its place,
 * and the two calls are timed separately: `ops` steps give `ops` frees and `ops` allocations.
 * Nothing else runs between a timer read and the call it times. The timer's own cost (two reads,
 * measured at start-up) is subtracted from every sample by timer_ns() and stated in every row.
 * The ring is emptied again before the next size, so sizes do not see each other's blocks.
 *
 * Repetitions. A comparison of two runs (`kmembench compare`) needs several values per size
 * and operation to test whether a difference is more than noise, so the steps of a size are cut
 * into `batches` consecutive batches of (nearly) equal length, and each batch's calls go into a
 * histogram of their own, whose mean and median go to latency_batches.csv. At the end of a batch
 * (between two steps, never inside a timing) that histogram is added into the size's total and
 * emptied; both touch only the buckets between the batch's minimum and maximum, so batches cost
 * the loop nothing and latency.csv holds the same whole-size figures as without them. The total
 * number of steps does not depend on `batches`.
 *
 * Large sizes cost more and would dominate the run time: the steps for a size of S bytes are
 * `ops` divided by S / 64 KiB (at least `ops` / 64 and 64), and the ring is cut so that it never
 * holds more than an eighth of the free memory (nor, for vmalloc, a quarter of the vmalloc
 * range, which on x86_32 is smaller than memory).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/gfp.h>
#include <linux/mm.h>

#include "workloads/measure/histogram.h"
#include "latency_ops.h"
#include "present.h"
#include "workload.h"

/* Every size runs at least 64 steps (lat_scale()), so every batch has at least one */
#define LAT_MAX_BATCHES 64

enum latency_param {
	LAT_OPS,
	LAT_RING,
	LAT_BATCHES,
	LAT_NR_PARAMS,
};

static const struct workload_param latency_params[LAT_NR_PARAMS] = {
	[LAT_OPS] = { "ops", 20000, 2000, 64, 100000000, "ops",
		      "timed alloc/free pairs per size (fewer for sizes above 64 KiB)" },
	[LAT_RING] = { "ring", 256, 64, 1, 65536, "blocks",
		       "live blocks kept; each step frees the oldest and allocates anew" },
	[LAT_BATCHES] = { "batches", 10, 5, 1, LAT_MAX_BATCHES, "batches",
			  "consecutive batches the steps of a size are cut into (repetitions)" },
};

/* What a row of either table measured, after the common columns */
/* clang-format off */
#define LATENCY_KEY_COLUMNS \
	{ "kind", RESULT_STR, "", \
	  "pages (alloc_pages), kmalloc, vmalloc, or malloc: the host's glibc malloc/free at the " \
	  "kmalloc sizes, a reference that does not depend on the back end" }, \
	{ "size", RESULT_INT, "bytes", "bytes requested" }, \
	{ "order", RESULT_INT, "", "page order for kind=pages, else -1" }, \
	{ "op", RESULT_STR, "", "alloc or free: which call the figures time" }
/* clang-format on */

static const struct result_column latency_cols[] = {
	RESULT_COMMON_COLUMNS,
	LATENCY_KEY_COLUMNS,
	{ "ops", RESULT_INT, "", "timed calls (samples in the histogram)" },
	{ "failed", RESULT_INT, "", "allocations that returned NULL (not in the figures)" },
	{ "ring", RESULT_INT, "blocks", "live blocks kept while measuring" },
	{ "mean_ns", RESULT_FLOAT, "ns", "mean time of one call, timer cost subtracted" },
	{ "p50_ns", RESULT_INT, "ns", "median (upper bound of its histogram bucket)" },
	{ "p90_ns", RESULT_INT, "ns", "90th percentile" },
	{ "p99_ns", RESULT_INT, "ns", "99th percentile" },
	{ "p999_ns", RESULT_INT, "ns", "99.9th percentile" },
	{ "max_ns", RESULT_INT, "ns", "slowest call" },
	{ "timer_overhead_ns", RESULT_FLOAT, "ns", "cost of one timing, subtracted from each" },
	{ "timer", RESULT_STR, "", "clock: rdtscp or clock_gettime" },
};

#define LAT_NR_COLS (sizeof(latency_cols) / sizeof(latency_cols[0]))

/* the mean is tested over the batches of latency_batches.csv; a batch of ops 0 timed nothing */
static const struct table_compare latency_compare = {
	.keys = { "backend", "arch", "pcp", "kind", "size", "op" },
	.metrics = { { .column = "mean_ns", .kind = COMPARE_TESTED },
		     { .column = "p50_ns", .kind = COMPARE_RATIO },
		     { .column = "p99_ns", .kind = COMPARE_RATIO } },
	.batches = "latency_batches.csv",
	.batch_column = "mean_ns",
	.count_column = "ops",
};

static const struct result_table latency_table = {
	.file = "latency.csv",
	.help = "`kmembench run --workload latency`: the time of one call, each timed on its own "
		"with the calibrated timer, one row per (kind, size, operation): alloc_pages for "
		"every order, kmalloc for every size class, vmalloc from 4 KiB to 4 MiB and, as a "
		"reference, the host's malloc at the kmalloc sizes. A ring of `ring` live blocks "
		"is filled first; each step then frees the oldest block and allocates a new one, "
		"and the two calls are timed apart.",
	.cols = latency_cols,
	.nr_cols = LAT_NR_COLS,
	.compare = &latency_compare,
};

static const struct result_column latency_batch_cols[] = {
	RESULT_COMMON_COLUMNS,
	LATENCY_KEY_COLUMNS,
	{ "batch", RESULT_INT, "", "batch from 0, in the order they ran" },
	{ "ops", RESULT_INT, "", "timed calls of the batch (0: every allocation failed)" },
	{ "mean_ns", RESULT_FLOAT, "ns",
	  "mean time of one call, timer cost subtracted (0 if no call)" },
	{ "p50_ns", RESULT_INT, "ns",
	  "median (upper bound of its histogram bucket; 0 if no call)" },
};

#define LAT_NR_BATCH_COLS (sizeof(latency_batch_cols) / sizeof(latency_batch_cols[0]))

static const struct result_table latency_batch_table = {
	.file = "latency_batches.csv",
	.help = "The latency workload's repetitions: the timed steps of each (kind, size) are cut "
		"into `batches` consecutive batches of nearly equal length (the total is the same "
		"as without batches), and each batch's calls are summed up here, per operation. "
		"latency.csv holds the figures of all batches together. `kmembench compare` tests "
		"the batch means of two runs against each other; given several runs a side, it "
		"tests the runs' latency.csv figures instead.",
	.cols = latency_batch_cols,
	.nr_cols = LAT_NR_BATCH_COLS,
};

/* What latency_batches.csv keeps of one batch of one operation */
struct latency_batch {
	uint64_t ops;
	double mean_ns;
	uint64_t p50_ns;
};

/* One size being measured, and the ring of blocks it keeps */
struct latency_run {
	const struct workload_ctx *ctx;
	enum latency_kind kind;
	unsigned long size;
	unsigned int order;
	void **ring;
	unsigned long ring_len;
	unsigned long steps;
	unsigned long failed;
	unsigned int nr_batches;
	/* the whole size's calls, and the current batch's (added into the former as it ends) */
	struct histogram alloc, free;
	struct histogram batch_alloc, batch_free;
	struct latency_batch batches[2][LAT_MAX_BATCHES]; /* [0] alloc, [1] free */
};

static void *lat_alloc(const struct latency_run *r)
{
	return latency_alloc(r->kind, r->size, r->order);
}

static void lat_free(const struct latency_run *r, void *p)
{
	latency_free(r->kind, p, r->order);
}

/* One timed allocation into slot @i; a failure leaves the slot empty and is counted */
static void lat_timed_alloc(struct latency_run *r, unsigned long i)
{
	const struct timer_calibration *cal = r->ctx->timer;
	uint64_t t0, t1;
	void *p;

	t0 = timer_read(cal);
	p = lat_alloc(r);
	t1 = timer_read(cal);
	r->ring[i] = p;
	if (p)
		hist_record(&r->batch_alloc, timer_ns(cal, t1 - t0));
	else
		r->failed++;
}

static void lat_timed_free(struct latency_run *r, unsigned long i)
{
	const struct timer_calibration *cal = r->ctx->timer;
	uint64_t t0, t1;

	if (!r->ring[i])
		return;
	t0 = timer_read(cal);
	lat_free(r, r->ring[i]);
	t1 = timer_read(cal);
	r->ring[i] = NULL;
	hist_record(&r->batch_free, timer_ns(cal, t1 - t0));
}

static int lat_row(struct latency_run *r, struct result_sink *sink, const char *op,
		   const struct histogram *h)
{
	struct result_value v[LAT_NR_COLS];
	unsigned int n = workload_common_values(r->ctx, v);

	v[n++] = RV_STR(latency_kind_names[r->kind]);
	v[n++] = RV_INT(r->size);
	v[n++] = RV_INT(r->kind == LAT_PAGES ? (long long)r->order : -1);
	v[n++] = RV_STR(op);
	v[n++] = RV_INT(h->count);
	v[n++] = RV_INT(r->failed);
	v[n++] = RV_INT(r->ring_len);
	v[n++] = RV_FLOAT(hist_mean(h));
	v[n++] = RV_INT(hist_percentile(h, 50));
	v[n++] = RV_INT(hist_percentile(h, 90));
	v[n++] = RV_INT(hist_percentile(h, 99));
	v[n++] = RV_INT(hist_percentile(h, 99.9));
	v[n++] = RV_INT(h->count ? h->max : 0);
	v[n++] = RV_FLOAT(r->ctx->timer->overhead_ns);
	v[n++] = RV_STR(r->ctx->timer->source);
	return result_row(sink, &latency_table, v, n);
}

static int lat_batch_rows(struct latency_run *r, struct result_sink *sink, unsigned int op)
{
	struct result_value v[LAT_NR_BATCH_COLS];
	int err = 0;

	for (unsigned int b = 0; b < r->nr_batches && !err; b++) {
		const struct latency_batch *lb = &r->batches[op][b];
		unsigned int n = workload_common_values(r->ctx, v);

		v[n++] = RV_STR(latency_kind_names[r->kind]);
		v[n++] = RV_INT(r->size);
		v[n++] = RV_INT(r->kind == LAT_PAGES ? (long long)r->order : -1);
		v[n++] = RV_STR(op ? "free" : "alloc");
		v[n++] = RV_INT(b);
		v[n++] = RV_INT(lb->ops);
		v[n++] = RV_FLOAT(lb->mean_ns);
		v[n++] = RV_INT(lb->p50_ns);
		err = result_row(sink, &latency_batch_table, v, n);
	}
	return err;
}

/* Keeps a finished batch's figures of one operation in @lb, adds it to @total, empties it */
static void lat_batch_end(struct histogram *batch, struct histogram *total,
			  struct latency_batch *lb)
{
	lb->ops = batch->count;
	lb->mean_ns = hist_mean(batch);
	lb->p50_ns = hist_percentile(batch, 50);
	hist_merge(total, batch);
	hist_reset(batch);
}

/* Fill the ring, run the steps batch by batch, empty the ring, write the rows */
static int lat_measure(struct latency_run *r, struct result_sink *sink)
{
	unsigned long oldest = 0, s = 0;

	hist_init(&r->alloc);
	hist_init(&r->free);
	hist_init(&r->batch_alloc);
	hist_init(&r->batch_free);
	r->failed = 0;
	for (unsigned long i = 0; i < r->ring_len; i++)
		r->ring[i] = lat_alloc(r);
	for (unsigned int b = 0; b < r->nr_batches; b++) {
		unsigned long end = r->steps * (b + 1) / r->nr_batches;

		for (; s < end; s++) {
			lat_timed_free(r, oldest);
			lat_timed_alloc(r, oldest);
			if (++oldest == r->ring_len)
				oldest = 0;
		}
		lat_batch_end(&r->batch_alloc, &r->alloc, &r->batches[0][b]);
		lat_batch_end(&r->batch_free, &r->free, &r->batches[1][b]);
	}
	for (unsigned long i = 0; i < r->ring_len; i++)
		if (r->ring[i])
			lat_free(r, r->ring[i]);
	return lat_row(r, sink, "alloc", &r->alloc) ?: lat_row(r, sink, "free", &r->free) ?:
	       lat_batch_rows(r, sink, 0) ?: lat_batch_rows(r, sink, 1);
}

/* Steps and ring length for a size, as the comment at the top explains */
static void lat_scale(struct latency_run *r, unsigned long free_bytes)
{
	uint64_t ops = r->ctx->params[LAT_OPS], ring = r->ctx->params[LAT_RING];
	unsigned long cap = free_bytes / 8 / r->size;

	/* vmalloc areas also need address space: x86_32 has only about 120 MiB of it */
	if (r->kind == LAT_VMALLOC &&
	    cap > (VMALLOC_END - VMALLOC_START) / 4 / (r->size + PAGE_SIZE))
		cap = (VMALLOC_END - VMALLOC_START) / 4 / (r->size + PAGE_SIZE);
	if (r->size > (64UL << 10)) {
		uint64_t div = r->size >> 16;

		ops = div > 64 ? ops / 64 : ops / div;
		if (ops < 64)
			ops = 64;
	}
	r->steps = (unsigned long)ops;
	r->ring_len = (unsigned long)(ring < cap ? ring : cap);
	if (!r->ring_len)
		r->ring_len = 1;
}

static int latency_run(const struct workload_ctx *ctx, struct result_sink *sink)
{
	const unsigned int nr_sizes =
		MAX_PAGE_ORDER + 1 + 2 * ARRAY_SIZE(latency_kmalloc_sizes) + LAT_NR_VMALLOC_SIZES;
	unsigned long free_bytes = nr_free_pages() * PAGE_SIZE;
	struct latency_run *r;
	unsigned int done = 0;
	int err = 0;

	r = calloc(1, sizeof(*r));
	if (r)
		r->ring = calloc(ctx->params[LAT_RING], sizeof(*r->ring));
	if (!r || !r->ring) {
		fprintf(stderr, "latency: out of memory for a ring of %llu blocks\n",
			(unsigned long long)ctx->params[LAT_RING]);
		free(r);
		return -ENOMEM;
	}
	r->ctx = ctx;
	r->nr_batches = (unsigned int)ctx->params[LAT_BATCHES];
	for (unsigned int k = 0; k < LAT_NR_KINDS && !err; k++) {
		unsigned int n = k == LAT_PAGES	    ? MAX_PAGE_ORDER + 1
				 : k == LAT_VMALLOC ? LAT_NR_VMALLOC_SIZES
						    : ARRAY_SIZE(latency_kmalloc_sizes);

		for (unsigned int i = 0; i < n && !err; i++) {
			char what[48];

			r->kind = (enum latency_kind)k;
			r->order = k == LAT_PAGES ? i : 0;
			r->size = k == LAT_PAGES     ? PAGE_SIZE << i
				  : k == LAT_VMALLOC ? PAGE_SIZE << (2 * i)
						     : latency_kmalloc_sizes[i];
			snprintf(what, sizeof(what), "%s %lu bytes", latency_kind_names[k],
				 r->size);
			err = workload_progress(ctx, (double)done++ / nr_sizes, what);
			if (err)
				break;
			lat_scale(r, free_bytes);
			err = lat_measure(r, sink);
		}
	}
	free(r->ring);
	free(r);
	return err;
}

/* ---- its section of kmembench report ---- */

#define LATENCY(lbl, kind_, col_, val_, pct, sum)                                  \
	{                                                                          \
		.label = lbl, .unit = "ns", .column = pct,                         \
		.where = { { "kind", kind_ }, { col_, val_ }, { "op", "alloc" } }, \
		.better = REPORT_LOWER, .summary = sum,                            \
	}

static const struct report_metric latency_metrics[] = {
	LATENCY("order-0 alloc p50", "pages", "order", "0", "p50_ns", true),
	LATENCY("order-0 alloc p99", "pages", "order", "0", "p99_ns", false),
	LATENCY("order-3 alloc p50", "pages", "order", "3", "p50_ns", true),
	LATENCY("order-3 alloc p99", "pages", "order", "3", "p99_ns", false),
	LATENCY("order-9 alloc p50", "pages", "order", "9", "p50_ns", true),
	LATENCY("order-9 alloc p99", "pages", "order", "9", "p99_ns", false),
	LATENCY("kmalloc-64 alloc p50", "kmalloc", "size", "64", "p50_ns", true),
	LATENCY("kmalloc-64 alloc p99", "kmalloc", "size", "64", "p99_ns", false),
};

static void latency_caveats(const struct csv_data *const *t, struct caveat_sink *sink)
{
	const struct csv_data *d = t[0];
	char timers[128], cost[128];
	double failed = csv_sum(d, "failed");

	csv_distinct(d, "timer", NULL, NULL, timers, sizeof(timers));
	if (timers[0] && strcmp(timers, "rdtscp")) {
		csv_distinct(d, "timer_overhead_ns", NULL, NULL, cost, sizeof(cost));
		sink->say(sink,
			  "Latency: calls were timed with %s rather than rdtscp (no usable "
			  "invariant TSC here); a timing costs %s ns, subtracted from each figure.",
			  timers, cost);
	}
	if (failed > 0)
		sink->say(sink,
			  "Latency: %.0f allocations returned NULL; they are not in the figures.",
			  failed);
}

/* what plots/latency.gp draws: p50 with a bar to p99, per size or order */
static const struct report_points latency_points = {
	.file = "latency-points.csv",
	.series = { "backend", "arch", "pcp", "kind", "op" },
	.x = { "size", "order" },
	.log_x = true,
	.y = { "p50_ns", "p99_ns" },
};

static const struct workload_report latency_report = {
	.title = "Latency",
	.what = "kmembench run --workload latency: single alloc and free calls timed one by one "
		"with the cycle counter into a histogram, the timer's own cost subtracted, beside "
		"a ring of live blocks; per page order, kmalloc size and vmalloc size. The figures "
		"are percentiles of one call.",
	.files = { "latency.csv" },
	.required = { "backend", "kind", "op", "size", "order", "p50_ns", "p99_ns" },
	REPORT_METRICS(latency_metrics),
	.points = &latency_points,
	.caveats = latency_caveats,
};

const struct workload latency_workload = {
	.name = "latency",
	.help = "time of each alloc and free per page order, kmalloc class and vmalloc size; "
		"glibc malloc as reference",
	.params = latency_params,
	.nr_params = LAT_NR_PARAMS,
	.tables = (const struct result_table *const[]){ &latency_table, &latency_batch_table },
	.nr_tables = 2,
	.mem_bytes = 1ULL << 30,
	.run = latency_run,
	.report = &latency_report,
};
