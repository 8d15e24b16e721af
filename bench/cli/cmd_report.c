// SPDX-License-Identifier: GPL-2.0
/*
 * `kmembench report RUN-DIR [-o DIR] [--format F]`: the command line of the page of a run,
 * which plots/report/ writes (report_write()).
 */
#include <errno.h>
#include <getopt.h>
#include <string.h>
#include <sys/stat.h>

#include "plots/report/report.h"
#include "cli.h"
#include "cmd_report.h"

#define CMD "report"

/**
 * cmd_report_help - the help of `kmembench report`
 * @out: where to print it
 */
void cmd_report_help(FILE *out)
{
	fprintf(out,
		"Usage: kmembench report RUN-DIR [-o DIR] [--format svg|png|both]\n"
		"\n"
		"Writes one self-contained HTML page of a run directory (kmembench run or "
		"replay):\n"
		"the machine and build (meta.csv), what could not be measured on this host and "
		"why,\n"
		"which back end leads on each headline metric and by how much, and a section per\n"
		"workload with its plots and a table of its headline figures. A table the run "
		"does\n"
		"not have makes its section say so. The plots are drawn by gnuplot with the "
		"scripts\n"
		"of plots/ (from $KMEM_PLOTS_DIR, the install directory or the source tree); "
		"without\n"
		"gnuplot the page has the tables only. The images sit next to the page, whose "
		"path\n"
		"is printed; gnuplot's messages go to gnuplot.log there.\n"
		"\n"
		"Options:\n"
		"  -o, --out DIR   write into DIR (default: plots/RUN-ID, RUN-ID being the run\n"
		"                  directory's name)\n"
		"  --format F      images as svg, png or both: the page shows the SVG and links\n"
		"                  the PNG (default: both)\n"
		"  -h, --help      this help\n"
		"  --version       the version of kmembench\n"
		"\n"
		"Exit status: 0 the page was written; 1 it could not be, or a plot script failed\n"
		"(the page is written all the same); 2 bad command line.\n");
}

struct report_opts {
	const char *run_dir, *out, *formats;
};

static int parse_opts(int argc, char **argv, struct report_opts *o)
{
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		CLI_END_OPTIONS,
	};
	struct stat st;
	int c;

	o->formats = "svg png";
	while ((c = getopt_long(argc, argv, ":ho:", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o->out = optarg;
			break;
		case 'f':
			if (!strcmp(optarg, "both"))
				o->formats = "svg png";
			else if (!strcmp(optarg, "svg") || !strcmp(optarg, "png"))
				o->formats = optarg;
			else
				return cli_usage_error(
					CMD, "--format: '%s' is not svg, png or both", optarg);
			break;
		default:
			return cli_other_option(CMD, c, argv, longopts, cmd_report_help);
		}
	}
	if (optind == argc)
		return cli_usage_error(CMD, "no RUN-DIR given");
	if (argc - optind > 1)
		return cli_usage_error(CMD, "unexpected argument '%s'", argv[optind + 1]);
	o->run_dir = argv[optind];
	if (stat(o->run_dir, &st))
		return cli_usage_error(CMD, "RUN-DIR: cannot read '%s': %s", o->run_dir,
				       strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return cli_usage_error(CMD, "RUN-DIR: '%s' is not a directory", o->run_dir);
	if (o->out && !*o->out)
		return cli_usage_error(CMD, "--out: an empty directory name");
	return 0;
}

/**
 * cmd_report - `kmembench report RUN-DIR [-o DIR] [--format F]`
 * @argc: arguments, the command's name first
 * @argv: them
 *
 * Return: 0 when the page was written; 1 when it could not be, or a plot script failed; 2 for
 * a bad command line, after one line on stderr.
 */
int cmd_report(int argc, char **argv)
{
	struct report_opts o = { 0 };
	int err;

	err = parse_opts(argc, argv, &o);
	if (err)
		return err < 0 ? 0 : err;
	if (!report_is_run_dir(o.run_dir))
		return cli_usage_error(CMD,
				       "'%s' holds no meta.csv and no result table: not a run "
				       "directory",
				       o.run_dir);
	return report_write(o.run_dir, o.out, o.formats);
}
