/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interfaces of the generic kernel environment (impl/kernel), grouped by the file that
 * defines them. Kernel code sees <linux/...>; the harness sees <kmem/kmem.h>.
 */
#ifndef _KMEM_KERNEL_KENV_H
#define _KMEM_KERNEL_KENV_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* vsprintf.c: the kernel's vsnprintf (with %p extensions); the length the text needs */
int kmem_vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
/* "-ENOMEM" for -ENOMEM, "ENOMEM" for ENOMEM, NULL for a number without a name */
const char *kmem_errname(int err);

/*
 * printk.c: holds back other threads' messages, so that a report of several lines (a WARN,
 * an oops) comes out whole; it nests, and the holder may printk
 */
void kenv_printk_lock(void);
void kenv_printk_unlock(void);

/* time.c: nanoseconds since the model booted (since the library loaded, before any boot) */
uint64_t kenv_clock_ns(void);
void kenv_clock_reset(void);
/* The CLOCK_MONOTONIC time @timeout jiffies from now, for pthread_cond_clockwait() */
void kenv_deadline(long timeout, struct timespec *deadline);

/* bug.c: the count of WARNs, reset at boot */
void kenv_warn_reset(void);

/* random.c: the generators seeded for a boot; -EINVAL for a bad KMEM_SEED */
int kenv_random_boot(void);

/*
 * sched.c: a task's fields as a thread named @comm (the calling thread) has them; the task
 * current returns in the calling thread
 */
struct task_struct;
void kenv_task_init(struct task_struct *tsk, const char *comm);
void kenv_set_current(struct task_struct *tsk);

/*
 * smp.c: the model CPU the calling thread runs as, 0 before the model booted (the model's
 * smp_processor_id() needs a booted model)
 */
int kenv_cpu(void);

#endif
