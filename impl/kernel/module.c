// SPDX-License-Identifier: GPL-2.0
/*
 * The module loader, after the kernel's kernel/module/main.c: a module built against
 * <linux/module.h> is a shared object; loading it maps it (dlopen), finds its descriptor, checks
 * it, sets its parameters (params.c) and runs its init; unloading runs its exit and unmaps it.
 *
 * What the kernel's load_module() does and what takes its place here:
 *  - the ELF checks and the relocation against the kernel's exports: dlopen() with every symbol
 *    bound at once, against the loading program's exports; a symbol it lacks fails the load as
 *    the kernel's "NAME: Unknown symbol SYM (err -2)";
 *  - modpost's __this_module: the descriptor <linux/module.h> leaves in the object, found by its
 *    one exported symbol, __kmem_module; vermagic becomes KMEM_MODULE_VERMAGIC;
 *  - the license: a license that is not GPL-compatible "taints the kernel", said once;
 *  - parse_args() over the arguments joined as insmod joins them, with the kernel's handler of
 *    unknown names: since 3.x (dynamic debug) a name no parameter has is warned about and
 *    ignored, where it used to fail the load with -ENOENT;
 *  - do_init_module(): init's failure frees the module, a positive return is warned about and
 *    the module loaded anyway; delete_module(): a module not live, or with an init and no exit,
 *    cannot be removed (-EBUSY).
 *
 * A crash in the module would take the program with it. Each call into it (init, exit) runs
 * under a guard: handlers of SIGSEGV, SIGBUS, SIGFPE and SIGILL, on an alternate signal stack
 * so that a stack overflow is caught too, and the BUG() handler of the kernel environment
 * (kmem_set_bug_handler()); either jumps back out of the module (siglongjmp) and the call
 * reports the crash as an oops would: the module, the signal, the address, and where it was.
 * The handlers are the process's while any thread is in a module call, the previous ones put
 * back after; a signal of another thread, outside any module call, gets the previous
 * disposition.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <ucontext.h>
#include <unistd.h>

#include <kmem/kmem.h>
#include <linux/list.h>
#include <linux/module.h>

/* The loader's record of a module, from kmem_module_load() to kmem_module_unload() */
struct kmem_module {
	struct list_head list; /* on loaded_modules, under modules_lock */
	void *handle;	       /* dlopen()'s */
	struct link_map *map;  /* the dynamic linker's record of the object */
	struct module *mod;    /* the descriptor, in the object */
	char *path;
	const char *license;
	const char *description;
	unsigned int unknown_params;
	bool initialized; /* its init ran (or there is none) */
	bool crashed;	  /* a call into it was stopped: its code may still be in use */
};

static LIST_HEAD(loaded_modules);
static pthread_mutex_t modules_lock = PTHREAD_MUTEX_INITIALIZER;

/* The kernel says once per boot that it is tainted; once per process here */
static bool tainted_proprietary;

/* ---------------------------------------------------------------------------------------- */
/* Loading */

/* kernel/module/main.c's list: the licenses that do not taint */
static bool license_is_gpl_compatible(const char *license)
{
	static const char *const gpl[] = {
		"GPL",		"GPL v2",	"GPL and additional rights",
		"Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL"
	};

	for (size_t i = 0; i < sizeof(gpl) / sizeof(gpl[0]); i++)
		if (!strcmp(license, gpl[i]))
			return true;
	return false;
}

/* The value of modinfo's first "@tag=" string, or NULL */
static const char *modinfo_get(const struct module *mod, const char *tag)
{
	size_t len = strlen(tag);

	if (!mod->modinfo)
		return NULL;
	for (const char *p = mod->modinfo; p < mod->modinfo_end; p += strlen(p) + 1) {
		/* the compiler may pad between the strings of several files */
		if (!*p)
			continue;
		if (!strncmp(p, tag, len) && p[len] == '=')
			return p + len + 1;
	}
	return NULL;
}

/*
 * The name kbuild gives a module built without KBUILD_MODNAME in sight: its file's name without
 * the extension, '-' and ',' made '_'
 */
static void name_from_path(const char *path, char name[MODULE_NAME_LEN])
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t len = strcspn(base, ".");

	if (len >= MODULE_NAME_LEN)
		len = MODULE_NAME_LEN - 1;
	for (size_t i = 0; i < len; i++)
		name[i] = base[i] == '-' || base[i] == ',' ? '_' : base[i];
	name[len] = '\0';
}

/*
 * What dlopen() cannot say clearly: a file that is missing, unreadable, not a regular file or no
 * ELF shared object. 0 when it may be loaded, else -errno after one line.
 */
static int check_file(const char *path)
{
	unsigned char ident[EI_NIDENT + sizeof(Elf64_Half)];
	Elf64_Half type;
	struct stat st;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		int err = errno;

		fprintf(stderr, "kmem: could not load module %s: %s\n", path, strerror(err));
		if (fd >= 0)
			close(fd);
		return -err;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		fprintf(stderr, "kmem: could not load module %s: not a regular file\n", path);
		return -ENOEXEC;
	}
	n = read(fd, ident, sizeof(ident));
	close(fd);
	if (n < (ssize_t)sizeof(ident) || memcmp(ident, ELFMAG, SELFMAG)) {
		fprintf(stderr, "kmem: %s: not a module: not an ELF file\n", path);
		return -ENOEXEC;
	}
	memcpy(&type, ident + EI_NIDENT, sizeof(type));
	if (ident[EI_CLASS] != ELFCLASS64 || type != ET_DYN) {
		fprintf(stderr, "kmem: %s: not a module: not a 64-bit shared object\n", path);
		return -ENOEXEC;
	}
	return 0;
}

/* dlopen()'s failure as the kernel's loader reports it: -ENOENT for a missing symbol */
static int report_dlopen_failure(const char *path, const char *name)
{
	const char *msg = dlerror();
	const char *sym = msg ? strstr(msg, "undefined symbol: ") : NULL;

	if (sym) {
		sym += strlen("undefined symbol: ");
		fprintf(stderr, "%s: Unknown symbol %.*s (err %d)\n", name, (int)strcspn(sym, ", "),
			sym, -ENOENT);
		return -ENOENT;
	}
	if (!msg)
		msg = "dlopen failed";
	/* dlerror() names the file first: once is enough */
	if (!strncmp(msg, path, strlen(path)) && !strncmp(msg + strlen(path), ": ", 2))
		msg += strlen(path) + 2;
	fprintf(stderr, "kmem: %s: cannot load: %s\n", path, msg);
	return -ENOEXEC;
}

/* The descriptor, if this object (not one it depends on) defines it */
static struct module *find_descriptor(struct kmem_module *km)
{
	struct module *const *desc = dlsym(km->handle, "__kmem_module");
	struct link_map *owner;
	Dl_info info;

	if (!desc || !dladdr1(desc, &info, (void **)&owner, RTLD_DL_LINKMAP) || owner != km->map)
		return NULL;
	return *desc;
}

static bool module_loaded(const char *name)
{
	struct kmem_module *km;

	list_for_each_entry(km, &loaded_modules, list)
		if (!strcmp(km->mod->name, name))
			return true;
	return false;
}

/* parse_args()'s handler of names no parameter has: 6.18's unknown_module_param_cb() */
static int unknown_module_param(char *param, char *val, const char *modname, void *arg)
{
	struct kmem_module *km = arg;

	(void)val;
	/* async_probe is every module's; there is nothing to probe here */
	if (!strcmp(param, "async_probe"))
		return 0;
	if (!strcmp(param, "dyndbg")) {
		fprintf(stderr, "dyndbg param is supported only in CONFIG_DYNAMIC_DEBUG builds\n");
		return 0;
	}
	fprintf(stderr, "%s: unknown parameter '%s' ignored\n", modname, param);
	km->unknown_params++;
	return 0;
}

/* argv joined with spaces, as insmod passes them to the kernel */
static char *join_args(int argc, char *const argv[])
{
	size_t len = 1;
	char *args, *p;

	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	args = malloc(len);
	if (!args)
		return NULL;
	p = args;
	for (int i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]);

		if (i)
			*p++ = ' ';
		memcpy(p, argv[i], n);
		p += n;
	}
	*p = '\0';
	return args;
}

static void module_free(struct kmem_module *km)
{
	/*
	 * A module stopped midway stays as the kernel leaves one that oopsed: its code mapped
	 * and its parameters set, since a thread or a callback of it may still run, and its
	 * descriptor not free for another load
	 */
	if (!km->crashed) {
		if (km->mod) {
			destroy_params(km->mod->kp, km->mod->num_kp);
			free(km->mod->args);
			km->mod->args = NULL;
			km->mod->state = MODULE_STATE_UNFORMED;
			km->mod->loader = NULL;
		}
		if (km->handle)
			dlclose(km->handle);
	}
	free(km->path);
	free(km);
}

/* The descriptor's checks, its name, license and parameters: load_module()'s steps */
static int module_setup(struct kmem_module *km, int argc, char *const argv[])
{
	struct module *mod = km->mod;
	char *after_dashes;

	if (!mod->vermagic || strcmp(mod->vermagic, KMEM_MODULE_VERMAGIC)) {
		fprintf(stderr, "%s: version magic '%s' should be '%s'\n", km->path,
			mod->vermagic ? mod->vermagic : "", KMEM_MODULE_VERMAGIC);
		return -ENOEXEC;
	}
	if (mod->state != MODULE_STATE_UNFORMED || mod->loader) {
		fprintf(stderr, "kmem: %s: its module is loaded already\n", km->path);
		return -EEXIST;
	}
	if (!memchr(mod->name, '\0', sizeof(mod->name))) {
		fprintf(stderr, "kmem: %s: module name longer than %zu characters\n", km->path,
			sizeof(mod->name) - 1);
		return -ENOEXEC;
	}
	if (!mod->name[0])
		name_from_path(km->path, mod->name);
	if (module_loaded(mod->name)) {
		fprintf(stderr, "kmem: module %s is already loaded\n", mod->name);
		return -EEXIST;
	}

	km->license = modinfo_get(mod, "license");
	if (!km->license)
		km->license = "unspecified";
	km->description = modinfo_get(mod, "description");
	if (!license_is_gpl_compatible(km->license) && !tainted_proprietary) {
		tainted_proprietary = true;
		fprintf(stderr, "%s: module license '%s' taints kernel.\n", mod->name, km->license);
	}

	mod->kp = mod->kp_start;
	mod->num_kp = (unsigned int)(mod->kp_stop - mod->kp_start);
	mod->args = join_args(argc, argv);
	if (!mod->args)
		return -ENOMEM;
	mod->state = MODULE_STATE_COMING;
	mod->loader = km;
	after_dashes = parse_args(mod->name, mod->args, mod->kp, mod->num_kp, -32768, 32767, km,
				  unknown_module_param);
	/* IS_ERR() */
	if ((unsigned long)after_dashes >= (unsigned long)-4095)
		return (int)(long)after_dashes;
	if (after_dashes)
		fprintf(stderr, "%s: parameters '%s' after `--' ignored\n", mod->name,
			after_dashes);
	return 0;
}

int kmem_module_load(const char *path, int argc, char *const argv[], struct kmem_module **modp)
{
	char name[MODULE_NAME_LEN];
	struct kmem_module *km;
	int err;

	*modp = NULL;
	err = check_file(path);
	if (err)
		return err;
	km = calloc(1, sizeof(*km));
	if (!km || !(km->path = strdup(path))) {
		free(km);
		return -ENOMEM;
	}
	name_from_path(path, name);

	pthread_mutex_lock(&modules_lock);
	/*
	 * Every symbol bound now, as the kernel's loader binds them, against the program's
	 * exports; RTLD_LOCAL: modules loaded at once each keep their own. A path without '/'
	 * is a file here, as for insmod, not a library to search for.
	 */
	if (strchr(path, '/')) {
		km->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	} else {
		char *here = malloc(strlen(path) + 3);

		if (here) {
			strcpy(stpcpy(here, "./"), path);
			km->handle = dlopen(here, RTLD_NOW | RTLD_LOCAL);
			free(here);
		}
	}
	if (!km->handle) {
		err = report_dlopen_failure(path, name);
		goto fail;
	}
	if (dlinfo(km->handle, RTLD_DI_LINKMAP, &km->map)) {
		err = report_dlopen_failure(path, name);
		goto fail;
	}
	km->mod = find_descriptor(km);
	if (!km->mod) {
		fprintf(stderr,
			"kmem: %s: not a module: no __kmem_module in it (build it with "
			"kmem_add_module(), or -DMODULE and <linux/module.h>)\n",
			path);
		err = -ENOEXEC;
		goto fail;
	}
	err = module_setup(km, argc, argv);
	if (err) {
		/* a descriptor another load of the same object set up stays as it is */
		if (err == -EEXIST || err == -ENOEXEC)
			km->mod = NULL;
		goto fail;
	}
	list_add_tail(&km->list, &loaded_modules);
	pthread_mutex_unlock(&modules_lock);
	*modp = km;
	return 0;

fail:
	module_free(km);
	pthread_mutex_unlock(&modules_lock);
	return err;
}

void kmem_module_unload(struct kmem_module *km)
{
	if (!km)
		return;
	pthread_mutex_lock(&modules_lock);
	list_del(&km->list);
	module_free(km);
	pthread_mutex_unlock(&modules_lock);
}

void kmem_module_get_info(const struct kmem_module *km, struct kmem_module_info *info)
{
	info->name = km->mod->name;
	info->path = km->path;
	info->license = km->license;
	info->description = km->description;
	info->has_init = km->mod->init;
	info->has_exit = km->mod->exit;
	info->nr_params = km->mod->num_kp;
	info->unknown_params = km->unknown_params;
}

int kmem_module_param(const struct kmem_module *km, unsigned int i, const char **name, char *buf,
		      size_t size)
{
	const struct kernel_param *kp;
	char page[4096];
	int len;

	if (i >= km->mod->num_kp)
		return -ENOENT;
	kp = &km->mod->kp[i];
	*name = kp->name;
	if (!kp->ops->get)
		return -EOPNOTSUPP;
	kernel_param_lock(kp->mod);
	len = kp->ops->get(page, kp);
	kernel_param_unlock(kp->mod);
	if (len < 0)
		return len;
	if (len > 0 && page[len - 1] == '\n')
		len--;
	snprintf(buf, size, "%.*s", len, page);
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Calls into a module, guarded */

/* The size of the alternate signal stack a guarded call runs its handlers on */
#define GUARD_STACK_SIZE (64 * 1024)

static const int guard_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL };
#define NR_GUARD_SIGNALS (sizeof(guard_signals) / sizeof(guard_signals[0]))

/* A guarded call of this thread */
struct guard {
	sigjmp_buf env;
	struct kmem_module_call *call;
};

static __thread struct guard *thread_guard;

/* The handlers are installed while guard_users > 0; the ones they replaced, to put back */
static pthread_mutex_t guard_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned int guard_users;
static struct sigaction guard_saved[NR_GUARD_SIGNALS];

static void *signal_ip(void *uc)
{
#if defined(__x86_64__)
	return (void *)((ucontext_t *)uc)->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
	return (void *)((ucontext_t *)uc)->uc_mcontext.pc;
#else
	(void)uc;
	return NULL;
#endif
}

static void guard_signal(int sig, siginfo_t *si, void *uc)
{
	struct guard *g = thread_guard;

	if (!g) {
		/*
		 * Not in a module call of this thread: what would have happened without the
		 * guard. Returning runs the faulting instruction again, which now gets it.
		 */
		for (size_t i = 0; i < NR_GUARD_SIGNALS; i++)
			if (guard_signals[i] == sig)
				sigaction(sig, &guard_saved[i], NULL);
		if (si->si_code <= 0)
			raise(sig);
		return;
	}
	g->call->signo = sig;
	g->call->addr = si->si_addr;
	g->call->ip = signal_ip(uc);
	thread_guard = NULL;
	siglongjmp(g->env, 1);
}

/* BUG() in the module: kmem_set_bug_handler()'s handler, which must not return */
static void guard_bug(const char *file, int line)
{
	struct guard *g = thread_guard;

	if (!g)
		abort();
	g->call->bug_file = file;
	g->call->bug_line = line;
	thread_guard = NULL;
	siglongjmp(g->env, 1);
}

/* Installs the handlers for the first guarded call running; @old receives the thread's stack */
static int guard_enter(stack_t *old)
{
	struct sigaction sa = { .sa_sigaction = guard_signal, .sa_flags = SA_SIGINFO | SA_ONSTACK };
	stack_t ss = { .ss_size = GUARD_STACK_SIZE };

	ss.ss_sp = malloc(GUARD_STACK_SIZE);
	if (!ss.ss_sp)
		return -ENOMEM;
	if (sigaltstack(&ss, old)) {
		free(ss.ss_sp);
		return -errno;
	}
	sigemptyset(&sa.sa_mask);
	pthread_mutex_lock(&guard_lock);
	if (guard_users++ == 0) {
		for (size_t i = 0; i < NR_GUARD_SIGNALS; i++)
			sigaction(guard_signals[i], &sa, &guard_saved[i]);
		kmem_set_bug_handler(guard_bug);
	}
	pthread_mutex_unlock(&guard_lock);
	return 0;
}

static void guard_leave(const stack_t *old)
{
	stack_t ss;

	pthread_mutex_lock(&guard_lock);
	if (--guard_users == 0) {
		kmem_set_bug_handler(NULL);
		for (size_t i = 0; i < NR_GUARD_SIGNALS; i++)
			sigaction(guard_signals[i], &guard_saved[i], NULL);
	}
	pthread_mutex_unlock(&guard_lock);
	sigaltstack(old, &ss);
	free(ss.ss_sp);
}

/*
 * The function of the module's file holding file offset @off, from its symbol table (static
 * functions included, as kallsyms has them), as "name+0xoff/0xsize"; false when the file has no
 * symbol table (stripped) or no function there
 */
static bool module_symbol(const char *path, unsigned long off, char *buf, size_t size)
{
	const Elf64_Ehdr *eh;
	const Elf64_Shdr *sh;
	struct stat st;
	bool found = false;
	void *map;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (fstat(fd, &st) || (size_t)st.st_size < sizeof(*eh)) {
		close(fd);
		return false;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return false;
	eh = map;
	if (eh->e_shoff && eh->e_shentsize == sizeof(*sh) &&
	    eh->e_shoff + (uint64_t)eh->e_shnum * sizeof(*sh) <= (uint64_t)st.st_size) {
		sh = (const Elf64_Shdr *)((const char *)map + eh->e_shoff);
		for (unsigned int i = 0; i < eh->e_shnum && !found; i++) {
			const Elf64_Shdr *strs = &sh[sh[i].sh_link];
			const Elf64_Sym *sym;
			size_t n;

			if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum ||
			    sh[i].sh_offset + sh[i].sh_size > (uint64_t)st.st_size ||
			    strs->sh_offset + strs->sh_size > (uint64_t)st.st_size)
				continue;
			sym = (const Elf64_Sym *)((const char *)map + sh[i].sh_offset);
			n = sh[i].sh_size / sizeof(*sym);
			for (size_t j = 0; j < n; j++) {
				if (ELF64_ST_TYPE(sym[j].st_info) != STT_FUNC ||
				    off < sym[j].st_value ||
				    off >= sym[j].st_value + sym[j].st_size ||
				    sym[j].st_name >= strs->sh_size)
					continue;
				snprintf(buf, size, "%.*s+0x%lx/0x%lx",
					 (int)strnlen((const char *)map + strs->sh_offset +
							      sym[j].st_name,
						      strs->sh_size - sym[j].st_name),
					 (const char *)map + strs->sh_offset + sym[j].st_name,
					 off - (unsigned long)sym[j].st_value,
					 (unsigned long)sym[j].st_size);
				found = true;
				break;
			}
		}
	}
	munmap(map, (size_t)st.st_size);
	return found;
}

/*
 * The oops: what stopped the module, and where it was, as the kernel's "RIP: func+0x../0x..
 * [module]" with the offset in the module's file for addr2line, or a symbol of another object
 */
static void report_crash(const struct kmem_module *km, const char *what,
			 const struct kmem_module_call *call)
{
	const char *name = km->mod->name;
	struct link_map *map;
	char sym[256];
	Dl_info info;

	if (call->bug_file) {
		fprintf(stderr, "BUG: %s crashed: BUG() at %s:%d in %s\n", name, call->bug_file,
			call->bug_line, what);
		return;
	}
	fprintf(stderr, "BUG: %s crashed: SIG%s at %016lx in %s\n", name,
		sigabbrev_np(call->signo) ?: "?", (unsigned long)call->addr, what);
	if (!call->ip || !dladdr1(call->ip, &info, (void **)&map, RTLD_DL_LINKMAP) ||
	    !info.dli_fname)
		return;
	if (map == km->map) {
		unsigned long off = (unsigned long)call->ip - (unsigned long)map->l_addr;

		if (!module_symbol(km->path, off, sym, sizeof(sym)))
			snprintf(sym, sizeof(sym), "0x%lx", off);
		fprintf(stderr, "IP: %s [%s] (addr2line -e %s 0x%lx)\n", sym, name, km->path, off);
	} else if (info.dli_sname) {
		fprintf(stderr, "IP: %s+0x%lx in %s\n", info.dli_sname,
			(unsigned long)call->ip - (unsigned long)info.dli_saddr, info.dli_fname);
	} else {
		fprintf(stderr, "IP: %p in %s\n", call->ip, info.dli_fname);
	}
}

/* Runs @init (returning into call->ret) or @exit under the guard; -EFAULT when stopped */
static int guarded_call(struct kmem_module *km, const char *what, initcall_t init, exitcall_t exit,
			struct kmem_module_call *call)
{
	struct guard g = { .call = call };
	stack_t old;
	int err;

	memset(call, 0, sizeof(*call));
	err = guard_enter(&old);
	if (err)
		return err;
	if (!sigsetjmp(g.env, 1)) {
		thread_guard = &g;
		if (init)
			call->ret = init();
		else
			exit();
		thread_guard = NULL;
		guard_leave(&old);
		return 0;
	}
	guard_leave(&old);
	km->crashed = true;
	report_crash(km, what, call);
	return -EFAULT;
}

int kmem_module_init(struct kmem_module *km, struct kmem_module_call *call)
{
	struct module *mod = km->mod;
	int err;

	memset(call, 0, sizeof(*call));
	if (mod->state != MODULE_STATE_COMING || km->initialized || km->crashed)
		return -EBUSY;
	if (!kmem_booted()) {
		fprintf(stderr, "kmem: %s: the model is not booted: init not run\n", mod->name);
		return -ENODEV;
	}
	km->initialized = true;
	if (!mod->init) {
		mod->state = MODULE_STATE_LIVE;
		return 0;
	}
	err = guarded_call(km, "init", mod->init, NULL, call);
	if (err)
		return err;
	if (call->ret < 0) {
		mod->state = MODULE_STATE_GOING;
		return 0;
	}
	if (call->ret > 0)
		fprintf(stderr,
			"do_init_module: '%s'->init suspiciously returned %d, it should follow "
			"0/-E "
			"convention\n"
			"do_init_module: loading module anyway...\n",
			mod->name, call->ret);
	mod->state = MODULE_STATE_LIVE;
	return 0;
}

int kmem_module_exit(struct kmem_module *km, struct kmem_module_call *call)
{
	struct module *mod = km->mod;
	int err;

	memset(call, 0, sizeof(*call));
	if (mod->state != MODULE_STATE_LIVE || km->crashed)
		return -EBUSY;
	/* the kernel cannot undo an init without an exit */
	if (mod->init && !mod->exit)
		return -EBUSY;
	mod->state = MODULE_STATE_GOING;
	if (!mod->exit)
		return 0;
	err = guarded_call(km, "exit", NULL, mod->exit, call);
	return err;
}
