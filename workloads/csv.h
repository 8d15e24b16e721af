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

/*
 * Reading tables back. A reader returns one record at a time; csv_load() reads a whole file into
 * memory, where columns are found by name (csv_column()), so that readers keep working when
 * columns are added or move.
 */
struct csv_reader;

/* Opens @path for csv_reader_next(); NULL with errno set when it cannot be read */
struct csv_reader *csv_reader_open(const char *path);
/**
 * csv_reader_next - read the next record
 * @r: the reader
 * @fields: receives the record's fields, NUL-terminated, valid until the next call
 *
 * Return: the number of fields, 0 at the end of the file, -1 for a malformed record (or no
 * memory).
 */
int csv_reader_next(struct csv_reader *r, char ***fields);
/* Lines read so far: the last line of the record just returned */
unsigned long csv_reader_line(const struct csv_reader *r);
void csv_reader_close(struct csv_reader *r);

/* A whole table: the header and the records under it, as text */
struct csv_data {
	int nr_cols;		/* fields of the header */
	char **header;		/* [nr_cols] column names */
	unsigned long nr_rows;	/* records under the header */
	char ***rows;		/* [nr_rows][widths[i]] fields */
	int *widths;		/* [nr_rows] fields of each: != nr_cols in a damaged file */
	unsigned long cap_rows; /* rows and widths allocated */
};

/**
 * csv_load - read the table in @path
 * @path: the CSV file
 * @out: receives the table, for csv_free()
 * @bad_line: receives the line of a malformed record, 0 when there is none
 *
 * Return: 0; -ENOENT (and other -errno) when the file cannot be read, -ENODATA when it has no
 * header, -EINVAL for a malformed record, -ENOMEM.
 */
int csv_load(const char *path, struct csv_data **out, unsigned long *bad_line);
void csv_free(struct csv_data *d);
/* The index of the column named @name, or -1 */
int csv_column(const struct csv_data *d, const char *name);
/* Field @col of record @row; "" when @col is -1 or the record is shorter */
const char *csv_get(const struct csv_data *d, unsigned long row, int col);

/**
 * make_dirs - create the directory @path and its missing parents, as mkdir -p does
 * @path: the directory
 *
 * Return: 0 (also when it exists), or -errno.
 */
int make_dirs(const char *path);

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
 * @seed: the run's seed (0 when the run has none)
 * @argc, @argv: the command line, as main() got it
 *
 * Return: 0, or -errno after a message on stderr.
 */
int run_meta_write(const char *dir, const struct kmem_info *info, uint64_t seed, int argc,
		   char **argv);

#endif
