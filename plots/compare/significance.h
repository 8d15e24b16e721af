/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Significance tests for comparing two runs (`kmembench compare`): the two-sided Mann-Whitney U
 * test (Wilcoxon rank-sum test) of two samples of repetitions, which is what Google Benchmark's
 * tools/compare.py runs over repetitions, and the Benjamini-Hochberg adjustment of many p-values
 * tested together.
 *
 * The U test assumes nothing about the shape of the distributions (timings are skewed and
 * heavy-tailed, so a t-test's normality is not to be had) and asks whether a value drawn from one
 * sample is as likely to be above as below one drawn from the other.
 */
#ifndef _KMEM_WORKLOADS_SIGNIFICANCE_H
#define _KMEM_WORKLOADS_SIGNIFICANCE_H

#include <stdbool.h>

/*
 * Up to 28 values a side, the C(n1 + n2, n1) <= C(56, 28) < 2^53 arrangements of the two samples
 * are counted exactly in doubles
 */
#define MWU_EXACT_MAX 28

struct mwu_result {
	/* U of the first sample: pairs (x, y) with x > y, a tie counting one half */
	double u;
	/* the two-sided p-value: the chance of a U this far from n1 * n2 / 2 if nothing differs */
	double p;
	/* p from U's exact distribution, or from the normal approximation */
	bool exact;
};

/**
 * mwu_test - two-sided Mann-Whitney U test of @x against @y
 * @x: the first sample (run A's repetitions)
 * @n1: its size, at least 1
 * @y: the second sample (run B's)
 * @n2: its size, at least 1
 * @res: receives U, the p-value and which method gave it
 *
 * Exact when no value occurs twice and neither sample has more than MWU_EXACT_MAX values:
 * p = 2 P(U' <= min(U, n1 n2 - U)) (at most 1), U' having U's distribution when both samples
 * come from one population. Otherwise (ties, or larger samples, where the approximation is
 * good) the normal approximation with the tie correction of the variance and a continuity
 * correction of 1/2, as R's wilcox.test() and SciPy's mannwhitneyu() make it.
 *
 * Return: 0, or -EINVAL for an empty sample, -ENOMEM.
 */
int mwu_test(const double *x, unsigned int n1, const double *y, unsigned int n2,
	     struct mwu_result *res);

/**
 * mwu_test_exact - two-sided Mann-Whitney U test of @x against @y from U's exact distribution,
 * ties or not
 * @x: the first sample (run A's repetitions)
 * @n1: its size, 1 to MWU_EXACT_MAX
 * @y: the second sample (run B's)
 * @n2: its size, 1 to MWU_EXACT_MAX
 * @res: receives U, the p-value, and exact = true
 *
 * For few repetitions with ties (runs as repetitions, whose percentiles are histogram bucket
 * bounds), where the normal approximation is far too liberal: three runs at 10 against three at
 * 20 get p = 0.047 from it, while only 2 of the 20 ways to deal those six values out lie as far
 * apart, p = 0.1. Here U's distribution is that of the tied ranks dealt out in every way:
 * p = 2 min(P(U' <= U), P(U' >= U)) (at most 1), the same p as mwu_test()'s without ties.
 *
 * Return: 0, or -EINVAL for an empty or too large sample, -ENOMEM.
 */
int mwu_test_exact(const double *x, unsigned int n1, const double *y, unsigned int n2,
		   struct mwu_result *res);

/**
 * mwu_min_p - the smallest two-sided p-value the exact test can give samples of @n1 and @n2
 * values: 2 / C(n1 + n2, n1), when one sample lies wholly below the other
 * @n1: size of the first sample
 * @n2: size of the second
 *
 * Return: that p-value (1 at most).
 */
double mwu_min_p(unsigned int n1, unsigned int n2);

/**
 * bh_adjust - Benjamini-Hochberg adjusted p-values (q-values)
 * @p: @n p-values of tests made together
 * @q: receives the @n adjusted values, in the same order (may be @p itself)
 * @n: how many
 *
 * Rejecting every hypothesis whose q is at most alpha keeps the expected share of false
 * rejections among all rejections (the false discovery rate) at or below alpha when the tests
 * are independent or positively dependent.
 *
 * Return: 0, or -ENOMEM.
 */
int bh_adjust(const double *p, double *q, unsigned int n);

#endif
