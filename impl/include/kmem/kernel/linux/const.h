/* SPDX-License-Identifier: GPL-2.0 */
/* <linux/const.h>: the uapi header (_AC, _UL, _BITUL, __ALIGN_KERNEL) and the kernel's UL() */
#ifndef _KMEM_LINUX_CONST_H
#define _KMEM_LINUX_CONST_H

#include_next <linux/const.h>

#define UL(x)  (_UL(x))
#define ULL(x) (_ULL(x))

#endif
