// SPDX-License-Identifier: GPL-2.0
/*
 * Tasks and sleeping (kernel/sched/core.c, kernel/time/sleep_timeout.c) on host threads.
 *
 * current is the calling thread's task: a kthread's own (kthread.c sets it), or, for any other
 * thread, a task kept in the thread's storage and filled in the first time it is asked for.
 * A task sleeps on its own condition variable while its state is not TASK_RUNNING;
 * wake_up_process() sets TASK_RUNNING under the task's lock and signals it, so a wake-up that
 * comes between set_current_state() and schedule() is not lost.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include <linux/jiffies.h>
#include <linux/sched.h>
#include <linux/string.h>

#include "kenv.h"

static __thread struct task_struct *current_task;
static __thread struct task_struct thread_task;
/* the time the thread last yielded (or first asked), on CLOCK_MONOTONIC_COARSE, in ns */
static __thread uint64_t last_resched;

void kenv_task_init(struct task_struct *tsk, const char *comm)
{
	pthread_condattr_t attr;

	tsk->__state = TASK_RUNNING;
	tsk->pid = gettid();
	tsk->tgid = getpid();
	strscpy(tsk->comm, comm);
	pthread_mutex_init(&tsk->__sched_lock, NULL);
	/* timed sleeps measure CLOCK_MONOTONIC, which no one can set back */
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&tsk->__sched_wait, &attr);
	pthread_condattr_destroy(&attr);
}

void kenv_set_current(struct task_struct *tsk)
{
	current_task = tsk;
}

struct task_struct *get_current(void)
{
	if (unlikely(!current_task)) {
		char name[TASK_COMM_LEN] = "";

		if (prctl(PR_GET_NAME, name) != 0 || !name[0])
			snprintf(name, sizeof(name), "kmem");
		kenv_task_init(&thread_task, name);
		current_task = &thread_task;
	}
	return current_task;
}

void kmem_set_task_state(struct task_struct *tsk, unsigned int state)
{
	pthread_mutex_lock(&tsk->__sched_lock);
	__atomic_store_n(&tsk->__state, state, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&tsk->__sched_lock);
}

int wake_up_state(struct task_struct *p, unsigned int state)
{
	int woken = 0;

	pthread_mutex_lock(&p->__sched_lock);
	if (p->__state & state) {
		__atomic_store_n(&p->__state, TASK_RUNNING, __ATOMIC_RELAXED);
		pthread_cond_broadcast(&p->__sched_wait);
		woken = 1;
	}
	pthread_mutex_unlock(&p->__sched_lock);
	return woken;
}

int wake_up_process(struct task_struct *p)
{
	return wake_up_state(p, TASK_NORMAL);
}

/* the end of a timeout of @timeout jiffies from now, on CLOCK_MONOTONIC */
static struct timespec deadline_after(long timeout)
{
	struct timespec ts;
	uint64_t ns = jiffies_to_nsecs(timeout);

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ns += (uint64_t)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
	ts.tv_sec = ns / NSEC_PER_SEC;
	ts.tv_nsec = ns % NSEC_PER_SEC;
	return ts;
}

long schedule_timeout(long timeout)
{
	struct task_struct *tsk = current;
	unsigned long end = jiffies + timeout;
	struct timespec deadline;
	long left;

	if (timeout < 0) {
		printk(KERN_ERR "schedule_timeout: wrong timeout value %lx\n", timeout);
		dump_stack();
		__set_current_state(TASK_RUNNING);
		return 0;
	}
	pthread_mutex_lock(&tsk->__sched_lock);
	if (tsk->__state == TASK_RUNNING) {
		pthread_mutex_unlock(&tsk->__sched_lock);
		sched_yield();
		return timeout;
	}
	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		while (tsk->__state != TASK_RUNNING)
			pthread_cond_wait(&tsk->__sched_wait, &tsk->__sched_lock);
		pthread_mutex_unlock(&tsk->__sched_lock);
		return timeout;
	}
	deadline = deadline_after(timeout);
	while (tsk->__state != TASK_RUNNING) {
		if (pthread_cond_timedwait(&tsk->__sched_wait, &tsk->__sched_lock, &deadline) ==
		    ETIMEDOUT) {
			/* the timer's wake-up */
			__atomic_store_n(&tsk->__state, TASK_RUNNING, __ATOMIC_RELAXED);
			pthread_mutex_unlock(&tsk->__sched_lock);
			return 0;
		}
	}
	pthread_mutex_unlock(&tsk->__sched_lock);
	left = (long)(end - jiffies);
	return left < 0 ? 0 : left;
}

void schedule(void)
{
	schedule_timeout(MAX_SCHEDULE_TIMEOUT);
}

long schedule_timeout_interruptible(long timeout)
{
	__set_current_state(TASK_INTERRUPTIBLE);
	return schedule_timeout(timeout);
}

long schedule_timeout_killable(long timeout)
{
	__set_current_state(TASK_KILLABLE);
	return schedule_timeout(timeout);
}

long schedule_timeout_uninterruptible(long timeout)
{
	__set_current_state(TASK_UNINTERRUPTIBLE);
	return schedule_timeout(timeout);
}

long schedule_timeout_idle(long timeout)
{
	__set_current_state(TASK_IDLE);
	return schedule_timeout(timeout);
}

void yield(void)
{
	sched_yield();
}

static uint64_t coarse_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (uint64_t)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

bool need_resched(void)
{
	uint64_t now = coarse_ns();

	if (!last_resched)
		last_resched = now;
	return now - last_resched >= NSEC_PER_SEC / HZ;
}

int __cond_resched(void)
{
	if (!need_resched())
		return 0;
	sched_yield();
	last_resched = coarse_ns();
	return 1;
}

void __set_task_comm(struct task_struct *tsk, const char *from, bool exec)
{
	(void)exec;
	pthread_mutex_lock(&tsk->__sched_lock);
	strscpy_pad(tsk->comm, from);
	pthread_mutex_unlock(&tsk->__sched_lock);
	if (tsk == current)
		pthread_setname_np(pthread_self(), tsk->comm);
}
