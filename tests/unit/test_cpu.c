// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of the virtual CPU's portable parts: MRC/MCR decoding
 * (kmod/core/cp15.c; encodings from GNU as, ARM ARM A8.8.99/A8.8.108) and
 * exception entry and return (kmod/core/exception.c, after the pseudocode
 * of ARM ARM B1.9).
 */
#include "kselftest_harness.h"
#include "core/cp15.h"
#include "core/exception.h"
#include "core/vcpu_regs.h"

TEST(decode_mrc_mcr)
{
	struct umbra_cp15_access a;

	/* mrc p15, 0, r0, c1, c0, 0 (SCTLR) */
	ASSERT_EQ(0, umbra_decode_cp15(0xee110f10, false, &a));
	EXPECT_TRUE(a.read);
	EXPECT_EQ(0, a.rt);
	EXPECT_EQ(UMBRA_CP15_KEY(0, 1, 0, 0), a.key);
	/* mcr p15, 0, r3, c2, c0, 1 (TTBR1) */
	ASSERT_EQ(0, umbra_decode_cp15(0xee023f30, false, &a));
	EXPECT_FALSE(a.read);
	EXPECT_EQ(3, a.rt);
	EXPECT_EQ(UMBRA_CP15_KEY(0, 2, 0, 1), a.key);
	/* mcr p15, 0, ip, c8, c7, 1 (TLBIMVA) */
	ASSERT_EQ(0, umbra_decode_cp15(0xee08cf37, false, &a));
	EXPECT_EQ(12, a.rt);
	EXPECT_EQ(UMBRA_CP15_KEY(0, 8, 7, 1), a.key);
	/* mrc p15, 1, r5, c0, c0, 1 (CLIDR): opc1 */
	ASSERT_EQ(0, umbra_decode_cp15(0xee305f30, false, &a));
	EXPECT_EQ(UMBRA_CP15_KEY(1, 0, 0, 1), a.key);
	/* a condition code is fine in ARM state: mrceq ... c13, c0, 3 */
	ASSERT_EQ(0, umbra_decode_cp15(0x0e1d7f70, false, &a));
	EXPECT_EQ(7, a.rt);
	EXPECT_EQ(UMBRA_CP15_KEY(0, 13, 0, 3), a.key);
}

TEST(decode_thumb)
{
	struct umbra_cp15_access a;

	/* T1: first halfword in bits 31:16 */
	ASSERT_EQ(0, umbra_decode_cp15(0xee111f10, true, &a));
	EXPECT_TRUE(a.read);
	EXPECT_EQ(1, a.rt);
	EXPECT_EQ(UMBRA_CP15_KEY(0, 1, 0, 0), a.key);
	ASSERT_EQ(0, umbra_decode_cp15(0xee0c2f10, true, &a));
	EXPECT_FALSE(a.read);
	EXPECT_EQ(UMBRA_CP15_KEY(0, 12, 0, 0), a.key);
	/* a Thumb word must start 0b1110: a conditional form is not T1 */
	EXPECT_EQ(-EINVAL, umbra_decode_cp15(0x0e1d7f70, true, &a));
}

TEST(decode_rejects)
{
	struct umbra_cp15_access a;

	EXPECT_EQ(-EINVAL, umbra_decode_cp15(0xee100e10, false, &a)); /* p14 */
	EXPECT_EQ(-EINVAL, umbra_decode_cp15(0xfe010f10, false, &a)); /* mcr2 */
	EXPECT_EQ(-EINVAL, umbra_decode_cp15(0xee17ff7a, false, &a)); /* Rt=PC */
	EXPECT_EQ(-EINVAL, umbra_decode_cp15(0xe5901000, false, &a)); /* ldr */
	EXPECT_EQ(-EINVAL, umbra_decode_cp15(0xee110f00, false, &a)); /* cdp */
}

static void reset_regs(struct umbra_regs *r, struct umbra_cp15 *c)
{
	memset(r, 0, sizeof(*r));
	umbra_cp15_reset(c);
	c->vbar = 0x40001000;
}

/* TakeDataAbortException: LR = PC + 8, ABT mode, I and A set, VBAR + 0x10 */
TEST(data_abort_entry)
{
	struct umbra_regs r;
	struct umbra_cp15 c;

	reset_regs(&r, &c);
	r.cpsr = UMBRA_PSR_MODE_USR | 0xf0000000 | (1u << 10);	/* IT */
	r.pc = 0x8000;
	umbra_exception_enter(&r, &c, UMBRA_VEXC_DABT, r.pc);
	EXPECT_EQ(UMBRA_PSR_MODE_ABT, r.cpsr & UMBRA_PSR_MODE_MASK);
	EXPECT_TRUE(r.cpsr & UMBRA_PSR_I);
	EXPECT_TRUE(r.cpsr & UMBRA_PSR_A);
	EXPECT_FALSE(r.cpsr & UMBRA_PSR_F);
	EXPECT_EQ(0xf0000000u, r.cpsr & 0xf0000000u);	/* flags kept */
	EXPECT_EQ(0u, r.cpsr & (1u << 10));		/* IT cleared */
	EXPECT_EQ(0x8008u, r.abt_regs[1]);
	EXPECT_EQ(UMBRA_PSR_MODE_USR | 0xf0000000u | (1u << 10),
		  r.abt_regs[2]);
	EXPECT_EQ(0x40001010u, r.pc);
}

/* Undefined: LR = insn + 4 (ARM) or + 2 (Thumb); A not set; UND mode */
TEST(undef_entry_arm_thumb)
{
	struct umbra_regs r;
	struct umbra_cp15 c;

	reset_regs(&r, &c);
	r.cpsr = UMBRA_PSR_MODE_SVC;
	umbra_exception_enter(&r, &c, UMBRA_VEXC_UND, 0x9000);
	EXPECT_EQ(UMBRA_PSR_MODE_UND, r.cpsr & UMBRA_PSR_MODE_MASK);
	EXPECT_FALSE(r.cpsr & UMBRA_PSR_A);
	EXPECT_EQ(0x9004u, r.und_regs[1]);
	EXPECT_EQ(0x40001004u, r.pc);

	reset_regs(&r, &c);
	r.cpsr = UMBRA_PSR_MODE_SVC | UMBRA_PSR_T;
	umbra_exception_enter(&r, &c, UMBRA_VEXC_UND, 0x9000);
	EXPECT_EQ(0x9002u, r.und_regs[1]);
	EXPECT_FALSE(r.cpsr & UMBRA_PSR_T);	/* SCTLR.TE == 0 */
}

/* SVC: LR = the next instruction; high vectors with SCTLR.V; TE -> T */
TEST(svc_entry_high_vectors_te)
{
	struct umbra_regs r;
	struct umbra_cp15 c;

	reset_regs(&r, &c);
	c.mmu.sctlr |= UMBRA_SCTLR_V | UMBRA_SCTLR_TE;
	r.cpsr = UMBRA_PSR_MODE_USR;
	r.usr_regs[13] = 0x1111;
	umbra_exception_enter(&r, &c, UMBRA_VEXC_SVC, 0x7004);
	EXPECT_EQ(UMBRA_PSR_MODE_SVC, r.cpsr & UMBRA_PSR_MODE_MASK);
	EXPECT_EQ(0x7004u, r.svc_regs[1]);
	EXPECT_EQ(0xffff0008u, r.pc);
	EXPECT_TRUE(r.cpsr & UMBRA_PSR_T);
	EXPECT_EQ(0x1111u, r.usr_regs[13]);	/* the User bank untouched */
}

/* FIQ masks F as well; prefetch abort LR = insn + 4 */
TEST(fiq_and_prefetch_entry)
{
	struct umbra_regs r;
	struct umbra_cp15 c;

	reset_regs(&r, &c);
	r.cpsr = UMBRA_PSR_MODE_SVC;
	umbra_exception_enter(&r, &c, UMBRA_VEXC_FIQ, 0x100);
	EXPECT_EQ(UMBRA_PSR_MODE_FIQ, r.cpsr & UMBRA_PSR_MODE_MASK);
	EXPECT_TRUE(r.cpsr & UMBRA_PSR_F);
	EXPECT_EQ(0x104u, r.fiq_regs[6]);
	EXPECT_EQ(0x4000101cu, r.pc);

	reset_regs(&r, &c);
	r.cpsr = UMBRA_PSR_MODE_USR;
	umbra_exception_enter(&r, &c, UMBRA_VEXC_PABT, 0x200);
	EXPECT_EQ(0x204u, r.abt_regs[1]);
	EXPECT_EQ(0x4000100cu, r.pc);
}

/* Exception return: CPSR from the SPSR, PC aligned to the new state */
TEST(exception_return)
{
	struct umbra_regs r;
	struct umbra_cp15 c;

	reset_regs(&r, &c);
	r.cpsr = UMBRA_PSR_MODE_USR | 0x80000000u;
	umbra_exception_enter(&r, &c, UMBRA_VEXC_SVC, 0x5000);
	ASSERT_EQ(0, umbra_exception_return(&r, 0x5003));
	EXPECT_EQ(UMBRA_PSR_MODE_USR | 0x80000000u, r.cpsr);
	EXPECT_EQ(0x5000u, r.pc);	/* ARM: word aligned */

	r.cpsr = UMBRA_PSR_MODE_SVC;
	r.svc_regs[2] = UMBRA_PSR_MODE_USR | UMBRA_PSR_T;
	ASSERT_EQ(0, umbra_exception_return(&r, 0x6003));
	EXPECT_EQ(0x6002u, r.pc);	/* Thumb: halfword aligned */
	EXPECT_TRUE(r.cpsr & UMBRA_PSR_T);

	/* no SPSR in User and System modes; invalid SPSR modes refused */
	r.cpsr = UMBRA_PSR_MODE_USR;
	EXPECT_EQ(-EINVAL, umbra_exception_return(&r, 0));
	r.cpsr = UMBRA_PSR_MODE_SYS;
	EXPECT_EQ(-EINVAL, umbra_exception_return(&r, 0));
	r.cpsr = UMBRA_PSR_MODE_SVC;
	r.svc_regs[2] = 0x16;	/* Monitor */
	EXPECT_EQ(-EINVAL, umbra_exception_return(&r, 0));
	EXPECT_EQ(UMBRA_PSR_MODE_SVC, r.cpsr);	/* unchanged */
	r.svc_regs[2] = UMBRA_PSR_MODE_USR | UMBRA_PSR_J;
	EXPECT_EQ(-EINVAL, umbra_exception_return(&r, 0));
}

/* CPSR.E (SETEND BE) survives exception return; entry sets it from EE */
TEST(endianness_entry_return)
{
	struct umbra_regs r;
	struct umbra_cp15 c;

	reset_regs(&r, &c);
	r.cpsr = UMBRA_PSR_MODE_USR | UMBRA_PSR_E;
	umbra_exception_enter(&r, &c, UMBRA_VEXC_SVC, 0x5000);
	EXPECT_FALSE(r.cpsr & UMBRA_PSR_E);	/* SCTLR.EE == 0 */
	EXPECT_TRUE(r.svc_regs[2] & UMBRA_PSR_E);
	ASSERT_EQ(0, umbra_exception_return(&r, 0x5000));
	EXPECT_EQ(UMBRA_PSR_MODE_USR | UMBRA_PSR_E, r.cpsr);

	c.mmu.sctlr |= UMBRA_SCTLR_EE;
	r.cpsr = UMBRA_PSR_MODE_USR;
	umbra_exception_enter(&r, &c, UMBRA_VEXC_UND, 0x5000);
	EXPECT_TRUE(r.cpsr & UMBRA_PSR_E);
}

/* ConditionPassed() (A8.3, Table A8-1) for all 16 conditions x 16 NZCV */
TEST(condition_passed_all)
{
	u32 cond, f;

	for (cond = 0; cond < 16; cond++)
		for (f = 0; f < 16; f++) {
			bool n = f & 8, z = f & 4, c = f & 2, v = f & 1, want;

			switch (cond) {
			case 0: want = z; break;		/* EQ */
			case 1: want = !z; break;		/* NE */
			case 2: want = c; break;		/* CS */
			case 3: want = !c; break;		/* CC */
			case 4: want = n; break;		/* MI */
			case 5: want = !n; break;		/* PL */
			case 6: want = v; break;		/* VS */
			case 7: want = !v; break;		/* VC */
			case 8: want = c && !z; break;		/* HI */
			case 9: want = !c || z; break;		/* LS */
			case 10: want = n == v; break;		/* GE */
			case 11: want = n != v; break;		/* LT */
			case 12: want = !z && n == v; break;	/* GT */
			case 13: want = z || n != v; break;	/* LE */
			default: want = true; break;		/* AL, 1111 */
			}
			EXPECT_EQ(want, umbra_condition_passed(cond,
					(f << 28) | UMBRA_PSR_MODE_SVC))
				TH_LOG("cond %u NZCV %#x", cond, f);
		}
}

#define IT_CPSR(it) ((((it) >> 2) << 10) | (((it) & 3) << 25) | UMBRA_PSR_T)

/* The condition of a trapped instruction; ITSTATE advancing (A2.5.2) */
TEST(insn_cond_and_it_advance)
{
	/* ARM: the cond field; ITSTATE is irrelevant */
	EXPECT_EQ(0x1u, umbra_insn_cond(0x1e110f10, false, 0));
	EXPECT_EQ(0xeu, umbra_insn_cond(0xee110f10, false, 0));
	/* Thumb outside an IT block: always */
	EXPECT_EQ(0xeu, umbra_insn_cond(0xee110f10, true, UMBRA_PSR_T));
	/* "itet ne": ITSTATE 0001 0110 -> NE, EQ, NE */
	u32 cpsr = IT_CPSR(0x16) | 0xf0000000u | UMBRA_PSR_MODE_SVC;

	EXPECT_EQ(0x1u, umbra_insn_cond(0xee110f10, true, cpsr));
	cpsr = umbra_it_advance(cpsr);
	EXPECT_EQ(IT_CPSR(0x0c) | 0xf0000000u | UMBRA_PSR_MODE_SVC, cpsr);
	EXPECT_EQ(0x0u, umbra_insn_cond(0xee110f10, true, cpsr));
	cpsr = umbra_it_advance(cpsr);
	EXPECT_EQ(IT_CPSR(0x18) | 0xf0000000u | UMBRA_PSR_MODE_SVC, cpsr);
	EXPECT_EQ(0x1u, umbra_insn_cond(0xee110f10, true, cpsr));
	cpsr = umbra_it_advance(cpsr);	/* the block ends */
	EXPECT_EQ(UMBRA_PSR_T | 0xf0000000u | UMBRA_PSR_MODE_SVC, cpsr);
	EXPECT_EQ(0xeu, umbra_insn_cond(0xee110f10, true, cpsr));
	EXPECT_EQ(cpsr, umbra_it_advance(cpsr));
	/* ARM state: nothing to advance */
	EXPECT_EQ(0x60000013u, umbra_it_advance(0x60000013u));
}

/* CSSELR selects an implemented cache (B4.1.19, B4.1.20, B4.1.41) */
TEST(csselr_valid)
{
	/* L1 separate I+D (3), L2 unified (4), nothing beyond */
	u32 clidr = 0x0a200023, csselr;

	for (csselr = 0; csselr < 0x20; csselr++) {
		bool want = csselr == 0 || csselr == 1 || csselr == 2;

		EXPECT_EQ(want, umbra_csselr_valid(csselr, clidr))
			TH_LOG("CSSELR %#x", csselr);
	}
	EXPECT_FALSE(umbra_csselr_valid(0x100, clidr));	/* reserved bits */
	EXPECT_FALSE(umbra_csselr_valid(0xffffffff, clidr));
	/* L1 instruction only (1), L2 data only (2) */
	clidr = 0x11;
	EXPECT_TRUE(umbra_csselr_valid(1, clidr));
	EXPECT_FALSE(umbra_csselr_valid(0, clidr));
	EXPECT_TRUE(umbra_csselr_valid(2, clidr));
	EXPECT_FALSE(umbra_csselr_valid(3, clidr));
	/* Ctype 0b101-0b111 are reserved: no cache */
	EXPECT_FALSE(umbra_csselr_valid(0, 0x5));
	EXPECT_FALSE(umbra_csselr_valid(1, 0x7));
	/* level 7 (Level field 0b111) has no CLIDR field */
	EXPECT_FALSE(umbra_csselr_valid(0xe, 0xffffffff));
}

TEST_HARNESS_MAIN
