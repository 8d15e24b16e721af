// SPDX-License-Identifier: GPL-2.0
/*
 * Capture bundles, read side (bundle.h): the layout checked in one pass at bundle_open(), so
 * that a command fails before it boots anything, with the name of the file at fault; then the
 * parts on demand. The trace itself is read by the trace parser (workloads/trace/), which takes
 * gzip as it comes: here it only has to exist and be gzip.
 */
#include <endian.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "bundle.h"

#define BUNDLE_PROC_NAME(name) #name,
static const char *const proc_names[BUNDLE_NR_PROC] = { BUNDLE_PROC_FILES(BUNDLE_PROC_NAME) };
#undef BUNDLE_PROC_NAME

static const char *const when_names[BUNDLE_NR_WHEN] = { "before", "after" };

const char *bundle_proc_name(enum bundle_proc p)
{
	return proc_names[p];
}

const char *bundle_when_name(enum bundle_when w)
{
	return when_names[w];
}

__attribute__((format(printf, 3, 4))) static int fail(struct bundle *b, int err, const char *fmt,
						      ...)
{
	va_list ap;
	int n;

	n = snprintf(b->error, sizeof(b->error), "bundle %s: ", b->dir ?: "?");
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < sizeof(b->error))
		vsnprintf(b->error + n, sizeof(b->error) - n, fmt, ap);
	va_end(ap);
	return err;
}

char *bundle_path(struct bundle *b, const char *name, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s/%s", b->dir, name);

	if (n < 0 || (size_t)n >= size) {
		fail(b, -ENAMETOOLONG, "%s: path too long", name);
		return NULL;
	}
	return buf;
}

char *bundle_proc_path(struct bundle *b, enum bundle_when w, enum bundle_proc p, char *buf,
		       size_t size)
{
	char name[64];

	snprintf(name, sizeof(name), "%s.%s", when_names[w], proc_names[p]);
	return bundle_path(b, name, buf, size);
}

/* @name is in the bundle, a regular file we may read; for .gz, it starts with gzip's magic */
static int check_file(struct bundle *b, const char *name)
{
	unsigned char magic[2];
	char path[PATH_MAX];
	struct stat st;
	size_t len;
	FILE *f;

	if (!bundle_path(b, name, path, sizeof(path)))
		return -ENAMETOOLONG;
	if (stat(path, &st))
		return fail(b, -errno, "%s: %s", name,
			    errno == ENOENT ? "missing" : strerror(errno));
	if (!S_ISREG(st.st_mode))
		return fail(b, -EINVAL, "%s: not a regular file", name);
	f = fopen(path, "rb");
	if (!f)
		return fail(b, -errno, "%s: cannot read: %s", name, strerror(errno));
	len = strlen(name);
	if (len > 3 && !strcmp(name + len - 3, ".gz") &&
	    (fread(magic, 1, 2, f) != 2 || magic[0] != 0x1f || magic[1] != 0x8b)) {
		fclose(f);
		return fail(b, -EINVAL, "%s: not gzip", name);
	}
	fclose(f);
	return 0;
}

/* The whole of file @name into a NUL-terminated buffer */
static char *slurp(struct bundle *b, const char *name, size_t *lenp)
{
	char path[PATH_MAX];
	size_t len = 0, cap = 4096;
	char *buf, *nbuf;
	FILE *f;

	if (!bundle_path(b, name, path, sizeof(path)))
		return NULL;
	f = fopen(path, "rb");
	if (!f) {
		fail(b, -errno, "%s: cannot read: %s", name, strerror(errno));
		return NULL;
	}
	buf = malloc(cap);
	while (buf) {
		len += fread(buf + len, 1, cap - 1 - len, f);
		if (len < cap - 1)
			break;
		cap *= 2;
		nbuf = realloc(buf, cap);
		if (!nbuf)
			free(buf);
		buf = nbuf;
	}
	if (!buf) {
		fclose(f);
		fail(b, -ENOMEM, "%s: out of memory", name);
		return NULL;
	}
	if (ferror(f)) {
		fail(b, -EIO, "%s: read error", name);
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[len] = '\0';
	if (lenp)
		*lenp = len;
	return buf;
}

static void free_pairs(struct bundle_pair *pairs, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		free(pairs[i].name);
		free(pairs[i].value);
	}
	free(pairs);
}

/*
 * "NAME VALUE" lines of file @name: NAME is what precedes the first space, VALUE the rest of
 * the line (it may be empty, as for a sysctl that prints nothing). A line without a space, an
 * empty NAME, a NUL byte or a NAME seen before is malformed.
 */
static int read_pairs(struct bundle *b, const char *name, struct bundle_pair **pairsp, size_t *nrp)
{
	struct bundle_pair *pairs = NULL, *np;
	size_t len, nr = 0, lineno = 0;
	char *text, *line, *next;
	int err = 0;

	text = slurp(b, name, &len);
	if (!text)
		return -EIO;
	if (strlen(text) != len) {
		free(text);
		return fail(b, -EINVAL, "%s: holds a NUL byte: not a text file", name);
	}
	for (line = text; *line; line = next) {
		char *sp, *nl = strchr(line, '\n');

		next = nl ? nl + 1 : line + strlen(line);
		if (nl)
			*nl = '\0';
		lineno++;
		sp = strchr(line, ' ');
		if (!sp || sp == line) {
			err = fail(b, -EINVAL, "%s:%zu: not \"NAME VALUE\": '%.60s'", name, lineno,
				   line);
			break;
		}
		*sp = '\0';
		for (size_t i = 0; i < nr; i++) {
			if (!strcmp(pairs[i].name, line)) {
				err = fail(b, -EINVAL, "%s:%zu: '%s' given twice (line %zu too)",
					   name, lineno, line, i + 1);
				break;
			}
		}
		if (err)
			break;
		np = realloc(pairs, (nr + 1) * sizeof(*pairs));
		if (!np) {
			err = fail(b, -ENOMEM, "%s: out of memory", name);
			break;
		}
		pairs = np;
		pairs[nr].name = strdup(line);
		pairs[nr].value = strdup(sp + 1);
		nr++;
		if (!pairs[nr - 1].name || !pairs[nr - 1].value) {
			err = fail(b, -ENOMEM, "%s: out of memory", name);
			break;
		}
	}
	free(text);
	if (err) {
		free_pairs(pairs, nr);
		return err;
	}
	*pairsp = pairs;
	*nrp = nr;
	return 0;
}

int bundle_open(struct bundle *b, const char *dir)
{
	static const char *const others[] = { BUNDLE_KPAGEFLAGS, BUNDLE_KPAGECOUNT, BUNDLE_TRACE,
					      BUNDLE_TRACE_STATS, BUNDLE_UNAME };
	char name[64], path[PATH_MAX];
	struct stat st;
	int err;

	memset(b, 0, sizeof(*b));
	b->dir = strdup(dir);
	if (!b->dir)
		return fail(b, -ENOMEM, "out of memory");
	if (stat(dir, &st))
		return fail(b, -errno, "%s", strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return fail(b, -ENOTDIR, "not a directory");
	for (int w = 0; w < BUNDLE_NR_WHEN; w++) {
		for (int p = 0; p < BUNDLE_NR_PROC; p++) {
			snprintf(name, sizeof(name), "%s.%s", when_names[w], proc_names[p]);
			err = check_file(b, name);
			if (err)
				return err;
		}
		snprintf(name, sizeof(name), "%s.%s", when_names[w], BUNDLE_SYSCTL);
		err = check_file(b, name);
		if (!err)
			err = read_pairs(b, name, &b->sysctl[w], &b->nr_sysctl[w]);
		if (err)
			return err;
	}
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		err = check_file(b, others[i]);
		if (err)
			return err;
	}
	if (!bundle_path(b, BUNDLE_MANIFEST, path, sizeof(path)))
		return -ENAMETOOLONG;
	if (access(path, F_OK) && errno == ENOENT)
		return 0;
	err = check_file(b, BUNDLE_MANIFEST);
	if (!err)
		err = read_pairs(b, BUNDLE_MANIFEST, &b->manifest, &b->nr_manifest);
	if (err)
		return err;
	b->has_manifest = true;
	return 0;
}

void bundle_close(struct bundle *b)
{
	for (int w = 0; w < BUNDLE_NR_WHEN; w++)
		free_pairs(b->sysctl[w], b->nr_sysctl[w]);
	free_pairs(b->manifest, b->nr_manifest);
	free(b->dir);
	memset(b, 0, sizeof(*b));
}

char *bundle_read_proc(struct bundle *b, enum bundle_when w, enum bundle_proc p, size_t *len)
{
	char name[64];

	snprintf(name, sizeof(name), "%s.%s", when_names[w], proc_names[p]);
	return slurp(b, name, len);
}

static const char *find_pair(const struct bundle_pair *pairs, size_t nr, const char *name)
{
	for (size_t i = 0; i < nr; i++)
		if (!strcmp(pairs[i].name, name))
			return pairs[i].value;
	return NULL;
}

const char *bundle_sysctl(const struct bundle *b, enum bundle_when w, const char *name)
{
	return find_pair(b->sysctl[w], b->nr_sysctl[w], name);
}

const char *bundle_manifest(const struct bundle *b, const char *key)
{
	return find_pair(b->manifest, b->nr_manifest, key);
}

int bundle_read_kpages(struct bundle *b, const char *name, uint64_t **valsp, size_t *nrp)
{
	size_t cap = 1 << 16, nr = 0, tail;
	char path[PATH_MAX];
	uint64_t *vals, *nv;
	int n, err = 0;
	gzFile gz;

	if (!bundle_path(b, name, path, sizeof(path)))
		return -ENAMETOOLONG;
	gz = gzopen(path, "rb");
	if (!gz)
		return fail(b, -errno ?: -ENOMEM, "%s: cannot read: %s", name,
			    errno ? strerror(errno) : "out of memory");
	gzbuffer(gz, 1 << 17);
	vals = malloc(cap * sizeof(*vals));
	tail = 0;
	while (vals) {
		/* bytes already read of a u64 cut at the end of the last read stay at @tail */
		unsigned char *dst = (unsigned char *)(vals + nr) + tail;
		size_t want = (cap - nr) * sizeof(*vals) - tail;

		n = gzread(gz, dst, want > INT_MAX ? INT_MAX : (unsigned int)want);
		if (n < 0) {
			int zerr;

			err = fail(b, -EIO, "%s: %s", name, gzerror(gz, &zerr));
			break;
		}
		if (n == 0)
			break;
		nr += (tail + n) / sizeof(*vals);
		tail = (tail + n) % sizeof(*vals);
		if (nr == cap) {
			cap *= 2;
			nv = realloc(vals, cap * sizeof(*vals));
			if (!nv)
				free(vals);
			vals = nv;
		}
	}
	gzclose(gz);
	if (!vals)
		return fail(b, -ENOMEM, "%s: out of memory", name);
	if (!err && tail)
		err = fail(b, -EINVAL,
			   "%s: %zu bytes after the last whole 8-byte entry: not a "
			   "copy of a /proc/kpage* file",
			   name, tail);
	if (err) {
		free(vals);
		return err;
	}
	for (size_t i = 0; i < nr; i++)
		vals[i] = le64toh(vals[i]);
	*valsp = vals;
	*nrp = nr;
	return 0;
}

bool bundle_is_bundle(const char *path)
{
	char trace[PATH_MAX];
	struct stat st;

	if (stat(path, &st) || !S_ISDIR(st.st_mode))
		return false;
	if ((size_t)snprintf(trace, sizeof(trace), "%s/%s", path, BUNDLE_TRACE) >= sizeof(trace))
		return false;
	return !access(trace, F_OK);
}
