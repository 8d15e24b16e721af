/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `kmembench report RUN-DIR` (bench/cli/cmd_report.c), for the subcommand table of
 * bench/cli/kmembench.c. The page itself is plots/report/report.h's.
 */
#ifndef _KMEM_BENCH_CMD_REPORT_H
#define _KMEM_BENCH_CMD_REPORT_H

#include <stdio.h>

int cmd_report(int argc, char **argv);
void cmd_report_help(FILE *out);

#endif
