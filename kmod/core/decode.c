// SPDX-License-Identifier: GPL-2.0
/*
 * Single load/store decoding for MMIO emulation: ARM state (A32) and
 * Thumb state (T32, 16-bit and 32-bit encodings).
 */
#include "decode.h"

#define PSR_C	(1u << 29)

static u32 bits(u32 v, unsigned int hi, unsigned int lo)
{
	return (v >> lo) & ((1u << (hi - lo + 1)) - 1);
}

/* DecodeImmShift + Shift_C for a load/store register offset (A8.4.3). */
static u32 shift_offset(u32 rm, u32 type, u32 imm5, u32 cpsr)
{
	switch (type) {
	case 0:	/* LSL */
		return rm << imm5;
	case 1:	/* LSR, #0 means #32 */
		return imm5 ? rm >> imm5 : 0;
	case 2:	/* ASR, #0 means #32 */
		if (!imm5)
			return (rm & 0x80000000u) ? 0xffffffffu : 0;
		return (u32)((s32)rm >> imm5);
	default: /* ROR, #0 means RRX */
		if (!imm5)
			return (rm >> 1) | ((cpsr & PSR_C) ? 0x80000000u : 0);
		return (rm >> imm5) | (rm << (32 - imm5));
	}
}

static int finish(const u32 regs[16], u32 insn, u32 offset,
		  struct umbra_ldst *out)
{
	bool p = bits(insn, 24, 24), u = bits(insn, 23, 23);
	bool w = bits(insn, 21, 21);
	u32 rn = bits(insn, 19, 16);
	u32 base = regs[rn];
	u32 offset_addr = u ? base + offset : base - offset;

	out->rn = rn;
	out->rt = bits(insn, 15, 12);
	out->addr = p ? offset_addr : base;
	out->writeback = !p || w;
	out->rn_value = offset_addr;
	if (out->rt == 15)
		return -EINVAL;	/* a load to PC from a device: refuse */
	if (out->writeback && (rn == 15 || rn == out->rt))
		return -EINVAL;	/* UNPREDICTABLE */
	return 0;
}

/**
 * umbra_decode_arm_ldst() - decode an A32 LDR/STR/LDRB/STRB/LDRH/STRH/
 * LDRSB/LDRSH (immediate, register and unprivileged forms).
 * @insn: the instruction word
 * @regs: guest r0-r15 in the instruction's mode, r15 = address of the
 *        instruction + 8 (the value an A32 instruction reads as PC)
 * @cpsr: guest CPSR (the C flag feeds RRX)
 * @out:  the decoded access
 *
 * Sources: ARM ARM A5.3 "Load/store word and unsigned byte" and A5.2.8
 * "Extra load/store instructions". Doubleword, exclusive and multiple
 * transfers are not decoded.
 * Return: 0, or -EINVAL for anything else (including UNPREDICTABLE forms
 * and loads to PC).
 */
int umbra_decode_arm_ldst(u32 insn, const u32 regs[16], u32 cpsr,
			  struct umbra_ldst *out)
{
	u32 offset;

	memset(out, 0, sizeof(*out));
	out->insn_len = 4;
	if (bits(insn, 31, 28) == 0xf)
		return -EINVAL;	/* unconditional space */

	if (bits(insn, 27, 26) == 1) {
		/* Word and unsigned byte; I=1 with bit 4 set is media. */
		if (bits(insn, 25, 25)) {
			if (bits(insn, 4, 4) || bits(insn, 3, 0) == 15)
				return -EINVAL;
			offset = shift_offset(regs[bits(insn, 3, 0)],
					      bits(insn, 6, 5),
					      bits(insn, 11, 7), cpsr);
		} else {
			offset = bits(insn, 11, 0);
		}
		out->is_write = !bits(insn, 20, 20);
		out->len = bits(insn, 22, 22) ? 1 : 4;
		out->big_endian = cpsr & UMBRA_PSR_E;
		return finish(regs, insn, offset, out);
	}

	if (bits(insn, 27, 25) == 0 && bits(insn, 7, 7) &&
	    bits(insn, 4, 4) && bits(insn, 6, 5)) {
		u32 l = bits(insn, 20, 20), op2 = bits(insn, 6, 5);

		/* Extra load/store: not LDRD/STRD (L=0, op2 1x). */
		if (!l && op2 != 1)
			return -EINVAL;
		/* P=0, W=1 is the unprivileged LDRHT/STRHT/... form. */
		if (bits(insn, 22, 22)) {
			offset = (bits(insn, 11, 8) << 4) | bits(insn, 3, 0);
		} else {
			if (bits(insn, 11, 8) || bits(insn, 3, 0) == 15)
				return -EINVAL;
			offset = regs[bits(insn, 3, 0)];
		}
		out->is_write = !l;
		out->len = op2 == 2 ? 1 : 2;
		out->sign_extend = l && op2 != 1;
		out->big_endian = cpsr & UMBRA_PSR_E;
		return finish(regs, insn, offset, out);
	}
	return -EINVAL;
}

/* The address and writeback of a Thumb access (A8.8.62ff pseudocode). */
static void thumb_addr(const u32 regs[16], u32 rn, bool p, bool u, bool w,
		       u32 offset, struct umbra_ldst *out)
{
	u32 base = rn == 15 ? regs[15] & ~3u : regs[rn];
	u32 offset_addr = u ? base + offset : base - offset;

	out->rn = rn;
	out->addr = p ? offset_addr : base;
	out->writeback = w;
	out->rn_value = offset_addr;
}

/* 16-bit encodings (A6.2.4 "Load/store single data item", LDR literal). */
static int thumb16_ldst(u32 hw, const u32 regs[16], struct umbra_ldst *out)
{
	/* by opB (bits [11:9]) of the register-offset forms */
	static const struct { u8 len, load, sign; } reg_op[8] = {
		{ 4, 0, 0 }, { 2, 0, 0 }, { 1, 0, 0 }, { 1, 1, 1 },
		{ 4, 1, 0 }, { 2, 1, 0 }, { 1, 1, 0 }, { 2, 1, 1 },
	};
	u32 op_a = bits(hw, 15, 12), imm5 = bits(hw, 10, 6);
	bool load = bits(hw, 11, 11);

	out->insn_len = 2;
	out->rt = bits(hw, 2, 0);
	switch (op_a) {
	case 0x4:	/* LDR (literal) T1: 01001 Rt imm8 */
		if (bits(hw, 11, 11) != 1)
			return -EINVAL;
		out->rt = bits(hw, 10, 8);
		out->len = 4;
		thumb_addr(regs, 15, true, true, false, bits(hw, 7, 0) << 2,
			   out);
		return 0;
	case 0x5:
		out->len = reg_op[bits(hw, 11, 9)].len;
		out->is_write = !reg_op[bits(hw, 11, 9)].load;
		out->sign_extend = reg_op[bits(hw, 11, 9)].sign;
		thumb_addr(regs, bits(hw, 5, 3), true, true, false,
			   regs[bits(hw, 8, 6)], out);
		return 0;
	case 0x6:	/* STR/LDR (immediate) T1 */
		out->len = 4;
		imm5 <<= 2;
		break;
	case 0x7:	/* STRB/LDRB (immediate) T1 */
		out->len = 1;
		break;
	case 0x8:	/* STRH/LDRH (immediate) T1 */
		out->len = 2;
		imm5 <<= 1;
		break;
	case 0x9:	/* STR/LDR (SP-relative) T2 */
		out->rt = bits(hw, 10, 8);
		out->len = 4;
		out->is_write = !load;
		thumb_addr(regs, 13, true, true, false, bits(hw, 7, 0) << 2,
			   out);
		return 0;
	default:
		return -EINVAL;
	}
	out->is_write = !load;
	thumb_addr(regs, bits(hw, 5, 3), true, true, false, imm5, out);
	return 0;
}

/*
 * 32-bit encodings: 1111100 S U size L Rn | Rt op2 (A6.3.7 "Load word",
 * A6.3.8 "Load halfword", A6.3.9 "Load byte", A6.3.10 "Store single data
 * item").
 */
static int thumb32_ldst(u32 insn, const u32 regs[16], struct umbra_ldst *out)
{
	u32 hw1 = insn >> 16, hw2 = insn & 0xffff;
	bool s = bits(hw1, 8, 8), u = bits(hw1, 7, 7), l = bits(hw1, 4, 4);
	u32 size = bits(hw1, 6, 5), rn = bits(hw1, 3, 0);
	u32 rt = bits(hw2, 15, 12), rm = bits(hw2, 3, 0), puw;

	out->insn_len = 4;
	if (bits(hw1, 15, 9) != 0x7c || size == 3 || (s && (!l || size == 2)))
		return -EINVAL;
	out->len = 1u << size;
	out->is_write = !l;
	out->sign_extend = s;
	out->rt = rt;
	/* loads to PC (branches, or PLD/PLI hints) refused; BadReg(t) */
	if (rt == 15 || (rt == 13 && size != 2))
		return -EINVAL;
	if (rn == 15) {		/* literal: loads only, U selects the sign */
		if (!l)
			return -EINVAL;
		thumb_addr(regs, 15, true, u, false, bits(hw2, 11, 0), out);
		return 0;
	}
	if (u) {		/* T3 (T2 for signed): Rn + imm12 */
		thumb_addr(regs, rn, true, true, false, bits(hw2, 11, 0), out);
		return 0;
	}
	if (bits(hw2, 11, 6) == 0) {	/* register, LSL #imm2 */
		if (rm == 13 || rm == 15)
			return -EINVAL;
		thumb_addr(regs, rn, true, true, false,
			   regs[rm] << bits(hw2, 5, 4), out);
		return 0;
	}
	if (!bits(hw2, 11, 11))
		return -EINVAL;
	puw = bits(hw2, 10, 8);
	if (!(puw & 4) && !(puw & 1))
		return -EINVAL;	/* P == 0 && W == 0: UNDEFINED */
	/* 1110: LDRT & co, unprivileged (an MMIO access all the same) */
	thumb_addr(regs, rn, puw & 4, puw & 2, puw & 1, bits(hw2, 7, 0), out);
	if (out->writeback && rn == rt)
		return -EINVAL;	/* UNPREDICTABLE */
	return 0;
}

/**
 * umbra_decode_thumb_ldst() - decode a T32 LDR/STR/LDRB/STRB/LDRH/STRH/
 * LDRSB/LDRSH (16-bit and 32-bit, immediate, register, literal and
 * unprivileged forms).
 * @insn: the instruction: first halfword in bits [31:16], the second (of a
 *        32-bit instruction) in [15:0]
 * @regs: guest r0-r15 in the instruction's mode, r15 = address of the
 *        instruction + 4 (the value a T32 instruction reads as PC)
 * @cpsr: guest CPSR (E: the data byte order)
 * @out:  the decoded access; @out->insn_len is 2 or 4
 *
 * Sources: ARM ARM A6.2.4 "Load/store single data item" (16-bit), A6.3.7
 * to A6.3.10 (32-bit). Doubleword, exclusive, multiple and the memory
 * hints (PLD, PLI) are not decoded.
 * Return: 0, or -EINVAL for anything else (including UNPREDICTABLE forms
 * and loads to PC).
 */
int umbra_decode_thumb_ldst(u32 insn, const u32 regs[16], u32 cpsr,
			    struct umbra_ldst *out)
{
	int ret;

	memset(out, 0, sizeof(*out));
	if (bits(insn, 31, 27) >= 0x1d)	/* 32-bit (A6.1) */
		ret = thumb32_ldst(insn, regs, out);
	else
		ret = thumb16_ldst(insn >> 16, regs, out);
	out->big_endian = cpsr & UMBRA_PSR_E;
	return ret;
}

/* Reverse the low @len bytes of @v, clear the others. */
static u32 swap_bytes(u32 v, unsigned int len)
{
	if (len == 4)
		return (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) |
		       (v << 24);
	if (len == 2)
		return ((v & 0xff) << 8) | ((v >> 8) & 0xff);
	return v & 0xff;
}

/**
 * umbra_ldst_load_value() - the value a decoded load writes to Rt.
 * @ld:   the decoded load
 * @data: the bytes read, in guest address order from bit 0 up (a
 *        little-endian u32), in the low @ld->len bytes
 *
 * Return: the value the bytes make in the guest's data endianness
 * (@ld->big_endian, A2.4.3), zero- or sign-extended from @ld->len bytes.
 */
u32 umbra_ldst_load_value(const struct umbra_ldst *ld, u32 data)
{
	if (ld->big_endian)
		data = swap_bytes(data, ld->len);
	if (ld->len == 4)
		return data;
	if (ld->len == 2)
		return ld->sign_extend ? (u32)(s32)(s16)data : data & 0xffff;
	return ld->sign_extend ? (u32)(s32)(s8)data : data & 0xff;
}

/**
 * umbra_ldst_store_data() - the bytes a decoded store writes.
 * @ld:    the decoded store
 * @value: the value of Rt
 *
 * Return: the low @ld->len bytes of @value in the guest's data endianness
 * (@ld->big_endian), in guest address order from bit 0 up; other bytes 0.
 */
u32 umbra_ldst_store_data(const struct umbra_ldst *ld, u32 value)
{
	if (ld->big_endian)
		return swap_bytes(value, ld->len);
	return ld->len == 4 ? value : value & ((1u << (8 * ld->len)) - 1);
}
