/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KMEM_LINUX_TYPECHECK_H
#define _KMEM_LINUX_TYPECHECK_H

/* 1, with a warning (comparison of distinct pointer types) when @x is not of type @type */
#define typecheck(type, x)                     \
	({                                     \
		type __dummy;                  \
		typeof(x) __dummy2;            \
		(void)(&__dummy == &__dummy2); \
		1;                             \
	})

/* the same for a function pointer @function of type @type */
#define typecheck_fn(type, function)           \
	({                                     \
		typeof(type) __tmp = function; \
		(void)__tmp;                   \
	})

/* 1, or a compile error when @x is not a pointer */
#define typecheck_pointer(x)            \
	({                              \
		typeof(x) __dummy;      \
		(void)sizeof(*__dummy); \
		1;                      \
	})

#endif
