// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-vmm: taking a virtual Data Abort on behalf of the guest.
 *
 * A store to a UMBRA_MEM_READONLY region exits as MMIO with the store
 * complete (the PC past it). For a reader's store to a shared region the
 * VMM then does what the processor does on a permission fault (ARM ARM
 * B1.9.6 Data Abort exception, B1.8.3 exception entry): DFSR and DFAR
 * (UMBRA_SET_ONE_REG), SPSR_abt = CPSR, LR_abt = the store's address + 8,
 * CPSR in Abort mode with A and I set, T = SCTLR.TE, E = SCTLR.EE, IT and
 * J cleared, and the PC at the Data Abort vector, VBAR + 0x10 (0xffff0010
 * with SCTLR.V). The store's address is the PC less its length: 4 in ARM
 * state; in Thumb state 4 if the halfword at PC - 4 is the first half of
 * a 32-bit store (A6.3), else 2.
 */
#include "abort.h"

#define PSR_MODE_MASK	0x1fu
#define PSR_MODE_ABT	0x17u
#define PSR_T		(1u << 5)
#define PSR_F		(1u << 6)
#define PSR_I		(1u << 7)
#define PSR_A		(1u << 8)
#define PSR_E		(1u << 9)
#define PSR_IT_LOW	(0x3fu << 10)
#define PSR_J		(1u << 24)
#define PSR_IT_HIGH	(3u << 25)

#define SCTLR_V		(1u << 13)
#define SCTLR_EE	(1u << 25)
#define SCTLR_TE	(1u << 30)

/**
 * abort_thumb_store_len() - length of a Thumb store from its first halfword
 * @hw: the halfword at PC - 4 (the PC being past the store)
 *
 * Return: 4 if @hw is the first halfword of a 32-bit single store, STR,
 * STRB or STRH (T2-T4: 0b11111000 x xx 0 Rn, L = 0), else 2.
 */
unsigned int abort_thumb_store_len(uint16_t hw)
{
	return (hw & 0xff10u) == 0xf800u ? 4 : 2;
}

/**
 * abort_enter() - take a Data Abort exception in @r
 * @r:        the guest's core registers, the PC past the faulting store
 * @sctlr:    its SCTLR
 * @vbar:     its VBAR
 * @insn_len: the store's length in bytes (2 or 4)
 */
void abort_enter(struct umbra_regs *r, uint32_t sctlr, uint32_t vbar,
		 unsigned int insn_len)
{
	uint32_t insn = r->pc - insn_len;
	uint32_t cpsr = r->cpsr;

	r->abt_regs[2] = cpsr;		/* SPSR_abt */
	r->abt_regs[1] = insn + 8;	/* LR_abt */
	cpsr &= ~(PSR_MODE_MASK | PSR_T | PSR_E | PSR_IT_LOW | PSR_J |
		  PSR_IT_HIGH);
	cpsr |= PSR_MODE_ABT | PSR_A | PSR_I;
	if (sctlr & SCTLR_TE)
		cpsr |= PSR_T;
	if (sctlr & SCTLR_EE)
		cpsr |= PSR_E;
	r->cpsr = cpsr;
	r->pc = ((sctlr & SCTLR_V) ? 0xffff0000u : vbar) + 0x10;
}
