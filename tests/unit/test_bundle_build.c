// SPDX-License-Identifier: GPL-2.0
/*
 * The shipped capture bundle tests/data/bundle-build/ (its README.md says how it was made): it
 * opens as a bundle, its kpage files cover the same pfns, the capture lost nothing, and the
 * manifest's event counts are the ones the trace parser finds in kmem.trace.gz. The last check
 * is on `kmembench capture`'s own bookkeeping as much as on the bundle: capture counts events
 * while it compresses the trace, replay counts them while it parses it.
 *
 * No back end is booted: the bundle code uses none. It runs per back end as every test does.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results/bundle.h"
#include "workloads/trace/trace_parse.h"
#include "harness.h"

#define SHIPPED KMEM_TEST_DATA "/bundle-build"

/* The kernel's event names the parser met (its own types, and each "other" by name) */
#define MAX_NAMES 64

struct name_count {
	char name[64];
	uint64_t n;
};

static struct name_count *find_name(struct name_count *c, size_t *nr, const char *name, size_t len)
{
	for (size_t i = 0; i < *nr; i++)
		if (strlen(c[i].name) == len && !memcmp(c[i].name, name, len))
			return &c[i];
	ASSERT_LT(*nr, MAX_NAMES);
	ASSERT_LT(len, sizeof(c[0].name));
	memcpy(c[*nr].name, name, len);
	c[*nr].name[len] = '\0';
	c[*nr].n = 0;
	return &c[(*nr)++];
}

static uint64_t manifest_u64(const struct bundle *b, const char *key)
{
	const char *v = bundle_manifest(b, key);
	char *end;
	uint64_t n;

	ASSERT_NOT_NULL(v);
	n = strtoull(v, &end, 10);
	ASSERT_TRUE(end != v && !*end);
	return n;
}

TEST_UNBOOTED(shipped_bundle_opens)
{
	uint64_t *flags, *count;
	size_t nr, nr_count;
	struct bundle b;

	ASSERT_EQ(bundle_open(&b, SHIPPED), 0);
	ASSERT_TRUE(b.has_manifest);
	ASSERT_STREQ(bundle_manifest(&b, BUNDLE_MANIFEST_FORMAT), BUNDLE_FORMAT);
	ASSERT_STREQ(bundle_manifest(&b, BUNDLE_MANIFEST_COMPLETE), "yes");
	ASSERT_STREQ(bundle_manifest(&b, BUNDLE_MANIFEST_LOST), "0");
	ASSERT_EQ(manifest_u64(&b, "overrun_total"), 0);
	ASSERT_EQ(manifest_u64(&b, "dropped_total"), 0);
	ASSERT_STREQ(bundle_manifest(&b, "exit_status"), "0");
	/* the vm sysctls the host profile reads */
	ASSERT_NOT_NULL(bundle_sysctl(&b, BUNDLE_BEFORE, "min_free_kbytes"));
	ASSERT_NOT_NULL(bundle_sysctl(&b, BUNDLE_BEFORE, "lowmem_reserve_ratio"));

	ASSERT_EQ(bundle_read_kpages(&b, BUNDLE_KPAGEFLAGS, &flags, &nr), 0);
	ASSERT_EQ(bundle_read_kpages(&b, BUNDLE_KPAGECOUNT, &count, &nr_count), 0);
	ASSERT_GT(nr, 0);
	ASSERT_EQ(nr, nr_count);
	free(flags);
	free(count);
	bundle_close(&b);
}

TEST_UNBOOTED(manifest_counts_are_the_traces)
{
	struct trace_reader_opts opts = { .quiet = true };
	struct name_count seen[MAX_NAMES];
	const struct trace_stats *st;
	struct trace_reader *r;
	struct trace_event ev;
	char path[PATH_MAX];
	uint64_t listed = 0;
	size_t nr_seen = 0;
	struct bundle b;
	int ret;

	ASSERT_EQ(bundle_open(&b, SHIPPED), 0);
	ASSERT_NOT_NULL(bundle_path(&b, BUNDLE_TRACE, path, sizeof(path)));
	r = trace_open(path, &opts);
	ASSERT_NOT_NULL(r);
	while ((ret = trace_next(r, &ev)) == 1) {
		const char *name = trace_event_names[ev.type];
		size_t len = strlen(name);

		if (ev.type == TRACE_OTHER) {
			name = ev.event;
			len = ev.event_len;
		}
		find_name(seen, &nr_seen, name, len)->n++;
	}
	ASSERT_EQ(ret, 0);
	st = trace_reader_stats(r);
	ASSERT_EQ(st->malformed, 0);
	ASSERT_EQ(st->lost_markers, 0);
	ASSERT_EQ(st->events, manifest_u64(&b, "events_total"));

	/* each event.SYSTEM:NAME of the manifest, as often as the trace has NAME ... */
	for (size_t i = 0; i < b.nr_manifest; i++) {
		const char *key = b.manifest[i].name, *colon;
		struct name_count *c;

		if (strncmp(key, "event.", 6))
			continue;
		colon = strchr(key, ':');
		ASSERT_NOT_NULL(colon);
		c = find_name(seen, &nr_seen, colon + 1, strlen(colon + 1));
		if (manifest_u64(&b, key) != c->n)
			harness_fail(__FILE__, __LINE__, "%s: manifest %s, trace %" PRIu64, key,
				     b.manifest[i].value, c->n);
		listed += c->n;
	}
	/* ... and no event of the trace left out of the manifest */
	ASSERT_EQ(listed, st->events);
	trace_close(r);
	bundle_close(&b);
}
