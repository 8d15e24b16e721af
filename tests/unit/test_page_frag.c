// SPDX-License-Identifier: GPL-2.0
/*
 * The page fragment cache (<linux/page_frag_cache.h>) as 6.18 has it: fragments cut upwards
 * from a 32 KiB compound page, one page reference each; the page freed with its last fragment
 * once the cache has moved on, or reused whole when every fragment came back first; an order-0
 * page when no order-3 block is free; alignment; a fragment freed twice reported, not a page
 * freed twice; and fragments freed on another CPU's thread than the one cutting them, as the
 * kernel's page_frag_test pushes them through a ring.
 */
#include <pthread.h>
#include <sched.h>
#include <string.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/page_frag_cache.h>

#include "harness.h"

#define FRAG_PAGE_SIZE (PAGE_SIZE << PAGE_FRAG_CACHE_MAX_ORDER)

/*
 * 2000 fragments of 100 bytes: 327 to a 32 KiB page, one after the other, so 7 pages. Each
 * holds what was written to it (no two overlap). Freed, the six full pages go back at once;
 * the cache keeps the seventh until it is drained.
 */
TEST(many_fragments_then_free_all)
{
	enum { NR = 2000, SIZE = 100 };
	static unsigned char *frags[NR];
	unsigned long start = nr_free_pages();
	struct page_frag_cache nc;
	int pages = 0;

	page_frag_cache_init(&nc);
	for (int i = 0; i < NR; i++) {
		struct page *head;

		frags[i] = page_frag_alloc(&nc, SIZE, GFP_KERNEL);
		ASSERT_NOT_NULL(frags[i]);
		head = virt_to_head_page(frags[i]);
		ASSERT_EQ(compound_order(head), PAGE_FRAG_CACHE_MAX_ORDER);
		if (!i || head != virt_to_head_page(frags[i - 1])) {
			ASSERT_EQ(frags[i], page_address(head));
			pages++;
		} else {
			ASSERT_EQ(frags[i], frags[i - 1] + SIZE);
		}
		memset(frags[i], i & 0xff, SIZE);
	}
	ASSERT_EQ(pages, (NR + 326) / 327);
	ASSERT_EQ(nr_free_pages(), start - (unsigned long)pages * 8);
	for (int i = 0; i < NR; i++) {
		for (int b = 0; b < SIZE; b++)
			ASSERT_EQ(frags[i][b], (unsigned char)(i & 0xff));
		page_frag_free(frags[i]);
	}
	ASSERT_EQ(nr_free_pages(), start - 8);
	page_frag_cache_drain(&nc);
	ASSERT_EQ(nc.encoded_page, 0);
	ASSERT_EQ(nr_free_pages(), start);
	/* draining an empty cache does nothing */
	page_frag_cache_drain(&nc);
}

static void *misaligned;

static void alloc_align3(void *arg)
{
	misaligned = page_frag_alloc_align(arg, 10, GFP_KERNEL, 3);
}

/*
 * page_frag_alloc_align() rounds the next offset up to the alignment, whatever fragments of
 * odd sizes came before; a new page starts aligned. An alignment that is not a power of two is
 * warned about.
 */
TEST(alignment)
{
	static const unsigned int aligns[] = { 8, 64, 256, 2048, 4096, 16 };
	unsigned long start = nr_free_pages();
	struct page_frag_cache nc;
	void *frags[2 * 6 * ARRAY_SIZE(aligns)];
	int n = 0;
	const char *err;

	page_frag_cache_init(&nc);
	for (int round = 0; round < 6; round++) {
		for (size_t a = 0; a < ARRAY_SIZE(aligns); a++) {
			frags[n] = page_frag_alloc(&nc, 3 + (unsigned int)a, GFP_KERNEL);
			ASSERT_NOT_NULL(frags[n++]);
			frags[n] = page_frag_alloc_align(&nc, 1000, GFP_KERNEL, aligns[a]);
			ASSERT_NOT_NULL(frags[n]);
			ASSERT_EQ((unsigned long)frags[n] % aligns[a], 0);
			n++;
		}
	}
	err = harness_capture(alloc_align3, &nc);
	ASSERT_CONTAINS(err, "not a power of two");
	ASSERT_NOT_NULL(misaligned);
	page_frag_free(misaligned);
	for (int i = 0; i < n; i++)
		page_frag_free(frags[i]);
	page_frag_cache_drain(&nc);
	ASSERT_EQ(nr_free_pages(), start);
}

/*
 * A page whose fragments all came back is the cache's again: the next fragment that does not
 * fit starts the same page over. A fragment larger than a page that does not fit fails and
 * the cache keeps its page for smaller ones. A page with a fragment still out is left to it:
 * the cache takes another, and the old page is freed with that fragment.
 */
TEST(reuse_or_leave_page)
{
	unsigned long start = nr_free_pages();
	struct page_frag_cache nc;
	char *a, *b, *c, *d, *f, *g = NULL;

	page_frag_cache_init(&nc);
	a = page_frag_alloc(&nc, 16384, GFP_KERNEL);
	b = page_frag_alloc(&nc, 16384, GFP_KERNEL);
	ASSERT_EQ(b, a + 16384);
	page_frag_free(a);
	page_frag_free(b);
	c = page_frag_alloc(&nc, 100, GFP_KERNEL);
	ASSERT_EQ(c, a);
	d = page_frag_alloc(&nc, 20000, GFP_KERNEL);
	ASSERT_EQ(d, a + 100);
	ASSERT_NULL(page_frag_alloc(&nc, 20000, GFP_KERNEL));
	f = page_frag_alloc(&nc, 100, GFP_KERNEL);
	ASSERT_EQ(f, a + 20100);
	ASSERT_EQ(nr_free_pages(), start - 8);
	/* fill to the end: the next fragment needs a new page */
	while (virt_to_head_page(g ? g : f) == virt_to_head_page(a)) {
		if (g)
			page_frag_free(g);
		g = page_frag_alloc(&nc, 4000, GFP_KERNEL);
		ASSERT_NOT_NULL(g);
	}
	ASSERT_NE(virt_to_head_page(g), virt_to_head_page(a));
	ASSERT_EQ(nr_free_pages(), start - 16);
	page_frag_free(c);
	page_frag_free(d);
	ASSERT_EQ(nr_free_pages(), start - 16);
	page_frag_free(f);
	ASSERT_EQ(nr_free_pages(), start - 8);
	page_frag_free(g);
	page_frag_cache_drain(&nc);
	ASSERT_EQ(nr_free_pages(), start);
}

/*
 * With no order-3 block free the cache refills with single pages: 40 fragments of 100 bytes
 * to a page, and a fragment above a page size fails.
 */
TEST(order0_pages_when_fragmented)
{
	unsigned long start = nr_free_pages();
	struct page_frag_cache nc;
	unsigned char *frags[100];
	LIST_HEAD(held);

	ASSERT_EQ(kmem_thread_set_cpu(0), 0);
	harness_fragment(&held);
	page_frag_cache_init(&nc);
	for (int i = 0; i < 100; i++) {
		frags[i] = page_frag_alloc(&nc, 100, GFP_KERNEL);
		ASSERT_NOT_NULL(frags[i]);
		ASSERT_EQ(compound_order(virt_to_head_page(frags[i])), 0);
		if (i % 40)
			ASSERT_EQ(frags[i], frags[i - 1] + 100);
		else
			ASSERT_EQ((unsigned long)frags[i] % PAGE_SIZE, 0);
	}
	ASSERT_NULL(page_frag_alloc(&nc, PAGE_SIZE + 1, GFP_KERNEL));
	for (int i = 0; i < 100; i++)
		page_frag_free(frags[i]);
	page_frag_cache_drain(&nc);
	harness_free_list(&held);
	ASSERT_EQ(nr_free_pages(), start);
}

static void free_frag(void *arg)
{
	page_frag_free(arg);
}

/*
 * A fragment freed twice takes a page reference it does not own. Once its page is gone, that
 * is a put of a page without references: reported, and nothing freed a second time.
 */
TEST(double_free_reported)
{
	unsigned long start = nr_free_pages(), bad = kmem_bad_page_count();
	static struct harness_snapshot before, after;
	struct page_frag_cache nc;
	const char *err;
	void *x;

	page_frag_cache_init(&nc);
	x = page_frag_alloc(&nc, 64, GFP_KERNEL);
	page_frag_cache_drain(&nc);
	ASSERT_EQ(nr_free_pages(), start - 8);
	page_frag_free(x);
	ASSERT_EQ(nr_free_pages(), start);
	harness_snapshot(&before);
	err = harness_capture(free_frag, x);
	harness_snapshot(&after);
	ASSERT_CONTAINS(err, "VM_BUG_ON_PAGE(page_ref_count(page) == 0)");
	ASSERT_SNAPSHOT_EQ(&before, &after);
	ASSERT_EQ(kmem_bad_page_count() - bad, 1);
}

/* ---- fragments cut on one CPU and freed on another ---- */

#define RING	256
#define NR_PUSH 40000

struct ring {
	void *slot[RING];
	unsigned long head; /* pushed, written by the producer */
	unsigned long tail; /* popped, written by the consumer */
	int pop_cpu;
	unsigned long bad; /* fragments whose bytes were not the producer's */
};

static void *pop_thread(void *arg)
{
	struct ring *r = arg;

	kmem_thread_enter(r->pop_cpu);
	for (unsigned long n = 0; n < NR_PUSH; n++) {
		unsigned char *frag;
		unsigned long len;

		while (__atomic_load_n(&r->head, __ATOMIC_ACQUIRE) == r->tail)
			sched_yield();
		frag = r->slot[r->tail % RING];
		__atomic_store_n(&r->tail, r->tail + 1, __ATOMIC_RELEASE);
		len = 64 + (unsigned long)(frag[0] % 32) * 61;
		for (unsigned long b = 1; b < len; b++)
			r->bad += frag[b] != frag[0];
		page_frag_free(frag);
	}
	return NULL;
}

/*
 * The pushing thread (CPU 0) cuts fragments of 64 to 1955 bytes, some aligned, fills each with
 * one byte value and hands them through a ring to the popping thread (another CPU), which
 * checks and frees them while more are cut from the same pages. Every fragment holds what was
 * written to it, and after the drain every page is back.
 */
TEST(free_on_another_cpu)
{
	unsigned long start = nr_free_pages();
	struct page_frag_cache nc;
	struct kmem_info info;
	static struct ring r;
	pthread_t popper;

	kmem_get_info(&info);
	memset(&r, 0, sizeof(r));
	r.pop_cpu = info.nr_cpus > 1 ? 1 : 0;
	ASSERT_EQ(kmem_thread_enter(0), 0);
	page_frag_cache_init(&nc);
	ASSERT_EQ(pthread_create(&popper, NULL, pop_thread, &r), 0);
	for (unsigned long n = 0; n < NR_PUSH; n++) {
		unsigned char v = (unsigned char)(n * 13);
		unsigned long len = 64 + (unsigned long)(v % 32) * 61;
		unsigned char *frag;

		frag = n % 3 ? page_frag_alloc(&nc, (unsigned int)len, GFP_KERNEL)
			     : page_frag_alloc_align(&nc, (unsigned int)len, GFP_KERNEL, 64);
		if (!frag)
			FAIL("fragment %lu of %lu bytes: none", n, len);
		memset(frag, v, len);
		while (__atomic_load_n(&r.tail, __ATOMIC_ACQUIRE) + RING == r.head)
			sched_yield();
		r.slot[r.head % RING] = frag;
		__atomic_store_n(&r.head, r.head + 1, __ATOMIC_RELEASE);
	}
	pthread_join(popper, NULL);
	ASSERT_EQ(r.bad, 0);
	page_frag_cache_drain(&nc);
	ASSERT_EQ(nr_free_pages(), start);
}
