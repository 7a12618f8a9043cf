/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * umbra hypercall ABI, shared by the module, the VMM and guests.
 *
 * A guest makes a hypercall with SVC #0 while in a virtual privileged
 * mode, using the register usage of ARM's SMC Calling Convention
 * (ARM DEN 0028): function ID in r0, arguments in r1-r6, results in r0-r3.
 * r4-r14 are preserved. Function IDs are SMC32 fast calls in the "vendor
 * specific hypervisor service" range (owning entity 6): 0x86000000 | n.
 *
 * SVC #1 in a virtual privileged mode is an exception return, like
 * MOVS PC, LR at PL1: PC <- LR and CPSR <- SPSR of the current mode, no
 * other register changed. SVC in virtual User mode is a system call: a
 * virtual SVC exception into the guest's vectors.
 *
 * This header has no includes so that guest toolchains without Linux
 * headers can use it. See Documentation/hypercalls.rst.
 */
#ifndef _UAPI_LINUX_UMBRA_HYPERCALL_H
#define _UAPI_LINUX_UMBRA_HYPERCALL_H

#define UMBRA_HC_BASE			0x86000000u

/* Handled by the module: 0x86000000 - 0x860000ff. */
/* r0 <- ABI version, (major << 16) | minor */
#define UMBRA_HC_VERSION		(UMBRA_HC_BASE + 0x00)
/* r1 = function ID; r0 <- 0 if implemented, NOT_SUPPORTED if not */
#define UMBRA_HC_FEATURES		(UMBRA_HC_BASE + 0x01)
/* r1 = exit status; the vCPU stops with UMBRA_EXIT_SHUTDOWN. */
#define UMBRA_HC_SHUTDOWN		(UMBRA_HC_BASE + 0x02)
/*
 * Virtual CPU state a guest kernel cannot reach from PL0 (MRS/MSR of the
 * CPSR and SPSR, CPS): r0 <- the value, or 0 / INVALID_PARAMETER.
 */
/* r0 <- the virtual CPSR (mode, masks, flags) */
#define UMBRA_HC_GET_CPSR		(UMBRA_HC_BASE + 0x03)
/* r1 = mode[4:0], F[6], I[7], A[8]: like CPS / MSR CPSR_c at PL1 */
#define UMBRA_HC_SET_CPSR_C		(UMBRA_HC_BASE + 0x04)
/* r0 <- SPSR of the current mode */
#define UMBRA_HC_GET_SPSR		(UMBRA_HC_BASE + 0x05)
/* r1 = new SPSR of the current mode */
#define UMBRA_HC_SET_SPSR		(UMBRA_HC_BASE + 0x06)

/*
 * r0 <- bits [31:0], r1 <- bits [63:32] of the virtual clock: nanoseconds
 * since the VM was created, counting while it is not running too.
 */
#define UMBRA_HC_CLOCK			(UMBRA_HC_BASE + 0x07)

/*
 * Paravirtual MMU operations (the seed model's flush, flush all, switch,
 * enable/disable MMU and map) and the scheduler: r0 <- 0 or an SMCCC
 * error; r1-r3 unchanged. Each acts on the calling vCPU only.
 */
/* r1 = MVA[31:12] | ASID[7:0], as TLBIMVA: drop that page's shadow entries */
#define UMBRA_HC_TLB_FLUSH_VA		(UMBRA_HC_BASE + 0x08)
/* r1 = ASID[7:0], as TLBIASID: drop that ASID's address spaces */
#define UMBRA_HC_TLB_FLUSH_ASID		(UMBRA_HC_BASE + 0x09)
/* as TLBIALL: drop every shadow entry of the vCPU */
#define UMBRA_HC_TLB_FLUSH_ALL		(UMBRA_HC_BASE + 0x0a)
/* r1 = TTBR0, r2 = CONTEXTIDR, written together (a context switch) */
#define UMBRA_HC_SWITCH_AS		(UMBRA_HC_BASE + 0x0b)
/* r1 = 1: SCTLR.M = 1 (MMU on), 0: SCTLR.M = 0 (MMU off) */
#define UMBRA_HC_SET_MMU		(UMBRA_HC_BASE + 0x0c)
/* give the host CPU up (the host scheduler picks what runs next) */
#define UMBRA_HC_YIELD			(UMBRA_HC_BASE + 0x0d)
/* r1 = VA, r2 = UMBRA_HC_MAP_*: shadow the page now, as a fault would */
#define UMBRA_HC_MAP			(UMBRA_HC_BASE + 0x0e)
#define UMBRA_HC_MAP_READ		0
#define UMBRA_HC_MAP_WRITE		1
#define UMBRA_HC_MAP_EXEC		2

/* Forwarded to userspace as UMBRA_EXIT_HYPERCALL: 0x86000100 - 0x8600ffff. */
#define UMBRA_HC_VMM_FIRST		(UMBRA_HC_BASE + 0x100)
#define UMBRA_HC_VMM_LAST		(UMBRA_HC_BASE + 0xffff)
/* r1 = IPA of buffer, r2 = length in bytes; r0 <- bytes written or error */
#define UMBRA_HC_CONSOLE_WRITE		(UMBRA_HC_BASE + 0x100)
/* r1 = IPA of buffer, r2 = capacity in bytes; r0 <- bytes read, 0 at EOF */
#define UMBRA_HC_CONSOLE_READ		(UMBRA_HC_BASE + 0x101)
/* r0 <- bits [31:0], r1 <- bits [63:32] of the host's CLOCK_REALTIME in ns */
#define UMBRA_HC_WALLCLOCK		(UMBRA_HC_BASE + 0x102)

#define UMBRA_HC_ABI_VERSION		0x00010002u	/* 1.2 */

/*
 * SVC immediates (ARM, imm24) in a virtual privileged mode. Class 0 is
 * umbra's own operations; classes 1-15 stand for a sensitive instruction
 * that does not trap at PL0, rewritten by tools/umbra-patch (the SVC keeps
 * the original's condition field). Documentation/hypercalls.rst has each
 * payload's fields.
 */
#define UMBRA_SVC_CLASS_SHIFT		20
#define UMBRA_SVC_CLASS(imm)		(((imm) >> 20) & 0xf)
#define UMBRA_SVC_PAYLOAD(imm)		((imm) & 0xfffff)
#define UMBRA_SVC_HYPERCALL		0x000000	/* SMCCC, ID in r0 */
#define UMBRA_SVC_ERET			0x000001	/* PC=LR, CPSR=SPSR */
#define UMBRA_SVC_WFI			0x000002	/* WFI: sleep */
#define UMBRA_SVC_WFE			0x000003	/* WFE: a yield */
#define UMBRA_SVC_CPS			0x1	/* CPS */
#define UMBRA_SVC_MRS_MSR		0x2	/* MRS; MSR (register) */
#define UMBRA_SVC_MSR_IMM		0x3	/* MSR (immediate) */
#define UMBRA_SVC_DP_PC_IMM		0x4	/* SUBS PC, LR, #imm & co */
#define UMBRA_SVC_DP_PC_REG		0x5	/* MOVS PC, LR & co */
#define UMBRA_SVC_RFE_SRS		0x6	/* RFE; SRS */
/*		class 0x7 reserved */
#define UMBRA_SVC_STM_USER		0x8	/* 0x8-0x9: STM (user regs) */
#define UMBRA_SVC_LDM_USER		0xa	/* 0xa-0xb: LDM (user regs) */
#define UMBRA_SVC_LDM_ERET		0xc	/* 0xc-0xf: LDM (exc. return) */

/*
 * svc imm24 of class @cls with payload @p. A payload field is a mask of
 * the payload below: UMBRA_SVC_GET(p, UMBRA_PV_CPS_MODE) reads it,
 * UMBRA_SVC_PUT(UMBRA_PV_CPS_MODE, v) places value v in it.
 */
#define UMBRA_SVC_IMM(cls, p)		(((cls) << 20) | ((p) & 0xfffff))
#define UMBRA_SVC_GET(p, mask)		(((p) & (mask)) / ((mask) & -(mask)))
#define UMBRA_SVC_PUT(mask, v)		(((v) * ((mask) & -(mask))) & (mask))

/*
 * Payload fields of each class. The SVC's condition is the original's;
 * the unconditional originals (CPS, RFE, SRS) become an always (AL) SVC.
 */
/* 0x1 CPS: the original's bits [19:0] (imod, M, A, I, F, mode) */
#define UMBRA_PV_CPS_IMOD		0x000c0000u
#define UMBRA_PV_CPS_M			0x00020000u
#define UMBRA_PV_CPS_A			0x00000100u
#define UMBRA_PV_CPS_I			0x00000080u
#define UMBRA_PV_CPS_F			0x00000040u
#define UMBRA_PV_CPS_MODE		0x0000001fu
/* 0x2 MRS Rd, CPSR/SPSR (MSR = 0); MSR CPSR/SPSR_<mask>, Rn (MSR = 1) */
#define UMBRA_PV_MRS_MSR_MSR		0x00080000u
#define UMBRA_PV_MRS_MSR_R		0x00040000u	/* 1: SPSR */
#define UMBRA_PV_MRS_MSR_MASK		0x00000f00u	/* MSR: f s x c */
#define UMBRA_PV_MRS_MSR_REG		0x0000000fu	/* Rd (MRS), Rn (MSR) */
/* 0x3 MSR CPSR/SPSR_<mask>, #imm */
#define UMBRA_PV_MSR_IMM_R		0x00010000u
#define UMBRA_PV_MSR_IMM_MASK		0x0000f000u
#define UMBRA_PV_MSR_IMM_IMM12		0x00000fffu	/* ARMExpandImm() */
/* 0x4 <op>S PC, Rn, #imm; 0x5 <op>S PC, Rn, Rm{, shift #n} */
#define UMBRA_PV_DP_OPCODE		0x000f0000u	/* original [24:21] */
#define UMBRA_PV_DP_RN			0x0000f000u
#define UMBRA_PV_DP_OPERAND		0x00000fffu	/* imm12; imm5:type:0:Rm */
/* 0x6 RFE{DA,DB,IA,IB} Rn{!} (SRS = 0); SRS{..} SP{!}, #mode (SRS = 1) */
#define UMBRA_PV_RFE_SRS_SRS		0x00080000u
#define UMBRA_PV_RFE_SRS_P		0x00040000u
#define UMBRA_PV_RFE_SRS_U		0x00020000u
#define UMBRA_PV_RFE_SRS_W		0x00010000u
#define UMBRA_PV_RFE_SRS_RN		0x0000000fu	/* RFE */
#define UMBRA_PV_RFE_SRS_MODE		0x0000001fu	/* SRS */
/*
 * 0x8-0xb STM/LDM Rn, {r0-r14}^ (class bit 0 = P): U, Rn, register list.
 * 0xc-0xf LDM Rn{!}, {..., pc}^ (class bits [1:0] = P, U): W, Rn, list.
 */
#define UMBRA_PV_LDSTM_U		0x00080000u	/* 0x8-0xb */
#define UMBRA_PV_LDSTM_W		0x00080000u	/* 0xc-0xf */
#define UMBRA_PV_LDSTM_RN		0x00078000u
#define UMBRA_PV_LDSTM_LIST		0x00007fffu	/* bit i: ri, r0-r14 */
#define UMBRA_PV_LDSTM_CLASS_P		0x1	/* class bit: P */
#define UMBRA_PV_LDM_ERET_CLASS_U	0x1	/* 0xc-0xf: class bit 0 = U */
#define UMBRA_PV_LDM_ERET_CLASS_P	0x2	/* 0xc-0xf: class bit 1 = P */

/* SMCCC return codes (ARM DEN 0028, section 5.2). */
#define UMBRA_SMCCC_RET_SUCCESS			0
#define UMBRA_SMCCC_RET_NOT_SUPPORTED		(-1)
#define UMBRA_SMCCC_RET_NOT_REQUIRED		(-2)
#define UMBRA_SMCCC_RET_INVALID_PARAMETER	(-3)

#endif /* _UAPI_LINUX_UMBRA_HYPERCALL_H */
