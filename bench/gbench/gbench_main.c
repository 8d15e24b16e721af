// SPDX-License-Identifier: GPL-2.0
/* kmembench-gbench: every benchmark file's benchmarks, run by Google Benchmark's own flags. */
#include <stdio.h>

#include <kmem/kmem.h>

#include "benches.h"
#include "gbench_shim.h"

bool bench_boot(gbench_state *s, const struct kmem_config *cfg)
{
	struct kmem_info info;
	char label[64];

	if (kmem_boot(cfg)) {
		gbench_skip_with_error(s, "kmem_boot failed (see stderr)");
		return false;
	}
	if (kmem_thread_enter(0)) {
		gbench_skip_with_error(s, "kmem_thread_enter(0) failed");
		kmem_shutdown();
		return false;
	}
	kmem_get_info(&info);
	snprintf(label, sizeof(label), "direct map %s", info.direct_map_kind);
	gbench_set_label(s, label);
	return true;
}

int main(int argc, char **argv)
{
	page_bench_register();
	slab_bench_register();
	vm_bench_register();
	contention_bench_register();
	latency_bench_register();
	return gbench_main(&argc, argv);
}
