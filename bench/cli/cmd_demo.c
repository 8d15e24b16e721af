// SPDX-License-Identifier: GPL-2.0
/*
 * `kmembench demo`: its command line; the mix itself is workloads/demo.c. With no command,
 * kmembench runs this one.
 */
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>

#include <kmem/kmem.h>
#include <linux/mm.h>

#include "workloads/demo.h"
#include "cli.h"
#include "cmd_demo.h"

#define PROG "kmembench"

struct demo_opts {
	uint64_t backends; /* bit i: kmem_backend_name(i) */
	uint64_t arches;   /* bit i: kmem_arch_name(i) */
	unsigned long long mem_bytes;
	unsigned long ops;
	uint64_t seed;
	struct kmem_config env; /* KMEM_NODES, KMEM_PCP, ... from the environment */
};

/**
 * cmd_demo_help - the help of `kmembench demo`, with every default
 * @out: where to print it
 */
void cmd_demo_help(FILE *out)
{
	fprintf(out,
		"Usage: " PROG
		" demo [--backend LIST] [--arch LIST] [--mem SIZE] [--ops N] [--seed S]\n"
		"\n"
		"For each arch profile and each back end: boot the model, print what it is and "
		"what\n"
		"the direct map got, run a seeded mix of allocations and frees (orders 0-%d, "
		"mostly\n"
		"small; zone modifiers none, GFP_DMA, GFP_DMA32 and, on x86_32, GFP_HIGHUSER; all\n"
		"with __GFP_NOWARN), keeping up to about half of memory allocated, then free "
		"about\n"
		"half of what is live to leave fragmentation, and print the zones, "
		"/proc/buddyinfo\n"
		"and a summary line. Everything is then freed and checked: a page that does not "
		"come\n"
		"back, or a bad page report, makes the exit status 1.\n"
		"\n"
		"Options:\n"
		"  --backend LIST  back ends, comma-separated, or 'all'\n"
		"                  (default: $KMEM_BACKEND if set, else all; see '" PROG " list')\n"
		"  --arch LIST     arch profiles x86_64, x86_32, comma-separated, or 'all'\n"
		"                  (default: $KMEM_ARCH if set, else all)\n"
		"  --mem SIZE      RAM of the model: 6G, 512M, 4096K or bytes\n"
		"                  (default: $KMEM_MEM if set, else the profile's: 6G x86_64, 2G "
		"x86_32)\n"
		"  --ops N         allocate/free operations in the mix (default: %lu)\n"
		"  --seed S        seed of the mix: the same seed gives the same operations\n"
		"                  (default: %d)\n"
		"  -h, --help      this help\n"
		"  --version       the version of kmembench\n"
		"\n"
		"Environment: KMEM_NODES (simulated NUMA nodes, default 1) and KMEM_PCP (0 = no\n"
		"per-CPU page lists, default 1) apply to every boot.\n",
		MAX_PAGE_ORDER, DEMO_OPS, DEMO_SEED);
}

static int demo_parse(int argc, char **argv, struct demo_opts *o)
{
	static const struct option longopts[] = {
		CLI_MODEL_OPTIONS,
		{ "ops", required_argument, NULL, 'o' },
		{ "seed", required_argument, NULL, 's' },
		CLI_END_OPTIONS,
	};
	struct cli_model model = { 0 };
	uint64_t v;
	int c;

	if (kmem_config_from_env(&o->env))
		return EXIT_USAGE;
	o->ops = DEMO_OPS;
	o->seed = DEMO_SEED;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		if (cli_model_option(&model, c, optarg))
			continue;
		switch (c) {
		case 'o':
			if (!cli_parse_u64(optarg, &v) || v == 0 || v > ULONG_MAX)
				return cli_usage_error(
					"demo", "--ops: '%s' is not a positive count", optarg);
			o->ops = (unsigned long)v;
			break;
		case 's':
			if (!cli_parse_u64(optarg, &o->seed))
				return cli_usage_error(
					"demo", "--seed: '%s' is not an unsigned integer", optarg);
			break;
		default:
			return cli_other_option("demo", c, argv, longopts, cmd_demo_help);
		}
	}
	if (optind < argc)
		return cli_usage_error("demo", "unexpected argument '%s'", argv[optind]);

	/* 0 RAM: each profile's own default (6 GiB x86_64, 2 GiB x86_32) */
	return cli_model_resolve("demo", &model, &o->env, "all", &o->backends, &o->arches,
				 &o->mem_bytes);
}

/**
 * cmd_demo - `kmembench demo`: the mix (demo_one()) on each (arch, back end) asked for
 * @argc: argument count, argv[0] being the command's name
 * @argv: the arguments
 *
 * Return: the exit status: 0, 1 when a page did not come back or a bad page was reported, 2 for
 * a bad command line or a value the model refuses.
 */
int cmd_demo(int argc, char **argv)
{
	struct demo_opts o = { 0 };
	int status = 0, err;

	err = demo_parse(argc, argv, &o);
	if (err)
		return err < 0 ? 0 : err;
	for (int a = 0; a < kmem_arch_count(); a++) {
		if (!(o.arches & (1ULL << a)))
			continue;
		for (int b = 0; b < kmem_backend_count(); b++) {
			struct kmem_config cfg = o.env;

			if (!(o.backends & (1ULL << b)))
				continue;
			cfg.backend = kmem_backend_name(b);
			cfg.arch = kmem_arch_name(a);
			cfg.mem_bytes = o.mem_bytes;
			err = demo_one(&cfg, o.ops, o.seed);
			if (err == EXIT_USAGE)
				return err;
			if (err)
				status = err;
		}
	}
	return status;
}
