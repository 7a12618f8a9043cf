// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of the paravirtual sensitive instructions
 * (kmod/core/pvinsn.c): every SVC class 1-15 and payload field, against
 * the ARM ARM pseudocode of the originals at PL1 (B9.3).
 */
#include "kselftest_harness.h"
#include "core/pvinsn.h"
#include "core/vcpu_regs.h"

#define MEM_VA		0x1000u		/* 64 words of RAM */
#define MEM_WORDS	64
#define RO_VA		0x3000u		/* one read-only page (to PL1) */
#define DEV_VA		0x2000u		/* maps to an IPA outside RAM */
#define FSR_TRANS	0x005		/* translation fault, section */
#define FSR_PERM	0x00d		/* permission fault, section */

static u32 mem[MEM_WORDS];
static u32 ro_word = 0x12345678;

static int rd(void *ctx, u32 va, u32 *val, u32 *fsr)
{
	if (va & 3)
		abort();
	if (va >= MEM_VA && va < MEM_VA + 4 * MEM_WORDS) {
		*val = mem[(va - MEM_VA) / 4];
		return 0;
	}
	if (va == RO_VA) {
		*val = ro_word;
		return 0;
	}
	if ((va & ~0xfffu) == DEV_VA)
		return -ENOENT;
	*fsr = FSR_TRANS;
	return -EFAULT;
}

static int wr(void *ctx, u32 va, u32 val, u32 *fsr)
{
	if (va & 3)
		abort();
	if (va >= MEM_VA && va < MEM_VA + 4 * MEM_WORDS) {
		mem[(va - MEM_VA) / 4] = val;
		return 0;
	}
	if ((va & ~0xfffu) == DEV_VA)
		return -ENOENT;
	*fsr = va == RO_VA ? FSR_PERM : FSR_TRANS;
	return -EFAULT;
}

static const struct umbra_pv_mem pvmem = { rd, wr, NULL };

#define PC0		0x8000u
#define M_USR		UMBRA_PSR_MODE_USR
#define M_FIQ		UMBRA_PSR_MODE_FIQ
#define M_IRQ		UMBRA_PSR_MODE_IRQ
#define M_SVC		UMBRA_PSR_MODE_SVC
#define M_ABT		UMBRA_PSR_MODE_ABT
#define M_UND		UMBRA_PSR_MODE_UND
#define M_SYS		UMBRA_PSR_MODE_SYS
#define PSR_IF		(UMBRA_PSR_I | UMBRA_PSR_F)
#define PSR_C		(1u << 29)

/* Distinct values in every bank; mode @mode, PC at PC0. */
static void init_regs(struct umbra_regs *r, u32 cpsr)
{
	int i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < 15; i++)
		r->usr_regs[i] = 0x100 + i;
	for (i = 0; i < 8; i++)
		r->fiq_regs[i] = 0x800 + i;
	r->svc_regs[0] = 0x200;
	r->svc_regs[1] = 0x201;
	r->svc_regs[2] = M_USR | 0x40000000;	/* SPSR_svc: User, Z */
	r->abt_regs[0] = 0x300;
	r->abt_regs[1] = 0x301;
	r->abt_regs[2] = M_SVC;
	r->und_regs[0] = 0x400;
	r->und_regs[1] = 0x401;
	r->und_regs[2] = M_SVC;
	r->irq_regs[0] = 0x500;
	r->irq_regs[1] = 0x501;
	r->irq_regs[2] = M_USR;
	r->fiq_regs[7] = M_SVC;
	r->pc = PC0;
	r->cpsr = cpsr;
	memset(mem, 0, sizeof(mem));
}

static u32 reg(struct umbra_regs *r, int n)
{
	u32 phys[15];

	umbra_regs_to_phys(r, phys);
	return phys[n];
}

static void set_reg(struct umbra_regs *r, int n, u32 v)
{
	u32 phys[15];

	umbra_regs_to_phys(r, phys);
	phys[n] = v;
	umbra_regs_from_phys(r, phys);
}

static int emu(struct umbra_regs *r, u32 cls, u32 payload,
	       struct umbra_pv_fault *f)
{
	struct umbra_pv_fault dummy;

	return umbra_pv_emulate(r, UMBRA_SVC_IMM(cls, payload), &pvmem,
				f ? f : &dummy);
}

/* UNDEF, with nothing changed */
static bool undef(u32 cpsr, u32 cls, u32 payload)
{
	struct umbra_regs r, before;
	u32 mem_before[MEM_WORDS];

	init_regs(&r, cpsr);
	before = r;
	memcpy(mem_before, mem, sizeof(mem));
	return emu(&r, cls, payload, NULL) == UMBRA_PV_UNDEF &&
	       !memcmp(&r, &before, sizeof(r)) &&
	       !memcmp(mem, mem_before, sizeof(mem));
}

#define CPS(imod, m, aif, mode) \
	(UMBRA_SVC_PUT(UMBRA_PV_CPS_IMOD, imod) | \
	 UMBRA_SVC_PUT(UMBRA_PV_CPS_M, m) | (aif) | \
	 UMBRA_SVC_PUT(UMBRA_PV_CPS_MODE, mode))

TEST(cps)
{
	struct umbra_regs r;

	/* cpsid if */
	init_regs(&r, M_SVC | 0xf0000000);
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_CPS,
				     CPS(3, 0, PSR_IF, 0), NULL));
	EXPECT_EQ(M_SVC | 0xf0000000 | PSR_IF, r.cpsr);
	EXPECT_EQ(PC0 + 4, r.pc);
	/* cpsie a, #0x1f: A cleared, System mode */
	init_regs(&r, M_SVC | UMBRA_PSR_A | UMBRA_PSR_I);
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_CPS,
				     CPS(2, 1, UMBRA_PSR_A, M_SYS), NULL));
	EXPECT_EQ(M_SYS | UMBRA_PSR_I, r.cpsr);
	/* cps #0x12 (no imod), then the IRQ bank is current */
	init_regs(&r, M_SVC);
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_CPS,
				     CPS(0, 1, 0, M_IRQ), NULL));
	EXPECT_EQ(M_IRQ, r.cpsr);
	EXPECT_EQ(0x500, reg(&r, 13));
	/* cpsid f, #0x10: to User mode */
	init_regs(&r, M_SVC);
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_CPS,
				     CPS(3, 1, UMBRA_PSR_F, M_USR), NULL));
	EXPECT_EQ(M_USR | UMBRA_PSR_F, r.cpsr);
	/* UNPREDICTABLE forms, bad modes, reserved bits */
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_CPS, CPS(0, 1, 0, 0x16)));
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_CPS, CPS(0, 1, 0, 0x1a)));
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_CPS, CPS(3, 0, PSR_IF, M_SYS)));
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_CPS, CPS(1, 1, 0, M_SYS)));
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_CPS, CPS(2, 0, 0, 0)));
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_CPS, CPS(0, 1, UMBRA_PSR_I, 0x13)));
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_CPS, CPS(0, 0, 0, 0)));
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_CPS, CPS(3, 0, PSR_IF, 0) | 0x20));
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_CPS,
			  CPS(3, 0, PSR_IF, 0) | 0x10000));
}

#define MRS(r, rd) (UMBRA_SVC_PUT(UMBRA_PV_MRS_MSR_R, r) | \
		    UMBRA_SVC_PUT(UMBRA_PV_MRS_MSR_REG, rd))
#define MSR(r, mask, rn) (UMBRA_SVC_PUT(UMBRA_PV_MRS_MSR_MSR, 1) | \
			  UMBRA_SVC_PUT(UMBRA_PV_MRS_MSR_R, r) | \
			  UMBRA_SVC_PUT(UMBRA_PV_MRS_MSR_MASK, mask) | \
			  UMBRA_SVC_PUT(UMBRA_PV_MRS_MSR_REG, rn))

TEST(mrs)
{
	struct umbra_regs r;

	/* mrs r3, cpsr: IT, J, T read as zero (state bits) */
	init_regs(&r, M_SVC | 0xf80f0000 | 0x0600fc00 | UMBRA_PSR_A | PSR_IF);
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_MRS_MSR, MRS(0, 3), NULL));
	EXPECT_EQ(M_SVC | 0xf80f0000 | UMBRA_PSR_A | PSR_IF, r.usr_regs[3]);
	EXPECT_EQ(PC0 + 4, r.pc);
	/* mrs sp, spsr in Abort mode: the Abort bank */
	init_regs(&r, M_ABT);
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_MRS_MSR, MRS(1, 13), NULL));
	EXPECT_EQ(M_SVC, r.abt_regs[0]);
	EXPECT_EQ(0x200, r.svc_regs[0]);
	/* mrs r8, spsr in FIQ mode: r8_fiq */
	init_regs(&r, M_FIQ);
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_MRS_MSR, MRS(1, 8), NULL));
	EXPECT_EQ(M_SVC, r.fiq_regs[0]);
	EXPECT_EQ(0x108, r.usr_regs[8]);
	/* no SPSR in System mode; Rd = PC; reserved bits */
	EXPECT_TRUE(undef(M_SYS, UMBRA_SVC_MRS_MSR, MRS(1, 0)));
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_MRS_MSR, MRS(0, 15)));
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_MRS_MSR, MRS(0, 1) | 0x100));
}

TEST(msr_reg)
{
	struct umbra_regs r;

	/* msr cpsr_fc, r1: flags, masks and mode; T and E not written */
	init_regs(&r, M_SVC);
	r.usr_regs[1] = 0xa0000000 | UMBRA_PSR_E | UMBRA_PSR_T | PSR_IF | M_SYS;
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_MRS_MSR, MSR(0, 9, 1),
				     NULL));
	EXPECT_EQ(0xa0000000 | PSR_IF | M_SYS, r.cpsr);
	EXPECT_EQ(PC0 + 4, r.pc);
	/* msr cpsr_f, r2: flags only */
	init_regs(&r, M_SVC);
	r.usr_regs[2] = 0xffffffff;
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_MRS_MSR, MSR(0, 8, 2),
				     NULL));
	EXPECT_EQ(0xf8000000 | M_SVC, r.cpsr);
	/* msr cpsr_sx, r2: GE, E and A; not reserved [23:20] */
	init_regs(&r, M_SVC);
	r.usr_regs[2] = 0xffffffff;
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_MRS_MSR, MSR(0, 6, 2),
				     NULL));
	EXPECT_EQ(0x000f0000 | UMBRA_PSR_E | UMBRA_PSR_A | M_SVC, r.cpsr);
	/* msr spsr_fsxc, lr (IRQ mode): the whole SPSR_irq */
	init_regs(&r, M_IRQ);
	set_reg(&r, 14, 0x600f0010 | UMBRA_PSR_T);
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_MRS_MSR, MSR(1, 15, 14),
				     NULL));
	EXPECT_EQ(0x600f0010 | UMBRA_PSR_T, r.irq_regs[2]);
	EXPECT_EQ(M_IRQ, r.cpsr);
	/* msr spsr_c, r0: low byte only */
	init_regs(&r, M_SVC);
	r.usr_regs[0] = 0xff0000d3;
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_MRS_MSR, MSR(1, 1, 0),
				     NULL));
	EXPECT_EQ(0x400000d3, r.svc_regs[2]);
	/* mask 0, Rn = PC, SPSR in System mode, bad modes */
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_MRS_MSR, MSR(0, 0, 1)));
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_MRS_MSR, MSR(0, 1, 15)));
	EXPECT_TRUE(undef(M_SYS, UMBRA_SVC_MRS_MSR, MSR(1, 8, 1)));
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_MRS_MSR, MSR(0, 1, 0)));
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_MRS_MSR, MSR(1, 1, 0)));
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_MRS_MSR, MSR(0, 8, 0) | 0x3000));
}

#define MSRI(r, mask, imm12) (UMBRA_SVC_PUT(UMBRA_PV_MSR_IMM_R, r) | \
			      UMBRA_SVC_PUT(UMBRA_PV_MSR_IMM_MASK, mask) | \
			      UMBRA_SVC_PUT(UMBRA_PV_MSR_IMM_IMM12, imm12))

TEST(msr_imm)
{
	struct umbra_regs r;

	/* msr cpsr_c, #0xdf: System mode, I and F */
	init_regs(&r, M_SVC);
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_MSR_IMM,
				     MSRI(0, 1, 0x0df), NULL));
	EXPECT_EQ(M_SYS | PSR_IF, r.cpsr);
	EXPECT_EQ(PC0 + 4, r.pc);
	/* msr cpsr_f, #0xf0000000 (0xf0 ror 8: imm12 0x4f0) */
	init_regs(&r, M_SVC);
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_MSR_IMM,
				     MSRI(0, 8, 0x4f0), NULL));
	EXPECT_EQ(0xf0000000 | M_SVC, r.cpsr);
	/* msr spsr_f, #0x80000000 (0x02 ror 2: imm12 0x102) */
	init_regs(&r, M_UND);
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_MSR_IMM,
				     MSRI(1, 8, 0x102), NULL));
	EXPECT_EQ(0x80000000 | M_SVC, r.und_regs[2]);
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_MSR_IMM, MSRI(0, 0, 0x0d3)));
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_MSR_IMM, MSRI(0, 1, 0x0d6)));
	EXPECT_TRUE(undef(M_SYS, UMBRA_SVC_MSR_IMM, MSRI(1, 8, 0)));
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_MSR_IMM,
			  MSRI(0, 8, 0) | 0x20000));
}

#define DP(op, rn, operand) (UMBRA_SVC_PUT(UMBRA_PV_DP_OPCODE, op) | \
			     UMBRA_SVC_PUT(UMBRA_PV_DP_RN, rn) | \
			     UMBRA_SVC_PUT(UMBRA_PV_DP_OPERAND, operand))

/* <op>S PC, LR, #imm in IRQ mode (LR_irq 0x501): the new PC */
static u32 dp_imm(u32 cpsr_flags, u32 op, u32 imm12)
{
	struct umbra_regs r;

	init_regs(&r, M_IRQ | cpsr_flags);
	r.irq_regs[1] = 0x1000;
	r.irq_regs[2] = M_USR;
	if (emu(&r, UMBRA_SVC_DP_PC_IMM, DP(op, 14, imm12), NULL) !=
	    UMBRA_PV_DONE || r.cpsr != M_USR)
		return 0xdead;
	return r.pc;
}

TEST(dp_pc_imm)
{
	struct umbra_regs r;

	/* subs pc, lr, #4 in IRQ mode: CPSR from SPSR_irq */
	init_regs(&r, M_IRQ | PSR_IF);
	r.irq_regs[1] = 0x9004;
	r.irq_regs[2] = M_USR | 0x20000000;
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_DP_PC_IMM, DP(2, 14, 4),
				     NULL));
	EXPECT_EQ(0x9000, r.pc);
	EXPECT_EQ(M_USR | 0x20000000, r.cpsr);
	EXPECT_EQ(0x10d, reg(&r, 13));		/* SP_usr now */
	/* every opcode; C in the current CPSR for ADC, SBC, RSC */
	EXPECT_EQ(0x1000 & 0xff, dp_imm(0, 0x0, 0xff));		/* AND */
	EXPECT_EQ(0x1000 ^ 0x10, dp_imm(0, 0x1, 0x10));		/* EOR */
	EXPECT_EQ(0x0ff8, dp_imm(0, 0x2, 8));			/* SUB */
	EXPECT_EQ(0x2000 - 0x1000, dp_imm(0, 0x3, 0xa02));	/* RSB */
	EXPECT_EQ(0x1008, dp_imm(0, 0x4, 8));			/* ADD */
	EXPECT_EQ(0x1004, dp_imm(PSR_C, 0x5, 3));		/* ADC */
	EXPECT_EQ(0x1000, dp_imm(0, 0x5, 3));
	EXPECT_EQ(0x1000, dp_imm(PSR_C, 0x6, 0));		/* SBC */
	EXPECT_EQ(0x0ffc, dp_imm(0, 0x6, 0));
	EXPECT_EQ(0x1000, dp_imm(PSR_C, 0x7, 0xa02));		/* RSC */
	EXPECT_EQ(0x0ffc, dp_imm(0, 0x7, 0xa02));
	EXPECT_EQ(0x1010, dp_imm(0, 0xc, 0x10));		/* ORR */
	EXPECT_EQ(0x4000, dp_imm(0, 0xd, 0x901));		/* MOV 1<<14 */
	EXPECT_EQ(0x1000, dp_imm(0, 0xe, 0x4));			/* BIC */
	EXPECT_EQ(0xfffffc00, dp_imm(0, 0xf, 0xfff));		/* MVN */
	/* Rn = PC reads the SVC's address + 8 */
	init_regs(&r, M_SVC);
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_DP_PC_IMM, DP(4, 15, 8),
				     NULL));
	EXPECT_EQ(PC0 + 16, r.pc);
	/* SPSR with T: halfword-aligned PC; ARM: word-aligned */
	init_regs(&r, M_SVC);
	r.svc_regs[1] = 0x4003;
	r.svc_regs[2] = M_USR | UMBRA_PSR_T;
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_DP_PC_IMM, DP(2, 14, 0),
				     NULL));
	EXPECT_EQ(0x4002, r.pc);
	EXPECT_EQ(M_USR | UMBRA_PSR_T, r.cpsr);
	init_regs(&r, M_SVC);
	r.svc_regs[1] = 0x4003;
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_DP_PC_IMM, DP(2, 14, 0),
				     NULL));
	EXPECT_EQ(0x4000, r.pc);
	/* TST/TEQ/CMP/CMN; System mode; SPSR with a bad mode or J */
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_DP_PC_IMM, DP(0xa, 14, 4)));
	EXPECT_TRUE(undef(M_SYS, UMBRA_SVC_DP_PC_IMM, DP(2, 14, 4)));
	init_regs(&r, M_SVC);
	r.svc_regs[2] = 0x1a;
	EXPECT_EQ(UMBRA_PV_UNDEF, emu(&r, UMBRA_SVC_DP_PC_IMM, DP(2, 14, 4),
				      NULL));
	EXPECT_EQ(PC0, r.pc);
	r.svc_regs[2] = M_USR | UMBRA_PSR_J;
	EXPECT_EQ(UMBRA_PV_UNDEF, emu(&r, UMBRA_SVC_DP_PC_IMM, DP(2, 14, 4),
				      NULL));
	EXPECT_EQ(M_SVC, r.cpsr);
}

/* <op>S PC, r0, r1 <shift> in SVC mode, r1 = @v */
static u32 dp_reg(u32 cpsr_flags, u32 op, u32 v, u32 shift)
{
	struct umbra_regs r;

	init_regs(&r, M_SVC | cpsr_flags);
	r.usr_regs[0] = 0x1000;
	r.usr_regs[1] = v;
	if (emu(&r, UMBRA_SVC_DP_PC_REG, DP(op, 0, shift | 1), NULL) !=
	    UMBRA_PV_DONE)
		return 0xdead;
	return r.pc;
}

TEST(dp_pc_reg)
{
	struct umbra_regs r;

	/* movs pc, lr */
	init_regs(&r, M_SVC);
	r.svc_regs[1] = 0x7000;
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_DP_PC_REG, DP(0xd, 0, 14),
				     NULL));
	EXPECT_EQ(0x7000, r.pc);
	EXPECT_EQ(M_USR | 0x40000000, r.cpsr);
	/* shifts: LSL #4, LSR #32, ASR #32, ASR #4, ROR #8, RRX */
	EXPECT_EQ(0x100, dp_reg(0, 0xd, 0x10, (4 << 7) | (0 << 5)));
	EXPECT_EQ(0, dp_reg(0, 0xd, 0x80000000, (0 << 7) | (1 << 5)));
	EXPECT_EQ(0xfffffffc, dp_reg(0, 0xd, 0x80000000, (0 << 7) | (2 << 5)));
	EXPECT_EQ(0xf8000000, dp_reg(0, 0xd, 0x80000000, (4 << 7) | (2 << 5)));
	EXPECT_EQ(0x34000010, dp_reg(0, 0xd, 0x1234, (8 << 7) | (3 << 5)));
	EXPECT_EQ(0x80000000 | 0x40, dp_reg(PSR_C, 0xd, 0x80, 3 << 5));
	EXPECT_EQ(0x40, dp_reg(0, 0xd, 0x80, 3 << 5));
	EXPECT_EQ(0x1010, dp_reg(0, 0x4, 0x10, 0));		/* ADD */
	/* Rm = PC: the SVC's address + 8 */
	init_regs(&r, M_SVC);
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_DP_PC_REG, DP(0xd, 0, 15),
				     NULL));
	EXPECT_EQ(PC0 + 8, r.pc);
	/* register-shifted register; System mode */
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_DP_PC_REG, DP(0xd, 0, 0x11e)));
	EXPECT_TRUE(undef(M_SYS, UMBRA_SVC_DP_PC_REG, DP(0xd, 0, 14)));
}

#define RFE(p, u, w, rn) (UMBRA_SVC_PUT(UMBRA_PV_RFE_SRS_P, p) | \
			  UMBRA_SVC_PUT(UMBRA_PV_RFE_SRS_U, u) | \
			  UMBRA_SVC_PUT(UMBRA_PV_RFE_SRS_W, w) | \
			  UMBRA_SVC_PUT(UMBRA_PV_RFE_SRS_RN, rn))
#define SRS(p, u, w, mode) (UMBRA_SVC_PUT(UMBRA_PV_RFE_SRS_SRS, 1) | \
			    UMBRA_SVC_PUT(UMBRA_PV_RFE_SRS_P, p) | \
			    UMBRA_SVC_PUT(UMBRA_PV_RFE_SRS_U, u) | \
			    UMBRA_SVC_PUT(UMBRA_PV_RFE_SRS_W, w) | \
			    UMBRA_SVC_PUT(UMBRA_PV_RFE_SRS_MODE, mode))

TEST(rfe)
{
	static const struct { u32 p, u, first, wb; } forms[] = {
		{ 0, 1, 0x1040, 0x1048 },	/* IA */
		{ 1, 1, 0x1044, 0x1048 },	/* IB */
		{ 0, 0, 0x103c, 0x1038 },	/* DA */
		{ 1, 0, 0x1038, 0x1038 },	/* DB */
	};
	struct umbra_pv_fault f;
	struct umbra_regs r;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		init_regs(&r, M_SVC);
		r.usr_regs[2] = 0x1040;
		mem[(forms[i].first - MEM_VA) / 4] = 0x6000;
		mem[(forms[i].first + 4 - MEM_VA) / 4] = M_USR | 0x80000000;
		ASSERT_EQ(UMBRA_PV_DONE,
			  emu(&r, UMBRA_SVC_RFE_SRS,
			      RFE(forms[i].p, forms[i].u, 1, 2), NULL));
		EXPECT_EQ(0x6000, r.pc);
		EXPECT_EQ(M_USR | 0x80000000, r.cpsr);
		EXPECT_EQ(forms[i].wb, r.usr_regs[2]);
	}
	/* no writeback; allowed in System mode; Thumb target */
	init_regs(&r, M_SYS);
	r.usr_regs[13] = 0x1000;
	mem[0] = 0x6001;
	mem[1] = M_SVC | UMBRA_PSR_T;
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_RFE_SRS, RFE(0, 1, 0, 13),
				     NULL));
	EXPECT_EQ(0x6000, r.pc);
	EXPECT_EQ(M_SVC | UMBRA_PSR_T, r.cpsr);
	EXPECT_EQ(0x1000, r.usr_regs[13]);
	/* a translation fault: Data Abort, nothing changed */
	init_regs(&r, M_SVC);
	r.usr_regs[0] = 0x5000;
	ASSERT_EQ(UMBRA_PV_ABORT, emu(&r, UMBRA_SVC_RFE_SRS, RFE(0, 1, 1, 0),
				      &f));
	EXPECT_EQ(FSR_TRANS, f.fsr);
	EXPECT_EQ(0x5000, f.far);
	EXPECT_EQ(0x5000, r.usr_regs[0]);
	EXPECT_EQ(M_SVC, r.cpsr);
	EXPECT_EQ(PC0, r.pc);
	/* unaligned: alignment fault whatever SCTLR.A */
	r.usr_regs[0] = 0x1002;
	ASSERT_EQ(UMBRA_PV_ABORT, emu(&r, UMBRA_SVC_RFE_SRS, RFE(0, 1, 0, 0),
				      &f));
	EXPECT_EQ(UMBRA_PV_FSR_ALIGNMENT, f.fsr);
	EXPECT_EQ(0x1002, f.far);
	/* outside RAM */
	r.usr_regs[0] = DEV_VA;
	ASSERT_EQ(UMBRA_PV_NOT_RAM, emu(&r, UMBRA_SVC_RFE_SRS,
					RFE(0, 1, 0, 0), &f));
	EXPECT_EQ(DEV_VA, f.far);
	/* a bad mode in memory; Rn = PC; reserved bits */
	init_regs(&r, M_SVC);
	r.usr_regs[0] = 0x1000;
	mem[1] = 0x1a;
	EXPECT_EQ(UMBRA_PV_UNDEF, emu(&r, UMBRA_SVC_RFE_SRS, RFE(0, 1, 1, 0),
				      NULL));
	EXPECT_EQ(0x1000, r.usr_regs[0]);
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_RFE_SRS, RFE(0, 1, 0, 15)));
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_RFE_SRS, RFE(0, 1, 0, 1) | 0x10));
}

TEST(srs)
{
	struct umbra_pv_fault f;
	struct umbra_regs r;

	/* srsdb sp!, #0x13 from IRQ mode: LR_irq, SPSR_irq on SP_svc */
	init_regs(&r, M_IRQ);
	r.svc_regs[0] = 0x1100;
	r.irq_regs[2] = M_USR | 0x10000000;
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_RFE_SRS,
				     SRS(1, 0, 1, M_SVC), NULL));
	EXPECT_EQ(0x501, mem[(0x10f8 - MEM_VA) / 4]);
	EXPECT_EQ(M_USR | 0x10000000, mem[(0x10fc - MEM_VA) / 4]);
	EXPECT_EQ(0x10f8, r.svc_regs[0]);
	EXPECT_EQ(0x500, r.irq_regs[0]);
	EXPECT_EQ(M_IRQ, r.cpsr);
	EXPECT_EQ(PC0 + 4, r.pc);
	/* srsia #0x1f (SP_usr), no writeback */
	init_regs(&r, M_SVC);
	r.usr_regs[13] = 0x1010;
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_RFE_SRS,
				     SRS(0, 1, 0, M_SYS), NULL));
	EXPECT_EQ(0x201, mem[4]);
	EXPECT_EQ(M_USR | 0x40000000, mem[5]);
	EXPECT_EQ(0x1010, r.usr_regs[13]);
	/* srsib, srsda to own stack */
	init_regs(&r, M_SVC);
	r.svc_regs[0] = 0x1010;
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_RFE_SRS,
				     SRS(1, 1, 1, M_SVC), NULL));
	EXPECT_EQ(0x201, mem[5]);
	EXPECT_EQ(0x1018, r.svc_regs[0]);
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_RFE_SRS,
				     SRS(0, 0, 1, M_SVC), NULL));
	EXPECT_EQ(0x201, mem[5]);
	EXPECT_EQ(0x1010, r.svc_regs[0]);
	/* a write to read-only memory: permission fault with WnR */
	init_regs(&r, M_SVC);
	r.abt_regs[0] = RO_VA;
	ASSERT_EQ(UMBRA_PV_ABORT, emu(&r, UMBRA_SVC_RFE_SRS,
				      SRS(0, 1, 1, M_ABT), &f));
	EXPECT_EQ(FSR_PERM | UMBRA_PV_FSR_WNR, f.fsr);
	EXPECT_EQ(RO_VA, f.far);
	EXPECT_EQ(RO_VA, r.abt_regs[0]);
	/* System mode (no SPSR); bad mode; reserved bits */
	EXPECT_TRUE(undef(M_SYS, UMBRA_SVC_RFE_SRS, SRS(1, 0, 1, M_SVC)));
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_RFE_SRS, SRS(1, 0, 1, 0x16)));
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_RFE_SRS,
			  SRS(1, 0, 1, M_SVC) | 0x100));
}

#define LDSTM(uw, rn, list) (UMBRA_SVC_PUT(UMBRA_PV_LDSTM_U, uw) | \
			     UMBRA_SVC_PUT(UMBRA_PV_LDSTM_RN, rn) | \
			     UMBRA_SVC_PUT(UMBRA_PV_LDSTM_LIST, list))

TEST(stm_user)
{
	struct umbra_pv_fault f;
	struct umbra_regs r;
	int i;

	/* stmia r0, {r0-r14}^ in FIQ mode: User r8-r14, not the FIQ bank */
	init_regs(&r, M_FIQ);
	r.usr_regs[0] = 0x1000;
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_STM_USER,
				     LDSTM(1, 0, 0x7fff), NULL));
	EXPECT_EQ(0x1000, mem[0]);
	for (i = 1; i < 15; i++)
		EXPECT_EQ(0x100 + i, mem[i]);
	EXPECT_EQ(PC0 + 4, r.pc);
	/* stmdb (P=1, U=0) sp, {sp, lr}^ in SVC mode */
	init_regs(&r, M_SVC);
	r.svc_regs[0] = 0x1010;
	ASSERT_EQ(UMBRA_SVC_STM_USER | 1, UMBRA_SVC_STM_USER + 1);
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_STM_USER + 1,
				     LDSTM(0, 13, 0x6000), NULL));
	EXPECT_EQ(0x10d, mem[2]);
	EXPECT_EQ(0x10e, mem[3]);
	EXPECT_EQ(0x1010, r.svc_regs[0]);	/* no writeback */
	/* stmib (P=1, U=1), stmda (P=0, U=0) */
	init_regs(&r, M_SVC);
	r.usr_regs[1] = 0x1000;
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_STM_USER + 1,
				     LDSTM(1, 1, 0x0004), NULL));
	EXPECT_EQ(0x102, mem[1]);
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_STM_USER,
				     LDSTM(0, 1, 0x0008), NULL));
	EXPECT_EQ(0x103, mem[0]);
	/* a fault: WnR */
	init_regs(&r, M_SVC);
	r.usr_regs[1] = 0x9000;
	ASSERT_EQ(UMBRA_PV_ABORT, emu(&r, UMBRA_SVC_STM_USER,
				      LDSTM(1, 1, 0x0004), &f));
	EXPECT_EQ(FSR_TRANS | UMBRA_PV_FSR_WNR, f.fsr);
	EXPECT_EQ(0x9000, f.far);
	/* empty list, Rn = PC, System mode */
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_STM_USER, LDSTM(1, 1, 0)));
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_STM_USER, LDSTM(1, 15, 1)));
	EXPECT_TRUE(undef(M_SYS, UMBRA_SVC_STM_USER, LDSTM(1, 1, 1)));
}

TEST(ldm_user)
{
	struct umbra_pv_fault f;
	struct umbra_regs r;

	/* ldmia r0, {r8, sp, lr}^ in FIQ mode: User registers only */
	init_regs(&r, M_FIQ);
	r.usr_regs[0] = 0x1000;
	mem[0] = 0xa8;
	mem[1] = 0xad;
	mem[2] = 0xae;
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_LDM_USER,
				     LDSTM(1, 0, 0x6100), NULL));
	EXPECT_EQ(0xa8, r.usr_regs[8]);
	EXPECT_EQ(0xad, r.usr_regs[13]);
	EXPECT_EQ(0xae, r.usr_regs[14]);
	EXPECT_EQ(0x800, r.fiq_regs[0]);
	EXPECT_EQ(0x805, r.fiq_regs[5]);
	EXPECT_EQ(0x1000, r.usr_regs[0]);
	EXPECT_EQ(M_FIQ, r.cpsr);
	EXPECT_EQ(PC0 + 4, r.pc);
	/* ldmdb (class + 1, U=0) sp, {r0, r1}^ in SVC mode */
	init_regs(&r, M_SVC);
	r.svc_regs[0] = 0x1010;
	mem[2] = 0xb0;
	mem[3] = 0xb1;
	ASSERT_EQ(UMBRA_PV_DONE, emu(&r, UMBRA_SVC_LDM_USER + 1,
				     LDSTM(0, 13, 0x3), NULL));
	EXPECT_EQ(0xb0, r.usr_regs[0]);
	EXPECT_EQ(0xb1, r.usr_regs[1]);
	/* a fault in the second word: no register written */
	init_regs(&r, M_SVC);
	r.usr_regs[2] = MEM_VA + 4 * MEM_WORDS - 4;
	ASSERT_EQ(UMBRA_PV_ABORT, emu(&r, UMBRA_SVC_LDM_USER,
				      LDSTM(1, 2, 0x3), &f));
	EXPECT_EQ(FSR_TRANS, f.fsr);
	EXPECT_EQ(MEM_VA + 4 * MEM_WORDS, f.far);
	EXPECT_EQ(0x100, r.usr_regs[0]);
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_LDM_USER, LDSTM(1, 1, 0)));
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_LDM_USER, LDSTM(1, 15, 1)));
	EXPECT_TRUE(undef(M_SYS, UMBRA_SVC_LDM_USER + 1, LDSTM(1, 1, 1)));
}

TEST(ldm_eret)
{
	struct umbra_regs r;

	/* ldmfd sp!, {r0-r2, pc}^ (IA, W) in SVC mode: to User mode */
	init_regs(&r, M_SVC);
	r.svc_regs[0] = 0x1000;
	mem[0] = 0xc0;
	mem[1] = 0xc1;
	mem[2] = 0xc2;
	mem[3] = 0x7000;
	ASSERT_EQ(UMBRA_PV_DONE,
		  emu(&r, UMBRA_SVC_LDM_ERET | UMBRA_PV_LDM_ERET_CLASS_U,
		      LDSTM(1, 13, 0x7), NULL));
	EXPECT_EQ(0xc0, r.usr_regs[0]);
	EXPECT_EQ(0xc2, r.usr_regs[2]);
	EXPECT_EQ(0x1010, r.svc_regs[0]);
	EXPECT_EQ(0x7000, r.pc);
	EXPECT_EQ(M_USR | 0x40000000, r.cpsr);
	/* ldmib r1, {pc}^ (P, U, no W); ldmdb r1, {r8, pc}^ from FIQ */
	init_regs(&r, M_SVC);
	r.usr_regs[1] = 0x1000;
	mem[1] = 0x7100;
	ASSERT_EQ(UMBRA_PV_DONE,
		  emu(&r, UMBRA_SVC_LDM_ERET | 3, LDSTM(0, 1, 0), NULL));
	EXPECT_EQ(0x7100, r.pc);
	EXPECT_EQ(0x1000, r.usr_regs[1]);
	init_regs(&r, M_FIQ);
	r.usr_regs[1] = 0x1010;
	mem[2] = 0xf8;
	mem[3] = 0x7200;
	ASSERT_EQ(UMBRA_PV_DONE,
		  emu(&r, UMBRA_SVC_LDM_ERET | UMBRA_PV_LDM_ERET_CLASS_P,
		      LDSTM(1, 1, 0x100), NULL));
	EXPECT_EQ(0xf8, r.fiq_regs[0]);		/* r8_fiq: before the switch */
	EXPECT_EQ(0x108, r.usr_regs[8]);
	EXPECT_EQ(0x1008, r.usr_regs[1]);
	EXPECT_EQ(0x7200, r.pc);
	EXPECT_EQ(M_SVC, r.cpsr);		/* SPSR_fiq */
	/* ldmda r1!, {pc}^ */
	init_regs(&r, M_SVC);
	r.usr_regs[1] = 0x1010;
	mem[4] = 0x7300;
	ASSERT_EQ(UMBRA_PV_DONE,
		  emu(&r, UMBRA_SVC_LDM_ERET, LDSTM(1, 1, 0), NULL));
	EXPECT_EQ(0x7300, r.pc);
	EXPECT_EQ(0x100c, r.usr_regs[1]);
	/* writeback with Rn in the list; Rn = PC; System mode */
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_LDM_ERET + 1, LDSTM(1, 1, 2)));
	EXPECT_TRUE(undef(M_SVC, UMBRA_SVC_LDM_ERET + 1, LDSTM(0, 15, 2)));
	EXPECT_TRUE(undef(M_SYS, UMBRA_SVC_LDM_ERET + 1, LDSTM(0, 1, 2)));
}

TEST(not_emulated)
{
	struct umbra_regs r;

	/* class 0 (the module's own) and 7 (reserved) */
	EXPECT_TRUE(undef(M_SVC, 0, 1));
	EXPECT_TRUE(undef(M_SVC, 7, 0));
	/* Thumb state; virtual User mode */
	EXPECT_TRUE(undef(M_SVC | UMBRA_PSR_T, UMBRA_SVC_CPS,
			  CPS(3, 0, PSR_IF, 0)));
	EXPECT_TRUE(undef(M_USR, UMBRA_SVC_CPS, CPS(3, 0, PSR_IF, 0)));
	/* ARMExpandImm */
	EXPECT_EQ(0xff000000, umbra_arm_expand_imm(0x4ff));
	EXPECT_EQ(0x3fc, umbra_arm_expand_imm(0xfff));
	init_regs(&r, M_SVC);
}

TEST_HARNESS_MAIN
