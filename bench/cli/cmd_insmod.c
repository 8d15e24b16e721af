// SPDX-License-Identifier: GPL-2.0
/*
 * `kmembench insmod MODULE.so [param=value ...]`: its command line, into a plan; the run itself
 * is workloads/insmod.c.
 */
#include <getopt.h>
#include <stdio.h>

#include <kmem/kmem.h>

#include "workloads/insmod.h"
#include "cli.h"
#include "cmd_insmod.h"

#define PROG "kmembench"

/**
 * cmd_insmod_help - the help of `kmembench insmod`, with every default
 * @out: where to print it
 */
void cmd_insmod_help(FILE *out)
{
	fprintf(out,
		"Usage: " PROG
		" insmod MODULE.so [PARAM=VALUE ...] [--backend LIST] [--arch LIST]\n"
		"                       [--mem SIZE]\n"
		"\n"
		"Loads a kernel module, a shared object built against the kernel headers of\n"
		"kmembench (cmake/KmemModule.cmake: kmem_add_module(NAME SOURCES ...)), into the\n"
		"model, as insmod loads a .ko: for each arch profile and each back end, boot the\n"
		"model, load the module with its parameters, run its init and, when init returned\n"
		"0, its exit (rmmod), then report on stdout:\n"
		"  parameters  each parameter's value, as /sys/module/NAME/parameters shows it\n"
		"  init        its return value; insmod's error line on stderr when negative\n"
		"  exit        ran, or why not (a module with init and no exit cannot be removed)\n"
		"  leaked      what is left against the model right after boot: pages (once the\n"
		"              per-CPU lists are drained and the slabs shrunk), active objects "
		"per\n"
		"              slab cache, vmalloc areas\n"
		"  reports     bad page reports, slab errors, WARNings, and arguments ignored\n"
		"              for naming no parameter (the kernel warns and ignores them)\n"
		"A crash in the module (SIGSEGV, SIGBUS, SIGFPE, SIGILL) or BUG() is reported as\n"
		"\"BUG: NAME crashed: SIGSEGV at ADDR in init\" with where it was; each "
		"combination\n"
		"runs in a process of its own, so the others still run.\n"
		"\n"
		"PARAM=VALUE arguments are joined and parsed as the kernel parses a module's\n"
		"(names with - or _ alike, \"double quotes\" around spaces, a bool given by name\n"
		"alone is set). A refused value fails the load, as in the kernel.\n"
		"\n"
		"Options:\n"
		"  --backend LIST  back ends, comma-separated, or 'all'\n"
		"                  (default: $KMEM_BACKEND if set, else all; see '" PROG " list')\n"
		"  --arch LIST     arch profiles x86_64, x86_32, comma-separated, or 'all'\n"
		"                  (default: $KMEM_ARCH if set, else all)\n"
		"  --mem SIZE      RAM of the model: 6G, 512M, 4096K or bytes\n"
		"                  (default: $KMEM_MEM if set, else the profile's: 6G x86_64, 2G "
		"x86_32)\n"
		"  -h, --help      this help\n"
		"  --version       the version of kmembench\n"
		"\n"
		"Exit status: 0 when on every combination init returned 0 and nothing leaked or\n"
		"was reported; 1 otherwise (a file that is no module, a module without init, a\n"
		"refused argument, a crash included); 2 for a bad command line.\n");
}

/**
 * cmd_insmod - `kmembench insmod`: the module on each (arch, back end) asked for
 * @argc: argument count, argv[0] being the command's name
 * @argv: the arguments
 *
 * Return: the exit status, as the help says.
 */
int cmd_insmod(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_MODEL_OPTIONS,
		CLI_END_OPTIONS,
	};
	struct insmod_plan plan = { 0 };
	struct cli_model model = { 0 };
	int c, err;

	if (kmem_config_from_env(&plan.env))
		return EXIT_USAGE;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		if (cli_model_option(&model, c, optarg))
			continue;
		err = cli_other_option("insmod", c, argv, longopts, cmd_insmod_help);
		return err < 0 ? 0 : err;
	}
	if (optind == argc)
		return cli_usage_error("insmod", "a MODULE.so is needed");
	plan.path = argv[optind];
	plan.argc = argc - optind - 1;
	plan.argv = argv + optind + 1;
	err = cli_model_resolve("insmod", &model, &plan.env, "all", &plan.backends, &plan.arches,
				&plan.mem_bytes);
	if (err)
		return err;
	return insmod_run(&plan);
}
