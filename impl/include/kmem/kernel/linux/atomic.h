/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's atomic_t API on the compiler's __atomic builtins (sequentially consistent). */
#ifndef _KMEM_LINUX_ATOMIC_H
#define _KMEM_LINUX_ATOMIC_H

#include <asm/barrier.h>
#include <linux/types.h>

#define ATOMIC_INIT(i) \
	{              \
		(i)    \
	}

static inline int atomic_read(const atomic_t *v)
{
	return __atomic_load_n(&v->counter, __ATOMIC_RELAXED);
}

static inline void atomic_set(atomic_t *v, int i)
{
	__atomic_store_n(&v->counter, i, __ATOMIC_RELAXED);
}

static inline int atomic_add_return(int i, atomic_t *v)
{
	return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST);
}

static inline void atomic_add(int i, atomic_t *v)
{
	atomic_add_return(i, v);
}

static inline void atomic_inc(atomic_t *v)
{
	atomic_add_return(1, v);
}

static inline void atomic_dec(atomic_t *v)
{
	atomic_add_return(-1, v);
}

static inline bool atomic_inc_and_test(atomic_t *v)
{
	return atomic_add_return(1, v) == 0;
}

static inline bool atomic_add_negative(int i, atomic_t *v)
{
	return atomic_add_return(i, v) < 0;
}

static inline long atomic_long_read(const atomic_long_t *v)
{
	return __atomic_load_n(&v->counter, __ATOMIC_RELAXED);
}

static inline void atomic_long_set(atomic_long_t *v, long i)
{
	__atomic_store_n(&v->counter, i, __ATOMIC_RELAXED);
}

static inline void atomic_long_add(long i, atomic_long_t *v)
{
	__atomic_add_fetch(&v->counter, i, __ATOMIC_RELAXED);
}

/*
 * The rest of the kernel's atomic API, for kernel code of the generic environment: the
 * operations without a return value are relaxed, those that return a value fully ordered,
 * the _acquire/_release/_relaxed forms as named (include/linux/atomic/atomic-instrumented.h).
 */
#define ATOMIC_LONG_INIT(i) ATOMIC_INIT(i)
#define ATOMIC64_INIT(i)    ATOMIC_INIT(i)

#define __KMEM_ATOMIC_OPS(pfx, atype, ctype)                                                       \
	static inline ctype pfx##_read_acquire(const atype *v)                                     \
	{                                                                                          \
		return __atomic_load_n(&v->counter, __ATOMIC_ACQUIRE);                             \
	}                                                                                          \
	static inline void pfx##_set_release(atype *v, ctype i)                                    \
	{                                                                                          \
		__atomic_store_n(&v->counter, i, __ATOMIC_RELEASE);                                \
	}                                                                                          \
	static inline void pfx##_sub(ctype i, atype *v)                                            \
	{                                                                                          \
		__atomic_sub_fetch(&v->counter, i, __ATOMIC_RELAXED);                              \
	}                                                                                          \
	static inline ctype pfx##_sub_return(ctype i, atype *v)                                    \
	{                                                                                          \
		return __atomic_sub_fetch(&v->counter, i, __ATOMIC_SEQ_CST);                       \
	}                                                                                          \
	static inline ctype pfx##_inc_return(atype *v)                                             \
	{                                                                                          \
		return __atomic_add_fetch(&v->counter, 1, __ATOMIC_SEQ_CST);                       \
	}                                                                                          \
	static inline ctype pfx##_dec_return(atype *v)                                             \
	{                                                                                          \
		return __atomic_sub_fetch(&v->counter, 1, __ATOMIC_SEQ_CST);                       \
	}                                                                                          \
	static inline ctype pfx##_inc_return_relaxed(atype *v)                                     \
	{                                                                                          \
		return __atomic_add_fetch(&v->counter, 1, __ATOMIC_RELAXED);                       \
	}                                                                                          \
	static inline ctype pfx##_fetch_add(ctype i, atype *v)                                     \
	{                                                                                          \
		return __atomic_fetch_add(&v->counter, i, __ATOMIC_SEQ_CST);                       \
	}                                                                                          \
	static inline ctype pfx##_fetch_sub(ctype i, atype *v)                                     \
	{                                                                                          \
		return __atomic_fetch_sub(&v->counter, i, __ATOMIC_SEQ_CST);                       \
	}                                                                                          \
	static inline ctype pfx##_fetch_inc(atype *v)                                              \
	{                                                                                          \
		return __atomic_fetch_add(&v->counter, 1, __ATOMIC_SEQ_CST);                       \
	}                                                                                          \
	static inline ctype pfx##_fetch_dec(atype *v)                                              \
	{                                                                                          \
		return __atomic_fetch_sub(&v->counter, 1, __ATOMIC_SEQ_CST);                       \
	}                                                                                          \
	static inline ctype pfx##_fetch_or(ctype i, atype *v)                                      \
	{                                                                                          \
		return __atomic_fetch_or(&v->counter, i, __ATOMIC_SEQ_CST);                        \
	}                                                                                          \
	static inline ctype pfx##_fetch_and(ctype i, atype *v)                                     \
	{                                                                                          \
		return __atomic_fetch_and(&v->counter, i, __ATOMIC_SEQ_CST);                       \
	}                                                                                          \
	static inline void pfx##_or(ctype i, atype *v)                                             \
	{                                                                                          \
		__atomic_fetch_or(&v->counter, i, __ATOMIC_RELAXED);                               \
	}                                                                                          \
	static inline void pfx##_and(ctype i, atype *v)                                            \
	{                                                                                          \
		__atomic_fetch_and(&v->counter, i, __ATOMIC_RELAXED);                              \
	}                                                                                          \
	static inline void pfx##_xor(ctype i, atype *v)                                            \
	{                                                                                          \
		__atomic_fetch_xor(&v->counter, i, __ATOMIC_RELAXED);                              \
	}                                                                                          \
	static inline bool pfx##_dec_and_test(atype *v)                                            \
	{                                                                                          \
		return __atomic_sub_fetch(&v->counter, 1, __ATOMIC_SEQ_CST) == 0;                  \
	}                                                                                          \
	static inline bool pfx##_sub_and_test(ctype i, atype *v)                                   \
	{                                                                                          \
		return __atomic_sub_fetch(&v->counter, i, __ATOMIC_SEQ_CST) == 0;                  \
	}                                                                                          \
	static inline ctype pfx##_xchg(atype *v, ctype new)                                        \
	{                                                                                          \
		return __atomic_exchange_n(&v->counter, new, __ATOMIC_SEQ_CST);                    \
	}                                                                                          \
	/* the value found: @new was stored when it equals @old */                                 \
	static inline ctype pfx##_cmpxchg(atype *v, ctype old, ctype new)                          \
	{                                                                                          \
		__atomic_compare_exchange_n(&v->counter, &old, new, false, __ATOMIC_SEQ_CST,       \
					    __ATOMIC_SEQ_CST);                                     \
		return old;                                                                        \
	}                                                                                          \
	/* true when @new was stored; else *@old is the value found */                             \
	static inline bool pfx##_try_cmpxchg(atype *v, ctype *old, ctype new)                      \
	{                                                                                          \
		return __atomic_compare_exchange_n(&v->counter, old, new, false, __ATOMIC_SEQ_CST, \
						   __ATOMIC_SEQ_CST);                              \
	}                                                                                          \
	/* adds @a unless the value is @u; the value found */                                      \
	static inline ctype pfx##_fetch_add_unless(atype *v, ctype a, ctype u)                     \
	{                                                                                          \
		ctype c = __atomic_load_n(&v->counter, __ATOMIC_RELAXED);                          \
                                                                                                   \
		do {                                                                               \
			if (c == u)                                                                \
				break;                                                             \
		} while (!__atomic_compare_exchange_n(&v->counter, &c, c + a, false,               \
						      __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));        \
		return c;                                                                          \
	}                                                                                          \
	static inline bool pfx##_add_unless(atype *v, ctype a, ctype u)                            \
	{                                                                                          \
		return pfx##_fetch_add_unless(v, a, u) != u;                                       \
	}                                                                                          \
	static inline bool pfx##_inc_not_zero(atype *v)                                            \
	{                                                                                          \
		return pfx##_add_unless(v, 1, 0);                                                  \
	}

__KMEM_ATOMIC_OPS(atomic, atomic_t, int)
__KMEM_ATOMIC_OPS(atomic_long, atomic_long_t, long)
__KMEM_ATOMIC_OPS(atomic64, atomic64_t, s64)

static inline void atomic_long_inc(atomic_long_t *v)
{
	atomic_long_add(1, v);
}

static inline void atomic_long_dec(atomic_long_t *v)
{
	atomic_long_sub(1, v);
}

static inline long atomic_long_add_return(long i, atomic_long_t *v)
{
	return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST);
}

static inline s64 atomic64_read(const atomic64_t *v)
{
	return __atomic_load_n(&v->counter, __ATOMIC_RELAXED);
}

static inline void atomic64_set(atomic64_t *v, s64 i)
{
	__atomic_store_n(&v->counter, i, __ATOMIC_RELAXED);
}

static inline void atomic64_add(s64 i, atomic64_t *v)
{
	__atomic_add_fetch(&v->counter, i, __ATOMIC_RELAXED);
}

static inline s64 atomic64_add_return(s64 i, atomic64_t *v)
{
	return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST);
}

static inline void atomic64_inc(atomic64_t *v)
{
	atomic64_add(1, v);
}

static inline void atomic64_dec(atomic64_t *v)
{
	atomic64_sub(1, v);
}

/* on any scalar: the value found, @new stored when it was @old (xchg: always) */
#define xchg(ptr, new) __atomic_exchange_n((ptr), (new), __ATOMIC_SEQ_CST)
#define cmpxchg(ptr, old, new)                                                             \
	({                                                                                 \
		__auto_type __ptr = (ptr);                                                 \
		typeof(*__ptr) __old = (old);                                              \
		__atomic_compare_exchange_n(__ptr, &__old, (new), false, __ATOMIC_SEQ_CST, \
					    __ATOMIC_SEQ_CST);                             \
		__old;                                                                     \
	})
#define try_cmpxchg(ptr, oldp, new) \
	__atomic_compare_exchange_n((ptr), (oldp), (new), false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)
#define cmpxchg_relaxed(ptr, old, new) cmpxchg(ptr, old, new)
#define xchg_relaxed(ptr, new)	       xchg(ptr, new)

#endif
