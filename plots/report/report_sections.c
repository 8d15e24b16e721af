// SPDX-License-Identifier: GPL-2.0
/*
 * The workloads' sections of `kmembench report` (report.h): for each, the tables it reads, the
 * columns it cannot do without, its headline metrics and what its rows say could not be
 * measured. A new workload's section is one more entry here and a plots/ID.gp script; the
 * page, the plots and the summary of leaders follow from the entry.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* ---- latency ---- */

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

static double column_sum(const struct csv_data *d, const char *column)
{
	int col = csv_column(d, column);
	double sum = 0;

	for (unsigned long i = 0; col >= 0 && i < d->nr_rows; i++)
		sum += strtod(csv_get(d, i, col), NULL);
	return sum;
}

static void latency_caveats(struct report *rep, const struct report_tables *t)
{
	const struct csv_data *d = t->t[0];
	char timers[128], cost[128];
	double failed = column_sum(d, "failed");

	report_distinct(d, "timer", NULL, NULL, timers, sizeof(timers));
	if (timers[0] && strcmp(timers, "rdtscp")) {
		report_distinct(d, "timer_overhead_ns", NULL, NULL, cost, sizeof(cost));
		report_caveat(
			rep,
			"Latency: calls were timed with %s rather than rdtscp (no usable "
			"invariant TSC here); a timing costs %s ns, subtracted from each figure.",
			timers, cost);
	}
	if (failed > 0)
		report_caveat(
			rep,
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

/* ---- frag ---- */

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

/* ---- tlb ---- */

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

static void tlb_caveats(struct report *rep, const struct report_tables *t)
{
	const struct csv_data *d = t->t[0];
	unsigned long unmeasured = report_count_negative(d, "ns_per_access");
	char perf[256], notes[512];

	report_distinct(d, "perf", NULL, NULL, perf, sizeof(perf));
	if (perf[0] && strcmp(perf, "available"))
		report_caveat(
			rep,
			"TLB: dTLB misses were not counted, perf said: %s. The TLB figures are "
			"timings alone.",
			perf);
	if (unmeasured) {
		report_distinct(d, "note", "ns_per_access", "-1", notes, sizeof(notes));
		report_caveat(rep, "TLB: %lu rows were not measured%s%s.", unmeasured,
			      notes[0] ? ": " : "", notes);
	}
}

/* ---- numa ---- */

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

static void numa_caveats(struct report *rep, const struct report_tables *t)
{
	const struct csv_data *d = t->t[0];
	unsigned long simulated = report_count(d, "numa_simulated", "1");
	unsigned long untimed = report_count_negative(d, "remote_access_ns");
	char nodes[64], notes[512];

	if (simulated) {
		report_distinct(d, "nodes", "numa_simulated", "1", nodes, sizeof(nodes));
		report_caveat(rep,
			      "NUMA: %lu of %lu rows ran on simulated nodes (%s): placement is the "
			      "model's, binding memory to nodes a no-op.",
			      simulated, d->nr_rows, nodes);
	}
	if (untimed) {
		report_distinct(d, "note", "remote_access_ns", "-1", notes, sizeof(notes));
		report_caveat(rep, "NUMA: the time of a remote access was not measured%s%s.",
			      notes[0] ? ": " : "", notes);
	}
}

/* ---- contention ---- */

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

static void contention_caveats(struct report *rep, const struct report_tables *t)
{
	const struct csv_data *d = t->t[0];
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
		report_caveat(rep,
			      "Contention: up to %ld threads ran on %ld CPUs; beyond %ld they "
			      "time-share, so their throughput measures the scheduler as much as "
			      "the allocator.",
			      most, cpus, cpus);
}

/* ---- replay ---- */

static const struct report_metric replay_metrics[] = {
	{ .label = "events", .unit = "", .column = "events" },
	{ .label = "errors", .unit = "", .column = "errors" },
	{ .label = "failed allocations", .unit = "", .column = "failed", .better = REPORT_LOWER },
	{ .label = "free pages at the end",
	  .unit = "pages",
	  .file = "replay_timeseries.csv",
	  .column = "free_pages",
	  .where = { { "zone", "all" } },
	  .pick = { { "event", true } },
	  .better = REPORT_HIGHER,
	  .summary = true },
	{ .label = "replay time",
	  .unit = "s",
	  .column = "seconds",
	  .better = REPORT_LOWER,
	  .summary = true },
	{ .label = "events per second",
	  .unit = "1/s",
	  .column = "events_per_s",
	  .better = REPORT_HIGHER },
};

static void replay_caveats(struct report *rep, const struct report_tables *t)
{
	static const struct {
		const char *column, *what;
	} counts[] = {
		{ "lost_events", "events the trace lost (ring buffer overruns): frees of objects "
				 "allocated in the gaps count as unmatched" },
		{ "malformed", "malformed trace lines, skipped" },
		{ "errors", "events that could not be replayed" },
		{ "unknown_gfp", "events whose gfp flags the model does not know" },
	};
	const struct csv_data *d = t->t[0];

	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		double n = column_sum(d, counts[i].column);

		if (n > 0)
			report_caveat(rep, "Replay: %.0f %s (summed over the back ends).", n,
				      counts[i].what);
	}
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

/*
 * What plots/replay.gp draws: free pages and the unusable index at its default orders over the
 * events, from the rows of zone "all"; a series of every event (--every 1) is more samples
 * than an image has pixels across.
 */
static const struct report_points replay_points = {
	.file = "replay-points.csv",
	.variable = "timeseries_csv",
	.series = { "backend", "arch", "zone" },
	.x = { "event" },
	.max_points = 1000,
	.y = { "free_pages", "unusable_3", "unusable_9" },
};

#define METRICS(m) .metrics = m, .nr_metrics = sizeof(m) / sizeof(m[0])

const struct report_section report_sections[] = {
	{
		.id = "latency",
		.title = "Latency",
		.what = "kmembench run --workload latency: single alloc and free calls timed one "
			"by one with the cycle counter into a histogram, the timer's own cost "
			"subtracted, beside a ring of live blocks; per page order, kmalloc size "
			"and vmalloc size. The figures are percentiles of one call.",
		.files = { "latency.csv" },
		.required = { "backend", "kind", "op", "size", "order", "p50_ns", "p99_ns" },
		METRICS(latency_metrics),
		.points = &latency_points,
		.caveats = latency_caveats,
	},
	{
		.id = "frag",
		.title = "Fragmentation",
		.what = "kmembench run --workload frag: rounds of allocations with heavy-tailed "
			"lifetimes age the free memory; after a drain, high-order blocks are "
			"allocated until one fails. The indices are the kernel's (mm/vmstat.c): "
			"the unusable free space index runs from 0 (all free memory can serve the "
			"order) to 1; the fragmentation index is -1 while a block of the order is "
			"free, else from 0 (a failure for lack of memory) to 1 (for "
			"fragmentation).",
		.files = { "frag_order.csv", "frag_rounds.csv", "frag_summary.csv" },
		.required = { "backend", "round", "zone", "order", "free_blocks", "unusable_index",
			      "fragmentation_index" },
		METRICS(frag_metrics),
	},
	{
		.id = "tlb",
		.title = "TLB reach",
		.what = "kmembench run --workload tlb: random accesses to one working set, "
			"reached through the direct map and through vmalloc (mapped page by "
			"page), per working-set size; dTLB misses from hardware counters where "
			"perf allows, timing always.",
		.files = { "tlb.csv" },
		.required = { "backend", "ws_bytes", "mapping", "ns_per_access" },
		METRICS(tlb_metrics),
		.caveats = tlb_caveats,
	},
	{
		.id = "numa",
		.title = "NUMA placement",
		.what = "kmembench run --workload numa: where the pages of an allocation land "
			"with the default policy, with a remote target node, and when the local "
			"node is exhausted; vmstat's numa_hit, numa_miss and numa_foreign beside.",
		.files = { "numa.csv" },
		.required = { "backend", "case", "local_frac" },
		METRICS(numa_metrics),
		.caveats = numa_caveats,
	},
	{
		.id = "contention",
		.title = "Contention",
		.what = "kmembench run --workload contention: threads allocating and freeing at "
			"once, with and without per-CPU page lists; the throughput of all threads "
			"together, in million operations per second.",
		.files = { "contention.csv" },
		.required = { "backend", "kind", "size", "threads", "mops" },
		METRICS(contention_metrics),
		.points = &contention_points,
		.caveats = contention_caveats,
	},
	{
		.id = "replay",
		.title = "Trace replay",
		.what = "kmembench replay: a kernel allocation trace (tracefs kmem events) "
			"replayed call by call on each back end, its free memory sampled as it "
			"goes.",
		.files = { "replay_summary.csv", "replay_timeseries.csv" },
		.required = { "backend", "events", "errors", "seconds" },
		.plot_file = "replay_timeseries.csv",
		METRICS(replay_metrics),
		.points = &replay_points,
		.caveats = replay_caveats,
	},
};

const unsigned int report_nr_sections = sizeof(report_sections) / sizeof(report_sections[0]);
