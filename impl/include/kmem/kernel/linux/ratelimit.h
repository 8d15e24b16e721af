/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rate limiting of messages (include/linux/ratelimit.h, lib/ratelimit.c): at most @burst
 * events pass per @interval jiffies; when an interval ends with events refused, the next
 * event that passes first prints "FUNC: N callbacks suppressed", as the kernel does.
 */
#ifndef _KMEM_LINUX_RATELIMIT_H
#define _KMEM_LINUX_RATELIMIT_H

#include <pthread.h>

#include <linux/param.h>
#include <linux/types.h>

#define DEFAULT_RATELIMIT_INTERVAL (5 * HZ)
#define DEFAULT_RATELIMIT_BURST	   10

/* do not print the "callbacks suppressed" message at the interval's end, but on release */
#define RATELIMIT_MSG_ON_RELEASE (1UL << 0)

struct ratelimit_state {
	pthread_mutex_t lock; /* protects the fields below */
	int interval;	      /* jiffies; 0: no limit */
	int burst;
	int printed;
	int missed;
	unsigned int flags;
	unsigned long begin; /* jiffies when the interval began, 0 before the first event */
};

#define RATELIMIT_STATE_INIT_FLAGS(name, interval_init, burst_init, flags_init) \
	{                                                                       \
		.lock = PTHREAD_MUTEX_INITIALIZER, .interval = (interval_init), \
		.burst = (burst_init), .flags = (flags_init),                   \
	}
#define RATELIMIT_STATE_INIT(name, interval_init, burst_init) \
	RATELIMIT_STATE_INIT_FLAGS(name, interval_init, burst_init, 0)
#define RATELIMIT_STATE_INIT_DISABLED \
	RATELIMIT_STATE_INIT(ratelimit_state, 0, DEFAULT_RATELIMIT_BURST)

#define DEFINE_RATELIMIT_STATE(name, interval_init, burst_init) \
	struct ratelimit_state name = RATELIMIT_STATE_INIT(name, interval_init, burst_init)

static inline void ratelimit_state_init(struct ratelimit_state *rs, int interval, int burst)
{
	*rs = (struct ratelimit_state){ .interval = interval, .burst = burst };
	pthread_mutex_init(&rs->lock, NULL);
}

static inline void ratelimit_set_flags(struct ratelimit_state *rs, unsigned long flags)
{
	rs->flags = flags;
}

/**
 * ___ratelimit - whether an event may pass
 * @rs: the state of this kind of event
 * @func: named in the "callbacks suppressed" message
 *
 * Return: 1 when the event passes, 0 when it is suppressed (and counted).
 */
int ___ratelimit(struct ratelimit_state *rs, const char *func);
#define __ratelimit(state) ___ratelimit(state, __func__)

#endif
