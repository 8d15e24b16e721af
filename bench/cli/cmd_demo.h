/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `kmembench demo` (bench/cli/cmd_demo.c), for the subcommand table of bench/kmembench.c. The
 * mix itself is workloads/demo.h.
 */
#ifndef _KMEM_BENCH_CMD_DEMO_H
#define _KMEM_BENCH_CMD_DEMO_H

#include <stdio.h>

int cmd_demo(int argc, char **argv);
void cmd_demo_help(FILE *out);

#endif
