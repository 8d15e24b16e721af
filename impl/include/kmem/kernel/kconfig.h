/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What kbuild forces on every kernel file, for kernel code built against the model: the
 * configuration (the kernel's generated autoconf.h), the IS_ENABLED() family that tests it
 * (include/linux/kconfig.h), and the compiler annotations (include/linux/compiler_types.h).
 * `pkg-config --cflags kmem` adds `-include kmem/kernel/kconfig.h`, as kbuild adds its own,
 * so that a kernel file needs no flags of its own; the model's headers include it themselves.
 *
 * The values describe the kernel the model is: Linux 6.18 as Debian builds it for x86_64 (the
 * kernel of our machines), with SLUB, NUMA, the DMA zones, compaction and memory cgroups.
 * Where the model goes beyond one real configuration, the option is on when some run of the
 * model has the feature: CONFIG_HIGHMEM, because the x86_32 profile (KMEM_ARCH) has high
 * memory, and kernel code that kmap()s pages when CONFIG_HIGHMEM is set stays right there;
 * CONFIG_NUMA, because KMEM_NODES may give several nodes. Options the model does not have
 * (KASAN, KFENCE, PREEMPT_RT, DEBUG_VM, lockdep) are left undefined, as autoconf.h leaves an
 * option that is off.
 */
#ifndef _KMEM_KERNEL_KCONFIG_H
#define _KMEM_KERNEL_KCONFIG_H

/* ---- the configuration ---- */

#define CONFIG_MMU  1
#define CONFIG_SMP  1
#define CONFIG_NUMA 1
/* the model's CPU limit (impl/mem/numa.c); Debian's kernel has 8192 */
#define CONFIG_NR_CPUS	   1024
#define CONFIG_NODES_SHIFT 6
#if defined(__x86_64__)
#define CONFIG_X86    1
#define CONFIG_X86_64 1
#endif
#if defined(__LP64__)
#define CONFIG_64BIT 1
#endif

/* memory */
#define CONFIG_PAGE_SIZE_4KB	    1
#define CONFIG_PAGE_SHIFT	    12
#define CONFIG_ARCH_FORCE_MAX_ORDER 10
#define CONFIG_FLATMEM		    1 /* mem_map is one array: pfn_to_page() is mem_map + pfn */
#define CONFIG_ZONE_DMA		    1
#define CONFIG_ZONE_DMA32	    1
#define CONFIG_HIGHMEM		    1
#define CONFIG_MIGRATION	    1
#define CONFIG_COMPACTION	    1
#define CONFIG_TRANSPARENT_HUGEPAGE 1
#define CONFIG_MEMCG		    1
#define CONFIG_SLUB		    1
#define CONFIG_SLUB_DEBUG	    1 /* KMEM_SLAB_DEBUG turns the checks on, as slub_debug= */

/* the kernel environment (impl/kernel) */
#define CONFIG_PRINTK			1
#define CONFIG_PRINTK_TIME		1
#define CONFIG_MESSAGE_LOGLEVEL_DEFAULT 4
#define CONFIG_CONSOLE_LOGLEVEL_DEFAULT 7
#define CONFIG_BUG			1
#define CONFIG_GENERIC_BUG		1
#define CONFIG_DEBUG_BUGVERBOSE		1 /* BUG() names its file and line */
#define CONFIG_HZ			250
#define CONFIG_HZ_250			1
#define CONFIG_MODULES			1 /* `kmembench insmod` loads modules */
#define CONFIG_MODULE_UNLOAD		1
#define CONFIG_KALLSYMS			1 /* %pS names symbols (from the host's dynamic symbols) */

/* ---- IS_ENABLED() and friends, as include/linux/kconfig.h has them ---- */

/*
 * IS_BUILTIN(CONFIG_X) is 1 when CONFIG_X is defined as 1, else 0, and is usable in #if and in
 * C expressions: CONFIG_X expands to 1, pasting makes __KMEM_ARG_PLACEHOLDER_1, which expands
 * to "0," and shifts a 1 into the second argument's place; for anything else the second
 * argument is the 0 that follows.
 */
#define __KMEM_ARG_PLACEHOLDER_1		    0,
#define __kmem_take_second_arg(__ignored, val, ...) val
#define __kmem_is_defined(x)			    ___kmem_is_defined(x)
#define ___kmem_is_defined(val)			    ____kmem_is_defined(__KMEM_ARG_PLACEHOLDER_##val)
#define ____kmem_is_defined(arg1_or_junk)	    __kmem_take_second_arg(arg1_or_junk 1, 0)

#define IS_BUILTIN(option) __kmem_is_defined(option)
/* Nothing is built as a module of the kernel itself: a module is loaded by kmembench insmod */
#define IS_MODULE(option) __kmem_is_defined(option##_MODULE)
#define IS_REACHABLE(option) \
	(IS_BUILTIN(option) || (IS_MODULE(option) && __kmem_is_defined(MODULE)))
#define IS_ENABLED(option) (IS_BUILTIN(option) || IS_MODULE(option))

#include <linux/compiler_types.h>

#endif
