// SPDX-License-Identifier: GPL-2.0
/*
 * Module parameters, after the kernel's kernel/params.c (6.18): the parameter types' ops that
 * <linux/moduleparam.h> declares, and parse_args(), which the module loader (module.c) runs on
 * a module's arguments.
 *
 * Values parse as 6.18 parses them:
 *  - integers as kstrto*() with base 0: an optional '+' ('-' for the signed types), "0x" for
 *    hex, a leading 0 for octal, one trailing newline allowed, nothing else; a value outside
 *    the type is -ERANGE, anything else -EINVAL. (Before 2.6.38 simple_strtol() took any
 *    prefix of digits; before 3.x a value out of range was -EINVAL too.)
 *  - bool as kstrtobool(): by its first letter, y/Y/1/t/T/e/E true and n/N/0/f/F/d/D false,
 *    or o/O followed by n/N (on) or f/F (off). t/f came in 5.19 and e/d (enable, disable) in
 *    6.2; a name given without a value sets it.
 *  - charp is copied (up to 1024 bytes): the kernel kmallocs the copy once slab is up; here it
 *    is the loader's own memory, so that parameters never count as what a module allocated.
 *
 * parse_args() reports each failure as the kernel does ("NAME: `VAL' invalid for parameter
 * `PARAM'") and goes on with the next argument, returning the last failure: the behaviour since
 * 3.x, where it used to stop at the first.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/moduleparam.h>

/* ->get() writes at most a page, as sysfs gives it */
#define PARAM_GET_SIZE 4096

/* The longest charp value, as the kernel's */
#define CHARP_MAX_LEN 1024

static pthread_mutex_t param_lock = PTHREAD_MUTEX_INITIALIZER;

void kernel_param_lock(struct module *mod)
{
	(void)mod;
	pthread_mutex_lock(&param_lock);
}

void kernel_param_unlock(struct module *mod)
{
	(void)mod;
	pthread_mutex_unlock(&param_lock);
}

/* ---------------------------------------------------------------------------------------- */
/* Numbers, as lib/kstrtox.c reads them */

/*
 * The digits of @s in @base into @res: how many characters were digits, or -ERANGE when the
 * value does not fit in 64 bits
 */
static int parse_digits(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long v = 0;
	bool overflow = false;
	int n = 0;

	for (;; n++) {
		int c = tolower((unsigned char)s[n]);
		unsigned int d;

		if (c >= '0' && c <= '9')
			d = (unsigned int)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned int)(c - 'a' + 10);
		else
			break;
		if (d >= base)
			break;
		if (__builtin_mul_overflow(v, base, &v) || __builtin_add_overflow(v, d, &v))
			overflow = true;
	}
	*res = v;
	return overflow ? -ERANGE : n;
}

/* An unsigned number with no sign: base 0 takes "0x" as hex and a leading 0 as octal */
static int parse_ull_unsigned(const char *s, unsigned long long *res)
{
	unsigned int base = 10;
	unsigned long long v;
	int n;

	if (s[0] == '0') {
		if (tolower((unsigned char)s[1]) == 'x' && isxdigit((unsigned char)s[2])) {
			base = 16;
			s += 2;
		} else {
			base = 8;
		}
	}
	n = parse_digits(s, base, &v);
	if (n < 0)
		return n;
	if (n == 0)
		return -EINVAL;
	s += n;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = v;
	return 0;
}

static int parse_ull(const char *s, unsigned long long *res)
{
	if (s[0] == '+')
		s++;
	return parse_ull_unsigned(s, res);
}

static int parse_ll(const char *s, long long *res)
{
	unsigned long long v;
	int err;

	if (s[0] == '-') {
		err = parse_ull_unsigned(s + 1, &v);
		if (err)
			return err;
		if (v > (unsigned long long)LLONG_MAX + 1)
			return -ERANGE;
		*res = (long long)(0 - v);
		return 0;
	}
	err = parse_ull(s, &v);
	if (err)
		return err;
	if (v > LLONG_MAX)
		return -ERANGE;
	*res = (long long)v;
	return 0;
}

/* kstrtobool(): by the first letters only */
static int parse_bool(const char *s, bool *res)
{
	if (!s)
		return -EINVAL;
	switch (s[0]) {
	case 'y':
	case 'Y':
	case 't':
	case 'T':
	case 'e':
	case 'E':
	case '1':
		*res = true;
		return 0;
	case 'n':
	case 'N':
	case 'f':
	case 'F':
	case 'd':
	case 'D':
	case '0':
		*res = false;
		return 0;
	case 'o':
	case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*res = true;
			return 0;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*res = false;
			return 0;
		}
		return -EINVAL;
	default:
		return -EINVAL;
	}
}

/* What scnprintf() returns: the bytes written, not those that would have been */
static int param_print(char *buffer, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int param_print(char *buffer, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buffer, PARAM_GET_SIZE, fmt, ap);
	va_end(ap);
	if (n < 0)
		return n;
	return n < PARAM_GET_SIZE ? n : PARAM_GET_SIZE - 1;
}

/* ---------------------------------------------------------------------------------------- */
/* The integer types */

/*
 * param_set_NAME() parses with @parse into @wide, refuses a value @type cannot hold (-ERANGE, as
 * kstrtouint() and the others do) and stores it; param_get_NAME() prints it with @fmt;
 * param_ops_NAME holds both
 */
#define INTEGER_PARAM(name, type, wide, parse, fmt)                          \
	int param_set_##name(const char *val, const struct kernel_param *kp) \
	{                                                                    \
		wide v;                                                      \
		int err;                                                     \
                                                                             \
		if (!val)                                                    \
			return -EINVAL;                                      \
		err = parse(val, &v);                                        \
		if (err)                                                     \
			return err;                                          \
		if ((wide)(type)v != v)                                      \
			return -ERANGE;                                      \
		*(type *)kp->arg = (type)v;                                  \
		return 0;                                                    \
	}                                                                    \
	int param_get_##name(char *buffer, const struct kernel_param *kp)    \
	{                                                                    \
		return param_print(buffer, fmt "\n", *(type *)kp->arg);      \
	}                                                                    \
	const struct kernel_param_ops param_ops_##name = {                   \
		.set = param_set_##name,                                     \
		.get = param_get_##name,                                     \
	}

INTEGER_PARAM(byte, unsigned char, unsigned long long, parse_ull, "%hhu");
INTEGER_PARAM(short, short, long long, parse_ll, "%hi");
INTEGER_PARAM(ushort, unsigned short, unsigned long long, parse_ull, "%hu");
INTEGER_PARAM(int, int, long long, parse_ll, "%i");
INTEGER_PARAM(uint, unsigned int, unsigned long long, parse_ull, "%u");
INTEGER_PARAM(long, long, long long, parse_ll, "%li");
INTEGER_PARAM(ulong, unsigned long, unsigned long long, parse_ull, "%lu");
INTEGER_PARAM(ullong, unsigned long long, unsigned long long, parse_ull, "%llu");
/* hexint: a uint that reads like any other and prints in hex */
INTEGER_PARAM(hexint, unsigned int, unsigned long long, parse_ull, "%#08x");

int param_set_uint_minmax(const char *val, const struct kernel_param *kp, unsigned int min,
			  unsigned int max)
{
	unsigned int v;
	struct kernel_param tmp = *kp;
	int err;

	tmp.arg = &v;
	err = param_set_uint(val, &tmp);
	if (err)
		return err;
	if (v < min || v > max)
		return -EINVAL;
	*(unsigned int *)kp->arg = v;
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* charp: a copy the parameter owns */

/*
 * Every copy param_set_charp() made, so that a value it did not make (the variable's initial
 * string) is never freed
 */
struct charp_copy {
	struct charp_copy *next;
	char val[];
};

static struct charp_copy *charp_copies; /* under param_lock */

/* Frees @val when param_set_charp() made it; called with param_lock held */
static void charp_release(char *val)
{
	for (struct charp_copy **p = &charp_copies; *p; p = &(*p)->next) {
		if ((*p)->val == val) {
			struct charp_copy *c = *p;

			*p = c->next;
			free(c);
			return;
		}
	}
}

int param_set_charp(const char *val, const struct kernel_param *kp)
{
	size_t len = strnlen(val, CHARP_MAX_LEN + 1);
	struct charp_copy *c;

	if (len > CHARP_MAX_LEN) {
		fprintf(stderr, "%s: string parameter too long\n", kp->name);
		return -ENOSPC;
	}
	c = malloc(sizeof(*c) + len + 1);
	if (!c)
		return -ENOMEM;
	memcpy(c->val, val, len + 1);
	charp_release(*(char **)kp->arg);
	c->next = charp_copies;
	charp_copies = c;
	*(char **)kp->arg = c->val;
	return 0;
}

int param_get_charp(char *buffer, const struct kernel_param *kp)
{
	return param_print(buffer, "%s\n", *(char **)kp->arg);
}

void param_free_charp(void *arg)
{
	charp_release(*(char **)arg);
}

const struct kernel_param_ops param_ops_charp = {
	.set = param_set_charp,
	.get = param_get_charp,
	.free = param_free_charp,
};

/* ---------------------------------------------------------------------------------------- */
/* bool and its variants */

int param_set_bool(const char *val, const struct kernel_param *kp)
{
	/* a name alone sets it */
	return parse_bool(val ? val : "1", kp->arg);
}

int param_get_bool(char *buffer, const struct kernel_param *kp)
{
	return param_print(buffer, "%c\n", *(bool *)kp->arg ? 'Y' : 'N');
}

const struct kernel_param_ops param_ops_bool = {
	.flags = KERNEL_PARAM_OPS_FL_NOARG,
	.set = param_set_bool,
	.get = param_get_bool,
};

/* Once set, it cannot be cleared (-EROFS) */
int param_set_bool_enable_only(const char *val, const struct kernel_param *kp)
{
	struct kernel_param tmp = *kp;
	bool v;
	int err;

	tmp.arg = &v;
	err = param_set_bool(val, &tmp);
	if (err)
		return err;
	if (!v && *(bool *)kp->arg)
		return -EROFS;
	if (v)
		*(bool *)kp->arg = true;
	return 0;
}

const struct kernel_param_ops param_ops_bool_enable_only = {
	.flags = KERNEL_PARAM_OPS_FL_NOARG,
	.set = param_set_bool_enable_only,
	.get = param_get_bool,
};

/* The opposite of what is given; unlike bool, a value is needed */
int param_set_invbool(const char *val, const struct kernel_param *kp)
{
	bool v;
	int err = parse_bool(val ? val : "1", &v);

	if (!err)
		*(bool *)kp->arg = !v;
	return err;
}

int param_get_invbool(char *buffer, const struct kernel_param *kp)
{
	return param_print(buffer, "%c\n", *(bool *)kp->arg ? 'N' : 'Y');
}

const struct kernel_param_ops param_ops_invbool = {
	.set = param_set_invbool,
	.get = param_get_invbool,
};

/* A bool kept in an int */
int param_set_bint(const char *val, const struct kernel_param *kp)
{
	bool v;
	int err = parse_bool(val ? val : "1", &v);

	if (!err)
		*(int *)kp->arg = v;
	return err;
}

const struct kernel_param_ops param_ops_bint = {
	.flags = KERNEL_PARAM_OPS_FL_NOARG,
	.set = param_set_bint,
	.get = param_get_int,
};

/* ---------------------------------------------------------------------------------------- */
/* string (module_param_string) and arrays (module_param_array) */

int param_set_copystring(const char *val, const struct kernel_param *kp)
{
	const struct kparam_string *kps = kp->str;

	if (strnlen(val, kps->maxlen) == kps->maxlen) {
		fprintf(stderr, "%s: string doesn't fit in %u chars.\n", kp->name, kps->maxlen - 1);
		return -ENOSPC;
	}
	strcpy(kps->string, val);
	return 0;
}

int param_get_string(char *buffer, const struct kernel_param *kp)
{
	return param_print(buffer, "%s\n", kp->str->string);
}

const struct kernel_param_ops param_ops_string = {
	.set = param_set_copystring,
	.get = param_get_string,
};

/*
 * "a,b,c" into the array, each element by the element type's ->set(); the number given into
 * *arr->num. Refused: more values than the array holds. As in the kernel, the commas of @val
 * (the module's copy of its arguments) become NULs, so that each element's value stays a
 * string of its own for a type that keeps a pointer to it. Called with param_lock held.
 */
static int param_array_set(const char *val, const struct kernel_param *kp)
{
	const struct kparam_array *arr = kp->arr;
	struct kernel_param elem = *kp;
	unsigned int n = 0;
	char *p = (char *)val, end;

	elem.arg = arr->elem;
	do {
		size_t len = strcspn(p, ",");
		int err;

		if (n == arr->max) {
			fprintf(stderr, "%s: can only take %u arguments\n", kp->name, arr->max);
			return -EINVAL;
		}
		end = p[len];
		p[len] = '\0';
		err = arr->ops->set(p, &elem);
		if (err)
			return err;
		elem.arg = (char *)elem.arg + arr->elemsize;
		n++;
		p += len + 1;
	} while (end == ',');
	if (arr->num)
		*arr->num = n;
	return 0;
}

/* The elements' ->get() joined by commas */
static int param_array_get(char *buffer, const struct kernel_param *kp)
{
	const struct kparam_array *arr = kp->arr;
	struct kernel_param elem = *kp;
	unsigned int n = arr->num ? *arr->num : arr->max;
	char one[PARAM_GET_SIZE];
	int off = 0;

	for (unsigned int i = 0; i < n; i++) {
		int len;

		elem.arg = (char *)arr->elem + (size_t)arr->elemsize * i;
		len = arr->ops->get(one, &elem);
		if (len < 0)
			return len;
		if (len > 0 && one[len - 1] == '\n')
			len--;
		if (off + len + 2 > PARAM_GET_SIZE)
			break;
		if (i)
			buffer[off++] = ',';
		memcpy(buffer + off, one, (size_t)len);
		off += len;
	}
	buffer[off++] = '\n';
	buffer[off] = '\0';
	return off;
}

static void param_array_free(void *arg)
{
	const struct kparam_array *arr = arg;
	unsigned int n = arr->num ? *arr->num : arr->max;

	if (!arr->ops->free)
		return;
	for (unsigned int i = 0; i < n; i++)
		arr->ops->free((char *)arr->elem + (size_t)arr->elemsize * i);
}

const struct kernel_param_ops param_array_ops = {
	.set = param_array_set,
	.get = param_array_get,
	.free = param_array_free,
};

/* ---------------------------------------------------------------------------------------- */
/* parse_args() */

static char dash2underscore(char c)
{
	return c == '-' ? '_' : c;
}

/* @a and @b are the same name, '-' and '_' alike */
static bool parameq(const char *a, const char *b)
{
	size_t i;

	for (i = 0; a[i] && b[i]; i++)
		if (dash2underscore(a[i]) != dash2underscore(b[i]))
			return false;
	return a[i] == b[i];
}

static char *skip_spaces(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

/*
 * Splits the first argument of @args off: *@param its name, *@val its value after the first
 * '=' (NULL without one), quotes taken out. Double quotes make spaces part of the argument,
 * around the whole argument ("a=b c") or the value (a="b c"); there is no escape.
 * Returns the next argument.
 */
static char *next_arg(char *args, char **param, char **val)
{
	size_t i, equals = 0;
	bool in_quote = false, quoted = false;

	if (*args == '"') {
		args++;
		in_quote = quoted = true;
	}
	for (i = 0; args[i]; i++) {
		if (isspace((unsigned char)args[i]) && !in_quote)
			break;
		/* an '=' first of all is part of the name, as in the kernel */
		if (!equals && args[i] == '=')
			equals = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	*param = args;
	*val = NULL;
	if (equals) {
		args[equals] = '\0';
		*val = args + equals + 1;
		if (**val == '"') {
			(*val)++;
			if (args[i - 1] == '"')
				args[i - 1] = '\0';
		}
	}
	if (quoted && i > 0 && args[i - 1] == '"')
		args[i - 1] = '\0';
	if (args[i]) {
		args[i] = '\0';
		args += i + 1;
	} else {
		args += i;
	}
	return skip_spaces(args);
}

/* -EPERM would refuse it (a locked-down kernel's hardware parameters); none is here */
static bool param_check_unsafe(const struct kernel_param *kp)
{
	if (kp->flags & KERNEL_PARAM_FL_UNSAFE)
		fprintf(stderr, "Setting dangerous option %s - tainting kernel\n", kp->name);
	return true;
}

static int parse_one(char *param, char *val, const char *doing, const struct kernel_param *params,
		     unsigned num, s16 level_min, s16 level_max, void *arg,
		     parse_unknown_fn unknown)
{
	for (unsigned i = 0; i < num; i++) {
		const struct kernel_param *kp = &params[i];
		int err;

		if (!parameq(param, kp->name))
			continue;
		if (kp->level < level_min || kp->level > level_max)
			return 0;
		/* only the types that say so take a name alone */
		if (!val && !(kp->ops->flags & KERNEL_PARAM_OPS_FL_NOARG))
			return -EINVAL;
		kernel_param_lock(kp->mod);
		err = param_check_unsafe(kp) ? kp->ops->set(val, kp) : -EPERM;
		kernel_param_unlock(kp->mod);
		return err;
	}
	return unknown ? unknown(param, val, doing, arg) : -ENOENT;
}

char *parse_args(const char *doing, char *args, const struct kernel_param *params, unsigned num,
		 s16 level_min, s16 level_max, void *arg, parse_unknown_fn unknown)
{
	char *param, *val, *err = NULL;

	args = skip_spaces(args);
	while (*args) {
		int ret;

		args = next_arg(args, &param, &val);
		/* what follows "--" is left to the caller */
		if (!val && !strcmp(param, "--"))
			return err ? err : args;
		ret = parse_one(param, val, doing, params, num, level_min, level_max, arg, unknown);
		switch (ret) {
		case 0:
			continue;
		case -ENOENT:
			fprintf(stderr, "%s: Unknown parameter `%s'\n", doing, param);
			break;
		case -ENOSPC:
			fprintf(stderr, "%s: `%s' too large for parameter `%s'\n", doing,
				val ? val : "", param);
			break;
		default:
			fprintf(stderr, "%s: `%s' invalid for parameter `%s'\n", doing,
				val ? val : "", param);
			break;
		}
		/* ERR_PTR(): <linux/err.h>'s encoding of an errno in a pointer */
		err = (char *)(long)ret;
	}
	return err;
}

void destroy_params(const struct kernel_param *params, unsigned num)
{
	kernel_param_lock(NULL);
	for (unsigned i = 0; i < num; i++)
		if (params[i].ops->free)
			params[i].ops->free(params[i].arg);
	kernel_param_unlock(NULL);
}
