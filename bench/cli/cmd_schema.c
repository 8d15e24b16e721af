// SPDX-License-Identifier: GPL-2.0
/*
 * `kmembench schema [-o FILE]`: results/SCHEMA.md as the workload descriptors compiled into this
 * binary describe the result files (results/schema_doc.c writes it). The build runs it to make
 * the SCHEMA.md it installs, and the test schema.generated compares the source tree's copy with
 * it.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "workloads/workload.h"
#include "cli.h"
#include "cmd_schema.h"

#define CMD "schema"

void cmd_schema_help(FILE *out)
{
	fprintf(out,
		"Usage: kmembench schema [-o FILE]\n"
		"\n"
		"Writes the schema of the result files, results/SCHEMA.md, as this\n"
		"kmembench's workload descriptors describe them: meta.csv, then every table\n"
		"of every workload and of the replay, each column with its type, unit and\n"
		"meaning. 'kmembench check-schema' holds run directories to the same tables.\n"
		"\n"
		"Options:\n"
		"  -o, --out FILE  write to FILE, replaced only once complete (default: stdout)\n"
		"  -h, --help      this help\n"
		"  --version       the version of kmembench\n");
}

struct schema_table *cmd_schema_tables(const char *cmd, unsigned int *nr)
{
	unsigned int n = result_schema_tables(NULL, 0);
	struct schema_table *tables = calloc(n ? n : 1, sizeof(*tables));

	if (!tables) {
		fprintf(stderr, "kmembench %s: out of memory\n", cmd);
		return NULL;
	}
	*nr = result_schema_tables(tables, n);
	return tables;
}

static int write_schema(FILE *f)
{
	struct schema_table *tables;
	char intro[256];
	unsigned int nr;
	int err;

	tables = cmd_schema_tables(CMD, &nr);
	if (!tables)
		return -ENOMEM;
	result_schema_intro(intro, sizeof(intro));
	err = schema_doc_write(f, intro, tables, nr);
	free(tables);
	return err;
}

/* Into a temporary file beside @path, renamed over it when whole: @path is never half written */
static int write_file(const char *path)
{
	char tmp[PATH_MAX];
	FILE *f;
	int err;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.%d.tmp", path, (int)getpid()) >= sizeof(tmp)) {
		fprintf(stderr, "kmembench " CMD ": %s: %s\n", path, strerror(ENAMETOOLONG));
		return 1;
	}
	f = fopen(tmp, "w");
	if (!f) {
		fprintf(stderr, "kmembench " CMD ": cannot create %s: %s\n", tmp, strerror(errno));
		return 1;
	}
	err = write_schema(f);
	if (fclose(f) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err) {
		if (err != -ENOMEM)
			fprintf(stderr,
				"kmembench " CMD ": writing %s failed: %s; it is left as it was\n",
				path, strerror(-err));
		unlink(tmp);
		return 1;
	}
	return 0;
}

int cmd_schema(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, 'o' },
		CLI_END_OPTIONS,
	};
	const char *out = NULL;
	int c;

	while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			if (!*optarg)
				return cli_usage_error(CMD, "--out: empty file name");
			out = optarg;
			break;
		default:
			c = cli_other_option(CMD, c, argv, longopts, cmd_schema_help);
			return c < 0 ? 0 : c;
		}
	}
	if (optind < argc)
		return cli_usage_error(CMD, "unexpected argument '%s'", argv[optind]);
	if (out)
		return write_file(out);
	c = write_schema(stdout);
	if (c && c != -ENOMEM)
		fprintf(stderr, "kmembench " CMD ": writing to stdout failed: %s\n", strerror(-c));
	return c ? 1 : 0;
}
