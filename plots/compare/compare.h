/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Comparing two run directories (`kmembench compare RUN-A RUN-B`, e.g. before and after a change
 * to a back end), or two sets of runs of one configuration each (`kmembench compare A1,A2,A3
 * B1,B2,B3`): per metric and key (the columns that say what was measured: back end, arch
 * profile, size, ...), the figure of A, that of B, the ratio B/A and a verdict.
 *
 * What is compared is said by each table's descriptor (result_table.compare, workloads/
 * present.h): its key columns and its metrics, each tested, a ratio only, or deterministic for
 * a seed (`kmembench compare --help` lists them; a table absent from every run is skipped
 * without a word).
 *
 * A tested metric is tested with a two-sided Mann-Whitney U test of A's repetitions against
 * B's (significance.h), then the Benjamini-Hochberg adjustment over all the tests of the
 * comparison, whose verdict is "faster" or "slower" when the adjusted p-value q is at most
 * alpha. What a repetition is, the unit, depends on how many runs a side has:
 *
 *	one run a side	  batches: latency mean_ns over the batch means of latency_batches.csv,
 *			  the other metrics ratio only (a run has one value of each)
 *	more on a side	  runs: every metric that is not deterministic over the runs' figures
 *			  (latency.csv's mean_ns, ...), A and B being the medians of the runs'
 *
 * Batches are repetitions inside one process: they miss what moves from run to run (other
 * processes, CPU frequency, where the model's memory lies), so two runs of one build differ by
 * more than their batches say. Runs as the unit see that noise, at the price of needing several.
 *
 * A deterministic figure is the same in two runs with the same seed unless the code changed, so
 * any difference is reported, and so are runs of one side that disagree among themselves. A
 * row whose key no run of one side has is listed as "only in A" or "only in B"; a key some runs
 * of a side lack uses the runs that have it, and its verdict says how many. A key a run has
 * several rows of (run --threads 2,1,2 measures 2 threads twice) is measured several times in
 * that run: the run's figure is the median of its rows, the key and the rows' values are named
 * below the table, and the verdict says so.
 *
 * The result is built once (compare_runs()) and written as text (compare_write_text()) or as
 * HTML (compare_html.c), both from compare_cells(), so the two show the same table.
 */
#ifndef _KMEM_PLOTS_COMPARE_H
#define _KMEM_PLOTS_COMPARE_H

#include <stdbool.h>
#include <stdio.h>

#include "workloads/present.h"

#define COMPARE_ALPHA 0.05 /* default significance level, as compare.py's */
/* fewer repetitions a side than this, and compare.py calls its results unreliable */
#define COMPARE_OPTIMAL_REPS 9

/* What a repetition of a tested metric is */
enum compare_unit {
	COMPARE_UNIT_BATCHES, /* one run a side: the batches inside it */
	COMPARE_UNIT_RUNS,    /* more on a side: the runs */
};

enum compare_verdict {
	CMP_RATIO_ONLY,	     /* no repetitions, not deterministic: "n/a" */
	CMP_FEW_REPS,	     /* a tested metric with fewer than 2 repetitions on a side */
	CMP_NOT_SIGNIFICANT, /* tested: q > alpha */
	/*
	 * Tested: q <= alpha, and B the better: its values the lower, or the higher for a metric
	 * where more is better (contention mops, numa local_frac: local memory is the faster)
	 */
	CMP_FASTER,
	CMP_SLOWER,	/* tested: q <= alpha, B the worse */
	CMP_SAME,	/* deterministic, equal */
	CMP_DIFFERS,	/* deterministic, not equal */
	CMP_OTHER_SEED, /* deterministic, but the seed or --quick differ */
	CMP_ONLY_A,
	CMP_ONLY_B,
};

struct compare_row {
	const char *table;  /* "latency.csv" */
	const char *column; /* "mean_ns": the metric */
	char *key;	    /* "buddy x86_64 pcp=1 pages size=4096 alloc" */
	/*
	 * The figures: a not for CMP_ONLY_B, b not for CMP_ONLY_A; with runs as the unit the
	 * medians of the runs' values, NAN when every run of the side measured nothing (ops 0)
	 */
	double a, b;
	/*
	 * Repetitions in A and B: the batches of a tested metric (else 0) with batches as the
	 * unit; the runs with a value, for every row, with runs as the unit
	 */
	unsigned int na, nb;
	double p, q; /* tested (CMP_NOT_SIGNIFICANT, _FASTER, _SLOWER): U test, adjusted */
	enum compare_verdict verdict;
	enum compare_unit unit;
	bool some_runs; /* runs as the unit, and a side has the key in fewer than all its runs */
	/* the most rows the key has in a run of A, of B: if more than 1, the run's median */
	unsigned int rows[2];
	bool disagree[2]; /* deterministic: the runs of A, of B, differ among themselves */
};

struct compare_result {
	char **dir[2]; /* [side][run] */
	unsigned int nr_runs[2];
	enum compare_unit unit;
	double alpha;
	struct compare_row *rows;
	unsigned int nr_rows;
	/*
	 * For people: the first nr_head say what the runs are (from their meta.csv); the others,
	 * below the table, what could not be compared and the summary.
	 */
	char **lines;
	unsigned int nr_lines, nr_head;
	/* the summary's counts */
	unsigned int compared; /* rows with a figure in both runs */
	unsigned int tested, faster, slower, raw_significant;
	unsigned int deterministic, differ, disagree;
	unsigned int only[2];
	unsigned int some_runs; /* rows with some_runs */
	unsigned int repeated;	/* rows with a key that a run has several rows of */
};

/* The columns of the table (compare_text.c), and which hold numbers (aligned right) */
#define COMPARE_NR_COLS 8
extern const char *const compare_col_names[COMPARE_NR_COLS];
extern const bool compare_col_numeric[COMPARE_NR_COLS];

/* One row's cells as text: each points into the row or into @buf */
struct compare_cells {
	const char *cell[COMPARE_NR_COLS];
	char buf[COMPARE_NR_COLS][64];
};

/**
 * compare_runs - compare the run directories @a with @b
 * @a: the runs taken as reference (before): several of one configuration, or one
 * @nr_a: how many, at least 1
 * @b: the runs compared with them (after)
 * @nr_b: how many, at least 1
 * @alpha: significance level, 0 < alpha < 1
 * @out: receives the result, to free with compare_free()
 *
 * With one run a side the unit of the tests is the batch, otherwise the run (compare_unit).
 *
 * Return: 0; -errno after one line on stderr when a directory or one of its tables cannot be
 * read (or is not a run directory: none of the tables above in it).
 */
int compare_runs(const char *const *a, unsigned int nr_a, const char *const *b, unsigned int nr_b,
		 double alpha, struct compare_result **out);
/* compare_free - free a result of compare_runs() (NULL is a no-op) */
void compare_free(struct compare_result *r);
/* What is compared how, one table a line (compare.c) */
void compare_list_metrics(FILE *out, enum compare_kind kind, const char *indent);

/* compare_text.c */

/* compare_verdict_text - the verdict of @row in words ("faster", "only in A", ...) into @buf */
const char *compare_verdict_text(const struct compare_row *row, char *buf, size_t size);
/* compare_cells - the cells of @row, as both the text and the HTML table show them */
void compare_cells(const struct compare_row *row, struct compare_cells *c);

/**
 * compare_write_text - @r as an aligned table with the runs above and the summary below
 * @out: where to write
 * @r: the result
 *
 * Return: 0, or -EIO when writing failed.
 */
int compare_write_text(FILE *out, const struct compare_result *r);

/* compare_html.c */

/**
 * compare_write_html - @r as HTML: the same runs, table and summary as the text, escaped
 * @out: where to write
 * @r: the result
 * @page: true for a complete page (plots/html.h); false for a <section> to embed in a page of
 *        html_page_begin(), whose style sheet has its classes
 *
 * Return: 0, or -EIO when writing failed (-ENOMEM when out of memory).
 */
int compare_write_html(FILE *out, const struct compare_result *r, bool page);
/**
 * compare_write_html_file - @r as a complete page in the file @path (`compare --html FILE`)
 * @path: the file, created or truncated
 * @r: the result
 *
 * Return: 0, or -errno after one line on stderr.
 */
int compare_write_html_file(const char *path, const struct compare_result *r);

#endif
