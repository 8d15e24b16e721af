/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The replay's internals, grouped by the file that defines them: trace_replay.c turns events
 * into operations and pairs frees with allocations (in trace order, on the reading thread);
 * replay_exec.c runs operations against the model, on the reading thread or on one thread per
 * traced CPU; replay_output.c samples the model and writes the tables.
 */
#ifndef _KMEM_WORKLOADS_REPLAY_INTERNAL_H
#define _KMEM_WORKLOADS_REPLAY_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <kmem/kmem.h>

#include "trace_replay.h"
#include "u64map.h"

struct replay_ctx;

/*
 * A cache (kmem_cache_alloc events of one name) or a kmalloc size class (kmalloc events of one
 * traced bytes_alloc): one row of replay_caches.csv. Counts the reading thread knows are plain;
 * the outcome counts (failed, served_*) are added atomically by the thread that ran the
 * allocation.
 */
struct replay_class {
	bool is_cache;
	struct kmem_cache *cache; /* NULL for a kmalloc class, or a cache that failed to be made */
	uint64_t object_size;	  /* the traced bytes_alloc (the first, for a cache) */
	bool conflict_reported;
	uint64_t allocs, frees, live_end;
	/* over the allocations the model served: requested, kernel's and model's sizes */
	uint64_t failed, served_req, served_kernel, served_model; /* atomic */
	struct replay_class *next;				  /* in the name hash chain */
	char name[]; /* the traced name, whole: "kmalloc-SIZE" for a kmalloc class */
};

enum replay_op_kind {
	OP_KMALLOC,
	OP_CACHE_ALLOC,
	OP_PAGE_ALLOC,
	OP_KFREE,
	OP_CACHE_FREE,
	OP_PAGE_FREE,
	OP_SNAPSHOT_FREE, /* a free of a page the snapshot boot gave the pre-existing owner */
};

struct replay_worker;

/*
 * A traced allocation the replay holds: what the model returned for it. Created by the reading
 * thread when it reads the allocation, filled by the thread that runs it (ready tells the
 * freeing thread, which may be another, that it has been), freed by the thread that frees it.
 */
struct replay_obj {
	void *ptr; /* the model's object or struct page; NULL when the model refused */
	struct replay_class *cls;
	unsigned int order;
	enum replay_op_kind alloc_kind;
	int ready;			 /* atomic, per-CPU mode */
	struct replay_worker *worker;	 /* the one that runs the allocation */
	uint64_t bytes_req, bytes_alloc; /* as traced */
};

struct replay_op {
	enum replay_op_kind kind;
	unsigned int gfp; /* as traced */
	int node;
	unsigned int order;
	unsigned long line;	/* of the trace event; 0 for the frees at the end of the trace */
	struct replay_obj *obj; /* NULL for OP_SNAPSHOT_FREE */
	uint64_t pfn;		/* OP_SNAPSHOT_FREE */
	bool at_alloc;		/* OP_SNAPSHOT_FREE before a traced allocation at @pfn */
};

#define REPLAY_BATCH 256 /* operations handed to a worker thread at a time */
#define REPLAY_RING  16	 /* batches queued per worker before the reader waits */

struct replay_batch {
	unsigned int n;
	struct replay_op op[REPLAY_BATCH];
	struct replay_batch *next; /* on the worker's free list */
};

/*
 * Who runs operations: the reading thread itself (sequential replay), or one thread per traced
 * CPU. Each keeps its own failure counts, merged when the replay ends.
 */
struct replay_worker {
	int traced_cpu;
	int model_cpu;
	struct replay_ctx *ctx;
	struct u64map failures; /* (kind, order, gfp) key -> count */
	uint64_t failed;
	bool nomem; /* the failure table could not grow: counts are short */

	/* per-CPU mode only; ring, head, tail, busy, stop and spare are under lock */
	pthread_t thread;
	bool started;
	pthread_mutex_t lock;
	pthread_cond_t wake;  /* the worker waits for work or stop */
	pthread_cond_t space; /* the reader waits for a ring slot, or for the worker to idle */
	struct replay_batch *ring[REPLAY_RING];
	unsigned int head, tail; /* ring[head % RING .. tail % RING) are queued */
	bool busy;		 /* the worker is running a batch it took off the ring */
	bool stop;
	struct replay_batch *filling; /* the reader's, being filled (no lock) */
	struct replay_batch *spare;   /* empty batches to reuse */
};

/*
 * The model reports problems as the kernel does, on stderr (bad page and slab reports, an
 * "Unexpected gfp" refusal), and such a report names no trace line. While the replay runs,
 * stderr goes to a temporary file; when an operation has made the model's report count grow,
 * what it printed is passed on to @out line by line as FILE:LINE: of the event that caused it,
 * or dropped under --quiet. In per-CPU mode two workers may report at once: a report is then
 * passed on with the line of the operation that noticed it first.
 */
struct replay_console {
	FILE *out;	  /* the replay's messages: opts->msgs, or the real stderr */
	bool own_out;	  /* out was opened here */
	int saved_fd;	  /* the real stderr while captured, else -1 */
	FILE *capture;	  /* where stderr goes while captured, else NULL */
	long long done;	  /* bytes of capture passed on */
	FILE *reader_out; /* the reader's own setting, given back at the end */
	pthread_mutex_t lock;
	unsigned long reports_seen; /* atomic: the model's report count when last looked at */
};

#define REPLAY_MAX_WORKERS 64 /* traced CPUs beyond share a worker (cpu % 64) */
#define REPLAY_RECENT	   64 /* pfns remembered per CPU to spot batched-free duplicates */

struct replay_ctx {
	struct trace_reader *reader;
	const struct replay_opts *opts;
	struct replay_result *res;
	struct kmem_info info;
	struct u64map slab;	  /* traced ptr -> replay_obj */
	struct u64map pages;	  /* traced pfn -> replay_obj */
	struct u64map slab_pages; /* traced pfn -> (void *)1: the kernel's slab pages dropped */
	struct u64map kmalloc;	  /* traced bytes_alloc -> replay_class */
	struct replay_class *cache_hash[256];
	struct replay_class **classes; /* every class, in order of first sight */
	size_t nr_classes, classes_cap;
	uint64_t page_allocs[64], page_frees[64], page_unmatched[64], page_live_end[64];
	uint64_t live_pages;	     /* atomic: pages the model holds for traced page allocations */
	uint64_t snapshot_freed[64]; /* atomic: OP_SNAPSHOT_FREE of traced frees done, by order */
	uint64_t snapshot_taken;     /* atomic: OP_SNAPSHOT_FREE before allocations done */
	uint64_t recent[REPLAY_MAX_WORKERS][REPLAY_RECENT];
	unsigned int recent_pos[REPLAY_MAX_WORKERS];
	uint64_t last_ts_ns;
	uint64_t events;    /* read so far */
	unsigned long line; /* of the event being turned into operations */
	unsigned long reports_at_start;
	int model_cpu; /* sequential mode: the CPU the reading thread runs as now */
	struct replay_console console;

	struct replay_worker main; /* the reading thread, in sequential mode */
	struct replay_worker *workers[REPLAY_MAX_WORKERS];
};

/* trace_replay.c */
/* After the operation of trace line @line (0: none): passes on what the model reported */
void replay_model_output(struct replay_ctx *ctx, unsigned long line);

/* replay_exec.c */
/* The pfn map of movable page blocks, for one replay of a booted model: 0 or -ENOMEM */
int replay_movable_init(void);
void replay_movable_exit(void);
void replay_exec(struct replay_worker *w, const struct replay_op *op);
int replay_worker_init(struct replay_worker *w, struct replay_ctx *ctx, int traced_cpu);
/* Queue @op for @w's thread (handed over a batch at a time); 0 or -ENOMEM */
int replay_submit(struct replay_worker *w, const struct replay_op *op);
/* Hand the reader's partly filled batch of @w to its thread */
void replay_flush(struct replay_worker *w);
/* Wait until every worker thread has run everything queued (sampling needs a still model) */
void replay_drain(struct replay_ctx *ctx);
/* Stop and join every worker thread; merge their failure counts into the main worker */
void replay_workers_stop(struct replay_ctx *ctx);
void replay_worker_destroy(struct replay_worker *w);

/* replay_output.c */
void replay_sample(struct replay_ctx *ctx);
void replay_write_tables(struct replay_ctx *ctx);

#endif
