// SPDX-License-Identifier: GPL-2.0
/*
 * Headline figures: a section's table of its metrics (struct report_metric of
 * workloads/present.h) with one row per back end and configuration, and which back end leads on
 * each metric.
 *
 * The rows of the table are the distinct (back end, arch, nodes, per-CPU lists) of the
 * section's first file, in the order they first appear there. A metric's figure for a row comes
 * from the rows of its file that share that back end and configuration (a file without one of
 * those columns is not split by it) and match the metric's conditions; the metric's picks
 * choose among several (the largest working set, the fewest threads), and rows still tied are
 * averaged. A figure that is not a finite number is no figure; with negative_unknown, neither
 * is a negative one (-1 = not measured).
 *
 * Back ends are compared only within one configuration: the leader of a metric is the back end
 * with the best figure (several when they share it: a tie), the runner-up the best of the
 * others, the lead their ratio (the larger over the smaller, so always >= 1). When every back
 * end has the same figure, no leader is marked.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#define GROUP_COLS 3

/* What sets one configuration apart from another in a table's rows */
static const char *const group_cols[GROUP_COLS] = { "arch", "nodes", "pcp" };

/* A row of the headline table: a back end in one configuration */
struct hrow {
	const char *backend;	       /* "" when the table has no backend column */
	const char *group[GROUP_COLS]; /* "" when it has no such column */
};

struct cell {
	bool have;
	double v;
	unsigned int n; /* rows averaged */
	char note[64];
};

static bool same_config(const struct hrow *a, const struct hrow *b)
{
	for (int g = 0; g < GROUP_COLS; g++)
		if (strcmp(a->group[g], b->group[g]))
			return false;
	return true;
}

/* The distinct back end and configuration rows of @d, in order of appearance */
static struct hrow *table_rows(const struct csv_data *d, unsigned int *nr)
{
	int bcol = csv_column(d, "backend"), gcol[GROUP_COLS];
	struct hrow *rows = NULL;
	unsigned int n = 0;

	for (int g = 0; g < GROUP_COLS; g++)
		gcol[g] = csv_column(d, group_cols[g]);
	for (unsigned long i = 0; i < d->nr_rows; i++) {
		struct hrow r = { .backend = csv_get(d, i, bcol) };
		unsigned int j;

		for (int g = 0; g < GROUP_COLS; g++)
			r.group[g] = csv_get(d, i, gcol[g]);
		for (j = 0; j < n; j++)
			if (!strcmp(rows[j].backend, r.backend) && same_config(&rows[j], &r))
				break;
		if (j < n)
			continue;
		if (!(n & (n + 1))) { /* grow at 0, 1, 3, 7, ...: doubling */
			struct hrow *more = realloc(rows, (2 * (size_t)n + 2) * sizeof(*rows));

			if (!more)
				break;
			rows = more;
		}
		rows[n++] = r;
	}
	*nr = n;
	return rows;
}

/* Whether configuration column @g takes more than one value among @rows */
static bool group_varies(const struct hrow *rows, unsigned int nr, int g)
{
	for (unsigned int i = 1; i < nr; i++)
		if (strcmp(rows[i].group[g], rows[0].group[g]))
			return true;
	return false;
}

/* "x86_64", "x86_64, 4 nodes, no per-CPU lists": the configuration columns that vary or name
 * the arch */
static const char *config_label(const struct hrow *r, const bool *shown, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int g = 0; g < GROUP_COLS && n < size; g++) {
		const char *v = r->group[g];

		if (!shown[g] || !*v)
			continue;
		if (!strcmp(group_cols[g], "nodes"))
			n += (size_t)snprintf(buf + n, size - n, "%s%s node%s", n ? ", " : "", v,
					      strcmp(v, "1") ? "s" : "");
		else if (!strcmp(group_cols[g], "pcp"))
			n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? ", " : "",
					      strcmp(v, "0") ? "per-CPU lists"
							     : "no per-CPU lists");
		else
			n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? ", " : "", v);
	}
	return buf;
}

static const struct csv_data *metric_table(const struct report_tables *t,
					   const struct report_metric *m)
{
	if (!m->file)
		return t->t[0];
	for (int i = 0; i < REPORT_MAX_FILES && t->section->files[i]; i++)
		if (!strcmp(t->section->files[i], m->file))
			return t->t[i];
	return NULL;
}

/* Column indices a metric needs in its table; false when one is missing */
struct metric_cols {
	int value, backend, group[GROUP_COLS], where[REPORT_MAX_WHERE], pick[REPORT_MAX_PICK];
	int note;
};

static bool metric_columns(const struct csv_data *d, const struct report_metric *m,
			   struct metric_cols *c)
{
	c->value = csv_column(d, m->column);
	c->backend = csv_column(d, "backend");
	c->note = m->note ? csv_column(d, m->note) : -1;
	for (int g = 0; g < GROUP_COLS; g++)
		c->group[g] = csv_column(d, group_cols[g]);
	for (int w = 0; w < REPORT_MAX_WHERE; w++) {
		c->where[w] = m->where[w].column ? csv_column(d, m->where[w].column) : -1;
		if (m->where[w].column && c->where[w] < 0)
			return false;
	}
	for (int p = 0; p < REPORT_MAX_PICK; p++) {
		c->pick[p] = m->pick[p].column ? csv_column(d, m->pick[p].column) : -1;
		if (m->pick[p].column && c->pick[p] < 0)
			return false;
	}
	return c->value >= 0;
}

/* Whether row @i of @d is of @r, matches the metric, and has a figure (in *v) */
static bool row_counts(const struct csv_data *d, unsigned long i, const struct report_metric *m,
		       const struct metric_cols *c, const struct hrow *r, double *v)
{
	if (c->backend >= 0 && strcmp(csv_get(d, i, c->backend), r->backend))
		return false;
	for (int g = 0; g < GROUP_COLS; g++)
		if (c->group[g] >= 0 && *r->group[g] &&
		    strcmp(csv_get(d, i, c->group[g]), r->group[g]))
			return false;
	for (int w = 0; w < REPORT_MAX_WHERE; w++)
		if (c->where[w] >= 0 && strcmp(csv_get(d, i, c->where[w]), m->where[w].value))
			return false;
	if (!csv_number(csv_get(d, i, c->value), v))
		return false;
	return !(m->negative_unknown && *v < 0);
}

/* <0, 0, >0 as row @i's picks are better than, as good as or worse than row @j's */
static int pick_cmp(const struct csv_data *d, const struct report_metric *m,
		    const struct metric_cols *c, unsigned long i, unsigned long j)
{
	for (int p = 0; p < REPORT_MAX_PICK && c->pick[p] >= 0; p++) {
		double a, b;

		if (!csv_number(csv_get(d, i, c->pick[p]), &a))
			a = m->pick[p].largest ? -INFINITY : INFINITY;
		if (!csv_number(csv_get(d, j, c->pick[p]), &b))
			b = m->pick[p].largest ? -INFINITY : INFINITY;
		if (a != b)
			return (a < b) == !m->pick[p].largest ? -1 : 1;
	}
	return 0;
}

static void eval_cell(const struct report_tables *t, const struct report_metric *m,
		      const struct hrow *r, struct cell *cell)
{
	const struct csv_data *d = metric_table(t, m);
	struct metric_cols c;
	unsigned long best = 0;
	double v, sum = 0;

	memset(cell, 0, sizeof(*cell));
	if (!d || !metric_columns(d, m, &c))
		return;
	for (unsigned long i = 0; i < d->nr_rows; i++) {
		if (!row_counts(d, i, m, &c, r, &v))
			continue;
		if (cell->n && pick_cmp(d, m, &c, i, best) > 0)
			continue;
		if (!cell->n || pick_cmp(d, m, &c, i, best) < 0) {
			best = i;
			sum = 0;
			cell->n = 0;
		}
		sum += v;
		cell->n++;
	}
	if (!cell->n)
		return;
	cell->have = true;
	cell->v = sum / cell->n;
	if (c.note >= 0) {
		const char *s = csv_get(d, best, c.note);
		char b[32];

		if (m->note_as == REPORT_BYTES && csv_number(s, &v))
			s = html_bytes(v, b, sizeof(b));
		snprintf(cell->note, sizeof(cell->note), m->note_fmt ?: "%s", s);
	}
}

static bool better(const struct report_metric *m, double a, double b)
{
	return m->better == REPORT_LOWER ? a < b : a > b;
}

static void add_lead(struct report *rep, const char *id, const struct report_metric *m,
		     const char *config, const struct report_lead *l)
{
	struct report_lead *more = realloc(rep->leads, (rep->nr_leads + 1) * sizeof(*more));

	if (!more)
		return;
	rep->leads = more;
	more[rep->nr_leads] = *l;
	snprintf(more[rep->nr_leads].metric, sizeof(l->metric), "%s", m->label);
	snprintf(more[rep->nr_leads].section_id, sizeof(l->section_id), "%s", id);
	snprintf(more[rep->nr_leads].config, sizeof(l->config), "%s", config);
	more[rep->nr_leads].better = m->better;
	more[rep->nr_leads].unit = m->unit;
	rep->nr_leads++;
}

/*
 * Marks the leaders of metric @m among the rows of @rows configured as @rows[first] (lead[] of
 * each such row), and adds the contest to the page's summary when the metric is in it.
 */
static void find_leader(struct report *rep, const struct report_tables *t,
			const struct report_metric *m, const struct hrow *rows, unsigned int nr,
			unsigned int first, const struct cell *cells, bool *lead, const bool *shown)
{
	struct report_lead l = { 0 };
	unsigned int with = 0, at_best = 0;
	char config[96];

	for (unsigned int i = first; i < nr; i++) {
		if (!same_config(&rows[i], &rows[first]) || !cells[i].have)
			continue;
		if (!with++ || better(m, cells[i].v, l.best))
			l.best = cells[i].v;
	}
	if (with < 2)
		return;
	for (unsigned int i = first; i < nr; i++) {
		const struct cell *c = &cells[i];

		if (!same_config(&rows[i], &rows[first]) || !c->have)
			continue;
		if (c->v == l.best) {
			size_t n = strlen(l.leader);

			snprintf(l.leader + n, sizeof(l.leader) - n, "%s%s", at_best++ ? ", " : "",
				 rows[i].backend);
		} else if (!l.has_second || better(m, c->v, l.second)) {
			l.second = c->v;
			l.has_second = true;
			snprintf(l.runner_up, sizeof(l.runner_up), "%s", rows[i].backend);
		}
	}
	l.tie = at_best > 1;
	/* the leaders, tied or not, unless every back end has the best figure */
	for (unsigned int i = first; i < nr && at_best < with; i++)
		if (same_config(&rows[i], &rows[first]) && cells[i].have && cells[i].v == l.best)
			lead[i] = true;
	if (m->summary)
		add_lead(rep, t->id, m, config_label(&rows[first], shown, config, sizeof(config)),
			 &l);
}

static void print_cell(FILE *f, const struct cell *c, bool lead)
{
	char num[48];

	if (!c->have) {
		fputs("<td class=\"none\">&ndash;</td>", f);
		return;
	}
	fputs(lead ? "<td class=\"lead\">" : "<td>", f);
	html_text(f, html_number(c->v, num, sizeof(num)));
	if (c->n > 1)
		fprintf(f, " <small>(mean of %u)</small>", c->n);
	if (c->note[0]) {
		fputs(" <small>", f);
		html_text(f, c->note);
		fputs("</small>", f);
	}
	fputs("</td>", f);
}

static void print_header(FILE *f, const struct workload_report *s, const bool *shown,
			 const bool *any)
{
	fputs("<table class=\"figures\">\n<thead><tr><th class=\"s\">back end</th>", f);
	for (int g = 0; g < GROUP_COLS; g++)
		if (shown[g])
			fprintf(f, "<th class=\"s\">%s</th>", group_cols[g]);
	for (unsigned int k = 0; k < s->nr_metrics; k++) {
		const struct report_metric *m = &s->metrics[k];

		if (!any[k])
			continue;
		fputs("<th>", f);
		html_text(f, m->label);
		if (m->unit[0] || m->better != REPORT_NONE) {
			fputs("<br><small>", f);
			html_textf(f, "%s%s%s", m->unit,
				   m->unit[0] && m->better != REPORT_NONE ? ", " : "",
				   m->better == REPORT_LOWER	? "lower is better"
				   : m->better == REPORT_HIGHER ? "higher is better"
								: "");
			fputs("</small>", f);
		}
		fputs("</th>", f);
	}
	fputs("</tr></thead>\n<tbody>\n", f);
}

void report_metrics_table(struct report *rep, FILE *f, const struct report_tables *t)
{
	const struct workload_report *s = t->section;
	unsigned int nr, k, i, shown_metrics = 0;
	struct cell *cells;
	bool shown[GROUP_COLS], *any, *lead;
	struct hrow *rows = table_rows(t->t[0], &nr);

	if (!nr || !s->nr_metrics) {
		free(rows);
		return;
	}
	cells = calloc((size_t)nr * s->nr_metrics, sizeof(*cells));
	lead = calloc((size_t)nr * s->nr_metrics, sizeof(*lead));
	any = calloc(s->nr_metrics, sizeof(*any));
	if (!cells || !lead || !any)
		goto out;
	for (int g = 0; g < GROUP_COLS; g++)
		shown[g] = strcmp(group_cols[g], "arch") ? group_varies(rows, nr, g)
							 : csv_column(t->t[0], "arch") >= 0;
	for (k = 0; k < s->nr_metrics; k++) {
		struct cell *col = &cells[(size_t)k * nr];

		for (i = 0; i < nr; i++) {
			eval_cell(t, &s->metrics[k], &rows[i], &col[i]);
			any[k] |= col[i].have;
		}
		shown_metrics += any[k];
		if (s->metrics[k].better == REPORT_NONE)
			continue;
		/* each configuration once: at its first row */
		for (i = 0; i < nr; i++) {
			unsigned int j;

			for (j = 0; j < i && !same_config(&rows[j], &rows[i]); j++)
				;
			if (j == i)
				find_leader(rep, t, &s->metrics[k], rows, nr, i, col,
					    &lead[(size_t)k * nr], shown);
		}
	}
	if (!shown_metrics) {
		fputs("<p class=\"missing\">None of the headline figures is in this run's "
		      "rows.</p>\n",
		      f);
		goto out;
	}
	print_header(f, s, shown, any);
	for (i = 0; i < nr; i++) {
		fputs("<tr><td class=\"s\">", f);
		html_text(f, rows[i].backend);
		fputs("</td>", f);
		for (int g = 0; g < GROUP_COLS; g++) {
			if (!shown[g])
				continue;
			fputs("<td class=\"s\">", f);
			if (!strcmp(group_cols[g], "pcp"))
				html_text(f, strcmp(rows[i].group[g], "0") ? "on" : "off");
			else
				html_text(f, rows[i].group[g]);
			fputs("</td>", f);
		}
		for (k = 0; k < s->nr_metrics; k++)
			if (any[k])
				print_cell(f, &cells[(size_t)k * nr + i], lead[(size_t)k * nr + i]);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
	if (shown_metrics < s->nr_metrics) {
		bool first = true;

		fputs("<p class=\"note\">Not in this run's rows: ", f);
		for (k = 0; k < s->nr_metrics; k++) {
			if (any[k])
				continue;
			html_textf(f, "%s%s", first ? "" : "; ", s->metrics[k].label);
			first = false;
		}
		fputs(".</p>\n", f);
	}
out:
	free(any);
	free(lead);
	free(cells);
	free(rows);
}
