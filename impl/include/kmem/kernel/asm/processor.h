/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KMEM_ASM_PROCESSOR_H
#define _KMEM_ASM_PROCESSOR_H

/* the body of a busy-wait loop: PAUSE on x86, easing the sibling hyperthread */
static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#else
	__asm__ __volatile__("" : : : "memory");
#endif
}

#endif
