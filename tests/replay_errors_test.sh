#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kmembench replay on traces that are wrong as a whole or in part, on one back end:
#  - --parse-only fails (exit 1), as a replay of the same trace does, on garbage (every line
#    malformed), on a trace with one malformed line, on an empty one and on a gzip stream with
#    bytes after it; it succeeds on a clean trace (trace-cmd report output);
#  - what the model reports while replaying an event (kmalloc fixing up __GFP_HIGHMEM) names the
#    trace file and line, and -q silences it while the summary still counts it;
#  - --events takes pages, slab or all, and anything else is a usage error (exit 2) naming the
#    value, with no run directory made; replay_summary.csv says which class was replayed.
#
# usage: replay_errors_test.sh KMEMBENCH SOURCE_DIR BACKEND
set -eu

kmembench=$1
src=$2
backend=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/kmem-replay-errors.XXXXXX")
trap 'rm -rf "$work"' EXIT

. "$src/tests/lib.sh"

printf 'this is not\na trace at all\n' > "$work/garbage.trace"
: > "$work/empty.trace"
gzip -c "$src/tests/data/tracecmd.trace" > "$work/junk.trace.gz"
printf 'junk' >> "$work/junk.trace.gz"
cat > "$work/refused.trace" <<'TRACE'
# kmalloc with __GFP_HIGHMEM: the model fixes it up, as 6.18 does, and says so
t-1 [000] 1.1: kmalloc: ptr=01 bytes_req=64 bytes_alloc=64 gfp_flags=GFP_HIGHUSER
t-1 [000] 1.2: kfree: ptr=01
TRACE

for t in garbage empty small junk; do
	case $t in
	small) f=$src/tests/data/small.trace ;;
	junk) f=$work/junk.trace.gz ;;
	*) f=$work/$t.trace ;;
	esac
	expect 1 "parse-$t" "$kmembench" replay "$f" --parse-only
	expect 1 "replay-$t" "$kmembench" replay "$f" --backend "$backend" --mem 256M \
		--out "$work/run-$t"
done
grep -q 'garbage.trace:1: no \[CPU\] field (line skipped)' "$work/parse-garbage.err" ||
	fail "garbage: no FILE:LINE message"
grep -q 'empty.trace: no events in the trace' "$work/parse-empty.err" ||
	fail "empty: no message"
grep -q 'junk.trace.gz: 4 bytes after the end of the gzip stream' "$work/parse-junk.err" ||
	fail "junk: no message"
expect 0 parse-tracecmd "$kmembench" replay "$src/tests/data/tracecmd.trace" --parse-only
grep -q '^parsed 6 events (.*), 0 malformed lines, 3 lost events' "$work/parse-tracecmd.out" ||
	fail "tracecmd: not parsed"

expect 1 refused "$kmembench" replay "$work/refused.trace" --backend "$backend" --mem 256M \
	--out "$work/run-refused"
grep -q '^[^ ]*refused.trace:2: kmalloc: Unexpected gfp: .*Fix your code!$' "$work/refused.err" ||
	fail "the model's report does not name the trace line"
expect 1 refused-q "$kmembench" replay "$work/refused.trace" --backend "$backend" --mem 256M \
	--out "$work/run-refused-q" -q
test ! -s "$work/refused-q.err" || { cat "$work/refused-q.err"; fail "-q printed messages"; }
grep -q 'model reports: 1$' "$work/refused-q.out" || fail "-q: the report is not counted"
for bad in '' page Slab 'all,pages'; do
	expect 2 events-bad "$kmembench" replay "$src/tests/data/small.trace" --events "$bad" \
		--backend "$backend" --mem 256M --out "$work/run-events-bad"
	grep -q "^kmembench replay: --events: '$bad' is not an event class: pages, slab or all" \
		"$work/events-bad.err" || { cat "$work/events-bad.err"; fail "--events '$bad': no message"; }
	test ! -e "$work/run-events-bad" || fail "--events '$bad': a run directory was made"
done
expect 0 events-pages "$kmembench" replay "$src/tests/data/tracecmd.trace" --events pages \
	--backend "$backend" --mem 256M --out "$work/run-events-pages" -q
head -n 2 "$work/run-events-pages/replay_summary.csv" | tr -d '\r' |
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		 $col["event_class"] != "pages" { exit 1 }' ||
	fail "replay_summary.csv does not say --events pages"
# a replay of another event class is another experiment: compare keeps the two apart
expect 0 events-all "$kmembench" replay "$src/tests/data/tracecmd.trace" --events all \
	--backend "$backend" --mem 256M --out "$work/run-events-all" -q
expect 0 events-compare "$kmembench" compare "$work/run-events-pages" "$work/run-events-all"
grep -q '^0 metrics compared; 2 only in A, 2 only in B' "$work/events-compare.out" ||
	{ cat "$work/events-compare.out"; fail "compare matched replays of two event classes"; }
echo "replay errors on $backend: ok"
