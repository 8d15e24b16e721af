#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The command traced into this bundle (see README.md): a small build and file work in a
# scratch directory, removed at the end. Needs only sh, tar, make, gcc and dd.
set -eu

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# dentries, inodes, page cache: a header tree tarred and untarred
tar -C /usr/include -cf "$dir/inc.tar" linux
mkdir "$dir/x"
tar -C "$dir/x" -xf "$dir/inc.tar"

# forks, execs, compilers' anonymous memory: eight C files built by make -j2
mkdir "$dir/src"
i=0
while [ $i -lt 8 ]; do
	cat >"$dir/src/f$i.c" <<C
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int f$i(int n);
int f$i(int n)
{
	char *p = malloc((size_t)n * 4096);

	if (!p)
		return -1;
	memset(p, $i, (size_t)n * 4096);
	n = p[n];
	free(p);
	return n;
}
C
	i=$((i + 1))
done
printf 'int main(void) { return 0; }\n' >"$dir/src/main.c"
cat >"$dir/src/Makefile" <<'M'
OBJS = f0.o f1.o f2.o f3.o f4.o f5.o f6.o f7.o main.o
prog: $(OBJS)
	$(CC) -o $@ $(OBJS)
%.o: %.c
	$(CC) -O2 -c -o $@ $<
M
make -s -j2 -C "$dir/src" CC=gcc

# large page-cache folios: 16 MiB written, synced and read back
dd if=/dev/zero of="$dir/big" bs=1M count=16 status=none conv=fsync
dd if="$dir/big" of=/dev/null bs=1M status=none
