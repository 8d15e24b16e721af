// SPDX-License-Identifier: GPL-2.0
/* A module that leaks: a page and a kmalloc object allocated in init, never freed */
#include <errno.h>

#include <linux/gfp.h>
#include <linux/module.h>
#include <linux/slab.h>

static struct page *page;
static void *obj;

static int mod_leak_init(void)
{
	page = alloc_page(GFP_KERNEL);
	obj = kmalloc(100, GFP_KERNEL);
	return page && obj ? 0 : -ENOMEM;
}

static void mod_leak_exit(void)
{
}

module_init(mod_leak_init);
module_exit(mod_leak_exit);
MODULE_LICENSE("GPL");
