/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sets of NUMA nodes, after include/linux/nodemask.h: the part that allocation calls taking a
 * nodemask (alloc_pages_bulk_noprof()) need. A node is a bit; the model has at most
 * MAX_NUMNODES of them (64), so a mask is one word. As in the kernel, the macros take the mask
 * itself, not its address: node_set(nid, mask), node_isset(nid, mask).
 */
#ifndef _KMEM_LINUX_NODEMASK_H
#define _KMEM_LINUX_NODEMASK_H

#include <linux/mmzone.h>

_Static_assert(MAX_NUMNODES <= BITS_PER_LONG, "a nodemask is one word");

typedef struct {
	unsigned long bits[1];
} nodemask_t;

#define NODE_MASK_NONE ((nodemask_t){ { 0 } })

static inline void __node_set(int node, nodemask_t *dstp)
{
	dstp->bits[0] |= 1UL << node;
}

static inline void __node_clear(int node, nodemask_t *dstp)
{
	dstp->bits[0] &= ~(1UL << node);
}

static inline bool __node_isset(int node, const nodemask_t *maskp)
{
	return node >= 0 && node < MAX_NUMNODES && ((maskp->bits[0] >> node) & 1);
}

#define node_set(node, dst)	   __node_set((node), &(dst))
#define node_clear(node, dst)	   __node_clear((node), &(dst))
#define node_isset(node, nodemask) __node_isset((node), &(nodemask))

#endif
