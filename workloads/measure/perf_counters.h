/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hardware event counters around a measured region, through perf_event_open: a group of events
 * counted together for the calling thread, user space only, enabled and disabled as one. Many
 * hosts have no counters to give (a VM without a virtual PMU answers ENOENT or ENODEV, a PMU
 * without the event EOPNOTSUPP, perf_event_paranoid EACCES or EPERM); then opening fails with a
 * reason to print in place of the counts, and the caller measures time alone.
 */
#ifndef _KMEM_WORKLOADS_PERF_COUNTERS_H
#define _KMEM_WORKLOADS_PERF_COUNTERS_H

#include <stddef.h>
#include <stdint.h>

#define PERF_GROUP_MAX 4

/* One event: perf_event_attr's type (PERF_TYPE_*) and config */
struct perf_event_desc {
	const char *name; /* as perf(1) lists it: "dTLB-loads" */
	uint32_t type;
	uint64_t config;
};

/* The data TLB, read accesses: dTLB-loads and dTLB-load-misses, in that order */
extern const struct perf_event_desc perf_dtlb_read[2];
/* Two software events (task-clock, page-faults), which hosts without a PMU count too */
extern const struct perf_event_desc perf_sw_clock_faults[2];

struct perf_group {
	int fd[PERF_GROUP_MAX]; /* fd[0] leads the group; -1 when not open */
	unsigned int nr;
	char reason[96]; /* why the group is not open, "" when it is */
};

int perf_group_open(struct perf_group *g, const struct perf_event_desc *events, unsigned int nr);
void perf_group_close(struct perf_group *g);
int perf_group_start(struct perf_group *g);
int perf_group_stop(struct perf_group *g, uint64_t *counts);
void perf_describe_error(int err, char *buf, size_t size);
const char *perf_counters_probe(void);

#endif
