// SPDX-License-Identifier: GPL-2.0
/*
 * numa: where order-0 pages land across NUMA nodes, seen from a CPU of each node. The workload
 * asks the runner for at least two nodes (min_nodes), simulated when the host has fewer.
 *
 * How it works. For each node n, one thread enters the first model CPU of node n
 * (kmem_cpu_to_node()) and runs three cases, one after the other, freeing everything after
 * each:
 *
 *  - default: `pages` pages with alloc_pages(), the default policy (the local node first). At
 *    most half the node's free pages are asked for, so free memory lasts and every page should
 *    be local.
 *  - remote: for every other node m, `pages` pages (at most half of m's free pages) with
 *    alloc_pages_node(m): every page should land on m.
 *  - exhaust: alloc_pages() past the local node: as many pages as the local node has free, plus
 *    `beyond` percent of the other nodes' free pages. The local node serves until it reaches
 *    its low watermark, then the zonelist falls back to the other nodes, nearest first (by
 *    distance, lower id on ties, as build_zonelists() orders them): the row counts the pages
 *    that stayed local and those that fell back, and lists the nodes in the order their first
 *    page was taken, each with its distance from the preferred node.
 *
 * Each row carries the numastat deltas of its case (kmem_numa_stats(), summed over all nodes:
 * each allocation counts once as numa_hit or numa_miss, at the node it landed on, and once as
 * local_node or other_node; numa_foreign counts the misses again at the preferred node), so they
 * can be checked against the placement the workload saw with page_to_nid(). The cases run one
 * at a time while every other thread of the runner waits, so the deltas are the case's own.
 * After each case nr_free_pages() must be back where it was; the slab caches are shrunk first
 * so that kswapd, woken when the exhaust case dips below a watermark, has nothing to free that
 * would move the count.
 *
 * The model has as many CPUs as the topology has PUs; with fewer CPUs than nodes (4 simulated
 * nodes on a 2-CPU host) the last nodes have memory but no CPU. Such a node gets one row, case
 * none, saying so; it still serves the other nodes' remote and exhaust cases.
 *
 * Access latency: in the default case (local pages) and each remote case (the target node's
 * pages), before the pages are freed, a random pointer chase (chase.c: one dependent load per
 * cache line, in a seeded cyclic order) walks `access_loads` loads over the case's pages, and
 * the ns per load go into local_access_ns (default rows, and every remote row for comparison)
 * and remote_access_ns (remote rows). That means something only where each node's memory is
 * bound to its own host node (kmem_info.numa_bound): on simulated nodes, or a topology from
 * an XML file, every node is the same host memory, so the chase is skipped (-1, and the note
 * says why) unless `access_simulated` asks for it anyway, in which case the note says that
 * local and remote are the same memory and should take the same time.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/mmzone.h>

#include "workloads/measure/chase.h"
#include "present.h"
#include "workload.h"

enum numa_param {
	NUMA_PAGES,
	NUMA_BEYOND,
	NUMA_ACCESS_LOADS,
	NUMA_ACCESS_SIMULATED,
	NUMA_NR_PARAMS,
};

static const struct workload_param numa_params[NUMA_NR_PARAMS] = {
	[NUMA_PAGES] = { "pages", 16384, 512, 1, 1U << 30, "pages",
			 "per default and remote case (at most half the node's free pages)" },
	[NUMA_BEYOND] = { "beyond", 75, 75, 0, 100, "%",
			  "exhaust: after the local node's free pages, this share of the others'" },
	[NUMA_ACCESS_LOADS] = { "access_loads", 200000, 20000, 0, 1U << 30, "loads",
				"pointer-chase loads timed over local and remote pages; 0: none" },
	[NUMA_ACCESS_SIMULATED] = { "access_simulated", 0, 0, 0, 1, "0/1",
				    "time the chase on unbound (simulated) nodes too" },
};

#define NUMA_GFP (GFP_KERNEL | __GFP_NOWARN)

#define NOTE_SIMULATED "simulated nodes: one host memory, remote latency not measured"
#define NOTE_UNBOUND   "nodes not bound to host memory: remote latency not measured"
#define NOTE_NO_LOADS  "access_loads is 0: latency not measured"
#define NOTE_MEASURED  "local and remote latency measured on bound nodes"
#define NOTE_SAME      "measured although every node is one host memory: local ~ remote"

static const struct result_column numa_cols[] = {
	RESULT_COMMON_COLUMNS,
	{ "case", RESULT_STR, "",
	  "default (alloc_pages), remote (alloc_pages_node), exhaust (alloc_pages past the local "
	  "node), none (node without a CPU)" },
	{ "cpu", RESULT_INT, "", "model CPU the allocating thread ran as; -1 for case none" },
	{ "cpu_node", RESULT_INT, "", "its node: the node the row is about" },
	{ "target_node", RESULT_INT, "", "node given to alloc_pages_node() (remote), else -1" },
	{ "node_free", RESULT_INT, "pages", "free pages of the preferred node before the case" },
	{ "requested", RESULT_INT, "pages", "order-0 allocations the case asks for" },
	{ "pages", RESULT_INT, "pages", "allocated (the case stops at the first failure)" },
	{ "failed", RESULT_INT, "", "allocations that returned NULL (0 or 1)" },
	{ "local", RESULT_INT, "pages", "on cpu_node (page_to_nid)" },
	{ "remote", RESULT_INT, "pages", "on other nodes" },
	{ "local_frac", RESULT_FLOAT, "", "local / pages; -1 when pages is 0" },
	{ "on_target", RESULT_INT, "pages",
	  "on the preferred node: target_node for remote, else cpu_node" },
	{ "target_frac", RESULT_FLOAT, "", "on_target / pages; -1 when pages is 0" },
	{ "fallback_pages", RESULT_INT, "pages", "pages - on_target: fell back to other nodes" },
	{ "fallback_order", RESULT_STR, "",
	  "nodes fallen back to, in the order of their first page, as node:distance from the "
	  "preferred node, space-separated" },
	{ "by_distance", RESULT_INT, "", "1 when fallback_order's distances never decrease" },
	{ "numa_hit", RESULT_INT, "", "numastat delta, all nodes: landed on the preferred node" },
	{ "numa_miss", RESULT_INT, "", "numastat delta, all nodes: landed elsewhere" },
	{ "numa_foreign", RESULT_INT, "",
	  "numastat delta, all nodes: misses, at the preferred node" },
	{ "local_node", RESULT_INT, "", "numastat delta, all nodes: landed on the CPU's node" },
	{ "other_node", RESULT_INT, "", "numastat delta, all nodes: landed on another node" },
	{ "local_access_ns", RESULT_FLOAT, "ns",
	  "ns per dependent load (random pointer chase) over cpu_node's pages: on default rows, "
	  "and repeated on remote rows for comparison; -1: not measured" },
	{ "remote_access_ns", RESULT_FLOAT, "ns",
	  "ns per dependent load over target_node's pages (remote rows); -1: not measured" },
	{ "note", RESULT_STR, "",
	  "whether and how access latency was measured (only on nodes bound to host memory, or "
	  "with access_simulated); for case none, why nothing ran" },
};

#define NUMA_NR_COLS ARRAY_SIZE(numa_cols)

/* more local memory is better: local accesses are the faster */
static const struct table_compare numa_compare = {
	.keys = { "backend", "arch", "case", "cpu_node", "target_node" },
	.metrics = { { .column = "local_frac", .kind = COMPARE_RATIO, .higher_better = true } },
};

static const struct result_table numa_table = {
	.file = "numa.csv",
	.help = "`kmembench run --workload numa`: where order-0 pages land, seen from the first "
		"CPU of each node (the model gets at least two nodes, simulated when the host has "
		"fewer). Per node: one `default` row (alloc_pages()), one `remote` row per other "
		"node (alloc_pages_node() to it), one `exhaust` row (alloc_pages() for the local "
		"node's free pages plus `beyond` percent of the others'), or a single `none` row "
		"for a node without a CPU. The numastat columns are deltas over the case, summed "
		"over all nodes, so numa_hit + numa_miss = local_node + other_node = pages and "
		"numa_foreign = numa_miss. Access latency is measured only where each node's "
		"memory is bound to its own host node (or with `access_simulated`); otherwise it "
		"is -1 and the note says why (on simulated nodes every row says `simulated "
		"nodes`).",
	.cols = numa_cols,
	.nr_cols = NUMA_NR_COLS,
	.compare = &numa_compare,
};

/* One node's thread: the CPU it runs as, and room for the largest case's pages */
struct numa_node_run {
	const struct workload_ctx *ctx;
	struct result_sink *sink;
	int cpu, nid;
	struct page **pages;
	unsigned long max_pages; /* room in @pages */
	double local_ns;	 /* the default case's chase, for the remote rows; -1: none */
	int err;
};

/* What one case saw */
struct numa_case {
	const char *name;
	int preferred; /* the node the allocations prefer */
	int target;    /* alloc_pages_node()'s node, or NUMA_NO_NODE for alloc_pages() */
	unsigned long node_free, requested, nr_pages, failed;
	unsigned long on_node[MAX_NUMNODES];
	signed char first_use[MAX_NUMNODES]; /* fallback nodes in the order of their first page */
	int nr_fallback_nodes;
	double access_ns;	   /* the chase over this case's pages; -1: not measured */
	struct kmem_numastat stat; /* deltas, summed over all nodes */
};

/* Free pages of node @nid: in its zones' back ends and on their per-CPU lists */
static unsigned long node_free_pages(int nid)
{
	struct kmem_zone_stats zs;
	unsigned long sum = 0;

	for (int z = 0; z < KMEM_NR_ZONES; z++)
		if (!kmem_zone_stats(nid, z, &zs) && zs.populated)
			sum += zs.free + zs.pcp_free;
	return sum;
}

/* kmem_numa_stats() summed over every node */
static void numastat_sum(struct kmem_numastat *sum)
{
	struct kmem_numastat s;

	memset(sum, 0, sizeof(*sum));
	for (int nid = 0; nid < nr_online_nodes; nid++) {
		kmem_numa_stats(nid, &s);
		sum->numa_hit += s.numa_hit;
		sum->numa_miss += s.numa_miss;
		sum->numa_foreign += s.numa_foreign;
		sum->local_node += s.local_node;
		sum->other_node += s.other_node;
	}
}

/* Whether the chase runs, and the note every row carries about it */
static bool numa_measures(const struct workload_ctx *ctx)
{
	return ctx->params[NUMA_ACCESS_LOADS] &&
	       (ctx->info->numa_bound || ctx->params[NUMA_ACCESS_SIMULATED]);
}

static const char *numa_note(const struct workload_ctx *ctx)
{
	if (!ctx->params[NUMA_ACCESS_LOADS])
		return NOTE_NO_LOADS;
	if (ctx->info->numa_bound)
		return NOTE_MEASURED;
	if (ctx->params[NUMA_ACCESS_SIMULATED])
		return NOTE_SAME;
	return ctx->info->numa_simulated ? NOTE_SIMULATED : NOTE_UNBOUND;
}

/*
 * ns per dependent load over the @nr pages of @pages, or -1 (after a message) when the chase
 * cannot be set up. The order is seeded with the run's seed, so every case walks its pages in
 * an order of the same kind; one untimed walk of the set first brings it into the TLB and
 * caches as far as it fits, as the timed walks will find it.
 */
static double numa_chase_ns(const struct workload_ctx *ctx, struct page **pages, unsigned long nr)
{
	unsigned int line = chase_line_size();
	unsigned long loads = ctx->params[NUMA_ACCESS_LOADS];
	struct chase_range *ranges = calloc(nr, sizeof(*ranges));
	struct chase_perm perm = { 0 };
	struct chase c;
	double ns = -1;

	if (!ranges || !nr)
		goto out;
	for (unsigned long i = 0; i < nr; i++)
		ranges[i] = (struct chase_range){ page_address(pages[i]), PAGE_SIZE };
	if (chase_perm_init(&perm, nr * (PAGE_SIZE / line), ctx->seed) ||
	    chase_build(&c, ranges, (unsigned int)nr, &perm, line))
		goto out;
	chase_run(&c, perm.nr_lines, ctx->timer);
	ns = (double)chase_run(&c, loads, ctx->timer) / (double)loads;
out:
	if (ns < 0)
		fprintf(stderr, "numa: the pointer chase over %lu pages could not be set up\n", nr);
	chase_perm_destroy(&perm);
	free(ranges);
	return ns;
}

static double frac(unsigned long part, unsigned long whole)
{
	return whole ? (double)part / (double)whole : -1.0;
}

static int numa_row(const struct numa_node_run *r, const struct numa_case *c, const char *note)
{
	const struct workload_ctx *ctx = r->ctx;
	struct result_value v[NUMA_NR_COLS];
	unsigned long local = c->on_node[r->nid], on_target = c->on_node[c->preferred];
	char order[MAX_NUMNODES * 8] = "";
	size_t len = 0;
	bool by_distance = true;
	unsigned int n;

	for (int i = 0; i < c->nr_fallback_nodes; i++) {
		int nid = c->first_use[i], d = kmem_node_distance(c->preferred, nid);

		if (i && d < kmem_node_distance(c->preferred, c->first_use[i - 1]))
			by_distance = false;
		len += (size_t)snprintf(order + len, sizeof(order) - len, "%s%d:%d", i ? " " : "",
					nid, d);
	}

	n = workload_common_values(ctx, v);
	v[n++] = RV_STR(c->name);
	v[n++] = RV_INT(r->cpu);
	v[n++] = RV_INT(r->nid);
	v[n++] = RV_INT(c->target);
	v[n++] = RV_INT(c->node_free);
	v[n++] = RV_INT(c->requested);
	v[n++] = RV_INT(c->nr_pages);
	v[n++] = RV_INT(c->failed);
	v[n++] = RV_INT(local);
	v[n++] = RV_INT(c->nr_pages - local);
	v[n++] = RV_FLOAT(frac(local, c->nr_pages));
	v[n++] = RV_INT(on_target);
	v[n++] = RV_FLOAT(frac(on_target, c->nr_pages));
	v[n++] = RV_INT(c->nr_pages - on_target);
	v[n++] = RV_STR(order);
	v[n++] = RV_INT(by_distance);
	v[n++] = RV_INT(c->stat.numa_hit);
	v[n++] = RV_INT(c->stat.numa_miss);
	v[n++] = RV_INT(c->stat.numa_foreign);
	v[n++] = RV_INT(c->stat.local_node);
	v[n++] = RV_INT(c->stat.other_node);
	v[n++] = RV_FLOAT(c->target == NUMA_NO_NODE ? c->access_ns : r->local_ns);
	v[n++] = RV_FLOAT(c->target == NUMA_NO_NODE ? -1 : c->access_ns);
	v[n++] = RV_STR(note);
	return result_row(r->sink, &numa_table, v, n);
}

static unsigned long min_ul(unsigned long a, unsigned long b)
{
	return a < b ? a : b;
}

/* Allocates c->requested pages as the case says, tallies where they landed, frees them */
static int numa_case_run(struct numa_node_run *r, struct numa_case *c)
{
	unsigned long free_before = nr_free_pages();
	struct kmem_numastat before, after;

	c->requested = min_ul(c->requested, r->max_pages);
	numastat_sum(&before);
	while (c->nr_pages < c->requested) {
		struct page *page = c->target == NUMA_NO_NODE
					    ? alloc_pages(NUMA_GFP, 0)
					    : alloc_pages_node(c->target, NUMA_GFP, 0);
		int nid;

		if (!page) {
			c->failed++;
			break;
		}
		r->pages[c->nr_pages++] = page;
		nid = page_to_nid(page);
		if (!c->on_node[nid]++ && nid != c->preferred)
			c->first_use[c->nr_fallback_nodes++] = (signed char)nid;
	}
	numastat_sum(&after);
	c->stat.numa_hit = after.numa_hit - before.numa_hit;
	c->stat.numa_miss = after.numa_miss - before.numa_miss;
	c->stat.numa_foreign = after.numa_foreign - before.numa_foreign;
	c->stat.local_node = after.local_node - before.local_node;
	c->stat.other_node = after.other_node - before.other_node;
	c->access_ns = -1;
	if (strcmp(c->name, "exhaust") && numa_measures(r->ctx))
		c->access_ns = numa_chase_ns(r->ctx, r->pages, c->nr_pages);
	for (unsigned long i = 0; i < c->nr_pages; i++)
		__free_pages(r->pages[i], 0);
	if (nr_free_pages() != free_before) {
		fprintf(stderr,
			"numa: %s on %s: case %s from node %d: %lu free pages after freeing "
			"everything, %lu before\n",
			r->ctx->info->backend, r->ctx->info->arch, c->name, r->nid, nr_free_pages(),
			free_before);
		return 1;
	}
	return numa_row(r, c, numa_note(r->ctx));
}

/* The three cases of node r->nid, on a thread that runs as r->cpu */
static void *numa_node_main(void *arg)
{
	struct numa_node_run *r = arg;
	const uint64_t *p = r->ctx->params;
	struct numa_case c;

	if (kmem_thread_enter(r->cpu)) {
		fprintf(stderr, "numa: kmem_thread_enter(%d) failed\n", r->cpu);
		r->err = -EINVAL;
		return NULL;
	}
	c = (struct numa_case){ .name = "default", .preferred = r->nid, .target = NUMA_NO_NODE };
	c.node_free = node_free_pages(r->nid);
	c.requested = min_ul(p[NUMA_PAGES], c.node_free / 2);
	r->local_ns = -1;
	r->err = numa_case_run(r, &c);
	r->local_ns = c.access_ns;

	for (int m = 0; m < nr_online_nodes && !r->err; m++) {
		if (m == r->nid)
			continue;
		c = (struct numa_case){ .name = "remote", .preferred = m, .target = m };
		c.node_free = node_free_pages(m);
		c.requested = min_ul(p[NUMA_PAGES], c.node_free / 2);
		r->err = numa_case_run(r, &c);
	}

	if (!r->err) {
		c = (struct numa_case){ .name = "exhaust",
					.preferred = r->nid,
					.target = NUMA_NO_NODE };
		c.node_free = node_free_pages(r->nid);
		c.requested = c.node_free + (nr_free_pages() - c.node_free) / 100 * p[NUMA_BEYOND];
		r->err = numa_case_run(r, &c);
	}
	return NULL;
}

/* The row of a node without a CPU: nothing was allocated from it */
static int numa_row_no_cpu(struct numa_node_run *r)
{
	const struct workload_ctx *ctx = r->ctx;
	struct numa_case c = { .name = "none", .preferred = r->nid, .target = NUMA_NO_NODE };
	char note[sizeof(NOTE_SIMULATED) + 96];

	c.node_free = node_free_pages(r->nid);
	snprintf(note, sizeof(note), "no CPU on this node (%d CPUs for %d nodes); %s",
		 ctx->info->nr_cpus, ctx->info->nr_nodes, numa_note(ctx));
	return numa_row(r, &c, note);
}

static int first_cpu_of_node(const struct workload_ctx *ctx, int nid)
{
	for (int cpu = 0; cpu < ctx->info->nr_cpus; cpu++)
		if (kmem_cpu_to_node(cpu) == nid)
			return cpu;
	return -1;
}

static int numa_run(const struct workload_ctx *ctx, struct result_sink *sink)
{
	struct numa_node_run r = { .ctx = ctx, .sink = sink };
	unsigned long free_at_start;
	int err = 0;

	if (ctx->info->nr_nodes < 2) {
		fprintf(stderr, "numa: needs at least two nodes, the model has %d\n",
			ctx->info->nr_nodes);
		return -EINVAL;
	}
	kmem_slab_shrink_all();
	free_at_start = nr_free_pages();
	r.max_pages = free_at_start;
	r.pages = calloc(free_at_start, sizeof(*r.pages));
	if (!r.pages) {
		fprintf(stderr, "numa: out of memory for %lu page pointers\n", free_at_start);
		return -ENOMEM;
	}
	for (int nid = 0; nid < ctx->info->nr_nodes && !err; nid++) {
		pthread_t tid;
		char what[32];

		snprintf(what, sizeof(what), "node %d", nid);
		err = workload_progress(ctx, (double)nid / ctx->info->nr_nodes, what);
		if (err)
			break;
		r.nid = nid;
		r.cpu = first_cpu_of_node(ctx, nid);
		r.err = 0;
		if (r.cpu < 0) {
			err = numa_row_no_cpu(&r);
			continue;
		}
		/* the sink is used by this thread only while the runner's waits in the join */
		err = -pthread_create(&tid, NULL, numa_node_main, &r);
		if (err) {
			fprintf(stderr, "numa: cannot start a thread: %s\n", strerror(-err));
			break;
		}
		pthread_join(tid, NULL);
		err = r.err;
	}
	free(r.pages);
	if (!err && nr_free_pages() != free_at_start) {
		fprintf(stderr, "numa: %s on %s: %lu free pages at the end, %lu at the start\n",
			ctx->info->backend, ctx->info->arch, nr_free_pages(), free_at_start);
		err = 1;
	}
	return err;
}

/* ---- its section of kmembench report ---- */

#define NUMA(lbl, unit_, col, case_, better_, sum)                                          \
	{                                                                                   \
		.label = lbl, .unit = unit_, .column = col, .where = { { "case", case_ } }, \
		.better = better_, .summary = sum, .negative_unknown = true,                \
	}

static const struct report_metric numa_metrics[] = {
	NUMA("local fraction, default policy", "", "local_frac", "default", REPORT_HIGHER, true),
	NUMA("local fraction, remote target", "", "local_frac", "remote", REPORT_NONE, false),
	NUMA("local fraction, local node exhausted", "", "local_frac", "exhaust", REPORT_NONE,
	     false),
	NUMA("fallback pages, local node exhausted", "pages", "fallback_pages", "exhaust",
	     REPORT_NONE, false),
	NUMA("remote access", "ns", "remote_access_ns", "remote", REPORT_LOWER, false),
};

static void numa_caveats(const struct csv_data *const *t, struct caveat_sink *sink)
{
	const struct csv_data *d = t[0];
	unsigned long simulated = csv_count(d, "numa_simulated", "1");
	unsigned long untimed = csv_count_negative(d, "remote_access_ns");
	char nodes[64], notes[512];

	if (simulated) {
		csv_distinct(d, "nodes", "numa_simulated", "1", nodes, sizeof(nodes));
		sink->say(sink,
			  "NUMA: %lu of %lu rows ran on simulated nodes (%s): placement is the "
			  "model's, binding memory to nodes a no-op.",
			  simulated, d->nr_rows, nodes);
	}
	if (untimed) {
		csv_distinct(d, "note", "remote_access_ns", "-1", notes, sizeof(notes));
		sink->say(sink, "NUMA: the time of a remote access was not measured%s%s.",
			  notes[0] ? ": " : "", notes);
	}
}

static const struct workload_report numa_report = {
	.title = "NUMA placement",
	.what = "kmembench run --workload numa: where the pages of an allocation land with the "
		"default policy, with a remote target node, and when the local node is "
		"exhausted; vmstat's numa_hit, numa_miss and numa_foreign beside.",
	.files = { "numa.csv" },
	.required = { "backend", "case", "local_frac" },
	REPORT_METRICS(numa_metrics),
	.caveats = numa_caveats,
};

const struct workload numa_workload = {
	.name = "numa",
	.help = "order-0 placement from each node's CPU: default, remote, past the local node",
	.params = numa_params,
	.nr_params = NUMA_NR_PARAMS,
	.tables = (const struct result_table *const[]){ &numa_table },
	.nr_tables = 1,
	.mem_bytes = 256ULL << 20,
	.min_nodes = 2,
	.run = numa_run,
	.report = &numa_report,
};
