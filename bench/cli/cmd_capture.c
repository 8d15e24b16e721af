// SPDX-License-Identifier: GPL-2.0
/*
 * `kmembench capture [-o BUNDLE] [--events LIST] [--buffer-kb N] -- COMMAND [ARGS]`: the kernel's
 * own kmem and compaction events while COMMAND runs, with the /proc state before and after, as
 * a bundle directory (results/bundle.h) that replay and validate read.
 *
 * The order of a capture, each step checked for a signal before the next:
 *
 *	check	Linux, root, the capture lock (one capture at a time), tracefs (mounted
 *		if needed), the events asked for
 *	arm	tracing_on 0, buffer_size_kb, each event's enable: saved, then set;
 *		the ring buffer emptied (that alone is not given back)
 *	before	the /proc copies, the vm sysctls, kpageflags and kpagecount (gzip)
 *	run	tracing_on 1, COMMAND forked, a progress line until it ends, tracing_on 0
 *	after	the events disabled, the /proc copies and sysctls again
 *	write	trace.stats, kmem.trace.gz (counting events and LOST EVENTS markers),
 *		uname, manifest
 *	restore	every tracefs file written back as it was, tracefs unmounted if we mounted it
 *
 * Whatever happens after "arm" (COMMAND failing, a write failing, SIGINT, SIGTERM or SIGHUP), the
 *flow reaches "restore". The signal handler only counts and forwards signals to COMMAND (a signal a
 * terminal sends reaches COMMAND by itself, as it is in our process group; one sent to us alone
 * with kill(1) is passed on; a second one kills COMMAND); the main flow does the rest.
 */
#define _GNU_SOURCE /* strsignal, sigabbrev_np */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "results/bundle.h"
#include "results/rundir.h"
#include "cli.h"
#include "cmd_capture.h"
#include "tracefs.h"

#define CMD		  "capture"
#define PROG		  "kmembench " CMD
#define DEFAULT_BUFFER_KB 65536
#define MAX_CPUS	  4096
/* where captures on one machine wait for each other: /run/lock, else /tmp */
#define LOCK_NAME "kmembench-capture.lock"

/* The events traced by default: the kmem ones replay and validate read, then every compaction */
static const char *const default_kmem[] = {
	"kmalloc",
	"kfree",
	"kmem_cache_alloc",
	"kmem_cache_free",
	"mm_page_alloc",
	"mm_page_free",
	"mm_page_free_batched",
	"mm_page_alloc_zone_locked",
	"mm_page_pcpu_drain",
	"mm_page_alloc_extfrag",
	/* managed pages changing mid-capture (memory hotplug) show as this one */
	"mm_setup_per_zone_wmarks",
};

void cmd_capture_help(FILE *out)
{
	fprintf(out,
		"Usage: kmembench capture [-o BUNDLE] [--events LIST] [--buffer-kb N]\n"
		"                         -- COMMAND [ARGS]\n"
		"\n"
		"As root on Linux: traces the kernel's kmem and compaction events while COMMAND\n"
		"runs, and writes a bundle directory for 'kmembench replay BUNDLE':\n"
		"  before.X, after.X     copies of /proc/X, X in zoneinfo, buddyinfo,\n"
		"                        pagetypeinfo, vmstat, slabinfo, meminfo\n"
		"  before.sysctl,        the vm sysctls, one 'NAME VALUE' line each\n"
		"  after.sysctl\n"
		"  before.kpageflags.gz  /proc/kpageflags, gzip\n"
		"  before.kpagecount.gz  /proc/kpagecount, gzip\n"
		"  kmem.trace.gz         tracefs's 'trace' text, gzip\n"
		"  trace.stats           tracefs's per_cpu/cpuN/stats after the run\n"
		"  uname                 'uname -a'\n"
		"  manifest              kernel release, CPUs, command, duration, exit status,\n"
		"                        events per type, per-CPU overruns and drops, lost events\n"
		"tracefs is mounted on /sys/kernel/tracing if it is nowhere (and unmounted\n"
		"after). tracing_on, buffer_size_kb and each event's enable are saved and\n"
		"written back at the end, also when COMMAND fails and on SIGINT, SIGTERM or\n"
		"SIGHUP. The ring buffer is emptied before the capture (its earlier contents\n"
		"are lost) and holds the capture's events after it. Events overwritten in a\n"
		"full buffer (overrun), dropped, or a 'LOST EVENTS' marker make the capture say\n"
		"so on stderr and in the manifest ('complete no'): capture again with a larger\n"
		"--buffer-kb. tracing_on or an event found off when COMMAND ends (another\n"
		"tracing user turned it off) is said the same way. A progress line (events so\n"
		"far, buffer fill) is shown while COMMAND runs. One capture runs at a time on\n"
		"a machine: a second one says so and waits for the first to end.\n"
		"\n"
		"Options:\n"
		"  -o, --out BUNDLE  the bundle directory, created (default:\n"
		"                    capture-YYYYmmdd-HHMMSS); one holding a bundle is refused\n"
		"  --events LIST     comma-separated events instead of the default: NAME\n"
		"                    (looked up in kmem, then compaction), SYSTEM:NAME, or a\n"
		"                    SYSTEM alone for all of its events. An event named here\n"
		"                    that the kernel lacks is an error. The default: kmalloc,\n"
		"                    kfree, kmem_cache_alloc, kmem_cache_free, mm_page_alloc,\n"
		"                    mm_page_free, mm_page_free_batched,\n"
		"                    mm_page_alloc_zone_locked, mm_page_pcpu_drain,\n"
		"                    mm_page_alloc_extfrag, mm_setup_per_zone_wmarks and every\n"
		"                    compaction event; one of them the kernel lacks is skipped\n"
		"                    with a line, and listed in the manifest (events_missing)\n"
		"  --buffer-kb N     ring buffer per CPU, in KiB (default %d)\n"
		"  -h, --help        this help\n"
		"  --version         the version of kmembench\n"
		"\n"
		"Exit status: COMMAND's (128 + N when signal N ended it); 1 when the capture\n"
		"failed (not root, no tracefs, a file it could not write: a line says which);\n"
		"2 bad command line; 128 + N when signal N interrupted the capture (the bundle\n"
		"then holds what was traced until then; the manifest says 'interrupted').\n",
		DEFAULT_BUFFER_KB);
}

struct capture_event {
	char system[32], name[96];
};

struct capture_opts {
	const char *out, *events;
	uint64_t buffer_kb;
	char **command;
};

static int parse_opts(int argc, char **argv, struct capture_opts *o)
{
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "events", required_argument, NULL, 'e' },
		{ "buffer-kb", required_argument, NULL, 'k' },
		CLI_END_OPTIONS,
	};
	int c;

	o->buffer_kb = DEFAULT_BUFFER_KB;
	/* '+': COMMAND's own options are not ours, even without "--" */
	while ((c = getopt_long(argc, argv, "+:ho:", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			if (!*optarg)
				return cli_usage_error(CMD, "--out: an empty directory name");
			o->out = optarg;
			break;
		case 'e':
			o->events = optarg;
			break;
		case 'k':
			if (!cli_parse_u64(optarg, &o->buffer_kb) || !o->buffer_kb ||
			    o->buffer_kb > (1ULL << 30))
				return cli_usage_error(
					CMD,
					"--buffer-kb: '%s' is not a size in KiB from "
					"1 to 1073741824",
					optarg);
			break;
		default:
			return cli_other_option(CMD, c, argv, longopts, cmd_capture_help);
		}
	}
	if (optind == argc)
		return cli_usage_error(CMD,
				       "no COMMAND given (kmembench capture -- COMMAND [ARGS])");
	o->command = argv + optind;
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* events */

/* @dir/@name into @buf, of PATH_MAX bytes: false when it does not fit */
static bool path_in(char *buf, const char *dir, const char *name)
{
	return (size_t)snprintf(buf, PATH_MAX, "%s/%s", dir, name) < PATH_MAX;
}

/* "events/SYSTEM/NAME/enable" into @buf, of @size bytes: false when it does not fit */
static bool enable_file(char *buf, size_t size, const char *system, const char *name)
{
	return (size_t)snprintf(buf, size, "events/%s/%s/enable", system, name) < size;
}

struct event_list {
	struct capture_event *ev;
	size_t nr;
	/* default events this kernel lacks, comma-separated */
	char missing[1024];
};

static int add_event(struct event_list *l, const char *system, const char *name)
{
	struct capture_event *ne;

	for (size_t i = 0; i < l->nr; i++)
		if (!strcmp(l->ev[i].system, system) && !strcmp(l->ev[i].name, name))
			return 0;
	ne = realloc(l->ev, (l->nr + 1) * sizeof(*ne));
	if (!ne) {
		fprintf(stderr, PROG ": out of memory\n");
		return -1;
	}
	l->ev = ne;
	snprintf(l->ev[l->nr].system, sizeof(l->ev[l->nr].system), "%s", system);
	snprintf(l->ev[l->nr].name, sizeof(l->ev[l->nr].name), "%s", name);
	l->nr++;
	return 0;
}

static bool event_exists(const struct tracefs *t, const char *system, const char *name)
{
	char file[256];

	return enable_file(file, sizeof(file), system, name) && tracefs_exists(t, file);
}

static bool valid_name(const char *s)
{
	return *s && strlen(s) < 96 &&
	       s[strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_")] == '\0';
}

/* Every event of @system, as tracefs lists them */
static int add_system(const struct tracefs *t, struct event_list *l, const char *system)
{
	char dir[PATH_MAX], file[256];
	struct dirent **names;
	int nr, err = 0;

	if ((size_t)snprintf(dir, sizeof(dir), "%s/events/%s", t->root, system) >= sizeof(dir))
		return 1;
	nr = scandir(dir, &names, NULL, alphasort);
	if (nr < 0)
		return 1;
	for (int i = 0; i < nr; i++) {
		if (!err && names[i]->d_name[0] != '.' &&
		    enable_file(file, sizeof(file), system, names[i]->d_name) &&
		    tracefs_exists(t, file))
			err = add_event(l, system, names[i]->d_name);
		free(names[i]);
	}
	free(names);
	return err;
}

static void note_missing(struct event_list *l, const char *system, const char *name)
{
	size_t len = strlen(l->missing);

	fprintf(stderr, PROG ": this kernel has no %s:%s event: not traced\n", system, name);
	snprintf(l->missing + len, sizeof(l->missing) - len, "%s%s:%s", len ? "," : "", system,
		 name);
}

/* The events to enable: the default list, or --events's, each checked against tracefs */
static int resolve_events(const struct tracefs *t, const char *list, struct event_list *l)
{
	char *copy, *item, *save;
	int err = 0;

	if (!list) {
		for (size_t i = 0; i < sizeof(default_kmem) / sizeof(default_kmem[0]) && !err;
		     i++) {
			if (event_exists(t, "kmem", default_kmem[i]))
				err = add_event(l, "kmem", default_kmem[i]);
			else
				note_missing(l, "kmem", default_kmem[i]);
		}
		if (!err && add_system(t, l, "compaction") > 0)
			note_missing(l, "compaction", "*");
		return err ? EXIT_FAILURE : 0;
	}
	copy = strdup(list);
	if (!copy)
		return EXIT_FAILURE;
	for (item = strtok_r(copy, ",", &save); item && !err; item = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(item, ':');
		const char *system = colon ? item : NULL, *name = colon ? colon + 1 : item;

		if (colon)
			*colon = '\0';
		if ((system && !valid_name(system)) || !valid_name(name)) {
			err = cli_usage_error(CMD, "--events: '%s%s%s' is not an event name", item,
					      colon ? ":" : "", colon ? name : "");
		} else if (!system && (!strcmp(name, "kmem") || !strcmp(name, "compaction"))) {
			err = add_system(t, l, name);
			if (err > 0)
				err = cli_usage_error(CMD, "--events: this kernel has no %s events",
						      name);
		} else if (!system) {
			system = event_exists(t, "kmem", name)	       ? "kmem"
				 : event_exists(t, "compaction", name) ? "compaction"
								       : NULL;
			if (!system)
				err = cli_usage_error(CMD,
						      "--events: this kernel has no event '%s' in "
						      "kmem or compaction (%s/events)",
						      name, t->root);
			else
				err = add_event(l, system, name);
		} else if (!event_exists(t, system, name)) {
			err = cli_usage_error(
				CMD, "--events: this kernel has no event '%s:%s' (%s/events/%s/%s)",
				system, name, t->root, system, name);
		} else {
			err = add_event(l, system, name);
		}
	}
	free(copy);
	if (!err && !l->nr)
		err = cli_usage_error(CMD, "--events: no event given");
	return err;
}

/* ---------------------------------------------------------------------------------------- */
/* signals */

static volatile sig_atomic_t got_signal, signal_count;
static volatile pid_t command_pid;

/*
 * Counts, and passes a signal that was sent to us alone (kill(1): si_code SI_USER or SI_QUEUE,
 * both <= 0) on to COMMAND; one from the terminal (si_code SI_KERNEL) has reached COMMAND
 * already, being sent to the whole foreground process group. A second signal kills COMMAND:
 * the capture then ends as soon as it has restored tracefs.
 */
static void on_signal(int sig, siginfo_t *si, void *uc)
{
	pid_t pid = command_pid;

	(void)uc;
	if (!got_signal)
		got_signal = sig;
	signal_count++;
	if (pid <= 0)
		return;
	if (signal_count > 1)
		kill(pid, SIGKILL);
	else if (si->si_code <= 0)
		kill(pid, sig);
}

/* The signals that end a capture early: a terminal's ^C, kill(1), a closed terminal */
static const int caught[] = { SIGINT, SIGTERM, SIGHUP };
#define NR_CAUGHT (sizeof(caught) / sizeof(caught[0]))

static void catch_signals(struct sigaction *old)
{
	/* SA_RESTART: a /proc or tracefs read in progress goes on; the waits poll the flag */
	struct sigaction sa = { .sa_sigaction = on_signal, .sa_flags = SA_SIGINFO | SA_RESTART };

	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < NR_CAUGHT; i++)
		sigaction(caught[i], &sa, &old[i]);
}

/* The dispositions catch_signals() found, for COMMAND and for the end of the capture */
static void release_signals(const struct sigaction *old)
{
	for (size_t i = 0; i < NR_CAUGHT; i++)
		sigaction(caught[i], &old[i], NULL);
}

/* ---------------------------------------------------------------------------------------- */
/* running COMMAND */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void progress(const struct tracefs *t, uint64_t buffer_kb, double elapsed, bool tty,
		     bool last)
{
	struct tracefs_stats s;
	double fill;

	if (tracefs_stats(t, &s, NULL, 0, NULL))
		return;
	fill = s.nr_cpus ? 100.0 * s.bytes / (buffer_kb * 1024.0 * s.nr_cpus) : 0;
	fprintf(stderr, "%s" PROG ": %.0f s, %llu events so far, buffer %.0f%% full%s%s",
		tty ? "\r" : "", elapsed, (unsigned long long)(s.entries + s.overrun), fill,
		s.overrun || s.dropped ? ", EVENTS LOST (buffer overrun)" : "",
		tty && !last ? "  " : "\n");
}

/*
 * Runs @argv to its end, with a progress line on stderr: redrawn twice a second on a terminal,
 * a line every two seconds otherwise. Returns its wait status, or -1 when it could not be
 * started; *@duration receives how long it ran.
 */
static int run_command(const struct tracefs *t, char **argv, uint64_t buffer_kb,
		       const struct sigaction *old_sigs, double *duration)
{
	bool tty = isatty(STDERR_FILENO);
	double start, next, period = tty ? 0.5 : 2.0;
	int status = 0;
	pid_t pid;

	start = now_s();
	next = start + period;
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, PROG ": cannot start '%s': %s\n", argv[0], strerror(errno));
		return -1;
	}
	if (!pid) {
		release_signals(old_sigs);
		execvp(argv[0], argv);
		fprintf(stderr, PROG ": cannot run '%s': %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	command_pid = pid;
	/* a signal that came while we forked has not been passed on */
	if (got_signal)
		kill(pid, signal_count > 1 ? SIGKILL : got_signal);
	for (;;) {
		struct timespec nap = { 0, 100 * 1000 * 1000 };
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid || (r < 0 && errno != EINTR))
			break;
		if (now_s() >= next) {
			progress(t, buffer_kb, now_s() - start, tty, false);
			next += period;
		}
		nanosleep(&nap, NULL);
	}
	command_pid = 0;
	*duration = now_s() - start;
	progress(t, buffer_kb, *duration, tty, true);
	return status;
}

/* ---------------------------------------------------------------------------------------- */
/* the bundle's own files */

struct trace_counts {
	/* per event name, as the trace's lines name them */
	struct {
		char name[96];
		uint64_t n;
	} * ev;
	size_t nr;
	uint64_t total, lost_markers, lost_events;
	long long in_buffer, written; /* the header's "entries-in-buffer/entries-written", or -1 */
};

static void count_event(struct trace_counts *c, const char *name, size_t len)
{
	void *ne;

	c->total++;
	for (size_t i = 0; i < c->nr; i++) {
		if (strlen(c->ev[i].name) == len && !strncmp(c->ev[i].name, name, len)) {
			c->ev[i].n++;
			return;
		}
	}
	if (len >= sizeof(c->ev[0].name))
		return;
	ne = realloc(c->ev, (c->nr + 1) * sizeof(*c->ev));
	if (!ne)
		return;
	c->ev = ne;
	memcpy(c->ev[c->nr].name, name, len);
	c->ev[c->nr].name[len] = '\0';
	c->ev[c->nr].n = 1;
	c->nr++;
}

/*
 * One line of tracefs text: "TASK-PID [CPU] FLAGS TIMESTAMP: EVENT: FIELDS", a header line
 * ("# ..."), or "CPU:N [LOST M EVENTS]"
 */
static void count_line(struct trace_counts *c, const char *line)
{
	const char *p, *name;
	unsigned long long lost;
	int cpu;

	if (line[0] == '#') {
		p = strstr(line, "entries-in-buffer/entries-written:");
		if (p)
			sscanf(p + 34, " %lld/%lld", &c->in_buffer, &c->written);
		return;
	}
	if (sscanf(line, "CPU:%d [LOST %llu EVENTS]", &cpu, &lost) == 2) {
		c->lost_markers++;
		c->lost_events += lost;
		return;
	}
	p = strstr(line, "] ");
	p = p ? strstr(p, ": ") : NULL;
	if (!p)
		return;
	name = p + 2;
	p = strchr(name, ':');
	if (p)
		count_event(c, name, p - name);
}

/* tracefs's `trace` into @dir/kmem.trace.gz, counted; stops early on a second signal */
static int write_trace(const struct tracefs *t, const char *dir, struct trace_counts *c)
{
	char src[PATH_MAX], dst[PATH_MAX];
	size_t cap = 0;
	char *line = NULL;
	ssize_t len;
	int err = 0;
	gzFile gz;
	FILE *in;

	c->in_buffer = c->written = -1;
	if (!path_in(src, t->root, "trace") || !path_in(dst, dir, BUNDLE_TRACE)) {
		fprintf(stderr, PROG ": %s: path too long\n", dir);
		return -1;
	}
	in = fopen(src, "re");
	if (!in) {
		fprintf(stderr, PROG ": cannot read %s: %s\n", src, strerror(errno));
		return -1;
	}
	gz = gzopen(dst, "wb6");
	if (!gz) {
		fprintf(stderr, PROG ": cannot write %s: %s\n", dst, strerror(errno));
		fclose(in);
		return -1;
	}
	gzbuffer(gz, 1 << 17);
	while ((len = getline(&line, &cap, in)) > 0) {
		if (gzwrite(gz, line, len) != len) {
			fprintf(stderr, PROG ": cannot write %s\n", dst);
			err = -1;
			break;
		}
		count_line(c, line);
		if (signal_count > 1) {
			fprintf(stderr,
				PROG ": interrupted again: %s holds the trace only in part\n", dst);
			break;
		}
	}
	if (ferror(in)) {
		fprintf(stderr, PROG ": error reading %s\n", src);
		err = -1;
	}
	free(line);
	fclose(in);
	if (gzclose(gz) != Z_OK && !err) {
		fprintf(stderr, PROG ": cannot write %s\n", dst);
		err = -1;
	}
	return err;
}

static int write_text(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	if (!path_in(path, dir, name))
		return -1;
	f = fopen(path, "we");
	if (!f || fputs(text, f) < 0 || fclose(f)) {
		fprintf(stderr, PROG ": cannot write %s: %s\n", path, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	return 0;
}

static int write_uname(const char *dir)
{
	char path[PATH_MAX], cmd[PATH_MAX + 32];

	if (!path_in(path, dir, BUNDLE_UNAME))
		return -1;
	/* uname(1)'s own words: -a adds the OS name that uname(2) does not give */
	snprintf(cmd, sizeof(cmd), "uname -a > '%s'", path);
	if (strchr(path, '\'') || system(cmd)) {
		struct utsname u;
		char text[5 * 65 + 8];

		if (uname(&u))
			return -1;
		snprintf(text, sizeof(text), "%s %s %s %s %s\n", u.sysname, u.nodename, u.release,
			 u.version, u.machine);
		return write_text(dir, BUNDLE_UNAME, text);
	}
	return 0;
}

/* @argv as one shell-quoted line */
static void print_command(FILE *f, char **argv)
{
	for (int i = 0; argv[i]; i++) {
		const char *a = argv[i];

		fputs(i ? " " : "", f);
		if (*a && !a[strspn(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				       "0123456789-_=+./,:@%")]) {
			fputs(a, f);
			continue;
		}
		fputc('\'', f);
		for (; *a; a++) {
			if (*a == '\'')
				fputs("'\\''", f);
			else if (*a == '\n')
				fputc(' ', f);
			else
				fputc(*a, f);
		}
		fputc('\'', f);
	}
}

struct capture_result {
	const struct event_list *events;
	struct trace_counts counts;
	struct tracefs_stats stats, per_cpu[MAX_CPUS];
	uint64_t buffer_kb;
	bool mounted, trace_written;
	time_t started;
	double duration, snapshot_s;
	int status; /* COMMAND's wait status, -1 when it did not run */
	int sig;    /* the signal that interrupted the capture, or 0 */
	/* what another tracing user had on: its lines are in the trace too */
	char tracer[64], other_events[1024];
	/* the files of ours found no longer on when COMMAND ended: someone else turned them off */
	char turned_off[1024];
};

/* The kernel lost events: overrun, dropped, a LOST EVENTS marker, fewer kept than written */
static bool lost_events(const struct capture_result *r)
{
	return r->stats.overrun || r->stats.dropped || r->counts.lost_markers ||
	       (r->counts.written > r->counts.in_buffer && r->counts.in_buffer >= 0);
}

static bool incomplete(const struct capture_result *r)
{
	return lost_events(r) || r->turned_off[0];
}

static int write_manifest(const char *dir, char **command, const struct capture_result *r)
{
	char path[PATH_MAX], when[32];
	const struct event_list *l = r->events;
	struct utsname u;
	FILE *f;

	if (!path_in(path, dir, BUNDLE_MANIFEST))
		return -1;
	f = fopen(path, "we");
	if (!f) {
		fprintf(stderr, PROG ": cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	fprintf(f, BUNDLE_MANIFEST_FORMAT " " BUNDLE_FORMAT "\n");
	if (!uname(&u))
		fprintf(f, BUNDLE_MANIFEST_RELEASE " %s\nmachine %s\n", u.release, u.machine);
	fprintf(f, BUNDLE_MANIFEST_CPUS " %ld\n", sysconf(_SC_NPROCESSORS_ONLN));
	fprintf(f, "command ");
	print_command(f, command);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime(&r->started));
	fprintf(f, "\nstarted %s\nduration_s %.3f\nsnapshot_before_s %.3f\n", when, r->duration,
		r->snapshot_s);
	if (r->status < 0)
		fprintf(f, "exit_status not run\n");
	else if (WIFSIGNALED(r->status))
		fprintf(f, "exit_status signal %s\n", run_signal_name(WTERMSIG(r->status)));
	else
		fprintf(f, "exit_status %d\n", WEXITSTATUS(r->status));
	if (r->sig)
		fprintf(f, "interrupted %s\n", run_signal_name(r->sig));
	fprintf(f, "buffer_size_kb %llu\ntracefs_mounted_by_capture %s\n",
		(unsigned long long)r->buffer_kb, r->mounted ? "yes" : "no");
	fprintf(f, "trace_cleared yes (the ring buffer was emptied before the capture)\n");
	fprintf(f, "tracer %s\nevents_other %s\n", r->tracer[0] ? r->tracer : "unknown",
		r->other_events[0] ? r->other_events : "none");
	fprintf(f, "events_enabled ");
	for (size_t i = 0; i < l->nr; i++)
		fprintf(f, "%s%s:%s", i ? "," : "", l->ev[i].system, l->ev[i].name);
	fprintf(f, "\nevents_missing %s\n", l->missing[0] ? l->missing : "none");
	fprintf(f, "trace_written %s\nevents_total %llu\n", r->trace_written ? "yes" : "no",
		(unsigned long long)r->counts.total);
	for (size_t i = 0; i < r->counts.nr; i++) {
		const char *system = NULL;

		for (size_t j = 0; j < l->nr && !system; j++)
			if (!strcmp(l->ev[j].name, r->counts.ev[i].name))
				system = l->ev[j].system;
		fprintf(f, "event.%s%s%s %llu\n", system ?: "", system ? ":" : "",
			r->counts.ev[i].name, (unsigned long long)r->counts.ev[i].n);
	}
	fprintf(f, "entries_in_buffer %lld\nentries_written %lld\n", r->counts.in_buffer,
		r->counts.written);
	for (int cpu = 0; cpu < MAX_CPUS; cpu++) {
		if (!r->per_cpu[cpu].nr_cpus)
			continue;
		fprintf(f, "overrun.cpu%d %llu\ndropped.cpu%d %llu\n", cpu,
			(unsigned long long)r->per_cpu[cpu].overrun, cpu,
			(unsigned long long)r->per_cpu[cpu].dropped);
	}
	fprintf(f, "overrun_total %llu\ndropped_total %llu\n", (unsigned long long)r->stats.overrun,
		(unsigned long long)r->stats.dropped);
	fprintf(f, "lost_markers %llu\n" BUNDLE_MANIFEST_LOST " %llu\n",
		(unsigned long long)r->counts.lost_markers,
		(unsigned long long)r->counts.lost_events);
	fprintf(f, "turned_off %s\n", r->turned_off[0] ? r->turned_off : "none");
	if (r->turned_off[0])
		fprintf(f,
			BUNDLE_MANIFEST_COMPLETE
			" no: tracing was turned off during the capture (%s), a replay of this "
			"trace is flagged\n",
			r->turned_off);
	else
		fprintf(f, BUNDLE_MANIFEST_COMPLETE " %s\n",
			lost_events(r) ? "no: events were lost, a replay of this trace is flagged"
				       : "yes");
	if (ferror(f) | fclose(f)) {
		fprintf(stderr, PROG ": cannot write %s\n", path);
		return -1;
	}
	return 0;
}

static void warn_incomplete(const struct capture_result *r)
{
	if (r->turned_off[0])
		fprintf(stderr,
			PROG
			": WARNING: THE TRACE IS INCOMPLETE: %s no longer on when the command "
			"ended: another tracing user turned it off meanwhile. The manifest says "
			"'complete no'; capture again when nothing else traces.\n",
			r->turned_off);
	if (!lost_events(r))
		return;
	fprintf(stderr,
		PROG ": WARNING: THE TRACE IS INCOMPLETE: %llu events overwritten (overrun), "
		     "%llu dropped, %llu LOST EVENTS markers (%llu events); entries written %lld, "
		     "in the buffer %lld. The manifest says 'complete no' and a replay of it is "
		     "flagged; capture again with a larger --buffer-kb (now %llu).\n",
		(unsigned long long)r->stats.overrun, (unsigned long long)r->stats.dropped,
		(unsigned long long)r->counts.lost_markers,
		(unsigned long long)r->counts.lost_events, r->counts.written, r->counts.in_buffer,
		(unsigned long long)r->buffer_kb);
}

/* ---------------------------------------------------------------------------------------- */
/* the capture */

static int host_checks(void)
{
	struct utsname u;

	if (uname(&u) || strcmp(u.sysname, "Linux")) {
		fprintf(stderr,
			PROG ": needs Linux (tracefs, /proc/kpageflags): this host runs %s\n",
			uname(&u) ? "an unknown system" : u.sysname);
		return -1;
	}
	if (geteuid()) {
		fprintf(stderr, PROG ": must run as root: tracefs, /proc/kpageflags and "
				     "/proc/slabinfo are root's\n");
		return -1;
	}
	return 0;
}

/*
 * One capture at a time on a machine: tracefs's files and ring buffer are the kernel's, so a
 * second capture would take the first one's armed state for the state to give back, and empty
 * its buffer. A capture that finds the lock held says so and waits (^C ends the wait with
 * nothing changed). The lock stays held until we exit, when the kernel drops it; COMMAND does
 * not inherit it.
 */
static int capture_lock(void)
{
	char path[PATH_MAX];
	struct stat st;
	int fd;

	snprintf(path, sizeof(path), "%s/" LOCK_NAME,
		 stat("/run/lock", &st) || !S_ISDIR(st.st_mode) ? "/tmp" : "/run/lock");
	fd = open(path, O_RDONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0) {
		fprintf(stderr, PROG ": cannot open the capture lock %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	if (!flock(fd, LOCK_EX | LOCK_NB))
		return 0;
	if (errno == EWOULDBLOCK) {
		fprintf(stderr, PROG ": waiting for another capture to end (%s)\n", path);
		if (!flock(fd, LOCK_EX))
			return 0;
	}
	fprintf(stderr, PROG ": cannot lock %s: %s\n", path, strerror(errno));
	close(fd);
	return -1;
}

static int make_bundle_dir(const char *out, char *dir, size_t size)
{
	time_t now = time(NULL);
	char name[64];
	int err;

	if (!out) {
		strftime(name, sizeof(name), "capture-%Y%m%d-%H%M%S", localtime(&now));
		out = name;
	}
	if ((size_t)snprintf(dir, size, "%s", out) >= size)
		return cli_usage_error(CMD, "--out: path too long");
	if (bundle_is_bundle(dir))
		return cli_usage_error(CMD, "--out: '%s' already holds a bundle (%s)", dir,
				       BUNDLE_TRACE);
	err = make_dirs(dir);
	if (err) {
		fprintf(stderr, PROG ": cannot create %s: %s\n", dir, strerror(-err));
		return EXIT_FAILURE;
	}
	return 0;
}

/* before.*: the /proc copies and sysctls, then kpageflags and kpagecount */
static int snapshot_before(const char *dir)
{
	if (bundle_snapshot(dir, BUNDLE_BEFORE, "/proc"))
		return -1;
	if (got_signal)
		return 0;
	/* level 1: the files are mostly runs of a few values, and time spent here is drift */
	if (bundle_copy(dir, BUNDLE_KPAGEFLAGS, "/proc/kpageflags", 1, NULL))
		return -1;
	if (got_signal)
		return 0;
	return bundle_copy(dir, BUNDLE_KPAGECOUNT, "/proc/kpagecount", 1, NULL);
}

/*
 * What else traces into the same buffer: a tracer other than nop, events enabled that are not
 * ours. Their lines land in the trace (replay counts them as "other"), so the manifest and a
 * line on stderr say so; they are left as they are.
 */
static void note_others(const struct tracefs *t, const struct event_list *l,
			struct capture_result *r)
{
	char path[PATH_MAX], *line = NULL;
	size_t cap = 0, len = 0;
	FILE *f;

	if (tracefs_read(t, "current_tracer", r->tracer, sizeof(r->tracer)))
		r->tracer[0] = '\0';
	else if (strcmp(r->tracer, "nop"))
		fprintf(stderr, PROG ": note: tracer '%s' is on: its lines will be in the trace\n",
			r->tracer);
	if (!path_in(path, t->root, "set_event"))
		return;
	f = fopen(path, "re");
	if (!f)
		return;
	while (getline(&line, &cap, f) > 0) {
		char *colon = strchr(line, ':');
		bool ours = false;

		line[strcspn(line, "\n")] = '\0';
		if (!colon)
			continue;
		*colon = '\0';
		for (size_t i = 0; i < l->nr && !ours; i++)
			ours = !strcmp(l->ev[i].system, line) && !strcmp(l->ev[i].name, colon + 1);
		*colon = ':';
		if (!ours && len < sizeof(r->other_events) - 1)
			len += snprintf(r->other_events + len, sizeof(r->other_events) - len,
					"%s%s", len ? "," : "", line);
	}
	free(line);
	fclose(f);
	if (len)
		fprintf(stderr,
			PROG ": note: other events are enabled (%s): they will be in the "
			     "trace too\n",
			r->other_events);
}

/* Enables the events and sizes the buffer, tracing off, the buffer emptied */
static int arm(struct tracefs *t, const struct event_list *l, uint64_t buffer_kb)
{
	char file[256], kb[32];

	if (tracefs_set(t, "tracing_on", "0"))
		return -1;
	snprintf(kb, sizeof(kb), "%llu", (unsigned long long)buffer_kb);
	if (tracefs_set(t, "buffer_size_kb", kb))
		return -1;
	for (size_t i = 0; i < l->nr; i++) {
		if (!enable_file(file, sizeof(file), l->ev[i].system, l->ev[i].name) ||
		    tracefs_set(t, file, "1"))
			return -1;
	}
	return tracefs_clear(t);
}

/*
 * Whether tracing_on and our events are still on, once COMMAND has ended: tracefs is the
 * machine's, and another tool (or an older kmembench, which takes no lock) that turns them off
 * meanwhile leaves a trace with a hole and nothing in it to show where. Those found off are
 * listed in @r->turned_off.
 */
static void check_still_on(const struct tracefs *t, const struct event_list *l,
			   struct capture_result *r)
{
	size_t len = 0, size = sizeof(r->turned_off);
	char file[256], val[16];

	r->turned_off[0] = '\0';
	for (size_t i = 0; i <= l->nr; i++) {
		if (!i)
			snprintf(file, sizeof(file), "tracing_on");
		else if (!enable_file(file, sizeof(file), l->ev[i - 1].system, l->ev[i - 1].name))
			continue;
		if (!tracefs_read(t, file, val, sizeof(val)) && !strcmp(val, "1"))
			continue;
		if (len < size - 1)
			len += snprintf(r->turned_off + len, size - len, "%s%s", len ? ", " : "",
					file);
	}
}

/* The events back as they were (disabled, unless someone had enabled them before us) */
static int disarm_events(struct tracefs *t, const struct event_list *l)
{
	char file[256];
	int err = 0;

	for (size_t i = 0; i < l->nr; i++) {
		if (enable_file(file, sizeof(file), l->ev[i].system, l->ev[i].name) &&
		    tracefs_restore_file(t, file))
			err = -1;
	}
	return err;
}

static int exit_status(int status)
{
	if (status < 0)
		return EXIT_FAILURE;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/**
 * cmd_capture - `kmembench capture [-o BUNDLE] [--events LIST] [--buffer-kb N] -- COMMAND`
 * @argc: arguments, the command's name first
 * @argv: them
 *
 * Return: COMMAND's exit status; 1 when the capture failed; 2 for a bad command line; 128 + N
 * when signal N interrupted the capture.
 */
int cmd_capture(int argc, char **argv)
{
	static struct capture_result r;
	struct sigaction old_sigs[NR_CAUGHT];
	struct capture_opts o = { 0 };
	struct event_list events = { 0 };
	struct tracefs t;
	char dir[PATH_MAX];
	bool failed = false;
	char *stats_text = NULL;
	double t0;
	int err;

	err = parse_opts(argc, argv, &o);
	if (err)
		return err < 0 ? 0 : err;
	if (host_checks() || capture_lock() || tracefs_open(&t))
		return EXIT_FAILURE;
	err = resolve_events(&t, o.events, &events);
	if (!err)
		err = make_bundle_dir(o.out, dir, sizeof(dir));
	if (err) {
		free(events.ev);
		tracefs_restore(&t);
		return err;
	}
	memset(&r, 0, sizeof(r));
	r.events = &events;
	r.buffer_kb = o.buffer_kb;
	r.mounted = t.mounted;
	r.status = -1;
	catch_signals(old_sigs);
	note_others(&t, &events, &r);

	if (arm(&t, &events, o.buffer_kb)) {
		failed = true;
		goto restore;
	}
	t0 = now_s();
	if (!got_signal && snapshot_before(dir)) {
		failed = true;
		goto restore;
	}
	r.snapshot_s = now_s() - t0;
	r.started = time(NULL);
	if (!got_signal) {
		if (tracefs_set(&t, "tracing_on", "1")) {
			failed = true;
			goto restore;
		}
		r.status = run_command(&t, o.command, o.buffer_kb, old_sigs, &r.duration);
		check_still_on(&t, &events, &r);
	}
	if (tracefs_set(&t, "tracing_on", "0") | disarm_events(&t, &events))
		failed = true;
	if (r.status == -1 && !got_signal)
		failed = true;
	if (bundle_snapshot(dir, BUNDLE_AFTER, "/proc"))
		failed = true;
	if (tracefs_stats(&t, &r.stats, r.per_cpu, MAX_CPUS, &stats_text) ||
	    write_text(dir, BUNDLE_TRACE_STATS, stats_text ?: ""))
		failed = true;
	free(stats_text);
	if (write_trace(&t, dir, &r.counts))
		failed = true;
	else
		r.trace_written = true;
	if (write_uname(dir))
		failed = true;
	r.sig = got_signal;
	if (write_manifest(dir, o.command, &r))
		failed = true;
restore:
	if (tracefs_restore(&t))
		failed = true;
	release_signals(old_sigs);
	warn_incomplete(&r);
	fprintf(stderr, PROG ": %s%s: %llu events in %.1f s, %s\n",
		failed ? "FAILED, see above; bundle in part in " : "bundle ", dir,
		(unsigned long long)r.counts.total, r.duration,
		got_signal	 ? "interrupted"
		: incomplete(&r) ? "INCOMPLETE"
				 : "complete");
	free(events.ev);
	free(r.counts.ev);
	if (got_signal)
		return 128 + got_signal;
	if (failed)
		return EXIT_FAILURE;
	return exit_status(r.status);
}
