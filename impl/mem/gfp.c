// SPDX-License-Identifier: GPL-2.0
/*
 * gfp flag names, in the order of the kernel's __def_gfpflag_names (include/trace/events/
 * mmflags.h): composite type flags first, so a mask prints as "GFP_KERNEL|__GFP_ZERO" exactly as
 * show_gfp_flags() and %pGg print it. The allocation-failure warning uses it here; the trace
 * parser reads the same names back.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define GFP_NAME(f)   \
	{             \
		f, #f \
	}

const struct gfp_name gfp_names[] = {
	GFP_NAME(GFP_TRANSHUGE),
	GFP_NAME(GFP_TRANSHUGE_LIGHT),
	GFP_NAME(GFP_HIGHUSER_MOVABLE),
	GFP_NAME(GFP_HIGHUSER),
	GFP_NAME(GFP_USER),
	GFP_NAME(GFP_KERNEL_ACCOUNT),
	GFP_NAME(GFP_KERNEL),
	GFP_NAME(GFP_NOFS),
	GFP_NAME(GFP_ATOMIC),
	GFP_NAME(GFP_NOIO),
	GFP_NAME(GFP_NOWAIT),
	GFP_NAME(GFP_DMA),
	GFP_NAME(__GFP_HIGHMEM),
	GFP_NAME(GFP_DMA32),
	GFP_NAME(__GFP_HIGH),
	GFP_NAME(__GFP_IO),
	GFP_NAME(__GFP_FS),
	GFP_NAME(__GFP_NOWARN),
	GFP_NAME(__GFP_RETRY_MAYFAIL),
	GFP_NAME(__GFP_NOFAIL),
	GFP_NAME(__GFP_NORETRY),
	GFP_NAME(__GFP_COMP),
	GFP_NAME(__GFP_ZERO),
	GFP_NAME(__GFP_NOMEMALLOC),
	GFP_NAME(__GFP_MEMALLOC),
	GFP_NAME(__GFP_HARDWALL),
	GFP_NAME(__GFP_THISNODE),
	GFP_NAME(__GFP_RECLAIMABLE),
	GFP_NAME(__GFP_MOVABLE),
	GFP_NAME(__GFP_ACCOUNT),
	GFP_NAME(__GFP_WRITE),
	GFP_NAME(__GFP_RECLAIM),
	GFP_NAME(__GFP_DIRECT_RECLAIM),
	GFP_NAME(__GFP_KSWAPD_RECLAIM),
	GFP_NAME(__GFP_ZEROTAGS),
	GFP_NAME(__GFP_SKIP_ZERO),
	GFP_NAME(__GFP_SKIP_KASAN),
	GFP_NAME(__GFP_NOLOCKDEP),
	GFP_NAME(__GFP_NO_OBJ_EXT),
	GFP_NAME(__GFP_COLD),
};
const int nr_gfp_names = (int)ARRAY_SIZE(gfp_names);

void format_gfp_flags(gfp_t gfp, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	if (!gfp) {
		snprintf(buf, size, "none");
		return;
	}
	for (int i = 0; i < nr_gfp_names && gfp; i++) {
		gfp_t mask = gfp_names[i].mask;

		if ((gfp & mask) != mask)
			continue;
		gfp &= ~mask;
		n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s", n ? "|" : "",
				      gfp_names[i].name);
	}
	if (gfp)
		snprintf(buf + n, n < size ? size - n : 0, "%s%#x", n ? "|" : "", gfp);
}

void kmem_format_gfp(unsigned int gfp, char *buf, size_t size)
{
	format_gfp_flags(gfp, buf, size);
}

/*
 * Names the kernel's table does not print but a trace or a user may write: the zone bits
 * under their own names (the table says GFP_DMA, GFP_DMA32), and the 2.6-era ones
 */
static const struct gfp_name gfp_aliases[] = {
	GFP_NAME(__GFP_DMA),	 /* printed as GFP_DMA */
	GFP_NAME(__GFP_DMA32),	 /* printed as GFP_DMA32 */
	GFP_NAME(__GFP_WAIT),	 /* __GFP_DIRECT_RECLAIM since 4.4 */
	GFP_NAME(__GFP_REPEAT),	 /* __GFP_RETRY_MAYFAIL since 4.13 */
	GFP_NAME(GFP_TEMPORARY), /* gone in 4.15 */
};

static bool gfp_lookup(const char *tok, size_t len, const struct gfp_name *tab, int n, gfp_t *mask)
{
	for (int i = 0; i < n; i++) {
		if (strlen(tab[i].name) == len && !memcmp(tab[i].name, tok, len)) {
			*mask = tab[i].mask;
			return true;
		}
	}
	return false;
}

/* A flag name is an identifier: letters, digits and underscores */
static bool gfp_identifier(const char *tok, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char c = tok[i];

		if (!(c == '_' || (c >= '0' && c <= '9') ||
		      ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')))
			return false;
	}
	return true;
}

/* "0x..." with 1 to 8 hex digits and nothing else */
static bool gfp_hex(const char *tok, size_t len, gfp_t *mask)
{
	gfp_t v = 0;

	if (len < 3 || len > 10 || tok[0] != '0' || (tok[1] != 'x' && tok[1] != 'X'))
		return false;
	for (size_t i = 2; i < len; i++) {
		char c = tok[i];
		unsigned int d;

		if (c >= '0' && c <= '9')
			d = (unsigned int)(c - '0');
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			d = (unsigned int)((c | 0x20) - 'a' + 10);
		else
			return false;
		v = (v << 4) | d;
	}
	*mask = v;
	return true;
}

/*
 * show_gfp_flags() prints a mask as the names of __def_gfpflag_names that cover it, joined by
 * '|', the bits no name covers as one hex number at the end, and 0 as "none". Reading it back
 * ORs the tokens together; each is a name of gfp_names[] (or an old alias) or a hex number, so a
 * bare "0x400cc0" (a raw trace field) reads too. An unknown name is no reason to give up on the
 * rest of the line: its bits are left out and the caller decides how loudly to say so.
 */
int kmem_parse_gfp(const char *s, size_t len, unsigned int *gfp, char *unknown, size_t unknown_size)
{
	gfp_t mask = 0;
	int ret = 0;
	size_t pos = 0;

	if (unknown && unknown_size)
		unknown[0] = '\0';
	if (len == 4 && !memcmp(s, "none", 4)) {
		*gfp = 0;
		return 0;
	}
	for (;;) {
		const char *tok = s + pos;
		const char *bar = memchr(tok, '|', len - pos);
		size_t tlen = bar ? (size_t)(bar - tok) : len - pos;
		gfp_t m;

		if (!tlen)
			return -EINVAL;
		if (gfp_lookup(tok, tlen, gfp_names, nr_gfp_names, &m) ||
		    gfp_lookup(tok, tlen, gfp_aliases, (int)ARRAY_SIZE(gfp_aliases), &m) ||
		    gfp_hex(tok, tlen, &m)) {
			mask |= m;
		} else if (!gfp_identifier(tok, tlen) || (tok[0] >= '0' && tok[0] <= '9')) {
			return -EINVAL;
		} else if (!ret) {
			ret = 1;
			if (unknown && unknown_size)
				snprintf(unknown, unknown_size, "%.*s", (int)tlen, tok);
		}
		if (!bar)
			break;
		pos += tlen + 1;
	}
	*gfp = mask;
	return ret;
}
