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
