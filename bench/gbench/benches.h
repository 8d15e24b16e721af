/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The benchmark files of kmembench-gbench: each registers its benchmarks with the Google
 * Benchmark shim; gbench_main.c calls them all, then runs what the flags select.
 */
#ifndef _KMEM_BENCHES_H
#define _KMEM_BENCHES_H

#include <stdbool.h>

void page_bench_register(void);	      /* page_bench.c: alloc_pages/__free_pages */
void slab_bench_register(void);	      /* slab_bench.c: kmalloc, kmem_cache, malloc for comparison */
void vm_bench_register(void);	      /* vm_bench.c: vmalloc/vfree, kmap/kunmap */
void contention_bench_register(void); /* contention_bench.c: threads x alloc/free */
void latency_bench_register(void);    /* latency_bench.c: per-call percentiles as counters */
void workload_bench_register(void);   /* workload_bench.c: each workload, quick, via the runner */

struct gbench_state;
struct kmem_config;

/*
 * bench_boot - boot the model for one benchmark, outside its timing, as the runner boots it
 * (runner_boot(): CPU 0 for good, so the per-CPU list in use does not change whenever the
 * scheduler moves the thread). Labels the benchmark with the direct map's page kind. On failure
 * the benchmark is skipped with the reason.
 * Return: true when booted (the caller ends with bench_shutdown()).
 */
bool bench_boot(struct gbench_state *s, const struct kmem_config *cfg);
/*
 * bench_shutdown - the end of a benchmark booted by bench_boot(): the runner's checks
 * (runner_shutdown(): every page back, no bad page report) and shutdown. A failed check marks
 * the benchmark as an error, since its figures are then those of a broken model.
 */
void bench_shutdown(struct gbench_state *s);

#endif
