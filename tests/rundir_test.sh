#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# What `kmembench run` and `kmembench replay` leave in a run directory when they do not finish,
# on one back end:
#
#   boot     a value the model refuses (--mem 15M) exits 2 and leaves an existing run directory
#            exactly as it was (no file truncated, meta.csv not rewritten, nothing added), and
#            creates no new one;
#   signal   SIGINT and SIGTERM at a random moment (seeded; the seed is printed) of a run and of
#            a replay: exit status 130 or 143, meta.csv says "interrupted", every CSV file as
#            results/SCHEMA.md documents it, no row cut, and `kmembench report` renders it;
#   twice    a second SIGINT ends the command at once: the directory still checks (its files
#            are the old ones or the new ones, whole);
#   cut      a table whose last row was cut short (as an older writer left it) fails
#            check-schema with its file and line, is a warning when meta.csv says the run was
#            interrupted, and `kmembench report` shows the rows before it.
#
# usage: rundir_test.sh KMEMBENCH SOURCE_DIR BACKEND [SEED]
set -eu

kmembench=$1
src=$2
backend=$3
seed=${4:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
schema=$src/results/SCHEMA.md
trace=$src/tests/data/fs-tar-git.kmem.trace.gz
work=$(mktemp -d "${TMPDIR:-/tmp}/kmem-rundir.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "rundir: seed $seed (rerun with: $0 $kmembench $src $backend $seed)"

fail() {
	echo "rundir ($backend, seed $seed): $*" >&2
	exit 1
}

# Names, sizes and checksums of everything in a directory, dot files included
snapshot() {
	(cd "$1" && ls -A && md5sum -- * .[!.]* 2>/dev/null) || true
}

check() {
	"$kmembench" check-schema "$1" --schema "$schema" >"$work/check.out" 2>&1 ||
		fail "check-schema rejects $1: $(cat "$work/check.out")"
}

# The i-th pseudo-random delay of the seed, in seconds, below $1
delay() {
	awk -v seed="$seed" -v i="$2" -v max="$1" \
		'BEGIN { srand(seed + 7919 * i); printf "%.2f\n", rand() * max }'
}

# Starts "$2..." in the background ($pid) with stdout and stderr in $work/log, and waits until
# the log has a line matching $1: the command has booted and its run directory is in use
start_cmd() {
	pattern=$1
	n=0
	shift
	# a background job of a script starts with SIGINT ignored, which kmembench respects
	env --default-signal=INT,TERM "$@" >"$work/log" 2>&1 &
	pid=$!
	until grep -q "$pattern" "$work/log"; do
		kill -0 "$pid" 2>/dev/null || break
		n=$((n + 1))
		[ $n -lt 600 ] || fail "'$*' did not start: $(cat "$work/log")"
		sleep 0.05
	done
}

# ---- boot: a refused value leaves the directory as it was ----

"$kmembench" run --quick --arch x86_64 --backend "$backend" --workload latency,frag \
	--out "$work/run" 2>"$work/log" || fail "run: $(tail -n 3 "$work/log")"
"$kmembench" replay "$trace" --arch all --backend "$backend" --mem 1G --every 5000 \
	--out "$work/rep" -q >"$work/log" 2>&1 || fail "replay: $(tail -n 3 "$work/log")"
for dir in run rep; do
	before=$(snapshot "$work/$dir")
	for cmd in "run --quick --arch x86_64 --backend $backend --workload latency" \
		"replay $trace --backend $backend -q"; do
		status=0
		# shellcheck disable=SC2086 # $cmd is words
		"$kmembench" $cmd --mem 15M --out "$work/$dir" >"$work/log" 2>&1 || status=$?
		[ $status -eq 2 ] || fail "$cmd --mem 15M exited $status, not 2"
		grep -q 'below the minimum of 16 MiB' "$work/log" || fail "no reason: $(cat "$work/log")"
		[ "$(snapshot "$work/$dir")" = "$before" ] ||
			fail "$cmd --mem 15M changed $dir: $(ls -lA "$work/$dir")"
	done
	check "$work/$dir"
done
status=0
"$kmembench" run --quick --backend "$backend" --mem 15M --out "$work/new" 2>/dev/null || status=$?
if [ $status -ne 2 ] || [ -e "$work/new" ]; then
	fail "a refused run exited $status, or made $work/new"
fi

# ---- signal: what was done is kept, whole, and says it was interrupted ----

# $1: INT or TERM; $2: run or replay; $3: which of the seed's delays; $4: the try (a command
# that ends before the signal is tried again with half the delay: the moment is random, and
# how long the command takes depends on the machine)
interrupt() {
	sig=$1 what=$2 i=$3 try=$4 dir=$work/$2-$1 status=0
	rm -rf "$dir"
	case $sig in INT) want=130 ;; TERM) want=143 ;; esac
	case $what in
	run)
		max=1.0
		start_cmd ' steps into ' "$kmembench" run --quick --arch all --backend "$backend" \
			--out "$dir"
		;;
	replay)
		max=0.6
		start_cmd '^=== ' "$kmembench" replay "$trace" --arch all --backend "$backend" \
			--mem 1G --every 5000 --out "$dir" -q
		;;
	esac
	d=$(delay "$max" "$i" | awk -v t="$try" '{ printf "%.2f\n", $1 / t }')
	sleep "$d"
	kill -s "$sig" "$pid" 2>/dev/null || true
	wait "$pid" || status=$?
	if [ $status -eq 0 ] && [ "$try" -lt 4 ]; then
		echo "rundir: $what ended before SIG$sig came ${d}s in; again"
		interrupt "$sig" "$what" "$i" $((try * 2))
		return
	fi
	echo "rundir: $what, SIG$sig ${d}s in: exit status $status"
	[ $status -eq "$want" ] || fail "$what: SIG$sig ${d}s in: exit status $status, not $want: \
$(tail -n 5 "$work/log")"
	grep -q "interrupted by SIG$sig" "$work/log" || fail "$what: no message: $(cat "$work/log")"
	grep -q "^interrupted,SIG$sig" "$dir/meta.csv" || fail "$what: meta.csv does not say it"
	for f in "$dir"/.*.tmp; do
		[ ! -e "$f" ] || fail "$what: temporary file left: $f"
	done
	check "$dir"
	! grep -q 'cut short' "$work/check.out" || fail "$what: $(cat "$work/check.out")"
	page=$("$kmembench" report "$dir" -o "$work/page-$what-$sig" 2>"$work/report.err") ||
		fail "report of the $what interrupted by SIG$sig: $(cat "$work/report.err")"
	grep -q '</html>' "$page" || fail "report of the $what: no page"
	! grep -q 'Unreadable' "$page" || fail "report of the $what: $(grep Unreadable "$page")"
}

interrupt INT run 1 1
interrupt INT replay 2 1
interrupt TERM run 3 1
interrupt TERM replay 4 1

# ---- twice: a second SIGINT ends it at once, and the directory still checks ----

start_cmd ' steps into ' "$kmembench" run --quick --arch all --backend "$backend" \
	--out "$work/run"
sleep "$(delay 0.5 5)"
kill -s INT "$pid" 2>/dev/null || true
sleep 0.1
kill -s INT "$pid" 2>/dev/null || true
status=0
wait "$pid" || status=$?
echo "rundir: run, SIGINT twice: exit status $status"
[ $status -eq 130 ] || [ $status -eq 0 ] || fail "SIGINT twice: exit status $status"
check "$work/run"

# ---- cut: a last row cut short is reported, or a warning in an interrupted run ----

mkdir "$work/cut"
cp "$work/rep/"*.csv "$work/cut/"
# the last field loses a digit and the line end: as an int or a float, it would still check
head -c -3 "$work/rep/replay_summary.csv" >"$work/cut/replay_summary.csv"
rows=$(($(wc -l <"$work/rep/replay_summary.csv") - 1))
status=0
"$kmembench" check-schema "$work/cut" --schema "$schema" >"$work/check.out" 2>&1 || status=$?
if [ $status -ne 1 ] ||
	! grep -q "replay_summary.csv:$((rows + 1)): .*cut short" "$work/check.out"; then
	fail "a cut row passed check-schema ($status): $(cat "$work/check.out")"
fi
printf 'interrupted,SIGINT\r\n' >>"$work/cut/meta.csv"
check "$work/cut"
grep -q "replay_summary.csv:$((rows + 1)): warning: " "$work/check.out" ||
	fail "no warning for the cut row: $(cat "$work/check.out")"
page=$("$kmembench" report "$work/cut" -o "$work/page-cut" 2>"$work/report.err") ||
	fail "report of the cut run: $(cat "$work/report.err")"
grep -q "replay_summary.csv:$((rows + 1)): warning: " "$work/report.err" ||
	fail "report: no warning for the cut row: $(cat "$work/report.err")"
! grep -q 'Unreadable' "$page" || fail "report of the cut run: $(grep Unreadable "$page")"
echo "rundir: ok"
