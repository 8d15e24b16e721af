// SPDX-License-Identifier: GPL-2.0
/*
 * Page state checks: the one place that decides whether a free is legal, the same for every
 * back end, and the kernel-style reports for those that are not.
 *
 * The kernel can only spot some bad frees (a page already in the buddy lists, flags that must
 * be clear); it cannot tell a tail page or a wrong order from a legal free. The model keeps one
 * state byte per pfn (page_state[], like a page_ext) that says whether the pfn heads an
 * allocation and of which order, lies inside one, is free, or is reserved. A free is checked
 * against it before anything is touched, so a refused free leaves the allocator exactly as it
 * was. Between racing frees of one page the refcount decides, as in the kernel: only the free
 * that takes the last reference goes on (page_ref_put()). Reports follow mm/page_alloc.c bad_page()
 * and dump_page(), rate limited the same way (a burst of 60 a minute, then "N messages
 * suppressed"); a counter sees every one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>

#include "internal.h"

unsigned char *page_state;
static unsigned long bad_page_count;
static unsigned long nr_pages;
static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;
/* the kernel's: a burst of 60 bad pages a minute; one allocation warning every 10 s (nopage_rs) */
#define BAD_PAGE_RS   RATELIMIT_STATE_INIT(60, 60)
#define WARN_ALLOC_RS RATELIMIT_STATE_INIT(10, 1)
static struct ratelimit_state bad_page_rs = BAD_PAGE_RS;
struct ratelimit_state warn_alloc_rs = WARN_ALLOC_RS;

int checks_init(unsigned long pages)
{
	page_state = malloc(pages);
	if (!page_state)
		return -ENOMEM;
	memset(page_state, PS_FREE, pages);
	nr_pages = pages;
	/* each boot starts with a fresh burst, as a freshly booted kernel does */
	bad_page_count = 0;
	bad_page_rs = (struct ratelimit_state)BAD_PAGE_RS;
	warn_alloc_rs = (struct ratelimit_state)WARN_ALLOC_RS;
	return 0;
}

void checks_exit(void)
{
	free(page_state);
	page_state = NULL;
	nr_pages = 0;
}

/*
 * Every byte is written atomically (relaxed, a plain store on x86): a racing free of the same
 * block reads the head's, and the grouping back end counts a pageblock's pages by type without
 * the lock of the zone they were allocated from (count_pageblock(), a racy hint as the kernel's
 * is)
 */
static void page_state_fill(unsigned long pfn, unsigned long n, unsigned char v)
{
	for (unsigned long i = 0; i < n; i++)
		__atomic_store_n(&page_state[pfn + i], v, __ATOMIC_RELAXED);
}

void page_state_set_allocated(unsigned long pfn, unsigned int order, int migratetype)
{
	if (order)
		page_state_fill(pfn + 1, (1UL << order) - 1, PS_TAIL);
	__atomic_store_n(&page_state[pfn], (unsigned char)(order | (unsigned int)migratetype << 4),
			 __ATOMIC_RELAXED);
}

void page_state_set_free(unsigned long pfn, unsigned int order)
{
	__atomic_store_n(&page_state[pfn], PS_FREE, __ATOMIC_RELAXED);
	if (order)
		page_state_fill(pfn + 1, (1UL << order) - 1, PS_FREE);
}

const char *current_comm(void)
{
	static __thread char comm[17];

	if (!comm[0] && prctl(PR_GET_NAME, comm) != 0)
		snprintf(comm, sizeof(comm), "kmem");
	return comm;
}

bool __ratelimit(struct ratelimit_state *rs, const char *what)
{
	struct timespec now;
	bool ok;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!rs->begin_s || now.tv_sec >= rs->begin_s + rs->interval_s) {
		if (rs->missed)
			fprintf(stderr, "%s: %d messages suppressed\n", what, rs->missed);
		rs->begin_s = now.tv_sec ? now.tv_sec : 1;
		rs->printed = 0;
		rs->missed = 0;
	}
	ok = rs->printed < rs->burst;
	if (ok)
		rs->printed++;
	else
		rs->missed++;
	return ok;
}

void format_page_flags(unsigned long flags, char *buf, size_t size)
{
	static const char *const names[__NR_PAGEFLAGS] = {
		[PG_locked] = "locked",
		[PG_writeback] = "writeback",
		[PG_referenced] = "referenced",
		[PG_uptodate] = "uptodate",
		[PG_dirty] = "dirty",
		[PG_lru] = "lru",
		[PG_head] = "head",
		[PG_active] = "active",
		[PG_owner_priv_1] = "owner_priv_1",
		[PG_reserved] = "reserved",
		[PG_private] = "private",
		[PG_reclaim] = "reclaim",
		[PG_swapbacked] = "swapbacked",
		[PG_unevictable] = "unevictable",
		[PG_mlocked] = "mlocked",
		[PG_slab] = "slab",
		[PG_buddy] = "buddy",
		[PG_large_kmalloc] = "large_kmalloc",
	};
	size_t n = 0;

	for (int i = 0; i < __NR_PAGEFLAGS; i++)
		if (flags & (1UL << i))
			n += (size_t)snprintf(buf + n, size - n, "%s|", names[i]);
	snprintf(buf + n, size - n, "node=%lu|zone=%lu", flags >> NODES_PGSHIFT,
		 (flags >> ZONES_PGSHIFT) & ((1UL << ZONES_SHIFT) - 1));
}

/* The zone whose pfn range holds @pfn, from the range alone: page->flags may be changing */
static struct zone *zone_of_pfn(unsigned long pfn)
{
	struct zone *zone;

	for_each_populated_zone(zone)
		if (pfn >= zone->zone_start_pfn && pfn < zone_end_pfn(zone))
			return zone;
	return NULL;
}

/* Report @page as the kernel's bad_page() does; the caller leaves the page as it is */
void bad_page(const struct page *page, const char *reason)
{
	unsigned long pfn = page_to_pfn(page), page_flags;
	struct zone *zone = zone_of_pfn(pfn);
	char flags[256];

	/*
	 * A free page belongs to its back end, which sets and clears its flags under zone->lock
	 * (the owner of an allocated one uses atomic bitops): a free that lost a race, or came
	 * late, reports a page in either hands
	 */
	if (zone)
		spin_lock(&zone->lock);
	page_flags = READ_ONCE(page->flags);
	if (zone)
		spin_unlock(&zone->lock);
	pthread_mutex_lock(&report_lock);
	bad_page_count++;
	if (__ratelimit(&bad_page_rs, "BUG: Bad page state")) {
		format_page_flags(page_flags, flags, sizeof(flags));
		fprintf(stderr,
			"BUG: Bad page state in process %s  pfn:%05lx\n"
			"page:%p refcount:%d mapcount:%d mapping:%016lx index:0x%lx pfn:0x%lx\n"
			"flags: %#lx(%s)\n"
			"page dumped because: %s\n",
			current_comm(), pfn, (const void *)page, atomic_read(&page->_count) + 1,
			atomic_read(&page->_mapcount) + 1, (unsigned long)page->mapping,
			page->index, pfn, page_flags, flags, reason);
	}
	pthread_mutex_unlock(&report_lock);
}

/* A pointer that is not ours: reported from its value alone, never dereferenced */
static void bad_pointer(const void *ptr, const char *caller, const char *what)
{
	pthread_mutex_lock(&report_lock);
	bad_page_count++;
	if (__ratelimit(&bad_page_rs, "BUG: Bad page state"))
		fprintf(stderr,
			"BUG: Bad page state in process %s  addr:%p\n"
			"page dumped because: %s: %s\n",
			current_comm(), ptr, caller, what);
	pthread_mutex_unlock(&report_lock);
}

struct page *virt_to_page_foreign(const void *addr, const char *caller)
{
	bad_pointer(addr, caller, "address outside the direct map");
	return NULL;
}

/*
 * The checks of free_pages_prepare(), for the free that took the last reference; NULL when the
 * page may go back to the allocator, else why not
 */
static const char *free_prepare_bad(const struct page *page)
{
	if (atomic_read(&page->_mapcount) != -1)
		return "nonzero mapcount";
	if (page->mapping)
		return "non-NULL mapping";
	if (READ_ONCE(page->flags) & PAGE_FLAGS_CHECK_AT_FREE)
		return "PAGE_FLAGS_CHECK_AT_FREE flag(s) set";
	return NULL;
}

/*
 * Drop a reference as put_page_testzero() does, but never below zero: 1 when this put took the
 * last one, 0 when others remain, -1 when there was none to take. The compare-and-swap is the
 * decision between racing frees of one page: of two puts of its only reference exactly one
 * sees 1 -> 0; the other sees 0 and leaves the count alone, since it now belongs to the winner
 * (and to whoever allocates the page next). A plain decrement would take both below zero and
 * let both believe they were last.
 */
static int page_ref_put(struct page *page)
{
	int old = atomic_read(&page->_count);

	do {
		if (old < 0)
			return -1;
	} while (!__atomic_compare_exchange_n(&page->_count.counter, &old, old - 1, false,
					      __ATOMIC_ACQ_REL, __ATOMIC_RELAXED));
	return old == 0;
}

bool page_block_check(struct page *page, unsigned int order, const char *caller)
{
	unsigned long off = (unsigned long)((char *)page - (char *)mem_map);
	unsigned char state;

	if (!mem_map || (char *)page < (char *)mem_map || off % sizeof(struct page) ||
	    off / sizeof(struct page) >= nr_pages) {
		bad_pointer(page, caller, "struct page pointer outside mem_map");
		return false;
	}
	state = page_state_read(off / sizeof(struct page));
	if (order > MAX_PAGE_ORDER) {
		bad_page(page, "wrong order");
		return false;
	}
	switch (state) {
	case PS_FREE:
		bad_page(page, "page already free");
		return false;
	case PS_TAIL:
		bad_page(page, "tail page");
		return false;
	case PS_RESERVED:
		bad_page(page, "PAGE_FLAGS_CHECK_AT_FREE flag(s) set");
		return false;
	}
	if ((state & 0xf) != order) {
		bad_page(page, "wrong order");
		return false;
	}
	return true;
}

enum free_claim free_page_claim(struct page *page, unsigned int order, const char *caller)
{
	const char *why;

	if (!page_block_check(page, order, caller))
		return FREE_REFUSED;
	switch (page_ref_put(page)) {
	case 0:
		return FREE_KEPT;
	case -1:
		/* another free of this page took its last reference since the state was read */
		bad_page(page, "page already free");
		return FREE_REFUSED;
	}
	why = free_prepare_bad(page);
	if (why) {
		/* the reference is the caller's again, as if this free had not happened */
		set_page_count(page, 1);
		bad_page(page, why);
		return FREE_REFUSED;
	}
	return FREE_LAST;
}

enum free_claim free_frozen_claim(struct page *page, unsigned int order, const char *caller)
{
	const char *why;

	if (!page_block_check(page, order, caller))
		return FREE_REFUSED;
	/* the caller's put took the count to zero; a count above it is someone else's */
	if (atomic_read(&page->_count) != -1) {
		bad_page(page, "nonzero _refcount");
		return FREE_REFUSED;
	}
	why = free_prepare_bad(page);
	if (why) {
		bad_page(page, why);
		return FREE_REFUSED;
	}
	return FREE_LAST;
}

int page_ref_sub_return(struct page *page, int nr)
{
	int old = atomic_read(&page->_count);
	char why[96];

	do {
		/* _count is references - 1: fewer than @nr references is old + 1 < nr */
		if (unlikely(old + 1 < nr || nr < 0)) {
			if (old + 1 <= 0)
				snprintf(why, sizeof(why),
					 "VM_BUG_ON_PAGE(page_ref_count(page) == 0)");
			else
				snprintf(why, sizeof(why),
					 "page_ref_sub(%d) of a page with %d reference(s)", nr,
					 old + 1);
			bad_page(page, why);
			return -1;
		}
	} while (!__atomic_compare_exchange_n(&page->_count.counter, &old, old - nr, false,
					      __ATOMIC_ACQ_REL, __ATOMIC_RELAXED));
	return old - nr + 1;
}

unsigned long kmem_bad_page_count(void)
{
	return __atomic_load_n(&bad_page_count, __ATOMIC_RELAXED);
}
