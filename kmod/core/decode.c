// SPDX-License-Identifier: GPL-2.0
/*
 * ARM-state (A32) single load/store decoding for MMIO emulation.
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
