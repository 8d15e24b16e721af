/* SPDX-License-Identifier: GPL-2.0 */
/* Bit numbers and masks (include/linux/bits.h, vdso/bits.h) */
#ifndef _KMEM_LINUX_BITS_H
#define _KMEM_LINUX_BITS_H

#include <linux/const.h>
#include <linux/types.h>

#define BITS_PER_BYTE	    8
#define BITS_PER_LONG_LONG  64
#define BITS_PER_TYPE(type) (sizeof(type) * BITS_PER_BYTE)

#define BIT(nr)		 (UL(1) << (nr))
#define BIT_ULL(nr)	 (ULL(1) << (nr))
#define BIT_MASK(nr)	 (UL(1) << ((nr) % BITS_PER_LONG))
#define BIT_WORD(nr)	 ((nr) / BITS_PER_LONG)
#define BIT_ULL_MASK(nr) (ULL(1) << ((nr) % BITS_PER_LONG_LONG))
#define BIT_ULL_WORD(nr) ((nr) / BITS_PER_LONG_LONG)

/* bits @l to @h (inclusive) set: GENMASK(7, 4) == 0xf0 */
#define GENMASK(h, l) (((~UL(0)) - (UL(1) << (l)) + 1) & (~UL(0) >> (BITS_PER_LONG - 1 - (h))))
#define GENMASK_ULL(h, l) \
	(((~ULL(0)) - (ULL(1) << (l)) + 1) & (~ULL(0) >> (BITS_PER_LONG_LONG - 1 - (h))))
#define GENMASK_U8(h, l)  ((u8)GENMASK(h, l))
#define GENMASK_U16(h, l) ((u16)GENMASK(h, l))
#define GENMASK_U32(h, l) ((u32)GENMASK(h, l))
#define GENMASK_U64(h, l) ((u64)GENMASK_ULL(h, l))

#endif
