/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KMEM_LINUX_ONCE_LITE_H
#define _KMEM_LINUX_ONCE_LITE_H

#include <linux/compiler.h>

/*
 * Calls @func once per call site, the first time @condition holds, and returns @condition.
 * The kernel's flag is a plain bool (a benign race: two CPUs may both call); here an atomic
 * exchange, so exactly one caller does and the race detector has nothing to say.
 */
#define DO_ONCE_LITE_IF(condition, func, ...)                                      \
	({                                                                         \
		static bool __already_done;                                        \
		bool __ret_do_once = !!(condition);                                \
                                                                                   \
		if (unlikely(__ret_do_once) &&                                     \
		    !__atomic_exchange_n(&__already_done, true, __ATOMIC_RELAXED)) \
			func(__VA_ARGS__);                                         \
		unlikely(__ret_do_once);                                           \
	})
#define DO_ONCE_LITE(func, ...) DO_ONCE_LITE_IF(true, func, ##__VA_ARGS__)

#endif
