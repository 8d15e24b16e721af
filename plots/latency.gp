# SPDX-License-Identifier: GPL-2.0
#
# latency.csv (kmembench run --workload latency): the time of one call per block size, the
# median (p50) as a point with a bar up to the 99th percentile, on a log scale, one series per
# back end (and per per-CPU list setting, dashed without, when the run has both). One image per
# arch profile and kind of allocation (pages, kmalloc, vmalloc: what the data holds), with a
# panel per operation (alloc, free). x is the order for a kind whose rows have one (pages), the
# size in bytes otherwise. A call faster than the timer resolves (0 ns once the timer's own cost
# is subtracted, as glibc malloc often is) is drawn at 1 ns, the floor of the log scale.
#
#   gnuplot -e "dir='results/RUN'; out='plots/RUN/latency'" plots/latency.gp
#   csv   the table                                                          [DIR/latency.csv]
# and the variables of common.gp.

_here = ""
do for [_i = strlen(ARG0):1:-1] { if (_here eq "" && ARG0[_i:_i] eq "/") { _here = ARG0[1:_i] } }
load _here . "common.gp"
if (!exists("csv")) csv = dir . "/latency.csv"
if (!exists("out")) out = "latency"
if (!readable(csv)) { printerr "latency.gp: cannot read " . csv; exit status 3 }
eval require(csv, "kind op size order p50_ns p99_ns")

atleast1(v) = v < 1 ? 1 : v
eval values("backends", csv, "backend")
eval values("arches", csv, "arch")
eval values("kinds", csv, "kind")
eval values("ops", csv, "op")
eval series(csv)
NO = words(ops)
array rows[NS * NO]
array optotal[NO]

do for [a in arches] {
	do for [k in kinds] {
		sel = "is('arch', a) && is('kind', k)"
		eval select("$x", csv, "(column('order')):(0)", sel . " && column('order') >= 0")
		by_order = _rows > 0
		xcol = by_order ? "order" : "size"
		total = 0
		do for [o = 1:NO] {
			optotal[o] = 0
			do for [s = 1:NS] {
				eval select(sprintf("$L%d_%d", o, s), csv, \
					sprintf("(column('%s')):(atleast1(column('p50_ns'))):" . \
						"(atleast1(column('p50_ns'))):" . \
						"(atleast1(column('p99_ns')))", xcol), \
					sel . " && is('op', word(ops, o)) && " . \
					"s_is(s)")
				rows[(o - 1) * NS + s] = _rows
				optotal[o] = optotal[o] + _rows
				total = total + _rows
			}
		}
		if (total == 0) {
			continue
		}
		# gnuplot's autoscaling leaves out the error bars: the range takes p50 to p99
		eval minmax(csv, "column('p50_ns')", sel)
		ylo = atleast1(_min)
		eval minmax(csv, "column('p99_ns')", sel)
		yhi = atleast1(_max)
		eval minmax(csv, "column('" . xcol . "')", sel)
		stem = sprintf("%s-%s-%s", out, a, k)
		do for [ext in fmt] {
			eval term(ext, 1200, 520)
			set output stem . "." . ext
			set multiplot layout 1, NO title head(sprintf("Latency of %s calls on %s: " . \
				"p50, bar up to p99", k, a))
			do for [o = 1:NO] {
				set title word(ops, o)
				if (optotal[o] == 0) {
					eval empty_panel("no rows")
					continue
				}
				set logscale y
				set yrange [ylo / 1.3:yhi * 1.3]
				eval log_tics("y")
				set ylabel "time per call (ns)"
				if (o == 1) {
					set key top left
				} else {
					unset key
				}
				set grid
				if (by_order) {
					unset logscale x
					set xtics 1
					set xrange [_min - 0.5:_max + 0.5]
					set xlabel "order (blocks of 2^order pages)"
					xpos(x, s) = x + (s - (NS + 1) / 2.0) * 0.08
				} else {
					set logscale x 2
					set xrange [_min / 1.5:_max * 1.5]
					eval byte_tics("x", _min, _max)
					set xlabel "size"
					xpos(x, s) = x * 2**((s - (NS + 1) / 2.0) * 0.08)
				}
				plot for [s = 1:NS] sprintf("$L%d_%d", o, s) \
					using (xpos($1, s)):2:3:4 with yerrorlines \
					lc rgb s_color(s) \
					dt s_dash(s) pt 7 ps 0.6 \
					title (rows[(o - 1) * NS + s] > 0 ? s_title(s) : "")
			}
			unset multiplot
			set output
		}
		print sprintf("image\t%s\tLatency of %s calls on %s, per %s: p50 with a bar " . \
			"up to p99, per back end", stem, k, a, by_order ? "order" : "size")
	}
}
