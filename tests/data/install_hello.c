// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel-style code built against the installed tree (tests/install_test.sh): the model boots
 * from the KMEM_* environment, an order-2 block is allocated, written through the direct map and
 * freed, and the program says which back end ran. Any failure exits nonzero.
 */
#include <stdio.h>
#include <string.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/mm.h>

int main(void)
{
	struct kmem_info info;
	unsigned long before;
	struct page *page;
	char *addr;

	if (kmem_boot(NULL))
		return 1; /* kmem_boot said why */
	kmem_get_info(&info);
	before = nr_free_pages();

	page = alloc_pages(GFP_KERNEL, 2);
	if (!page) {
		fprintf(stderr, "install_hello: alloc_pages(GFP_KERNEL, 2) failed\n");
		goto fail;
	}
	addr = page_address(page);
	memset(addr, 0x5a, PAGE_SIZE << 2);
	if (addr[(PAGE_SIZE << 2) - 1] != 0x5a || nr_free_pages() != before - 4) {
		fprintf(stderr, "install_hello: the block is not what was asked for\n");
		goto fail;
	}
	__free_pages(page, 2);
	if (nr_free_pages() != before) {
		fprintf(stderr, "install_hello: %lu free pages after the free, %lu before\n",
			nr_free_pages(), before);
		goto fail;
	}

	printf("install ok: backend %s, %lu free pages\n", info.backend, nr_free_pages());
	kmem_shutdown();
	return 0;
fail:
	kmem_shutdown();
	return 1;
}
