// SPDX-License-Identifier: GPL-2.0
/*
 * The runner (workloads/runner.c) and the workloads: each workload in --quick form on the
 * environment's back end, writing its CSV files; frag twice with one seed giving the same
 * non-timing figures; latency's batches adding up to its rows; the model checked after every
 * workload (a page not given back, a bad page report); rows of the wrong length refused; and
 * bad command lines of `kmembench run` (bench/cli/cmd_run.c), each refused with exit status 2
 * and one line.
 */
#define _GNU_SOURCE /* nftw() */
#include <errno.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/gfp.h>
#include <linux/mm.h>

#include "bench/cli/cmd_run.h"
#include "results/csv.h"
#include "results/schema.h"
#include "workloads/runner.h"
#include "workloads/workload.h"
#include "harness.h"

/*
 * Under ThreadSanitizer frag runs in a quarter of its memory (64 MiB): its aging and its
 * compacted attempt are single-threaded work that TSan slows tenfold, repeated by four tests,
 * while what TSan is there to check (the model's locking, the determinism of a seed) shows at
 * any size. The figures frag must reach at its quick size are checked by the other variants.
 */
#if defined(__SANITIZE_THREAD__)
#define UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define UNDER_TSAN 1
#endif
#endif
#ifndef UNDER_TSAN
#define UNDER_TSAN 0
#endif
#define FRAG_TSAN_MEM (64ULL << 20)

static char dir[64];
static char text[2][1 << 20];
static struct run_plan plan;

#define SCHEMA KMEM_TEST_DATA "/../../results/SCHEMA.md"

/* The bit of @name among @count names that @name_of returns */
static uint64_t bit_of(const char *name, int count, const char *(*name_of)(int))
{
	for (int i = 0; i < count; i++)
		if (!strcmp(name_of(i), name))
			return 1ULL << i;
	FAIL("no %s among the model's names", name);
}

/* A --quick plan of @wl on x86_64 and @backend, with seed @seed, into @out */
static struct run_item *quick_plan(const char *out, const struct workload *wl, uint64_t seed,
				   const char *backend)
{
	struct run_item *item;

	ASSERT_EQ(runner_plan_init(&plan), 0);
	plan.backends = bit_of(backend, kmem_backend_count(), kmem_backend_name);
	plan.arches = bit_of("x86_64", kmem_arch_count(), kmem_arch_name);
	plan.quick = true;
	plan.quiet = true;
	plan.seed = seed;
	plan.out = out;
	item = runner_plan_add(&plan, wl);
	ASSERT_NOT_NULL(item);
	return item;
}

/* Runs workload @name --quick on @backend, @param (when not NULL) set to @value */
static int run_full(const char *out, const char *name, uint64_t seed, const char *backend,
		    const char *param, uint64_t value)
{
	const struct workload *wl = NULL;
	struct run_item *item;

	for (unsigned int w = 0; w < workload_count(); w++)
		if (!strcmp(workload_get(w)->name, name))
			wl = workload_get(w);
	ASSERT_NOT_NULL(wl);
	item = quick_plan(out, wl, seed, backend);
	if (UNDER_TSAN && !strcmp(name, "frag"))
		plan.mem_bytes = FRAG_TSAN_MEM;
	if (param) {
		int p = workload_param_index(wl, param);

		ASSERT_GE(p, 0);
		item->params[p] = value;
		item->set |= 1U << p;
	}
	kmem_shutdown();
	return runner_run(&plan);
}

static int run_on(const char *out, const char *workload, uint64_t seed, const char *backend)
{
	return run_full(out, workload, seed, backend, NULL, 0);
}

static int run(const char *out, const char *workload, uint64_t seed)
{
	return run_full(out, workload, seed, harness_backend(), NULL, 0);
}

static const char *slurp(const char *d, const char *file, int slot)
{
	char path[256];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", d, file);
	f = fopen(path, "r");
	ASSERT_NOT_NULL(f);
	n = fread(text[slot], 1, sizeof(text[slot]) - 1, f);
	fclose(f);
	text[slot][n] = 0;
	return text[slot];
}

static int remove_entry(const char *path, const struct stat *st __maybe_unused,
			int flag __maybe_unused, struct FTW *ftw __maybe_unused)
{
	return remove(path);
}

static void remove_tree(const char *path)
{
	nftw(path, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/* The last run directory, gone with its files: a test that passed leaves nothing in /tmp */
static void remove_dir(void)
{
	if (dir[0])
		remove_tree(dir);
	dir[0] = 0;
}

/* A new run directory in place of the last one (a failed test's stays behind, to look at) */
static void make_dir(void)
{
	static bool registered;

	if (!registered)
		registered = !atexit(remove_dir);
	remove_dir();
	snprintf(dir, sizeof(dir), "/tmp/kmem-wl-XXXXXX");
	ASSERT_NOT_NULL(mkdtemp(dir));
}

TEST(every_workload_quick)
{
	for (unsigned int w = 0; w < workload_count(); w++) {
		const struct workload *wl = workload_get(w);

		make_dir();
		ASSERT_EQ(run(dir, wl->name, 1), 0);
		slurp(dir, "meta.csv", 0);
		for (unsigned int t = 0; t < wl->nr_tables; t++) {
			const char *csv = slurp(dir, wl->tables[t]->file, 0);

			/* the header and at least one row, all of this back end */
			ASSERT_GE(harness_count_lines(csv), 2);
			ASSERT_EQ(harness_count(csv, harness_backend()) >=
					  harness_count_lines(csv) - 1,
				  true);
		}
		/* every file, meta.csv included, as results/SCHEMA.md documents it */
		ASSERT_EQ(schema_check_dir(dir, SCHEMA, stderr), 0);
	}
}

/* The order-9 success of frag's summary row for @phase in @csv, as a fraction */
static double frag_success(const char *csv, const char *phase)
{
	char key[32];
	const char *row;
	double rate;
	int field;

	snprintf(key, sizeof(key), ",%s,", phase);
	row = strstr(csv, key);
	ASSERT_NOT_NULL(row);
	/* after the phase: order, free_pages, possible, obtained, pristine, success_rate */
	for (field = 0; field < 6 && row; field++)
		row = strchr(row + 1, ',');
	ASSERT_NOT_NULL(row);
	ASSERT_EQ(sscanf(row + 1, "%lf", &rate), 1);
	return rate;
}

/*
 * Grouping by mobility is what the buddy back end has and buddy-nogroup lacks, so this compares
 * those two and is only run under the buddy label: bitmap and freelist have no migratetypes to
 * group by. Once every movable block is freed (what compaction could reach), grouping must
 * leave far more order-9 blocks than mixing everything: the kernel's reason for it. At the
 * quick size buddy gets about 65% and buddy-nogroup about 10%; the test asks for twice.
 */
TEST(frag_grouping_by_mobility_pays)
{
	double grouped, mixed;

	if (strcmp(harness_backend(), "buddy"))
		return;
	make_dir();
	ASSERT_EQ(run_on(dir, "frag", 1, "buddy"), 0);
	grouped = frag_success(slurp(dir, "frag_summary.csv", 0), "movable_freed");
	make_dir();
	ASSERT_EQ(run_on(dir, "frag", 1, "buddy-nogroup"), 0);
	mixed = frag_success(slurp(dir, "frag_summary.csv", 0), "movable_freed");
	if (!(grouped > 2 * mixed))
		FAIL("order-9 success after freeing movable blocks: buddy %.3f, buddy-nogroup %.3f",
		     grouped, mixed);
}

/*
 * frag's "compacted" attempt (GFP_TRANSHUGE: direct compaction as a THP fault in a madvised
 * region does it) against its two neighbours. On buddy it must reach 0.9 of the "movable_freed"
 * bound, the most compaction could make of the memory (0.927 at the quick size; 0.893 at the
 * default one, where the movable pages need one pageblock more than the free movable pageblocks
 * left over); it can never lose blocks against "aged". With KMEM_COMPACTION=0 it finds exactly
 * what "aged" found, on every back end: the same memory, nothing moved.
 */
TEST(frag_compaction_reaches_movable_freed)
{
	double aged, compacted, bound;
	const char *csv;

	make_dir();
	ASSERT_EQ(run(dir, "frag", 1), 0);
	csv = slurp(dir, "frag_summary.csv", 0);
	aged = frag_success(csv, "aged");
	compacted = frag_success(csv, "compacted");
	bound = frag_success(csv, "movable_freed");
	if (compacted < aged)
		FAIL("order-9 success: aged %.3f, compacted %.3f", aged, compacted);
	/* a figure of the quick size: under TSan frag is smaller (see UNDER_TSAN) */
	if (!UNDER_TSAN && !strcmp(harness_backend(), "buddy") && compacted < 0.9 * bound)
		FAIL("order-9 success: compacted %.3f, movable freed %.3f", compacted, bound);

	ASSERT_EQ(setenv("KMEM_COMPACTION", "0", 1), 0);
	make_dir();
	ASSERT_EQ(run(dir, "frag", 1), 0);
	unsetenv("KMEM_COMPACTION");
	csv = slurp(dir, "frag_summary.csv", 0);
	if (frag_success(csv, "aged") != aged || frag_success(csv, "compacted") != aged)
		FAIL("KMEM_COMPACTION=0: aged %.3f, compacted %.3f, with compaction aged %.3f",
		     frag_success(csv, "aged"), frag_success(csv, "compacted"), aged);
}

/* Cuts the last column (duration_ms, a timing) off every line */
static void drop_last_column(char *s)
{
	char *out = s;

	for (char *line = s; *line;) {
		char *nl = strchr(line, '\n'), *comma;
		size_t len = nl ? (size_t)(nl - line) : strlen(line);

		line[len] = 0;
		comma = strrchr(line, ',');
		if (comma)
			*comma = 0;
		out += sprintf(out, "%s\n", line);
		line += len + (nl ? 1 : 0);
	}
}

TEST(frag_deterministic_for_a_seed)
{
	static const char *const files[] = { "frag_order.csv", "frag_rounds.csv",
					     "frag_summary.csv" };
	char first[64];

	make_dir();
	/* the first run's directory is this test's to remove, not the next make_dir()'s */
	strcpy(first, dir);
	dir[0] = 0;
	ASSERT_EQ(run(first, "frag", 7), 0);
	make_dir();
	ASSERT_EQ(run(dir, "frag", 7), 0);
	for (unsigned int i = 0; i < 3; i++) {
		slurp(first, files[i], 0);
		slurp(dir, files[i], 1);
		if (i == 2) {
			drop_last_column(text[0]);
			drop_last_column(text[1]);
		}
		ASSERT_STREQ(text[0], text[1]);
	}
	/* and another seed ages memory differently */
	make_dir();
	ASSERT_EQ(run(dir, "frag", 8), 0);
	slurp(first, files[1], 0);
	slurp(dir, files[1], 1);
	ASSERT_FALSE(!strcmp(text[0], text[1]));
	remove_tree(first);
}

/*
 * latency_batches.csv: per (kind, size, op) `batches` rows (5 in --quick, or as --param says)
 * whose calls add up to the row of latency.csv, with the same total whatever the batches, and
 * whose means weighted by their calls give latency.csv's mean.
 */
static void check_batches(const char *d, unsigned int batches, struct csv_data *lat)
{
	struct csv_data bat;
	char path[128];
	int cols[2][4];
	static const char *const names[] = { "kind", "size", "op", "ops" };

	snprintf(path, sizeof(path), "%s/latency.csv", d);
	ASSERT_EQ(csv_load(path, lat), 0);
	snprintf(path, sizeof(path), "%s/latency_batches.csv", d);
	ASSERT_EQ(csv_load(path, &bat), 0);
	ASSERT_EQ(bat.nr_rows, lat->nr_rows * batches);
	for (int i = 0; i < 4; i++) {
		cols[0][i] = csv_column(lat, names[i]);
		cols[1][i] = csv_column(&bat, names[i]);
		ASSERT_GE(cols[0][i], 0);
		ASSERT_GE(cols[1][i], 0);
	}
	for (unsigned long r = 0; r < lat->nr_rows; r++) {
		char *const *want = lat->rows[r]->fields;
		double ops = 0, sum = 0, mean = strtod(want[csv_column(lat, "mean_ns")], NULL);
		unsigned int n = 0;

		for (unsigned long b = 0; b < bat.nr_rows; b++) {
			char *const *got = bat.rows[b]->fields;
			double o = strtod(got[cols[1][3]], NULL);

			if (strcmp(got[cols[1][0]], want[cols[0][0]]) ||
			    strcmp(got[cols[1][1]], want[cols[0][1]]) ||
			    strcmp(got[cols[1][2]], want[cols[0][2]]))
				continue;
			ASSERT_EQ(strtoul(got[csv_column(&bat, "batch")], NULL, 10), n);
			n++;
			ops += o;
			sum += o * strtod(got[csv_column(&bat, "mean_ns")], NULL);
		}
		ASSERT_EQ(n, batches);
		ASSERT_TRUE(ops == strtod(want[cols[0][3]], NULL));
		if (ops && fabs(sum / ops - mean) > 1e-6 * mean)
			FAIL("row %lu: batch means give %.9g, latency.csv %.9g", r, sum / ops,
			     mean);
	}
	csv_data_free(&bat);
}

TEST(latency_batches)
{
	struct csv_data five, seven;

	make_dir();
	ASSERT_EQ(run(dir, "latency", 1), 0);
	check_batches(dir, 5, &five);
	make_dir();
	ASSERT_EQ(run_full(dir, "latency", 1, harness_backend(), "batches", 7), 0);
	check_batches(dir, 7, &seven);
	/* the same steps, whatever the batches */
	ASSERT_EQ(five.nr_rows, seven.nr_rows);
	for (unsigned long r = 0; r < five.nr_rows; r++)
		ASSERT_STREQ(five.rows[r]->fields[csv_column(&five, "ops")],
			     seven.rows[r]->fields[csv_column(&seven, "ops")]);
	csv_data_free(&five);
	csv_data_free(&seven);
}

/*
 * Throwaway workloads that break the model's promises, which the runner must catch after the
 * workload, whatever the workload says: one keeps a page, one frees a page twice.
 */
static int leak_run(const struct workload_ctx *ctx, struct result_sink *sink)
{
	(void)ctx;
	(void)sink;
	return alloc_page(GFP_KERNEL) ? 0 : -ENOMEM;
}

static int double_free_run(const struct workload_ctx *ctx, struct result_sink *sink)
{
	struct page *page = alloc_page(GFP_KERNEL);

	(void)ctx;
	(void)sink;
	if (!page)
		return -ENOMEM;
	__free_pages(page, 0);
	__free_pages(page, 0);
	return 0;
}

static const struct workload leak_workload = {
	.name = "leak",
	.help = "keeps one page",
	.mem_bytes = 64ULL << 20,
	.run = leak_run,
};

static const struct workload double_free_workload = {
	.name = "double_free",
	.help = "frees one page twice",
	.mem_bytes = 64ULL << 20,
	.run = double_free_run,
};

static int run_status;

static void run_plan(void *arg)
{
	(void)arg;
	kmem_shutdown();
	run_status = runner_run(&plan);
}

TEST(runner_finds_a_page_not_given_back)
{
	char want[128];
	const char *err;

	make_dir();
	quick_plan(dir, &leak_workload, 1, harness_backend());
	err = harness_capture(run_plan, NULL);
	ASSERT_EQ(run_status, 1);
	snprintf(want, sizeof(want), "kmembench: leak %s/x86_64: 1 pages not given back (",
		 harness_backend());
	ASSERT_CONTAINS(err, want);
	ASSERT_EQ(harness_count_lines(err), 1);
}

TEST(runner_finds_a_bad_page_report)
{
	char want[128];
	const char *err;

	make_dir();
	quick_plan(dir, &double_free_workload, 1, harness_backend());
	err = harness_capture(run_plan, NULL);
	ASSERT_EQ(run_status, 1);
	ASSERT_CONTAINS(err, "page dumped because: page already free\n");
	snprintf(want, sizeof(want), "kmembench: double_free %s/x86_64: 1 bad page reports\n",
		 harness_backend());
	ASSERT_CONTAINS(err, want);
	ASSERT_EQ(harness_count(err, "kmembench: "), 1);
}

/* Both at once, each after its own workload, in one run: the run fails, both are named */
TEST(runner_checks_every_workload)
{
	const char *err;

	make_dir();
	quick_plan(dir, &leak_workload, 1, harness_backend());
	ASSERT_NOT_NULL(runner_plan_add(&plan, &double_free_workload));
	err = harness_capture(run_plan, NULL);
	ASSERT_EQ(run_status, 1);
	ASSERT_CONTAINS(err, "kmembench: leak ");
	ASSERT_CONTAINS(err, "kmembench: double_free ");
	ASSERT_EQ(harness_count(err, "kmembench: "), 2);
}

/* A table of two columns and a workload that writes rows of @row_len values to it */
static const struct result_column pair_cols[] = {
	{ "a", RESULT_INT, "", "first" },
	{ "b", RESULT_INT, "", "second" },
};
static const struct result_table pair_table = {
	.file = "pair.csv",
	.cols = pair_cols,
	.nr_cols = 2,
};
static const struct result_table *const pair_tables[] = { &pair_table };
static unsigned int row_len;

static int pair_run(const struct workload_ctx *ctx, struct result_sink *sink)
{
	struct result_value v[3] = { RV_INT(1), RV_INT(2), RV_INT(3) };

	(void)ctx;
	return result_row(sink, &pair_table, v, row_len);
}

static const struct workload pair_workload = {
	.name = "pair",
	.help = "one row of pair.csv",
	.tables = pair_tables,
	.nr_tables = 1,
	.mem_bytes = 64ULL << 20,
	.run = pair_run,
};

/* A row one value short or one too long fails the workload and writes nothing */
TEST(rows_of_the_wrong_length_are_refused)
{
	static const unsigned int lens[] = { 1, 3 };
	char path[128], want[128];

	for (unsigned int i = 0; i < ARRAY_SIZE(lens); i++) {
		const char *err;

		make_dir();
		row_len = lens[i];
		quick_plan(dir, &pair_workload, 1, harness_backend());
		err = harness_capture(run_plan, NULL);
		ASSERT_EQ(run_status, 1);
		snprintf(want, sizeof(want),
			 "kmembench: pair.csv: a row of %u values, the table has 2 columns\n",
			 lens[i]);
		ASSERT_CONTAINS(err, want);
		ASSERT_EQ(harness_count_lines(err), 1);
		snprintf(path, sizeof(path), "%s/pair.csv", dir);
		ASSERT_NE(access(path, F_OK), 0);
	}
	/* and the right length is written */
	make_dir();
	row_len = 2;
	quick_plan(dir, &pair_workload, 1, harness_backend());
	kmem_shutdown();
	ASSERT_EQ(runner_run(&plan), 0);
	ASSERT_STREQ(slurp(dir, "pair.csv", 0), "a,b\r\n1,2\r\n");
}

struct bad_case {
	char *argv[6];
};

static struct bad_case bad[] = {
	{ { "run", "--backend", "nosuch" } },
	{ { "run", "--arch", "arm64" } },
	{ { "run", "--workload", "latency,bogus" } },
	{ { "run", "--mem", "12Q" } },
	{ { "run", "--nodes", "0" } },
	{ { "run", "--threads", "1,x" } },
	{ { "run", "--threads", "0" } },
	{ { "run", "--seed", "-1" } },
	{ { "run", "--param", "latency.nosuch=1" } },
	{ { "run", "--param", "frag.fill=200" } },
	{ { "run", "--param", "latency.batches=0" } },
	{ { "run", "--param", "latency.batches=65" } },
	{ { "run", "--param", "nosuch.ops=1" } },
	{ { "run", "--param", "latency" } },
	{ { "run", "--param", "tlb.min_ws=8388608", "--param", "tlb.max_ws=4194304" } },
	{ { "run", "--bogus" } },
	{ { "run", "--quick=1" } },
	{ { "run", "--seed" } },
	{ { "run", "extra" } },
};

static int bad_status;

static void run_bad(void *arg)
{
	struct bad_case *c = arg;
	int argc = 0;

	while (c->argv[argc])
		argc++;
	bad_status = cmd_run(argc, c->argv);
}

TEST(bad_command_lines)
{
	kmem_shutdown();
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *err = harness_capture(run_bad, &bad[i]);

		if (bad_status != 2 || harness_count_lines(err) != 1)
			FAIL("case %u (%s %s): status %d, stderr:\n%s", i, bad[i].argv[1],
			     bad[i].argv[2] ? bad[i].argv[2] : "", bad_status, err);
		ASSERT_CONTAINS(err, "kmembench run: ");
	}
}
