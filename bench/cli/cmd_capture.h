/* SPDX-License-Identifier: GPL-2.0 */
/* `kmembench capture` (bench/cli/cmd_capture.c), for the subcommand table of kmembench.c. */
#ifndef _KMEM_BENCH_CMD_CAPTURE_H
#define _KMEM_BENCH_CMD_CAPTURE_H

#include <stdio.h>

int cmd_capture(int argc, char **argv);
void cmd_capture_help(FILE *out);

#endif
