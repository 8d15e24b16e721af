/* SPDX-License-Identifier: GPL-2.0 */
/*
 * jiffies (include/linux/jiffies.h): the tick count, HZ (250) a second, advancing with real
 * time since the model booted. As in the kernel it starts at INITIAL_JIFFIES, five minutes
 * before its 32-bit wrap, so that code comparing jiffies without time_after() fails early.
 * jiffies is read from the clock each time (kmem_jiffies()), not a variable a timer interrupt
 * updates: it is an rvalue here, as kernel code treats it.
 */
#ifndef _KMEM_LINUX_JIFFIES_H
#define _KMEM_LINUX_JIFFIES_H

#include <linux/limits.h>
#include <linux/math.h>
#include <linux/param.h>
#include <linux/time64.h>
#include <linux/timex.h>
#include <linux/typecheck.h>
#include <linux/types.h>

#define INITIAL_JIFFIES ((unsigned long)(unsigned int)(-300 * HZ))

/* the tick count now, and as 64 bits (which never wrap) */
unsigned long kmem_jiffies(void);
u64 get_jiffies_64(void);
#define jiffies	   (kmem_jiffies())
#define jiffies_64 (get_jiffies_64())

/* @a is after @b, for jiffies that may have wrapped between them (less than half a range) */
#define time_after(a, b) \
	(typecheck(unsigned long, a) && typecheck(unsigned long, b) && ((long)((b) - (a)) < 0))
#define time_before(a, b) time_after(b, a)
#define time_after_eq(a, b) \
	(typecheck(unsigned long, a) && typecheck(unsigned long, b) && ((long)((a) - (b)) >= 0))
#define time_before_eq(a, b)	    time_after_eq(b, a)
#define time_in_range(a, b, c)	    (time_after_eq(a, b) && time_before_eq(a, c))
#define time_in_range_open(a, b, c) (time_after_eq(a, b) && time_before(a, c))

#define time_after64(a, b)  (typecheck(__u64, a) && typecheck(__u64, b) && ((__s64)((b) - (a)) < 0))
#define time_before64(a, b) time_after64(b, a)
#define time_after_eq64(a, b) \
	(typecheck(__u64, a) && typecheck(__u64, b) && ((__s64)((a) - (b)) >= 0))
#define time_before_eq64(a, b)	 time_after_eq64(b, a)
#define time_in_range64(a, b, c) (time_after_eq64(a, b) && time_before_eq64(a, c))

#define time_is_before_jiffies(a)    time_after(jiffies, a)
#define time_is_before_jiffies64(a)  time_after64(get_jiffies_64(), a)
#define time_is_after_jiffies(a)     time_before(jiffies, a)
#define time_is_after_jiffies64(a)   time_before64(get_jiffies_64(), a)
#define time_is_before_eq_jiffies(a) time_after_eq(jiffies, a)
#define time_is_after_eq_jiffies(a)  time_before_eq(jiffies, a)

/* the most a timeout may be: larger ones are "forever" */
#define MAX_JIFFY_OFFSET ((LONG_MAX >> 1) - 1)

static inline unsigned int jiffies_to_msecs(const unsigned long j)
{
	return (unsigned int)(j * (MSEC_PER_SEC / HZ));
}

static inline unsigned int jiffies_to_usecs(const unsigned long j)
{
	return (unsigned int)(j * (USEC_PER_SEC / HZ));
}

static inline u64 jiffies_to_nsecs(const unsigned long j)
{
	return (u64)j * (NSEC_PER_SEC / HZ);
}

static inline u64 jiffies64_to_nsecs(u64 j)
{
	return j * (NSEC_PER_SEC / HZ);
}

static inline u64 jiffies64_to_msecs(u64 j)
{
	return j * (MSEC_PER_SEC / HZ);
}

/* rounded up: a timeout of @m ms is never shorter; a negative (int) @m is "forever" */
static inline unsigned long msecs_to_jiffies(const unsigned int m)
{
	if ((int)m < 0)
		return MAX_JIFFY_OFFSET;
	return DIV_ROUND_UP(m, MSEC_PER_SEC / HZ);
}

static inline unsigned long usecs_to_jiffies(const unsigned int u)
{
	if (u > jiffies_to_usecs(MAX_JIFFY_OFFSET))
		return MAX_JIFFY_OFFSET;
	return DIV_ROUND_UP(u, USEC_PER_SEC / HZ);
}

/* rounded down, as the kernel's */
static inline unsigned long nsecs_to_jiffies(u64 n)
{
	return (unsigned long)(n / (NSEC_PER_SEC / HZ));
}

static inline u64 nsecs_to_jiffies64(u64 n)
{
	return n / (NSEC_PER_SEC / HZ);
}

#define secs_to_jiffies(_secs) ((unsigned long)((_secs)*HZ))

/* @j rounded to a whole second, for timers that may batch (never into the past) */
static inline unsigned long round_jiffies(unsigned long j)
{
	unsigned long rounded = (j + HZ / 2) / HZ * HZ;

	return time_is_after_jiffies(rounded) ? rounded : j;
}

static inline unsigned long round_jiffies_up(unsigned long j)
{
	return DIV_ROUND_UP(j, HZ) * HZ;
}

static inline unsigned long round_jiffies_relative(unsigned long j)
{
	return j;
}

static inline unsigned long round_jiffies_up_relative(unsigned long j)
{
	return j;
}

#endif
