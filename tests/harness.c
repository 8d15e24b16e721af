// SPDX-License-Identifier: GPL-2.0
/*
 * The test harness: registration, the run loop with a fresh model per test, assertion failure,
 * stderr capture, per-test environment changes and allocator snapshots. See harness.h.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/mm.h>

#include "harness.h"

#define HARNESS_DEFAULT_MEM (64ULL << 20)

static struct harness_test *tests;
static jmp_buf test_jmp;

void harness_register(struct harness_test *test)
{
	struct harness_test **pos = &tests;

	/* Kept sorted by file and line: constructors run in no promised order */
	while (*pos && (strcmp((*pos)->file, test->file) < 0 ||
			(!strcmp((*pos)->file, test->file) && (*pos)->line < test->line)))
		pos = &(*pos)->next;
	test->next = *pos;
	*pos = test;
}

/* ---- assertions ---- */

int harness_compare(struct harness_value a, struct harness_value b)
{
	/* A pointer compares as its address; a negative signed value is below every unsigned */
	if (a.kind == HARNESS_POINTER)
		a = harness_unsigned((unsigned long long)(unsigned long)a.p);
	if (b.kind == HARNESS_POINTER)
		b = harness_unsigned((unsigned long long)(unsigned long)b.p);
	if (a.kind == HARNESS_SIGNED && b.kind == HARNESS_SIGNED)
		return (a.s > b.s) - (a.s < b.s);
	if (a.kind == HARNESS_SIGNED && a.s < 0)
		return -1;
	if (b.kind == HARNESS_SIGNED && b.s < 0)
		return 1;
	return (a.u > b.u) - (a.u < b.u);
}

static void print_value(const char *expr, struct harness_value v)
{
	switch (v.kind) {
	case HARNESS_SIGNED:
		printf("    %s = %lld (%#llx)\n", expr, v.s, (unsigned long long)v.s);
		break;
	case HARNESS_UNSIGNED:
		printf("    %s = %llu (%#llx)\n", expr, v.u, v.u);
		break;
	case HARNESS_POINTER:
		printf("    %s = %p\n", expr, (const void *)v.p);
		break;
	}
}

static bool capturing;
static void capture_abort(void);

static __attribute__((noreturn)) void fail_test(void)
{
	fflush(stdout);
	longjmp(test_jmp, 1);
}

void harness_fail_cmp(const char *file, int line, const char *macro, const char *a_expr,
		      const char *b_expr, struct harness_value a, struct harness_value b)
{
	if (capturing)
		capture_abort();
	printf("%s:%d: %s(%s, %s) failed\n", file, line, macro, a_expr, b_expr);
	print_value(a_expr, a);
	print_value(b_expr, b);
	fail_test();
}

void harness_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (capturing)
		capture_abort();
	printf("%s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fail_test();
}

bool harness_streq(const char *a, const char *b)
{
	return a && b ? !strcmp(a, b) : a == b;
}

bool harness_contains(const char *hay, const char *needle)
{
	return hay && needle && strstr(hay, needle);
}

unsigned int harness_count(const char *hay, const char *needle)
{
	unsigned int n = 0;
	size_t len = strlen(needle);

	if (!len)
		return 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + len, needle))
		n++;
	return n;
}

unsigned int harness_count_lines(const char *text)
{
	unsigned int n = 0;
	const char *p;

	for (p = text; *p; p++)
		if (*p == '\n')
			n++;
	if (p > text && p[-1] != '\n')
		n++;
	return n;
}

/* ---- environment ---- */

struct saved_env {
	char *name;
	char *value; /* NULL: was unset */
	struct saved_env *next;
};

static struct saved_env *saved_env;

void harness_setenv(const char *name, const char *value)
{
	struct saved_env *s;
	const char *old;

	for (s = saved_env; s; s = s->next)
		if (!strcmp(s->name, name))
			break;
	if (!s) {
		s = calloc(1, sizeof(*s));
		if (!s)
			FAIL("out of memory");
		old = getenv(name);
		s->name = strdup(name);
		s->value = old ? strdup(old) : NULL;
		s->next = saved_env;
		saved_env = s;
	}
	if (value)
		setenv(name, value, 1);
	else
		unsetenv(name);
}

static void restore_env(void)
{
	while (saved_env) {
		struct saved_env *s = saved_env;

		if (s->value)
			setenv(s->name, s->value, 1);
		else
			unsetenv(s->name);
		saved_env = s->next;
		free(s->name);
		free(s->value);
		free(s);
	}
}

const char *harness_backend(void)
{
	const char *be = getenv("KMEM_BACKEND");

	return be && *be ? be : "buddy";
}

void harness_config(struct kmem_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	if (kmem_config_from_env(cfg))
		FAIL("kmem_config_from_env rejected the environment");
	if (!getenv("KMEM_MEM"))
		cfg->mem_bytes = HARNESS_DEFAULT_MEM;
}

void harness_reboot(const struct kmem_config *cfg)
{
	struct kmem_config c = *cfg;
	int ret;

	if (kmem_booted())
		kmem_shutdown();
	if (!c.backend)
		c.backend = harness_backend();
	ret = kmem_boot(&c);
	if (ret)
		FAIL("kmem_boot(backend %s, arch %s, mem %llu, pcp %d) failed: %d (%s)", c.backend,
		     c.arch ? c.arch : "default", c.mem_bytes, c.pcp, ret, strerror(-ret));
}

/* ---- stderr capture ---- */

static FILE *capture_file;
static int saved_stderr = -1;
static char *capture_text;

void harness_capture_begin(void)
{
	if (capturing)
		FAIL("harness_capture_begin: already capturing");
	capture_file = tmpfile();
	if (!capture_file)
		FAIL("tmpfile: %s", strerror(errno));
	fflush(stderr);
	saved_stderr = dup(STDERR_FILENO);
	if (saved_stderr < 0 || dup2(fileno(capture_file), STDERR_FILENO) < 0)
		FAIL("dup: %s", strerror(errno));
	capturing = true;
}

static void capture_restore(void)
{
	fflush(stderr);
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	saved_stderr = -1;
	capturing = false;
}

/* A test failed mid-capture: give stderr back and show what had been caught */
static void capture_abort(void)
{
	const char *text = harness_capture_end();

	if (*text)
		printf("    (stderr captured so far:)\n%s", text);
}

const char *harness_capture_end(void)
{
	size_t len = 0, cap = 4096;
	ssize_t n;
	int fd;

	if (!capturing)
		FAIL("harness_capture_end: not capturing");
	capture_restore();
	free(capture_text);
	capture_text = malloc(cap);
	fd = fileno(capture_file);
	if (capture_text && lseek(fd, 0, SEEK_SET) == 0) {
		while ((n = read(fd, capture_text + len, cap - len - 1)) > 0) {
			len += (size_t)n;
			if (cap - len == 1) {
				char *p = realloc(capture_text, cap * 2);

				if (!p)
					break;
				capture_text = p;
				cap *= 2;
			}
		}
	}
	fclose(capture_file);
	capture_file = NULL;
	if (!capture_text)
		FAIL("out of memory");
	capture_text[len] = '\0';
	return capture_text;
}

const char *harness_capture(void (*fn)(void *arg), void *arg)
{
	harness_capture_begin();
	fn(arg);
	return harness_capture_end();
}

/* ---- snapshots ---- */

void harness_snapshot(struct harness_snapshot *snap)
{
	struct kmem_info info;

	kmem_get_info(&info);
	memset(snap, 0, sizeof(*snap));
	snap->nr_free = nr_free_pages();
	for (int nid = 0; nid < info.nr_nodes; nid++) {
		for (int z = 0; z < KMEM_NR_ZONES; z++) {
			struct harness_zone_snapshot *zs;
			struct kmem_zone_stats st;

			if (kmem_zone_stats(nid, z, &st))
				FAIL("kmem_zone_stats(%d, %d) failed", nid, z);
			if (snap->nr_zones == HARNESS_MAX_SNAPSHOT_ZONES)
				FAIL("harness_snapshot: too many zones");
			zs = &snap->zone[snap->nr_zones++];
			zs->node = nid;
			zs->zone_idx = z;
			zs->free = st.free;
			zs->pcp_free = st.pcp_free;
			memcpy(zs->free_blocks, st.free_blocks, sizeof(zs->free_blocks));
		}
	}
}

bool harness_snapshot_equal(const struct harness_snapshot *a, const struct harness_snapshot *b,
			    const char *what)
{
	bool equal = true;

	if (a->nr_free != b->nr_free) {
		printf("    %s: nr_free_pages %lu != %lu\n", what, a->nr_free, b->nr_free);
		equal = false;
	}
	if (a->nr_zones != b->nr_zones) {
		printf("    %s: %d zones != %d zones\n", what, a->nr_zones, b->nr_zones);
		return false;
	}
	for (int i = 0; i < a->nr_zones; i++) {
		const struct harness_zone_snapshot *za = &a->zone[i], *zb = &b->zone[i];

		if (za->free != zb->free || za->pcp_free != zb->pcp_free) {
			printf("    %s: node %d zone %d: free %lu != %lu, pcp_free %lu != %lu\n",
			       what, za->node, za->zone_idx, za->free, zb->free, za->pcp_free,
			       zb->pcp_free);
			equal = false;
		}
		for (int o = 0; o < KMEM_NR_ORDERS; o++) {
			if (za->free_blocks[o] != zb->free_blocks[o]) {
				printf("    %s: node %d zone %d: free_blocks[%d] %lu != %lu\n",
				       what, za->node, za->zone_idx, o, za->free_blocks[o],
				       zb->free_blocks[o]);
				equal = false;
			}
		}
	}
	return equal;
}

/* ---- the run loop ---- */

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Boots the model, runs @test, shuts the model down; true when the test passed */
static bool run_test(const struct harness_test *test)
{
	volatile bool passed = false;
	struct kmem_config cfg;
	double start = now_ms();

	printf("[ RUN  ] %s\n", test->name);
	fflush(stdout);
	if (!setjmp(test_jmp)) {
		if (!test->unbooted) {
			harness_config(&cfg);
			harness_reboot(&cfg);
		}
		test->fn();
		passed = true;
	}
	if (capturing)
		capture_abort();
	if (kmem_booted())
		kmem_shutdown();
	restore_env();
	printf("[ %s ] %s (%.0f ms)\n", passed ? " OK " : "FAIL", test->name, now_ms() - start);
	fflush(stdout);
	return passed;
}

int main(int argc, char **argv)
{
	const char *filter = argc > 1 ? argv[1] : NULL;
	unsigned int passed = 0, failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("backend: %s\n", harness_backend());
	/* two passes: the TEST_UNBOOTED tests before anything boots, then the others */
	for (int pass = 0; pass < 2; pass++) {
		for (const struct harness_test *t = tests; t; t = t->next) {
			if (t->unbooted != !pass || (filter && !strstr(t->name, filter)))
				continue;
			if (run_test(t))
				passed++;
			else
				failed++;
		}
	}
	free(capture_text);
	capture_text = NULL;
	if (filter && !passed && !failed)
		printf("no test name contains \"%s\"\n", filter);
	printf("%u passed, %u failed\n", passed, failed);
	return failed || (filter && !passed) ? 1 : 0;
}

void harness_boot(const char *arch, unsigned long long mem_bytes)
{
	struct kmem_config cfg;

	harness_config(&cfg);
	cfg.arch = arch;
	cfg.mem_bytes = mem_bytes;
	harness_reboot(&cfg);
}

struct kmem_zone_stats harness_zstats(int zone_idx)
{
	struct kmem_zone_stats st;

	if (kmem_zone_stats(0, zone_idx, &st))
		harness_fail(__FILE__, __LINE__, "kmem_zone_stats(0, %d) failed", zone_idx);
	return st;
}

struct kmem_vmstat harness_vmstat(void)
{
	struct kmem_vmstat v;

	kmem_get_vmstat(&v);
	return v;
}

void harness_keep(struct list_head *head, struct page *page, unsigned int order)
{
	page->private = order;
	list_add(&page->lru, head);
}

unsigned long harness_free_list(struct list_head *head)
{
	struct page *page, *next;
	unsigned long pages = 0;

	list_for_each_entry_safe(page, next, head, lru) {
		unsigned int order = (unsigned int)page->private;

		list_del(&page->lru);
		__free_pages(page, order);
		pages += 1UL << order;
	}
	return pages;
}

unsigned long harness_exhaust(struct list_head *head, gfp_t gfp)
{
	unsigned long n = 0;
	struct page *page;

	while ((page = alloc_pages(gfp, 0))) {
		harness_keep(head, page, 0);
		n++;
	}
	return n;
}

unsigned long harness_fragment(struct list_head *held)
{
	struct page *page, *next;
	LIST_HEAD(all);
	unsigned long kept = 0;

	/*
	 * Until a drain finds nothing more: a page left on another CPU's list (the thread may
	 * change host CPU) could meet its buddy in the back end later. No kswapd: there is
	 * nothing it could reclaim, nor anything a woken kcompactd could move.
	 */
	do
		drain_all_pages(NULL);
	while (harness_exhaust(&all, __GFP_HIGH | __GFP_MEMALLOC | __GFP_NOWARN));
	list_for_each_entry_safe(page, next, &all, lru) {
		list_del(&page->lru);
		if (page_to_pfn(page) & 1) {
			__free_pages(page, 0);
		} else {
			harness_keep(held, page, 0);
			kept++;
		}
	}
	return kept;
}

unsigned long harness_int_sqrt(unsigned long x)
{
	unsigned long r = 0;

	while ((r + 1) * (r + 1) <= x)
		r++;
	return r;
}

long harness_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void harness_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

const char *harness_host_perms(const void *addr)
{
	static char perms[8];
	char line[512];
	unsigned long lo, hi, a = (unsigned long)addr;
	FILE *f = fopen("/proc/self/maps", "r");

	if (!f)
		FAIL("cannot open /proc/self/maps");
	perms[0] = '\0';
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) == 3 && a >= lo && a < hi)
			break;
		else
			perms[0] = '\0';
	fclose(f);
	return perms;
}
