/* SPDX-License-Identifier: GPL-2.0 */
/*
 * WARN and BUG (include/asm-generic/bug.h, kernel/panic.c, lib/bug.c), on impl/kernel/bug.c.
 *
 * A WARN that fires prints, through printk, the kernel's report without its registers and
 * call trace:
 *
 *	------------[ cut here ]------------
 *	[the WARN()'s own message]
 *	WARNING: CPU: 0 PID: 4242 at lib/test.c:57 test_init
 *	CPU: 0 PID: 4242 Comm: insmod
 *	---[ end trace 0000000000000000 ]---
 *
 * counts in kmem_warn_count(), and the code goes on. Every WARN macro returns its condition, so
 * it can be tested: if (WARN_ON(!p)) return -EINVAL. The _ONCE forms report the first time
 * at each call site and return the condition every time.
 *
 * BUG() prints "kernel BUG at FILE:LINE!" (and the oops lines after it), then runs the handler
 * kmem_set_bug_handler() set, which must not return (the module loader longjmps out of the
 * module that hit it); with none, the process aborts, as the kernel kills the task.
 */
#ifndef _KMEM_LINUX_BUG_H
#define _KMEM_LINUX_BUG_H

#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/once_lite.h>
#include <linux/types.h>

/* impl/kernel/bug.c: the report and the count; @fmt NULL for a WARN without a message */
__printf(4, 5) __cold
	void __kmem_warn(const char *file, int line, const char *func, const char *fmt, ...);
__noreturn __cold void __kmem_bug(const char *file, int line);

#define __WARN()	      __kmem_warn(__FILE__, __LINE__, __func__, NULL)
#define __WARN_printf(arg...) __kmem_warn(__FILE__, __LINE__, __func__, arg)

#define WARN_ON(condition)                         \
	({                                         \
		int __ret_warn_on = !!(condition); \
		if (unlikely(__ret_warn_on))       \
			__WARN();                  \
		unlikely(__ret_warn_on);           \
	})

#define WARN(condition, format...)                 \
	({                                         \
		int __ret_warn_on = !!(condition); \
		if (unlikely(__ret_warn_on))       \
			__WARN_printf(format);     \
		unlikely(__ret_warn_on);           \
	})

/* the taint is the kernel's business: reported as a plain WARN */
#define WARN_TAINT(condition, taint, format...) WARN(condition, format)

#define WARN_ON_ONCE(condition)			     DO_ONCE_LITE_IF(condition, __WARN)
#define WARN_ONCE(condition, format...)		     DO_ONCE_LITE_IF(condition, __WARN_printf, format)
#define WARN_TAINT_ONCE(condition, taint, format...) WARN_ONCE(condition, format)

/* SMP only: the model is SMP */
#define WARN_ON_SMP(x) WARN_ON(x)

#define BUG()                                   \
	do {                                    \
		__kmem_bug(__FILE__, __LINE__); \
	} while (0)

#define BUG_ON(condition)                \
	do {                             \
		if (unlikely(condition)) \
			BUG();           \
	} while (0)

#endif
