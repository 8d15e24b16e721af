// SPDX-License-Identifier: GPL-2.0
/*
 * String to integer conversions (lib/kstrtox.c, lib/vsprintf.c's simple_strto*): the kernel's
 * rules, which are stricter than strtoul()'s: no leading white space, the whole string a
 * number but for one trailing newline, overflow an error rather than a saturated value.
 */
#include <ctype.h>

#include <linux/errno.h>
#include <linux/kstrtox.h>
#include <linux/limits.h>

/* the base @s is in (0: from its prefix) and the prefix skipped ("0x" only for base 16 or 0) */
static const char *parse_base(const char *s, unsigned int *base)
{
	if (*base == 0) {
		if (s[0] == '0') {
			if (tolower((unsigned char)s[1]) == 'x' && isxdigit((unsigned char)s[2]))
				*base = 16;
			else
				*base = 8;
		} else {
			*base = 10;
		}
	}
	if (*base == 16 && s[0] == '0' && tolower((unsigned char)s[1]) == 'x')
		s += 2;
	return s;
}

/*
 * The digits at @s into @res; the count of digits read, with KSTRTOX_OVERFLOW set when the
 * value does not fit in 64 bits
 */
#define KSTRTOX_OVERFLOW (1U << 31)
static unsigned int parse_integer(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long value = 0;
	unsigned int rv = 0;

	for (;; s++, rv++) {
		unsigned int c = (unsigned char)*s, val;

		if (c >= '0' && c <= '9')
			val = c - '0';
		else if (tolower(c) >= 'a' && tolower(c) <= 'f')
			val = tolower(c) - 'a' + 10;
		else
			break;
		if (val >= base)
			break;
		if (__builtin_mul_overflow(value, base, &value) ||
		    __builtin_add_overflow(value, val, &value))
			rv |= KSTRTOX_OVERFLOW;
	}
	*res = value;
	return rv;
}

static int _kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long value;
	unsigned int rv;

	s = parse_base(s, &base);
	rv = parse_integer(s, base, &value);
	if (rv & KSTRTOX_OVERFLOW)
		return -ERANGE;
	if (rv == 0)
		return -EINVAL;
	s += rv;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = value;
	return 0;
}

int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	if (s[0] == '+')
		s++;
	return _kstrtoull(s, base, res);
}

int kstrtoll(const char *s, unsigned int base, long long *res)
{
	unsigned long long tmp;
	int rv;

	if (s[0] == '-') {
		rv = _kstrtoull(s + 1, base, &tmp);
		if (rv < 0)
			return rv;
		if ((long long)-tmp > 0)
			return -ERANGE;
		*res = -tmp;
	} else {
		rv = kstrtoull(s, base, &tmp);
		if (rv < 0)
			return rv;
		if ((long long)tmp < 0)
			return -ERANGE;
		*res = tmp;
	}
	return 0;
}

int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	unsigned long long tmp;
	int rv = kstrtoull(s, base, &tmp);

	if (rv < 0)
		return rv;
	*res = tmp;
	return 0;
}

int kstrtol(const char *s, unsigned int base, long *res)
{
	long long tmp;
	int rv = kstrtoll(s, base, &tmp);

	if (rv < 0)
		return rv;
	*res = tmp;
	return 0;
}

/* the conversions of narrower types, range-checked */
#define KSTRTO_UNSIGNED(name, type, max)                      \
	int name(const char *s, unsigned int base, type *res) \
	{                                                     \
		unsigned long long tmp;                       \
		int rv = kstrtoull(s, base, &tmp);            \
                                                              \
		if (rv < 0)                                   \
			return rv;                            \
		if (tmp > (max))                              \
			return -ERANGE;                       \
		*res = (type)tmp;                             \
		return 0;                                     \
	}
#define KSTRTO_SIGNED(name, type, min, max)                   \
	int name(const char *s, unsigned int base, type *res) \
	{                                                     \
		long long tmp;                                \
		int rv = kstrtoll(s, base, &tmp);             \
                                                              \
		if (rv < 0)                                   \
			return rv;                            \
		if (tmp < (min) || tmp > (max))               \
			return -ERANGE;                       \
		*res = (type)tmp;                             \
		return 0;                                     \
	}

KSTRTO_UNSIGNED(kstrtouint, unsigned int, UINT_MAX)
KSTRTO_SIGNED(kstrtoint, int, INT_MIN, INT_MAX)
KSTRTO_UNSIGNED(kstrtou16, u16, USHRT_MAX)
KSTRTO_SIGNED(kstrtos16, s16, SHRT_MIN, SHRT_MAX)
KSTRTO_UNSIGNED(kstrtou8, u8, UCHAR_MAX)
KSTRTO_SIGNED(kstrtos8, s8, SCHAR_MIN, SCHAR_MAX)

int kstrtobool(const char *s, bool *res)
{
	if (!s)
		return -EINVAL;
	switch (s[0]) {
	case 'e':
	case 'E':
	case 'y':
	case 'Y':
	case 't':
	case 'T':
	case '1':
		*res = true;
		return 0;
	case 'd':
	case 'D':
	case 'n':
	case 'N':
	case 'f':
	case 'F':
	case '0':
		*res = false;
		return 0;
	case 'o':
	case 'O':
		switch (s[1]) {
		case 'n':
		case 'N':
			*res = true;
			return 0;
		case 'f':
		case 'F':
			*res = false;
			return 0;
		}
		break;
	}
	return -EINVAL;
}

unsigned long long simple_strtoull(const char *cp, char **endp, unsigned int base)
{
	unsigned long long result;
	unsigned int rv;

	cp = parse_base(cp, &base);
	rv = parse_integer(cp, base, &result);
	cp += rv & ~KSTRTOX_OVERFLOW;
	if (endp)
		*endp = (char *)cp;
	return result;
}

unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base)
{
	return simple_strtoull(cp, endp, base);
}

long long simple_strtoll(const char *cp, char **endp, unsigned int base)
{
	if (*cp == '-')
		return -simple_strtoull(cp + 1, endp, base);
	return simple_strtoull(cp, endp, base);
}

long simple_strtol(const char *cp, char **endp, unsigned int base)
{
	return simple_strtoll(cp, endp, base);
}
