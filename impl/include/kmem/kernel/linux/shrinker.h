/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shrinkers, after include/linux/shrinker.h: caches that reclaim can ask to give memory back.
 * count_objects says how much could be freed, scan_objects frees up to sc->nr_to_scan of it and
 * returns how many, or SHRINK_STOP. Both the modern API (shrinker_alloc/shrinker_register/
 * shrinker_free) and the classic one (register_shrinker/unregister_shrinker) are here.
 *
 * The kernel leaves it to each shrinker to look at sc->gfp_mask (a filesystem's shrinker
 * returns SHRINK_STOP without __GFP_FS). The model also lets a shrinker declare what it needs
 * with SHRINKER_NEEDS_FS / SHRINKER_NEEDS_IO, and reclaim then skips it for a gfp mask without
 * that flag, so the rule is visible and counted.
 */
#ifndef _KMEM_LINUX_SHRINKER_H
#define _KMEM_LINUX_SHRINKER_H

#include <linux/list.h>
#include <linux/types.h>

struct shrink_control {
	gfp_t gfp_mask;
	int nid;
	unsigned long nr_to_scan; /* how many objects scan_objects should look at */
	unsigned long nr_scanned; /* how many it did look at, if it sets it */
};

#define SHRINK_STOP  (~0UL - 1)
#define SHRINK_EMPTY (~0UL - 2)

struct shrinker {
	unsigned long (*count_objects)(struct shrinker *, struct shrink_control *sc);
	unsigned long (*scan_objects)(struct shrinker *, struct shrink_control *sc);
	long batch; /* objects per scan_objects call; 0 = SHRINK_BATCH */
	int seeks;  /* cost to recreate an object, DEFAULT_SEEKS = 2 */
	unsigned int flags;
	void *private_data;
	/* reclaim's own */
	struct list_head list;
	char name[32];
	unsigned long nr_deferred;
};

#define DEFAULT_SEEKS 2
#define SHRINK_BATCH  128

#define SHRINKER_REGISTERED  (1U << 0)
#define SHRINKER_ALLOCATED   (1U << 1)
#define SHRINKER_NUMA_AWARE  (1U << 2)
#define SHRINKER_MEMCG_AWARE (1U << 3)
#define SHRINKER_NONSLAB     (1U << 4)
/* kmembench: reclaim calls this shrinker only when the gfp mask allows FS / IO */
#define SHRINKER_NEEDS_FS (1U << 8)
#define SHRINKER_NEEDS_IO (1U << 9)

struct shrinker *shrinker_alloc(unsigned int flags, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void shrinker_register(struct shrinker *shrinker);
void shrinker_free(struct shrinker *shrinker);

int register_shrinker(struct shrinker *shrinker, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void unregister_shrinker(struct shrinker *shrinker);

#endif
