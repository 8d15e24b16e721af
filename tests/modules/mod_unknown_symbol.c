// SPDX-License-Identifier: GPL-2.0
/* A module calling a function the model does not have: the load fails with "Unknown symbol" */
#include <linux/module.h>

void kmem_no_such_function(void);

static int mod_unknown_symbol_init(void)
{
	kmem_no_such_function();
	return 0;
}

module_init(mod_unknown_symbol_init);
MODULE_LICENSE("GPL");
