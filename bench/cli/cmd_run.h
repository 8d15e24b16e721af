/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `kmembench run` and the workload part of `kmembench list` (bench/cli/cmd_run.c), for the
 * subcommand table of bench/kmembench.c. The run itself is workloads/runner.h.
 */
#ifndef _KMEM_BENCH_CMD_RUN_H
#define _KMEM_BENCH_CMD_RUN_H

#include <stdio.h>

int cmd_run(int argc, char **argv);
void cmd_run_help(FILE *out);
void cmd_list_workloads(FILE *out);

#endif
