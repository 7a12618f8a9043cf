// SPDX-License-Identifier: GPL-2.0
/*
 * CP15 trap-and-emulate. The guest kernel runs in PL0, where MRC/MCR to
 * CP15 are Undefined except for a few user-mode registers and barriers
 * (ARM ARM B3.17.1, Table B3-42); from its virtual privileged modes they
 * are decoded and emulated here against struct umbra_cp15:
 *
 * - identification registers read as the host's, minus the Security and
 *   Virtualization Extensions (ID_PFR1), with MPIDR giving the vCPU id;
 * - translation registers (SCTLR, TTBR0/1, TTBCR, DACR, CONTEXTIDR) are
 *   stored; TTBR0 and CONTEXTIDR select a cached address space, the
 *   others drop the shadow tables when they change what translates;
 * - TLB maintenance becomes unmap (by VA), unmap by ASID or unmap_all;
 * - cache and branch predictor maintenance and CP15 barriers are no-ops:
 *   guest and host share coherent, physically indexed data caches, and the
 *   I-cache and branch predictor are invalidated at every guest entry;
 * - fault status/address registers, VBAR, PRRR/NMRR, thread ID registers
 *   are stored; CPACR keeps cp10/cp11 (umbra_vfp_cpacr()).
 *
 * Anything else is a virtual Undefined Instruction exception.
 */
#include <linux/irqflags.h>

#include "umbra.h"
#include "core/exception.h"
#include "core/vcpu_regs.h"

#define K(opc1, crn, crm, opc2) UMBRA_CP15_KEY(opc1, crn, crm, opc2)

#define HOST_READ(opc1, crn, crm, opc2) ({				\
	u32 __v;							\
	asm volatile("mrc p15, " #opc1 ", %0, " #crn ", " #crm ", " #opc2 \
		     : "=r" (__v));					\
	__v;								\
})

/*
 * CCSIDR of the cache @csselr selects (B4.1.19). The guest's CSSELR only
 * reaches the host's CSSELR when it selects a cache the host's CLIDR
 * describes: a reserved bit or an absent cache level would make the host
 * read UNKNOWN (or UNPREDICTABLE) values. For those umbra returns 0, its
 * choice of the architecturally UNKNOWN value.
 */
static u32 umbra_host_ccsidr(u32 csselr)
{
	unsigned long flags;
	u32 old, v;

	if (!umbra_csselr_valid(csselr, HOST_READ(1, c0, c0, 1)))
		return 0;
	local_irq_save(flags);
	old = HOST_READ(2, c0, c0, 0);
	asm volatile("mcr p15, 2, %0, c0, c0, 0\n isb" : : "r" (csselr));
	v = HOST_READ(1, c0, c0, 0);
	asm volatile("mcr p15, 2, %0, c0, c0, 0\n isb" : : "r" (old));
	local_irq_restore(flags);
	return v;
}

/* Identification registers (B4.1.89 MIDR, B4.1.106 MPIDR, B4.1.93ff). */
static int umbra_cp15_read_id(struct umbra_vcpu *vcpu, u32 key, u32 *val)
{
	switch (key) {
	case K(0, 0, 0, 0):	/* MIDR */
		*val = HOST_READ(0, c0, c0, 0);
		break;
	case K(0, 0, 0, 1):	/* CTR */
		*val = HOST_READ(0, c0, c0, 1);
		break;
	case K(0, 0, 0, 2):					/* TCMTR */
	case K(0, 0, 0, 3):					/* TLBTR */
	case K(0, 0, 0, 6):	/* REVIDR */
		*val = 0;
		break;
	case K(0, 0, 0, 5):	/* MPIDR */
		*val = (1u << 31) | vcpu->id;
		break;
	case K(0, 0, 1, 0):
		*val = HOST_READ(0, c0, c1, 0);
		break;
	/*
	 * ID_PFR1: no Security, no Virtualization Extensions; the Generic
	 * Timer (v1, [19:16]) once the VM has an irqchip (vtimer.c)
	 */
	case K(0, 0, 1, 1):
		*val = (HOST_READ(0, c0, c1, 1) & 0xf0f) |
		       (umbra_vgic_present(vcpu->vm) ? 1u << 16 : 0);
		break;
	case K(0, 0, 1, 2):	/* ID_DFR0: no debug */
		*val = 0;
		break;
	case K(0, 0, 1, 3):	/* ID_AFR0 */
		*val = 0;
		break;
	case K(0, 0, 1, 4):	/* ID_MMFR0: VMSAv7 without PXN or LPAE */
		*val = (HOST_READ(0, c0, c1, 4) & ~0xfu) | 3;
		break;
	case K(0, 0, 1, 5):
		*val = HOST_READ(0, c0, c1, 5);
		break;
	case K(0, 0, 1, 6):
		*val = HOST_READ(0, c0, c1, 6);
		break;
	case K(0, 0, 1, 7):
		*val = HOST_READ(0, c0, c1, 7);
		break;
	case K(0, 0, 2, 0):
		*val = HOST_READ(0, c0, c2, 0);
		break;
	case K(0, 0, 2, 1):
		*val = HOST_READ(0, c0, c2, 1);
		break;
	case K(0, 0, 2, 2):
		*val = HOST_READ(0, c0, c2, 2);
		break;
	case K(0, 0, 2, 3):
		*val = HOST_READ(0, c0, c2, 3);
		break;
	case K(0, 0, 2, 4):
		*val = HOST_READ(0, c0, c2, 4);
		break;
	case K(0, 0, 2, 5):
		*val = HOST_READ(0, c0, c2, 5);
		break;
	case K(1, 0, 0, 0):
		*val = umbra_host_ccsidr(vcpu->cp15.csselr);
		break;
	case K(1, 0, 0, 1):	/* CLIDR */
		*val = HOST_READ(1, c0, c0, 1);
		break;
	case K(1, 0, 0, 7):	/* AIDR */
		*val = 0;
		break;
	case K(2, 0, 0, 0):
		*val = vcpu->cp15.csselr;
		break;
	default:
		return -ENOENT;
	}
	return 0;
}

/* Registers held in struct umbra_cp15, by key; NULL if not one. */
static u32 *umbra_cp15_reg(struct umbra_cp15 *c, u32 key)
{
	switch (key) {
	case K(0, 1, 0, 0): return &c->mmu.sctlr;
	case K(0, 1, 0, 2): return &c->cpacr;
	case K(0, 2, 0, 0): return &c->mmu.ttbr0;
	case K(0, 2, 0, 1): return &c->mmu.ttbr1;
	case K(0, 2, 0, 2): return &c->mmu.ttbcr;
	case K(0, 3, 0, 0): return &c->mmu.dacr;
	case K(0, 5, 0, 0): return &c->dfsr;
	case K(0, 5, 0, 1): return &c->ifsr;
	case K(0, 6, 0, 0): return &c->dfar;
	case K(0, 6, 0, 2): return &c->ifar;
	case K(0, 10, 2, 0): return &c->prrr;
	case K(0, 10, 2, 1): return &c->nmrr;
	case K(0, 12, 0, 0): return &c->vbar;
	case K(0, 13, 0, 1): return &c->mmu.contextidr;
	case K(0, 13, 0, 2): return &c->tpidrurw;
	case K(0, 13, 0, 3): return &c->tpidruro;
	case K(0, 13, 0, 4): return &c->tpidrprw;
	case K(2, 0, 0, 0): return &c->csselr;
	default:
		return NULL;
	}
}

/* Write-only operations: TLB, cache and barrier maintenance (B4.2). */
static int umbra_cp15_operation(struct umbra_vcpu *vcpu, u32 key, u32 val)
{
	switch (key) {
	case K(0, 8, 3, 0): case K(0, 8, 3, 2):	/* TLBIALLIS, TLBIASIDIS */
	case K(0, 8, 3, 1): case K(0, 8, 3, 3):	/* TLBIMVAIS, TLBIMVAAIS */
		/* the other vCPUs drop everything: more than enough */
		umbra_mmu_unmap_all_others(vcpu);
		if (key == K(0, 8, 3, 1) || key == K(0, 8, 3, 3))
			umbra_mmu_unmap_va(vcpu, val);
		else if (key == K(0, 8, 3, 2))
			umbra_mmu_unmap_asid(vcpu, val & 0xff);
		else
			umbra_mmu_unmap_all(vcpu);
		return 0;
	case K(0, 8, 7, 0):				/* TLBIALL */
	case K(0, 8, 5, 0): case K(0, 8, 6, 0):	/* I/DTLBIALL */
		umbra_mmu_unmap_all(vcpu);
		return 0;
	case K(0, 8, 7, 2):				/* TLBIASID */
	case K(0, 8, 5, 2): case K(0, 8, 6, 2):	/* I/DTLBIASID */
		umbra_mmu_unmap_asid(vcpu, val & 0xff);
		return 0;
	case K(0, 8, 7, 1): case K(0, 8, 7, 3):	/* TLBIMVA, TLBIMVAA */
	case K(0, 8, 5, 1): case K(0, 8, 6, 1):	/* I/DTLBIMVA */
		umbra_mmu_unmap_va(vcpu, val);
		return 0;
	case K(0, 7, 5, 0): case K(0, 7, 5, 1):	/* ICIALLU, ICIMVAU */
	case K(0, 7, 1, 0):			/* ICIALLUIS */
	case K(0, 7, 5, 6): case K(0, 7, 5, 7):	/* BPIALL, BPIMVA */
	case K(0, 7, 1, 6):			/* BPIALLIS */
	case K(0, 7, 5, 4):			/* CP15ISB */
	case K(0, 7, 10, 4): case K(0, 7, 10, 5): /* CP15DSB, CP15DMB */
	case K(0, 7, 6, 1): case K(0, 7, 6, 2):	/* DCIMVAC, DCISW */
	case K(0, 7, 10, 1): case K(0, 7, 10, 2): /* DCCMVAC, DCCSW */
	case K(0, 7, 11, 1):			/* DCCMVAU */
	case K(0, 7, 14, 1): case K(0, 7, 14, 2): /* DCCIMVAC, DCCISW */
		return 0;
	default:
		return -ENOENT;
	}
}

static void umbra_cp15_write_reg(struct umbra_vcpu *vcpu, u32 key, u32 *reg,
				 u32 val)
{
	struct umbra_cp15 *c = &vcpu->cp15;
	u32 old = *reg;

	switch (key) {
	case K(0, 1, 0, 0):
		val = (val & UMBRA_SCTLR_GUEST_MASK) |
		      (UMBRA_SCTLR_RESET & ~UMBRA_SCTLR_GUEST_MASK);
		break;
	case K(0, 1, 0, 2):	/* CPACR: cp10/cp11 only (vfp.c) */
		val = umbra_vfp_cpacr(val);
		break;
	case K(0, 2, 0, 2):
		val &= 0x37;	/* N, PD0, PD1; EAE (LPAE) not offered */
		break;
	case K(0, 12, 0, 0):
		val &= ~0x1fu;
		break;
	case K(2, 0, 0, 0):	/* CSSELR: Level and InD only */
		val &= UMBRA_CSSELR_MASK;
		break;
	case K(0, 13, 0, 3):
		vcpu->host.guest_tpidruro = val;
		break;
	case K(0, 13, 0, 2):
		vcpu->host.guest_tpidrurw = val;
		break;
	}
	*reg = val;
	if (val == old)
		return;
	/*
	 * What all cached address spaces share changed: nothing shadowed so
	 * far stays valid. A new TTBR0 or ASID only selects another cached
	 * address space, at the next entry (umbra_mmu_select()).
	 */
	if (reg == &c->mmu.ttbr1 || reg == &c->mmu.ttbcr ||
	    reg == &c->mmu.dacr ||
	    (reg == &c->mmu.sctlr &&
	     ((old ^ val) & (UMBRA_SCTLR_M | UMBRA_SCTLR_AFE))))
		umbra_mmu_unmap_all(vcpu);
}

/**
 * umbra_cp15_get() - read a virtual CP15 register.
 * @vcpu: the vCPU
 * @key:  UMBRA_CP15_KEY(opc1, CRn, CRm, opc2)
 * @val:  out: the value, as MRC would return it
 *
 * Return: 0, or -ENOENT when umbra has no such register.
 */
int umbra_cp15_get(struct umbra_vcpu *vcpu, u32 key, u32 *val)
{
	u32 *reg = umbra_cp15_reg(&vcpu->cp15, key);

	if (reg == &vcpu->cp15.tpidrurw)	/* the guest writes it in PL0 */
		vcpu->cp15.tpidrurw = vcpu->host.guest_tpidrurw;
	if (!reg)
		return umbra_cp15_read_id(vcpu, key, val);
	*val = *reg;
	return 0;
}

/**
 * umbra_cp15_set() - write a virtual CP15 register, as MCR would
 * (read-only bits keep their values; a new translation regime drops the
 * shadow tables).
 * @vcpu: the vCPU
 * @key:  UMBRA_CP15_KEY(opc1, CRn, CRm, opc2)
 * @val:  the value
 *
 * Return: 0; -EINVAL for an identification (read-only) register; -ENOENT
 * when umbra has no such register.
 */
int umbra_cp15_set(struct umbra_vcpu *vcpu, u32 key, u32 val)
{
	u32 *reg = umbra_cp15_reg(&vcpu->cp15, key), id;

	if (reg) {
		umbra_cp15_write_reg(vcpu, key, reg, val);
		return 0;
	}
	return umbra_cp15_read_id(vcpu, key, &id) ? -ENOENT : -EINVAL;
}

static int umbra_cp15_access(struct umbra_vcpu *vcpu,
			     const struct umbra_cp15_access *acc)
{
	u32 phys[15], val;

	umbra_regs_to_phys(&vcpu->regs, phys);
	if (acc->read) {
		if (umbra_cp15_get(vcpu, acc->key, &val))
			return -ENOENT;
		phys[acc->rt] = val;
		umbra_regs_from_phys(&vcpu->regs, phys);
		return 0;
	}
	if (umbra_cp15_reg(&vcpu->cp15, acc->key))
		return umbra_cp15_set(vcpu, acc->key, phys[acc->rt]);
	return umbra_cp15_operation(vcpu, acc->key, phys[acc->rt]);
}

/**
 * umbra_emulate_cp15() - emulate a trapped instruction if it is an MRC or
 * MCR to CP15 issued from a virtual privileged mode.
 * @vcpu: the vCPU; its PC is the instruction's address
 * @insn: the instruction (Thumb: first halfword in bits [31:16])
 *
 * An MRC or MCR whose condition (A1: bits [31:28]; T1: the IT block's)
 * fails against the guest's CPSR flags does nothing but advance the PC
 * (ARM ARM A8.3 "Conditional execution"), whatever register it names.
 * In Thumb state the IT block advances (A2.5.2, ITAdvance()).
 *
 * Return: 0 when emulated or skipped (PC advanced), -ENOENT when it is not
 * an instruction umbra emulates (the caller makes it Undefined).
 */
int umbra_emulate_cp15(struct umbra_vcpu *vcpu, u32 insn)
{
	u32 cpsr = vcpu->regs.cpsr;
	bool thumb = cpsr & UMBRA_PSR_T;
	struct umbra_cp15_access acc;

	if (!umbra_mode_privileged(cpsr) ||
	    umbra_decode_cp15(insn, thumb, &acc))
		return -ENOENT;
	if (umbra_condition_passed(umbra_insn_cond(insn, thumb, cpsr), cpsr) &&
	    umbra_cp15_access(vcpu, &acc))
		return -ENOENT;
	vcpu->regs.cpsr = umbra_it_advance(vcpu->regs.cpsr);
	vcpu->regs.pc += 4;	/* A1 and T1 encodings are both 32 bits */
	return 0;
}
