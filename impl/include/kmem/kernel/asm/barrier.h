/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory barriers (asm-generic/barrier.h, arch/x86/include/asm/barrier.h) on the C11 fences:
 * the model runs on SMP hosts, so the smp_ forms are real fences, as on an SMP kernel.
 */
#ifndef _KMEM_ASM_BARRIER_H
#define _KMEM_ASM_BARRIER_H

#include <linux/compiler.h>

#define mb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define wmb() __atomic_thread_fence(__ATOMIC_RELEASE)

#define smp_mb()  mb()
#define smp_rmb() rmb()
#define smp_wmb() wmb()

#define smp_mb__before_atomic() smp_mb()
#define smp_mb__after_atomic()	smp_mb()

#define smp_store_mb(var, value)                                     \
	do {                                                         \
		__atomic_store_n(&(var), (value), __ATOMIC_SEQ_CST); \
	} while (0)
#define smp_store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define smp_load_acquire(p)	__atomic_load_n((p), __ATOMIC_ACQUIRE)

#endif
