/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Formatting into buffers (include/linux/sprintf.h, lib/vsprintf.c). sprintf(), snprintf() and
 * vsnprintf() are the C library's (<stdio.h>): its conversions are the kernel's, but not the
 * kernel's pointer extensions (%pe, %pS, ...), which printk(), scnprintf() and kasprintf() have.
 */
#ifndef _KMEM_LINUX_SPRINTF_H
#define _KMEM_LINUX_SPRINTF_H

#include <stdarg.h>
#include <stdio.h>

#include <linux/compiler.h>
#include <linux/gfp_types.h>
#include <linux/types.h>

/* as snprintf(), but returns what was written (without the NUL), not what was wanted */
__printf(3, 4) int scnprintf(char *buf, size_t size, const char *fmt, ...);
__printf(3, 0) int vscnprintf(char *buf, size_t size, const char *fmt, va_list args);
/* a kmalloc(@gfp)'d string, or NULL */
__printf(2, 3) __malloc char *kasprintf(gfp_t gfp, const char *fmt, ...);
__printf(2, 0) __malloc char *kvasprintf(gfp_t gfp, const char *fmt, va_list args);
__printf(2, 0) const char *kvasprintf_const(gfp_t gfp, const char *fmt, va_list args);

/* the characters of @num in decimal at @buf (no NUL), at most @size; 0 when they do not fit */
int num_to_str(char *buf, int size, unsigned long long num, unsigned int width);

#endif
