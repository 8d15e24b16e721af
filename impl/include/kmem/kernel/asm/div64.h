/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KMEM_ASM_DIV64_H
#define _KMEM_ASM_DIV64_H

#include <linux/types.h>

/*
 * do_div - divides the u64 lvalue @n by the u32 @base in place
 * Return: the remainder
 */
#define do_div(n, base)                          \
	({                                       \
		u32 __base = (base);             \
		u32 __rem = ((u64)(n)) % __base; \
		(n) = ((u64)(n)) / __base;       \
		__rem;                           \
	})

#endif
