// SPDX-License-Identifier: GPL-2.0
/*
 * The timer (timer.h). Calibration: read the TSC and CLOCK_MONOTONIC together, wait ~20 ms, read
 * both again; ticks per ns is the ratio. The overhead is the median of many back-to-back
 * interval measurements, i.e. what an empty timed region reads. The TSC is used only when the
 * CPU says it is invariant (CPUID 0x80000007 EDX bit 8), so ticks mean time whatever the
 * frequency the core runs at.
 */
#include <stdlib.h>
#include <time.h>

#include "timer.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <x86intrin.h>

static bool tsc_invariant(void)
{
	unsigned int a, b, c, d;

	if (!__get_cpuid(0x80000007, &a, &b, &c, &d))
		return false;
	return d & (1U << 8);
}

static inline uint64_t tsc_read(void)
{
	unsigned int aux;

	return __rdtscp(&aux);
}
#else
static bool tsc_invariant(void)
{
	return false;
}

static inline uint64_t tsc_read(void)
{
	return 0;
}
#endif

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

uint64_t timer_read(const struct timer_calibration *cal)
{
	return cal->tsc ? tsc_read() : mono_ns();
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The smallest nonzero step between consecutive reads, in ticks, over a few hundred steps */
static double timer_resolution(const struct timer_calibration *cal)
{
	uint64_t prev = timer_read(cal), best = UINT64_MAX;

	for (int steps = 0, spins = 0; steps < 500 && spins < 10000000; spins++) {
		uint64_t t = timer_read(cal);

		if (t == prev)
			continue;
		if (t - prev < best)
			best = t - prev;
		prev = t;
		steps++;
	}
	return best == UINT64_MAX ? 0 : (double)best;
}

void timer_calibrate(struct timer_calibration *cal, bool use_tsc)
{
	enum { SAMPLES = 4001 };
	static uint64_t samples[SAMPLES];

	cal->source = "clock_gettime";
	cal->tsc = false;
	cal->ticks_per_ns = 1.0;
	cal->overhead_ticks = 0;
	if (use_tsc && tsc_invariant()) {
		uint64_t t0 = tsc_read(), n0 = mono_ns(), t1, n1;
		struct timespec nap = { 0, 20000000 };

		nanosleep(&nap, NULL);
		t1 = tsc_read();
		n1 = mono_ns();
		if (t1 > t0 && n1 > n0) {
			cal->source = "rdtscp";
			cal->tsc = true;
			cal->ticks_per_ns = (double)(t1 - t0) / (double)(n1 - n0);
		}
	}
	for (int i = 0; i < SAMPLES; i++) {
		uint64_t a = timer_read(cal);

		samples[i] = timer_read(cal) - a;
	}
	qsort(samples, SAMPLES, sizeof(samples[0]), cmp_u64);
	cal->overhead_ticks = samples[SAMPLES / 2];
	cal->overhead_ns = (double)cal->overhead_ticks / cal->ticks_per_ns;
	cal->resolution_ns = timer_resolution(cal) / cal->ticks_per_ns;
}
