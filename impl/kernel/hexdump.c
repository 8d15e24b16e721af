// SPDX-License-Identifier: GPL-2.0
/*
 * Hex digits and hex dumps (lib/hexdump.c). A dump line is the kernel's: groups of 1, 2, 4 or 8
 * bytes printed as numbers in the host's byte order, separated by spaces, then, when asked,
 * the bytes as ASCII ('.' for the unprintable) from the column a full row's numbers would end
 * at plus two, so that the ASCII columns of a dump line up even on a short last row.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <linux/errno.h>
#include <linux/hex.h>
#include <linux/log2.h>
#include <linux/printk.h>

const char hex_asc[] = "0123456789abcdef";
const char hex_asc_upper[] = "0123456789ABCDEF";

int hex_to_bin(unsigned char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = tolower(ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

int hex2bin(u8 *dst, const char *src, size_t count)
{
	while (count--) {
		int hi = hex_to_bin(*src++), lo;

		if (hi < 0)
			return -EINVAL;
		lo = hex_to_bin(*src++);
		if (lo < 0)
			return -EINVAL;
		*dst++ = (u8)((hi << 4) | lo);
	}
	return 0;
}

char *bin2hex(char *dst, const void *src, size_t count)
{
	const unsigned char *p = src;

	while (count--)
		dst = hex_byte_pack(dst, *p++);
	return dst;
}

int hex_dump_to_buffer(const void *buf, size_t len, int rowsize, int groupsize, char *linebuf,
		       size_t linebuflen, bool ascii)
{
	const unsigned char *ptr = buf;
	int ngroups, ascii_column, need;
	size_t lx = 0, j;

	if (rowsize != 16 && rowsize != 32)
		rowsize = 16;
	if (len > (size_t)rowsize)
		len = rowsize;
	if (!is_power_of_2(groupsize) || groupsize > 8 || len % groupsize)
		groupsize = 1;
	ngroups = len / groupsize;
	ascii_column = rowsize * 2 + rowsize / groupsize + 1;

	/* what a line of @len bytes takes, whether or not it fits */
	if (ascii)
		need = ascii_column + (int)len;
	else
		need = ngroups ? (groupsize * 2 + 1) * ngroups - 1 : 0;
	if (linebuflen < (size_t)need + 1)
		return need;

	for (j = 0; j < (size_t)ngroups; j++) {
		unsigned long long v = 0;

		memcpy(&v, ptr + j * groupsize, groupsize);
		lx += snprintf(linebuf + lx, linebuflen - lx, "%s%0*llx", j ? " " : "",
			       groupsize * 2, v);
	}
	if (ascii) {
		while (lx < (size_t)ascii_column)
			linebuf[lx++] = ' ';
		for (j = 0; j < len; j++)
			linebuf[lx++] = isascii(ptr[j]) && isprint(ptr[j]) ? ptr[j] : '.';
	}
	linebuf[lx] = '\0';
	return lx;
}

void print_hex_dump(const char *level, const char *prefix_str, int prefix_type, int rowsize,
		    int groupsize, const void *buf, size_t len, bool ascii)
{
	const unsigned char *ptr = buf;
	char linebuf[32 * 3 + 2 + 32 + 1];
	size_t i, remaining = len;

	if (rowsize != 16 && rowsize != 32)
		rowsize = 16;
	for (i = 0; i < len; i += rowsize) {
		size_t linelen = remaining < (size_t)rowsize ? remaining : (size_t)rowsize;

		remaining -= linelen;
		hex_dump_to_buffer(ptr + i, linelen, rowsize, groupsize, linebuf, sizeof(linebuf),
				   ascii);
		switch (prefix_type) {
		case DUMP_PREFIX_ADDRESS:
			printk("%s%s%p: %s\n", level, prefix_str, ptr + i, linebuf);
			break;
		case DUMP_PREFIX_OFFSET:
			printk("%s%s%.8zx: %s\n", level, prefix_str, i, linebuf);
			break;
		default:
			printk("%s%s%s\n", level, prefix_str, linebuf);
			break;
		}
	}
}
