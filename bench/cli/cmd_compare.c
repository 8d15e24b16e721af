// SPDX-License-Identifier: GPL-2.0
/*
 * `kmembench compare RUN-A[,RUN-A2...] RUN-B[,RUN-B2...] [--alpha A] [--html FILE]`: the command
 * line around plots/compare/. The table goes to stdout; --html writes the same as a
 * self-contained page.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plots/compare/compare.h"
#include "plots/compare/significance.h"
#include "cli.h"
#include "cmd_compare.h"

#define CMD "compare"

/**
 * cmd_compare_help - the help of `kmembench compare`
 * @out: where to print it
 */
void cmd_compare_help(FILE *out)
{
	fprintf(out,
		"Usage: kmembench " CMD " RUN-A[,RUN-A2...] RUN-B[,RUN-B2...] [--alpha A]\n"
		"                         [--html FILE]\n"
		"\n"
		"Compares two run directories (kmembench run --out, or results/RUN-ID), e.g. "
		"before\n"
		"and after a change to a back end, or two sets of runs, each of one build and\n"
		"configuration, given as comma-separated lists. One row per metric and key (back\n"
		"end, arch, per-CPU lists, size, ...): the figure of A, that of B, the ratio B/A,\n"
		"and a verdict.\n"
		"\n"
		"With one run a side, from the tables' descriptors:\n"
		"  tested: a two-sided Mann-Whitney U test of A's batch means (the table's\n"
		"  batches, latency_batches.csv) against B's, as Google Benchmark's compare.py\n"
		"  tests repetitions; p is its p-value, q the p-value after the\n"
		"  Benjamini-Hochberg adjustment over all the tests, and 'faster'/'slower' means\n"
		"  q <= alpha. p is exact (U's own distribution) when no value occurs twice and\n"
		"  each side has at most %d values; otherwise from the normal approximation with\n"
		"  tie and continuity corrections.\n",
		MWU_EXACT_MAX);
	compare_list_metrics(out, COMPARE_TESTED, "                    ");
	fprintf(out, "  ratio only ('n/a'): a run has one value of each\n");
	compare_list_metrics(out, COMPARE_RATIO, "                    ");
	fprintf(out, "  deterministic for a seed: 'same' or 'differs (deterministic)'\n");
	compare_list_metrics(out, COMPARE_DETERMINISTIC, "                    ");
	fprintf(out,
		"With several runs on a side, the unit is the run: every metric that is not\n"
		"deterministic (latency mean_ns from latency.csv, p50_ns, p99_ns, ...) is tested\n"
		"by the U test of A's runs' figures against B's (exact, ties or not, up to %d\n"
		"runs a side), A and B showing the medians.\n"
		"For mops and local_frac, 'faster' means higher. A deterministic figure is\n"
		"'same' only when every run of both sides agrees, and runs of one side that\n"
		"disagree with one seed are listed. A key some runs lack is compared over the\n"
		"runs that have it, its verdict saying how many ('(3 vs 4 runs)').\n"
		"Keys found on one side only are listed as 'only in A' or 'only in B'. Tables\n"
		"that no run has are skipped.\n"
		"\n"
		"Many tests at once: when nothing changed, a share alpha of the tests still has\n"
		"p <= alpha, by chance (of hundreds of latency keys, dozens at %g). The\n"
		"Benjamini-Hochberg adjustment keeps the expected share of false 'faster' and\n"
		"'slower' verdicts at alpha. It is preferred to Holm's, which keeps the chance of\n"
		"any false verdict at alpha but needs p <= alpha / tests for even one, a bar the\n"
		"few batches of a --quick run can never reach, while a change to a back end\n"
		"usually moves many keys at once.\n"
		"Fewer than %d repetitions a side gives a warning, as compare.py does.\n"
		"\n"
		"Batches are repetitions within one run: a test tells whether two runs differ by\n"
		"more than the noise inside each, which on a busy machine they often do whatever\n"
		"the code (other processes, CPU frequency, where the model's memory lies). "
		"Compare\n"
		"several runs a side instead, run alternately (A1, B1, A2, B2, ...):\n"
		"  kmembench compare A1,A2,A3,A4 B1,B2,B3,B4\n"
		"3 against 3 runs can give no p-value below 0.1, so no verdict; 4 against 4 can\n"
		"give 0.029, enough when many keys move together; more runs find smaller and\n"
		"fewer differences.\n"
		"\n"
		"Options:\n"
		"  --alpha A    significance level, 0 < A < 1 (default: %g)\n"
		"  --html FILE  also write the comparison as a self-contained HTML page\n"
		"  -h, --help   this help\n"
		"  --version    the version of kmembench\n"
		"\n"
		"Exit status: 0 when compared, differences or not; 1 when a run directory or one\n"
		"of its files cannot be read (or written: --html); 2 bad command line (an empty\n"
		"name in a list, a run listed twice on a side).\n",
		MWU_EXACT_MAX, COMPARE_ALPHA, COMPARE_OPTIMAL_REPS, COMPARE_ALPHA);
}

/* One side of the command line: its runs' directories, pointing into @buf */
struct runs_arg {
	char *buf;
	const char **dir;
	unsigned int nr;
};

/*
 * A side's argument, @what being "RUN-A" or "RUN-B": a run directory, or several separated by
 * commas (a directory whose name has a comma cannot be given). An empty name is refused rather
 * than skipped, as "a,,b" is more likely a typing error than meant; so is a run listed twice,
 * which would count one run as two repetitions. Returns 0, EXIT_USAGE after one line, or 1
 * when out of memory.
 */
static int parse_runs(const char *what, const char *arg, struct runs_arg *ra)
{
	char *next;

	ra->nr = 1;
	for (const char *p = arg; *p; p++)
		ra->nr += *p == ',';
	ra->buf = strdup(arg);
	ra->dir = calloc(ra->nr, sizeof(*ra->dir));
	if (!ra->buf || !ra->dir) {
		fprintf(stderr, "kmembench " CMD ": out of memory\n");
		return 1;
	}
	next = ra->buf;
	for (unsigned int j = 0; j < ra->nr; j++) {
		ra->dir[j] = strsep(&next, ",");
		if (!*ra->dir[j])
			return cli_usage_error(CMD, "%s: empty run directory name in '%s'", what,
					       arg);
		for (unsigned int k = 0; k < j; k++)
			if (!strcmp(ra->dir[k], ra->dir[j]))
				return cli_usage_error(CMD, "%s: '%s' listed twice", what,
						       ra->dir[j]);
	}
	return 0;
}

/**
 * cmd_compare - `kmembench compare`: parse the command line, compare, print, write the page
 * @argc: argument count, argv[0] being the command's name
 * @argv: the arguments
 *
 * Return: the exit status: 0, 1 when a file cannot be read or written, 2 for a bad command line
 * (after one line on stderr).
 */
int cmd_compare(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "alpha", required_argument, NULL, 'a' },
		{ "html", required_argument, NULL, 'H' },
		CLI_END_OPTIONS,
	};
	const char *html = NULL;
	double alpha = COMPARE_ALPHA;
	struct runs_arg run[2] = { { 0 } };
	struct compare_result *r = NULL;
	char *end;
	int c, status;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			alpha = strtod(optarg, &end);
			if (!*optarg || *end || !(alpha > 0 && alpha < 1))
				return cli_usage_error(
					CMD, "--alpha: '%s' is not a number between 0 and 1",
					optarg);
			break;
		case 'H':
			if (!*optarg)
				return cli_usage_error(CMD, "--html: empty file name");
			html = optarg;
			break;
		default:
			status = cli_other_option(CMD, c, argv, longopts, cmd_compare_help);
			return status < 0 ? 0 : status;
		}
	}
	if (argc - optind < 2)
		return cli_usage_error(
			CMD, "%s", argc == optind ? "RUN-A and RUN-B missing" : "RUN-B missing");
	if (argc - optind > 2)
		return cli_usage_error(CMD, "unexpected argument '%s'", argv[optind + 2]);
	status = parse_runs("RUN-A", argv[optind], &run[0])
			 ?: parse_runs("RUN-B", argv[optind + 1], &run[1]);
	if (!status && compare_runs(run[0].dir, run[0].nr, run[1].dir, run[1].nr, alpha, &r))
		status = 1;
	if (!status)
		status = compare_write_text(stdout, r) ? 1 : 0;
	if (r && html && compare_write_html_file(html, r))
		status = 1;
	compare_free(r);
	for (int s = 0; s < 2; s++) {
		free(run[s].buf);
		free(run[s].dir);
	}
	return status;
}
