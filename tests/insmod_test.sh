#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kmembench insmod on one back end, with the modules of tests/modules/ that kmem_add_module()
# built:
#  - mod_alloc (two files; pages, kmalloc, vmalloc freed in exit) with an int, a charp and a
#    bool parameter it checks against check=: exit 0, the values reported, nothing leaked; the
#    same with check= not matching: init fails with -EINVAL, said as insmod says it;
#  - mod_leak: exit 1, the page and the kmalloc-128 object reported;
#  - mod_nomem (init returns -ENOMEM): exit 1, "insmod: ERROR: ... Cannot allocate memory";
#  - mod_crash (NULL dereference, stack overflow, a crash in exit): exit 1, the oops lines, and
#    the other arch profile still run;
#  - an argument naming no parameter: the kernel's warning, reported, exit 1; a refused value: one
#    line, exit 1;
#  - a shared object that is no module, a text file, a missing file, a module without init, one
#    with an unknown symbol: one line each, exit 1;
#  - bad command lines: exit 2.
#
# usage: insmod_test.sh KMEMBENCH SOURCE_DIR BACKEND MODULE_DIR
set -eu

kmembench=$1
src=$2
backend=$3
mods=$4
work=$(mktemp -d "${TMPDIR:-/tmp}/kmem-insmod.XXXXXX")
trap 'rm -rf "$work"' EXIT
unset KMEM_ARCH KMEM_MEM || true
export KMEM_BACKEND=$backend

. "$src/tests/lib.sh"

# has NAME TEXT: $work/NAME.out holds the line TEXT (a fixed string)
has() {
	grep -qF -- "$2" "$work/$1.out" || { cat "$work/$1.out"; fail "$1: no '$2' in the report"; }
}
# err_has NAME TEXT: likewise $work/NAME.err
err_has() {
	grep -qF -- "$2" "$work/$1.err" || { cat "$work/$1.err"; fail "$1: no '$2' on stderr"; }
}

one="--arch x86_64 --mem 256M"

expect 0 alloc "$kmembench" insmod "$mods/mod_alloc.so" count=3 name=hello flag \
	check=3,hello,Y $one
has alloc "insmod mod_alloc ($mods/mod_alloc.so) on $backend/x86_64"
for p in count=3 name=hello flag=Y; do
	grep -q "^  parameters .* $p\\b\\|^  parameters *$p\\b" "$work/alloc.out" ||
		{ cat "$work/alloc.out"; fail "alloc: parameter $p not reported"; }
done
has alloc "  init          returned 0"
has alloc "  exit          ran"
has alloc "  leaked        0 pages, 0 slab objects, 0 vmalloc areas"
has alloc "  reports       0 bad page reports, 0 slab errors, 0 warnings, 0 arguments ignored"
has alloc "  result        ok"
[ ! -s "$work/alloc.err" ] || { cat "$work/alloc.err"; fail "alloc: stderr not empty"; }

# a quoted value holds spaces; init checks what it got
expect 0 quoted "$kmembench" insmod "$mods/mod_alloc.so" 'name="a b"' 'check="1,a b,N"' $one
expect 1 mismatch "$kmembench" insmod "$mods/mod_alloc.so" count=2 check=3,kmem,N $one
has mismatch "  init          returned -22 (-EINVAL)"
has mismatch "  exit          not run: init failed, the module is unloaded"
one_line mismatch \
	"insmod: ERROR: could not insert module $mods/mod_alloc.so: Invalid parameters"

expect 1 leak "$kmembench" insmod "$mods/mod_leak.so" $one
has leak "  exit          ran"
grep -q "^  leaked        [1-9][0-9]* pages, 1 slab object (kmalloc-128: 1), 0 vmalloc areas$" \
	"$work/leak.out" || { cat "$work/leak.out"; fail "leak: the leak not reported"; }
has leak "  result        FAILED: "

expect 1 nomem "$kmembench" insmod "$mods/mod_nomem.so" $one
has nomem "  init          returned -12 (-ENOMEM)"
has nomem "  leaked        0 pages, 0 slab objects, 0 vmalloc areas"
one_line nomem \
	"insmod: ERROR: could not insert module $mods/mod_nomem.so: Cannot allocate memory"

# a crash on the first arch profile: reported, and the second still runs
expect 1 null "$kmembench" insmod "$mods/mod_crash.so" --arch all --mem 256M
err_has null "BUG: mod_crash crashed: SIGSEGV at 0000000000000000 in init"
err_has null "IP: crash+0x"
has null "insmod mod_crash ($mods/mod_crash.so) on $backend/x86_64"
has null "insmod mod_crash ($mods/mod_crash.so) on $backend/x86_32"
has null "  init          crashed: SIGSEGV at 0000000000000000"
has null "  result        FAILED: crashed in init"
has null "insmod mod_crash: 2 combinations, 2 failed"
expect 1 stack "$kmembench" insmod "$mods/mod_crash.so" how=stack $one
err_has stack "BUG: mod_crash crashed: SIGSEGV at "
err_has stack "IP: recurse+0x"
expect 1 inexit "$kmembench" insmod "$mods/mod_crash.so" in_exit addr=0x1000 $one
has inexit "  init          returned 0"
has inexit "  exit          crashed: SIGSEGV at 0000000000001000"
err_has inexit "BUG: mod_crash crashed: SIGSEGV at 0000000000001000 in exit"

# 6.18 warns about an argument naming no parameter and loads the module all the same
expect 1 unknown "$kmembench" insmod "$mods/mod_alloc.so" nope=1 $one
one_line unknown "mod_alloc: unknown parameter 'nope' ignored"
has unknown "  init          returned 0"
has unknown "1 argument ignored"
has unknown "  result        FAILED: 1 unknown parameter"
expect 1 badvalue "$kmembench" insmod "$mods/mod_alloc.so" count=abc $one
one_line badvalue "mod_alloc: \`abc' invalid for parameter \`count'"
expect 1 range "$kmembench" insmod "$mods/mod_alloc.so" count=99999999999 $one
one_line range "invalid for parameter \`count'"

# files that are no module
expect 1 notmod "$kmembench" insmod "$mods/not_a_module.so" $one
one_line notmod "not a module: no __kmem_module in it"
echo "not a module" > "$work/text.so"
expect 1 text "$kmembench" insmod "$work/text.so" $one
one_line text "not a module: not an ELF file"
expect 1 missing "$kmembench" insmod "$work/missing.so" $one
one_line missing "missing.so: No such file or directory"
expect 1 noinit "$kmembench" insmod "$mods/mod_noinit.so" $one
one_line noinit "module mod_noinit has no module_init(): nothing to run"
expect 1 symbol "$kmembench" insmod "$mods/mod_unknown_symbol.so" $one
one_line symbol "mod_unknown_symbol: Unknown symbol kmem_no_such_function (err -2)"
for name in notmod text missing noinit symbol; do
	[ ! -s "$work/$name.out" ] || { cat "$work/$name.out"; fail "$name: a report"; }
done

# bad command lines
expect 2 nomodule "$kmembench" insmod
one_line nomodule "a MODULE.so is needed"
expect 2 badopt "$kmembench" insmod "$mods/mod_alloc.so" --nope
one_line badopt "unknown option '--nope'"
expect 2 badbackend "$kmembench" insmod "$mods/mod_alloc.so" --backend nope
one_line badbackend "unknown back end 'nope'"
expect 0 help "$kmembench" insmod --help
has help "Usage: kmembench insmod MODULE.so"
