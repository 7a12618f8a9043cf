// SPDX-License-Identifier: GPL-2.0
/*
 * Banked register selection for the guest's virtual mode (ARM ARM B1.3.2,
 * Figure B1-2 "ARM core registers, PSRs, and ELR_hyp, showing register
 * banking").
 */
#include "vcpu_regs.h"

/**
 * umbra_psr_mode_valid() - is the mode field of @cpsr a PL0/PL1 mode of
 * an ARMv7-A processor without Hyp and Monitor modes?
 * @cpsr: a CPSR or SPSR value
 */
bool umbra_psr_mode_valid(u32 cpsr)
{
	switch (cpsr & UMBRA_PSR_MODE_MASK) {
	case UMBRA_PSR_MODE_USR:
	case UMBRA_PSR_MODE_FIQ:
	case UMBRA_PSR_MODE_IRQ:
	case UMBRA_PSR_MODE_SVC:
	case UMBRA_PSR_MODE_ABT:
	case UMBRA_PSR_MODE_UND:
	case UMBRA_PSR_MODE_SYS:
		return true;
	default:
		return false;
	}
}

/**
 * umbra_regs_bank() - the banked SP, LR (and SPSR) of a mode.
 * @regs: guest registers
 * @mode: a valid mode (UMBRA_PSR_MODE_*)
 *
 * Return: a pointer to {SP, LR, SPSR} for exception modes, to {SP, LR}
 * (usr_regs[13], usr_regs[14]) for USR and SYS.
 */
u32 *umbra_regs_bank(struct umbra_regs *regs, u32 mode)
{
	switch (mode & UMBRA_PSR_MODE_MASK) {
	case UMBRA_PSR_MODE_FIQ:
		return &regs->fiq_regs[5];
	case UMBRA_PSR_MODE_IRQ:
		return regs->irq_regs;
	case UMBRA_PSR_MODE_SVC:
		return regs->svc_regs;
	case UMBRA_PSR_MODE_ABT:
		return regs->abt_regs;
	case UMBRA_PSR_MODE_UND:
		return regs->und_regs;
	default:
		return &regs->usr_regs[13];
	}
}

/**
 * umbra_regs_to_phys() - the physical r0-r14 for running the guest in its
 * current virtual mode (taken from @regs->cpsr).
 * @regs: guest registers
 * @phys: out: r0-r12, SP, LR
 */
void umbra_regs_to_phys(const struct umbra_regs *regs, u32 phys[15])
{
	u32 mode = regs->cpsr & UMBRA_PSR_MODE_MASK;
	const u32 *bank = umbra_regs_bank((struct umbra_regs *)regs, mode);

	memcpy(phys, regs->usr_regs, 13 * sizeof(u32));
	if (mode == UMBRA_PSR_MODE_FIQ)
		memcpy(&phys[8], regs->fiq_regs, 5 * sizeof(u32));
	phys[13] = bank[0];
	phys[14] = bank[1];
}

/**
 * umbra_regs_from_phys() - store the physical r0-r14 back into the banks
 * of the guest's current virtual mode.
 * @regs: guest registers
 * @phys: r0-r12, SP, LR as the guest left them
 */
void umbra_regs_from_phys(struct umbra_regs *regs, const u32 phys[15])
{
	u32 mode = regs->cpsr & UMBRA_PSR_MODE_MASK;
	u32 *bank = umbra_regs_bank(regs, mode);

	if (mode == UMBRA_PSR_MODE_FIQ) {
		memcpy(regs->usr_regs, phys, 8 * sizeof(u32));
		memcpy(regs->fiq_regs, &phys[8], 5 * sizeof(u32));
	} else {
		memcpy(regs->usr_regs, phys, 13 * sizeof(u32));
	}
	bank[0] = phys[13];
	bank[1] = phys[14];
}

/**
 * umbra_regs_check() - validate registers userspace wants to set.
 * @regs: proposed guest registers
 *
 * Return: 0, or -EINVAL when the CPSR mode is not a PL0/PL1 mode or the J
 * bit (Jazelle) is set. CPSR.E (big-endian data, SETEND BE) is allowed.
 */
int umbra_regs_check(const struct umbra_regs *regs)
{
	if (!umbra_psr_mode_valid(regs->cpsr))
		return -EINVAL;
	if (regs->cpsr & UMBRA_PSR_J)
		return -EINVAL;
	return 0;
}
