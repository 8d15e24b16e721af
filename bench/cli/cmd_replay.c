// SPDX-License-Identifier: GPL-2.0
/*
 * `kmembench replay TRACE`: replays a kernel allocation trace against the model, once per
 * (arch, back end), prints a summary of each and writes the tables of results/SCHEMA.md into a
 * run directory. --parse-only measures the parser alone; --bench measures, on the same file and
 * in one run, `zcat TRACE > /dev/null`, the parse alone and parse plus replay, and states how
 * their times compare.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <kmem/kmem.h>
#include <linux/compiler.h>
#include <linux/mm.h>

#include "results/bundle.h"
#include "workloads/trace/snapshot_read.h"
#include "results/csv.h"
#include "results/meta.h"
#include "results/rundir.h"
#include "workloads/measure/perf_counters.h"
#include "workloads/runner.h"
#include "workloads/trace/trace_replay.h"
#include "workloads/workload.h"
#include "cli.h"
#include "cmd_replay.h"

#define PROG	      "kmembench"
#define CMD	      "replay"
#define DEFAULT_EVERY 1000UL

extern char **environ;

struct replay_cli {
	const char *trace;
	uint64_t backends, arches; /* bit i: the i-th name */
	unsigned long long mem_bytes;
	unsigned long every;
	enum replay_events events;
	bool per_cpu, strict, parse_only, bench, quiet;
	const char *out;
	/* --from-snapshot: the bundle directory, and what the model boots from */
	bool from_snapshot;
	const char *bundle;
	struct snapshot_data *snap;
	struct kmem_config env;
	int argc;
	char **argv;
};

/* What --bench compares */
struct replay_speed {
	double zcat_s; /* < 0: zcat could not be run */
	double parse_s;
	uint64_t events;
};

void cmd_replay_help(FILE *out)
{
	fprintf(out,
		"Usage: kmembench replay TRACE|BUNDLE [--backend LIST] [--arch LIST] [--mem SIZE]\n"
		"       [--every K] [--events pages|slab|all] [--per-cpu] [--strict]\n"
		"       [--out DIR] [--parse-only] [--from-snapshot]\n"
		"       [--bench] [-q]\n"
		"\n"
		"Replays a kernel allocation trace against the model: the text of tracefs's\n"
		"'trace' file with the kmem events enabled (kmalloc, kfree, kmem_cache_alloc,\n"
		"kmem_cache_free, mm_page_alloc, mm_page_free, mm_page_free_batched, and the\n"
		"_node variants), plain or gzip-compressed; TRACE '-' reads stdin; a BUNDLE\n"
		"directory of 'kmembench capture' is checked and its kmem.trace.gz replayed. Each\n"
		"allocation becomes the same call with the traced size, cache or order and gfp\n"
		"flags (plus __GFP_NOWARN, minus __GFP_NOFAIL); each free is paired with its\n"
		"allocation by pointer or pfn. Frees of objects allocated before the trace\n"
		"began are 'unmatched' and skipped; whatever is live at the end is freed. A\n"
		"malformed line is reported as FILE:LINE: reason and skipped; what the model\n"
		"reports while replaying an event (a refused gfp mask, a bad page) is shown as\n"
		"FILE:LINE: of that event. Each event runs as the model CPU of its traced\n"
		"CPU ([001]), on that CPU's per-CPU lists; a trace naming more CPUs than the\n"
		"model has shares them out modulo the model's CPUs, and says so.\n"
		"\n"
		"For each arch profile and back end it prints a summary ending in\n"
		"  replayed N events (A allocs, F frees, U unmatched, S skipped, E errors) in T s\n"
		"and writes replay_summary.csv, replay_timeseries.csv (free blocks and the\n"
		"kernel's fragmentation indices every K events), replay_caches.csv,\n"
		"replay_orders.csv, replay_failures.csv and meta.csv (see results/SCHEMA.md).\n"
		"\n"
		"Options:\n"
		"  --backend LIST  back ends, comma-separated, or 'all'\n"
		"                  (default: $KMEM_BACKEND if set, else all)\n"
		"  --arch LIST     arch profiles, comma-separated, or 'all'\n"
		"                  (default: $KMEM_ARCH if set, else x86_64)\n"
		"  --mem SIZE      RAM of the model: 6G, 512M, ... (default: $KMEM_MEM if set,\n"
		"                  else the profile's: 6G x86_64, 2G x86_32)\n"
		"  --every K       a time-series sample every K events; 0: at the start and the\n"
		"                  end only (default: %lu)\n"
		"  --events CLASS  which events to replay: 'pages' (the page allocator's, the\n"
		"                  slab's pages included), 'slab' (kmalloc, kmem_cache_* and\n"
		"                  kfree only), or 'all' (default): both, without the page\n"
		"                  events of the kernel's slab (compound pages asked with\n"
		"                  __GFP_NORETRY|__GFP_NOWARN and none of __GFP_MOVABLE,\n"
		"                  __GFP_HIGHMEM, __GFP_ZERO, __GFP_ACCOUNT, __GFP_WRITE,\n"
		"                  __GFP_NOFAIL, and their frees), which the model's slab\n"
		"                  makes again for the objects\n"
		"  --per-cpu       replay each traced CPU on its own thread, as that CPU (traced\n"
		"                  CPU modulo the model's); by default one thread that switches\n"
		"                  to each event's CPU\n"
		"  --strict        a malformed line ends the replay (exit status 1)\n"
		"  --out DIR       write the tables into DIR (default: a new results/RUN-ID)\n"
		"  --from-snapshot BUNDLE only: boot the host profile of the bundle "
		"(before.zoneinfo,\n"
		"                  before.sysctl) with its physical memory as the kernel had it\n"
		"                  (before.kpageflags: free blocks at their pfns and orders,\n"
		"                  pageblock types as before.pagetypeinfo counts them, every "
		"other\n"
		"                  managed page in use), print the model's free blocks against\n"
		"                  before.buddyinfo and before.pagetypeinfo, then replay with the\n"
		"                  model's own placement\n"
		"  --parse-only    read and parse the trace, replay and write nothing: the\n"
		"                  parser's throughput\n"
		"  --bench         also time 'zcat TRACE > /dev/null' and the parse alone on the\n"
		"                  same file, print how parse and parse+replay compare with zcat,\n"
		"                  and write replay_speed.csv\n"
		"  -q, --quiet     no FILE:LINE: messages; the counts still tell\n"
		"  -h, --help      this help\n"
		"  --version       the version of kmembench\n"
		"\n"
		"Exit status: 0 success; 1 when the trace could not be read to its end, had a\n"
		"malformed line or no event at all (with --parse-only too), or the replay\n"
		"counted errors or lost pages; 2 for a bad command line or a value the model\n"
		"refuses; 130 (SIGINT) or 143 (SIGTERM) when interrupted: the replays done are\n"
		"kept and meta.csv says 'interrupted'.\n",
		DEFAULT_EVERY);
}

/*
 * TRACE a bundle directory (kmembench capture): its layout checked, then its kmem.trace.gz
 * replayed, and a capture that lost events said so before the replay
 */
static int bundle_trace(struct replay_cli *o)
{
	static char path[PATH_MAX];
	const char *complete;
	struct bundle b;

	if (!bundle_is_bundle(o->trace))
		return 0;
	if (bundle_open(&b, o->trace)) {
		fprintf(stderr, PROG " " CMD ": %s\n", b.error);
		bundle_close(&b);
		return EXIT_USAGE;
	}
	complete = bundle_manifest(&b, BUNDLE_MANIFEST_COMPLETE);
	if (complete && strncmp(complete, "yes", 3))
		fprintf(stderr,
			PROG " " CMD ": WARNING: bundle %s is incomplete (%s): the kernel lost "
			     "events while it was captured, and this replay misses them\n",
			o->trace, complete);
	o->bundle = o->trace;
	o->trace = bundle_path(&b, BUNDLE_TRACE, path, sizeof(path)) ?: o->trace;
	bundle_close(&b);
	return 0;
}

/*
 * --from-snapshot: a bundle, the host profile, the bundle's memory; read here, before the run
 * directory is made, so that a bad bundle ends the command with nothing written
 */
static int snapshot_opts(struct replay_cli *o, struct cli_model *model)
{
	if (!o->bundle)
		return cli_usage_error(CMD, "--from-snapshot needs a BUNDLE, not a trace: '%s'",
				       o->trace);
	if ((model->arches && strcmp(model->arches, "host")) || model->mem)
		return cli_usage_error(CMD, "--from-snapshot boots the bundle's own machine: no "
					    "--arch (but host) and no --mem");
	if (o->parse_only)
		return cli_usage_error(CMD, "--parse-only replays nothing: no --from-snapshot");
	model->arches = "host";
	o->env.arch = NULL;
	o->env.mem_bytes = 0;
	o->snap = calloc(1, sizeof(*o->snap));
	if (!o->snap)
		return EXIT_FAILURE;
	if (snapshot_read(o->bundle, o->snap)) {
		fprintf(stderr, PROG " " CMD ": %s\n", o->snap->error);
		return EXIT_USAGE;
	}
	return 0;
}

static int parse_opts(int argc, char **argv, struct replay_cli *o)
{
	static const struct option longopts[] = {
		CLI_MODEL_OPTIONS,
		{ "every", required_argument, NULL, 'e' },
		{ "events", required_argument, NULL, 'E' },
		{ "per-cpu", no_argument, NULL, 'c' },
		{ "strict", no_argument, NULL, 's' },
		{ "out", required_argument, NULL, 'o' },
		{ "parse-only", no_argument, NULL, 'p' },
		{ "bench", no_argument, NULL, 'B' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "from-snapshot", no_argument, NULL, 'S' },
		CLI_END_OPTIONS,
	};
	struct cli_model model = { 0 };
	uint64_t every;
	int c, err;

	if (kmem_config_from_env(&o->env))
		return EXIT_USAGE;
	o->every = DEFAULT_EVERY;
	while ((c = getopt_long(argc, argv, ":hq", longopts, NULL)) != -1) {
		if (cli_model_option(&model, c, optarg))
			continue;
		switch (c) {
		case 'e':
			if (!cli_parse_u64(optarg, &every) || every > ULONG_MAX)
				return cli_usage_error(
					CMD, "--every: '%s' is not a count of events", optarg);
			o->every = (unsigned long)every;
			break;
		case 'E':
			err = replay_events_parse(optarg);
			if (err < 0)
				return cli_usage_error(CMD,
						       "--events: '%s' is not an event class: "
						       "pages, slab or all",
						       optarg);
			o->events = (enum replay_events)err;
			break;
		case 'c':
			o->per_cpu = true;
			break;
		case 's':
			o->strict = true;
			break;
		case 'o':
			if (!*optarg)
				return cli_usage_error(CMD, "--out: empty directory name");
			o->out = optarg;
			break;
		case 'p':
			o->parse_only = true;
			break;
		case 'B':
			o->bench = true;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'S':
			o->from_snapshot = true;
			break;
		default:
			return cli_other_option(CMD, c, argv, longopts, cmd_replay_help);
		}
	}
	if (optind == argc)
		return cli_usage_error(CMD, "no TRACE given");
	if (argc - optind > 1)
		return cli_usage_error(CMD, "unexpected argument '%s'", argv[optind + 1]);
	o->trace = argv[optind];
	err = bundle_trace(o);
	if (err)
		return err;
	if (strcmp(o->trace, "-") && access(o->trace, R_OK))
		return cli_usage_error(CMD, "TRACE: cannot read '%s': %s", o->trace,
				       strerror(errno));

	if (o->from_snapshot) {
		err = snapshot_opts(o, &model);
		if (err)
			return err;
	}
	err = cli_model_resolve(CMD, &model, &o->env, "x86_64", &o->backends, &o->arches,
				&o->mem_bytes);
	if (err)
		return err;
	if (!strcmp(o->trace, "-") && o->bench)
		return cli_usage_error(CMD, "--bench needs a file to give zcat, not stdin");
	if (!strcmp(o->trace, "-") && !o->parse_only &&
	    (__builtin_popcountll(o->backends) > 1 || __builtin_popcountll(o->arches) > 1))
		return cli_usage_error(
			CMD, "stdin can be replayed once: name one back end and one arch");
	if (o->parse_only && (o->bench || o->per_cpu || o->out))
		return cli_usage_error(
			CMD, "--parse-only replays nothing: no --bench, --per-cpu or --out");
	return 0;
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* `zcat -f -- TRACE > /dev/null`, timed; < 0 when it cannot be run or fails */
static double time_zcat(const char *path)
{
	char *argv[] = { "zcat", "-f", "--", (char *)path, NULL };
	posix_spawn_file_actions_t fa;
	double t0 = now_s();
	int status = -1;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	if (posix_spawnp(&pid, "zcat", &fa, NULL, argv, environ) ||
	    waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		status = -1;
	posix_spawn_file_actions_destroy(&fa);
	return status ? -1.0 : now_s() - t0;
}

/*
 * Reads the whole trace, replaying nothing: 0 and the counts, the reader's error (with the
 * counts up to it), or 1 when the trace could not be opened (said on stderr)
 */
static int parse_all(const struct replay_cli *o, double *seconds, struct trace_stats *stats)
{
	struct trace_reader_opts ropts = { .strict = o->strict, .quiet = o->quiet };
	struct trace_reader *r;
	struct trace_event ev;
	double t0 = now_s();
	int ret;

	memset(stats, 0, sizeof(*stats));
	*seconds = 0;
	r = trace_open(o->trace, &ropts);
	if (!r)
		return 1;
	while ((ret = trace_next(r, &ev)) > 0)
		;
	*seconds = now_s() - t0;
	*stats = *trace_reader_stats(r);
	trace_close(r);
	return ret;
}

static double rate(uint64_t events, double s)
{
	return s > 0 ? (double)events / s : 0.0;
}

/*
 * What makes a trace fail as a whole, the same for --parse-only and a replay: it could not be
 * read to its end, a line was malformed (skipped, or fatal with --strict), or it held no event
 * at all (an empty file, one of another format, kmem events not enabled).
 */
static bool trace_failed(const struct replay_cli *o, int read_err, const struct trace_stats *st)
{
	if (!read_err && !st->malformed && !st->events && !o->quiet)
		fprintf(stderr,
			"%s: no events in the trace: is it the text of a trace with the kmem "
			"events enabled?\n",
			!strcmp(o->trace, "-") ? "<stdin>" : o->trace);
	return read_err || st->malformed || !st->events;
}

static int run_parse_only(const struct replay_cli *o)
{
	struct trace_stats st;
	double s;
	int ret = parse_all(o, &s, &st);

	if (ret > 0)
		return EXIT_FAILURE;
	printf("parsed %llu events (", (unsigned long long)st.events);
	for (int i = 0; i < TRACE_NR_TYPES; i++)
		printf("%s%s %llu", i ? ", " : "", trace_event_names[i],
		       (unsigned long long)st.by_type[i]);
	printf("), %llu malformed lines, %llu lost events in %.3f s: %.0f events/s, %.0f MB/s\n",
	       (unsigned long long)st.malformed, (unsigned long long)st.lost_events, s,
	       rate(st.events, s), s > 0 ? (double)st.bytes / s / 1e6 : 0.0);
	return trace_failed(o, ret, &st) ? EXIT_FAILURE : 0;
}

/* ---- tables ---- */

struct replay_files {
	struct csv_table *summary, *speed, *meta;
	struct replay_tables t;
};

static int open_tables(const char *dir, bool bench, struct replay_files *f)
{
	f->summary = result_table_open(dir, &replay_summary_table);
	f->t.timeseries = result_table_open(dir, &replay_timeseries_table);
	f->t.caches = result_table_open(dir, &replay_caches_table);
	f->t.orders = result_table_open(dir, &replay_orders_table);
	f->t.failures = result_table_open(dir, &replay_failures_table);
	if (bench)
		f->speed = result_table_open(dir, &replay_speed_table);
	if (f->summary && f->t.timeseries && f->t.caches && f->t.orders && f->t.failures &&
	    (f->speed || !bench))
		return 0;
	return -EIO;
}

/* Renames every table into place; meta.csv last, saying whether signal @sig stopped the replay */
static int close_tables(struct replay_files *f, int sig)
{
	int err = csv_close(f->summary);

	err = csv_close(f->t.timeseries) ?: err;
	err = csv_close(f->t.caches) ?: err;
	err = csv_close(f->t.orders) ?: err;
	err = csv_close(f->t.failures) ?: err;
	err = csv_close(f->speed) ?: err;
	return run_meta_close(f->meta, sig) ?: err;
}

/* Removes every table written, leaving the run directory as it was */
static void discard_tables(struct replay_files *f)
{
	csv_discard(f->summary);
	csv_discard(f->t.timeseries);
	csv_discard(f->t.caches);
	csv_discard(f->t.orders);
	csv_discard(f->t.failures);
	csv_discard(f->speed);
	csv_discard(f->meta);
}

static double frag(uint64_t req, uint64_t alloc)
{
	return alloc ? (double)(alloc - req) / (double)alloc : 0.0;
}

static void summary_row(struct csv_table *t, const struct replay_cli *o,
			const struct kmem_info *info, const struct replay_result *r)
{
	const struct trace_stats *ts = &r->trace;

	csv_str(t, info->backend);
	csv_str(t, info->arch);
	csv_u64(t, info->mem_bytes);
	csv_u64(t, o->per_cpu);
	csv_u64(t, o->every);
	csv_str(t, o->trace);
	csv_u64(t, ts->events + ts->malformed);
	csv_u64(t, r->allocs);
	csv_u64(t, r->frees);
	csv_u64(t, r->unmatched);
	csv_u64(t, r->skipped);
	csv_u64(t, r->errors);
	csv_u64(t, r->failed);
	csv_u64(t, r->implicit_frees);
	csv_u64(t, r->batched_duplicates);
	csv_u64(t, r->null_frees);
	csv_u64(t, r->traced_failures);
	csv_u64(t, r->other_events);
	csv_u64(t, r->live_at_end);
	csv_u64(t, r->order_mismatches);
	csv_u64(t, ts->lost_events);
	csv_u64(t, ts->malformed);
	csv_u64(t, ts->unknown_gfp);
	csv_u64(t, r->model_reports);
	csv_u64(t, r->caches);
	csv_f64(t, r->seconds, 6);
	csv_f64(t, rate(ts->events, r->seconds), 6);
	for (int k = 0; k < 2; k++) {
		csv_fixed(t, frag(r->bytes_req[k], r->kernel_bytes[k]), 4);
		csv_fixed(t, frag(r->bytes_req[k], r->model_bytes[k]), 4);
	}
	csv_str(t, replay_events_names[o->events]);
	csv_u64(t, r->other_class);
	csv_u64(t, r->slab_page_allocs);
	csv_u64(t, r->slab_page_frees);
	csv_u64(t, (uint64_t)r->traced_cpus);
	csv_u64(t, (uint64_t)r->model_cpus);
	csv_u64(t, r->snapshot_frees);
	csv_u64(t, r->snapshot_taken);
	csv_end_row(t);
}

static void speed_row(struct csv_table *t, const struct replay_cli *o, const char *backend,
		      const char *arch, const char *phase, double s, uint64_t events, double zcat_s)
{
	if (!t)
		return;
	csv_str(t, o->trace);
	csv_str(t, backend);
	csv_str(t, arch);
	csv_str(t, phase);
	csv_f64(t, s, 6);
	csv_u64(t, events);
	csv_f64(t, rate(events, s), 6);
	csv_fixed(t, zcat_s > 0 ? s / zcat_s : 0.0, 3);
	csv_end_row(t);
}

/* ---- replay ---- */

static void print_header(const struct kmem_info *info, const char *trace)
{
	printf("=== %s on %s: %llu MiB, %d node%s%s, %d CPU%s, per-CPU lists %s, direct map %s\n",
	       info->backend, info->arch, info->mem_bytes >> 20, info->nr_nodes,
	       info->nr_nodes == 1 ? "" : "s", info->numa_simulated ? " (simulated)" : "",
	       info->nr_cpus, info->nr_cpus == 1 ? "" : "s", info->pcp ? "on" : "off",
	       info->direct_map_kind);
	printf("    trace: %s\n", trace);
	fflush(stdout);
}

static void snapshot_config(const struct replay_cli *o, struct kmem_config *cfg)
{
	if (!o->snap)
		return;
	cfg->host = &o->snap->host;
	cfg->snapshot = &o->snap->snap;
}

/* The model just booted from the snapshot against the bundle's before.buddyinfo */
static int print_snapshot(const struct snapshot_data *d)
{
	struct snapshot_diff diff;

	if (snapshot_compare(d, stdout, &diff)) {
		fprintf(stderr, PROG " " CMD ": before.buddyinfo names a zone the model lacks\n");
		return -1;
	}
	printf("  snapshot: %lu (zone, order) counts differ from before.buddyinfo, by %lu blocks, "
	       "%lu pages of %lu free; %lu pages on the kernel's per-CPU lists are in use in the "
	       "model",
	       diff.orders_differ, diff.blocks_differ, diff.pages_differ, diff.kernel_free,
	       diff.pcp_pages);
	if (d->free_outside)
		printf("; %lu free pages outside the model's zones", d->free_outside);
	printf("\n");
	if (diff.pageblocks_differ || diff.typed_differ)
		printf("  snapshot: pageblocks per type differ from before.pagetypeinfo by %lu; "
		       "%lu "
		       "free blocks on another type's list\n",
		       diff.pageblocks_differ, diff.typed_differ);
	fflush(stdout);
	return 0;
}

/* One (arch, back end): boot, replay, report, check every page came back, shut down */
static int replay_one(const struct replay_cli *o, const char *arch, const char *backend,
		      struct replay_files *f, const char *dir, struct replay_speed *speed)
{
	struct replay_opts ropts = { .every = o->every,
				     .events = o->events,
				     .per_cpu = o->per_cpu,
				     .quiet = o->quiet,
				     .snapshot_frees = o->snap != NULL,
				     .tables = f->t,
				     .stop = run_interrupted };
	struct trace_reader_opts topts = { .strict = o->strict, .quiet = o->quiet };
	struct kmem_config cfg = o->env;
	struct replay_result res;
	struct trace_reader *r;
	struct kmem_info info;
	char what[96];
	int err, status = 0;

	cfg.backend = backend;
	cfg.arch = arch;
	cfg.mem_bytes = o->mem_bytes;
	snapshot_config(o, &cfg);
	err = runner_boot(&cfg, &info);
	if (err)
		return err;
	if (!f->meta) {
		char meta[PATH_MAX + 16];

		/* a run directory of `kmembench run` keeps its meta.csv and gains a line */
		snprintf(meta, sizeof(meta), "%s/meta.csv", dir);
		f->meta = access(meta, F_OK)
				  ? run_meta_open(dir, &info, NULL, perf_counters_probe(), 0,
						  o->argc, o->argv)
				  : run_meta_open_append(dir, "replay_command_line", o->argc,
							 o->argv);
		status = f->meta ? 0 : EXIT_FAILURE;
	}
	print_header(&info, o->trace);
	if (o->snap && print_snapshot(o->snap))
		status = EXIT_FAILURE;
	r = trace_open(o->trace, &topts);
	if (!r) {
		kmem_shutdown();
		return EXIT_FAILURE;
	}
	err = trace_replay(r, &ropts, &res);
	trace_close(r);
	if (err == -EINTR) {
		/* a replay cut short has no summary: its rows would describe part of the trace */
		printf("  interrupted after %llu events: no summary row for this replay\n",
		       (unsigned long long)res.trace.events);
		fflush(stdout);
		kmem_shutdown();
		return 0;
	}
	summary_row(f->summary, o, &info, &res);
	if (speed) {
		double zs = speed->zcat_s;

		speed_row(f->speed, o, info.backend, info.arch, "replay", res.seconds,
			  res.trace.events, zs);
		if (zs > 0)
			printf("  speed: parse+replay %.0f events/s, %.2fx the time of zcat; parse "
			       "only %.0f events/s, %.2fx; zcat %.0f events/s\n",
			       rate(res.trace.events, res.seconds), res.seconds / zs,
			       rate(speed->events, speed->parse_s), speed->parse_s / zs,
			       rate(speed->events, zs));
	}
	replay_print_summary(stdout, &res);
	fflush(stdout);
	if (trace_failed(o, err, &res.trace) || res.errors)
		status = EXIT_FAILURE;
	/* every page back, what the per-CPU lists and slab caches keep included */
	snprintf(what, sizeof(what), "replay %s/%s", backend, arch);
	if (runner_shutdown(what))
		status = EXIT_FAILURE;
	return status;
}

/*
 * Whether the model boots as asked, before the run directory is touched: a value it refuses
 * (--mem below the profile's minimum) ends the command with the directory as it was. What
 * kmem_boot() checks depends on the arch profile and the memory, not on the back end (checked by
 * name when parsed), so one boot per arch profile is enough.
 */
static int check_boot(const struct replay_cli *o)
{
	for (int a = 0; a < kmem_arch_count(); a++) {
		struct kmem_config cfg = o->env;
		int err;

		if (!(o->arches & (1ULL << a)) || !o->backends)
			continue;
		cfg.backend = kmem_backend_name(__builtin_ctzll(o->backends));
		cfg.arch = kmem_arch_name(a);
		cfg.mem_bytes = o->mem_bytes;
		snapshot_config(o, &cfg);
		err = runner_boot(&cfg, NULL);
		if (err)
			return err;
		kmem_shutdown();
	}
	return 0;
}

/*
 * Every (arch, back end) into one run directory; --bench measures zcat and the parse first. A
 * signal stops the replay under way within REPLAY_STOP_EVERY events (it gets no summary row);
 * every table is then renamed into place with what was done.
 */
static int run_replays(const struct replay_cli *o)
{
	struct replay_files f = { 0 };
	struct replay_speed speed = { 0 }, *sp = NULL;
	char dir[PATH_MAX];
	int status, err, sig;

	status = check_boot(o);
	if (status)
		return status;
	if (run_interrupt_catch() || run_dir_create(o->out, dir, sizeof(dir)) ||
	    open_tables(dir, o->bench, &f)) {
		discard_tables(&f);
		run_interrupt_release();
		return EXIT_FAILURE;
	}
	if (o->bench) {
		struct trace_stats st;

		speed.zcat_s = time_zcat(o->trace);
		if (speed.zcat_s < 0)
			fprintf(stderr, PROG " " CMD ": zcat could not be run: no comparison\n");
		if (parse_all(o, &speed.parse_s, &st))
			status = EXIT_FAILURE;
		speed.events = st.events;
		speed_row(f.speed, o, "-", "-", "zcat", speed.zcat_s > 0 ? speed.zcat_s : 0,
			  st.events, speed.zcat_s);
		speed_row(f.speed, o, "-", "-", "parse", speed.parse_s, st.events, speed.zcat_s);
		sp = &speed;
	}
	for (int a = 0; a < kmem_arch_count(); a++) {
		for (int b = 0; b < kmem_backend_count(); b++) {
			if (!(o->arches & (1ULL << a)) || !(o->backends & (1ULL << b)))
				continue;
			if (run_interrupted())
				break;
			err = replay_one(o, kmem_arch_name(a), kmem_backend_name(b), &f, dir, sp);
			if (err == EXIT_USAGE && !f.meta) {
				discard_tables(&f);
				run_interrupt_release();
				return err;
			}
			status = err ?: status;
		}
	}
	sig = run_interrupted();
	if (f.meta) {
		if (close_tables(&f, sig))
			status = EXIT_FAILURE;
		printf("results: %s\n", dir);
	} else {
		/* not one replay booted: there is nothing to keep */
		discard_tables(&f);
	}
	run_interrupt_release();
	if (sig) {
		fprintf(stderr, PROG " " CMD ": interrupted by %s: the replays done are kept\n",
			run_signal_name(sig));
		status = 128 + sig;
	}
	return status;
}

int cmd_replay(int argc, char **argv)
{
	struct replay_cli o = { 0 };
	int err;

	/* the command line as typed, for meta.csv, before getopt_long() reorders it */
	o.argc = argc + 1;
	o.argv = calloc((size_t)argc + 1, sizeof(*o.argv));
	if (!o.argv)
		return EXIT_FAILURE;
	o.argv[0] = PROG;
	memcpy(o.argv + 1, argv, (size_t)argc * sizeof(*argv));
	err = parse_opts(argc, argv, &o);
	if (!err)
		err = o.parse_only ? run_parse_only(&o) : run_replays(&o);
	free(o.argv);
	if (o.snap)
		snapshot_release(o.snap);
	free(o.snap);
	return err < 0 ? 0 : err;
}
