/* SPDX-License-Identifier: GPL-2.0 */
/* mod_alloc's parameters, defined in mod_alloc_params.c */
#ifndef _KMEM_TESTS_MOD_ALLOC_H
#define _KMEM_TESTS_MOD_ALLOC_H

#include <stdbool.h>

extern int alloc_count;
extern char *alloc_name;
extern bool alloc_flag;
extern char *alloc_check;

#endif
