// SPDX-License-Identifier: GPL-2.0
/*
 * `kmembench run` (bench/cli/cmd_run.c) and the workloads: each workload in --quick form on the
 * environment's back end, writing its CSV files; frag twice with one seed giving the same
 * non-timing figures; latency's batches adding up to its rows; and bad command lines, each
 * refused with exit status 2 and one line.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/cli/cmd_run.h"
#include "results/csv.h"
#include "results/schema.h"
#include "workloads/workload.h"
#include "harness.h"

static char dir[64];
static char text[2][1 << 20];

#define SCHEMA KMEM_TEST_DATA "/../../results/SCHEMA.md"

/*
 * Runs `kmembench run --quick --arch x86_64 --backend B --workload W --seed S --out DIR`, and
 * `--param P` when @param is not NULL
 */
static int run_full(const char *out, const char *workload, const char *seed, const char *backend,
		    const char *param)
{
	char *argv[] = { "run",	      "--quick",       "--arch",     "x86_64",
			 "--backend", (char *)backend, "--workload", (char *)workload,
			 "--seed",    (char *)seed,    "--out",	     (char *)out,
			 "--param",   (char *)param,   NULL };
	int argc = sizeof(argv) / sizeof(argv[0]) - 1;

	if (!param) {
		argc -= 2;
		argv[argc] = NULL;
	}
	kmem_shutdown();
	return cmd_run(argc, argv);
}

static int run_on(const char *out, const char *workload, const char *seed, const char *backend)
{
	return run_full(out, workload, seed, backend, NULL);
}

/* On the environment's back end */
static int run_param(const char *out, const char *workload, const char *seed, const char *param)
{
	return run_full(out, workload, seed, harness_backend(), param);
}

static int run(const char *out, const char *workload, const char *seed)
{
	return run_full(out, workload, seed, harness_backend(), NULL);
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

static void make_dir(void)
{
	snprintf(dir, sizeof(dir), "/tmp/kmem-wl-XXXXXX");
	ASSERT_NOT_NULL(mkdtemp(dir));
}

TEST(every_workload_quick)
{
	for (unsigned int w = 0; w < workload_count(); w++) {
		const struct workload *wl = workload_get(w);

		make_dir();
		ASSERT_EQ(run(dir, wl->name, "1"), 0);
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
	ASSERT_EQ(run_on(dir, "frag", "1", "buddy"), 0);
	grouped = frag_success(slurp(dir, "frag_summary.csv", 0), "movable_freed");
	make_dir();
	ASSERT_EQ(run_on(dir, "frag", "1", "buddy-nogroup"), 0);
	mixed = frag_success(slurp(dir, "frag_summary.csv", 0), "movable_freed");
	if (!(grouped > 2 * mixed))
		FAIL("order-9 success after freeing movable blocks: buddy %.3f, buddy-nogroup %.3f",
		     grouped, mixed);
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
	strcpy(first, dir);
	ASSERT_EQ(run(first, "frag", "7"), 0);
	make_dir();
	ASSERT_EQ(run(dir, "frag", "7"), 0);
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
	ASSERT_EQ(run(dir, "frag", "8"), 0);
	slurp(first, files[1], 0);
	slurp(dir, files[1], 1);
	ASSERT_FALSE(!strcmp(text[0], text[1]));
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
	ASSERT_EQ(run(dir, "latency", "1"), 0);
	check_batches(dir, 5, &five);
	make_dir();
	ASSERT_EQ(run_param(dir, "latency", "1", "latency.batches=7"), 0);
	check_batches(dir, 7, &seven);
	/* the same steps, whatever the batches */
	ASSERT_EQ(five.nr_rows, seven.nr_rows);
	for (unsigned long r = 0; r < five.nr_rows; r++)
		ASSERT_STREQ(five.rows[r]->fields[csv_column(&five, "ops")],
			     seven.rows[r]->fields[csv_column(&seven, "ops")]);
	csv_data_free(&five);
	csv_data_free(&seven);
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
