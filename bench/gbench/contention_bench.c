// SPDX-License-Identifier: GPL-2.0
/*
 * Contention: N threads (1, 2, 4, 8) each doing alloc_pages() + __free_pages() pairs at once,
 * for each back end, with and without per-CPU lists, at orders 0 and 3. Names are
 *
 *	page_contention/BACKEND/{pcp,nopcp}/order:N/threads:T
 *
 * How a run works. The model boots once per run Google Benchmark makes (outside the timed
 * loop); T - 1 worker threads start and, with the benchmark's own thread as thread 0, enter
 * CPUs i % nr_cpus. Each iteration of the benchmark loop is one round: the T threads pass a
 * barrier, each does ROUND_PAIRS pairs, and they meet at a second barrier. Every pair is timed on
 * its own (clock_gettime, whose own cost is measured at start and subtracted) into a per-thread
 * log-linear histogram; the rounds' wall time is summed. Counters:
 *
 *	ops_per_s	pairs per second of wall time, all threads together
 *	p50_ns p99_ns p999_ns	per-pair latency percentiles, all threads merged (3% buckets)
 *	threads host_cpus timer_ns	what the figures were measured with
 *
 * The benchmark thread takes part in every round, so the CPU time Google Benchmark measures
 * (and steers the iteration count by) is that of real work, not of waiting at a barrier; its
 * own time columns are one thread's view. ops_per_s and the percentiles are the figures to read.
 *
 * What a small machine can show: with more threads than host CPUs (8 threads on 2 CPUs here)
 * the threads time-slice. A thread may be preempted while it holds a zone or per-CPU list lock,
 * and the others then wait for the scheduler, not for a cache line: p99 then measures
 * lock-holder preemption (milliseconds of scheduler quantum), and ops/s measures the lock's
 * behaviour under oversubscription. True parallel cache-line contention needs at least as many
 * cores as threads; the label says which case a row is. Threads that share a (simulated) CPU
 * share its per-CPU lists and their lock, as tasks on one CPU do in Linux since 5.19.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/mm.h>

#include "workloads/runner.h"
#include "benches.h"
#include "gbench_shim.h"

#define BENCH_MEM_BYTES (256ULL << 20)
#define BENCH_ARCH	"x86_64"
#define MAX_THREADS	8
#define ROUND_PAIRS	256

/*
 * Log-linear histogram of nanoseconds: exact below 64 ns, then 32 buckets per power of two
 * (3% wide) up to 2^40 ns.
 */
#define HIST_SUB_BITS 5
#define HIST_LINEAR   64
#define HIST_MAX_EXP  40
#define HIST_BUCKETS  (HIST_LINEAR + (HIST_MAX_EXP - 6 + 1) * (1 << HIST_SUB_BITS))

struct histogram {
	uint64_t count[HIST_BUCKETS];
};

static unsigned int hist_bucket(uint64_t ns)
{
	unsigned int exp;

	if (ns < HIST_LINEAR)
		return (unsigned int)ns;
	exp = 63 - (unsigned int)__builtin_clzll(ns);
	if (exp > HIST_MAX_EXP)
		return HIST_BUCKETS - 1;
	return HIST_LINEAR + (exp - 6) * (1U << HIST_SUB_BITS) +
	       (unsigned int)((ns >> (exp - HIST_SUB_BITS)) & ((1U << HIST_SUB_BITS) - 1));
}

/* The middle of bucket @b, in ns */
static double hist_value(unsigned int b)
{
	unsigned int exp, sub;
	double low, width;

	if (b < HIST_LINEAR)
		return b;
	exp = (b - HIST_LINEAR) / (1U << HIST_SUB_BITS) + 6;
	sub = (b - HIST_LINEAR) % (1U << HIST_SUB_BITS);
	width = (double)(1ULL << (exp - HIST_SUB_BITS));
	low = (double)((1ULL << HIST_SUB_BITS) + sub) * width;
	return low + width / 2;
}

/* The value below which a fraction @p of the samples lie */
static double hist_percentile(const struct histogram *h, double p)
{
	uint64_t total = 0, seen = 0, want;

	for (unsigned int b = 0; b < HIST_BUCKETS; b++)
		total += h->count[b];
	if (!total)
		return 0;
	want = (uint64_t)(p * (double)total);
	if (want >= total)
		want = total - 1;
	for (unsigned int b = 0; b < HIST_BUCKETS; b++) {
		seen += h->count[b];
		if (seen > want)
			return hist_value(b);
	}
	return hist_value(HIST_BUCKETS - 1);
}

static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* The median cost of one now_ns() call as seen between two of them */
static uint64_t timer_cost_ns(void)
{
	uint64_t d[1001];

	for (size_t i = 0; i < ARRAY_SIZE(d); i++) {
		uint64_t t0 = now_ns();

		d[i] = now_ns() - t0;
	}
	qsort(d, ARRAY_SIZE(d), sizeof(d[0]), cmp_u64);
	return d[ARRAY_SIZE(d) / 2];
}

struct contention_bench {
	char name[80];
	const char *backend;
	int pcp; /* kmem_config.pcp: 1 = per-CPU lists, KMEM_PCP_OFF = the back end bare */
	unsigned int order;
};

struct contention_run;

struct contention_thread {
	pthread_t thread;
	struct contention_run *run;
	int id;
	bool failed;
	struct histogram hist;
};

struct contention_run {
	pthread_barrier_t start, done;
	int nr_threads, nr_cpus;
	unsigned int order;
	uint64_t timer_ns;
	bool stop; /* read after the start barrier, which orders it */
	struct contention_thread thread[MAX_THREADS];
};

/* One round of one thread: ROUND_PAIRS timed alloc+free pairs */
static void round_pairs(struct contention_run *run, struct contention_thread *t)
{
	for (int i = 0; i < ROUND_PAIRS; i++) {
		uint64_t t0 = now_ns(), dt;
		struct page *page = alloc_pages(GFP_KERNEL, run->order);

		if (unlikely(!page)) {
			t->failed = true;
			return;
		}
		__free_pages(page, run->order);
		dt = now_ns() - t0;
		t->hist.count[hist_bucket(dt > run->timer_ns ? dt - run->timer_ns : 0)]++;
	}
}

static void *contention_worker(void *arg)
{
	struct contention_thread *t = arg;
	struct contention_run *run = t->run;

	kmem_thread_enter(t->id % run->nr_cpus);
	for (;;) {
		pthread_barrier_wait(&run->start);
		if (run->stop)
			break;
		round_pairs(run, t);
		pthread_barrier_wait(&run->done);
	}
	return NULL;
}

static bool contention_boot(gbench_state *s, const struct contention_bench *b, int nr_threads,
			    struct kmem_info *info)
{
	struct kmem_config cfg = {
		.backend = b->backend,
		.arch = BENCH_ARCH,
		.mem_bytes = BENCH_MEM_BYTES,
		.pcp = b->pcp,
	};
	long host = sysconf(_SC_NPROCESSORS_ONLN);
	char label[160];

	if (runner_boot(&cfg, info)) {
		gbench_skip_with_error(s, "the model did not boot (see stderr)");
		return false;
	}
	if (nr_threads <= host)
		snprintf(label, sizeof(label), "%d threads on %ld host CPUs: parallel", nr_threads,
			 host);
	else
		snprintf(label, sizeof(label),
			 "%d threads on %ld host CPUs: time-sliced (lock-holder preemption, not "
			 "parallel cache-line contention)",
			 nr_threads, host);
	gbench_set_label(s, label);
	gbench_counter(s, "threads", nr_threads);
	gbench_counter(s, "host_cpus", (double)host);
	return true;
}

static void run_contention_bench(gbench_state *s, void *arg)
{
	const struct contention_bench *b = arg;
	int nr_threads = (int)gbench_range(s, 0);
	struct contention_run *run;
	struct histogram *all;
	struct kmem_info info;
	uint64_t wall_ns = 0, pairs = 0;
	bool failed = false;

	run = calloc(1, sizeof(*run));
	all = calloc(1, sizeof(*all));
	if (!run || !all || nr_threads < 1 || nr_threads > MAX_THREADS) {
		gbench_skip_with_error(s, "out of memory or bad thread count");
		free(run);
		free(all);
		return;
	}
	if (!contention_boot(s, b, nr_threads, &info)) {
		free(run);
		free(all);
		return;
	}
	run->nr_threads = nr_threads;
	run->nr_cpus = info.nr_cpus;
	run->order = b->order;
	run->timer_ns = timer_cost_ns();
	pthread_barrier_init(&run->start, NULL, (unsigned int)nr_threads);
	pthread_barrier_init(&run->done, NULL, (unsigned int)nr_threads);
	for (int i = 0; i < nr_threads; i++) {
		run->thread[i].run = run;
		run->thread[i].id = i;
	}
	for (int i = 1; i < nr_threads; i++) {
		/* the barriers count every thread: without one of them no round can end */
		if (pthread_create(&run->thread[i].thread, NULL, contention_worker,
				   &run->thread[i])) {
			fprintf(stderr, "kmembench-gbench: pthread_create failed\n");
			exit(1);
		}
	}

	while (gbench_keep_running(s)) {
		uint64_t t0 = now_ns();

		pthread_barrier_wait(&run->start);
		round_pairs(run, &run->thread[0]);
		pthread_barrier_wait(&run->done);
		wall_ns += now_ns() - t0;
		pairs += (uint64_t)ROUND_PAIRS * (uint64_t)nr_threads;
		for (int i = 0; i < nr_threads; i++)
			failed |= run->thread[i].failed;
		if (failed) {
			gbench_skip_with_error(s, "alloc_pages failed");
			break;
		}
	}
	run->stop = true;
	pthread_barrier_wait(&run->start);
	for (int i = 1; i < nr_threads; i++)
		pthread_join(run->thread[i].thread, NULL);

	for (int i = 0; i < nr_threads; i++)
		for (unsigned int k = 0; k < HIST_BUCKETS; k++)
			all->count[k] += run->thread[i].hist.count[k];
	if (wall_ns)
		gbench_counter(s, "ops_per_s", (double)pairs * 1e9 / (double)wall_ns);
	gbench_counter(s, "p50_ns", hist_percentile(all, 0.50));
	gbench_counter(s, "p99_ns", hist_percentile(all, 0.99));
	gbench_counter(s, "p999_ns", hist_percentile(all, 0.999));
	gbench_counter(s, "timer_ns", (double)run->timer_ns);
	pthread_barrier_destroy(&run->start);
	pthread_barrier_destroy(&run->done);
	bench_shutdown(s);
	free(run);
	free(all);
}

void contention_bench_register(void)
{
	static const int64_t threads[] = { 1, 2, 4, 8 };
	static const unsigned int orders[] = { 0, 3 };
	static const int pcp_modes[] = { 1, KMEM_PCP_OFF };
	int nr_backends = kmem_backend_count();
	size_t nr = (size_t)nr_backends * ARRAY_SIZE(pcp_modes) * ARRAY_SIZE(orders);
	/* registered benchmarks keep pointers into this array for the life of the program */
	struct contention_bench *benches = calloc(nr, sizeof(*benches)), *b;

	if (!benches) {
		fprintf(stderr, "kmembench-gbench: out of memory\n");
		exit(1);
	}
	b = benches;
	for (int be = 0; be < nr_backends; be++) {
		for (size_t p = 0; p < ARRAY_SIZE(pcp_modes); p++) {
			for (size_t o = 0; o < ARRAY_SIZE(orders); o++, b++) {
				b->backend = kmem_backend_name(be);
				b->pcp = pcp_modes[p];
				b->order = orders[o];
				snprintf(b->name, sizeof(b->name), "page_contention/%s/%s/order:%u",
					 b->backend, b->pcp == KMEM_PCP_OFF ? "nopcp" : "pcp",
					 b->order);
				gbench_register(b->name, run_contention_bench, b, "threads",
						threads, (int)ARRAY_SIZE(threads));
			}
		}
	}
}
