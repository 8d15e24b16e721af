// SPDX-License-Identifier: GPL-2.0
/* Files installed beside the running binary (install_path.h). */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "install_path.h"

/* The build defines it; the stand-in lets the file compile on its own */
#ifndef KMEM_INSTALL_BINDIR
#define KMEM_INSTALL_BINDIR "bin"
#endif

bool install_path(const char *rel, char *out, size_t size)
{
	static const char bindir[] = "/" KMEM_INSTALL_BINDIR;
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (len <= 0)
		return false;
	exe[len] = '\0';
	slash = strrchr(exe, '/');
	if (!slash || (size_t)(slash - exe) < sizeof(bindir) - 1)
		return false;
	slash -= sizeof(bindir) - 1;
	if (strncmp(slash, bindir, sizeof(bindir) - 1) || slash[sizeof(bindir) - 1] != '/')
		return false;
	*slash = '\0';
	return (size_t)snprintf(out, size, "%s/%s", exe, rel) < size;
}
