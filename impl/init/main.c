// SPDX-License-Identifier: GPL-2.0
/*
 * Boot and shutdown of the model, above mm as the kernel's init/main.c is: the configuration
 * checked (impl/mem/config.c), then the layers brought up in order (page states, memory groups,
 * RAM and mem_map, NUMA, zones with their back ends and per-CPU lists, the per-CPU allocator,
 * slab, vmalloc, highmem, kcompactd, reclaim) and down in the reverse order. A failure at any
 * step undoes the steps before it and leaves nothing behind.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "init.h"
#include "internal.h"

static bool booted;

/*
 * The host refused memory for the model's own bookkeeping (@bytes of it, 0 if unknown); the
 * large mappings (RAM, mem_map, vmalloc) report their own failures
 */
static void boot_no_memory(const char *what, unsigned long long bytes, int err)
{
	char size[48] = "";

	if (bytes)
		snprintf(size, sizeof(size), " (%llu KiB)", bytes >> 10);
	fprintf(stderr, "kmem: cannot allocate %s%s: %s%s\n", what, size, strerror(-err),
		as_limit_note());
}

int kmem_boot(const struct kmem_config *cfg)
{
	struct kmem_config env;
	unsigned long long direct;
	int err;

	if (booted) {
		fprintf(stderr, "kmem: already booted: call kmem_shutdown() first\n");
		return -EBUSY;
	}
	if (!cfg) {
		err = kmem_config_from_env(&env);
		if (err)
			return err;
		cfg = &env;
	}
	err = runtime_from_config(cfg);
	if (err)
		return err;
	err = kernel_env_boot();
	if (err)
		return err;

	direct = kmem_rt.arch->direct_map_end < kmem_rt.mem_bytes ? kmem_rt.arch->direct_map_end
								  : kmem_rt.mem_bytes;
	err = checks_init(kmem_rt.mem_bytes / PAGE_SIZE);
	if (err) {
		boot_no_memory("the page states", kmem_rt.mem_bytes / PAGE_SIZE, err);
		goto fail;
	}
	err = memcg_init(kmem_rt.mem_bytes / PAGE_SIZE);
	if (err) {
		boot_no_memory("the memory groups' page owners", kmem_rt.mem_bytes / PAGE_SIZE,
			       err);
		goto fail_checks;
	}
	err = physmem_init(kmem_rt.mem_bytes, direct);
	if (err)
		goto fail_memcg;
	err = numa_init(kmem_rt.nr_nodes);
	if (err)
		goto fail_physmem;
	err = zones_init();
	if (err) {
		boot_no_memory("the nodes, zones and per-CPU lists", 0, err);
		goto fail_numa;
	}
	numa_bind_memory();
	/* before any thread that allocates: kcompactd, kswapd */
	err = snapshot_apply(cfg->snapshot);
	if (err)
		goto fail_zones;
	err = compaction_init();
	if (err) {
		boot_no_memory("compaction's skip hints and movable marks", 0, err);
		goto fail_zones;
	}
	err = percpu_init();
	if (err)
		goto fail_compaction;
	err = slab_init();
	if (err)
		goto fail_percpu;
	err = vmalloc_init();
	if (err)
		goto fail_slab;
	err = highmem_init();
	if (err)
		goto fail_vmalloc;
	/* before kswapd, which wakes it */
	err = kcompactd_run();
	if (err)
		goto fail_highmem;
	err = vmscan_init();
	if (err)
		goto fail_kcompactd;
	__atomic_fetch_add(&kmem_boot_seq, 1, __ATOMIC_RELAXED);
	booted = true;
	return 0;

fail_kcompactd:
	kcompactd_stop();
fail_highmem:
	highmem_exit();
fail_vmalloc:
	vmalloc_exit();
fail_slab:
	slab_exit();
fail_percpu:
	percpu_exit();
fail_compaction:
	compaction_exit();
fail_zones:
	snapshot_exit();
	zones_exit();
fail_numa:
	numa_exit();
fail_physmem:
	physmem_exit();
fail_memcg:
	memcg_exit();
fail_checks:
	checks_exit();
fail:
	return err;
}

void kmem_shutdown(void)
{
	if (!booted)
		return;
	vmscan_exit();
	kcompactd_stop();
	highmem_exit();
	vmalloc_exit();
	slab_exit();
	percpu_exit();
	compaction_exit();
	snapshot_exit();
	zones_exit();
	numa_exit();
	physmem_exit();
	memcg_exit();
	checks_exit();
	booted = false;
}

bool kmem_booted(void)
{
	return booted;
}
