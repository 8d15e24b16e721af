// SPDX-License-Identifier: GPL-2.0
/*
 * printk (kernel/printk/printk.c), as `dmesg` shows its records: one line per line of a
 * message, "[    1.234567] " (seconds since the model booted, CONFIG_PRINTK_TIME) before it, the
 * level dropped. The kernel keeps records in a ring and consoles print them later; here each
 * message is written to stderr at once, whole, under one lock, so lines of different threads
 * never mix.
 *
 * Continuation: a message that does not end with a newline leaves its line open. A KERN_CONT
 * message from the same task appends to it, without a timestamp; any other message first ends
 * the open line, as the kernel's record of the first task is finalized when another task logs.
 *
 * Every message is also handed, as formatted and without its level prefix, to the hook of
 * kmem_set_printk_hook() (tests, KUnit), with its level: 0-7, the default level (4, the
 * kernel's default_message_loglevel) for a message without one, and the open line's level for
 * a continuation. A printk from inside the hook is printed but not handed to the hook again.
 */
#define _GNU_SOURCE
#include <execinfo.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <kmem/kmem.h>
#include <linux/printk.h>
#include <linux/sched.h>

#include "kenv.h"

/* the kernel's record limit: longer messages are cut */
#define PRINTK_MESSAGE_MAX 1024
#define PRINTK_PREFIX_MAX  32

/* recursive: the hook may printk, and printk must not deadlock on itself */
static pthread_mutex_t printk_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
/* protected by printk_lock */
static void (*printk_hook)(int level, const char *text, void *arg);
static void *printk_hook_arg;
static bool line_open;			    /* the last message did not end with a newline */
static const struct task_struct *line_task; /* whose line it is */
static int line_level;
static __thread bool in_hook;

void kenv_printk_lock(void)
{
	pthread_mutex_lock(&printk_lock);
}

void kenv_printk_unlock(void)
{
	pthread_mutex_unlock(&printk_lock);
}

void kmem_set_printk_hook(void (*fn)(int level, const char *text, void *arg), void *arg)
{
	pthread_mutex_lock(&printk_lock);
	printk_hook = fn;
	printk_hook_arg = arg;
	pthread_mutex_unlock(&printk_lock);
}

/* @text (@len bytes) to stderr, each line after the time stamp @stamp; @cont: no first stamp */
static void emit(const char *stamp, const char *text, size_t len, bool cont)
{
	char out[PRINTK_MESSAGE_MAX * 2 + PRINTK_PREFIX_MAX];
	size_t stamp_len = strlen(stamp), n = 0, i;
	bool at_start = !cont;

	for (i = 0; i < len && n + stamp_len + 2 < sizeof(out); i++) {
		if (at_start) {
			memcpy(out + n, stamp, stamp_len);
			n += stamp_len;
			at_start = false;
		}
		out[n++] = text[i];
		if (text[i] == '\n')
			at_start = true;
	}
	fwrite(out, 1, n, stderr);
}

int vprintk(const char *fmt, va_list args)
{
	char text[PRINTK_MESSAGE_MAX], stamp[PRINTK_PREFIX_MAX];
	int level = LOGLEVEL_DEFAULT, len;
	const char *msg = text;
	bool cont = false;
	uint64_t ns = kenv_clock_ns();
	size_t msg_len;

	len = kmem_vsnprintf(text, sizeof(text), fmt, args);
	if (len >= (int)sizeof(text))
		len = sizeof(text) - 1;
	while (printk_get_level(msg)) {
		if (msg[1] == 'c')
			cont = true;
		else
			level = msg[1] - '0';
		msg += 2;
	}
	msg_len = len - (msg - text);
	snprintf(stamp, sizeof(stamp), "[%5lu.%06lu] ", (unsigned long)(ns / 1000000000),
		 (unsigned long)(ns % 1000000000 / 1000));

	pthread_mutex_lock(&printk_lock);
	if (cont && line_open && line_task == current) {
		if (level == LOGLEVEL_DEFAULT)
			level = line_level;
	} else {
		cont = false;
		if (line_open)
			fputc('\n', stderr);
		line_open = false;
		if (level == LOGLEVEL_DEFAULT)
			level = MESSAGE_LOGLEVEL_DEFAULT;
	}
	if (msg_len) {
		emit(stamp, msg, msg_len, cont);
		line_open = msg[msg_len - 1] != '\n';
		line_task = current;
		line_level = level;
	}
	if (printk_hook && !in_hook) {
		in_hook = true;
		printk_hook(level, msg, printk_hook_arg);
		in_hook = false;
	}
	pthread_mutex_unlock(&printk_lock);
	return (int)msg_len;
}

int printk(const char *fmt, ...)
{
	va_list args;
	int ret;

	va_start(args, fmt);
	ret = vprintk(fmt, args);
	va_end(args);
	return ret;
}

int __printk_ratelimit(const char *func)
{
	static DEFINE_RATELIMIT_STATE(printk_ratelimit_state, 5 * HZ, 10);

	return ___ratelimit(&printk_ratelimit_state, func);
}

void dump_stack_lvl(const char *log_lvl)
{
	void *frames[32];
	int n = backtrace(frames, 32);

	printk("%sCPU: %d UID: 0 PID: %d Comm: %.20s\n", log_lvl, kenv_cpu(), current->pid,
	       current->comm);
	printk("%sCall Trace:\n", log_lvl);
	printk("%s <TASK>\n", log_lvl);
	/* frames[0] is this function */
	for (int i = 1; i < n; i++)
		printk("%s %pS\n", log_lvl, frames[i]);
	printk("%s </TASK>\n", log_lvl);
}

void dump_stack(void)
{
	dump_stack_lvl(KERN_DEFAULT);
}
