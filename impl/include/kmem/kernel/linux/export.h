/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/export.h> as kernel code sees it: EXPORT_SYMBOL() and its variants, and THIS_MODULE.
 *
 * A module here is a shared object whose undefined symbols the dynamic linker resolves against
 * the program that loads it (kmembench exports all of the model), as the kernel's loader
 * resolves a module's against the kernel's export table. A module's own exports would be
 * resolved the same way, so the macros record nothing: they only check that the symbol exists,
 * so that a typo stays a compile error as in the kernel.
 */
#ifndef _KMEM_LINUX_EXPORT_H
#define _KMEM_LINUX_EXPORT_H

struct module;

/* a reference the compiler must see, and may then drop */
#define __KMEM_EXPORT(sym) extern __typeof__(sym) sym

/* 6.18's names; EXPORT_SYMBOL_FOR_MODULES was EXPORT_SYMBOL_GPL_FOR_MODULES in 6.16 */
#define EXPORT_SYMBOL(sym)		     __KMEM_EXPORT(sym)
#define EXPORT_SYMBOL_GPL(sym)		     __KMEM_EXPORT(sym)
#define EXPORT_SYMBOL_NS(sym, ns)	     __KMEM_EXPORT(sym)
#define EXPORT_SYMBOL_NS_GPL(sym, ns)	     __KMEM_EXPORT(sym)
#define EXPORT_SYMBOL_FOR_MODULES(sym, mods) __KMEM_EXPORT(sym)

/*
 * THIS_MODULE: in code built as a module (-DMODULE, as kbuild and kmem_add_module() build it),
 * the module's own descriptor, which <linux/module.h> defines once per module however many
 * files include it; hidden, so that each module's references stay its own even though every
 * module names it alike. Elsewhere (code built into the program) NULL, as in the kernel.
 */
#ifdef MODULE
extern struct module __this_module __attribute__((visibility("hidden")));
#define THIS_MODULE (&__this_module)
#else
#define THIS_MODULE ((struct module *)0)
#endif

#endif
