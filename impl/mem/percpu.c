// SPDX-License-Identifier: GPL-2.0
/*
 * The per-CPU allocator, after mm/percpu.c: alloc_percpu() carves an object out of a chunk in
 * which every possible CPU has a unit of its own, at the same offset, so per_cpu_ptr() is the
 * object's address plus a per-CPU constant.
 *
 * Layout. At boot a PROT_NONE range is reserved for chunks, each (nr_cpus + 1) units of
 * PCPU_UNIT_BYTES:
 *
 *	| unit 0: never mapped | CPU 0's unit | CPU 1's unit | ... |   one chunk
 *	  ^ __percpu pointers    ^ + per_cpu_offset(0)
 *
 * A __percpu pointer lies in unit 0, which stays PROT_NONE, so a dereference without
 * per_cpu_ptr() faults (the kernel's sparse annotations catch that at build time instead). A
 * chunk's slot in the range follows from an address by one division, so free_percpu() finds
 * its chunk in O(1).
 *
 * Pages. Each CPU's unit is made of order-0 pages of the model (GFP_KERNEL | __GFP_HIGHMEM,
 * from the CPU's node, as mm/percpu-vm.c allocates them), mapped at the unit through the RAM
 * file, in pfn order so that a unit is usually one host mapping. They count as allocated, as
 * the kernel's count in its meminfo. The kernel populates a chunk page by page as allocations
 * reach its pages and depopulates lazily, keeping a few empty populated pages for atomic
 * allocations and one empty chunk; the model populates a chunk whole when it makes it and
 * frees it whole when its last object goes, so that nr_free_pages() is back where it was once
 * everything is freed and a leak check sees only live objects. A chunk is 16 pages per CPU, so
 * the difference in memory held is at most that much.
 *
 * Atomic allocations (a gfp that may not block) are served from existing chunks and, unlike
 * the kernel's, may make a new chunk too, with pages allocated with that gfp: the model has no
 * background worker to keep populated pages ready, and its page allocator does not sleep for
 * a non-blocking gfp anyway.
 *
 * Areas. Each chunk has an area map, as mm/percpu.c had before 4.14 (it has a bitmap now, to
 * the same first-fit result): a sorted array of area starts, bit 0 set for an area in use, the
 * unit's end as a sentinel. An allocation takes the first free area where the aligned object
 * fits, in the first chunk (oldest first) whose largest free area (contig_hint) is big enough,
 * splitting off what is left before and after; a free merges with its free neighbours. Sizes
 * are rounded up to PCPU_MIN_ALLOC_SIZE, as in the kernel, and every CPU's copy is zeroed.
 *
 * Locks: pcpu_lock protects the chunks and their maps; pcpu_alloc_mutex makes chunk creation
 * one at a time (a waiter usually finds room in the chunk just made), outside pcpu_lock, as
 * in the kernel, so free_percpu() never waits for page allocation or host mappings.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/percpu.h>

#include "internal.h"

#define PCPU_UNIT_PAGES (PCPU_UNIT_BYTES >> PAGE_SHIFT)
/* the kernel stops warning about failures after this many */
#define PCPU_WARN_LIMIT 10

unsigned int pcpu_nr_units;

struct pcpu_chunk {
	struct list_head list; /* on pcpu.chunks, oldest first */
	unsigned long base;    /* unit 0: where __percpu pointers into this chunk point */
	unsigned int slot;     /* in the range */
	/* [nr_areas + 1]: area starts, bit 0 set when in use; map[nr_areas] = unit end | 1 */
	int *map;
	int nr_areas, map_alloc;
	int free_bytes, contig_hint; /* in a unit; contig_hint: the largest free area */
	int nr_allocs;
	struct page **pages; /* [pcpu_nr_units * PCPU_UNIT_PAGES], CPU by CPU, in unit order */
};

static struct {
	spinlock_t lock;	  /* all below but the range's geometry, fixed at boot */
	unsigned long base, span; /* the range; span: one chunk's bytes */
	unsigned int nr_slots;
	struct pcpu_chunk **slot; /* [nr_slots]: the chunk at each place of the range, or NULL */
	unsigned int *free_slots; /* a stack of the places without a chunk */
	unsigned int nr_free_slots;
	struct list_head chunks;
	unsigned long nr_chunks, allocs, bytes, failed, free_errors;
	int warn_limit;
} pcpu = { .lock = __SPIN_LOCK_UNLOCKED(pcpu.lock) };

static pthread_mutex_t pcpu_alloc_mutex = PTHREAD_MUTEX_INITIALIZER;

/* Each model CPU's lock, held by the thread whose preemption count is above 0 on it */
static pthread_mutex_t *cpu_preempt_lock;
static __thread int preempt_depth, preempt_cpu;
static __thread bool preempt_locked;

/* ---- the area map of a chunk: callers hold pcpu.lock ---- */

static int area_start(const struct pcpu_chunk *chunk, int i)
{
	return chunk->map[i] & ~1;
}

static int area_size(const struct pcpu_chunk *chunk, int i)
{
	return area_start(chunk, i + 1) - area_start(chunk, i);
}

static bool area_in_use(const struct pcpu_chunk *chunk, int i)
{
	return chunk->map[i] & 1;
}

static void update_contig_hint(struct pcpu_chunk *chunk)
{
	chunk->contig_hint = 0;
	for (int i = 0; i < chunk->nr_areas; i++)
		if (!area_in_use(chunk, i) && area_size(chunk, i) > chunk->contig_hint)
			chunk->contig_hint = area_size(chunk, i);
}

/*
 * First fit: the offset of a new area of @size bytes at @align in @chunk, or -1. Splitting a
 * free area adds up to two entries, so the map grows first (-1 if the host refuses).
 */
static int chunk_alloc_area(struct pcpu_chunk *chunk, int size, int align)
{
	if (chunk->contig_hint < size)
		return -1;
	for (int i = 0; i < chunk->nr_areas; i++) {
		int off = area_start(chunk, i), len = area_size(chunk, i), head, tail, added;

		if (area_in_use(chunk, i))
			continue;
		head = ((off + align - 1) & ~(align - 1)) - off;
		if (len < head + size)
			continue;
		tail = len - head - size;
		if (chunk->nr_areas + 3 > chunk->map_alloc) {
			int n = 2 * chunk->map_alloc;
			int *map = realloc(chunk->map, (size_t)n * sizeof(*map));

			if (!map)
				return -1;
			chunk->map = map;
			chunk->map_alloc = n;
		}
		added = (head > 0) + (tail > 0);
		memmove(&chunk->map[i + 1 + added], &chunk->map[i + 1],
			(size_t)(chunk->nr_areas - i) * sizeof(*chunk->map));
		if (head)
			i++;
		chunk->map[i] = (off + head) | 1;
		if (tail)
			chunk->map[i + 1] = off + head + size;
		chunk->nr_areas += added;
		chunk->free_bytes -= size;
		chunk->nr_allocs++;
		if (len == chunk->contig_hint)
			update_contig_hint(chunk);
		return off + head;
	}
	return -1;
}

/* The area starting at @off, or -1 */
static int find_area(const struct pcpu_chunk *chunk, int off)
{
	int lo = 0, hi = chunk->nr_areas - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (area_start(chunk, mid) == off)
			return mid;
		if (area_start(chunk, mid) < off)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static void remove_entry(struct pcpu_chunk *chunk, int i)
{
	memmove(&chunk->map[i], &chunk->map[i + 1],
		(size_t)(chunk->nr_areas - i) * sizeof(*chunk->map));
	chunk->nr_areas--;
}

/* Free area @i (in use), merging it with free neighbours; returns its size */
static int chunk_free_area(struct pcpu_chunk *chunk, int i)
{
	int size = area_size(chunk, i);

	chunk->map[i] &= ~1;
	if (i + 1 < chunk->nr_areas && !area_in_use(chunk, i + 1))
		remove_entry(chunk, i + 1);
	if (i > 0 && !area_in_use(chunk, i - 1))
		remove_entry(chunk, i--);
	chunk->free_bytes += size;
	chunk->nr_allocs--;
	if (area_size(chunk, i) > chunk->contig_hint)
		chunk->contig_hint = area_size(chunk, i);
	return size;
}

/* ---- chunks ---- */

static unsigned long unit_addr(const struct pcpu_chunk *chunk, unsigned int cpu)
{
	return chunk->base + per_cpu_offset(cpu);
}

static int page_cmp(const void *a, const void *b)
{
	const struct page *pa = *(struct page *const *)a, *pb = *(struct page *const *)b;

	return (pa > pb) - (pa < pb);
}

/*
 * CPU @cpu's unit of @chunk: pages from the CPU's node, sorted so that consecutive pfns share
 * a host mapping, mapped at the unit. -ENOMEM or the host's -errno; the caller undoes.
 */
static int populate_unit(struct pcpu_chunk *chunk, unsigned int cpu, gfp_t gfp)
{
	struct page **pages = &chunk->pages[cpu * PCPU_UNIT_PAGES];
	unsigned long addr = unit_addr(chunk, cpu);

	for (unsigned int i = 0; i < PCPU_UNIT_PAGES; i++) {
		pages[i] = alloc_pages_node(cpu_to_node((int)cpu), gfp, 0);
		if (!pages[i])
			return -ENOMEM;
	}
	qsort(pages, PCPU_UNIT_PAGES, sizeof(*pages), page_cmp);
	for (unsigned int i = 0, n; i < PCPU_UNIT_PAGES; i += n) {
		int err;

		for (n = 1; i + n < PCPU_UNIT_PAGES &&
			    page_to_pfn(pages[i + n]) == page_to_pfn(pages[i]) + n;
		     n++)
			;
		err = vmap_pfn_range(addr + i * PAGE_SIZE, page_to_pfn(pages[i]), n);
		if (err)
			return err;
	}
	return 0;
}

/* Unmap the units of @chunk and free its pages */
static void depopulate_chunk(struct pcpu_chunk *chunk)
{
	unsigned long nr = (unsigned long)pcpu_nr_units * PCPU_UNIT_PAGES;

	if (vunmap_range(unit_addr(chunk, 0), pcpu_nr_units * PCPU_UNIT_BYTES))
		fprintf(stderr, "percpu: cannot unmap the chunk at %#lx\n", chunk->base);
	for (unsigned long i = 0; i < nr; i++)
		if (chunk->pages[i])
			__free_page(chunk->pages[i]);
}

static void free_chunk_struct(struct pcpu_chunk *chunk)
{
	free(chunk->map);
	free(chunk->pages);
	free(chunk);
}

/* Give @chunk's place in the range back */
static void release_slot(struct pcpu_chunk *chunk)
{
	spin_lock(&pcpu.lock);
	pcpu.slot[chunk->slot] = NULL;
	pcpu.free_slots[pcpu.nr_free_slots++] = chunk->slot;
	spin_unlock(&pcpu.lock);
}

/* A new chunk, populated, not yet on the list; NULL with *@why set */
static struct pcpu_chunk *create_chunk(gfp_t gfp, const char **why)
{
	struct pcpu_chunk *chunk = calloc(1, sizeof(*chunk));
	bool placed;

	*why = "failed to allocate new chunk";
	if (!chunk)
		return NULL;
	chunk->map_alloc = 16;
	chunk->map = malloc((size_t)chunk->map_alloc * sizeof(*chunk->map));
	chunk->pages = calloc((size_t)pcpu_nr_units * PCPU_UNIT_PAGES, sizeof(*chunk->pages));
	if (!chunk->map || !chunk->pages) {
		free_chunk_struct(chunk);
		return NULL;
	}
	chunk->map[0] = 0;
	chunk->map[1] = (int)PCPU_UNIT_BYTES | 1;
	chunk->nr_areas = 1;
	chunk->free_bytes = chunk->contig_hint = (int)PCPU_UNIT_BYTES;
	INIT_LIST_HEAD(&chunk->list);

	spin_lock(&pcpu.lock);
	placed = pcpu.nr_free_slots > 0;
	if (placed) {
		chunk->slot = pcpu.free_slots[--pcpu.nr_free_slots];
		pcpu.slot[chunk->slot] = chunk;
	}
	spin_unlock(&pcpu.lock);
	if (!placed) {
		*why = "no room left in the per-CPU range";
		free_chunk_struct(chunk);
		return NULL;
	}
	chunk->base = pcpu.base + chunk->slot * pcpu.span;
	for (unsigned int cpu = 0; cpu < pcpu_nr_units; cpu++) {
		int err = populate_unit(chunk, cpu, gfp);

		if (err) {
			*why = err == -ENOMEM ? "failed to populate" : "host refused a mapping";
			depopulate_chunk(chunk);
			release_slot(chunk);
			free_chunk_struct(chunk);
			return NULL;
		}
	}
	return chunk;
}

/* ---- allocation ---- */

/* An area of @size at @align in the oldest chunk with room: its offset, *@found its chunk */
static int alloc_from_chunks(int size, int align, struct pcpu_chunk **found)
{
	struct pcpu_chunk *chunk;

	list_for_each_entry(chunk, &pcpu.chunks, list) {
		int off = chunk_alloc_area(chunk, size, align);

		if (off >= 0) {
			*found = chunk;
			return off;
		}
	}
	return -1;
}

static void account_alloc(int size)
{
	pcpu.allocs++;
	pcpu.bytes += (unsigned long)size;
}

/* The kernel's report of a failure: pr_warn() for the first PCPU_WARN_LIMIT, then silence */
static void warn_failure(size_t size, size_t align, bool atomic, const char *why, bool warn)
{
	bool print, last;

	spin_lock(&pcpu.lock);
	pcpu.failed++;
	print = warn && pcpu.warn_limit > 0;
	last = print && !--pcpu.warn_limit;
	spin_unlock(&pcpu.lock);
	if (!print)
		return;
	fprintf(stderr, "percpu: allocation failed, size=%zu align=%zu atomic=%d, %s\n", size,
		align, atomic, why);
	if (last)
		fprintf(stderr, "percpu: limit reached, disable warning\n");
}

void __percpu *pcpu_alloc_noprof(size_t size, size_t align, bool reserved, gfp_t gfp)
{
	bool is_atomic = !gfpflags_allow_blocking(gfp), do_warn = !(gfp & __GFP_NOWARN);
	gfp_t pcpu_gfp = (gfp & (GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN)) | __GFP_HIGHMEM;
	struct pcpu_chunk *chunk = NULL;
	const char *why;
	int off;

	(void)reserved;
	if (align < PCPU_MIN_ALLOC_SIZE)
		align = PCPU_MIN_ALLOC_SIZE;
	size = (size + PCPU_MIN_ALLOC_SIZE - 1) & ~(size_t)(PCPU_MIN_ALLOC_SIZE - 1);
	if (!size || size > PCPU_MIN_UNIT_SIZE || align > PAGE_SIZE || (align & (align - 1))) {
		if (do_warn)
			vm_warn("mm/percpu.c pcpu_alloc_noprof",
				"illegal size (%zu) or align (%zu) for percpu allocation", size,
				align);
		spin_lock(&pcpu.lock);
		pcpu.failed++;
		spin_unlock(&pcpu.lock);
		return NULL;
	}
	if (!READ_ONCE(pcpu_nr_units)) {
		/* as __alloc_pages() says it: a caller that runs too early, __GFP_NOWARN or not */
		fprintf(stderr, "percpu: allocation failed, size=%zu align=%zu atomic=%d, %s\n",
			size, align, is_atomic, "the model is not booted");
		return NULL;
	}

	spin_lock(&pcpu.lock);
	off = alloc_from_chunks((int)size, (int)align, &chunk);
	if (off >= 0)
		account_alloc((int)size);
	spin_unlock(&pcpu.lock);
	if (off < 0) {
		pthread_mutex_lock(&pcpu_alloc_mutex);
		spin_lock(&pcpu.lock);
		off = alloc_from_chunks((int)size, (int)align, &chunk);
		if (off >= 0)
			account_alloc((int)size);
		spin_unlock(&pcpu.lock);
		if (off < 0) {
			chunk = create_chunk(pcpu_gfp, &why);
			if (!chunk) {
				pthread_mutex_unlock(&pcpu_alloc_mutex);
				warn_failure(size, align, is_atomic, why, do_warn);
				return NULL;
			}
			spin_lock(&pcpu.lock);
			list_add_tail(&chunk->list, &pcpu.chunks);
			pcpu.nr_chunks++;
			off = chunk_alloc_area(chunk, (int)size, (int)align);
			account_alloc((int)size);
			spin_unlock(&pcpu.lock);
		}
		pthread_mutex_unlock(&pcpu_alloc_mutex);
	}
	for (unsigned int cpu = 0; cpu < pcpu_nr_units; cpu++)
		memset((void *)(unit_addr(chunk, cpu) + (unsigned long)off), 0, size);
	return (void __percpu *)(chunk->base + (unsigned long)off);
}

/* ---- freeing ---- */

/* The chunk whose part of the range holds @addr, and the unit and offset there */
static struct pcpu_chunk *chunk_of(unsigned long addr, unsigned int *unit, int *off)
{
	unsigned long rel, slot;

	if (addr < pcpu.base || addr >= pcpu.base + pcpu.nr_slots * pcpu.span)
		return NULL;
	rel = addr - pcpu.base;
	slot = rel / pcpu.span;
	*unit = (unsigned int)(rel % pcpu.span / PCPU_UNIT_BYTES);
	*off = (int)(rel % PCPU_UNIT_BYTES);
	return pcpu.slot[slot];
}

static void report_bad_free(const void *ptr, const struct pcpu_chunk *chunk, unsigned int unit,
			    int off)
{
	const char *where = "mm/percpu.c free_percpu";

	if (!chunk)
		vm_warn(where, "free_percpu(%p): not a per-CPU allocation", ptr);
	else if (unit)
		vm_warn(where,
			"free_percpu(%p): CPU %u's copy, not the __percpu pointer (%#lx) that "
			"alloc_percpu() returned",
			ptr, unit - 1, chunk->base + (unsigned long)off);
	else
		vm_warn(where, "free_percpu(%p): no object starts there (already freed?)", ptr);
}

void free_percpu(void __percpu *ptr)
{
	struct pcpu_chunk *chunk;
	unsigned int unit = 0;
	int off = 0, i = -1;
	bool empty;

	if (!ptr)
		return;
	spin_lock(&pcpu.lock);
	chunk = chunk_of((unsigned long)ptr, &unit, &off);
	if (chunk && !unit)
		i = find_area(chunk, off);
	if (i < 0 || !area_in_use(chunk, i)) {
		pcpu.free_errors++;
		report_bad_free(ptr, chunk, unit, off);
		spin_unlock(&pcpu.lock);
		return;
	}
	pcpu.bytes -= (unsigned long)chunk_free_area(chunk, i);
	pcpu.allocs--;
	empty = !chunk->nr_allocs;
	if (empty) {
		/* off the list: no allocation finds it now, so it can go outside the lock */
		list_del(&chunk->list);
		pcpu.nr_chunks--;
	}
	spin_unlock(&pcpu.lock);
	if (!empty)
		return;
	depopulate_chunk(chunk);
	release_slot(chunk);
	free_chunk_struct(chunk);
}

/* ---- queries ---- */

unsigned long pcpu_nr_pages(void)
{
	unsigned long n;

	spin_lock(&pcpu.lock);
	n = pcpu.nr_chunks * pcpu_nr_units * PCPU_UNIT_PAGES;
	spin_unlock(&pcpu.lock);
	return n;
}

phys_addr_t per_cpu_ptr_to_phys(void *addr)
{
	struct pcpu_chunk *chunk;
	phys_addr_t phys = 0;
	unsigned int unit;
	int off;

	spin_lock(&pcpu.lock);
	chunk = chunk_of((unsigned long)addr, &unit, &off);
	if (chunk && unit && unit <= pcpu_nr_units) {
		struct page *page =
			chunk->pages[(unit - 1) * PCPU_UNIT_PAGES + (unsigned int)off / PAGE_SIZE];

		phys = page_to_phys(page) + (unsigned int)off % PAGE_SIZE;
	}
	spin_unlock(&pcpu.lock);
	return phys;
}

void kmem_percpu_stats(struct kmem_percpu_stats *out)
{
	memset(out, 0, sizeof(*out));
	spin_lock(&pcpu.lock);
	out->chunks = pcpu.nr_chunks;
	out->pages = pcpu.nr_chunks * pcpu_nr_units * PCPU_UNIT_PAGES;
	out->allocs = pcpu.allocs;
	out->bytes = pcpu.bytes;
	out->failed = pcpu.failed;
	out->free_errors = pcpu.free_errors;
	spin_unlock(&pcpu.lock);
}

/* ---- preemption, as the model has it: see <linux/percpu-defs.h> ---- */

/* The model down (no CPUs), the depth still counts, and no lock is taken */
void pcpu_preempt_disable(void)
{
	if (preempt_depth++ == 0 && READ_ONCE(pcpu_nr_units)) {
		preempt_cpu = smp_processor_id();
		pthread_mutex_lock(&cpu_preempt_lock[preempt_cpu]);
		preempt_locked = true;
	}
}

void pcpu_preempt_enable(void)
{
	if (--preempt_depth == 0 && preempt_locked) {
		preempt_locked = false;
		pthread_mutex_unlock(&cpu_preempt_lock[preempt_cpu]);
	}
}

/* ---- boot and shutdown ---- */

/*
 * Reserve the range: room for as many chunks as RAM could populate (each holds
 * PCPU_UNIT_PAGES pages per CPU), plus one, about RAM * (CPUs + 1) / CPUs of address space,
 * PROT_NONE and MAP_NORESERVE, so free until mapped.
 */
int percpu_init(void)
{
	unsigned int cpus = (unsigned int)kmem_rt.nr_cpus;
	unsigned long nr_pages = kmem_rt.mem_bytes >> PAGE_SHIFT;
	void *base;

	pcpu.nr_slots = (unsigned int)(nr_pages / ((unsigned long)cpus * PCPU_UNIT_PAGES) + 1);
	pcpu.span = (unsigned long)(cpus + 1) * PCPU_UNIT_BYTES;
	pcpu.slot = calloc(pcpu.nr_slots, sizeof(*pcpu.slot));
	pcpu.free_slots = malloc(pcpu.nr_slots * sizeof(*pcpu.free_slots));
	cpu_preempt_lock = malloc(cpus * sizeof(*cpu_preempt_lock));
	base = vm_reserve(pcpu.nr_slots * pcpu.span);
	if (!pcpu.slot || !pcpu.free_slots || !cpu_preempt_lock || !base) {
		int err = base ? -ENOMEM : -errno;

		fprintf(stderr, "kmem: cannot reserve %lu MiB for the per-CPU allocator: %s%s\n",
			(pcpu.nr_slots * pcpu.span) >> 20, strerror(-err), as_limit_note());
		if (base)
			vm_release(base, pcpu.nr_slots * pcpu.span);
		free(pcpu.slot);
		free(pcpu.free_slots);
		free(cpu_preempt_lock);
		pcpu.slot = NULL;
		pcpu.free_slots = NULL;
		cpu_preempt_lock = NULL;
		return err;
	}
	for (unsigned int i = 0; i < cpus; i++)
		pthread_mutex_init(&cpu_preempt_lock[i], NULL);
	spin_lock(&pcpu.lock);
	pcpu.base = (unsigned long)base;
	/* the lowest places first */
	for (unsigned int i = 0; i < pcpu.nr_slots; i++)
		pcpu.free_slots[i] = pcpu.nr_slots - 1 - i;
	pcpu.nr_free_slots = pcpu.nr_slots;
	INIT_LIST_HEAD(&pcpu.chunks);
	pcpu.nr_chunks = pcpu.allocs = pcpu.bytes = pcpu.failed = pcpu.free_errors = 0;
	pcpu.warn_limit = PCPU_WARN_LIMIT;
	WRITE_ONCE(pcpu_nr_units, cpus);
	spin_unlock(&pcpu.lock);
	return 0;
}

/*
 * Chunks still there at shutdown go with the model, as vmalloc's areas do: their pages belong
 * to a page allocator about to disappear, and releasing the range removes their mappings.
 */
void percpu_exit(void)
{
	struct pcpu_chunk *chunk, *next;

	spin_lock(&pcpu.lock);
	list_for_each_entry_safe(chunk, next, &pcpu.chunks, list)
		free_chunk_struct(chunk);
	INIT_LIST_HEAD(&pcpu.chunks);
	if (pcpu.base)
		vm_release((void *)pcpu.base, pcpu.nr_slots * pcpu.span);
	free(pcpu.slot);
	free(pcpu.free_slots);
	pcpu.slot = NULL;
	pcpu.free_slots = NULL;
	pcpu.base = 0;
	pcpu.nr_slots = pcpu.nr_free_slots = 0;
	pcpu.nr_chunks = pcpu.allocs = pcpu.bytes = 0;
	WRITE_ONCE(pcpu_nr_units, 0);
	spin_unlock(&pcpu.lock);
	for (int i = 0; cpu_preempt_lock && i < kmem_rt.nr_cpus; i++)
		pthread_mutex_destroy(&cpu_preempt_lock[i]);
	free(cpu_preempt_lock);
	cpu_preempt_lock = NULL;
}
