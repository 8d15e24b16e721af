#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# capture_test.sh MODE KMEMBENCH SOURCE_DIR
#
# kmembench capture on this machine's kernel, and replay of a bundle:
#   true     capture -- true: every file of the bundle layout, the manifest's keys, the bundle
#            read back by replay --parse-only
#   small    a small command that allocates: a progress line, events counted in the manifest
#            as the trace holds them, event types from kmem
#   fail     COMMAND exiting 3 and COMMAND not found: their status (3, 127) passed on
#   INT/TERM/HUP the signal sent to capture alone while COMMAND runs: COMMAND ended,
#            130/143/129, the manifest says interrupted
#   tty      ^C on capture's terminal (a pty): 130, COMMAND ended by the terminal's SIGINT
#   others   events on before the capture, one of ours and one not: both still on after it,
#            the other one noted (stderr, manifest)
#   overrun  a 4 KiB buffer and a command that allocates 64 MiB: the loss said loudly
#   turnoff  another tracing user turning an event of ours, then tracing_on, off while
#            COMMAND runs: the capture says INCOMPLETE and names it, the manifest too
#   lock     the capture lock held by another (flock(1), as a running capture holds it): the
#            capture says it waits, and runs COMMAND only once the lock is released
#   errors   bad command lines and an event the kernel lacks (exit 2), not root (exit 1):
#            one line each, nothing changed
#   replay   replay of tests/data/bundle-min, and of copies missing a file (no root needed)
# Every mode but replay needs root and tracefs, and is skipped (exit 77) with the reason
# otherwise. Each compares the tracing state (tracing_on, buffer_size_kb, current_tracer,
# set_event, every kmem and compaction enable file, whether tracefs is mounted) before and
# after: capture must give it back exactly. The ring buffer is emptied by every capture: that
# is not state a capture restores.
set -euo pipefail

if [ $# -ne 3 ]; then
	echo "usage: $0 MODE KMEMBENCH SOURCE_DIR" >&2
	exit 2
fi
mode=$1
kmb=$2
src=$3
SKIP=77

fail() {
	echo "capture_test $mode: FAIL: $*" >&2
	exit 1
}

tmp=$(mktemp -d)
tfs=$tmp/tracefs
cleanup() {
	if mountpoint -q "$tfs" 2>/dev/null; then
		umount "$tfs" || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

if [ "$mode" = replay ]; then
	out=$tmp/replay
	"$kmb" replay "$src/tests/data/bundle-min" --backend buddy --out "$out" >"$tmp/log" 2>&1 ||
		{ cat "$tmp/log" >&2; fail "replay of bundle-min failed"; }
	grep -q '^replayed 18 events' "$tmp/log" || { cat "$tmp/log" >&2; fail "not 18 events"; }
	for f in uname before.kpageflags.gz after.sysctl; do
		rm -rf "$tmp/b"
		cp -r "$src/tests/data/bundle-min" "$tmp/b"
		rm "$tmp/b/$f"
		rc=0
		"$kmb" replay "$tmp/b" --parse-only >"$tmp/log" 2>&1 || rc=$?
		[ "$rc" = 2 ] || fail "bundle without $f: exit $rc, not 2"
		grep -qx "kmembench replay: bundle $tmp/b: $f: missing" "$tmp/log" ||
			{ cat "$tmp/log" >&2; fail "bundle without $f: no line naming it"; }
	done
	echo "capture_test replay: ok"
	exit 0
fi

if [ "$(uname -s)" != Linux ]; then
	echo "capture_test $mode: SKIPPED: capture needs Linux; this host runs $(uname -s)"
	exit $SKIP
fi
if [ "$(id -u)" != 0 ]; then
	echo "capture_test $mode: SKIPPED: capture needs root (tracefs, /proc/kpageflags)"
	exit $SKIP
fi
if ! grep -qw tracefs /proc/filesystems; then
	echo "capture_test $mode: SKIPPED: this kernel has no tracefs"
	exit $SKIP
fi
# a second mount of tracefs, ours, to read the state whether or not capture mounts its own
mkdir -p "$tfs"
mount -t tracefs nodev "$tfs" ||
	{ echo "capture_test $mode: SKIPPED: cannot mount tracefs"; exit $SKIP; }
if [ ! -d "$tfs/events/kmem" ]; then
	echo "capture_test $mode: SKIPPED: this kernel has no kmem events"
	exit $SKIP
fi

state() {
	echo "mounted $(stat -f -c %T /sys/kernel/tracing 2>/dev/null || echo none)"
	for f in tracing_on buffer_size_kb current_tracer; do
		echo "$f $(cat "$tfs/$f")"
	done
	echo "set_event $(sort "$tfs/set_event" | tr '\n' ' ')"
	for f in "$tfs"/events/{kmem,compaction}/enable "$tfs"/events/{kmem,compaction}/*/enable; do
		echo "${f#"$tfs"/} $(cat "$f")"
	done
}
# A ring buffer never used reads "7 (expanded: 1408)": the first capture expands it for good
# (no write can take it back, cmd_capture's tracefs.c says why), so one capture first when it
# is so, and the state is taken after it
if grep -q expanded "$tfs/buffer_size_kb"; then
	"$kmb" capture -o "$tmp/warmup" --events kmem:kfree -- true >/dev/null 2>&1 ||
		fail "the warm-up capture failed"
	rm -rf "$tmp/warmup"
fi
state >"$tmp/state.before"

# the capture's state check, at the end of each mode
check_state() {
	state >"$tmp/state.after"
	diff -u "$tmp/state.before" "$tmp/state.after" >&2 ||
		fail "the tracing state is not what it was before the capture"
}

layout="before.zoneinfo before.buddyinfo before.pagetypeinfo before.vmstat before.slabinfo
	before.meminfo after.zoneinfo after.buddyinfo after.pagetypeinfo after.vmstat
	after.slabinfo after.meminfo before.sysctl after.sysctl before.kpageflags.gz
	before.kpagecount.gz kmem.trace.gz trace.stats uname manifest"

manifest() {
	sed -n "s/^$1 //p" "$2/manifest"
}

case "$mode" in
true)
	b=$tmp/bundle
	"$kmb" capture -o "$b" --buffer-kb 1024 -- true >"$tmp/log" 2>&1 ||
		{ cat "$tmp/log" >&2; fail "capture -- true failed"; }
	for f in $layout; do
		[ -s "$b/$f" ] || fail "$f missing or empty"
	done
	for f in zoneinfo buddyinfo pagetypeinfo vmstat slabinfo meminfo; do
		head -n 1 "/proc/$f" | cut -c1-10 >"$tmp/want"
		head -n 1 "$b/before.$f" | cut -c1-10 | cmp -s - "$tmp/want" ||
			fail "before.$f is not a copy of /proc/$f"
	done
	grep -qx "min_free_kbytes $(cat /proc/sys/vm/min_free_kbytes)" "$b/before.sysctl" ||
		fail "before.sysctl has no min_free_kbytes line as /proc/sys/vm says it"
	grep -q "^lowmem_reserve_ratio [0-9 ]*$" "$b/after.sysctl" ||
		fail "after.sysctl: lowmem_reserve_ratio not as NAME VALUE with spaces"
	# one u64 per pfn up to the end of the last zone (at least: memory onlined since the
	# zoneinfo copy makes it longer)
	pfns=$(awk '/spanned/ { s = $2 } /start_pfn:/ { if ($2 + s > m) m = $2 + s } END { print m }' \
		"$b/before.zoneinfo")
	for f in kpageflags kpagecount; do
		got=$(zcat "$b/before.$f.gz" | wc -c)
		[ $((got % 8)) = 0 ] && [ "$got" -ge $((pfns * 8)) ] ||
			fail "before.$f.gz: $got bytes, not 8 per pfn up to pfn $pfns"
	done
	[ "$(manifest format "$b")" = kmembench-bundle-1 ] || fail "manifest: no format"
	[ "$(manifest exit_status "$b")" = 0 ] || fail "manifest: exit_status not 0"
	[ "$(manifest kernel_release "$b")" = "$(uname -r)" ] || fail "manifest: kernel_release"
	[ "$(manifest nr_cpus "$b")" = "$(getconf _NPROCESSORS_ONLN)" ] || fail "manifest: nr_cpus"
	[ "$(manifest command "$b")" = true ] || fail "manifest: command"
	manifest events_enabled "$b" | grep -q 'kmem:mm_page_alloc,' || fail "manifest: events"
	manifest complete "$b" | grep -Eq '^(yes|no: )' || fail "manifest: complete"
	grep -q '^cpu0$' "$b/trace.stats" && grep -q '^overrun: ' "$b/trace.stats" ||
		fail "trace.stats is not the per-CPU stats"
	zcat "$b/kmem.trace.gz" | awk "NR == 1" | grep -q '^# tracer:' || fail "kmem.trace.gz: no header"
	"$kmb" replay "$b" --parse-only >"$tmp/log" 2>&1 ||
		{ cat "$tmp/log" >&2; fail "replay --parse-only of the bundle failed"; }
	"$kmb" capture -o "$b" -- true >"$tmp/log" 2>&1 && fail "-o onto a bundle accepted"
	grep -q "already holds a bundle" "$tmp/log" || fail "-o onto a bundle: no clear line"
	;;
small)
	b=$tmp/bundle
	# 32 MiB of anonymous memory touched: page allocations, and time for a progress line
	"$kmb" capture -o "$b" --buffer-kb 8192 -- \
		python3 -c 'import time; b = bytearray(32 << 20); time.sleep(2.5)' >"$tmp/log" 2>&1 ||
		{ cat "$tmp/log" >&2; fail "capture of a small command failed"; }
	grep -q 'events so far, buffer [0-9]*% full' "$tmp/log" ||
		{ cat "$tmp/log" >&2; fail "no progress line"; }
	total=$(manifest events_total "$b")
	lines=$(zcat "$b/kmem.trace.gz" | grep -vc '^#' || true)
	lost=$(zcat "$b/kmem.trace.gz" | grep -c 'LOST.*EVENTS' || true)
	[ "$total" = $((lines - lost)) ] || fail "manifest: $total events, the trace $lines lines"
	allocs=$(manifest event.kmem:mm_page_alloc "$b")
	[ "${allocs:-0}" -gt 0 ] || fail "no kmem:mm_page_alloc counted"
	summed=$(sed -n "s/^event\.[^ ]* //p" "$b/manifest" | awk "{ s += \$1 } END { print s }")
	[ "$summed" = "$total" ] || fail "per-event counts sum to $summed, not $total"
	;;
fail)
	rc=0
	"$kmb" capture -o "$tmp/b3" --buffer-kb 1024 -- sh -c 'exit 3' >"$tmp/log" 2>&1 || rc=$?
	[ "$rc" = 3 ] || { cat "$tmp/log" >&2; fail "COMMAND exit 3: capture exit $rc"; }
	[ "$(manifest exit_status "$tmp/b3")" = 3 ] || fail "manifest: exit_status not 3"
	check_state
	rc=0
	"$kmb" capture -o "$tmp/b127" --buffer-kb 1024 -- /nonexistent/cmd >"$tmp/log" 2>&1 ||
		rc=$?
	[ "$rc" = 127 ] || { cat "$tmp/log" >&2; fail "COMMAND not found: capture exit $rc"; }
	grep -q "cannot run '/nonexistent/cmd'" "$tmp/log" || fail "no line for COMMAND not found"
	;;
INT | TERM | HUP)
	want=$((128 + $(kill -l "$mode")))
	b=$tmp/bundle
	# default dispositions, as a terminal starts it (a background job has SIGINT ignored)
	python3 -c '
import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$kmb" capture -o "$b" --buffer-kb 1024 -- sleep 60 \
		>"$tmp/log" 2>&1 &
	pid=$!
	sleeper=
	for _ in $(seq 300); do
		sleeper=$(pgrep -P "$pid" -x sleep || true)
		[ -n "$sleeper" ] && break
		sleep 0.1
	done
	[ -n "$sleeper" ] || { cat "$tmp/log" >&2; fail "COMMAND never started"; }
	[ "$(cat "$tfs/tracing_on")" = 1 ] || fail "tracing is not on while COMMAND runs"
	kill -s "$mode" "$pid"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" = "$want" ] || { cat "$tmp/log" >&2; fail "exit $rc, not $want"; }
	! kill -0 "$sleeper" 2>/dev/null || fail "COMMAND still runs"
	[ "$(manifest interrupted "$b")" = "SIG$mode" ] || fail "manifest: not interrupted"
	[ "$(manifest exit_status "$b")" = "signal SIG$mode" ] || fail "manifest: exit_status"
	;;
tty)
	# ^C typed on capture's terminal: the terminal signals the whole foreground group, so
	# COMMAND gets it from there (capture does not pass it on a second time)
	b=$tmp/bundle
	rc=$(python3 - "$kmb" "$b" <<'PY'
import os, pty, select, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], "capture", "-o", sys.argv[2], "--buffer-kb", "1024",
                           "--", "sleep", "60"])
out, start = b"", time.time()
while b"events so far" not in out and time.time() - start < 30:
    if select.select([fd], [], [], 0.2)[0]:
        out += os.read(fd, 4096)
os.write(fd, b"\x03")
while True:
    try:
        if select.select([fd], [], [], 0.2)[0] and not os.read(fd, 4096):
            break
    except OSError:
        break
print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
PY
	)
	[ "$rc" = 130 ] || fail "^C on the terminal: exit $rc, not 130"
	[ "$(manifest interrupted "$b")" = SIGINT ] || fail "manifest: not interrupted"
	[ "$(manifest exit_status "$b")" = "signal SIGINT" ] || fail "manifest: exit_status"
	;;
others)
	# state.before was taken with neither on: turn both on, and take it again
	on=("$tfs/events/kmem/kmalloc/enable" "$tfs/events/sched/sched_process_exec/enable")
	for f in "${on[@]}"; do
		[ -e "$f" ] || { echo "capture_test $mode: SKIPPED: no ${f#"$tfs"/}"; exit $SKIP; }
	done
	restore_others() {
		for f in "${on[@]}"; do
			echo 0 >"$f" || true
		done
		cleanup
	}
	trap restore_others EXIT
	for f in "${on[@]}"; do
		echo 1 >"$f"
	done
	state >"$tmp/state.before"
	b=$tmp/bundle
	"$kmb" capture -o "$b" --buffer-kb 1024 -- true >"$tmp/log" 2>&1 ||
		{ cat "$tmp/log" >&2; fail "capture failed"; }
	grep -q "note: other events are enabled (sched:sched_process_exec)" "$tmp/log" ||
		{ cat "$tmp/log" >&2; fail "no note of the other event"; }
	[ "$(manifest events_other "$b")" = sched:sched_process_exec ] ||
		fail "manifest: events_other"
	[ "$(manifest tracer "$b")" = "$(cat "$tfs/current_tracer")" ] || fail "manifest: tracer"
	# kmem:kmalloc, on before, stays on (check_state below compares every enable file)
	;;
overrun)
	b=$tmp/bundle
	"$kmb" capture -o "$b" --buffer-kb 4 --events mm_page_alloc,mm_page_free -- \
		python3 -c 'b = bytearray(64 << 20)' >"$tmp/log" 2>&1 ||
		{ cat "$tmp/log" >&2; fail "capture failed"; }
	grep -q 'WARNING: THE TRACE IS INCOMPLETE' "$tmp/log" || fail "the loss not said on stderr"
	manifest complete "$b" | grep -q '^no: ' || fail "manifest: not 'complete no'"
	[ "$(manifest overrun_total "$b")" -gt 0 ] || fail "manifest: no overrun counted"
	"$kmb" replay "$b" --parse-only >"$tmp/log" 2>&1 || true
	grep -q "WARNING: bundle .* is incomplete" "$tmp/log" || fail "replay does not flag it"
	;;
turnoff)
	for f in events/kmem/kfree/enable tracing_on; do
		b=$tmp/bundle-${f%%/*}
		"$kmb" capture -o "$b" --events kmem:kfree,kmem:kmalloc -- \
			sh -c 'echo 0 >"$1"' sh "$tfs/$f" >"$tmp/log" 2>&1 ||
			{ cat "$tmp/log" >&2; fail "capture failed ($f turned off)"; }
		grep -q "WARNING: THE TRACE IS INCOMPLETE: $f no longer on" "$tmp/log" ||
			{ cat "$tmp/log" >&2; fail "$f turned off: not said on stderr"; }
		[ "$(manifest turned_off "$b")" = "$f" ] || fail "manifest: turned_off is not $f"
		manifest complete "$b" | grep -q "^no: tracing was turned off during the capture" ||
			fail "manifest: not 'complete no' with $f turned off"
	done
	;;
lock)
	# The holder lets go only once the capture says it waits (or after 30 s, so that a capture
	# that does not wait ends the test rather than hanging it), and marks its release first:
	# COMMAND finds the mark only if the capture waited for the lock.
	lockf=/run/lock/kmembench-capture.lock
	[ -d /run/lock ] || lockf=/tmp/kmembench-capture.lock
	b=$tmp/bundle
	: >"$tmp/log"
	flock "$lockf" sh -c 'touch "$1/held"; i=0
		while ! grep -q "waiting for another capture" "$1/log" && [ $i -lt 300 ]; do
			sleep 0.1; i=$((i + 1))
		done
		touch "$1/released"' sh "$tmp" &
	holder=$!
	i=0
	while [ ! -e "$tmp/held" ] && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -e "$tmp/held" ] || fail "flock(1) did not take $lockf"
	rc=0
	"$kmb" capture -o "$b" --events kmem:kfree -- test -e "$tmp/released" >>"$tmp/log" 2>&1 ||
		rc=$?
	wait "$holder" || true
	[ "$rc" = 0 ] || { cat "$tmp/log" >&2; fail "COMMAND ran while the lock was held ($rc)"; }
	grep -q "^kmembench capture: waiting for another capture to end ($lockf)\$" "$tmp/log" ||
		{ cat "$tmp/log" >&2; fail "no line saying the capture waits"; }
	;;
errors)
	expect() { # STATUS MESSAGE ARGS...
		local status=$1 msg=$2 rc=0
		shift 2
		"$@" >"$tmp/log" 2>&1 || rc=$?
		[ "$rc" = "$status" ] || { cat "$tmp/log" >&2; fail "$*: exit $rc, not $status"; }
		[ "$(wc -l <"$tmp/log")" = 1 ] || { cat "$tmp/log" >&2; fail "$*: not one line"; }
		grep -q -- "$msg" "$tmp/log" || { cat "$tmp/log" >&2; fail "$*: no '$msg'"; }
	}
	expect 2 "no COMMAND given" "$kmb" capture
	expect 2 "no COMMAND given" "$kmb" capture -o "$tmp/x" --
	expect 2 "buffer-kb: '0'" "$kmb" capture --buffer-kb 0 -- true
	expect 2 "no event 'kmem:no_such_event'" "$kmb" capture -o "$tmp/x" \
		--events kmalloc,kmem:no_such_event -- true
	expect 2 "no event 'nosuch' in kmem or compaction" "$kmb" capture -o "$tmp/x" \
		--events nosuch -- true
	expect 2 "not an event name" "$kmb" capture -o "$tmp/x" --events 'kmem:../x' -- true
	[ ! -e "$tmp/x" ] || fail "a refused command line created the bundle directory"
	if command -v setpriv >/dev/null; then
		expect 1 "must run as root" setpriv --reuid=65534 --regid=65534 --clear-groups \
			"$kmb" capture -o "$tmp/x" -- true
	fi
	;;
*)
	echo "capture_test: unknown MODE '$mode'" >&2
	exit 2
	;;
esac
check_state
echo "capture_test $mode: ok"
