/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Google Benchmark from C: a small C API over benchmark::State and RegisterBenchmark, so that
 * benchmarks are written in C beside the code they measure. The binary keeps every Google
 * Benchmark flag (--benchmark_filter, --benchmark_format=json, --benchmark_min_time, ...).
 *
 * A benchmark function has the shape of the C++ idiom `for (auto _ : state)`:
 *
 *	static void bench_x(gbench_state *s, void *arg)
 *	{
 *		setup();			// not timed
 *		while (gbench_keep_running(s))
 *			operation();		// timed
 *		gbench_set_items_processed(s, gbench_iterations(s));
 *		teardown();			// not timed
 *	}
 */
#ifndef _KMEM_GBENCH_SHIM_H
#define _KMEM_GBENCH_SHIM_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A running benchmark: benchmark::State behind an opaque type */
typedef struct gbench_state gbench_state;

typedef void (*gbench_fn)(gbench_state *s, void *arg);

/* True while another iteration is to run; the timer runs from the first call to the last */
bool gbench_keep_running(gbench_state *s);
/* Iterations run so far (all of them, once gbench_keep_running() has returned false) */
int64_t gbench_iterations(gbench_state *s);
/* The @i-th argument of this instance (see gbench_register()) */
int64_t gbench_range(gbench_state *s, int i);

void gbench_set_label(gbench_state *s, const char *label);
/* Reported as items_per_second */
void gbench_set_items_processed(gbench_state *s, int64_t items);
/* A user counter, reported beside the timings (and as a field of the JSON output) */
void gbench_counter(gbench_state *s, const char *name, double value);
/*
 * Marks the run as failed with @msg. Before the loop, gbench_keep_running() then returns false
 * at once; inside it, the caller must leave the loop itself (break).
 */
void gbench_skip_with_error(gbench_state *s, const char *msg);

/**
 * gbench_register - register a benchmark
 * @name: its name (copied)
 * @fn: the benchmark function, called with @arg
 * @arg: passed to @fn; must outlive gbench_main()
 * @arg_name: name of the argument in instance names ("order" gives "NAME/order:3"), or NULL
 * @args: one instance per value, read with gbench_range(s, 0); NULL for a single instance
 * @nargs: number of values in @args
 */
void gbench_register(const char *name, gbench_fn fn, void *arg, const char *arg_name,
		     const int64_t *args, int nargs);

/**
 * gbench_main - parse Google Benchmark's flags, run the benchmarks they select
 * @argc, @argv: main()'s; recognized flags are removed from them
 *
 * Return: the exit status: 0, or 2 (after a message) when an argument is not recognized.
 */
int gbench_main(int *argc, char **argv);

#ifdef __cplusplus
}
#endif

#endif
