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

/* A value of either sample, whether it is the first sample's, and twice its rank */
struct ranked {
	double v;
	bool first;
	unsigned int rank2;
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
 * The two samples ranked together (1 = smallest), a group of tied values each getting the mean
 * of the ranks it spans (kept doubled in rank2, a whole number), sorted by value into @all, to
 * free. @r1 receives the first sample's rank sum, @ties sum(t^3 - t) over the groups of t tied
 * values.
 */
static int rank_samples(const double *x, unsigned int n1, const double *y, unsigned int n2,
			struct ranked **all, double *r1, double *ties)
{
	unsigned int n = n1 + n2;
	struct ranked *a;

	if (!n1 || !n2)
		return -EINVAL;
	a = malloc(n * sizeof(*a));
	if (!a)
		return -ENOMEM;
	for (unsigned int i = 0; i < n; i++) {
		a[i].v = i < n1 ? x[i] : y[i - n1];
		a[i].first = i < n1;
		if (!isfinite(a[i].v)) {
			free(a);
			return -EINVAL;
		}
	}
	qsort(a, n, sizeof(*a), by_value);
	*r1 = 0;
	*ties = 0;
	for (unsigned int i = 0, j; i < n; i = j) {
		double t;

		for (j = i + 1; j < n && a[j].v == a[i].v; j++)
			;
		/* ranks i + 1 .. j: each gets their mean */
		for (unsigned int m = i; m < j; m++) {
			a[m].rank2 = i + 1 + j;
			if (a[m].first)
				*r1 += (double)(i + 1 + j) / 2;
		}
		t = j - i;
		*ties += t * t * t - t;
	}
	*all = a;
	return 0;
}

/*
 * The test. U = R1 - n1 (n1 + 1) / 2 with R1 the first sample's rank sum (rank_samples()): the
 * pairs (x, y) with x > y, ties counting one half. Under the null hypothesis U has mean
 * n1 n2 / 2; the further from it, the less likely.
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
	double r1, ties, mean = (double)n1 * n2 / 2;
	struct ranked *all;
	int err = rank_samples(x, n1, y, n2, &all, &r1, &ties);

	if (err)
		return err;
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
	free(all);
	return err;
}

/*
 * The exact test with ties. Each of the C(N, n1) ways to choose which n1 of the N ranked values
 * are the first sample's is equally likely under the null hypothesis, the tied ranks staying as
 * they are; U is R1 - n1 (n1 + 1) / 2, so its distribution is that of R1. It is counted by
 * dynamic programming over the values: c[k][s] is the number of ways to choose k of the values
 * so far whose doubled ranks sum to s, and each value adds c[k - 1][s - rank2] to c[k][s] (k
 * from the top down, so that no value is chosen twice). The sums are at most N (N + 1) <= 3192
 * and the counts at most C(N, n1) < 2^53, whole numbers that doubles hold exactly.
 */
int mwu_test_exact(const double *x, unsigned int n1, const double *y, unsigned int n2,
		   struct mwu_result *res)
{
	unsigned int n = n1 + n2, smax = n * (n + 1), s2;
	double r1, ties, below = 0, above = 0, *c;
	struct ranked *all;
	int err;

	if (n1 > MWU_EXACT_MAX || n2 > MWU_EXACT_MAX)
		return -EINVAL;
	err = rank_samples(x, n1, y, n2, &all, &r1, &ties);
	if (err)
		return err;
	c = calloc((size_t)(n1 + 1) * (smax + 1), sizeof(*c));
	if (!c) {
		free(all);
		return -ENOMEM;
	}
	c[0] = 1;
	for (unsigned int i = 0; i < n; i++)
		for (unsigned int k = i + 1 < n1 ? i + 1 : n1; k >= 1; k--)
			for (unsigned int s = all[i].rank2; s <= smax; s++)
				c[k * (smax + 1) + s] += c[(k - 1) * (smax + 1) + s - all[i].rank2];
	s2 = (unsigned int)(2 * r1);
	for (unsigned int s = 0; s <= smax; s++) {
		below += s <= s2 ? c[n1 * (smax + 1) + s] : 0;
		above += s >= s2 ? c[n1 * (smax + 1) + s] : 0;
	}
	res->u = r1 - (double)n1 * (n1 + 1) / 2;
	res->p = fmin(1, 2 * fmin(below, above) / (double)binomial(n, n1));
	res->exact = true;
	free(c);
	free(all);
	return 0;
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
