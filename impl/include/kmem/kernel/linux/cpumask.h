/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPU masks (include/linux/cpumask.h) over the model's CPUs: CPUs 0 .. nr_cpu_ids - 1, all
 * possible, present, online and active, as many as kmem_get_info() reports (the host's, or the
 * host profile's). The global masks describe the booted model (one CPU, CPU 0, before any
 * boot).
 */
#ifndef _KMEM_LINUX_CPUMASK_H
#define _KMEM_LINUX_CPUMASK_H

#include <kmem/kernel/kconfig.h>
#include <linux/bitmap.h>
#include <linux/bitops.h>
#include <linux/types.h>

#define NR_CPUS CONFIG_NR_CPUS

struct cpumask {
	DECLARE_BITMAP(bits, NR_CPUS);
};
typedef struct cpumask cpumask_t;
typedef struct cpumask cpumask_var_t[1];

#define cpumask_bits(maskp) ((maskp)->bits)

/* the number of the model's CPUs, and its masks (impl/kernel/smp.c) */
unsigned int kmem_nr_cpu_ids(void);
const struct cpumask *kmem_cpu_mask(void);
#define nr_cpu_ids	  kmem_nr_cpu_ids()
#define nr_cpumask_bits	  nr_cpu_ids
#define cpu_possible_mask kmem_cpu_mask()
#define cpu_present_mask  kmem_cpu_mask()
#define cpu_online_mask	  kmem_cpu_mask()
#define cpu_active_mask	  kmem_cpu_mask()

#define num_possible_cpus() nr_cpu_ids
#define num_present_cpus()  nr_cpu_ids
#define num_online_cpus()   nr_cpu_ids
#define num_active_cpus()   nr_cpu_ids

static inline bool cpu_possible(unsigned int cpu)
{
	return cpu < nr_cpu_ids;
}
#define cpu_present(cpu) cpu_possible(cpu)
#define cpu_online(cpu)	 cpu_possible(cpu)
#define cpu_active(cpu)	 cpu_possible(cpu)
#define cpu_dying(cpu)	 false

#define cpumask_test_cpu(cpu, mask)    test_bit((cpu), cpumask_bits(mask))
#define cpumask_set_cpu(cpu, mask)     set_bit((cpu), cpumask_bits(mask))
#define cpumask_clear_cpu(cpu, mask)   clear_bit((cpu), cpumask_bits(mask))
#define __cpumask_set_cpu(cpu, mask)   __set_bit((cpu), cpumask_bits(mask))
#define __cpumask_clear_cpu(cpu, mask) __clear_bit((cpu), cpumask_bits(mask))

static inline unsigned int cpumask_first(const struct cpumask *srcp)
{
	return find_first_bit(cpumask_bits(srcp), nr_cpu_ids);
}

/* the next CPU after @n (-1: the first) */
static inline unsigned int cpumask_next(int n, const struct cpumask *srcp)
{
	return find_next_bit(cpumask_bits(srcp), nr_cpu_ids, n + 1);
}

static inline unsigned int cpumask_weight(const struct cpumask *srcp)
{
	return bitmap_weight(cpumask_bits(srcp), nr_cpu_ids);
}

static inline bool cpumask_empty(const struct cpumask *srcp)
{
	return bitmap_empty(cpumask_bits(srcp), nr_cpu_ids);
}

static inline void cpumask_clear(struct cpumask *dstp)
{
	bitmap_zero(cpumask_bits(dstp), NR_CPUS);
}

static inline void cpumask_setall(struct cpumask *dstp)
{
	bitmap_zero(cpumask_bits(dstp), NR_CPUS);
	bitmap_set(cpumask_bits(dstp), 0, nr_cpu_ids);
}

static inline void cpumask_copy(struct cpumask *dstp, const struct cpumask *srcp)
{
	bitmap_copy(cpumask_bits(dstp), cpumask_bits(srcp), NR_CPUS);
}

/* the mask of @cpu alone (a per-thread copy: valid until the next call in this thread) */
const struct cpumask *cpumask_of(unsigned int cpu);

#define for_each_cpu(cpu, mask) \
	for ((cpu) = -1; (cpu) = cpumask_next((cpu), (mask)), (cpu) < (typeof(cpu))nr_cpu_ids;)
#define for_each_possible_cpu(cpu) for_each_cpu((cpu), cpu_possible_mask)
#define for_each_online_cpu(cpu)   for_each_cpu((cpu), cpu_online_mask)
#define for_each_present_cpu(cpu)  for_each_cpu((cpu), cpu_present_mask)

/* masks that may be allocated (CONFIG_CPUMASK_OFFSTACK off: on the stack, never failing) */
static inline bool alloc_cpumask_var(cpumask_var_t *mask, unsigned int flags)
{
	(void)mask, (void)flags;
	return true;
}

static inline bool zalloc_cpumask_var(cpumask_var_t *mask, unsigned int flags)
{
	(void)flags;
	cpumask_clear(*mask);
	return true;
}

static inline void free_cpumask_var(cpumask_var_t mask)
{
	(void)mask;
}

#endif
