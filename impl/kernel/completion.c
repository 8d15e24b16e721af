// SPDX-License-Identifier: GPL-2.0
/*
 * Completions (kernel/sched/completion.c) on a mutex and a condition variable. A completion
 * may be set up statically (DECLARE_COMPLETION), whose condition variable measures
 * CLOCK_REALTIME; timed waits use pthread_cond_clockwait() on CLOCK_MONOTONIC, so the wall
 * clock being set does not change a timeout.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <time.h>

#include <linux/completion.h>
#include <linux/jiffies.h>
#include <linux/sched.h>

#include "kenv.h"

void init_completion(struct completion *x)
{
	x->done = 0;
	pthread_mutex_init(&x->lock, NULL);
	pthread_cond_init(&x->wait, NULL);
}

void reinit_completion(struct completion *x)
{
	pthread_mutex_lock(&x->lock);
	x->done = 0;
	pthread_mutex_unlock(&x->lock);
}

void complete(struct completion *x)
{
	pthread_mutex_lock(&x->lock);
	if (x->done != UINT_MAX)
		x->done++;
	pthread_cond_signal(&x->wait);
	pthread_mutex_unlock(&x->lock);
}

void complete_all(struct completion *x)
{
	pthread_mutex_lock(&x->lock);
	x->done = UINT_MAX;
	pthread_cond_broadcast(&x->wait);
	pthread_mutex_unlock(&x->lock);
}

/*
 * Waits at most @timeout jiffies (MAX_SCHEDULE_TIMEOUT: no limit) for a complete() and takes
 * it. Returns the jiffies left, at least 1, or 0 on timeout.
 */
static long wait_for_common(struct completion *x, long timeout)
{
	unsigned long end = jiffies + timeout;
	struct timespec deadline;
	long left;

	if (timeout != MAX_SCHEDULE_TIMEOUT)
		kenv_deadline(timeout, &deadline);
	pthread_mutex_lock(&x->lock);
	while (!x->done) {
		if (timeout == MAX_SCHEDULE_TIMEOUT) {
			pthread_cond_wait(&x->wait, &x->lock);
		} else if (pthread_cond_clockwait(&x->wait, &x->lock, CLOCK_MONOTONIC, &deadline) ==
				   ETIMEDOUT &&
			   !x->done) {
			pthread_mutex_unlock(&x->lock);
			return 0;
		}
	}
	if (x->done != UINT_MAX)
		x->done--;
	pthread_mutex_unlock(&x->lock);
	if (timeout == MAX_SCHEDULE_TIMEOUT)
		return timeout;
	left = (long)(end - jiffies);
	return left > 0 ? left : 1;
}

void wait_for_completion(struct completion *x)
{
	wait_for_common(x, MAX_SCHEDULE_TIMEOUT);
}

unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout)
{
	return wait_for_common(x, timeout > MAX_SCHEDULE_TIMEOUT ? MAX_SCHEDULE_TIMEOUT
								 : (long)timeout);
}

int wait_for_completion_interruptible(struct completion *x)
{
	wait_for_common(x, MAX_SCHEDULE_TIMEOUT);
	return 0;
}

int wait_for_completion_killable(struct completion *x)
{
	wait_for_common(x, MAX_SCHEDULE_TIMEOUT);
	return 0;
}

long wait_for_completion_interruptible_timeout(struct completion *x, unsigned long timeout)
{
	return wait_for_completion_timeout(x, timeout);
}

long wait_for_completion_killable_timeout(struct completion *x, unsigned long timeout)
{
	return wait_for_completion_timeout(x, timeout);
}

bool try_wait_for_completion(struct completion *x)
{
	bool ret = false;

	pthread_mutex_lock(&x->lock);
	if (x->done) {
		if (x->done != UINT_MAX)
			x->done--;
		ret = true;
	}
	pthread_mutex_unlock(&x->lock);
	return ret;
}

bool completion_done(struct completion *x)
{
	bool done;

	pthread_mutex_lock(&x->lock);
	done = x->done != 0;
	pthread_mutex_unlock(&x->lock);
	return done;
}
