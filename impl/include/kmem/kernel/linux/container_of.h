/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KMEM_LINUX_CONTAINER_OF_H
#define _KMEM_LINUX_CONTAINER_OF_H

#include <stddef.h>

/* container_of(): the structure that contains *@ptr as its @member */
#include <linux/compiler.h>

#define container_of_const(ptr, type, member) container_of(ptr, type, member)

#endif
