/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CSV tables (RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds a comma, a
 * quote, CR or LF, quotes doubled inside), written (csv.c) and read (csv_read.c). The tables of
 * a run lie in a run directory (rundir.h) beside its meta.csv (meta.h); every one is documented,
 * column by column, in results/SCHEMA.md, and `kmembench check-schema` holds the files to it.
 *
 * A table is written a row at a time: csv_str()/csv_u64()/csv_i64()/csv_f64() append fields,
 * csv_end_row() checks that the row has as many fields as the header and writes it whole. A
 * mistake (a short row, a failed write) is remembered and reported by csv_close(), so callers
 * write rows without checking each call.
 *
 * Nothing a command writes replaces a file of the run directory before it is complete: a table
 * goes to a temporary file beside its name and csv_close() renames it into place, so a run
 * directory holds its old files or the new ones, whole, whatever stops the command.
 */
#ifndef _KMEM_RESULTS_CSV_H
#define _KMEM_RESULTS_CSV_H

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct csv_table;

/**
 * csv_open - start @dir/@file and write its header: into a temporary file in @dir that
 * csv_close() renames to @file, which stays as it was until then
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
 * csv_close - close @t and rename it into place (NULL is a no-op)
 * @t: the table
 *
 * A table whose write failed is removed instead, leaving the file of its name as it was.
 *
 * Return: 0, or -EIO after a message when a row was malformed or a write failed.
 */
int csv_close(struct csv_table *t);
/* csv_discard - close @t and remove what was written, leaving its file as it was (NULL: no-op) */
void csv_discard(struct csv_table *t);
/**
 * csv_open_append - continue @dir/@file: its rows as they are, then the rows written to the
 * table, all into a temporary file that csv_close() renames to @file
 * @dir: the run directory
 * @file: the table's file name
 * @nr_columns: how many fields each new row has (the header's count)
 *
 * Return: the table, or NULL after a message on stderr (also when @file cannot be read).
 */
struct csv_table *csv_open_append(const char *dir, const char *file, int nr_columns);

/*
 * Reading (csv_read.c): a file a record at a time with struct csv_reader (the schema checker),
 * or a whole table into memory with csv_load() (kmembench compare).
 *
 * A record is parsed as RFC 4180 says and a little more leniently: fields separated by commas, a
 * quoted field may hold commas, doubled quotes and line breaks, and a record ends at CRLF or at
 * a bare LF outside quotes. A last record without its line end is taken as cut short, not as
 * data.
 */
struct csv_reader {
	FILE *f;
	unsigned long line; /* lines read so far: after a record, the number of its last line */
	char **fields;	    /* after csv_read_record() returned n > 0: its n fields */
	/* private: the record's text (fields NUL-terminated) and where each field starts */
	char *buf;
	size_t len, cap;
	size_t *starts;
	int nr, max;
};

/*
 * The error of csv_reader_open() for a path that is not a regular file: a FIFO named *.csv
 * would block its reader forever, a device could feed it without end. No open(2) gives it.
 */
#define CSV_ENOTREG EMEDIUMTYPE

/*
 * csv_reader_open - open @path, a regular file, for reading into @r.
 * Return: 0 or -errno (no message), -CSV_ENOTREG for anything but a regular file
 */
int csv_reader_open(struct csv_reader *r, const char *path);
/* csv_strerror - what csv_reader_open()'s -errno @err means, for a message */
const char *csv_strerror(int err);
/**
 * csv_read_record - read the next record of @r
 * @r: an open reader
 *
 * Return: the number of fields, with r->fields pointing at them until the next call; 0 at the
 * end of the file; CSV_CUT when the file ends inside a record (no line end after it: the writer
 * was stopped, and its last field may be short); -1 for a malformed record (or no memory for it).
 */
int csv_read_record(struct csv_reader *r);
#define CSV_CUT (-2)
/* csv_reader_close - close @r's file and free what it holds (also after a failed open) */
void csv_reader_close(struct csv_reader *r);

/* One record of a loaded table: its fields, and the line it starts on, for messages */
struct csv_row {
	unsigned long line;
	char *fields[];
};

/* A whole table: the header's columns, and every row with as many fields */
struct csv_data {
	char *path;
	/* after csv_load() failed: why, as "FILE:LINE: what" (for the caller to print or show) */
	char error[PATH_MAX + 96];
	/* after csv_load() succeeded: "" or "FILE:LINE: warning: ..." for a last row it dropped */
	char warning[PATH_MAX + 96];
	struct csv_row *header;
	int nr_cols;
	struct csv_row **rows;
	unsigned long nr_rows;
};

/**
 * csv_load - read the whole CSV file @path into @d
 * @path: the file
 * @d: receives the table; free it with csv_data_free()
 *
 * A last row cut short (csv_read_record()'s CSV_CUT, from a writer that was stopped) is dropped
 * and the rows before it kept: d->warning then says so, and so does a line on stderr.
 *
 * Return: 0; -ENOENT when @path does not exist; otherwise -errno, with d->error naming the file
 * (and the line, for a malformed record or a row whose number of fields differs from the
 * header's). Errors are not printed: the caller says them where they belong (stderr, a report
 * page).
 */
int csv_load(const char *path, struct csv_data *d);
/* csv_column - index of the column of @d named @name, or -1 */
int csv_column(const struct csv_data *d, const char *name);
/* csv_get - field @col of row @row of @d; "" when @col is -1 (a column the table lacks) */
static inline const char *csv_get(const struct csv_data *d, unsigned long row, int col)
{
	return col < 0 ? "" : d->rows[row]->fields[col];
}
/*
 * csv_number - the one parser of a field that holds a number: the whole of @s as strtod() reads
 * it, and finite. False for "", text after the number, inf or nan; @v is then undefined.
 */
bool csv_number(const char *s, double *v);
/* csv_data_free - free what csv_load() put into @d (also after it failed) */
void csv_data_free(struct csv_data *d);
/**
 * csv_count - how many rows of @d have @column equal to @value
 * @d: the table
 * @column: the column's name (none: 0 rows)
 * @value: the field
 *
 * Return: the count.
 */
unsigned long csv_count(const struct csv_data *d, const char *column, const char *value);
/**
 * csv_count_negative - how many rows of @d have a negative number in @column
 * @d: the table
 * @column: the column's name (none: 0 rows)
 *
 * Return: the count; -1 means "not measured" in several tables.
 */
unsigned long csv_count_negative(const struct csv_data *d, const char *column);
/**
 * csv_sum - the sum of @column over the rows of @d whose field is a number (csv_number())
 * @d: the table
 * @column: the column's name (none: 0)
 *
 * Return: the sum.
 */
double csv_sum(const struct csv_data *d, const char *column);
/**
 * csv_distinct - the distinct non-empty values of a column, joined by ", "
 * @d: the table
 * @column: the column's name
 * @where_col: only rows whose @where_col is @where_val; NULL: every row
 * @where_val: see @where_col
 * @buf: receives the list, "" when there is none
 * @size: size of @buf
 *
 * Return: @buf.
 */
const char *csv_distinct(const struct csv_data *d, const char *column, const char *where_col,
			 const char *where_val, char *buf, size_t size);

#endif
