/* SPDX-License-Identifier: GPL-2.0 */
/* Command-line helpers shared by kmembench's subcommands: one-line usage errors, exit 2. */
#ifndef _KMEM_CLI_H
#define _KMEM_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <kmem/kmem.h>

#include "workloads/runner.h"

/* a bad command line: the status the runner gives a value it refuses, so the two agree */
enum { EXIT_USAGE = RUNNER_EXIT_USAGE };

/* "kmembench CMD: MESSAGE (see 'kmembench CMD --help')" on stderr; returns EXIT_USAGE */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* What getopt_long() rejected (@c is its return value, '?' or ':'), in one line */
int cli_bad_option(const char *cmd, int c, char **argv, const struct option *longopts);
/*
 * The end of every command's option switch: 'h' (-h, --help) prints @help and 'V' (--version)
 * the version, both on stdout; anything else is cli_bad_option(). Returns -1 after 'h' or 'V'
 * (the command is done, exit status 0), else EXIT_USAGE.
 */
int cli_other_option(const char *cmd, int c, char **argv, const struct option *longopts,
		     void (*help)(FILE *out));
/*
 * The command line's integers: the whole of @s as kmem_parse_dec() reads it, decimal digits and
 * nothing else ("010" is ten, "08" eight; no sign, space, base prefix or suffix). False on
 * anything else and on overflow.
 */
bool cli_parse_u64(const char *s, uint64_t *out);
/*
 * A comma-separated list of names, or "all", as a bit mask over the @count (at most 64) names
 * that @name_of returns; an unknown one is a usage error naming @what (the flag or variable),
 * @kind ("back end") and the names known. Returns 0 or EXIT_USAGE.
 */
int cli_parse_name_list(const char *cmd, const char *what, const char *kind, const char *list,
			int count, const char *(*name_of)(int), uint64_t *mask);

/*
 * The end of every command's option table: -h/--help and --version, which cli_other_option()
 * answers, and the terminator
 */
#define CLI_END_OPTIONS                                                            \
	{ "help", no_argument, NULL, 'h' }, { "version", no_argument, NULL, 'V' }, \
	{                                                                          \
		NULL, 0, NULL, 0                                                   \
	}

/* "kmembench VERSION (git COMMIT)" on @out; the commit is that of the build, when known */
void cli_version(FILE *out);

/* --backend, --arch and --mem: the options of every subcommand that boots the model */
#define CLI_MODEL_OPTIONS                                                                      \
	{ "backend", required_argument, NULL, 'b' }, { "arch", required_argument, NULL, 'a' }, \
	{                                                                                      \
		"mem", required_argument, NULL, 'm'                                            \
	}

/* What those options said: NULL for one not given */
struct cli_model {
	const char *backends, *arches, *mem;
};

/* Records getopt_long()'s @c, with @arg, in @m when it is one of CLI_MODEL_OPTIONS: true then */
bool cli_model_option(struct cli_model *m, int c, const char *arg);

/**
 * cli_model_resolve - the back ends, arch profiles and RAM a subcommand boots: each from its
 * option, else from the environment (KMEM_BACKEND, KMEM_ARCH, KMEM_MEM in @env), else the
 * default: every back end, @default_arches, and 0 (each profile's own RAM)
 * @cmd: the subcommand, for messages
 * @m: what the options said
 * @env: kmem_config_from_env()'s
 * @default_arches: "all" or one profile
 * @backends, @arches: receive bit masks over kmem_backend_name() and kmem_arch_name()
 * @mem_bytes: receives the RAM, 0 for each profile's default
 *
 * Return: 0, or EXIT_USAGE after one line naming the option or variable at fault.
 */
int cli_model_resolve(const char *cmd, const struct cli_model *m, const struct kmem_config *env,
		      const char *default_arches, uint64_t *backends, uint64_t *arches,
		      unsigned long long *mem_bytes);

#endif
