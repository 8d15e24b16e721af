// SPDX-License-Identifier: GPL-2.0
/*
 * Trace replay: the reading side. Events are read in trace order, turned into operations on the
 * model and paired, free with allocation, here; replay_exec.c runs the operations.
 *
 * Pairing. A slab object is known by the pointer the trace printed (hashed by %p, but the same
 * for the same object within a boot), a block of pages by its pfn. Each live traced allocation
 * is a replay_obj in a hash table under that key; a free takes it out and frees the model's
 * object. Four things in real traces need care, each counted where the summary shows it:
 *  - frees of objects allocated before tracing began have no entry: "unmatched", skipped;
 *  - objects freed in bulk or by RCU (kmem_cache_free_bulk, kfree_rcu through sheaves) leave no
 *    free event, so their address comes back in a later allocation while the table still holds
 *    it: the old object is freed then ("implicit free"), as it must have been in the kernel;
 *  - a page freed through a batch (free_unref_folios) is traced twice, mm_page_free and then
 *    mm_page_free_batched: the second is recognised by a short per-CPU memory of the pfns just
 *    freed and skipped as a duplicate; a batched free of a page not in that memory is a free;
 *  - kfree(NULL) is traced as ptr=0: a no-op here as there.
 * Everything still live when the trace ends is freed, so the model ends as it booted.
 *
 * Event classes (enum replay_events). Under "all", an mm_page_alloc that trace_is_slab_page()
 * calls the kernel's slab is dropped and its pfn remembered, so that the page's free, when the
 * kernel gives the slab back, is dropped too rather than counted unmatched; the model's slab
 * makes its own slab pages for the objects. A later allocation at that pfn forgets it.
 *
 * CPUs. Every event runs as the model CPU its traced CPU maps to (modulo the model's CPUs), so
 * that the per-CPU lists it refills, hits and drains are that CPU's, as in the kernel: the
 * sequential replay switches the reading thread's CPU when the traced CPU changes (without
 * moving it on the host: kmem_thread_set_cpu()), per-CPU mode has a thread per CPU.
 *
 * Per-CPU mode gives each traced CPU a thread that runs its operations in trace order. Pairing
 * stays here, in one thread and in trace order, so the accounting is the same in both modes; a
 * free that runs on another thread than its allocation waits until the allocation has run
 * (replay_exec.c explains why that cannot deadlock).
 */
#define _GNU_SOURCE /* pthread_getaffinity_np */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/gfp.h>
#include <linux/slab.h>

#include "replay_internal.h"

/* ---- event classes ---- */

const char *const replay_events_names[REPLAY_NR_EVENTS] = {
	[REPLAY_EVENTS_ALL] = "all",
	[REPLAY_EVENTS_PAGES] = "pages",
	[REPLAY_EVENTS_SLAB] = "slab",
};

int replay_events_parse(const char *name)
{
	for (int i = 0; i < REPLAY_NR_EVENTS; i++)
		if (!strcmp(name, replay_events_names[i]))
			return i;
	return -EINVAL;
}

bool trace_is_slab_page(const struct trace_event *ev)
{
	const unsigned int first_try = __GFP_COMP | __GFP_NOWARN | __GFP_NORETRY;
	const unsigned int never = __GFP_ZERO | __GFP_ACCOUNT | __GFP_MOVABLE | __GFP_HIGHMEM |
				   __GFP_WRITE | __GFP_NOFAIL;

	return ev->type == TRACE_PAGE_ALLOC && (ev->gfp & first_try) == first_try &&
	       !(ev->gfp & never);
}

/* Whether @ev is of the class @events replays */
static bool in_class(enum replay_events events, const struct trace_event *ev)
{
	bool page = ev->type == TRACE_PAGE_ALLOC || ev->type == TRACE_PAGE_FREE ||
		    ev->type == TRACE_PAGE_FREE_BATCHED;

	return events == REPLAY_EVENTS_ALL || page == (events == REPLAY_EVENTS_PAGES);
}

/* ---- classes: caches and kmalloc size classes ---- */

static int add_class(struct replay_ctx *ctx, struct replay_class *cls)
{
	if (ctx->nr_classes == ctx->classes_cap) {
		size_t cap = ctx->classes_cap ? ctx->classes_cap * 2 : 64;
		struct replay_class **c = realloc(ctx->classes, cap * sizeof(*c));

		if (!c)
			return -ENOMEM;
		ctx->classes = c;
		ctx->classes_cap = cap;
	}
	ctx->classes[ctx->nr_classes++] = cls;
	return 0;
}

/* A class named @len bytes of @name, zeroed otherwise */
static struct replay_class *new_class(const char *name, size_t len)
{
	struct replay_class *cls = calloc(1, sizeof(*cls) + len + 1);

	if (cls)
		memcpy(cls->name, name, len);
	return cls;
}

static struct replay_class *kmalloc_class(struct replay_ctx *ctx, uint64_t bytes_alloc)
{
	struct replay_class *cls = u64map_get(&ctx->kmalloc, bytes_alloc);
	char name[32];
	void *old;

	if (cls)
		return cls;
	snprintf(name, sizeof(name), "kmalloc-%llu", (unsigned long long)bytes_alloc);
	cls = new_class(name, strlen(name));
	if (!cls || u64map_put(&ctx->kmalloc, bytes_alloc, cls, &old)) {
		free(cls);
		return NULL;
	}
	if (add_class(ctx, cls)) {
		u64map_remove(&ctx->kmalloc, bytes_alloc);
		free(cls);
		return NULL;
	}
	cls->object_size = bytes_alloc;
	return cls;
}

/* FILE:LINE: message, about the line just read */
static void report(struct replay_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void report(struct replay_ctx *ctx, const char *fmt, ...)
{
	FILE *out = ctx->console.out;
	va_list ap;

	if (ctx->opts->quiet)
		return;
	fprintf(out, "%s:%lu: ", trace_name(ctx->reader), trace_line_no(ctx->reader));
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
}

/* ---- the model's reports (struct replay_console) ---- */

static unsigned long model_reports(void)
{
	return kmem_bad_page_count() + kmem_slab_error_count();
}

/*
 * Points stderr at a temporary file. Without one (no room in TMPDIR, no stderr) the model
 * prints as it always does, and the replay goes on.
 */
static void console_open(struct replay_ctx *ctx)
{
	struct replay_console *c = &ctx->console;

	pthread_mutex_init(&c->lock, NULL);
	c->saved_fd = -1;
	c->out = ctx->opts->msgs ? ctx->opts->msgs : stderr;
	c->reports_seen = model_reports();
	fflush(stderr);
	c->capture = tmpfile();
	if (!c->capture)
		return;
	c->saved_fd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 0);
	if (!ctx->opts->msgs && c->saved_fd >= 0) {
		int fd = fcntl(c->saved_fd, F_DUPFD_CLOEXEC, 0);

		c->out = fd >= 0 ? fdopen(fd, "w") : NULL;
		if (!c->out && fd >= 0)
			close(fd);
		c->own_out = c->out != NULL;
	}
	if (c->saved_fd < 0 || !c->out || dup2(fileno(c->capture), STDERR_FILENO) < 0) {
		if (c->own_out)
			fclose(c->out);
		if (c->saved_fd >= 0)
			close(c->saved_fd);
		fclose(c->capture);
		c->capture = NULL;
		c->saved_fd = -1;
		c->own_out = false;
		c->out = stderr;
		return;
	}
	setvbuf(c->out, NULL, _IOLBF, 0);
	/* the reader's messages would otherwise be captured too */
	c->reader_out = trace_set_msgs(ctx->reader, NULL);
	trace_set_msgs(ctx->reader, c->reader_out ? c->reader_out : c->out);
}

static void pass_on(struct replay_ctx *ctx, unsigned long line, const char *text, size_t len)
{
	FILE *out = ctx->console.out;
	const char *name = trace_name(ctx->reader);

	if (ctx->opts->quiet)
		return;
	if (line)
		fprintf(out, "%s:%lu: %.*s\n", name, line, (int)len, text);
	else
		fprintf(out, "%s: %.*s\n", name, (int)len, text);
}

/*
 * Passes the whole lines the model printed since the last call on as FILE:LINE: lines (FILE:
 * for @line 0); a line still being written stays for the next call. Under c->lock.
 */
static void console_forward(struct replay_ctx *ctx, unsigned long line)
{
	struct replay_console *c = &ctx->console;
	char buf[4096];
	ssize_t n;

	if (!c->capture) {
		if (line && !ctx->opts->quiet)
			fprintf(c->out,
				"%s:%lu: the model reported a problem with this event (above)\n",
				trace_name(ctx->reader), line);
		return;
	}
	while ((n = pread(fileno(c->capture), buf, sizeof(buf), c->done)) > 0) {
		const char *p = buf, *end = buf + n, *nl;

		while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
			pass_on(ctx, line, p, (size_t)(nl - p));
			c->done += nl + 1 - p;
			p = nl + 1;
		}
		/* a line longer than buf is passed on in pieces */
		if (p == buf && n == (ssize_t)sizeof(buf)) {
			pass_on(ctx, line, buf, sizeof(buf));
			c->done += n;
		} else if (p < end) {
			break;
		}
	}
}

void replay_model_output(struct replay_ctx *ctx, unsigned long line)
{
	struct replay_console *c = &ctx->console;
	unsigned long n = model_reports();

	if (n == __atomic_load_n(&c->reports_seen, __ATOMIC_RELAXED))
		return;
	pthread_mutex_lock(&c->lock);
	__atomic_store_n(&c->reports_seen, n, __ATOMIC_RELAXED);
	console_forward(ctx, line);
	pthread_mutex_unlock(&c->lock);
}

/* Passes on what is left (with no line: it came at the end), and gives stderr back */
static void console_close(struct replay_ctx *ctx)
{
	struct replay_console *c = &ctx->console;

	if (c->capture) {
		fflush(stderr);
		console_forward(ctx, 0);
		dup2(c->saved_fd, STDERR_FILENO);
		close(c->saved_fd);
		fclose(c->capture);
		trace_set_msgs(ctx->reader, c->reader_out);
	}
	if (c->own_out)
		fclose(c->out);
	else
		fflush(c->out);
	pthread_mutex_destroy(&c->lock);
}

/*
 * The cache of a kmem_cache_alloc event, made on first sight with the traced name and
 * bytes_alloc as its object size. Kernels before 6.1 print no name=: such events share one
 * cache per size, "cache-SIZE". Names are compared whole, however long.
 */
static struct replay_class *cache_class(struct replay_ctx *ctx, const struct trace_event *ev)
{
	char unnamed[32];
	const char *name = ev->name;
	size_t len = ev->name_len;
	uint32_t h = 2166136261u;
	struct replay_class *cls, **bucket;

	if (!name) {
		snprintf(unnamed, sizeof(unnamed), "cache-%llu",
			 (unsigned long long)ev->bytes_alloc);
		name = unnamed;
		len = strlen(unnamed);
	}
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)name[i]) * 16777619u;
	bucket = &ctx->cache_hash[h % ARRAY_SIZE(ctx->cache_hash)];
	for (cls = *bucket; cls; cls = cls->next) {
		if (strlen(cls->name) != len || memcmp(cls->name, name, len))
			continue;
		if (cls->object_size != ev->bytes_alloc && !cls->conflict_reported) {
			cls->conflict_reported = true;
			ctx->res->cache_conflicts++;
			report(ctx,
			       "cache %s: objects of %llu bytes, %llu before: the first size is "
			       "kept",
			       cls->name, (unsigned long long)ev->bytes_alloc,
			       (unsigned long long)cls->object_size);
		}
		return cls;
	}
	cls = new_class(name, len);
	if (!cls || add_class(ctx, cls)) {
		free(cls);
		return NULL;
	}
	cls->is_cache = true;
	cls->object_size = ev->bytes_alloc;
	if (ev->bytes_alloc && ev->bytes_alloc <= KMALLOC_MAX_SIZE) {
		cls->cache =
			kmem_cache_create(cls->name, (unsigned int)ev->bytes_alloc, 0, 0, NULL);
		replay_model_output(ctx, ctx->line);
	}
	if (!cls->cache)
		report(ctx, "cache %s of %llu bytes cannot be made: its events count as errors",
		       cls->name, (unsigned long long)ev->bytes_alloc);
	else
		ctx->res->caches++;
	cls->next = *bucket;
	*bucket = cls;
	return cls;
}

/* ---- running operations ---- */

static struct replay_worker *worker_for(struct replay_ctx *ctx, int cpu)
{
	struct replay_worker **slot;

	if (!ctx->opts->per_cpu)
		return &ctx->main;
	slot = &ctx->workers[cpu % REPLAY_MAX_WORKERS];
	if (!*slot) {
		struct replay_worker *w = calloc(1, sizeof(*w));

		if (!w || replay_worker_init(w, ctx, cpu % REPLAY_MAX_WORKERS)) {
			free(w);
			return NULL;
		}
		*slot = w;
	}
	return *slot;
}

static int run(struct replay_ctx *ctx, struct replay_worker *w, const struct replay_op *op)
{
	if (!ctx->opts->per_cpu) {
		replay_exec(w, op);
		return 0;
	}
	/* the allocation must be queued before a free another thread may run waits for it */
	if (op->obj && op->kind >= OP_KFREE && op->obj->worker != w)
		replay_flush(op->obj->worker);
	return replay_submit(w, op);
}

static int free_obj(struct replay_ctx *ctx, struct replay_worker *w, struct replay_obj *obj,
		    enum replay_op_kind kind)
{
	struct replay_op op = { .kind = kind, .order = obj->order, .line = ctx->line, .obj = obj };

	return run(ctx, w, &op);
}

/* The traced node, if the model has it; kmalloc_node() and friends take it, else any node */
static int model_node(const struct replay_ctx *ctx, int node)
{
	return node >= 0 && node < ctx->info.nr_nodes ? node : NUMA_NO_NODE;
}

/* ---- events ---- */

static int slab_alloc(struct replay_ctx *ctx, const struct trace_event *ev, struct replay_worker *w)
{
	bool cache = ev->type == TRACE_CACHE_ALLOC || ev->type == TRACE_CACHE_ALLOC_NODE;
	struct replay_class *cls;
	struct replay_obj *obj, *old;
	struct replay_op op;
	int err;

	if (!ev->ptr) {
		ctx->res->skipped++;
		ctx->res->traced_failures++;
		return 0;
	}
	cls = cache ? cache_class(ctx, ev) : kmalloc_class(ctx, ev->bytes_alloc);
	if (!cls)
		return -ENOMEM;
	if (cache && !cls->cache) {
		ctx->res->errors++;
		return 0;
	}
	obj = calloc(1, sizeof(*obj));
	if (!obj)
		return -ENOMEM;
	obj->cls = cls;
	obj->alloc_kind = cache ? OP_CACHE_ALLOC : OP_KMALLOC;
	obj->worker = w;
	obj->bytes_req = ev->bytes_req;
	obj->bytes_alloc = ev->bytes_alloc;
	if (u64map_put(&ctx->slab, ev->ptr, obj, (void **)&old)) {
		free(obj);
		return -ENOMEM;
	}
	if (old) {
		ctx->res->implicit_frees++;
		err = free_obj(ctx, w, old,
			       old->alloc_kind == OP_KMALLOC ? OP_KFREE : OP_CACHE_FREE);
		if (err)
			return err;
	}
	ctx->res->allocs++;
	cls->allocs++;
	op = (struct replay_op){ .kind = obj->alloc_kind,
				 .gfp = ev->gfp,
				 .node = model_node(ctx, ev->node),
				 .line = ctx->line,
				 .obj = obj };
	return run(ctx, w, &op);
}

static int slab_free(struct replay_ctx *ctx, const struct trace_event *ev, struct replay_worker *w)
{
	struct replay_obj *obj;

	if (!ev->ptr) {
		ctx->res->skipped++;
		ctx->res->null_frees++;
		return 0;
	}
	obj = u64map_remove(&ctx->slab, ev->ptr);
	if (!obj) {
		ctx->res->unmatched++;
		return 0;
	}
	ctx->res->frees++;
	obj->cls->frees++;
	return free_obj(ctx, w, obj, ev->type == TRACE_KFREE ? OP_KFREE : OP_CACHE_FREE);
}

static int page_alloc(struct replay_ctx *ctx, const struct trace_event *ev, struct replay_worker *w)
{
	struct replay_obj *obj, *old;
	struct replay_op op;
	int err;

	if (!ev->page) {
		ctx->res->skipped++;
		ctx->res->traced_failures++;
		return 0;
	}
	if (ctx->opts->snapshot_frees && ev->order < 64) {
		/*
		 * A block the kernel allocated was free when the snapshot was taken; if the
		 * snapshot has it in use, it sat on a per-CPU list, which kpageflags cannot tell
		 * from a page in use: the pre-existing owner gives it up first
		 */
		op = (struct replay_op){ .kind = OP_SNAPSHOT_FREE,
					 .order = ev->order,
					 .line = ctx->line,
					 .pfn = ev->pfn,
					 .at_alloc = true };
		err = run(ctx, w, &op);
		if (err)
			return err;
	}
	if (ctx->opts->events == REPLAY_EVENTS_ALL && trace_is_slab_page(ev)) {
		void *was;

		if (u64map_put(&ctx->slab_pages, ev->pfn, (void *)1, &was))
			return -ENOMEM;
		ctx->res->skipped++;
		ctx->res->slab_page_allocs++;
		old = u64map_remove(&ctx->pages, ev->pfn);
		if (!old)
			return 0;
		ctx->res->implicit_frees++;
		return free_obj(ctx, w, old, OP_PAGE_FREE);
	}
	u64map_remove(&ctx->slab_pages, ev->pfn);
	obj = calloc(1, sizeof(*obj));
	if (!obj)
		return -ENOMEM;
	obj->order = ev->order;
	obj->alloc_kind = OP_PAGE_ALLOC;
	obj->worker = w;
	if (u64map_put(&ctx->pages, ev->pfn, obj, (void **)&old)) {
		free(obj);
		return -ENOMEM;
	}
	if (old) {
		ctx->res->implicit_frees++;
		err = free_obj(ctx, w, old, OP_PAGE_FREE);
		if (err)
			return err;
	}
	ctx->res->allocs++;
	ctx->page_allocs[ev->order]++;
	op = (struct replay_op){ .kind = OP_PAGE_ALLOC,
				 .gfp = ev->gfp,
				 .order = ev->order,
				 .line = ctx->line,
				 .obj = obj };
	return run(ctx, w, &op);
}

/* The pfns mm_page_free freed last on a CPU, to recognise the batched-free event after it */
static void remember_freed(struct replay_ctx *ctx, int cpu, uint64_t pfn)
{
	unsigned int c = (unsigned int)cpu % REPLAY_MAX_WORKERS;

	ctx->recent[c][ctx->recent_pos[c]++ % REPLAY_RECENT] = pfn + 1;
}

static bool forget_freed(struct replay_ctx *ctx, int cpu, uint64_t pfn)
{
	uint64_t *recent = ctx->recent[(unsigned int)cpu % REPLAY_MAX_WORKERS];

	for (int i = 0; i < REPLAY_RECENT; i++) {
		if (recent[i] == pfn + 1) {
			recent[i] = 0;
			return true;
		}
	}
	return false;
}

static int page_free(struct replay_ctx *ctx, const struct trace_event *ev, struct replay_worker *w)
{
	struct replay_obj *obj;

	if (ev->type == TRACE_PAGE_FREE_BATCHED && forget_freed(ctx, ev->cpu, ev->pfn)) {
		ctx->res->skipped++;
		ctx->res->batched_duplicates++;
		return 0;
	}
	if (ev->type == TRACE_PAGE_FREE)
		remember_freed(ctx, ev->cpu, ev->pfn);
	if (u64map_remove(&ctx->slab_pages, ev->pfn)) {
		ctx->res->skipped++;
		ctx->res->slab_page_frees++;
		return 0;
	}
	obj = u64map_remove(&ctx->pages, ev->pfn);
	if (!obj) {
		ctx->res->unmatched++;
		ctx->page_unmatched[ev->order]++;
		if (ctx->opts->snapshot_frees && ev->order < 64) {
			/* counted as a free at the end if the snapshot's owner had it */
			struct replay_op op = { .kind = OP_SNAPSHOT_FREE,
						.order = ev->order,
						.line = ctx->line,
						.pfn = ev->pfn };

			return run(ctx, w, &op);
		}
		return 0;
	}
	if (ev->type == TRACE_PAGE_FREE && ev->order != obj->order)
		ctx->res->order_mismatches++;
	ctx->res->frees++;
	ctx->page_frees[obj->order]++;
	return free_obj(ctx, w, obj, OP_PAGE_FREE);
}

/*
 * Makes the reading thread run as @ev's CPU in a sequential replay. A trace naming more CPUs
 * than the model has is replayed with its CPUs folded modulo the model's, as per-CPU mode does:
 * the lists then serve several traced CPUs, which the message says once.
 */
static void enter_cpu(struct replay_ctx *ctx, const struct trace_event *ev)
{
	int cpu = ev->cpu >= 0 ? ev->cpu : 0;
	int model_cpu = cpu % ctx->res->model_cpus;

	if (cpu >= ctx->res->traced_cpus) {
		if (cpu >= ctx->res->model_cpus && ctx->res->traced_cpus <= ctx->res->model_cpus)
			report(ctx,
			       "the trace names CPU %d, the model has %d CPU%s: traced CPUs share "
			       "the per-CPU lists of model CPU (traced CPU modulo %d)",
			       cpu, ctx->res->model_cpus, ctx->res->model_cpus == 1 ? "" : "s",
			       ctx->res->model_cpus);
		ctx->res->traced_cpus = cpu + 1;
	}
	if (ctx->opts->per_cpu || model_cpu == ctx->model_cpu)
		return;
	kmem_thread_set_cpu(model_cpu);
	ctx->model_cpu = model_cpu;
}

static int replay_event(struct replay_ctx *ctx, const struct trace_event *ev)
{
	struct replay_worker *w;

	if (ev->type == TRACE_OTHER) {
		ctx->res->skipped++;
		ctx->res->other_events++;
		return 0;
	}
	if (!in_class(ctx->opts->events, ev)) {
		ctx->res->skipped++;
		ctx->res->other_class++;
		return 0;
	}
	enter_cpu(ctx, ev);
	w = worker_for(ctx, ev->cpu);
	if (!w)
		return -ENOMEM;
	switch (ev->type) {
	case TRACE_KMALLOC:
	case TRACE_KMALLOC_NODE:
	case TRACE_CACHE_ALLOC:
	case TRACE_CACHE_ALLOC_NODE:
		return slab_alloc(ctx, ev, w);
	case TRACE_KFREE:
	case TRACE_CACHE_FREE:
		return slab_free(ctx, ev, w);
	case TRACE_PAGE_ALLOC:
		return page_alloc(ctx, ev, w);
	default:
		return page_free(ctx, ev, w);
	}
}

/* ---- the whole replay ---- */

/* Frees what the trace left live, on the reading thread, every worker thread stopped */
static void free_live(struct replay_ctx *ctx)
{
	struct u64map *maps[] = { &ctx->slab, &ctx->pages };

	for (size_t i = 0; i < ARRAY_SIZE(maps); i++) {
		struct u64map_slot *s;

		for (s = u64map_first(maps[i]); s; s = u64map_next(maps[i], s)) {
			struct replay_obj *obj = s->val;
			struct replay_op op = { .order = obj->order, .obj = obj };

			ctx->res->live_at_end++;
			if (obj->cls)
				obj->cls->live_end++;
			else
				ctx->page_live_end[obj->order]++;
			op.kind = obj->alloc_kind == OP_PAGE_ALLOC ? OP_PAGE_FREE
				  : obj->alloc_kind == OP_KMALLOC  ? OP_KFREE
								   : OP_CACHE_FREE;
			replay_exec(&ctx->main, &op);
		}
		u64map_destroy(maps[i]);
	}
	u64map_destroy(&ctx->slab_pages);
}

static void destroy_classes(struct replay_ctx *ctx)
{
	struct replay_result *res = ctx->res;

	for (size_t i = 0; i < ctx->nr_classes; i++) {
		struct replay_class *cls = ctx->classes[i];
		int k = cls->is_cache;

		res->bytes_req[k] += cls->served_req;
		res->kernel_bytes[k] += cls->served_kernel;
		res->model_bytes[k] += cls->served_model;
		if (cls->cache)
			kmem_cache_destroy(cls->cache);
		free(cls);
	}
	free(ctx->classes);
	u64map_destroy(&ctx->kmalloc);
}

static double elapsed(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) * 1e-9;
}

static int replay_loop(struct replay_ctx *ctx, struct trace_reader *r)
{
	unsigned long every = ctx->opts->every;
	struct trace_event ev;
	int ret;

	replay_sample(ctx);
	while ((ret = trace_next(r, &ev)) > 0) {
		ctx->events++;
		ctx->line = trace_line_no(r);
		ctx->last_ts_ns = ev.ts_ns;
		ret = replay_event(ctx, &ev);
		if (ret)
			break;
		if (ctx->opts->stop && !(ctx->events % REPLAY_STOP_EVERY) && ctx->opts->stop()) {
			ret = -EINTR;
			break;
		}
		if (every && ctx->events % every == 0) {
			if (ctx->opts->per_cpu)
				replay_drain(ctx);
			replay_sample(ctx);
		}
	}
	if (ctx->opts->per_cpu)
		replay_drain(ctx);
	if (!every || ctx->events % every)
		replay_sample(ctx);
	return ret;
}

int trace_replay(struct trace_reader *r, const struct replay_opts *opts, struct replay_result *res)
{
	struct replay_ctx *ctx = calloc(1, sizeof(*ctx));
	cpu_set_t affinity;
	bool pinned;
	struct timespec t0;
	int ret;

	memset(res, 0, sizeof(*res));
	if (!ctx)
		return -ENOMEM;
	ctx->opts = opts;
	ctx->res = res;
	ctx->reader = r;
	kmem_get_info(&ctx->info);
	res->model_cpus = ctx->info.nr_cpus > 0 ? ctx->info.nr_cpus : 1;
	if (u64map_init(&ctx->slab, 1024) || u64map_init(&ctx->pages, 1024) ||
	    u64map_init(&ctx->slab_pages, 64) || u64map_init(&ctx->kmalloc, 64) ||
	    replay_movable_init() || replay_worker_init(&ctx->main, ctx, 0)) {
		replay_movable_exit();
		u64map_destroy(&ctx->slab);
		u64map_destroy(&ctx->pages);
		u64map_destroy(&ctx->slab_pages);
		u64map_destroy(&ctx->kmalloc);
		free(ctx);
		return -ENOMEM;
	}
	/* the sequential replay starts as CPU 0 and follows the trace's CPUs from there */
	pinned = !pthread_getaffinity_np(pthread_self(), sizeof(affinity), &affinity);
	kmem_thread_enter(0);
	ctx->reports_at_start = model_reports();
	console_open(ctx);
	clock_gettime(CLOCK_MONOTONIC, &t0);

	ret = replay_loop(ctx, r);
	replay_workers_stop(ctx);
	for (int o = 0; o < 64; o++) {
		res->snapshot_frees += ctx->snapshot_freed[o];
		ctx->page_unmatched[o] -= ctx->snapshot_freed[o];
	}
	res->snapshot_taken = ctx->snapshot_taken;
	res->unmatched -= res->snapshot_frees;
	res->frees += res->snapshot_frees;
	if (!ret && opts->at_end)
		opts->at_end(opts->at_end_arg);
	free_live(ctx);
	replay_movable_exit();
	kmem_slab_shrink_all();
	res->seconds = elapsed(&t0);

	res->trace = *trace_reader_stats(r);
	res->errors += res->trace.malformed;
	res->model_reports = model_reports() - ctx->reports_at_start;
	res->errors += res->model_reports;
	res->failed = ctx->main.failed;
	if (ret != -EINTR)
		replay_write_tables(ctx);
	destroy_classes(ctx);
	console_close(ctx);
	if (ctx->main.nomem && !ret)
		ret = -ENOMEM;
	replay_worker_destroy(&ctx->main);
	if (pinned)
		pthread_setaffinity_np(pthread_self(), sizeof(affinity), &affinity);
	free(ctx);
	return ret;
}

static double percent(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

void replay_print_summary(FILE *out, const struct replay_result *res)
{
	const struct trace_stats *t = &res->trace;
	uint64_t n = t->events + t->malformed;

	fprintf(out, "  events:");
	for (int i = 0; i < TRACE_NR_TYPES; i++)
		fprintf(out, "%s %s %llu", i ? "," : "", trace_event_names[i],
			(unsigned long long)t->by_type[i]);
	fprintf(out,
		"\n  trace: %llu lines, %llu malformed, %llu lost events in %llu markers, "
		"%llu with unknown gfp names\n",
		(unsigned long long)t->lines, (unsigned long long)t->malformed,
		(unsigned long long)t->lost_events, (unsigned long long)t->lost_markers,
		(unsigned long long)t->unknown_gfp);
	fprintf(out,
		"  skipped: %llu kfree(NULL), %llu batched-free duplicates, %llu traced "
		"failures, %llu other events\n",
		(unsigned long long)res->null_frees, (unsigned long long)res->batched_duplicates,
		(unsigned long long)res->traced_failures, (unsigned long long)res->other_events);
	fprintf(out,
		"  implicit frees (address reused, free not traced): %llu; live at the end: "
		"%llu (freed); page frees of another order: %llu; frees of the snapshot's "
		"pages: %llu, and %llu it had in use allocated (then on per-CPU lists)\n",
		(unsigned long long)res->implicit_frees, (unsigned long long)res->live_at_end,
		(unsigned long long)res->order_mismatches, (unsigned long long)res->snapshot_frees,
		(unsigned long long)res->snapshot_taken);
	fprintf(out,
		"  failed allocations: %llu; caches made: %llu (%llu size conflicts); model "
		"reports: %llu\n",
		(unsigned long long)res->failed, (unsigned long long)res->caches,
		(unsigned long long)res->cache_conflicts, (unsigned long long)res->model_reports);
	fprintf(out,
		"  events of the class left out: %llu; the kernel's slab pages dropped: %llu "
		"allocs, %llu frees; CPUs: %d traced, %d in the model%s\n",
		(unsigned long long)res->other_class, (unsigned long long)res->slab_page_allocs,
		(unsigned long long)res->slab_page_frees, res->traced_cpus, res->model_cpus,
		res->traced_cpus > res->model_cpus ? " (folded)" : "");
	fprintf(out,
		"  internal fragmentation (wasted share of allocated bytes): kmalloc kernel "
		"%.1f %%, model %.1f %%; caches kernel %.1f %%, model %.1f %%\n",
		percent(res->kernel_bytes[0] - res->bytes_req[0], res->kernel_bytes[0]),
		percent(res->model_bytes[0] - res->bytes_req[0], res->model_bytes[0]),
		percent(res->kernel_bytes[1] - res->bytes_req[1], res->kernel_bytes[1]),
		percent(res->model_bytes[1] - res->bytes_req[1], res->model_bytes[1]));
	fprintf(out,
		"replayed %llu events (%llu allocs, %llu frees, %llu unmatched, %llu skipped, %llu "
		"errors) in %.3f s\n",
		(unsigned long long)n, (unsigned long long)res->allocs,
		(unsigned long long)res->frees, (unsigned long long)res->unmatched,
		(unsigned long long)res->skipped, (unsigned long long)res->errors, res->seconds);
}
