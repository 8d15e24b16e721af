/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `kmembench replay` (bench/cli/cmd_replay.c), for the subcommand table of bench/kmembench.c.
 * `kmembench check-schema` lives with the checker: workloads/schema.h.
 */
#ifndef _KMEM_BENCH_CMD_REPLAY_H
#define _KMEM_BENCH_CMD_REPLAY_H

#include <stdio.h>

int cmd_replay(int argc, char **argv);
void cmd_replay_help(FILE *out);

#endif
