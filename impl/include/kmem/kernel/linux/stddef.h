/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/stddef.h>: the uapi header first (struct groups, flexible arrays), which the C library
 * also reaches through its own headers, then the kernel's additions. The kernel's enum of false
 * and true is left out: <stdbool.h> (linux/types.h) defines them as macros.
 */
#ifndef _KMEM_LINUX_STDDEF_H
#define _KMEM_LINUX_STDDEF_H

#include_next <linux/stddef.h>
#include <stddef.h>

#include <linux/compiler_types.h>

/* the size of @MEMBER of struct @TYPE */
#define sizeof_field(TYPE, MEMBER) sizeof((((TYPE *)0)->MEMBER))
/* the offset of the byte after @MEMBER */
#define offsetofend(TYPE, MEMBER) (offsetof(TYPE, MEMBER) + sizeof_field(TYPE, MEMBER))

/* members that can also be reached as one named struct (memcpy of a group of fields) */
#define struct_group(NAME, MEMBERS...) __struct_group(/* no tag */, NAME, /* no attrs */, MEMBERS)
#define struct_group_attr(NAME, ATTRS, MEMBERS...) \
	__struct_group(/* no tag */, NAME, ATTRS, MEMBERS)
#define struct_group_tagged(TAG, NAME, MEMBERS...) \
	__struct_group(TAG, NAME, /* no attrs */, MEMBERS)
#define DECLARE_FLEX_ARRAY(TYPE, NAME) __DECLARE_FLEX_ARRAY(TYPE, NAME)

#endif
