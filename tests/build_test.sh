#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build_test.sh SOURCE_DIR WORK_DIR CC BUILD_TYPE
#
# Two builds of SOURCE_DIR, each in a fresh directory under WORK_DIR:
# 1. a user's build (default options): configured only, and checked to carry neither -Werror
#    nor sanitizers, so a newer compiler's new warning can never break it;
# 2. our CI's build with compiler CC and CMAKE_BUILD_TYPE BUILD_TYPE, warnings as errors
#    (KMEM_WERROR=ON), built whole; its kmembench must then run.
# The suite runs this for gcc Release and MinSizeRel and clang Debug, the builds that broke before.
set -euo pipefail

if [ $# -ne 4 ]; then
	echo "usage: $0 SOURCE_DIR WORK_DIR CC BUILD_TYPE" >&2
	exit 2
fi
src=$1
work=$2
cc=$3
type=$4

if ! command -v "$cc" >/dev/null; then
	echo "build_test: compiler $cc not found" >&2
	exit 1
fi
case "$cc" in
clang*) cxx=${cc/clang/clang++} ;;
*gcc*) cxx=${cc/gcc/g++} ;;
*) cxx=c++ ;;
esac

rm -rf "$work"
mkdir -p "$work"

user=$work/user
cmake -S "$src" -B "$user" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >"$work/user-configure.log" ||
	{ cat "$work/user-configure.log" >&2; echo "build_test: user configure failed" >&2; exit 1; }
for flag in -Werror -fsanitize; do
	if grep -q -- "$flag" "$user/compile_commands.json"; then
		echo "build_test: a default (user's) build compiles with $flag:" >&2
		grep -m 3 -o -- "[^ ]*${flag}[^ ]*" "$user/compile_commands.json" >&2
		exit 1
	fi
done
echo "build_test: a user's default build has no -Werror and no sanitizers"

ci=$work/$cc-$type
CC=$cc CXX=$cxx cmake -S "$src" -B "$ci" -DCMAKE_BUILD_TYPE="$type" -DKMEM_WERROR=ON \
	>"$work/ci-configure.log" ||
	{ cat "$work/ci-configure.log" >&2; echo "build_test: configure failed" >&2; exit 1; }
if ! nice cmake --build "$ci" -j"$(nproc)" >"$work/ci-build.log" 2>&1; then
	grep -E -B 2 -A 6 'error|warning' "$work/ci-build.log" | head -n 60 >&2
	echo "build_test: the $cc $type build with -Werror failed (log: $work/ci-build.log)" >&2
	exit 1
fi
"$ci/kmembench" list >/dev/null
echo "build_test: $cc $type built with -Werror, and its kmembench runs"
rm -rf "$user" "$ci"
