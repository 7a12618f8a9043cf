#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test-umbra-patch.sh - host test of umbra-patch: assemble fixture.S (every
# patchable form, unpatchable ones, data and Thumb code), patch it, and
# check every word of the result against the SVCs derived by hand in the
# fixture's .expect section, the report and the exit statuses. Prints TAP.
#
# Usage: test-umbra-patch.sh UMBRA-PATCH WORKDIR (CROSS_COMPILE: binutils
# prefix, default arm-none-eabi-)
set -uo pipefail

tool=$1 dir=$2
CROSS=${CROSS_COMPILE:-arm-none-eabi-}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
n=0 failed=0

ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

# word FILE OFFSET: the little-endian word at OFFSET of a binary file
word() {
	od -An -tx4 -j "$2" -N 4 "$1" | tr -d ' '
}

echo "1..11"
mkdir -p "$dir"
rm -f "$dir"/*
"${CROSS}as" -o "$dir/fixture.o" "$here/fixture.S" &&
	"${CROSS}ld" -Ttext=0x10000 -o "$dir/fixture.elf" "$dir/fixture.o"
ok $? "fixture assembled and linked"

"$tool" "$dir/fixture.elf" "$dir/refused.elf" >"$dir/refused.txt" 2>&1
rc=$?
[ "$rc" = 1 ] && ! [ -e "$dir/refused.elf" ]
ok $? "unpatchable instructions: exit 1, nothing written (exit $rc)"

"$tool" -n "$dir/fixture.elf" >"$dir/dry.txt" 2>&1
rc=$?
[ "$rc" = 1 ] && grep -q '28 patched' "$dir/dry.txt"
ok $? "--dry-run reports, exit 1 for the unpatchable ones (exit $rc)"

"$tool" --allow-unpatched "$dir/fixture.elf" "$dir/out.elf" >"$dir/report.txt"
ok $? "--allow-unpatched writes the output"

"${CROSS}objcopy" -O binary -j .text "$dir/out.elf" "$dir/text.bin" &&
	"${CROSS}objcopy" -O binary -j .expect "$dir/out.elf" "$dir/expect.bin" &&
	"${CROSS}objcopy" -O binary -j .text "$dir/fixture.elf" "$dir/orig.bin"
size=$(stat -c %s "$dir/text.bin")
diffs=$(cmp -l "$dir/text.bin" "$dir/expect.bin" | wc -l)
[ "$size" -gt 200 ] && [ "$diffs" = 0 ] &&
	[ "$size" = "$(stat -c %s "$dir/expect.bin")" ]
ok $? "every word of .text as expected ($size bytes, $diffs differ)"

# every changed word is in the report with address, old and new word
missing=0 changed=0
for ((off = 0; off < size; off += 4)); do
	old=$(word "$dir/orig.bin" $off)
	new=$(word "$dir/text.bin" $off)
	[ "$old" = "$new" ] && continue
	changed=$((changed + 1))
	line=$(printf '0x%08x: %s -> %s ' $((0x10000 + off)) "$old" "$new")
	grep -qF "$line" "$dir/report.txt" ||
		{ echo "# not reported: $line"; missing=1; }
done
[ "$missing" = 0 ] && [ "$changed" = 28 ] &&
	[ "$(grep -c -- ' -> ' "$dir/report.txt")" = 28 ]
ok $? "report lists each of the $changed patched words"

summary='28 patched, class 0: 2, class 1: 4, class 2: 4, class 3: 2, class 4: 1, class 5: 3, class 6: 4, class 8: 1, class 9: 1, class 10: 1, class 11: 1, class 12: 1, class 13: 1, class 14: 1, class 15: 1; 16 unpatchable (7 Thumb)'
grep -qF "$summary" "$dir/report.txt"
ok $? "summary counts per class"

# the unpatchable ones, by address and reason
for e in '0x000100a0: e8c08001  UNPATCHABLE  stmia r0, {r0, pc}^' \
	'0x000100a4: e4b10000  UNPATCHABLE  ldrt' \
	'0x000100b4: ef100000  UNPATCHABLE  svc 0x100000' \
	'0x000100b8: 1ff00000  UNPATCHABLE  svcne 0xf00000' \
	'0x000100bc: e1b0f211  UNPATCHABLE  movs pc, r1, lsl r2' \
	'0x000100c0: e8f00002  UNPATCHABLE  ldmia r0!, {r1}^' \
	'0x000100cc: b672  UNPATCHABLE  Thumb cps' \
	'0x000100d6: f3de 8f04  UNPATCHABLE  Thumb subs pc, lr'; do
	grep -qF "$e" "$dir/report.txt" || { echo "# missing: $e"; false; }
done
ok $? "unpatchable instructions reported"

# data words ($d) are not even looked at; mnemonics in the report
! grep -q '0x000100c[48]' "$dir/report.txt" &&
	grep -qF '0x00010054: e8fd800f -> efde800f  ldmia sp!, {r0, r1, r2, r3, pc}^' \
		"$dir/report.txt"
ok $? "data that looks like code left alone and unreported"

# nothing else in the file changed
[ "$(cmp -l "$dir/fixture.elf" "$dir/out.elf" | wc -l)" = \
	"$(cmp -l "$dir/orig.bin" "$dir/text.bin" | wc -l)" ]
ok $? "no byte outside the patched words changed"

# a stripped image: no mapping symbols, nothing can be scanned
"${CROSS}strip" -o "$dir/stripped.elf" "$dir/fixture.elf"
"$tool" "$dir/stripped.elf" "$dir/stripped-out.elf" >"$dir/stripped.txt" 2>&1
rc=$?
[ "$rc" = 1 ] && ! [ -e "$dir/stripped-out.elf" ] &&
	grep -q 'no mapping symbols' "$dir/stripped.txt"
ok $? "a stripped image is refused (exit $rc)"

exit $failed
