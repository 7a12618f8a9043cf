// SPDX-License-Identifier: GPL-2.0
/*
 * MRC/MCR decoding for CP15 trap-and-emulate.
 */
#include "cp15.h"

/**
 * umbra_decode_cp15() - decode an MRC or MCR to coprocessor 15.
 * @insn:  the instruction; for Thumb, the first halfword in bits [31:16]
 *         and the second in [15:0]
 * @thumb: the guest was in Thumb state
 * @acc:   the decoded access
 *
 * Encodings A1 and T1 of MCR/MRC (ARM ARM A8.8.99, A8.8.108) share one
 * layout: opc1 [23:21], L [20], CRn [19:16], Rt [15:12], coproc [11:8],
 * opc2 [7:5], 1 [4], CRm [3:0]; the A1 form has a condition in [31:28]
 * (not 0b1111, which is MCR2/MRC2), the T1 form 0b1110 there.
 * Return: 0, or -EINVAL when @insn is not an MRC/MCR to CP15, or uses the
 * UNPREDICTABLE Rt == PC with MCR (MRC to PC, the APSR form, is refused too).
 */
int umbra_decode_cp15(u32 insn, bool thumb, struct umbra_cp15_access *acc)
{
	u32 cond = insn >> 28;

	if (thumb ? cond != 0xe : cond == 0xf)
		return -EINVAL;
	if (((insn >> 24) & 0xf) != 0xe || !(insn & (1u << 4)) ||
	    ((insn >> 8) & 0xf) != 15)
		return -EINVAL;
	acc->read = insn & (1u << 20);
	acc->rt = (insn >> 12) & 0xf;
	acc->key = UMBRA_CP15_KEY((insn >> 21) & 7, (insn >> 16) & 0xf,
				  insn & 0xf, (insn >> 5) & 7);
	if (acc->rt == 15)
		return -EINVAL;
	return 0;
}

/**
 * umbra_csselr_valid() - does a CSSELR value select a cache that CLIDR
 * says is implemented?
 * @csselr: the guest's CSSELR
 * @clidr:  the CLIDR the guest sees
 *
 * CLIDR.Ctype<n> (B4.1.20), for cache level n + 1 = CSSELR.Level + 1:
 * 0b001 instruction cache only, 0b010 data cache only, 0b011 separate
 * instruction and data caches, 0b100 unified cache. CSSELR.InD (B4.1.41)
 * selects the instruction cache (1) or the data or unified one (0).
 *
 * Return: true when the selected cache exists and no reserved bit
 * (CSSELR[31:4]) is set; false otherwise (CCSIDR is then UNKNOWN).
 */
bool umbra_csselr_valid(u32 csselr, u32 clidr)
{
	u32 level = (csselr >> 1) & 7, ctype;

	if ((csselr & ~UMBRA_CSSELR_MASK) || level == 7)
		return false;
	ctype = (clidr >> (3 * level)) & 7;
	if (csselr & 1)
		return ctype == 1 || ctype == 3;
	return ctype >= 2 && ctype <= 4;
}

/**
 * umbra_cp15_reset() - CP15 as the architecture leaves it at reset for a
 * VMSAv7 processor without Security or Virtualization Extensions visible
 * to the guest (B4.1.130 SCTLR; others UNKNOWN, umbra uses 0).
 * @cp15: the state to reset
 */
void umbra_cp15_reset(struct umbra_cp15 *cp15)
{
	memset(cp15, 0, sizeof(*cp15));
	cp15->mmu.sctlr = UMBRA_SCTLR_RESET;
}
