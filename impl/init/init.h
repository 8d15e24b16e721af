/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The subsystems above the page allocator that boot brings up, in the order main.c calls them,
 * as the kernel's init/main.c calls kmem_cache_init() and vmalloc_init() after mm_core_init().
 * mm knows none of them; each is brought down in the reverse order.
 */
#ifndef _KMEM_INIT_INIT_H
#define _KMEM_INIT_INIT_H

/* impl/slab: the slab layer and the kmalloc caches */
int slab_init(void);
void slab_exit(void);

/* impl/vm: vmalloc's address range, the highmem pkmap and fixmap windows */
int vmalloc_init(void);
void vmalloc_exit(void);
int highmem_init(void);
void highmem_exit(void);

/*
 * impl/kernel: the generic kernel environment's per-boot state (printk's clock, jiffies, the
 * WARN count, the random seed), first of all; -EINVAL for a bad KMEM_SEED
 */
int kernel_env_boot(void);

#endif
