/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gfp flags with the bit layout of Linux 6.x include/linux/gfp_types.h, every optional bit
 * present (KASAN, lockdep and slab-extension bits exist so traces that carry them decode), plus
 * the classic 2.6 names as aliases with their historical meaning.
 */
#ifndef _KMEM_LINUX_GFP_TYPES_H
#define _KMEM_LINUX_GFP_TYPES_H

#include <linux/types.h>

enum {
	___GFP_DMA_BIT,
	___GFP_HIGHMEM_BIT,
	___GFP_DMA32_BIT,
	___GFP_MOVABLE_BIT,
	___GFP_RECLAIMABLE_BIT,
	___GFP_HIGH_BIT,
	___GFP_IO_BIT,
	___GFP_FS_BIT,
	___GFP_ZERO_BIT,
	___GFP_UNUSED_BIT, /* 0x200u: ___GFP_ATOMIC until Linux 6.4 */
	___GFP_DIRECT_RECLAIM_BIT,
	___GFP_KSWAPD_RECLAIM_BIT,
	___GFP_WRITE_BIT,
	___GFP_NOWARN_BIT,
	___GFP_RETRY_MAYFAIL_BIT,
	___GFP_NOFAIL_BIT,
	___GFP_NORETRY_BIT,
	___GFP_MEMALLOC_BIT,
	___GFP_COMP_BIT,
	___GFP_NOMEMALLOC_BIT,
	___GFP_HARDWALL_BIT,
	___GFP_THISNODE_BIT,
	___GFP_ACCOUNT_BIT,
	___GFP_ZEROTAGS_BIT,
	___GFP_SKIP_ZERO_BIT,
	___GFP_SKIP_KASAN_BIT,
	___GFP_NOLOCKDEP_BIT,
	___GFP_NO_OBJ_EXT_BIT,
	___GFP_LAST_BIT,
	/*
	 * __GFP_COLD was removed in 4.15, when the per-CPU lists lost their hot/cold ends; the
	 * model keeps both ends, so the flag gets a bit of its own above the kernel's.
	 */
	___GFP_COLD_BIT = ___GFP_LAST_BIT,
};

#define __GFP_BIT(b) ((gfp_t)(1u << (b)))

/* Zone modifiers: the highest zone an allocation may come from (see gfp_zone()). */
#define __GFP_DMA     __GFP_BIT(___GFP_DMA_BIT)
#define __GFP_HIGHMEM __GFP_BIT(___GFP_HIGHMEM_BIT)
#define __GFP_DMA32   __GFP_BIT(___GFP_DMA32_BIT)
#define __GFP_MOVABLE __GFP_BIT(___GFP_MOVABLE_BIT) /* also a mobility modifier */
#define GFP_ZONEMASK  (__GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE)

/* Page mobility and placement hints */
#define __GFP_RECLAIMABLE __GFP_BIT(___GFP_RECLAIMABLE_BIT)
#define __GFP_WRITE	  __GFP_BIT(___GFP_WRITE_BIT)
#define __GFP_HARDWALL	  __GFP_BIT(___GFP_HARDWALL_BIT)
#define __GFP_THISNODE	  __GFP_BIT(___GFP_THISNODE_BIT)
#define __GFP_ACCOUNT	  __GFP_BIT(___GFP_ACCOUNT_BIT)
#define __GFP_NO_OBJ_EXT  __GFP_BIT(___GFP_NO_OBJ_EXT_BIT)

/* Watermark modifiers: access to the emergency reserves */
#define __GFP_HIGH	 __GFP_BIT(___GFP_HIGH_BIT)
#define __GFP_MEMALLOC	 __GFP_BIT(___GFP_MEMALLOC_BIT)
#define __GFP_NOMEMALLOC __GFP_BIT(___GFP_NOMEMALLOC_BIT)

/* Reclaim modifiers */
#define __GFP_IO	     __GFP_BIT(___GFP_IO_BIT)
#define __GFP_FS	     __GFP_BIT(___GFP_FS_BIT)
#define __GFP_DIRECT_RECLAIM __GFP_BIT(___GFP_DIRECT_RECLAIM_BIT)
#define __GFP_KSWAPD_RECLAIM __GFP_BIT(___GFP_KSWAPD_RECLAIM_BIT)
#define __GFP_RECLAIM	     (__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)
#define __GFP_RETRY_MAYFAIL  __GFP_BIT(___GFP_RETRY_MAYFAIL_BIT)
#define __GFP_NOFAIL	     __GFP_BIT(___GFP_NOFAIL_BIT)
#define __GFP_NORETRY	     __GFP_BIT(___GFP_NORETRY_BIT)

/* Action modifiers */
#define __GFP_NOWARN	 __GFP_BIT(___GFP_NOWARN_BIT)
#define __GFP_COMP	 __GFP_BIT(___GFP_COMP_BIT)
#define __GFP_ZERO	 __GFP_BIT(___GFP_ZERO_BIT)
#define __GFP_ZEROTAGS	 __GFP_BIT(___GFP_ZEROTAGS_BIT)
#define __GFP_SKIP_ZERO	 __GFP_BIT(___GFP_SKIP_ZERO_BIT)
#define __GFP_SKIP_KASAN __GFP_BIT(___GFP_SKIP_KASAN_BIT)
#define __GFP_NOLOCKDEP	 __GFP_BIT(___GFP_NOLOCKDEP_BIT)
#define __GFP_COLD	 __GFP_BIT(___GFP_COLD_BIT)

#define __GFP_BITS_SHIFT (___GFP_COLD_BIT + 1)
#define __GFP_BITS_MASK	 ((gfp_t)((1u << __GFP_BITS_SHIFT) - 1))

/* The 2.6 names, with the meaning they had then */
#define __GFP_WAIT   __GFP_DIRECT_RECLAIM /* may sleep: may enter direct reclaim */
#define __GFP_REPEAT __GFP_RETRY_MAYFAIL  /* try hard, but may fail */

/* Type flags: the combinations kernel code passes */
#define GFP_ATOMIC	   (__GFP_HIGH | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL	   (__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_KERNEL_ACCOUNT (GFP_KERNEL | __GFP_ACCOUNT)
/* __GFP_NOWARN since 6.8: a caller that may not wait is expected to cope with failure */
#define GFP_NOWAIT	     (__GFP_KSWAPD_RECLAIM | __GFP_NOWARN)
#define GFP_NOIO	     (__GFP_RECLAIM)
#define GFP_NOFS	     (__GFP_RECLAIM | __GFP_IO)
#define GFP_USER	     (__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL)
#define GFP_DMA		     __GFP_DMA
#define GFP_DMA32	     __GFP_DMA32
#define GFP_HIGHUSER	     (GFP_USER | __GFP_HIGHMEM)
#define GFP_HIGHUSER_MOVABLE (GFP_HIGHUSER | __GFP_MOVABLE)
#define GFP_TRANSHUGE_LIGHT \
	((GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC | __GFP_NOWARN) & ~__GFP_RECLAIM)
#define GFP_TRANSHUGE (GFP_TRANSHUGE_LIGHT | __GFP_DIRECT_RECLAIM)
/* Gone from the kernel since 4.15 (same as GFP_KERNEL | __GFP_RECLAIMABLE then) */
#define GFP_TEMPORARY (GFP_KERNEL | __GFP_RECLAIMABLE)

#define GFP_MOVABLE_MASK  (__GFP_RECLAIMABLE | __GFP_MOVABLE)
#define GFP_MOVABLE_SHIFT 3

#endif
