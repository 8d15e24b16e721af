/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Capture bundles: a directory holding what a running Linux kernel showed before and after a
 * command, and the kmem trace it wrote meanwhile (`kmembench capture` makes them; replay, the
 * snapshot boot and validate read them). The names are fixed, so that a bundle made by hand or
 * by another tool loads too:
 *
 *	before.X, after.X	verbatim copies of /proc/X, X in zoneinfo, buddyinfo,
 *				pagetypeinfo, vmstat, slabinfo, meminfo
 *	before.sysctl,		one line per vm sysctl: its name, one space, its value as
 *	after.sysctl		/proc/sys/vm/NAME prints it (tabs as spaces, no newline)
 *	before.kpageflags.gz,	gzip of the raw /proc/kpageflags and /proc/kpagecount: one
 *	before.kpagecount.gz	little-endian u64 per pfn, from pfn 0
 *	kmem.trace.gz		tracefs's `trace` text, gzip
 *	trace.stats		tracefs's per_cpu/cpuN/stats, concatenated, each after a line "cpuN"
 *	uname			`uname -a`
 *	manifest		optional: "KEY VALUE" lines (BUNDLE_MANIFEST_* below)
 *
 * Everything but the manifest must be there: bundle_open() says which file is missing or
 * malformed, in one line naming it.
 */
#ifndef _KMEM_RESULTS_BUNDLE_H
#define _KMEM_RESULTS_BUNDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The /proc files a bundle holds twice, as before.X and after.X */
#define BUNDLE_PROC_FILES(X) \
	X(zoneinfo) X(buddyinfo) X(pagetypeinfo) X(vmstat) X(slabinfo) X(meminfo)

#define BUNDLE_PROC_ENUM(name) BUNDLE_##name,
enum bundle_proc { BUNDLE_PROC_FILES(BUNDLE_PROC_ENUM) BUNDLE_NR_PROC };
#undef BUNDLE_PROC_ENUM

enum bundle_when { BUNDLE_BEFORE, BUNDLE_AFTER, BUNDLE_NR_WHEN };

#define BUNDLE_KPAGEFLAGS  "before.kpageflags.gz"
#define BUNDLE_KPAGECOUNT  "before.kpagecount.gz"
#define BUNDLE_TRACE	   "kmem.trace.gz"
#define BUNDLE_TRACE_STATS "trace.stats"
#define BUNDLE_UNAME	   "uname"
#define BUNDLE_MANIFEST	   "manifest"
#define BUNDLE_SYSCTL	   "sysctl"
/* The manifest's first line: "format kmembench-bundle-1" */
#define BUNDLE_FORMAT "kmembench-bundle-1"

/*
 * The manifest's keys that later commands read (README.md's capture section lists them all).
 * Per-event counts are "event.SYSTEM:NAME N", per-CPU losses "overrun.cpuN N" and
 * "dropped.cpuN N". COMPLETE is "yes", or "no: WHY" when the kernel lost events.
 */
#define BUNDLE_MANIFEST_FORMAT	 "format"
#define BUNDLE_MANIFEST_RELEASE	 "kernel_release"
#define BUNDLE_MANIFEST_CPUS	 "nr_cpus"
#define BUNDLE_MANIFEST_LOST	 "events_lost"
#define BUNDLE_MANIFEST_COMPLETE "complete"

/* One "NAME VALUE" line of a sysctl file or the manifest */
struct bundle_pair {
	char *name, *value;
};

struct bundle {
	char *dir;
	/* before.sysctl and after.sysctl, in file order; names unique within a file */
	struct bundle_pair *sysctl[BUNDLE_NR_WHEN];
	size_t nr_sysctl[BUNDLE_NR_WHEN];
	/* the manifest's lines, none when the bundle has no manifest */
	struct bundle_pair *manifest;
	size_t nr_manifest;
	bool has_manifest;
	/* why the last call failed: one line naming the file, without newline */
	char error[512];
};

/* "zoneinfo": the /proc name of @p */
const char *bundle_proc_name(enum bundle_proc p);
/* "before" or "after" */
const char *bundle_when_name(enum bundle_when w);

/**
 * bundle_open - check a bundle directory's layout and read its sysctl files and manifest
 * @b: filled in; bundle_close() frees it, also after a failure
 * @dir: the bundle directory
 *
 * Every file of the layout but the manifest must be a readable regular file; the .gz files must
 * start as gzip does; the sysctl files and the manifest must be "NAME VALUE" lines with each
 * NAME once.
 *
 * Return: 0, or a negative errno with @b->error naming the file at fault (and the line).
 */
int bundle_open(struct bundle *b, const char *dir);
void bundle_close(struct bundle *b);

/**
 * bundle_path - the path of a bundle's file
 * @b: an open bundle
 * @name: the file's name in the bundle ("before.zoneinfo", BUNDLE_TRACE, ...)
 * @buf: receives the path
 * @size: size of @buf
 *
 * Return: @buf, or NULL (with @b->error set) when the path does not fit.
 */
char *bundle_path(struct bundle *b, const char *name, char *buf, size_t size);

/**
 * bundle_proc_path - the path of before.X or after.X, for readers that take a file (a
 * zoneinfo parser, say)
 * @b: an open bundle
 * @w: before or after
 * @p: which /proc file
 * @buf: receives the path
 * @size: size of @buf
 *
 * Return: @buf, or NULL when it does not fit.
 */
char *bundle_proc_path(struct bundle *b, enum bundle_when w, enum bundle_proc p, char *buf,
		       size_t size);

/**
 * bundle_read_proc - the text of before.X or after.X
 * @b: an open bundle
 * @w: before or after
 * @p: which /proc file
 * @len: receives its length (may be NULL)
 *
 * Return: the text, NUL-terminated, for the caller to free(); NULL with @b->error set.
 */
char *bundle_read_proc(struct bundle *b, enum bundle_when w, enum bundle_proc p, size_t *len);

/* The value of vm sysctl @name in before.sysctl or after.sysctl, NULL when it has none */
const char *bundle_sysctl(const struct bundle *b, enum bundle_when w, const char *name);
/* The manifest's value of @key, NULL when the manifest lacks it (or the bundle has none) */
const char *bundle_manifest(const struct bundle *b, const char *key);

/**
 * bundle_read_kpages - the whole of before.kpageflags.gz or before.kpagecount.gz, one u64 per
 * pfn from pfn 0
 * @b: an open bundle
 * @name: BUNDLE_KPAGEFLAGS or BUNDLE_KPAGECOUNT
 * @vals: receives the array, for the caller to free()
 * @nr: receives the number of pfns
 *
 * Return: 0, or a negative errno with @b->error set (unreadable gzip, a size that is not a
 * whole number of u64s).
 */
int bundle_read_kpages(struct bundle *b, const char *name, uint64_t **vals, size_t *nr);

/*
 * bundle_is_bundle - whether @path is a directory holding a BUNDLE_TRACE: what replay takes for
 * a bundle rather than a trace
 */
bool bundle_is_bundle(const char *path);

/*
 * Write side (results/bundle_write.c), for `kmembench capture` and for tests that make bundles.
 * Each function prints one line on stderr naming the file at fault and returns a negative errno,
 * or returns 0.
 */

/**
 * bundle_copy - copy file @src into @dir/@name, verbatim or gzip-compressed (streaming: a
 * /proc/kpageflags of 50 MB never sits in memory)
 * @dir: the bundle directory
 * @name: the file's name there
 * @src: the file to copy (a /proc file: read until end of file, whatever its stat size says)
 * @gzip_level: 0 to copy verbatim, else zlib's level 1 (fast) to 9 (small)
 * @bytes: receives the number of bytes read from @src (may be NULL)
 */
int bundle_copy(const char *dir, const char *name, const char *src, int gzip_level,
		uint64_t *bytes);

/**
 * bundle_write_sysctl - @dir/@name: one line "NAME VALUE" per readable file of @sysctl_dir
 * (/proc/sys/vm), in name order, the value's tabs and newlines as spaces, its last newline gone
 * @dir: the bundle directory
 * @name: "before.sysctl" or "after.sysctl"
 * @sysctl_dir: where the sysctls are
 *
 * Write-only files (drop_caches, compact_memory) and stat_refresh, whose read is an action
 * rather than a setting, are left out.
 */
int bundle_write_sysctl(const char *dir, const char *name, const char *sysctl_dir);

/**
 * bundle_snapshot - the /proc copies of @w: @w.X for each BUNDLE_PROC_FILES X, from
 * @proc_root/X, and @w.sysctl from @proc_root/sys/vm
 * @dir: the bundle directory
 * @w: before or after
 * @proc_root: "/proc", or a directory laid out like it
 */
int bundle_snapshot(const char *dir, enum bundle_when w, const char *proc_root);

#endif
