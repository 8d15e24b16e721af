/* SPDX-License-Identifier: GPL-2.0 */
/* Command-line helpers shared by kmembench's subcommands: one-line usage errors, exit 2. */
#ifndef _KMEM_CLI_H
#define _KMEM_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>

enum { CLI_EXIT_USAGE = 2 };

/* "kmembench CMD: MESSAGE (see 'kmembench CMD --help')" on stderr; returns CLI_EXIT_USAGE */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* What getopt_long() rejected (@c is its return value, '?' or ':'), in one line */
int cli_bad_option(const char *cmd, int c, char **argv, const struct option *longopts);
/* A decimal (or 0x hex) unsigned integer with nothing after it; false on anything else */
bool cli_parse_u64(const char *s, uint64_t *out);
/*
 * A comma-separated list of names, or "all", as a bit mask over the @count (at most 64) names
 * that @name_of returns; an unknown one is a usage error naming @what (the flag or variable),
 * @kind ("back end") and the names known. Returns 0 or CLI_EXIT_USAGE.
 */
int cli_parse_name_list(const char *cmd, const char *what, const char *kind, const char *list,
			int count, const char *(*name_of)(int), uint64_t *mask);

#endif
