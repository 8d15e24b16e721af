// SPDX-License-Identifier: GPL-2.0
/*
 * Result files that are never cut short: a table is written beside its name and renamed into
 * place whole at csv_close() (csv_discard() leaves the old file), each row reaching the file in
 * one piece; meta.csv says when a signal interrupted the run; and the reader keeps every whole
 * row of a file whose last row was cut, saying so once, where check-schema reports the cut row
 * unless meta.csv says the run was interrupted.
 *
 * The CSV code uses no back end: the harness boots one per test all the same, which costs
 * nothing here.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "results/csv.h"
#include "results/meta.h"
#include "results/rundir.h"
#include "results/schema.h"
#include "workloads/measure/perf_counters.h"
#include "harness.h"

#define SCHEMA KMEM_TEST_DATA "/../../results/SCHEMA.md"

static const char *const columns[] = { "key", "value" };

static char *make_dir(char *buf, size_t size)
{
	snprintf(buf, size, "%s/kmem-csv.XXXXXX", getenv("TMPDIR") ?: "/tmp");
	return mkdtemp(buf);
}

/* @dir/@name into @path, of PATH_MAX bytes */
static char *join(char *path, const char *dir, const char *name)
{
	ASSERT_TRUE((size_t)snprintf(path, PATH_MAX, "%s/%s", dir, name) < PATH_MAX);
	return path;
}

static void put_file(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	join(path, dir, name);
	f = fopen(path, "w");
	ASSERT_TRUE(f != NULL);
	fputs(text, f);
	ASSERT_EQ(fclose(f), 0);
}

/* The file's text, or "" when it cannot be read; in @buf */
static const char *get_file(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, size - 1, f) : 0;

	if (f)
		fclose(f);
	buf[n] = '\0';
	return buf;
}

/* Entries of @dir other than . and .., and whether one is a temporary file of csv_open() */
static int count_entries(const char *dir, bool *tmp)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	ASSERT_TRUE(d != NULL);
	*tmp = false;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		n++;
		*tmp |= strstr(e->d_name, ".tmp") != NULL;
	}
	closedir(d);
	return n;
}

static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[PATH_MAX];

	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		unlink(join(path, dir, e->d_name));
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

static int read_text(const char *text, struct csv_reader *r, char *dir, size_t size)
{
	char path[PATH_MAX];

	ASSERT_TRUE(make_dir(dir, size) != NULL);
	put_file(dir, "t.csv", text);
	join(path, dir, "t.csv");
	return csv_reader_open(r, path);
}

/*
 * A record that the end of the file ends is cut short, wherever the cut falls: in a field, in a
 * quoted field, between CR and LF; a file ending with its line end has none.
 */
TEST(reader_cut_last_record)
{
	static const char *const cut[] = {
		"a,b\r\n1,2\r\n3,4",
		"a,b\r\n1,2\r\n3,\"x",
		"a,b\r\n1,2\r\n3,4\r",
		"a,b\r\n1,2\r\n3,",
	};
	struct csv_reader r;
	char dir[PATH_MAX];

	for (unsigned int i = 0; i < sizeof(cut) / sizeof(cut[0]); i++) {
		ASSERT_EQ(read_text(cut[i], &r, dir, sizeof(dir)), 0);
		ASSERT_EQ(csv_read_record(&r), 2);
		ASSERT_EQ(csv_read_record(&r), 2);
		ASSERT_EQ(strcmp(r.fields[1], "2"), 0);
		ASSERT_EQ(csv_read_record(&r), CSV_CUT);
		csv_reader_close(&r);
		remove_dir(dir);
	}
	ASSERT_EQ(read_text("a,b\r\n1,2\r\n3,4\r\n", &r, dir, sizeof(dir)), 0);
	ASSERT_EQ(csv_read_record(&r), 2);
	ASSERT_EQ(csv_read_record(&r), 2);
	ASSERT_EQ(csv_read_record(&r), 2);
	ASSERT_EQ(csv_read_record(&r), 0);
	csv_reader_close(&r);
	remove_dir(dir);
}

/* csv_load() keeps the whole rows before a cut one and says which line it dropped */
TEST(load_keeps_whole_rows)
{
	struct csv_data d;
	char dir[PATH_MAX], path[PATH_MAX];

	ASSERT_TRUE(make_dir(dir, sizeof(dir)) != NULL);
	put_file(dir, "t.csv", "a,b\r\n1,2\r\n3,4\r\n5,6");
	join(path, dir, "t.csv");
	ASSERT_EQ(csv_load(path, &d), 0);
	ASSERT_EQ(d.nr_rows, 2UL);
	ASSERT_EQ(strcmp(csv_get(&d, 1, 1), "4"), 0);
	ASSERT_TRUE(strstr(d.warning, "t.csv:4: warning: ") != NULL);
	csv_data_free(&d);

	put_file(dir, "t.csv", "a,b\r\n1,2\r\n");
	ASSERT_EQ(csv_load(path, &d), 0);
	ASSERT_EQ(d.nr_rows, 1UL);
	ASSERT_EQ(d.warning[0], '\0');
	csv_data_free(&d);

	/* a header cut short is no table */
	put_file(dir, "t.csv", "a,b");
	ASSERT_EQ(csv_load(path, &d), -EIO);
	csv_data_free(&d);
	remove_dir(dir);
}

/*
 * An existing table keeps its text until the new one is closed, and for good when the new one
 * is discarded; the file being written holds whole rows only, one write each.
 */
TEST(table_replaced_whole)
{
	char dir[PATH_MAX], path[PATH_MAX], buf[256];
	struct csv_table *t;
	bool tmp;

	ASSERT_TRUE(make_dir(dir, sizeof(dir)) != NULL);
	join(path, dir, "t.csv");
	put_file(dir, "t.csv", "key,value\r\nold,1\r\n");

	t = csv_open(dir, "t.csv", columns, 2);
	ASSERT_TRUE(t != NULL);
	ASSERT_EQ(count_entries(dir, &tmp), 2);
	ASSERT_TRUE(tmp);
	csv_str(t, "new");
	csv_u64(t, 2);
	csv_end_row(t);
	csv_str(t, "half");
	ASSERT_EQ(strcmp(get_file(path, buf, sizeof(buf)), "key,value\r\nold,1\r\n"), 0);
	csv_discard(t);
	ASSERT_EQ(strcmp(get_file(path, buf, sizeof(buf)), "key,value\r\nold,1\r\n"), 0);
	ASSERT_EQ(count_entries(dir, &tmp), 1);
	ASSERT_FALSE(tmp);

	t = csv_open(dir, "t.csv", columns, 2);
	ASSERT_TRUE(t != NULL);
	csv_str(t, "new");
	csv_u64(t, 2);
	csv_end_row(t);
	ASSERT_EQ(csv_close(t), 0);
	ASSERT_EQ(strcmp(get_file(path, buf, sizeof(buf)), "key,value\r\nnew,2\r\n"), 0);
	ASSERT_EQ(count_entries(dir, &tmp), 1);
	ASSERT_FALSE(tmp);
	remove_dir(dir);
}

/* Each row is on disk, whole, once csv_end_row() returns: nothing of the next one before */
TEST(rows_written_whole)
{
	char dir[PATH_MAX], path[PATH_MAX], buf[256];
	struct csv_table *t;
	struct dirent *e;
	DIR *d;

	ASSERT_TRUE(make_dir(dir, sizeof(dir)) != NULL);
	t = csv_open(dir, "t.csv", columns, 2);
	ASSERT_TRUE(t != NULL);
	d = opendir(dir);
	ASSERT_TRUE(d != NULL);
	path[0] = '\0';
	while ((e = readdir(d)))
		if (strstr(e->d_name, ".tmp"))
			join(path, dir, e->d_name);
	closedir(d);
	ASSERT_NE(path[0], '\0');
	ASSERT_EQ(strcmp(get_file(path, buf, sizeof(buf)), "key,value\r\n"), 0);
	csv_str(t, "a,b");
	ASSERT_EQ(strcmp(get_file(path, buf, sizeof(buf)), "key,value\r\n"), 0);
	csv_i64(t, -3);
	csv_end_row(t);
	ASSERT_EQ(strcmp(get_file(path, buf, sizeof(buf)), "key,value\r\n\"a,b\",-3\r\n"), 0);
	ASSERT_EQ(csv_close(t), 0);
	remove_dir(dir);
}

/* An interrupted command's meta.csv ends with interrupted,SIGNAL; the old rows stay */
TEST(meta_interrupted)
{
	char dir[PATH_MAX], path[PATH_MAX], buf[512];
	char *argv[] = { "kmembench", "replay", "x" };
	struct csv_table *t;

	ASSERT_TRUE(make_dir(dir, sizeof(dir)) != NULL);
	put_file(dir, "meta.csv", "key,value\r\nseed,1\r\n");
	join(path, dir, "meta.csv");
	t = run_meta_open_append(dir, "replay_command_line", 3, argv);
	ASSERT_TRUE(t != NULL);
	ASSERT_EQ(strcmp(get_file(path, buf, sizeof(buf)), "key,value\r\nseed,1\r\n"), 0);
	ASSERT_EQ(run_meta_close(t, SIGTERM), 0);
	ASSERT_EQ(strcmp(get_file(path, buf, sizeof(buf)),
			 "key,value\r\nseed,1\r\nreplay_command_line,kmembench replay x\r\n"
			 "interrupted,SIGTERM\r\n"),
		  0);
	remove_dir(dir);
}

/*
 * meta.csv describes the model and the counters from what the caller hands in (results/ boots
 * nothing and opens no counter of its own), and its perf_counters row is the probe's word.
 */
TEST(meta_from_caller)
{
	char dir[PATH_MAX], path[PATH_MAX], buf[8192];
	char *argv[] = { "kmembench", "run" };
	struct kmem_info info = { .nr_nodes = 3,
				  .numa_simulated = true,
				  .numa = "three nodes, from the test",
				  .pcp_high_fraction = 16,
				  .min_free_kbytes = 1015,
				  .direct_map_kind = "4k",
				  .direct_map_page_size = 4096 };
	struct csv_table *t;
	const char *probe = perf_counters_probe();

	ASSERT_TRUE(!strcmp(probe, "available") || !strncmp(probe, "not supported (", 15));
	ASSERT_TRUE(make_dir(dir, sizeof(dir)) != NULL);
	t = run_meta_open(dir, &info, NULL, "not supported (ETEST)", 7, 2, argv);
	ASSERT_TRUE(t != NULL);
	ASSERT_EQ(run_meta_close(t, 0), 0);
	get_file(join(path, dir, "meta.csv"), buf, sizeof(buf));
	ASSERT_TRUE(strstr(buf, "\r\nnuma,simulated\r\nnuma_nodes,3\r\n"
				"numa_detail,\"three nodes, from the test\"\r\n"
				"pcp_tune,off\r\npcp_high_fraction,16\r\nthp,off\r\n"
				"min_free_kbytes,1015\r\nnofragment,off\r\nhighatomic,off\r\n"
				"watermark_boost_factor,0\r\ncompaction,not supported\r\n"
				"compaction_proactiveness,0\r\nkcompactd,off\r\n"
				"direct_map_page_kind,4k\r\ndirect_map_page_size,4096\r\n"
				"direct_map_note,\r\nperf_counters,not supported (ETEST)\r\n"
				"timer,none\r\n") != NULL);
	ASSERT_TRUE(strstr(buf, "\r\nseed,7\r\ncommand_line,kmembench run\r\n") != NULL);
	remove_dir(dir);
}

/* A numeric field is the whole text and finite: what report, compare and the points agree on */
TEST(number_fields)
{
	static const char *const bad[] = { "", "1.5x", "inf", "-nan", "1e999", "12 " };
	double v;

	ASSERT_TRUE(csv_number("1.5", &v) && v == 1.5);
	ASSERT_TRUE(csv_number("-2", &v) && v == -2);
	ASSERT_TRUE(csv_number("1e3", &v) && v == 1000);
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ASSERT_FALSE(csv_number(bad[i], &v));
}

/*
 * The first signal sets the flag and nothing else; the handlers found before come back. A
 * signal ignored from the start stays ignored.
 */
TEST(signal_sets_flag)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL }, ign = { .sa_handler = SIG_IGN }, old;

	ASSERT_EQ(sigaction(SIGINT, &dfl, NULL), 0);
	ASSERT_EQ(sigaction(SIGTERM, &ign, NULL), 0);
	ASSERT_EQ(run_interrupt_catch(), 0);
	raise(SIGTERM);
	ASSERT_EQ(run_interrupted(), 0);
	run_interrupt_release();
	ASSERT_EQ(sigaction(SIGTERM, NULL, &old), 0);
	ASSERT_TRUE(old.sa_handler == SIG_IGN);
	ASSERT_EQ(sigaction(SIGTERM, &dfl, NULL), 0);
	ASSERT_EQ(run_interrupt_catch(), 0);
	ASSERT_EQ(run_interrupted(), 0);
	raise(SIGINT);
	ASSERT_EQ(run_interrupted(), SIGINT);
	raise(SIGTERM);
	ASSERT_EQ(run_interrupted(), SIGINT);
	ASSERT_EQ(strcmp(run_signal_name(SIGINT), "SIGINT"), 0);
	run_interrupt_release();
	ASSERT_EQ(sigaction(SIGINT, NULL, &old), 0);
	ASSERT_TRUE(old.sa_handler == SIG_DFL);
}

/* check-schema: a cut last row is an error, or a warning when meta.csv says "interrupted" */
TEST(schema_cut_row)
{
	char dir[PATH_MAX];
	FILE *out = tmpfile();

	ASSERT_TRUE(out != NULL);
	ASSERT_TRUE(make_dir(dir, sizeof(dir)) != NULL);
	put_file(dir, "meta.csv", "key,value\r\nseed,1\r\ncommand_line,kmembench r");
	ASSERT_EQ(schema_check_dir(dir, SCHEMA, out), 1);
	put_file(dir, "meta.csv", "key,value\r\nseed,1\r\ninterrupted,SIGINT\r\ncommand_line,k");
	ASSERT_EQ(schema_check_dir(dir, SCHEMA, out), 0);
	put_file(dir, "meta.csv", "key,value\r\nseed,1\r\n");
	ASSERT_EQ(schema_check_dir(dir, SCHEMA, out), 0);
	fclose(out);
	remove_dir(dir);
}

/* The text @out holds, from its start, into @buf */
static const char *stream_text(FILE *out, char *buf, size_t size)
{
	size_t n;

	rewind(out);
	n = fread(buf, 1, size - 1, out);
	buf[n] = '\0';
	return buf;
}

/*
 * Every key a meta.csv can hold, of a run (interrupted) and of a replay added to it, has its
 * line in meta_keys[], and every line there is a key some meta.csv holds: SCHEMA.md's table of
 * keys is the writer's.
 */
TEST(meta_keys_documented)
{
	static const struct meta_timer timer = { "clock_gettime", 20.0, 1.0, 1.0 };
	char *argv[] = { "kmembench", "run" };
	bool seen[64] = { false };
	char dir[PATH_MAX], path[PATH_MAX];
	struct kmem_info info;
	struct csv_reader r;
	struct csv_table *t;
	int n;

	ASSERT_LE(nr_meta_keys, sizeof(seen) / sizeof(seen[0]));
	ASSERT_TRUE(make_dir(dir, sizeof(dir)) != NULL);
	kmem_get_info(&info);
	t = run_meta_open(dir, &info, &timer, "available", 1, 2, argv);
	ASSERT_NOT_NULL(t);
	ASSERT_EQ(run_meta_close(t, SIGINT), 0);
	t = run_meta_open_append(dir, "replay_command_line", 2, argv);
	ASSERT_NOT_NULL(t);
	ASSERT_EQ(run_meta_close(t, 0), 0);
	t = run_meta_open_append(dir, "validate_command_line", 2, argv);
	ASSERT_NOT_NULL(t);
	ASSERT_EQ(run_meta_close(t, 0), 0);

	ASSERT_EQ(csv_reader_open(&r, join(path, dir, "meta.csv")), 0);
	ASSERT_EQ(csv_read_record(&r), 2);
	while ((n = csv_read_record(&r)) > 0) {
		unsigned int i = 0;

		ASSERT_EQ(n, 2);
		while (i < nr_meta_keys && strcmp(meta_keys[i].key, r.fields[0]))
			i++;
		if (i == nr_meta_keys)
			ASSERT_STREQ(r.fields[0], "(a key of results/meta_keys.c)");
		seen[i] = true;
	}
	ASSERT_EQ(n, 0);
	csv_reader_close(&r);
	for (unsigned int i = 0; i < nr_meta_keys; i++)
		if (!seen[i])
			ASSERT_STREQ(meta_keys[i].key, "(a key meta.csv holds)");
	remove_dir(dir);
}

static const struct result_column doc_cols[] = {
	{ "name", RESULT_STR, "", "a word" },
	{ "count", RESULT_INT, "pages", "how many" },
	{ "share", RESULT_FLOAT, "", "of all" },
};

static const struct schema_table doc_tables[] = {
	{ .file = "t.csv", .help = "One row per name.", .cols = doc_cols, .nr_cols = 3 },
};

/*
 * check-schema against descriptors: meta.csv is known without being given, a file of the
 * tables is checked column by column, and a file nobody describes is a problem that names the
 * schema. The SCHEMA.md that schema_doc_write() makes of the same tables reads back to the
 * same verdicts.
 */
TEST(schema_builtin_tables)
{
	char dir[PATH_MAX], doc[PATH_MAX + 8], buf[4096];
	FILE *out = tmpfile(), *f;

	ASSERT_TRUE(out != NULL);
	ASSERT_TRUE(make_dir(dir, sizeof(dir)) != NULL);
	put_file(dir, "meta.csv", "key,value\r\nseed,1\r\n");
	put_file(dir, "t.csv", "name,count,share\r\na,3,0.5\r\n\"b,c\",-1,2e+06\r\n");
	ASSERT_EQ(schema_check_dir_tables(dir, doc_tables, 1, "the built-in schema", out), 0);
	ASSERT_CONTAINS(stream_text(out, buf, sizeof(buf)),
			": 2 CSV files, 3 rows: all as the built-in schema documents them");

	/* the same tables as SCHEMA.md, outside the run directory */
	snprintf(doc, sizeof(doc), "%s.md", dir);
	f = fopen(doc, "w");
	ASSERT_NOT_NULL(f);
	ASSERT_EQ(schema_doc_write(f, "Rows start with a name.", doc_tables, 1), 0);
	ASSERT_EQ(fclose(f), 0);
	ASSERT_EQ(schema_check_dir(dir, doc, out), 0);

	put_file(dir, "t.csv", "name,count,share\r\na,3.5,x\r\n");
	ASSERT_EQ(schema_check_dir_tables(dir, doc_tables, 1, "the built-in schema", out), 1);
	ASSERT_CONTAINS(stream_text(out, buf, sizeof(buf)), "column count: '3.5' is not an int");
	ASSERT_CONTAINS(buf, "column share: 'x' is not a float");
	ASSERT_EQ(schema_check_dir(dir, doc, out), 1);

	put_file(dir, "t.csv", "name,count,share\r\na,3,0.5\r\n");
	put_file(dir, "u.csv", "x\r\n1\r\n");
	ASSERT_EQ(schema_check_dir_tables(dir, doc_tables, 1, "the built-in schema", out), 1);
	ASSERT_CONTAINS(stream_text(out, buf, sizeof(buf)),
			"u.csv: no '## u.csv' section in the built-in schema");
	ASSERT_EQ(schema_check_dir(dir, doc, out), 1);
	unlink(doc);
	fclose(out);
	remove_dir(dir);
}
