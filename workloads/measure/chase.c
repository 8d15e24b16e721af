// SPDX-License-Identifier: GPL-2.0
/*
 * The random pointer chase (chase.h): the permutation, its layout in memory, the timed walk.
 *
 * The order is a cyclic permutation drawn with Sattolo's algorithm. Fisher-Yates shuffles an
 * array by swapping each slot i, from the top down, with a slot j <= i drawn uniformly; Sattolo
 * draws j < i instead. Read the array as "line i is followed by line next[i]". It starts as the
 * identity, n cycles of one line each, and before the swap at slot i every cycle holds exactly
 * one line of 0 .. i (true at the start; the swap joins the cycles of i and j, which were two,
 * and leaves every other cycle alone). So each of the n - 1 swaps joins two cycles and the result
 * is a single cycle through all n lines; each of the (n - 1)! such cycles is equally likely. One
 * cycle matters: a chase started anywhere visits every line before it repeats one, so a working
 * set of n lines really is n lines, not the few a short cycle would keep in cache. The draws
 * come from workload_random() seeded by the caller: a seed gives the same permutation every time.
 * The swaps hit random slots of an array larger than the caches, but the draws do not depend on
 * the array: each is made CHASE_PERM_AHEAD steps before its swap and the slot it names is
 * prefetched, so the cache misses of successive steps overlap (twice as fast here at 16M lines).
 * The draws and their order are those of the plain algorithm, and so is the permutation.
 *
 * Layout writes, into the first word of line i, the address of line next[i]. Because the
 * permutation is stored as "who follows whom", the writes go through the set in address order
 * (fast, the hardware prefetches them) and only the addresses written are random. A line's
 * address comes from a table of page addresses, one per page of the set, so that ranges of any
 * number and length cost the same. The ranges are populated first (MADV_POPULATE_WRITE, where
 * the host has it), which maps their pages in one call each rather than a fault per page.
 *
 * The walk is a chain of dependent loads, p = *p: no load can start before the previous one has
 * returned, so the time per load is the full latency of wherever the line was found (L1 to
 * DRAM) plus any TLB miss on the way. It is timed as a whole, never per load, so the timer's
 * cost is spread over millions of loads.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/mm.h>

#include "chase.h"
#include "workloads/workload.h"

/* The line size of every x86-64 CPU, for a C library that cannot say */
#define CHASE_DEFAULT_LINE 64
/* Sattolo's draws are made this many steps early, to prefetch the slots they will swap */
#define CHASE_PERM_AHEAD 16

/**
 * chase_line_size - the host's L1 data cache line size
 *
 * Return: sysconf(_SC_LEVEL1_DCACHE_LINESIZE) when it is a power of two from the size of a
 * pointer to PAGE_SIZE, else 64.
 */
unsigned int chase_line_size(void)
{
	long line = sysconf(_SC_LEVEL1_DCACHE_LINESIZE);

	if (line < (long)sizeof(void *) || line > (long)PAGE_SIZE || (line & (line - 1)))
		return CHASE_DEFAULT_LINE;
	return (unsigned int)line;
}

/* Uniform in [0, @bound): the high half of a 64 x 64-bit product (bias below bound / 2^64) */
static uint32_t random_below(uint64_t *state, uint32_t bound)
{
	return (uint32_t)(((unsigned __int128)workload_random(state) * bound) >> 64);
}

/**
 * chase_perm_init - draw a cyclic permutation of @nr_lines lines (Sattolo's algorithm)
 * @perm: filled in; release with chase_perm_destroy()
 * @nr_lines: 2 to UINT32_MAX
 * @seed: the same seed gives the same permutation
 *
 * Return: 0, -EINVAL for a line count out of range, -ENOMEM.
 */
int chase_perm_init(struct chase_perm *perm, unsigned long nr_lines, uint64_t seed)
{
	uint32_t ahead[CHASE_PERM_AHEAD];
	uint64_t state = seed;
	uint32_t *next;
	unsigned int k;

	perm->next = NULL;
	perm->nr_lines = 0;
	if (nr_lines < 2 || nr_lines > UINT32_MAX)
		return -EINVAL;
	next = malloc(nr_lines * sizeof(*next));
	if (!next)
		return -ENOMEM;
	for (unsigned long i = 0; i < nr_lines; i++)
		next[i] = (uint32_t)i;
	/* the draw for step i, made CHASE_PERM_AHEAD steps early, waits in ahead[slot of i] */
	for (k = 0; k < CHASE_PERM_AHEAD && k < nr_lines - 1; k++)
		ahead[k] = random_below(&state, (uint32_t)(nr_lines - 1 - k));
	k = 0;
	for (uint32_t i = (uint32_t)(nr_lines - 1); i > 0; i--) {
		uint32_t j = ahead[k], tmp = next[i];

		if (i > CHASE_PERM_AHEAD) {
			ahead[k] = random_below(&state, i - CHASE_PERM_AHEAD);
			__builtin_prefetch(&next[ahead[k]], 1);
		}
		k = (k + 1) % CHASE_PERM_AHEAD;
		next[i] = next[j];
		next[j] = tmp;
	}
	perm->next = next;
	perm->nr_lines = nr_lines;
	return 0;
}

/**
 * chase_perm_destroy - free a permutation (one never initialised, or freed, is fine too)
 * @perm: the permutation
 */
void chase_perm_destroy(struct chase_perm *perm)
{
	free(perm->next);
	perm->next = NULL;
	perm->nr_lines = 0;
}

/* Line @i of a set whose pages are @page[], 2^@shift lines a page */
static inline char *line_addr(char *const *page, unsigned int shift, unsigned int line_size,
			      unsigned long i)
{
	return page[i >> shift] + (i & ((1UL << shift) - 1)) * line_size;
}

/**
 * chase_build - lay @perm over a working set: each line's first word points to its successor
 * @c: filled in; nothing to release (the memory is the caller's)
 * @ranges: the set, in line order: line 0 is the first line of @ranges[0]
 * @nr_ranges: at least one
 * @perm: the order; it must have exactly as many lines as the ranges hold
 * @line_size: bytes per line, a power of two from the size of a pointer to PAGE_SIZE
 *
 * Overwrites the first word of every line of the set; the chase starts at line 0.
 *
 * Return: 0, -EINVAL when a range is not whole pages or the sizes do not match, -ENOMEM.
 */
int chase_build(struct chase *c, const struct chase_range *ranges, unsigned int nr_ranges,
		const struct chase_perm *perm, unsigned int line_size)
{
	unsigned long nr_pages = 0, lines_per_page, p = 0;
	unsigned int shift;
	char **page;

	if (!nr_ranges || line_size < sizeof(void *) || line_size > PAGE_SIZE ||
	    (line_size & (line_size - 1)))
		return -EINVAL;
	for (unsigned int r = 0; r < nr_ranges; r++) {
		if (!ranges[r].bytes ||
		    ((unsigned long)ranges[r].addr | ranges[r].bytes) & ~PAGE_MASK)
			return -EINVAL;
		nr_pages += ranges[r].bytes >> PAGE_SHIFT;
	}
	lines_per_page = PAGE_SIZE / line_size;
	if (nr_pages * lines_per_page != perm->nr_lines)
		return -EINVAL;
	page = malloc(nr_pages * sizeof(*page));
	if (!page)
		return -ENOMEM;
	for (unsigned int r = 0; r < nr_ranges; r++) {
		madvise(ranges[r].addr, ranges[r].bytes, MADV_POPULATE_WRITE);
		for (unsigned long off = 0; off < ranges[r].bytes; off += PAGE_SIZE)
			page[p++] = (char *)ranges[r].addr + off;
	}

	shift = (unsigned int)__builtin_ctzl(lines_per_page);
	for (unsigned long i = 0; i < perm->nr_lines; i++)
		*(void **)line_addr(page, shift, line_size, i) =
			line_addr(page, shift, line_size, perm->next[i]);
	c->start = c->cursor = page[0];
	free(page);
	c->nr_lines = perm->nr_lines;
	c->line_size = line_size;
	return 0;
}

/* @n dependent loads from @p; not inlined, so the timed code is the same for every caller */
static __attribute__((__noinline__)) void *chase_walk(void *p, unsigned long n)
{
	void **q = p;

	for (; n >= 8; n -= 8) {
		q = *q;
		q = *q;
		q = *q;
		q = *q;
		q = *q;
		q = *q;
		q = *q;
		q = *q;
	}
	while (n--)
		q = *q;
	return q;
}

/**
 * chase_run - follow the chase for @loads dependent loads, timed as a whole
 * @c: a chase from chase_build(); it goes on from where the last run stopped
 * @loads: how many
 * @cal: the timer
 *
 * Return: the elapsed time in ns, the timer's own cost subtracted.
 */
uint64_t chase_run(struct chase *c, unsigned long loads, const struct timer_calibration *cal)
{
	uint64_t t0, t1;
	void *p;

	t0 = timer_read(cal);
	p = chase_walk(c->cursor, loads);
	t1 = timer_read(cal);
	c->cursor = p;
	return timer_ns(cal, t1 - t0);
}
