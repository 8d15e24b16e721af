// SPDX-License-Identifier: GPL-2.0
/*
 * `kmembench compare` as HTML (compare.h): the text's table and lines in a <section>, every piece
 * of text escaped, for `kmembench compare --html FILE` (a whole page, written by plots/html.h
 * with the style sheet of every page) and for a page to embed (the section alone).
 */
#define _GNU_SOURCE /* open_memstream */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plots/html.h"
#include "compare.h"

/* The class of a row, for the style sheet to colour its verdict */
static const char *row_class(enum compare_verdict v)
{
	switch (v) {
	case CMP_FASTER:
		return "faster";
	case CMP_SLOWER:
		return "slower";
	case CMP_DIFFERS:
		return "differs";
	case CMP_ONLY_A:
	case CMP_ONLY_B:
		return "only";
	default:
		return "";
	}
}

/* A side's runs, as the command line gave them: comma-separated, plain text */
static void put_side(FILE *out, const struct compare_result *r, int s)
{
	for (unsigned int j = 0; j < r->nr_runs[s]; j++) {
		if (j)
			fputc(',', out);
		fputs(r->dir[s][j], out);
	}
}

static void put_lines(FILE *out, const struct compare_result *r, unsigned int from, unsigned int to)
{
	for (unsigned int i = from; i < to; i++) {
		fputs("<p>", out);
		html_text(out, r->lines[i]);
		fputs("</p>\n", out);
	}
}

int compare_write_html(FILE *out, const struct compare_result *r, bool page)
{
	struct compare_cells c;

	if (page) {
		char *title = NULL;
		size_t len = 0;
		FILE *t = open_memstream(&title, &len);

		if (!t)
			return -ENOMEM;
		fputs("kmembench compare: ", t);
		put_side(t, r, 0);
		fputs(" vs ", t);
		put_side(t, r, 1);
		if (fclose(t)) {
			free(title);
			return -ENOMEM;
		}
		html_page_begin(out, title, false);
		free(title);
	}
	fputs("<section class=\"kmem-compare\">\n<h2>kmembench compare</h2>\n", out);
	put_lines(out, r, 0, r->nr_head);
	fputs("<table>\n", out);
	/* With runs as the unit, what A and B are, and each row's runs in its tooltip */
	if (r->unit == COMPARE_UNIT_RUNS)
		fprintf(out,
			"<caption>Unit: runs. A and B: the medians of %u and %u runs; p and q: the "
			"U "
			"test over the runs.</caption>\n",
			r->nr_runs[0], r->nr_runs[1]);
	fputs("<thead><tr>", out);
	for (int k = 0; k < COMPARE_NR_COLS; k++) {
		fprintf(out, "<th%s>", compare_col_numeric[k] ? " class=\"num\"" : "");
		html_text(out, compare_col_names[k]);
		fputs("</th>", out);
	}
	fputs("</tr></thead>\n<tbody>\n", out);
	for (unsigned int i = 0; i < r->nr_rows; i++) {
		compare_cells(&r->rows[i], &c);
		fprintf(out, "<tr class=\"%s\"", row_class(r->rows[i].verdict));
		if (r->unit == COMPARE_UNIT_RUNS)
			fprintf(out, " title=\"A: %u runs, B: %u runs\"", r->rows[i].na,
				r->rows[i].nb);
		fputc('>', out);
		for (int k = 0; k < COMPARE_NR_COLS; k++) {
			fprintf(out, "<td class=\"%s\">",
				compare_col_numeric[k]	   ? "num"
				: k == COMPARE_NR_COLS - 1 ? "verdict"
							   : "text");
			html_text(out, c.cell[k]);
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</tbody>\n</table>\n", out);
	put_lines(out, r, r->nr_head, r->nr_lines);
	fputs("</section>\n", out);
	if (page)
		html_page_end(out, false);
	return ferror(out) ? -EIO : 0;
}

int compare_write_html_file(const char *path, const struct compare_result *r)
{
	FILE *f = fopen(path, "w");
	int err;

	if (!f) {
		err = -errno;
		fprintf(stderr, "kmembench compare: cannot create %s: %s\n", path, strerror(-err));
		return err;
	}
	err = compare_write_html(f, r, true);
	if (fclose(f) && !err)
		err = -errno;
	if (err) {
		fprintf(stderr, "kmembench compare: writing %s failed\n", path);
		return err;
	}
	return 0;
}
