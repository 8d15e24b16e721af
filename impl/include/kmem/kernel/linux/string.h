/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's string functions (include/linux/string.h; lib/string.c, lib/string_helpers.c,
 * mm/util.c). The C library's memset, memcpy, strlen, strcmp... are the kernel's too and come
 * from <string.h>; the kernel's own are in impl/kernel/string.c. kstrdup() and friends
 * allocate with kmalloc(), so what they return is the model's memory and kfree()d.
 */
#ifndef _KMEM_LINUX_STRING_H
#define _KMEM_LINUX_STRING_H

#include <string.h>

#include <linux/compiler.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/gfp_types.h>
#include <linux/types.h>

/* the first byte of @start[0..@bytes) that is not @c, or NULL when all are */
void *memchr_inv(const void *start, int c, size_t bytes);

/*
 * sized_strscpy - copy @src into @dest (@count bytes), always NUL-terminated
 * Return: the length copied, or -E2BIG when @src was cut (or @count is 0)
 */
ssize_t sized_strscpy(char *dest, const char *src, size_t count);
/* as strscpy(), and the rest of @dest filled with NULs */
ssize_t sized_strscpy_pad(char *dest, const char *src, size_t count);

/*
 * strscpy(dest, src[, count]): @count defaults to sizeof(@dest), which must then be an array
 * (6.8+: the two-argument form)
 */
#define __kmem_strscpy0(dst, src, ...)	sized_strscpy(dst, src, sizeof(dst) + __must_be_array(dst))
#define __kmem_strscpy1(dst, src, size) sized_strscpy(dst, src, size)
#define __kmem_strscpy_pad0(dst, src, ...) \
	sized_strscpy_pad(dst, src, sizeof(dst) + __must_be_array(dst))
#define __kmem_strscpy_pad1(dst, src, size) sized_strscpy_pad(dst, src, size)
#define __kmem_count_args(...)		    __kmem_count_args_(, ##__VA_ARGS__, 1, 0)
#define __kmem_count_args_(z, a, b, ...)    b
#define __kmem_concat(a, b)		    __kmem_concat_(a, b)
#define __kmem_concat_(a, b)		    a##b
#define strscpy(dst, src, ...) \
	__kmem_concat(__kmem_strscpy, __kmem_count_args(__VA_ARGS__))(dst, src, __VA_ARGS__)
#define strscpy_pad(dst, src, ...) \
	__kmem_concat(__kmem_strscpy_pad, __kmem_count_args(__VA_ARGS__))(dst, src, __VA_ARGS__)

/* appends @src to the string in @dest (@count bytes), NUL-terminated; the length it wants */
size_t strlcat(char *dest, const char *src, size_t count);

/* leading white space skipped */
char *skip_spaces(const char *str);
/* leading and trailing white space removed (the trailing in place) */
char *strim(char *s);
static inline __must_check char *strstrip(char *str)
{
	return strim(str);
}

/* @str starts with @prefix */
static inline bool strstarts(const char *str, const char *prefix)
{
	return strncmp(str, prefix, strlen(prefix)) == 0;
}

/* strlen(@prefix) when @str starts with it, else 0 */
static inline size_t str_has_prefix(const char *str, const char *prefix)
{
	size_t len = strlen(prefix);

	return strncmp(str, prefix, len) == 0 ? len : 0;
}

/* @a equals @b, either ending in one newline (sysfs input) */
bool sysfs_streq(const char *s1, const char *s2);
/* the index of @string in @array (of @n, or up to a NULL when @n is -1), or -EINVAL */
int match_string(const char *const *array, size_t n, const char *string);
#define sysfs_match_string(_a, _s) __sysfs_match_string(_a, ARRAY_SIZE(_a), _s)
int __sysfs_match_string(const char *const *array, size_t n, const char *str);
/* every @old in @str replaced by @new; returns the end of @str */
char *strreplace(char *str, char old, char new);

/* memset() the compiler may not remove as a dead store (secrets) */
static inline void memzero_explicit(void *s, size_t count)
{
	memset(s, 0, count);
	__asm__ __volatile__("" : : "r"(s) : "memory");
}

void *memset16(u16 *s, u16 v, size_t count);
void *memset32(u32 *s, u32 v, size_t count);
void *memset64(u64 *s, u64 v, size_t count);

/* "true"/"false" and the like, for messages */
static inline const char *str_true_false(bool v)
{
	return v ? "true" : "false";
}

static inline const char *str_yes_no(bool v)
{
	return v ? "yes" : "no";
}

static inline const char *str_on_off(bool v)
{
	return v ? "on" : "off";
}

static inline const char *str_enabled_disabled(bool v)
{
	return v ? "enabled" : "disabled";
}

/* copies allocated with kmalloc(@gfp) (mm/util.c); NULL when @s is NULL or memory is short */
char *kstrdup(const char *s, gfp_t gfp) __malloc;
const char *kstrdup_const(const char *s, gfp_t gfp);
char *kstrndup(const char *s, size_t len, gfp_t gfp) __malloc;
void *kmemdup(const void *src, size_t len, gfp_t gfp) __malloc;
char *kmemdup_nul(const char *s, size_t len, gfp_t gfp) __malloc;
/*
 * frees what kstrdup_const() returned: the kernel keeps strings of its .rodata and frees the
 * rest; here every kstrdup_const() copies, so this is kfree()
 */
void kfree_const(const void *x);
/* a copy of the user's @src: here a kernel copy, as there is no user space */
void *memdup_user(const void *src, size_t len);

#endif
