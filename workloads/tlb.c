// SPDX-License-Identifier: GPL-2.0
/*
 * tlb: what the page size of a mapping costs. The same random pointer chase (chase.c: one load
 * per cache line, a seeded cyclic permutation) over the same number of pages, once through the
 * direct map and once through vmalloc, for working sets from `min_ws` to `max_ws` in steps of
 * four. The direct map gets huge pages where the host allows (shmem THP with MADV_HUGEPAGE, see
 * impl/mem/physmem.c); vmalloc maps its pages again at 4 KiB (one host mapping per run of
 * consecutive pfns, advised MADV_NOHUGEPAGE: see vmap_pfn_range()). Once the working set
 * outgrows what the TLB covers at 4 KiB, every vmalloc load pays a page walk that a huge-page
 * direct map mostly avoids; the ratio of the two times at the same size is that cost. With a
 * 4 KiB direct map both sides walk alike and the ratio should stay near 1: the rows say so in
 * their note rather than leave it to be guessed.
 *
 * How a size is measured. One permutation is drawn per size, from --seed, and laid over both
 * sets, so the two chases visit their lines in the same order. The direct set is allocated as
 * blocks of the highest order that fits what is left (up to MAX_PAGE_ORDER, lower orders when
 * one fails), GFP_KERNEL, so on x86_32 it comes from low memory, which is all the direct map
 * holds there; the chase runs over their page_address()es in allocation order. It is freed
 * before vmalloc() allocates the other set. Each set is warmed by an untimed walk of
 * min(lines, accesses) loads, then walked `reps` times for `accesses` loads, each walk timed as
 * a whole; the median and the fastest give ns per access. Where perf_event_open allows,
 * dTLB-loads and dTLB-load-misses are counted around each timed walk (those of the median walk
 * are reported); where it does not, the rows say why and carry -1.
 *
 * A set that cannot exist gives its row anyway, with -1 figures and a note saying why: more low
 * memory than GFP_KERNEL can reach (x86_32), more than the vmalloc area or the model's free
 * memory holds (a --param beyond --mem), or an allocation that failed all the same.
 *
 * The sets' memory is the model's RAM, a memfd (physmem.c); the host gives each page of it its
 * page size when the page is first touched, according to the mapping that touches it. vmalloc's
 * pages are therefore touched through the direct map before vmalloc's own mapping touches them:
 * first touched through vmalloc, which is advised not huge, a page would stay a 4 KiB page in
 * the direct map too, and the direct sets of later sizes, which reuse such pages, would lose
 * their huge pages.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>

#include "workloads/measure/chase.h"
#include "workloads/measure/perf_counters.h"
#include "present.h"
#include "workload.h"

enum tlb_param {
	TLB_MIN_WS,
	TLB_MAX_WS,
	TLB_ACCESSES,
	TLB_REPS,
	TLB_NR_PARAMS,
};

#define MiB		   (1UL << 20)
#define TLB_MAX_WS_DEFAULT (1ULL << 30)
#define TLB_WS_LIMIT	   (64ULL << 30) /* 2^30 lines of 64 bytes: the permutation is 32-bit */
#define TLB_WS_STEP	   4
#define TLB_MAX_REPS	   99

static const struct workload_param tlb_params[TLB_NR_PARAMS] = {
	[TLB_MIN_WS] = { "min_ws", 256 << 10, 256 << 10, PAGE_SIZE, TLB_WS_LIMIT, "bytes",
			 "smallest working set (whole pages); then x4 up to max_ws" },
	[TLB_MAX_WS] = { "max_ws", TLB_MAX_WS_DEFAULT, 16 << 20, PAGE_SIZE, TLB_WS_LIMIT, "bytes",
			 "largest working set; one that does not fit the model gives rows of -1" },
	[TLB_ACCESSES] = { "accesses", 200000, 50000, 1000, 1000000000, "loads",
			   "timed dependent loads per walk" },
	[TLB_REPS] = { "reps", 3, 1, 1, TLB_MAX_REPS, "walks",
		       "timed walks per set; the median and the fastest are reported" },
};

static const struct result_column tlb_cols[] = {
	RESULT_COMMON_COLUMNS,
	{ "ws_bytes", RESULT_INT, "bytes", "working set" },
	{ "pages", RESULT_INT, "pages", "4 KiB pages in the set" },
	{ "mapping", RESULT_STR, "", "direct (alloc_pages blocks, page_address) or vmalloc" },
	{ "map_page_size", RESULT_INT, "bytes",
	  "page size of this mapping: the direct map's, or 4096 for vmalloc" },
	{ "direct_map_kind", RESULT_STR, "", "what the direct map got: thp, hugetlb or 4k" },
	{ "direct_map_page_size", RESULT_INT, "bytes", "the direct map's page size" },
	{ "accesses", RESULT_INT, "", "dependent loads per timed walk" },
	{ "reps", RESULT_INT, "", "timed walks" },
	{ "ns_per_access", RESULT_FLOAT, "ns", "median walk's time / accesses; -1 without a set" },
	{ "ns_per_access_min", RESULT_FLOAT, "ns", "fastest walk's time / accesses; -1 likewise" },
	{ "ratio_to_direct", RESULT_FLOAT, "",
	  "ns_per_access / the direct row's at this size (1 for direct); -1 if either is -1" },
	{ "dtlb_loads", RESULT_INT, "", "dTLB-loads in the median walk; -1 when not counted" },
	{ "dtlb_misses", RESULT_INT, "",
	  "dTLB-load-misses in the median walk; -1 when not counted" },
	{ "perf", RESULT_STR, "",
	  "available, or why not: not supported here (ENOENT), failed (ERRNO: ...)" },
	{ "note", RESULT_STR, "",
	  "why figures are -1, or what to expect of the ratio; may be empty" },
};

#define TLB_NR_COLS (sizeof(tlb_cols) / sizeof(tlb_cols[0]))

static const struct table_compare tlb_compare = {
	.keys = { "backend", "arch", "mapping", "ws_bytes" },
	.metrics = { { .column = "ns_per_access", .kind = COMPARE_RATIO } },
};

static const struct result_table tlb_table = {
	.file = "tlb.csv",
	.help = "`kmembench run --workload tlb`: a random pointer chase (one load per cache line, "
		"in the order of a seeded cyclic permutation drawn with Sattolo's algorithm) over "
		"working sets from `min_ws` to `max_ws` in steps of four, once through the direct "
		"map (blocks from `alloc_pages(GFP_KERNEL)`, up to MAX_PAGE_ORDER, at their "
		"`page_address()`) and once through `vmalloc` of the same size: the same number "
		"of pages, the same permutation. Two rows per size, `direct` first. The direct "
		"map has huge pages only where the host gives shmem THP (`direct_map_kind`); "
		"vmalloc's mappings are kept at 4 KiB, as the kernel's are. With a 4 KiB direct "
		"map the ratio should be ~1, and the note says so. A set that cannot be had (more "
		"than x86_32's low memory, more than the model's free memory or vmalloc area) "
		"gives its row with -1 figures and a note saying why. The dTLB counts come from "
		"`perf_event_open` where the host has them; otherwise they are -1 and `perf` says "
		"why.",
	.cols = tlb_cols,
	.nr_cols = TLB_NR_COLS,
	.compare = &tlb_compare,
};

/* What one set (one mapping at one size) measured */
struct tlb_result {
	bool ok;	   /* the set existed and was walked */
	double ns, ns_min; /* per access: median walk, fastest walk */
	long long loads;   /* dTLB counts of the median walk, -1 when not counted */
	long long misses;
	char perf[96];	/* "available" or why not */
	char note[256]; /* why !ok, else "" */
};

/* One timed walk */
struct tlb_walk {
	uint64_t ns;
	long long loads, misses;
	int perf_err; /* 0 when loads and misses were counted */
};

struct tlb_state {
	const struct workload_ctx *ctx;
	unsigned int line_size;
	struct perf_group perf; /* dTLB loads and misses; perf.reason when not open */
	struct tlb_walk walk[TLB_MAX_REPS];
	char ratio_note[256]; /* what to expect of the ratio, for rows without a failure */
};

static int cmp_walk(const void *a, const void *b)
{
	const struct tlb_walk *x = a, *y = b;

	return (x->ns > y->ns) - (x->ns < y->ns);
}

/* Warm @c up, time `reps` walks of it (counting dTLB events where possible) into @r */
static void tlb_measure(struct tlb_state *s, struct chase *c, struct tlb_result *r)
{
	const uint64_t accesses = s->ctx->params[TLB_ACCESSES];
	const unsigned int reps = (unsigned int)s->ctx->params[TLB_REPS];
	const struct tlb_walk *med;
	bool counting = s->perf.nr > 0;

	chase_run(c, c->nr_lines < accesses ? c->nr_lines : accesses, s->ctx->timer);
	for (unsigned int i = 0; i < reps; i++) {
		struct tlb_walk *w = &s->walk[i];
		uint64_t counts[2];

		/* without a group, s->perf.reason says why */
		w->perf_err = counting ? perf_group_start(&s->perf) : -ENODEV;
		w->ns = chase_run(c, accesses, s->ctx->timer);
		if (!w->perf_err)
			w->perf_err = perf_group_stop(&s->perf, counts);
		w->loads = w->perf_err ? -1 : (long long)counts[0];
		w->misses = w->perf_err ? -1 : (long long)counts[1];
	}
	qsort(s->walk, reps, sizeof(s->walk[0]), cmp_walk);
	med = &s->walk[(reps - 1) / 2];
	r->ok = true;
	r->ns = (double)med->ns / (double)accesses;
	r->ns_min = (double)s->walk[0].ns / (double)accesses;
	r->loads = med->loads;
	r->misses = med->misses;
	if (!counting)
		snprintf(r->perf, sizeof(r->perf), "%s", s->perf.reason);
	else if (med->perf_err)
		perf_describe_error(med->perf_err, r->perf, sizeof(r->perf));
	else
		snprintf(r->perf, sizeof(r->perf), "available");
}

/* Build the chase of @perm over @ranges and measure it, or say in a note why it cannot be */
static void tlb_chase(struct tlb_state *s, const struct chase_range *ranges, unsigned int nr,
		      const struct chase_perm *perm, struct tlb_result *r)
{
	struct chase c;
	int err = chase_build(&c, ranges, nr, perm, s->line_size);

	if (err) {
		snprintf(r->note, sizeof(r->note), "chase over %lu lines: %s", perm->nr_lines,
			 strerror(-err));
		return;
	}
	tlb_measure(s, &c, r);
}

/* Free pages in the zones GFP_KERNEL may use, and where those zones end */
static unsigned long lowmem_free_pages(const struct workload_ctx *ctx, unsigned long *end_pfn)
{
	struct kmem_zone_stats zs;
	unsigned long free = 0;

	*end_pfn = 0;
	for (int nid = 0; nid < ctx->info->nr_nodes; nid++) {
		for (int z = 0; z < ZONE_HIGHMEM; z++) {
			if (kmem_zone_stats(nid, z, &zs) || !zs.populated)
				continue;
			free += zs.free + zs.pcp_free;
			if (zs.start_pfn + zs.spanned > *end_pfn)
				*end_pfn = zs.start_pfn + zs.spanned;
		}
	}
	return free;
}

/*
 * The blocks of a direct set, as the chase ranges of their addresses: a range is one block, its
 * page virt_to_page() of the address, its order that of its length.
 */
struct tlb_blocks {
	struct chase_range *range;
	unsigned int nr, cap;
};

static void tlb_blocks_free(struct tlb_blocks *b)
{
	while (b->nr) {
		const struct chase_range *r = &b->range[--b->nr];

		__free_pages(virt_to_page(r->addr),
			     (unsigned int)__builtin_ctzl(r->bytes >> PAGE_SHIFT));
	}
	free(b->range);
}

static bool tlb_blocks_add(struct tlb_blocks *b, struct page *page, unsigned int order)
{
	if (b->nr == b->cap) {
		unsigned int cap = b->cap ? 2 * b->cap : 64;
		struct chase_range *r = realloc(b->range, cap * sizeof(*r));

		if (!r)
			return false;
		b->range = r;
		b->cap = cap;
	}
	b->range[b->nr++] = (struct chase_range){ page_address(page), PAGE_SIZE << order };
	return true;
}

/*
 * The direct set: blocks of the highest order that fits what is left, never above an order that
 * has failed once (memory is short of such blocks then), down to single pages.
 */
static void tlb_direct(struct tlb_state *s, unsigned long pages, const struct chase_perm *perm,
		       struct tlb_result *r)
{
	const struct workload_ctx *ctx = s->ctx;
	unsigned int max_order = MAX_PAGE_ORDER;
	struct tlb_blocks b = { 0 };
	unsigned long end_pfn, free = lowmem_free_pages(ctx, &end_pfn), done = 0;

	if (pages > free) {
		snprintf(r->note, sizeof(r->note),
			 "needs %lu MiB from the zones GFP_KERNEL may use "
			 "(below %lu MiB on %s), %lu MiB free there",
			 (pages << PAGE_SHIFT) / MiB, (end_pfn << PAGE_SHIFT) / MiB,
			 ctx->info->arch, (free << PAGE_SHIFT) / MiB);
		return;
	}
	while (done < pages) {
		unsigned int order = (unsigned int)(63 - __builtin_clzl(pages - done));
		struct page *page;

		if (order > max_order)
			order = max_order;
		page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, order);
		if (!page && order) {
			max_order = order - 1;
			continue;
		}
		if (!page || !tlb_blocks_add(&b, page, order)) {
			snprintf(r->note, sizeof(r->note),
				 "%s after %lu of %lu MiB (%lu MiB of GFP_KERNEL memory free)",
				 page ? "out of host memory" : "alloc_pages failed",
				 (done << PAGE_SHIFT) / MiB, (pages << PAGE_SHIFT) / MiB,
				 (lowmem_free_pages(ctx, &end_pfn) << PAGE_SHIFT) / MiB);
			if (page)
				__free_pages(page, order);
			tlb_blocks_free(&b);
			return;
		}
		done += 1UL << order;
	}
	tlb_chase(s, b.range, b.nr, perm, r);
	tlb_blocks_free(&b);
}

/* The vmalloc set; its pages are touched through the direct map first (see the top) */
static void tlb_vmalloc(struct tlb_state *s, unsigned long pages, const struct chase_perm *perm,
			struct tlb_result *r)
{
	const struct workload_ctx *ctx = s->ctx;
	unsigned long bytes = pages << PAGE_SHIFT, free = nr_free_pages();
	struct kmem_vm_stats vs;
	char *area;

	kmem_vm_stats(&vs);
	/* the area takes a guard page more than its pages */
	if (bytes + PAGE_SIZE > vs.vmalloc_total - vs.vmalloc_bytes) {
		snprintf(r->note, sizeof(r->note),
			 "needs %lu MiB of vmalloc space, "
			 "the area is %lu MiB on %s (%lu MiB in use)",
			 bytes / MiB, vs.vmalloc_total / MiB, ctx->info->arch,
			 vs.vmalloc_bytes / MiB);
		return;
	}
	if (pages > free) {
		snprintf(r->note, sizeof(r->note),
			 "needs %lu MiB, the model has %lu MiB free (boot more with --mem)",
			 bytes / MiB, (free << PAGE_SHIFT) / MiB);
		return;
	}
	area = vmalloc(bytes);
	if (!area) {
		snprintf(r->note, sizeof(r->note),
			 "vmalloc of %lu MiB failed with %lu MiB free (its reason is on stderr)",
			 bytes / MiB, (nr_free_pages() << PAGE_SHIFT) / MiB);
		return;
	}
	for (unsigned long off = 0; off < bytes; off += PAGE_SIZE) {
		struct page *page = vmalloc_to_page(area + off);

		if (!PageHighMem(page))
			*(volatile char *)page_address(page) = 0;
	}
	tlb_chase(s, &(struct chase_range){ area, bytes }, 1, perm, r);
	vfree(area);
}

static int tlb_row(struct tlb_state *s, struct result_sink *sink, uint64_t ws, bool direct,
		   const struct tlb_result *r, const struct tlb_result *d)
{
	const struct kmem_info *info = s->ctx->info;
	struct result_value v[TLB_NR_COLS];
	unsigned int n = workload_common_values(s->ctx, v);
	bool ratio = r->ok && d->ok;
	char note[sizeof(r->note) + 32];

	if (!r->ok)
		snprintf(note, sizeof(note), "%s", r->note);
	else if (!d->ok)
		snprintf(note, sizeof(note), "no direct set to compare with: %s", d->note);
	else
		snprintf(note, sizeof(note), "%s", s->ratio_note);
	v[n++] = RV_INT(ws);
	v[n++] = RV_INT(ws >> PAGE_SHIFT);
	v[n++] = RV_STR(direct ? "direct" : "vmalloc");
	v[n++] = RV_INT(direct ? info->direct_map_page_size : PAGE_SIZE);
	v[n++] = RV_STR(info->direct_map_kind);
	v[n++] = RV_INT(info->direct_map_page_size);
	v[n++] = RV_INT(s->ctx->params[TLB_ACCESSES]);
	v[n++] = RV_INT(s->ctx->params[TLB_REPS]);
	v[n++] = RV_FLOAT(r->ok ? r->ns : -1);
	v[n++] = RV_FLOAT(r->ok ? r->ns_min : -1);
	v[n++] = RV_FLOAT(ratio ? r->ns / d->ns : -1);
	v[n++] = RV_INT(r->ok ? r->loads : -1);
	v[n++] = RV_INT(r->ok ? r->misses : -1);
	v[n++] = RV_STR(r->ok ? r->perf : s->perf.nr ? "available" : s->perf.reason);
	v[n++] = RV_STR(note);
	return result_row(sink, &tlb_table, v, n);
}

/* Both sets of one size, and their two rows */
static int tlb_size(struct tlb_state *s, struct result_sink *sink, uint64_t ws)
{
	unsigned long pages = (unsigned long)(ws >> PAGE_SHIFT);
	struct tlb_result d = { 0 }, v = { 0 };
	struct chase_perm perm;
	int err;

	err = chase_perm_init(&perm, (unsigned long)(ws / s->line_size), s->ctx->seed);
	if (err) {
		fprintf(stderr, "tlb: a permutation of %llu lines: %s\n",
			(unsigned long long)(ws / s->line_size), strerror(-err));
		return err;
	}
	tlb_direct(s, pages, &perm, &d);
	tlb_vmalloc(s, pages, &perm, &v);
	chase_perm_destroy(&perm);
	return tlb_row(s, sink, ws, true, &d, &d) ?: tlb_row(s, sink, ws, false, &v, &d);
}

/* What the ratio should look like, from the direct map's page size */
static void tlb_ratio_note(struct tlb_state *s)
{
	const struct kmem_info *info = s->ctx->info;

	s->ratio_note[0] = '\0';
	if (info->direct_map_page_size > PAGE_SIZE)
		return;
	snprintf(s->ratio_note, sizeof(s->ratio_note),
		 "the direct map has 4 KiB pages too, so the ratio should be ~1%s%s",
		 info->direct_map_note[0] ? ": " : "", info->direct_map_note);
}

static const char *tlb_check(const uint64_t *params, char *buf, size_t size)
{
	const uint64_t min_ws = params[TLB_MIN_WS], max_ws = params[TLB_MAX_WS];

	if (!(min_ws % PAGE_SIZE) && min_ws <= max_ws)
		return NULL;
	snprintf(buf, size, "min_ws %llu must be whole pages (%lu bytes) and at most max_ws %llu",
		 (unsigned long long)min_ws, PAGE_SIZE, (unsigned long long)max_ws);
	return buf;
}

static int tlb_run(const struct workload_ctx *ctx, struct result_sink *sink)
{
	const uint64_t min_ws = ctx->params[TLB_MIN_WS], max_ws = ctx->params[TLB_MAX_WS];
	unsigned long free_at_start = nr_free_pages();
	unsigned int nr_sizes = 0, i = 0;
	struct tlb_state *s;
	int err = 0;

	s = calloc(1, sizeof(*s));
	if (!s) {
		fprintf(stderr, "tlb: out of memory\n");
		return -ENOMEM;
	}
	s->ctx = ctx;
	s->line_size = chase_line_size();
	tlb_ratio_note(s);
	perf_group_open(&s->perf, perf_dtlb_read, ARRAY_SIZE(perf_dtlb_read));
	for (uint64_t ws = min_ws; ws <= max_ws; ws *= TLB_WS_STEP)
		nr_sizes++;
	for (uint64_t ws = min_ws; ws <= max_ws && !err; ws *= TLB_WS_STEP) {
		char what[32];

		snprintf(what, sizeof(what), "%llu KiB", (unsigned long long)(ws >> 10));
		err = workload_progress(ctx, (double)i++ / nr_sizes, what);
		if (err)
			break;
		err = tlb_size(s, sink, ws);
	}
	perf_group_close(&s->perf);
	free(s);
	if (!err && nr_free_pages() != free_at_start) {
		fprintf(stderr,
			"tlb: %s on %s: %lu free pages after freeing everything, %lu before\n",
			ctx->info->backend, ctx->info->arch, nr_free_pages(), free_at_start);
		err = 1;
	}
	return err;
}

/* ---- its section of kmembench report ---- */

#define TLB(lbl, unit_, col, mapping, largest_, better_, sum)                                    \
	{                                                                                        \
		.label = lbl, .unit = unit_, .column = col, .where = { { "mapping", mapping } }, \
		.pick = { { "ws_bytes", largest_ } }, .better = better_, .summary = sum,         \
		.negative_unknown = true, .note = "ws_bytes", .note_fmt = "at %s",               \
		.note_as = REPORT_BYTES,                                                         \
	}

static const struct report_metric tlb_metrics[] = {
	TLB("direct map, smallest set", "ns/access", "ns_per_access", "direct", false, REPORT_LOWER,
	    false),
	TLB("direct map, largest set", "ns/access", "ns_per_access", "direct", true, REPORT_LOWER,
	    true),
	TLB("vmalloc, largest set", "ns/access", "ns_per_access", "vmalloc", true, REPORT_LOWER,
	    true),
	TLB("vmalloc / direct map, largest set", "ratio", "ratio_to_direct", "vmalloc", true,
	    REPORT_LOWER, false),
	TLB("vmalloc dTLB misses, largest set", "misses", "dtlb_misses", "vmalloc", true,
	    REPORT_LOWER, false),
};

static void tlb_caveats(const struct csv_data *const *t, struct caveat_sink *sink)
{
	const struct csv_data *d = t[0];
	unsigned long unmeasured = csv_count_negative(d, "ns_per_access");
	char perf[256], notes[512];

	csv_distinct(d, "perf", NULL, NULL, perf, sizeof(perf));
	if (perf[0] && strcmp(perf, "available"))
		sink->say(sink,
			  "TLB: dTLB misses were not counted, perf said: %s. The TLB figures are "
			  "timings alone.",
			  perf);
	if (unmeasured) {
		csv_distinct(d, "note", "ns_per_access", "-1", notes, sizeof(notes));
		sink->say(sink, "TLB: %lu rows were not measured%s%s.", unmeasured,
			  notes[0] ? ": " : "", notes);
	}
}

static const struct workload_report tlb_report = {
	.title = "TLB reach",
	.what = "kmembench run --workload tlb: random accesses to one working set, reached "
		"through the direct map and through vmalloc (mapped page by page), per "
		"working-set size; dTLB misses from hardware counters where perf allows, timing "
		"always.",
	.files = { "tlb.csv" },
	.required = { "backend", "ws_bytes", "mapping", "ns_per_access" },
	REPORT_METRICS(tlb_metrics),
	.caveats = tlb_caveats,
};

const struct workload tlb_workload = {
	.name = "tlb",
	.help = "random pointer chase through the direct map and through vmalloc, per working set",
	.params = tlb_params,
	.nr_params = TLB_NR_PARAMS,
	.tables = (const struct result_table *const[]){ &tlb_table },
	.nr_tables = 1,
	/* the largest default set, and room beside it for the model's own pages and reserves */
	.mem_bytes = TLB_MAX_WS_DEFAULT + TLB_MAX_WS_DEFAULT / 4,
	.run = tlb_run,
	.check = tlb_check,
	.report = &tlb_report,
};
