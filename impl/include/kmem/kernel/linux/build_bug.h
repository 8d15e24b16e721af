/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compile-time assertions (include/linux/build_bug.h). The kernel's BUILD_BUG_ON() also catches
 * conditions that only the optimizer folds, through a call the optimizer must remove; here a
 * condition that is an integer constant expression is checked by _Static_assert, whatever the
 * optimization level, and any other is left to the run time of nothing: a build at -O0 must not
 * fail where the kernel's at -O2 passes.
 */
#ifndef _KMEM_LINUX_BUILD_BUG_H
#define _KMEM_LINUX_BUILD_BUG_H

#include <linux/compiler.h>

/* 0, or a compile error when @e is non-zero (@e an integer constant expression) */
#define BUILD_BUG_ON_ZERO(e) ((int)sizeof(struct { int : (-!!(e)); }))

/* @cond when it is an integer constant expression, else 0: what _Static_assert may test */
#define __kmem_build_cond(cond) __builtin_choose_expr(__is_constexpr(cond), (cond), 0)

#define BUILD_BUG_ON_MSG(cond, msg)                            \
	do {                                                   \
		_Static_assert(!__kmem_build_cond(cond), msg); \
	} while (0)
#define BUILD_BUG_ON(condition)		   BUILD_BUG_ON_MSG(condition, "BUILD_BUG_ON failed: " #condition)
#define BUILD_BUG_ON_NOT_POWER_OF_2(n)	   BUILD_BUG_ON((n) == 0 || (((n) & ((n)-1)) != 0))
#define BUILD_BUG_ON_INVALID(e)		   ((void)(sizeof((long)(e))))
#define BUILD_BUG()			   BUILD_BUG_ON_MSG(1, "BUILD_BUG failed")
#define compiletime_assert(condition, msg) BUILD_BUG_ON_MSG(!(condition), msg)

/*
 * static_assert(expr) and static_assert(expr, msg): the kernel's takes an optional message;
 * the C library's <assert.h> defines the two-argument one, which this replaces
 */
#undef static_assert
#define static_assert(expr, ...) __static_assert(expr, ##__VA_ARGS__, #expr)
#define __static_assert(expr, msg, ...) _Static_assert(expr, msg)

#endif
