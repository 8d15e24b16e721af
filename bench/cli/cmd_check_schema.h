/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `kmembench check-schema RUN-DIR` (bench/cli/cmd_check_schema.c), for the subcommand table of
 * bench/cli/kmembench.c. The checker itself is results/schema.h.
 */
#ifndef _KMEM_BENCH_CMD_CHECK_SCHEMA_H
#define _KMEM_BENCH_CMD_CHECK_SCHEMA_H

#include <stdio.h>

/* Exit status 0, 1 (a file is not as documented) or 2 (usage, or nothing to read) */
int cmd_check_schema(int argc, char **argv);
void cmd_check_schema_help(FILE *out);

#endif
