/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `kmembench report RUN-DIR`: one self-contained HTML page of a run directory's results (the
 * tables of results/SCHEMA.md), with the plots that plots/ *.gp draw from them next to it. The
 * page: the machine and build (meta.csv), a box of what could not be measured on this host and
 * why, which back end leads on each headline metric and by how much, then a section per
 * workload with its plots and a table of its headline figures. Everything read from the CSV
 * files is found by column name, and a table or column that is not there makes its part of the
 * page say so.
 *
 *	cmd_report.c		the command: options, output directory, the page in order
 *	report_html.c		HTML: escaping, numbers, the page's head, style and foot
 *	report_plot.c		finding gnuplot and the scripts, running one, what it drew
 *	report_metrics.c	headline figures from rows, and which back end leads
 *	report_sections.c	the workloads' sections: files, columns, metrics, caveats
 */
#ifndef _KMEM_BENCH_REPORT_H
#define _KMEM_BENCH_REPORT_H

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

#include "results/csv.h"

#define REPORT_MAX_FILES    4 /* tables of one section */
#define REPORT_MAX_WHERE    3 /* conditions of one metric */
#define REPORT_MAX_PICK	    2
#define REPORT_MAX_REQUIRED 8
#define REPORT_MAX_SERIES   6 /* columns that tell the series of a plot apart */
#define REPORT_MAX_X	    2
#define REPORT_MAX_Y	    4
#define REPORT_MAX_POINTS   64 /* x values of one series drawn apart; more are binned */

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
 * The points a section's plots draw (report_points.c): rows that agree in every @series and
 * @x column are one point, at the median of each @y column over them, written to @file in the
 * output directory for the script to read instead of the table. Of the table's columns the
 * file has only these, and "rows": how many rows a point stands for.
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

/* What report_points_write() made of a table */
struct report_points_result {
	unsigned long rows, points;
	unsigned long unplaced;	     /* rows whose first x is not a number: not drawn */
	unsigned long binned_series; /* series whose x values were binned */
};

struct report;
struct report_tables;

/* One workload's section of the page */
struct report_section {
	const char *id;	   /* anchor, plots/ID.gp, image names ID-... */
	const char *title; /* "Latency" */
	const char *what;  /* what was measured and how: one paragraph of plain text */
	const char *files[REPORT_MAX_FILES]; /* the first is the section's; the others optional */
	const char *required[REPORT_MAX_REQUIRED]; /* columns the first table must have */
	const char *plot_file; /* the table plots/ID.gp cannot draw without; NULL: the first */
	const struct report_metric *metrics;
	unsigned int nr_metrics;
	/* the points the script reads instead of the table; NULL: it reads the table */
	const struct report_points *points;
	/* Adds to the page's caveats what the rows say could not be measured, and why */
	void (*caveats)(struct report *rep, const struct report_tables *t);
};

/* The tables of one section, NULL where a file is missing or unreadable */
struct report_tables {
	const struct report_section *section;
	struct csv_data *t[REPORT_MAX_FILES];
	char problems[512];    /* why a table that is there could not be read, "" if none */
	bool first_unreadable; /* the first table is there, but could not be read */
};

/* A leader on one metric in one configuration, for the page's summary */
struct report_lead {
	char metric[128];
	char section_id[32];
	char config[96]; /* "x86_64", "x86_64, no per-CPU lists" */
	char leader[96]; /* "buddy", or "buddy, bitmap" when tied */
	char runner_up[64];
	double best, second;
	bool has_second, tie;
	enum report_better better;
	const char *unit;
};

/* An image gnuplot drew: STEM.svg and/or STEM.png in the output directory */
struct report_figure {
	char img[256];	/* the file the page shows: the SVG if drawn, else the PNG */
	char link[256]; /* the other format, "" when not drawn */
	char caption[512];
};

/* What is needed to draw the plots */
struct report_plotter {
	char gnuplot[PATH_MAX];	     /* "" when gnuplot is not installed */
	char scripts[PATH_MAX];	     /* the directory of the *.gp files, "" when not found */
	char searched[3 * PATH_MAX]; /* where the scripts were looked for */
	const char *formats;	     /* "svg png", "svg" or "png" */
	char title[512];	     /* second title line of every image */
	char backends[512];	     /* every back end of the run: the same colour in every plot */
	int log_fd;		     /* gnuplot's messages: OUT/gnuplot.log */
};

struct report {
	const char *run_dir;
	char run_id[NAME_MAX + 1];
	char out_dir[PATH_MAX];
	struct csv_data *meta; /* NULL when the run has no meta.csv */
	struct report_plotter plot;
	/* collected while the sections are written, shown above them */
	char **caveats;
	unsigned int nr_caveats;
	struct report_lead *leads;
	unsigned int nr_leads;
	int status; /* 1 once a plot script failed */
};

/* cmd_report.c */
/**
 * cmd_report - `kmembench report RUN-DIR [-o DIR] [--format F]`
 * @argc: arguments, the command's name first
 * @argv: them
 *
 * Return: 0 when the page was written; 1 when it could not be, or a plot script failed; 2 for
 * a bad command line, after one line on stderr.
 */
int cmd_report(int argc, char **argv);
void cmd_report_help(FILE *out);
/**
 * report_caveat - add a line to the box of what could not be measured here, and why
 * @rep: the report
 * @fmt: printf format of the line, plain text
 *
 * A line added twice is shown once.
 */
void report_caveat(struct report *rep, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/**
 * report_meta - a value of the run's meta.csv
 * @rep: the report
 * @key: its key, "host"
 *
 * Return: the value, or NULL when the run has no meta.csv or the key is not in it.
 */
const char *report_meta(const struct report *rep, const char *key);

/* report_html.c */
/**
 * html_text - write @s to @f with &, <, >, " and ' escaped, for text and attribute values
 * @f: the page
 * @s: the text
 */
void html_text(FILE *f, const char *s);
/**
 * html_textf - printf to @f, escaped as html_text() escapes
 * @f: the page
 * @fmt: printf format
 */
void html_textf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/**
 * report_number - a figure for people: "1,234,567", "35.3", "0.212"
 * @v: the figure
 * @buf: receives the text
 * @size: size of @buf
 *
 * Return: @buf.
 */
const char *report_number(double v, char *buf, size_t size);
/**
 * report_bytes - a size for people: "4 KiB", "1.5 MiB"
 * @v: the size in bytes
 * @buf: receives the text
 * @size: size of @buf
 *
 * Return: @buf.
 */
const char *report_bytes(double v, char *buf, size_t size);
/**
 * html_page_begin - the page up to the body: doctype, head, style sheet
 * @f: the page
 * @title: its title
 */
void html_page_begin(FILE *f, const char *title);
/**
 * html_page_end - the script that checks the images, and the end of the page
 * @f: the page
 */
void html_page_end(FILE *f);
/**
 * html_figure - a <figure> with the image, a link to its other format and the caption
 * @f: the page
 * @fig: the image
 */
void html_figure(FILE *f, const struct report_figure *fig);

/* report_plot.c */
/**
 * report_plot_setup - find gnuplot and the plot scripts, and open OUT/gnuplot.log if both are
 * there (rep->plot says what was found)
 * @rep: the report, its out_dir set
 *
 * Return: 0, or -errno when the log cannot be created.
 */
int report_plot_setup(struct report *rep);
/**
 * report_plot_run - run plots/@id.gp on the run directory
 * @rep: the report
 * @id: the script's name without .gp
 * @var: the script's variable naming its table (csv), NULL when @csv is
 * @csv: the file the script is to read instead of the run's table, or NULL
 * @figs: receives the images it drew (free() them), in its order
 * @nr: receives their number
 * @err: receives why it failed, when it did
 * @errsize: size of @err
 *
 * Return: 0; 1 when the run lacks a table or column the script needs; -1 when the script
 * could not be run or failed. The images drawn before a failure are returned all the same.
 */
int report_plot_run(struct report *rep, const char *id, const char *var, const char *csv,
		    struct report_figure **figs, unsigned int *nr, char *err, size_t errsize);
/* Closes gnuplot.log */
void report_plot_close(struct report *rep);

/* report_points.c */
/**
 * report_points_write - write the points of @d that a plot draws, as @p says, into @dir
 * @dir: the output directory
 * @d: the table
 * @p: which columns tell points apart and which are drawn
 * @res: receives how many rows became how many points
 *
 * Return: 0; -ENOENT when @d lacks an x or y column (the script then says which); -ENOMEM;
 * -EIO when the file could not be written, after a message on stderr.
 */
int report_points_write(const char *dir, const struct csv_data *d, const struct report_points *p,
			struct report_points_result *res);

/* report_metrics.c */
/**
 * report_metrics_table - a section's table of headline figures
 * @rep: the report, which gets the leaders of the metrics in its summary
 * @f: the page
 * @t: the section's tables, the first one present
 */
void report_metrics_table(struct report *rep, FILE *f, const struct report_tables *t);
/**
 * report_count - how many rows of @d have @column equal to @value
 * @d: the table
 * @column: the column's name (none: 0 rows)
 * @value: the field
 *
 * Return: the count.
 */
unsigned long report_count(const struct csv_data *d, const char *column, const char *value);
/**
 * report_count_negative - how many rows of @d have a negative number in @column
 * @d: the table
 * @column: the column's name (none: 0 rows)
 *
 * Return: the count; -1 means "not measured" in several tables.
 */
unsigned long report_count_negative(const struct csv_data *d, const char *column);
/**
 * report_distinct - the distinct non-empty values of a column, joined by ", "
 * @d: the table
 * @column: the column's name
 * @where_col: only rows whose @where_col is @where_val; NULL: every row
 * @where_val: see @where_col
 * @buf: receives the list, "" when there is none
 * @size: size of @buf
 *
 * Return: @buf.
 */
const char *report_distinct(const struct csv_data *d, const char *column, const char *where_col,
			    const char *where_val, char *buf, size_t size);

/* report_sections.c */
extern const struct report_section report_sections[];
extern const unsigned int report_nr_sections;

#endif
