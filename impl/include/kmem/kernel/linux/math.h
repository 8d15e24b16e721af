/* SPDX-License-Identifier: GPL-2.0 */
/* Integer arithmetic helpers (include/linux/math.h) */
#ifndef _KMEM_LINUX_MATH_H
#define _KMEM_LINUX_MATH_H

/*
 * The C library declares a function abs(); the kernel's abs() is a macro. The declaration comes
 * first, so that the macro cannot rename it when <stdlib.h> is included later.
 */
#include <stdlib.h>

#include <linux/compiler.h>
#include <linux/types.h>

/* @x rounded up / down to a multiple of @y, a power of two */
#define __round_mask(x, y) ((__typeof__(x))((y)-1))
#define round_up(x, y)	   ((((x)-1) | __round_mask(x, y)) + 1)
#define round_down(x, y)   ((x) & ~__round_mask(x, y))

#define DIV_ROUND_UP(n, d) (((n) + (d)-1) / (d))
#define DIV_ROUND_DOWN_ULL(ll, d)               \
	({                                      \
		unsigned long long _tmp = (ll); \
		_tmp / (d);                     \
	})
#define DIV_ROUND_UP_ULL(ll, d) DIV_ROUND_DOWN_ULL((unsigned long long)(ll) + (d)-1, (d))
#define DIV_ROUND_UP_POW2(n, d) ((n) / (d) + !!((n) & ((d)-1)))

/* @x rounded up / down to a multiple of any @y */
#define roundup(x, y)                            \
	({                                       \
		typeof(y) __y = y;               \
		(((x) + (__y - 1)) / __y) * __y; \
	})
#define rounddown(x, y)              \
	({                           \
		typeof(x) __x = (x); \
		__x - (__x % (y));   \
	})

/* @x / @divisor rounded to the nearest integer (halves away from zero) */
#define DIV_ROUND_CLOSEST(x, divisor)                                                              \
	({                                                                                         \
		typeof(x) __x = x;                                                                 \
		typeof(divisor) __d = divisor;                                                     \
		(((typeof(x))-1) > 0 || ((typeof(divisor))-1) > 0 || (((__x) > 0) == ((__d) > 0))) \
			? (((__x) + ((__d) / 2)) / (__d))                                          \
			: (((__x) - ((__d) / 2)) / (__d));                                         \
	})
#define DIV_ROUND_CLOSEST_ULL(x, divisor)                  \
	({                                                 \
		typeof(divisor) __d = divisor;             \
		unsigned long long _tmp = (x) + (__d) / 2; \
		_tmp / __d;                                \
	})

/* @x * @numer / @denom without overflowing the intermediate product */
#define mult_frac(x, n, d)              \
	({                              \
		typeof(x) x_ = (x);     \
		typeof(n) n_ = (n);     \
		typeof(d) d_ = (d);     \
		typeof(x_) q = x_ / d_; \
		typeof(x_) r = x_ % d_; \
		q *n_ + r *n_ / d_;     \
	})

/*
 * The absolute value of an integer of any size, in the signed type of that size (abs(INT_MIN)
 * stays INT_MIN, as in the kernel); other types are a compile error (void)
 */
#define __kmem_abs_choose(x, type, other)                                                     \
	__builtin_choose_expr(__builtin_types_compatible_p(typeof(x), signed type) ||         \
				      __builtin_types_compatible_p(typeof(x), unsigned type), \
			      ({                                                              \
				      signed type __x = (x);                                  \
				      __x < 0 ? -__x : __x;                                   \
			      }),                                                             \
			      other)
#define abs(x)                                                                                   \
	__kmem_abs_choose(                                                                       \
		x, long long,                                                                    \
		__kmem_abs_choose(                                                               \
			x, long,                                                                 \
			__kmem_abs_choose(                                                       \
				x, int,                                                          \
				__kmem_abs_choose(                                               \
					x, short,                                                \
					__kmem_abs_choose(x, char,                               \
							  __builtin_choose_expr(                 \
								  __builtin_types_compatible_p(  \
									  typeof(x), char),      \
								  (char)({                       \
									  signed char __x = (x); \
									  __x < 0 ? -__x : __x;  \
								  }),                            \
								  ((void)0)))))))

/* |@a - @b| without overflow, for any two integers of one signedness */
#define abs_diff(a, b)                                 \
	({                                             \
		typeof(a) __a = (a);                   \
		typeof(b) __b = (b);                   \
		__a > __b ? (__a - __b) : (__b - __a); \
	})

/* @val scaled from [0, 2^32) to [0, @ep_ro) */
static inline u32 reciprocal_scale(u32 val, u32 ep_ro)
{
	return (u32)(((u64)val * ep_ro) >> 32);
}

/* the integer square root, rounded down (lib/math/int_sqrt.c) */
unsigned long int_sqrt(unsigned long x);
u32 int_sqrt64(u64 x);

#endif
