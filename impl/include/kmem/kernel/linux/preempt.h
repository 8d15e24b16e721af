/* SPDX-License-Identifier: GPL-2.0 */
/* preempt_disable(), in_task(), in_interrupt(): see <linux/sched.h> */
#ifndef _KMEM_LINUX_PREEMPT_H
#define _KMEM_LINUX_PREEMPT_H

#include <linux/sched.h>

#endif
