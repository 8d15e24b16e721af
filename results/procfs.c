// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/buddyinfo and /proc/pagetypeinfo text into tables (procfs.h). The kernel pads names
 * and counts with spaces to fixed widths; the readers split on whitespace, so copies that lost
 * the padding, or the model's own listings, read the same.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kmem/kmem.h>

#include "procfs.h"

static int fail(struct procfs_free *f, int err, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail(struct procfs_free *f, int err, unsigned int line, const char *fmt, ...)
{
	int n = line ? snprintf(f->error, sizeof(f->error), "line %u: ", line) : 0;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->error + n, sizeof(f->error) - (size_t)n, fmt, ap);
	va_end(ap);
	return err;
}

/* Whitespace-separated decimal counts of [@s, @e) into @vals; how many, or -1 */
static int parse_counts(const char *s, const char *e, unsigned long *vals, int max)
{
	int n = 0;

	for (;;) {
		const char *t;
		uint64_t v;

		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		if (s == e)
			return n;
		for (t = s; t < e && *t != ' ' && *t != '\t';)
			t++;
		if (n == max || !kmem_parse_dec(s, t, &v))
			return -1;
		vals[n++] = (unsigned long)v;
		s = t;
	}
}

/*
 * "Node N, zone NAME" and, with @type, ", type TYPE": the names, and where the counts start;
 * false when the line is not of that form
 */
static bool parse_head(const char *line, int *node, char *zone, char *type, const char **rest)
{
	int n = 0;

	if (type) {
		if (sscanf(line, "Node %d, zone %23[^, ], type %23s%n", node, zone, type, &n) != 3)
			return false;
	} else if (sscanf(line, "Node %d, zone %23s%n", node, zone, &n) != 2) {
		return false;
	}
	if (!n || *node < 0)
		return false;
	*rest = line + n;
	return true;
}

static int add_free_row(struct procfs_free *f, unsigned int line, int node, const char *zone,
			const char *type, const char *counts, const char *end)
{
	struct procfs_free_row *rows, *r;
	int n;

	rows = realloc(f->rows, (f->nr_rows + 1) * sizeof(*rows));
	if (!rows)
		return fail(f, -ENOMEM, line, "out of memory");
	f->rows = rows;
	r = &rows[f->nr_rows];
	memset(r, 0, sizeof(*r));
	r->node = node;
	snprintf(r->zone, sizeof(r->zone), "%s", zone);
	snprintf(r->type, sizeof(r->type), "%s", type);
	n = parse_counts(counts, end, r->blocks, PROCFS_MAX_ORDERS);
	if (n <= 0)
		return fail(f, -EINVAL, line, "not a count of free blocks per order, at most %d",
			    PROCFS_MAX_ORDERS);
	if (f->nr_rows && n != f->nr_orders)
		return fail(f, -EINVAL, line, "%d orders, the lines before %d", n, f->nr_orders);
	f->nr_orders = n;
	f->nr_rows++;
	return 0;
}

static int add_block_row(struct procfs_free *f, unsigned int line, int node, const char *zone,
			 const char *counts, const char *end)
{
	struct procfs_block_row *rows, *r;

	rows = realloc(f->block_rows, (f->nr_block_rows + 1) * sizeof(*rows));
	if (!rows)
		return fail(f, -ENOMEM, line, "out of memory");
	f->block_rows = rows;
	r = &rows[f->nr_block_rows];
	memset(r, 0, sizeof(*r));
	r->node = node;
	snprintf(r->zone, sizeof(r->zone), "%s", zone);
	if (parse_counts(counts, end, r->count, PROCFS_MAX_TYPES) != f->nr_types)
		return fail(f, -EINVAL, line, "not %d counts of pageblocks, one per type",
			    f->nr_types);
	f->nr_block_rows++;
	return 0;
}

/* "Number of blocks type T1 T2 ...": the types */
static int parse_types(struct procfs_free *f, unsigned int line, const char *s)
{
	f->nr_types = 0;
	for (;;) {
		int n = 0;

		if (sscanf(s, " %23s%n", f->types[f->nr_types], &n) != 1)
			break;
		if (++f->nr_types == PROCFS_MAX_TYPES)
			return fail(f, -EINVAL, line, "more than %d migratetypes",
				    PROCFS_MAX_TYPES - 1);
		s += n;
	}
	return f->nr_types ? 0 : fail(f, -EINVAL, line, "no migratetype named");
}

/* One line of either file, without its newline */
static int parse_line(struct procfs_free *f, bool typed, unsigned int line, const char *buf,
		      bool *in_blocks)
{
	static const char blocks_head[] = "Number of blocks type";
	char zone[PROCFS_NAME], type[PROCFS_NAME];
	const char *rest, *end = buf + strlen(buf);
	unsigned int order;
	int node;

	if (!typed) {
		if (!parse_head(buf, &node, zone, NULL, &rest))
			return fail(f, -EINVAL, line, "not \"Node N, zone NAME COUNTS\"");
		return add_free_row(f, line, node, zone, "", rest, end);
	}
	if (sscanf(buf, "Page block order: %u", &order) == 1) {
		f->block_order = order;
		return 0;
	}
	if (!strncmp(buf, blocks_head, sizeof(blocks_head) - 1)) {
		*in_blocks = true;
		return parse_types(f, line, buf + sizeof(blocks_head) - 1);
	}
	if (strncmp(buf, "Node", 4)) {
		/* a header or a blank line ends the blocks table */
		*in_blocks = false;
		return 0;
	}
	if (*in_blocks) {
		if (!parse_head(buf, &node, zone, NULL, &rest))
			return fail(f, -EINVAL, line, "not \"Node N, zone NAME COUNTS\"");
		return add_block_row(f, line, node, zone, rest, end);
	}
	if (!parse_head(buf, &node, zone, type, &rest))
		return fail(f, -EINVAL, line, "not \"Node N, zone NAME, type TYPE COUNTS\"");
	return add_free_row(f, line, node, zone, type, rest, end);
}

static int parse(const char *text, struct procfs_free *f, bool typed)
{
	bool in_blocks = false, seen_order = false;
	unsigned int line = 0;
	char buf[1024];
	int err;

	memset(f, 0, sizeof(*f));
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);

		line++;
		if (len >= sizeof(buf))
			return fail(f, -EINVAL, line, "longer than %zu characters",
				    sizeof(buf) - 1);
		memcpy(buf, text, len);
		buf[len] = '\0';
		text += len + (nl ? 1 : 0);
		if (!len && !typed)
			continue;
		err = parse_line(f, typed, line, buf, &in_blocks);
		if (err)
			return err;
		seen_order |= typed && f->block_order;
	}
	if (!f->nr_rows)
		return fail(f, -EINVAL, 0, "no free block counts");
	if (typed && (!seen_order || !f->nr_block_rows))
		return fail(f, -EINVAL, 0, "no %s",
			    seen_order ? "\"Number of blocks type\" table"
				       : "\"Page block order\"");
	return 0;
}

int procfs_parse_buddyinfo(const char *text, struct procfs_free *out)
{
	return parse(text, out, false);
}

int procfs_parse_pagetypeinfo(const char *text, struct procfs_free *out)
{
	return parse(text, out, true);
}

void procfs_free_release(struct procfs_free *f)
{
	free(f->rows);
	free(f->block_rows);
	f->rows = NULL;
	f->block_rows = NULL;
	f->nr_rows = f->nr_block_rows = 0;
}

const struct procfs_free_row *procfs_free_find(const struct procfs_free *f, int node,
					       const char *zone, const char *type)
{
	for (size_t i = 0; i < f->nr_rows; i++)
		if (f->rows[i].node == node && !strcmp(f->rows[i].zone, zone) &&
		    !strcmp(f->rows[i].type, type ? type : ""))
			return &f->rows[i];
	return NULL;
}

const struct procfs_block_row *procfs_blocks_find(const struct procfs_free *f, int node,
						  const char *zone)
{
	for (size_t i = 0; i < f->nr_block_rows; i++)
		if (f->block_rows[i].node == node && !strcmp(f->block_rows[i].zone, zone))
			return &f->block_rows[i];
	return NULL;
}

int procfs_type_index(const struct procfs_free *f, const char *name)
{
	for (int i = 0; i < f->nr_types; i++)
		if (!strcmp(f->types[i], name))
			return i;
	return -1;
}

/* The line after @l, or NULL at the end of the text */
static const char *next_line(const char *l)
{
	l = strchr(l, '\n');
	return l ? l + 1 : NULL;
}

long procfs_zoneinfo_pcp(const char *text, int node, const char *zone)
{
	bool in_zone = false, seen = false;
	long sum = 0;

	for (const char *l = text; l && *l; l = next_line(l)) {
		char name[PROCFS_NAME];
		unsigned long n;
		int nid;

		if (sscanf(l, "Node %d, zone %23s", &nid, name) == 2) {
			in_zone = nid == node && !strcmp(name, zone);
			seen |= in_zone;
		} else if (in_zone && sscanf(l, " count: %lu", &n) == 1) {
			sum += (long)n;
		}
	}
	return seen ? sum : -1;
}

int procfs_slabinfo_find(const char *text, const char *name, unsigned int *objperslab,
			 unsigned int *pagesperslab)
{
	size_t len = strlen(name);

	for (const char *l = text; l && *l; l = next_line(l)) {
		unsigned long active, num, size;

		if (strncmp(l, name, len) || (l[len] != ' ' && l[len] != '\t'))
			continue;
		if (sscanf(l + len, "%lu %lu %lu %u %u", &active, &num, &size, objperslab,
			   pagesperslab) == 5)
			return 0;
		return -EINVAL;
	}
	return -ENOENT;
}

int procfs_vmstat_find(const char *text, const char *key, unsigned long long *value)
{
	size_t len = strlen(key);

	for (const char *l = text; l && *l; l = next_line(l))
		if (!strncmp(l, key, len) && l[len] == ' ')
			return sscanf(l + len, "%llu", value) == 1 ? 0 : -EINVAL;
	return -ENOENT;
}
