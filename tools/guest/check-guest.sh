#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-guest.sh - reject guest images the hypervisor cannot run.
#
# Usage: tools/guest/check-guest.sh GUEST.elf...
#
# Guests run in PL0 with their MMU off, so an image must not contain:
#   - with GUEST_FLOAT=soft (the default): VFP or NEON instructions (every
#     UAL mnemonic starting with 'v') nor build attributes claiming an FP
#     or SIMD unit; with GUEST_FLOAT=hard these are allowed, and so is the
#     CPACR write crt0 enables the VFP with (umbra emulates it);
#   - privileged or coprocessor instructions (MRC/MCR/LDC/STC/CDP, CPS,
#     SRS/RFE, SMC/HVC/ERET, WFI, MSR/MRS of anything but APSR/CPSR flags,
#     LDM/STM with ^), which trap as undefined and stop the guest;
# and its PT_LOAD segments must have p_paddr == p_vaddr.
# Set CROSS_COMPILE to use another binutils prefix (default arm-none-eabi-),
# GUEST_FLOAT to the image's float ABI (soft, the default, or hard).

set -euo pipefail

CROSS=${CROSS_COMPILE:-arm-none-eabi-}
case ${GUEST_FLOAT:-soft} in
soft)	HARD=0 ;;
hard)	HARD=1 ;;
*)	echo "GUEST_FLOAT must be soft or hard" >&2; exit 2 ;;
esac

# Print "ELF: address: instruction" for every forbidden instruction.
bad_insns() {
	"${CROSS}objdump" -d --no-show-raw-insn "$1" |
	awk -F '\t' -v elf="$1" -v hard="$HARD" '
	/^ *[0-9a-f]+:\t/ {
		m = $2; ops = $3
		bad = m ~ /^(v|mrc|mcr|mrrc|ldc|stc|cdp|cps|srs|rfe|smc|hvc|eret|wfi)/
		if (hard && m ~ /^v/)
			bad = 0
		if (hard && m == "mcr" && ops ~ /^15, 0, r[0-9]+, cr1, cr0, \{2\}/)
			bad = 0
		if (m ~ /^msr/ && ops !~ /^(APSR_|CPSR_f,)/)
			bad = 1
		if (m ~ /^mrs/ && ops !~ /, (APSR|CPSR)$/)
			bad = 1
		if (m ~ /^(ldm|stm|pop|push)/ && ops ~ /\}\^/)
			bad = 1
		if (bad)
			print elf ": " $1 "\t" m "\t" ops
	}'
}

# Print the FP/SIMD build attributes, if any.
fp_attrs() {
	"${CROSS}readelf" -A "$1" |
		grep -E 'Tag_(FP_arch|Advanced_SIMD_arch|MVE_arch|VFP_arch)' ||
		true
}

# Print PT_LOAD lines whose physical and virtual addresses differ.
bad_loads() {
	"${CROSS}readelf" -lW "$1" | awk '$1 == "LOAD" && $3 != $4'
}

status=0
for elf in "$@"; do
	insns=$(bad_insns "$elf")
	attrs=$(fp_attrs "$elf")
	loads=$(bad_loads "$elf")
	if [ -n "$insns" ]; then
		echo "$elf: VFP/NEON or privileged instructions:" >&2
		echo "$insns" | head -n 20 >&2
		status=1
	fi
	if [ -n "$attrs" ] && [ "$HARD" = 0 ]; then
		echo "$elf: FP/SIMD build attributes: $attrs" >&2
		status=1
	fi
	if [ -n "$loads" ]; then
		echo "$elf: PT_LOAD with p_paddr != p_vaddr: $loads" >&2
		status=1
	fi
done
exit $status
