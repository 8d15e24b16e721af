/* SPDX-License-Identifier: GPL-2.0 */
/* signal_pending() and friends: no signal ever reaches a task here (see <linux/sched.h>) */
#ifndef _KMEM_LINUX_SCHED_SIGNAL_H
#define _KMEM_LINUX_SCHED_SIGNAL_H

#include <linux/sched.h>

#endif
