// SPDX-License-Identifier: GPL-2.0
/*
 * Capture bundles (results/bundle.h): the hand-made fixture tests/data/bundle-min/ read whole;
 * each required file missing, and malformed sysctl, manifest and kpage files, refused with one
 * line naming the file; the writer's copies (plain, gzip, sysctl lines from a /proc laid out
 * in a temporary directory) read back as written.
 *
 * The bundle code uses no back end: the harness boots one per test all the same, which costs
 * nothing here.
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "results/bundle.h"
#include "results/rundir.h"
#include "harness.h"

#define FIXTURE KMEM_TEST_DATA "/bundle-min"

/* bundle-min's kpageflags (README.md there): the bits the fixture sets */
#define KPF_SLAB     (1ULL << 7)
#define KPF_BUDDY    (1ULL << 10)
#define KPF_RESERVED (1ULL << 32)

static char *make_dir(char *buf, size_t size)
{
	snprintf(buf, size, "%s/kmem-bundle.XXXXXX", getenv("TMPDIR") ?: "/tmp");
	return mkdtemp(buf);
}

static void path_of(char *path, const char *dir, const char *name)
{
	ASSERT_TRUE((size_t)snprintf(path, PATH_MAX, "%s/%s", dir, name) < PATH_MAX);
}

static void put_file(const char *dir, const char *name, const void *data, size_t len)
{
	char path[PATH_MAX];
	FILE *f;

	path_of(path, dir, name);
	f = fopen(path, "wb");
	ASSERT_NOT_NULL(f);
	ASSERT_EQ(fwrite(data, 1, len, f), len);
	ASSERT_EQ(fclose(f), 0);
}

static void put_gzip(const char *dir, const char *name, const void *data, size_t len)
{
	char path[PATH_MAX];
	gzFile gz;

	path_of(path, dir, name);
	gz = gzopen(path, "wb");
	ASSERT_NOT_NULL(gz);
	ASSERT_EQ(gzwrite(gz, data, len), (int)len);
	ASSERT_EQ(gzclose(gz), Z_OK);
}

/* A copy of bundle-min in a new temporary directory, its path in @dir */
static void copy_fixture(char *dir, size_t size)
{
	char src[PATH_MAX];
	struct dirent *de;
	DIR *d;

	ASSERT_NOT_NULL(make_dir(dir, size));
	d = opendir(FIXTURE);
	ASSERT_NOT_NULL(d);
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		path_of(src, FIXTURE, de->d_name);
		ASSERT_EQ(bundle_copy(dir, de->d_name, src, 0, NULL), 0);
	}
	closedir(d);
}

static void remove_dir(const char *dir)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= (int)sizeof(path))
			continue;
		if (unlink(path))
			remove_dir(path);
	}
	closedir(d);
	rmdir(dir);
}

/* bundle_open() of @dir fails with an error holding @what */
static void expect_refused(const char *dir, const char *what)
{
	struct bundle b;

	ASSERT_LT(bundle_open(&b, dir), 0);
	ASSERT_CONTAINS(b.error, what);
	ASSERT_NOT_CONTAINS(b.error, "\n");
	bundle_close(&b);
}

TEST(fixture_reads_whole)
{
	uint64_t *flags, *count;
	size_t nr, nr_count, len;
	struct bundle b;
	char path[PATH_MAX];
	char *text;

	ASSERT_EQ(bundle_open(&b, FIXTURE), 0);
	ASSERT_TRUE(b.has_manifest);
	ASSERT_STREQ(bundle_manifest(&b, BUNDLE_MANIFEST_FORMAT), BUNDLE_FORMAT);
	ASSERT_STREQ(bundle_manifest(&b, BUNDLE_MANIFEST_CPUS), "2");
	ASSERT_STREQ(bundle_manifest(&b, "event.kmem:kmem_cache_alloc"), "9");
	ASSERT_NULL(bundle_manifest(&b, "no_such_key"));
	ASSERT_EQ(b.nr_sysctl[BUNDLE_BEFORE], 7);
	ASSERT_STREQ(bundle_sysctl(&b, BUNDLE_BEFORE, "lowmem_reserve_ratio"), "256 256 32 0 0");
	ASSERT_STREQ(bundle_sysctl(&b, BUNDLE_AFTER, "watermark_scale_factor"), "10");
	ASSERT_NULL(bundle_sysctl(&b, BUNDLE_AFTER, "swappiness"));

	text = bundle_read_proc(&b, BUNDLE_BEFORE, BUNDLE_buddyinfo, &len);
	ASSERT_NOT_NULL(text);
	ASSERT_EQ(strlen(text), len);
	ASSERT_EQ(strncmp(text, "Node 0, zone", 12), 0);
	free(text);
	ASSERT_NOT_NULL(bundle_proc_path(&b, BUNDLE_AFTER, BUNDLE_zoneinfo, path, sizeof(path)));
	ASSERT_CONTAINS(path, "bundle-min/after.zoneinfo");

	ASSERT_EQ(bundle_read_kpages(&b, BUNDLE_KPAGEFLAGS, &flags, &nr), 0);
	ASSERT_EQ(bundle_read_kpages(&b, BUNDLE_KPAGECOUNT, &count, &nr_count), 0);
	ASSERT_EQ(nr, 64);
	ASSERT_EQ(nr_count, 64);
	ASSERT_EQ(flags[0], KPF_RESERVED);
	ASSERT_EQ(flags[8], KPF_BUDDY);
	ASSERT_EQ(flags[12], KPF_SLAB);
	ASSERT_EQ(flags[32], KPF_BUDDY);
	ASSERT_EQ(count[8], 0);
	ASSERT_EQ(count[16], 1);
	free(flags);
	free(count);
	bundle_close(&b);

	ASSERT_TRUE(bundle_is_bundle(FIXTURE));
	ASSERT_FALSE(bundle_is_bundle(FIXTURE "/manifest"));
	ASSERT_FALSE(bundle_is_bundle(KMEM_TEST_DATA));
}

/* Every file but the manifest is required: each one missing is named */
TEST(missing_file_named)
{
	static const char *const required[] = {
		"before.zoneinfo", "before.buddyinfo",	 "before.pagetypeinfo", "before.vmstat",
		"before.slabinfo", "before.meminfo",	 "before.sysctl",	"after.zoneinfo",
		"after.buddyinfo", "after.pagetypeinfo", "after.vmstat",	"after.slabinfo",
		"after.meminfo",   "after.sysctl",	 BUNDLE_KPAGEFLAGS,	BUNDLE_KPAGECOUNT,
		BUNDLE_TRACE,	   BUNDLE_TRACE_STATS,	 BUNDLE_UNAME,
	};
	char dir[PATH_MAX], path[PATH_MAX], what[128];
	struct bundle b;

	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		copy_fixture(dir, sizeof(dir));
		path_of(path, dir, required[i]);
		ASSERT_EQ(unlink(path), 0);
		snprintf(what, sizeof(what), "%s: missing", required[i]);
		expect_refused(dir, what);
		remove_dir(dir);
	}

	/* the manifest alone may be missing */
	copy_fixture(dir, sizeof(dir));
	path_of(path, dir, BUNDLE_MANIFEST);
	ASSERT_EQ(unlink(path), 0);
	ASSERT_EQ(bundle_open(&b, dir), 0);
	ASSERT_FALSE(b.has_manifest);
	ASSERT_NULL(bundle_manifest(&b, BUNDLE_MANIFEST_CPUS));
	bundle_close(&b);
	remove_dir(dir);

	expect_refused("/nonexistent/bundle", "No such file or directory");
	expect_refused(FIXTURE "/uname", "not a directory");
}

TEST(malformed_parts_named)
{
	static const char no_space[] = "min_free_kbytes 67584\nwatermark_scale_factor\n";
	static const char twice[] = "format kmembench-bundle-1\nnr_cpus 2\nnr_cpus 4\n";
	static const char nul[] = "min_free_kbytes 1\0x\n";
	static const unsigned char cut[12] = { 0 };
	char dir[PATH_MAX], path[PATH_MAX];
	uint64_t *vals;
	struct bundle b;
	size_t nr;

	copy_fixture(dir, sizeof(dir));
	put_file(dir, "after.sysctl", no_space, sizeof(no_space) - 1);
	expect_refused(dir, "after.sysctl:2: not \"NAME VALUE\"");
	remove_dir(dir);

	copy_fixture(dir, sizeof(dir));
	put_file(dir, "before.sysctl", nul, sizeof(nul) - 1);
	expect_refused(dir, "before.sysctl: holds a NUL byte");
	remove_dir(dir);

	copy_fixture(dir, sizeof(dir));
	put_file(dir, BUNDLE_MANIFEST, twice, sizeof(twice) - 1);
	expect_refused(dir, "manifest:3: 'nr_cpus' given twice");
	remove_dir(dir);

	copy_fixture(dir, sizeof(dir));
	put_file(dir, BUNDLE_TRACE, "# tracer: nop\n", 14);
	expect_refused(dir, BUNDLE_TRACE ": not gzip");
	remove_dir(dir);

	copy_fixture(dir, sizeof(dir));
	path_of(path, dir, "after.slabinfo");
	ASSERT_EQ(unlink(path), 0);
	ASSERT_EQ(mkdir(path, 0755), 0);
	expect_refused(dir, "after.slabinfo: not a regular file");
	remove_dir(dir);

	/* a kpageflags copy cut inside an entry opens, and is refused when read */
	copy_fixture(dir, sizeof(dir));
	put_gzip(dir, BUNDLE_KPAGEFLAGS, cut, sizeof(cut));
	ASSERT_EQ(bundle_open(&b, dir), 0);
	ASSERT_LT(bundle_read_kpages(&b, BUNDLE_KPAGEFLAGS, &vals, &nr), 0);
	ASSERT_CONTAINS(b.error, BUNDLE_KPAGEFLAGS ": 4 bytes after the last whole 8-byte entry");
	bundle_close(&b);
	remove_dir(dir);

	/* gzip magic, then garbage */
	copy_fixture(dir, sizeof(dir));
	put_file(dir, BUNDLE_KPAGECOUNT, "\x1f\x8b\x08\x00garbage-garbage", 19);
	ASSERT_EQ(bundle_open(&b, dir), 0);
	ASSERT_LT(bundle_read_kpages(&b, BUNDLE_KPAGECOUNT, &vals, &nr), 0);
	ASSERT_CONTAINS(b.error, BUNDLE_KPAGECOUNT ": ");
	bundle_close(&b);
	remove_dir(dir);
}

/*
 * The writer, from a /proc laid out by hand: verbatim copies, the sysctl lines (tabs as
 * spaces, the last newline gone, write-only files and stat_refresh left out), and a gzip copy
 * big enough to take several buffers, read back entry for entry.
 */
TEST(writer_round_trip)
{
	char root[PATH_MAX], out[PATH_MAX], path[PATH_MAX], vm[PATH_MAX];
	enum { NR = 100000 };
	uint64_t *big, *vals;
	struct bundle b;
	uint64_t bytes;
	size_t nr;
	char *text;

	ASSERT_NOT_NULL(make_dir(root, sizeof(root)));
	ASSERT_NOT_NULL(make_dir(out, sizeof(out)));
	for (int p = 0; p < BUNDLE_NR_PROC; p++)
		put_file(root, bundle_proc_name(p), bundle_proc_name(p),
			 strlen(bundle_proc_name(p)));
	path_of(vm, root, "sys/vm");
	ASSERT_EQ(make_dirs(vm), 0);
	put_file(vm, "lowmem_reserve_ratio", "256\t256\t32\t0\t0\n", 15);
	put_file(vm, "min_free_kbytes", "67584\n", 6);
	put_file(vm, "stat_refresh", "", 0);
	put_file(vm, "drop_caches", "", 0);
	path_of(path, vm, "drop_caches");
	ASSERT_EQ(chmod(path, 0200), 0);

	for (int w = 0; w < BUNDLE_NR_WHEN; w++)
		ASSERT_EQ(bundle_snapshot(out, w, root), 0);
	big = malloc(NR * sizeof(*big));
	ASSERT_NOT_NULL(big);
	for (size_t i = 0; i < NR; i++)
		big[i] = i * 0x9e3779b97f4a7c15ULL;
	put_file(root, "kpageflags", big, NR * sizeof(*big));
	path_of(path, root, "kpageflags");
	ASSERT_EQ(bundle_copy(out, BUNDLE_KPAGEFLAGS, path, 1, &bytes), 0);
	ASSERT_EQ(bytes, NR * sizeof(*big));
	ASSERT_EQ(bundle_copy(out, BUNDLE_KPAGECOUNT, path, 9, NULL), 0);
	ASSERT_LT(bundle_copy(out, BUNDLE_TRACE, "/nonexistent/trace", 1, NULL), 0);
	put_gzip(out, BUNDLE_TRACE, "# tracer: nop\n", 14);
	put_file(out, BUNDLE_TRACE_STATS, "cpu0\n", 5);
	put_file(out, BUNDLE_UNAME, "Linux\n", 6);

	ASSERT_EQ(bundle_open(&b, out), 0);
	ASSERT_FALSE(b.has_manifest);
	ASSERT_EQ(b.nr_sysctl[BUNDLE_AFTER], 2);
	ASSERT_STREQ(bundle_sysctl(&b, BUNDLE_AFTER, "lowmem_reserve_ratio"), "256 256 32 0 0");
	ASSERT_STREQ(bundle_sysctl(&b, BUNDLE_BEFORE, "min_free_kbytes"), "67584");
	ASSERT_NULL(bundle_sysctl(&b, BUNDLE_BEFORE, "drop_caches"));
	text = bundle_read_proc(&b, BUNDLE_AFTER, BUNDLE_pagetypeinfo, NULL);
	ASSERT_STREQ(text, "pagetypeinfo");
	free(text);
	ASSERT_EQ(bundle_read_kpages(&b, BUNDLE_KPAGEFLAGS, &vals, &nr), 0);
	ASSERT_EQ(nr, NR);
	ASSERT_EQ(memcmp(vals, big, NR * sizeof(*big)), 0);
	free(vals);
	ASSERT_EQ(bundle_read_kpages(&b, BUNDLE_KPAGECOUNT, &vals, &nr), 0);
	ASSERT_EQ(nr, NR);
	ASSERT_EQ(vals[NR - 1], big[NR - 1]);
	free(vals);
	bundle_close(&b);
	free(big);
	remove_dir(root);
	remove_dir(out);
}
