// SPDX-License-Identifier: GPL-2.0
/* mod_alloc's parameters, in a file of their own: a module of several files */
#include <linux/module.h>

#include "mod_alloc.h"

int alloc_count = 1;
module_param_named(count, alloc_count, int, 0444);
MODULE_PARM_DESC(count, "how many of each allocation (1 to 64)");

char *alloc_name = "kmem";
module_param_named(name, alloc_name, charp, 0444);
MODULE_PARM_DESC(name, "the string copied into each kmalloc object");

bool alloc_flag;
module_param_named(flag, alloc_flag, bool, 0444);
MODULE_PARM_DESC(flag, "vzalloc instead of vmalloc");

char *alloc_check;
module_param_named(check, alloc_check, charp, 0);
MODULE_PARM_DESC(check, "what \"count,name,flag\" must be, or init fails with -EINVAL");

MODULE_AUTHOR("kmembench");
