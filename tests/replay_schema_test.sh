#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# `kmembench replay --bench` of the shared trace on one back end into a fresh directory, then
# `kmembench check-schema` on it: every CSV the replay writes must be as results/SCHEMA.md
# documents it. Then a damaged copy (a column renamed, a field that is not a number) must be
# caught, so the check itself is checked.
#
# usage: replay_schema_test.sh KMEMBENCH SOURCE_DIR BACKEND
set -eu

kmembench=$1
src=$2
backend=$3
schema=$src/results/SCHEMA.md
work=$(mktemp -d "${TMPDIR:-/tmp}/kmem-schema.XXXXXX")
trap 'rm -rf "$work"' EXIT

"$kmembench" replay "$src/tests/data/fs-tar-git.kmem.trace.gz" --backend "$backend" \
	--mem 1G --every 5000 --bench --out "$work/run" -q > "$work/replay.out"
cat "$work/replay.out"
grep -q '^replayed 253453 events (.* 0 errors) in ' "$work/replay.out"
for f in meta replay_summary replay_timeseries replay_caches replay_orders replay_failures \
	replay_speed; do
	test -s "$work/run/$f.csv" || { echo "missing $f.csv"; exit 1; }
done
"$kmembench" check-schema "$work/run" --schema "$schema"

# the checker must fail on a header that differs and on a field of the wrong type
mkdir "$work/bad1" "$work/bad2"
sed '1s/allocs/allocations/' "$work/run/replay_summary.csv" > "$work/bad1/replay_summary.csv"
sed '2s/^\([^,]*\),\([^,]*\),[0-9]*/\1,\2,lots/' "$work/run/replay_summary.csv" \
	> "$work/bad2/replay_summary.csv"
for d in bad1 bad2; do
	if "$kmembench" check-schema "$work/$d" --schema "$schema" > "$work/$d.out" 2>&1; then
		echo "check-schema accepted $d:"; cat "$work/$d.out"; exit 1
	fi
	cat "$work/$d.out"
	grep -q "replay_summary.csv:[12]: " "$work/$d.out"
done
echo "replay_schema: ok"
