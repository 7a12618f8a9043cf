// SPDX-License-Identifier: GPL-2.0
/*
 * Exception entry and return for the guest's virtual CPU, after the
 * pseudocode of ARM ARM B1.9 (TakeUndefInstrException, TakeSVCException,
 * TakePrefetchAbortException, TakeDataAbortException, TakePhysicalIRQ/FIQ
 * Exception) for a processor without Security or Virtualization Extensions
 * visible to the guest.
 */
#include "exception.h"
#include "vcpu_regs.h"

struct vexc_info {
	u8 mode;
	u8 vector;
	u8 lr_arm, lr_thumb;	/* LR = preferred return address + this */
	bool mask_a, mask_f;
};

/* B1.8.1 Table B1-3 (vectors), B1.8.3 Table B1-7 (LR offsets). */
static const struct vexc_info vexc_info[] = {
	[UMBRA_VEXC_UND]  = { UMBRA_PSR_MODE_UND, 0x04, 4, 2, false, false },
	[UMBRA_VEXC_SVC]  = { UMBRA_PSR_MODE_SVC, 0x08, 0, 0, false, false },
	[UMBRA_VEXC_PABT] = { UMBRA_PSR_MODE_ABT, 0x0c, 4, 4, true, false },
	[UMBRA_VEXC_DABT] = { UMBRA_PSR_MODE_ABT, 0x10, 8, 8, true, false },
	[UMBRA_VEXC_IRQ]  = { UMBRA_PSR_MODE_IRQ, 0x18, 4, 4, true, false },
	[UMBRA_VEXC_FIQ]  = { UMBRA_PSR_MODE_FIQ, 0x1c, 4, 4, true, true },
};

#define PSR_IT_MASK	0x0600fc00u

/**
 * umbra_mode_privileged() - is @cpsr's mode a PL1 mode (not User)?
 * @cpsr: a CPSR value with a valid mode
 */
bool umbra_mode_privileged(u32 cpsr)
{
	return (cpsr & UMBRA_PSR_MODE_MASK) != UMBRA_PSR_MODE_USR;
}

/**
 * umbra_condition_passed() - does a condition hold for the NZCV flags of
 * @cpsr? (ARM ARM A8.3 "Conditional execution", ConditionPassed())
 * @cond: the 4-bit condition; 0b1110 (AL) and 0b1111 always pass
 * @cpsr: a CPSR value (flags N [31], Z [30], C [29], V [28])
 */
bool umbra_condition_passed(u32 cond, u32 cpsr)
{
	bool n = cpsr & (1u << 31), z = cpsr & (1u << 30);
	bool c = cpsr & (1u << 29), v = cpsr & (1u << 28);
	bool r;

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
		return true;
	}
	/* odd conditions are the inverse, except 0b1111 (A8.3) */
	return (cond & 1) ? !r : r;
}

/* ITSTATE (A2.5.2): IT[7:2] in CPSR[15:10], IT[1:0] in CPSR[26:25]. */
static u32 umbra_itstate(u32 cpsr)
{
	return (((cpsr >> 10) & 0x3f) << 2) | ((cpsr >> 25) & 3);
}

/**
 * umbra_insn_cond() - the condition an instruction executes under.
 * @insn:  the instruction (Thumb: first halfword in bits [31:16])
 * @thumb: the instruction is in Thumb state
 * @cpsr:  the CPSR it executes with
 *
 * Return: ARM state: @insn[31:28]; Thumb state: ITSTATE[7:4] inside an
 * IT block (ITSTATE[3:0] != 0, A8.8.54 "IT"), else 0b1110 (always).
 */
u32 umbra_insn_cond(u32 insn, bool thumb, u32 cpsr)
{
	u32 it = umbra_itstate(cpsr);

	if (!thumb)
		return insn >> 28;
	return (it & 0xf) ? it >> 4 : 0xe;
}

/**
 * umbra_it_advance() - @cpsr after a Thumb instruction executed (or was
 * skipped for its condition) without an exception: ITAdvance() of ARM ARM
 * A2.5.2. Outside an IT block, and in ARM state, @cpsr is unchanged.
 * @cpsr: the CPSR the instruction executed with
 *
 * Return: the new CPSR.
 */
u32 umbra_it_advance(u32 cpsr)
{
	u32 it = umbra_itstate(cpsr);

	if (!(cpsr & UMBRA_PSR_T) || !(it & 0xf))
		return cpsr;
	if (!(it & 7))
		it = 0;
	else
		it = (it & 0xe0) | ((it << 1) & 0x1f);
	return (cpsr & ~PSR_IT_MASK) | ((it >> 2) << 10) | ((it & 3) << 25);
}

/**
 * umbra_exception_vector() - the guest virtual address of a vector: VBAR
 * or 0xffff0000 (SCTLR.V, "high vectors") plus the exception's offset.
 * @cp15: the guest's CP15
 * @exc:  the exception
 */
u32 umbra_exception_vector(const struct umbra_cp15 *cp15, enum umbra_vexc exc)
{
	u32 base = (cp15->mmu.sctlr & UMBRA_SCTLR_V) ? 0xffff0000u :
		   (cp15->vbar & ~0x1fu);

	return base + vexc_info[exc].vector;
}

/**
 * umbra_exception_enter() - take an exception into the guest.
 * @regs:        guest registers, updated in place
 * @cp15:        guest CP15 (VBAR, SCTLR.V, SCTLR.TE)
 * @exc:         the exception
 * @pref_return: its preferred return address (B1.8.3): the instruction
 *               for Undefined and aborts, the next one for SVC, IRQ, FIQ
 *
 * Saves CPSR in the new mode's SPSR and the return link in its LR, switches
 * mode, masks IRQs (and asynchronous aborts, and FIQs for FIQ), clears IT
 * and J, sets T from SCTLR.TE and E from SCTLR.EE (B1.9, e.g.
 * TakeUndefInstrException(): CPSR.E = SCTLR.EE) and jumps to the vector. Fault status and
 * address registers are the caller's.
 */
void umbra_exception_enter(struct umbra_regs *regs,
			   const struct umbra_cp15 *cp15, enum umbra_vexc exc,
			   u32 pref_return)
{
	const struct vexc_info *info = &vexc_info[exc];
	bool thumb = regs->cpsr & UMBRA_PSR_T;
	u32 old = regs->cpsr, *bank;

	regs->cpsr = (old & ~(UMBRA_PSR_MODE_MASK | UMBRA_PSR_T | UMBRA_PSR_J |
			      UMBRA_PSR_E | PSR_IT_MASK)) |
		     info->mode | UMBRA_PSR_I;
	if (cp15->mmu.sctlr & UMBRA_SCTLR_EE)
		regs->cpsr |= UMBRA_PSR_E;
	if (info->mask_a)
		regs->cpsr |= UMBRA_PSR_A;
	if (info->mask_f)
		regs->cpsr |= UMBRA_PSR_F;
	if (cp15->mmu.sctlr & UMBRA_SCTLR_TE)
		regs->cpsr |= UMBRA_PSR_T;
	bank = umbra_regs_bank(regs, info->mode);
	bank[1] = pref_return + (thumb ? info->lr_thumb : info->lr_arm);
	bank[2] = old;
	regs->pc = umbra_exception_vector(cp15, exc);
}

/**
 * umbra_exception_return() - return from an exception: CPSR from the
 * current mode's SPSR and PC from @new_pc, as SUBS PC, LR or RFE do
 * (B1.8.10 "Exception return").
 * @regs:   guest registers, updated in place
 * @new_pc: return address; aligned to the new instruction set state
 *
 * Return: 0; -EINVAL in User or System mode (no SPSR) or when the SPSR
 * holds a mode that is not a PL0/PL1 mode, with @regs unchanged.
 */
int umbra_exception_return(struct umbra_regs *regs, u32 new_pc)
{
	u32 mode = regs->cpsr & UMBRA_PSR_MODE_MASK;
	u32 spsr;

	if (mode == UMBRA_PSR_MODE_USR || mode == UMBRA_PSR_MODE_SYS)
		return -EINVAL;
	spsr = umbra_regs_bank(regs, mode)[2];
	if (!umbra_psr_mode_valid(spsr) || (spsr & UMBRA_PSR_J))
		return -EINVAL;
	regs->cpsr = spsr;	/* E included: SETEND state survives */
	regs->pc = new_pc & ((spsr & UMBRA_PSR_T) ? ~1u : ~3u);
	return 0;
}
