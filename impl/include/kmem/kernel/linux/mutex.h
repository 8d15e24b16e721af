/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Mutexes (include/linux/mutex.h) on a pthread mutex, with the owner kept for
 * mutex_is_locked() and the kernel's debug check: unlocking a mutex the caller does not hold
 * is a WARN (CONFIG_DEBUG_MUTEXES), and unlocks it, as the kernel does. Nothing interrupts a
 * sleep here, so mutex_lock_interruptible() and mutex_lock_killable() return 0.
 */
#ifndef _KMEM_LINUX_MUTEX_H
#define _KMEM_LINUX_MUTEX_H

#include <pthread.h>

#include <linux/compiler.h>
#include <linux/types.h>

struct task_struct;

struct mutex {
	pthread_mutex_t lock;
	struct task_struct *owner; /* the holder, NULL when free (atomic accesses) */
};

#define __MUTEX_INITIALIZER(lockname)                            \
	{                                                        \
		.lock = PTHREAD_MUTEX_INITIALIZER, .owner = NULL \
	}
#define DEFINE_MUTEX(mutexname) struct mutex mutexname = __MUTEX_INITIALIZER(mutexname)

void mutex_init(struct mutex *lock);
static inline void mutex_destroy(struct mutex *lock)
{
	(void)lock;
}

void mutex_lock(struct mutex *lock);
int mutex_lock_interruptible(struct mutex *lock);
int mutex_lock_killable(struct mutex *lock);
#define mutex_lock_io(lock)				mutex_lock(lock)
#define mutex_lock_nested(lock, subclass)		mutex_lock(lock)
#define mutex_lock_interruptible_nested(lock, subclass) mutex_lock_interruptible(lock)
#define mutex_lock_killable_nested(lock, subclass)	mutex_lock_killable(lock)
#define mutex_lock_nest_lock(lock, nest_lock)		mutex_lock(lock)
/* 1 when the mutex was taken, 0 when someone holds it */
int mutex_trylock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);
bool mutex_is_locked(struct mutex *lock);

/* lockdep's assertions: not modelled */
#define lockdep_assert_held(l) \
	do {                   \
		(void)(l);     \
	} while (0)
#define lockdep_assert_held_once(l) \
	do {                        \
		(void)(l);          \
	} while (0)
#define lockdep_assert_not_held(l) \
	do {                       \
		(void)(l);         \
	} while (0)
#define lockdep_assert_held_write(l) \
	do {                         \
		(void)(l);           \
	} while (0)
#define lockdep_assert_held_read(l) \
	do {                        \
		(void)(l);          \
	} while (0)
#define lockdep_assert_none_held_once() \
	do {                            \
	} while (0)
#define lockdep_set_class(lock, key) \
	do {                         \
		(void)(lock);        \
	} while (0)
#define lockdep_set_subclass(lock, sub) \
	do {                            \
		(void)(lock);           \
	} while (0)

#endif
