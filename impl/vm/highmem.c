// SPDX-License-Identifier: GPL-2.0
/*
 * High memory, after mm/highmem.c: temporary kernel mappings of pages that have no direct-map
 * address (pfns at or above 896 MiB on the x86_32 profile). The x86_64 profile has no highmem:
 * every call returns page_address() and the unmap calls do nothing.
 *
 * At boot one PROT_NONE range is reserved for two windows:
 *
 *	pkmap_base                                 fixmap_base
 *	| LAST_PKMAP kmap() slots, shared          | KMAP_LOCAL_WINDOWS x KM_MAX_IDX slots,   |
 *	|                                          | one window per thread using kmap_local   |
 *
 * A slot is mapped with vmap_pfn_range() (the memfd page at its pfn), so what is written through
 * it is the page itself, seen by any later mapping: another kmap, a vmalloc area holding the
 * page, the memfd.
 *
 * kmap() follows kmap_high(): under kmap_lock, a page already kmapped (page->virtual set) gets
 * its slot's count raised; otherwise map_new_virtual() takes a free slot, searching round from
 * where the last search stopped (last_pkmap_nr), maps the page there and sets page->virtual,
 * which page_address() reads. With every slot in use it sleeps on pkmap_map_wait until a
 * kunmap() frees one, and then first checks whether another thread mapped the same page in the
 * meantime. kunmap() drops the count; the last one unmaps the slot at once and clears
 * page->virtual. The kernel unmaps lazily instead (flush_all_zero_pkmaps(), when the search
 * wraps) to batch TLB flushes, and page_address() of a kunmapped page keeps working until then.
 * Unmapping eagerly keeps page_address() NULL whenever a highmem page is not kmapped and makes
 * a use after kunmap() fault; the price is one more mmap() per kmap()/kunmap() pair, which the
 * kernel pays only for a page it maps for the first time since the last flush.
 *
 * kmap_local_page() and kmap_atomic() use a stack of KM_MAX_IDX slots. In the kernel the stack
 * is per task (kmap_ctrl in task_struct, saved and restored on context switch) and its slots are
 * the CPU's fixmap entries. Here a simulated CPU is shared by many threads that the host
 * preempts at any moment, so nothing can be saved and restored on a switch: each thread gets a
 * window of its own, lazily on its first highmem kmap_local, and gives it back when it exits.
 * Mappings must be released in reverse order: kunmap_local() of anything but the top of the
 * calling thread's stack is reported and ignored.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <linux/highmem.h>

#include "init.h"
#include "internal.h"

/* Threads that may hold a kmap_local window at once (64 MiB of reserved addresses) */
#define KMAP_LOCAL_WINDOWS 1024
#define KMAP_WINDOW_SIZE   ((unsigned long)KM_MAX_IDX << PAGE_SHIFT)

unsigned long pkmap_base;

static struct {
	pthread_mutex_t lock;  /* kmap_lock: everything below but errors */
	pthread_cond_t wait;   /* pkmap_map_wait: kmap() sleeps here for a free slot */
	int count[LAST_PKMAP]; /* kmap()s holding the slot; 0: free and PROT_NONE */
	unsigned int last_nr;  /* last_pkmap_nr: where the search for a free slot resumes */
	unsigned int used;     /* slots with a non-zero count */
	unsigned long waits;
	/* kmap_local windows; fixmap_base and seq change only at boot and shutdown */
	unsigned long fixmap_base;
	unsigned long seq; /* boot number: a thread's window from an earlier boot is void */
	unsigned long window_used[KMAP_LOCAL_WINDOWS / BITS_PER_LONG];
	unsigned long errors; /* atomic: kmap_local reports come without the lock */
} pkmap = { .lock = PTHREAD_MUTEX_INITIALIZER, .wait = PTHREAD_COND_INITIALIZER };

/*
 * A thread's kmap_local stack (the kernel's struct kmap_ctrl): slot i of its window holds the
 * i-th mapping, slots [0, idx) are in use.
 */
struct kmap_ctrl {
	unsigned long seq;    /* pkmap.seq when the window was taken; 0: no window */
	unsigned long window; /* address of slot 0 */
	unsigned int idx;
};

static __thread struct kmap_ctrl kmap_ctrl;
static pthread_key_t kmap_ctrl_key;
static pthread_once_t kmap_ctrl_once = PTHREAD_ONCE_INIT;

static void count_error(void)
{
	__atomic_fetch_add(&pkmap.errors, 1, __ATOMIC_RELAXED);
}

/* ---- kmap ---- */

/*
 * Sleep on pkmap_map_wait (kmap_lock held). The kernel sleeps for as long as it takes, and so
 * does the model, but says so once the wait passes KMEM_STALL_WARN_MS: a thread that holds every
 * slot itself, or leaks kmaps, waits forever, and the warning names the cause.
 */
static void pkmap_wait(const struct page *page, const struct timespec *since, bool *warned)
{
	struct timespec until = *since;
	long ms = kmem_rt.stall_warn_ms;

	until.tv_sec += ms / 1000;
	until.tv_nsec += ms % 1000 * 1000000;
	if (until.tv_nsec >= 1000000000) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}
	if (*warned || ms <= 0) {
		pthread_cond_wait(&pkmap.wait, &pkmap.lock);
		return;
	}
	if (pthread_cond_timedwait(&pkmap.wait, &pkmap.lock, &until) != ETIMEDOUT)
		return;
	*warned = true;
	vm_warn("mm/highmem.c map_new_virtual",
		"kmap: pfn %#lx has waited %ld ms for a pkmap slot: all %d are held (the kernel "
		"sleeps here too; a thread that holds them all itself never wakes)",
		page_to_pfn(page), ms, LAST_PKMAP);
}

/*
 * Find a slot for @page and map it there (kmap_lock held, dropped while sleeping). Returns the
 * address, which may be another thread's fresh mapping of the same page, or NULL if the host
 * refused the mapping.
 */
static void *map_new_virtual(struct page *page)
{
	bool slept = false, warned = false;
	struct timespec since;
	unsigned int nr;
	int err;

	while (pkmap.used == LAST_PKMAP) {
		if (!slept) {
			pkmap.waits++;
			clock_gettime(CLOCK_REALTIME, &since);
		}
		slept = true;
		pkmap_wait(page, &since, &warned);
		if (page->virtual)
			return page->virtual;
	}
	for (nr = pkmap.last_nr; pkmap.count[nr]; nr = (nr + 1) % LAST_PKMAP)
		;
	pkmap.last_nr = (nr + 1) % LAST_PKMAP;
	err = vmap_pfn_range(PKMAP_ADDR(nr), page_to_pfn(page), 1);
	if (err) {
		count_error();
		vm_warn("mm/highmem.c map_new_virtual", "kmap: cannot map pfn %#lx at %#lx: %s",
			page_to_pfn(page), PKMAP_ADDR(nr), strerror(-err));
		return NULL;
	}
	pkmap.used++;
	WRITE_ONCE(page->virtual, (void *)PKMAP_ADDR(nr));
	return page->virtual;
}

void *kmap(struct page *page)
{
	void *vaddr;

	if (!PageHighMem(page))
		return page_address(page);
	pthread_mutex_lock(&pkmap.lock);
	vaddr = page->virtual;
	if (!vaddr)
		vaddr = map_new_virtual(page);
	if (vaddr)
		pkmap.count[PKMAP_NR(vaddr)]++;
	pthread_mutex_unlock(&pkmap.lock);
	return vaddr;
}

void kunmap(struct page *page)
{
	unsigned long vaddr;
	unsigned int nr;
	int err = 0;

	if (!PageHighMem(page))
		return;
	pthread_mutex_lock(&pkmap.lock);
	vaddr = (unsigned long)page->virtual;
	if (!vaddr) {
		pthread_mutex_unlock(&pkmap.lock);
		count_error();
		vm_warn("mm/highmem.c kunmap_high",
			"kunmap: page pfn:%05lx is not kmapped (the kernel BUGs: BUG_ON(!vaddr))",
			page_to_pfn(page));
		return;
	}
	nr = (unsigned int)PKMAP_NR(vaddr);
	if (--pkmap.count[nr] == 0) {
		/* a slot that stays mapped is harmless: the next kmap() maps over it */
		err = vunmap_range(vaddr, PAGE_SIZE);
		WRITE_ONCE(page->virtual, NULL);
		pkmap.used--;
		/* all waiters: one woken for a page someone else mapped would not take the slot */
		pthread_cond_broadcast(&pkmap.wait);
	}
	pthread_mutex_unlock(&pkmap.lock);
	if (err)
		fprintf(stderr, "kmem: kunmap: cannot unmap pkmap slot %u: %s\n", nr,
			strerror(-err));
}

/* ---- kmap_local ---- */

/* Thread exit: give the window back, unmapping what the thread left mapped (and saying so) */
static void kmap_ctrl_release(void *arg)
{
	struct kmap_ctrl *ctrl = arg;
	unsigned int leaked = 0;
	int err = 0;

	pthread_mutex_lock(&pkmap.lock);
	if (ctrl->seq == pkmap.seq) {
		unsigned long i = (ctrl->window - pkmap.fixmap_base) / KMAP_WINDOW_SIZE;

		leaked = ctrl->idx;
		if (leaked)
			err = vunmap_range(ctrl->window, (unsigned long)leaked << PAGE_SHIFT);
		pkmap.window_used[i / BITS_PER_LONG] &= ~(1UL << (i % BITS_PER_LONG));
	}
	ctrl->seq = 0;
	pthread_mutex_unlock(&pkmap.lock);
	if (leaked) {
		count_error();
		vm_warn("mm/highmem.c", "kmap_local: thread exits holding %u mapping(s)", leaked);
	}
	if (err)
		fprintf(stderr, "kmem: kmap_local: cannot unmap %#lx: %s\n", ctrl->window,
			strerror(-err));
}

static void kmap_ctrl_key_create(void)
{
	if (pthread_key_create(&kmap_ctrl_key, kmap_ctrl_release))
		fprintf(stderr,
			"kmem: kmap_local: no thread key: windows of exited threads leak\n");
}

/* Give the calling thread a window of this boot's fixmap area if it has none; false if full */
static bool kmap_local_window(struct kmap_ctrl *ctrl)
{
	unsigned long i;

	if (ctrl->seq == READ_ONCE(pkmap.seq))
		return true;
	pthread_once(&kmap_ctrl_once, kmap_ctrl_key_create);
	pthread_mutex_lock(&pkmap.lock);
	for (i = 0; i < KMAP_LOCAL_WINDOWS; i++)
		if (!(pkmap.window_used[i / BITS_PER_LONG] & (1UL << (i % BITS_PER_LONG))))
			break;
	if (i < KMAP_LOCAL_WINDOWS) {
		pkmap.window_used[i / BITS_PER_LONG] |= 1UL << (i % BITS_PER_LONG);
		ctrl->seq = pkmap.seq;
		ctrl->window = pkmap.fixmap_base + i * KMAP_WINDOW_SIZE;
		ctrl->idx = 0;
	}
	pthread_mutex_unlock(&pkmap.lock);
	if (i == KMAP_LOCAL_WINDOWS) {
		count_error();
		vm_warn("mm/highmem.c __kmap_local_pfn_prot",
			"kmap_local: all %d per-thread windows are in use", KMAP_LOCAL_WINDOWS);
		return false;
	}
	pthread_setspecific(kmap_ctrl_key, ctrl);
	return true;
}

void *kmap_local_page(struct page *page)
{
	struct kmap_ctrl *ctrl = &kmap_ctrl;
	unsigned long vaddr;
	int err;

	if (!PageHighMem(page))
		return page_address(page);
	if (!kmap_local_window(ctrl))
		return NULL;
	if (ctrl->idx >= KM_MAX_IDX) {
		count_error();
		vm_warn("mm/highmem.c kmap_local_idx_push",
			"kmap_local: more than KM_MAX_IDX (%d) nested mappings (the kernel BUGs)",
			KM_MAX_IDX);
		return NULL;
	}
	vaddr = ctrl->window + ((unsigned long)ctrl->idx << PAGE_SHIFT);
	err = vmap_pfn_range(vaddr, page_to_pfn(page), 1);
	if (err) {
		count_error();
		vm_warn("mm/highmem.c __kmap_local_pfn_prot", "kmap_local: cannot map pfn %#lx: %s",
			page_to_pfn(page), strerror(-err));
		return NULL;
	}
	ctrl->idx++;
	return (void *)vaddr;
}

void kunmap_local(const void *addr)
{
	struct kmap_ctrl *ctrl = &kmap_ctrl;
	unsigned long vaddr = (unsigned long)addr & PAGE_MASK, top;
	unsigned long fixmap = READ_ONCE(pkmap.fixmap_base);
	int err;

	if (!fixmap || vaddr < fixmap || vaddr >= fixmap + KMAP_LOCAL_WINDOWS * KMAP_WINDOW_SIZE) {
		/* kmap_local_page() of a lowmem page returned its direct-map address */
		if (virt_addr_valid(addr))
			return;
		count_error();
		vm_warn("mm/highmem.c kunmap_local_indexed",
			"kunmap_local: %p was not returned by kmap_local_page()", addr);
		return;
	}
	if (ctrl->seq != READ_ONCE(pkmap.seq) || !ctrl->idx || vaddr < ctrl->window ||
	    vaddr >= ctrl->window + KMAP_WINDOW_SIZE) {
		count_error();
		vm_warn("mm/highmem.c kunmap_local_indexed",
			"kunmap_local: %p is not a kmap_local mapping of this thread", addr);
		return;
	}
	top = ctrl->window + ((unsigned long)(ctrl->idx - 1) << PAGE_SHIFT);
	if (vaddr != top) {
		count_error();
		vm_warn("mm/highmem.c kunmap_local_indexed",
			"kunmap_local: wrong order: unmapping %#lx but %#lx is the most recent "
			"kmap_local",
			vaddr, top);
		return;
	}
	err = vunmap_range(top, PAGE_SIZE);
	if (err)
		fprintf(stderr, "kmem: kunmap_local: cannot unmap %#lx: %s\n", top, strerror(-err));
	ctrl->idx--;
}

/* ---- boot, shutdown, statistics ---- */

void highmem_stats(struct kmem_vm_stats *out)
{
	pthread_mutex_lock(&pkmap.lock);
	out->pkmap_slots = pkmap_base ? LAST_PKMAP : 0;
	out->pkmap_used = pkmap.used;
	out->kmap_waits = pkmap.waits;
	pthread_mutex_unlock(&pkmap.lock);
	out->kmap_errors = __atomic_load_n(&pkmap.errors, __ATOMIC_RELAXED);
}

/* Reserve the windows on a profile with ZONE_HIGHMEM, as a CONFIG_HIGHMEM kernel does */
int highmem_init(void)
{
	unsigned long size =
		((unsigned long)LAST_PKMAP << PAGE_SHIFT) + KMAP_LOCAL_WINDOWS * KMAP_WINDOW_SIZE;
	void *base = NULL;

	if (kmem_rt.arch->zone_end[ZONE_HIGHMEM]) {
		base = vm_reserve(size);
		if (!base) {
			int err = -errno;

			fprintf(stderr,
				"kmem: cannot reserve %lu MiB of address space for the pkmap and "
				"kmap_local windows: %s%s\n",
				size >> 20, strerror(-err), as_limit_note());
			return err;
		}
	}
	pthread_mutex_lock(&pkmap.lock);
	pkmap_base = (unsigned long)base;
	WRITE_ONCE(pkmap.fixmap_base,
		   base ? pkmap_base + ((unsigned long)LAST_PKMAP << PAGE_SHIFT) : 0);
	memset(pkmap.count, 0, sizeof(pkmap.count));
	memset(pkmap.window_used, 0, sizeof(pkmap.window_used));
	pkmap.last_nr = pkmap.used = 0;
	pkmap.waits = 0;
	WRITE_ONCE(pkmap.seq, pkmap.seq + 1);
	__atomic_store_n(&pkmap.errors, 0, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&pkmap.lock);
	return 0;
}

void highmem_exit(void)
{
	unsigned long size =
		((unsigned long)LAST_PKMAP << PAGE_SHIFT) + KMAP_LOCAL_WINDOWS * KMAP_WINDOW_SIZE;

	pthread_mutex_lock(&pkmap.lock);
	if (pkmap_base)
		vm_release((void *)pkmap_base, size);
	pkmap_base = 0;
	WRITE_ONCE(pkmap.fixmap_base, 0);
	/* windows that threads still hold belong to this boot only */
	WRITE_ONCE(pkmap.seq, pkmap.seq + 1);
	pthread_mutex_unlock(&pkmap.lock);
}
