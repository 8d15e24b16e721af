# SPDX-License-Identifier: GPL-2.0
#
# The frag workload (kmembench run --workload frag): how free memory breaks up under aging and
# what high-order allocations then get, per back end. Three images per arch profile:
#   frag-ARCH-index       the kernel's unusable free space index and fragmentation index
#                         (mm/vmstat.c) per order, a panel per zone, in the state the high-order
#                         attempt met: the last round of frag_order.csv (after the drain)
#   frag-ARCH-buddyinfo   free blocks per order in that state (/proc/buddyinfo), log scale
#   frag-ARCH-aging       across the aging rounds, how many order-N blocks the free blocks could
#                         give (a free block of order k >= N gives 2^(k-N)), summed over zones,
#                         and the free pages (frag_rounds.csv); then the share of order-N
#                         allocations that succeeded after aging (frag_summary.csv). N is the
#                         order frag_summary.csv tried, else the largest order of frag_order.csv
#
#   gnuplot -e "dir='results/RUN'; out='plots/RUN/frag'" plots/frag.gp
#   order_csv, rounds_csv, summary_csv   the tables           [DIR/frag_order.csv, ...]
#   highorder                            N                    [as above]
# and the variables of common.gp. Only frag_order.csv is needed; the panels of a missing table
# say so.

_here = ""
do for [_i = strlen(ARG0):1:-1] { if (_here eq "" && ARG0[_i:_i] eq "/") { _here = ARG0[1:_i] } }
load _here . "common.gp"
if (!exists("order_csv")) order_csv = dir . "/frag_order.csv"
if (!exists("rounds_csv")) rounds_csv = dir . "/frag_rounds.csv"
if (!exists("summary_csv")) summary_csv = dir . "/frag_summary.csv"
if (!exists("out")) out = "frag"
if (!readable(order_csv)) { printerr "frag.gp: cannot read " . order_csv; exit status 3 }
eval require(order_csv, "round zone order free_blocks unusable_index fragmentation_index")
have_rounds = readable(rounds_csv)
have_summary = readable(summary_csv)
have_phase = have_summary ? has(summary_csv, "phase") : 0

eval values("backends", order_csv, "backend")
eval values("arches", order_csv, "arch")
eval series(order_csv)
offset(s, width) = (s - (NS + 1) / 2.0) * width

do for [a in arches] {
	arch_is = "is('arch', a)"
	eval distinct_if(order_csv, "zone", arch_is)
	zones = _list
	NZ = words(zones)
	if (NZ == 0) {
		continue
	}
	eval minmax(order_csv, "column('round')", arch_is)
	last = _max
	N = NaN
	if (exists("highorder")) {
		N = highorder
	}
	if (N != N && have_summary) {
		eval minmax(summary_csv, "column('order')", arch_is)
		N = _max
	}
	if (N != N) {
		eval minmax(order_csv, "column('order')", arch_is)
		N = _max
	}

	array zrows[NZ * NS]
	array ztotal[NZ]
	do for [z = 1:NZ] {
		ztotal[z] = 0
		do for [s = 1:NS] {
			eval select(sprintf("$Z%d_%d", z, s), order_csv, "(column('order')):" . \
				"(column('unusable_index')):(column('fragmentation_index')):" . \
				"(column('free_blocks'))", arch_is . " && strcol('zone') eq " . \
				"word(zones, z) && column('round') == last && s_is(s)")
			zrows[(z - 1) * NS + s] = _rows
			ztotal[z] = ztotal[z] + _rows
		}
	}
	zt(z, s) = zrows[(z - 1) * NS + s] > 0 ? s_title(s) : ""

	stem = sprintf("%s-%s-index", out, a)
	do for [ext in fmt] {
		eval term(ext, 380 * NZ + 120, 700)
		set output stem . "." . ext
		set multiplot layout 2, NZ title head(sprintf("Fragmentation on %s after aging " . \
			"(round %d): the kernel's indices per order", a, last))
		do for [ip = 1:2] {
			do for [z = 1:NZ] {
				set title sprintf("zone %s", word(zones, z))
				if (ztotal[z] == 0) {
					eval empty_panel(sprintf("no rows of round %d", last))
					continue
				}
				set xlabel "order"
				set xtics 1
				set xrange [-0.5:*]
				set grid
				if (ip == 1 && z == 1) {
					set key top left
				} else {
					unset key
				}
				if (ip == 1) {
					set ylabel "unusable free space index"
					set yrange [-0.05:1.05]
					set ytics 0.2
				} else {
					set ylabel "fragmentation index (-1: a block is free)"
					set yrange [-1.1:1.1]
					set ytics 0.5
				}
				plot for [s = 1:NS] sprintf("$Z%d_%d", z, s) \
					using ($1 + offset(s, 0.06)):(column(ip + 1)) \
					with linespoints lc rgb s_color(s) dt s_dash(s) pt 7 \
					ps 0.6 title zt(z, s)
			}
		}
		unset multiplot
		set output
	}
	print sprintf("image\t%s\tUnusable free space index and fragmentation index per " . \
		"order and zone on %s, after aging and drain", stem, a)

	stem = sprintf("%s-%s-buddyinfo", out, a)
	do for [ext in fmt] {
		eval term(ext, 380 * NZ + 120, 420)
		set output stem . "." . ext
		set multiplot layout 1, NZ title head(sprintf("Free blocks per order on %s after " . \
			"aging (buddyinfo, round %d)", a, last))
		do for [z = 1:NZ] {
			set title sprintf("zone %s", word(zones, z))
			if (ztotal[z] == 0) {
				eval empty_panel(sprintf("no rows of round %d", last))
				continue
			}
			set xlabel "order"
			set xtics 1
			set xrange [-0.5:*]
			set ylabel "free blocks"
			set logscale y
			set yrange [0.7:*]
			eval log_tics("y")
			set grid ytics
			if (z == 1) {
				set key top right
			} else {
				unset key
			}
			set style fill solid 0.85 noborder
			set boxwidth 0.8 / NS
			plot for [s = 1:NS] sprintf("$Z%d_%d", z, s) \
				using ($1 + offset(s, 0.8 / NS)):($4 > 0 ? $4 : NaN) with boxes \
				lc rgb s_color(s) title zt(z, s)
			unset logscale y
		}
		unset multiplot
		set output
	}
	print sprintf("image\t%s\tFree blocks per order and zone on %s after aging and drain " . \
		"(buddyinfo)", stem, a)

	array crows[NS]
	array rrows[NS]
	# the series with a summary row: gnuplot 5.4 crashes on labels from a datablock without a
	# point
	summarized = ""
	ctotal = 0
	rtotal = 0
	do for [s = 1:NS] {
		eval select(sprintf("$C%d", s), order_csv, \
			"(column('round')):(column('free_blocks') * 2**(column('order') - N))", \
			arch_is . " && column('order') >= N && s_is(s)")
		crows[s] = _rows
		ctotal = ctotal + _rows
		rrows[s] = 0
		if (have_rounds) {
			eval select(sprintf("$R%d", s), rounds_csv, \
				"(column('round')):(column('free_pages'))", arch_is . " && s_is(s)")
			rrows[s] = _rows
			rtotal = rtotal + _rows
		}
		if (have_summary) {
			# x: the rank among the back ends with a summary row, so bars have no gaps;
			# one bar per attempt (phase): as aged, left, and after freeing the movable
			# blocks, right. A table without phases has one attempt, drawn as the right.
			eval select(sprintf("$S%d", s), summary_csv, \
				"(words(summarized) + 1 + 0.19):(column('success_rate')):" . \
				"(column('obtained')):(column('possible'))", \
				arch_is . " && s_is(s) && column('order') == N" . \
				(have_phase ? " && strcol('phase') ne 'aged'" : ""))
			_main = _rows
			eval select(sprintf("$A%d", s), summary_csv, \
				"(words(summarized) + 1 - 0.19):(column('success_rate')):" . \
				"(column('obtained')):(column('possible'))", \
				arch_is . " && s_is(s) && column('order') == N" . \
				(have_phase ? " && strcol('phase') eq 'aged'" : " && 0"))
			if (_main > 0) {
				summarized = summarized . " " . s
			}
		}
	}
	stem = sprintf("%s-%s-aging", out, a)
	do for [ext in fmt] {
		eval term(ext, 1300, 440)
		set output stem . "." . ext
		set multiplot layout 1, 3 title head(sprintf("Aging on %s: order-%d blocks " . \
			"across rounds, and order-%d success after aging", a, N, N))
		set title sprintf("order-%d blocks the free blocks could give", N)
		set xlabel "aging round (the last: after drain)"
		set ylabel sprintf("order-%d blocks", N)
		set autoscale x
		set xtics autofreq
		set ytics autofreq
		set yrange [0:*]
		set grid
		set key bottom left
		if (ctotal > 0) {
			plot for [s = 1:NS] sprintf("$C%d", s) using 1:2 smooth frequency \
				with linespoints lc rgb s_color(s) dt s_dash(s) pt 7 ps 0.5 \
				title (crows[s] > 0 ? s_title(s) : "")
		} else {
			eval empty_panel(sprintf("no free blocks of order %d or more", N))
		}
		if (rtotal > 0) {
			set title "free pages at the end of each round"
			set ylabel "free pages"
			plot for [s = 1:NS] sprintf("$R%d", s) using 1:2 with linespoints \
				lc rgb s_color(s) dt s_dash(s) pt 7 ps 0.5 \
				title (rrows[s] > 0 ? s_title(s) : "")
		} else {
			eval empty_panel("no rows in frag_rounds.csv")
		}
		if (summarized ne "") {
			set title sprintf("order-%d allocations that succeeded after aging", N)
			unset xlabel
			set ylabel "obtained / possible"
			set yrange [0:1.1]
			set xrange [0.4:words(summarized) + 0.6]
			eval series_xtics(summarized)
			set xtics rotate by -30
			set grid ytics
			unset key
			set boxwidth 0.36
			if (have_phase) {
				set key top right
			}
			plot for [p in summarized] "$A" . p using 1:2 with boxes \
				fill pattern 4 border lc rgb s_color(int(p)) \
				title (have_phase && p eq word(summarized, 1) ? "as aged" : ""), \
				for [p in summarized] "$S" . p using 1:2 with boxes \
				fill solid 0.85 noborder lc rgb s_color(int(p)) \
				title (have_phase && p eq word(summarized, 1) ? \
					"movable blocks freed" : ""), \
				for [p in summarized] "$A" . p \
				using 1:2:(sprintf("%.2f\n%d/%d", $2, $3, $4)) with labels center \
				offset character 0,1.6 font ",8" notitle, \
				for [p in summarized] "$S" . p \
				using 1:2:(sprintf("%.2f\n%d/%d", $2, $3, $4)) with labels center \
				offset character 0,1.6 font ",8" notitle
			set xtics norotate
		} else {
			eval empty_panel(sprintf("no order-%d rows in frag_summary.csv", N))
		}
		unset multiplot
		set output
	}
	print sprintf("image\t%s\tOrder-%d blocks the free memory could give across aging " . \
		"rounds, free pages per round, and order-%d success after aging, on %s", \
		stem, N, N, a)
}
