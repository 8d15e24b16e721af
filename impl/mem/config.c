// SPDX-License-Identifier: GPL-2.0
/*
 * The model's configuration: the arch profiles, kmem_config or the KMEM_* environment checked
 * into kmem_rt, and what the booted model says of itself (kmem_get_info). Every configuration
 * error is one line on stderr that names the value. The order in which the layers come up is
 * impl/init/main.c's.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define KiB	 (1ULL << 10)
#define MiB	 (1ULL << 20)
#define GiB	 (1ULL << 30)
#define NO_LIMIT (~0ULL)

/*
 * Zone bounds of DESIGN.md section 4. x86_32 allows 64 GiB, as PAE does; above 896 MiB all of
 * it is highmem. Both reserve the first 1 MiB, the firmware's range on a PC.
 *
 * The vmalloc range: x86_64's is 32 TiB, which no model RAM comes near, so it is sized from RAM.
 * x86_32 fits it into the 1 GiB kernel half above the direct map: __VMALLOC_RESERVE is
 * 128 MiB (that is why lowmem ends at 896 MiB), less the 8 MiB VMALLOC_OFFSET hole after the
 * direct map, so about 120 MiB of vmalloc space, and vmalloc fails beyond it as it does there.
 */
const struct arch_profile arch_profiles[] = {
	{
		.name = "x86_64",
		.default_mem = 6 * GiB,
		.max_mem = 1024 * GiB,
		.zone_end = { [ZONE_DMA] = 16 * MiB,
			      [ZONE_DMA32] = 4 * GiB,
			      [ZONE_NORMAL] = NO_LIMIT,
			      [ZONE_HIGHMEM] = 0 },
		.direct_map_end = NO_LIMIT,
		.reserved_bytes = 1 * MiB,
	},
	{
		.name = "x86_32",
		.default_mem = 2 * GiB,
		.max_mem = 64 * GiB,
		.zone_end = { [ZONE_DMA] = 16 * MiB,
			      [ZONE_DMA32] = 0,
			      [ZONE_NORMAL] = 896 * MiB,
			      [ZONE_HIGHMEM] = NO_LIMIT },
		.direct_map_end = 896 * MiB,
		.reserved_bytes = 1 * MiB,
		.vmalloc_bytes = 120 * MiB,
	},
};
const int nr_arch_profiles = (int)ARRAY_SIZE(arch_profiles);

/*
 * The host profile (host.c reads it): the zone bounds are the host's, known only when it is
 * loaded, so it is not in the table above; kmem_arch_name() lists it after the table.
 */
#define HOST_ARCH "host"
static struct arch_profile host_arch;
static struct kmem_host_profile host_profile;

/* Below this the zone layout stops resembling a machine's: ZONE_DMA alone is 16 MiB */
#define MIN_MEM (16 * MiB)

struct kmem_runtime kmem_rt;
unsigned long kmem_boot_seq;

int kmem_parse_size(const char *s, unsigned long long *bytes)
{
	unsigned long long mult = 1;
	const char *end;
	uint64_t v;

	if (!s)
		return -EINVAL;
	end = s + strspn(s, "0123456789");
	if (!kmem_parse_dec(s, end, &v))
		return -EINVAL;
	switch (*end) {
	case 'G':
	case 'g':
		mult = GiB;
		end++;
		break;
	case 'M':
	case 'm':
		mult = MiB;
		end++;
		break;
	case 'K':
	case 'k':
		mult = KiB;
		end++;
		break;
	case '\0':
		break;
	default:
		return -EINVAL;
	}
	if (*end == 'i' || *end == 'B') /* "6GiB", "6GB", "6G" all mean GiB */
		end += (*end == 'i' && end[1] == 'B') ? 2 : 1;
	if (*end || v > NO_LIMIT / mult)
		return -EINVAL;
	*bytes = v * mult;
	return 0;
}

static const char *backend_names(char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; i < backend_count(); i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? ", " : "",
				      backend_get(i)->name);
	return buf;
}

/* "6 GiB", "512 MiB" when whole, else "23.4 GiB" */
static const char *size_str(unsigned long long bytes, char *buf, size_t size)
{
	if (bytes % GiB == 0)
		snprintf(buf, size, "%llu GiB", bytes / GiB);
	else if (bytes % MiB == 0 && bytes < 10 * GiB)
		snprintf(buf, size, "%llu MiB", bytes / MiB);
	else if (bytes < MiB || (bytes % KiB == 0 && bytes < 10 * GiB))
		snprintf(buf, size, bytes % KiB ? "%llu bytes" : "%llu KiB",
			 bytes % KiB ? bytes : bytes / KiB);
	else
		snprintf(buf, size, "%.1f GiB", (double)bytes / GiB);
	return buf;
}

/*
 * The checks of a RAM size that hold for every profile; @source prefixes the line ("" or
 * "KMEM_MEM='..': "), so that KMEM_MEM is refused once, where it is read, rather than at every
 * boot a program makes with it.
 *
 * RAM is a sparse memfd, so a model larger than the host's free memory costs nothing until its
 * pages are touched, and the default profiles are meant to boot on small hosts. One larger than
 * all of the host's RAM (MemTotal) is refused: the workloads touch what they allocate, and
 * filling it would drive the host into swap or the OOM killer long before the model ran out. (A
 * cgroup limit below MemTotal is not seen here.) mem_map, 64 bytes a page, then takes at most
 * 1/64 of the host.
 */
static int mem_size_check(unsigned long long mem, const char *source)
{
	long host_pages = sysconf(_SC_PHYS_PAGES);
	unsigned long long host_ram =
		host_pages > 0 ? (unsigned long long)host_pages * PAGE_SIZE : 0;
	char want[32], have[32];

	if (mem % PAGE_SIZE) {
		fprintf(stderr,
			"kmem: %smemory size %llu bytes is not a multiple of the page size\n",
			source, mem);
		return -EINVAL;
	}
	if (mem < MIN_MEM) {
		fprintf(stderr, "kmem: %smemory size %s is below the minimum of %llu MiB\n", source,
			size_str(mem, want, sizeof(want)), MIN_MEM / MiB);
		return -EINVAL;
	}
	if (host_ram && mem > host_ram) {
		fprintf(stderr, "kmem: %smemory size %s is more than this host's RAM (%s)\n",
			source, size_str(mem, want, sizeof(want)),
			size_str(host_ram, have, sizeof(have)));
		return -ENOMEM;
	}
	return 0;
}

static int parse_int_env(const char *var, int *out)
{
	const char *s = getenv(var);
	uint64_t v;

	if (!s || !*s)
		return 0;
	if (!kmem_parse_dec(s, s + strlen(s), &v) || v > 1 << 20) {
		fprintf(stderr, "kmem: %s='%s' is not a non-negative integer\n", var, s);
		return -EINVAL;
	}
	*out = (int)v;
	return 0;
}

/* An on/off variable: unset leaves @out 0 (the default), "1" on, "0" KMEM_OFF */
static int parse_switch_env(const char *var, int *out)
{
	const char *s = getenv(var);

	if (!s || !*s)
		return 0;
	if (strcmp(s, "0") && strcmp(s, "1")) {
		fprintf(stderr, "kmem: %s='%s' must be 0 or 1\n", var, s);
		return -EINVAL;
	}
	*out = s[0] == '0' ? KMEM_OFF : 1;
	return 0;
}

int kmem_config_from_env(struct kmem_config *cfg)
{
	const char *mem = getenv("KMEM_MEM");
	const char *pcp = getenv("KMEM_PCP");
	const char *thp = getenv("KMEM_THP");
	const char *tune = getenv("KMEM_PCP_TUNE");
	int boost = -1, proactiveness = -1;
	const char *compaction = getenv("KMEM_COMPACTION");

	memset(cfg, 0, sizeof(*cfg));
	cfg->backend = getenv("KMEM_BACKEND");
	cfg->arch = getenv("KMEM_ARCH");
	cfg->slab_debug = getenv("KMEM_SLAB_DEBUG");
	cfg->host_proc = getenv("KMEM_HOST_PROC");
	if (mem && *mem) {
		char source[64];
		int err;

		/* 0 would mean the profile's default, which an explicit KMEM_MEM=0 cannot mean */
		if (kmem_parse_size(mem, &cfg->mem_bytes) || !cfg->mem_bytes) {
			fprintf(stderr,
				"kmem: KMEM_MEM='%s' is not a size (e.g. 6G, 512M, 65536K)\n", mem);
			return -EINVAL;
		}
		snprintf(source, sizeof(source), "KMEM_MEM='%.32s': ", mem);
		err = mem_size_check(cfg->mem_bytes, source);
		if (err)
			return err;
	}
	if (parse_int_env("KMEM_NODES", &cfg->nr_nodes))
		return -EINVAL;
	if (pcp && *pcp) {
		if (strcmp(pcp, "0") && strcmp(pcp, "1")) {
			fprintf(stderr, "kmem: KMEM_PCP='%s' must be 0 or 1\n", pcp);
			return -EINVAL;
		}
		cfg->pcp = pcp[0] == '0' ? KMEM_PCP_OFF : 1;
	}
	if (thp && *thp) {
		if (strcmp(thp, "0") && strcmp(thp, "1")) {
			fprintf(stderr, "kmem: KMEM_THP='%s' must be 0 or 1\n", thp);
			return -EINVAL;
		}
		cfg->thp = thp[0] == '0' ? KMEM_THP_OFF : 1;
	}
	if (tune && *tune) {
		if (strcmp(tune, "0") && strcmp(tune, "1")) {
			fprintf(stderr, "kmem: KMEM_PCP_TUNE='%s' must be 0 or 1\n", tune);
			return -EINVAL;
		}
		cfg->pcp_tune = tune[0] == '0' ? KMEM_PCP_TUNE_OFF : 1;
	}
	if (parse_int_env("KMEM_PCP_HIGH_FRACTION", &cfg->pcp_high_fraction))
		return -EINVAL;
	if (parse_switch_env("KMEM_NOFRAGMENT", &cfg->nofragment) ||
	    parse_switch_env("KMEM_HIGHATOMIC", &cfg->highatomic) ||
	    parse_int_env("KMEM_BOOST_FACTOR", &boost))
		return -EINVAL;
	if (boost >= 0)
		cfg->watermark_boost_factor = boost ? boost : KMEM_OFF;
	if (compaction && *compaction) {
		if (strcmp(compaction, "0") && strcmp(compaction, "1")) {
			fprintf(stderr, "kmem: KMEM_COMPACTION='%s' must be 0 or 1\n", compaction);
			return -EINVAL;
		}
		cfg->compaction = compaction[0] == '0' ? KMEM_COMPACTION_OFF : 1;
	}
	if (parse_int_env("KMEM_COMPACTION_PROACTIVENESS", &proactiveness) ||
	    parse_switch_env("KMEM_KCOMPACTD", &cfg->kcompactd) ||
	    parse_switch_env("KMEM_INIT_ON_ALLOC", &cfg->init_on_alloc) ||
	    parse_switch_env("KMEM_INIT_ON_FREE", &cfg->init_on_free))
		return -EINVAL;
	if (proactiveness >= 0)
		cfg->compaction_proactiveness = proactiveness ? proactiveness : KMEM_OFF;
	return 0;
}

static const struct arch_profile *arch_find(const char *name)
{
	for (int i = 0; i < nr_arch_profiles; i++)
		if (!strcmp(arch_profiles[i].name, name))
			return &arch_profiles[i];
	return NULL;
}

/* The model's zone index of a zoneinfo zone name, or -1 for a zone the model does not have */
static int host_zone_idx(const char *name)
{
	static const char *const names[MAX_NR_ZONES] = { "DMA", "DMA32", "Normal", "HighMem" };

	for (int i = 0; i < MAX_NR_ZONES; i++)
		if (!strcmp(name, names[i]))
			return i;
	return -1;
}

/*
 * The host profile as the arch profile: RAM spans pfn 0 to the end of the highest zone (a
 * sparse memfd: the holes and the pages the host does not manage cost nothing), each model zone
 * ends where the host's ends, lowmem ends where HighMem starts. The KMEM_MEM and KMEM_NODES of
 * @cfg do not apply: memory and nodes are the host's.
 */
static int host_runtime(const struct kmem_config *cfg, unsigned long long *mem)
{
	const struct kmem_host_profile *h = &host_profile;
	long host_pages = sysconf(_SC_PHYS_PAGES);
	unsigned long end_pfn = 0, managed = 0;
	int err;

	if (cfg->host) {
		host_profile = *cfg->host;
	} else {
		err = kmem_host_load(cfg->host_proc, &host_profile);
		if (err)
			return err;
	}
	/* the kernel's own bounds on these sysctls (mm/page_alloc.c's sysctl table) */
	if (h->min_free_kbytes > INT_MAX || h->watermark_scale_factor < 1 ||
	    h->watermark_scale_factor > 3000) {
		fprintf(stderr,
			"kmem: host profile: %s: vm.min_free_kbytes %ld or "
			"vm.watermark_scale_factor %ld is outside the kernel's range\n",
			h->sysctl, h->min_free_kbytes, h->watermark_scale_factor);
		return -EINVAL;
	}
	memset(&host_arch, 0, sizeof(host_arch));
	host_arch.name = HOST_ARCH;
	host_arch.direct_map_end = NO_LIMIT;
	for (int i = 0; i < h->nr_zones; i++) {
		const struct kmem_host_zone *z = &h->zones[i];
		int idx = host_zone_idx(z->name);
		unsigned long end = z->start_pfn + z->spanned;

		if (idx < 0 && z->managed) {
			fprintf(stderr,
				"kmem: host profile: %s: node %d, zone %s manages %lu pages; the "
				"model has no such zone\n",
				h->zoneinfo, z->node, z->name, z->managed);
			return -EINVAL;
		}
		if (idx < 0 || !z->present)
			continue;
		if (z->start_pfn < end_pfn) {
			fprintf(stderr,
				"kmem: host profile: %s: node %d, zone %s starts at pfn %lu, "
				"inside "
				"the zone before it\n",
				h->zoneinfo, z->node, z->name, z->start_pfn);
			return -EINVAL;
		}
		end_pfn = end;
		managed += z->managed;
		if ((unsigned long long)end * PAGE_SIZE > host_arch.zone_end[idx])
			host_arch.zone_end[idx] = (unsigned long long)end * PAGE_SIZE;
		if (idx == ZONE_HIGHMEM && host_arch.direct_map_end == NO_LIMIT)
			host_arch.direct_map_end = (unsigned long long)z->start_pfn * PAGE_SIZE;
	}
	if ((unsigned long long)end_pfn * PAGE_SIZE > arch_profiles[0].max_mem) {
		fprintf(stderr,
			"kmem: host profile: %s spans %llu GiB, more than the model's %llu GiB\n",
			h->zoneinfo, ((unsigned long long)end_pfn * PAGE_SIZE) >> 30,
			arch_profiles[0].max_mem >> 30);
		return -EINVAL;
	}
	/*
	 * mem_map is written for every spanned page, holes and unmanaged pages too: a machine far
	 * larger than this one (or a malformed span) would fill this host with struct pages alone
	 */
	if (host_pages > 0 && (unsigned long long)end_pfn * sizeof(struct page) >
				      (unsigned long long)host_pages * PAGE_SIZE / 8) {
		fprintf(stderr,
			"kmem: host profile: %s spans %llu MiB: its mem_map (%llu MiB) would take "
			"more than an eighth of this host's RAM\n",
			h->zoneinfo, ((unsigned long long)end_pfn * PAGE_SIZE) >> 20,
			((unsigned long long)end_pfn * sizeof(struct page)) >> 20);
		return -ENOMEM;
	}
	/* x86_32's room for vmalloc, where the host has highmem (a 32-bit kernel) */
	if (host_arch.zone_end[ZONE_HIGHMEM])
		host_arch.vmalloc_bytes = arch_profiles[1].vmalloc_bytes;
	/* what the workloads can touch is what the host manages: that is what must fit here */
	err = mem_size_check((unsigned long long)managed * PAGE_SIZE, "host profile: managed ");
	if (err)
		return err;
	*mem = host_arch.default_mem = host_arch.max_mem = (unsigned long long)end_pfn * PAGE_SIZE;
	kmem_rt.arch = &host_arch;
	kmem_rt.host = &host_profile;
	kmem_rt.nr_nodes = h->nr_nodes;
	return 0;
}

/**
 * runtime_from_config - check @cfg and fill kmem_rt
 * @cfg: the configuration asked for
 *
 * Return: 0, or -EINVAL after one line on stderr naming the first bad value.
 */
int runtime_from_config(const struct kmem_config *cfg)
{
	const char *be = cfg->backend && *cfg->backend ? cfg->backend : "buddy";
	const char *arch = cfg->arch && *cfg->arch ? cfg->arch : "x86_64";
	unsigned long long mem;
	int stall_ms, err;
	long fraction;
	char names[128];

	memset(&kmem_rt, 0, sizeof(kmem_rt));
	kmem_rt.backend = backend_find(be);
	if (!kmem_rt.backend) {
		fprintf(stderr, "kmem: unknown back end '%s': choose one of %s\n", be,
			backend_names(names, sizeof(names)));
		return -EINVAL;
	}
	if (!strcmp(arch, HOST_ARCH)) {
		err = host_runtime(cfg, &mem);
		if (err)
			return err;
		goto host;
	}
	kmem_rt.arch = arch_find(arch);
	if (!kmem_rt.arch) {
		fprintf(stderr,
			"kmem: unknown arch profile '%s': choose x86_64, x86_32 or " HOST_ARCH "\n",
			arch);
		return -EINVAL;
	}
	mem = cfg->mem_bytes ? cfg->mem_bytes : kmem_rt.arch->default_mem;
	err = mem_size_check(mem, "");
	if (err)
		return err;
	if (mem > kmem_rt.arch->max_mem) {
		fprintf(stderr,
			"kmem: memory size %llu bytes is outside the %s profile's range (%llu MiB "
			"to %llu GiB)\n",
			mem, arch, MIN_MEM / MiB, kmem_rt.arch->max_mem / GiB);
		return -EINVAL;
	}
	kmem_rt.nr_nodes = cfg->nr_nodes ? cfg->nr_nodes : 1;
	if (kmem_rt.nr_nodes > MAX_NUMNODES ||
	    mem / kmem_rt.nr_nodes < MAX_ORDER_NR_PAGES * PAGE_SIZE) {
		fprintf(stderr, "kmem: %d nodes: must be 1 to %d, each with at least %llu MiB\n",
			kmem_rt.nr_nodes, MAX_NUMNODES,
			(unsigned long long)(MAX_ORDER_NR_PAGES * PAGE_SIZE) / MiB);
		return -EINVAL;
	}
host:
	kmem_rt.mem_bytes = mem;
	kmem_rt.pcp = cfg->pcp != KMEM_PCP_OFF;
	/* on by default, as distribution kernels build and boot (enabled=always or madvise) */
	kmem_rt.thp = cfg->thp != KMEM_THP_OFF;
	kmem_rt.pcp_tune = cfg->pcp_tune != KMEM_PCP_TUNE_OFF;
	/* the kernel's sysctl refuses 1 to 7 too: the lists would take more than an eighth */
	fraction =
		kmem_rt.host ? kmem_rt.host->percpu_pagelist_high_fraction : cfg->pcp_high_fraction;
	if (fraction < 0 || (fraction > 0 && fraction < 8) || fraction > INT_MAX) {
		fprintf(stderr, "kmem: percpu_pagelist_high_fraction %ld must be 0 or at least 8\n",
			fraction);
		return -EINVAL;
	}
	kmem_rt.pcp_high_fraction = (int)fraction;
	/* the kernel's defaults: all on, vm.watermark_boost_factor 15000 */
	kmem_rt.nofragment = cfg->nofragment != KMEM_OFF;
	kmem_rt.highatomic = cfg->highatomic != KMEM_OFF;
	if (cfg->watermark_boost_factor < KMEM_OFF) {
		fprintf(stderr, "kmem: watermark_boost_factor %d is negative\n",
			cfg->watermark_boost_factor);
		return -EINVAL;
	}
	kmem_rt.watermark_boost_factor = cfg->watermark_boost_factor == KMEM_OFF ? 0
					 : cfg->watermark_boost_factor ? cfg->watermark_boost_factor
								       : 15000;
	/* the host's, where its source gives one (a boost factor above INT_MAX boosts as INT_MAX)
	 */
	if (kmem_rt.host && kmem_rt.host->watermark_boost_factor >= 0)
		kmem_rt.watermark_boost_factor =
			kmem_rt.host->watermark_boost_factor > INT_MAX
				? INT_MAX
				: (int)kmem_rt.host->watermark_boost_factor;
	/* without pageblock types there is nothing to fall back from, reserve or boost for */
	if (!kmem_rt.backend->pageblock_migratetype) {
		kmem_rt.nofragment = kmem_rt.highatomic = false;
		kmem_rt.watermark_boost_factor = 0;
	}
	/* a back end that cannot hand out a given free block is simply not compacted */
	kmem_rt.compaction =
		cfg->compaction != KMEM_COMPACTION_OFF && kmem_rt.backend->isolate_free;
	/* the sysctl's range; the kernel's default 20 (since 5.9) */
	if (cfg->compaction_proactiveness < KMEM_OFF || cfg->compaction_proactiveness > 100) {
		fprintf(stderr, "kmem: compaction_proactiveness %d must be 0 to 100\n",
			cfg->compaction_proactiveness == KMEM_OFF ? 0
								  : cfg->compaction_proactiveness);
		return -EINVAL;
	}
	kmem_rt.kcompactd = kmem_rt.compaction && cfg->kcompactd != KMEM_OFF;
	kmem_rt.compaction_proactiveness = !kmem_rt.compaction			       ? 0
					   : cfg->compaction_proactiveness == KMEM_OFF ? 0
					   : cfg->compaction_proactiveness
						   ? cfg->compaction_proactiveness
						   : 20;
	/* the host's, where its source gives one and the model compacts at all */
	if (kmem_rt.host && kmem_rt.host->compaction_proactiveness >= 0 && kmem_rt.compaction)
		kmem_rt.compaction_proactiveness =
			kmem_rt.host->compaction_proactiveness > 100
				? 100
				: (int)kmem_rt.host->compaction_proactiveness;
	if (cfg->slab_debug && strlen(cfg->slab_debug) >= sizeof(kmem_rt.slab_debug)) {
		fprintf(stderr, "kmem: slab debug options '%s' are too long\n", cfg->slab_debug);
		return -EINVAL;
	}
	snprintf(kmem_rt.slab_debug, sizeof(kmem_rt.slab_debug), "%s",
		 cfg->slab_debug ? cfg->slab_debug : "");
	/* off unless asked for, as CONFIG_INIT_ON_ALLOC_DEFAULT_ON=n kernels (Debian's) boot */
	kmem_rt.init_on_alloc = cfg->init_on_alloc > 0;
	kmem_rt.init_on_free = cfg->init_on_free > 0;
	/*
	 * A kmap() that sleeps for a pkmap slot this long says so (highmem.c), as 6.18's hung-task
	 * detector would of a task asleep that long; page allocations have no such warning in
	 * 6.18 (the "page allocation stalls" one was removed in 4.15).
	 */
	stall_ms = 10000;
	if (parse_int_env("KMEM_STALL_WARN_MS", &stall_ms))
		return -EINVAL;
	kmem_rt.stall_warn_ms = stall_ms;
	/* numa_init() replaces this with the topology's count, or the host profile's */
	kmem_rt.nr_cpus = kmem_rt.host && kmem_rt.host->nr_cpus
				  ? kmem_rt.host->nr_cpus
				  : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (kmem_rt.nr_cpus < 1)
		kmem_rt.nr_cpus = 1;
	return 0;
}

int kmem_backend_count(void)
{
	return backend_count();
}

const char *kmem_backend_name(int i)
{
	const struct page_backend_ops *ops = backend_get(i);

	return ops ? ops->name : NULL;
}

const char *kmem_backend_summary(int i)
{
	const struct page_backend_ops *ops = backend_get(i);

	return ops ? ops->summary : NULL;
}

/* The built-in profiles, then the host's */
int kmem_arch_count(void)
{
	return nr_arch_profiles + 1;
}

const char *kmem_arch_name(int i)
{
	if (i == nr_arch_profiles)
		return HOST_ARCH;
	return i >= 0 && i < nr_arch_profiles ? arch_profiles[i].name : NULL;
}

void kmem_get_info(struct kmem_info *info)
{
	memset(info, 0, sizeof(*info));
	if (!kmem_booted())
		return;
	info->backend = kmem_rt.backend->name;
	info->arch = kmem_rt.arch->name;
	info->mem_bytes = kmem_rt.mem_bytes;
	info->nr_pages = max_pfn;
	info->nr_nodes = kmem_rt.nr_nodes;
	info->numa_simulated = kmem_rt.numa_simulated;
	info->numa_bound = kmem_rt.numa_bound;
	snprintf(info->numa, sizeof(info->numa), "%s", numa_describe());
	info->nr_cpus = kmem_rt.nr_cpus;
	info->pcp = kmem_rt.pcp;
	info->thp = kmem_rt.thp;
	info->min_free_kbytes = min_free_kbytes;
	info->pcp_tune = kmem_rt.pcp_tune;
	info->pcp_high_fraction = kmem_rt.pcp_high_fraction;
	info->nofragment = kmem_rt.nofragment;
	info->highatomic = kmem_rt.highatomic;
	info->watermark_boost_factor = kmem_rt.watermark_boost_factor;
	info->compaction = kmem_rt.compaction;
	info->compaction_supported = kmem_rt.backend && kmem_rt.backend->isolate_free;
	info->compaction_proactiveness = kmem_rt.compaction_proactiveness;
	info->kcompactd = kmem_rt.kcompactd;
	info->init_on_alloc = kmem_rt.init_on_alloc;
	info->init_on_free = kmem_rt.init_on_free;
	physmem_describe(info);
}
