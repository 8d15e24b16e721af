/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KMEM_LINUX_LINKAGE_H
#define _KMEM_LINUX_LINKAGE_H

#include <linux/compiler_types.h>

/* C calling convention from assembly: the default one on x86_64 */
#define asmlinkage
#define __visible_asm __visible

#endif
