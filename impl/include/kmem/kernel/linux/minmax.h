/* SPDX-License-Identifier: GPL-2.0 */
/*
 * min(), max(), clamp() and friends (include/linux/minmax.h): each argument is evaluated once,
 * and, as in the kernel since 6.x, a comparison that C would get wrong is a compile error:
 * both arguments must have the same signedness, or the same signedness once promoted to int,
 * or one of them must be a non-negative signed integer constant. min_t()/max_t() cast both
 * to a named type instead; umin()/umax() compare as unsigned.
 */
#ifndef _KMEM_LINUX_MINMAX_H
#define _KMEM_LINUX_MINMAX_H

#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/types.h>

#define __kmem_is_signed(x) is_signed_type(typeof(x))
/* @x is a signed integer constant expression >= 0 */
#define __kmem_is_noneg_int(x) \
	(__builtin_choose_expr(__is_constexpr(x) && __kmem_is_signed(x), (x), -1) >= 0)
#define __kmem_types_ok(x, y)                                                                \
	(__kmem_is_signed(x) == __kmem_is_signed(y) ||                                       \
	 __kmem_is_signed((x) + 0) == __kmem_is_signed((y) + 0) || __kmem_is_noneg_int(x) || \
	 __kmem_is_noneg_int(y))

#define __kmem_cmp_op_min    <
#define __kmem_cmp_op_max    >
#define __kmem_cmp(op, x, y) ((x)__kmem_cmp_op_##op(y) ? (x) : (y))

#define __kmem_careful_cmp(op, x, y)                                                  \
	({                                                                            \
		__auto_type __x = (x);                                                \
		__auto_type __y = (y);                                                \
		_Static_assert(__kmem_types_ok(x, y),                                 \
			       #op "(" #x ", " #y ") signedness error, fix types or " \
				   "consider u" #op "() before " #op "_t()");         \
		__kmem_cmp(op, __x, __y);                                             \
	})

#define min(x, y) __kmem_careful_cmp(min, x, y)
#define max(x, y) __kmem_careful_cmp(max, x, y)

/* as unsigned: for a signed value known not to be negative */
#define umin(x, y) __kmem_careful_cmp(min, (x) + 0u + 0ul + 0ull, (y) + 0u + 0ul + 0ull)
#define umax(x, y) __kmem_careful_cmp(max, (x) + 0u + 0ul + 0ull, (y) + 0u + 0ul + 0ull)

#define min3(x, y, z) min((typeof(x))min(x, y), z)
#define max3(x, y, z) max((typeof(x))max(x, y), z)

/* the smaller of two values, 0 meaning "none" */
#define min_not_zero(x, y)                                                                   \
	({                                                                                   \
		typeof(x) __mnz_x = (x);                                                     \
		typeof(y) __mnz_y = (y);                                                     \
		__mnz_x == 0 ? __mnz_y : ((__mnz_y == 0) ? __mnz_x : min(__mnz_x, __mnz_y)); \
	})

/* @val within [@lo, @hi]; @lo > @hi is a compile error when both are constants */
#define clamp(val, lo, hi)                                                                   \
	({                                                                                   \
		__auto_type __val = (val);                                                   \
		__auto_type __lo = (lo);                                                     \
		__auto_type __hi = (hi);                                                     \
		_Static_assert(__kmem_types_ok(val, lo) && __kmem_types_ok(val, hi),         \
			       "clamp() signedness error");                                  \
		_Static_assert(                                                              \
			!__builtin_choose_expr(__is_constexpr((lo) > (hi)), (lo) > (hi), 0), \
			"clamp() low limit " #lo " greater than high limit " #hi);           \
		__val<__lo ? __lo : __val> __hi ? __hi : __val;                              \
	})

#define min_t(type, x, y)	   __kmem_careful_cmp(min, (type)(x), (type)(y))
#define max_t(type, x, y)	   __kmem_careful_cmp(max, (type)(x), (type)(y))
#define clamp_t(type, val, lo, hi) clamp((type)(val), (type)(lo), (type)(hi))
#define clamp_val(val, lo, hi)	   clamp_t(typeof(val), val, lo, hi)

/* @val is within [@start, @start + @len) */
#define in_range(val, start, len) ((typeof(start))(val) - (start) < (len))

/* constant-expression forms, for array sizes and static initializers */
#ifndef MIN
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#endif
#ifndef MAX
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#endif
#define MIN_T(type, a, b) MIN((type)(a), (type)(b))
#define MAX_T(type, a, b) MAX((type)(a), (type)(b))

/* exchanges the values of @a and @b */
#define swap(a, b)                     \
	do {                           \
		typeof(a) __tmp = (a); \
		(a) = (b);             \
		(b) = __tmp;           \
	} while (0)

#endif
