/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wait queues (include/linux/wait.h, kernel/sched/wait.c): wait_event(wq, condition) sleeps
 * until @condition holds, checked again after each wake_up(wq). The queue carries a counter of
 * wake-ups (impl/kernel/wait.c): a waiter notes it before testing the condition and sleeps
 * only while it is unchanged, so a wake-up between the test and the sleep is not lost. As in
 * the kernel, whoever makes the condition true must call wake_up() after. Nothing interrupts a
 * wait here: the _interruptible and _killable forms never return -ERESTARTSYS, and there is
 * no exclusive wait: every wake-up wakes every waiter, who all test their condition again.
 */
#ifndef _KMEM_LINUX_WAIT_H
#define _KMEM_LINUX_WAIT_H

#include <pthread.h>

#include <linux/compiler.h>
#include <linux/sched.h>
#include <linux/types.h>

struct wait_queue_head {
	pthread_mutex_t lock; /* protects the fields below */
	pthread_cond_t cond;
	unsigned long wakeups; /* wake-ups so far */
	unsigned int waiters;  /* threads inside a wait_event() */
};
typedef struct wait_queue_head wait_queue_head_t;

#define __WAIT_QUEUE_HEAD_INITIALIZER(name)                                                        \
	{                                                                                          \
		.lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER, .wakeups = 0, \
		.waiters = 0                                                                       \
	}
#define DECLARE_WAIT_QUEUE_HEAD(name) \
	struct wait_queue_head name = __WAIT_QUEUE_HEAD_INITIALIZER(name)
#define DECLARE_WAIT_QUEUE_HEAD_ONSTACK(name) DECLARE_WAIT_QUEUE_HEAD(name)

void init_waitqueue_head(struct wait_queue_head *wq_head);
#define __init_waitqueue_head(wq, name, key) init_waitqueue_head(wq)

/* wakes every waiter of @wq_head; @nr and the state do not matter here */
void __wake_up(struct wait_queue_head *wq_head, unsigned int mode, int nr, void *key);
#define wake_up(x)			__wake_up(x, TASK_NORMAL, 1, NULL)
#define wake_up_nr(x, nr)		__wake_up(x, TASK_NORMAL, nr, NULL)
#define wake_up_all(x)			__wake_up(x, TASK_NORMAL, 0, NULL)
#define wake_up_interruptible(x)	__wake_up(x, TASK_INTERRUPTIBLE, 1, NULL)
#define wake_up_interruptible_nr(x, nr) __wake_up(x, TASK_INTERRUPTIBLE, nr, NULL)
#define wake_up_interruptible_all(x)	__wake_up(x, TASK_INTERRUPTIBLE, 0, NULL)
#define wake_up_interruptible_sync(x)	__wake_up(x, TASK_INTERRUPTIBLE, 1, NULL)
#define wake_up_locked(x)		__wake_up(x, TASK_NORMAL, 1, NULL)
#define wake_up_all_locked(x)		__wake_up(x, TASK_NORMAL, 0, NULL)
#define wake_up_poll(x, m)		__wake_up(x, TASK_NORMAL, 1, NULL)

/* whether a thread is waiting on @wq_head (for a waker that skips an empty queue) */
bool waitqueue_active(struct wait_queue_head *wq_head);
#define wq_has_sleeper(wq_head) waitqueue_active(wq_head)

/* impl/kernel/wait.c: the steps of a wait, for the macros below */
unsigned long kmem_wait_begin(struct wait_queue_head *wq_head);
long kmem_wait_sleep(struct wait_queue_head *wq_head, unsigned long seen, long timeout);
void kmem_wait_end(struct wait_queue_head *wq_head);

/*
 * Sleeps until @condition holds or @timeout jiffies pass (MAX_SCHEDULE_TIMEOUT: never).
 * Returns the kernel's value: the jiffies left (at least 1) when @condition holds, else 0.
 */
#define __kmem_wait_event(wq_head, condition, timeout)                      \
	({                                                                  \
		long __ret = (timeout);                                     \
		for (;;) {                                                  \
			unsigned long __seen = kmem_wait_begin(&(wq_head)); \
			if (condition) {                                    \
				kmem_wait_end(&(wq_head));                  \
				if (!__ret)                                 \
					__ret = 1;                          \
				break;                                      \
			}                                                   \
			if (!__ret) {                                       \
				kmem_wait_end(&(wq_head));                  \
				break;                                      \
			}                                                   \
			__ret = kmem_wait_sleep(&(wq_head), __seen, __ret); \
		}                                                           \
		__ret;                                                      \
	})

#define wait_event(wq_head, condition) \
	((void)__kmem_wait_event(wq_head, condition, MAX_SCHEDULE_TIMEOUT))
#define wait_event_idle(wq_head, condition) wait_event(wq_head, condition)
#define wait_event_freezable(wq_head, condition) \
	((void)__kmem_wait_event(wq_head, condition, MAX_SCHEDULE_TIMEOUT), 0)
#define wait_event_interruptible(wq_head, condition) \
	((void)__kmem_wait_event(wq_head, condition, MAX_SCHEDULE_TIMEOUT), 0)
#define wait_event_killable(wq_head, condition) \
	((void)__kmem_wait_event(wq_head, condition, MAX_SCHEDULE_TIMEOUT), 0)
#define wait_event_timeout(wq_head, condition, timeout) \
	__kmem_wait_event(wq_head, condition, (long)(timeout))
#define wait_event_idle_timeout(wq_head, condition, timeout) \
	__kmem_wait_event(wq_head, condition, (long)(timeout))
#define wait_event_interruptible_timeout(wq_head, condition, timeout) \
	__kmem_wait_event(wq_head, condition, (long)(timeout))
#define wait_event_killable_timeout(wq_head, condition, timeout) \
	__kmem_wait_event(wq_head, condition, (long)(timeout))
#define wait_event_freezable_timeout(wq_head, condition, timeout) \
	__kmem_wait_event(wq_head, condition, (long)(timeout))

#endif
