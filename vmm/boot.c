// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-vmm: the guest boot protocol's initial register state.
 *
 * At entry (guest MMU off, so VA == IPA):
 *   PC     = ELF entry, bit 0 cleared; bit 0 set selects Thumb (CPSR.T)
 *   CPSR   = SVC mode, asynchronous aborts, IRQs and FIQs masked (A, I, F)
 *   r0     = RAM base IPA
 *   r1     = RAM size in bytes
 *   r2     = 0 (IPA of a device tree; none yet)
 *   SP_svc = RAM base + RAM size (top of RAM; a full-descending stack)
 */
#include "boot.h"

/**
 * boot_set_regs() - set the boot protocol's registers
 * @regs:     registers to update, as read with UMBRA_GET_REGS; the fields
 *            the protocol does not name are left alone
 * @entry:    ELF entry point (IPA), bit 0 set for a Thumb entry
 * @ram_base: IPA of the first byte of guest RAM
 * @ram_size: size of guest RAM in bytes; @ram_base + @ram_size <= 4 GiB
 *
 * If RAM ends at exactly 4 GiB, SP_svc wraps to 0, which is still right for
 * a full-descending stack: the first push stores at 0xfffffffc.
 */
void boot_set_regs(struct umbra_regs *regs, uint32_t entry,
		   uint64_t ram_base, uint64_t ram_size)
{
	regs->pc = entry & ~1u;
	regs->cpsr = UMBRA_PSR_MODE_SVC | UMBRA_PSR_A | UMBRA_PSR_I |
		     UMBRA_PSR_F;
	if (entry & 1)
		regs->cpsr |= UMBRA_PSR_T;
	regs->usr_regs[0] = (uint32_t)ram_base;
	regs->usr_regs[1] = (uint32_t)ram_size;
	regs->usr_regs[2] = 0;
	regs->svc_regs[0] = (uint32_t)(ram_base + ram_size);
}
