// SPDX-License-Identifier: GPL-2.0
/*
 * The trace reader: tracefs `trace` text, plain or gzip, split into lines and parsed by hand
 * (no sscanf, no regex: a trace has millions of lines and the parse must stay well below the
 * cost of decompressing them). See trace_parse.h for the format and the interface.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <kmem/kmem.h>

#include "trace_parse.h"

const char *const trace_event_names[TRACE_NR_TYPES] = {
#define TRACE_EVENT_NAME(id, name) [TRACE_##id] = #name,
	TRACE_EVENTS(TRACE_EVENT_NAME)
#undef TRACE_EVENT_NAME
};

/* The fields the replay reads, as bits of a mask */
enum trace_field { F_PTR, F_BYTES_REQ, F_BYTES_ALLOC, F_GFP, F_PFN, F_ORDER, F_NAME, F_NR_FIELDS };

static const char *const field_names[F_NR_FIELDS] = {
	[F_PTR] = "ptr",
	[F_BYTES_REQ] = "bytes_req",
	[F_BYTES_ALLOC] = "bytes_alloc",
	[F_GFP] = "gfp_flags",
	[F_PFN] = "pfn",
	[F_ORDER] = "order",
	[F_NAME] = "name",
};

#define BIT(f)		  (1u << (f))
#define SLAB_ALLOC_FIELDS (BIT(F_PTR) | BIT(F_BYTES_REQ) | BIT(F_BYTES_ALLOC) | BIT(F_GFP))

/*
 * What each event must carry to be replayed. A cache's name= is optional (kernels before 6.1
 * did not print it); node=, migratetype= and page= are too.
 */
static const unsigned int required_fields[TRACE_NR_TYPES] = {
	[TRACE_KMALLOC] = SLAB_ALLOC_FIELDS,
	[TRACE_KMALLOC_NODE] = SLAB_ALLOC_FIELDS,
	[TRACE_KFREE] = BIT(F_PTR),
	[TRACE_CACHE_ALLOC] = SLAB_ALLOC_FIELDS,
	[TRACE_CACHE_ALLOC_NODE] = SLAB_ALLOC_FIELDS,
	[TRACE_CACHE_FREE] = BIT(F_PTR),
	[TRACE_PAGE_ALLOC] = BIT(F_PFN) | BIT(F_ORDER) | BIT(F_GFP),
	[TRACE_PAGE_FREE] = BIT(F_PFN) | BIT(F_ORDER),
	[TRACE_PAGE_FREE_BATCHED] = BIT(F_PFN),
};

/* ---- the line parser ---- */

static enum trace_line_kind bad(char *msg, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum trace_line_kind bad(char *msg, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, size, fmt, ap);
	va_end(ap);
	return TRACE_LINE_BAD;
}

static inline bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static inline const char *skip_blanks(const char *s, const char *end)
{
	while (s < end && is_blank(*s))
		s++;
	return s;
}

/* A decimal int, possibly negative, in [INT_MIN + 1, INT_MAX] */
static bool parse_int(const char *s, const char *e, int *out)
{
	bool neg = s < e && *s == '-';
	uint64_t v;

	if (!kmem_parse_dec(s + neg, e, &v) || v > INT_MAX)
		return false;
	*out = neg ? -(int)v : (int)v;
	return true;
}

/* Hex digits, with or without 0x, up to 64 bits, filling [s, e) */
static bool parse_hex(const char *s, const char *e, uint64_t *out)
{
	uint64_t v = 0;

	if (e - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (s == e || e - s > 16)
		return false;
	for (; s < e; s++) {
		unsigned int c = (unsigned char)*s, d;

		if (c - '0' < 10)
			d = c - '0';
		else if ((c | 0x20) - 'a' < 6)
			d = (c | 0x20) - 'a' + 10;
		else
			return false;
		v = (v << 4) | d;
	}
	*out = v;
	return true;
}

/* pfn=0x1fe99 since Linux 5.x, pfn=130713 (decimal) before */
static bool parse_pfn(const char *s, const char *e, uint64_t *out)
{
	if (e - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return parse_hex(s, e, out);
	return kmem_parse_dec(s, e, out);
}

/* A pointer as %p prints it: hashed hex digits, or "(null)" on kernels of old */
static bool parse_pointer(const char *s, const char *e, uint64_t *out)
{
	if (e - s == 6 && !memcmp(s, "(null)", 6)) {
		*out = 0;
		return true;
	}
	return parse_hex(s, e, out);
}

/* "3095.508886" seconds (any number of decimals) to ns; a bare counter is taken as ns */
static bool parse_timestamp(const char *s, const char *e, uint64_t *ns)
{
	const char *dot = memchr(s, '.', (size_t)(e - s));
	uint64_t sec, frac = 0;
	int digits = 0;

	if (!dot)
		return kmem_parse_dec(s, e, ns);
	if (!kmem_parse_dec(s, dot, &sec) || sec > UINT64_MAX / 1000000000ULL - 1 || dot + 1 == e)
		return false;
	for (const char *p = dot + 1; p < e; p++) {
		if (!is_digit(*p))
			return false;
		if (digits < 9) {
			frac = frac * 10 + (uint64_t)(*p - '0');
			digits++;
		}
	}
	while (digits++ < 9)
		frac *= 10;
	*ns = sec * 1000000000ULL + frac;
	return true;
}

void trace_parser_init(struct trace_parser *p)
{
	memset(p, 0, sizeof(*p));
}

/*
 * gfp_flags through a small direct-mapped cache of whole strings: a trace repeats a few dozen
 * of them, and hashing one costs much less than matching its names against the table.
 */
static bool parse_gfp(struct trace_parser *p, const char *s, const char *e, struct trace_event *ev,
		      char *msg, size_t msg_size)
{
	size_t len = (size_t)(e - s);
	uint32_t h = 2166136261u;
	struct trace_gfp_entry *c;
	char unknown[sizeof(p->warned[0])];
	unsigned int gfp;
	int ret;

	for (const char *q = s; q < e; q++)
		h = (h ^ (unsigned char)*q) * 16777619u;
	c = &p->gfp_cache[(h ^ (h >> 16)) & (TRACE_GFP_CACHE - 1)];
	if (c->len == len && !memcmp(c->s, s, len)) {
		ev->gfp = c->gfp;
		ev->gfp_unknown = c->unknown;
		return true;
	}
	ret = kmem_parse_gfp(s, len, &gfp, unknown, sizeof(unknown));
	if (ret < 0)
		return false;
	ev->gfp = gfp;
	ev->gfp_unknown = ret;
	if (len < sizeof(c->s)) {
		c->len = (unsigned short)len;
		c->gfp = gfp;
		c->unknown = ret;
		memcpy(c->s, s, len);
	}
	if (ret) {
		for (int i = 0; i < p->nr_warned; i++)
			if (!strcmp(p->warned[i], unknown))
				return true;
		if (p->nr_warned < TRACE_WARNED_GFP)
			strcpy(p->warned[p->nr_warned++], unknown);
		snprintf(msg, msg_size, "unknown gfp flag '%s' in gfp_flags (left out)", unknown);
	}
	return true;
}

static enum trace_event_type event_type(const char *s, size_t len)
{
	static const size_t name_len[TRACE_NR_TYPES] = {
#define TRACE_EVENT_LEN(id, name) [TRACE_##id] = sizeof(#name) - 1,
		TRACE_EVENTS(TRACE_EVENT_LEN)
#undef TRACE_EVENT_LEN
	};

	for (int t = 0; t < TRACE_OTHER; t++)
		if (name_len[t] == len && !memcmp(trace_event_names[t], s, len))
			return (enum trace_event_type)t;
	return TRACE_OTHER;
}

/*
 * @s is PREFIX, a decimal number, then SUFFIX up to @end: true, and the number in @n. A number
 * that does not fit in 64 bits is not a match.
 */
static bool match_number(const char *s, const char *end, const char *prefix, const char *suffix,
			 uint64_t *n)
{
	size_t plen = strlen(prefix), slen = strlen(suffix);
	const char *q;

	if ((size_t)(end - s) < plen + 1 + slen || memcmp(s, prefix, plen) ||
	    memcmp(end - slen, suffix, slen))
		return false;
	s += plen;
	for (q = s; q < end && is_digit(*q); q++)
		;
	return q == end - slen && kmem_parse_dec(s, q, n);
}

/*
 * A lost-events marker after "CPU:N ": tracefs prints "[LOST M EVENTS]", or "[LOST EVENTS]"
 * when the ring buffer could not count them; trace-cmd report prints "[M EVENTS DROPPED]" and
 * "[EVENTS DROPPED]".
 */
static bool parse_lost(const char *s, const char *end, struct trace_event *ev)
{
	const char *p = s + 4, *q;
	uint64_t cpu;

	for (q = p; q < end && is_digit(*q); q++)
		;
	if (!kmem_parse_dec(p, q, &cpu) || cpu > INT_MAX || q == end || *q != ' ')
		return false;
	ev->cpu = (int)cpu;
	ev->lost = 0;
	ev->lost_unknown = false;
	q++;
	if (match_number(q, end, "[LOST ", " EVENTS]", &ev->lost) ||
	    match_number(q, end, "[", " EVENTS DROPPED]", &ev->lost))
		return true;
	ev->lost_unknown = true;
	return ((size_t)(end - q) == strlen("[LOST EVENTS]") && !memcmp(q, "[LOST EVENTS]", 13)) ||
	       ((size_t)(end - q) == strlen("[EVENTS DROPPED]") &&
		!memcmp(q, "[EVENTS DROPPED]", 16));
}

/*
 * The lines trace-cmd report prints before the events: "version = 6" (the trace.dat format),
 * "cpus=4", and "CPU 2 is empty" for each CPU that recorded nothing.
 */
static bool is_report_header(const char *s, const char *end)
{
	uint64_t n;

	return match_number(s, end, "version = ", "", &n) ||
	       match_number(s, end, "cpus=", "", &n) ||
	       match_number(s, end, "CPU ", " is empty", &n);
}

/*
 * The fields after "event: ": KEY=VALUE words. The ones the replay needs are parsed and noted
 * in @have; others (call_site=, accounted=, ...) are passed over.
 */
static enum trace_line_kind parse_fields(struct trace_parser *p, const char *s, const char *end,
					 struct trace_event *ev, char *msg, size_t msg_size)
{
	unsigned int have = 0, missing;
	bool has_page = false;

	while ((s = skip_blanks(s, end)) < end) {
		const char *key = s, *eq = NULL, *v;
		size_t klen;
		int f = -1;
		bool ok = true;

		for (; s < end && !is_blank(*s); s++)
			if (*s == '=' && !eq)
				eq = s;
		if (!eq)
			return bad(msg, msg_size, "%s: '%.*s' is not KEY=VALUE",
				   trace_event_names[ev->type], (int)(s - key), key);
		v = eq + 1;
		klen = (size_t)(eq - key);
		switch (klen) {
		case 3:
			if (!memcmp(key, "ptr", 3))
				f = F_PTR, ok = parse_pointer(v, s, &ev->ptr);
			else if (!memcmp(key, "pfn", 3))
				f = F_PFN, ok = parse_pfn(v, s, &ev->pfn);
			break;
		case 4:
			if (!memcmp(key, "name", 4)) {
				f = F_NAME;
				ev->name = v;
				ev->name_len = (size_t)(s - v);
				ok = s > v;
			} else if (!memcmp(key, "node", 4)) {
				ok = parse_int(v, s, &ev->node);
			} else if (!memcmp(key, "page", 4)) {
				has_page = true;
				ok = parse_pointer(v, s, &ev->page);
			}
			break;
		case 5:
			if (!memcmp(key, "order", 5)) {
				uint64_t o = 0;

				f = F_ORDER;
				ok = kmem_parse_dec(v, s, &o) && o < 64;
				ev->order = (unsigned int)o;
			}
			break;
		case 9:
			if (!memcmp(key, "bytes_req", 9))
				f = F_BYTES_REQ, ok = kmem_parse_dec(v, s, &ev->bytes_req);
			else if (!memcmp(key, "gfp_flags", 9))
				f = F_GFP, ok = parse_gfp(p, v, s, ev, msg, msg_size);
			break;
		case 11:
			if (!memcmp(key, "bytes_alloc", 11))
				f = F_BYTES_ALLOC, ok = kmem_parse_dec(v, s, &ev->bytes_alloc);
			else if (!memcmp(key, "migratetype", 11))
				ok = parse_int(v, s, &ev->migratetype);
			break;
		}
		if (!ok)
			return bad(msg, msg_size, "%s: bad value in '%.*s'",
				   trace_event_names[ev->type], (int)(s - key), key);
		if (f >= 0)
			have |= BIT(f);
	}
	missing = required_fields[ev->type] & ~have;
	if (missing)
		return bad(msg, msg_size, "%s: no %s= field (a truncated line?)",
			   trace_event_names[ev->type], field_names[__builtin_ctz(missing)]);
	/*
	 * An object is never smaller than what was asked for. Only a failed allocation (ptr=0)
	 * may say so: a large kmalloc traces PAGE_SIZE << get_order(size) as bytes_alloc, which is
	 * 0 for an absurd size such as kmalloc(SIZE_MAX).
	 */
	if ((have & BIT(F_BYTES_ALLOC)) && ev->bytes_req > ev->bytes_alloc && ev->ptr)
		return bad(msg, msg_size, "%s: bytes_req=%llu is more than bytes_alloc=%llu",
			   trace_event_names[ev->type], (unsigned long long)ev->bytes_req,
			   (unsigned long long)ev->bytes_alloc);
	/* without page=, a failed allocation shows as pfn=0 (the kernel prints 0 for no page) */
	if (!has_page)
		ev->page = ev->pfn;
	return TRACE_LINE_EVENT;
}

/*
 * "TASK-PID [CPU] FLAGS TIMESTAMP: EVENT: FIELDS". The task's name may hold blanks, dashes and
 * brackets, so the line is read from its first "[digits]" that follows a blank: the CPU. What
 * comes before is TASK-PID, with an optional "(TGID)" column; what follows is the irq-info
 * column if the trace has it (it never ends in ':'), then the timestamp ending in ':'.
 */
static enum trace_line_kind parse_event(struct trace_parser *p, const char *s, const char *end,
					struct trace_event *ev, char *msg, size_t msg_size)
{
	const char *q = s, *open = NULL, *close = NULL, *task_end, *dash, *tok, *te;
	uint64_t v;

	while ((q = memchr(q, '[', (size_t)(end - q)))) {
		const char *d = q + 1;

		while (d < end && is_digit(*d))
			d++;
		if (q > s && is_blank(q[-1]) && d > q + 1 && d < end && *d == ']') {
			open = q;
			close = d;
			break;
		}
		q++;
	}
	if (!open)
		return bad(msg, msg_size, "no [CPU] field");
	if (!kmem_parse_dec(open + 1, close, &v) || v > INT_MAX)
		return bad(msg, msg_size, "bad CPU number '%.*s'", (int)(close - open - 1),
			   open + 1);
	ev->cpu = (int)v;

	task_end = open;
	while (task_end > s && is_blank(task_end[-1]))
		task_end--;
	if (task_end > s && task_end[-1] == ')') {
		while (task_end > s && task_end[-1] != '(')
			task_end--;
		while (task_end > s && (task_end[-1] == '(' || is_blank(task_end[-1])))
			task_end--;
	}
	for (dash = task_end; dash > s && dash[-1] != '-'; dash--)
		;
	if (dash == s || !kmem_parse_dec(dash, task_end, &v) || v > INT_MAX)
		return bad(msg, msg_size, "no TASK-PID before the CPU field");
	ev->pid = (int)v;

	tok = skip_blanks(close + 1, end);
	for (te = tok; te < end && !is_blank(*te); te++)
		;
	if (te > tok && te[-1] != ':') {
		tok = skip_blanks(te, end);
		for (te = tok; te < end && !is_blank(*te); te++)
			;
	}
	if (te == tok || te[-1] != ':' || !parse_timestamp(tok, te - 1, &ev->ts_ns))
		return bad(msg, msg_size, "no timestamp after the CPU field");

	tok = skip_blanks(te, end);
	for (te = tok; te < end && (*te == '_' || is_digit(*te) || (*te >= 'a' && *te <= 'z') ||
				    (*te >= 'A' && *te <= 'Z'));
	     te++)
		;
	if (te == tok || te == end || *te != ':')
		return bad(msg, msg_size, "no event name after the timestamp");
	ev->event = tok;
	ev->event_len = (size_t)(te - tok);
	ev->type = event_type(tok, ev->event_len);
	ev->args = skip_blanks(te + 1, end);
	ev->args_len = (size_t)(end - ev->args);
	ev->ptr = ev->page = ev->pfn = ev->bytes_req = ev->bytes_alloc = 0;
	ev->gfp = 0;
	ev->order = 0;
	ev->migratetype = -1;
	ev->node = -1;
	ev->gfp_unknown = false;
	ev->name = NULL;
	ev->name_len = 0;
	ev->lost = 0;
	ev->lost_unknown = false;
	if (ev->type == TRACE_OTHER)
		return TRACE_LINE_EVENT;
	return parse_fields(p, te + 1, end, ev, msg, msg_size);
}

enum trace_line_kind trace_parse_line(struct trace_parser *p, const char *line, size_t len,
				      struct trace_event *ev, char *msg, size_t msg_size)
{
	const char *end = line + len, *s;

	msg[0] = '\0';
	if (end > line && end[-1] == '\r')
		end--;
	s = skip_blanks(line, end);
	if (s == end || *s == '#')
		return TRACE_LINE_COMMENT;
	if (end - s > 4 && !memcmp(s, "CPU:", 4)) {
		if (parse_lost(s, end, ev))
			return TRACE_LINE_LOST;
		return bad(msg, msg_size, "a CPU: line that is not 'CPU:N [LOST M EVENTS]'");
	}
	if (is_report_header(s, end))
		return TRACE_LINE_COMMENT;
	return parse_event(p, s, end, ev, msg, msg_size);
}

/* ---- the reader ---- */

/*
 * Input. The first bytes tell gzip (1f 8b) from text. Text is read into the line buffer as it
 * is; gzip is inflated into it member by member, as gzip -d does: a member may be followed by
 * another (cat a.gz b.gz), and anything else after the last member is an error, not a silent
 * end, so a trace with something appended or a stream that lost its framing is noticed.
 */

#define TRACE_CHUNK	   (256u << 10)	 /* bytes read, or inflated, at a time */
#define TRACE_MAX_LINE	   (64u << 10)	 /* a longer line is reported and skipped */
#define TRACE_MAX_MSGS	   50		 /* malformed-line messages shown; the rest are counted */
#define TRACE_MAX_TRAILING (64ull << 20) /* trailing bytes counted from a pipe, at most */

struct trace_reader {
	int fd;
	char name[PATH_MAX];
	struct trace_reader_opts opts;
	struct trace_stats stats;
	unsigned long line_no;
	unsigned long bad_msgs;
	char *buf;
	size_t start, end, cap; /* unread bytes are buf[start, end) */
	bool eof;		/* no more bytes will come into buf */
	bool skipping;		/* inside a line too long to keep */

	/* gzip input: the compressed bytes not yet inflated are zs.next_in[0, zs.avail_in) */
	bool gzip;
	bool member_end; /* inflate() finished a member: another one, or the end, follows */
	bool in_eof;	 /* read() of the file returned 0 */
	z_stream zs;
	unsigned char *in;

	char msg[512];
	struct trace_parser parser;
};

static void report(struct trace_reader *r, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report(struct trace_reader *r, unsigned long line, const char *fmt, ...)
{
	FILE *out = r->opts.msgs ? r->opts.msgs : stderr;
	va_list ap;

	if (r->opts.quiet)
		return;
	if (line)
		fprintf(out, "%s:%lu: ", r->name, line);
	else
		fprintf(out, "%s: ", r->name);
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
}

/* read(), through EINTR: a signal handler that lets the program go on must not end the trace */
static ssize_t read_fd(int fd, void *p, size_t n)
{
	ssize_t got;

	do
		got = read(fd, p, n);
	while (got < 0 && errno == EINTR);
	return got;
}

static int read_error(struct trace_reader *r, const char *what)
{
	report(r, 0, "read error after line %lu: %s", r->line_no, what);
	return -EIO;
}

/* More compressed input after what is left of it; in_eof at the end of the file */
static int fill_in(struct trace_reader *r)
{
	ssize_t n;

	if (r->zs.avail_in && r->zs.next_in != r->in)
		memmove(r->in, r->zs.next_in, r->zs.avail_in);
	r->zs.next_in = r->in;
	n = read_fd(r->fd, r->in + r->zs.avail_in, TRACE_CHUNK - r->zs.avail_in);
	if (n < 0)
		return read_error(r, strerror(errno));
	if (!n)
		r->in_eof = true;
	r->zs.avail_in += (unsigned int)n;
	return 0;
}

/* What follows the last gzip member: counted (from a pipe, up to a bound) and reported */
static int trailing_garbage(struct trace_reader *r)
{
	unsigned long long n = r->zs.avail_in;
	const char *more = "";
	struct stat st;
	off_t pos;
	ssize_t got;

	pos = lseek(r->fd, 0, SEEK_CUR);
	if (!fstat(r->fd, &st) && S_ISREG(st.st_mode) && pos >= 0 && st.st_size >= pos) {
		n += (unsigned long long)(st.st_size - pos);
	} else {
		while ((got = read_fd(r->fd, r->in, TRACE_CHUNK)) > 0 && n < TRACE_MAX_TRAILING)
			n += (unsigned long long)got;
		if (got > 0)
			more = "at least ";
	}
	report(r, 0,
	       "%s%llu bytes after the end of the gzip stream, and not another gzip member: the "
	       "file is damaged or has something appended",
	       more, n);
	return -EIO;
}

/* Inflates into buf[end, cap) until some bytes come out, or the end, or an error */
static int inflate_more(struct trace_reader *r)
{
	for (;;) {
		size_t room = r->cap - r->end;
		int ret, err;

		if (!r->zs.avail_in || (r->member_end && r->zs.avail_in < 2)) {
			if (!r->in_eof) {
				err = fill_in(r);
				if (err)
					return err;
				continue;
			}
		}
		if (r->member_end) {
			if (!r->zs.avail_in) {
				r->eof = true;
				return 0;
			}
			if (r->zs.avail_in < 2 || r->zs.next_in[0] != 0x1f ||
			    r->zs.next_in[1] != 0x8b)
				return trailing_garbage(r);
			inflateReset(&r->zs);
			r->member_end = false;
		}
		r->zs.next_out = (unsigned char *)r->buf + r->end;
		r->zs.avail_out = (unsigned int)room;
		ret = inflate(&r->zs, Z_NO_FLUSH);
		r->end += room - r->zs.avail_out;
		r->stats.bytes += room - r->zs.avail_out;
		if (ret == Z_STREAM_END)
			r->member_end = true;
		else if (ret == Z_BUF_ERROR && r->in_eof && !r->zs.avail_in)
			return read_error(r, "unexpected end of file");
		else if (ret != Z_OK && ret != Z_BUF_ERROR)
			return read_error(r, r->zs.msg ? r->zs.msg : "compressed data error");
		if (r->zs.avail_out != room)
			return 0;
	}
}

/* Moves the unread bytes to the front and reads more after them; sets eof at the end */
static int read_more(struct trace_reader *r)
{
	ssize_t n;

	if (r->start) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->gzip)
		return inflate_more(r);
	n = read_fd(r->fd, r->buf + r->end, r->cap - r->end);
	if (n < 0)
		return read_error(r, strerror(errno));
	if (!n)
		r->eof = true;
	r->end += (size_t)n;
	r->stats.bytes += (uint64_t)n;
	return 0;
}

/*
 * Tells gzip from text by the first two bytes, read into the line buffer; for gzip they move
 * to the compressed input, which inflate_more() continues.
 */
static int sniff(struct trace_reader *r)
{
	while (r->end < 2) {
		ssize_t n = read_fd(r->fd, r->buf + r->end, TRACE_CHUNK - r->end);

		if (n < 0)
			return -errno;
		if (!n)
			break;
		r->end += (size_t)n;
	}
	if (r->end < 2 || (unsigned char)r->buf[0] != 0x1f || (unsigned char)r->buf[1] != 0x8b) {
		r->eof = r->end < 2;
		r->stats.bytes = r->end;
		return 0;
	}
	r->in = malloc(TRACE_CHUNK);
	if (!r->in || inflateInit2(&r->zs, 16 + MAX_WBITS) != Z_OK)
		return -ENOMEM;
	r->gzip = true;
	memcpy(r->in, r->buf, r->end);
	r->zs.next_in = r->in;
	r->zs.avail_in = (unsigned int)r->end;
	r->end = 0;
	return 0;
}

static void reader_free(struct trace_reader *r)
{
	if (r->gzip)
		inflateEnd(&r->zs);
	if (r->fd >= 0)
		close(r->fd);
	free(r->in);
	free(r->buf);
	free(r);
}

struct trace_reader *trace_open(const char *path, const struct trace_reader_opts *opts)
{
	struct trace_reader *r = calloc(1, sizeof(*r));
	int err;

	if (!r) {
		fprintf(stderr, "%s: out of memory\n", path);
		errno = ENOMEM;
		return NULL;
	}
	if (opts)
		r->opts = *opts;
	trace_parser_init(&r->parser);
	r->cap = TRACE_CHUNK + TRACE_MAX_LINE;
	r->buf = malloc(r->cap);
	if (!strcmp(path, "-")) {
		snprintf(r->name, sizeof(r->name), "<stdin>");
		r->fd = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 0);
	} else {
		snprintf(r->name, sizeof(r->name), "%s", path);
		r->fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	err = r->fd < 0 ? errno : !r->buf ? ENOMEM : -sniff(r);
	if (err) {
		fprintf(stderr, "%s: cannot open: %s\n", r->name, strerror(err));
		reader_free(r);
		errno = err;
		return NULL;
	}
	return r;
}

/* A line longer than TRACE_MAX_LINE, wherever it falls in the buffer: malformed */
static int too_long(struct trace_reader *r, unsigned long line)
{
	r->stats.lines++;
	r->stats.malformed++;
	report(r, line, "line longer than %u bytes%s", TRACE_MAX_LINE,
	       r->opts.strict ? "" : " (skipped)");
	return r->opts.strict ? -EINVAL : 0;
}

/* The next line, without its newline; 1, 0 at the end, -EIO, or -EINVAL (strict) */
static int next_line(struct trace_reader *r, const char **line, size_t *len)
{
	for (;;) {
		char *s = r->buf + r->start;
		char *nl = memchr(s, '\n', r->end - r->start);
		int err;

		if (nl || (r->eof && r->start < r->end)) {
			size_t n = nl ? (size_t)(nl - s) : r->end - r->start;

			r->start += n + !!nl;
			r->line_no++;
			if (r->skipping) {
				r->skipping = false;
				continue;
			}
			if (n > TRACE_MAX_LINE) {
				err = too_long(r, r->line_no);
				if (err)
					return err;
				continue;
			}
			*line = s;
			*len = n;
			return 1;
		}
		if (r->eof)
			return 0;
		if (r->end - r->start > TRACE_MAX_LINE) {
			if (!r->skipping) {
				err = too_long(r, r->line_no + 1);
				if (err)
					return err;
			}
			r->skipping = true;
			r->start = r->end;
		}
		err = read_more(r);
		if (err)
			return err;
	}
}

int trace_next(struct trace_reader *r, struct trace_event *ev)
{
	/* set: gcc -Os cannot see that next_line() fills them whenever it returns 1 */
	const char *line = NULL;
	size_t len = 0;
	int ret;

	while ((ret = next_line(r, &line, &len)) > 0) {
		r->stats.lines++;
		switch (trace_parse_line(&r->parser, line, len, ev, r->msg, sizeof(r->msg))) {
		case TRACE_LINE_EVENT:
			r->stats.events++;
			r->stats.by_type[ev->type]++;
			if (ev->gfp_unknown)
				r->stats.unknown_gfp++;
			if (r->msg[0])
				report(r, r->line_no, "%s", r->msg);
			return 1;
		case TRACE_LINE_COMMENT:
			r->stats.comments++;
			break;
		case TRACE_LINE_LOST:
			r->stats.lost_markers++;
			/* a sum past 2^64 events would only come from a broken trace: saturate */
			if (__builtin_add_overflow(r->stats.lost_events, ev->lost,
						   &r->stats.lost_events))
				r->stats.lost_events = UINT64_MAX;
			if (ev->lost_unknown)
				report(r, r->line_no,
				       "CPU %d lost events (the trace does not say how many): the "
				       "trace is incomplete here",
				       ev->cpu);
			else
				report(r, r->line_no,
				       "CPU %d lost %llu events: the trace is incomplete here",
				       ev->cpu, (unsigned long long)ev->lost);
			break;
		case TRACE_LINE_BAD:
			r->stats.malformed++;
			if (r->opts.strict) {
				report(r, r->line_no, "%s", r->msg);
				return -EINVAL;
			}
			if (r->bad_msgs++ < TRACE_MAX_MSGS)
				report(r, r->line_no, "%s (line skipped)", r->msg);
			else if (r->bad_msgs == TRACE_MAX_MSGS + 1)
				report(r, 0, "more malformed lines: counted, not shown");
			break;
		}
	}
	return ret;
}

const struct trace_stats *trace_reader_stats(const struct trace_reader *r)
{
	return &r->stats;
}

unsigned long trace_line_no(const struct trace_reader *r)
{
	return r->line_no;
}

FILE *trace_set_msgs(struct trace_reader *r, FILE *msgs)
{
	FILE *old = r->opts.msgs;

	r->opts.msgs = msgs;
	return old;
}

const char *trace_name(const struct trace_reader *r)
{
	return r->name;
}

void trace_close(struct trace_reader *r)
{
	if (r)
		reader_free(r);
}
