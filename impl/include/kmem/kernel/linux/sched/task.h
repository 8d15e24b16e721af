/* SPDX-License-Identifier: GPL-2.0 */
/* References to tasks (include/linux/sched/task.h) */
#ifndef _KMEM_LINUX_SCHED_TASK_H
#define _KMEM_LINUX_SCHED_TASK_H

#include <linux/sched.h>

/* keeps @t (a kthread's task) from being freed when the thread exits */
struct task_struct *get_task_struct(struct task_struct *t);
/* drops a reference: the last one, once the thread has exited, frees the task */
void put_task_struct(struct task_struct *t);

#endif
