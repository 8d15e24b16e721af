/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Run directories: where a command puts its tables (results/YYYYmmdd-HHMMSS-XXXX, or the one
 * asked for), and how it stops when interrupted so that the directory holds whole files only.
 *
 * Interruption: run_interrupt_catch() makes SIGINT and SIGTERM set a flag that
 * run_interrupted() returns (the signal's number, 0 when none came) and nothing else, so a
 * command checks it between steps, stops cleanly, closes its tables and exits 128 + signal. The
 * handler is reset by the first signal: a second one ends the process at once, and the
 * temporary files of csv_open() then leave the run directory as it was. A signal the command
 * was started with ignored (a background job of a script) stays ignored.
 * run_interrupt_release() restores the handlers run_interrupt_catch() found.
 */
#ifndef _KMEM_RESULTS_RUNDIR_H
#define _KMEM_RESULTS_RUNDIR_H

#include <stddef.h>

/**
 * make_dirs - create the directory @path and its missing parents, as mkdir -p does
 * @path: the directory
 *
 * Return: 0 (also when it exists), or -errno.
 */
int make_dirs(const char *path);

/**
 * run_dir_create - make the directory a run writes into
 * @out: the directory to use (created, parents included, if missing), or NULL for a new
 *       results/YYYYmmdd-HHMMSS-XXXX under the working directory
 * @path: receives the directory's path
 * @size: size of @path
 *
 * Return: 0, or -errno after a message on stderr.
 */
int run_dir_create(const char *out, char *path, size_t size) __attribute__((nonnull(2)));

int run_interrupt_catch(void);
int run_interrupted(void);
void run_interrupt_release(void);
/* run_signal_name - "SIGINT": the name of signal @sig, in a buffer the next call reuses */
const char *run_signal_name(int sig);

#endif
