#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kmembench-gbench on one back end, briefly: every benchmark of the back end runs (booted and
# checked by the runner: a page left behind or a bad page report marks it as an error), and the
# binary runs every workload through the runner (workload/NAME, quick, on buddy), each writing
# rows. Figures are not judged: the machine is shared.
#
# usage: gbench_test.sh KMEMBENCH_GBENCH KMEMBENCH BACKEND
set -eu

gbench=$1
kmembench=$2
backend=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/kmem-gbench.XXXXXX")
trap 'rm -rf "$work"' EXIT

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

"$gbench" --benchmark_filter="/$backend/|^workload/" --benchmark_min_time=0.0001 \
	> "$work/out.txt" 2> "$work/err.txt" || fail "exit status $?: $(cat "$work/err.txt")"
if grep -q 'ERROR OCCURRED' "$work/out.txt"; then
	grep 'ERROR OCCURRED' "$work/out.txt" >&2
	cat "$work/err.txt" >&2
	fail "a benchmark reported an error"
fi
for family in page_alloc_free page_alloc_free_ring kmalloc_kfree kmem_cache_alloc_free \
	vmalloc_vfree page_contention latency; do
	grep -q "^$family/$backend/" "$work/out.txt" || fail "no $family benchmark ran on $backend"
done
# every workload `kmembench list` shows, run by the runner from the benchmark binary
"$kmembench" list | sed -n '/^Workloads/,$s/^  \([a-z_][a-z_]*\)  .*/\1/p' > "$work/workloads.txt"
[ -s "$work/workloads.txt" ] || fail "kmembench list shows no workload"
while read -r wl; do
	grep -q "^workload/$wl .* rows=[1-9]" "$work/out.txt" ||
		fail "workload/$wl did not run or wrote no row: $(grep "workload/$wl" "$work/out.txt")"
done < "$work/workloads.txt"
echo "gbench: $(grep -c "/$backend/" "$work/out.txt") benchmarks on $backend and" \
	"$(wc -l < "$work/workloads.txt") workloads ran without error"
