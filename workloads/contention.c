// SPDX-License-Identifier: GPL-2.0
/*
 * contention: what happens to allocation throughput and latency as threads are added. For each
 * thread count of --threads (1, 2, 4, ... up to twice the host's CPUs by default) and each
 * operation (alloc_pages/__free_pages of order 0 and of order 3, kmalloc/kfree of 64 bytes),
 * all threads allocate and free at once for `duration_ms`; the runner runs the workload with
 * per-CPU lists and without, so the rows show what the lists buy under contention.
 *
 * How a measurement works. Thread t enters model CPU t % nr_cpus: threads beyond the model's
 * CPUs share a CPU, and so its per-CPU lists and their lock, as tasks on one CPU do in Linux
 * since 5.19. Each thread fills a ring of `ring` live blocks (untimed), so that the allocator
 * works against a standing population rather than handing one block back and forth, and waits
 * at a start gate. When every thread is there, the coordinating thread (the runner's, which
 * takes no part and only waits to join them) sets a deadline `duration_ms` ahead and opens the
 * gate for all of them at once. Until the deadline each thread repeats one step: free the
 * oldest block of its ring and allocate a new one in its place. An op is one such free+alloc
 * pair. Each thread reads the clock after the gate and when it stops, then empties its ring;
 * the wall time runs from the earliest start to the latest stop, and the throughput is every
 * thread's pairs over it (Mops/s, in total and per thread). A shared deadline rather than a
 * stop flag raised by a sleeping coordinator: the coordinator is pinned to the host CPU of
 * model CPU 0 and, on a busy CPU, would wake milliseconds late and stretch the window.
 *
 * Latency is sampled: every `sample`-th pair is timed as a whole with the calibrated timer (two
 * rdtscp reads around the free and the allocation) into a per-thread histogram, merged after
 * the run into p50 and p99; the timer's own cost is subtracted from every sample and stated in
 * every row. Timing every pair would slow the loop being measured: here a timed pair costs
 * about 45 ns more than an untimed one (the two reads, which wait for the instructions before
 * them, and the histogram update), which halved the throughput of single pages with one
 * thread; one pair in 16 spreads that to about 3 ns a pair, within the run-to-run noise.
 *
 * Threads above the host's CPUs are oversubscribed: they time-slice, and a thread preempted
 * while it holds a zone or per-CPU list lock stalls the others for a scheduler quantum. Such
 * rows (oversubscribed = 1) show lock-holder preemption in p99 rather than cache-line
 * contention, which needs at least as many cores as threads.
 *
 * Everything is freed after each measurement; at the end the free page count must be what it
 * was at the start (the slab caches shrunk both times).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "workloads/measure/histogram.h"
#include "present.h"
#include "workload.h"

enum cont_param {
	CONT_DURATION,
	CONT_RING,
	CONT_SAMPLE,
	CONT_NR_PARAMS,
};

static const struct workload_param cont_params[CONT_NR_PARAMS] = {
	[CONT_DURATION] = { "duration_ms", 150, 10, 1, 600000, "ms",
			    "how long all threads allocate and free, per operation and count" },
	[CONT_RING] = { "ring", 32, 32, 1, 65536, "blocks",
			"live blocks per thread; each op frees the oldest and allocates anew" },
	[CONT_SAMPLE] = { "sample", 16, 16, 1, 1U << 20, "ops",
			  "time one op (free+alloc pair) in this many for the percentiles" },
};

/* One operation measured: page blocks of an order, or kmalloc objects of a size */
struct cont_op {
	const char *kind; /* "pages" or "kmalloc" */
	int order;	  /* page order, or -1 for kmalloc */
	unsigned long size;
};

static const struct cont_op cont_ops[] = {
	{ "pages", 0, PAGE_SIZE },
	{ "pages", 3, PAGE_SIZE << 3 },
	{ "kmalloc", -1, 64 },
};

#define CONT_NR_OPS ARRAY_SIZE(cont_ops)
#define CONT_GFP    (GFP_KERNEL | __GFP_NOWARN)

static const struct result_column cont_cols[] = {
	RESULT_COMMON_COLUMNS,
	{ "kind", RESULT_STR, "", "pages (alloc_pages/__free_pages) or kmalloc (kmalloc/kfree)" },
	{ "size", RESULT_INT, "bytes", "bytes of one block or object" },
	{ "order", RESULT_INT, "", "page order for kind=pages, else -1" },
	{ "threads", RESULT_INT, "",
	  "threads allocating at once; thread t runs as model CPU t % model_cpus" },
	{ "model_cpus", RESULT_INT, "", "CPUs of the model (threads above share them)" },
	{ "cpus", RESULT_INT, "", "host CPUs online" },
	{ "oversubscribed", RESULT_INT, "", "1 when threads > cpus: the threads time-slice" },
	{ "ring", RESULT_INT, "blocks", "live blocks per thread" },
	{ "ops", RESULT_INT, "", "free+alloc pairs, all threads" },
	{ "duration_ms", RESULT_FLOAT, "ms",
	  "wall time from the first thread's start to the last's stop" },
	{ "mops", RESULT_FLOAT, "Mops/s", "ops / duration: pairs per microsecond, all threads" },
	{ "mops_per_thread", RESULT_FLOAT, "Mops/s", "mops / threads" },
	{ "p50_ns", RESULT_INT, "ns",
	  "median time of one pair (upper bound of its bucket), sampled" },
	{ "p99_ns", RESULT_INT, "ns", "99th percentile of one pair, sampled" },
	{ "samples", RESULT_INT, "",
	  "pairs timed, all threads: a thread times one in `sample` and stops after a timed one, "
	  "so ops = samples * sample" },
	{ "failed", RESULT_INT, "", "allocations that returned NULL, ring fills included" },
	{ "timer_overhead_ns", RESULT_FLOAT, "ns",
	  "cost of one timing, subtracted from each sample" },
	{ "timer", RESULT_STR, "", "clock: rdtscp or clock_gettime" },
};

#define CONT_NR_COLS ARRAY_SIZE(cont_cols)

/* throughput: more is better */
static const struct table_compare cont_compare = {
	.keys = { "backend", "arch", "pcp", "kind", "size", "threads" },
	.metrics = { { .column = "mops", .kind = COMPARE_RATIO, .higher_better = true } },
};

static const struct result_table cont_table = {
	.file = "contention.csv",
	.help = "`kmembench run --workload contention`: alloc+free throughput of 1 to N threads "
		"at once (--threads), one row per (operation, thread count), with and without "
		"per-CPU lists. An op is one free+alloc pair on a ring of live blocks; p50/p99 "
		"come from one pair in `sample` (16 by default), timed with the calibrated timer. "
		"Rows with oversubscribed = 1 have more threads than host CPUs.",
	.cols = cont_cols,
	.nr_cols = CONT_NR_COLS,
	.compare = &cont_compare,
};

struct cont_run;

/* One thread's part of a measurement; written by the thread, read after it is joined */
struct cont_thread {
	struct cont_run *run;
	pthread_t tid;
	int cpu;
	int err; /* of kmem_thread_enter() */
	void **ring;
	uint64_t ops, failed;
	uint64_t start, end; /* timer ticks: past the gate, and when it stopped */
	struct histogram hist;
};

/* One (operation, thread count) measurement */
struct cont_run {
	const struct workload_ctx *ctx;
	const struct cont_op *op;
	unsigned int nr_threads;
	unsigned long ring_len;
	uint64_t sample;
	/*
	 * The start gate: @ready threads wait; @open lets them all go at once, @abort without
	 * working. A mutex and condition rather than a pthread barrier, whose count is fixed: when
	 * a pthread_create() fails, the threads already started must still be let go.
	 */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned int ready;
	bool open, abort;
	/* when the threads stop, in timer ticks: duration_ms after the gate opened */
	uint64_t deadline;
	struct cont_thread *th;
	struct histogram merged; /* every thread's samples, for the row */
};

static inline void *cont_alloc(const struct cont_op *op)
{
	if (op->order < 0)
		return kmalloc(op->size, CONT_GFP);
	return alloc_pages(CONT_GFP, (unsigned int)op->order);
}

static inline void cont_free(const struct cont_op *op, void *p)
{
	if (op->order < 0)
		kfree(p);
	else
		__free_pages(p, (unsigned int)op->order);
}

/* One op: free @old (the slot may be empty after a failed allocation), allocate its successor */
static inline void *cont_pair(const struct cont_op *op, void *old)
{
	if (old)
		cont_free(op, old);
	return cont_alloc(op);
}

/* Waits at the start gate; false when the coordinator gave up before opening it */
static bool cont_gate_wait(struct cont_run *run)
{
	bool go;

	pthread_mutex_lock(&run->lock);
	run->ready++;
	pthread_cond_broadcast(&run->cond);
	while (!run->open)
		pthread_cond_wait(&run->cond, &run->lock);
	go = !run->abort;
	pthread_mutex_unlock(&run->lock);
	return go;
}

/*
 * The steps, as the comment at the top describes. The deadline is checked on the sampled ops
 * only, with the timer read they take anyway, so the other ops pay for neither a clock read nor
 * a division (the countdown).
 */
static void cont_loop(struct cont_thread *th)
{
	struct cont_run *run = th->run;
	const struct cont_op *op = run->op;
	const struct timer_calibration *cal = run->ctx->timer;
	uint64_t ops = 0, failed = 0, countdown = run->sample, t1 = 0;
	unsigned long oldest = 0;
	void **ring = th->ring;
	bool done = false;

	th->start = timer_read(cal);
	while (!done) {
		void *p;

		if (--countdown) {
			p = cont_pair(op, ring[oldest]);
		} else {
			uint64_t t0 = timer_read(cal);

			p = cont_pair(op, ring[oldest]);
			t1 = timer_read(cal);
			hist_record(&th->hist, timer_ns(cal, t1 - t0));
			countdown = run->sample;
			done = t1 >= run->deadline;
		}
		ring[oldest] = p;
		failed += !p;
		ops++;
		if (++oldest == run->ring_len)
			oldest = 0;
	}
	th->end = t1;
	th->ops = ops;
	th->failed += failed;
}

static void *cont_thread_main(void *arg)
{
	struct cont_thread *th = arg;
	struct cont_run *run = th->run;

	th->err = kmem_thread_enter(th->cpu);
	for (unsigned long i = 0; i < run->ring_len && !th->err; i++) {
		th->ring[i] = cont_alloc(run->op);
		th->failed += !th->ring[i];
	}
	if (cont_gate_wait(run) && !th->err)
		cont_loop(th);
	for (unsigned long i = 0; i < run->ring_len; i++) {
		if (th->ring[i])
			cont_free(run->op, th->ring[i]);
		th->ring[i] = NULL;
	}
	return NULL;
}

/*
 * Opens the gate once @started threads wait at it, with the deadline duration_ms ahead; with
 * @abort they leave without working
 */
static void cont_gate_open(struct cont_run *run, unsigned int started, bool abort)
{
	const struct timer_calibration *cal = run->ctx->timer;
	double duration_ns = (double)run->ctx->params[CONT_DURATION] * 1e6;

	pthread_mutex_lock(&run->lock);
	while (run->ready < started)
		pthread_cond_wait(&run->cond, &run->lock);
	run->deadline = timer_read(cal) + (uint64_t)(duration_ns * cal->ticks_per_ns);
	run->abort = abort;
	run->open = true;
	pthread_cond_broadcast(&run->cond);
	pthread_mutex_unlock(&run->lock);
}

/* Starts the threads, opens the gate with the deadline set, joins them; -errno or 0 */
static int cont_measure(struct cont_run *run)
{
	unsigned int started = 0;
	int err = 0;

	run->ready = 0;
	run->open = run->abort = false;
	for (; started < run->nr_threads; started++) {
		struct cont_thread *th = &run->th[started];

		th->run = run;
		th->cpu = (int)(started % (unsigned int)run->ctx->info->nr_cpus);
		th->err = 0;
		th->ops = th->failed = 0;
		hist_init(&th->hist);
		err = -pthread_create(&th->tid, NULL, cont_thread_main, th);
		if (err) {
			fprintf(stderr, "contention: cannot start thread %u of %u: %s\n",
				started + 1, run->nr_threads, strerror(-err));
			break;
		}
	}
	cont_gate_open(run, started, err != 0);
	for (unsigned int t = 0; t < started; t++) {
		pthread_join(run->th[t].tid, NULL);
		if (run->th[t].err && !err) {
			fprintf(stderr, "contention: kmem_thread_enter(%d) failed\n",
				run->th[t].cpu);
			err = run->th[t].err;
		}
	}
	return err;
}

static int cont_row(struct cont_run *run, struct result_sink *sink)
{
	const struct workload_ctx *ctx = run->ctx;
	long host_cpus = sysconf(_SC_NPROCESSORS_ONLN);
	uint64_t ops = 0, failed = 0, start = UINT64_MAX, end = 0;
	struct result_value v[CONT_NR_COLS];
	struct histogram *h = &run->merged;
	double wall_us, mops;
	unsigned int n;

	hist_init(h);
	for (unsigned int t = 0; t < run->nr_threads; t++) {
		const struct cont_thread *th = &run->th[t];

		ops += th->ops;
		failed += th->failed;
		start = th->start < start ? th->start : start;
		end = th->end > end ? th->end : end;
		hist_merge(h, &th->hist);
	}
	wall_us = end > start ? (double)(end - start) / ctx->timer->ticks_per_ns / 1e3 : 0;
	mops = wall_us > 0 ? (double)ops / wall_us : 0;

	n = workload_common_values(ctx, v);
	v[n++] = RV_STR(run->op->kind);
	v[n++] = RV_INT(run->op->size);
	v[n++] = RV_INT(run->op->order);
	v[n++] = RV_INT(run->nr_threads);
	v[n++] = RV_INT(ctx->info->nr_cpus);
	v[n++] = RV_INT(host_cpus);
	v[n++] = RV_INT(host_cpus > 0 && run->nr_threads > (unsigned long)host_cpus);
	v[n++] = RV_INT(run->ring_len);
	v[n++] = RV_INT(ops);
	v[n++] = RV_FLOAT(wall_us / 1e3);
	v[n++] = RV_FLOAT(mops);
	v[n++] = RV_FLOAT(mops / run->nr_threads);
	v[n++] = RV_INT(hist_percentile(h, 50));
	v[n++] = RV_INT(hist_percentile(h, 99));
	v[n++] = RV_INT(h->count);
	v[n++] = RV_INT(failed);
	v[n++] = RV_FLOAT(ctx->timer->overhead_ns);
	v[n++] = RV_STR(ctx->timer->source);
	return result_row(sink, &cont_table, v, n);
}

static int cont_run_all(struct cont_run *run, struct result_sink *sink)
{
	const struct workload_ctx *ctx = run->ctx;
	const unsigned int steps = CONT_NR_OPS * ctx->nr_threads;
	int err = 0;

	for (unsigned int i = 0; i < steps && !err; i++) {
		char what[48];

		run->op = &cont_ops[i / ctx->nr_threads];
		run->nr_threads = ctx->threads[i % ctx->nr_threads];
		snprintf(what, sizeof(what), "%s %lu bytes, %u threads", run->op->kind,
			 run->op->size, run->nr_threads);
		err = workload_progress(ctx, (double)i / steps, what);
		if (err)
			break;
		err = cont_measure(run) ?: cont_row(run, sink);
	}
	return err;
}

static int contention_run(const struct workload_ctx *ctx, struct result_sink *sink)
{
	unsigned int max_threads = ctx->threads[ctx->nr_threads - 1];
	struct cont_run run = {
		.ctx = ctx,
		.ring_len = (unsigned long)ctx->params[CONT_RING],
		.sample = ctx->params[CONT_SAMPLE],
		.lock = PTHREAD_MUTEX_INITIALIZER,
		.cond = PTHREAD_COND_INITIALIZER,
	};
	unsigned long free_at_start;
	void **rings;
	int err;

	run.th = calloc(max_threads, sizeof(*run.th));
	rings = calloc((size_t)max_threads * run.ring_len, sizeof(*rings));
	if (!run.th || !rings) {
		fprintf(stderr, "contention: out of memory for %u threads\n", max_threads);
		free(run.th);
		free(rings);
		return -ENOMEM;
	}
	for (unsigned int t = 0; t < max_threads; t++)
		run.th[t].ring = rings + (size_t)t * run.ring_len;
	kmem_slab_shrink_all();
	free_at_start = nr_free_pages();

	err = cont_run_all(&run, sink);

	kmem_slab_shrink_all();
	if (!err && nr_free_pages() != free_at_start) {
		fprintf(stderr,
			"contention: %s on %s: %lu free pages after freeing everything, %lu "
			"before\n",
			ctx->info->backend, ctx->info->arch, nr_free_pages(), free_at_start);
		err = 1;
	}
	free(rings);
	free(run.th);
	return err;
}

/* ---- its section of kmembench report ---- */

#define CONTENTION(lbl, kind_, largest_, sum)                                                     \
	{                                                                                         \
		.label = lbl, .unit = "Mops/s", .column = "mops", .where = { { "kind", kind_ } }, \
		.pick = { { "size", false }, { "threads", largest_ } }, .better = REPORT_HIGHER,  \
		.summary = sum, .note = "threads", .note_fmt = "%s threads",                      \
	}

static const struct report_metric contention_metrics[] = {
	CONTENTION("pages, fewest threads", "pages", false, false),
	CONTENTION("pages, most threads", "pages", true, true),
	CONTENTION("kmalloc, fewest threads", "kmalloc", false, false),
	CONTENTION("kmalloc, most threads", "kmalloc", true, true),
};

static void contention_caveats(const struct csv_data *const *t, struct caveat_sink *sink)
{
	const struct csv_data *d = t[0];
	int tcol = csv_column(d, "threads"), ccol = csv_column(d, "cpus");
	long most = 0, cpus = 0;

	for (unsigned long i = 0; tcol >= 0 && ccol >= 0 && i < d->nr_rows; i++) {
		long threads = strtol(csv_get(d, i, tcol), NULL, 10);
		long c = strtol(csv_get(d, i, ccol), NULL, 10);

		if (c > 0 && threads > c && threads > most) {
			most = threads;
			cpus = c;
		}
	}
	if (most)
		sink->say(sink,
			  "Contention: up to %ld threads ran on %ld CPUs; beyond %ld they "
			  "time-share, so their throughput measures the scheduler as much as the "
			  "allocator.",
			  most, cpus, cpus);
}

/*
 * What plots/contention.gp draws: throughput per thread count, a panel per kind and size; the
 * host's CPUs, the same in every row of a run, mark where threads start to time-share.
 * `run --threads 2,1,2` measures a count twice: one point, the median.
 */
static const struct report_points contention_points = {
	.file = "contention-points.csv",
	.series = { "backend", "arch", "pcp", "kind", "size", "cpus" },
	.x = { "threads" },
	.log_x = true,
	.y = { "mops" },
};

static const struct workload_report contention_report = {
	.title = "Contention",
	.what = "kmembench run --workload contention: threads allocating and freeing at once, "
		"with and without per-CPU page lists; the throughput of all threads together, in "
		"million operations per second.",
	.files = { "contention.csv" },
	.required = { "backend", "kind", "size", "threads", "mops" },
	REPORT_METRICS(contention_metrics),
	.points = &contention_points,
	.caveats = contention_caveats,
};

const struct workload contention_workload = {
	.name = "contention",
	.help = "alloc+free Mops/s and pair p50/p99 per thread count (above host CPUs: "
		"time-sliced)",
	.params = cont_params,
	.nr_params = CONT_NR_PARAMS,
	.tables = (const struct result_table *const[]){ &cont_table },
	.nr_tables = 1,
	.mem_bytes = 256ULL << 20,
	.pcp_variants = true,
	.run = contention_run,
	.report = &contention_report,
};
