// SPDX-License-Identifier: GPL-2.0
/*
 * The demo: on one (arch, back end), a seeded mix of allocations and frees over every zone
 * modifier, holding up to about half of memory, then a random half of what is live freed, so
 * that the free memory is left in pieces of every size; the zones and buddyinfo show the result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/mm.h>

#include "demo.h"
#include "runner.h"
#include "workload.h"

#define DEMO_FREE_PC 30 /* chance in percent that an operation frees while under the limit */

struct live_block {
	struct page *page;
	unsigned int order;
};

struct demo_mix {
	uint64_t rng;
	struct live_block *live; /* [min(ops, nr_pages)]: each block is an op and a page */
	unsigned long nr_live, live_pages;
	unsigned long allocs, failed, frees;
};

/* "256 MiB", "4 KiB", "1.5 GiB" */
static const char *format_bytes(unsigned long long bytes, char *buf, size_t size)
{
	static const char *const units[] = { "bytes", "KiB", "MiB", "GiB", "TiB" };
	unsigned int u = 0;
	double v = (double)bytes;

	while (v >= 1024 && u + 1 < ARRAY_SIZE(units)) {
		v /= 1024;
		u++;
	}
	if (v == (double)(unsigned long long)v)
		snprintf(buf, size, "%llu %s", (unsigned long long)v, units[u]);
	else
		snprintf(buf, size, "%.1f %s", v, units[u]);
	return buf;
}

static uint64_t mix_random(struct demo_mix *m)
{
	return workload_random(&m->rng);
}

/* Order k with probability about 2^-(k+1): half the requests are single pages */
static unsigned int mix_order(struct demo_mix *m)
{
	return (unsigned int)__builtin_ctzll(mix_random(m) | (1ULL << MAX_PAGE_ORDER));
}

static gfp_t mix_gfp(struct demo_mix *m, bool highmem_profile)
{
	unsigned int r = (unsigned int)(mix_random(m) % 100);

	if (r < 5)
		return GFP_KERNEL | GFP_DMA | __GFP_NOWARN;
	if (r < 20)
		return GFP_KERNEL | GFP_DMA32 | __GFP_NOWARN;
	if (highmem_profile && r < 40)
		return GFP_HIGHUSER | __GFP_NOWARN;
	return GFP_KERNEL | __GFP_NOWARN;
}

static void mix_free(struct demo_mix *m, unsigned long i)
{
	struct live_block *b = &m->live[i];

	__free_pages(b->page, b->order);
	m->live_pages -= 1UL << b->order;
	m->frees++;
	*b = m->live[--m->nr_live];
}

static void mix_alloc(struct demo_mix *m, bool highmem_profile)
{
	unsigned int order = mix_order(m);
	struct page *page = alloc_pages(mix_gfp(m, highmem_profile), order);

	m->allocs++;
	if (!page) {
		m->failed++;
		return;
	}
	m->live[m->nr_live++] = (struct live_block){ page, order };
	m->live_pages += 1UL << order;
}

/*
 * Allocates while under @limit pages live (freeing a random block now and then), frees a random
 * block when over it; then frees a random half of what is live, so that the free memory is left
 * in pieces of every size.
 */
static void mix_run(struct demo_mix *m, unsigned long ops, unsigned long limit,
		    bool highmem_profile)
{
	for (unsigned long op = 0; op < ops; op++) {
		bool do_free = m->nr_live &&
			       (m->live_pages >= limit || mix_random(m) % 100 < DEMO_FREE_PC);

		if (do_free)
			mix_free(m, mix_random(m) % m->nr_live);
		else
			mix_alloc(m, highmem_profile);
	}
	for (unsigned long i = m->nr_live; i-- > 0;)
		if (mix_random(m) & 1)
			mix_free(m, i);
}

static unsigned long managed_pages(int nr_nodes)
{
	struct kmem_zone_stats st;
	unsigned long sum = 0;

	for (int nid = 0; nid < nr_nodes; nid++)
		for (int z = 0; z < KMEM_NR_ZONES; z++)
			if (!kmem_zone_stats(nid, z, &st) && st.populated)
				sum += st.managed;
	return sum;
}

static void print_header(const struct kmem_info *info)
{
	char mem[32], pg[32];

	printf("=== %s on %s: %s (%lu pages), %d node%s%s, %d CPU%s, per-CPU lists %s\n",
	       info->backend, info->arch, format_bytes(info->mem_bytes, mem, sizeof(mem)),
	       info->nr_pages, info->nr_nodes, info->nr_nodes == 1 ? "" : "s",
	       info->numa_simulated ? " (simulated)" : "", info->nr_cpus,
	       info->nr_cpus == 1 ? "" : "s", info->pcp ? "on" : "off");
	printf("    direct map: %s (%s pages)%s%s\n", info->direct_map_kind,
	       format_bytes(info->direct_map_page_size, pg, sizeof(pg)),
	       info->direct_map_note[0] ? "; " : "", info->direct_map_note);
	printf("    NUMA: %s\n", info->numa);
}

int demo_one(const struct kmem_config *cfg, unsigned long ops, uint64_t seed)
{
	struct demo_mix m = { .rng = seed };
	struct kmem_info info;
	unsigned long free_at_boot, managed;
	char what[64];
	int err;

	/* the same CPU, hence node and per-CPU list, every run: the seed decides all the rest */
	err = runner_boot(cfg, &info);
	if (err)
		return err;
	print_header(&info);
	snprintf(what, sizeof(what), "demo %s/%s", info.backend, info.arch);

	free_at_boot = nr_free_pages();
	managed = managed_pages(info.nr_nodes);
	m.live = calloc(ops < info.nr_pages ? ops : info.nr_pages, sizeof(*m.live));
	if (!m.live) {
		fprintf(stderr, "kmembench: out of memory for the live set of %lu operations\n",
			ops);
		kmem_shutdown();
		return RUNNER_EXIT_FAILURE;
	}
	mix_run(&m, ops, free_at_boot / 2, !strcmp(info.arch, "x86_32"));

	printf("\n");
	kmem_print_zones(stdout);
	printf("\n");
	kmem_print_buddyinfo(stdout);
	printf("\nmix: %lu allocs (%lu failed), %lu frees, %lu free pages of %lu\n\n", m.allocs,
	       m.failed, m.frees, nr_free_pages(), managed);
	fflush(stdout);

	while (m.nr_live)
		mix_free(&m, m.nr_live - 1);
	free(m.live);
	return runner_shutdown(what);
}
