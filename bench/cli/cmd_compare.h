/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `kmembench compare RUN-A RUN-B` (bench/cli/cmd_compare.c), for the subcommand table of
 * bench/cli/kmembench.c. The comparison itself is plots/compare/compare.h.
 */
#ifndef _KMEM_BENCH_CMD_COMPARE_H
#define _KMEM_BENCH_CMD_COMPARE_H

#include <stdio.h>

int cmd_compare(int argc, char **argv);
void cmd_compare_help(FILE *out);

#endif
