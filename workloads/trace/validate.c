// SPDX-License-Identifier: GPL-2.0
/*
 * `kmembench validate BUNDLE`: how far the model is from the kernel it was captured on.
 *
 * The kernel's side is read once: the bundle's after.buddyinfo, after.pagetypeinfo,
 * after.zoneinfo (per-CPU list pages, managed pages), after.slabinfo and the vmstat of both
 * ends, and one pass over the trace counts, per zone (the zone whose span holds the event's
 * pfn), the events that the replay itself does not replay:
 *
 *	mm_page_alloc_zone_locked	blocks taken from the free lists; percpu_refill=1 for an
 *					order and type the per-CPU lists hold (refills, mostly)
 *	mm_page_pcpu_drain		blocks given back from per-CPU lists
 *	mm_page_alloc_extfrag		fallbacks to another type's free lists, fragmenting=1
 *					when the block taken was below pageblock order
 *	mm_compaction_begin		compact_zone() runs (by zone_start)
 *	mm_compaction_kcompactd_wake	kcompactd wakeups
 *	mm_setup_per_zone_wmarks	watermarks recomputed: memory hotplug, or a sysctl write
 *
 * Then, per back end, the model boots from the bundle's snapshot, replays the trace (a free of
 * a page allocated before the capture frees the snapshot's page at that pfn), and at the end of
 * the trace, before anything live is freed, its state is read: free blocks per zone and order
 * (and per type), the zone counters kmem_zone_stats() keeps where the kernel's tracepoints fire
 * (taken as differences from right after boot), kcompactd wakeups, and the geometry of every
 * cache the trace names. Each figure is one row of validate.csv; the "wrong-order share" of a
 * zone is sum over orders of |model - kernel| * 2^order, over the kernel's free pages.
 *
 * A zone whose managed pages changed during the capture (before.zoneinfo against
 * after.zoneinfo) or whose watermarks the kernel recomputed (mm_setup_per_zone_wmarks in the
 * trace) gets no verdict: its rows say "no_verdict" and why, and the sums over zones leave it
 * out.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/compiler.h>

#include "results/bundle.h"
#include "results/procfs.h"
#include "workloads/present.h"
#include "workloads/runner.h"
#include "workloads/workload.h"
#include "snapshot_read.h"
#include "validate.h"

/* ---- validate.csv ---- */

static const struct result_column validate_cols[] = {
	{ "backend", RESULT_STR, "", "page back end" },
	{ "node", RESULT_INT, "", "NUMA node; -1 for a figure of the whole machine" },
	{ "zone", RESULT_STR, "",
	  "DMA, DMA32, Normal, ...; `all`: summed over the zones with a "
	  "verdict; `-` for a figure of no zone" },
	{ "metric", RESULT_STR, "",
	  "free_blocks, free_pages, wrong_order_share, pcp_pages, free_blocks_type, pageblocks, "
	  "pcp_refill, locked_other, pcp_drain, fallback_fragmenting, fallback_whole, "
	  "compact_runs, kcompactd_wake, compact_stall, objperslab, pagesperslab, replay_errors "
	  "(README.md's validate section says what each is)" },
	{ "item", RESULT_STR, "", "the migratetype or the cache the row is about, else `-`" },
	{ "order", RESULT_INT, "", "block order; -1 for a figure over every order" },
	{ "kernel", RESULT_FLOAT, "", "the kernel's figure (0 for wrong_order_share)" },
	{ "model", RESULT_FLOAT, "", "the model's figure" },
	{ "diff", RESULT_FLOAT, "", "model - kernel" },
	{ "verdict", RESULT_STR, "",
	  "exact; differs; figure (wrong_order_share: a distance, not a match); no_verdict (the "
	  "zone's memory changed during the capture); not_modelled (the back end has no such "
	  "mechanism); not_compared (one side lacks the figure)" },
	{ "note", RESULT_STR, "", "why a row has no verdict or may differ, else empty" },
};

const struct result_table validate_table = {
	.file = "validate.csv",
	.help = "`kmembench validate BUNDLE`: the model booted from a capture bundle's snapshot, "
		"after replaying its trace, against the kernel's after-state (after.buddyinfo, "
		"after.pagetypeinfo, after.zoneinfo, after.slabinfo, vmstat) and the trace's own "
		"counts of the events the replay does not replay. One row per back end and "
		"figure: per zone and order, per zone, and summed over the zones (`all`). Counts "
		"of events are over the capture: the model's since its boot from the snapshot.",
	.cols = validate_cols,
	.nr_cols = ARRAY_SIZE(validate_cols),
};

static const struct result_table *const validate_tables[] = { &validate_table };

static const struct report_metric validate_metrics[] = {
	{ .label = "wrong-order share",
	  .unit = "",
	  .column = "model",
	  .where = { { "metric", "wrong_order_share" }, { "zone", "all" } },
	  .better = REPORT_LOWER,
	  .summary = true },
	{ .label = "free pages, kernel",
	  .unit = "pages",
	  .column = "kernel",
	  .where = { { "metric", "free_pages" }, { "zone", "all" } } },
	{ .label = "free pages, model",
	  .unit = "pages",
	  .column = "model",
	  .where = { { "metric", "free_pages" }, { "zone", "all" } } },
	{ .label = "pcp refills, kernel",
	  .unit = "blocks",
	  .column = "kernel",
	  .where = { { "metric", "pcp_refill" }, { "zone", "all" } } },
	{ .label = "pcp refills, model",
	  .unit = "blocks",
	  .column = "model",
	  .where = { { "metric", "pcp_refill" }, { "zone", "all" } } },
	{ .label = "pcp drains, kernel",
	  .unit = "blocks",
	  .column = "kernel",
	  .where = { { "metric", "pcp_drain" }, { "zone", "all" } } },
	{ .label = "pcp drains, model",
	  .unit = "blocks",
	  .column = "model",
	  .where = { { "metric", "pcp_drain" }, { "zone", "all" } } },
	{ .label = "fallbacks, kernel",
	  .unit = "",
	  .column = "kernel",
	  .where = { { "metric", "fallback_fragmenting" }, { "zone", "all" } } },
	{ .label = "fallbacks, model",
	  .unit = "",
	  .column = "model",
	  .where = { { "metric", "fallback_fragmenting" }, { "zone", "all" } } },
};

static const struct report_breakdown validate_breakdowns[] = {
	{ .title = "Wrong-order share per zone",
	  .by = { "zone", "node" },
	  .where = { { "metric", "wrong_order_share" } },
	  .column = "model",
	  .better = REPORT_LOWER,
	  .unranked = { "verdict", "no_verdict" },
	  .unranked_label = "no verdict",
	  .note = "note" },
};

static void validate_caveats(const struct csv_data *const *t, struct caveat_sink *sink)
{
	int metric = csv_column(t[0], "metric"), verdict = csv_column(t[0], "verdict");
	int zone = csv_column(t[0], "zone"), note = csv_column(t[0], "note");
	int model = csv_column(t[0], "model");

	if (metric < 0 || verdict < 0 || zone < 0 || note < 0 || model < 0)
		return;
	for (size_t i = 0; i < t[0]->nr_rows; i++) {
		char *const *f = t[0]->rows[i]->fields;
		double errors;

		if (!strcmp(f[metric], "wrong_order_share") && !strcmp(f[verdict], "no_verdict"))
			sink->say(sink, "Fidelity: no verdict on zone %s: %s", f[zone], f[note]);
		if (!strcmp(f[metric], "replay_errors") && csv_number(f[model], &errors) &&
		    errors > 0)
			sink->say(sink, "Fidelity: the replay counted %.0f errors", errors);
	}
}

static const struct workload_report validate_report = {
	.title = "Fidelity",
	.what = "kmembench validate: the model booted from a capture bundle's snapshot of a real "
		"kernel's memory replays the bundle's trace on each back end; at the end of the "
		"trace its free blocks per zone and order, per-CPU list refills and drains, "
		"fallbacks and compaction runs are set beside the kernel's (after.buddyinfo, the "
		"trace's mm_page_alloc_zone_locked, mm_page_pcpu_drain, mm_page_alloc_extfrag and "
		"compaction events). The wrong-order share is the share of the kernel's free "
		"memory the model holds at another order: 0 is the kernel's state exactly.",
	.files = { "validate.csv" },
	.required = { "backend", "zone", "metric", "order", "kernel", "model", "verdict" },
	REPORT_METRICS(validate_metrics),
	REPORT_BREAKDOWNS(validate_breakdowns),
	.caveats = validate_caveats,
};

const struct workload validate_workload = {
	.name = "validate",
	.help = "validate the model against a capture bundle (kmembench validate BUNDLE)",
	.tables = validate_tables,
	.nr_tables = ARRAY_SIZE(validate_tables),
	.report = &validate_report,
};

/* ---- the kernel's side ---- */

struct vzone {
	const struct snapshot_zone *sz;
	int idx; /* the model's zone index, -1 when the model has no such zone */
	unsigned long start_pfn, end_pfn;
	unsigned long managed_before, managed_after, wmark_events;
	bool refused;
	char why[160];
	/* the trace's counts */
	unsigned long locked[2][KMEM_NR_ORDERS], drain[KMEM_NR_ORDERS];
	unsigned long fallback[2][KMEM_NR_ORDERS], compact;
	long pcp_after; /* after.zoneinfo, -1 when it lacks the zone */
	/* the model, right after boot and at the end of the trace */
	struct kmem_zone_stats boot, last;
	struct kmem_pagetype_stats pt;
	bool has_pt;
};

struct vcache {
	char name[64];
	int kernel; /* 0: after.slabinfo has it; -ENOENT, -EINVAL */
	unsigned int objperslab, pagesperslab;
	bool in_model;
	struct kmem_slab_stats model;
};

struct validate {
	const struct validate_opts *o;
	struct snapshot_data *snap;
	char trace[PATH_MAX];
	char *text[BUNDLE_NR_WHEN][BUNDLE_NR_PROC];
	struct procfs_free buddy, types; /* after.buddyinfo, after.pagetypeinfo */
	struct vzone zones[KMEM_HOST_MAX_NODES * KMEM_HOST_MAX_ZONES];
	int nr_zones;
	struct vcache *caches;
	size_t nr_caches, caches_cap;
	unsigned long kcompactd_wake, outside; /* events at a pfn outside every zone */
	struct kmem_vmstat vm_boot, vm_end;
};

/* "key=VALUE" among an event's fields: VALUE's first character, or NULL */
static const char *field(const struct trace_event *ev, const char *key)
{
	size_t klen = strlen(key);
	const char *s = ev->args, *end = ev->args + ev->args_len;

	for (; s + klen < end; s++)
		if ((s == ev->args || s[-1] == ' ') && !memcmp(s, key, klen) && s[klen] == '=')
			return s + klen + 1;
	return NULL;
}

/* A field's number: decimal, or hex after 0x; false when absent or not a number */
static bool field_ul(const struct trace_event *ev, const char *key, unsigned long *v)
{
	const char *s = field(ev, key), *end = ev->args + ev->args_len;
	int base = 10;
	bool any = false;

	if (!s)
		return false;
	if (end - s > 2 && s[0] == '0' && s[1] == 'x') {
		base = 16;
		s += 2;
	}
	for (*v = 0; s < end; s++, any = true) {
		int d = *s >= '0' && *s <= '9'		       ? *s - '0'
			: base == 16 && *s >= 'a' && *s <= 'f' ? *s - 'a' + 10
							       : -1;

		if (d < 0)
			break;
		*v = *v * (unsigned long)base + (unsigned long)d;
	}
	return any;
}

static bool is_event(const struct trace_event *ev, const char *name)
{
	return ev->event_len == strlen(name) && !memcmp(ev->event, name, ev->event_len);
}

static struct vzone *zone_of(struct validate *v, unsigned long pfn)
{
	for (int i = 0; i < v->nr_zones; i++)
		if (pfn >= v->zones[i].start_pfn && pfn < v->zones[i].end_pfn)
			return &v->zones[i];
	v->outside++;
	return NULL;
}

static int add_cache(struct validate *v, const char *name, size_t len)
{
	struct vcache *c;

	if (!len || len >= sizeof(c->name))
		return 0;
	for (size_t i = 0; i < v->nr_caches; i++)
		if (strlen(v->caches[i].name) == len && !memcmp(v->caches[i].name, name, len))
			return 0;
	if (v->nr_caches == v->caches_cap) {
		size_t cap = v->caches_cap ? 2 * v->caches_cap : 64;
		struct vcache *n = realloc(v->caches, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		v->caches = n;
		v->caches_cap = cap;
	}
	c = &v->caches[v->nr_caches++];
	memset(c, 0, sizeof(*c));
	memcpy(c->name, name, len);
	return 0;
}

/* A kmalloc of @size bytes_alloc: its cache as slabinfo names it */
static int add_kmalloc(struct validate *v, uint64_t size)
{
	char name[32];
	int n = size >= 1024 && !(size % 1024)
			? snprintf(name, sizeof(name), "kmalloc-%lluk",
				   (unsigned long long)size / 1024)
			: snprintf(name, sizeof(name), "kmalloc-%llu", (unsigned long long)size);

	return size ? add_cache(v, name, (size_t)n) : 0;
}

static void count_other(struct validate *v, const struct trace_event *ev)
{
	unsigned long pfn, order, flag;
	struct vzone *z;

	if (is_event(ev, "mm_page_alloc_zone_locked")) {
		if (field_ul(ev, "pfn", &pfn) && field_ul(ev, "order", &order) &&
		    field_ul(ev, "percpu_refill", &flag) && (z = zone_of(v, pfn)) &&
		    order < KMEM_NR_ORDERS)
			z->locked[!!flag][order]++;
	} else if (is_event(ev, "mm_page_pcpu_drain")) {
		if (field_ul(ev, "pfn", &pfn) && field_ul(ev, "order", &order) &&
		    (z = zone_of(v, pfn)) && order < KMEM_NR_ORDERS)
			z->drain[order]++;
	} else if (is_event(ev, "mm_page_alloc_extfrag")) {
		if (field_ul(ev, "pfn", &pfn) && field_ul(ev, "alloc_order", &order) &&
		    field_ul(ev, "fragmenting", &flag) && (z = zone_of(v, pfn)) &&
		    order < KMEM_NR_ORDERS)
			z->fallback[!!flag][order]++;
	} else if (is_event(ev, "mm_compaction_begin")) {
		if (field_ul(ev, "zone_start", &pfn) && (z = zone_of(v, pfn)))
			z->compact++;
	} else if (is_event(ev, "mm_compaction_kcompactd_wake")) {
		v->kcompactd_wake++;
	} else if (is_event(ev, "mm_setup_per_zone_wmarks")) {
		const char *name = field(ev, "name"), *end = ev->args + ev->args_len;
		unsigned long node;

		if (!name || !field_ul(ev, "node_id", &node))
			return;
		for (int i = 0; i < v->nr_zones; i++) {
			size_t len = strlen(v->zones[i].sz->name);

			if ((unsigned long)v->zones[i].sz->node == node &&
			    (size_t)(end - name) >= len &&
			    !memcmp(name, v->zones[i].sz->name, len) &&
			    (name + len == end || name[len] == ' '))
				v->zones[i].wmark_events++;
		}
	}
}

/* One pass over the trace: the counts above, and the caches it names */
static int kernel_counts(struct validate *v)
{
	struct trace_reader_opts ropts = { .quiet = true };
	struct trace_reader *r = trace_open(v->trace, &ropts);
	struct trace_event ev;
	int ret;

	if (!r)
		return -EIO;
	while ((ret = trace_next(r, &ev)) > 0) {
		switch (ev.type) {
		case TRACE_OTHER:
			count_other(v, &ev);
			break;
		case TRACE_CACHE_ALLOC:
		case TRACE_CACHE_ALLOC_NODE:
			if (ev.ptr && ev.name)
				ret = add_cache(v, ev.name, ev.name_len);
			break;
		case TRACE_KMALLOC:
		case TRACE_KMALLOC_NODE:
			if (ev.ptr)
				ret = add_kmalloc(v, ev.bytes_alloc);
			break;
		default:
			break;
		}
		if (ret < 0)
			break;
	}
	trace_close(r);
	return ret < 0 ? ret : 0;
}

static int zone_index(const char *name)
{
	static const char *const names[KMEM_NR_ZONES] = { "DMA", "DMA32", "Normal", "HighMem" };

	for (int i = 0; i < KMEM_NR_ZONES; i++)
		if (!strcmp(name, names[i]))
			return i;
	return -1;
}

/* The zones, their managed pages at both ends, and which get no verdict */
static void set_zones(struct validate *v, const struct kmem_host_profile *after)
{
	for (int i = 0; i < v->snap->nr_zones; i++) {
		const struct kmem_host_zone *hz = &v->snap->host.zones[i];
		struct vzone *z = &v->zones[v->nr_zones++];

		memset(z, 0, sizeof(*z));
		z->sz = &v->snap->zones[i];
		z->idx = zone_index(hz->name);
		z->start_pfn = hz->start_pfn;
		z->end_pfn = hz->start_pfn + hz->spanned;
		z->managed_before = hz->managed;
		z->managed_after = ULONG_MAX;
		for (int j = 0; after && j < after->nr_zones; j++)
			if (after->zones[j].node == hz->node &&
			    !strcmp(after->zones[j].name, hz->name))
				z->managed_after = after->zones[j].managed;
		z->pcp_after = procfs_zoneinfo_pcp(v->text[BUNDLE_AFTER][BUNDLE_zoneinfo], hz->node,
						   hz->name);
	}
}

static void set_verdicts(struct validate *v)
{
	for (int i = 0; i < v->nr_zones; i++) {
		struct vzone *z = &v->zones[i];

		if (z->managed_after == ULONG_MAX)
			snprintf(z->why, sizeof(z->why), "after.zoneinfo has no such zone");
		else if (z->managed_after != z->managed_before)
			snprintf(
				z->why, sizeof(z->why),
				"managed pages changed during the capture (%lu before, %lu after): "
				"memory hotplug",
				z->managed_before, z->managed_after);
		else if (z->wmark_events)
			snprintf(
				z->why, sizeof(z->why),
				"the kernel recomputed its watermarks %lu times during the capture "
				"(mm_setup_per_zone_wmarks: memory hotplug or a sysctl write)",
				z->wmark_events);
		else if (z->idx < 0)
			snprintf(z->why, sizeof(z->why), "the model has no such zone");
		z->refused = z->why[0];
	}
}

static int read_kernel(struct validate *v)
{
	static struct kmem_host_profile after;
	char zi[PATH_MAX], sc[PATH_MAX];
	struct bundle b;
	int err;

	err = bundle_open(&b, v->o->bundle);
	for (int w = 0; !err && w < BUNDLE_NR_WHEN; w++)
		for (int p = 0; !err && p < BUNDLE_NR_PROC; p++) {
			v->text[w][p] = bundle_read_proc(&b, w, p, NULL);
			err = v->text[w][p] ? 0 : -EINVAL;
		}
	if (!err && !bundle_path(&b, BUNDLE_TRACE, v->trace, sizeof(v->trace)))
		err = -ENAMETOOLONG;
	if (!err && (!bundle_proc_path(&b, BUNDLE_AFTER, BUNDLE_zoneinfo, zi, sizeof(zi)) ||
		     !bundle_path(&b, "after." BUNDLE_SYSCTL, sc, sizeof(sc))))
		err = -ENAMETOOLONG;
	if (err) {
		fprintf(stderr, "kmembench validate: %s\n", b.error);
		bundle_close(&b);
		return err;
	}
	bundle_close(&b);
	err = procfs_parse_buddyinfo(v->text[BUNDLE_AFTER][BUNDLE_buddyinfo], &v->buddy);
	if (err) {
		fprintf(stderr, "kmembench validate: %s/after.buddyinfo: %s\n", v->o->bundle,
			v->buddy.error);
		return err;
	}
	err = procfs_parse_pagetypeinfo(v->text[BUNDLE_AFTER][BUNDLE_pagetypeinfo], &v->types);
	if (err) {
		fprintf(stderr, "kmembench validate: %s/after.pagetypeinfo: %s\n", v->o->bundle,
			v->types.error);
		return err;
	}
	/* a zone after.zoneinfo cannot give is one without a verdict, not a failure */
	set_zones(v, kmem_host_load_files(zi, sc, &after) ? NULL : &after);
	err = kernel_counts(v);
	if (err) {
		fprintf(stderr, "kmembench validate: %s: cannot be read to its end\n", v->trace);
		return err;
	}
	set_verdicts(v);
	return 0;
}

/* ---- the model's side ---- */

static void at_end(void *arg)
{
	struct validate *v = arg;

	for (int i = 0; i < v->nr_zones; i++) {
		struct vzone *z = &v->zones[i];

		if (z->idx < 0 || kmem_zone_stats(z->sz->node, z->idx, &z->last))
			continue;
		z->has_pt = !kmem_pagetype_stats(z->sz->node, z->idx, &z->pt);
	}
	kmem_get_vmstat(&v->vm_end);
	for (size_t i = 0; i < v->nr_caches; i++)
		v->caches[i].in_model = !kmem_slab_stats(v->caches[i].name, &v->caches[i].model);
}

/* ---- rows ---- */

struct row_ctx {
	struct validate *v;
	const char *backend;
	int node;
	const char *zone;
	const char *refused; /* the zone's reason, or NULL */
};

static void put(const struct row_ctx *r, const char *metric, const char *item, int order,
		double kernel, double model, const char *verdict, const char *note)
{
	struct csv_table *t = r->v->o->table;

	if (!t)
		return;
	if (r->refused) {
		verdict = "no_verdict";
		note = r->refused;
	} else if (!verdict) {
		verdict = kernel == model ? "exact" : "differs";
	}
	csv_str(t, r->backend);
	csv_i64(t, r->node);
	csv_str(t, r->zone);
	csv_str(t, metric);
	csv_str(t, item ? item : "-");
	csv_i64(t, order);
	csv_f64(t, kernel, 10);
	csv_f64(t, model, 10);
	csv_f64(t, model - kernel, 10);
	csv_str(t, verdict);
	csv_str(t, note ? note : "");
	csv_end_row(t);
}

/* The sums over the zones with a verdict, as the "all" rows give them */
struct totals {
	unsigned long kernel_blocks[KMEM_NR_ORDERS], model_blocks[KMEM_NR_ORDERS];
	unsigned long k[5], m[5]; /* refill, other, drain, fragmenting, whole */
	unsigned long k_compact, m_compact;
	double wrong_pages, kernel_free;
	bool typed; /* the back end has pageblock types */
};

static const char *const counter_names[5] = { "pcp_refill", "locked_other", "pcp_drain",
					      "fallback_fragmenting", "fallback_whole" };

/* Per order and in all, one counter of the trace beside the model's */
static void counter_rows(const struct row_ctx *r, int c, const unsigned long *kernel,
			 const unsigned long *model, const unsigned long *boot, bool modelled,
			 struct totals *t, unsigned long sums[2])
{
	static const char *const notes[5] = {
		NULL,
		NULL,
		NULL,
		"the kernel's fallbacks below pageblock order (mm_page_alloc_extfrag "
		"fragmenting=1)",
		NULL,
	};
	unsigned long ksum = 0, msum = 0;

	for (int o = 0; o < KMEM_NR_ORDERS; o++) {
		unsigned long m = model[o] - boot[o];

		ksum += kernel[o];
		msum += m;
		if (kernel[o] || m)
			put(r, counter_names[c], NULL, o, (double)kernel[o], (double)m,
			    modelled ? NULL : "not_modelled",
			    modelled ? NULL
				     : "this back end has no migratetypes to fall back from");
	}
	put(r, counter_names[c], NULL, -1, (double)ksum, (double)msum,
	    modelled ? NULL : "not_modelled", modelled ? notes[c] : NULL);
	if (!r->refused) {
		t->k[c] += ksum;
		t->m[c] += msum;
	}
	sums[0] = ksum;
	sums[1] = msum;
}

static void type_rows(const struct row_ctx *r, const struct vzone *z)
{
	const struct procfs_block_row *blocks =
		procfs_blocks_find(&r->v->types, z->sz->node, z->sz->name);

	for (int mt = 0; mt < KMEM_NR_MIGRATETYPES; mt++) {
		const char *name = kmem_migratetype_names[mt];
		const struct procfs_free_row *k =
			procfs_free_find(&r->v->types, z->sz->node, z->sz->name, name);
		int ti = procfs_type_index(&r->v->types, name);
		const char *verdict = z->has_pt ? NULL : "not_modelled";
		const char *note = z->has_pt ? NULL : "this back end has no pageblock types";

		for (int o = 0; o < KMEM_NR_ORDERS; o++) {
			unsigned long kb = k && o < r->v->types.nr_orders ? k->blocks[o] : 0;
			unsigned long mb = z->has_pt ? z->pt.free_blocks[mt][o] : 0;

			if (kb || mb)
				put(r, "free_blocks_type", name, o, (double)kb, (double)mb, verdict,
				    note);
		}
		if (blocks && ti >= 0)
			put(r, "pageblocks", name, -1, (double)blocks->count[ti],
			    z->has_pt ? (double)z->pt.pageblocks[mt] : 0, verdict, note);
	}
}

/* Every row of zone @z; prints its table */
static void zone_rows(struct validate *v, const char *backend, const struct vzone *z,
		      struct totals *t)
{
	const struct procfs_free_row *k =
		procfs_free_find(&v->buddy, z->sz->node, z->sz->name, NULL);
	struct row_ctx r = { v, backend, z->sz->node, z->sz->name, z->refused ? z->why : NULL };
	unsigned long kfree = 0, mfree = 0, kb[KMEM_NR_ORDERS] = { 0 };
	const unsigned long *kc[5] = { z->locked[1], z->locked[0], z->drain, z->fallback[1],
				       z->fallback[0] };
	const unsigned long *mc[5] = { z->last.locked_alloc[1], z->last.locked_alloc[0],
				       z->last.pcp_drain, z->last.fallback[1],
				       z->last.fallback[0] };
	const unsigned long *bc[5] = { z->boot.locked_alloc[1], z->boot.locked_alloc[0],
				       z->boot.pcp_drain, z->boot.fallback[1],
				       z->boot.fallback[0] };
	unsigned long sums[5][2], compact = z->last.compact_runs - z->boot.compact_runs;
	double wrong = 0;

	if (!k || z->idx < 0)
		return;
	printf("  %s, node %d%s%s\n  %-8s", z->sz->name, z->sz->node,
	       z->refused ? ": NO VERDICT, " : "", z->refused ? z->why : "", "order");
	for (int o = 0; o < KMEM_NR_ORDERS; o++)
		printf(" %7d", o);
	printf("\n  %-8s", "kernel");
	for (int o = 0; o < KMEM_NR_ORDERS; o++) {
		kb[o] = o < v->buddy.nr_orders ? k->blocks[o] : 0;
		kfree += kb[o] << o;
		printf(" %7lu", kb[o]);
	}
	printf("\n  %-8s", "model");
	for (int o = 0; o < KMEM_NR_ORDERS; o++) {
		unsigned long m = z->last.free_blocks[o];

		mfree += m << o;
		wrong += (double)((m > kb[o] ? m - kb[o] : kb[o] - m) << o);
		printf(" %7lu", m);
		put(&r, "free_blocks", NULL, o, (double)kb[o], (double)m, NULL, NULL);
		if (!z->refused) {
			t->kernel_blocks[o] += kb[o];
			t->model_blocks[o] += m;
		}
	}
	put(&r, "free_pages", NULL, -1, (double)kfree, (double)mfree, NULL, NULL);
	put(&r, "wrong_order_share", NULL, -1, 0, kfree ? wrong / (double)kfree : 0, "figure",
	    NULL);
	printf("\n  free pages: kernel %lu, model %lu; wrong-order share %.4f\n", kfree, mfree,
	       kfree ? wrong / (double)kfree : 0);
	if (!z->refused) {
		t->wrong_pages += wrong;
		t->kernel_free += (double)kfree;
	}
	if (z->pcp_after >= 0)
		put(&r, "pcp_pages", NULL, -1, (double)z->pcp_after, (double)z->last.pcp_free, NULL,
		    "pages on the per-CPU lists at the end");
	type_rows(&r, z);
	t->typed |= z->has_pt;
	for (int c = 0; c < 5; c++) {
		bool modelled = c < 3 || z->has_pt;

		counter_rows(&r, c, kc[c], mc[c], bc[c], modelled, t, sums[c]);
	}
	put(&r, "compact_runs", NULL, -1, (double)z->compact, (double)compact, NULL, NULL);
	if (!z->refused) {
		t->k_compact += z->compact;
		t->m_compact += compact;
	}
	printf("  kernel/model: pcp refills %lu/%lu blocks, other blocks from the free lists "
	       "%lu/%lu, pcp drains %lu/%lu, fallbacks below a pageblock %lu/%lu, of a whole "
	       "pageblock %lu/%lu, compaction runs %lu/%lu\n",
	       sums[0][0], sums[0][1], sums[1][0], sums[1][1], sums[2][0], sums[2][1], sums[3][0],
	       sums[3][1], sums[4][0], sums[4][1], z->compact, compact);
}

static void vmstat_row(const struct row_ctx *r, const char *key, unsigned long model)
{
	struct validate *v = r->v;
	unsigned long long before, after;

	if (procfs_vmstat_find(v->text[BUNDLE_BEFORE][BUNDLE_vmstat], key, &before) ||
	    procfs_vmstat_find(v->text[BUNDLE_AFTER][BUNDLE_vmstat], key, &after))
		put(r, key, NULL, -1, 0, (double)model, "not_compared",
		    "the bundle's vmstat lacks it");
	else
		put(r, key, NULL, -1, (double)(after - before), (double)model, NULL,
		    "after.vmstat - before.vmstat");
}

static void cache_rows(const struct row_ctx *r)
{
	struct validate *v = r->v;

	for (size_t i = 0; i < v->nr_caches; i++) {
		struct vcache *c = &v->caches[i];
		const char *verdict = NULL, *note = NULL;

		if (c->kernel == -ENOENT) {
			verdict = "not_compared";
			note = "not in after.slabinfo: merged into another cache by the kernel";
		} else if (c->kernel) {
			verdict = "not_compared";
			note = "its after.slabinfo line is malformed";
		} else if (!c->in_model) {
			verdict = "not_compared";
			note = "the model has no cache of that name";
		}
		put(r, "objperslab", c->name, -1, (double)c->objperslab,
		    c->in_model ? (double)c->model.objperslab : 0, verdict, note);
		put(r, "pagesperslab", c->name, -1, (double)c->pagesperslab,
		    c->in_model ? (double)c->model.pagesperslab : 0, verdict, note);
	}
}

static void total_rows(struct validate *v, const char *backend, const struct totals *t,
		       const struct replay_result *res)
{
	struct row_ctx all = { v, backend, -1, "all", NULL }, none = { v, backend, -1, "-", NULL };
	unsigned long kfree = 0, mfree = 0;

	for (int o = 0; o < KMEM_NR_ORDERS; o++) {
		put(&all, "free_blocks", NULL, o, (double)t->kernel_blocks[o],
		    (double)t->model_blocks[o], NULL, NULL);
		kfree += t->kernel_blocks[o] << o;
		mfree += t->model_blocks[o] << o;
	}
	put(&all, "free_pages", NULL, -1, (double)kfree, (double)mfree, NULL, NULL);
	put(&all, "wrong_order_share", NULL, -1, 0,
	    t->kernel_free > 0 ? t->wrong_pages / t->kernel_free : 0, "figure", NULL);
	for (int c = 0; c < 5; c++)
		put(&all, counter_names[c], NULL, -1, (double)t->k[c], (double)t->m[c],
		    c < 3 || t->typed ? NULL : "not_modelled",
		    c < 3 || t->typed ? NULL
				      : "this back end has no migratetypes to fall back from");
	put(&all, "compact_runs", NULL, -1, (double)t->k_compact, (double)t->m_compact, NULL, NULL);
	put(&none, "kcompactd_wake", NULL, -1, (double)v->kcompactd_wake,
	    (double)(v->vm_end.compact_daemon_wake - v->vm_boot.compact_daemon_wake), NULL,
	    "the trace's mm_compaction_kcompactd_wake");
	vmstat_row(&none, "compact_stall", v->vm_end.compact_stall - v->vm_boot.compact_stall);
	cache_rows(&none);
	put(&none, "replay_errors", NULL, -1, 0, (double)res->errors, NULL,
	    "malformed lines, events the model could not replay, bad page reports");
	printf("  all zones with a verdict: wrong-order share %.4f of %lu free pages (model %lu); "
	       "pcp refills %lu/%lu, drains %lu/%lu, fallbacks below a pageblock %lu/%lu "
	       "(kernel/model)\n",
	       t->kernel_free > 0 ? t->wrong_pages / t->kernel_free : 0, kfree, mfree, t->k[0],
	       t->m[0], t->k[2], t->m[2], t->k[3], t->m[3]);
}

/* ---- each back end ---- */

static int validate_backend(struct validate *v, const char *backend)
{
	const struct validate_opts *o = v->o;
	struct trace_reader_opts topts = { .quiet = o->quiet };
	struct replay_opts ropts = { .events = o->events,
				     .quiet = o->quiet,
				     .snapshot_frees = true,
				     .at_end = at_end,
				     .at_end_arg = v,
				     .stop = o->stop };
	struct kmem_config cfg = o->env;
	struct snapshot_diff diff;
	struct replay_result res;
	struct totals t = { 0 };
	struct trace_reader *r;
	struct kmem_info info;
	char what[96];
	int err, status;

	cfg.backend = backend;
	cfg.arch = "host";
	cfg.mem_bytes = 0;
	cfg.host = &v->snap->host;
	cfg.snapshot = &v->snap->snap;
	err = runner_boot(&cfg, &info);
	if (err)
		return err;
	status = o->booted ? o->booted(&info, o->booted_arg) : 0;
	if (status) {
		kmem_shutdown();
		return status;
	}
	for (int i = 0; i < v->nr_zones; i++)
		if (v->zones[i].idx >= 0)
			kmem_zone_stats(v->zones[i].sz->node, v->zones[i].idx, &v->zones[i].boot);
	kmem_get_vmstat(&v->vm_boot);
	printf("=== %s on the bundle's machine (%s): %d CPU%s, per-CPU lists %s\n", info.backend,
	       o->bundle, info.nr_cpus, info.nr_cpus == 1 ? "" : "s", info.pcp ? "on" : "off");
	if (!snapshot_compare(v->snap, NULL, &diff))
		printf("  snapshot boot: %lu (zone, order) counts differ from before.buddyinfo by "
		       "%lu pages of %lu free; %lu pages on the kernel's per-CPU lists\n",
		       diff.orders_differ, diff.pages_differ, diff.kernel_free, diff.pcp_pages);
	r = trace_open(v->trace, &topts);
	if (!r) {
		kmem_shutdown();
		return RUNNER_EXIT_FAILURE;
	}
	err = trace_replay(r, &ropts, &res);
	trace_close(r);
	if (err == -EINTR) {
		printf("  interrupted: no rows for this back end\n");
		kmem_shutdown();
		return -EINTR;
	}
	replay_print_summary(stdout, &res);
	status = err || res.errors ? RUNNER_EXIT_FAILURE : 0;
	if (!err) {
		printf("  at the end of the trace, kernel (after.*) and model:\n");
		for (int i = 0; i < v->nr_zones; i++)
			zone_rows(v, info.backend, &v->zones[i], &t);
		total_rows(v, info.backend, &t, &res);
	}
	fflush(stdout);
	snprintf(what, sizeof(what), "validate %s", backend);
	return runner_shutdown(what) ?: status;
}

void validate_close(struct validate *v)
{
	if (!v)
		return;
	for (int w = 0; w < BUNDLE_NR_WHEN; w++)
		for (int p = 0; p < BUNDLE_NR_PROC; p++)
			free(v->text[w][p]);
	procfs_free_release(&v->buddy);
	procfs_free_release(&v->types);
	free(v->caches);
	if (v->snap)
		snapshot_release(v->snap);
	free(v->snap);
	free(v);
}

struct validate *validate_open(const struct validate_opts *o)
{
	struct validate *v = calloc(1, sizeof(*v));

	if (!v || !(v->snap = calloc(1, sizeof(*v->snap)))) {
		fprintf(stderr, "kmembench validate: out of memory\n");
		validate_close(v);
		return NULL;
	}
	v->o = o;
	if (snapshot_read(o->bundle, v->snap)) {
		fprintf(stderr, "kmembench validate: %s\n", v->snap->error);
		validate_close(v);
		return NULL;
	}
	if (read_kernel(v)) {
		validate_close(v);
		return NULL;
	}
	for (size_t i = 0; i < v->nr_caches; i++)
		v->caches[i].kernel = procfs_slabinfo_find(
			v->text[BUNDLE_AFTER][BUNDLE_slabinfo], v->caches[i].name,
			&v->caches[i].objperslab, &v->caches[i].pagesperslab);
	return v;
}

int validate_bundle(struct validate *v)
{
	const struct validate_opts *o = v->o;
	int status = 0, err;

	if (v->outside)
		printf("validate: %lu events of the trace at pfns outside every zone of "
		       "before.zoneinfo: not counted\n",
		       v->outside);
	for (int b = 0; status != -EINTR && status != RUNNER_EXIT_USAGE && b < kmem_backend_count();
	     b++) {
		if (!(o->backends & (1ULL << b)))
			continue;
		if (o->stop && o->stop()) {
			status = -EINTR;
			break;
		}
		err = validate_backend(v, kmem_backend_name(b));
		if (err == -EINTR || err == RUNNER_EXIT_USAGE)
			status = err;
		else if (err)
			status = RUNNER_EXIT_FAILURE;
	}
	return status;
}
