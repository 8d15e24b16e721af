#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cli_test.sh MODE KMEMBENCH SOURCE_DIR [BACKEND]: kmembench's command line, in one of its modes.
#
#   env        KMEM_BACKEND and KMEM_ARCH lists (BACKEND with another back end, both arch
#              profiles) are honoured by run, replay and demo as the --backend/--arch lists
#              are; a list with an unknown name is one error, exit 2 and no run directory; and
#              a run whose model cannot boot (an address-space limit too small for any model)
#              exits 1 before writing anything, never leaving a meta.csv of "unknown" values.
#   parse      numbers are decimal (--nodes 010 boots ten nodes, 08 is eight, 0x10 is refused);
#              --version works for kmembench and every command; an empty --out is a usage
#              error (exit 2) for replay as for run; a --param error has one "(see ...)" hint.
#   schema     check-schema: the verdict of a passing check on stdout, the problems of a
#              failing one on stderr prefixed "kmembench check-schema: ", stdout empty; a FIFO
#              named like a result table is refused, not waited on, by check-schema, report and
#              compare.
#   installed  `cmake --install` of the build KMEMBENCH is in, into a scratch prefix: the
#              installed SCHEMA.md is what `kmembench schema` writes; the installed
#              check-schema holds a run to its built-in descriptors (its verdict says so), never
#              to a SCHEMA.md of the working directory or the source tree, and --schema FILE
#              reads FILE.
set -euo pipefail

usage="usage: $0 env|parse|schema|installed KMEMBENCH SOURCE_DIR [BACKEND]"
if [ $# -lt 3 ] || [ $# -gt 4 ]; then
	echo "$usage" >&2
	exit 2
fi
mode=$1
kmembench=$2
src=$3
backend=${4:-buddy}
trace=$src/tests/data/small.trace
work=$(mktemp -d "${TMPDIR:-/tmp}/kmem-cli.XXXXXX")
trap 'rm -rf "$work"' EXIT

fail() {
	echo "cli_test ($mode): $*" >&2
	exit 1
}

# kmembench ARGS..., its exit status in $rc, its output in $work/stdout and $work/stderr
k() {
	rc=0
	"$kmembench" "$@" >"$work/stdout" 2>"$work/stderr" || rc=$?
}

# A usage error: exit status 2, one line on stderr, nothing on stdout
usage_error() {
	k "$@"
	[ "$rc" -eq 2 ] || fail "kmembench $*: exit status $rc, not 2: $(cat "$work/stderr")"
	[ "$(wc -l <"$work/stderr")" -eq 1 ] ||
		fail "kmembench $*: not one line on stderr: $(cat "$work/stderr")"
	[ ! -s "$work/stdout" ] || fail "kmembench $*: wrote to stdout"
	echo "kmembench $*: $(cat "$work/stderr")"
}

# The value of key $2 in the meta.csv of run directory $1
meta() {
	sed -n "s/^$2,//p" "$1/meta.csv" | tr -d '\r'
}

# The distinct (back end, arch) pairs of CSV $1, from its columns of those names, sorted
combos() {
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		{ print $col["backend"] "," $col["arch"] }' "$1" | sort -u
}

case $mode in
env)
	other=bitmap
	[ "$backend" != bitmap ] || other=buddy
	want=$(printf '%s\n' "$backend,x86_32" "$backend,x86_64" "$other,x86_32" "$other,x86_64" |
		sort -u)

	KMEM_BACKEND=$backend,$other KMEM_ARCH=x86_64,x86_32 \
		k run --quick --workload frag --out "$work/run"
	[ "$rc" -eq 0 ] || fail "run with the lists: exit $rc: $(cat "$work/stderr")"
	grep -q 'unknown' "$work/stderr" && fail "run: $(grep unknown "$work/stderr")"
	[ "$(combos "$work/run/frag_summary.csv")" = "$want" ] ||
		fail "run ran $(combos "$work/run/frag_summary.csv" | tr '\n' ' '), not $want"
	for key in numa numa_nodes direct_map_page_kind; do
		v=$(meta "$work/run" "$key")
		if [ -z "$v" ] || [ "$v" = unknown ]; then
			fail "run: meta.csv says $key is '$v'"
		fi
	done
	echo "run: KMEM_BACKEND=$backend,$other KMEM_ARCH=x86_64,x86_32 ran every pair"

	KMEM_BACKEND=$backend,$other KMEM_ARCH=x86_64,x86_32 \
		k replay "$trace" --mem 256M -q --out "$work/replay"
	[ "$rc" -le 1 ] || fail "replay with lists: exit $rc: $(cat "$work/stderr")"
	[ "$(combos "$work/replay/replay_summary.csv")" = "$want" ] ||
		fail "replay ran $(combos "$work/replay/replay_summary.csv" | tr '\n' ' ')"
	echo "replay: every pair of the lists replayed"

	KMEM_BACKEND=$backend,$other KMEM_ARCH=x86_64,x86_32 k demo --ops 100 --mem 64M
	[ "$rc" -eq 0 ] || fail "demo with lists: exit $rc: $(cat "$work/stderr")"
	[ "$(grep -c '^=== ' "$work/stdout")" -eq 4 ] || fail "demo: $(grep '^===' "$work/stdout")"
	echo "demo: four models for the lists"

	for cmd in "run --quick --workload frag --out $work/bad" "replay $trace --out $work/bad" \
		"demo --ops 100"; do
		# shellcheck disable=SC2086 # the command's words
		KMEM_BACKEND=$backend,nope usage_error $cmd
		# shellcheck disable=SC2086
		KMEM_ARCH=x86_64,nope usage_error $cmd
		[ ! -e "$work/bad" ] || fail "$cmd: a bad list left $work/bad behind"
	done

	# 200 MiB of address space: the binary starts, no model of 256 MiB or more can boot
	rc=0
	(
		ulimit -v 204800
		exec "$kmembench" run --quick --workload frag --backend "$backend" --arch x86_64 \
			--out "$work/small"
	) >"$work/stdout" 2>"$work/stderr" || rc=$?
	[ "$rc" -eq 1 ] || fail "run under ulimit -v 204800: exit $rc, not 1: $(cat "$work/stderr")"
	[ ! -e "$work/small" ] || fail "run under ulimit -v left $(ls "$work/small")"
	echo "run under ulimit -v 204800: exit 1, nothing written: $(head -n 1 "$work/stderr")"
	;;
parse)
	k run --quick --workload frag --backend "$backend" --arch x86_64 --nodes 010 \
		--out "$work/n10"
	[ "$rc" -eq 0 ] || fail "run --nodes 010: exit $rc: $(cat "$work/stderr")"
	[ "$(meta "$work/n10" numa_nodes)" = 10 ] ||
		fail "run --nodes 010 booted $(meta "$work/n10" numa_nodes) nodes, not 10"
	k run --quick --workload frag --backend "$backend" --arch x86_64 --nodes 08 \
		--out "$work/n8"
	[ "$rc" -eq 0 ] || fail "run --nodes 08: exit $rc: $(cat "$work/stderr")"
	[ "$(meta "$work/n8" numa_nodes)" = 8 ] ||
		fail "run --nodes 08 booted $(meta "$work/n8" numa_nodes) nodes, not 8"
	echo "run --nodes 010 and 08: 10 and 8 nodes"
	usage_error run --nodes 0x8
	usage_error run --seed 0x10
	usage_error run --threads 1,02,0x4
	usage_error demo --ops ' 5'
	usage_error replay --every +5 "$trace"

	version=$(sed -n 's/^project(kmembench VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
	for cmd in "" demo list run replay check-schema schema compare report help; do
		# shellcheck disable=SC2086 # no command: kmembench --version
		k $cmd --version
		[ "$rc" -eq 0 ] || fail "kmembench $cmd --version: exit $rc: $(cat "$work/stderr")"
		grep -Eqx "kmembench $version( \(git [0-9a-f]+\))?" "$work/stdout" ||
			fail "kmembench $cmd --version printed '$(cat "$work/stdout")'"
		if [ "$(wc -l <"$work/stdout")" -ne 1 ] || [ -s "$work/stderr" ]; then
			fail "kmembench $cmd --version: more than its line"
		fi
	done
	echo "--version: $(cat "$work/stdout"), from every command"

	usage_error run --out '' --workload frag
	usage_error schema -o ''
	usage_error schema extra
	usage_error replay --out '' "$trace"
	[ ! -e "$work/replay" ] || fail "replay --out '' wrote something"
	for p in nope.ops=1 latency.nope=1 latency.ops=x latency.ops=0 latency; do
		usage_error run --param "$p"
		[ "$(grep -o '(see ' "$work/stderr" | wc -l)" -eq 1 ] ||
			fail "run --param $p: not one hint: $(cat "$work/stderr")"
	done
	;;
schema)
	k run --quick --workload frag --backend "$backend" --arch x86_64 --out "$work/run"
	[ "$rc" -eq 0 ] || fail "run: exit $rc: $(cat "$work/stderr")"
	k check-schema "$work/run" --schema "$src/results/SCHEMA.md"
	[ "$rc" -eq 0 ] || fail "check-schema of a fresh run: exit $rc: $(cat "$work/stderr")"
	if [ "$(wc -l <"$work/stdout")" -ne 1 ] || [ -s "$work/stderr" ]; then
		fail "check-schema passed but printed: $(cat "$work/stdout" "$work/stderr")"
	fi
	echo "check-schema, passing: $(cat "$work/stdout")"
	k check-schema "$work/run"
	[ "$rc" -eq 0 ] || fail "check-schema of a fresh run, built-in: exit $rc: $(cat "$work/stderr")"
	grep -q "all as the schema built into kmembench documents them" "$work/stdout" ||
		fail "check-schema without --schema: $(cat "$work/stdout")"
	echo "check-schema, built-in: $(cat "$work/stdout")"

	# a SCHEMA.md that cannot be written: one message, exit 1, nothing left behind
	k schema -o "$work/none/SCHEMA.md"
	[ "$rc" -eq 1 ] || fail "schema -o into a missing directory: exit $rc, not 1"
	grep -q "^kmembench schema: .*$work/none/SCHEMA.md" "$work/stderr" ||
		fail "schema -o into a missing directory: $(cat "$work/stderr")"
	[ ! -e "$work/none" ] || fail "schema -o into a missing directory left $work/none"
	echo "schema -o, failing: $(cat "$work/stderr")"

	cp -r "$work/run" "$work/bad"
	echo "$backend,x86_64,1" >>"$work/bad/frag_summary.csv"
	k check-schema "$work/bad" --schema "$src/results/SCHEMA.md"
	[ "$rc" -eq 1 ] || fail "check-schema of a bad row: exit $rc, not 1"
	[ ! -s "$work/stdout" ] || fail "check-schema failed with '$(cat "$work/stdout")' on stdout"
	[ -s "$work/stderr" ] || fail "check-schema failed without a word on stderr"
	grep -v '^kmembench check-schema: ' "$work/stderr" &&
		fail "check-schema: the lines above lack the prefix"
	grep -q 'frag_summary.csv:[0-9]*: ' "$work/stderr" ||
		fail "check-schema did not name the bad row: $(cat "$work/stderr")"
	echo "check-schema, failing: $(head -n 1 "$work/stderr")"

	cp -r "$work/run" "$work/fifo"
	rm "$work/fifo/frag_order.csv"
	mkfifo "$work/fifo/frag_order.csv"
	for cmd in "check-schema $work/fifo --schema $src/results/SCHEMA.md" \
		"report $work/fifo -o $work/report" "compare $work/fifo $work/run"; do
		rc=0
		# shellcheck disable=SC2086 # the command's words; no gnuplot needed to read tables
		timeout 60 env PATH=/nonexistent "$kmembench" $cmd >"$work/stdout" \
			2>"$work/stderr" || rc=$?
		[ "$rc" -ne 124 ] || fail "kmembench $cmd: still waiting on the FIFO after 60 s"
		grep -q 'frag_order.csv.*not a regular file' "$work/stderr" "$work/stdout" \
			"$work/report/index.html" 2>/dev/null ||
			fail "kmembench $cmd (exit $rc) did not say the FIFO is no regular file:" \
				"$(cat "$work/stderr")"
		echo "kmembench ${cmd%% *}: a FIFO refused, exit $rc"
	done
	;;
installed)
	cmake --install "$(dirname "$kmembench")" --prefix "$work/prefix" \
		>"$work/install.log" 2>&1 ||
		fail "cmake --install failed: $(tail -n 3 "$work/install.log")"
	schema=$work/prefix/share/kmembench/SCHEMA.md
	[ -r "$schema" ] || fail "SCHEMA.md is not installed as $schema"
	kmembench=$work/prefix/bin/kmembench
	"$kmembench" schema >"$work/schema.md"
	cmp -s "$schema" "$work/schema.md" || fail "$schema is not what 'kmembench schema' writes"
	k run --quick --workload frag --backend "$backend" --arch x86_64 --out "$work/run"
	[ "$rc" -eq 0 ] || fail "the installed run: exit $rc: $(cat "$work/stderr")"
	# from a directory with a results/SCHEMA.md of its own, which must not be read, and without
	# the installed copy: the binary's own descriptors are the schema, and the verdict says so
	mkdir -p "$work/cwd/results"
	echo "# not the schema" >"$work/cwd/results/SCHEMA.md"
	rm "$schema"
	(cd "$work/cwd" && "$kmembench" check-schema "$work/run") >"$work/stdout" 2>&1 ||
		fail "the installed check-schema: $(cat "$work/stdout")"
	grep -q "all as the schema built into kmembench documents them" "$work/stdout" ||
		fail "the installed check-schema read another schema: $(cat "$work/stdout")"
	echo "installed check-schema: $(cat "$work/stdout")"
	# --schema FILE reads FILE, and its verdict names it
	(cd "$work/cwd" && "$kmembench" check-schema "$work/run" --schema "$work/schema.md") \
		>"$work/stdout" 2>&1 || fail "check-schema --schema: $(cat "$work/stdout")"
	grep -qF "all as $work/schema.md documents them" "$work/stdout" ||
		fail "check-schema --schema FILE did not read FILE: $(cat "$work/stdout")"
	echo "with --schema: $(cat "$work/stdout")"
	;;
*)
	echo "$usage" >&2
	exit 2
	;;
esac
