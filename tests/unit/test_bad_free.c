// SPDX-License-Identifier: GPL-2.0
/*
 * Bad frees (DESIGN.md section 8): each is reported kernel-style on stderr, counted by
 * kmem_bad_page_count(), and refused, leaving the allocator exactly as it was, so that the
 * caller's page is still intact and freeing it properly afterwards works.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/mm.h>

#include "harness.h"

/* static: two snapshots are too large to want on every frame */
static struct harness_snapshot before, after;
static unsigned long bad_before;

/* Starts watching: allocator state, the bad-page counter and stderr */
static void watch(void)
{
	harness_snapshot(&before);
	bad_before = kmem_bad_page_count();
	harness_capture_begin();
}

/* Stops watching: state must be unchanged and @reports more counted; returns stderr's text */
static const char *unwatch(unsigned long reports)
{
	const char *err = harness_capture_end();

	harness_snapshot(&after);
	if (!harness_snapshot_equal(&before, &after, "before/after the bad free"))
		FAIL("a bad free changed allocator state; stderr was:\n%s", err);
	if (kmem_bad_page_count() - bad_before != reports)
		FAIL("kmem_bad_page_count() went up by %lu, want %lu; stderr was:\n%s",
		     kmem_bad_page_count() - bad_before, reports, err);
	return err;
}

/* The line of @text that starts with @prefix, copied into @buf; NULL when there is none */
static const char *find_line(const char *text, const char *prefix, char *buf, size_t size)
{
	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		size_t len = strcspn(p, "\n");

		if (!strncmp(p, prefix, strlen(prefix))) {
			snprintf(buf, size, "%.*s", (int)len, p);
			return buf;
		}
	}
	return NULL;
}

/*
 * One kernel-style bad page report for @pfn:
 *
 *   BUG: Bad page state in process NAME  pfn:0012c
 *   page:... refcount:N mapcount:N mapping:... index:0x... pfn:0x12c
 *   flags: 0x...(names)
 *   page dumped because: REASON
 */
static void expect_report(const char *err, unsigned long pfn, const char *reason)
{
	char line[512], want[64];
	const char *l;

	if (harness_count(err, "BUG: Bad page state in process ") != 1)
		FAIL("want one \"BUG: Bad page state in process\" line, got:\n%s", err);
	l = find_line(err, "BUG: Bad page state in process ", line, sizeof(line));
	snprintf(want, sizeof(want), "  pfn:%05lx", pfn);
	if (!l || strlen(l) < strlen(want) || strcmp(l + strlen(l) - strlen(want), want))
		FAIL("the BUG line does not end in \"%s\":\n%s", want, err);
	l = find_line(err, "page:", line, sizeof(line));
	if (!l)
		FAIL("no \"page:\" line in:\n%s", err);
	snprintf(want, sizeof(want), "pfn:%#lx", pfn);
	ASSERT_CONTAINS(l, "refcount:");
	ASSERT_CONTAINS(l, "mapcount:");
	ASSERT_CONTAINS(l, "mapping:");
	ASSERT_CONTAINS(l, "index:0x");
	ASSERT_CONTAINS(l, want);
	if (!find_line(err, "flags: 0x", line, sizeof(line)))
		FAIL("no \"flags: 0x\" line in:\n%s", err);
	snprintf(line, sizeof(line), "page dumped because: %s\n", reason);
	ASSERT_CONTAINS(err, line);
}

/* Freeing a free page (order 0 and a whole order-3 block) is "page already free" */
TEST(double_free)
{
	unsigned long start = nr_free_pages();
	struct page *page = alloc_page(GFP_KERNEL);
	const char *err;

	ASSERT_NOT_NULL(page);
	__free_pages(page, 0);
	watch();
	__free_pages(page, 0);
	err = unwatch(1);
	expect_report(err, page_to_pfn(page), "page already free");

	page = alloc_pages(GFP_KERNEL, 3);
	ASSERT_NOT_NULL(page);
	__free_pages(page, 3);
	watch();
	__free_pages(page, 3);
	err = unwatch(1);
	expect_report(err, page_to_pfn(page), "page already free");
	ASSERT_EQ(nr_free_pages(), start);
}

/* Freeing a tail page of a compound order-2 page is "tail page"; the page stays whole */
TEST(free_tail_page_compound)
{
	unsigned long start = nr_free_pages();
	struct page *page = alloc_pages(GFP_KERNEL | __GFP_COMP, 2);
	const char *err;

	ASSERT_NOT_NULL(page);
	watch();
	__free_pages(page + 1, 0);
	err = unwatch(1);
	expect_report(err, page_to_pfn(page + 1), "tail page");
	ASSERT_TRUE(PageHead(page));
	ASSERT_EQ(compound_head(page + 1), page);
	ASSERT_EQ(page_count(page), 1);
	__free_pages(page, 2);
	ASSERT_EQ(nr_free_pages(), start);
}

/*
 * Freeing a page inside a plain (non-compound) order-2 block is "tail page" too, also when it
 * is itself aligned like an order-1 block:
 *
 *   pfn  p    p+1  p+2  p+3
 *       [head|tail|tail|tail]   __free_pages(p + 2, 0) and (p + 2, 1): refused
 */
TEST(free_tail_page_plain_block)
{
	unsigned long start = nr_free_pages();
	struct page *page = alloc_pages(GFP_KERNEL, 2);
	const char *err;

	ASSERT_NOT_NULL(page);
	watch();
	__free_pages(page + 2, 0);
	err = unwatch(1);
	expect_report(err, page_to_pfn(page + 2), "tail page");
	watch();
	__free_pages(page + 2, 1);
	err = unwatch(1);
	expect_report(err, page_to_pfn(page + 2), "tail page");
	__free_pages(page, 2);
	ASSERT_EQ(nr_free_pages(), start);
}

/* Freeing an order-2 block with order 0, 1 or 3 is "wrong order", plain or compound */
TEST(free_wrong_order)
{
	static const unsigned int wrong[] = { 0, 1, 3 };
	unsigned long start = nr_free_pages();
	struct page *page = alloc_pages(GFP_KERNEL, 2);
	struct page *comp = alloc_pages(GFP_KERNEL | __GFP_COMP, 2);
	const char *err;

	ASSERT_NOT_NULL(page);
	ASSERT_NOT_NULL(comp);
	for (unsigned int i = 0; i < ARRAY_SIZE(wrong); i++) {
		watch();
		__free_pages(page, wrong[i]);
		err = unwatch(1);
		expect_report(err, page_to_pfn(page), "wrong order");
		watch();
		__free_pages(comp, wrong[i]);
		err = unwatch(1);
		expect_report(err, page_to_pfn(comp), "wrong order");
	}
	ASSERT_EQ(page_count(page), 1);
	__free_pages(page, 2);
	__free_pages(comp, 2);
	ASSERT_EQ(nr_free_pages(), start);
}

/* Freeing a reserved page (firmware's first 1 MiB) trips PAGE_FLAGS_CHECK_AT_FREE */
TEST(free_reserved_page)
{
	struct page *page = pfn_to_page(10);
	char line[512];
	const char *err;

	ASSERT_TRUE(PageReserved(page));
	watch();
	__free_pages(page, 0);
	err = unwatch(1);
	expect_report(err, 10, "PAGE_FLAGS_CHECK_AT_FREE flag(s) set");
	ASSERT_CONTAINS(find_line(err, "flags: 0x", line, sizeof(line)), "reserved");
	ASSERT_TRUE(PageReserved(page));
	ASSERT_EQ(page_count(page), 1);
}

/* A page still mapped (_mapcount >= 0) is "nonzero mapcount"; once unmapped it frees */
TEST(free_mapped_page)
{
	unsigned long start = nr_free_pages();
	struct page *page = alloc_page(GFP_KERNEL);
	char line[512];
	const char *err;

	ASSERT_NOT_NULL(page);
	atomic_set(&page->_mapcount, 0);
	watch();
	__free_pages(page, 0);
	err = unwatch(1);
	expect_report(err, page_to_pfn(page), "nonzero mapcount");
	ASSERT_CONTAINS(find_line(err, "page:", line, sizeof(line)), "mapcount:1");
	ASSERT_CONTAINS(line, "refcount:1");
	ASSERT_EQ(page_count(page), 1);

	atomic_set(&page->_mapcount, -1);
	__free_pages(page, 0);
	ASSERT_EQ(nr_free_pages(), start);
}

/* A page still in a file's page cache (mapping set) is "non-NULL mapping"; once removed, frees */
TEST(free_page_with_mapping)
{
	unsigned long start = nr_free_pages();
	struct page *page = alloc_page(GFP_KERNEL);
	static long fake_mapping;
	const char *err;

	ASSERT_NOT_NULL(page);
	page->mapping = (struct address_space *)&fake_mapping;
	watch();
	__free_pages(page, 0);
	err = unwatch(1);
	expect_report(err, page_to_pfn(page), "non-NULL mapping");
	page->mapping = NULL;
	__free_pages(page, 0);
	ASSERT_EQ(nr_free_pages(), start);
}

/* stderr names @ptr (as %p or %lx print it) */
static void expect_names_pointer(const char *err, const void *ptr)
{
	char hex[32];

	snprintf(hex, sizeof(hex), "%lx", (unsigned long)ptr);
	if (!harness_contains(err, hex))
		FAIL("the report does not name %#lx:\n%s", (unsigned long)ptr, err);
}

/*
 * free_pages() of an address outside the direct map (the C heap, the stack, just past the end
 * of the direct map) is reported (and counted), naming the address, and not dereferenced;
 * virt_to_page() of one returns NULL after the same kind of report.
 */
TEST(free_foreign_address)
{
	char *heap = malloc(2 * PAGE_SIZE);
	char stack[64];
	unsigned long past_end = PAGE_OFFSET + (max_low_pfn << PAGE_SHIFT);
	const char *err;
	struct page *page;

	ASSERT_NOT_NULL(heap);
	memset(stack, 0, sizeof(stack));
	watch();
	free_pages((unsigned long)heap, 0);
	err = unwatch(1);
	ASSERT_GT(strlen(err), 0);
	expect_names_pointer(err, heap);
	free(heap);

	watch();
	free_pages((unsigned long)stack, 1);
	err = unwatch(1);
	ASSERT_GT(strlen(err), 0);
	expect_names_pointer(err, stack);

	watch();
	free_pages(past_end, 0);
	err = unwatch(1);
	ASSERT_GT(strlen(err), 0);
	expect_names_pointer(err, (void *)past_end);

	watch();
	page = virt_to_page(stack);
	err = unwatch(1);
	ASSERT_NULL(page);
	ASSERT_GT(strlen(err), 0);
}

/* free_pages(0, order), like free_pages(NULL), is a silent no-op */
TEST(free_pages_zero_is_noop)
{
	const char *err;

	watch();
	free_pages(0, 0);
	free_pages(0, 3);
	err = unwatch(0);
	ASSERT_STREQ(err, "");
}

/*
 * __free_pages of a struct page that is not in mem_map (one on the stack, one just past the
 * end of mem_map, one not on a struct page boundary) is reported, counted and refused without
 * touching allocator state.
 */
TEST(free_struct_page_outside_mem_map)
{
	struct page fake;
	const char *err;

	memset(&fake, 0, sizeof(fake));
	watch();
	__free_pages(&fake, 0);
	err = unwatch(1);
	ASSERT_GT(strlen(err), 0);
	expect_names_pointer(err, &fake);

	watch();
	__free_pages(mem_map + max_pfn, 0);
	err = unwatch(1);
	ASSERT_GT(strlen(err), 0);

	watch();
	__free_pages((struct page *)((char *)pfn_to_page(300) + 8), 0);
	err = unwatch(1);
	ASSERT_GT(strlen(err), 0);
}

/*
 * A burst of 100 double frees: every one is counted, fewer than 100 are printed (the kernel's
 * bad_page() prints a burst, then suppresses until a minute has passed), and the "messages
 * suppressed" summary appears at most once. After the single-report tests, so that a limiter
 * that outlives a boot (see the next test) does not suppress their reports.
 */
TEST(bad_page_rate_limit)
{
	struct page *page = alloc_page(GFP_KERNEL);
	unsigned int printed;
	const char *err;

	ASSERT_NOT_NULL(page);
	__free_pages(page, 0);
	watch();
	for (int i = 0; i < 100; i++)
		__free_pages(page, 0);
	err = unwatch(100);
	printed = harness_count(err, "BUG: Bad page state in process ");
	ASSERT_GT(printed, 0);
	ASSERT_LT(printed, 100);
	ASSERT_LE(harness_count(err, "messages suppressed"), 1);
}

/*
 * A fresh boot is a fresh machine: after a burst that used up the report budget, the next
 * boot's first bad free is printed, not suppressed (otherwise whether a report appears would
 * depend on what ran earlier in the process), and the counter starts from 0.
 */
TEST(bad_page_reports_reset_at_boot)
{
	struct kmem_config cfg;
	struct page *page = alloc_page(GFP_KERNEL);
	const char *err;

	ASSERT_NOT_NULL(page);
	__free_pages(page, 0);
	harness_capture_begin();
	for (int i = 0; i < 100; i++)
		__free_pages(page, 0);
	harness_capture_end();

	harness_config(&cfg);
	harness_reboot(&cfg);
	ASSERT_EQ(kmem_bad_page_count(), 0);
	page = alloc_page(GFP_KERNEL);
	ASSERT_NOT_NULL(page);
	__free_pages(page, 0);
	watch();
	__free_pages(page, 0);
	err = unwatch(1);
	expect_report(err, page_to_pfn(page), "page already free");
}
