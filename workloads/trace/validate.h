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

struct validate;

/**
 * validate_open - read a bundle for validate_bundle(): its snapshot, its after-state and the
 * trace's counts
 * @o: the options; they must outlive the validation (validate_bundle() reads them)
 *
 * Return: the validation, or NULL after one line on stderr naming the file at fault.
 */
struct validate *validate_open(const struct validate_opts *o);

/**
 * validate_bundle - replay the bundle from its snapshot on each back end and compare
 * @v: from validate_open()
 *
 * Prints, per back end, the snapshot boot's equality line, the replay's summary, and the
 * kernel's after-state and trace counts beside the model's, zone by zone; writes the rows into
 * @v's options' table.
 *
 * Return: 0; 1 when a replay counted errors or lost pages, or the trace could not be read;
 * 2 (RUNNER_EXIT_USAGE) when the model refuses to boot the bundle's machine; -EINTR when the
 * options' stop stopped it (the rows of the back ends done stay).
 */
int validate_bundle(struct validate *v);
void validate_close(struct validate *v);

#endif
