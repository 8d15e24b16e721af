// SPDX-License-Identifier: GPL-2.0
/* A module without module_init(): the kernel loads it, kmembench insmod has nothing to run */
#include <linux/module.h>

static void mod_noinit_exit(void)
{
}

module_exit(mod_noinit_exit);
MODULE_LICENSE("GPL");
