// SPDX-License-Identifier: GPL-2.0
/*
 * The CSV writer (csv.h): rows built in memory, written whole into a temporary file that
 * csv_close() renames into place.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"

/*
 * A table is written to a temporary file beside its final name, ".FILE.PID.tmp", and renamed
 * over FILE by csv_close(): until then an existing FILE stays as it was, and a process killed
 * mid-run leaves no table cut short. Each row is built in memory and written with one write()
 * when complete, so the temporary file, too, only ever holds whole rows.
 */
struct csv_table {
	int fd;
	char path[PATH_MAX]; /* the final name */
	char tmp[PATH_MAX];  /* the file being written */
	char *row;	     /* the current row, not yet written */
	size_t len, cap;
	int nr_columns;
	int field; /* fields written in the current row */
	int err;   /* the first failed write's errno: the table is not to be kept */
	bool broken;
};

static void put(struct csv_table *t, const char *s, size_t n)
{
	if (t->len + n > t->cap) {
		size_t cap = t->cap ? t->cap : 256;
		char *row;

		while (cap < t->len + n)
			cap *= 2;
		row = realloc(t->row, cap);
		if (!row) {
			t->err = t->err ?: ENOMEM;
			return;
		}
		t->row = row;
		t->cap = cap;
	}
	memcpy(t->row + t->len, s, n);
	t->len += n;
}

static void __attribute__((format(printf, 2, 3))) putf(struct csv_table *t, const char *fmt, ...)
{
	char buf[512]; /* room for any double in "%.*f" with a few decimals */
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf))
		t->broken = true;
	else
		put(t, buf, (size_t)n);
}

/* The whole of @buf, or false with t->err set */
static bool write_all(struct csv_table *t, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(t->fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			t->err = t->err ?: n ? errno : EIO;
			return false;
		}
		buf += n;
		len -= (size_t)n;
	}
	return true;
}

/* @dir/@file as it is, into the temporary file of @t: the rows @t then appends follow it */
static int copy_existing(struct csv_table *t)
{
	char buf[8192];
	int fd = open(t->path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || !write_all(t, buf, (size_t)n)) {
			n = n < 0 ? -errno : -t->err;
			close(fd);
			return (int)n;
		}
	}
	close(fd);
	return 0;
}

/* @columns NULL: append rows of @nr_columns fields to the file as it is */
static struct csv_table *csv_open_mode(const char *dir, const char *file,
				       const char *const *columns, int nr_columns)
{
	struct csv_table *t = calloc(1, sizeof(*t));
	int err;

	if (!t) {
		fprintf(stderr, "csv: out of memory for %s\n", file);
		return NULL;
	}
	if ((size_t)snprintf(t->path, sizeof(t->path), "%s/%s", dir, file) >= sizeof(t->path) ||
	    (size_t)snprintf(t->tmp, sizeof(t->tmp), "%s/.%s.%d.tmp", dir, file, (int)getpid()) >=
		    sizeof(t->tmp)) {
		fprintf(stderr, "csv: path too long: %s/%s\n", dir, file);
		free(t);
		return NULL;
	}
	t->fd = open(t->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (t->fd < 0) {
		fprintf(stderr, "csv: cannot create %s: %s\n", t->tmp, strerror(errno));
		free(t);
		return NULL;
	}
	t->nr_columns = nr_columns;
	if (!columns) {
		err = copy_existing(t);
		if (err) {
			fprintf(stderr, "csv: cannot append to %s: %s\n", t->path, strerror(-err));
			csv_discard(t);
			return NULL;
		}
		return t;
	}
	for (int i = 0; i < nr_columns; i++)
		csv_str(t, columns[i]);
	csv_end_row(t);
	return t;
}

struct csv_table *csv_open(const char *dir, const char *file, const char *const *columns,
			   int nr_columns)
{
	return csv_open_mode(dir, file, columns, nr_columns);
}

struct csv_table *csv_open_append(const char *dir, const char *file, int nr_columns)
{
	return csv_open_mode(dir, file, NULL, nr_columns);
}

static void csv_sep(struct csv_table *t)
{
	if (t->field++)
		put(t, ",", 1);
}

/* RFC 4180: quote a field that holds a separator, a quote or a line break; double quotes */
void csv_str(struct csv_table *t, const char *s)
{
	csv_sep(t);
	if (!s[strcspn(s, ",\"\r\n")]) {
		put(t, s, strlen(s));
		return;
	}
	put(t, "\"", 1);
	for (; *s; s++) {
		if (*s == '"')
			put(t, "\"", 1);
		put(t, s, 1);
	}
	put(t, "\"", 1);
}

void csv_u64(struct csv_table *t, uint64_t v)
{
	csv_sep(t);
	putf(t, "%llu", (unsigned long long)v);
}

void csv_i64(struct csv_table *t, int64_t v)
{
	csv_sep(t);
	putf(t, "%lld", (long long)v);
}

void csv_f64(struct csv_table *t, double v, int digits)
{
	csv_sep(t);
	if (!isfinite(v))
		t->broken = true; /* SCHEMA.md floats are finite: a NaN is a bug to report */
	putf(t, "%.*g", digits ? digits : 10, v);
}

void csv_fixed(struct csv_table *t, double v, int decimals)
{
	csv_sep(t);
	if (!isfinite(v))
		t->broken = true;
	putf(t, "%.*f", decimals, v);
}

void csv_end_row(struct csv_table *t)
{
	if (t->field != t->nr_columns && !t->broken) {
		fprintf(stderr, "csv: %s: a row of %d fields under a header of %d\n", t->path,
			t->field, t->nr_columns);
		t->broken = true;
	}
	put(t, "\r\n", 2);
	if (!t->err)
		write_all(t, t->row, t->len);
	t->len = 0;
	t->field = 0;
}

static void csv_free(struct csv_table *t)
{
	free(t->row);
	free(t);
}

int csv_close(struct csv_table *t)
{
	int err = 0;

	if (!t)
		return 0;
	if (close(t->fd) && !t->err)
		t->err = errno;
	if (!t->err && rename(t->tmp, t->path))
		t->err = errno;
	if (t->err) {
		fprintf(stderr, "csv: writing %s failed: %s; %s is left as it was\n", t->tmp,
			strerror(t->err), t->path);
		unlink(t->tmp);
		err = -EIO;
	} else if (t->broken) {
		fprintf(stderr, "csv: %s: malformed rows or non-finite values written\n", t->path);
		err = -EIO;
	}
	csv_free(t);
	return err;
}

void csv_discard(struct csv_table *t)
{
	if (!t)
		return;
	close(t->fd);
	unlink(t->tmp);
	csv_free(t);
}
