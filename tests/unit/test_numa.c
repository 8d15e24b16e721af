// SPDX-License-Identifier: GPL-2.0
/*
 * NUMA (DESIGN.md sections 4 and 10): simulated nodes (KMEM_NODES above what the topology has),
 * topologies hwloc is given instead of this host's (HWLOC_SYNTHETIC, HWLOC_XMLFILE), placement
 * with alloc_pages_node(), fallback along the zonelist by distance, __GFP_THISNODE,
 * __GFP_HARDWALL against the thread's cpuset, and the numastat counters.
 *
 * Simulated machines here are x86_64 with 256 MiB split into equal nodes:
 *
 *   4 nodes:  pfn 0x0     0x4000      0x8000      0xc000      0x10000
 *             | node 0    | node 1    | node 2    | node 3    |
 *             | DMA+DMA32 |  DMA32    |  DMA32    |  DMA32    |
 *
 * The model has as many CPUs as the topology has PUs (this host's, unless hwloc is given another
 * topology), dealt round robin to simulated nodes; with fewer CPUs than nodes the last nodes
 * have memory but no CPU. Tests that enter a CPU the host may not have (a supplied topology's)
 * do so in a thread of their own: the CPU a thread runs as outlives a reboot of the model.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/mm.h>

#include "harness.h"

#define MiB (1ULL << 20)

#define GFP_THISNODE_FILL (GFP_KERNEL | __GFP_THISNODE | __GFP_NOWARN)

static struct kmem_info boot_nodes(int nr_nodes, unsigned long long mem_bytes)
{
	struct kmem_config cfg;
	struct kmem_info info;

	harness_config(&cfg);
	cfg.arch = "x86_64";
	cfg.mem_bytes = mem_bytes;
	cfg.nr_nodes = nr_nodes;
	cfg.pcp = KMEM_PCP_OFF;
	/* the watermarks as the formula sets them: no fallback may boost them meanwhile */
	cfg.watermark_boost_factor = KMEM_OFF;
	harness_reboot(&cfg);
	ASSERT_EQ(kmem_thread_enter(0), 0);
	ASSERT_EQ(kmem_thread_set_mems_allowed(~0UL), 0);
	kmem_get_info(&info);
	ASSERT_EQ(info.nr_nodes, nr_nodes);
	return info;
}

/* Takes every page __GFP_THISNODE can have on @nid; each must be on @nid. Returns how many. */
static unsigned long fill_node(struct list_head *head, int nid)
{
	unsigned long n = 0;
	struct page *page;

	while ((page = alloc_pages_node(nid, GFP_THISNODE_FILL, 0))) {
		if (page_to_nid(page) != nid)
			FAIL("__GFP_THISNODE for node %d got pfn %#lx of node %d", nid,
			     page_to_pfn(page), page_to_nid(page));
		harness_keep(head, page, 0);
		n++;
	}
	return n;
}

/* Allocates with @gfp, preferring @nid, and checks the page is on @want_nid */
static struct page *alloc_on(struct list_head *head, int nid, gfp_t gfp, int want_nid)
{
	struct page *page = alloc_pages_node(nid, gfp, 0);

	ASSERT_NOT_NULL(page);
	harness_keep(head, page, 0);
	if (page_to_nid(page) != want_nid)
		FAIL("alloc_pages_node(%d, %#x) got node %d, want node %d", nid, gfp,
		     page_to_nid(page), want_nid);
	return page;
}

/* The numa_node_id() of a thread that entered @cpu, run in a thread of its own */
struct cpu_probe {
	int cpu, ret, node, smp_id;
};

static void *cpu_probe_main(void *arg)
{
	struct cpu_probe *p = arg;

	p->ret = kmem_thread_enter(p->cpu);
	if (!p->ret) {
		p->node = numa_node_id();
		p->smp_id = smp_processor_id();
	}
	return NULL;
}

static int node_of_cpu(int cpu)
{
	struct cpu_probe p = { .cpu = cpu, .node = -1 };
	pthread_t t;

	if (pthread_create(&t, NULL, cpu_probe_main, &p))
		FAIL("pthread_create failed");
	pthread_join(t, NULL);
	ASSERT_EQ(p.ret, 0);
	ASSERT_EQ(p.smp_id, cpu);
	return p.node;
}

/*
 * KMEM_NODES=4 on a host with fewer NUMA nodes: simulated, said so in info.numa, distance 10 to
 * itself and 20 to every other node (-1 for a node that does not exist), CPUs dealt round robin
 * (numa_node_id() and kmem_cpu_to_node() of CPU c are c % 4) for every CPU the host gives the
 * model.
 */
TEST(simulated_nodes_from_env)
{
	struct kmem_config cfg;
	struct kmem_info info;

	harness_setenv("KMEM_NODES", "4");
	harness_setenv("KMEM_MEM", "256M");
	harness_config(&cfg);
	ASSERT_EQ(cfg.nr_nodes, 4);
	/* the watermarks as the formula sets them: no fallback may boost them meanwhile */
	cfg.watermark_boost_factor = KMEM_OFF;
	harness_reboot(&cfg);
	kmem_get_info(&info);
	ASSERT_EQ(info.nr_nodes, 4);
	ASSERT_TRUE(info.numa_simulated);
	ASSERT_CONTAINS(info.numa, "simulated");
	ASSERT_GE(info.nr_cpus, 1);
	for (int a = -1; a <= 4; a++) {
		for (int b = -1; b <= 4; b++) {
			int want = a < 0 || b < 0 || a > 3 || b > 3 ? -1 : a == b ? 10 : 20;

			if (kmem_node_distance(a, b) != want)
				FAIL("kmem_node_distance(%d, %d) = %d, want %d", a, b,
				     kmem_node_distance(a, b), want);
		}
	}
	for (int cpu = 0; cpu < info.nr_cpus; cpu++) {
		ASSERT_EQ(kmem_thread_enter(cpu), 0);
		ASSERT_EQ(smp_processor_id(), cpu);
		ASSERT_EQ(numa_node_id(), cpu % 4);
		ASSERT_EQ(kmem_cpu_to_node(cpu), cpu % 4);
	}
	ASSERT_EQ(kmem_cpu_to_node(info.nr_cpus), -1);
	ASSERT_EQ(kmem_cpu_to_node(-1), -1);
	ASSERT_EQ(kmem_thread_enter(info.nr_cpus), -EINVAL);
	ASSERT_EQ(kmem_thread_enter(-1), -EINVAL);
	ASSERT_EQ(kmem_thread_enter(0), 0);
}

/*
 * alloc_pages_node(n) places the block on node n, inside the node's pfn range, for every node
 * (those without a CPU included) and at orders 0 and 3; NUMA_NO_NODE means the thread's node;
 * a node that does not exist is refused with a warning.
 */
TEST(alloc_pages_node_places_on_node)
{
	struct kmem_info info = boot_nodes(4, 256 * MiB);
	struct page *page;
	const char *err;
	LIST_HEAD(pages);

	ASSERT_TRUE(info.numa_simulated);
	for (int nid = 0; nid < 4; nid++) {
		const struct pglist_data *pgdat = NODE_DATA(nid);

		for (unsigned int order = 0; order <= 3; order += 3) {
			unsigned long pfn;

			page = alloc_pages_node(nid, GFP_KERNEL, order);
			ASSERT_NOT_NULL(page);
			harness_keep(&pages, page, order);
			pfn = page_to_pfn(page);
			ASSERT_EQ(page_to_nid(page), nid);
			ASSERT_GE(pfn, pgdat->node_start_pfn);
			ASSERT_LE(pfn + (1UL << order),
				  pgdat->node_start_pfn + pgdat->node_spanned_pages);
		}
	}
	for (int cpu = 0; cpu < info.nr_cpus; cpu++) {
		ASSERT_EQ(kmem_thread_enter(cpu), 0);
		alloc_on(&pages, NUMA_NO_NODE, GFP_KERNEL, cpu % 4);
		alloc_on(&pages, numa_node_id(), GFP_KERNEL, cpu % 4);
		page = alloc_pages(GFP_KERNEL, 0);
		ASSERT_NOT_NULL(page);
		harness_keep(&pages, page, 0);
		ASSERT_EQ(page_to_nid(page), cpu % 4);
	}
	ASSERT_EQ(kmem_thread_enter(0), 0);
	harness_capture_begin();
	page = alloc_pages_node(4, GFP_KERNEL, 0);
	err = harness_capture_end();
	ASSERT_NULL(page);
	ASSERT_CONTAINS(err, "no such node");
	harness_free_list(&pages);
}

/*
 * A full node: once __GFP_THISNODE has taken all node 2 may give, __GFP_THISNODE gets nothing
 * more from it (NULL, never another node), while a plain request preferring node 2 falls back to
 * the nearest other node; the simulated distances are all 20, so the lowest id, node 0, comes
 * first. GFP_ATOMIC | __GFP_THISNODE dips into node 2's own reserve, still on node 2.
 */
TEST(full_node_falls_back_unless_thisnode)
{
	unsigned long start, filled;
	LIST_HEAD(pages);

	boot_nodes(4, 256 * MiB);
	start = nr_free_pages();
	filled = fill_node(&pages, 2);
	ASSERT_GT(filled, (unsigned long)NODE_DATA(2)->node_spanned_pages * 9 / 10);
	ASSERT_NULL(alloc_pages_node(2, GFP_THISNODE_FILL, 0));
	ASSERT_NULL(alloc_pages_node(2, GFP_THISNODE_FILL, 3));
	alloc_on(&pages, 2, GFP_KERNEL, 0);
	alloc_on(&pages, 2, GFP_KERNEL | __GFP_NOWARN, 0);
	alloc_on(&pages, 2, GFP_ATOMIC | __GFP_THISNODE, 2);
	harness_free_list(&pages);
	ASSERT_EQ(nr_free_pages(), start);
}

static struct kmem_numastat numastat(int nid)
{
	struct kmem_numastat st;

	if (kmem_numa_stats(nid, &st))
		FAIL("kmem_numa_stats(%d) failed", nid);
	return st;
}

/* Each node's numastat moved by exactly the given deltas (hit, miss, foreign, local, other) */
static void expect_numastat(const struct kmem_numastat *before, const long want[][5], int n)
{
	for (int nid = 0; nid < n; nid++) {
		struct kmem_numastat now = numastat(nid);
		long got[5] = {
			(long)(now.numa_hit - before[nid].numa_hit),
			(long)(now.numa_miss - before[nid].numa_miss),
			(long)(now.numa_foreign - before[nid].numa_foreign),
			(long)(now.local_node - before[nid].local_node),
			(long)(now.other_node - before[nid].other_node),
		};

		if (memcmp(got, want[nid], sizeof(got)))
			FAIL("node %d numastat moved by hit %ld miss %ld foreign %ld local %ld "
			     "other %ld, want %ld %ld %ld %ld %ld",
			     nid, got[0], got[1], got[2], got[3], got[4], want[nid][0],
			     want[nid][1], want[nid][2], want[nid][3], want[nid][4]);
	}
}

/*
 * numastat as the kernel's zone_statistics() counts it, one event per allocation whatever its
 * order: numa_hit on the node used when it was the preferred one, else numa_miss there and
 * numa_foreign on the preferred node; local_node when the node used is the allocating CPU's,
 * else other_node. From CPU 0 (node 0):
 *
 *	alloc_pages_node(0)		node 0: hit, local
 *	alloc_pages_node(1)		node 1: hit, other
 *	alloc_pages(order 3)		node 0: hit, local
 *	alloc_pages_node(2), 2 full	node 0: miss, local; node 2: foreign
 *
 * and, from CPU 1 (node 1) when the host has it, alloc_pages_node(2) with node 2 full: node 0
 * miss and other, node 2 foreign.
 */
TEST(numastat_counts_like_zone_statistics)
{
	struct kmem_numastat before[4];
	struct kmem_info info = boot_nodes(4, 256 * MiB);
	long want[4][5] = { { 0 } };
	LIST_HEAD(pages);
	struct page *page;

	fill_node(&pages, 2);
	for (int nid = 0; nid < 4; nid++)
		before[nid] = numastat(nid);
	ASSERT_EQ(kmem_numa_stats(4, &before[0]), -ENOENT);
	before[0] = numastat(0);

	alloc_on(&pages, 0, GFP_KERNEL, 0);
	want[0][0]++, want[0][3]++;
	expect_numastat(before, want, 4);
	alloc_on(&pages, 1, GFP_KERNEL, 1);
	want[1][0]++, want[1][4]++;
	expect_numastat(before, want, 4);
	page = alloc_pages(GFP_KERNEL, 3);
	ASSERT_NOT_NULL(page);
	ASSERT_EQ(page_to_nid(page), 0);
	harness_keep(&pages, page, 3);
	want[0][0]++, want[0][3]++;
	expect_numastat(before, want, 4);
	alloc_on(&pages, 2, GFP_KERNEL, 0);
	want[0][1]++, want[0][3]++, want[2][2]++;
	expect_numastat(before, want, 4);
	if (info.nr_cpus > 1) {
		ASSERT_EQ(kmem_thread_enter(1), 0);
		ASSERT_EQ(numa_node_id(), 1);
		alloc_on(&pages, 2, GFP_KERNEL, 0);
		want[0][1]++, want[0][4]++, want[2][2]++;
		expect_numastat(before, want, 4);
		ASSERT_EQ(kmem_thread_enter(0), 0);
	}
	harness_free_list(&pages);
}

/*
 * __GFP_HARDWALL keeps to the thread's cpuset. With mems_allowed = { node 1 } and the thread on
 * CPU 0 (node 0), GFP_USER and GFP_HIGHUSER_MOVABLE (both HARDWALL) come from node 1, GFP_KERNEL
 * from the local node 0. Once node 1 is full, GFP_USER reclaims (one allocstall) and fails rather
 * than leave the cpuset, while GFP_KERNEL still gets node 0. GFP_ATOMIC | __GFP_HARDWALL is
 * atomic, so its slow path ignores the cpuset, as in the kernel, and takes node 0, the first node
 * of its zonelist. With the cpuset reset to all nodes GFP_USER is local again.
 */
TEST(hardwall_stays_in_mems_allowed)
{
	struct kmem_vmstat v0, v1;
	unsigned long start;
	LIST_HEAD(pages);

	boot_nodes(2, 256 * MiB);
	start = nr_free_pages();
	ASSERT_EQ(numa_node_id(), 0);
	ASSERT_EQ(kmem_thread_set_mems_allowed(0), -EINVAL);
	ASSERT_EQ(kmem_thread_set_mems_allowed(1UL << 5), -EINVAL);
	ASSERT_EQ(kmem_thread_set_mems_allowed(1UL << 1), 0);

	alloc_on(&pages, NUMA_NO_NODE, GFP_USER, 1);
	alloc_on(&pages, NUMA_NO_NODE, GFP_HIGHUSER_MOVABLE, 1);
	alloc_on(&pages, NUMA_NO_NODE, GFP_KERNEL, 0);

	fill_node(&pages, 1);
	kmem_get_vmstat(&v0);
	ASSERT_NULL(alloc_pages(GFP_USER | __GFP_NOWARN, 0));
	kmem_get_vmstat(&v1);
	ASSERT_EQ(v1.allocstall, v0.allocstall + 1);
	ASSERT_EQ(v1.allocfail, v0.allocfail + 1);
	alloc_on(&pages, NUMA_NO_NODE, GFP_KERNEL, 0);
	alloc_on(&pages, NUMA_NO_NODE, GFP_ATOMIC | __GFP_HARDWALL, 0);
	alloc_on(&pages, NUMA_NO_NODE, GFP_ATOMIC, 0);

	ASSERT_EQ(kmem_thread_set_mems_allowed(~0UL), 0);
	alloc_on(&pages, NUMA_NO_NODE, GFP_USER, 0);
	harness_free_list(&pages);
	ASSERT_EQ(nr_free_pages(), start);
}

/*
 * HWLOC_SYNTHETIC="node:2 core:2 pu:1": hwloc's topology, not this host's. With 2 nodes the
 * model takes them as they are: not simulated, 4 CPUs, CPUs 0-1 on node 0 and 2-3 on node 1,
 * distances 10/20 (the string gives none), memory not bound (not this host). Asking for 4 nodes
 * on it simulates them, dealing its 4 CPUs round robin.
 */
TEST(hwloc_synthetic_topology)
{
	static const int node2[] = { 0, 0, 1, 1 };
	struct kmem_info info;
	LIST_HEAD(pages);

	harness_setenv("HWLOC_SYNTHETIC", "node:2 core:2 pu:1");
	info = boot_nodes(2, 256 * MiB);
	ASSERT_FALSE(info.numa_simulated);
	ASSERT_EQ(info.nr_cpus, 4);
	ASSERT_CONTAINS(info.numa, "supplied topology");
	ASSERT_CONTAINS(info.numa, "not bound");
	ASSERT_NOT_CONTAINS(info.numa, "simulated");
	for (int cpu = 0; cpu < 4; cpu++)
		ASSERT_EQ(node_of_cpu(cpu), node2[cpu]);
	ASSERT_EQ(kmem_node_distance(0, 0), 10);
	ASSERT_EQ(kmem_node_distance(0, 1), 20);
	alloc_on(&pages, 1, GFP_KERNEL, 1);
	harness_free_list(&pages);

	info = boot_nodes(4, 256 * MiB);
	ASSERT_TRUE(info.numa_simulated);
	ASSERT_CONTAINS(info.numa, "simulated");
	ASSERT_EQ(info.nr_cpus, 4);
	for (int cpu = 0; cpu < 4; cpu++) {
		ASSERT_EQ(node_of_cpu(cpu), cpu);
		ASSERT_EQ(kmem_cpu_to_node(cpu), cpu);
	}
}

/* tests/data/numa4_distances.xml, found from this file's own path */
static const char *numa4_xml(void)
{
	static char path[4096];
	const char *slash = strrchr(__FILE__, '/');
	int len = slash ? (int)(slash - __FILE__) : 0;

	snprintf(path, sizeof(path), "%.*s/../data/numa4_distances.xml", len, __FILE__);
	if (access(path, R_OK))
		FAIL("cannot read %s (the test finds tests/data from its source path)", path);
	return path;
}

/*
 * HWLOC_XMLFILE with distances (tests/data/numa4_distances.xml, made with lstopo and
 * hwloc-annotate from "node:4 core:1 pu:1" and a latency matrix):
 *
 *	     0   1   2   3
 *	0   10  30  12  20
 *	1   30  10  20  12
 *	2   12  20  10  30
 *	3   20  12  30  10
 *
 * The model takes the matrix as its node distances and builds zonelists by it, not by node id:
 * a request preferring node 0 falls back to node 2 (12), then node 3 (20), then node 1 (30) as
 * each fills. CPU c is on node c; memory is not bound (not this host).
 */
TEST(hwloc_xml_distances_order_fallback)
{
	static const int dist[4][4] = {
		{ 10, 30, 12, 20 },
		{ 30, 10, 20, 12 },
		{ 12, 20, 10, 30 },
		{ 20, 12, 30, 10 },
	};
	static const int fallback[] = { 2, 3, 1 };
	unsigned long start;
	struct kmem_info info;
	LIST_HEAD(pages);

	harness_setenv("HWLOC_XMLFILE", numa4_xml());
	info = boot_nodes(4, 256 * MiB);
	ASSERT_FALSE(info.numa_simulated);
	ASSERT_EQ(info.nr_cpus, 4);
	ASSERT_CONTAINS(info.numa, "supplied topology");
	ASSERT_CONTAINS(info.numa, "distances from the topology");
	ASSERT_CONTAINS(info.numa, "not bound");
	for (int a = 0; a < 4; a++)
		for (int b = 0; b < 4; b++)
			if (kmem_node_distance(a, b) != dist[a][b])
				FAIL("kmem_node_distance(%d, %d) = %d, want %d", a, b,
				     kmem_node_distance(a, b), dist[a][b]);
	for (int cpu = 0; cpu < 4; cpu++) {
		ASSERT_EQ(node_of_cpu(cpu), cpu);
		ASSERT_EQ(kmem_cpu_to_node(cpu), cpu);
	}

	start = nr_free_pages();
	fill_node(&pages, 0);
	for (size_t i = 0; i < ARRAY_SIZE(fallback); i++) {
		alloc_on(&pages, 0, GFP_KERNEL, fallback[i]);
		ASSERT_NULL(alloc_pages_node(0, GFP_THISNODE_FILL, 0));
		fill_node(&pages, fallback[i]);
	}
	ASSERT_NULL(alloc_pages_node(0, GFP_KERNEL | __GFP_NOWARN, 0));
	harness_free_list(&pages);
	ASSERT_EQ(nr_free_pages(), start);
}
