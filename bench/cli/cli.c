// SPDX-License-Identifier: GPL-2.0
/* Command-line helpers shared by kmembench's subcommands (cli.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The build defines these; the stand-ins let the file compile on its own */
#ifndef KMEM_VERSION
#define KMEM_VERSION "unknown"
#endif
#ifndef KMEM_GIT_COMMIT
#define KMEM_GIT_COMMIT ""
#endif

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "kmembench %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see 'kmembench %s --help')\n", cmd);
	return EXIT_USAGE;
}

int cli_bad_option(const char *cmd, int c, char **argv, const struct option *longopts)
{
	const char *arg = argv[optind - 1];
	size_t len = strcspn(arg, "=");

	if (c == ':')
		return cli_usage_error(cmd, "option '%s' needs a value", arg);
	if (optopt && arg[0] == '-' && arg[1] != '-')
		return cli_usage_error(cmd, "unknown option '-%c'", optopt);
	if (arg[len] == '=')
		for (const struct option *o = longopts; o->name; o++)
			if (strlen(o->name) == len - 2 && !strncmp(o->name, arg + 2, len - 2))
				return cli_usage_error(cmd, "option '--%s' takes no value",
						       o->name);
	return cli_usage_error(cmd, "unknown option '%s'", arg);
}

int cli_other_option(const char *cmd, int c, char **argv, const struct option *longopts,
		     void (*help)(FILE *out))
{
	if (c == 'h')
		help(stdout);
	else if (c == 'V')
		cli_version(stdout);
	else
		return cli_bad_option(cmd, c, argv, longopts);
	return -1;
}

bool cli_parse_u64(const char *s, uint64_t *out)
{
	return kmem_parse_dec(s, s + strlen(s), out);
}

void cli_version(FILE *out)
{
	fprintf(out, "kmembench %s%s%s%s\n", KMEM_VERSION, KMEM_GIT_COMMIT[0] ? " (git " : "",
		KMEM_GIT_COMMIT, KMEM_GIT_COMMIT[0] ? ")" : "");
}

int cli_parse_name_list(const char *cmd, const char *what, const char *kind, const char *list,
			int count, const char *(*name_of)(int), uint64_t *mask)
{
	const char *p = list;

	*mask = 0;
	for (;;) {
		size_t len = strcspn(p, ",");
		int i;

		if (len == 3 && !strncmp(p, "all", 3)) {
			*mask |= (count >= 64 ? ~0ULL : (1ULL << count) - 1);
		} else {
			for (i = 0; i < count; i++)
				if (strlen(name_of(i)) == len && !strncmp(p, name_of(i), len))
					break;
			if (i == count) {
				char known[256] = "";

				for (int j = 0; j < count; j++) {
					strncat(known, name_of(j),
						sizeof(known) - strlen(known) - 1);
					strncat(known, ", ", sizeof(known) - strlen(known) - 1);
				}
				return cli_usage_error(cmd, "%s: unknown %s '%.*s' (known: %sall)",
						       what, kind, (int)len, p, known);
			}
			*mask |= 1ULL << i;
		}
		if (!p[len])
			return 0;
		p += len + 1;
	}
}

bool cli_model_option(struct cli_model *m, int c, const char *arg)
{
	switch (c) {
	case 'b':
		m->backends = arg;
		return true;
	case 'a':
		m->arches = arg;
		return true;
	case 'm':
		m->mem = arg;
		return true;
	default:
		return false;
	}
}

/* @list, comma-separated, holds @name itself */
static bool list_names(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; p; p = strchr(p, ','), p = p ? p + 1 : NULL)
		if (!strncmp(p, name, n) && (p[n] == ',' || !p[n]))
			return true;
	return false;
}

int cli_model_resolve(const char *cmd, const struct cli_model *m, const struct kmem_config *env,
		      const char *default_arches, uint64_t *backends, uint64_t *arches,
		      unsigned long long *mem_bytes)
{
	int err;

	err = cli_parse_name_list(cmd, m->backends || !env->backend ? "--backend" : "KMEM_BACKEND",
				  "back end", m->backends ?: env->backend ?: "all",
				  kmem_backend_count(), kmem_backend_name, backends) ?:
	      cli_parse_name_list(cmd, m->arches || !env->arch ? "--arch" : "KMEM_ARCH",
				  "arch profile", m->arches ?: env->arch ?: default_arches,
				  kmem_arch_count(), kmem_arch_name, arches);
	if (err)
		return err;
	/* "all" is the built-in profiles: the host's, this machine's, only when named */
	for (int i = 0; i < kmem_arch_count(); i++)
		if (!strcmp(kmem_arch_name(i), "host") &&
		    !list_names(m->arches ?: env->arch ?: default_arches, "host"))
			*arches &= ~(1ULL << i);
	*mem_bytes = env->mem_bytes;
	if (m->mem && (kmem_parse_size(m->mem, mem_bytes) || !*mem_bytes))
		return cli_usage_error(cmd, "--mem: '%s' is not a size (6G, 512M, 4096K, bytes)",
				       m->mem);
	return 0;
}
