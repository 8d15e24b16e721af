/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/time.h> as kernel code sees it: 64-bit time and the clocks (not the host's uapi
 * header, whose struct timespec is the C library's business)
 */
#ifndef _KMEM_LINUX_TIME_H
#define _KMEM_LINUX_TIME_H

#include <linux/ktime.h>
#include <linux/time64.h>

#endif
