// SPDX-License-Identifier: GPL-2.0
/*
 * The workload registry: the one table WORKLOADS() generates, lookups by name, and the values
 * of the columns that every result row starts with.
 */
#include <string.h>

#include "workload.h"

#define WORKLOAD_ENTRY(n) &n##_workload,
static const struct workload *const workloads[] = { WORKLOADS(WORKLOAD_ENTRY) };
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
 * Return: workload_count() plus one, for the replay.
 */
unsigned int result_source_count(void)
{
	return workload_count() + 1;
}

/**
 * result_source_get - the @i-th descriptor with tables: the workloads, then the replay
 * @i: 0 .. result_source_count() - 1
 * Return: the descriptor, or NULL when @i is out of range.
 */
const struct workload *result_source_get(unsigned int i)
{
	return i < workload_count()    ? workloads[i]
	       : i == workload_count() ? &replay_workload
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
