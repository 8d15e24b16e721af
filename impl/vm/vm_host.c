// SPDX-License-Identifier: GPL-2.0
/*
 * The host side of every kernel mapping the model makes: the OS boundary of impl/vm, as
 * mimalloc keeps its own in one place. A kernel mapping of a page (a vmalloc() or vmap() area
 * in vmalloc.c and vmap.c, a kmap slot in highmem.c, a per-CPU chunk in impl/mem/percpu.c) is a
 * MAP_SHARED mapping of the RAM memfd at the page's offset, so it aliases the page's direct-map
 * address; a reserved range is PROT_NONE around them.
 *
 * Host limits: each mmap() makes a VMA, and the host allows vm.max_map_count of them (65530 by
 * default). A run of pages with consecutive pfns is mapped by one mmap(), but scattered pages
 * cost one VMA each. When the host refuses a mapping, everything mapped for the area is undone
 * and vm_report_map_failure() names the limit and the sysctl that raises it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "internal.h"
#include "vm_internal.h"

/* The smallest huge page of x86: a shorter host mapping never gets one */
#define VM_HPAGE_SIZE (2UL << 20)

static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;
/*
 * The mapping failures, as the kernel limits its messages (10 in 5 s): at the host's limit a
 * caller that goes on allocating small areas fails once per area
 */
#define MAP_FAIL_RS RATELIMIT_STATE_INIT(5, 10)
static struct ratelimit_state map_fail_rs = MAP_FAIL_RS;

void vm_host_reset(void)
{
	pthread_mutex_lock(&report_lock);
	map_fail_rs = (struct ratelimit_state)MAP_FAIL_RS;
	pthread_mutex_unlock(&report_lock);
}

void *vm_reserve(unsigned long size)
{
	void *p = mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

void vm_release(void *addr, unsigned long size)
{
	if (munmap(addr, size))
		fprintf(stderr, "kmem: munmap(%p, %lu): %s\n", addr, size, strerror(errno));
}

/*
 * Map @nr_pages pages of RAM from @pfn at @addr with @prot. Unless @huge, at 4 KiB as the
 * kernel maps vmalloc and kmap: the host would not always, since where the direct map got shmem
 * THP, RAM holds huge folios, and a fault in any mapping of one, advised huge or not, maps it
 * with one PMD when the address and the file offset are alike 2 MiB-aligned, which a vmalloc
 * area of consecutive pfns often is (checked: a 256 MiB area was PMD-mapped whole).
 * MADV_NOHUGEPAGE forbids that; MADV_HUGEPAGE asks for it (vmalloc_huge()). Only a mapping of at
 * least a huge page can hold one, so shorter runs (kmap's single pages) skip the call; a host
 * without THP refuses it, and has nothing to forbid or give.
 */
static int vm_map_pfns(unsigned long addr, unsigned long pfn, unsigned long nr_pages, int prot,
		       bool huge)
{
	unsigned long len = nr_pages << PAGE_SHIFT;

	if (mmap((void *)addr, len, prot, MAP_SHARED | MAP_FIXED, physmem_fd(),
		 (off_t)(pfn << PAGE_SHIFT)) == MAP_FAILED)
		return -errno;
	if (len >= VM_HPAGE_SIZE)
		madvise((void *)addr, len, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
	return 0;
}

int vmap_pfn_range(unsigned long addr, unsigned long pfn, unsigned long nr_pages)
{
	return vm_map_pfns(addr, pfn, nr_pages, PROT_READ | PROT_WRITE, false);
}

/*
 * Put [@addr, @addr + @size) back into its reserved range, PROT_NONE. The range must be whole
 * mappings made by vmap_pfn_range(), so that nothing needs splitting. Mapping over them lets the
 * host merge the hole with the PROT_NONE around it, which gives back their VMAs. At
 * vm.max_map_count the host refuses every mmap(), even one that would lower the count; then
 * the pages are made PROT_NONE where they are, which needs no new VMA and leaves no hole that
 * another thread's mmap() could take, and the next mapping of the range replaces them.
 */
int vunmap_range(unsigned long addr, unsigned long size)
{
	if (mmap((void *)addr, size, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0) != MAP_FAILED)
		return 0;
	return mprotect((void *)addr, size, PROT_NONE) ? -errno : 0;
}

/*
 * vunmap_range() that also gets the VMAs back at vm.max_map_count, which vmalloc needs: an area
 * can hold thousands of them and the limit is what made its mapping fail. munmap() of whole
 * mappings needs no new VMA; the hole is then reserved again with MAP_FIXED_NOREPLACE, which
 * fails rather than clobber what another thread may have mapped there in between. Returns
 * -errno when the range is lost to the model (it must never be mapped again).
 */
static int vm_release_vmas(unsigned long addr, unsigned long size)
{
	void *p;

	if (mmap((void *)addr, size, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0) != MAP_FAILED)
		return 0;
	if (errno != ENOMEM || munmap((void *)addr, size))
		return -errno;
	p = mmap((void *)addr, size, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	if ((unsigned long)p != addr) { /* a kernel before 4.17 takes it as a hint */
		munmap(p, size);
		return -EEXIST;
	}
	return 0;
}

/* True when [@addr, @addr + @size) is all mapped: an mprotect() to PROT_NONE fails on holes */
static bool vm_range_mapped(unsigned long addr, unsigned long size)
{
	return !mprotect((void *)addr, size, PROT_NONE);
}

/* A number from a one-line /proc file, or -1 */
static long read_proc_long(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;

	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/* The VMAs this process has now: lines of /proc/self/maps, or -1 */
static long count_host_mappings(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	long n = 0;
	int c;

	if (!f)
		return -1;
	while ((c = getc_unlocked(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

/* ---- an area's pages ---- */

/* Pages from @i on that continue the pfn run starting at vm->mapped[@i] */
static unsigned int pfn_run(const struct vm_struct *vm, unsigned int i)
{
	unsigned long pfn = page_to_pfn(vm->mapped[i]);
	unsigned int n = 1;

	while (i + n < vm->nr_mapped && page_to_pfn(vm->mapped[i + n]) == pfn + n)
		n++;
	return n;
}

/*
 * Make pages [@from, @from + @nr) of @vm PROT_NONE again and give back their VMAs. Returns false
 * (reported) if the host refused: the addresses must then never be handed out again.
 */
static bool vm_unmap_pages(const struct vm_struct *vm, unsigned int from, unsigned int nr)
{
	unsigned long addr = (unsigned long)vm->addr + ((unsigned long)from << PAGE_SHIFT);
	int err;

	if (!nr)
		return true;
	err = vm_release_vmas(addr, (unsigned long)nr << PAGE_SHIFT);
	if (err)
		fprintf(stderr, "vmalloc: cannot unmap %#lx-%#lx (%s): addresses withdrawn\n", addr,
			addr + ((unsigned long)nr << PAGE_SHIFT), strerror(-err));
	return !err;
}

/*
 * One mmap() per run of consecutive pfns. On failure nothing stays mapped. The mapped prefix is
 * unmapped first: its ends are VMA boundaries, so unmapping it needs no split and works even at
 * vm.max_map_count (the usual cause of the failure). The rest is left alone when it is still
 * the reserved PROT_NONE range, as it is when the host refused before touching it; only a hole
 * left by a MAP_FIXED that failed half way is filled again.
 */
int vm_area_map(struct vm_struct *vm, pgprot_t prot, bool huge, struct vm_map_failure *fail)
{
	int host_prot = PROT_READ | (pgprot_val(prot) & _PAGE_RW ? PROT_WRITE : 0);
	unsigned int i, n, runs = 0;
	unsigned long rest;
	int err = 0;

	for (i = 0; i < vm->nr_mapped; i += n, runs++) {
		n = pfn_run(vm, i);
		err = vm_map_pfns((unsigned long)vm->addr + ((unsigned long)i << PAGE_SHIFT),
				  page_to_pfn(vm->mapped[i]), n, host_prot, huge);
		if (err)
			break;
	}
	vm->nr_maps = runs;
	if (!err)
		return 0;
	rest = (unsigned long)vm->addr + ((unsigned long)i << PAGE_SHIFT);
	fail->err = err;
	fail->bad = i;
	fail->runs = runs;
	fail->lost = !vm_unmap_pages(vm, 0, i) ||
		     (!vm_range_mapped(rest, (unsigned long)(vm->nr_mapped - i) << PAGE_SHIFT) &&
		      !vm_unmap_pages(vm, i, vm->nr_mapped - i));
	vm->nr_maps = 0;
	return err;
}

/*
 * Explain a failed vm_area_map() of @vm, after the undo freed what the area held. The sysctl
 * suggested gives this area its mappings and doubles the limit: at the limit, it is usually
 * many small areas that need more, each failing for want of one or two.
 */
void vm_report_map_failure(const struct vm_struct *vm, const struct vm_map_failure *fail)
{
	long limit, now;
	unsigned long want;
	unsigned int runs = 0;

	pthread_mutex_lock(&report_lock);
	if (!__ratelimit(&map_fail_rs, "vmalloc: mmap")) {
		pthread_mutex_unlock(&report_lock);
		return;
	}
	limit = read_proc_long("/proc/sys/vm/max_map_count");
	now = count_host_mappings();
	for (unsigned int i = fail->bad; i < vm->nr_mapped; i += pfn_run(vm, i))
		runs++;
	want = (unsigned long)limit + runs;
	if (want < 2 * (unsigned long)limit)
		want = 2 * (unsigned long)limit;
	/* the runs mapped before the failure were one VMA each; the undo merged them away */
	if (fail->err == -ENOMEM && limit > 0 && now >= 0 && now + fail->runs + 4 >= limit)
		fprintf(stderr,
			"vmalloc: mmap of page %u of %u failed: vm.max_map_count (%ld) reached, "
			"%u more mappings needed; raise it with sysctl -w vm.max_map_count=%lu\n",
			fail->bad, vm->nr_mapped, limit, runs, (want + 65535) / 65536 * 65536);
	else
		fprintf(stderr, "vmalloc: mmap of page %u of %u failed: %s\n", fail->bad,
			vm->nr_mapped, strerror(-fail->err));
	pthread_mutex_unlock(&report_lock);
}

bool vm_area_unmap(const struct vm_struct *vm)
{
	return vm_unmap_pages(vm, 0, vm->nr_mapped);
}
