// SPDX-License-Identifier: GPL-2.0
/*
 * WARN, BUG and panic (kernel/panic.c __warn(), lib/bug.c report_bug(), arch die()): the
 * reports as the kernel's first lines look, without registers and call trace, each printed
 * whole through printk. A WARN counts (kmem_warn_count(), since boot) and returns; BUG and
 * panic end in the handler kmem_set_bug_handler() set, which must not return (the module
 * loader longjmps out of the module), or in abort() when there is none.
 */
#include <stdarg.h>
#include <stdlib.h>

#include <kmem/kmem.h>
#include <linux/bug.h>
#include <linux/panic.h>
#include <linux/printk.h>
#include <linux/sched.h>

#include "kenv.h"

#define CUT_HERE "------------[ cut here ]------------\n"

static unsigned long warn_count;
static int die_counter;
static void (*bug_handler)(const char *file, int line);

enum system_states system_state = SYSTEM_RUNNING;
int oops_in_progress;

unsigned long kmem_warn_count(void)
{
	return __atomic_load_n(&warn_count, __ATOMIC_RELAXED);
}

void kenv_warn_reset(void)
{
	__atomic_store_n(&warn_count, 0, __ATOMIC_RELAXED);
}

void kmem_set_bug_handler(void (*fn)(const char *file, int line))
{
	__atomic_store_n(&bug_handler, fn, __ATOMIC_RELEASE);
}

static void print_task(void)
{
	printk(KERN_WARNING "CPU: %d UID: 0 PID: %d Comm: %.20s\n", kenv_cpu(), current->pid,
	       current->comm);
}

void __kmem_warn(const char *file, int line, const char *func, const char *fmt, ...)
{
	kenv_printk_lock();
	printk(KERN_WARNING CUT_HERE);
	if (fmt) {
		va_list args;

		va_start(args, fmt);
		vprintk(fmt, args);
		va_end(args);
	}
	printk(KERN_WARNING "WARNING: CPU: %d PID: %d at %s:%d %s\n", kenv_cpu(), current->pid,
	       file, line, func);
	print_task();
	printk(KERN_WARNING "---[ end trace %016llx ]---\n", 0ULL);
	__atomic_fetch_add(&warn_count, 1, __ATOMIC_RELAXED);
	kenv_printk_unlock();
}

/* the task is done for: the handler takes it from here, else the process ends */
static __noreturn void die(const char *file, int line)
{
	void (*fn)(const char *file, int line) = __atomic_load_n(&bug_handler, __ATOMIC_ACQUIRE);

	if (fn)
		fn(file, line);
	abort();
}

void __kmem_bug(const char *file, int line)
{
	kenv_printk_lock();
	__atomic_fetch_add(&oops_in_progress, 1, __ATOMIC_RELAXED);
	printk(KERN_DEFAULT CUT_HERE);
	printk(KERN_CRIT "kernel BUG at %s:%d!\n", file, line);
	printk(KERN_DEFAULT "Oops: invalid opcode: 0000 [#%d] SMP\n",
	       __atomic_add_fetch(&die_counter, 1, __ATOMIC_RELAXED));
	print_task();
	printk(KERN_WARNING "---[ end trace %016llx ]---\n", 0ULL);
	__atomic_fetch_sub(&oops_in_progress, 1, __ATOMIC_RELAXED);
	kenv_printk_unlock();
	die(file, line);
}

void __kmem_panic(const char *file, int line, const char *fmt, ...)
{
	char buf[1024];
	va_list args;
	int len;

	va_start(args, fmt);
	len = kmem_vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	if (len >= (int)sizeof(buf))
		len = sizeof(buf) - 1;
	if (len && buf[len - 1] == '\n')
		buf[len - 1] = '\0';
	kenv_printk_lock();
	printk(KERN_EMERG "Kernel panic - not syncing: %s\n", buf);
	print_task();
	printk(KERN_EMERG "---[ end Kernel panic - not syncing: %s ]---\n", buf);
	kenv_printk_unlock();
	die(file, line);
}
