// SPDX-License-Identifier: GPL-2.0
/*
 * The trace parser and the replay (workloads/trace/trace_parse.c, trace_replay.c): gfp names read
 * back, lines of every shape, the hand-written tests/data/small.trace with its exact counts and
 * messages, and the real trace tests/data/fs-tar-git.kmem.trace.gz, whose event counts are
 * derived here independently (zlib line by line, and the table of its README) and whose pairing
 * counts come from a separate script's analysis of the same file.
 */
#define _GNU_SOURCE /* open_memstream */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <linux/gfp.h>
#include <linux/mm.h>

#include "harness.h"
#include "workloads/trace/trace_parse.h"
#include "workloads/trace/trace_replay.h"
#include "workloads/workload.h"

#define SMALL	 KMEM_TEST_DATA "/small.trace"
#define SHARED	 KMEM_TEST_DATA "/fs-tar-git.kmem.trace.gz"
#define TRACECMD KMEM_TEST_DATA "/tracecmd.trace"
#define README	 KMEM_TEST_DATA "/fs-tar-git.README.md"

/* ---- helpers ---- */

static char tmp[PATH_MAX];

static void tmp_dir(void)
{
	const char *base = getenv("TMPDIR");

	snprintf(tmp, sizeof(tmp), "%s/kmem-trace-test.XXXXXX", base && *base ? base : "/tmp");
	ASSERT_NOT_NULL(mkdtemp(tmp));
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void tmp_remove(void)
{
	nftw(tmp, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

static const char *tmp_path(const char *name)
{
	static char path[2][PATH_MAX + 64];
	static int i;

	i ^= 1;
	snprintf(path[i], sizeof(path[i]), "%s/%s", tmp, name);
	return path[i];
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ASSERT_NOT_NULL(f);
	fputs(text, f);
	ASSERT_EQ(fclose(f), 0);
}

/* The whole file, NUL-terminated (freed by the caller) */
static char *read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long size;

	ASSERT_NOT_NULL(f);
	ASSERT_EQ(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	rewind(f);
	buf = malloc((size_t)size + 1);
	ASSERT_NOT_NULL(buf);
	ASSERT_EQ(fread(buf, 1, (size_t)size, f), (size_t)size);
	buf[size] = '\0';
	fclose(f);
	return buf;
}

/* Replays @path on the booted model; returns trace_replay()'s result */
static int replay(const char *path, struct replay_opts *o, struct replay_result *res, bool strict)
{
	struct trace_reader_opts ro = { .strict = strict };
	struct trace_reader *r = trace_open(path, &ro);
	int ret;

	ASSERT_NOT_NULL(r);
	ret = trace_replay(r, o, res);
	trace_close(r);
	return ret;
}

static void open_tables(struct replay_opts *o)
{
	o->tables.timeseries = result_table_open(tmp, &replay_timeseries_table);
	o->tables.caches = result_table_open(tmp, &replay_caches_table);
	o->tables.orders = result_table_open(tmp, &replay_orders_table);
	o->tables.failures = result_table_open(tmp, &replay_failures_table);
	ASSERT_TRUE(o->tables.timeseries && o->tables.caches && o->tables.orders &&
		    o->tables.failures);
}

static void close_tables(struct replay_opts *o)
{
	ASSERT_EQ(csv_close(o->tables.timeseries), 0);
	ASSERT_EQ(csv_close(o->tables.caches), 0);
	ASSERT_EQ(csv_close(o->tables.orders), 0);
	ASSERT_EQ(csv_close(o->tables.failures), 0);
	memset(&o->tables, 0, sizeof(o->tables));
}

static const char *summary(const struct replay_result *res)
{
	static char *buf;
	size_t size;
	FILE *m;

	free(buf);
	m = open_memstream(&buf, &size);
	replay_print_summary(m, res);
	fclose(m);
	return buf;
}

/*
 * The whole shared trace takes seconds under ThreadSanitizer: there only the replay that runs
 * threads (shared_trace_per_cpu) reads it; the single-threaded ones run in the other variants.
 */
static bool single_threaded_is_skipped(void)
{
#ifdef __SANITIZE_THREAD__
	printf("    (skipped under ThreadSanitizer: no threads to check)\n");
	return true;
#else
	return false;
#endif
}

/* ---- gfp flags ---- */

TEST(gfp_every_name)
{
#define N(f)          \
	{             \
#f, f \
	}
	static const struct {
		const char *name;
		gfp_t mask;
	} names[] = {
		N(__GFP_DMA),
		N(__GFP_HIGHMEM),
		N(__GFP_DMA32),
		N(__GFP_MOVABLE),
		N(__GFP_RECLAIMABLE),
		N(__GFP_WRITE),
		N(__GFP_HARDWALL),
		N(__GFP_THISNODE),
		N(__GFP_ACCOUNT),
		N(__GFP_HIGH),
		N(__GFP_MEMALLOC),
		N(__GFP_NOMEMALLOC),
		N(__GFP_IO),
		N(__GFP_FS),
		N(__GFP_DIRECT_RECLAIM),
		N(__GFP_KSWAPD_RECLAIM),
		N(__GFP_RECLAIM),
		N(__GFP_RETRY_MAYFAIL),
		N(__GFP_NOFAIL),
		N(__GFP_NORETRY),
		N(__GFP_NOWARN),
		N(__GFP_COMP),
		N(__GFP_ZERO),
		N(__GFP_NOLOCKDEP),
		N(__GFP_SKIP_KASAN),
		N(__GFP_SKIP_ZERO),
		N(__GFP_ZEROTAGS),
		N(__GFP_NO_OBJ_EXT),
		N(__GFP_COLD),
		N(__GFP_WAIT),
		N(__GFP_REPEAT),
		N(GFP_ATOMIC),
		N(GFP_NOWAIT),
		N(GFP_NOIO),
		N(GFP_NOFS),
		N(GFP_KERNEL),
		N(GFP_KERNEL_ACCOUNT),
		N(GFP_USER),
		N(GFP_HIGHUSER),
		N(GFP_HIGHUSER_MOVABLE),
		N(GFP_DMA),
		N(GFP_DMA32),
		N(GFP_TRANSHUGE),
		N(GFP_TRANSHUGE_LIGHT),
		N(GFP_TEMPORARY),
	};
#undef N
	char unknown[32];
	unsigned int gfp;

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (kmem_parse_gfp(names[i].name, strlen(names[i].name), &gfp, unknown,
				   sizeof(unknown)))
			FAIL("%s not read: unknown '%s'", names[i].name, unknown);
		if (gfp != names[i].mask)
			FAIL("%s read as %#x, not %#x", names[i].name, gfp, names[i].mask);
		ASSERT_STREQ(unknown, "");
	}
}

TEST(gfp_forms)
{
	char unknown[32];
	unsigned int gfp;

#define PARSE(s) kmem_parse_gfp(s, strlen(s), &gfp, unknown, sizeof(unknown))
	ASSERT_EQ(PARSE("GFP_KERNEL|__GFP_ZERO"), 0);
	ASSERT_EQ(gfp, GFP_KERNEL | __GFP_ZERO);
	ASSERT_EQ(PARSE("0x400cc0"), 0);
	ASSERT_EQ(gfp, 0x400cc0u);
	ASSERT_EQ(PARSE("GFP_NOFS|0x200"), 0); /* leftover bits, as show_gfp_flags prints them */
	ASSERT_EQ(gfp, GFP_NOFS | 0x200u);
	ASSERT_EQ(PARSE("none"), 0);
	ASSERT_EQ(gfp, 0u);
	ASSERT_EQ(PARSE("GFP_KERNEL|__GFP_FOO|__GFP_BAR"), 1);
	ASSERT_STREQ(unknown, "__GFP_FOO");
	ASSERT_EQ(gfp, GFP_KERNEL);
	ASSERT_EQ(PARSE(""), -EINVAL);
	ASSERT_EQ(PARSE("GFP_KERNEL|"), -EINVAL);
	ASSERT_EQ(PARSE("GFP_KERNEL||__GFP_ZERO"), -EINVAL);
	ASSERT_EQ(PARSE("0xZZ"), -EINVAL);
	ASSERT_EQ(PARSE("0x123456789"), -EINVAL);
	ASSERT_EQ(PARSE("GFP KERNEL"), -EINVAL);
	ASSERT_EQ(PARSE("4096"), -EINVAL);
	/* 6.8+: GFP_NOWAIT is __GFP_KSWAPD_RECLAIM|__GFP_NOWARN, and prints as one name */
	ASSERT_EQ(PARSE("GFP_NOWAIT"), 0);
	ASSERT_EQ(gfp, 0x2800u);
	/* length-bounded: the rest of the line is not read */
	ASSERT_EQ(kmem_parse_gfp("GFP_KERNEL node=-1", 10, &gfp, NULL, 0), 0);
	ASSERT_EQ(gfp, GFP_KERNEL);
#undef PARSE
}

/* Every single bit, and a few masks, print and read back as themselves */
TEST(gfp_round_trip)
{
	static const gfp_t masks[] = { GFP_KERNEL | __GFP_ZERO | __GFP_COMP, GFP_TRANSHUGE,
				       GFP_NOFS | __GFP_NOFAIL | __GFP_ACCOUNT,
				       GFP_ATOMIC | 0x200 };
	char buf[256];
	unsigned int gfp;

	for (unsigned int b = 0; b < __GFP_BITS_SHIFT; b++) {
		kmem_format_gfp(1u << b, buf, sizeof(buf));
		ASSERT_EQ(kmem_parse_gfp(buf, strlen(buf), &gfp, NULL, 0), 0);
		ASSERT_EQ(gfp, 1u << b);
	}
	for (size_t i = 0; i < ARRAY_SIZE(masks); i++) {
		kmem_format_gfp(masks[i], buf, sizeof(buf));
		ASSERT_EQ(kmem_parse_gfp(buf, strlen(buf), &gfp, NULL, 0), 0);
		ASSERT_EQ(gfp, masks[i]);
	}
	/* as 6.18's show_gfp_flags(): GFP_NOWAIT includes __GFP_NOWARN */
	kmem_format_gfp(__GFP_KSWAPD_RECLAIM | __GFP_NOWARN, buf, sizeof(buf));
	ASSERT_STREQ(buf, "GFP_NOWAIT");
	kmem_format_gfp(__GFP_KSWAPD_RECLAIM, buf, sizeof(buf));
	ASSERT_STREQ(buf, "__GFP_KSWAPD_RECLAIM");
}

/* ---- lines ---- */

static enum trace_line_kind parse(struct trace_parser *p, const char *line, struct trace_event *ev,
				  char *msg)
{
	return trace_parse_line(p, line, strlen(line), ev, msg, 256);
}

TEST(line_shapes)
{
	static struct trace_parser p;
	struct trace_event ev;
	char msg[256];

	trace_parser_init(&p);
	ASSERT_EQ(parse(&p,
			"            bash-2394    [001] .....  3095.508947: kmalloc: "
			"call_site=__get_vm_area_node+0x80/0x140 ptr=000000006dbb575a bytes_req=72 "
			"bytes_alloc=96 gfp_flags=GFP_KERNEL|__GFP_ZERO node=-1 accounted=false",
			&ev, msg),
		  TRACE_LINE_EVENT);
	ASSERT_EQ(ev.type, TRACE_KMALLOC);
	ASSERT_EQ(ev.cpu, 1);
	ASSERT_EQ(ev.pid, 2394);
	ASSERT_EQ(ev.ts_ns, 3095508947000ULL);
	ASSERT_EQ(ev.ptr, 0x6dbb575aULL);
	ASSERT_EQ(ev.bytes_req, 72ULL);
	ASSERT_EQ(ev.bytes_alloc, 96ULL);
	ASSERT_EQ(ev.gfp, GFP_KERNEL | __GFP_ZERO);
	ASSERT_EQ(ev.node, -1);
	ASSERT_STREQ(msg, "");

	/* the tgid column, no irq-info column, ns timestamps, a task name with blanks */
	ASSERT_EQ(parse(&p, "Web Content-a-1234 (   1200) [003] 12.000000001: kfree: ptr=(null)",
			&ev, msg),
		  TRACE_LINE_EVENT);
	ASSERT_EQ(ev.type, TRACE_KFREE);
	ASSERT_EQ(ev.pid, 1234);
	ASSERT_EQ(ev.cpu, 3);
	ASSERT_EQ(ev.ts_ns, 12000000001ULL);
	ASSERT_EQ(ev.ptr, 0ULL);

	/* brackets in a task name; old kernels' decimal pfn; CRLF */
	ASSERT_EQ(parse(&p,
			"kworker/[x]-77 [000] d..2. 5.5: mm_page_alloc: page=(null) pfn=4096 "
			"order=3 migratetype=2 gfp_flags=GFP_HIGHUSER_MOVABLE\r",
			&ev, msg),
		  TRACE_LINE_EVENT);
	ASSERT_EQ(ev.type, TRACE_PAGE_ALLOC);
	ASSERT_EQ(ev.pid, 77);
	ASSERT_EQ(ev.pfn, 4096ULL);
	ASSERT_EQ(ev.page, 0ULL); /* a failed allocation */
	ASSERT_EQ(ev.order, 3u);
	ASSERT_EQ(ev.migratetype, 2);

	ASSERT_EQ(parse(&p,
			"cp-1 [000] ..... 1.0: kmem_cache_alloc: ptr=00000000000000aa name=dentry "
			"bytes_req=192 bytes_alloc=192 gfp_flags=0x400cc0",
			&ev, msg),
		  TRACE_LINE_EVENT);
	ASSERT_EQ(ev.name_len, 6u);
	ASSERT_TRUE(!memcmp(ev.name, "dentry", 6));
	ASSERT_EQ(ev.gfp, 0x400cc0u);

	ASSERT_EQ(parse(&p, "<idle>-0 [001] d.h2. 7.0: sched_switch: prev_comm=x prev_pid=0", &ev,
			msg),
		  TRACE_LINE_EVENT);
	ASSERT_EQ(ev.type, TRACE_OTHER);
	ASSERT_EQ(ev.event_len, 12u);

	ASSERT_EQ(parse(&p, "# tracer: nop", &ev, msg), TRACE_LINE_COMMENT);
	ASSERT_EQ(parse(&p, "   ", &ev, msg), TRACE_LINE_COMMENT);
	ASSERT_EQ(parse(&p, "##### CPU 1 buffer started ####", &ev, msg), TRACE_LINE_COMMENT);
	ASSERT_EQ(parse(&p, "CPU:7 [LOST 123456 EVENTS]", &ev, msg), TRACE_LINE_LOST);
	ASSERT_EQ(ev.cpu, 7);
	ASSERT_EQ(ev.lost, 123456ULL);
}

TEST(line_malformed)
{
	static const struct {
		const char *line, *reason;
	} bad[] = {
		{ "CPU:1 [LOST many EVENTS]", "a CPU: line that is not 'CPU:N [LOST M EVENTS]'" },
		{ "bash-1 000 1.0: kfree: ptr=1", "no [CPU] field" },
		{ "bash [000] ..... 1.0: kfree: ptr=1", "no TASK-PID before the CPU field" },
		{ "bash-1 [000] ..... 1.0 kfree: ptr=1", "no timestamp after the CPU field" },
		{ "bash-1 [000] ..... 1.x: kfree: ptr=1", "no timestamp after the CPU field" },
		{ "bash-1 [000] 1.0: : ptr=1", "no event name after the timestamp" },
		{ "bash-1 [000] 1.0: kfree: ptr=xyz", "kfree: bad value in 'ptr=xyz'" },
		{ "bash-1 [000] 1.0: kfree: call_site=x",
		  "kfree: no ptr= field (a truncated line?)" },
		{ "bash-1 [000] 1.0: kfree: ptr", "kfree: 'ptr' is not KEY=VALUE" },
		{ "bash-1 [000] 1.0: mm_page_free: pfn=0x10 order=64", "mm_page_free: bad value in "
								       "'order=64'" },
		{ "bash-1 [000] 1.0: mm_page_alloc: pfn=0x10 order=1 gfp_flags=GFP_KERNEL||x",
		  "mm_page_alloc: bad value in 'gfp_flags=GFP_KERNEL||x'" },
		{ "bash-1 [000] 1.0: kmalloc: ptr=1 bytes_req=99999999999999999999 bytes_alloc=1 "
		  "gfp_flags=none",
		  "kmalloc: bad value in 'bytes_req=99999999999999999999'" },
		{ "bash-1 [000] 1.0: kmalloc: ptr=1 bytes_req=18446744073709551616 bytes_alloc=1 "
		  "gfp_flags=none",
		  "kmalloc: bad value in 'bytes_req=18446744073709551616'" },
		/* an object smaller than asked for: the wasted share would wrap */
		{ "bash-1 [000] 1.0: kmalloc: ptr=1 bytes_req=100 bytes_alloc=96 gfp_flags=none",
		  "kmalloc: bytes_req=100 is more than bytes_alloc=96" },
		{ "bash-1 [000] 1.0: kmem_cache_alloc: ptr=1 name=c bytes_alloc=8 bytes_req=9 "
		  "gfp_flags=none",
		  "kmem_cache_alloc: bytes_req=9 is more than bytes_alloc=8" },
		{ "CPU:1 [LOST 18446744073709551616 EVENTS]",
		  "a CPU: line that is not 'CPU:N [LOST M EVENTS]'" },
		{ "CPU:1 [LOST -1 EVENTS]", "a CPU: line that is not 'CPU:N [LOST M EVENTS]'" },
		{ "CPU:1 [LOST 5 EVENTS] x", "a CPU: line that is not 'CPU:N [LOST M EVENTS]'" },
		{ "CPU:1 [LOST EVENTS DROPPED]",
		  "a CPU: line that is not 'CPU:N [LOST M EVENTS]'" },
		{ "cpus=four", "no [CPU] field" },
		{ "CPU 1 is empty.", "no [CPU] field" },
	};
	static struct trace_parser p;
	struct trace_event ev;
	char msg[256];

	trace_parser_init(&p);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		if (parse(&p, bad[i].line, &ev, msg) != TRACE_LINE_BAD)
			FAIL("accepted: %s", bad[i].line);
		ASSERT_STREQ(msg, bad[i].reason);
	}
}

TEST(unknown_gfp_warned_once)
{
	static struct trace_parser p;
	struct trace_event ev;
	char msg[256];
	const char *line = "a-1 [000] 1.0: mm_page_alloc: pfn=0x10 order=0 gfp_flags=GFP_KERNEL|"
			   "__GFP_NEW";

	trace_parser_init(&p);
	ASSERT_EQ(parse(&p, line, &ev, msg), TRACE_LINE_EVENT);
	ASSERT_STREQ(msg, "unknown gfp flag '__GFP_NEW' in gfp_flags (left out)");
	ASSERT_TRUE(ev.gfp_unknown);
	ASSERT_EQ(ev.gfp, GFP_KERNEL);
	ASSERT_EQ(parse(&p, line, &ev, msg), TRACE_LINE_EVENT);
	ASSERT_STREQ(msg, "");
	ASSERT_TRUE(ev.gfp_unknown);
}

/*
 * Values at their limits: the full u64 range, the lost-events forms of tracefs and trace-cmd,
 * trace-cmd report's header lines, and the one failed allocation whose bytes_req may exceed
 * bytes_alloc (kmalloc(SIZE_MAX) traces PAGE_SIZE << get_order(SIZE_MAX), which wraps to 0).
 */
TEST(line_limits)
{
	static const char *const headers[] = { "version = 6", "cpus=4", "CPU 0 is empty",
					       "CPU 17 is empty\r" };
	static struct trace_parser p;
	struct trace_event ev;
	char msg[256];

	trace_parser_init(&p);
	ASSERT_EQ(parse(&p, "CPU:3 [LOST 18446744073709551615 EVENTS]", &ev, msg), TRACE_LINE_LOST);
	ASSERT_EQ(ev.cpu, 3);
	ASSERT_EQ(ev.lost, UINT64_MAX);
	ASSERT_FALSE(ev.lost_unknown);
	ASSERT_EQ(parse(&p, "CPU:2 [LOST EVENTS]", &ev, msg), TRACE_LINE_LOST);
	ASSERT_EQ(ev.cpu, 2);
	ASSERT_EQ(ev.lost, 0ULL);
	ASSERT_TRUE(ev.lost_unknown);
	ASSERT_EQ(parse(&p, "CPU:1 [123 EVENTS DROPPED]", &ev, msg), TRACE_LINE_LOST);
	ASSERT_EQ(ev.cpu, 1);
	ASSERT_EQ(ev.lost, 123ULL);
	ASSERT_FALSE(ev.lost_unknown);
	ASSERT_EQ(parse(&p, "CPU:0 [EVENTS DROPPED]", &ev, msg), TRACE_LINE_LOST);
	ASSERT_TRUE(ev.lost_unknown);
	for (size_t i = 0; i < ARRAY_SIZE(headers); i++)
		if (parse(&p, headers[i], &ev, msg) != TRACE_LINE_COMMENT)
			FAIL("not taken as a header: '%s' (%s)", headers[i], msg);

	ASSERT_EQ(
		parse(&p,
		      "t-1 [000] 1.0: kmalloc: ptr=0000000000000000 bytes_req=18446744073709551615 "
		      "bytes_alloc=0 gfp_flags=GFP_KERNEL",
		      &ev, msg),
		TRACE_LINE_EVENT);
	ASSERT_EQ(ev.bytes_req, UINT64_MAX);
	ASSERT_EQ(ev.ptr, 0ULL);
	ASSERT_EQ(parse(&p,
			"t-1 [000] 1.0: kmalloc: ptr=1 bytes_req=8 bytes_alloc=8 "
			"gfp_flags=GFP_KERNEL",
			&ev, msg),
		  TRACE_LINE_EVENT);
}

/* ---- the reader ---- */

TEST(reader_edges)
{
	char *line = malloc(70001);
	struct trace_reader *r;
	struct trace_event ev;
	const char *out;
	gzFile gz;
	char *text;
	FILE *f;
	int fd, saved, ret;

	tmp_dir();
	/* a line too long to keep, then a last line without its newline */
	memset(line, 'x', 70000);
	line[70000] = '\0';
	f = fopen(tmp_path("long.trace"), "w");
	ASSERT_NOT_NULL(f);
	fprintf(f, "# header\n%s\nt-1 [000] 1.0: kfree: ptr=10", line);
	fclose(f);
	free(line);
	harness_capture_begin();
	r = trace_open(tmp_path("long.trace"), NULL);
	ASSERT_EQ(trace_next(r, &ev), 1);
	ASSERT_EQ(trace_line_no(r), 3ul);
	ASSERT_EQ(ev.ptr, 0x10ULL);
	ASSERT_EQ(trace_next(r, &ev), 0);
	ASSERT_EQ(trace_reader_stats(r)->malformed, 1ULL);
	trace_close(r);
	out = harness_capture_end();
	ASSERT_CONTAINS(out, "long.trace:2: line longer than 65536 bytes (skipped)");

	/* gzip cut short: the events before the cut are read, then an error */
	text = read_text(SMALL);
	gz = gzopen(tmp_path("cut.trace.gz"), "wb");
	for (int i = 0; i < 200; i++)
		gzputs(gz, text);
	gzclose(gz);
	free(text);
	ASSERT_EQ(truncate(tmp_path("cut.trace.gz"), 600), 0);
	harness_capture_begin();
	r = trace_open(tmp_path("cut.trace.gz"), NULL);
	while ((ret = trace_next(r, &ev)) > 0)
		;
	trace_close(r);
	out = harness_capture_end();
	ASSERT_EQ(ret, -EIO);
	ASSERT_CONTAINS(out, "cut.trace.gz: read error after line ");

	/* stdin */
	saved = dup(STDIN_FILENO);
	fd = open(SMALL, O_RDONLY);
	ASSERT_TRUE(saved >= 0 && fd >= 0);
	dup2(fd, STDIN_FILENO);
	close(fd);
	r = trace_open("-", &(struct trace_reader_opts){ .quiet = true });
	while (trace_next(r, &ev) > 0)
		;
	ASSERT_STREQ(trace_name(r), "<stdin>");
	ASSERT_EQ(trace_reader_stats(r)->events, 17ULL);
	trace_close(r);
	dup2(saved, STDIN_FILENO);
	close(saved);

	harness_capture_begin();
	ASSERT_NULL(trace_open(tmp_path("missing.trace"), NULL));
	ASSERT_CONTAINS(harness_capture_end(), "missing.trace: cannot open: No such file");
	tmp_remove();
}

/* @path's events and what the reader said, read with @opts */
static int read_all(const char *path, const struct trace_reader_opts *opts, struct trace_stats *st,
		    const char **out)
{
	struct trace_reader *r;
	struct trace_event ev;
	int ret;

	harness_capture_begin();
	r = trace_open(path, opts);
	ASSERT_NOT_NULL(r);
	while ((ret = trace_next(r, &ev)) > 0)
		;
	*st = *trace_reader_stats(r);
	trace_close(r);
	*out = harness_capture_end();
	return ret;
}

/* Lost-event counts up to 2^64 - 1 are reported as such; their sum saturates */
TEST(reader_lost_counts)
{
	struct trace_stats st;
	const char *out;

	tmp_dir();
	write_text(tmp_path("lost.trace"), "t-1 [000] 1.0: kfree: ptr=1\n"
					   "CPU:0 [LOST 18446744073709551615 EVENTS]\n"
					   "CPU:1 [LOST 5 EVENTS]\n"
					   "CPU:2 [LOST EVENTS]\n");
	ASSERT_EQ(read_all(tmp_path("lost.trace"), NULL, &st, &out), 0);
	ASSERT_EQ(st.malformed, 0ULL);
	ASSERT_EQ(st.lost_markers, 3ULL);
	ASSERT_EQ(st.lost_events, UINT64_MAX);
	ASSERT_CONTAINS(out, "lost.trace:2: CPU 0 lost 18446744073709551615 events: the trace is "
			     "incomplete here\n");
	ASSERT_CONTAINS(out, "lost.trace:3: CPU 1 lost 5 events");
	ASSERT_CONTAINS(out, "lost.trace:4: CPU 2 lost events (the trace does not say how many)");
	tmp_remove();
}

/*
 * tests/data/tracecmd.trace is `trace-cmd report` output: its header lines (version = 6,
 * CPU N is empty, cpus=4), its column layout and unhashed pointers, and its two forms of
 * dropped-events lines (lines 8 and 11).
 */
TEST(tracecmd_report)
{
	struct replay_opts o = { 0 };
	struct replay_result res;
	struct kmem_info info;
	const char *out;

	kmem_get_info(&info);
	harness_capture_begin();
	ASSERT_EQ(replay(TRACECMD, &o, &res, true), 0);
	out = harness_capture_end();
	ASSERT_EQ(res.trace.malformed, 0ULL);
	ASSERT_EQ(res.trace.comments, 4ULL);
	ASSERT_EQ(res.trace.events, 6ULL);
	ASSERT_EQ(res.trace.lost_markers, 2ULL);
	ASSERT_EQ(res.trace.lost_events, 3ULL);
	ASSERT_EQ(res.allocs, 3ULL);
	ASSERT_EQ(res.frees, 3ULL);
	ASSERT_EQ(res.errors, 0ULL);
	ASSERT_EQ(res.caches, 1ULL);
	ASSERT_CONTAINS(out, TRACECMD ":8: CPU 1 lost 3 events: the trace is incomplete here\n");
	ASSERT_CONTAINS(out, TRACECMD ":11: CPU 3 lost events (the trace does not say how many)");
	/* its CPUs go up to 3: on a model with fewer, folded, and said once */
	ASSERT_EQ(res.traced_cpus, 4);
	if (info.nr_cpus < 4)
		ASSERT_CONTAINS(out, ": the trace names CPU ");
	ASSERT_EQ(harness_count_lines(out), info.nr_cpus < 4 ? 3u : 2u);
}

/* Writes small.trace as a gzip member of @path, after what @path holds */
static void append_gzip_member(const char *path)
{
	char *text = read_text(SMALL);
	gzFile gz = gzopen(path, "ab");

	ASSERT_NOT_NULL(gz);
	ASSERT_EQ(gzputs(gz, text), (int)strlen(text));
	ASSERT_EQ(gzclose(gz), Z_OK);
	free(text);
}

/*
 * Gzip members one after the other (cat a.gz b.gz) are one stream, as gzip -d reads them;
 * anything else after the last member is a read error that says how many bytes are left over,
 * whether the trace comes from a file or a pipe.
 */
TEST(reader_gzip_members)
{
	struct trace_reader_opts quiet = { .quiet = true };
	struct trace_stats st;
	const char *out;
	struct stat sb;
	FILE *f;
	int saved, fd;

	tmp_dir();
	append_gzip_member(tmp_path("two.trace.gz"));
	append_gzip_member(tmp_path("two.trace.gz"));
	ASSERT_EQ(read_all(tmp_path("two.trace.gz"), &quiet, &st, &out), 0);
	ASSERT_EQ(st.events, 34ULL);
	ASSERT_EQ(st.malformed, 2ULL);
	ASSERT_EQ(st.lines, 2 * 27ULL);

	f = fopen(tmp_path("two.trace.gz"), "a");
	ASSERT_NOT_NULL(f);
	fputs("junk after the stream\n", f);
	ASSERT_EQ(fclose(f), 0);
	ASSERT_EQ(read_all(tmp_path("two.trace.gz"), NULL, &st, &out), -EIO);
	ASSERT_EQ(st.events, 34ULL);
	ASSERT_CONTAINS(out, "two.trace.gz: 22 bytes after the end of the gzip stream, and not "
			     "another gzip member");

	/* the same from a pipe, where the size is found by reading on */
	saved = dup(STDIN_FILENO);
	ASSERT_EQ(setenv("KMEM_TEST_GZ", tmp_path("two.trace.gz"), 1), 0);
	f = popen("cat -- \"$KMEM_TEST_GZ\"", "r");
	ASSERT_NOT_NULL(f);
	fd = fileno(f);
	ASSERT_TRUE(saved >= 0 && dup2(fd, STDIN_FILENO) == STDIN_FILENO);
	ASSERT_EQ(read_all("-", NULL, &st, &out), -EIO);
	dup2(saved, STDIN_FILENO);
	close(saved);
	pclose(f);
	unsetenv("KMEM_TEST_GZ");
	ASSERT_EQ(st.events, 34ULL);
	ASSERT_CONTAINS(out, "<stdin>: 22 bytes after the end of the gzip stream");

	/* the second member cut short: an error too, after the first member's events */
	ASSERT_EQ(stat(tmp_path("two.trace.gz"), &sb), 0);
	ASSERT_EQ(truncate(tmp_path("two.trace.gz"), sb.st_size - 22 - 10), 0);
	ASSERT_EQ(read_all(tmp_path("two.trace.gz"), NULL, &st, &out), -EIO);
	ASSERT_GE(st.events, 17ULL);
	ASSERT_CONTAINS(out, "two.trace.gz: read error after line ");
	ASSERT_CONTAINS(out, ": unexpected end of file\n");
	tmp_remove();
}

/* ---- small.trace ---- */

/*
 * small.trace, line by line: 7 allocations (lines 9-15: kmalloc, kmalloc_node with a hex mask,
 * two cache allocations of test_cache, one with an unknown gfp name, pages of order 0, 9, 0);
 * 16 LOST; frees: 17 a1 (paired), 18 ff (unmatched), 19 NULL (skipped), 20 b1 from another CPU
 * (paired), 21 pfn 0x1000 (paired), 22 its batched duplicate (skipped), 23 a batched free of
 * 0x3000 (paired), 24 pfn 0x9000 (unmatched); 25 truncated (error); 26 sched_switch (skipped);
 * 27 the order-9 block (paired). Live at the end: a2, b2.
 */
static void check_small(const struct replay_result *res)
{
	static const uint64_t by_type[TRACE_NR_TYPES] = {
		[TRACE_KMALLOC] = 1,
		[TRACE_KMALLOC_NODE] = 1,
		[TRACE_KFREE] = 3,
		[TRACE_CACHE_ALLOC] = 1,
		[TRACE_CACHE_ALLOC_NODE] = 1,
		[TRACE_CACHE_FREE] = 1,
		[TRACE_PAGE_ALLOC] = 3,
		[TRACE_PAGE_FREE] = 3,
		[TRACE_PAGE_FREE_BATCHED] = 2,
		[TRACE_OTHER] = 1,
	};

	for (int t = 0; t < TRACE_NR_TYPES; t++)
		ASSERT_EQ(res->trace.by_type[t], by_type[t]);
	ASSERT_EQ(res->trace.events, 17ULL);
	ASSERT_EQ(res->trace.malformed, 1ULL);
	ASSERT_EQ(res->trace.lost_markers, 1ULL);
	ASSERT_EQ(res->trace.lost_events, 42ULL);
	ASSERT_EQ(res->trace.unknown_gfp, 1ULL);
	ASSERT_EQ(res->allocs, 7ULL);
	ASSERT_EQ(res->frees, 5ULL);
	ASSERT_EQ(res->unmatched, 2ULL);
	ASSERT_EQ(res->skipped, 3ULL);
	ASSERT_EQ(res->errors, 1ULL);
	ASSERT_EQ(res->null_frees, 1ULL);
	ASSERT_EQ(res->batched_duplicates, 1ULL);
	ASSERT_EQ(res->other_events, 1ULL);
	ASSERT_EQ(res->live_at_end, 2ULL);
	ASSERT_EQ(res->failed, 0ULL);
	ASSERT_EQ(res->caches, 1ULL);
	ASSERT_EQ(res->model_reports, 0ULL);
	ASSERT_CONTAINS(summary(res), "replayed 18 events (7 allocs, 5 frees, 2 unmatched, 3 "
				      "skipped, 1 errors) in ");
}

TEST(small_trace)
{
	struct replay_opts o = { .every = 5, .label = "test" };
	struct replay_result res;
	unsigned long free_at_start = nr_free_pages();
	const char *out;
	char *csv;

	tmp_dir();
	open_tables(&o);
	harness_capture_begin();
	ASSERT_EQ(replay(SMALL, &o, &res, false), 0);
	out = harness_capture_end();
	close_tables(&o);
	check_small(&res);
	ASSERT_CONTAINS(out, SMALL ":12: unknown gfp flag '__GFP_BOGUS' in gfp_flags (left out)\n");
	ASSERT_CONTAINS(out, SMALL ":16: CPU 1 lost 42 events: the trace is incomplete here\n");
	ASSERT_CONTAINS(out, SMALL ":25: kmalloc: no bytes_alloc= field (a truncated line?) "
				   "(line skipped)\n");
	ASSERT_EQ(harness_count_lines(out), 3u);
	ASSERT_EQ(nr_free_pages(), free_at_start);

	csv = read_text(tmp_path("replay_orders.csv"));
	ASSERT_CONTAINS(csv, "\r\ntest,x86_64,0,2,0,2,1,0\r\n");
	ASSERT_CONTAINS(csv, "\r\ntest,x86_64,9,1,0,1,0,0\r\n");
	free(csv);
	csv = read_text(tmp_path("replay_caches.csv"));
	ASSERT_CONTAINS(csv, "\r\ntest,x86_64,cache,test_cache,192,2,0,1,1,368,384,");
	ASSERT_CONTAINS(csv, "\r\ntest,x86_64,kmalloc,kmalloc-96,96,1,0,1,0,72,96,96,0.2500,");
	free(csv);
	/* samples at events 0, 5, 10, 15 and the end (17): one row per zone and one "all" */
	csv = read_text(tmp_path("replay_timeseries.csv"));
	ASSERT_EQ(harness_count(csv, ",-1,all,"), 5u);
	free(csv);
	tmp_remove();
}

TEST(small_trace_per_cpu)
{
	struct replay_opts o = { .per_cpu = true };
	struct replay_result res;
	unsigned long free_at_start = nr_free_pages();

	harness_capture_begin();
	ASSERT_EQ(replay(SMALL, &o, &res, false), 0);
	harness_capture_end();
	check_small(&res);
	ASSERT_EQ(nr_free_pages(), free_at_start);
}

TEST(small_trace_strict)
{
	struct replay_opts o = { 0 };
	struct replay_result res;
	const char *out;

	harness_capture_begin();
	ASSERT_EQ(replay(SMALL, &o, &res, true), -EINVAL);
	out = harness_capture_end();
	ASSERT_CONTAINS(out, SMALL ":25: kmalloc: no bytes_alloc= field (a truncated line?)\n");
	ASSERT_NOT_CONTAINS(out, "line skipped");
	ASSERT_EQ(res.trace.events, 15ULL); /* the events before line 25 */
}

/* Address reuse, a cache seen with two sizes, kfree of a cache object, pages freed smaller */
TEST(pairing_corners)
{
	static const char trace[] =
		"t-1 [000] 1.1: kmem_cache_alloc: ptr=01 name=c1 bytes_req=10 bytes_alloc=16 "
		"gfp_flags=GFP_KERNEL\n"
		"t-1 [000] 1.2: kmem_cache_alloc: ptr=01 name=c1 bytes_req=10 bytes_alloc=16 "
		"gfp_flags=GFP_KERNEL\n"
		"t-1 [000] 1.3: kmem_cache_alloc: ptr=02 name=c1 bytes_req=10 bytes_alloc=32 "
		"gfp_flags=GFP_KERNEL\n"
		"t-1 [000] 1.4: kfree: ptr=02\n"
		"t-1 [000] 1.5: mm_page_alloc: page=0000000000000000 pfn=0x0 order=0 "
		"gfp_flags=GFP_KERNEL\n"
		"t-1 [000] 1.6: mm_page_alloc: page=00000000000000aa pfn=0x10 order=2 "
		"gfp_flags=GFP_KERNEL\n"
		"t-1 [000] 1.7: mm_page_free: page=00000000000000aa pfn=0x10 order=1\n";
	struct replay_opts o = { 0 };
	struct replay_result res;
	const char *out;

	tmp_dir();
	write_text(tmp_path("corners.trace"), trace);
	harness_capture_begin();
	ASSERT_EQ(replay(tmp_path("corners.trace"), &o, &res, false), 0);
	out = harness_capture_end();
	ASSERT_CONTAINS(out, "corners.trace:3: cache c1: objects of 32 bytes, 16 before: the first "
			     "size is kept\n");
	ASSERT_EQ(res.allocs, 4ULL);
	ASSERT_EQ(res.implicit_frees, 1ULL);
	ASSERT_EQ(res.cache_conflicts, 1ULL);
	ASSERT_EQ(res.frees, 2ULL);
	ASSERT_EQ(res.traced_failures, 1ULL);
	ASSERT_EQ(res.skipped, 1ULL);
	ASSERT_EQ(res.order_mismatches, 1ULL);
	ASSERT_EQ(res.live_at_end, 1ULL);
	ASSERT_EQ(res.errors, 0ULL);
	ASSERT_EQ(res.model_reports, 0ULL);
	tmp_remove();
}

/* Cache names longer than any fixed buffer stay whole and distinct */
TEST(long_cache_names)
{
	char name[2][128], line[512], *csv;
	struct replay_opts o = { .label = "test" };
	struct replay_result res;
	FILE *f;

	tmp_dir();
	for (int i = 0; i < 2; i++) {
		memset(name[i], 'n', 100);
		snprintf(name[i] + 100, sizeof(name[i]) - 100, "-%d", i);
	}
	f = fopen(tmp_path("names.trace"), "w");
	ASSERT_NOT_NULL(f);
	for (int i = 0; i < 2; i++)
		fprintf(f,
			"t-1 [000] 1.%d: kmem_cache_alloc: ptr=0%d name=%s bytes_req=%d "
			"bytes_alloc=%d gfp_flags=GFP_KERNEL\n",
			i, i + 1, name[i], 16 << i, 16 << i);
	fclose(f);
	open_tables(&o);
	harness_capture_begin();
	ASSERT_EQ(replay(tmp_path("names.trace"), &o, &res, true), 0);
	ASSERT_STREQ(harness_capture_end(), "");
	close_tables(&o);
	ASSERT_EQ(res.caches, 2ULL);
	ASSERT_EQ(res.cache_conflicts, 0ULL);
	ASSERT_EQ(res.errors, 0ULL);
	csv = read_text(tmp_path("replay_caches.csv"));
	for (int i = 0; i < 2; i++) {
		snprintf(line, sizeof(line), "\r\ntest,x86_64,cache,%s,%d,1,0,0,1,", name[i],
			 16 << i);
		ASSERT_CONTAINS(csv, line);
	}
	free(csv);
	tmp_remove();
}

/*
 * What the model reports while replaying an event names that event's line: kmalloc fixes up
 * __GFP_HIGHMEM (line 2) and __GFP_DMA32 (line 3), each with 6.18's kmalloc_fix_flags()
 * warning, and allocates. Under quiet nothing is printed, and the count is the same. Per-CPU
 * mode passes the reports on from the worker thread.
 */
static const char refused_trace[] =
	"# two kmallocs the model fixes up\n"
	"t-1 [000] 1.1: kmalloc: ptr=01 bytes_req=64 bytes_alloc=64 gfp_flags=GFP_HIGHUSER\n"
	"t-1 [000] 1.2: kmalloc: ptr=02 bytes_req=64 bytes_alloc=64 gfp_flags=GFP_KERNEL|"
	"__GFP_DMA32\n"
	"t-1 [000] 1.3: kfree: ptr=02\n";

static void check_refused(const struct replay_result *res)
{
	ASSERT_EQ(res->allocs, 2ULL);
	ASSERT_EQ(res->failed, 0ULL);
	ASSERT_EQ(res->model_reports, 2ULL);
	ASSERT_EQ(res->errors, 2ULL);
}

TEST(model_reports_name_the_line)
{
	struct replay_opts o = { 0 }, quiet = { .quiet = true }, per_cpu = { .per_cpu = true };
	struct trace_reader_opts ro = { .quiet = true };
	struct replay_result res;
	struct trace_reader *r;
	const char *out;

	tmp_dir();
	write_text(tmp_path("refused.trace"), refused_trace);
	harness_capture_begin();
	ASSERT_EQ(replay(tmp_path("refused.trace"), &o, &res, false), 0);
	out = harness_capture_end();
	check_refused(&res);
	ASSERT_CONTAINS(out, "refused.trace:2: kmalloc: Unexpected gfp: ");
	ASSERT_CONTAINS(out, "refused.trace:3: kmalloc: Unexpected gfp: ");
	ASSERT_EQ(harness_count(out, "Unexpected gfp"), 2u);
	ASSERT_EQ(harness_count_lines(out), 2u);

	harness_capture_begin();
	r = trace_open(tmp_path("refused.trace"), &ro);
	ASSERT_NOT_NULL(r);
	ASSERT_EQ(trace_replay(r, &quiet, &res), 0);
	trace_close(r);
	ASSERT_STREQ(harness_capture_end(), "");
	check_refused(&res);
	ASSERT_CONTAINS(summary(&res), "model reports: 2\n");

	harness_capture_begin();
	ASSERT_EQ(replay(tmp_path("refused.trace"), &per_cpu, &res, false), 0);
	out = harness_capture_end();
	check_refused(&res);
	ASSERT_CONTAINS(out, "refused.trace:2: kmalloc: Unexpected gfp: ");
	ASSERT_CONTAINS(out, "refused.trace:3: kmalloc: Unexpected gfp: ");
	ASSERT_EQ(harness_count_lines(out), 2u);
	tmp_remove();
}

/*
 * Failures are counted per (event, order, gfp), not fatal: 40 order-9 blocks are more than the
 * 64 MiB model has, and 8 MiB is more than kmalloc serves.
 */
TEST(failures_counted)
{
	struct replay_opts o = { .label = "test" };
	struct replay_result res;
	char line[256], *csv;
	FILE *f;

	tmp_dir();
	f = fopen(tmp_path("big.trace"), "w");
	ASSERT_NOT_NULL(f);
	for (int i = 0; i < 40; i++)
		fprintf(f,
			"t-1 [000] 1.%d: mm_page_alloc: page=0000000000000001 pfn=0x%x order=9 "
			"gfp_flags=GFP_KERNEL\n",
			i, (i + 1) * 512);
	fprintf(f, "t-1 [000] 2.0: kmalloc: ptr=0000000000000001 bytes_req=8388608 "
		   "bytes_alloc=8388608 gfp_flags=GFP_KERNEL\n");
	fclose(f);
	open_tables(&o);
	harness_capture_begin();
	ASSERT_EQ(replay(tmp_path("big.trace"), &o, &res, false), 0);
	harness_capture_end();
	close_tables(&o);
	ASSERT_EQ(res.allocs, 41ULL);
	ASSERT_GT(res.failed, 1ULL);
	ASSERT_LT(res.failed, 41ULL);
	ASSERT_EQ(res.errors, 0ULL);
	csv = read_text(tmp_path("replay_failures.csv"));
	snprintf(line, sizeof(line), "\r\ntest,x86_64,mm_page_alloc,9,GFP_KERNEL,0xcc0,%llu\r\n",
		 (unsigned long long)res.failed - 1);
	ASSERT_CONTAINS(csv, line);
	ASSERT_CONTAINS(csv, "\r\ntest,x86_64,kmalloc,11,GFP_KERNEL,0xcc0,1\r\n");
	free(csv);
	tmp_remove();
}

/*
 * Traced movable pages are registered movable: a trace that fills memory with them, frees every
 * other one and then faults a huge page (GFP_TRANSHUGE, order 9) makes the replay compact, and
 * the blocks it moved are freed where they went (no bad page report when the live ones are
 * freed at the end). Where compaction is not supported the huge page fails and nothing moves.
 */
TEST(movable_pages_compacted)
{
	struct replay_opts o = { 0 };
	struct kmem_vmstat v0, v1;
	struct replay_result res;
	struct kmem_info info;
	enum { N = 16000 };
	FILE *f;

	/*
	 * Without THP: khugepaged's raised min_free_kbytes would stop the fill with whole free
	 * pageblocks left over, and the huge page would need no compaction
	 */
	harness_setenv("KMEM_THP", "0");
	harness_boot("x86_64", 64ULL << 20);
	tmp_dir();
	f = fopen(tmp_path("movable.trace"), "w");
	ASSERT_NOT_NULL(f);
	/* movable, without reclaim, so that the fill stops at the watermark */
	for (int i = 0; i < N; i++)
		fprintf(f,
			"t-1 [000] 1.%05d: mm_page_alloc: page=0000000000000001 pfn=0x%x order=0 "
			"gfp_flags=__GFP_HIGHMEM|__GFP_MOVABLE|__GFP_IO|__GFP_FS|__GFP_HARDWALL\n",
			i, i + 1);
	for (int i = 1; i < N; i += 2)
		fprintf(f,
			"t-1 [000] 2.%05d: mm_page_free: page=0000000000000001 pfn=0x%x order=0\n",
			i, i + 1);
	fprintf(f, "t-1 [000] 3.0: mm_page_alloc: page=0000000000000001 pfn=0x100000 order=9 "
		   "gfp_flags=GFP_TRANSHUGE\n");
	fclose(f);
	kmem_get_info(&info);
	kmem_get_vmstat(&v0);
	ASSERT_EQ(replay(tmp_path("movable.trace"), &o, &res, false), 0);
	kmem_get_vmstat(&v1);
	ASSERT_EQ(res.errors, 0ULL);
	ASSERT_EQ(kmem_bad_page_count(), 0UL);
	if (info.compaction) {
		ASSERT_GT(v1.compact_stall, v0.compact_stall);
		ASSERT_GT(v1.compact_success, v0.compact_success);
		ASSERT_GT(v1.pgmigrate_success, v0.pgmigrate_success);
	} else {
		ASSERT_EQ(v1.pgmigrate_success, v0.pgmigrate_success);
	}
	tmp_remove();
}

/* ---- the shared trace ---- */

/* Event lines per name, counted here from the text: " NAME: " after the CPU and timestamp */
static void count_events(uint64_t counts[TRACE_NR_TYPES])
{
	gzFile gz = gzopen(SHARED, "rb");
	char line[4096];

	ASSERT_NOT_NULL(gz);
	memset(counts, 0, TRACE_NR_TYPES * sizeof(*counts));
	while (gzgets(gz, line, sizeof(line))) {
		char key[64];
		int t;

		if (line[0] == '#' || !strchr(line, ']'))
			continue;
		for (t = 0; t < TRACE_OTHER; t++) {
			snprintf(key, sizeof(key), ": %s: ", trace_event_names[t]);
			if (strstr(line, key))
				break;
		}
		counts[t]++;
	}
	gzclose(gz);
}

/* The README's table: "| kmem:kmalloc | 14,290 | ..." */
static uint64_t readme_count(const char *text, const char *event)
{
	char key[64];
	const char *p;
	uint64_t n = 0;

	snprintf(key, sizeof(key), "| kmem:%s | ", event);
	p = strstr(text, key);
	if (!p)
		FAIL("no row for %s in %s", event, README);
	for (p += strlen(key); *p != ' '; p++)
		if (*p != ',')
			n = n * 10 + (uint64_t)(*p - '0');
	return n;
}

/*
 * Pairing, as a separate script (Python, written for this test) found it: 11,205 kfree(NULL);
 * every one of the 11,331 mm_page_free_batched events follows an mm_page_free of its page on
 * the same CPU; 3,093 kmem_cache_alloc events reuse a live address; 2 kfree, 10
 * kmem_cache_free and 92 mm_page_free events free what was allocated before the trace; 40,264
 * objects and 16,884 blocks are live at the end. Under --events all (the default) the same
 * script, with the rule of trace_is_slab_page(), drops 1,328 mm_page_alloc events of the
 * kernel's slab and 155 frees of their pfns (no other page event is at such a pfn between), and
 * 1,173 of the slab pages (15,711 blocks in all) are live at the end.
 */
static void check_shared(const struct replay_result *res, const uint64_t counts[TRACE_NR_TYPES])
{
	for (int t = 0; t < TRACE_NR_TYPES; t++)
		ASSERT_EQ(res->trace.by_type[t], counts[t]);
	ASSERT_EQ(res->trace.events, 253453ULL);
	ASSERT_EQ(res->trace.malformed, 0ULL);
	ASSERT_EQ(res->trace.lost_events, 0ULL);
	ASSERT_EQ(res->errors, 0ULL);
	ASSERT_EQ(res->failed, 0ULL);
	ASSERT_EQ(res->allocs, 14290ULL + 99415 + 31822 - 1328);
	ASSERT_EQ(res->null_frees, 11205ULL);
	ASSERT_EQ(res->batched_duplicates, 11331ULL);
	ASSERT_EQ(res->slab_page_allocs, 1328ULL);
	ASSERT_EQ(res->slab_page_frees, 155ULL);
	ASSERT_EQ(res->other_class, 0ULL);
	ASSERT_EQ(res->skipped, 11205ULL + 11331 + 1328 + 155);
	ASSERT_EQ(res->implicit_frees, 3093ULL);
	ASSERT_EQ(res->unmatched, 2ULL + 10 + 92);
	ASSERT_EQ(res->frees, 253453ULL - res->allocs - res->skipped - res->unmatched);
	ASSERT_EQ(res->live_at_end, 40264ULL + 15711);
	ASSERT_EQ(res->traced_cpus, 2);
	ASSERT_EQ(res->caches, 39ULL);
	ASSERT_EQ(res->model_reports, 0ULL);
	/* the README: the kernel wasted 7.6 % of kmalloc bytes, 0.2 % of cache bytes */
	ASSERT_EQ((res->kernel_bytes[0] - res->bytes_req[0]) * 1000 / res->kernel_bytes[0], 76ULL);
	ASSERT_EQ((res->kernel_bytes[1] - res->bytes_req[1]) * 1000 / res->kernel_bytes[1], 1ULL);
}

TEST(shared_trace)
{
	struct replay_opts o = { .every = 10000 };
	struct replay_result res;
	uint64_t counts[TRACE_NR_TYPES];
	unsigned long free_at_start;
	char *readme;

	if (single_threaded_is_skipped())
		return;
	readme = read_text(README);
	count_events(counts);
	for (int t = 0; t < TRACE_OTHER; t++)
		ASSERT_EQ(counts[t], t == TRACE_KMALLOC_NODE || t == TRACE_CACHE_ALLOC_NODE
					     ? 0
					     : readme_count(readme, trace_event_names[t]));
	ASSERT_EQ(counts[TRACE_OTHER], 0ULL);
	free(readme);

	harness_boot("x86_64", 1ULL << 30);
	free_at_start = nr_free_pages();
	ASSERT_EQ(replay(SHARED, &o, &res, true), 0);
	check_shared(&res, counts);
	ASSERT_EQ(nr_free_pages(), free_at_start);
}

TEST(shared_trace_per_cpu)
{
	struct replay_opts o = { .every = 10000, .per_cpu = true };
	struct replay_result res;
	uint64_t counts[TRACE_NR_TYPES];
	unsigned long free_at_start;

	count_events(counts);
	harness_boot("x86_64", 1ULL << 30);
	free_at_start = nr_free_pages();
	ASSERT_EQ(replay(SHARED, &o, &res, true), 0);
	check_shared(&res, counts);
	ASSERT_EQ(nr_free_pages(), free_at_start);
}

/*
 * --events pages and slab on the shared trace: each replays its class whole (the slab's pages
 * included under pages) and skips the other, whose size is the README's counts.
 */
TEST(shared_trace_classes)
{
	struct replay_result res;
	unsigned long free_at_start;

	if (single_threaded_is_skipped())
		return;
	harness_boot("x86_64", 1ULL << 30);
	free_at_start = nr_free_pages();
	{
		struct replay_opts o = { .events = REPLAY_EVENTS_PAGES };

		ASSERT_EQ(replay(SHARED, &o, &res, true), 0);
	}
	ASSERT_EQ(res.allocs, 31822ULL);
	ASSERT_EQ(res.frees, 14938ULL);
	ASSERT_EQ(res.unmatched, 92ULL);
	ASSERT_EQ(res.other_class, 14290ULL + 24509 + 99415 + 57056);
	ASSERT_EQ(res.slab_page_allocs, 0ULL);
	ASSERT_EQ(res.live_at_end, 16884ULL);
	ASSERT_EQ(res.errors, 0ULL);
	ASSERT_EQ(nr_free_pages(), free_at_start);
	{
		struct replay_opts o = { .events = REPLAY_EVENTS_SLAB };

		ASSERT_EQ(replay(SHARED, &o, &res, true), 0);
	}
	ASSERT_EQ(res.allocs, 14290ULL + 99415);
	ASSERT_EQ(res.unmatched, 2ULL + 10);
	ASSERT_EQ(res.other_class, 31822ULL + 15030 + 11331);
	ASSERT_EQ(res.batched_duplicates, 0ULL);
	ASSERT_EQ(res.live_at_end, 40264ULL);
	ASSERT_EQ(res.errors, 0ULL);
	ASSERT_EQ(nr_free_pages(), free_at_start);
}

/* One mm_page_alloc line of order @order with @gfp, parsed */
static bool slab_page(const char *gfp, unsigned int order)
{
	static struct trace_parser p;
	struct trace_event ev;
	char line[512], msg[256];

	trace_parser_init(&p);
	snprintf(line, sizeof(line),
		 "t-1 [000] 1.1: mm_page_alloc: page=00000000000000aa pfn=0x10 order=%u "
		 "migratetype=0 gfp_flags=%s",
		 order, gfp);
	ASSERT_EQ(trace_parse_line(&p, line, strlen(line), &ev, msg, sizeof(msg)),
		  TRACE_LINE_EVENT);
	return trace_is_slab_page(&ev);
}

/*
 * The gfp masks of the shipped trace's mm_page_alloc events, each as the kernel's slab would or
 * would not ask for it: the first try of allocate_slab() at the cache's order (NORETRY, NOWARN,
 * COMP; NOMEMALLOC and no reclaim above the minimum order), and everything else: page cache
 * readahead (the same three, but movable), user pages, page tables, NOFAIL buffer folios.
 */
TEST(slab_page_rule)
{
	static const char *const slab[] = {
		"GFP_NOFS|__GFP_RECLAIMABLE|__GFP_NOWARN|__GFP_NORETRY|__GFP_COMP",
		"__GFP_RECLAIMABLE|__GFP_IO|__GFP_NOWARN|__GFP_NORETRY|__GFP_COMP|__GFP_NOMEMALLOC",
		"GFP_KERNEL|__GFP_RECLAIMABLE|__GFP_NOWARN|__GFP_NORETRY|__GFP_COMP",
		"GFP_NOWAIT|__GFP_NORETRY|__GFP_COMP|__GFP_NOMEMALLOC",
		"GFP_ATOMIC|__GFP_RECLAIMABLE|__GFP_NOWARN|__GFP_NORETRY|__GFP_COMP",
		"GFP_NOWAIT|__GFP_NORETRY|__GFP_COMP|__GFP_THISNODE",
		"GFP_NOFS|__GFP_RECLAIMABLE|__GFP_NOWARN|__GFP_NORETRY|__GFP_COMP|__GFP_HARDWALL",
		"GFP_KERNEL|__GFP_NOWARN|__GFP_NORETRY|__GFP_COMP",
	};
	static const char *const other[] = {
		"GFP_HIGHUSER_MOVABLE|__GFP_ZERO|__GFP_COMP",
		("GFP_NOFS|__GFP_HIGHMEM|__GFP_MOVABLE|__GFP_NOWARN|__GFP_NORETRY|__GFP_COMP|"
		 "__GFP_HARDWALL"),
		"GFP_HIGHUSER_MOVABLE|__GFP_WRITE|__GFP_NOWARN|__GFP_NORETRY|__GFP_COMP",
		"GFP_HIGHUSER|__GFP_ACCOUNT",
		"GFP_NOWAIT",
		"GFP_NOWAIT|__GFP_COMP",
		"GFP_KERNEL_ACCOUNT|__GFP_ZERO|__GFP_COMP",
		"GFP_NOFS|__GFP_NOFAIL|__GFP_COMP|__GFP_HARDWALL",
		"GFP_KERNEL|__GFP_NOWARN|__GFP_NORETRY",
	};

	for (size_t i = 0; i < ARRAY_SIZE(slab); i++)
		if (!slab_page(slab[i], 2))
			FAIL("%s: not taken for a slab page", slab[i]);
	for (size_t i = 0; i < ARRAY_SIZE(other); i++)
		if (slab_page(other[i], 0))
			FAIL("%s: taken for a slab page", other[i]);
}

/*
 * A slab page and its objects, a page-cache page, and their frees, under each class:
 *
 *	line 1  mm_page_alloc  pfn 0x100 order 1, slab gfp     all: dropped   pages: alloc
 *	line 2  kmem_cache_alloc ptr 01 (on the new slab)      all: alloc     slab: alloc
 *	line 3  kmem_cache_alloc ptr 02                        all: alloc     slab: alloc
 *	line 4  mm_page_alloc  pfn 0x200, readahead (movable)  all: alloc     pages: alloc
 *	line 5  kmem_cache_free ptr 01                         all: free      slab: free
 *	line 6  kmem_cache_free ptr 02                         all: free      slab: free
 *	line 7  mm_page_free   pfn 0x100 order 1 (the slab)    all: dropped   pages: free
 *	line 8  mm_page_free   pfn 0x200                       all: free      pages: free
 *	line 9  mm_page_alloc  pfn 0x100, user page            all: alloc     pages: alloc
 *	line 10 mm_page_free   pfn 0x100                       all: free      pages: free
 */
TEST(event_classes)
{
	static const char trace[] =
		"t-1 [000] 1.01: mm_page_alloc: page=00000000000000aa pfn=0x100 order=1 "
		"migratetype=2 gfp_flags=GFP_KERNEL|__GFP_RECLAIMABLE|__GFP_NOWARN|__GFP_NORETRY|"
		"__GFP_COMP\n"
		"t-1 [000] 1.02: kmem_cache_alloc: ptr=01 name=dentry bytes_req=192 "
		"bytes_alloc=192 "
		"gfp_flags=GFP_KERNEL|__GFP_RECLAIMABLE\n"
		"t-1 [000] 1.03: kmem_cache_alloc: ptr=02 name=dentry bytes_req=192 "
		"bytes_alloc=192 "
		"gfp_flags=GFP_KERNEL|__GFP_RECLAIMABLE\n"
		"t-1 [000] 1.04: mm_page_alloc: page=00000000000000bb pfn=0x200 order=0 "
		"migratetype=1 gfp_flags=GFP_NOFS|__GFP_HIGHMEM|__GFP_MOVABLE|__GFP_NOWARN|"
		"__GFP_NORETRY|__GFP_COMP|__GFP_HARDWALL\n"
		"t-1 [000] 1.05: kmem_cache_free: ptr=01 name=dentry\n"
		"t-1 [000] 1.06: kmem_cache_free: ptr=02 name=dentry\n"
		"t-1 [000] 1.07: mm_page_free: page=00000000000000aa pfn=0x100 order=1\n"
		"t-1 [000] 1.08: mm_page_free: page=00000000000000bb pfn=0x200 order=0\n"
		"t-1 [000] 1.09: mm_page_alloc: page=00000000000000aa pfn=0x100 order=0 "
		"migratetype=1 gfp_flags=GFP_HIGHUSER_MOVABLE|__GFP_ZERO|__GFP_COMP\n"
		"t-1 [000] 1.10: mm_page_free: page=00000000000000aa pfn=0x100 order=0\n";
	static const struct {
		enum replay_events events;
		uint64_t allocs, frees, other_class, slab_allocs, slab_frees, page_allocs;
	} want[] = {
		{ REPLAY_EVENTS_ALL, 4, 4, 0, 1, 1, 2 },
		{ REPLAY_EVENTS_PAGES, 3, 3, 4, 0, 0, 3 },
		{ REPLAY_EVENTS_SLAB, 2, 2, 6, 0, 0, 0 },
	};
	unsigned long free_at_start = nr_free_pages();

	tmp_dir();
	write_text(tmp_path("classes.trace"), trace);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		struct replay_opts o = { .events = want[i].events };
		struct replay_result res;

		ASSERT_EQ(replay(tmp_path("classes.trace"), &o, &res, true), 0);
		ASSERT_EQ(res.allocs, want[i].allocs);
		ASSERT_EQ(res.frees, want[i].frees);
		ASSERT_EQ(res.other_class, want[i].other_class);
		ASSERT_EQ(res.slab_page_allocs, want[i].slab_allocs);
		ASSERT_EQ(res.slab_page_frees, want[i].slab_frees);
		ASSERT_EQ(res.trace.by_type[TRACE_PAGE_ALLOC] -
				  (want[i].events == REPLAY_EVENTS_SLAB ? 3 : want[i].slab_allocs),
			  want[i].page_allocs);
		ASSERT_EQ(res.unmatched, 0ULL);
		ASSERT_EQ(res.live_at_end, 0ULL);
		ASSERT_EQ(res.skipped,
			  res.other_class + res.slab_page_allocs + res.slab_page_frees);
		ASSERT_EQ(res.errors, 0ULL);
		ASSERT_EQ(nr_free_pages(), free_at_start);
	}
	ASSERT_EQ(replay_events_parse("all"), REPLAY_EVENTS_ALL);
	ASSERT_EQ(replay_events_parse("pages"), REPLAY_EVENTS_PAGES);
	ASSERT_EQ(replay_events_parse("slab"), REPLAY_EVENTS_SLAB);
	ASSERT_EQ(replay_events_parse("Slab"), -EINVAL);
	ASSERT_EQ(replay_events_parse(""), -EINVAL);
	tmp_remove();
}

/* Pages on the per-CPU lists of model CPU @cpu, over every zone of node 0 */
static int pcp_pages(int cpu)
{
	int n = 0;

	for (int z = 0; z < KMEM_NR_ZONES; z++) {
		struct kmem_pcp_stats st;

		if (!kmem_pcp_stats(0, z, cpu, &st))
			n += st.count;
	}
	return n;
}

/*
 * Events on two CPUs run on the lists of two model CPUs: each CPU allocates order-0 pages and
 * frees them, and its lists keep what it freed. Before, the sequential replay ran every event
 * as CPU 0. A CPU beyond the model's is folded modulo its CPUs, and said once.
 */
TEST(trace_cpu_honoured)
{
	struct kmem_info info;
	struct replay_opts o = { 0 };
	struct replay_result res;
	char line[256];
	const char *out;
	FILE *f;

	if (single_threaded_is_skipped())
		return;
	harness_boot("x86_64", 1ULL << 30);
	kmem_get_info(&info);
	if (info.nr_cpus < 2 || !info.pcp) {
		printf("SKIP: trace_cpu_honoured needs 2 CPUs and per-CPU lists (%d CPUs, pcp "
		       "%s)\n",
		       info.nr_cpus, info.pcp ? "on" : "off");
		return;
	}
	tmp_dir();
	f = fopen(tmp_path("cpus.trace"), "w");
	ASSERT_NOT_NULL(f);
	for (int cpu = 0; cpu < 2; cpu++)
		for (int i = 0; i < 4; i++) {
			int pfn = 0x100 * (cpu + 1) + i;

			snprintf(line, sizeof(line),
				 "t-1 [%03d] 1.%d%d: mm_page_alloc: page=00000000000000aa pfn=%#x "
				 "order=0 migratetype=0 gfp_flags=GFP_KERNEL\n",
				 cpu, cpu, i, pfn);
			fputs(line, f);
			fprintf(f,
				"t-1 [%03d] 2.%d%d: mm_page_free: page=00000000000000aa pfn=%#x "
				"order=0\n",
				cpu, cpu, i, pfn);
		}
	fprintf(f,
		"t-1 [%03d] 3.0: mm_page_alloc: page=00000000000000aa pfn=0x999 order=0 "
		"migratetype=0 gfp_flags=GFP_KERNEL\n",
		info.nr_cpus + 1);
	ASSERT_EQ(fclose(f), 0);

	harness_capture_begin();
	ASSERT_EQ(replay(tmp_path("cpus.trace"), &o, &res, true), 0);
	out = harness_capture_end();
	ASSERT_GT(pcp_pages(0), 0);
	ASSERT_GT(pcp_pages(1), 0);
	ASSERT_EQ(res.traced_cpus, info.nr_cpus + 2);
	ASSERT_EQ(res.model_cpus, info.nr_cpus);
	ASSERT_CONTAINS(out, "cpus.trace:17: the trace names CPU ");
	ASSERT_EQ(harness_count_lines(out), 1u);
	ASSERT_EQ(res.errors, 0ULL);
	tmp_remove();
}

/* The same trace twice, each on a fresh model: the same samples and tables, the same end */
TEST(deterministic)
{
	struct harness_snapshot *snap[2] = { malloc(sizeof(**snap)), malloc(sizeof(**snap)) };
	static const char *const files[] = { "replay_timeseries.csv", "replay_caches.csv",
					     "replay_orders.csv", "replay_failures.csv" };
	char *text[2][ARRAY_SIZE(files)];
	struct replay_result res;

	if (single_threaded_is_skipped()) {
		free(snap[0]);
		free(snap[1]);
		return;
	}
	tmp_dir();
	for (int run = 0; run < 2; run++) {
		struct replay_opts o = { .every = 2000, .label = "test" };

		harness_boot("x86_64", 1ULL << 30);
		open_tables(&o);
		ASSERT_EQ(replay(SHARED, &o, &res, true), 0);
		close_tables(&o);
		harness_snapshot(snap[run]);
		for (size_t i = 0; i < ARRAY_SIZE(files); i++)
			text[run][i] = read_text(tmp_path(files[i]));
	}
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		if (strcmp(text[0][i], text[1][i]))
			FAIL("%s differs between two replays of the same trace", files[i]);
		free(text[0][i]);
		free(text[1][i]);
	}
	ASSERT_SNAPSHOT_EQ(snap[0], snap[1]);
	free(snap[0]);
	free(snap[1]);
	tmp_remove();
}
