/* SPDX-License-Identifier: GPL-2.0 */
/* Files installed beside the running binary: the schema, the gnuplot scripts. */
#ifndef _KMEM_RESULTS_INSTALL_PATH_H
#define _KMEM_RESULTS_INSTALL_PATH_H

#include <stdbool.h>
#include <stddef.h>

/**
 * install_path - where a file installed with this binary lies
 * @rel: its place relative to the install prefix ("share/kmembench/SCHEMA.md")
 * @out: receives PREFIX/@rel
 * @size: the size of @out
 *
 * The prefix is that of the running binary when it lies in PREFIX/bin (or whatever the build
 * configured as the binary directory), so a copy installed with `cmake --install --prefix X`
 * finds its own files wherever X is.
 *
 * Return: true when the binary lies in an install prefix and PREFIX/@rel fits in @out, whether
 * or not anything is there: the caller looks for what it needs.
 */
bool install_path(const char *rel, char *out, size_t size);

#endif
