/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Error pointers (include/linux/err.h): a function that returns a pointer returns -errno in it
 * on failure. The top MAX_ERRNO addresses are never a valid object, so IS_ERR() tells them
 * apart.
 */
#ifndef _KMEM_LINUX_ERR_H
#define _KMEM_LINUX_ERR_H

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/types.h>

#define MAX_ERRNO 4095

#define IS_ERR_VALUE(x) unlikely((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)

/* @error (-MAX_ERRNO .. -1) as a pointer */
static inline void *__must_check ERR_PTR(long error)
{
	return (void *)error;
}

/* the -errno an error pointer holds */
static inline long __must_check PTR_ERR(__force const void *ptr)
{
	return (long)ptr;
}

static inline bool __must_check IS_ERR(__force const void *ptr)
{
	return IS_ERR_VALUE((unsigned long)ptr);
}

static inline bool __must_check IS_ERR_OR_NULL(__force const void *ptr)
{
	return unlikely(!ptr) || IS_ERR_VALUE((unsigned long)ptr);
}

/* an error pointer of one type as another */
static inline void *__must_check ERR_CAST(__force const void *ptr)
{
	return (void *)ptr;
}

/* the -errno of an error pointer, or 0 for any other pointer (NULL included) */
static inline int __must_check PTR_ERR_OR_ZERO(__force const void *ptr)
{
	if (IS_ERR(ptr))
		return PTR_ERR(ptr);
	return 0;
}

#define ERR_PTR_PCPU(error) ((void __percpu *)(unsigned long)ERR_PTR(error))
#define PTR_ERR_PCPU(ptr)   (PTR_ERR((const void *)(__force const unsigned long)(ptr)))
#define IS_ERR_PCPU(ptr)    (IS_ERR((const void *)(__force const unsigned long)(ptr)))

#endif
