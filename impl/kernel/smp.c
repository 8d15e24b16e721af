// SPDX-License-Identifier: GPL-2.0
/*
 * The model's CPUs as cpumask.h sees them: CPUs 0 .. nr_cpus - 1 of the booted model (its
 * kmem_rt.nr_cpus), the mask rebuilt the first time it is asked for after each boot.
 */
#include <pthread.h>

#include <linux/cpumask.h>
#include <linux/smp.h>

#include "internal.h"
#include "kenv.h"

static struct cpumask cpu_mask = { .bits = { 1 } };
static unsigned long cpu_mask_seq; /* kmem_boot_seq the mask was made for */
static pthread_mutex_t cpu_mask_lock = PTHREAD_MUTEX_INITIALIZER;

unsigned int kmem_nr_cpu_ids(void)
{
	return kmem_booted() && kmem_rt.nr_cpus > 0 ? (unsigned int)kmem_rt.nr_cpus : 1;
}

const struct cpumask *kmem_cpu_mask(void)
{
	unsigned long seq = __atomic_load_n(&kmem_boot_seq, __ATOMIC_ACQUIRE);

	if (__atomic_load_n(&cpu_mask_seq, __ATOMIC_ACQUIRE) != seq) {
		pthread_mutex_lock(&cpu_mask_lock);
		if (cpu_mask_seq != seq) {
			bitmap_zero(cpu_mask.bits, NR_CPUS);
			bitmap_set(cpu_mask.bits, 0, kmem_nr_cpu_ids());
			__atomic_store_n(&cpu_mask_seq, seq, __ATOMIC_RELEASE);
		}
		pthread_mutex_unlock(&cpu_mask_lock);
	}
	return &cpu_mask;
}

const struct cpumask *cpumask_of(unsigned int cpu)
{
	static __thread struct cpumask one;

	bitmap_zero(one.bits, NR_CPUS);
	if (cpu < NR_CPUS)
		__set_bit(cpu, one.bits);
	return &one;
}

int kenv_cpu(void)
{
	return kmem_booted() ? smp_processor_id() : 0;
}
