/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `kmembench insmod` (bench/cli/cmd_insmod.c), for the subcommand table of
 * bench/cli/kmembench.c. The run itself is workloads/insmod.h.
 */
#ifndef _KMEM_BENCH_CMD_INSMOD_H
#define _KMEM_BENCH_CMD_INSMOD_H

#include <stdio.h>

int cmd_insmod(int argc, char **argv);
void cmd_insmod_help(FILE *out);

#endif
