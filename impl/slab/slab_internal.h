/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The slab layer's own structures and prototypes, grouped by the file that defines them:
 * slab_common.c (the cache list, create and destroy, statistics, boot), slab.c (a cache's
 * geometry, its slabs, the alloc and free paths), slab_debug.c (KMEM_SLAB_DEBUG's checks and
 * every report the layer prints), kmalloc.c (the kmalloc caches and large kmalloc).
 */
#ifndef _KMEM_SLAB_INTERNAL_H
#define _KMEM_SLAB_INTERNAL_H

#include <linux/list.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "internal.h"

#define SLAB_DEBUG_FLAGS (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)
/* Internal: poison objects (SLAB_POISON on a cache without a constructor, as SLUB's) */
#define __OBJECT_POISON ((slab_flags_t)0x80000000U)

/* SLUB's debug bytes, from include/linux/poison.h */
#define SLUB_RED_INACTIVE 0xbb /* red zone of a free object */
#define SLUB_RED_ACTIVE	  0xcc /* red zone of an allocated object */
#define POISON_INUSE	  0x5a /* padding, never handed out */
#define POISON_FREE	  0x6b /* a free object's bytes */
#define POISON_END	  0xa5 /* a free object's last byte */

#ifndef ALIGN
#define ALIGN(x, a) (((x) + (a)-1) & ~((__typeof__(x))(a)-1))
#endif
#ifndef ALIGN_DOWN
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#endif
#define _RET_IP_ ((unsigned long)__builtin_return_address(0))

/* gfp bits a slab allocation cannot honour (the kernel's GFP_SLAB_BUG_MASK) */
#define GFP_SLAB_BUG_MASK (__GFP_DMA32 | __GFP_HIGHMEM | ~__GFP_BITS_MASK)

/*
 * The caller's gfp bits a new slab's pages keep (the kernel's GFP_RECLAIM_MASK |
 * GFP_CONSTRAINT_MASK, as new_slab() applies them): how hard to try and where, not what the
 * pages are for. The zone, mobility and compound bits come from the cache; __GFP_ZERO is for
 * objects; __GFP_ACCOUNT charges objects, never the slab under them.
 */
#define SLAB_PAGE_GFP_MASK                                                                       \
	(__GFP_RECLAIM | __GFP_HIGH | __GFP_IO | __GFP_FS | __GFP_NOWARN | __GFP_RETRY_MAYFAIL | \
	 __GFP_NOFAIL | __GFP_NORETRY | __GFP_MEMALLOC | __GFP_NOMEMALLOC | __GFP_NOLOCKDEP |    \
	 __GFP_HARDWALL | __GFP_THISNODE)

/* SLUB's bounds for the empty slabs a node keeps: ilog2(size) / 2, clamped */
#define MIN_PARTIAL 5
#define MAX_PARTIAL 10

/* SLUB's slub_max_order: above it a slab holds fewer objects rather than costlier pages */
#define SLUB_MAX_ORDER PAGE_ALLOC_COSTLY_ORDER

/*
 * The slab a CPU allocates from. A frozen slab (PageActive on its head page, SLUB's "frozen")
 * belongs to one CPU: its free objects are split between @freelist, which only this CPU takes
 * from and frees to, and page->freelist, where other CPUs' frees land under the node's lock.
 * The lock is a lock rather than SLUB's disabled preemption because threads may share a CPU.
 */
struct kmem_cache_cpu {
	spinlock_t lock;
	struct page *slab; /* the frozen slab, or NULL; under lock */
	void *freelist;	   /* free objects of @slab; under lock */
} __attribute__((aligned(64)));

/*
 * Every slab not frozen is on one list of its node: partial (some objects free, empty ones
 * included up to min_partial) or full (none free). The full list is SLUB's debug-only one,
 * kept always so that destroy and the statistics can reach every slab.
 */
struct kmem_cache_node {
	spinlock_t list_lock;	  /* the lists, and page->freelist/inuse/frozen of this node */
	unsigned long nr_partial; /* under list_lock */
	struct list_head partial;
	struct list_head full;
	atomic_long_t nr_slabs; /* every slab of this node: listed and frozen */
	atomic_long_t total_objects;
} __attribute__((aligned(64)));

/* The last allocation or free of an object (slub_debug=U), after SLUB's struct track */
struct slab_track {
	unsigned long addr; /* the caller's return address; 0 when never set */
	unsigned long when; /* milliseconds, CLOCK_MONOTONIC: the model's jiffies */
	int cpu;
	int pid; /* thread id */
};

enum track_item { TRACK_ALLOC, TRACK_FREE };

/*
 * One object slot, @size bytes, as SLUB lays it out (debug parts only with their flags):
 *
 *   | left red zone | object          | right red zone | free ptr | tracks | orig | pad |
 *   ^ slot          ^ object          ^ object_size    ^ inuse    ^ track_offset   ^ pad_offset
 *   <-red_left_pad->
 *
 * Without a constructor, poisoning or red zones the free pointer lies inside the free object
 * (at @offset, the middle, so a small overflow from the object before cannot reach it).
 * Offsets other than red_left_pad count from the object's start.
 */
struct kmem_cache {
	struct kmem_cache_cpu *cpu_slab; /* [kmem_rt.nr_cpus] */
	slab_flags_t flags;
	unsigned int size;	  /* slot size, a multiple of @align */
	unsigned int object_size; /* what the caller asked for */
	unsigned int offset;	  /* free pointer, from the object */
	unsigned int order;	  /* slab order, and objects in such a slab (SLUB's oo) */
	unsigned int objects;
	unsigned int min_order; /* fallback when @order is not to be had (SLUB's min) */
	unsigned int min_objects;
	unsigned int min_partial;
	gfp_t allocflags; /* added to the gfp of slab pages: GFP_DMA, __GFP_RECLAIMABLE */
	void (*ctor)(void *);
	unsigned int inuse; /* object plus right red zone */
	unsigned int align;
	unsigned int red_left_pad;
	unsigned int track_offset;     /* struct slab_track[2], with SLAB_STORE_USER */
	unsigned int orig_size_offset; /* kmalloc's requested size, with SLAB_RED_ZONE; or 0 */
	unsigned int pad_offset;       /* end of the metadata: padding follows */
	char *name;
	struct list_head list;	       /* on slab_caches, under slab_mutex */
	struct kmem_cache_node **node; /* [nr_online_nodes] */
};

/*
 * One bit per 8 bytes of the direct map, set while the object starting there is allocated:
 * the exact, O(1) "is this object free" test behind double-free detection in every mode.
 * Defined in slab_common.c, which allocates it at boot.
 */
extern unsigned long *slab_obj_map;

static inline unsigned long obj_map_bit(const void *obj)
{
	return ((unsigned long)obj - PAGE_OFFSET) >> 3;
}

static inline void obj_map_set(const void *obj)
{
	unsigned long bit = obj_map_bit(obj);

	__atomic_fetch_or(&slab_obj_map[bit / BITS_PER_LONG], 1UL << (bit % BITS_PER_LONG),
			  __ATOMIC_RELAXED);
}

/* Clears the object's bit; true when it was set (the object was allocated) */
static inline bool obj_map_test_and_clear(const void *obj)
{
	unsigned long bit = obj_map_bit(obj), mask = 1UL << (bit % BITS_PER_LONG);

	return __atomic_fetch_and(&slab_obj_map[bit / BITS_PER_LONG], ~mask, __ATOMIC_RELAXED) &
	       mask;
}

static inline bool obj_map_test(const void *obj)
{
	unsigned long bit = obj_map_bit(obj);

	return (__atomic_load_n(&slab_obj_map[bit / BITS_PER_LONG], __ATOMIC_RELAXED) >>
		(bit % BITS_PER_LONG)) &
	       1;
}

static inline void *slab_address(const struct page *slab)
{
	return page_address(slab);
}

static inline void *slab_object(const struct kmem_cache *s, const struct page *slab,
				unsigned int idx)
{
	return (char *)slab_address(slab) + (size_t)idx * s->size + s->red_left_pad;
}

static inline void *get_freepointer(const struct kmem_cache *s, const void *obj)
{
	return *(void *const *)((const char *)obj + s->offset);
}

static inline void set_freepointer(const struct kmem_cache *s, void *obj, void *fp)
{
	*(void **)((char *)obj + s->offset) = fp;
}

static inline struct kmem_cache_node *get_node(const struct kmem_cache *s, int nid)
{
	return s->node[nid];
}

/*
 * slab_want_init_on_alloc() of 6.18's mm/slab.h: zero a new object? With init_on_alloc, every
 * object but those of a cache with a constructor (never: it would undo the constructor, even
 * with __GFP_ZERO) and, unless __GFP_ZERO asks, of a SLAB_TYPESAFE_BY_RCU or SLAB_POISON cache;
 * without it, as __GFP_ZERO says.
 */
static inline bool slab_want_init_on_alloc(gfp_t flags, const struct kmem_cache *s)
{
	if (unlikely(kmem_rt.init_on_alloc)) {
		if (s->ctor)
			return false;
		if (s->flags & (SLAB_TYPESAFE_BY_RCU | SLAB_POISON))
			return flags & __GFP_ZERO;
		return true;
	}
	return flags & __GFP_ZERO;
}

/* slab_want_init_on_free(): zero a freed object? Under init_on_free, with the same exemptions */
static inline bool slab_want_init_on_free(const struct kmem_cache *s)
{
	return unlikely(kmem_rt.init_on_free) &&
	       !(s->ctor || (s->flags & (SLAB_TYPESAFE_BY_RCU | SLAB_POISON)));
}

/* The free pointer lies inside the object (it does without a constructor, poison or red zone) */
static inline bool freeptr_inside_object(const struct kmem_cache *s)
{
	return s->offset < s->inuse;
}

/* slab_common.c */

/* A cache with KMEM_SLAB_DEBUG's flags added, on the cache list; NULL after a report */
struct kmem_cache *create_cache(const char *name, unsigned int size, unsigned int align,
				slab_flags_t flags, void (*ctor)(void *));

/* slab.c */

/* A cache with exactly @flags, on no list; NULL after a report */
struct kmem_cache *__kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				       slab_flags_t flags, void (*ctor)(void *));
/* Shrinks @s; true when it has no slab left, so that it may be released */
bool __kmem_cache_shutdown(struct kmem_cache *s);
/* Frees the structures of @s (not its slabs) */
void __kmem_cache_release(struct kmem_cache *s);
/* /proc/slabinfo's numbers: exact while no other thread works on @s */
void __kmem_cache_stats(struct kmem_cache *s, struct kmem_slab_stats *st);
void *slab_alloc_node(struct kmem_cache *s, gfp_t gfp, int node, unsigned long caller,
		      size_t orig_size);
/*
 * Validate and free @p, found in @slab, by @func: @expect is the cache the caller named (NULL
 * for kfree). A bad pointer or double free is reported and changes nothing.
 */
void slab_free_checked(struct kmem_cache *expect, struct page *slab, const void *p,
		       unsigned long caller, const char *func);
/*
 * kmem_cache_free() of @x into @s by @func: NULL is nothing, anything not an object of a slab
 * is reported and left alone
 */
void slab_free_obj(struct kmem_cache *s, void *x, unsigned long caller, const char *func);
/* Index of the object @p starts, or -1 when @p is not an object's start in @slab */
long slab_obj_index(const struct kmem_cache *s, const struct page *slab, const void *p);
/* Objects of @slab allocated now, from the object map */
unsigned int slab_objects_in_use(const struct kmem_cache *s, const struct page *slab);
size_t slab_ksize(const struct kmem_cache *s);
/*
 * Removes from @gfp the bits a slab object cannot honour (__GFP_HIGHMEM, __GFP_DMA32, unknown
 * bits) with the kernel's "Fix your code!" report, as 6.18's kmalloc_fix_flags(): the object
 * then comes from lowmem, which a kmalloc address needs anyway.
 */
void slab_fix_flags(gfp_t *gfp, const char *func);

/* slab_debug.c */
int slab_debug_parse(const char *opts, slab_flags_t *flags);
void slab_reports_reset(void);
void slab_debug_new_slab(struct kmem_cache *s, struct page *slab);
void slab_debug_alloc(struct kmem_cache *s, struct page *slab, void *obj, unsigned long caller,
		      size_t orig_size);
void slab_debug_free(struct kmem_cache *s, struct page *slab, void *obj, unsigned long caller);
/* @slab, every object free, goes back to the page allocator: check them all */
void slab_debug_discard(struct kmem_cache *s, struct page *slab);
/* kmalloc's requested size of @obj (SLUB's orig_size); the object size when not tracked */
unsigned int slab_debug_orig_size(const struct kmem_cache *s, const void *obj);
/* krealloc in place or ksize: @obj is now @new_size bytes; red zone the rest of the class */
void slab_debug_resize(struct kmem_cache *s, void *obj, size_t new_size);

/* Reports: each counted, then printed unless rate limited */
void slab_report_invalid(struct kmem_cache *s, struct page *slab, const void *p, const char *func);
void slab_report_double_free(struct kmem_cache *s, struct page *slab, const void *p,
			     const char *func);
void slab_report_wrong_cache(const char *func, struct kmem_cache *s, struct kmem_cache *from);
void slab_report_not_slab(const char *func, const void *p, const char *why);
void slab_report_large_double_free(const char *func, const void *p);
void slab_report_gfp(const char *func, gfp_t gfp);
void slab_report_oom(struct kmem_cache *s, gfp_t gfp, int node);
void slab_report_create_failed(const char *name, const char *why);
/* Any other misuse: one line */
void slab_report_line(const char *fmt, ...) __printf(1, 2);
/* kmem_cache_destroy with live objects: each slab that has some, and the objects */
void slab_report_remaining(struct kmem_cache *s, unsigned long caller);

/* kmalloc.c */
int kmalloc_init(void);
void kmalloc_exit(void);

#endif
