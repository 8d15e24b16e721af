// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel code that includes a header the model does not provide (tests/install_test.sh): the
 * build must fail with an error naming <linux/fs.h>, not compile against the host's
 * user-space /usr/include/linux/fs.h
 */
#include <linux/fs.h>
#include <linux/kernel.h>

int install_missing(void);

int install_missing(void)
{
	return 0;
}
