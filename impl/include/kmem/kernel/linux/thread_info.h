/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel stacks' size and alignment (include/linux/thread_info.h, arch/x86's page_64_types.h):
 * 16 KiB on x86_64 without KASAN. The model's tasks run on host threads' stacks; these are the
 * sizes kernel code computes with (lib/test_vmalloc.c aligns vmalloc areas to THREAD_ALIGN).
 */
#ifndef _KMEM_LINUX_THREAD_INFO_H
#define _KMEM_LINUX_THREAD_INFO_H

#include <kmem/kernel/kconfig.h>

#define THREAD_SIZE_ORDER 2
#define THREAD_SIZE	  (1UL << (CONFIG_PAGE_SHIFT + THREAD_SIZE_ORDER))
#define THREAD_ALIGN	  THREAD_SIZE

#endif
