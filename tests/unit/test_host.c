// SPDX-License-Identifier: GPL-2.0
/*
 * The host profile (KMEM_ARCH=host): kmem_host_load() on fixtures (tests/data/host/), and the
 * model booted from them. The fixtures hold the kernel's own figures beside the layout, so the
 * model's watermarks, protection and per-CPU list sizes are checked against what a kernel
 * computed, figure for figure:
 *
 *  this/     this machine's /proc/zoneinfo and /proc/sys/vm, as copied when the profile was
 *            written (one node; DMA32 with the PCI hole, Normal with 884736 of 5505024 present
 *            pages managed: virtio-mem)
 *  bundle/   the same as a capture bundle holds it: before.zoneinfo, before.sysctl
 *  twonode/  a made-up two-node machine (DMA and DMA32 on node 0, Normal on node 1, one CPU
 *            each) whose figures were worked out apart from the model, with mm/page_alloc.c's
 *            formulas, for the default sysctls
 *  tuned/    the same machine as a bundle, with every sysctl the model takes set otherwise
 *
 * Bad sources are made in a temporary directory from this/, one fault each: every one fails
 * with one line on stderr naming the file, and leaves nothing booted.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/mm.h>

#include "harness.h"

#define HOST_DATA KMEM_TEST_DATA "/host"

static struct kmem_host_profile profile, other;

static int model_zone_idx(const char *name)
{
	static const char *const names[KMEM_NR_ZONES] = { "DMA", "DMA32", "Normal", "HighMem" };

	for (int i = 0; i < KMEM_NR_ZONES; i++)
		if (!strcmp(name, names[i]))
			return i;
	return -1;
}

static int boot_host(const char *dir, const struct kmem_host_profile *h)
{
	struct kmem_config cfg;

	kmem_shutdown();
	harness_config(&cfg);
	cfg.backend = harness_backend();
	cfg.arch = "host";
	cfg.host_proc = dir;
	cfg.host = h;
	return kmem_boot(&cfg);
}

/*
 * Every figure zoneinfo gives of a zone the model has, against the model booted from it:
 * layout, watermarks (the fixtures have no boost), each protection column (a column of a zone
 * the model lacks, empty, repeats the last), and each CPU's batch, high_min, high_max
 */
static void expect_model_matches(const struct kmem_host_profile *h)
{
	struct kmem_info info;

	kmem_get_info(&info);
	ASSERT_STREQ(info.arch, "host");
	ASSERT_EQ(info.nr_nodes, h->nr_nodes);
	ASSERT_EQ(info.nr_cpus, h->nr_cpus);
	ASSERT_EQ(info.min_free_kbytes, h->min_free_kbytes);
	for (int i = 0; i < h->nr_zones; i++) {
		const struct kmem_host_zone *z = &h->zones[i];
		int idx = model_zone_idx(z->name);
		struct kmem_zone_stats st;

		if (idx < 0) {
			ASSERT_EQ(z->managed, 0);
			continue;
		}
		ASSERT_EQ(kmem_zone_stats(z->node, idx, &st), 0);
		ASSERT_EQ(st.start_pfn, z->start_pfn);
		ASSERT_EQ(st.spanned, z->spanned);
		ASSERT_EQ(st.present, z->present);
		ASSERT_EQ(st.managed, z->managed);
		if (!z->managed)
			continue;
		ASSERT_EQ(z->boost, 0);
		ASSERT_EQ(st.watermark[0], z->min);
		ASSERT_EQ(st.watermark[1], z->low);
		ASSERT_EQ(st.watermark[2], z->high);
		ASSERT_EQ(st.free, z->managed);
		for (int j = 0, col = 0; j < h->nr_zones; j++) {
			int cidx;

			if (h->zones[j].node != z->node)
				continue;
			cidx = model_zone_idx(h->zones[j].name);
			ASSERT_EQ(st.lowmem_reserve[cidx >= 0 ? cidx : KMEM_NR_ZONES - 1],
				  z->protection[col]);
			col++;
		}
		ASSERT_TRUE(z->has_pcp);
		ASSERT_TRUE(z->pcp_uniform);
		for (int cpu = 0; cpu < info.nr_cpus; cpu++) {
			struct kmem_pcp_stats ps;

			ASSERT_EQ(kmem_pcp_stats(z->node, idx, cpu, &ps), 0);
			ASSERT_EQ(ps.batch, z->pcp_batch);
			ASSERT_EQ(ps.high_min, z->pcp_high_min);
			ASSERT_EQ(ps.high_max, z->pcp_high_max);
		}
	}
}

/* this/: the figures of this machine's zoneinfo, as read */
TEST(host_load_proc_copy)
{
	ASSERT_EQ(kmem_host_load(HOST_DATA "/this", &profile), 0);
	ASSERT_EQ(profile.nr_nodes, 1);
	ASSERT_EQ(profile.nr_zones, 5);
	ASSERT_EQ(profile.nr_cpus, 2);
	ASSERT_STREQ(profile.zones[0].name, "DMA");
	ASSERT_EQ(profile.zones[0].start_pfn, 1);
	ASSERT_EQ(profile.zones[0].spanned, 4095);
	ASSERT_EQ(profile.zones[0].present, 3998);
	ASSERT_EQ(profile.zones[0].managed, 3840);
	ASSERT_EQ(profile.zones[0].min, 39);
	ASSERT_EQ(profile.zones[0].nr_protection, 5);
	ASSERT_EQ(profile.zones[0].protection[1], 3018);
	ASSERT_EQ(profile.zones[0].pcp_high_max, 240);
	ASSERT_STREQ(profile.zones[2].name, "Normal");
	ASSERT_EQ(profile.zones[2].present, 5505024);
	ASSERT_EQ(profile.zones[2].managed, 884736);
	ASSERT_EQ(profile.zones[2].pcp_batch, 63);
	ASSERT_STREQ(profile.zones[3].name, "Movable");
	ASSERT_EQ(profile.zones[3].present, 0);
	ASSERT_FALSE(profile.zones[3].has_pcp);
	ASSERT_EQ(profile.min_free_kbytes, 67584);
	ASSERT_EQ(profile.watermark_scale_factor, 10);
	ASSERT_EQ(profile.percpu_pagelist_high_fraction, 0);
	ASSERT_EQ(profile.watermark_boost_factor, 15000);
	ASSERT_EQ(profile.extfrag_threshold, 500);
	ASSERT_EQ(profile.compaction_proactiveness, 20);
	ASSERT_EQ(profile.nr_lowmem_reserve_ratio, 5);
	ASSERT_EQ(profile.lowmem_reserve_ratio[2], 32);
}

/* A capture bundle's before.zoneinfo and before.sysctl read as the /proc copy they were */
TEST(host_load_bundle)
{
	ASSERT_EQ(kmem_host_load(HOST_DATA "/this", &profile), 0);
	ASSERT_EQ(kmem_host_load(HOST_DATA "/bundle", &other), 0);
	ASSERT_EQ(other.nr_zones, profile.nr_zones);
	ASSERT_EQ(memcmp(other.zones, profile.zones, sizeof(profile.zones)), 0);
	ASSERT_EQ(other.nr_cpus, profile.nr_cpus);
	ASSERT_EQ(other.min_free_kbytes, profile.min_free_kbytes);
	ASSERT_EQ(other.compaction_proactiveness, profile.compaction_proactiveness);
	ASSERT_EQ(other.nr_lowmem_reserve_ratio, profile.nr_lowmem_reserve_ratio);
	ASSERT_EQ(memcmp(other.lowmem_reserve_ratio, profile.lowmem_reserve_ratio,
			 sizeof(profile.lowmem_reserve_ratio)),
		  0);
}

/*
 * This machine: the model's watermarks from managed pages (Normal manages a sixth of what it
 * has present), protection, list sizes, all as the kernel's
 */
TEST(host_boot_this_machine)
{
	ASSERT_EQ(kmem_host_load(HOST_DATA "/this", &profile), 0);
	ASSERT_EQ(boot_host(HOST_DATA "/this", NULL), 0);
	expect_model_matches(&profile);
}

/* Two nodes, holes, one CPU a node: figures worked out from the kernel's formulas */
TEST(host_boot_two_nodes)
{
	ASSERT_EQ(kmem_host_load(HOST_DATA "/twonode", &profile), 0);
	ASSERT_EQ(profile.nr_nodes, 2);
	/* the sysctls the made-up machine lacks are recorded as missing */
	ASSERT_EQ(profile.extfrag_threshold, -1);
	ASSERT_EQ(boot_host(NULL, &profile), 0);
	expect_model_matches(&profile);
}

/*
 * Every sysctl the model takes set away from its default (tuned/, a bundle): the watermarks
 * follow watermark_scale_factor, protection the ratios, the lists the high fraction, proactive
 * compaction compaction_proactiveness
 */
TEST(host_boot_tuned_sysctls)
{
	struct kmem_info info;

	ASSERT_EQ(kmem_host_load(HOST_DATA "/tuned", &profile), 0);
	ASSERT_EQ(profile.watermark_scale_factor, 200);
	ASSERT_EQ(profile.percpu_pagelist_high_fraction, 16);
	ASSERT_EQ(boot_host(HOST_DATA "/tuned", NULL), 0);
	expect_model_matches(&profile);
	kmem_get_info(&info);
	ASSERT_EQ(info.pcp_high_fraction, 16);
	ASSERT_EQ(info.watermark_boost_factor, 0);
	/* the host's 0 turns proactive compaction off where the model's default is 20 */
	ASSERT_EQ(info.compaction_proactiveness, 0);
}

/* The unmanaged tail of a zone is never handed out: allocations come from the managed pages */
TEST(host_allocations_stay_managed)
{
	unsigned long nr = 0;
	struct kmem_zone_stats st;

	ASSERT_EQ(kmem_host_load(HOST_DATA "/twonode", &profile), 0);
	ASSERT_EQ(boot_host(NULL, &profile), 0);
	/* DMA: pfns 1 to 4095 spanned, the first 3840 managed */
	for (;;) {
		struct page *page = alloc_pages(GFP_KERNEL | __GFP_DMA | __GFP_NOWARN, 0);

		if (!page)
			break;
		ASSERT_LT(page_to_pfn(page), 1 + 3840);
		ASSERT_GE(page_to_pfn(page), 1);
		nr++;
	}
	ASSERT_EQ(kmem_zone_stats(0, 0, &st), 0);
	ASSERT_GT(nr, 3840 - st.watermark[0] - 64);
	ASSERT_LE(nr, 3840);
}

/* KMEM_ARCH=host with KMEM_HOST_PROC: the environment reaches the loader */
TEST(host_env)
{
	struct kmem_config cfg;

	harness_setenv("KMEM_ARCH", "host");
	harness_setenv("KMEM_HOST_PROC", HOST_DATA "/twonode");
	ASSERT_EQ(kmem_config_from_env(&cfg), 0);
	ASSERT_STREQ(cfg.host_proc, HOST_DATA "/twonode");
	kmem_shutdown();
	ASSERT_EQ(kmem_boot(NULL), 0);
	ASSERT_EQ(kmem_host_load(HOST_DATA "/twonode", &profile), 0);
	expect_model_matches(&profile);
}

static char tmpdir[64];

static void write_file(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	ASSERT_TRUE(f != NULL);
	fputs(text, f);
	fclose(f);
}

/* A copy of this/ in a fresh temporary directory, with zoneinfo's @from replaced by @to */
static void make_source(const char *from, const char *to)
{
	static const char *const vm[] = { "min_free_kbytes", "watermark_scale_factor",
					  "lowmem_reserve_ratio", "percpu_pagelist_high_fraction" };
	char path[256], *text = NULL, *hit;
	size_t cap = 0;
	ssize_t n;
	FILE *f;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/kmem-host-XXXXXX");
	ASSERT_TRUE(mkdtemp(tmpdir) != NULL);
	snprintf(path, sizeof(path), "%s/sys", tmpdir);
	ASSERT_EQ(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/sys/vm", tmpdir);
	ASSERT_EQ(mkdir(path, 0700), 0);
	for (size_t i = 0; i < sizeof(vm) / sizeof(vm[0]); i++) {
		char name[128], value[128] = "";

		snprintf(path, sizeof(path), HOST_DATA "/this/sys/vm/%s", vm[i]);
		f = fopen(path, "r");
		ASSERT_TRUE(f != NULL);
		ASSERT_TRUE(fgets(value, sizeof(value), f) != NULL);
		fclose(f);
		snprintf(name, sizeof(name), "sys/vm/%s", vm[i]);
		write_file(name, value);
	}
	f = fopen(HOST_DATA "/this/zoneinfo", "r");
	ASSERT_TRUE(f != NULL);
	n = getdelim(&text, &cap, '\0', f);
	fclose(f);
	ASSERT_GT(n, 0);
	hit = strstr(text, from);
	ASSERT_TRUE(hit != NULL);
	{
		char *out = malloc((size_t)n + strlen(to) + 1);

		ASSERT_TRUE(out != NULL);
		memcpy(out, text, (size_t)(hit - text));
		strcpy(out + (hit - text), to);
		strcat(out, hit + strlen(from));
		write_file("zoneinfo", out);
		free(out);
	}
	free(text);
}

static void remove_source(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	ASSERT_EQ(system(cmd), 0);
}

/* Loading @dir fails with @err and one line naming @what; a boot from it leaves nothing */
static void expect_refused(const char *dir, int err, const char *what)
{
	const char *msg;
	int ret;

	harness_capture_begin();
	ret = kmem_host_load(dir, &profile);
	msg = harness_capture_end();
	if (ret != err || harness_count_lines(msg) != 1 || !harness_contains(msg, what))
		FAIL("want %d and one line naming %s, got %d:\n%s", err, what, ret, msg);
	harness_capture_begin();
	ret = boot_host(dir, NULL);
	msg = harness_capture_end();
	ASSERT_EQ(ret, err);
	ASSERT_EQ(harness_count_lines(msg), 1);
	ASSERT_FALSE(kmem_booted());
}

TEST(host_bad_sources)
{
	static const struct {
		const char *from, *to, *what;
	} faults[] = {
		{ "        low      48\n", "        low      4x8\n", "zoneinfo:" },
		{ "        managed  3840\n", "", "has no managed line" },
		{ "protection: (0, 3018, 6474, 6474, 6474)", "protection: (0, 3018, 6474",
		  "not a protection list" },
		{ "Node 0, zone      DMA\n", "", "before the first zone header" },
		{ "Node 0, zone    DMA32", "Node x, zone    DMA32", "not a zone header" },
		{ "        present  782336\n", "        present  2000000\n", "do not nest" },
	};

	for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++) {
		make_source(faults[i].from, faults[i].to);
		expect_refused(tmpdir, -EINVAL, faults[i].what);
		remove_source();
	}
	/* a span beyond any machine the model boots: read, but refused at boot */
	make_source("        spanned  5505024\n", "        spanned  505505024\n");
	{
		const char *msg;
		int ret;

		ASSERT_EQ(kmem_host_load(tmpdir, &profile), 0);
		harness_capture_begin();
		ret = boot_host(tmpdir, NULL);
		msg = harness_capture_end();
		ASSERT_EQ(ret, -EINVAL);
		ASSERT_EQ(harness_count_lines(msg), 1);
		ASSERT_CONTAINS(msg, "more than the model's 1024 GiB");
		ASSERT_FALSE(kmem_booted());
	}
	remove_source();
	/* a NUL byte: a binary file is not a zoneinfo */
	make_source("pagesets", "page\1ets");
	{
		char path[256];
		FILE *f;
		long off;
		char *text = NULL;
		size_t cap = 0;
		ssize_t n;

		snprintf(path, sizeof(path), "%s/zoneinfo", tmpdir);
		f = fopen(path, "r+");
		ASSERT_TRUE(f != NULL);
		n = getdelim(&text, &cap, '\0', f);
		ASSERT_GT(n, 0);
		off = strchr(text, '\1') - text;
		fseek(f, off, SEEK_SET);
		fputc('\0', f);
		fclose(f);
		free(text);
	}
	expect_refused(tmpdir, -EINVAL, "NUL byte");
	remove_source();
}

TEST(host_missing_files)
{
	char path[256];

	expect_refused(HOST_DATA "/no-such-dir", -ENOENT, "no-such-dir");
	expect_refused(HOST_DATA "/neither", -ENOENT, "neither zoneinfo");
	make_source("pagesets", "pagesets");
	snprintf(path, sizeof(path), "%s/sys/vm/min_free_kbytes", tmpdir);
	ASSERT_EQ(unlink(path), 0);
	expect_refused(tmpdir, -ENOENT, "min_free_kbytes");
	snprintf(path, sizeof(path), "%s/sys/vm/min_free_kbytes", tmpdir);
	write_file("sys/vm/min_free_kbytes", "lots\n");
	expect_refused(tmpdir, -EINVAL, "vm.min_free_kbytes is not a number");
	snprintf(path, sizeof(path), "%s/zoneinfo", tmpdir);
	ASSERT_EQ(unlink(path), 0);
	/* neither file now: named as such */
	expect_refused(tmpdir, -ENOENT, "neither zoneinfo");
	remove_source();
	/* a zoneinfo that cannot be read: a directory of that name */
	make_source("pagesets", "pagesets");
	snprintf(path, sizeof(path), "%s/zoneinfo", tmpdir);
	ASSERT_EQ(unlink(path), 0);
	ASSERT_EQ(mkdir(path, 0700), 0);
	expect_refused(tmpdir, -EISDIR, "zoneinfo: Is a directory");
	remove_source();
	/* a bundle: a zone header and nothing of the zone; then a zone but no before.sysctl */
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/kmem-host-XXXXXX");
	ASSERT_TRUE(mkdtemp(tmpdir) != NULL);
	write_file("before.zoneinfo", "Node 0, zone      DMA\n");
	expect_refused(tmpdir, -EINVAL, "has no start_pfn line");
	write_file("before.zoneinfo", "Node 0, zone      DMA\n  pages free 0\n        spanned  0\n"
				      "        present  0\n        managed  0\n");
	expect_refused(tmpdir, -ENOENT, "before.sysctl: No such file");
	remove_source();
}
