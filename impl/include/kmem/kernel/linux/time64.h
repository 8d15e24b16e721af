/* SPDX-License-Identifier: GPL-2.0 */
/* 64-bit time (include/linux/time64.h, vdso/time64.h) */
#ifndef _KMEM_LINUX_TIME64_H
#define _KMEM_LINUX_TIME64_H

#include <linux/math64.h>
#include <linux/types.h>

typedef s64 time64_t;
typedef u64 timeu64_t;

struct timespec64 {
	time64_t tv_sec; /* seconds */
	long tv_nsec;	 /* nanoseconds */
};

#define MSEC_PER_SEC  1000L
#define USEC_PER_MSEC 1000L
#define NSEC_PER_USEC 1000L
#define NSEC_PER_MSEC 1000000L
#define USEC_PER_SEC  1000000L
#define NSEC_PER_SEC  1000000000L
#define PSEC_PER_SEC  1000000000000LL
#define FSEC_PER_SEC  1000000000000000LL

#define TIME64_MAX    ((s64) ~((u64)1 << 63))
#define TIME64_MIN    (-TIME64_MAX - 1)
#define KTIME_MAX     ((s64) ~((u64)1 << 63))
#define KTIME_MIN     (-KTIME_MAX - 1)
#define KTIME_SEC_MAX (KTIME_MAX / NSEC_PER_SEC)
#define KTIME_SEC_MIN (KTIME_MIN / NSEC_PER_SEC)

static inline s64 timespec64_to_ns(const struct timespec64 *ts)
{
	return ((s64)ts->tv_sec * NSEC_PER_SEC) + ts->tv_nsec;
}

static inline struct timespec64 ns_to_timespec64(s64 nsec)
{
	struct timespec64 ts = { .tv_sec = nsec / NSEC_PER_SEC, .tv_nsec = nsec % NSEC_PER_SEC };

	if (ts.tv_nsec < 0) {
		ts.tv_sec--;
		ts.tv_nsec += NSEC_PER_SEC;
	}
	return ts;
}

static inline struct timespec64 timespec64_sub(struct timespec64 lhs, struct timespec64 rhs)
{
	return ns_to_timespec64(timespec64_to_ns(&lhs) - timespec64_to_ns(&rhs));
}

static inline struct timespec64 timespec64_add(struct timespec64 lhs, struct timespec64 rhs)
{
	return ns_to_timespec64(timespec64_to_ns(&lhs) + timespec64_to_ns(&rhs));
}

#endif
