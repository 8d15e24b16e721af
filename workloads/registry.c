// SPDX-License-Identifier: GPL-2.0
/*
 * The workload registry: the one table WORKLOADS() generates, lookups by name, and the values
 * of the columns that every result row starts with.
 */
#include <stdio.h>
#include <string.h>

#include "results/csv.h"
#include "workload.h"

/*
 * A build may add workloads from outside workloads/ (the suite's throwaway one in tests/):
 * CMake's KMEM_EXTRA_WORKLOADS writes a header defining KMEM_EXTRA_WORKLOADS(X), X(name) per
 * workload, and names it in KMEM_EXTRA_WORKLOADS_H. They come after the list's.
 */
#ifdef KMEM_EXTRA_WORKLOADS_H
#include KMEM_EXTRA_WORKLOADS_H
#define WORKLOAD_EXTERN(n) extern const struct workload n##_workload;
KMEM_EXTRA_WORKLOADS(WORKLOAD_EXTERN)
#undef WORKLOAD_EXTERN
#else
#define KMEM_EXTRA_WORKLOADS(X)
#endif

#define WORKLOAD_ENTRY(n) &n##_workload,
static const struct workload *const workloads[] = { WORKLOADS(WORKLOAD_ENTRY)
							    KMEM_EXTRA_WORKLOADS(WORKLOAD_ENTRY) };
#undef WORKLOAD_ENTRY

/**
 * workload_count - how many workloads the registry holds
 * Return: the number of entries of WORKLOADS().
 */
unsigned int workload_count(void)
{
	return sizeof(workloads) / sizeof(workloads[0]);
}

/**
 * workload_get - the @i-th workload, in WORKLOADS() order
 * @i: 0 .. workload_count() - 1
 * Return: the descriptor, or NULL when @i is out of range.
 */
const struct workload *workload_get(unsigned int i)
{
	return i < workload_count() ? workloads[i] : NULL;
}

/**
 * result_source_count - how many descriptors may have tables in a run directory
 * Return: workload_count() plus two, for the replay and the validation.
 */
unsigned int result_source_count(void)
{
	return workload_count() + 2;
}

/**
 * result_source_get - the @i-th descriptor with tables: the workloads, then the replay and the
 * validation
 * @i: 0 .. result_source_count() - 1
 * Return: the descriptor, or NULL when @i is out of range.
 */
const struct workload *result_source_get(unsigned int i)
{
	return i < workload_count()	   ? workloads[i]
	       : i == workload_count()	   ? &replay_workload
	       : i == workload_count() + 1 ? &validate_workload
					   : NULL;
}

/**
 * workload_param_index - where a parameter is in a workload's table
 * @wl: the workload
 * @name: the parameter's name
 * Return: its index, or -1 when @wl has no such parameter.
 */
int workload_param_index(const struct workload *wl, const char *name)
{
	for (unsigned int i = 0; i < wl->nr_params; i++)
		if (!strcmp(wl->params[i].name, name))
			return (int)i;
	return -1;
}

/**
 * workload_common_values - the values of RESULT_COMMON_COLUMNS for the booted model
 * @ctx: the running workload
 * @vals: at least RESULT_NR_COMMON cells
 * Return: RESULT_NR_COMMON, the index of the first cell the workload fills itself.
 */
unsigned int workload_common_values(const struct workload_ctx *ctx, struct result_value *vals)
{
	unsigned int n = 0;

	vals[n++] = RV_STR(ctx->info->backend);
	vals[n++] = RV_STR(ctx->info->arch);
	vals[n++] = RV_INT(ctx->info->nr_nodes);
	vals[n++] = RV_INT(ctx->info->numa_simulated);
	vals[n++] = RV_INT(ctx->info->pcp);
	vals[n++] = RV_INT(ctx->seed);
	vals[n++] = RV_INT(ctx->quick);
	return n;
}

/**
 * result_schema_tables - the tables of every result source, in result_source_get() order, as
 * the schema checks and documents them
 * @tables: receives the first @max of them (NULL when @max is 0)
 * @max: room in @tables
 *
 * The tables point into the descriptors: nothing is copied or to be freed.
 *
 * Return: how many there are, also when more than @max.
 */
unsigned int result_schema_tables(struct schema_table *tables, unsigned int max)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < result_source_count(); i++) {
		const struct workload *src = result_source_get(i);

		for (unsigned int j = 0; j < src->nr_tables; j++, n++) {
			const struct result_table *t = src->tables[j];

			if (n < max)
				tables[n] = (struct schema_table){ .file = t->file,
								   .help = t->help,
								   .cols = t->cols,
								   .nr_cols = t->nr_cols };
		}
	}
	return n;
}

/**
 * result_schema_intro - the sentence SCHEMA.md puts before the tables: the columns that every
 * row of a workload starts with (RESULT_COMMON_COLUMNS)
 * @buf: receives it
 * @size: size of @buf; 256 bytes hold it
 */
void result_schema_intro(char *buf, size_t size)
{
	static const struct result_column common[] = { RESULT_COMMON_COLUMNS };
	size_t len = (size_t)snprintf(buf, size,
				      "Every row of `kmembench run` starts with the "
				      "common columns");

	for (unsigned int i = 0; i < RESULT_NR_COMMON && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s %s", i ? "," : "",
					common[i].name);
	if (len < size)
		snprintf(buf + len, size - len, ".");
}

/**
 * result_table_open - start @t's file in the run directory @dir, its header the column names
 * @dir: the run directory
 * @t: the table
 *
 * Return: csv_open()'s table, or NULL after a message on stderr.
 */
struct csv_table *result_table_open(const char *dir, const struct result_table *t)
{
	const char *names[128];

	if (t->nr_cols > sizeof(names) / sizeof(names[0])) {
		fprintf(stderr, "%s: %u columns, more than the %zu a table may have\n", t->file,
			t->nr_cols, sizeof(names) / sizeof(names[0]));
		return NULL;
	}
	for (unsigned int i = 0; i < t->nr_cols; i++)
		names[i] = t->cols[i].name;
	return csv_open(dir, t->file, names, (int)t->nr_cols);
}
