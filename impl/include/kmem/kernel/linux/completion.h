/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Completions (include/linux/completion.h, kernel/sched/completion.c), on a pthread mutex and
 * condition variable (impl/kernel/completion.c): complete() lets one waiter through (or the
 * next one to wait), complete_all() every waiter from then on, until reinit_completion().
 * Timeouts are in jiffies; nothing interrupts a wait, so the _interruptible and _killable
 * forms behave as the plain ones and never return -ERESTARTSYS.
 */
#ifndef _KMEM_LINUX_COMPLETION_H
#define _KMEM_LINUX_COMPLETION_H

#include <pthread.h>

#include <linux/compiler.h>
#include <linux/types.h>

struct completion {
	unsigned int done; /* complete()s not yet waited for; UINT_MAX after complete_all() */
	pthread_mutex_t lock;
	pthread_cond_t wait;
};

#define COMPLETION_INITIALIZER(work)                                                           \
	{                                                                                      \
		.done = 0, .lock = PTHREAD_MUTEX_INITIALIZER, .wait = PTHREAD_COND_INITIALIZER \
	}
#define COMPLETION_INITIALIZER_ONSTACK(work)	  COMPLETION_INITIALIZER(work)
#define DECLARE_COMPLETION(work)		  struct completion work = COMPLETION_INITIALIZER(work)
#define DECLARE_COMPLETION_ONSTACK(work)	  DECLARE_COMPLETION(work)
#define DECLARE_COMPLETION_ONSTACK_MAP(work, map) DECLARE_COMPLETION(work)

void init_completion(struct completion *x);
/* the completion as new again, for another round (its lock and waiters untouched) */
void reinit_completion(struct completion *x);

void wait_for_completion(struct completion *x);
/* Return: 0 when @timeout jiffies passed, else the jiffies left (at least 1) */
unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout);
int wait_for_completion_interruptible(struct completion *x);
int wait_for_completion_killable(struct completion *x);
long wait_for_completion_interruptible_timeout(struct completion *x, unsigned long timeout);
long wait_for_completion_killable_timeout(struct completion *x, unsigned long timeout);
#define wait_for_completion_io(x)	     wait_for_completion(x)
#define wait_for_completion_io_timeout(x, t) wait_for_completion_timeout(x, t)
#define wait_for_completion_state(x, state)  (wait_for_completion(x), 0)
/* takes a complete() without waiting; false when there is none */
bool try_wait_for_completion(struct completion *x);
/* whether a wait would not sleep */
bool completion_done(struct completion *x);

void complete(struct completion *x);
void complete_all(struct completion *x);
/* complete() from a module's exit path: the same thing here */
#define complete_on_current_cpu(x) complete(x)

#endif
