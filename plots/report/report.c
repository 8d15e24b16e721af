// SPDX-License-Identifier: GPL-2.0
/*
 * The page of `kmembench report` (report.h), in order: the run and its machine in a line, the
 * box of what could not be measured, the summary of leaders, a section per result source with a
 * report (workloads/present.h), and last the machine and build in full (meta.csv).
 *
 * The box and the summary come first on the page but are only known once every section has
 * been through its rows, so the sections are written to memory first and copied in last.
 */
#include <errno.h>
#include <libgen.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "results/rundir.h"
#include "report.h"

#define CMD "report"

static void __attribute__((format(printf, 2, 0)))
vcaveat(struct report *rep, const char *fmt, va_list ap)
{
	char buf[1024], *copy, **more;

	vsnprintf(buf, sizeof(buf), fmt, ap);
	for (unsigned int i = 0; i < rep->nr_caveats; i++)
		if (!strcmp(rep->caveats[i], buf))
			return;
	more = realloc(rep->caveats, (rep->nr_caveats + 1) * sizeof(*more));
	copy = strdup(buf);
	if (more)
		rep->caveats = more;
	if (!more || !copy) {
		free(copy);
		return;
	}
	rep->caveats[rep->nr_caveats++] = copy;
}

void report_caveat(struct report *rep, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcaveat(rep, fmt, ap);
	va_end(ap);
}

/* What the sections' caveats say goes into the box as report_caveat()'s lines */
static void sink_say(struct caveat_sink *sink, const char *fmt, ...)
{
	struct report *rep = (struct report *)((char *)sink - offsetof(struct report, caveat_sink));
	va_list ap;

	va_start(ap, fmt);
	vcaveat(rep, fmt, ap);
	va_end(ap);
}

const char *report_meta(const struct report *rep, const char *key)
{
	int k, v;

	if (!rep->meta)
		return NULL;
	k = csv_column(rep->meta, "key");
	v = csv_column(rep->meta, "value");
	for (unsigned long i = 0; k >= 0 && v >= 0 && i < rep->meta->nr_rows; i++)
		if (!strcmp(csv_get(rep->meta, i, k), key))
			return csv_get(rep->meta, i, v);
	return NULL;
}

/* A meta.csv value, or @fallback */
static const char *meta_or(const struct report *rep, const char *key, const char *fallback)
{
	const char *v = report_meta(rep, key);

	return v && *v ? v : fallback;
}

/* Appends to the text in @buf, as far as @size lets it */
static void __attribute__((format(printf, 3, 4)))
appendf(char *buf, size_t size, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	if (n + 1 >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + n, size - n, fmt, ap);
	va_end(ap);
}

/* ---- loading ---- */

/*
 * A table of the run as the sections hold it: allocated, NULL when it could not be had.
 * Return: csv_load()'s, with @why (of size sizeof(struct csv_data.error)) saying what failed.
 */
static int load_table(const char *path, struct csv_data **out, char *why)
{
	struct csv_data *d = calloc(1, sizeof(*d));
	int err;

	*out = NULL;
	if (!d) {
		snprintf(why, sizeof(d->error), "%s: out of memory", path);
		return -ENOMEM;
	}
	err = csv_load(path, d);
	if (err) {
		memcpy(why, d->error, sizeof(d->error));
		free(d);
		return err;
	}
	*out = d;
	return 0;
}

static void free_table(struct csv_data *d)
{
	if (d)
		csv_data_free(d);
	free(d);
}

/* Loads the section's tables; a message per table that exists but cannot be read */
static void load_tables(const struct report *rep, const struct workload *wl,
			struct report_tables *t)
{
	const struct workload_report *s = wl->report;

	t->id = wl->name;
	t->section = s;
	t->problems[0] = '\0';
	for (int i = 0; i < REPORT_MAX_FILES && s->files[i]; i++) {
		char path[PATH_MAX], why[sizeof(((struct csv_data *)0)->error)];
		int err;

		snprintf(path, sizeof(path), "%s/%s", rep->run_dir, s->files[i]);
		err = load_table(path, &t->t[i], why);
		if (!err || err == -ENOENT)
			continue;
		t->first_unreadable |= !i;
		if (t->problems[0])
			appendf(t->problems, sizeof(t->problems), "; ");
		/* the file's name without the run directory: the page names the run already */
		appendf(t->problems, sizeof(t->problems), "%s%s", s->files[i],
			strncmp(why, path, strlen(path)) ? why : why + strlen(path));
	}
}

static void free_tables(struct report_tables *t)
{
	for (int i = 0; i < REPORT_MAX_FILES; i++)
		free_table(t->t[i]);
}

/* Adds the back ends of @d that @list lacks, in order of appearance */
static void add_backends(char *list, size_t size, const struct csv_data *d)
{
	int col = d ? csv_column(d, "backend") : -1;

	for (unsigned long i = 0; col >= 0 && i < d->nr_rows; i++) {
		const char *be = csv_get(d, i, col);
		size_t len = strlen(list), blen = strlen(be);
		const char *p = list;
		bool seen = false;

		/* a back end name is one word: anything else would break gnuplot's word lists */
		if (!blen || strpbrk(be, " \t'\""))
			continue;
		while (!seen && (p = strstr(p, be)))
			seen = (p == list || p[-1] == ' ') && (!p[blen] || p[blen] == ' '),
			p += blen;
		if (!seen && len + blen + 2 < size)
			snprintf(list + len, size - len, "%s%s", len ? " " : "", be);
	}
}

/* ---- the page's parts ---- */

/* A <figure> with the image, a link to its other format and the caption */
static void write_figure(FILE *f, const struct report_figure *fig)
{
	fputs("<figure><img src=\"", f);
	html_text(f, fig->img);
	fputs("\" alt=\"", f);
	html_text(f, fig->caption);
	fputs("\" loading=\"eager\"><figcaption>", f);
	html_text(f, fig->caption);
	if (fig->link[0]) {
		const char *ext = strrchr(fig->link, '.');

		fputs(" <a href=\"", f);
		html_text(f, fig->link);
		fputs("\">", f);
		html_text(f, ext ? ext + 1 : fig->link);
		fputs("</a>", f);
	}
	fputs("</figcaption></figure>\n", f);
}

static void meta_caveats(struct report *rep)
{
	const char *perf = report_meta(rep, "perf_counters");
	const char *numa = report_meta(rep, "numa");
	const char *nodes = report_meta(rep, "numa_nodes");
	const char *dm = report_meta(rep, "direct_map_page_kind");
	const char *flags = meta_or(rep, "compiler_flags", "");
	const char *build = meta_or(rep, "build_type", "");
	const char *resolution = report_meta(rep, "timer_resolution_ns");

	if (!rep->meta) {
		report_caveat(
			rep,
			"No readable meta.csv in this run: the machine and build are unknown.");
		return;
	}
	if (perf && strcmp(perf, "available"))
		report_caveat(rep,
			      "Hardware performance counters: %s. perf_event_open could not open "
			      "the CPU's cycle counter (usual in a VM), so nothing here counts TLB "
			      "misses or cycles: the figures are timings.",
			      perf);
	if (numa && !strcmp(numa, "simulated"))
		report_caveat(rep,
			      "NUMA is simulated (%s): the nodes are the model's and memory is not "
			      "bound to real nodes, so remote accesses cost what local ones do.",
			      meta_or(rep, "numa_detail", "no detail"));
	else if (numa && !strcmp(numa, "real") && nodes && !strcmp(nodes, "1"))
		report_caveat(rep,
			      "This host has one NUMA node: nothing is remote on real hardware, so "
			      "cases with several nodes run on simulated ones.");
	if (dm && !strcmp(dm, "4k"))
		report_caveat(
			rep,
			"The direct map got 4 KiB pages, not huge pages%s%s: its TLB reach is "
			"that of 4 KiB pages, like vmalloc's.",
			*meta_or(rep, "direct_map_note", "") ? ": " : "",
			meta_or(rep, "direct_map_note", ""));
	if (resolution && atof(resolution) >= 2)
		report_caveat(rep,
			      "The clock (%s) advances in steps of %s ns here, as a hypervisor's "
			      "virtual TSC does: per-call latencies are multiples of that, and a "
			      "call shorter than one step, its timing cost subtracted, shows as 0.",
			      meta_or(rep, "timer", "?"), resolution);
	if (strstr(flags, "-fsanitize"))
		report_caveat(rep,
			      "Built with sanitizers (%s): every figure of time is much slower "
			      "than a plain build's.",
			      flags);
	if (!strcmp(build, "Debug"))
		report_caveat(rep, "A Debug build: unoptimized code, slower than a release build.");
}

static void plot_caveats(struct report *rep)
{
	if (!rep->plot.gnuplot[0])
		report_caveat(rep, "gnuplot is not installed: no plots, the tables only (Debian: "
				   "apt-get install gnuplot-nox).");
	else if (!rep->plot.scripts[0])
		report_caveat(
			rep,
			"The plot scripts were not found (looked in %s): no plots, the tables "
			"only. KMEM_PLOTS_DIR names their directory.",
			rep->plot.searched);
}

static void write_meta(FILE *f, const struct report *rep)
{
	int k, v;

	fputs("<section id=\"machine\">\n<h2>Machine and build</h2>\n", f);
	if (!rep->meta) {
		fputs("<p class=\"missing\">No meta.csv in this run.</p>\n</section>\n", f);
		return;
	}
	k = csv_column(rep->meta, "key");
	v = csv_column(rep->meta, "value");
	fputs("<table class=\"meta\">\n", f);
	for (unsigned long i = 0; k >= 0 && v >= 0 && i < rep->meta->nr_rows; i++) {
		const char *key = csv_get(rep->meta, i, k), *val = csv_get(rep->meta, i, v);
		char bytes[32];

		fputs("<tr><th class=\"s\">", f);
		html_text(f, key);
		fputs("</th><td>", f);
		html_text(f, val);
		if ((!strcmp(key, "memory_bytes") || !strcmp(key, "direct_map_page_size")) &&
		    *val) {
			fputs(" <small>(", f);
			html_text(f, html_bytes(strtod(val, NULL), bytes, sizeof(bytes)));
			fputs(")</small>", f);
		}
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n</section>\n", f);
}

static void write_caveats(FILE *f, const struct report *rep)
{
	fputs("<section id=\"caveats\" class=\"box\">\n"
	      "<h2>What could not be measured here, and why</h2>\n",
	      f);
	if (!rep->nr_caveats) {
		fputs("<p>Nothing: every measurement ran as designed.</p>\n</section>\n", f);
		return;
	}
	fputs("<ul>\n", f);
	for (unsigned int i = 0; i < rep->nr_caveats; i++) {
		fputs("<li>", f);
		html_text(f, rep->caveats[i]);
		fputs("</li>\n", f);
	}
	fputs("</ul>\n</section>\n", f);
}

/* "1.23&times;": how far the leader is ahead of the runner-up, or a dash when a figure is 0 */
static void write_ratio(FILE *f, const struct report_lead *l)
{
	double num = l->better == REPORT_LOWER ? l->second : l->best;
	double den = l->better == REPORT_LOWER ? l->best : l->second;

	if (!l->has_second)
		fputs("<td>all equal</td>", f);
	else if (den <= 0 || num <= 0 || !isfinite(num / den))
		fputs("<td class=\"none\">&ndash;</td>", f);
	else
		fprintf(f, "<td>%.2f&times;</td>", num / den);
}

static void write_leads(FILE *f, const struct report *rep)
{
	char a[48], b[48];

	fputs("<section id=\"summary\">\n<h2>Which back end leads</h2>\n", f);
	if (!rep->nr_leads) {
		fputs("<p class=\"missing\">No metric with two back ends or more to compare in "
		      "this "
		      "run.</p>\n</section>\n",
		      f);
		return;
	}
	fputs("<p class=\"note\">Per headline metric and configuration: the back end with the "
	      "best figure, the runner-up, and the lead as the ratio of the two figures (the "
	      "larger over the smaller); several leaders share the best figure. One run's "
	      "figures: differences of a few percent are within run-to-run noise, and latency "
	      "percentiles are histogram bucket bounds.</p>\n"
	      "<table>\n<thead><tr><th class=\"s\">metric</th><th class=\"s\">configuration</th>"
	      "<th class=\"s\">leader</th><th>figure</th><th class=\"s\">runner-up</th>"
	      "<th>figure</th><th>lead</th></tr></thead>\n<tbody>\n",
	      f);
	for (unsigned int i = 0; i < rep->nr_leads; i++) {
		const struct report_lead *l = &rep->leads[i];

		fputs("<tr><td class=\"s\"><a href=\"#", f);
		html_text(f, l->section_id);
		fputs("\">", f);
		html_text(f, l->metric);
		fputs("</a></td><td class=\"s\">", f);
		html_text(f, l->config);
		fputs("</td><td class=\"s\">", f);
		html_textf(f, "%s%s", l->leader, l->tie ? " (tie)" : "");
		fputs("</td><td>", f);
		html_textf(f, "%s%s%s", html_number(l->best, a, sizeof(a)), *l->unit ? " " : "",
			   l->unit);
		fputs("</td>", f);
		if (l->has_second) {
			fputs("<td class=\"s\">", f);
			html_text(f, l->runner_up);
			fputs("</td><td>", f);
			html_textf(f, "%s%s%s", html_number(l->second, b, sizeof(b)),
				   *l->unit ? " " : "", l->unit);
			fputs("</td>", f);
		} else {
			fputs("<td class=\"none\">&ndash;</td><td class=\"none\">&ndash;</td>", f);
		}
		write_ratio(f, l);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n</section>\n", f);
}

/* The columns of @required that @d lacks, ", "-separated into @buf */
static const char *missing_columns(const struct csv_data *d, const char *const *required, char *buf,
				   size_t size)
{
	buf[0] = '\0';
	for (int i = 0; i < REPORT_MAX_REQUIRED && required[i]; i++)
		if (csv_column(d, required[i]) < 0)
			appendf(buf, size, "%s%s", buf[0] ? ", " : "", required[i]);
	return buf;
}

static const struct csv_data *plot_table(const struct report_tables *t)
{
	const struct workload_report *s = t->section;

	for (int i = 0; s->plot_file && i < REPORT_MAX_FILES && s->files[i]; i++)
		if (!strcmp(s->files[i], s->plot_file))
			return t->t[i];
	return t->t[0];
}

/* ", "-separated list of the strings of @list (ending at @max or NULL) into @buf */
static const char *join(const char *const *list, int max, char *buf, size_t size)
{
	buf[0] = '\0';
	for (int i = 0; i < max && list[i]; i++)
		appendf(buf, size, "%s%s", i ? ", " : "", list[i]);
	return buf;
}

/* Space-separated list of the strings of @list (ending at @max or NULL), for gnuplot's words */
static const char *join_words(const char *const *list, int max, char *buf, size_t size)
{
	buf[0] = '\0';
	for (int i = 0; i < max && list[i]; i++)
		appendf(buf, size, "%s%s", i ? " " : "", list[i]);
	return buf;
}

/*
 * The points of the section's plots into @csv (report_points.c), and a note on the page when
 * they are fewer than the rows: the figures drawn are then medians, which the reader must
 * know. Return: nonzero when the plots cannot be drawn, after saying why.
 */
static int plot_points(struct report *rep, FILE *f, const struct report_tables *t, char *csv,
		       size_t size)
{
	const struct report_points *p = t->section->points;
	const struct csv_data *d = plot_table(t);
	const char *name = strrchr(d->path, '/') ? strrchr(d->path, '/') + 1 : d->path;
	unsigned int bins = p->max_points ?: REPORT_MAX_POINTS;
	char keys[256], x[64], y[128], rows[32], points[32];
	struct report_points_result res;
	int err;

	err = report_points_write(rep->out_dir, d, p, &res);
	/* a missing column is the script's to name, from the table itself */
	if (err == -ENOENT)
		return 0;
	if (err) {
		fputs("<p class=\"missing\">", f);
		html_textf(f, "No plots: the points of %s could not be written to %s/%s: %s.", name,
			   rep->out_dir, p->file, strerror(-err));
		fputs("</p>\n", f);
		fprintf(stderr, "kmembench " CMD ": %s/%s: %s\n", rep->out_dir, p->file,
			strerror(-err));
		rep->status = 1;
		return -1;
	}
	/* csv_open() took the same path, so it fits; if not, the script reads the table */
	if ((size_t)snprintf(csv, size, "%s/%s", rep->out_dir, p->file) >= size)
		csv[0] = '\0';
	if (res.points == res.rows && !res.unplaced)
		return 0;
	join(p->series, REPORT_MAX_SERIES, keys, sizeof(keys));
	join(p->x, REPORT_MAX_X, x, sizeof(x));
	join(p->y, REPORT_MAX_Y, y, sizeof(y));
	html_number(res.rows, rows, sizeof(rows));
	html_number(res.points, points, sizeof(points));
	fputs("<p class=\"note\">", f);
	html_textf(f, "The plots draw the %s rows of %s as %s points (", rows, name, points);
	fputs("<a href=\"", f);
	html_text(f, p->file);
	fputs("\">", f);
	html_text(f, p->file);
	fputs("</a>", f);
	html_textf(f, "): rows alike in %s, %s are one point, at the median of their %s.", keys, x,
		   y);
	if (res.binned_series)
		html_textf(f,
			   " In %lu series with more than %u values of %s, those are grouped "
			   "into %u bins of equal %s, each drawn at the median %s of its rows, "
			   "and the first and last %s drawn as they are.",
			   res.binned_series, bins, p->x[0], bins,
			   p->log_x ? "ratio (as on the log axis)" : "width", p->x[0], p->x[0]);
	if (res.unplaced)
		html_textf(f, " %lu rows whose %s is not a number are not drawn.", res.unplaced,
			   p->x[0]);
	fputs("</p>\n", f);
	fprintf(stderr,
		"kmembench " CMD ": %s: %s rows drawn as %s points, medians of alike rows\n", name,
		rows, points);
	return 0;
}

/*
 * The section's plots: by plots/ID.gp, or, for a workload without a script of its own, by
 * plots/generic.gp from its points
 */
static void write_plots(struct report *rep, FILE *f, const struct report_tables *t)
{
	const struct workload_report *s = t->section;
	const struct report_points *p = s->points;
	bool own = report_plot_has_script(rep, t->id);
	const char *script = own ? t->id : "generic";
	char err[512], csv[PATH_MAX] = "", series[256], x[64], y[128];
	const char *vars[16] = { NULL };
	struct report_figure *figs;
	unsigned int nr, n = 0;
	int ret;

	if (!rep->plot.gnuplot[0] || !rep->plot.scripts[0]) {
		fputs("<p class=\"missing\">No plots: see the box at the top.</p>\n", f);
		return;
	}
	if (!plot_table(t)) {
		fputs("<p class=\"missing\">No plots: ", f);
		html_textf(f, "%s is not in this run.", s->plot_file);
		fputs("</p>\n", f);
		return;
	}
	if (!own && !p) {
		fputs("<p class=\"missing\">", f);
		html_textf(f,
			   "No plots: there is no plots/%s.gp, and the workload names no points "
			   "for plots/generic.gp to draw.",
			   t->id);
		fputs("</p>\n", f);
		return;
	}
	if (p && plot_points(rep, f, t, csv, sizeof(csv)))
		return;
	if (csv[0]) {
		vars[n++] = p->variable && own ? p->variable : "csv";
		vars[n++] = csv;
	}
	if (!own) {
		/* what generic.gp draws: each y against the first x, a line per series */
		vars[n++] = "section";
		vars[n++] = s->title;
		vars[n++] = "series";
		vars[n++] = join_words(p->series, REPORT_MAX_SERIES, series, sizeof(series));
		vars[n++] = "x";
		vars[n++] = join_words(p->x, 1, x, sizeof(x));
		vars[n++] = "y";
		vars[n++] = join_words(p->y, REPORT_MAX_Y, y, sizeof(y));
		vars[n++] = "logx";
		vars[n++] = p->log_x ? "1" : "0";
	}
	ret = report_plot_run(rep, script, t->id, vars, &figs, &nr, err, sizeof(err));
	for (unsigned int i = 0; i < nr; i++)
		write_figure(f, &figs[i]);
	free(figs);
	if (ret) {
		fputs("<p class=\"missing\">", f);
		html_textf(f, "plots/%s.gp %s: %s (gnuplot.log has its messages).", script,
			   ret > 0 ? "found nothing to draw" : "failed", err);
		fputs("</p>\n", f);
	}
	if (ret < 0) {
		fprintf(stderr, "kmembench " CMD ": plots/%s.gp failed: %s (see %s/gnuplot.log)\n",
			script, err, rep->out_dir);
		rep->status = 1;
	}
}

static void write_section(struct report *rep, FILE *f, struct report_tables *t)
{
	const struct workload_report *s = t->section;
	char missing[256];

	fprintf(f, "<section id=\"%s\">\n<h2>", t->id);
	html_text(f, s->title);
	fputs("</h2>\n<p>", f);
	html_text(f, s->what);
	fputs("</p>\n", f);
	if (t->problems[0]) {
		fputs("<p class=\"missing\">", f);
		html_textf(f, "Unreadable: %s.", t->problems);
		fputs("</p>\n", f);
	}
	if (!t->t[0]) {
		if (!t->first_unreadable) {
			fputs("<p class=\"missing\">", f);
			html_textf(f, "Not in this run: no %s.", s->files[0]);
			fputs("</p>\n", f);
		}
		fputs("</section>\n", f);
		return;
	}
	if (csv_count(t->t[0], "quick", "1"))
		report_caveat(rep,
			      "A --quick run: smaller sizes and fewer operations than a full run, "
			      "a smoke test rather than a measurement.");
	missing_columns(t->t[0], s->required, missing, sizeof(missing));
	if (missing[0]) {
		fputs("<p class=\"missing\">", f);
		html_textf(f,
			   "%s has no column %s, which this section needs (written by another "
			   "version of kmembench?).",
			   s->files[0], missing);
		fputs("</p>\n</section>\n", f);
		return;
	}
	if (!t->t[0]->nr_rows) {
		fputs("<p class=\"missing\">", f);
		html_textf(f, "%s has no rows.", s->files[0]);
		fputs("</p>\n</section>\n", f);
		return;
	}
	fputs("<h3>Headline figures</h3>\n", f);
	report_metrics_table(rep, f, t);
	report_breakdowns(f, t);
	if (s->caveats)
		s->caveats((const struct csv_data *const *)t->t, &rep->caveat_sink);
	fputs("<h3>Plots</h3>\n", f);
	write_plots(rep, f, t);
	fputs("</section>\n", f);
}

static void write_header(FILE *f, const struct report *rep)
{
	fputs("<header>\n<h1>kmembench report: ", f);
	html_text(f, rep->run_id);
	fputs("</h1>\n<p>", f);
	html_textf(f, "Run %s on %s (%s, %s cores), started %s; kmembench %s.", rep->run_dir,
		   meta_or(rep, "host", "an unknown host"),
		   meta_or(rep, "cpu_model", "unknown CPU"), meta_or(rep, "cores", "?"),
		   meta_or(rep, "date", "at an unknown time"),
		   meta_or(rep, "git_commit", "of an unknown commit"));
	fputs("<br>Command: <code>", f);
	html_text(f, meta_or(rep, "command_line", "unknown"));
	fputs("</code></p>\n</header>\n<nav>", f);
	fputs("<a href=\"#caveats\">Not measured</a><a href=\"#summary\">Leaders</a>", f);
	for (unsigned int i = 0; i < result_source_count(); i++) {
		const struct workload *wl = result_source_get(i);

		if (!wl->report)
			continue;
		fprintf(f, "<a href=\"#%s\">", wl->name);
		html_text(f, wl->report->title);
		fputs("</a>", f);
	}
	fputs("<a href=\"#machine\">Machine and build</a></nav>\n", f);
}

static void write_footer(FILE *f, const struct report *rep)
{
	time_t now = time(NULL);
	char when[64];
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	fputs("<footer>", f);
	html_textf(f, "Written by kmembench report at %s from %s.", when, rep->run_dir);
	if (rep->plot.log_fd >= 0) {
		fputs(" Plots drawn by ", f);
		html_textf(f, "%s with the scripts of %s;", rep->plot.gnuplot, rep->plot.scripts);
		fputs(" its messages: <a href=\"gnuplot.log\">gnuplot.log</a>.", f);
	}
	fputs("</footer>\n", f);
}

bool report_is_run_dir(const char *dir)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/meta.csv", dir);
	if (!access(path, F_OK))
		return true;
	for (unsigned int i = 0; i < result_source_count(); i++) {
		const struct workload_report *s = result_source_get(i)->report;

		for (int k = 0; s && k < REPORT_MAX_FILES && s->files[k]; k++) {
			snprintf(path, sizeof(path), "%s/%s", dir, s->files[k]);
			if (!access(path, F_OK))
				return true;
		}
	}
	return false;
}

static int setup(struct report *rep, const char *run_dir, const char *out_dir, const char *formats)
{
	char real[PATH_MAX], why[sizeof(((struct csv_data *)0)->error)];
	int err;

	rep->run_dir = run_dir;
	if (!realpath(run_dir, real))
		snprintf(real, sizeof(real), "%s", run_dir);
	snprintf(rep->run_id, sizeof(rep->run_id), "%s", basename(real));
	if (out_dir)
		snprintf(rep->out_dir, sizeof(rep->out_dir), "%s", out_dir);
	else
		snprintf(rep->out_dir, sizeof(rep->out_dir), "plots/%s", rep->run_id);
	err = make_dirs(rep->out_dir);
	if (err) {
		fprintf(stderr, "kmembench " CMD ": cannot create %s: %s\n", rep->out_dir,
			strerror(-err));
		return err;
	}
	snprintf(real, sizeof(real), "%s/meta.csv", rep->run_dir);
	err = load_table(real, &rep->meta, why);
	if (err && err != -ENOENT)
		fprintf(stderr, "kmembench " CMD ": %s\n", why);
	rep->plot.formats = formats;
	snprintf(rep->plot.title, sizeof(rep->plot.title), "run %s on %s, %s", rep->run_id,
		 meta_or(rep, "host", "an unknown host"), meta_or(rep, "cpu_model", "unknown CPU"));
	return report_plot_setup(rep);
}

/* The page: head, the run, the box, the leaders, then the sections written in @body */
static int write_page(const struct report *rep, const char *body, size_t len)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8], title[NAME_MAX + 32];
	FILE *f;

	if ((size_t)snprintf(path, sizeof(path), "%s/index.html", rep->out_dir) >= sizeof(path)) {
		fprintf(stderr, "kmembench " CMD ": %s: path too long\n", rep->out_dir);
		return 1;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f) {
		fprintf(stderr, "kmembench " CMD ": cannot create %s: %s\n", tmp, strerror(errno));
		return 1;
	}
	snprintf(title, sizeof(title), "kmembench report: %s", rep->run_id);
	html_page_begin(f, title, true);
	write_header(f, rep);
	write_caveats(f, rep);
	write_leads(f, rep);
	fwrite(body, 1, len, f);
	write_meta(f, rep);
	write_footer(f, rep);
	html_page_end(f, true);
	if (ferror(f) | fclose(f) || rename(tmp, path)) {
		fprintf(stderr, "kmembench " CMD ": writing %s failed: %s\n", path,
			strerror(errno));
		unlink(tmp);
		return 1;
	}
	printf("%s\n", path);
	return 0;
}

int report_write(const char *run_dir, const char *out_dir, const char *formats)
{
	struct report rep = { .plot.log_fd = -1, .caveat_sink.say = sink_say };
	unsigned int nr = result_source_count();
	struct report_tables *tables;
	char *body = NULL;
	size_t len = 0;
	FILE *f;
	int err;

	tables = calloc(nr, sizeof(*tables));
	if (!tables)
		return 1;
	if (setup(&rep, run_dir, out_dir, formats)) {
		err = 1;
		goto out;
	}
	for (unsigned int i = 0; i < nr; i++) {
		if (!result_source_get(i)->report)
			continue;
		load_tables(&rep, result_source_get(i), &tables[i]);
		for (int k = 0; k < REPORT_MAX_FILES; k++)
			add_backends(rep.plot.backends, sizeof(rep.plot.backends), tables[i].t[k]);
	}
	meta_caveats(&rep);
	plot_caveats(&rep);
	f = open_memstream(&body, &len);
	if (!f) {
		err = 1;
		goto out;
	}
	for (unsigned int i = 0; i < nr; i++)
		if (tables[i].section)
			write_section(&rep, f, &tables[i]);
	if (fclose(f)) {
		err = 1;
		goto out;
	}
	err = write_page(&rep, body, len) ?: rep.status;
out:
	report_plot_close(&rep);
	for (unsigned int i = 0; i < nr; i++)
		free_tables(&tables[i]);
	free(tables);
	free(body);
	for (unsigned int i = 0; i < rep.nr_caveats; i++)
		free(rep.caveats[i]);
	free(rep.caveats);
	free(rep.leads);
	free_table(rep.meta);
	return err;
}
