/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Replaying a kernel allocation trace (trace_parse.h) against the booted model: every traced
 * allocation becomes the same call (kmalloc, kmem_cache_alloc on a cache of the traced name and
 * size, alloc_pages of the traced order), with the traced gfp flags, and every traced free is
 * paired with its allocation by pointer (slab) or pfn (pages) and replayed as the matching free.
 * What the model's allocators do with the trace's request stream, failures and fragmentation
 * included, is measured and written as CSV tables (results/SCHEMA.md).
 */
#ifndef _KMEM_WORKLOADS_TRACE_REPLAY_H
#define _KMEM_WORKLOADS_TRACE_REPLAY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "results/csv.h"
#include "trace_parse.h"

/* The replay's tables; any may be NULL (not written) */
struct replay_tables {
	struct csv_table *timeseries; /* replay_timeseries.csv */
	struct csv_table *caches;     /* replay_caches.csv */
	struct csv_table *orders;     /* replay_orders.csv */
	struct csv_table *failures;   /* replay_failures.csv */
};

/* The replay's tables, columns and meaning (replay_tables.c), for result_table_open() */
struct result_table;
extern const struct result_table replay_summary_table, replay_timeseries_table, replay_caches_table,
	replay_orders_table, replay_failures_table, replay_speed_table;

/*
 * Which events a replay runs (--events). The kernel's slab takes its slabs from the page
 * allocator, so a trace of both holds every slab page twice: as an mm_page_alloc and, spread
 * over its objects, as the kmem_cache_alloc/kmalloc events that the model's own slab turns into
 * slab pages again. "all" (the default) replays both and drops the page events of the kernel's
 * slab (trace_is_slab_page(), and the frees of the pfns so dropped); "pages" replays the page
 * events only, every one of them, the slab's included, as the page allocator saw them; "slab"
 * replays the object events only. The events of the other class are counted as skipped.
 */
enum replay_events {
	REPLAY_EVENTS_ALL,
	REPLAY_EVENTS_PAGES,
	REPLAY_EVENTS_SLAB,
	REPLAY_NR_EVENTS,
};

/* "all", "pages", "slab" */
extern const char *const replay_events_names[REPLAY_NR_EVENTS];

/* The class named @name, or -EINVAL */
int replay_events_parse(const char *name);

/**
 * trace_is_slab_page - whether a traced mm_page_alloc is the kernel's slab taking a new slab
 * @ev: a TRACE_PAGE_ALLOC event
 *
 * SLUB's allocate_slab() asks for a slab's pages with the caller's gfp reduced to the reclaim
 * and constraint bits (GFP_RECLAIM_MASK | GFP_CONSTRAINT_MASK: never __GFP_ZERO, __GFP_ACCOUNT,
 * __GFP_MOVABLE, __GFP_HIGHMEM or __GFP_WRITE), plus the cache's allocflags (__GFP_COMP, and
 * __GFP_RECLAIMABLE for a reclaimable cache), and its first try adds __GFP_NOWARN and
 * __GFP_NORETRY and takes __GFP_NOFAIL away. No other allocator of 6.18 asks for compound pages
 * with NORETRY and NOWARN but none of the five user and page-cache bits: the page cache's
 * readahead folios carry the same three but are __GFP_MOVABLE (and __GFP_HIGHMEM). The fallback
 * at the cache's minimum order (after a failed first try) keeps the caller's gfp and is not
 * recognised: it follows a traced failure, which the shipped trace never holds.
 *
 * Return: true for a slab page.
 */
bool trace_is_slab_page(const struct trace_event *ev);

struct replay_opts {
	unsigned long every; /* a time-series sample every this many events; 0 = start and end */
	enum replay_events events; /* which events are replayed */
	bool per_cpu;		   /* one thread per traced CPU, as that CPU (kmem_thread_enter) */
	bool quiet;		   /* no per-problem messages: counts only */
	FILE *msgs;		   /* where messages go; NULL = stderr */
	const char *label; /* the "backend" column of every row; NULL = the booted back end */
	struct replay_tables tables;
	/*
	 * A model booted from a capture's snapshot (kmem_config.snapshot): a traced page free
	 * that pairs with no traced allocation frees the pages the snapshot gave the pre-existing
	 * owner at that pfn (kmem_snapshot_free()), as the kernel freed memory it had allocated
	 * before the capture. Such frees count in frees (and snapshot_frees), the others in
	 * unmatched. And a traced allocation at a pfn the pre-existing owner still has frees it
	 * there first (snapshot_taken): the kernel had the block free, on a per-CPU list, which
	 * the snapshot could not tell from a page in use.
	 */
	bool snapshot_frees;
	/*
	 * Called once the whole trace has been replayed, every worker thread idle, before what
	 * the trace left live is freed: the model then holds what the traced kernel held at the
	 * end of the capture. Not called when the replay stops early (an error, a signal).
	 */
	void (*at_end)(void *arg);
	void *at_end_arg;
	/*
	 * Asked every REPLAY_STOP_EVERY events, NULL = never: non-zero stops the replay there
	 * (a signal came). trace_replay() then returns -EINTR; the time-series rows written so
	 * far stay, the tables of the whole replay are not written.
	 */
	int (*stop)(void);
};

#define REPLAY_STOP_EVERY 4096

/*
 * How the events of a trace were accounted for. Every event line and every malformed line
 * counts in exactly one of allocs, frees, unmatched, skipped and errors (model_reports aside),
 * so their sum is events + malformed lines.
 */
struct replay_result {
	struct trace_stats trace; /* what the reader saw */
	uint64_t allocs;	  /* allocation events replayed (failed ones included) */
	uint64_t frees;		  /* free events paired with their allocation and replayed */
	uint64_t unmatched;	  /* frees of objects allocated before the trace began */
	uint64_t skipped;	  /* other events, kfree(NULL), traced failures, duplicates,
				     events of another class, the kernel's slab pages */
	uint64_t errors;	  /* malformed lines, events that could not be replayed, reports */

	/* parts of the above */
	uint64_t failed;	     /* allocations the model refused (NULL) */
	uint64_t other_events;	     /* events other than the nine the replay knows */
	uint64_t null_frees;	     /* kfree(NULL), kmem_cache_free(NULL) */
	uint64_t traced_failures;    /* allocations that had failed in the kernel (ptr 0) */
	uint64_t batched_duplicates; /* mm_page_free_batched of a page mm_page_free just freed */
	uint64_t implicit_frees;     /* allocations at a live address: the old object was freed
					without a trace event (bulk, RCU) and is freed then */
	uint64_t order_mismatches;   /* page frees of another order than allocated */
	uint64_t cache_conflicts;    /* a cache name seen again with another object size */
	uint64_t model_reports;	     /* bad page and slab reports the model made during replay */
	uint64_t live_at_end;	     /* allocations still live at the end of the trace (freed) */
	uint64_t caches;	     /* caches created for kmem_cache_alloc events */
	uint64_t other_class;	     /* events of the class --events leaves out */
	uint64_t slab_page_allocs;   /* under "all": mm_page_alloc of the kernel's slab, dropped */
	uint64_t slab_page_frees;    /* ... and the frees of their pfns, dropped */
	uint64_t snapshot_frees;     /* frees of pages the snapshot boot's pre-existing owner had */
	uint64_t snapshot_taken;     /* allocations at pfns it had: not an event count */

	/*
	 * Each event runs as model CPU (traced CPU modulo the model's CPUs), on whose per-CPU
	 * lists it allocates and frees; traced_cpus > model_cpus means some CPUs were folded
	 * onto one (said once as a message).
	 */
	int traced_cpus; /* the highest traced CPU + 1 */
	int model_cpus;

	/* internal fragmentation, over the allocations the model served: [0] kmalloc, [1] caches */
	uint64_t bytes_req[2], kernel_bytes[2], model_bytes[2];

	double seconds; /* the replay loop, from the first read to the last free */
};

/**
 * trace_replay - replay a trace against the booted model
 * @r: an open trace
 * @opts: options and tables
 * @res: the accounting (zeroed here)
 *
 * Allocation failures are counted, not fatal: they are made with __GFP_NOWARN, and a traced
 * __GFP_NOFAIL is dropped (nothing else runs to free memory in a replay, so a __GFP_NOFAIL
 * allocation the model cannot serve would wait forever). Everything still live at the end is
 * freed, so the model is back to its state at boot. What the model prints on stderr meanwhile
 * (an "Unexpected gfp" refusal, a bad page report) is passed on as FILE:LINE: messages of the
 * event that caused it, to @opts->msgs, or dropped when @opts->quiet: stderr is redirected to a
 * temporary file for the duration, so nothing else in the process should print there then.
 *
 * Return: 0 when the whole trace was read, or the reader's error (-EIO, or -EINVAL for a
 * malformed line in strict mode); -ENOMEM when the replay's own tables cannot grow.
 */
int trace_replay(struct trace_reader *r, const struct replay_opts *opts, struct replay_result *res);

/* "replayed N events (A allocs, F frees, U unmatched, S skipped, E errors) in T s" */
void replay_print_summary(FILE *out, const struct replay_result *res);

#endif
