/* SPDX-License-Identifier: GPL-2.0 */
/* Hex digits (include/linux/hex.h, lib/hexdump.c) */
#ifndef _KMEM_LINUX_HEX_H
#define _KMEM_LINUX_HEX_H

#include <linux/compiler.h>
#include <linux/types.h>

extern const char hex_asc[];
#define hex_asc_lo(x) hex_asc[((x)&0x0f)]
#define hex_asc_hi(x) hex_asc[((x)&0xf0) >> 4]
extern const char hex_asc_upper[];
#define hex_asc_upper_lo(x) hex_asc_upper[((x)&0x0f)]
#define hex_asc_upper_hi(x) hex_asc_upper[((x)&0xf0) >> 4]

/* two lowercase hex digits of @byte at @buf; returns the position after them */
static inline char *hex_byte_pack(char *buf, u8 byte)
{
	*buf++ = hex_asc_hi(byte);
	*buf++ = hex_asc_lo(byte);
	return buf;
}

static inline char *hex_byte_pack_upper(char *buf, u8 byte)
{
	*buf++ = hex_asc_upper_hi(byte);
	*buf++ = hex_asc_upper_lo(byte);
	return buf;
}

/* the value of one hex digit, or -1 */
int hex_to_bin(unsigned char ch);
/* @count bytes from 2 * @count hex digits; 0, or -EINVAL on a bad digit */
int __must_check hex2bin(u8 *dst, const char *src, size_t count);
/* 2 * @count hex digits of @src's bytes at @dst (no NUL); returns the position after them */
char *bin2hex(char *dst, const void *src, size_t count);

#endif
