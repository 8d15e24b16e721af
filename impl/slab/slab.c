// SPDX-License-Identifier: GPL-2.0
/*
 * The slab layer's core, after mm/slub.c: the geometry of a cache (slot layout, slab order),
 * the slabs under it, and the allocation and free paths every cache shares, kmalloc's
 * included. Slab pages come from alloc_pages_node(), so every page back end serves the slab
 * layer. The cache list, creation and destruction, statistics and boot live in slab_common.c,
 * debug checks and every report in slab_debug.c, the kmalloc family in kmalloc.c.
 *
 * A slab is a (compound) page block cut into @objects slots of @size bytes; its head struct page
 * holds the metadata, as the kernel's struct slab overlays struct page: PG_slab, slab_cache,
 * freelist (first free object; each free object holds the next one's address at @offset),
 * inuse and objects. The order of a slab is calculate_order()'s: the smallest order, up to
 * PAGE_ALLOC_COSTLY_ORDER, that holds min_objects (4 * (fls(nr_cpus) + 1), fewer for big
 * objects) and wastes at most 1/16 of the slab, else 1/8, then 1/4; objects too large for that
 * get a slab of their own size. When the preferred order is not to be had, a slab of the
 * smallest order holding one object is tried (SLUB's oo and min).
 *
 * Allocation: each CPU has an active slab, "frozen" (PageActive on the head, the bit SLUB used
 * for it in 2.6.22) and its free objects taken into the CPU's freelist; the fast path pops that
 * list under the CPU's lock. When it is empty, the CPU takes what other CPUs freed into the
 * slab meanwhile (page->freelist), else unfreezes it (it is full: onto the node's full list)
 * and freezes the first slab of its node's partial list (or of the next node's), else allocates
 * a new slab, with the CPU lock dropped so that the page allocator may block or reclaim.
 *
 * Free: an object of the CPU's active slab goes back onto the CPU freelist (fast path); any
 * other goes onto its slab's freelist under the node's list_lock. A full slab that gets a free
 * object moves to the partial list; a slab that becomes empty is freed to the page allocator
 * unless its node has fewer than min_partial slabs on the partial list, itself included
 * (ilog2(size) / 2, between 5 and 10), so that a cache going up and down does not churn pages.
 * kmem_cache_shrink() deactivates every CPU's slab and frees every empty one.
 *
 * Bad frees are exact and cheap in every mode: slab_obj_map has one bit per 8 bytes of the
 * direct map, set while the object starting there is allocated. A free checks that the pointer
 * starts an object (one division) and atomically clears its bit: a bit already clear is a double
 * free, reported with nothing changed, however long ago the object was freed, whichever CPU
 * holds it and whatever its bytes now say. The cost is 1/64 of lowmem in address space (it is
 * calloc'd, so only the parts covering slab pages become resident: 4 KiB of map per 256 KiB of
 * RAM) and one atomic read-modify-write on alloc and on free, about 1-2 ns of a 23 ns
 * kmalloc+kfree pair here; objects per slab stay the kernel's. SLUB itself finds a double free
 * only with slub_debug=F, by walking the freelist.
 *
 * Locks, in order: slab_mutex (the cache list), a CPU's lock, a node's list_lock, then the page
 * allocator's. Threads may share a simulated CPU, hence the CPU lock where SLUB disables
 * preemption; the node lock covers the lists and page->freelist/inuse/frozen of its slabs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "slab_internal.h"

#define L1_CACHE_BYTES 64

static inline unsigned int fls_uint(unsigned int x)
{
	return x ? 32 - (unsigned int)__builtin_clz(x) : 0;
}

/* ---- cache geometry ---- */

static unsigned int calculate_alignment(slab_flags_t flags, unsigned int align, unsigned int size)
{
	/* HWCACHE_ALIGN: a cache line, or the fraction of one that small objects pack into */
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = L1_CACHE_BYTES;

		while (size <= ralign / 2)
			ralign /= 2;
		align = align > ralign ? align : ralign;
	}
	if (align < ARCH_SLAB_MINALIGN)
		align = ARCH_SLAB_MINALIGN;
	return ALIGN(align, sizeof(void *));
}

/* The slot layout of struct kmem_cache's comment: SLUB's calculate_sizes() */
static void calculate_sizes(struct kmem_cache *s)
{
	slab_flags_t flags = s->flags;
	bool orig_size = (flags & SLAB_KMALLOC) && (flags & SLAB_RED_ZONE);
	unsigned int size = ALIGN(s->object_size, sizeof(void *));

	/* at least one word of right red zone */
	if ((flags & SLAB_RED_ZONE) && size == s->object_size)
		size += sizeof(void *);
	s->inuse = size;
	/*
	 * The free pointer must not overwrite what a constructor set up, nor poison, nor the
	 * kmalloc red zone; otherwise it goes mid-object, away from overflows of the object before.
	 */
	if ((flags & SLAB_POISON) || s->ctor || orig_size ||
	    ((flags & SLAB_RED_ZONE) && s->object_size < sizeof(void *))) {
		s->offset = size;
		size += sizeof(void *);
	} else {
		s->offset = ALIGN_DOWN(s->object_size / 2, sizeof(void *));
	}
	s->track_offset = size;
	if (flags & SLAB_STORE_USER)
		size += 2 * sizeof(struct slab_track);
	s->orig_size_offset = 0;
	if (orig_size) {
		s->orig_size_offset = size;
		size += sizeof(unsigned int);
	}
	s->pad_offset = size;
	s->red_left_pad = 0;
	if (flags & SLAB_RED_ZONE) {
		/* a word of padding, so overflows hit it before the next object's metadata */
		size += sizeof(void *);
		s->red_left_pad = ALIGN(sizeof(void *), s->align);
		size += s->red_left_pad;
	}
	s->size = ALIGN(size, s->align);
}

static unsigned int order_objects(unsigned int order, unsigned int size)
{
	return (unsigned int)((PAGE_SIZE << order) / size);
}

/* The smallest order from @min_order whose leftover is at most 1/@fract of the slab */
static unsigned int calc_slab_order(unsigned int size, unsigned int min_order,
				    unsigned int max_order, unsigned int fract)
{
	unsigned int order;

	for (order = min_order; order <= max_order; order++) {
		unsigned long slab_size = PAGE_SIZE << order;

		if (slab_size % size <= slab_size / fract)
			break;
	}
	return order;
}

/* SLUB's calculate_order(); -1 when one object does not fit in MAX_PAGE_ORDER */
static int calculate_order(unsigned int size)
{
	unsigned int min_objects = 4 * (fls_uint((unsigned int)kmem_rt.nr_cpus) + 1);
	unsigned int max_objects = order_objects(SLUB_MAX_ORDER, size);
	unsigned int min_order;
	int order;

	if (min_objects > max_objects)
		min_objects = max_objects;
	min_order = (unsigned int)get_order((unsigned long)min_objects * size);
	for (unsigned int fract = 16; fract > 1; fract /= 2) {
		unsigned int o = calc_slab_order(size, min_order, SLUB_MAX_ORDER, fract);

		if (o <= SLUB_MAX_ORDER)
			return (int)o;
	}
	order = get_order(size);
	return order <= MAX_PAGE_ORDER ? order : -1;
}

void __kmem_cache_release(struct kmem_cache *s)
{
	if (s->cpu_slab)
		for (int cpu = 0; cpu < kmem_rt.nr_cpus; cpu++)
			pthread_mutex_destroy(&s->cpu_slab[cpu].lock.mutex);
	if (s->node)
		for (int nid = 0; nid < nr_online_nodes; nid++)
			if (s->node[nid]) {
				pthread_mutex_destroy(&s->node[nid]->list_lock.mutex);
				free(s->node[nid]);
			}
	free(s->node);
	free(s->cpu_slab);
	free(s->name);
	free(s);
}

static int alloc_cache_structs(struct kmem_cache *s)
{
	size_t cpus = (size_t)kmem_rt.nr_cpus;

	/* each part is whole once allocated, so that __kmem_cache_release() can undo any prefix */
	s->cpu_slab = aligned_alloc(64, cpus * sizeof(*s->cpu_slab));
	if (!s->cpu_slab)
		return -ENOMEM;
	memset(s->cpu_slab, 0, cpus * sizeof(*s->cpu_slab));
	for (size_t cpu = 0; cpu < cpus; cpu++)
		spin_lock_init(&s->cpu_slab[cpu].lock);
	s->node = calloc((size_t)nr_online_nodes, sizeof(*s->node));
	if (!s->node)
		return -ENOMEM;
	for (int nid = 0; nid < nr_online_nodes; nid++) {
		struct kmem_cache_node *n = aligned_alloc(64, sizeof(*n));

		if (!n)
			return -ENOMEM;
		memset(n, 0, sizeof(*n));
		spin_lock_init(&n->list_lock);
		INIT_LIST_HEAD(&n->partial);
		INIT_LIST_HEAD(&n->full);
		s->node[nid] = n;
	}
	return 0;
}

struct kmem_cache *__kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				       slab_flags_t flags, void (*ctor)(void *))
{
	struct kmem_cache *s = calloc(1, sizeof(*s));
	unsigned int partial;
	int order;

	if (!s || !(s->name = strdup(name)) || alloc_cache_structs(s)) {
		slab_report_create_failed(name, "out of memory");
		goto fail;
	}
	s->object_size = size;
	s->ctor = ctor;
	s->flags = flags;
	if ((s->flags & SLAB_POISON) && !ctor)
		s->flags |= __OBJECT_POISON;
	s->align = calculate_alignment(flags, align, size);
	if (flags & SLAB_CACHE_DMA)
		s->allocflags |= GFP_DMA;
	if (flags & SLAB_CACHE_DMA32)
		s->allocflags |= GFP_DMA32;
	if (flags & SLAB_RECLAIM_ACCOUNT)
		s->allocflags |= __GFP_RECLAIMABLE;
	calculate_sizes(s);
	order = calculate_order(s->size);
	if (order < 0) {
		slab_report_create_failed(name,
					  "an object with its metadata exceeds MAX_PAGE_ORDER");
		goto fail;
	}
	s->order = (unsigned int)order;
	s->objects = order_objects(s->order, s->size);
	s->min_order = (unsigned int)get_order(s->size);
	s->min_objects = order_objects(s->min_order, s->size);
	partial = (fls_uint(s->size) - 1) / 2; /* ilog2(size) / 2 */
	if (partial < MIN_PARTIAL)
		partial = MIN_PARTIAL;
	if (partial > MAX_PARTIAL)
		partial = MAX_PARTIAL;
	s->min_partial = partial;
	return s;

fail:
	if (s)
		__kmem_cache_release(s);
	return NULL;
}

/* ---- slabs ---- */

/*
 * The slab lists thread through slab_list, whose first word is also compound_head: kfree()
 * reads that word of any page without a lock (compound_head()), which is why list.h writes
 * ->next with WRITE_ONCE, as the kernel's does.
 */
static void slab_list_add(struct page *slab, struct list_head *head, bool tail)
{
	if (tail)
		list_add_tail(&slab->slab_list, head);
	else
		list_add(&slab->slab_list, head);
}

long slab_obj_index(const struct kmem_cache *s, const struct page *slab, const void *p)
{
	unsigned long off = (unsigned long)p - (unsigned long)slab_address(slab);

	if (off < s->red_left_pad)
		return -1;
	off -= s->red_left_pad;
	if (off % s->size || off / s->size >= slab->objects)
		return -1;
	return (long)(off / s->size);
}

unsigned int slab_objects_in_use(const struct kmem_cache *s, const struct page *slab)
{
	unsigned int used = 0;

	for (unsigned int i = 0; i < slab->objects; i++)
		used += obj_map_test(slab_object(s, slab, i));
	return used;
}

/*
 * The first attempt, as 6.18's allocate_slab(), is one the page allocator may fail quietly and
 * at once (__GFP_NOWARN | __GFP_NORETRY, never __GFP_NOFAIL); for a preferred order above the
 * minimum it also may not reclaim or wake kswapd, nor dip into the emergency reserves
 * (__GFP_RECLAIM off, __GFP_NOMEMALLOC on), since the larger slab is only an optimisation. If
 * that fails, the minimum order is asked for with the caller's own flags, even when it is the
 * same order: only then may the allocation reclaim, retry, warn or insist.
 */
static struct page *allocate_slab(struct kmem_cache *s, gfp_t gfp, int node)
{
	unsigned int order = s->order, objects = s->objects;
	gfp_t alloc_gfp;
	struct page *slab;
	char *prev = NULL;

	gfp = (gfp & SLAB_PAGE_GFP_MASK) | s->allocflags | __GFP_COMP;
	alloc_gfp = (gfp | __GFP_NOWARN | __GFP_NORETRY) & ~__GFP_NOFAIL;
	if ((alloc_gfp & __GFP_DIRECT_RECLAIM) && s->order > s->min_order)
		alloc_gfp = (alloc_gfp | __GFP_NOMEMALLOC) & ~__GFP_RECLAIM;
	slab = alloc_pages_node(node, alloc_gfp, order);
	if (unlikely(!slab)) {
		order = s->min_order;
		objects = s->min_objects;
		slab = alloc_pages_node(node, gfp, order);
	}
	if (unlikely(!slab))
		return NULL;
	slab->slab_cache = s;
	slab->objects = objects;
	slab->inuse = 0;
	SetPageSlab(slab);
	if (unlikely(s->flags & SLAB_DEBUG_FLAGS))
		slab_debug_new_slab(s, slab);
	/* free list in address order, built back to front */
	for (unsigned int i = objects; i-- > 0;) {
		char *obj = slab_object(s, slab, i);

		if (s->ctor)
			s->ctor(obj);
		set_freepointer(s, obj, prev);
		prev = obj;
	}
	slab->freelist = prev;
	atomic_long_add(1, &get_node(s, page_to_nid(slab))->nr_slabs);
	atomic_long_add(objects, &get_node(s, page_to_nid(slab))->total_objects);
	return slab;
}

static void discard_slab(struct kmem_cache *s, struct page *slab)
{
	struct kmem_cache_node *n = get_node(s, page_to_nid(slab));

	if (unlikely(s->flags & SLAB_DEBUG_FLAGS))
		slab_debug_discard(s, slab);
	atomic_long_add(-1, &n->nr_slabs);
	atomic_long_add(-(long)slab->objects, &n->total_objects);
	ClearPageSlab(slab);
	slab->slab_cache = NULL;
	slab->freelist = NULL;
	slab->inuse = 0;
	slab->objects = 0;
	INIT_LIST_HEAD(&slab->slab_list);
	__free_pages(slab, compound_order(slab));
}

static void add_partial(struct kmem_cache_node *n, struct page *slab, bool tail)
{
	n->nr_partial++;
	slab_list_add(slab, &n->partial, tail);
}

/* Hands all free objects of @slab to a CPU; under the node's list_lock (or unpublished) */
static void *freeze_slab(struct page *slab)
{
	void *freelist = slab->freelist;

	slab->freelist = NULL;
	slab->inuse = slab->objects;
	SetPageActive(slab);
	return freelist;
}

/*
 * deactivate_slab(): the CPU gives its slab back. Its CPU freelist joins the slab's own; the
 * slab goes to the partial list (the tail if other CPUs freed into it: it is colder), the full
 * list, or back to the page allocator when empty and the node has partial slabs enough.
 * Called with c->lock held.
 */
static void deactivate_slab(struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	struct page *slab = c->slab;
	void *freelist = c->freelist, *tail = NULL;
	struct kmem_cache_node *n;
	unsigned int nr = 0;
	bool discard = false, to_tail;

	if (!slab)
		return;
	c->slab = NULL;
	c->freelist = NULL;
	for (void *p = freelist; p; p = get_freepointer(s, p)) {
		tail = p;
		nr++;
	}
	n = get_node(s, page_to_nid(slab));
	spin_lock(&n->list_lock);
	to_tail = slab->freelist != NULL;
	if (tail) {
		set_freepointer(s, tail, slab->freelist);
		slab->freelist = freelist;
	}
	slab->inuse -= nr;
	ClearPageActive(slab);
	if (!slab->inuse && n->nr_partial >= s->min_partial)
		discard = true;
	else if (slab->freelist)
		add_partial(n, slab, to_tail);
	else
		slab_list_add(slab, &n->full, false);
	spin_unlock(&n->list_lock);
	if (discard)
		discard_slab(s, slab);
}

/* Objects other CPUs freed into the frozen slab meanwhile; or unfreeze it, full */
static void *get_freelist(struct kmem_cache *s, struct page *slab)
{
	struct kmem_cache_node *n = get_node(s, page_to_nid(slab));
	void *freelist;

	spin_lock(&n->list_lock);
	freelist = slab->freelist;
	if (freelist) {
		slab->freelist = NULL;
		slab->inuse = slab->objects;
	} else {
		ClearPageActive(slab);
		slab_list_add(slab, &n->full, false);
	}
	spin_unlock(&n->list_lock);
	return freelist;
}

/*
 * Freezes the first partial slab of @node; for NUMA_NO_NODE, of the local node, else of the
 * others in turn (SLUB's get_any_partial() walks them by distance, a refinement left out).
 */
static void *get_partial(struct kmem_cache *s, struct kmem_cache_cpu *c, int node)
{
	int first = node == NUMA_NO_NODE ? numa_node_id() : node;
	int tries = node == NUMA_NO_NODE ? nr_online_nodes : 1;

	for (int i = 0; i < tries; i++) {
		struct kmem_cache_node *n = get_node(s, (first + i) % nr_online_nodes);
		struct page *slab;
		void *freelist;

		spin_lock(&n->list_lock);
		if (list_empty(&n->partial)) {
			spin_unlock(&n->list_lock);
			continue;
		}
		slab = list_first_entry(&n->partial, struct page, slab_list);
		list_del(&slab->slab_list);
		n->nr_partial--;
		freelist = freeze_slab(slab);
		spin_unlock(&n->list_lock);
		c->slab = slab;
		return freelist;
	}
	return NULL;
}

/* ___slab_alloc(): the CPU freelist is empty (or on the wrong node). Releases c->lock. */
static void *slab_alloc_slowpath(struct kmem_cache *s, struct kmem_cache_cpu *c, gfp_t gfp,
				 int node)
{
	struct page *slab = c->slab;
	void *freelist = NULL;

	if (slab && node != NUMA_NO_NODE && page_to_nid(slab) != node) {
		deactivate_slab(s, c);
		slab = NULL;
	}
	if (slab) {
		freelist = get_freelist(s, slab);
		if (!freelist)
			c->slab = NULL;
	}
	if (!freelist)
		freelist = get_partial(s, c, node);
	if (!freelist) {
		spin_unlock(&c->lock);
		slab = allocate_slab(s, gfp, node == NUMA_NO_NODE ? numa_node_id() : node);
		if (unlikely(!slab)) {
			if (!(gfp & __GFP_NOWARN))
				slab_report_oom(s, gfp, node);
			return NULL;
		}
		freelist = freeze_slab(slab);
		spin_lock(&c->lock);
		/* another thread of this CPU may have installed a slab meanwhile */
		deactivate_slab(s, c);
		c->slab = slab;
	}
	c->freelist = get_freepointer(s, freelist);
	spin_unlock(&c->lock);
	return freelist;
}

void slab_fix_flags(gfp_t *gfp, const char *func)
{
	if (likely(!(*gfp & GFP_SLAB_BUG_MASK)))
		return;
	slab_report_gfp(func, *gfp);
	*gfp &= ~GFP_SLAB_BUG_MASK;
}

void *slab_alloc_node(struct kmem_cache *s, gfp_t gfp, int node, unsigned long caller,
		      size_t orig_size)
{
	struct kmem_cache_cpu *c = &s->cpu_slab[smp_processor_id()];
	void *obj;

	spin_lock(&c->lock);
	obj = c->freelist;
	if (likely(obj && (node == NUMA_NO_NODE || page_to_nid(c->slab) == node))) {
		c->freelist = get_freepointer(s, obj);
		spin_unlock(&c->lock);
	} else {
		obj = slab_alloc_slowpath(s, c, gfp, node);
		if (unlikely(!obj))
			return NULL;
	}
	obj_map_set(obj);
	/* maybe_wipe_obj_freeptr(): under init_on_free the rest of the object is zero already */
	if (unlikely(slab_want_init_on_free(s)) && freeptr_inside_object(s))
		memset((char *)obj + s->offset, 0, sizeof(void *));
	if (unlikely(s->flags & SLAB_DEBUG_FLAGS))
		slab_debug_alloc(s, virt_to_head_page(obj), obj, caller, orig_size);
	if (unlikely(slab_want_init_on_alloc(gfp, s)))
		memset(obj, 0, s->orig_size_offset ? orig_size : s->object_size);
	return obj;
}

/* __slab_free(): @obj is not of this CPU's slab */
static void slab_free_slowpath(struct kmem_cache *s, struct page *slab, void *obj)
{
	struct kmem_cache_node *n = get_node(s, page_to_nid(slab));
	bool was_full, discard = false;

	spin_lock(&n->list_lock);
	was_full = !slab->freelist;
	set_freepointer(s, obj, slab->freelist);
	slab->freelist = obj;
	slab->inuse--;
	if (PageActive(slab)) /* frozen: its CPU picks the object up */
		goto out;
	if (!slab->inuse && n->nr_partial >= s->min_partial) {
		list_del(&slab->slab_list);
		if (!was_full)
			n->nr_partial--;
		discard = true;
	} else if (was_full) {
		list_del(&slab->slab_list);
		add_partial(n, slab, true);
	}
out:
	spin_unlock(&n->list_lock);
	if (discard)
		discard_slab(s, slab);
}

void slab_free_checked(struct kmem_cache *expect, struct page *slab, const void *p,
		       unsigned long caller, const char *func)
{
	struct kmem_cache *s = slab->slab_cache;
	struct kmem_cache_cpu *c;
	void *obj = (void *)p;

	if (unlikely(expect && expect != s)) {
		slab_report_wrong_cache(func, expect, s);
		return;
	}
	if (unlikely(slab_obj_index(s, slab, p) < 0)) {
		slab_report_invalid(s, slab, p, func);
		return;
	}
	if (unlikely(s->flags & SLAB_DEBUG_FLAGS)) {
		/* checked while still marked allocated, so that reports count it as used */
		if (!obj_map_test(p)) {
			slab_report_double_free(s, slab, p, func);
			return;
		}
		slab_debug_free(s, slab, obj, caller);
	}
	/* from here on the object is this thread's alone: a racing double free loses here */
	if (unlikely(!obj_map_test_and_clear(p))) {
		slab_report_double_free(s, slab, p, func);
		return;
	}
	/* slab_free_hook(): the bytes kmalloc handed out, the kmalloc red zone kept */
	if (unlikely(slab_want_init_on_free(s)))
		memset(obj, 0, s->orig_size_offset ? slab_debug_orig_size(s, obj) : s->object_size);
	c = &s->cpu_slab[smp_processor_id()];
	spin_lock(&c->lock);
	if (likely(c->slab == slab)) {
		set_freepointer(s, obj, c->freelist);
		c->freelist = obj;
		spin_unlock(&c->lock);
		return;
	}
	spin_unlock(&c->lock);
	slab_free_slowpath(s, slab, obj);
}

size_t slab_ksize(const struct kmem_cache *s)
{
	/*
	 * With red zones or poison only the object is the caller's; else the slot up to the
	 * metadata (SLUB's slab_ksize())
	 */
	if (s->flags & (SLAB_RED_ZONE | SLAB_POISON))
		return s->object_size;
	if (s->flags & SLAB_STORE_USER)
		return s->inuse;
	return s->size;
}

/* ---- the API ---- */

unsigned int kmem_cache_size(struct kmem_cache *s)
{
	return s->object_size;
}

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags)
{
	slab_fix_flags(&flags, "kmem_cache_alloc");
	return slab_alloc_node(s, flags, NUMA_NO_NODE, _RET_IP_, s->object_size);
}

void *kmem_cache_alloc_node(struct kmem_cache *s, gfp_t flags, int node)
{
	slab_fix_flags(&flags, "kmem_cache_alloc_node");
	if (node != NUMA_NO_NODE && (node < 0 || node >= nr_online_nodes))
		node = NUMA_NO_NODE;
	return slab_alloc_node(s, flags, node, _RET_IP_, s->object_size);
}

void slab_free_obj(struct kmem_cache *s, void *x, unsigned long caller, const char *func)
{
	struct page *slab;

	if (unlikely(!x))
		return;
	if (unlikely(!virt_addr_valid(x))) {
		slab_report_not_slab(func, x, "outside the direct map");
		return;
	}
	slab = virt_to_head_page(x);
	if (unlikely(!PageSlab(slab))) {
		slab_report_not_slab(func, x, "not in a slab page");
		return;
	}
	slab_free_checked(s, slab, x, caller, func);
}

void kmem_cache_free(struct kmem_cache *s, void *x)
{
	slab_free_obj(s, x, _RET_IP_, "kmem_cache_free");
}

static void flush_cpu_slabs(struct kmem_cache *s)
{
	for (int cpu = 0; cpu < kmem_rt.nr_cpus; cpu++) {
		struct kmem_cache_cpu *c = &s->cpu_slab[cpu];

		spin_lock(&c->lock);
		deactivate_slab(s, c);
		spin_unlock(&c->lock);
	}
}

int kmem_cache_shrink(struct kmem_cache *s)
{
	flush_cpu_slabs(s);
	for (int nid = 0; nid < nr_online_nodes; nid++) {
		struct kmem_cache_node *n = get_node(s, nid);
		struct page *slab, *next;
		LIST_HEAD(empty);

		spin_lock(&n->list_lock);
		list_for_each_entry_safe(slab, next, &n->partial, slab_list) {
			if (!slab->inuse) {
				list_del(&slab->slab_list);
				slab_list_add(slab, &empty, false);
				n->nr_partial--;
			}
		}
		spin_unlock(&n->list_lock);
		list_for_each_entry_safe(slab, next, &empty, slab_list) {
			list_del(&slab->slab_list);
			discard_slab(s, slab);
		}
	}
	return 0;
}

bool __kmem_cache_shutdown(struct kmem_cache *s)
{
	kmem_cache_shrink(s);
	for (int nid = 0; nid < nr_online_nodes; nid++)
		if (atomic_long_read(&get_node(s, nid)->nr_slabs))
			return false;
	return true;
}

/* ---- statistics ---- */

static unsigned long freelist_length(const struct kmem_cache *s, const void *p)
{
	unsigned long nr = 0;

	for (; p; p = get_freepointer(s, p))
		nr++;
	return nr;
}

void __kmem_cache_stats(struct kmem_cache *s, struct kmem_slab_stats *st)
{
	unsigned long free = 0;

	memset(st, 0, sizeof(*st));
	for (int cpu = 0; cpu < kmem_rt.nr_cpus; cpu++) {
		struct kmem_cache_cpu *c = &s->cpu_slab[cpu];

		spin_lock(&c->lock);
		if (c->slab) {
			struct kmem_cache_node *n = get_node(s, page_to_nid(c->slab));

			free += freelist_length(s, c->freelist);
			spin_lock(&n->list_lock);
			free += c->slab->objects - c->slab->inuse;
			spin_unlock(&n->list_lock);
		}
		spin_unlock(&c->lock);
	}
	for (int nid = 0; nid < nr_online_nodes; nid++) {
		struct kmem_cache_node *n = get_node(s, nid);
		struct page *slab;

		spin_lock(&n->list_lock);
		list_for_each_entry(slab, &n->partial, slab_list)
			free += slab->objects - slab->inuse;
		st->partial_slabs += n->nr_partial;
		spin_unlock(&n->list_lock);
		st->num_slabs += (unsigned long)atomic_long_read(&n->nr_slabs);
		st->num_objs += (unsigned long)atomic_long_read(&n->total_objects);
	}
	st->active_objs = st->num_objs - free;
	st->objsize = s->size;
	st->object_size = s->object_size;
	st->align = s->align;
	st->objperslab = s->objects;
	st->pagesperslab = 1U << s->order;
	st->min_partial = s->min_partial;
	st->gfp = s->allocflags;
	st->flags = s->flags & ~__OBJECT_POISON;
}
