// SPDX-License-Identifier: GPL-2.0
/*
 * results/SCHEMA.md, written from the descriptors: the format and the types (the text below),
 * meta.csv (meta_keys.c), then the tables the caller hands down, each a "## FILE.csv" section
 * with its paragraph and its column table in the form the checker (schema.c) reads back. The
 * file in the source tree is this output, kept for people who read it on the web; the build
 * writes its own copy and installs that one.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "schema.h"

#define DOC_WIDTH 96 /* prose is filled to this many columns, as the source is */

static const char preamble[] =
	"# Result files\n"
	"\n"
	"Every run of `kmembench run` or `kmembench replay` writes into one directory, "
	"`results/RUN-ID/` (`RUN-ID` = `YYYYmmdd-HHMMSS-XXXX`, the suffix keeping runs of the "
	"same second apart) or the directory given with `--out`. Each table is a CSV file as "
	"RFC 4180 describes it: comma-separated, CRLF line ends, one header row, a field in double "
	"quotes when it holds a comma, a quote or a line break (quotes inside doubled). Rows of "
	"every back end and arch profile of a run share one file; their first columns say which "
	"they are.\n"
	"\n"
	"This file is generated from the tables' descriptors in the source (`kmembench schema`), "
	"and a program reads it: `kmembench check-schema RUN-DIR --schema SCHEMA.md` holds every "
	"`*.csv` of a run directory to it (without `--schema`, to the same descriptors built into "
	"kmembench). Each table has a section headed `## FILE.csv`; under it, the first markdown "
	"table whose header is `| column | type | unit | meaning |` lists the file's columns in "
	"order. Types:\n"
	"\n"
	"- `str`: any text (possibly empty);\n"
	"- `int`: a decimal integer, optionally negative;\n"
	"- `float`: a finite decimal number (`1.5`, `-0.250`, `2.5e+06`); never `nan` or `inf`.\n"
	"\n"
	"An empty unit means a count or a plain number. Other tables and prose in a section (like "
	"the list of keys under `meta.csv`) are for people and ignored by the checker.\n";

static const char *const type_names[] = {
	[RESULT_STR] = "str", [RESULT_INT] = "int", [RESULT_FLOAT] = "float"
};

/* Length of the word at @s: up to a blank or a line end, a `code span` being one word */
static size_t word_len(const char *s)
{
	bool code = false;
	size_t n = 0;

	for (; s[n] && (code || !strchr(" \n", s[n])); n++)
		code ^= s[n] == '`';
	return n;
}

/*
 * Writes @text filled to DOC_WIDTH columns. A paragraph is one line in a descriptor so that its
 * wording, not its line breaks, is what a change touches; "\n\n" in it starts a new paragraph
 * and "\n- " an item of a list.
 */
static void fill(FILE *out, const char *text)
{
	size_t col = 0;

	while (*text) {
		size_t len = word_len(text);

		if (col && col + 1 + len > DOC_WIDTH) {
			fputc('\n', out);
			col = 0;
		} else if (col) {
			fputc(' ', out);
			col++;
		}
		fwrite(text, 1, len, out);
		col += len;
		text += len;
		if (!strncmp(text, "\n\n", 2) || !strncmp(text, "\n- ", 3)) {
			fputs(text[1] == '\n' ? "\n\n" : "\n", out);
			col = 0;
			text += text[1] == '\n' ? 2 : 1;
		}
		text += strspn(text, " \n");
	}
	if (col)
		fputc('\n', out);
}

static void write_table(FILE *out, const struct schema_table *t, bool keys)
{
	fprintf(out, "\n## %s\n\n", t->file);
	if (t->help && *t->help) {
		fill(out, t->help);
		fputc('\n', out);
	}
	fputs("| column | type | unit | meaning |\n|---|---|---|---|\n", out);
	for (unsigned int i = 0; i < t->nr_cols; i++)
		fprintf(out, "| %s | %s | %s | %s |\n", t->cols[i].name,
			type_names[t->cols[i].type], t->cols[i].unit, t->cols[i].help);
	if (!keys)
		return;
	fputs("\n| key | meaning |\n|---|---|\n", out);
	for (unsigned int i = 0; i < nr_meta_keys; i++)
		fprintf(out, "| %s | %s |\n", meta_keys[i].key, meta_keys[i].help);
}

int schema_doc_write(FILE *out, const char *intro, const struct schema_table *tables,
		     unsigned int nr)
{
	fill(out, preamble);
	write_table(out, &meta_table, true);
	if (intro && *intro) {
		fputc('\n', out);
		fill(out, intro);
	}
	for (unsigned int i = 0; i < nr; i++)
		write_table(out, &tables[i], false);
	return fflush(out) || ferror(out) ? -EIO : 0;
}
