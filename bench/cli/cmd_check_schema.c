// SPDX-License-Identifier: GPL-2.0
/*
 * `kmembench check-schema RUN-DIR`: the command line of the checker in results/schema.c,
 * which schema it holds the run to (the built-in descriptors, or a SCHEMA.md given), and where
 * its verdict and its problems go.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results/schema.h"
#include "cli.h"
#include "cmd_check_schema.h"
#include "cmd_schema.h"

#define CMD "check-schema"

void cmd_check_schema_help(FILE *out)
{
	fprintf(out,
		"Usage: kmembench check-schema RUN-DIR [--schema FILE]\n"
		"\n"
		"Checks every *.csv file of RUN-DIR against the schema: each must be a table\n"
		"the schema documents, with a header equal to the documented columns in order,\n"
		"and fields that parse as the documented types (str, int, float). Prints\n"
		"FILE:LINE: reason for the first problems on stderr and exits 1 if there are\n"
		"any; otherwise one line on stdout naming the schema used.\n"
		"\n"
		"Options:\n"
		"  --schema FILE  read the schema from FILE, markdown as 'kmembench schema'\n"
		"                 writes it (default: the tables this kmembench writes, as\n"
		"                 its built-in descriptors describe them)\n"
		"  -h, --help     this help\n"
		"  --version      the version of kmembench\n");
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
		CLI_END_OPTIONS,
	};
	const char *schema = NULL;
	struct schema_table *tables = NULL;
	unsigned int nr = 0;
	char *text = NULL;
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
		default:
			err = cli_other_option(CMD, c, argv, longopts, cmd_check_schema_help);
			return err < 0 ? 0 : err;
		}
	}
	if (optind == argc)
		return cli_usage_error(CMD, "no RUN-DIR given");
	if (argc - optind > 1)
		return cli_usage_error(CMD, "unexpected argument '%s'", argv[optind + 1]);
	/* The binary's own descriptors describe what it writes: no file to find, none to trust */
	if (!schema && !(tables = cmd_schema_tables(CMD, &nr)))
		return 1;
	out = open_memstream(&text, &len);
	if (!out) {
		fprintf(stderr, "kmembench " CMD ": out of memory\n");
		free(tables);
		return 1;
	}
	err = schema ? schema_check_dir(argv[optind], schema, out)
		     : schema_check_dir_tables(argv[optind], tables, nr, CMD_SCHEMA_BUILTIN, out);
	free(tables);
	if (fclose(out)) {
		fprintf(stderr, "kmembench " CMD ": out of memory\n");
		free(text);
		return 1;
	}
	print_result(text, len, err);
	free(text);
	return err < 0 ? EXIT_USAGE : err;
}
