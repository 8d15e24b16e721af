/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel threads (include/linux/kthread.h, kernel/kthread.c), each a host thread
 * (impl/kernel/kthread.c). As in the kernel, kthread_create() returns a task that has not
 * started: it runs @threadfn once wake_up_process() wakes it (kthread_run() does both), and a
 * kthread_stop() before that ends it without running @threadfn (kthread_stop() returns
 * -EINTR). A thread bound to a CPU (kthread_bind(), kthread_create_on_cpu()) runs as that
 * model CPU, pinned (kmem_thread_enter()); any other runs as the CPU the host puts it on.
 *
 * The task is freed when the thread has exited and the last reference is dropped: a thread
 * that may return from @threadfn by itself before kthread_stop() needs a get_task_struct()
 * first, as in the kernel.
 */
#ifndef _KMEM_LINUX_KTHREAD_H
#define _KMEM_LINUX_KTHREAD_H

#include <linux/err.h>
#include <linux/sched.h>

/**
 * kthread_create_on_node - create a kernel thread, stopped
 * @threadfn: what it runs, until it returns or kthread_should_stop() says so
 * @data: @threadfn's argument
 * @node: a NUMA node (a hint the model does not follow), or NUMA_NO_NODE
 * @namefmt: printf-style name, as ps would show it (cut to TASK_COMM_LEN - 1)
 *
 * Return: the task, or ERR_PTR(-ENOMEM).
 */
__printf(4, 5) struct task_struct *kthread_create_on_node(int (*threadfn)(void *data), void *data,
							  int node, const char namefmt[], ...);
#define kthread_create(threadfn, data, namefmt, arg...) \
	kthread_create_on_node(threadfn, data, -1, namefmt, ##arg)

/* created bound to @cpu; @namefmt may hold one %u, the CPU number */
struct task_struct *kthread_create_on_cpu(int (*threadfn)(void *data), void *data, unsigned int cpu,
					  const char *namefmt);

/* created and woken: an ERR_PTR() when it could not be created */
#define kthread_run(threadfn, data, namefmt, ...)                                                 \
	({                                                                                        \
		struct task_struct *__k = kthread_create(threadfn, data, namefmt, ##__VA_ARGS__); \
		if (!IS_ERR(__k))                                                                 \
			wake_up_process(__k);                                                     \
		__k;                                                                              \
	})

static inline struct task_struct *kthread_run_on_cpu(int (*threadfn)(void *data), void *data,
						     unsigned int cpu, const char *namefmt)
{
	struct task_struct *p = kthread_create_on_cpu(threadfn, data, cpu, namefmt);

	if (!IS_ERR(p))
		wake_up_process(p);
	return p;
}

/* binds a created, not yet woken thread to @cpu */
void kthread_bind(struct task_struct *k, unsigned int cpu);

/* in a kthread: whether kthread_stop() was called on it (false in any other thread) */
bool kthread_should_stop(void);
/* parking is not modelled: a thread is never asked to park */
static inline bool kthread_should_park(void)
{
	return false;
}
static inline void kthread_parkme(void)
{
}

/**
 * kthread_stop - tell a kthread to stop and wait for it to exit
 * @k: the thread, created by kthread_create() and not yet exited by itself (unless the caller
 *	holds a reference)
 *
 * Return: what @threadfn returned, or -EINTR when the thread was never woken.
 */
int kthread_stop(struct task_struct *k);
/* kthread_stop(), then put_task_struct() of the caller's reference */
int kthread_stop_put(struct task_struct *k);

/* ends the calling kthread with @result, as if its @threadfn returned it */
__noreturn void kthread_exit(long result);
struct completion;
__noreturn void kthread_complete_and_exit(struct completion *comp, long code);

/* whether @tsk is a kthread, and its @data / @threadfn */
bool kthread_is_kthread(struct task_struct *tsk);
void *kthread_data(struct task_struct *k);
void *kthread_func(struct task_struct *k);

#endif
