// SPDX-License-Identifier: GPL-2.0
/*
 * The trace replay as a source of result tables (`kmembench replay`, trace_replay.h): the
 * descriptor that the schema, the report and `kmembench compare` read for the replay's tables,
 * as they read a workload's. The replay itself is run by its command, not by the runner.
 */
#include <stddef.h>

#include "workloads/present.h"
#include "workloads/workload.h"

/* the time is one run's; the events replayed are the trace's, the same on every run */
static const struct table_compare replay_summary_compare = {
	.keys = { "backend", "arch", "trace", "per_cpu" },
	.metrics = { { .column = "seconds", .kind = COMPARE_RATIO },
		     { .column = "events", .kind = COMPARE_DETERMINISTIC } },
};

/*
 * replay_summary.csv as far as `kmembench compare` needs it, until the replay's tables are all
 * described here with their columns: then the summary's gets .compare and this one goes.
 */
static const struct result_table replay_summary_table = {
	.file = "replay_summary.csv",
	.compare = &replay_summary_compare,
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
	.tables = (const struct result_table *const[]){ &replay_summary_table },
	.nr_tables = 1,
	.report = &replay_report,
};
