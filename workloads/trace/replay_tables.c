// SPDX-License-Identifier: GPL-2.0
/*
 * The trace replay as a source of result tables (`kmembench replay`, trace_replay.h): the
 * descriptor that the schema, the report and `kmembench compare` read for the replay's tables,
 * as they read a workload's, and the tables themselves, whose column names the replay writes as
 * its CSV headers. The replay itself is run by its command, not by the runner.
 */
#include <linux/compiler.h>

#include "workloads/present.h"
#include "workloads/workload.h"
#include "trace_replay.h"

/* Orders 1 to 10 of a per-order column, whose order 0 is written out with the full meaning */
/* clang-format off */
#define ORDERS_1_10(prefix, type, unit, word) \
	{ prefix "1", type, unit, word " order 1" }, { prefix "2", type, unit, word " order 2" }, \
	{ prefix "3", type, unit, word " order 3" }, { prefix "4", type, unit, word " order 4" }, \
	{ prefix "5", type, unit, word " order 5" }, { prefix "6", type, unit, word " order 6" }, \
	{ prefix "7", type, unit, word " order 7" }, { prefix "8", type, unit, word " order 8" }, \
	{ prefix "9", type, unit, word " order 9" }, { prefix "10", type, unit, word " order 10" }
/* clang-format on */

static const struct result_column summary_cols[] = {
	{ "backend", RESULT_STR, "", "page back end" },
	{ "arch", RESULT_STR, "", "arch profile" },
	{ "mem_bytes", RESULT_INT, "bytes", "RAM of the model" },
	{ "per_cpu", RESULT_INT, "",
	  "1 when each traced CPU was replayed by its own thread (--per-cpu)" },
	{ "every", RESULT_INT, "events",
	  "time-series sampling interval (--every; 0 = start and end only)" },
	{ "trace", RESULT_STR, "", "the trace file, as named on the command line" },
	{ "events", RESULT_INT, "", "event lines plus malformed lines" },
	{ "allocs", RESULT_INT, "", "allocation events replayed, failed ones included" },
	{ "frees", RESULT_INT, "", "free events paired with their allocation and replayed" },
	{ "unmatched", RESULT_INT, "",
	  "frees of objects allocated before the trace began: skipped" },
	{ "skipped", RESULT_INT, "",
	  "other events, kfree(NULL), allocations that failed in the traced kernel, "
	  "mm_page_free_batched duplicates, events of another class, the kernel's slab "
	  "pages (under all)" },
	{ "errors", RESULT_INT, "",
	  "malformed lines, events that could not be replayed, model reports" },
	{ "failed", RESULT_INT, "", "allocations the model refused (NULL)" },
	{ "implicit_frees", RESULT_INT, "",
	  "allocations at an address still live: the old object, freed without a trace "
	  "event (bulk or RCU frees), freed then" },
	{ "batched_duplicates", RESULT_INT, "",
	  "mm_page_free_batched events of a page mm_page_free had just freed (the kernel "
	  "traces such frees twice)" },
	{ "null_frees", RESULT_INT, "", "kfree(NULL) and kmem_cache_free(NULL)" },
	{ "traced_failures", RESULT_INT, "", "allocations traced with a NULL result" },
	{ "other_events", RESULT_INT, "", "events other than the nine the replay knows" },
	{ "live_at_end", RESULT_INT, "",
	  "allocations still live when the trace ended (then freed)" },
	{ "order_mismatches", RESULT_INT, "",
	  "page frees whose order differs from the allocation's (the allocation's is "
	  "used)" },
	{ "lost_events", RESULT_INT, "",
	  "events the trace says it lost (`CPU:N [LOST M EVENTS]`)" },
	{ "malformed", RESULT_INT, "lines", "lines that could not be parsed" },
	{ "unknown_gfp", RESULT_INT, "",
	  "events whose gfp_flags named a flag unknown to the model" },
	{ "model_reports", RESULT_INT, "",
	  "bad page and slab reports the model made during the replay" },
	{ "caches", RESULT_INT, "", "caches created for kmem_cache_alloc events" },
	{ "seconds", RESULT_FLOAT, "s",
	  "the replay: reading, parsing, replaying, freeing what was left" },
	{ "events_per_s", RESULT_FLOAT, "1/s", "event lines per second of the replay" },
	{ "kmalloc_kernel_int_frag", RESULT_FLOAT, "",
	  "kmalloc: (bytes_alloc - bytes_req) / bytes_alloc over the allocations the "
	  "model served, from the trace: the kernel's internal fragmentation" },
	{ "kmalloc_model_int_frag", RESULT_FLOAT, "",
	  "the same with the model's ksize() for bytes_alloc" },
	{ "cache_kernel_int_frag", RESULT_FLOAT, "",
	  "kmem_cache_alloc, as kmalloc_kernel_int_frag" },
	{ "cache_model_int_frag", RESULT_FLOAT, "", "kmem_cache_alloc, as kmalloc_model_int_frag" },
	{ "event_class", RESULT_STR, "",
	  "--events: pages, slab, or all (both, the kernel's slab pages dropped)" },
	{ "other_class", RESULT_INT, "", "events of the class --events left out: skipped" },
	{ "slab_page_allocs", RESULT_INT, "",
	  "under all: mm_page_alloc events of the kernel's slab (compound, __GFP_NORETRY and "
	  "__GFP_NOWARN, no user or page-cache bits), dropped as the model's slab makes its "
	  "own: skipped" },
	{ "slab_page_frees", RESULT_INT, "",
	  "under all: frees of the pfns of such dropped slab pages: skipped" },
	{ "traced_cpus", RESULT_INT, "", "the highest CPU the trace names, plus one" },
	{ "model_cpus", RESULT_INT, "",
	  "CPUs of the model; each event runs as its traced CPU modulo these" },
	{ "snapshot_frees", RESULT_INT, "",
	  "--from-snapshot: page frees paired with no traced allocation that freed the pages "
	  "the snapshot boot gave the pre-existing owner at that pfn: part of frees" },
	{ "snapshot_taken", RESULT_INT, "",
	  "--from-snapshot: page allocations at a pfn the pre-existing owner still had, which "
	  "it gave up first (the kernel had them free on per-CPU lists): not an event count" },
};

/*
 * the time is one run's; the events replayed are the trace's (of one event class), the same on
 * every run
 */
static const struct table_compare replay_summary_compare = {
	.keys = { "backend", "arch", "trace", "per_cpu", "event_class" },
	.metrics = { { .column = "seconds", .kind = COMPARE_RATIO },
		     { .column = "events", .kind = COMPARE_DETERMINISTIC } },
};

const struct result_table replay_summary_table = {
	.file = "replay_summary.csv",
	.help = "`kmembench replay`: one row per (arch, back end). Every event line and every "
		"malformed line of the trace counts in exactly one of allocs, frees, unmatched, "
		"skipped and errors, so these five sum to events (model_reports aside: they "
		"count in errors too, and should never happen).",
	.cols = summary_cols,
	.nr_cols = ARRAY_SIZE(summary_cols),
	.compare = &replay_summary_compare,
};

static const struct result_column timeseries_cols[] = {
	{ "backend", RESULT_STR, "", "page back end" },
	{ "arch", RESULT_STR, "", "arch profile" },
	{ "event", RESULT_INT, "events", "events read when sampled" },
	{ "timestamp_s", RESULT_FLOAT, "s",
	  "trace timestamp of the last event read (0 before the first)" },
	{ "node", RESULT_INT, "", "NUMA node, -1 for the sum over all zones" },
	{ "zone", RESULT_STR, "", "DMA, DMA32, Normal, HighMem, or all" },
	{ "free_pages", RESULT_INT, "pages",
	  "pages in free blocks of the back end (sum of free_blocks_n << n)" },
	{ "pcp_pages", RESULT_INT, "pages", "free pages on the per-CPU lists (not in the blocks)" },
	{ "free_blocks_0", RESULT_INT, "blocks",
	  "free blocks of order 0, as /proc/buddyinfo shows them" },
	ORDERS_1_10("free_blocks_", RESULT_INT, "blocks", "of"),
	{ "unusable_0", RESULT_FLOAT, "",
	  "unusable free space index for order 0, 0 to 1, 3 decimals" },
	ORDERS_1_10("unusable_", RESULT_FLOAT, "", "for"),
	{ "fragindex_0", RESULT_FLOAT, "",
	  "fragmentation index for order 0, -1 or up to 1, 3 decimals" },
	ORDERS_1_10("fragindex_", RESULT_FLOAT, "", "for"),
	{ "failed_allocs", RESULT_INT, "", "allocations the model refused so far" },
	{ "live_objects", RESULT_INT, "", "slab objects of the trace live now" },
	{ "live_pages", RESULT_INT, "pages",
	  "pages the model holds for the trace's page allocations now" },
};

const struct result_table replay_timeseries_table = {
	.file = "replay_timeseries.csv",
	.help = "`kmembench replay`: the model's free memory, sampled before the first event, "
		"every `every` events and after the last (before what is live is freed). One "
		"row per populated zone and one summed over all zones (node -1, zone `all`). "
		"The indices follow the kernel's mm/vmstat.c (`/sys/kernel/debug/extfrag/`), "
		"computed from the free blocks of the row: the unusable free space index of "
		"order n is the share of free pages in blocks smaller than 2^n pages (1 when "
		"nothing is free); the fragmentation index of order n is -1 while a block of "
		"2^n pages is free, otherwise 0 (an allocation fails for lack of memory) to 1 "
		"(for fragmentation); it dips below 0 when a failing allocation misses by "
		"little, as the kernel's does.",
	.cols = timeseries_cols,
	.nr_cols = ARRAY_SIZE(timeseries_cols),
};

static const struct result_column caches_cols[] = {
	{ "backend", RESULT_STR, "", "page back end" },
	{ "arch", RESULT_STR, "", "arch profile" },
	{ "kind", RESULT_STR, "", "`cache` or `kmalloc`" },
	{ "cache", RESULT_STR, "",
	  "the cache's traced name, or `kmalloc-N` for the class of N bytes" },
	{ "object_size", RESULT_INT, "bytes", "the traced bytes_alloc (a cache's first)" },
	{ "allocs", RESULT_INT, "", "allocations" },
	{ "failed", RESULT_INT, "", "allocations the model refused" },
	{ "frees", RESULT_INT, "", "frees paired with them" },
	{ "live_end", RESULT_INT, "", "objects live when the trace ended" },
	{ "bytes_req", RESULT_INT, "bytes", "sum of bytes_req" },
	{ "kernel_bytes_alloc", RESULT_INT, "bytes", "sum of the traced bytes_alloc" },
	{ "model_bytes_alloc", RESULT_INT, "bytes", "sum of ksize() of the model's objects" },
	{ "kernel_int_frag", RESULT_FLOAT, "",
	  "(kernel_bytes_alloc - bytes_req) / kernel_bytes_alloc" },
	{ "model_int_frag", RESULT_FLOAT, "",
	  "(model_bytes_alloc - bytes_req) / model_bytes_alloc" },
};

const struct result_table replay_caches_table = {
	.file = "replay_caches.csv",
	.help = "`kmembench replay`: one row per cache (kmem_cache_alloc events of one name, "
		"replayed on a cache created with that name and the traced bytes_alloc as "
		"object size) and per kmalloc size class (kmalloc events of one traced "
		"bytes_alloc). Byte sums are over the allocations the model served.",
	.cols = caches_cols,
	.nr_cols = ARRAY_SIZE(caches_cols),
};

static const struct result_column orders_cols[] = {
	{ "backend", RESULT_STR, "", "page back end" },
	{ "arch", RESULT_STR, "", "arch profile" },
	{ "order", RESULT_INT, "", "block order: 2^order pages" },
	{ "allocs", RESULT_INT, "", "mm_page_alloc events replayed" },
	{ "failed", RESULT_INT, "", "of them, refused by the model" },
	{ "frees", RESULT_INT, "", "frees paired with them" },
	{ "unmatched_frees", RESULT_INT, "",
	  "frees of blocks allocated before the trace (by the traced order)" },
	{ "live_end", RESULT_INT, "", "blocks live when the trace ended" },
};

const struct result_table replay_orders_table = {
	.file = "replay_orders.csv",
	.help = "`kmembench replay`: the page events (mm_page_alloc and the frees) by order, "
		"one row per order from 0 to 10 (and above, if the trace has any).",
	.cols = orders_cols,
	.nr_cols = ARRAY_SIZE(orders_cols),
};

static const struct result_column failures_cols[] = {
	{ "backend", RESULT_STR, "", "page back end" },
	{ "arch", RESULT_STR, "", "arch profile" },
	{ "event", RESULT_STR, "", "kmalloc, kmem_cache_alloc or mm_page_alloc" },
	{ "order", RESULT_INT, "",
	  "the block order; for slab events the order of the object size (0 up to a page)" },
	{ "gfp", RESULT_STR, "", "the traced gfp flags, as show_gfp_flags() prints them" },
	{ "gfp_hex", RESULT_STR, "", "the same as a hex mask" },
	{ "count", RESULT_INT, "", "allocations refused" },
};

const struct result_table replay_failures_table = {
	.file = "replay_failures.csv",
	.help = "`kmembench replay`: allocations the model refused, by kind, order and traced "
		"gfp flags. Empty (the header alone) when nothing failed.",
	.cols = failures_cols,
	.nr_cols = ARRAY_SIZE(failures_cols),
};

static const struct result_column speed_cols[] = {
	{ "trace", RESULT_STR, "", "the trace file" },
	{ "backend", RESULT_STR, "", "page back end; `-` for zcat and the parse" },
	{ "arch", RESULT_STR, "", "arch profile; `-` for zcat and the parse" },
	{ "phase", RESULT_STR, "", "`zcat`, `parse` or `replay`" },
	{ "seconds", RESULT_FLOAT, "s", "wall-clock time (0 when zcat could not be run)" },
	{ "events", RESULT_INT, "", "event lines of the trace" },
	{ "events_per_s", RESULT_FLOAT, "1/s", "events / seconds" },
	{ "time_vs_zcat", RESULT_FLOAT, "", "seconds / zcat's seconds (0 without zcat)" },
};

const struct result_table replay_speed_table = {
	.file = "replay_speed.csv",
	.help = "`kmembench replay --bench`: how fast the replay reads the trace, against `zcat "
		"TRACE > /dev/null` on the same file in the same run. One row for zcat, one for "
		"the parse alone, one per (arch, back end) for parse plus replay.",
	.cols = speed_cols,
	.nr_cols = ARRAY_SIZE(speed_cols),
};

static const struct result_table *const replay_result_tables[] = {
	&replay_summary_table, &replay_timeseries_table, &replay_caches_table,
	&replay_orders_table,  &replay_failures_table,	 &replay_speed_table,
};

/* ---- its section of kmembench report ---- */

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

static void replay_caveats(const struct csv_data *const *t, struct caveat_sink *sink)
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

	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		double n = csv_sum(t[0], counts[i].column);

		if (n > 0)
			sink->say(sink, "Replay: %.0f %s (summed over the back ends).", n,
				  counts[i].what);
	}
}

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

static const struct workload_report replay_report = {
	.title = "Trace replay",
	.what = "kmembench replay: a kernel allocation trace (tracefs kmem events) replayed call "
		"by call on each back end, its free memory sampled as it goes.",
	.files = { "replay_summary.csv", "replay_timeseries.csv" },
	.required = { "backend", "events", "errors", "seconds" },
	.plot_file = "replay_timeseries.csv",
	REPORT_METRICS(replay_metrics),
	.points = &replay_points,
	.caveats = replay_caveats,
};

const struct workload replay_workload = {
	.name = "replay",
	.help = "replay a kernel allocation trace (kmembench replay TRACE)",
	.tables = replay_result_tables,
	.nr_tables = ARRAY_SIZE(replay_result_tables),
	.report = &replay_report,
};
