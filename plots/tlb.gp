# SPDX-License-Identifier: GPL-2.0
#
# tlb.csv (kmembench run --workload tlb): the time of one random access to a working set
# reached through each mapping (the direct map, vmalloc), against the size of the working set,
# one colour per back end and one dash pattern per mapping. One image per arch profile: ns per
# access (mean, and the best repetition as a thin line), the ratio to the direct map, and, when
# the host let perf count them, dTLB misses per access. Sizes that did not fit (figures -1) are
# left out; their note says why.
#
#   gnuplot -e "dir='results/RUN'; out='plots/RUN/tlb'" plots/tlb.gp
#   csv   the table                                                              [DIR/tlb.csv]
# and the variables of common.gp.

_here = ""
do for [_i = strlen(ARG0):1:-1] { if (_here eq "" && ARG0[_i:_i] eq "/") { _here = ARG0[1:_i] } }
load _here . "common.gp"
if (!exists("csv")) csv = dir . "/tlb.csv"
if (!exists("out")) out = "tlb"
if (!readable(csv)) { printerr "tlb.gp: cannot read " . csv; exit status 3 }
eval require(csv, "ws_bytes mapping ns_per_access")

eval values("backends", csv, "backend")
eval values("arches", csv, "arch")
eval values("mappings", csv, "mapping")
eval series(csv)
NM = words(mappings)
has_min = has(csv, "ns_per_access_min")
has_ratio = has(csv, "ratio_to_direct")
has_misses = has(csv, "dtlb_misses") && has(csv, "accesses")
array rows[NS * NM]
array mrows[NS * NM]

do for [a in arches] {
	total = 0
	misses = 0
	do for [m = 1:NM] {
		do for [s = 1:NS] {
			i = (m - 1) * NS + s
			w = "is('arch', a) && is('mapping', word(mappings, m)) && s_is(s)"
			eval select(sprintf("$A%d", i), csv, "(column('ws_bytes')):" . \
				"(column('ns_per_access')):" . \
				(has_min ? "(column('ns_per_access_min'))" : "(NaN)") . ":" . \
				(has_ratio ? "(column('ratio_to_direct'))" : "(NaN)"), \
				w . " && column('ns_per_access') >= 0")
			rows[i] = _rows
			total = total + _rows
			mrows[i] = 0
			if (has_misses) {
				eval select(sprintf("$M%d", i), csv, "(column('ws_bytes')):" . \
					"(column('dtlb_misses') / column('accesses'))", \
					w . " && column('dtlb_misses') >= 0 && column('accesses') > 0")
				mrows[i] = _rows
				misses = misses + _rows
			}
		}
	}
	if (total == 0) {
		continue
	}
	ratios = 0
	if (has_ratio) {
		eval minmax(csv, "column('ratio_to_direct')", \
			"is('arch', a) && column('ratio_to_direct') >= 0")
		ratios = _rows
	}
	eval minmax(csv, "column('ws_bytes')", "is('arch', a) && column('ns_per_access') >= 0")
	NPANEL = 1 + (ratios > 0) + (misses > 0)
	# mapping m: dash pattern m, so the colour stays the back end's
	m_dash(i) = (i - 1) / NS + 1
	title_of(i) = rows[i] > 0 ? s_title((i - 1) % NS + 1) . ", " . \
		word(mappings, (i - 1) / NS + 1) : ""
	stem = sprintf("%s-%s", out, a)
	do for [ext in fmt] {
		eval term(ext, 440 * NPANEL + 200, 480)
		set output stem . "." . ext
		set multiplot layout 1, NPANEL title head(sprintf("Random access through each " . \
			"mapping on %s", a))
		set logscale x 2
		set xrange [_min / 1.5:_max * 1.5]
		eval byte_tics("x", _min, _max)
		set xtics rotate by -30
		set xlabel "working set"
		set grid
		set key top left
		set title "time per access (thin: best repetition)"
		set ylabel "ns per access"
		set yrange [0:*]
		plot for [i = 1:NS * NM] sprintf("$A%d", i) using 1:2 with linespoints \
			lc rgb s_color((i - 1) % NS + 1) dt m_dash(i) pt 7 ps 0.5 \
			title title_of(i), \
			for [i = 1:NS * NM] sprintf("$A%d", i) using 1:3 with lines \
			lc rgb s_color((i - 1) % NS + 1) dt m_dash(i) lw 0.5 notitle
		unset key
		if (ratios > 0) {
			set title "ratio to the direct map"
			set ylabel "time / direct map's time"
			plot for [i = 1:NS * NM] sprintf("$A%d", i) using 1:4 with linespoints \
				lc rgb s_color((i - 1) % NS + 1) dt m_dash(i) pt 7 ps 0.5 \
				title title_of(i)
		}
		if (misses > 0) {
			set title "dTLB misses per access (perf)"
			set ylabel "misses per access"
			plot for [i = 1:NS * NM] sprintf("$M%d", i) using 1:2 with linespoints \
				lc rgb s_color((i - 1) % NS + 1) dt m_dash(i) pt 7 ps 0.5 \
				title (mrows[i] > 0 ? title_of(i) : "")
		}
		unset multiplot
		set output
	}
	print sprintf("image\t%s\tRandom-access time per working-set size through each " . \
		"mapping on %s, per back end%s", stem, a, \
		misses > 0 ? ", with dTLB misses" : " (no dTLB miss counts: perf not available)")
}
