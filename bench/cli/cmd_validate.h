/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `kmembench validate --host` (bench/cli/cmd_validate.c), for the subcommand table of
 * bench/cli/kmembench.c.
 */
#ifndef _KMEM_BENCH_CMD_VALIDATE_H
#define _KMEM_BENCH_CMD_VALIDATE_H

#include <stdio.h>

int cmd_validate(int argc, char **argv);
void cmd_validate_help(FILE *out);

#endif
