/* SPDX-License-Identifier: GPL-2.0 */
/*
 * insmod (workloads/insmod.c): a kernel module, built against <linux/module.h>, loaded into a
 * freshly booted model per (arch, back end), its init and exit run, and what it left behind
 * reported. `kmembench insmod` (bench/cli/cmd_insmod.c) fills the plan from its command line.
 */
#ifndef _KMEM_WORKLOADS_INSMOD_H
#define _KMEM_WORKLOADS_INSMOD_H

#include <stdint.h>

#include <kmem/kmem.h>

struct insmod_plan {
	const char *path; /* the module's shared object */
	int argc;	  /* its arguments, "name=value" each, as insmod takes them */
	char *const *argv;
	uint64_t backends;	      /* bit i: kmem_backend_name(i) */
	uint64_t arches;	      /* bit i: kmem_arch_name(i) */
	unsigned long long mem_bytes; /* 0: each profile's own */
	struct kmem_config env;	      /* KMEM_* of the environment: what each boot starts from */
};

/**
 * insmod_run - the module on every (arch, back end) of @plan
 * @plan: what to load, with what, where
 *
 * The module is loaded once first, with no model booted, so that a file that is no module, a
 * module without init or a refused argument is said once, in one line. Then each combination
 * runs in a child process of its own, so that a crash leaves the others and the terminal as
 * they were: boot, load, init, then exit if init succeeded, then the report on stdout: init's
 * value, exit, what the module leaked against the model right after boot (free pages once the
 * per-CPU lists are drained and the slabs shrunk, active objects per slab cache, vmalloc areas),
 * bad page reports, slab errors, WARNings, and arguments ignored. init's failure is also said
 * as insmod says it ("insmod: ERROR: could not insert module PATH: Cannot allocate memory").
 *
 * Return: 0 when on every combination init returned 0 and nothing leaked or was reported; 1
 * otherwise; 2 when the model refuses a value of @plan.
 */
int insmod_run(const struct insmod_plan *plan);

#endif
