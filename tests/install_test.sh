#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# install_test.sh BUILD_DIR FILE.c
#
# Installs BUILD_DIR into a scratch prefix, builds FILE.c (kernel-style code) with nothing but
# `cc $(pkg-config --cflags kmem) FILE.c $(pkg-config --libs kmem)`, runs it against the
# installed libkmem.so and expects exit 0 and an "install ok: backend B" line, B being
# $KMEM_BACKEND (default buddy). Checks that the installed headers, library and kmem.pc are
# enough to build and run a user's own code.
#
# Then, from FILE.c's directory: install_kenv.c (kernel code of the generic environment, which
# needs kbuild's forced kconfig) must build the same way and print its pr_info() line with a
# dmesg time stamp; install_missing.c, which includes a kernel header the model does not
# provide, must fail to build with an error naming that header.
set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 BUILD_DIR FILE.c" >&2
	exit 2
fi
build=$1
src=$2
backend=${KMEM_BACKEND:-buddy}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" ||
	{ cat "$tmp/install.log" >&2; echo "install_test: cmake --install failed" >&2; exit 1; }

# lib/, lib64/ or lib/<multiarch>/, whichever GNUInstallDirs chose
pc=$(find "$tmp/prefix" -name kmem.pc -path '*/pkgconfig/*' -print -quit)
if [ -z "$pc" ]; then
	echo "install_test: no kmem.pc under $tmp/prefix" >&2
	exit 1
fi
pcdir=$(dirname "$pc")
libdir=$(dirname "$pcdir")
for f in libkmem.so libkmem.a; do
	[ -e "$libdir/$f" ] || { echo "install_test: $libdir/$f not installed" >&2; exit 1; }
done

# kmem.pc derives its prefix from where it lies, so the file is used as installed
pkgconf=(pkg-config)
export PKG_CONFIG_PATH=$pcdir
cflags=$("${pkgconf[@]}" --cflags kmem)
libs=$("${pkgconf[@]}" --libs kmem)
# shellcheck disable=SC2086 # word splitting of the flags is intended
cc -std=gnu11 -Wall -Wextra -Werror $cflags "$src" $libs -o "$tmp/hello"

rc=0
out=$(LD_LIBRARY_PATH="$libdir" KMEM_MEM=${KMEM_MEM:-64M} "$tmp/hello") || rc=$?
echo "$out"
if [ "$rc" -ne 0 ]; then
	echo "install_test: $src exited with $rc" >&2
	exit 1
fi
if ! grep -q "^install ok: backend $backend, [0-9]* free pages$" <<<"$out"; then
	echo "install_test: no \"install ok: backend $backend\" line" >&2
	exit 1
fi

# The generic kernel environment, from the same flags alone
data=$(dirname "$src")
# shellcheck disable=SC2086
cc -std=gnu11 -Wall -Wextra -Werror $cflags "$data/install_kenv.c" $libs -o "$tmp/kenv"
rc=0
LD_LIBRARY_PATH="$libdir" KMEM_MEM=${KMEM_MEM:-64M} "$tmp/kenv" 2>"$tmp/kenv.err" || rc=$?
cat "$tmp/kenv.err" >&2
if [ "$rc" -ne 0 ]; then
	echo "install_test: install_kenv.c exited with $rc" >&2
	exit 1
fi
if ! grep -Eq '^\[ *[0-9]+\.[0-9]{6}\] install_kenv: printk ok$' "$tmp/kenv.err"; then
	echo "install_test: no \"[ seconds] install_kenv: printk ok\" line on stderr" >&2
	exit 1
fi

# A kernel header the model lacks is an error naming it, never the host's header
# shellcheck disable=SC2086
if cc -std=gnu11 $cflags -c "$data/install_missing.c" -o "$tmp/missing.o" 2>"$tmp/missing.err"; then
	echo "install_test: install_missing.c built against a header the model does not provide" >&2
	exit 1
fi
if ! grep -q 'kmembench: <linux/fs.h> is not provided' "$tmp/missing.err"; then
	cat "$tmp/missing.err" >&2
	echo "install_test: the failed build does not name <linux/fs.h>" >&2
	exit 1
fi
echo "install ok: kernel environment builds, a missing header is named"
