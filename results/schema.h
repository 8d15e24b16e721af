/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The schema of a run directory: which CSV files it may hold, and each one's columns with their
 * types, units and meanings. The descriptors of the layers above hand their tables down as
 * struct schema_table (results/ knows no workload); results/ adds meta.csv, whose keys it
 * writes itself (meta_keys.c).
 *
 * From these, schema_doc_write() writes results/SCHEMA.md, markdown a program can read back:
 * one "## FILE.csv" heading per table, followed (after any prose) by a table
 *
 *	| column | type | unit | meaning |
 *	|---|---|---|---|
 *	| backend | str | | the page back end |
 *
 * whose rows name the file's columns in order, each of type str, int or float. The checker
 * holds a run directory to the tables, given as descriptors or read from such a file: every
 * CSV file of the directory must have a section, a header equal to the documented columns, and
 * fields that parse as their types.
 */
#ifndef _KMEM_RESULTS_SCHEMA_H
#define _KMEM_RESULTS_SCHEMA_H

#include <stdio.h>

/* Column types, as SCHEMA.md names them: str, int, float */
enum result_type {
	RESULT_STR,
	RESULT_INT,
	RESULT_FLOAT,
};

struct result_column {
	const char *name;
	enum result_type type;
	const char *unit; /* "" for none */
	const char *help;
};

/* One CSV file of a run directory, as SCHEMA.md documents it */
struct schema_table {
	const char *file; /* "latency.csv" */
	const char *help; /* what a row is: one paragraph of plain text, or NULL */
	const struct result_column *cols;
	unsigned int nr_cols;
};

/* A key of meta.csv and what its value says */
struct meta_key {
	const char *key;
	const char *help;
};

/* Every key run_meta_open() and its kin may write, in the order they write them (meta_keys.c) */
extern const struct meta_key meta_keys[];
extern const unsigned int nr_meta_keys;
/* meta.csv's own table: key, value */
extern const struct schema_table meta_table;

/**
 * schema_doc_write - write SCHEMA.md: the format and the types, meta.csv, then @tables
 * @out: where to
 * @intro: a paragraph before @tables (what their rows have in common), or NULL
 * @tables: the tables of every result source, in the order to document them
 * @nr: how many
 *
 * Return: 0, or -EIO when writing failed.
 */
int schema_doc_write(FILE *out, const char *intro, const struct schema_table *tables,
		     unsigned int nr);

/**
 * schema_check_dir - check every *.csv of @dir against the SCHEMA.md file @schema
 * @dir: a run directory
 * @schema: the path of a SCHEMA.md
 * @out: where problems (FILE:LINE: reason) and the verdict go
 *
 * Return: 0 when everything matches, 1 when something does not (after naming the first
 * problems), -errno when @dir or @schema cannot be read.
 */
int schema_check_dir(const char *dir, const char *schema, FILE *out);

/**
 * schema_check_dir_tables - check every *.csv of @dir against @tables and meta.csv's table
 * @dir: a run directory
 * @tables: the tables of every result source
 * @nr: how many
 * @name: what the verdict calls the schema, "the schema built into kmembench"
 * @out: where problems (FILE:LINE: reason) and the verdict go
 *
 * Return: as schema_check_dir().
 */
int schema_check_dir_tables(const char *dir, const struct schema_table *tables, unsigned int nr,
			    const char *name, FILE *out);

#endif
