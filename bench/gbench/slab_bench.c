// SPDX-License-Identifier: GPL-2.0
/*
 * Slab micro-benchmarks under Google Benchmark (through gbench_shim.h): one allocation and one
 * free per iteration, at the kmalloc class sizes, for the model and, in the same binary and
 * run, for the C library's malloc and for mimalloc. Names are
 *
 *	kmalloc_kfree/BACKEND/size:N		kmalloc() + kfree()
 *	kmem_cache_alloc_free/BACKEND/size:N	kmem_cache_alloc() + kmem_cache_free(), own cache
 *	malloc_free/glibc/size:N		malloc() + free()
 *	malloc_free/mimalloc/size:N		mi_malloc() + mi_free()
 *
 * so `--benchmark_filter='kmalloc_kfree/buddy|malloc_free'` compares the three allocators.
 *
 * mimalloc is loaded with dlopen(RTLD_LOCAL) and called through dlsym'd pointers: linked in,
 * it would replace the malloc measured as glibc's. Both C allocators are called through
 * function pointers, which also keeps the compiler from eliding a malloc/free pair. Without
 * libmimalloc.so.2 its benchmarks are not registered, and one line on stderr says so.
 *
 * The model boots before each run's timed loop (as CPU 0 for good, so the per-CPU slab in use
 * never changes under the loop) and shuts down after it; nothing is paused inside the loop.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/slab.h>

#include "benches.h"
#include "gbench_shim.h"

/* The slab layer needs little RAM; a small model boots fast, and the memfd is sparse anyway */
#define BENCH_MEM_BYTES (256ULL << 20)
#define BENCH_ARCH	"x86_64"

static const int64_t bench_sizes[] = {
	8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192
};

/* Keeps @p alive as far as the compiler knows, like benchmark::DoNotOptimize */
static inline void escape(void *p)
{
	__asm__ volatile("" : : "r"(p) : "memory");
}

struct slab_bench {
	char name[64];
	const char *backend;
	void (*loop)(gbench_state *s, size_t size);
};

struct malloc_bench {
	char name[64];
	void *(*alloc)(size_t size);
	void (*free)(void *p);
};

static void loop_kmalloc(gbench_state *s, size_t size)
{
	while (gbench_keep_running(s)) {
		void *p = kmalloc(size, GFP_KERNEL);

		if (unlikely(!p)) {
			gbench_skip_with_error(s, "kmalloc failed");
			break;
		}
		escape(p);
		kfree(p);
	}
}

static void loop_kmem_cache(gbench_state *s, size_t size)
{
	struct kmem_cache *cache = kmem_cache_create("bench", (unsigned int)size, 0, 0, NULL);

	if (!cache) {
		gbench_skip_with_error(s, "kmem_cache_create failed");
		return;
	}
	while (gbench_keep_running(s)) {
		void *p = kmem_cache_alloc(cache, GFP_KERNEL);

		if (unlikely(!p)) {
			gbench_skip_with_error(s, "kmem_cache_alloc failed");
			break;
		}
		escape(p);
		kmem_cache_free(cache, p);
	}
	kmem_cache_destroy(cache);
}

static void run_slab_bench(gbench_state *s, void *arg)
{
	const struct slab_bench *b = arg;
	struct kmem_config cfg = {
		.backend = b->backend,
		.arch = BENCH_ARCH,
		.mem_bytes = BENCH_MEM_BYTES,
	};

	if (!bench_boot(s, &cfg))
		return;
	b->loop(s, (size_t)gbench_range(s, 0));
	gbench_set_items_processed(s, gbench_iterations(s));
	bench_shutdown(s);
}

static void run_malloc_bench(gbench_state *s, void *arg)
{
	const struct malloc_bench *b = arg;
	size_t size = (size_t)gbench_range(s, 0);

	while (gbench_keep_running(s)) {
		void *p = b->alloc(size);

		if (unlikely(!p)) {
			gbench_skip_with_error(s, "allocation failed");
			break;
		}
		escape(p);
		b->free(p);
	}
	gbench_set_items_processed(s, gbench_iterations(s));
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p) {
		fprintf(stderr, "kmembench-gbench: out of memory\n");
		exit(1);
	}
	return p;
}

/* glibc's, and mimalloc's when libmimalloc.so.2 loads; the handle stays open for good */
static int malloc_benches(struct malloc_bench *b)
{
	void *mi = dlopen("libmimalloc.so.2", RTLD_NOW | RTLD_LOCAL);
	int n = 0;

	snprintf(b[n].name, sizeof(b[n].name), "malloc_free/glibc");
	b[n].alloc = malloc;
	b[n++].free = free;
	if (!mi) {
		fprintf(stderr,
			"kmembench-gbench: mimalloc is not available (%s): no "
			"malloc_free/mimalloc benchmarks\n",
			dlerror());
		return n;
	}
	b[n].alloc = (void *(*)(size_t))dlsym(mi, "mi_malloc");
	b[n].free = (void (*)(void *))dlsym(mi, "mi_free");
	if (!b[n].alloc || !b[n].free) {
		fprintf(stderr, "kmembench-gbench: mimalloc is not available (no mi_malloc/mi_free "
				"in libmimalloc.so.2): no malloc_free/mimalloc benchmarks\n");
		dlclose(mi);
		return n;
	}
	snprintf(b[n].name, sizeof(b[n].name), "malloc_free/mimalloc");
	return n + 1;
}

void slab_bench_register(void)
{
	static const struct {
		const char *name;
		void (*loop)(gbench_state *s, size_t size);
	} kinds[] = {
		{ "kmalloc_kfree", loop_kmalloc },
		{ "kmem_cache_alloc_free", loop_kmem_cache },
	};
	int nr_backends = kmem_backend_count(), nr_malloc;
	/* registered benchmarks keep pointers into these arrays for the life of the program */
	struct slab_bench *benches = xcalloc(ARRAY_SIZE(kinds) * (size_t)nr_backends,
					     sizeof(*benches)),
			  *b = benches;
	struct malloc_bench *mallocs = xcalloc(2, sizeof(*mallocs));

	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
		for (int be = 0; be < nr_backends; be++, b++) {
			b->backend = kmem_backend_name(be);
			b->loop = kinds[k].loop;
			snprintf(b->name, sizeof(b->name), "%s/%s", kinds[k].name, b->backend);
			gbench_register(b->name, run_slab_bench, b, "size", bench_sizes,
					(int)ARRAY_SIZE(bench_sizes));
		}
	}
	nr_malloc = malloc_benches(mallocs);
	for (int i = 0; i < nr_malloc; i++)
		gbench_register(mallocs[i].name, run_malloc_bench, &mallocs[i], "size", bench_sizes,
				(int)ARRAY_SIZE(bench_sizes));
}
