// SPDX-License-Identifier: GPL-2.0
/*
 * The slab layer's common part, after mm/slab_common.c: the list of caches, kmem_cache_create
 * and kmem_cache_destroy, shrinking every cache, the statistics and /proc/slabinfo, and the
 * layer's boot and shutdown (KMEM_SLAB_DEBUG, the object map, the kmalloc caches).
 *
 * kmem_cache_destroy() of a cache that still has objects does what the kernel does: it reports
 * them ("Objects remaining in NAME on __kmem_cache_shutdown()" for each slab holding some, with
 * the objects, then "kmem_cache_destroy NAME: Slab cache still has objects when called from
 * ADDR"), frees the empty slabs and keeps the cache on the list, where the kernel leaks it.
 * Its objects stay valid and may still be freed; a later destroy, once they are, completes.
 *
 * slab_exit() frees every cache's structures, objects left or not: the slabs themselves go
 * with the RAM that zones_exit() releases next, and the model may boot again.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "init.h"
#include "slab_internal.h"

unsigned long *slab_obj_map;

/* Every cache, oldest first; the kmalloc caches are created at boot */
static LIST_HEAD(slab_caches);
static pthread_mutex_t slab_mutex = PTHREAD_MUTEX_INITIALIZER;
static bool slab_up;
/* KMEM_SLAB_DEBUG's flags, given to every cache */
static slab_flags_t slab_debug_flags;

struct kmem_cache *create_cache(const char *name, unsigned int size, unsigned int align,
				slab_flags_t flags, void (*ctor)(void *))
{
	struct kmem_cache *s =
		__kmem_cache_create(name, size, align, flags | slab_debug_flags, ctor);

	if (!s)
		return NULL;
	pthread_mutex_lock(&slab_mutex);
	list_add_tail(&s->list, &slab_caches);
	pthread_mutex_unlock(&slab_mutex);
	return s;
}

#define SLAB_CREATE_MASK                                                             \
	(SLAB_DEBUG_FLAGS | SLAB_HWCACHE_ALIGN | SLAB_CACHE_DMA | SLAB_CACHE_DMA32 | \
	 SLAB_RECLAIM_ACCOUNT | SLAB_PANIC | SLAB_MEM_SPREAD | SLAB_NO_MERGE | SLAB_ACCOUNT)

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     slab_flags_t flags, void (*ctor)(void *))
{
	const char *why = NULL;

	if (!slab_up)
		why = "the model is not booted";
	else if (!name)
		why = "no name";
	else if (!size || size > KMALLOC_MAX_SIZE)
		why = "size must be 1 to KMALLOC_MAX_SIZE bytes";
	else if (align & (align - 1))
		why = "align must be a power of two";
	else if (flags & ~SLAB_CREATE_MASK)
		why = "unsupported flags";
	else if ((flags & SLAB_CACHE_DMA) && (flags & SLAB_CACHE_DMA32))
		why = "SLAB_CACHE_DMA and SLAB_CACHE_DMA32 together";
	if (why) {
		slab_report_create_failed(name ? name : "(null)", why);
		return NULL;
	}
	return create_cache(name, size, align, flags, ctor);
}

void kmem_cache_destroy(struct kmem_cache *s)
{
	if (!s)
		return;
	if (s->flags & SLAB_KMALLOC) {
		slab_report_line("kmem_cache_destroy %s: a kmalloc cache is never destroyed\n",
				 s->name);
		return;
	}
	pthread_mutex_lock(&slab_mutex);
	if (!__kmem_cache_shutdown(s)) {
		slab_report_remaining(s, _RET_IP_);
		pthread_mutex_unlock(&slab_mutex);
		return;
	}
	list_del(&s->list);
	pthread_mutex_unlock(&slab_mutex);
	__kmem_cache_release(s);
}

int kmem_slab_stats(const char *name, struct kmem_slab_stats *out)
{
	struct kmem_cache *s;
	int ret = -ENOENT;

	pthread_mutex_lock(&slab_mutex);
	list_for_each_entry(s, &slab_caches, list) {
		if (!strcmp(s->name, name)) {
			__kmem_cache_stats(s, out);
			ret = 0;
			break;
		}
	}
	pthread_mutex_unlock(&slab_mutex);
	return ret;
}

void kmem_slab_shrink_all(void)
{
	struct kmem_cache *s;

	pthread_mutex_lock(&slab_mutex);
	list_for_each_entry(s, &slab_caches, list)
		kmem_cache_shrink(s);
	pthread_mutex_unlock(&slab_mutex);
}

void kmem_print_slabinfo(FILE *out)
{
	struct kmem_slab_stats st;
	struct kmem_cache *s;

	fprintf(out, "slabinfo - version: 2.1\n"
		     "# name            <active_objs> <num_objs> <objsize> <objperslab> "
		     "<pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata "
		     "<active_slabs> <num_slabs> <sharedavail>\n");
	pthread_mutex_lock(&slab_mutex);
	list_for_each_entry(s, &slab_caches, list) {
		__kmem_cache_stats(s, &st);
		fprintf(out,
			"%-17s %6lu %6lu %6u %4u %4u : tunables %4u %4u %4u : slabdata %6lu %6lu "
			"%6u\n",
			s->name, st.active_objs, st.num_objs, st.objsize, st.objperslab,
			st.pagesperslab, 0U, 0U, 0U, st.num_slabs, st.num_slabs, 0U);
	}
	pthread_mutex_unlock(&slab_mutex);
}

int slab_init(void)
{
	/* one bit per 8 bytes of lowmem: max_low_pfn * PAGE_SIZE / 8 bits */
	size_t words = max_low_pfn * (PAGE_SIZE / 8 / BITS_PER_LONG);
	int err;

	err = slab_debug_parse(kmem_rt.slab_debug, &slab_debug_flags);
	if (err)
		return err;
	slab_reports_reset();
	slab_obj_map = calloc(words, sizeof(unsigned long));
	if (!slab_obj_map) {
		fprintf(stderr, "kmem: no memory for the slab object map (%zu KiB)%s\n",
			words * sizeof(unsigned long) >> 10, as_limit_note());
		return -ENOMEM;
	}
	slab_up = true;
	err = kmalloc_init();
	if (err)
		slab_exit();
	return err;
}

void slab_exit(void)
{
	struct kmem_cache *s, *next;

	kmalloc_exit();
	pthread_mutex_lock(&slab_mutex);
	list_for_each_entry_safe(s, next, &slab_caches, list) {
		list_del(&s->list);
		__kmem_cache_release(s);
	}
	pthread_mutex_unlock(&slab_mutex);
	free(slab_obj_map);
	slab_obj_map = NULL;
	slab_up = false;
}
