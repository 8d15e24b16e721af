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

/*
 * The rest of the kernel's spinlock API, for kernel code of the generic environment: bottom
 * halves and lockdep's nesting do not exist here either, and raw spinlocks are spinlocks
 */
#define spin_lock_bh(lock)				spin_lock(lock)
#define spin_unlock_bh(lock)				spin_unlock(lock)
#define spin_lock_nested(lock, subclass)		spin_lock(lock)
#define spin_lock_irqsave_nested(lock, flags, subclass) spin_lock_irqsave(lock, flags)
#define spin_trylock_irqsave(lock, flags) \
	({                                \
		(flags) = 0;              \
		spin_trylock(lock);       \
	})
#define spin_trylock_bh(lock) spin_trylock(lock)
#define assert_spin_locked(lock) \
	do {                     \
		(void)(lock);    \
	} while (0)

/* whether someone holds @lock (a racy answer, as the kernel's) */
static inline int spin_is_locked(spinlock_t *lock)
{
	if (pthread_mutex_trylock(&lock->mutex))
		return 1;
	pthread_mutex_unlock(&lock->mutex);
	return 0;
}

typedef spinlock_t raw_spinlock_t;
#define __RAW_SPIN_LOCK_UNLOCKED(name)		__SPIN_LOCK_UNLOCKED(name)
#define DEFINE_RAW_SPINLOCK(name)		raw_spinlock_t name = __RAW_SPIN_LOCK_UNLOCKED(name)
#define raw_spin_lock_init(lock)		spin_lock_init(lock)
#define raw_spin_lock(lock)			spin_lock(lock)
#define raw_spin_trylock(lock)			spin_trylock(lock)
#define raw_spin_unlock(lock)			spin_unlock(lock)
#define raw_spin_lock_irq(lock)			spin_lock(lock)
#define raw_spin_unlock_irq(lock)		spin_unlock(lock)
#define raw_spin_lock_irqsave(lock, flags)	spin_lock_irqsave(lock, flags)
#define raw_spin_unlock_irqrestore(lock, flags) spin_unlock_irqrestore(lock, flags)

/* reader-writer spinlocks: many readers or one writer, readers first (as the kernel's) */
typedef struct {
	pthread_rwlock_t rwlock;
} rwlock_t;

#define __RW_LOCK_UNLOCKED(name)           \
	{                                  \
		PTHREAD_RWLOCK_INITIALIZER \
	}
#define DEFINE_RWLOCK(name) rwlock_t name = __RW_LOCK_UNLOCKED(name)

static inline void rwlock_init(rwlock_t *lock)
{
	pthread_rwlock_init(&lock->rwlock, NULL);
}

static inline void read_lock(rwlock_t *lock)
{
	pthread_rwlock_rdlock(&lock->rwlock);
}

static inline void read_unlock(rwlock_t *lock)
{
	pthread_rwlock_unlock(&lock->rwlock);
}

static inline void write_lock(rwlock_t *lock)
{
	pthread_rwlock_wrlock(&lock->rwlock);
}

static inline void write_unlock(rwlock_t *lock)
{
	pthread_rwlock_unlock(&lock->rwlock);
}

static inline int read_trylock(rwlock_t *lock)
{
	return pthread_rwlock_tryrdlock(&lock->rwlock) == 0;
}

static inline int write_trylock(rwlock_t *lock)
{
	return pthread_rwlock_trywrlock(&lock->rwlock) == 0;
}

#define read_lock_bh(lock)     read_lock(lock)
#define read_unlock_bh(lock)   read_unlock(lock)
#define read_lock_irq(lock)    read_lock(lock)
#define read_unlock_irq(lock)  read_unlock(lock)
#define write_lock_bh(lock)    write_lock(lock)
#define write_unlock_bh(lock)  write_unlock(lock)
#define write_lock_irq(lock)   write_lock(lock)
#define write_unlock_irq(lock) write_unlock(lock)
#define read_lock_irqsave(lock, flags) \
	do {                           \
		(flags) = 0;           \
		read_lock(lock);       \
	} while (0)
#define read_unlock_irqrestore(lock, flags) \
	do {                                \
		(void)(flags);              \
		read_unlock(lock);          \
	} while (0)
#define write_lock_irqsave(lock, flags) \
	do {                            \
		(flags) = 0;            \
		write_lock(lock);       \
	} while (0)
#define write_unlock_irqrestore(lock, flags) \
	do {                                 \
		(void)(flags);               \
		write_unlock(lock);          \
	} while (0)

#endif
