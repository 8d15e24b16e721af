// SPDX-License-Identifier: GPL-2.0
/*
 * The environment the library reads: KMEM_MEM is checked where it is read, once, as --mem is
 * (0 and sizes no profile can boot are refused there, so a program that reads the environment
 * and then boots reports a bad value once, not at every boot); a topology supplied to hwloc
 * (HWLOC_XMLFILE, HWLOC_SYNTHETIC) that hwloc cannot use fails the boot with one line naming
 * the variable and its value, instead of hwloc quietly reading this host. Each bad value
 * leaves nothing behind: the next good boot works.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <kmem/kmem.h>

#include "harness.h"

#define MiB (1ULL << 20)

/* kmem_config_from_env() with @var=@value: returns its result, one line on stderr in *@err */
static int read_env(const char *var, const char *value, const char **err)
{
	struct kmem_config cfg;
	int ret;

	harness_setenv(var, value);
	harness_capture_begin();
	ret = kmem_config_from_env(&cfg);
	*err = harness_capture_end();
	return ret;
}

/* The harness's configuration, booted with stderr captured; the result, stderr in *@err */
static int boot_env(const char **err)
{
	struct kmem_config cfg;
	int ret;

	kmem_shutdown();
	harness_config(&cfg);
	cfg.backend = harness_backend();
	harness_capture_begin();
	ret = kmem_boot(&cfg);
	*err = harness_capture_end();
	return ret;
}

/* One line on stderr that names @var and '@value' */
static void expect_one_line_naming(const char *err, const char *var, const char *value)
{
	char quoted[256];

	snprintf(quoted, sizeof(quoted), "%s='%s'", var, value);
	if (harness_count_lines(err) != 1 || !harness_contains(err, quoted))
		FAIL("want one line naming %s, got:\n%s", quoted, err);
}

/* KMEM_MEM=0 is refused as --mem 0 is: it cannot mean the profile's default */
TEST(kmem_mem_zero_refused)
{
	const char *err;

	ASSERT_EQ(read_env("KMEM_MEM", "0", &err), -EINVAL);
	expect_one_line_naming(err, "KMEM_MEM", "0");
	ASSERT_CONTAINS(err, "is not a size");
}

/* KMEM_COMPACTION is 0 or 1: anything else is refused with one line; 0 turns compaction off */
TEST(kmem_compaction_read)
{
	struct kmem_config cfg;
	struct kmem_info info;
	const char *err;

	ASSERT_EQ(read_env("KMEM_COMPACTION", "2", &err), -EINVAL);
	expect_one_line_naming(err, "KMEM_COMPACTION", "2");
	harness_setenv("KMEM_COMPACTION", "0");
	ASSERT_EQ(kmem_config_from_env(&cfg), 0);
	ASSERT_EQ(cfg.compaction, KMEM_COMPACTION_OFF);
	ASSERT_EQ(boot_env(&err), 0);
	kmem_get_info(&info);
	ASSERT_FALSE(info.compaction);
	harness_setenv("KMEM_COMPACTION", "1");
	ASSERT_EQ(boot_env(&err), 0);
	kmem_get_info(&info);
	ASSERT_EQ(info.compaction, info.compaction_supported);
	harness_setenv("KMEM_COMPACTION", NULL);
}

/* Sizes no profile can boot are refused where KMEM_MEM is read, with one line */
TEST(kmem_mem_unbootable_refused_once)
{
	static const char *const bad[] = { "15M", "1M", "5000K", "16385K" };
	const char *err;

	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ASSERT_LT(read_env("KMEM_MEM", bad[i], &err), 0);
		expect_one_line_naming(err, "KMEM_MEM", bad[i]);
	}
	/* kmem_boot(NULL) reads the environment itself: still one line */
	kmem_shutdown();
	harness_capture_begin();
	ASSERT_LT(kmem_boot(NULL), 0);
	err = harness_capture_end();
	expect_one_line_naming(err, "KMEM_MEM", bad[3]);
	ASSERT_FALSE(kmem_booted());

	ASSERT_EQ(read_env("KMEM_MEM", "16M", &err), 0);
	ASSERT_STREQ(err, "");
}

/*
 * Every integer is read by kmem_parse_dec(): digits and nothing else, as the command line's
 * --nodes is, so KMEM_NODES takes no sign or blank that --nodes would refuse, and a size's
 * number stops at UINT64_MAX like any other.
 */
TEST(integers_read_alike)
{
	static const char *const bad[] = { " 2", "+2", "2 ", "0x2", "-0", "2k" };
	static const char span[] = "123x", max[] = "18446744073709551615",
			  over[] = "18446744073709551616";
	struct kmem_config cfg;
	unsigned long long bytes;
	const char *err;
	uint64_t v;

	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ASSERT_EQ(read_env("KMEM_NODES", bad[i], &err), -EINVAL);
		expect_one_line_naming(err, "KMEM_NODES", bad[i]);
	}
	harness_setenv("KMEM_NODES", "02");
	ASSERT_EQ(kmem_config_from_env(&cfg), 0);
	ASSERT_EQ(cfg.nr_nodes, 2);
	harness_setenv("KMEM_NODES", NULL);

	ASSERT_TRUE(kmem_parse_dec(span, span + 3, &v));
	ASSERT_EQ(v, 123ULL);
	ASSERT_FALSE(kmem_parse_dec(span, span + 4, &v));
	ASSERT_FALSE(kmem_parse_dec(span, span, &v));
	ASSERT_TRUE(kmem_parse_dec(max, max + 20, &v));
	ASSERT_EQ(v, UINT64_MAX);
	ASSERT_FALSE(kmem_parse_dec(over, over + 20, &v));
	ASSERT_EQ(kmem_parse_size(over, &bytes), -EINVAL);
	ASSERT_EQ(kmem_parse_size(" 6G", &bytes), -EINVAL);
	ASSERT_EQ(kmem_parse_size("+6G", &bytes), -EINVAL);
	ASSERT_EQ(kmem_parse_size("6GiB", &bytes), 0);
	ASSERT_EQ(bytes, 6ULL << 30);
}

/* A topology file that is missing, a directory, a device or absurdly large is refused */
TEST(hwloc_xmlfile_refused)
{
	char big[] = "/tmp/kmem-test-topology-XXXXXX";
	const char *const bad[] = { "/nonexistent/topology.xml", "/tmp", "/dev/zero", big };
	const char *err;
	int fd = mkstemp(big);

	ASSERT_GE(fd, 0);
	/* sparse: 65 MiB of nothing costs no disk */
	ASSERT_EQ(ftruncate(fd, (off_t)(65 * MiB)), 0);
	close(fd);

	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		harness_setenv("HWLOC_XMLFILE", bad[i]);
		if (boot_env(&err) >= 0) {
			unlink(big);
			FAIL("HWLOC_XMLFILE=%s: the boot succeeded; stderr:\n%s", bad[i], err);
		}
		ASSERT_FALSE(kmem_booted());
		expect_one_line_naming(err, "HWLOC_XMLFILE", bad[i]);
	}
	unlink(big);
	ASSERT_CONTAINS(err, "more than a topology file can be");

	harness_setenv("HWLOC_XMLFILE", NULL);
	ASSERT_EQ(boot_env(&err), 0);
}

/* A synthetic description hwloc does not accept is refused, naming it */
TEST(hwloc_synthetic_refused)
{
	const char *err;

	harness_setenv("HWLOC_SYNTHETIC", "garbage");
	ASSERT_LT(boot_env(&err), 0);
	ASSERT_FALSE(kmem_booted());
	expect_one_line_naming(err, "HWLOC_SYNTHETIC", "garbage");

	harness_setenv("HWLOC_SYNTHETIC", "node:2 core:2 pu:1");
	ASSERT_EQ(boot_env(&err), 0);
	harness_setenv("HWLOC_SYNTHETIC", NULL);
	ASSERT_EQ(boot_env(&err), 0);
}

/* KMEM_THP: 0 turns THP off, 1 on; anything else is refused with one line naming it */
TEST(kmem_thp_read)
{
	struct kmem_config cfg;
	const char *err;

	ASSERT_EQ(read_env("KMEM_THP", "0", &err), 0);
	ASSERT_STREQ(err, "");
	kmem_config_from_env(&cfg);
	ASSERT_EQ(cfg.thp, KMEM_THP_OFF);
	ASSERT_EQ(read_env("KMEM_THP", "1", &err), 0);
	kmem_config_from_env(&cfg);
	ASSERT_EQ(cfg.thp, 1);
	ASSERT_EQ(read_env("KMEM_THP", "yes", &err), -EINVAL);
	expect_one_line_naming(err, "KMEM_THP", "yes");
}
