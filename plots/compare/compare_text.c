// SPDX-License-Identifier: GPL-2.0
/*
 * `kmembench compare` as text (compare.h): the cells of a row, which the HTML writer shares, and
 * the aligned table between the lines that say what the runs are and the summary.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compare.h"

#define TEXT_WIDTH 100 /* the summary's lines are wrapped here, as the source is */

const char *const compare_col_names[COMPARE_NR_COLS] = {
	"metric", "key", "A", "B", "B/A", "p", "q", "verdict",
};
const bool compare_col_numeric[COMPARE_NR_COLS] = {
	false, false, true, true, true, true, true, false,
};

/* A verdict in words, without the counts of runs or repetitions */
static const char *verdict_word(enum compare_verdict v)
{
	switch (v) {
	case CMP_RATIO_ONLY:
	case CMP_FEW_REPS:
		return "n/a";
	case CMP_NOT_SIGNIFICANT:
		return "not significant";
	case CMP_FASTER:
		return "faster";
	case CMP_SLOWER:
		return "slower";
	case CMP_SAME:
		return "same";
	case CMP_DIFFERS:
		return "differs (deterministic)";
	case CMP_OTHER_SEED:
		return "n/a (seed or --quick differ)";
	case CMP_ONLY_A:
		return "only in A";
	case CMP_ONLY_B:
		return "only in B";
	}
	return "?";
}

/*
 * The counts a verdict needs: the repetitions when there were too few to test; with runs as
 * the unit, the runs a key was found in when some lack it; which side's runs disagree on a
 * deterministic figure; the rows a run has of the key, when one has several.
 */
const char *compare_verdict_text(const struct compare_row *row, char *buf, size_t size)
{
	const char *within = row->disagree[0] ? row->disagree[1] ? "A and B" : "A" : "B";
	char runs[32] = "", medians[64] = "";

	if (row->rows[0] > 1 || row->rows[1] > 1)
		snprintf(medians, sizeof(medians), " (median of %u vs %u rows)", row->rows[0],
			 row->rows[1]);
	if (row->verdict == CMP_FEW_REPS) {
		snprintf(buf, size, "n/a (%u vs %u %s)%s", row->na, row->nb,
			 row->unit == COMPARE_UNIT_RUNS ? "runs" : "batches", medians);
		return buf;
	}
	if (row->some_runs)
		snprintf(runs, sizeof(runs), " (%u vs %u runs)", row->na, row->nb);
	if (row->verdict == CMP_DIFFERS && (row->disagree[0] || row->disagree[1]))
		snprintf(buf, size, "differs (deterministic, within %s)%s%s", within, runs,
			 medians);
	else if (row->some_runs || medians[0])
		snprintf(buf, size, "%s%s%s", verdict_word(row->verdict), runs, medians);
	else
		return verdict_word(row->verdict);
	return buf;
}

/* A figure in few characters: integers whole, large values to 0.1, others to 4 digits */
static const char *figure(double v, char *buf, size_t size)
{
	if (v == rint(v) && fabs(v) < 1e15)
		snprintf(buf, size, "%.0f", v);
	else if (fabs(v) >= 1e4)
		snprintf(buf, size, "%.1f", v);
	else
		snprintf(buf, size, "%.4g", v);
	return buf;
}

void compare_cells(const struct compare_row *row, struct compare_cells *c)
{
	bool tested = row->verdict == CMP_NOT_SIGNIFICANT || row->verdict == CMP_FASTER ||
		      row->verdict == CMP_SLOWER;
	size_t size = sizeof(c->buf[0]);

	snprintf(c->buf[0], size, "%.*s %s", (int)strcspn(row->table, "."), row->table,
		 row->column);
	c->cell[0] = c->buf[0];
	c->cell[1] = row->key;
	/* NAN: no run of the side measured the key (ops 0) */
	c->cell[2] =
		row->verdict == CMP_ONLY_B || isnan(row->a) ? "-" : figure(row->a, c->buf[2], size);
	c->cell[3] =
		row->verdict == CMP_ONLY_A || isnan(row->b) ? "-" : figure(row->b, c->buf[3], size);
	c->cell[4] = "-";
	if (row->verdict != CMP_ONLY_A && row->verdict != CMP_ONLY_B && row->a != 0 &&
	    isfinite(row->b / row->a)) {
		snprintf(c->buf[4], size, "%.3f", row->b / row->a);
		c->cell[4] = c->buf[4];
	}
	c->cell[5] = "-";
	c->cell[6] = "-";
	if (tested) {
		snprintf(c->buf[5], size, "%.2g", row->p);
		snprintf(c->buf[6], size, "%.2g", row->q);
		c->cell[5] = c->buf[5];
		c->cell[6] = c->buf[6];
	}
	c->cell[7] = compare_verdict_text(row, c->buf[7], size);
}

/*
 * A line of prose cut at the last blank before TEXT_WIDTH columns, the rest indented by two; a
 * word longer than the width (a path) is not cut.
 */
static void put_wrapped(FILE *out, const char *s)
{
	int indent = 0;

	while ((int)strlen(s) + indent > TEXT_WIDTH) {
		int cut = TEXT_WIDTH - indent;

		while (cut > 0 && s[cut] != ' ')
			cut--;
		if (!cut)
			cut = (int)strcspn(s + TEXT_WIDTH - indent, " ") + TEXT_WIDTH - indent;
		if (!s[cut])
			break;
		fprintf(out, "%*s%.*s\n", indent, "", cut, s);
		s += cut + 1;
		indent = 2;
	}
	fprintf(out, "%*s%s\n", indent, "", s);
}

int compare_write_text(FILE *out, const struct compare_result *r)
{
	int width[COMPARE_NR_COLS];
	struct compare_cells c;

	for (int k = 0; k < COMPARE_NR_COLS; k++)
		width[k] = (int)strlen(compare_col_names[k]);
	for (unsigned int i = 0; i < r->nr_rows; i++) {
		compare_cells(&r->rows[i], &c);
		for (int k = 0; k < COMPARE_NR_COLS; k++)
			if ((int)strlen(c.cell[k]) > width[k])
				width[k] = (int)strlen(c.cell[k]);
	}
	for (unsigned int i = 0; i < r->nr_head; i++)
		fprintf(out, "%s\n", r->lines[i]);
	for (unsigned int i = 0; i <= r->nr_rows; i++) {
		const char *const *cell = compare_col_names;

		if (i) {
			compare_cells(&r->rows[i - 1], &c);
			cell = c.cell;
		}
		fputc('\n', out);
		for (int k = 0; k < COMPARE_NR_COLS; k++) {
			bool last = k == COMPARE_NR_COLS - 1;

			fprintf(out, "%s%*s", k ? "  " : "",
				compare_col_numeric[k] ? width[k]
				: last		       ? 0
						       : -width[k],
				cell[k]);
		}
	}
	fprintf(out, "\n\n");
	for (unsigned int i = r->nr_head; i < r->nr_lines; i++)
		put_wrapped(out, r->lines[i]);
	return ferror(out) ? -EIO : 0;
}
