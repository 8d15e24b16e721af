#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# install_module_test.sh BUILD_DIR SOURCE_DIR
#
# Installs BUILD_DIR into a scratch prefix and builds a kernel module against it the two ways
# README.md gives: the pkg-config one-liner, and a CMake project of its own that finds the
# package (find_package(kmem)) and calls kmem_add_module(). The installed kmembench insmod then
# loads each on $KMEM_BACKEND (default buddy) and must report it ok, named as each was built.
set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 BUILD_DIR SOURCE_DIR" >&2
	exit 2
fi
build=$1
src=$2
module=$src/tests/modules/mod_params.c

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
	echo "install_module_test: $*" >&2
	exit 1
}

cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" ||
	{ cat "$tmp/install.log" >&2; fail "cmake --install failed"; }
pc=$(find "$tmp/prefix" -name kmem.pc -path '*/pkgconfig/*' -print -quit)
[ -n "$pc" ] || fail "no kmem.pc under $tmp/prefix"
kmembench=$tmp/prefix/bin/kmembench
[ -x "$kmembench" ] || fail "no bin/kmembench under $tmp/prefix"

# insmod_ok MODULE.so NAME: the installed kmembench loads it, runs it and finds it clean
insmod_ok() {
	local out rc=0

	out=$("$kmembench" insmod "$1" --arch x86_64 --mem 128M 2>&1) || rc=$?
	echo "$out"
	[ "$rc" -eq 0 ] || fail "kmembench insmod $1 exited with $rc"
	grep -q "^insmod $2 ($1) on " <<<"$out" || fail "$1 not loaded as $2"
	grep -q "^  result        ok$" <<<"$out" || fail "$1: no 'result ok'"
}

# README's one-liner; KBUILD_MODNAME left out, the module is named after its file
export PKG_CONFIG_PATH=$(dirname "$pc")
# shellcheck disable=SC2046 # word splitting of the flags is intended
cc -shared -fPIC -DMODULE $(pkg-config --cflags kmem) "$module" -o "$tmp/my-params.so"
insmod_ok "$tmp/my-params.so" my_params

# A project of its own
mkdir "$tmp/project"
cp "$module" "$tmp/project/params.c"
cat >"$tmp/project/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.18)
project(mymodule C)
find_package(kmem REQUIRED)
kmem_add_module(my-module SOURCES params.c)
CMAKE
cmake -S "$tmp/project" -B "$tmp/project/build" -DCMAKE_PREFIX_PATH="$tmp/prefix" \
	>"$tmp/project.log" 2>&1 || { cat "$tmp/project.log" >&2; fail "configure failed"; }
cmake --build "$tmp/project/build" >>"$tmp/project.log" 2>&1 ||
	{ cat "$tmp/project.log" >&2; fail "build failed"; }
insmod_ok "$tmp/project/build/my-module.so" my_module
