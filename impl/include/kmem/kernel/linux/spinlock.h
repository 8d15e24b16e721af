/* SPDX-License-Identifier: GPL-2.0 */
/*
 * spinlock_t for kernel-style code. User-space threads can be preempted while holding a lock,
 * and a spinning waiter would then burn its whole time slice, so the lock is a pthread mutex
 * (which spins briefly, then sleeps). Interrupts do not exist here: the _irq/_irqsave forms
 * take the lock and keep the kernel's calling convention.
 */
#ifndef _KMEM_LINUX_SPINLOCK_H
#define _KMEM_LINUX_SPINLOCK_H

#include <pthread.h>

typedef struct {
	pthread_mutex_t mutex;
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(name)        \
	{                                 \
		PTHREAD_MUTEX_INITIALIZER \
	}
#define DEFINE_SPINLOCK(name) spinlock_t name = __SPIN_LOCK_UNLOCKED(name)

static inline void spin_lock_init(spinlock_t *lock)
{
	pthread_mutex_init(&lock->mutex, NULL);
}

static inline void spin_lock(spinlock_t *lock)
{
	pthread_mutex_lock(&lock->mutex);
}

static inline int spin_trylock(spinlock_t *lock)
{
	return pthread_mutex_trylock(&lock->mutex) == 0;
}

static inline void spin_unlock(spinlock_t *lock)
{
	pthread_mutex_unlock(&lock->mutex);
}

#define spin_lock_irqsave(lock, flags) \
	do {                           \
		(flags) = 0;           \
		spin_lock(lock);       \
	} while (0)
#define spin_unlock_irqrestore(lock, flags) \
	do {                                \
		(void)(flags);              \
		spin_unlock(lock);          \
	} while (0)
#define spin_lock_irq(lock)   spin_lock(lock)
#define spin_unlock_irq(lock) spin_unlock(lock)

#endif
