/* SPDX-License-Identifier: GPL-2.0 */
/*
 * meta.csv: key,value rows beside a run's tables saying what machine, model, build and command
 * produced them. The host is probed here (uname, /proc/cpuinfo, sysconf, git); what only a
 * layer above can measure (the model booted, the timer calibrated, whether hardware counters
 * open) is handed in by the caller, so that this layer boots nothing and opens no counter.
 */
#ifndef _KMEM_RESULTS_META_H
#define _KMEM_RESULTS_META_H

#include <stdint.h>

#include <kmem/kmem.h>

#include "csv.h"

/* What meta.csv says of the clock behind per-call figures (the measuring layer fills it in) */
struct meta_timer {
	const char *source; /* "rdtscp" or "clock_gettime" */
	double overhead_ns, ticks_per_ns, resolution_ns;
};

/**
 * run_meta_open - start @dir/meta.csv: key,value rows describing the host (name, kernel, CPU
 * model and MHz, cores, memory), the model (NUMA real or simulated, direct-map page kind and
 * size, from @info), hardware counters, the build (compiler, flags, hwloc, git commit), the seed
 * and the command line
 * @dir: the run directory
 * @info: a booted model's kmem_get_info()
 * @timer: the calibrated timer the run's figures come from, or NULL when it times nothing per
 *         call (its source and cost per timing are written, or "none")
 * @perf_counters: whether the CPU cycle counter opens here, as SCHEMA.md words it:
 *                 "available" or "not supported (ERRNO)" (perf_counters_probe())
 * @seed: the run's seed (0 when the run has none)
 * @argc: the number of words of @argv
 * @argv: the command line, as main() got it
 *
 * The file replaces an existing meta.csv at run_meta_close(), with the tables of the run, so
 * that it never describes results it did not produce.
 *
 * Return: the open table, or NULL after a message on stderr.
 */
struct csv_table *run_meta_open(const char *dir, const struct kmem_info *info,
				const struct meta_timer *timer, const char *perf_counters,
				uint64_t seed, int argc, char **argv)
	__attribute__((nonnull(1, 2, 4)));

/**
 * run_meta_open_append - add one key to an existing @dir/meta.csv: a second command whose
 * results join the run directory (a replay into a `kmembench run` directory) records its command
 * line there, and the first command's description of the run stays as it was
 * @dir: the run directory
 * @key: "replay_command_line"
 * @argc: the number of words of @argv
 * @argv: the command line
 *
 * Return: the open table (the old rows, then the new one), or NULL after a message on stderr.
 */
struct csv_table *run_meta_open_append(const char *dir, const char *key, int argc, char **argv);

/**
 * run_meta_close - finish meta.csv and rename it into place
 * @t: from run_meta_open() or run_meta_open_append(); NULL is a no-op
 * @sig: the signal that interrupted the command (run_interrupted()), or 0: when set, a last row
 *       "interrupted,SIGINT" says the tables hold only what was complete when it came
 *
 * Return: csv_close()'s.
 */
int run_meta_close(struct csv_table *t, int sig);

#endif
