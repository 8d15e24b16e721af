/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The slab allocator's API, as include/linux/slab.h declares it: object caches (kmem_cache_*)
 * and the kmalloc family, with the kernel's names, prototypes, flag values and size limits.
 * impl/slab/ implements it SLUB-style on top of alloc_pages(), so every page back end serves it.
 *
 * Flags accepted by kmem_cache_create() are those defined here; the debug ones (the letters of
 * KMEM_SLAB_DEBUG, which turns them on for every cache) may also be given per cache, as on a
 * kernel built with CONFIG_SLUB_DEBUG. SLAB_PANIC, SLAB_ACCOUNT, SLAB_NO_MERGE and
 * SLAB_MEM_SPREAD are accepted and change nothing: creation failures return NULL after a
 * message, caches are never merged and nodes are not spread over.
 *
 * Memory groups: a kmalloc above KMALLOC_MAX_CACHE_SIZE with __GFP_ACCOUNT is charged, pages
 * and all, as in the kernel; slab objects are not (the kernel charges them per object, and
 * the model's groups count pages), and slab pages never are.
 */
#ifndef _KMEM_LINUX_SLAB_H
#define _KMEM_LINUX_SLAB_H

#include <linux/compiler.h>
#include <linux/gfp.h>
#include <linux/mm_types.h>
#include <linux/types.h>

typedef unsigned int slab_flags_t;

/* Debug flags (slub_debug letters F, Z, P, U) */
#define SLAB_CONSISTENCY_CHECKS ((slab_flags_t)0x00000100U) /* F: check objects on alloc/free */
#define SLAB_RED_ZONE		((slab_flags_t)0x00000400U) /* Z: red zones around objects */
#define SLAB_POISON		((slab_flags_t)0x00000800U) /* P: poison free objects */
#define SLAB_STORE_USER		((slab_flags_t)0x00010000U) /* U: record last alloc and free */

#define SLAB_KMALLOC	     ((slab_flags_t)0x00001000U) /* a kmalloc-* cache */
#define SLAB_HWCACHE_ALIGN   ((slab_flags_t)0x00002000U) /* align objects on cache lines */
#define SLAB_CACHE_DMA	     ((slab_flags_t)0x00004000U) /* slabs from ZONE_DMA */
#define SLAB_CACHE_DMA32     ((slab_flags_t)0x00008000U) /* slabs from ZONE_DMA32 */
#define SLAB_RECLAIM_ACCOUNT ((slab_flags_t)0x00020000U) /* __GFP_RECLAIMABLE slabs */
#define SLAB_TEMPORARY	     SLAB_RECLAIM_ACCOUNT
#define SLAB_PANIC	     ((slab_flags_t)0x00040000U)
/*
 * Objects stay of their type across a free until an RCU grace period passes. The model has no
 * RCU yet: kmem_cache_create() refuses the flag, which init_on_alloc/init_on_free exempt.
 */
#define SLAB_TYPESAFE_BY_RCU ((slab_flags_t)0x00080000U)
#define SLAB_MEM_SPREAD	     ((slab_flags_t)0x00100000U)
#define SLAB_NO_MERGE	     ((slab_flags_t)0x01000000U)
#define SLAB_ACCOUNT	     ((slab_flags_t)0x04000000U)

/* kmalloc(0) returns this: not NULL, but any access faults; kfree() accepts it */
#define ZERO_SIZE_PTR	    ((void *)16)
#define ZERO_OR_NULL_PTR(x) ((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

#define ARCH_KMALLOC_MINALIGN __alignof__(unsigned long long)
#define ARCH_SLAB_MINALIGN    __alignof__(unsigned long long)

/* kmalloc caches serve 8 bytes to 2 pages; above that kmalloc takes pages (up to a max order) */
#define KMALLOC_SHIFT_LOW      3
#define KMALLOC_SHIFT_HIGH     (PAGE_SHIFT + 1)
#define KMALLOC_SHIFT_MAX      (MAX_PAGE_ORDER + PAGE_SHIFT)
#define KMALLOC_MIN_SIZE       (1UL << KMALLOC_SHIFT_LOW)
#define KMALLOC_MAX_CACHE_SIZE (1UL << KMALLOC_SHIFT_HIGH)
#define KMALLOC_MAX_SIZE       (1UL << KMALLOC_SHIFT_MAX)

struct kmem_cache;

/**
 * kmem_cache_create - create a cache of objects of one size
 * @name: shown in reports and slabinfo (copied)
 * @size: object size in bytes, 1 to KMALLOC_MAX_SIZE
 * @align: minimum alignment, a power of two or 0
 * @flags: SLAB_* flags
 * @ctor: called on each object when its slab is created, or NULL
 *
 * Return: the cache, or NULL after a message on stderr.
 */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     slab_flags_t flags, void (*ctor)(void *));
void kmem_cache_destroy(struct kmem_cache *s);
/* Frees every empty slab of @s, per-CPU ones included; returns 0 */
int kmem_cache_shrink(struct kmem_cache *s);
unsigned int kmem_cache_size(struct kmem_cache *s);

/* Not __malloc: a constructed object may hold pointers, to itself for one (a list head) */
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags);
void *kmem_cache_alloc_node(struct kmem_cache *s, gfp_t flags, int node);
void kmem_cache_free(struct kmem_cache *s, void *objp);

static inline void *kmem_cache_zalloc(struct kmem_cache *k, gfp_t flags)
{
	return kmem_cache_alloc(k, flags | __GFP_ZERO);
}

/**
 * kmem_cache_alloc_bulk - allocate @size objects of @s into @p, all or nothing
 * @s: the cache
 * @flags: gfp flags, as for kmem_cache_alloc(): __GFP_ZERO zeroes each object
 * @size: objects wanted
 * @p: receives them
 *
 * Return: @size; or 0, with every object taken meanwhile freed again, when one could not be
 * had. Objects are constructed, as any of the cache (the constructor runs when their slab is
 * made).
 */
int kmem_cache_alloc_bulk(struct kmem_cache *s, gfp_t flags, size_t size, void **p);
/*
 * Frees @size objects of @p, last first; NULL entries are skipped. A NULL @s frees each object
 * into its own cache, and a large kmalloc to the page allocator, as kfree() would.
 */
void kmem_cache_free_bulk(struct kmem_cache *s, size_t size, void **p);

#define KMEM_CACHE(__struct, __flags)                                                       \
	kmem_cache_create(#__struct, sizeof(struct __struct), __alignof__(struct __struct), \
			  (__flags), NULL)

/*
 * No alloc_size attribute: the caller may use all of ksize(), which the compiler's object-size
 * checks (and UBSan's) would take for an overflow.
 */
void *kmalloc(size_t size, gfp_t flags) __attribute__((malloc));
void *kmalloc_node(size_t size, gfp_t flags, int node) __attribute__((malloc));
void *__kmalloc(size_t size, gfp_t flags) __attribute__((malloc));
void *krealloc(const void *objp, size_t new_size, gfp_t flags) __must_check;
void kfree(const void *objp);
/* kfree() after zeroing the whole object (keys, passwords) */
void kfree_sensitive(const void *objp);
/* The usable size of a kmalloc'd object (its class size); 0 for NULL or ZERO_SIZE_PTR */
size_t ksize(const void *objp);
/* The size kmalloc(@size) really gives: what ksize() would return */
size_t kmalloc_size_roundup(size_t size);

static inline void *kzalloc(size_t size, gfp_t flags)
{
	return kmalloc(size, flags | __GFP_ZERO);
}

static inline void *kzalloc_node(size_t size, gfp_t flags, int node)
{
	return kmalloc_node(size, flags | __GFP_ZERO, node);
}

/* @n * @size bytes, or NULL when the product overflows */
static inline void *kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	size_t bytes;

	if (unlikely(__builtin_mul_overflow(n, size, &bytes)))
		return NULL;
	return kmalloc(bytes, flags);
}

static inline void *kmalloc_array_node(size_t n, size_t size, gfp_t flags, int node)
{
	size_t bytes;

	if (unlikely(__builtin_mul_overflow(n, size, &bytes)))
		return NULL;
	return kmalloc_node(bytes, flags, node);
}

static inline void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	return kmalloc_array(n, size, flags | __GFP_ZERO);
}

static inline void *kcalloc_node(size_t n, size_t size, gfp_t flags, int node)
{
	return kmalloc_array_node(n, size, flags | __GFP_ZERO, node);
}

static inline __must_check void *krealloc_array(void *p, size_t new_n, size_t new_size, gfp_t flags)
{
	size_t bytes;

	if (unlikely(__builtin_mul_overflow(new_n, new_size, &bytes)))
		return NULL;
	return krealloc(p, bytes, flags);
}

/* kfree() of @size objects of @p, kmalloc'd or of any cache */
static inline void kfree_bulk(size_t size, void **p)
{
	kmem_cache_free_bulk(NULL, size, p);
}

/*
 * kvmalloc and friends, as 6.18 has them in mm/slub.c: physically contiguous memory from
 * kmalloc when it comes cheaply, else virtually contiguous memory from vmalloc.
 */

/**
 * kvmalloc_node - kmalloc, falling back to vmalloc
 * @size: bytes
 * @flags: gfp flags; the vmalloc fallback needs flags that may block (GFP_KERNEL): without
 *	__GFP_DIRECT_RECLAIM (GFP_ATOMIC, GFP_NOWAIT) it is only ever kmalloc
 * @node: node to allocate from first, or NUMA_NO_NODE
 *
 * Above a page, kmalloc is tried quietly (__GFP_NOWARN) and without direct reclaim unless
 * @flags has __GFP_RETRY_MAYFAIL (6.16's "make kmalloc fast path real fast path": before it,
 * from 4.12, it retried with __GFP_NORETRY instead), and without __GFP_NOFAIL, which only the
 * vmalloc fallback honours. A page or less is kmalloc's alone. Sizes above INT_MAX fail with a
 * warning unless __GFP_NOWARN.
 *
 * Return: the memory (free it with kvfree()), or NULL.
 */
void *kvmalloc_node(size_t size, gfp_t flags, int node) __attribute__((malloc));

static inline void *kvmalloc(size_t size, gfp_t flags)
{
	return kvmalloc_node(size, flags, NUMA_NO_NODE);
}

static inline void *kvzalloc(size_t size, gfp_t flags)
{
	return kvmalloc(size, flags | __GFP_ZERO);
}

static inline void *kvzalloc_node(size_t size, gfp_t flags, int node)
{
	return kvmalloc_node(size, flags | __GFP_ZERO, node);
}

static inline void *kvmalloc_array_node(size_t n, size_t size, gfp_t flags, int node)
{
	size_t bytes;

	if (unlikely(__builtin_mul_overflow(n, size, &bytes)))
		return NULL;
	return kvmalloc_node(bytes, flags, node);
}

static inline void *kvmalloc_array(size_t n, size_t size, gfp_t flags)
{
	return kvmalloc_array_node(n, size, flags, NUMA_NO_NODE);
}

static inline void *kvcalloc_node(size_t n, size_t size, gfp_t flags, int node)
{
	return kvmalloc_array_node(n, size, flags | __GFP_ZERO, node);
}

static inline void *kvcalloc(size_t n, size_t size, gfp_t flags)
{
	return kvmalloc_array(n, size, flags | __GFP_ZERO);
}

/**
 * kvrealloc - resize memory from kvmalloc(), keeping its contents
 * @p: the memory, or NULL (then it is kvmalloc())
 * @size: new size in bytes; 0 frees @p
 * @flags: gfp flags, as for kvmalloc(); __GFP_ZERO zeroes only what kmalloc or vmalloc add
 *
 * 6.18's form (since 6.12): no old size, as krealloc(). kmalloc memory is krealloc'd first
 * (quietly above a page), then moved to kvmalloc() memory; vmalloc memory is resized in place
 * while it fits in its area (what a shrink leaves is zeroed under init_on_alloc/init_on_free),
 * else moved into a new area.
 *
 * Return: the memory, which may have moved; NULL when it could not grow (@p is left as it was)
 * or when @size is 0 and @p was vmalloc memory; ZERO_SIZE_PTR when @size is 0 and @p was not.
 */
void *kvrealloc(const void *p, size_t size, gfp_t flags) __must_check;

/* Frees memory from kvmalloc() and friends, kmalloc'd or vmalloc'd; NULL does nothing */
void kvfree(const void *addr);
/* kvfree() after zeroing @len bytes at @addr (keys, passwords) */
void kvfree_sensitive(const void *addr, size_t len);

#endif
