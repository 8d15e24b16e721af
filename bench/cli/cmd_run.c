// SPDX-License-Identifier: GPL-2.0
/*
 * `kmembench run`: the cross product of arch profiles, back ends and workloads (and, for
 * workloads that ask for it, per-CPU lists on and off), one freshly booted model per
 * combination, every row into the CSV files of one run directory. Also the workload part of
 * `kmembench list`.
 *
 * Progress goes to stderr: on a terminal one line rewritten in place (what runs, how far, time
 * elapsed, an estimate of the time left from the fraction done so far), otherwise one plain line
 * per finished combination, so logs stay readable.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <kmem/kmem.h>
#include <linux/compiler.h>

#include "results/csv.h"
#include "results/meta.h"
#include "results/rundir.h"
#include "workloads/measure/perf_counters.h"
#include "workloads/measure/timer.h"
#include "workloads/workload.h"
#include "cli.h"
#include "cmd_run.h"

#define PROG	      "kmembench"
#define CMD	      "run"
#define RUN_SEED      1
#define MAX_WORKLOADS 64
#define MAX_THREADS   1024
#define MAX_LIST      32
#define MAX_TABLES    64

struct run_opts {
	uint64_t backends, arches, workloads; /* bit i: the i-th name */
	unsigned long long mem_bytes;	      /* 0: each workload's own */
	int nr_nodes;
	bool quick;
	uint64_t seed;
	const char *out; /* NULL: a new directory under results/ */
	unsigned int threads[MAX_LIST];
	unsigned int nr_threads;
	/* --param overrides: set[w] bit p = params[w][p] given */
	uint64_t params[MAX_WORKLOADS][WORKLOAD_MAX_PARAMS];
	uint32_t set[MAX_WORKLOADS];
	struct kmem_config env;
	int argc;
	char **argv;
};

/* What the progress callback needs to know about the run as a whole */
struct run_state {
	unsigned int step, nr_steps;
	double start;
	bool tty;
	char label[96];
	const char *dir;
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

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static const char *workload_name(int i)
{
	return workload_get((unsigned int)i)->name;
}

static int cmp_uint(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return (x > y) - (x < y);
}

static int parse_threads(const char *list, struct run_opts *o)
{
	const char *p = list;

	o->nr_threads = 0;
	for (;;) {
		size_t len = strcspn(p, ",");
		char item[24];
		uint64_t v;

		snprintf(item, sizeof(item), "%.*s", (int)(len < 23 ? len : 23), p);
		if (!cli_parse_u64(item, &v) || len > 22 || v == 0 || v > MAX_THREADS)
			return cli_usage_error(CMD,
					       "--threads: '%.*s' is not a thread count (1 to %d)",
					       (int)len, p, MAX_THREADS);
		if (o->nr_threads == MAX_LIST)
			return cli_usage_error(CMD, "--threads: more than %d counts", MAX_LIST);
		o->threads[o->nr_threads++] = (unsigned int)v;
		if (!p[len])
			break;
		p += len + 1;
	}
	qsort(o->threads, o->nr_threads, sizeof(o->threads[0]), cmp_uint);
	return 0;
}

/* 1, 2, 4, ... up to twice the host's CPUs, which is always the last */
static void default_threads(struct run_opts *o)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned int max = cpus > 0 && cpus < MAX_THREADS / 2 ? (unsigned int)cpus * 2 : 2;

	o->nr_threads = 0;
	for (unsigned int t = 1; t < max && o->nr_threads < MAX_LIST - 1; t *= 2)
		o->threads[o->nr_threads++] = t;
	o->threads[o->nr_threads++] = max;
}

/* WORKLOAD.NAME=VALUE */
static int parse_param(const char *arg, struct run_opts *o)
{
	const char *dot = strchr(arg, '.'), *eq = strchr(arg, '=');
	const struct workload_param *p;
	char wname[32], pname[32], known[512];
	unsigned int w;
	size_t n = 0;
	int pi;
	uint64_t v;

	if (!dot || !eq || eq < dot || dot - arg >= 32 || eq - dot - 1 >= 32)
		return cli_usage_error(CMD, "--param: '%s' is not WORKLOAD.NAME=VALUE", arg);
	snprintf(wname, sizeof(wname), "%.*s", (int)(dot - arg), arg);
	snprintf(pname, sizeof(pname), "%.*s", (int)(eq - dot - 1), dot + 1);
	for (w = 0; w < workload_count(); w++)
		if (!strcmp(workload_get(w)->name, wname))
			break;
	/* the names known, in the message: cli_usage_error() already points to the help */
	if (w == workload_count()) {
		for (unsigned int i = 0; i < workload_count() && n < sizeof(known); i++)
			n += (size_t)snprintf(known + n, sizeof(known) - n, "%s%s", i ? ", " : "",
					      workload_get(i)->name);
		return cli_usage_error(CMD, "--param: unknown workload '%s' (known: %s)", wname,
				       known);
	}
	pi = workload_param_index(workload_get(w), pname);
	if (pi < 0) {
		for (unsigned int i = 0; i < workload_get(w)->nr_params && n < sizeof(known); i++)
			n += (size_t)snprintf(known + n, sizeof(known) - n, "%s%s", i ? ", " : "",
					      workload_get(w)->params[i].name);
		return cli_usage_error(CMD,
				       "--param: workload %s has no parameter '%s' (known: %s)",
				       wname, pname, known);
	}
	p = &workload_get(w)->params[pi];
	if (!cli_parse_u64(eq + 1, &v) || v < p->min || v > p->max)
		return cli_usage_error(
			CMD, "--param: %s.%s: '%s' is not an integer from %llu to %llu", wname,
			pname, eq + 1, (unsigned long long)p->min, (unsigned long long)p->max);
	o->params[w][pi] = v;
	o->set[w] |= 1U << pi;
	return 0;
}

/**
 * cmd_run_help - the help of `kmembench run`, with every default
 * @out: where to print it
 */
void cmd_run_help(FILE *out)
{
	fprintf(out,
		"Usage: " PROG " " CMD
		" [--backend LIST] [--arch LIST] [--workload LIST] [--mem SIZE]\n"
		"           [--nodes N] [--threads LIST] [--quick] [--seed S] [--param W.P=V]\n"
		"           [--out DIR]\n"
		"\n"
		"Runs every workload on every (arch profile, back end): one freshly booted model\n"
		"per combination, the calling thread on CPU 0; workloads that compare per-CPU "
		"lists\n"
		"run once with and once without. Rows go to one CSV file per table in the run\n"
		"directory (documented in results/SCHEMA.md), progress to stderr.\n"
		"\n"
		"Options:\n"
		"  --backend LIST   back ends, comma-separated, or 'all'\n"
		"                   (default: $KMEM_BACKEND if set, else all)\n"
		"  --arch LIST      arch profiles x86_64, x86_32, or 'all'\n"
		"                   (default: $KMEM_ARCH if set, else all)\n"
		"  --workload LIST  workloads, comma-separated, or 'all' (default: all)\n"
		"  --mem SIZE       RAM of the model: 6G, 512M, 4096K or bytes\n"
		"                   (default: $KMEM_MEM if set, else each workload's own, see "
		"list)\n"
		"  --nodes N        simulated NUMA nodes, 1 to 64 (default: $KMEM_NODES, else 1);\n"
		"                   a workload that needs more boots its minimum (see list)\n"
		"  --threads LIST   thread counts for threaded workloads, comma-separated\n"
		"                   (default: 1, 2, 4, ... up to twice the host's CPUs; counts\n"
		"                   above the host's CPUs are oversubscribed and time-slice)\n"
		"  --quick          smoke-test sizes: each parameter's quick value\n"
		"  --seed S         seed of every random choice; the same seed gives the same\n"
		"                   non-timing figures (default: %d)\n"
		"  --param W.P=V    set parameter P of workload W to V (repeatable; see list)\n"
		"  --out DIR        run directory, created if missing\n"
		"                   (default: a new results/YYYYmmdd-HHMMSS-XXXX)\n"
		"  -h, --help       this help\n"
		"  --version        the version of kmembench\n"
		"\n"
		"Workloads and their parameters (default, quick):\n",
		RUN_SEED);
	cmd_list_workloads(out);
	fprintf(out, "\nExit status: 0 success, 1 the model failed a check or a file could not be\n"
		     "written, 2 bad command line or value, 130 (SIGINT) or 143 (SIGTERM) when\n"
		     "interrupted: the steps done are kept and meta.csv says 'interrupted'.\n");
}

/**
 * cmd_list_workloads - the workloads, their help and parameters, for `kmembench list`
 * @out: where to print them
 */
void cmd_list_workloads(FILE *out)
{
	for (unsigned int w = 0; w < workload_count(); w++) {
		const struct workload *wl = workload_get(w);

		fprintf(out, "  %-11s %s\n", wl->name, wl->help);
		fprintf(out, "  %-11s (boots %llu MiB unless --mem", "", wl->mem_bytes >> 20);
		if (wl->min_nodes > 1)
			fprintf(out, ", at least %u nodes", wl->min_nodes);
		fprintf(out, "%s)\n", wl->pcp_variants ? "; per-CPU lists on and off" : "");
		for (unsigned int i = 0; i < wl->nr_params; i++) {
			const struct workload_param *p = &wl->params[i];

			fprintf(out, "    %-14s %s (%s; default %llu, quick %llu)\n", p->name,
				p->help, p->unit, (unsigned long long)p->def,
				(unsigned long long)p->quick);
		}
	}
}

static int run_parse(int argc, char **argv, struct run_opts *o)
{
	static const struct option longopts[] = {
		CLI_MODEL_OPTIONS,
		{ "workload", required_argument, NULL, 'w' },
		{ "nodes", required_argument, NULL, 'n' },
		{ "threads", required_argument, NULL, 't' },
		{ "quick", no_argument, NULL, 'q' },
		{ "seed", required_argument, NULL, 's' },
		{ "param", required_argument, NULL, 'p' },
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		CLI_VERSION_OPTION,
		{ NULL, 0, NULL, 0 },
	};
	struct cli_model model = { 0 };
	const char *wls = "all";
	uint64_t v;
	int c, err;

	if (kmem_config_from_env(&o->env))
		return EXIT_USAGE;
	o->nr_nodes = o->env.nr_nodes;
	o->seed = RUN_SEED;
	default_threads(o);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		err = 0;
		if (cli_model_option(&model, c, optarg))
			continue;
		switch (c) {
		case 'w':
			wls = optarg;
			break;
		case 'n':
			if (!cli_parse_u64(optarg, &v) || v < 1 || v > 64)
				return cli_usage_error(
					CMD, "--nodes: '%s' is not a node count (1 to 64)", optarg);
			o->nr_nodes = (int)v;
			break;
		case 't':
			err = parse_threads(optarg, o);
			break;
		case 'q':
			o->quick = true;
			break;
		case 's':
			if (!cli_parse_u64(optarg, &o->seed) || o->seed > INT64_MAX)
				return cli_usage_error(
					CMD, "--seed: '%s' is not an integer from 0 to %lld",
					optarg, (long long)INT64_MAX);
			break;
		case 'p':
			err = parse_param(optarg, o);
			break;
		case 'o':
			if (!*optarg)
				return cli_usage_error(CMD, "--out: empty directory name");
			o->out = optarg;
			break;
		case 'h':
			cmd_run_help(stdout);
			return -1;
		case 'V':
			cli_version(stdout);
			return -1;
		default:
			return cli_bad_option(CMD, c, argv, longopts);
		}
		if (err)
			return err;
	}
	if (optind < argc)
		return cli_usage_error(CMD, "unexpected argument '%s'", argv[optind]);
	err = cli_model_resolve(CMD, &model, &o->env, "all", &o->backends, &o->arches,
				&o->mem_bytes)
		      ?: cli_parse_name_list(CMD, "--workload", "workload", wls,
					     (int)workload_count(), workload_name, &o->workloads);
	return err;
}

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
			fprintf(stderr, PROG " " CMD ": %s: too many tables or columns\n", t->file);
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

	if (!st->tty && !finished)
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
			"%s" PROG " " CMD ": %s: stopping, the rows done are kept (again: at once, "
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

/* Workload @w's parameters: --param, else the quick or the default value */
static void resolve_params(const struct run_opts *o, unsigned int w,
			   uint64_t params[WORKLOAD_MAX_PARAMS])
{
	const struct workload *wl = workload_get(w);

	for (unsigned int i = 0; i < wl->nr_params; i++)
		params[i] = o->set[w] & (1U << i) ? o->params[w][i]
			    : o->quick		  ? wl->params[i].quick
						  : wl->params[i].def;
}

/* Each selected workload's own check of its parameters together: a usage error, before boot */
static int check_params(const struct run_opts *o)
{
	for (unsigned int w = 0; w < workload_count(); w++) {
		const struct workload *wl = workload_get(w);
		uint64_t params[WORKLOAD_MAX_PARAMS];
		char buf[160];
		const char *why;

		if (!(o->workloads & (1ULL << w)) || !wl->check)
			continue;
		resolve_params(o, w, params);
		why = wl->check(params, buf, sizeof(buf));
		if (why)
			return cli_usage_error(CMD, "--param: %s: %s", wl->name, why);
	}
	return 0;
}

/* The model workload @w runs on, on one (arch, back end, per-CPU lists) */
static struct kmem_config combo_config(const struct run_opts *o, unsigned int w, const char *arch,
				       const char *backend, int pcp)
{
	const struct workload *wl = workload_get(w);
	struct kmem_config cfg = o->env;

	cfg.backend = backend;
	cfg.arch = arch;
	cfg.mem_bytes = o->mem_bytes ?: wl->mem_bytes;
	/* 0 nodes means the default, one node: a workload's minimum of 0 or 1 changes nothing */
	cfg.nr_nodes = o->nr_nodes > (int)wl->min_nodes ? o->nr_nodes : (int)wl->min_nodes;
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
static int check_boot(const struct run_opts *o, struct kmem_info *info)
{
	struct kmem_config seen[MAX_WORKLOADS * 2];
	unsigned int nr_seen = 0;

	if (!o->backends)
		return 0;
	for (int a = 0; a < kmem_arch_count(); a++) {
		if (!(o->arches & (1ULL << a)))
			continue;
		for (unsigned int w = 0; w < workload_count(); w++) {
			struct kmem_config cfg;
			unsigned int i;
			int err;

			if (!(o->workloads & (1ULL << w)))
				continue;
			cfg = combo_config(o, w, kmem_arch_name(a),
					   kmem_backend_name(__builtin_ctzll(o->backends)),
					   o->env.pcp);
			for (i = 0; i < nr_seen; i++)
				if (!strcmp(seen[i].arch, cfg.arch) &&
				    seen[i].mem_bytes == cfg.mem_bytes &&
				    seen[i].nr_nodes == cfg.nr_nodes)
					break;
			if (i < nr_seen)
				continue;
			err = kmem_boot(&cfg);
			if (err)
				return err == -EINVAL ? EXIT_USAGE : EXIT_FAILURE;
			if (!nr_seen)
				kmem_get_info(info);
			kmem_shutdown();
			if (nr_seen < ARRAY_SIZE(seen))
				seen[nr_seen++] = cfg;
		}
	}
	return 0;
}

/* Boot one combination, run the workload, check the model, shut it down */
static int run_one(const struct run_opts *o, struct run_state *st, struct run_sink *sink,
		   const struct timer_calibration *cal, unsigned int w, const char *arch,
		   const char *backend, int pcp)
{
	const struct workload *wl = workload_get(w);
	struct kmem_config cfg = combo_config(o, w, arch, backend, pcp);
	struct workload_ctx ctx = {
		.wl = wl,
		.timer = cal,
		.seed = o->seed,
		.quick = o->quick,
		.threads = o->threads,
		.nr_threads = o->nr_threads,
		.progress = progress_cb,
		.runner = st,
	};
	struct kmem_info info;
	int err;

	resolve_params(o, w, ctx.params);
	err = kmem_boot(&cfg);
	if (err)
		return err == -EINVAL ? EXIT_USAGE : EXIT_FAILURE;
	if (kmem_thread_enter(0)) {
		fprintf(stderr, PROG " " CMD ": kmem_thread_enter(0) failed\n");
		kmem_shutdown();
		return EXIT_FAILURE;
	}
	kmem_get_info(&info);
	ctx.info = &info;
	snprintf(st->label, sizeof(st->label), "%s %s/%s%s", wl->name, backend, arch,
		 pcp == KMEM_PCP_OFF ? "/nopcp" : "");
	show_progress(st, 0, "booted", false);
	err = wl->run(&ctx, &sink->sink);
	if (!err && kmem_bad_page_count()) {
		fprintf(stderr, PROG " " CMD ": %s: %lu bad page reports\n", st->label,
			kmem_bad_page_count());
		err = 1;
	}
	kmem_shutdown();
	if (err == -EINTR && run_interrupted()) {
		st->step_cut = true;
		return 0;
	}
	show_progress(st, 1, err ? "FAILED" : "done", true);
	return err ? EXIT_FAILURE : 0;
}

/*
 * Every combination in order: arch, back end, workload, per-CPU lists on then off. A signal
 * stops it between two steps, each step's rows being whole: what is done is kept.
 */
static int run_all(const struct run_opts *o, struct run_state *st, struct run_sink *sink,
		   const struct timer_calibration *cal)
{
	int status = 0;

	for (int a = 0; a < kmem_arch_count(); a++) {
		for (int b = 0; b < kmem_backend_count(); b++) {
			if (!(o->arches & (1ULL << a)) || !(o->backends & (1ULL << b)))
				continue;
			for (unsigned int w = 0; w < workload_count(); w++) {
				const struct workload *wl = workload_get(w);
				int pcps[2] = { wl->pcp_variants ? 1 : o->env.pcp, KMEM_PCP_OFF };

				if (!(o->workloads & (1ULL << w)))
					continue;
				for (int v = 0; v < (wl->pcp_variants ? 2 : 1); v++) {
					int err;

					if (run_interrupted())
						return status;
					err = run_one(o, st, sink, cal, w, kmem_arch_name(a),
						      kmem_backend_name(b), pcps[v]);

					st->step++;
					if (err == EXIT_USAGE)
						return err;
					if (err)
						status = EXIT_FAILURE;
				}
			}
		}
	}
	return status;
}

/**
 * cmd_run - `kmembench run`: parse the command line, run every combination, write the results
 * @argc: argument count, argv[0] being the command's name
 * @argv: the arguments
 *
 * Return: the exit status: 0, 1 when a combination failed or a file could not be written, 2 for
 * a bad command line or a value the model refuses (after one line on stderr, the run directory
 * untouched), 128 + the signal when SIGINT or SIGTERM stopped it (the steps done are kept).
 */
int cmd_run(int argc, char **argv)
{
	struct run_opts *o = calloc(1, sizeof(*o));
	struct run_sink sink = { .sink.row = sink_row };
	struct run_state st = { .tty = isatty(STDERR_FILENO) };
	struct timer_calibration cal;
	struct kmem_info info = { 0 };
	struct csv_table *meta;
	char dir[PATH_MAX];
	int status = EXIT_FAILURE, err, sig;

	if (o)
		o->argv = calloc((size_t)argc + 1, sizeof(*o->argv));
	if (!o || !o->argv) {
		fprintf(stderr, PROG " " CMD ": out of memory\n");
		goto out;
	}
	/* the command line as typed, for meta.csv, before getopt_long() reorders it */
	o->argc = argc + 1;
	o->argv[0] = PROG;
	memcpy(o->argv + 1, argv, (size_t)argc * sizeof(*argv));
	err = run_parse(argc, argv, o) ?: check_params(o);
	if (err) {
		status = err < 0 ? 0 : err;
		goto out;
	}
	for (unsigned int w = 0; w < workload_count(); w++)
		if (o->workloads & (1ULL << w))
			st.nr_steps += (workload_get(w)->pcp_variants ? 2 : 1) *
				       (unsigned int)__builtin_popcountll(o->backends) *
				       (unsigned int)__builtin_popcountll(o->arches);
	err = check_boot(o, &info);
	if (err) {
		status = err;
		goto out;
	}
	timer_calibrate(&cal, true);
	if (run_interrupt_catch() || run_dir_create(o->out, dir, sizeof(dir)))
		goto out;
	meta = run_meta_open(dir, &info,
			     &(struct meta_timer){ .source = cal.source,
						   .overhead_ns = cal.overhead_ns,
						   .ticks_per_ns = cal.ticks_per_ns,
						   .resolution_ns = cal.resolution_ns },
			     perf_counters_probe(), o->seed, o->argc, o->argv);
	if (!meta)
		goto out;
	sink.dir = dir;
	st.dir = dir;
	fprintf(stderr,
		PROG " " CMD
		     ": %u steps into %s; timer %s, %.1f ns per timing, resolution %.1f ns\n",
		st.nr_steps, dir, cal.source, cal.overhead_ns, cal.resolution_ns);
	st.start = now_s();
	status = run_all(o, &st, &sink, &cal);
	sig = run_interrupted();
	if ((sink_close(&sink) | run_meta_close(meta, sig)) && status != EXIT_USAGE)
		status = EXIT_FAILURE;
	if (sig) {
		tell_interrupt(&st);
		fprintf(stderr, PROG " " CMD ": interrupted by %s after %u of %u steps%s\n",
			run_signal_name(sig), st.step - st.step_cut, st.nr_steps,
			st.step_cut ? ", and part of the next" : "");
		status = 128 + sig;
	}
	if (status != EXIT_USAGE)
		fprintf(stderr, PROG " " CMD ": results in %s\n", dir);
out:
	run_interrupt_release();
	if (o)
		free(o->argv);
	free(o);
	return status;
}
