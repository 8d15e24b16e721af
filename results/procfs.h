/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Readers of the text of /proc/buddyinfo and /proc/pagetypeinfo, as a capture bundle keeps them
 * (before.X, after.X) and as the model prints them: free blocks per node, zone and order, and in
 * pagetypeinfo also per migratetype, with the count of pageblocks of each type. The orders and
 * types are those the file has (an arch with another MAX_PAGE_ORDER, a kernel with CMA), up to
 * the limits below.
 */
#ifndef _KMEM_RESULTS_PROCFS_H
#define _KMEM_RESULTS_PROCFS_H

#include <stddef.h>

enum { PROCFS_MAX_ORDERS = 16, PROCFS_MAX_TYPES = 8, PROCFS_NAME = 24 };

/* One line of buddyinfo, or of pagetypeinfo's free counts (then with its type) */
struct procfs_free_row {
	int node;
	char zone[PROCFS_NAME];
	char type[PROCFS_NAME]; /* "" in buddyinfo */
	unsigned long blocks[PROCFS_MAX_ORDERS];
};

/* One line of pagetypeinfo's "Number of blocks type": pageblocks by type, as types[] names them */
struct procfs_block_row {
	int node;
	char zone[PROCFS_NAME];
	unsigned long count[PROCFS_MAX_TYPES];
};

struct procfs_free {
	int nr_orders; /* columns of each row */
	size_t nr_rows;
	struct procfs_free_row *rows;
	/* pagetypeinfo only */
	unsigned int block_order;
	int nr_types;
	char types[PROCFS_MAX_TYPES][PROCFS_NAME]; /* the "Number of blocks type" header */
	size_t nr_block_rows;
	struct procfs_block_row *block_rows;
	/* why the parse failed: "line N: ...", without newline */
	char error[160];
};

/**
 * procfs_parse_buddyinfo - read /proc/buddyinfo text
 * @text: NUL-terminated
 * @out: filled in; procfs_free_release() frees it, also after a failure
 *
 * Lines "Node N, zone NAME C0 C1 ...": every line the same number of orders.
 * Return: 0, or -EINVAL (a malformed line, none at all) or -ENOMEM with @out->error set.
 */
int procfs_parse_buddyinfo(const char *text, struct procfs_free *out);

/**
 * procfs_parse_pagetypeinfo - read /proc/pagetypeinfo text
 * @text: NUL-terminated
 * @out: filled in; procfs_free_release() frees it, also after a failure
 *
 * "Page block order: N", the free counts "Node N, zone NAME, type TYPE C0 C1 ...", and the
 * table under "Number of blocks type T1 T2 ...". Lines of other sections are passed over.
 * Return: as procfs_parse_buddyinfo(); the page block order and both tables are required.
 */
int procfs_parse_pagetypeinfo(const char *text, struct procfs_free *out);

void procfs_free_release(struct procfs_free *f);

/* The row of (@node, @zone[, @type]) in @f, NULL when it has none; @type NULL for buddyinfo */
const struct procfs_free_row *procfs_free_find(const struct procfs_free *f, int node,
					       const char *zone, const char *type);
/* The pageblock counts of (@node, @zone), NULL when pagetypeinfo has none */
const struct procfs_block_row *procfs_blocks_find(const struct procfs_free *f, int node,
						  const char *zone);
/* The index of type @name in @f->types, or -1 */
int procfs_type_index(const struct procfs_free *f, const char *name);

/*
 * procfs_zoneinfo_pcp - pages on the per-CPU lists of (@node, @zone) in /proc/zoneinfo text
 * @text: NUL-terminated
 * Return: the sum of the zone's pagesets' "count:" lines, or -1 when zoneinfo has no such zone.
 */
long procfs_zoneinfo_pcp(const char *text, int node, const char *zone);

/**
 * procfs_slabinfo_find - a cache's slab geometry in /proc/slabinfo text (version 2.1: "name
 * active_objs num_objs objsize objperslab pagesperslab : tunables ... : slabdata ...")
 * @text: NUL-terminated
 * @name: the cache's name
 * @objperslab: receives objects per slab
 * @pagesperslab: receives pages per slab
 *
 * Return: 0, -ENOENT when no line names @name, -EINVAL when its line is malformed.
 */
int procfs_slabinfo_find(const char *text, const char *name, unsigned int *objperslab,
			 unsigned int *pagesperslab);

/* The value of @key in /proc/vmstat text ("KEY VALUE" lines): 0, -ENOENT, -EINVAL */
int procfs_vmstat_find(const char *text, const char *key, unsigned long long *value);

#endif
