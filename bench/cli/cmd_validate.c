// SPDX-License-Identifier: GPL-2.0
/*
 * `kmembench validate`, in two forms.
 *
 * --host: the model booted as this machine (the host profile, arch "host") beside the machine's
 * own figures. The profile is read once (kmem_host_load()) and the model booted from that very
 * copy, so that memory onlined meanwhile cannot make the two sides describe different machines.
 * Then, zone by zone, the layout the model took (start pfn, spanned, present, managed), the
 * watermarks, protection (lowmem_reserve) and the per-CPU list sizes are set side by side: each
 * row matches exactly, or says why it may not.
 *
 * BUNDLE: a capture bundle replayed from its snapshot on each back end and compared with the
 * kernel's after-state (workloads/trace/validate.c), into validate.csv of a run directory.
 */
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <kmem/kmem.h>

#include "results/bundle.h"
#include "results/csv.h"
#include "results/meta.h"
#include "results/rundir.h"
#include "workloads/measure/perf_counters.h"
#include "workloads/trace/validate.h"
#include "workloads/workload.h"
#include "cli.h"
#include "cmd_validate.h"

#define CMD "validate"

void cmd_validate_help(FILE *out)
{
	fprintf(out,
		"Usage: kmembench validate BUNDLE [--backend LIST] [--events CLASS] [--out DIR]\n"
		"                          [-q]\n"
		"       kmembench validate --host [--proc DIR] [--backend LIST]\n"
		"\n"
		"BUNDLE (a directory of 'kmembench capture'): boots the bundle's machine with its\n"
		"memory as the kernel had it (replay --from-snapshot), replays the trace on each\n"
		"back end, and at the end of the trace sets the model beside the kernel: free\n"
		"blocks per zone and order (after.buddyinfo) and per migratetype\n"
		"(after.pagetypeinfo), the wrong-order share (sum over orders of |model - kernel|\n"
		"* 2^order / the kernel's free pages), per-CPU list refills and drains\n"
		"(mm_page_alloc_zone_locked percpu_refill=1, mm_page_pcpu_drain), fallbacks\n"
		"(mm_page_alloc_extfrag), compaction runs and kcompactd wakeups, and the slab\n"
		"geometry of every cache the trace names (after.slabinfo). A zone whose memory\n"
		"changed during the capture (managed pages, or mm_setup_per_zone_wmarks in the\n"
		"trace) gets no verdict. Writes validate.csv and meta.csv into a run directory;\n"
		"kmembench report shows them as its Fidelity section. Exit status: 0; 1 when a\n"
		"replay counted errors or lost pages; 2 for a bad command line or bundle\n"
		"(nothing written); 130/143 when interrupted (the back ends done are kept).\n"
		"\n"
		"--host: boots the model with this machine's nodes, zones and vm sysctls (the "
		"host\n"
		"profile, as --arch host and KMEM_ARCH=host do) and prints, zone by zone, the\n"
		"model's layout (start_pfn, spanned, present, managed), watermarks (min, low,\n"
		"high), protection (lowmem_reserve) and per-CPU list sizes (batch, high_min,\n"
		"high_max) beside /proc/zoneinfo's. Each row matches exactly or its note says\n"
		"why it differs. Exits 0 when no row differs unexplained, 1 otherwise or when a\n"
		"file cannot be read (one line naming it).\n"
		"\n"
		"Options:\n"
		"  --host          compare with this machine rather than a bundle\n"
		"  --proc DIR      --host: read the machine from DIR instead of /proc: a copy of\n"
		"                  /proc (DIR/zoneinfo, DIR/sys/vm/NAME) or a capture bundle\n"
		"                  (DIR/before.zoneinfo, DIR/before.sysctl); default\n"
		"                  KMEM_HOST_PROC, else /proc\n"
		"  --backend LIST  back ends, comma-separated, or 'all' (default $KMEM_BACKEND if\n"
		"                  set, else buddy with --host and all with a BUNDLE)\n"
		"  --events CLASS  BUNDLE: the events replayed, as replay --events: all "
		"(default),\n"
		"                  pages or slab\n"
		"  --out DIR       BUNDLE: the run directory (default: a new results/RUN-ID)\n"
		"  -q, --quiet     BUNDLE: no FILE:LINE: messages of the replay\n"
		"  -h, --help      this help\n"
		"  --version       the version of kmembench\n");
}

struct tally {
	int match, explained, differ;
};

static void row(struct tally *t, int node, const char *zone, const char *figure, long kernel,
		long model, bool compared, const char *note)
{
	const char *verdict = !compared ? "-" : kernel == model ? "yes" : note ? "expl" : "NO";

	if (!compared || kernel != model)
		note ? t->explained++ : t->differ++;
	else
		t->match++;
	if (node < 0)
		printf("%4s", "-");
	else
		printf("%4d", node);
	printf(" %-8s %-20s %10ld %10ld  ", zone, figure, kernel, model);
	if (note)
		printf("%-5s %s\n", verdict, note);
	else
		printf("%s\n", verdict);
}

static const char *model_zone_names[KMEM_NR_ZONES] = { "DMA", "DMA32", "Normal", "HighMem" };

static int model_zone_idx(const char *name)
{
	for (int i = 0; i < KMEM_NR_ZONES; i++)
		if (!strcmp(name, model_zone_names[i]))
			return i;
	return -1;
}

/* A sysctl the source may lack (an older kernel, a bundle made by hand): -1 then */
static void print_optional(const char *name, long v)
{
	if (v < 0)
		printf("%s not given", name);
	else
		printf("%s %ld", name, v);
}

static void print_sysctls(const struct kmem_host_profile *h, const struct kmem_info *info)
{
	printf("Host profile: %s and %s: %d node%s, %d CPU%s (the model: %d)\n", h->zoneinfo,
	       h->sysctl, h->nr_nodes, h->nr_nodes == 1 ? "" : "s", h->nr_cpus,
	       h->nr_cpus == 1 ? "" : "s", info->nr_cpus);
	printf("vm.min_free_kbytes %ld, watermark_scale_factor %ld, lowmem_reserve_ratio",
	       h->min_free_kbytes, h->watermark_scale_factor);
	for (int i = 0; i < h->nr_lowmem_reserve_ratio; i++)
		printf(" %ld", h->lowmem_reserve_ratio[i]);
	printf(", percpu_pagelist_high_fraction %ld: the model's (min_free_kbytes %d, high "
	       "fraction %d)\n",
	       h->percpu_pagelist_high_fraction, info->min_free_kbytes, info->pcp_high_fraction);
	print_optional("vm.watermark_boost_factor", h->watermark_boost_factor);
	printf(": the model's %d%s\n", info->watermark_boost_factor,
	       h->watermark_boost_factor > 0 && !info->watermark_boost_factor
		       ? " (this back end has no pageblock types to boost for)"
		       : "");
	print_optional("vm.compaction_proactiveness", h->compaction_proactiveness);
	printf(": the model's %d%s\n", info->compaction_proactiveness,
	       h->compaction_proactiveness > 0 && !info->compaction_proactiveness
		       ? " (this model does not compact)"
		       : "");
	/* the model's compaction has it fixed (impl/mem/compaction.c): recorded, not used */
	print_optional("vm.extfrag_threshold", h->extfrag_threshold);
	printf(": recorded; the model's is fixed at 500\n\n");
}

static void compare_zone(struct tally *t, const struct kmem_host_profile *h,
			 const struct kmem_host_zone *z, bool pcp)
{
	struct kmem_zone_stats st;
	struct kmem_pcp_stats ps;
	int idx = model_zone_idx(z->name);
	static const char *const wname[3] = { "min", "low", "high" };
	unsigned long kwm[3] = { z->min, z->low, z->high };
	char figure[40];

	if (idx < 0) {
		row(t, z->node, z->name, "managed", (long)z->managed, 0, false,
		    "the model has no such zone; this one is empty in the kernel");
		return;
	}
	kmem_zone_stats(z->node, idx, &st);
	row(t, z->node, z->name, "start_pfn", (long)z->start_pfn, (long)st.start_pfn, true, NULL);
	row(t, z->node, z->name, "spanned", (long)z->spanned, (long)st.spanned, true, NULL);
	row(t, z->node, z->name, "present", (long)z->present, (long)st.present, true, NULL);
	row(t, z->node, z->name, "managed", (long)z->managed, (long)st.managed, true, NULL);
	if (!z->managed)
		return;
	for (int w = 0; w < 3; w++) {
		char note[96];

		/* zoneinfo's watermarks include the boost a fallback gave; the booted model has
		 * none */
		snprintf(note, sizeof(note), "the kernel's includes its boost of %lu", z->boost);
		row(t, z->node, z->name, wname[w], (long)kwm[w], (long)st.watermark[w], true,
		    z->boost ? note : NULL);
	}
	for (int j = 0; j < z->nr_protection; j++) {
		/* the column's zone: the node's zones are listed in index order, all of them */
		const struct kmem_host_zone *col = NULL;
		int cidx;
		long model;

		for (int i = 0, n = 0; i < h->nr_zones; i++)
			if (h->zones[i].node == z->node && n++ == j)
				col = &h->zones[i];
		cidx = col ? model_zone_idx(col->name) : -1;
		snprintf(figure, sizeof(figure), "protection[%s]", col ? col->name : "?");
		/* a zone the model lacks adds no pages (boot refuses one that manages any) */
		model = st.lowmem_reserve[cidx >= 0 ? cidx : KMEM_NR_ZONES - 1];
		row(t, z->node, z->name, figure, z->protection[j], model, true,
		    cidx >= 0 ? NULL : "no such zone in the model: the column repeats the last");
	}
	if (!z->has_pcp)
		return;
	if (!pcp || kmem_pcp_stats(z->node, idx, 0, &ps)) {
		row(t, z->node, z->name, "pcp batch", z->pcp_batch, 0, false,
		    "the model has no per-CPU lists (KMEM_PCP=0)");
		return;
	}
	{
		const char *uniform = z->pcp_uniform ? NULL : "the kernel's CPUs differ: CPU 0's";

		row(t, z->node, z->name, "pcp batch", z->pcp_batch, ps.batch, true, uniform);
		row(t, z->node, z->name, "pcp high_min", z->pcp_high_min, ps.high_min, true,
		    uniform);
		row(t, z->node, z->name, "pcp high_max", z->pcp_high_max, ps.high_max, true,
		    uniform);
		row(t, z->node, z->name, "pcp high", z->pcp_high, ps.high, false,
		    "moves with use between high_min and high_max (0: list unused since boot)");
	}
}

/*
 * The figures compared, the same in two reads: memory onlined or offlined in between (virtio-mem,
 * hotplug) changes managed pages, and the kernel then recomputes watermarks, protection and list
 * sizes, so a read that overlaps the change may mix the old figures with the new
 */
static bool same_machine(const struct kmem_host_profile *a, const struct kmem_host_profile *b)
{
	if (a->nr_zones != b->nr_zones || a->nr_cpus != b->nr_cpus ||
	    a->min_free_kbytes != b->min_free_kbytes ||
	    a->watermark_scale_factor != b->watermark_scale_factor ||
	    a->percpu_pagelist_high_fraction != b->percpu_pagelist_high_fraction ||
	    memcmp(a->lowmem_reserve_ratio, b->lowmem_reserve_ratio,
		   sizeof(a->lowmem_reserve_ratio)))
		return false;
	for (int i = 0; i < a->nr_zones; i++) {
		const struct kmem_host_zone *x = &a->zones[i], *y = &b->zones[i];

		if (x->start_pfn != y->start_pfn || x->spanned != y->spanned ||
		    x->present != y->present || x->managed != y->managed || x->min != y->min ||
		    x->low != y->low || x->high != y->high ||
		    memcmp(x->protection, y->protection, sizeof(x->protection)) ||
		    x->pcp_batch != y->pcp_batch || x->pcp_high_min != y->pcp_high_min ||
		    x->pcp_high_max != y->pcp_high_max)
			return false;
	}
	return true;
}

/* One back end's table; returns the rows that differ unexplained, or -1 when it cannot boot */
static int validate_backend(const struct kmem_host_profile *profile, struct kmem_config *cfg,
			    const char *backend)
{
	struct kmem_info info;
	struct tally t = { 0 };

	cfg->backend = backend;
	if (kmem_boot(cfg))
		return -1;
	kmem_get_info(&info);
	printf("=== %s\n", backend);
	print_sysctls(profile, &info);
	printf("%4s %-8s %-20s %10s %10s  %-5s %s\n", "node", "zone", "figure", "kernel", "model",
	       "match", "note");
	row(&t, -1, "-", "cpus", profile->nr_cpus, info.nr_cpus, true, NULL);
	for (int i = 0; i < profile->nr_zones; i++)
		compare_zone(&t, profile, &profile->zones[i], info.pcp);
	kmem_shutdown();
	printf("\n%s: %d figures match exactly, %d differ or are not compared as noted, %d differ "
	       "unexplained\n\n",
	       backend, t.match, t.explained, t.differ);
	return t.differ;
}

/* BUNDLE: meta.csv once the first back end has booted */
struct bundle_run {
	const char *dir;
	struct csv_table *meta;
	int argc;
	char **argv;
};

static int open_meta(const struct kmem_info *info, void *arg)
{
	struct bundle_run *run = arg;
	char meta[PATH_MAX + 16];

	if (run->meta)
		return 0;
	/* a run directory of `kmembench run` keeps its meta.csv and gains a line */
	snprintf(meta, sizeof(meta), "%s/meta.csv", run->dir);
	run->meta = access(meta, F_OK) ? run_meta_open(run->dir, info, NULL, perf_counters_probe(),
						       0, run->argc, run->argv)
				       : run_meta_open_append(run->dir, "validate_command_line",
							      run->argc, run->argv);
	return run->meta ? 0 : EXIT_FAILURE;
}

static int validate_run(struct validate_opts *o, const char *out, int argc, char **argv)
{
	struct bundle_run run = { .argc = argc, .argv = argv };
	struct validate *v;
	char dir[PATH_MAX];
	int status, sig;

	/* a bad bundle ends the command before the run directory is made */
	v = validate_open(o);
	if (!v)
		return EXIT_USAGE;
	if (run_interrupt_catch() || run_dir_create(out, dir, sizeof(dir))) {
		run_interrupt_release();
		validate_close(v);
		return EXIT_FAILURE;
	}
	run.dir = dir;
	o->table = result_table_open(dir, &validate_table);
	if (!o->table) {
		run_interrupt_release();
		validate_close(v);
		return EXIT_FAILURE;
	}
	o->booted = open_meta;
	o->booted_arg = &run;
	o->stop = run_interrupted;
	status = validate_bundle(v);
	validate_close(v);
	sig = run_interrupted();
	if (status == EXIT_USAGE || !run.meta) {
		/* nothing booted: nothing to keep */
		csv_discard(o->table);
		csv_discard(run.meta);
	} else {
		int err = csv_close(o->table);

		if (run_meta_close(run.meta, sig) || err)
			status = EXIT_FAILURE;
		printf("results: %s\n", dir);
	}
	run_interrupt_release();
	if (sig) {
		fprintf(stderr,
			"kmembench " CMD ": interrupted by %s: the back ends done are kept\n",
			run_signal_name(sig));
		return 128 + sig;
	}
	return status < 0 ? EXIT_FAILURE : status;
}

int cmd_validate(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "host", no_argument, NULL, 'H' },
		{ "proc", required_argument, NULL, 'p' },
		{ "backend", required_argument, NULL, 'b' },
		{ "events", required_argument, NULL, 'E' },
		{ "out", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		CLI_END_OPTIONS,
	};
	/* large (every zone of up to 64 nodes): not on the stack */
	static struct kmem_host_profile profile, again;
	const char *proc = NULL, *backends = NULL, *out = NULL;
	struct validate_opts vo = { 0 };
	struct kmem_config cfg;
	uint64_t mask;
	bool host = false, events = false;
	int c, err, differ = 0, status;
	char **args;

	/* the command line as typed, for meta.csv, before getopt_long() reorders it */
	args = calloc((size_t)argc + 1, sizeof(*args));
	if (!args)
		return EXIT_FAILURE;
	args[0] = "kmembench";
	memcpy(args + 1, argv, (size_t)argc * sizeof(*argv));
	while ((c = getopt_long(argc, argv, ":hq", longopts, NULL)) != -1) {
		switch (c) {
		case 'H':
			host = true;
			break;
		case 'p':
			if (!*optarg) {
				free(args);
				return cli_usage_error(CMD, "--proc: empty directory name");
			}
			proc = optarg;
			break;
		case 'b':
			backends = optarg;
			break;
		case 'E':
			err = replay_events_parse(optarg);
			if (err < 0) {
				free(args);
				return cli_usage_error(CMD,
						       "--events: '%s' is not an event class: "
						       "pages, slab or all",
						       optarg);
			}
			vo.events = (enum replay_events)err;
			events = true;
			break;
		case 'o':
			if (!*optarg) {
				free(args);
				return cli_usage_error(CMD, "--out: empty directory name");
			}
			out = optarg;
			break;
		case 'q':
			vo.quiet = true;
			break;
		default:
			free(args);
			err = cli_other_option(CMD, c, argv, longopts, cmd_validate_help);
			return err < 0 ? 0 : err;
		}
	}
	status = 0;
	if (host && optind < argc)
		status = cli_usage_error(CMD, "--host or a BUNDLE, not both: '%s'", argv[optind]);
	else if (!host && optind == argc)
		status = cli_usage_error(CMD, "a BUNDLE or --host is needed");
	else if (argc - optind > 1)
		status = cli_usage_error(CMD, "unexpected argument '%s'", argv[optind + 1]);
	else if (host && (out || events || vo.quiet))
		status = cli_usage_error(CMD, "--out, --events and -q are for a BUNDLE");
	else if (!host && proc)
		status = cli_usage_error(CMD, "--proc is for --host");
	else if (!host && !bundle_is_bundle(argv[optind]))
		status = cli_usage_error(CMD, "'%s' is not a capture bundle (a directory with %s)",
					 argv[optind], BUNDLE_TRACE);
	if (!status && kmem_config_from_env(&cfg))
		status = EXIT_USAGE;
	if (!status)
		status = cli_parse_name_list(
			CMD, backends || !cfg.backend ? "--backend" : "KMEM_BACKEND", "back end",
			backends ?: cfg.backend ?: (host ? "buddy" : "all"), kmem_backend_count(),
			kmem_backend_name, &mask);
	if (status || !host) {
		if (!status) {
			vo.bundle = argv[optind];
			vo.backends = mask;
			vo.env = cfg;
			status = validate_run(&vo, out, argc + 1, args);
		}
		free(args);
		return status;
	}
	free(args);
	if (!proc)
		proc = cfg.host_proc;
	/* a copy does not change; a live machine is read until two reads agree */
	if (kmem_host_load(proc, &profile))
		return 1;
	for (int tries = 0;; tries++) {
		if (kmem_host_load(proc, &again))
			return 1;
		if (same_machine(&profile, &again))
			break;
		if (tries == 4) {
			fprintf(stderr,
				"kmembench " CMD ": %s changes while it is read (memory being "
				"onlined or offlined?): try again when it settles\n",
				profile.zoneinfo);
			return 1;
		}
		profile = again;
	}
	cfg.arch = "host";
	cfg.host = &profile;
	for (int b = 0; b < kmem_backend_count(); b++) {
		int n;

		if (!(mask & (1ULL << b)))
			continue;
		n = validate_backend(&profile, &cfg, kmem_backend_name(b));
		if (n < 0)
			return 1;
		differ += n;
	}
	return differ ? 1 : 0;
}
