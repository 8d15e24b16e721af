#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bundle_build_test.sh KMEMBENCH SOURCE_DIR BACKEND
#
# `kmembench replay BUNDLE` of the shipped bundle tests/data/bundle-build on one back end, with
# each event class: every event of the trace read (the manifest's events_total), no error, every
# CSV as results/SCHEMA.md says. Then the classes against each other: 'all' replays what 'pages'
# and 'slab' replay, less the page events of the kernel's slab that it drops, so an event
# counted twice or lost by the split shows. Last, ./run refusing a --bundle that is not one.
set -eu

if [ $# -ne 3 ]; then
	echo "usage: $0 KMEMBENCH SOURCE_DIR BACKEND" >&2
	exit 2
fi
kmb=$1
src=$2
backend=$3
bundle=$src/tests/data/bundle-build
work=$(mktemp -d "${TMPDIR:-/tmp}/kmem-bundle-build.XXXXXX")
trap 'rm -rf "$work"' EXIT

fail() {
	echo "bundle_build_test $backend: FAIL: $*" >&2
	exit 1
}

total=$(awk '$1 == "events_total" { print $2 }' "$bundle/manifest")
[ -n "$total" ] || fail "$bundle/manifest has no events_total"

# "replayed N events (A allocs, F frees, U unmatched, S skipped, E errors) in T s" -> "A F"
allocs_frees() {
	sed -n "s/^replayed $total events (\([0-9]*\) allocs, \([0-9]*\) frees, [0-9]* unmatched, [0-9]* skipped, 0 errors) in .*/\1 \2/p" \
		"$work/$1.log"
}

for class in pages slab all; do
	"$kmb" replay "$bundle" --backend "$backend" --events "$class" --every 0 \
		--out "$work/$class" >"$work/$class.log" 2>&1 ||
		{ cat "$work/$class.log" >&2; fail "replay --events $class failed"; }
	[ -n "$(allocs_frees "$class")" ] ||
		{ cat "$work/$class.log" >&2; fail "--events $class: not all $total events, or errors"; }
	grep -q '^  trace: .* 0 malformed, 0 lost events in 0 markers' "$work/$class.log" ||
		{ cat "$work/$class.log" >&2; fail "--events $class: malformed lines or lost events"; }
	"$kmb" check-schema "$work/$class" --schema "$src/results/SCHEMA.md" >"$work/schema.log" 2>&1 ||
		{ cat "$work/schema.log" >&2; fail "--events $class: check-schema"; }
	echo "--events $class: $(tail -n 2 "$work/$class.log" | head -n 1)"
done

set -- $(allocs_frees pages) $(allocs_frees slab) $(allocs_frees all)
dropped=$(sed -n "s/.*the kernel's slab pages dropped: \([0-9]*\) allocs, \([0-9]*\) frees.*/\1 \2/p" \
	"$work/all.log")
[ -n "$dropped" ] || fail "--events all: no line on the slab's page events dropped"
set -- "$@" $dropped
[ "$1" -gt 0 ] && [ "$3" -gt 0 ] || fail "a class replayed no allocation: pages $1, slab $3"
[ $(($1 + $3 - $7)) -eq "$5" ] ||
	fail "allocs: pages $1 + slab $3 - dropped $7 != all $5"
[ $(($2 + $4 - $8)) -eq "$6" ] ||
	fail "frees: pages $2 + slab $4 - dropped $8 != all $6"
# ./run's main job replays a bundle: one that is not is refused before anything is built or run
rc=0
"$src/run" --backend "$backend" --bundle "$work/none" >"$work/run.log" 2>&1 || rc=$?
[ "$rc" = 2 ] && grep -q "^run: --bundle: '$work/none' is not a capture bundle" "$work/run.log" ||
	{ cat "$work/run.log" >&2; fail "./run --bundle with no bundle: exit $rc"; }

echo "bundle_build_test $backend: ok (allocs pages $1 + slab $3 - slab pages $7 = all $5)"
