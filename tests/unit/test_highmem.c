// SPDX-License-Identifier: GPL-2.0
/*
 * High memory as kernel code uses it. On x86_32 a highmem page has no address until kmap()
 * gives it a pkmap slot (page_address() follows), kmap() sleeps while all LAST_PKMAP slots are
 * held, kmap_local/kmap_atomic stack per thread and must be released in reverse order, and data
 * survives every unmapping. On x86_64 all of it is the direct map. Misuse is reported, counted
 * and changes nothing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>

#include "harness.h"

#define MiB (1ULL << 20)

/* x86_32 with 128 MiB of highmem (896 MiB .. 1 GiB) */
static void boot_x86_32(void)
{
	struct kmem_config cfg;

	harness_config(&cfg);
	cfg.arch = "x86_32";
	cfg.mem_bytes = 1024 * MiB;
	harness_reboot(&cfg);
}

static struct kmem_vm_stats vm_stats(void)
{
	struct kmem_vm_stats st;

	kmem_vm_stats(&st);
	return st;
}

static struct page *alloc_highmem_page(void)
{
	struct page *page = alloc_page(GFP_HIGHUSER);

	if (!page || !PageHighMem(page))
		FAIL("alloc_page(GFP_HIGHUSER) gave no highmem page: %p", (void *)page);
	return page;
}

/* The permissions of the host mapping holding @addr ("rw-s"), or "" */
static const char *host_prot(const void *addr)
{
	static char prot[8];
	char line[512];
	unsigned long lo, hi, a = (unsigned long)addr;
	FILE *f = fopen("/proc/self/maps", "r");

	if (!f)
		FAIL("cannot open /proc/self/maps");
	prot[0] = '\0';
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx %7s", &lo, &hi, prot) == 3 && a >= lo && a < hi)
			break;
		else
			prot[0] = '\0';
	fclose(f);
	return prot;
}

static bool in_pkmap(const void *addr)
{
	unsigned long a = (unsigned long)addr;

	return a >= PKMAP_ADDR(0) && a < PKMAP_ADDR(LAST_PKMAP);
}

/*
 * x86_64 has no highmem: kmap, kmap_local_page and kmap_atomic return the direct-map address
 * and their unmaps do nothing. kunmap_local() of an address that is not the direct map is
 * harmless: reported, counted, nothing else changes.
 */
TEST(x86_64_kmap_is_the_direct_map)
{
	unsigned long start = nr_free_pages();
	struct page *page = alloc_page(GFP_HIGHUSER);
	struct harness_snapshot before, after;
	char *v = vmalloc(PAGE_SIZE), *heap = malloc(16);
	const char *text;
	void *addr;

	ASSERT_NOT_NULL(page);
	ASSERT_NOT_NULL(v);
	ASSERT_NOT_NULL(heap);
	ASSERT_FALSE(PageHighMem(page));
	addr = page_address(page);
	ASSERT_NOT_NULL(addr);
	ASSERT_EQ(vm_stats().pkmap_slots, 0);
	harness_snapshot(&before);

	harness_capture_begin();
	ASSERT_EQ(kmap(page), addr);
	ASSERT_EQ(kmap(page), addr);
	kunmap(page);
	kunmap(page);
	kunmap(page);
	ASSERT_EQ(kmap_local_page(page), addr);
	ASSERT_EQ(kmap_atomic(page), addr);
	kunmap_atomic(addr);
	kunmap_local((char *)addr + 100);
	kunmap_local(addr);
	text = harness_capture_end();
	ASSERT_STREQ(text, "");
	ASSERT_EQ(vm_stats().kmap_errors, 0);
	ASSERT_EQ(page_address(page), addr);

	harness_capture_begin();
	kunmap_local(v);
	kunmap_local(heap);
	text = harness_capture_end();
	ASSERT_EQ(harness_count(text, "was not returned by kmap_local_page()"), 2);
	ASSERT_EQ(vm_stats().kmap_errors, 2);
	harness_snapshot(&after);
	ASSERT_SNAPSHOT_EQ(&before, &after);

	free(heap);
	vfree(v);
	__free_page(page);
	ASSERT_EQ(nr_free_pages(), start);
}

/*
 * x86_32: a page above 896 MiB is highmem, with no address until kmapped; a lowmem page keeps
 * its direct-map address and kmap() returns just that.
 */
TEST(x86_32_highmem_has_no_address)
{
	struct page *high, *low;

	boot_x86_32();
	ASSERT_EQ(vm_stats().pkmap_slots, LAST_PKMAP);
	high = alloc_highmem_page();
	ASSERT_GE(page_to_pfn(high), (896 * MiB) >> PAGE_SHIFT);
	ASSERT_NULL(page_address(high));
	low = alloc_page(GFP_KERNEL);
	ASSERT_NOT_NULL(low);
	ASSERT_FALSE(PageHighMem(low));
	ASSERT_LT(page_to_pfn(low), (896 * MiB) >> PAGE_SHIFT);
	ASSERT_EQ(page_address(low), lowmem_page_address(low));
	ASSERT_EQ(kmap(low), page_address(low));
	ASSERT_EQ(kmap_local_page(low), page_address(low));
	kunmap_local(page_address(low));
	kunmap(low);
	ASSERT_EQ(vm_stats().pkmap_used, 0);
	__free_page(high);
	__free_page(low);
}

/*
 * kmap round trips: the page gets a pkmap slot and page_address() returns it while mapped;
 * nested kmaps share the slot; the last kunmap() unmaps the slot (PROT_NONE) and page_address()
 * is NULL again. What was written survives: a later kmap() (perhaps at another slot), a
 * kmap_local and a vmalloc area of the same page all read it. A kunmap() too many is reported
 * and changes nothing.
 */
TEST(kmap_round_trip)
{
	unsigned long start;
	struct harness_snapshot before, after;
	struct page *page;
	unsigned char *a, *b, *v;
	const char *text;

	boot_x86_32();
	start = nr_free_pages();
	page = alloc_highmem_page();
	a = kmap(page);
	ASSERT_NOT_NULL(a);
	ASSERT_TRUE(in_pkmap(a));
	ASSERT_EQ(page_address(page), a);
	ASSERT_STREQ(host_prot(a), "rw-s");
	ASSERT_EQ(kmap(page), a);
	ASSERT_EQ(vm_stats().pkmap_used, 1);
	for (unsigned long i = 0; i < PAGE_SIZE; i++)
		a[i] = (unsigned char)(i * 13);
	kunmap(page);
	ASSERT_EQ(page_address(page), a);
	kunmap(page);
	ASSERT_NULL(page_address(page));
	ASSERT_EQ(vm_stats().pkmap_used, 0);
	ASSERT_STREQ(host_prot(a), "---p");

	b = kmap(page);
	ASSERT_NOT_NULL(b);
	for (unsigned long i = 0; i < PAGE_SIZE; i++)
		if (b[i] != (unsigned char)(i * 13))
			FAIL("byte %lu: wrote %#x through %p, read %#x through %p", i,
			     (unsigned char)(i * 13), (void *)a, b[i], (void *)b);
	b[7] = 0x77;
	kunmap(page);
	b = kmap_local_page(page);
	ASSERT_EQ(b[7], 0x77);
	ASSERT_EQ(b[8], (unsigned char)(8 * 13));
	kunmap_local(b);

	harness_snapshot(&before);
	harness_capture_begin();
	kunmap(page);
	text = harness_capture_end();
	ASSERT_CONTAINS(text, "is not kmapped");
	ASSERT_EQ(vm_stats().kmap_errors, 1);
	ASSERT_NULL(page_address(page));
	harness_snapshot(&after);
	ASSERT_SNAPSHOT_EQ(&before, &after);
	__free_page(page);

	/* a vmalloc area's highmem page, written through kmap and read through the area */
	v = vmalloc(PAGE_SIZE);
	ASSERT_NOT_NULL(v);
	page = vmalloc_to_page(v);
	ASSERT_TRUE(PageHighMem(page));
	a = kmap(page);
	memset(a, 0x3c, PAGE_SIZE);
	kunmap(page);
	ASSERT_EQ(v[0], 0x3c);
	ASSERT_EQ(v[PAGE_SIZE - 1], 0x3c);
	v[1] = 0x4d;
	a = kmap_atomic(page);
	ASSERT_EQ(a[1], 0x4d);
	kunmap_atomic(a);
	vfree(v);
	ASSERT_EQ(vm_stats().pkmap_used, 0);
	ASSERT_EQ(nr_free_pages(), start);
}

/*
 * kmap_local is a stack of KM_MAX_IDX slots: each mapping gets its own address (and leaves
 * page_address() NULL), one more returns NULL with a report, release out of order is reported
 * and leaves the stack as it was, release in order (by any address inside the page) unmaps,
 * and an empty stack has nothing to release.
 */
TEST(kmap_local_stack)
{
	struct page *pages[KM_MAX_IDX + 1];
	unsigned char *addr[KM_MAX_IDX];
	unsigned long start;
	const char *text;

	boot_x86_32();
	start = nr_free_pages();
	for (int i = 0; i <= KM_MAX_IDX; i++)
		pages[i] = alloc_highmem_page();
	for (int i = 0; i < KM_MAX_IDX; i++) {
		addr[i] = kmap_local_page(pages[i]);
		ASSERT_NOT_NULL(addr[i]);
		ASSERT_FALSE(in_pkmap(addr[i]));
		ASSERT_FALSE(virt_addr_valid(addr[i]));
		for (int j = 0; j < i; j++)
			ASSERT_NE(addr[i], addr[j]);
		ASSERT_NULL(page_address(pages[i]));
		memset(addr[i], i, PAGE_SIZE);
	}
	harness_capture_begin();
	ASSERT_NULL(kmap_local_page(pages[KM_MAX_IDX]));
	text = harness_capture_end();
	ASSERT_CONTAINS(text, "more than KM_MAX_IDX");
	ASSERT_EQ(vm_stats().kmap_errors, 1);

	harness_capture_begin();
	kunmap_local(addr[0]);
	text = harness_capture_end();
	ASSERT_CONTAINS(text, "kunmap_local: wrong order");
	ASSERT_CONTAINS(text, "is the most recent kmap_local");
	ASSERT_EQ(vm_stats().kmap_errors, 2);
	ASSERT_EQ(addr[0][PAGE_SIZE - 1], 0);
	ASSERT_EQ(addr[KM_MAX_IDX - 1][0], KM_MAX_IDX - 1);

	for (int i = KM_MAX_IDX - 1; i >= 0; i--) {
		ASSERT_EQ(addr[i][100], i);
		kunmap_local(addr[i] + 100);
		ASSERT_STREQ(host_prot(addr[i]), "---p");
	}
	harness_capture_begin();
	kunmap_local(addr[0]);
	text = harness_capture_end();
	ASSERT_CONTAINS(text, "is not a kmap_local mapping of this thread");
	ASSERT_EQ(vm_stats().kmap_errors, 3);

	/* the slots are free again, and the data outlived them */
	for (int i = 0; i < KM_MAX_IDX; i++) {
		unsigned char *p = kmap_atomic(pages[i]);

		ASSERT_EQ(p, addr[0]);
		ASSERT_EQ(p[PAGE_SIZE / 2], i);
		kunmap_atomic(p);
	}
	for (int i = 0; i <= KM_MAX_IDX; i++)
		__free_page(pages[i]);
	ASSERT_EQ(nr_free_pages(), start);
}

struct local_thread {
	struct page *pages[KM_MAX_IDX];
	unsigned char *addr[KM_MAX_IDX];
	pthread_barrier_t *barrier;
	bool leak_one;
	int bad;
};

/* Fill this thread's whole stack, wait for the other thread to do the same, check, release */
static void *local_thread(void *arg)
{
	struct local_thread *t = arg;
	int n = t->leak_one ? 1 : KM_MAX_IDX;

	for (int i = 0; i < n; i++) {
		t->addr[i] = kmap_local_page(t->pages[i]);
		if (!t->addr[i]) {
			t->bad++;
			return NULL;
		}
		memset(t->addr[i], (int)(unsigned long)t->pages[i], PAGE_SIZE);
	}
	pthread_barrier_wait(t->barrier);
	for (int i = 0; i < n; i++)
		t->bad += t->addr[i][PAGE_SIZE - 1] != (unsigned char)(unsigned long)t->pages[i];
	pthread_barrier_wait(t->barrier);
	if (t->leak_one)
		return NULL;
	for (int i = n - 1; i >= 0; i--)
		kunmap_local(t->addr[i]);
	return NULL;
}

/*
 * kmap_local windows are per thread: two threads each hold a full stack at once, at disjoint
 * addresses, and release in their own order. A thread that exits still holding a mapping is
 * reported, and the mapping is undone.
 */
TEST(kmap_local_per_thread)
{
	struct local_thread t[2] = { 0 };
	pthread_barrier_t barrier;
	pthread_t th[2];
	unsigned long start;
	const char *text;

	boot_x86_32();
	start = nr_free_pages();
	pthread_barrier_init(&barrier, NULL, 2);
	for (int k = 0; k < 2; k++) {
		t[k].barrier = &barrier;
		for (int i = 0; i < KM_MAX_IDX; i++)
			t[k].pages[i] = alloc_highmem_page();
		if (pthread_create(&th[k], NULL, local_thread, &t[k]))
			FAIL("pthread_create failed");
	}
	for (int k = 0; k < 2; k++)
		pthread_join(th[k], NULL);
	ASSERT_EQ(t[0].bad + t[1].bad, 0);
	for (int i = 0; i < KM_MAX_IDX; i++)
		for (int j = 0; j < KM_MAX_IDX; j++)
			ASSERT_NE(t[0].addr[i], t[1].addr[j]);
	ASSERT_EQ(vm_stats().kmap_errors, 0);

	t[0].leak_one = t[1].leak_one = true;
	harness_capture_begin();
	for (int k = 0; k < 2; k++)
		if (pthread_create(&th[k], NULL, local_thread, &t[k]))
			FAIL("pthread_create failed");
	for (int k = 0; k < 2; k++)
		pthread_join(th[k], NULL);
	text = harness_capture_end();
	ASSERT_EQ(t[0].bad + t[1].bad, 0);
	ASSERT_EQ(harness_count(text, "kmap_local: thread exits holding 1 mapping(s)"), 2);
	ASSERT_EQ(vm_stats().kmap_errors, 2);
	ASSERT_STREQ(host_prot(t[0].addr[0]), "---p");
	ASSERT_STREQ(host_prot(t[1].addr[0]), "---p");

	pthread_barrier_destroy(&barrier);
	for (int k = 0; k < 2; k++)
		for (int i = 0; i < KM_MAX_IDX; i++)
			__free_page(t[k].pages[i]);
	ASSERT_EQ(nr_free_pages(), start);
}

struct waiter {
	struct page *page;
	void *addr;
	int returned; /* atomic: set once kmap() returned */
	sem_t done;
};

static void *kmap_waiter(void *arg)
{
	struct waiter *w = arg;

	w->addr = kmap(w->page);
	__atomic_store_n(&w->returned, 1, __ATOMIC_SEQ_CST);
	if (w->addr) {
		memset(w->addr, 0xb5, PAGE_SIZE);
		kunmap(w->page);
	}
	sem_post(&w->done);
	return NULL;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Slot exhaustion. This thread (A) holds all LAST_PKMAP slots; thread B's kmap() of another
 * page must sleep, not fail: A waits until B is counted as sleeping in kmap() (kmap_waits),
 * gives it 100 ms more, checks that B has not returned and has warned of the stall (after
 * KMEM_STALL_WARN_MS, 20 ms here), then kunmaps one page. B must then return (within 5 s, or
 * the test fails rather than hangs) with the slot A released.
 */
TEST(kmap_sleeps_until_a_slot_is_free)
{
	struct page **held = calloc(LAST_PKMAP, sizeof(*held));
	struct waiter w = { 0 };
	unsigned long start, freed_slot;
	unsigned char *p;
	const char *text;
	struct timespec until;
	pthread_t b;
	double deadline;

	ASSERT_NOT_NULL(held);
	harness_setenv("KMEM_STALL_WARN_MS", "20");
	boot_x86_32();
	start = nr_free_pages();
	for (int i = 0; i < LAST_PKMAP; i++) {
		held[i] = alloc_highmem_page();
		if (!kmap(held[i]))
			FAIL("kmap of page %d failed", i);
	}
	ASSERT_EQ(vm_stats().pkmap_used, LAST_PKMAP);
	w.page = alloc_highmem_page();
	sem_init(&w.done, 0, 0);
	harness_capture_begin();
	if (pthread_create(&b, NULL, kmap_waiter, &w))
		FAIL("pthread_create failed");

	deadline = now_s() + 5;
	while (vm_stats().kmap_waits < 1) {
		if (__atomic_load_n(&w.returned, __ATOMIC_SEQ_CST))
			FAIL("kmap() returned %p with every slot in use", w.addr);
		if (now_s() > deadline)
			FAIL("thread B never started waiting in kmap()");
		sched_yield();
	}
	nanosleep(&(struct timespec){ .tv_nsec = 100 * 1000 * 1000 }, NULL);
	ASSERT_EQ(__atomic_load_n(&w.returned, __ATOMIC_SEQ_CST), 0);
	freed_slot = (unsigned long)page_address(held[LAST_PKMAP / 2]);
	kunmap(held[LAST_PKMAP / 2]);

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 5;
	while (sem_timedwait(&w.done, &until))
		if (errno == ETIMEDOUT)
			FAIL("thread B is still asleep in kmap() 5 s after a slot was freed");
	pthread_join(b, NULL);
	text = harness_capture_end();
	ASSERT_CONTAINS(text, "ms for a pkmap slot: all 1024 are held");
	ASSERT_EQ((unsigned long)w.addr, freed_slot);
	ASSERT_EQ(vm_stats().kmap_waits, 1);
	ASSERT_EQ(vm_stats().pkmap_used, LAST_PKMAP - 1);

	p = kmap(w.page);
	ASSERT_EQ(p[PAGE_SIZE - 1], 0xb5);
	kunmap(w.page);
	for (int i = 0; i < LAST_PKMAP; i++)
		if (i != LAST_PKMAP / 2)
			kunmap(held[i]);
	ASSERT_EQ(vm_stats().pkmap_used, 0);
	ASSERT_EQ(vm_stats().kmap_errors, 0);
	for (int i = 0; i < LAST_PKMAP; i++)
		__free_page(held[i]);
	__free_page(w.page);
	sem_destroy(&w.done);
	free(held);
	ASSERT_EQ(nr_free_pages(), start);
}
