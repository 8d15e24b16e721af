// SPDX-License-Identifier: GPL-2.0
/*
 * Capture bundles, write side (bundle.h): copies of /proc files, plain or gzip, and the vm
 * sysctls as "NAME VALUE" lines. /proc files report a size of 0 and are read until a read
 * returns nothing; the big binary ones (kpageflags, kpagecount: 8 bytes per pfn) go through
 * zlib a buffer at a time.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "bundle.h"

#define COPY_CHUNK (1 << 17)

static int join(char *buf, const char *dir, const char *name)
{
	if ((size_t)snprintf(buf, PATH_MAX, "%s/%s", dir, name) >= PATH_MAX) {
		fprintf(stderr, "bundle %s: %s: path too long\n", dir, name);
		return -ENAMETOOLONG;
	}
	return 0;
}

/* write() all of @len bytes, through EINTR and short writes */
static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= n;
	}
	return 0;
}

int bundle_copy(const char *dir, const char *name, const char *src, int gzip_level, uint64_t *bytes)
{
	char path[PATH_MAX], mode[8];
	uint64_t total = 0;
	gzFile gz = NULL;
	int in, out = -1, err = 0;
	char *buf;

	err = join(path, dir, name);
	if (err)
		return err;
	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		err = -errno;
		fprintf(stderr, "cannot read %s: %s\n", src, strerror(errno));
		return err;
	}
	buf = malloc(COPY_CHUNK);
	out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (!buf || out < 0) {
		err = buf ? -errno : -ENOMEM;
		fprintf(stderr, "bundle %s: cannot write %s: %s\n", dir, name, strerror(-err));
		goto out;
	}
	if (gzip_level) {
		snprintf(mode, sizeof(mode), "wb%d", gzip_level);
		gz = gzdopen(out, mode);
		if (!gz) {
			err = -ENOMEM;
			fprintf(stderr, "bundle %s: cannot write %s: out of memory\n", dir, name);
			goto out;
		}
		out = -1; /* gzclose() closes it */
		gzbuffer(gz, COPY_CHUNK);
	}
	for (;;) {
		ssize_t n = read(in, buf, COPY_CHUNK);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			fprintf(stderr, "cannot read %s: %s\n", src, strerror(errno));
			break;
		}
		if (!n)
			break;
		total += n;
		if (gz ? gzwrite(gz, buf, n) != n : (err = write_all(out, buf, n)) != 0) {
			err = err ?: -EIO;
			fprintf(stderr, "bundle %s: cannot write %s: %s\n", dir, name,
				strerror(-err));
			break;
		}
	}
out:
	if (gz && gzclose(gz) != Z_OK && !err) {
		err = -EIO;
		fprintf(stderr, "bundle %s: cannot write %s: error on close\n", dir, name);
	}
	if (out >= 0 && close(out) && !err) {
		err = -errno;
		fprintf(stderr, "bundle %s: cannot write %s: %s\n", dir, name, strerror(errno));
	}
	close(in);
	free(buf);
	if (bytes)
		*bytes = total;
	return err;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int bundle_write_sysctl(const char *dir, const char *name, const char *sysctl_dir)
{
	char path[PATH_MAX], src[PATH_MAX], value[4096];
	struct dirent **names;
	int nr, err = 0;
	FILE *out;

	err = join(path, dir, name);
	if (err)
		return err;
	nr = scandir(sysctl_dir, &names, NULL, by_name);
	if (nr < 0) {
		err = -errno;
		fprintf(stderr, "cannot read %s: %s\n", sysctl_dir, strerror(errno));
		return err;
	}
	out = fopen(path, "w");
	if (!out) {
		err = -errno;
		fprintf(stderr, "bundle %s: cannot write %s: %s\n", dir, name, strerror(errno));
	}
	for (int i = 0; i < nr; i++) {
		const char *n = names[i]->d_name;
		struct stat st;
		ssize_t len;
		int fd;

		if (err || n[0] == '.' || !strcmp(n, "stat_refresh") || join(src, sysctl_dir, n) ||
		    stat(src, &st) || !S_ISREG(st.st_mode) || !(st.st_mode & S_IRUSR))
			continue;
		fd = open(src, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		len = read(fd, value, sizeof(value) - 1);
		close(fd);
		if (len < 0)
			continue;
		while (len && value[len - 1] == '\n')
			len--;
		for (ssize_t j = 0; j < len; j++)
			if (value[j] == '\t' || value[j] == '\n')
				value[j] = ' ';
		fprintf(out, "%s %.*s\n", n, (int)len, value);
	}
	for (int i = 0; i < nr; i++)
		free(names[i]);
	free(names);
	if (out && (ferror(out) | fclose(out)) && !err) {
		err = -EIO;
		fprintf(stderr, "bundle %s: cannot write %s\n", dir, name);
	}
	return err;
}

int bundle_snapshot(const char *dir, enum bundle_when w, const char *proc_root)
{
	char name[64], src[PATH_MAX];
	int err;

	for (int p = 0; p < BUNDLE_NR_PROC; p++) {
		snprintf(name, sizeof(name), "%s.%s", bundle_when_name(w), bundle_proc_name(p));
		err = join(src, proc_root, bundle_proc_name(p));
		if (!err)
			err = bundle_copy(dir, name, src, 0, NULL);
		if (err)
			return err;
	}
	snprintf(name, sizeof(name), "%s.%s", bundle_when_name(w), BUNDLE_SYSCTL);
	err = join(src, proc_root, "sys/vm");
	if (!err)
		err = bundle_write_sysctl(dir, name, src);
	return err;
}
