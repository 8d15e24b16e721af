/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The demo (workloads/demo.c): on one (arch, back end), a seeded mix of allocations and frees
 * that leaves memory fragmented, shown as /proc/zoneinfo and /proc/buddyinfo would show it.
 * `kmembench demo` (bench/cli/cmd_demo.c) calls it per combination.
 */
#ifndef _KMEM_WORKLOADS_DEMO_H
#define _KMEM_WORKLOADS_DEMO_H

#include <stdint.h>

#include <kmem/kmem.h>

#define DEMO_OPS  20000UL
#define DEMO_SEED 1

/**
 * demo_one - boot @cfg, run @ops operations of the mix seeded with @seed, print the model, the
 * zones, buddyinfo and a summary line on stdout, free everything and check it all came back
 * @cfg: the combination
 * @ops: allocate/free operations
 * @seed: seed of the mix
 *
 * Return: 0; RUNNER_EXIT_USAGE when the model refuses a value of @cfg; RUNNER_EXIT_FAILURE when
 * a page did not come back, a bad page was reported or the host refused memory.
 */
int demo_one(const struct kmem_config *cfg, unsigned long ops, uint64_t seed);

#endif
