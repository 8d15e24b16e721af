#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run_signal_test.sh SOURCE_DIR BUILD_DIR SIGNAL
#
# SIGNAL (INT or TERM) sent to ./run's own process, not its process group (as `kill PID`
# does), while `./run demo` runs a mix that would take hours: ./run must pass it on to its
# child, end with 130 (INT) or 143 (TERM) within seconds, leave no child running, and, as root,
# give back the shmem THP setting it changed for the run.
set -euo pipefail

if [ $# -ne 3 ]; then
	echo "usage: $0 SOURCE_DIR BUILD_DIR INT|TERM" >&2
	exit 2
fi
src=$1
bin=$2
sig=$3
case "$sig" in
INT) want=130 ;;
TERM) want=143 ;;
*)
	echo "run_signal_test: SIGNAL is INT or TERM, not '$sig'" >&2
	exit 2
	;;
esac
thp=/sys/kernel/mm/transparent_hugepage/shmem_enabled
thp_before=$(cat "$thp" 2>/dev/null || echo none)
log=$(mktemp)
# whatever happens to ./run, the machine gets its setting back
restore() {
	rm -f "$log"
	if [ "$thp_before" != none ] && [ "$(cat "$thp")" != "$thp_before" ]; then
		sed -n 's/.*\[\(.*\)\].*/\1/p' <<<"$thp_before" >"$thp" || true
	fi
}
trap restore EXIT

# A shell without job control starts background jobs with SIGINT ignored, and bash cannot trap
# a signal ignored at its start: start ./run with the default dispositions, as a terminal does.
KMEM_BUILD_DIR=$bin python3 -c '
import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$src/run" demo --backend buddy --arch x86_64 \
	--mem 64M --ops 1000000000000 >"$log" 2>&1 &
pid=$!

# wait for the demo to run (the build step before it is a no-op in a built tree)
child=
for _ in $(seq 600); do
	child=$(pgrep -P "$pid" -f -- "kmembench demo" | head -n 1 || true)
	[ -n "$child" ] && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
if [ -z "$child" ]; then
	cat "$log" >&2
	echo "run_signal_test: the demo never started" >&2
	exit 1
fi
sleep 0.5
kill -s "$sig" "$pid"
rc=0
for _ in $(seq 300); do
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
if kill -0 "$pid" 2>/dev/null; then
	kill -9 "$pid" "$child" 2>/dev/null || true
	echo "run_signal_test: ./run ignored SIG$sig for 30 s" >&2
	exit 1
fi
wait "$pid" || rc=$?
cat "$log"
if [ "$rc" != "$want" ]; then
	echo "run_signal_test: ./run exited $rc after SIG$sig, not $want" >&2
	exit 1
fi
if kill -0 "$child" 2>/dev/null; then
	kill -9 "$child"
	echo "run_signal_test: the demo (pid $child) was still running after ./run ended" >&2
	exit 1
fi
thp_after=$(cat "$thp" 2>/dev/null || echo none)
if [ "$thp_after" != "$thp_before" ]; then
	echo "run_signal_test: $thp is '$thp_after', was '$thp_before' before ./run" >&2
	exit 1
fi
echo "run_signal_test: SIG$sig to ./run alone: exit $rc, child gone, settings as before"
