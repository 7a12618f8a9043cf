// SPDX-License-Identifier: GPL-2.0
/*
 * Decoding of trapped Floating-point and Advanced SIMD instructions and
 * the guest's CPACR rules for them. The condition and IT state handling an
 * emulated instruction needs is in exception.c.
 */
#include "vfp.h"

static bool coproc_is_vfp(u32 insn)
{
	return ((insn >> 8) & 0xe) == 0xa;	/* coproc 0b101x */
}

/**
 * umbra_decode_vfp() - classify an instruction that took an Undefined
 * Instruction exception in the guest.
 * @insn:  the instruction; for Thumb, the first halfword in bits [31:16]
 * @thumb: the guest was in Thumb state
 * @out:   the result
 *
 * Floating-point instructions are the coprocessor instructions on coproc
 * 10 and 11 (A7.1, A5.6 and A6.3.18: CDP/MCR/MRC and LDC/STC/MCRR/MRRC
 * encodings, A32 condition not 0b1111, T32 first halfword 0b1110 11xx);
 * Advanced SIMD are the data-processing (A32 0b1111 001x, T32 0b111x 1111)
 * and element/structure load/store spaces (A32 0b1111 0100 xxx0, T32
 * 0b1111 1001 xxx0) of A7.4 and A7.7. Among them, VMRS/VMSR (A8.8.348,
 * A8.8.350; B6.1.x) of FPSID, MVFR0, MVFR1 and FPEXC are UNDEFINED in PL0
 * whatever FPEXC.EN says: they are UMBRA_VFP_SYSREG, every other
 * (including FPSCR) UMBRA_VFP_INSN.
 */
void umbra_decode_vfp(u32 insn, bool thumb, struct umbra_vfp_insn *out)
{
	u32 hw1 = insn >> 16, cond = insn >> 28;

	memset(out, 0, sizeof(*out));
	out->cond = thumb ? 0xe : cond;
	if (thumb) {
		if ((hw1 & 0xef00) == 0xef00 || (hw1 & 0xff10) == 0xf900)
			out->class = UMBRA_VFP_INSN;
		else if ((hw1 & 0xfc00) == 0xec00 && coproc_is_vfp(insn))
			out->class = UMBRA_VFP_INSN;
		else
			return;
	} else {
		if ((insn & 0xfe000000) == 0xf2000000 ||
		    (insn & 0xff100000) == 0xf4000000)
			out->class = UMBRA_VFP_INSN;
		else if (cond != 0xf && coproc_is_vfp(insn) &&
			 (((insn >> 25) & 7) == 6 || ((insn >> 24) & 0xf) == 0xe))
			out->class = UMBRA_VFP_INSN;
		else
			return;
	}
	/* VMRS/VMSR: 1110 111L reg Rt 1010 0001 0000 (T32 the same) */
	if ((insn & 0x0fe00fff) != 0x0ee00a10 || (thumb && (hw1 >> 12) != 0xe))
		return;
	out->read = insn & (1u << 20);
	out->reg = (insn >> 16) & 0xf;
	out->rt = (insn >> 12) & 0xf;
	if (out->reg != UMBRA_VFP_FPSCR)
		out->class = UMBRA_VFP_SYSREG;
}

/**
 * umbra_vfp_cpacr_allows() - whether a CPACR value lets code at a given
 * privilege use the Floating-point and Advanced SIMD extensions (B4.1.40:
 * cp10 0b01 PL1 only, 0b11 full access; 0b00 and the reserved 0b10 deny).
 * @cpacr:      the guest's virtual CPACR
 * @privileged: the guest is in a virtual PL1 mode
 *
 * Return: true when cp10 (which must equal cp11) grants the access.
 */
bool umbra_vfp_cpacr_allows(u32 cpacr, bool privileged)
{
	u32 cp10 = (cpacr >> UMBRA_CPACR_CP10_SHIFT) & 3;

	return privileged ? (cp10 & 1) : cp10 == 3;
}
