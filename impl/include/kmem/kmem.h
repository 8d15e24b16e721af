/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmembench runtime: configuration, boot and shutdown of the model, statistics, and the list of
 * page back ends. Kernel-style code uses <linux/...> headers; this one is for the harness
 * around it (benchmarks, tests, the CLI).
 */
#ifndef _KMEM_KMEM_H
#define _KMEM_KMEM_H

#include <stdbool.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KMEM_PCP_OFF (-1)

/* zero = default; kmem_boot(NULL) reads the KMEM_* environment variables instead */
struct kmem_config {
	const char *backend;	      /* KMEM_BACKEND: buddy (default) | bitmap | freelist */
	const char *arch;	      /* KMEM_ARCH: x86_64 (default) | x86_32 */
	unsigned long long mem_bytes; /* KMEM_MEM: "6G", "512M"; 0 = the profile's default */
	int nr_nodes;		      /* KMEM_NODES: 1 (default) */
	int pcp;		      /* KMEM_PCP: 0 = default (on), 1 = on, KMEM_PCP_OFF = none */
	const char *slab_debug;	      /* KMEM_SLAB_DEBUG */
};

/**
 * kmem_boot - build the model: RAM, mem_map, nodes, zones, back end
 * @cfg: configuration, or NULL to read the environment
 *
 * Return: 0, or -errno after one line on stderr naming the bad value.
 */
int kmem_boot(const struct kmem_config *cfg);
/* Frees everything kmem_boot made; the model may be booted again afterwards */
void kmem_shutdown(void);
bool kmem_booted(void);

/**
 * kmem_config_from_env - fill @cfg from KMEM_* variables (unset ones stay zero = default)
 * Return: 0, or -EINVAL after one line on stderr naming the variable and its value.
 */
int kmem_config_from_env(struct kmem_config *cfg);
/* Parses "6G", "512M", "4096K", "65536" (bytes); -EINVAL on anything else */
int kmem_parse_size(const char *s, unsigned long long *bytes);

/* Back ends, in registry order */
int kmem_backend_count(void);
const char *kmem_backend_name(int i);
const char *kmem_backend_summary(int i);

/* Arch profiles */
int kmem_arch_count(void);
const char *kmem_arch_name(int i);

/* What the booted model is, and what the host let it be */
struct kmem_info {
	const char *backend;
	const char *arch;
	unsigned long long mem_bytes;
	unsigned long nr_pages;
	int nr_nodes;
	bool numa_simulated;
	int nr_cpus;
	bool pcp;
	/* "hugetlb", "thp" or "4k": what the direct map got, read back from /proc/self/smaps */
	const char *direct_map_kind;
	unsigned long direct_map_page_size;
	/* why a larger page size was not had, or "" */
	char direct_map_note[160];
};
void kmem_get_info(struct kmem_info *info);

enum { KMEM_NR_ORDERS = 11, KMEM_NR_ZONES = 4 };

struct kmem_zone_stats {
	int node;
	int zone_idx;
	const char *name;
	bool populated;
	unsigned long start_pfn, spanned, managed;
	unsigned long free;	    /* held by the back end */
	unsigned long pcp_free;	    /* on per-CPU lists */
	unsigned long watermark[3]; /* min, low, high */
	long lowmem_reserve[KMEM_NR_ZONES];
	unsigned long free_blocks[KMEM_NR_ORDERS]; /* buddyinfo */
	unsigned long alloc[KMEM_NR_ORDERS], fail[KMEM_NR_ORDERS], freed[KMEM_NR_ORDERS];
};
/* 0, or -ENOENT when @nid or @zone_idx is out of range */
int kmem_zone_stats(int nid, int zone_idx, struct kmem_zone_stats *out);

/* Bad page reports since boot, suppressed ones included */
unsigned long kmem_bad_page_count(void);

/* /proc/zoneinfo-like summary of each populated zone, and /proc/buddyinfo */
void kmem_print_zones(FILE *out);
void kmem_print_buddyinfo(FILE *out);

/**
 * kmem_thread_enter - run this thread as (simulated) CPU @cpu
 * @cpu: 0 .. nr_cpus-1; the thread is also pinned to a host CPU where the host allows
 * Return: 0, or -EINVAL for a CPU out of range.
 */
int kmem_thread_enter(int cpu);

#ifdef __cplusplus
}
#endif

#endif
