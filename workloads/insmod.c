// SPDX-License-Identifier: GPL-2.0
/*
 * insmod: a kernel module on each (arch, back end), as a kernel developer tries one: insmod,
 * then rmmod, then a look at what is left. The model's figures stand for what the kernel
 * would show: free pages (/proc/meminfo), active objects per cache (/proc/slabinfo), vmalloc
 * areas (/proc/vmallocinfo), and the reports (bad pages, slab errors, WARNings) for dmesg.
 *
 * Each combination runs in a child process: a module that crashed may have left the model
 * mid-operation, a lock held, so the child says so and ends there instead of checking or
 * shutting down a model that can no longer be trusted, and the next combination starts clean.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <kmem/kmem.h>
#include <linux/gfp.h>
#include <linux/mm.h>

#include "insmod.h"
#include "runner.h"

/* ---------------------------------------------------------------------------------------- */
/* What the model holds */

/* One slab cache's active objects, as /proc/slabinfo lists them */
struct slab_count {
	char name[64];
	unsigned long active;
};

struct model_state {
	unsigned long free_pages;
	struct slab_count *caches;
	size_t nr_caches;
	struct kmem_vm_stats vm;
	unsigned long bad_pages, slab_errors, warnings;
};

/*
 * The caches and their active objects, read from the slabinfo listing as slabtop reads
 * /proc/slabinfo: every cache, the module's own included, without knowing their names
 */
static int read_slabinfo(struct model_state *s)
{
	char *text = NULL, *line, *save = NULL;
	size_t size = 0, cap = 0;
	FILE *f = open_memstream(&text, &size);

	if (!f)
		return -ENOMEM;
	kmem_print_slabinfo(f);
	if (fclose(f)) {
		free(text);
		return -ENOMEM;
	}
	s->caches = NULL;
	s->nr_caches = 0;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct slab_count c;

		/* the two header lines start "slabinfo" and "#" */
		if (!strncmp(line, "slabinfo", 8) || line[0] == '#')
			continue;
		if (sscanf(line, "%63s %lu", c.name, &c.active) != 2)
			continue;
		if (s->nr_caches == cap) {
			struct slab_count *more;

			cap = cap ? cap * 2 : 64;
			more = realloc(s->caches, cap * sizeof(*more));
			if (!more) {
				free(text);
				return -ENOMEM;
			}
			s->caches = more;
		}
		s->caches[s->nr_caches++] = c;
	}
	free(text);
	return 0;
}

/* The model as it stands, with what it keeps but could give back given back first */
static int read_model(struct model_state *s)
{
	/* the kernel keeps pages on per-CPU lists and in empty slabs too: free to it */
	drain_all_pages(NULL);
	kmem_slab_shrink_all();
	s->free_pages = nr_free_pages();
	kmem_vm_stats(&s->vm);
	s->bad_pages = kmem_bad_page_count();
	s->slab_errors = kmem_slab_error_count();
	s->warnings = kmem_warn_count();
	return read_slabinfo(s);
}

static unsigned long cache_active(const struct model_state *s, const char *name, bool *found)
{
	for (size_t i = 0; i < s->nr_caches; i++) {
		if (!strcmp(s->caches[i].name, name)) {
			*found = true;
			return s->caches[i].active;
		}
	}
	*found = false;
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* The report */

/* What made a combination fail, for its last line */
struct verdict {
	char why[512];
};

static void fail(struct verdict *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(struct verdict *v, const char *fmt, ...)
{
	size_t len = strlen(v->why);
	va_list ap;

	if (len && len + 2 < sizeof(v->why)) {
		strcpy(v->why + len, ", ");
		len += 2;
	}
	va_start(ap, fmt);
	vsnprintf(v->why + len, sizeof(v->why) - len, fmt, ap);
	va_end(ap);
}

static const char *plural(unsigned long n)
{
	return n == 1 ? "" : "s";
}

/* The error insmod prints for init's failure: kmod's wording, else strerror() */
static const char *insmod_strerror(int err)
{
	switch (err) {
	case ENOEXEC:
		return "Invalid module format";
	case ENOENT:
		return "Unknown symbol in module";
	case ESRCH:
		return "Module has wrong symbol version";
	case EINVAL:
		return "Invalid parameters";
	default:
		return strerror(err);
	}
}

/* "-12 (ENOMEM)" */
static const char *errno_value(int ret, char *buf, size_t size)
{
	const char *name = ret < 0 ? strerrorname_np(-ret) : NULL;

	if (name)
		snprintf(buf, size, "%d (-%s)", ret, name);
	else
		snprintf(buf, size, "%d", ret);
	return buf;
}

static void print_params(const struct kmem_module *mod, const struct kmem_module_info *info)
{
	char value[256];

	if (!info->nr_params)
		return;
	printf("  %-14s", "parameters");
	for (unsigned int i = 0; i < info->nr_params; i++) {
		const char *name;
		int err = kmem_module_param(mod, i, &name, value, sizeof(value));

		printf("%s%s=%s", i ? " " : "", name, err ? "?" : value);
	}
	printf("\n");
}

/* How a call stopped: "crashed: SIGSEGV at 0000000000000000", "crashed: BUG() at f.c:12" */
static void print_stopped(const char *what, const struct kmem_module_call *call)
{
	if (call->bug_file)
		printf("  %-14scrashed: BUG() at %s:%d\n", what, call->bug_file, call->bug_line);
	else
		printf("  %-14scrashed: SIG%s at %016lx\n", what, sigabbrev_np(call->signo) ?: "?",
		       (unsigned long)call->addr);
}

/* What the module left: the model now against right after boot */
static void report_leaks(const struct model_state *before, const struct model_state *after,
			 struct verdict *v)
{
	long pages = (long)before->free_pages - (long)after->free_pages;
	unsigned long objs = 0, areas, vpages;
	char detail[256] = "";
	size_t len = 0;

	for (size_t i = 0; i < after->nr_caches; i++) {
		const struct slab_count *c = &after->caches[i];
		bool found;
		unsigned long was = cache_active(before, c->name, &found);

		if (c->active > was) {
			objs += c->active - was;
			if (len < sizeof(detail))
				len += (size_t)snprintf(detail + len, sizeof(detail) - len,
							"%s%s: %lu", len ? ", " : "", c->name,
							c->active - was);
		}
		if (!found && len < sizeof(detail))
			len += (size_t)snprintf(detail + len, sizeof(detail) - len,
						"%scache %s not destroyed", len ? ", " : "",
						c->name);
		if (!found)
			fail(v, "cache %s not destroyed", c->name);
	}
	areas = after->vm.vmalloc_areas - before->vm.vmalloc_areas;
	vpages = after->vm.vmalloc_pages - before->vm.vmalloc_pages;

	printf("  %-14s%ld page%s", "leaked", pages, plural((unsigned long)labs(pages)));
	printf(", %lu slab object%s", objs, plural(objs));
	if (len)
		printf(" (%s)", detail);
	printf(", %lu vmalloc area%s", areas, plural(areas));
	if (areas)
		printf(" (%lu page%s)", vpages, plural(vpages));
	printf("\n");
	if (pages)
		fail(v, "%ld page%s leaked", pages, plural((unsigned long)labs(pages)));
	if (objs)
		fail(v, "%lu slab object%s leaked", objs, plural(objs));
	if (areas)
		fail(v, "%lu vmalloc area%s leaked", areas, plural(areas));
}

static void report_counts(const struct model_state *before, const struct model_state *after,
			  const struct kmem_module_info *info, struct verdict *v)
{
	unsigned long bad = after->bad_pages - before->bad_pages;
	unsigned long slab = after->slab_errors - before->slab_errors;
	unsigned long warn = after->warnings - before->warnings;

	printf("  %-14s%lu bad page report%s, %lu slab error%s, %lu warning%s, %u argument%s "
	       "ignored\n",
	       "reports", bad, plural(bad), slab, plural(slab), warn, plural(warn),
	       info->unknown_params, plural(info->unknown_params));
	if (bad)
		fail(v, "%lu bad page report%s", bad, plural(bad));
	if (slab)
		fail(v, "%lu slab error%s", slab, plural(slab));
	if (warn)
		fail(v, "%lu warning%s", warn, plural(warn));
	if (info->unknown_params)
		fail(v, "%u unknown parameter%s", info->unknown_params,
		     plural(info->unknown_params));
}

/* ---------------------------------------------------------------------------------------- */
/* One combination */

/*
 * kmem_module_load() as insmod_check() did it already, with what it said then (arguments
 * ignored, a license that taints) not said again for every combination: stderr is /dev/null
 * meanwhile. Loading does not depend on the model, so it cannot say anything new.
 */
static int load_quietly(const struct insmod_plan *plan, struct kmem_module **mod)
{
	int saved = dup(STDERR_FILENO);
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	int err;

	fflush(stderr);
	if (saved >= 0 && null >= 0)
		dup2(null, STDERR_FILENO);
	err = kmem_module_load(plan->path, plan->argc, plan->argv, mod);
	if (saved >= 0 && null >= 0)
		dup2(saved, STDERR_FILENO);
	if (saved >= 0)
		close(saved);
	if (null >= 0)
		close(null);
	if (err)
		fprintf(stderr, "kmembench insmod: %s: could not load it again: %s\n", plan->path,
			strerror(-err));
	return err;
}

/*
 * Boot, load, init, exit, report; in the child. Returns its exit status; a crash ends it after
 * the report, without touching the model again.
 */
static int insmod_one(const struct insmod_plan *plan, const char *arch, const char *backend)
{
	struct kmem_config cfg = plan->env;
	struct model_state before = { 0 }, after = { 0 };
	struct kmem_module_info info;
	struct kmem_module_call call;
	struct kmem_module *mod;
	struct verdict v = { "" };
	char buf[64];
	int err;

	cfg.arch = arch;
	cfg.backend = backend;
	cfg.mem_bytes = plan->mem_bytes;
	err = runner_boot(&cfg, NULL);
	if (err)
		return err;
	if (read_model(&before)) {
		fprintf(stderr, "kmembench insmod: out of memory\n");
		return RUNNER_EXIT_FAILURE;
	}
	err = load_quietly(plan, &mod);
	if (err) {
		kmem_shutdown();
		return RUNNER_EXIT_FAILURE;
	}
	kmem_module_get_info(mod, &info);
	printf("insmod %s (%s) on %s/%s\n", info.name, plan->path, backend, arch);
	print_params(mod, &info);

	err = kmem_module_init(mod, &call);
	if (err == -EFAULT) {
		print_stopped("init", &call);
		printf("  %-14snot checked: the model may be mid-operation after a crash\n",
		       "leaked");
		printf("  %-14sFAILED: crashed in init\n", "result");
		return RUNNER_EXIT_FAILURE;
	}
	printf("  %-14sreturned %s\n", "init", errno_value(call.ret, buf, sizeof(buf)));
	if (call.ret < 0) {
		fprintf(stderr, "insmod: ERROR: could not insert module %s: %s\n", plan->path,
			insmod_strerror(-call.ret));
		printf("  %-14snot run: init failed, the module is unloaded\n", "exit");
		fail(&v, "init returned %d", call.ret);
	} else {
		if (call.ret > 0)
			fail(&v, "init returned %d", call.ret);
		err = kmem_module_exit(mod, &call);
		if (err == -EFAULT) {
			print_stopped("exit", &call);
			printf("  %-14snot checked: the model may be mid-operation after a crash\n",
			       "leaked");
			printf("  %-14sFAILED: crashed in exit\n", "result");
			return RUNNER_EXIT_FAILURE;
		}
		if (err == -EBUSY)
			printf("  %-14snone: the module cannot be unloaded, what it holds stays "
			       "(rmmod: Device or resource busy)\n",
			       "exit");
		else
			printf("  %-14sran\n", "exit");
	}

	if (read_model(&after)) {
		fprintf(stderr, "kmembench insmod: out of memory\n");
		return RUNNER_EXIT_FAILURE;
	}
	report_leaks(&before, &after, &v);
	report_counts(&before, &after, &info, &v);
	if (v.why[0])
		printf("  %-14sFAILED: %s\n", "result", v.why);
	else
		printf("  %-14sok\n", "result");
	free(before.caches);
	free(after.caches);
	kmem_module_unload(mod);
	/* the checks above are runner_shutdown()'s, per cache and area: only the shutdown is left
	 */
	kmem_shutdown();
	return v.why[0] ? RUNNER_EXIT_FAILURE : 0;
}

/* Runs insmod_one() in a child; its exit status, or 1 after one line when a signal killed it */
static int insmod_child(const struct insmod_plan *plan, const char *name, const char *arch,
			const char *backend)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "kmembench insmod: fork: %s\n", strerror(errno));
		return RUNNER_EXIT_FAILURE;
	}
	if (!pid) {
		/* the report and the module's messages in the order they came */
		setvbuf(stdout, NULL, _IOLBF, 0);
		status = insmod_one(plan, arch, backend);
		fflush(NULL);
		_exit(status);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "kmembench insmod: waitpid: %s\n", strerror(errno));
			return RUNNER_EXIT_FAILURE;
		}
	}
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "kmembench insmod: %s on %s/%s: killed by SIG%s\n", name, backend,
			arch, sigabbrev_np(WTERMSIG(status)) ?: "?");
		return RUNNER_EXIT_FAILURE;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : RUNNER_EXIT_FAILURE;
}

/*
 * The module loaded with no model booted: what is wrong with the file or the arguments is the
 * same on every combination, so it is said once. Fills @name.
 */
static int insmod_check(const struct insmod_plan *plan, char *name, size_t size)
{
	struct kmem_module_info info;
	struct kmem_module *mod;

	if (kmem_module_load(plan->path, plan->argc, plan->argv, &mod))
		return RUNNER_EXIT_FAILURE;
	kmem_module_get_info(mod, &info);
	snprintf(name, size, "%s", info.name);
	kmem_module_unload(mod);
	if (!info.has_init) {
		fprintf(stderr,
			"kmembench insmod: %s: module %s has no module_init(): nothing to run\n",
			plan->path, name);
		return RUNNER_EXIT_FAILURE;
	}
	return 0;
}

int insmod_run(const struct insmod_plan *plan)
{
	unsigned int runs = 0, failed = 0;
	char name[64];
	int err;

	err = insmod_check(plan, name, sizeof(name));
	if (err)
		return err;
	for (int a = 0; a < kmem_arch_count(); a++) {
		if (!(plan->arches & (1ULL << a)))
			continue;
		for (int b = 0; b < kmem_backend_count(); b++) {
			if (!(plan->backends & (1ULL << b)))
				continue;
			err = insmod_child(plan, name, kmem_arch_name(a), kmem_backend_name(b));
			if (err == RUNNER_EXIT_USAGE)
				return err;
			runs++;
			failed += err != 0;
		}
	}
	if (runs > 1)
		printf("insmod %s: %u combination%s, %u failed\n", name, runs, plural(runs),
		       failed);
	return failed ? RUNNER_EXIT_FAILURE : 0;
}
