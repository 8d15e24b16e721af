// SPDX-License-Identifier: GPL-2.0
/*
 * `kmembench compare` (compare.h): the tables compared (those whose descriptor says how, in
 * workloads/present.h), loading them from the run directories of the two sides, matching rows
 * by key, the tests and the summary. compare_text.c writes it out.
 */
#define _GNU_SOURCE /* vasprintf */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compare.h"
#include "results/csv.h"
#include "workloads/present.h"
#include "workloads/workload.h"
#include "significance.h"

/*
 * The tables compared are the result tables with a .compare (workloads/present.h), in the order
 * of the result sources (result_source_get()) and of their tables: the @n-th of them, or NULL.
 */
static const struct result_table *compared_table(unsigned int n)
{
	for (unsigned int i = 0; i < result_source_count(); i++) {
		const struct workload *wl = result_source_get(i);

		for (unsigned int k = 0; k < wl->nr_tables; k++)
			if (wl->tables[k]->compare && !n--)
				return wl->tables[k];
	}
	return NULL;
}

/* A row's key and its index in its table, sorted by key to find rows of other runs */
struct keyed {
	const char *key;
	unsigned long row;
};

/* One table of one run: its rows with their keys, and the columns looked up by name */
struct run_table {
	struct csv_data d; /* d.path is NULL when the run has no such table */
	char run[16];	   /* "A", or "A1", "A2", ... when a side has several runs: for messages */
	int key_col[COMPARE_MAX_KEYS];
	int metric_col[COMPARE_MAX_METRICS]; /* -1: the column is missing */
	int seed_col, quick_col, count_col;  /* -1 when the table has none */
	bool unusable;			     /* a key column is missing */
	char **keys; /* [d.nr_rows]; NULL for a row whose key came earlier */
	/* every row, sorted by key and a key's rows in file order */
	struct keyed *index;
	unsigned long nr_index;
};

/* A tested metric's repetitions of one run, sorted by key: a key's values lie together */
struct keyed_value {
	char *key;
	double v;
};

struct run_batches {
	struct keyed_value *kv;
	unsigned long n;
};

/* One side of the comparison: the directories of its runs, and the letter naming them */
struct side {
	const char *const *dir;
	unsigned int nr;
	char letter;
};

/*
 * One metric of one key on one side: the value of each run that measured it, in the order of
 * the runs, and where each came from (run @run[k], row @at[@run[k]] of table @rt[@run[k]]).
 */
struct side_values {
	double *v;
	unsigned int *run;
	unsigned int n;	     /* values */
	unsigned int runs;   /* runs with the key, measured or not */
	unsigned int most;   /* the most rows the key has in one run */
	bool repeats_differ; /* a run's rows of the key have different values */
	const struct run_table *rt;
	const unsigned long *at;
};

/* The name of run @j of @s in messages: the side's letter, and the run's number if it has more */
static void run_name(const struct side *s, unsigned int j, char *buf, size_t size)
{
	if (s->nr == 1)
		snprintf(buf, size, "%c", s->letter);
	else
		snprintf(buf, size, "%c%u", s->letter, j + 1);
}

/* ---- building the result ---- */

static int __attribute__((format(printf, 2, 3)))
add_line(struct compare_result *r, const char *fmt, ...)
{
	char **lines = realloc(r->lines, (r->nr_lines + 1) * sizeof(*lines));
	va_list ap;
	int n;

	if (!lines)
		return -ENOMEM;
	r->lines = lines;
	va_start(ap, fmt);
	n = vasprintf(&lines[r->nr_lines], fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	r->nr_lines++;
	return 0;
}

static struct compare_row *add_row(struct compare_result *r, const char *table, const char *column,
				   const char *key)
{
	struct compare_row *rows = realloc(r->rows, (r->nr_rows + 1) * sizeof(*rows)), *row;

	if (!rows)
		return NULL;
	r->rows = rows;
	row = &rows[r->nr_rows];
	*row = (struct compare_row){
		.table = table, .column = column, .key = strdup(key), .unit = r->unit
	};
	if (!row->key)
		return NULL;
	r->nr_rows++;
	return row;
}

/* ---- reading a run ---- */

static int load(const char *dir, const char *file, struct csv_data *d)
{
	char path[PATH_MAX];
	int err;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, file) >= sizeof(path)) {
		fprintf(stderr, "%s/%s: path too long\n", dir, file);
		return -ENAMETOOLONG;
	}
	err = csv_load(path, d);
	if (err && err != -ENOENT)
		fprintf(stderr, "%s\n", d->error);
	return err;
}

/* A field that must be a finite number; else one line naming file, line and column */
static int number(const struct csv_data *d, const struct csv_row *row, int col, double *v)
{
	const char *s = row->fields[col];

	if (!csv_number(s, v)) {
		fprintf(stderr, "%s:%lu: column %s: '%s' is not a number\n", d->path, row->line,
			d->header->fields[col], s);
		return -EINVAL;
	}
	return 0;
}

static bool is_integer(const char *s)
{
	s += *s == '-';
	return *s && strspn(s, "0123456789") == strlen(s);
}

/*
 * A row's key: its key columns' values joined by blanks, a number as NAME=VALUE so that "size=4096"
 * and "pcp=1" say what they are, text as it is ("buddy", "alloc").
 */
static char *make_key(const struct csv_data *d, const struct csv_row *row, const int *cols,
		      unsigned int nr)
{
	size_t len = 1;
	char *key, *p;

	for (unsigned int i = 0; i < nr; i++)
		len += strlen(d->header->fields[cols[i]]) + strlen(row->fields[cols[i]]) + 2;
	key = p = malloc(len);
	if (!key)
		return NULL;
	*p = '\0';
	for (unsigned int i = 0; i < nr; i++) {
		const char *v = row->fields[cols[i]];

		if (is_integer(v))
			p += sprintf(p, "%s%s=%s", i ? " " : "", d->header->fields[cols[i]], v);
		else
			p += sprintf(p, "%s%s", i ? " " : "", v);
	}
	return key;
}

static unsigned int nr_keys(const struct result_table *t)
{
	unsigned int n = 0;

	while (n < COMPARE_MAX_KEYS && t->compare->keys[n])
		n++;
	return n;
}

static unsigned int nr_metrics(const struct result_table *t)
{
	unsigned int n = 0;

	while (n < COMPARE_MAX_METRICS && t->compare->metrics[n].column)
		n++;
	return n;
}

/**
 * compare_list_metrics - what is compared how, from the descriptors: for each table that has
 * metrics of @kind, one line "@indent TABLE COLUMN, COLUMN" (TABLE without .csv)
 * @out: where to write
 * @kind: which metrics
 * @indent: the start of every line
 */
void compare_list_metrics(FILE *out, enum compare_kind kind, const char *indent)
{
	const struct result_table *t;

	for (unsigned int n = 0; (t = compared_table(n)); n++) {
		unsigned int listed = 0;

		for (unsigned int m = 0; m < nr_metrics(t); m++) {
			if (t->compare->metrics[m].kind != kind)
				continue;
			if (!listed++)
				fprintf(out, "%s%.*s", indent, (int)strcspn(t->file, "."), t->file);
			fprintf(out, "%s %s", listed > 1 ? "," : "", t->compare->metrics[m].column);
		}
		if (listed)
			fputc('\n', out);
	}
}

/* Key columns by name; false (after a note) when one is missing, as in a table of another age */
static int key_columns(struct compare_result *r, const struct result_table *t,
		       const struct csv_data *d, const char *run, int *cols, bool *ok)
{
	*ok = true;
	for (unsigned int k = 0; k < nr_keys(t); k++) {
		cols[k] = csv_column(d, t->compare->keys[k]);
		if (cols[k] < 0) {
			*ok = false;
			return add_line(r, "%s of %s has no column '%s': not compared", t->file,
					run, t->compare->keys[k]);
		}
	}
	return 0;
}

/* Sorts by key, and a key's rows in file order; finds a key whatever its row */
static int by_key_row(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	return strcmp(x->key, y->key) ?: (x->row > y->row) - (x->row < y->row);
}

static int by_key_value(const void *a, const void *b)
{
	return strcmp(((const struct keyed_value *)a)->key, ((const struct keyed_value *)b)->key);
}

/* The string that a record of @size bytes at @i in @base begins with (struct keyed, keyed_value) */
static const char *key_at(const void *base, size_t size, unsigned long i)
{
	return *(const char *const *)((const char *)base + i * size);
}

/*
 * The records of @base (@n of @size bytes, sorted by the string they begin with) whose key is
 * @key, which lie together: the index of the first in @first, and how many (0: none)
 */
static unsigned long key_range(const void *base, unsigned long n, size_t size, const char *key,
			       unsigned long *first)
{
	unsigned long lo = 0, hi = n, end;

	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;

		if (strcmp(key_at(base, size, mid), key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < n && !strcmp(key_at(base, size, end), key); end++)
		;
	*first = lo;
	return end - lo;
}

/* The rows of @key in @rt: where they start in its index, and how many (0: none) */
static unsigned long find_rows(const struct run_table *rt, const char *key,
			       const struct keyed **first)
{
	unsigned long at, nr = key_range(rt->index, rt->nr_index, sizeof(*rt->index), key, &at);

	*first = rt->index + at;
	return nr;
}

static const struct keyed *find(const struct run_table *rt, const char *key)
{
	const struct keyed *k;

	if (!rt->d.path)
		return NULL;
	return find_rows(rt, key, &k) ? k : NULL;
}

/* A line of a message built piece by piece: text_open(), fprintf() to the FILE, text_close() */
struct text {
	char *s;
	size_t size;
	FILE *f;
};

static FILE *text_open(struct text *t)
{
	t->s = NULL;
	t->f = open_memstream(&t->s, &t->size);
	return t->f;
}

/* Return: 0 with t->s to free(), or -ENOMEM (nothing to free) */
static int text_close(struct text *t)
{
	if (!fclose(t->f))
		return 0;
	free(t->s);
	return -ENOMEM;
}

/* Repeated keys named one by one in a table of a run; more are counted */
#define REPEATS_NAMED 5

/*
 * One line for a key that @n rows of a run have: the rows' lines, and each metric's values,
 * so that rows far apart (a damaged file, or two runs appended) are seen at once
 */
static int note_repeat(struct compare_result *r, const struct result_table *t,
		       const struct run_table *rt, const struct keyed *k, unsigned long n)
{
	struct text list;
	FILE *f = text_open(&list);
	int err;

	if (!f)
		return -ENOMEM;
	for (unsigned long i = 0; i < n; i++)
		fprintf(f, "%s%lu", i ? ", " : "", rt->d.rows[k[i].row]->line);
	fputs("), compared as one, at the median of each metric", f);
	for (unsigned int m = 0, first = 1; m < nr_metrics(t); m++) {
		if (rt->metric_col[m] < 0)
			continue;
		fprintf(f, "%s %s", first ? ":" : ";", t->compare->metrics[m].column);
		first = 0;
		for (unsigned long i = 0; i < n; i++)
			fprintf(f, "%s %s", i ? "," : "",
				rt->d.rows[k[i].row]->fields[rt->metric_col[m]]);
	}
	if (text_close(&list))
		return -ENOMEM;
	err = add_line(r, "%s of %s: key '%s' has %lu rows (lines %s", t->file, rt->run, k->key, n,
		       list.s);
	free(list.s);
	return err;
}

/*
 * Every row's key, and the index sorted by key. A run has one row per key, unless it measured
 * a key more than once (run --threads 2,1,2) or its file is damaged or two files appended: the
 * rows of a key are then repetitions within the run, and the run's figure is their median,
 * which neither drops a measurement nor lets one outlier stand for the run. Each such key is
 * named with its rows' values, and the verdicts of its metrics say so.
 */
static int index_rows(struct compare_result *r, const struct result_table *t, struct run_table *rt)
{
	unsigned long repeated = 0, n = rt->d.nr_rows;
	int err = 0;

	rt->keys = calloc(n ?: 1, sizeof(*rt->keys));
	rt->index = calloc(n ?: 1, sizeof(*rt->index));
	if (!rt->keys || !rt->index)
		return -ENOMEM;
	for (unsigned long i = 0; i < n; i++) {
		rt->keys[i] = make_key(&rt->d, rt->d.rows[i], rt->key_col, nr_keys(t));
		if (!rt->keys[i])
			return -ENOMEM;
		rt->index[i] = (struct keyed){ rt->keys[i], i };
	}
	qsort(rt->index, n, sizeof(*rt->index), by_key_row);
	rt->nr_index = n;
	for (unsigned long i = 0, e; i < n && !err; i = e) {
		for (e = i + 1; e < n && !strcmp(rt->index[i].key, rt->index[e].key); e++)
			;
		if (e - i == 1)
			continue;
		/* the key is compared once, at its first row, which the others' index shares */
		for (unsigned long k = i + 1; k < e; k++) {
			free(rt->keys[rt->index[k].row]);
			rt->keys[rt->index[k].row] = NULL;
			rt->index[k].key = rt->index[i].key;
		}
		if (repeated++ < REPEATS_NAMED)
			err = note_repeat(r, t, rt, rt->index + i, e - i);
	}
	if (!err && repeated > REPEATS_NAMED)
		err = add_line(r, "%s of %s: %lu more keys with several rows, each compared as one",
			       t->file, rt->run, repeated - REPEATS_NAMED);
	return err;
}

/*
 * The repetitions of @t's tested metric in one run: every batch row's key and value, sorted by
 * key. A batch that timed nothing (ops 0: every allocation failed) has no value and is left out.
 */
static int load_batches(struct compare_result *r, const struct result_table *t, const char *dir,
			const char *run, struct run_batches *b)
{
	struct csv_data d;
	int cols[COMPARE_MAX_KEYS], vcol, ocol, err;
	bool ok;

	b->n = 0;
	err = load(dir, t->compare->batches, &d);
	if (err)
		return err == -ENOENT ? 0 : err;
	vcol = csv_column(&d, t->compare->batch_column);
	ocol = t->compare->count_column ? csv_column(&d, t->compare->count_column) : -1;
	err = key_columns(r, t, &d, run, cols, &ok);
	if (!err && ok && vcol < 0)
		err = add_line(r, "%s of %s has no column '%s': no repetitions",
			       t->compare->batches, run, t->compare->batch_column);
	if (err || !ok || vcol < 0)
		goto out;
	b->kv = calloc(d.nr_rows ?: 1, sizeof(*b->kv));
	if (!b->kv) {
		err = -ENOMEM;
		goto out;
	}
	for (unsigned long i = 0; i < d.nr_rows && !err; i++) {
		const struct csv_row *row = d.rows[i];
		double ops = 1;

		if (ocol >= 0)
			err = number(&d, row, ocol, &ops);
		if (err || !ops)
			continue;
		err = number(&d, row, vcol, &b->kv[b->n].v);
		b->kv[b->n].key = err ? NULL : make_key(&d, row, cols, nr_keys(t));
		if (!err && !b->kv[b->n].key)
			err = -ENOMEM;
		if (!err)
			b->n++;
	}
	qsort(b->kv, b->n, sizeof(*b->kv), by_key_value);
out:
	csv_data_free(&d);
	return err;
}

/* The values of @key in @b, which lie together: where they start, and how many (0: none) */
static unsigned int batch_values(const struct run_batches *b, const char *key,
				 const struct keyed_value **first)
{
	unsigned long at, nr = key_range(b->kv, b->n, sizeof(*b->kv), key, &at);

	*first = b->kv + at;
	return (unsigned int)nr;
}

static void free_run_table(struct run_table *rt)
{
	for (unsigned long i = 0; rt->keys && i < rt->d.nr_rows; i++)
		free(rt->keys[i]);
	free(rt->keys);
	free(rt->index);
	csv_data_free(&rt->d);
}

static void free_batches(struct run_batches *b)
{
	for (unsigned long i = 0; i < b->n; i++)
		free(b->kv[i].key);
	free(b->kv);
}

/* ---- comparing ---- */

/*
 * Two samples of a metric: the U test of A's against B's. Runs are few, and their percentiles
 * (histogram bucket bounds) often tie, which the normal approximation would make look far more
 * significant than they are (significance.h): with runs as the unit the test is exact whenever
 * it can be. The verdict is set from the side U points to ("faster" when B's values are the
 * better) and made "not significant" later, when the adjusted p-value of all the tests is
 * known.
 */
static int test_values(struct compare_row *row, bool higher_better, const double *a,
		       unsigned int na, const double *b, unsigned int nb)
{
	struct mwu_result res;
	int err;

	if (na < 2 || nb < 2) {
		row->verdict = CMP_FEW_REPS;
		return 0;
	}
	if (row->unit == COMPARE_UNIT_RUNS && na <= MWU_EXACT_MAX && nb <= MWU_EXACT_MAX)
		err = mwu_test_exact(a, na, b, nb, &res);
	else
		err = mwu_test(a, na, b, nb, &res);
	if (err)
		return err;
	row->p = res.p;
	/* U counts the pairs in which A's value is the higher: more than half, B's are lower */
	row->verdict = (res.u > (double)na * nb / 2) != higher_better ? CMP_FASTER : CMP_SLOWER;
	return 0;
}

/* With batches as the unit: the key's batch means in A against those in B */
static int test_batches(struct compare_row *row, bool higher_better, const struct run_batches b[2])
{
	const struct keyed_value *kv[2];
	double *v[2];
	int err;

	row->na = batch_values(&b[0], row->key, &kv[0]);
	row->nb = batch_values(&b[1], row->key, &kv[1]);
	v[0] = malloc((row->na ?: 1) * sizeof(double));
	v[1] = malloc((row->nb ?: 1) * sizeof(double));
	err = v[0] && v[1] ? 0 : -ENOMEM;
	for (unsigned int i = 0; !err && i < row->na; i++)
		v[0][i] = kv[0][i].v;
	for (unsigned int i = 0; !err && i < row->nb; i++)
		v[1][i] = kv[1][i].v;
	if (!err)
		err = test_values(row, higher_better, v[0], row->na, v[1], row->nb);
	free(v[0]);
	free(v[1]);
	return err;
}

static int by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of @n values, sorted in place; NAN when there are none */
static double median(double *v, unsigned int n)
{
	if (!n)
		return NAN;
	qsort(v, n, sizeof(*v), by_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/*
 * The values of metric @m on one side, for @key, at row @at[j] of run j's table @rt[j]
 * (ULONG_MAX: not in that run) and at the key's other rows there, if it has more: the run's
 * value is then their median. With runs as the unit, a row whose count column is 0 measured
 * nothing (every allocation failed) and gives no value, as such a batch gives no repetition;
 * with batches as the unit the one run's rows are the figure whatever they hold.
 */
static int side_values(const struct compare_result *r, unsigned int m, const struct run_table *rt,
		       unsigned int nr, const unsigned long *at, const char *key,
		       struct side_values *sv)
{
	double *rep = NULL;
	int err = 0;

	*sv = (struct side_values){ .rt = rt, .at = at };
	sv->v = malloc(nr * sizeof(*sv->v));
	sv->run = malloc(nr * sizeof(*sv->run));
	if (!sv->v || !sv->run)
		return -ENOMEM;
	for (unsigned int j = 0; j < nr && !err; j++) {
		const struct keyed *k;
		unsigned long rows;
		unsigned int n = 0;

		if (at[j] == ULONG_MAX)
			continue;
		rows = find_rows(&rt[j], key, &k);
		sv->runs++;
		sv->most = rows > sv->most ? rows : sv->most;
		free(rep);
		rep = malloc(rows * sizeof(*rep));
		if (!rep)
			return -ENOMEM;
		for (unsigned long i = 0; i < rows && !err; i++) {
			const struct csv_row *row = rt[j].d.rows[k[i].row];
			double count = 1;

			if (r->unit == COMPARE_UNIT_RUNS && rt[j].count_col >= 0)
				err = number(&rt[j].d, row, rt[j].count_col, &count);
			if (!err && count)
				err = number(&rt[j].d, row, rt[j].metric_col[m], &rep[n]);
			if (!err && count)
				sv->repeats_differ |= n && rep[n] != rep[0];
			n += !err && count;
		}
		if (!err && n) {
			sv->v[sv->n] = median(rep, n);
			sv->run[sv->n++] = j;
		}
	}
	free(rep);
	return err;
}

/*
 * Whether value @k of @x and value @l of @y come from rows that only a change in the code could
 * set apart: the same seed, and --quick or not the same (as far as their tables say)
 */
static bool same_setup(const struct side_values *x, unsigned int k, const struct side_values *y,
		       unsigned int l)
{
	const struct run_table *xt = &x->rt[x->run[k]], *yt = &y->rt[y->run[l]];
	char *const *xf = xt->d.rows[x->at[x->run[k]]]->fields;
	char *const *yf = yt->d.rows[y->at[y->run[l]]]->fields;

	if (xt->seed_col >= 0 && yt->seed_col >= 0 && strcmp(xf[xt->seed_col], yf[yt->seed_col]))
		return false;
	return xt->quick_col < 0 || yt->quick_col < 0 ||
	       !strcmp(xf[xt->quick_col], yf[yt->quick_col]);
}

/*
 * A deterministic figure's runs of one side that disagree among themselves with one seed: one
 * line with each run's value. Either the runs are not of one build (the line above the table
 * that names the commits would say so), or the figure is not as deterministic as it should be,
 * which is a bug of its own.
 */
static int note_disagreement(struct compare_result *r, const struct compare_row *row,
			     const struct side_values *sv, char letter)
{
	struct text list;
	FILE *f = text_open(&list);
	int err;

	if (!f)
		return -ENOMEM;
	for (unsigned int k = 0; k < sv->n; k++)
		fprintf(f, "%s%s %g", k ? ", " : "", sv->rt[sv->run[k]].run, sv->v[k]);
	if (text_close(&list))
		return -ENOMEM;
	err = add_line(r,
		       "%.*s %s, %s: the runs of %c differ among themselves with one seed (%s): "
		       "they are not of one build, or the figure is not deterministic",
		       (int)strcspn(row->table, "."), row->table, row->column, row->key, letter,
		       list.s);
	free(list.s);
	return err;
}

/*
 * A deterministic figure: "same" when every run of both sides has the same value, "differs"
 * when not, and no verdict when the runs' seeds or --quick tell them apart. Runs of one side
 * that differ with one seed are noted (note_disagreement()).
 */
static int deterministic(struct compare_result *r, struct compare_row *row,
			 const struct side_values sv[2])
{
	bool setup, equal;
	int err = 0;

	/* both sides have values: no table with deterministic figures has a count column */
	setup = same_setup(&sv[0], 0, &sv[1], 0);
	equal = sv[0].v[0] == sv[1].v[0];
	for (int s = 0; s < 2 && !err; s++) {
		bool side_setup = true, side_equal = true;

		for (unsigned int k = 1; k < sv[s].n; k++) {
			side_setup &= same_setup(&sv[s], 0, &sv[s], k);
			side_equal &= sv[s].v[k] == sv[s].v[0];
		}
		setup &= side_setup;
		equal &= side_equal;
		if (side_setup && !side_equal)
			err = note_disagreement(r, row, &sv[s], s ? 'B' : 'A');
		/* a run's own rows of the key that differ are named by note_repeat() */
		row->disagree[s] = (side_setup && !side_equal) || sv[s].repeats_differ;
	}
	row->verdict = !setup ? CMP_OTHER_SEED : equal ? CMP_SAME : CMP_DIFFERS;
	return err;
}

/*
 * The row of metric @m for a key: its rows in the runs of each side are at @at[side][run]
 * (ULONG_MAX where a run lacks the key). With runs as the unit, every metric that is not
 * deterministic is tested over the runs' values; with batches, the tested one over the batches
 * and the others are a ratio only. The figures shown are the medians of the runs' values (with
 * one run, its value).
 */
static int metric_row(struct compare_result *r, const struct result_table *t, unsigned int m,
		      struct run_table *const rt[2], const struct side side[2],
		      const struct run_batches b[2], unsigned long *const at[2], const char *key)
{
	const struct compare_metric *ms = &t->compare->metrics[m];
	struct compare_row *row = add_row(r, t->file, ms->column, key);
	struct side_values sv[2] = { 0 };
	int err = 0;

	if (!row)
		return -ENOMEM;
	for (int s = 0; s < 2 && !err; s++)
		err = side_values(r, m, rt[s], side[s].nr, at[s], key, &sv[s]);
	if (err)
		goto out;
	row->rows[0] = sv[0].most;
	row->rows[1] = sv[1].most;
	if (r->unit == COMPARE_UNIT_RUNS) {
		row->na = sv[0].n;
		row->nb = sv[1].n;
		for (int s = 0; s < 2; s++)
			row->some_runs |= sv[s].runs && sv[s].n < side[s].nr;
	}
	if (!sv[1].runs)
		row->verdict = CMP_ONLY_A;
	else if (!sv[0].runs)
		row->verdict = CMP_ONLY_B;
	else if (ms->kind == COMPARE_DETERMINISTIC)
		err = deterministic(r, row, sv);
	else if (r->unit == COMPARE_UNIT_RUNS)
		err = test_values(row, ms->higher_better, sv[0].v, sv[0].n, sv[1].v, sv[1].n);
	else if (ms->kind == COMPARE_TESTED)
		err = test_batches(row, ms->higher_better, b);
	else
		row->verdict = CMP_RATIO_ONLY;
	row->a = median(sv[0].v, sv[0].n);
	row->b = median(sv[1].v, sv[1].n);
out:
	for (int s = 0; s < 2; s++) {
		free(sv[s].v);
		free(sv[s].run);
	}
	return err;
}

/*
 * Loads one run's @t and looks its columns up. A missing key column leaves the whole table out
 * (rows could not be matched), a missing metric column the metric (compare_table()), each after
 * a note.
 */
static int open_table(struct compare_result *r, const struct result_table *t, const char *dir,
		      struct run_table *rt)
{
	bool ok;
	int err;

	err = load(dir, t->file, &rt->d);
	if (err)
		return err == -ENOENT ? 0 : err;
	err = key_columns(r, t, &rt->d, rt->run, rt->key_col, &ok);
	rt->unusable = !ok;
	if (err || !ok)
		return err;
	for (unsigned int m = 0; m < nr_metrics(t); m++)
		rt->metric_col[m] = csv_column(&rt->d, t->compare->metrics[m].column);
	rt->seed_col = csv_column(&rt->d, "seed");
	rt->quick_col = csv_column(&rt->d, "quick");
	rt->count_col =
		t->compare->count_column ? csv_column(&rt->d, t->compare->count_column) : -1;
	return index_rows(r, t, rt);
}

/* Whether a run before run @j of side @s (for B, any of A's) has @key: its rows are done */
static bool met_before(struct run_table *const rt[2], const struct side side[2], int s,
		       unsigned int j, const char *key)
{
	for (int x = 0; x <= s; x++)
		for (unsigned int k = 0; k < (x < s ? side[x].nr : j); k++)
			if (find(&rt[x][k], key))
				return true;
	return false;
}

/* The rows of @t's metrics for @key, found in every run of both sides */
static int compare_key(struct compare_result *r, const struct result_table *t,
		       struct run_table *const rt[2], const struct side side[2],
		       const struct run_batches b[2], unsigned long *const at[2], const bool *skip,
		       const char *key)
{
	int err = 0;

	for (int s = 0; s < 2; s++)
		for (unsigned int j = 0; j < side[s].nr; j++) {
			const struct keyed *k = find(&rt[s][j], key);

			at[s][j] = k ? k->row : ULONG_MAX;
		}
	for (unsigned int m = 0; m < nr_metrics(t) && !err; m++)
		if (!skip[m])
			err = metric_row(r, t, m, rt, side, b, at, key);
	return err;
}

/*
 * One table: the keys of A's runs, each run's rows in file order after the keys of the runs
 * before it (with one run: A's rows in A's order), each key with its metrics and its rows in
 * every run; then, the same way, the keys that no run of A has.
 */
static int compare_table(struct compare_result *r, const struct result_table *t,
			 const struct side side[2])
{
	struct run_table *rt[2] = { NULL, NULL };
	struct run_batches b[2] = { 0 };
	unsigned long *at[2] = { NULL, NULL };
	bool skip[COMPARE_MAX_METRICS] = { false }, found = false, unusable = false;
	int err = 0;

	for (int s = 0; s < 2 && !err; s++) {
		rt[s] = calloc(side[s].nr, sizeof(*rt[s]));
		at[s] = calloc(side[s].nr, sizeof(*at[s]));
		if (!rt[s] || !at[s])
			err = -ENOMEM;
		for (unsigned int j = 0; j < side[s].nr && !err; j++) {
			run_name(&side[s], j, rt[s][j].run, sizeof(rt[s][j].run));
			err = open_table(r, t, side[s].dir[j], &rt[s][j]);
			found |= rt[s][j].d.path != NULL;
			unusable |= rt[s][j].unusable;
		}
	}
	if (err || !found || unusable)
		goto out;
	for (unsigned int m = 0; m < nr_metrics(t) && !err; m++)
		for (int s = 0; s < 2 && !err; s++)
			for (unsigned int j = 0; j < side[s].nr && !err && !skip[m]; j++)
				if (rt[s][j].d.path && rt[s][j].metric_col[m] < 0) {
					skip[m] = true;
					err = add_line(r,
						       "%s of %s has no column '%s': not compared",
						       t->file, rt[s][j].run,
						       t->compare->metrics[m].column);
				}
	for (int s = 0; s < 2 && !err && t->compare->batches && r->unit == COMPARE_UNIT_BATCHES;
	     s++)
		err = load_batches(r, t, side[s].dir[0], rt[s][0].run, &b[s]);
	for (int s = 0; s < 2 && !err; s++)
		for (unsigned int j = 0; j < side[s].nr && !err; j++)
			for (unsigned long i = 0; i < rt[s][j].d.nr_rows && !err; i++) {
				const char *key = rt[s][j].keys[i];

				if (key && !met_before(rt, side, s, j, key))
					err = compare_key(r, t, rt, side, b, at, skip, key);
			}
out:
	for (int s = 0; s < 2; s++) {
		for (unsigned int j = 0; rt[s] && j < side[s].nr; j++)
			free_run_table(&rt[s][j]);
		free(rt[s]);
		free(at[s]);
		free_batches(&b[s]);
	}
	return err;
}

/*
 * Many tests at once: with hundreds of keys, some p-values fall below alpha by chance alone
 * (alpha of them on average when nothing changed). The Benjamini-Hochberg adjustment keeps the
 * expected share of such false verdicts among the "faster" and "slower" ones at alpha. It is
 * chosen over Holm's, which bounds the chance of even one false verdict: a back-end change
 * usually moves many keys at once, and Holm's bar for the smallest p-value, alpha / tests
 * (0.0002 for 240 keys), is below the smallest p-value 5 against 5 repetitions can give
 * (0.0079), so it could never report anything for a --quick run.
 */
static int adjust(struct compare_result *r)
{
	double *p = malloc((r->nr_rows ?: 1) * sizeof(*p));
	unsigned int n = 0;
	int err;

	if (!p)
		return -ENOMEM;
	for (unsigned int i = 0; i < r->nr_rows; i++)
		if (r->rows[i].verdict == CMP_FASTER || r->rows[i].verdict == CMP_SLOWER)
			p[n++] = r->rows[i].p;
	err = bh_adjust(p, p, n);
	for (unsigned int i = 0, j = 0; !err && i < r->nr_rows; i++) {
		struct compare_row *row = &r->rows[i];

		if (row->verdict != CMP_FASTER && row->verdict != CMP_SLOWER)
			continue;
		row->q = p[j++];
		if (row->q > r->alpha)
			row->verdict = CMP_NOT_SIGNIFICANT;
	}
	free(p);
	return err;
}

/*
 * The line above the table for one run: its directory, and from its meta.csv what produced it.
 * @commit receives the run's git_commit (to free), NULL when meta.csv does not say.
 */
static int describe_run(struct compare_result *r, const char *run, const char *dir, char **commit)
{
	static const char *const keys[] = { "git_commit", "date", "command_line" };
	const char *val[3] = { "?", "?", "?" };
	struct csv_data d;
	int err = load(dir, "meta.csv", &d);

	*commit = NULL;
	if (err == -ENOENT)
		return add_line(r, "%s: %s (no meta.csv)", run, dir);
	if (err)
		return err;
	for (unsigned long i = 0; i < d.nr_rows && d.nr_cols >= 2; i++)
		for (unsigned int k = 0; k < 3; k++)
			if (!strcmp(d.rows[i]->fields[0], keys[k]))
				val[k] = d.rows[i]->fields[1];
	err = add_line(r, "%s: %s (commit %s, %s): %s", run, dir, val[0], val[1], val[2]);
	if (!err && strcmp(val[0], "?")) {
		*commit = strdup(val[0]);
		err = *commit ? 0 : -ENOMEM;
	}
	csv_data_free(&d);
	return err;
}

/*
 * The lines of a side's runs. They are to be runs of one build: a run of another commit than
 * the side's first is said, as what it changed would count as noise.
 */
static int describe_side(struct compare_result *r, const struct side *s)
{
	char name[2][16], *commit[2] = { NULL, NULL };
	int err = 0;

	run_name(s, 0, name[0], sizeof(name[0]));
	err = describe_run(r, name[0], s->dir[0], &commit[0]);
	for (unsigned int j = 1; j < s->nr && !err; j++) {
		run_name(s, j, name[1], sizeof(name[1]));
		err = describe_run(r, name[1], s->dir[j], &commit[1]);
		if (!err && commit[0] && commit[1] && strcmp(commit[0], commit[1]))
			err = add_line(r,
				       "Warning: %s is of commit %s, %s of %s: the runs of a side "
				       "are to be of one build",
				       name[1], commit[1], name[0], commit[0]);
		free(commit[1]);
		commit[1] = NULL;
	}
	free(commit[0]);
	return err;
}

/* A directory, and one with at least one of the tables: otherwise one line, and -errno */
static int check_run_dir(const char *dir)
{
	char path[PATH_MAX];
	struct stat st;

	if (stat(dir, &st)) {
		int err = -errno;

		fprintf(stderr, "%s: %s\n", dir, strerror(-err));
		return err;
	}
	if (!S_ISDIR(st.st_mode)) {
		fprintf(stderr, "%s: not a directory\n", dir);
		return -ENOTDIR;
	}
	for (unsigned int n = 0; compared_table(n); n++) {
		snprintf(path, sizeof(path), "%s/%s", dir, compared_table(n)->file);
		if (!access(path, F_OK))
			return 0;
	}
	fprintf(stderr,
		"%s: no table kmembench compare knows (latency.csv, frag_summary.csv, ...): "
		"not a run directory\n",
		dir);
	return -ENOENT;
}

static void count(struct compare_result *r)
{
	for (unsigned int i = 0; i < r->nr_rows; i++) {
		const struct compare_row *row = &r->rows[i];

		r->some_runs += row->some_runs;
		r->repeated += row->rows[0] > 1 || row->rows[1] > 1;
		r->disagree += row->disagree[0] || row->disagree[1];
		switch (row->verdict) {
		case CMP_ONLY_A:
			r->only[0]++;
			continue;
		case CMP_ONLY_B:
			r->only[1]++;
			continue;
		case CMP_FASTER:
			r->faster++;
			break;
		case CMP_SLOWER:
			r->slower++;
			break;
		case CMP_DIFFERS:
			r->differ++;
			break;
		default:
			break;
		}
		r->compared++;
		if (row->verdict == CMP_SAME || row->verdict == CMP_DIFFERS)
			r->deterministic++;
		if (row->verdict == CMP_NOT_SIGNIFICANT || row->verdict == CMP_FASTER ||
		    row->verdict == CMP_SLOWER) {
			r->tested++;
			r->raw_significant += row->p <= r->alpha;
		}
	}
}

/* The fewest runs a side for which the U test can give a p-value of at most @alpha */
static unsigned int runs_needed(double alpha)
{
	unsigned int n = 2;

	while (mwu_min_p(n, n) > alpha)
		n++;
	return n;
}

/*
 * The summary below the table, and the warning compare.py gives when there are fewer than 9
 * repetitions, with what they allow: the smallest p-value the fewest repetitions can give, and
 * the bar a lone difference must pass after the adjustment, alpha / tests. With runs as the
 * unit, too few runs for the test ever to reach alpha (3 against 3: p >= 0.1) is said instead,
 * with how many would do.
 */
static int summarise(struct compare_result *r)
{
	unsigned int fewest[2] = { UINT_MAX, UINT_MAX }, few = 0, untested = 0;
	bool runs = r->unit == COMPARE_UNIT_RUNS;
	double least = mwu_min_p(r->nr_runs[0], r->nr_runs[1]);
	int err;

	for (unsigned int i = 0; i < r->nr_rows; i++) {
		const struct compare_row *row = &r->rows[i];

		if (row->verdict == CMP_FEW_REPS)
			untested++;
		if (row->verdict != CMP_NOT_SIGNIFICANT && row->verdict != CMP_FASTER &&
		    row->verdict != CMP_SLOWER)
			continue;
		if (row->na < COMPARE_OPTIMAL_REPS || row->nb < COMPARE_OPTIMAL_REPS)
			few++;
		if (row->na + row->nb < fewest[0] + fewest[1] || fewest[0] == UINT_MAX) {
			fewest[0] = row->na;
			fewest[1] = row->nb;
		}
	}
	err = add_line(r, "%u metrics compared; %u only in A, %u only in B.", r->compared,
		       r->only[0], r->only[1]);
	if (!err && r->tested)
		err = add_line(
			r,
			"Tested: %u (two-sided Mann-Whitney U test of the %s): "
			"%u faster and %u slower in B at alpha %g after the Benjamini-Hochberg "
			"adjustment (q <= %g), %u not significant.",
			r->tested, runs ? "runs' figures" : "batch means", r->faster, r->slower,
			r->alpha, r->alpha, r->tested - r->faster - r->slower);
	if (!err && r->tested)
		err = add_line(r,
			       "Of the %u tests, %u have p <= %g, where about %.1f would by chance "
			       "alone if nothing had changed: hence the verdicts go by q, which "
			       "keeps the expected share of false ones at %g.",
			       r->tested, r->raw_significant, r->alpha, r->tested * r->alpha,
			       r->alpha);
	if (!err && r->tested && !runs)
		err = add_line(
			r, "Batches are repetitions within a run: a test tells whether two "
			   "runs differ by more than their own noise, not whether the code "
			   "does. Two runs of one build show how much the machine alone moves.");
	if (!err && r->tested && runs)
		err = add_line(r, "Runs are the repetitions: a test tells whether B's runs differ "
				  "from A's by more than runs of one side differ among themselves. "
				  "Run the sides alternately (A1, B1, A2, B2, ...), so that what "
				  "drifts on the machine falls on both.");
	if (!err && untested)
		err = add_line(r, "Not tested: %u (fewer than 2 %s).", untested,
			       runs ? "runs with a value on a side" : "batches in a run");
	if (!err && r->some_runs)
		err = add_line(r,
			       "Missing from some runs (or not measured in them: ops 0): %u rows, "
			       "each from the runs that have it, as its verdict says.",
			       r->some_runs);
	if (!err && r->repeated)
		err = add_line(r,
			       "Measured more than once in a run (several rows of one key): %u "
			       "rows, each at the median of the run's rows, as its verdict says.",
			       r->repeated);
	if (!err && r->deterministic)
		err = add_line(r, "Deterministic for the seed: %u, of which %u differ.",
			       r->deterministic, r->differ);
	if (!err && r->disagree)
		err = add_line(
			r,
			"Deterministic figures whose runs of one side differ among themselves "
			"with one seed: %u (listed above).",
			r->disagree);
	if (!err && runs && least > r->alpha)
		err = add_line(r,
			       "Warning: runs of A: %u, of B: %u; the smallest p-value the test "
			       "can give is %.2g, "
			       "above alpha %g: no verdict is possible. %u runs a side allow one "
			       "(the smallest p-value then %.2g).",
			       r->nr_runs[0], r->nr_runs[1], least, r->alpha, runs_needed(r->alpha),
			       mwu_min_p(runs_needed(r->alpha), runs_needed(r->alpha)));
	else if (!err && few)
		err = add_line(r,
			       "Warning: %u tests have fewer than %u %s, which compare.py calls "
			       "unreliable: with %u and %u the smallest p-value possible is %.2g, "
			       "and after the adjustment a lone difference needs p <= %g / %u = "
			       "%.2g. %s",
			       few, COMPARE_OPTIMAL_REPS, runs ? "runs a side" : "batches a run",
			       fewest[0], fewest[1], mwu_min_p(fewest[0], fewest[1]), r->alpha,
			       r->tested, r->alpha / r->tested,
			       runs ? "More runs a side make smaller differences visible."
				    : "More batches: run without --quick, or with "
				      "--param latency.batches=N.");
	return err;
}

int compare_runs(const char *const *a, unsigned int nr_a, const char *const *b, unsigned int nr_b,
		 double alpha, struct compare_result **out)
{
	const struct side side[2] = { { a, nr_a, 'A' }, { b, nr_b, 'B' } };
	struct compare_result *r;
	int err = 0;

	for (int s = 0; s < 2 && !err; s++)
		for (unsigned int j = 0; j < side[s].nr && !err; j++)
			err = check_run_dir(side[s].dir[j]);
	if (err)
		return err;
	r = calloc(1, sizeof(*r));
	if (!r)
		goto nomem;
	r->alpha = alpha;
	r->unit = nr_a > 1 || nr_b > 1 ? COMPARE_UNIT_RUNS : COMPARE_UNIT_BATCHES;
	for (int s = 0; s < 2; s++) {
		r->dir[s] = calloc(side[s].nr, sizeof(*r->dir[s]));
		if (!r->dir[s])
			goto nomem;
		r->nr_runs[s] = side[s].nr;
		for (unsigned int j = 0; j < side[s].nr; j++) {
			r->dir[s][j] = strdup(side[s].dir[j]);
			if (!r->dir[s][j])
				goto nomem;
		}
	}
	err = describe_side(r, &side[0]) ?: describe_side(r, &side[1]);
	if (!err && r->unit == COMPARE_UNIT_RUNS)
		err = add_line(
			r,
			"Unit: runs, %u of A and %u of B. A and B are the medians of the runs' "
			"figures; every figure that is not deterministic is tested over the "
			"runs.",
			nr_a, nr_b);
	r->nr_head = r->nr_lines;
	for (unsigned int n = 0; compared_table(n) && !err; n++)
		err = compare_table(r, compared_table(n), side);
	err = err ?: adjust(r);
	if (!err) {
		count(r);
		err = summarise(r);
	}
	if (err == -ENOMEM)
		goto nomem;
	if (err) {
		compare_free(r);
		return err;
	}
	*out = r;
	return 0;
nomem:
	fprintf(stderr, "kmembench compare: out of memory\n");
	compare_free(r);
	return -ENOMEM;
}

void compare_free(struct compare_result *r)
{
	if (!r)
		return;
	for (unsigned int i = 0; i < r->nr_rows; i++)
		free(r->rows[i].key);
	for (unsigned int i = 0; i < r->nr_lines; i++)
		free(r->lines[i]);
	for (int s = 0; s < 2; s++) {
		for (unsigned int j = 0; r->dir[s] && j < r->nr_runs[s]; j++)
			free(r->dir[s][j]);
		free(r->dir[s]);
	}
	free(r->rows);
	free(r->lines);
	free(r);
}
