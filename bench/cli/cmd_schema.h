/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `kmembench schema [-o FILE]` (bench/cli/cmd_schema.c), for the subcommand table of
 * bench/cli/kmembench.c, and the built-in schema that check-schema holds run directories to.
 */
#ifndef _KMEM_BENCH_CMD_SCHEMA_H
#define _KMEM_BENCH_CMD_SCHEMA_H

#include <stdio.h>

#include "results/schema.h"

/* What messages call the schema of the descriptors compiled into this binary */
#define CMD_SCHEMA_BUILTIN "the schema built into kmembench"

/* Exit status 0, 1 (the file could not be written) or 2 (usage) */
int cmd_schema(int argc, char **argv);
void cmd_schema_help(FILE *out);

/**
 * cmd_schema_tables - the tables of every result source, as the workload descriptors give them
 * @nr: receives how many
 *
 * Return: an array to free(), or NULL (out of memory) after a message on stderr naming @cmd.
 */
struct schema_table *cmd_schema_tables(const char *cmd, unsigned int *nr);

#endif
