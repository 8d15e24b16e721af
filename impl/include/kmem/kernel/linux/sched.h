/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tasks and the scheduler as kernel code sees them (include/linux/sched.h), on host threads
 * (impl/kernel/sched.c). Every thread is a task: current is a kthread's own task_struct, or,
 * for any other thread (a test's main thread, a workload's threads), one made the first time
 * it asks, with the thread's name (prctl PR_GET_NAME) as comm and its thread id as pid.
 *
 * Sleeping is the kernel's pattern, which loses no wake-up:
 *
 *	set_current_state(TASK_INTERRUPTIBLE);
 *	if (!condition)
 *		schedule();
 *	__set_current_state(TASK_RUNNING);
 *
 * schedule() sleeps while the state is not TASK_RUNNING, and wake_up_process() makes it
 * TASK_RUNNING, so a wake-up between the test and schedule() makes schedule() return at once.
 * No signal reaches a task here: signal_pending() is false, and the interruptible and killable
 * sleeps are the uninterruptible ones. The host preempts threads as it likes; cond_resched()
 * yields the host CPU when the thread has run a tick (1/HZ) since it last did, as the kernel's
 * yields when the tick has set need_resched(), so that two threads busy on one host CPU (two
 * model CPUs pinned to it) take turns as often as the kernel's would.
 */
#ifndef _KMEM_LINUX_SCHED_H
#define _KMEM_LINUX_SCHED_H

#include <pthread.h>

#include <linux/cpumask.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/smp.h>
#include <linux/thread_info.h>
#include <linux/types.h>
#include <asm/processor.h>

#define TASK_COMM_LEN 16

/* task states (task_struct.__state) */
#define TASK_RUNNING	     0x00000000
#define TASK_INTERRUPTIBLE   0x00000001
#define TASK_UNINTERRUPTIBLE 0x00000002
#define __TASK_STOPPED	     0x00000004
#define __TASK_TRACED	     0x00000008
#define TASK_PARKED	     0x00000040
#define TASK_DEAD	     0x00000080
#define TASK_WAKEKILL	     0x00000100
#define TASK_WAKING	     0x00000200
#define TASK_NOLOAD	     0x00000400
#define TASK_NEW	     0x00000800
#define TASK_KILLABLE	     (TASK_WAKEKILL | TASK_UNINTERRUPTIBLE)
#define TASK_IDLE	     (TASK_UNINTERRUPTIBLE | TASK_NOLOAD)
#define TASK_NORMAL	     (TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)

/* task flags (task_struct.flags) */
#define PF_EXITING	  0x00000004
#define PF_KTHREAD	  0x00200000
#define PF_NO_SETAFFINITY 0x04000000

#define MAX_SCHEDULE_TIMEOUT LONG_MAX

struct kthread;

struct task_struct {
	unsigned int __state; /* TASK_*: READ_ONCE() it, set it with set_current_state() */
	unsigned int flags;   /* PF_* */
	pid_t pid;	      /* the host thread id */
	pid_t tgid;	      /* the process id */
	char comm[TASK_COMM_LEN];

	/* the model's: */
	pthread_mutex_t __sched_lock; /* __state changes and the wake-ups of the fields below */
	pthread_cond_t __sched_wait;
	int __usage; /* references (get_task_struct()); the last put frees a kthread */
	struct kthread *__kthread; /* a kthread's own state, NULL for other threads */
};

/* the calling thread's task */
struct task_struct *get_current(void);
#define current get_current()

void kmem_set_task_state(struct task_struct *tsk, unsigned int state);
#define __set_current_state(state_value) kmem_set_task_state(current, (state_value))
#define set_current_state(state_value)	 kmem_set_task_state(current, (state_value))
#define get_current_state()		 READ_ONCE(current->__state)
#define task_is_running(task)		 (READ_ONCE((task)->__state) == TASK_RUNNING)

/* sleeps until woken when the state is not TASK_RUNNING, else yields */
void schedule(void);
/*
 * sleeps at most @timeout jiffies (MAX_SCHEDULE_TIMEOUT: no limit) unless woken first, and
 * leaves the state TASK_RUNNING
 * Return: the jiffies left, 0 when the timeout passed
 */
long schedule_timeout(long timeout);
long schedule_timeout_interruptible(long timeout);
long schedule_timeout_killable(long timeout);
long schedule_timeout_uninterruptible(long timeout);
long schedule_timeout_idle(long timeout);
#define io_schedule()	       schedule()
#define io_schedule_timeout(t) schedule_timeout(t)
void yield(void);

/* 1 when it yielded */
int __cond_resched(void);
#define cond_resched()		__cond_resched()
#define cond_resched_lock(lock) 0
/* the thread has run a tick since it last yielded */
bool need_resched(void);

/*
 * wakes @p when its state is one of @state (wake_up_process(): any sleep)
 * Return: 1 when it was sleeping, 0 when it was running already
 */
int wake_up_state(struct task_struct *p, unsigned int state);
int wake_up_process(struct task_struct *p);

static inline int signal_pending(struct task_struct *p)
{
	(void)p;
	return 0;
}

static inline int fatal_signal_pending(struct task_struct *p)
{
	(void)p;
	return 0;
}

static inline int signal_pending_state(unsigned int state, struct task_struct *p)
{
	(void)state, (void)p;
	return 0;
}

static inline pid_t task_pid_nr(struct task_struct *tsk)
{
	return tsk->pid;
}

static inline pid_t task_pid_vnr(struct task_struct *tsk)
{
	return tsk->pid;
}

static inline pid_t task_tgid_nr(struct task_struct *tsk)
{
	return tsk->tgid;
}

static inline pid_t task_tgid_vnr(struct task_struct *tsk)
{
	return tsk->tgid;
}

/* @tsk's comm into the array @buf (6.x: a macro) */
#define get_task_comm(buf, tsk) strscpy_pad(buf, (tsk)->comm)
/* renames @tsk (and its host thread, when it is the caller's) */
void __set_task_comm(struct task_struct *tsk, const char *from, bool exec);
#define set_task_comm(tsk, from) __set_task_comm(tsk, from, false)

/* real-time and nice priorities of kthreads: the host's scheduler decides; accepted */
static inline void sched_set_fifo(struct task_struct *p)
{
	(void)p;
}
static inline void sched_set_fifo_low(struct task_struct *p)
{
	(void)p;
}
static inline void sched_set_normal(struct task_struct *p, int nice)
{
	(void)p, (void)nice;
}
static inline void set_user_nice(struct task_struct *p, long nice)
{
	(void)p, (void)nice;
}

/* the CPU a task runs as: the caller's is smp_processor_id() */
static inline unsigned int task_cpu(const struct task_struct *p)
{
	return p == get_current() ? (unsigned int)smp_processor_id() : 0;
}

/* the context: always a task, never an interrupt, preemptible */
#define in_task()		    1
#define in_interrupt()		    0
#define in_irq()		    0
#define in_hardirq()		    0
#define in_softirq()		    0
#define in_serving_softirq()	    0
#define in_nmi()		    0
#define in_atomic()		    0
#define irqs_disabled()		    0
#define preemptible()		    1
#define preempt_disable()	    barrier()
#define preempt_enable()	    barrier()
#define preempt_enable_no_resched() barrier()
#define preempt_count()		    0
#define migrate_disable()	    barrier()
#define migrate_enable()	    barrier()
#define local_irq_disable()	    barrier()
#define local_irq_enable()	    barrier()
#define local_irq_save(flags) \
	do {                  \
		(flags) = 0;  \
		barrier();    \
	} while (0)
#define local_irq_restore(flags) \
	do {                     \
		(void)(flags);   \
		barrier();       \
	} while (0)
#define local_bh_disable() barrier()
#define local_bh_enable()  barrier()

#include <linux/sched/task.h>

#endif
