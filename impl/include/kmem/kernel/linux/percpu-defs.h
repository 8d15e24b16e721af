/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU pointers and the this_cpu operations, after include/linux/percpu-defs.h of 6.18, for
 * the memory alloc_percpu() gives (<linux/percpu.h>).
 *
 * A __percpu pointer is an address in the never-mapped first unit of its chunk (so that using
 * it without per_cpu_ptr() faults, where the kernel would read some other memory); CPU N's copy
 * lies per_cpu_offset(N) above it, the same offset for every chunk, as in the kernel, so
 * per_cpu_ptr() is one addition. The CPU of this_cpu_ptr() is the calling thread's model CPU
 * (kmem_thread_enter() in <kmem/kmem.h>).
 *
 * The this_cpu operations are atomic with respect to other threads running as the same model
 * CPU, as the kernel's are with respect to preemption and interrupts on one CPU: several host
 * threads may run as one model CPU at once, so they are relaxed atomic operations here
 * (__this_cpu_* and raw_cpu_* too, since the model cannot know that a caller's context keeps
 * others off its CPU). Like the kernel's, they take scalars of 1, 2, 4 or 8 bytes.
 *
 * get_cpu_ptr()/put_cpu_ptr() and get_cpu_var()/put_cpu_var() disable preemption, which here
 * means: no other thread runs as this model CPU inside such a section at the same time (each
 * model CPU has a lock that the outermost pcpu_preempt_disable() takes), so plain reads and
 * writes of the CPU's copy between them are as safe as in the kernel. Do not sleep in between.
 *
 * Static per-CPU variables (DEFINE_PER_CPU) would need the loader to give every CPU a copy of
 * a section of each module; they are not provided, and using them is a compile error that
 * says so.
 */
#ifndef _KMEM_LINUX_PERCPU_DEFS_H
#define _KMEM_LINUX_PERCPU_DEFS_H

#include <linux/compiler.h>
#include <linux/mm.h> /* smp_processor_id(), the kernel's <linux/smp.h> */

#ifndef __percpu
#define __percpu
#endif

/*
 * A unit: one CPU's share of a chunk. Beyond PCPU_MIN_UNIT_SIZE, the largest allocation, so
 * that a chunk holds several of those
 */
#define PCPU_UNIT_BYTES (64UL << 10)

/* From a __percpu pointer to CPU @cpu's copy: unit @cpu + 1 of the chunk */
#define per_cpu_offset(cpu) ((unsigned long)((cpu) + 1) * PCPU_UNIT_BYTES)

#define SHIFT_PERCPU_PTR(ptr, offset) ((__typeof__(ptr))((unsigned long)(ptr) + (offset)))
#define per_cpu_ptr(ptr, cpu)	      SHIFT_PERCPU_PTR(ptr, per_cpu_offset(cpu))
#define raw_cpu_ptr(ptr)	      per_cpu_ptr(ptr, smp_processor_id())
#define this_cpu_ptr(ptr)	      raw_cpu_ptr(ptr)
#define per_cpu(var, cpu)	      (*per_cpu_ptr(&(var), cpu))

/*
 * pcpu_preempt_disable()/pcpu_preempt_enable(): the preemption get_cpu_ptr() and get_cpu_var()
 * disable, nested per thread; the model CPU's lock is held from the outermost disable to the
 * matching enable (impl/mem/percpu.c)
 */
void pcpu_preempt_disable(void);
void pcpu_preempt_enable(void);

#define get_cpu_ptr(var)                \
	({                              \
		pcpu_preempt_disable(); \
		this_cpu_ptr(var);      \
	})
#define put_cpu_ptr(var)               \
	do {                           \
		(void)(var);           \
		pcpu_preempt_enable(); \
	} while (0)
#define get_cpu_var(var)                \
	(*({                            \
		pcpu_preempt_disable(); \
		this_cpu_ptr(&(var));   \
	}))
#define put_cpu_var(var)               \
	do {                           \
		(void)&(var);          \
		pcpu_preempt_enable(); \
	} while (0)

/* The kernel's __bad_size_call_parameter(): only scalars of 1, 2, 4 or 8 bytes */
#define __pcpu_check_size(pcp)                                                     \
	_Static_assert(sizeof(pcp) == 1 || sizeof(pcp) == 2 || sizeof(pcp) == 4 || \
			       sizeof(pcp) == 8,                                   \
		       "this_cpu operations take scalars of 1, 2, 4 or 8 bytes")

#define __pcpu_read(pcp)                                                 \
	({                                                               \
		__pcpu_check_size(pcp);                                  \
		__atomic_load_n(this_cpu_ptr(&(pcp)), __ATOMIC_RELAXED); \
	})
#define __pcpu_write(pcp, val)                                                                    \
	do {                                                                                      \
		__pcpu_check_size(pcp);                                                           \
		__atomic_store_n(this_cpu_ptr(&(pcp)), (__typeof__(pcp))(val), __ATOMIC_RELAXED); \
	} while (0)
#define __pcpu_op_return(op, pcp, val)                                                         \
	({                                                                                     \
		__pcpu_check_size(pcp);                                                        \
		__atomic_##op(this_cpu_ptr(&(pcp)), (__typeof__(pcp))(val), __ATOMIC_RELAXED); \
	})
#define __pcpu_cmpxchg(pcp, oval, nval)                                                       \
	({                                                                                    \
		__typeof__(pcp) __pcpu_old = (oval);                                          \
		__pcpu_check_size(pcp);                                                       \
		__atomic_compare_exchange_n(this_cpu_ptr(&(pcp)), &__pcpu_old,                \
					    (__typeof__(pcp))(nval), false, __ATOMIC_RELAXED, \
					    __ATOMIC_RELAXED);                                \
		__pcpu_old;                                                                   \
	})
#define __pcpu_try_cmpxchg(pcp, ovalp, nval)                                                  \
	({                                                                                    \
		__pcpu_check_size(pcp);                                                       \
		__atomic_compare_exchange_n(this_cpu_ptr(&(pcp)), (ovalp),                    \
					    (__typeof__(pcp))(nval), false, __ATOMIC_RELAXED, \
					    __ATOMIC_RELAXED);                                \
	})

#define this_cpu_read(pcp)		       __pcpu_read(pcp)
#define this_cpu_write(pcp, val)	       __pcpu_write(pcp, val)
#define this_cpu_add(pcp, val)		       ((void)__pcpu_op_return(fetch_add, pcp, val))
#define this_cpu_and(pcp, val)		       ((void)__pcpu_op_return(fetch_and, pcp, val))
#define this_cpu_or(pcp, val)		       ((void)__pcpu_op_return(fetch_or, pcp, val))
#define this_cpu_add_return(pcp, val)	       __pcpu_op_return(add_fetch, pcp, val)
#define this_cpu_xchg(pcp, nval)	       __pcpu_op_return(exchange_n, pcp, nval)
#define this_cpu_cmpxchg(pcp, oval, nval)      __pcpu_cmpxchg(pcp, oval, nval)
#define this_cpu_try_cmpxchg(pcp, ovalp, nval) __pcpu_try_cmpxchg(pcp, ovalp, nval)
#define this_cpu_sub(pcp, val)		       this_cpu_add(pcp, -(__typeof__(pcp))(val))
#define this_cpu_inc(pcp)		       this_cpu_add(pcp, 1)
#define this_cpu_dec(pcp)		       this_cpu_sub(pcp, 1)
#define this_cpu_sub_return(pcp, val)	       this_cpu_add_return(pcp, -(__typeof__(pcp))(val))
#define this_cpu_inc_return(pcp)	       this_cpu_add_return(pcp, 1)
#define this_cpu_dec_return(pcp)	       this_cpu_add_return(pcp, -1)

#define raw_cpu_read(pcp)		      this_cpu_read(pcp)
#define raw_cpu_write(pcp, val)		      this_cpu_write(pcp, val)
#define raw_cpu_add(pcp, val)		      this_cpu_add(pcp, val)
#define raw_cpu_and(pcp, val)		      this_cpu_and(pcp, val)
#define raw_cpu_or(pcp, val)		      this_cpu_or(pcp, val)
#define raw_cpu_add_return(pcp, val)	      this_cpu_add_return(pcp, val)
#define raw_cpu_xchg(pcp, nval)		      this_cpu_xchg(pcp, nval)
#define raw_cpu_cmpxchg(pcp, oval, nval)      this_cpu_cmpxchg(pcp, oval, nval)
#define raw_cpu_try_cmpxchg(pcp, ovalp, nval) this_cpu_try_cmpxchg(pcp, ovalp, nval)
#define raw_cpu_sub(pcp, val)		      this_cpu_sub(pcp, val)
#define raw_cpu_inc(pcp)		      this_cpu_inc(pcp)
#define raw_cpu_dec(pcp)		      this_cpu_dec(pcp)
#define raw_cpu_sub_return(pcp, val)	      this_cpu_sub_return(pcp, val)
#define raw_cpu_inc_return(pcp)		      this_cpu_inc_return(pcp)
#define raw_cpu_dec_return(pcp)		      this_cpu_dec_return(pcp)

#define __this_cpu_read(pcp)			 this_cpu_read(pcp)
#define __this_cpu_write(pcp, val)		 this_cpu_write(pcp, val)
#define __this_cpu_add(pcp, val)		 this_cpu_add(pcp, val)
#define __this_cpu_and(pcp, val)		 this_cpu_and(pcp, val)
#define __this_cpu_or(pcp, val)			 this_cpu_or(pcp, val)
#define __this_cpu_add_return(pcp, val)		 this_cpu_add_return(pcp, val)
#define __this_cpu_xchg(pcp, nval)		 this_cpu_xchg(pcp, nval)
#define __this_cpu_cmpxchg(pcp, oval, nval)	 this_cpu_cmpxchg(pcp, oval, nval)
#define __this_cpu_try_cmpxchg(pcp, ovalp, nval) this_cpu_try_cmpxchg(pcp, ovalp, nval)
#define __this_cpu_sub(pcp, val)		 this_cpu_sub(pcp, val)
#define __this_cpu_inc(pcp)			 this_cpu_inc(pcp)
#define __this_cpu_dec(pcp)			 this_cpu_dec(pcp)
#define __this_cpu_sub_return(pcp, val)		 this_cpu_sub_return(pcp, val)
#define __this_cpu_inc_return(pcp)		 this_cpu_inc_return(pcp)
#define __this_cpu_dec_return(pcp)		 this_cpu_dec_return(pcp)

/* Static per-CPU variables: not provided (see above) */
#define __KMEM_NO_STATIC_PERCPU                                                      \
	_Static_assert(0, "kmembench: static per-CPU variables (DEFINE_PER_CPU and " \
			  "friends) are not provided: allocate with alloc_percpu() instead")
#define DECLARE_PER_CPU(type, name)		   __KMEM_NO_STATIC_PERCPU
#define DEFINE_PER_CPU(type, name)		   __KMEM_NO_STATIC_PERCPU
#define DECLARE_PER_CPU_ALIGNED(type, name)	   __KMEM_NO_STATIC_PERCPU
#define DEFINE_PER_CPU_ALIGNED(type, name)	   __KMEM_NO_STATIC_PERCPU
#define DECLARE_PER_CPU_SHARED_ALIGNED(type, name) __KMEM_NO_STATIC_PERCPU
#define DEFINE_PER_CPU_SHARED_ALIGNED(type, name)  __KMEM_NO_STATIC_PERCPU
#define DECLARE_PER_CPU_READ_MOSTLY(type, name)	   __KMEM_NO_STATIC_PERCPU
#define DEFINE_PER_CPU_READ_MOSTLY(type, name)	   __KMEM_NO_STATIC_PERCPU
#define DEFINE_PER_CPU_PAGE_ALIGNED(type, name)	   __KMEM_NO_STATIC_PERCPU

#endif
