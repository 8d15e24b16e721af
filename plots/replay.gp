# SPDX-License-Identifier: GPL-2.0
#
# replay_timeseries.csv (kmembench replay): the model's free memory while a kernel allocation
# trace is replayed, per back end, from the rows summed over all zones (zone "all"). One image
# per arch profile: free pages over the events replayed, then the unusable free space index
# (mm/vmstat.c) at each order of `orders`, over the same events.
#
#   gnuplot -e "dir='results/RUN'; out='plots/RUN/replay'" plots/replay.gp
#   timeseries_csv   the table                                  [DIR/replay_timeseries.csv]
#   orders           orders whose unusable index is shown       [3 9: a small block, and a
#                                                                huge page on x86]
# and the variables of common.gp.

_here = ""
do for [_i = strlen(ARG0):1:-1] { if (_here eq "" && ARG0[_i:_i] eq "/") { _here = ARG0[1:_i] } }
load _here . "common.gp"
if (!exists("timeseries_csv")) timeseries_csv = dir . "/replay_timeseries.csv"
if (!exists("orders")) orders = "3 9"
if (!exists("out")) out = "replay"
csv = timeseries_csv
if (!readable(csv)) { printerr "replay.gp: cannot read " . csv; exit status 3 }
eval require(csv, "event zone free_pages")
# the orders the table has a column for
_given = orders
orders = ""
orders_text = ""
do for [o in _given] {
	if (has(csv, "unusable_" . o)) {
		orders = orders . (orders eq "" ? "" : " ") . o
		orders_text = orders_text . (orders_text eq "" ? "" : ", ") . o
	} else {
		printerr "replay.gp: " . csv . " has no column unusable_" . o
	}
}

eval values("backends", csv, "backend")
eval values("arches", csv, "arch")
eval series(csv)
NO = words(orders)
array rows[NS]

do for [a in arches] {
	sel = "is('arch', a) && strcol('zone') eq 'all'"
	total = 0
	do for [s = 1:NS] {
		u = "(column('event')):(column('free_pages'))"
		do for [o in orders] {
			u = u . sprintf(":(column('unusable_%s'))", o)
		}
		eval select(sprintf("$T%d", s), csv, u, sel . " && s_is(s)")
		rows[s] = _rows
		total = total + _rows
	}
	if (total == 0) {
		continue
	}
	# an index that stays 0 (memory too large for the trace to fragment) gets a 0-1 axis
	array umax[NO + 1]
	do for [i = 1:NO] {
		eval minmax(csv, "column('unusable_" . word(orders, i) . "')", sel)
		umax[i] = _max
	}
	stem = sprintf("%s-%s", out, a)
	do for [ext in fmt] {
		eval term(ext, 1100, 300 + 260 * NO)
		set output stem . "." . ext
		set multiplot layout NO + 1, 1 title head(sprintf("Trace replay on %s: free memory " . \
			"over the events (all zones)", a))
		set xlabel "events replayed"
		set format x "%.0f"
		set autoscale xfix
		set lmargin 12
		set grid
		# the legend beside the first panel only, in a margin every panel keeps
		set key outside right top
		set rmargin 24
		set title "free pages"
		set ylabel "free pages"
		set format y "%.0f"
		plot for [s = 1:NS] sprintf("$T%d", s) using 1:2 with lines lc rgb s_color(s) \
			dt s_dash(s) lw 1.5 title (rows[s] > 0 ? s_title(s) : "")
		do for [i = 1:NO] {
			unset key
			set title sprintf("unusable free space index at order %s", word(orders, i))
			set ylabel "unusable index"
			set format y "%g"
			if (umax[i] > 0) {
				set yrange [0:*]
				set offsets 0, 0, graph 0.05, 0
			} else {
				set yrange [0:1]
			}
			plot for [s = 1:NS] sprintf("$T%d", s) using 1:(column(2 + i)) with lines \
				lc rgb s_color(s) dt s_dash(s) lw 1.5 title (rows[s] > 0 ? s_title(s) : "")
			set offsets 0, 0, 0, 0
		}
		unset multiplot
		set output
	}
	print sprintf("image\t%s\tFree pages%s over the replayed events on %s, per back end", \
		stem, NO ? " and the unusable free space index at order" . \
		(NO > 1 ? "s " : " ") . orders_text : "", a)
}
