/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tracefs for `kmembench capture` (bench/cli/cmd_capture.c): found or mounted, every file the
 * capture writes saved first and written back by tracefs_restore(), and the per-CPU ring buffer
 * statistics read. The OS boundary of the capture: nothing else here touches tracefs.
 */
#ifndef _KMEM_BENCH_TRACEFS_H
#define _KMEM_BENCH_TRACEFS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tracefs_saved {
	char file[160];	 /* relative to the tracefs root: "events/kmem/kmalloc/enable" */
	char value[256]; /* what to write back */
};

struct tracefs {
	char root[PATH_MAX];
	bool mounted; /* we mounted it: tracefs_restore() unmounts it */
	struct tracefs_saved *saved;
	size_t nr_saved;
};

/* What per_cpu/cpuN/stats say, summed over the CPUs (or of one CPU) */
struct tracefs_stats {
	uint64_t entries, overrun, dropped, bytes;
	int nr_cpus;
};

/**
 * tracefs_open - find tracefs (/sys/kernel/tracing, else /sys/kernel/debug/tracing), mounting
 * it on /sys/kernel/tracing when it is nowhere
 * @t: filled in
 *
 * Return: 0, or -1 after one line on stderr saying why (no tracefs in this kernel, cannot
 * mount).
 */
int tracefs_open(struct tracefs *t);

/* Whether @file (relative to the root) exists */
bool tracefs_exists(const struct tracefs *t, const char *file);

/**
 * tracefs_read - the first line of a tracefs file, without its newline
 * @t: from tracefs_open()
 * @file: relative to the root
 * @buf: receives it
 * @size: size of @buf
 *
 * Return: 0, or -errno.
 */
int tracefs_read(const struct tracefs *t, const char *file, char *buf, size_t size);

/**
 * tracefs_set - write @value to @file, having saved what it held the first time
 * @t: from tracefs_open()
 * @file: relative to the root
 * @value: what to write
 *
 * Return: 0, or -1 after one line on stderr naming the file.
 */
int tracefs_set(struct tracefs *t, const char *file, const char *value);

/*
 * tracefs_restore_file - write back what @file held before the first tracefs_set() of it (a
 * no-op for a file never set); it stays saved, so tracefs_restore() writes it once more
 */
int tracefs_restore_file(struct tracefs *t, const char *file);

/**
 * tracefs_restore - write back every saved file, the last set first, then unmount tracefs if
 * tracefs_open() mounted it
 * @t: from tracefs_open(); emptied
 *
 * Tries every file even when one fails. Return: 0, or -1 after one line on stderr per failure.
 */
int tracefs_restore(struct tracefs *t);

/**
 * tracefs_clear - empty the ring buffer of every CPU (open `trace` for writing, truncated): the
 * one change that cannot be restored
 * @t: from tracefs_open()
 *
 * Return: 0, or -1 after one line on stderr.
 */
int tracefs_clear(struct tracefs *t);

/**
 * tracefs_stats - per_cpu/cpuN/stats: "entries", "overrun", "dropped events" and "bytes"
 * @t: from tracefs_open()
 * @sum: receives them summed over the CPUs
 * @per_cpu: receives each CPU's, indexed by CPU number, or NULL
 * @max_cpus: entries of @per_cpu
 * @text: receives the files concatenated, each after a line "cpuN", for the caller to free()
 *        (or NULL)
 *
 * Return: 0, or -1 when no CPU's stats could be read.
 */
int tracefs_stats(const struct tracefs *t, struct tracefs_stats *sum, struct tracefs_stats *per_cpu,
		  int max_cpus, char **text);

#endif
