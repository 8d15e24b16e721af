/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Validation of the model against a capture bundle (results/bundle.h): the model booted from
 * the bundle's snapshot (snapshot_read.h) replays the bundle's trace on each back end, and the
 * state it ends in is set beside the kernel's after-state and the trace's own counts. The rules,
 * figure by figure, are in validate.c; the rows are validate.csv (results/SCHEMA.md).
 */
#ifndef _KMEM_WORKLOADS_TRACE_VALIDATE_H
#define _KMEM_WORKLOADS_TRACE_VALIDATE_H

#include <stdbool.h>
#include <stdint.h>

#include <kmem/kmem.h>

#include "results/csv.h"
#include "trace_replay.h"

struct result_table;
struct workload;
extern const struct result_table validate_table;
/* The result source of validate.csv: its schema and its "Fidelity" section of the report */
extern const struct workload validate_workload;

struct validate_opts {
	const char *bundle;	   /* the bundle directory */
	uint64_t backends;	   /* bit i: kmem_backend_name(i) */
	enum replay_events events; /* which events are replayed (trace_replay.h) */
	bool quiet;		   /* no FILE:LINE: messages of the replay */
	struct kmem_config env;	   /* the settings from the environment; arch and memory unused */
	struct csv_table *table;   /* validate.csv, or NULL */
	/* called after each boot, before its replay (the CLI opens meta.csv on the first); 0 or
	 * an exit status that ends the validation */
	int (*booted)(const struct kmem_info *info, void *arg);
	void *booted_arg;
	int (*stop)(void); /* as replay_opts.stop */
};

/**
 * validate_bundle - replay @o->bundle from its snapshot on each back end and compare
 * @o: what to validate and where the rows go
 *
 * Prints, per back end, the snapshot boot's equality line, the replay's summary, and the
 * kernel's after-state and trace counts beside the model's, zone by zone.
 *
 * Return: 0; 1 when a replay counted errors or lost pages, or the bundle's trace could not be
 * read; 2 (EXIT_USAGE) for a bundle that cannot be read or booted, after one line naming the
 * file, with nothing written; -EINTR when @o->stop stopped it (the rows of the back ends done
 * stay).
 */
int validate_bundle(const struct validate_opts *o);

#endif
