/* SPDX-License-Identifier: GPL-2.0 */
/*
 * get_cycles() (include/linux/timex.h, asm/timex.h): the CPU's cycle counter (the TSC on x86,
 * which runs at a constant rate), for measuring, not for time
 */
#ifndef _KMEM_LINUX_TIMEX_H
#define _KMEM_LINUX_TIMEX_H

#include <linux/types.h>

typedef unsigned long long cycles_t;

#if defined(__x86_64__) || defined(__i386__)
static inline cycles_t get_cycles(void)
{
	return __builtin_ia32_rdtsc();
}
#else
#include <time.h>
static inline cycles_t get_cycles(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (cycles_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}
#endif

#define random_get_entropy() ((unsigned long)get_cycles())

#endif
