#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# schema_generated_test.sh KMEMBENCH SOURCE_DIR: results/SCHEMA.md is the text `kmembench schema`
# writes from the table descriptors compiled into it, so the copy people read in the source tree
# documents exactly what kmembench writes and what check-schema holds run directories to.
set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 KMEMBENCH SOURCE_DIR" >&2
	exit 2
fi
kmembench=$1
src=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/kmem-schema.XXXXXX")
trap 'rm -rf "$work"' EXIT

"$kmembench" schema -o "$work/SCHEMA.md"
if ! diff -u "$src/results/SCHEMA.md" "$work/SCHEMA.md" >"$work/diff"; then
	head -n 60 "$work/diff"
	echo "FAIL: results/SCHEMA.md differs from the descriptors' schema (diff above: - the file," \
		"+ the descriptors). Regenerate it with:" \
		"$kmembench schema -o $src/results/SCHEMA.md" >&2
	exit 1
fi
echo "results/SCHEMA.md is the descriptors' schema ($(grep -c "^## .*\.csv$" "$work/SCHEMA.md") tables)"
