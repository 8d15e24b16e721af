/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/moduleparam.h> as kernel code sees it: module_param() and its family, MODULE_PARM_DESC,
 * and the parameter types' ops (param_ops_int, ...) and their param_set_*()/param_get_*().
 *
 * As in the kernel, each module_param*() places one struct kernel_param in the "__param"
 * section, so that the parameters of every file of a module end up in one array that the loader
 * finds through the module's descriptor (<linux/module.h>); each MODULE_* string goes to the
 * "__modinfo" section as "tag=value" (the kernel's .modinfo, renamed so that the linker gives
 * its bounds a C name). impl/kernel/params.c implements the types as kernel/params.c does in
 * 6.18: integers parse as kstrto*() with base 0 (0x hex, 0 octal), out of range is -ERANGE;
 * bool takes kstrtobool()'s words (y/n, 1/0, t/f, e/d for enable/disable, on/off; only the
 * first letters count) and, given no value, is set; a charp value is copied and owned by the
 * loader until the module is unloaded.
 */
#ifndef _KMEM_LINUX_MODULEPARAM_H
#define _KMEM_LINUX_MODULEPARAM_H

#include <linux/compiler.h>
#include <linux/export.h>
#include <linux/types.h>

/* The header's own helpers, kept out of the names kernel code defines for itself */
#define __KMEM_STRINGIFY_1(x) #x
#define __KMEM_STRINGIFY(x)   __KMEM_STRINGIFY_1(x)
#define __KMEM_PASTE_1(a, b)  a##b
#define __KMEM_PASTE(a, b)    __KMEM_PASTE_1(a, b)
#define __KMEM_UNIQUE_ID(prefix) \
	__KMEM_PASTE(__KMEM_PASTE(__UNIQUE_ID_, prefix), __KMEM_PASTE(_, __COUNTER__))
/* 0, or a compile error when @e holds: the kernel's BUILD_BUG_ON_ZERO() */
#define __KMEM_BUILD_BUG_ON_ZERO(e) ((int)sizeof(struct { int : (-!!(e)); }))

/*
 * A module's parameters are named as given; a built-in file's carry its module name, as on the
 * kernel's command line ("printk.time")
 */
#if defined(MODULE) || !defined(KBUILD_MODNAME)
#define MODULE_PARAM_PREFIX  /* empty */
#define __MODULE_INFO_PREFIX /* empty */
#else
#define MODULE_PARAM_PREFIX  KBUILD_MODNAME "."
#define __MODULE_INFO_PREFIX KBUILD_MODNAME "."
#endif

#define MAX_PARAM_PREFIX_LEN (64 - sizeof(unsigned long))

/* One "tag=info" string of the module's modinfo */
#define __MODULE_INFO(tag, name, info)                                    \
	static const char __KMEM_UNIQUE_ID(name)[]                        \
		__attribute__((used, section("__modinfo"), aligned(1))) = \
			__MODULE_INFO_PREFIX __KMEM_STRINGIFY(tag) "=" info

/* The description `modinfo -p` shows for parameter @_parm */
#define MODULE_PARM_DESC(_parm, desc) __MODULE_INFO(parm, _parm, #_parm ":" desc)

struct kernel_param;

/* ->set accepts a missing value (a name without '='), as bool's does: "set it" */
#define KERNEL_PARAM_OPS_FL_NOARG (1 << 0)

struct kernel_param_ops {
	unsigned int flags; /* KERNEL_PARAM_OPS_FL_* */
	/* 0, or -errno; the value is in kp->arg's type */
	int (*set)(const char *val, const struct kernel_param *kp);
	/* the length written, or -errno; the buffer is a page */
	int (*get)(char *buffer, const struct kernel_param *kp);
	/* frees what ->set allocated, when the module is unloaded; may be NULL */
	void (*free)(void *arg);
};

enum {
	KERNEL_PARAM_FL_UNSAFE = (1 << 0), /* setting it taints: module_param_unsafe() */
	KERNEL_PARAM_FL_HWPARAM = (1 << 1),
};

struct kernel_param {
	const char *name;
	struct module *mod;
	const struct kernel_param_ops *ops;
	const u16 perm; /* sysfs mode: none here, checked as the kernel checks it */
	s8 level;
	u8 flags; /* KERNEL_PARAM_FL_* */
	union {
		void *arg;
		const struct kparam_string *str;
		const struct kparam_array *arr;
	};
};

/* module_param_string(): a char array of @maxlen, the value copied in */
struct kparam_string {
	unsigned int maxlen;
	char *string;
};

/* module_param_array(): up to @max elements of @elemsize, how many given in *@num */
struct kparam_array {
	unsigned int max;
	unsigned int elemsize;
	unsigned int *num;
	const struct kernel_param_ops *ops;
	void *elem;
};

/* The kernel's sysfs rules for @perm: readable by user >= group >= other, never other-writable */
#define __KMEM_VERIFY_PERM(perm)                                                          \
	(__KMEM_BUILD_BUG_ON_ZERO((perm) < 0) + __KMEM_BUILD_BUG_ON_ZERO((perm) > 0777) + \
	 __KMEM_BUILD_BUG_ON_ZERO((((perm) >> 6) & 4) < (((perm) >> 3) & 4)) +            \
	 __KMEM_BUILD_BUG_ON_ZERO((((perm) >> 3) & 4) < ((perm)&4)) +                     \
	 __KMEM_BUILD_BUG_ON_ZERO((((perm) >> 6) & 2) < (((perm) >> 3) & 2)) +            \
	 __KMEM_BUILD_BUG_ON_ZERO((perm)&2) + (perm))

/*
 * One parameter record in the "__param" section. Aligned as the type, so that the compiler
 * pads none of them (it may align large objects further): the section is then an array.
 */
#define __module_param_call(prefix, name, ops, arg, perm, level, flags)                   \
	static const char __param_str_##name[] = prefix #name;                            \
	static const struct kernel_param __param_##name __attribute__((                   \
		used, section("__param"),                                                 \
		aligned(__alignof__(struct kernel_param)))) = { __param_str_##name,       \
								THIS_MODULE,              \
								ops,                      \
								__KMEM_VERIFY_PERM(perm), \
								level,                    \
								flags,                    \
								{ arg } }

/* The parameter's type, for modinfo's "parmtype=" */
#define __MODULE_PARM_TYPE(name, _type) __MODULE_INFO(parmtype, name##type, #name ":" _type)

/* A compile error unless @p points to @type: what module_param()'s type names */
#define __param_check(name, p, type)                                      \
	static inline type __attribute__((unused)) * __check_##name(void) \
	{                                                                 \
		return (p);                                               \
	}

/*
 * One parameter of a type module_param() names: the macros below paste the type's name
 * themselves (param_check_##type), so that "bool", a macro of <stdbool.h> here where the kernel
 * has a typedef, is pasted as written and never expanded first
 */
#define __module_param_typed(name, value, check, type_ops, type_str, perm, flags)           \
	check(name, &(value));                                                              \
	__module_param_call(MODULE_PARAM_PREFIX, name, &type_ops, &value, perm, -1, flags); \
	__MODULE_PARM_TYPE(name, type_str)

/**
 * module_param - a module parameter of the same name as the variable
 * @name: the variable, and the parameter's name
 * @type: byte, short, ushort, int, uint, long, ulong, ullong, hexint, charp, bool,
 *	invbool, bint, bool_enable_only
 * @perm: its sysfs mode (0444, 0644, ...; 0 for none)
 */
#define module_param(name, type, perm) \
	__module_param_typed(name, name, param_check_##type, param_ops_##type, #type, perm, 0)
/* as module_param(), and setting it taints the kernel */
#define module_param_unsafe(name, type, perm)                                               \
	__module_param_typed(name, name, param_check_##type, param_ops_##type, #type, perm, \
			     KERNEL_PARAM_FL_UNSAFE)

/* A parameter @name for the variable @value */
#define module_param_named(name, value, type, perm) \
	__module_param_typed(name, value, param_check_##type, param_ops_##type, #type, perm, 0)
#define module_param_named_unsafe(name, value, type, perm)                                   \
	__module_param_typed(name, value, param_check_##type, param_ops_##type, #type, perm, \
			     KERNEL_PARAM_FL_UNSAFE)

/* A parameter with its own ops */
#define module_param_cb(name, ops, arg, perm) \
	__module_param_call(MODULE_PARAM_PREFIX, name, ops, arg, perm, -1, 0)
#define module_param_cb_unsafe(name, ops, arg, perm) \
	__module_param_call(MODULE_PARAM_PREFIX, name, ops, arg, perm, -1, KERNEL_PARAM_FL_UNSAFE)

/* A parameter describing hardware (I/O port, IRQ, ...): the same, flagged */
#define module_param_hw_named(name, value, type, hwtype, perm)                               \
	__module_param_typed(name, value, param_check_##type, param_ops_##type, #type, perm, \
			     KERNEL_PARAM_FL_HWPARAM)
#define module_param_hw(name, type, hwtype, perm)                                           \
	__module_param_typed(name, name, param_check_##type, param_ops_##type, #type, perm, \
			     KERNEL_PARAM_FL_HWPARAM)

/**
 * module_param_string - a parameter copied into a char array
 * @name: the parameter's name
 * @string: the array
 * @len: its size: a longer value is refused (-ENOSPC)
 * @perm: its sysfs mode
 */
#define module_param_string(name, string, len, perm)                               \
	static const struct kparam_string __param_string_##name = { len, string }; \
	__module_param_call(MODULE_PARAM_PREFIX, name, &param_ops_string,          \
			    .str = &__param_string_##name, perm, -1, 0);           \
	__MODULE_PARM_TYPE(name, "string")

/* An array parameter whose elements are of a type module_param() names */
#define __module_param_array(name, array, check, type_ops, type_str, nump, perm, flags) \
	check(name, &(array)[0]);                                                       \
	static const struct kparam_array __param_arr_##name = {                         \
		.max = sizeof(array) / sizeof((array)[0]),                              \
		.num = nump,                                                            \
		.ops = &type_ops,                                                       \
		.elemsize = sizeof((array)[0]),                                         \
		.elem = array,                                                          \
	};                                                                              \
	__module_param_call(MODULE_PARAM_PREFIX, name, &param_array_ops,                \
			    .arr = &__param_arr_##name, perm, -1, flags);               \
	__MODULE_PARM_TYPE(name, "array of " type_str)

/**
 * module_param_array - a parameter of comma-separated values into an array
 * @name: the array, and the parameter's name
 * @type: the elements' type, as module_param() takes it
 * @nump: where the number of values given is stored, or NULL
 * @perm: its sysfs mode
 *
 * More values than the array holds are refused (-EINVAL).
 */
#define module_param_array(name, type, nump, perm) \
	__module_param_array(name, name, param_check_##type, param_ops_##type, #type, nump, perm, 0)
#define module_param_array_named(name, array, type, nump, perm)                                    \
	__module_param_array(name, array, param_check_##type, param_ops_##type, #type, nump, perm, \
			     0)
#define module_param_hw_array(name, type, hwtype, nump, perm)                                     \
	__module_param_array(name, name, param_check_##type, param_ops_##type, #type, nump, perm, \
			     KERNEL_PARAM_FL_HWPARAM)

/*
 * "bool" is a macro of <stdbool.h> here: a macro of kernel code that hands its type on to
 * module_param() (lib/test_vmalloc.c's __param()) has expanded it to _Bool by then
 */
#define param_check__Bool param_check_bool
#define param_ops__Bool	  param_ops_bool

/* The types, each its check, its ops and their set and get */
#define param_check_byte(name, p)	      __param_check(name, p, unsigned char)
#define param_check_short(name, p)	      __param_check(name, p, short)
#define param_check_ushort(name, p)	      __param_check(name, p, unsigned short)
#define param_check_int(name, p)	      __param_check(name, p, int)
#define param_check_uint(name, p)	      __param_check(name, p, unsigned int)
#define param_check_long(name, p)	      __param_check(name, p, long)
#define param_check_ulong(name, p)	      __param_check(name, p, unsigned long)
#define param_check_ullong(name, p)	      __param_check(name, p, unsigned long long)
#define param_check_hexint(name, p)	      __param_check(name, p, unsigned int)
#define param_check_charp(name, p)	      __param_check(name, p, char *)
#define param_check_bool(name, p)	      __param_check(name, p, bool)
#define param_check_bool_enable_only(name, p) __param_check(name, p, bool)
#define param_check_invbool(name, p)	      __param_check(name, p, bool)
#define param_check_bint(name, p)	      __param_check(name, p, int)

extern const struct kernel_param_ops param_ops_byte;
extern const struct kernel_param_ops param_ops_short;
extern const struct kernel_param_ops param_ops_ushort;
extern const struct kernel_param_ops param_ops_int;
extern const struct kernel_param_ops param_ops_uint;
extern const struct kernel_param_ops param_ops_long;
extern const struct kernel_param_ops param_ops_ulong;
extern const struct kernel_param_ops param_ops_ullong;
extern const struct kernel_param_ops param_ops_hexint;
extern const struct kernel_param_ops param_ops_charp;
extern const struct kernel_param_ops param_ops_bool;
extern const struct kernel_param_ops param_ops_bool_enable_only;
extern const struct kernel_param_ops param_ops_invbool;
extern const struct kernel_param_ops param_ops_bint;
extern const struct kernel_param_ops param_ops_string;
extern const struct kernel_param_ops param_array_ops;

int param_set_byte(const char *val, const struct kernel_param *kp);
int param_get_byte(char *buffer, const struct kernel_param *kp);
int param_set_short(const char *val, const struct kernel_param *kp);
int param_get_short(char *buffer, const struct kernel_param *kp);
int param_set_ushort(const char *val, const struct kernel_param *kp);
int param_get_ushort(char *buffer, const struct kernel_param *kp);
int param_set_int(const char *val, const struct kernel_param *kp);
int param_get_int(char *buffer, const struct kernel_param *kp);
int param_set_uint(const char *val, const struct kernel_param *kp);
int param_get_uint(char *buffer, const struct kernel_param *kp);
int param_set_uint_minmax(const char *val, const struct kernel_param *kp, unsigned int min,
			  unsigned int max);
int param_set_long(const char *val, const struct kernel_param *kp);
int param_get_long(char *buffer, const struct kernel_param *kp);
int param_set_ulong(const char *val, const struct kernel_param *kp);
int param_get_ulong(char *buffer, const struct kernel_param *kp);
int param_set_ullong(const char *val, const struct kernel_param *kp);
int param_get_ullong(char *buffer, const struct kernel_param *kp);
int param_set_hexint(const char *val, const struct kernel_param *kp);
int param_get_hexint(char *buffer, const struct kernel_param *kp);
int param_set_charp(const char *val, const struct kernel_param *kp);
int param_get_charp(char *buffer, const struct kernel_param *kp);
void param_free_charp(void *arg);
int param_set_bool(const char *val, const struct kernel_param *kp);
int param_get_bool(char *buffer, const struct kernel_param *kp);
int param_set_bool_enable_only(const char *val, const struct kernel_param *kp);
int param_set_invbool(const char *val, const struct kernel_param *kp);
int param_get_invbool(char *buffer, const struct kernel_param *kp);
int param_set_bint(const char *val, const struct kernel_param *kp);
int param_set_copystring(const char *val, const struct kernel_param *kp);
int param_get_string(char *buffer, const struct kernel_param *kp);

/* Serialises every ->set and ->get, as the kernel's per-module parameter lock does */
void kernel_param_lock(struct module *mod);
void kernel_param_unlock(struct module *mod);

/* parse_args()'s handler of a name no parameter has: 0 to go on, or -errno */
typedef int (*parse_unknown_fn)(char *param, char *val, const char *doing, void *arg);

/**
 * parse_args - set parameters from a command line, as the kernel parses a module's arguments
 * @doing: whose they are, for messages (the module's name)
 * @args: "name=value name2 name3=\"a b\" ...": modified in place, and what the values point to
 * @params: the parameters
 * @num: how many
 * @level_min: parameters of a lower level are skipped
 * @level_max: and of a higher one
 * @arg: passed to @unknown
 * @unknown: called for a name none of @params has; NULL: -ENOENT, "Unknown parameter"
 *
 * Names match with '-' and '_' alike; a value may be quoted to hold spaces. Each failure is
 * reported ("DOING: `VAL' invalid for parameter `NAME'") and parsing goes on.
 *
 * Return: NULL; the last failure as an ERR_PTR(); or what follows a "--", not parsed.
 */
char *parse_args(const char *doing, char *args, const struct kernel_param *params, unsigned num,
		 s16 level_min, s16 level_max, void *arg, parse_unknown_fn unknown);

/* Frees what the parameters' ->set allocated (their ops' ->free) */
void destroy_params(const struct kernel_param *params, unsigned num);

#endif
