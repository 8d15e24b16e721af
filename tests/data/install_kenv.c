// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel code of the generic environment built against the installed tree
 * (tests/install_test.sh): a CONFIG_ option tested before any include (kbuild's forced
 * kconfig, which pkg-config's -include brings), pr_fmt defined before the includes, printk,
 * error pointers and the math helpers. It prints "install_kenv: printk ok" through pr_info()
 * and exits 0; any failure exits nonzero.
 */
#if !defined(CONFIG_SLUB) || !IS_ENABLED(CONFIG_MMU)
#error "kconfig.h was not forced in by pkg-config's flags"
#endif

#define pr_fmt(fmt) "install_kenv: " fmt

#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/printk.h>

#include <kmem/kmem.h>

static void *lookup(int key)
{
	return key ? ERR_PTR(-ENOENT) : NULL;
}

int main(void)
{
	void *p = lookup(1);

	if (kmem_boot(NULL))
		return 1;
	if (!IS_ERR(p) || PTR_ERR(p) != -ENOENT || DIV_ROUND_UP(5, 2) != 3 || min(3, 4) != 3) {
		pr_err("error pointers or math helpers are wrong\n");
		kmem_shutdown();
		return 1;
	}
	pr_info("printk ok\n");
	kmem_shutdown();
	return 0;
}
