/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/param.h>: the uapi header (EXEC_PAGESIZE, ...), which the C library's <sys/param.h>
 * includes, with HZ the kernel's tick rate (CONFIG_HZ: 250, Debian's) instead of the user-space
 * 100, as asm-generic/param.h sets it for kernel code.
 */
#ifndef _KMEM_LINUX_PARAM_H
#define _KMEM_LINUX_PARAM_H

#include <kmem/kernel/kconfig.h>
#include_next <linux/param.h>

#undef HZ
#define HZ	CONFIG_HZ /* internal kernel timer frequency */
#define USER_HZ 100	  /* some user interfaces are in "ticks" */

#endif
