// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for the A32 load/store decoder (kmod/core/decode.c).
 * Encodings were produced by GNU as for ARMv7-A.
 */
#include "kselftest_harness.h"
#include "core/decode.h"

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

TEST_HARNESS_MAIN
