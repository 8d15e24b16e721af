// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's vsnprintf() (lib/vsprintf.c), for printk() and the kernel's own formatting
 * functions (scnprintf, kasprintf).
 *
 * The format is walked one conversion at a time. A standard conversion (%d, %lu, %s, %zx,
 * %-8.3f, ...) is handed, rebuilt with its width and precision resolved, to the C library's
 * snprintf() with an argument of the type its length modifier names, so it prints exactly as
 * the C library (and the kernel, which agrees with it there) prints it. %p and what follows it
 * is the kernel's own:
 *
 *	%p, %pK, %px	the address as 16 hex digits without 0x (the kernel hashes %p and
 *			%pK; the model has no secrets to keep, so it prints them as %px)
 *	%pe		an error pointer as its name (-ENOMEM), any other pointer as %p
 *	%pS, %pB, %ps	the symbol: name+0xoff/0xsize [object], or the name alone for %ps,
 *			from the host's dynamic symbol table (dladdr); the address when none
 *	%pa[p], %pad	the phys_addr_t / dma_addr_t the argument points to, as 0x%016llx
 *	%*ph[CDN]	up to 64 bytes as hex, separated by ' ' (C ':', D '-', N none)
 *	%pV		a struct va_format, formatted in place
 *
 * As in the kernel, every letter and digit after %p belongs to the extension; one the model
 * does not know prints the address. %n writes nothing (the kernel refuses it).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dlfcn.h>
#include <limits.h>
#include <link.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/err.h>
#include <linux/errno.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/sprintf.h>

#include "kenv.h"

/* the output: @size bytes at @buf, @len what the whole text needs (as vsnprintf returns) */
struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put_char(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_str(struct out *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put_char(o, s[i]);
}

/* snprintf() of one conversion into the output, NUL kept in place */
static __printf(2, 3) void put_fmt(struct out *o, const char *spec, ...)
{
	size_t room = o->len < o->size ? o->size - o->len : 0;
	va_list ap;
	int n;

	va_start(ap, spec);
	n = vsnprintf(room ? o->buf + o->len : NULL, room, spec, ap);
	va_end(ap);
	if (n > 0)
		o->len += n;
}

/* ---- error names, for %pe (lib/errname.c) ---- */

#define E(err) [err] = "-" #err
static const char *const errnames[] = {
	E(EPERM),
	E(ENOENT),
	E(ESRCH),
	E(EINTR),
	E(EIO),
	E(ENXIO),
	E(E2BIG),
	E(ENOEXEC),
	E(EBADF),
	E(ECHILD),
	E(EAGAIN),
	E(ENOMEM),
	E(EACCES),
	E(EFAULT),
	E(ENOTBLK),
	E(EBUSY),
	E(EEXIST),
	E(EXDEV),
	E(ENODEV),
	E(ENOTDIR),
	E(EISDIR),
	E(EINVAL),
	E(ENFILE),
	E(EMFILE),
	E(ENOTTY),
	E(ETXTBSY),
	E(EFBIG),
	E(ENOSPC),
	E(ESPIPE),
	E(EROFS),
	E(EMLINK),
	E(EPIPE),
	E(EDOM),
	E(ERANGE),
	E(EDEADLK),
	E(ENAMETOOLONG),
	E(ENOLCK),
	E(ENOSYS),
	E(ENOTEMPTY),
	E(ELOOP),
	E(ENOMSG),
	E(EIDRM),
	E(ENOSTR),
	E(ENODATA),
	E(ETIME),
	E(ENOSR),
	E(EREMOTE),
	E(ENOLINK),
	E(EPROTO),
	E(EBADMSG),
	E(EOVERFLOW),
	E(EILSEQ),
	E(EUSERS),
	E(ENOTSOCK),
	E(EDESTADDRREQ),
	E(EMSGSIZE),
	E(EPROTOTYPE),
	E(ENOPROTOOPT),
	E(EPROTONOSUPPORT),
	E(EOPNOTSUPP),
	E(EAFNOSUPPORT),
	E(EADDRINUSE),
	E(EADDRNOTAVAIL),
	E(ENETDOWN),
	E(ENETUNREACH),
	E(ECONNABORTED),
	E(ECONNRESET),
	E(ENOBUFS),
	E(EISCONN),
	E(ENOTCONN),
	E(ETIMEDOUT),
	E(ECONNREFUSED),
	E(EHOSTUNREACH),
	E(EALREADY),
	E(EINPROGRESS),
	E(ESTALE),
	E(EDQUOT),
	E(ECANCELED),
	E(EOWNERDEAD),
	E(ENOTRECOVERABLE),
	E(ERFKILL),
	E(EHWPOISON),
	E(ERESTARTSYS),
	E(ERESTARTNOINTR),
	E(ERESTARTNOHAND),
	E(ENOIOCTLCMD),
	E(ERESTART_RESTARTBLOCK),
	E(EPROBE_DEFER),
	E(EOPENSTALE),
	E(ENOPARAM),
	E(EBADHANDLE),
	E(ENOTSYNC),
	E(EBADCOOKIE),
	E(ENOTSUPP),
	E(ETOOSMALL),
	E(ESERVERFAULT),
	E(EBADTYPE),
	E(EJUKEBOX),
	E(EIOCBQUEUED),
	E(ERECALLCONFLICT),
	E(ENOGRACE),
};
#undef E

const char *kmem_errname(int err)
{
	unsigned int e = err < 0 ? -err : err;

	if (e >= ARRAY_SIZE(errnames) || !errnames[e])
		return NULL;
	/* the names carry the minus sign: a positive error prints without it */
	return err < 0 ? errnames[e] : errnames[e] + 1;
}

/* ---- %p extensions ---- */

static void put_address(struct out *o, const void *ptr)
{
	put_fmt(o, "%016lx", (unsigned long)ptr);
}

/* %pS: name+0xoff/0xsize, and the object's name when it is not the program itself */
static void put_symbol(struct out *o, const void *addr, bool with_offset)
{
	const ElfW(Sym) *sym = NULL;
	Dl_info info;

	if (!dladdr1(addr, &info, (void **)&sym, RTLD_DL_SYMENT) || !info.dli_sname || !sym ||
	    (uintptr_t)addr < (uintptr_t)info.dli_saddr ||
	    (sym->st_size && (uintptr_t)addr >= (uintptr_t)info.dli_saddr + sym->st_size)) {
		/* a static function, or no symbol covers the address: the kernel's raw form */
		put_fmt(o, "0x%lx", (unsigned long)addr);
		return;
	}
	put_str(o, info.dli_sname, strlen(info.dli_sname));
	if (with_offset)
		put_fmt(o, "+0x%lx/0x%lx",
			(unsigned long)((uintptr_t)addr - (uintptr_t)info.dli_saddr),
			(unsigned long)sym->st_size);
	if (with_offset && info.dli_fname && info.dli_fname[0]) {
		const char *base = strrchr(info.dli_fname, '/');
		size_t n;

		base = base ? base + 1 : info.dli_fname;
		n = strcspn(base, ".");
		if (strstr(base, ".so"))
			put_fmt(o, " [%.*s]", (int)n, base);
	}
}

/* %*ph: @len bytes (the field width, default 1, at most 64) separated by @sep */
static void put_hex(struct out *o, const unsigned char *p, int len, char sep)
{
	if (len < 0)
		len = 1;
	if (len > 64)
		len = 64;
	for (int i = 0; i < len; i++) {
		if (i && sep)
			put_char(o, sep);
		put_fmt(o, "%02x", p[i]);
	}
}

static void format(struct out *o, const char *fmt, va_list *args);

/*
 * One %p conversion: @fmt points after the 'p', @width is the field width (%*ph's length).
 * Returns the format after the extension letters.
 */
static const char *put_pointer(struct out *o, const char *fmt, int width, const void *ptr)
{
	const char *ext = fmt;

	while (isalnum((unsigned char)*fmt))
		fmt++;
	switch (*ext) {
	case 'e':
		if (IS_ERR(ptr)) {
			const char *name = kmem_errname((int)PTR_ERR(ptr));

			if (name)
				put_str(o, name, strlen(name));
			else
				put_fmt(o, "%ld", PTR_ERR(ptr));
		} else {
			put_address(o, ptr);
		}
		break;
	case 'S':
	case 'B':
	case 's':
		if (!ptr)
			put_fmt(o, "0x0");
		else
			put_symbol(o, ptr, *ext != 's');
		break;
	case 'a':
		if (!ptr)
			put_str(o, "(null)", 6);
		else if (ext[1] == 'd')
			put_fmt(o, "0x%016llx", (unsigned long long)*(const dma_addr_t *)ptr);
		else
			put_fmt(o, "0x%016llx", (unsigned long long)*(const phys_addr_t *)ptr);
		break;
	case 'h':
		if (!ptr)
			put_str(o, "(null)", 6);
		else
			put_hex(o, ptr, width,
				ext[1] == 'C'	? ':'
				: ext[1] == 'D' ? '-'
				: ext[1] == 'N' ? 0
						: ' ');
		break;
	case 'V':
		if (!ptr) {
			put_str(o, "(null)", 6);
		} else {
			const struct va_format *vaf = ptr;
			va_list copy;

			va_copy(copy, *vaf->va);
			format(o, vaf->fmt, &copy);
			va_end(copy);
		}
		break;
	default: /* %p, %pK, %px, and what the model does not know */
		put_address(o, ptr);
		break;
	}
	return fmt;
}

/*
 * A standard conversion: @spec holds it whole ("%-08.3lld"), widths resolved; @conv and
 * @length (the modifier's letters) say which argument type to fetch
 */
static void put_conversion(struct out *o, const char *spec, const char *length, char conv,
			   va_list *args)
{
	switch (conv) {
	case 'd':
	case 'i':
		if (!strcmp(length, "ll") || !strcmp(length, "L") || !strcmp(length, "q"))
			put_fmt(o, spec, va_arg(*args, long long));
		else if (!strcmp(length, "l") || !strcmp(length, "z") || !strcmp(length, "t") ||
			 !strcmp(length, "j"))
			put_fmt(o, spec, va_arg(*args, long));
		else
			put_fmt(o, spec, va_arg(*args, int));
		break;
	case 'u':
	case 'o':
	case 'x':
	case 'X':
		if (!strcmp(length, "ll") || !strcmp(length, "L") || !strcmp(length, "q"))
			put_fmt(o, spec, va_arg(*args, unsigned long long));
		else if (!strcmp(length, "l") || !strcmp(length, "z") || !strcmp(length, "t") ||
			 !strcmp(length, "j"))
			put_fmt(o, spec, va_arg(*args, unsigned long));
		else
			put_fmt(o, spec, va_arg(*args, unsigned int));
		break;
	case 'c':
		put_fmt(o, spec, va_arg(*args, int));
		break;
	case 's': {
		const char *s = va_arg(*args, const char *);

		/* the kernel's string() prints these rather than fault */
		if (!s)
			s = "(null)";
		else if (IS_ERR(s))
			s = "(efault)";
		put_fmt(o, spec, s);
		break;
	}
	case 'e':
	case 'E':
	case 'f':
	case 'F':
	case 'g':
	case 'G':
	case 'a':
	case 'A':
		if (!strcmp(length, "L"))
			put_fmt(o, spec, va_arg(*args, long double));
		else
			put_fmt(o, spec, va_arg(*args, double));
		break;
	case 'n':
		(void)va_arg(*args, void *);
		break;
	default:
		put_str(o, spec, strlen(spec));
		break;
	}
}

static void format(struct out *o, const char *fmt, va_list *args)
{
	while (*fmt) {
		char spec[64], length[3] = "";
		const char *start = fmt;
		int width = -1, precision = -1, n = 0;
		size_t flags_len;

		if (*fmt != '%') {
			const char *pct = strchr(fmt, '%');
			size_t run = pct ? (size_t)(pct - fmt) : strlen(fmt);

			put_str(o, fmt, run);
			fmt += run;
			continue;
		}
		fmt++;
		if (*fmt == '%') {
			put_char(o, '%');
			fmt++;
			continue;
		}
		flags_len = strspn(fmt, "-+ #0");
		fmt += flags_len;
		if (*fmt == '*') {
			width = va_arg(*args, int);
			fmt++;
		} else if (isdigit((unsigned char)*fmt)) {
			width = (int)strtol(fmt, (char **)&fmt, 10);
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				precision = va_arg(*args, int);
				fmt++;
			} else {
				precision = (int)strtol(fmt, (char **)&fmt, 10);
				if (precision < 0)
					precision = 0;
			}
		}
		while (*fmt && strchr("hlLqjzt", *fmt) && n < 2)
			length[n++] = *fmt++;
		length[n] = '\0';
		if (!*fmt) { /* a format that ends inside a conversion: as it is */
			put_str(o, start, strlen(start));
			break;
		}
		if (*fmt == 'p') {
			fmt = put_pointer(o, fmt + 1, width, va_arg(*args, void *));
			continue;
		}
		/* the conversion, rebuilt with the widths the '*'s named */
		n = snprintf(spec, sizeof(spec), "%%%.*s", (int)flags_len, start + 1);
		if (width >= 0)
			n += snprintf(spec + n, sizeof(spec) - n, "%d", width);
		if (precision >= 0)
			n += snprintf(spec + n, sizeof(spec) - n, ".%d", precision);
		snprintf(spec + n, sizeof(spec) - n, "%s%c", length, *fmt);
		put_conversion(o, spec, length, *fmt, args);
		fmt++;
	}
}

int kmem_vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct out o = { .buf = buf, .size = size };
	va_list copy;

	va_copy(copy, args);
	format(&o, fmt, &copy);
	va_end(copy);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len > INT_MAX ? INT_MAX : (int)o.len;
}

int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	int len = kmem_vsnprintf(buf, size, fmt, args);

	if ((size_t)len < size)
		return len;
	return size ? (int)size - 1 : 0;
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = vscnprintf(buf, size, fmt, args);
	va_end(args);
	return len;
}

char *kvasprintf(gfp_t gfp, const char *fmt, va_list args)
{
	char *p;
	int len;

	len = kmem_vsnprintf(NULL, 0, fmt, args);
	p = kmalloc(len + 1, gfp);
	if (!p)
		return NULL;
	kmem_vsnprintf(p, len + 1, fmt, args);
	return p;
}

const char *kvasprintf_const(gfp_t gfp, const char *fmt, va_list args)
{
	return kvasprintf(gfp, fmt, args);
}

char *kasprintf(gfp_t gfp, const char *fmt, ...)
{
	va_list args;
	char *p;

	va_start(args, fmt);
	p = kvasprintf(gfp, fmt, args);
	va_end(args);
	return p;
}

int num_to_str(char *buf, int size, unsigned long long num, unsigned int width)
{
	char tmp[32];
	int len = snprintf(tmp, sizeof(tmp), "%0*llu", (int)width, num);

	if (len > size)
		return 0;
	memcpy(buf, tmp, len);
	return len;
}
