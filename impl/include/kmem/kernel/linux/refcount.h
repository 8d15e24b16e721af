/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reference counts (include/linux/refcount.h): an atomic_t that refuses to wrap. As in the
 * kernel, an increment from 0 (a use after free) and a decrement below 0 are WARNed
 * ("refcount_t: addition on 0; use-after-free.", "refcount_t: underflow; use-after-free.") and
 * the count saturates, so that the object leaks rather than being freed twice.
 */
#ifndef _KMEM_LINUX_REFCOUNT_H
#define _KMEM_LINUX_REFCOUNT_H

#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/limits.h>
#include <linux/types.h>

typedef struct refcount_struct {
	atomic_t refs;
} refcount_t;

#define REFCOUNT_INIT(n)               \
	{                              \
		.refs = ATOMIC_INIT(n) \
	}
#define REFCOUNT_MAX	   INT_MAX
#define REFCOUNT_SATURATED (INT_MIN / 2)

static inline void refcount_set(refcount_t *r, int n)
{
	atomic_set(&r->refs, n);
}

static inline unsigned int refcount_read(const refcount_t *r)
{
	return atomic_read(&r->refs);
}

static inline void refcount_add(int i, refcount_t *r)
{
	int old = __atomic_fetch_add(&r->refs.counter, i, __ATOMIC_RELAXED);

	if (unlikely(old <= 0 || old + i <= 0)) {
		__atomic_store_n(&r->refs.counter, REFCOUNT_SATURATED, __ATOMIC_RELAXED);
		WARN_ONCE(1, "refcount_t: %s.\n",
			  old ? "saturated; leaking memory" : "addition on 0; use-after-free");
	}
}

static inline void refcount_inc(refcount_t *r)
{
	refcount_add(1, r);
}

/* adds @i unless the count is 0; false when it was */
static inline __must_check bool refcount_add_not_zero(int i, refcount_t *r)
{
	int old = atomic_read(&r->refs);

	do {
		if (!old)
			return false;
	} while (!__atomic_compare_exchange_n(&r->refs.counter, &old, old + i, false,
					      __ATOMIC_RELAXED, __ATOMIC_RELAXED));
	return true;
}

static inline __must_check bool refcount_inc_not_zero(refcount_t *r)
{
	return refcount_add_not_zero(1, r);
}

/* subtracts @i; true when that made it 0 (the caller frees) */
static inline __must_check bool refcount_sub_and_test(int i, refcount_t *r)
{
	int old = __atomic_fetch_sub(&r->refs.counter, i, __ATOMIC_RELEASE);

	if (old == i) {
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		return true;
	}
	if (unlikely(old < 0 || old - i < 0)) {
		__atomic_store_n(&r->refs.counter, REFCOUNT_SATURATED, __ATOMIC_RELAXED);
		WARN_ONCE(1, "refcount_t: underflow; use-after-free.\n");
	}
	return false;
}

static inline __must_check bool refcount_dec_and_test(refcount_t *r)
{
	return refcount_sub_and_test(1, r);
}

static inline void refcount_dec(refcount_t *r)
{
	if (unlikely(__atomic_sub_fetch(&r->refs.counter, 1, __ATOMIC_RELEASE) <= 0)) {
		__atomic_store_n(&r->refs.counter, REFCOUNT_SATURATED, __ATOMIC_RELAXED);
		WARN_ONCE(1, "refcount_t: decrement hit 0; leaking memory.\n");
	}
}

#endif
