// SPDX-License-Identifier: GPL-2.0
/*
 * NUMA topology of the model: node distances and the node of each CPU. Until the hwloc
 * topology is wired in (the gfp/NUMA issue), every node is simulated: distance 10 to itself,
 * 20 to the others, CPUs dealt round-robin, and kmem_get_info() says "simulated" whenever there
 * is more than one node, because no memory is bound to a host node yet.
 */
#include "internal.h"

#define LOCAL_DISTANCE	10
#define REMOTE_DISTANCE 20

int numa_init(int nr_nodes)
{
	kmem_rt.numa_simulated = nr_nodes > 1;
	return 0;
}

void numa_exit(void)
{
}

int node_distance(int a, int b)
{
	return a == b ? LOCAL_DISTANCE : REMOTE_DISTANCE;
}

int cpu_to_node(int cpu)
{
	return cpu % kmem_rt.nr_nodes;
}

int numa_node_id(void)
{
	return cpu_to_node(smp_processor_id());
}
