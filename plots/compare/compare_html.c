// SPDX-License-Identifier: GPL-2.0
/*
 * `kmembench compare` as HTML (compare.h): the text's table and lines in a <section>, every piece
 * of text escaped, for `kmembench compare --html FILE` (a whole page) and for `kmembench report`
 * to embed (the section alone, the style sheet in the report's <head>). Nothing is loaded from
 * elsewhere: the page works offline and as an e-mail attachment.
 */
#include <errno.h>
#include <stdio.h>

#include "compare.h"

const char compare_html_css[] =
	".kmem-compare { font-family: sans-serif; font-size: 14px; }\n"
	".kmem-compare table { border-collapse: collapse; }\n"
	".kmem-compare th, .kmem-compare td { padding: 2px 8px; border-bottom: 1px solid #ddd; "
	"text-align: left; white-space: nowrap; }\n"
	".kmem-compare .num { text-align: right; font-variant-numeric: tabular-nums; }\n"
	".kmem-compare tr.faster td.verdict { color: #070; font-weight: bold; }\n"
	".kmem-compare tr.slower td.verdict { color: #b00; font-weight: bold; }\n"
	".kmem-compare tr.differs td.verdict { color: #b60; font-weight: bold; }\n"
	".kmem-compare tr.only td { color: #777; }\n";

/* Text as HTML: the five characters that could end an element or an attribute, as entities */
static void put_escaped(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		default:
			fputc(*s, out);
		}
	}
}

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

/* A side's runs, as the command line gave them: comma-separated */
static void put_side(FILE *out, const struct compare_result *r, int s)
{
	for (unsigned int j = 0; j < r->nr_runs[s]; j++) {
		if (j)
			fputc(',', out);
		put_escaped(out, r->dir[s][j]);
	}
}

static void put_lines(FILE *out, const struct compare_result *r, unsigned int from, unsigned int to)
{
	for (unsigned int i = from; i < to; i++) {
		fputs("<p>", out);
		put_escaped(out, r->lines[i]);
		fputs("</p>\n", out);
	}
}

int compare_write_html(FILE *out, const struct compare_result *r, bool page)
{
	struct compare_cells c;

	if (page) {
		fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<title>kmembench compare: ",
		      out);
		put_side(out, r, 0);
		fputs(" vs ", out);
		put_side(out, r, 1);
		fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", compare_html_css);
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
		put_escaped(out, compare_col_names[k]);
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
			put_escaped(out, c.cell[k]);
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</tbody>\n</table>\n", out);
	put_lines(out, r, r->nr_head, r->nr_lines);
	fputs("</section>\n", out);
	if (page)
		fputs("</body>\n</html>\n", out);
	return ferror(out) ? -EIO : 0;
}
