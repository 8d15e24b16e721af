/* SPDX-License-Identifier: GPL-2.0 */
/* Parts of words (include/linux/wordpart.h) */
#ifndef _KMEM_LINUX_WORDPART_H
#define _KMEM_LINUX_WORDPART_H

#define upper_32_bits(n) ((u32)(((n) >> 16) >> 16))
#define lower_32_bits(n) ((u32)((n)&0xffffffff))
#define upper_16_bits(n) ((u16)((n) >> 16))
#define lower_16_bits(n) ((u16)((n)&0xffff))

/* @x with each byte @x's low byte (REPEAT_BYTE(0x5a) == 0x5a5a5a5a5a5a5a5a) */
#define REPEAT_BYTE(x)	   ((~0ul / 0xff) * (x))
#define REPEAT_BYTE_U32(x) lower_32_bits(REPEAT_BYTE(x))

#endif
