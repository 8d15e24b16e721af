// SPDX-License-Identifier: GPL-2.0
/*
 * `kmembench compare`: the Mann-Whitney U test against brute-force enumeration, textbook tables
 * and hand computations; the Benjamini-Hochberg adjustment; the comparison of the hand-made runs
 * of tests/data/compare/ (README.md there says what differs) with themselves and with each
 * other, as text and as HTML, one run a side (batches as the unit) and four, three or one
 * (runs as the unit); bad command lines (exit status 2, one line) and unreadable runs (exit
 * status 1); and that what the descriptors say of their tables for compare and the report names
 * columns those tables have.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/cli/cmd_compare.h"
#include "plots/compare/compare.h"
#include "plots/compare/significance.h"
#include "workloads/present.h"
#include "workloads/workload.h"
#include "harness.h"

#define DATA_A KMEM_TEST_DATA "/compare/a"
#define DATA_B KMEM_TEST_DATA "/compare/b"
#define RUNS   KMEM_TEST_DATA "/compare/runs/"
#define RUNS_A RUNS "a1," RUNS "a2," RUNS "a3," RUNS "a4"
#define RUNS_B RUNS "b1," RUNS "b2," RUNS "b3," RUNS "b4"

static const char *const runs_a[] = { RUNS "a1", RUNS "a2", RUNS "a3", RUNS "a4" };
static const char *const runs_b[] = { RUNS "b1", RUNS "b2", RUNS "b3", RUNS "b4" };

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
			/* without ties, the test that allows them gives the same */
			ASSERT_EQ(mwu_test_exact(x, n1, y, n2, &res), 0);
			ASSERT_TRUE(res.u == u);
			check_rel(res.p, fmin(1, 2 * below / deals), 1e-12,
				  "exact p, ties allowed");
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

/* U of @x against @y by its definition: pairs with x > y, a tie counting one half */
static double u_by_pairs(const double *x, unsigned int n1, const double *y, unsigned int n2)
{
	double u = 0;

	for (unsigned int i = 0; i < n1; i++)
		for (unsigned int j = 0; j < n2; j++)
			u += x[i] > y[j] ? 1 : x[i] == y[j] ? 0.5 : 0;
	return u;
}

/*
 * The exact test with ties against brute force: every way to deal the pooled values out to
 * samples of n1 and n2, U of each by counting pairs, p = 2 min(P(U' <= U), P(U' >= U)). Three
 * at 10 against three at 20 is the case the normal approximation gets wrong: it says 0.047,
 * below alpha, where only 2 of the 20 deals lie as far apart (p = 0.1); four against four,
 * 2/70 exactly, not its 0.013.
 */
TEST(exact_p_with_ties)
{
	static const struct {
		unsigned int n1, n2;
		double v[9]; /* x, then y */
	} cases[] = {
		{ 4, 5, { 1, 2, 2, 3, 2, 3, 4, 4, 5 } },
		{ 3, 3, { 10, 10, 10, 20, 20, 20 } },
		{ 4, 4, { 10, 10, 10, 10, 20, 20, 20, 20 } },
		{ 4, 4, { 20, 20, 30, 30, 30, 30, 30, 40 } },
		{ 3, 4, { 5, 5, 5, 5, 5, 5, 5 } },
		{ 2, 6, { 7, 1, 1, 7, 3, 3, 3, 9 } },
	};
	struct mwu_result res;

	for (unsigned int c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		unsigned int n1 = cases[c].n1, n2 = cases[c].n2, n = n1 + n2;
		const double *v = cases[c].v;
		double u = u_by_pairs(v, n1, v + n1, n2), below = 0, above = 0, deals = 0;

		for (unsigned int mask = 0; mask < 1U << n; mask++) {
			double x[9], y[9], du;
			unsigned int nx = 0, ny = 0;

			if ((unsigned int)__builtin_popcount(mask) != n1)
				continue;
			for (unsigned int i = 0; i < n; i++) {
				if (mask >> i & 1)
					x[nx++] = v[i];
				else
					y[ny++] = v[i];
			}
			du = u_by_pairs(x, n1, y, n2);
			below += du <= u;
			above += du >= u;
			deals++;
		}
		ASSERT_EQ(mwu_test_exact(v, n1, v + n1, n2, &res), 0);
		ASSERT_TRUE(res.exact);
		ASSERT_TRUE(res.u == u);
		check_rel(res.p, fmin(1, 2 * fmin(below, above) / deals), 1e-12, "exact p, ties");
	}
	ASSERT_EQ(mwu_test_exact(cases[1].v, 3, cases[1].v + 3, 3, &res), 0);
	check_rel(res.p, 0.1, 1e-12, "3 tied against 3 tied");
	ASSERT_EQ(mwu_test(cases[1].v, 3, cases[1].v + 3, 3, &res), 0);
	ASSERT_TRUE(res.p < 0.05);
	ASSERT_EQ(mwu_test_exact(cases[2].v, 4, cases[2].v + 4, 4, &res), 0);
	check_rel(res.p, 2.0 / 70, 1e-12, "4 tied against 4 tied");
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
	const double x[] = { 1, NAN }, many[MWU_EXACT_MAX + 1] = { 0 };
	struct mwu_result res;

	ASSERT_EQ(mwu_test(x, 0, x, 1, &res), -EINVAL);
	ASSERT_EQ(mwu_test(x, 2, x, 1, &res), -EINVAL);
	ASSERT_EQ(mwu_test_exact(x, 0, x, 1, &res), -EINVAL);
	ASSERT_EQ(mwu_test_exact(x, 2, x, 1, &res), -EINVAL);
	ASSERT_EQ(mwu_test_exact(many, MWU_EXACT_MAX + 1, x, 1, &res), -EINVAL);
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

/* The line above or below the table holding @s, as it is before the text wraps it */
static const char *line_of(const struct compare_result *r, const char *s)
{
	for (unsigned int i = 0; i < r->nr_lines; i++)
		if (strstr(r->lines[i], s))
			return r->lines[i];
	FAIL("no line with \"%s\"", s);
}

/* compare_runs() of one run a side: batches as the unit */
static int compare_one(const char *a, const char *b, double alpha, struct compare_result **r)
{
	return compare_runs(&a, 1, &b, 1, alpha, r);
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

	ASSERT_EQ(compare_one(DATA_A, DATA_A, COMPARE_ALPHA, &r), 0);
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

	ASSERT_EQ(compare_one(DATA_A, DATA_B, COMPARE_ALPHA, &r), 0);
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
	ASSERT_EQ(row_of(r, "success_rate", "buddy x86_64 pcp=1 movable_freed order=9")->verdict,
		  CMP_DIFFERS);
	ASSERT_EQ(row_of(r, "unusable_index", "buddy x86_64 pcp=1 movable_freed order=9")->verdict,
		  CMP_SAME);
	ASSERT_EQ(row_of(r, "success_rate", "bitmap x86_64 pcp=1 movable_freed order=9")->verdict,
		  CMP_OTHER_SEED);
	row = row_of(r, "ns_per_access", "buddy x86_64 direct ws_bytes=4096");
	ASSERT_EQ(row->verdict, CMP_RATIO_ONLY);
	/* A has the key twice, 10 and 99: their median, not the first alone */
	ASSERT_TRUE(row->a == 54.5);
	ASSERT_EQ(row->rows[0], 2);
	ASSERT_EQ(row->rows[1], 1);
	ASSERT_EQ(row_of(r, "local_frac", "buddy x86_64 local cpu_node=1 target_node=-1")->verdict,
		  CMP_ONLY_B);
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
	ASSERT_CONTAINS(
		line_of(r, "tlb.csv of A: key"),
		"tlb.csv of A: key 'buddy x86_64 direct ws_bytes=4096' has 2 rows (lines 2, "
		"4), compared as one, at the median of each metric: ns_per_access 10, 99");
	ASSERT_CONTAINS(text, "n/a (median of 2 vs 1 rows)");
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
	ASSERT_EQ(compare_one(DATA_A, DATA_B, 0.01, &r), 0);
	ASSERT_EQ(r->faster + r->slower, 0);
	compare_free(r);
}

/* Writes @text into @dir/@file */
static void write_file(const char *dir, const char *file, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "w");
	ASSERT_NOT_NULL(f);
	fputs(text, f);
	ASSERT_EQ(fclose(f), 0);
}

static void remove_files(const char *dir, const char *const *files)
{
	char path[128];

	for (; *files; files++) {
		snprintf(path, sizeof(path), "%s/%s", dir, *files);
		unlink(path);
	}
	rmdir(dir);
}

#define CONTENTION_HEAD "backend,arch,pcp,seed,kind,size,threads,mops\r\n"
#define FRAG_HEAD	"backend,arch,pcp,seed,quick,phase,order,success_rate,unusable_index\r\n"

/*
 * A key a run has two rows of, as `run --threads 2,1,2` writes for 2 threads (here 100 times
 * apart, as in a damaged file): the run's figure is the median of the two, the key and both
 * values are named, and the verdict says so; it is not the first row alone. A deterministic
 * figure whose rows differ within a run is a disagreement of that side. With runs as the unit,
 * the run stays the repetition: two rows of A1 are one value of A1.
 */
TEST(repeated_keys)
{
	char a[] = "/tmp/kmem-compare-a-XXXXXX", b[] = "/tmp/kmem-compare-b-XXXXXX";
	static const char *const files[] = { "contention.csv", "frag_summary.csv", NULL };
	const char *key = "buddy x86_64 pcp=1 pages size=4096 threads=2";
	const char *dirs_a[2], *dirs_b[2];
	const struct compare_row *row;
	struct compare_result *r;

	ASSERT_NOT_NULL(mkdtemp(a));
	ASSERT_NOT_NULL(mkdtemp(b));
	write_file(a, "contention.csv",
		   CONTENTION_HEAD "buddy,x86_64,1,1,pages,4096,2,1.0\r\n"
				   "buddy,x86_64,1,1,pages,4096,1,5.0\r\n"
				   "buddy,x86_64,1,1,pages,4096,2,100.0\r\n");
	write_file(b, "contention.csv",
		   CONTENTION_HEAD "buddy,x86_64,1,1,pages,4096,1,5.0\r\n"
				   "buddy,x86_64,1,1,pages,4096,2,60.5\r\n");
	write_file(a, "frag_summary.csv",
		   FRAG_HEAD "buddy,x86_64,1,1,1,aged,9,0.25,0.5\r\n"
			     "buddy,x86_64,1,1,1,aged,9,0.5,0.5\r\n");
	write_file(b, "frag_summary.csv", FRAG_HEAD "buddy,x86_64,1,1,1,aged,9,0.25,0.5\r\n");

	ASSERT_EQ(compare_one(a, b, COMPARE_ALPHA, &r), 0);
	row = row_of(r, "mops", key);
	check_rel(row->a, 50.5, 1e-12, "A: the median of 1 and 100");
	check_rel(row->b / row->a, 60.5 / 50.5, 1e-12, "B/A");
	ASSERT_EQ(row->rows[0], 2);
	ASSERT_EQ(row->rows[1], 1);
	ASSERT_TRUE(row_of(r, "mops", "buddy x86_64 pcp=1 pages size=4096 threads=1")->a == 5);
	ASSERT_EQ(r->compared, 4); /* the key is one row of the table, not two */
	ASSERT_EQ(r->repeated, 3);
	ASSERT_CONTAINS(line_of(r, "contention.csv of A"),
			"key 'buddy x86_64 pcp=1 pages size=4096 threads=2' has 2 rows (lines 2, "
			"4), compared as one, at the median of each metric: mops 1.0, 100.0");
	row = row_of(r, "success_rate", "buddy x86_64 pcp=1 aged order=9");
	ASSERT_EQ(row->verdict, CMP_DIFFERS);
	ASSERT_TRUE(row->disagree[0] && !row->disagree[1]);
	ASSERT_EQ(row_of(r, "unusable_index", "buddy x86_64 pcp=1 aged order=9")->verdict,
		  CMP_SAME);
	ASSERT_CONTAINS(text_of(r, false), "n/a (median of 2 vs 1 rows)\n");
	ASSERT_CONTAINS(text_of(r, false),
			"differs (deterministic, within A) (median of 2 vs 1 rows)");
	ASSERT_CONTAINS(text_of(r, false), "Measured more than once in a run");
	ASSERT_CONTAINS(text_of(r, true), "median of 2 vs 1 rows");
	compare_free(r);

	/* runs as the unit: A1's two rows are one value, A's figure the median of A1 and A2 */
	dirs_a[0] = a;
	dirs_a[1] = b;
	dirs_b[0] = b;
	dirs_b[1] = b;
	ASSERT_EQ(compare_runs(dirs_a, 2, dirs_b, 2, COMPARE_ALPHA, &r), 0);
	row = row_of(r, "mops", key);
	ASSERT_EQ(row->na, 2);
	ASSERT_EQ(row->nb, 2);
	check_rel(row->a, (50.5 + 60.5) / 2, 1e-12, "A: the median of A1's 50.5 and A2's 60.5");
	ASSERT_EQ(row->rows[0], 2);
	compare_free(r);

	remove_files(a, files);
	remove_files(b, files);
}

/*
 * Four runs a side (tests/data/compare/runs/, README.md there): every figure that is not
 * deterministic tested over the runs. A key whose runs lie wholly apart has the smallest p of 4
 * against 4, 2 / C(8, 4) = 2/70; 9 of the 15 tests do, the others are far above, so q = 15/9 *
 * 2/70 = 0.048 for the 9, below alpha. Were the batches still the unit, there would be none
 * (the runs have no latency_batches.csv) and nothing would be tested.
 */
TEST(runs_as_unit)
{
	const char *k1 = "buddy x86_64 pcp=1 pages size=4096 alloc";
	const char *k4 = "buddy x86_64 pcp=1 kmalloc size=64 free";
	const char *f1 = "buddy x86_64 pcp=1 movable_freed order=9";
	const char *f2 = "bitmap x86_64 pcp=1 movable_freed order=9";
	struct compare_result *r;
	const struct compare_row *row;
	const char *text;

	ASSERT_EQ(compare_runs(runs_a, 4, runs_b, 4, COMPARE_ALPHA, &r), 0);
	ASSERT_EQ(r->unit, COMPARE_UNIT_RUNS);
	row = row_of(r, "mean_ns", k1);
	ASSERT_EQ(row->verdict, CMP_SLOWER);
	ASSERT_EQ(row->na, 4);
	ASSERT_EQ(row->nb, 4);
	ASSERT_FALSE(row->some_runs);
	check_rel(row->p, 2.0 / 70, 1e-12, "p, 4 vs 4 apart");
	check_rel(row->q, 15.0 / 9 * 2.0 / 70, 1e-12, "q");
	/* the medians of 100..103 and 150..153 */
	check_rel(row->a, 101.5, 1e-12, "A");
	check_rel(row->b, 151.5, 1e-12, "B");
	ASSERT_EQ(row_of(r, "p50_ns", k1)->verdict, CMP_SLOWER);
	ASSERT_EQ(row_of(r, "p99_ns", k1)->verdict, CMP_SLOWER);
	/* 50, 53, 56, 59 against 51, 54, 57, 60: U = 6, 24 of the 70 deals as far out */
	row = row_of(r, "mean_ns", "buddy x86_64 pcp=1 pages size=4096 free");
	ASSERT_EQ(row->verdict, CMP_NOT_SIGNIFICANT);
	check_rel(row->p, 48.0 / 70, 1e-12, "p, overlapping");
	ASSERT_EQ(row_of(r, "p99_ns", "buddy x86_64 pcp=1 kmalloc size=64 alloc")->verdict,
		  CMP_FASTER);
	/* a4 lacks the key, b2 measured nothing (ops 0): 3 against 3, the 0 of b2 left out */
	row = row_of(r, "mean_ns", k4);
	ASSERT_EQ(row->verdict, CMP_NOT_SIGNIFICANT);
	ASSERT_EQ(row->na, 3);
	ASSERT_EQ(row->nb, 3);
	ASSERT_TRUE(row->some_runs);
	check_rel(row->b, 11.5, 1e-12, "B without the run of ops 0");
	/* 10, 11, 12 against 11, 12, 13: exact with ties, not the approximation's 0.37 */
	check_rel(row_of(r, "p50_ns", k4)->p, 0.5, 1e-12, "p50, ties");
	row = row_of(r, "p50_ns", "buddy x86_64 pcp=1 vmalloc size=4096 alloc");
	ASSERT_EQ(row->verdict, CMP_ONLY_A);
	ASSERT_EQ(row->na, 2);
	check_rel(row->a, 5050, 1e-12, "A of two runs");
	ASSERT_EQ(row_of(r, "ns_per_access", "buddy x86_64 direct ws_bytes=16384")->verdict,
		  CMP_SLOWER);
	/* more Mops/s is faster */
	ASSERT_EQ(row_of(r, "mops", "buddy x86_64 pcp=1 pages size=4096 threads=2")->verdict,
		  CMP_FASTER);
	/* A2's success rate is another than A1's, A3's and A4's (and B's), with the same seed */
	row = row_of(r, "success_rate", f1);
	ASSERT_EQ(row->verdict, CMP_DIFFERS);
	ASSERT_TRUE(row->disagree[0]);
	ASSERT_FALSE(row->disagree[1]);
	ASSERT_EQ(row_of(r, "unusable_index", f1)->verdict, CMP_SAME);
	row = row_of(r, "success_rate", f2);
	ASSERT_EQ(row->verdict, CMP_SAME);
	ASSERT_EQ(row->na, 3);
	ASSERT_TRUE(row->some_runs);
	/* B3 has another seed: no verdict, and no disagreement among B's runs */
	row = row_of(r, "success_rate", "buddy x86_64 pcp=1 aged order=9");
	ASSERT_EQ(row->verdict, CMP_OTHER_SEED);
	ASSERT_FALSE(row->disagree[1]);
	ASSERT_EQ(r->compared, 21);
	ASSERT_EQ(r->tested, 15);
	ASSERT_EQ(r->faster, 4);
	ASSERT_EQ(r->slower, 5);
	ASSERT_EQ(r->raw_significant, 9);
	ASSERT_EQ(r->only[0], 3);
	ASSERT_EQ(r->only[1], 0);
	ASSERT_EQ(r->some_runs, 8);
	ASSERT_EQ(r->deterministic, 4);
	ASSERT_EQ(r->differ, 1);
	ASSERT_EQ(r->disagree, 1);

	text = text_of(r, false);
	ASSERT_CONTAINS(text, "A3: " RUNS "a3 (commit 1111111");
	ASSERT_CONTAINS(text, "Warning: B4 is of commit 2222223, B1 of 2222222");
	ASSERT_CONTAINS(text, "Unit: runs, 4 of A and 4 of B.");
	ASSERT_CONTAINS(text, "  101.5   151.5  1.493  0.029  0.048  slower\n");
	ASSERT_CONTAINS(text, "not significant (3 vs 3 runs)\n");
	ASSERT_CONTAINS(text, "only in A (2 vs 0 runs)\n");
	ASSERT_CONTAINS(text, "same (3 vs 4 runs)\n");
	ASSERT_CONTAINS(text, "differs (deterministic, within A)\n");
	ASSERT_CONTAINS(line_of(r, "the runs of A differ"),
			"the runs of A differ among themselves with one seed (A1 0.211538, "
			"A2 0.25, A3 0.211538, A4 0.211538)");
	ASSERT_CONTAINS(line_of(r, "Tested: "),
			"Tested: 15 (two-sided Mann-Whitney U test of the runs' figures): 4 "
			"faster and 5 slower");
	ASSERT_CONTAINS(line_of(r, "Missing from"),
			"Missing from some runs (or not measured in them: ops 0): 8 rows");
	ASSERT_NOT_CONTAINS(text, "batch");

	text = text_of(r, true);
	ASSERT_CONTAINS(text, "<title>kmembench compare: " RUNS_A " vs " RUNS_B "</title>");
	ASSERT_CONTAINS(text, "<caption>Unit: runs. A and B: the medians of 4 and 4 runs;");
	ASSERT_CONTAINS(text, "<tr class=\"slower\" title=\"A: 4 runs, B: 4 runs\">");
	ASSERT_CONTAINS(text, "<tr class=\"\" title=\"A: 3 runs, B: 3 runs\">");
	compare_free(r);

	/*
	 * Runs compared with themselves: nothing tested differs (the vmalloc key of A1 and A2
	 * now tested too), A2 disagrees on both sides
	 */
	ASSERT_EQ(compare_runs(runs_a, 4, runs_a, 4, COMPARE_ALPHA, &r), 0);
	ASSERT_EQ(r->faster + r->slower + r->raw_significant, 0);
	ASSERT_EQ(r->tested, 18);
	row = row_of(r, "success_rate", f1);
	ASSERT_TRUE(row->disagree[0] && row->disagree[1]);
	ASSERT_CONTAINS(text_of(r, false), "differs (deterministic, within A and B)\n");
	compare_free(r);
}

/*
 * Too few runs for a verdict: 3 against 3 runs wholly apart give p = 2 / C(6, 3) = 0.1; one
 * run against four is not tested at all, and its deterministic figures agree.
 */
TEST(too_few_runs)
{
	const char *k1 = "buddy x86_64 pcp=1 pages size=4096 alloc";
	struct compare_result *r;
	const struct compare_row *row;
	const char *text;

	ASSERT_EQ(compare_runs(runs_a, 3, runs_b, 3, COMPARE_ALPHA, &r), 0);
	row = row_of(r, "mean_ns", k1);
	ASSERT_EQ(row->verdict, CMP_NOT_SIGNIFICANT);
	check_rel(row->p, 0.1, 1e-12, "p, 3 vs 3 apart");
	ASSERT_EQ(r->faster + r->slower, 0);
	text = text_of(r, false);
	ASSERT_CONTAINS(line_of(r, "Warning: runs"),
			"Warning: runs of A: 3, of B: 3; the smallest p-value the test can give is "
			"0.1, above alpha 0.05: no verdict is possible. 4 runs a "
			"side allow one (the smallest p-value then 0.029).");
	ASSERT_NOT_CONTAINS(text, "compare.py calls unreliable");
	compare_free(r);

	ASSERT_EQ(compare_runs(runs_a, 1, runs_b, 4, COMPARE_ALPHA, &r), 0);
	ASSERT_EQ(r->unit, COMPARE_UNIT_RUNS);
	ASSERT_EQ(r->tested, 0);
	row = row_of(r, "mean_ns", k1);
	ASSERT_EQ(row->verdict, CMP_FEW_REPS);
	ASSERT_EQ(row->nb, 4);
	ASSERT_EQ(row_of(r, "success_rate", "buddy x86_64 pcp=1 movable_freed order=9")->verdict,
		  CMP_SAME);
	text = text_of(r, false);
	ASSERT_CONTAINS(text, "A: " RUNS "a1 (commit 1111111");
	ASSERT_CONTAINS(text, "n/a (1 vs 4 runs)\n");
	ASSERT_CONTAINS(line_of(r, "Not tested: "),
			"Not tested: 15 (fewer than 2 runs with a value on a side).");
	ASSERT_CONTAINS(line_of(r, "Warning: runs"),
			"runs of A: 1, of B: 4; the smallest p-value the test can give is 0.4");
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
		{ "compare", RUNS "a1,," RUNS "a2", DATA_B, NULL },
		{ "compare", RUNS "a1,", DATA_B, NULL },
		{ "compare", "," RUNS "a1", DATA_B, NULL },
		{ "compare", "", DATA_B, NULL },
		{ "compare", DATA_A, RUNS "b1," RUNS "b2," RUNS "b1", NULL },
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
	ASSERT_CONTAINS(cli(bad[0]), "RUN-A: empty run directory name in '" RUNS "a1,," RUNS "a2'");
	ASSERT_CONTAINS(cli(bad[4]), "RUN-B: '" RUNS "b1' listed twice");
}

TEST(unreadable_runs)
{
	static char *const missing[] = { "compare", DATA_A, "/nonexistent/run", NULL };
	static char *const not_run[] = { "compare", KMEM_TEST_DATA, DATA_B, NULL };
	static char *const missing_in_list[] = { "compare", RUNS_A, RUNS "b1,/nonexistent/run",
						 NULL };
	char dir[] = "/tmp/kmem-compare-XXXXXX", path[64], html[64];
	char *broken[] = { "compare", DATA_A, dir, NULL };
	char *good[] = { "compare", "--html", html, DATA_A, DATA_B, NULL };
	char *good_lists[] = { "compare", RUNS_A, RUNS_B, "--html", html, NULL };
	const char *err;
	FILE *f;

	err = cli(missing);
	ASSERT_EQ(status, 1);
	ASSERT_EQ(harness_count_lines(err), 1);
	ASSERT_CONTAINS(err, "/nonexistent/run: No such file or directory");
	err = cli(not_run);
	ASSERT_EQ(status, 1);
	ASSERT_CONTAINS(err, "not a run directory");
	err = cli(missing_in_list);
	ASSERT_EQ(status, 1);
	ASSERT_EQ(harness_count_lines(err), 1);
	ASSERT_CONTAINS(err, "/nonexistent/run: No such file or directory");

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
	err = cli(good_lists);
	ASSERT_EQ(status, 0);
	ASSERT_STREQ(err, "");
	ASSERT_EQ(access(html, R_OK), 0);
	unlink(html);
	rmdir(dir);
	err = cli(good);
	ASSERT_EQ(status, 1);
	ASSERT_CONTAINS(err, "cannot create");
}

/* The table @file of @wl, when its columns are described there; NULL otherwise */
static const struct result_table *described(const struct workload *wl, const char *file)
{
	for (unsigned int k = 0; file && k < wl->nr_tables; k++)
		if (!strcmp(wl->tables[k]->file, file) && wl->tables[k]->nr_cols)
			return wl->tables[k];
	return NULL;
}

/* Fails, naming the workload, the table and the column, when @t lacks @column */
static void check_column(const struct workload *wl, const struct result_table *t,
			 const char *column, const char *what)
{
	for (unsigned int c = 0; t && c < t->nr_cols; c++)
		if (!strcmp(t->cols[c].name, column))
			return;
	if (t)
		harness_fail(__FILE__, __LINE__, "%s: %s of %s names column '%s', which it lacks",
			     wl->name, what, t->file, column);
}

/*
 * A descriptor's .compare and .report name columns by hand: a typo would only show as a table
 * compare calls "not compared" or a section the report calls "written by another version".
 * Every column they name must be one of the table's described columns.
 */
TEST(descriptors_name_their_columns)
{
	unsigned int checked = 0;

	for (unsigned int i = 0; i < result_source_count(); i++) {
		const struct workload *wl = result_source_get(i);
		const struct workload_report *rep = wl->report;

		for (unsigned int k = 0; k < wl->nr_tables; k++) {
			const struct result_table *t = described(wl, wl->tables[k]->file);
			const struct table_compare *c = wl->tables[k]->compare;
			const struct result_table *b = c ? described(wl, c->batches) : NULL;

			for (int n = 0; t && c && n < COMPARE_MAX_KEYS && c->keys[n]; n++) {
				check_column(wl, t, c->keys[n], "compare key");
				check_column(wl, b, c->keys[n], "compare key");
				checked++;
			}
			for (int n = 0; t && c && n < COMPARE_MAX_METRICS && c->metrics[n].column;
			     n++)
				check_column(wl, t, c->metrics[n].column, "compare metric");
			if (t && c && c->count_column)
				check_column(wl, t, c->count_column, "compare count");
			if (c && c->batches) {
				check_column(wl, b, c->batch_column, "compare batch");
				check_column(wl, b, c->count_column, "compare count");
			}
		}
		for (int n = 0; rep && n < REPORT_MAX_REQUIRED && rep->required[n]; n++) {
			check_column(wl, described(wl, rep->files[0]), rep->required[n],
				     "report's required column");
			checked++;
		}
		for (unsigned int m = 0; rep && m < rep->nr_metrics; m++) {
			const struct report_metric *rm = &rep->metrics[m];
			const struct result_table *t = described(wl, rm->file ?: rep->files[0]);

			check_column(wl, t, rm->column, "report metric");
			for (int w = 0; w < REPORT_MAX_WHERE && rm->where[w].column; w++)
				check_column(wl, t, rm->where[w].column, "report metric's where");
			for (int p = 0; p < REPORT_MAX_PICK && rm->pick[p].column; p++)
				check_column(wl, t, rm->pick[p].column, "report metric's pick");
			if (rm->note)
				check_column(wl, t, rm->note, "report metric's note");
		}
		if (rep && rep->points) {
			const struct report_points *pt = rep->points;
			const struct result_table *t =
				described(wl, rep->plot_file ?: rep->files[0]);

			for (int n = 0; n < REPORT_MAX_SERIES && pt->series[n]; n++)
				check_column(wl, t, pt->series[n], "report points' series");
			for (int n = 0; n < REPORT_MAX_X && pt->x[n]; n++)
				check_column(wl, t, pt->x[n], "report points' x");
			for (int n = 0; n < REPORT_MAX_Y && pt->y[n]; n++)
				check_column(wl, t, pt->y[n], "report points' y");
		}
	}
	/* the workloads' tables are described: some columns were looked for */
	ASSERT_TRUE(checked > 0);
}
