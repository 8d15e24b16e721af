# SPDX-License-Identifier: GPL-2.0
#
# Shared by the kmembench plot scripts, each of which loads it from its own directory: the
# defaults of the variables every script takes, terminals, colours, and helpers to list the
# distinct values of a column and to copy the rows of a CSV file that match a condition into a
# datablock. Columns are always found by name (column("p50_ns"), strcol("backend")), never by
# position, so the scripts keep working when columns are added or move.
#
# Variables, all optional (gnuplot -e "dir='results/RUN'; out='plots/RUN/latency'" latency.gp):
#   dir       the run directory whose CSV files are read                      [.]
#   out       path prefix of the images, OUT-ARCH-WHAT.EXT                    [the script's name]
#   title     a second title line on every image: the run and the machine     [from meta.csv]
#   fmt       image formats: "svg", "png" or "svg png"                        [svg png]
#   backends  back ends to plot, space-separated, in legend order             [those in the data]
#   arches    arch profiles to plot, one image each                           [those in the data]
#
# Every image written is announced on stdout as one line "image<TAB>STEM<TAB>CAPTION"; the
# image is STEM.EXT for each format. `kmembench report` reads these lines; warnings and errors
# go to stderr. Exit status 3 means the input lacks a table or a column (stderr names it), as
# opposed to a failure of the script itself.

if (!exists("dir")) dir = "."
if (!exists("fmt")) fmt = "svg png"
set print "-"

# Reading CSV files (RFC 4180, header row) and the datablocks made from them (whitespace)
csv_mode = "set datafile separator comma; set datafile columnheaders"
block_mode = "set datafile separator whitespace; set datafile nocolumnheaders"

# s quoted for a gnuplot single-quoted string (' doubled) and for a shell one ('\'')
gq(s) = (_q = strstrt(s, "'"), _q ? s[1:_q] . "'" . gq(s[_q + 1:]) : s)
sq(s) = (_q = strstrt(s, "'"), _q ? s[1:_q - 1] . "'\\''" . sq(s[_q + 1:]) : s)
# gnuplot cannot test for a file itself, and reading a missing one is a fatal error
readable(f) = system("test -r '" . sq(f) . "' && echo 1 || echo 0") eq "1"

# eval select(BLOCK, FILE, USING, CONDITION): the rows of FILE for which CONDITION holds, as
# USING computes them, into the datablock BLOCK ("$s1"), and their number into _rows. An empty
# selection leaves one row of NaN, which plots as nothing, because plotting an empty datablock
# is a fatal error. Ranges and log scales would drop rows: both are reset, so a panel sets its
# own after its selections.
select(b, f, u, c) = sprintf("%s; unset logscale; set autoscale; set table %s; " . \
	"plot '%s' using %s with table if (%s); unset table; %s; _rows = |%s|; " . \
	"if (_rows == 0) { set print %s; print 'NaN NaN NaN NaN'; set print '-' }", \
	csv_mode, b, gq(f), u, c, block_mode, b, b)

# eval distinct_if(FILE, COLUMN, CONDITION): the distinct values of the column over the rows for
# which CONDITION holds, space-separated, in the order they first appear, into _list;
# distinct(FILE, COLUMN) over all rows
distinct_if(f, c, w) = sprintf("%s; _list = ' '; set table $_void; plot '%s' using " . \
	"((%s) ? (_v = strcol('%s'), strstrt(_list, ' ' . _v . ' ') ? 0 : " . \
	"(_list = _list . _v . ' ', 0)) : 0):(0) with table; unset table; _list = _list[2:]; %s", \
	csv_mode, gq(f), w, c, block_mode)
distinct(f, c) = distinct_if(f, c, "1")

# The header row of a CSV file, and whether it has column c. gnuplot itself, asked for a column
# no header names, takes one whose name starts with it ("pcp" for "pcp_pages"), so names are
# checked here first.
header(f) = system("head -n 1 '" . sq(f) . "' | tr -d '\\r'")
has(f, c) = strstrt("," . header(f) . ",", "," . c . ",") > 0
# The columns of a space-separated list that file f lacks, space-separated
missing(f, l) = (_h = "," . header(f) . ",", _m = "", \
	sum [_k = 1:words(l)] (strstrt(_h, "," . word(l, _k) . ",") ? 0 : \
		(_m = _m . " " . word(l, _k), 1)), _m[2:])

# eval require(FILE, COLUMNS): stop with a message naming the columns FILE lacks
require(f, l) = sprintf("if (missing('%s', '%s') ne '') { printerr '%s: no column ' . " . \
	"missing('%s', '%s'); exit status 3 }", gq(f), l, gq(f), gq(f), l)

# eval values("VAR", FILE, COLUMN): VAR as given, else the column's distinct values; "*" when the
# file has no such column, which is(COLUMN, "*") matches on every row
values(v, f, c) = sprintf("if (!exists('%s')) { if (has('%s', '%s')) { " . \
	"eval distinct('%s', '%s'); %s = _list } else { %s = '*' } }", \
	v, gq(f), c, gq(f), c, v, v)
is(c, v) = v eq "*" || strcol(c) eq v

# eval minmax(FILE, EXPR, CONDITION): the smallest and largest EXPR over the rows for which
# CONDITION holds, into _min and _max (NaN when none does)
minmax(f, e, c) = select("$_mm", f, "(" . e . "):(0)", c) . "; _min = NaN; _max = NaN; " . \
	"if (_rows > 0) { stats [*:*] $_mm using 1 nooutput; _min = STATS_min; _max = STATS_max }"

# The position of word w in a space-separated list (0: absent)
index_of(l, w) = sum [_k = 1:words(l)] (word(l, _k) eq w ? _k : 0)

# Series: one per back end, and per per-CPU list setting when the data has both (dashed
# without). eval series(FILE) after `backends` is set: defines NS, and for series s, s_be(s),
# s_pcp(s), s_title(s), s_color(s), s_dash(s) and s_is(s), the condition that a row is of it.
# A table without rows has no series, and nothing to draw: exit status 3.
series(f) = values("pcps", f, "pcp") . "; NP = words(pcps); NS = words(backends) * NP; " . \
	sprintf("if (NS == 0) { printerr '%s: no rows'; exit status 3 }", gq(f))
s_be(s) = word(backends, (s - 1) / NP + 1)
s_pcp(s) = word(pcps, (s - 1) % NP + 1)
s_title(s) = NP == 1 ? s_be(s) : s_be(s) . (s_pcp(s) eq "0" ? ", no per-CPU lists" : "")
s_color(s) = color((s - 1) / NP + 1)
s_dash(s) = NP > 1 && s_pcp(s) eq "0" ? 2 : 1
s_is(s) = is("backend", s_be(s)) && is("pcp", s_pcp(s))
# eval series_xtics(LIST): x tics 1, 2, ... named after the series of LIST ("1 3"), for bars
series_xtics(l) = sprintf("_t = ''; _l = '%s'; do for [_r = 1:words(_l)] { " . \
	"_t = _t . (_r > 1 ? ', ' : '') . sprintf('\"%%s\" %%d', " . \
	"s_title(int(word(_l, _r))), _r) }; eval 'set xtics (' . _t . ')'", l)

# Colours (Okabe and Ito: told apart with every kind of colour vision), one per back end
color(i) = word("#0072B2 #D55E00 #CC79A7 #009E73 #E69F00 #56B4E9 #000000 #F0E442", \
	(i - 1) % 8 + 1)

# eval term(EXT, WIDTH, HEIGHT): the terminal for one image format
term(ext, w, h) = ext eq "png" ? \
	sprintf("set terminal pngcairo size %d,%d noenhanced font 'Sans,10' " . \
		"background rgb 'white' linewidth 1.2", w, h) : \
	sprintf("set terminal svg size %d,%d fixed noenhanced font 'Sans,11' " . \
		"background rgb 'white' linewidth 1.2", w, h)

# The run line: "run RUN-ID on HOST, CPU" from DIR/meta.csv, RUN-ID being the directory's name
if (!exists("title")) {
	title = ""
	_meta = dir . "/meta.csv"
	if (readable(_meta) && has(_meta, "key") && has(_meta, "value")) {
		_host = "?"
		_cpu = "?"
		eval csv_mode
		set table $_void
		plot _meta using (strcol("key") eq "host" ? (_host = strcol("value"), 0) : 0, \
			strcol("key") eq "cpu_model" ? (_cpu = strcol("value"), 0) : 0):(0) with table
		unset table
		eval block_mode
		_id = system("basename \"$(cd '" . sq(dir) . "' && pwd)\"")
		title = sprintf("run %s on %s, %s", _id, _host, _cpu)
	}
}

# The title of an image: what it shows, then the run line
head(s) = title eq "" ? s : s . "\n" . title

# eval empty_panel(MESSAGE): a panel that says why it has nothing to show
empty_panel(m) = sprintf("unset logscale; unset key; set xrange [0:1]; set yrange [0:1]; " . \
	"unset xtics; unset ytics; set border 0; unset xlabel; unset ylabel; " . \
	"set label 99 '%s' at 0.5,0.5 center; plot 2 notitle; unset label 99; set border; " . \
	"set xtics; set ytics; set autoscale; set key", gq(m))

# Byte counts with binary prefixes: 4 KiB, 1 MiB
bytes(v) = v >= 2**30 ? sprintf("%g GiB", v / 2.0**30) : v >= 2**20 ? \
	sprintf("%g MiB", v / 2.0**20) : v >= 1024 ? sprintf("%g KiB", v / 1024.0) : \
	sprintf("%g B", v)
# eval byte_tics(AXIS, LO, HI): tics at the powers of 4 from LO to HI (within the 6 digits a
# datablock keeps), labelled as bytes(), for a log axis
byte_tics(a, lo, hi) = sprintf("_t = ''; do for [_e = 0:62:2] { " . \
	"if (2.0**_e >= %.17g * 0.99 && 2.0**_e <= %.17g * 1.01) { " . \
	"_t = _t . (_t eq '' ? '' : ', ') . sprintf('\"%%s\" %%.0f', bytes(2.0**_e), 2.0**_e) } }; " . \
	"eval 'set %stics (' . _t . ')'", lo, hi, a)

# eval log_tics("y"): tics at 1, 2, 5, 10, 20, ... on a log axis, where a range within one or two
# decades would otherwise get one labelled tic or none
_log_tics = ""
do for [_e = 0:12] {
	do for [_m in "1 2 5"] {
		_log_tics = _log_tics . (_log_tics eq "" ? "" : ", ") . \
			sprintf("%.0f", int(_m) * 10.0**_e)
	}
}
log_tics(a) = sprintf("set %stics (%s); set m%stics default", a, _log_tics, a)
