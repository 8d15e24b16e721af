/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Workloads: what `kmembench run` runs. A workload is one const descriptor (name, one line of
 * help, a parameter table, the CSV tables it writes, a run function), declared in its own file
 * next to its code, as stress-ng declares its stressors. One list, WORKLOADS() below, generates
 * the extern declarations here and the table in registry.c, so nothing is kept twice.
 *
 * The runner (workloads/runner.c) boots the model once per (arch, back end, workload[, per-CPU
 * lists]) combination, enters CPU 0, and calls the run function with a context that says what
 * was booted and with which parameters. A run function writes rows to the result sink; it does
 * not open files, print results or boot the model itself.
 */
#ifndef _KMEM_WORKLOADS_WORKLOAD_H
#define _KMEM_WORKLOADS_WORKLOAD_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <kmem/kmem.h>

#include "results/schema.h" /* enum result_type, struct result_column */
#include "workloads/measure/timer.h"

/*
 * A parameter: an unsigned integer with a default for a normal run and one for --quick (the
 * smoke-test size: every workload, back end and arch together in under 30 s). Overridden with
 * `--param WORKLOAD.NAME=VALUE`, which must lie in [min, max].
 */
struct workload_param {
	const char *name;
	uint64_t def;
	uint64_t quick;
	uint64_t min, max;
	const char *unit; /* "ops", "%", "rounds", ... */
	const char *help;
};

#define WORKLOAD_MAX_PARAMS 12

/* How `kmembench compare` matches and compares a table's rows (workloads/present.h) */
struct table_compare;

/* One CSV file of a run directory; rows of every combination go into the same file */
struct result_table {
	const char *file; /* "latency.csv" */
	const struct result_column *cols;
	unsigned int nr_cols;
	/* what a row is, for results/SCHEMA.md: one paragraph of plain text */
	const char *help;
	/* NULL: `kmembench compare` leaves the table out */
	const struct table_compare *compare;
};

/* One cell; which member is meant follows from the column's type */
struct result_value {
	union {
		const char *s;
		long long i;
		double f;
	};
};

#define RV_STR(v)   ((struct result_value){ .s = (v) })
#define RV_INT(v)   ((struct result_value){ .i = (long long)(v) })
#define RV_FLOAT(v) ((struct result_value){ .f = (double)(v) })

/*
 * Where rows go. @row writes one row of @t (t->nr_cols values, in column order) and returns 0
 * or -errno; a failed write ends the workload with that error. Workloads call it through
 * result_row(), which checks the count.
 */
struct result_sink {
	int (*row)(struct result_sink *sink, const struct result_table *t,
		   const struct result_value *vals);
};

/**
 * result_row - write one row of @t to @sink
 * @sink: where rows go
 * @t: the table
 * @vals: the values, in column order
 * @nr: how many; anything but t->nr_cols is refused in every build, since a short row would
 *      read past the values given and a long one means a column the table lacks
 *
 * Return: 0, -EINVAL when @nr is not t->nr_cols (after one line naming the table and both
 * counts), or the sink's -errno.
 */
static inline int result_row(struct result_sink *sink, const struct result_table *t,
			     const struct result_value *vals, unsigned int nr)
{
	if (nr != t->nr_cols) {
		fprintf(stderr, "kmembench: %s: a row of %u values, the table has %u columns\n",
			t->file, nr, t->nr_cols);
		return -EINVAL;
	}
	return sink->row(sink, t, vals);
}

struct workload_ctx;
/* How `kmembench report` shows a workload: its section of the page (workloads/present.h) */
struct workload_report;

struct workload {
	const char *name;
	const char *help; /* one line */
	const struct workload_param *params;
	unsigned int nr_params;
	const struct result_table *const *tables;
	unsigned int nr_tables;
	/* RAM to boot with when --mem is not given (the model is booted per combination) */
	unsigned long long mem_bytes;
	/* run once with per-CPU lists and once without, rather than as the environment says */
	bool pcp_variants;
	/*
	 * NUMA nodes the workload needs: the runner boots at least this many (more when --nodes or
	 * KMEM_NODES asks), simulated when the host has fewer; 0 or 1 = no minimum
	 */
	unsigned int min_nodes;
	/* Return: 0, -errno after one line on stderr; 1 when the model failed a check */
	int (*run)(const struct workload_ctx *ctx, struct result_sink *sink);
	/*
	 * Optional: checks that the parameters (in the order of @params) make sense together,
	 * beyond each one's [min, max]. The runner calls it once, before it boots anything, so a
	 * bad combination is one usage error rather than one failure per combination.
	 * Return: NULL, or why not (one line, without the workload's name).
	 */
	const char *(*check)(const uint64_t *params, char *buf, size_t size);
	/* its section of `kmembench report`; NULL: the report leaves it out */
	const struct workload_report *report;
};

/* What a run function is given: the booted model, the parameters, and a progress callback */
struct workload_ctx {
	const struct workload *wl;
	const struct kmem_info *info; /* of the booted model: back end, arch, nodes, pcp */
	const struct timer_calibration *timer;
	uint64_t params[WORKLOAD_MAX_PARAMS]; /* in the order of wl->params */
	uint64_t seed;
	bool quick;
	/* --threads: thread counts for workloads that use several threads, ascending */
	const unsigned int *threads;
	unsigned int nr_threads;
	/*
	 * Tells the runner how far this combination is (0.0 to 1.0) and what it is doing now,
	 * e.g. "order 3"; the runner decides whether and how to show it. Returns true when the
	 * runner asks the workload to stop (a signal came): call it through workload_progress().
	 */
	bool (*progress)(const struct workload_ctx *ctx, double done, const char *what);
	void *runner; /* the runner's own state, for @progress */
};

/*
 * workload_progress - report progress between two parts of a workload's work
 * Return: 0, or -EINTR when the runner asks it to stop: the workload then frees what it holds
 * and returns -EINTR at once, its rows so far being whole (the runner keeps them).
 */
static inline int workload_progress(const struct workload_ctx *ctx, double done, const char *what)
{
	return ctx->progress(ctx, done, what) ? -EINTR : 0;
}

/*
 * The one list of workloads, in the order `kmembench list` shows and `--workload all` runs
 * them. Adding a workload = its file with `const struct workload NAME_workload` + one line here
 * (and the file in CMakeLists.txt).
 */
#define WORKLOADS(X) \
	X(latency)   \
	X(frag)      \
	X(tlb)       \
	X(numa)      \
	X(contention)

#define WORKLOAD_EXTERN(n) extern const struct workload n##_workload;
WORKLOADS(WORKLOAD_EXTERN)
#undef WORKLOAD_EXTERN

/*
 * The descriptor of a command other than `run` whose tables go into run directories: the trace
 * replay (workloads/trace/replay_tables.c). It has no run function and is not in WORKLOADS(),
 * since `run` cannot run it, but its tables are described, checked, reported and compared as a
 * workload's are.
 */
extern const struct workload replay_workload;
/* validate.csv of `kmembench validate BUNDLE` (workloads/trace/validate.c) */
extern const struct workload validate_workload;

/* The registry (registry.c) */
/*
 * Every descriptor whose tables a run directory may hold: the workloads in WORKLOADS() order,
 * then replay_workload. The schema, the report and compare iterate these.
 */
unsigned int result_source_count(void);
const struct workload *result_source_get(unsigned int i);
unsigned int workload_count(void);
const struct workload *workload_get(unsigned int i);
struct csv_table;
/* csv_open() of @t in @dir with its columns' names as the header; NULL after a message */
struct csv_table *result_table_open(const char *dir, const struct result_table *t);
/* The tables of every result source as results/schema.h describes them, and their intro */
unsigned int result_schema_tables(struct schema_table *tables, unsigned int max);
void result_schema_intro(char *buf, size_t size);
/* Index of @name in @wl's parameter table, or -1 */
int workload_param_index(const struct workload *wl, const char *name);

/*
 * The columns every row starts with, and their values: which back end, arch profile, NUMA
 * nodes and per-CPU list setting it was measured on, with which seed, and whether --quick.
 */
#define RESULT_COMMON_COLUMNS                                                      \
	{ "backend", RESULT_STR, "", "page back end (kmembench list)" },           \
		{ "arch", RESULT_STR, "", "arch profile: x86_64 or x86_32" },      \
		{ "nodes", RESULT_INT, "", "NUMA nodes of the model" },            \
		{ "numa_simulated", RESULT_INT, "",                                \
		  "1 when the nodes are simulated, 0 when real" },                 \
		{ "pcp", RESULT_INT, "", "1 with per-CPU page lists, 0 without" }, \
		{ "seed", RESULT_INT, "", "seed of the run (--seed)" },            \
	{                                                                          \
		"quick", RESULT_INT, "", "1 for a --quick run (smaller sizes)"     \
	}
#define RESULT_NR_COMMON 7

/* Fills the RESULT_NR_COMMON common values into @vals; returns RESULT_NR_COMMON */
unsigned int workload_common_values(const struct workload_ctx *ctx, struct result_value *vals);

/* splitmix64: small, fast, and every seed (0 included) gives a good stream */
static inline uint64_t workload_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A uniform double in (0, 1]: never 0, so it can be raised to a negative power */
static inline double workload_random_unit(uint64_t *state)
{
	return (double)((workload_random(state) >> 11) + 1) * (1.0 / 9007199254740992.0);
}

#endif
