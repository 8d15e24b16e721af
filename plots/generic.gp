# SPDX-License-Identifier: GPL-2.0
#
# The plot of a workload that has no script of its own: `kmembench report` draws its points
# (the table reduced as the workload's descriptor says: struct report_points of
# workloads/present.h) with this script. One image with a panel per y column, each y against x
# (on a log scale if the descriptor asks), a line per series: the rows alike in every series
# column, named by their values joined with "/" (past eight series the colours come again,
# dashed). A workload that wants more (panels per kind, bars, marks) brings its own
# plots/NAME.gp, which the report then runs instead.
#
#   gnuplot -e "csv='plots/RUN/NAME-points.csv'; out='plots/RUN/NAME'; section='Name'; \
#       series='backend arch'; x='size'; y='p50_ns p99_ns'; logx='1'" plots/generic.gp
#   csv      the points                                                       [required]
#   section  what the image shows, its title                                 [the file's name]
#   series   the columns that tell the series apart, space-separated          [backend]
#   x        the column drawn across                                          [required]
#   y        the columns drawn up, space-separated: one panel each            [required]
#   logx     1: x on a log scale                                              [0]
# and the variables of common.gp.

_here = ""
do for [_i = strlen(ARG0):1:-1] { if (_here eq "" && ARG0[_i:_i] eq "/") { _here = ARG0[1:_i] } }
load _here . "common.gp"
if (!exists("csv") || !exists("x") || !exists("y")) {
	printerr "generic.gp: csv, x and y are to be given"
	exit status 1
}
if (!exists("out")) out = "generic"
if (!exists("section")) section = csv
if (!exists("series")) series = "backend"
if (!exists("logx")) logx = "0"
if (!readable(csv)) { printerr "generic.gp: cannot read " . csv; exit status 3 }
eval require(csv, series . " " . x . " " . y)

# The series of the row being read: its series columns' values joined with "/"
row_series(dummy) = (_s = "", sum [_k = 1:words(series)] \
	(_s = _s . (_k > 1 ? "/" : "") . strcol(word(series, _k)), 0), _s)

# The distinct series, space-separated, in the order they first appear
eval csv_mode
_list = " "
set table $_void
plot csv using ((_v = row_series(0), strstrt(_list, " " . _v . " ") ? 0 : \
	(_list = _list . _v . " ", 0))):(0) with table
unset table
eval block_mode
all_series = _list[2:]
NS = words(all_series)
if (NS == 0) { printerr "generic.gp: " . csv . ": no rows"; exit status 3 }
NY = words(y)

array rows[NS * NY]
do for [p = 1:NY] {
	do for [s = 1:NS] {
		eval select(sprintf("$G%d_%d", p, s), csv, \
			sprintf("(column('%s')):(column('%s'))", x, word(y, p)), \
			sprintf("row_series(0) eq '%s'", gq(word(all_series, s))))
		rows[(p - 1) * NS + s] = _rows
	}
}

stem = out
do for [ext in fmt] {
	eval term(ext, 160 + 440 * NY, 500)
	set output stem . "." . ext
	set multiplot layout 1, NY title head(section)
	do for [p = 1:NY] {
		set title word(y, p)
		total = 0
		do for [s = 1:NS] {
			total = total + rows[(p - 1) * NS + s]
		}
		if (total == 0) {
			eval empty_panel("no rows")
			continue
		}
		if (logx eq "1") {
			set logscale x 10
		}
		set xlabel x
		set ylabel word(y, p)
		set grid
		if (p == 1) {
			set key top left
		} else {
			unset key
		}
		plot for [s = 1:NS] sprintf("$G%d_%d", p, s) using 1:2 with linespoints \
			lc rgb color(s) dt 1 + (s - 1) / 8 pt 7 ps 0.6 \
			title (rows[(p - 1) * NS + s] > 0 ? word(all_series, s) : "")
	}
	unset multiplot
	set output
}
print sprintf("image\t%s\t%s: %s against %s, a line per %s", stem, section, y, x, \
	series)
