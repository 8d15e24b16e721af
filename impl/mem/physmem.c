// SPDX-License-Identifier: GPL-2.0
/*
 * Physical memory: the OS boundary of the model. "RAM" is one memfd; the direct map is one
 * MAP_SHARED mapping of its lowmem part at page_offset_base; mem_map is an anonymous array of
 * struct page, one per pfn. Everything else reaches host memory through these.
 *
 * The direct map wants the largest page size the host allows, because the TLB comparison with
 * vmalloc (which maps the same pages again at 4 KiB) depends on it:
 *  - hugetlb: a hugetlbfs file can only be mapped at huge-page-aligned offsets, and vmalloc and
 *    kmap map single 4 KiB pages of RAM at their pfn's offset, so RAM cannot live there. The
 *    model checks whether the host has huge pages reserved and says why it does not use them.
 *  - shmem THP: with shmem_enabled at advise (or always/within_size/force), MADV_HUGEPAGE on a
 *    2 MiB-aligned shared mapping of the memfd gets PMD mappings.
 *  - otherwise 4 KiB pages.
 * What took effect is read back from /proc/self/smaps after touching the first page (pfn 0,
 * in the reserved firmware range), not assumed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "internal.h"

#define HPAGE_SIZE (2UL << 20)

struct page *mem_map;
unsigned long max_pfn;
unsigned long max_low_pfn;
unsigned long page_offset_base;

static int ram_fd = -1;
static size_t direct_map_len;
static size_t mem_map_len;
static const char *dm_kind = "4k";
static unsigned long dm_page_size = PAGE_SIZE;
static char dm_note[160];

/* The bracketed word of a sysfs choice file ("always [advise] never"), or "" */
static void read_sysfs_choice(const char *path, char *out, size_t size)
{
	char buf[256], *l, *r;
	FILE *f = fopen(path, "r");

	out[0] = '\0';
	if (!f)
		return;
	if (fgets(buf, sizeof(buf), f) && (l = strchr(buf, '[')) && (r = strchr(l, ']'))) {
		*r = '\0';
		snprintf(out, size, "%s", l + 1);
	}
	fclose(f);
}

static unsigned long meminfo_value(const char *key)
{
	char line[256];
	unsigned long v = 0;
	size_t n = strlen(key);
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && line[n] == ':') {
			v = strtoul(line + n + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

/* Fill @pmd_kb with ShmemPmdMapped and @kps_kb with KernelPageSize of the VMA at @start */
static int smaps_of(unsigned long start, unsigned long *pmd_kb, unsigned long *kps_kb)
{
	char line[512];
	bool in = false;
	int found = -ENOENT;
	FILE *f = fopen("/proc/self/smaps", "r");

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;

		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 &&
		    strchr(line, '-') < strchr(line, ' ')) {
			if (in)
				break;
			in = lo == start;
			continue;
		}
		if (!in)
			continue;
		found = 0;
		if (!strncmp(line, "ShmemPmdMapped:", 15))
			*pmd_kb = strtoul(line + 15, NULL, 10);
		else if (!strncmp(line, "KernelPageSize:", 15))
			*kps_kb = strtoul(line + 15, NULL, 10);
	}
	fclose(f);
	return found;
}

/* Map the memfd's lowmem part at a 2 MiB-aligned address and learn what page size it got */
static int map_direct(size_t len)
{
	char thp[32];
	unsigned long pmd_kb = 0, kps_kb = 0;
	size_t span = len + HPAGE_SIZE;
	char *area, *base;

	area = mmap(NULL, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (area == MAP_FAILED)
		return -errno;
	base = (char *)(((unsigned long)area + HPAGE_SIZE - 1) & ~(HPAGE_SIZE - 1));
	if (base > area)
		munmap(area, (size_t)(base - area));
	if (base + len < area + span)
		munmap(base + len, (size_t)(area + span - (base + len)));
	if (mmap(base, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, ram_fd, 0) ==
	    MAP_FAILED) {
		int err = -errno;

		munmap(base, len);
		return err;
	}
	page_offset_base = (unsigned long)base;
	direct_map_len = len;

	dm_note[0] = '\0';
	if (meminfo_value("HugePages_Free") * meminfo_value("Hugepagesize") * 1024 >= len)
		snprintf(dm_note, sizeof(dm_note),
			 "hugetlb pages are reserved but unused: vmalloc and kmap need RAM "
			 "mappable at 4 KiB offsets; ");
	read_sysfs_choice("/sys/kernel/mm/transparent_hugepage/shmem_enabled", thp, sizeof(thp));
	if (!strcmp(thp, "never") || !strcmp(thp, "deny") || !thp[0]) {
		size_t n = strlen(dm_note);

		snprintf(dm_note + n, sizeof(dm_note) - n,
			 "shmem THP is off (shmem_enabled=%s): as root, echo advise > "
			 "/sys/kernel/mm/transparent_hugepage/shmem_enabled",
			 thp[0] ? thp : "missing");
	} else {
		madvise(base, len, MADV_HUGEPAGE);
	}

	*(volatile char *)base = 0;
	dm_kind = "4k";
	dm_page_size = PAGE_SIZE;
	if (!smaps_of((unsigned long)base, &pmd_kb, &kps_kb) && pmd_kb) {
		dm_kind = "thp";
		dm_page_size = HPAGE_SIZE;
	} else if (thp[0] && strcmp(thp, "never") && strcmp(thp, "deny")) {
		size_t n = strlen(dm_note);

		snprintf(dm_note + n, sizeof(dm_note) - n,
			 "shmem THP is %s but the kernel gave 4 KiB pages", thp);
	}
	return 0;
}

const char *as_limit_note(void)
{
	static char note[96];
	struct rlimit rl;

	note[0] = '\0';
	if (!getrlimit(RLIMIT_AS, &rl) && rl.rlim_cur != RLIM_INFINITY)
		snprintf(note, sizeof(note), " (the address-space limit, ulimit -v, is %llu MiB)",
			 (unsigned long long)rl.rlim_cur >> 20);
	return note;
}

int physmem_init(unsigned long long bytes, unsigned long long direct_map_bytes)
{
	int err;

	ram_fd = memfd_create("kmem-ram", MFD_CLOEXEC);
	if (ram_fd < 0) {
		err = -errno;
		fprintf(stderr, "kmem: memfd_create: %s\n", strerror(errno));
		return err;
	}
	if (ftruncate(ram_fd, (off_t)bytes)) {
		err = -errno;
		fprintf(stderr, "kmem: cannot size RAM to %llu bytes: %s\n", bytes,
			strerror(errno));
		goto fail_fd;
	}
	err = map_direct((size_t)direct_map_bytes);
	if (err) {
		fprintf(stderr, "kmem: cannot map the direct map (%llu MiB): %s%s\n",
			direct_map_bytes >> 20, strerror(-err), as_limit_note());
		goto fail_fd;
	}
	max_pfn = (unsigned long)(bytes / PAGE_SIZE);
	max_low_pfn = (unsigned long)(direct_map_bytes / PAGE_SIZE);
	mem_map_len = max_pfn * sizeof(struct page);
	mem_map = mmap(NULL, mem_map_len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (mem_map == MAP_FAILED) {
		err = -errno;
		mem_map = NULL;
		fprintf(stderr, "kmem: cannot allocate mem_map (%zu MiB): %s%s\n",
			mem_map_len >> 20, strerror(-err), as_limit_note());
		goto fail_map;
	}
	return 0;

fail_map:
	munmap((void *)page_offset_base, direct_map_len);
fail_fd:
	close(ram_fd);
	ram_fd = -1;
	return err;
}

void physmem_exit(void)
{
	if (mem_map)
		munmap(mem_map, mem_map_len);
	if (page_offset_base)
		munmap((void *)page_offset_base, direct_map_len);
	if (ram_fd >= 0)
		close(ram_fd);
	mem_map = NULL;
	page_offset_base = 0;
	max_pfn = max_low_pfn = 0;
	ram_fd = -1;
}

int physmem_fd(void)
{
	return ram_fd;
}

void physmem_describe(struct kmem_info *info)
{
	info->direct_map_kind = dm_kind;
	info->direct_map_page_size = dm_page_size;
	snprintf(info->direct_map_note, sizeof(info->direct_map_note), "%s", dm_note);
}
