// SPDX-License-Identifier: GPL-2.0
/* Run directories and the interruption of a run (rundir.h). */
#define _GNU_SOURCE /* sigabbrev_np */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "rundir.h"

int make_dirs(const char *path)
{
	char buf[PATH_MAX];
	size_t len = strlen(path);

	if (!len)
		return -ENOENT;
	if (len >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, path, len + 1);
	for (char *p = buf + 1;; p++) {
		char c = *p;

		if (c != '/' && c)
			continue;
		*p = '\0';
		if (mkdir(buf, 0777) && errno != EEXIST)
			return -errno;
		*p = c;
		if (!c)
			break;
	}
	return 0;
}

int run_dir_create(const char *out, char *path, size_t size)
{
	struct timespec now;
	struct tm tm;
	char stamp[32];
	int err;

	if (out) {
		struct stat st;

		err = make_dirs(out);
		if (!err && (stat(out, &st) || !S_ISDIR(st.st_mode)))
			err = -ENOTDIR;
		if (err) {
			fprintf(stderr, "cannot create the run directory %s: %s\n", out,
				strerror(-err));
			return err;
		}
		if ((size_t)snprintf(path, size, "%s", out) >= size)
			return -ENAMETOOLONG;
		return 0;
	}
	err = make_dirs("results");
	if (err) {
		fprintf(stderr, "cannot create results/: %s\n", strerror(-err));
		return err;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	localtime_r(&now.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	/* the suffix keeps runs started in the same second (parallel tests) apart */
	for (unsigned int i = 0; i < 64; i++) {
		unsigned int suffix =
			((unsigned int)now.tv_nsec ^ ((unsigned int)getpid() << 8)) + i;

		if ((size_t)snprintf(path, size, "results/%s-%04x", stamp, suffix & 0xffff) >= size)
			return -ENAMETOOLONG;
		if (!mkdir(path, 0777))
			return 0;
		if (errno != EEXIST)
			break;
	}
	err = -errno;
	fprintf(stderr, "cannot create %s: %s\n", path, strerror(errno));
	return err;
}

static volatile sig_atomic_t caught_signal;
static struct sigaction old_int, old_term;

static void catch_signal(int sig)
{
	if (!caught_signal)
		caught_signal = sig;
}

/*
 * A signal ignored when the command started stays ignored, as the shell meant it: a command
 * started in the background by a script must not stop at the ^C of the terminal.
 */
static int catch_one(int sig, struct sigaction *old)
{
	struct sigaction sa = { .sa_handler = catch_signal, .sa_flags = SA_RESETHAND | SA_RESTART };

	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, NULL, old))
		return -errno;
	if (old->sa_handler == SIG_IGN)
		return 0;
	return sigaction(sig, &sa, NULL) ? -errno : 0;
}

int run_interrupt_catch(void)
{
	caught_signal = 0;
	return catch_one(SIGINT, &old_int) ?: catch_one(SIGTERM, &old_term);
}

int run_interrupted(void)
{
	return caught_signal;
}

const char *run_signal_name(int sig)
{
	static char buf[32];
	const char *name = sigabbrev_np(sig);

	if (!name)
		return "an unknown signal";
	snprintf(buf, sizeof(buf), "SIG%s", name);
	return buf;
}

void run_interrupt_release(void)
{
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
}
