// SPDX-License-Identifier: GPL-2.0
/*
 * tracefs for `kmembench capture` (tracefs.h). Every write goes through tracefs_set(), which
 * saves the file's first value, so that tracefs_restore() can give the machine back its tracing
 * state whatever path the capture takes out.
 *
 * buffer_size_kb reads "7 (expanded: 1408)" while the ring buffer has never been used: the
 * kernel allocates the expanded size as soon as anything traces, and no write can bring the
 * unexpanded state back, so the value saved for it is the expanded size, the one tracing uses.
 * An event's enable file reads "0", "1", or either with '*' (soft-disabled by a trigger): the
 * digit is what is written back.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "tracefs.h"

#define PROG "kmembench capture"

/* statfs's f_type of tracefs (linux/magic.h's TRACEFS_MAGIC) */
#define TRACEFS_MAGIC 0x74726163

static const char *const roots[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };

static bool is_tracefs(const char *dir)
{
	struct statfs sfs;

	return !statfs(dir, &sfs) && sfs.f_type == TRACEFS_MAGIC;
}

int tracefs_open(struct tracefs *t)
{
	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
		if (is_tracefs(roots[i])) {
			snprintf(t->root, sizeof(t->root), "%s", roots[i]);
			return 0;
		}
	}
	if (mount("nodev", roots[0], "tracefs", 0, NULL)) {
		fprintf(stderr,
			PROG ": no tracefs: it is not mounted and mounting it on %s failed: %s%s\n",
			roots[0], strerror(errno),
			errno == ENODEV ? " (this kernel has no tracing: CONFIG_TRACING)" : "");
		return -1;
	}
	snprintf(t->root, sizeof(t->root), "%s", roots[0]);
	t->mounted = true;
	return 0;
}

static int path_of(const struct tracefs *t, const char *file, char *buf, size_t size)
{
	if ((size_t)snprintf(buf, size, "%s/%s", t->root, file) >= size)
		return -ENAMETOOLONG;
	return 0;
}

bool tracefs_exists(const struct tracefs *t, const char *file)
{
	char path[PATH_MAX];

	return !path_of(t, file, path, sizeof(path)) && !access(path, F_OK);
}

/* The text of a small file (at most @size - 1 bytes: a stats file, a setting) */
static int read_whole(const struct tracefs *t, const char *file, char *buf, size_t size)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd, err;

	err = path_of(t, file, path, sizeof(path));
	if (err)
		return err;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	err = n < 0 ? -errno : 0;
	close(fd);
	if (!err)
		buf[n] = '\0';
	return err;
}

int tracefs_read(const struct tracefs *t, const char *file, char *buf, size_t size)
{
	int err = read_whole(t, file, buf, size);

	if (!err)
		buf[strcspn(buf, "\n")] = '\0';
	return err;
}

static int write_file(const struct tracefs *t, const char *file, const char *value)
{
	char path[PATH_MAX];
	size_t len = strlen(value);
	int fd, err;

	err = path_of(t, file, path, sizeof(path));
	if (err)
		return err;
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = write(fd, value, len) == (ssize_t)len ? 0 : -errno;
	if (close(fd) && !err)
		err = -errno;
	return err;
}

/* What to write back to @file, which reads @cur */
static void restore_value(const char *file, const char *cur, char *value, size_t size)
{
	const char *expanded = strstr(cur, "(expanded: ");
	size_t len;

	if (expanded) {
		expanded += strlen("(expanded: ");
		snprintf(value, size, "%.*s", (int)strspn(expanded, "0123456789"), expanded);
		return;
	}
	len = strlen(file);
	if (len >= 6 && !strcmp(file + len - 6, "enable")) {
		snprintf(value, size, "%c", cur[0] == '1' ? '1' : '0');
		return;
	}
	snprintf(value, size, "%s", cur);
}

static struct tracefs_saved *find_saved(struct tracefs *t, const char *file)
{
	for (size_t i = 0; i < t->nr_saved; i++)
		if (!strcmp(t->saved[i].file, file))
			return &t->saved[i];
	return NULL;
}

int tracefs_set(struct tracefs *t, const char *file, const char *value)
{
	struct tracefs_saved *s, *ns;
	char cur[256];
	int err;

	if (!find_saved(t, file)) {
		err = tracefs_read(t, file, cur, sizeof(cur));
		if (err) {
			fprintf(stderr, PROG ": cannot read %s/%s: %s\n", t->root, file,
				strerror(-err));
			return -1;
		}
		ns = realloc(t->saved, (t->nr_saved + 1) * sizeof(*ns));
		if (!ns) {
			fprintf(stderr, PROG ": out of memory\n");
			return -1;
		}
		t->saved = ns;
		s = &t->saved[t->nr_saved++];
		snprintf(s->file, sizeof(s->file), "%s", file);
		restore_value(file, cur, s->value, sizeof(s->value));
	}
	err = write_file(t, file, value);
	if (err) {
		fprintf(stderr, PROG ": cannot write '%s' to %s/%s: %s\n", value, t->root, file,
			strerror(-err));
		return -1;
	}
	return 0;
}

int tracefs_restore_file(struct tracefs *t, const char *file)
{
	struct tracefs_saved *s = find_saved(t, file);
	int err;

	if (!s)
		return 0;
	err = write_file(t, s->file, s->value);
	if (err) {
		fprintf(stderr, PROG ": could not restore %s/%s to '%s': %s\n", t->root, s->file,
			s->value, strerror(-err));
		return -1;
	}
	return 0;
}

int tracefs_restore(struct tracefs *t)
{
	int ret = 0;

	for (size_t i = t->nr_saved; i-- > 0;)
		if (tracefs_restore_file(t, t->saved[i].file))
			ret = -1;
	free(t->saved);
	t->saved = NULL;
	t->nr_saved = 0;
	if (t->mounted) {
		if (umount(t->root)) {
			fprintf(stderr,
				PROG ": could not unmount the tracefs it mounted on %s: %s\n",
				t->root, strerror(errno));
			ret = -1;
		}
		t->mounted = false;
	}
	return ret;
}

int tracefs_clear(struct tracefs *t)
{
	char path[PATH_MAX];
	int fd;

	if (path_of(t, "trace", path, sizeof(path)))
		return -1;
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, PROG ": cannot clear %s: %s\n", path, strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

/* "NAME: NUMBER" of a stats file's text */
static uint64_t stat_field(const char *text, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, name, len) && p[len] == ':')
			return strtoull(p + len + 1, NULL, 10);
	return 0;
}

static bool is_cpu_dir(const struct dirent *de)
{
	return !strncmp(de->d_name, "cpu", 3) && isdigit((unsigned char)de->d_name[3]);
}

static int by_cpu(const struct dirent **a, const struct dirent **b)
{
	return atoi((*a)->d_name + 3) - atoi((*b)->d_name + 3);
}

static int filter_cpu(const struct dirent *de)
{
	return is_cpu_dir(de);
}

int tracefs_stats(const struct tracefs *t, struct tracefs_stats *sum, struct tracefs_stats *per_cpu,
		  int max_cpus, char **textp)
{
	char path[PATH_MAX], file[64], buf[1024];
	size_t len = 0, cap = 0;
	struct dirent **cpus;
	char *text = NULL;
	int nr, found = 0;

	memset(sum, 0, sizeof(*sum));
	if (path_of(t, "per_cpu", path, sizeof(path)))
		return -1;
	nr = scandir(path, &cpus, filter_cpu, by_cpu);
	if (nr < 0)
		return -1;
	for (int i = 0; i < nr; i++) {
		int cpu = atoi(cpus[i]->d_name + 3);
		struct tracefs_stats s = { .nr_cpus = 1 };
		char *nt;
		size_t add;

		if ((size_t)snprintf(file, sizeof(file), "per_cpu/%s/stats", cpus[i]->d_name) >=
			    sizeof(file) ||
		    read_whole(t, file, buf, sizeof(buf)))
			continue;
		s.entries = stat_field(buf, "entries");
		s.overrun = stat_field(buf, "overrun");
		s.dropped = stat_field(buf, "dropped events");
		s.bytes = stat_field(buf, "bytes");
		sum->entries += s.entries;
		sum->overrun += s.overrun;
		sum->dropped += s.dropped;
		sum->bytes += s.bytes;
		sum->nr_cpus++;
		found++;
		if (per_cpu && cpu < max_cpus)
			per_cpu[cpu] = s;
		if (!textp)
			continue;
		add = strlen(cpus[i]->d_name) + 1 + strlen(buf) + 1;
		if (len + add + 1 > cap) {
			cap = (len + add + 1) * 2;
			nt = realloc(text, cap);
			if (!nt)
				continue;
			text = nt;
		}
		len += sprintf(text + len, "%s\n%s", cpus[i]->d_name, buf);
	}
	for (int i = 0; i < nr; i++)
		free(cpus[i]);
	free(cpus);
	if (textp)
		*textp = text;
	else
		free(text);
	return found ? 0 : -1;
}
