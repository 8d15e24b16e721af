/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/kernel.h>: the uapi header first (struct sysinfo, which the C library's
 * <sys/sysinfo.h> takes from it), then the usual set kernel code expects from it: compiler and
 * types, printk, WARN/BUG, error pointers, min/max, bit operations, logarithms, strings, sizes,
 * and the arithmetic helpers (ARRAY_SIZE, DIV_ROUND_UP, round_up, ALIGN, container_of, swap).
 */
#ifndef _KMEM_LINUX_KERNEL_H
#define _KMEM_LINUX_KERNEL_H

#include_next <linux/kernel.h>
#include <stdarg.h>

#include <linux/align.h>
#include <linux/args.h>
#include <linux/array_size.h>
#include <linux/bitops.h>
#include <linux/bug.h>
#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/container_of.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/hex.h>
#include <linux/instruction_pointer.h>
#include <linux/kstrtox.h>
#include <linux/limits.h>
#include <linux/linkage.h>
#include <linux/log2.h>
#include <linux/math.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/panic.h>
#include <linux/printk.h>
#include <linux/sizes.h>
#include <linux/sprintf.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/stringify.h>
#include <linux/typecheck.h>
#include <linux/types.h>
#include <linux/wordpart.h>

#define STACK_MAGIC 0xdeadbeef

/*
 * might_sleep() - the caller may sleep: a check of atomic context in a debug kernel
 * (CONFIG_DEBUG_ATOMIC_SLEEP, off on Debian's), a possible preemption point in a voluntary
 * one; here threads are preempted by the host whenever it likes, so it does nothing
 */
#define might_sleep() \
	do {          \
	} while (0)
#define might_resched() \
	do {            \
	} while (0)
#define might_sleep_if(cond)  \
	do {                  \
		(void)(cond); \
	} while (0)
#define cant_sleep() \
	do {         \
	} while (0)
#define cant_migrate() \
	do {           \
	} while (0)
#define might_fault() \
	do {          \
	} while (0)
#define non_block_start() \
	do {              \
	} while (0)
#define non_block_end() \
	do {            \
	} while (0)
#define sched_annotate_sleep() \
	do {                   \
	} while (0)

/* a pointer from a u64 of an ioctl structure */
#define u64_to_user_ptr(x) ((void __user *)(uintptr_t)(x))

/* where boot is: a module is loaded into a running system */
enum system_states {
	SYSTEM_BOOTING,
	SYSTEM_SCHEDULING,
	SYSTEM_FREEING_INITMEM,
	SYSTEM_RUNNING,
	SYSTEM_HALT,
	SYSTEM_POWER_OFF,
	SYSTEM_RESTART,
	SYSTEM_SUSPEND,
};
extern enum system_states system_state;

/* nonzero while an oops is being printed */
extern int oops_in_progress;

/* ftrace's printk into the trace buffer: printk here */
#define trace_printk(fmt, ...) printk(KERN_INFO fmt, ##__VA_ARGS__)
static inline void tracing_on(void)
{
}

static inline void tracing_off(void)
{
}

#endif
