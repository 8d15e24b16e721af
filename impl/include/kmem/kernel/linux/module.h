/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/module.h> as kernel code sees it: module_init() and module_exit(), the MODULE_*
 * information macros, module parameters (<linux/moduleparam.h>), THIS_MODULE and the module
 * reference helpers.
 *
 * A module is a shared object built from one or more files against these headers with MODULE
 * and KBUILD_MODNAME defined, as kbuild builds a .ko (cmake/KmemModule.cmake's
 * kmem_add_module() does it in one line). Its undefined symbols are left for the program that
 * loads it, which exports the model: kmembench insmod, or any program through
 * kmem_module_load() (<kmem/kmem.h>).
 *
 * How the loader finds the module in the shared object. The kernel's modpost writes each
 * module's struct module (__this_module) into a generated file; here there is no such step, so
 * this header defines it in every file of the module, as a weak hidden object whose contents
 * are the same in every file: the module's name, and link-time references to what the macros
 * leave in the object:
 *  - module_init(fn) defines init_module, as the kernel's does (a second one in the module is
 *    a link error, as there), and a weak alias the descriptor points to (NULL without one);
 *    module_exit(fn) likewise cleanup_module;
 *  - module_param*() records go to the "__param" section, MODULE_*() strings to "__modinfo":
 *    the linker gathers them from every file, and the descriptor holds the bounds.
 * The linker keeps one copy of the descriptor, and one exported symbol, __kmem_module, points
 * to it: what the loader looks up. Everything else stays hidden, so that the modules loaded at
 * once each resolve their own.
 */
#ifndef _KMEM_LINUX_MODULE_H
#define _KMEM_LINUX_MODULE_H

#include <linux/compiler.h>
#include <linux/export.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/types.h>

/* A module's name, KBUILD_MODNAME, fits in this with its NUL */
#define MODULE_NAME_LEN MAX_PARAM_PREFIX_LEN

/*
 * The loader refuses a module built against another layout of struct module, as the kernel
 * refuses another vermagic
 */
#define KMEM_MODULE_VERMAGIC "kmem-module 1"

/* The kernel's <linux/init.h> types of an init and an exit function */
typedef int (*initcall_t)(void);
typedef void (*exitcall_t)(void);

enum module_state {
	MODULE_STATE_LIVE,     /* init returned 0 (or there is none): in use */
	MODULE_STATE_COMING,   /* loaded, its init running */
	MODULE_STATE_GOING,    /* its exit running, or its init failed */
	MODULE_STATE_UNFORMED, /* not loaded yet */
};

/*
 * A module, as the loader sees it. The fields up to kp_stop are fixed when the module is linked;
 * the loader fills the rest.
 */
struct module {
	enum module_state state;
	char name[MODULE_NAME_LEN]; /* KBUILD_MODNAME, or "" when built without one */
	const char *vermagic;	    /* KMEM_MODULE_VERMAGIC of the headers it was built with */
	initcall_t init;	    /* module_init()'s function, or NULL */
	exitcall_t exit;	    /* module_exit()'s function, or NULL */
	const char *modinfo, *modinfo_end;	       /* the "tag=value\0" strings of MODULE_*() */
	const struct kernel_param *kp_start, *kp_stop; /* module_param*() records */

	/* the loader's */
	const struct kernel_param *kp; /* the parameters, kp_start on */
	unsigned int num_kp;
	char *args; /* the arguments it was loaded with, as parse_args() left them */
	void *loader;
};

/*
 * module_init - the function the loader runs once the module is loaded
 * @initfn: int fn(void), returning 0 or -errno (the module is then unloaded, its exit not run)
 *
 * module_exit - the function run when the module is unloaded
 * @exitfn: void fn(void)
 *
 * A module without an exit cannot be unloaded (rmmod fails with EBUSY), as in the kernel.
 */
#ifdef MODULE
/*
 * Each ends in a declaration and its ';', as the kernel's do: kernel code writes them with a ';'
 * after or without
 */
#define module_init(initfn)                                      \
	static inline initcall_t __maybe_unused __inittest(void) \
	{                                                        \
		return initfn;                                   \
	}                                                        \
	int init_module(void) __attribute__((alias(#initfn)));   \
	int __kmem_module_init(void) __attribute__((alias(#initfn)));
#define module_exit(exitfn)                                        \
	static inline exitcall_t __maybe_unused __exittest(void)   \
	{                                                          \
		return exitfn;                                     \
	}                                                          \
	void cleanup_module(void) __attribute__((alias(#exitfn))); \
	void __kmem_module_exit(void) __attribute__((alias(#exitfn)));

/* hidden: each module's own, whatever else is loaded */
extern int init_module(void) __attribute__((visibility("hidden")));
extern void cleanup_module(void) __attribute__((visibility("hidden")));
/* weak: NULL in a module without module_init() or module_exit() */
extern int __kmem_module_init(void) __attribute__((weak, visibility("hidden")));
extern void __kmem_module_exit(void) __attribute__((weak, visibility("hidden")));
extern const struct kernel_param __start___param[] __attribute__((weak, visibility("hidden")));
extern const struct kernel_param __stop___param[] __attribute__((weak, visibility("hidden")));
extern const char __start___modinfo[] __attribute__((weak, visibility("hidden")));
extern const char __stop___modinfo[] __attribute__((weak, visibility("hidden")));

#ifdef KBUILD_MODNAME
#define __KMEM_MODNAME KBUILD_MODNAME
#else
/* the loader then names the module after its file, as kbuild would have */
#define __KMEM_MODNAME ""
#endif

struct module __this_module __attribute__((weak, visibility("hidden"))) = {
	.state = MODULE_STATE_UNFORMED,
	.name = __KMEM_MODNAME,
	.vermagic = KMEM_MODULE_VERMAGIC,
	.init = __kmem_module_init,
	.exit = __kmem_module_exit,
	.modinfo = __start___modinfo,
	.modinfo_end = __stop___modinfo,
	.kp_start = __start___param,
	.kp_stop = __stop___param,
};
/* What the loader looks up: the one exported name of a module */
struct module *const __kmem_module __attribute__((weak, visibility("default"))) = &__this_module;
#else
/*
 * Built into the program: there is no loader to run them, only their types are checked. A ';'
 * after them is an empty declaration, as after the kernel's.
 */
#define module_init(initfn)                                      \
	static inline initcall_t __maybe_unused __inittest(void) \
	{                                                        \
		return initfn;                                   \
	}
#define module_exit(exitfn)                                      \
	static inline exitcall_t __maybe_unused __exittest(void) \
	{                                                        \
		return exitfn;                                   \
	}
#endif

/* A "tag=info" string of the module's information, as `modinfo` lists it */
#define MODULE_INFO(tag, info) __MODULE_INFO(tag, tag, info)

/*
 * The license decides, in the kernel, whether loading taints it ("GPL", "GPL v2", "GPL and
 * additional rights", "Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL" do not); the loader says
 * so as the kernel does
 */
#define MODULE_LICENSE(_license)	 MODULE_INFO(license, _license)
#define MODULE_AUTHOR(_author)		 MODULE_INFO(author, _author)
#define MODULE_DESCRIPTION(_description) MODULE_INFO(description, _description)
#define MODULE_ALIAS(_alias)		 MODULE_INFO(alias, _alias)
/* "pre: a b post: c": modules modprobe would load around this one */
#define MODULE_SOFTDEP(_softdep)   MODULE_INFO(softdep, _softdep)
#define MODULE_WEAKDEP(_weakdep)   MODULE_INFO(weakdep, _weakdep)
#define MODULE_VERSION(_version)   MODULE_INFO(version, _version)
#define MODULE_FIRMWARE(_firmware) MODULE_INFO(firmware, _firmware)
#define MODULE_IMPORT_NS(ns)	   MODULE_INFO(import_ns, ns)
/* Device tables serve module autoloading, which a model without devices has no use for */
#define MODULE_DEVICE_TABLE(type, name)

static inline const char *module_name(const struct module *mod)
{
	return mod ? mod->name : "kernel";
}

/* A module stays loaded while it runs here: every reference succeeds */
static inline bool try_module_get(struct module *module)
{
	(void)module;
	return true;
}

static inline void __module_get(struct module *module)
{
	(void)module;
}

static inline void module_put(struct module *module)
{
	(void)module;
}

static inline bool module_is_live(struct module *mod)
{
	return mod->state != MODULE_STATE_GOING;
}

#endif
