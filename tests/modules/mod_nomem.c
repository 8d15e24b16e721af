// SPDX-License-Identifier: GPL-2.0
/*
 * A module whose init fails as one that ran out of memory does: -ENOMEM, after giving back what
 * it took. Its exit must never run.
 */
#include <errno.h>

#include <linux/module.h>
#include <linux/slab.h>

static int mod_nomem_init(void)
{
	void *obj = kmalloc(4096, GFP_KERNEL);

	kfree(obj);
	return -ENOMEM;
}

static void *never;

static void mod_nomem_exit(void)
{
	/* a leak the report would show, were exit run after a failed init */
	never = kmalloc(8, GFP_KERNEL);
}

module_init(mod_nomem_init);
module_exit(mod_nomem_exit);
MODULE_LICENSE("GPL");
