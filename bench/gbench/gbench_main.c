// SPDX-License-Identifier: GPL-2.0
/* kmembench-gbench: every benchmark file's benchmarks, run by Google Benchmark's own flags. */
#include <stdio.h>

#include <kmem/kmem.h>

#include "workloads/runner.h"
#include "benches.h"
#include "gbench_shim.h"

bool bench_boot(gbench_state *s, const struct kmem_config *cfg)
{
	struct kmem_info info;
	char label[64];

	if (runner_boot(cfg, &info)) {
		gbench_skip_with_error(s, "the model did not boot (see stderr)");
		return false;
	}
	snprintf(label, sizeof(label), "direct map %s", info.direct_map_kind);
	gbench_set_label(s, label);
	return true;
}

void bench_shutdown(gbench_state *s)
{
	if (runner_shutdown("kmembench-gbench"))
		gbench_skip_with_error(s, "a page leaked or a bad page was reported (see stderr)");
}

int main(int argc, char **argv)
{
	page_bench_register();
	slab_bench_register();
	vm_bench_register();
	contention_bench_register();
	latency_bench_register();
	workload_bench_register();
	return gbench_main(&argc, argv);
}
