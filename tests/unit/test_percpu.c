// SPDX-License-Identifier: GPL-2.0
/*
 * The per-CPU allocator as kernel code uses it (<linux/percpu.h>): every CPU's copy zeroed and
 * independent, reached by per_cpu_ptr() and, for the calling thread's model CPU, this_cpu_ptr()
 * and the this_cpu operations; alignments up to a page; the kernel's limits on size and
 * alignment; chunks of the model's own pages, each CPU's from its node and highmem allowed,
 * given back when a chunk empties; bad frees reported; threads on every CPU counting at once;
 * and a great many small allocations and frees leaving nothing behind.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kmem/kmem.h>
#include <linux/mm.h>
#include <linux/percpu.h>

#include "harness.h"

#define MiB (1ULL << 20)

static struct kmem_percpu_stats pcpu_stats(void)
{
	struct kmem_percpu_stats st;

	kmem_percpu_stats(&st);
	return st;
}

static int nr_cpus(void)
{
	struct kmem_info info;

	kmem_get_info(&info);
	return info.nr_cpus;
}

/* Four model CPUs whatever the host has (a synthetic hwloc topology), on @nodes nodes */
static void boot_cpus(int nodes, unsigned long long mem)
{
	struct kmem_config cfg;

	harness_setenv("HWLOC_SYNTHETIC", nodes > 1 ? "node:2 core:2 pu:1" : "core:4 pu:1");
	harness_config(&cfg);
	cfg.nr_nodes = nodes;
	cfg.mem_bytes = mem;
	harness_reboot(&cfg);
	ASSERT_EQ(nr_cpus(), 4);
}

struct triple {
	long a;
	int b;
	char c;
};

/*
 * Each CPU has its own zeroed copy, PCPU_UNIT_BYTES from the next, that this_cpu_ptr() finds
 * for a thread entered on that CPU; writes to one copy leave the others alone. The __percpu
 * pointer itself is never mapped. A copy written, freed and allocated again reads as zeros.
 */
static void copies_are_independent(void)
{
	struct triple __percpu *p = alloc_percpu(struct triple);
	long __percpu *q;
	unsigned int cpu;

	ASSERT_NOT_NULL(p);
	ASSERT_EQ(num_possible_cpus(), (unsigned int)nr_cpus());
	ASSERT_STREQ(harness_host_perms(p), "---p");
	for_each_possible_cpu(cpu) {
		struct triple *t = per_cpu_ptr(p, cpu);

		ASSERT_EQ((unsigned long)t, (unsigned long)p + (cpu + 1) * PCPU_UNIT_BYTES);
		ASSERT_EQ(t->a, 0);
		ASSERT_EQ(t->b, 0);
		ASSERT_EQ(t->c, 0);
		ASSERT_EQ((unsigned long)t % __alignof__(struct triple), 0);
		ASSERT_NE(per_cpu_ptr_to_phys(t), 0);
		t->a = 1000 + cpu;
		t->b = (int)cpu;
	}
	for_each_possible_cpu(cpu) {
		ASSERT_EQ(per_cpu_ptr(p, cpu)->a, 1000 + cpu);
		ASSERT_EQ(per_cpu_ptr(p, cpu)->b, (int)cpu);
		ASSERT_EQ(kmem_thread_set_cpu((int)cpu), 0);
		ASSERT_EQ(this_cpu_ptr(p), per_cpu_ptr(p, cpu));
		ASSERT_EQ(this_cpu_read(p->a), 1000 + cpu);
	}
	free_percpu(p);
	q = alloc_percpu(long);
	ASSERT_EQ((void *)q, (void *)p);
	for_each_possible_cpu(cpu)
		ASSERT_EQ(*per_cpu_ptr(q, cpu), 0);
	free_percpu(q);
	ASSERT_EQ(pcpu_stats().allocs, 0);
}

TEST(copies_are_independent_x86_64)
{
	boot_cpus(1, 64 * MiB);
	copies_are_independent();
}

/* On x86_32 the chunks take highmem first, mapped like any page of theirs */
TEST(copies_are_independent_x86_32)
{
	int __percpu *p;
	unsigned long high = 0;
	int cpu;

	harness_setenv("HWLOC_SYNTHETIC", "core:4 pu:1");
	harness_boot("x86_32", 1024 * MiB);
	copies_are_independent();
	p = alloc_percpu(int);
	ASSERT_NOT_NULL(p);
	for_each_possible_cpu(cpu)
		high += per_cpu_ptr_to_phys(per_cpu_ptr(p, cpu)) >= (max_low_pfn << PAGE_SHIFT);
	ASSERT_EQ(high, (unsigned long)nr_cpus());
	free_percpu(p);
}

/* Each CPU's unit comes from its own node, as mm/percpu-vm.c allocates it */
TEST(units_on_their_cpus_nodes)
{
	long __percpu *p;
	int cpu;

	boot_cpus(2, 128 * MiB);
	p = alloc_percpu(long);
	ASSERT_NOT_NULL(p);
	for_each_possible_cpu(cpu) {
		unsigned long pfn = per_cpu_ptr_to_phys(per_cpu_ptr(p, cpu)) >> PAGE_SHIFT;

		ASSERT_EQ(page_to_nid(pfn_to_page(pfn)), kmem_cpu_to_node(cpu));
	}
	free_percpu(p);
}

/*
 * __alloc_percpu() honours every power of two up to a page, for the __percpu pointer and each
 * CPU's copy, after allocations that put the next free offset off every alignment; 32 KiB is
 * the largest size. Sizes of 0 or above 32 KiB and alignments above a page or not a power of
 * two are the kernel's "illegal size or align" (a warning; none with __GFP_NOWARN).
 */
TEST(alloc_percpu_alignment)
{
	static const struct {
		size_t size, align;
	} bad[] = { { 0, 8 }, { 32 * 1024 + 1, 8 }, { 8, 12 }, { 8, 2 * PAGE_SIZE } };
	void __percpu *pad[13], *p[13], *big;
	unsigned long failed;
	const char *text;
	int cpu;

	boot_cpus(1, 64 * MiB);
	for (int k = 0; k <= 12; k++) {
		size_t align = 1UL << k;

		pad[k] = __alloc_percpu(4, 4);
		p[k] = __alloc_percpu(24, align);
		ASSERT_NOT_NULL(p[k]);
		if ((unsigned long)p[k] % align)
			FAIL("align %zu: %p", align, p[k]);
		for_each_possible_cpu(cpu)
			ASSERT_EQ((unsigned long)per_cpu_ptr(p[k], cpu) % align, 0);
	}
	big = __alloc_percpu(32 * 1024, PAGE_SIZE);
	ASSERT_NOT_NULL(big);
	memset(per_cpu_ptr(big, 3), 1, 32 * 1024);
	free_percpu(big);
	for (int k = 0; k <= 12; k++) {
		free_percpu(p[k]);
		free_percpu(pad[k]);
	}
	failed = pcpu_stats().failed;
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		char want[96];

		harness_capture_begin();
		ASSERT_NULL(__alloc_percpu(bad[i].size, bad[i].align));
		ASSERT_NULL(
			__alloc_percpu_gfp(bad[i].size, bad[i].align, GFP_KERNEL | __GFP_NOWARN));
		text = harness_capture_end();
		snprintf(want, sizeof(want), "or align (%zu) for percpu allocation",
			 bad[i].align < 4 ? 4 : bad[i].align);
		ASSERT_CONTAINS(text, "illegal size (");
		ASSERT_CONTAINS(text, want);
		ASSERT_EQ(harness_count(text, "illegal size"), 1);
	}
	ASSERT_EQ(pcpu_stats().failed, failed + 2 * ARRAY_SIZE(bad));
	ASSERT_EQ(pcpu_stats().allocs, 0);
	ASSERT_EQ(pcpu_stats().chunks, 0);
}

/*
 * The pages: the first allocation makes a chunk of PCPU_UNIT_BYTES per CPU, taken from the
 * model (nr_free_pages() drops by exactly that); objects share it until it is full, then a
 * second chunk comes; freeing the last object of a chunk gives its pages back at once.
 */
TEST(free_percpu_gives_pages_back)
{
	const unsigned long chunk_pages = 4 * PCPU_UNIT_BYTES / PAGE_SIZE;
	void __percpu *obj[17];
	unsigned long start;

	boot_cpus(1, 64 * MiB);
	start = nr_free_pages();
	for (int i = 0; i < 16; i++) {
		obj[i] = __alloc_percpu(PAGE_SIZE, PAGE_SIZE);
		ASSERT_NOT_NULL(obj[i]);
		ASSERT_EQ(pcpu_stats().chunks, 1);
		ASSERT_EQ(nr_free_pages(), start - chunk_pages);
	}
	obj[16] = __alloc_percpu(4, 4);
	ASSERT_EQ(pcpu_stats().chunks, 2);
	ASSERT_EQ(pcpu_stats().pages, 2 * chunk_pages);
	ASSERT_EQ(pcpu_nr_pages(), 2 * chunk_pages);
	ASSERT_EQ(nr_free_pages(), start - 2 * chunk_pages);
	ASSERT_EQ(pcpu_stats().bytes, 16 * PAGE_SIZE + 4);
	free_percpu(obj[16]);
	ASSERT_EQ(pcpu_stats().chunks, 1);
	ASSERT_EQ(nr_free_pages(), start - chunk_pages);
	for (int i = 0; i < 16; i++)
		free_percpu(obj[i]);
	ASSERT_EQ(pcpu_stats().chunks, 0);
	ASSERT_EQ(pcpu_stats().allocs, 0);
	ASSERT_EQ(pcpu_stats().bytes, 0);
	ASSERT_EQ(nr_free_pages(), start);
	ASSERT_EQ(kmem_bad_page_count(), 0);
}

/*
 * Live objects at shutdown go with the model, and a new boot starts empty (under ASan, the
 * chunks' bookkeeping must not leak either)
 */
TEST(shutdown_with_live_objects)
{
	struct kmem_config cfg;
	int __percpu *p;

	for (int i = 0; i < 100; i++)
		ASSERT_NOT_NULL(__alloc_percpu(64 * (i % 8 + 1), 8));
	ASSERT_GT(pcpu_stats().chunks, 0);
	harness_config(&cfg);
	harness_reboot(&cfg);
	ASSERT_EQ(pcpu_stats().chunks, 0);
	ASSERT_EQ(pcpu_stats().allocs, 0);
	p = alloc_percpu(int);
	ASSERT_NOT_NULL(p);
	free_percpu(p);
}

/*
 * Bad frees are reported and change nothing: a CPU's copy instead of the __percpu pointer,
 * an address inside an object, a second free, an address the allocator never gave
 */
TEST(bad_free_percpu)
{
	long __percpu *p = alloc_percpu(long), *q = alloc_percpu(long);
	struct kmem_percpu_stats before, after;
	int on_stack;
	const char *text;

	ASSERT_NOT_NULL(p);
	ASSERT_NOT_NULL(q);
	free_percpu(q);
	before = pcpu_stats();
	harness_capture_begin();
	free_percpu(per_cpu_ptr(p, 0));
	free_percpu((char __percpu *)p + 4);
	free_percpu(q);
	free_percpu(&on_stack);
	text = harness_capture_end();
	ASSERT_CONTAINS(text, "CPU 0's copy, not the __percpu pointer");
	ASSERT_EQ(harness_count(text, "no object starts there"), 2);
	ASSERT_CONTAINS(text, "not a per-CPU allocation");
	after = pcpu_stats();
	ASSERT_EQ(after.free_errors, before.free_errors + 4);
	ASSERT_EQ(after.allocs, before.allocs);
	ASSERT_EQ(after.bytes, before.bytes);
	*this_cpu_ptr(p) = 5;
	free_percpu(p);
	free_percpu(NULL);
	ASSERT_EQ(pcpu_stats().allocs, 0);
}

/* The this_cpu operations on one CPU, and GFP_ATOMIC allocations */
TEST(this_cpu_operations)
{
	unsigned long __percpu *u = alloc_percpu_gfp(unsigned long, GFP_ATOMIC);
	int __percpu *i = alloc_percpu(int);
	int old;

	ASSERT_NOT_NULL(u);
	ASSERT_NOT_NULL(i);
	ASSERT_EQ(kmem_thread_set_cpu(0), 0);
	this_cpu_write(*u, 10);
	this_cpu_add(*u, 5);
	this_cpu_sub(*u, 3);
	this_cpu_inc(*u);
	this_cpu_dec(*u);
	ASSERT_EQ(this_cpu_read(*u), 12);
	ASSERT_EQ(this_cpu_inc_return(*u), 13);
	ASSERT_EQ(this_cpu_add_return(*u, 7), 20);
	ASSERT_EQ(this_cpu_sub_return(*u, 20), 0);
	ASSERT_EQ(this_cpu_dec_return(*u), ~0UL);
	this_cpu_write(*i, 3);
	ASSERT_EQ(this_cpu_xchg(*i, 4), 3);
	ASSERT_EQ(this_cpu_cmpxchg(*i, 4, 9), 4);
	ASSERT_EQ(this_cpu_cmpxchg(*i, 4, 1), 9);
	old = 2;
	ASSERT_FALSE(this_cpu_try_cmpxchg(*i, &old, 7));
	ASSERT_EQ(old, 9);
	ASSERT_TRUE(this_cpu_try_cmpxchg(*i, &old, 7));
	this_cpu_or(*i, 8);
	this_cpu_and(*i, 12);
	ASSERT_EQ(__this_cpu_read(*i), 12);
	__this_cpu_inc(*i);
	raw_cpu_add(*i, 2);
	ASSERT_EQ(*per_cpu_ptr(i, 0), 15);
	/* only CPU 0's copies changed */
	for (int cpu = 1; cpu < nr_cpus(); cpu++) {
		ASSERT_EQ(*per_cpu_ptr(u, cpu), 0);
		ASSERT_EQ(*per_cpu_ptr(i, cpu), 0);
	}
	ASSERT_EQ(*get_cpu_ptr(i), 15);
	put_cpu_ptr(i);
	ASSERT_EQ(get_cpu_var(*i), 15);
	put_cpu_var(*i);
	free_percpu(u);
	free_percpu(i);
}

#define THREADS_PER_CPU 2
#define INCS		200000

struct counter_args {
	int cpu;
	pthread_barrier_t *start;
	unsigned long __percpu *count, *sum;
	unsigned long __percpu *plain;
};

/*
 * this_cpu_inc() and this_cpu_add() from two threads on each CPU at once, and a plain increment
 * between get_cpu_ptr() and put_cpu_ptr(): each must count every one (another thread of the
 * same CPU may not run inside the section, as preemption is off there in the kernel). The
 * threads are not pinned (kmem_thread_set_cpu()), so that two of one model CPU run on two host
 * CPUs at once, and they start together.
 */
static void *counter_thread(void *arg)
{
	struct counter_args *a = arg;

	kmem_thread_set_cpu(a->cpu);
	pthread_barrier_wait(a->start);
	for (int n = 0; n < INCS; n++)
		this_cpu_inc(*a->count);
	for (int n = 0; n < INCS; n++)
		this_cpu_add(*a->sum, (unsigned long)n);
	for (int n = 0; n < INCS; n++) {
		unsigned long *plain = get_cpu_ptr(a->plain);

		*plain += 1;
		put_cpu_ptr(a->plain);
	}
	return NULL;
}

/*
 * @nr_threads counter threads on CPUs @first, @first + 1, ... (round robin over @nr_cpus),
 * started together
 */
static void run_counters(int first, int nr_cpus, int nr_threads, unsigned long __percpu *count,
			 unsigned long __percpu *sum, unsigned long __percpu *plain)
{
	struct counter_args args[4 * THREADS_PER_CPU];
	pthread_t t[4 * THREADS_PER_CPU];
	pthread_barrier_t start;

	pthread_barrier_init(&start, NULL, (unsigned int)nr_threads);
	for (int i = 0; i < nr_threads; i++) {
		args[i] = (struct counter_args){ .cpu = first + i % nr_cpus,
						 .start = &start,
						 .count = count,
						 .sum = sum,
						 .plain = plain };
		if (pthread_create(&t[i], NULL, counter_thread, &args[i]))
			FAIL("pthread_create failed");
	}
	for (int i = 0; i < nr_threads; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&start);
}

/*
 * First the threads of one CPU at a time (the host's CPUs then run two threads of one model
 * CPU at once, where a lost update would show), then those of every CPU at once; each CPU's
 * copies count exactly its threads' operations.
 */
TEST(this_cpu_inc_from_threads_on_each_cpu)
{
	unsigned long __percpu *count, *sum, *plain;
	unsigned long total = 0;
	int cpu;

	boot_cpus(1, 64 * MiB);
	count = alloc_percpu(unsigned long);
	sum = alloc_percpu(unsigned long);
	plain = alloc_percpu(unsigned long);
	ASSERT_NOT_NULL(count);
	ASSERT_NOT_NULL(sum);
	ASSERT_NOT_NULL(plain);
	for (cpu = 0; cpu < 4; cpu++)
		run_counters(cpu, 1, THREADS_PER_CPU, count, sum, plain);
	run_counters(0, 4, 4 * THREADS_PER_CPU, count, sum, plain);
	for_each_possible_cpu(cpu) {
		ASSERT_EQ(*per_cpu_ptr(count, cpu), 2UL * THREADS_PER_CPU * INCS);
		ASSERT_EQ(*per_cpu_ptr(sum, cpu), 2UL * THREADS_PER_CPU * INCS * (INCS - 1) / 2);
		ASSERT_EQ(*per_cpu_ptr(plain, cpu), 2UL * THREADS_PER_CPU * INCS);
		total += *per_cpu_ptr(count, cpu);
	}
	ASSERT_EQ(total, 8UL * THREADS_PER_CPU * INCS);
	free_percpu(count);
	free_percpu(sum);
	free_percpu(plain);
}

struct churn_args {
	int cpu;
	unsigned int seed;
	unsigned long bad;
};

/* Threads allocating and freeing at once, each checking its objects' copies */
static void *churn_thread(void *arg)
{
	struct churn_args *a = arg;
	unsigned char __percpu *live[64] = { NULL };
	size_t size[64];

	kmem_thread_enter(a->cpu);
	for (int r = 0; r < 3000; r++) {
		int k = r % 64;

		if (live[k]) {
			for (int cpu = 0; cpu < (int)pcpu_nr_units; cpu++)
				a->bad += per_cpu_ptr(live[k], cpu)[size[k] - 1] !=
					  (unsigned char)cpu;
			free_percpu(live[k]);
		}
		a->seed = a->seed * 1103515245 + 12345;
		size[k] = 1 + (a->seed >> 16) % 512;
		live[k] = __alloc_percpu(size[k], 1UL << ((a->seed >> 8) % 8));
		if (!live[k]) {
			a->bad++;
			continue;
		}
		for (int cpu = 0; cpu < (int)pcpu_nr_units; cpu++) {
			a->bad += per_cpu_ptr(live[k], cpu)[0] != 0;
			per_cpu_ptr(live[k], cpu)[size[k] - 1] = (unsigned char)cpu;
		}
	}
	for (int k = 0; k < 64; k++)
		free_percpu(live[k]);
	return NULL;
}

TEST(concurrent_alloc_free)
{
	struct churn_args args[4];
	pthread_t t[4];
	unsigned long start;

	boot_cpus(1, 64 * MiB);
	start = nr_free_pages();
	for (int i = 0; i < 4; i++) {
		args[i] = (struct churn_args){ .cpu = i, .seed = 77u * (unsigned int)i + 1 };
		if (pthread_create(&t[i], NULL, churn_thread, &args[i]))
			FAIL("pthread_create failed");
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		ASSERT_EQ(args[i].bad, 0);
	}
	ASSERT_EQ(pcpu_stats().allocs, 0);
	ASSERT_EQ(pcpu_stats().chunks, 0);
	ASSERT_EQ(nr_free_pages(), start);
}

/*
 * A great many small objects, as lib/test_vmalloc.c's pcpu_alloc_test makes them (sizes up to
 * a quarter page, alignments up to half a page; 35000 of them, fewer when RAM would not hold
 * them for this many CPUs), freed in a shuffled order, then a long churn with a few hundred
 * live: nothing is left, neither objects nor chunks nor pages.
 */
TEST(many_small_allocations_do_not_leak)
{
	const unsigned long mem = 512 * MiB;
	unsigned long start, n, seed = 12345;
	void __percpu **obj;

	boot_cpus(1, mem);
	start = nr_free_pages();
	/* about 1.3 KiB a CPU each, alignment waste included; half of RAM at most */
	n = mem / 2 / (unsigned long)nr_cpus() / 1300;
	if (n > 35000)
		n = 35000;
	obj = calloc(n, sizeof(*obj));
	ASSERT_NOT_NULL(obj);
	for (unsigned long i = 0; i < n; i++) {
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		obj[i] = __alloc_percpu(1 + (seed >> 33) % (PAGE_SIZE / 4),
					2UL << ((seed >> 20) % 11));
		ASSERT_NOT_NULL(obj[i]);
	}
	printf("    %lu objects in %lu chunks (%lu pages)\n", n, pcpu_stats().chunks,
	       pcpu_stats().pages);
	ASSERT_EQ(pcpu_stats().allocs, n);
	for (unsigned long i = n - 1; i > 0; i--) {
		unsigned long j;
		void __percpu *tmp;

		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		j = (seed >> 33) % (i + 1);
		tmp = obj[i];
		obj[i] = obj[j];
		obj[j] = tmp;
	}
	for (unsigned long i = 0; i < n; i++)
		free_percpu(obj[i]);
	ASSERT_EQ(pcpu_stats().allocs, 0);
	ASSERT_EQ(pcpu_stats().chunks, 0);
	ASSERT_EQ(nr_free_pages(), start);

	memset(obj, 0, n * sizeof(*obj));
	for (unsigned long r = 0; r < 200000; r++) {
		unsigned long k;

		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		k = (seed >> 33) % 300;
		if (obj[k]) {
			free_percpu(obj[k]);
			obj[k] = NULL;
		} else {
			obj[k] = __alloc_percpu(1 + (seed >> 20) % 256, 8);
			ASSERT_NOT_NULL(obj[k]);
		}
	}
	for (unsigned long k = 0; k < 300; k++)
		free_percpu(obj[k]);
	free(obj);
	ASSERT_EQ(pcpu_stats().allocs, 0);
	ASSERT_EQ(pcpu_stats().chunks, 0);
	ASSERT_EQ(pcpu_stats().free_errors, 0);
	ASSERT_EQ(nr_free_pages(), start);
}
