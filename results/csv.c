// SPDX-License-Identifier: GPL-2.0
/*
 * CSV tables, run directories and meta.csv. See csv.h. The host queries (uname, /proc/cpuinfo,
 * perf_event_open, git) live here, in one place, so the workloads never touch the OS for them.
 */
#define _GNU_SOURCE /* strerrorname_np */
#include <errno.h>
#include <fcntl.h>
#include <hwloc.h>
#include <limits.h>
#include <linux/perf_event.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "csv.h"

#ifndef KMEM_BUILD_TYPE
#define KMEM_BUILD_TYPE "unknown"
#endif
#ifndef KMEM_C_FLAGS
#define KMEM_C_FLAGS "unknown"
#endif

/*
 * A table is written to a temporary file beside its final name, ".FILE.PID.tmp", and renamed
 * over FILE by csv_close(): until then an existing FILE stays as it was, and a process killed
 * mid-run leaves no table cut short. Each row is built in memory and written with one write()
 * when complete, so the temporary file, too, only ever holds whole rows.
 */
struct csv_table {
	int fd;
	char path[PATH_MAX]; /* the final name */
	char tmp[PATH_MAX];  /* the file being written */
	char *row;	     /* the current row, not yet written */
	size_t len, cap;
	int nr_columns;
	int field; /* fields written in the current row */
	int err;   /* the first failed write's errno: the table is not to be kept */
	bool broken;
};

static void put(struct csv_table *t, const char *s, size_t n)
{
	if (t->len + n > t->cap) {
		size_t cap = t->cap ? t->cap : 256;
		char *row;

		while (cap < t->len + n)
			cap *= 2;
		row = realloc(t->row, cap);
		if (!row) {
			t->err = t->err ?: ENOMEM;
			return;
		}
		t->row = row;
		t->cap = cap;
	}
	memcpy(t->row + t->len, s, n);
	t->len += n;
}

static void __attribute__((format(printf, 2, 3))) putf(struct csv_table *t, const char *fmt, ...)
{
	char buf[512]; /* room for any double in "%.*f" with a few decimals */
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf))
		t->broken = true;
	else
		put(t, buf, (size_t)n);
}

/* The whole of @buf, or false with t->err set */
static bool write_all(struct csv_table *t, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(t->fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			t->err = t->err ?: n ? errno : EIO;
			return false;
		}
		buf += n;
		len -= (size_t)n;
	}
	return true;
}

/* @dir/@file as it is, into the temporary file of @t: the rows @t then appends follow it */
static int copy_existing(struct csv_table *t)
{
	char buf[8192];
	int fd = open(t->path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || !write_all(t, buf, (size_t)n)) {
			n = n < 0 ? -errno : -t->err;
			close(fd);
			return (int)n;
		}
	}
	close(fd);
	return 0;
}

/* @columns NULL: append rows of @nr_columns fields to the file as it is */
static struct csv_table *csv_open_mode(const char *dir, const char *file,
				       const char *const *columns, int nr_columns)
{
	struct csv_table *t = calloc(1, sizeof(*t));
	int err;

	if (!t) {
		fprintf(stderr, "csv: out of memory for %s\n", file);
		return NULL;
	}
	if ((size_t)snprintf(t->path, sizeof(t->path), "%s/%s", dir, file) >= sizeof(t->path) ||
	    (size_t)snprintf(t->tmp, sizeof(t->tmp), "%s/.%s.%d.tmp", dir, file, (int)getpid()) >=
		    sizeof(t->tmp)) {
		fprintf(stderr, "csv: path too long: %s/%s\n", dir, file);
		free(t);
		return NULL;
	}
	t->fd = open(t->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (t->fd < 0) {
		fprintf(stderr, "csv: cannot create %s: %s\n", t->tmp, strerror(errno));
		free(t);
		return NULL;
	}
	t->nr_columns = nr_columns;
	if (!columns) {
		err = copy_existing(t);
		if (err) {
			fprintf(stderr, "csv: cannot append to %s: %s\n", t->path, strerror(-err));
			csv_discard(t);
			return NULL;
		}
		return t;
	}
	for (int i = 0; i < nr_columns; i++)
		csv_str(t, columns[i]);
	csv_end_row(t);
	return t;
}

struct csv_table *csv_open(const char *dir, const char *file, const char *const *columns,
			   int nr_columns)
{
	return csv_open_mode(dir, file, columns, nr_columns);
}

static void csv_sep(struct csv_table *t)
{
	if (t->field++)
		put(t, ",", 1);
}

/* RFC 4180: quote a field that holds a separator, a quote or a line break; double quotes */
void csv_str(struct csv_table *t, const char *s)
{
	csv_sep(t);
	if (!s[strcspn(s, ",\"\r\n")]) {
		put(t, s, strlen(s));
		return;
	}
	put(t, "\"", 1);
	for (; *s; s++) {
		if (*s == '"')
			put(t, "\"", 1);
		put(t, s, 1);
	}
	put(t, "\"", 1);
}

void csv_u64(struct csv_table *t, uint64_t v)
{
	csv_sep(t);
	putf(t, "%llu", (unsigned long long)v);
}

void csv_i64(struct csv_table *t, int64_t v)
{
	csv_sep(t);
	putf(t, "%lld", (long long)v);
}

void csv_f64(struct csv_table *t, double v, int digits)
{
	csv_sep(t);
	if (!isfinite(v))
		t->broken = true; /* SCHEMA.md floats are finite: a NaN is a bug to report */
	putf(t, "%.*g", digits ? digits : 10, v);
}

void csv_fixed(struct csv_table *t, double v, int decimals)
{
	csv_sep(t);
	if (!isfinite(v))
		t->broken = true;
	putf(t, "%.*f", decimals, v);
}

void csv_end_row(struct csv_table *t)
{
	if (t->field != t->nr_columns && !t->broken) {
		fprintf(stderr, "csv: %s: a row of %d fields under a header of %d\n", t->path,
			t->field, t->nr_columns);
		t->broken = true;
	}
	put(t, "\r\n", 2);
	if (!t->err)
		write_all(t, t->row, t->len);
	t->len = 0;
	t->field = 0;
}

static void csv_free(struct csv_table *t)
{
	free(t->row);
	free(t);
}

int csv_close(struct csv_table *t)
{
	int err = 0;

	if (!t)
		return 0;
	if (close(t->fd) && !t->err)
		t->err = errno;
	if (!t->err && rename(t->tmp, t->path))
		t->err = errno;
	if (t->err) {
		fprintf(stderr, "csv: writing %s failed: %s; %s is left as it was\n", t->tmp,
			strerror(t->err), t->path);
		unlink(t->tmp);
		err = -EIO;
	} else if (t->broken) {
		fprintf(stderr, "csv: %s: malformed rows or non-finite values written\n", t->path);
		err = -EIO;
	}
	csv_free(t);
	return err;
}

void csv_discard(struct csv_table *t)
{
	if (!t)
		return;
	close(t->fd);
	unlink(t->tmp);
	csv_free(t);
}

const char *csv_path(const struct csv_table *t)
{
	return t->path;
}

/* ---- run directories ---- */

int make_dirs(const char *path)
{
	char buf[PATH_MAX];
	size_t len = strlen(path);

	if (!len)
		return -ENOENT;
	if (len >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, path, len + 1);
	for (char *p = buf + 1;; p++) {
		char c = *p;

		if (c != '/' && c)
			continue;
		*p = '\0';
		if (mkdir(buf, 0777) && errno != EEXIST)
			return -errno;
		*p = c;
		if (!c)
			break;
	}
	return 0;
}

int run_dir_create(const char *out, char *path, size_t size)
{
	struct timespec now;
	struct tm tm;
	char stamp[32];
	int err;

	if (out) {
		struct stat st;

		err = make_dirs(out);
		if (!err && (stat(out, &st) || !S_ISDIR(st.st_mode)))
			err = -ENOTDIR;
		if (err) {
			fprintf(stderr, "cannot create the run directory %s: %s\n", out,
				strerror(-err));
			return err;
		}
		if ((size_t)snprintf(path, size, "%s", out) >= size)
			return -ENAMETOOLONG;
		return 0;
	}
	err = make_dirs("results");
	if (err) {
		fprintf(stderr, "cannot create results/: %s\n", strerror(-err));
		return err;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	localtime_r(&now.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	/* the suffix keeps runs started in the same second (parallel tests) apart */
	for (unsigned int i = 0; i < 64; i++) {
		unsigned int suffix =
			((unsigned int)now.tv_nsec ^ ((unsigned int)getpid() << 8)) + i;

		if ((size_t)snprintf(path, size, "results/%s-%04x", stamp, suffix & 0xffff) >= size)
			return -ENAMETOOLONG;
		if (!mkdir(path, 0777))
			return 0;
		if (errno != EEXIST)
			break;
	}
	err = -errno;
	fprintf(stderr, "cannot create %s: %s\n", path, strerror(errno));
	return err;
}

/* ---- meta.csv ---- */

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

/*
 * Whether the CPU cycle counter can be read here. A host without a PMU (most VMs) answers
 * ENOENT or ENODEV, one that forbids it EACCES or EPERM (perf_event_paranoid), one whose PMU
 * lacks the event EOPNOTSUPP: all mean "use timing instead".
 */
static void perf_counters(char *buf, size_t size)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_HARDWARE,
		.size = sizeof(attr),
		.config = PERF_COUNT_HW_CPU_CYCLES,
		.disabled = 1,
		.exclude_kernel = 1,
		.exclude_hv = 1,
	};
	long fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);

	if (fd >= 0) {
		close((int)fd);
		snprintf(buf, size, "available");
		return;
	}
	switch (errno) {
	case ENOENT:
	case ENODEV:
	case EOPNOTSUPP:
	case EACCES:
	case EPERM:
		snprintf(buf, size, "not supported (%s)", strerrorname_np(errno));
		break;
	default:
		snprintf(buf, size, "not supported (%s)", strerror(errno));
	}
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
	struct csv_table *t = csv_open_mode(dir, "meta.csv", NULL, 2);
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
				const struct meta_timer *timer, uint64_t seed, int argc,
				char **argv)
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
	if (info) {
		meta_model(t, info);
	} else {
		struct kmem_config cfg = { 0 };
		struct kmem_info booted;

		if (!kmem_config_from_env(&cfg) && !kmem_boot(&cfg)) {
			kmem_get_info(&booted);
			meta_model(t, &booted);
			kmem_shutdown();
		} else {
			meta_row(t, "numa", "unknown");
			meta_row(t, "direct_map_page_kind", "unknown");
		}
	}
	perf_counters(buf, sizeof(buf));
	meta_row(t, "perf_counters", buf);
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

/* ---- interruption ---- */

static volatile sig_atomic_t caught_signal;
static struct sigaction old_int, old_term;

static void catch_signal(int sig)
{
	if (!caught_signal)
		caught_signal = sig;
}

/*
 * A signal ignored when the command started stays ignored, as the shell meant it: a command
 * started in the background by a script must not stop at the ^C of the terminal.
 */
static int catch_one(int sig, struct sigaction *old)
{
	struct sigaction sa = { .sa_handler = catch_signal, .sa_flags = SA_RESETHAND | SA_RESTART };

	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, NULL, old))
		return -errno;
	if (old->sa_handler == SIG_IGN)
		return 0;
	return sigaction(sig, &sa, NULL) ? -errno : 0;
}

int run_interrupt_catch(void)
{
	caught_signal = 0;
	return catch_one(SIGINT, &old_int) ?: catch_one(SIGTERM, &old_term);
}

int run_interrupted(void)
{
	return caught_signal;
}

const char *run_signal_name(int sig)
{
	static char buf[32];
	const char *name = sigabbrev_np(sig);

	if (!name)
		return "an unknown signal";
	snprintf(buf, sizeof(buf), "SIG%s", name);
	return buf;
}

void run_interrupt_release(void)
{
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
}
