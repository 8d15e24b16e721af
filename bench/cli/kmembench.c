// SPDX-License-Identifier: GPL-2.0
/*
 * kmembench: the command line. One table of subcommands, each with its own options, help and
 * run function; `kmembench` alone, or with options but no command, runs `demo`.
 *
 *	list	the page back ends and arch profiles the library has
 *	demo	for each (arch, back end): boot, run a seeded allocate/free mix, print the
 *		zones and buddyinfo (bench/cli/cmd_demo.c)
 *	replay	replay a kernel allocation trace on each back end (bench/cli/cmd_replay.c)
 *	capture	as root, trace the running kernel's kmem and compaction events while a
 *		command runs, with /proc before and after: a bundle (bench/cli/cmd_capture.c)
 *	check-schema	check a run directory's CSV files against the schema
 *		(results/schema.c)
 *	schema	write the schema, results/SCHEMA.md, from the descriptors (results/schema_doc.c)
 *	compare	compare two run directories, with significance tests (bench/cli/cmd_compare.c)
 *	report	an HTML page of a run directory, with gnuplot's plots (bench/cli/cmd_report.c)
 *	validate	the host profile beside /proc/zoneinfo (bench/cli/cmd_validate.c)
 *	insmod	load a kernel module into the model, run its init and exit, report what it
 *		left (bench/cli/cmd_insmod.c)
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
#include <linux/compiler.h>

#include "cli.h"
#include "cmd_capture.h"
#include "cmd_check_schema.h"
#include "cmd_schema.h"
#include "cmd_compare.h"
#include "cmd_demo.h"
#include "cmd_insmod.h"
#include "cmd_replay.h"
#include "cmd_report.h"
#include "cmd_run.h"
#include "cmd_validate.h"

#define PROG "kmembench"

struct subcommand {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv); /* argv[0] is the command's name */
	void (*help)(FILE *out);
};

static const struct subcommand *find_subcommand(const char *name);

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
		CLI_END_OPTIONS,
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
	{ "demo", "run an allocate/free mix on each back end; print zones and buddyinfo", cmd_demo,
	  cmd_demo_help },
	{ "list", "list the page back ends and arch profiles", list_run, list_help },
	{ "run", "run workloads on back ends and arch profiles; write CSV results", cmd_run,
	  cmd_run_help },
	{ "replay", "replay a kernel allocation trace (tracefs text, .gz) on each back end",
	  cmd_replay, cmd_replay_help },
	{ "capture", "as root: trace the kernel's kmem events while a command runs, into a bundle",
	  cmd_capture, cmd_capture_help },
	{ "check-schema", "check a run directory's CSV files against the schema", cmd_check_schema,
	  cmd_check_schema_help },
	{ "schema", "write the schema of the result files (results/SCHEMA.md)", cmd_schema,
	  cmd_schema_help },
	{ "compare", "compare two run directories: ratios and significance, text or HTML",
	  cmd_compare, cmd_compare_help },
	{ "report", "write an HTML page with plots of a run directory's results", cmd_report,
	  cmd_report_help },
	{ "validate", "boot as this machine (--host) and compare with its /proc/zoneinfo",
	  cmd_validate, cmd_validate_help },
	{ "insmod", "load a kernel module into the model, run its init and exit, report leaks",
	  cmd_insmod, cmd_insmod_help },
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
		"  KMEM_ARCH     arch profiles, as --arch takes them: x86_64, x86_32, host (this\n"
		"                machine: kmembench validate --host), or 'all' (the first two)\n"
		"  KMEM_HOST_PROC  where 'host' is read: a /proc copy or a capture bundle\n"
		"  KMEM_MEM      RAM of the model: 6G, 512M, ...\n"
		"  KMEM_NODES    simulated NUMA nodes (default 1)\n"
		"  KMEM_PCP      per-CPU page lists: 1 (default) or 0\n"
		"  KMEM_PCP_TUNE per-CPU high auto-tuned: 1 (default) or 0 (fixed)\n"
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
