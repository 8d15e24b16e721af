// SPDX-License-Identifier: GPL-2.0
/*
 * Page allocator micro-benchmarks under Google Benchmark (through gbench_shim.h): one
 * alloc_pages() + __free_pages() pair per iteration, for each back end, with and without
 * per-CPU lists, at orders 0, 3 and 9. Names are
 *
 *	page_alloc_free/BACKEND/{pcp,nopcp}/order:N		an otherwise empty allocator
 *	page_alloc_free_ring/BACKEND/{pcp,nopcp}/order:N	beside a working set of live blocks
 *
 * so `--benchmark_filter=buddy/nopcp` picks one column. In the plain pair every free merges all
 * the way back to where the allocation split from; the ring keeps the oldest of a few hundred
 * blocks live, so the pair works among held neighbours, as it does in a running system.
 *
 * The model boots before the timed loop and shuts down after it, once per run Google Benchmark
 * makes; nothing is paused inside the loop.
 */
#include <stdio.h>
#include <stdlib.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/mm.h>

#include "benches.h"
#include "gbench_shim.h"

/* Enough RAM that order 9 rings fit many times over; the memfd is sparse, so it costs little */
#define BENCH_MEM_BYTES (1ULL << 30)
#define BENCH_ARCH	"x86_64"
#define RING_MAX	256

struct page_bench {
	char name[64];
	const char *backend;
	int pcp; /* kmem_config.pcp: 1 = per-CPU lists, KMEM_PCP_OFF = the back end bare */
	void (*loop)(gbench_state *s, unsigned int order);
};

static const int64_t bench_orders[] = { 0, 3, 9 };

/* Live blocks in the ring: about a thousand pages, fewer blocks as they grow */
static unsigned int ring_size(unsigned int order)
{
	if (order < 3)
		return RING_MAX;
	return order < 9 ? 64 : 16;
}

static bool page_bench_boot(gbench_state *s, const struct page_bench *b)
{
	struct kmem_config cfg = {
		.backend = b->backend,
		.arch = BENCH_ARCH,
		.mem_bytes = BENCH_MEM_BYTES,
		.pcp = b->pcp,
	};

	return bench_boot(s, &cfg);
}

static void loop_alloc_free(gbench_state *s, unsigned int order)
{
	while (gbench_keep_running(s)) {
		struct page *page = alloc_pages(GFP_KERNEL, order);

		if (unlikely(!page)) {
			gbench_skip_with_error(s, "alloc_pages failed");
			break;
		}
		__free_pages(page, order);
	}
}

static void loop_alloc_free_ring(gbench_state *s, unsigned int order)
{
	struct page *ring[RING_MAX] = { NULL };
	unsigned int n = ring_size(order), i;

	gbench_counter(s, "live_blocks", n);
	for (i = 0; i < n; i++) {
		ring[i] = alloc_pages(GFP_KERNEL, order);
		if (!ring[i]) {
			gbench_skip_with_error(s, "alloc_pages failed filling the ring");
			break;
		}
	}
	i = 0;
	while (gbench_keep_running(s)) {
		__free_pages(ring[i], order);
		ring[i] = alloc_pages(GFP_KERNEL, order);
		if (unlikely(!ring[i])) {
			gbench_skip_with_error(s, "alloc_pages failed");
			break;
		}
		if (++i == n)
			i = 0;
	}
	for (i = 0; i < n; i++)
		if (ring[i])
			__free_pages(ring[i], order);
}

static void run_page_bench(gbench_state *s, void *arg)
{
	const struct page_bench *b = arg;

	if (!page_bench_boot(s, b))
		return;
	b->loop(s, (unsigned int)gbench_range(s, 0));
	gbench_set_items_processed(s, gbench_iterations(s));
	bench_shutdown(s);
}

void page_bench_register(void)
{
	static const struct {
		const char *name;
		void (*loop)(gbench_state *s, unsigned int order);
	} kinds[] = {
		{ "page_alloc_free", loop_alloc_free },
		{ "page_alloc_free_ring", loop_alloc_free_ring },
	};
	static const int pcp_modes[] = { 1, KMEM_PCP_OFF };
	int nr_backends = kmem_backend_count();
	size_t nr = ARRAY_SIZE(kinds) * (size_t)nr_backends * ARRAY_SIZE(pcp_modes);
	/* registered benchmarks keep pointers into this array for the life of the program */
	struct page_bench *benches = calloc(nr, sizeof(*benches)), *b;

	if (!benches) {
		fprintf(stderr, "kmembench-gbench: out of memory\n");
		exit(1);
	}
	b = benches;
	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
		for (int be = 0; be < nr_backends; be++) {
			for (size_t p = 0; p < ARRAY_SIZE(pcp_modes); p++, b++) {
				b->backend = kmem_backend_name(be);
				b->pcp = pcp_modes[p];
				b->loop = kinds[k].loop;
				snprintf(b->name, sizeof(b->name), "%s/%s/%s", kinds[k].name,
					 b->backend, b->pcp == KMEM_PCP_OFF ? "nopcp" : "pcp");
				gbench_register(b->name, run_page_bench, b, "order", bench_orders,
						(int)ARRAY_SIZE(bench_orders));
			}
		}
	}
}
