// SPDX-License-Identifier: GPL-2.0
/*
 * Each workload of the registry as one benchmark, "workload/NAME": an iteration is one step of
 * `kmembench run --quick` on buddy, x86_64 (boot, the workload, the runner's checks, shutdown),
 * through the runner's own per-workload entry, its rows counted rather than written. It times
 * a workload whole, as a regression check of the runner and the workloads together; the
 * per-call figures are the other benchmarks' and the workloads' own CSV files.
 */
#include <stdio.h>
#include <stdlib.h>

#include <kmem/kmem.h>

#include "workloads/runner.h"
#include "workloads/workload.h"
#include "benches.h"
#include "gbench_shim.h"

#define BENCH_BACKEND "buddy"
#define BENCH_ARCH    "x86_64"

struct workload_bench {
	struct run_plan plan; /* one item, quick, quiet */
	char name[64];
};

/* The sink of a benchmark: rows counted, nothing kept */
struct row_counter {
	struct result_sink sink;
	unsigned long rows;
};

static struct timer_calibration bench_timer;

static int count_row(struct result_sink *sink, const struct result_table *t,
		     const struct result_value *vals)
{
	(void)t;
	(void)vals;
	((struct row_counter *)sink)->rows++;
	return 0;
}

static void run_workload_bench(gbench_state *s, void *arg)
{
	const struct workload_bench *b = arg;
	struct row_counter counter = { .sink.row = count_row };

	while (gbench_keep_running(s)) {
		if (runner_run_workload(&b->plan, 0, BENCH_ARCH, BENCH_BACKEND, b->plan.env.pcp,
					&counter.sink, &bench_timer)) {
			gbench_skip_with_error(s, "the workload failed (see stderr)");
			break;
		}
	}
	if (gbench_iterations(s))
		gbench_counter(s, "rows", (double)counter.rows / (double)gbench_iterations(s));
}

void workload_bench_register(void)
{
	/* registered benchmarks keep pointers into this array for the life of the program */
	struct workload_bench *benches = calloc(workload_count(), sizeof(*benches));

	if (!benches) {
		fprintf(stderr, "kmembench-gbench: out of memory\n");
		exit(1);
	}
	timer_calibrate(&bench_timer, true);
	for (unsigned int w = 0; w < workload_count(); w++) {
		struct workload_bench *b = &benches[w];

		if (runner_plan_init(&b->plan))
			exit(2);
		runner_plan_add(&b->plan, workload_get(w));
		b->plan.quick = true;
		b->plan.quiet = true;
		snprintf(b->name, sizeof(b->name), "workload/%s", workload_get(w)->name);
		gbench_register(b->name, run_workload_bench, b, NULL, NULL, 0);
	}
}
