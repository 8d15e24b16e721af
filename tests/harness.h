/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny self-registering test harness, after llfree-c's and the kernel's tools/testing/memblock.
 *
 * TEST(name) { ... } defines a test and registers it from a constructor, so a test file is only
 * its tests. main() (harness.c) runs every test, or those whose name contains argv[1], each on a
 * freshly booted model: the KMEM_* environment (KMEM_BACKEND picks the back end, as CTest sets
 * it per label), with 64 MiB of RAM unless KMEM_MEM says otherwise (TEST_UNBOOTED tests run
 * first, on no model). The model is shut down after each test, so no test sees another's state.
 *
 * The ASSERT_* macros print the expression and both values, then end the test (longjmp back to
 * main): a test never continues past a broken invariant.
 */
#ifndef _KMEM_TESTS_HARNESS_H
#define _KMEM_TESTS_HARNESS_H

#include <stdbool.h>
#include <stddef.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/list.h>

struct harness_test {
	const char *name;
	const char *file;
	int line; /* tests run in file order */
	void (*fn)(void);
	bool unbooted; /* TEST_UNBOOTED: runs before any test has booted the model */
	struct harness_test *next;
};

void harness_register(struct harness_test *test);

#define HARNESS_TEST(tname, unbooted_)                                                 \
	static void test_##tname(void);                                                \
	static struct harness_test harness_test_##tname = { .name = #tname,            \
							    .file = __FILE__,          \
							    .line = __LINE__,          \
							    .fn = test_##tname,        \
							    .unbooted = (unbooted_) }; \
	__attribute__((constructor)) static void harness_register_##tname(void)        \
	{                                                                              \
		harness_register(&harness_test_##tname);                               \
	}                                                                              \
	static void test_##tname(void)

#define TEST(tname) HARNESS_TEST(tname, false)
/*
 * A test of the model as a process finds it before anything boots it: run before every other
 * test of the program, with nothing booted. The first of them sees a model never booted; one
 * that boots it leaves the model booted once for those after it (and is shut down after it).
 */
#define TEST_UNBOOTED(tname) HARNESS_TEST(tname, true)

/* ---- values, as the assert macros see them ---- */

enum harness_kind {
	HARNESS_SIGNED,
	HARNESS_UNSIGNED,
	HARNESS_POINTER,
};

struct harness_value {
	enum harness_kind kind;
	union {
		long long s;
		unsigned long long u;
		const volatile void *p;
	};
};

static inline struct harness_value harness_signed(long long v)
{
	return (struct harness_value){ .kind = HARNESS_SIGNED, .s = v };
}

static inline struct harness_value harness_unsigned(unsigned long long v)
{
	return (struct harness_value){ .kind = HARNESS_UNSIGNED, .u = v };
}

static inline struct harness_value harness_pointer(const volatile void *v)
{
	return (struct harness_value){ .kind = HARNESS_POINTER, .p = v };
}

/*
 * Picks the converter by type, so signed, unsigned and pointer values all print as themselves
 * (kept out of clang-format, which cannot lay out a _Generic association list)
 */
/* clang-format off */
#define HARNESS_VALUE(x)						\
	_Generic((x),							\
		_Bool: harness_unsigned,				\
		char: harness_signed,					\
		signed char: harness_signed,				\
		unsigned char: harness_unsigned,			\
		short: harness_signed,					\
		unsigned short: harness_unsigned,			\
		int: harness_signed,					\
		unsigned int: harness_unsigned,				\
		long: harness_signed,					\
		unsigned long: harness_unsigned,			\
		long long: harness_signed,				\
		unsigned long long: harness_unsigned,			\
		default: harness_pointer)(x)
/* clang-format on */

/* <0, 0, >0 by mathematical value: -1 is less than 0UL here, unlike in C */
int harness_compare(struct harness_value a, struct harness_value b);

__attribute__((noreturn)) void harness_fail_cmp(const char *file, int line, const char *macro,
						const char *a_expr, const char *b_expr,
						struct harness_value a, struct harness_value b);
__attribute__((noreturn, format(printf, 3, 4))) void harness_fail(const char *file, int line,
								  const char *fmt, ...);

/* The expressions are stringified here, before their macros expand (-EINVAL stays -EINVAL) */
#define HARNESS_ASSERT_CMP(macro, a, b, a_str, b_str, op)                                    \
	do {                                                                                 \
		struct harness_value _ha = HARNESS_VALUE(a), _hb = HARNESS_VALUE(b);         \
		if (!(harness_compare(_ha, _hb) op 0))                                       \
			harness_fail_cmp(__FILE__, __LINE__, macro, a_str, b_str, _ha, _hb); \
	} while (0)

#define ASSERT_EQ(a, b) HARNESS_ASSERT_CMP("ASSERT_EQ", a, b, #a, #b, ==)
#define ASSERT_NE(a, b) HARNESS_ASSERT_CMP("ASSERT_NE", a, b, #a, #b, !=)
#define ASSERT_LT(a, b) HARNESS_ASSERT_CMP("ASSERT_LT", a, b, #a, #b, <)
#define ASSERT_LE(a, b) HARNESS_ASSERT_CMP("ASSERT_LE", a, b, #a, #b, <=)
#define ASSERT_GT(a, b) HARNESS_ASSERT_CMP("ASSERT_GT", a, b, #a, #b, >)
#define ASSERT_GE(a, b) HARNESS_ASSERT_CMP("ASSERT_GE", a, b, #a, #b, >=)

#define ASSERT_TRUE(x)                                                                  \
	do {                                                                            \
		if (!(x))                                                               \
			harness_fail(__FILE__, __LINE__, "ASSERT_TRUE(%s) failed", #x); \
	} while (0)

#define ASSERT_FALSE(x)                                                                  \
	do {                                                                             \
		if (x)                                                                   \
			harness_fail(__FILE__, __LINE__, "ASSERT_FALSE(%s) failed", #x); \
	} while (0)

#define ASSERT_NULL(x)                                                                          \
	do {                                                                                    \
		const volatile void *_hp = (x);                                                 \
		if (_hp)                                                                        \
			harness_fail(__FILE__, __LINE__, "ASSERT_NULL(%s) failed: %s = %p", #x, \
				     #x, (const void *)_hp);                                    \
	} while (0)

#define ASSERT_NOT_NULL(x)                                                                  \
	do {                                                                                \
		if (!(x))                                                                   \
			harness_fail(__FILE__, __LINE__, "ASSERT_NOT_NULL(%s) failed", #x); \
	} while (0)

/* Two strings are equal (NULL equals only NULL) */
#define ASSERT_STREQ(a, b)                                                                    \
	do {                                                                                  \
		const char *_hs1 = (a), *_hs2 = (b);                                          \
		if (!harness_streq(_hs1, _hs2))                                               \
			harness_fail(__FILE__, __LINE__,                                      \
				     "ASSERT_STREQ(%s, %s) failed: \"%s\" != \"%s\"", #a, #b, \
				     _hs1 ? _hs1 : "(null)", _hs2 ? _hs2 : "(null)");         \
	} while (0)

/* @hay contains @needle; on failure both are printed */
#define ASSERT_CONTAINS(hay, needle)                                                             \
	do {                                                                                     \
		const char *_hh = (hay), *_hn = (needle);                                        \
		if (!harness_contains(_hh, _hn))                                                 \
			harness_fail(__FILE__, __LINE__,                                         \
				     "ASSERT_CONTAINS(%s, %s) failed: \"%s\" not in:\n%s", #hay, \
				     #needle, _hn, _hh ? _hh : "(null)");                        \
	} while (0)

#define ASSERT_NOT_CONTAINS(hay, needle)                                                         \
	do {                                                                                     \
		const char *_hh = (hay), *_hn = (needle);                                        \
		if (harness_contains(_hh, _hn))                                                  \
			harness_fail(__FILE__, __LINE__,                                         \
				     "ASSERT_NOT_CONTAINS(%s, %s) failed: \"%s\" in:\n%s", #hay, \
				     #needle, _hn, _hh);                                         \
	} while (0)

#define FAIL(...) harness_fail(__FILE__, __LINE__, __VA_ARGS__)

bool harness_streq(const char *a, const char *b);
bool harness_contains(const char *hay, const char *needle);
/* Occurrences of @needle in @hay (non-overlapping) */
unsigned int harness_count(const char *hay, const char *needle);
/* Lines in @text: newline-terminated ones plus an unterminated last one */
unsigned int harness_count_lines(const char *text);

/* ---- the model under test ---- */

/* The back end the environment asks for (KMEM_BACKEND, default "buddy") */
const char *harness_backend(void);

/*
 * harness_config - the configuration every test boots with: KMEM_* from the environment, with
 * 64 MiB of RAM unless KMEM_MEM is set. A test that needs another machine edits it and passes
 * it to harness_reboot().
 */
void harness_config(struct kmem_config *cfg);

/*
 * harness_reboot - shut the model down and boot it with @cfg; a NULL @cfg->backend means the
 * environment's back end, so a test runs on every back end whatever else it changes. A failed
 * boot fails the test.
 */
void harness_reboot(const struct kmem_config *cfg);

/* setenv() (unsetenv() for a NULL @value) for the running test only: undone after it */
void harness_setenv(const char *name, const char *value);

/*
 * harness_capture_begin/end - collect what is written to stderr (fd 2) in between. The text
 * stays valid until the next capture or the end of the test. Captures do not nest; a test that
 * fails while capturing gets stderr back before its failure is printed.
 */
void harness_capture_begin(void);
const char *harness_capture_end(void);

/* Calls @fn(@arg) with stderr captured and returns the text, as harness_capture_end() does */
const char *harness_capture(void (*fn)(void *arg), void *arg);

/*
 * A snapshot of the allocator's free state: nr_free_pages() and, per zone, the back end's free
 * pages, the per-CPU lists' pages and the buddyinfo counts. Two equal snapshots mean nothing was
 * allocated or freed in between (what a refused bad free must leave behind).
 */
struct harness_zone_snapshot {
	int node, zone_idx;
	unsigned long free, pcp_free;
	unsigned long free_blocks[KMEM_NR_ORDERS];
};

#define HARNESS_MAX_SNAPSHOT_ZONES (64 * KMEM_NR_ZONES)

struct harness_snapshot {
	unsigned long nr_free;
	int nr_zones;
	struct harness_zone_snapshot zone[HARNESS_MAX_SNAPSHOT_ZONES];
};

void harness_snapshot(struct harness_snapshot *snap);
/* True when equal; otherwise prints each difference (with @what) and returns false */
bool harness_snapshot_equal(const struct harness_snapshot *a, const struct harness_snapshot *b,
			    const char *what);

#define ASSERT_SNAPSHOT_EQ(a, b)                                                                  \
	do {                                                                                      \
		if (!harness_snapshot_equal(a, b, #a " vs " #b))                                  \
			harness_fail(__FILE__, __LINE__, "ASSERT_SNAPSHOT_EQ(%s, %s) failed", #a, \
				     #b);                                                         \
	} while (0)

/* ---- shared helpers of the test programs ---- */

/* Reboot with the environment's configuration but @arch and @mem_bytes */
void harness_boot(const char *arch, unsigned long long mem_bytes);

/* kmem_zone_stats() of node 0's zone @zone_idx; fails the test if there is none */
struct kmem_zone_stats harness_zstats(int zone_idx);
struct kmem_vmstat harness_vmstat(void);

/*
 * Page lists threaded through page->lru (the caller's once allocated), each block's order in
 * page->private. harness_free_list frees them all and returns how many pages that was;
 * harness_exhaust allocates order-0 pages with @gfp until NULL and returns how many.
 */
void harness_keep(struct list_head *head, struct page *page, unsigned int order);
unsigned long harness_free_list(struct list_head *head);
unsigned long harness_exhaust(struct list_head *head, gfp_t gfp);

/*
 * harness_fragment - leave no free block above order 0 that lowmem allocations could take:
 * every CPU's per-CPU pages drained, every free page the calling thread's CPU can get taken
 * (watermarks ignored), then the pages of odd pfn freed again, so that no two free pages are
 * buddies. The pages kept go on @held (harness_free_list() frees them); returns how many.
 */
unsigned long harness_fragment(struct list_head *held);

/* The permissions column of the /proc/self/maps line holding @addr ("rw-s"), or "" */
const char *harness_host_perms(const void *addr);

/* The kernel's int_sqrt(), for recomputing its formulas independently of the library */
unsigned long harness_int_sqrt(unsigned long x);
long harness_now_ms(void);
void harness_sleep_ms(long ms);

#endif
