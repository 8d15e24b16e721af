#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# report_test.sh MODE KMEMBENCH SOURCE_DIR OUT_DIR: `kmembench report`, in one of four modes.
#
#   render      a quick run (buddy and bitmap on x86_64) and a small replay into one run
#               directory, plus the hand-made tables of tests/data/report/ for workloads the
#               run does not have yet; report it; check the page (tests/report/check_html.py:
#               balanced tags, every src/href a file next to it, nothing from the network);
#               render it in headless Chromium, which must load every image, and save a
#               screenshot as OUT_DIR/screenshot.png. Then a copy with one image deleted must
#               be caught, so the check itself is checked.
#   meta-only   a directory with meta.csv alone: the page is written and every section says
#               it is not in this run.
#   no-gnuplot  the render run directory without gnuplot on PATH: tables only, and the page
#               says why.
#   cli         bad command lines: exit status 2 and one line on stderr each.
#   generic     a run of contention with the scripts of plots/ but contention.gp, as a new
#               workload without a script has them: plots/generic.gp draws the workload's
#               points (its descriptor's), and the page shows the image.
#   installed   `cmake --install` of the build KMEMBENCH is in, into a scratch prefix: the
#               installed kmembench draws with the installed scripts.
#   large       a latency.csv of 200,000 rows made from a quick run's (its rows repeated with
#               other seeds, and thousands of kmalloc sizes): the plots must get at most
#               66 points a series (OUT_DIR/report/latency-points.csv: 64 bins and the two
#               ends), every row counted in one, a point the median of its rows, and the page
#               must say so and show the plots. Likewise a replay_timeseries.csv of 20,000
#               events a back end: at most 1,002 points a series, its first and last event
#               among them. gnuplot took minutes over
#               such a table when it read it whole; the check is on the points, not the time.
#
# OUT_DIR is emptied first and kept afterwards, for a look at the page.
set -euo pipefail

usage="usage: $0 render|meta-only|no-gnuplot|cli|generic|installed|large KMEMBENCH SOURCE_DIR OUT_DIR"
if [ $# -ne 4 ]; then
	echo "$usage" >&2
	exit 2
fi
mode=$1
kmembench=$2
src=$3
out=$4
check_html=$src/tests/report/check_html.py

rm -rf "$out"
mkdir -p "$out"

fail() {
	echo "report_test ($mode): $*" >&2
	exit 1
}

# The run directory of the render and no-gnuplot modes. The replay goes first: both commands
# write meta.csv, and the run's is the one to keep. small.trace has a line the replay cannot
# replay, on purpose, which makes its exit status 1 (and the page say so).
make_run() {
	local run=$1 f rc=0

	"$kmembench" replay "$src/tests/data/small.trace" --backend buddy,bitmap --arch x86_64 \
		--mem 256M --every 2 --out "$run" -q >"$out/replay.log" || rc=$?
	if [ "$rc" -gt 1 ] || [ "$(wc -l <"$run/replay_summary.csv")" -ne 3 ]; then
		fail "kmembench replay failed ($rc): $(tail -n 3 "$out/replay.log")"
	fi
	"$kmembench" run --quick --backend buddy,bitmap --arch x86_64 --out "$run" \
		2>"$out/run.log" || fail "kmembench run failed: $(tail -n 3 "$out/run.log")"
	for f in "$src"/tests/data/report/*.csv; do
		[ -e "$run/$(basename "$f")" ] || cp "$f" "$run/"
	done
}

# Runs kmembench report and prints the page's path; the report's output is kept in OUT_DIR
report() {
	local page

	page=$("$kmembench" report "$@" 2>"$out/report.err") ||
		fail "kmembench report $* failed: $(cat "$out/report.err")"
	[ -s "$page" ] || fail "kmembench report printed '$page', which is not a page"
	echo "$page"
}

need_chromium() {
	command -v chromium >/dev/null ||
		fail "chromium is not installed: apt-get install --no-install-recommends chromium" \
			"(./run installs it)"
}

# Headless Chromium, with nothing that would reach the network
chromium_run() {
	local profile

	profile=$(mktemp -d)
	chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$profile" --virtual-time-budget=10000 "$@" 2>>"$out/chromium.log"
	rm -rf "$profile"
}

# What the page's script says once loaded: "loaded N" or "missing: FILE ..."
images_state() {
	chromium_run --dump-dom "file://$(realpath "$1")" |
		sed -n 's/.*<body[^>]* data-images="\([^"]*\)".*/\1/p'
}

case $mode in
render)
	need_chromium
	make_run "$out/run"
	page=$(report "$out/run" -o "$out/report")
	images=$(python3 "$check_html" "$page") || fail "$images"
	[ "$images" -gt 0 ] || fail "no images on the page"
	for s in latency frag replay tlb numa contention validate; do
		grep -q "<section id=\"$s\">" "$page" || fail "no section $s"
	done
	# the Fidelity section of tests/data/report/validate.csv: an image per zone, all first,
	# the zone without a verdict said so in its image, its table and the box
	for z in all node0-DMA node0-DMA32 node0-Normal; do
		grep -q "<img src=\"validate-$z.svg\"" "$page" || fail "no image validate-$z"
	done
	first=$(grep -o '<img src="validate-[^"]*"' "$page" | head -n 1)
	[ "$first" = '<img src="validate-all.svg"' ] ||
		fail "the first image of Fidelity is $first, not validate-all"
	grep -q 'zone Normal, node 0: .*; no verdict on this zone' "$page" ||
		fail "the image of zone Normal does not say it has no verdict"
	grep -q 'NO VERDICT' "$out/report/validate-node0-Normal.svg" ||
		fail "validate-node0-Normal.svg does not say the zone has no verdict"
	grep -q '<h3>Wrong-order share per zone' "$page" || fail "no table of zones in Fidelity"
	grep -q '0.13 <small>(no verdict)</small>' "$page" ||
		fail "the table of zones does not mark Normal's figures as no verdict"
	note='managed pages changed during the capture (3993848 before, 3961080 after)'
	grep -q "no verdict on zone Normal: $note" "$page" ||
		fail "the box does not give the whole note of zone Normal, comma included"
	grep -q 'Not in this run: no ' "$page" && fail "a section says it is not in this run"
	grep -q '<td class="lead">' "$page" || fail "no leader marked in any table"
	grep -q 'events that could not be replayed' "$page" ||
		fail "the replay's error is not in the box of what could not be measured"
	state=$(images_state "$page")
	[ "$state" = "loaded $images" ] ||
		fail "the browser says '$state', the page has $images images"
	chromium_run --screenshot="$out/screenshot.png" --window-size=1280,2000 \
		"file://$(realpath "$page")" >/dev/null
	[ -s "$out/screenshot.png" ] || fail "no screenshot"
	echo "report_test: $page: $images images, all loaded; screenshot $out/screenshot.png"

	# the check must see a missing image
	cp -r "$out/report" "$out/broken"
	victim=$(grep -o '<img src="[^"]*"' "$out/broken/index.html" | head -n 1 | cut -d'"' -f2)
	rm "$out/broken/$victim"
	python3 "$check_html" "$out/broken/index.html" >/dev/null &&
		fail "check_html.py missed the deleted $victim"
	state=$(images_state "$out/broken/index.html")
	[ "$state" = "missing: $victim" ] ||
		fail "with $victim deleted, the browser says '$state'"
	echo "report_test: a deleted image is caught: $state"
	;;
meta-only)
	mkdir "$out/run"
	"$kmembench" run --quick --workload latency --backend buddy --arch x86_64 \
		--out "$out/full" 2>/dev/null || fail "kmembench run failed"
	cp "$out/full/meta.csv" "$out/run/"
	page=$(report "$out/run" -o "$out/report")
	python3 "$check_html" "$page" >/dev/null || fail "$(python3 "$check_html" "$page")"
	# a section per workload with a report: every one but the box, the leaders and the machine
	want=$(($(grep -c '^<section id="' "$page") - 3))
	n=$(grep -c 'Not in this run: no ' "$page" || true)
	[ "$want" -gt 0 ] && [ "$n" -eq "$want" ] ||
		fail "$n sections say they are not in this run, not $want"
	grep -q '<th class="s">host</th>' "$page" || fail "no machine table"
	echo "report_test: meta.csv alone: a page whose $n sections say they are not in this run"
	;;
no-gnuplot)
	make_run "$out/run"
	page=$(PATH=/nonexistent report "$out/run" -o "$out/report")
	images=$(python3 "$check_html" "$page") || fail "$images"
	[ "$images" -eq 0 ] || fail "$images images without gnuplot"
	grep -q 'gnuplot is not installed' "$page" || fail "the page does not say gnuplot is missing"
	grep -q '<td class="lead">' "$page" || fail "no tables without gnuplot"
	echo "report_test: without gnuplot, tables only, and the page says so"
	;;
cli)
	mkdir "$out/empty"
	touch "$out/file"
	bad() {
		local rc=0

		"$kmembench" report "$@" >"$out/stdout" 2>"$out/stderr" || rc=$?
		[ "$rc" -eq 2 ] || fail "report $*: exit status $rc, not 2"
		[ "$(wc -l <"$out/stderr")" -eq 1 ] ||
			fail "report $*: not one line on stderr: $(cat "$out/stderr")"
		[ ! -s "$out/stdout" ] || fail "report $*: wrote to stdout"
		echo "report $*: $(cat "$out/stderr")"
	}
	bad
	bad "$out/nonexistent"
	bad "$out/file"
	bad "$out/empty"
	bad --bogus "$out/empty"
	bad "$out/empty" extra
	bad --format gif "$out/empty"
	bad -o
	bad --help=yes
	"$kmembench" report --help | grep -q '^Usage: kmembench report' || fail "no --help"
	"$kmembench" help report | grep -q '^Usage: kmembench report' || fail "no help report"
	;;
generic)
	"$kmembench" run --quick --workload contention --backend buddy,bitmap --arch x86_64 \
		--out "$out/run" 2>/dev/null || fail "kmembench run failed"
	mkdir "$out/scripts"
	cp "$src"/plots/*.gp "$out/scripts/"
	rm "$out/scripts/contention.gp"
	page=$(KMEM_PLOTS_DIR=$out/scripts report "$out/run" -o "$out/report")
	images=$(python3 "$check_html" "$page") || fail "$images"
	[ "$images" -eq 1 ] || fail "$images images, not the 1 of generic.gp"
	grep -q '<img src="contention.svg"' "$page" || fail "no image of contention"
	grep -q 'Contention: mops against threads, a line per backend arch pcp kind size cpus' \
		"$page" || fail "the image is not generic.gp's of the contention points"
	echo "report_test: a workload without a script is drawn by generic.gp"
	;;
installed)
	cmake --install "$(dirname "$kmembench")" --prefix "$out/prefix" >"$out/install.log" 2>&1 ||
		fail "cmake --install failed: $(tail -n 3 "$out/install.log")"
	scripts=$out/prefix/share/kmembench/plots
	[ -r "$scripts/common.gp" ] || fail "no $scripts/common.gp installed"
	mkdir "$out/run"
	cp "$src"/tests/data/report/*.csv "$out/run/"
	kmembench=$out/prefix/bin/kmembench
	page=$(KMEM_PLOTS_DIR='' report "$out/run" -o "$out/report")
	images=$(python3 "$check_html" "$page") || fail "$images"
	[ "$images" -gt 0 ] || fail "no images drawn by the installed copy"
	grep -q "with the scripts of $(realpath "$scripts")" "$page" ||
		grep -q "with the scripts of $scripts" "$page" ||
		fail "the installed copy did not use $scripts"
	echo "report_test: the installed kmembench drew $images images with $scripts"
	;;
large)
	rows=200000
	"$kmembench" run --quick --workload latency --backend buddy,bitmap --arch x86_64 \
		--out "$out/quick" 2>/dev/null || fail "kmembench run failed"
	mkdir "$out/run"
	cp "$out/quick/meta.csv" "$out/run/"
	# repeat i of a row has seed i + 1 and figures a little off; a kmalloc row's size is
	# one of 5,000 instead on every other repeat, which makes those series bin their sizes
	tr -d '\r' <"$out/quick/latency.csv" | awk -F, -v OFS=, -v n=$rows '
		NR == 1 { for (k = 1; k <= NF; k++) col[$k] = k; printf "%s\r\n", $0; next }
		{ base[++m] = $0 }
		END {
			for (i = 0; i < n; i++) {
				$0 = base[i % m + 1]
				rep = int(i / m)
				$col["seed"] = rep + 1
				$col["p50_ns"] += i % 13
				$col["p99_ns"] += i % 29
				if ($col["kind"] == "kmalloc" && rep % 2)
					$col["size"] = 8 + i % 5000
				printf "%s\r\n", $0
			}
		}' >"$out/run/latency.csv"
	page=$(report "$out/run" -o "$out/report")
	python3 "$check_html" "$page" >/dev/null || fail "$(python3 "$check_html" "$page")"
	grep -q '<img src="latency-x86_64-kmalloc.svg"' "$page" || fail "no kmalloc latency plot"
	grep -q '<img src="latency-x86_64-pages.svg"' "$page" || fail "no page latency plot"
	points=$out/report/latency-points.csv
	[ -s "$points" ] || fail "no $points"
	series=$(tr -d '\r' <"$out/run/latency.csv" | awk -F, 'NR == 1 {
			for (k = 1; k <= NF; k++) col[$k] = k
			next
		}
		{ s[$col["backend"] "," $col["arch"] "," $col["pcp"] "," $col["kind"] "," $col["op"]] }
		END { print length(s) }')
	tr -d '\r' <"$points" | awk -F, -v rows=$rows -v series="$series" '
		NR == 1 { for (k = 1; k <= NF; k++) col[$k] = k; next }
		{
			n[$col["backend"] "," $col["arch"] "," $col["pcp"] "," $col["kind"] "," $col["op"]]++
			sum += $col["rows"]
			points++
		}
		END {
			for (s in n)
				if (n[s] > 66) { print "series " s " has " n[s] " points"; exit 1 }
			if (length(n) != series) { print length(n) " series, not " series; exit 1 }
			if (sum != rows) { print "the points stand for " sum " rows, not " rows; exit 1 }
			print points
		}' >"$out/points.txt" || fail "$points: $(cat "$out/points.txt")"
	# a point of a series drawn without bins is the median of its rows
	want=$(tr -d '\r' <"$out/run/latency.csv" | awk -F, 'NR == 1 {
			for (k = 1; k <= NF; k++) col[$k] = k
			next
		}
		$col["backend"] == "buddy" && $col["kind"] == "pages" && $col["op"] == "alloc" &&
			$col["pcp"] == 1 && $col["order"] == 0 { print $col["p50_ns"] }' |
		sort -n | awk '{ v[NR] = $1 } END {
			print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
	got=$(tr -d '\r' <"$points" | awk -F, 'NR == 1 {
			for (k = 1; k <= NF; k++) col[$k] = k
			next
		}
		$col["backend"] == "buddy" && $col["kind"] == "pages" && $col["op"] == "alloc" &&
			$col["pcp"] == 1 && $col["order"] == 0 { print $col["p50_ns"] }')
	[ "$got" = "$want" ] ||
		fail "buddy order-0 alloc: p50 '$got' drawn, the median of its rows is $want"
	link='<a href="latency-points.csv">'
	grep -q "The plots draw the 200,000 rows of latency.csv as [0-9,]* points ($link" "$page" ||
		fail "the page does not say the plots draw medians"
	grep -q 'grouped into 64 bins' "$page" || fail "the page does not say sizes were binned"
	echo "report_test: $rows latency rows drawn as $(cat "$out/points.txt") points" \
		"in $series series"

	events=20000
	"$kmembench" replay "$src/tests/data/small.trace" --backend buddy,bitmap --arch x86_64 \
		--mem 256M --out "$out/run" -q >/dev/null 2>&1 || true
	[ -s "$out/run/replay_summary.csv" ] || fail "kmembench replay wrote no replay_summary.csv"
	tr -d '\r' <"$out/run/replay_timeseries.csv" | awk -F, -v n=$events '
		NR == 1 { printf "%s\r\n", $0; split($0, name, ","); nf = NF; exit }
		END {
			for (b = 1; b <= 2; b++)
				for (i = 0; i <= n; i++) {
					line = ""
					for (k = 1; k <= nf; k++) {
						if (name[k] == "backend")
							v = b == 1 ? "buddy" : "bitmap"
						else if (name[k] == "arch")
							v = "x86_64"
						else if (name[k] == "zone")
							v = "all"
						else if (name[k] == "node")
							v = -1
						else if (name[k] == "event")
							v = i
						else
							v = (i * 7 + b) % 1000 / 1000
						line = line (k > 1 ? "," : "") v
					}
					printf "%s\r\n", line
				}
		}' >"$out/timeseries.csv"
	mv "$out/timeseries.csv" "$out/run/replay_timeseries.csv"
	page=$(report "$out/run" -o "$out/report")
	grep -q '<img src="replay-x86_64.svg"' "$page" || fail "no replay plot"
	tr -d '\r' <"$out/report/replay-points.csv" | awk -F, -v n=$events 'NR == 1 {
			for (k = 1; k <= NF; k++) col[$k] = k
			next
		}
		{
			s = $col["backend"]
			points[s]++
			sum[s] += $col["rows"]
			ends[s] += $col["event"] == 0 || $col["event"] == n
		}
		END {
			for (s in points) {
				if (points[s] > 1002 || sum[s] != n + 1 || ends[s] != 2) {
					print s ": " points[s] " points for " sum[s] " rows, ends " ends[s]
					exit 1
				}
			}
			if (length(points) != 2) { print length(points) " series, not 2"; exit 1 }
			print points["buddy"]
		}' >"$out/points.txt" || fail "replay-points.csv: $(cat "$out/points.txt")"
	echo "report_test: $events replay samples a back end drawn as" \
		"$(cat "$out/points.txt") points"
	;;
*)
	echo "$usage" >&2
	exit 2
	;;
esac
