// SPDX-License-Identifier: GPL-2.0
/*
 * What the host can give the model: kmem_boot() refuses RAM larger than the host's (with one line
 * naming both sizes), and sizes its address-space reservations to the model, so that a small
 * model boots under a small `ulimit -v` and a large one fails with a line naming the limit,
 * leaving nothing behind.
 *
 * The limits are set with setrlimit(RLIMIT_AS) in a forked child, which reports through its
 * exit status; its stderr goes to the parent's capture. The sanitizers reserve terabytes of
 * shadow memory at start, so under them any address-space limit fails everything: those tests
 * say so and pass without checking.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "harness.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif
#define SKIP_IF_SANITIZED()                                                                 \
	do {                                                                                \
		if (SANITIZED) {                                                            \
			printf("    skipped: sanitizer shadow memory exceeds any limit\n"); \
			return;                                                             \
		}                                                                           \
	} while (0)

/* The child's verdicts, as exit statuses */
enum {
	CHILD_OK,
	CHILD_BOOT_FAILED,  /* a boot that should have worked did not */
	CHILD_BOOT_WORKED,  /* a boot that should have failed did not */
	CHILD_WRONG_ERROR,  /* failed, but not with -ENOMEM */
	CHILD_ALLOC_FAILED, /* booted, but the model does not work */
	CHILD_SETRLIMIT,    /* could not set the limit */
	CHILD_NR,
};

static const char *const child_verdicts[CHILD_NR] = {
	[CHILD_OK] = "ok",
	[CHILD_BOOT_FAILED] = "the boot failed",
	[CHILD_BOOT_WORKED] = "the boot succeeded",
	[CHILD_WRONG_ERROR] = "the boot failed with another error than -ENOMEM",
	[CHILD_ALLOC_FAILED] = "the booted model could not allocate",
	[CHILD_SETRLIMIT] = "setrlimit(RLIMIT_AS) failed",
};

static unsigned long long host_ram(void)
{
	long pages = sysconf(_SC_PHYS_PAGES);

	return pages > 0 ? (unsigned long long)pages * PAGE_SIZE : 0;
}

/* Boot @mem_bytes of the environment's configuration; 0 when a page, kmalloc and vmalloc work */
static int boot_and_use(unsigned long long mem_bytes)
{
	struct kmem_config cfg;
	struct page *page;
	void *obj, *area;
	int ret;

	if (kmem_config_from_env(&cfg))
		return -EINVAL;
	cfg.mem_bytes = mem_bytes;
	ret = kmem_boot(&cfg);
	if (ret)
		return ret;
	page = alloc_pages(GFP_KERNEL, 0);
	obj = kmalloc(64, GFP_KERNEL);
	area = vmalloc(1 << 20);
	ret = page && obj && area ? 0 : 1;
	if (page)
		__free_pages(page, 0);
	kfree(obj);
	vfree(area);
	kmem_shutdown();
	return ret;
}

/*
 * In a child limited to @limit bytes of address space: boot @mem_bytes, which must work if
 * @should_boot and otherwise fail with -ENOMEM; after a failure, a 64 MiB model must still boot
 * (the failure left nothing behind). Returns stderr's text.
 */
static const char *boot_limited(unsigned long long limit, unsigned long long mem_bytes,
				bool should_boot)
{
	const char *err;
	int status;
	pid_t pid;

	harness_capture_begin();
	pid = fork();
	if (pid == 0) {
		struct rlimit rl = { .rlim_cur = limit, .rlim_max = limit };
		int ret;

		/* the parent's model is not this test's: its reservations would count too */
		kmem_shutdown();
		if (setrlimit(RLIMIT_AS, &rl))
			_exit(CHILD_SETRLIMIT);
		ret = boot_and_use(mem_bytes);
		if (should_boot)
			_exit(ret < 0 ? CHILD_BOOT_FAILED : ret ? CHILD_ALLOC_FAILED : CHILD_OK);
		if (!ret)
			_exit(CHILD_BOOT_WORKED);
		if (ret != -ENOMEM)
			_exit(CHILD_WRONG_ERROR);
		_exit(boot_and_use(64 * MiB) ? CHILD_BOOT_FAILED : CHILD_OK);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		FAIL("fork/waitpid: %s", strerror(errno));
	err = harness_capture_end();
	if (!WIFEXITED(status))
		FAIL("the child died of signal %d; stderr:\n%s", WTERMSIG(status), err);
	if (WEXITSTATUS(status) != CHILD_OK)
		FAIL("%llu MiB under a %llu MiB address-space limit: %s; stderr:\n%s",
		     mem_bytes / MiB, limit / MiB,
		     WEXITSTATUS(status) < CHILD_NR ? child_verdicts[WEXITSTATUS(status)] : "?",
		     err);
	return err;
}

/* More RAM than the host has is refused, naming both sizes */
TEST(boot_refuses_more_than_host_ram)
{
	unsigned long long host = host_ram(), mem = (host / GiB + 2) * GiB;
	struct kmem_config cfg;
	char want[64];
	const char *err;
	int ret;

	if (!host || mem > 1024 * GiB) {
		printf("    skipped: the host's RAM (%llu MiB) is unknown or above the x86_64 "
		       "profile's 1 TiB\n",
		       host / MiB);
		return;
	}
	kmem_shutdown();
	harness_config(&cfg);
	cfg.backend = harness_backend();
	cfg.mem_bytes = mem;
	harness_capture_begin();
	ret = kmem_boot(&cfg);
	err = harness_capture_end();
	ASSERT_EQ(ret, -ENOMEM);
	ASSERT_FALSE(kmem_booted());
	ASSERT_EQ(harness_count_lines(err), 1);
	snprintf(want, sizeof(want), "memory size %llu GiB is more than this host's RAM (",
		 mem / GiB);
	ASSERT_CONTAINS(err, want);
	ASSERT_CONTAINS(err, " GiB)");
}

/* A 256 MiB model reserves what it can use, which a 4 GiB limit allows */
TEST(small_model_boots_under_ulimit_v)
{
	SKIP_IF_SANITIZED();
	boot_limited(4 * GiB, 256 * MiB, true);
}

/* A 2 GiB model under a 1 GiB limit fails with one line naming the limit, and leaves nothing */
TEST(big_model_under_small_ulimit_v_fails_cleanly)
{
	const char *err;

	SKIP_IF_SANITIZED();
	err = boot_limited(1 * GiB, 2 * GiB, false);
	ASSERT_EQ(harness_count_lines(err), 1);
	ASSERT_CONTAINS(err, "kmem: cannot ");
	ASSERT_CONTAINS(err, "(the address-space limit, ulimit -v, is 1024 MiB)");
}

/* This process's address space now, from /proc/self/status (VmSize); 0 if unknown */
static unsigned long long vm_size(void)
{
	unsigned long long kb = 0;
	char line[128];
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmSize: %llu kB", &kb) == 1)
			break;
	fclose(f);
	return kb << 10;
}

/*
 * Whichever reservation or allocation of the boot the limit hits first, the boot fails with one
 * line that names the limit. The limit is raised from what the process already uses until a
 * 1 GiB model boots: doubling, except in 1 MiB steps just above the 1 GiB direct map, where the
 * smaller allocations after it (mem_map, the topology, zones, slab) are each the first to fail.
 */
static unsigned long long next_extra(unsigned long long extra)
{
	if (extra >= 1 * GiB && extra < 1 * GiB + 96 * MiB)
		return extra + MiB;
	return extra ? extra * 2 : MiB;
}

TEST(every_limited_boot_failure_names_the_limit)
{
	char want[96];
	const char *err;
	int status;
	pid_t pid;

	SKIP_IF_SANITIZED();
	for (unsigned long long extra = 0; extra <= 16 * GiB; extra = next_extra(extra)) {
		harness_capture_begin();
		pid = fork();
		if (pid == 0) {
			struct rlimit rl;
			int ret;

			kmem_shutdown();
			rl.rlim_cur = rl.rlim_max = vm_size() + extra;
			if (setrlimit(RLIMIT_AS, &rl))
				_exit(CHILD_SETRLIMIT);
			ret = boot_and_use(1 * GiB);
			_exit(ret == 0	       ? CHILD_OK
			      : ret == -ENOMEM ? CHILD_BOOT_FAILED
					       : CHILD_WRONG_ERROR);
		}
		if (pid < 0 || waitpid(pid, &status, 0) != pid)
			FAIL("fork/waitpid: %s", strerror(errno));
		err = harness_capture_end();
		if (!WIFEXITED(status))
			FAIL("+%llu MiB: the child died of signal %d; stderr:\n%s", extra / MiB,
			     WTERMSIG(status), err);
		if (WEXITSTATUS(status) == CHILD_OK)
			return;
		if (WEXITSTATUS(status) != CHILD_BOOT_FAILED)
			FAIL("+%llu MiB: %s; stderr:\n%s", extra / MiB,
			     WEXITSTATUS(status) < CHILD_NR ? child_verdicts[WEXITSTATUS(status)]
							    : "?",
			     err);
		snprintf(want, sizeof(want), "(the address-space limit, ulimit -v, is ");
		if (harness_count_lines(err) != 1 || !harness_contains(err, want))
			FAIL("+%llu MiB: want one line naming the limit, got:\n%s", extra / MiB,
			     err);
	}
	FAIL("a 1 GiB model did not boot under any limit up to 16 GiB above the process's size");
}
