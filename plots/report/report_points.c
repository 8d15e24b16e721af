// SPDX-License-Identifier: GPL-2.0
/*
 * The points a plot draws (report.h): a section's table reduced, before gnuplot sees it, to
 * one row per point of its plots.
 *
 * gnuplot reads a table once per series, panel and axis range, at some microseconds a row:
 * a latency.csv of a million rows kept it busy for many minutes and drew the same few hundred
 * points, the rows of each lying on top of each other. So the report groups the rows here,
 * in one sort, and hands the script a file of the points alone.
 *
 * Rows that agree in every series column and every x column are one point, drawn at the
 * median of each y column over them: they are repeats of one measurement (another seed,
 * another run appended to the file, a configuration the plot does not tell apart), and the
 * median is the figure a repeat most likely gives, unmoved by one outlier. A series with more
 * distinct x values than its plot can tell apart (max_points: 64 sizes, 1,000 samples of a
 * time series) has them grouped into that many bins of equal width (of equal ratio for an x
 * drawn on a log scale, as sizes are), each point then at the median x of its bin, and its
 * first and last x a point each: a time series keeps its shape at the resolution of the image,
 * and its ends. The output has the series, x and y
 * columns and "rows", how many rows a point stands for; nothing else of the table is drawn.
 */
#define _GNU_SOURCE /* qsort_r */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* The table being sorted, and what the order goes by */
struct points_ctx {
	const struct csv_data *d;
	int series[REPORT_MAX_SERIES];
	int nr_series;
	/* each row's series, numbered in the order the series first appear in the table */
	unsigned long *id;
	/* the x columns of each row, NaN where a field is not a number */
	double *x[REPORT_MAX_X];
	int nr_x;
};

/* How the points of one series are told apart: by x, or by bin of the first x column */
struct series_bins {
	bool binned;
	bool ratio; /* bins of equal ratio (a log scale, every x positive), else of equal width */
	unsigned int nr;
	double lo, hi;
};

/* @s as a number, NaN when it is none (empty, text, inf or nan) */
static double number(const char *s)
{
	double v;

	return csv_number(s, &v) ? v : NAN;
}

static int cmp_double(double a, double b)
{
	/* NaN last: rows that cannot be placed end their series, and are left out */
	if (isnan(a) || isnan(b))
		return isnan(a) - isnan(b);
	return (a > b) - (a < b);
}

static int cmp_rows(const void *pa, const void *pb, void *arg)
{
	const struct points_ctx *c = arg;
	unsigned long a = *(const unsigned long *)pa, b = *(const unsigned long *)pb;

	if (c->id[a] != c->id[b])
		return c->id[a] < c->id[b] ? -1 : 1;
	for (int i = 0; i < c->nr_x; i++) {
		int r = cmp_double(c->x[i][a], c->x[i][b]);

		if (r)
			return r;
	}
	return (a > b) - (a < b);
}

static bool same_series(const struct points_ctx *c, unsigned long a, unsigned long b)
{
	for (int i = 0; i < c->nr_series; i++)
		if (strcmp(csv_get(c->d, a, c->series[i]), csv_get(c->d, b, c->series[i])))
			return false;
	return true;
}

/* FNV-1a of the series fields of row @r, each ended by a NUL as a separator */
static unsigned long series_hash(const struct points_ctx *c, unsigned long r)
{
	unsigned long h = 14695981039346656037UL;

	for (int i = 0; i < c->nr_series; i++)
		for (const char *s = csv_get(c->d, r, c->series[i]);; s++) {
			h = (h ^ (unsigned char)*s) * 1099511628211UL;
			if (!*s)
				break;
		}
	return h;
}

/*
 * Numbers each row's series (c->id) in order of first appearance, with a hash table of the
 * first row of each series: the sort then compares numbers, not strings, and the series come
 * out in the table's order, which the scripts' panels, images and legends follow.
 * Return: 0 or -ENOMEM.
 */
static int number_series(struct points_ctx *c)
{
	unsigned long n = c->d->nr_rows, size = 2, next = 0, *slot;

	while (size < 2 * n)
		size *= 2;
	slot = calloc(size, sizeof(*slot)); /* a series' first row + 1; 0: empty */
	if (!slot)
		return -ENOMEM;
	for (unsigned long r = 0; r < n; r++) {
		unsigned long h = series_hash(c, r) & (size - 1);

		while (slot[h] && !same_series(c, slot[h] - 1, r))
			h = (h + 1) & (size - 1);
		if (!slot[h]) {
			slot[h] = r + 1;
			c->id[r] = next++;
		} else {
			c->id[r] = c->id[slot[h] - 1];
		}
	}
	free(slot);
	return 0;
}

static int cmp_qsort_double(const void *pa, const void *pb)
{
	return cmp_double(*(const double *)pa, *(const double *)pb);
}

/* The median of column @col over rows @idx[0..@n) (NaN when none is a number), @tmp scratch */
static double median(const struct csv_data *d, int col, const unsigned long *idx, unsigned long n,
		     double *tmp)
{
	unsigned long m = 0;

	for (unsigned long i = 0; i < n; i++) {
		double v = number(csv_get(d, idx[i], col));

		if (!isnan(v))
			tmp[m++] = v;
	}
	if (!m)
		return NAN;
	qsort(tmp, m, sizeof(*tmp), cmp_qsort_double);
	return m % 2 ? tmp[m / 2] : (tmp[m / 2 - 1] + tmp[m / 2]) / 2;
}

/* Which of @nr_bins bins from @lo to @hi holds @x: of equal ratio when @ratio, else width */
static unsigned int bin_of(double x, double lo, double hi, bool ratio, unsigned int nr_bins)
{
	double f = ratio ? log(x / lo) / log(hi / lo) : (x - lo) / (hi - lo);
	double b = floor(f * nr_bins);

	return hi <= lo || b < 0 ? 0 : b >= nr_bins ? nr_bins - 1 : (unsigned int)b;
}

/*
 * Whether rows @a and @b of one series are one point: the same x values, or the same bin. The
 * ends of a binned series are points of their own, so that it still starts and ends where the
 * table does (a replay's state before its first event and after its last).
 */
static bool same_point(const struct points_ctx *c, unsigned long a, unsigned long b,
		       const struct series_bins *bins)
{
	double xa = c->x[0][a], xb = c->x[0][b];

	if (bins->binned && (xa == bins->lo || xa == bins->hi || xb == bins->lo || xb == bins->hi))
		return xa == xb;
	if (bins->binned)
		return bin_of(c->x[0][a], bins->lo, bins->hi, bins->ratio, bins->nr) ==
		       bin_of(c->x[0][b], bins->lo, bins->hi, bins->ratio, bins->nr);
	for (int i = 0; i < c->nr_x; i++)
		if (cmp_double(c->x[i][a], c->x[i][b]))
			return false;
	return true;
}

/*
 * How the series of rows @idx[0..@n) (sorted by x) is to be split into points. Return: how
 * many of its rows have a first x that is a number: the others, sorted last, are not drawn.
 */
static unsigned long series_bins(const struct points_ctx *c, const struct report_points *p,
				 const unsigned long *idx, unsigned long n,
				 struct series_bins *bins)
{
	unsigned long placed = n, distinct = 0;

	while (placed && isnan(c->x[0][idx[placed - 1]]))
		placed--;
	bins->binned = false;
	bins->ratio = p->log_x;
	bins->nr = p->max_points ?: REPORT_MAX_POINTS;
	for (unsigned long i = 0; i < placed; i++)
		distinct += !i || !same_point(c, idx[i - 1], idx[i], bins);
	if (distinct > bins->nr) {
		bins->binned = true;
		bins->lo = c->x[0][idx[0]];
		bins->hi = c->x[0][idx[placed - 1]];
		bins->ratio = bins->ratio && bins->lo > 0;
	}
	return placed;
}

static void write_point(struct csv_table *out, const struct points_ctx *c,
			const struct report_points *p, const int *xcols, const int *ycols,
			const unsigned long *idx, unsigned long n, double *tmp)
{
	for (int i = 0; i < c->nr_series; i++)
		csv_str(out, csv_get(c->d, idx[0], c->series[i]));
	for (int i = 0; i < REPORT_MAX_X && p->x[i]; i++)
		csv_f64(out, median(c->d, xcols[i], idx, n, tmp), 0);
	for (int i = 0; i < REPORT_MAX_Y && p->y[i]; i++) {
		double v = median(c->d, ycols[i], idx, n, tmp);

		/* an empty field is missing data to gnuplot, as a text "nan" would not be */
		if (isnan(v))
			csv_str(out, "");
		else
			csv_f64(out, v, 0);
	}
	csv_u64(out, n);
	csv_end_row(out);
}

/* The columns the output has: the series columns @d has, then x, y and "rows" */
static int out_columns(const struct csv_data *d, const struct report_points *p,
		       struct points_ctx *c, int *xcols, int *ycols, const char **names)
{
	int n = 0;

	c->nr_series = 0;
	for (int i = 0; i < REPORT_MAX_SERIES && p->series[i]; i++) {
		int col = csv_column(d, p->series[i]);

		/* an older table without the column has one series fewer, as the script sees it */
		if (col < 0)
			continue;
		c->series[c->nr_series++] = col;
		names[n++] = p->series[i];
	}
	for (int i = 0; i < REPORT_MAX_X && p->x[i]; i++) {
		xcols[i] = csv_column(d, p->x[i]);
		if (xcols[i] < 0)
			return -1;
		names[n++] = p->x[i];
	}
	for (int i = 0; i < REPORT_MAX_Y && p->y[i]; i++) {
		ycols[i] = csv_column(d, p->y[i]);
		if (ycols[i] < 0)
			return -1;
		names[n++] = p->y[i];
	}
	names[n++] = "rows";
	return n;
}

/* Splits one series into points and writes them */
static void write_series(struct csv_table *out, const struct points_ctx *c,
			 const struct report_points *p, const int *xcols, const int *ycols,
			 const unsigned long *idx, unsigned long n, double *tmp,
			 struct report_points_result *res)
{
	struct series_bins bins;
	unsigned long placed = series_bins(c, p, idx, n, &bins);

	res->unplaced += n - placed;
	res->binned_series += bins.binned;
	for (unsigned long a = 0, b; a < placed; a = b) {
		for (b = a + 1; b < placed && same_point(c, idx[a], idx[b], &bins); b++)
			;
		write_point(out, c, p, xcols, ycols, idx + a, b - a, tmp);
		res->points++;
	}
}

int report_points_write(const char *dir, const struct csv_data *d, const struct report_points *p,
			struct report_points_result *res)
{
	const char *names[REPORT_MAX_SERIES + REPORT_MAX_X + REPORT_MAX_Y + 1];
	int xcols[REPORT_MAX_X], ycols[REPORT_MAX_Y], nr_cols, err = 0;
	unsigned long rows = d->nr_rows ?: 1, *idx;
	struct points_ctx c = { .d = d };
	struct csv_table *out;
	double *tmp;

	memset(res, 0, sizeof(*res));
	nr_cols = out_columns(d, p, &c, xcols, ycols, names);
	if (nr_cols < 0)
		return -ENOENT;
	idx = malloc(rows * sizeof(*idx));
	tmp = malloc(rows * sizeof(*tmp));
	c.id = malloc(rows * sizeof(*c.id));
	err = idx && tmp && c.id ? number_series(&c) : -ENOMEM;
	for (c.nr_x = 0; !err && c.nr_x < REPORT_MAX_X && p->x[c.nr_x]; c.nr_x++) {
		c.x[c.nr_x] = malloc(rows * sizeof(double));
		if (!c.x[c.nr_x]) {
			err = -ENOMEM;
			break;
		}
		for (unsigned long i = 0; i < d->nr_rows; i++)
			c.x[c.nr_x][i] = number(csv_get(d, i, xcols[c.nr_x]));
	}
	if (err)
		goto out;
	for (unsigned long i = 0; i < d->nr_rows; i++)
		idx[i] = i;
	qsort_r(idx, d->nr_rows, sizeof(*idx), cmp_rows, &c);
	out = csv_open(dir, p->file, names, nr_cols);
	if (!out) {
		err = -EIO;
		goto out;
	}
	res->rows = d->nr_rows;
	for (unsigned long s = 0, e; s < d->nr_rows; s = e) {
		for (e = s + 1; e < d->nr_rows && c.id[idx[e]] == c.id[idx[s]]; e++)
			;
		write_series(out, &c, p, xcols, ycols, idx + s, e - s, tmp, res);
	}
	err = csv_close(out);
out:
	for (int i = 0; i < c.nr_x; i++)
		free(c.x[i]);
	free(c.id);
	free(idx);
	free(tmp);
	return err;
}
