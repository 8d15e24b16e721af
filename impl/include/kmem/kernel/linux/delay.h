/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Delays (include/linux/delay.h, kernel/time/sleep_timeout.c). udelay() and ndelay() spin, as
 * the kernel's do, for the short waits they are meant for; mdelay() sleeps the thread (the
 * kernel spins: nothing in the model can tell the difference, and the host's CPUs are shared).
 * msleep() and the others sleep at least as long as asked. No signal interrupts a sleep here,
 * so the _interruptible forms return 0.
 */
#ifndef _KMEM_LINUX_DELAY_H
#define _KMEM_LINUX_DELAY_H

#include <linux/math.h>
#include <linux/time64.h>

/* the longest udelay() the kernel accepts, in ms */
#define MAX_UDELAY_MS 5

void ndelay(unsigned long nsecs);
void udelay(unsigned long usecs);
void mdelay(unsigned long msecs);
void msleep(unsigned int msecs);
/* the milliseconds left when a signal ends the sleep early: always 0 here */
unsigned long msleep_interruptible(unsigned int msecs);
/* between @min and @max microseconds (at least @min) */
void usleep_range_state(unsigned long min, unsigned long max, unsigned int state);
static inline void usleep_range(unsigned long min, unsigned long max)
{
	usleep_range_state(min, max, 0);
}
static inline void usleep_idle_range(unsigned long min, unsigned long max)
{
	usleep_range_state(min, max, 0);
}

static inline void ssleep(unsigned int seconds)
{
	msleep(seconds * 1000);
}

/* the kernel's pick between udelay, usleep_range and msleep by length: all sleep here */
static inline void fsleep(unsigned long usecs)
{
	if (usecs <= 10)
		udelay(usecs);
	else
		usleep_range(usecs, usecs * 2);
}

#endif
