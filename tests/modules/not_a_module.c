// SPDX-License-Identifier: GPL-2.0
/* A shared object that is no module: it never includes <linux/module.h> */
int not_a_module(void);

int not_a_module(void)
{
	return 0;
}
