/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Section annotations (include/linux/init.h). The kernel frees __init code and data once boot
 * (or a module's init) is over, and drops __exit code from built-in drivers; the model keeps
 * everything, so they mark nothing. module_init()/module_exit() are <linux/module.h>'s.
 */
#ifndef _KMEM_LINUX_INIT_H
#define _KMEM_LINUX_INIT_H

#include <linux/compiler.h>

#define __init
#define __exit
#define __initdata
#define __exitdata
#define __initconst
#define __exit_call
#define __init_or_module
#define __initdata_or_module
#define __ref
#define __refdata
#define __refconst
#define __meminit
#define __meminitdata
#define __meminitconst
#define __memexit
#define __head
#define __exitused
#define __cpuinit
#define __cpuinitdata
#define __devinit
#define __devinitdata
#define __devexit
#define __nosavedata

#endif
