// SPDX-License-Identifier: GPL-2.0
/*
 * gfp flag names, in the order of the kernel's __def_gfpflag_names (include/trace/events/
 * mmflags.h): composite type flags first, so a mask prints as "GFP_KERNEL|__GFP_ZERO" exactly as
 * show_gfp_flags() and %pGg print it. The allocation-failure warning uses it here; the trace
 * parser reads the same names back.
 */
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
