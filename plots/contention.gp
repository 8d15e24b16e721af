# SPDX-License-Identifier: GPL-2.0
#
# contention.csv (kmembench run --workload contention): allocation throughput as threads are
# added, per back end, with per-CPU lists (solid) and without (dashed). One image per arch
# profile, with a panel per kind and size of allocation (pages of an order, kmalloc of a size):
# million operations per second of all threads together, against the thread count (log scale);
# a dotted vertical line marks the CPUs the host has, past which threads time-share.
#
#   gnuplot -e "dir='results/RUN'; out='plots/RUN/contention'" plots/contention.gp
#   csv   the table                                                       [DIR/contention.csv]
# and the variables of common.gp.

_here = ""
do for [_i = strlen(ARG0):1:-1] { if (_here eq "" && ARG0[_i:_i] eq "/") { _here = ARG0[1:_i] } }
load _here . "common.gp"
if (!exists("csv")) csv = dir . "/contention.csv"
if (!exists("out")) out = "contention"
if (!readable(csv)) { printerr "contention.gp: cannot read " . csv; exit status 3 }
eval require(csv, "kind size threads mops")

eval values("backends", csv, "backend")
eval values("arches", csv, "arch")
eval values("kinds", csv, "kind")
eval series(csv)
has_cpus = has(csv, "cpus")

do for [a in arches] {
	# panels: the (kind, size) pairs of this arch, in the order they appear
	panels = ""
	do for [k in kinds] {
		eval distinct_if(csv, "size", "is('arch', a) && is('kind', k)")
		do for [z in _list] {
			panels = panels . " " . k . ":" . z
		}
	}
	NK = words(panels)
	if (NK == 0) {
		continue
	}
	array rows[NK * NS]
	array ptotal[NK]
	p_kind(p) = word(panels, p)[1:strstrt(word(panels, p), ":") - 1]
	p_size(p) = word(panels, p)[strstrt(word(panels, p), ":") + 1:]
	do for [p = 1:NK] {
		ptotal[p] = 0
		do for [s = 1:NS] {
			eval select(sprintf("$C%d_%d", p, s), csv, \
				"(column('threads')):(column('mops'))", \
				"is('arch', a) && strcol('kind') eq p_kind(p) && " . \
				"strcol('size') eq p_size(p) && s_is(s)")
			rows[(p - 1) * NS + s] = _rows
			ptotal[p] = ptotal[p] + _rows
		}
	}
	cpus = NaN
	if (has_cpus) {
		eval minmax(csv, "column('cpus')", "is('arch', a)")
		cpus = _max
	}
	eval minmax(csv, "column('threads')", "is('arch', a)")
	stem = sprintf("%s-%s", out, a)
	do for [ext in fmt] {
		eval term(ext, 160 + 420 * NK, 480)
		set output stem . "." . ext
		set multiplot layout 1, NK title head(sprintf("Throughput under contention on %s " . \
			"(dashed: no per-CPU lists)", a))
		do for [p = 1:NK] {
			set title sprintf("%s of %s", p_kind(p), bytes(real(p_size(p))))
			if (ptotal[p] == 0) {
				eval empty_panel("no rows of these back ends")
				continue
			}
			set logscale x 2
			set xrange [_min / 1.3:_max * 1.3]
			set xtics 2
			set xlabel "threads"
			set ylabel "million operations per second (all threads)"
			set yrange [0:*]
			set grid
			if (p == 1) {
				set key top left
			} else {
				unset key
			}
			if (cpus == cpus) {
				set arrow 1 from cpus, graph 0 to cpus, graph 1 nohead dt 3 lc rgb "#666666"
				set label 1 sprintf(" %d CPUs", cpus) at cpus, graph 0.04 left \
					textcolor rgb "#666666"
			}
			plot for [s = 1:NS] sprintf("$C%d_%d", p, s) using 1:2 with linespoints \
				lc rgb s_color(s) dt s_dash(s) pt 7 ps 0.6 \
				title (rows[(p - 1) * NS + s] > 0 ? s_title(s) : "")
			unset arrow 1
			unset label 1
		}
		unset multiplot
		set output
	}
	print sprintf("image\t%s\tThroughput against threads on %s, per back end, with and " . \
		"without per-CPU lists", stem, a)
}
