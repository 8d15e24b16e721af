/* SPDX-License-Identifier: GPL-2.0 */
/*
 * panic() (kernel/panic.c): "Kernel panic - not syncing: MESSAGE", then, as the machine would
 * halt, the BUG handler (kmem_set_bug_handler(): the module loader stops the module) with the
 * caller's file and line, or abort().
 */
#ifndef _KMEM_LINUX_PANIC_H
#define _KMEM_LINUX_PANIC_H

#include <stdarg.h>

#include <linux/compiler.h>
#include <linux/types.h>

__printf(3, 4) __noreturn __cold
	void __kmem_panic(const char *file, int line, const char *fmt, ...);
#define panic(fmt, ...) __kmem_panic(__FILE__, __LINE__, fmt, ##__VA_ARGS__)

/* taints (add_taint()) mark a kernel that had a WARN or loaded a module; the model keeps none */
#define TAINT_WARN	       9
#define LOCKDEP_STILL_OK       true
#define LOCKDEP_NOW_UNRELIABLE false
static inline void add_taint(unsigned int flag, bool lockdep_ok)
{
	(void)flag, (void)lockdep_ok;
}

#endif
