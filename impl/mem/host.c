// SPDX-License-Identifier: GPL-2.0
/*
 * The host profile: a Linux machine's nodes, zones and vm sysctls, read from /proc/zoneinfo and
 * /proc/sys/vm (or copies of them: a directory laid out as /proc, or a capture bundle's
 * before.zoneinfo and before.sysctl), so that the model boots as that machine and its
 * watermarks, protection and per-CPU list sizes can be set beside the kernel's.
 *
 * zoneinfo is read for what mm/vmstat.c's zoneinfo_show_print() writes: a "Node N, zone NAME"
 * header per zone of every node (populated or not, in zone index order), the watermarks, the
 * span ("spanned", "present", "managed"), "protection: (a, b, ...)" with one column per zone of
 * the node, then, for a populated zone only, one pageset per online CPU and "start_pfn:". Every
 * other line (the node's and zone's counters) is skipped by name, so a kernel that adds
 * counters still loads; a figure the model needs that is missing or not a number is an error
 * naming the file and line. The kernel writes watermarks without a colon and the pageset's
 * fields with one, which is how "high" (a watermark) and "high:" (a CPU's list) differ.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/* a sysctl's value: lowmem_reserve_ratio's list is the longest */
#define LINE_MAX_LEN 512

struct host_parse {
	const char *path;
	int line;
	struct kmem_host_profile *out;
	struct kmem_host_zone *zone; /* the zone being read, NULL before the first header */
	bool have[4];		     /* start_pfn, spanned, present, managed seen for @zone */
	int cpus;		     /* pagesets seen in @zone */
	bool in_cpu;		     /* a "cpu:" line opened a pageset of @zone */
};

static int parse_fail(const struct host_parse *p, const char *what, const char *text)
{
	fprintf(stderr, "kmem: host profile: %s:%d: %s: '%s'\n", p->path, p->line, what, text);
	return -EINVAL;
}

/* One unsigned decimal number filling [s, e) after blanks are trimmed */
static bool parse_ulong(const char *s, const char *e, unsigned long *v)
{
	uint64_t x;

	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n'))
		e--;
	if (!kmem_parse_dec(s, e, &x) || x > (uint64_t)LONG_MAX)
		return false;
	*v = (unsigned long)x;
	return true;
}

/* A zone is complete when the figures the model boots from were all given */
static int zone_finish(struct host_parse *p)
{
	struct kmem_host_zone *z = p->zone;
	static const char *const names[] = { "start_pfn", "spanned", "present", "managed" };

	if (!z)
		return 0;
	/* an empty zone has no pagesets and no start_pfn line */
	if (!p->have[0] && p->have[2] && !z->present)
		p->have[0] = true;
	for (int i = 0; i < 4; i++)
		if (!p->have[i]) {
			fprintf(stderr, "kmem: host profile: %s: node %d, zone %s has no %s line\n",
				p->path, z->node, z->name, names[i]);
			return -EINVAL;
		}
	if (z->present > z->spanned || z->managed > z->present) {
		fprintf(stderr,
			"kmem: host profile: %s: node %d, zone %s: managed %lu, present %lu, "
			"spanned %lu do not nest\n",
			p->path, z->node, z->name, z->managed, z->present, z->spanned);
		return -EINVAL;
	}
	if (p->out->nr_cpus < p->cpus)
		p->out->nr_cpus = p->cpus;
	return 0;
}

/* "Node N, zone NAME" */
static int zone_header(struct host_parse *p, const char *text)
{
	struct kmem_host_profile *out = p->out;
	const char *comma = strchr(text, ','), *name;
	struct kmem_host_zone *z;
	unsigned long nid;
	int err = zone_finish(p);

	if (err)
		return err;
	if (!comma || !parse_ulong(text + 5, comma, &nid) || nid >= KMEM_HOST_MAX_NODES ||
	    strncmp(comma, ", zone ", 7))
		return parse_fail(p, "not a zone header", text);
	name = comma + 7 + strspn(comma + 7, " ");
	if (!*name || strlen(name) >= sizeof(z->name))
		return parse_fail(p, "not a zone name", text);
	/* nodes in increasing order, each one's zones together, as the kernel prints them */
	if (out->nr_zones && (int)nid < out->zones[out->nr_zones - 1].node)
		return parse_fail(p, "node out of order", text);
	if ((int)nid >= out->nr_nodes)
		out->nr_nodes = (int)nid + 1;
	if (out->nr_zones == (int)ARRAY_SIZE(out->zones))
		return parse_fail(p, "more zones than a node can have", text);
	z = &out->zones[out->nr_zones++];
	memset(z, 0, sizeof(*z));
	z->node = (int)nid;
	snprintf(z->name, sizeof(z->name), "%s", name);
	z->pcp_uniform = true;
	p->zone = z;
	memset(p->have, 0, sizeof(p->have));
	p->cpus = 0;
	p->in_cpu = false;
	return 0;
}

/* "protection: (0, 3018, 6474, 6474, 6474)" */
static int protection_line(struct host_parse *p, const char *text, const char *v)
{
	struct kmem_host_zone *z = p->zone;

	if (*v++ != '(')
		return parse_fail(p, "not a protection list", text);
	for (;;) {
		const char *end = v + strcspn(v, ",)");
		unsigned long x;

		if (!*end || z->nr_protection == KMEM_HOST_MAX_ZONES || !parse_ulong(v, end, &x))
			return parse_fail(p, "not a protection list", text);
		z->protection[z->nr_protection++] = (long)x;
		if (*end == ')')
			return 0;
		v = end + 1;
	}
}

/* A pageset field of one CPU: the first CPU's is kept, the others must agree */
static void pcp_field(struct kmem_host_zone *z, int cpus, long *field, long v, bool fixed)
{
	if (cpus == 1)
		*field = v;
	else if (fixed && *field != v)
		z->pcp_uniform = false;
}

static int zoneinfo_line(struct host_parse *p, char *text)
{
	struct kmem_host_zone *z = p->zone;
	char *key = text + strspn(text, " \t"), *v;
	size_t klen = strcspn(key, " \t");
	unsigned long x;
	bool colon;

	if (!strncmp(text, "Node ", 5))
		return zone_header(p, text);
	if (!*key)
		return 0;
	if (!z)
		return parse_fail(p, "a line before the first zone header", text);
	v = key + klen;
	v += strspn(v, " \t");
	colon = klen && key[klen - 1] == ':';
	key[klen - colon] = '\0';
	if (!strcmp(key, "pages") && !strncmp(v, "free", 4)) /* "pages free N": the zone's */
		return 0;
	if (!strcmp(key, "per-node") || !strcmp(key, "pagesets") || (!strcmp(key, "vm") && !colon))
		return 0;
	if (colon && !strcmp(key, "protection"))
		return protection_line(p, text, v);
	if (colon && !strcmp(key, "cpu")) {
		p->cpus++;
		p->in_cpu = true;
		z->has_pcp = true;
		return 0;
	}

	/* every remaining line that matters is "KEY N" or "KEY: N" */
	if (!strcmp(key, "start_pfn") || !strcmp(key, "spanned") || !strcmp(key, "present") ||
	    !strcmp(key, "managed") || !strcmp(key, "min") || !strcmp(key, "low") ||
	    !strcmp(key, "high") || !strcmp(key, "boost") || !strcmp(key, "batch") ||
	    !strcmp(key, "high_min") || !strcmp(key, "high_max")) {
		if (!parse_ulong(v, v + strlen(v), &x))
			return parse_fail(p, "not a number", text);
	} else {
		return 0;
	}
	if (!strcmp(key, "start_pfn")) {
		z->start_pfn = x;
		p->have[0] = true;
	} else if (colon) {
		/* a pageset's fields; "count:" and "high:" move all the time */
		if (!p->in_cpu)
			return parse_fail(p, "a pageset field outside a pageset", text);
		if (!strcmp(key, "high"))
			pcp_field(z, p->cpus, &z->pcp_high, (long)x, false);
		else if (!strcmp(key, "batch"))
			pcp_field(z, p->cpus, &z->pcp_batch, (long)x, true);
		else if (!strcmp(key, "high_min"))
			pcp_field(z, p->cpus, &z->pcp_high_min, (long)x, true);
		else if (!strcmp(key, "high_max"))
			pcp_field(z, p->cpus, &z->pcp_high_max, (long)x, true);
	} else if (!strcmp(key, "spanned")) {
		z->spanned = x;
		p->have[1] = true;
	} else if (!strcmp(key, "present")) {
		z->present = x;
		p->have[2] = true;
	} else if (!strcmp(key, "managed")) {
		z->managed = x;
		p->have[3] = true;
	} else if (!strcmp(key, "min")) {
		z->min = x;
	} else if (!strcmp(key, "low")) {
		z->low = x;
	} else if (!strcmp(key, "high")) {
		z->high = x;
	} else if (!strcmp(key, "boost")) {
		z->boost = x;
	}
	return 0;
}

static FILE *open_named(const char *path)
{
	FILE *f = fopen(path, "r");

	if (!f)
		fprintf(stderr, "kmem: host profile: cannot read %s: %s%s\n", path, strerror(errno),
			errno == ENOENT && !strncmp(path, "/proc/", 6) ? " (not a Linux host?)"
								       : "");
	return f;
}

static int read_zoneinfo(const char *path, struct kmem_host_profile *out)
{
	struct host_parse p = { .path = path, .out = out };
	char *text = NULL;
	size_t cap = 0;
	ssize_t n;
	int err = 0;
	FILE *f = open_named(path);

	if (!f)
		return -errno;
	errno = 0;
	while (!err && (n = getline(&text, &cap, f)) >= 0) {
		p.line++;
		if (n && text[n - 1] == '\n')
			text[--n] = '\0';
		/* a binary file is not taken for an empty one: its lines hold NUL bytes */
		if (strlen(text) != (size_t)n)
			err = parse_fail(&p, "a NUL byte in a line", "");
		else
			err = zoneinfo_line(&p, text);
	}
	if (!err && ferror(f)) {
		err = errno ? -errno : -EIO;
		fprintf(stderr, "kmem: host profile: cannot read %s: %s\n", path, strerror(-err));
	}
	free(text);
	fclose(f);
	if (!err)
		err = zone_finish(&p);
	if (!err && !out->nr_zones) {
		fprintf(stderr, "kmem: host profile: %s has no zones: not a /proc/zoneinfo\n",
			path);
		err = -EINVAL;
	}
	return err;
}

struct sysctl_spec {
	const char *name;
	size_t offset;
	bool optional; /* older kernels lack it: recorded as -1 */
};

#define SYSCTL(n, opt)                                         \
	{                                                      \
#n, offsetof(struct kmem_host_profile, n), opt \
	}
static const struct sysctl_spec sysctls[] = {
	SYSCTL(min_free_kbytes, false),
	SYSCTL(watermark_scale_factor, false),
	SYSCTL(percpu_pagelist_high_fraction, false),
	SYSCTL(watermark_boost_factor, true),
	SYSCTL(extfrag_threshold, true),
	SYSCTL(compaction_proactiveness, true),
};

/* @v: the value as the sysctl prints it; lowmem_reserve_ratio is a list */
static int sysctl_value(struct kmem_host_profile *out, const char *name, const char *v,
			const char *where)
{
	const char *end = v + strlen(v);

	if (!strcmp(name, "lowmem_reserve_ratio")) {
		out->nr_lowmem_reserve_ratio = 0;
		for (;;) {
			unsigned long x;
			const char *e;

			v += strspn(v, " \t");
			if (!*v || *v == '\n')
				break;
			e = v + strcspn(v, " \t\n");
			if (out->nr_lowmem_reserve_ratio == KMEM_HOST_MAX_ZONES ||
			    !parse_ulong(v, e, &x))
				goto bad;
			out->lowmem_reserve_ratio[out->nr_lowmem_reserve_ratio++] = (long)x;
			v = e;
		}
		if (!out->nr_lowmem_reserve_ratio)
			goto bad;
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(sysctls); i++) {
		unsigned long x;

		if (strcmp(name, sysctls[i].name))
			continue;
		if (!parse_ulong(v, end, &x))
			goto bad;
		*(long *)((char *)out + sysctls[i].offset) = (long)x;
	}
	return 0;
bad:
	fprintf(stderr, "kmem: host profile: %s: vm.%s is not a number%s: '%.*s'\n", where, name,
		strcmp(name, "lowmem_reserve_ratio") ? "" : " list", (int)strcspn(v, "\n"), v);
	return -EINVAL;
}

static int read_sysctl_dir(const char *dir, struct kmem_host_profile *out)
{
	char path[512], text[LINE_MAX_LEN];

	for (size_t i = 0; i <= ARRAY_SIZE(sysctls); i++) {
		const char *name =
			i < ARRAY_SIZE(sysctls) ? sysctls[i].name : "lowmem_reserve_ratio";
		bool optional = i < ARRAY_SIZE(sysctls) && sysctls[i].optional;
		FILE *f;
		int err;

		snprintf(path, sizeof(path), "%s/%s", dir, name);
		f = fopen(path, "r");
		if (!f && optional && errno == ENOENT)
			continue;
		if (!f) {
			fprintf(stderr, "kmem: host profile: cannot read %s: %s\n", path,
				strerror(errno));
			return -errno;
		}
		if (!fgets(text, sizeof(text), f))
			text[0] = '\0';
		fclose(f);
		err = sysctl_value(out, name, text, path);
		if (err)
			return err;
	}
	return 0;
}

/* A bundle's sysctl file: "NAME VALUE" a line; names it does not know are kept out */
static int read_sysctl_file(const char *path, struct kmem_host_profile *out)
{
	char text[LINE_MAX_LEN];
	int line = 0, err = 0;
	FILE *f = open_named(path);

	if (!f)
		return -errno;
	while (!err && fgets(text, sizeof(text), f)) {
		char where[300], *sp;

		line++;
		text[strcspn(text, "\n")] = '\0';
		if (!text[0])
			continue;
		sp = strchr(text, ' ');
		if (!sp) {
			fprintf(stderr, "kmem: host profile: %s:%d: not 'NAME VALUE': '%s'\n", path,
				line, text);
			err = -EINVAL;
			break;
		}
		*sp = '\0';
		snprintf(where, sizeof(where), "%s:%d", path, line);
		err = sysctl_value(out, text, sp + 1, where);
	}
	fclose(f);
	return err;
}

static int sysctls_check(const char *source, struct kmem_host_profile *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(sysctls); i++)
		if (!sysctls[i].optional && *(long *)((char *)out + sysctls[i].offset) < 0) {
			fprintf(stderr, "kmem: host profile: %s has no vm.%s\n", source,
				sysctls[i].name);
			return -EINVAL;
		}
	if (!out->nr_lowmem_reserve_ratio) {
		fprintf(stderr, "kmem: host profile: %s has no vm.lowmem_reserve_ratio\n", source);
		return -EINVAL;
	}
	return 0;
}

int kmem_host_load_files(const char *zoneinfo, const char *sysctl, struct kmem_host_profile *out)
{
	struct stat st;
	int err;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < ARRAY_SIZE(sysctls); i++)
		*(long *)((char *)out + sysctls[i].offset) = -1;
	snprintf(out->zoneinfo, sizeof(out->zoneinfo), "%s", zoneinfo);
	snprintf(out->sysctl, sizeof(out->sysctl), "%s", sysctl);
	err = read_zoneinfo(zoneinfo, out);
	if (err)
		return err;
	if (stat(sysctl, &st)) {
		err = -errno;
		fprintf(stderr, "kmem: host profile: cannot read %s: %s\n", sysctl, strerror(-err));
		return err;
	}
	err = S_ISDIR(st.st_mode) ? read_sysctl_dir(sysctl, out) : read_sysctl_file(sysctl, out);
	return err ?: sysctls_check(sysctl, out);
}

int kmem_host_load(const char *dir, struct kmem_host_profile *out)
{
	char zoneinfo[512], sysctl[512];
	struct stat st;

	if (!dir || !*dir)
		return kmem_host_load_files("/proc/zoneinfo", "/proc/sys/vm", out);
	if (stat(dir, &st)) {
		int err = -errno;

		fprintf(stderr, "kmem: host profile: cannot read %s: %s\n", dir, strerror(-err));
		return err;
	}
	if (!S_ISDIR(st.st_mode)) {
		fprintf(stderr, "kmem: host profile: %s is not a directory\n", dir);
		return -ENOTDIR;
	}
	snprintf(zoneinfo, sizeof(zoneinfo), "%s/zoneinfo", dir);
	if (!access(zoneinfo, F_OK)) {
		snprintf(sysctl, sizeof(sysctl), "%s/sys/vm", dir);
		return kmem_host_load_files(zoneinfo, sysctl, out);
	}
	snprintf(zoneinfo, sizeof(zoneinfo), "%s/before.zoneinfo", dir);
	if (!access(zoneinfo, F_OK)) {
		snprintf(sysctl, sizeof(sysctl), "%s/before.sysctl", dir);
		return kmem_host_load_files(zoneinfo, sysctl, out);
	}
	fprintf(stderr,
		"kmem: host profile: %s holds neither zoneinfo (a copy of /proc) nor "
		"before.zoneinfo (a capture bundle)\n",
		dir);
	return -ENOENT;
}
