// SPDX-License-Identifier: GPL-2.0
/*
 * Trace replay: running operations against the model, on the reading thread or on one worker
 * thread per traced CPU.
 *
 * Worker threads. The reader fills a batch of operations per worker and hands full batches over
 * through a small ring (REPLAY_RING batches); a worker runs its batches in order, as its traced
 * CPU would have, entered as that CPU (kmem_thread_enter, traced CPU modulo the model's CPUs).
 * Frees and allocations of one object may run on different workers: the free then waits,
 * yielding, until the allocation has run (replay_obj.ready). That wait cannot deadlock. The
 * reader queues everything in trace order and, before queuing a free for another worker than the
 * allocation's, hands that worker its partly filled batch, so every operation a free waits for
 * is already queued and earlier in the trace than the free. Were workers A and B each waiting,
 * A's free for an allocation queued behind B's waiting free and B's for one behind A's, the four
 * trace positions would form a cycle: A's free after B's allocation, which is after B's free
 * (B's ring is in trace order), which is after A's allocation, which is after A's free. A full
 * ring only stops the reader, never a worker.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>

#include <linux/gfp.h>
#include <linux/migrate.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "replay_internal.h"

/* The page order of a slab object's size, for the failure table (0 up to a page) */
static unsigned int size_order(uint64_t size)
{
	unsigned int order = 0;

	while (order < 63 && (PAGE_SIZE << order) < size)
		order++;
	return order;
}

static void count_failure(struct replay_worker *w, const struct replay_op *op, unsigned int order)
{
	uint64_t key = ((uint64_t)op->kind << 40) | ((uint64_t)order << 32) | op->gfp;
	uintptr_t n = (uintptr_t)u64map_get(&w->failures, key);
	void *old;

	w->failed++;
	if (u64map_put(&w->failures, key, (void *)(n + 1), &old))
		w->nomem = true;
}

static void slab_done(struct replay_worker *w, const struct replay_op *op)
{
	struct replay_obj *obj = op->obj;
	struct replay_class *cls = obj->cls;
	uint64_t size = op->kind == OP_KMALLOC ? obj->bytes_req : obj->bytes_alloc;

	if (!obj->ptr) {
		__atomic_fetch_add(&cls->failed, 1, __ATOMIC_RELAXED);
		count_failure(w, op, size_order(size));
		return;
	}
	__atomic_fetch_add(&cls->served_req, obj->bytes_req, __ATOMIC_RELAXED);
	__atomic_fetch_add(&cls->served_kernel, obj->bytes_alloc, __ATOMIC_RELAXED);
	__atomic_fetch_add(&cls->served_model, ksize(obj->ptr), __ATOMIC_RELAXED);
}

/*
 * Movable page blocks. A traced page allocation with __GFP_MOVABLE that is not a compound page
 * is registered movable, as the kernel's user and page cache pages are migratable, so that the
 * compaction a replayed allocation triggers moves it and its object's pointer follows. The
 * owner finds the object by pfn (movable.obj), under one lock, not through a field of struct
 * page: isolate_page() may be asked about a page that a worker is freeing and another is
 * allocating again. Bit 0 of an entry marks the block isolated; a worker that frees it waits
 * until compaction has moved it or put it back.
 */
static struct {
	pthread_mutex_t lock;
	uintptr_t *obj; /* by pfn: struct replay_obj *, | 1 while isolated */
	unsigned long nr;
} movable = { .lock = PTHREAD_MUTEX_INITIALIZER };

static const struct movable_operations replay_movable_ops;

static bool replay_isolate_page(struct page *page, isolate_mode_t mode __maybe_unused)
{
	unsigned long pfn = page_to_pfn(page);
	bool ok;

	pthread_mutex_lock(&movable.lock);
	ok = pfn < movable.nr && movable.obj[pfn] && !(movable.obj[pfn] & 1);
	if (ok)
		movable.obj[pfn] |= 1;
	pthread_mutex_unlock(&movable.lock);
	return ok;
}

static int replay_migrate_page(struct page *dst, struct page *src,
			       enum migrate_mode mode __maybe_unused)
{
	struct replay_obj *obj;

	pthread_mutex_lock(&movable.lock);
	obj = (struct replay_obj *)(movable.obj[page_to_pfn(src)] & ~(uintptr_t)1);
	movable.obj[page_to_pfn(src)] = 0;
	movable.obj[page_to_pfn(dst)] = (uintptr_t)obj;
	obj->ptr = dst;
	__ClearPageMovable(src);
	__SetPageMovable(dst, &replay_movable_ops);
	pthread_mutex_unlock(&movable.lock);
	return MIGRATEPAGE_SUCCESS;
}

static void replay_putback_page(struct page *page)
{
	pthread_mutex_lock(&movable.lock);
	movable.obj[page_to_pfn(page)] &= ~(uintptr_t)1;
	pthread_mutex_unlock(&movable.lock);
}

static const struct movable_operations replay_movable_ops = {
	.isolate_page = replay_isolate_page,
	.migrate_page = replay_migrate_page,
	.putback_page = replay_putback_page,
};

int replay_movable_init(void)
{
	movable.obj = calloc(max_pfn, sizeof(movable.obj[0]));
	if (!movable.obj)
		return -ENOMEM;
	movable.nr = max_pfn;
	return 0;
}

void replay_movable_exit(void)
{
	free(movable.obj);
	movable.obj = NULL;
	movable.nr = 0;
}

static void movable_add(struct replay_obj *obj, gfp_t gfp)
{
	struct page *page = obj->ptr;

	if (!(gfp & __GFP_MOVABLE) || PageHead(page) || !movable.obj)
		return;
	pthread_mutex_lock(&movable.lock);
	movable.obj[page_to_pfn(page)] = (uintptr_t)obj;
	pthread_mutex_unlock(&movable.lock);
	__SetPageMovable(page, &replay_movable_ops);
}

/* @obj's block as it is now, no longer movable: the caller frees it */
static struct page *movable_del(struct replay_obj *obj)
{
	struct page *page;

	for (;;) {
		unsigned long pfn;

		pthread_mutex_lock(&movable.lock);
		page = obj->ptr;
		pfn = page ? page_to_pfn(page) : 0;
		if (!page || pfn >= movable.nr ||
		    (movable.obj[pfn] & ~(uintptr_t)1) != (uintptr_t)obj)
			break;
		if (!(movable.obj[pfn] & 1)) {
			movable.obj[pfn] = 0;
			__ClearPageMovable(page);
			break;
		}
		pthread_mutex_unlock(&movable.lock);
		sched_yield();
	}
	pthread_mutex_unlock(&movable.lock);
	return page;
}

/* Waits (per-CPU mode) for the allocation of @obj to have run on its worker */
static void wait_ready(const struct replay_obj *obj)
{
	while (!__atomic_load_n(&obj->ready, __ATOMIC_ACQUIRE))
		sched_yield();
}

/*
 * One operation. The traced gfp flags are used as they are, with __GFP_NOWARN added (failures
 * are counted, not printed) and __GFP_NOFAIL taken away (see trace_replay()).
 */
void replay_exec(struct replay_worker *w, const struct replay_op *op)
{
	gfp_t gfp = (op->gfp | __GFP_NOWARN) & ~__GFP_NOFAIL;
	struct replay_obj *obj = op->obj;
	struct kmem_cache *cache;

	if (op->kind == OP_SNAPSHOT_FREE) {
		/* -ENOENT: not the pre-existing owner's (any more), and stays unmatched */
		if (kmem_snapshot_free((unsigned long)op->pfn, op->order))
			;
		else if (op->at_alloc)
			__atomic_fetch_add(&w->ctx->snapshot_taken, 1, __ATOMIC_RELAXED);
		else
			__atomic_fetch_add(&w->ctx->snapshot_freed[op->order], 1, __ATOMIC_RELAXED);
		replay_model_output(w->ctx, op->line);
		return;
	}
	cache = obj->cls ? obj->cls->cache : NULL;
	switch (op->kind) {
	case OP_KMALLOC:
		obj->ptr = op->node == NUMA_NO_NODE ? kmalloc(obj->bytes_req, gfp)
						    : kmalloc_node(obj->bytes_req, gfp, op->node);
		slab_done(w, op);
		break;
	case OP_CACHE_ALLOC:
		obj->ptr = op->node == NUMA_NO_NODE ? kmem_cache_alloc(cache, gfp)
						    : kmem_cache_alloc_node(cache, gfp, op->node);
		slab_done(w, op);
		break;
	case OP_PAGE_ALLOC:
		obj->ptr = alloc_pages(gfp, op->order);
		if (obj->ptr) {
			__atomic_fetch_add(&w->ctx->live_pages, 1UL << op->order, __ATOMIC_RELAXED);
			movable_add(obj, gfp);
		} else
			count_failure(w, op, op->order);
		break;
	case OP_SNAPSHOT_FREE: /* done above */
		return;
	case OP_KFREE:
	case OP_CACHE_FREE:
	case OP_PAGE_FREE:
		wait_ready(obj);
		if (op->kind == OP_PAGE_FREE) {
			/* the block may have moved: its place as the owner knows it now */
			struct page *page = movable_del(obj);

			if (page) {
				__free_pages(page, obj->order);
				__atomic_fetch_sub(&w->ctx->live_pages, 1UL << obj->order,
						   __ATOMIC_RELAXED);
			}
		} else if (obj->ptr && (op->kind == OP_KFREE || obj->alloc_kind == OP_KMALLOC)) {
			/* kfree() takes any slab object, as the kernel's does since 6.4 */
			kfree(obj->ptr);
		} else if (obj->ptr) {
			kmem_cache_free(cache, obj->ptr);
		}
		free(obj);
		replay_model_output(w->ctx, op->line);
		return;
	}
	__atomic_store_n(&obj->ready, 1, __ATOMIC_RELEASE);
	replay_model_output(w->ctx, op->line);
}

/* ---- worker threads ---- */

static void *worker_main(void *arg)
{
	struct replay_worker *w = arg;

	kmem_thread_enter(w->model_cpu);
	pthread_mutex_lock(&w->lock);
	for (;;) {
		struct replay_batch *b;

		while (w->head == w->tail && !w->stop) {
			w->busy = false;
			pthread_cond_broadcast(&w->space);
			pthread_cond_wait(&w->wake, &w->lock);
		}
		if (w->head == w->tail)
			break;
		b = w->ring[w->head % REPLAY_RING];
		w->busy = true;
		pthread_mutex_unlock(&w->lock);
		for (unsigned int i = 0; i < b->n; i++)
			replay_exec(w, &b->op[i]);
		pthread_mutex_lock(&w->lock);
		w->head++;
		b->n = 0;
		b->next = w->spare;
		w->spare = b;
		pthread_cond_broadcast(&w->space);
	}
	w->busy = false;
	pthread_cond_broadcast(&w->space);
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int replay_worker_init(struct replay_worker *w, struct replay_ctx *ctx, int traced_cpu)
{
	w->ctx = ctx;
	w->traced_cpu = traced_cpu;
	w->model_cpu = traced_cpu % (ctx->info.nr_cpus > 0 ? ctx->info.nr_cpus : 1);
	if (u64map_init(&w->failures, 16))
		return -ENOMEM;
	if (w == &ctx->main || !ctx->opts->per_cpu)
		return 0;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	pthread_cond_init(&w->space, NULL);
	if (pthread_create(&w->thread, NULL, worker_main, w)) {
		u64map_destroy(&w->failures);
		return -EAGAIN;
	}
	w->started = true;
	return 0;
}

static struct replay_batch *take_spare(struct replay_worker *w)
{
	struct replay_batch *b = w->spare;

	if (b) {
		w->spare = b->next;
		return b;
	}
	return calloc(1, sizeof(*b));
}

void replay_flush(struct replay_worker *w)
{
	if (!w->filling || !w->filling->n)
		return;
	pthread_mutex_lock(&w->lock);
	while (w->tail - w->head == REPLAY_RING)
		pthread_cond_wait(&w->space, &w->lock);
	w->ring[w->tail++ % REPLAY_RING] = w->filling;
	w->filling = take_spare(w);
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
}

int replay_submit(struct replay_worker *w, const struct replay_op *op)
{
	if (!w->filling) {
		pthread_mutex_lock(&w->lock);
		w->filling = take_spare(w);
		pthread_mutex_unlock(&w->lock);
	}
	if (!w->filling)
		return -ENOMEM;
	w->filling->op[w->filling->n++] = *op;
	if (w->filling->n == REPLAY_BATCH)
		replay_flush(w);
	return 0;
}

void replay_drain(struct replay_ctx *ctx)
{
	for (int i = 0; i < REPLAY_MAX_WORKERS; i++)
		if (ctx->workers[i])
			replay_flush(ctx->workers[i]);
	for (int i = 0; i < REPLAY_MAX_WORKERS; i++) {
		struct replay_worker *w = ctx->workers[i];

		if (!w)
			continue;
		pthread_mutex_lock(&w->lock);
		while (w->head != w->tail || w->busy)
			pthread_cond_wait(&w->space, &w->lock);
		pthread_mutex_unlock(&w->lock);
	}
}

/* Adds @from's failure counts into @to's */
static void merge_failures(struct replay_worker *to, struct replay_worker *from)
{
	struct u64map_slot *s;

	for (s = u64map_first(&from->failures); s; s = u64map_next(&from->failures, s)) {
		uintptr_t n = (uintptr_t)u64map_get(&to->failures, s->key);
		void *old;

		if (u64map_put(&to->failures, s->key, (void *)(n + (uintptr_t)s->val), &old))
			to->nomem = true;
	}
	to->failed += from->failed;
	to->nomem |= from->nomem;
}

void replay_workers_stop(struct replay_ctx *ctx)
{
	if (!ctx->opts->per_cpu)
		return;
	replay_drain(ctx);
	for (int i = 0; i < REPLAY_MAX_WORKERS; i++) {
		struct replay_worker *w = ctx->workers[i];

		if (!w)
			continue;
		pthread_mutex_lock(&w->lock);
		w->stop = true;
		pthread_cond_signal(&w->wake);
		pthread_mutex_unlock(&w->lock);
		pthread_join(w->thread, NULL);
		merge_failures(&ctx->main, w);
		replay_worker_destroy(w);
		free(w);
		ctx->workers[i] = NULL;
	}
}

void replay_worker_destroy(struct replay_worker *w)
{
	u64map_destroy(&w->failures);
	if (!w->started)
		return;
	free(w->filling);
	while (w->spare) {
		struct replay_batch *b = w->spare;

		w->spare = b->next;
		free(b);
	}
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->wake);
	pthread_cond_destroy(&w->space);
}
