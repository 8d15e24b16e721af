// SPDX-License-Identifier: GPL-2.0
/*
 * NUMA topology of the model: how many CPUs, which node each CPU is on, node distances, and
 * where each node's memory lives on the host. It comes from hwloc, which reads this host, or a
 * topology the user supplies (HWLOC_XMLFILE=topo.xml, or HWLOC_SYNTHETIC="node:2 core:2 pu:1").
 *
 *  - KMEM_NODES <= the topology's NUMA nodes (and more than one): nodes, distances and
 *    CPU-to-node are the topology's. If the topology is this host's
 *    (hwloc_topology_is_thissystem()) and hwloc can bind memory, each node's part of the direct
 *    map is bound to its host node; otherwise binding is a no-op and the info says so.
 *  - KMEM_NODES above that: simulated nodes, distance 10 to itself and 20 to the others, the
 *    topology's CPUs dealt round-robin; kmem_get_info() and every report say "simulated".
 *
 * The CPU count of the model is the topology's PU count, so an XML topology of a large machine
 * gives the model that many (simulated) CPUs even on a small host.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hwloc.h>

#include "internal.h"

#define LOCAL_DISTANCE	10
#define REMOTE_DISTANCE 20
#define MAX_CPUS	1024
/* far above any machine's topology (a few MiB for thousands of cores) */
#define MAX_TOPOLOGY_FILE (64ULL << 20)

static unsigned char distances[MAX_NUMNODES][MAX_NUMNODES];
static short cpu_node[MAX_CPUS];
static char numa_source[160];
/* loaded at numa_init(), kept until numa_exit() for the binding once zones exist */
static hwloc_topology_t topo;

/* Distances between the first @n NUMA nodes of @topo; false when the topology has none */
static bool read_distances(hwloc_topology_t topo, int n)
{
	struct hwloc_distances_s *dist;
	unsigned nr = 1;
	bool ok = false;

	if (hwloc_distances_get_by_type(topo, HWLOC_OBJ_NUMANODE, &nr, &dist,
					HWLOC_DISTANCES_KIND_MEANS_LATENCY, 0) ||
	    !nr)
		return false;
	/* the matrix follows dist->objs[], which need not be in node order */
	if (dist->nbobjs >= (unsigned)n) {
		for (unsigned i = 0; i < dist->nbobjs; i++)
			for (unsigned j = 0; j < dist->nbobjs; j++) {
				unsigned a = dist->objs[i]->logical_index;
				unsigned b = dist->objs[j]->logical_index;

				if (a < (unsigned)n && b < (unsigned)n)
					distances[a][b] =
						(unsigned char)dist->values[i * dist->nbobjs + j];
			}
		ok = true;
	}
	hwloc_distances_release(topo, dist);
	return ok;
}

/* Bind each node's share of the direct map to its host node; returns nodes bound */
static int bind_nodes(hwloc_topology_t topo, int n)
{
	const struct hwloc_topology_support *support = hwloc_topology_get_support(topo);
	int bound = 0;

	if (!support->membind->set_area_membind)
		return 0;
	for (int nid = 0; nid < n; nid++) {
		struct pglist_data *pgdat = NODE_DATA(nid);
		hwloc_obj_t obj = hwloc_get_obj_by_type(topo, HWLOC_OBJ_NUMANODE, (unsigned)nid);
		unsigned long start = pgdat->node_start_pfn;
		unsigned long end = start + pgdat->node_spanned_pages;

		if (end > max_low_pfn)
			end = max_low_pfn;
		if (!obj || start >= end)
			continue;
		if (!hwloc_set_area_membind(topo, pfn_to_virt(start), (end - start) << PAGE_SHIFT,
					    obj->nodeset, HWLOC_MEMBIND_BIND,
					    HWLOC_MEMBIND_BYNODESET))
			bound++;
	}
	return bound;
}

/*
 * hwloc reads HWLOC_XMLFILE and HWLOC_SYNTHETIC itself and, when it cannot use them, falls back
 * to this host's topology without a word: the model would then describe another machine than
 * the one asked for. So the file is checked before hwloc opens it (hwloc reads a device such as
 * /dev/zero without bound, and would block on a FIFO), and after loading, hwloc must have used
 * what it was given.
 */
static int topology_file_check(void)
{
	const char *path = getenv("HWLOC_XMLFILE");
	struct stat st;
	int fd, err;

	if (!path || !*path)
		return 0;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		err = -errno;
		fprintf(stderr, "kmem: HWLOC_XMLFILE='%s': %s\n", path, strerror(-err));
		if (fd >= 0)
			close(fd);
		return err;
	}
	close(fd);
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "kmem: HWLOC_XMLFILE='%s' is not a regular file\n", path);
		return -EINVAL;
	}
	if ((unsigned long long)st.st_size > MAX_TOPOLOGY_FILE) {
		fprintf(stderr,
			"kmem: HWLOC_XMLFILE='%s' is %llu MiB, more than a topology file can be "
			"(%llu MiB)\n",
			path, (unsigned long long)st.st_size >> 20, MAX_TOPOLOGY_FILE >> 20);
		return -EFBIG;
	}
	return 0;
}

/* After loading: a topology supplied through the environment is the one hwloc loaded */
static int topology_source_check(hwloc_topology_t topo)
{
	const char *xml = getenv("HWLOC_XMLFILE"), *synthetic = getenv("HWLOC_SYNTHETIC");
	const char *backend = hwloc_obj_get_info_by_name(hwloc_get_root_obj(topo), "Backend");
	const char *thissystem = getenv("HWLOC_THISSYSTEM");

	if (synthetic && *synthetic && (!backend || strcmp(backend, "Synthetic"))) {
		fprintf(stderr,
			"kmem: HWLOC_SYNTHETIC='%s' was not used: hwloc does not accept it as a "
			"topology (e.g. \"node:2 core:2 pu:1\")\n",
			synthetic);
		return -EINVAL;
	}
	/* an XML topology is never this system's, unless HWLOC_THISSYSTEM=1 says it is */
	if (xml && *xml && hwloc_topology_is_thissystem(topo) &&
	    !(thissystem && !strcmp(thissystem, "1"))) {
		fprintf(stderr,
			"kmem: HWLOC_XMLFILE='%s' was not used: hwloc read this host instead\n",
			xml);
		return -EINVAL;
	}
	return 0;
}

int numa_init(int nr_nodes)
{
	int host_nodes, pus, err;
	bool thissystem;

	err = topology_file_check();
	if (err)
		return err;
	if (hwloc_topology_init(&topo) || hwloc_topology_load(topo)) {
		fprintf(stderr, "kmem: hwloc cannot load a topology (check HWLOC_XMLFILE and "
				"HWLOC_SYNTHETIC)\n");
		hwloc_topology_destroy(topo);
		topo = NULL;
		return -EINVAL;
	}
	err = topology_source_check(topo);
	if (err) {
		hwloc_topology_destroy(topo);
		topo = NULL;
		return err;
	}
	host_nodes = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_NUMANODE);
	pus = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PU);
	thissystem = hwloc_topology_is_thissystem(topo);
	/* the host profile's CPUs are the profiled host's, whatever runs the model */
	if (kmem_rt.host && kmem_rt.host->nr_cpus)
		pus = kmem_rt.host->nr_cpus;
	kmem_rt.nr_cpus = pus < 1 ? 1 : pus > MAX_CPUS ? MAX_CPUS : pus;
	kmem_rt.numa_simulated = nr_nodes > 1 && nr_nodes > host_nodes;

	for (int a = 0; a < nr_nodes; a++)
		for (int b = 0; b < nr_nodes; b++)
			distances[a][b] = a == b ? LOCAL_DISTANCE : REMOTE_DISTANCE;
	for (int cpu = 0; cpu < kmem_rt.nr_cpus; cpu++)
		cpu_node[cpu] = (short)(cpu % nr_nodes);

	if (kmem_rt.numa_simulated || nr_nodes == 1) {
		snprintf(numa_source, sizeof(numa_source),
			 nr_nodes == 1 ? "one node" : "simulated: %d nodes on a topology with %d",
			 nr_nodes, host_nodes);
	} else {
		for (int cpu = 0; cpu < kmem_rt.nr_cpus; cpu++) {
			hwloc_obj_t pu = hwloc_get_obj_by_type(topo, HWLOC_OBJ_PU, (unsigned)cpu);

			for (int nid = 0; pu && nid < nr_nodes; nid++) {
				hwloc_obj_t node = hwloc_get_obj_by_type(topo, HWLOC_OBJ_NUMANODE,
									 (unsigned)nid);

				if (node && hwloc_bitmap_isset(pu->nodeset, node->os_index))
					cpu_node[cpu] = (short)nid;
			}
		}
		snprintf(numa_source, sizeof(numa_source), "hwloc: %d nodes of %s, distances %s",
			 nr_nodes, thissystem ? "this host" : "a supplied topology",
			 read_distances(topo, nr_nodes) ? "from the topology"
							: "10/20 (none given)");
	}
	return 0;
}

/* After the zones exist: bind real nodes' memory, and say what was done */
void numa_bind_memory(void)
{
	size_t n = strlen(numa_source);
	int bound;

	kmem_rt.numa_bound = false;
	if (kmem_rt.numa_simulated || kmem_rt.nr_nodes == 1)
		return;
	if (!hwloc_topology_is_thissystem(topo)) {
		snprintf(numa_source + n, sizeof(numa_source) - n,
			 "; memory not bound (not this host)");
	} else {
		bound = bind_nodes(topo, kmem_rt.nr_nodes);
		kmem_rt.numa_bound = bound == kmem_rt.nr_nodes;
		snprintf(numa_source + n, sizeof(numa_source) - n, "; %d of %d nodes' memory bound",
			 bound, kmem_rt.nr_nodes);
	}
}

void numa_exit(void)
{
	if (topo)
		hwloc_topology_destroy(topo);
	topo = NULL;
	numa_source[0] = '\0';
}

const char *numa_describe(void)
{
	return numa_source;
}

int node_distance(int a, int b)
{
	return distances[a][b];
}

int cpu_to_node(int cpu)
{
	return cpu_node[cpu];
}

int numa_node_id(void)
{
	return cpu_to_node(smp_processor_id());
}

int kmem_cpu_to_node(int cpu)
{
	if (cpu < 0 || cpu >= kmem_rt.nr_cpus)
		return -1;
	return cpu_to_node(cpu);
}

int kmem_node_distance(int a, int b)
{
	if (a < 0 || b < 0 || a >= nr_online_nodes || b >= nr_online_nodes)
		return -1;
	return node_distance(a, b);
}
