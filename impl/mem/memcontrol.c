// SPDX-License-Identifier: GPL-2.0
/*
 * __GFP_ACCOUNT, after mm/memcontrol.c's kmem accounting: an allocation with __GFP_ACCOUNT is
 * charged to the calling thread's memory group (a memcg), and uncharged when its pages are
 * freed. A group may have a limit: a charge that would pass it fails, and so does the
 * allocation, as __memcg_kmem_charge_page() makes __alloc_pages() return NULL. Unaccounted
 * allocations are never charged, whatever the group. Group 0 is the root and has no limit.
 *
 * Which group a block was charged to is kept per pfn (one byte, like the memcg pointer in the
 * kernel's page->memcg_data), so the free needs no help from the caller.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MAX_MEMCGS 64

struct memcg {
	char name[32];
	long limit;   /* pages; 0 = none */
	long charged; /* pages, atomic */
	long failcnt; /* charges refused, atomic */
};

static struct memcg memcgs[MAX_MEMCGS];
static int nr_memcgs;
static pthread_mutex_t memcg_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char *memcg_of; /* per pfn: charged group + 1, 0 = not charged */
static __thread int current_memcg;
static __thread unsigned long current_memcg_seq; /* kmem_boot_seq when it was set */

int memcg_init(unsigned long nr_pages)
{
	memcg_of = calloc(nr_pages, 1);
	if (!memcg_of)
		return -ENOMEM;
	memset(memcgs, 0, sizeof(memcgs));
	snprintf(memcgs[0].name, sizeof(memcgs[0].name), "root");
	nr_memcgs = 1;
	return 0;
}

void memcg_exit(void)
{
	free(memcg_of);
	memcg_of = NULL;
	nr_memcgs = 0;
}

bool memcg_charge(struct page *page, unsigned int order)
{
	int id = current_memcg_seq == __atomic_load_n(&kmem_boot_seq, __ATOMIC_RELAXED)
			 ? current_memcg
			 : 0;
	struct memcg *cg = &memcgs[id < __atomic_load_n(&nr_memcgs, __ATOMIC_ACQUIRE) ? id : 0];
	long nr = 1L << order;
	long now = __atomic_add_fetch(&cg->charged, nr, __ATOMIC_RELAXED);

	if (cg->limit && now > cg->limit) {
		__atomic_fetch_sub(&cg->charged, nr, __ATOMIC_RELAXED);
		__atomic_fetch_add(&cg->failcnt, 1, __ATOMIC_RELAXED);
		return false;
	}
	memcg_of[page_to_pfn(page)] = (unsigned char)(cg - memcgs + 1);
	return true;
}

void memcg_uncharge(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page);

	if (likely(!memcg_of[pfn]))
		return;
	__atomic_fetch_sub(&memcgs[memcg_of[pfn] - 1].charged, 1L << order, __ATOMIC_RELAXED);
	memcg_of[pfn] = 0;
}

void memcg_uncharge_tails(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page);

	if (likely(!memcg_of[pfn]))
		return;
	__atomic_fetch_sub(&memcgs[memcg_of[pfn] - 1].charged, (1L << order) - 1, __ATOMIC_RELAXED);
}

void memcg_split(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page);

	if (likely(!memcg_of[pfn]))
		return;
	for (unsigned long i = 1; i < (1UL << order); i++)
		memcg_of[pfn + i] = memcg_of[pfn];
}

int kmem_memcg_create(const char *name, unsigned long limit_pages)
{
	int id;

	if (!name || !*name || strlen(name) >= sizeof(memcgs[0].name))
		return -EINVAL;
	pthread_mutex_lock(&memcg_lock);
	/* the root group exists from boot to shutdown; without it id 0 would look created */
	if (!nr_memcgs) {
		pthread_mutex_unlock(&memcg_lock);
		fprintf(stderr, "kmem: kmem_memcg_create(%s) failed: the model is not booted\n",
			name);
		return -EINVAL;
	}
	id = nr_memcgs < MAX_MEMCGS ? nr_memcgs : -ENOSPC;
	if (id > 0) {
		snprintf(memcgs[id].name, sizeof(memcgs[id].name), "%s", name);
		memcgs[id].limit = (long)limit_pages;
		/* published after the group is set up: charge() reads it without the lock */
		__atomic_store_n(&nr_memcgs, id + 1, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&memcg_lock);
	return id;
}

int kmem_thread_set_memcg(int id)
{
	if (id < 0 || id >= __atomic_load_n(&nr_memcgs, __ATOMIC_ACQUIRE))
		return -EINVAL;
	current_memcg = id;
	current_memcg_seq = __atomic_load_n(&kmem_boot_seq, __ATOMIC_RELAXED);
	return 0;
}

int kmem_memcg_stats(int id, struct kmem_memcg_stats *out)
{
	memset(out, 0, sizeof(*out));
	if (id < 0 || id >= __atomic_load_n(&nr_memcgs, __ATOMIC_ACQUIRE))
		return -ENOENT;
	out->name = memcgs[id].name;
	out->limit = (unsigned long)memcgs[id].limit;
	out->charged = (unsigned long)__atomic_load_n(&memcgs[id].charged, __ATOMIC_RELAXED);
	out->failcnt = (unsigned long)__atomic_load_n(&memcgs[id].failcnt, __ATOMIC_RELAXED);
	return 0;
}
