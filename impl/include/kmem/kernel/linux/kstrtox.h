/* SPDX-License-Identifier: GPL-2.0 */
/*
 * String to integer conversions (include/linux/kstrtox.h, lib/kstrtox.c): the whole string must
 * be the number (one trailing newline allowed); base 0 reads "0x" as hex and a leading "0" as
 * octal; a leading '+' is allowed, a '-' only for the signed forms. 0, or -EINVAL for a
 * malformed string, or -ERANGE for a number the type cannot hold; the result is written only
 * on success.
 */
#ifndef _KMEM_LINUX_KSTRTOX_H
#define _KMEM_LINUX_KSTRTOX_H

#include <linux/compiler.h>
#include <linux/types.h>

int __must_check kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int __must_check kstrtoll(const char *s, unsigned int base, long long *res);
int __must_check kstrtoul(const char *s, unsigned int base, unsigned long *res);
int __must_check kstrtol(const char *s, unsigned int base, long *res);
int __must_check kstrtouint(const char *s, unsigned int base, unsigned int *res);
int __must_check kstrtoint(const char *s, unsigned int base, int *res);
int __must_check kstrtou16(const char *s, unsigned int base, u16 *res);
int __must_check kstrtos16(const char *s, unsigned int base, s16 *res);
int __must_check kstrtou8(const char *s, unsigned int base, u8 *res);
int __must_check kstrtos8(const char *s, unsigned int base, s8 *res);
/*
 * true for one of "EeYyTt1" or "on", false for "DdNnFf0" or "off": only the first characters
 * are looked at, as the kernel does ("yes", "enable", "true" work; so does "yellow")
 */
int __must_check kstrtobool(const char *s, bool *res);

static inline int __must_check kstrtou64(const char *s, unsigned int base, u64 *res)
{
	return kstrtoull(s, base, (unsigned long long *)res);
}

static inline int __must_check kstrtos64(const char *s, unsigned int base, s64 *res)
{
	return kstrtoll(s, base, (long long *)res);
}

static inline int __must_check kstrtou32(const char *s, unsigned int base, u32 *res)
{
	return kstrtouint(s, base, res);
}

static inline int __must_check kstrtos32(const char *s, unsigned int base, s32 *res)
{
	return kstrtoint(s, base, res);
}

/* the obsolete forms: they stop at the first character that is no digit and do not fail */
unsigned long long simple_strtoull(const char *cp, char **endp, unsigned int base);
unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base);
long simple_strtol(const char *cp, char **endp, unsigned int base);
long long simple_strtoll(const char *cp, char **endp, unsigned int base);

#endif
