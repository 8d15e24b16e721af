/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checking a run directory against results/SCHEMA.md. The schema is markdown a program can read:
 * one "## FILE.csv" heading per table, followed (after any prose) by a table
 *
 *	| column | type | unit | meaning |
 *	|---|---|---|---|
 *	| backend | str | | the page back end |
 *
 * whose rows name the file's columns in order, each of type str, int or float. Every CSV file of
 * the directory must have a section, a header equal to the documented columns, and fields that
 * parse as their types.
 */
#ifndef _KMEM_WORKLOADS_SCHEMA_H
#define _KMEM_WORKLOADS_SCHEMA_H

#include <stdio.h>

/**
 * schema_check_dir - check every *.csv of @dir against @schema
 * @dir: a run directory
 * @schema: the path of SCHEMA.md
 * @out: where problems (FILE:LINE: reason) and the verdict go
 *
 * Return: 0 when everything matches, 1 when something does not (after naming the first
 * problems), -errno when @dir or @schema cannot be read.
 */
int schema_check_dir(const char *dir, const char *schema, FILE *out);

#endif
