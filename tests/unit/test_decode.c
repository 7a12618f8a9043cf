// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for the A32 and T32 load/store decoder
 * (kmod/core/decode.c). Encodings were produced by GNU as for ARMv7-A.
 */
#include "kselftest_harness.h"
#include "core/decode.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

static u32 regs[16];

static void reset_regs(void)
{
	int i;

	for (i = 0; i < 16; i++)
		regs[i] = 0x1000 * (i + 1);
	regs[15] = 0x40000008;	/* instruction at 0x40000000 */
}

struct ldst_case {
	const char *text;
	u32 insn;
	bool is_write;
	u8 len;
	bool sign_extend;
	u8 rt;
	u32 addr;
	bool writeback;
	u8 rn;
	u32 rn_value;
};

/* regs[n] = 0x1000 * (n + 1): r0 0x1000, r2 0x3000, r3 0x4000, ... */
static const struct ldst_case good[] = {
	{ "ldr r1, [r0]", 0xe5901000, false, 4, false, 1, 0x1000 },
	{ "ldr r2, [r3, #8]", 0xe5932008, false, 4, false, 2, 0x4008 },
	{ "ldr r2, [r3, #-8]", 0xe5132008, false, 4, false, 2, 0x3ff8 },
	{ "str r4, [r5, #12]!", 0xe5a5400c, true, 4, false, 4, 0x600c,
	  true, 5, 0x600c },
	{ "str r4, [r5], #-4", 0xe4054004, true, 4, false, 4, 0x6000,
	  true, 5, 0x5ffc },
	{ "ldrb r6, [r7, r8]", 0xe7d76008, false, 1, false, 6, 0x8000 + 0x9000 },
	{ "strb r6, [r7, -r8, lsl #2]", 0xe7476108, true, 1, false, 6,
	  0x8000 - (0x9000 << 2) },
	{ "ldr r1, [r2, r3, asr #4]", 0xe7921243, false, 4, false, 1,
	  0x3000 + (0x4000 >> 4) },
	{ "ldrh r1, [r2, #6]", 0xe1d210b6, false, 2, false, 1, 0x3006 },
	{ "strh r1, [r2], #2", 0xe0c210b2, true, 2, false, 1, 0x3000,
	  true, 2, 0x3002 },
	{ "ldrsb r1, [r2, r3]", 0xe19210d3, false, 1, true, 1, 0x7000 },
	{ "ldrsh r1, [r2, #-2]!", 0xe17210f2, false, 2, true, 1, 0x2ffe,
	  true, 2, 0x2ffe },
	{ "ldrt r1, [r2], #4", 0xe4b21004, false, 4, false, 1, 0x3000,
	  true, 2, 0x3004 },
	{ "ldr r1, [pc, #16]", 0xe59f1010, false, 4, false, 1,
	  0x40000008 + 16 },
};

TEST(decode_good_forms)
{
	unsigned int i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		const struct ldst_case *c = &good[i];
		struct umbra_ldst ld;

		reset_regs();
		TH_LOG("%s", c->text);
		ASSERT_EQ(0, umbra_decode_arm_ldst(c->insn, regs, 0, &ld));
		EXPECT_EQ(c->is_write, ld.is_write);
		EXPECT_EQ(c->len, ld.len);
		EXPECT_EQ(c->sign_extend, ld.sign_extend);
		EXPECT_EQ(c->rt, ld.rt);
		EXPECT_EQ(c->addr, ld.addr);
		EXPECT_EQ(c->writeback, ld.writeback);
		if (c->writeback) {
			EXPECT_EQ(c->rn, ld.rn);
			EXPECT_EQ(c->rn_value, ld.rn_value);
		}
	}
}

TEST(decode_rrx_uses_carry)
{
	struct umbra_ldst ld;

	reset_regs();
	regs[3] = 0x10;
	/* ldr r1, [r2, r3, rrx]: offset = (C << 31) | (r3 >> 1) */
	ASSERT_EQ(0, umbra_decode_arm_ldst(0xe7921063, regs, 0, &ld));
	EXPECT_EQ(0x3000 + 0x8, ld.addr);
	ASSERT_EQ(0, umbra_decode_arm_ldst(0xe7921063, regs, 1u << 29, &ld));
	EXPECT_EQ(0x3000u + 0x80000008u, ld.addr);
}

TEST(decode_rejects)
{
	static const u32 bad[] = {
		0xe1c200d0,	/* ldrd: doubleword */
		0xe590f000,	/* ldr pc, [r0]: load to PC */
		0xe4900004,	/* ldr r0, [r0], #4: Rn == Rt with writeback */
		0xe8900006,	/* ldm: multiple */
		0xee110f10,	/* mrc: not a load/store */
		0xf5d0f000,	/* pld: unconditional space */
		0xe7921013 | (1 << 4),	/* media space (bit 4 set) */
	};
	struct umbra_ldst ld;
	unsigned int i;

	reset_regs();
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		TH_LOG("insn %#x", bad[i]);
		EXPECT_EQ(-EINVAL, umbra_decode_arm_ldst(bad[i], regs, 0, &ld));
	}
}

TEST(load_value_extension)
{
	struct umbra_ldst ld = { .len = 1, .sign_extend = true };

	EXPECT_EQ(0xffffff80u, umbra_ldst_load_value(&ld, 0x80));
	ld.sign_extend = false;
	EXPECT_EQ(0x80u, umbra_ldst_load_value(&ld, 0xff80));
	ld.len = 2;
	ld.sign_extend = true;
	EXPECT_EQ(0xffff8001u, umbra_ldst_load_value(&ld, 0x8001));
	ld.len = 4;
	EXPECT_EQ(0xdeadbeefu, umbra_ldst_load_value(&ld, 0xdeadbeef));
}

/*
 * Systematic tests against an independent reference: the expected access
 * is computed from the fields an encoder put into the instruction, after
 * the ARM ARM pseudocode (A8.8.62ff LDR/STR*, A8.4.3 Shift_C), with 64-bit
 * arithmetic for the shifts instead of the decoder's special cases.
 */
struct ref {
	int ret;
	struct umbra_ldst ld;
};

/* DecodeImmShift + Shift_C (A8.4.3), computed in 64 bits. */
static u32 ref_shift(u32 rm, u32 type, u32 imm5, bool carry)
{
	u32 n = imm5 ? imm5 : 32;

	switch (type) {
	case 0:
		return (u32)((uint64_t)rm << imm5);
	case 1:
		return (u32)((uint64_t)rm >> n);
	case 2:
		return (u32)((int64_t)(int32_t)rm >> n);
	default:
		if (!imm5)
			return ((u32)carry << 31) | (rm >> 1);
		return (u32)((((uint64_t)rm << 32) | rm) >> imm5);
	}
}

static void ref_addr(struct ref *r, u32 p, u32 u, u32 w, u32 rn, u32 rt,
		     u32 offset)
{
	u32 base = regs[rn];
	u32 offset_addr = u ? base + offset : base - offset;
	bool wback = !p || w;

	r->ld.rt = rt;
	r->ld.rn = rn;
	r->ld.addr = p ? offset_addr : base;
	r->ld.writeback = wback;
	r->ld.rn_value = offset_addr;
	/* load/store to PC refused; wback with n == 15 or n == t UNPREDICTABLE */
	if (rt == 15 || (wback && (rn == 15 || rn == rt)))
		r->ret = -EINVAL;
}

/*
 * The reference decoder, by classes of the ARM ARM's tables A5-1 (cond),
 * A5-15 (load/store word and unsigned byte) and A5-10/A5-11 (extra
 * load/store): fields are taken apart one by one.
 */
static struct ref reference(u32 insn, u32 cpsr)
{
	u32 cond = insn >> 28, op1 = (insn >> 25) & 7;
	u32 p = (insn >> 24) & 1, u = (insn >> 23) & 1, b = (insn >> 22) & 1;
	u32 w = (insn >> 21) & 1, l = (insn >> 20) & 1;
	u32 rn = (insn >> 16) & 15, rt = (insn >> 12) & 15, rm = insn & 15;
	u32 op2 = (insn >> 5) & 3;
	struct ref r;

	memset(&r, 0, sizeof(r));
	r.ret = -EINVAL;
	if (cond == 15)
		return r;
	if (op1 == 2 || (op1 == 3 && !((insn >> 4) & 1))) {
		u32 off = op1 == 2 ? insn & 0xfff :
			  ref_shift(regs[rm], op2, (insn >> 7) & 31,
				    cpsr & (1u << 29));

		r.ret = 0;
		r.ld.is_write = !l;
		r.ld.len = b ? 1 : 4;
		ref_addr(&r, p, u, w, rn, rt, off);
		if (op1 == 3 && rm == 15)
			r.ret = -EINVAL;
	} else if (op1 == 0 && ((insn >> 4) & 1) && ((insn >> 7) & 1) &&
		   op2 != 0) {
		bool imm = b;	/* bit 22 */

		if (!l && op2 != 1)
			return r;	/* LDRD/STRD: not decoded */
		r.ret = 0;
		r.ld.is_write = !l;
		r.ld.len = op2 == 2 ? 1 : 2;
		r.ld.sign_extend = l && op2 >= 2;
		ref_addr(&r, p, u, w, rn, rt, imm ?
			 (((insn >> 8) & 15) << 4) | rm : regs[rm]);
		if (!imm && (((insn >> 8) & 15) || rm == 15))
			r.ret = -EINVAL;
	}
	r.ld.big_endian = cpsr & UMBRA_PSR_E;
	return r;
}

static int check_against_reference(struct __test_metadata *_metadata,
				   u32 insn, u32 cpsr)
{
	struct ref want = reference(insn, cpsr);
	struct umbra_ldst ld;
	int ret = umbra_decode_arm_ldst(insn, regs, cpsr, &ld);

	if (ret != want.ret) {
		TH_LOG("insn %#010x cpsr %#x: returned %d, expected %d", insn,
		       cpsr, ret, want.ret);
		return 1;
	}
	if (ret)
		return 0;
	if (ld.is_write != want.ld.is_write || ld.len != want.ld.len ||
	    ld.sign_extend != want.ld.sign_extend || ld.rt != want.ld.rt ||
	    ld.addr != want.ld.addr || ld.writeback != want.ld.writeback ||
	    ld.big_endian != want.ld.big_endian ||
	    (ld.writeback && (ld.rn != want.ld.rn ||
			      ld.rn_value != want.ld.rn_value))) {
		TH_LOG("insn %#010x: w%d len %d s%d rt %d addr %#x wb%d rn %d->%#x be%d; expected w%d len %d s%d rt %d addr %#x wb%d rn %d->%#x be%d",
		       insn, ld.is_write, ld.len, ld.sign_extend, ld.rt,
		       ld.addr, ld.writeback, ld.rn, ld.rn_value,
		       ld.big_endian, want.ld.is_write, want.ld.len,
		       want.ld.sign_extend, want.ld.rt, want.ld.addr,
		       want.ld.writeback, want.ld.rn, want.ld.rn_value,
		       want.ld.big_endian);
		return 1;
	}
	return 0;
}

/* distinct register values with varied top bits, for shifts and carries */
static void scramble_regs(void)
{
	int i;

	for (i = 0; i < 15; i++)
		regs[i] = 0x9e3779b9u * (i + 1) ^ (0x00010000u << i);
	regs[15] = 0x40000008;
}

/* LDR/STR/LDRB/STRB(T), immediate: every P/U/B/W/L, Rn, Rt, cond, imm12 bit */
TEST(systematic_word_byte_immediate)
{
	static const u32 imms[] = { 0, 1, 4, 0x7ff, 0x800, 0xfff, 0x555 };
	u32 op, rn, rt, i, cond, fails = 0;

	scramble_regs();
	for (cond = 0; cond < 16; cond++)
		for (op = 0; op < 32; op++)	/* P U B W L */
			for (rn = 0; rn < 16; rn++)
				for (rt = 0; rt < 16; rt++)
					for (i = 0; i < 7; i++)
						fails += check_against_reference(
							_metadata,
							cond << 28 | 2 << 25 |
							op << 20 | rn << 16 |
							rt << 12 | imms[i], 0);
	EXPECT_EQ(0, fails);
}

/* ... register offset: every Rm, shift type and amount, carry in, bit 4 */
TEST(systematic_word_byte_register)
{
	u32 op, rn, rt, rm, type, imm5, bit4, c, fails = 0;

	scramble_regs();
	for (op = 0; op < 32; op++)
		for (rn = 0; rn < 16; rn++)
			for (rt = 0; rt < 16; rt += 5)
				for (rm = 0; rm < 16; rm++)
					for (type = 0; type < 4; type++)
						for (imm5 = 0; imm5 < 32; imm5++)
							for (bit4 = 0; bit4 < 2; bit4++)
								for (c = 0; c < 2; c++)
									fails += check_against_reference(_metadata,
										0xe6000000 | op << 20 | rn << 16 |
										rt << 12 | imm5 << 7 | type << 5 |
										bit4 << 4 | rm, c << 29);
	EXPECT_EQ(0, fails);
}

/*
 * Extra load/store (halfword, signed byte/halfword, dual, unprivileged):
 * every P/U/I/W/L, op2, Rn, Rt, Rm or imm4H:imm4L, and the SBZ bits [11:8]
 * of the register form.
 */
TEST(systematic_extra_load_store)
{
	u32 op, op2, rn, rt, lo, hi, fails = 0;

	scramble_regs();
	for (op = 0; op < 32; op++)
		for (op2 = 0; op2 < 4; op2++)
			for (rn = 0; rn < 16; rn++)
				for (rt = 0; rt < 16; rt++)
					for (lo = 0; lo < 16; lo++)
						for (hi = 0; hi < 16; hi += 3)
							fails += check_against_reference(
								_metadata,
								0xe0000090 | op << 20 |
								rn << 16 | rt << 12 |
								hi << 8 | op2 << 5 | lo,
								UMBRA_PSR_E);
	EXPECT_EQ(0, fails);
}

/* 2^22 pseudo-random words, every class mixed, with random flags */
TEST(random_words)
{
	u32 x = 0x2545f491, i, fails = 0;

	scramble_regs();
	for (i = 0; i < (1u << 22); i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		fails += check_against_reference(_metadata, x,
						 (x * 0x9e3779b9u) & 0xf0000200u);
		if (fails > 10)
			break;
	}
	EXPECT_EQ(0, fails);
}

/* Big-endian data (CPSR.E, SETEND BE): byte order of MMIO data (A2.4.3) */
TEST(big_endian_data)
{
	struct umbra_ldst ld = { .len = 4, .big_endian = true };

	/* the bytes 11 22 33 44 at increasing addresses make 0x11223344 */
	EXPECT_EQ(0x11223344u, umbra_ldst_load_value(&ld, 0x44332211));
	EXPECT_EQ(0x44332211u, umbra_ldst_store_data(&ld, 0x11223344));
	ld.len = 2;
	ld.sign_extend = true;
	EXPECT_EQ(0xffff8001u, umbra_ldst_load_value(&ld, 0x0180));
	EXPECT_EQ(0x0180u, umbra_ldst_store_data(&ld, 0xabcd8001));
	ld.len = 1;
	EXPECT_EQ(0xffffff80u, umbra_ldst_load_value(&ld, 0x80));
	EXPECT_EQ(0x80u, umbra_ldst_store_data(&ld, 0x12345680));
	ld.big_endian = false;
	ld.len = 2;
	EXPECT_EQ(0x8001u, umbra_ldst_store_data(&ld, 0xabcd8001));
	ld.len = 4;
	EXPECT_EQ(0x11223344u, umbra_ldst_store_data(&ld, 0x11223344));
}

/*
 * Thumb: a reference built from the encoding diagrams as mask/value
 * patterns (ARM ARM A8.8: LDR/STR/LDRB/STRB/LDRH/STRH/LDRSB/LDRSH), each
 * with its own field extraction, checked against the decoder for every
 * 16-bit halfword and for all 32-bit load/store single encodings.
 */
enum tform { T_NONE, T_IMM, T_REG, T_LIT, T_SP, T_IMM12, T_IMM8, T_REG32,
	     T_LIT32 };

struct tpat {
	u32 mask, value;
	enum tform form;
	u8 len;
	bool load, sign;
	unsigned int scale;	/* 16-bit immediates: imm5 << scale */
};

static const struct tpat tpats16[] = {
	{ 0xfe00, 0x5000, T_REG, 4, false, false },	/* STR (register) */
	{ 0xfe00, 0x5200, T_REG, 2, false, false },	/* STRH */
	{ 0xfe00, 0x5400, T_REG, 1, false, false },	/* STRB */
	{ 0xfe00, 0x5600, T_REG, 1, true, true },	/* LDRSB */
	{ 0xfe00, 0x5800, T_REG, 4, true, false },	/* LDR */
	{ 0xfe00, 0x5a00, T_REG, 2, true, false },	/* LDRH */
	{ 0xfe00, 0x5c00, T_REG, 1, true, false },	/* LDRB */
	{ 0xfe00, 0x5e00, T_REG, 2, true, true },	/* LDRSH */
	{ 0xf800, 0x6000, T_IMM, 4, false, false, 2 },	/* STR (imm) T1 */
	{ 0xf800, 0x6800, T_IMM, 4, true, false, 2 },	/* LDR (imm) T1 */
	{ 0xf800, 0x7000, T_IMM, 1, false, false, 0 },	/* STRB (imm) T1 */
	{ 0xf800, 0x7800, T_IMM, 1, true, false, 0 },	/* LDRB (imm) T1 */
	{ 0xf800, 0x8000, T_IMM, 2, false, false, 1 },	/* STRH (imm) T1 */
	{ 0xf800, 0x8800, T_IMM, 2, true, false, 1 },	/* LDRH (imm) T1 */
	{ 0xf800, 0x9000, T_SP, 4, false, false },	/* STR (imm) T2 */
	{ 0xf800, 0x9800, T_SP, 4, true, false },	/* LDR (imm) T2 */
	{ 0xf800, 0x4800, T_LIT, 4, true, false },	/* LDR (literal) T1 */
};

/* first halfword patterns of the 32-bit forms (A6.3.7-A6.3.10) */
static const struct tpat tpats32[] = {
	{ 0xfff0, 0xf880, T_IMM12, 1, false, false },	/* STRB T2 */
	{ 0xfff0, 0xf800, T_IMM8, 1, false, false },	/* STRB T3/reg */
	{ 0xfff0, 0xf8a0, T_IMM12, 2, false, false },	/* STRH T2 */
	{ 0xfff0, 0xf820, T_IMM8, 2, false, false },
	{ 0xfff0, 0xf8c0, T_IMM12, 4, false, false },	/* STR T3 */
	{ 0xfff0, 0xf840, T_IMM8, 4, false, false },
	{ 0xfff0, 0xf890, T_IMM12, 1, true, false },	/* LDRB T2 */
	{ 0xfff0, 0xf810, T_IMM8, 1, true, false },
	{ 0xfff0, 0xf8b0, T_IMM12, 2, true, false },	/* LDRH T2 */
	{ 0xfff0, 0xf830, T_IMM8, 2, true, false },
	{ 0xfff0, 0xf8d0, T_IMM12, 4, true, false },	/* LDR T3 */
	{ 0xfff0, 0xf850, T_IMM8, 4, true, false },
	{ 0xfff0, 0xf990, T_IMM12, 1, true, true },	/* LDRSB T1 */
	{ 0xfff0, 0xf910, T_IMM8, 1, true, true },
	{ 0xfff0, 0xf9b0, T_IMM12, 2, true, true },	/* LDRSH T1 */
	{ 0xfff0, 0xf930, T_IMM8, 2, true, true },
};

static struct ref thumb_reference(u32 insn)
{
	u32 hw1 = insn >> 16, hw2 = insn & 0xffff, i, rn, rt, off;
	bool p = true, u = true, w = false;
	const struct tpat *t = NULL;
	struct ref r;

	memset(&r, 0, sizeof(r));
	r.ret = -EINVAL;
	if ((hw1 >> 11) < 0x1d) {
		for (i = 0; i < ARRAY_SIZE(tpats16); i++)
			if ((hw1 & tpats16[i].mask) == tpats16[i].value)
				t = &tpats16[i];
		if (!t)
			return r;
		r.ld.insn_len = 2;
		rt = hw1 & 7;
		rn = (hw1 >> 3) & 7;
		if (t->form == T_REG)
			off = regs[(hw1 >> 6) & 7];
		else if (t->form == T_IMM)
			off = ((hw1 >> 6) & 31) << t->scale;
		else {
			rt = (hw1 >> 8) & 7;
			rn = t->form == T_SP ? 13 : 15;
			off = (hw1 & 0xff) * 4;
		}
	} else {
		for (i = 0; i < ARRAY_SIZE(tpats32); i++)
			if ((hw1 & tpats32[i].mask) == tpats32[i].value)
				t = &tpats32[i];
		r.ld.insn_len = 4;
		if (!t) {
			/* the literal forms: U in bit 7, Rn = 1111 */
			for (i = 0; i < ARRAY_SIZE(tpats32); i++)
				if (tpats32[i].load &&
				    ((hw1 | 0x80) & 0xfff0) == tpats32[i].value &&
				    (hw1 & 15) == 15)
					t = &tpats32[i];
			if (!t)
				return r;
		}
		rn = hw1 & 15;
		rt = hw2 >> 12;
		if (rt == 15 || (rt == 13 && t->len != 4))
			return r;	/* PC: branches, hints; BadReg */
		if (rn == 15) {
			if (!t->load)
				return r;
			u = (hw1 >> 7) & 1;
			off = hw2 & 0xfff;
		} else if (t->form == T_IMM12) {
			off = hw2 & 0xfff;
		} else if ((hw2 & 0x0fc0) == 0) {
			if ((hw2 & 15) == 13 || (hw2 & 15) == 15)
				return r;
			off = regs[hw2 & 15] << ((hw2 >> 4) & 3);
		} else if ((hw2 & 0x0800) && ((hw2 & 0x0400) || (hw2 & 0x0100))) {
			p = (hw2 >> 10) & 1;
			u = (hw2 >> 9) & 1;
			w = (hw2 >> 8) & 1;
			off = hw2 & 0xff;
			if (w && rn == rt)
				return r;
		} else {
			return r;
		}
	}
	r.ret = 0;
	r.ld.is_write = !t->load;
	r.ld.len = t->len;
	r.ld.sign_extend = t->sign;
	r.ld.rt = rt;
	r.ld.rn = rn;
	{
		u32 base = rn == 15 ? (regs[15] & ~3u) : regs[rn];
		u32 oa = u ? base + off : base - off;

		r.ld.addr = p ? oa : base;
		r.ld.writeback = w;
		r.ld.rn_value = oa;
	}
	return r;
}

static int check_thumb(struct __test_metadata *_metadata, u32 insn)
{
	struct ref want = thumb_reference(insn);
	struct umbra_ldst ld;
	int ret = umbra_decode_thumb_ldst(insn, regs, 0, &ld);

	if (ret != want.ret) {
		TH_LOG("thumb %#010x: returned %d, expected %d", insn, ret,
		       want.ret);
		return 1;
	}
	if (ret)
		return 0;
	if (ld.is_write != want.ld.is_write || ld.len != want.ld.len ||
	    ld.sign_extend != want.ld.sign_extend || ld.rt != want.ld.rt ||
	    ld.addr != want.ld.addr || ld.writeback != want.ld.writeback ||
	    ld.insn_len != want.ld.insn_len ||
	    (ld.writeback && (ld.rn != want.ld.rn ||
			      ld.rn_value != want.ld.rn_value))) {
		TH_LOG("thumb %#010x: w%d len %d s%d rt %d addr %#x wb%d rn %d->%#x il %d; expected w%d len %d s%d rt %d addr %#x wb%d rn %d->%#x il %d",
		       insn, ld.is_write, ld.len, ld.sign_extend, ld.rt,
		       ld.addr, ld.writeback, ld.rn, ld.rn_value, ld.insn_len,
		       want.ld.is_write, want.ld.len, want.ld.sign_extend,
		       want.ld.rt, want.ld.addr, want.ld.writeback, want.ld.rn,
		       want.ld.rn_value, want.ld.insn_len);
		return 1;
	}
	return 0;
}

/* every 16-bit halfword (the second halfword is ignored for them) */
TEST(thumb16_exhaustive)
{
	u32 hw, fails = 0;

	scramble_regs();
	regs[15] = 0x40000006;	/* insn at 0x40000002: Align(PC, 4) matters */
	for (hw = 0; hw < 0xe800; hw++)
		fails += check_thumb(_metadata, hw << 16 | 0xffff);
	EXPECT_EQ(0, fails);
}

/*
 * 32-bit: every first halfword 1111100x xxxx xxxx, and second halfwords
 * with every Rt and every value of bits [11:0] for a few Rt; plus 2^20
 * random words.
 */
TEST(thumb32_systematic)
{
	u32 hw1, hw2, fails = 0, x = 0x1234567;
	int i;

	scramble_regs();
	regs[15] = 0x40000006;
	for (hw1 = 0xf800; hw1 < 0xfa00; hw1++) {
		for (hw2 = 0; hw2 < 0x10000; hw2 += 0x1000)
			fails += check_thumb(_metadata, hw1 << 16 | hw2 | 0x9c3);
		for (hw2 = 0; hw2 < 0x1000; hw2++) {
			fails += check_thumb(_metadata, hw1 << 16 | 0x2000 | hw2);
			fails += check_thumb(_metadata, hw1 << 16 | 0xd000 | hw2);
		}
		if (fails > 10)
			break;
	}
	for (i = 0; i < (1 << 20) && fails <= 10; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		fails += check_thumb(_metadata, x);
	}
	EXPECT_EQ(0, fails);
}

/* Encodings from GNU as, for the reference itself */
TEST(thumb_known_encodings)
{
	static const struct { const char *text; u32 insn; u8 len, il;
			      bool w; int rt; u32 addr; } k[] = {
		{ "str r1, [r7]", 0x60390000, 4, 2, true, 1, 0 },
		{ "ldrb r2, [r3, #5]", 0x795a0000, 1, 2, false, 2, 5 },
		{ "ldrsh r0, [r1, r2]", 0x5e880000, 2, 2, false, 0, 0 },
		{ "ldr r3, [sp, #8]", 0x9b020000, 4, 2, false, 3, 8 },
		{ "ldr.w r1, [r2, #0x123]", 0xf8d21123, 4, 4, false, 1, 0x123 },
		{ "strh.w r4, [r5, #-2]", 0xf8254c02, 2, 4, true, 4, -2u },
		{ "ldrsb.w r6, [r7, r8, lsl #2]", 0xf9176028, 1, 4, false,
		  6, 4 },
	};
	struct umbra_ldst ld;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(k); i++) {
		memset(regs, 0, sizeof(regs));	/* every base register 0 */
		regs[8] = 1;
		TH_LOG("%s", k[i].text);
		ASSERT_EQ(0, umbra_decode_thumb_ldst(k[i].insn, regs, 0, &ld));
		EXPECT_EQ(k[i].len, ld.len);
		EXPECT_EQ(k[i].il, ld.insn_len);
		EXPECT_EQ(k[i].w, ld.is_write);
		EXPECT_EQ(k[i].rt, ld.rt);
		EXPECT_EQ(k[i].addr, ld.addr);
		EXPECT_EQ(0, check_thumb(_metadata, k[i].insn));
	}
}

TEST_HARNESS_MAIN
