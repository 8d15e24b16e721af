// SPDX-License-Identifier: GPL-2.0
/*
 * `kmembench compare RUN-A RUN-B [--alpha A] [--html FILE]`: the command line around
 * workloads/compare.c. The table goes to stdout; --html writes the same as a self-contained page.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../workloads/compare.h"
#include "../workloads/significance.h"
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
		"Usage: kmembench " CMD " RUN-A RUN-B [--alpha A] [--html FILE]\n"
		"\n"
		"Compares two run directories (kmembench run --out, or results/RUN-ID), e.g. "
		"before\n"
		"and after a change to a back end. One row per metric and key (back end, arch,\n"
		"per-CPU lists, size, ...): the figure of A, that of B, the ratio B/A, and a\n"
		"verdict:\n"
		"  latency mean_ns   tested: a two-sided Mann-Whitney U test of A's batch means\n"
		"                    (latency_batches.csv) against B's, as Google Benchmark's\n"
		"                    compare.py tests repetitions; p is its p-value, q the "
		"p-value\n"
		"                    after the Benjamini-Hochberg adjustment over all the tests, "
		"and\n"
		"                    'faster'/'slower' means q <= alpha. p is exact (U's own\n"
		"                    distribution) when no batch mean occurs twice and each run "
		"has\n"
		"                    at most %d batches; otherwise from the normal approximation\n"
		"                    with tie and continuity corrections.\n"
		"  latency p50_ns, p99_ns, replay_summary seconds, tlb ns_per_access,\n"
		"  contention mops, numa local_frac\n"
		"                    ratio only ('n/a'): a run has one value of each\n"
		"  frag_summary success_rate, unusable_index, replay_summary events\n"
		"                    deterministic for a seed: 'same' or 'differs "
		"(deterministic)'\n"
		"Keys found in one run only are listed as 'only in A' or 'only in B'. Tables that\n"
		"neither run has are skipped.\n"
		"\n"
		"Many tests at once: when nothing changed, a share alpha of the tests still has\n"
		"p <= alpha, by chance (of hundreds of latency keys, dozens at %g). The\n"
		"Benjamini-Hochberg adjustment keeps the expected share of false 'faster' and\n"
		"'slower' verdicts at alpha. It is preferred to Holm's, which keeps the chance of\n"
		"any false verdict at alpha but needs p <= alpha / tests for even one, a bar the\n"
		"few batches of a --quick run can never reach, while a change to a back end\n"
		"usually moves many keys at once.\n"
		"Fewer than %d batches a run gives a warning, as compare.py does.\n"
		"\n"
		"Batches are repetitions within one run: a test tells whether two runs differ by\n"
		"more than the noise inside each, which on a busy machine they often do whatever\n"
		"the code (other processes, CPU frequency, where the model's memory lies). "
		"Compare\n"
		"two runs of one build first: what differs there is the machine's doing.\n"
		"\n"
		"Options:\n"
		"  --alpha A    significance level, 0 < A < 1 (default: %g)\n"
		"  --html FILE  also write the comparison as a self-contained HTML page\n"
		"  -h, --help   this help\n"
		"\n"
		"Exit status: 0 when compared, differences or not; 1 when a run directory or one\n"
		"of its files cannot be read (or written: --html); 2 bad command line.\n",
		MWU_EXACT_MAX, COMPARE_ALPHA, COMPARE_OPTIMAL_REPS, COMPARE_ALPHA);
}

/* --html FILE: the page, then closed; 0 or 1 after one line */
static int write_html(const char *path, const struct compare_result *r)
{
	FILE *f = fopen(path, "w");
	int err;

	if (!f) {
		fprintf(stderr, "kmembench " CMD ": cannot create %s: %s\n", path, strerror(errno));
		return 1;
	}
	err = compare_write_html(f, r, true);
	if (fclose(f) || err) {
		fprintf(stderr, "kmembench " CMD ": writing %s failed\n", path);
		return 1;
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
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *html = NULL;
	double alpha = COMPARE_ALPHA;
	struct compare_result *r;
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
		case 'h':
			cmd_compare_help(stdout);
			return 0;
		default:
			return cli_bad_option(CMD, c, argv, longopts);
		}
	}
	if (argc - optind < 2)
		return cli_usage_error(
			CMD, "%s", argc == optind ? "RUN-A and RUN-B missing" : "RUN-B missing");
	if (argc - optind > 2)
		return cli_usage_error(CMD, "unexpected argument '%s'", argv[optind + 2]);
	if (compare_runs(argv[optind], argv[optind + 1], alpha, &r))
		return 1;
	status = compare_write_text(stdout, r) ? 1 : 0;
	if (html)
		status = write_html(html, r) ?: status;
	compare_free(r);
	return status;
}
