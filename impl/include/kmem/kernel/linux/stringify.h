/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KMEM_LINUX_STRINGIFY_H
#define _KMEM_LINUX_STRINGIFY_H

/* the text of @x after macro expansion (__stringify(PAGE_SHIFT) is "12") */
#define __stringify_1(x...) #x
#define __stringify(x...)   __stringify_1(x)

#define FILE_LINE __FILE__ ":" __stringify(__LINE__)

#endif
