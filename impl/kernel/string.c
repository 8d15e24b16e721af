// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's own string functions (lib/string.c, lib/string_helpers.c) and the copies that
 * allocate (mm/util.c: kstrdup and friends, with kmalloc(), so they are the model's memory).
 */
#include <ctype.h>
#include <string.h>

#include <linux/slab.h>
#include <linux/string.h>

void *memchr_inv(const void *start, int c, size_t bytes)
{
	const unsigned char *p = start;
	unsigned char value = (unsigned char)c;

	for (size_t i = 0; i < bytes; i++)
		if (p[i] != value)
			return (void *)(p + i);
	return NULL;
}

ssize_t sized_strscpy(char *dest, const char *src, size_t count)
{
	size_t len;

	if (count == 0)
		return -E2BIG;
	len = strnlen(src, count);
	if (len == count) {
		memcpy(dest, src, count - 1);
		dest[count - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dest, src, len + 1);
	return len;
}

ssize_t sized_strscpy_pad(char *dest, const char *src, size_t count)
{
	ssize_t written = sized_strscpy(dest, src, count);

	if (written < 0 || (size_t)written + 1 == count)
		return written;
	memset(dest + written + 1, 0, count - written - 1);
	return written;
}

size_t strlcat(char *dest, const char *src, size_t count)
{
	size_t dsize = strnlen(dest, count), len = strlen(src), res = dsize + len;

	if (dsize >= count)
		return res;
	dest += dsize;
	count -= dsize;
	if (len >= count)
		len = count - 1;
	memcpy(dest, src, len);
	dest[len] = '\0';
	return res;
}

char *skip_spaces(const char *str)
{
	while (isspace((unsigned char)*str))
		++str;
	return (char *)str;
}

char *strim(char *s)
{
	size_t size = strlen(s);
	char *end;

	if (!size)
		return s;
	end = s + size - 1;
	while (end >= s && isspace((unsigned char)*end))
		end--;
	*(end + 1) = '\0';
	return skip_spaces(s);
}

bool sysfs_streq(const char *s1, const char *s2)
{
	while (*s1 && *s1 == *s2) {
		s1++;
		s2++;
	}
	if (*s1 == *s2)
		return true;
	if (!*s1 && *s2 == '\n' && !s2[1])
		return true;
	if (*s1 == '\n' && !s1[1] && !*s2)
		return true;
	return false;
}

int match_string(const char *const *array, size_t n, const char *string)
{
	for (size_t index = 0; index < n; index++) {
		const char *item = array[index];

		if (!item)
			break;
		if (!strcmp(item, string))
			return index;
	}
	return -EINVAL;
}

int __sysfs_match_string(const char *const *array, size_t n, const char *str)
{
	for (size_t index = 0; index < n; index++) {
		const char *item = array[index];

		if (!item)
			break;
		if (sysfs_streq(item, str))
			return index;
	}
	return -EINVAL;
}

char *strreplace(char *str, char old, char new)
{
	for (; *str; ++str)
		if (*str == old)
			*str = new;
	return str;
}

void *memset16(u16 *s, u16 v, size_t count)
{
	for (size_t i = 0; i < count; i++)
		s[i] = v;
	return s;
}

void *memset32(u32 *s, u32 v, size_t count)
{
	for (size_t i = 0; i < count; i++)
		s[i] = v;
	return s;
}

void *memset64(u64 *s, u64 v, size_t count)
{
	for (size_t i = 0; i < count; i++)
		s[i] = v;
	return s;
}

char *kstrdup(const char *s, gfp_t gfp)
{
	return s ? kmemdup_nul(s, strlen(s), gfp) : NULL;
}

const char *kstrdup_const(const char *s, gfp_t gfp)
{
	return kstrdup(s, gfp);
}

void kfree_const(const void *x)
{
	kfree(x);
}

char *kstrndup(const char *s, size_t max, gfp_t gfp)
{
	return s ? kmemdup_nul(s, strnlen(s, max), gfp) : NULL;
}

void *kmemdup(const void *src, size_t len, gfp_t gfp)
{
	void *p = kmalloc(len, gfp);

	if (p)
		memcpy(p, src, len);
	return p;
}

char *kmemdup_nul(const char *s, size_t len, gfp_t gfp)
{
	char *buf;

	if (!s)
		return NULL;
	buf = kmalloc(len + 1, gfp);
	if (buf) {
		memcpy(buf, s, len);
		buf[len] = '\0';
	}
	return buf;
}

void *memdup_user(const void *src, size_t len)
{
	void *p = kmemdup(src, len, GFP_USER | __GFP_NOWARN);

	return p ? p : ERR_PTR(-ENOMEM);
}
