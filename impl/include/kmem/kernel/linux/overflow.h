/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Overflow-checked arithmetic (include/linux/overflow.h): the check_*_overflow() forms store
 * the wrapped result and return true on overflow; the size_*() forms saturate at SIZE_MAX, so
 * that an allocation of the result fails instead of being too small.
 */
#ifndef _KMEM_LINUX_OVERFLOW_H
#define _KMEM_LINUX_OVERFLOW_H

#include <linux/compiler.h>
#include <linux/limits.h>
#include <linux/types.h>

#define check_add_overflow(a, b, d) __builtin_add_overflow(a, b, d)
#define check_sub_overflow(a, b, d) __builtin_sub_overflow(a, b, d)
#define check_mul_overflow(a, b, d) __builtin_mul_overflow(a, b, d)
/* whether @a + @b (or -, *) overflows the type of @a + @b without storing it */
#define add_would_overflow(a, b) __builtin_add_overflow_p(a, b, (typeof((a) + (b)))0)
#define sub_would_overflow(a, b) __builtin_sub_overflow_p(a, b, (typeof((a) - (b)))0)
#define mul_would_overflow(a, b) __builtin_mul_overflow_p(a, b, (typeof((a) * (b)))0)
/* @v does not fit in @T */
#define overflows_type(n, T) __builtin_add_overflow_p(n, 0, (typeof(T))0)

static inline size_t __must_check size_mul(size_t factor1, size_t factor2)
{
	size_t bytes;

	if (check_mul_overflow(factor1, factor2, &bytes))
		return SIZE_MAX;
	return bytes;
}

static inline size_t __must_check size_add(size_t addend1, size_t addend2)
{
	size_t bytes;

	if (check_add_overflow(addend1, addend2, &bytes))
		return SIZE_MAX;
	return bytes;
}

static inline size_t __must_check size_sub(size_t minuend, size_t subtrahend)
{
	size_t bytes;

	if (minuend == SIZE_MAX || subtrahend == SIZE_MAX ||
	    check_sub_overflow(minuend, subtrahend, &bytes))
		return SIZE_MAX;
	return bytes;
}

#define array_size(a, b)     size_mul(a, b)
#define array3_size(a, b, c) size_mul(size_mul(a, b), c)

/* the size of @count elements of the flexible array @member of *@p */
#define flex_array_size(p, member, count) size_mul(count, sizeof(*(p)->member))
/* the size of *@p with @count elements in its flexible array @member */
#define struct_size(p, member, count)	   size_add(sizeof(*(p)), flex_array_size(p, member, count))
#define struct_size_t(type, member, count) struct_size((type *)NULL, member, count)

#endif
