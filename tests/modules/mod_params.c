// SPDX-License-Identifier: GPL-2.0
/*
 * A module with a parameter of every type module_param() knows, arrays and a string buffer
 * among them: a test sets them and reads them back as sysfs would show them
 * (kmem_module_param()). Its init and exit do nothing. Written as lib/test_vmalloc.c writes
 * some: a macro that hands a type ("bool") on to module_param(), and module_init() and
 * module_exit() without a ';' after them.
 */
#include <linux/module.h>

static unsigned char p_byte;
module_param(p_byte, byte, 0444);
static short p_short;
module_param(p_short, short, 0444);
static unsigned short p_ushort;
module_param(p_ushort, ushort, 0444);
static int p_int = -1;
module_param(p_int, int, 0644);
MODULE_PARM_DESC(p_int, "an int");
static unsigned int p_uint;
module_param(p_uint, uint, 0444);
static long p_long;
module_param(p_long, long, 0444);
static unsigned long p_ulong;
module_param(p_ulong, ulong, 0444);
static unsigned long long p_ullong;
module_param(p_ullong, ullong, 0444);
static unsigned int p_hexint;
module_param(p_hexint, hexint, 0444);
static char *p_charp = "initial";
module_param(p_charp, charp, 0444);
static bool p_bool;
module_param(p_bool, bool, 0444);
static bool p_invbool;
module_param(p_invbool, invbool, 0444);
static int p_bint;
module_param(p_bint, bint, 0444);
static bool p_once;
module_param(p_once, bool_enable_only, 0644);
static char p_string[8] = "str";
module_param_string(p_string, p_string, sizeof(p_string), 0444);
static int p_ints[4];
static unsigned int p_nints;
module_param_array(p_ints, int, &p_nints, 0444);
static char *p_names[3];
module_param_array(p_names, charp, NULL, 0444);
static int p_danger;
module_param_unsafe(p_danger, int, 0);
static int p_renamed;
module_param_named(renamed_param, p_renamed, int, 0444);

#define __param(type, name, init, msg)  \
	static type name = init;        \
	module_param(name, type, 0444); \
	MODULE_PARM_DESC(name, msg)

__param(bool, p_macro_bool, true, "a bool declared through a macro");

static int mod_params_init(void)
{
	return 0;
}

static void mod_params_exit(void)
{
}

/* without ';', which clang-format cannot read as declarations: left alone to the end */
/* clang-format off */
module_init(mod_params_init)
module_exit(mod_params_exit)

MODULE_LICENSE("Dual MIT/GPL");
MODULE_AUTHOR("kmembench");
MODULE_DESCRIPTION("a parameter of every type");
MODULE_ALIAS("kmem-params");
MODULE_SOFTDEP("pre: mod_alloc");
MODULE_VERSION("1.0");
