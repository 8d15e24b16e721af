/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KMEM_LINUX_ARRAY_SIZE_H
#define _KMEM_LINUX_ARRAY_SIZE_H

/* ARRAY_SIZE(): the number of elements of an array, a compile error for a pointer */
#include <linux/compiler.h>

#endif
