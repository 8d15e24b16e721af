// SPDX-License-Identifier: GPL-2.0
/*
 * Bulk allocation and free of slab objects, after 6.18's kmem_cache_alloc_bulk() and
 * kmem_cache_free_bulk() in mm/slub.c, and kfree_bulk() (<linux/slab.h>) over them.
 *
 * An allocation is all or nothing: either every object asked for is handed out or, when one
 * cannot be had, the objects taken meanwhile go back to their cache and the call returns 0, so
 * the caller never has to free a partial batch. Each object is allocated as kmem_cache_alloc()
 * allocates one, so __GFP_ZERO, init_on_alloc, the debug checks and a constructor (run when
 * the object's slab was made) all apply. SLUB takes the objects off the CPU freelist in one
 * go; here each is one pass of the allocation fast path, which the model's per-CPU lock makes
 * cheap enough, and the semantics are the same.
 *
 * A free walks the array from its end, as 6.18's build_detached_freelist() does, skipping
 * NULL entries. With a cache named, every object must be of it (else reported, as
 * kmem_cache_free() reports); without one, each goes where kfree() would send it: its own
 * cache, or the page allocator for a large kmalloc.
 */
#include "slab_internal.h"

int kmem_cache_alloc_bulk(struct kmem_cache *s, gfp_t flags, size_t size, void **p)
{
	unsigned long caller = _RET_IP_;
	size_t i;

	if (!size)
		return 0;
	slab_fix_flags(&flags, "kmem_cache_alloc_bulk");
	for (i = 0; i < size; i++) {
		p[i] = slab_alloc_node(s, flags, NUMA_NO_NODE, caller, s->object_size);
		if (unlikely(!p[i]))
			goto undo;
	}
	return (int)size;

undo:
	while (i--)
		slab_free_obj(s, p[i], caller, "kmem_cache_alloc_bulk");
	return 0;
}

void kmem_cache_free_bulk(struct kmem_cache *s, size_t size, void **p)
{
	unsigned long caller = _RET_IP_;

	while (size--) {
		if (!p[size])
			continue;
		if (s)
			slab_free_obj(s, p[size], caller, "kmem_cache_free_bulk");
		else
			kfree(p[size]);
	}
}
