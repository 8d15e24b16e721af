// SPDX-License-Identifier: GPL-2.0
/*
 * Reading CSV tables back (csv.h): the record parser shared by `kmembench check-schema`, which
 * streams a file, and `kmembench compare` and `report`, which load whole tables and look columns
 * up by name; and the counts and lists of a column that the report's caveats say.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv.h"

int csv_reader_open(struct csv_reader *r, const char *path)
{
	/* O_NONBLOCK: opening a FIFO with no writer would wait for one */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), err;
	struct stat st;

	memset(r, 0, sizeof(*r));
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st))
		err = -errno;
	else if (!S_ISREG(st.st_mode))
		err = -CSV_ENOTREG;
	else if (fcntl(fd, F_SETFL, 0))
		err = -errno;
	else if (!(r->f = fdopen(fd, "r")))
		err = -errno;
	else
		return 0;
	close(fd);
	return err;
}

const char *csv_strerror(int err)
{
	return err == -CSV_ENOTREG ? "not a regular file" : strerror(-err);
}

void csv_reader_close(struct csv_reader *r)
{
	free(r->buf);
	free(r->starts);
	free(r->fields);
	if (r->f)
		fclose(r->f);
	memset(r, 0, sizeof(*r));
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

/* Ends the current field: NUL-terminates it and records where the next one starts */
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
 * A small state machine over the characters: outside quotes a comma ends a field and CR LF or LF
 * ends the record (the end of the file does not: a record without its line end was cut short,
 * by a full disk or a killed writer, and its last field may have lost characters); a quote may only
 * open a field, and inside one a doubled quote stands for a quote and anything else, line breaks
 * included, is text. Fields are collected into one buffer, NUL-terminated, and their start offsets
 * kept apart, because the buffer moves as it grows; the pointers are made only once the record is
 * complete.
 */
int csv_read_record(struct csv_reader *r)
{
	bool quoted = false, was_quoted = false;
	size_t start = 0;
	int ch = getc(r->f);
	char **fields;

	r->len = 0;
	r->nr = 0;
	if (ch == EOF)
		return 0;
	for (;; ch = getc(r->f)) {
		if (quoted) {
			if (ch == EOF)
				return CSV_CUT;
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
				return -1; /* a quote inside an unquoted field */
			quoted = was_quoted = true;
			continue;
		}
		if (ch == '\r') {
			int next = getc(r->f);

			if (next != '\n')
				return next == EOF ? CSV_CUT : -1;
		}
		if (ch == EOF)
			return CSV_CUT; /* every record of ours ends with a line end */
		if (ch == ',' || ch == '\r' || ch == '\n') {
			if (!end_field(r, start))
				return -1;
			start = r->len;
			was_quoted = false;
			if (ch != ',')
				break;
			continue;
		}
		if (was_quoted || !put_char(r, (char)ch))
			return -1; /* text after a closing quote */
	}
	r->line++;
	fields = realloc(r->fields, (size_t)r->nr * sizeof(*fields));
	if (!fields)
		return -1;
	r->fields = fields;
	for (int i = 0; i < r->nr; i++)
		fields[i] = r->buf + r->starts[i];
	return r->nr;
}

/* The current record of @r as one allocation: the row, its field pointers, then their text */
static struct csv_row *copy_record(const struct csv_reader *r, unsigned long line)
{
	size_t ptrs = sizeof(struct csv_row) + (size_t)r->nr * sizeof(char *);
	struct csv_row *row = malloc(ptrs + r->len);
	char *text;

	if (!row)
		return NULL;
	text = (char *)row + ptrs;
	row->line = line;
	memcpy(text, r->buf, r->len);
	for (int i = 0; i < r->nr; i++)
		row->fields[i] = text + r->starts[i];
	return row;
}

static int load_error(struct csv_reader *r, struct csv_data *d, unsigned long line,
		      const char *what, int err)
{
	char why[sizeof(d->error)];

	if (line)
		snprintf(why, sizeof(why), "%s:%lu: %s", d->path, line, what);
	else
		snprintf(why, sizeof(why), "%s: %s", d->path, what);
	csv_reader_close(r);
	csv_data_free(d);
	memcpy(d->error, why, sizeof(why));
	return err;
}

int csv_load(const char *path, struct csv_data *d)
{
	struct csv_reader r;
	unsigned long start;
	int n, err;

	memset(d, 0, sizeof(*d));
	err = csv_reader_open(&r, path);
	if (err == -ENOENT)
		return err;
	d->path = strdup(path);
	if (!d->path) {
		snprintf(d->error, sizeof(d->error), "%s: out of memory", path);
		csv_reader_close(&r);
		return -ENOMEM;
	}
	if (err)
		return load_error(&r, d, 0, csv_strerror(err), err);
	n = csv_read_record(&r);
	if (n <= 0)
		return load_error(&r, d, 1,
				  n == CSV_CUT ? "the header is cut short (no line end)"
				  : n	       ? "malformed CSV header"
					       : "empty file: no header",
				  -EIO);
	d->header = copy_record(&r, 1);
	if (!d->header)
		return load_error(&r, d, 0, "out of memory", -ENOMEM);
	d->nr_cols = n;
	for (unsigned long cap = 0;;) {
		start = r.line + 1;
		n = csv_read_record(&r);
		if (!n)
			break;
		if (n == CSV_CUT) {
			/* the rows before it are whole: keep them, and say what was dropped */
			snprintf(
				d->warning, sizeof(d->warning),
				"%s:%lu: warning: the last row is cut short (no line end): dropped",
				path, start);
			fprintf(stderr, "%s\n", d->warning);
			break;
		}
		if (n < 0)
			return load_error(&r, d, start, "malformed CSV record", -EIO);
		if (n != d->nr_cols) {
			char what[64];

			snprintf(what, sizeof(what), "%d fields, the header has %d", n, d->nr_cols);
			return load_error(&r, d, start, what, -EIO);
		}
		if (d->nr_rows == cap) {
			struct csv_row **rows;

			cap = cap ? cap * 2 : 256;
			rows = realloc(d->rows, cap * sizeof(*rows));
			if (!rows)
				return load_error(&r, d, 0, "out of memory", -ENOMEM);
			d->rows = rows;
		}
		d->rows[d->nr_rows] = copy_record(&r, start);
		if (!d->rows[d->nr_rows])
			return load_error(&r, d, 0, "out of memory", -ENOMEM);
		d->nr_rows++;
	}
	if (ferror(r.f))
		return load_error(&r, d, 0, "read error", -EIO);
	csv_reader_close(&r);
	return 0;
}

int csv_column(const struct csv_data *d, const char *name)
{
	for (int i = 0; i < d->nr_cols; i++)
		if (!strcmp(d->header->fields[i], name))
			return i;
	return -1;
}

bool csv_number(const char *s, double *v)
{
	char *end;

	if (!*s)
		return false;
	*v = strtod(s, &end);
	return !*end && isfinite(*v);
}

void csv_data_free(struct csv_data *d)
{
	for (unsigned long i = 0; i < d->nr_rows; i++)
		free(d->rows[i]);
	free(d->rows);
	free(d->header);
	free(d->path);
	memset(d, 0, sizeof(*d));
}

unsigned long csv_count(const struct csv_data *d, const char *column, const char *value)
{
	int col = csv_column(d, column);
	unsigned long n = 0;

	for (unsigned long i = 0; col >= 0 && i < d->nr_rows; i++)
		n += !strcmp(csv_get(d, i, col), value);
	return n;
}

unsigned long csv_count_negative(const struct csv_data *d, const char *column)
{
	int col = csv_column(d, column);
	unsigned long n = 0;

	double v;

	for (unsigned long i = 0; col >= 0 && i < d->nr_rows; i++)
		n += csv_number(csv_get(d, i, col), &v) && v < 0;
	return n;
}

double csv_sum(const struct csv_data *d, const char *column)
{
	int col = csv_column(d, column);
	double sum = 0, v;

	for (unsigned long i = 0; col >= 0 && i < d->nr_rows; i++)
		if (csv_number(csv_get(d, i, col), &v))
			sum += v;
	return sum;
}

const char *csv_distinct(const struct csv_data *d, const char *column, const char *where_col,
			 const char *where_val, char *buf, size_t size)
{
	int col = csv_column(d, column), wcol = where_col ? csv_column(d, where_col) : -1;
	size_t n = 0;

	buf[0] = '\0';
	if (col < 0 || (where_col && wcol < 0))
		return buf;
	for (unsigned long i = 0; i < d->nr_rows && n < size; i++) {
		const char *v = csv_get(d, i, col);
		bool seen = false;

		if (where_col && strcmp(csv_get(d, i, wcol), where_val))
			continue;
		for (unsigned long j = 0; j < i && !seen; j++)
			seen = !strcmp(csv_get(d, j, col), v) &&
			       (!where_col || !strcmp(csv_get(d, j, wcol), where_val));
		if (!seen && *v)
			n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? ", " : "", v);
	}
	return buf;
}
