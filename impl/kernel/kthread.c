// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel threads (kernel/kthread.c) on host threads.
 *
 * kthread_create() starts a detached host thread and waits until it has made itself a task
 * (its pid known, its name set); the thread then sleeps in TASK_UNINTERRUPTIBLE until
 * wake_up_process(). Woken, it enters its CPU when it was bound to one and runs @threadfn,
 * unless kthread_stop() came first (then -EINTR, @threadfn never run, as in the kernel). Its
 * exit stores the result, marks the thread exited, wakes kthread_stop() and drops the
 * thread's own reference; the task is freed with the last reference, so kthread_stop(),
 * which holds one while it waits, reads the result safely.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <kmem/kmem.h>
#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/sched/task.h>

#include "kenv.h"

struct kthread {
	int (*threadfn)(void *data);
	void *data;
	int cpu; /* the CPU it is bound to, or -1 */
	/* protected by the task's __sched_lock */
	bool created;	  /* the thread has made its task */
	bool should_stop; /* kthread_stop() was called */
	bool exited;
	int result;
};

static struct kthread *to_kthread(struct task_struct *k)
{
	return k->__kthread;
}

struct task_struct *get_task_struct(struct task_struct *t)
{
	__atomic_fetch_add(&t->__usage, 1, __ATOMIC_RELAXED);
	return t;
}

void put_task_struct(struct task_struct *t)
{
	if (__atomic_sub_fetch(&t->__usage, 1, __ATOMIC_ACQ_REL))
		return;
	/* only kthreads' tasks are counted: another thread's lives in the thread's storage */
	if (t->__kthread) {
		pthread_mutex_destroy(&t->__sched_lock);
		pthread_cond_destroy(&t->__sched_wait);
		free(t->__kthread);
		free(t);
	}
}

/* the end of a kthread: @result for kthread_stop(), the thread's reference dropped */
static void kthread_finish(struct task_struct *k, int result)
{
	struct kthread *kt = to_kthread(k);

	pthread_mutex_lock(&k->__sched_lock);
	kt->result = result;
	kt->exited = true;
	__atomic_store_n(&k->__state, TASK_DEAD, __ATOMIC_RELAXED);
	pthread_cond_broadcast(&k->__sched_wait);
	pthread_mutex_unlock(&k->__sched_lock);
	put_task_struct(k);
}

static void *kthread_main(void *arg)
{
	struct task_struct *k = arg;
	struct kthread *kt = to_kthread(k);
	bool stop;

	kenv_set_current(k);
	pthread_mutex_lock(&k->__sched_lock);
	k->pid = gettid();
	kt->created = true;
	pthread_cond_broadcast(&k->__sched_wait);
	while (k->__state != TASK_RUNNING)
		pthread_cond_wait(&k->__sched_wait, &k->__sched_lock);
	stop = kt->should_stop;
	pthread_mutex_unlock(&k->__sched_lock);

	pthread_setname_np(pthread_self(), k->comm);
	if (kt->cpu >= 0)
		kmem_thread_enter(kt->cpu);
	kthread_finish(k, stop ? -EINTR : kt->threadfn(kt->data));
	return NULL;
}

/* a kthread named @name, created and waiting to be woken; ERR_PTR(-ENOMEM) when it cannot be */
static struct task_struct *kthread_new(int (*threadfn)(void *data), void *data, const char *name)
{
	struct task_struct *k = calloc(1, sizeof(*k));
	struct kthread *kt = calloc(1, sizeof(*kt));
	pthread_t thread;

	if (!k || !kt)
		goto nomem;
	kenv_task_init(k, name);
	k->__state = TASK_UNINTERRUPTIBLE;
	k->flags = PF_KTHREAD;
	k->__usage = 1; /* the thread's own */
	k->__kthread = kt;
	kt->threadfn = threadfn;
	kt->data = data;
	kt->cpu = -1;
	if (pthread_create(&thread, NULL, kthread_main, k)) {
		pthread_mutex_destroy(&k->__sched_lock);
		pthread_cond_destroy(&k->__sched_wait);
		goto nomem;
	}
	pthread_detach(thread);
	pthread_mutex_lock(&k->__sched_lock);
	while (!kt->created)
		pthread_cond_wait(&k->__sched_wait, &k->__sched_lock);
	pthread_mutex_unlock(&k->__sched_lock);
	return k;
nomem:
	free(kt);
	free(k);
	return ERR_PTR(-ENOMEM);
}

struct task_struct *kthread_create_on_node(int (*threadfn)(void *data), void *data, int node,
					   const char namefmt[], ...)
{
	char name[TASK_COMM_LEN];
	va_list args;

	/* the kernel prefers the node's CPUs (6.14+); here the host places the thread */
	(void)node;
	va_start(args, namefmt);
	kmem_vsnprintf(name, sizeof(name), namefmt, args);
	va_end(args);
	return kthread_new(threadfn, data, name);
}

void kthread_bind(struct task_struct *k, unsigned int cpu)
{
	struct kthread *kt = to_kthread(k);

	if (!kt || cpu >= nr_cpu_ids) {
		WARN_ON(1);
		return;
	}
	pthread_mutex_lock(&k->__sched_lock);
	if (k->__state == TASK_RUNNING)
		WARN(1, "kthread_bind: the thread runs already\n");
	else
		kt->cpu = cpu;
	pthread_mutex_unlock(&k->__sched_lock);
}

struct task_struct *kthread_create_on_cpu(int (*threadfn)(void *data), void *data, unsigned int cpu,
					  const char *namefmt)
{
	struct task_struct *p;

	/* the name format's one argument is the CPU */
	p = kthread_create_on_node(threadfn, data, -1, namefmt, cpu);
	if (!IS_ERR(p))
		kthread_bind(p, cpu);
	return p;
}

bool kthread_should_stop(void)
{
	struct task_struct *k = current;
	struct kthread *kt = to_kthread(k);
	bool stop;

	if (!kt)
		return false;
	pthread_mutex_lock(&k->__sched_lock);
	stop = kt->should_stop;
	pthread_mutex_unlock(&k->__sched_lock);
	return stop;
}

int kthread_stop(struct task_struct *k)
{
	struct kthread *kt = to_kthread(k);
	int ret;

	if (WARN_ON(!kt))
		return -EINVAL;
	get_task_struct(k);
	pthread_mutex_lock(&k->__sched_lock);
	kt->should_stop = true;
	pthread_mutex_unlock(&k->__sched_lock);
	wake_up_process(k);
	pthread_mutex_lock(&k->__sched_lock);
	while (!kt->exited)
		pthread_cond_wait(&k->__sched_wait, &k->__sched_lock);
	ret = kt->result;
	pthread_mutex_unlock(&k->__sched_lock);
	put_task_struct(k);
	return ret;
}

int kthread_stop_put(struct task_struct *k)
{
	int ret = kthread_stop(k);

	put_task_struct(k);
	return ret;
}

void kthread_exit(long result)
{
	struct task_struct *k = current;

	if (!to_kthread(k)) {
		/* not a kthread: the kernel would oops on the missing kthread struct */
		BUG();
	}
	kthread_finish(k, (int)result);
	pthread_exit(NULL);
}

void kthread_complete_and_exit(struct completion *comp, long code)
{
	if (comp)
		complete(comp);
	kthread_exit(code);
}

bool kthread_is_kthread(struct task_struct *tsk)
{
	return to_kthread(tsk) != NULL;
}

void *kthread_data(struct task_struct *k)
{
	return to_kthread(k) ? to_kthread(k)->data : NULL;
}

void *kthread_func(struct task_struct *k)
{
	return to_kthread(k) ? (void *)to_kthread(k)->threadfn : NULL;
}
