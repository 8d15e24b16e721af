/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KMEM_LINUX_COMPILER_H
#define _KMEM_LINUX_COMPILER_H

#include <kmem/kernel/kconfig.h>
#include <linux/compiler_types.h>

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define READ_ONCE(x)	 __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

#define __must_check   __attribute__((warn_unused_result))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define __maybe_unused __attribute__((unused))

#ifndef container_of
#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))
#endif

/*
 * 0, or a compile error when @a is a pointer rather than an array (a pointer and the address
 * of its first element have the same type; an array and its first element's address do not)
 */
#define __must_be_array(a) \
	((int)sizeof(      \
		struct { int : (-!!__builtin_types_compatible_p(typeof(a), typeof(&(a)[0]))); }))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]) + __must_be_array(a))

/*
 * An access the code knows to race (a statistic, a heuristic): the kernel tells KCSAN to
 * ignore it; here it is evaluated as written
 */
#define data_race(expr) (expr)

#endif
