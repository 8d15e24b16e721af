// SPDX-License-Identifier: GPL-2.0
/*
 * `kmembench compare` (compare.h): the tables compared and their keys, loading them from two run
 * directories, matching rows by key, the tests and the summary. compare_text.c writes it out.
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
#include "csv.h"
#include "significance.h"

#define MAX_KEYS    8
#define MAX_METRICS 4

enum metric_kind {
	METRIC_RATIO,	      /* a measurement without repetitions */
	METRIC_TESTED,	      /* a time with repetitions in the table's batches file */
	METRIC_DETERMINISTIC, /* the same for the same seed, unless the code changed */
};

struct metric_spec {
	const char *column;
	enum metric_kind kind;
};

/*
 * A table compared: the columns that say what a row measured (its key; a run has one row per
 * key) and the metrics. A tested metric's repetitions are the @batch_column values of the
 * @batches table's rows with the same key.
 */
struct table_spec {
	const char *file;
	const char *keys[MAX_KEYS];
	struct metric_spec metrics[MAX_METRICS];
	const char *batches;
	const char *batch_column;
};

static const struct table_spec table_specs[] = {
	{
		.file = "latency.csv",
		.keys = { "backend", "arch", "pcp", "kind", "size", "op" },
		.metrics = { { "mean_ns", METRIC_TESTED },
			     { "p50_ns", METRIC_RATIO },
			     { "p99_ns", METRIC_RATIO } },
		.batches = "latency_batches.csv",
		.batch_column = "mean_ns",
	},
	{
		.file = "frag_summary.csv",
		.keys = { "backend", "arch", "pcp", "phase", "order" },
		.metrics = { { "success_rate", METRIC_DETERMINISTIC },
			     { "unusable_index", METRIC_DETERMINISTIC } },
	},
	{
		.file = "replay_summary.csv",
		.keys = { "backend", "arch", "trace", "per_cpu" },
		.metrics = { { "seconds", METRIC_RATIO }, { "events", METRIC_DETERMINISTIC } },
	},
	{
		.file = "tlb.csv",
		.keys = { "backend", "arch", "mapping", "ws_bytes" },
		.metrics = { { "ns_per_access", METRIC_RATIO } },
	},
	{
		.file = "contention.csv",
		.keys = { "backend", "arch", "pcp", "kind", "size", "threads" },
		.metrics = { { "mops", METRIC_RATIO } },
	},
	{
		.file = "numa.csv",
		.keys = { "backend", "arch", "case", "cpu_node", "target_node" },
		.metrics = { { "local_frac", METRIC_RATIO } },
	},
};

#define NR_TABLE_SPECS (sizeof(table_specs) / sizeof(table_specs[0]))

/* A row's key and its index in its table, sorted by key to find rows of the other run */
struct keyed {
	const char *key;
	unsigned long row;
};

/* One table of one run: its rows with their keys, and the columns looked up by name */
struct run_table {
	struct csv_data d; /* d.path is NULL when the run has no such table */
	const char *run;   /* "A" or "B", for messages */
	int key_col[MAX_KEYS];
	int metric_col[MAX_METRICS]; /* -1: the column is missing */
	int seed_col, quick_col;     /* -1 when the table has none */
	bool unusable;		     /* a key column is missing */
	char **keys;		     /* [d.nr_rows]; NULL for a row whose key came earlier */
	struct keyed *index;	     /* the rows with a key, sorted by it */
	unsigned long nr_index;
	bool *matched; /* [d.nr_rows]: the other run has the key */
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
	*row = (struct compare_row){ .table = table, .column = column, .key = strdup(key) };
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
	char *end;

	*v = strtod(s, &end);
	if (!*s || *end || !isfinite(*v)) {
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

static unsigned int nr_keys(const struct table_spec *t)
{
	unsigned int n = 0;

	while (n < MAX_KEYS && t->keys[n])
		n++;
	return n;
}

static unsigned int nr_metrics(const struct table_spec *t)
{
	unsigned int n = 0;

	while (n < MAX_METRICS && t->metrics[n].column)
		n++;
	return n;
}

/* Key columns by name; false (after a note) when one is missing, as in a table of another age */
static int key_columns(struct compare_result *r, const struct table_spec *t,
		       const struct csv_data *d, const char *run, int *cols, bool *ok)
{
	*ok = true;
	for (unsigned int k = 0; k < nr_keys(t); k++) {
		cols[k] = csv_column(d, t->keys[k]);
		if (cols[k] < 0) {
			*ok = false;
			return add_line(r, "%s of %s has no column '%s': not compared", t->file,
					run, t->keys[k]);
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

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct keyed *)a)->key, ((const struct keyed *)b)->key);
}

static int by_key_value(const void *a, const void *b)
{
	return strcmp(((const struct keyed_value *)a)->key, ((const struct keyed_value *)b)->key);
}

/*
 * Every row's key, and the index sorted by key. A key met a second time (a run has one row per
 * key, so only a damaged or concatenated file has it) keeps its first row, with a note.
 */
static int index_rows(struct compare_result *r, const struct table_spec *t, struct run_table *rt)
{
	unsigned long dups = 0, n = rt->d.nr_rows;

	rt->keys = calloc(n ?: 1, sizeof(*rt->keys));
	rt->index = calloc(n ?: 1, sizeof(*rt->index));
	rt->matched = calloc(n ?: 1, sizeof(*rt->matched));
	if (!rt->keys || !rt->index || !rt->matched)
		return -ENOMEM;
	for (unsigned long i = 0; i < n; i++) {
		rt->keys[i] = make_key(&rt->d, rt->d.rows[i], rt->key_col, nr_keys(t));
		if (!rt->keys[i])
			return -ENOMEM;
		rt->index[i] = (struct keyed){ rt->keys[i], i };
	}
	qsort(rt->index, n, sizeof(*rt->index), by_key_row);
	rt->nr_index = 0;
	for (unsigned long i = 0; i < n; i++) {
		struct keyed k = rt->index[i];

		if (rt->nr_index && !strcmp(rt->index[rt->nr_index - 1].key, k.key)) {
			free(rt->keys[k.row]);
			rt->keys[k.row] = NULL;
			dups++;
			continue;
		}
		rt->index[rt->nr_index++] = k;
	}
	if (dups)
		return add_line(r,
				"%s of %s: %lu rows with a key already met: only a key's first row "
				"is compared",
				t->file, rt->run, dups);
	return 0;
}

static const struct keyed *find(const struct run_table *rt, const char *key)
{
	struct keyed k = { key, 0 };

	if (!rt->d.path)
		return NULL;
	return bsearch(&k, rt->index, rt->nr_index, sizeof(k), by_key);
}

/*
 * The repetitions of @t's tested metric in one run: every batch row's key and value, sorted by
 * key. A batch that timed nothing (ops 0: every allocation failed) has no value and is left out.
 */
static int load_batches(struct compare_result *r, const struct table_spec *t, const char *dir,
			const char *run, struct run_batches *b)
{
	struct csv_data d;
	int cols[MAX_KEYS], vcol, ocol, err;
	bool ok;

	b->n = 0;
	err = load(dir, t->batches, &d);
	if (err)
		return err == -ENOENT ? 0 : err;
	vcol = csv_column(&d, t->batch_column);
	ocol = csv_column(&d, "ops");
	err = key_columns(r, t, &d, run, cols, &ok);
	if (!err && ok && vcol < 0)
		err = add_line(r, "%s of %s has no column '%s': no repetitions", t->batches, run,
			       t->batch_column);
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
	unsigned long lo = 0, hi = b->n, end;

	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;

		if (strcmp(b->kv[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < b->n && !strcmp(b->kv[end].key, key); end++)
		;
	*first = b->kv + lo;
	return (unsigned int)(end - lo);
}

static void free_run_table(struct run_table *rt)
{
	for (unsigned long i = 0; rt->keys && i < rt->d.nr_rows; i++)
		free(rt->keys[i]);
	free(rt->keys);
	free(rt->index);
	free(rt->matched);
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
 * A tested metric of a key both runs have: the U test of A's repetitions against B's. The
 * verdict is set from the side U points to ("faster" when A's values are the larger) and made
 * "not significant" later, when the adjusted p-value of all the tests is known.
 */
static int test_row(struct compare_row *row, const struct run_batches b[2])
{
	const struct keyed_value *kv[2];
	double *v[2];
	struct mwu_result res;
	int err;

	row->na = batch_values(&b[0], row->key, &kv[0]);
	row->nb = batch_values(&b[1], row->key, &kv[1]);
	if (row->na < 2 || row->nb < 2) {
		row->verdict = CMP_FEW_REPS;
		return 0;
	}
	v[0] = malloc(row->na * sizeof(double));
	v[1] = malloc(row->nb * sizeof(double));
	err = v[0] && v[1] ? 0 : -ENOMEM;
	for (unsigned int i = 0; !err && i < row->na; i++)
		v[0][i] = kv[0][i].v;
	for (unsigned int i = 0; !err && i < row->nb; i++)
		v[1][i] = kv[1][i].v;
	if (!err)
		err = mwu_test(v[0], row->na, v[1], row->nb, &res);
	free(v[0]);
	free(v[1]);
	if (err)
		return err;
	row->p = res.p;
	row->verdict = res.u > (double)row->na * row->nb / 2 ? CMP_FASTER : CMP_SLOWER;
	return 0;
}

/* A deterministic figure: equal or not, when the rows were made with the same seed */
static enum compare_verdict deterministic(const struct run_table rt[2], const unsigned long i[2],
					  double a, double b)
{
	if (rt[0].seed_col >= 0 && rt[1].seed_col >= 0 &&
	    strcmp(rt[0].d.rows[i[0]]->fields[rt[0].seed_col],
		   rt[1].d.rows[i[1]]->fields[rt[1].seed_col]))
		return CMP_OTHER_SEED;
	if (rt[0].quick_col >= 0 && rt[1].quick_col >= 0 &&
	    strcmp(rt[0].d.rows[i[0]]->fields[rt[0].quick_col],
		   rt[1].d.rows[i[1]]->fields[rt[1].quick_col]))
		return CMP_OTHER_SEED;
	return a == b ? CMP_SAME : CMP_DIFFERS;
}

/* The rows of one metric for a key: in both runs (@i[0], @i[1]), or in one (the other ULONG_MAX) */
static int metric_row(struct compare_result *r, const struct table_spec *t, unsigned int m,
		      const struct run_table rt[2], const struct run_batches b[2],
		      const unsigned long i[2], const char *key)
{
	const struct metric_spec *ms = &t->metrics[m];
	struct compare_row *row = add_row(r, t->file, ms->column, key);
	int err = 0;

	if (!row)
		return -ENOMEM;
	for (int s = 0; s < 2 && !err; s++)
		if (i[s] != ULONG_MAX)
			err = number(&rt[s].d, rt[s].d.rows[i[s]], rt[s].metric_col[m],
				     s ? &row->b : &row->a);
	if (err)
		return err;
	if (i[1] == ULONG_MAX) {
		row->verdict = CMP_ONLY_A;
		return 0;
	}
	if (i[0] == ULONG_MAX) {
		row->verdict = CMP_ONLY_B;
		return 0;
	}
	switch (ms->kind) {
	case METRIC_RATIO:
		row->verdict = CMP_RATIO_ONLY;
		return 0;
	case METRIC_TESTED:
		return test_row(row, b);
	case METRIC_DETERMINISTIC:
		row->verdict = deterministic(rt, i, row->a, row->b);
		return 0;
	}
	return 0;
}

/*
 * Loads one run's @t and looks its columns up. A missing key column leaves the whole table out
 * (rows could not be matched), a missing metric column the metric (compare_table()), each after
 * a note.
 */
static int open_table(struct compare_result *r, const struct table_spec *t, const char *dir,
		      const char *run, struct run_table *rt)
{
	bool ok;
	int err;

	rt->run = run;
	err = load(dir, t->file, &rt->d);
	if (err)
		return err == -ENOENT ? 0 : err;
	err = key_columns(r, t, &rt->d, run, rt->key_col, &ok);
	rt->unusable = !ok;
	if (err || !ok)
		return err;
	for (unsigned int m = 0; m < nr_metrics(t); m++)
		rt->metric_col[m] = csv_column(&rt->d, t->metrics[m].column);
	rt->seed_col = csv_column(&rt->d, "seed");
	rt->quick_col = csv_column(&rt->d, "quick");
	return index_rows(r, t, rt);
}

/*
 * One table: A's rows in A's order, each with its metrics and the matching row of B; then B's
 * rows that A does not have.
 */
static int compare_table(struct compare_result *r, const struct table_spec *t,
			 const char *const dir[2])
{
	struct run_table rt[2] = { 0 };
	struct run_batches b[2] = { 0 };
	bool skip[MAX_METRICS] = { false };
	int err = 0;

	for (int s = 0; s < 2 && !err; s++)
		err = open_table(r, t, dir[s], s ? "B" : "A", &rt[s]);
	if (err || (!rt[0].d.path && !rt[1].d.path) || rt[0].unusable || rt[1].unusable)
		goto out;
	for (unsigned int m = 0; m < nr_metrics(t) && !err; m++)
		for (int s = 0; s < 2 && !err; s++)
			if (rt[s].d.path && rt[s].metric_col[m] < 0 && !skip[m]) {
				skip[m] = true;
				err = add_line(r, "%s of %s has no column '%s': not compared",
					       t->file, rt[s].run, t->metrics[m].column);
			}
	for (int s = 0; s < 2 && !err && t->batches; s++)
		err = load_batches(r, t, dir[s], s ? "B" : "A", &b[s]);
	for (unsigned long i = 0; i < rt[0].d.nr_rows && !err; i++) {
		const struct keyed *other;
		unsigned long at[2] = { i, ULONG_MAX };

		if (!rt[0].keys[i])
			continue;
		other = find(&rt[1], rt[0].keys[i]);
		if (other) {
			at[1] = other->row;
			rt[1].matched[other->row] = true;
		}
		for (unsigned int m = 0; m < nr_metrics(t) && !err; m++)
			if (!skip[m])
				err = metric_row(r, t, m, rt, b, at, rt[0].keys[i]);
	}
	for (unsigned long i = 0; i < rt[1].d.nr_rows && !err; i++) {
		unsigned long at[2] = { ULONG_MAX, i };

		if (!rt[1].keys[i] || rt[1].matched[i])
			continue;
		for (unsigned int m = 0; m < nr_metrics(t) && !err; m++)
			if (!skip[m])
				err = metric_row(r, t, m, rt, b, at, rt[1].keys[i]);
	}
out:
	for (int s = 0; s < 2; s++) {
		free_run_table(&rt[s]);
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

/* The lines above the table: each run's directory, and from its meta.csv what produced it */
static int describe_run(struct compare_result *r, const char *run, const char *dir)
{
	static const char *const keys[] = { "git_commit", "date", "command_line" };
	const char *val[3] = { "?", "?", "?" };
	struct csv_data d;
	int err = load(dir, "meta.csv", &d);

	if (err == -ENOENT)
		return add_line(r, "%s: %s (no meta.csv)", run, dir);
	if (err)
		return err;
	for (unsigned long i = 0; i < d.nr_rows && d.nr_cols >= 2; i++)
		for (unsigned int k = 0; k < 3; k++)
			if (!strcmp(d.rows[i]->fields[0], keys[k]))
				val[k] = d.rows[i]->fields[1];
	err = add_line(r, "%s: %s (commit %s, %s): %s", run, dir, val[0], val[1], val[2]);
	csv_data_free(&d);
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
	for (unsigned int t = 0; t < NR_TABLE_SPECS; t++) {
		snprintf(path, sizeof(path), "%s/%s", dir, table_specs[t].file);
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

/*
 * The summary below the table, and the warning compare.py gives when there are fewer than 9
 * repetitions, with what they allow: the smallest p-value the fewest repetitions can give, and
 * the bar a lone difference must pass after the adjustment, alpha / tests.
 */
static int summarise(struct compare_result *r)
{
	unsigned int fewest[2] = { UINT_MAX, UINT_MAX }, few = 0, untested = 0;
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
			"Tested: %u (two-sided Mann-Whitney U test of the batch means): "
			"%u faster and %u slower in B at alpha %g after the Benjamini-Hochberg "
			"adjustment (q <= %g), %u not significant.",
			r->tested, r->faster, r->slower, r->alpha, r->alpha,
			r->tested - r->faster - r->slower);
	if (!err && r->tested)
		err = add_line(r,
			       "Of the %u tests, %u have p <= %g, where about %.1f would by chance "
			       "alone if nothing had changed: hence the verdicts go by q, which "
			       "keeps the expected share of false ones at %g.",
			       r->tested, r->raw_significant, r->alpha, r->tested * r->alpha,
			       r->alpha);
	if (!err && r->tested)
		err = add_line(
			r, "Batches are repetitions within a run: a test tells whether two "
			   "runs differ by more than their own noise, not whether the code "
			   "does. Two runs of one build show how much the machine alone moves.");
	if (!err && untested)
		err = add_line(r, "Not tested: %u (fewer than 2 batches in a run).", untested);
	if (!err && r->deterministic)
		err = add_line(r, "Deterministic for the seed: %u, of which %u differ.",
			       r->deterministic, r->differ);
	if (!err && few)
		err = add_line(r,
			       "Warning: %u tests have fewer than %u batches a run, which "
			       "compare.py calls unreliable: with %u and %u the smallest p-value "
			       "possible is %.2g, and after the adjustment a lone difference needs "
			       "p <= %g / %u = %.2g. More batches: run without --quick, or with "
			       "--param latency.batches=N.",
			       few, COMPARE_OPTIMAL_REPS, fewest[0], fewest[1],
			       mwu_min_p(fewest[0], fewest[1]), r->alpha, r->tested,
			       r->alpha / r->tested);
	return err;
}

int compare_runs(const char *a, const char *b, double alpha, struct compare_result **out)
{
	const char *const dir[2] = { a, b };
	struct compare_result *r;
	int err;

	err = check_run_dir(a) ?: check_run_dir(b);
	if (err)
		return err;
	r = calloc(1, sizeof(*r));
	if (!r)
		goto nomem;
	r->alpha = alpha;
	r->dir[0] = strdup(a);
	r->dir[1] = strdup(b);
	if (!r->dir[0] || !r->dir[1])
		goto nomem;
	err = describe_run(r, "A", a) ?: describe_run(r, "B", b);
	r->nr_head = r->nr_lines;
	for (unsigned int t = 0; t < NR_TABLE_SPECS && !err; t++)
		err = compare_table(r, &table_specs[t], dir);
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
	free(r->rows);
	free(r->lines);
	free(r->dir[0]);
	free(r->dir[1]);
	free(r);
}
