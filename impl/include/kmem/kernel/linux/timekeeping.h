/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KMEM_LINUX_TIMEKEEPING_H
#define _KMEM_LINUX_TIMEKEEPING_H

/* ktime_get() and the other clocks */
#include <linux/ktime.h>

#endif
