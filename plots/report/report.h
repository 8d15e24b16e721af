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
 *	report.c		the page in order: the run, the box, the leaders, the sections
 *	report_plot.c		finding gnuplot and the scripts, running one, what it drew
 *	report_metrics.c	headline figures from rows, and which back end leads
 *	report_breakdown.c	a figure by zone, cache, ...: a column per back end
 *	report_points.c		the points a plot draws, from a table's rows
 *
 * What a section shows is the workload's (struct workload_report of workloads/present.h, in
 * its descriptor): the report iterates the result sources (result_source_get()), a section per
 * one with a .report. A section's plots are drawn by plots/NAME.gp, NAME being the workload's,
 * or when it has none by plots/generic.gp from the points its descriptor names. The HTML is
 * plots/html.h's; bench/cli/cmd_report.c is the command line.
 */
#ifndef _KMEM_PLOTS_REPORT_H
#define _KMEM_PLOTS_REPORT_H

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

#include "plots/html.h"
#include "results/csv.h"
#include "workloads/present.h"
#include "workloads/workload.h"

/* What report_points_write() made of a table */
struct report_points_result {
	unsigned long rows, points;
	unsigned long unplaced;	     /* rows whose first x is not a number: not drawn */
	unsigned long binned_series; /* series whose x values were binned */
};

/* The tables of one section, NULL where a file is missing or unreadable */
struct report_tables {
	const char *id; /* the workload's name: the section's anchor, its script and images */
	const struct workload_report *section;
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
	int status;			/* 1 once a plot script failed */
	struct caveat_sink caveat_sink; /* report_caveat() for the sections' caveats */
};

/* report.c */
/**
 * report_is_run_dir - whether @dir holds meta.csv or a table of a section: a run directory
 * @dir: the directory
 */
bool report_is_run_dir(const char *dir);
/**
 * report_write - the page of the run directory @run_dir, with its images, into @out_dir
 * @run_dir: the run directory
 * @out_dir: where the page and its images go (created, parents included); NULL: plots/RUN-ID
 * @formats: the image formats: "svg png", "svg" or "png"
 *
 * Prints the page's path on stdout; what went wrong, on stderr.
 *
 * Return: 0 when the page was written; 1 when it could not be, or a plot script failed.
 */
int report_write(const char *run_dir, const char *out_dir, const char *formats);
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
 * report_plot_has_script - whether the scripts found have plots/@id.gp
 * @rep: the report, after report_plot_setup()
 * @id: the script's name without .gp
 */
bool report_plot_has_script(const struct report *rep, const char *id);
/**
 * report_plot_run - run plots/@name.gp on the run directory
 * @rep: the report
 * @name: the script's name without .gp
 * @id: the start of the names of the images it draws (OUT/ID-...)
 * @more: more of its variables, as pairs of name and value ended by NULL; or NULL
 * @figs: receives the images it drew (free() them), in its order
 * @nr: receives their number
 * @err: receives why it failed, when it did
 * @errsize: size of @err
 *
 * Return: 0; 1 when the run lacks a table or column the script needs; -1 when the script
 * could not be run or failed. The images drawn before a failure are returned all the same.
 */
int report_plot_run(struct report *rep, const char *name, const char *id, const char *const *more,
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

/* report_breakdown.c */
/**
 * report_breakdowns - a section's tables of a figure by zone, cache, ... (its breakdowns)
 * @f: the page
 * @t: the section's tables, the first one present
 */
void report_breakdowns(FILE *f, const struct report_tables *t);

#endif
