// SPDX-License-Identifier: GPL-2.0
/*
 * The runner: the cross product of arch profiles, back ends and workloads (and, for workloads
 * that ask for it, per-CPU lists on and off), one freshly booted model per combination, every
 * row into the CSV files of one run directory, the model checked after every workload.
 *
 * Progress goes to stderr: on a terminal one line rewritten in place (what runs, how far, time
 * elapsed, an estimate of the time left from the fraction done so far), otherwise one plain line
 * per finished combination, so logs stay readable.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <kmem/kmem.h>
#include <linux/compiler.h>
#include <linux/gfp.h>
#include <linux/mm.h>

#include "results/csv.h"
#include "results/meta.h"
#include "results/rundir.h"
#include "workloads/measure/perf_counters.h"
#include "runner.h"

#define PREFIX	   "kmembench run"
#define MAX_TABLES 64

/* What the progress callback needs to know about the run as a whole */
struct run_state {
	unsigned int step, nr_steps;
	double start;
	bool tty;
	bool quiet;
	char label[96];
	bool told_interrupt; /* "stopping" was said */
	bool step_cut;	     /* the signal stopped a step midway (its whole rows are kept) */
};

/* The result sink of a run: one CSV table per result_table, opened at its first row */
struct run_sink {
	struct result_sink sink;
	const char *dir;
	const struct result_table *tables[MAX_TABLES];
	struct csv_table *csv[MAX_TABLES];
	unsigned int nr_tables;
};

/*
 * The free pages right after runner_boot(): what runner_shutdown() expects back, with the pages
 * a snapshot boot's pre-existing owner held then and has freed since
 */
static unsigned long boot_free_pages, boot_snapshot_pages;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---------------------------------------------------------------------------------------- */
/* Boot and shut down one combination */

int runner_boot(const struct kmem_config *cfg, struct kmem_info *info)
{
	int err = kmem_boot(cfg);

	if (err)
		return err == -EINVAL ? RUNNER_EXIT_USAGE : RUNNER_EXIT_FAILURE;
	if (kmem_thread_enter(0)) {
		fprintf(stderr,
			"kmembench: kmem_thread_enter(0) failed on the model just booted\n");
		kmem_shutdown();
		return RUNNER_EXIT_FAILURE;
	}
	if (info)
		kmem_get_info(info);
	boot_free_pages = nr_free_pages();
	boot_snapshot_pages = kmem_snapshot_pages();
	return 0;
}

int runner_shutdown(const char *what)
{
	unsigned long free_now, bad = kmem_bad_page_count();
	unsigned long expected = boot_free_pages + (boot_snapshot_pages - kmem_snapshot_pages());
	int status = 0;

	/* pages parked on per-CPU lists and in empty slabs are free to the kernel too */
	drain_all_pages(NULL);
	kmem_slab_shrink_all();
	free_now = nr_free_pages();
	if (free_now != expected) {
		fprintf(stderr,
			"kmembench: %s: %ld pages not given back (%lu free at boot, %lu expected, "
			"%lu now)\n",
			what, (long)(expected - free_now), boot_free_pages, expected, free_now);
		status = RUNNER_EXIT_FAILURE;
	}
	if (bad) {
		fprintf(stderr, "kmembench: %s: %lu bad page reports\n", what, bad);
		status = RUNNER_EXIT_FAILURE;
	}
	kmem_shutdown();
	return status;
}

/* ---------------------------------------------------------------------------------------- */
/* The plan */

int runner_plan_init(struct run_plan *plan)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned int max = cpus > 0 && cpus < RUNNER_MAX_THREADS / 2 ? (unsigned int)cpus * 2 : 2;

	memset(plan, 0, sizeof(*plan));
	if (kmem_config_from_env(&plan->env))
		return RUNNER_EXIT_USAGE;
	plan->nr_nodes = plan->env.nr_nodes;
	plan->seed = RUNNER_SEED;
	/* 1, 2, 4, ... up to twice the host's CPUs, which is always the last */
	for (unsigned int t = 1; t < max && plan->nr_threads < RUNNER_MAX_LIST - 1; t *= 2)
		plan->threads[plan->nr_threads++] = t;
	plan->threads[plan->nr_threads++] = max;
	return 0;
}

struct run_item *runner_plan_add(struct run_plan *plan, const struct workload *wl)
{
	struct run_item *item;

	if (plan->nr_items == RUNNER_MAX_WORKLOADS)
		return NULL;
	item = &plan->items[plan->nr_items++];
	memset(item, 0, sizeof(*item));
	item->wl = wl;
	return item;
}

void runner_resolve_params(const struct run_item *item, bool quick,
			   uint64_t params[WORKLOAD_MAX_PARAMS])
{
	const struct workload *wl = item->wl;

	for (unsigned int i = 0; i < wl->nr_params; i++)
		params[i] = item->set & (1U << i) ? item->params[i]
			    : quick		  ? wl->params[i].quick
						  : wl->params[i].def;
}

const char *runner_check_params(const struct run_plan *plan, char *buf, size_t size)
{
	for (unsigned int i = 0; i < plan->nr_items; i++) {
		const struct workload *wl = plan->items[i].wl;
		uint64_t params[WORKLOAD_MAX_PARAMS];
		char why[160];
		const char *msg;

		if (!wl->check)
			continue;
		runner_resolve_params(&plan->items[i], plan->quick, params);
		msg = wl->check(params, why, sizeof(why));
		if (msg) {
			snprintf(buf, size, "%s: %s", wl->name, msg);
			return buf;
		}
	}
	return NULL;
}

/* ---------------------------------------------------------------------------------------- */
/* The run directory's tables */

static int sink_row(struct result_sink *sink, const struct result_table *t,
		    const struct result_value *vals)
{
	struct run_sink *rs = container_of(sink, struct run_sink, sink);
	struct csv_table *csv = NULL;
	unsigned int i;

	for (i = 0; i < rs->nr_tables; i++)
		if (rs->tables[i] == t)
			csv = rs->csv[i];
	if (!csv) {
		const char *names[64];

		if (rs->nr_tables == MAX_TABLES || t->nr_cols > ARRAY_SIZE(names)) {
			fprintf(stderr, PREFIX ": %s: too many tables or columns\n", t->file);
			return -ENOSPC;
		}
		for (i = 0; i < t->nr_cols; i++)
			names[i] = t->cols[i].name;
		csv = csv_open(rs->dir, t->file, names, (int)t->nr_cols);
		if (!csv)
			return -EIO;
		rs->tables[rs->nr_tables] = t;
		rs->csv[rs->nr_tables++] = csv;
	}
	for (i = 0; i < t->nr_cols; i++) {
		switch (t->cols[i].type) {
		case RESULT_STR:
			csv_str(csv, vals[i].s);
			break;
		case RESULT_INT:
			csv_i64(csv, vals[i].i);
			break;
		case RESULT_FLOAT:
			csv_f64(csv, vals[i].f, 0);
			break;
		}
	}
	csv_end_row(csv);
	return 0;
}

static int sink_close(struct run_sink *rs)
{
	int err = 0;

	for (unsigned int i = 0; i < rs->nr_tables; i++)
		err = csv_close(rs->csv[i]) ?: err;
	rs->nr_tables = 0;
	return err;
}

/* ---------------------------------------------------------------------------------------- */
/* Progress */

/* "1m05s", "12.3s" */
static const char *fmt_secs(double s, char *buf, size_t size)
{
	if (s >= 60)
		snprintf(buf, size, "%dm%02ds", (int)s / 60, (int)s % 60);
	else
		snprintf(buf, size, "%.1fs", s);
	return buf;
}

/*
 * The estimate assumes the steps left cost what the steps done so far cost on average: crude
 * across workloads of different cost, but it settles as the run goes on.
 */
static void show_progress(struct run_state *st, double done, const char *what, bool finished)
{
	double elapsed = now_s() - st->start;
	double frac = ((double)st->step + done) / st->nr_steps;
	char e[16], left[16];

	if (st->quiet || (!st->tty && !finished))
		return;
	fmt_secs(elapsed, e, sizeof(e));
	if (frac > 0)
		fmt_secs(elapsed / frac - elapsed, left, sizeof(left));
	else
		snprintf(left, sizeof(left), "?");
	fprintf(stderr, "%s[%u/%u] %s: %s %.0f%%, elapsed %s, about %s left%s",
		st->tty ? "\r\033[K" : "", st->step + 1, st->nr_steps, st->label, what, done * 100,
		e, left, st->tty && !(finished && st->step + 1 == st->nr_steps) ? "" : "\n");
	fflush(stderr);
}

/* Once: a signal came, the workload stops at its next progress call, keeping its whole rows */
static bool tell_interrupt(struct run_state *st)
{
	int sig = run_interrupted();

	if (!sig)
		return false;
	if (!st->told_interrupt)
		fprintf(stderr,
			"%s" PREFIX ": %s: stopping, the rows done are kept (again: at once, "
			"leaving the run directory as it was)\n",
			st->tty ? "\r\033[K" : "", run_signal_name(sig));
	st->told_interrupt = true;
	return true;
}

static bool progress_cb(const struct workload_ctx *ctx, double done, const char *what)
{
	if (tell_interrupt(ctx->runner))
		return true;
	show_progress(ctx->runner, done, what, false);
	return false;
}

/* ---------------------------------------------------------------------------------------- */
/* The steps */

/* The model workload @item runs on, on one (arch, back end, per-CPU lists) */
static struct kmem_config combo_config(const struct run_plan *plan, const struct run_item *item,
				       const char *arch, const char *backend, int pcp)
{
	const struct workload *wl = item->wl;
	struct kmem_config cfg = plan->env;

	cfg.backend = backend;
	cfg.arch = arch;
	cfg.mem_bytes = plan->mem_bytes ?: wl->mem_bytes;
	/* 0 nodes means the default, one node: a workload's minimum of 0 or 1 changes nothing */
	cfg.nr_nodes = plan->nr_nodes > (int)wl->min_nodes ? plan->nr_nodes : (int)wl->min_nodes;
	cfg.pcp = pcp;
	return cfg;
}

/*
 * Whether every combination can boot, before the run directory is touched: a value the model
 * refuses (--mem below an arch profile's minimum) ends the command with the directory as it
 * was. What kmem_boot() checks depends on the arch profile, the memory and the nodes alone (a
 * back end was checked by name when parsed), so one boot per distinct triple is enough. @info
 * receives the first combination's description, which is what meta.csv records (not the
 * environment's, which may name a list or a model that cannot boot).
 */
static int check_boot(const struct run_plan *plan, struct kmem_info *info)
{
	struct kmem_config seen[RUNNER_MAX_WORKLOADS * 2];
	unsigned int nr_seen = 0;

	if (!plan->backends)
		return 0;
	for (int a = 0; a < kmem_arch_count(); a++) {
		if (!(plan->arches & (1ULL << a)))
			continue;
		for (unsigned int w = 0; w < plan->nr_items; w++) {
			struct kmem_config cfg;
			unsigned int i;
			int err;

			cfg = combo_config(plan, &plan->items[w], kmem_arch_name(a),
					   kmem_backend_name(__builtin_ctzll(plan->backends)),
					   plan->env.pcp);
			for (i = 0; i < nr_seen; i++)
				if (!strcmp(seen[i].arch, cfg.arch) &&
				    seen[i].mem_bytes == cfg.mem_bytes &&
				    seen[i].nr_nodes == cfg.nr_nodes)
					break;
			if (i < nr_seen)
				continue;
			err = runner_boot(&cfg, nr_seen ? NULL : info);
			if (err)
				return err;
			kmem_shutdown();
			if (nr_seen < ARRAY_SIZE(seen))
				seen[nr_seen++] = cfg;
		}
	}
	return 0;
}

/* Boot one combination, run the workload, check the model, shut it down */
static int run_one(const struct run_plan *plan, struct run_state *st, struct result_sink *sink,
		   const struct timer_calibration *cal, unsigned int w, const char *arch,
		   const char *backend, int pcp)
{
	const struct run_item *item = &plan->items[w];
	const struct workload *wl = item->wl;
	struct kmem_config cfg = combo_config(plan, item, arch, backend, pcp);
	struct workload_ctx ctx = {
		.wl = wl,
		.timer = cal,
		.seed = plan->seed,
		.quick = plan->quick,
		.threads = plan->threads,
		.nr_threads = plan->nr_threads,
		.progress = progress_cb,
		.runner = st,
	};
	struct kmem_info info;
	int err, status;

	runner_resolve_params(item, plan->quick, ctx.params);
	err = runner_boot(&cfg, &info);
	if (err)
		return err;
	ctx.info = &info;
	snprintf(st->label, sizeof(st->label), "%s %s/%s%s", wl->name, backend, arch,
		 pcp == KMEM_PCP_OFF ? "/nopcp" : "");
	show_progress(st, 0, "booted", false);
	err = wl->run(&ctx, sink);
	/* a workload stopped midway frees what it holds: it is checked as any other */
	status = runner_shutdown(st->label);
	if (err == -EINTR && run_interrupted()) {
		st->step_cut = true;
		return status ?: -EINTR;
	}
	show_progress(st, 1, err || status ? "FAILED" : "done", true);
	return err || status ? RUNNER_EXIT_FAILURE : 0;
}

int runner_run_workload(const struct run_plan *plan, unsigned int item, const char *arch,
			const char *backend, int pcp, struct result_sink *sink,
			const struct timer_calibration *timer)
{
	struct run_state st = { .nr_steps = 1, .quiet = plan->quiet, .start = now_s() };

	return run_one(plan, &st, sink, timer, item, arch, backend, pcp);
}

/*
 * Every combination in order: arch, back end, workload, per-CPU lists on then off. A signal
 * stops it between two steps, each step's rows being whole: what is done is kept.
 */
static int run_all(const struct run_plan *plan, struct run_state *st, struct run_sink *sink,
		   const struct timer_calibration *cal)
{
	int status = 0;

	for (int a = 0; a < kmem_arch_count(); a++) {
		for (int b = 0; b < kmem_backend_count(); b++) {
			if (!(plan->arches & (1ULL << a)) || !(plan->backends & (1ULL << b)))
				continue;
			for (unsigned int w = 0; w < plan->nr_items; w++) {
				const struct workload *wl = plan->items[w].wl;
				int pcps[2] = { wl->pcp_variants ? 1 : plan->env.pcp,
						KMEM_PCP_OFF };

				for (int v = 0; v < (wl->pcp_variants ? 2 : 1); v++) {
					int err;

					if (run_interrupted())
						return status;
					err = run_one(plan, st, &sink->sink, cal, w,
						      kmem_arch_name(a), kmem_backend_name(b),
						      pcps[v]);
					st->step++;
					if (err == RUNNER_EXIT_USAGE)
						return err;
					if (err > 0)
						status = RUNNER_EXIT_FAILURE;
				}
			}
		}
	}
	return status;
}

int runner_run(const struct run_plan *plan)
{
	struct run_sink sink = { .sink.row = sink_row };
	struct run_state st = { .tty = isatty(STDERR_FILENO), .quiet = plan->quiet };
	struct timer_calibration cal;
	struct kmem_info info = { 0 };
	struct csv_table *meta;
	char dir[PATH_MAX], why[256];
	int status = RUNNER_EXIT_FAILURE, sig;

	if (runner_check_params(plan, why, sizeof(why))) {
		fprintf(stderr, PREFIX ": --param: %s\n", why);
		return RUNNER_EXIT_USAGE;
	}
	for (unsigned int w = 0; w < plan->nr_items; w++)
		st.nr_steps += (plan->items[w].wl->pcp_variants ? 2 : 1) *
			       (unsigned int)__builtin_popcountll(plan->backends) *
			       (unsigned int)__builtin_popcountll(plan->arches);
	status = check_boot(plan, &info);
	if (status)
		return status;
	status = RUNNER_EXIT_FAILURE;
	timer_calibrate(&cal, true);
	if (run_interrupt_catch() || run_dir_create(plan->out, dir, sizeof(dir)))
		goto out;
	meta = run_meta_open(dir, &info,
			     &(struct meta_timer){ .source = cal.source,
						   .overhead_ns = cal.overhead_ns,
						   .ticks_per_ns = cal.ticks_per_ns,
						   .resolution_ns = cal.resolution_ns },
			     perf_counters_probe(), plan->seed, plan->argc, plan->argv);
	if (!meta)
		goto out;
	sink.dir = dir;
	if (!plan->quiet)
		fprintf(stderr,
			PREFIX ": %u steps into %s; timer %s, %.1f ns per timing, resolution %.1f "
			       "ns\n",
			st.nr_steps, dir, cal.source, cal.overhead_ns, cal.resolution_ns);
	st.start = now_s();
	status = run_all(plan, &st, &sink, &cal);
	sig = run_interrupted();
	if ((sink_close(&sink) | run_meta_close(meta, sig)) && status != RUNNER_EXIT_USAGE)
		status = RUNNER_EXIT_FAILURE;
	if (sig) {
		tell_interrupt(&st);
		fprintf(stderr, PREFIX ": interrupted by %s after %u of %u steps%s\n",
			run_signal_name(sig), st.step - st.step_cut, st.nr_steps,
			st.step_cut ? ", and part of the next" : "");
		status = 128 + sig;
	}
	if (status != RUNNER_EXIT_USAGE && !plan->quiet)
		fprintf(stderr, PREFIX ": results in %s\n", dir);
out:
	run_interrupt_release();
	return status;
}
