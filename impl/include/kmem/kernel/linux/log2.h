/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Integer base-2 logarithms and powers of two (include/linux/log2.h). Each macro folds to a
 * constant for a constant argument. ilog2(0) is undefined in the kernel: -1 at run time, 0
 * for a constant, as there. roundup_pow_of_two(0) is undefined too (it shifts by 64).
 */
#ifndef _KMEM_LINUX_LOG2_H
#define _KMEM_LINUX_LOG2_H

#include <linux/bitops.h>
#include <linux/types.h>

static inline __attribute_const__ int __ilog2_u32(u32 n)
{
	return fls(n) - 1;
}

static inline __attribute_const__ int __ilog2_u64(u64 n)
{
	return fls64(n) - 1;
}

/* @n != 0 and a power of two */
static inline __attribute_const__ bool is_power_of_2(unsigned long n)
{
	return n != 0 && ((n & (n - 1)) == 0);
}

static inline __attribute_const__ unsigned long __roundup_pow_of_two(unsigned long n)
{
	return 1UL << fls_long(n - 1);
}

static inline __attribute_const__ unsigned long __rounddown_pow_of_two(unsigned long n)
{
	return 1UL << (fls_long(n) - 1);
}

/* the log of a constant, as a constant expression (0 for 0 and 1) */
#define const_ilog2(n) ((n) < 2 ? 0 : 63 - __builtin_clzll(n))

/* floor(log2(@n)): the index of the most significant set bit */
#define ilog2(n)                                                           \
	(__builtin_constant_p(n) ? ((n) < 2 ? 0 : 63 - __builtin_clzll(n)) \
	 : (sizeof(n) <= 4)	 ? __ilog2_u32(n)                          \
				 : __ilog2_u64(n))

/* the smallest power of two >= @n (@n > 0) */
#define roundup_pow_of_two(n)                                                   \
	(__builtin_constant_p(n) ? ((n) == 1 ? 1 : (1UL << (ilog2((n)-1) + 1))) \
				 : __roundup_pow_of_two(n))

/* the largest power of two <= @n (@n > 0) */
#define rounddown_pow_of_two(n) \
	(__builtin_constant_p(n) ? (1UL << ilog2(n)) : __rounddown_pow_of_two(n))

static inline __attribute_const__ int __order_base_2(unsigned long n)
{
	return n > 1 ? ilog2(n - 1) + 1 : 0;
}

/* ceil(log2(@n)), 0 for 0 and 1: the order of the block that holds @n units */
#define order_base_2(n)                                                            \
	(__builtin_constant_p(n) ? (((n) == 0 || (n) == 1) ? 0 : ilog2((n)-1) + 1) \
				 : __order_base_2(n))

static inline __attribute_const__ int __bits_per(unsigned long n)
{
	if (n < 2)
		return 1;
	if (is_power_of_2(n))
		return order_base_2(n) + 1;
	return order_base_2(n);
}

/* the bits needed to hold the value @n (1 for 0 and 1) */
#define bits_per(n) \
	(__builtin_constant_p(n) ? (((n) == 0 || (n) == 1) ? 1 : ilog2(n) + 1) : __bits_per(n))

#endif
