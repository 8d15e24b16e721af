// SPDX-License-Identifier: GPL-2.0
/*
 * The schema checker behind `kmembench check-schema`: holds every CSV file of a run directory,
 * header and fields, to the tables of the result sources, as descriptors or as read from a
 * SCHEMA.md (schema.h gives its format).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "schema.h"

#define SCHEMA_MAX_PROBLEMS 10 /* reported before giving up on a directory */

static const char *const type_names[] = {
	[RESULT_STR] = "str", [RESULT_INT] = "int", [RESULT_FLOAT] = "float"
};

/* Tables read from a file: each string and column array is its own allocation */
struct schema_list {
	struct schema_table *tables;
	unsigned int nr;
};

struct check {
	FILE *out;
	const char *schema; /* what messages call it: its path, or the built-in one's name */
	int problems;
	unsigned long rows;
	bool interrupted; /* meta.csv says a signal stopped the command that wrote the run */
};

static void problem(struct check *c, const char *file, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void problem(struct check *c, const char *file, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	if (c->problems++ >= SCHEMA_MAX_PROBLEMS)
		return;
	if (line)
		fprintf(c->out, "%s:%lu: ", file, line);
	else
		fprintf(c->out, "%s: ", file);
	va_start(ap, fmt);
	vfprintf(c->out, fmt, ap);
	va_end(ap);
	fputc('\n', c->out);
}

/* ---- SCHEMA.md ---- */

/* Trims blanks and surrounding backticks in place */
static char *trim(char *s)
{
	char *e;

	s += strspn(s, " \t`");
	e = s + strlen(s);
	while (e > s && strchr(" \t\r\n`", e[-1]))
		e--;
	*e = '\0';
	return s;
}

/* Splits "| a | b | c |" into its cells (at most @max); returns how many */
static int split_row(char *line, char **cells, int max)
{
	int n = 0;
	char *p = strchr(line, '|');

	while (p && n < max) {
		char *next = strchr(p + 1, '|');

		if (!next)
			break;
		*next = '\0';
		cells[n++] = trim(p + 1);
		*next = '|';
		p = next;
	}
	return n;
}

static void free_schema(struct schema_list *l)
{
	for (unsigned int i = 0; i < l->nr; i++) {
		struct schema_table *t = &l->tables[i];

		for (unsigned int j = 0; j < t->nr_cols; j++)
			free((void *)t->cols[j].name);
		free((void *)t->cols);
		free((void *)t->file);
	}
	free(l->tables);
	l->tables = NULL;
	l->nr = 0;
}

static int add_table(struct schema_list *l, const char *file)
{
	struct schema_table *tables = realloc(l->tables, (l->nr + 1) * sizeof(*tables));

	if (!tables)
		return -ENOMEM;
	l->tables = tables;
	tables[l->nr] = (struct schema_table){ .file = strdup(file) };
	if (!tables[l->nr].file)
		return -ENOMEM;
	l->nr++;
	return 0;
}

static int add_column(struct schema_table *t, const char *name, enum result_type type)
{
	struct result_column *cols = realloc((void *)t->cols, (t->nr_cols + 1) * sizeof(*cols));

	if (!cols)
		return -ENOMEM;
	t->cols = cols;
	cols[t->nr_cols] = (struct result_column){ .name = strdup(name), .type = type };
	if (!cols[t->nr_cols].name)
		return -ENOMEM;
	t->nr_cols++;
	return 0;
}

/*
 * Reads the sections of SCHEMA.md: under each "## NAME.csv" heading, the first table whose
 * header row starts with "column" lists the columns; other tables and prose are passed over.
 */
static int read_schema(const char *path, struct schema_list *out, struct check *c)
{
	FILE *f = fopen(path, "r");
	struct schema_list l = { 0 };
	struct schema_table *cur = NULL;
	enum { OUTSIDE, HEADER_SEEN, IN_TABLE, DONE } state = OUTSIDE;
	char line[4096];
	unsigned long no = 0;
	int err = 0;

	if (!f) {
		err = -errno;
		fprintf(c->out, "%s: cannot read: %s\n", path, strerror(errno));
		return err;
	}
	while (!err && fgets(line, sizeof(line), f)) {
		char *cells[8];
		int n;

		no++;
		if (!strncmp(line, "## ", 3)) {
			char *name = trim(line + 3);
			size_t len = strlen(name);

			cur = NULL;
			state = DONE;
			if (len <= 4 || strcmp(name + len - 4, ".csv"))
				continue;
			err = add_table(&l, name);
			if (err)
				break;
			cur = &l.tables[l.nr - 1];
			state = OUTSIDE;
			continue;
		}
		if (!cur || state == DONE)
			continue;
		if (line[strspn(line, " \t")] != '|') {
			if (state != OUTSIDE)
				state = DONE;
			continue;
		}
		n = split_row(line, cells, 8);
		if (state == OUTSIDE) {
			if (n >= 2 && !strcmp(cells[0], "column") && !strcmp(cells[1], "type"))
				state = HEADER_SEEN;
			continue;
		}
		if (state == HEADER_SEEN) {
			state = IN_TABLE; /* the |---|---| row */
			continue;
		}
		for (enum result_type t = RESULT_STR; t <= RESULT_FLOAT; t++) {
			if (n >= 2 && !strcmp(cells[1], type_names[t])) {
				err = add_column(cur, cells[0], t);
				break;
			}
			if (t == RESULT_FLOAT) {
				problem(c, path, no,
					"column '%s': type '%s' is not str, int or float",
					n ? cells[0] : "", n >= 2 ? cells[1] : "");
				err = 1;
			}
		}
	}
	fclose(f);
	if (err) {
		free_schema(&l);
		return err;
	}
	*out = l;
	return 0;
}

/* ---- CSV files ---- */

static bool is_int(const char *s)
{
	s += *s == '-';
	return *s && strspn(s, "0123456789") == strlen(s);
}

static bool is_float(const char *s)
{
	char *end;
	double v;

	if (!*s || !strchr("+-.0123456789", *s) || strpbrk(s, "xXnN"))
		return false;
	v = strtod(s, &end);
	return !*end && isfinite(v);
}

static void check_file(struct check *c, const char *dir, const char *name,
		       const struct schema_table *t)
{
	int nr_cols = (int)t->nr_cols;
	struct csv_reader r;
	char path[PATH_MAX];
	unsigned long start;
	int n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	n = csv_reader_open(&r, path);
	if (n) {
		problem(c, path, 0, "cannot read: %s", csv_strerror(n));
		return;
	}
	n = csv_read_record(&r);
	if (n <= 0) {
		problem(c, path, 1,
			n == CSV_CUT ? "the header is cut short (no line end)"
			: n	     ? "malformed CSV header"
				     : "empty file: no header");
		goto out;
	}
	for (int i = 0; i < n || i < nr_cols; i++) {
		if (i >= n || i >= nr_cols || strcmp(r.fields[i], t->cols[i].name)) {
			problem(c, path, 1, "header column %d is '%s', %s says '%s'", i + 1,
				i < n ? r.fields[i] : "(none)", c->schema,
				i < nr_cols ? t->cols[i].name : "(none)");
			goto out;
		}
	}
	for (;;) {
		start = r.line + 1;
		n = csv_read_record(&r);
		if (!n)
			break;
		if (n == CSV_CUT && c->interrupted) {
			fprintf(c->out,
				"%s:%lu: warning: the last row is cut short (no line end), as the "
				"interrupted run left it: not checked\n",
				path, start);
			break;
		}
		if (n == CSV_CUT) {
			problem(c, path, start,
				"the last row is cut short (no line end): its writer was stopped");
			break;
		}
		if (n < 0) {
			problem(c, path, start, "malformed CSV record");
			break;
		}
		c->rows++;
		if (n != nr_cols) {
			problem(c, path, start, "%d fields, the header has %d", n, nr_cols);
			continue;
		}
		for (int i = 0; i < n; i++) {
			enum result_type type = t->cols[i].type;

			if ((type == RESULT_INT && !is_int(r.fields[i])) ||
			    (type == RESULT_FLOAT && !is_float(r.fields[i])))
				problem(c, path, start, "column %s: '%s' is not a%s %s",
					t->cols[i].name, r.fields[i], type == RESULT_INT ? "n" : "",
					type_names[type]);
		}
	}
out:
	csv_reader_close(&r);
}

/*
 * Whether @dir/meta.csv has the key "interrupted": a run stopped by a signal, whose last row
 * may have been cut short by its writer (kmembench's own tables are renamed into place whole;
 * an older kmembench, or another writer, may have left one).
 */
static bool run_interrupted_meta(const char *dir)
{
	struct csv_reader r;
	char path[PATH_MAX];
	bool found = false;
	int n;

	snprintf(path, sizeof(path), "%s/meta.csv", dir);
	if (csv_reader_open(&r, path)) {
		csv_reader_close(&r);
		return false;
	}
	while (!found && (n = csv_read_record(&r)) > 0)
		found = n == 2 && !strcmp(r.fields[0], "interrupted");
	csv_reader_close(&r);
	return found;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int is_csv(const struct dirent *d)
{
	size_t len = strlen(d->d_name);

	return len > 4 && !strcmp(d->d_name + len - 4, ".csv");
}

/* The table of @file: the caller's, or meta.csv's own */
static const struct schema_table *find_table(const struct schema_table *tables, unsigned int nr,
					     bool with_meta, const char *file)
{
	for (unsigned int i = 0; i < nr; i++)
		if (!strcmp(tables[i].file, file))
			return &tables[i];
	return with_meta && !strcmp(meta_table.file, file) ? &meta_table : NULL;
}

static int check_dir(struct check *c, const char *dir, const struct schema_table *tables,
		     unsigned int nr, bool with_meta)
{
	struct dirent **names;
	int n, err;

	n = scandir(dir, &names, is_csv, by_name);
	if (n < 0) {
		err = -errno;
		fprintf(c->out, "%s: cannot list: %s\n", dir, strerror(errno));
		return err;
	}
	if (!n)
		problem(c, dir, 0, "no CSV files");
	c->interrupted = run_interrupted_meta(dir);
	for (int i = 0; i < n; i++) {
		const struct schema_table *t = find_table(tables, nr, with_meta, names[i]->d_name);

		if (t)
			check_file(c, dir, names[i]->d_name, t);
		else
			problem(c, names[i]->d_name, 0, "no '## %s' section in %s",
				names[i]->d_name, c->schema);
		free(names[i]);
	}
	free(names);
	if (c->problems > SCHEMA_MAX_PROBLEMS)
		fprintf(c->out, "%s: %d more problems not shown\n", dir,
			c->problems - SCHEMA_MAX_PROBLEMS);
	if (c->problems)
		return 1;
	fprintf(c->out, "%s: %d CSV files, %lu rows: all as %s documents them\n", dir, n, c->rows,
		c->schema);
	return 0;
}

int schema_check_dir(const char *dir, const char *schema, FILE *out)
{
	struct check c = { .out = out, .schema = schema };
	struct schema_list l;
	int err;

	err = read_schema(schema, &l, &c);
	if (err)
		return err < 0 ? err : 1;
	err = check_dir(&c, dir, l.tables, l.nr, false);
	free_schema(&l);
	return err;
}

int schema_check_dir_tables(const char *dir, const struct schema_table *tables, unsigned int nr,
			    const char *name, FILE *out)
{
	struct check c = { .out = out, .schema = name };

	return check_dir(&c, dir, tables, nr, true);
}
