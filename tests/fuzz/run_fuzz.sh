#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs the trace parser's libFuzzer target briefly: a corpus made of the hand-written traces of
# tests/data and the first lines of the shared one, 20 seconds at most. Any crash, sanitizer
# report or trap fails the test (libFuzzer exits non-zero and leaves crash-* files).
#
# usage: run_fuzz.sh FUZZ_BINARY TESTS_DATA_DIR [SECONDS]
set -eu

fuzzer=$1
data=$2
seconds=${3:-20}
work=$(mktemp -d "${TMPDIR:-/tmp}/kmem-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT

mkdir "$work/corpus"
for f in "$data"/*.trace; do
	cp "$f" "$work/corpus/$(basename "$f")"
	# one seed per line as well: small inputs mutate faster
	split -l 1 -a 3 "$f" "$work/corpus/$(basename "$f" .trace)-line-"
done
if [ -f "$data/fs-tar-git.kmem.trace.gz" ]; then
	gzip -dc "$data/fs-tar-git.kmem.trace.gz" | head -n 200 > "$work/corpus/shared-head.trace" ||
		true
fi

cd "$work"
"$fuzzer" -max_total_time="$seconds" -runs=5000000 -max_len=4096 -timeout=10 \
	-print_final_stats=1 corpus
