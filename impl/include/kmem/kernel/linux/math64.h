/* SPDX-License-Identifier: GPL-2.0 */
/* 64-bit division (include/linux/math64.h): plain C division on a 64-bit host */
#ifndef _KMEM_LINUX_MATH64_H
#define _KMEM_LINUX_MATH64_H

#include <asm/div64.h>
#include <linux/types.h>

static inline u64 div_u64_rem(u64 dividend, u32 divisor, u32 *remainder)
{
	*remainder = dividend % divisor;
	return dividend / divisor;
}

static inline s64 div_s64_rem(s64 dividend, s32 divisor, s32 *remainder)
{
	*remainder = dividend % divisor;
	return dividend / divisor;
}

static inline u64 div64_u64_rem(u64 dividend, u64 divisor, u64 *remainder)
{
	*remainder = dividend % divisor;
	return dividend / divisor;
}

static inline u64 div_u64(u64 dividend, u32 divisor)
{
	return dividend / divisor;
}

static inline s64 div_s64(s64 dividend, s32 divisor)
{
	return dividend / divisor;
}

static inline u64 div64_u64(u64 dividend, u64 divisor)
{
	return dividend / divisor;
}

static inline s64 div64_s64(s64 dividend, s64 divisor)
{
	return dividend / divisor;
}

#define div64_ul(x, y)	 div64_u64((x), (y))
#define div64_long(x, y) div64_s64((x), (y))

/* (@a * @mul) >> @shift without losing the product's high bits */
static inline u64 mul_u64_u32_shr(u64 a, u32 mul, unsigned int shift)
{
	return (u64)(((unsigned __int128)a * mul) >> shift);
}

static inline u64 mul_u64_u64_shr(u64 a, u64 mul, unsigned int shift)
{
	return (u64)(((unsigned __int128)a * mul) >> shift);
}

/* @a * @b / @c with a 128-bit product */
static inline u64 mul_u64_u64_div_u64(u64 a, u64 b, u64 c)
{
	return (u64)(((unsigned __int128)a * b) / c);
}

#define DIV64_U64_ROUND_UP(ll, d)                 \
	({                                        \
		u64 _tmp = (d);                   \
		div64_u64((ll) + _tmp - 1, _tmp); \
	})
#define DIV_U64_ROUND_UP(ll, d)                 \
	({                                      \
		u32 _tmp = (d);                 \
		div_u64((ll) + _tmp - 1, _tmp); \
	})
#define DIV64_U64_ROUND_CLOSEST(dividend, divisor)      \
	({                                              \
		u64 _tmp = (divisor);                   \
		div64_u64((dividend) + _tmp / 2, _tmp); \
	})

#endif
