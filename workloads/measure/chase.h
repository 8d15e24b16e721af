/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A random pointer chase: the latency of dependent loads over a working set, one load per cache
 * line, in an order no prefetcher can guess. The set is a list of page ranges (the blocks of a
 * direct-map allocation, one vmalloc area, a node's pages); the order is a seeded cyclic
 * permutation of its lines, so one permutation can be laid over two sets of the same size and
 * the two chases visit their lines in the same order, which is what makes them comparable.
 *
 * Use: chase_perm_init() for the order, chase_build() to write it into the set's memory (each
 * line's first word points to the next line), chase_run() to time N loads, as often as wanted;
 * each run goes on where the previous one stopped.
 */
#ifndef _KMEM_WORKLOADS_CHASE_H
#define _KMEM_WORKLOADS_CHASE_H

#include <stdint.h>

#include "timer.h"

/* One cyclic permutation of the lines 0 .. nr_lines - 1 */
struct chase_perm {
	uint32_t *next; /* next[i]: the line visited after line i; one cycle through every line */
	unsigned long nr_lines;
};

/* Part of a working set: whole pages (PAGE_SIZE), page-aligned */
struct chase_range {
	void *addr;
	unsigned long bytes;
};

/* A chase laid out in memory */
struct chase {
	void *start;  /* line 0 */
	void *cursor; /* where the next chase_run() starts */
	unsigned long nr_lines;
	unsigned int line_size;
};

/* The host's cache line size (sysconf), the stride of a chase of one load per line */
unsigned int chase_line_size(void);

int chase_perm_init(struct chase_perm *perm, unsigned long nr_lines, uint64_t seed);
void chase_perm_destroy(struct chase_perm *perm);

int chase_build(struct chase *c, const struct chase_range *ranges, unsigned int nr_ranges,
		const struct chase_perm *perm, unsigned int line_size);

uint64_t chase_run(struct chase *c, unsigned long loads, const struct timer_calibration *cal);

#endif
