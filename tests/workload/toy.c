// SPDX-License-Identifier: GPL-2.0
/*
 * toy: a throwaway workload that lives in the test tree, to prove that a workload is one file
 * and one list line. The suite builds kmembench-toy with it added to the list (CMake's
 * KMEM_EXTRA_WORKLOADS, nothing else changed) and tests/toy_workload_test.sh checks that it
 * shows up in `list`, runs, is in the generated schema and passes check-schema, has its section
 * and a figure (plots/generic.gp, since it has no script) in the report, and is compared by
 * `compare`. Everything those commands need is in the descriptor below.
 *
 * What it does: for each order up to `max_order`, allocate `blocks` blocks of that order, count
 * how many the model gave, free them all.
 */
#include <stdlib.h>

#include <linux/gfp.h>
#include <linux/mm.h>

#include "workloads/present.h"
#include "workloads/workload.h"

enum { P_BLOCKS, P_MAX_ORDER };

static const struct workload_param toy_params[] = {
	[P_BLOCKS] = { "blocks", 64, 8, 1, 4096, "blocks", "blocks allocated per order" },
	[P_MAX_ORDER] = { "max_order", 3, 2, 0, 10, "", "highest order tried" },
};

static const struct result_column toy_cols[] = {
	RESULT_COMMON_COLUMNS,
	{ "order", RESULT_INT, "", "order of the blocks" },
	{ "asked", RESULT_INT, "blocks", "blocks asked for" },
	{ "obtained", RESULT_INT, "blocks", "blocks the model gave" },
	{ "free_pages", RESULT_INT, "pages", "free pages while they were all held" },
};

static const struct table_compare toy_compare = {
	.keys = { "backend", "arch", "pcp", "order" },
	.metrics = { { .column = "obtained", .kind = COMPARE_DETERMINISTIC } },
};

static const struct result_table toy_table = {
	.file = "toy.csv",
	.cols = toy_cols,
	.nr_cols = sizeof(toy_cols) / sizeof(toy_cols[0]),
	.help = "`kmembench run --workload toy` (a test build only): one row per order.",
	.compare = &toy_compare,
};

static int toy_run(const struct workload_ctx *ctx, struct result_sink *sink)
{
	unsigned int blocks = (unsigned int)ctx->params[P_BLOCKS];
	struct page **held = calloc(blocks, sizeof(*held));
	int err = 0;

	if (!held)
		return -ENOMEM;
	for (unsigned int order = 0; order <= ctx->params[P_MAX_ORDER] && !err; order++) {
		struct result_value v[RESULT_NR_COMMON + 4];
		unsigned int n = workload_common_values(ctx, v), got = 0;

		for (unsigned int i = 0; i < blocks; i++) {
			held[i] = alloc_pages(GFP_KERNEL | __GFP_NOWARN, order);
			got += held[i] != NULL;
		}
		v[n++] = RV_INT(order);
		v[n++] = RV_INT(blocks);
		v[n++] = RV_INT(got);
		v[n++] = RV_INT(nr_free_pages());
		for (unsigned int i = 0; i < blocks; i++)
			if (held[i])
				__free_pages(held[i], order);
		err = result_row(sink, &toy_table, v, n) ?: workload_progress(ctx, 1.0, "order");
	}
	free(held);
	return err;
}

static const struct report_metric toy_metrics[] = {
	{ .label = "order-0 blocks obtained",
	  .unit = "blocks",
	  .column = "obtained",
	  .where = { { "order", "0" } },
	  .better = REPORT_HIGHER },
};

static const struct report_points toy_points = {
	.file = "toy-points.csv",
	.series = { "backend", "arch", "pcp" },
	.x = { "order" },
	.y = { "obtained" },
};

static const struct workload_report toy_report = {
	.title = "Toy",
	.what = "kmembench run --workload toy: blocks of each order allocated and freed (a "
		"throwaway workload of the test suite).",
	.files = { "toy.csv" },
	.required = { "backend", "order", "obtained" },
	REPORT_METRICS(toy_metrics),
	.points = &toy_points,
};

const struct workload toy_workload = {
	.name = "toy",
	.help = "a throwaway workload of the test suite: blocks per order",
	.params = toy_params,
	.nr_params = sizeof(toy_params) / sizeof(toy_params[0]),
	.tables = (const struct result_table *const[]){ &toy_table },
	.nr_tables = 1,
	.mem_bytes = 64ULL << 20,
	.run = toy_run,
	.report = &toy_report,
};
