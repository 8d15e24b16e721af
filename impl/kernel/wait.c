// SPDX-License-Identifier: GPL-2.0
/*
 * Wait queues (kernel/sched/wait.c): a count of wake-ups under the queue's lock. A waiter
 * notes the count before testing its condition (kmem_wait_begin()) and sleeps while the count
 * is the one it noted (kmem_wait_sleep()); a waker that made the condition true then bumps
 * the count, so a wake-up cannot fall between the test and the sleep.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <time.h>

#include <linux/jiffies.h>
#include <linux/wait.h>

#include "kenv.h"

void init_waitqueue_head(struct wait_queue_head *wq_head)
{
	pthread_mutex_init(&wq_head->lock, NULL);
	pthread_cond_init(&wq_head->cond, NULL);
	wq_head->wakeups = 0;
	wq_head->waiters = 0;
}

void __wake_up(struct wait_queue_head *wq_head, unsigned int mode, int nr, void *key)
{
	/* every waiter tests its own condition: @nr exclusive waiters are not modelled */
	(void)mode, (void)nr, (void)key;
	pthread_mutex_lock(&wq_head->lock);
	wq_head->wakeups++;
	pthread_cond_broadcast(&wq_head->cond);
	pthread_mutex_unlock(&wq_head->lock);
}

bool waitqueue_active(struct wait_queue_head *wq_head)
{
	bool active;

	pthread_mutex_lock(&wq_head->lock);
	active = wq_head->waiters != 0;
	pthread_mutex_unlock(&wq_head->lock);
	return active;
}

unsigned long kmem_wait_begin(struct wait_queue_head *wq_head)
{
	unsigned long seen;

	pthread_mutex_lock(&wq_head->lock);
	wq_head->waiters++;
	seen = wq_head->wakeups;
	pthread_mutex_unlock(&wq_head->lock);
	return seen;
}

void kmem_wait_end(struct wait_queue_head *wq_head)
{
	pthread_mutex_lock(&wq_head->lock);
	wq_head->waiters--;
	pthread_mutex_unlock(&wq_head->lock);
}

long kmem_wait_sleep(struct wait_queue_head *wq_head, unsigned long seen, long timeout)
{
	unsigned long end = jiffies + timeout;
	struct timespec deadline;
	long left;

	if (timeout != MAX_SCHEDULE_TIMEOUT)
		kenv_deadline(timeout, &deadline);
	pthread_mutex_lock(&wq_head->lock);
	while (wq_head->wakeups == seen) {
		if (timeout == MAX_SCHEDULE_TIMEOUT) {
			pthread_cond_wait(&wq_head->cond, &wq_head->lock);
		} else if (pthread_cond_clockwait(&wq_head->cond, &wq_head->lock, CLOCK_MONOTONIC,
						  &deadline) == ETIMEDOUT) {
			break;
		}
	}
	wq_head->waiters--;
	pthread_mutex_unlock(&wq_head->lock);
	if (timeout == MAX_SCHEDULE_TIMEOUT)
		return timeout;
	left = (long)(end - jiffies);
	return left > 0 ? left : 0;
}
