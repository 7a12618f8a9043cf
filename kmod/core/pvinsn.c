// SPDX-License-Identifier: GPL-2.0
/*
 * Emulation of the paravirtual sensitive instructions (SVC classes 1-15,
 * include/uapi/linux/umbra_hypercall.h) as the originals behave at PL1 on
 * an ARMv7-A processor without Security, Virtualization or Jazelle
 * extensions visible to the guest. Pseudocode followed, by class:
 *
 *  1 CPS            B9.3 "CPS (ARM)"
 *  2 MRS, MSR       B9.3 "MRS", B9.3 "MSR (register)"
 *  3 MSR immediate  B9.3 "MSR (immediate)"
 *  4, 5             B9.3 "SUBS PC, LR and related instructions (ARM)"
 *  6 RFE, SRS       B9.3 "RFE", B9.3 "SRS (ARM)"
 *  8-9 STM (User)   B9.3 "STM (User registers)"
 *  10-11 LDM (User) B9.3 "LDM (User registers)"
 *  12-15 LDM        B9.3 "LDM (exception return)"
 *
 * with CPSR and SPSR writes after B1.3.3 (CPSRWriteByInstr(),
 * SPSRWriteByInstr()). Choices where the architecture leaves freedom:
 *  - every UNPREDICTABLE case the pseudocode names (User or System mode
 *    for the SPSR and exception-return forms, a bad mode in a CPSR or
 *    SPSR write, R15 as a base, an empty register list, writeback with the
 *    base in the list of an exception-return LDM, CPS field combinations),
 *    a payload with a bit set outside its fields, and an exception return
 *    to a state umbra cannot run (Jazelle, CPSR.J) are a virtual Undefined
 *    Instruction, with no register or memory changed;
 *  - CPSR.E is guest state (SETEND does not trap): MSR writes it with the
 *    x field, as CPSRWriteByInstr() does, and exception returns restore it
 *    from the SPSR, like svc #1;
 *  - SCTLR.NMFI reads as 0: F is writable like I and A;
 *  - memory is accessed as the guest kernel's own loads and stores at PL1
 *    (MemA: word alignment is checked whatever SCTLR.A says); a fault is
 *    the virtual Data Abort the guest's MMU would raise. Loads complete
 *    before any register is written, so an abort leaves the registers as
 *    they were; the words stored before a faulting store stay written, as
 *    for an aborted STM on hardware.
 */
#include "pvinsn.h"
#include "vcpu_regs.h"
#include <linux/umbra_hypercall.h>

#define PSR_NZCVQ	0xf8000000u
#define PSR_IT10_J	0x07000000u	/* IT[1:0], J */
#define PSR_GE		0x000f0000u
#define PSR_IT72	0x0000fc00u
#define PSR_C		(1u << 29)
#define PSR_J		UMBRA_PSR_J
/* MRS of the CPSR: the execution state bits (IT, J, T) read as zero */
#define MRS_CPSR_MASK	0xf8ff03dfu

#define GET(p, f)	UMBRA_SVC_GET(p, f)

struct pv_ctx {
	struct umbra_regs *regs;
	const struct umbra_pv_mem *mem;
	struct umbra_pv_fault *fault;
	u32 r[16];		/* the current mode's r0-r14, PC + 8 */
};

static bool user_or_system(u32 cpsr)
{
	u32 mode = cpsr & UMBRA_PSR_MODE_MASK;

	return mode == UMBRA_PSR_MODE_USR || mode == UMBRA_PSR_MODE_SYS;
}

static u32 *spsr_of(struct umbra_regs *regs)
{
	return &umbra_regs_bank(regs, regs->cpsr)[2];
}

static u32 ror32(u32 v, unsigned int n)
{
	n &= 31;
	return n ? (v >> n) | (v << (32 - n)) : v;
}

/**
 * umbra_arm_expand_imm() - the 32-bit value of a modified immediate
 * constant (ARM ARM A5.2.4, ARMExpandImm()).
 * @imm12: rotation [11:8], value [7:0]
 *
 * Return: the constant.
 */
u32 umbra_arm_expand_imm(u32 imm12)
{
	return ror32(imm12 & 0xff, 2 * ((imm12 >> 8) & 0xf));
}

/*
 * CPSRWriteByInstr(value, mask, is_excpt_return) at PL1 (B1.3.3).
 * Return: 0 with the new CPSR in *@out, or -EINVAL (*@out unchanged) for
 * a write that is UNPREDICTABLE: a bad mode, or J set by an exception
 * return.
 */
static int cpsr_write(u32 cpsr, u32 value, u32 mask, bool eret, u32 *out)
{
	if (mask & 8) {
		cpsr = (cpsr & ~PSR_NZCVQ) | (value & PSR_NZCVQ);
		if (eret)
			cpsr = (cpsr & ~PSR_IT10_J) | (value & PSR_IT10_J);
	}
	if (mask & 4)
		cpsr = (cpsr & ~PSR_GE) | (value & PSR_GE);
	if (mask & 2) {
		if (eret)
			cpsr = (cpsr & ~PSR_IT72) | (value & PSR_IT72);
		cpsr = (cpsr & ~(UMBRA_PSR_A | UMBRA_PSR_E)) |
		       (value & (UMBRA_PSR_A | UMBRA_PSR_E));
	}
	if (mask & 1) {
		cpsr = (cpsr & ~(UMBRA_PSR_I | UMBRA_PSR_F)) |
		       (value & (UMBRA_PSR_I | UMBRA_PSR_F));
		if (eret)
			cpsr = (cpsr & ~UMBRA_PSR_T) | (value & UMBRA_PSR_T);
		if (!umbra_psr_mode_valid(value))
			return -EINVAL;
		cpsr = (cpsr & ~UMBRA_PSR_MODE_MASK) |
		       (value & UMBRA_PSR_MODE_MASK);
	}
	if (cpsr & PSR_J)
		return -EINVAL;
	*out = cpsr;
	return 0;
}

/* SPSRWriteByInstr(value, mask) (B1.3.3); the caller checks the mode. */
static int spsr_write(u32 *spsr, u32 value, u32 mask)
{
	u32 v = *spsr;

	if (mask & 8)
		v = (v & ~0xff000000u) | (value & 0xff000000u);
	if (mask & 4)
		v = (v & ~0x000f0000u) | (value & 0x000f0000u);
	if (mask & 2)
		v = (v & ~0x0000ff00u) | (value & 0x0000ff00u);
	if (mask & 1) {
		if (!umbra_psr_mode_valid(value))
			return -EINVAL;
		v = (v & ~0xffu) | (value & 0xffu);
	}
	*spsr = v;
	return 0;
}

/* The exception return's CPSR and PC, committed by the caller. */
static int eret_state(u32 cpsr, u32 value, u32 new_pc, u32 *new_cpsr,
		      u32 *pc)
{
	if (cpsr_write(cpsr, value, 0xf, true, new_cpsr))
		return -EINVAL;
	/* BranchWritePC() in the new instruction set state (A2.3.1) */
	*pc = new_pc & ((*new_cpsr & UMBRA_PSR_T) ? ~1u : ~3u);
	return 0;
}

static void load_regs(struct pv_ctx *c)
{
	umbra_regs_to_phys(c->regs, c->r);
	c->r[15] = c->regs->pc + 8;
}

static void store_regs(struct pv_ctx *c)
{
	umbra_regs_from_phys(c->regs, c->r);
}

static int mem_fault(struct pv_ctx *c, int ret, u32 va, u32 fsr, bool write)
{
	c->fault->far = va;
	c->fault->fsr = fsr | (write ? UMBRA_PV_FSR_WNR : 0);
	return ret == -EFAULT ? UMBRA_PV_ABORT : UMBRA_PV_NOT_RAM;
}

/* MemA[] loads of @n words from @va into @val */
static int read_words(struct pv_ctx *c, u32 va, u32 *val, unsigned int n)
{
	unsigned int i;
	u32 fsr = 0;
	int ret;

	if (va & 3)
		return mem_fault(c, -EFAULT, va, UMBRA_PV_FSR_ALIGNMENT, false);
	for (i = 0; i < n; i++, va += 4) {
		ret = c->mem->read(c->mem->ctx, va, &val[i], &fsr);
		if (ret)
			return mem_fault(c, ret, va, fsr, false);
	}
	return 0;
}

static int write_words(struct pv_ctx *c, u32 va, const u32 *val,
		       unsigned int n)
{
	unsigned int i;
	u32 fsr = 0;
	int ret;

	if (va & 3)
		return mem_fault(c, -EFAULT, va, UMBRA_PV_FSR_ALIGNMENT, true);
	for (i = 0; i < n; i++, va += 4) {
		ret = c->mem->write(c->mem->ctx, va, val[i], &fsr);
		if (ret)
			return mem_fault(c, ret, va, fsr, true);
	}
	return 0;
}

static int pv_cps(struct pv_ctx *c, u32 p)
{
	u32 imod = GET(p, UMBRA_PV_CPS_IMOD), m = GET(p, UMBRA_PV_CPS_M);
	u32 aif = p & (UMBRA_PSR_A | UMBRA_PSR_I | UMBRA_PSR_F);
	u32 mode = GET(p, UMBRA_PV_CPS_MODE), val = c->regs->cpsr;

	if (p & ~0xe01dfu)
		return UMBRA_PV_UNDEF;
	if ((mode && !m) || ((imod & 2) && !aif) || (!(imod & 2) && aif) ||
	    (imod == 0 && !m) || imod == 1)
		return UMBRA_PV_UNDEF;
	if (imod == 2)
		val &= ~aif;
	else if (imod == 3)
		val |= aif;
	if (m)
		val = (val & ~UMBRA_PSR_MODE_MASK) | mode;
	if (cpsr_write(c->regs->cpsr, val, 0xf, false, &c->regs->cpsr))
		return UMBRA_PV_UNDEF;
	return UMBRA_PV_DONE;
}

/* MSR CPSR/SPSR (B9.3) */
static int pv_msr(struct pv_ctx *c, bool spsr, u32 mask, u32 val)
{
	if (!mask)
		return UMBRA_PV_UNDEF;
	if (spsr) {
		if (user_or_system(c->regs->cpsr) ||
		    spsr_write(spsr_of(c->regs), val, mask))
			return UMBRA_PV_UNDEF;
		return UMBRA_PV_DONE;
	}
	if (cpsr_write(c->regs->cpsr, val, mask, false, &c->regs->cpsr))
		return UMBRA_PV_UNDEF;
	return UMBRA_PV_DONE;
}

static int pv_mrs_msr(struct pv_ctx *c, u32 p)
{
	bool spsr = GET(p, UMBRA_PV_MRS_MSR_R);
	u32 reg = GET(p, UMBRA_PV_MRS_MSR_REG);

	if (reg == 15)
		return UMBRA_PV_UNDEF;
	if (GET(p, UMBRA_PV_MRS_MSR_MSR)) {
		if (p & ~0xc0f0fu)
			return UMBRA_PV_UNDEF;
		return pv_msr(c, spsr, GET(p, UMBRA_PV_MRS_MSR_MASK),
			      c->r[reg]);
	}
	if (p & ~0x4000fu)
		return UMBRA_PV_UNDEF;
	if (spsr) {
		if (user_or_system(c->regs->cpsr))
			return UMBRA_PV_UNDEF;
		c->r[reg] = *spsr_of(c->regs);
	} else {
		c->r[reg] = c->regs->cpsr & MRS_CPSR_MASK;
	}
	store_regs(c);
	return UMBRA_PV_DONE;
}

static int pv_msr_imm(struct pv_ctx *c, u32 p)
{
	if (p & ~0x1ffffu)
		return UMBRA_PV_UNDEF;
	return pv_msr(c, GET(p, UMBRA_PV_MSR_IMM_R),
		      GET(p, UMBRA_PV_MSR_IMM_MASK),
		      umbra_arm_expand_imm(GET(p, UMBRA_PV_MSR_IMM_IMM12)));
}

/* Shift(R[m], DecodeImmShift(type, imm5), APSR.C) (A8.4.3) */
static u32 imm_shift(u32 v, u32 type, u32 imm5, bool carry)
{
	switch (type) {
	case 0:		/* LSL */
		return v << imm5;
	case 1:		/* LSR, #0 is #32 */
		return imm5 ? v >> imm5 : 0;
	case 2:		/* ASR, #0 is #32 */
		return (u32)((s32)v >> (imm5 ? imm5 : 31));
	default:	/* ROR, #0 is RRX */
		return imm5 ? ror32(v, imm5) : (v >> 1) | ((u32)carry << 31);
	}
}

/* AddWithCarry(x, y, carry), the result only (A2.2.1) */
static u32 add_c(u32 x, u32 y, bool carry)
{
	return x + y + carry;
}

/* SUBS PC, LR and related instructions (B9.3): classes 4 and 5 */
static int pv_dp_pc(struct pv_ctx *c, u32 p, bool reg_form)
{
	u32 opcode = GET(p, UMBRA_PV_DP_OPCODE), op = GET(p, UMBRA_PV_DP_OPERAND);
	u32 rn = c->r[GET(p, UMBRA_PV_DP_RN)], op2, result, cpsr, pc;
	bool carry = c->regs->cpsr & PSR_C;

	if (user_or_system(c->regs->cpsr))
		return UMBRA_PV_UNDEF;
	if (reg_form) {
		if (op & 0x10)		/* register-shifted register */
			return UMBRA_PV_UNDEF;
		op2 = imm_shift(c->r[op & 0xf], (op >> 5) & 3, op >> 7, carry);
	} else {
		op2 = umbra_arm_expand_imm(op);
	}
	switch (opcode) {
	case 0x0:
		result = rn & op2;
		break;
	case 0x1:
		result = rn ^ op2;
		break;
	case 0x2:
		result = add_c(rn, ~op2, true);
		break;
	case 0x3:
		result = add_c(~rn, op2, true);
		break;
	case 0x4:
		result = add_c(rn, op2, false);
		break;
	case 0x5:
		result = add_c(rn, op2, carry);
		break;
	case 0x6:
		result = add_c(rn, ~op2, carry);
		break;
	case 0x7:
		result = add_c(~rn, op2, carry);
		break;
	case 0xc:
		result = rn | op2;
		break;
	case 0xd:
		result = op2;
		break;
	case 0xe:
		result = rn & ~op2;
		break;
	case 0xf:
		result = ~op2;
		break;
	default:	/* TST, TEQ, CMP, CMN: not an exception return */
		return UMBRA_PV_UNDEF;
	}
	if (eret_state(c->regs->cpsr, *spsr_of(c->regs), result, &cpsr, &pc))
		return UMBRA_PV_UNDEF;
	c->regs->cpsr = cpsr;
	c->regs->pc = pc;
	return UMBRA_PV_DONE;
}

/* Address of the first word of LDM/STM/RFE/SRS (wordhigher: P == U) */
static u32 block_addr(u32 base, bool p, bool u, unsigned int words)
{
	u32 addr = u ? base : base - 4 * words;

	return p == u ? addr + 4 : addr;
}

/* SRS: LR and SPSR of the current mode to the stack of another mode */
static int pv_srs(struct pv_ctx *c, u32 p)
{
	bool pre = GET(p, UMBRA_PV_RFE_SRS_P), up = GET(p, UMBRA_PV_RFE_SRS_U);
	u32 mode = GET(p, UMBRA_PV_RFE_SRS_MODE), w[2], *bank, addr;
	int ret;

	if ((p & 0xffe0u) || user_or_system(c->regs->cpsr) ||
	    !umbra_psr_mode_valid(mode))
		return UMBRA_PV_UNDEF;
	bank = umbra_regs_bank(c->regs, mode);
	addr = block_addr(bank[0], pre, up, 2);
	w[0] = c->r[14];
	w[1] = *spsr_of(c->regs);
	ret = write_words(c, addr, w, 2);
	if (ret)
		return ret;
	if (GET(p, UMBRA_PV_RFE_SRS_W))
		bank[0] += up ? 8 : -8;
	return UMBRA_PV_DONE;
}

/* RFE: PC and CPSR from memory */
static int pv_rfe(struct pv_ctx *c, u32 p)
{
	bool pre = GET(p, UMBRA_PV_RFE_SRS_P), up = GET(p, UMBRA_PV_RFE_SRS_U);
	bool wback = GET(p, UMBRA_PV_RFE_SRS_W);
	u32 w[2], addr, cpsr, pc;
	int ret;

	if ((p & 0xfff0u) || GET(p, UMBRA_PV_RFE_SRS_RN) == 15)
		return UMBRA_PV_UNDEF;
	addr = block_addr(c->r[GET(p, UMBRA_PV_RFE_SRS_RN)], pre, up, 2);
	ret = read_words(c, addr, w, 2);
	if (ret)
		return ret;
	if (eret_state(c->regs->cpsr, w[1], w[0], &cpsr, &pc))
		return UMBRA_PV_UNDEF;
	if (wback) {
		c->r[GET(p, UMBRA_PV_RFE_SRS_RN)] += up ? 8 : -8;
		store_regs(c);
	}
	c->regs->cpsr = cpsr;
	c->regs->pc = pc;
	return UMBRA_PV_DONE;
}

static unsigned int list_words(u32 list)
{
	unsigned int n = 0;

	for (; list; list &= list - 1)
		n++;
	return n;
}

/* LDM/STM (User registers): classes 8-11, no writeback (W is 0) */
static int pv_ldstm_user(struct pv_ctx *c, u32 cls, u32 p)
{
	u32 list = GET(p, UMBRA_PV_LDSTM_LIST), rn = GET(p, UMBRA_PV_LDSTM_RN);
	unsigned int n = list_words(list), i, k;
	bool load = cls >= UMBRA_SVC_LDM_USER;
	u32 w[15], addr;
	int ret;

	if (user_or_system(c->regs->cpsr) || rn == 15 || !list)
		return UMBRA_PV_UNDEF;
	addr = block_addr(c->r[rn], cls & UMBRA_PV_LDSTM_CLASS_P,
			  GET(p, UMBRA_PV_LDSTM_U), n);
	if (!load) {
		for (i = 0, k = 0; i < 15; i++)
			if (list & (1u << i))
				w[k++] = c->regs->usr_regs[i];
		return write_words(c, addr, w, n);
	}
	ret = read_words(c, addr, w, n);
	if (ret)
		return ret;
	for (i = 0, k = 0; i < 15; i++)
		if (list & (1u << i))
			c->regs->usr_regs[i] = w[k++];
	return UMBRA_PV_DONE;
}

/* LDM (exception return): classes 12-15 */
static int pv_ldm_eret(struct pv_ctx *c, u32 cls, u32 p)
{
	u32 list = GET(p, UMBRA_PV_LDSTM_LIST), rn = GET(p, UMBRA_PV_LDSTM_RN);
	bool wback = GET(p, UMBRA_PV_LDSTM_W);
	bool up = cls & UMBRA_PV_LDM_ERET_CLASS_U;
	unsigned int n = list_words(list) + 1, i, k;
	u32 w[16], addr, cpsr, pc;
	int ret;

	if (user_or_system(c->regs->cpsr) || rn == 15 ||
	    (wback && (list & (1u << rn))))
		return UMBRA_PV_UNDEF;
	addr = block_addr(c->r[rn], cls & UMBRA_PV_LDM_ERET_CLASS_P, up, n);
	ret = read_words(c, addr, w, n);
	if (ret)
		return ret;
	if (eret_state(c->regs->cpsr, *spsr_of(c->regs), w[n - 1], &cpsr,
		       &pc))
		return UMBRA_PV_UNDEF;
	if (wback)
		c->r[rn] += up ? 4 * n : -4 * n;
	for (i = 0, k = 0; i < 15; i++)
		if (list & (1u << i))
			c->r[i] = w[k++];
	store_regs(c);
	c->regs->cpsr = cpsr;
	c->regs->pc = pc;
	return UMBRA_PV_DONE;
}

/**
 * umbra_pv_emulate() - emulate one paravirtual sensitive instruction.
 * @regs:  guest registers, in a virtual privileged mode and ARM state;
 *         @regs->pc is the address of the SVC (the original instruction's).
 *         Updated in place on UMBRA_PV_DONE only: the PC advanced by 4, or
 *         set by an exception return.
 * @imm24: the SVC's immediate, of class 1-15
 *         (include/uapi/linux/umbra_hypercall.h)
 * @mem:   guest virtual memory, accessed with the guest kernel's PL1 rights
 * @fault: out, for UMBRA_PV_ABORT and UMBRA_PV_NOT_RAM: the DFSR (WnR
 *         included) and DFAR the guest must see
 *
 * The SVC's condition has already passed (the CPU evaluated it).
 *
 * Return: UMBRA_PV_DONE; UMBRA_PV_UNDEF for class 0 or 7, a payload with
 * reserved bits set, Thumb state, and every case the original's
 * pseudocode makes UNPREDICTABLE or UNDEFINED at PL1 (see the top of this
 * file); UMBRA_PV_ABORT for an alignment or MMU fault of a load or store;
 * UMBRA_PV_NOT_RAM when an access maps to an IPA that is not writable (or
 * for loads, readable) guest RAM.
 */
int umbra_pv_emulate(struct umbra_regs *regs, u32 imm24,
		     const struct umbra_pv_mem *mem,
		     struct umbra_pv_fault *fault)
{
	struct pv_ctx c = { .regs = regs, .mem = mem, .fault = fault };
	u32 cls = UMBRA_SVC_CLASS(imm24), p = UMBRA_SVC_PAYLOAD(imm24);
	u32 old_pc = regs->pc;
	int ret;

	if ((regs->cpsr & UMBRA_PSR_T) || !umbra_psr_mode_valid(regs->cpsr) ||
	    (regs->cpsr & UMBRA_PSR_MODE_MASK) == UMBRA_PSR_MODE_USR)
		return UMBRA_PV_UNDEF;
	load_regs(&c);
	switch (cls) {
	case UMBRA_SVC_CPS:
		ret = pv_cps(&c, p);
		break;
	case UMBRA_SVC_MRS_MSR:
		ret = pv_mrs_msr(&c, p);
		break;
	case UMBRA_SVC_MSR_IMM:
		ret = pv_msr_imm(&c, p);
		break;
	case UMBRA_SVC_DP_PC_IMM:
	case UMBRA_SVC_DP_PC_REG:
		return pv_dp_pc(&c, p, cls == UMBRA_SVC_DP_PC_REG);
	case UMBRA_SVC_RFE_SRS:
		if (!GET(p, UMBRA_PV_RFE_SRS_SRS))
			return pv_rfe(&c, p);
		ret = pv_srs(&c, p);
		break;
	case UMBRA_SVC_STM_USER:
	case UMBRA_SVC_STM_USER + 1:
	case UMBRA_SVC_LDM_USER:
	case UMBRA_SVC_LDM_USER + 1:
		ret = pv_ldstm_user(&c, cls, p);
		break;
	case UMBRA_SVC_LDM_ERET:
	case UMBRA_SVC_LDM_ERET + 1:
	case UMBRA_SVC_LDM_ERET + 2:
	case UMBRA_SVC_LDM_ERET + 3:
		return pv_ldm_eret(&c, cls, p);
	default:
		return UMBRA_PV_UNDEF;
	}
	if (ret == UMBRA_PV_DONE)
		regs->pc = old_pc + 4;
	return ret;
}
