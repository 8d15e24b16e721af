# SPDX-License-Identifier: GPL-2.0
#
# numa.csv (kmembench run --workload numa): where pages land. One image per arch profile: the
# share of pages placed on the allocating CPU's node per case (default policy, a remote target,
# the local node exhausted), a bar per back end (the mean when a case has several rows), and,
# where it was measured (remote_access_ns >= 0), the time of a remote access.
#
#   gnuplot -e "dir='results/RUN'; out='plots/RUN/numa'" plots/numa.gp
#   csv   the table                                                             [DIR/numa.csv]
# and the variables of common.gp.

_here = ""
do for [_i = strlen(ARG0):1:-1] { if (_here eq "" && ARG0[_i:_i] eq "/") { _here = ARG0[1:_i] } }
load _here . "common.gp"
if (!exists("csv")) csv = dir . "/numa.csv"
if (!exists("out")) out = "numa"
if (!readable(csv)) { printerr "numa.gp: cannot read " . csv; exit status 3 }
eval require(csv, "case local_frac")

eval values("backends", csv, "backend")
eval values("arches", csv, "arch")
eval values("cases", csv, "case")
eval series(csv)
NC = words(cases)
has_remote = has(csv, "remote_access_ns")
array rows[NS]
array trows[NS]
# bar r of the NR back ends that have rows
xpos(x, r) = x + (r - (NR + 1) / 2.0) * 0.8 / NR

do for [a in arches] {
	total = 0
	timed = 0
	# the series with rows: gnuplot 5.4 crashes on labels from a datablock without a point
	present = ""
	do for [s = 1:NS] {
		w = "is('arch', a) && s_is(s)"
		eval select(sprintf("$F%d", s), csv, \
			"(index_of(cases, strcol('case'))):(column('local_frac'))", \
			w . " && column('local_frac') >= 0")
		rows[s] = _rows
		total = total + _rows
		# the mean of each case's rows, as smooth unique computes it, for bars and labels
		if (_rows > 0) {
			eval sprintf("set table $G%d; plot $F%d using 1:2 smooth unique; " . \
				"unset table", s, s)
			present = present . " " . s
		}
		trows[s] = 0
		if (has_remote) {
			eval select(sprintf("$T%d", s), csv, \
				"(index_of(cases, strcol('case'))):(column('remote_access_ns'))", \
				w . " && column('remote_access_ns') >= 0")
			trows[s] = _rows
			timed = timed + _rows
		}
	}
	if (total == 0) {
		continue
	}
	_t = ""
	do for [c = 1:NC] {
		_t = _t . (c > 1 ? ", " : "") . sprintf("\"%s\" %d", word(cases, c), c)
	}
	NPANEL = 1 + (timed > 0)
	NR = words(present)
	rank(p) = index_of(present, p)
	stem = sprintf("%s-%s", out, a)
	do for [ext in fmt] {
		eval term(ext, 200 + 140 * NC * NPANEL + 60 * NS, 460)
		set output stem . "." . ext
		set multiplot layout 1, NPANEL title head(sprintf("NUMA placement on %s", a))
		eval "set xtics (" . _t . ")"
		set xrange [0.4:NC + 0.6]
		unset xlabel
		set grid ytics
		set key outside bottom center horizontal
		set style fill solid 0.85 noborder
		set boxwidth 0.8 / NR
		set title "pages on the allocating CPU's node"
		set ylabel "local fraction"
		set yrange [0:1.1]
		plot for [p in present] "$G" . p using (xpos($1, rank(p))):2 \
			with boxes lc rgb s_color(int(p)) title s_title(int(p)), \
			for [p in present] "$G" . p \
			using (xpos($1, rank(p))):2:(sprintf("%.2f", $2)) with labels \
			offset character 0,0.7 notitle
		if (timed > 0) {
			set title "time of an access to the remote node"
			set ylabel "ns per access"
			set yrange [0:*]
			plot for [p in present] "$T" . p using (xpos($1, rank(p))):2 \
				smooth unique with boxes lc rgb s_color(int(p)) \
				title (trows[int(p)] > 0 ? s_title(int(p)) : "")
		}
		unset multiplot
		set output
	}
	print sprintf("image\t%s\tShare of pages placed on the allocating CPU's node per case " . \
		"on %s, per back end%s", stem, a, timed > 0 ? ", and remote access time" : "")
}
