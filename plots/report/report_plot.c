// SPDX-License-Identifier: GPL-2.0
/*
 * The plots of `kmembench report` (report.h): where gnuplot and the scripts are, and running
 * one script on the run directory.
 *
 * The scripts are looked for, in order: in $KMEM_PLOTS_DIR; where `cmake --install` put them
 * beside this executable (PREFIX/bin/kmembench -> PREFIX/share/kmembench/plots); in the source
 * tree kmembench was built from; in the install directory the build was configured with. The
 * first directory holding common.gp wins.
 *
 * A script is given its inputs as gnuplot variables (plots/common.gp lists them) and announces
 * each image it wrote on stdout as "image<TAB>STEM<TAB>CAPTION"; its other messages go to
 * OUT/gnuplot.log, whose last line says why a script failed.
 */
#define _GNU_SOURCE /* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "results/install_path.h"
#include "report.h"

#ifndef KMEM_SOURCE_DIR
#define KMEM_SOURCE_DIR "."
#endif
/* Relative to the install prefix, and as configured (absolute) */
#ifndef KMEM_INSTALL_PLOTSDIR
#define KMEM_INSTALL_PLOTSDIR "share/kmembench/plots"
#endif
#ifndef KMEM_INSTALL_FULL_PLOTSDIR
#define KMEM_INSTALL_FULL_PLOTSDIR "/usr/local/share/kmembench/plots"
#endif

extern char **environ;

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static bool has_scripts(const char *dir)
{
	char path[PATH_MAX];

	return (size_t)snprintf(path, sizeof(path), "%s/common.gp", dir) < sizeof(path) &&
	       !access(path, R_OK);
}

/* Notes @dir as searched, and takes it if it holds the scripts */
static bool try_dir(struct report_plotter *p, const char *dir)
{
	size_t n = strlen(p->searched);

	snprintf(p->searched + n, sizeof(p->searched) - n, "%s%s", n ? ", " : "", dir);
	if (!has_scripts(dir))
		return false;
	return (size_t)snprintf(p->scripts, sizeof(p->scripts), "%s", dir) < sizeof(p->scripts);
}

/* PREFIX/share/kmembench/plots when this executable is PREFIX/bin/kmembench */
static bool try_installed(struct report_plotter *p)
{
	char dir[PATH_MAX];

	return install_path(KMEM_INSTALL_PLOTSDIR, dir, sizeof(dir)) && try_dir(p, dir);
}

static bool find_in_path(const char *name, char *out, size_t size)
{
	const char *path = getenv("PATH");

	while (path && *path) {
		size_t len = strcspn(path, ":");

		if ((size_t)snprintf(out, size, "%.*s/%s", (int)len, len ? path : ".", name) <
			    size &&
		    !access(out, X_OK))
			return true;
		path += len + !!path[len];
	}
	out[0] = '\0';
	return false;
}

int report_plot_setup(struct report *rep)
{
	struct report_plotter *p = &rep->plot;
	const char *env = getenv("KMEM_PLOTS_DIR");
	char log[PATH_MAX];

	if (env && *env)
		try_dir(p, env);
	else if (!try_installed(p) && !try_dir(p, KMEM_SOURCE_DIR "/plots"))
		try_dir(p, KMEM_INSTALL_FULL_PLOTSDIR);
	find_in_path("gnuplot", p->gnuplot, sizeof(p->gnuplot));
	p->log_fd = -1;
	if (!p->gnuplot[0] || !p->scripts[0])
		return 0;
	if ((size_t)snprintf(log, sizeof(log), "%s/gnuplot.log", rep->out_dir) >= sizeof(log)) {
		fprintf(stderr, "kmembench report: %s: path too long\n", rep->out_dir);
		return -ENAMETOOLONG;
	}
	/* read back too: the last line a failed script wrote says why */
	p->log_fd = open(log, O_RDWR | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0666);
	if (p->log_fd < 0) {
		fprintf(stderr, "kmembench report: cannot create %s: %s\n", log, strerror(errno));
		return -errno;
	}
	return 0;
}

void report_plot_close(struct report *rep)
{
	if (rep->plot.log_fd >= 0)
		close(rep->plot.log_fd);
	rep->plot.log_fd = -1;
}

/*
 * Appends NAME='VALUE'; at @n of @buf, VALUE as a gnuplot single-quoted string (' doubled,
 * control characters as spaces). Returns the new length, or @size when it does not fit.
 */
static size_t gp_var(char *buf, size_t size, size_t n, const char *name, const char *value)
{
	if (n >= size || (size_t)snprintf(buf + n, size - n, "%s='", name) >= size - n)
		return size;
	n += strlen(buf + n);
	for (; *value; value++) {
		char c = *value;

		if (n + (c == '\'' ? 2 : 1) + sizeof("'; ") > size)
			return size;
		if (c == '\'')
			buf[n++] = '\'';
		buf[n++] = (unsigned char)c < ' ' ? ' ' : c;
	}
	memcpy(buf + n, "'; ", sizeof("'; "));
	return n + strlen("'; ");
}

/* The last line of what the script wrote to the log since @from: why it failed */
static void last_log_line(int fd, off_t from, char *err, size_t size)
{
	char buf[4096], *line, *end;
	off_t to = lseek(fd, 0, SEEK_END);
	ssize_t n;

	if (to > from + (off_t)sizeof(buf) - 1)
		from = to - (off_t)sizeof(buf) + 1;
	n = pread(fd, buf, (size_t)(to - from), from);
	if (n <= 0) {
		snprintf(err, size, "no message");
		return;
	}
	buf[n] = '\0';
	end = buf + n;
	while (end > buf && (end[-1] == '\n' || end[-1] == ' '))
		*--end = '\0';
	line = strrchr(buf, '\n');
	snprintf(err, size, "%s", line ? line + 1 : buf);
}

/* STEM announced by the script -> the files the page links, in the output directory */
static bool figure_files(const struct report *rep, const char *stem, struct report_figure *fig)
{
	const char *base = strrchr(stem, '/') ? strrchr(stem, '/') + 1 : stem;
	char name[sizeof(fig->img)], path[PATH_MAX + sizeof(name) + 1];
	static const char *const exts[] = { "svg", "png" };

	fig->img[0] = fig->link[0] = '\0';
	for (int i = 0; i < 2; i++) {
		if (!strstr(rep->plot.formats, exts[i]))
			continue;
		snprintf(name, sizeof(name), "%.*s.%s", (int)(sizeof(name) - 5), base, exts[i]);
		snprintf(path, sizeof(path), "%s/%s", rep->out_dir, name);
		if (access(path, R_OK))
			continue;
		memcpy(fig->img[0] ? fig->link : fig->img, name, sizeof(name));
	}
	return fig->img[0];
}

/* Reads the script's announcements from @out until it ends */
static void read_figures(struct report *rep, FILE *out, struct report_figure **figs,
			 unsigned int *nr, unsigned int *missing)
{
	char *line = NULL;
	size_t cap = 0;

	while (getline(&line, &cap, out) > 0) {
		char *stem, *caption, *tab;
		struct report_figure *more;

		line[strcspn(line, "\r\n")] = '\0';
		if (strncmp(line, "image\t", 6))
			continue;
		stem = line + 6;
		tab = strchr(stem, '\t');
		caption = tab ? tab + 1 : "";
		if (tab)
			*tab = '\0';
		more = realloc(*figs, (*nr + 1) * sizeof(**figs));
		if (!more)
			break;
		*figs = more;
		snprintf(more[*nr].caption, sizeof(more[*nr].caption), "%s", caption);
		if (figure_files(rep, stem, &more[*nr]))
			(*nr)++;
		else
			(*missing)++;
	}
	free(line);
}

bool report_plot_has_script(const struct report *rep, const char *id)
{
	char path[PATH_MAX];

	return (size_t)snprintf(path, sizeof(path), "%s/%s.gp", rep->plot.scripts, id) <
		       sizeof(path) &&
	       !access(path, R_OK);
}

int report_plot_run(struct report *rep, const char *name, const char *id, const char *const *more,
		    struct report_figure **figs, unsigned int *nr, char *err, size_t errsize)
{
	struct report_plotter *p = &rep->plot;
	char script[PATH_MAX], vars[5 * PATH_MAX], out[PATH_MAX];
	char *argv[] = { "gnuplot", "-e", vars, script, NULL };
	posix_spawn_file_actions_t fa;
	unsigned int missing = 0;
	int pipefd[2], status = -1;
	bool failed;
	size_t n = 0;
	double start;
	off_t from;
	pid_t pid;
	FILE *f;

	*figs = NULL;
	*nr = 0;
	if ((size_t)snprintf(script, sizeof(script), "%s/%s.gp", p->scripts, name) >=
		    sizeof(script) ||
	    (size_t)snprintf(out, sizeof(out), "%s/%s", rep->out_dir, id) >= sizeof(out)) {
		snprintf(err, errsize, "paths too long");
		return -1;
	}
	if (access(script, R_OK)) {
		snprintf(err, errsize, "%s: %s", script, strerror(errno));
		return -1;
	}
	n = gp_var(vars, sizeof(vars), n, "dir", rep->run_dir);
	n = gp_var(vars, sizeof(vars), n, "out", out);
	n = gp_var(vars, sizeof(vars), n, "title", p->title);
	n = gp_var(vars, sizeof(vars), n, "fmt", p->formats);
	if (p->backends[0])
		n = gp_var(vars, sizeof(vars), n, "backends", p->backends);
	for (; more && more[0]; more += 2)
		n = gp_var(vars, sizeof(vars), n, more[0], more[1]);
	if (n >= sizeof(vars)) {
		snprintf(err, errsize, "paths too long for gnuplot's command line");
		return -1;
	}
	dprintf(p->log_fd, "== %s\n", script);
	from = lseek(p->log_fd, 0, SEEK_END);
	start = now_s();
	if (pipe2(pipefd, O_CLOEXEC)) {
		snprintf(err, errsize, "pipe: %s", strerror(errno));
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, p->log_fd, STDERR_FILENO);
	errno = posix_spawn(&pid, p->gnuplot, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[1]);
	if (errno) {
		snprintf(err, errsize, "cannot run %s: %s", p->gnuplot, strerror(errno));
		close(pipefd[0]);
		return -1;
	}
	f = fdopen(pipefd[0], "r");
	if (f) {
		read_figures(rep, f, figs, nr, &missing);
		fclose(f);
	} else {
		close(pipefd[0]);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	failed = !WIFEXITED(status) || WEXITSTATUS(status);
	if (failed)
		last_log_line(p->log_fd, from, err, errsize);
	/* the time each script takes, for whoever wonders why a report is slow */
	dprintf(p->log_fd, "== %s: %u image(s) in %.2f s, %s %d\n", script, *nr, now_s() - start,
		WIFEXITED(status) ? "exit status" : "signal",
		WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	if (failed)
		return WIFEXITED(status) && WEXITSTATUS(status) == 3 ? 1 : -1;
	if (missing) {
		snprintf(err, errsize, "%u image(s) announced but not written", missing);
		return -1;
	}
	return 0;
}
