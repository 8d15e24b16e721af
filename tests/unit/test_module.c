// SPDX-License-Identifier: GPL-2.0
/*
 * The module loader (<kmem/kmem.h> kmem_module_*) on the modules of tests/modules/, as
 * kmem_add_module() builds them: parameters of every type parsed as 6.18's kernel/params.c
 * parses them (and refused with its messages and errors), arguments naming no parameter
 * ignored as 6.18 ignores them, init and exit as do_init_module() and delete_module() run them,
 * files that are no module refused in one line, and crashes in init or exit (a NULL
 * dereference, a division by zero, a stack overflow) caught and reported with the module left
 * as an oops leaves it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "harness.h"

#define MODULE_PATH(name) KMEM_TEST_MODULES "/" name ".so"

/* kmem_module_load() of @path with the NULL-terminated arguments, stderr captured */
static int load(const char *path, struct kmem_module **mod, const char **err_text, ...)
{
	char *argv[32];
	int argc = 0, err;
	va_list ap;

	va_start(ap, err_text);
	while (argc < 32 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	harness_capture_begin();
	err = kmem_module_load(path, argc, argv, mod);
	*err_text = harness_capture_end();
	return err;
}

/* The value of @mod's parameter @name, as sysfs would show it */
static const char *param(const struct kmem_module *mod, const char *name)
{
	static char value[4096];
	const char *pname;

	for (unsigned int i = 0; kmem_module_param(mod, i, &pname, value, sizeof(value)) != -ENOENT;
	     i++)
		if (!strcmp(pname, name))
			return value;
	FAIL("no parameter %s", name);
}

/* The model's free pages once what it keeps aside (per-CPU lists, empty slabs) is given back */
static unsigned long free_pages_now(void)
{
	drain_all_pages(NULL);
	kmem_slab_shrink_all();
	return nr_free_pages();
}

/* A copy of mod_crash at a path of its own: a crashed module stays loaded, the others are free */
static const char *crash_module_copy(const char *tag)
{
	static char path[256];
	char cmd[600];

	snprintf(path, sizeof(path), "/tmp/kmem-test-module-%d-%s.so", (int)getpid(), tag);
	snprintf(cmd, sizeof(cmd), "cp %s %s", MODULE_PATH("mod_crash"), path);
	if (system(cmd))
		FAIL("cannot copy mod_crash.so to %s", path);
	return path;
}

/*
 *   insmod mod_alloc.so count=3 name=hello flag check=3,hello,Y; rmmod mod_alloc
 * The module of two files loads with every parameter set, its init checks them (-EINVAL else)
 * and allocates, its exit frees: every page comes back.
 */
TEST(alloc_module_runs_and_frees)
{
	struct kmem_module_info info;
	struct kmem_module_call call;
	struct kmem_module *mod;
	unsigned long before = free_pages_now();
	const char *text;

	ASSERT_EQ(load(MODULE_PATH("mod_alloc"), &mod, &text, "count=3", "name=hello", "flag",
		       "check=3,hello,Y", NULL),
		  0);
	ASSERT_STREQ(text, "");
	kmem_module_get_info(mod, &info);
	ASSERT_STREQ(info.name, "mod_alloc");
	ASSERT_STREQ(info.license, "GPL");
	ASSERT_STREQ(info.description,
		     "allocates pages, kmalloc objects and vmalloc areas, and frees them");
	ASSERT_TRUE(info.has_init);
	ASSERT_TRUE(info.has_exit);
	ASSERT_EQ(info.nr_params, 4);
	ASSERT_EQ(info.unknown_params, 0);
	ASSERT_STREQ(param(mod, "count"), "3");
	ASSERT_STREQ(param(mod, "name"), "hello");
	ASSERT_STREQ(param(mod, "flag"), "Y");

	ASSERT_EQ(kmem_module_init(mod, &call), 0);
	ASSERT_EQ(call.ret, 0);
	ASSERT_LT(free_pages_now(), before);
	ASSERT_EQ(kmem_module_init(mod, &call), -EBUSY);
	ASSERT_EQ(kmem_module_exit(mod, &call), 0);
	ASSERT_EQ(call.signo, 0);
	ASSERT_EQ(kmem_module_exit(mod, &call), -EBUSY);
	kmem_module_unload(mod);
	ASSERT_EQ(free_pages_now(), before);
}

/* The check= of mod_alloc: init sees what the arguments set, or fails with -EINVAL */
TEST(alloc_module_sees_its_arguments)
{
	struct kmem_module_call call;
	struct kmem_module *mod;
	const char *text;

	/*
	 * quotes hold a space (the arguments are joined with spaces, as insmod joins them); a
	 * later value wins
	 */
	ASSERT_EQ(load(MODULE_PATH("mod_alloc"), &mod, &text, "count=1", "count=2", "name=\"a b\"",
		       "flag=off", "check=\"2,a b,N\"", NULL),
		  0);
	ASSERT_EQ(kmem_module_init(mod, &call), 0);
	ASSERT_EQ(call.ret, 0);
	ASSERT_EQ(kmem_module_exit(mod, &call), 0);
	kmem_module_unload(mod);

	ASSERT_EQ(load(MODULE_PATH("mod_alloc"), &mod, &text, "count=2", "check=3,kmem,N", NULL),
		  0);
	ASSERT_EQ(kmem_module_init(mod, &call), 0);
	ASSERT_EQ(call.ret, -EINVAL);
	/* init failed: the module is on its way out and cannot be removed again */
	ASSERT_EQ(kmem_module_exit(mod, &call), -EBUSY);
	kmem_module_unload(mod);
}

/* Every type, set and read back as /sys/module/mod_params/parameters/ would show it */
TEST(parameters_of_every_type)
{
	struct kmem_module_info info;
	struct kmem_module *mod;
	const char *text;

	ASSERT_EQ(load(MODULE_PATH("mod_params"), &mod, &text, NULL), 0);
	ASSERT_STREQ(param(mod, "p_int"), "-1");
	ASSERT_STREQ(param(mod, "p_charp"), "initial");
	ASSERT_STREQ(param(mod, "p_string"), "str");
	ASSERT_STREQ(param(mod, "p_bool"), "N");
	ASSERT_STREQ(param(mod, "p_invbool"), "Y");
	ASSERT_STREQ(param(mod, "p_names"), "(null),(null),(null)");
	kmem_module_get_info(mod, &info);
	ASSERT_EQ(info.nr_params, 20);
	ASSERT_STREQ(param(mod, "p_macro_bool"), "Y");
	ASSERT_STREQ(info.license, "Dual MIT/GPL");
	kmem_module_unload(mod);

	ASSERT_EQ(load(MODULE_PATH("mod_params"), &mod, &text, "p_byte=255", "p_short=-32768",
		       "p_ushort=0xFFFF", "p_int=010", "p_uint=+7", "p_long=-9223372036854775808",
		       "p_ulong=0x10", "p_ullong=18446744073709551615", "p_hexint=255",
		       "p_charp=\"a  b\"", "p_bool", "p_invbool=n", "p_bint=on", "p_once=1",
		       "p_string=abc", "p_ints=1,-2,3", "p_names=x,y", "p_danger=1",
		       "renamed-param=5", "p_macro_bool=n", NULL),
		  0);
	ASSERT_STREQ(text, "Setting dangerous option p_danger - tainting kernel\n");
	ASSERT_STREQ(param(mod, "p_byte"), "255");
	ASSERT_STREQ(param(mod, "p_short"), "-32768");
	ASSERT_STREQ(param(mod, "p_ushort"), "65535");
	ASSERT_STREQ(param(mod, "p_int"), "8");
	ASSERT_STREQ(param(mod, "p_uint"), "7");
	ASSERT_STREQ(param(mod, "p_long"), "-9223372036854775808");
	ASSERT_STREQ(param(mod, "p_ulong"), "16");
	ASSERT_STREQ(param(mod, "p_ullong"), "18446744073709551615");
	ASSERT_STREQ(param(mod, "p_hexint"), "0x0000ff");
	ASSERT_STREQ(param(mod, "p_charp"), "a  b");
	ASSERT_STREQ(param(mod, "p_bool"), "Y");
	/* shown as given: the variable holds the opposite */
	ASSERT_STREQ(param(mod, "p_invbool"), "N");
	ASSERT_STREQ(param(mod, "p_bint"), "1");
	ASSERT_STREQ(param(mod, "p_once"), "Y");
	ASSERT_STREQ(param(mod, "p_string"), "abc");
	ASSERT_STREQ(param(mod, "p_ints"), "1,-2,3");
	ASSERT_STREQ(param(mod, "p_names"), "x,y,(null)");
	ASSERT_STREQ(param(mod, "p_danger"), "1");
	ASSERT_STREQ(param(mod, "renamed_param"), "5");
	ASSERT_STREQ(param(mod, "p_macro_bool"), "N");
	kmem_module_unload(mod);
}

/*
 * kstrtobool()'s words as 6.18 has them: the first letter decides (t/f since 5.19, e/d since
 * 6.2), "o" needs its second
 */
TEST(bool_words)
{
	static const char *const yes[] = { "y", "Y",	  "1",	"t",  "T",  "true",
					   "e", "enable", "on", "ON", "yes" };
	static const char *const no[] = { "n", "N",	  "0",	 "f",	"false",
					  "d", "disable", "off", "OFF", "no" };
	struct kmem_module *mod;
	char arg[64];
	const char *text;

	for (size_t i = 0; i < ARRAY_SIZE(yes) + ARRAY_SIZE(no); i++) {
		bool want = i < ARRAY_SIZE(yes);

		snprintf(arg, sizeof(arg), "p_bool=%s", want ? yes[i] : no[i - ARRAY_SIZE(yes)]);
		ASSERT_EQ(load(MODULE_PATH("mod_params"), &mod, &text, arg, NULL), 0);
		if (strcmp(param(mod, "p_bool"), want ? "Y" : "N"))
			FAIL("%s: p_bool is %s", arg, param(mod, "p_bool"));
		kmem_module_unload(mod);
	}
	ASSERT_EQ(load(MODULE_PATH("mod_params"), &mod, &text, "p_bool=o", NULL), -EINVAL);
	ASSERT_NULL(mod);
	ASSERT_STREQ(text, "mod_params: `o' invalid for parameter `p_bool'\n");
}

/* Values the kernel refuses, with its errors and messages; the load fails and leaves nothing */
TEST(parameter_refusals)
{
	static const struct {
		const char *arg;
		int err;
		const char *text;
	} cases[] = {
		{ "p_byte=256", -ERANGE, "`256' invalid for parameter `p_byte'" },
		{ "p_int=2147483648", -ERANGE, "`2147483648' invalid for parameter `p_int'" },
		{ "p_int=-2147483649", -ERANGE, "invalid for parameter `p_int'" },
		{ "p_ullong=18446744073709551616", -ERANGE, "invalid for parameter `p_ullong'" },
		{ "p_int=abc", -EINVAL, "`abc' invalid for parameter `p_int'" },
		{ "p_int=12abc", -EINVAL, "invalid for parameter `p_int'" },
		{ "p_int=08", -EINVAL, "`08' invalid for parameter `p_int'" },
		{ "p_int=", -EINVAL, "`' invalid for parameter `p_int'" },
		{ "p_int", -EINVAL, "`' invalid for parameter `p_int'" },
		{ "p_uint=-1", -EINVAL, "`-1' invalid for parameter `p_uint'" },
		{ "p_bool=maybe", -EINVAL, "`maybe' invalid for parameter `p_bool'" },
		{ "p_invbool", -EINVAL, "`' invalid for parameter `p_invbool'" },
		{ "p_string=12345678", -ENOSPC, "p_string: string doesn't fit in 7 chars." },
		{ "p_ints=1,2,3,4,5", -EINVAL, "p_ints: can only take 4 arguments" },
		/* the array's commas are NULs by then, in the kernel too */
		{ "p_ints=1,x", -EINVAL, "`1' invalid for parameter `p_ints'" },
	};
	struct kmem_module *mod;
	const char *text;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int err = load(MODULE_PATH("mod_params"), &mod, &text, cases[i].arg, NULL);

		if (err != cases[i].err || !strstr(text, cases[i].text))
			FAIL("%s: %d, \"%s\"; want %d, \"%s\"", cases[i].arg, err, text,
			     cases[i].err, cases[i].text);
		ASSERT_NULL(mod);
	}
	/* not a string of 1025: the longest charp is 1024 */
	{
		char arg[1100] = "p_charp=";

		memset(arg + 8, 'x', 1025);
		ASSERT_EQ(load(MODULE_PATH("mod_params"), &mod, &text, arg, NULL), -ENOSPC);
		ASSERT_CONTAINS(text, "p_charp: string parameter too long");
		arg[8 + 1024] = '\0';
		ASSERT_EQ(load(MODULE_PATH("mod_params"), &mod, &text, arg, NULL), 0);
		ASSERT_EQ(strlen(param(mod, "p_charp")), 1024);
		kmem_module_unload(mod);
	}
	/* once set, bool_enable_only stays set */
	ASSERT_EQ(load(MODULE_PATH("mod_params"), &mod, &text, "p_once=1", "p_once=0", NULL),
		  -EROFS);
	/* each refusal is said; the last is returned */
	ASSERT_EQ(load(MODULE_PATH("mod_params"), &mod, &text, "p_int=x", "p_byte=999", "p_int=1",
		       NULL),
		  -ERANGE);
	ASSERT_STREQ(text, "mod_params: `x' invalid for parameter `p_int'\n"
			   "mod_params: `999' invalid for parameter `p_byte'\n");
}

/*
 * 6.18's unknown_module_param_cb(): an argument naming no parameter is warned about and
 * ignored (3.x and later; it failed the load with -ENOENT before), dyndbg and async_probe are
 * every module's, and what follows "--" is left alone
 */
TEST(unknown_arguments_are_ignored)
{
	struct kmem_module_info info;
	struct kmem_module *mod;
	const char *text;

	ASSERT_EQ(load(MODULE_PATH("mod_params"), &mod, &text, "nope=1", "p_int=3", "also_nope",
		       "async_probe", "dyndbg=+p", "--", "p_int=4", NULL),
		  0);
	ASSERT_STREQ(text, "mod_params: unknown parameter 'nope' ignored\n"
			   "mod_params: unknown parameter 'also_nope' ignored\n"
			   "dyndbg param is supported only in CONFIG_DYNAMIC_DEBUG builds\n"
			   "mod_params: parameters 'p_int=4' after `--' ignored\n");
	kmem_module_get_info(mod, &info);
	ASSERT_EQ(info.unknown_params, 2);
	ASSERT_STREQ(param(mod, "p_int"), "3");
	kmem_module_unload(mod);
}

/* What is no module is refused in one line, with the kernel's error */
TEST(files_that_are_no_module)
{
	char text_file[64], *dir = KMEM_TEST_MODULES;
	struct kmem_module *mod;
	const char *text;
	FILE *f;

	ASSERT_EQ(load(MODULE_PATH("not_a_module"), &mod, &text, NULL), -ENOEXEC);
	ASSERT_EQ(harness_count_lines(text), 1);
	ASSERT_CONTAINS(text, "not_a_module.so: not a module: no __kmem_module in it");

	snprintf(text_file, sizeof(text_file), "/tmp/kmem-test-module-%d.txt", (int)getpid());
	f = fopen(text_file, "w");
	ASSERT_NOT_NULL(f);
	fputs("not a module\n", f);
	fclose(f);
	ASSERT_EQ(load(text_file, &mod, &text, NULL), -ENOEXEC);
	unlink(text_file);
	ASSERT_EQ(harness_count_lines(text), 1);
	ASSERT_CONTAINS(text, "not a module: not an ELF file");

	ASSERT_EQ(load(KMEM_TEST_MODULES "/no-such.so", &mod, &text, NULL), -ENOENT);
	ASSERT_EQ(harness_count_lines(text), 1);
	ASSERT_CONTAINS(text, "no-such.so: No such file or directory");
	ASSERT_EQ(load(dir, &mod, &text, NULL), -ENOEXEC);
	ASSERT_CONTAINS(text, "not a regular file");

	ASSERT_EQ(load(MODULE_PATH("mod_unknown_symbol"), &mod, &text, NULL), -ENOENT);
	ASSERT_STREQ(text, "mod_unknown_symbol: Unknown symbol kmem_no_such_function (err -2)\n");
	ASSERT_NULL(mod);
}

/* A module is loaded once; two different ones at once each have their own THIS_MODULE */
TEST(one_load_per_module)
{
	struct kmem_module *a, *b, *again;
	struct kmem_module_info ia, ib;
	const char *text;

	ASSERT_EQ(load(MODULE_PATH("mod_alloc"), &a, &text, "count=2", NULL), 0);
	ASSERT_EQ(load(MODULE_PATH("mod_params"), &b, &text, "p_int=2", NULL), 0);
	ASSERT_EQ(load(MODULE_PATH("mod_alloc"), &again, &text, NULL), -EEXIST);
	ASSERT_CONTAINS(text, "loaded already");
	kmem_module_get_info(a, &ia);
	kmem_module_get_info(b, &ib);
	ASSERT_STREQ(ia.name, "mod_alloc");
	ASSERT_STREQ(ib.name, "mod_params");
	ASSERT_STREQ(param(a, "count"), "2");
	ASSERT_STREQ(param(b, "p_int"), "2");
	kmem_module_unload(a);
	/* unloaded, it loads afresh: its variables as the file has them */
	ASSERT_EQ(load(MODULE_PATH("mod_alloc"), &again, &text, NULL), 0);
	ASSERT_STREQ(param(again, "count"), "1");
	kmem_module_unload(again);
	kmem_module_unload(b);
}

/* do_init_module(): a failed init leaves the module to be freed, its exit never run */
TEST(init_failure)
{
	struct kmem_module_call call;
	struct kmem_module *mod;
	unsigned long before = free_pages_now();
	const char *text;

	ASSERT_EQ(load(MODULE_PATH("mod_nomem"), &mod, &text, NULL), 0);
	ASSERT_EQ(kmem_module_init(mod, &call), 0);
	ASSERT_EQ(call.ret, -ENOMEM);
	ASSERT_EQ(kmem_module_exit(mod, &call), -EBUSY);
	kmem_module_unload(mod);
	ASSERT_EQ(free_pages_now(), before);
}

/* The kernel loads a module without init; one without init or exit can be removed */
TEST(module_without_init)
{
	struct kmem_module_info info;
	struct kmem_module_call call;
	struct kmem_module *mod;
	const char *text;

	ASSERT_EQ(load(MODULE_PATH("mod_noinit"), &mod, &text, NULL), 0);
	kmem_module_get_info(mod, &info);
	ASSERT_FALSE(info.has_init);
	ASSERT_TRUE(info.has_exit);
	ASSERT_EQ(kmem_module_init(mod, &call), 0);
	ASSERT_EQ(kmem_module_exit(mod, &call), 0);
	kmem_module_unload(mod);
}

/* A module that leaks: what its init took stays taken after its exit */
TEST(leaking_module)
{
	struct kmem_module_call call;
	struct kmem_module *mod;
	unsigned long before = free_pages_now();
	struct kmem_slab_stats st0, st1;
	const char *text;

	ASSERT_EQ(kmem_slab_stats("kmalloc-128", &st0), 0);
	ASSERT_EQ(load(MODULE_PATH("mod_leak"), &mod, &text, NULL), 0);
	ASSERT_EQ(kmem_module_init(mod, &call), 0);
	ASSERT_EQ(kmem_module_exit(mod, &call), 0);
	kmem_module_unload(mod);
	ASSERT_EQ(kmem_slab_stats("kmalloc-128", &st1), 0);
	ASSERT_EQ(st1.active_objs, st0.active_objs + 1);
	ASSERT_GE(before - free_pages_now(), 2);
}

/* Loading needs no model; init does */
TEST_UNBOOTED(init_needs_the_model)
{
	struct kmem_module_call call;
	struct kmem_module *mod;
	const char *text;

	ASSERT_FALSE(kmem_booted());
	ASSERT_EQ(load(MODULE_PATH("mod_alloc"), &mod, &text, NULL), 0);
	harness_capture_begin();
	ASSERT_EQ(kmem_module_init(mod, &call), -ENODEV);
	ASSERT_CONTAINS(harness_capture_end(), "the model is not booted");
	kmem_module_unload(mod);
}

/*
 * A crash in init, as an oops: reported with the module, the signal, the address and the
 * function; the module stays as it was, cannot be removed or loaded again, and the program and
 * the model go on.
 */
TEST(crash_in_init)
{
	const char *path = crash_module_copy("null");
	struct kmem_module_call call, exit_call;
	struct kmem_module *mod, *again;
	const char *text;
	struct page *page;

	ASSERT_EQ(load(path, &mod, &text, NULL), 0);
	harness_capture_begin();
	ASSERT_EQ(kmem_module_init(mod, &call), -EFAULT);
	text = harness_capture_end();
	ASSERT_EQ(kmem_module_exit(mod, &exit_call), -EBUSY);
	kmem_module_unload(mod);
	ASSERT_EQ(call.signo, SIGSEGV);
	ASSERT_NULL(call.addr);
	ASSERT_NOT_NULL(call.ip);
	ASSERT_NULL(call.bug_file);
	ASSERT_CONTAINS(text, "BUG: mod_crash crashed: SIGSEGV at 0000000000000000 in init\n");
	ASSERT_CONTAINS(text, "IP: crash+0x");
	ASSERT_CONTAINS(text, " [mod_crash] (addr2line -e ");
	ASSERT_EQ(load(path, &again, &text, NULL), -EEXIST);
	unlink(path);

	page = alloc_pages(GFP_KERNEL, 2);
	ASSERT_NOT_NULL(page);
	__free_pages(page, 2);
}

TEST(crash_dividing_by_zero)
{
	const char *path = crash_module_copy("fpe");
	struct kmem_module_call call;
	struct kmem_module *mod;
	const char *text;

	ASSERT_EQ(load(path, &mod, &text, "how=fpe", NULL), 0);
	harness_capture_begin();
	ASSERT_EQ(kmem_module_init(mod, &call), -EFAULT);
	text = harness_capture_end();
	unlink(path);
	ASSERT_EQ(call.signo, SIGFPE);
	ASSERT_CONTAINS(text, "BUG: mod_crash crashed: SIGFPE at ");
	kmem_module_unload(mod);
}

/* The alternate signal stack is what lets the handler run at all */
TEST(crash_overflowing_the_stack)
{
	const char *path = crash_module_copy("stack");
	struct kmem_module_call call;
	struct kmem_module *mod;
	const char *text;

	ASSERT_EQ(load(path, &mod, &text, "how=stack", NULL), 0);
	harness_capture_begin();
	ASSERT_EQ(kmem_module_init(mod, &call), -EFAULT);
	text = harness_capture_end();
	unlink(path);
	ASSERT_EQ(call.signo, SIGSEGV);
	ASSERT_CONTAINS(text, "IP: recurse+0x");
	kmem_module_unload(mod);
}

/*
 * A crash in exit, at the address a parameter gave; the program's own handlers are back once
 * the call is over
 */
TEST(crash_in_exit)
{
	const char *path = crash_module_copy("exit");
	struct sigaction before, after;
	struct kmem_module_call call;
	struct kmem_module *mod;
	const char *text;

	ASSERT_EQ(sigaction(SIGSEGV, NULL, &before), 0);
	ASSERT_EQ(load(path, &mod, &text, "in-exit", "addr=0x1000", NULL), 0);
	ASSERT_EQ(kmem_module_init(mod, &call), 0);
	ASSERT_EQ(call.ret, 0);
	harness_capture_begin();
	ASSERT_EQ(kmem_module_exit(mod, &call), -EFAULT);
	text = harness_capture_end();
	unlink(path);
	ASSERT_EQ(call.signo, SIGSEGV);
	ASSERT_EQ((unsigned long)call.addr, 0x1000);
	ASSERT_CONTAINS(text, "BUG: mod_crash crashed: SIGSEGV at 0000000000001000 in exit\n");
	kmem_module_unload(mod);
	ASSERT_EQ(sigaction(SIGSEGV, NULL, &after), 0);
	ASSERT_EQ((void *)after.sa_sigaction, (void *)before.sa_sigaction);
	ASSERT_EQ(after.sa_flags, before.sa_flags);
}
