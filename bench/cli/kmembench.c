// SPDX-License-Identifier: GPL-2.0
/*
 * kmembench: the command line. One table of subcommands, each with its own options, help and
 * run function; `kmembench` alone, or with options but no command, runs `demo`.
 *
 *	list	the page back ends and arch profiles the library has
 *	demo	for each (arch, back end): boot, run a seeded allocate/free mix, print the
 *		zones and buddyinfo
 *	replay	replay a kernel allocation trace on each back end (bench/cli/cmd_replay.c)
 *	check-schema	check a run directory's CSV files against the schema
 *		(results/schema.c)
 *	schema	write the schema, results/SCHEMA.md, from the descriptors (results/schema_doc.c)
 *	compare	compare two run directories, with significance tests (bench/cli/cmd_compare.c)
 *	report	an HTML page of a run directory, with gnuplot's plots (bench/cli/cmd_report.c)
 *
 * Exit status: 0 on success, 1 when the model misbehaves (pages lost, bad page reports) or the
 * host refuses, 2 for a bad command line or configuration, after one line on stderr naming it.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/mm.h>

#include "cli.h"
#include "cmd_check_schema.h"
#include "cmd_schema.h"
#include "cmd_compare.h"
#include "cmd_replay.h"
#include "cmd_report.h"
#include "cmd_run.h"

#define PROG "kmembench"

struct subcommand {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv); /* argv[0] is the command's name */
	void (*help)(FILE *out);
};

static const struct subcommand *find_subcommand(const char *name);

/* ---------------------------------------------------------------------------------------- */
/* Command-line helpers */

/* "256 MiB", "4 KiB", "1.5 GiB" */
static const char *format_bytes(unsigned long long bytes, char *buf, size_t size)
{
	static const char *const units[] = { "bytes", "KiB", "MiB", "GiB", "TiB" };
	unsigned int u = 0;
	double v = (double)bytes;

	while (v >= 1024 && u + 1 < ARRAY_SIZE(units)) {
		v /= 1024;
		u++;
	}
	if (v == (double)(unsigned long long)v)
		snprintf(buf, size, "%llu %s", (unsigned long long)v, units[u]);
	else
		snprintf(buf, size, "%.1f %s", v, units[u]);
	return buf;
}

/* ---------------------------------------------------------------------------------------- */
/* list */

static void list_help(FILE *out)
{
	fprintf(out,
		"Usage: " PROG " list\n"
		"\n"
		"Lists the page back ends (for --backend or KMEM_BACKEND) with a summary of each,\n"
		"and the arch profiles (for --arch or KMEM_ARCH).\n"
		"\n"
		"Options:\n"
		"  -h, --help  this help\n"
		"  --version   the version of kmembench\n");
}

static int list_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		CLI_VERSION_OPTION,
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		if (c == 'h')
			list_help(stdout);
		else if (c == 'V')
			cli_version(stdout);
		else
			return cli_bad_option("list", c, argv, longopts);
		return 0;
	}
	if (optind < argc)
		return cli_usage_error("list", "unexpected argument '%s'", argv[optind]);

	printf("Page back ends (--backend, KMEM_BACKEND; the first is the default):\n");
	for (int i = 0; i < kmem_backend_count(); i++)
		printf("  %-10s %s\n", kmem_backend_name(i), kmem_backend_summary(i));
	printf("\nArch profiles (--arch, KMEM_ARCH; the first is the default):\n");
	for (int i = 0; i < kmem_arch_count(); i++)
		printf("  %s\n", kmem_arch_name(i));
	printf("\nWorkloads (kmembench run --workload):\n");
	cmd_list_workloads(stdout);
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* demo */

#define DEMO_OPS     20000UL
#define DEMO_SEED    1
#define DEMO_FREE_PC 30 /* chance in percent that an operation frees while under the limit */

struct demo_opts {
	uint64_t backends; /* bit i: kmem_backend_name(i) */
	uint64_t arches;   /* bit i: kmem_arch_name(i) */
	unsigned long long mem_bytes;
	unsigned long ops;
	uint64_t seed;
	struct kmem_config env; /* KMEM_NODES, KMEM_PCP, ... from the environment */
};

struct live_block {
	struct page *page;
	unsigned int order;
};

struct demo_mix {
	uint64_t rng;
	struct live_block *live; /* [min(ops, nr_pages)]: each block is an op and a page */
	unsigned long nr_live, live_pages;
	unsigned long allocs, failed, frees;
};

static void demo_help(FILE *out)
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
		{ "help", no_argument, NULL, 'h' },
		CLI_VERSION_OPTION,
		{ NULL, 0, NULL, 0 },
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
		case 'h':
			demo_help(stdout);
			return -1;
		case 'V':
			cli_version(stdout);
			return -1;
		default:
			return cli_bad_option("demo", c, argv, longopts);
		}
	}
	if (optind < argc)
		return cli_usage_error("demo", "unexpected argument '%s'", argv[optind]);

	/* 0 RAM: each profile's own default (6 GiB x86_64, 2 GiB x86_32) */
	return cli_model_resolve("demo", &model, &o->env, "all", &o->backends, &o->arches,
				 &o->mem_bytes);
}

/* splitmix64: small, fast, and every seed (0 included) gives a good stream */
static uint64_t mix_random(struct demo_mix *m)
{
	uint64_t z = (m->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Order k with probability about 2^-(k+1): half the requests are single pages */
static unsigned int mix_order(struct demo_mix *m)
{
	return (unsigned int)__builtin_ctzll(mix_random(m) | (1ULL << MAX_PAGE_ORDER));
}

static gfp_t mix_gfp(struct demo_mix *m, bool highmem_profile)
{
	unsigned int r = (unsigned int)(mix_random(m) % 100);

	if (r < 5)
		return GFP_KERNEL | GFP_DMA | __GFP_NOWARN;
	if (r < 20)
		return GFP_KERNEL | GFP_DMA32 | __GFP_NOWARN;
	if (highmem_profile && r < 40)
		return GFP_HIGHUSER | __GFP_NOWARN;
	return GFP_KERNEL | __GFP_NOWARN;
}

static void mix_free(struct demo_mix *m, unsigned long i)
{
	struct live_block *b = &m->live[i];

	__free_pages(b->page, b->order);
	m->live_pages -= 1UL << b->order;
	m->frees++;
	*b = m->live[--m->nr_live];
}

static void mix_alloc(struct demo_mix *m, bool highmem_profile)
{
	unsigned int order = mix_order(m);
	struct page *page = alloc_pages(mix_gfp(m, highmem_profile), order);

	m->allocs++;
	if (!page) {
		m->failed++;
		return;
	}
	m->live[m->nr_live++] = (struct live_block){ page, order };
	m->live_pages += 1UL << order;
}

/*
 * Allocates while under @limit pages live (freeing a random block now and then), frees a random
 * block when over it; then frees a random half of what is live, so that the free memory is left
 * in pieces of every size.
 */
static void mix_run(struct demo_mix *m, unsigned long ops, unsigned long limit,
		    bool highmem_profile)
{
	for (unsigned long op = 0; op < ops; op++) {
		bool do_free = m->nr_live &&
			       (m->live_pages >= limit || mix_random(m) % 100 < DEMO_FREE_PC);

		if (do_free)
			mix_free(m, mix_random(m) % m->nr_live);
		else
			mix_alloc(m, highmem_profile);
	}
	for (unsigned long i = m->nr_live; i-- > 0;)
		if (mix_random(m) & 1)
			mix_free(m, i);
}

static unsigned long managed_pages(int nr_nodes)
{
	struct kmem_zone_stats st;
	unsigned long sum = 0;

	for (int nid = 0; nid < nr_nodes; nid++)
		for (int z = 0; z < KMEM_NR_ZONES; z++)
			if (!kmem_zone_stats(nid, z, &st) && st.populated)
				sum += st.managed;
	return sum;
}

static void print_header(const struct kmem_info *info)
{
	char mem[32], pg[32];

	printf("=== %s on %s: %s (%lu pages), %d node%s%s, %d CPU%s, per-CPU lists %s\n",
	       info->backend, info->arch, format_bytes(info->mem_bytes, mem, sizeof(mem)),
	       info->nr_pages, info->nr_nodes, info->nr_nodes == 1 ? "" : "s",
	       info->numa_simulated ? " (simulated)" : "", info->nr_cpus,
	       info->nr_cpus == 1 ? "" : "s", info->pcp ? "on" : "off");
	printf("    direct map: %s (%s pages)%s%s\n", info->direct_map_kind,
	       format_bytes(info->direct_map_page_size, pg, sizeof(pg)),
	       info->direct_map_note[0] ? "; " : "", info->direct_map_note);
	printf("    NUMA: %s\n", info->numa);
}

/* One (arch, back end): boot, mix, print, free everything and check it all came back */
static int demo_one(const struct demo_opts *o, const char *arch, const char *backend)
{
	struct kmem_config cfg = o->env;
	struct demo_mix m = { .rng = o->seed };
	struct kmem_info info;
	unsigned long free_at_boot, managed;
	int err, status = 0;

	cfg.backend = backend;
	cfg.arch = arch;
	cfg.mem_bytes = o->mem_bytes;
	err = kmem_boot(&cfg);
	if (err)
		return err == -EINVAL ? EXIT_USAGE : EXIT_FAILURE;
	/* the same CPU, hence node and per-CPU list, every run: the seed decides all the rest */
	if (kmem_thread_enter(0)) {
		fprintf(stderr, PROG ": kmem_thread_enter(0) failed\n");
		kmem_shutdown();
		return EXIT_FAILURE;
	}
	kmem_get_info(&info);
	print_header(&info);

	free_at_boot = nr_free_pages();
	managed = managed_pages(info.nr_nodes);
	m.live = calloc(o->ops < info.nr_pages ? o->ops : info.nr_pages, sizeof(*m.live));
	if (!m.live) {
		fprintf(stderr, PROG ": out of memory for the live set of %lu operations\n",
			o->ops);
		kmem_shutdown();
		return EXIT_FAILURE;
	}
	mix_run(&m, o->ops, free_at_boot / 2, !strcmp(arch, "x86_32"));

	printf("\n");
	kmem_print_zones(stdout);
	printf("\n");
	kmem_print_buddyinfo(stdout);
	printf("\nmix: %lu allocs (%lu failed), %lu frees, %lu free pages of %lu\n\n", m.allocs,
	       m.failed, m.frees, nr_free_pages(), managed);
	fflush(stdout);

	while (m.nr_live)
		mix_free(&m, m.nr_live - 1);
	free(m.live);
	if (nr_free_pages() != free_at_boot) {
		fprintf(stderr,
			PROG ": %s on %s: %lu free pages after freeing everything, %lu at boot\n",
			backend, arch, nr_free_pages(), free_at_boot);
		status = EXIT_FAILURE;
	}
	if (kmem_bad_page_count()) {
		fprintf(stderr, PROG ": %s on %s: %lu bad page reports\n", backend, arch,
			kmem_bad_page_count());
		status = EXIT_FAILURE;
	}
	kmem_shutdown();
	return status;
}

static int demo_run(int argc, char **argv)
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
			if (!(o.backends & (1ULL << b)))
				continue;
			err = demo_one(&o, kmem_arch_name(a), kmem_backend_name(b));
			if (err == EXIT_USAGE)
				return err;
			if (err)
				status = err;
		}
	}
	return status;
}

/* ---------------------------------------------------------------------------------------- */
/* help, and the table */

static void main_help(FILE *out);

static int help_run(int argc, char **argv)
{
	const struct subcommand *sc;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		main_help(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		cli_version(stdout);
		return 0;
	}
	if (argc > 2)
		return cli_usage_error("help", "unexpected argument '%s'", argv[2]);
	sc = find_subcommand(argv[1]);
	if (!sc)
		return cli_usage_error("help", "unknown command '%s'", argv[1]);
	sc->help(stdout);
	return 0;
}

static void help_help(FILE *out)
{
	fprintf(out, "Usage: " PROG " help [COMMAND]\n"
		     "\n"
		     "Shows the overview, or the help of COMMAND; '" PROG " help --version' (and\n"
		     "'" PROG " --version', 'COMMAND --version') the version of kmembench.\n");
}

static const struct subcommand subcommands[] = {
	{ "demo", "run an allocate/free mix on each back end; print zones and buddyinfo", demo_run,
	  demo_help },
	{ "list", "list the page back ends and arch profiles", list_run, list_help },
	{ "run", "run workloads on back ends and arch profiles; write CSV results", cmd_run,
	  cmd_run_help },
	{ "replay", "replay a kernel allocation trace (tracefs text, .gz) on each back end",
	  cmd_replay, cmd_replay_help },
	{ "check-schema", "check a run directory's CSV files against the schema", cmd_check_schema,
	  cmd_check_schema_help },
	{ "schema", "write the schema of the result files (results/SCHEMA.md)", cmd_schema,
	  cmd_schema_help },
	{ "compare", "compare two run directories: ratios and significance, text or HTML",
	  cmd_compare, cmd_compare_help },
	{ "report", "write an HTML page with plots of a run directory's results", cmd_report,
	  cmd_report_help },
	{ "help", "show this help, or a command's: " PROG " help demo", help_run, help_help },
};

#define DEFAULT_SUBCOMMAND (&subcommands[0])

static const struct subcommand *find_subcommand(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(subcommands); i++)
		if (!strcmp(subcommands[i].name, name))
			return &subcommands[i];
	return NULL;
}

static void main_help(FILE *out)
{
	fprintf(out,
		"Usage: " PROG " [COMMAND] [OPTIONS]\n"
		"\n"
		"kmembench models the Linux kernel's physical page allocator in user space and\n"
		"measures interchangeable page back ends under it.\n"
		"\n"
		"Commands:\n");
	for (size_t i = 0; i < ARRAY_SIZE(subcommands); i++)
		fprintf(out, "  %-12s %s\n", subcommands[i].name, subcommands[i].summary);
	fprintf(out,
		"\n"
		"Without a command (options alone included) " PROG " runs '%s'.\n"
		"'" PROG " COMMAND --help' shows a command's options and defaults;\n"
		"'" PROG " --version' (or 'COMMAND --version') the version of kmembench.\n"
		"\n"
		"Environment (read at every boot; command-line options take precedence):\n"
		"  KMEM_BACKEND  back ends, as --backend takes them: comma-separated, or 'all'\n"
		"                (default: all; see '" PROG " list')\n"
		"  KMEM_ARCH     arch profiles, as --arch takes them: x86_64, x86_32, or 'all'\n"
		"  KMEM_MEM      RAM of the model: 6G, 512M, ...\n"
		"  KMEM_NODES    simulated NUMA nodes (default 1)\n"
		"  KMEM_PCP      per-CPU page lists: 1 (default) or 0\n"
		"\n"
		"Exit status: 0 success, 1 the model failed a check, 2 bad command line or "
		"value.\n",
		DEFAULT_SUBCOMMAND->name);
}

int main(int argc, char **argv)
{
	const struct subcommand *sc = DEFAULT_SUBCOMMAND;

	opterr = 0;
	if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		main_help(stdout);
		return 0;
	}
	if (argc >= 2 && !strcmp(argv[1], "--version")) {
		cli_version(stdout);
		return 0;
	}
	if (argc >= 2 && argv[1][0] != '-') {
		sc = find_subcommand(argv[1]);
		if (!sc) {
			fprintf(stderr, PROG ": unknown command '%s' (see '" PROG " --help')\n",
				argv[1]);
			return EXIT_USAGE;
		}
		argc--;
		argv++;
	}
	/* getopt_long() reports options as if the command were argv[0] */
	argv[0] = (char *)sc->name;
	return sc->run(argc, argv);
}
