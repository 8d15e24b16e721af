// SPDX-License-Identifier: GPL-2.0
/*
 * Slab debugging and reports, after mm/slub.c's CONFIG_SLUB_DEBUG half: the KMEM_SLAB_DEBUG
 * options, the byte patterns of red zones and poison, the object checks on allocation and free,
 * alloc/free tracking, and every message the slab layer prints, each counted and rate limited.
 *
 * KMEM_SLAB_DEBUG takes slub_debug's letters, any subset, for every cache: F (consistency
 * checks), Z (red zones), P (poisoning), U (user tracking). As in SLUB, Z, P and U lay objects
 * out and fill them; the checks run with F:
 *
 *  - a new slab is filled with POISON_INUSE (0x5a, with P) and each object made "inactive":
 *    red zones SLUB_RED_INACTIVE (0xbb), body POISON_FREE (0x6b) ending in POISON_END (0xa5);
 *  - allocation checks the inactive pattern, so a write into a free object (use after free) is
 *    "Poison overwritten" when the object is handed out again, then makes it active: red zones
 *    SLUB_RED_ACTIVE (0xcc), and for kmalloc the bytes between the requested size and the class
 *    size too ("kmalloc Redzone"; SLUB needs U as well to remember the requested size, the
 *    model does not);
 *  - free checks the active pattern, so a write past the object is "Right Redzone overwritten"
 *    (or "kmalloc Redzone", "Left Redzone", "Object padding"), then makes it inactive again;
 *  - a slab going back to the page allocator has every object checked inactive, so a write
 *    into an object nobody allocated again is still found (SLUB's free_slab() does the same).
 *
 * A report names the cache, the first and last bad byte with their offset in the slab, what
 * the first one holds and should hold, the object's tracking, slab and bytes, then restores the
 * pattern ("FIX ...: Restoring ...") so that one overwrite is reported once. Unlike SLUB, the
 * object is then still allocated or freed as asked (SLUB leaks it, or the whole slab): the bytes
 * are sound again, and the model's page accounting stays exact for the caller's leak checks.
 *
 * Reports share one lock and one rate limit (a burst of 60 a minute, then "N messages
 * suppressed"); kmem_slab_error_count() counts them all, printed or not.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "slab_internal.h"

/* Enough object bytes in a dump to see the damage; SLUB prints up to a page */
#define DUMP_MAX 256
/* kmem_cache_destroy lists at most this many live objects */
#define REMAINING_MAX 32

static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;
#define SLAB_RS RATELIMIT_STATE_INIT(60, 60)
static struct ratelimit_state slab_rs = SLAB_RS;
static unsigned long slab_error_count;

int slab_debug_parse(const char *opts, slab_flags_t *flags)
{
	*flags = 0;
	for (const char *p = opts; *p; p++) {
		switch (*p) {
		case 'F':
			*flags |= SLAB_CONSISTENCY_CHECKS;
			break;
		case 'Z':
			*flags |= SLAB_RED_ZONE;
			break;
		case 'P':
			*flags |= SLAB_POISON;
			break;
		case 'U':
			*flags |= SLAB_STORE_USER;
			break;
		default:
			fprintf(stderr,
				"kmem: slab debug options '%s': unknown option '%c' (use any of F "
				"consistency checks, Z red zones, P poisoning, U user tracking)\n",
				opts, *p);
			return -EINVAL;
		}
	}
	return 0;
}

void slab_reports_reset(void)
{
	pthread_mutex_lock(&report_lock);
	slab_rs = (struct ratelimit_state)SLAB_RS;
	__atomic_store_n(&slab_error_count, 0, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&report_lock);
}

unsigned long kmem_slab_error_count(void)
{
	return __atomic_load_n(&slab_error_count, __ATOMIC_RELAXED);
}

/* Counts a report and takes the report lock; false (lock released) when rate limited */
static bool report_begin(void)
{
	pthread_mutex_lock(&report_lock);
	__atomic_fetch_add(&slab_error_count, 1, __ATOMIC_RELAXED);
	if (__ratelimit(&slab_rs, "slab"))
		return true;
	pthread_mutex_unlock(&report_lock);
	return false;
}

static void report_end(void)
{
	pthread_mutex_unlock(&report_lock);
}

#define BUG_RULE   "============================================================================="
#define BUG_DASHES "-----------------------------------------------------------------------------"

/* SLUB's slab_bug(): the banner every report about a cache starts with */
static __printf(2, 3) void slab_bug(const struct kmem_cache *s, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, BUG_RULE "\nBUG %s (Not tainted): ", s->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n" BUG_DASHES "\n\n");
}

/* ---- object layout ---- */

static struct slab_track *get_track(const struct kmem_cache *s, void *obj, enum track_item i)
{
	return (struct slab_track *)((char *)obj + s->track_offset) + i;
}

static unsigned long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long)ts.tv_sec * 1000 + (unsigned long)ts.tv_nsec / 1000000;
}

static void set_track(const struct kmem_cache *s, void *obj, enum track_item i, unsigned long addr)
{
	struct slab_track *t = get_track(s, obj, i);

	t->addr = addr;
	t->when = now_ms();
	t->cpu = smp_processor_id();
	t->pid = (int)gettid();
}

unsigned int slab_debug_orig_size(const struct kmem_cache *s, const void *obj)
{
	unsigned int size;

	if (!s->orig_size_offset)
		return s->object_size;
	memcpy(&size, (const char *)obj + s->orig_size_offset, sizeof(size));
	return size;
}

static void set_orig_size(const struct kmem_cache *s, void *obj, unsigned int size)
{
	if (s->orig_size_offset)
		memcpy((char *)obj + s->orig_size_offset, &size, sizeof(size));
}

/* SLUB's init_object(): red zones to @val; poison a free object, or a new one's body */
static void init_object(const struct kmem_cache *s, void *obj, u8 val)
{
	u8 *p = obj;
	unsigned int poison_size = s->object_size;

	if (s->flags & SLAB_RED_ZONE) {
		memset(p - s->red_left_pad, val, s->red_left_pad);
		/* an allocated kmalloc object: red zone from the requested size on */
		if (s->orig_size_offset && val == SLUB_RED_ACTIVE)
			poison_size = slab_debug_orig_size(s, obj);
	}
	if (s->flags & __OBJECT_POISON) {
		memset(p, POISON_FREE, poison_size - 1);
		p[poison_size - 1] = POISON_END;
	}
	if (s->flags & SLAB_RED_ZONE)
		memset(p + poison_size, val, s->inuse - poison_size);
}

void slab_debug_new_slab(struct kmem_cache *s, struct page *slab)
{
	if (s->flags & SLAB_POISON)
		memset(slab_address(slab), POISON_INUSE, PAGE_SIZE << compound_order(slab));
	for (unsigned int i = 0; i < slab->objects; i++) {
		void *obj = slab_object(s, slab, i);

		set_orig_size(s, obj, s->object_size);
		init_object(s, obj, SLUB_RED_INACTIVE);
		if (s->flags & SLAB_STORE_USER)
			memset(get_track(s, obj, TRACK_ALLOC), 0, 2 * sizeof(struct slab_track));
	}
}

/* ---- reports' parts (report lock held) ---- */

static void print_section(const char *text, const u8 *addr, unsigned int length)
{
	for (unsigned int off = 0; off < length; off += 16) {
		unsigned int n = length - off < 16 ? length - off : 16;
		char hex[16 * 3 + 1], ascii[17];

		for (unsigned int i = 0; i < n; i++) {
			u8 c = addr[off + i];

			snprintf(hex + 3 * i, 4, "%02x ", c);
			ascii[i] = c >= 0x20 && c < 0x7f ? (char)c : '.';
		}
		hex[3 * n - 1] = '\0';
		ascii[n] = '\0';
		fprintf(stderr, "%s%016lx: %-47s  %s\n", text, (unsigned long)(addr + off), hex,
			ascii);
	}
}

static void print_tracking(const struct kmem_cache *s, void *obj)
{
	static const char *const what[] = { "Allocated", "Freed" };
	unsigned long now = now_ms();

	if (!(s->flags & SLAB_STORE_USER))
		return;
	for (int i = TRACK_ALLOC; i <= TRACK_FREE; i++) {
		const struct slab_track *t = get_track(s, obj, (enum track_item)i);

		if (t->addr)
			fprintf(stderr, "%s in 0x%lx age=%lu cpu=%d pid=%d\n", what[i], t->addr,
				now - t->when, t->cpu, t->pid);
	}
}

static void print_slab_info(const struct kmem_cache *s, const struct page *slab)
{
	struct kmem_cache_node *n = get_node(s, page_to_nid(slab));
	void *fp;

	spin_lock(&n->list_lock);
	fp = slab->freelist;
	spin_unlock(&n->list_lock);
	fprintf(stderr, "Slab 0x%lx objects=%u used=%u fp=0x%lx flags=%#lx\n", (unsigned long)slab,
		slab->objects, slab_objects_in_use(s, slab), (unsigned long)fp,
		READ_ONCE(slab->flags));
}

/* SLUB's print_trailer(): what is known of @obj, and its bytes */
static void print_trailer(const struct kmem_cache *s, const struct page *slab, void *obj)
{
	u8 *p = obj, *addr = slab_address(slab);
	unsigned int end = s->size - s->red_left_pad;

	print_tracking(s, obj);
	print_slab_info(s, slab);
	fprintf(stderr, "Object 0x%lx @offset=%lu fp=0x%lx\n\n", (unsigned long)p,
		(unsigned long)(p - addr), (unsigned long)get_freepointer(s, obj));
	if (s->flags & SLAB_RED_ZONE)
		print_section("Redzone  ", p - s->red_left_pad, s->red_left_pad);
	else if (p >= addr + 16)
		print_section("Bytes b4 ", p - 16, 16);
	print_section("Object   ", p, s->object_size < DUMP_MAX ? s->object_size : DUMP_MAX);
	if (s->flags & SLAB_RED_ZONE)
		print_section("Redzone  ", p + s->object_size, s->inuse - s->object_size);
	if (s->pad_offset < end)
		print_section("Padding  ", p + s->pad_offset, end - s->pad_offset);
}

/*
 * SLUB's check_bytes_and_report(): @bytes at @start should all be @value. Reports the first
 * and last that are not, and restores them. True when all were right.
 */
static bool check_bytes(const struct kmem_cache *s, const struct page *slab, void *obj,
			const char *what, u8 *start, u8 value, unsigned int bytes)
{
	u8 *fault = NULL, *end = start + bytes;

	for (u8 *p = start; p < end; p++) {
		if (*p != value) {
			fault = p;
			break;
		}
	}
	if (!fault)
		return true;
	while (end > fault && end[-1] == value)
		end--;
	if (report_begin()) {
		slab_bug(s, "%s overwritten", what);
		fprintf(stderr, "0x%lx-0x%lx @offset=%lu. First byte 0x%x instead of 0x%x\n",
			(unsigned long)fault, (unsigned long)(end - 1),
			(unsigned long)(fault - (u8 *)slab_address(slab)), *fault, value);
		print_trailer(s, slab, obj);
		fprintf(stderr, "FIX %s: Restoring %s 0x%lx-0x%lx=0x%x\n\n", s->name, what,
			(unsigned long)fault, (unsigned long)(end - 1), value);
		report_end();
	}
	memset(fault, value, (size_t)(end - fault));
	return false;
}

/* SLUB's check_object(): the patterns of an object that is active or inactive (@val) */
static void check_object(const struct kmem_cache *s, const struct page *slab, void *obj, u8 val)
{
	u8 *p = obj;
	unsigned int end = s->size - s->red_left_pad;

	if (s->flags & SLAB_RED_ZONE) {
		check_bytes(s, slab, obj, "Left Redzone", p - s->red_left_pad, val,
			    s->red_left_pad);
		check_bytes(s, slab, obj, "Right Redzone", p + s->object_size, val,
			    s->inuse - s->object_size);
		if (s->orig_size_offset && val == SLUB_RED_ACTIVE) {
			unsigned int orig = slab_debug_orig_size(s, obj);

			if (orig < s->object_size)
				check_bytes(s, slab, obj, "kmalloc Redzone", p + orig, val,
					    s->object_size - orig);
		}
	} else if ((s->flags & SLAB_POISON) && s->object_size < s->inuse) {
		check_bytes(s, slab, obj, "Alignment padding", p + s->object_size, POISON_INUSE,
			    s->inuse - s->object_size);
	}
	if (!(s->flags & SLAB_POISON))
		return;
	if (val != SLUB_RED_ACTIVE && (s->flags & __OBJECT_POISON)) {
		check_bytes(s, slab, obj, "Poison", p, POISON_FREE, s->object_size - 1);
		check_bytes(s, slab, obj, "End Poison", p + s->object_size - 1, POISON_END, 1);
	}
	if (s->pad_offset < end)
		check_bytes(s, slab, obj, "Object padding", p + s->pad_offset, POISON_INUSE,
			    end - s->pad_offset);
}

void slab_debug_alloc(struct kmem_cache *s, struct page *slab, void *obj, unsigned long caller,
		      size_t orig_size)
{
	if (s->flags & SLAB_CONSISTENCY_CHECKS)
		check_object(s, slab, obj, SLUB_RED_INACTIVE);
	set_orig_size(s, obj, (unsigned int)orig_size);
	if (s->flags & SLAB_STORE_USER)
		set_track(s, obj, TRACK_ALLOC, caller);
	init_object(s, obj, SLUB_RED_ACTIVE);
}

void slab_debug_free(struct kmem_cache *s, struct page *slab, void *obj, unsigned long caller)
{
	if (s->flags & SLAB_CONSISTENCY_CHECKS)
		check_object(s, slab, obj, SLUB_RED_ACTIVE);
	if (s->flags & SLAB_STORE_USER)
		set_track(s, obj, TRACK_FREE, caller);
	init_object(s, obj, SLUB_RED_INACTIVE);
}

void slab_debug_discard(struct kmem_cache *s, struct page *slab)
{
	if (!(s->flags & SLAB_CONSISTENCY_CHECKS))
		return;
	for (unsigned int i = 0; i < slab->objects; i++)
		check_object(s, slab, slab_object(s, slab, i), SLUB_RED_INACTIVE);
}

void slab_debug_resize(struct kmem_cache *s, void *obj, size_t new_size)
{
	unsigned int old = slab_debug_orig_size(s, obj);

	if (!s->orig_size_offset)
		return;
	if (new_size < old)
		memset((char *)obj + new_size, SLUB_RED_ACTIVE, old - new_size);
	set_orig_size(s, obj, (unsigned int)new_size);
}

/* ---- reports of bad calls ---- */

void slab_report_invalid(struct kmem_cache *s, struct page *slab, const void *p, const char *func)
{
	unsigned long off = (unsigned long)p - (unsigned long)slab_address(slab);

	if (!report_begin())
		return;
	slab_bug(s, "Invalid object pointer 0x%lx", (unsigned long)p);
	fprintf(stderr,
		"%s: not a slab object: 0x%lx is @offset=%lu in a slab of %s, not at the "
		"start of an object\n",
		func, (unsigned long)p, off, s->name);
	print_slab_info(s, slab);
	fputc('\n', stderr);
	report_end();
}

void slab_report_double_free(struct kmem_cache *s, struct page *slab, const void *p,
			     const char *func)
{
	if (!report_begin())
		return;
	slab_bug(s, "Object already free");
	fprintf(stderr, "%s: object already free: 0x%lx\n", func, (unsigned long)p);
	print_trailer(s, slab, (void *)p);
	fputc('\n', stderr);
	report_end();
}

void slab_report_line(const char *fmt, ...)
{
	va_list ap;

	if (!report_begin())
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	report_end();
}

void slab_report_wrong_cache(const char *func, struct kmem_cache *s, struct kmem_cache *from)
{
	slab_report_line("%s: Wrong slab cache. %s but object is from %s\n", func, s->name,
			 from->name);
}

void slab_report_not_slab(const char *func, const void *p, const char *why)
{
	slab_report_line("%s: not a slab object: 0x%lx (%s)\n", func, (unsigned long)p, why);
}

void slab_report_large_double_free(const char *func, const void *p)
{
	slab_report_line("%s: object already free: 0x%lx (a large kmalloc, its pages are free)\n",
			 func, (unsigned long)p);
}

void slab_report_create_failed(const char *name, const char *why)
{
	slab_report_line("kmem_cache_create(%s) failed: %s\n", name, why);
}

void slab_report_gfp(const char *func, gfp_t gfp)
{
	gfp_t fixed = gfp & ~GFP_SLAB_BUG_MASK;
	char names[256], fixed_names[256];

	format_gfp_flags(gfp, names, sizeof(names));
	format_gfp_flags(fixed, fixed_names, sizeof(fixed_names));
	slab_report_line("%s: Unexpected gfp: %#x (%s). Fixing up to gfp: %#x (%s). Fix your "
			 "code!\n",
			 func, gfp, names, fixed, fixed_names);
}

/* slab_out_of_memory() */
void slab_report_oom(struct kmem_cache *s, gfp_t gfp, int node)
{
	char names[256];

	if (!report_begin())
		return;
	format_gfp_flags(gfp, names, sizeof(names));
	fprintf(stderr, "SLUB: Unable to allocate memory on node %d, gfp=%#x(%s)\n", node, gfp,
		names);
	fprintf(stderr,
		"  cache: %s, object size: %u, buffer size: %u, default order: %u, min order: "
		"%u\n",
		s->name, s->object_size, s->size, s->order, s->min_order);
	for (int nid = 0; nid < nr_online_nodes; nid++) {
		struct kmem_cache_node *n = get_node(s, nid);

		fprintf(stderr, "  node %d: slabs: %ld, objs: %ld\n", nid,
			atomic_long_read(&n->nr_slabs), atomic_long_read(&n->total_objects));
	}
	report_end();
}

/* list_slab_objects(): @slab, and those of its objects still allocated */
static void list_slab_objects(struct kmem_cache *s, struct page *slab, unsigned int *listed)
{
	slab_bug(s, "Objects remaining in %s on __kmem_cache_shutdown()", s->name);
	print_slab_info(s, slab);
	for (unsigned int i = 0; i < slab->objects; i++) {
		u8 *obj = slab_object(s, slab, i);

		if (obj_map_test(obj) && (*listed)++ < REMAINING_MAX)
			fprintf(stderr, "Object 0x%lx @offset=%lu\n", (unsigned long)obj,
				(unsigned long)(obj - (u8 *)slab_address(slab)));
	}
}

/* Every slab still holding objects (the cache is idle: no lock needed), then the WARN */
void slab_report_remaining(struct kmem_cache *s, unsigned long caller)
{
	unsigned int listed = 0;
	struct page *slab;

	if (!report_begin())
		return;
	for (int nid = 0; nid < nr_online_nodes; nid++) {
		list_for_each_entry(slab, &get_node(s, nid)->partial, slab_list)
			list_slab_objects(s, slab, &listed);
		list_for_each_entry(slab, &get_node(s, nid)->full, slab_list)
			list_slab_objects(s, slab, &listed);
	}
	if (listed > REMAINING_MAX)
		fprintf(stderr, "... and %u more objects\n", listed - REMAINING_MAX);
	fprintf(stderr,
		"kmem_cache_destroy %s: Slab cache still has objects when called from 0x%lx\n",
		s->name, caller);
	report_end();
}
