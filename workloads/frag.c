// SPDX-License-Identifier: GPL-2.0
/*
 * frag: fragmentation and aging. How much of the free memory can still serve a large
 * (order-9, a huge page) allocation after a long mix of small allocations of different
 * lifetimes, per back end, and for buddy with and without grouping by mobility (the back ends
 * "buddy" and "buddy-nogroup").
 *
 * How the aging works. Objects are page blocks of order 0-3 (order k with weight 8:4:2:1, so
 * mostly single pages) and, `slab` percent of them, kmalloc objects of 64 bytes to 8 KiB (a
 * power of two, uniformly). Page blocks are movable (GFP_HIGHUSER_MOVABLE, as user pages are,
 * and compound above order 0, as a large folio is) `movable` percent of the time and unmovable
 * (GFP_KERNEL) otherwise; slab objects are always
 * GFP_KERNEL, as kernel objects are unmovable. Each object gets a lifetime in rounds drawn from a
 * Pareto distribution, floor(U^(-1/alpha)) with U uniform in (0, 1] and alpha = `alpha` / 100:
 * most objects die after a round or two, a few live for the whole run, which is the mix of
 * short-lived and pinned allocations that fragments memory in a real kernel.
 *
 * Round r first frees every object whose lifetime has ended, in the order they sit in the live
 * array, then allocates new objects until the live bytes reach `fill` percent of the memory
 * that was free at boot (or 64 allocations in a row fail). After each round the free blocks of
 * every zone are read back (buddyinfo) with the kernel's unusable free space index and
 * fragmentation index per order (fragmentation.c). After the last round, the objects that would
 * die within `drain` more rounds are freed without refilling, so that the free memory is what
 * the short-lived objects leave between the long-lived ones. Then come three attempts, each
 * allocating order-`highorder` blocks until one fails, and freeing them again:
 *
 *  - phase "aged": memory as the aging left it, asked for as a THP fault without direct
 *    compaction asks (movable, no reclaim, like GFP_TRANSHUGE_LIGHT);
 *  - phase "compacted": the same memory, asked for as a THP fault in a region madvised for huge
 *    pages asks (GFP_TRANSHUGE: direct compaction, then reclaim and compaction once more). The
 *    movable page blocks are registered movable (<linux/migrate.h>), so compaction moves them,
 *    and the workload's pointers follow. With compaction off (KMEM_COMPACTION=0) or on a back
 *    end that cannot be compacted, this finds what "aged" found;
 *  - phase "movable_freed": after every movable page block has been freed too, the per-CPU
 *    lists drained (drain_all_pages(), as compaction does first) and the slab caches' empty
 *    slabs released (kmem_slab_shrink_all(), as reclaim's shrinkers would). This is the most
 *    that compaction and reclaim together could make of the memory, because only the
 *    unmovable pages (GFP_KERNEL blocks and slab pages holding live objects) stay where they
 *    are. It is the figure grouping by mobility is meant to improve: a back end that kept
 *    unmovable pages together leaves whole free pageblocks once the movable ones are gone.
 *
 * The success rate is the blocks obtained over the blocks the free memory could hold at that
 * moment, nr_free_pages() >> order. Memory the aging never touched (fill below 100% leaves the
 * top of memory alone on back ends that allocate from low addresses) gives blocks for free, so
 * every page handed out during aging is marked in a bitmap, and the blocks obtained from
 * never-touched memory are counted apart (`pristine`). Everything is then freed and the free
 * page count checked.
 *
 * Every choice comes from one splitmix64 stream seeded with --seed, and the model runs on one
 * thread on CPU 0, so a seed gives the same rows on every run (only duration_ms differs).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/gfp.h>
#include <linux/migrate.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "workloads/measure/fragmentation.h"
#include "present.h"
#include "workload.h"

enum frag_param {
	FRAG_ROUNDS,
	FRAG_FILL,
	FRAG_MOVABLE,
	FRAG_SLAB,
	FRAG_ALPHA,
	FRAG_HIGHORDER,
	FRAG_DRAIN,
	FRAG_NR_PARAMS,
};

static const struct workload_param frag_params[FRAG_NR_PARAMS] = {
	[FRAG_ROUNDS] = { "rounds", 40, 8, 1, 100000, "rounds", "free-and-refill rounds of aging" },
	[FRAG_FILL] = { "fill", 90, 90, 1, 95, "%",
			"live bytes kept, percent of boot free memory" },
	[FRAG_MOVABLE] = { "movable", 60, 60, 0, 100, "%", "page blocks that are movable" },
	[FRAG_SLAB] = { "slab", 30, 30, 0, 100, "%", "objects that are kmalloc objects" },
	[FRAG_ALPHA] = { "alpha", 150, 150, 10, 1000, "1/100",
			 "Pareto shape of lifetimes (lower: heavier tail)" },
	[FRAG_HIGHORDER] = { "highorder", 9, 9, 1, MAX_PAGE_ORDER, "order",
			     "order of the blocks tried after aging" },
	[FRAG_DRAIN] = { "drain", 4, 4, 0, 100000, "rounds",
			 "before the attempt, free what dies within this many more rounds" },
};

#define FRAG_MAX_FAILS 64
/* the attempts without compaction: movable, neither reclaim nor compaction */
#define FRAG_GFP_NO_COMPACT ((GFP_HIGHUSER_MOVABLE | __GFP_NOWARN) & ~__GFP_RECLAIM)
#define FRAG_MAX_LIFETIME   (1U << 20)

static const struct result_column frag_order_cols[] = {
	RESULT_COMMON_COLUMNS,
	{ "round", RESULT_INT, "", "aging round from 0 (the first fill); = rounds: after drain" },
	{ "node", RESULT_INT, "", "NUMA node of the zone" },
	{ "zone", RESULT_STR, "", "zone name: DMA, DMA32, Normal, HighMem" },
	{ "order", RESULT_INT, "", "block order" },
	{ "free_blocks", RESULT_INT, "blocks", "free blocks of this order (buddyinfo)" },
	{ "unusable_index", RESULT_FLOAT, "", "unusable free space index, 0 to 1 (mm/vmstat.c)" },
	{ "fragmentation_index", RESULT_FLOAT, "",
	  "fragmentation index, 0 to 1, -1 when the order would succeed" },
};

static const struct result_column frag_round_cols[] = {
	RESULT_COMMON_COLUMNS,
	{ "round", RESULT_INT, "", "aging round from 0 (the first fill); = rounds: after drain" },
	{ "live_objects", RESULT_INT, "", "objects allocated at the end of the round" },
	{ "live_bytes", RESULT_INT, "bytes", "bytes they were asked for" },
	{ "allocs", RESULT_INT, "", "allocations made in the round" },
	{ "frees", RESULT_INT, "", "objects freed in the round" },
	{ "failed", RESULT_INT, "", "allocations that returned NULL in the round" },
	{ "free_pages", RESULT_INT, "pages", "nr_free_pages() at the end of the round" },
};

static const struct result_column frag_summary_cols[] = {
	RESULT_COMMON_COLUMNS,
	{ "rounds", RESULT_INT, "", "aging rounds run" },
	{ "phase", RESULT_STR, "",
	  "`aged`: memory as the aging left it; `compacted`: the same, with direct compaction as "
	  "a THP fault in a madvised region does it; `movable_freed`: after freeing every "
	  "movable block, draining the per-CPU lists and shrinking the slab caches (the most "
	  "compaction and reclaim could reach)" },
	{ "order", RESULT_INT, "", "order of the blocks tried after aging" },
	{ "free_pages", RESULT_INT, "pages", "nr_free_pages() before the attempt" },
	{ "possible", RESULT_INT, "blocks", "free_pages >> order: blocks free memory could hold" },
	{ "obtained", RESULT_INT, "blocks", "blocks allocated before the first failure" },
	{ "pristine", RESULT_INT, "blocks",
	  "of obtained, blocks in memory no aging allocation ever touched" },
	{ "success_rate", RESULT_FLOAT, "", "obtained / possible (0 when possible is 0)" },
	{ "unusable_index", RESULT_FLOAT, "",
	  "unusable free space index at the order, all zones' free blocks summed" },
	{ "compact_stall", RESULT_INT, "",
	  "direct compactions during the attempt (/proc/vmstat's)" },
	{ "compact_success", RESULT_INT, "",
	  "direct compactions after which the allocation succeeded, during the attempt" },
	{ "compact_migrate_scanned", RESULT_INT, "pfns",
	  "pfns compaction's migrate scanner looked at during the attempt" },
	{ "compact_free_scanned", RESULT_INT, "pfns",
	  "pfns compaction's free scanner looked at during the attempt" },
	{ "pgmigrate_success", RESULT_INT, "pages", "pages migrated during the attempt" },
	{ "duration_ms", RESULT_FLOAT, "ms", "wall time of aging and attempt (timing)" },
};

#define TABLE(f, c, h)                                                               \
	{                                                                            \
		.file = f, .cols = c, .nr_cols = sizeof(c) / sizeof(c[0]), .help = h \
	}
static const struct result_table frag_order_table =
	TABLE("frag_order.csv", frag_order_cols,
	      "`kmembench run --workload frag`: after each aging round and after the drain, the "
	      "free blocks of every zone per order, as /proc/buddyinfo shows them, with the "
	      "kernel's unusable free space and fragmentation indices (mm/vmstat.c).");
static const struct result_table frag_round_table =
	TABLE("frag_rounds.csv", frag_round_cols,
	      "`kmembench run --workload frag`: one row per aging round (a round frees the "
	      "objects whose lifetime ended, then allocates up to `fill` percent of the memory "
	      "free at boot), and one for the drain.");
/* the outcome of aging is the same for the same seed: any difference is the code's */
static const struct table_compare frag_summary_compare = {
	.keys = { "backend", "arch", "pcp", "phase", "order" },
	.metrics = { { .column = "success_rate", .kind = COMPARE_DETERMINISTIC },
		     { .column = "unusable_index", .kind = COMPARE_DETERMINISTIC } },
};
static const struct result_table frag_summary_table = {
	.file = "frag_summary.csv",
	.cols = frag_summary_cols,
	.nr_cols = sizeof(frag_summary_cols) / sizeof(frag_summary_cols[0]),
	.compare = &frag_summary_compare,
	.help = "`kmembench run --workload frag`: after the aging, how many order-`highorder` "
		"blocks can be had, per phase: one row for memory as the aging left it (`aged`), "
		"one with direct compaction (`compacted`) and one after every movable block was "
		"freed (`movable_freed`).",
};

struct frag_object {
	void *ptr;	    /* struct page * or a kmalloc object */
	unsigned int size;  /* bytes */
	unsigned int death; /* round in which it is freed */
	signed char order;  /* page order, or -1 for a kmalloc object */
	bool movable;	    /* a GFP_HIGHUSER_MOVABLE page block */
};

struct frag_state {
	const struct workload_ctx *ctx;
	uint64_t rng;
	struct frag_object *obj;
	unsigned long nr_obj, cap;
	unsigned long long live_bytes;
	unsigned long allocs, frees, failed;
	unsigned long *touched; /* bit per pfn: handed out at least once during aging */
};

/*
 * The movable page blocks' owner, for their movable_operations, which get only the page: the
 * model runs one workload at a time. A movable block's page->private is its index in obj[].
 */
static struct frag_state *frag_owner;
static const struct movable_operations frag_movable_ops;

static void frag_touch(struct frag_state *s, const struct frag_object *o);

static bool frag_isolate_page(struct page *page, isolate_mode_t mode __maybe_unused)
{
	const struct frag_state *s = frag_owner;

	return s && page->private < s->nr_obj && s->obj[page->private].ptr == page;
}

/* The block moved: the object points at its new place, which the aging has now touched */
static int frag_migrate_page(struct page *dst, struct page *src,
			     enum migrate_mode mode __maybe_unused)
{
	struct frag_object *o = &frag_owner->obj[src->private];

	o->ptr = dst;
	dst->private = src->private;
	src->private = 0;
	__ClearPageMovable(src);
	__SetPageMovable(dst, &frag_movable_ops);
	frag_touch(frag_owner, o);
	return MIGRATEPAGE_SUCCESS;
}

/* Nothing to undo: isolation took the block out of nothing */
static void frag_putback_page(struct page *page __maybe_unused)
{
}

static const struct movable_operations frag_movable_ops = {
	.isolate_page = frag_isolate_page,
	.migrate_page = frag_migrate_page,
	.putback_page = frag_putback_page,
};

static unsigned int frag_lifetime(struct frag_state *s)
{
	double alpha = (double)s->ctx->params[FRAG_ALPHA] / 100.0;
	double l = pow(workload_random_unit(&s->rng), -1.0 / alpha);

	return l >= FRAG_MAX_LIFETIME ? FRAG_MAX_LIFETIME : (unsigned int)l;
}

static bool frag_test_pfn(const unsigned long *map, unsigned long pfn)
{
	return map[pfn / BITS_PER_LONG] & (1UL << (pfn % BITS_PER_LONG));
}

/* Marks the pages behind @o: the page block, or the whole slab page of a kmalloc object */
static void frag_touch(struct frag_state *s, const struct frag_object *o)
{
	struct page *page = o->order < 0 ? compound_head(virt_to_page(o->ptr)) : o->ptr;
	unsigned long pfn = page_to_pfn(page);
	unsigned long nr = o->order < 0 ? compound_nr(page) : 1UL << o->order;

	for (unsigned long i = pfn; i < pfn + nr; i++)
		s->touched[i / BITS_PER_LONG] |= 1UL << (i % BITS_PER_LONG);
}

/* One new object, as the comment at the top describes; false when the allocation failed */
static bool frag_alloc_one(struct frag_state *s, unsigned int round)
{
	const uint64_t *p = s->ctx->params;
	struct frag_object o = { 0 };
	uint64_t r = workload_random(&s->rng);

	if (r % 100 < p[FRAG_SLAB]) {
		o.order = -1;
		o.size = 64U << ((r >> 8) % 8);
		o.ptr = kmalloc(o.size, GFP_KERNEL | __GFP_NOWARN);
	} else {
		unsigned int w = (unsigned int)((r >> 8) % 15);
		gfp_t gfp = (r >> 16) % 100 < p[FRAG_MOVABLE] ? GFP_HIGHUSER_MOVABLE : GFP_KERNEL;

		o.movable = gfp == GFP_HIGHUSER_MOVABLE;
		o.order = (signed char)(w < 8 ? 0 : w < 12 ? 1 : w < 14 ? 2 : 3);
		/* compaction moves a compound block whole, as it moves a large folio */
		if (o.movable && o.order)
			gfp |= __GFP_COMP;
		o.size = (unsigned int)(PAGE_SIZE << o.order);
		o.ptr = alloc_pages(gfp | __GFP_NOWARN, (unsigned int)o.order);
	}
	o.death = round + frag_lifetime(s);
	s->allocs++;
	if (!o.ptr) {
		s->failed++;
		return false;
	}
	frag_touch(s, &o);
	if (s->nr_obj == s->cap) {
		unsigned long cap = s->cap ? s->cap * 2 : 4096;
		struct frag_object *n = realloc(s->obj, cap * sizeof(*n));

		if (!n) {
			o.order < 0 ? kfree(o.ptr) : __free_pages(o.ptr, (unsigned int)o.order);
			return false;
		}
		s->obj = n;
		s->cap = cap;
	}
	if (o.movable) {
		struct page *page = o.ptr;

		page->private = s->nr_obj;
		__SetPageMovable(page, &frag_movable_ops);
	}
	s->obj[s->nr_obj++] = o;
	s->live_bytes += o.size;
	return true;
}

static void frag_free(struct frag_state *s, unsigned long i)
{
	struct frag_object *o = &s->obj[i];

	if (o->order < 0) {
		kfree(o->ptr);
	} else {
		if (o->movable) {
			((struct page *)o->ptr)->private = 0;
			__ClearPageMovable(o->ptr);
		}
		__free_pages(o->ptr, (unsigned int)o->order);
	}
	s->live_bytes -= o->size;
	s->frees++;
	*o = s->obj[--s->nr_obj];
	if (i < s->nr_obj && o->movable)
		((struct page *)o->ptr)->private = i;
}

/* Frees what dies by @round (a swapped-in object is looked at too) */
static void frag_free_dead(struct frag_state *s, unsigned int round)
{
	for (unsigned long i = 0; i < s->nr_obj;) {
		if (s->obj[i].death <= round)
			frag_free(s, i);
		else
			i++;
	}
}

/* Frees the dead, then refills to the target */
static void frag_round(struct frag_state *s, unsigned int round, unsigned long long target)
{
	unsigned int fails = 0;

	frag_free_dead(s, round);
	while (s->live_bytes < target && fails < FRAG_MAX_FAILS)
		fails = frag_alloc_one(s, round) ? 0 : fails + 1;
}

static int frag_report(struct frag_state *s, struct result_sink *sink, unsigned int round,
		       unsigned long sum[KMEM_NR_ORDERS])
{
	const struct workload_ctx *ctx = s->ctx;
	struct result_value v[sizeof(frag_order_cols) / sizeof(frag_order_cols[0])];
	struct kmem_zone_stats zs;
	int err = 0;

	memset(sum, 0, KMEM_NR_ORDERS * sizeof(sum[0]));
	for (int nid = 0; nid < ctx->info->nr_nodes; nid++) {
		for (int z = 0; z < KMEM_NR_ZONES; z++) {
			if (kmem_zone_stats(nid, z, &zs) || !zs.populated)
				continue;
			for (unsigned int o = 0; o < KMEM_NR_ORDERS && !err; o++) {
				struct contig_page_info ci;
				unsigned int n = workload_common_values(ctx, v);

				fill_contig_page_info(zs.free_blocks, o, &ci);
				sum[o] += zs.free_blocks[o];
				v[n++] = RV_INT(round);
				v[n++] = RV_INT(nid);
				v[n++] = RV_STR(zs.name);
				v[n++] = RV_INT(o);
				v[n++] = RV_INT(zs.free_blocks[o]);
				v[n++] = RV_FLOAT(unusable_free_index(o, &ci) / 1000.0);
				v[n++] = RV_FLOAT(fragmentation_index(o, &ci) / 1000.0);
				err = result_row(sink, &frag_order_table, v, n);
			}
		}
	}
	if (!err) {
		unsigned int n = workload_common_values(ctx, v);

		v[n++] = RV_INT(round);
		v[n++] = RV_INT(s->nr_obj);
		v[n++] = RV_INT(s->live_bytes);
		v[n++] = RV_INT(s->allocs);
		v[n++] = RV_INT(s->frees);
		v[n++] = RV_INT(s->failed);
		v[n++] = RV_INT(nr_free_pages());
		err = result_row(sink, &frag_round_table, v, n);
	}
	s->allocs = s->frees = s->failed = 0;
	return err;
}

/*
 * Allocates order-@order blocks until one fails, then frees them; returns how many, and in
 * @pristine how many lie wholly in memory the aging never touched
 */
static unsigned long frag_highorder(const struct frag_state *s, unsigned int order, gfp_t gfp,
				    unsigned long *pristine)
{
	struct page *head = NULL, *page;
	unsigned long n = 0;

	*pristine = 0;
	/* the blocks are chained through their first page's private field, to be freed */
	while ((page = alloc_pages(gfp, order))) {
		unsigned long pfn = page_to_pfn(page), i;

		for (i = 0; i < (1UL << order) && !frag_test_pfn(s->touched, pfn + i); i++)
			;
		*pristine += i == (1UL << order);
		page->private = (unsigned long)head;
		head = page;
		n++;
	}
	while (head) {
		page = (struct page *)head->private;
		__free_pages(head, order);
		head = page;
	}
	return n;
}

static double mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

/* One attempt at high-order blocks and its frag_summary row */
static int frag_attempt(struct frag_state *s, struct result_sink *sink, const char *phase,
			gfp_t gfp, double start)
{
	const struct workload_ctx *ctx = s->ctx;
	const unsigned int order = (unsigned int)ctx->params[FRAG_HIGHORDER];
	struct result_value v[sizeof(frag_summary_cols) / sizeof(frag_summary_cols[0])];
	unsigned long free_now = nr_free_pages(), possible = free_now >> order, obtained, pristine;
	unsigned long sum[KMEM_NR_ORDERS] = { 0 };
	struct kmem_zone_stats zs;
	struct contig_page_info ci;
	struct kmem_vmstat vm0, vm1;
	unsigned int n;

	for (int nid = 0; nid < ctx->info->nr_nodes; nid++)
		for (int z = 0; z < KMEM_NR_ZONES; z++)
			if (!kmem_zone_stats(nid, z, &zs) && zs.populated)
				for (unsigned int o = 0; o < KMEM_NR_ORDERS; o++)
					sum[o] += zs.free_blocks[o];
	fill_contig_page_info(sum, order, &ci);
	kmem_get_vmstat(&vm0);
	obtained = frag_highorder(s, order, gfp, &pristine);
	kmem_get_vmstat(&vm1);

	n = workload_common_values(ctx, v);
	v[n++] = RV_INT(ctx->params[FRAG_ROUNDS]);
	v[n++] = RV_STR(phase);
	v[n++] = RV_INT(order);
	v[n++] = RV_INT(free_now);
	v[n++] = RV_INT(possible);
	v[n++] = RV_INT(obtained);
	v[n++] = RV_INT(pristine);
	v[n++] = RV_FLOAT(possible ? (double)obtained / (double)possible : 0.0);
	v[n++] = RV_FLOAT(unusable_free_index(order, &ci) / 1000.0);
	v[n++] = RV_INT(vm1.compact_stall - vm0.compact_stall);
	v[n++] = RV_INT(vm1.compact_success - vm0.compact_success);
	v[n++] = RV_INT(vm1.compact_migrate_scanned - vm0.compact_migrate_scanned);
	v[n++] = RV_INT(vm1.compact_free_scanned - vm0.compact_free_scanned);
	v[n++] = RV_INT(vm1.pgmigrate_success - vm0.pgmigrate_success);
	v[n++] = RV_FLOAT(mono_ms() - start);
	return result_row(sink, &frag_summary_table, v, n);
}

/* Frees every movable page block: what compaction and reclaim could move or drop */
static void frag_free_movable(struct frag_state *s)
{
	for (unsigned long i = 0; i < s->nr_obj;) {
		struct frag_object *o = &s->obj[i];

		if (o->movable)
			frag_free(s, i);
		else
			i++;
	}
}

static int frag_run(const struct workload_ctx *ctx, struct result_sink *sink)
{
	const unsigned int rounds = (unsigned int)ctx->params[FRAG_ROUNDS];
	struct frag_state s = { .ctx = ctx, .rng = ctx->seed };
	unsigned long free_at_boot = nr_free_pages(), sum[KMEM_NR_ORDERS];
	unsigned long long target = free_at_boot * PAGE_SIZE / 100 * ctx->params[FRAG_FILL];
	double start = mono_ms();
	int err = 0;

	s.touched = calloc((max_pfn + BITS_PER_LONG - 1) / BITS_PER_LONG, sizeof(long));
	if (!s.touched) {
		fprintf(stderr, "frag: out of memory for a bitmap of %lu pfns\n", max_pfn);
		return -ENOMEM;
	}
	frag_owner = &s;
	for (unsigned int r = 0; r < rounds && !err; r++) {
		char what[32];

		snprintf(what, sizeof(what), "round %u", r);
		err = workload_progress(ctx, (double)r / (rounds + 1), what);
		if (err)
			break;
		frag_round(&s, r, target);
		err = frag_report(&s, sink, r, sum);
	}
	frag_free_dead(&s, rounds + (unsigned int)ctx->params[FRAG_DRAIN]);
	if (!err)
		err = frag_report(&s, sink, rounds, sum);
	if (!err)
		err = frag_attempt(&s, sink, "aged", FRAG_GFP_NO_COMPACT, start);
	if (!err)
		err = frag_attempt(&s, sink, "compacted", GFP_TRANSHUGE, start);
	frag_free_movable(&s);
	drain_all_pages(NULL);
	kmem_slab_shrink_all();
	if (!err)
		err = frag_attempt(&s, sink, "movable_freed", FRAG_GFP_NO_COMPACT, start);

	while (s.nr_obj)
		frag_free(&s, s.nr_obj - 1);
	frag_owner = NULL;
	free(s.obj);
	free(s.touched);
	kmem_slab_shrink_all();
	if (!err && nr_free_pages() != free_at_boot) {
		fprintf(stderr,
			"frag: %s on %s: %lu free pages after freeing everything, %lu at "
			"boot\n",
			ctx->info->backend, ctx->info->arch, nr_free_pages(), free_at_boot);
		err = 1;
	}
	return err;
}

/* ---- its section of kmembench report ---- */

static const struct report_metric frag_metrics[] = {
	{ .label = "high-order success, movable freed",
	  .unit = "",
	  .file = "frag_summary.csv",
	  .column = "success_rate",
	  .where = { { "phase", "movable_freed" } },
	  .better = REPORT_HIGHER,
	  .summary = true,
	  .note = "order",
	  .note_fmt = "order %s" },
	{ .label = "high-order success, compacted",
	  .unit = "",
	  .file = "frag_summary.csv",
	  .column = "success_rate",
	  .where = { { "phase", "compacted" } },
	  .better = REPORT_HIGHER },
	{ .label = "high-order success, as aged",
	  .unit = "",
	  .file = "frag_summary.csv",
	  .column = "success_rate",
	  .where = { { "phase", "aged" } },
	  .better = REPORT_HIGHER,
	  .note = "pristine",
	  .note_fmt = "%s blocks from untouched memory" },
	{ .label = "blocks obtained, movable freed",
	  .unit = "blocks",
	  .file = "frag_summary.csv",
	  .column = "obtained",
	  .where = { { "phase", "movable_freed" } },
	  .note = "possible",
	  .note_fmt = "of %s possible" },
	{ .label = "unusable index at that order",
	  .unit = "",
	  .file = "frag_summary.csv",
	  .column = "unusable_index",
	  .where = { { "phase", "aged" } },
	  .better = REPORT_LOWER },
	{ .label = "free pages after aging",
	  .unit = "pages",
	  .file = "frag_summary.csv",
	  .column = "free_pages",
	  .where = { { "phase", "aged" } } },
	{ .label = "aging and attempt",
	  .unit = "ms",
	  .file = "frag_summary.csv",
	  .column = "duration_ms" },
};

static const struct workload_report frag_section = {
	.title = "Fragmentation",
	.what = "kmembench run --workload frag: rounds of allocations with heavy-tailed "
		"lifetimes age the free memory; after a drain, high-order blocks are allocated "
		"until one fails. The indices are the kernel's (mm/vmstat.c): the unusable free "
		"space index runs from 0 (all free memory can serve the order) to 1; the "
		"fragmentation index is -1 while a block of the order is free, else from 0 (a "
		"failure for lack of memory) to 1 (for fragmentation).",
	.files = { "frag_order.csv", "frag_rounds.csv", "frag_summary.csv" },
	.required = { "backend", "round", "zone", "order", "free_blocks", "unusable_index",
		      "fragmentation_index" },
	REPORT_METRICS(frag_metrics),
};

const struct workload frag_workload = {
	.name = "frag",
	.help = "aging with a seeded mix of lifetimes; buddyinfo, extfrag indexes, order-9 success",
	.params = frag_params,
	.nr_params = FRAG_NR_PARAMS,
	.tables = (const struct result_table *const[]){ &frag_order_table, &frag_round_table,
							&frag_summary_table },
	.nr_tables = 3,
	.mem_bytes = 256ULL << 20,
	.run = frag_run,
	.report = &frag_section,
};
