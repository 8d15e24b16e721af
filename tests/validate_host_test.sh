#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kmembench validate --host, on one back end:
#  - on the fixtures of tests/data/host/ (a copy of a machine's /proc, the same as a capture
#    bundle, a made-up two-node machine with its sysctls tuned): exit 0, every row matching or
#    explained, none differing unexplained;
#  - on bad sources (no such directory, one with neither zoneinfo, a malformed zoneinfo): exit 1
#    and one line naming the file; a directory that is no bundle, neither a BUNDLE nor --host,
#    or an unknown back end: a usage error
#    (exit 2);
#  - on this machine's /proc: the same verdict, when the host is Linux and /proc/zoneinfo is
#    readable; otherwise the live part is skipped (exit 77) and says why.
#
# usage: validate_host_test.sh KMEMBENCH SOURCE_DIR BACKEND
set -eu

kmembench=$1
src=$2
export KMEM_BACKEND=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/kmem-validate-host.XXXXXX")
trap 'rm -rf "$work"' EXIT
unset KMEM_HOST_PROC KMEM_ARCH || true

. "$src/tests/lib.sh"

# all_match NAME: the table's verdict, and no row marked NO
all_match() {
	grep -q ' 0 differ unexplained$' "$work/$1.out" || { cat "$work/$1.out"; fail "$1: verdict"; }
	if grep -q ' NO ' "$work/$1.out"; then
		cat "$work/$1.out"
		fail "$1: a row differs"
	fi
	grep -q '^   0 [A-Za-z0-9]* *min ' "$work/$1.out" || fail "$1: no watermark rows"
}

for fixture in this bundle twonode tuned; do
	expect 0 "$fixture" "$kmembench" validate --host --proc "$src/tests/data/host/$fixture"
	all_match "$fixture"
done
# KMEM_HOST_PROC stands for --proc
KMEM_HOST_PROC="$src/tests/data/host/twonode" expect 0 env "$kmembench" validate --host
grep -q 'twonode/zoneinfo' "$work/env.out" || fail "env: KMEM_HOST_PROC not read"

expect 1 nodir "$kmembench" validate --host --proc "$work/no-such-dir"
one_line nodir "no-such-dir"
mkdir "$work/neither"
expect 1 neither "$kmembench" validate --host --proc "$work/neither"
one_line neither "neither zoneinfo"
mkdir -p "$work/bad/sys"
cp -r "$src/tests/data/host/this/sys/vm" "$work/bad/sys/vm"
sed 's/^        min      39$/        min      3 9/' "$src/tests/data/host/this/zoneinfo" \
	> "$work/bad/zoneinfo"
expect 1 bad "$kmembench" validate --host --proc "$work/bad"
one_line bad "$work/bad/zoneinfo:"
expect 2 bundle "$kmembench" validate "$src/tests/data/host/bundle"
one_line bundle "not a capture bundle"
expect 2 nohost "$kmembench" validate
one_line nohost "a BUNDLE or --host is needed"
expect 2 nobackend "$kmembench" validate --host --backend nope
one_line nobackend "unknown back end 'nope'"

if [ "$(uname -s)" != Linux ] || ! [ -r /proc/zoneinfo ] || ! [ -r /proc/sys/vm/min_free_kbytes ]
then
	echo "SKIP: the live part needs a Linux host with /proc/zoneinfo and /proc/sys/vm readable"
	exit 77
fi
expect 0 live "$kmembench" validate --host
all_match live
echo "ok: fixtures, bad sources and this machine"
