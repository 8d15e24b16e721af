/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Read-write semaphores (include/linux/rwsem.h), on a pthread mutex and two condition
 * variables (impl/kernel/mutex.c): many readers or one writer; a waiting writer holds back new
 * readers, as the kernel's rwsem mostly does, so that writers are not starved (and a reader
 * that takes the semaphore twice can deadlock behind one, as in the kernel).
 * downgrade_write() turns the writer into a reader without letting another writer in.
 */
#ifndef _KMEM_LINUX_RWSEM_H
#define _KMEM_LINUX_RWSEM_H

#include <pthread.h>

#include <linux/compiler.h>
#include <linux/mutex.h>
#include <linux/types.h>

struct rw_semaphore {
	pthread_mutex_t lock;	/* protects the fields below */
	pthread_cond_t readers; /* readers wait here for the writers to be gone */
	pthread_cond_t writers; /* writers wait here for the semaphore to be free */
	long count;		/* readers holding it, or -1 for a writer */
	unsigned int writers_waiting;
};

#define __RWSEM_INITIALIZER(name)                                                       \
	{                                                                               \
		.lock = PTHREAD_MUTEX_INITIALIZER, .readers = PTHREAD_COND_INITIALIZER, \
		.writers = PTHREAD_COND_INITIALIZER, .count = 0, .writers_waiting = 0   \
	}
#define DECLARE_RWSEM(name) struct rw_semaphore name = __RWSEM_INITIALIZER(name)

void init_rwsem(struct rw_semaphore *sem);
void down_read(struct rw_semaphore *sem);
int down_read_interruptible(struct rw_semaphore *sem);
int down_read_killable(struct rw_semaphore *sem);
/* 1 when taken */
int down_read_trylock(struct rw_semaphore *sem);
void up_read(struct rw_semaphore *sem);
void down_write(struct rw_semaphore *sem);
int down_write_killable(struct rw_semaphore *sem);
int down_write_trylock(struct rw_semaphore *sem);
void up_write(struct rw_semaphore *sem);
void downgrade_write(struct rw_semaphore *sem);
/* held by a reader or a writer */
bool rwsem_is_locked(struct rw_semaphore *sem);
bool rwsem_is_contended(struct rw_semaphore *sem);
#define down_read_nested(sem, subclass)	 down_read(sem)
#define down_write_nested(sem, subclass) down_write(sem)
#define down_read_non_owner(sem)	 down_read(sem)
#define up_read_non_owner(sem)		 up_read(sem)
#define rwsem_assert_held(sem) \
	do {                   \
		(void)(sem);   \
	} while (0)
#define rwsem_assert_held_write(sem) \
	do {                         \
		(void)(sem);         \
	} while (0)

#endif
