// SPDX-License-Identifier: GPL-2.0
/*
 * The generic kernel environment's part of a boot (impl/init/main.c calls it first): the
 * clock printk and jiffies count from starts again, the WARN count is cleared, and the random
 * generators are seeded, as a freshly booted kernel has them.
 */
#include "init.h"
#include "kenv.h"

int kernel_env_boot(void)
{
	int err = kenv_random_boot();

	if (err)
		return err;
	kenv_clock_reset();
	kenv_warn_reset();
	return 0;
}
