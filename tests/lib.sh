# shellcheck shell=sh
# Helpers shared by the shell tests: sourced after $work is set (a directory the test owns).

fail() {
	echo "FAIL: $*"
	exit 1
}

# expect STATUS NAME COMMAND...: COMMAND's exit status must be STATUS; output in $work/NAME.*
expect() {
	want=$1
	name=$2
	shift 2
	status=0
	"$@" > "$work/$name.out" 2> "$work/$name.err" || status=$?
	if [ "$status" -ne "$want" ]; then
		cat "$work/$name.out" "$work/$name.err"
		fail "$name: exit status $status, not $want"
	fi
}

# one_line NAME TEXT: $work/NAME.err is one line holding TEXT
one_line() {
	[ "$(wc -l < "$work/$1.err")" -eq 1 ] && grep -qF -- "$2" "$work/$1.err" ||
		{ cat "$work/$1.err"; fail "$1: want one line naming '$2'"; }
}
