/* SPDX-License-Identifier: GPL-2.0 */
/*
 * printk() and the pr_*() family (include/linux/printk.h), on impl/kernel/printk.c: each
 * message goes to stderr as dmesg shows it, "[    1.234567] text", the time in seconds since
 * the model booted and the level dropped, and to the hook kmem_set_printk_hook() sets (tests,
 * KUnit). A message without a level has the default one (KERN_DEFAULT, 4 as the kernel's
 * default_message_loglevel); KERN_CONT continues the line the same task left open.
 *
 * A file may define pr_fmt() before its first include, as in the kernel
 * (#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt). pr_debug() and pr_devel() are compiled out
 * unless the file defines DEBUG (there is no dynamic debug), but their arguments are still
 * type-checked. Formats are the kernel's vsprintf ones: the C library's conversions, and the
 * kernel's pointer extensions %pe (error name), %pS/%ps/%pB (symbol), %px, %pK, %pa, %ph and %pV
 * (plain %p prints the address, unhashed).
 */
#ifndef _KMEM_LINUX_PRINTK_H
#define _KMEM_LINUX_PRINTK_H

#include <stdarg.h>

#include <linux/compiler.h>
#include <linux/kern_levels.h>
#include <linux/once_lite.h>
#include <linux/ratelimit.h>
#include <linux/types.h>

static inline int printk_get_level(const char *buffer)
{
	if (buffer[0] == KERN_SOH_ASCII && buffer[1]) {
		switch (buffer[1]) {
		case '0' ... '7':
		case 'c': /* KERN_CONT */
			return buffer[1];
		}
	}
	return 0;
}

static inline const char *printk_skip_level(const char *buffer)
{
	if (printk_get_level(buffer))
		return buffer + 2;
	return buffer;
}

static inline const char *printk_skip_headers(const char *buffer)
{
	while (printk_get_level(buffer))
		buffer = printk_skip_level(buffer);
	return buffer;
}

/* the level a message without one gets, and the console's (which shows everything here) */
#define MESSAGE_LOGLEVEL_DEFAULT CONFIG_MESSAGE_LOGLEVEL_DEFAULT
#define CONSOLE_LOGLEVEL_DEFAULT CONFIG_CONSOLE_LOGLEVEL_DEFAULT

/* a format and its arguments, printed by %pV */
struct va_format {
	const char *fmt;
	va_list *va;
};

/**
 * printk - print a kernel message
 * @fmt: the format, optionally after a KERN_* level
 *
 * Return: the length of the message, level prefix excluded.
 */
__printf(1, 2) __cold int printk(const char *fmt, ...);
__printf(1, 0) int vprintk(const char *fmt, va_list args);
/* printk() from contexts that may not take the console lock: the same thing here */
#define printk_deferred	 printk
#define vprintk_deferred vprintk

/*
 * A printk that is never made, for disabled debug statements: its arguments are still
 * checked against the format
 */
#define no_printk(fmt, ...)                         \
	({                                          \
		if (0)                              \
			printk(fmt, ##__VA_ARGS__); \
		0;                                  \
	})

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

#define pr_emerg(fmt, ...)  printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...)  printk(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...)   printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...)    printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)   printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...) printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)   printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
/* continues the previous line: no pr_fmt() prefix, no level */
#define pr_cont(fmt, ...) printk(KERN_CONT fmt, ##__VA_ARGS__)

#ifdef DEBUG
#define pr_devel(fmt, ...) printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...) printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#else
#define pr_devel(fmt, ...) no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...) no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#endif

/* once per call site; each returns whether its condition held (always, for these) */
#define printk_once(fmt, ...)	       DO_ONCE_LITE(printk, fmt, ##__VA_ARGS__)
#define printk_deferred_once(fmt, ...) DO_ONCE_LITE(printk, fmt, ##__VA_ARGS__)

#define pr_emerg_once(fmt, ...)	 printk_once(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert_once(fmt, ...)	 printk_once(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit_once(fmt, ...)	 printk_once(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err_once(fmt, ...)	 printk_once(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn_once(fmt, ...)	 printk_once(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice_once(fmt, ...) printk_once(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info_once(fmt, ...)	 printk_once(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_cont_once(fmt, ...)	 printk_once(KERN_CONT pr_fmt(fmt), ##__VA_ARGS__)
#ifdef DEBUG
#define pr_devel_once(fmt, ...) printk_once(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug_once(fmt, ...) printk_once(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#else
#define pr_devel_once(fmt, ...) no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug_once(fmt, ...) no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#endif

/* at most DEFAULT_RATELIMIT_BURST messages per call site every DEFAULT_RATELIMIT_INTERVAL */
#define printk_ratelimited(fmt, ...)                                           \
	({                                                                     \
		static DEFINE_RATELIMIT_STATE(_rs, DEFAULT_RATELIMIT_INTERVAL, \
					      DEFAULT_RATELIMIT_BURST);        \
                                                                               \
		if (__ratelimit(&_rs))                                         \
			printk(fmt, ##__VA_ARGS__);                            \
	})

#define pr_emerg_ratelimited(fmt, ...)	printk_ratelimited(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert_ratelimited(fmt, ...)	printk_ratelimited(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit_ratelimited(fmt, ...)	printk_ratelimited(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err_ratelimited(fmt, ...)	printk_ratelimited(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn_ratelimited(fmt, ...)	printk_ratelimited(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice_ratelimited(fmt, ...) printk_ratelimited(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info_ratelimited(fmt, ...)	printk_ratelimited(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#ifdef DEBUG
#define pr_devel_ratelimited(fmt, ...) printk_ratelimited(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug_ratelimited(fmt, ...) printk_ratelimited(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#else
#define pr_devel_ratelimited(fmt, ...) no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug_ratelimited(fmt, ...) no_printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#endif

/* one shared state for every caller: the kernel discourages it, and keeps it */
int __printk_ratelimit(const char *func);
#define printk_ratelimit() __printk_ratelimit(__func__)

/* the calling task's CPU, PID and name, and its call chain (the model's frames, by symbol) */
void dump_stack(void);
void dump_stack_lvl(const char *log_lvl);

/* hex dumps (lib/hexdump.c) */
enum { DUMP_PREFIX_NONE, DUMP_PREFIX_ADDRESS, DUMP_PREFIX_OFFSET };

/**
 * hex_dump_to_buffer - one line of a hex dump, as text
 * @buf: the bytes
 * @len: how many (at most @rowsize are shown)
 * @rowsize: bytes per line, 16 or 32 (anything else is 16)
 * @groupsize: bytes per group printed as one number, 1, 2, 4 or 8 (1 when @len is not a
 *	multiple of it)
 * @linebuf: where the text goes
 * @linebuflen: its size
 * @ascii: also show the bytes as ASCII, in a column after the numbers
 *
 * Return: the length the line has (even when @linebuf is too small for it).
 */
int hex_dump_to_buffer(const void *buf, size_t len, int rowsize, int groupsize, char *linebuf,
		       size_t linebuflen, bool ascii);
/* @buf as hex dump lines at @level, each after @prefix_str and an address or offset */
void print_hex_dump(const char *level, const char *prefix_str, int prefix_type, int rowsize,
		    int groupsize, const void *buf, size_t len, bool ascii);
#ifdef DEBUG
#define print_hex_dump_debug(prefix_str, prefix_type, rowsize, groupsize, buf, len, ascii) \
	print_hex_dump(KERN_DEBUG, prefix_str, prefix_type, rowsize, groupsize, buf, len, ascii)
#else
static inline void print_hex_dump_debug(const char *prefix_str, int prefix_type, int rowsize,
					int groupsize, const void *buf, size_t len, bool ascii)
{
	(void)prefix_str, (void)prefix_type, (void)rowsize, (void)groupsize, (void)buf, (void)len;
	(void)ascii;
}
#endif
#define print_hex_dump_bytes(prefix_str, prefix_type, buf, len) \
	print_hex_dump_debug(prefix_str, prefix_type, 16, 1, buf, len, true)

#endif
