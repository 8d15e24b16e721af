/* SPDX-License-Identifier: GPL-2.0 */
/* Cache lines (include/linux/cache.h, arch/x86/include/asm/cache.h): 64 bytes on x86 */
#ifndef _KMEM_LINUX_CACHE_H
#define _KMEM_LINUX_CACHE_H

#include <linux/compiler.h>

#define L1_CACHE_SHIFT	      6
#define L1_CACHE_BYTES	      (1 << L1_CACHE_SHIFT)
#define L1_CACHE_ALIGN(x)     (((x) + (L1_CACHE_BYTES - 1)) & ~(typeof(x))(L1_CACHE_BYTES - 1))
#define SMP_CACHE_BYTES	      L1_CACHE_BYTES
#define INTERNODE_CACHE_SHIFT L1_CACHE_SHIFT
#define ARCH_DMA_MINALIGN     1

#define ____cacheline_aligned		      __attribute__((__aligned__(SMP_CACHE_BYTES)))
#define ____cacheline_aligned_in_smp	      ____cacheline_aligned
#define __cacheline_aligned		      ____cacheline_aligned
#define __cacheline_aligned_in_smp	      ____cacheline_aligned
#define ____cacheline_internodealigned_in_smp ____cacheline_aligned
/* data read often and written rarely: the kernel groups it in one section */
#define __read_mostly
/* data written at boot only (write-protected afterwards in the kernel) */
#define __ro_after_init

static inline int cache_line_size(void)
{
	return L1_CACHE_BYTES;
}

#endif
