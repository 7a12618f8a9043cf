/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest's virtual CP15 (system control coprocessor) state and the
 * decoding of the MRC/MCR instructions that reach it. A guest kernel runs
 * in PL0, where every CP15 access but a few user-mode ones is Undefined:
 * umbra decodes the trapped instruction and emulates it against this state
 * (ARM ARM B3.17 "Organization of the CP15 registers in a VMSA
 * implementation", B4.2 for the operations).
 */
#ifndef UMBRA_CORE_CP15_H
#define UMBRA_CORE_CP15_H

#include "types.h"
#include "walk.h"

/**
 * struct umbra_cp15 - virtual CP15 registers of one vCPU.
 * @mmu:       the registers that shape translation (SCTLR, TTBRs, TTBCR,
 *             DACR, CONTEXTIDR)
 * @dfsr:      data fault status register
 * @ifsr:      instruction fault status register
 * @dfar:      data fault address register
 * @ifar:      instruction fault address register
 * @vbar:      vector base address
 * @prrr:      primary region remap register (stored only)
 * @nmrr:      normal memory remap register (stored only)
 * @tpidrurw:  user read/write thread ID register
 * @tpidruro:  user read-only thread ID register
 * @tpidrprw:  PL1-only thread ID register
 * @cpacr:     coprocessor access control (cp10/cp11 gate the guest's VFP)
 * @csselr:    cache size selection
 */
struct umbra_cp15 {
	struct umbra_mmu_regs mmu;
	u32 dfsr, ifsr, dfar, ifar;
	u32 vbar;
	u32 prrr, nmrr;
	u32 tpidrurw, tpidruro, tpidrprw;
	u32 cpacr;
	u32 csselr;
};

/* SCTLR bits (B4.1.130) */
#define UMBRA_SCTLR_M		(1u << 0)
#define UMBRA_SCTLR_A		(1u << 1)
#define UMBRA_SCTLR_V		(1u << 13)
#define UMBRA_SCTLR_EE		(1u << 25)
#define UMBRA_SCTLR_TRE		(1u << 28)
#define UMBRA_SCTLR_AFE		(1u << 29)
#define UMBRA_SCTLR_TE		(1u << 30)
/* What a guest may change; the rest reads as the reset value below. */
#define UMBRA_SCTLR_GUEST_MASK	(UMBRA_SCTLR_M | (1u << 1) | (1u << 2) | \
				 (1u << 11) | (1u << 12) | UMBRA_SCTLR_V | \
				 UMBRA_SCTLR_TRE | UMBRA_SCTLR_AFE | \
				 UMBRA_SCTLR_TE)
#define UMBRA_SCTLR_RESET	0x00c50078u

/**
 * struct umbra_cp15_access - a decoded MRC/MCR to CP15.
 * @read:  MRC (CP15 to Rt) rather than MCR
 * @rt:    the ARM core register
 * @key:   UMBRA_CP15_KEY(opc1, CRn, CRm, opc2) of the register/operation
 */
struct umbra_cp15_access {
	bool read;
	u8 rt;
	u32 key;
};

#define UMBRA_CP15_KEY(opc1, crn, crm, opc2) \
	(((opc1) << 12) | ((crn) << 8) | ((crm) << 4) | (opc2))

/* CSSELR (B4.1.41): Level [3:1], InD [0]; the other bits are reserved */
#define UMBRA_CSSELR_MASK	0xfu

int umbra_decode_cp15(u32 insn, bool thumb, struct umbra_cp15_access *acc);
bool umbra_csselr_valid(u32 csselr, u32 clidr);
void umbra_cp15_reset(struct umbra_cp15 *cp15);

#endif /* UMBRA_CORE_CP15_H */
