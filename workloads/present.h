/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How a workload's results are presented: plain data in the workload's descriptor, which the
 * plots layer (plots/report/, plots/compare/) interprets. A workload says here, next to its
 * code, what its section of `kmembench report` shows (struct workload_report, in
 * workload.report) and how `kmembench compare` matches and compares the rows of each of its
 * tables (struct table_compare, in result_table.compare); the report and compare iterate the
 * descriptors (result_source_get()), so a new workload brings its own section and comparison
 * and nothing else has to list it.
 *
 * Nothing here names a type of the plots layer: a section's caveats get the tables as
 * results/csv.h loads them and say what they find through a struct caveat_sink.
 */
#ifndef _KMEM_WORKLOADS_PRESENT_H
#define _KMEM_WORKLOADS_PRESENT_H

#include <stdbool.h>

#include "results/csv.h"

/* ---- the report ---- */

#define REPORT_MAX_FILES    4 /* tables of one section */
#define REPORT_MAX_WHERE    3 /* conditions of one metric */
#define REPORT_MAX_PICK	    2
#define REPORT_MAX_REQUIRED 8
#define REPORT_MAX_SERIES   6 /* columns that tell the series of a plot apart */
#define REPORT_MAX_X	    2
#define REPORT_MAX_Y	    4
#define REPORT_MAX_POINTS   64 /* x values of one series drawn apart; more are binned */
#define REPORT_MAX_BY	    3  /* columns that tell the lines of a breakdown apart */

/* Whether a larger or a smaller figure is better; NONE for figures that are not a contest */
enum report_better {
	REPORT_NONE,
	REPORT_LOWER,
	REPORT_HIGHER,
};

/* How a figure or a note is shown */
enum report_format {
	REPORT_PLAIN, /* 1,234 or 0.212 */
	REPORT_BYTES, /* 4 KiB */
};

struct report_where {
	const char *column;
	const char *value; /* the field, as text */
};

/* Among several rows that match, the one with the smallest (or largest) value of a column */
struct report_pick {
	const char *column;
	bool largest;
};

/*
 * One headline figure: @column of the rows of @file that are of the back end and configuration
 * (arch, nodes, per-CPU lists) of a table row and match @where. When several rows match, @pick
 * chooses, in order; rows still tied are averaged.
 */
struct report_metric {
	const char *label; /* column header: "order-0 alloc p50" */
	const char *unit;  /* "ns", "" for none */
	const char *file;  /* NULL: the section's first table */
	const char *column;
	struct report_where where[REPORT_MAX_WHERE];
	struct report_pick pick[REPORT_MAX_PICK];
	enum report_better better;
	bool summary;	       /* also in the page's table of leaders */
	bool negative_unknown; /* a negative figure means "not measured" (-1) */
	const char *note;      /* a column of the chosen row shown beside the figure */
	const char *note_fmt;  /* printf format of the note, with one %s: "at %s" */
	enum report_format note_as;
};

/*
 * The points a section's plots draw: rows that agree in every @series and @x column are one
 * point, at the median of each @y column over them, written to @file in the report's output
 * directory for the script to read instead of the table. Of the table's columns the file has
 * only these, and "rows": how many rows a point stands for. A workload without a script of its
 * own (plots/NAME.gp) is drawn from its points by plots/generic.gp: @y against the first @x, a
 * line per series.
 */
struct report_points {
	const char *file;     /* "latency-points.csv" */
	const char *variable; /* the script's variable naming its table; NULL: "csv" */
	const char *series[REPORT_MAX_SERIES];
	const char *x[REPORT_MAX_X]; /* the first is binned when a series has too many values */
	bool log_x;		     /* x is drawn on a log scale: bins of equal ratio */
	unsigned int max_points;     /* x values of a series drawn apart; 0: REPORT_MAX_POINTS */
	const char *y[REPORT_MAX_Y];
};

/*
 * A figure by something other than the back end and configuration (a zone, a cache), as a
 * table of its own under the headline figures: the rows of the section's first table that match
 * @where, a line per distinct value of the @by columns in the order they first appear (a value
 * of -1 shown as a dash: "of none", as a node -1 is), a column per back end with @column of the
 * line's first row of that back end. A row that matches @unranked has a figure that is no
 * verdict: shown with @unranked_label, and not ranked; of the others, the best on a line is
 * marked. Last, the distinct non-empty values of @note on the line's rows.
 */
struct report_breakdown {
	const char *title; /* "Wrong-order share per zone" */
	const char *by[REPORT_MAX_BY];
	struct report_where where[REPORT_MAX_WHERE];
	const char *column;
	enum report_better better;
	struct report_where unranked; /* no column: every figure is ranked */
	const char *unranked_label;   /* "no verdict" */
	const char *note;	      /* NULL: no notes */
};

/*
 * Where a section's caveats go: @say adds one line, plain text, to the page's box of what could
 * not be measured here and why (a line said twice is shown once).
 */
struct caveat_sink {
	void (*say)(struct caveat_sink *sink, const char *fmt, ...)
		__attribute__((format(printf, 2, 3)));
};

/*
 * A workload's section of the page. Its anchor, its plot script (plots/NAME.gp) and the names
 * of its images are the workload's name.
 */
struct workload_report {
	const char *title; /* "Latency" */
	const char *what;  /* what was measured and how: one paragraph of plain text */
	const char *files[REPORT_MAX_FILES]; /* the first is the section's; the others optional */
	const char *required[REPORT_MAX_REQUIRED]; /* columns the first table must have */
	const char *plot_file; /* the table the plots cannot draw without; NULL: the first */
	const struct report_metric *metrics;
	unsigned int nr_metrics;
	/* the points the script reads instead of the table; NULL: it reads the table */
	const struct report_points *points;
	/* tables of a figure by zone, cache, ...: NULL for none */
	const struct report_breakdown *breakdowns;
	unsigned int nr_breakdowns;
	/*
	 * Optional: tells @sink what the rows say could not be measured, and why. @t holds the
	 * section's tables in the order of @files, NULL where one is not in the run; t[0] is
	 * there, with every @required column and at least one row.
	 */
	void (*caveats)(const struct csv_data *const *t, struct caveat_sink *sink);
};

#define REPORT_METRICS(m)    .metrics = m, .nr_metrics = sizeof(m) / sizeof(m[0])
#define REPORT_BREAKDOWNS(b) .breakdowns = b, .nr_breakdowns = sizeof(b) / sizeof(b[0])

/* ---- kmembench compare ---- */

#define COMPARE_MAX_KEYS    8
#define COMPARE_MAX_METRICS 4

enum compare_kind {
	COMPARE_RATIO,	       /* a measurement without repetitions */
	COMPARE_TESTED,	       /* a time with repetitions in the table's batches file */
	COMPARE_DETERMINISTIC, /* the same for the same seed, unless the code changed */
};

struct compare_metric {
	const char *column;
	enum compare_kind kind;
	bool higher_better; /* a rate, not a time: B higher is "faster" */
};

/*
 * How `kmembench compare` compares a table: the columns that say what a row measured (its key;
 * a run has one row per key) and the metrics. With batches as the unit, a tested metric's
 * repetitions are the @batch_column values of the @batches table's rows with the same key. A
 * row (of the table or of its batches) whose @count_column is 0 measured nothing, and gives no
 * repetition.
 */
struct table_compare {
	const char *keys[COMPARE_MAX_KEYS];
	struct compare_metric metrics[COMPARE_MAX_METRICS];
	const char *batches;
	const char *batch_column;
	const char *count_column;
};

#endif
