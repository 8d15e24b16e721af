/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The runner (workloads/runner.c): what `kmembench run` does once its command line is read,
 * as a library that the CLI, the Google Benchmark binary and the tests call alike. A run plan
 * says which workloads to run on which (arch profile, back end) and with what; runner_run()
 * boots one fresh model per combination, runs the workload into one CSV file per table of a
 * run directory, checks the model after it and shuts it down.
 *
 * Booting one combination, and checking and shutting it down, are exported on their own
 * (runner_boot(), runner_shutdown()): every command that boots the model does it this way.
 */
#ifndef _KMEM_WORKLOADS_RUNNER_H
#define _KMEM_WORKLOADS_RUNNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <kmem/kmem.h>

#include "workloads/workload.h"

/* Exit statuses of the runner, as the commands that call it exit with them */
enum {
	RUNNER_EXIT_FAILURE = 1, /* the model failed a check, or a file could not be written */
	RUNNER_EXIT_USAGE = 2,	 /* a value the model or a workload refuses */
};

#define RUNNER_MAX_WORKLOADS 64
#define RUNNER_MAX_THREADS   1024
#define RUNNER_MAX_LIST	     32
/* --seed when not given */
#define RUNNER_SEED 1

/* One workload of a plan, with the parameters given for it */
struct run_item {
	const struct workload *wl;
	uint64_t params[WORKLOAD_MAX_PARAMS]; /* in the order of wl->params */
	uint32_t set; /* bit p: params[p] was given, else quick or default */
};

/* What to run: the cross product of arches x back ends x items, each on a fresh model */
struct run_plan {
	uint64_t backends; /* bit i: kmem_backend_name(i) */
	uint64_t arches;   /* bit i: kmem_arch_name(i) */
	struct run_item items[RUNNER_MAX_WORKLOADS];
	unsigned int nr_items;
	unsigned long long mem_bytes;	       /* 0: each workload's own */
	int nr_nodes;			       /* 0 or 1: each workload's minimum */
	unsigned int threads[RUNNER_MAX_LIST]; /* for threaded workloads, ascending */
	unsigned int nr_threads;
	bool quick; /* each parameter's quick value unless given */
	bool quiet; /* no progress on stderr, only failures */
	uint64_t seed;
	const char *out; /* run directory; NULL: a new one under results/ */
	/* the command line as typed, for meta.csv */
	int argc;
	char **argv;
	/* KMEM_* of the environment: what each boot starts from (pcp, slab debug, ...) */
	struct kmem_config env;
};

/**
 * runner_plan_init - an empty plan: no back end, arch or workload yet, the environment's
 * configuration, seed 1, and thread counts 1, 2, 4, ... up to twice the host's CPUs
 * @plan: the plan to fill
 *
 * Return: 0, or RUNNER_EXIT_USAGE when a KMEM_* variable is malformed (after one line).
 */
int runner_plan_init(struct run_plan *plan);

/**
 * runner_plan_add - add workload @wl to @plan, with no parameter given
 * @plan: the plan
 * @wl: the workload, from the registry or not (a test's own)
 *
 * Return: the item, for its parameters, or NULL when the plan is full.
 */
struct run_item *runner_plan_add(struct run_plan *plan, const struct workload *wl);

/**
 * runner_resolve_params - the parameters @item runs with: each given one, else its quick value
 * under @quick, else its default
 * @item: the workload of a plan
 * @quick: whether the run is --quick
 * @params: receives them, in the order of item->wl->params
 */
void runner_resolve_params(const struct run_item *item, bool quick,
			   uint64_t params[WORKLOAD_MAX_PARAMS]);

/**
 * runner_check_params - each workload's own check of its parameters together, before any boot
 * @plan: the plan
 * @buf: where the reason is written: "WORKLOAD: why"
 * @size: its size
 *
 * Return: NULL when every workload accepts its parameters, else @buf.
 */
const char *runner_check_params(const struct run_plan *plan, char *buf, size_t size);

/**
 * runner_run - run a plan: every combination into one run directory, with meta.csv
 * @plan: what to run
 *
 * Steps run in order arch, back end, workload, per-CPU lists on then off (for workloads with
 * pcp_variants). Each boots a fresh model, runs the workload, then checks that every page came
 * back and no bad page was reported (runner_shutdown()). SIGINT and SIGTERM stop the run at the
 * next progress call of the workload; what was done is kept and meta.csv says so.
 *
 * Return: 0; RUNNER_EXIT_FAILURE when a combination failed or a file could not be written;
 * RUNNER_EXIT_USAGE for parameters or a value the model refuses (one line on stderr, nothing
 * written); 128 + the signal when interrupted.
 */
int runner_run(const struct run_plan *plan);

/**
 * runner_run_workload - one step of a plan on its own: boot (arch, back end, pcp), run item
 * @item of @plan into @sink, check the model and shut it down
 * @plan: gives the seed, the sizes, the threads and the environment; its out is not used
 * @item: index into plan->items
 * @arch: arch profile name
 * @backend: back end name
 * @pcp: per-CPU lists: 0 as the environment says, 1 on, KMEM_PCP_OFF off
 * @sink: where the rows go
 * @timer: the timer calibration the workload measures with
 *
 * Return: 0, RUNNER_EXIT_FAILURE or RUNNER_EXIT_USAGE as runner_run(); -EINTR when a signal
 * stopped the workload (its rows so far are whole).
 */
int runner_run_workload(const struct run_plan *plan, unsigned int item, const char *arch,
			const char *backend, int pcp, struct result_sink *sink,
			const struct timer_calibration *timer);

/**
 * runner_boot - boot one combination: kmem_boot(@cfg), this thread as CPU 0 for good (the same
 * CPU, node and per-CPU list at every call, whatever the host scheduler does), and what was
 * booted; the model's free pages now are what runner_shutdown() expects back
 * @cfg: the configuration
 * @info: receives the booted model's description; may be NULL
 *
 * Return: 0; RUNNER_EXIT_USAGE when the model refuses a value (kmem_boot() named it);
 * RUNNER_EXIT_FAILURE otherwise, after one line on stderr.
 */
int runner_boot(const struct kmem_config *cfg, struct kmem_info *info);

/**
 * runner_shutdown - check the model booted by runner_boot() and shut it down
 * @what: what ran, for the message: "latency buddy/x86_64"
 *
 * Every page must be back: per-CPU lists are drained and empty slabs freed first, since the
 * model keeps both as the kernel does, then the free pages must be those right after boot, plus
 * those a snapshot boot's pre-existing owner has given back since (kmem_snapshot_free()). And
 * no bad page report may have been made since boot.
 *
 * Return: 0, or RUNNER_EXIT_FAILURE after one line per failed check naming @what and the pages.
 */
int runner_shutdown(const char *what);

#endif
