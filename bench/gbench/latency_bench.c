// SPDX-License-Identifier: GPL-2.0
/*
 * The latency workload under Google Benchmark: per-call percentiles as user counters.
 *
 * Google Benchmark times the loop as a whole and its statistics see one value per repetition,
 * so it cannot give a p99 of single calls. Here each iteration is one step of the latency
 * workload (workloads/latency.c): free the oldest block of a ring of live blocks, allocate a
 * new one in its place, each call timed on its own with the calibrated timer into a histogram.
 * At the end the histograms become counters: alloc_p50_ns ... alloc_max_ns, free_p50_ns ...,
 * and timer_overhead_ns, the cost of one timing, already subtracted from every sample. The
 * iteration time Google Benchmark reports includes the four timer reads; the counters do not.
 * Names:
 *
 *	latency/BACKEND/pages/order:N		alloc_pages/__free_pages, orders 0 to 10
 *	latency/BACKEND/kmalloc/size:S		kmalloc/kfree, the kernel's classes 8 to 8192
 *	latency/BACKEND/vmalloc/size:S		vmalloc/vfree, 4 KiB to 4 MiB
 *
 * with per-CPU lists on, on x86_64, one fresh model per run Google Benchmark makes.
 */
#include <stdio.h>
#include <stdlib.h>

#include <kmem/kmem.h>

#include "workloads/measure/histogram.h"
#include "workloads/latency_ops.h"
#include "workloads/measure/timer.h"
#include "benches.h"
#include "gbench_shim.h"

#define BENCH_MEM_BYTES (1ULL << 30)
#define RING		64

struct latency_bench {
	char name[64];
	const char *backend;
	enum latency_kind kind;
};

static struct timer_calibration bench_timer;

static void latency_counters(gbench_state *s, const char *op, const struct histogram *h)
{
	static const struct {
		const char *name;
		double p;
	} pcts[] = { { "p50", 50 }, { "p90", 90 }, { "p99", 99 }, { "p999", 99.9 } };
	char name[32];

	for (size_t i = 0; i < ARRAY_SIZE(pcts); i++) {
		snprintf(name, sizeof(name), "%s_%s_ns", op, pcts[i].name);
		gbench_counter(s, name, (double)hist_percentile(h, pcts[i].p));
	}
	snprintf(name, sizeof(name), "%s_max_ns", op);
	gbench_counter(s, name, h->count ? (double)h->max : 0);
}

static void run_latency_bench(gbench_state *s, void *arg)
{
	const struct latency_bench *b = arg;
	const struct timer_calibration *cal = &bench_timer;
	struct kmem_config cfg = {
		.backend = b->backend,
		.arch = "x86_64",
		.mem_bytes = BENCH_MEM_BYTES,
	};
	unsigned long size = (unsigned long)gbench_range(s, 0);
	unsigned int order = b->kind == LAT_PAGES ? (unsigned int)size : 0;
	struct histogram *h = calloc(2, sizeof(*h));
	void *ring[RING];
	unsigned int i;

	if (!h) {
		gbench_skip_with_error(s, "out of memory");
		return;
	}
	if (!bench_boot(s, &cfg)) {
		free(h);
		return;
	}
	hist_init(&h[0]);
	hist_init(&h[1]);
	for (i = 0; i < RING; i++)
		ring[i] = latency_alloc(b->kind, size, order);
	i = 0;
	while (gbench_keep_running(s)) {
		uint64_t t0, t1, t2, t3;
		void *p;

		t0 = timer_read(cal);
		if (ring[i])
			latency_free(b->kind, ring[i], order);
		t1 = timer_read(cal);
		t2 = timer_read(cal);
		p = latency_alloc(b->kind, size, order);
		t3 = timer_read(cal);
		if (unlikely(!p)) {
			gbench_skip_with_error(s, "allocation failed");
			ring[i] = NULL;
			break;
		}
		if (ring[i])
			hist_record(&h[1], timer_ns(cal, t1 - t0));
		hist_record(&h[0], timer_ns(cal, t3 - t2));
		ring[i] = p;
		if (++i == RING)
			i = 0;
	}
	for (i = 0; i < RING; i++)
		if (ring[i])
			latency_free(b->kind, ring[i], order);
	latency_counters(s, "alloc", &h[0]);
	latency_counters(s, "free", &h[1]);
	gbench_counter(s, "timer_overhead_ns", cal->overhead_ns);
	gbench_set_items_processed(s, gbench_iterations(s));
	bench_shutdown(s);
	free(h);
}

void latency_bench_register(void)
{
	static int64_t orders[MAX_PAGE_ORDER + 1], kmalloc[ARRAY_SIZE(latency_kmalloc_sizes)],
		vmalloc[LAT_NR_VMALLOC_SIZES];
	static const struct {
		const int64_t *args;
		int nargs;
		const char *arg_name;
	} kinds[LAT_NR_KINDS] = {
		[LAT_PAGES] = { orders, ARRAY_SIZE(orders), "order" },
		[LAT_KMALLOC] = { kmalloc, ARRAY_SIZE(kmalloc), "size" },
		[LAT_VMALLOC] = { vmalloc, ARRAY_SIZE(vmalloc), "size" },
	};
	int nr_backends = kmem_backend_count();
	/* registered benchmarks keep pointers into this array for the life of the program */
	struct latency_bench *benches =
		calloc((size_t)nr_backends * LAT_NR_KINDS, sizeof(*benches));
	struct latency_bench *b = benches;

	if (!benches) {
		fprintf(stderr, "kmembench-gbench: out of memory\n");
		exit(1);
	}
	timer_calibrate(&bench_timer, true);
	for (unsigned int i = 0; i < ARRAY_SIZE(orders); i++)
		orders[i] = i;
	for (unsigned int i = 0; i < ARRAY_SIZE(kmalloc); i++)
		kmalloc[i] = (int64_t)latency_kmalloc_sizes[i];
	for (unsigned int i = 0; i < ARRAY_SIZE(vmalloc); i++)
		vmalloc[i] = (int64_t)PAGE_SIZE << (2 * i);
	for (int be = 0; be < nr_backends; be++) {
		for (int k = 0; k < LAT_NR_KINDS; k++, b++) {
			/* malloc does not depend on the back end: slab_bench.c has malloc_free */
			if (k == LAT_MALLOC)
				continue;
			b->backend = kmem_backend_name(be);
			b->kind = (enum latency_kind)k;
			snprintf(b->name, sizeof(b->name), "latency/%s/%s", b->backend,
				 latency_kind_names[k]);
			gbench_register(b->name, run_latency_bench, b, kinds[k].arg_name,
					kinds[k].args, kinds[k].nargs);
		}
	}
}
