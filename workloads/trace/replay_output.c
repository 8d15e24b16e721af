// SPDX-License-Identifier: GPL-2.0
/*
 * Trace replay: what it writes. The time series samples the model's free memory every K events
 * (per zone, and summed over all zones as zone "all", node -1): free blocks per order as
 * /proc/buddyinfo shows them, and from them the kernel's unusable free space index and
 * fragmentation index for every order (fragmentation.h). At the end, one row per cache or
 * kmalloc class, per page order, and per (kind, order, gfp) of failed allocations. Every
 * column is described in replay_tables.c, as results/SCHEMA.md shows it.
 */
#include <stdlib.h>

#include <linux/compiler.h>

#include "workloads/measure/fragmentation.h"
#include "replay_internal.h"

static void row_start(struct replay_ctx *ctx, struct csv_table *t)
{
	csv_str(t, ctx->opts->label ? ctx->opts->label : ctx->info.backend);
	csv_str(t, ctx->info.arch);
}

/* Failed allocations so far; the workers are still (sampling drains them first) */
static uint64_t failed_so_far(const struct replay_ctx *ctx)
{
	uint64_t n = ctx->main.failed;

	for (int i = 0; i < REPLAY_MAX_WORKERS; i++)
		if (ctx->workers[i])
			n += ctx->workers[i]->failed;
	return n;
}

static void sample_row(struct replay_ctx *ctx, int node, const char *zone,
		       const unsigned long nr_free[KMEM_NR_ORDERS], unsigned long pcp)
{
	struct csv_table *t = ctx->opts->tables.timeseries;
	struct contig_page_info info;
	int unusable[KMEM_NR_ORDERS], fragindex[KMEM_NR_ORDERS];

	for (unsigned int o = 0; o < KMEM_NR_ORDERS; o++) {
		fill_contig_page_info(nr_free, o, &info);
		unusable[o] = unusable_free_index(o, &info);
		fragindex[o] = fragmentation_index(o, &info);
	}
	row_start(ctx, t);
	csv_u64(t, ctx->events);
	csv_fixed(t, (double)ctx->last_ts_ns / 1e9, 6);
	csv_i64(t, node);
	csv_str(t, zone);
	csv_u64(t, info.free_pages);
	csv_u64(t, pcp);
	for (int o = 0; o < KMEM_NR_ORDERS; o++)
		csv_u64(t, nr_free[o]);
	for (int o = 0; o < KMEM_NR_ORDERS; o++)
		csv_fixed(t, unusable[o] / 1000.0, 3);
	for (int o = 0; o < KMEM_NR_ORDERS; o++)
		csv_fixed(t, fragindex[o] / 1000.0, 3);
	csv_u64(t, failed_so_far(ctx));
	csv_u64(t, ctx->slab.used);
	csv_u64(t, __atomic_load_n(&ctx->live_pages, __ATOMIC_RELAXED));
	csv_end_row(t);
}

void replay_sample(struct replay_ctx *ctx)
{
	unsigned long all[KMEM_NR_ORDERS] = { 0 }, all_pcp = 0;
	struct kmem_zone_stats st;

	if (!ctx->opts->tables.timeseries)
		return;
	for (int nid = 0; nid < ctx->info.nr_nodes; nid++) {
		for (int z = 0; z < KMEM_NR_ZONES; z++) {
			if (kmem_zone_stats(nid, z, &st) || !st.populated)
				continue;
			sample_row(ctx, nid, st.name, st.free_blocks, st.pcp_free);
			for (int o = 0; o < KMEM_NR_ORDERS; o++)
				all[o] += st.free_blocks[o];
			all_pcp += st.pcp_free;
		}
	}
	sample_row(ctx, -1, "all", all, all_pcp);
}

/* (alloc - req) / alloc: the share of the allocated bytes nobody asked for */
static double int_frag(uint64_t req, uint64_t alloc)
{
	return alloc ? (double)(alloc - req) / (double)alloc : 0.0;
}

static void write_caches(struct replay_ctx *ctx, struct csv_table *t)
{
	for (size_t i = 0; i < ctx->nr_classes; i++) {
		const struct replay_class *cls = ctx->classes[i];

		row_start(ctx, t);
		csv_str(t, cls->is_cache ? "cache" : "kmalloc");
		csv_str(t, cls->name);
		csv_u64(t, cls->object_size);
		csv_u64(t, cls->allocs);
		csv_u64(t, cls->failed);
		csv_u64(t, cls->frees);
		csv_u64(t, cls->live_end);
		csv_u64(t, cls->served_req);
		csv_u64(t, cls->served_kernel);
		csv_u64(t, cls->served_model);
		csv_fixed(t, int_frag(cls->served_req, cls->served_kernel), 4);
		csv_fixed(t, int_frag(cls->served_req, cls->served_model), 4);
		csv_end_row(t);
	}
}

static int compare_keys(const void *a, const void *b)
{
	uint64_t x = ((const struct u64map_slot *)a)->key, y = ((const struct u64map_slot *)b)->key;

	return (x > y) - (x < y);
}

/* The merged failure counts, sorted by (kind, order, gfp) so that runs compare line by line */
static struct u64map_slot *sorted_failures(struct replay_ctx *ctx, size_t *n)
{
	struct u64map_slot *s, *v = calloc(ctx->main.failures.used + 1, sizeof(*v));

	*n = 0;
	if (!v) {
		ctx->main.nomem = true;
		return NULL;
	}
	for (s = u64map_first(&ctx->main.failures); s; s = u64map_next(&ctx->main.failures, s))
		v[(*n)++] = *s;
	qsort(v, *n, sizeof(*v), compare_keys);
	return v;
}

static void write_orders(struct replay_ctx *ctx, struct csv_table *t,
			 const struct u64map_slot *fails, size_t nr_fails)
{
	unsigned int max = KMEM_NR_ORDERS - 1;

	for (unsigned int o = max + 1; o < 64; o++)
		if (ctx->page_allocs[o] || ctx->page_unmatched[o])
			max = o;
	for (unsigned int o = 0; o <= max; o++) {
		uint64_t failed = 0;

		for (size_t i = 0; i < nr_fails; i++)
			if (fails[i].key >> 40 == OP_PAGE_ALLOC &&
			    ((fails[i].key >> 32) & 0xff) == o)
				failed += (uintptr_t)fails[i].val;
		row_start(ctx, t);
		csv_u64(t, o);
		csv_u64(t, ctx->page_allocs[o]);
		csv_u64(t, failed);
		csv_u64(t, ctx->page_frees[o]);
		csv_u64(t, ctx->page_unmatched[o]);
		csv_u64(t, ctx->page_live_end[o]);
		csv_end_row(t);
	}
}

static void write_failures(struct replay_ctx *ctx, struct csv_table *t,
			   const struct u64map_slot *fails, size_t nr_fails)
{
	static const char *const kinds[] = {
		[OP_KMALLOC] = "kmalloc",
		[OP_CACHE_ALLOC] = "kmem_cache_alloc",
		[OP_PAGE_ALLOC] = "mm_page_alloc",
	};

	for (size_t i = 0; i < nr_fails; i++) {
		unsigned int gfp = (unsigned int)fails[i].key;
		char names[256], hex[16];

		kmem_format_gfp(gfp, names, sizeof(names));
		snprintf(hex, sizeof(hex), "0x%x", gfp);
		row_start(ctx, t);
		csv_str(t, kinds[fails[i].key >> 40]);
		csv_u64(t, (fails[i].key >> 32) & 0xff);
		csv_str(t, names);
		csv_str(t, hex);
		csv_u64(t, (uintptr_t)fails[i].val);
		csv_end_row(t);
	}
}

void replay_write_tables(struct replay_ctx *ctx)
{
	const struct replay_tables *tables = &ctx->opts->tables;
	struct u64map_slot *fails;
	size_t nr_fails;

	if (tables->caches)
		write_caches(ctx, tables->caches);
	if (!tables->orders && !tables->failures)
		return;
	fails = sorted_failures(ctx, &nr_fails);
	if (!fails)
		return;
	if (tables->orders)
		write_orders(ctx, tables->orders, fails, nr_fails);
	if (tables->failures)
		write_failures(ctx, tables->failures, fails, nr_fails);
	free(fails);
}
