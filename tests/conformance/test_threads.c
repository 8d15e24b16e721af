// SPDX-License-Identifier: GPL-2.0
/*
 * Concurrency: several threads, each running as a (simulated) CPU, allocate and free at once
 * with mixed orders (0-5) and gfp masks (zone modifiers, __GFP_ZERO, __GFP_COMP, atomic and
 * accounted requests, node-directed ones), kmalloc/kfree of every size class (and above),
 * objects of a shared kmem_cache, and vmalloc/vfree areas, while one thread keeps refilling a
 * page cache that their reclaim and kswapd take back. Everything is checked when handed out
 * (blocks aligned, in a zone the gfp mask allows, on the node __GFP_THISNODE named, one
 * reference; objects at least the size asked; zeroed when asked) and carries a per-thread
 * pattern that is verified just before it is freed: memory handed to two users at once, or
 * written by the allocator while held, shows up as a pattern mismatch. vmalloc areas are also
 * read back through the direct map of each page vmalloc_to_page() names. At the end every page
 * is back (nr_free_pages() as at the start once the page cache is dropped and the slab caches
 * shrunk, pgalloc == pgfree over the run, no charge left in the memory group, no vmalloc area
 * left) and no "Bad page", slab or vfree error was reported.
 *
 * Built plain, with ASan+UBSan and with TSan; the sanitized builds do fewer operations (TSan is
 * about ten times slower than plain), and KMEM_STRESS_OPS=N sets the operations per thread for
 * any build.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "harness.h"

#define MiB (1ULL << 20)

/* gcc says which sanitizer is on with __SANITIZE_*__, clang with __has_feature() */
#if defined(__SANITIZE_THREAD__)
#define STRESS_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define STRESS_TSAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define STRESS_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define STRESS_ASAN 1
#endif
#endif

#if defined(STRESS_TSAN)
#define STRESS_OPS 40000
#elif defined(STRESS_ASAN)
#define STRESS_OPS 30000
#else
#define STRESS_OPS 60000
#endif

#define NR_SLOTS	 48
#define NR_OBJS		 64
#define NR_AREAS	 4
#define MAX_AREA_PAGES	 16
#define MAX_THREADS	 8
#define STRESS_MAX_ORDER 5

struct held {
	struct page *page;
	unsigned int order;
	gfp_t gfp;
	uint64_t token;
};

/* A kmalloc object (cache NULL) or one of @cache */
struct held_obj {
	void *p;
	size_t size;
	struct kmem_cache *cache;
	uint64_t token;
};

struct held_area {
	void *p;
	unsigned long nr_pages;
	uint64_t token;
};

struct worker {
	pthread_t thread;
	int id, cpu, nr_nodes, memcg;
	unsigned long ops;
	uint64_t rng;
	struct kmem_cache *cache; /* shared by all threads */
	unsigned long allocs, fails, fills, objs, areas;
	struct held slot[NR_SLOTS];
	struct held_obj obj[NR_OBJS];
	struct held_area area[NR_AREAS];
	char error[256]; /* the first thing that went wrong, "" if nothing */
};

/* xorshift64*: a seeded, reproducible stream per thread */
static uint64_t next_rand(struct worker *w)
{
	w->rng ^= w->rng >> 12;
	w->rng ^= w->rng << 25;
	w->rng ^= w->rng >> 27;
	return w->rng * 0x2545f4914f6cdd1dULL;
}

/* Mostly small blocks, as the kernel's allocations are */
static unsigned int pick_order(struct worker *w)
{
	static const unsigned char weights[STRESS_MAX_ORDER + 1] = { 50, 15, 10, 10, 8, 7 };
	unsigned int r = (unsigned int)(next_rand(w) % 100);

	for (unsigned int order = 0; order <= STRESS_MAX_ORDER; order++) {
		if (r < weights[order])
			return order;
		r -= weights[order];
	}
	return 0;
}

static gfp_t pick_gfp(struct worker *w, unsigned int order)
{
	static const gfp_t masks[] = {
		GFP_KERNEL,
		GFP_KERNEL,
		GFP_KERNEL | __GFP_DMA32,
		GFP_HIGHUSER_MOVABLE,
		GFP_USER,
		GFP_KERNEL | __GFP_ZERO,
		GFP_KERNEL | __GFP_COMP,
		GFP_NOFS,
		GFP_NOIO,
		GFP_ATOMIC,
		GFP_NOWAIT,
		GFP_KERNEL | __GFP_DMA,
	};
	gfp_t gfp = masks[next_rand(w) % ARRAY_SIZE(masks)];

	/* ZONE_DMA is small: keep its requests small too, so they rarely fail */
	if ((gfp & __GFP_DMA) && order > 2)
		gfp &= ~__GFP_DMA;
	if (w->memcg && next_rand(w) % 4 == 0)
		gfp |= __GFP_ACCOUNT;
	return gfp | __GFP_NOWARN;
}

/*
 * Records what went wrong first in a worker: ASSERT_* ends a test by longjmp, which only the
 * test's own thread may do, so the workers report and the main thread fails the test.
 */
static void fail(struct worker *w, const char *fmt, unsigned long a, unsigned long b)
{
	if (!w->error[0])
		snprintf(w->error, sizeof(w->error), fmt, a, b);
}

/* The pattern: the token, xor the page's index in the block, at both ends of every page */
static void write_pattern(const struct held *h)
{
	char *addr = page_address(h->page);

	for (unsigned long i = 0; i < (1UL << h->order); i++) {
		uint64_t v = h->token ^ i;

		memcpy(addr + i * PAGE_SIZE, &v, sizeof(v));
		memcpy(addr + (i + 1) * PAGE_SIZE - sizeof(v), &v, sizeof(v));
	}
}

static bool check_pattern(struct worker *w, const struct held *h)
{
	const char *addr = page_address(h->page);

	for (unsigned long i = 0; i < (1UL << h->order); i++) {
		uint64_t v = h->token ^ i, head, tail;

		memcpy(&head, addr + i * PAGE_SIZE, sizeof(head));
		memcpy(&tail, addr + (i + 1) * PAGE_SIZE - sizeof(tail), sizeof(tail));
		if (head != v || tail != v) {
			fail(w,
			     "pattern of pfn %#lx overwritten while held (page %lu of the block)",
			     page_to_pfn(h->page) + i, i);
			return false;
		}
	}
	return true;
}

static bool is_zero(const struct page *page, unsigned int order)
{
	const uint64_t *p = page_address(page);

	for (unsigned long i = 0; i < (PAGE_SIZE << order) / sizeof(*p); i++)
		if (p[i])
			return false;
	return true;
}

/* Checks a block just handed out against what was asked for */
static bool check_new(struct worker *w, const struct held *h, int nid)
{
	unsigned long pfn = page_to_pfn(h->page);

	if (pfn & ((1UL << h->order) - 1)) {
		fail(w, "order-%lu block at unaligned pfn %#lx", h->order, pfn);
		return false;
	}
	if (page_zonenum(h->page) > gfp_zone(h->gfp)) {
		fail(w, "pfn %#lx in zone %lu, above the gfp mask's", pfn, page_zonenum(h->page));
		return false;
	}
	if ((h->gfp & __GFP_THISNODE) && page_to_nid(h->page) != nid) {
		fail(w, "__GFP_THISNODE pfn %#lx on node %lu", pfn, page_to_nid(h->page));
		return false;
	}
	if (page_count(h->page) != 1) {
		fail(w, "pfn %#lx handed out with page_count %lu", pfn, page_count(h->page));
		return false;
	}
	if ((h->gfp & __GFP_ZERO) && !is_zero(h->page, h->order)) {
		fail(w, "__GFP_ZERO block at pfn %#lx (order %lu) is not zero", pfn, h->order);
		return false;
	}
	return true;
}

static void release(struct held *h)
{
	if (h->gfp & __GFP_COMP)
		put_page(h->page);
	else
		__free_pages(h->page, h->order);
	h->page = NULL;
}

static bool do_alloc(struct worker *w, struct held *h)
{
	int nid = -1;

	h->order = pick_order(w);
	h->gfp = pick_gfp(w, h->order);
	if (w->nr_nodes > 1 && next_rand(w) % 8 == 0) {
		nid = (int)(next_rand(w) % (unsigned long)w->nr_nodes);
		if (next_rand(w) & 1)
			h->gfp |= __GFP_THISNODE;
		h->page = alloc_pages_node(nid, h->gfp, h->order);
	} else {
		h->page = alloc_pages(h->gfp, h->order);
	}
	if (!h->page) {
		w->fails++;
		return true;
	}
	w->allocs++;
	h->token = ((uint64_t)w->id << 56) ^ (next_rand(w) & ~(0xffULL << 56));
	if (!check_new(w, h, nid))
		return false;
	write_pattern(h);
	return true;
}

/* The byte an object is filled with, after its 8-byte token */
static unsigned char obj_byte(uint64_t token)
{
	return (unsigned char)(token >> 8) | 1;
}

static void obj_fill(const struct held_obj *o)
{
	memcpy(o->p, &o->token, sizeof(o->token));
	memset((char *)o->p + sizeof(o->token), obj_byte(o->token), o->size - sizeof(o->token));
}

static bool obj_check(struct worker *w, const struct held_obj *o)
{
	const unsigned char *p = o->p;
	unsigned char b = obj_byte(o->token);
	uint64_t token;

	memcpy(&token, p, sizeof(token));
	for (size_t i = sizeof(token); token == o->token && i < o->size; i++) {
		if (p[i] != b) {
			token = ~o->token;
			break;
		}
	}
	if (token != o->token) {
		fail(w, "slab object at %#lx (%lu bytes) overwritten while held",
		     (unsigned long)o->p, o->size);
		return false;
	}
	return true;
}

/* kmalloc sizes from 8 bytes to 3 pages (past the largest kmalloc cache), spread by log */
static size_t pick_size(struct worker *w)
{
	unsigned int shift = 3 + (unsigned int)(next_rand(w) % 12);
	size_t size = (1UL << shift) + next_rand(w) % (1UL << shift);

	return size > 3 * PAGE_SIZE ? 3 * PAGE_SIZE : size;
}

static bool obj_alloc(struct worker *w, struct held_obj *o)
{
	static const gfp_t masks[] = {
		GFP_KERNEL, GFP_KERNEL | __GFP_ZERO, GFP_ATOMIC,
		GFP_NOFS,   GFP_KERNEL | __GFP_DMA,  GFP_KERNEL | __GFP_RECLAIMABLE,
	};
	gfp_t gfp = masks[next_rand(w) % ARRAY_SIZE(masks)] | __GFP_NOWARN;

	if (next_rand(w) % 3 == 0) {
		o->cache = w->cache;
		o->size = kmem_cache_size(o->cache);
		o->p = kmem_cache_alloc(o->cache, gfp & ~__GFP_DMA);
	} else {
		o->cache = NULL;
		o->size = pick_size(w);
		o->p = kmalloc(o->size, gfp);
	}
	if (!o->p) {
		w->fails++;
		return true;
	}
	w->objs++;
	if (!o->cache && ksize(o->p) < o->size) {
		fail(w, "kmalloc(%lu) gave an object of ksize %lu", o->size, ksize(o->p));
		return false;
	}
	if ((gfp & __GFP_ZERO) && !o->cache) {
		for (size_t i = 0; i < o->size; i++) {
			if (((unsigned char *)o->p)[i]) {
				fail(w, "kzalloc(%lu) byte %lu is not zero", o->size, i);
				return false;
			}
		}
	}
	o->token = next_rand(w);
	obj_fill(o);
	return true;
}

static void obj_free(struct held_obj *o)
{
	if (o->cache)
		kmem_cache_free(o->cache, o->p);
	else
		kfree(o->p);
	o->p = NULL;
}

/* Each page of an area starts with the token xor its index, read back through the direct map */
static bool area_alloc(struct worker *w, struct held_area *a)
{
	bool zero = next_rand(w) & 1;

	a->nr_pages = 1 + next_rand(w) % MAX_AREA_PAGES;
	a->p = zero ? vzalloc(a->nr_pages * PAGE_SIZE - next_rand(w) % 64)
		    : vmalloc(a->nr_pages * PAGE_SIZE);
	if (!a->p) {
		w->fails++;
		return true;
	}
	w->areas++;
	a->token = next_rand(w);
	for (unsigned long i = 0; i < a->nr_pages; i++) {
		char *addr = (char *)a->p + i * PAGE_SIZE;
		uint64_t v = a->token ^ i, old;

		memcpy(&old, addr, sizeof(old));
		if (zero && old) {
			fail(w, "vzalloc page %lu of %lu is not zero", i, a->nr_pages);
			return false;
		}
		memcpy(addr, &v, sizeof(v));
	}
	return true;
}

static bool area_check(struct worker *w, const struct held_area *a)
{
	for (unsigned long i = 0; i < a->nr_pages; i++) {
		const char *addr = (const char *)a->p + i * PAGE_SIZE;
		struct page *page = vmalloc_to_page(addr);
		uint64_t v = a->token ^ i, got, alias;

		if (!page || !page_address(page)) {
			fail(w, "vmalloc_to_page of page %lu of area %#lx has no direct map", i,
			     (unsigned long)a->p);
			return false;
		}
		memcpy(&got, addr, sizeof(got));
		memcpy(&alias, page_address(page), sizeof(alias));
		if (got != v || alias != v) {
			fail(w, "vmalloc page %lu (pfn %#lx) overwritten while held", i,
			     page_to_pfn(page));
			return false;
		}
	}
	return true;
}

static void area_free(struct held_area *a)
{
	vfree(a->p);
	a->p = NULL;
}

/* One operation on a random slot of one kind: free what it holds, or fill it */
static bool one_op(struct worker *w)
{
	unsigned int kind = (unsigned int)(next_rand(w) % 16);

	if (kind < 10) {
		struct held *h = &w->slot[next_rand(w) % NR_SLOTS];

		if (!h->page)
			return do_alloc(w, h);
		if (!check_pattern(w, h))
			return false;
		release(h);
	} else if (kind < 15) {
		struct held_obj *o = &w->obj[next_rand(w) % NR_OBJS];

		if (!o->p)
			return obj_alloc(w, o);
		if (!obj_check(w, o))
			return false;
		obj_free(o);
	} else {
		struct held_area *a = &w->area[next_rand(w) % NR_AREAS];

		if (!a->p)
			return area_alloc(w, a);
		if (!area_check(w, a))
			return false;
		area_free(a);
	}
	return true;
}

/* Checks and frees everything the worker still holds */
static bool release_all(struct worker *w)
{
	for (int i = 0; i < NR_SLOTS; i++) {
		if (!w->slot[i].page)
			continue;
		if (!check_pattern(w, &w->slot[i]))
			return false;
		release(&w->slot[i]);
	}
	for (int i = 0; i < NR_OBJS; i++) {
		if (!w->obj[i].p)
			continue;
		if (!obj_check(w, &w->obj[i]))
			return false;
		obj_free(&w->obj[i]);
	}
	for (int i = 0; i < NR_AREAS; i++) {
		if (!w->area[i].p)
			continue;
		if (!area_check(w, &w->area[i]))
			return false;
		area_free(&w->area[i]);
	}
	return true;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	if (kmem_thread_enter(w->cpu)) {
		fail(w, "kmem_thread_enter(%lu) failed (thread %lu)", (unsigned long)w->cpu,
		     (unsigned long)w->id);
		return NULL;
	}
	if (w->memcg && kmem_thread_set_memcg(w->memcg)) {
		fail(w, "kmem_thread_set_memcg(%lu) failed (thread %lu)", (unsigned long)w->memcg,
		     (unsigned long)w->id);
		return NULL;
	}
	for (unsigned long op = 0; op < w->ops; op++) {
		/*
		 * thread 0 keeps filling a page cache (which stops at the min watermarks), so
		 * that the others run under pressure: reclaim and kswapd take it back
		 */
		if (w->id == 0 && op % 64 == 0) {
			kmem_pagecache_fill(64, next_rand(w) & 1);
			w->fills++;
		}
		if (!one_op(w))
			return NULL;
	}
	release_all(w);
	return NULL;
}

static unsigned long stress_ops(void)
{
	const char *env = getenv("KMEM_STRESS_OPS");

	return env && *env ? strtoul(env, NULL, 0) : STRESS_OPS;
}

/*
 * Runs the stress on a freshly booted model with @nr_nodes nodes and per-CPU lists @pcp: at
 * least 4 threads, one per CPU beyond that (up to 8), thread i on CPU i % nr_cpus; odd threads
 * are in a memory group and account a quarter of their allocations.
 */
static void stress(bool pcp, int nr_nodes)
{
	static struct worker workers[MAX_THREADS];
	struct kmem_vmstat v0, v1;
	struct kmem_memcg_stats cg;
	unsigned long start, allocs = 0, fails = 0, objs = 0, areas = 0, until;
	struct kmem_vm_stats vm;
	struct kmem_cache *cache;
	struct kmem_config cfg;
	struct kmem_info info;
	struct timespec ts;
	int nr, memcg;

	harness_config(&cfg);
	cfg.arch = "x86_64";
	cfg.mem_bytes = 64 * MiB * (unsigned long long)nr_nodes;
	cfg.nr_nodes = nr_nodes;
	cfg.pcp = pcp ? 1 : KMEM_PCP_OFF;
	harness_reboot(&cfg);
	kmem_get_info(&info);
	nr = info.nr_cpus < 4 ? 4 : info.nr_cpus > MAX_THREADS ? MAX_THREADS : info.nr_cpus;
	memcg = kmem_memcg_create("stress", 2048);
	ASSERT_GT(memcg, 0);
	cache = kmem_cache_create("stress-200", 200, 0, SLAB_HWCACHE_ALIGN, NULL);
	ASSERT_NOT_NULL(cache);
	start = nr_free_pages();
	kmem_get_vmstat(&v0);

	memset(workers, 0, sizeof(workers));
	for (int i = 0; i < nr; i++) {
		struct worker *w = &workers[i];

		w->id = i;
		w->cpu = i % info.nr_cpus;
		w->nr_nodes = nr_nodes;
		w->memcg = i & 1 ? memcg : 0;
		w->ops = stress_ops();
		w->cache = cache;
		w->rng = 0x9e3779b97f4a7c15ULL * (uint64_t)(i + 1) + (uint64_t)nr_nodes;
		if (pthread_create(&w->thread, NULL, worker_main, w))
			FAIL("pthread_create failed for thread %d", i);
	}
	for (int i = 0; i < nr; i++)
		pthread_join(workers[i].thread, NULL);
	for (int i = 0; i < nr; i++) {
		if (workers[i].error[0])
			FAIL("thread %d (CPU %d): %s", i, workers[i].cpu, workers[i].error);
		allocs += workers[i].allocs;
		fails += workers[i].fails;
		objs += workers[i].objs;
		areas += workers[i].areas;
	}
	kmem_get_vmstat(&v1);
	printf("    %d threads x %lu ops: %lu blocks, %lu slab objects, %lu vmalloc areas, "
	       "%lu failed (NULL), %lu fills, allocstall %lu, pgsteal direct %lu kswapd %lu, "
	       "kswapd wakeups %lu\n",
	       nr, stress_ops(), allocs, objs, areas, fails, workers[0].fills,
	       v1.allocstall - v0.allocstall, v1.pgsteal_direct - v0.pgsteal_direct,
	       v1.pgsteal_kswapd - v0.pgsteal_kswapd, v1.kswapd_wakeups - v0.kswapd_wakeups);
	ASSERT_GT(allocs, nr * stress_ops() / 8);
	ASSERT_GT(objs, nr * stress_ops() / 32);
	ASSERT_GT(areas, 0);
	ASSERT_GT(workers[0].fills, 0);

	kmem_vm_stats(&vm);
	ASSERT_EQ(vm.vmalloc_areas, 0);
	ASSERT_EQ(vm.vmalloc_pages, 0);
	ASSERT_EQ(vm.vfree_errors, 0);
	ASSERT_EQ(kmem_slab_error_count(), 0);
	kmem_cache_destroy(cache);
	ASSERT_EQ(kmem_slab_error_count(), 0);
	kmem_slab_shrink_all();
	/* kswapd may still be between taking pages off the LRU and freeing them */
	kmem_pagecache_drop();
	clock_gettime(CLOCK_MONOTONIC, &ts);
	until = (unsigned long)ts.tv_sec + 5;
	while (nr_free_pages() != start) {
		struct timespec nap = { 0, 1000000 };

		clock_gettime(CLOCK_MONOTONIC, &ts);
		if ((unsigned long)ts.tv_sec > until)
			break;
		nanosleep(&nap, NULL);
	}
	ASSERT_EQ(nr_free_pages(), start);
	ASSERT_EQ(kmem_pagecache_pages(), 0);
	ASSERT_EQ(kmem_bad_page_count(), 0);
	kmem_get_vmstat(&v1);
	ASSERT_EQ(v1.pgalloc - v0.pgalloc, v1.pgfree - v0.pgfree);
	ASSERT_EQ(kmem_memcg_stats(memcg, &cg), 0);
	ASSERT_EQ(cg.charged, 0);
	for (int nid = 0; nid < nr_nodes; nid++) {
		for (int z = 0; z < KMEM_NR_ZONES; z++) {
			struct kmem_zone_stats st;

			ASSERT_EQ(kmem_zone_stats(nid, z, &st), 0);
			if (st.free + st.pcp_free != st.managed)
				FAIL("node %d zone %s: free %lu + pcp %lu != managed %lu", nid,
				     st.name, st.free, st.pcp_free, st.managed);
		}
	}
}

/* With per-CPU lists: threads sharing a CPU share its lists (and their lock) */
TEST(stress_pcp)
{
	stress(true, 1);
}

/* Without: every order-0 request takes the zone lock, the back end's own locking bare */
TEST(stress_no_pcp)
{
	stress(false, 1);
}

/* Two simulated nodes, node-directed and __GFP_THISNODE requests mixed in */
TEST(stress_two_nodes)
{
	stress(true, 2);
}
