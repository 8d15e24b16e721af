// SPDX-License-Identifier: GPL-2.0
/*
 * Mutexes and read-write semaphores (kernel/locking/mutex.c, rwsem.c) on pthreads. The mutex
 * keeps its owner, as the kernel's does, for mutex_is_locked() and for the debug check of an
 * unlock by another task, which WARNs (as CONFIG_DEBUG_MUTEXES does) and unlocks, as the
 * kernel does.
 */
#include <pthread.h>

#include <linux/bug.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/sched.h>

void mutex_init(struct mutex *lock)
{
	pthread_mutex_init(&lock->lock, NULL);
	__atomic_store_n(&lock->owner, NULL, __ATOMIC_RELAXED);
}

void mutex_lock(struct mutex *lock)
{
	pthread_mutex_lock(&lock->lock);
	__atomic_store_n(&lock->owner, current, __ATOMIC_RELAXED);
}

int mutex_lock_interruptible(struct mutex *lock)
{
	mutex_lock(lock);
	return 0;
}

int mutex_lock_killable(struct mutex *lock)
{
	mutex_lock(lock);
	return 0;
}

int mutex_trylock(struct mutex *lock)
{
	if (pthread_mutex_trylock(&lock->lock))
		return 0;
	__atomic_store_n(&lock->owner, current, __ATOMIC_RELAXED);
	return 1;
}

void mutex_unlock(struct mutex *lock)
{
	WARN(__atomic_load_n(&lock->owner, __ATOMIC_RELAXED) != current,
	     "DEBUG_LOCKS_WARN_ON(__owner_task(owner) != current)\n");
	__atomic_store_n(&lock->owner, NULL, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&lock->lock);
}

bool mutex_is_locked(struct mutex *lock)
{
	return __atomic_load_n(&lock->owner, __ATOMIC_RELAXED) != NULL;
}

void init_rwsem(struct rw_semaphore *sem)
{
	pthread_mutex_init(&sem->lock, NULL);
	pthread_cond_init(&sem->readers, NULL);
	pthread_cond_init(&sem->writers, NULL);
	sem->count = 0;
	sem->writers_waiting = 0;
}

/* a reader may enter: no writer holds it or waits for it */
static bool read_may_enter(const struct rw_semaphore *sem)
{
	return sem->count >= 0 && !sem->writers_waiting;
}

void down_read(struct rw_semaphore *sem)
{
	pthread_mutex_lock(&sem->lock);
	while (!read_may_enter(sem))
		pthread_cond_wait(&sem->readers, &sem->lock);
	sem->count++;
	pthread_mutex_unlock(&sem->lock);
}

int down_read_interruptible(struct rw_semaphore *sem)
{
	down_read(sem);
	return 0;
}

int down_read_killable(struct rw_semaphore *sem)
{
	down_read(sem);
	return 0;
}

int down_read_trylock(struct rw_semaphore *sem)
{
	int ret = 0;

	pthread_mutex_lock(&sem->lock);
	if (read_may_enter(sem)) {
		sem->count++;
		ret = 1;
	}
	pthread_mutex_unlock(&sem->lock);
	return ret;
}

void up_read(struct rw_semaphore *sem)
{
	pthread_mutex_lock(&sem->lock);
	if (WARN_ON(sem->count <= 0)) {
		pthread_mutex_unlock(&sem->lock);
		return;
	}
	if (--sem->count == 0 && sem->writers_waiting)
		pthread_cond_signal(&sem->writers);
	pthread_mutex_unlock(&sem->lock);
}

void down_write(struct rw_semaphore *sem)
{
	pthread_mutex_lock(&sem->lock);
	sem->writers_waiting++;
	while (sem->count != 0)
		pthread_cond_wait(&sem->writers, &sem->lock);
	sem->writers_waiting--;
	sem->count = -1;
	pthread_mutex_unlock(&sem->lock);
}

int down_write_killable(struct rw_semaphore *sem)
{
	down_write(sem);
	return 0;
}

int down_write_trylock(struct rw_semaphore *sem)
{
	int ret = 0;

	pthread_mutex_lock(&sem->lock);
	if (sem->count == 0) {
		sem->count = -1;
		ret = 1;
	}
	pthread_mutex_unlock(&sem->lock);
	return ret;
}

/* the semaphore's next holders: a waiting writer first, else every waiting reader */
static void wake_next(struct rw_semaphore *sem)
{
	if (sem->writers_waiting)
		pthread_cond_signal(&sem->writers);
	else
		pthread_cond_broadcast(&sem->readers);
}

void up_write(struct rw_semaphore *sem)
{
	pthread_mutex_lock(&sem->lock);
	if (WARN_ON(sem->count != -1)) {
		pthread_mutex_unlock(&sem->lock);
		return;
	}
	sem->count = 0;
	wake_next(sem);
	pthread_mutex_unlock(&sem->lock);
}

void downgrade_write(struct rw_semaphore *sem)
{
	pthread_mutex_lock(&sem->lock);
	if (!WARN_ON(sem->count != -1)) {
		sem->count = 1;
		/* readers waiting behind a waiting writer stay behind it */
		if (!sem->writers_waiting)
			pthread_cond_broadcast(&sem->readers);
	}
	pthread_mutex_unlock(&sem->lock);
}

bool rwsem_is_locked(struct rw_semaphore *sem)
{
	bool locked;

	pthread_mutex_lock(&sem->lock);
	locked = sem->count != 0;
	pthread_mutex_unlock(&sem->lock);
	return locked;
}

bool rwsem_is_contended(struct rw_semaphore *sem)
{
	bool contended;

	pthread_mutex_lock(&sem->lock);
	contended = sem->writers_waiting != 0;
	pthread_mutex_unlock(&sem->lock);
	return contended;
}
