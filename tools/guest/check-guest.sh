#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-guest.sh - reject guest images the hypervisor cannot run.
#
# Usage: tools/guest/check-guest.sh GUEST.elf...
#
# Guests are soft-float and run in PL0 with their MMU off, so an image must
# not contain:
#   - VFP or NEON instructions (every UAL mnemonic starting with 'v') nor
#     build attributes claiming an FP or SIMD unit;
#   - privileged or coprocessor instructions (MRC/MCR/LDC/STC/CDP, CPS,
#     SRS/RFE, SMC/HVC/ERET, WFI, MSR/MRS of anything but APSR/CPSR flags,
#     LDM/STM with ^), which trap as undefined and stop the guest;
# and its PT_LOAD segments must have p_paddr == p_vaddr.
# Set CROSS_COMPILE to use another binutils prefix (default arm-none-eabi-).

set -euo pipefail

CROSS=${CROSS_COMPILE:-arm-none-eabi-}

# Print "ELF: address: instruction" for every forbidden instruction.
bad_insns() {
	"${CROSS}objdump" -d --no-show-raw-insn "$1" | awk -F '\t' -v elf="$1" '
	/^ *[0-9a-f]+:\t/ {
		m = $2; ops = $3
		bad = m ~ /^(v|mrc|mcr|mrrc|ldc|stc|cdp|cps|srs|rfe|smc|hvc|eret|wfi)/
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
	if [ -n "$attrs" ]; then
		echo "$elf: FP/SIMD build attributes: $attrs" >&2
		status=1
	fi
	if [ -n "$loads" ]; then
		echo "$elf: PT_LOAD with p_paddr != p_vaddr: $loads" >&2
		status=1
	fi
done
exit $status
