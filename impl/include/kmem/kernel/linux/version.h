/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel version kernel code is built against: the model's, Linux 6.18 (not the version of
 * the host's user-space headers, which the C library's <linux/version.h> would give)
 */
#ifndef _KMEM_LINUX_VERSION_H
#define _KMEM_LINUX_VERSION_H

#define KERNEL_VERSION(a, b, c)	 (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))
#define LINUX_VERSION_MAJOR	 6
#define LINUX_VERSION_PATCHLEVEL 18
#define LINUX_VERSION_SUBLEVEL	 0
#define LINUX_VERSION_CODE	 KERNEL_VERSION(6, 18, 0)

#endif
