// SPDX-License-Identifier: GPL-2.0
/*
 * Breakdowns: a section's tables of one figure by something other than the back end (a zone, a
 * cache), struct report_breakdown of workloads/present.h, under its headline figures.
 *
 * A line is the rows of the section's first table that match the breakdown's conditions and
 * agree in its `by` columns, in the order the first of them appears; a column is a back end, in
 * the order it first appears among those rows. The cell of a line and back end is the figure of
 * its first row, so a table with a row per line and back end shows every row as it is.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"

struct breakdown_cols {
	int by[REPORT_MAX_BY], where[REPORT_MAX_WHERE];
	int value, backend, unranked, note;
};

/* The column indices of @b in @d; the names of those it lacks, ", "-separated, into @missing */
static void breakdown_columns(const struct csv_data *d, const struct report_breakdown *b,
			      struct breakdown_cols *c, char *missing, size_t size)
{
	size_t n = 0;

#define NEED(idx, name)                                                                            \
	do {                                                                                       \
		idx = csv_column(d, name);                                                         \
		if (idx < 0 && n < size)                                                           \
			n += (size_t)snprintf(missing + n, size - n, "%s%s", n ? ", " : "", name); \
	} while (0)

	missing[0] = '\0';
	for (int k = 0; k < REPORT_MAX_BY; k++) {
		c->by[k] = -1;
		if (b->by[k])
			NEED(c->by[k], b->by[k]);
	}
	for (int w = 0; w < REPORT_MAX_WHERE; w++) {
		c->where[w] = -1;
		if (b->where[w].column)
			NEED(c->where[w], b->where[w].column);
	}
	NEED(c->value, b->column);
#undef NEED
	c->backend = csv_column(d, "backend");
	c->unranked = b->unranked.column ? csv_column(d, b->unranked.column) : -1;
	c->note = b->note ? csv_column(d, b->note) : -1;
}

static bool row_matches(const struct csv_data *d, unsigned long i, const struct report_breakdown *b,
			const struct breakdown_cols *c)
{
	for (int w = 0; w < REPORT_MAX_WHERE; w++)
		if (c->where[w] >= 0 && strcmp(csv_get(d, i, c->where[w]), b->where[w].value))
			return false;
	return true;
}

static bool same_line(const struct csv_data *d, const struct breakdown_cols *c, unsigned long i,
		      unsigned long j)
{
	for (int k = 0; k < REPORT_MAX_BY; k++)
		if (c->by[k] >= 0 && strcmp(csv_get(d, i, c->by[k]), csv_get(d, j, c->by[k])))
			return false;
	return true;
}

/* The first row of each line (@lines) and of each back end (@backends), in order */
static void lines_and_backends(const struct csv_data *d, const struct report_breakdown *b,
			       const struct breakdown_cols *c, unsigned long *lines,
			       unsigned long *nr_lines, unsigned long *backends,
			       unsigned long *nr_backends)
{
	*nr_lines = *nr_backends = 0;
	for (unsigned long i = 0; i < d->nr_rows; i++) {
		unsigned long k;

		if (!row_matches(d, i, b, c))
			continue;
		for (k = 0; k < *nr_lines && !same_line(d, c, lines[k], i); k++)
			;
		if (k == *nr_lines)
			lines[(*nr_lines)++] = i;
		for (k = 0; k < *nr_backends &&
			    strcmp(csv_get(d, backends[k], c->backend), csv_get(d, i, c->backend));
		     k++)
			;
		if (k == *nr_backends)
			backends[(*nr_backends)++] = i;
	}
}

struct breakdown_cell {
	bool have, unranked, lead;
	double v;
};

/* The cells of the line of row @line, one per back end; marks the best of the ranked ones */
static void line_cells(const struct csv_data *d, const struct report_breakdown *b,
		       const struct breakdown_cols *c, unsigned long line,
		       const unsigned long *backends, unsigned long nr_backends,
		       struct breakdown_cell *cells)
{
	unsigned long ranked = 0, at_best = 0;
	double best = 0;

	for (unsigned long k = 0; k < nr_backends; k++) {
		struct breakdown_cell *cell = &cells[k];

		memset(cell, 0, sizeof(*cell));
		for (unsigned long i = line; i < d->nr_rows && !cell->have; i++) {
			if (!row_matches(d, i, b, c) || !same_line(d, c, line, i) ||
			    strcmp(csv_get(d, i, c->backend),
				   csv_get(d, backends[k], c->backend)) ||
			    !csv_number(csv_get(d, i, c->value), &cell->v))
				continue;
			cell->have = true;
			cell->unranked = c->unranked >= 0 &&
					 !strcmp(csv_get(d, i, c->unranked), b->unranked.value);
		}
		if (!cell->have || cell->unranked)
			continue;
		if (!ranked++ || (b->better == REPORT_LOWER ? cell->v < best : cell->v > best))
			best = cell->v;
	}
	if (b->better == REPORT_NONE || ranked < 2)
		return;
	for (unsigned long k = 0; k < nr_backends; k++)
		at_best += cells[k].have && !cells[k].unranked && cells[k].v == best;
	/* a line where every back end has the best figure has no leader */
	for (unsigned long k = 0; k < nr_backends && at_best < ranked; k++)
		cells[k].lead = cells[k].have && !cells[k].unranked && cells[k].v == best;
}

/* The distinct non-empty notes of the line of row @line, "; "-separated */
static void line_notes(FILE *f, const struct csv_data *d, const struct report_breakdown *b,
		       const struct breakdown_cols *c, unsigned long line)
{
	bool any = false;

	for (unsigned long i = line; i < d->nr_rows; i++) {
		const char *note = csv_get(d, i, c->note);
		unsigned long j;

		if (!*note || !row_matches(d, i, b, c) || !same_line(d, c, line, i))
			continue;
		for (j = line; j < i; j++)
			if (row_matches(d, j, b, c) && same_line(d, c, line, j) &&
			    !strcmp(csv_get(d, j, c->note), note))
				break;
		if (j < i)
			continue;
		if (any)
			fputs("; ", f);
		html_text(f, note);
		any = true;
	}
}

static bool has_notes(const struct csv_data *d, const struct report_breakdown *b,
		      const struct breakdown_cols *c)
{
	for (unsigned long i = 0; c->note >= 0 && i < d->nr_rows; i++)
		if (*csv_get(d, i, c->note) && row_matches(d, i, b, c))
			return true;
	return false;
}

static void write_cell(FILE *f, const struct report_breakdown *b, const struct breakdown_cell *c)
{
	char num[48];

	if (!c->have) {
		fputs("<td class=\"none\">&ndash;</td>", f);
		return;
	}
	fputs(c->lead ? "<td class=\"lead\">" : "<td>", f);
	html_text(f, html_number(c->v, num, sizeof(num)));
	if (c->unranked && b->unranked_label) {
		fputs(" <small>(", f);
		html_text(f, b->unranked_label);
		fputs(")</small>", f);
	}
	fputs("</td>", f);
}

static void write_breakdown(FILE *f, const struct report_tables *t,
			    const struct report_breakdown *b, unsigned long *lines,
			    unsigned long *backends, struct breakdown_cell *cells)
{
	const struct csv_data *d = t->t[0];
	unsigned long nr_lines, nr_backends;
	struct breakdown_cols c;
	char missing[256];
	bool notes;

	fputs("<h3>", f);
	html_text(f, b->title);
	if (b->better != REPORT_NONE)
		fprintf(f, " <small>%s is better</small>",
			b->better == REPORT_LOWER ? "lower" : "higher");
	fputs("</h3>\n", f);
	breakdown_columns(d, b, &c, missing, sizeof(missing));
	if (missing[0]) {
		fputs("<p class=\"missing\">", f);
		html_textf(f, "%s has no column %s, which this table needs.", t->section->files[0],
			   missing);
		fputs("</p>\n", f);
		return;
	}
	lines_and_backends(d, b, &c, lines, &nr_lines, backends, &nr_backends);
	if (!nr_lines) {
		fputs("<p class=\"missing\">", f);
		html_textf(f, "No rows of %s for this table.", t->section->files[0]);
		fputs("</p>\n", f);
		return;
	}
	notes = has_notes(d, b, &c);
	fputs("<table class=\"figures\">\n<thead><tr>", f);
	for (int k = 0; k < REPORT_MAX_BY && b->by[k]; k++) {
		fputs("<th class=\"s\">", f);
		html_text(f, b->by[k]);
		fputs("</th>", f);
	}
	for (unsigned long k = 0; k < nr_backends; k++) {
		fputs("<th>", f);
		html_text(f, c.backend >= 0 ? csv_get(d, backends[k], c.backend) : b->column);
		fputs("</th>", f);
	}
	if (notes)
		fputs("<th class=\"s\">note</th>", f);
	fputs("</tr></thead>\n<tbody>\n", f);
	for (unsigned long l = 0; l < nr_lines; l++) {
		fputs("<tr>", f);
		for (int k = 0; k < REPORT_MAX_BY && b->by[k]; k++) {
			const char *v = csv_get(d, lines[l], c.by[k]);

			fputs("<td class=\"s\">", f);
			if (!strcmp(v, "-1"))
				fputs("&ndash;", f);
			else
				html_text(f, v);
			fputs("</td>", f);
		}
		line_cells(d, b, &c, lines[l], backends, nr_backends, cells);
		for (unsigned long k = 0; k < nr_backends; k++)
			write_cell(f, b, &cells[k]);
		if (notes) {
			fputs("<td class=\"s\">", f);
			line_notes(f, d, b, &c, lines[l]);
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
}

void report_breakdowns(FILE *f, const struct report_tables *t)
{
	const struct workload_report *s = t->section;
	unsigned long n = t->t[0]->nr_rows;
	unsigned long *lines, *backends;
	struct breakdown_cell *cells;

	if (!s->nr_breakdowns)
		return;
	lines = calloc(n, sizeof(*lines));
	backends = calloc(n, sizeof(*backends));
	cells = calloc(n, sizeof(*cells));
	if (lines && backends && cells)
		for (unsigned int i = 0; i < s->nr_breakdowns; i++)
			write_breakdown(f, t, &s->breakdowns[i], lines, backends, cells);
	free(cells);
	free(backends);
	free(lines);
}
