# SPDX-License-Identifier: GPL-2.0
#
# validate.csv (kmembench validate BUNDLE): the model's free blocks at the end of a captured
# kernel's trace beside the kernel's. One image per zone with free_blocks rows, the sum over the
# zones with a verdict first (zone "all"), then each zone, node by node:
#   validate-all, validate-nodeN-ZONE
# free blocks per order, 0 to 10, on a log scale: the kernel's (after.buddyinfo; the `kernel`
# column, which every back end's rows repeat: the first back end's are drawn) and the model's of
# each back end, as grouped bars. A count of 0 has no bar; where another series has blocks of
# that order, a "0" at the foot of the axis marks it. The key gives each back end's wrong-order
# share of the zone (its wrong_order_share row: sum over orders of |model - kernel| * 2^order
# over the kernel's free pages; 0 is the kernel's state exactly), and the title says when the
# zone got no verdict (why is in the row's note, which gnuplot cannot read whole: it cuts a
# quoted field at its first comma; the report's table of zones gives it). Below, model - kernel
# per order in pages (blocks * 2^order), a bar per back end: where the share comes from, which
# a log scale hides.
#
#   gnuplot -e "dir='results/RUN'; out='plots/RUN/validate'" plots/validate.gp
#   csv   the table                                                         [DIR/validate.csv]
# and the variables of common.gp (the table has no arch column: `arches` is not used).

_here = ""
do for [_i = strlen(ARG0):1:-1] { if (_here eq "" && ARG0[_i:_i] eq "/") { _here = ARG0[1:_i] } }
load _here . "common.gp"
if (!exists("csv")) csv = dir . "/validate.csv"
if (!exists("out")) out = "validate"
if (!readable(csv)) { printerr "validate.gp: cannot read " . csv; exit status 3 }
eval require(csv, "backend node zone metric order kernel model verdict")

# eval first_if(FILE, EXPR, CONDITION): the string EXPR on the first row for which CONDITION
# holds, into _first; _found says whether one did
first_if(f, e, c) = sprintf("%s; _first = ''; _found = 0; set table $_void; plot '%s' using " . \
	"((!_found && (%s)) ? (_first = %s, _found = 1, 0) : 0):(0) with table; unset table; %s", \
	csv_mode, gq(f), c, e, block_mode)

# A zone's name as part of a file name
_safe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
safe(s) = strlen(s) == 0 ? "" : (strstrt(_safe, s[1:1]) ? s[1:1] : "_") . safe(s[2:])

# The back ends drawn: those of `backends` (the run's, in the order the report gives every plot,
# which keeps each its colour) that the table has rows of
eval distinct(csv, "backend")
present = _list
if (!exists("backends")) backends = present
drawn = ""
do for [b in backends] {
	if (index_of(present, b)) {
		drawn = drawn . (drawn eq "" ? "" : " ") . b
	}
}
NB = words(drawn)
if (present eq "") {
	printerr "validate.gp: " . csv . " has no rows"
	exit status 3
}
if (NB == 0) {
	printerr "validate.gp: " . csv . " has no rows of the back ends " . backends
	exit status 3
}
be_color(i) = color(index_of(backends, word(drawn, i)))

# The zones: "all" first, then node by node in the order the table lists them
fb = "strcol('metric') eq 'free_blocks'"
eval distinct_if(csv, "zone", fb . " && strcol('zone') eq 'all'")
zones = _list
eval minmax(csv, "column('node')", fb . " && strcol('zone') ne 'all' && strcol('zone') ne '-'")
if (_min == _min) {
	do for [n = int(_min):int(_max)] {
		eval distinct_if(csv, "zone", fb . sprintf(" && column('node') == %d", n) . \
			" && strcol('zone') ne 'all' && strcol('zone') ne '-'")
		do for [z in _list] {
			zones = zones . (zones eq "" ? "" : " ") . sprintf("%d:%s", n, z)
		}
	}
}
if (zones eq "") {
	printerr "validate.gp: " . csv . " has no free_blocks rows"
	exit status 3
}

NS = NB + 1
bw = 0.8 / NS
offset(s) = (s - (NS + 1) / 2.0) * bw
array rows[NS]
array share[NB]
array nov[NB]

do for [zk in zones] {
	_colon = strstrt(zk, ":")
	if (_colon) {
		znode = int(zk[1:_colon - 1])
		zname = zk[_colon + 1:]
		zc = sprintf("strcol('zone') eq '%s' && column('node') == %d", gq(zname), znode)
		ztext = sprintf("zone %s, node %d", zname, znode)
		stem = sprintf("%s-node%d-%s", out, znode, safe(zname))
	} else {
		zc = "strcol('zone') eq 'all'"
		ztext = "all zones with a verdict, summed"
		stem = out . "-all"
	}
	# the kernel's blocks: the first back end's rows that have them
	rows[1] = 0
	do for [i = 1:NB] {
		if (rows[1] == 0) {
			eval select("$B1", csv, "(column('order')):(column('kernel'))", \
				zc . " && " . fb . " && strcol('backend') eq word(drawn, i)")
			rows[1] = _rows
		}
	}
	some = ""
	no_verdict = 0
	do for [i = 1:NB] {
		eval select(sprintf("$B%d", i + 1), csv, "(column('order')):(column('model')):" . \
			"(column('model') - column('kernel'))", \
			zc . " && " . fb . " && strcol('backend') eq word(drawn, i)")
		rows[i + 1] = _rows
		eval first_if(csv, "sprintf('%.3g', column('model'))", zc . " && strcol('metric') " . \
			"eq 'wrong_order_share' && strcol('backend') eq word(drawn, i)")
		share[i] = _found ? _first : ""
		eval first_if(csv, "strcol('verdict')", zc . " && strcol('metric') " . \
			"eq 'wrong_order_share' && strcol('backend') eq word(drawn, i)")
		nov[i] = _found && _first eq "no_verdict"
		no_verdict = no_verdict || nov[i]
		if (rows[i + 1] > 0) {
			some = some . sprintf("%s%s %s", some eq "" ? "" : ", ", word(drawn, i), \
				share[i] eq "" ? "no share" : share[i])
		}
	}
	# how far the model's pages are from the kernel's, order by order, over every back end
	eval minmax(csv, "(column('model') - column('kernel')) * 2.0**column('order')", \
		zc . " && " . fb . " && index_of(drawn, strcol('backend'))")
	same = _min == 0 && _max == 0
	# a range that holds 0 with a margin, and integer tics: pages are whole
	dlo = _min < 0 ? _min : 0
	dhi = _max > 0 ? _max : 0
	dpad = (dhi - dlo) * 0.08
	# the series with a row: gnuplot 5.4 crashes on labels from a datablock without a point
	with_rows = ""
	do for [s = 1:NS] {
		if (rows[s] > 0) {
			with_rows = with_rows . " " . s
		}
	}
	# the orders where some series has blocks: a 0 there is marked
	eval distinct_if(csv, "order", zc . " && " . fb . \
		" && (column('kernel') > 0 || column('model') > 0)")
	nonzero = " " . _list . " "
	zero_mark(o, v) = v == 0 && strstrt(nonzero, sprintf(" %d ", o)) ? "0" : ""
	s_key(s) = s == 1 ? "kernel (after.buddyinfo)" : rows[s] == 0 ? "" : \
		sprintf("%s: wrong-order share %s%s", word(drawn, s - 1), \
			share[s - 1] eq "" ? "(no row)" : share[s - 1], \
			nov[s - 1] ? ", no verdict" : "")
	s_col(s) = s == 1 ? "#777777" : be_color(s - 1)

	what = sprintf("Free blocks per order at the end of the trace: %s", ztext)
	if (no_verdict) {
		what = what . "\nNO VERDICT: the zone's memory changed during the capture; " . \
			"the sums over zones leave it out"
	}
	do for [ext in fmt] {
		eval term(ext, 960, 680)
		set output stem . "." . ext
		set multiplot title head(what)
		set lmargin 12
		set rmargin 4
		set xrange [-0.6:10.6]
		set xtics 1
		set grid ytics
		set style fill solid 0.85 noborder
		set boxwidth bw
		set key outside top center horizontal Left reverse samplen 2 spacing 1.1

		set origin 0, 0.36
		set size 1, 0.56
		unset xlabel
		set format x ""
		set ylabel "free blocks (log scale)"
		set logscale y
		set yrange [0.7:*]
		eval log_tics("y")
		plot for [s = 1:NS] sprintf("$B%d", s) using ($1 + offset(s)):($2 > 0 ? $2 : NaN) \
			with boxes lc rgb s_col(s) title s_key(s), \
			for [p in with_rows] sprintf("$B%s", p) \
			using ($1 + offset(int(p))):(0.82):(zero_mark($1, $2)) with labels center \
			font ",9" tc rgb s_col(int(p)) notitle
		unset logscale y

		# where the pages differ: model - kernel per order, in pages
		set origin 0, 0
		set size 1, 0.38
		unset key
		set xlabel "order"
		set format x "%g"
		set ylabel "model - kernel, pages"
		set yrange [dlo - dpad:dhi + dpad]
		set ytics autofreq
		set mytics default
		if (dhi - dlo <= 6) {
			set ytics 1
		}
		if (same) {
			set yrange [-1:1]
			set label 98 "the model's free blocks are the kernel's at every order" \
				at graph 0.5, graph 0.75 center
		}
		set format y "%.0f"
		set xzeroaxis lt -1
		plot for [s = 2:NS] sprintf("$B%d", s) \
			using ($1 + offset(s)):($3 * 2.0**$1) \
			with boxes lc rgb s_col(s) notitle
		set format y "%g"
		unset label 98
		unset xzeroaxis
		unset multiplot
		set output
	}
	print sprintf("image\t%s\tFree blocks per order at the end of the trace, %s: the " . \
		"kernel's (after.buddyinfo) and the model's; wrong-order share %s%s", stem, ztext, \
		some eq "" ? "not in the table" : some, no_verdict ? "; no verdict on this zone" : "")
}
