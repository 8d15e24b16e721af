// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc and kmap micro-benchmarks under Google Benchmark (through gbench_shim.h). Names are
 *
 *	vmalloc_vfree/BACKEND/size:N	vmalloc(N) + vfree() on x86_64, N = 4 KiB .. 4 MiB
 *	kmap_kunmap/x86_32/highmem	kmap() + kunmap() of a highmem page: a pkmap slot
 *	kmap_kunmap/x86_64/direct	the same calls on x86_64: page_address(), nothing mapped
 *	kmap_local/x86_32/highmem	kmap_local_page() + kunmap_local() of a highmem page
 *	kmap_local/x86_64/direct	the same on x86_64
 *
 * vmalloc_vfree runs on every back end, since each page of the area comes from it. Its cost is
 * mostly the host's: one mmap() per run of consecutive pfns and one to unmap the area; the
 * "maps" counter says how many runs an area of that size took. kmap never calls the page
 * allocator, so it runs once per profile, on the default back end. With highmem, kmap() and
 * kunmap() each cost one mmap() (the model unmaps a slot as soon as its count drops to zero,
 * see impl/vm/highmem.c), as do kmap_local_page() and kunmap_local().
 *
 * The model boots before the timed loop and shuts down after it; nothing is paused inside it.
 */
#include <stdio.h>
#include <stdlib.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>

#include "benches.h"
#include "gbench_shim.h"

/* Room for 4 MiB areas many times over, and 128 MiB of highmem on x86_32 */
#define BENCH_MEM_BYTES (1ULL << 30)

struct vm_bench {
	char name[64];
	const char *backend;
	const char *arch;
	void (*loop)(gbench_state *s);
};

/* 4 KiB .. 4 MiB, powers of 4 */
static const int64_t vmalloc_sizes[] = { 4 << 10, 16 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20 };

static bool vm_bench_boot(gbench_state *s, const struct vm_bench *b)
{
	struct kmem_config cfg = {
		.backend = b->backend,
		.arch = b->arch,
		.mem_bytes = BENCH_MEM_BYTES,
	};

	return bench_boot(s, &cfg);
}

static void loop_vmalloc_vfree(gbench_state *s)
{
	unsigned long size = (unsigned long)gbench_range(s, 0);
	void *p = NULL;

	/* the second area is the loop's steady state: pages that an area just freed */
	for (int warm = 0; warm < 2; warm++) {
		vfree(p);
		p = vmalloc(size);
		if (!p) {
			gbench_skip_with_error(s, "vmalloc failed");
			return;
		}
	}
	gbench_counter(s, "pages", (double)find_vm_area(p)->nr_pages);
	gbench_counter(s, "maps", (double)find_vm_area(p)->nr_maps);
	vfree(p);
	while (gbench_keep_running(s)) {
		p = vmalloc(size);
		if (unlikely(!p)) {
			gbench_skip_with_error(s, "vmalloc failed");
			break;
		}
		vfree(p);
	}
}

/* A page of the zone the profile calls for: highmem on x86_32, the direct map on x86_64 */
static struct page *bench_page(gbench_state *s)
{
	struct page *page = alloc_page(GFP_HIGHUSER);

	if (!page)
		gbench_skip_with_error(s, "alloc_page failed");
	return page;
}

static void loop_kmap_kunmap(gbench_state *s)
{
	struct page *page = bench_page(s);

	if (!page)
		return;
	while (gbench_keep_running(s)) {
		char *addr = kmap(page);

		if (unlikely(!addr)) {
			gbench_skip_with_error(s, "kmap failed");
			break;
		}
		/* a kernel caller maps to touch the page */
		*(volatile char *)addr;
		kunmap(page);
	}
	__free_page(page);
}

static void loop_kmap_local(gbench_state *s)
{
	struct page *page = bench_page(s);

	if (!page)
		return;
	while (gbench_keep_running(s)) {
		char *addr = kmap_local_page(page);

		if (unlikely(!addr)) {
			gbench_skip_with_error(s, "kmap_local_page failed");
			break;
		}
		*(volatile char *)addr;
		kunmap_local(addr);
	}
	__free_page(page);
}

static void run_vm_bench(gbench_state *s, void *arg)
{
	const struct vm_bench *b = arg;

	if (!vm_bench_boot(s, b))
		return;
	b->loop(s);
	gbench_set_items_processed(s, gbench_iterations(s));
	bench_shutdown(s);
}

void vm_bench_register(void)
{
	static const struct {
		const char *name;
		void (*loop)(gbench_state *s);
	} kmaps[] = {
		{ "kmap_kunmap", loop_kmap_kunmap },
		{ "kmap_local", loop_kmap_local },
	};
	static const struct {
		const char *arch, *what;
	} profiles[] = { { "x86_32", "highmem" }, { "x86_64", "direct" } };
	int nr_backends = kmem_backend_count();
	size_t nr = (size_t)nr_backends + ARRAY_SIZE(kmaps) * ARRAY_SIZE(profiles);
	/* registered benchmarks keep pointers into this array for the life of the program */
	struct vm_bench *benches = calloc(nr, sizeof(*benches)), *b;

	if (!benches) {
		fprintf(stderr, "kmembench-gbench: out of memory\n");
		exit(1);
	}
	b = benches;
	for (int be = 0; be < nr_backends; be++, b++) {
		b->backend = kmem_backend_name(be);
		b->arch = "x86_64";
		b->loop = loop_vmalloc_vfree;
		snprintf(b->name, sizeof(b->name), "vmalloc_vfree/%s", b->backend);
		gbench_register(b->name, run_vm_bench, b, "size", vmalloc_sizes,
				(int)ARRAY_SIZE(vmalloc_sizes));
	}
	for (size_t k = 0; k < ARRAY_SIZE(kmaps); k++) {
		for (size_t p = 0; p < ARRAY_SIZE(profiles); p++, b++) {
			b->arch = profiles[p].arch;
			b->loop = kmaps[k].loop;
			snprintf(b->name, sizeof(b->name), "%s/%s/%s", kmaps[k].name,
				 profiles[p].arch, profiles[p].what);
			gbench_register(b->name, run_vm_bench, b, NULL, NULL, 0);
		}
	}
}
