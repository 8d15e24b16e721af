// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the trace line parser (workloads/trace/trace_parse.c) and the gfp flag
 * parser under it (kmem_parse_gfp). The input is split into lines as the reader splits a trace, and
 * each line is parsed; whatever the bytes, the parser must return a kind, leave a NUL-terminated
 * message, and point only into the line it was given. Built with clang -fsanitize=fuzzer,
 * address,undefined, so an out-of-bounds read, an overflow or a trap is a finding.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <kmem/kmem.h>

#include "workloads/trace/trace_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct trace_parser parser;

/* A parsed event's strings must lie inside its line */
static void check_inside(const char *p, size_t len, const char *line, size_t line_len)
{
	if (p && (p < line || p + len > line + line_len))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *end = text + size;
	char unknown[48], msg[256];
	unsigned int gfp;
	int ret;

	ret = kmem_parse_gfp(text, size, &gfp, unknown, sizeof(unknown));
	if (ret < -22 || ret > 1 || !memchr(unknown, '\0', sizeof(unknown)))
		__builtin_trap();

	trace_parser_init(&parser);
	while (text < end) {
		const char *nl = memchr(text, '\n', (size_t)(end - text));
		size_t len = nl ? (size_t)(nl - text) : (size_t)(end - text);
		struct trace_event ev;
		enum trace_line_kind kind;

		memset(msg, 'x', sizeof(msg));
		kind = trace_parse_line(&parser, text, len, &ev, msg, sizeof(msg));
		if (!memchr(msg, '\0', sizeof(msg)))
			__builtin_trap();
		switch (kind) {
		case TRACE_LINE_EVENT:
			if (ev.type < 0 || ev.type >= TRACE_NR_TYPES)
				__builtin_trap();
			check_inside(ev.event, ev.event_len, text, len);
			check_inside(ev.name, ev.name_len, text, len);
			break;
		case TRACE_LINE_BAD:
			if (!msg[0])
				__builtin_trap();
			break;
		case TRACE_LINE_LOST:
			/* a marker without a count says so, and counts nothing */
			if (ev.lost_unknown && ev.lost)
				__builtin_trap();
			break;
		case TRACE_LINE_COMMENT:
			break;
		default:
			__builtin_trap();
		}
		text += len + (nl != NULL);
	}
	return 0;
}
