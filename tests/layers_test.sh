#!/bin/sh
# The build's layer check (tests/check_layers.cmake) on the source tree, which must pass, and on
# small trees that break each of its rules, which must fail naming the file and the include.
# It reads files, not a model: run once, not per back end.
#   layers_test.sh SOURCE_DIR WORK_DIR
set -eu
src=$1
work=$2
check=$src/tests/check_layers.cmake

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

rm -rf "$work"
mkdir -p "$work"
cmake -DSOURCE_DIR="$src" -DSTAMP="$work/stamp" -P "$check" >"$work/out" 2>&1 ||
	fail "the source tree breaks its layers: $(cat "$work/out")"

# tree NAME FILE INCLUDE EXPECT: a tree whose FILE includes INCLUDE must fail, saying EXPECT
tree() {
	t=$work/$1
	mkdir -p "$t/impl/include" "$t/results" "$t/workloads/measure" "$t/plots/report" \
		"$t/bench/cli"
	echo '/* a header */' >"$t/plots/report/report.h"
	echo '/* a header */' >"$t/workloads/measure/timer.h"
	echo '/* a header */' >"$t/results/csv.h"
	printf '#include "%s"\n' "$3" >"$t/$2"
	if cmake -DSOURCE_DIR="$t" -DSTAMP="$t/stamp" -P "$check" >"$t/out" 2>&1; then
		fail "$1: $2 including \"$3\" passed the check"
	fi
	grep -qF "$4" "$t/out" || fail "$1: the check did not say '$4': $(cat "$t/out")"
	[ ! -e "$t/stamp" ] || fail "$1: the check wrote its stamp after a failure"
}

tree up results/csv.c plots/report/report.h \
	'results/csv.c: #include "plots/report/report.h": results/ may not include plots/'
tree up-one workloads/measure/timer.c results/../plots/report/report.h 'no ../'
tree parent workloads/measure/timer.c ../../results/csv.h 'no ../'
tree not-here bench/cli/cli.c timer.h 'not in bench/cli/'
tree no-layer results/csv.c foo/bar.h 'not a layer'"'"'s path'
tree missing workloads/measure/timer.c results/nothing.h 'no such file'
# and the same include pointing down is fine
t=$work/down
mkdir -p "$t/results" "$t/plots/report"
echo '/* a header */' >"$t/results/csv.h"
printf '#include "results/csv.h"\n' >"$t/plots/report/report.c"
cmake -DSOURCE_DIR="$t" -DSTAMP="$t/stamp" -P "$check" >"$t/out" 2>&1 ||
	fail "plots/ including results/ was refused: $(cat "$t/out")"
echo "layers: the source tree passes, 6 broken trees fail as they should"
