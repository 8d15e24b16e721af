// SPDX-License-Identifier: GPL-2.0
/*
 * kvmalloc and friends, after 6.18's mm/slub.c (they moved there from mm/util.c in 6.15):
 * memory that is physically contiguous when kmalloc gives it cheaply, and virtually contiguous
 * vmalloc memory when it does not. kvfree() tells the two apart by the address alone
 * (is_vmalloc_addr()), so callers never need to know which they got.
 *
 * The kmalloc attempt (kmalloc_gfp_adjust()): a page or less is kmalloc's alone, with the
 * caller's flags, since vmalloc could not do it in less than a page either. Above a page it
 * must not cost much: no warning, no __GFP_NOFAIL (the fallback honours that), and no direct
 * reclaim unless the caller said it prefers contiguous memory with __GFP_RETRY_MAYFAIL; kswapd
 * is still woken. That is 6.16's rule; from 4.12 to 6.15 the attempt kept direct reclaim and
 * added __GFP_NORETRY instead. The vmalloc fallback needs flags that may block, as vmalloc's
 * page tables are allocated GFP_KERNEL in the kernel: GFP_ATOMIC and GFP_NOWAIT requests are
 * kmalloc or nothing (6.19 lifts that).
 *
 * The fallback goes through vmalloc's public functions, the only ones impl/vm offers: a node
 * is honoured for plain GFP_KERNEL (with or without __GFP_ZERO, vmalloc_node()/vzalloc_node()),
 * other flags are honoured on any node (__vmalloc()). kvrealloc() of vmalloc memory is 6.18's
 * vrealloc() on the area's whole pages: the model's vm_struct keeps no requested size.
 */
#include <string.h>

#include <linux/vmalloc.h>

#include "slab_internal.h"

/* kvmalloc() refuses sizes vmalloc's callers could not index with an int */
#define KVMALLOC_MAX_SIZE ((size_t)0x7fffffff)

static gfp_t kmalloc_gfp_adjust(gfp_t flags, size_t size)
{
	if (size > PAGE_SIZE) {
		flags |= __GFP_NOWARN;
		if (!(flags & __GFP_RETRY_MAYFAIL))
			flags &= ~__GFP_DIRECT_RECLAIM;
		flags &= ~__GFP_NOFAIL;
	}
	return flags;
}

static void *kv_vmalloc_node(size_t size, gfp_t flags, int node)
{
	if (node == NUMA_NO_NODE || (flags & ~__GFP_ZERO) != GFP_KERNEL)
		return __vmalloc(size, flags);
	return flags & __GFP_ZERO ? vzalloc_node(size, node) : vmalloc_node(size, node);
}

void *kvmalloc_node(size_t size, gfp_t flags, int node)
{
	void *ret;

	ret = kmalloc_node(size, kmalloc_gfp_adjust(flags, size), node);
	if (ret || size <= PAGE_SIZE)
		return ret;
	if (!gfpflags_allow_blocking(flags))
		return NULL;
	if (unlikely(size > KVMALLOC_MAX_SIZE)) {
		if (!(flags & __GFP_NOWARN))
			vm_warn("mm/slub.c __kvmalloc_node_noprof",
				"kvmalloc: %zu bytes is above INT_MAX", size);
		return NULL;
	}
	return kv_vmalloc_node(size, flags, node);
}

void kvfree(const void *addr)
{
	if (is_vmalloc_addr(addr))
		vfree(addr);
	else
		kfree(addr);
}

void kvfree_sensitive(const void *addr, size_t len)
{
	if (likely(!ZERO_OR_NULL_PTR(addr))) {
		explicit_bzero((void *)addr, len);
		kvfree(addr);
	}
}

/*
 * vrealloc(): in place while @size fits in the area's pages (zeroing what a shrink gives up
 * when init_on_alloc or init_on_free is on, so that a later grow finds it zeroed), else a new
 * area with the old one's contents
 */
static void *kv_vrealloc(const void *p, size_t size, gfp_t flags)
{
	struct vm_struct *vm = find_vm_area(p);
	size_t old_size;
	void *n;

	if (!size) {
		vfree(p);
		return NULL;
	}
	if (unlikely(!vm || vm->addr != p)) {
		vm_warn("mm/vmalloc.c vrealloc_node_align_noprof",
			"Trying to vrealloc() nonexistent vm area (%p)", p);
		return NULL;
	}
	old_size = get_vm_area_size(vm);
	if (size <= old_size) {
		if (want_init_on_free() || want_init_on_alloc(flags))
			memset((char *)p + size, 0, old_size - size);
		return (void *)p;
	}
	n = __vmalloc(size, flags);
	if (!n)
		return NULL;
	memcpy(n, p, old_size);
	vfree(p);
	return n;
}

void *kvrealloc(const void *p, size_t size, gfp_t flags)
{
	size_t ks = 0;
	void *n;

	if (is_vmalloc_addr(p))
		return kv_vrealloc(p, size, flags);
	n = krealloc(p, size, kmalloc_gfp_adjust(flags, size));
	if (n)
		return n;
	/* krealloc() could not grow it (or @p is no kmalloc memory: reported, left alone) */
	if (!ZERO_OR_NULL_PTR(p) && !(ks = ksize(p)))
		return NULL;
	n = kvmalloc(size, flags);
	if (!n)
		return NULL;
	if (ks) {
		memcpy(n, p, ks);
		kfree(p);
	}
	return n;
}
