/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-operation timing: the TSC read with rdtscp (which waits for earlier instructions), its
 * frequency measured against CLOCK_MONOTONIC at start-up, and the cost of a timer read measured
 * too, so it can be subtracted from every sample and stated. Where the CPU has no usable
 * invariant TSC, clock_gettime(CLOCK_MONOTONIC) is the clock instead, and the source says so.
 */
#ifndef _KMEM_WORKLOADS_TIMER_H
#define _KMEM_WORKLOADS_TIMER_H

#include <stdbool.h>
#include <stdint.h>

struct timer_calibration {
	const char *source;	 /* "rdtscp" or "clock_gettime" */
	bool tsc;		 /* ticks are TSC cycles, else ns */
	double ticks_per_ns;	 /* 1.0 for clock_gettime */
	double overhead_ns;	 /* cost of one timed empty interval (two reads), the median */
	uint64_t overhead_ticks; /* the same, in ticks: subtracted from every sample */
	/*
	 * The smallest step the clock was seen to take between two reads: 1 tick on bare
	 * metal, but a hypervisor may advance the TSC in coarser steps (10 ns on some VMs), and
	 * then no figure is finer than this
	 */
	double resolution_ns;
};

/* Measure the clock (about 20 ms); force clock_gettime with @use_tsc false */
void timer_calibrate(struct timer_calibration *cal, bool use_tsc);

uint64_t timer_read(const struct timer_calibration *cal);

/* An interval of ticks, less the timer's own cost, in ns (never below zero) */
static inline uint64_t timer_ns(const struct timer_calibration *cal, uint64_t ticks)
{
	uint64_t t = ticks > cal->overhead_ticks ? ticks - cal->overhead_ticks : 0;

	return (uint64_t)((double)t / cal->ticks_per_ns + 0.5);
}

#endif
