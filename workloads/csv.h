/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Results on disk: CSV tables (RFC 4180: comma-separated, CRLF line ends, a field quoted when it
 * holds a comma, a quote, CR or LF, quotes doubled inside) in a run directory results/RUN-ID/,
 * beside a meta.csv that says what machine, build and command produced them. Every table is
 * documented, column by column, in results/SCHEMA.md, and `kmembench check-schema` holds the
 * files to it.
 *
 * A table is written a row at a time: csv_str()/csv_u64()/csv_i64()/csv_f64() append fields,
 * csv_end_row() checks that the row has as many fields as the header and ends it. A mistake
 * (a short row, a failed write) is remembered and reported by csv_close(), so callers write
 * rows without checking each call.
 */
#ifndef _KMEM_WORKLOADS_CSV_H
#define _KMEM_WORKLOADS_CSV_H

#include <stdint.h>
#include <stdio.h>

#include <kmem/kmem.h>

#include "timer.h"

struct csv_table;

/**
 * csv_open - create @dir/@file and write its header
 * @dir: the run directory
 * @file: the table's file name, "replay_summary.csv"
 * @columns: the column names, in order, as SCHEMA.md documents them
 * @nr_columns: how many
 *
 * Return: the table, or NULL after a message on stderr.
 */
struct csv_table *csv_open(const char *dir, const char *file, const char *const *columns,
			   int nr_columns);
void csv_str(struct csv_table *t, const char *s);
void csv_u64(struct csv_table *t, uint64_t v);
void csv_i64(struct csv_table *t, int64_t v);
/* "%.*g" with @digits significant digits (0: 10) */
void csv_f64(struct csv_table *t, double v, int digits);
/* "%.*f": a value with a fixed number of decimals, such as an index in thousandths */
void csv_fixed(struct csv_table *t, double v, int decimals);
void csv_end_row(struct csv_table *t);
/**
 * csv_close - flush and close @t (NULL is a no-op)
 * Return: 0, or -EIO after a message when a row was malformed or a write failed.
 */
int csv_close(struct csv_table *t);

/* The path of a table's file, for messages */
const char *csv_path(const struct csv_table *t);

/**
 * run_dir_create - make the directory a run writes into
 * @out: the directory to use (created, parents included, if missing), or NULL for a new
 *       results/YYYYmmdd-HHMMSS-XXXX under the working directory
 * @path: receives the directory's path
 * @size: size of @path
 *
 * Return: 0, or -errno after a message on stderr.
 */
int run_dir_create(const char *out, char *path, size_t size);

/**
 * run_meta_write - write @dir/meta.csv: key,value rows describing the host (name, kernel, CPU
 * model and MHz, cores, memory), the model (NUMA real or simulated, direct-map page kind and
 * size, from @info), hardware counters, the build (compiler, flags, hwloc, git commit), the seed
 * and the command line
 * @dir: the run directory
 * @info: a booted model's kmem_get_info(), or NULL to boot the environment's configuration for
 *        a moment and ask it
 * @timer: the calibrated timer the run's figures come from, or NULL when it times nothing per
 *         call (its source and cost per timing are written, or "none")
 * @seed: the run's seed (0 when the run has none)
 * @argc, @argv: the command line, as main() got it
 *
 * Return: 0, or -errno after a message on stderr.
 */
int run_meta_write(const char *dir, const struct kmem_info *info,
		   const struct timer_calibration *timer, uint64_t seed, int argc, char **argv);

/**
 * run_meta_append - add one key to an existing @dir/meta.csv: a second command whose results
 * join the run directory (a replay into a `kmembench run` directory) records its command line
 * there, and the first command's description of the run stays as it was
 * @dir: the run directory
 * @key: "replay_command_line"
 * @argc, @argv: the command line
 *
 * Return: 0, or -errno after a message on stderr.
 */
int run_meta_append(const char *dir, const char *key, int argc, char **argv);

#endif
