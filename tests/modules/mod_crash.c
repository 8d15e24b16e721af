// SPDX-License-Identifier: GPL-2.0
/*
 * A module that crashes, as how= says: "null" (the default) stores through the pointer addr=
 * (0: a NULL dereference), "fpe" divides by zero, "stack" recurses until the stack overflows;
 * in init, or in exit with in_exit=1.
 */
#include <linux/module.h>

static char *how = "null";
module_param(how, charp, 0);
static unsigned long addr;
module_param(addr, ulong, 0);
static bool in_exit;
module_param(in_exit, bool, 0);
static int divisor;
module_param(divisor, int, 0);

/*
 * Deeper than any stack: the bound only keeps the compiler from calling it endless. Not inlined,
 * so that the oops names it whatever the compiler.
 */
static noinline int recurse(volatile char *up, unsigned long depth)
{
	volatile char frame[256];

	if (!depth)
		return 0;
	frame[0] = up ? up[0] + 1 : 0;
	return recurse(frame, depth - 1) + frame[1];
}

static noinline int crash(void)
{
	switch (how[0]) {
	case 'f':
		return 1000 / *(volatile int *)&divisor;
	case 's':
		return recurse(NULL, ~0UL);
	default:
		*(volatile int *)addr = 1;
		return 0;
	}
}

static int mod_crash_init(void)
{
	return in_exit ? 0 : crash();
}

static void mod_crash_exit(void)
{
	if (in_exit)
		crash();
}

module_init(mod_crash_init);
module_exit(mod_crash_exit);
MODULE_LICENSE("GPL");
