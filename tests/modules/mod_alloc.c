// SPDX-License-Identifier: GPL-2.0
/*
 * A module that allocates as kernel code does, pages, kmalloc objects and vmalloc areas, in its
 * init and frees them in its exit: nothing leaks when both run. Two files, as many modules are:
 * its parameters live in mod_alloc_params.c.
 *
 * With check= given, init first compares "count,name,flag" (flag as Y or N) with it and fails
 * with -EINVAL when they differ: a test says what the arguments it passed must have set.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "mod_alloc.h"

#define MAX_COUNT 64

static struct page *pages[MAX_COUNT];
static char *objs[MAX_COUNT];
static void *areas[MAX_COUNT];

static void free_all(void)
{
	for (int i = 0; i < MAX_COUNT; i++) {
		if (pages[i])
			__free_pages(pages[i], i % 4);
		kfree(objs[i]);
		vfree(areas[i]);
		pages[i] = NULL;
		objs[i] = NULL;
		areas[i] = NULL;
	}
}

static int mod_alloc_init(void)
{
	char seen[256];

	if (alloc_check) {
		snprintf(seen, sizeof(seen), "%d,%s,%c", alloc_count, alloc_name,
			 alloc_flag ? 'Y' : 'N');
		if (strcmp(seen, alloc_check))
			return -EINVAL;
	}
	if (alloc_count < 1 || alloc_count > MAX_COUNT)
		return -EINVAL;
	for (int i = 0; i < alloc_count; i++) {
		size_t size = strlen(alloc_name) + 1 + (size_t)(i * 24);

		pages[i] = alloc_pages(GFP_KERNEL, i % 4);
		objs[i] = kmalloc(size, GFP_KERNEL);
		areas[i] = alloc_flag ? vzalloc((size_t)(i + 1) * PAGE_SIZE)
				      : vmalloc((size_t)(i + 1) * PAGE_SIZE);
		if (!pages[i] || !objs[i] || !areas[i]) {
			free_all();
			return -ENOMEM;
		}
		memset(page_address(pages[i]), 0x5a, PAGE_SIZE << (i % 4));
		strcpy(objs[i], alloc_name);
		memset(areas[i], i, (size_t)(i + 1) * PAGE_SIZE);
	}
	return 0;
}

static void mod_alloc_exit(void)
{
	free_all();
}

module_init(mod_alloc_init);
module_exit(mod_alloc_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("allocates pages, kmalloc objects and vmalloc areas, and frees them");
