// SPDX-License-Identifier: GPL-2.0
/*
 * umbra target tests: the virtual CPU's emulated instructions, one test
 * per class.
 *
 * - every CP15 register umbra emulates, read and written with MRC/MCR
 *   from virtual PL1 and checked through UMBRA_GET/SET_ONE_REG and back in
 *   the guest; identification registers are read-only (MCR: virtual UND);
 * - the same registers from virtual User mode: a virtual Undefined
 *   Instruction exception (UND mode, LR_und, SPSR_und, banked registers
 *   checked), except the PL0-accessible TPIDRURW/TPIDRURO and barriers;
 * - TLB, cache and barrier operations: MCR runs, MRC is UND;
 * - condition-failed MRC/MCR (ARM cond field, Thumb IT block): no-ops;
 * - CPSR.E set by SETEND BE survives exits, MMIO data in guest byte order;
 * - CSSELR keeps Level/InD only, CCSIDR of an absent cache reads 0;
 * - MMIO loads and stores in Thumb state (16-bit and 32-bit encodings);
 * - identification registers compared with the native values that the
 *   test-only umbra_native.ko read at PL1 (Documentation/design.rst).
 *
 * The guest code is assembled here, word by word, into guest RAM: a
 * vector table at the RAM base (VBAR) whose handlers report the vector
 * with a forwarded hypercall, and the code under test at CODE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>

#include <linux/umbra_hypercall.h>

#include "umbra_test.h"

#define RAM_SIZE	0x10000u
#define VEC		GUEST_RAM_BASE			/* VBAR */
#define HANDLERS	(GUEST_RAM_BASE + 0x100)	/* 32 bytes each */
#define CODE		(GUEST_RAM_BASE + 0x1000)
#define BUF		(GUEST_RAM_BASE + 0x8000)	/* data for loads */
#define NO_VECTOR	0x33u		/* r3 before: no exception taken */
#define MARK		0x5a5a5a5au	/* r2, r4 before: not written */
#define AIF		(UMBRA_PSR_A | UMBRA_PSR_I | UMBRA_PSR_F)

/* instruction encodings (ARM ARM A8.8) */
#define COND_AL		0xeu
#define MCR(cond, opc1, crn, crm, opc2, rt) \
	((cond) << 28 | 0x0e000f10u | (opc1) << 21 | (crn) << 16 | \
	 (rt) << 12 | (opc2) << 5 | (crm))
#define MRC(cond, opc1, crn, crm, opc2, rt) \
	(MCR(cond, opc1, crn, crm, opc2, rt) | 1u << 20)
#define MOVW(rd, imm)	(0xe3000000u | ((imm) >> 12 & 0xf) << 16 | \
			 (rd) << 12 | ((imm) & 0xfff))
#define MOVT(rd, imm)	(0xe3400000u | ((imm) >> 28 & 0xf) << 16 | \
			 (rd) << 12 | ((imm) >> 16 & 0xfff))
#define MOV_IMM(rd, imm8) (0xe3a00000u | (rd) << 12 | (imm8))
#define SVC(imm)	(0xef000000u | (imm))
#define UDF		0xe7f000f0u
#define SETEND_BE	0xf1010200u
#define SETEND_LE	0xf1010000u
#define STR(rt, rn)	(0xe5800000u | (rn) << 16 | (rt) << 12)
#define LDR(rt, rn)	(0xe5900000u | (rn) << 16 | (rt) << 12)
#define LDRB(rt, rn)	(0xe5d00000u | (rn) << 16 | (rt) << 12)

#define PSR_Z		(1u << 30)

struct cp15_reg {
	const char *name;
	unsigned int opc1, crn, crm, opc2;
};

#define R(n, a, b, c, d) { #n, a, b, c, d }

/* identification registers (read-only; kmod/cp15.c umbra_cp15_read_id) */
static const struct cp15_reg id_regs[] = {
	R(MIDR, 0, 0, 0, 0), R(CTR, 0, 0, 0, 1), R(TCMTR, 0, 0, 0, 2),
	R(TLBTR, 0, 0, 0, 3), R(MPIDR, 0, 0, 0, 5), R(REVIDR, 0, 0, 0, 6),
	R(ID_PFR0, 0, 0, 1, 0), R(ID_PFR1, 0, 0, 1, 1),
	R(ID_DFR0, 0, 0, 1, 2), R(ID_AFR0, 0, 0, 1, 3),
	R(ID_MMFR0, 0, 0, 1, 4), R(ID_MMFR1, 0, 0, 1, 5),
	R(ID_MMFR2, 0, 0, 1, 6), R(ID_MMFR3, 0, 0, 1, 7),
	R(ID_ISAR0, 0, 0, 2, 0), R(ID_ISAR1, 0, 0, 2, 1),
	R(ID_ISAR2, 0, 0, 2, 2), R(ID_ISAR3, 0, 0, 2, 3),
	R(ID_ISAR4, 0, 0, 2, 4), R(ID_ISAR5, 0, 0, 2, 5),
	R(CLIDR, 1, 0, 0, 1), R(AIDR, 1, 0, 0, 7),
	R(CCSIDR, 1, 0, 0, 0),
};

/*
 * Read/write registers with a value to write and the value that must read
 * back (read-only bits and masks of kmod/cp15.c umbra_cp15_write_reg).
 */
struct rw_reg {
	struct cp15_reg r;
	__u32 write, expect;
	bool pl0_read, pl0_write;	/* accessible in User mode natively */
};

#define RW(n, a, b, c, d, w, e) \
	{ .r = R(n, a, b, c, d), .write = (w), .expect = (e) }
/* accessible at PL0: read, and write if @pw */
#define RW0(n, a, b, c, d, w, e, pw) \
	{ .r = R(n, a, b, c, d), .write = (w), .expect = (e), \
	  .pl0_read = true, .pl0_write = (pw) }
#define SCTLR_MASK	0x7000380fu	/* M A C Z I V TRE AFE TE, not M */
#define SCTLR_RESET	0x00c50078u
#define SCTLR_W		0xfffffffeu	/* everything but M (MMU stays off) */

static const struct rw_reg rw_regs[] = {
	RW(SCTLR, 0, 1, 0, 0, SCTLR_W,
	   (SCTLR_W & SCTLR_MASK) | (SCTLR_RESET & ~SCTLR_MASK)),
	RW(CPACR, 0, 1, 0, 2, 0x00f00000, 0x00f00000),
	RW(TTBR0, 0, 2, 0, 0, 0x40004059, 0x40004059),
	RW(TTBR1, 0, 2, 0, 1, 0x4000c04a, 0x4000c04a),
	RW(TTBCR, 0, 2, 0, 2, 0xffffffff, 0x37),
	RW(DACR, 0, 3, 0, 0, 0x5555aaaa, 0x5555aaaa),
	RW(DFSR, 0, 5, 0, 0, 0x00000805, 0x00000805),
	RW(IFSR, 0, 5, 0, 1, 0x0000000d, 0x0000000d),
	RW(DFAR, 0, 6, 0, 0, 0xdeadbeef, 0xdeadbeef),
	RW(IFAR, 0, 6, 0, 2, 0xcafef00d, 0xcafef00d),
	RW(PRRR, 0, 10, 2, 0, 0xff0a81a8, 0xff0a81a8),
	RW(NMRR, 0, 10, 2, 1, 0x40e040e0, 0x40e040e0),
	RW(VBAR, 0, 12, 0, 0, 0x4000ffff, 0x4000ffe0),
	RW(CONTEXTIDR, 0, 13, 0, 1, 0x00001207, 0x00001207),
	RW0(TPIDRURW, 0, 13, 0, 2, 0x12345678, 0x12345678, true),
	RW0(TPIDRURO, 0, 13, 0, 3, 0x9abcdef0, 0x9abcdef0, false),
	RW(TPIDRPRW, 0, 13, 0, 4, 0x0badcafe, 0x0badcafe),
	RW(CSSELR, 2, 0, 0, 0, 0xffffffff, 0xf),
};

/* write-only operations (B4.2): TLB, cache, branch predictor, barriers */
struct op {
	struct cp15_reg r;
	bool pl0;			/* a PL0 operation (CP15 barriers) */
};

#define OP(n, a, b, c, d)	{ .r = R(n, a, b, c, d) }
#define OP0(n, a, b, c, d)	{ .r = R(n, a, b, c, d), .pl0 = true }

static const struct op ops[] = {
	OP(TLBIALLIS, 0, 8, 3, 0), OP(TLBIMVAIS, 0, 8, 3, 1),
	OP(TLBIASIDIS, 0, 8, 3, 2), OP(TLBIMVAAIS, 0, 8, 3, 3),
	OP(ITLBIALL, 0, 8, 5, 0), OP(ITLBIMVA, 0, 8, 5, 1),
	OP(ITLBIASID, 0, 8, 5, 2), OP(DTLBIALL, 0, 8, 6, 0),
	OP(DTLBIMVA, 0, 8, 6, 1), OP(DTLBIASID, 0, 8, 6, 2),
	OP(TLBIALL, 0, 8, 7, 0), OP(TLBIMVA, 0, 8, 7, 1),
	OP(TLBIASID, 0, 8, 7, 2), OP(TLBIMVAA, 0, 8, 7, 3),
	OP(ICIALLUIS, 0, 7, 1, 0), OP(BPIALLIS, 0, 7, 1, 6),
	OP(ICIALLU, 0, 7, 5, 0), OP(ICIMVAU, 0, 7, 5, 1),
	OP(BPIALL, 0, 7, 5, 6), OP(BPIMVA, 0, 7, 5, 7),
	OP(DCIMVAC, 0, 7, 6, 1), OP(DCISW, 0, 7, 6, 2),
	OP(DCCMVAC, 0, 7, 10, 1), OP(DCCSW, 0, 7, 10, 2),
	OP(DCCMVAU, 0, 7, 11, 1), OP(DCCIMVAC, 0, 7, 14, 1),
	OP(DCCISW, 0, 7, 14, 2),
	OP0(CP15ISB, 0, 7, 5, 4), OP0(CP15DSB, 0, 7, 10, 4),
	OP0(CP15DMB, 0, 7, 10, 5),
};

static __u64 reg_id(const struct cp15_reg *r)
{
	return UMBRA_REG_CP15((__u64)r->opc1, r->crn, r->crm, r->opc2);
}

static int get_one(struct umbra_vm *vm, const struct cp15_reg *r, __u32 *v)
{
	struct umbra_one_reg one = { reg_id(r), (__u64)(uintptr_t)v };

	return ioctl(vm->vcpu_fd, UMBRA_GET_ONE_REG, &one);
}

static int set_one(struct umbra_vm *vm, const struct cp15_reg *r, __u32 v)
{
	struct umbra_one_reg one = { reg_id(r), (__u64)(uintptr_t)&v };

	return ioctl(vm->vcpu_fd, UMBRA_SET_ONE_REG, &one);
}

static __u32 *ram_word(struct umbra_vm *vm, __u32 ipa)
{
	return (__u32 *)(vm->ram + (ipa - GUEST_RAM_BASE));
}

/* B <target> at @at */
static __u32 branch(__u32 at, __u32 target)
{
	return 0xea000000u | (((target - (at + 8)) >> 2) & 0xffffff);
}

/* code to report r1-r6 with GUEST_HC_REPORT; returns the next word */
static __u32 *emit_report(__u32 *p)
{
	*p++ = MOVW(0, GUEST_HC_REPORT & 0xffff);
	*p++ = MOVT(0, GUEST_HC_REPORT);
	*p++ = SVC(UMBRA_SVC_HYPERCALL);
	return p;
}

/*
 * A VM whose vectors each set r3 to their number (0-7), report, and then
 * return from the exception with svc #1 (PC = LR, CPSR = SPSR).
 */
static int cpu_vm(struct umbra_vm *vm, int dev_fd)
{
	const struct cp15_reg vbar = R(VBAR, 0, 12, 0, 0);
	__u32 i, *p;

	if (umbra_vm_create(vm, dev_fd, RAM_SIZE))
		return -1;
	for (i = 0; i < 8; i++) {
		*ram_word(vm, VEC + 4 * i) = branch(VEC + 4 * i,
						    HANDLERS + 32 * i);
		p = ram_word(vm, HANDLERS + 32 * i);
		*p++ = MOV_IMM(3, i);
		p = emit_report(p);
		*p = SVC(UMBRA_SVC_ERET);
	}
	return set_one(vm, &vbar, VEC);
}

/*
 * Registers at entry: @cpsr, r1 = @r1, r2/r4 = MARK, r3 = NO_VECTOR. After
 * a hypercall exit the next UMBRA_RUN copies ret[0..3] to r0-r3 (api.rst),
 * SET_REGS or not: they get the same values.
 */
static int cpu_start(struct umbra_vm *vm, __u32 pc, __u32 cpsr, __u32 r1)
{
	struct umbra_regs regs;

	if (vm->run->exit_reason == UMBRA_EXIT_HYPERCALL) {
		vm->run->hypercall.ret[0] = 0;
		vm->run->hypercall.ret[1] = r1;
		vm->run->hypercall.ret[2] = MARK;
		vm->run->hypercall.ret[3] = NO_VECTOR;
	}

	if (umbra_get_regs(vm, &regs))
		return -1;
	memset(regs.usr_regs, 0, sizeof(regs.usr_regs));
	regs.usr_regs[1] = r1;
	regs.usr_regs[2] = MARK;
	regs.usr_regs[3] = NO_VECTOR;
	regs.usr_regs[4] = MARK;
	regs.usr_regs[6] = BUF;
	regs.usr_regs[7] = GUEST_MMIO_BASE;
	regs.usr_regs[13] = 0x1313;
	regs.svc_regs[0] = GUEST_RAM_BASE + RAM_SIZE;
	regs.und_regs[0] = 0x2b2b;
	regs.pc = pc;
	regs.cpsr = cpsr;
	return umbra_set_regs(vm, &regs);
}

/* ASSERT_REPORT(vm): the run stopped at a GUEST_HC_REPORT hypercall */
#define ASSERT_REPORT(vm) do { \
	ASSERT_RUN(vm, UMBRA_EXIT_HYPERCALL); \
	ASSERT_EQ(GUEST_HC_REPORT, (vm)->run->hypercall.nr); \
} while (0)
/* reported r1-r6 */
#define REP(vm, n)	((vm)->run->hypercall.args[(n) - 1])

/*
 * ASSERT_UNDEF(vm, insn_pc, cpsr): the report comes from the Undefined
 * Instruction vector, taken for the instruction at @insn_pc with CPSR
 * @old_cpsr: UND mode, IRQs masked, LR_und = insn + 4, SPSR_und = @old_cpsr,
 * SP_und and the other banks as they were.
 */
#define ASSERT_UNDEF(vm, insn_pc, old_cpsr) do { \
	struct umbra_regs __r; \
	ASSERT_REPORT(vm); \
	ASSERT_EQ(1u, REP(vm, 3)) TH_LOG("vector %#x, expected UND", \
					 REP(vm, 3)); \
	ASSERT_OK(umbra_get_regs(vm, &__r)); \
	EXPECT_EQ(UMBRA_PSR_MODE_UND, __r.cpsr & UMBRA_PSR_MODE_MASK); \
	EXPECT_TRUE(__r.cpsr & UMBRA_PSR_I); \
	EXPECT_EQ((__u32)(insn_pc) + 4, __r.und_regs[1]); \
	EXPECT_EQ((__u32)(old_cpsr), __r.und_regs[2]); \
	EXPECT_EQ(0x2b2bu, __r.und_regs[0]); \
	EXPECT_EQ(0x1313u, __r.usr_regs[13]); \
	EXPECT_EQ(GUEST_RAM_BASE + RAM_SIZE, __r.svc_regs[0]); \
} while (0)

UMBRA_FIXTURE(cpu)

/* Read/write registers from virtual PL1: MRC old, MCR new, MRC new. */
TEST_F(cpu, cp15_rw_registers_pl1)
{
	size_t i;

	ASSERT_OK(cpu_vm(&self->vm, self->dev_fd));
	for (i = 0; i < ARRAY_SIZE(rw_regs); i++) {
		const struct rw_reg *w = &rw_regs[i];
		const struct cp15_reg *r = &w->r;
		__u32 *p = ram_word(&self->vm, CODE), old, now;

		TH_LOG("%s", r->name);
		/* a value set by userspace reads back in the guest */
		ASSERT_EQ(0, set_one(&self->vm, r, w->expect ^ 0x1000));
		ASSERT_EQ(0, get_one(&self->vm, r, &old));
		*p++ = MRC(COND_AL, r->opc1, r->crn, r->crm, r->opc2, 2);
		*p++ = MCR(COND_AL, r->opc1, r->crn, r->crm, r->opc2, 1);
		*p++ = MRC(COND_AL, r->opc1, r->crn, r->crm, r->opc2, 4);
		emit_report(p);
		ASSERT_OK(cpu_start(&self->vm, CODE, GUEST_CPSR, w->write));
		ASSERT_REPORT(&self->vm);
		EXPECT_EQ(NO_VECTOR, REP(&self->vm, 3));
		EXPECT_EQ(old, REP(&self->vm, 2));
		EXPECT_EQ(w->expect, REP(&self->vm, 4));
		ASSERT_EQ(0, get_one(&self->vm, r, &now));
		EXPECT_EQ(w->expect, now);
		if (r->crn == 12) {	/* VBAR back for the vectors */
			ASSERT_EQ(0, set_one(&self->vm, r, VEC));
		} else if (r->crn == 1 && r->opc2 == 0) {	/* SCTLR */
			ASSERT_EQ(0, set_one(&self->vm, r, SCTLR_RESET));
		}
	}
}

/*
 * Identification registers from virtual PL1: MRC reads what ONE_REG
 * reads; MCR and SET_ONE_REG are refused (virtual UND, EINVAL).
 */
TEST_F(cpu, cp15_id_registers_pl1)
{
	size_t i;

	ASSERT_OK(cpu_vm(&self->vm, self->dev_fd));
	for (i = 0; i < ARRAY_SIZE(id_regs); i++) {
		const struct cp15_reg *r = &id_regs[i];
		__u32 *p = ram_word(&self->vm, CODE), v, after;

		TH_LOG("%s", r->name);
		ASSERT_EQ(0, get_one(&self->vm, r, &v));
		ASSERT_ERRNO(EINVAL, set_one(&self->vm, r, ~v));
		*p++ = MRC(COND_AL, r->opc1, r->crn, r->crm, r->opc2, 2);
		p = emit_report(p);
		*p = MCR(COND_AL, r->opc1, r->crn, r->crm, r->opc2, 1);
		ASSERT_OK(cpu_start(&self->vm, CODE, GUEST_CPSR, ~v));
		ASSERT_REPORT(&self->vm);
		EXPECT_EQ(NO_VECTOR, REP(&self->vm, 3));
		EXPECT_EQ(v, REP(&self->vm, 2));
		/* resume: the MCR after the report */
		ASSERT_UNDEF(&self->vm, CODE + 16, GUEST_CPSR);
		ASSERT_EQ(0, get_one(&self->vm, r, &after));
		EXPECT_EQ(v, after);
	}
}

/* Operations from virtual PL1: MCR runs on; MRC of one is UND. */
TEST_F(cpu, cp15_operations_pl1)
{
	size_t i;

	ASSERT_OK(cpu_vm(&self->vm, self->dev_fd));
	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		const struct cp15_reg *r = &ops[i].r;
		__u32 *p = ram_word(&self->vm, CODE);

		TH_LOG("%s", r->name);
		*p++ = MCR(COND_AL, r->opc1, r->crn, r->crm, r->opc2, 1);
		p = emit_report(p);
		*p = MRC(COND_AL, r->opc1, r->crn, r->crm, r->opc2, 2);
		ASSERT_OK(cpu_start(&self->vm, CODE, GUEST_CPSR, CODE));
		ASSERT_REPORT(&self->vm);
		EXPECT_EQ(NO_VECTOR, REP(&self->vm, 3));
		if (ops[i].pl0)
			continue;	/* an MRC of a barrier is not trapped */
		self->vm.run->hypercall.ret[2] = MARK;	/* r2 on resume */
		ASSERT_UNDEF(&self->vm, CODE + 16, GUEST_CPSR);
		EXPECT_EQ(MARK, REP(&self->vm, 2));
	}
}

/*
 * Virtual User mode: MRC and MCR of every PL1 register and operation are
 * virtual Undefined Instruction exceptions and change nothing; the
 * PL0-accessible ones run natively.
 */
TEST_F(cpu, cp15_from_user_mode_undefined)
{
	const __u32 usr = UMBRA_PSR_MODE_USR | 0x80000000u;
	struct cp15_reg all[ARRAY_SIZE(id_regs) + ARRAY_SIZE(rw_regs) +
			    ARRAY_SIZE(ops)];
	bool pl0_read[ARRAY_SIZE(all)] = { 0 }, pl0_write[ARRAY_SIZE(all)];
	size_t i, n = 0;
	int l;

	memset(pl0_write, 0, sizeof(pl0_write));
	for (i = 0; i < ARRAY_SIZE(id_regs); i++)
		all[n++] = id_regs[i];
	for (i = 0; i < ARRAY_SIZE(rw_regs); i++) {
		pl0_read[n] = rw_regs[i].pl0_read;
		pl0_write[n] = rw_regs[i].pl0_write;
		all[n++] = rw_regs[i].r;
	}
	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		pl0_write[n] = ops[i].pl0;
		pl0_read[n] = ops[i].pl0;
		all[n++] = ops[i].r;
	}
	ASSERT_OK(cpu_vm(&self->vm, self->dev_fd));
	for (i = 0; i < n; i++)
		for (l = 0; l < 2; l++) {
			const struct cp15_reg *r = &all[i];
			__u32 *p = ram_word(&self->vm, CODE), before, after;
			bool native = l ? pl0_read[i] : pl0_write[i];

			if (native)
				continue;
			TH_LOG("%s %s from User mode", l ? "MRC" : "MCR",
			       r->name);
			get_one(&self->vm, r, &before);
			*p++ = l ? MRC(COND_AL, r->opc1, r->crn, r->crm,
				       r->opc2, 2) :
				   MCR(COND_AL, r->opc1, r->crn, r->crm,
				       r->opc2, 1);
			emit_report(p);
			ASSERT_OK(cpu_start(&self->vm, CODE, usr, 0x0f0f0f0f));
			ASSERT_UNDEF(&self->vm, CODE, usr);
			EXPECT_EQ(MARK, REP(&self->vm, 2));
			after = before;
			get_one(&self->vm, r, &after);
			EXPECT_EQ(before, after);
		}
}

/*
 * Undefined Instruction from User mode, exception return (svc #1 in the
 * handler) to the instruction after the UDF, then a system call: the SVC
 * vector in SVC mode with SPSR_svc = the User CPSR and LR_svc = the
 * instruction after the SVC; User SP and LR untouched throughout.
 */
TEST_F(cpu, undef_return_then_svc_banked)
{
	const __u32 usr = UMBRA_PSR_MODE_USR | 0x60000000u;
	struct umbra_regs r;
	__u32 *p;

	ASSERT_OK(cpu_vm(&self->vm, self->dev_fd));
	p = ram_word(&self->vm, CODE);
	*p++ = UDF;
	*p++ = MOV_IMM(5, 0x77);
	*p++ = SVC(0);
	ASSERT_OK(cpu_start(&self->vm, CODE, usr, 1));
	ASSERT_UNDEF(&self->vm, CODE, usr);
	ASSERT_REPORT(&self->vm);	/* resumed: svc #1, mov, svc #0 */
	EXPECT_EQ(2u, REP(&self->vm, 3)) TH_LOG("expected the SVC vector");
	EXPECT_EQ(0x77u, REP(&self->vm, 5));
	ASSERT_OK(umbra_get_regs(&self->vm, &r));
	EXPECT_EQ(UMBRA_PSR_MODE_SVC, r.cpsr & UMBRA_PSR_MODE_MASK);
	EXPECT_EQ(usr, r.svc_regs[2]);
	EXPECT_EQ(CODE + 12, r.svc_regs[1]);
	EXPECT_EQ(GUEST_RAM_BASE + RAM_SIZE, r.svc_regs[0]);
	EXPECT_EQ(0x1313u, r.usr_regs[13]);
	EXPECT_EQ(0x2b2bu, r.und_regs[0]);
	EXPECT_EQ(CODE + 4, r.und_regs[1]);
}

/*
 * A condition-failed MRC/MCR is a no-op (ARM ARM A8.3), even to a register
 * umbra does not have; a passing one runs. Whether the CPU traps a
 * condition-failed one is IMPLEMENTATION DEFINED: QEMU tests the condition
 * first and never does, so there this checks the architecture only; on a
 * CPU that traps it, it checks umbra_emulate_cp15() (the condition logic
 * itself: tests/unit/test_cpu.c). The Thumb IT test below is the
 * regression test QEMU can run.
 */
TEST_F(cpu, cp15_condition_failed_is_noop)
{
	const struct cp15_reg tpidrprw = R(TPIDRPRW, 0, 13, 0, 4);
	const __u32 cond_eq = 0x0, cond_ne = 0x1;
	__u32 *p, v;

	ASSERT_OK(cpu_vm(&self->vm, self->dev_fd));
	ASSERT_EQ(0, set_one(&self->vm, &tpidrprw, 0x11111111));
	p = ram_word(&self->vm, CODE);
	*p++ = MCR(cond_eq, 0, 13, 0, 4, 1);	/* Z clear: skipped */
	*p++ = MRC(cond_eq, 0, 13, 0, 4, 2);	/* skipped: r2 stays */
	*p++ = MCR(cond_eq, 0, 15, 15, 7, 1);	/* no such register */
	*p++ = MRC(cond_ne, 0, 13, 0, 4, 4);	/* runs */
	emit_report(p);
	ASSERT_OK(cpu_start(&self->vm, CODE, GUEST_CPSR, 0x22222222));
	ASSERT_REPORT(&self->vm);
	EXPECT_EQ(NO_VECTOR, REP(&self->vm, 3));
	EXPECT_EQ(MARK, REP(&self->vm, 2));
	EXPECT_EQ(0x11111111u, REP(&self->vm, 4));
	ASSERT_EQ(0, get_one(&self->vm, &tpidrprw, &v));
	EXPECT_EQ(0x11111111u, v);

	/* Z set: the same code writes, reads, and the c15 access is UND */
	ASSERT_OK(cpu_start(&self->vm, CODE, GUEST_CPSR | PSR_Z, 0x22222222));
	ASSERT_UNDEF(&self->vm, CODE + 8, GUEST_CPSR | PSR_Z);
	EXPECT_EQ(0x22222222u, REP(&self->vm, 2));
	ASSERT_EQ(0, get_one(&self->vm, &tpidrprw, &v));
	EXPECT_EQ(0x22222222u, v);
}

/*
 * Thumb, "ite eq; mcreq p15, 0, r1, c13, c0, 4; movne r5, #1":
 * - Z clear: the MCR is skipped (a no-op, whether or not the CPU traps
 *   it), the MOVNE runs;
 * - Z set (regression): the MCR is emulated and must advance the IT block
 *   (ITAdvance(), A2.5.2), so that the MOVNE is skipped.
 */
TEST_F(cpu, cp15_thumb_it_block)
{
	const struct cp15_reg tpidrprw = R(TPIDRPRW, 0, 13, 0, 4);
	__u32 mcr = MCR(COND_AL, 0, 13, 0, 4, 1), v;
	__u16 *h;
	int z;

	ASSERT_OK(cpu_vm(&self->vm, self->dev_fd));
	h = (__u16 *)ram_word(&self->vm, CODE);
	h[0] = 0xbf0c;			/* ite eq */
	h[1] = mcr >> 16;		/* mcreq p15, 0, r1, c13, c0, 4 */
	h[2] = mcr & 0xffff;
	h[3] = 0x2501;			/* movne r5, #1 */
	h[4] = 0x4778;			/* bx pc (to ARM at CODE + 12) */
	h[5] = 0xbf00;			/* nop */
	emit_report(ram_word(&self->vm, CODE + 12));
	for (z = 0; z < 2; z++) {
		TH_LOG("Z %d", z);
		ASSERT_EQ(0, set_one(&self->vm, &tpidrprw, 0x11111111));
		ASSERT_OK(cpu_start(&self->vm, CODE, GUEST_CPSR | UMBRA_PSR_T |
				    (z ? PSR_Z : 0), 0x22222222));
		ASSERT_REPORT(&self->vm);
		EXPECT_EQ(NO_VECTOR, REP(&self->vm, 3));
		EXPECT_EQ(z ? 0u : 1u, REP(&self->vm, 5))
			TH_LOG("movne %s", z ? "ran" : "did not run");
		ASSERT_EQ(0, get_one(&self->vm, &tpidrprw, &v));
		EXPECT_EQ(z ? 0x22222222u : 0x11111111u, v);
	}
}

/*
 * Regression: CPSR.E set by SETEND BE (no trap at PL0) survives an exit:
 * a byte load after it sees big-endian memory; MMIO data are in guest
 * address order.
 */
TEST_F(cpu, setend_be_survives_exits)
{
	struct umbra_regs r;
	__u32 *p;

	ASSERT_OK(cpu_vm(&self->vm, self->dev_fd));
	p = ram_word(&self->vm, CODE);
	*p++ = SETEND_BE;
	p = emit_report(p);			/* an exit */
	*p++ = MOVW(5, 0x3344);
	*p++ = MOVT(5, 0x11223344);
	*p++ = STR(5, 6);			/* [BUF] = 11 22 33 44 */
	*p++ = LDRB(1, 6);			/* r1 = 0x11 */
	*p++ = STR(5, 7);			/* MMIO store */
	*p++ = LDR(2, 7);			/* MMIO load */
	*p++ = SETEND_LE;
	*p++ = LDR(4, 6);			/* r4 = 0x44332211 */
	emit_report(p);
	ASSERT_OK(cpu_start(&self->vm, CODE, GUEST_CPSR, 0));
	ASSERT_REPORT(&self->vm);
	ASSERT_OK(umbra_get_regs(&self->vm, &r));
	EXPECT_TRUE(r.cpsr & UMBRA_PSR_E);
	/* SET_REGS takes back what GET_REGS gave */
	ASSERT_OK(umbra_set_regs(&self->vm, &r));

	ASSERT_RUN(&self->vm, UMBRA_EXIT_MMIO);
	ASSERT_EQ(1, self->vm.run->mmio.is_write);
	ASSERT_EQ(4u, self->vm.run->mmio.len);
	EXPECT_EQ(0, memcmp(self->vm.run->mmio.data, "\x11\x22\x33\x44", 4));
	ASSERT_RUN(&self->vm, UMBRA_EXIT_MMIO);
	ASSERT_EQ(0, self->vm.run->mmio.is_write);
	memcpy(self->vm.run->mmio.data, "\xa1\xb2\xc3\xd4", 4);
	ASSERT_REPORT(&self->vm);
	EXPECT_EQ(0x11u, REP(&self->vm, 1));
	EXPECT_EQ(0xa1b2c3d4u, REP(&self->vm, 2));
	EXPECT_EQ(0x44332211u, REP(&self->vm, 4));
	EXPECT_EQ(0, memcmp(ram_word(&self->vm, BUF), "\x11\x22\x33\x44", 4));
	ASSERT_OK(umbra_get_regs(&self->vm, &r));
	EXPECT_FALSE(r.cpsr & UMBRA_PSR_E);
}

/*
 * Regression: CSSELR keeps Level and InD only; CCSIDR of a cache CLIDR
 * does not describe reads 0 (umbra's choice for UNKNOWN, B4.1.19).
 */
TEST_F(cpu, csselr_masked_ccsidr_checked)
{
	const struct cp15_reg csselr = R(CSSELR, 2, 0, 0, 0);
	const struct cp15_reg ccsidr = R(CCSIDR, 1, 0, 0, 0);
	__u32 *p, v;

	ASSERT_OK(cpu_vm(&self->vm, self->dev_fd));
	p = ram_word(&self->vm, CODE);
	*p++ = MCR(COND_AL, 2, 0, 0, 0, 1);
	*p++ = MRC(COND_AL, 2, 0, 0, 0, 2);
	*p++ = MRC(COND_AL, 1, 0, 0, 0, 4);
	emit_report(p);
	ASSERT_OK(cpu_start(&self->vm, CODE, GUEST_CPSR, 0xfffffffe));
	ASSERT_REPORT(&self->vm);
	EXPECT_EQ(0xeu, REP(&self->vm, 2));	/* Level 8: no such cache */
	EXPECT_EQ(0u, REP(&self->vm, 4));
	ASSERT_EQ(0, get_one(&self->vm, &csselr, &v));
	EXPECT_EQ(0xeu, v);
	ASSERT_EQ(0, get_one(&self->vm, &ccsidr, &v));
	EXPECT_EQ(0u, v);
	/* reserved bits with a valid selection: dropped, L1 data cache */
	ASSERT_OK(cpu_start(&self->vm, CODE, GUEST_CPSR, 0xabcdef00));
	ASSERT_REPORT(&self->vm);
	EXPECT_EQ(0u, REP(&self->vm, 2));
}

/* ASSERT_MMIO(vm, write, ipa, len): the run stopped at this MMIO access */
#define ASSERT_MMIO(vm, write, ipa, n) do { \
	ASSERT_RUN(vm, UMBRA_EXIT_MMIO); \
	EXPECT_EQ((write), (vm)->run->mmio.is_write); \
	EXPECT_EQ((__u64)(ipa), (vm)->run->mmio.phys_addr); \
	ASSERT_EQ((__u32)(n), (vm)->run->mmio.len); \
} while (0)

/*
 * MMIO from Thumb state: 16-bit and 32-bit loads and stores, with sign
 * extension and post-indexed writeback, decoded by the module.
 */
TEST_F(cpu, mmio_thumb_state)
{
	static const __u16 code[] = {
		0x6039,			/* str r1, [r7] */
		0x7079,			/* strb r1, [r7, #1] */
		0xf8b7, 0x2002,		/* ldrh.w r2, [r7, #2] */
		0xf997, 0x3003,		/* ldrsb.w r3, [r7, #3] */
		0xf847, 0x4b04,		/* str.w r4, [r7], #4 */
		0x4778,			/* bx pc (to ARM at CODE + 20) */
		0xbf00,			/* nop */
	};
	struct umbra_run *run;
	__u32 *p;

	ASSERT_OK(cpu_vm(&self->vm, self->dev_fd));
	run = self->vm.run;
	memcpy(ram_word(&self->vm, CODE), code, sizeof(code));
	p = ram_word(&self->vm, CODE + sizeof(code));
	*p++ = 0xe1a05007;		/* mov r5, r7 */
	emit_report(p);
	ASSERT_OK(cpu_start(&self->vm, CODE, GUEST_CPSR | UMBRA_PSR_T,
			    0x11223344));
	ASSERT_MMIO(&self->vm, 1, GUEST_MMIO_BASE, 4);
	EXPECT_EQ(0, memcmp(run->mmio.data, "\x44\x33\x22\x11", 4));
	ASSERT_MMIO(&self->vm, 1, GUEST_MMIO_BASE + 1, 1);
	EXPECT_EQ(0x44, run->mmio.data[0]);
	ASSERT_MMIO(&self->vm, 0, GUEST_MMIO_BASE + 2, 2);
	memcpy(run->mmio.data, "\xef\xbe", 2);
	ASSERT_MMIO(&self->vm, 0, GUEST_MMIO_BASE + 3, 1);
	run->mmio.data[0] = 0x80;
	ASSERT_MMIO(&self->vm, 1, GUEST_MMIO_BASE, 4);
	EXPECT_EQ(0, memcmp(run->mmio.data, "\x5a\x5a\x5a\x5a", 4));
	ASSERT_REPORT(&self->vm);
	EXPECT_EQ(0xbeefu, REP(&self->vm, 2));
	EXPECT_EQ(0xffffff80u, REP(&self->vm, 3));
	EXPECT_EQ(GUEST_MMIO_BASE + 4, REP(&self->vm, 5));
}

/* umbra_native.ko's values, by its index (tests/target/native) */
enum {
	N_MIDR, N_CTR, N_TCMTR, N_TLBTR, N_MPIDR, N_REVIDR,
	N_ID_PFR0, N_ID_PFR1, N_ID_DFR0, N_ID_AFR0,
	N_ID_MMFR0, N_ID_MMFR1, N_ID_MMFR2, N_ID_MMFR3,
	N_ID_ISAR0, N_ID_ISAR1, N_ID_ISAR2, N_ID_ISAR3, N_ID_ISAR4,
	N_ID_ISAR5, N_CLIDR, N_AIDR, N_CCSIDR0, N_COUNT = N_CCSIDR0 + 14
};

#define NATIVE_PARAM	"/sys/module/umbra_native/parameters/idregs"

static int read_native(__u32 *v)
{
	FILE *f = fopen(NATIVE_PARAM, "r");
	int n = 0;

	if (!f)
		return -1;
	while (n < N_COUNT && fscanf(f, "%u,", &v[n]) == 1)
		n++;
	fclose(f);
	return n == N_COUNT ? 0 : -1;
}

/*
 * The guest's identification registers against the host CPU's, read at
 * PL1 by umbra_native.ko: equal, except the documented differences
 * (Documentation/design.rst, "Identification registers").
 */
TEST_F(cpu, id_registers_match_native)
{
	__u32 native[N_COUNT], guest[ARRAY_SIZE(id_regs)], v, *p, sel;
	const struct cp15_reg csselr = R(CSSELR, 2, 0, 0, 0);
	size_t i;

	ASSERT_EQ(0, read_native(native))
		TH_LOG("cannot read %s: is umbra_native.ko loaded?",
		       NATIVE_PARAM);
	ASSERT_OK(cpu_vm(&self->vm, self->dev_fd));
	/* what the guest reads with MRC (ONE_REG agrees: test above) */
	for (i = 0; i + 1 < ARRAY_SIZE(id_regs); i++) {
		const struct cp15_reg *r = &id_regs[i];

		p = ram_word(&self->vm, CODE);
		*p++ = MRC(COND_AL, r->opc1, r->crn, r->crm, r->opc2, 2);
		emit_report(p);
		ASSERT_OK(cpu_start(&self->vm, CODE, GUEST_CPSR, 0));
		ASSERT_REPORT(&self->vm);
		guest[i] = REP(&self->vm, 2);
		TH_LOG("%-9s guest %#010x native %#010x", r->name, guest[i],
		       native[i]);
	}
	/* equal */
	EXPECT_EQ(native[N_MIDR], guest[N_MIDR]);
	EXPECT_EQ(native[N_CTR], guest[N_CTR]);
	EXPECT_EQ(native[N_ID_PFR0], guest[N_ID_PFR0]);
	EXPECT_EQ(native[N_ID_MMFR1], guest[N_ID_MMFR1]);
	EXPECT_EQ(native[N_ID_MMFR2], guest[N_ID_MMFR2]);
	EXPECT_EQ(native[N_ID_MMFR3], guest[N_ID_MMFR3]);
	for (i = N_ID_ISAR0; i <= N_ID_ISAR5; i++)
		EXPECT_EQ(native[i], guest[i]) TH_LOG("ID_ISAR%zu",
						      i - N_ID_ISAR0);
	EXPECT_EQ(native[N_CLIDR], guest[N_CLIDR]);
	/* no TCM, TLB type, revision or auxiliary ID information */
	EXPECT_EQ(0u, guest[N_TCMTR]);
	EXPECT_EQ(0u, guest[N_TLBTR]);
	EXPECT_EQ(0u, guest[N_REVIDR]);
	EXPECT_EQ(0u, guest[N_AIDR]);
	/* MPIDR: multiprocessing format, uniprocessor 0, Aff0 = vCPU id */
	EXPECT_EQ(0x80000000u, guest[N_MPIDR]);
	/* ID_PFR1: no Security (7:4), Virtualization (15:12); no timer
	 * (19:16) without an irqchip */
	EXPECT_EQ(native[N_ID_PFR1] & 0xf0fu, guest[N_ID_PFR1]);
	/* no debug architecture, no auxiliary features */
	EXPECT_EQ(0u, guest[N_ID_DFR0]);
	EXPECT_EQ(0u, guest[N_ID_AFR0]);
	/* ID_MMFR0.VMSA: 3, VMSAv7 without PXN (4) or LPAE (5) */
	EXPECT_EQ((native[N_ID_MMFR0] & ~0xfu) | 3, guest[N_ID_MMFR0]);
	EXPECT_GE(native[N_ID_MMFR0] & 0xf, 3u);

	/* CCSIDR for each CSSELR: native where a cache exists, else 0 */
	for (sel = 0; sel < 14; sel++) {
		ASSERT_EQ(0, set_one(&self->vm, &csselr, sel));
		p = ram_word(&self->vm, CODE);
		*p++ = MRC(COND_AL, 1, 0, 0, 0, 2);
		emit_report(p);
		ASSERT_OK(cpu_start(&self->vm, CODE, GUEST_CPSR, 0));
		ASSERT_REPORT(&self->vm);
		v = REP(&self->vm, 2);
		EXPECT_EQ(native[N_CCSIDR0 + sel], v)
			TH_LOG("CCSIDR for CSSELR %u", sel);
	}
}

TEST_HARNESS_MAIN
