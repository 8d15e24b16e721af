// SPDX-License-Identifier: GPL-2.0
/*
 * The threaded workloads, numa and contention (workloads/numa.c, workloads/contention.c), run
 * through their descriptors in --quick form on a model booted here, their rows kept by a sink of
 * this file, then held to what the model promises:
 *
 *  - numa on 2 simulated nodes: from each node's CPU, the default policy is 100 % local while
 *    free memory lasts, alloc_pages_node() lands on the node named, and allocating past the
 *    local node falls back (fallback_pages > 0, numa_miss > 0), with numastat deltas that agree
 *    with the placement page_to_nid() saw; every row says "simulated".
 *  - numa on the 4-node topology of tests/data/numa4_distances.xml: fallback in order of
 *    distance, node by node.
 *  - contention with and without per-CPU lists: a row per (operation, thread count), ops > 0,
 *    nothing failed, and as many ops as the sampled ones times `sample` (each thread stops right
 *    after a sampled op).
 *  - the runner (workloads/runner.c) boots numa's two nodes when the plan asks for fewer, and
 *    more when the plan asks for more.
 *
 * Built plain, with ASan+UBSan and with TSan: both workloads start threads.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "workloads/runner.h"
#include "workloads/workload.h"
#include "harness.h"

#define MiB (1ULL << 20)

/* The harness compares integers and pointers; a float column is compared exactly here */
#define ASSERT_FLOAT_EQ(a, b)                                                               \
	do {                                                                                \
		double _fa = (a), _fb = (b);                                                \
		if (_fa != _fb)                                                             \
			FAIL("ASSERT_FLOAT_EQ(%s, %s) failed: %g != %g", #a, #b, _fa, _fb); \
	} while (0)
#define MAX_ROWS 512
#define MAX_COLS 64

/* A row as the workload wrote it, strings copied (the workload's may live on its stack) */
struct kept_row {
	const struct result_table *t;
	struct result_value v[MAX_COLS];
};

struct keeper {
	struct result_sink sink;
	struct kept_row rows[MAX_ROWS];
	unsigned int nr_rows;
};

static struct keeper keeper;
static struct timer_calibration cal;
static const unsigned int thread_counts[] = { 1, 2, 4 };

static int keep_row(struct result_sink *sink, const struct result_table *t,
		    const struct result_value *vals)
{
	struct keeper *k = (struct keeper *)sink;
	struct kept_row *r;

	if (k->nr_rows == MAX_ROWS || t->nr_cols > MAX_COLS)
		return -ENOSPC;
	r = &k->rows[k->nr_rows++];
	r->t = t;
	for (unsigned int i = 0; i < t->nr_cols; i++) {
		r->v[i] = vals[i];
		if (t->cols[i].type == RESULT_STR)
			r->v[i].s = strdup(vals[i].s);
	}
	return 0;
}

static void keeper_reset(void)
{
	for (unsigned int i = 0; i < keeper.nr_rows; i++)
		for (unsigned int c = 0; c < keeper.rows[i].t->nr_cols; c++)
			if (keeper.rows[i].t->cols[c].type == RESULT_STR)
				free((char *)keeper.rows[i].v[c].s);
	keeper.nr_rows = 0;
	keeper.sink.row = keep_row;
}

static const struct result_value *cell(const struct kept_row *r, const char *col,
				       enum result_type type)
{
	for (unsigned int i = 0; i < r->t->nr_cols; i++) {
		if (strcmp(r->t->cols[i].name, col))
			continue;
		if (r->t->cols[i].type != type)
			FAIL("%s: column %s has another type", r->t->file, col);
		return &r->v[i];
	}
	FAIL("%s has no column %s", r->t->file, col);
}

static long long ival(const struct kept_row *r, const char *col)
{
	return cell(r, col, RESULT_INT)->i;
}

static double fval(const struct kept_row *r, const char *col)
{
	return cell(r, col, RESULT_FLOAT)->f;
}

static const char *sval(const struct kept_row *r, const char *col)
{
	return cell(r, col, RESULT_STR)->s;
}

static bool no_progress(const struct workload_ctx *ctx, double done, const char *what)
{
	(void)ctx;
	(void)done;
	(void)what;
	return false;
}

/* numa: time the pointer chase on simulated nodes too (its access_simulated parameter) */
static bool measure_simulated;

/*
 * Boots x86_64 with @nr_nodes and @mem_bytes (per-CPU lists as @pcp says) and readies @ctx to
 * run @wl quick, reporting progress to @progress, into the keeper
 */
static void boot_quick(const struct workload *wl, int nr_nodes, unsigned long long mem_bytes,
		       int pcp, bool (*progress)(const struct workload_ctx *, double, const char *),
		       struct workload_ctx *ctx, struct kmem_info *info)
{
	struct kmem_config cfg;

	*ctx = (struct workload_ctx){
		.wl = wl,
		.timer = &cal,
		.seed = 1,
		.quick = true,
		.threads = thread_counts,
		.nr_threads = ARRAY_SIZE(thread_counts),
		.progress = progress,
		.info = info,
	};
	harness_config(&cfg);
	cfg.backend = harness_backend();
	cfg.arch = "x86_64";
	cfg.nr_nodes = nr_nodes;
	cfg.mem_bytes = mem_bytes;
	cfg.pcp = pcp;
	kmem_shutdown();
	ASSERT_EQ(runner_boot(&cfg, info), 0);
	ASSERT_EQ(info->nr_nodes, nr_nodes);
	for (unsigned int i = 0; i < wl->nr_params; i++)
		ctx->params[i] = wl->params[i].quick;
	if (measure_simulated)
		ctx->params[workload_param_index(wl, "access_simulated")] = 1;
	if (!cal.source)
		timer_calibrate(&cal, true);
	keeper_reset();
}

/* Boots as boot_quick() does and runs @wl quick, which must succeed */
static struct kmem_info run_quick(const struct workload *wl, int nr_nodes,
				  unsigned long long mem_bytes, int pcp)
{
	struct workload_ctx ctx;
	struct kmem_info info;

	boot_quick(wl, nr_nodes, mem_bytes, pcp, no_progress, &ctx, &info);
	ASSERT_EQ(wl->run(&ctx, &keeper.sink), 0);
	ASSERT_EQ(kmem_bad_page_count(), 0);
	return info;
}

/* The numa rows of the node with a CPU, checked case by case; returns the exhaust row */
static const struct kept_row *check_numa_node(const struct kmem_info *info, int nid)
{
	const struct kept_row *exhaust = NULL;
	unsigned int remote = 0;

	for (unsigned int i = 0; i < keeper.nr_rows; i++) {
		const struct kept_row *r = &keeper.rows[i];
		const char *c = sval(r, "case");
		long long pages = ival(r, "pages");

		if (ival(r, "cpu_node") != nid)
			continue;
		ASSERT_EQ(kmem_cpu_to_node((int)ival(r, "cpu")), nid);
		ASSERT_EQ(ival(r, "failed"), 0);
		ASSERT_EQ(pages, ival(r, "requested"));
		ASSERT_GT(pages, 0);
		/* each allocation counts once in hit/miss and once in local/other */
		ASSERT_EQ(ival(r, "numa_hit"), ival(r, "on_target"));
		ASSERT_EQ(ival(r, "numa_miss"), ival(r, "fallback_pages"));
		ASSERT_EQ(ival(r, "numa_foreign"), ival(r, "numa_miss"));
		ASSERT_EQ(ival(r, "local_node"), ival(r, "local"));
		ASSERT_EQ(ival(r, "other_node"), ival(r, "remote"));
		ASSERT_EQ(ival(r, "local") + ival(r, "remote"), pages);
		ASSERT_FLOAT_EQ(fval(r, "remote_access_ns"), -1.0);
		ASSERT_FLOAT_EQ(fval(r, "local_access_ns"), -1.0);
		if (!strcmp(c, "default")) {
			ASSERT_EQ(ival(r, "target_node"), -1);
			ASSERT_EQ(ival(r, "local"), pages);
			ASSERT_FLOAT_EQ(fval(r, "local_frac"), 1.0);
			ASSERT_EQ(ival(r, "fallback_pages"), 0);
		} else if (!strcmp(c, "remote")) {
			ASSERT_NE(ival(r, "target_node"), nid);
			ASSERT_EQ(ival(r, "on_target"), pages);
			ASSERT_FLOAT_EQ(fval(r, "target_frac"), 1.0);
			ASSERT_EQ(ival(r, "local"), 0);
			remote++;
		} else if (!strcmp(c, "exhaust")) {
			ASSERT_NULL(exhaust);
			exhaust = r;
			ASSERT_GT(ival(r, "local"), 0);
			ASSERT_EQ(ival(r, "on_target"), ival(r, "local"));
			ASSERT_GT(ival(r, "fallback_pages"), 0);
			ASSERT_GT(ival(r, "numa_miss"), 0);
			ASSERT_EQ(ival(r, "by_distance"), 1);
		} else {
			FAIL("node %d: case %s", nid, c);
		}
	}
	ASSERT_EQ(remote, (unsigned int)info->nr_nodes - 1);
	ASSERT_NOT_NULL(exhaust);
	return exhaust;
}

/*
 * Two simulated nodes of 32 MiB; with one CPU only (a one-CPU host), node 1 has no CPU and
 * gets its one row, case none.
 */
TEST(numa_two_simulated_nodes)
{
	struct kmem_info info = run_quick(&numa_workload, 2, 64 * MiB, 0);

	ASSERT_TRUE(info.numa_simulated);
	for (unsigned int i = 0; i < keeper.nr_rows; i++) {
		ASSERT_EQ(ival(&keeper.rows[i], "numa_simulated"), 1);
		ASSERT_CONTAINS(sval(&keeper.rows[i], "note"), "simulated nodes");
	}
	for (int nid = 0; nid < 2; nid++) {
		char other[16];

		if (nid >= info.nr_cpus) {
			ASSERT_STREQ(sval(&keeper.rows[keeper.nr_rows - 1], "case"), "none");
			continue;
		}
		snprintf(other, sizeof(other), "%d:20", 1 - nid);
		ASSERT_STREQ(sval(check_numa_node(&info, nid), "fallback_order"), other);
	}
}

/* The distances of tests/data/numa4_distances.xml (see test_numa.c), nearest first */
TEST(numa_fallback_by_distance)
{
	static const char *const order[4] = { "2:12 3:20 1:30", "3:12 2:20 0:30", "0:12 1:20 3:30",
					      "1:12 0:20 2:30" };
	struct kmem_info info;

	harness_setenv("HWLOC_XMLFILE", KMEM_TEST_DATA "/numa4_distances.xml");
	info = run_quick(&numa_workload, 4, 256 * MiB, 0);
	ASSERT_FALSE(info.numa_simulated);
	ASSERT_EQ(info.nr_cpus, 4);
	for (int nid = 0; nid < 4; nid++)
		ASSERT_STREQ(sval(check_numa_node(&info, nid), "fallback_order"), order[nid]);
	/* an XML topology is not this host: nothing is bound, so nothing is timed */
	ASSERT_FALSE(info.numa_bound);
	ASSERT_CONTAINS(sval(&keeper.rows[0], "note"), "not bound");
}

/*
 * The pointer chase of the default and remote cases, asked for on simulated nodes (where local
 * and remote are one host memory): every default and remote row has a time per load, a remote
 * row repeats its node's local time, the exhaust row has none, and the note says what they are.
 */
TEST(numa_access_latency_when_asked)
{
	double local[2] = { -1, -1 };

	measure_simulated = true;
	run_quick(&numa_workload, 2, 256 * MiB, 0);
	measure_simulated = false;
	for (unsigned int i = 0; i < keeper.nr_rows; i++) {
		const struct kept_row *r = &keeper.rows[i];
		const char *c = sval(r, "case");
		long long nid = ival(r, "cpu_node");

		ASSERT_CONTAINS(sval(r, "note"), "one host memory");
		if (!strcmp(c, "default")) {
			local[nid] = fval(r, "local_access_ns");
			ASSERT_TRUE(local[nid] > 0);
			ASSERT_FLOAT_EQ(fval(r, "remote_access_ns"), -1.0);
		} else if (!strcmp(c, "remote")) {
			ASSERT_TRUE(local[nid] > 0);
			ASSERT_FLOAT_EQ(fval(r, "local_access_ns"), local[nid]);
			ASSERT_TRUE(fval(r, "remote_access_ns") > 0);
		} else if (!strcmp(c, "exhaust")) {
			ASSERT_FLOAT_EQ(fval(r, "local_access_ns"), -1.0);
			ASSERT_FLOAT_EQ(fval(r, "remote_access_ns"), -1.0);
		}
	}
}

static void check_contention(int pcp)
{
	const uint64_t sample =
		contention_workload.params[workload_param_index(&contention_workload, "sample")]
			.quick;
	long host_cpus = sysconf(_SC_NPROCESSORS_ONLN);

	run_quick(&contention_workload, 1, 64 * MiB, pcp);
	ASSERT_EQ(keeper.nr_rows, 3 * ARRAY_SIZE(thread_counts));
	for (unsigned int i = 0; i < keeper.nr_rows; i++) {
		const struct kept_row *r = &keeper.rows[i];
		long long threads = ival(r, "threads");

		ASSERT_EQ(threads, thread_counts[i % ARRAY_SIZE(thread_counts)]);
		ASSERT_EQ(ival(r, "pcp"), pcp == KMEM_PCP_OFF ? 0 : 1);
		ASSERT_EQ(ival(r, "oversubscribed"), threads > host_cpus);
		ASSERT_GT(ival(r, "ops"), 0);
		ASSERT_EQ(ival(r, "failed"), 0);
		ASSERT_GE(ival(r, "samples"), threads);
		ASSERT_EQ(ival(r, "ops"), ival(r, "samples") * (long long)sample);
		ASSERT_LE(ival(r, "p50_ns"), ival(r, "p99_ns"));
		ASSERT_TRUE(fval(r, "duration_ms") > 0);
		ASSERT_TRUE(fabs(fval(r, "mops") -
				 (double)ival(r, "ops") / (fval(r, "duration_ms") * 1e3)) <
			    1e-6 * fval(r, "mops"));
	}
}

TEST(contention_rows_with_pcp)
{
	check_contention(1);
}

TEST(contention_rows_without_pcp)
{
	check_contention(KMEM_PCP_OFF);
}

/* The `nodes` column (the third) of every data row of @dir/numa.csv */
static void check_numa_csv_nodes(const char *dir, const char *want)
{
	static char text[1 << 16];
	char path[128], *line, *save;
	unsigned int rows = 0;
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/numa.csv", dir);
	f = fopen(path, "r");
	ASSERT_NOT_NULL(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = 0;
	line = strtok_r(text, "\r\n", &save);
	ASSERT_NOT_NULL(line);
	ASSERT_EQ(strncmp(line, "backend,arch,nodes,", 19), 0);
	while ((line = strtok_r(NULL, "\r\n", &save))) {
		char *c1 = strchr(line, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL;

		ASSERT_NOT_NULL(c2);
		if ((size_t)(strchr(c2 + 1, ',') - c2 - 1) != strlen(want) ||
		    strncmp(c2 + 1, want, strlen(want)))
			FAIL("%s: row %u is not of %s nodes: %s", path, rows, want, line);
		rows++;
	}
	ASSERT_GT(rows, 0);
}

static void remove_run_dir(const char *dir)
{
	static const char *const files[] = { "meta.csv", "numa.csv" };
	char path[128];

	for (unsigned int i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		ASSERT_EQ(unlink(path), 0);
	}
	ASSERT_EQ(rmdir(dir), 0);
}

/* Runs numa --quick on x86_64 and the environment's back end, @nr_nodes asked for (0: none) */
static int run_numa(const char *out, int nr_nodes)
{
	static struct run_plan plan;

	ASSERT_EQ(runner_plan_init(&plan), 0);
	for (int b = 0; b < kmem_backend_count(); b++)
		if (!strcmp(kmem_backend_name(b), harness_backend()))
			plan.backends = 1ULL << b;
	for (int a = 0; a < kmem_arch_count(); a++)
		if (!strcmp(kmem_arch_name(a), "x86_64"))
			plan.arches = 1ULL << a;
	ASSERT_NE(plan.backends, 0);
	ASSERT_NE(plan.arches, 0);
	ASSERT_NOT_NULL(runner_plan_add(&plan, &numa_workload));
	plan.quick = true;
	plan.quiet = true;
	plan.nr_nodes = nr_nodes;
	plan.out = out;
	kmem_shutdown();
	return runner_run(&plan);
}

TEST(runner_boots_min_nodes)
{
	char dir[64];

	harness_setenv("KMEM_NODES", NULL);
	snprintf(dir, sizeof(dir), "/tmp/kmem-thr-XXXXXX");
	ASSERT_NOT_NULL(mkdtemp(dir));
	ASSERT_EQ(run_numa(dir, 0), 0);
	check_numa_csv_nodes(dir, "2");
	ASSERT_EQ(run_numa(dir, 3), 0);
	check_numa_csv_nodes(dir, "3");
	remove_run_dir(dir);
}

/* Says "stop" at the second progress call: the workload has done one part of its work */
static unsigned int progress_calls;

static bool stop_at_second(const struct workload_ctx *ctx, double done, const char *what)
{
	(void)ctx;
	(void)done;
	(void)what;
	return ++progress_calls >= 2;
}

/*
 * Every workload stops at the progress call that asks it to (a signal came, in the runner):
 * -EINTR at once, no further part started, every page given back, and its rows so far whole
 * (the keeper checked each against its table)
 */
TEST(every_workload_stops_when_asked)
{
	for (unsigned int w = 0; w < workload_count(); w++) {
		const struct workload *wl = workload_get(w);
		struct workload_ctx ctx;
		struct kmem_info info;
		unsigned long free_at_boot;

		boot_quick(wl, wl->min_nodes > 1 ? (int)wl->min_nodes : 1, wl->mem_bytes, 1,
			   stop_at_second, &ctx, &info);
		progress_calls = 0;
		free_at_boot = nr_free_pages();
		ASSERT_EQ(wl->run(&ctx, &keeper.sink), -EINTR);
		ASSERT_EQ(progress_calls, 2);
		drain_all_pages(NULL);
		kmem_slab_shrink_all();
		ASSERT_EQ(nr_free_pages(), free_at_boot);
		ASSERT_EQ(kmem_bad_page_count(), 0);
	}
	keeper_reset();
}
