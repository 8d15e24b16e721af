/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A fixed-size ring of pointers (include/linux/ptr_ring.h), the kernel's producer/consumer
 * queue: a slot holds a pointer or NULL, so the producer sees a full ring in the slot it would
 * write and the consumer an empty one in the slot it would read, and neither reads the other's
 * index. The __ptr_ring_*() forms take no lock (one producer and one consumer, or the caller's
 * locking); the others take the producer's or the consumer's lock. Slots are written with
 * release and read with acquire, so what a pointer points to is seen whole on the other side.
 *
 * The kernel's consumer zeroes consumed slots in batches, to keep the producer's cache line
 * still; here each slot is given back as it is consumed (a ring is never full sooner than the
 * kernel's). The queue is kcalloc()ed from the model (the kernel kvmalloc()s it).
 */
#ifndef _KMEM_LINUX_PTR_RING_H
#define _KMEM_LINUX_PTR_RING_H

#include <linux/cache.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct ptr_ring {
	int producer ____cacheline_aligned_in_smp;
	spinlock_t producer_lock;
	int consumer_head ____cacheline_aligned_in_smp; /* the next slot to consume */
	int consumer_tail; /* the kernel's batch end: the same as consumer_head here */
	spinlock_t consumer_lock;
	int size ____cacheline_aligned_in_smp; /* slots; 0 for a ring that takes nothing */
	int batch;
	void **queue;
};

/* the slot the producer would write is taken */
static inline bool __ptr_ring_full(struct ptr_ring *r)
{
	return __atomic_load_n(&r->queue[r->producer], __ATOMIC_ACQUIRE) != NULL;
}

static inline bool ptr_ring_full(struct ptr_ring *r)
{
	bool ret;

	spin_lock(&r->producer_lock);
	ret = __ptr_ring_full(r);
	spin_unlock(&r->producer_lock);
	return ret;
}
#define ptr_ring_full_irq(r) ptr_ring_full(r)
#define ptr_ring_full_any(r) ptr_ring_full(r)
#define ptr_ring_full_bh(r)  ptr_ring_full(r)

/* 0, or -ENOSPC when the ring is full (or has no slot); @ptr must not be NULL */
static inline int __ptr_ring_produce(struct ptr_ring *r, void *ptr)
{
	if (unlikely(!r->size) || __ptr_ring_full(r))
		return -ENOSPC;
	__atomic_store_n(&r->queue[r->producer], ptr, __ATOMIC_RELEASE);
	if (++r->producer >= r->size)
		r->producer = 0;
	return 0;
}

static inline int ptr_ring_produce(struct ptr_ring *r, void *ptr)
{
	int ret;

	spin_lock(&r->producer_lock);
	ret = __ptr_ring_produce(r, ptr);
	spin_unlock(&r->producer_lock);
	return ret;
}
#define ptr_ring_produce_irq(r, p) ptr_ring_produce(r, p)
#define ptr_ring_produce_any(r, p) ptr_ring_produce(r, p)
#define ptr_ring_produce_bh(r, p)  ptr_ring_produce(r, p)

/* the next pointer to consume, left in the ring; NULL when it is empty */
static inline void *__ptr_ring_peek(struct ptr_ring *r)
{
	if (likely(r->size))
		return __atomic_load_n(&r->queue[r->consumer_head], __ATOMIC_ACQUIRE);
	return NULL;
}

static inline bool __ptr_ring_empty(struct ptr_ring *r)
{
	return !__ptr_ring_peek(r);
}

static inline bool ptr_ring_empty(struct ptr_ring *r)
{
	bool ret;

	spin_lock(&r->consumer_lock);
	ret = __ptr_ring_empty(r);
	spin_unlock(&r->consumer_lock);
	return ret;
}
#define ptr_ring_empty_irq(r) ptr_ring_empty(r)
#define ptr_ring_empty_any(r) ptr_ring_empty(r)
#define ptr_ring_empty_bh(r)  ptr_ring_empty(r)

/* gives the slot just peeked back to the producer */
static inline void __ptr_ring_discard_one(struct ptr_ring *r)
{
	__atomic_store_n(&r->queue[r->consumer_head], NULL, __ATOMIC_RELEASE);
	if (++r->consumer_head >= r->size)
		r->consumer_head = 0;
	r->consumer_tail = r->consumer_head;
}

/* the next pointer, taken out of the ring; NULL when it is empty */
static inline void *__ptr_ring_consume(struct ptr_ring *r)
{
	void *ptr = __ptr_ring_peek(r);

	if (ptr)
		__ptr_ring_discard_one(r);
	return ptr;
}

/* up to @n pointers into @array; how many */
static inline int __ptr_ring_consume_batched(struct ptr_ring *r, void **array, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		void *ptr = __ptr_ring_consume(r);

		if (!ptr)
			break;
		array[i] = ptr;
	}
	return i;
}

static inline void *ptr_ring_consume(struct ptr_ring *r)
{
	void *ptr;

	spin_lock(&r->consumer_lock);
	ptr = __ptr_ring_consume(r);
	spin_unlock(&r->consumer_lock);
	return ptr;
}
#define ptr_ring_consume_irq(r) ptr_ring_consume(r)
#define ptr_ring_consume_any(r) ptr_ring_consume(r)
#define ptr_ring_consume_bh(r)	ptr_ring_consume(r)

static inline int ptr_ring_consume_batched(struct ptr_ring *r, void **array, int n)
{
	int ret;

	spin_lock(&r->consumer_lock);
	ret = __ptr_ring_consume_batched(r, array, n);
	spin_unlock(&r->consumer_lock);
	return ret;
}

/* 0, or -ENOMEM when the @size slots cannot be allocated with @gfp */
static inline int ptr_ring_init(struct ptr_ring *r, int size, gfp_t gfp)
{
	r->queue = size > 0 ? kcalloc(size, sizeof(void *), gfp) : NULL;
	if (size > 0 && !r->queue)
		return -ENOMEM;
	r->size = size > 0 ? size : 0;
	r->batch = 1;
	r->producer = r->consumer_head = r->consumer_tail = 0;
	spin_lock_init(&r->producer_lock);
	spin_lock_init(&r->consumer_lock);
	return 0;
}

/* frees the queue, @destroy()ing each pointer still in it first (when @destroy is given) */
static inline void ptr_ring_cleanup(struct ptr_ring *r, void (*destroy)(void *))
{
	void *ptr;

	if (destroy)
		while ((ptr = ptr_ring_consume(r)))
			destroy(ptr);
	kfree(r->queue);
	r->queue = NULL;
	r->size = 0;
}

#endif
