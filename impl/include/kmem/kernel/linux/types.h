/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/types.h> as kernel code sees it: the uapi header (__u32, __le16, ...) first, so system
 * headers that include this name still find what they expect, then the kernel-internal types.
 */
#ifndef _KMEM_LINUX_TYPES_H
#define _KMEM_LINUX_TYPES_H

#include_next <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s8 s8;
typedef __s16 s16;
typedef __s32 s32;
typedef __s64 s64;

#define BITS_PER_LONG 64
_Static_assert(sizeof(long) * 8 == BITS_PER_LONG, "LP64 only");

typedef unsigned int gfp_t;
typedef unsigned long phys_addr_t;
typedef unsigned long pgoff_t;

typedef struct {
	int counter;
} atomic_t;

typedef struct {
	long counter;
} atomic_long_t;

struct list_head {
	struct list_head *next, *prev;
};

/* The generic kernel environment's (ssize_t, pid_t and the other POSIX types are the C library's)
 */
typedef u64 resource_size_t;
typedef u64 dma_addr_t;
typedef unsigned char unchar;
typedef struct {
	s64 counter;
} atomic64_t;

#endif
