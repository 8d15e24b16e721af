// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the CSV tables of a run directory back (csv.h): a streaming record reader, which
 * `kmembench check-schema` uses to hold every field to its type, and a whole-file loader with
 * lookup of columns by name, which `kmembench report` uses so that it never depends on where a
 * column sits. Both accept exactly what csv.c writes, RFC 4180, and CRLF or LF line ends.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

struct csv_reader {
	FILE *f;
	unsigned long line; /* lines read so far */
	char *buf;	    /* the current record's fields, each NUL-terminated */
	size_t len, cap;
	size_t *starts; /* where each field starts in buf */
	char **fields;	/* pointers into buf, built when the record is complete */
	int nr, max;
};

struct csv_reader *csv_reader_open(const char *path)
{
	struct csv_reader *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->f = fopen(path, "r");
	if (!r->f) {
		int err = errno;

		free(r);
		errno = err;
		return NULL;
	}
	return r;
}

void csv_reader_close(struct csv_reader *r)
{
	if (!r)
		return;
	fclose(r->f);
	free(r->buf);
	free(r->starts);
	free(r->fields);
	free(r);
}

unsigned long csv_reader_line(const struct csv_reader *r)
{
	return r->line;
}

static bool put_char(struct csv_reader *r, char ch)
{
	if (r->len == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 256;
		char *b = realloc(r->buf, cap);

		if (!b)
			return false;
		r->buf = b;
		r->cap = cap;
	}
	r->buf[r->len++] = ch;
	return true;
}

/* Ends the current field: NUL-terminates it and records where it starts */
static bool end_field(struct csv_reader *r, size_t start)
{
	if (r->nr == r->max) {
		int max = r->max ? r->max * 2 : 64;
		size_t *s = realloc(r->starts, (size_t)max * sizeof(*s));

		if (!s)
			return false;
		r->starts = s;
		r->max = max;
	}
	r->starts[r->nr++] = start;
	return put_char(r, '\0');
}

/*
 * Fields are separated by commas; a quoted field may hold commas, doubled quotes and line
 * breaks; the record ends at CRLF or LF outside quotes. A quote inside an unquoted field, text
 * after a closing quote, a lone CR and a file ending inside quotes are malformed.
 */
int csv_reader_next(struct csv_reader *r, char ***fields)
{
	bool quoted = false, was_quoted = false;
	size_t start = 0;
	int ch = getc(r->f);
	char **f;

	r->len = 0;
	r->nr = 0;
	if (ch == EOF)
		return 0;
	for (;; ch = getc(r->f)) {
		if (quoted) {
			if (ch == EOF)
				return -1;
			if (ch == '"') {
				int next = getc(r->f);

				if (next != '"') {
					quoted = false;
					ungetc(next, r->f);
					continue;
				}
			}
			r->line += ch == '\n';
			if (!put_char(r, (char)ch))
				return -1;
			continue;
		}
		if (ch == '"') {
			if (r->len != start || was_quoted)
				return -1;
			quoted = was_quoted = true;
			continue;
		}
		if (ch == '\r' && getc(r->f) != '\n')
			return -1;
		if (ch == ',' || ch == '\r' || ch == '\n' || ch == EOF) {
			if (!end_field(r, start))
				return -1;
			start = r->len;
			was_quoted = false;
			if (ch != ',')
				break;
			continue;
		}
		if (was_quoted || !put_char(r, (char)ch))
			return -1;
	}
	r->line++;
	f = realloc(r->fields, (size_t)r->nr * sizeof(*f));
	if (!f)
		return -1;
	r->fields = f;
	for (int i = 0; i < r->nr; i++)
		f[i] = r->buf + r->starts[i];
	*fields = f;
	return r->nr;
}

/* ---- whole files ---- */

/*
 * One record as one allocation: the pointer array, then the text its pointers point into, so a
 * row is freed with one free() and a table of thousands of rows costs thousands of allocations,
 * not one per field.
 */
static char **copy_record(char **fields, int n)
{
	size_t text = 0;
	char **row, *p;

	for (int i = 0; i < n; i++)
		text += strlen(fields[i]) + 1;
	row = malloc((size_t)n * sizeof(*row) + text);
	if (!row)
		return NULL;
	p = (char *)(row + n);
	for (int i = 0; i < n; i++) {
		size_t len = strlen(fields[i]) + 1;

		row[i] = memcpy(p, fields[i], len);
		p += len;
	}
	return row;
}

static int add_row(struct csv_data *d, char **fields, int n)
{
	if (d->nr_rows == d->cap_rows) {
		unsigned long cap = d->cap_rows ? d->cap_rows * 2 : 64;
		char ***rows = realloc(d->rows, cap * sizeof(*rows));
		int *widths = realloc(d->widths, cap * sizeof(*widths));

		if (rows)
			d->rows = rows;
		if (widths)
			d->widths = widths;
		if (!rows || !widths)
			return -ENOMEM;
		d->cap_rows = cap;
	}
	d->rows[d->nr_rows] = copy_record(fields, n);
	if (!d->rows[d->nr_rows])
		return -ENOMEM;
	d->widths[d->nr_rows++] = n;
	return 0;
}

int csv_load(const char *path, struct csv_data **out, unsigned long *bad_line)
{
	struct csv_reader *r = csv_reader_open(path);
	struct csv_data *d;
	char **fields;
	unsigned long start = 1;
	int n, err = 0;

	*out = NULL;
	*bad_line = 0;
	if (!r)
		return -errno;
	d = calloc(1, sizeof(*d));
	if (!d) {
		csv_reader_close(r);
		return -ENOMEM;
	}
	n = csv_reader_next(r, &fields);
	if (n > 0) {
		d->header = copy_record(fields, n);
		d->nr_cols = n;
		err = d->header ? 0 : -ENOMEM;
	}
	while (!err && n > 0) {
		start = csv_reader_line(r) + 1;
		n = csv_reader_next(r, &fields);
		if (n > 0)
			err = add_row(d, fields, n);
	}
	if (!err && n < 0) {
		*bad_line = start; /* where the record began: a quote left open runs to the end */
		err = -EINVAL;
	} else if (!err && !d->header) {
		*bad_line = 1;
		err = -ENODATA;
	}
	csv_reader_close(r);
	if (err) {
		csv_free(d);
		return err;
	}
	*out = d;
	return 0;
}

void csv_free(struct csv_data *d)
{
	if (!d)
		return;
	for (unsigned long i = 0; i < d->nr_rows; i++)
		free(d->rows[i]);
	free(d->rows);
	free(d->widths);
	free(d->header);
	free(d);
}

int csv_column(const struct csv_data *d, const char *name)
{
	for (int i = 0; i < d->nr_cols; i++)
		if (!strcmp(d->header[i], name))
			return i;
	return -1;
}

const char *csv_get(const struct csv_data *d, unsigned long row, int col)
{
	if (col < 0 || row >= d->nr_rows || col >= d->widths[row])
		return "";
	return d->rows[row][col];
}
