/* SPDX-License-Identifier: GPL-2.0 */
/* Character classes (include/linux/ctype.h): the C library's in the C locale */
#ifndef _KMEM_LINUX_CTYPE_H
#define _KMEM_LINUX_CTYPE_H

#include <ctype.h>

/* an octal digit */
static inline int isodigit(const char c)
{
	return c >= '0' && c <= '7';
}

/* the lowercase letter of @c, for a letter only (the kernel's fast form, not the C library's) */
#undef _tolower
#define _tolower(c) ((c) | 0x20)

#endif
