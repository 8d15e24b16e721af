// SPDX-License-Identifier: GPL-2.0
/*
 * `kmembench compare`: the Mann-Whitney U test against brute-force enumeration, textbook tables
 * and hand computations; the Benjamini-Hochberg adjustment; the comparison of the hand-made runs
 * of tests/data/compare/ (README.md there says what differs) with themselves and with each
 * other, as text and as HTML; and bad command lines (exit status 2, one line) and unreadable
 * runs (exit status 1).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../bench/cmd_compare.h"
#include "../../workloads/compare.h"
#include "../../workloads/significance.h"
#include "harness.h"

#define DATA_A KMEM_TEST_DATA "/compare/a"
#define DATA_B KMEM_TEST_DATA "/compare/b"

/* |got - want| <= tol * want, printing both on failure */
static void check_rel(double got, double want, double tol, const char *what)
{
	if (!(fabs(got - want) <= tol * fabs(want)))
		FAIL("%s: got %.12g, want %.12g (relative tolerance %g)", what, got, want, tol);
}

/* ---- the U test ---- */

/*
 * Brute force, independent of the Gaussian binomial in significance.c: deal the ranks 0..n-1
 * out to x (the bits of @mask) and y in every possible way, and count the deals whose U is at
 * most @u. Ranks are distinct, so U = pairs (x, y) with x > y.
 */
static unsigned int u_of(unsigned int mask, unsigned int n)
{
	unsigned int u = 0;

	for (unsigned int i = 0; i < n; i++)
		for (unsigned int j = 0; j < i; j++)
			u += (mask >> i & 1) && !(mask >> j & 1);
	return u;
}

TEST(exact_p_equals_enumeration)
{
	static const unsigned int sizes[][2] = { { 3, 3 }, { 4, 6 }, { 5, 5 }, { 2, 7 }, { 1, 4 } };

	for (unsigned int s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		unsigned int n1 = sizes[s][0], n2 = sizes[s][1], n = n1 + n2, deals = 0;
		unsigned int hist[64] = { 0 };

		for (unsigned int mask = 0; mask < 1U << n; mask++) {
			if ((unsigned int)__builtin_popcount(mask) != n1)
				continue;
			hist[u_of(mask, n)]++;
			deals++;
		}
		for (unsigned int mask = 0; mask < 1U << n; mask++) {
			double x[16], y[16], below = 0;
			unsigned int u, low, nx = 0, ny = 0;
			struct mwu_result res;

			if ((unsigned int)__builtin_popcount(mask) != n1)
				continue;
			for (unsigned int i = 0; i < n; i++) {
				if (mask >> i & 1)
					x[nx++] = i;
				else
					y[ny++] = i;
			}
			u = u_of(mask, n);
			low = u < n1 * n2 - u ? u : n1 * n2 - u;
			for (unsigned int k = 0; k <= low; k++)
				below += hist[k];
			ASSERT_EQ(mwu_test(x, n1, y, n2, &res), 0);
			ASSERT_TRUE(res.exact);
			ASSERT_TRUE(res.u == u);
			check_rel(res.p, fmin(1, 2 * below / deals), 1e-12, "exact p");
		}
	}
}

/* @y = 1..n2 and @x placed so that exactly @u pairs (x, y) have x > y, no value twice */
static void samples_with_u(double *x, unsigned int n1, double *y, unsigned int n2, unsigned int u)
{
	for (unsigned int j = 0; j < n2; j++)
		y[j] = j + 1;
	/* x[i] lies above c of the y: the largest x take as many as they can */
	for (unsigned int i = n1; i-- > 0;) {
		unsigned int c = u < n2 ? u : n2;

		x[i] = c + 0.5 + i * 0.001;
		u -= c;
	}
}

/*
 * Critical values of U for a two-sided test at alpha 0.05, as printed in statistics textbooks
 * (e.g. the tables of Siegel & Castellan; n1 = n2 = 20: 127): a U at the critical value has
 * p <= 0.05, one above it p > 0.05. 5 and 5 at U = 2: 8 of the 252 deals lie as far out, p =
 * 8/252.
 */
TEST(exact_p_matches_tables)
{
	static const unsigned int table[][3] = {
		{ 4, 6, 2 }, { 5, 5, 2 }, { 5, 8, 6 }, { 6, 6, 5 }, { 10, 10, 23 }, { 20, 20, 127 },
	};
	double x[32], y[32];
	struct mwu_result res;

	for (unsigned int t = 0; t < sizeof(table) / sizeof(table[0]); t++) {
		unsigned int n1 = table[t][0], n2 = table[t][1], crit = table[t][2];

		samples_with_u(x, n1, y, n2, crit);
		ASSERT_EQ(mwu_test(x, n1, y, n2, &res), 0);
		ASSERT_TRUE(res.exact);
		ASSERT_TRUE(res.u == crit);
		if (!(res.p <= 0.05))
			FAIL("%u, %u: U = %u gives p = %g, above 0.05", n1, n2, crit, res.p);
		samples_with_u(x, n1, y, n2, crit + 1);
		ASSERT_EQ(mwu_test(x, n1, y, n2, &res), 0);
		if (!(res.p > 0.05))
			FAIL("%u, %u: U = %u gives p = %g, not above 0.05", n1, n2, crit + 1,
			     res.p);
	}
	samples_with_u(x, 5, y, 5, 2);
	ASSERT_EQ(mwu_test(x, 5, y, 5, &res), 0);
	check_rel(res.p, 8.0 / 252, 1e-12, "5, 5, U = 2");
	/* B/A the other way round: U of the first sample is n1 n2 - 2, p the same */
	ASSERT_EQ(mwu_test(y, 5, x, 5, &res), 0);
	ASSERT_TRUE(res.u == 23);
	check_rel(res.p, 8.0 / 252, 1e-12, "5, 5, U = 23");
	check_rel(mwu_min_p(5, 5), 2.0 / 252, 1e-12, "mwu_min_p(5, 5)");
	check_rel(mwu_min_p(10, 10), 2.0 / 184756, 1e-12, "mwu_min_p(10, 10)");
	ASSERT_TRUE(mwu_min_p(1, 1) == 1);
}

/*
 * With ties, by hand: x = {1, 2, 2, 3}, y = {2, 3, 4, 4, 5}. Ranked together:
 *
 *	value  1    2    2    2    3    3    4    4    5
 *	from   x    x    x    y    x    y    y    y    y
 *	rank   1    3    3    3   5.5  5.5  7.5  7.5   9
 *
 * R1 = 1 + 3 + 3 + 5.5 = 12.5, U = 12.5 - 4 * 5 / 2 = 2.5; ties of 3, 2 and 2 values:
 * sum(t^3 - t) = 24 + 6 + 6 = 36; variance = 4 * 5 / 12 * (10 - 36 / 72) = 15.8333;
 * z = (|2.5 - 10| - 0.5) / 3.97911 = 1.75918; p = erfc(z / sqrt 2) = 0.078546.
 */
TEST(normal_approximation_with_ties)
{
	const double x[] = { 1, 2, 2, 3 }, y[] = { 2, 3, 4, 4, 5 };
	struct mwu_result res;

	ASSERT_EQ(mwu_test(x, 4, y, 5, &res), 0);
	ASSERT_FALSE(res.exact);
	ASSERT_TRUE(res.u == 2.5);
	check_rel(res.p, 0.078546, 1e-4, "ties, by hand");
}

/*
 * Above MWU_EXACT_MAX values a side: normal. 1..30 against 31..60: U = 0, variance
 * 30 * 30 * 61 / 12 = 4575, z = (450 - 0.5) / 67.6387 = 6.64560, p = 3.01986e-11. At 28 a
 * side the test is still exact: p = 2 / C(56, 28).
 */
TEST(normal_approximation_large)
{
	double x[30], y[30];
	struct mwu_result res;

	for (unsigned int i = 0; i < 30; i++) {
		x[i] = i + 1;
		y[i] = i + 31;
	}
	ASSERT_EQ(mwu_test(x, 30, y, 30, &res), 0);
	ASSERT_FALSE(res.exact);
	ASSERT_TRUE(res.u == 0);
	check_rel(res.p, 3.01986e-11, 1e-4, "30 vs 30, apart");
	for (unsigned int i = 0; i < 28; i++)
		y[i] = i + 29;
	ASSERT_EQ(mwu_test(x, 28, y, 28, &res), 0);
	ASSERT_TRUE(res.exact);
	check_rel(res.p, 2 / 7648690600760440.0, 1e-9, "28 vs 28, apart");
}

TEST(same_values_are_not_significant)
{
	const double x[] = { 5, 1, 4, 2, 3 }, same[] = { 7, 7, 7 };
	struct mwu_result res;

	ASSERT_EQ(mwu_test(x, 5, x, 5, &res), 0);
	ASSERT_TRUE(res.u == 12.5);
	ASSERT_TRUE(res.p == 1);
	ASSERT_EQ(mwu_test(same, 3, same, 3, &res), 0);
	ASSERT_TRUE(res.p == 1);
}

TEST(bad_samples)
{
	const double x[] = { 1, NAN };
	struct mwu_result res;

	ASSERT_EQ(mwu_test(x, 0, x, 1, &res), -EINVAL);
	ASSERT_EQ(mwu_test(x, 2, x, 1, &res), -EINVAL);
}

/*
 * Benjamini-Hochberg by hand: p sorted 0.005, 0.01, 0.03, 0.04 give n p / rank = 0.02, 0.02,
 * 0.04, 0.04, already non-decreasing. R's p.adjust(c(.01, .02, .03, .04, .05), "BH") is 0.05
 * five times.
 */
TEST(benjamini_hochberg)
{
	double p[] = { 0.01, 0.04, 0.03, 0.005 }, q[4];
	const double want[] = { 0.02, 0.04, 0.04, 0.02 };
	double r[] = { 0.01, 0.02, 0.03, 0.04, 0.05 };

	ASSERT_EQ(bh_adjust(p, q, 4), 0);
	for (int i = 0; i < 4; i++)
		check_rel(q[i], want[i], 1e-12, "q");
	ASSERT_EQ(bh_adjust(r, r, 5), 0);
	for (int i = 0; i < 5; i++)
		check_rel(r[i], 0.05, 1e-12, "q in place");
	ASSERT_EQ(bh_adjust(p, q, 0), 0);
}

/* ---- comparing runs ---- */

static const struct compare_row *row_of(const struct compare_result *r, const char *column,
					const char *key)
{
	for (unsigned int i = 0; i < r->nr_rows; i++)
		if (!strcmp(r->rows[i].column, column) && !strcmp(r->rows[i].key, key))
			return &r->rows[i];
	FAIL("no row %s / %s", column, key);
}

static const char *text_of(const struct compare_result *r, bool html)
{
	static char *buf;
	size_t size;
	FILE *f;

	free(buf);
	f = open_memstream(&buf, &size);
	ASSERT_NOT_NULL(f);
	ASSERT_EQ(html ? compare_write_html(f, r, true) : compare_write_text(f, r), 0);
	fclose(f);
	return buf;
}

TEST(run_with_itself)
{
	struct compare_result *r;

	ASSERT_EQ(compare_runs(DATA_A, DATA_A, COMPARE_ALPHA, &r), 0);
	for (unsigned int i = 0; i < r->nr_rows; i++) {
		enum compare_verdict v = r->rows[i].verdict;

		if (v != CMP_NOT_SIGNIFICANT && v != CMP_SAME && v != CMP_RATIO_ONLY)
			FAIL("%s %s: verdict %d", r->rows[i].column, r->rows[i].key, v);
		ASSERT_TRUE(r->rows[i].a == r->rows[i].b);
	}
	/* 5 latency keys, 3 metrics each; frag 2 x 2; tlb 2; contention of A lacks its metric */
	ASSERT_EQ(r->compared, 21);
	ASSERT_EQ(r->tested, 5);
	ASSERT_EQ(r->faster + r->slower + r->raw_significant + r->differ, 0);
	ASSERT_EQ(r->deterministic, 4);
	ASSERT_EQ(r->only[0] + r->only[1], 0);
	ASSERT_CONTAINS(text_of(r, false), "0 faster and 0 slower");
	compare_free(r);
}

TEST(known_different_runs)
{
	struct compare_result *r;
	const struct compare_row *row;
	const char *text;

	ASSERT_EQ(compare_runs(DATA_A, DATA_B, COMPARE_ALPHA, &r), 0);
	row = row_of(r, "mean_ns", "buddy x86_64 pcp=1 pages size=4096 alloc");
	ASSERT_EQ(row->verdict, CMP_SLOWER);
	check_rel(row->p, 2.0 / 252, 1e-12, "p");
	/* 3 tests, p sorted 2/252, 2/252, 0.69: q = 3/2 * 2/252 */
	check_rel(row->q, 3.0 / 252, 1e-12, "q");
	check_rel(row->b / row->a, 152.0 / 102, 1e-12, "B/A");
	ASSERT_EQ(row_of(r, "mean_ns", "buddy x86_64 pcp=1 kmalloc size=64 alloc")->verdict,
		  CMP_FASTER);
	ASSERT_EQ(row_of(r, "mean_ns", "buddy x86_64 pcp=1 pages size=4096 free")->verdict,
		  CMP_NOT_SIGNIFICANT);
	row = row_of(r, "mean_ns", "buddy x86_64 pcp=1 kmalloc size=64 free");
	ASSERT_EQ(row->verdict, CMP_FEW_REPS);
	ASSERT_EQ(row->nb, 1); /* the batch that timed nothing is no repetition */
	ASSERT_EQ(row_of(r, "p99_ns", "buddy x86_64 pcp=1 pages size=4096 alloc")->verdict,
		  CMP_RATIO_ONLY);
	ASSERT_EQ(row_of(r, "p50_ns", "buddy x86_64 pcp=1 vmalloc size=4096 alloc")->verdict,
		  CMP_ONLY_A);
	ASSERT_EQ(row_of(r, "mean_ns", "buddy x86_64 pcp=1 vmalloc size=16384 alloc")->verdict,
		  CMP_ONLY_B);
	ASSERT_EQ(row_of(r, "success_rate", "buddy x86_64 pcp=1 movable_freed order=9")->verdict, CMP_DIFFERS);
	ASSERT_EQ(row_of(r, "unusable_index", "buddy x86_64 pcp=1 movable_freed order=9")->verdict, CMP_SAME);
	ASSERT_EQ(row_of(r, "success_rate", "bitmap x86_64 pcp=1 movable_freed order=9")->verdict,
		  CMP_OTHER_SEED);
	row = row_of(r, "ns_per_access", "buddy x86_64 direct ws_bytes=4096");
	ASSERT_EQ(row->verdict, CMP_RATIO_ONLY);
	ASSERT_TRUE(row->a == 10); /* not the 99 of the row that repeats the key */
	ASSERT_EQ(row_of(r, "local_frac", "buddy x86_64 local cpu_node=1 target_node=-1")->verdict, CMP_ONLY_B);
	ASSERT_EQ(r->compared, 18);
	ASSERT_EQ(r->tested, 3);
	ASSERT_EQ(r->faster, 1);
	ASSERT_EQ(r->slower, 1);
	ASSERT_EQ(r->differ, 1);
	ASSERT_EQ(r->only[0], 3);
	ASSERT_EQ(r->only[1], 5);

	text = text_of(r, false);
	ASSERT_CONTAINS(text, "B: " DATA_B " (commit 2222222");
	ASSERT_CONTAINS(text, "1.490  0.0079  0.012  slower\n");
	ASSERT_CONTAINS(text, "n/a (5 vs 1 batches)");
	ASSERT_CONTAINS(text, "differs (deterministic)");
	ASSERT_CONTAINS(text, "contention.csv of A has no column 'mops': not compared");
	ASSERT_CONTAINS(text, "replay_summary.csv of A has no column 'per_cpu': not compared");
	ASSERT_CONTAINS(text, "tlb.csv of A: 1 rows with a key already met");
	ASSERT_NOT_CONTAINS(text, "replay_summary seconds");
	ASSERT_CONTAINS(text, "1 faster and 1 slower");
	ASSERT_CONTAINS(text, "Warning: 3 tests have fewer than 9 batches");

	text = text_of(r, true);
	ASSERT_CONTAINS(text, "<!DOCTYPE html>");
	ASSERT_CONTAINS(text, "<td class=\"text\">buddy x86_64 vm&lt;alloc&gt; &amp; &quot;x&quot; "
			      "ws_bytes=4096</td>");
	ASSERT_NOT_CONTAINS(text, "vm<alloc>");
	ASSERT_CONTAINS(text, "<tr class=\"slower\">");
	ASSERT_CONTAINS(text, "no column &#39;mops&#39;");
	compare_free(r);

	/* a stricter alpha: q = 3/252 = 0.0119 is no longer enough */
	ASSERT_EQ(compare_runs(DATA_A, DATA_B, 0.01, &r), 0);
	ASSERT_EQ(r->faster + r->slower, 0);
	compare_free(r);
}

/* ---- the command line ---- */

static int status;
static char *const *cli_argv;

/* Runs `kmembench compare ARGV...` with stdout into /dev/null */
static void run_cli(void *arg)
{
	int saved = dup(STDOUT_FILENO), null = open("/dev/null", O_WRONLY);
	int argc = 0;

	(void)arg;
	while (cli_argv[argc])
		argc++;
	fflush(stdout);
	dup2(null, STDOUT_FILENO);
	status = cmd_compare(argc, (char **)cli_argv);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	close(null);
}

static const char *cli(char *const *argv)
{
	cli_argv = argv;
	return harness_capture(run_cli, NULL);
}

TEST(bad_command_lines)
{
	static char *const bad[][6] = {
		{ "compare", NULL },
		{ "compare", DATA_A, NULL },
		{ "compare", DATA_A, DATA_B, DATA_A, NULL },
		{ "compare", "--alpha", "0", DATA_A, DATA_B, NULL },
		{ "compare", "--alpha", "1.5", DATA_A, DATA_B, NULL },
		{ "compare", "--alpha", "x", DATA_A, DATA_B, NULL },
		{ "compare", "--alpha", NULL },
		{ "compare", "--html", "", DATA_A, DATA_B, NULL },
		{ "compare", "--bogus", DATA_A, DATA_B, NULL },
		{ "compare", "--help=1", NULL },
	};

	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *err = cli(bad[i]);

		if (status != 2 || harness_count_lines(err) != 1)
			FAIL("case %u (%s): status %d, stderr:\n%s", i, bad[i][1] ?: "", status,
			     err);
		ASSERT_CONTAINS(err, "kmembench compare: ");
	}
}

TEST(unreadable_runs)
{
	static char *const missing[] = { "compare", DATA_A, "/nonexistent/run", NULL };
	static char *const not_run[] = { "compare", KMEM_TEST_DATA, DATA_B, NULL };
	char dir[] = "/tmp/kmem-compare-XXXXXX", path[64], html[64];
	char *broken[] = { "compare", DATA_A, dir, NULL };
	char *good[] = { "compare", "--html", html, DATA_A, DATA_B, NULL };
	const char *err;
	FILE *f;

	err = cli(missing);
	ASSERT_EQ(status, 1);
	ASSERT_EQ(harness_count_lines(err), 1);
	ASSERT_CONTAINS(err, "/nonexistent/run: No such file or directory");
	err = cli(not_run);
	ASSERT_EQ(status, 1);
	ASSERT_CONTAINS(err, "not a run directory");

	/* a latency.csv whose second row lacks a field: its file and line named */
	ASSERT_NOT_NULL(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/latency.csv", dir);
	f = fopen(path, "w");
	ASSERT_NOT_NULL(f);
	fputs("backend,arch,pcp,kind,size,op,mean_ns\r\nbuddy,x86_64,1,pages,4096,alloc,1\r\n"
	      "buddy,x86_64,1,pages,4096,free\r\n",
	      f);
	fclose(f);
	err = cli(broken);
	ASSERT_EQ(status, 1);
	ASSERT_EQ(harness_count_lines(err), 1);
	ASSERT_CONTAINS(err, "latency.csv:3: 6 fields, the header has 7");
	/* and a field that is not a number */
	f = fopen(path, "w");
	ASSERT_NOT_NULL(f);
	fputs("backend,arch,pcp,kind,size,op,mean_ns,p50_ns,p99_ns\r\n"
	      "buddy,x86_64,1,pages,4096,alloc,fast,1,1\r\n",
	      f);
	fclose(f);
	err = cli(broken);
	ASSERT_EQ(status, 1);
	ASSERT_CONTAINS(err, "latency.csv:2: column mean_ns: 'fast' is not a number");
	unlink(path);

	/* --html into the directory: a page; into a missing directory: status 1 */
	snprintf(html, sizeof(html), "%s/cmp.html", dir);
	err = cli(good);
	ASSERT_EQ(status, 0);
	ASSERT_STREQ(err, "");
	ASSERT_EQ(access(html, R_OK), 0);
	unlink(html);
	rmdir(dir);
	err = cli(good);
	ASSERT_EQ(status, 1);
	ASSERT_CONTAINS(err, "cannot create");
}
