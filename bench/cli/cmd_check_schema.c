// SPDX-License-Identifier: GPL-2.0
/*
 * `kmembench check-schema RUN-DIR`: the command line of the checker in results/schema.c,
 * which SCHEMA.md it reads, and where its verdict and its problems go.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "results/install_path.h"
#include "results/schema.h"
#include "cli.h"
#include "cmd_check_schema.h"

#define CMD "check-schema"

#ifndef KMEM_SOURCE_DIR
#define KMEM_SOURCE_DIR "."
#endif
/* Relative to the install prefix, and as configured (absolute) */
#ifndef KMEM_INSTALL_SCHEMA
#define KMEM_INSTALL_SCHEMA "share/kmembench/SCHEMA.md"
#endif
#ifndef KMEM_INSTALL_FULL_SCHEMA
#define KMEM_INSTALL_FULL_SCHEMA "/usr/local/share/kmembench/SCHEMA.md"
#endif

#define SOURCE_SCHEMA KMEM_SOURCE_DIR "/results/SCHEMA.md"

void cmd_check_schema_help(FILE *out)
{
	fprintf(out,
		"Usage: kmembench check-schema RUN-DIR [--schema FILE]\n"
		"\n"
		"Checks every *.csv file of RUN-DIR against the schema: each needs a\n"
		"'## FILE.csv' section, a header equal to the documented columns in order, and\n"
		"fields that parse as the documented types (str, int, float). Prints\n"
		"FILE:LINE: reason for the first problems on stderr and exits 1 if there are\n"
		"any; otherwise one line on stdout naming the schema read.\n"
		"\n"
		"Options:\n"
		"  --schema FILE  the schema (default: the copy installed with this kmembench,\n"
		"                 PREFIX/%s, else the source tree's:\n"
		"                 %s)\n"
		"  -h, --help     this help\n"
		"  --version      the version of kmembench\n",
		KMEM_INSTALL_SCHEMA, SOURCE_SCHEMA);
}

/*
 * The schema that documents what this binary writes: the copy installed with it, else the
 * source tree it was built from, else the configured install place. The working directory is
 * not searched: an installed kmembench run inside some other checkout would read that
 * checkout's schema, which need not match its own files.
 */
static const char *default_schema(char *buf, size_t size)
{
	if (install_path(KMEM_INSTALL_SCHEMA, buf, size) && !access(buf, R_OK))
		return buf;
	if (!access(SOURCE_SCHEMA, R_OK))
		return SOURCE_SCHEMA;
	if (!access(KMEM_INSTALL_FULL_SCHEMA, R_OK))
		return KMEM_INSTALL_FULL_SCHEMA;
	return NULL;
}

/*
 * The checker writes problems and verdict to one stream, the verdict last. A failed check's
 * lines, and a passed check's lines before its verdict (warnings), are messages: stderr, each
 * prefixed with the command, as every other message of kmembench. The verdict of a passed
 * check is its output: stdout.
 */
static void print_result(const char *text, size_t len, int status)
{
	const char *end = text + len, *verdict = end;

	if (!status) {
		while (verdict > text && verdict[-1] == '\n')
			verdict--;
		while (verdict > text && verdict[-1] != '\n')
			verdict--;
	}
	while (text < verdict) {
		const char *nl = memchr(text, '\n', (size_t)(verdict - text));
		int n = (int)((nl ? nl : verdict) - text);

		fprintf(stderr, "kmembench " CMD ": %.*s\n", n, text);
		text += n + (nl != NULL);
	}
	fwrite(verdict, 1, (size_t)(end - verdict), stdout);
}

int cmd_check_schema(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "schema", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		CLI_VERSION_OPTION,
		{ NULL, 0, NULL, 0 },
	};
	const char *schema = NULL;
	char installed[PATH_MAX], *text = NULL;
	size_t len = 0;
	FILE *out;
	int c, err;

	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (!*optarg)
				return cli_usage_error(CMD, "--schema: empty file name");
			schema = optarg;
			break;
		case 'h':
			cmd_check_schema_help(stdout);
			return 0;
		case 'V':
			cli_version(stdout);
			return 0;
		default:
			return cli_bad_option(CMD, c, argv, longopts);
		}
	}
	if (optind == argc)
		return cli_usage_error(CMD, "no RUN-DIR given");
	if (argc - optind > 1)
		return cli_usage_error(CMD, "unexpected argument '%s'", argv[optind + 1]);
	if (!schema)
		schema = default_schema(installed, sizeof(installed));
	if (!schema)
		return cli_usage_error(CMD,
				       "no SCHEMA.md installed (PREFIX/%s) or in the source tree "
				       "(%s): give --schema FILE",
				       KMEM_INSTALL_SCHEMA, SOURCE_SCHEMA);
	out = open_memstream(&text, &len);
	if (!out) {
		fprintf(stderr, "kmembench " CMD ": out of memory\n");
		return 1;
	}
	err = schema_check_dir(argv[optind], schema, out);
	if (fclose(out)) {
		fprintf(stderr, "kmembench " CMD ": out of memory\n");
		free(text);
		return 1;
	}
	print_result(text, len, err);
	free(text);
	return err < 0 ? EXIT_USAGE : err;
}
