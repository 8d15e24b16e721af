// SPDX-License-Identifier: GPL-2.0
/*
 * The model's clocks (kernel/time/): one base, the host's CLOCK_MONOTONIC when the model
 * booted (when the library was loaded, before any boot), from which printk's time stamps,
 * ktime_get() and jiffies count; and the delays of <linux/delay.h>.
 */
#include <errno.h>
#include <time.h>

#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/timex.h>

#include <asm/processor.h>

#include "kenv.h"

static uint64_t boot_ns;

static uint64_t host_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (uint64_t)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

__attribute__((constructor)) static void clock_at_load(void)
{
	kenv_clock_reset();
}

void kenv_clock_reset(void)
{
	__atomic_store_n(&boot_ns, host_ns(CLOCK_MONOTONIC), __ATOMIC_RELAXED);
}

uint64_t kenv_clock_ns(void)
{
	uint64_t now = host_ns(CLOCK_MONOTONIC), base = __atomic_load_n(&boot_ns, __ATOMIC_RELAXED);

	/* a thread that read the clock just before a boot reset the base */
	return now > base ? now - base : 0;
}

ktime_t ktime_get(void)
{
	return kenv_clock_ns();
}

ktime_t ktime_get_real(void)
{
	return host_ns(CLOCK_REALTIME);
}

u64 get_jiffies_64(void)
{
	return (u64)INITIAL_JIFFIES + kenv_clock_ns() / (NSEC_PER_SEC / HZ);
}

unsigned long kmem_jiffies(void)
{
	return (unsigned long)get_jiffies_64();
}

/* sleeps until @ns of CLOCK_MONOTONIC have passed, whatever signals arrive */
static void sleep_ns(uint64_t ns)
{
	struct timespec deadline;
	uint64_t end = host_ns(CLOCK_MONOTONIC) + ns;

	deadline.tv_sec = end / NSEC_PER_SEC;
	deadline.tv_nsec = end % NSEC_PER_SEC;
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL) == EINTR)
		;
}

void ndelay(unsigned long nsecs)
{
	uint64_t end = host_ns(CLOCK_MONOTONIC) + nsecs;

	while (host_ns(CLOCK_MONOTONIC) < end)
		cpu_relax();
}

void udelay(unsigned long usecs)
{
	ndelay(usecs * NSEC_PER_USEC);
}

void mdelay(unsigned long msecs)
{
	sleep_ns((uint64_t)msecs * NSEC_PER_MSEC);
}

void msleep(unsigned int msecs)
{
	sleep_ns((uint64_t)msecs * NSEC_PER_MSEC);
}

unsigned long msleep_interruptible(unsigned int msecs)
{
	msleep(msecs);
	return 0;
}

void usleep_range_state(unsigned long min, unsigned long max, unsigned int state)
{
	/* the kernel lets the timer fire anywhere in [min, max] to batch wake-ups; min is a sleep
	 */
	(void)max, (void)state;
	sleep_ns((uint64_t)min * NSEC_PER_USEC);
}

void kenv_deadline(long timeout, struct timespec *deadline)
{
	uint64_t ns = jiffies_to_nsecs(timeout);

	clock_gettime(CLOCK_MONOTONIC, deadline);
	ns += (uint64_t)deadline->tv_sec * NSEC_PER_SEC + deadline->tv_nsec;
	deadline->tv_sec = ns / NSEC_PER_SEC;
	deadline->tv_nsec = ns % NSEC_PER_SEC;
}
