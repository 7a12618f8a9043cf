// SPDX-License-Identifier: GPL-2.0
/*
 * Decoding of trapped Floating-point and Advanced SIMD instructions, the
 * guest's CPACR rules for them, and the condition/IT state handling an
 * emulated instruction needs.
 */
#include "vfp.h"

#define PSR_N	(1u << 31)
#define PSR_Z	(1u << 30)
#define PSR_C	(1u << 29)
#define PSR_V	(1u << 28)

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

/**
 * umbra_cond_passed() - ConditionPassed() for a condition (A8.3).
 * @cond: the 4-bit condition
 * @cpsr: the guest CPSR (N, Z, C, V)
 *
 * Return: whether an instruction with @cond executes.
 */
bool umbra_cond_passed(u32 cond, u32 cpsr)
{
	bool n = cpsr & PSR_N, z = cpsr & PSR_Z, c = cpsr & PSR_C;
	bool v = cpsr & PSR_V, r;

	switch ((cond >> 1) & 7) {
	case 0:
		r = z;
		break;
	case 1:
		r = c;
		break;
	case 2:
		r = n;
		break;
	case 3:
		r = v;
		break;
	case 4:
		r = c && !z;
		break;
	case 5:
		r = n == v;
		break;
	case 6:
		r = n == v && !z;
		break;
	default:
		return true;	/* AL, and 0b1111 */
	}
	return (cond & 1) ? !r : r;
}

static u32 itstate(u32 cpsr)
{
	return ((cpsr >> 8) & 0xfc) | ((cpsr >> 25) & 3);
}

/**
 * umbra_insn_cond() - the condition an instruction executes under: its
 * A32 condition field, or for T32 the IT block's (A2.5.2 ITSTATE; 0xe
 * outside an IT block).
 * @insn:  the instruction (A32)
 * @thumb: the guest is in Thumb state
 * @cpsr:  the guest CPSR
 *
 * Return: the 4-bit condition.
 */
u32 umbra_insn_cond(u32 insn, bool thumb, u32 cpsr)
{
	u32 it = itstate(cpsr);

	if (!thumb)
		return insn >> 28;
	return (it & 0xf) ? it >> 4 : 0xe;
}

/**
 * umbra_it_advance() - ITAdvance() (A2.5.2): the CPSR after a Thumb
 * instruction completes inside (or outside) an IT block.
 * @cpsr: the guest CPSR
 *
 * Return: @cpsr with IT[7:0] (CPSR[15:10,26:25]) advanced.
 */
u32 umbra_it_advance(u32 cpsr)
{
	u32 it = itstate(cpsr);

	if (!(it & 7))
		it = 0;
	else
		it = (it & 0xe0) | ((it << 1) & 0x1f);
	cpsr &= ~((0x3fu << 10) | (3u << 25));
	return cpsr | ((it & 0xfc) << 8) | ((it & 3) << 25);
}
