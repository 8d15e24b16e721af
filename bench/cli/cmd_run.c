// SPDX-License-Identifier: GPL-2.0
/*
 * `kmembench run`: its command line into a run plan, which the runner (workloads/runner.c)
 * runs. Also the workload part of `kmembench list`.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kmem/kmem.h>

#include "workloads/runner.h"
#include "workloads/workload.h"
#include "cli.h"
#include "cmd_run.h"

#define PROG "kmembench"
#define CMD  "run"

/*
 * The plan as the command line builds it: every registered workload is item w of the plan
 * while the options are read, so --param may come before --workload; the ones not selected are
 * dropped at the end
 */
struct run_opts {
	struct run_plan plan;
	uint64_t workloads; /* bit w: workload_get(w) selected */
};

static const char *workload_name(int i)
{
	return workload_get((unsigned int)i)->name;
}

static int cmp_uint(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return (x > y) - (x < y);
}

static int parse_threads(const char *list, struct run_plan *plan)
{
	const char *p = list;

	plan->nr_threads = 0;
	for (;;) {
		size_t len = strcspn(p, ",");
		char item[24];
		uint64_t v;

		snprintf(item, sizeof(item), "%.*s", (int)(len < 23 ? len : 23), p);
		if (!cli_parse_u64(item, &v) || len > 22 || v == 0 || v > RUNNER_MAX_THREADS)
			return cli_usage_error(CMD,
					       "--threads: '%.*s' is not a thread count (1 to %d)",
					       (int)len, p, RUNNER_MAX_THREADS);
		if (plan->nr_threads == RUNNER_MAX_LIST)
			return cli_usage_error(CMD, "--threads: more than %d counts",
					       RUNNER_MAX_LIST);
		plan->threads[plan->nr_threads++] = (unsigned int)v;
		if (!p[len])
			break;
		p += len + 1;
	}
	qsort(plan->threads, plan->nr_threads, sizeof(plan->threads[0]), cmp_uint);
	return 0;
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
	o->plan.items[w].params[pi] = v;
	o->plan.items[w].set |= 1U << pi;
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
		"  --arch LIST      arch profiles x86_64, x86_32, host (this machine), or 'all'\n"
		"                   (x86_64 and x86_32)\n"
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
		RUNNER_SEED);
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
		CLI_END_OPTIONS,
	};
	struct cli_model model = { 0 };
	const char *wls = "all";
	uint64_t v;
	int c, err;

	err = runner_plan_init(&o->plan);
	if (err)
		return err;
	for (unsigned int w = 0; w < workload_count(); w++)
		runner_plan_add(&o->plan, workload_get(w));
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
			o->plan.nr_nodes = (int)v;
			break;
		case 't':
			err = parse_threads(optarg, &o->plan);
			break;
		case 'q':
			o->plan.quick = true;
			break;
		case 's':
			if (!cli_parse_u64(optarg, &o->plan.seed) || o->plan.seed > INT64_MAX)
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
			o->plan.out = optarg;
			break;
		default:
			return cli_other_option(CMD, c, argv, longopts, cmd_run_help);
		}
		if (err)
			return err;
	}
	if (optind < argc)
		return cli_usage_error(CMD, "unexpected argument '%s'", argv[optind]);
	err = cli_model_resolve(CMD, &model, &o->plan.env, "all", &o->plan.backends,
				&o->plan.arches, &o->plan.mem_bytes)
		      ?: cli_parse_name_list(CMD, "--workload", "workload", wls,
					     (int)workload_count(), workload_name, &o->workloads);
	return err;
}

/* Keeps the selected workloads of the plan, in registry order, with their parameters */
static void keep_selected(struct run_opts *o)
{
	unsigned int n = 0;

	for (unsigned int w = 0; w < o->plan.nr_items; w++)
		if (o->workloads & (1ULL << w))
			o->plan.items[n++] = o->plan.items[w];
	o->plan.nr_items = n;
}

/**
 * cmd_run - `kmembench run`: parse the command line into a plan and run it (runner_run())
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
	char **typed = calloc((size_t)argc + 1, sizeof(*typed));
	char why[256];
	int status = RUNNER_EXIT_FAILURE, err;

	if (!o || !typed) {
		fprintf(stderr, PROG " " CMD ": out of memory\n");
		goto out;
	}
	/* the command line as typed, for meta.csv, before getopt_long() reorders it */
	typed[0] = PROG;
	memcpy(typed + 1, argv, (size_t)argc * sizeof(*argv));
	err = run_parse(argc, argv, o);
	if (err) {
		status = err < 0 ? 0 : err;
		goto out;
	}
	keep_selected(o);
	o->plan.argc = argc + 1;
	o->plan.argv = typed;
	if (runner_check_params(&o->plan, why, sizeof(why))) {
		status = cli_usage_error(CMD, "--param: %s", why);
		goto out;
	}
	status = runner_run(&o->plan);
out:
	free(typed);
	free(o);
	return status;
}
