#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A workload is one file and one list line: kmembench-toy is kmembench built with one more
# workload, tests/workload/toy.c, added to the list (CMake's KMEM_EXTRA_WORKLOADS) and nothing
# else. From its descriptor alone it must be listed, run, documented in the generated schema and
# checked against it, reported (its section, its headline figure and, with gnuplot, a figure that
# plots/generic.gp draws, since it has no script), and compared. The kmembench without it must
# know nothing of it.
#
# usage: toy_workload_test.sh KMEMBENCH_TOY KMEMBENCH SOURCE_DIR BACKEND
set -eu

toy=$1
plain=$2
src=$3
backend=$4
work=$(mktemp -d "${TMPDIR:-/tmp}/kmem-toy.XXXXXX")
trap 'rm -rf "$work"' EXIT

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

"$toy" list > "$work/list.txt"
grep -q '^  toy ' "$work/list.txt" || fail "kmembench-toy list does not show toy"
grep -q '^    blocks ' "$work/list.txt" || fail "kmembench-toy list does not show toy's parameters"
if "$plain" list | grep -q '^  toy '; then
	fail "kmembench without the extra workload lists toy"
fi

for run in a b; do
	"$toy" run --quick --arch x86_64 --backend "$backend" --workload toy,frag \
		--param toy.blocks=16 --out "$work/$run" 2> "$work/$run.log" ||
		fail "run $run: $(cat "$work/$run.log")"
	[ -s "$work/$run/toy.csv" ] || fail "run $run wrote no toy.csv"
	"$toy" check-schema "$work/$run" > "$work/check-$run.txt" ||
		fail "check-schema of run $run: $(cat "$work/check-$run.txt")"
done
# max_order's quick value is 2: orders 0, 1 and 2, 16 blocks asked for each
[ "$(wc -l < "$work/a/toy.csv")" -eq 4 ] || fail "toy.csv has not 3 rows: $(cat "$work/a/toy.csv")"
grep -q ',0,16,16,' "$work/a/toy.csv" || fail "toy.csv has no row of 16 order-0 blocks"

"$toy" schema > "$work/schema.md"
grep -q '^## toy.csv' "$work/schema.md" || fail "the generated schema has no toy.csv"
grep -q '^| obtained | int | blocks | blocks the model gave |' "$work/schema.md" ||
	fail "the generated schema does not describe toy.csv's columns"
if "$plain" schema | grep -q 'toy.csv'; then
	fail "the schema of kmembench without the extra workload has toy.csv"
fi
# the plain kmembench does not know the table: its schema check says so
if "$plain" check-schema "$work/a" > "$work/plain-check.txt" 2>&1; then
	fail "kmembench without the extra workload accepted toy.csv"
fi

"$toy" report "$work/a" -o "$work/report" > "$work/report.log" 2>&1 ||
	fail "report: $(cat "$work/report.log")"
page=$work/report/index.html
grep -q 'id="toy"' "$page" || fail "the report has no toy section"
grep -q 'order-0 blocks obtained' "$page" || fail "the report has no toy headline figure"
if command -v gnuplot > /dev/null; then
	# no plots/toy.gp: the figure is generic.gp's, named after the workload
	[ ! -e "$src/plots/toy.gp" ] || fail "plots/toy.gp exists: the test needs toy without one"
	ls "$work/report"/toy.svg "$work/report"/toy.png > /dev/null 2>&1 ||
		ls "$work/report"/toy.svg > /dev/null 2>&1 || fail "no toy figure was drawn"
	grep -q 'src="toy\.' "$page" || fail "the page does not show the toy figure"
fi

"$toy" compare "$work/a" "$work/b" > "$work/compare.txt" ||
	fail "compare: $(cat "$work/compare.txt")"
# three orders, each once in A and B, the same for the seed
grep -q "^toy obtained  *$backend x86_64 pcp=1 order=2 .* same$" "$work/compare.txt" ||
	fail "compare does not show toy's rows: $(cat "$work/compare.txt")"
"$toy" compare --help | grep -q '^  *toy obtained$' || fail "compare --help does not list toy's metric"
echo "toy: listed, run, in the schema, reported and compared on $backend"
