// SPDX-License-Identifier: GPL-2.0
/*
 * Significance tests (significance.h): the Mann-Whitney U test, exact for small samples without
 * ties and by the normal approximation otherwise, and the Benjamini-Hochberg adjustment.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "significance.h"

/* A value of either sample, and whether it is the first sample's */
struct ranked {
	double v;
	bool first;
};

static int by_value(const void *a, const void *b)
{
	double x = ((const struct ranked *)a)->v, y = ((const struct ranked *)b)->v;

	return (x > y) - (x < y);
}

/* C(n, k) for C(n, k) * n < 2^64: every partial product C(n - k + i, i) is an integer */
static uint64_t binomial(unsigned int n, unsigned int k)
{
	uint64_t b = 1;

	if (k > n - k)
		k = n - k;
	for (unsigned int i = 1; i <= k; i++)
		b = b * (n - k + i) / i;
	return b;
}

/*
 * The exact tail P(U <= umax) when both samples come from one population. Then each of the
 * C(N, k) ways (N = n1 + n2, k = min(n1, n2)) to deal the N ranks out to the two samples is
 * equally likely, and the number of ways that give U = u is the coefficient of q^u in the
 * Gaussian binomial coefficient
 *
 *	[N choose k]_q = prod(i = 1..k) (1 - q^(N - k + i)) / (1 - q^i)
 *
 * (U counts the pairs out of order, and that polynomial is the generating function of the
 * inversions of a word of k letters x and N - k letters y). It is built factor by factor, each
 * partial product being itself a Gaussian binomial, so a polynomial: multiplying by (1 - q^a)
 * is c[u] -= c[u - a] from the top down, dividing by (1 - q^i) is c[u] += c[u - i] from the
 * bottom up. Both read only lower coefficients, so the arithmetic can be done modulo
 * q^(umax + 1), which is all the tail needs: O(k umax) additions, on umax + 1 coefficients.
 * They are integers no larger in magnitude than C(N, k) < 2^53 (a product may dip below zero
 * after a multiplication, but no further), so doubles hold every one exactly.
 */
static int exact_tail(unsigned int n1, unsigned int n2, unsigned int umax, double *tail)
{
	unsigned int n = n1 + n2, k = n1 < n2 ? n1 : n2;
	double *c = calloc(umax + 1, sizeof(*c)), sum = 0;

	if (!c)
		return -ENOMEM;
	c[0] = 1;
	for (unsigned int i = 1; i <= k; i++) {
		unsigned int a = n - k + i;

		for (unsigned int u = umax; u >= a; u--)
			c[u] -= c[u - a];
		for (unsigned int u = i; u <= umax; u++)
			c[u] += c[u - i];
	}
	for (unsigned int u = 0; u <= umax; u++)
		sum += c[u];
	free(c);
	*tail = sum / (double)binomial(n, k);
	return 0;
}

/*
 * The test. The two samples are ranked together (1 = smallest), a group of tied values each
 * getting the mean of the ranks it spans, and U = R1 - n1 (n1 + 1) / 2 with R1 the first
 * sample's rank sum: the pairs (x, y) with x > y, ties counting one half. Under the null
 * hypothesis U has mean n1 n2 / 2; the further from it, the less likely.
 *
 * Without ties and with small samples the p-value comes from U's exact distribution
 * (exact_tail()). Otherwise U is taken as normal with that mean and the variance
 *
 *	n1 n2 / 12 * ((N + 1) - sum(t^3 - t) / (N (N - 1)))
 *
 * with t the size of each group of ties (tied values are not ordered, which narrows U's
 * spread); z = (|U - n1 n2 / 2| - 1/2) / sd, the 1/2 correcting for a continuous curve standing
 * in for a distribution in steps, and p = erfc(z / sqrt(2)), both tails. When every value is
 * the same, the variance is 0 and nothing can be told apart: p = 1.
 */
int mwu_test(const double *x, unsigned int n1, const double *y, unsigned int n2,
	     struct mwu_result *res)
{
	unsigned int n = n1 + n2;
	double r1 = 0, ties = 0, mean = (double)n1 * n2 / 2;
	struct ranked *all;
	int err = 0;

	if (!n1 || !n2)
		return -EINVAL;
	all = malloc(n * sizeof(*all));
	if (!all)
		return -ENOMEM;
	for (unsigned int i = 0; i < n; i++) {
		all[i].v = i < n1 ? x[i] : y[i - n1];
		all[i].first = i < n1;
		if (!isfinite(all[i].v))
			err = -EINVAL;
	}
	if (err)
		goto out;
	qsort(all, n, sizeof(*all), by_value);
	for (unsigned int i = 0, j; i < n; i = j) {
		double t;

		for (j = i + 1; j < n && all[j].v == all[i].v; j++)
			;
		/* ranks i + 1 .. j: each gets their mean */
		for (unsigned int m = i; m < j; m++)
			if (all[m].first)
				r1 += (double)(i + 1 + j) / 2;
		t = j - i;
		ties += t * t * t - t;
	}
	res->u = r1 - (double)n1 * (n1 + 1) / 2;
	res->exact = !ties && n1 <= MWU_EXACT_MAX && n2 <= MWU_EXACT_MAX;
	if (res->exact) {
		double low = res->u < mean ? res->u : (double)n1 * n2 - res->u;

		err = exact_tail(n1, n2, (unsigned int)low, &res->p);
		res->p = fmin(1, 2 * res->p);
	} else {
		double var = (double)n1 * n2 / 12 * ((n + 1) - ties / ((double)n * (n - 1)));
		double z = var > 0 ? (fabs(res->u - mean) - 0.5) / sqrt(var) : 0;

		res->p = z > 0 ? erfc(z / M_SQRT2) : 1;
	}
out:
	free(all);
	return err;
}

double mwu_min_p(unsigned int n1, unsigned int n2)
{
	unsigned int n = n1 + n2, k = n1 < n2 ? n1 : n2;
	double b = 1;

	for (unsigned int i = 1; i <= k; i++)
		b = b * (n - k + i) / i;
	return fmin(1, 2 / b);
}

/* A p-value and where it came from, to sort them */
struct indexed_p {
	double p;
	unsigned int i;
};

static int by_p(const void *a, const void *b)
{
	double x = ((const struct indexed_p *)a)->p, y = ((const struct indexed_p *)b)->p;

	return (x > y) - (x < y);
}

/*
 * Benjamini-Hochberg: with the p-values sorted ascending, p(1) <= ... <= p(n), the procedure
 * rejects the hypotheses of the largest j with p(j) <= j alpha / n and all below it. The
 * adjusted value q(j) = min over i >= j of n p(i) / i (at most 1) is the smallest alpha at which
 * the j-th would be rejected, so "q <= alpha" is the procedure's verdict for any alpha. The
 * running minimum is taken from the largest p-value down.
 */
int bh_adjust(const double *p, double *q, unsigned int n)
{
	struct indexed_p *s = malloc(n * sizeof(*s));
	double run = 1;

	if (!s && n)
		return -ENOMEM;
	for (unsigned int i = 0; i < n; i++)
		s[i] = (struct indexed_p){ p[i], i };
	if (n)
		qsort(s, n, sizeof(*s), by_p);
	for (unsigned int j = n; j-- > 0;) {
		double v = s[j].p * n / (j + 1);

		if (v < run)
			run = v;
		q[s[j].i] = run;
	}
	free(s);
	return 0;
}
