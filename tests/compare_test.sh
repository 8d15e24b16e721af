#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# `kmembench compare` end to end on one back end: two --quick runs of the latency and frag
# workloads, each checked against results/SCHEMA.md (latency_batches.csv included); a run
# compared with itself must show no significant or deterministic difference, and two runs must
# compare with exit status 0 and an HTML page. Four runs of the same build a side, compared with
# the run as the unit, must show no latency figure faster or slower. Exit status 2 for a bad
# command line, 1 for a run directory that does not exist.
#
# usage: compare_test.sh KMEMBENCH SOURCE_DIR BACKEND
set -eu

kmembench=$1
src=$2
backend=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/kmem-compare.XXXXXX")
trap 'rm -rf "$work"' EXIT

for run in a b; do
	"$kmembench" run --quick --arch x86_64 --backend "$backend" --workload latency,frag \
		--out "$work/$run" 2> "$work/$run.log"
	"$kmembench" check-schema "$work/$run" --schema "$src/results/SCHEMA.md"
done

# what there is to compare: every latency row is tested (mean) and has two ratios (p50, p99);
# every frag summary row has two figures that are deterministic for the seed
rows() { echo $(($(wc -l < "$1") - 1)); }
lat=$(rows "$work/a/latency.csv")
frag=$(rows "$work/a/frag_summary.csv")

"$kmembench" compare "$work/a" "$work/a" > "$work/aa.txt"
grep -q "^Tested: $lat .* 0 faster and 0 slower" "$work/aa.txt"
grep -q "^Deterministic for the seed: $((2 * frag)), of which 0 differ" "$work/aa.txt"
if grep -q ' only in [AB]$\| differs (deterministic)$\| faster$\| slower$' "$work/aa.txt"; then
	echo "a run compared with itself differs:"; cat "$work/aa.txt"; exit 1
fi

"$kmembench" compare "$work/a" "$work/b" --html "$work/ab.html" > "$work/ab.txt"
tail -n 6 "$work/ab.txt"
grep -q "^$((3 * lat + 2 * frag)) metrics compared; 0 only in A, 0 only in B" "$work/ab.txt"
grep -q '</html>' "$work/ab.html"

# Four --quick latency runs a side (500 steps a size: 0.15 s each here) of one build, made
# alternately so that what drifts on the machine meanwhile falls on both sides. Every latency
# figure is tested over the runs: 4 against 4 give p >= 2/70 = 0.029, so after the
# Benjamini-Hochberg adjustment over the 3 * $lat tests a verdict needs most of them to lie that
# far apart, which the noise of runs of one build does not do (none in 10 repetitions of this
# test on every back end). With the batch as the unit, the same runs compared two by two flag a
# share of the keys (README.md).
for i in 1 2 3 4; do
	for side in a b; do
		"$kmembench" run --quick --arch x86_64 --backend "$backend" --workload latency \
			--param latency.ops=500 --out "$work/runs/$side$i" 2> "$work/runs-$side$i.log"
	done
done
list() { echo "$work/runs/${1}1,$work/runs/${1}2,$work/runs/${1}3,$work/runs/${1}4"; }
"$kmembench" compare "$(list a)" "$(list b)" > "$work/runs.txt"
grep -q '^Unit: runs, 4 of A and 4 of B\.' "$work/runs.txt"
if ! grep -q "^Tested: $((3 * lat)) (two-sided .* runs' figures): 0 faster and 0 slower" \
	"$work/runs.txt"; then
	echo "runs of one build differ:"; cat "$work/runs.txt"; exit 1
fi

status=0
"$kmembench" compare "$work/a" 2> "$work/err" || status=$?
test $status -eq 2 && test "$(wc -l < "$work/err")" -eq 1
status=0
"$kmembench" compare "$work/a" "$work/nosuch" 2> "$work/err" || status=$?
test $status -eq 1 && grep -q 'nosuch: No such file or directory' "$work/err"
status=0
"$kmembench" compare "$work/a,,$work/b" "$work/b" 2> "$work/err" || status=$?
test $status -eq 2 && test "$(wc -l < "$work/err")" -eq 1
status=0
"$kmembench" compare "$(list a)" "$work/b,$work/nosuch" 2> "$work/err" || status=$?
test $status -eq 1 && grep -q 'nosuch: No such file or directory' "$work/err"
echo "compare: ok"
