// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of kmod/core/vfp.c: which trapped instructions are guest
 * Floating-point/Advanced SIMD ones, VMRS/VMSR decoding, CPACR rules,
 * conditions and ITSTATE.
 */
#include "kselftest_harness.h"
#include "core/vfp.h"
#include "core/exception.h"

struct vfp_case {
	u32 insn;
	bool thumb;
	enum umbra_vfp_class class;
	bool read;
	u8 reg, rt;
};

/* Encodings from GNU as (arm-linux-gnueabihf-as -march=armv7-a) */
static const struct vfp_case cases[] = {
	{ 0xeef80a10, false, UMBRA_VFP_SYSREG, true, 8, 0 },	/* vmrs r0, fpexc */
	{ 0xeee83a10, false, UMBRA_VFP_SYSREG, false, 8, 3 },	/* vmsr fpexc, r3 */
	{ 0xeef02a10, false, UMBRA_VFP_SYSREG, true, 0, 2 },	/* vmrs r2, fpsid */
	{ 0xeef74a10, false, UMBRA_VFP_SYSREG, true, 7, 4 },	/* vmrs r4, mvfr0 */
	{ 0xeef65a10, false, UMBRA_VFP_SYSREG, true, 6, 5 },	/* vmrs r5, mvfr1 */
	{ 0x0ef80a10, false, UMBRA_VFP_SYSREG, true, 8, 0 },	/* vmrseq r0, fpexc */
	{ 0xeef11a10, false, UMBRA_VFP_INSN },	/* vmrs r1, fpscr */
	{ 0xeef1fa10, false, UMBRA_VFP_INSN },	/* vmrs APSR_nzcv, fpscr */
	{ 0xee310b02, false, UMBRA_VFP_INSN },	/* vadd.f64 d0, d1, d2 */
	{ 0xec900b20, false, UMBRA_VFP_INSN },	/* vldmia r0, {d0-d15} */
	{ 0xed913b02, false, UMBRA_VFP_INSN },	/* vldr d3, [r1, #8] */
	{ 0xec510b15, false, UMBRA_VFP_INSN },	/* vmov r0, r1, d5 */
	{ 0xee012a90, false, UMBRA_VFP_INSN },	/* vmov s3, r2 */
	{ 0xf2220844, false, UMBRA_VFP_INSN },	/* vadd.i32 q0, q1, q2 */
	{ 0xf420078f, false, UMBRA_VFP_INSN },	/* vld1.32 {d0}, [r0] */
	{ 0xee110f50, false, UMBRA_VFP_NONE },	/* mrc p15 CPACR */
	{ 0xe7f000f0, false, UMBRA_VFP_NONE },	/* udf #0 */
	{ 0xfe000a00, false, UMBRA_VFP_NONE },	/* cdp2 p10: not VFP */
	{ 0xeef80a10, true, UMBRA_VFP_SYSREG, true, 8, 0 },	/* vmrs r0, fpexc */
	{ 0xeee83a10, true, UMBRA_VFP_SYSREG, false, 8, 3 },	/* vmsr fpexc, r3 */
	{ 0xee310b02, true, UMBRA_VFP_INSN },	/* vadd.f64 d0, d1, d2 */
	{ 0xef220844, true, UMBRA_VFP_INSN },	/* vadd.i32 q0, q1, q2 */
	{ 0xf920078f, true, UMBRA_VFP_INSN },	/* vld1.32 {d0}, [r0] */
	{ 0xee200a81, true, UMBRA_VFP_INSN },	/* vmul.f32 s0, s1, s2 */
	{ 0xee110f50, true, UMBRA_VFP_NONE },	/* mrc p15 CPACR */
	{ 0xfef80a10, true, UMBRA_VFP_INSN },	/* T=1 coproc 10: see below */
};

TEST(decode)
{
	struct umbra_vfp_insn vi;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct vfp_case *c = &cases[i];

		umbra_decode_vfp(c->insn, c->thumb, &vi);
		/* T32 0b1111 11xx with coproc 101x is UNDEFINED in v7 */
		if (c->thumb && (c->insn >> 26) == 0x3f) {
			EXPECT_EQ(UMBRA_VFP_NONE, vi.class);
			continue;
		}
		EXPECT_EQ(c->class, vi.class) TH_LOG("%#x thumb %d",
						     c->insn, c->thumb);
		if (c->class != UMBRA_VFP_SYSREG)
			continue;
		EXPECT_EQ(c->read, vi.read) TH_LOG("%#x", c->insn);
		EXPECT_EQ(c->reg, vi.reg) TH_LOG("%#x", c->insn);
		EXPECT_EQ(c->rt, vi.rt) TH_LOG("%#x", c->insn);
	}
}

TEST(cpacr)
{
	/* cp10 = cp11: 00 deny, 01 PL1, 10 reserved, 11 full (B4.1.40) */
	EXPECT_FALSE(umbra_vfp_cpacr_allows(0, true));
	EXPECT_FALSE(umbra_vfp_cpacr_allows(0, false));
	EXPECT_TRUE(umbra_vfp_cpacr_allows(0x00500000, true));
	EXPECT_FALSE(umbra_vfp_cpacr_allows(0x00500000, false));
	EXPECT_FALSE(umbra_vfp_cpacr_allows(0x00a00000, true));
	EXPECT_FALSE(umbra_vfp_cpacr_allows(0x00a00000, false));
	EXPECT_TRUE(umbra_vfp_cpacr_allows(0x00f00000, true));
	EXPECT_TRUE(umbra_vfp_cpacr_allows(0x00f00000, false));
	EXPECT_FALSE(umbra_vfp_cpacr_allows(0xff0fffff, true));
}

TEST(conditions)
{
	const u32 n = 1u << 31, z = 1u << 30, c = 1u << 29, v = 1u << 28;

	EXPECT_TRUE(umbra_condition_passed(0x0, z));		/* EQ */
	EXPECT_FALSE(umbra_condition_passed(0x0, 0));
	EXPECT_TRUE(umbra_condition_passed(0x1, 0));		/* NE */
	EXPECT_TRUE(umbra_condition_passed(0x8, c));		/* HI */
	EXPECT_FALSE(umbra_condition_passed(0x8, c | z));
	EXPECT_TRUE(umbra_condition_passed(0xa, n | v));	/* GE */
	EXPECT_FALSE(umbra_condition_passed(0xa, n));
	EXPECT_FALSE(umbra_condition_passed(0xc, z));	/* GT */
	EXPECT_TRUE(umbra_condition_passed(0xd, z));		/* LE */
	EXPECT_TRUE(umbra_condition_passed(0xe, 0));		/* AL */
	EXPECT_EQ(0x0u, umbra_insn_cond(0x0ef80a10, false, 0));
}

/* IT[7:0] is CPSR[15:10] (IT[7:2]) and CPSR[26:25] (IT[1:0]) */
static u32 it_cpsr(u32 it)
{
	return ((it & 0xfc) << 8) | ((it & 3) << 25) | 0x30;
}

TEST(itstate)
{
	/* ITE EQ: firstcond 0000, mask 1100 -> IT = 0x0c; then 0x18 (NE) */
	u32 cpsr = it_cpsr(0x0c);

	EXPECT_EQ(0x0u, umbra_insn_cond(0xeef80a10, true, cpsr));
	cpsr = umbra_it_advance(cpsr);
	EXPECT_EQ(it_cpsr(0x18), cpsr);
	EXPECT_EQ(0x1u, umbra_insn_cond(0xeef80a10, true, cpsr));
	cpsr = umbra_it_advance(cpsr);
	EXPECT_EQ(it_cpsr(0), cpsr);
	EXPECT_EQ(0xeu, umbra_insn_cond(0xeef80a10, true, cpsr));
	EXPECT_EQ(0x30u, umbra_it_advance(0x30));
}

TEST_HARNESS_MAIN
