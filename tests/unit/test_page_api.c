// SPDX-License-Identifier: GPL-2.0
/*
 * The page-level API kernel code uses beyond alloc_pages(): reference counts (page_ref_*,
 * get_page/put_page, put_page_testzero) and what a put of a page nobody holds does (a report,
 * nothing changed), folios, virt_to_head_page(), alloc_pages_bulk() filling the holes of an
 * array from the per-CPU lists (threads sharing them too), split_page() and alloc_pages_exact()
 * giving back the tail, and init_on_alloc / init_on_free for pages, lowmem and highmem.
 */
#include <pthread.h>
#include <string.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/mm.h>

#include "harness.h"

static struct harness_snapshot before, after;

/* Bytes of @len at @p that are not zero */
static unsigned long nonzero_bytes(const void *p, size_t len)
{
	const unsigned char *c = p;
	unsigned long n = 0;

	for (size_t i = 0; i < len; i++)
		n += c[i] != 0;
	return n;
}

/* Every test runs as CPU 0, so that a page freed is the next one its per-CPU list hands out */
static void on_cpu0(void)
{
	ASSERT_EQ(kmem_thread_set_cpu(0), 0);
}

/*
 * page_ref_count() is the kernel's _refcount: 1 after alloc_page(), up with get_page(), down
 * with put_page(); put_page_testzero() says whether it took the last one. Of a compound page
 * every page counts the head's references.
 */
TEST(page_refs)
{
	unsigned long start = nr_free_pages();
	struct page *page = alloc_page(GFP_KERNEL), *big;

	ASSERT_NOT_NULL(page);
	ASSERT_EQ(page_ref_count(page), 1);
	get_page(page);
	page_ref_inc(page);
	ASSERT_EQ(page_count(page), 3);
	ASSERT_FALSE(put_page_testzero(page));
	ASSERT_FALSE(page_ref_dec_and_test(page));
	ASSERT_EQ(page_ref_count(page), 1);
	ASSERT_TRUE(get_page_unless_zero(page));
	page_ref_sub(page, 1);
	put_page(page);
	ASSERT_EQ(nr_free_pages(), start);
	/* a free page has no references, and none can be taken speculatively */
	ASSERT_EQ(page_ref_count(page), 0);
	ASSERT_FALSE(get_page_unless_zero(page));

	big = alloc_pages(GFP_KERNEL | __GFP_COMP, 2);
	ASSERT_NOT_NULL(big);
	get_page(big + 3);
	ASSERT_EQ(page_count(big + 1), 2);
	ASSERT_EQ(page_ref_count(big), 2);
	put_page(big + 2);
	ASSERT_LT(nr_free_pages(), start);
	put_page(big);
	ASSERT_EQ(nr_free_pages(), start);
}

static void put_testzero(void *arg)
{
	ASSERT_FALSE(put_page_testzero(arg));
}

static void put(void *arg)
{
	put_page(arg);
}

static void sub_three(void *arg)
{
	ASSERT_FALSE(page_ref_sub_and_test(arg, 3));
}

/*
 * A put of a page whose count is already 0 (here, a page freed already) is the debug kernel's
 * report, with the page dumped, and changes nothing: no count below zero, no second free. A
 * put of more references than the page has is refused the same way.
 */
TEST(put_of_unreferenced_page_reported)
{
	struct page *page = alloc_page(GFP_KERNEL);
	unsigned long bad = kmem_bad_page_count();
	const char *err;

	ASSERT_NOT_NULL(page);
	__free_page(page);
	harness_snapshot(&before);
	err = harness_capture(put_testzero, page);
	ASSERT_CONTAINS(err, "BUG: Bad page state in process");
	ASSERT_CONTAINS(err, "page dumped because: VM_BUG_ON_PAGE(page_ref_count(page) == 0)");
	err = harness_capture(put, page);
	ASSERT_CONTAINS(err, "page dumped because: page already free");
	harness_snapshot(&after);
	ASSERT_SNAPSHOT_EQ(&before, &after);
	ASSERT_EQ(kmem_bad_page_count() - bad, 2);
	ASSERT_EQ(page_ref_count(page), 0);

	page = alloc_page(GFP_KERNEL);
	get_page(page);
	err = harness_capture(sub_three, page);
	ASSERT_CONTAINS(err, "page_ref_sub(3) of a page with 2 reference(s)");
	ASSERT_EQ(page_ref_count(page), 2);
	ASSERT_EQ(kmem_bad_page_count() - bad, 3);
	put_page(page);
	put_page(page);
}

/*
 * virt_to_head_page() of any byte of a compound page is its head; page_folio() of any of its
 * pages is the folio, whose order, size and address are the block's; folio_put() of the last
 * reference frees it all.
 */
TEST(head_page_and_folio)
{
	unsigned long start = nr_free_pages();
	struct page *head = alloc_pages(GFP_KERNEL | __GFP_COMP, 2);
	char *addr = page_address(head);
	struct folio *folio;

	ASSERT_NOT_NULL(head);
	ASSERT_EQ(virt_to_head_page(addr + 3 * PAGE_SIZE + 17), head);
	ASSERT_EQ(virt_to_head_page(addr), head);
	folio = page_folio(head + 2);
	ASSERT_EQ(&folio->page, head);
	ASSERT_EQ(folio_page(folio, 3), head + 3);
	ASSERT_EQ(virt_to_folio(addr + PAGE_SIZE), folio);
	ASSERT_EQ(folio_order(folio), 2);
	ASSERT_EQ(folio_nr_pages(folio), 4);
	ASSERT_EQ(folio_size(folio), 4 * PAGE_SIZE);
	ASSERT_EQ(folio_address(folio), addr);
	ASSERT_EQ(folio_pfn(folio), page_to_pfn(head));
	ASSERT_TRUE(folio_test_large(folio));
	folio_get(folio);
	ASSERT_EQ(folio_ref_count(folio), 2);
	folio_put(folio);
	ASSERT_LT(nr_free_pages(), start);
	folio_put(page_folio(head + 1));
	ASSERT_EQ(nr_free_pages(), start);

	/* an order-0 page is a folio of its own */
	head = alloc_page(GFP_KERNEL);
	folio = page_folio(head);
	ASSERT_EQ(folio_order(folio), 0);
	ASSERT_FALSE(folio_test_large(folio));
	folio_put(folio);
	ASSERT_EQ(nr_free_pages(), start);
}

static unsigned long pcp_hits(void)
{
	unsigned long hits = 0;

	for (int z = 0; z < KMEM_NR_ZONES; z++) {
		struct kmem_zone_stats st;

		if (!kmem_zone_stats(0, z, &st))
			hits += st.pcp_hit[0];
	}
	return hits;
}

/*
 * alloc_pages_bulk() fills only the NULL slots, leaves the pages already there alone, and
 * returns how many slots are populated: all of them. The pages come off the per-CPU list,
 * refilled in batches, so most are hits that took no zone lock.
 */
TEST(bulk_fills_holes)
{
	unsigned long start = nr_free_pages(), hits;
	struct page *pages[40] = { NULL }, *kept[4];
	const int filled[4] = { 0, 1, 7, 30 };

	on_cpu0();
	for (int i = 0; i < 4; i++)
		pages[filled[i]] = kept[i] = alloc_page(GFP_KERNEL);
	hits = pcp_hits();
	ASSERT_EQ(alloc_pages_bulk(GFP_KERNEL, 40, pages), 40);
	ASSERT_GT(pcp_hits() - hits, 20);
	for (int i = 0; i < 4; i++)
		ASSERT_EQ(pages[filled[i]], kept[i]);
	for (int i = 0; i < 40; i++) {
		ASSERT_NOT_NULL(pages[i]);
		ASSERT_EQ(page_ref_count(pages[i]), 1);
		for (int j = 0; j < i; j++)
			ASSERT_NE(pages[i], pages[j]);
	}
	ASSERT_EQ(nr_free_pages(), start - 40);
	/* full already: nothing to do */
	ASSERT_EQ(alloc_pages_bulk(GFP_KERNEL, 40, pages), 40);
	ASSERT_EQ(nr_free_pages(), start - 40);
	/* __GFP_ZERO, and the pre-6.14 name */
	memset(page_address(pages[5]), 0xaa, PAGE_SIZE);
	__free_page(pages[5]);
	pages[5] = NULL;
	ASSERT_EQ(alloc_pages_bulk_array(GFP_KERNEL | __GFP_ZERO, 40, pages), 40);
	ASSERT_EQ(nonzero_bytes(page_address(pages[5]), PAGE_SIZE), 0);
	for (int i = 0; i < 40; i++)
		__free_page(pages[i]);
	ASSERT_EQ(nr_free_pages(), start);
}

/*
 * Where the bulk path cannot run, one page is allocated the ordinary way per call: a single
 * empty slot, __GFP_ACCOUNT, no per-CPU lists (KMEM_PCP=0), or a zone short of its low
 * watermark plus the pages asked for. The count returned is the populated prefix.
 */
TEST(bulk_falls_back_to_one_page)
{
	struct page *pages[16] = { NULL };
	struct kmem_config cfg;
	LIST_HEAD(held);
	unsigned long start;

	on_cpu0();
	ASSERT_EQ(alloc_pages_bulk(GFP_KERNEL | __GFP_ACCOUNT, 16, pages), 1);
	ASSERT_NULL(pages[1]);
	pages[2] = alloc_page(GFP_KERNEL);
	/* the prefix is counted before the page is put in slot 1, as 6.18 counts it */
	ASSERT_EQ(alloc_pages_bulk(GFP_KERNEL | __GFP_ACCOUNT, 16, pages), 2);
	ASSERT_NOT_NULL(pages[1]);
	for (int i = 0; i < 3; i++)
		__free_page(pages[i]);

	harness_config(&cfg);
	cfg.pcp = KMEM_PCP_OFF;
	harness_reboot(&cfg);
	memset(pages, 0, sizeof(pages));
	ASSERT_EQ(alloc_pages_bulk(GFP_KERNEL, 16, pages), 1);
	ASSERT_EQ(alloc_pages_bulk(GFP_KERNEL, 16, pages), 2);
	__free_page(pages[0]);
	__free_page(pages[1]);

	/* down to the min watermark: a GFP_ATOMIC bulk gets one page, from the reserves */
	harness_config(&cfg);
	harness_reboot(&cfg);
	on_cpu0();
	start = nr_free_pages();
	harness_exhaust(&held, GFP_NOWAIT);
	memset(pages, 0, sizeof(pages));
	ASSERT_EQ(alloc_pages_bulk(GFP_ATOMIC | __GFP_NOWARN, 16, pages), 1);
	ASSERT_NOT_NULL(pages[0]);
	ASSERT_NULL(pages[1]);
	__free_page(pages[0]);
	harness_free_list(&held);
	ASSERT_EQ(nr_free_pages(), start);
}

struct bulk_thread {
	int cpu;
	unsigned long pages;
};

static void *bulk_loop(void *arg)
{
	struct bulk_thread *t = arg;
	struct page *pages[64];

	kmem_thread_set_cpu(t->cpu);
	for (int round = 0; round < 300; round++) {
		memset(pages, 0, sizeof(pages));
		t->pages += alloc_pages_bulk(GFP_KERNEL, 64, pages);
		for (int i = 0; i < 64 && pages[i]; i++)
			__free_page(pages[i]);
	}
	return NULL;
}

/*
 * Threads sharing CPU 0's lists, and one on another CPU, fill and free arrays at once: the
 * bulk path takes the list's lock like any allocation, every call fills its array, and every
 * page comes back.
 */
TEST(bulk_from_threads)
{
	struct bulk_thread t[3] = { { .cpu = 0 }, { .cpu = 0 }, { .cpu = 1 } };
	unsigned long start = nr_free_pages();
	struct kmem_info info;
	pthread_t tid[3];

	kmem_get_info(&info);
	if (info.nr_cpus < 2)
		t[2].cpu = 0;
	for (int i = 0; i < 3; i++)
		ASSERT_EQ(pthread_create(&tid[i], NULL, bulk_loop, &t[i]), 0);
	for (int i = 0; i < 3; i++) {
		pthread_join(tid[i], NULL);
		ASSERT_EQ(t[i].pages, 300 * 64);
	}
	ASSERT_EQ(nr_free_pages(), start);
}

/*
 * alloc_pages_exact(5 pages) takes an order-3 block, keeps five order-0 pages with a reference
 * each and gives the three beyond back at once; free_pages_exact() frees the five, in any
 * order the caller likes.
 */
TEST(alloc_pages_exact_frees_tail)
{
	unsigned long start = nr_free_pages();
	char *p = alloc_pages_exact(5 * PAGE_SIZE, GFP_KERNEL | __GFP_ZERO);
	struct page *page;

	ASSERT_NOT_NULL(p);
	page = virt_to_page(p);
	ASSERT_EQ(page_to_pfn(page) % 8, 0);
	ASSERT_EQ(nr_free_pages(), start - 5);
	for (int i = 0; i < 8; i++) {
		ASSERT_FALSE(PageCompound(page + i));
		ASSERT_EQ(page_ref_count(page + i), i < 5 ? 1 : 0);
	}
	ASSERT_EQ(nonzero_bytes(p, 5 * PAGE_SIZE), 0);
	memset(p, 0x5a, 5 * PAGE_SIZE);
	/* each kept page is an order-0 page of its own */
	free_page((unsigned long)p + 2 * PAGE_SIZE);
	ASSERT_EQ(nr_free_pages(), start - 4);
	free_pages_exact(p, 2 * PAGE_SIZE);
	free_pages_exact(p + 3 * PAGE_SIZE, 2 * PAGE_SIZE);
	ASSERT_EQ(nr_free_pages(), start);

	/* one byte more than a page: two pages of an order-1 block, nothing given back */
	p = alloc_pages_exact(PAGE_SIZE + 1, GFP_KERNEL);
	ASSERT_EQ(nr_free_pages(), start - 2);
	free_pages_exact(p, PAGE_SIZE + 1);
	ASSERT_EQ(nr_free_pages(), start);
	p = alloc_pages_exact_nid(0, 3 * PAGE_SIZE, GFP_KERNEL);
	ASSERT_EQ(page_to_nid(virt_to_page(p)), 0);
	ASSERT_EQ(nr_free_pages(), start - 3);
	free_pages_exact(p, 3 * PAGE_SIZE);
	ASSERT_EQ(nr_free_pages(), start);
}

static void exact_comp(void *arg)
{
	void **p = arg;

	*p = alloc_pages_exact(3 * PAGE_SIZE, GFP_KERNEL | __GFP_COMP);
}

/* __GFP_COMP makes no sense for a block about to be split: warned about, dropped */
TEST(alloc_pages_exact_drops_comp)
{
	unsigned long start = nr_free_pages();
	const char *err;
	void *p;

	err = harness_capture(exact_comp, &p);
	ASSERT_CONTAINS(err, "WARNING:");
	ASSERT_CONTAINS(err, "__GFP_COMP or __GFP_HIGHMEM");
	ASSERT_NOT_NULL(p);
	ASSERT_FALSE(PageCompound(virt_to_page(p)));
	ASSERT_EQ(nr_free_pages(), start - 3);
	free_pages_exact(p, 3 * PAGE_SIZE);
	ASSERT_EQ(nr_free_pages(), start);
}

static void split_compound(void *arg)
{
	split_page(arg, 2);
}

/* split_page() makes a block into order-0 pages; a compound page is refused with a report */
TEST(split_page_into_order0)
{
	unsigned long start = nr_free_pages(), bad = kmem_bad_page_count();
	struct page *page = alloc_pages(GFP_KERNEL, 2);
	const char *err;

	split_page(page, 2);
	for (int i = 0; i < 4; i++)
		ASSERT_EQ(page_ref_count(page + i), 1);
	__free_page(page + 3);
	__free_page(page);
	put_page(page + 1);
	__free_page(page + 2);
	ASSERT_EQ(nr_free_pages(), start);

	page = alloc_pages(GFP_KERNEL | __GFP_COMP, 2);
	err = harness_capture(split_compound, page);
	ASSERT_CONTAINS(err, "VM_BUG_ON_PAGE(PageCompound(page))");
	ASSERT_EQ(kmem_bad_page_count() - bad, 1);
	__free_pages(page, 2);
	ASSERT_EQ(nr_free_pages(), start);
}

/*
 * Without init_on_alloc (the default, as on Debian's kernel) a page comes back as it was left;
 * with KMEM_INIT_ON_ALLOC every allocation is zeroed, __GFP_ZERO or not.
 */
TEST(init_on_alloc_pages)
{
	struct kmem_config cfg;
	struct kmem_info info;
	struct page *page, *again;

	on_cpu0();
	kmem_get_info(&info);
	ASSERT_FALSE(info.init_on_alloc);
	ASSERT_FALSE(info.init_on_free);
	page = alloc_page(GFP_KERNEL);
	memset(page_address(page), 0xaa, PAGE_SIZE);
	__free_page(page);
	again = alloc_page(GFP_KERNEL);
	ASSERT_EQ(again, page);
	ASSERT_EQ(nonzero_bytes(page_address(again), PAGE_SIZE), PAGE_SIZE);
	__free_page(again);

	harness_config(&cfg);
	cfg.init_on_alloc = 1;
	harness_reboot(&cfg);
	kmem_get_info(&info);
	ASSERT_TRUE(info.init_on_alloc);
	for (unsigned int order = 0; order <= 3; order++) {
		page = alloc_pages(GFP_KERNEL, order);
		memset(page_address(page), 0xaa, PAGE_SIZE << order);
		__free_pages(page, order);
		again = alloc_pages(GFP_KERNEL, order);
		ASSERT_EQ(again, page);
		ASSERT_EQ(nonzero_bytes(page_address(again), PAGE_SIZE << order), 0);
		__free_pages(again, order);
	}
}

/*
 * With KMEM_INIT_ON_FREE a page is zeroed as it is freed, so that it reads zero on its free
 * list already (through the direct map here) and allocations need not zero it.
 */
TEST(init_on_free_pages)
{
	struct kmem_config cfg;
	char *p;

	on_cpu0();
	harness_config(&cfg);
	cfg.init_on_free = 1;
	harness_reboot(&cfg);
	p = (char *)__get_free_pages(GFP_KERNEL, 1);
	memset(p, 0x77, 2 * PAGE_SIZE);
	free_pages((unsigned long)p, 1);
	ASSERT_EQ(nonzero_bytes(p, 2 * PAGE_SIZE), 0);
	/* pages of an exact allocation, freed one by one */
	p = alloc_pages_exact(3 * PAGE_SIZE, GFP_KERNEL);
	ASSERT_EQ(nonzero_bytes(p, 4 * PAGE_SIZE), 0);
	memset(p, 0x77, 3 * PAGE_SIZE);
	free_pages_exact(p, 3 * PAGE_SIZE);
	ASSERT_EQ(nonzero_bytes(p, 3 * PAGE_SIZE), 0);
}

/*
 * x86_32: highmem pages have no direct-map address, so init_on_free writes their zeros through
 * the RAM file; every highmem page dirtied and freed is zero when allocated again.
 */
TEST(init_on_free_highmem)
{
	struct page *pages[64];
	struct kmem_config cfg;

	harness_config(&cfg);
	cfg.arch = "x86_32";
	cfg.mem_bytes = 1200ULL << 20;
	cfg.init_on_free = 1;
	harness_reboot(&cfg);
	for (int i = 0; i < 64; i++) {
		char *v;

		pages[i] = alloc_page(GFP_HIGHUSER);
		ASSERT_TRUE(PageHighMem(pages[i]));
		v = kmap_local_page(pages[i]);
		memset(v, 0x33, PAGE_SIZE);
		kunmap_local(v);
	}
	for (int i = 0; i < 64; i++)
		__free_page(pages[i]);
	for (int i = 0; i < 64; i++) {
		char *v;

		pages[i] = alloc_page(GFP_HIGHUSER);
		v = kmap_local_page(pages[i]);
		ASSERT_EQ(nonzero_bytes(v, PAGE_SIZE), 0);
		kunmap_local(v);
	}
	for (int i = 0; i < 64; i++)
		__free_page(pages[i]);
}
