// SPDX-License-Identifier: GPL-2.0
/*
 * Event counters (perf_counters.h): the only perf_event_open calls of the program.
 *
 * A group is opened with its first event as leader, disabled, and the others attached to it, so
 * the kernel schedules them onto the PMU together and their counts cover the same instants.
 * Starting resets and enables the leader with PERF_IOC_FLAG_GROUP; stopping disables it the same
 * way and reads every count in one read() (PERF_FORMAT_GROUP). When the PMU is shared with more
 * events than it has counters, the kernel rotates groups; the read then says for how long the
 * group was enabled and for how long it really counted, and the counts are scaled up by the
 * ratio, as perf stat does. A group that never counted gives -ENODATA rather than zeros.
 */
#define _GNU_SOURCE /* strerrorname_np */
#include <errno.h>
#include <linux/perf_event.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "perf_counters.h"

#define HW_CACHE(cache, op, result) \
	((cache) | (PERF_COUNT_HW_CACHE_OP_##op << 8) | (PERF_COUNT_HW_CACHE_RESULT_##result << 16))

const struct perf_event_desc perf_dtlb_read[2] = {
	{ "dTLB-loads", PERF_TYPE_HW_CACHE, HW_CACHE(PERF_COUNT_HW_CACHE_DTLB, READ, ACCESS) },
	{ "dTLB-load-misses", PERF_TYPE_HW_CACHE, HW_CACHE(PERF_COUNT_HW_CACHE_DTLB, READ, MISS) },
};

const struct perf_event_desc perf_sw_clock_faults[2] = {
	{ "task-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK },
	{ "page-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS },
};

/**
 * perf_describe_error - why counters are missing, for a result file
 * @err: a -errno from perf_group_open() or perf_group_stop()
 * @buf: receives "not supported here (ENOENT)" for the errors that mean the host has no such
 *       counters for us (ENOENT, ENODEV, EOPNOTSUPP, EACCES, EPERM), "never scheduled
 *       (ENODATA)" for a group that counted nothing, else "failed (ENAME: message)"
 * @size: size of @buf
 */
/*
 * The errors of perf_event_open that mean this host has no such counter for us: no PMU (most
 * VMs: ENOENT, ENODEV), a PMU without the event (EOPNOTSUPP), perf_event_paranoid (EACCES,
 * EPERM). The caller then measures time alone.
 */
static bool no_counter_here(int err)
{
	return err == -ENOENT || err == -ENODEV || err == -EOPNOTSUPP || err == -EACCES ||
	       err == -EPERM;
}

void perf_describe_error(int err, char *buf, size_t size)
{
	const char *name = strerrorname_np(-err);

	if (no_counter_here(err))
		snprintf(buf, size, "not supported here (%s)", name);
	else if (err == -ENODATA)
		snprintf(buf, size, "never scheduled (%s)", name);
	else if (name)
		snprintf(buf, size, "failed (%s: %s)", name, strerror(-err));
	else
		snprintf(buf, size, "failed (errno %d)", -err);
}

/**
 * perf_group_open - open @events as one group counting the calling thread in user space
 * @g: the group; closed and with a reason on failure
 * @events: the events, the first one leading
 * @nr: 1 to PERF_GROUP_MAX
 *
 * Return: 0, or -errno with @g->reason saying why (perf_describe_error()).
 */
int perf_group_open(struct perf_group *g, const struct perf_event_desc *events, unsigned int nr)
{
	int err = 0;

	g->nr = 0;
	g->reason[0] = '\0';
	for (unsigned int i = 0; i < PERF_GROUP_MAX; i++)
		g->fd[i] = -1;
	if (!nr || nr > PERF_GROUP_MAX)
		err = -EINVAL;
	for (unsigned int i = 0; i < nr && !err; i++) {
		struct perf_event_attr attr = {
			.type = events[i].type,
			.size = sizeof(attr),
			.config = events[i].config,
			.disabled = i == 0,
			.exclude_kernel = 1,
			.exclude_hv = 1,
			.read_format = PERF_FORMAT_GROUP | PERF_FORMAT_TOTAL_TIME_ENABLED |
				       PERF_FORMAT_TOTAL_TIME_RUNNING,
		};
		long fd =
			syscall(SYS_perf_event_open, &attr, 0, -1, g->fd[0], PERF_FLAG_FD_CLOEXEC);

		if (fd < 0)
			err = -errno;
		else
			g->fd[g->nr++] = (int)fd;
	}
	if (err) {
		perf_group_close(g);
		perf_describe_error(err, g->reason, sizeof(g->reason));
	}
	return err;
}

/**
 * perf_group_close - close the group's events (an unopened or closed group is fine too)
 * @g: the group
 */
void perf_group_close(struct perf_group *g)
{
	while (g->nr)
		close(g->fd[--g->nr]);
	for (unsigned int i = 0; i < PERF_GROUP_MAX; i++)
		g->fd[i] = -1;
}

/**
 * perf_group_start - zero the counts and start counting
 * @g: an open group
 *
 * Return: 0 or -errno.
 */
int perf_group_start(struct perf_group *g)
{
	if (ioctl(g->fd[0], PERF_EVENT_IOC_RESET, PERF_IOC_FLAG_GROUP) ||
	    ioctl(g->fd[0], PERF_EVENT_IOC_ENABLE, PERF_IOC_FLAG_GROUP))
		return -errno;
	return 0;
}

/**
 * perf_group_stop - stop counting and read the counts since perf_group_start()
 * @g: an open group
 * @counts: receives one count per event, in the order opened, scaled for the time the group
 *          was not on the PMU
 *
 * Return: 0, -ENODATA when the group never got onto the PMU, or another -errno.
 */
int perf_group_stop(struct perf_group *g, uint64_t *counts)
{
	/* PERF_FORMAT_GROUP with both times: nr, time_enabled, time_running, values[nr] */
	uint64_t buf[3 + PERF_GROUP_MAX];
	ssize_t want = (ssize_t)((3 + g->nr) * sizeof(buf[0])), got;
	double scale;

	if (ioctl(g->fd[0], PERF_EVENT_IOC_DISABLE, PERF_IOC_FLAG_GROUP))
		return -errno;
	got = read(g->fd[0], buf, sizeof(buf));
	if (got != want)
		return got < 0 ? -errno : -EIO;
	if (!buf[2])
		return -ENODATA;
	scale = (double)buf[1] / (double)buf[2];
	for (unsigned int i = 0; i < g->nr; i++)
		counts[i] = (uint64_t)((double)buf[3 + i] * scale + 0.5);
	return 0;
}

/**
 * perf_counters_probe - whether the CPU cycle counter opens here, for meta.csv
 *
 * Return: "available", or "not supported (ERRNO)" as SCHEMA.md documents it (the error's name
 * where no_counter_here(), its message otherwise), in a buffer the next call reuses.
 */
const char *perf_counters_probe(void)
{
	static const struct perf_event_desc cycles = { "cycles", PERF_TYPE_HARDWARE,
						       PERF_COUNT_HW_CPU_CYCLES };
	static char buf[96];
	struct perf_group g;
	int err = perf_group_open(&g, &cycles, 1);

	if (!err) {
		perf_group_close(&g);
		return "available";
	}
	snprintf(buf, sizeof(buf), "not supported (%s)",
		 no_counter_here(err) ? strerrorname_np(-err) : strerror(-err));
	return buf;
}
