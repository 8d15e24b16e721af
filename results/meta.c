// SPDX-License-Identifier: GPL-2.0
/*
 * meta.csv (meta.h). The host queries (uname, /proc/cpuinfo, sysconf, git) live here, in one
 * place, so the workloads never touch the OS for them; the model and the hardware counters are
 * described from what the caller measured.
 */
#include <hwloc.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "meta.h"
#include "rundir.h"

#ifndef KMEM_BUILD_TYPE
#define KMEM_BUILD_TYPE "unknown"
#endif
#ifndef KMEM_C_FLAGS
#define KMEM_C_FLAGS "unknown"
#endif

/* The value of the first "@key : value" line of /proc/cpuinfo, or "unknown" */
static void cpuinfo_field(const char *key, char *buf, size_t size)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[512];
	size_t klen = strlen(key);

	snprintf(buf, size, "unknown");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *p = line + klen;

		if (strncmp(line, key, klen))
			continue;
		p += strspn(p, " \t");
		if (*p != ':')
			continue;
		p += 1 + strspn(p + 1, " \t");
		p[strcspn(p, "\n")] = '\0';
		snprintf(buf, size, "%s", p);
		break;
	}
	fclose(f);
}

/* The first line @cmd prints, or "unknown" when it fails or prints nothing */
static void command_output(const char *cmd, char *buf, size_t size)
{
	FILE *p = popen(cmd, "r");
	bool ok = p && fgets(buf, (int)size, p);

	if (p && pclose(p))
		ok = false;
	if (!ok || !buf[0] || buf[0] == '\n')
		snprintf(buf, size, "unknown");
	buf[strcspn(buf, "\n")] = '\0';
}

/* The source tree's commit, "-dirty" when it has changes, or "unknown" (no git, no tree) */
static void git_commit(char *buf, size_t size)
{
#ifdef KMEM_SOURCE_DIR
	command_output("cd '" KMEM_SOURCE_DIR "' 2>/dev/null && c=$(git rev-parse --short HEAD "
		       "2>/dev/null) && { git diff --quiet HEAD 2>/dev/null && echo $c || "
		       "echo $c-dirty; }",
		       buf, size);
#else
	snprintf(buf, size, "unknown");
#endif
}

static const char *compiler(void)
{
#ifdef __clang__
	return "clang " __clang_version__;
#else
	return "gcc " __VERSION__;
#endif
}

static void meta_row(struct csv_table *t, const char *key, const char *value)
{
	csv_str(t, key);
	csv_str(t, value);
	csv_end_row(t);
}

static void __attribute__((format(printf, 3, 4)))
meta_rowf(struct csv_table *t, const char *key, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	meta_row(t, key, buf);
}

static void meta_model(struct csv_table *t, const struct kmem_info *info)
{
	meta_row(t, "numa", info->numa_simulated ? "simulated" : "real");
	meta_rowf(t, "numa_nodes", "%d", info->nr_nodes);
	meta_row(t, "numa_detail", info->numa);
	meta_row(t, "pcp_tune", info->pcp_tune ? "on" : "off");
	meta_rowf(t, "pcp_high_fraction", "%d", info->pcp_high_fraction);
	meta_row(t, "thp", info->thp ? "on" : "off");
	meta_rowf(t, "min_free_kbytes", "%d", info->min_free_kbytes);
	meta_row(t, "nofragment", info->nofragment ? "on" : "off");
	meta_row(t, "highatomic", info->highatomic ? "on" : "off");
	meta_rowf(t, "watermark_boost_factor", "%d", info->watermark_boost_factor);
	meta_row(t, "compaction",
		 info->compaction	      ? "on"
		 : info->compaction_supported ? "off"
					      : "not supported");
	meta_rowf(t, "compaction_proactiveness", "%d", info->compaction_proactiveness);
	meta_row(t, "kcompactd", info->kcompactd ? "on" : "off");
	meta_row(t, "direct_map_page_kind", info->direct_map_kind);
	meta_rowf(t, "direct_map_page_size", "%lu", info->direct_map_page_size);
	meta_row(t, "direct_map_note", info->direct_map_note);
}

/* "kmembench replay --out DIR TRACE": argv joined by spaces into @buf */
static void command_line(int argc, char **argv, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; i < argc && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? " " : "", argv[i]);
}

struct csv_table *run_meta_open_append(const char *dir, const char *key, int argc, char **argv)
{
	struct csv_table *t = csv_open_append(dir, "meta.csv", 2);
	char buf[1024];

	if (!t)
		return NULL;
	command_line(argc, argv, buf, sizeof(buf));
	meta_row(t, key, buf);
	return t;
}

int run_meta_close(struct csv_table *t, int sig)
{
	if (t && sig)
		meta_row(t, "interrupted", run_signal_name(sig));
	return csv_close(t);
}

struct csv_table *run_meta_open(const char *dir, const struct kmem_info *info,
				const struct meta_timer *timer, const char *perf_counters,
				uint64_t seed, int argc, char **argv)
{
	static const char *const columns[] = { "key", "value" };
	struct csv_table *t = csv_open(dir, "meta.csv", columns, 2);
	struct utsname uts;
	char buf[1024], when[64];
	time_t now = time(NULL);
	struct tm tm;

	if (!t)
		return NULL;
	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	meta_row(t, "date", when);
	if (uname(&uts)) {
		meta_row(t, "host", "unknown");
		meta_row(t, "kernel", "unknown");
	} else {
		meta_row(t, "host", uts.nodename);
		meta_rowf(t, "kernel", "%s %s %s %s", uts.sysname, uts.release, uts.version,
			  uts.machine);
	}
	cpuinfo_field("model name", buf, sizeof(buf));
	meta_row(t, "cpu_model", buf);
	cpuinfo_field("cpu MHz", buf, sizeof(buf));
	meta_row(t, "cpu_mhz", buf);
	meta_rowf(t, "cores", "%ld", sysconf(_SC_NPROCESSORS_ONLN));
	meta_rowf(t, "memory_bytes", "%llu",
		  (unsigned long long)sysconf(_SC_PHYS_PAGES) * (unsigned long long)getpagesize());
	meta_model(t, info);
	meta_row(t, "perf_counters", perf_counters);
	meta_row(t, "timer", timer ? timer->source : "none");
	if (timer) {
		meta_rowf(t, "timer_overhead_ns", "%.1f", timer->overhead_ns);
		meta_rowf(t, "timer_ticks_per_ns", "%.4f", timer->ticks_per_ns);
		meta_rowf(t, "timer_resolution_ns", "%.1f", timer->resolution_ns);
	} else {
		meta_row(t, "timer_overhead_ns", "");
		meta_row(t, "timer_ticks_per_ns", "");
		meta_row(t, "timer_resolution_ns", "");
	}
	meta_row(t, "compiler", compiler());
	meta_row(t, "compiler_flags", KMEM_C_FLAGS);
	meta_row(t, "build_type", KMEM_BUILD_TYPE);
	meta_row(t, "gbench_version", KMEM_GBENCH_VERSION);
	meta_rowf(t, "hwloc_version", "%s (API %#x; the library loaded: API %#x)", HWLOC_VERSION,
		  HWLOC_API_VERSION, hwloc_get_api_version());
	git_commit(buf, sizeof(buf));
	meta_row(t, "git_commit", buf);
	meta_rowf(t, "seed", "%llu", (unsigned long long)seed);
	command_line(argc, argv, buf, sizeof(buf));
	meta_row(t, "command_line", buf);
	return t;
}
