#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kmembench validate BUNDLE on the shipped bundle tests/data/bundle-build, on one back end:
#  - exit 0, validate.csv and meta.csv in the run directory, as the schema says;
#  - the kernel's side as the bundle has it, checked here independently: the free blocks of
#    every zone and order are after.buddyinfo's, the pcp refills and the other blocks taken
#    under the zone lock are the trace's mm_page_alloc_zone_locked lines with percpu_refill=1
#    and =0;
#  - one wrong_order_share row per zone and one for all, each between 0 and 2, and equal to
#    sum |model - kernel| * 2^order / kernel free pages of the zone's free_blocks rows;
#  - as many pageblocks per zone as the kernel counts (a hole's are not);
#  - the replay freed pages the snapshot had in use (the kernel's frees of memory allocated
#    before the capture), and the model's own pcp refill count moved;
#  - memory hotplug: a copy whose after.zoneinfo gives Normal other managed pages, and one whose
#    trace has mm_setup_per_zone_wmarks for DMA32, get no verdict on that zone (its rows say
#    no_verdict and why), and the "all" rows leave it out;
#  - bad uses: a bundle without after.buddyinfo (one line naming it, no run directory made), a
#    directory that is no bundle, a BUNDLE with --host or --proc: usage errors (exit 2).
#
# usage: validate_bundle_test.sh KMEMBENCH SOURCE_DIR BACKEND
set -eu

kmembench=$1
src=$2
export KMEM_BACKEND=$3
bundle=$src/tests/data/bundle-build
work=$(mktemp -d "${TMPDIR:-/tmp}/kmem-validate-bundle.XXXXXX")
trap 'rm -rf "$work"' EXIT
unset KMEM_ARCH KMEM_MEM || true

. "$src/tests/lib.sh"

# field ROW_FILTER COLUMN: COLUMN of the validate.csv rows AWK_FILTER selects, in $work/run
col() {
	awk -F, -v want="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		'"$1"' { print $c[want] }' "$work/run/validate.csv"
}

expect 0 run "$kmembench" validate "$bundle" --out "$work/run" -q
[ -s "$work/run/validate.csv" ] && [ -s "$work/run/meta.csv" ] || fail "run: tables missing"
expect 0 schema "$kmembench" check-schema "$work/run"

# the kernel's free blocks, from after.buddyinfo
awk '{ z = $4; for (o = 0; o <= 10; o++) print z, o, $(5 + o) }' "$bundle/after.buddyinfo" \
	| sort > "$work/want.blocks"
col '$4 == "free_blocks" && $3 != "all"' zone > "$work/z"
col '$4 == "free_blocks" && $3 != "all"' order > "$work/o"
col '$4 == "free_blocks" && $3 != "all"' kernel > "$work/k"
paste -d' ' "$work/z" "$work/o" "$work/k" | sort > "$work/got.blocks"
cmp -s "$work/want.blocks" "$work/got.blocks" ||
	{ diff "$work/want.blocks" "$work/got.blocks"; fail "kernel free blocks"; }

# the trace's zone-locked events, refills and others
refill=$(zcat "$bundle/kmem.trace.gz" | grep -c 'mm_page_alloc_zone_locked:.*percpu_refill=1' ||:)
other=$(zcat "$bundle/kmem.trace.gz" | grep -c 'mm_page_alloc_zone_locked:.*percpu_refill=0' ||:)
[ "$refill" -gt 0 ] || fail "the shipped trace has no refills"
[ "$(col '$3 == "all" && $4 == "pcp_refill"' kernel)" = "$refill" ] || fail "kernel refills"
[ "$(col '$3 == "all" && $4 == "locked_other"' kernel)" = "$other" ] || fail "kernel others"

# the wrong-order share: present for every zone and all, in range, and as the rows give it
for zone in DMA DMA32 Normal all; do
	share=$(col '$3 == "'$zone'" && $4 == "wrong_order_share"' model)
	[ -n "$share" ] || fail "no wrong_order_share for $zone"
	awk -v s="$share" 'BEGIN { exit !(s >= 0 && s <= 2) }' || fail "$zone: share $share"
	again=$(awk -F, -v zone="$zone" '$3 == zone && $4 == "free_blocks" {
			d = $8 - $7; if (d < 0) d = -d; wrong += d * 2 ^ $6; free += $7 * 2 ^ $6 }
		END { printf "%.6f", free ? wrong / free : 0 }' "$work/run/validate.csv")
	awk -v a="$share" -v b="$again" 'BEGIN { d = a - b; exit !(d < 1e-6 && d > -1e-6) }' ||
		fail "$zone: share $share, the rows give $again"
done

# pageblocks per zone, all types together, as the kernel counts them: holes and memory not
# plugged left out (a back end with pageblock types; the others say not_modelled)
for zone in DMA DMA32 Normal; do
	awk -F, -v zone="$zone" '$3 == zone && $4 == "pageblocks" { k += $7; m += $8; v = $10 }
		END { exit !(v == "not_modelled" || (k > 0 && k == m)) }' "$work/run/validate.csv" ||
		fail "$zone: pageblocks of the model and the kernel differ in number"
done

# the snapshot's pages the kernel freed during the capture were freed in the model too
freed=$(sed -n "s/.*frees of the snapshot's pages: \([0-9]*\),.*/\1/p" "$work/run.out")
[ "${freed:-0}" -gt 0 ] || { cat "$work/run.out"; fail "no snapshot page freed"; }
if grep -q 'per-CPU lists on' "$work/run.out"; then
	[ "$(col '$3 == "all" && $4 == "pcp_refill"' model)" != 0 ] || fail "model refills 0"
fi

# memory hotplug during the capture: no verdict on the zones concerned
cp -r "$bundle" "$work/hot"
awk '/^Node 0, zone +Normal/ { z = 1 } /^Node 0, zone +DMA32/ { z = 0 }
	z && $1 == "managed" { $2 = $2 + 32768; z = 0 } { print }' \
	"$bundle/after.zoneinfo" > "$work/hot/after.zoneinfo"
{
	zcat "$bundle/kmem.trace.gz"
	echo '     kworker/0:1-42      [000] d..1. 99999.000001: mm_setup_per_zone_wmarks:' \
		'node_id=0 zone name=DMA32 watermark min=10 low=20 high=30 promo=40'
} | gzip -1 > "$work/hot/kmem.trace.gz"
expect 0 hot "$kmembench" validate "$work/hot" --out "$work/hotrun" -q
for zone in Normal DMA32; do
	awk -F, -v zone="$zone" '$3 == zone && $10 != "no_verdict" { bad = 1 }
		$3 == zone { n++ } END { exit bad || !n }' "$work/hotrun/validate.csv" ||
		fail "hot: zone $zone has a verdict"
done
grep -q ',Normal,.*memory hotplug' "$work/hotrun/validate.csv" || fail "hot: Normal's note"
grep -q ',DMA32,.*mm_setup_per_zone_wmarks' "$work/hotrun/validate.csv" || fail "hot: DMA32"
dma=$(awk '$4 == "DMA" { s = 0; for (o = 0; o <= 10; o++) s += $(5 + o) * 2 ^ o; print s }' \
	"$bundle/after.buddyinfo")
allk=$(awk -F, '$3 == "all" && $4 == "free_pages" { print $7 }' "$work/hotrun/validate.csv")
[ "$allk" = "$dma" ] || fail "hot: all's kernel free pages $allk, not DMA's $dma"

# bad uses
mkdir "$work/nobuddy"
cp -r "$bundle"/* "$work/nobuddy/"
rm "$work/nobuddy/after.buddyinfo"
expect 2 nobuddy "$kmembench" validate "$work/nobuddy" --out "$work/never"
one_line nobuddy "after.buddyinfo"
[ ! -e "$work/never" ] || fail "nobuddy: a run directory was made"
expect 2 notbundle "$kmembench" validate "$src/tests/data/host/bundle"
one_line notbundle "not a capture bundle"
expect 2 both "$kmembench" validate --host "$bundle"
one_line both "not both"
expect 2 proc "$kmembench" validate --proc "$bundle" "$bundle"
one_line proc "--proc is for --host"
echo "ok: $KMEM_BACKEND: the shipped bundle, hotplug, bad uses"
