/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading kernel allocation traces: the text of tracefs's `trace` file (or `trace-cmd report`
 * in its default layout), plain or gzip-compressed, from a file or stdin, one line at a time and
 * in constant memory whatever the trace's length. A line (here cut in two) reads
 *
 *	bash-2394 [000] ..... 3095.508947: kmalloc: call_site=... ptr=000000006dbb575a
 *	    bytes_req=72 bytes_alloc=96 gfp_flags=GFP_KERNEL|__GFP_ZERO node=-1 accounted=false
 *
 * Two layers: trace_parse_line() turns one line into an event, a comment, a lost-events marker
 * or a reason why it is malformed, and touches nothing but its arguments and a small cache, so
 * it can be fuzzed alone; the reader (trace_open() and trace_next()) feeds it lines, counts
 * what it sees and reports problems as FILE:LINE: reason.
 */
#ifndef _KMEM_WORKLOADS_TRACE_PARSE_H
#define _KMEM_WORKLOADS_TRACE_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * The events the replay understands, and OTHER (last) for any other event, which is counted
 * and skipped. One list gives the enum and the names.
 */
#define TRACE_EVENTS(X)                            \
	X(KMALLOC, kmalloc)                        \
	X(KMALLOC_NODE, kmalloc_node)              \
	X(KFREE, kfree)                            \
	X(CACHE_ALLOC, kmem_cache_alloc)           \
	X(CACHE_ALLOC_NODE, kmem_cache_alloc_node) \
	X(CACHE_FREE, kmem_cache_free)             \
	X(PAGE_ALLOC, mm_page_alloc)               \
	X(PAGE_FREE, mm_page_free)                 \
	X(PAGE_FREE_BATCHED, mm_page_free_batched) \
	X(OTHER, other)

enum trace_event_type {
#define TRACE_EVENT_ENUM(id, name) TRACE_##id,
	TRACE_EVENTS(TRACE_EVENT_ENUM)
#undef TRACE_EVENT_ENUM
};

#define TRACE_NR_TYPES (TRACE_OTHER + 1)

/* "kmalloc", ..., "other" */
extern const char *const trace_event_names[TRACE_NR_TYPES];

/* One event. Strings point into the line and live until the next line is read. */
struct trace_event {
	enum trace_event_type type;
	int cpu;
	int pid;
	uint64_t ts_ns;	      /* the timestamp, in ns */
	uint64_t ptr;	      /* slab events: the (hashed) object pointer; 0 = NULL */
	uint64_t page;	      /* page events: the struct page pointer; 0 = a failed allocation */
	uint64_t pfn;	      /* page events */
	uint64_t bytes_req;   /* kmalloc, kmem_cache_alloc: what the caller asked for */
	uint64_t bytes_alloc; /* ... and what it got */
	unsigned int gfp;     /* gfp_flags, the bits of every name this library knows */
	unsigned int order;   /* mm_page_alloc, mm_page_free; 0 for mm_page_free_batched */
	int migratetype;      /* mm_page_alloc; -1 when absent */
	int node;	  /* kmalloc, kmem_cache_alloc (and _node): NUMA_NO_NODE (-1) if absent */
	bool gfp_unknown; /* gfp_flags named a flag this library does not know */
	const char *name; /* kmem_cache_*: the cache's name= (NULL when absent) */
	size_t name_len;
	const char *event; /* the event's name as traced */
	size_t event_len;
	const char *args; /* the text after "NAME: ", the fields of any event (TRACE_OTHER's too) */
	size_t args_len;
	uint64_t lost;	   /* a lost-events marker: how many the CPU lost ... */
	bool lost_unknown; /* ... or the trace does not say how many (lost is 0) */
};

enum trace_line_kind {
	TRACE_LINE_EVENT,   /* @ev filled; a warning (unknown gfp name) may be in @msg */
	TRACE_LINE_COMMENT, /* a header line (#..., trace-cmd's "cpus=4") or a blank one */
	TRACE_LINE_LOST,    /* "CPU:N [LOST M EVENTS]" and its forms: @ev->cpu, @ev->lost */
	TRACE_LINE_BAD,	    /* malformed: the reason is in @msg */
};

/* distinct gfp_flags strings remembered (a trace has a few dozen), and the longest kept */
#define TRACE_GFP_CACHE	     256
#define TRACE_GFP_CACHED_LEN 160
/* unknown gfp names warned about, each once */
#define TRACE_WARNED_GFP 32

/* What the line parser keeps between lines: parsed gfp strings, and names already warned of */
struct trace_parser {
	struct trace_gfp_entry {
		unsigned short len; /* 0 = empty */
		bool unknown;
		unsigned int gfp;
		char s[TRACE_GFP_CACHED_LEN];
	} gfp_cache[TRACE_GFP_CACHE];
	int nr_warned;
	char warned[TRACE_WARNED_GFP][48];
};

void trace_parser_init(struct trace_parser *p);

/**
 * trace_parse_line - parse one line of a trace
 * @p: the parser's memory (gfp strings seen before)
 * @line: the line, without its newline (a trailing CR is ignored); need not be NUL-terminated
 * @len: its length
 * @ev: filled for TRACE_LINE_EVENT and TRACE_LINE_LOST
 * @msg: receives the reason for TRACE_LINE_BAD, a warning or "" for TRACE_LINE_EVENT
 * @msg_size: size of @msg (at least 1)
 *
 * Return: the kind of line.
 */
enum trace_line_kind trace_parse_line(struct trace_parser *p, const char *line, size_t len,
				      struct trace_event *ev, char *msg, size_t msg_size);

/* What a reader saw, line by line */
struct trace_stats {
	uint64_t lines;
	uint64_t events; /* every event line, TRACE_OTHER included */
	uint64_t by_type[TRACE_NR_TYPES];
	uint64_t comments;
	uint64_t malformed;
	uint64_t lost_markers, lost_events;
	uint64_t unknown_gfp; /* events whose gfp_flags named an unknown flag */
	uint64_t bytes;	      /* uncompressed bytes read */
};

struct trace_reader_opts {
	bool strict; /* a malformed line ends the read (trace_next() returns -EINVAL) */
	FILE *msgs;  /* where FILE:LINE: messages go; NULL = stderr */
	bool quiet;  /* count problems, print nothing */
};

struct trace_reader;

/**
 * trace_open - open a trace for reading
 * @path: a file, plain or gzip (told apart by its first bytes; several gzip members one after
 *	  the other are read as one stream, and anything else after them is a read error), or "-"
 *	  for stdin
 * @opts: options, or NULL for the defaults
 *
 * Return: the reader, or NULL after a message on stderr (with errno set).
 */
struct trace_reader *trace_open(const char *path, const struct trace_reader_opts *opts);

/**
 * trace_next - the next event of the trace
 * @r: the reader
 * @ev: filled with the event; its strings stay valid until the next call
 *
 * Comments are skipped; lost-events markers, malformed lines (unless strict) and unknown gfp
 * names are reported as FILE:LINE: messages and skipped.
 *
 * Return: 1 with an event, 0 at the end of the trace, -EIO on a read error (reported),
 * -EINVAL on a malformed line in strict mode.
 */
int trace_next(struct trace_reader *r, struct trace_event *ev);

const struct trace_stats *trace_reader_stats(const struct trace_reader *r);
/* The line trace_next() read last (1-based), and the name messages use for the input */
unsigned long trace_line_no(const struct trace_reader *r);
const char *trace_name(const struct trace_reader *r);
/* Sends the reader's messages to @msgs from now on (NULL: stderr); returns the former stream */
FILE *trace_set_msgs(struct trace_reader *r, FILE *msgs);
void trace_close(struct trace_reader *r);

#endif
