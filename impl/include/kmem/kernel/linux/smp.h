/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The calling thread's CPU (include/linux/smp.h): the model CPU it runs as (see
 * kmem_thread_enter() in <kmem/kmem.h>). Nothing pins a thread to it between two calls except
 * kmem_thread_enter(); get_cpu()/put_cpu() disable no preemption here.
 */
#ifndef _KMEM_LINUX_SMP_H
#define _KMEM_LINUX_SMP_H

#include <linux/compiler.h>
#include <linux/cpumask.h>

/* the model CPU the calling thread runs as (the model must be booted) */
int smp_processor_id(void);
#define raw_smp_processor_id() smp_processor_id()
#define get_cpu()	       ({ smp_processor_id(); })
#define put_cpu() \
	do {      \
	} while (0)

#endif
